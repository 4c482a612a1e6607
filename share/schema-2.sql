-- xf store schema, version 1 to 2: handlers for xf-assign.
-- A fresh store runs schema.sql and then this file, so both stay as
-- they landed; a later change is a new schema-N.sql.

-- Who can own complaints.  Teams are the team names handlers carry;
-- share/routing.tsv routes categories to them.
CREATE TABLE handler (
	login		TEXT PRIMARY KEY,
	name		TEXT,
	email		TEXT,
	team		TEXT NOT NULL,
	role		TEXT NOT NULL DEFAULT 'agent' CHECK (role = 'agent' OR
			    role = 'lead' OR role = 'legal'),
	skills		TEXT NOT NULL DEFAULT '',	-- sorted, comma-separated
	capacity	INTEGER NOT NULL DEFAULT 20 CHECK (capacity >= 0),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR
			    active = 1),
	-- The assignment counter when this handler last got work: the
	-- round-robin turn and the tie-break of the other strategies.
	turn		INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX handler_team ON handler(team, active);

-- Each handler's open load is counted by assignee; most complaints of a
-- big backlog have none, so the index leaves them out.
CREATE INDEX complaint_assignee ON complaint(assignee, status)
	WHERE assignee IS NOT NULL;
