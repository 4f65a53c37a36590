-- Report packages built for Sumedang. A built package is immutable: its row is never changed
-- or removed, and its seq only rises per period (a workspace belongs to one region).
CREATE TABLE package (
    id              TEXT PRIMARY KEY,           -- the package id (UUID) its manifest names
    period_year     INTEGER NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    supersedes      TEXT REFERENCES package(id),
    manifest_sha256 TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,              -- what "changed since the last package" compares
    key_id          TEXT NOT NULL,
    path            TEXT NOT NULL,              -- where the file was written when built
    size            INTEGER NOT NULL,
    files           INTEGER NOT NULL,
    manifest        TEXT NOT NULL,              -- the canonical manifest.json
    created_at      TEXT NOT NULL,
    UNIQUE (period_year, seq)
);

CREATE TRIGGER package_no_update BEFORE UPDATE ON package
BEGIN SELECT RAISE(ABORT, 'a built package is immutable'); END;
CREATE TRIGGER package_no_delete BEFORE DELETE ON package
BEGIN SELECT RAISE(ABORT, 'a built package is immutable'); END;
