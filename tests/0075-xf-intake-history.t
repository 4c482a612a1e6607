#!/bin/sh
# An old export's history: -m status=, accepted_at=, resolved_at=,
# closed_at= bring each complaint to the status the export gives, by
# "import" events at the export's own times, so a backlog is not a heap
# of alarms.  Status aliases; bad values and impossible times are row
# errors; -n stores nothing; a re-import records nothing twice; a kill
# leaves each complaint with all its events or none.
. "$(dirname "$0")/lib.sh"

plan 41

HH='ref	at	actor	kind	field	old	new	reason'

# stored: complaints.events in the store, 0.0 when there is none (db
# would create it).
stored() {
	if [ -e "$XF_DB" ]; then
		echo "$(db "select count(*) from complaint").$(db "select count(*) from event")"
	else
		echo 0.0
	fi
}

cat > hist.csv <<'EOF'
ticket,received,title,state,accepted,resolved,closed
T1,2026-01-05 09:00,Charged twice,Closed with explanation,2026-01-06 10:00,2026-01-20 16:00,2026-01-21 09:00
T2,2026-01-07 11:00,Parcel lost,已办结,,,2026-02-01 15:30
T3,2026-02-02 08:00,Noisy site,办理中,2026-02-03 09:00,,
T4,2026-02-10 14:00,Rude driver,Resolved,,,
T5,2026-03-01 10:00,Broken lamp,,,,
T6,2026-03-02 10:00,Not ours,不予受理,,,2026-03-04 17:00
B1,2026-03-03 10:00,Bad status,Pending review,,,
B2,2026-03-03 10:00,Closed early,Closed,,,2026-03-01 10:00
B3,2026-03-03 10:00,Closed later,Closed,,,2026-07-01 10:00
B4,2026-03-03 10:00,Open but closed,In progress,,,2026-03-05 10:00
B5,2026-03-03 10:00,Unreadable,Closed,,,next tuesday
EOF

history_import() {
	xf-intake -m ext_id=ticket -m status=state -m accepted_at=accepted \
	    -m resolved_at=resolved -m closed_at=closed "$@"
}

# --- a dry run first: the same rows and messages, nothing stored ------
run history_import -n hist.csv
cp stdout dry.out
cp stderr dry.err
is "$rc.$(stored)" "1.0.0" "-n: exit 1 (rows refused), nothing stored"

# --- the import -------------------------------------------------------
run history_import hist.csv
is "$rc" 1 "some rows refused: exit 1"
is "$(tail -1 stderr)" \
    "xf-intake: read 11, created 6, duplicate 0, rejected 5" "summary"
is "$(cut -f1,5 stdout | tail -n +2 | tr '\t\n' '  ')" \
    "XF-2026-000001 Charged twice XF-2026-000002 Parcel lost XF-2026-000003 Noisy site XF-2026-000004 Rude driver XF-2026-000005 Broken lamp XF-2026-000006 Not ours " \
    "the six good rows printed"
same_file stdout dry.out "-n printed what the import printed"
sed '$d' stderr > warned
sed '$d' dry.err > dry.warned
same_file warned dry.warned "-n warned as the import warned"
is "$(tail -1 dry.err)" \
    "xf-intake: read 11, created 6, duplicate 0, rejected 5 (dry run: nothing stored)" \
    "-n: the summary says nothing was stored"

# Row errors: the file, the line and why; an unknown status lists the
# statuses an import takes.
is "$(sed -n 1p stderr)" "xf-intake: hist.csv:8: unknown status 'Pending review' (valid: new, accepted, in_progress, resolved, closed, rejected, or an alias xf-intake(1) lists)" \
    "unknown status: a row error naming the valid ones"
is "$(sed -n 2p stderr)" "xf-intake: hist.csv:9: closed_at time '2026-03-01 10:00' is before the received time" \
    "closed before received: a row error"
is "$(sed -n 3p stderr)" "xf-intake: hist.csv:10: closed_at time '2026-07-01 10:00' is in the future" \
    "closed in the future: a row error"
is "$(sed -n 4p stderr)" "xf-intake: hist.csv:11: closed_at is given, but status 'In progress' is in_progress" \
    "an open status with a closing time: a row error"
