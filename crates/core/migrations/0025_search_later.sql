-- A large batch from other devices indexes its new rows for search once,
-- at its end (core/src/store/index_later.rs): while the connection's
-- `search_later()` says so, the insert triggers leave a new row to that
-- step. Row by row, each insert's statement savepoint made FTS5 write a
-- segment of one row and merge it, a third of a first sync's apply. The
-- bodies are migrations 18, 23 and 24's, unchanged; the update and delete
-- triggers are unchanged. `search_later` is registered on every
-- connection with `search_label`; it is false except inside a large apply.

DROP TRIGGER schools_search_insert;
CREATE TRIGGER schools_search_insert AFTER INSERT ON schools
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('school', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', CASE WHEN new.active THEN new.name || ' ' || new.town ELSE '' END
        FROM search_docs WHERE kind = 'school' AND record = new.id;
END;

DROP TRIGGER visits_search_insert;
CREATE TRIGGER visits_search_insert AFTER INSERT ON visits
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('visit', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('purpose.' || new.purpose) || ' ' || new.classes,
            new.purpose_other || ' ' || new.notes
        FROM search_docs WHERE kind = 'visit' AND record = new.id;
END;

DROP TRIGGER follow_ups_search_insert;
CREATE TRIGGER follow_ups_search_insert AFTER INSERT ON follow_ups
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('follow-up', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'follow-up' AND record = new.id;
END;

DROP TRIGGER cafes_search_insert;
CREATE TRIGGER cafes_search_insert AFTER INSERT ON cafes
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('cafe', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('theme.' || new.theme),
            new.theme_other || ' ' || new.area || ' ' || new.partner_other || ' ' || new.raised
            || ' ' || new.notes
        FROM search_docs WHERE kind = 'cafe' AND record = new.id;
END;

DROP TRIGGER cafe_agreements_search_insert;
CREATE TRIGGER cafe_agreements_search_insert AFTER INSERT ON cafe_agreements
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('agreement', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'agreement' AND record = new.id;
END;

DROP TRIGGER survey_rounds_search_insert;
CREATE TRIGGER survey_rounds_search_insert AFTER INSERT ON survey_rounds
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('round', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.name
        FROM search_docs WHERE kind = 'round' AND record = new.id;
END;

DROP TRIGGER activities_search_insert;
CREATE TRIGGER activities_search_insert AFTER INSERT ON activities
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('activity', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, search_label('activity_kind.' || new.kind),
            new.theme || ' ' || new.area || ' ' || new.partner_other || ' ' || new.notes
        FROM search_docs WHERE kind = 'activity' AND record = new.id;
END;

DROP TRIGGER activity_follow_ups_search_insert;
CREATE TRIGGER activity_follow_ups_search_insert AFTER INSERT ON activity_follow_ups
WHEN NOT search_later() BEGIN
    INSERT INTO search_docs (kind, record) VALUES ('activity-follow-up', new.id);
    INSERT INTO search_text (rowid, words, body)
        SELECT doc, '', new.text
        FROM search_docs WHERE kind = 'activity-follow-up' AND record = new.id;
END;
