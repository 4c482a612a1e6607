#!/bin/sh
# A rejection is not final: reopen takes a rejected complaint back to new
# for review (复查), with a reason, and the decision is taken again by
# accept or reject.  The history tells the review from the first handling.
. "$(dirname "$0")/lib.sh"

plan 27

H='ref	status	was'
DAY=86400
T0=1780272000		# 2026-06-01T00:00:00Z, the pinned XF_NOW
T1=$((T0 + DAY))

# snap ID: the complaint's fields a move may touch, and its event count.
snap() {
	db "select status, updated_at, coalesce(accepted_at, '-'),
	    coalesce(first_response_at, '-'), coalesce(ack_due, '-'),
	    coalesce(due, '-'), reopen_count,
	    (select count(*) from event where complaint_id = $1)
	    from complaint where id = $1"
}

# events ID: kind, field, old, new and reason of each event, oldest first.
events() {
	db "select kind, coalesce(field, '-'), coalesce(old, '-'),
	    coalesce(new, '-'), coalesce(reason, '-') from event
	    where complaint_id = $1 order by id"
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant
Charged twice,Refund the second charge,web,2026-05-30,Alice
噪音扰民,楼下工地夜间施工,phone,2026-05-31,张三
Late parcel,Never arrived,email,2026-05-31,Bob
EOF
check "import three complaints" xf-intake f.csv
xf-status reject -m "not ours" 1 > /dev/null
xf-status accept 2 > /dev/null
xf-status reject -m "duplicate of a letter" 2 > /dev/null
is "$(db "select group_concat(status, ' ') from (select status from
    complaint order by id)")" "rejected rejected new" "two rejected, one new"

# --- the reason is required, as for every reopen -----------------------------
before=$(snap 1)
run xf-status reopen 1
is "$rc|$(cat stderr)|$(cat stdout)" \
    "2|xf-status: reopen needs a reason: -m text|" \
    "reopen a rejected complaint without -m: usage error, exit 2"
run xf-status reopen -m '   ' 1
is "$rc|$(cat stderr)" "2|xf-status: reopen needs a reason: -m text" \
    "reopen -m with only white space: exit 2"
run xf-status reopen -m 3 1
is "$rc" 2 "reopen -m with only a number: exit 2"
is "$(snap 1)" "$before" "refused reopens changed nothing"

# --- the review: rejected -> new ------------------------------------------------
XF_NOW=2026-06-02T00:00:00Z
run xf-status reopen -m "复查: the complainant wrote the wrong number" 1
is "$rc" 0 "reopen a rejected complaint: exit 0"
printf '%s\nXF-2026-000001\tnew\trejected\n' "$H" > want
same_file want stdout "reopen: prints ref, new status new, was rejected"
is "$(cat stderr)" "" "reopen: nothing on stderr"
b_fr=$(db "select first_response_at from complaint where id = 1")
is "$(db "select status, updated_at, first_response_at, reopen_count,
    coalesce(accepted_at, '-') from complaint where id = 1")" \
    "new|$T1|$b_fr|1|-" \
    "reopen: new, updated, first response kept, reopen_count 1, not accepted"
is "$(events 1 | tail -n 1)" \
    "reopen|status|rejected|new|复查: the complainant wrote the wrong number" \
    "reopen: one event, kind reopen, rejected to new, with the reason"

# A reopen moves no deadline: it keeps those the complaint had.
before=$(db "select coalesce(ack_due, '-'), coalesce(due, '-') from
    complaint where id = 2")
xf-status reopen -m "复查 requested by the complainant" 2 > /dev/null
is "$(db "select status, coalesce(ack_due, '-'), coalesce(due, '-')
    from complaint where id = 2")" "new|$before" \
    "reopen of a rejection once accepted: new, its deadlines as they were"

# A reopened complaint is open again: listed, and in the review queue.
run xf-status list -s new
is "$(cut -f 1 stdout | tr '\n' ' ')" \
    "ref XF-2026-000001 XF-2026-000002 XF-2026-000003 " \
    "list -s new: the reopened complaints with the new one"
run xf-status list
is "$(tail -n +2 stdout | wc -l | tr -d ' ')" 3 \
    "list (open complaints): the reopened ones are open again"

# --- the decision taken again: accept (overturned) or reject (upheld) ---------
XF_NOW=2026-06-03T00:00:00Z
run xf-status accept 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	accepted	new" \
    "after review: accept, the rejection overturned"
is "$(db "select accepted_at, due from complaint where id = 1")" \
    "$((T0 + 2 * DAY))|$((T0 + 62 * DAY))" \
    "accept after review: the resolve clock starts at this acceptance"
run xf-status reject -m "upheld: a duplicate after all" 2
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000002	rejected	new" \
    "after review: reject again, the rejection upheld"
XF_NOW=2026-06-04T00:00:00Z
run xf-status reopen -m "复核: second review requested" 2
is "$rc.$(db "select status, reopen_count from complaint where id = 2")" \
    "0.new|2" "a second review (复核): reopen again, reopen_count 2"

# The history reads: first handling, then each review from its reopen on.
is "$(events 1 | cut -d '|' -f 1-4)" \
"created|status|-|new
reject|status|new|rejected
reopen|status|rejected|new
accept|status|new|accepted
deadline|ack_due|-|$(db "select ack_due from complaint where id = 1")
deadline|due|-|$(db "select due from complaint where id = 1")" \
    "history of 1: created, rejected, reopened for review, accepted, its deadlines set"
run xf-status history 2
is "$(cut -f 4-6 stdout | grep -c '^reopen	status	rejected$')" 2 \
    "history of 2: two reviews, each a reopen from rejected"

# --- reopen from any other status is still refused -----------------------------
before=$(snap 3)
run xf-status reopen -m "why" 3
is "$rc|$(cat stderr)|$(snap 3)" \
    "1|xf-status: XF-2026-000003: cannot reopen: it is new; from new: accept, reject, note|$before" \
    "reopen a new complaint: refused, nothing changed"
xf-status reject -m "spam" 3 > /dev/null
run xf-status close 3
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000003: cannot close: it is rejected; from rejected: reopen, note" \
    "a rejected complaint: the refusal names reopen among the moves left"

# --- a resolved complaint still reopens to in_progress ---------------------------
xf-status start 1 > /dev/null
xf-status resolve -m "refunded" 1 > /dev/null
run xf-status reopen -m "the refund never came" 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	in_progress	resolved" \
    "reopen a resolved complaint: back to in_progress, as before"
is "$(db "select reopen_count from complaint where id = 1")" 2 \
    "reopen_count counts every reopen, of a rejection or of an answer"

# --- by ref stream, and the chain -----------------------------------------------
xf-status reject -m "again not ours" 2 > /dev/null
run sh -c 'xf-status list -s rejected | xf-status reopen -m "复查 of all"'
is "$rc|$(tail -n +2 stdout | tr '\n' ' ')" \
    "0|XF-2026-000002	new	rejected XF-2026-000003	new	rejected " \
    "reopen reads refs from a stream: every rejected complaint back to new"
run xf-status verify
is "$rc" 0 "verify: the event chain is intact"
like "$(cat stdout)" "* events, chain intact, head *" "verify: says so"
