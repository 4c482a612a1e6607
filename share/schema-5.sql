-- xf store schema, version 4 to 5: the indexes of xf-report (issue 13).
-- A report of a period reads the complaints received in it and the
-- events recorded in it (and after it, to undo what changed since),
-- never the whole store: a week of a store of a million complaints is
-- about ten thousand rows, read through these, where without them
-- every report scanned both tables.  (If the scale work indexes the
-- same columns, keep one of each: IF NOT EXISTS does not see a twin
-- under another name.)
CREATE INDEX IF NOT EXISTS complaint_received ON complaint(received_at);
CREATE INDEX IF NOT EXISTS event_at ON event(at, kind, complaint_id);
