-- xf store schema, version 4 to 5: indexes for the queries of a store
-- that holds years of complaints (issue 13).  Each says what it serves
-- and what it costs a bulk import: a history import of 1,000,000
-- complaints (xf-gen -H, 3.8 million events) into an empty store, in
-- no time order, as backlogs come, in CPU seconds (user and system:
-- the machine was shared, and wall times varied by twice; without any
-- of these the import took 36 to 44 s, with all of them 53 s).  scripts/bench-scale measures
-- the queries.  An index on a column that intake leaves empty is partial,
-- WHERE it is set: it costs an import nothing, and the store only what
-- is filled in later, by xf-classify, xf-assign or a person.
--
-- A store migrated to this version builds them once, at its first
-- writer's open.

-- xf-status list --since/--until, and every report over a period of
-- received complaints; list reads its rows in this order (received_at,
-- then the rowid every entry ends in) with no sort.
-- Import: 49, 52 and 50 s against 44, 40 and 43 s without, about a
-- quarter more, as the times arrive in no order; worth it: a list of the 80
-- complaints of 45 minutes took 0.8 s of CPU (2.4 s) at 1,000,000
-- complaints without it and 13 ms (54 ms) with it.  Built at once
-- after an import, as a store migrated to this version does: 1.7 s.
-- IF NOT EXISTS: xf-classify made this index, under this name, in
-- stores of versions before 5 (its repeat check reads by received_at).
CREATE INDEX IF NOT EXISTS complaint_received ON complaint(received_at);

-- xf-status list --updated-since/--updated-until.  Intake writes the
-- time of the run, in order, so the index only grows at its end.
-- Import: 39 s against 36 to 44 s without: nothing measurable.
CREATE INDEX complaint_updated ON complaint(updated_at);

-- xf-report: what happened in a period, and what changed after its
-- end (to replay a past week as it stood), from the event log by time.
-- Covering (kind, complaint_id), so a report's period queries read the
-- index alone: a week long past, which also reads every event since,
-- took 6.7 s of CPU at 1,000,000 complaints without those columns and
-- 2.1 s with them.  Intake writes its events at the time of the run,
-- in order, so they only add to the end of it (short rows in time
-- order, 200,000 into an empty store, with complaint_received: 2.04 s
-- of CPU against 2.28 s without either).  A history import is the
-- exception: it writes events at the export's own times, in no order,
-- and paid 75 s for a million complaints against 36 to 44 s without
-- an index on event(at).  It is kept all the same: an import of a
-- backlog is done once, and reports open the store read-only every
-- week, so they could not build the index they need themselves.
CREATE INDEX event_at ON event(at, kind, complaint_id);

-- xf-status list --team, and overdue and escalate -t: a team's open
-- complaints.  Set by xf-assign, never by intake.
CREATE INDEX complaint_team ON complaint(team, status)
	WHERE team IS NOT NULL;

-- xf-status list --category: collated as the filter compares, without
-- case.  Set by xf-classify or a person, never by intake.
CREATE INDEX complaint_category ON complaint(category COLLATE NOCASE)
	WHERE category IS NOT NULL;

-- xf-status list --priority.  Set by xf-classify or a person.
CREATE INDEX complaint_priority ON complaint(priority)
	WHERE priority IS NOT NULL;

-- xf-status list --flag: no index finds a word inside the comma list,
-- but the few complaints that have any flag are all the filter reads.
CREATE INDEX complaint_flagged ON complaint(flags)
	WHERE flags <> '';

-- The planner's picture of a big store, written rather than measured:
-- ten million complaints, a few in each open status, a received time
-- of its own each, a few thousand of each owner and team.  SQLite
-- plans a statement before it sees its parameters, and without these
-- rows it guesses every table small and every index alike: it then
-- reads a week's complaints through the status index (every open one)
-- rather than complaint_received, and a flag's through a scan of the
-- store in received order rather than complaint_flagged.  These rows
-- make the plans of a fresh store those of a full one, so a test on a
-- few rows checks the plans a store of millions gets (tests/0092).
-- ANALYZE, run by hand, replaces them with the store's own figures.
-- Each row: the rows of the index, then the rows that share a value of
-- its first column, of its first two.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl = 'complaint' OR tbl = 'event';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
	('complaint', 'sqlite_autoindex_complaint_1', '10000000 1'),
	('complaint', 'sqlite_autoindex_complaint_2', '10000000 1'),
	('complaint', 'complaint_status', '10000000 50000'),
	('complaint', 'complaint_assignee', '100000 100 20'),
	('complaint', 'complaint_received', '10000000 1'),
	('complaint', 'complaint_updated', '10000000 1'),
	('complaint', 'complaint_team', '100000 1000 200'),
	('complaint', 'complaint_category', '1000000 50000'),
	('complaint', 'complaint_priority', '1000000 250000'),
	('complaint', 'complaint_flagged', '100000 1000'),
	('event', 'event_complaint', '40000000 4 1'),
	('event', 'event_at', '40000000 1 1 1');
