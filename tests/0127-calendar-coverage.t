#!/bin/sh
# A deadline past the last year the calendar lists holidays for: the
# command warns once a run, naming the file to add, instead of counting
# that year's holidays as working days in silence (issue 16, point 5).
# No warning when the deadline is covered, when a later year's file is
# there, or when the calendar lists no dates at all (no holidays is then
# a choice); the hint follows the last file's name.
. "$(dirname "$0")/lib.sh"

plan 21

export XF_TZ=Asia/Shanghai XF_NOTIFY=off
export XF_NOW=2026-12-28T02:00:00Z
cat > a.csv <<'EOF2'
subject,body
one,late in the year
two,late in the year too
three,and a third
quick,an urgent one
EOF2
check "import" xf-intake a.csv
exit_is 0 "three P3 complaints" xf-classify set --priority P3 -m triage 1 2 3
is "$(grep -c 'warning: a deadline falls in 2027' stderr)" 1 \
    "xf-classify warns once too: the deadlines it sets are in 2027"
check "one P1" xf-classify set --priority P1 -m triage 4

# Three P3 complaints: due 7 working days on, in January 2027.
exit_is 0 "accept: the moves are made" xf-status accept 1 2 3
is "$(grep -c 'warning:' stderr)" 1 "one warning for the run, not one a complaint"
like "$(cat stderr)" "xf-status: warning: a deadline falls in 2027, past 2026, *share/calendar/cn-2027.tsv is added*" \
    "it names the year, the last year listed, and the file to add"
is "$(db "select count(*) from complaint where status = 'accepted'")" 3 \
    "the warning stops nothing"

# A P1 complaint: due the same working day, covered.
exit_is 0 "accept a P1 due in 2026" xf-status accept 4
is "$(cat stderr)" "" "no warning when the deadline is covered"

# A calendar that lists 2027 too.
mkdir cal
cp "$XF_ROOT"/share/calendar/*.tsv cal/
printf '2027-01-01\tholiday\t元旦\n' > cal/cn-2027.tsv
check "reopen" sh -c 'xf-status start 1 && xf-status resolve -m done 1 &&
    xf-status close 1'
exit_is 0 "reopen with next year's file" env XF_CALENDAR="$T/cal" \
    xf-status reopen -m again 1
is "$(cat stderr)" "" "no warning when the calendar covers the year"

# A calendar without a single date: no holidays is a choice.
mkdir plain
cp "$XF_ROOT"/share/calendar/workweek.tsv plain/
exit_is 0 "extend on a calendar without dates" env XF_CALENDAR="$T/plain" \
    xf-status extend --days 3 --approver lead -m more 2
is "$(cat stderr)" "" "no warning when the calendar lists no dates"

# The hint follows the last file's name; without a year in it, YEAR.tsv.
mkdir own
printf '2026-12-25\tholiday\tChristmas\n' > own/holidays.tsv
exit_is 0 "extend on a calendar whose file has no year in its name" \
    env XF_CALENDAR="$T/own" xf-status extend --days 3 --approver lead \
    -m more 3
like "$(cat stderr)" "*until $T/own/2027.tsv is added*" \
    "the hint is YEAR.tsv beside the last file"
mkdir dotted
printf '2026-10-01\tholiday\tNational Day\n' > dotted/hk-2026-v2.tsv
exit_is 0 "a name with the year inside" env XF_CALENDAR="$T/dotted" \
    xf-status extend -n --days 3 --approver lead -m more 1
like "$(cat stderr)" "*until $T/dotted/hk-2027-v2.tsv is added*" \
    "the year inside the name is the one replaced"

# A dry run computes the same deadlines and says the same.
exit_is 0 "a dry run" xf-status extend -n --days 3 --approver lead -m more 1
is "$(grep -c 'warning:' stderr)" 1 "a dry run warns too"
