#!/bin/sh
# xf-report's short ways give the figures its long ways give (issue 13's
# performance work), on the store of tests/report-fixture.sh, before and
# after complaints change after the week and a letter is registered late:
#
#   - weekly fills its volume a day in the period's one pass; volume
#     --by day still makes a pass a day: the two tables agree, with the
#     period cut by --as-of, starting off midnight, in another zone;
#   - a complaint received after the period and changed after it is
#     skipped without a replay: the week as of a moment before those
#     changes is the report made then, byte for byte;
#   - the backlog is read from complaint_open (schema 8) alone: the
#     plan says so, and with the index dropped (the rows read from the
#     table) every report is the same.
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/report-fixture.sh"

plan 22

export XF_NOW=2026-03-09T12:00:00Z
W='--since 2026-03-02 --until 2026-03-09'

# days NAME args...: weekly's volume table (its second) against volume
# --by day over the same period.
days() {
	_name=$1
	shift
	xf-report weekly "$@" > weekly.out 2>&1
	awk 'BEGIN { RS = "" } NR == 2' weekly.out > weekly.days
	xf-report volume --by day "$@" > volume.days 2>&1
	if [ "$(wc -l < volume.days)" -lt 2 ]; then
		fail "$_name"
		diag_file volume.days
		return
	fi
	same_file volume.days weekly.days "$_name"
}

# all_days WHEN: the cases of days, with the clock at WHEN.
all_days() {
	days "$1: the week" $W
	days "$1: as of mid-week" $W --as-of 2026-03-04T10:30:00Z
	days "$1: as of a midnight" $W --as-of 2026-03-05T00:00:00Z
	days "$1: from noon" --since 2026-03-03T12:00:00Z --until 2026-03-08
	days "$1: as of 03-09 12:00" $W --as-of 2026-03-09T12:00:00Z
	XF_TZ=Asia/Shanghai days "$1: in Shanghai" $W
}

# M (id 7), received at the midnight that starts 03-05 and registered then:
# a day that starts exactly at --as-of counts what came at that moment.
cat > b0.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-03-05 00:00,phone,Ji Wa,13900000000,at midnight,on the dot
EOF2
at 2026-03-05T00:00:00Z xf-intake b0.csv

all_days before
xf-report weekly $W > before.weekly
xf-report summary -o json --by category $W > before.summary
# Some days move: the test can fail.
is "$(awk 'BEGIN { RS = "" } NR == 2' before.weekly | cut -f 2-7 |
    tr '\n' ' ')" "received	accepted	rejected	resolved	closed	reopened 0	0	0	0	0	0 2	0	0	1	0	0 1	1	1	0	1	0 1	0	0	2	0	0 0	0	0	1	0	1 0	0	0	0	0	0 0	0	0	0	0	0 0	0	0	0	0	0 " \
    "the week's days: tests/0093's, and M on 03-05"

# After the week: C3 re-assigned and resolved, C2 closed, C6 accepted,
# the letter C7 registered late; and C8, received after the week,
# accepted and resolved after it: changed after the period, in none of
# its figures.
after_week
cat > b4.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-03-10 08:00,web,Hu Ba,hu@example.com,late one,after the week
EOF2
at 2026-03-10T09:00:00Z xf-intake b4.csv
at 2026-03-10T10:00:00Z xf-status accept 9
at 2026-03-10T10:00:00Z xf-assign --to carol -m 'late' 9
at 2026-03-10T11:00:00Z env XF_ACTOR=carol xf-status start 9
at 2026-03-11T10:00:00Z xf-status resolve -m 'done' 9
is "$(db "SELECT status, received_at >= strftime('%s', '2026-03-09')
    FROM complaint WHERE id = 9")" "resolved|1" "C8: received after W, moved"
export XF_NOW=2026-03-12T00:00:00Z
all_days after

run xf-report weekly $W --as-of 2026-03-09T12:00:00Z
same_file before.weekly stdout "as of W's end: the weekly report made then"
run xf-report summary -o json --by category $W --as-of 2026-03-09T12:00:00Z
same_file before.summary stdout "... and its summary by category"

# The backlog from complaint_open alone; the same figures without it.
XF_EXPLAIN=1 xf-report backlog $W > /dev/null 2> explain
like "$(grep -A 1 "status <> 'closed'" explain)" \
    "*SCAN complaint USING COVERING INDEX complaint_open*" \
    "the backlog is read from complaint_open alone"
for r in "weekly $W" "weekly $W --as-of 2026-03-09T12:00:00Z" \
    "backlog --by day $W" "handlers --since 2026-03-09 --until 2026-03-16"
do
	xf-report $r -o json > "with.$(echo "$r" | tr -c 'a-z0-9' _)"
done
db "DROP INDEX complaint_open"
XF_EXPLAIN=1 xf-report backlog $W > /dev/null 2> explain
! grep -q complaint_open explain
ok $? "dropped: the backlog is read from the table"
for r in "weekly $W" "weekly $W --as-of 2026-03-09T12:00:00Z" \
    "backlog --by day $W" "handlers --since 2026-03-09 --until 2026-03-16"
do
	xf-report $r -o json > without
	same_file "with.$(echo "$r" | tr -c 'a-z0-9' _)" without \
	    "$r: the same without complaint_open"
done
