-- Search (issue 23, item 4): an FTS5 index of the words a consultant looks
-- for, inside the encrypted database, kept in step by triggers so every
-- write path (the forms, the command line, sync's apply, the purge, a
-- school merge) updates it in the same transaction as the record.
--
-- `search_docs` gives each indexed record a document number that VACUUM
-- cannot renumber (an INTEGER PRIMARY KEY); the index's rowid is that
-- number. What a record is found by is written twice per table, in its
-- insert and its update trigger, side by side below; the store rebuilds
-- the index by touching one column of every row (store/search.rs), so the
-- update triggers are the only other place that knows it. No view: a
-- view over these tables would make SQLite's table-rebuilding migrations
-- (create, copy, drop, rename) fail on the rename.
--
-- Cases are not indexed: they are found by case number in their own
-- table, and their free text is in no index.
CREATE TABLE search_docs (
    doc    INTEGER PRIMARY KEY,
    kind   TEXT    NOT NULL,
    record TEXT    NOT NULL,
    UNIQUE (kind, record)
);

-- Danish letters stay letters (no folding of å to a); case folds. An
-- inactive school (closed, or merged into its twin) is indexed empty.
-- `words` holds a fixed choice's labels and a visit's classes, `body`
-- the record's own text, which is what an excerpt shows.
CREATE VIRTUAL TABLE search_text USING fts5 (
    words,
    body,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
-- A deleted record's words leave the index at once, not at the next merge
-- of its segments; `PRAGMA secure_delete` then zeroes the freed bytes.
INSERT INTO search_text (search_text, rank) VALUES ('secure-delete', 1);

-- `search_label` (the store registers it on every connection) gives the
-- Danish and English words of a fixed choice such as a visit's purpose.
-- A migration that rebuilds one of these tables must create its three
-- triggers again (store/migrate_tests.rs checks they are all there).

CREATE TRIGGER schools_search_insert AFTER INSERT ON schools BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('school', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', CASE WHEN new.active THEN new.name || ' ' || new.town ELSE '' END
        FROM search_docs WHERE kind = 'school' AND record = new.id;
END;
CREATE TRIGGER schools_search_update AFTER UPDATE OF name, town, active ON schools BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('school', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'school' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', CASE WHEN new.active THEN new.name || ' ' || new.town ELSE '' END
        FROM search_docs WHERE kind = 'school' AND record = new.id;
END;
CREATE TRIGGER schools_search_delete AFTER DELETE ON schools BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'school' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'school' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;

CREATE TRIGGER visits_search_insert AFTER INSERT ON visits BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('visit', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('purpose.' || new.purpose) || ' ' || new.classes,
            new.purpose_other || ' ' || new.notes
        FROM search_docs WHERE kind = 'visit' AND record = new.id;
END;
CREATE TRIGGER visits_search_update AFTER UPDATE OF purpose, purpose_other, classes, notes ON visits BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('visit', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'visit' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('purpose.' || new.purpose) || ' ' || new.classes,
            new.purpose_other || ' ' || new.notes
        FROM search_docs WHERE kind = 'visit' AND record = new.id;
END;
CREATE TRIGGER visits_search_delete AFTER DELETE ON visits BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'visit' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'visit' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;

CREATE TRIGGER follow_ups_search_insert AFTER INSERT ON follow_ups BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('follow-up', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'follow-up' AND record = new.id;
END;
CREATE TRIGGER follow_ups_search_update AFTER UPDATE OF text ON follow_ups BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('follow-up', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'follow-up' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'follow-up' AND record = new.id;
END;
CREATE TRIGGER follow_ups_search_delete AFTER DELETE ON follow_ups BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'follow-up' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'follow-up' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;

CREATE TRIGGER cafes_search_insert AFTER INSERT ON cafes BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('cafe', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('theme.' || new.theme),
            new.theme_other || ' ' || new.area || ' ' || new.partner_other || ' ' || new.raised
            || ' ' || new.notes
        FROM search_docs WHERE kind = 'cafe' AND record = new.id;
END;
CREATE TRIGGER cafes_search_update AFTER UPDATE OF theme, theme_other, area, partner_other, raised, notes ON cafes BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('cafe', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'cafe' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('theme.' || new.theme),
            new.theme_other || ' ' || new.area || ' ' || new.partner_other || ' ' || new.raised
            || ' ' || new.notes
        FROM search_docs WHERE kind = 'cafe' AND record = new.id;
END;
CREATE TRIGGER cafes_search_delete AFTER DELETE ON cafes BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'cafe' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'cafe' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;

CREATE TRIGGER cafe_agreements_search_insert AFTER INSERT ON cafe_agreements BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('agreement', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'agreement' AND record = new.id;
END;
CREATE TRIGGER cafe_agreements_search_update AFTER UPDATE OF text ON cafe_agreements BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('agreement', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'agreement' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'agreement' AND record = new.id;
END;
CREATE TRIGGER cafe_agreements_search_delete AFTER DELETE ON cafe_agreements BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'agreement' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'agreement' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;

CREATE TRIGGER survey_rounds_search_insert AFTER INSERT ON survey_rounds BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('round', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.name
        FROM search_docs WHERE kind = 'round' AND record = new.id;
END;
CREATE TRIGGER survey_rounds_search_update AFTER UPDATE OF name ON survey_rounds BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('round', new.id)
        ON CONFLICT (kind, record) DO NOTHING;
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'round' AND record = new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.name
        FROM search_docs WHERE kind = 'round' AND record = new.id;
END;
CREATE TRIGGER survey_rounds_search_delete AFTER DELETE ON survey_rounds BEGIN
    DELETE FROM search_text
        WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'round' AND record = old.id);
    DELETE FROM search_docs WHERE kind = 'round' AND record = old.id;
    -- FTS5 keeps the start of a leaf page's first word in `search_text_idx`
    -- until the page is rewritten: the store merges the index once the
    -- deletions are done (store/search.rs, `settle_search`).
    INSERT INTO meta (key, value) VALUES ('search_settle', '1')
        ON CONFLICT (key) DO NOTHING;
END;

-- The index is filled by the store after the migration (store/search.rs):
-- it needs `search_label`, and it is rebuilt whenever those words change.
