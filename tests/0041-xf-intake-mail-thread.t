#!/bin/sh
# xf-intake, e-mail threads: a reply joins the complaint it answers (by
# a ref in the subject, In-Reply-To, References newest first); a reply to
# a resolved or closed complaint reopens it within the window (-w days,
# 30 by default) unless it only says thank you; after the window it
# starts a new complaint pointing back to the old one.
. "$(dirname "$0")/lib.sh"

plan 81

D=$XF_DATA/mail-intake
H='ref	received_at	channel	complainant	subject	source'
DAY=86400
NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z

summary() {
	echo "xf-intake: read $7, created $1, attached $2, reopened $3, auto-replies $4, duplicate $5, rejected $6"
}

# reply FILE MESSAGE-ID SUBJECT BODY [HEADER ...]: a message from 张三.
reply() {
	_f=$1 _id=$2 _subj=$3 _body=$4
	shift 4
	{
		printf 'From: =?UTF-8?B?5byg5LiJ?= <ZhangSan@example.com>\n'
		printf 'Subject: %s\n' "$_subj"
		printf 'Date: Sun, 31 May 2026 08:00:00 +0000\n'
		printf 'Message-ID: <%s>\n' "$_id"
		for _h; do printf '%s\n' "$_h"; done
		printf 'Content-Type: text/plain; charset=UTF-8\n\n%s\n' "$_body"
	} > "$_f"
}

# resolve REF [XF_NOW]: move a new or in_progress complaint to resolved.
resolve() {
	_at=${2:-$XF_NOW}
	if [ "$(db "select status from complaint where ref = '$1'")" = new ]; then
		XF_NOW=$_at xf-status accept "$1" > /dev/null &&
		    XF_NOW=$_at xf-status start "$1" > /dev/null
	fi
	env XF_NOW="$_at" xf-status resolve -m fixed "$1" > /dev/null
}

# state REF: status, reopen_count, resolved_at, closed_at.
state() {
	db "select status || ' ' || reopen_count || ' ' ||
	    coalesce(resolved_at, 'NULL') || ' ' || coalesce(closed_at, 'NULL')
	    from complaint where ref = '$1'"
}

ncomplaints() {
	db "select count(*) from complaint"
}

# --- two complaints to answer ----------------------------------------------------
sed 's/plain-1@example.com/a1@example.com/' "$D/plain.eml" > a.eml
reply b.eml b1@example.com 'street light' 'The street light is out.'
run xf-intake a.eml b.eml
is "$rc.$(tail -n +2 stdout | cut -f1 | tr '\n' ' ')" \
    "0.XF-2026-000001 XF-2026-000002 " "two complaints"

# --- In-Reply-To ---------------------------------------------------------------------
reply r1.eml r1@example.com 'Re: 夜间施工噪音' 'Any news?' \
    'In-Reply-To: <a1@example.com>'
run env XF_NOW=2026-06-02T00:00:00Z xf-intake r1.eml
is "$rc" 0 "In-Reply-To: exit 0"
is "$(cat stdout)" "" "In-Reply-To: no row (no complaint created)"
is "$(cat stderr)" "$(summary 0 1 0 0 0 0 1)" "In-Reply-To: attached 1"
is "$(ncomplaints)" 2 "In-Reply-To: no new complaint"
is "$(db "select complaint_id, in_reply_to, sender, sender_name, subject, body,
    at, source from message where message_id = 'r1@example.com'")" \
    "1|a1@example.com|zhangsan@example.com|张三|Re: 夜间施工噪音|Any news?|1780214400|r1.eml" \
    "In-Reply-To: message row on the complaint"
is "$(db "select kind || '|' || coalesce(field, '') || '|' || new || '|' ||
    reason || '|' || at from event where complaint_id = 1 order by id desc limit 1")" \
    "message||r1@example.com|e-mail from zhangsan@example.com: Re: 夜间施工噪音|$((NOW + DAY))" \
    "In-Reply-To: a 'message' event"
is "$(db "select status || ' ' || updated_at from complaint where id = 1")" \
    "new $((NOW + DAY))" "In-Reply-To: status kept, updated_at moved"
