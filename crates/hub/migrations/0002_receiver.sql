-- The receiver (docs/HUB-PROTOCOL.md): the receipt each package got, issued once and given
-- again unchanged when the package is sent again; and the documents each package names, so
-- that the public verification page can answer for a document's QR code.

CREATE TABLE receipt (
    package_id TEXT PRIMARY KEY REFERENCES package(package_id),
    receipt    TEXT NOT NULL,              -- canonical JSON, exactly the signed bytes
    signature  BLOB NOT NULL,              -- DER ECDSA P-256 by the hub's key
    key_id     TEXT NOT NULL,
    issued_at  TEXT NOT NULL
);

CREATE TABLE received_document (
    document_id TEXT NOT NULL,
    package_id  TEXT NOT NULL REFERENCES package(package_id),
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL,
    data_sha256 TEXT NOT NULL,
    pdf_sha256  TEXT NOT NULL,
    status      TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    PRIMARY KEY (document_id, package_id)
);

-- Packages whose documents are indexed (those received before this table was made are
-- indexed when the receiver starts).
CREATE TABLE document_index (
    package_id TEXT PRIMARY KEY REFERENCES package(package_id)
);
