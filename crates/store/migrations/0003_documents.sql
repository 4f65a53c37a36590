-- Documents issued from the workspace (commitment letters, progress reports), the settings
-- of letters, and the running numbers of each year.

CREATE TABLE document (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('letter', 'report')),
    number             TEXT NOT NULL,
    period_year        INTEGER,
    lang               TEXT NOT NULL,
    title              TEXT NOT NULL,
    data_json          TEXT NOT NULL,   -- the canonical data the PDF was made from
    data_sha256        TEXT NOT NULL,
    pdf_sha256         TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'signed')),
    signed_scan_sha256 TEXT REFERENCES evidence_file(sha256),
    signed_at          TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX document_kind ON document(kind, created_at);

-- The last running number used, per kind and year.
CREATE TABLE document_counter (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Settings of the workspace as JSON values by key (e.g. 'letter').
CREATE TABLE setting (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
