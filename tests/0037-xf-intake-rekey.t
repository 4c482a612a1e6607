#!/bin/sh
# xf-intake: a store of schema 2, whose content dedupe keys hashed the
# UTC day and no complainant, is migrated to schema 4: every content key
# (of complaints and of messages) is recomputed, so re-importing what
# the store already holds stays a no-op; ext_id and Message-ID keys are
# left alone, and so is a key whose row no longer holds its text.  The
# rows come from tests/data/store-v2, written by the schema 2 xf-intake.
. "$(dirname "$0")/lib.sh"

plan 11

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
is "$rc.$(db "pragma user_version")" "0.5" "the store is migrated through schema 4 (to 5)"
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
