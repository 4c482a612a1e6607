-- xf store schema, version 1.  Compiled into every command (scripts/embed);
-- a fresh store gets it and every share/schema-N.sql after it, in order,
-- an older one the files after its version (lib/store.c).
-- Times are UTC epoch seconds.  Text is valid UTF-8.

CREATE TABLE complaint (
	id		INTEGER PRIMARY KEY,
	ref		TEXT NOT NULL UNIQUE,		-- XF-2026-000123
	received_at	INTEGER NOT NULL,
	registered_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	-- The CHECKs are OR chains, not IN lists: SQLite builds a temporary
	-- index for every IN list on every insert, which costs a bulk import
	-- more than all its real indexes together.
	channel		TEXT NOT NULL CHECK (channel = 'email' OR
			    channel = 'phone' OR channel = 'web' OR
			    channel = 'social' OR channel = 'letter' OR
			    channel = 'visit' OR channel = 'other'),
	kind		TEXT NOT NULL DEFAULT 'complaint' CHECK (
			    kind = 'complaint' OR kind = 'suggestion' OR
			    kind = 'opinion' OR kind = 'inquiry'),
	complainant	TEXT,
	contact		TEXT,
	subject		TEXT,
	body		TEXT,
	category	TEXT,
	priority	TEXT CHECK (priority = 'P1' OR priority = 'P2' OR
			    priority = 'P3' OR priority = 'P4'),
	flags		TEXT NOT NULL DEFAULT '',	-- sorted, comma-separated
	status		TEXT NOT NULL DEFAULT 'new' CHECK (status = 'new' OR
			    status = 'accepted' OR status = 'assigned' OR
			    status = 'in_progress' OR status = 'waiting' OR
			    status = 'resolved' OR status = 'closed' OR
			    status = 'rejected'),
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
	-- What makes two rows the same complaint: 0x01 and the ext_id when
	-- there is one, else 0x02 and the content fingerprint (xf_fingerprint).
	-- UNIQUE, so the index does the dedupe.
	dedupe_key	BLOB NOT NULL UNIQUE,
	parent_id	INTEGER REFERENCES complaint(id),
	extra		TEXT,				-- JSON object of unmapped columns
	-- Classification (xf-classify): which of category, priority and
	-- flags a person set, so no rule or model overrules them; the
	-- SimHash of the text and the first complaint of a collective group.
	human		TEXT NOT NULL DEFAULT '',
	classified_at	INTEGER,
	simhash		INTEGER,
	group_id	INTEGER REFERENCES complaint(id)
);
-- By status alone (rowid order), not (status, received_at): bulk imports
-- of old backlogs arrive in no time order, and an index kept in received
-- order then costs more than the rest of the import together (measured:
-- 38 s against 20 s for a million rows).  Lists sort what they select.
CREATE INDEX complaint_status ON complaint(status);
-- xf-classify creates complaint_contact (contact, received_at) for its
-- repeat check when it first runs: kept out of a fresh store so that the
-- first bulk load of a backlog does not pay for a random-order index.

-- Trained classifier models (xf-classify train); the newest is used.
CREATE TABLE model (
	id		INTEGER PRIMARY KEY,
	created_at	INTEGER NOT NULL,
	examples	INTEGER NOT NULL,
	labels		TEXT NOT NULL,			-- comma-separated
	data		BLOB NOT NULL			-- xf_bayes_save
);

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

-- Every inbound or outbound message of a complaint, with the original
-- bytes kept zlib-compressed as evidence (xf-status show --raw).
CREATE TABLE message (
	id		INTEGER PRIMARY KEY,
	complaint_id	INTEGER NOT NULL REFERENCES complaint(id),
	direction	TEXT NOT NULL CHECK (direction = 'in' OR direction = 'out'),
	at		INTEGER NOT NULL,		-- Date:, else delivery
	registered_at	INTEGER NOT NULL,
	message_id	TEXT,				-- without <>
	in_reply_to	TEXT,
	sender		TEXT,				-- address
	sender_name	TEXT,
	subject		TEXT,
	body		TEXT NOT NULL,			-- the text, UTF-8
	source		TEXT NOT NULL,			-- file:line, Maildir file
	-- 0x03 and the Message-ID, else 0x02 and the content fingerprint:
	-- no message is stored twice, whatever complaint it went to.
	dedupe_key	BLOB NOT NULL UNIQUE,
	raw		BLOB NOT NULL,			-- zlib (compress2) of the bytes
	raw_size	INTEGER NOT NULL
);
CREATE INDEX message_complaint ON message(complaint_id, id);
CREATE INDEX message_msgid ON message(message_id);

CREATE TABLE attachment (
	id		INTEGER PRIMARY KEY,
	message_id	INTEGER NOT NULL REFERENCES message(id),
	name		TEXT,
	type		TEXT NOT NULL,
	size		INTEGER NOT NULL,		-- decoded bytes
	data		BLOB				-- zlib; NULL when over the cap
);
CREATE INDEX attachment_message ON attachment(message_id);

-- Full-text search over subject and body (lib/search.c): CJK bigrams and
-- Latin words, contentless, rowid = complaint.id.  Filled lazily by the
-- first search after new complaints arrive, not by xf-intake: indexing
-- on insert would more than double the time of a bulk import.
CREATE VIRTUAL TABLE complaint_fts USING fts5(terms, content='',
	columnsize=0, tokenize='unicode61 remove_diacritics 0');
CREATE TABLE search_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	indexed_upto	INTEGER NOT NULL		-- complaints indexed up to this id
);
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);
