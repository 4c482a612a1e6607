#!/bin/sh
# A long bulk run yields to other writers: while thousands of complaints
# are accepted one after another, small imports beside it each get the
# store within a short busy timeout (batches are bounded in time and the
# lock is let go between them; a busy wait tries every few ms).
. "$(dirname "$0")/lib.sh"

plan 5

export XF_NOTIFY=off
if slow; then N=600; else N=6000; fi
awk -v n=$N 'BEGIN { print "subject,body,received_at"
    for (i = 0; i < n; i++) printf "long %d,body %d,2026-05-01\n", i, i }' \
    > big.csv
check "import $N" xf-intake big.csv

xf-status list -s new > new.tsv
xf-status accept < new.tsv > acc.out 2> acc.err &
pid=$!
# Imports of one row each while the accept runs, 300 ms to get the lock.
i=0 failed=0 during=0
while [ $i -lt 20 ]; do
	kill -0 $pid 2> /dev/null && during=$((during + 1))
	printf 'subject,body,received_at\nbeside %d,x,2026-05-02\n' $i > s.csv
	XF_BUSY_TIMEOUT=300 xf-intake s.csv > /dev/null 2>> s.err ||
	    failed=$((failed + 1))
	i=$((i + 1))
done
wait $pid
is "$?" 0 "the long accept ends well"
diag "$during of 20 imports started while it ran"
is "$failed" 0 "no import beside it timed out"
is "$(grep -c '^XF-' acc.out)" "$N" "all $N accepted and printed"
is "$(db "select count(*) from complaint")" "$((N + 20))" \
    "every import stored"
