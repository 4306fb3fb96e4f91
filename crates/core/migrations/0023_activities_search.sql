-- Search finds activities (issue 25, item 1): by their kind's label, theme,
-- area, the partner named in words and the notes, as migration 18 indexes
-- cafés. The three triggers keep the index in step with every write path;
-- the store fills the index for the activities already there when it
-- rebuilds it after this migration (store/search.rs).

CREATE TRIGGER activities_search_insert AFTER INSERT ON activities BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('activity', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('activity_kind.' || new.kind),
            new.theme || ' ' || new.area || ' ' || new.partner_other || ' ' || new.notes
        FROM search_docs WHERE kind = 'activity' AND record = new.id;
END;
CREATE TRIGGER activities_search_update AFTER UPDATE OF kind, theme, area, partner_other, notes ON activities BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('activity', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'activity' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('activity_kind.' || new.kind),
            new.theme || ' ' || new.area || ' ' || new.partner_other || ' ' || new.notes
        FROM search_docs WHERE kind = 'activity' AND record = new.id;
END;
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'activity' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'activity' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;
