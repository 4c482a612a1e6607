#!/bin/sh
# Survey answers by e-mail through xf-intake (issue 14, point 5): a
# reply to a survey (In-Reply-To or References naming its Message-ID,
# or the complaint's ref in the subject from the address the survey
# went to) whose text starts with a score is an answer, recorded, and
# reopens nothing; a reply that is not an answer behaves as before.
. "$(dirname "$0")/lib.sh"
# The moves' own notices off: the outbox holds the surveys alone (0100).
export XF_NOTIFY=off

plan 28

cat > a.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-05-30 10:00,email,张三,zhangsan@example.com,退款,申请退款两周了还没到账
2026-05-30 11:00,email,Bob,bob@example.com,Refund,my refund is late
2026-05-30 12:00,email,Carol,carol@example.com,Parcel,parcel lost
2026-05-30 13:00,email,Dan,dan@example.com,Login,cannot log in
2026-05-30 14:00,email,Eve,eve@example.com,Invoice,wrong invoice
2026-05-30 15:00,email,Frank,frank@example.com,Delay,late again
EOF2
xf-intake -q a.csv > /dev/null
for r in 1 2 3 4 5 6; do
	xf-status accept XF-2026-00000$r > /dev/null
	xf-status start XF-2026-00000$r > /dev/null
	[ $r = 5 ] || xf-status resolve -m done XF-2026-00000$r > /dev/null
done
XF_NOW=2026-06-02T00:00:00Z xf-survey send > /dev/null
is "$(db 'select count(*) from survey')" 5 "five surveys sent"
# Complaint 5 is resolved after the send: it has no survey.
XF_NOW=2026-06-02T00:00:00Z xf-status resolve -m done XF-2026-000005 > /dev/null
mid() {
	db "select message_id from outbox where complaint_id = $1"
}
export XF_NOW=2026-06-03T00:00:00Z

# mail FILE FROM SUBJECT BODY [HEADER ...]
mail() {
	_f=$1 _from=$2 _subj=$3 _body=$4
	shift 4
	{
		printf 'From: %s\n' "$_from"
		printf 'Subject: %s\n' "$_subj"
		printf 'Date: Tue, 02 Jun 2026 08:00:00 +0000\n'
		printf 'Message-ID: <%s>\n' "$_f@mail.example"
		for _h; do printf '%s\n' "$_h"; done
		printf 'Content-Type: text/plain; charset=UTF-8\n\n%s\n' "$_body"
	} > "$_f.eml"
}
state() {
	db "select status || ' ' || reopen_count from complaint where id = $1"
}
answer() {
	db "select coalesce(score, 'none') || '|' || coalesce(comment, '') ||
	    '|' || coalesce(answer_via, '') from survey where complaint_id = $1"
}

# --- a reply to the survey message: an answer ----------------------------------
mail r1 'zhangsan@example.com' 'Re: [XF-2026-000001] 满意度回访' \
    "$(printf '5分，处理得很好\n\n> 请对我们的处理打分（1-5分）')" \
    "In-Reply-To: <$(mid 1)>"
exit_is 0 "a score in reply to the survey: exit 0" xf-intake r1.eml
like "$(cat stderr)" "*attached 1, reopened 0,*" "xf-intake: attached, not reopened"
is "$(state 1)" "resolved 0" "the complaint stays resolved"
is "$(answer 1)" "5|处理得很好|email" "the answer recorded, the quote left out"
is "$(db "select count(*) from message where complaint_id = 1 and message_id = 'r1@mail.example'")" \
    1 "the reply is kept as a message of the complaint"
is "$(db "select new || '|' || reason from event where complaint_id = 1 and kind = 'survey' and field = 'score'")" \
    "5|answered by email" "the answer's event"

# --- by the ref in the subject, from the survey's address --------------------------
mail r2 'Bob <BOB@example.com>' 'Re: [XF-2026-000002] How did we do?' \
    "$(printf '2 - still waiting for the money\nBob')"
