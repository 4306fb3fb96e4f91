-- The signed member list (SYNC.md): one row per device of the team, by
-- device id, synced as team-scope records that only a coordinator's
-- device may write. Entries are verified against these keys, and epoch
-- keys are sealed only to these devices: a device the server invents is
-- on no list and gets nothing.
CREATE TABLE members (
    id       TEXT    PRIMARY KEY,
    name     TEXT    NOT NULL,
    role     TEXT    NOT NULL CHECK (role IN ('coordinator', 'consultant')),
    cases    INTEGER NOT NULL CHECK (cases IN (0, 1)),
    active   INTEGER NOT NULL CHECK (active IN (0, 1)),
    sign_key TEXT    NOT NULL,
    box_key  TEXT    NOT NULL,
    hlc      INTEGER NOT NULL DEFAULT 0,
    clock    TEXT    NOT NULL DEFAULT '{}'
);

-- Invites this coordinator made and no device has used yet: the key that
-- opens the joining device's sealed proof. Deleted when used.
CREATE TABLE invites_sent (
    invite_hash TEXT    PRIMARY KEY,
    key         BLOB    NOT NULL,
    role        TEXT    NOT NULL,
    cases       INTEGER NOT NULL,
    expires_at  TEXT    NOT NULL
) WITHOUT ROWID;
