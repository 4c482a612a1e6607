#!/bin/sh
# xf-status overdue: deadlines missed and near, on a pinned clock.  Quiet
# (no output, exit 1) when nothing is late; unowned and unclassified
# complaints alerted on a deadline computed from the policy; lateness on
# the rule's clock, business hours across a weekend and a holiday;
# waiting, resolved, closed and rejected never late; ordering, filters,
# formats, zones and usage errors.
. "$(dirname "$0")/lib.sh"

plan 64

H='ref	deadline	due_at	late	priority	status	assignee	team'

# overdue_at TIME [args]: xf-status overdue with now pinned at TIME.
overdue_at() {
	_at=$1
	shift
	run env XF_NOW="$_at" xf-status overdue "$@"
}

# --- batch A, registered 2026-04-01: the old ones ------------------------------
export XF_NOW=2026-04-01T00:00:00Z
cat > a.csv <<'EOF'
subject,body,received_at
old unowned,nobody looked at it,2026-03-20
owned,alice has it,2026-03-25
waits,waiting on the complainant,2026-03-26
done,resolved already,2026-03-27
closed,resolved and closed,2026-03-28
refused,not ours,2026-03-29
EOF
check "import batch A" xf-intake a.csv
check "accept 2-6 (due 60 days on: 2026-05-31)" xf-status accept 2 3 4 5 6
check "alice starts 2, 3, 4 and 5" env XF_ACTOR=alice xf-status start 2 3 4 5
check "3 waits" xf-status wait -m 'need the invoice' 3
check "4 and 5 resolved" xf-status resolve -m done 4 5
check "5 closed" xf-status close 5
check "6 rejected" xf-status reject -m 'not ours' 6
db "UPDATE complaint SET team = 'support' WHERE id = 2"

# --- nothing late: nothing printed, exit 1 ----------------------------------------
overdue_at 2026-04-01T00:00:00Z
is "$rc|$(cat stdout)|$(cat stderr)" "1||" \
    "nothing overdue: exit 1, no output, not even a header, no message"
overdue_at 2026-04-03T23:59:59Z
is "$rc|$(cat stdout)" "1|" "one second before the deadline: not late"
overdue_at 2026-04-04T00:00:00Z
is "$rc|$(cat stdout)" "1|" "exactly at the deadline: not late yet"
overdue_at 2026-04-01T00:00:00Z -q
is "$rc|$(cat stdout)" "1|" "-q, nothing late: exit 1"

# --- an unowned, unclassified complaint past its acknowledge deadline -------------
# 15 calendar days (the statutory clock of the "* *" policy row), computed
# from the policy: it has no ack_due, nobody classified or accepted it.
is "$(db "select coalesce(ack_due, 'NULL'), coalesce(assignee, 'NULL')
    from complaint where id = 1")" "NULL|NULL" "complaint 1: no ack_due, no owner"
overdue_at 2026-04-05T06:30:00Z
is "$rc" 0 "one late: exit 0"
cat > want <<EOF
$H
XF-2026-000001	acknowledge	2026-04-04T00:00:00+00:00	1d6h30m		new		
EOF
same_file want stdout "unowned new complaint past 15 days: listed, assignee empty"
is "$(cat stderr)" "" "nothing on stderr"
overdue_at 2026-04-05T06:30:00Z -q
is "$rc|$(cat stdout)" "0|" "-q, something late: exit 0, nothing printed"

# --- resolve deadline with an owner; waiting, resolved, closed, rejected never ----
overdue_at 2026-06-01T00:00:00Z
cat > want <<EOF
$H
XF-2026-000001	acknowledge	2026-04-04T00:00:00+00:00	58d		new		
XF-2026-000002	resolve	2026-05-31T00:00:00+00:00	1d		in_progress	alice	support
EOF
same_file want stdout "resolve overdue with owner and team; most late first"
db "UPDATE complaint SET due = 1772323200 WHERE id IN (3, 4, 5)"
overdue_at 2026-06-01T00:00:00Z
same_file want stdout \
    "waiting, resolved and closed with a past due, and rejected: not listed"

# --- a NULL due on an accepted complaint: computed from accepted_at ---------------
db "UPDATE complaint SET due = NULL WHERE id = 2"
overdue_at 2026-06-01T00:00:00Z
same_file want stdout "NULL due: computed, accepted_at + 60 days"
db "UPDATE complaint SET due = 1780272000 - 86400 WHERE id = 2"

