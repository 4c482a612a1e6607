#!/bin/sh
# Queries stay on their indexes (issue 13): the plan SQLite makes for
# xf-status list with each filter, for overdue and for a search, read
# through the commands themselves with XF_EXPLAIN, so the SQL checked
# is the SQL run.  A "SCAN complaint" reads every complaint of the
# store, which at ten million is seconds where an index takes
# milliseconds; each case names the index that must serve it.  The
# planner's statistics of schema 5 make a store of three complaints
# planned as one of millions, so the plans here are the plans there.
. "$(dirname "$0")/lib.sh"

plan 59

cat > a.csv <<'EOF'
subject,body,date
Refund late,申请退款 two weeks ago,2026-03-01
Parcel lost,快递丢失,2026-03-02
Login fails,cannot log in,2026-03-03
EOF
xf-intake -q a.csv > /dev/null

# plan_of HEAD cmd...: the plan lines of the statement whose text starts
# with HEAD, as cmd ran it with XF_EXPLAIN set, in ./plan; its exit
# status in $rc.
plan_of() {
	_head=$1
	shift
	rc=0
	XF_EXPLAIN=1 "$@" > /dev/null 2> explain || rc=$?
	awk -v head="plan: $_head" '
		index($0, head) { on = 1; next }
		on && /^xf-[a-z]*: plan:   / { sub(/^xf-[a-z]*: plan:   /, ""); print; next }
		{ on = 0 }' explain > plan
}

# uses NAME INDEX HEAD cmd...: the command ran (exit 0, or 1 for nothing
# found) and the statement is served by INDEX (an index name, or
# "INTEGER PRIMARY KEY").
uses() {
	_name=$1
	_index=$2
	shift 2
	plan_of "$@"
	if [ "$rc" -gt 1 ] || ! [ -s plan ]; then
		fail "$_name: planned"
		diag "exit $rc, no plan; stderr:"
		diag_file explain
	else
		pass "$_name: planned"
	fi
	if grep -q "complaint USING.* $_index\( \|$\)" plan; then
		pass "$_name: $_index"
	else
		fail "$_name: $_index"
		diag_file plan
	fi
}

# no_scan NAME: fails when the plan reads every complaint: a SCAN of
# the table, or of an index that holds them all (the flagged one holds
# only the complaints that have a flag).
no_scan() {
	if grep -v 'complaint_flagged' plan | grep -q '^SCAN complaint\( \|$\)'; then
		fail "$1: no full scan"
		diag_file plan
	else
		pass "$1: no full scan"
	fi
}

LIST='SELECT ref, received_at'
OVERDUE='SELECT id, ref, status'

list() {
	_name=$1
	_index=$2
	shift 2
	uses "list $_name" "$_index" "$LIST" xf-status list "$@"
	no_scan "list $_name"
}

list "(open)" complaint_status
list "-s new" complaint_status -s new
list "-A -s new,accepted" complaint_status -A -s new,accepted
list "-c phone" complaint_status -c phone
list "-A --since --until" complaint_received -A --since 2026-03-01 \
    --until 2026-03-02
list "--since --until" complaint_received --since 2026-03-01 \
    --until 2026-03-02
list "-A --assignee" complaint_assignee -A --assignee bob
list "-A --team" complaint_team -A --team support
list "-A --category" complaint_category -A --category billing
list "-A --priority" complaint_priority -A --priority P1
list "-A --flag" complaint_flagged -A --flag privacy
list "-A --updated-since --updated-until" complaint_updated -A \
    --updated-since 2026-05-01 --updated-until 2026-06-01
list "-q" "INTEGER PRIMARY KEY" -q 退款
list "-A -q" "INTEGER PRIMARY KEY" -A -q refund

overdue() {
	_name=$1
	_index=$2
	shift 2
	uses "overdue $_name" "$_index" "$OVERDUE" xf-status overdue "$@"
	no_scan "overdue $_name"
}

overdue "" complaint_status
overdue "-u" complaint_assignee -u bob
overdue "-t" complaint_team -t support
overdue "ref" "INTEGER PRIMARY KEY" XF-2026-000001

# Each value of a list is one parameter, once: a word given a hundred
# times lists what it lists once, and is one term of the IN list.
xf-status list -s new,accepted > once.tsv
many=$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "%snew,accepted", i ? "," : "" }')
plan_of "$LIST" xf-status list -s "$many"
is "$rc" 0 "list -s with a hundred repeated words: exit 0"
XF_EXPLAIN=1 xf-status list -s "$many" > many.tsv 2> explain
like "$(grep "plan: $LIST" explain)" "*status IN (?1, ?2) ORDER BY*" \
    "list -s with a hundred repeated words: two parameters"
same_file once.tsv many.tsv "list -s with a hundred repeated words: the rows of one"

# The check itself: the catch-all WHERE list once had is planned as a
# scan, which no_scan catches.
sqlite3 "$XF_DB" "EXPLAIN QUERY PLAN SELECT ref FROM complaint
    WHERE (?1 IS NULL OR received_at >= ?1) ORDER BY received_at, id" |
    sed -n 's/^[|` -]*//p' | grep -v '^QUERY PLAN' > plan
if grep -v 'complaint_flagged' plan | grep -q '^SCAN complaint\( \|$\)'; then
	pass "a catch-all filter is planned as a full scan"
else
	fail "a catch-all filter is planned as a full scan"
	diag_file plan
fi

# xf-survey followups reads the call backs still to make, not every survey.
plan_of "SELECT c.ref, v.score" xf-survey followups
like "$(cat plan)" "*v USING INDEX survey_followup*" \
    "xf-survey followups: through survey_followup"
