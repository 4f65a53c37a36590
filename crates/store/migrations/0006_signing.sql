-- Signatures. Private keys are never here: they stay in the OS keychain of each computer.

-- Every public key the workspace has sealed with, on any computer, with its seal certificate:
-- documents and packages made with a key that was replaced stay verifiable.
CREATE TABLE signing_key (
    key_id      TEXT PRIMARY KEY,
    algorithm   TEXT NOT NULL,
    public_key  BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    computer    TEXT NOT NULL,
    keystore    TEXT NOT NULL,
    certificate BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);

-- A key replaced while the old one was still there: a statement signed by both.
CREATE TABLE key_transition (
    id            TEXT PRIMARY KEY,
    old_key_id    TEXT NOT NULL REFERENCES signing_key(key_id),
    new_key_id    TEXT NOT NULL REFERENCES signing_key(key_id),
    statement     BLOB NOT NULL,
    old_signature BLOB NOT NULL,
    new_signature BLOB NOT NULL,
    created_at    TEXT NOT NULL
);

-- Root certificates the user added, beside the shipped ones (assets/trust).
CREATE TABLE trust_anchor (
    sha256   TEXT PRIMARY KEY,
    der      BLOB NOT NULL,
    subject  TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- Documents gain the enrolment letter of a key, the seal on each issued PDF, and the TTE-signed
-- PDF that came back with its verification. SQLite cannot widen a CHECK in place, so the table
-- is rebuilt with the same rows; code that knows only letters and reports reads and writes it
-- as before.
CREATE TABLE document_v6 (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('letter', 'report', 'enrolment')),
    number             TEXT NOT NULL,
    period_year        INTEGER,
    lang               TEXT NOT NULL,
    title              TEXT NOT NULL,
    data_json          TEXT NOT NULL,
    data_sha256        TEXT NOT NULL,
    pdf_sha256         TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'signed', 'tte')),
    signed_scan_sha256 TEXT REFERENCES evidence_file(sha256),
    signed_at          TEXT,
    created_at         TEXT NOT NULL,
    seal_key_id        TEXT REFERENCES signing_key(key_id),
    tte_sha256         TEXT REFERENCES evidence_file(sha256),
    tte_report         TEXT,
    tte_at             TEXT
);
INSERT INTO document_v6 (id, kind, number, period_year, lang, title, data_json, data_sha256, pdf_sha256,
                         status, signed_scan_sha256, signed_at, created_at)
    SELECT id, kind, number, period_year, lang, title, data_json, data_sha256, pdf_sha256,
           status, signed_scan_sha256, signed_at, created_at FROM document;
DROP TABLE document;
ALTER TABLE document_v6 RENAME TO document;
CREATE INDEX document_kind ON document(kind, created_at);
