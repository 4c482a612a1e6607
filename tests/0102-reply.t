#!/bin/sh
# xf-status reply (issue 14, point 1): a handler's reply to the
# complainant.  By e-mail (the default for an address) it is queued as a
# "reply" notice; by phone or in person it was made already and is kept
# as an outgoing message.  Either is the first response: a call back
# within the acknowledgement deadline takes the complaint off the
# overdue list, which a note never did (the regression of issue 14).
# show and history list notices and outgoing messages, in every format,
# with nothing a terminal would obey.
. "$(dirname "$0")/lib.sh"

plan 46

E=$(printf '\033')
dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump
}

export XF_NOW=2026-06-01T00:00:00Z
cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
Called back,please call me,phone,2026-06-01,Ann,+86 138 0013 8000
Mail me,write to me,email,2026-06-01,Ben,ben@example.org
Nobody,no contact given,web,2026-06-01,Cat,
Noted,a note is no reply,phone,2026-06-01,Dan,13900139000
EOF
check "import four, received today" xf-intake f.csv
# The acknowledgement deadline of the "* *" policy row: 15 days.
run env XF_NOW=2026-06-20T00:00:00Z xf-status overdue
is "$(cut -f1,2 stdout | sed 1d | tr '\n' ' ')" \
    "XF-2026-000001	acknowledge XF-2026-000002	acknowledge XF-2026-000003	acknowledge XF-2026-000004	acknowledge " \
    "19 days on, all four overdue for acknowledgement"

# --- the regression: a note is no reply; a call back is ------------------------------
check "a note on 4" xf-status note -m 'called back, he was happy' 4
run env XF_NOW=2026-06-20T00:00:00Z xf-status overdue 4
is "$rc|$(cut -f1,2 stdout | sed 1d)" "0|XF-2026-000004	acknowledge" \
    "a note leaves 4 overdue for acknowledgement"
export XF_NOW=2026-06-05T09:30:00Z
run env XF_ACTOR=wang xf-status reply --via phone -m '已电话回复，客户表示理解。' 1
is "$rc|$(cat stdout)" "0|ref	via	outbox
XF-2026-000001	phone	0" "reply --via phone: printed, nothing queued"
is "$(db "select first_response_at from complaint where id = 1")" \
    "$(date -u -d 2026-06-05T09:30:00Z +%s 2>/dev/null || echo 1780651800)" \
    "the call back is the first response"
is "$(db "select direction || '|' || channel || '|' || actor || '|' || body
    || '|' || source from message where complaint_id = 1")" \
    "out|phone|wang|已电话回复，客户表示理解。|xf-status reply" \
    "kept as an outgoing message: channel, actor, text"
is "$(db "select count(*) from message where complaint_id = 1 and
    message_id like 'xf.XF-2026-000001.%'")" 1 "with a Message-ID of its own"
is "$(db "select kind || '|' || new || '|' || reason from event
    where complaint_id = 1 and kind <> 'evidence' order by id desc limit 1")" \
    "reply|phone|已电话回复，客户表示理解。" "a reply event"
is "$(db "select count(*) from outbox")" 0 "nothing queued for a call"
run env XF_NOW=2026-06-20T00:00:00Z xf-status overdue 1
is "$rc|$(cat stdout)" "1|" \
    "the call back took 1 off the overdue list (a note did not)"
check "a second reply" xf-status reply --via visit -m 'met at the shop' 1
is "$(db "select first_response_at from complaint where id = 1")" \
    1780651800 "a later reply keeps the first response"

# --- by e-mail ---------------------------------------------------------------------------
run xf-status reply -m 'We are looking into it.' 2
is "$rc|$(cat stdout)" "0|ref	via	outbox
XF-2026-000002	email	1" "reply to an address: e-mail, queued as outbox 1"
is "$(db "select kind || '|' || channel || '|' || lang || '|' || recipient
    || '|' || state from outbox")" "reply|email|en|ben@example.org|queued" \
    "a reply notice, in English, to the address"
like "$(db "select body from outbox where id = 1")" \
    "*About your complaint (\"Mail me\", reference XF-2026-000002):

We are looking into it.*" "carrying the text"
like "$(db "select subject from outbox where id = 1")" "[[]XF-2026-000002[]]*" \
    "the ref in the subject"
is "$(db "select count(*) from complaint where id = 2 and
    first_response_at is not null")" 1 "the first response set"
is "$(db "select count(*) from message where complaint_id = 2")" 0 \
    "no message yet: xf-notify stores it when it is sent"
check "reply --canned, --via email" xf-status reply --via email \
    --canned cannot-reproduce 2
