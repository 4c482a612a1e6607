#!/bin/sh
# The whole loop of issue 14 with every part real: a complaint by e-mail
# is accepted (its acknowledgement queued), xf-notify delivers it through
# a sendmail that keeps what it is given, the complaint is resolved (the
# answer queued and delivered), a day later xf-survey sends the survey,
# the complainant replies to that very message with a score, xf-intake
# records it as an answer (not a reopen), and the low score asks for a
# call back that xf-survey then records.
. "$(dirname "$0")/lib.sh"

plan 16

export XF_MAIL_FROM='Customer Care <care@example.com>'
mkdir out
cat > sm <<'SH'
#!/bin/sh
f=$(mktemp out/msg.XXXXXX) && cat > "$f" && mv "$f" "$f.eml"
SH
chmod +x sm
sent() { ls out/*.eml 2> /dev/null | wc -l | tr -d ' '; }

cat > in.eml <<'EOF2'
From: Zhang San <zhangsan@example.com>
To: care@example.com
Subject: 退款两周未到账
Date: Mon, 01 Jun 2026 09:00:00 +0800
Message-ID: <first@mail.example>
Content-Type: text/plain; charset=UTF-8

申请退款两周了还没到账，请尽快处理。
EOF2
export XF_NOW=2026-06-01T10:00:00+08:00
ref=$(xf-intake in.eml 2> /dev/null | tail -n +2 | cut -f1)
is "$ref" XF-2026-000001 "the mail is a complaint"
xf-status accept "$ref" > /dev/null
is "$(db "select kind || ' ' || state from outbox")" "accepted queued" \
    "accepting it queues the acknowledgement"
exit_is 0 "xf-notify delivers it" xf-notify --sendmail ./sm
is "$(sent).$(db "select state from outbox")" "1.sent" "one message, marked sent"
ackid=$(db "select message_id from outbox where kind = 'accepted'")
grep -q "^In-Reply-To: <first@mail.example>" out/*.eml
ok $? "it answers the complainant's own message"

export XF_NOW=2026-06-02T10:00:00+08:00
xf-status start "$ref" > /dev/null
xf-status resolve -m '退款已原路退回，请查收' "$ref" > /dev/null
xf-notify --sendmail ./sm > /dev/null
is "$(sent)" 2 "the answer is delivered too"

export XF_NOW=2026-06-03T12:00:00+08:00
exit_is 0 "a day later: xf-survey send" xf-survey send
is "$(db "select count(*) from survey where length(token) = 32")" 1 \
    "one survey, a 128-bit token"
xf-notify --sendmail ./sm > /dev/null
is "$(sent)" 3 "the survey is delivered"
svid=$(db "select o.message_id from outbox o join survey s on s.outbox_id = o.id")
grep -l "$svid" out/*.eml > /dev/null
ok $? "the message sent carries the survey's Message-ID"

cat > answer.eml <<EOF2
From: Zhang San <zhangsan@example.com>
To: care@example.com
Subject: Re: [$ref] 满意度回访
Date: Wed, 03 Jun 2026 18:00:00 +0800
Message-ID: <answer@mail.example>
In-Reply-To: <$svid>
References: <first@mail.example> <$ackid> <$svid>
Content-Type: text/plain; charset=UTF-8

2分，退款太慢了
EOF2
export XF_NOW=2026-06-03T18:05:00+08:00
exit_is 0 "the reply is taken in" xf-intake answer.eml
is "$(db "select score || ' ' || answer_via from survey")" "2 email" \
    "recorded as a survey answer of 2"
is "$(db "select status || ' ' || reopen_count from complaint")" "resolved 0" \
    "an answer, not a reopen"
is "$(xf-survey followups | tail -n +2 | cut -f1,2)" "$ref	2" \
    "the low score asks for a call back"
xf-survey called -m '已回电致歉，退款已到账' "$ref" > /dev/null
is "$(xf-survey followups | wc -l | tr -d ' ')" 0 "called: nothing left to do"
check "the history verifies" xf-status verify
