#!/bin/sh
# xf-intake and the store: where it is (-d, $XF_DB, ./xf.db), how it is
# created (0600, WAL, the current schema version, and a version 1 store migrated), which stores are refused, the
# created events and their hash chain, refs.
. "$(dirname "$0")/lib.sh"

plan 52

printf 'subject,body,date\nOne,first,2026-03-01\nTwo,second,2026-03-02\nThree,third,2026-03-03\n' > a.csv

# --- creation ------------------------------------------------------------------
(umask 022; xf-intake -q a.csv > out)
is "$(stat -c %a "$XF_DB")" 600 "store created with mode 0600 (umask 022)"
fresh_db
(umask 000; xf-intake -q a.csv > out)
is "$(stat -c %a "$XF_DB")" 600 "store created with mode 0600 (umask 000)"
fresh_db
(umask 077; xf-intake -q a.csv > out)
is "$(stat -c %a "$XF_DB")" 600 "store created with mode 0600 (umask 077)"
mkdir shared && chmod 2770 shared
(umask 022; xf-intake -q -d shared/xf.db a.csv > out)
is "$(stat -c %a shared/xf.db)" 660 "store in a setgid directory: mode 0660"
is "$(db "pragma journal_mode")" wal "journal_mode is wal"
is "$(db "pragma page_size")" 16384 "a new store has 16 KiB pages"
# The current version is the number of schema files (tests/0070).
last=$(($(ls "$XF_ROOT"/share/schema-*.sql | wc -l) + 1))
is "$(db "pragma user_version")" "$last" "user_version is $last"
is "$(db "select count(*) from sqlite_schema where type = 'table' and
    name in ('complaint', 'event')")" 2 "the schema has complaint and event"
xf-intake -q a.csv > out
is "$(stat -c %a "$XF_DB")" 600 "an existing store keeps its mode"

# --- which store ---------------------------------------------------------------------
fresh_db
mkdir d1 d2
run xf-intake -d d1/x.db a.csv
is "$rc.$(XF_DB=d1/x.db db "select count(*) from complaint")" "0.3" "-d names the store"
check "-d: \$XF_DB untouched" test ! -e "$XF_DB"
run xf-intake a.csv
is "$rc.$(db "select count(*) from complaint")" "0.3" "\$XF_DB names the store"
(cd d2 && unset XF_DB && xf-intake -q ../a.csv > out)
is "$(XF_DB=d2/xf.db db "select count(*) from complaint")" 3 \
    "no -d and no \$XF_DB: ./xf.db"
(cd d2 && XF_DB='' xf-intake -q ../a.csv > out 2> err; echo $? > rc)
is "$(cat d2/rc).$(cat d2/err)" "0." "an empty \$XF_DB is ./xf.db too"
printf 'subject\nFour\n' > b.csv
run xf-intake -d d1/x.db b.csv
is "$(XF_DB=d1/x.db db "select count(*) from complaint").$(db "select count(*) from complaint")" \
    "4.3" "-d wins over \$XF_DB"
run xf-intake -d no/such/dir/x.db a.csv
is "$rc" 75 "a store in a missing directory: exit 75 (not the input's fault)"
like "$(head -1 stderr)" "xf-intake: no/such/dir/x.db: *" \
    "a store in a missing directory: message names it"

# --- refused stores ---------------------------------------------------------------------
fresh_db
xf-intake -q a.csv > out
sqlite3 "$XF_DB" 'pragma user_version = 99'
run xf-intake b.csv
is "$rc" 75 "store of schema version 99: exit 75"
like "$(head -1 stderr)" "xf-intake: $XF_DB: *99*$last*" \
    "store of schema version 99: message names 99 and $last"
is "$(db "pragma user_version").$(db "select count(*) from complaint")" "99.3" \
    "store of schema version 99: left as it was"
sqlite3 other.db 'create table notes (x text); insert into notes values (1)'
run xf-intake -d other.db a.csv
is "$rc" 75 "a non-xf SQLite file: exit 75"
is "$(head -1 stderr)" \
    "xf-intake: other.db: not an xf store (it has tables but no xf schema version)" \
    "a non-xf SQLite file: message"
is "$(sqlite3 other.db "select count(*) from sqlite_schema").$(sqlite3 other.db 'pragma user_version')" \
    "1.0" "a non-xf SQLite file: left as it was"
printf 'just some text, not a database\n' > junk.db
cp junk.db junk.orig
run xf-intake -d junk.db a.csv
is "$rc" 75 "a file that is no database: exit 75"
like "$(head -1 stderr)" "xf-intake: junk.db: *not a database*" \
    "a file that is no database: message"
check "a file that is no database: left as it was" cmp junk.orig junk.db

