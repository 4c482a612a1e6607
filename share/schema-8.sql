-- xf store schema, version 7 to 8: the open complaints with the columns
-- a report reads of them, so the backlog at a period's end is read from
-- this index alone (xf-report, lib/report.c's scan_backlog).
--
-- The backlog is every open complaint, and in a store of years they lie
-- scattered among the finished ones: read through complaint_status,
-- each row costs a page of the table.  At 1,000,000 complaints (69,000
-- open, scripts/bench-scale) that read took 0.22 s of CPU of the weekly
-- report's 0.76 s; from this index, 0.03 s.  Partial, so it holds the
-- open complaints only (3.6 MB there, against the table's 864 MB), and
-- a finished complaint leaves it.  Its WHERE says open as the two
-- statuses it is not (XF_OPEN_EXCEPT_SQL; the CHECK of status makes it
-- the same set as XF_OPEN_SQL's list): SQLite uses a partial index only
-- for a query whose WHERE holds its terms, and only the report's says
-- it so.  Were it the list, xf-status list would read the open
-- complaints through it in received order, scattered over the table,
-- where complaint_status gives them in rowid order (0.44 s against
-- 0.37 s for the 69,000).
-- Cost: every complaint registered adds an entry (it is new, so open),
-- and a move of an open complaint rewrites it.  xf-intake of 200,000
-- short rows (xf-gen -k short) into an empty store, taking turns three
-- times: 2.41 to 3.02 s of CPU against 2.19 to 2.53 s without it, about
-- a tenth more.  Leaving 'new' out would spare intake, and cost the
-- report a row read for each complaint not yet accepted (a third of the
-- 69,000 above).
CREATE INDEX IF NOT EXISTS complaint_open ON complaint(status, received_at,
	registered_at, category, channel, team, assignee, priority, flags,
	first_response_at, ack_due, due)
	WHERE status <> 'closed' AND status <> 'rejected';

-- The planner's picture (schema 5): of ten million complaints, some
-- 50,000 open in each status.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl = 'complaint' AND idx = 'complaint_open';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
	('complaint', 'complaint_open', '300000 50000 1 1 1 1 1 1 1 1 1 1 1');
