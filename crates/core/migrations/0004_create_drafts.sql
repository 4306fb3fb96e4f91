-- Forms being typed, saved as the user types so an idle lock or a crash
-- loses nothing. Device-local working copies, not records: they are not in
-- the change log and are never synced. Encrypted like everything else.
CREATE TABLE drafts (
    form     TEXT PRIMARY KEY,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL
) WITHOUT ROWID;
