-- The access log's check on unlock takes only the entries written since
-- the last check (domain/access_chain.rs, `verify_new`): each is looked up
-- against the entry it follows (by hash) and any other of its device that
-- follows the same one (a fork), so both lookups need an index.
CREATE INDEX case_access_hash ON case_access (hash);
CREATE INDEX case_access_prev ON case_access (device, prev);
