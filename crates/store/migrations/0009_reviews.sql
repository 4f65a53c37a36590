-- Sumedang's reviews of this workspace's packages, as the hub signed them (taken back from a
-- review file or from the hub). Kept as they came; the newest one of a package is its state.
CREATE TABLE hub_review (
    review_id   TEXT PRIMARY KEY,
    package_id  TEXT NOT NULL REFERENCES package(id),
    state       TEXT NOT NULL CHECK (state IN ('diterima', 'perlu_revisi', 'ditolak')),
    reviewed_at TEXT NOT NULL,
    hub_key_id  TEXT NOT NULL,
    document    TEXT NOT NULL,              -- the canonical JSON the hub signed
    signature   BLOB NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX hub_review_package ON hub_review(package_id);