is "$(sed -n 5p stderr)" "xf-intake: hist.csv:12: unrecognised closed_at time 'next tuesday'" \
    "an unreadable time: a row error"
is "$(db "select count(*) from complaint where ext_id like 'B%'")" 0 \
    "no bad row stored"

# The statuses, through their aliases, with the export's times.
is "$(db "select ext_id || ' ' || status from complaint order by id" | tr '\n' ' ')" \
    "T1 closed T2 closed T3 in_progress T4 resolved T5 new T6 rejected " \
    "statuses through the aliases (Closed with explanation, 已办结, 办理中, Resolved, none, 不予受理)"
is "$(db "select datetime(accepted_at, 'unixepoch') || '|' ||
    datetime(resolved_at, 'unixepoch') || '|' ||
    datetime(closed_at, 'unixepoch') || '|' ||
    datetime(first_response_at, 'unixepoch') from complaint where ext_id = 'T1'")" \
    "2026-01-06 10:00:00|2026-01-20 16:00:00|2026-01-21 09:00:00|2026-01-06 10:00:00" \
    "T1: its milestones are the export's times"
is "$(db "select datetime(updated_at, 'unixepoch') from complaint where ext_id = 'T1'")" \
    "2026-06-01 00:00:00" "T1: updated_at is the store's time, the import's"

run xf-status history XF-2026-000001
cat > want <<EOF
$HH
XF-2026-000001	2026-06-01T00:00:00+00:00	tester	created	status		new	hist.csv:2
XF-2026-000001	2026-01-06T10:00:00+00:00	tester	import	status	new	accepted	imported from hist.csv:2 as 'Closed with explanation'
XF-2026-000001	2026-01-20T16:00:00+00:00	tester	import	status	accepted	resolved	imported from hist.csv:2 as 'Closed with explanation'
XF-2026-000001	2026-01-21T09:00:00+00:00	tester	import	status	resolved	closed	imported from hist.csv:2 as 'Closed with explanation'
EOF
same_file want stdout "history: the imported moves at their past times, marked imported"

# A move the export gives no time for: at the last time it gives, and
# the event says so.
run xf-status history XF-2026-000004
is "$(tail -1 stdout)" \
    "XF-2026-000004	2026-02-10T14:00:00+00:00	tester	import	status	new	resolved	imported from hist.csv:5 as 'Resolved'; the export gives no time for it: dated at the last time it gives" \
    "resolved without resolved_at: at the received time, said so"
is "$(db "select datetime(resolved_at, 'unixepoch') from complaint where ext_id = 'T4'")" \
    "2026-02-10 14:00:00" "T4: resolved_at as its event says"
run xf-status history XF-2026-000003
is "$(tail -n +3 stdout | cut -f2,4,7,8 | tr '\t\n' '  ')" \
    "2026-02-03T09:00:00+00:00 import accepted imported from hist.csv:4 as '办理中' 2026-02-03T09:00:00+00:00 import in_progress imported from hist.csv:4 as '办理中'; the export gives no time for it: dated at the last time it gives " \
    "in progress: accepted at its time, then started"
is "$(db "select count(*) from event where kind = 'import'")" 8 \
    "8 import events (3 + 1 + 2 + 1 + 0 + 1)"
is "$(db "select count(*) from event e join complaint c on c.id = e.complaint_id
    where c.ext_id = 'T5'")" 1 "no status: only its created event, as before"

# Deadlines: only the open ones owe anything.
run xf-status overdue
is "$(tail -n +2 stdout | cut -f1,2,6 | tr '\t\n' '  ')" \
    "XF-2026-000005 acknowledge new XF-2026-000003 resolve in_progress " \
    "overdue: the open ones, none closed, resolved or rejected"
is "$(db "select due - accepted_at from complaint where ext_id = 'T3'")" \
    "$((60 * 86400))" "an imported acceptance starts the 60-day clock, as accept does"
run xf-status verify
is "$rc" 0 "verify: the chain is intact"

# --- a re-import records nothing twice ---------------------------------
events=$(db "select count(*) from event")
run history_import hist.csv
is "$rc.$(tail -1 stderr)" \
    "1.xf-intake: read 11, created 0, duplicate 6, rejected 5" \
    "re-import: duplicates"
is "$(db "select count(*) from event")" "$events" "re-import: no event twice"
check "re-import: verify" xf-status verify

