-- Who submitted an answer for verification, and whether the one who verified it was the same
-- person (a small office may have one operator: then the answer is *self-verified*, recorded
-- and shown as such). An answer submitted before this migration has no known submitter.
ALTER TABLE assessment ADD COLUMN submitted_by TEXT;
ALTER TABLE assessment ADD COLUMN self_verified INTEGER NOT NULL DEFAULT 0 CHECK (self_verified IN (0, 1));
