#!/bin/sh
# A store xf did not make, or that was damaged behind its back: every
# command refuses it with a clear message and leaves the file byte for
# byte as it was (checked with cmp); none crashes.  A schema version
# below 1 (once read as migrations[-1]), one above ours, an unrelated
# SQLite file (once switched to WAL before it was refused), a file cut
# short (once written to), a broken page that verify alone can find;
# and an empty file, which still becomes a new store.
. "$(dirname "$0")/lib.sh"

plan 42

printf 'subject,body\nfirst,one\nsecond,two\n' > a.csv
printf 'subject\nthird\n' > b.csv

# make_store: a good store of two complaints, checkpointed into the one
# file (no -wal left), kept as good.db.
make_store() {
	fresh_db
	xf-intake -q a.csv > /dev/null
	cp "$XF_DB" good.db
}

# refused NAME WANT-PATTERN cmd...: exit 75 (the store, not the input; not a crash), the message
# matches, and the store file is what it was.
refused() {
	_what=$1
	_pat=$2
	shift 2
	cp "$XF_DB" before.db
	run "$@"
	is "$rc" 75 "$_what: exit 75"
	like "$(head -1 stderr)" "$_pat" "$_what: message"
	check "$_what: the file is unchanged" cmp before.db "$XF_DB"
}

# --- a negative schema version -----------------------------------------------
make_store
sqlite3 "$XF_DB" 'pragma user_version = -1'
refused "version -1, xf-intake" \
    "xf-intake: $XF_DB: store has schema version -1, which no xf writes*" \
    xf-intake b.csv
refused "version -1, xf-status list" "xf-status: $XF_DB: *version -1*" \
    xf-status list
refused "version -1, xf-status note" "xf-status: $XF_DB: *version -1*" \
    xf-status note -m hello 1
refused "version -1, xf-assign" "xf-assign: $XF_DB: *version -1*" \
    xf-assign --to nobody -m why 1

# --- a version from a newer xf ----------------------------------------------
make_store
ours=$(db 'pragma user_version')
sqlite3 "$XF_DB" 'pragma user_version = 1000'
refused "version 1000, xf-intake" \
    "xf-intake: $XF_DB: store has schema version 1000, this xf knows only up to version $ours; use a newer xf" \
    xf-intake b.csv
refused "version 1000, xf-status list" "xf-status: $XF_DB: *1000*$ours*" \
    xf-status list

# --- an unrelated SQLite file: not even its journal mode changes -------------
rm -f places.db
sqlite3 places.db "create table moz_places (id integer primary key, url text);
    insert into moz_places (url) values ('https://example.org/')"
cp places.db places.orig
run xf-intake -d places.db a.csv
is "$rc.$(head -1 stderr)" \
    "75.xf-intake: places.db: not an xf store (it has tables but no xf schema version)" \
    "a browser's database: refused"
check "a browser's database: byte for byte unchanged" cmp places.orig places.db
run xf-status -d places.db list
is "$rc" 75 "a browser's database, xf-status list: exit 75"
run xf-classify -d places.db -a
is "$rc" 75 "a browser's database, xf-classify -a: exit 75"
check "a browser's database, after three commands: unchanged" \
    cmp places.orig places.db
check "a browser's database: no -wal left beside it" test ! -e places.db-wal
# Other programs number their schemas too (places.sqlite is at 70-odd).
sqlite3 places.db 'pragma user_version = 74'
cp places.db places.orig
run xf-intake -d places.db a.csv
is "$rc.$(head -1 stderr)" \
    "75.xf-intake: places.db: not an xf store (schema version 74, but no complaint and event tables)" \
    "a numbered foreign schema: not taken for a newer xf"
check "a numbered foreign schema: unchanged" cmp places.orig places.db
# The same refusal under a write lock (another program using its file).
sqlite3 places.db 'pragma journal_mode = wal' > /dev/null
cp places.db places.orig
run xf-intake -d places.db a.csv
is "$rc" 75 "a foreign WAL database: refused"
check "a foreign WAL database: unchanged" cmp places.orig places.db

# --- a store cut short -------------------------------------------------------
# What a cut loses is the file's last page, which in a store in use holds
# data; in a store of two complaints it may be a page of the schema
# (schema 5's indexes added one), and then nothing could be read at all.
# A note longer than a page puts the event's overflow pages last.
make_store
xf-status note -m "$(printf '%5000s' '' | tr ' ' x)" XF-2026-000001 \
    > /dev/null
sqlite3 "$XF_DB" 'pragma wal_checkpoint(truncate)' > /dev/null
size=$(stat -c %s "$XF_DB")
page=$(db "pragma page_size")
truncate -s $((size - 100)) "$XF_DB"
run xf-status verify
is "$rc" 1 "cut short: verify exits 1"
is "$(cat stderr)" "xf-status: $XF_DB: damaged store: $((size - 100)) bytes is not a whole number of $page-byte pages (cut short?)" \
    "cut short: verify says so"
is "$(cat stdout)" "" "cut short: no 'intact' line"
refused "cut short, xf-intake" "xf-intake: $XF_DB: damaged store: *" \
    xf-intake b.csv
refused "cut short, xf-status note" "xf-status: $XF_DB: damaged store: *" \
    xf-status note -m hello 1
run xf-status list
is "$rc.$(tail -n +2 stdout | wc -l | tr -d ' ')" "0.2" \
    "cut short: what is left can still be read"

# --- a broken page that no command reads: only verify finds it --------------
make_store
page=$(db 'pragma page_size')
root=$(db "select rootpage from sqlite_schema where name = 'handler'")
printf '\377' | dd of="$XF_DB" bs=1 seek=$(((root - 1) * page)) conv=notrunc \
    2> /dev/null
run xf-status verify
is "$rc" 1 "broken handler page: verify exits 1"
like "$(cat stderr)" "xf-status: $XF_DB: damaged store: Page $root: *" \
    "broken handler page: verify names the page"

# --- an empty file is a new store -------------------------------------------
fresh_db
: > "$XF_DB"
run xf-intake a.csv
is "$rc.$(db 'select count(*) from complaint')" "0.2" \
    "an empty file becomes a new store"
run xf-status verify
is "$rc" 0 "the new store verifies"
