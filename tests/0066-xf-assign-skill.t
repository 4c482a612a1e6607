#!/bin/sh
# xf-assign by the skill strategy: a skill matching the category or a
# flag first, then the most free capacity, ties to the least recent turn;
# the whole team when no one with room has the skill.  What assigning
# writes (owner, team, status, turn, events, deadlines) and what it
# refuses; refs on stdin; -n; output formats.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 41

H='ref	assignee	team	ack_due	due	reason'
ACK=2026-06-16T00:00:00+00:00	# received 2026-06-01: P4 statutory 15 days
DUE=2026-07-31T00:00:00+00:00	# and 60 days

xf-assign handler add --team billing --skills billing --capacity 5 alice > /dev/null
xf-assign handler add --team billing --skills billing,vip --capacity 10 bob > /dev/null
xf-assign handler add --team billing --capacity 20 carol > /dev/null
xf-assign handler add --team support --skills privacy --capacity 3 sam > /dev/null
xf-assign handler add --team support --capacity 30 sue > /dev/null

# complaints N CATEGORY [new]: N accepted complaints of CATEGORY ('-' for
# none), received at the pinned now, or new ones; their refs in ./refs.
seq=0
complaints() {
	{
		echo 'subject,body,received_at'
		_i=0
		while [ $_i -lt "$1" ]; do
			seq=$((seq + 1))
			echo "c$seq,body $seq,2026-06-01T00:00:00Z"
			_i=$((_i + 1))
		done
	} > c.csv
	xf-intake -q c.csv | cut -f1 > refs
	if [ "$2" != - ]; then
		xf-classify set --category "$2" -m fixture < refs > /dev/null
	fi
	if [ "${3:-}" != new ]; then
		xf-status accept < refs > /dev/null
	fi
}

# --- skill, then the most free capacity, ties to the least recent turn ---------------
complaints 7 billing
run xf-assign < refs
is "$rc" 0 "seven billing complaints: exit 0"
cat > want <<EOF2
$H
XF-2026-000001	bob	billing	$ACK	$DUE	skill billing; 10 of 10 free; team billing by category
XF-2026-000002	bob	billing	$ACK	$DUE	skill billing; 9 of 10 free; team billing by category
XF-2026-000003	bob	billing	$ACK	$DUE	skill billing; 8 of 10 free; team billing by category
XF-2026-000004	bob	billing	$ACK	$DUE	skill billing; 7 of 10 free; team billing by category
XF-2026-000005	bob	billing	$ACK	$DUE	skill billing; 6 of 10 free; team billing by category
XF-2026-000006	alice	billing	$ACK	$DUE	skill billing; 5 of 5 free; team billing by category
XF-2026-000007	bob	billing	$ACK	$DUE	skill billing; 5 of 10 free; team billing by category
EOF2
same_file want stdout "skill holders only; most free first; a tie to the one given work less recently"
is "$(cat stderr)" "" "nothing on stderr"
is "$(db "select login || ':' || turn from handler where turn > 0
    order by turn")" "alice:6
bob:7" "each assignment advances the chooser's turn past everyone's"

# --- what is written -----------------------------------------------------------------
is "$(db "select status, assignee, team, ack_due, due, updated_at
    from complaint where id = 1")" \
    "assigned|bob|billing|1781568000|1785456000|1780272000" \
    "accepted -> assigned; owner, team, deadlines stored"
cat > want <<'EOF2'
1|assign|assignee|-|bob|skill billing; 10 of 10 free; team billing by category|xf-test
1|assign|team|-|billing|skill billing; 10 of 10 free; team billing by category|xf-test
1|assign|status|accepted|assigned|skill billing; 10 of 10 free; team billing by category|xf-test
EOF2
db "select complaint_id, kind, field, coalesce(old, '-'), new, reason, actor
    from event where complaint_id = 1 and kind = 'assign' order by id" > got
same_file want got "three assign events: owner, team, status, each with the reason"

# --- the same owner again: nothing written ------------------------------------------
n=$(db "select count(*) from event")
run xf-assign XF-2026-000007
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000007	bob	billing	$ACK	$DUE	already owned by bob" \
    "chosen again: 'already owned by bob'"
is "$(db "select count(*) from event").$(db "select turn from handler where login = 'bob'")" \
    "$n.7" "already owned: no event, no turn taken"

# --- when the skilled are full, the whole team ---------------------------------------
db "UPDATE handler SET capacity = 1 WHERE login IN ('alice', 'bob')"
complaints 1 billing
run xf-assign < refs
is "$(sed -n 2p stdout | cut -f2,6)" \
    "carol	no free handler with skill billing in team billing; 20 of 20 free; team billing by category" \
    "skilled handlers full: the whole team, and the reason says so"
