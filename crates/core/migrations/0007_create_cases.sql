-- First-offence conversations: the most sensitive record in Feltbog.
--
-- A case is deleted for real when its deletion date comes (closing date plus
-- the years in the settings, or a postponed date): its rows here, its steps,
-- its change-log entries and, by secure_delete and VACUUM, the freed pages.
-- What stays is in `case_deletions` (number and date) and `case_access`
-- (number, words and dates): never anything written in the case.
CREATE TABLE cases (
    id               TEXT    PRIMARY KEY,
    number           TEXT    NOT NULL UNIQUE,
    journal          TEXT    NOT NULL DEFAULT '',
    initials         TEXT    NOT NULL,
    birth_year       INTEGER NOT NULL,
    school_id        TEXT    REFERENCES schools (id),
    cpr              TEXT    NOT NULL DEFAULT '',
    law              TEXT    NOT NULL,
    law_other        TEXT    NOT NULL DEFAULT '',
    offence          TEXT    NOT NULL,
    offence_other    TEXT    NOT NULL DEFAULT '',
    offence_date     TEXT    NOT NULL,
    notified         TEXT    NOT NULL,
    -- The earlier case of the same young person, by id. No foreign key: the
    -- earlier case may be deleted on time before this one, and this one
    -- stays a repeat.
    linked_to        TEXT,
    repeat           INTEGER NOT NULL DEFAULT 0 CHECK (repeat IN (0, 1)),
    decision         TEXT,
    decision_other   TEXT    NOT NULL DEFAULT '',
    decision_date    TEXT,
    -- The current step and its date, kept with the case so lists need no
    -- walk over the steps.
    step             TEXT    NOT NULL,
    step_date        TEXT    NOT NULL,
    held_on          TEXT,
    closed_on        TEXT,
    postponed_until  TEXT,
    postponed_reason TEXT    NOT NULL DEFAULT '',
    author           TEXT    NOT NULL DEFAULT '',
    hlc              INTEGER NOT NULL
);
CREATE INDEX cases_step ON cases (step);

-- Each version of each step. A correction adds a version and points the old
-- one at it (`replaced_by`): the correction is recorded, not overwritten.
CREATE TABLE case_steps (
    id                TEXT    PRIMARY KEY,
    case_id           TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    ord               INTEGER NOT NULL,
    step              TEXT    NOT NULL,
    date              TEXT    NOT NULL,
    details           TEXT    NOT NULL DEFAULT '{}',
    recorded_at       TEXT    NOT NULL,
    author            TEXT    NOT NULL DEFAULT '',
    correction_reason TEXT    NOT NULL DEFAULT '',
    replaced_by       TEXT,
    hlc               INTEGER NOT NULL
);
CREATE INDEX case_steps_case ON case_steps (case_id, ord);

-- Who viewed, created, changed, exported, postponed or deleted which case,
-- and when. Words and dates only. Kept on this device (it records this
-- device's accesses) and never changed: the triggers refuse it.
CREATE TABLE case_access (
    seq         INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    who         TEXT    NOT NULL,
    device      TEXT    NOT NULL,
    action      TEXT    NOT NULL
        CHECK (action IN ('view', 'create', 'change', 'export', 'delete', 'postpone')),
    case_number TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX case_access_number ON case_access (case_number);
CREATE TRIGGER case_access_no_update BEFORE UPDATE ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
CREATE TRIGGER case_access_no_delete BEFORE DELETE ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;

-- What was deleted, and when: the case number and the date, nothing else.
CREATE TABLE case_deletions (
    case_number TEXT PRIMARY KEY,
    deleted_on  TEXT NOT NULL
) WITHOUT ROWID;
