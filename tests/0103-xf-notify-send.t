#!/bin/sh
# xf-notify, e-mail: a notice in the outbox goes to a sendmail command
# (a fake one here, keeping each message as a file) as RFC 5322 UTF-8
# text, is marked sent only when the command exits 0, and is kept as an
# outgoing message of its complaint, to which a reply threads back
# through xf-intake.  A failing command leaves the row queued with the
# backoff (5 min, 10 min, ...) until it runs out of attempts; a hanging
# one is stopped at --timeout; -n shows and changes nothing; no From
# address is a configuration error.
#
# The outbox rows are put in by tests/notify-fixture.sh with sqlite3, as
# lib/notice.c writes them: the status moves that queue them through the
# real code are not on this branch.
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/notify-fixture.sh"

plan 64

NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z
SUBJ='[XF-2026-000001] 您的投诉已受理'
BODY='张三，您好：

您的投诉（编号 XF-2026-000001）已经受理，我们将在 2026-06-16 之前答复您。

客户服务中心'
at() {
	date -u -d "@$(($NOW + $1))" +%Y-%m-%dT%H:%M:%SZ
}
# state ID: state|attempts|next_at - NOW|last_error
state() {
	db "select state, attempts, next_at - $NOW, coalesce(last_error, '')
	    from outbox where id = $1"
}
sent_files() {
	find out -name '*.eml' | wc -l | tr -d ' '
}

cat > m1.eml <<'EOF'
From: =?UTF-8?B?5byg5LiJ?= <zhang@example.com>
To: care@example.org
Subject: =?UTF-8?B?6YCA5qy+?=
Date: Sun, 31 May 2026 08:00:00 +0000
Message-ID: <orig-1@example.com>
Content-Type: text/plain; charset=UTF-8

我的订单没有退款。
EOF
xf-intake -f eml m1.eml > /dev/null 2>&1
id=$(queue_notice XF-2026-000001 accepted email zhang@example.com \
    "$SUBJ" "$BODY")
is "$id" 1 "a notice queued"
fake_sendmail "$T/out"

# --- configuration errors: exit 2, nothing touched --------------------------
unset XF_MAIL_FROM
exit_is 2 "no --from and no XF_MAIL_FROM: exit 2" \
    xf-notify --sendmail "$T/sendmail"
like "$(cat stderr)" "*XF_MAIL_FROM*" "... naming XF_MAIL_FROM"
exit_is 2 "a From that is no address: exit 2" \
    xf-notify --from 'care' --sendmail "$T/sendmail"
XF_MAIL_FROM='x@y
Bcc: all@example.com' exit_is 2 "XF_MAIL_FROM with a line break: exit 2" \
    xf-notify --sendmail "$T/sendmail"
exit_is 2 "no --sendmail (and no -n): exit 2" \
    xf-notify --from care@example.org
exit_is 2 "a lease within the timeout: exit 2" \
    xf-notify --from care@example.org --sendmail "$T/sendmail" \
    --timeout 100 --lease 120
exit_is 2 "an unknown verb: exit 2" xf-notify sned
is "$(state 1)" "queued|0|0|" "the row untouched"
is "$(sent_files)" 0 "nothing sent"

export XF_MAIL_FROM='Care 客服 <care@example.org>'

# --- -n: the message, nothing changed ---------------------------------------
db "select * from outbox; select count(*) from message;
    select count(*) from event" > before
exit_is 0 "-n: exit 0" xf-notify -n
like "$(head -n 1 stdout)" "From xf-notify Mon Jun  1 00:00:00 2026" \
    "-n: an mbox of what would be sent"
grep -q '^Message-ID: <xf\.XF-2026-000001\.' stdout
ok $? "-n: the queued Message-ID"
db "select * from outbox; select count(*) from message;
    select count(*) from event" > after
same_file before after "-n: the store unchanged"
is "$(sent_files)" 0 "-n: nothing handed to sendmail"

# --- sent --------------------------------------------------------------------
exit_is 0 "sent: exit 0" xf-notify --sendmail "$T/sendmail"
is "$(cat stdout stderr)" "" "sent: quiet"
is "$(sent_files)" 1 "sendmail got one message"
f=$(find out -name '*.eml')
mid=$(db "select message_id from outbox where id = 1")
is "$(state 1 | cut -d'|' -f1,2,4)" "sent|1|" "the row is sent"
is "$(db "select sent_at from outbox where id = 1")" "$NOW" "... at now"