# --- batch B, registered Friday 2026-06-05 15:30: the business clock ---------------
export XF_NOW=2026-06-05T15:30:00Z
cat > b.csv <<'EOF'
subject,body,received_at
fresh,just came in,2026-06-05 09:00
p1 friday,urgent on a Friday,2026-06-05 15:00
p2 in hand,bob has it,2026-06-01 10:00
EOF
check "import batch B" xf-intake b.csv
check "8 is P1" xf-classify set --priority P1 -m urgent 8
check "9 is P2" xf-classify set --priority P2 -m soon 9
check "accept 9" xf-status accept 9
check "bob starts 9" env XF_ACTOR=bob xf-status start 9
# Due Friday 16:00, whatever accept made of it.
db "UPDATE complaint SET due = 1780675200, team = 'billing' WHERE id = 9"

# P1: acknowledge within 2 working hours: Friday 15:00 + 2h = Friday 17:00.
# Monday 10:00 is 2 working hours later (17-18 Friday, 9-10 Monday), and
# 9 is 3 (16-18 Friday, 9-10 Monday).
overdue_at 2026-06-08T10:00:00Z
cat > want <<EOF
$H
XF-2026-000001	acknowledge	2026-04-04T00:00:00+00:00	65d10h		new		
XF-2026-000002	resolve	2026-05-31T00:00:00+00:00	8d10h		in_progress	alice	support
XF-2026-000009	resolve	2026-06-05T16:00:00+00:00	3h	P2	in_progress	bob	billing
XF-2026-000008	acknowledge	2026-06-05T17:00:00+00:00	2h	P1	new		
EOF
same_file want stdout \
    "business clock across a weekend: 2h and 3h late on Monday 10:00"
overdue_at 2026-06-06T12:00:00Z
cat > want <<EOF
XF-2026-000009	resolve	2026-06-05T16:00:00+00:00	2h	P2	in_progress	bob	billing
XF-2026-000008	acknowledge	2026-06-05T17:00:00+00:00	1h	P1	new		
EOF
tail -2 stdout > got
same_file want got "on Saturday only Friday's working hours count"
overdue_at 2026-06-05T17:00:00Z
is "$(grep -c XF-2026-000008 stdout)" 0 "P1 at its deadline: not yet listed"
# Friday 5 June 17:00 to Monday 22 June 10:00: Friday's last hour, a
# week, Monday to Thursday, 端午 (Friday 19th, then the weekend) and
# Monday's first hour; 9 working hours make a day.
overdue_at 2026-06-22T10:00:00Z
is "$(grep XF-2026-000008 stdout | cut -f4)" "9d2h" \
    "two weeks on: 1 + 45 + 36 + 0 + 1 working hours = 9 working days 2 hours"
overdue_at 2026-06-19T12:00:00Z
is "$(grep XF-2026-000008 stdout | cut -f4)" "9d1h" \
    "on the 端午 holiday: no working time since Thursday night"

# --- --within: deadlines falling due soon ------------------------------------------
# The fresh complaint (10) is to be acknowledged by 2026-06-20 09:00.
overdue_at 2026-06-19T12:00:00Z
is "$(grep -c XF-2026-000007 stdout)" 0 "due tomorrow: not listed without --within"
overdue_at 2026-06-19T12:00:00Z --within 1d
is "$(grep XF-2026-000007 stdout)" \
    "XF-2026-000007	acknowledge	2026-06-20T09:00:00+00:00	-21h		new		" \
    "--within 1d: due soon, shown with a negative lateness"
is "$(tail -1 stdout | cut -f1)" XF-2026-000007 "due soon comes after the late ones"
overdue_at 2026-06-19T12:00:00Z --within 20h
is "$(grep -c XF-2026-000007 stdout)" 0 "--within 20h: 21 h ahead is not within"
overdue_at 2026-06-19T12:00:00Z --within 21h
is "$(grep -c XF-2026-000007 stdout)" 1 "--within 21h: exactly 21 h ahead is within"
fresh_now() { overdue_at 2026-04-01T00:00:00Z "$@"; }
fresh_now --within 3d -q
is "$rc" 0 "--within 3d -q: 1 is due in 3 days: exit 0"
fresh_now --within 2d -q
is "$rc" 1 "--within 2d -q: nothing due within 2 days: exit 1"
fresh_now --within 90m
is "$rc|$(cat stdout)" "1|" "--within 90m, nothing: quiet"

# --- filters ---------------------------------------------------------------------------
overdue_at 2026-06-08T10:00:00Z -t support
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000002 " "-t support"
overdue_at 2026-06-08T10:00:00Z -u bob
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000009 " "-u bob"
overdue_at 2026-06-08T10:00:00Z -u carol
is "$rc|$(cat stdout)" "1|" "-u carol: nobody's, exit 1"
overdue_at 2026-06-08T10:00:00Z --team support
is "$rc" 2 "--team is not an option of overdue (-t is): usage"

