-- xf store schema, version 10 to 11: free tags a desk puts on its
-- complaints (issue 16; lib/tag.c, xf-status tag).  A tag is a word a
-- handler chooses ("退款", "催办"), not a field of the complaint: a
-- complaint has any number, each once.  Every change of one is an event
-- of kind "tag" in the history, which stays the record; this table is
-- what holds now, for list --tag, show and xf-report --by tag.
--
-- Keyed by the complaint first (WITHOUT ROWID: the key is the row), so
-- show and a report's grouping read a complaint's tags as one range;
-- tag_name serves list --tag, the complaints of one tag, which a big
-- store holds a few of among millions.  Intake writes no tags, so
-- neither costs an import anything.  IF NOT EXISTS: a store whose
-- version was set back by hand (tests/0118 makes a version 9 store
-- so) takes this step again and must come out the same.
CREATE TABLE IF NOT EXISTS tag (
	complaint_id	INTEGER NOT NULL REFERENCES complaint(id),
	tag		TEXT NOT NULL,
	PRIMARY KEY (complaint_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tag_name ON tag(tag, complaint_id);
-- The planner's picture, as schema 5 draws it: a million tags, a
-- thousand complaints to a tag, a few tags to a complaint.
DELETE FROM sqlite_stat1 WHERE tbl = 'tag';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
	('tag', 'tag', '1000000 3 1'),
	('tag', 'tag_name', '1000000 1000 1');
