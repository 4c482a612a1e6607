-- xf store schema, version 1.  Compiled into every command (scripts/embed);
-- a fresh store gets all of it, an older one the migrations in lib/store.c.
-- Times are UTC epoch seconds.  Text is valid UTF-8.

CREATE TABLE complaint (
	id		INTEGER PRIMARY KEY,
	ref		TEXT NOT NULL UNIQUE,		-- XF-2026-000123
	received_at	INTEGER NOT NULL,
	registered_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	channel		TEXT NOT NULL CHECK (channel IN
			    ('email','phone','web','social','letter','visit','other')),
	kind		TEXT NOT NULL DEFAULT 'complaint' CHECK (kind IN
			    ('complaint','suggestion','opinion','inquiry')),
	complainant	TEXT,
	contact		TEXT,
	subject		TEXT,
	body		TEXT,
	category	TEXT,
	priority	TEXT CHECK (priority IN ('P1','P2','P3','P4')),
	flags		TEXT NOT NULL DEFAULT '',	-- sorted, comma-separated
	status		TEXT NOT NULL DEFAULT 'new' CHECK (status IN
			    ('new','accepted','assigned','in_progress','waiting',
			     'resolved','closed','rejected')),
	team		TEXT,
	assignee	TEXT,
	ack_due		INTEGER,
	due		INTEGER,
	accepted_at	INTEGER,
	first_response_at INTEGER,
	resolved_at	INTEGER,
	closed_at	INTEGER,
	paused_since	INTEGER,
	paused_seconds	INTEGER NOT NULL DEFAULT 0,
	reopen_count	INTEGER NOT NULL DEFAULT 0,
	source		TEXT NOT NULL,			-- file:line or Message-ID
	ext_id		TEXT,				-- the sender's own id
	fingerprint	BLOB NOT NULL,			-- of normalised content
	-- What makes two rows the same complaint: the ext_id when there is
	-- one, else the fingerprint.  UNIQUE, so the index does the dedupe.
	dedupe_key	BLOB NOT NULL UNIQUE,
	parent_id	INTEGER REFERENCES complaint(id),
	extra		TEXT				-- JSON object of unmapped columns
);
CREATE INDEX complaint_status ON complaint(status, received_at);
CREATE INDEX complaint_received ON complaint(received_at);

-- Append-only history.  Each event's hash covers its own fields and the
-- previous event's hash, so rewriting any past event breaks the chain
-- (xf-status verify); the triggers stop casual edits outright.
CREATE TABLE event (
	id		INTEGER PRIMARY KEY,
	complaint_id	INTEGER REFERENCES complaint(id),
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	field		TEXT,
	old		TEXT,
	new		TEXT,
	reason		TEXT,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL
);
CREATE INDEX event_complaint ON event(complaint_id, id);

CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
	SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
	SELECT RAISE(ABORT, 'the event log is append-only');
END;
