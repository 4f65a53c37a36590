-- Self-assessment: imported frameworks, periods, per-indicator answers, evidence.

-- Frameworks imported by the user (the shipped ones are compiled into the app).
CREATE TABLE framework (
    id           TEXT PRIMARY KEY,
    framework_id TEXT NOT NULL,
    version      TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    json         TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (framework_id, version)
);

-- An assessment period: a year assessed against one version of one framework.
CREATE TABLE period (
    id                TEXT PRIMARY KEY,
    year              INTEGER NOT NULL UNIQUE,
    framework_id      TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    target_index      TEXT,                -- exact decimal, e.g. '3.50'
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- The answer for one indicator in one period.
CREATE TABLE assessment (
    id           TEXT PRIMARY KEY,
    period_id    TEXT NOT NULL REFERENCES period(id) ON DELETE CASCADE,
    indicator    TEXT NOT NULL,
    level        INTEGER CHECK (level BETWEEN 1 AND 5),
    target       INTEGER CHECK (target BETWEEN 1 AND 5),
    fakta        TEXT NOT NULL DEFAULT '',
    analisis     TEXT NOT NULL DEFAULT '',
    owner_office TEXT NOT NULL DEFAULT '',
    owner_person TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'diajukan', 'terverifikasi')),
    verified_by  TEXT,
    verified_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (period_id, indicator)
);

-- A stored evidence file, content-addressed: the same bytes are stored once.
CREATE TABLE evidence_file (
    sha256        TEXT PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    size          INTEGER NOT NULL,
    mime          TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_at     TEXT NOT NULL
);

-- Evidence attached to an indicator of a period: a stored file or a URL.
CREATE TABLE evidence (
    id          TEXT PRIMARY KEY,
    period_id   TEXT NOT NULL REFERENCES period(id) ON DELETE CASCADE,
    indicator   TEXT NOT NULL,
    letter      TEXT NOT NULL,             -- a, b, c … within the indicator
    file_sha256 TEXT REFERENCES evidence_file(sha256),
    url         TEXT,
    name        TEXT NOT NULL,             -- original file name, or a title for a URL
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK ((file_sha256 IS NULL) <> (url IS NULL)),
    UNIQUE (period_id, indicator, letter)
);
CREATE INDEX evidence_period_indicator ON evidence(period_id, indicator);
CREATE INDEX evidence_file_sha ON evidence(file_sha256);
