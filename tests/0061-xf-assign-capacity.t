#!/bin/sh
# xf-assign and capacity: no one is given more open complaints than their
# capacity; a complaint no one can take stays as it was, is reported, and
# the exit status is 1.  Disabled handlers get nothing, and their open
# complaints go to others through "handler disable | xf-assign".
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 29

H='ref	assignee	team	ack_due	due	reason'

# complaints N: N more accepted complaints (not classified: team support).
seq=0
complaints() {
	{
		echo 'subject,body,received_at'
		_i=0
		while [ $_i -lt "$1" ]; do
			seq=$((seq + 1))
			echo "c$seq,body $seq,2026-05-20"
			_i=$((_i + 1))
		done
	} > c.csv
	xf-intake -q c.csv | xf-status accept > /dev/null
}

load() {
	db "select count(*) from complaint where assignee = '$1' and status in
	    ('new', 'accepted', 'assigned', 'in_progress', 'waiting')"
}

# --- capacity 2: the third is left unassigned ------------------------------------------
xf-assign handler add --team support --capacity 2 tiny > /dev/null
complaints 3
n=$(db "select count(*) from event")
run xf-assign -a
is "$rc" 1 "capacity 2, three complaints: exit 1"
is "$(sed 1d stdout | cut -f1,2)" "XF-2026-000001	tiny
XF-2026-000002	tiny" "the first two assigned"
is "$(cat stderr)" \
    "xf-assign: XF-2026-000003: nobody can take it: team support has no active handler with free capacity" \
    "the third reported"
is "$(db "select status || ' ' || coalesce(assignee, '-') || ' ' ||
    coalesce(team, '-') from complaint where id = 3")" "accepted - -" \
    "the third stays accepted, no owner, no team"
is "$(db "select count(*) from event where complaint_id = 3 and at >= 1780272000
    and kind = 'assign'")" 0 "the third: no assign event"
is "$(load tiny)" 2 "tiny has two, her capacity"
run xf-assign -a
is "$rc.$(sed 1d stdout | wc -l | tr -d ' ')" "1.0" "again: still nobody, exit 1"

# --- a finished complaint frees room -------------------------------------------------
xf-status start 1 > /dev/null
xf-status resolve -m done 1 > /dev/null
run xf-assign -a
is "$rc.$(sed 1d stdout | cut -f1,2)" "0.XF-2026-000003	tiny" \
    "one resolved: room again, the third assigned"
is "$(db "select h.capacity || ' ' || (select count(*) from complaint c
    where c.assignee = h.login) from handler h where login = 'tiny'")" "2 3" \
    "load counts open complaints only (3 owned, 2 open)"

# --- capacity 0 and a disabled handler get nothing --------------------------------------
xf-assign handler add --team support --capacity 0 zero > /dev/null
xf-assign handler add --team support --capacity 100 off > /dev/null
xf-assign handler disable off > /dev/null
complaints 1
run xf-assign -a
is "$rc" 1 "only capacity 0, disabled and full handlers: exit 1"
is "$(load zero).$(load off)" "0.0" "capacity 0 and disabled: nothing given"
xf-assign handler add --team support --capacity 10 bob > /dev/null
xf-assign handler add --team support --capacity 10 cat > /dev/null
complaints 6
# zero and off never had a turn: round-robin would pick them first.
run xf-assign -a -S round-robin
is "$rc.$(cat stderr)" "0." "bob and cat added: all assigned"
is "$(load bob) $(load cat) $(load zero) $(load off)" "4 3 0 0" \
    "round-robin: taking turns between bob and cat; none to zero or off"

# --- disable | xf-assign: the work goes to others ---------------------------------------
xf-status start XF-2026-000005 > /dev/null
xf-status wait -m 'need the order number' XF-2026-000005 > /dev/null
db "UPDATE complaint SET status = 'in_progress' WHERE id IN
    (SELECT id FROM complaint WHERE assignee = 'bob' LIMIT 1 OFFSET 1)"
bobs=$(db "select ref from complaint where assignee = 'bob' order by id")
run xf-assign handler disable -m 'left the company' bob
is "$rc" 0 "disable bob: exit 0"
is "$(sed 1d stdout | cut -f1)" "$bobs" "disable bob: his open complaints listed"
is "$(sed 1d stdout | cut -f2 | sort -u | tr '\n' ' ')" "assigned in_progress " \
    "disable bob: in several statuses"
xf-assign handler disable bob > list.tsv
run xf-assign < list.tsv
is "$rc.$(cat stderr)" "0." "the list piped to xf-assign: exit 0"
is "$(sed 1d stdout | cut -f2 | sort -u)" "cat" "every one goes to cat"
like "$(sed -n 2p stdout | cut -f6)" \
    "reassigned from bob (disabled): no category or flag to match skills; * free; team support by default" \
    "the reason names the previous owner and why he was passed"
is "$(load bob).$(load cat)" "0.7" "bob has none left, cat all of them"
is "$(db "select count(*) from event where kind = 'assign' and
    field = 'assignee' and old = 'bob' and new = 'cat'
    and reason like 'reassigned from bob (disabled): %'")" "$(echo "$bobs" | wc -l | tr -d ' ')" \
    "one event each, from bob to cat, with the reason"
is "$(db "select count(*) from complaint where assignee = 'cat' and
    status = 'in_progress'")" 1 "reassigning keeps the status"
is "$(db "select status from complaint where id = 5")" waiting \
    "a waiting complaint stays waiting"
run sh -c 'xf-assign handler disable bob | xf-assign'
is "$rc.$(cat stdout)" "0." "the real pipe, run again: nothing left to do"
run sh -c 'xf-assign handler disable cat | xf-assign'
is "$rc" 1 "cat disabled too, zero and tiny full: exit 1"
is "$(grep -c 'nobody can take it: team support has no active handler with free capacity' stderr)" \
    7 "each of cat's complaints reported"
is "$(load cat)" 7 "and left with cat, as they were"

# --- a team with no handlers -----------------------------------------------------------
run xf-assign -t nosuchteam XF-2026-000004
is "$rc.$(cat stderr)" \
    "1.xf-assign: XF-2026-000004: nobody can take it: team nosuchteam has no active handler with free capacity" \
    "a team with no handlers: reported"
run xf-assign -a
is "$rc.$(cat stdout)" "0." "-a with nothing accepted and unowned: nothing printed, exit 0"
