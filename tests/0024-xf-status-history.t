#!/bin/sh
# xf-status history and show: every event of a complaint, oldest first,
# with deadline values shown as times in the local zone; show prints the
# record and its history (text, JSON with a "history" array, TSV rows).
. "$(dirname "$0")/lib.sh"

plan 34

cat > h.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
Charged twice,"Refund the second charge.
Card ending 1234.",web,2026-05-01T08:30:00Z,Alice,alice@example.com
噪音扰民,楼下工地夜间施工,phone,2026-05-02,张三,
EOF
check "import" xf-intake h.csv
# Alice has an address: every move would queue a notice and its event.
# Those are tests/0100's; here the history is the moves' own.
export XF_NOTIFY=off
# accepted 06-01 (due 07-31; the acknowledge deadline it met, 15 days
# from receipt, written down), started by amy, paused 2 days (due 08-02),
# extended 15 days (due 08-17), a note with a tab and a newline.  Each
# deadline set or moved is an event, so history holds every value.
xf-status accept 1 > /dev/null
XF_NOW=2026-06-02T09:00:00Z XF_ACTOR=amy xf-status start 1 > /dev/null
XF_NOW=2026-06-03T00:00:00Z xf-status wait -m "asked for the statement" 1 \
    > /dev/null
XF_NOW=2026-06-05T00:00:00Z xf-status resume 1 > /dev/null
XF_NOW=2026-06-05T00:00:00Z xf-status extend --days 15 --approver li \
    -m "bank reply pending" 1 > /dev/null
NOTE=$(printf 'called\tback\nno answer')
XF_NOW=2026-06-06T00:00:00Z xf-status note -m "$NOTE" 1 > /dev/null
is "$(db "select count(*) from event where complaint_id = 1")" 11 \
    "eleven events on complaint 1"

# --- history ------------------------------------------------------------------
run xf-status history xf-2026-000001
is "$rc" 0 "history: exit 0"
cat > want <<'EOF'
ref	at	actor	kind	field	old	new	reason
XF-2026-000001	2026-06-01T00:00:00+00:00	tester	created	status		new	h.csv:2
XF-2026-000001	2026-06-01T00:00:00+00:00	tester	accept	status	new	accepted	
XF-2026-000001	2026-06-01T00:00:00+00:00	tester	deadline	ack_due		2026-05-16T08:30:00+00:00	policy.tsv:26 calendar: acknowledge 15d, resolve 60d
XF-2026-000001	2026-06-01T00:00:00+00:00	tester	deadline	due		2026-07-31T00:00:00+00:00	policy.tsv:26 calendar: acknowledge 15d, resolve 60d
XF-2026-000001	2026-06-02T09:00:00+00:00	amy	start	status	accepted	in_progress	
XF-2026-000001	2026-06-02T09:00:00+00:00	amy	assign	assignee		amy	
XF-2026-000001	2026-06-03T00:00:00+00:00	tester	wait	status	in_progress	waiting	asked for the statement
XF-2026-000001	2026-06-05T00:00:00+00:00	tester	resume	status	waiting	in_progress	
XF-2026-000001	2026-06-05T00:00:00+00:00	tester	deadline	due	2026-07-31T00:00:00+00:00	2026-08-02T00:00:00+00:00	policy.tsv:26 calendar: acknowledge 15d, resolve 60d, paused 2d
XF-2026-000001	2026-06-05T00:00:00+00:00	tester	extend	due	2026-08-02T00:00:00+00:00	2026-08-17T00:00:00+00:00	approved by li: bank reply pending
XF-2026-000001	2026-06-06T00:00:00+00:00	tester	note				called\tback\nno answer
EOF
# In UTC either spelling of the zone is ISO 8601; the zone test is below.
sed 's/T\([0-9:]*\)Z/T\1+00:00/g' stdout > got
same_file want got "history: TSV, oldest first, due as ISO times, text escaped"
is "$(cat stderr)" "" "history: nothing on stderr"

# Times in the local zone (DESIGN §4), the deadlines as well as "at".
run env TZ=Asia/Shanghai xf-status history 1
is "$(sed -n 11p stdout | cut -f2,6,7)" \
    "2026-06-05T08:00:00+08:00	2026-08-02T08:00:00+08:00	2026-08-17T08:00:00+08:00" \
    "history in TZ=Asia/Shanghai: due values in the local zone, like at"

