-- xf store schema, version 8 to 9: compliance (issue 15).  Roles decide
-- who may approve, purge and erase; the history can lose its personal
-- data without losing its proof.

-- The admin role joins agent, lead and legal (lib/role.c says what
-- each may do).  A CHECK cannot be altered in place, so the handler
-- table is rebuilt: it holds the staff, a few hundred rows at most.
CREATE TABLE handler_9 (
	login		TEXT PRIMARY KEY,
	name		TEXT,
	email		TEXT,
	team		TEXT NOT NULL,
	role		TEXT NOT NULL DEFAULT 'agent' CHECK (role = 'agent' OR
			    role = 'lead' OR role = 'legal' OR role = 'admin'),
	skills		TEXT NOT NULL DEFAULT '',	-- sorted, comma-separated
	capacity	INTEGER NOT NULL DEFAULT 20 CHECK (capacity >= 0),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR
			    active = 1),
	turn		INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
INSERT INTO handler_9 SELECT login, name, email, team, role, skills,
	capacity, active, turn, created_at, updated_at FROM handler;
DROP TABLE handler;
ALTER TABLE handler_9 RENAME TO handler;
CREATE INDEX handler_team ON handler(team, active);

-- Events of format 2 (every event written from this version on; the
-- ones already here stay format 1, hashed as they were) split each
-- event in two.  The personal part is the reason, and old and new when
-- the field holds personal data (xf_event_personal_field, event.c); the
-- hash covers the rest as it is and the personal part by its digest,
-- SHA-256 over a random salt and the part.  Erasing an event
-- (xf_event_erase) keeps that digest in pdigest, then drops the part
-- and the salt: the chain still verifies, and nothing left in the row
-- can confirm a guess of what was erased.  A format 1 event, whose hash
-- covers its text, can be erased too; verify then checks its link and
-- counts it, as it cannot check its contents.
--
-- content: for the events that set a complaint's personal fields (its
-- creation, a purge, an erasure), the digest of those fields as they
-- were left (xf_content_digest), so verify tells a direct edit of the
-- row from a change the history records.
ALTER TABLE event ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE event ADD COLUMN salt BLOB;
ALTER TABLE event ADD COLUMN content BLOB;
ALTER TABLE event ADD COLUMN pdigest BLOB;
ALTER TABLE event ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;

-- Still append-only, but for erasure: the one change allowed sets
-- erased, clears the salt and the reason, may clear old and new, and
-- leaves every other column as it was.
DROP TRIGGER event_no_update;
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
WHEN NOT (OLD.erased = 0 AND NEW.erased = 1 AND NEW.salt IS NULL AND
    NEW.reason IS NULL AND
    (NEW.old IS OLD.old OR NEW.old IS NULL) AND
    (NEW.new IS OLD.new OR NEW.new IS NULL) AND
    NEW.id IS OLD.id AND NEW.complaint_id IS OLD.complaint_id AND
    NEW.at IS OLD.at AND NEW.actor IS OLD.actor AND
    NEW.kind IS OLD.kind AND NEW.field IS OLD.field AND
    NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash AND
    NEW.format IS OLD.format AND NEW.content IS OLD.content AND
    (OLD.format = 1 OR NEW.pdigest IS NOT NULL))
BEGIN
	SELECT RAISE(ABORT, 'the event log is append-only (erasure aside)');
END;
