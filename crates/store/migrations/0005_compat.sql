-- The oldest schema version whose code may still read and write this file. Migrations that only
-- add leave it as it is; one that changes meaning raises it (see db.rs).
CREATE TABLE schema_compat (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    min_reader INTEGER NOT NULL
);
INSERT INTO schema_compat (singleton, min_reader) VALUES (1, 4);