db "UPDATE handler SET capacity = 10 WHERE login = 'bob'"
db "UPDATE handler SET capacity = 5 WHERE login = 'alice'"

# --- a flag as the skill; no skill in the team -----------------------------------------
complaints 1 account
xf-classify set --flag +privacy -m fixture < refs > /dev/null
run xf-assign < refs
is "$(sed -n 2p stdout | cut -f2,3,6)" \
    "sam	support	skill privacy; 3 of 3 free; team support by category" \
    "a flag matches a skill (account complaint flagged privacy)"
complaints 1 delivery
run xf-assign < refs
is "$(sed -n 2p stdout | cut -f2,6)" \
    "sue	no skill delivery in team support; 30 of 30 free; team support by category" \
    "no one has the skill: the most free capacity of the team"
complaints 1 service
xf-classify set --flag +media --flag +vip -m fixture < refs > /dev/null
run xf-assign < refs
is "$(sed -n 2p stdout | cut -f2,6)" \
    "sue	no skill service or media or vip in team support; 29 of 30 free; team support by category" \
    "the reason lists the skills looked for"
complaints 1 -
run xf-assign < refs
is "$(sed -n 2p stdout | cut -f2,6)" \
    "sue	no category or flag to match skills; 28 of 30 free; team support by default" \
    "not classified: the whole team of the * row"

# --- statuses --------------------------------------------------------------------------
printf 'subject,body,received_at\nfresh,not accepted yet,2026-06-01T00:00:00Z\n' > n.csv
ref=$(xf-intake -q n.csv | sed -n 2p | cut -f1)
run xf-assign "$ref"
is "$rc.$(db "select status || ' ' || assignee from complaint where ref = '$ref'")" \
    "0.new sue" "a new complaint gets an owner and stays new"
is "$(db "select count(*) from event where complaint_id = (select id
    from complaint where ref = '$ref') and kind = 'assign'
    and field = 'status'")" 0 "new: no status event"
xf-status start XF-2026-000001 > /dev/null
db "UPDATE handler SET active = 0 WHERE login = 'bob'"
run xf-assign XF-2026-000001
is "$rc.$(sed -n 2p stdout | cut -f2,6)" \
    "0.alice	reassigned from bob (disabled): skill billing; 4 of 5 free; team billing by category" \
    "in progress, owner disabled: reassigned, the reason names who had it"
is "$(db "select status from complaint where id = 1")" in_progress \
    "reassigned in progress: the status stays"
is "$(db "select old || ' -> ' || new from event where complaint_id = 1
    and field = 'assignee' order by id desc limit 1")" "bob -> alice" \
    "the reassignment event records from and to"
db "UPDATE handler SET active = 1 WHERE login = 'bob'"
xf-status start XF-2026-000002 > /dev/null
xf-status resolve -m done XF-2026-000002 > /dev/null
xf-status start XF-2026-000003 > /dev/null
xf-status resolve -m done XF-2026-000003 > /dev/null
xf-status close XF-2026-000003 > /dev/null
# A rejection is a lead's (xf-status(1), ROLES), one of no team here.
xf-assign handler add --team desk --role lead --capacity 0 boss > /dev/null
XF_ACTOR=boss xf-status reject -m spam "$ref" > /dev/null
n=$(db "select count(*) from event")
run xf-assign XF-2026-000002 XF-2026-000003 "$ref" XF-2026-000004 XF-2026-999999
is "$rc" 1 "finished complaints: exit 1"
is "$(cat stderr)" "xf-assign: XF-2026-000002: cannot assign: it is resolved
xf-assign: XF-2026-000003: cannot assign: it is closed
xf-assign: $ref: cannot assign: it is rejected
xf-assign: XF-2026-999999: no such complaint" \
    "resolved, closed, rejected and unknown refs reported by name"
is "$(sed 1d stdout | cut -f1,6)" "XF-2026-000004	already owned by bob" \
    "the good ref among them is still handled"
is "$(db "select count(*) from event")" "$n" "refused: nothing written"

# --- refs on stdin, with a header, from another command ------------------------------
complaints 2 billing
run sh -c 'xf-status list -s accepted | xf-assign'
is "$rc.$(sed 1d stdout | cut -f1 | tr '\n' ' ')" \
    "0.$(sed 1d refs | tr '\n' ' ')" "refs from xf-status list through a pipe, header skipped"
