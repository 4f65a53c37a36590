-- Sumedang's reviews of received packages (docs/HUB-PROTOCOL.md, "Reviews"): each one signed by
-- the hub's key as it is given to the region, never changed; the newest one of a package is its
-- review state (package.review). Accepting a package locks its region's period until a
-- coordinator unlocks it with a reason.

CREATE TABLE review (
    review_id   TEXT PRIMARY KEY,
    package_id  TEXT NOT NULL REFERENCES package(package_id),
    state       TEXT NOT NULL CHECK (state IN ('diterima', 'perlu_revisi', 'ditolak')),
    reviewed_at TEXT NOT NULL,
    reviewed_by TEXT NOT NULL,
    document    TEXT NOT NULL,              -- canonical JSON, exactly the signed bytes
    signature   BLOB NOT NULL,
    key_id      TEXT NOT NULL
);
CREATE INDEX review_package ON review(package_id);
CREATE TRIGGER review_no_update BEFORE UPDATE ON review
BEGIN SELECT RAISE(ABORT, 'a review is never changed'); END;
CREATE TRIGGER review_no_delete BEFORE DELETE ON review
BEGIN SELECT RAISE(ABORT, 'a review is never removed'); END;

CREATE TABLE period_lock (
    region_code TEXT NOT NULL,
    period      INTEGER NOT NULL,
    package_id  TEXT NOT NULL REFERENCES package(package_id),
    locked_at   TEXT NOT NULL,
    PRIMARY KEY (region_code, period)
);
