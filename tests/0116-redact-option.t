#!/bin/sh
# --redact on every command that prints complaints (issue 15, point 3),
# and XF_REDACT=1 for a whole deployment: in every format, the resident
# ID, mobile, bank card, e-mail address and name of a complaint (in its
# subject, body, complainant, contact, messages, notes and outbox) are
# masked, and refs, times, statuses and numbers are left as they were.
# Each redacted output is searched for the raw values (leaks); the same
# output without --redact must hold them, so the search can fail.
. "$(dirname "$0")/lib.sh"

# The store gets a handler: the steps nobody in particular takes are
# automation's (xf-status(1), ROLES).
export XF_ACTOR=xf-test

plan 74

# The raw values, as a pattern: the hidden middle of each one.
#   ID 11010519491231002X, mobile 13812345678 (and +86 138 1234 5678),
#   card 6222021234567890128, li.ming@example.org, 张三丰, Li Ming.
RAW='19491231|1234 ?5678|0212345678|li\.ming|三丰|Ming'

# leaks NAME FILE: FILE holds none of the raw values.
leaks() {
	no_match "$1: nothing raw" "$RAW" "$2"
}

# holds NAME FILE: without redaction, the raw values are there.
holds() {
	if grep -Eq "$RAW" "$2"; then pass "$1: raw without --redact"
	else fail "$1: raw without --redact"; fi
}

cat > a.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-05-30 10:00,web,张三丰,13812345678,退款 card 6222021234567890128,"身份证 11010519491231002X, mail li.ming@example.org, call +86 138 1234 5678"
EOF2
cat > b.eml <<'EOF2'
From: Li Ming <li.ming@example.org>
To: complaints@example.com
Subject: ID 11010519491231002X
Date: Sat, 30 May 2026 11:00:00 +0000
Message-ID: <m1@example.org>

phone 13812345678 card 6222021234567890128
EOF2

# --- xf-intake: the rows it prints ------------------------------------------------
for f in tsv csv json jsonl table; do
	fresh_db
	run xf-intake --redact -o $f a.csv
	leaks "xf-intake --redact -o $f" stdout
done
fresh_db
run xf-intake -o csv a.csv
holds "xf-intake -o csv" stdout
xf-intake -q -f eml b.eml > /dev/null
xf-status accept 1 2 > /dev/null 2>&1
xf-status note -m 'rang li.ming@example.org on 13812345678' 1 > /dev/null
xf-status note -m '张三丰 rang again' 1 > /dev/null

# --- xf-status list, show, history ---------------------------------------------------
for f in tsv csv json jsonl table; do
	run xf-status --redact -o $f list
	leaks "list -o $f" stdout
	run xf-status -o $f show --redact 1 2
	leaks "show -o $f" stdout
	run xf-status --redact -o $f history 1 2
	leaks "history -o $f" stdout
done
run xf-status show 1 2
holds "show" stdout
run xf-status history 1
holds "history" stdout
run xf-status -o json show 1 2
holds "show -o json" stdout
exit_is 2 "show --raw --redact: refused, not half masked" \
    xf-status --redact show --raw 2
is "$(cat stdout)" "" "show --raw --redact: nothing printed"
XF_REDACT=1 exit_is 2 "show --raw under XF_REDACT=1: refused" \
    xf-status show --raw 2
run xf-status list --unverified --redact
leaks "list --unverified" stdout

# What it looks like: each kind masked in its place.
cat > want <<'EOF2'
ref	received_at	status	channel	priority	category	team	assignee	complainant	subject
XF-2026-000001	2026-05-30T10:00:00+00:00	accepted	web					张**	退款 card 6222***********0128
XF-2026-000002	2026-05-30T11:00:00+00:00	accepted	email					L* M***	ID 110105********002X
EOF2
xf-status list --redact > got
same_file want got "list --redact: names, card and ID masked, the rest as it was"
xf-status -o json show --redact 1 > got
like "$(cat got)" '*"contact":"138****5678"*' "show: the contact keeps its shape"
like "$(cat got)" '*"body":"身份证 110105********002X, mail l***@example.org, call +86 138 **** 5678"*' \
    "show: the body's ID, address and spaced mobile masked"
like "$(cat got)" '*"reason":"rang l***@example.org on 138****5678"*' \
    "show: a note's text masked"
like "$(cat got)" '*"reason":"张** rang again"*' \
    "show: the complainant's name in a note masked"
