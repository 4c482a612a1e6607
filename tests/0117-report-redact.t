#!/bin/sh
# Reports are redacted by default (issue 15, point 3): no report, of any
# kind and in any format (html included), holds a complainant's name,
# contact, ID, mobile, card or address, whatever the complaints say;
# --no-redact, for authorised use, changes nothing of that either, as
# reports leave names and contacts out by design (alerts say
# "contact:" and a digest; survey comments are masked where they are
# read).  And point 8: CSV never runs a formula, yet a phone number such
# as +86 138 0000 0000 stays readable text and a figure stays a number.
. "$(dirname "$0")/lib.sh"

# The store gets a handler: the steps nobody in particular takes are
# automation's (xf-status(1), ROLES).
export XF_ACTOR=xf-test

plan 78

RAW='19491231|1234 ?5678|0212345678|li\.ming|三丰|Ming|0000 0000'

leaks() {
	no_match "$1: nothing raw" "$RAW" "$2"
}

# Four complaints from one person (a repeat alert), in the week of
# Monday 2026-03-02, each with an ID, a mobile, a card and an address.
{
	echo 'received_at,channel,complainant,contact,subject,body'
	for d in 2 3 4 5; do
		echo "2026-03-0$d 10:00,web,张三丰,13812345678,退款 card 6222021234567890128 li.ming@example.org,\"身份证 11010519491231002X, call +86 138 1234 5678\""
	done
	echo '2026-03-05 11:00,phone,Li Ming,+86 138 0000 0000,-5 stars,=1+1'
} > a.csv
XF_NOW=2026-03-05T12:00:00Z xf-intake -q a.csv > /dev/null
xf-assign handler add --team support amy > /dev/null
XF_NOW=2026-03-05T12:00:00Z xf-status accept 1 2 3 4 5 > /dev/null
XF_NOW=2026-03-05T12:00:00Z xf-assign --to amy -m 'called 13812345678' \
    1 2 > /dev/null
XF_NOW=2026-03-05T13:00:00Z xf-status start 1 > /dev/null
XF_NOW=2026-03-05T14:00:00Z xf-status resolve \
    -m 'refunded to 6222021234567890128, told li.ming@example.org' 1 > /dev/null
XF_NOW=2026-03-07T00:00:00Z xf-survey send > /dev/null
tok=$(db 'select token from survey where complaint_id = 1')
printf 'token,score,comment\n%s,2,here: call 13812345678 or li.ming@example.org\n' \
    "$tok" > ans.csv
XF_NOW=2026-03-07T01:00:00Z xf-survey record ans.csv > /dev/null
export XF_NOW=2026-03-10T00:00:00Z
is "$(db "select count(*) from survey where comment like '%13812345678%'")" \
    1 "the store holds the comment as written"

# --- every kind, every format: nothing raw, by default or not ----------------------
for k in summary weekly sla volume backlog handlers alerts survey; do
	for f in tsv csv json jsonl table html; do
		run xf-report -o $f $k --since 2026-03-02 --until 2026-03-09
		leaks "$k -o $f" stdout
	done
	run xf-report --no-redact -o csv $k --since 2026-03-02 \
	    --until 2026-03-09
	leaks "$k --no-redact" stdout
done

# What there is to see: the alert names no contact; survey comments are
# left out of reports, and xf-survey results shows them with their
# numbers and addresses masked, --redact or not.
xf-report alerts --since 2026-03-02 --until 2026-03-09 > got
like "$(cat got)" "*repeat	contact:*XF-2026-000001,XF-2026-000002*" \
    "alerts: the repeat complainant as a digest, never the contact"
for f in tsv csv json html; do
	run xf-report -o $f --no-redact survey --since 2026-03-02 \
	    --until 2026-03-09
	like "$(cat stdout)" "*csat*" "survey -o $f: its figures"
	case $(cat stdout) in
	*here:*) fail "survey -o $f: no comment" ;;
	*) pass "survey -o $f: no comment" ;;
	esac
done
run xf-survey results --since 2026-03-02 --until 2026-03-09
leaks "xf-survey results" stdout
like "$(cat stdout)" "*here: call 138****5678 or l***@example.org*" \
    "xf-survey results: the comment, masked without being asked"

# --redact says the default; --no-redact and --redact are options.
xf-report weekly --since 2026-03-02 --until 2026-03-09 > a.out
xf-report --redact weekly --since 2026-03-02 --until 2026-03-09 > b.out
same_file a.out b.out "--redact is the default"
xf-report weekly --no-redact --since 2026-03-02 --until 2026-03-09 > c.out
same_file a.out c.out "--no-redact after the verb: no name nor contact either"
XF_REDACT=0 xf-report weekly --since 2026-03-02 --until 2026-03-09 > d.out
same_file a.out d.out "XF_REDACT=0 does not unmask a report"
exit_is 2 "--no-redact=x: a usage error" xf-report --no-redact=x summary

# --- point 8: spreadsheets never run a cell, a phone number stays text -------------
xf-status -o csv show 5 > got.csv
like "$(cat got.csv)" "*,\"'+86 138 0000 0000\",\"'-5 stars\",*" \
    "csv: the phone number and -5 stars each made text by a quote"
like "$(cat got.csv)" "*,\"'=1+1\"*" "csv: a formula never runs"
like "$(cat got.csv)" "*,0,0,*" "csv: figures bare"
xf-status -o csv show --redact 5 > got.csv
like "$(cat got.csv)" "*,\"'+86 138 **** 0000\",*" \
    "csv --redact: the masked number still text"
like "$(xf-status -o json show 5)" '*"contact":"+86 138 0000 0000"*' \
    "json: the number as written"
like "$(xf-status -o tsv show 5)" "*	+86 138 0000 0000	-5 stars	*" \
    "tsv, for the next command: as written"
