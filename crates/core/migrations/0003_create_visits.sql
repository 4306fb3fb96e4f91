CREATE TABLE visits (
    id            TEXT    PRIMARY KEY,
    school_id     TEXT    NOT NULL REFERENCES schools (id),
    date          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('planned', 'done')),
    purpose       TEXT    NOT NULL,
    purpose_other TEXT    NOT NULL DEFAULT '',
    classes       TEXT    NOT NULL DEFAULT '[]',
    notes         TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    hlc           INTEGER NOT NULL
);
-- Covers the per-period counts (weekly summary) and lookups by date. Every
-- index costs an encrypted page per write, so there are only the ones a
-- consultant's few thousand records need; listing one school's visits scans.
CREATE INDEX visits_date ON visits (date, school_id, purpose, status);

CREATE TABLE follow_ups (
    id       TEXT    PRIMARY KEY,
    visit_id TEXT    NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    text     TEXT    NOT NULL,
    due      TEXT    NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    hlc      INTEGER NOT NULL
);
CREATE INDEX follow_ups_visit ON follow_ups (visit_id);
