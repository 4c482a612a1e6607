#!/bin/sh
# xf-assign fairness: 1,000 accepted complaints over 7 handlers of equal
# capacity end with counts that differ by at most one, for each strategy;
# ties are broken the same way every time.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 15

# Under valgrind or the sanitizers every command is slow: fewer complaints.
if slow; then
	N=71
else
	N=1000
fi
HANDLERS='han hbo hcy hdi hen hfu hgo'

{
	echo 'subject,body,received_at'
	i=1
	while [ $i -le $N ]; do
		echo "complaint $i,text of complaint number $i,2026-05-01"
		i=$((i + 1))
	done
} > many.csv

# setup: a fresh store with N accepted complaints and the seven handlers.
setup() {
	fresh_db
	xf-intake -q many.csv | xf-status accept > /dev/null
	for h in $HANDLERS; do
		xf-assign handler add --team support --capacity 200 "$h" \
		    > /dev/null
	done
}

# 1,000 = 7 x 142 + 6: six get 143, one 142.
spread=$([ $((N % 7)) -eq 0 ] && echo 0 || echo 1)
for s in skill round-robin least-loaded; do
	setup
	run xf-assign -a -S "$s"
	is "$rc.$(cat stderr)" "0." "$s: $N complaints, exit 0, no warning"
	is "$(sed 1d stdout | wc -l | tr -d ' ')" "$N" "$s: a row for each"
	is "$(db "select count(*) from complaint where status = 'assigned'
	    and team = 'support'")" "$N" "$s: every one assigned to support"
	is "$(db "select count(*) || ' ' || (max(n) - min(n)) from (select
	    count(*) n from complaint group by assignee)")" "7 $spread" \
	    "$s: seven handlers, counts differ by at most one"
	is "$(db "select group_concat(assignee, ' ') from (select assignee
	    from complaint order by id limit 7)")" "$HANDLERS" \
	    "$s: the first seven go one to each, in login order"
done
