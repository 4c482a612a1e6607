-- xf store schema, version 6 to 7: a placeholder.  Version 7 belongs to
-- another branch; this file holds its number so that version 8 can be
-- built here, and it changes nothing.  When the branches meet, that
-- branch's share/schema-7.sql replaces this one (version 8 does not
-- depend on anything version 7 makes).
SELECT 1;
