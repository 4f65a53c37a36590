-- Who the hub is on what it issues (its kop and officials, the emblem), and the documents it
-- issued (the recap report), each with the canonical data its verification code hashes.
CREATE TABLE hub_profile (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    region_code   TEXT NOT NULL,
    profile       TEXT NOT NULL,            -- livinglab_core::profile::Profile as JSON
    emblem        BLOB,
    emblem_mime   TEXT,
    emblem_sha256 TEXT,
    updated_at    TEXT NOT NULL
);

CREATE TABLE hub_document_counter (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

CREATE TABLE hub_document (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    number      TEXT NOT NULL UNIQUE,
    period      INTEGER,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    data_sha256 TEXT NOT NULL,
    data_json   TEXT NOT NULL,              -- the model's canonical JSON: what data_sha256 hashes
    pdf_sha256  TEXT NOT NULL REFERENCES blob(sha256),
    key_id      TEXT,                       -- the hub key that sealed the PDF
    created_at  TEXT NOT NULL
);
CREATE TRIGGER hub_document_no_update BEFORE UPDATE ON hub_document
BEGIN SELECT RAISE(ABORT, 'an issued document is never changed'); END;
CREATE TRIGGER hub_document_no_delete BEFORE DELETE ON hub_document
BEGIN SELECT RAISE(ABORT, 'an issued document is never changed'); END;
