-- Sync trust (docs/SYNC.md, docs/SECURITY.md): keys only from a
-- coordinator's signed grant, epochs a coordinator announces, deletions
-- a device checks, alarms it keeps until a person has read them.

-- Which coordinator's device granted a key (NULL: made here, or from the
-- invite, or taken before grants were signed).
ALTER TABLE epoch_keys ADD COLUMN granted_by TEXT;

-- The epoch each scope is written under, as a coordinator's device
-- announced it, with the public id of its key and the devices removed from
-- the team when it was made (JSON array): one synced record per scope (a
-- fixed id), written only by coordinators. Devices write only under the
-- announced epoch, with a key whose id matches, and not at all while they
-- know of a removal the announcement does not (a coordinator then moves
-- the scope on again).
CREATE TABLE key_epochs (
    id         TEXT    PRIMARY KEY,
    scope      TEXT    NOT NULL CHECK (scope IN ('team', 'cases')),
    epoch      INTEGER NOT NULL CHECK (epoch BETWEEN 1 AND 4294967295),
    key_id     TEXT    NOT NULL,
    removed    TEXT    NOT NULL DEFAULT '[]',
    hlc        INTEGER NOT NULL DEFAULT 0,
    clock      TEXT    NOT NULL DEFAULT '{}'
);

-- The newest epoch of each scope each coordinator's device was seen
-- writing under (its signature checked), whether or not this device holds
-- that epoch's key: a device that learns of a newer epoch than it can
-- write under stops writing under the old one (which a removed member may
-- hold) until its grant comes, even if the server withholds the
-- announcement. Counted only while that device is an active coordinator.
CREATE TABLE epoch_seen (
    scope  TEXT    NOT NULL CHECK (scope IN ('team', 'cases')),
    device TEXT    NOT NULL,
    epoch  INTEGER NOT NULL,
    PRIMARY KEY (scope, device)
) WITHOUT ROWID;

-- A removed member's last entries the team accepts, by scope, as JSON
-- (`{"team": 12, "cases": 4}`), recorded by the coordinator who removed
-- them; NULL while active, and for removals made before this existed.
ALTER TABLE members ADD COLUMN until TEXT;

-- What this device refused as the server's (or a member's) doing, by
-- kind, until the person has read it (`SyncAlarm` in feltbog-api).
CREATE TABLE sync_alarms (
    kind     TEXT    PRIMARY KEY,
    count    INTEGER NOT NULL,
    first_at TEXT    NOT NULL,
    last_at  TEXT    NOT NULL
) WITHOUT ROWID;

-- Where this device first met an entry of payload version 2 in each other
-- device's log (0: not yet): the emptied places after it carry a signed
-- header; before it (a team from Feltbog 0.1.0) only an unsigned tag.
ALTER TABLE sync_cursors ADD COLUMN v2 INTEGER NOT NULL DEFAULT 0;

-- The tags deletions this device checked have killed: only these may the
-- server serve as emptied places.
CREATE TABLE sync_kills (
    scope TEXT NOT NULL,
    tag   TEXT NOT NULL,
    PRIMARY KEY (scope, tag)
) WITHOUT ROWID;

-- The signatures of what this device sent at each place of its logs (a
-- place may be sent twice, when an answer was lost): the server's head
-- must carry one of them, or it holds something this device did not send
-- there (a copied profile, or a lying server).
CREATE TABLE sent_sigs (
    scope TEXT    NOT NULL,
    seq   INTEGER NOT NULL,
    sig   TEXT    NOT NULL,
    PRIMARY KEY (scope, seq, sig)
) WITHOUT ROWID;

-- A change stamped more than a day ahead of this device's clock waits
-- until then (milliseconds since 1970; 0: no wait).
ALTER TABLE parked ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;

-- A team made before epochs were announced: its coordinators' devices
-- announce the newest epoch they hold at their next sync (a consultant's
-- device waits for that before it sends again).
INSERT INTO meta (key, value) SELECT 'announce_epochs', '1' FROM team;

-- A team made before entries carried their version: its logs may hold
-- places emptied by the server with only an unsigned tag left (payload
-- version 1), accepted before each writer's first version-2 entry. A team
-- made from now on has none, and refuses such a place wherever it is.
INSERT INTO meta (key, value) SELECT 'v1_entries', '1' FROM team;