run xf-status history 2 nosuch 1
is "$rc" 1 "history with an unknown ref: exit 1"
is "$(cat stderr)" "xf-status: nosuch: no such complaint" \
    "history with an unknown ref: named"
is "$(sed 1d stdout | cut -f1 | uniq -c | sed 's/^ *//' | tr '\n' ' ')" \
    "1 XF-2026-000002 11 XF-2026-000001 " \
    "history of several refs: one header, each ref's events in turn"
printf 'ref\tstatus\nXF-2026-000002\tnew\n' | xf-status history > out
is "$(cat out)" "ref	at	actor	kind	field	old	new	reason
XF-2026-000002	2026-06-01T00:00:00+00:00	tester	created	status		new	h.csv:4" \
    "history: refs from stdin"
run xf-status history -o jsonl 2
is "$(cat stdout)" '{"ref":"XF-2026-000002","at":"2026-06-01T00:00:00+00:00","actor":"tester","kind":"created","field":"status","old":null,"new":"new","reason":"h.csv:4"}' \
    "history -o jsonl"
run xf-status -o csv history 2
printf '%s\r\n' "ref,at,actor,kind,field,old,new,reason" \
    "XF-2026-000002,2026-06-01T00:00:00+00:00,tester,created,status,,new,h.csv:4" > want
same_file want stdout "history -o csv"
run xf-status -o jsonl history 1
is "$(sed -n 11p stdout)" '{"ref":"XF-2026-000001","at":"2026-06-06T00:00:00+00:00","actor":"tester","kind":"note","field":null,"old":null,"new":null,"reason":"called\tback\nno answer"}' \
    "history -o jsonl: a note, nulls and escapes"

# --- show: the record, then the history --------------------------------------------
run xf-status show 1
is "$rc" 0 "show: exit 0"
cat > want <<'EOF'
ref                XF-2026-000001
status             in_progress
received_at        2026-05-01T08:30:00+00:00
registered_at      2026-06-01T00:00:00+00:00
updated_at         2026-06-06T00:00:00+00:00
channel            web
kind               complaint
complainant        Alice
contact            alice@example.com
subject            Charged twice
assignee           amy
ack_due            2026-05-16T08:30:00+00:00
due                2026-08-17T00:00:00+00:00
accepted_at        2026-06-01T00:00:00+00:00
first_response_at  2026-06-01T00:00:00+00:00
paused_seconds     172800
reopen_count       0
source             h.csv:2
body:
    Refund the second charge.
    Card ending 1234.
history:
EOF
sed '/^history:$/q' stdout > got
same_file want got "show: the record, the body indented"
cat > want <<'EOF'
    2026-06-01T00:00:00+00:00  tester  created  status -> new  # h.csv:2
    2026-06-01T00:00:00+00:00  tester  accept  status new -> accepted
    2026-06-01T00:00:00+00:00  tester  deadline  ack_due -> 2026-05-16T08:30:00+00:00  # policy.tsv:26 calendar: acknowledge 15d, resolve 60d
    2026-06-01T00:00:00+00:00  tester  deadline  due -> 2026-07-31T00:00:00+00:00  # policy.tsv:26 calendar: acknowledge 15d, resolve 60d
    2026-06-02T09:00:00+00:00  amy  start  status accepted -> in_progress
    2026-06-02T09:00:00+00:00  amy  assign  assignee -> amy
    2026-06-03T00:00:00+00:00  tester  wait  status in_progress -> waiting  # asked for the statement
    2026-06-05T00:00:00+00:00  tester  resume  status waiting -> in_progress
    2026-06-05T00:00:00+00:00  tester  deadline  due 2026-07-31T00:00:00+00:00 -> 2026-08-02T00:00:00+00:00  # policy.tsv:26 calendar: acknowledge 15d, resolve 60d, paused 2d
EOF
sed '1,/^history:$/d' stdout | sed -n 1,9p > got
same_file want got "show: the history, one line an event"
is "$(sed '1,/^history:$/d' stdout | grep ' extend ' |
    sed 's/T\([0-9:]*\)Z/T\1+00:00/g')" \
    "    2026-06-05T00:00:00+00:00  tester  extend  due 2026-08-02T00:00:00+00:00 -> 2026-08-17T00:00:00+00:00  # approved by li: bank reply pending" \
    "show: an extension's due values as ISO times, as in history"
is "$(sed '1,/^history:$/d' stdout | sed '/^$/d' | grep -vc '^    2026-')" 0 \
    "show: a reason with a newline stays on its event's line"
