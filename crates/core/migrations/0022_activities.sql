-- Activities (issue 25, item 1): street presence, group work, theme days,
-- class talks and network meetings, counted by the young people and
-- adults they reached. Counts only: there is no column for a name, by
-- design. Synced like cafés (team scope); `owner` empty means the author.
CREATE TABLE activities (
    id            TEXT    PRIMARY KEY,
    date          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    school_id     TEXT    REFERENCES schools (id),
    area          TEXT    NOT NULL DEFAULT '',
    grades        TEXT    NOT NULL DEFAULT '[]',
    age_from      INTEGER,
    age_to        INTEGER,
    young         INTEGER NOT NULL CHECK (young >= 0),
    adults        INTEGER NOT NULL CHECK (adults >= 0),
    partners      TEXT    NOT NULL DEFAULT '[]',
    partner_other TEXT    NOT NULL DEFAULT '',
    theme         TEXT    NOT NULL DEFAULT '',
    notes         TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    owner         TEXT    DEFAULT '',
    hlc           INTEGER NOT NULL DEFAULT 0,
    clock         TEXT    NOT NULL DEFAULT '{}',
    CHECK (school_id IS NOT NULL OR area <> '')
);
CREATE INDEX activities_date ON activities (date);

-- The team's rule for how long activities are kept, in years after their
-- day. Optional in the synced rules record (NULL, from a device of an
-- older version, means the default of 5), so no row is rewritten.
ALTER TABLE team_rules ADD COLUMN activities_after_years INTEGER DEFAULT 5
    CHECK (activities_after_years IS NULL OR activities_after_years BETWEEN 1 AND 10);