# --- formats ------------------------------------------------------------------------------
overdue_at 2026-06-08T10:00:00Z -u bob -o csv
printf 'ref,deadline,due_at,late,priority,status,assignee,team\r\nXF-2026-000009,resolve,2026-06-05T16:00:00+00:00,3h,P2,in_progress,bob,billing\r\n' > want
same_file want stdout "-o csv"
overdue_at 2026-06-08T10:00:00Z -o jsonl -t support
is "$(cat stdout)" '{"ref":"XF-2026-000002","deadline":"resolve","due_at":"2026-05-31T00:00:00+00:00","late":"8d10h","priority":null,"status":"in_progress","assignee":"alice","team":"support"}' \
    "-o jsonl: one object a line, absent values null"
run env XF_NOW=2026-06-08T10:00:00Z xf-status -o table overdue -u bob
cat > want <<'EOF'
ref             deadline  due_at                     late  priority  status       assignee  team
XF-2026-000009  resolve   2026-06-05T16:00:00+00:00  3h    P2        in_progress  bob       billing
EOF
sed 's/ *$//' stdout > got
same_file want got "-o table before the verb: aligned"
fresh_now -o table
is "$rc|$(cat stdout)" "1|" "-o table, nothing late: no header either"

# --- zones ------------------------------------------------------------------------------
overdue_at 2026-06-08T10:00:00Z -t support
cp stdout utc
XF_TZ=Asia/Shanghai overdue_at 2026-06-08T10:00:00Z -t support
is "$(cut -f3 stdout | tail -1)" "2026-05-31T08:00:00+08:00" \
    "XF_TZ=Asia/Shanghai: due_at printed in Shanghai time"
XF_TZ= overdue_at 2026-06-08T10:00:00Z -t support
same_file utc stdout "XF_TZ empty: TZ used"
# Business hours are local: bob's deadline, Friday 16:00 UTC, is
# midnight Saturday in Shanghai, and Monday 10:00 UTC is 18:00 there:
# one whole working day (9 h) late.
XF_TZ=Asia/Shanghai overdue_at 2026-06-08T10:00:00Z -u bob
is "$(cut -f3,4 stdout | tail -1)" "2026-06-06T00:00:00+08:00	1d" \
    "XF_TZ: business lateness counted in that zone's working hours"

# --- policy and calendar options ---------------------------------------------------------
printf 'category\tpriority\tack\tresolve\tclock\tescalate\n*\tP1\t2h\t1d\tbusiness\t1h\n' > p1only.tsv
overdue_at 2026-06-08T10:00:00Z -P p1only.tsv
cat > want <<EOF
$H
XF-2026-000002	resolve	2026-05-31T00:00:00+00:00	8d10h		in_progress	alice	support
XF-2026-000009	resolve	2026-06-05T16:00:00+00:00	2d18h	P2	in_progress	bob	billing
XF-2026-000008	acknowledge	2026-06-05T17:00:00+00:00	2h	P1	new		
EOF
same_file want stdout \
    "-P: stored deadlines still checked, on the calendar clock without a rule"
like "$(cat stderr)" "xf-status: 2 open complaints without a deadline, and no rule of p1only.tsv gives them one: not checked" \
    "-P: complaints no rule covers are named on stderr"
run env XF_NOW=2026-06-08T10:00:00Z xf-status -P nosuch.tsv overdue
is "$rc" 2 "-P naming no file: exit 2"
like "$(cat stderr)" "*nosuch.tsv*" "-P naming no file: the file named"
XF_POLICY=p1only.tsv overdue_at 2026-06-08T10:00:00Z -q
like "$rc|$(cat stderr)" "0|*p1only.tsv*" "XF_POLICY names the policy"
mkdir cal
printf 'hours\t08:00-20:00\ndays\tsun-sat\n' > cal/week.tsv
overdue_at 2026-06-08T10:00:00Z -C cal -u bob
is "$(cut -f4 stdout | tail -1)" "2d6h" \
    "-C: a 12-hour, 7-day week: 4+12+12+2 working hours = 2 days 6 hours"

# --- usage errors ---------------------------------------------------------------------------
for bad in 4x 0m '' -1h 1.5h; do
	overdue_at 2026-06-08T10:00:00Z --within "$bad"
	is "$rc|$(cat stdout)" "2|" "--within '$bad': usage error, exit 2"
done
# Operands are refs now (only those are looked at), as for show.
overdue_at 2026-06-08T10:00:00Z extra
is "$rc|$(cat stderr)" "1|xf-status: extra: no such complaint" \
    "an operand that is no complaint: said so, exit 1"
overdue_at 2026-06-08T10:00:00Z -n
is "$rc" 2 "-n without --escalate: usage error"
overdue_at yesterday
is "$rc" 2 "bad XF_NOW: exit 2"
run env XF_DB="$T/none.db" xf-status overdue
is "$rc" 75 "no store: exit 75, not the quiet 1 of nothing late"
is "$(db "select count(*) from event where kind = 'escalate'")" 0 \
    "overdue alone records nothing"
