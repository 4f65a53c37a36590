-- Follow-up (tindak lanjut): actions with their indicators, milestones and evidence, and the
-- practices a region added to the shipped catalogue.

CREATE TABLE action (
    id           TEXT PRIMARY KEY,
    period_id    TEXT NOT NULL REFERENCES period(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    practice_id  TEXT,                          -- the practice it replicates, if any
    owner_office TEXT NOT NULL DEFAULT '',
    owner_person TEXT NOT NULL DEFAULT '',
    start_date   TEXT,                          -- YYYY-MM-DD
    due_date     TEXT NOT NULL,                 -- YYYY-MM-DD
    status       TEXT NOT NULL DEFAULT 'rencana'
                 CHECK (status IN ('rencana', 'berjalan', 'selesai', 'tertunda', 'batal')),
    progress     INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    completed_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX action_period ON action(period_id);

-- The indicators an action should raise, and to which level.
CREATE TABLE action_indicator (
    action_id    TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    indicator    TEXT NOT NULL,
    target_level INTEGER CHECK (target_level BETWEEN 1 AND 5),
    PRIMARY KEY (action_id, indicator)
);

CREATE TABLE action_milestone (
    id        TEXT PRIMARY KEY,
    action_id TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    due_date  TEXT NOT NULL,
    done_at   TEXT,
    position  INTEGER NOT NULL
);

CREATE TABLE action_evidence (
    action_id   TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    evidence_id TEXT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, evidence_id)
);

-- Practices added by the region (same JSON shape as assets/practices/practices.json entries).
CREATE TABLE practice (
    id         TEXT PRIMARY KEY,
    json       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
