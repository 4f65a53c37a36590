-- The national benchmark: the results KemenPAN-RB published for an evaluation year, one row per
-- institution as published, with its index recomputed from D1–D4 and the Kemendagri code its
-- name matched; and the coordinator's own matches, kept when the year is imported again.

CREATE TABLE benchmark_year (
    year        INTEGER PRIMARY KEY,
    framework   TEXT NOT NULL,            -- id@version whose domain weights recomputed the indices
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE benchmark_row (
    year               INTEGER NOT NULL REFERENCES benchmark_year(year),
    line               INTEGER NOT NULL,  -- the row's line in its file (the header is line 1)
    section            TEXT NOT NULL,
    no                 INTEGER NOT NULL,
    instansi           TEXT NOT NULL,     -- as printed
    jenis              TEXT NOT NULL,     -- as printed
    d1                 TEXT NOT NULL,
    d2                 TEXT NOT NULL,
    d3                 TEXT NOT NULL,
    d4                 TEXT NOT NULL,
    index_value        TEXT NOT NULL,     -- as published
    predicate          TEXT NOT NULL,     -- as published
    computed_index     TEXT NOT NULL,
    computed_predicate TEXT NOT NULL,
    consistent         INTEGER NOT NULL,  -- the published index is within 0.01 of the computed one
    kind               TEXT NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota', 'instansi_pusat')),
    code               TEXT,
    matched_by         TEXT NOT NULL CHECK (matched_by IN ('name', 'manual', 'none', 'central')),
    PRIMARY KEY (year, line),
    CHECK ((code IS NULL) = (matched_by IN ('none', 'central')))
);
-- A government is one row of a year.
CREATE UNIQUE INDEX benchmark_row_code ON benchmark_row(year, code) WHERE code IS NOT NULL;

CREATE TABLE benchmark_match (
    year       INTEGER NOT NULL,
    name_key   TEXT NOT NULL,             -- livinglab_core::published::name_key of the printed name
    instansi   TEXT NOT NULL,             -- the name as printed when the match was made
    code       TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    PRIMARY KEY (year, name_key)
);
