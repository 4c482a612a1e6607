#!/bin/sh
# The plans of list's queues (issue 16), as tests/0092 checks the
# filters': each order and --where on an indexed column is served by
# the index that serves the same filter without it, and none reads
# every complaint (schema 5's statistics plan a store of three as one
# of millions).
. "$(dirname "$0")/lib.sh"

plan 18

printf 'subject,body,date\nRefund late,退款,2026-03-01\nLost,丢失,2026-03-02\n' \
    > a.csv
xf-intake -q a.csv > /dev/null

# plan NAME INDEX ARGS...: list ARGS planned through INDEX, no full scan.
plan_is() {
	_name=$1
	_index=$2
	shift 2
	rc=0
	XF_EXPLAIN=1 xf-status list "$@" > /dev/null 2> explain || rc=$?
	sed -n 's/^xf-status: plan:   //p' explain > plan
	if [ "$rc" -le 1 ] && grep -q "complaint USING.* $_index\( \|$\)" plan
	then
		pass "$_name: $_index"
	else
		fail "$_name: $_index"
		diag_file explain
	fi
	if grep -q '^SCAN complaint$' plan; then
		fail "$_name: no full scan"
		diag_file plan
	else
		pass "$_name: no full scan"
	fi
}

plan_is "--sort due" complaint_status --sort due
plan_is "--sort overdue" complaint_status --sort overdue
plan_is "--sort priority" complaint_status --sort priority
plan_is "-A --sort updated" complaint_updated -A --sort updated
plan_is "-A --sort -received" complaint_received -A --sort -received
plan_is "--mine --sort due" complaint_assignee --mine --sort due
plan_is "--where team" complaint_team --where team=support
plan_is "-A --where category" complaint_category -A --where category=billing
plan_is "-A --where priority" complaint_priority -A --where priority=P1