# --- a version 1 store, as #2-#4 left it, moves to the current version ------
fresh_db
sqlite3 "$XF_DB" < "$XF_ROOT/share/schema.sql"
sqlite3 "$XF_DB" 'pragma user_version = 1'
sqlite3 "$XF_DB" "insert into complaint (ref, received_at, registered_at,
    updated_at, channel, source, dedupe_key) values ('XF-2026-000001', 1, 1,
    1, 'web', 'old', x'01')"
run xf-intake b.csv
is "$rc.$(db "pragma user_version")" "0.$last" \
    "a version 1 store is migrated to $last"
is "$(db "pragma page_size")" 4096 \
    "the store keeps the page size it was made with (sqlite3's 4 KiB)"
is "$(db "select count(*) from complaint")" 2 \
    "the migrated store keeps its complaints"
is "$(db "select count(*) from sqlite_schema where name in ('handler',
    'complaint_assignee')")" 2 "the migration adds handler and its index"
is "$(db "select count(*) from sqlite_schema where name in
    ('complaint_received', 'complaint_updated')").$(db "select count(*) from
    sqlite_stat1 where idx = 'complaint_received'")" 2.1 \
    "the migration adds version 5's indexes and the planner's statistics"

# --- events ------------------------------------------------------------------------------
fresh_db
xf-intake -q a.csv > out
xf-intake -q a.csv b.csv > out
is "$(db "select count(*) from complaint").$(db "select count(*) from event")" "4.4" \
    "one event per complaint, none for duplicates"
is "$(db "select count(*) from complaint c join event e on e.complaint_id = c.id
    where e.kind = 'created' and e.actor = 'tester' and e.at = c.registered_at
    and e.at = 1780272000 and e.new = 'new' and e.reason = c.source")" 4 \
    "each created event: complaint, actor, time, new status, source"
is "$(db "select prev_hash from event where id = 1")" \
    0000000000000000000000000000000000000000000000000000000000000000 \
    "the chain starts from the zero hash"
is "$(db "select count(*) from event e join event p on p.id = e.id - 1
    where e.prev_hash = p.hash")" 3 "each event links to the one before"
is "$(db "select count(distinct hash) from event where length(hash) = 64
    and hash not glob '*[^0-9a-f]*'")" 4 "hashes are distinct SHA-256 hex"
run sqlite3 "$XF_DB" "update event set actor = 'mallory'"
check "UPDATE on event fails" test "$rc" -ne 0
like "$(cat stderr)" "*append-only*" "UPDATE on event: the trigger says why"
run sqlite3 "$XF_DB" "delete from event where id = 4"
check "DELETE on event fails" test "$rc" -ne 0
is "$(db "select count(*) from event where actor = 'tester'")" 4 "the events are intact"
is "$(db "select status from complaint group by status")" new "complaints start as new"

# --- refs and the pipeline ---------------------------------------------------------------------
fresh_db
awk 'BEGIN { print "subject,body"; for (i = 1; i <= 120; i++) print "s" i ",b" i }' > many.csv
xf-intake many.csv 2> err | cut -f1 > refs
is "$(head -1 refs)" ref "xf-intake | cut -f1: the header is ref"
is "$(tail -n +2 refs | grep -c '^XF-2026-[0-9][0-9][0-9][0-9][0-9][0-9]$')" 120 \
    "xf-intake | cut -f1: a ref for every row"
is "$(tail -n +2 refs | sort -u | wc -l | tr -d ' ')" 120 "refs unique"
tail -n +2 refs > got
db "select ref from complaint order by id" > want
same_file want got "the refs printed are the refs stored, in order"
is "$(sed -n 2p refs) $(tail -1 refs)" "XF-2026-000001 XF-2026-000120" \
    "refs number from 1"
printf 'subject\nNew year\n' > ny.csv
run env TZ=Asia/Shanghai XF_NOW=2026-12-31T20:00:00Z xf-intake ny.csv
is "$(cut -f1,2 stdout | tail -1)" "XF-2027-000121	2027-01-01T04:00:00+08:00" \
    "the ref year is that of now in the local zone"
printf 'subject\nOld year\n' > oy.csv
run env XF_NOW=2026-12-31T20:00:00Z xf-intake oy.csv
is "$(cut -f1 stdout | tail -1)" "XF-2026-000122" \
    "in UTC it is still 2026; the number goes on"
run env XF_ACTOR='Wang Wu' xf-intake --subject 'Actor' < /dev/null
is "$(db "select actor from event order by id desc limit 1")" "Wang Wu" \
    "XF_ACTOR is recorded on the event"
is "$(db "select count(*) from complaint").$(db "select count(*) from event")" \
    "123.123" "events match complaints after all imports"
rm -f fresh.db
run env XF_ACTOR="$(printf 'bad\377')" xf-intake -d fresh.db --subject 'Actor'
is "$rc.$(cat stderr)" "2.xf-intake: XF_ACTOR is not valid UTF-8" \
    "XF_ACTOR not UTF-8: exit 2, as in every command"
check "XF_ACTOR not UTF-8: no store made" test ! -e fresh.db