# Headers, decoded by Python's email package (another reader than ours).
if command -v python3 > /dev/null 2>&1; then
	python3 - "$f" > decoded <<'EOF'
import email, email.header, email.policy, sys
raw = open(sys.argv[1], 'rb').read()
m = email.message_from_bytes(raw, policy=email.policy.default)
for h in ('Subject', 'From', 'To', 'Message-ID', 'In-Reply-To',
          'References', 'MIME-Version', 'Content-Transfer-Encoding',
          'Auto-Submitted'):
    print('%s: %s' % (h, m.get(h)))
print('charset: %s' % m.get_content_charset())
print('longest: %d' % max(len(l) for l in raw.split(b'\n')))
print('--')
print(m.get_content(), end='')
EOF
	cat > want <<EOF
Subject: $SUBJ
From: Care 客服 <care@example.org>
To: zhang@example.com
Message-ID: <$mid>
In-Reply-To: <orig-1@example.com>
References: <orig-1@example.com>
MIME-Version: 1.0
Content-Transfer-Encoding: base64
Auto-Submitted: None
charset: utf-8
longest: 76
--
$BODY
EOF
	same_file want decoded "the message decodes: subject, body, ids"
else
	skip "no python3 to decode the message"
fi
grep -q '^Subject: \[XF-2026-000001\] =?UTF-8?B?' "$f"
ok $? "the Subject: carries [ref] as plain text, the rest RFC 2047"
grep -q "^Date: Mon, 01 Jun 2026 00:00:00 +0000\$" "$f"
ok $? "Date: now, RFC 5322"

# Kept as an outgoing message, with the bytes sent as its evidence.
is "$(db "select m.direction, m.channel, m.source, m.sender, m.subject,
    m.message_id = o.message_id, m.actor from outbox o join message m
    on m.id = o.sent_message where o.id = 1")" \
    "out|email|outbox:1|care@example.org|$SUBJ|1|tester" \
    "an outgoing message of the complaint, linked to the row"
if command -v python3 > /dev/null 2>&1; then
	db "select hex(raw) from message where source = 'outbox:1'" |
	    python3 -c 'import sys, zlib
sys.stdout.buffer.write(zlib.decompress(bytes.fromhex(sys.stdin.read().strip())))' \
	    > kept
	same_file "$f" kept "its raw evidence is the bytes sendmail got"
else
	skip "no python3 to inflate the evidence"
fi
is "$(db "select kind, field, new, reason from event where kind = 'sent'")" \
    "sent|outbox|accepted|by email, outbox 1, attempt 1" \
    "a 'sent' event"
is "$(db "select count(*) from event where kind = 'sent' and
    (reason like '%zhang%' or new like '%zhang%')")" 0 \
    "... without the address"
xf-status history XF-2026-000001 > history
grep -q "	sent	outbox		accepted	by email, outbox 1" history
ok $? "xf-status history shows it"
xf-status show XF-2026-000001 > shown
grep -q "out  email  .*\[XF-2026-000001\]" shown
ok $? "xf-status show lists it among the messages"

exit_is 0 "run again: exit 0" xf-notify --sendmail "$T/sendmail"
is "$(sent_files)" 1 "a sent row is never sent again"
XF_NOW=$(at 86400) exit_is 0 "a day later: exit 0" \
    xf-notify --sendmail "$T/sendmail"
is "$(sent_files)" 1 "... nor then"

# --- a reply threads back by In-Reply-To --------------------------------------
cat > reply.eml <<EOF
From: zhang@example.com
To: care@example.org
Subject: Re: thanks
Date: Mon, 01 Jun 2026 02:00:00 +0000
Message-ID: <reply-1@example.com>
In-Reply-To: <$mid>
References: <orig-1@example.com> <$mid>
Content-Type: text/plain; charset=UTF-8

补充：订单号 12345。
EOF
XF_NOW=$(at 7200) exit_is 0 "a reply: exit 0" xf-intake -f eml reply.eml
is "$(db "select count(*) from complaint")" 1 "the reply made no complaint"
is "$(db "select complaint_id, direction from message
    where message_id = 'reply-1@example.com'")" "1|in" \
    "it joined the complaint the notice was about"

# --- failing: backoff, then given up -------------------------------------------
id=$(queue_notice XF-2026-000001 resolved email zhang@example.com \
    '[XF-2026-000001] 已办结' '您的投诉已经办结。')
is "$id" 2 "a second notice"
FAKE_MODE=fail exit_is 1 "sendmail fails: exit 1" \
    xf-notify --sendmail "$T/sendmail" --max-attempts 3
