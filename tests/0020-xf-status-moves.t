#!/bin/sh
# xf-status moves: accept, reject, start, wait, resume, resolve, close,
# reopen, note and extend; the milestones each sets, the one event each
# writes, refs in every form, reasons required.  (Forbidden moves: 0025.)
. "$(dirname "$0")/lib.sh"

plan 108

H='ref	status	was'
DAY=86400
T0=1780272000		# 2026-06-01T00:00:00Z, the pinned XF_NOW
DUE0=$((T0 + 60 * DAY))	# accepted at T0: due 60 days on

# snap ID: the columns a move may touch, and the complaint's event count.
snap() {
	db "select status, updated_at, coalesce(assignee, '-'),
	    coalesce(accepted_at, '-'), coalesce(first_response_at, '-'),
	    coalesce(due, '-'), coalesce(resolved_at, '-'),
	    coalesce(closed_at, '-'), coalesce(paused_since, '-'),
	    paused_seconds, reopen_count,
	    (select count(*) from event where complaint_id = $1)
	    from complaint where id = $1"
}

# lastev: the newest event, NULLs shown as '-'.
lastev() {
	db "select complaint_id, at, actor, kind, coalesce(field, '-'),
	    coalesce(old, '-'), coalesce(new, '-'), coalesce(reason, '-')
	    from event order by id desc limit 1"
}

