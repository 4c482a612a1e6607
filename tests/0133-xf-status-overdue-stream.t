#!/bin/sh
# xf-status overdue streams its listing: the order waits in a temporary
# table and each complaint is read again when its turn comes, so a store
# with hundreds of thousands late stays within its memory budget.  The
# order must be the one the in-memory sort of --escalate -n gives (most
# late first, then the earlier deadline, then the ref), ties included,
# on the calendar and the business clock alike, with every format.
. "$(dirname "$0")/lib.sh"

plan 8

export XF_NOW=2026-04-01T00:00:00Z
# Ties on purpose: the same received time (same lateness, same deadline,
# told apart by the ref), and P1 rows on a business clock beside the
# statutory calendar ones.
{
	echo 'subject,body,received_at'
	i=0
	while [ $i -lt 60 ]; do
		d=$((10 + i % 7))
		echo "late $i,body $i,2026-03-$d 0$((i % 5)):00"
		i=$((i + 1))
	done
} > a.csv
check "import 60 complaints" xf-intake a.csv
export XF_ACTOR=xf-test
db "UPDATE complaint SET priority = 'P1' WHERE id % 3 = 1"
is "$(db "select count(*) from complaint where priority = 'P1'")" 20 \
    "a third of them P1, on the policy's business clock"

run env XF_NOW=2026-04-20T10:00:00Z xf-status overdue
is "$rc" 0 "late ones: exit 0"
cut -f 1-8 stdout > streamed
run env XF_NOW=2026-04-20T10:00:00Z xf-status overdue --escalate -n
cut -f 1-8 stdout > sorted
is "$(wc -l < streamed)" 61 "every complaint late, and the header"
diff -u sorted streamed > d 2>&1
is "$?|$(cat d)" "0|" "the streamed order is the sorted one"

run env XF_NOW=2026-04-20T10:00:00Z xf-status overdue -o json
is "$(grep -o '"ref"' stdout | wc -l)" 60 "json: one object a complaint"

run env XF_NOW=2026-04-20T10:00:00Z xf-status overdue -q
is "$rc|$(cat stdout)" "0|" "-q: exit 0, nothing printed"

run env XF_NOW=2026-03-01T00:00:00Z xf-status overdue
is "$rc|$(cat stdout)" "1|" "nothing late: exit 1, not even a header"
