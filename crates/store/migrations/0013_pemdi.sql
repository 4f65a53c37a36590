-- Pemdi 2026 as it is evaluated: decimal indicator values, the evidence items (butir) of each
-- level, other agencies' indices, and the stages of the year's evaluation.

-- The value an assessor gave (exact decimal text, e.g. '2.5'), for frameworks of decimal
-- values; NULL: none given, the value follows from the level, the butir or an index.
ALTER TABLE assessment ADD COLUMN value TEXT;

-- One butir of a period: complete or not, and what the national portal's evaluators returned
-- for it (diterima, or revisi with a reason). A butir without a row is not complete.
CREATE TABLE butir (
    period_id     TEXT NOT NULL REFERENCES period(id) ON DELETE CASCADE,
    butir_id      TEXT NOT NULL,             -- I{indicator}.L{level}.{position}
    indicator     TEXT NOT NULL,
    complete      INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    review        TEXT CHECK (review IN ('diterima', 'revisi')),
    review_reason TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (period_id, butir_id),
    CHECK (review IS NOT 'revisi' OR review_reason <> '')
);

-- The evidence (files or URLs of the same indicator) that backs a butir.
CREATE TABLE butir_evidence (
    period_id   TEXT NOT NULL,
    butir_id    TEXT NOT NULL,
    evidence_id TEXT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (period_id, butir_id, evidence_id),
    FOREIGN KEY (period_id, butir_id) REFERENCES butir(period_id, butir_id) ON DELETE CASCADE
);

-- Another agency's published index for a period (e.g. the SDI of Bappenas), exact decimal text.
CREATE TABLE external_index_value (
    period_id  TEXT NOT NULL REFERENCES period(id) ON DELETE CASCADE,
    index_id   TEXT NOT NULL,
    value      TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (period_id, index_id)
);

-- The dates of the evaluation's stages in a period (YYYY-MM-DD), as the office sets them.
CREATE TABLE period_stage (
    period_id TEXT NOT NULL REFERENCES period(id) ON DELETE CASCADE,
    stage     TEXT NOT NULL CHECK (stage IN ('penilaian_mandiri', 'dokumen', 'interviu', 'visitasi')),
    starts    TEXT,
    ends      TEXT,
    PRIMARY KEY (period_id, stage)
);
