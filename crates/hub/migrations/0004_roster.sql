-- The regions Sumedang expects packages from (e.g. the signatories of the joint commitment),
-- and the date by which a period's package is due.
CREATE TABLE expected_region (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE period_due (
    period INTEGER PRIMARY KEY,
    due    TEXT NOT NULL                    -- YYYY-MM-DD
);
