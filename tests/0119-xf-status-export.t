#!/bin/sh
# An access request answered (issue 15, point 7): xf-status export
# --contact (and --complainant) prints one JSON object of everything the
# store holds about one person: each complaint with every column, its
# messages (raw bytes as base64) with their attachments (data as
# base64), events, outbox and survey rows; Chinese as it is; nothing
# of another person, not even a stranger's message on the person's own
# complaint.  The disclosure is recorded as an access event whose
# reason is the request's reference and nothing personal; a reference
# that holds personal data is refused.
. "$(dirname "$0")/lib.sh"
# The moves' own notices off: the outbox holds what the test queues.
export XF_NOTIFY=off

plan 32

command -v python3 > /dev/null 2>&1 || {
	echo "1..0 # skip python3 checks the JSON"
	exit 0
}

D=$XF_DATA/mail-intake

# json EXPR: EXPR of the export in stdout (as j), printed by Python.
json() {
	python3 -c 'import json, sys, base64
j = json.load(open(sys.argv[1], encoding="utf-8"))
print(eval(sys.argv[2]))' "$T/stdout" "$1" 2>&1
}

# 1: 王五's e-mail with three attachments.
xf-intake -q "$D/attach.eml" > /dev/null
cat > f.csv <<'EOF'
received_at,channel,complainant,contact,subject,body
2026-05-20 10:00,web,王五,WangWu@Example.COM,第二次,还是没有回复
2026-05-21 10:00,web,Bob,bob@example.org,Refund,Bob's own complaint
2026-05-22 10:00,phone,王五,13900001111,电话,another 王五 by phone
EOF
xf-intake -q f.csv > /dev/null
# A reply queued to the first (outbox), the second resolved and surveyed.
env -u XF_NOTIFY xf-status reply -m '我们正在处理。' 1 > /dev/null
xf-status accept 2 > /dev/null && xf-status start 2 > /dev/null &&
    xf-status resolve -m done 2 > /dev/null
XF_NOW=2026-06-02T01:00:00Z xf-survey send > /dev/null
# A stranger writes about the first: kept unverified, another person's.
cat > stranger.eml <<'EOF'
From: Mallory <mallory@evil.example>
Subject: Re: [XF-2026-000001] 附件
Date: Sun, 31 May 2026 08:00:00 +0000
Message-ID: <stranger-1@evil.example>
Content-Type: text/plain; charset=UTF-8

I am not 王五, mallory-secret-words.
EOF
xf-intake -q stranger.eml > /dev/null 2>&1
is "$(db "select trust from message where sender = 'mallory@evil.example'")" \
    unverified "a stranger's message on complaint 1: unverified"
events_before=$(db 'select count(*) from event')

# --- usage ---------------------------------------------------------------
exit_is 2 "no --request: exit 2" xf-status export --contact wangwu@example.com
like "$(cat stderr)" "*--request is required*" "no --request: says so"
exit_is 2 "no person: exit 2" xf-status export --request DSR-1
exit_is 2 "a reference holding the address: exit 2" xf-status export \
    --contact wangwu@example.com --request 'DSR wangwu@example.com'
exit_is 2 "a reference holding a mobile number: exit 2" xf-status export \
    --contact wangwu@example.com --request 'call 13900001111'
exit_is 2 "a reference holding the name: exit 2" xf-status export \
    --contact wangwu@example.com --complainant 王五 --request '王五-2026'
like "$(cat stderr)" "*holds personal data*" "a personal reference: says why"
is "$(db 'select count(*) from event')" "$events_before" \
    "refused: nothing recorded"

# --- the export ----------------------------------------------------------------
exit_is 0 "export --contact: exit 0" xf-status export \
    --contact 'WANGWU@example.com' --request DSR-2026-0042
is "$(json 'type(j).__name__')" dict "the answer is one JSON object"
is "$(json '[c["ref"] for c in j["complaints"]]')" \
    "['XF-2026-000001', 'XF-2026-000002']" \
    "the person's two complaints by that address, not the phone one"
