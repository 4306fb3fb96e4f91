-- The case access log and the deletion record join the team, in the cases
-- scope: only devices with case access receive them (SYNC.md's need to
-- know), and a coordinator sees who opened which case on every device.
-- Each access entry becomes a synced record with an id; the log still
-- cannot be changed or deleted (the trigger now allows only the sync
-- clock to be written).
CREATE TABLE case_access_v12 (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    at          TEXT    NOT NULL,
    who         TEXT    NOT NULL,
    device      TEXT    NOT NULL,
    action      TEXT    NOT NULL
        CHECK (action IN ('view', 'create', 'change', 'export', 'delete', 'postpone')),
    case_number TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    hlc         INTEGER NOT NULL DEFAULT 0,
    clock       TEXT    NOT NULL DEFAULT '{}'
);
-- A random UUID (version 4 layout) for each entry already logged.
INSERT INTO case_access_v12 (seq, id, at, who, device, action, case_number, detail)
SELECT seq,
       lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
             substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) ||
             '-' || hex(randomblob(6))),
       at, who, device, action, case_number, detail
FROM case_access;
DROP TRIGGER case_access_no_update;
DROP TRIGGER case_access_no_delete;
DROP TABLE case_access;
ALTER TABLE case_access_v12 RENAME TO case_access;
CREATE INDEX case_access_number ON case_access (case_number);
CREATE INDEX case_access_at ON case_access (at);
CREATE TRIGGER case_access_no_update
BEFORE UPDATE OF id, at, who, device, action, case_number, detail ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
CREATE TRIGGER case_access_no_delete BEFORE DELETE ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;

-- The deletion record, by a record id derived from the case number (its
-- bytes in hex, padded to 16 bytes, in UUID form; `deletion_id` in
-- store/case_log.rs does the same), so two devices that both delete a
-- case on its day write the same record.
CREATE TABLE case_deletions_v12 (
    id          TEXT PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    deleted_on  TEXT NOT NULL,
    hlc         INTEGER NOT NULL DEFAULT 0,
    clock       TEXT    NOT NULL DEFAULT '{}'
);
INSERT INTO case_deletions_v12 (id, case_number, deleted_on)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' ||
             substr(h, 17, 4) || '-' || substr(h, 21, 12)),
       case_number, deleted_on
FROM (SELECT substr(hex(case_number) || '00000000000000000000000000000000', 1, 32) AS h,
             case_number, deleted_on
      FROM case_deletions);
DROP TABLE case_deletions;
ALTER TABLE case_deletions_v12 RENAME TO case_deletions;

-- Log, once more, what has no sync clock yet: these entries.
DELETE FROM meta WHERE key = 'outbox_baseline';
