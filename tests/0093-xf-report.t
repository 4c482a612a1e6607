#!/bin/sh
# xf-report: every figure of the week W (2026-03-02 to 03-09) over a
# store the commands built step by step (tests/report-fixture.sh says
# what happened to each complaint), checked against figures worked out
# by hand below; the formats; and the same report, made later with
# --as-of, byte for byte the same whatever happened since.
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/report-fixture.sh"

plan 23

export XF_NOW=2026-03-09T12:00:00Z
W='--since 2026-03-02 --until 2026-03-08'

# --- the weekly report, every table ---------------------------------------
# summary: received C4 C5 C6; accepted C4; rejected C5; resolved C1 (twice,
# counted once) C2 C4; closed C1; reopened C1 (rate 1/3).  Backlog at
# 03-09 00:00: C1 C2 C4 (resolved) C3 C6 (in hand); overdue C3 (due 03-07
# 10:00).  Acknowledge decided in W: C4 only (by 03-04 08:00, at 10:00:
# missed); C1-C3 were decided 02-27, C5's rejection had no deadline.
# Resolve decided in W: C1 missed (03-02 10:00 passed), C2 met (its wait
# 03-01..03-04 moved due to 03-05 10:00, resolved 09:00), C3 missed
# (extended to 03-07 10:00, passed), C4 met: 2 of 4.  Acknowledge times
# C5 25.5 h, C4 26 h (business: 9 h of 03-03 and 1 h of 03-04 each);
# resolve times C4 52 h, C1 118 h, C2 145 h (business 21, 25, 36): the
# median of three is the 2nd, the 90th percentile the 3rd (nearest rank).
# Extended C3; escalated C6 (03-08); C4 flagged legal, approved first.
cat > want <<'EOF2'
period	received	accepted	rejected	resolved	closed	reopened	reopen_rate_pct	backlog	in_hand	overdue	ack_decided	ack_on_time_pct	resolve_decided	resolve_on_time_pct	ack_median_h	ack_p90_h	ack_median_bh	ack_p90_bh	resolve_median_h	resolve_p90_h	resolve_median_bh	resolve_p90_bh	extended	escalated	review_needed	review_missing	review_coverage_pct	reexam_resolved	reexam_decided	reexam_met	reexam_missed	reexam_on_time_pct
2026-03-02	3	1	1	3	1	1	33.3	5	2	1	1	0.0	4	50.0	25.5	26.0	10.0	10.0	118.0	145.0	25.0	36.0	1	1	1	0	100.0	1	1	1	0	100.0

day	received	accepted	rejected	resolved	closed	reopened
2026-03-02	0	0	0	0	0	0
2026-03-03	2	0	0	1	0	0
2026-03-04	1	1	1	0	1	0
2026-03-05	0	0	0	2	0	0
2026-03-06	0	0	0	1	0	1
2026-03-07	0	0	0	0	0	0
2026-03-08	0	0	0	0	0	0

category	received	resolved	backlog
billing	0	1	1
delivery	0	0	1
none	2	0	1
privacy	1	1	1
technical	0	1	1

priority	ack_decided	ack_met	ack_missed	ack_on_time_pct	resolve_decided	resolve_met	resolve_missed	resolve_on_time_pct	ack_median_h	ack_p90_h	ack_median_bh	ack_p90_bh	resolve_median_h	resolve_p90_h	resolve_median_bh	resolve_p90_bh	extended	escalated
none	1	0	1	0.0	4	2	2	50.0	25.5	26.0	10.0	10.0	118.0	145.0	25.0	36.0	1	1

age	backlog
0-1d	0
1-3d	0
3-7d	2
7-15d	3
15-30d	0
30-60d	0
60d+	0

assignee	load	resolved	resolve_decided	resolve_on_time_pct	resolve_median_h	resolve_median_bh	reopened
amy	1	1	2	0.0	118.0	25.0	1
bob	0	1	1	100.0	145.0	36.0	0
carol	0	1	1	100.0	52.0	21.0	0
EOF2
# Ages at 03-09 00:00: C4 5.7 d and C6 4.7 d (3-7), C1-C3 9.6 to 10.5 d.
# amy has C1 (missed, reopened) and C3 (missed, in hand: her load).
exit_is 0 "weekly: exit 0" xf-report weekly
same_file want stdout "weekly: the summary, volume by day, categories, sla by priority, ageing and handlers"
run xf-report weekly $W
same_file want stdout "weekly: the same with the week given"
is "$(xf-report weekly --since 2026-03-02 --until 2026-03-09T00:00:00Z | md5sum)" \
    "$(md5sum < want)" "--until a date includes that day, a time is excluded"

