-- Follow-ups of activities (issue 25, item 1): what was agreed to do after
-- an activity, each with its day, as a visit's follow-ups and a café's
-- agreements are kept. Synced with their activity (team scope); deleted
-- with it. `owner` empty means the activity's responsible member.
CREATE TABLE activity_follow_ups (
    id          TEXT    PRIMARY KEY,
    activity_id TEXT    NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    text        TEXT    NOT NULL,
    due         TEXT    NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    owner       TEXT    DEFAULT '',
    hlc         INTEGER NOT NULL DEFAULT 0,
    clock       TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_follow_ups_activity ON activity_follow_ups (activity_id);
CREATE INDEX activity_follow_ups_open ON activity_follow_ups (due) WHERE done = 0;

-- Search finds a follow-up by its text, as a visit's (migration 18).
CREATE TRIGGER activity_follow_ups_search_insert AFTER INSERT ON activity_follow_ups BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('activity-follow-up', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'activity-follow-up' AND record = new.id;
END;
CREATE TRIGGER activity_follow_ups_search_update AFTER UPDATE OF text ON activity_follow_ups BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('activity-follow-up', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'activity-follow-up' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'activity-follow-up' AND record = new.id;
END;
CREATE TRIGGER activity_follow_ups_search_delete AFTER DELETE ON activity_follow_ups BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'activity-follow-up' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'activity-follow-up' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;
