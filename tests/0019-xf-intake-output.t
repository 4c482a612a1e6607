#!/bin/sh
# xf-intake output: TSV with escapes by default, -o csv (RFC 4180, formula
# cells neutralised), -o jsonl (JSON Lines), -o table (aligned, CJK wide).
. "$(dirname "$0")/lib.sh"

plan 17

printf 'subject\tcomplainant\tdate\n=SUM(A1)\tSmith, John\t2026-03-01\nsay "hi"\t张三\t2026-03-02\nmulti\\nline\t\t2026-03-03\n+cmd\t-x\t2026-03-04\n@at\tTab\\tin\t2026-03-05\nback\\\\slash\tCR\\rin\t2026-03-06\n噪音扰民问题\t李四\t2026-03-07\n' > o.tsv

# --- TSV ---------------------------------------------------------------------
run xf-intake -n o.tsv
is "$rc" 0 "tsv: exit 0"
cat > want <<'EOF'
ref	received_at	channel	complainant	subject	source
XF-2026-000001	2026-03-01T00:00:00+00:00	other	Smith, John	=SUM(A1)	o.tsv:2
XF-2026-000002	2026-03-02T00:00:00+00:00	other	张三	say "hi"	o.tsv:3
XF-2026-000003	2026-03-03T00:00:00+00:00	other		multi\nline	o.tsv:4
XF-2026-000004	2026-03-04T00:00:00+00:00	other	-x	+cmd	o.tsv:5
XF-2026-000005	2026-03-05T00:00:00+00:00	other	Tab\tin	@at	o.tsv:6
XF-2026-000006	2026-03-06T00:00:00+00:00	other	CR\rin	back\\slash	o.tsv:7
XF-2026-000007	2026-03-07T00:00:00+00:00	other	李四	噪音扰民问题	o.tsv:8
EOF
same_file want stdout "tsv: header, one line a row, \\t \\n \\r \\\\ escaped"
check "tsv: every row has 6 fields" \
    awk -F '\t' 'NF != 6 { exit 1 }' stdout

# --- CSV -------------------------------------------------------------------------
run xf-intake -n -o csv o.tsv
is "$rc" 0 "csv: exit 0"
{
	printf 'ref,received_at,channel,complainant,subject,source\r\n'
	printf 'XF-2026-000001,2026-03-01T00:00:00+00:00,other,"Smith, John","'"'"'=SUM(A1)",o.tsv:2\r\n'
	printf 'XF-2026-000002,2026-03-02T00:00:00+00:00,other,张三,"say ""hi""",o.tsv:3\r\n'
	printf 'XF-2026-000003,2026-03-03T00:00:00+00:00,other,,"multi\nline",o.tsv:4\r\n'
	printf 'XF-2026-000004,2026-03-04T00:00:00+00:00,other,"'"'"'-x","'"'"'+cmd",o.tsv:5\r\n'
	printf 'XF-2026-000005,2026-03-05T00:00:00+00:00,other,Tab\tin,"'"'"'@at",o.tsv:6\r\n'
	printf 'XF-2026-000006,2026-03-06T00:00:00+00:00,other,"CR\rin",back\\slash,o.tsv:7\r\n'
	printf 'XF-2026-000007,2026-03-07T00:00:00+00:00,other,李四,噪音扰民问题,o.tsv:8\r\n'
} > want
check "csv: RFC 4180 bytes, CRLF, quoting, formula cells get a leading quote" \
    cmp want stdout
check "csv: a CSV reader gets the values back" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["ref", "received_at", "channel", "complainant", "subject", "source"], rows[0]
assert [r[4] for r in rows[1:]] == ["\x27=SUM(A1)", "say \"hi\"", "multi\nline",
    "\x27+cmd", "\x27@at", "back\\slash", "噪音扰民问题"], [r[4] for r in rows[1:]]
assert rows[1][3] == "Smith, John" and rows[6][3] == "CR\rin", rows
assert all(len(r) == 6 for r in rows)
' stdout

# --- JSON Lines ---------------------------------------------------------------------
run xf-intake -n -o jsonl o.tsv
is "$rc" 0 "json: exit 0"
is "$(wc -l < stdout | tr -d ' ')" 7 "json: one line a complaint, no header"
check "json: each line parses" sh -c \
    'python3 -c "import json,sys; [json.loads(l) for l in sys.stdin]" < stdout'
check "json: the values, null for an empty one" python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert list(rows[0]) == ["ref", "received_at", "channel", "complainant", "subject", "source"]
assert rows[0]["subject"] == "=SUM(A1)" and rows[0]["ref"] == "XF-2026-000001"
assert rows[1]["subject"] == "say \"hi\"" and rows[1]["complainant"] == "张三"
assert rows[2]["subject"] == "multi\nline" and rows[2]["complainant"] is None
assert rows[4]["complainant"] == "Tab\tin" and rows[5]["complainant"] == "CR\rin"
assert rows[5]["subject"] == "back\\slash"
assert rows[6]["received_at"] == "2026-03-07T00:00:00+00:00"
' stdout
check "json: UTF-8 written as is, not escaped" grep -q '"subject":"噪音扰民问题"' stdout

# --- table ----------------------------------------------------------------------------
run xf-intake -n -o table o.tsv
is "$rc" 0 "table: exit 0"
cat > want <<'EOF'
ref             received_at                channel  complainant  subject       source
XF-2026-000001  2026-03-01T00:00:00+00:00  other    Smith, John  =SUM(A1)      o.tsv:2
XF-2026-000002  2026-03-02T00:00:00+00:00  other    张三         say "hi"      o.tsv:3
XF-2026-000003  2026-03-03T00:00:00+00:00  other                 multi line    o.tsv:4
XF-2026-000004  2026-03-04T00:00:00+00:00  other    -x           +cmd          o.tsv:5
XF-2026-000005  2026-03-05T00:00:00+00:00  other    Tab in       @at           o.tsv:6
XF-2026-000006  2026-03-06T00:00:00+00:00  other    CR in        back\slash    o.tsv:7
XF-2026-000007  2026-03-07T00:00:00+00:00  other    李四         噪音扰民问题  o.tsv:8
EOF
same_file want stdout "table: aligned, CJK counted two columns wide, controls as spaces"

# --- nothing created ------------------------------------------------------------------------
xf-intake -q o.tsv > out
run xf-intake -o csv o.tsv
is "$rc.$(wc -c < stdout | tr -d ' ')" "0.0" \
    "csv with no complaint created: nothing, not even the header"
run xf-intake -o jsonl o.tsv
is "$rc.$(wc -c < stdout | tr -d ' ')" "0.0" "jsonl with no complaint created: nothing"
run xf-intake -o json o.tsv
is "$rc.$(cat stdout)" "0.[]" "json with no complaint created: an empty array"
run xf-intake -o table o.tsv
is "$rc.$(wc -c < stdout | tr -d ' ')" "0.0" \
    "table with no complaint created: nothing, not even the header"
