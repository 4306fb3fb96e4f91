-- The team's letter offering the first-offence conversation (issue 24,
-- item 3): a template a coordinator writes, synced with the team's other
-- rules. Empty means Feltbog's own letter, so no row is rewritten and a
-- team record from an older Feltbog (without the field) means the same.
-- NULL (a peer may send the optional field as missing) means the same.
ALTER TABLE team_rules ADD COLUMN offer_letter TEXT DEFAULT '';
