-- xf store schema, version 6 to 7: keeping the complainant informed.
--
-- The outbox holds what is to be said to a complainant (an acceptance,
-- an answer, a survey) until xf-notify has delivered it; once it has,
-- the message table holds what was sent, as it holds what came in, so
-- a reply threads back by its Message-ID and the history shows both.
-- ALTER TABLE ... ADD COLUMN changes the schema only, never a row: a
-- store of ten million complaints migrates at once.

-- How a message came or went (email, phone, sms, social, visit,
-- letter, web), who wrote it down or sent it (outgoing, and replies a
-- handler records), and whether its sender may speak for the complaint:
-- 'ok'; 'unverified', a message that names the complaint but comes from
-- an address that never wrote about it, kept and shown but moving
-- nothing until a person confirms it ('confirmed') or sets it aside
-- ('refused').
ALTER TABLE message ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
ALTER TABLE message ADD COLUMN actor TEXT;
ALTER TABLE message ADD COLUMN trust TEXT NOT NULL DEFAULT 'ok'
	CHECK (trust = 'ok' OR trust = 'unverified' OR
	    trust = 'confirmed' OR trust = 'refused');
CREATE INDEX message_unverified ON message(complaint_id)
	WHERE trust = 'unverified';

-- The language a complaint is answered in ('zh', 'en'); NULL: told by
-- its text (xf_text_lang).
ALTER TABLE complaint ADD COLUMN lang TEXT;

-- Notifications waiting to be delivered, and those delivered (kept:
-- "sent" is what stops a second delivery).  A delivery claims a row
-- (state 'sending', claimed_at) in its own short transaction before it
-- hands the message on, so two deliveries at once never take the same
-- row; a claim older than the lease is taken to be a killed delivery
-- and the row is tried again.  message_id is fixed when the row is
-- queued, so every attempt sends the same Message-ID.
CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	complaint_id	INTEGER NOT NULL REFERENCES complaint(id),
	kind		TEXT NOT NULL,		-- the template: accepted, ...
	channel		TEXT NOT NULL,		-- email, phone, sms, social, ...
	lang		TEXT NOT NULL,		-- zh, en
	recipient	TEXT NOT NULL,		-- address, number, handle
	subject		TEXT NOT NULL,
	body		TEXT NOT NULL,
	message_id	TEXT NOT NULL UNIQUE,	-- without <>
	in_reply_to	TEXT,			-- the complainant's last message
	refs		TEXT,			-- References:, space-separated
	queued_at	INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued' CHECK (
			    state = 'queued' OR state = 'sending' OR
			    state = 'sent' OR state = 'failed' OR
			    state = 'cancelled'),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		INTEGER NOT NULL,	-- not tried before this time
	claimed_at	INTEGER,
	claimed_by	TEXT,			-- host:pid of the delivery
	last_error	TEXT,
	sent_at		INTEGER,
	sent_message	INTEGER REFERENCES message(id)
);
CREATE INDEX outbox_pending ON outbox(next_at)
	WHERE state = 'queued' OR state = 'sending';
CREATE INDEX outbox_complaint ON outbox(complaint_id, id);

-- Satisfaction surveys (xf-survey): one per complaint at most.  The
-- token is 128 bits from the OS, in hex; contact is the normalised
-- address the survey went to, for the one-per-contact-per-period rule.
CREATE TABLE survey (
	id		INTEGER PRIMARY KEY,
	complaint_id	INTEGER NOT NULL UNIQUE REFERENCES complaint(id),
	token		TEXT NOT NULL UNIQUE,
	contact		TEXT NOT NULL,
	channel		TEXT NOT NULL,
	sent_at		INTEGER NOT NULL,	-- queued
	outbox_id	INTEGER REFERENCES outbox(id),
	answered_at	INTEGER,
	score		INTEGER CHECK (score >= 1 AND score <= 5),
	comment		TEXT,
	answer_via	TEXT,			-- csv, email, web, phone
	followup_due	INTEGER,		-- a call back (回访) after a low score
	followup_at	INTEGER			-- when it was made
);
CREATE INDEX survey_contact ON survey(contact, sent_at);
CREATE INDEX survey_sent ON survey(sent_at);
-- The call backs still to make (xf-survey followups), in due order:
-- a handful among all the surveys ever sent.
CREATE INDEX survey_followup ON survey(followup_due)
	WHERE followup_due IS NOT NULL AND followup_at IS NULL;