like "$(xf-status history --redact 1)" '*	张** rang again*' \
    "history: the complainant's name in a note masked"
like "$(cat got)" '*"paused_seconds":0*' "show: numbers are numbers"
xf-status -o json show --redact 2 > got
like "$(cat got)" '*"sender":"l***@example.org"*' \
    "show: a message's sender masked"

# Refs, times and statuses are the same bytes redacted or not.
xf-status -o tsv list | cut -f1-8 > plain
xf-status -o tsv list --redact | cut -f1-8 > masked
same_file plain masked "list: ref, times, status, owner untouched"
xf-status history 1 2 | cut -f1-7 > plain
xf-status --redact history 1 2 | cut -f1-7 > masked
same_file plain masked "history: all but the reason untouched"

# --- XF_REDACT for a deployment ----------------------------------------------------
XF_REDACT=1 xf-status list > env.out
xf-status list --redact > opt.out
same_file opt.out env.out "XF_REDACT=1 is --redact"
XF_REDACT=1 xf-status show 1 > got
leaks "XF_REDACT=1 show" got
XF_REDACT=0 xf-status list > got
holds "XF_REDACT=0" got
XF_REDACT=yes exit_is 2 "XF_REDACT=yes: exit 2" xf-status list
like "$(cat stderr)" "*XF_REDACT=yes: want 0 or 1*" "XF_REDACT=yes: says so"
is "$(cat stdout)" "" "XF_REDACT=yes: nothing printed"

# --- the other commands -----------------------------------------------------------
run xf-classify --redact explain 1
leaks "xf-classify explain" stdout
for f in tsv csv json jsonl table; do
	run xf-classify --redact -o $f 1 2
	leaks "xf-classify -o $f" stdout
done
xf-status start 1 > /dev/null
xf-assign handler add --team support amy > /dev/null
run xf-assign --redact --to amy -m 'called 13812345678' 1
leaks "xf-assign --to -m" stdout
like "$(cat stdout)" "*called 138****5678*" "xf-assign: the reason masked"
run xf-status --redact -o csv overdue
leaks "overdue" stdout
XF_NOW=2026-08-01T00:00:00Z run xf-status --redact overdue
leaks "overdue, late" stdout
like "$(cat stdout)" "*XF-2026-000001*" "overdue, late: the rows are there"

# The outbox: list masks the recipient; rows, what a gateway sends,
# never does (whatever XF_REDACT says), or the message goes nowhere.
printf 'received_at,channel,complainant,contact,subject,body\n2026-05-31 10:00,phone,王五,13812345678,call me,call 13812345678\n' > c.csv
xf-intake -q c.csv > /dev/null
xf-status accept 3 > /dev/null
for f in tsv csv json jsonl table; do
	run xf-notify --redact -o $f list
	leaks "xf-notify list -o $f" stdout
done
run xf-notify -o csv list
holds "xf-notify list" stdout
XF_REDACT=1 run xf-notify -n rows
like "$(cat stdout)" "*13812345678*" "xf-notify rows: the recipient whole"

# --- xf-survey: the comments of its results ---------------------------------------
xf-status resolve -m done 1 > /dev/null
XF_NOW=2026-06-02T00:00:00Z xf-survey send > /dev/null
tok=$(db 'select token from survey where complaint_id = 1')
printf 'token,score,comment\n%s,4,call 13812345678 or li.ming@example.org\n' \
    "$tok" > ans.csv
XF_NOW=2026-06-03T00:00:00Z xf-survey record ans.csv > /dev/null
for f in tsv csv json jsonl table; do
	XF_NOW=2026-06-03T00:00:00Z run xf-survey --redact -o $f results
	leaks "xf-survey results -o $f" stdout
done
XF_NOW=2026-06-03T00:00:00Z run xf-survey --redact results
like "$(cat stdout)" "*call 138****5678 or l***@example.org*" \
    "xf-survey results: the comment there, masked"
for f in tsv json; do
	XF_NOW=2026-06-03T00:00:00Z run xf-survey --redact -o $f followups
	leaks "xf-survey followups -o $f" stdout
done

# --- --redact is an option like any other ------------------------------------------
exit_is 0 "--redact before the verb" xf-status --redact list
exit_is 0 "--redact after the verb" xf-status list --redact
exit_is 0 "--redact with history" xf-status history --redact 1
exit_is 2 "xf-status --redact=x: a usage error" xf-status --redact=x list
