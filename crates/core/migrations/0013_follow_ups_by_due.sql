-- The weekly summary counts follow-ups by state and due date: the open ones
-- due by the end of next week, and those done with a due date in the week.
-- Without this index both read the whole table.
CREATE INDEX follow_ups_done_due ON follow_ups (done, due);
