-- xf store schema, version 2 to 3: which intake stored each complaint,
-- and whether it printed it (xf(7), "Printed or findable").

-- One row per commit unit of an xf-intake run (a chunk of -b rows) that
-- stored or took over anything.  reported turns 1 once the run has
-- written the unit's rows to its output; a later run that meets one of
-- its complaints as a duplicate while it is still 0 prints it and takes
-- it over, so a killed run loses nothing downstream.
CREATE TABLE batch (
	id		INTEGER PRIMARY KEY,
	run		INTEGER NOT NULL,		-- the run's first batch
	started_at	INTEGER NOT NULL,		-- when the run started
	actor		TEXT NOT NULL,
	reported	INTEGER NOT NULL DEFAULT 0 CHECK (reported = 0 OR
			    reported = 1)
);

-- NULL for complaints stored before version 3: those count as reported.
-- No index: only a duplicate's own row is ever asked for its batch.
-- Not a foreign key: the batch row is written in the same transaction
-- as its first complaint, and only then, so a re-import of duplicates
-- writes nothing.  A deferred key would have to look for the children
-- of every new batch, and with no index that doubled the time of a
-- bulk import (measured: 300,000 rows, 7.9 s of CPU against 3.6 s).
ALTER TABLE complaint ADD COLUMN batch INTEGER;