is "$(tail -c 2 stdout | od -An -c | tr -d ' ')" '\n\n' \
    "show: a blank line after the complaint"

# --- show -o jsonl: every field and a history array --------------------------------
run xf-status -o jsonl show 1
is "$rc.$(wc -l < stdout | tr -d ' ')" "0.1" "show -o jsonl: one line"
case $(cat stdout) in
'{"ref":"XF-2026-000001","status":"in_progress",'*',"body":"Refund the second charge.\nCard ending 1234.","messages":[],"outbox":[],"history":[{"at":"2026-06-01T00:00:00+00:00","actor":"tester","kind":"created","field":"status","old":null,"new":"new","reason":"h.csv:2"},'*'}]}')
	pass "show -o jsonl: record, then a history array of events" ;;
*)	fail "show -o jsonl: record, then a history array of events"
	diag_file stdout ;;
esac
is "$(grep -o '"kind":"[a-z]*"' stdout | tr '\n' ' ')" \
    '"kind":"complaint" "kind":"created" "kind":"accept" "kind":"deadline" "kind":"deadline" "kind":"start" "kind":"assign" "kind":"wait" "kind":"resume" "kind":"deadline" "kind":"extend" "kind":"note" ' \
    "show -o jsonl: all eleven events, oldest first"
is "$(grep -o '"due":"[^"]*"' stdout)" '"due":"2026-08-17T00:00:00+00:00"' \
    "show -o jsonl: due as an ISO time"
is "$(grep -o '"kind":"extend","field":"due","old":"[^"]*","new":"[^"]*"' stdout |
    sed 's/T\([0-9:]*\)Z/T\1+00:00/g')" \
    '"kind":"extend","field":"due","old":"2026-08-02T00:00:00+00:00","new":"2026-08-17T00:00:00+00:00"' \
    "show -o jsonl: an extension's due values as ISO times"
if command -v python3 > /dev/null 2>&1; then
	check "show -o jsonl: valid JSON" python3 -c '
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert len(o["history"]) == 11, o["history"]
' stdout
else
	skip "no python3 to parse JSON"
fi

# --- show -o tsv: one row a complaint, no history -------------------------------
run xf-status -o tsv show 1 2
is "$rc.$(wc -l < stdout | tr -d ' ')" "0.3" "show -o tsv: a header and two rows"
is "$(head -1 stdout | tr '\t' ' ')" \
    "ref status received_at registered_at updated_at channel kind complainant contact subject category priority flags team assignee ack_due due accepted_at first_response_at resolved_at closed_at paused_since paused_seconds reopen_count source ext_id parent links tags extra notices body" \
    "show -o tsv: the header"
is "$(sed -n 2p stdout | cut -f1,2,15,17,23,32)" \
    "XF-2026-000001	in_progress	amy	2026-08-17T00:00:00+00:00	172800	Refund the second charge.\nCard ending 1234." \
    "show -o tsv: the row, body escaped"

# --- show: unknown refs, refs from stdin -----------------------------------------
run xf-status show nosuch 2
is "$rc" 1 "show with an unknown ref: exit 1"
is "$(cat stderr).$(grep -c '^ref  ' stdout)" "xf-status: nosuch: no such complaint.1" \
    "show with an unknown ref: named, the other shown"
xf-status list -s new | xf-status show > out
is "$(grep -c '^ref ' out).$(grep '^ref ' out | sed 's/  */ /')" "1.ref XF-2026-000002" \
    "xf-status list | xf-status show"

# --- CSV for spreadsheets; a full disk is an error ---------------------------------
xf-status note -m '=SUM(1+2)' 2 > /dev/null
run xf-status -o csv history 2
is "$(tail -1 stdout)" "$(printf '%s\r' "XF-2026-000002,2026-06-01T00:00:00+00:00,tester,note,,,,\"'=SUM(1+2)\"")" \
    "history -o csv: a reason that starts a formula is neutralised"
if [ -w /dev/full ]; then
	run sh -c 'xf-status history 1 > /dev/full'
	is "$rc|$(cat stderr)" "1|xf-status: stdout: No space left on device" \
	    "history to a full disk: exit 1"
	run sh -c 'xf-status show 1 > /dev/full'
	is "$rc|$(cat stderr)" "1|xf-status: stdout: No space left on device" \
	    "show to a full disk: exit 1"
else
	skip "no /dev/full"
	skip "no /dev/full"
fi
