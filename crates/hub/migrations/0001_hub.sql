-- Sumedang's hub: the regions' keys, the packages received, the files they hold (stored once
-- by SHA-256 across all regions), and the hub's own audit trail (the workspace's chain rule).

CREATE TABLE schema_history (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    app_version TEXT NOT NULL
);

CREATE TABLE schema_compat (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    min_reader INTEGER NOT NULL
);
INSERT INTO schema_compat (singleton, min_reader) VALUES (1, 1);

CREATE TABLE hub (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    id              TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    audit_head_seq  INTEGER NOT NULL DEFAULT 0,
    audit_head_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- A region's public key: 'registered' (fingerprint confirmed from the enrolment letter),
-- 'first_seen' (accepted, shown in red until confirmed), 'revoked'.
CREATE TABLE region_key (
    key_id       TEXT PRIMARY KEY,
    region_code  TEXT NOT NULL,
    public_key   BLOB NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('registered', 'first_seen', 'revoked')),
    source       TEXT NOT NULL,             -- 'letter' or 'public_key'
    added_at     TEXT NOT NULL,
    confirmed_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX region_key_region ON region_key(region_code);

CREATE TABLE package (
    package_id      TEXT PRIMARY KEY,
    region_code     TEXT NOT NULL,
    period          INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    supersedes      TEXT,
    manifest_sha256 TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    key_id          TEXT NOT NULL REFERENCES region_key(key_id),
    manifest        TEXT NOT NULL,          -- the canonical manifest.json
    signature       BLOB NOT NULL,          -- manifest.sig
    index_value     TEXT NOT NULL,
    predicate       TEXT NOT NULL,
    followup_rate   TEXT NOT NULL,
    audit_head_seq  INTEGER NOT NULL,
    audit_head_hash TEXT NOT NULL,
    review          TEXT NOT NULL DEFAULT 'belum_ditinjau'
                    CHECK (review IN ('belum_ditinjau', 'diterima', 'perlu_revisi', 'ditolak')),
    file_name       TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    UNIQUE (region_code, period, seq)
);

CREATE TABLE blob (
    sha256    TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    stored_at TEXT NOT NULL
);

CREATE TABLE package_file (
    package_id TEXT NOT NULL REFERENCES package(package_id),
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blob(sha256),
    size       INTEGER NOT NULL,
    role       TEXT NOT NULL,
    PRIMARY KEY (package_id, path)
);
CREATE INDEX package_file_sha ON package_file(sha256);
