#!/bin/sh
# Bulk work killed at random moments (issue 17, point 3): moves over many
# refs (xf-status accept), assignment (xf-assign), classification
# (xf-classify) and escalation (xf-status escalate).  After each SIGKILL
# the store is sound (lib.sh's unsound: integrity_check, created events,
# verify, which also finds a field its events do not account for), and
# running the job again leaves exactly what one uninterrupted run does:
# the same rows, and each complaint's events of each kind counted once.
# XF_KILLS sets the kills a job (3 here; scripts/bench-kill runs more).
. "$(dirname "$0")/lib.sh"

KILLS=${XF_KILLS:-3}
N=200
export XF_NOTIFY=off
plan 12

awk -v n=$N 'BEGIN {
	print "subject,body,contact"
	for (i = 1; i <= n; i++)
		printf "refund late %d,the refund for order %d is late," \
		    "u%d@example.com\n", i, i, i
}' > in.csv
xf-intake -q in.csv > refs.tsv
xf-assign handler add --team support bob > /dev/null
export XF_ACTOR=xf-test
cp "$XF_DB" base.db

# state: what a job leaves, without the order events were written in.
state() {
	db "select * from complaint order by id;
	    select complaint_id, kind, count(*) from event
	    group by 1, 2 order by 1, 2"
}

now_ms() {
	date +%s%3N
}

# start FILE: the store replaced by a copy of FILE (no side files).
start() {
	fresh_db
	cp "$1" "$XF_DB"
}

# job NAME FROM cmd...: cmd run on a copy of FROM to the end, then
# KILLS times killed at a random moment and run again; the state must
# match the uninterrupted run's.  Leaves the finished store in done.db.
job() {
	_name=$1 _from=$2
	shift 2
	start "$_from"
	_t0=$(now_ms)
	"$@" < refs.tsv > /dev/null 2>&1
	_full=$(($(now_ms) - _t0))
	state > want
	cp "$XF_DB" done.db
	_bad=0 _differ=0 _i=1
	while [ "$_i" -le "$KILLS" ]; do
		start "$_from"
		"$@" < refs.tsv > /dev/null 2>&1 &
		_pid=$!
		sleep "$(awk -v n="$_full" -v s="$_i" 'BEGIN { srand(s);
		    printf "%.3f", rand() * n / 1000 }')"
		kill -9 "$_pid" 2> /dev/null
		wait "$_pid" 2> /dev/null
		_why=$(unsound)
		if [ -n "$_why" ]; then
			_bad=$((_bad + 1))
			diag "$_name, kill $_i: $_why"
		fi
		"$@" < refs.tsv > /dev/null 2>&1
		state > got
		if ! cmp -s want got; then
			_differ=$((_differ + 1))
			diag "$_name, kill $_i: the re-run left another state"
			diff want got | grep "^>" | sed -n "1,3s/^/# /p"
		fi
		_i=$((_i + 1))
	done
	diag "$_name: a whole run $_full ms"
	is "$_bad" 0 "$_name: $KILLS kills, the store sound after each"
	TODO=${DIFFER_TODO:-}
	is "$_differ" 0 "$_name: and the re-run finishes the job exactly"
	TODO=
}

job "bulk accept" base.db xf-status accept -m "taken up"
job "bulk assign" done.db xf-assign -f --to bob -m "on it"
# Known: a run that starts part-way meets the "collective" flag at
# another complaint, so some complaints get P1 deadlines that one whole
# run gives the P3 ones of their first classification.  Sound, but not
# the same: reported, left open.
DIFFER_TODO="classify: deadlines depend on where a run starts" \
    job "classify" base.db xf-classify
unset DIFFER_TODO
cp base.db before.db
start base.db
xf-status accept -m ok < refs.tsv > /dev/null 2>&1
xf-assign -f --to bob -m x < refs.tsv > /dev/null 2>&1
cp "$XF_DB" assigned.db
XF_NOW=2026-09-01T00:00:00Z
job "escalate" assigned.db xf-status escalate
is "$(db "select count(distinct complaint_id) from event where kind = 'escalate'")" $N \
    "escalate: every complaint escalated"
is "$(db "select count(*) from event where kind = 'accept'")" $N \
    "no complaint accepted twice"
is "$(db "select count(*) from complaint where assignee = 'bob'")" $N \
    "every complaint assigned"
is "$(db "select count(*) from complaint where status = 'assigned'")" $N \
    "and in status assigned"