# --- grouped ----------------------------------------------------------------
# web: C1 C4 C5 C6; email: C2; phone: C3.
cat > want <<'EOF2'
channel,received,accepted,rejected,resolved,closed,reopened,reopen_rate_pct,backlog,in_hand,overdue,ack_decided,ack_on_time_pct,resolve_decided,resolve_on_time_pct,ack_median_h,ack_p90_h,ack_median_bh,ack_p90_bh,resolve_median_h,resolve_p90_h,resolve_median_bh,resolve_p90_bh,extended,escalated,review_needed,review_missing,review_coverage_pct,reexam_resolved,reexam_decided,reexam_met,reexam_missed,reexam_on_time_pct
email,0,0,0,1,0,0,0.0,1,0,0,0,,1,100.0,,,,,145.0,145.0,36.0,36.0,0,0,0,0,,0,0,0,0,
phone,0,0,0,0,0,0,,1,1,1,0,,1,0.0,,,,,,,,,1,0,0,0,,0,0,0,0,
web,3,1,1,2,1,1,50.0,3,1,0,1,0.0,2,50.0,25.5,26.0,10.0,10.0,52.0,118.0,21.0,25.0,0,1,1,0,100.0,1,1,1,0,100.0
EOF2
run xf-report summary -o csv --by channel
tr -d '\r' < stdout > got
same_file want got "summary --by channel, csv: no figure is a mean of two"
# The backlog at the end of each day: C1 late from 03-02 10:00, C5
# received 03-03 (rejected 03-04), C1 closed 03-04 and reopened 03-06.
cat > want <<'EOF2'
day	backlog	in_hand	overdue	age_0_1d	age_1_3d	age_3_7d	age_7_15d	age_15_30d	age_30_60d	age_60d_plus
2026-03-02	3	3	1	0	0	3	0	0	0	0
2026-03-03	5	4	0	2	0	3	0	0	0	0
2026-03-04	4	4	0	1	1	2	0	0	0	0
2026-03-05	4	2	0	0	2	2	0	0	0	0
2026-03-06	5	2	0	0	1	1	3	0	0	0
2026-03-07	5	2	1	0	0	2	3	0	0	0
2026-03-08	5	2	1	0	0	2	3	0	0	0
EOF2
run xf-report backlog --by day
same_file want stdout "backlog --by day: the backlog at each day's end"
cat > want <<'EOF2'
assignee	backlog	in_hand	overdue	age_0_1d	age_1_3d	age_3_7d	age_7_15d	age_15_30d	age_30_60d	age_60d_plus
amy	2	1	1	0	0	0	2	0	0	0
bob	1	0	0	0	0	0	1	0	0	0
carol	1	0	0	0	0	1	0	0	0	0
none	1	1	0	0	0	1	0	0	0	0
EOF2
run xf-report backlog --by assignee
same_file want stdout "backlog --by assignee: C6 has none"
# A complaint in every group of its flags; C4 alone is flagged.
cat > want <<'EOF2'
flag	ack_decided	ack_met	ack_missed	ack_on_time_pct	resolve_decided	resolve_met	resolve_missed	resolve_on_time_pct	ack_median_h	ack_p90_h	ack_median_bh	ack_p90_bh	resolve_median_h	resolve_p90_h	resolve_median_bh	resolve_p90_bh	extended	escalated
legal	1	0	1	0.0	1	1	0	100.0	26.0	26.0	10.0	10.0	52.0	52.0	21.0	21.0	0	0
none	0	0	0		3	1	2	33.3	25.5	25.5	10.0	10.0	118.0	145.0	25.0	36.0	1	1
EOF2
run xf-report sla --by flag
same_file want stdout "sla --by flag"
cat > want <<'EOF2'
week	received	accepted	rejected	resolved	closed	reopened
2026-02-23	3	3	0	0	0	0
2026-03-02	3	1	1	3	1	1
EOF2
run xf-report volume --by week --since 2026-02-23 --until 2026-03-08
same_file want stdout "volume --by week"
cat > want <<'EOF2'
month	received	accepted	rejected	resolved	closed	reopened
2026-02	3	3	0	0	0	0
2026-03	3	1	1	3	1	1
EOF2
run xf-report volume --by month --since 2026-02-01 --until 2026-03-31
same_file want stdout "volume --by month"