# Each line of a message's text is indented under its message line.
xf-status show XF-2026-000001 > show.out
like "$(cat show.out)" "*messages:
    2026-03-05T02:00:00+00:00  in  email  zhangsan@example.com  夜间施工噪音
        楼下工地夜间施工，噪音很大。
        请尽快处理。
    2026-05-31T08:00:00+00:00  in  email  zhangsan@example.com  Re: 夜间施工噪音
        Any news?
history:*" "In-Reply-To: xf-status show lists both messages"
xf-status show --raw XF-2026-000001 > raw.out
check "show --raw is still the message that opened the complaint" cmp a.eml raw.out
run xf-intake r1.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 0 1 0 1)" "a reply read again is a duplicate"

# --- References only, newest first -------------------------------------------------------
reply r2.eml r2@example.com 'Re: something' 'more' \
    'References: <a1@example.com> <b1@example.com>'
reply r3.eml r3@example.com 'Re: something' 'more again' \
    'References: <b1@example.com> <a1@example.com> <unknown@example.com>'
run xf-intake r2.eml r3.eml
is "$rc.$(cat stderr)" "0.$(summary 0 2 0 0 0 0 2)" "References: both attached"
is "$(db "select message_id || ' ' || complaint_id from message
    where message_id in ('r2@example.com', 'r3@example.com') order by id")" \
    "r2@example.com 2
r3@example.com 1" "References: the newest known id decides, unknown ids skipped"
reply r4.eml r4@example.com 'Re: something' 'folded refs' \
    'References: <zz@example.com>' ' <b1@example.com>' ' <r1@example.com>'
run xf-intake r4.eml
is "$rc.$(db "select complaint_id from message where message_id = 'r4@example.com'")" \
    "0.1" "References: folded header, a reply's own Message-ID leads to its complaint"

# --- the ref in the subject ----------------------------------------------------------------
reply r5.eml r5@example.com 'Re: [XF-2026-000002] 路灯' 'subject wins' \
    'In-Reply-To: <a1@example.com>'
run xf-intake r5.eml
is "$rc.$(db "select complaint_id from message where message_id = 'r5@example.com'")" \
    "0.2" "[XF-...] in the subject beats In-Reply-To"
reply r6.eml r6@example.com 'Re: [XF-2026-000099] 不存在' 'no such ref' \
    'In-Reply-To: <a1@example.com>'
run xf-intake r6.eml
is "$rc.$(db "select complaint_id from message where message_id = 'r6@example.com'")" \
    "0.1" "an unknown ref in the subject: In-Reply-To decides"
reply r7.eml r7@example.com '回复：XF-2026-000002 路灯还是不亮' 'bare ref'
run xf-intake r7.eml
is "$rc.$(db "select complaint_id from message where message_id = 'r7@example.com'")" \
    "0.2" "a bare ref (no brackets, no other headers) threads too"
reply r8.eml r8@example.com 'Re: unrelated' 'not a reply to us' \
    'In-Reply-To: <nobody@example.com>'
run xf-intake r8.eml
is "$rc.$(tail -n +2 stdout | cut -f1,5)" "0.XF-2026-000003	Re: unrelated" \
    "a reply to an unknown message is a new complaint"
is "$(ncomplaints)" 3 "three complaints so far"

# --- replies to a resolved complaint ---------------------------------------------------------
resolve XF-2026-000001
is "$(state XF-2026-000001)" "resolved 0 $NOW NULL" "complaint 1 resolved"

reply t1.eml t1@example.com 'Re: [XF-2026-000001]' '谢谢！'
run xf-intake t1.eml
is "$rc.$(cat stderr)" "0.$(summary 0 1 0 0 0 0 1)" "'谢谢！': attached, not reopened"
is "$(state XF-2026-000001)" "resolved 0 $NOW NULL" "'谢谢！': still resolved"
is "$(db "select count(*) from message where message_id = 't1@example.com' and complaint_id = 1")" \
    1 "'谢谢！': the message is kept on the complaint"
reply t2.eml t2@example.com 'Re: [XF-2026-000001]' 'Thanks a lot.'
run xf-intake t2.eml
is "$rc.$(cat stderr).$(state XF-2026-000001)" \
    "0.$(summary 0 1 0 0 0 0 1).resolved 0 $NOW NULL" "'Thanks a lot.': attached, not reopened"
