CREATE TABLE schools (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    -- The name folded to lower case by the program (SQLite's NOCASE folds
    -- only ASCII, and Danish names start with Æ, Ø and Å).
    name_key   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    town       TEXT    NOT NULL,
    grade_from INTEGER,
    grade_to   INTEGER,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    hlc        INTEGER NOT NULL
);
CREATE UNIQUE INDEX schools_name_key ON schools (name_key);