# --- formats -----------------------------------------------------------------
cat > want <<'EOF2'
[
{"assignee":"amy","load":1,"resolved":1,"resolve_decided":2,"resolve_on_time_pct":0.0,"resolve_median_h":118.0,"resolve_median_bh":25.0,"reopened":1},
{"assignee":"bob","load":0,"resolved":1,"resolve_decided":1,"resolve_on_time_pct":100.0,"resolve_median_h":145.0,"resolve_median_bh":36.0,"reopened":0},
{"assignee":"carol","load":0,"resolved":1,"resolve_decided":1,"resolve_on_time_pct":100.0,"resolve_median_h":52.0,"resolve_median_bh":21.0,"reopened":0}
]
EOF2
run xf-report handlers -o json
same_file want stdout "handlers -o json: numbers as numbers"
run xf-report summary -o jsonl --by category
like "$(sed -n 2p stdout)" '{"category":"delivery","received":0,*"resolve_on_time_pct":0.0,"ack_median_h":null,*}' \
    "jsonl: one object a line, an absent figure null"
run xf-report weekly -o json
is "$(python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["report"], d["since"], d["until"], " ".join(k for k in d if isinstance(d[k], list)), d["summary"][0]["received"], len(d["volume"]), d["alerts"])' < stdout)" \
    "weekly 2026-03-02T00:00:00+00:00 2026-03-09T00:00:00+00:00 summary volume categories sla ageing handlers alerts 3 7 []" \
    "weekly -o json: one object, a member a table"
run xf-report weekly -o jsonl
is "$(cut -d, -f1 stdout | sort | uniq -c | awk '{ printf "%s%s ", $1, $2 }')" \
    '7{"table":"ageing" 5{"table":"categories" 3{"table":"handlers" 1{"table":"sla" 1{"table":"summary" 7{"table":"volume" ' \
    "weekly -o jsonl: each row names its table" || diag_file stdout
# Every table and column a report names reads in Chinese on the page:
# no header of the zh page is a machine name.
xf-report weekly -o html --lang zh > zh.html
xf-report weekly -o json | python3 -c '
import json, sys
d = json.load(sys.stdin)
names = {k for k in d if isinstance(d[k], list)}
for k in list(names):
    for row in d[k]:
        names.update(row)
print("\n".join(sorted(names)))' > names
is "$(while read -r n; do grep -q -e ">$n<" zh.html && echo "$n"; done < names)" "" \
    "html --lang zh: every table and column name has a label"
run xf-report weekly -o table
is "$(grep -c '^== ' stdout).$(sed -n 1p stdout)" "6.== summary" \
    "weekly -o table: each table under its name"
run xf-report summary -o table
like "$(sed -n 2,3p stdout | tr -s ' ' | tr '\n' '|')" "period 2026-03-02|received 3|" \
    "summary -o table: one row reads down, a figure a line"
run xf-report summary -o table --by channel
like "$(sed -n 2p stdout)" "email  *0  *0  *0  *1 *" "summary --by -o table: a row a channel"
# No aggregate names a complainant, a contact or their words.
for r in weekly summary sla volume backlog handlers; do
	for by in '' category channel assignee flag; do
		[ -n "$by" ] && case $r in weekly|handlers) continue ;; esac
		xf-report "$r" -o json ${by:+--by "$by"}
	done
done > all.json
is "$(grep -c -i -e 'Ann Li' -e 'Bo Wu' -e 'example.com' -e 13800000000 \
    -e crash -e refund -e parcel all.json).$(grep -c amy all.json)" 0.6 \
    "no name, contact or text of a complainant in any report"

# --- as of a moment ------------------------------------------------------------
xf-report weekly > before
xf-report summary -o json --by assignee > before.json
after_week
export XF_NOW=2026-03-12T00:00:00Z
run xf-report weekly $W --as-of 2026-03-09T12:00:00Z
same_file before stdout "--as-of: W's report after more moves is the same, byte for byte"
run xf-report summary -o json --by assignee $W --as-of 2026-03-09T12:00:00Z
same_file before.json stdout "--as-of: C3 is still amy's and in W's backlog"
# Without --as-of the letter received 03-08 and registered 03-10 counts:
# received 4, backlog 6, in hand 3; nothing that happened to C1-C6 after
# W changes a figure of W.
run xf-report summary $W
is "$(cut -f2,9,10,11,14,15 stdout | sed -n 2p)" "4	6	3	1	4	50.0" \
    "without --as-of: a late registration counts, later moves do not"
# Read as it stood before the period began: nothing yet, a row of zeros
# (the moves of 03-09 to 03-11 are not in it).
run xf-report backlog --by week --since 2026-03-09 --until 2026-03-15 \
    --as-of 2026-03-08T00:00:00Z
is "$(sed -n 2p stdout)" "2026-03-09	0	0	0	0	0	0	0	0	0	0" \
    "--as-of before the period: zeros, not what came after"