reply t3.eml t3@example.com 'Re: [XF-2026-000001]' '非常感谢

> 为什么还没有处理？
> 张三'
run xf-intake t3.eml
is "$rc.$(cat stderr).$(state XF-2026-000001)" \
    "0.$(summary 0 1 0 0 0 0 1).resolved 0 $NOW NULL" \
    "thanks above a quoted question: not reopened"
reply t4.eml t4@example.com 'Re: [XF-2026-000001]' 'Thank you!

On Mon, 1 Jun 2026, xinfang wrote:
> Is there anything else?'
run xf-intake t4.eml
is "$rc.$(cat stderr).$(state XF-2026-000001)" \
    "0.$(summary 0 1 0 0 0 0 1).resolved 0 $NOW NULL" \
    "thanks above 'On ... wrote:': not reopened"
is "$(db "select count(*) from event where complaint_id = 1 and kind = 'reopen'")" 0 \
    "no reopen event for thank-yous"

# Thanks and a word that the problem is still there is no thank-you.
i=0
for text in '谢谢，还是很吵' 'Thank you. The problem is not solved.' \
    'Thanks, still broken.' '谢谢。噪音依旧'; do
	i=$((i + 1))
	reply qn$i.eml qn$i@example.com 'Re: [XF-2026-000001]' "$text"
	run xf-intake -n qn$i.eml
	is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 1 0 0 0 1) (dry run: nothing stored)" \
	    "'$text': the problem persists, it reopens"
done
# A thank-you that says the problem is solved, or thanks at more length,
# is still a thank-you: attached, not reopened.
i=0
for text in '谢谢！问题已经解决了。' 'Thanks, the problem is fixed now.' \
    '谢谢，现在不吵了。' '多谢，没事了。' '非常感谢，路灯已经修好了。' \
    'Thank you very much for your quick help.'; do
	i=$((i + 1))
	reply qs$i.eml qs$i@example.com 'Re: [XF-2026-000001]' "$text"
	run xf-intake -n qs$i.eml
	is "$rc.$(tail -1 stderr)" "0.$(summary 0 1 0 0 0 0 1) (dry run: nothing stored)" \
	    "'$text': a thank-you, attached"
done
reply q0.eml q0@example.com 'Re: [XF-2026-000001]' 'Thanks, but only half of the noise has stopped.'
run xf-intake -n q0.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 1 0 0 0 1) (dry run: nothing stored)" \
    "'Thanks, but' and more words: reopens"

reply q1.eml q1@example.com 'Re: [XF-2026-000001]' 'Thanks, but why?'
run env XF_NOW=2026-06-05T00:00:00Z xf-intake q1.eml
is "$rc" 0 "'Thanks, but why?': exit 0"
is "$(cat stdout)" "" "'Thanks, but why?': no row"
is "$(cat stderr)" "$(summary 0 0 1 0 0 0 1)" "'Thanks, but why?': reopened 1"
is "$(state XF-2026-000001)" "in_progress 1 NULL NULL" \
    "reopened: in_progress, reopen_count 1, resolved_at cleared"
is "$(db "select kind || '|' || field || '|' || old || '|' || new || '|' || reason
    || '|' || at from event where complaint_id = 1 and kind = 'reopen'")" \
    "reopen|status|resolved|in_progress|the complainant replied by e-mail|$((NOW + 4 * DAY))" \
    "reopened: a 'reopen' event"
is "$(db "select kind from event where complaint_id = 1 order by id desc limit 4" | tr '\n' ' ')" \
    "message notice deadline reopen " \
    "reopened: the review's deadline, the reopen's notice, and a 'message' event"
is "$(db "select kind || '|' || lang || '|' || recipient from outbox
    where complaint_id = 1 order by id desc limit 1")" \
    "reopened|zh|zhangsan@example.com" \
    "reopened by a reply: the complainant is told, as by xf-status reopen"
is "$(ncomplaints)" 3 "reopened: no new complaint"

resolve XF-2026-000001
reply q2.eml q2@example.com 'Re: [XF-2026-000001]' '谢谢，为什么路灯还是不亮？'
run xf-intake q2.eml
is "$rc.$(cat stderr).$(state XF-2026-000001)" \
    "0.$(summary 0 0 1 0 0 0 1).in_progress 2 NULL NULL" \
    "thanks with a full-width question mark: reopened"