nevents() {
	db "select count(*) from event"
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant
Charged twice,Refund the second charge,web,2026-05-01,Alice
噪音扰民,楼下工地夜间施工,phone,2026-05-02,张三
Late parcel,Never arrived,email,2026-05-03,Bob
路灯不亮,小区门口的路灯坏了,letter,2026-05-04,李四
EOF
check "import four complaints" xf-intake f.csv

# --- accept ------------------------------------------------------------------
n=$(nevents)
run xf-status accept xf-2026-000001
is "$rc" 0 "accept: exit 0"
printf '%s\nXF-2026-000001\taccepted\tnew\n' "$H" > want
same_file want stdout "accept: prints ref status was, header first"
is "$(cat stderr)" "" "accept: nothing on stderr"
is "$(db "select status, accepted_at, first_response_at, due, updated_at
    from complaint where id = 1")" "accepted|$T0|$T0|$DUE0|$T0" \
    "accept: accepted_at, first_response_at, due = accepted_at + 60 days"
is "$(nevents)" $((n + 3)) \
    "accept: a status event, and the two deadlines it set, never set before"
is "$(db "select complaint_id, at, actor, kind, coalesce(field, '-'),
    coalesce(old, '-'), coalesce(new, '-'), coalesce(reason, '-')
    from event order by id desc limit 3")" \
"1|$T0|tester|deadline|due|-|$DUE0|policy.tsv:26 calendar: acknowledge 15d, resolve 60d
1|$T0|tester|deadline|ack_due|-|$((T0 - 31 * DAY + 15 * DAY))|policy.tsv:26 calendar: acknowledge 15d, resolve 60d
1|$T0|tester|accept|status|new|accepted|-" \
    "accept: status event, then the statutory 15 days from receipt and the 60 from acceptance written down"

# --- start from accepted with no assignee: takes it ---------------------------
n=$(nevents)
run xf-status start 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	in_progress	accepted" \
    "start: accepted -> in_progress"
is "$(db "select assignee from complaint where id = 1")" tester \
    "start: the actor becomes the assignee"
is "$(nevents)" $((n + 2)) "start with no assignee: two events"
is "$(db "select kind, field, coalesce(old, '-'), new, actor from event
    where complaint_id = 1 order by id desc limit 2")" \
"assign|assignee|-|tester|tester
start|status|accepted|in_progress|tester" \
    "start: a status event, then an assign event"

# --- start from assigned, assignee already set: one event, owner kept --------
XF_NOW=2026-06-01T01:00:00Z xf-status accept 2 > /dev/null
db "UPDATE complaint SET status = 'assigned', assignee = 'bob' WHERE id = 2"
n=$(nevents)
run xf-status start XF-2026-000002
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000002	in_progress	assigned" \
    "start: assigned -> in_progress"
is "$(db "select assignee from complaint where id = 2").$(nevents)" \
    "bob.$((n + 1))" "start with an assignee: owner kept, one event"

# --- wait and resume: the clock pauses --------------------------------------
n=$(nevents)
run xf-status wait -m "asked for the invoice" 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	waiting	in_progress" \
    "wait: in_progress -> waiting"
is "$(db "select paused_since, paused_seconds from complaint where id = 1")" \
    "$T0|0" "wait: paused_since set"
is "$(lastev)" "1|$T0|tester|wait|status|in_progress|waiting|asked for the invoice" \
    "wait: event with the reason"
T3=$((T0 + 3 * DAY))
run env XF_NOW=2026-06-04T00:00:00Z xf-status resume 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	in_progress	waiting" \
    "resume: waiting -> in_progress"
is "$(db "select paused_seconds, due, coalesce(paused_since, '-'), updated_at
    from complaint where id = 1")" "259200|$((DUE0 + 259200))|-|$T3" \
    "resume after 3 days: paused_seconds 259200, due moved 3 days"
is "$(db "select complaint_id, at, actor, kind, coalesce(field, '-'),
    coalesce(old, '-'), coalesce(new, '-'), coalesce(reason, '-')
    from event order by id desc limit 2")" \
"1|$T3|tester|deadline|due|$DUE0|$((DUE0 + 259200))|policy.tsv:26 calendar: acknowledge 15d, resolve 60d, paused 3d
1|$T3|tester|resume|status|waiting|in_progress|-" \
    "resume: its event, then the deadline it moved, from and to"
is "$(nevents)" $((n + 3)) "wait and resume: one event each, and the deadline moved"
# A second pause adds to the first.
XF_NOW=2026-06-05T00:00:00Z xf-status wait -m again 1 > /dev/null
XF_NOW=2026-06-05T06:00:00Z xf-status resume 1 > /dev/null
is "$(db "select paused_seconds, due from complaint where id = 1")" \
    "$((259200 + 21600))|$((DUE0 + 259200 + 21600))" \
    "a second pause of 6 hours adds to the first"

# --- resolve, close, reopen -------------------------------------------------
T5=$((T0 + 5 * DAY))
export XF_NOW=2026-06-06T00:00:00Z
n=$(nevents)
run xf-status resolve -m "refunded the second charge" 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	resolved	in_progress" \
    "resolve: in_progress -> resolved"
is "$(db "select resolved_at, first_response_at from complaint where id = 1")" \
    "$T5|$T0" "resolve: resolved_at set, first response kept"
is "$(lastev)" "1|$T5|tester|resolve|status|in_progress|resolved|refunded the second charge" \
    "resolve: event with the answer as reason"
run xf-status close 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	closed	resolved" \
    "close: resolved -> closed"
is "$(db "select closed_at from complaint where id = 1")" "$T5" \
    "close: closed_at set"
due_before=$(db "select due from complaint where id = 1")
run xf-status reopen -m "still charged twice" 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	in_progress	closed" \
    "reopen: closed -> in_progress"
is "$(db "select reopen_count, coalesce(resolved_at, '-'),
    coalesce(closed_at, '-') from complaint where id = 1")" "1|-|-" \
    "reopen: reopen_count 1, resolved_at and closed_at cleared"
is "$(db "select complaint_id, at, actor, kind, field, old, new, reason
    from event where kind = 'reopen' order by id desc limit 1")" \
    "1|$T5|tester|reopen|status|closed|in_progress|still charged twice" \
    "reopen: event"
is "$(lastev)" "1|$T5|tester|deadline|due|$due_before|$((T5 + 30 * 86400))|policy.tsv:26 calendar: acknowledge 15d, review (复查) from the reopen 30d" \
    "reopen: a review (复查) is due 30 days from the reopen, a deadline event says"
xf-status resolve -m "done" 1 > /dev/null
run xf-status reopen -m "again" 1
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000001	in_progress	resolved" \
    "reopen: resolved -> in_progress"
is "$(db "select reopen_count, coalesce(resolved_at, '-') from complaint
    where id = 1")" "2|-" "reopen twice: reopen_count 2"
is "$(nevents)" $((n + 6)) \
    "resolve, close, reopen and its deadline, resolve, reopen (the same deadline again): six events"

# --- reject from new and from accepted ---------------------------------------
run xf-status reject -m "not ours" 3
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000003	rejected	new" \
    "reject: new -> rejected"
is "$(db "select first_response_at, coalesce(accepted_at, '-'),
    coalesce(due, '-') from complaint where id = 3")" "$T5|-|-" \
    "reject: first_response_at set, not accepted, no due"
is "$(lastev)" "3|$T5|tester|reject|status|new|rejected|not ours" \
    "reject: event with the reason"
xf-status accept 4 > /dev/null
run xf-status reject -m "duplicate of a letter" 4
is "$rc.$(sed -n 2p stdout)" "0.XF-2026-000004	rejected	accepted" \
    "reject: accepted -> rejected"

# --- note: any status, status unchanged ----------------------------------------
XF_NOW=2026-06-01T00:00:00Z
for id in 1 3; do
	st=$(db "select status from complaint where id = $id")
	n=$(nevents)
	run env XF_NOW=2026-06-10T00:00:00Z xf-status note -m "called back" $id
	is "$rc.$(sed -n 2p stdout)" "0.XF-2026-00000$id	$st	$st" \
	    "note on a $st complaint: status unchanged"
	is "$(db "select status, updated_at from complaint where id = $id").$(nevents)" \
	    "$st|$((T0 + 9 * DAY)).$((n + 1))" \
	    "note on a $st complaint: updated_at set, one event"
	is "$(lastev)" "$id|$((T0 + 9 * DAY))|tester|note|-|-|-|called back" \
	    "note on a $st complaint: event kind note with the text"
done

# --- -o formats of the move output ------------------------------------------
run xf-status -o jsonl note -m x 2
is "$rc.$(cat stdout)" '0.{"ref":"XF-2026-000002","status":"in_progress","was":"in_progress"}' \
    "-o jsonl: one object a move, no header"
run xf-status note -o csv -m x 2
printf 'ref,status,was\r\nXF-2026-000002,in_progress,in_progress\r\n' > want
is "$rc" 0 "-o csv after the verb: exit 0"
same_file want stdout "-o csv after the verb: RFC 4180 rows"

# --- refs: stdin, header skipped, bare ids, any case, batches ----------------
fresh_db
cat > g.csv <<'EOF'
subject,body,received_at
one,first,2026-05-01
two,second,2026-05-02
three,third,2026-05-03
EOF
xf-intake g.csv 2>/dev/null | xf-status accept > out 2> err
is "$?" 0 "xf-intake | xf-status accept: exit 0"
printf '%s\n' "$H" "XF-2026-000001	accepted	new" \
    "XF-2026-000002	accepted	new" "XF-2026-000003	accepted	new" > want
same_file want out "xf-intake | xf-status accept: every row moved, header skipped"
is "$(cat err)" "" "xf-intake | xf-status accept: no warnings"
is "$(db "select count(*) from event where kind = 'accept'")" 3 \
    "xf-intake | xf-status accept: one event each"
xf-status list -s accepted | xf-status start > out 2> err
is "$?.$(grep -c in_progress out)" "0.3" "xf-status list | xf-status start"
printf 'ref,status\n"XF-2026-000002",x\n\n3,y\n' | xf-status wait -m w > out
is "$?.$(cut -f1 out | tr '\n' ' ')" "0.ref XF-2026-000002 XF-2026-000003 " \
    "CSV on stdin: quoted ref, blank line, bare id"
run xf-status resume Xf-2026-000002 000003
is "$rc.$(cut -f1 stdout | tr '\n' ' ')" "0.ref XF-2026-000002 XF-2026-000003 " \
    "refs in mixed case and with leading zeros"

n=$(nevents)
run xf-status note -m batch 1 nosuch XF-2026-000099 3
is "$rc" 1 "unknown ref in a batch: exit 1"
printf '%s\n' "xf-status: nosuch: no such complaint" \
    "xf-status: XF-2026-000099: no such complaint" > want
same_file want stderr "unknown ref in a batch: each named"
printf '%s\n' "$H" "XF-2026-000001	in_progress	in_progress" \
    "XF-2026-000003	in_progress	in_progress" > want
same_file want stdout "unknown ref in a batch: the others still move"
is "$(nevents)" $((n + 2)) "unknown ref in a batch: two events"
exit_is 1 "unknown ref alone: exit 1" xf-status accept 42
is "$(cat stderr)" "xf-status: 42: no such complaint" \
    "unknown ref alone: message"

# --- a reason is required: exit 2, nothing changes -----------------------------
before=$(snap 1)
for v in reject wait resolve reopen note; do
	run xf-status $v 1
	is "$rc|$(cat stderr)|$(cat stdout)" \
	    "2|xf-status: $v needs a reason: -m text|" "$v without -m: exit 2"
	run xf-status $v -m '' 1
	is "$rc|$(cat stderr)" "2|xf-status: $v needs a reason: -m text" \
	    "$v with an empty -m: exit 2"
done
# A reason is read later by someone who was not there: white space,
# punctuation or a bare number say nothing, in any script.
for m in '   ' '。。' '3' ' 12, 7 ' "$(printf '\t')"; do
	run xf-status reject -m "$m" 1
	is "$rc" 2 "reject -m '$m': no words, exit 2"
done
run xf-status extend --days 3 --approver lead -m ' ' 1
is "$rc" 2 "extend -m ' ': no words, exit 2"
run xf-status review --approve -m '...' 1
is "$rc" 2 "review -m '...': no words, exit 2"
is "$(snap 1)" "$before" "missing reasons: nothing changed"
exit_is 2 "unknown verb: exit 2" xf-status frobnicate 1
exit_is 2 "unknown option: exit 2" xf-status accept -x 1
run env XF_NOW=yesterday xf-status accept 2
is "$rc" 2 "bad XF_NOW: exit 2"

# --- extend ---------------------------------------------------------------------
fresh_db
xf-intake g.csv > /dev/null 2>&1
xf-status accept -m "by phone, urgent" 1 2 > /dev/null
is "$(db "select group_concat(reason, '/') from event where kind = 'accept'")" \
    "by phone, urgent/by phone, urgent" \
    "accept -m: a reason given to a move that needs none is recorded"
n=$(nevents)
run xf-status extend 1 --days 10 -m "expert opinion pending" --approver li
is "$rc" 0 "extend: exit 0"
printf '%s\nXF-2026-000001\taccepted\taccepted\n' "$H" > want
same_file want stdout "extend: ref status was"
is "$(db "select due, updated_at from complaint where id = 1")" \
    "$((DUE0 + 10 * DAY))|$T0" "extend: due moved 10 days"
is "$(lastev)" "1|$T0|tester|extend|due|$DUE0|$((DUE0 + 10 * DAY))|approved by li: expert opinion pending" \
    "extend: event kind extend, field due, approver in the reason"
is "$(nevents)" $((n + 1)) "extend: one event"
before=$(snap 1)
run xf-status extend 1 --days 5 -m again --approver li
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: already extended 1 time; the limit is 1" \
    "extend twice: refused"
is "$(snap 1)" "$before" "extend twice: nothing changed"
run xf-status extend 3 --days 5 -m why --approver li
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000003: has no resolve deadline to extend (it is new; accept it first)" \
    "extend before accept: refused"
run xf-status extend 2 --days 31 -m why --approver li
is "$rc" 2 "extend by 31 days: refused as a usage error"
is "$(cat stderr)" "xf-status: --days 31: an extension is 1 to 30 days" \
    "extend by 31 days: message"
run xf-status extend 2 --days 30 -m why --approver li
is "$rc.$(db "select due from complaint where id = 2")" "0.$((DUE0 + 30 * DAY))" \
    "extend by 30 days: allowed"
xf-status accept 3 > /dev/null
before=$(snap 3)
run xf-status extend 3 --days 0 -m why --approver li
is "$rc" 2 "extend by 0 days: usage"
run xf-status extend 3 --days -3 -m why --approver li
is "$rc" 2 "extend by -3 days: refused as a usage error"
run xf-status extend 3 --days ten -m why --approver li
is "$rc" 2 "extend --days ten: usage"
run xf-status extend 3 --days 5 -m why
is "$rc" 2 "extend without --approver: usage"
run xf-status extend 3 --days 5 --approver li
is "$rc" 2 "extend without -m: usage"
is "$(snap 3)" "$before" "bad extensions: nothing changed"
# (int) of 2^32 + 1 is 1: the range check must see the number given.
run xf-status extend 3 --days 4294967297 -m why --approver li
is "$rc.$(snap 3)" "2.$before" \
    "extend --days 4294967297: refused, not taken as 1 day"
xf-status reject -m no 3 > /dev/null
run xf-status extend 3 --days 5 -m why --approver li
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000003: cannot extend: it is rejected" \
    "extend a rejected complaint: refused"

# --- more ref streams and output ----------------------------------------------
printf 'ref\r\nXF-2026-000001\r\n2\r\n' | xf-status note -m crlf > out 2> err
is "$?.$(cut -f1 out | tr '\n' ' ').$(cat err)" \
    "0.ref XF-2026-000001 XF-2026-000002 ." "refs on CRLF lines, header skipped"
# A ref too long to be one is refused, not cut down to another ref.
n=$(nevents)
run xf-status note -m long 00000000000000000000000000000012
is "$rc.$(nevents)" "1.$n" "a 32-character ref (id 12): refused, not taken as id 1"
run xf-status show 00000000000000000000000000000012
is "$rc" 1 "show a 32-character ref: refused"
run xf-status -o table note -m t 1 2
cat > want <<'EOF2'
ref             status    was
XF-2026-000001  accepted  accepted
XF-2026-000002  accepted  accepted
EOF2
sed 's/ *$//' stdout > got
sed 's/ *$//' want > want2
same_file want2 got "-o table: aligned rows after the last move"

# --- text in events stays valid UTF-8 (DESIGN §4) --------------------------------
run xf-status note -m "已电话联系，等待回复（第2次）" 1
is "$rc.$(lastev | cut -d'|' -f8)" "0.已电话联系，等待回复（第2次）" \
    "a Chinese reason kept as given"
n=$(nevents)
run xf-status note -m "$(printf 'bad \377\376 bytes')" 1
is "$rc.$(nevents)" "2.$n" "invalid UTF-8 in -m: usage error, nothing written"
run env "XF_ACTOR=$(printf 'x\377y')" xf-status note -m ok 1
is "$rc.$(nevents)" "2.$n" \
    "invalid UTF-8 in XF_ACTOR: usage error, nothing written"
xf-status -o jsonl history 1 > got
check "history -o jsonl: valid UTF-8" iconv -f UTF-8 -t UTF-8 got