# --- -S: one bad row and nothing is stored ------------------------------
fresh_db
run history_import -S hist.csv
is "$rc.$(stored)" "1.0.0" "-S with a bad status row: nothing stored"

# --- only what -m names: a Status column is not taken by its name --------
fresh_db
printf 'subject,Status,closed_at\nLamp,Closed,2026-05-01 10:00\n' > named.csv
run xf-intake named.csv
is "$rc.$(db "select status || ' ' || json_extract(extra, '\$.Status') || ' ' ||
    json_extract(extra, '\$.closed_at') from complaint")" \
    "0.new Closed 2026-05-01 10:00" \
    "columns named status and closed_at stay extras without -m"

# --- no status column: the latest time says it -----------------------------
fresh_db
printf 'subject,received,done\nLamp,2026-05-01 10:00,2026-05-02 11:00\nBell,2026-05-03 10:00,\n' \
    > done.csv
run xf-intake -m received_at=received -m closed_at=done done.csv
is "$rc.$(db "select subject || ' ' || status || ' ' ||
    coalesce(datetime(closed_at, 'unixepoch'), '-') from complaint
    order by id" | tr '\n' ' ')" \
    "0.Lamp closed 2026-05-02 11:00:00 Bell new - " \
    "closed_at alone closes; an empty one leaves the complaint new"
printf 'subject,done\nLamp,2026-05-02 11:00\n' > nodate.csv
run xf-intake -m closed_at=done nodate.csv
is "$rc.$(cat stderr)" "1.xf-intake: nodate.csv:2: closed_at is given but no received time: map one with -m received_at=COLUMN
xf-intake: read 1, created 0, duplicate 0, rejected 1" \
    "a closing time without a received time: refused, says what to map"

# --- statuses an import cannot set --------------------------------------
printf 'subject,state\nLamp,waiting\n' > wait.csv
run xf-intake -m status=state wait.csv
is "$(head -1 stderr)" "xf-intake: wait.csv:2: status 'waiting' cannot be imported: waiting is set by xf-assign or xf-status (valid: new, accepted, in_progress, resolved, closed, rejected)" \
    "waiting: refused, the valid ones named"

# --- a kill mid-import leaves each complaint whole, with its history -----
fresh_db
ROWS=20000
CHUNK=500
awk -v n=$ROWS 'BEGIN {
	print "ext_id,received_at,subject,state,closed"
	for (i = 1; i <= n; i++)
		printf "K%d,2026-01-%02d 10:00,subject %d,Closed,2026-02-%02d 10:00\n",
		    i, i % 28 + 1, i, i % 28 + 1
}' > big.csv
xf-intake -b $CHUNK -m status=state -m closed_at=closed big.csv \
    > /dev/null 2> err &
pid=$!
# Killed once its first commit units are in (polled, so that a slow run,
# under valgrind say, is killed mid-import too).
i=0
until [ "$(db "select count(*) from complaint" 2> /dev/null)" -gt 0 ] \
    2> /dev/null || [ $i -ge 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
n=$(db "select count(*) from complaint")
diag "killed after $n of $ROWS complaints"
is "$(db "select count(*) from complaint where status = 'closed'").$(db "select
    count(*) from event where kind = 'import' and new = 'closed'")" "$n.$n" \
    "killed: every stored complaint closed, with its import event"
is "$((n % CHUNK))" 0 "killed: whole commit units only ($n rows)"
check "killed: verify" xf-status verify
xf-intake -b $CHUNK -m status=state -m closed_at=closed big.csv \
    > /dev/null 2> err
is "$?.$(db "select count(*) from complaint where status = 'closed'")" \
    "0.$ROWS" "run again: the import completes"
is "$(db "select count(*) from event where kind = 'import'")" "$ROWS" \
    "run again: one import event a complaint, none twice"
is "$(db "select count(*) from complaint c where closed_at is null
    or closed_at <> (select at from event e where e.complaint_id = c.id
    and e.kind = 'import')")" 0 "each closed_at is its event's time"
run xf-status overdue
is "$rc.$(tail -n +2 stdout | wc -l | tr -d ' ')" "1.0" \
    "nothing overdue (exit 1: nothing found)"
check "verify at the end" xf-status verify