resolve XF-2026-000001
reply q3.eml q3@example.com 'Re: [XF-2026-000001]' "Thanks. $(printf '%0180d' 0 | tr 0 x)"
run xf-intake q3.eml
is "$rc.$(state XF-2026-000001)" "0.in_progress 3 NULL NULL" \
    "a long reply that also says thanks: reopened"
resolve XF-2026-000001
reply q4.eml q4@example.com 'Re: [XF-2026-000001]' 'The noise started again tonight.'
run xf-intake q4.eml
is "$rc.$(state XF-2026-000001)" "0.in_progress 4 NULL NULL" \
    "a plain complaint reply: reopened"

# A reply to a complaint that is open is only attached.
reply q5.eml q5@example.com 'Re: [XF-2026-000001]' 'Why? Still noisy?'
run xf-intake q5.eml
is "$rc.$(cat stderr).$(state XF-2026-000001)" \
    "0.$(summary 0 1 0 0 0 0 1).in_progress 4 NULL NULL" "a question to an open complaint: attached"

# --- the reopen window ---------------------------------------------------------------------------------
# Complaint 2 resolved at NOW: 30 days later it reopens, a second later it
# is a new complaint that points back.
resolve XF-2026-000002
reply w1.eml w1@example.com 'Re: [XF-2026-000002]' 'Still dark.'
run env XF_NOW=2026-07-01T00:00:00Z xf-intake -n w1.eml
is "$rc.$(tail -1 stderr)" \
    "0.$(summary 0 0 1 0 0 0 1) (dry run: nothing stored)" \
    "window: exactly 30 days after resolving, a reply reopens (-n)"
run env XF_NOW=2026-07-01T00:00:01Z xf-intake w1.eml
is "$rc" 0 "after the window: exit 0"
cat > want <<EOF
$H
XF-2026-000004	2026-05-31T08:00:00+00:00	email	张三	Re: [XF-2026-000002]	w1.eml
EOF
same_file want stdout "after the window: a row for the new complaint"
is "$(cat stderr)" "$(summary 1 0 0 0 0 0 1)" "after the window: counted as created"
is "$(db "select parent_id || ' ' || status || ' ' || source || ' ' || contact
    from complaint where ref = 'XF-2026-000004'")" \
    "2 new <w1@example.com> zhangsan@example.com" "after the window: parent_id is the old complaint"
is "$(state XF-2026-000002)" "resolved 0 $NOW NULL" "after the window: the old one stays resolved"
is "$(db "select kind || '|' || new || '|' || reason || '|' || at from event
    where complaint_id = 2 order by id desc limit 1")" \
    "followup|XF-2026-000004|a reply after the reopen window started a new complaint|$((NOW + 30 * DAY + 1))" \
    "after the window: a 'followup' event on the old complaint"
is "$(db "select complaint_id from message where message_id = 'w1@example.com'")" 4 \
    "after the window: the message belongs to the new complaint"
reply w2.eml w2@example.com 'Re: again' 'And again.' 'In-Reply-To: <w1@example.com>'
run env XF_NOW=2026-07-02T00:00:00Z xf-intake w2.eml
is "$rc.$(tail -1 stderr).$(db "select complaint_id from message where message_id = 'w2@example.com'")" \
    "0.$(summary 0 1 0 0 0 0 1).4" "a reply to the follow-up joins the follow-up"

# A thank-you after the window is only that: it joins the old complaint.
reply w8.eml w8@example.com 'Re: [XF-2026-000002]' '谢谢！'
run env XF_NOW=2026-07-05T00:00:00Z xf-intake w8.eml
is "$rc.$(cat stdout).$(tail -1 stderr)" "0..$(summary 0 1 0 0 0 0 1)" \
    "a thank-you after the window: attached to the old complaint"
is "$(db "select complaint_id from message where message_id = 'w8@example.com'")" 2 \
    "a thank-you after the window: its message is on the old complaint"