printf 'ref\n\n%s\n' "$(sed -n 2p refs)" | xf-assign > out
is "$(sed -n 2p out | cut -f6)" "already owned by $(db "select assignee from complaint where ref = '$(sed -n 2p refs)'")" \
    "a bare list with a header and a blank line"

# --- -n: computed, printed, nothing written ----------------------------------------------
complaints 3 billing
dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump | cksum
}
before=$(dump)
run xf-assign -n < refs
is "$rc.$(sed 1d stdout | wc -l | tr -d ' ')" "0.3" "-n: three rows printed"
is "$(dump)" "$before" "-n: the store is byte for byte the same"
run xf-assign -n -S round-robin < refs
is "$(sed 1d stdout | cut -f2 | sort -u | wc -l | tr -d ' ')" 3 \
    "-n: each choice sees the ones before it (round-robin: three owners)"
run xf-assign < refs
is "$(db "select count(*) from complaint where status = 'accepted'")" 0 \
    "every accepted complaint is assigned now"

# --- deadlines by the policy ----------------------------------------------------------
# A new complaint of P2: acknowledge in 8 working hours, resolve in 3
# working days, on the business calendar (09:00-18:00), from Monday
# 2026-06-01 00:00 UTC, when it came: the clock starts at 09:00.
complaints 1 billing new
xf-classify set --priority P2 -m fixture < refs > /dev/null
run xf-assign -n < refs
is "$(sed -n 2p stdout | cut -f4,5)" \
    "2026-06-01T17:00:00+00:00	2026-06-03T18:00:00+00:00" \
    "P2: ack_due and due from the policy's business clock"
# 00:00 UTC is 08:00 in Shanghai: the same working hours, in that zone.
XF_TZ=Asia/Shanghai run xf-assign -n < refs
is "$(sed -n 2p stdout | cut -f4,5)" \
    "2026-06-01T17:00:00+08:00	2026-06-03T18:00:00+08:00" \
    "XF_TZ: working hours and printed times in that zone"
printf 'category\tpriority\tack\tresolve\tclock\tescalate\n*\t*\t1d\t2d\tcalendar\t1d\n' > policy.tsv
run xf-assign -P policy.tsv < refs
is "$(sed -n 2p stdout | cut -f4,5)" \
    "2026-06-02T00:00:00+00:00	2026-06-03T00:00:00+00:00" \
    "-P: another policy"
is "$(db "select field || ' ' || reason from event where kind = 'deadline'
    and complaint_id = (select id from complaint where ref = '$(sed -n 2p refs)')
    and reason like 'policy.tsv:2 %'")" \
    "ack_due policy.tsv:2 calendar: acknowledge 1d, resolve 2d
due policy.tsv:2 calendar: acknowledge 1d, resolve 2d" \
    "the new deadlines are deadline events in the same transaction"
is "$(db "select status || ' ' || ack_due || ' ' || due from complaint
    where ref = '$(sed -n 2p refs)'")" \
    "new 1780358400 1780444800" "and stored; the complaint stays new"
printf 'nonsense\n' > badpolicy.tsv
complaints 1 billing
run xf-assign -P badpolicy.tsv < refs
is "$rc.$(cat stdout)" "2." "a bad policy: exit 2, nothing assigned"
like "$(cat stderr)" "xf-assign: badpolicy.tsv*(nothing assigned)" \
    "a bad policy: named"
check "assigned with the shipped policy" xf-assign -P "$XF_SHARE/policy.tsv" < refs

# --- output formats -----------------------------------------------------------------------
ref=$(sed -n 2p refs)
run xf-assign -o csv "$ref"
is "$(tr -d '\r' < stdout)" "ref,assignee,team,ack_due,due,reason
$ref,alice,billing,$ACK,$DUE,already owned by alice" \
    "-o csv"
run xf-assign -o jsonl "$ref"
is "$(cat stdout)" "{\"ref\":\"$ref\",\"assignee\":\"alice\",\"team\":\"billing\",\"ack_due\":\"$ACK\",\"due\":\"$DUE\",\"reason\":\"already owned by alice\"}" \
    "-o jsonl"
run xf-assign -o table "$ref"
is "$(cat stdout)" "ref             assignee  team     ack_due                    due                        reason
$ref  alice     billing  $ACK  $DUE  already owned by alice" \
    "-o table"
run xf-assign "$ref" -o jsonl
is "$rc.$(head -c 8 stdout)" '0.{"ref":"' "options may follow refs"

like "$(xf-status verify)" "* events, chain intact, head *" \
    "the event chain is intact"
