#!/bin/sh
# Soak: 8 processes on one store for a bounded time (SOAK_SECONDS, 20 by
# default; `make soak` runs longer) run intakes, classifications, moves,
# assignments, escalations, searches and reports at once, with the
# default busy timeout.  No process fails on a busy store (exit 75), the
# store holds exactly what the processes say they did, the event chain
# verifies and SQLite finds the file sound.
. "$(dirname "$0")/lib.sh"

plan 13

D=${SOAK_SECONDS:-20}
slow && D=10
export XF_NOTIFY=off XF_ACTOR=xf-soak
check "a handler to assign to" xf-assign handler add --team soak li

# worker NAME CMD: runs the shell function CMD until D seconds are up,
# the rows it printed (lines starting XF-) added up in count.NAME, any
# exit status but 0 and 1 in bad.NAME.
worker() {
	_end=$(($(date +%s) + D))
	_k=0
	: > "count.$1"; : > "bad.$1"
	while [ "$(date +%s)" -lt "$_end" ]; do
		_k=$((_k + 1))
		_rc=0
		"$2" "$1" $_k > "out.$1" 2> "err.$1" || _rc=$?
		grep -c '^XF-' "out.$1" >> "count.$1"
		case $_rc in
		0|1) ;;
		*) { echo "exit $_rc: $2"; cat "err.$1"; } >> "bad.$1" ;;
		esac
	done
}

intake() {
	awk -v w="$1" -v k="$2" 'BEGIN { print "subject,body,received_at"
	    for (i = 0; i < 10; i++)
		printf "soak %s %d %d,body %s %d %d,2026-05-01\n", w, k, i,
		    w, k, i }' > "in.$1.csv"
	xf-intake "in.$1.csv"
}
classify() { xf-status list -s new -l 20 | xf-classify; }
accept() { xf-status list -s new -l 30 | xf-status accept; }
assign() { xf-status list -s accepted -l 30 | xf-assign --to li -m soak; }
escalate() { xf-status escalate; }
search() { xf-status list -q soak -l 5 && xf-status show 1 > /dev/null; }
report() { xf-report summary > /dev/null; }

worker in1 intake & worker in2 intake & worker cls classify &
worker acc accept & worker asg assign & worker esc escalate &
worker srch search & worker rep report &
wait

sum() { cat count.$1 | awk '{ s += $1 } END { print s + 0 }'; }
bad=$(cat bad.*)
is "$bad" "" "no process failed on the store (exit 75 or worse)"
[ -n "$bad" ] && diag "$bad"
made=$(( $(sum in1) + $(sum in2) ))
diag "$D s: $made imported, $(sum acc) accepted, $(sum asg) assigned," \
    "$(sum esc) escalations, $(wc -l < count.srch) searches," \
    "$(wc -l < count.rep) reports"
ok "$([ "$made" -gt 0 ] && [ "$(sum acc)" -gt 0 ]; echo $?)" \
    "every kind of work got done"
is "$(db 'select count(*) from complaint')" "$made" \
    "complaints: the sum of what the intakes printed"
is "$(db "select count(*) from event where kind = 'created'")" "$made" "one created event each"
is "$(db "select count(*) from event where kind = 'accept'")" "$(sum acc)" \
    "accepted: the sum of what accept printed"
is "$(db "select count(*) from event where kind = 'assign' and
    field = 'assignee'")" "$(sum asg)" "assigned: the sum of what xf-assign printed"
is "$(db "select count(*) from event where kind = 'escalate'")" \
    "$(sum esc)" "escalations: the sum of what escalate printed"
is "$(db "select count(*) from complaint where status = 'new'") + \
$(db "select count(*) from complaint where status = 'accepted'")" \
    "$((made - $(sum acc))) + $(($(sum acc) - $(sum asg)))" \
    "statuses agree with the moves"
check "verify" xf-status verify
is "$(db 'pragma integrity_check')" ok "integrity_check"
is "$(grep -l 'database is locked\|busy' err.* 2>/dev/null)" "" \
    "no busy message anywhere"
ok "$([ "$(wc -l < count.cls)" -gt 0 ]; echo $?)" \
    "classification ran $(wc -l < count.cls) times"