is "$(state 2)" "queued|1|300|exited 1" \
    "queued again, 1 attempt, next in 5 min, why"
like "$(cat stderr)" "*XF-2026-000001: outbox 2: exited 1; next try 2026-06-01T00:05:00*" \
    "the failure told on stderr"
FAKE_MODE=fail exit_is 0 "before next_at: nothing tried, exit 0" \
    xf-notify --sendmail "$T/sendmail" --max-attempts 3
is "$(state 2)" "queued|1|300|exited 1" "... the row as it was"
XF_NOW=$(at 300) FAKE_MODE=fail exit_is 1 "at next_at: tried again" \
    xf-notify --sendmail "$T/sendmail" --max-attempts 3
is "$(state 2)" "queued|2|900|exited 1" "2 attempts, next 10 min later"
XF_NOW=$(at 900) FAKE_MODE=fail exit_is 1 "the third attempt fails" \
    xf-notify --sendmail "$T/sendmail" --max-attempts 3
is "$(state 2 | cut -d'|' -f1,2,4)" "failed|3|exited 1" \
    "out of attempts: failed"
like "$(cat stderr)" "*outbox 2: exited 1; given up after 3 attempts*" \
    "... and said so"
is "$(db "select kind, new from event where kind = 'unsent'")" \
    "unsent|resolved" "an 'unsent' event"
XF_NOW=$(at 86400) exit_is 0 "a failed row is not tried again" \
    xf-notify --sendmail "$T/sendmail"
is "$(state 2 | cut -d'|' -f1,2)" "failed|3" "... it stays failed"
is "$(sent_files)" 1 "nothing more was sent"

# Recovered after a failure: sent at the next try.
id=$(queue_notice XF-2026-000001 extended email zhang@example.com \
    '[XF-2026-000001] 延期' '办理期限延长。')
FAKE_MODE=fail exit_is 1 "a third notice fails once" \
    xf-notify --sendmail "$T/sendmail"
XF_NOW=$(at 300) exit_is 0 "... and goes at the next try" \
    xf-notify --sendmail "$T/sendmail"
is "$(state 3 | cut -d'|' -f1,2,4)" "sent|2|" "sent on attempt 2"

# Too old: a failure after three days in the outbox gives up.
id=$(queue_notice XF-2026-000001 waiting email zhang@example.com \
    '[XF-2026-000001] 请补充材料' '请补充订单号。')
XF_NOW=$(at 345600) FAKE_MODE=fail exit_is 1 "a four-day-old notice fails" \
    xf-notify --sendmail "$T/sendmail"
is "$(state 4 | cut -d'|' -f1,2)" "failed|1" "... and is given up at once"

# --- a sendmail that hangs is stopped at --timeout ---------------------------
id=$(queue_notice XF-2026-000001 closed email zhang@example.com \
    '[XF-2026-000001] 已结案' '结案。')
start=$(date +%s)
FAKE_MODE=hang exit_is 1 "a hanging sendmail: exit 1" \
    xf-notify --sendmail "$T/sendmail" --timeout 1
took=$(($(date +%s) - start))
check "... within the timeout and grace, not the hang's 30 s" \
    test "$took" -lt 10
is "$(state 5 | cut -d'|' -f1,2,4)" "queued|1|no answer within 1 s, stopped" \
    "queued again with why"
pid=$(cat out/pid)
# (an orphan is reaped by init a moment later: a zombie answers kill -0)
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "the hung sendmail was killed" sh -c "! kill -0 $pid 2>/dev/null"

# --- a bad recipient gives up at once -------------------------------------------
id=$(queue_notice XF-2026-000001 closed email '张@example.com' \
    '[XF-2026-000001] x' 'x')
exit_is 1 "a recipient that is no ASCII address: exit 1" \
    xf-notify --sendmail "$T/sendmail"
is "$(state 6 | cut -d'|' -f1,2)" "failed|1" "failed at once: no retry can help"

# --- xf-notify(1) lists every name a template may use ---------------------------
# (lib/template.c's errors send the reader there)
sed -n '/^static const char \*const names\[\] = {/,/^};/p' \
    "$XF_ROOT/lib/template.c" | grep -o '"[a-z_]*"' | tr -d '"' > names
missing=
for n in $(cat names); do
	grep -q "^\.It Li $n\$" "$XF_ROOT/man1/xf-notify.1" ||
	    missing="$missing $n"
done
check "lib/template.c's names read" test "$(wc -l < names)" -ge 10
is "$missing" "" "xf-notify(1) lists every template name"
