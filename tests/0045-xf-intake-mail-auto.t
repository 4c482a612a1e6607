#!/bin/sh
# xf-intake, auto-replies and bounces: never a complaint, never attached,
# counted as "auto-replies N"; a citizen's message that only looks like
# one (Auto-Submitted: no, an auto-reply subject on a fresh message) is
# a complaint.
. "$(dirname "$0")/lib.sh"

plan 18

D=$XF_DATA/mail-intake
H='ref	received_at	channel	complainant	subject	source'

summary() {
	echo "xf-intake: read $7, created $1, attached $2, reopened $3, auto-replies $4, duplicate $5, rejected $6"
}

# entry ID FROM SUBJECT [HEADER ...]: one mbox entry.
entry() {
	_id=$1 _from=$2 _subj=$3
	shift 3
	printf 'From sender@example.com Mon Mar  2 09:00:00 2026\n'
	printf 'From: %s\nSubject: %s\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n' \
	    "$_from" "$_subj"
	printf 'Message-ID: <%s@example.com>\n' "$_id"
	for _h; do printf '%s\n' "$_h"; done
	printf '\nbody of %s\n\n' "$_id"
}

{
	entry as1 'a@example.com' 'Out of office' 'Auto-Submitted: auto-replied'
	entry as2 'a@example.com' 'Notice' 'Auto-Submitted: auto-generated; owner=x'
	entry xa 'a@example.com' 'Away' 'X-Autoreply: yes'
	entry xr 'a@example.com' 'Away' 'X-Autorespond: vacation'
	entry pb 'a@example.com' 'News' 'Precedence: bulk'
	entry pj 'a@example.com' 'News' 'Precedence: junk'
	entry pl 'a@example.com' 'List' 'Precedence: list'
	entry md 'Mail Delivery System <MAILER-DAEMON@mx.example.com>' 'Undelivered'
	entry mn 'MAILER-DAEMON' 'Undelivered'
	entry pm 'PostMaster@example.com' 'Delivery notice'
	entry sr 'a@example.com' '自动回复：我不在办公室' 'In-Reply-To: <ack-1@gov.example.cn>'
	entry no1 'Citizen One <one@example.com>' 'Re: my complaint' 'Auto-Submitted: no'
	entry no2 'Citizen Two <two@example.com>' 'Automatic reply not received'
	entry no3 'Citizen Three <three@example.com>' 'Precedence' 'Precedence: bulky'
} > auto.mbox
# An entry is 8 lines and its extra headers: no1 starts on line 97.
run xf-intake auto.mbox
is "$rc" 0 "auto-replies: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-02T09:00:00+00:00	email	Citizen One	Re: my complaint	auto.mbox:97
XF-2026-000002	2026-03-02T09:00:00+00:00	email	Citizen Two	Automatic reply not received	auto.mbox:106
XF-2026-000003	2026-03-02T09:00:00+00:00	email	Citizen Three	Precedence	auto.mbox:114
EOF
same_file want stdout "only the citizens' messages become complaints"
is "$(cat stderr)" "$(summary 3 0 0 11 0 0 14)" "auto-replies 11 in the summary"
is "$(db "select message_id from message order by id" | tr '\n' ' ')" \
    "no1@example.com no2@example.com no3@example.com " "no message is stored for an auto-reply"

run xf-intake -v auto.mbox
is "$(grep -c 'auto-reply or bounce, skipped' stderr)" 11 "-v: each auto-reply named"
is "$(sed -n 1p stderr)" "xf-intake: auto.mbox:1: auto-reply or bounce, skipped" \
    "-v: with its location"
is "$(tail -1 stderr)" "$(summary 0 0 0 11 3 0 14)" \
    "a re-run: auto-replies counted again, the rest duplicates"

# One per file, each alone.
fresh_db
i=0
for h in 'Auto-Submitted: auto-replied' 'X-Autoreply: yes' 'Precedence: bulk' \
    'Precedence: junk' 'Precedence: list'; do
	i=$((i + 1))
	printf 'From: c@example.com\nSubject: Re: 您的投诉\n%s\nMessage-ID: <one-%d@x>\n\nbody\n' \
	    "$h" "$i" > one.eml
	run xf-intake one.eml
	is "$rc.$(cat stdout).$(cat stderr)" "0..$(summary 0 0 0 1 0 0 1)" \
	    "'$h': an auto-reply"
done
run xf-intake "$D/bounce.eml"
is "$rc.$(cat stdout).$(cat stderr)" "0..$(summary 0 0 0 1 0 0 1)" \
    "multipart/report from an ordinary address: a bounce"
printf 'From: MAILER-DAEMON@mx.example.com (Mail Delivery Subsystem)\nSubject: Returned mail\nMessage-ID: <md-1@x>\n\nThe original message was not delivered.\n' > md.eml
run xf-intake md.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 1 0 0 1)" "From MAILER-DAEMON: a bounce"
printf 'From: c@example.com\nSubject: Re: 您的投诉\nAuto-Submitted: no\nDate: Mon, 2 Mar 2026 09:00:00 +0000\nMessage-ID: <asno@x>\n\n我还有问题。\n' > asno.eml
run xf-intake asno.eml
is "$rc.$(tail -n +2 stdout | cut -f5).$(cat stderr)" \
    "0.Re: 您的投诉.$(summary 1 0 0 0 0 0 1)" "Auto-Submitted: no is not an auto-reply"
is "$(db "select count(*) from complaint")" 1 "only that one is stored"

# An auto-reply to a complaint is not attached to it and does not reopen it.
sed 's/plain-1@/thread-1@/' "$D/plain.eml" > thread.eml
xf-intake -q thread.eml > /dev/null
xf-status accept XF-2026-000002 > /dev/null
xf-status start XF-2026-000002 > /dev/null
xf-status resolve -m done XF-2026-000002 > /dev/null
printf 'From: zhangsan@example.com\nSubject: Re: [XF-2026-000002] Out of office\nIn-Reply-To: <thread-1@example.com>\nX-Autoreply: yes\nMessage-ID: <away@x>\n\nI am away?\n' > away.eml
run xf-intake away.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 1 0 0 1)" "auto-reply to a resolved complaint: counted"
is "$(db "select status || ' ' || reopen_count || ' ' || (select count(*) from message
    where complaint_id = c.id) from complaint c where ref = 'XF-2026-000002'")" \
    "resolved 0 1" "auto-reply to a resolved complaint: not reopened, not attached"
