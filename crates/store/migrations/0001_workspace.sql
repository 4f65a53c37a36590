-- A workspace: who it belongs to, its office profile, and its append-only audit trail.
-- Every record has a stable UUID (`id`) and UTC timestamps in RFC 3339.

CREATE TABLE workspace (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    id              TEXT NOT NULL UNIQUE,
    region_code     TEXT NOT NULL,
    region_name     TEXT NOT NULL,
    region_kind     TEXT NOT NULL CHECK (region_kind IN ('kabupaten', 'kota')),
    province_name   TEXT NOT NULL,
    is_sample       INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1)),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,  -- app version that created the workspace
    -- Head of the audit chain, kept with every append so that deleting the newest entries shows.
    audit_head_seq  INTEGER NOT NULL DEFAULT 0,
    audit_head_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE schema_history (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    app_version TEXT NOT NULL
);

CREATE TABLE profile (
    singleton          INTEGER PRIMARY KEY CHECK (singleton = 1),
    id                 TEXT NOT NULL UNIQUE,
    office_name        TEXT NOT NULL DEFAULT '',
    address            TEXT NOT NULL DEFAULT '',
    postal_code        TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    website            TEXT NOT NULL DEFAULT '',
    place              TEXT NOT NULL DEFAULT '',
    head_title         TEXT NOT NULL DEFAULT '',
    head_name          TEXT NOT NULL DEFAULT '',
    head_nip           TEXT NOT NULL DEFAULT '',
    head_rank          TEXT NOT NULL DEFAULT '',
    sekda_title        TEXT NOT NULL DEFAULT '',
    sekda_name         TEXT NOT NULL DEFAULT '',
    sekda_nip          TEXT NOT NULL DEFAULT '',
    sekda_rank         TEXT NOT NULL DEFAULT '',
    office_head_title  TEXT NOT NULL DEFAULT '',
    office_head_name   TEXT NOT NULL DEFAULT '',
    office_head_nip    TEXT NOT NULL DEFAULT '',
    office_head_rank   TEXT NOT NULL DEFAULT '',
    user_name          TEXT NOT NULL DEFAULT '',
    emblem             BLOB,
    emblem_mime        TEXT,
    emblem_sha256      TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

-- The audit trail: one row per change, chained by SHA-256 (see audit.rs for the hash input).
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
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
