#!/bin/sh
# xf-report: the default period (last week, Monday to Monday in XF_TZ),
# quiet alerts, a read-only store, and every bad input refused with
# exit 2 and a message saying what to write instead.
. "$(dirname "$0")/lib.sh"

plan 27

cat > a.csv <<'EOF2'
received_at,channel,subject,body
2026-03-03 10:00,web,one,first
2026-03-10 10:00,web,two,second
EOF2
XF_NOW=2026-03-11T00:00:00Z xf-intake -q a.csv > /dev/null
export XF_NOW=2026-03-11T12:00:00Z

# --- the default period --------------------------------------------------
run xf-report summary -o json
like "$(cat stdout)" '*"period":"2026-03-02","received":1,*' \
    "no period given: last week, from Monday 2026-03-02"
run env XF_TZ=Asia/Shanghai xf-report weekly -o json
like "$(cat stdout)" '{"report":"weekly","since":"2026-03-02T00:00:00+08:00","until":"2026-03-09T00:00:00+08:00",*' \
    "last week in XF_TZ"
run xf-report summary -o json --since 2026-03-09
like "$(cat stdout)" '*"period":"2026-03-09","received":1,*' \
    "--since alone runs to now"
run xf-report summary -o json --until 2026-03-04
like "$(cat stdout)" '*"period":"2026-02-26","received":1,*' \
    "--until alone: the week before it (2026-03-04 included)"

# --- quiet -----------------------------------------------------------------
run xf-report alerts
is "$rc|$(cat stdout stderr)" "0|" "alerts with nothing to say: nothing, exit 0"
run xf-report alerts -o json
is "$rc|$(cat stdout stderr)" "0|" "alerts -o json with none: nothing"

# --- read-only ----------------------------------------------------------------
run xf-report summary -d missing.db
is "$rc.$(ls missing.db* 2>/dev/null | wc -l | tr -d ' ')" "75.0" \
    "a missing store: exit 75, as every command's, and none created"
like "$(cat stderr)" "xf-report: missing.db: *" "a missing store: named"
chmod 0444 "$XF_DB"
rm -f "$XF_DB-wal" "$XF_DB-shm"
run xf-report summary
is "$rc" 0 "a store that may not be written: read all the same"
chmod 0644 "$XF_DB"

# --- indexes ------------------------------------------------------------------
# The period's reads, as lib/report.c writes them, go through indexes:
# the events of a period (covering), the complaints received in it, and
# the open ones (never the received_at index, which would walk all).
plan_of() {
	sqlite3 -init /dev/null -batch "$XF_DB" "EXPLAIN QUERY PLAN $1" |
	    sed -n 's/.*--//p'
}
like "$(plan_of "SELECT complaint_id FROM event WHERE at >= 1 AND at < 2
    AND complaint_id IS NOT NULL AND kind <> 'created' AND kind <> 'note'
    AND kind <> 'message' AND kind <> 'followup'")" \
    "SEARCH event USING COVERING INDEX event_at (at>? AND at<?)" \
    "the period's events: a range of event_at"
like "$(plan_of "SELECT id FROM complaint WHERE received_at >= 1
    AND received_at < 2 AND registered_at <= 3")" \
    "SEARCH complaint USING INDEX complaint_received (received_at>? AND received_at<?)" \
    "the complaints received: a range of complaint_received"
sqlite3 "$XF_DB" ANALYZE
like "$(plan_of "SELECT id FROM complaint WHERE status IN ('new', 'accepted',
    'assigned', 'in_progress', 'waiting', 'resolved') AND +received_at < 9
    AND registered_at <= 9")" "SEARCH complaint USING INDEX complaint_status (status=?)" \
    "the backlog: complaint_status, even after ANALYZE"

# --- usage ----------------------------------------------------------------------
exit_is 2 "no verb: exit 2" xf-report
like "$(cat stderr)" "usage: xf-report *" "no verb: the usage"
exit_is 2 "an unknown verb" xf-report sumary
like "$(cat stderr)" "*did you mean 'summary'?*" "an unknown verb: a suggestion"
exit_is 2 "--by colour" xf-report summary --by colour
like "$(cat stderr)" "*--by colour: not a grouping: day, week, month,*" \
    "--by colour: the groupings listed"
exit_is 2 "weekly --by" xf-report weekly --by day
exit_is 2 "handlers --by" xf-report handlers --by team
exit_is 2 "alerts --by" xf-report alerts --by category
exit_is 2 "since after until" xf-report summary --since 2026-03-09 \
    --until 2026-03-02
like "$(cat stderr)" "*is not before --until*the period is empty" \
    "since after until: said"
exit_is 2 "a bad date" xf-report summary --since 2026-02-30
exit_is 2 "--as-of in the future" xf-report summary --as-of 2030-01-01
exit_is 2 "a bad --lang" xf-report --lang fr summary
exit_is 2 "a bad -o" xf-report -o xml summary
