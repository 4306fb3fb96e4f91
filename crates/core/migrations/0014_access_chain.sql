-- The access log as evidence (domain/access_chain.rs): each entry holds the
-- hash of its device's entry before it (`prev`) and its own (`hash`), and
-- the log records more than the cases: opening the lists, changes to the
-- rules and the name, failed unlocks, passphrase and recovery-code changes,
-- backups written and restored.
-- Entries already logged keep an empty hash: written before the chain,
-- shown, counted as unchained, proved by nothing.
CREATE TABLE case_access_v14 (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    at          TEXT    NOT NULL,
    who         TEXT    NOT NULL,
    device      TEXT    NOT NULL,
    action      TEXT    NOT NULL
        CHECK (action IN ('view', 'create', 'change', 'export', 'delete', 'postpone',
                          'open_list', 'open_deletions', 'rules', 'name',
                          'unlock_failed', 'passphrase', 'recovery_code',
                          'backup', 'restore')),
    case_number TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    prev        TEXT    NOT NULL DEFAULT '',
    hash        TEXT    NOT NULL DEFAULT '',
    hlc         INTEGER NOT NULL DEFAULT 0,
    clock       TEXT    NOT NULL DEFAULT '{}'
);
INSERT INTO case_access_v14 (seq, id, at, who, device, action, case_number, detail, hlc, clock)
SELECT seq, id, at, who, device, action, case_number, detail, hlc, clock FROM case_access;
DROP TRIGGER case_access_no_update;
DROP TRIGGER case_access_no_delete;
DROP TABLE case_access;
ALTER TABLE case_access_v14 RENAME TO case_access;
CREATE INDEX case_access_number ON case_access (case_number);
CREATE INDEX case_access_at ON case_access (at);
-- The head of this device's chain, read on every write.
CREATE INDEX case_access_device ON case_access (device, seq);
CREATE TRIGGER case_access_no_update
BEFORE UPDATE OF id, at, who, device, action, case_number, detail, prev, hash ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
CREATE TRIGGER case_access_no_delete BEFORE DELETE ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
