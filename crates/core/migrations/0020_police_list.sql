-- The police's list (issue 24): notifications read in and waiting to be
-- triaged as a new case, a repeat or not ours. Already minimised when
-- written (initials, birth year; a CPR number only where the team's rules
-- allow one, as in `cases`). Synced in the cases scope, so only devices
-- with case access hold them. Triage deletes the row (its change-log
-- content goes with it, as a case's does): a dismissed row leaves nothing
-- but the access log's line that one was dismissed.
CREATE TABLE pending_notifications (
    id            TEXT    PRIMARY KEY,
    notified      TEXT    NOT NULL,
    offence_date  TEXT    NOT NULL,
    initials      TEXT    NOT NULL,
    birth_year    INTEGER NOT NULL,
    school_id     TEXT    REFERENCES schools (id),
    cpr           TEXT    NOT NULL DEFAULT '',
    law           TEXT    NOT NULL,
    law_other     TEXT    NOT NULL DEFAULT '',
    offence       TEXT    NOT NULL,
    offence_other TEXT    NOT NULL DEFAULT '',
    journal       TEXT    NOT NULL DEFAULT '',
    imported_at   TEXT    NOT NULL,
    author        TEXT    NOT NULL DEFAULT '',
    hlc           INTEGER NOT NULL DEFAULT 0,
    clock         TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX pending_notifications_notified ON pending_notifications (notified);

-- The log's action list gains 'import' (a list was read in: how many
-- rows, never whose) and 'dismiss' (a waiting notification was not ours:
-- nothing else). SQLite cannot change a CHECK, so the table is rebuilt
-- as in 0015, with 0015's delete trigger and 0017's indexes and update
-- trigger. Every entry is copied as it is: its hash still links.
CREATE TABLE case_access_v20 (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    at          TEXT    NOT NULL,
    who         TEXT    NOT NULL,
    device      TEXT    NOT NULL,
    action      TEXT    NOT NULL
        CHECK (action IN ('view', 'create', 'change', 'export', 'delete', 'postpone',
                          'open_list', 'open_deletions', 'rules', 'name',
                          'unlock_failed', 'passphrase', 'recovery_code',
                          'backup', 'restore', 'retention', 'import', 'dismiss')),
    case_number TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    prev        TEXT    NOT NULL DEFAULT '',
    hash        TEXT    NOT NULL DEFAULT '',
    hlc         INTEGER NOT NULL DEFAULT 0,
    clock       TEXT    NOT NULL DEFAULT '{}'
);
INSERT INTO case_access_v20 (seq, id, at, who, device, action, case_number, detail, prev, hash, hlc, clock)
SELECT seq, id, at, who, device, action, case_number, detail, prev, hash, hlc, clock FROM case_access;
DROP TRIGGER case_access_no_update;
DROP TRIGGER case_access_no_delete;
DROP TABLE case_access;
ALTER TABLE case_access_v20 RENAME TO case_access;
CREATE INDEX case_access_number ON case_access (case_number);
CREATE INDEX case_access_at ON case_access (at);
CREATE INDEX case_access_device ON case_access (device, seq);
CREATE INDEX case_access_hash ON case_access (hash);
CREATE INDEX case_access_prev ON case_access (device, prev);
CREATE TRIGGER case_access_no_update
BEFORE UPDATE OF seq, id, at, who, device, action, case_number, detail, prev, hash ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
CREATE TRIGGER case_access_no_delete BEFORE DELETE ON case_access
WHEN OLD.at >= COALESCE((SELECT value FROM meta WHERE key = 'access_trim_before'), '')
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
