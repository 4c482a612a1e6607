#!/bin/sh
# xf-status show -o json: one object a complaint holding everything show
# prints for people: its fields (extra an object, flags an array, counts
# numbers), its e-mails with their attachments, and its history, notes
# included, as arrays of objects; several refs make one array.  -o jsonl:
# the same objects, one a line.
. "$(dirname "$0")/lib.sh"

plan 14

D=$XF_DATA/mail-intake

# An e-mail with three attachments, then a reply that joins it.
xf-intake -q "$D/attach.eml" > /dev/null
{
	printf 'From: wangwu@example.com\nSubject: Re: 附件\n'
	printf 'Date: Tue, 3 Mar 2026 09:00:00 +0000\n'
	printf 'Message-ID: <attach-2@example.com>\n'
	printf 'In-Reply-To: <attach-1@example.com>\n'
	printf 'Content-Type: text/plain; charset=UTF-8\n\n还在等。\n'
} > reply.eml
xf-intake -q reply.eml > /dev/null
# A complaint from a CSV row with columns of its own: its extra.
printf 'subject,body,order_no,工单类型\nLate parcel,where is it,A-7,"快递 ""加急"""\n' \
    > in.csv
xf-intake -q in.csv > /dev/null
xf-classify set --flag +privacy --flag +legal -m fixture 1 > /dev/null
xf-status accept 1 > /dev/null
xf-status note -m 'called	back' 1 > /dev/null

run xf-status -o json show 1 2
is "$rc" 0 "show -o json: exit 0"
cat > check.py <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[2])
EOF
jcheck() {
	check "$1" python3 check.py stdout "$2"
}
jcheck "two refs: one array of two objects" '
assert isinstance(d, list) and len(d) == 2, d
assert [o["ref"] for o in d] == ["XF-2026-000001", "XF-2026-000002"]
'
jcheck "the fields: flags an array, counts numbers, no extra null" '
a = d[0]
assert a["flags"] == ["legal", "privacy"], a["flags"]
assert a["paused_seconds"] == 0 and a["reopen_count"] == 0, a
assert a["extra"] is None and a["status"] == "accepted", a
'
jcheck "messages: both e-mails in order, as objects" '
m = d[0]["messages"]
assert [x["subject"] for x in m] == ["附件", "Re: 附件"], m
assert m[0]["direction"] == "in" and m[0]["sender"] == "wangwu@example.com"
assert m[1]["body"].startswith("还在等"), m[1]
assert m[0]["at"] == "2026-03-02T09:00:00+00:00", m[0]["at"]
'
jcheck "attachments: an array of objects, size a number" '
at = d[0]["messages"][0]["attachments"]
assert at == [{"name": "投诉材料.pdf", "type": "application/pdf", "size": 15},
    {"name": "图片.png", "type": "image/png", "size": 8},
    {"name": "注释.txt", "type": "text/plain", "size": 4}], at
assert d[0]["messages"][1]["attachments"] == []
'
jcheck "history: every event, oldest first, the note with its tab" '
h = d[0]["history"]
kinds = [e["kind"] for e in h]
assert kinds[0] == "created" and "accept" in kinds and kinds[-1] == "note", kinds
assert h[-1]["reason"] == "called\tback" and h[-1]["field"] is None, h[-1]
assert all(set(e) == {"at", "actor", "kind", "field", "old", "new", "reason"} for e in h)
'
jcheck "history: as many events as the store holds (evidence events aside)" "
assert len(d[0]['history']) == $(db "select count(*) from event where complaint_id = 1 and kind <> 'evidence'"), d[0]['history']
"
jcheck "a complaint without e-mails: messages an empty array" '
b = d[1]
assert b["messages"] == [] and b["flags"] == [], b
'
jcheck "extra: the object of the row's own columns, not a string" '
b = d[1]
assert b["extra"] == {"order_no": "A-7", "工单类型": "快递 \"加急\""}, b["extra"]
'

# --- jsonl: the same objects, one a line -------------------------------
run xf-status -o jsonl show 1 2
is "$rc.$(wc -l < stdout | tr -d ' ')" "0.2" "show -o jsonl: one line a complaint"
check "show -o jsonl: each line the object -o json has" python3 -c '
import json, subprocess, sys
lines = [json.loads(l) for l in open("stdout", encoding="utf-8")]
whole = json.loads(subprocess.run(["xf-status", "-o", "json", "show", "1", "2"],
    capture_output=True, check=True).stdout)
assert lines == whole, (lines, whole)
'

# --- refs from a pipe, and a ref that is none --------------------------
xf-status list -A | xf-status -o json show > piped
check "refs on stdin: one array of all of them" python3 -c '
import json
d = json.load(open("piped", encoding="utf-8"))
assert [o["ref"] for o in d] == ["XF-2026-000001", "XF-2026-000002"], d
'
run xf-status -o json show 1 XF-2026-000099
is "$rc" 1 "show -o json with an unknown ref: exit 1"
check "show -o json with an unknown ref: still one array, of the others" \
    python3 -c '
import json
d = json.load(open("stdout", encoding="utf-8"))
assert [o["ref"] for o in d] == ["XF-2026-000001"], d
'
