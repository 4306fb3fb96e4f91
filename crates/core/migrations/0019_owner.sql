-- Ownership (issue 23, item 2): who is responsible for a visit, a
-- follow-up, a café, a café agreement and a case (*ansvarlig*), by the
-- name the team knows the member by. Synced like any field.
--
-- Empty means "as it was before ownership existed": a visit, café or case
-- is its author's, a follow-up its visit's, an agreement its café's. So
-- no row is rewritten here, and an entry from a device of an older
-- version (without the field) keeps meaning the same. NULL (a peer may
-- send the field as missing) means the same as empty.
ALTER TABLE visits ADD COLUMN owner TEXT DEFAULT '';
ALTER TABLE follow_ups ADD COLUMN owner TEXT DEFAULT '';
ALTER TABLE cafes ADD COLUMN owner TEXT DEFAULT '';
ALTER TABLE cafe_agreements ADD COLUMN owner TEXT DEFAULT '';
ALTER TABLE cases ADD COLUMN owner TEXT DEFAULT '';
