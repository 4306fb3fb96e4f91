-- Sync trust (docs/SYNC.md, docs/SECURITY.md): keys only from a
-- coordinator's signed grant, epochs a coordinator announces, deletions
-- a device checks, alarms it keeps until a person has read them.

-- Which coordinator's device granted a key (NULL: made here, or from the
-- invite, or taken before grants were signed).
ALTER TABLE epoch_keys ADD COLUMN granted_by TEXT;

-- The epoch each scope is written under, as a coordinator's device
-- announced it, with the public id of its key: one synced record per
-- scope (a fixed id), written only by coordinators. Devices write only
-- under the announced epoch, with a key whose id matches.
CREATE TABLE key_epochs (
    id     TEXT    PRIMARY KEY,
    scope  TEXT    NOT NULL CHECK (scope IN ('team', 'cases')),
    epoch  INTEGER NOT NULL CHECK (epoch BETWEEN 1 AND 4294967295),
    key_id TEXT    NOT NULL,
    hlc    INTEGER NOT NULL DEFAULT 0,
    clock  TEXT    NOT NULL DEFAULT '{}'
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

-- The tags deletions this device checked have killed: only these may the
-- server serve as emptied places.
CREATE TABLE sync_kills (
    scope TEXT NOT NULL,
    tag   TEXT NOT NULL,
    PRIMARY KEY (scope, tag)
) WITHOUT ROWID;

-- The signature of the entry last sent at each place of this device's
-- log: the server's head must carry the same, or it holds something this
-- device did not send there (a copied profile, or a lying server).
ALTER TABLE change_log ADD COLUMN sent_sig TEXT;

-- A change stamped more than a day ahead of this device's clock waits
-- until then (milliseconds since 1970; 0: no wait).
ALTER TABLE parked ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;

-- A team made before epochs were announced: its coordinators' devices
-- announce the newest epoch they hold at their next sync (a consultant's
-- device waits for that before it sends again).
INSERT INTO meta (key, value) SELECT 'announce_epochs', '1' FROM team;
