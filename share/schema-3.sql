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
-- Deferred, so the batch row is written only once a complaint of the
-- unit is: a re-import of duplicates then writes nothing at all.
ALTER TABLE complaint ADD COLUMN batch INTEGER REFERENCES batch(id)
	DEFERRABLE INITIALLY DEFERRED;
