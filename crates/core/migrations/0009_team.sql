-- Team membership: the server, this device's token and secret keys, and
-- the epoch keys of each scope it may read. Everything here is secret and
-- lives only in this encrypted file.
CREATE TABLE team (
    one          INTEGER PRIMARY KEY CHECK (one = 1),
    server       TEXT    NOT NULL,
    team_id      TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('coordinator', 'consultant')),
    cases        INTEGER NOT NULL CHECK (cases IN (0, 1)),
    member_name  TEXT    NOT NULL,
    token        TEXT    NOT NULL,
    secrets      BLOB    NOT NULL,
    joined_at    TEXT    NOT NULL,
    last_sync_at TEXT,
    last_error   TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE epoch_keys (
    scope TEXT    NOT NULL CHECK (scope IN ('team', 'cases')),
    epoch INTEGER NOT NULL,
    key   BLOB    NOT NULL,
    PRIMARY KEY (scope, epoch)
) WITHOUT ROWID;

-- How far the server holds this device's own logs (confirmed by a push).
CREATE TABLE sync_acked (
    scope TEXT    PRIMARY KEY,
    seq   INTEGER NOT NULL
) WITHOUT ROWID;
