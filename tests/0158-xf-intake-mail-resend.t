#!/bin/sh
# A mail resent by the same sender with the same subject and text within
# the resend window (XF_RESEND_DAYS, default 7 days) is a duplicate of
# the complaint it repeats, whatever Message-ID each copy was given (a
# mail server such as Postfix gives each copy without one an id of its
# own); another sender, another text, or a copy after the window is a
# complaint of its own (issue 19).
. "$(dirname "$0")/lib.sh"

plan 19

unset XF_RESEND_DAYS	# lib.sh turns it off for the older fixtures
export XF_NOTIFY=off

# mail ID FROM BODY [RECEIVED]: one message as a mail server writes it.
mail() {
	cat <<EOM
Received: from web1.example.com by mx.example.com; ${4:-Mon, 1 Jun 2026 08:00:00 +0000}
From: Li Si <$2>
To: complaints@example.com
Subject: 退款一直没有到账
Date: Mon, 1 Jun 2026 07:59:00 +0800
Message-Id: <$1@mx.example.com>

$3
EOM
}

nc() { db "select count(*) from complaint"; }

mail a1 lisi@example.com "订单 123 的退款两周了还没到账。" > a1.eml
mail a2 lisi@example.com "订单 123 的退款两周了还没到账。" \
    "Mon, 1 Jun 2026 09:30:00 +0000" > a2.eml
cmp -s a1.eml a2.eml
ok $((1 - $?)) "the copies differ (Message-Id, Received)"

run xf-intake -f eml a1.eml
is "$rc.$(nc)" "0.1" "first copy: a complaint"
run xf-intake -v -f eml a2.eml
is "$rc.$(nc)" "0.1" "second copy, another Message-Id: no second complaint"
like "$(cat stderr)" "*a2.eml: resent copy of a message of XF-2026-000001*" \
    "second copy: said to be a resent copy (-v)"
like "$(cat stderr)" "*duplicate 1*" "second copy: counted as a duplicate"
is "$(db "select count(*) from message where complaint_id = 1")" 2 \
    "second copy: kept on the complaint it repeats"
run xf-intake -f eml a2.eml
is "$rc.$(nc).$(db "select count(*) from message")" "0.1.2" \
    "second copy delivered again: a plain duplicate"

# --- what is not a resend ---------------------------------------------
mail b1 wangwu@example.com "订单 123 的退款两周了还没到账。" > b1.eml
run xf-intake -f eml b1.eml
is "$rc.$(nc)" "0.2" "same text from another sender: a complaint"
mail a3 lisi@example.com "订单 456 的退款也没到账。" > a3.eml
run xf-intake -f eml a3.eml
is "$rc.$(nc)" "0.3" "same sender and subject, another text: a complaint"
sed 's/^Subject: .*/Subject: 又一次/' a1.eml | sed 's/a1@/a5@/' > a5.eml
run xf-intake -f eml a5.eml
is "$rc.$(nc)" "0.4" "same sender and text, another subject: a complaint"

# --- the window ---------------------------------------------------------
mail a6 lisi@example.com "订单 123 的退款两周了还没到账。" > a6.eml
XF_NOW=2026-06-07T23:00:00Z run xf-intake -f eml a6.eml
is "$rc.$(nc)" "0.4" "a copy on day 7: still a resend"
# The window runs from the newest copy (day 7), so day 15 is past it.
mail a7 lisi@example.com "订单 123 的退款两周了还没到账。" > a7.eml
XF_NOW=2026-06-15T01:00:00Z run xf-intake -f eml a7.eml
is "$rc.$(nc)" "0.5" "a copy 7 days after the last copy: a complaint"
mail a8 lisi@example.com "订单 123 的退款两周了还没到账。" > a8.eml
XF_NOW=2026-06-15T02:00:00Z XF_RESEND_DAYS=0 run xf-intake -f eml a8.eml
is "$rc.$(nc)" "0.6" "XF_RESEND_DAYS=0: no resend check"
mail a9 lisi@example.com "订单 123 的退款两周了还没到账。" > a9.eml
XF_NOW=2026-06-15T03:00:00Z run xf-intake --resend-days 0 -f eml a9.eml
is "$rc.$(nc)" "0.7" "--resend-days 0: no resend check"
XF_NOW=2026-06-15T03:00:00Z XF_RESEND_DAYS=week run xf-intake -f eml a9.eml
like "$rc.$(cat stderr)" "2.*XF_RESEND_DAYS week: want a number*" \
    "a bad XF_RESEND_DAYS: a usage error"

# --- a copy behind many other messages ------------------------------------
# The lookup once read only the newest 200 messages; message_sender
# (schema 12) finds the sender's copy however many came between.
fresh_db
mail far1 lisi@example.com "订单 789 的退款两周了还没到账。" > far1.eml
xf-intake -q -f eml far1.eml
i=0
while [ $i -lt 250 ]; do
	printf 'From u%d@example.com Mon Jun  1 08:00:00 2026\n' $i
	mail "m$i" "u$i@example.com" "第 $i 封：别的问题。"
	echo
	i=$((i + 1))
done > between.mbox
xf-intake -q between.mbox
mail far2 lisi@example.com "订单 789 的退款两周了还没到账。" > far2.eml
run xf-intake -f eml far2.eml
is "$rc.$(nc)" "0.251" "a copy behind 250 other messages: still a resend"
mail far3 lisi@example.com "订单 789 的退款两周了还没到账。" > far3.eml
XF_EXPLAIN=1 xf-intake -f eml far3.eml > /dev/null 2> plan.txt
like "$(grep -A2 'WHERE sender = ' plan.txt | tr '\n' ' ')" "*USING INDEX message_sender*" \
    "the resend lookup is served by message_sender"

# --- through xf-deliver, as a mail server runs it -------------------------
fresh_db
run "$XF_ROOT/scripts/mail/xf-deliver" < a1.eml
r1=$rc
run "$XF_ROOT/scripts/mail/xf-deliver" < a2.eml
is "$r1.$rc.$(nc)" "0.0.1" "xf-deliver: two copies, one complaint"
run xf-status verify
is "$rc" 0 "the event chain is intact"
