#!/bin/sh
# Bulk moves commit in batches (xf-status(1), BATCHES): more complaints
# than a batch holds all move, a refusal in the middle undoes only its
# own complaint, a row is printed only once its complaint is committed
# (a kill leaves every printed complaint moved), and a slow producer
# upstream does not keep the store locked while xf-status waits for it.
. "$(dirname "$0")/lib.sh"

plan 19

export XF_NOTIFY=off
if slow; then N=120; else N=1200; fi	# over XF_BATCH_UNITS (500)

# rows N FIRST: a CSV of N complaints, subjects numbered from FIRST.
rows() {
	echo subject,body,received_at
	awk -v n="$1" -v f="$2" 'BEGIN { for (i = 0; i < n; i++)
	    printf "bulk %d,body %d,2026-05-01\n", f + i, f + i }'
}
rows $N 1 > a.csv
check "import $N" xf-intake a.csv

# --- many at once, one refused in the middle ---------------------------
xf-status accept XF-2026-000007 > /dev/null
xf-status list -s new > new.tsv
# the already accepted one again, an unknown ref, in the stream's middle
{ head -n 300 new.tsv; printf 'XF-2026-000007\nXF-2026-999999\n'
  tail -n +301 new.tsv; } > refs.tsv
exit_is 1 "accept: the refused ones make exit 1" xf-status accept < refs.tsv
is "$(grep -c '^XF-' stdout)" "$((N - 1))" "a row for each moved"
like "$(cat stderr)" "*XF-2026-000007*accepted*" "the accepted one refused"
like "$(cat stderr)" "*XF-2026-999999*no such complaint*" \
    "the unknown one refused"
is "$(db "select count(*) from complaint where status = 'accepted'")" "$N" \
    "every complaint accepted"
is "$(db "select count(*) from event where kind = 'accept' and
    new = 'accepted'")" "$N" "one status event each, none for the refused"
is "$(cut -f1 stdout | sed 1d | sort | uniq -d)" "" "no row twice"
check "verify" xf-status verify

# --- a kill: whatever was printed was committed -------------------------
xf-status list -s accepted > acc.tsv
xf-status start < acc.tsv > started 2> err &
pid=$!
sleep 0.05
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
printed=$(grep -c '^XF-' started || true)
inprogress=$(db "select count(*) from complaint where status = 'in_progress'")
ok "$([ "$printed" -le "$inprogress" ]; echo $?)" \
    "killed: $printed printed, $inprogress moved, none printed undone"
lost=0
for r in $(grep '^XF-' started | cut -f1); do
	[ "$(db "select status from complaint where ref = '$r'")" = \
	    in_progress ] || lost=$((lost + 1))
done
is "$lost" 0 "every printed complaint is in progress"
is "$(db 'pragma integrity_check')" ok "integrity_check after the kill"
check "verify after the kill" xf-status verify
xf-status list -s accepted | xf-status start > /dev/null 2>&1
is "$(db "select count(*) from complaint where status = 'in_progress'")" \
    "$N" "re-run: the rest moved"
is "$(db "select count(*) from event where new = 'in_progress'")" "$N" \
    "each moved exactly once"

# --- a slow producer does not hold the lock -----------------------------
# One ref now, the next a second later: the first is committed and
# printed while xf-status waits, and another writer gets in meanwhile.
rm -f pipe; mkfifo pipe
xf-status resolve -m done < pipe > slow.out 2> slow.err &
pid=$!
exec 4> pipe
echo XF-2026-000001 >&4
sleep 0.5
is "$(cut -f1 slow.out | sed 1d)" XF-2026-000001 \
    "the first printed before the next ref comes"
XF_BUSY_TIMEOUT=100 exit_is 0 "another writer meanwhile, 100 ms timeout" \
    xf-status resolve -m other XF-2026-000003
echo XF-2026-000002 >&4
exec 4>&-
wait $pid
is "$?" 0 "the slow run ends well"
is "$(cut -f1 slow.out | sed 1d | tr '\n' ' ')" \
    "XF-2026-000001 XF-2026-000002 " "both printed, in order"
