-- xf store schema, version 9 to 10: the search index covers the
-- complainant and the contact, and keys each person (issue 15; lib/search.c).
-- The rows indexed so far hold only subject and body, and a contentless
-- index cannot be amended row by row without the terms it was given: so
-- it starts over, and the next search (or xf-status index) indexes every
-- complaint again.  Dropped and made anew rather than emptied, so a
-- store whose index was lost or never made migrates too.
DROP TABLE IF EXISTS complaint_fts;
DROP TABLE IF EXISTS search_state;
CREATE VIRTUAL TABLE complaint_fts USING fts5(terms, content='',
	columnsize=0, tokenize='unicode61 remove_diacritics 0');
CREATE TABLE search_state (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	indexed_upto	INTEGER NOT NULL		-- complaints indexed up to this id
);
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);
