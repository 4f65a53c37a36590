-- The outbox: report packages on their way to Sumedang's hub over the network. A package is
-- 'sent' only with the hub's signed receipt; 'failed' is tried again at next_attempt_at;
-- 'refused' waits for the user (the hub said no, or its answer did not verify). A run holds
-- a 'sending' entry until claimed_until, so a run that crashed lets go of it.
CREATE TABLE outbox (
    package_id      TEXT PRIMARY KEY REFERENCES package(id),
    url             TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,                   -- JSON {code, params}: shown in the reader's language
    next_attempt_at TEXT,
    claimed_until   TEXT,
    receipt         TEXT,                   -- JSON: the hub's signed receipt, verified
    queued_at       TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    sent_at         TEXT
);
