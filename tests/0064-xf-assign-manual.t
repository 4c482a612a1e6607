#!/bin/sh
# xf-assign --to: by hand, with a reason; the handler must exist and be
# active; capacity holds unless -f; reassignment records from, to and
# the reason; the same owner again is a no-op.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 29

H='ref	assignee	team	ack_due	due	reason'

xf-assign handler add --team billing --capacity 1 ann > /dev/null
xf-assign handler add --team legal --capacity 5 --role legal lee > /dev/null
xf-assign handler add --team support off > /dev/null
xf-assign handler disable off > /dev/null
cat > f.csv <<'EOF2'
subject,body,received_at
one,first,2026-06-01T00:00:00Z
two,second,2026-06-01T00:00:00Z
three,third,2026-06-01T00:00:00Z
EOF2
xf-intake -q f.csv | xf-status accept > /dev/null

# --- by hand ---------------------------------------------------------------------------
run xf-assign --to ann -m '客户点名要求' XF-2026-000001
is "$rc" 0 "--to: exit 0"
cat > want <<EOF2
$H
XF-2026-000001	ann	billing	2026-06-16T00:00:00+00:00	2026-07-31T00:00:00+00:00	by hand: 客户点名要求
EOF2
# Accepted (acknowledged) before any acknowledge deadline was set: none.
same_file want stdout "--to: the handler's team, deadlines, 'by hand:' and the reason"
is "$(db "select status, assignee, team from complaint where id = 1")" \
    "assigned|ann|billing" "--to: stored"
is "$(db "select field, coalesce(old, '-'), new, reason from event
    where complaint_id = 1 and kind = 'assign' order by id")" \
    "assignee|-|ann|by hand: 客户点名要求
team|-|billing|by hand: 客户点名要求
status|accepted|assigned|by hand: 客户点名要求" "--to: the events carry the reason"
is "$(db "select turn > 0 from handler where login = 'ann'")" 1 \
    "--to: the handler's turn is taken too"

# --- refused ----------------------------------------------------------------------------
n=$(db "select count(*) from event")
exit_is 2 "--to without -m" xf-assign --to ann XF-2026-000002
is "$(cat stderr)" "xf-assign: --to needs a reason: -m text" "--to without -m: says so"
exit_is 2 "--to with an empty -m" xf-assign --to ann -m '' XF-2026-000002
exit_is 2 "-m without --to" xf-assign -m 'why' XF-2026-000002
exit_is 2 "-f without --to" xf-assign -f XF-2026-000002
exit_is 2 "--to with -S" xf-assign --to ann -m x -S round-robin 2
exit_is 2 "--to with -t" xf-assign --to ann -m x -t billing 2
exit_is 2 "--to with -a" xf-assign --to ann -m x -a
exit_is 2 "--to a bad login" xf-assign --to 'Ann' -m x 2
run xf-assign --to ghost -m x XF-2026-000002
is "$rc.$(cat stdout).$(cat stderr)" "1..xf-assign: --to ghost: no such handler" \
    "--to an unknown handler: exit 1, no row"
run xf-assign --to off -m x XF-2026-000002
is "$rc.$(cat stderr)" \
    "1.xf-assign: --to off: disabled (xf-assign handler enable off)" \
    "--to a disabled handler: exit 1"
run xf-assign --to ann -m 'too much' XF-2026-000002
is "$rc.$(sed 1d stdout)" "1." "--to a full handler: exit 1, no row"
is "$(cat stderr)" \
    "xf-assign: XF-2026-000002: cannot assign to ann: at capacity (1 open of 1; -f assigns anyway)" \
    "--to a full handler: says so, and how"
is "$(db "select count(*) from event").$(db "select coalesce(assignee, '-')
    from complaint where id = 2")" "$n.-" "refused: nothing written"

# --- -f: over capacity -------------------------------------------------------------------
run xf-assign -f --to ann -m 'VIP customer' XF-2026-000002
is "$rc.$(sed -n 2p stdout | cut -f2,6)" \
    "0.ann	by hand, over capacity (1 open of 1): VIP customer" \
    "-f: assigned over capacity, and the reason says so"
is "$(db "select count(*) from complaint where assignee = 'ann'")" 2 \
    "ann has two now"

# --- reassignment: from, to, reason --------------------------------------------------------
run xf-assign --to lee -m '涉及个人信息，转法务' XF-2026-000001
is "$rc.$(sed -n 2p stdout | cut -f2,3,6)" \
    "0.lee	legal	reassigned from ann: by hand: 涉及个人信息，转法务" \
    "reassigned: the reason names the previous owner"
run xf-status history XF-2026-000001
is "$(grep '	assign	' stdout | tail -2 | cut -f5-8)" \
    "assignee	ann	lee	reassigned from ann: by hand: 涉及个人信息，转法务
team	billing	legal	reassigned from ann: by hand: 涉及个人信息，转法务" \
    "xf-status history: from, to and the reason; the team change too"
is "$(db "select status from complaint where id = 1")" assigned \
    "reassigned: still assigned"

# --- the same owner: a no-op ------------------------------------------------------------------
n=$(db "select count(*) from event")
run xf-assign --to lee -m again XF-2026-000001
is "$rc.$(sed -n 2p stdout | cut -f2,6)" "0.lee	already owned by lee" \
    "--to the owner: 'already owned by lee'"
is "$(db "select count(*) from event")" "$n" "--to the owner: no event"
run xf-assign -f --to ann -m 'full, but hers already' XF-2026-000002
is "$rc.$(sed -n 2p stdout | cut -f6)" "0.already owned by ann" \
    "--to the owner who is over capacity: still a no-op"

# --- refs on stdin; a finished complaint -------------------------------------------------------
printf 'ref\tstatus\nXF-2026-000003\taccepted\n' | xf-assign --to lee -m 'from a list' > out
is "$(sed -n 2p out | cut -f1,2,6)" "XF-2026-000003	lee	by hand: from a list" \
    "--to: refs on stdin"
xf-status start 3 > /dev/null
xf-status resolve -m done 3 > /dev/null
run xf-assign --to lee -m late XF-2026-000003
is "$rc.$(cat stderr)" "1.xf-assign: XF-2026-000003: cannot assign: it is resolved" \
    "--to a resolved complaint: refused"
