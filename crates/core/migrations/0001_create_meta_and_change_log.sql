-- Profile-wide values (device id, clock) and the change log.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every record write appends one entry here in the same transaction. This is
-- what sync sends and the local history. A deleted record keeps only its
-- tombstone: the entries that held its contents are removed with it.
--
-- `seq` only ever grows without AUTOINCREMENT (which would cost an extra
-- encrypted page per write): the newest entry is never deleted, because a
-- deletion writes its tombstone first and then removes older entries only.
CREATE TABLE change_log (
    seq       INTEGER PRIMARY KEY,
    entity    TEXT    NOT NULL,
    record_id TEXT    NOT NULL,
    op        TEXT    NOT NULL CHECK (op IN ('upsert', 'delete')),
    hlc       INTEGER NOT NULL,
    device    TEXT    NOT NULL,
    payload   TEXT,
    CHECK ((op = 'delete') = (payload IS NULL))
);
CREATE INDEX change_log_record ON change_log (record_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