# 40 days after resolving (XF_NOW moved on).
resolve XF-2026-000003
reply w3.eml w3@example.com 'Re: [XF-2026-000003]' 'Hello again?'
run env XF_NOW=2026-07-11T00:00:00Z xf-intake w3.eml
is "$rc.$(tail -n +2 stdout | cut -f1).$(db "select parent_id from complaint
    where ref = 'XF-2026-000005'")" "0.XF-2026-000005.3" "40 days later: a new complaint with parent_id"

# A closed complaint: the window runs from closing, not resolving.
resolve XF-2026-000001 2026-06-01T00:00:00Z
env XF_NOW=2026-06-21T00:00:00Z xf-status close XF-2026-000001 > /dev/null
is "$(state XF-2026-000001)" "closed 4 $NOW $((NOW + 20 * DAY))" "complaint 1 closed 20 days after resolving"
reply w4.eml w4@example.com 'Re: [XF-2026-000001]' 'It is back.'
run env XF_NOW=2026-07-11T00:00:00Z xf-intake w4.eml
is "$rc.$(tail -1 stderr).$(state XF-2026-000001)" \
    "0.$(summary 0 0 1 0 0 0 1).in_progress 5 NULL NULL" \
    "closed: 20 days after closing (40 after resolving) a reply reopens"
is "$(db "select old from event where complaint_id = 1 and kind = 'reopen'
    order by id desc limit 1")" closed "closed: the reopen event says it was closed"

# -w sets the window in days.
resolve XF-2026-000001 2026-07-11T00:00:00Z
reply w5.eml w5@example.com 'Re: [XF-2026-000001]' 'Two days on.'
run env XF_NOW=2026-07-13T00:00:00Z xf-intake -n -w 3 w5.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 1 0 0 0 1) (dry run: nothing stored)" \
    "-w 3: two days later it reopens"
run env XF_NOW=2026-07-13T00:00:00Z xf-intake -w 1 w5.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 1 0 0 0 0 0 1)" "-w 1: two days later a new complaint"
is "$(db "select parent_id from complaint where source = '<w5@example.com>'")" 1 \
    "-w 1: parent_id set"
resolve XF-2026-000006 2026-07-13T00:00:00Z
reply w6.eml w6@example.com 'Re: [XF-2026-000006]' 'One second on.'
run env XF_NOW=2026-07-13T00:00:01Z xf-intake -w 0 w6.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 1 0 0 0 0 0 1)" "-w 0: any later reply is a new complaint"
reply w7.eml w7@example.com 'Re: [XF-2026-000006]' 'Later still.'
run env XF_NOW=2036-07-01T00:00:00Z xf-intake -n -w 3650 w7.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 1 0 0 0 1) (dry run: nothing stored)" \
    "-w 3650: ten years on it still reopens"

for w in abc -1 3651 '' 1x 2.5; do
	run xf-intake -w "$w" w7.eml
	is "$rc.$(cat stderr)" "2.xf-intake: -w $w: want a number from 0 to 3650" \
	    "-w '$w': exit 2 with the range"
done
is "$(db "select count(*) from message where message_id = 'w7@example.com'")" 0 \
    "bad -w: nothing stored"

# --- an auto-reply in a thread is not attached -------------------------------------------------
reply ar.eml ar@example.com 'Re: [XF-2026-000002] 自动回复' 'I am away.' \
    'Auto-Submitted: auto-replied' 'In-Reply-To: <b1@example.com>'
run xf-intake ar.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 1 0 0 1)" "auto-reply to a thread: counted, not attached"
is "$(db "select count(*) from message where message_id = 'ar@example.com'")" 0 \
    "auto-reply to a thread: no message stored"

# --- a long reply to a resolved complaint is read in linear time ---------------------------------------
# The thank-you test must not scan the whole body once a line: a 3 MB
# reply of short lines takes well under a second to parse and store.
# From the complainant: a stranger's reply reopens nothing (0106).
if slow; then
	skip "long reply (under valgrind)"
else
	{
		printf 'From: zhangsan@example.com\nSubject: Re: [XF-2026-000002]\n'
		printf 'Message-ID: <long-reply@example.com>\n\n'
		awk 'BEGIN { for (i = 0; i < 300000; i++) print "line line" }'
	} > long.eml
	run timeout 10 xf-intake long.eml
	is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 1 0 0 0 1)" \
	    "a 3 MB reply to a resolved complaint is stored within 10 s"
fi

check "the event chain is intact" xf-status verify
