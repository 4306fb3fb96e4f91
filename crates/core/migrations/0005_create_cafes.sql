-- Parent cafés and parent meetings. Counts only: there is no column for a
-- parent's name, by design.
CREATE TABLE cafes (
    id            TEXT    PRIMARY KEY,
    date          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('planned', 'held')),
    school_id     TEXT    REFERENCES schools (id),
    area          TEXT    NOT NULL DEFAULT '',
    grades        TEXT    NOT NULL DEFAULT '[]',
    kind          TEXT    NOT NULL,
    theme         TEXT    NOT NULL,
    theme_other   TEXT    NOT NULL DEFAULT '',
    partners      TEXT    NOT NULL DEFAULT '[]',
    partner_other TEXT    NOT NULL DEFAULT '',
    parents       INTEGER NOT NULL CHECK (parents >= 0),
    invited       INTEGER CHECK (invited IS NULL OR invited >= parents),
    raised        TEXT    NOT NULL DEFAULT '',
    notes         TEXT    NOT NULL DEFAULT '',
    author        TEXT    NOT NULL DEFAULT '',
    hlc           INTEGER NOT NULL,
    CHECK (school_id IS NOT NULL OR area <> '')
);
CREATE INDEX cafes_date ON cafes (date);

CREATE TABLE cafe_agreements (
    id      TEXT    PRIMARY KEY,
    cafe_id TEXT    NOT NULL REFERENCES cafes (id) ON DELETE CASCADE,
    text    TEXT    NOT NULL,
    revisit TEXT    NOT NULL,
    done    INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    hlc     INTEGER NOT NULL
);
CREATE INDEX cafe_agreements_cafe ON cafe_agreements (cafe_id);
