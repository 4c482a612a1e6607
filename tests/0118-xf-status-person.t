#!/bin/sh
# Find one person (issue 15, point 4): xf-status list --contact and
# --complainant find a person's complaints however the contact or the
# name was written (case, spaces, hyphens, +86, 0086 or 86 before a
# mainland mobile, full-width letters), and never another person's (a
# digit more or less, another domain, a longer name); both together
# must both match; -q finds names and numbers as the search index now
# covers them; a store whose index was built before schema 10 is
# indexed again.
. "$(dirname "$0")/lib.sh"

plan 33

# refs CMD...: the refs of a list, header dropped, as numbers on one line.
refs() {
	"$@" > "$T/.refs" 2>&1 || echo "exit $?"
	sed '1d; s/	.*//; s/^XF-2026-0*//' "$T/.refs" | tr '\n' ' ' |
	    sed 's/ $//'
}

cat > f.csv <<'EOF'
received_at,channel,complainant,contact,subject,body
2026-05-01 10:00,phone,张三,+86 138-0000-1234,退款,我要退款
2026-05-02 10:00,email,Zhang San,ZS@Example.com,refund,please refund
2026-05-03 10:00,phone,李四,13800001235,投诉,服务差
2026-05-04 10:00,web,ＺＨＡＮＧ　San,0086 13800001234,慢,太慢
2026-05-05 10:00,phone,张三丰,8613800001234,电话,打不通
2026-05-06 10:00,email,Zhang Sa,zs@example.co,typo,another domain
2026-05-07 10:00,phone,Bob,138 0000 1234 5,long,a digit more
2026-05-08 10:00,email,王五,Zhang San <zs@example.com>,name in contact,display name
2026-05-09 10:00,web,Carol,(138) 0000-1234,body,张三 told me about it
2026-05-10 10:00,web,Dan,zs@example.com.cn,suffix,not the same
EOF
check "import ten complaints" xf-intake f.csv

# --- the contact ---------------------------------------------------------
is "$(refs xf-status list -A --contact 13800001234)" "1 4 5 9" \
    "--contact, bare digits: +86, 0086, 86 and brackets alike"
is "$(refs xf-status list -A --contact '+86 138-0000-1234')" "1 4 5 9" \
    "--contact as +86 with hyphens: the same four"
is "$(refs xf-status list -A --contact '0086 138 0000 1234')" "1 4 5 9" \
    "--contact as 0086 with spaces: the same four"
is "$(refs xf-status list -A --contact '8613800001234')" "1 4 5 9" \
    "--contact as 86 and the number: the same four"
is "$(refs xf-status list -A --contact 1380000123)" "" \
    "--contact a digit short: nothing"
is "$(refs xf-status list -A --contact 138000012345)" "7" \
    "--contact a digit more: only the complaint written so"
is "$(refs xf-status list -A --contact 13800001235)" "3" \
    "--contact one digit off: only its own complaint"
is "$(refs xf-status list -A --contact 'ZS@EXAMPLE.COM')" "2 8" \
    "--contact an address in any case: with a display name too"
is "$(refs xf-status list -A --contact ' zs@example.com ')" "2 8" \
    "--contact with spaces around: the same"
is "$(refs xf-status list -A --contact 'zs@example.co')" "6" \
    "--contact another domain: only its own"
is "$(refs xf-status list -A --contact 'nobody@example.com')" "" \
    "--contact nobody has: nothing"

# --- the name ------------------------------------------------------------
is "$(refs xf-status list -A --complainant 'zhang san')" "2 4" \
    "--complainant: case and full-width letters alike"
is "$(refs xf-status list -A --complainant 'ZhangSan')" "2 4" \
    "--complainant without the space: the same"
is "$(refs xf-status list -A --complainant '张 三')" "1" \
    "--complainant 张 三: not 张三丰, not a body that names him"
is "$(refs xf-status list -A --complainant '张三丰')" "5" \
    "--complainant 张三丰: only him"
is "$(refs xf-status list -A --complainant 'Zhang')" "" \
    "--complainant a part of a name: nothing"

# --- both, and the other filters ------------------------------------------
is "$(refs xf-status list -A --contact 13800001234 --complainant 张三)" "1" \
    "--contact and --complainant: both must match"
is "$(refs xf-status list -A --contact zs@example.com --complainant 王五)" \
    "8" "--contact and --complainant: the display name is not the name"
xf-status accept 1 > /dev/null
xf-status reject -m spam 4 > /dev/null
is "$(refs xf-status list --contact 13800001234)" "1 5 9" \
    "without -A: the open ones, as every list"
is "$(refs xf-status list -s accepted --contact 13800001234)" "1" \
    "-s with --contact: both apply"

# --- bad input -------------------------------------------------------------
exit_is 2 "--contact with nothing to compare: exit 2" \
    xf-status list --contact ' - '
like "$(cat stderr)" "*--contact ' - ': nothing to find a person by*" \
    "--contact with nothing to compare: says so"
exit_is 2 "--complainant of spaces (ideographic too): exit 2" \
    xf-status list --complainant '　 '

# --- -q finds names and numbers ----------------------------------------------
is "$(refs xf-status list -A -q 张三)" "1 5 9" \
    "-q 张三: the complainants and a body that names him"
is "$(refs xf-status list -A -q 13800001234)" "1 4 5 9" \
    "-q 13800001234: the number however it was written"
is "$(refs xf-status list -A -q zs@example.com)" "2 8 10" \
    "-q an address: its words, as any search"

# --- a store migrated from schema 9 -----------------------------------------
fresh_db
xf-intake -q f.csv > /dev/null
# What a version 9 store held: an index of subject and body, up to date.
db "DROP TABLE complaint_fts;
    CREATE VIRTUAL TABLE complaint_fts USING fts5(terms, content='',
	columnsize=0, tokenize='unicode61 remove_diacritics 0');
    INSERT INTO complaint_fts (rowid, terms) VALUES (1, '退款 款 我要 要退 退款 款');
    UPDATE search_state SET indexed_upto = (SELECT max(id) FROM complaint);
    PRAGMA user_version = 9;" > /dev/null
is "$(refs xf-status list -A -q 张三)" "1 5 9" \
    "schema 9 store: -q 张三 finds the names, the index made again"
last=$(($(ls "$XF_ROOT"/share/schema-*.sql | wc -l) + 1))
is "$(db 'pragma user_version')" "$last" "schema 9 store: migrated"
is "$(db 'select indexed_upto from search_state')" "10" \
    "schema 9 store: every complaint indexed again"
is "$(refs xf-status list -A --contact '+86 13800001234')" "1 4 5 9" \
    "schema 9 store: --contact finds them"
is "$(refs xf-status list -A -q 退款)" "1" \
    "schema 9 store: subject and body still found"

# --- a complaint registered after the index: found at once -----------------
xf-intake --complainant 'Zhang  San' --contact zs@example.com \
    --subject later --body later > /dev/null 2>&1
is "$(refs xf-status list -A --contact ZS@example.com)" "2 8 11" \
    "a new complaint: indexed by the lookup itself"
