-- Team sync (SYNC.md): the change log becomes an outbox, every synced row
-- gets its per-group clock, and the apply path gets the tables it keeps.

-- The change log, rebuilt to carry versioned payloads. Entries written
-- before this migration stay as local history (v = 0) and are never sent:
-- the program logs every record once afresh (v = 1) on first open.
-- `send_seq` is given when an entry is first pushed, in order, per scope:
-- an entry removed before it was sent (its record deleted) leaves no gap.
CREATE TABLE change_log_v8 (
    seq       INTEGER PRIMARY KEY,
    entity    TEXT    NOT NULL,
    record_id TEXT    NOT NULL,
    op        TEXT    NOT NULL CHECK (op IN ('upsert', 'delete')),
    hlc       INTEGER NOT NULL,
    device    TEXT    NOT NULL,
    payload   TEXT,
    v         INTEGER NOT NULL DEFAULT 0,
    scope     TEXT    CHECK (scope IN ('team', 'cases')),
    send_seq  INTEGER,
    CHECK ((v = 0 AND (op = 'delete') = (payload IS NULL))
        OR (v >= 1 AND payload IS NOT NULL AND scope IS NOT NULL))
);
INSERT INTO change_log_v8 (seq, entity, record_id, op, hlc, device, payload)
    SELECT seq, entity, record_id, op, hlc, device, payload FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_v8 RENAME TO change_log;
CREATE INDEX change_log_record ON change_log (record_id);
CREATE INDEX change_log_unsent ON change_log (scope, seq) WHERE v >= 1 AND send_seq IS NULL;
CREATE UNIQUE INDEX change_log_sent ON change_log (scope, send_seq) WHERE send_seq IS NOT NULL;

-- The last send sequence given per scope. Kept apart from the log, whose
-- newest sent entry may be removed with its record: a number once given is
-- never given again.
CREATE TABLE outbox_seqs (
    scope TEXT    PRIMARY KEY,
    last  INTEGER NOT NULL
) WITHOUT ROWID;

-- Per synced row: the version and a fingerprint of each field group, as
-- JSON (see store/clock.rs). The fingerprint lets a write tell which
-- groups it changed without reading the row before.
ALTER TABLE schools ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE visits ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE follow_ups ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cafes ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cafe_agreements ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE survey_rounds ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';
ALTER TABLE case_steps ADD COLUMN clock TEXT NOT NULL DEFAULT '{}';

-- Two devices may each add a school of the same name, or the same class:
-- after sync both are kept (nothing typed is dropped) and offered for
-- merging. The program still refuses a duplicate typed on one device.
DROP INDEX schools_name_key;
CREATE INDEX schools_name_key ON schools (name_key);

CREATE TABLE survey_classes_v8 (
    id        TEXT    PRIMARY KEY,
    round_id  TEXT    NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
    school_id TEXT    NOT NULL REFERENCES schools (id),
    name      TEXT    NOT NULL,
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
    clock     TEXT    NOT NULL DEFAULT '{}'
);
INSERT INTO survey_classes_v8 (id, round_id, school_id, name, name_key, grade, enrolled,
        answered, absent, status, reason, taken_on, hlc)
    SELECT id, round_id, school_id, name, name_key, grade, enrolled,
        answered, absent, status, reason, taken_on, hlc FROM survey_classes;
DROP TABLE survey_classes;
ALTER TABLE survey_classes_v8 RENAME TO survey_classes;
CREATE INDEX survey_classes_school ON survey_classes (school_id);
CREATE INDEX survey_classes_round ON survey_classes (round_id, school_id, name_key);

-- Deleted record ids, so a late edit never brings a record back.
CREATE TABLE tombstones (
    record_id TEXT    PRIMARY KEY,
    entity    TEXT    NOT NULL,
    stamp     INTEGER NOT NULL
) WITHOUT ROWID;

-- Values written concurrently with a group's current value and not yet
-- settled (free text only): the conflicts a person chooses between.
CREATE TABLE field_heads (
    record_id TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    grp       TEXT    NOT NULL,
    stamp     INTEGER NOT NULL,
    device    TEXT    NOT NULL,
    vals      TEXT    NOT NULL,
    PRIMARY KEY (record_id, grp, stamp, device)
) WITHOUT ROWID;

-- Versions a received change replaced before they themselves arrived.
CREATE TABLE field_pending (
    record_id TEXT    NOT NULL,
    grp       TEXT    NOT NULL,
    stamp     INTEGER NOT NULL,
    device    TEXT    NOT NULL,
    PRIMARY KEY (record_id, grp, stamp, device)
) WITHOUT ROWID;

-- Received changes that cannot apply yet: the record's first entry or the
-- record it refers to has not arrived. Retried after every batch.
CREATE TABLE parked (
    id        INTEGER PRIMARY KEY,
    record_id TEXT    NOT NULL,
    device    TEXT    NOT NULL,
    payload   TEXT    NOT NULL
);
CREATE INDEX parked_record ON parked (record_id);

-- How far each other device's log has been applied, per scope.
CREATE TABLE sync_cursors (
    scope  TEXT    NOT NULL,
    device TEXT    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (scope, device)
) WITHOUT ROWID;

-- Edits made here that lost to another device's delete, until the user has
-- read them. `summary`: the text typed (visits, cafés, agreements,
-- follow-ups); empty for cases, whose content must not outlive them.
CREATE TABLE lost_edits (
    record_id  TEXT    PRIMARY KEY,
    entity     TEXT    NOT NULL,
    summary    TEXT    NOT NULL,
    deleted_by TEXT    NOT NULL,
    stamp      INTEGER NOT NULL
) WITHOUT ROWID;
