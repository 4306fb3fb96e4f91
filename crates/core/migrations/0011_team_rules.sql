-- The team's rules (SYNC.md leaves them to the app): the two case
-- deadlines, the years before a closed case is deleted, whether CPR
-- numbers are kept, and the small-numbers threshold. One synced record per
-- team, id = the team id, that only a coordinator's device may write, so
-- every device of the team applies the same rules. Outside a team the
-- settings hold them.
CREATE TABLE team_rules (
    id                     TEXT    PRIMARY KEY,
    offer_within_days      INTEGER NOT NULL CHECK (offer_within_days BETWEEN 1 AND 60),
    follow_up_within_weeks INTEGER NOT NULL CHECK (follow_up_within_weeks BETWEEN 1 AND 52),
    delete_after_years     INTEGER NOT NULL CHECK (delete_after_years BETWEEN 1 AND 10),
    cpr_allowed            INTEGER NOT NULL CHECK (cpr_allowed IN (0, 1)),
    small_threshold        INTEGER NOT NULL CHECK (small_threshold BETWEEN 1 AND 10),
    hlc                    INTEGER NOT NULL DEFAULT 0,
    clock                  TEXT    NOT NULL DEFAULT '{}'
);
