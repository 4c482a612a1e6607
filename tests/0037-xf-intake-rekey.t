#!/bin/sh
# xf-intake: a store of schema 2, whose content dedupe keys hashed the
# UTC day and no complainant, is migrated to schema 4 and on: every
# content key (of complaints and of messages) is recomputed, so
# re-importing what the store already holds stays a no-op; ext_id and
# Message-ID keys are left alone, and so is a key whose row no longer
# holds its text.  The rows come from tests/data/store-v2, written by
# the schema 2 xf-intake.  Schema 6 puts the received second (or zeros
# without one) in front of the fingerprint; a store of schema 5 gets
# it in front of the fingerprint it has.
. "$(dirname "$0")/lib.sh"

plan 15

S=$XF_DATA/store-v2
cp "$S"/old.csv "$S"/*.eml .

# old_store: a fresh store holding the schema 2 rows, at version 2.
old_store() {
	fresh_db
	cat "$XF_ROOT/share/schema.sql" "$XF_ROOT/share/schema-2.sql" \
	    "$S/store.sql" | sqlite3 -batch "$XF_DB" || exit 1
	sqlite3 "$XF_DB" 'pragma user_version = 2'
}

keys() {
	db "select id || ':' || hex(dedupe_key) from $1 order by id"
}

old_store
ckeys=$(keys complaint)
mkeys=$(keys message)
run xf-intake -v old.csv
last=$(($(ls "$XF_ROOT"/share/schema-*.sql | wc -l) + 1))
is "$rc.$(db "pragma user_version")" "0.$last" \
    "the store is migrated to schema $last"
is "$(cat stdout)" "" \
    "re-importing the old file: nothing created"
is "$(cat stderr)" "xf-intake: old.csv:2: duplicate of XF-2026-000001
xf-intake: old.csv:3: duplicate of XF-2026-000002
xf-intake: old.csv:4: duplicate of XF-2026-000003
xf-intake: old.csv:5: duplicate of XF-2026-000004
xf-intake: read 4, created 0, duplicate 4, rejected 0" \
    "re-importing the old file: each row a duplicate of its complaint"
run xf-intake -f eml dated.eml undated.eml msgid.eml
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 3, created 0, attached 0, reopened 0, auto-replies 0, duplicate 3, rejected 0" \
    "re-importing the old mails: duplicates, dated or not"
is "$(db "select count(*) from complaint").$(db "select count(*) from message")" \
    "7.3" "nothing added"
# Content keys start 02; ext_id (01) and Message-ID (03) keys stay.
is "$(keys complaint | grep -v ':02' | tr '\n' ' ')" \
    "$(printf '%s\n' "$ckeys" | grep -v ':02' | tr '\n' ' ')" \
    "ext_id and Message-ID keys unchanged"
is "$(printf '%s\n%s\n%s\n%s\n' "$ckeys" "$(keys complaint)" "$mkeys" \
    "$(keys message)" | grep ':02' | sort | uniq -d)" "" \
    "every content key of a complaint and a message replaced"
run xf-intake --subject 小区断网 --body 家里断网了 --complainant 李四 \
    --received '2026-05-20 09:00'
is "$rc.$(cut -f1 stdout | tail -1)" "0.XF-2026-000008" \
    "the same words from another person: a new complaint"
run xf-intake --subject 小区断网 --body 家里断网了 --complainant 张三 \
    --received '2026-05-20 09:00:00'
is "$rc.$(tail -1 stderr)" \
    "0.xf-intake: read 1, created 0, duplicate 1, rejected 0" \
    "the old row by hand, same person and second: a duplicate"

# --- schema 6: the received second in front ---------------------------------
# 8 bytes big-endian with the sign bit flipped: for these times, 8 and
# the 15 low hex digits of received_at.
is "$(db "select id || ':' || (length(dedupe_key) = 25 and
    hex(substr(dedupe_key, 2, 8)) = case when id = 3 then
    '0000000000000000' else '8' || substr(printf('%016X', received_at), 2)
    end) from complaint where substr(dedupe_key, 1, 1) = x'02'
    order by id" | tr '\n' ' ')" "1:1 2:1 3:1 5:1 6:1 8:1 " \
    "content keys: 25 bytes, the received second first, zeros without one"
is "$(db "select count(*) from message where substr(dedupe_key, 1, 1) = x'02'
    and (length(dedupe_key) <> 25 or hex(substr(dedupe_key, 2, 8)) not in
    ('0000000000000000', '8' || substr(printf('%016X', at), 2)))")" 0 \
    "message content keys: the same"
is "$(db "select group_concat(id, ' ') from (select id from complaint
    where substr(dedupe_key, 1, 1) = x'02' order by dedupe_key)")" \
    "$(db "select group_concat(id, ' ') from (select id from complaint
    where substr(dedupe_key, 1, 1) = x'02' order by case when id = 3
    then 0 else received_at end, dedupe_key)")" \
    "content keys sort as the received times do, undated rows first"
# Back to schema 5's keys (02 and the fingerprint): opened, the store
# gets the keys a new row of the same text would.
c6=$(keys complaint)
m6=$(keys message)
# A store made by the files up to schema 5, holding the rows of this one
# (the columns both have; no events: this store's are of format 2, which
# a schema 5 store cannot hold), then put back to schema 5's keys.
# (|| makes text: the cast keeps the key a blob.)
mv "$XF_DB" now.db
rm -f "$XF_DB-wal" "$XF_DB-shm"
cat "$XF_ROOT"/share/schema.sql "$XF_ROOT"/share/schema-[2-5].sql |
    sqlite3 -batch "$XF_DB" || exit 1
for t in complaint message; do
	cols=$(sqlite3 "$XF_DB" "select group_concat(name) from
	    pragma_table_info('$t')")
	sqlite3 "$XF_DB" "attach 'now.db' as n; insert into main.$t ($cols) select $cols from n.$t"
done
sqlite3 "$XF_DB" "update complaint set dedupe_key = cast(x'02' ||
    substr(dedupe_key, 10) as blob) where substr(dedupe_key, 1, 1) = x'02';
    update message set dedupe_key = cast(x'02' || substr(dedupe_key, 10)
    as blob) where substr(dedupe_key, 1, 1) = x'02';
    pragma user_version = 5"
# The rows were copied without their events: verify opens (and so
# migrates) the store, and says they have no history.
run xf-status verify
is "$(sed -n 1p stdout | cut -d' ' -f2-4).$(keys complaint) $(keys message)" \
    "events, chain intact,.$c6 $m6" \
    "a store of schema 5: the time put in front of each content key"

# --- a row whose text changed after it was keyed --------------------------
old_store
sqlite3 "$XF_DB" "update complaint set body = '(erased)' where id = 2"
before=$(db "select hex(dedupe_key) from complaint where id = 2")
run xf-intake --subject Other --body 'Something else'
is "$rc.$(db "select hex(dedupe_key) from complaint where id = 2")" \
    "0.$before" "a key that matches its row's text in neither form: kept"
is "$(db "select count(*) from complaint where id <> 2 and hex(dedupe_key) in
    ('$(printf '%s\n' "$ckeys" | sed 's/^[0-9]*://' | paste -sd, - |
    sed "s/,/','/g")')")" 2 \
    "the other rows rekeyed all the same (only ext_id and Message-ID kept)"