is "$(json 'sorted(k for k in j["complaints"][0] if isinstance(j["complaints"][0][k], list))')" \
    "['events', 'messages', 'outbox', 'surveys']" \
    "each complaint: messages, events, outbox and surveys"
is "$(json 'sorted(j["complaints"][0].keys()) == sorted(
    __import__("sqlite3").connect(sys.argv[1].rsplit("/", 1)[0] + "/xf.db")
    .execute("select group_concat(name, char(10)) from pragma_table_info(\"complaint\")")
    .fetchone()[0].split("\n") + ["events", "messages", "messages_withheld",
    "outbox", "surveys"])')" True "every column of complaint, by name"
is "$(json 'j["complaints"][1]["subject"] + j["complaints"][1]["complainant"]')" \
    "第二次王五" "Chinese as it is"
is "$(json 'base64.b64decode(j["complaints"][0]["messages"][0]["raw"]) == open("'"$D/attach.eml"'", "rb").read()')" \
    True "the raw message: the original bytes, base64"
is "$(json '[(a["name"], a["type"], a["size"], len(base64.b64decode(a["data"]))) for a in j["complaints"][0]["messages"][0]["attachments"]]')" \
    "[('投诉材料.pdf', 'application/pdf', 15, 15), ('图片.png', 'image/png', 8, 8), ('注释.txt', 'text/plain', 4, 4)]" \
    "attachments: name, type, size and data"
is "$(json 'base64.b64decode(j["complaints"][0]["messages"][0]["attachments"][0]["data"])')" \
    "b'%PDF-1.4\\n%\\xe2\\xe3\\xcf\\xd3\\n'" "an attachment's data: its bytes"
is "$(json '[e["kind"] for e in j["complaints"][1]["events"]
    if e["field"] == "status"]')" \
    "['created', 'accept', 'start', 'resolve']" "events: the history"
is "$(json '[o["kind"] for o in j["complaints"][0]["outbox"]]')" "['reply']" \
    "outbox: the reply queued"
is "$(json 'len(j["complaints"][1]["surveys"])')" 1 "surveys: the survey sent"
is "$(json 'j["complaints"][0]["messages_withheld"]')" 1 \
    "the stranger's message withheld, and counted"
is "$(json '[(e["kind"], e["new"], e["reason"], e.get("withheld"))
    for e in j["complaints"][0]["events"] if e["kind"] == "unverified"]')" \
    "[('unverified', None, None, True)]" \
    "the event of the stranger's message: kept, its personal part withheld"
is "$(grep -c -e mallory -e Bob -e bob@example -e 13900001111 stdout)" 0 \
    "nothing of another person, nor of the same name's other complaint"

# --- the record -------------------------------------------------------------------
is "$(db "select complaint_id || '|' || actor || '|' || coalesce(field, '')
    || '|' || new || '|' || reason from event where kind = 'access'
    order by id")" "1|tester||2|DSR-2026-0042
2|tester||2|DSR-2026-0042" "an access event on each complaint: the reference"
is "$(db "select count(*) from event where kind = 'access' and
    (reason || coalesce(old, '') || new) like '%wang%'")" 0 \
    "the access events hold no personal data"
check "the chain still verifies" xf-status verify

# --- both, and nothing held ---------------------------------------------------------
exit_is 0 "--contact and --complainant: exit 0" xf-status export \
    --contact 13900001111 --complainant '王 五' --request DSR-7
is "$(json '[c["ref"] for c in j["complaints"]]')" "['XF-2026-000004']" \
    "--contact and --complainant: both must match"
exit_is 1 "nobody by that address: exit 1" xf-status export \
    --contact nobody@example.com --request DSR-8
is "$(json 'j["complaints"]')" "[]" "nobody: an empty answer all the same"
is "$(db "select coalesce(complaint_id, 'none') || '|' || new || '|' || reason
    from event where kind = 'access' order by id desc limit 1")" \
    "none|0|DSR-8" "nobody: the answer recorded on no complaint"
