#!/bin/sh
# xf-status merge: complaints of one matter become one.  The merged
# complaint's messages (with their attachments) move to the survivor,
# re-pointed, not copied; its notes are written again on the survivor;
# every event stays with the complaint it was written for; the merged
# one is closed with parent_id the survivor and a "merge" event on both
# naming the other.  A re-delivery or a reply of the merged complaint is
# threaded to the survivor.  The refusals each change nothing.
. "$(dirname "$0")/lib.sh"

plan 37

export XF_NOTIFY=off
H='ref	status	was'

# mail ID SUBJECT BODY [HEADER]: a message from 张三, with an attachment.
mail() {
	{
		printf 'From: =?UTF-8?B?5byg5LiJ?= <zs@example.com>\n'
		printf 'Subject: %s\n' "$2"
		printf 'Date: Sun, 31 May 2026 08:00:00 +0000\n'
		printf 'Message-ID: <%s>\n' "$1"
		[ $# -gt 3 ] && printf '%s\n' "$4"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: multipart/mixed; boundary=BB\n\n'
		printf -- '--BB\nContent-Type: text/plain; charset=UTF-8\n\n%s\n' "$3"
		printf -- '--BB\nContent-Type: text/plain; name=r.txt\n'
		printf 'Content-Disposition: attachment; filename=r.txt\n\n'
		printf 'receipt %s\n--BB--\n' "$1"
	} > "$1.eml"
}

# counts: messages, attachments and events of complaints 1 and 2.
counts() {
	db "select (select count(*) from message where complaint_id = 1),
	    (select count(*) from message where complaint_id = 2),
	    (select count(*) from attachment),
	    (select count(*) from event where complaint_id = 1),
	    (select count(*) from event where complaint_id = 2)"
}

mail a1 "Charged twice" "请退还重复扣款"
mail b1 "Still charged" "电话里也说过了"
xf-intake -f eml a1.eml b1.eml > /dev/null 2>&1
xf-status accept 1 > /dev/null
xf-status note -m "called back, he sent the receipt" 2 > /dev/null
is "$(counts)" "1|1|2|5|3" "two complaints, a message and an attachment each"
ev2=$(db "select group_concat(id || kind, ',') from event where complaint_id = 2")
last2=$(db "select max(id) from event where complaint_id = 2")
msgs=$(db "select group_concat(id, ',') from message order by id")
raw=$(db "select hex(raw) from message where id = 2")

# --- refusals ---------------------------------------------------------------
all=$(db "select * from complaint order by id; select count(*) from event;
    select complaint_id from message")
run xf-status merge 2
is "$rc|$(cat stderr)" "2|xf-status: merge needs the complaint that stays: --into ref" \
    "merge without --into: usage error"
run xf-status merge --into 2 2
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000002: cannot merge a complaint into itself" \
    "merge into itself: refused"
run xf-status merge --into 9 2
is "$rc|$(cat stderr)" "1|xf-status: 9: no such complaint" \
    "merge into no complaint: refused"
run xf-status merge -m '   ' --into 1 2
is "$rc" 2 "merge with an empty reason: usage error"
is "$(db "select * from complaint order by id; select count(*) from event;
    select complaint_id from message")" "$all" "the refusals changed nothing"

# --- dry run ----------------------------------------------------------------
run xf-status merge -n -m "same matter, by phone and e-mail" --into 1 2
is "$rc.$(cut -f1,4,5,7 stdout | tail -n +2 | tr '\t\n' ' ;')" \
    "0.XF-2026-000002 merge status closed;XF-2026-000002 merge parent XF-2026-000001;XF-2026-000001 note  ;XF-2026-000001 merge merged XF-2026-000002;" \
    "merge -n: the events of both, the note copied"
is "$(db "select * from complaint order by id; select count(*) from event;
    select complaint_id from message")" "$all" "merge -n changed nothing"

# --- the merge --------------------------------------------------------------
XF_NOW=2026-06-02T00:00:00Z
run xf-status merge -m "same matter, by phone and e-mail" --into XF-2026-000001 2
printf '%s\nXF-2026-000002\tclosed\tnew\n' "$H" > want
same_file want stdout "merge prints the merged complaint, closed"
is "$(counts)" "2|0|2|7|5" \
    "messages re-pointed, attachments follow; a note and a merge event on 1"
is "$(db "select group_concat(id, ',') from message order by id")" "$msgs" \
    "the message rows are the same rows, not copies"
is "$(db "select hex(raw) from message where id = 2")" "$raw" \
    "the raw evidence is as it was"
is "$(db "select group_concat(id || kind, ',') from (select id, kind from event
    where complaint_id = 2 and id <= $last2 order by id)")" "$ev2" \
    "the merged complaint keeps every event it had"
is "$(db "select status, parent_id, closed_at from complaint where id = 2")" \
    "closed|1|1780358400" "merged: closed, parent_id the survivor"
is "$(db "select kind || ' ' || field || ' ' || coalesce(old, '-') || ' ' || new
    from event where complaint_id = 2 and kind = 'merge' order by id")" \
    "merge status new closed
merge parent - XF-2026-000001" "the merged one's history says into which"
is "$(db "select new || ' ' || reason from event where complaint_id = 1
    and kind = 'merge'")" \
    "XF-2026-000002 1 message (1 attachment) and 1 note moved from XF-2026-000002: same matter, by phone and e-mail" \
    "the survivor's history says what joined it"
like "$(db "select reason from event where complaint_id = 1 and kind = 'note'")" \
    "note of XF-2026-000002 by tester at *: called back, he sent the receipt" \
    "the note is copied, saying whose it was"
is "$(db "select status, due from complaint where id = 1")" \
    "accepted|$(db "select due from complaint where id = 1")" \
    "the survivor keeps its status and deadlines"
xf-status show 1 > show
is "$(grep -c 'Still charged' show).$(grep -c 'receipt' show)" "1.1" \
    "show of the survivor lists the moved message and its attachment"
check "the event chain verifies" xf-status verify
is "$(xf-status list | cut -f1 | tail -n +2)" "XF-2026-000001" \
    "list by default leaves the merged (closed) complaint out"

# --- refusals after the merge -----------------------------------------------
all=$(db "select * from complaint order by id; select count(*) from event")
run xf-status merge --into 1 2
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000002: was merged into XF-2026-000001 already" \
    "merging a merged complaint again: refused"
mail c1 "Another thing" "别的事"
xf-intake -f eml c1.eml > /dev/null 2>&1
all=$(db "select * from complaint order by id; select count(*) from event")
run xf-status merge --into 2 3
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000003: cannot merge into XF-2026-000002: it was merged into XF-2026-000001; merge into that one" \
    "merging into a merged complaint: refused"
run xf-status reopen -m "he wrote again" 2
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000002: cannot reopen: it was merged into XF-2026-000001, which holds its messages; move that one" \
    "reopening a merged complaint: refused"
xf-status reject -m "spam" 3 > /dev/null
all=$(db "select * from complaint order by id; select count(*) from event")
run xf-status merge --into 3 1
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000001: cannot merge into XF-2026-000003: it is rejected; reopen it first" \
    "merging into a rejected complaint: refused"
run xf-status merge --into 1 3
like "$rc|$(cat stderr)" "1|xf-status: XF-2026-000003: cannot merge: it is rejected*" \
    "merging a rejected complaint: refused"
is "$(db "select * from complaint order by id; select count(*) from event")" \
    "$all" "the refusals changed nothing"

# --- re-delivery and replies find the survivor ------------------------------
run xf-intake -v -f eml b1.eml
like "$(cat stderr)" "*duplicate of a message of XF-2026-000001*" \
    "the merged complaint's e-mail again: a duplicate of the survivor"
mail r1 "Re: [XF-2026-000002] more" "补充材料"
run xf-intake -f eml r1.eml
is "$rc.$(db "select complaint_id from message where message_id = 'r1'")" "0.1" \
    "a reply naming the merged ref joins the survivor"
mail r2 "Re: Still charged" "再补充" "In-Reply-To: <b1>"
run xf-intake -f eml r2.eml
is "$rc.$(db "select complaint_id from message where message_id = 'r2'")" "0.1" \
    "a reply to the merged complaint's message joins the survivor"
is "$(db "select status from complaint where id = 2")" closed \
    "the merged complaint stays closed"

# A CSV row's re-import finds the merged complaint by its own key, and
# names the survivor.
cat > c.csv <<'EOF'
ext_id,subject,body,received_at,complainant
T-1,Wallet,charged twice,2026-05-30,Li
T-2,Wallet again,same thing,2026-05-31,Li
EOF
xf-intake c.csv > /dev/null 2>&1
xf-status merge --into XF-2026-000004 XF-2026-000005 > /dev/null
run xf-intake -v c.csv
like "$(cat stderr)" "*c.csv:3: duplicate of XF-2026-000004*" \
    "a re-imported row of a merged complaint: a duplicate of its survivor"

# --- a survivor merged in turn takes its merged ones along --------------------
xf-status merge --into 4 1 > /dev/null
is "$(db "select id || ':' || parent_id from complaint where id in (1, 2)
    order by id")" "1:4
2:4" "merging a survivor re-points the complaints merged into it"
like "$(db "select old || '>' || new || ' ' || reason from event where
    complaint_id = 2 and kind = 'merge' order by id desc limit 1")" \
    "XF-2026-000001>XF-2026-000004 *" "with an event on each"
is "$(db "select count(*) from message where complaint_id = 4")" 4 \
    "every message of the three is on the last survivor"

# --- reports count a merged complaint once: under its survivor ----------------
run xf-report summary --since 2026-05-01 --until 2026-07-01 -o tsv
is "$rc.$(head -1 stdout | cut -f2).$(sed -n 2p stdout | cut -f2)" "0.received.2" \
    "xf-report: received counts the survivor and the rejected one, not the merged"
check "the chain still verifies" xf-status verify
