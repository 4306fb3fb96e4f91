-- Retention (issue 11, point 12): nothing is kept forever by accident.
--
-- The team's rules gain the years each kind of record is kept: an open case
-- with no new step, visits (with their follow-ups), cafés (with their
-- agreements), survey rounds (with their classes), the access log and the
-- deletion record. Each is an INTEGER with its documented default, so a
-- team whose rules were set by an older Feltbog reads the defaults.
ALTER TABLE team_rules ADD COLUMN stale_after_years INTEGER NOT NULL DEFAULT 3
    CHECK (stale_after_years BETWEEN 1 AND 10);
ALTER TABLE team_rules ADD COLUMN visits_after_years INTEGER NOT NULL DEFAULT 5
    CHECK (visits_after_years BETWEEN 1 AND 10);
ALTER TABLE team_rules ADD COLUMN cafes_after_years INTEGER NOT NULL DEFAULT 5
    CHECK (cafes_after_years BETWEEN 1 AND 10);
ALTER TABLE team_rules ADD COLUMN survey_after_years INTEGER NOT NULL DEFAULT 5
    CHECK (survey_after_years BETWEEN 1 AND 10);
ALTER TABLE team_rules ADD COLUMN access_log_after_years INTEGER NOT NULL DEFAULT 5
    CHECK (access_log_after_years BETWEEN 1 AND 10);
ALTER TABLE team_rules ADD COLUMN deletions_after_years INTEGER NOT NULL DEFAULT 5
    CHECK (deletions_after_years BETWEEN 1 AND 10);

-- Where the chain was trimmed: the hash of each trimmed entry that no
-- other trimmed entry follows (per device, normally the newest one
-- removed). An entry whose `prev` is one of these starts the chain as it
-- now stands; any other missing link is still a break. Local, not synced:
-- every device trims by the same rule and records its own.
CREATE TABLE access_trim (
    hash    TEXT PRIMARY KEY,
    device  TEXT NOT NULL,
    trimmed TEXT NOT NULL
);
-- The oldest time the log still holds by the retention rule: entries
-- before it, and only those, may be deleted (the trigger below).
INSERT INTO meta (key, value) VALUES ('access_trim_before', '')
    ON CONFLICT (key) DO NOTHING;

-- The log's action list gains 'retention' (what the retention rules
-- deleted, by kind and count), and the delete trigger lets through only
-- entries older than the trim point: nothing newer can be removed by
-- Feltbog, by a bug or by a synced tombstone.
CREATE TABLE case_access_v15 (
    seq         INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    at          TEXT    NOT NULL,
    who         TEXT    NOT NULL,
    device      TEXT    NOT NULL,
    action      TEXT    NOT NULL
        CHECK (action IN ('view', 'create', 'change', 'export', 'delete', 'postpone',
                          'open_list', 'open_deletions', 'rules', 'name',
                          'unlock_failed', 'passphrase', 'recovery_code',
                          'backup', 'restore', 'retention')),
    case_number TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT '',
    prev        TEXT    NOT NULL DEFAULT '',
    hash        TEXT    NOT NULL DEFAULT '',
    hlc         INTEGER NOT NULL DEFAULT 0,
    clock       TEXT    NOT NULL DEFAULT '{}'
);
INSERT INTO case_access_v15 (seq, id, at, who, device, action, case_number, detail, prev, hash, hlc, clock)
SELECT seq, id, at, who, device, action, case_number, detail, prev, hash, hlc, clock FROM case_access;
DROP TRIGGER case_access_no_update;
DROP TRIGGER case_access_no_delete;
DROP TABLE case_access;
ALTER TABLE case_access_v15 RENAME TO case_access;
CREATE INDEX case_access_number ON case_access (case_number);
CREATE INDEX case_access_at ON case_access (at);
CREATE INDEX case_access_device ON case_access (device, seq);
CREATE TRIGGER case_access_no_update
BEFORE UPDATE OF id, at, who, device, action, case_number, detail, prev, hash ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
CREATE TRIGGER case_access_no_delete BEFORE DELETE ON case_access
WHEN OLD.at >= COALESCE((SELECT value FROM meta WHERE key = 'access_trim_before'), '')
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
