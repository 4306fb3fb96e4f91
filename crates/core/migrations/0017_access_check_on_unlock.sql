-- The access log's check on unlock takes only the entries written since
-- the last check (domain/access_chain.rs, `verify_new`): each is looked up
-- against the entry it follows (by hash) and any other of its device that
-- follows the same one (a fork), so both lookups need an index.
CREATE INDEX case_access_hash ON case_access (hash);
CREATE INDEX case_access_prev ON case_access (device, prev);
-- An entry's place (`seq`) cannot be changed either: the check on unlock
-- takes the entries after the last place it checked.
DROP TRIGGER case_access_no_update;
CREATE TRIGGER case_access_no_update
BEFORE UPDATE OF seq, id, at, who, device, action, case_number, detail, prev, hash ON case_access
BEGIN
    SELECT RAISE(ABORT, 'the access log cannot be changed');
END;
