#!/bin/sh
# The store migrates from every earlier version: a store made of the
# schema files up to version N (share/schema.sql is 1, schema-N.sql N)
# with the rows of tests/data/store-v2, and a handler once there is a
# handler table, is opened by a reader (xf-status verify) and by a
# writer (xf-intake).  Each reaches the current version, which is the
# number of schema files, keeps every row, and its event chain verifies,
# also after the writer adds to it.  The versions come from share/, so a
# new schema file is tested from every version before it unasked.  The
# generator of the table refuses files whose numbers do not run 1, 2 ...
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

last=$(($(ls "$XF_ROOT"/share/schema-*.sql | wc -l) + 1))
plan $(((last - 1) * 6 + 4))

S=$XF_DATA/store-v2

# old_store N: a fresh store at version N.  The rows go in right after
# version 1, whose complaint table they fit column for column.
old_store() {
	fresh_db
	{
		cat "$XF_ROOT/share/schema.sql" "$S/store.sql"
		v=2
		while [ "$v" -le "$1" ]; do
			cat "$XF_ROOT/share/schema-$v.sql"
			[ "$v" -eq 2 ] && printf '%s\n' "INSERT INTO handler
			    (login, team, skills, created_at, updated_at)
			    VALUES ('wang', 'support', 'billing', 1, 1);"
			v=$((v + 1))
		done
		printf 'PRAGMA user_version = %d;\n' "$1"
	} | sqlite3 -batch "$XF_DB" || exit 1
}

# rows: what a migration must keep (dedupe keys it may rewrite).
rows() {
	db "select id, ref, received_at, registered_at, channel, kind,
	    complainant, contact, subject, body, status, source, ext_id
	    from complaint order by id"
	db "select id, complaint_id, at, actor, kind, field, old, new, reason,
	    prev_hash, hash from event order by id"
	db "select id, complaint_id, direction, at, message_id, sender,
	    sender_name, subject, body, source, hex(raw), raw_size
	    from message order by id"
	if [ "$(db "select count(*) from sqlite_schema
	    where name = 'handler'")" -eq 1 ]; then
		db "select login, team, skills from handler order by login"
	fi
}

# later: the tables, index and column the later versions add.
later() {
	db "select count(*) from sqlite_schema where name in ('handler',
	    'complaint_assignee', 'batch')"
	db "select count(*) from pragma_table_info('complaint')
	    where name = 'batch'"
}

n=1
while [ "$n" -lt "$last" ]; do
	old_store "$n"
	rows > before
	run xf-status verify
	is "$rc.$(db 'pragma user_version')" "0.$last" \
	    "version $n, opened by xf-status verify: now version $last"
	rows > after
	same_file before after "version $n, by a reader: every row kept"
	is "$(later | tr '\n' ' ')" "3 1 " \
	    "version $n, by a reader: the later versions' tables added"

	old_store "$n"
	run xf-intake --subject 'After the upgrade' --body 'A new one'
	is "$rc.$(db 'pragma user_version').$(tail -1 stdout | cut -f1)" \
	    "0.$last.XF-2026-000008" \
	    "version $n, opened by xf-intake: now version $last, the next ref"
	rows | grep -v '^8|' > after	# complaint 8 and its event 8
	same_file before after "version $n, by a writer: every old row kept"
	exit_is 0 "version $n, by a writer: the chain verifies" \
	    xf-status verify
	n=$((n + 1))
done

# A store that xf-classify worked on before version 5 holds the index
# complaint_received that version 5 makes: the step must take it as it
# is, not fail on it (a store of version 4 that had been classified
# could not be opened at all).
old_store 4
db "CREATE INDEX complaint_received ON complaint(received_at)"
run xf-intake --subject 'After classification' --body 'A new one'
is "$rc.$(db 'pragma user_version')" "0.$last" \
    "version 4 with xf-classify's index on received_at: migrated"

# --- scripts/embed: the versions the files give ------------------------------
E=$XF_ROOT/scripts/embed
mkdir sql
for f in schema.sql schema-2.sql schema-3.sql schema-12.sql; do
	: > "sql/$f"
done
run sh "$E" -h sql/schema-3.sql sql/schema.sql sql/schema-2.sql
is "$rc.$(grep define stdout)" "0.#define XF_SCHEMA_VERSION	3" \
    "embed: the version is the last file's, in any order"
exit_is 1 "embed: a gap (2, then 12) refused" \
    sh "$E" sql/schema.sql sql/schema-2.sql sql/schema-12.sql
exit_is 1 "embed: a version twice refused" \
    sh "$E" sql/schema.sql sql/schema-2.sql sql/schema-2.sql