exit_is 0 "a score by the ref, from the survey's address: exit 0" xf-intake r2.eml
is "$(state 2)" "resolved 0" "not reopened"
is "$(answer 2)" "2|still waiting for the money
Bob|email" "recorded: a 2 with its comment"
is "$(db 'select followup_due - answered_at from survey where complaint_id = 2')" \
    172800 "a 2 by e-mail: a call back due in two days"
is "$(xf-survey followups | cut -f1 | tail -n +2)" XF-2026-000002 \
    "it is listed by followups"

# (Whether a stranger's mail may reopen is mailreg's rule, not this
# test's: only the survey is looked at.)
mail r5 'mallory@evil.example' 'Re: [XF-2026-000006] How did we do?' '1'
xf-intake r5.eml 2> /dev/null > /dev/null
is "$(answer 6)" "none||" "a stranger's score (the ref only) is not an answer"

# --- the References header names the survey --------------------------------------
# (From the complainant: a stranger's message, whatever it names, is
# kept unverified and answers nothing until a person confirms it, 0106.)
mail r3 'Carol <carol@example.com>' 'Re: [XF-2026-000003] your survey' '满意' \
    "References: <older@mail.example> <$(mid 3)>"
xf-intake r3.eml 2> /dev/null > /dev/null
is "$(answer 3)" "4||email" "References naming the survey: 满意 is a 4"
is "$(state 3)" "resolved 0" "References naming the survey: not reopened"

# --- not answers: as before -------------------------------------------------------
mail r4 'dan@example.com' 'Re: [XF-2026-000004] Login' \
    'It still does not work, please look again.'
exit_is 0 "a reply with no score: exit 0" xf-intake r4.eml
like "$(cat stderr)" "*reopened 1,*" "a reply with no score: reopened, as before"
is "$(state 4)" "in_progress 1" "a reply with no score reopens the complaint"
is "$(answer 4)" "none||" "a reply with no score: no answer"


mail r7 'eve@example.com' 'Re: [XF-2026-000005] Invoice' '5'
xf-intake r7.eml 2> stderr > /dev/null
like "$(cat stderr)" "*reopened 1,*" "no survey: a reply starting with 5 reopens, as before"
is "$(state 5)" "in_progress 1" "no survey: reopened"

# --- a second answer by e-mail: taken, not recorded, no reopen -----------------------
mail r8 'zhangsan@example.com' 'Re: [XF-2026-000001] 满意度回访' '1' \
    "In-Reply-To: <$(mid 1)>"
exit_is 0 "a second answer by e-mail: exit 0" xf-intake r8.eml
is "$(state 1)" "resolved 0" "a second answer by e-mail reopens nothing"
is "$(answer 1)" "5|处理得很好|email" "a second answer by e-mail changes nothing"
is "$(db "select reason from event where complaint_id = 1 and kind = 'survey' and old is null and new is null")" \
    "a second answer by email, not recorded" "a second answer by e-mail: an event says so"

# --- thanks in reply to the survey: as before (no reopen, no answer) -----------------
mail r9 'bob@example.com' 'Re: [XF-2026-000002] How did we do?' 'Thanks a lot!' \
    "In-Reply-To: <$(mid 2)>"
xf-intake r9.eml 2> stderr > /dev/null
like "$(cat stderr)" "*reopened 0,*" "thanks: no reopen"

# --- the results count the e-mail answers ---------------------------------------------
# Sent 5: answered 1 (5), 2 (2), 3 (4): 3/5 = 60.0; CSAT 2/3 = 66.7;
# mean 11/3 = 3.67.
xf-survey results > stdout
is "$(sed -n 2p stdout)" "5	3	60.0	66.7	3.67	0	1	0	1	1" \
    "results: the e-mail answers counted"
is "$(xf-status verify > /dev/null 2>&1; echo $?)" 0 "the event chain verifies"
