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