like "$(db "select body from outbox where id = 2")" "*Our engineers followed*" \
    "a canned reply"
check "reply --via sms to a number" xf-status reply --via sms -m '已处理' 1
is "$(db "select channel || '|' || lang || '|' || recipient from outbox
    where id = 3")" "sms|en|+86 138 0013 8000" "an SMS notice to the number"

# --- refused ------------------------------------------------------------------------------
before=$(dump)
run xf-status reply -m 'hello' 3
is "$rc" 1 "reply to nobody, no --via: exit 1"
is "$(cat stderr)" "xf-status: XF-2026-000003: no contact to write to; a reply made another way says how (--via phone, visit or letter)" \
    "... saying how to record one"
run xf-status reply --via email -m 'hello' 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: its contact cannot take email" \
    "--via email to a number: refused"
is "$(dump)" "$before" "... and nothing changed"
run xf-status reply -m hello --via fax 1
is "$rc|$(cat stderr)" "2|xf-status: --via fax: want email, sms, social, phone, visit or letter" \
    "--via fax: usage error"
run xf-status reply 1
is "$rc|$(cat stderr)" "2|xf-status: reply needs its text: -m text or --canned name" \
    "no text: usage error"
run xf-status reply -n -m 'dry' 4
like "$(cat stdout)" "*reply			phone	dry*notice	outbox		reply	queued for phone, en*" \
    "reply -n to a phone complaint's number: queued for the phone gateway"
is "$(dump)" "$before" "reply -n: nothing changed, no outbox row"
run env XF_NOTIFY=off xf-status reply -m 'x' 2
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000002: XF_NOTIFY=off queues nothing: a reply by email cannot be sent" \
    "XF_NOTIFY=off: an e-mail reply cannot be queued"
check "... but a call can be recorded" env XF_NOTIFY=off \
    xf-status reply --via phone -m 'called' 4

# --- show and history: notices and outgoing messages, made safe -------------------------
check "a reply with control bytes" xf-status reply --via phone \
    -m "rang $E[2J back" 3
run xf-status show 3
like "$(cat stdout)" '*messages:
    2026-06-05T09:30:00+00:00  out  phone  tester
        rang \\x1b\[2J back*' "show: the outgoing message, its channel, escaped"
case $(cat stdout) in *"$E"*) fail "show: no raw ESC" ;;
*) pass "show: no raw ESC" ;; esac
run xf-status show 2
like "$(cat stdout)" "*notices:
    2026-06-05T09:30:00+00:00  reply  email  en  queued  [[]XF-2026-000002] About your complaint
    2026-06-05T09:30:00+00:00  reply  email  en  queued  [[]XF-2026-000002] About your complaint
history:*" "show: the notices, kind, channel, language, state"
run xf-status show -o tsv 2
is "$(head -1 stdout | tr '\t' '\n' | grep -n notices)" "31:notices" \
    "show -o tsv: a notices column"
is "$(sed 1d stdout | cut -f31)" "reply:queued,reply:queued" "... kind:state"
run xf-status show -o csv 2
like "$(cat stdout)" '*,"reply:queued,reply:queued",*' "show -o csv: the same"
run xf-status show -o json 2 3
check "show -o json: valid JSON" python3 -c '
import json, sys
d = json.load(open("stdout"))
o = d[0]["outbox"]
assert [(x["kind"], x["channel"], x["lang"], x["state"]) for x in o] == \
    [("reply", "email", "en", "queued")] * 2, o
assert "We are looking into it." in o[0]["body"], o
assert d[0]["notices"] == ["reply:queued", "reply:queued"], d[0]["notices"]
m = d[1]["messages"][0]
assert (m["direction"], m["channel"], m["actor"]) == ("out", "phone", "tester"), m
assert m["body"] == "rang \x1b[2J back", m
'
run xf-status history 1 2
like "$(cat stdout)" "*XF-2026-000001	*	wang	reply			phone	已电话回复，客户表示理解。*" \
    "history: the call back"
like "$(cat stdout)" "*XF-2026-000002	*	tester	notice	outbox		reply	queued for email, en*" \
    "history: the queued reply notice"
run xf-status history -o json 3
check "history -o json: valid JSON, the reply escaped" python3 -c '
import json
d = json.load(open("stdout"))
r = [e for e in d if e["kind"] == "reply"]
assert r and r[0]["reason"] == "rang \x1b[2J back", r
'
run xf-status history -o table 3
case $(cat stdout) in *"$E"*) fail "history -o table: no raw ESC" ;;
*) pass "history -o table: no raw ESC" ;; esac
check "verify: the chain holds" xf-status verify
