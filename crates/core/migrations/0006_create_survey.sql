-- The youth survey (Ungeprofilundersøgelsen): rounds and the classes taking
-- part. Counts per class only: there is no table or column for anything
-- about a single pupil, and rates are computed from the counts, never stored.
CREATE TABLE survey_rounds (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL,
    questionnaire   TEXT    NOT NULL CHECK (questionnaire IN ('grades7-9', 'youth-education')),
    window_from     TEXT    NOT NULL,
    window_to       TEXT    NOT NULL CHECK (window_to >= window_from),
    target_percent  INTEGER NOT NULL CHECK (target_percent BETWEEN 1 AND 100),
    small_threshold INTEGER NOT NULL CHECK (small_threshold BETWEEN 1 AND 10),
    hlc             INTEGER NOT NULL
);

CREATE TABLE survey_classes (
    id        TEXT    PRIMARY KEY,
    round_id  TEXT    NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
    school_id TEXT    NOT NULL REFERENCES schools (id),
    name      TEXT    NOT NULL,
    -- lower case without spaces and dots: "7.a" and "7A" are one class
    name_key  TEXT    NOT NULL,
    grade     INTEGER NOT NULL,
    enrolled  INTEGER NOT NULL CHECK (enrolled >= 0),
    answered  INTEGER NOT NULL CHECK (answered BETWEEN 0 AND enrolled),
    absent    INTEGER NOT NULL CHECK (absent BETWEEN 0 AND enrolled - answered),
    status    TEXT    NOT NULL
              CHECK (status IN ('not-started', 'in-progress', 'done', 'cannot-take-part')),
    reason    TEXT    NOT NULL DEFAULT '',
    taken_on  TEXT,
    hlc       INTEGER NOT NULL,
    UNIQUE (round_id, school_id, name_key)
);
CREATE INDEX survey_classes_school ON survey_classes (school_id);
