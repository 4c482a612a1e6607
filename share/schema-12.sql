-- xf store schema, version 11 to 12: the index that finds a resent mail
-- (issue 19; lib/mailreg.c, find_resend).  A mail resent by the same
-- sender with the same subject and text within the window is the
-- complaint it repeats, whatever Message-ID a mail server gave it.
-- Without this index the lookup could afford only the newest messages,
-- and a copy further back in a busy store was registered again; with
-- it, a lookup reads the sender's incoming messages of the window.
-- Partial: only incoming messages are ever looked up this way.  IF NOT
-- EXISTS, as schema 11: a store set back by hand takes the step again.
CREATE INDEX IF NOT EXISTS message_sender ON message(sender, registered_at)
	WHERE direction = 'in';
