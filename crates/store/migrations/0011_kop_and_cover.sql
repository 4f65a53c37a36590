-- The national emblem (Garuda Pancasila) the kop jabatan of a letter the head of region signs
-- carries, loaded once by the user: the app does not ship it.
ALTER TABLE profile ADD COLUMN national_emblem BLOB;
ALTER TABLE profile ADD COLUMN national_emblem_mime TEXT;
ALTER TABLE profile ADD COLUMN national_emblem_sha256 TEXT;

-- Documents gain the cover letter (surat pengantar) that goes with a report and its package to
-- Sumedang. The CHECK is widened by rebuilding the table with the same rows; code that reads a
-- document's kind as text lists a cover letter as it lists any other.
CREATE TABLE document_v11 (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('letter', 'report', 'enrolment', 'cover')),
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
INSERT INTO document_v11 SELECT id, kind, number, period_year, lang, title, data_json, data_sha256, pdf_sha256,
    status, signed_scan_sha256, signed_at, created_at, seal_key_id, tte_sha256, tte_report, tte_at FROM document;
DROP TABLE document;
ALTER TABLE document_v11 RENAME TO document;
CREATE INDEX document_kind ON document(kind, created_at);
