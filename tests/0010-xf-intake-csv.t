#!/bin/sh
# xf-intake: CSV and TSV imports, header aliases, -m mappings, extras and
# the shapes real exports come in (BOM, CRLF, quoting, gzip, blank rows).
. "$(dirname "$0")/lib.sh"

plan 74

H='ref	received_at	channel	complainant	subject	source'

# --- English aliases, output row, stored columns, extras -------------------
cat > en.csv <<'EOF'
Ticket ID,Received At,Channel,Customer Name,Email,Subject,Description,Product,Empty
EN-1,2026-03-05T08:12:00Z,Web,Alice Moore,alice@example.com,Charged twice,"Refund the second charge, please.",Payments,
EN-2,2026-03-06 09:30,Email,Bob Chen,bob@example.org,Phishing,Was there a breach?,,
EOF
run xf-intake en.csv
is "$rc" 0 "english aliases: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-05T08:12:00+00:00	web	Alice Moore	Charged twice	en.csv:2
XF-2026-000002	2026-03-06T09:30:00+00:00	email	Bob Chen	Phishing	en.csv:3
EOF
same_file want stdout "english aliases: one TSV row per complaint"
echo 'xf-intake: read 2, created 2, duplicate 0, rejected 0' > want
same_file want stderr "english aliases: summary on stderr"
is "$(db "select ext_id, complainant, contact, subject, body, channel, kind,
    status, received_at, registered_at from complaint where id = 1")" \
    "EN-1|Alice Moore|alice@example.com|Charged twice|Refund the second charge, please.|web|complaint|new|1772698320|1780272000" \
    "english aliases: every field stored"
is "$(db "select coalesce(extra, 'NULL') from complaint order by id")" \
    '{"Product":"Payments"}
NULL' "unmapped columns kept as JSON, empty values omitted"

# --- Chinese headers ---------------------------------------------------------
cat > zh.csv <<'EOF'
投诉人,联系方式,标题,内容,渠道,时间,备注
张三,13800000000,噪音扰民,楼下工地夜间施工，无法入睡。,电话,2026年3月5日 22时10分,夜间
李四,lisi@example.cn,路灯不亮,小区门口的路灯坏了三天,微博,2026/03/06,
EOF
run xf-intake zh.csv
is "$rc" 0 "chinese headers: exit 0"
cat > want <<EOF
$H
XF-2026-000003	2026-03-05T22:10:00+00:00	phone	张三	噪音扰民	zh.csv:2
XF-2026-000004	2026-03-06T00:00:00+00:00	social	李四	路灯不亮	zh.csv:3
EOF
same_file want stdout "chinese headers: rows"
is "$(db "select complainant, contact, subject, body, channel, extra
    from complaint where id = 3")" \
    '张三|13800000000|噪音扰民|楼下工地夜间施工，无法入睡。|phone|{"备注":"夜间"}' \
    "chinese headers: fields and extras stored"

# --- case and spacing in headers -----------------------------------------------
printf 'RECEIVED AT,  SUBJECT ,body_text,Body,contact-info,E-Mail,ext_id\n2026-03-07,Case,not mapped,b,c,x@y.z,ID 9\n' > case.csv
run xf-intake case.csv
is "$rc" 0 "header case and spacing: exit 0"
is "$(db "select subject, body, contact, ext_id, received_at, extra
    from complaint where source = 'case.csv:2'")" \
    'Case|b|x@y.z|ID 9|1772841600|{"body_text":"not mapped","contact-info":"c"}' \
    "header case, spaces, _ and - ignored"

# --- -m mappings ---------------------------------------------------------------
cat > m.csv <<'EOF'
Date received,Issue,Narrative text,Via,Ref no,Who,Title
2026-03-08,Late fees,They charged me twice,Phone,R-1,Carol,ignored
EOF
run xf-intake -m received_at='Date received' -m subject=issue \
    -m body='NARRATIVE_TEXT' -m channel=via -m ext_id='Ref no' \
    -m complainant=who m.csv
is "$rc" 0 "-m: exit 0"
is "$(db "select received_at, subject, body, channel, ext_id, complainant,
    extra from complaint where source = 'm.csv:2'")" \
    '1772928000|Late fees|They charged me twice|phone|R-1|Carol|{"Title":"ignored"}' \
    "-m maps columns (case and spacing ignored); an explicit map beats an alias"

run xf-intake -m body=Nope m.csv
is "$rc" 1 "-m naming a missing column: exit 1"
is "$(head -1 stderr)" "xf-intake: m.csv:1: no column 'Nope' for -m body=Nope" \
    "-m naming a missing column: message"
is "$(cat stdout)" "" "-m naming a missing column: no rows"

run xf-intake -m bogus=Issue m.csv
is "$rc" 2 "-m unknown field: exit 2"
is "$(cat stderr)" "xf-intake: -m: unknown field 'bogus' (fields: subject, body, complainant, contact, channel, received_at, ext_id, kind, status, accepted_at, resolved_at, closed_at)" \
    "-m unknown field: message"
is "$(db "select count(*) from complaint where source like 'm.csv%'")" 1 \
    "-m errors: nothing stored"
printf 'Issue,Other\nOne column twice,x\n' > twice.csv
run xf-intake -m subject=Issue -m body=Issue twice.csv
check "-m naming one column for two fields: no claim the column is missing" \
    sh -c '! grep -q "no column .Issue." stderr'
exit_is 2 "-m without =: exit 2" xf-intake -m body m.csv
exit_is 2 "-m with empty column: exit 2" xf-intake -m body= m.csv

# --- no subject or body column ---------------------------------------------------
printf 'name,phone\nDan,123\n' > nobody.csv
run xf-intake nobody.csv
is "$rc" 1 "no subject/body column: exit 1"
is "$(head -1 stderr)" "xf-intake: nobody.csv:1: no column holds a subject or body; name one with -m body=COLUMN" \
    "no subject/body column: message"
is "$(db "select count(*) from complaint where complainant = 'Dan'")" 0 \
    "no subject/body column: nothing stored"

# --- empty file, header only --------------------------------------------------------
fresh_db
: > empty.csv
run xf-intake empty.csv
is "$rc" 0 "empty file: exit 0"
is "$(cat stdout)" "" "empty file: nothing printed"
is "$(cat stderr)" "xf-intake: read 0, created 0, duplicate 0, rejected 0" \
    "empty file: summary"
printf 'subject,body\n' > hdr.csv
run xf-intake hdr.csv
is "$rc.$(cat stdout)" "0." "header only: exit 0, no rows"
printf 'subject,body' > hdr2.csv
run xf-intake hdr2.csv
is "$rc.$(cat stdout)" "0." "header only without newline: exit 0, no rows"
is "$(db "select count(*) from complaint")" 0 "empty inputs store nothing"

# --- UTF-8 BOM, CRLF, quoting -----------------------------------------------------------
printf '\357\273\277subject,body,Note\r\nbom,plain,n1\r\nlast,no newline,' > bom.csv
run xf-intake bom.csv
is "$rc" 0 "BOM and CRLF: exit 0"
is "$(db "select subject || '/' || body || '/' || coalesce(extra, '') from complaint
    where source like 'bom.csv:%' order by id")" \
    'bom/plain/{"Note":"n1"}
last/no newline/' "BOM dropped (subject column mapped), no CR kept in fields"
is "$(db "select count(*) from complaint
    where instr(subject || body || coalesce(extra, ''), char(13)) > 0")" 0 \
    "CRLF: no CR stored"

cat > q.csv <<'EOF'
subject,body,contact
"Smith, John says ""hi""","first line
second line, with comma",x@y.z
"  padded  ","  body  ",
EOF
run xf-intake q.csv
is "$rc" 0 "quotes, commas, newlines: exit 0"
is "$(db "select subject from complaint where source = 'q.csv:2'")" \
    'Smith, John says "hi"' "doubled quotes and commas inside a field"
is "$(db "select hex(body) from complaint where source = 'q.csv:2'")" \
    "$(printf 'first line\nsecond line, with comma' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
    "body stored with its newline"
is "$(db "select subject || '|' || body from complaint where source = 'q.csv:4'")" \
    'padded|body' "mapped fields trimmed; row after a multi-line row has the right line"
printf 'subject,body\r\n"crlf\r\ninside",b\r\n' > crlfq.csv
run xf-intake crlfq.csv
is "$rc.$(cut -f6 stdout | tail -1)" "0.crlfq.csv:2" "CRLF file with a quoted newline: imported"

# --- blank lines and all-empty rows ---------------------------------------------------------
printf 'subject,body,date\n\na1,b1,2026-01-01\n,,\n\n"","",""\r\n\r\na2,b2,2026-01-02\n\n' > blank.csv
run xf-intake blank.csv
is "$rc" 0 "blank lines: exit 0"
is "$(cut -f5,6 stdout | tail -n +2)" 'a1	blank.csv:3
a2	blank.csv:8' "blank lines and all-empty rows skipped, line numbers kept"
is "$(cat stderr)" 'xf-intake: read 2, created 2, duplicate 0, rejected 0' \
    "blank and all-empty rows are not counted as read"

# --- gzip ---------------------------------------------------------------------------------
printf 'subject,body\ngz1,from a gzip file\ngz2,second\n' > plain.csv
gzip -c plain.csv > g.csv.gz
run xf-intake g.csv.gz
is "$rc" 0 "gzip file: exit 0"
is "$(cut -f5,6 stdout | tail -n +2)" 'gz1	g.csv.gz:2
gz2	g.csv.gz:3' "gzip file: decompressed rows"
printf 'subject,body\ngz3,from stdin\n' | gzip -c > s.gz
run xf-intake < s.gz
is "$rc.$(cut -f5,6 stdout | tail -1)" "0.gz3	stdin:2" "gzip on stdin, named stdin"
printf 'subject,body\ngz5,no extension\n' | gzip -c > noext
run xf-intake noext
is "$rc.$(cut -f5 stdout | tail -1)" "0.gz5" \
    "gzip recognised by content, not by name"
printf 'subject,body\ngz4,plain stdin\n' | xf-intake - > out 2>&1
is "$(cut -f5,6 out | grep gz4)" "gz4	stdin:2" "plain stdin as -"

# --- TSV ------------------------------------------------------------------------------------
printf 'subject\tbody\tdate\tNote\nt1\tline1\\nline2\\tx\\\\y\t2026-01-01\t"kept quotes"\n\nt2\tb2\t2026-01-02\t\n' > t.tsv
run xf-intake t.tsv
is "$rc" 0 "TSV by extension: exit 0"
is "$(cut -f5,6 stdout | tail -n +2)" 't1	t.tsv:2
t2	t.tsv:4' "TSV by extension: rows, blank line skipped"
is "$(db "select hex(body) from complaint where source = 't.tsv:2'")" \
    "$(printf 'line1\nline2\tx\\y' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
    "TSV escapes \\n \\t \\\\ decoded"
is "$(db "select extra from complaint where source = 't.tsv:2'")" \
    '{"Note":"\"kept quotes\""}' "TSV has no quoting: quotes are data"
sed 's/^t\([12]\)/u\1/' t.tsv > t.txt
run xf-intake -f tsv t.txt
is "$rc.$(cut -f5,6 stdout | tail -n +2 | tr '\n' ' ')" "0.u1	t.txt:2 u2	t.txt:4 " \
    "-f tsv on any name"
fresh_db
run xf-intake t.txt
is "$rc.$(db "select extra from complaint where source = 't.txt:2'")" \
    '0.{"Note":"kept quotes"}' \
    "the same file by any other name: tab-separated text, quoted as CSV"
sed 's/^t\([12]\)/v\1/' t.tsv | gzip -c > v.tsv.gz
run xf-intake v.tsv.gz
is "$rc.$(cut -f5 stdout | tail -n +2 | tr '\n' ' ')" "0.v1 v2 " \
    ".tsv.gz is gzip TSV"
sed 's/^t\([12]\)/w\1/' t.tsv | xf-intake -f tsv > out 2> err
rc=$?
is "$rc.$(cut -f5,6 out | tail -n +2 | tr '\n' ' ')" "0.w1	stdin:2 w2	stdin:4 " \
    "-f tsv on stdin"
printf 'subject\tbody\nr1\tb\textra\nr2\n' > rag.tsv
run xf-intake rag.tsv
is "$rc" 1 "ragged TSV: exit 1"
is "$(cat stderr)" 'xf-intake: rag.tsv:2: 3 fields, the header has 2
xf-intake: rag.tsv:3: 1 fields, the header has 2
xf-intake: read 2, created 0, duplicate 0, rejected 2' "ragged TSV: rows named by line"
exit_is 2 "-f xml: exit 2" xf-intake -f xml t.tsv

# --- several files, a missing one ------------------------------------------------------------
printf 'subject\nf1\n' > f1.csv
printf 'subject\nf2\n' > f2.csv
run xf-intake f1.csv missing.csv f2.csv
is "$rc" 1 "a missing file: exit 1"
is "$(cut -f5,6 stdout | tail -n +2 | tr '\n' ' ')" "f1	f1.csv:2 f2	f2.csv:2 " \
    "a missing file: the other files still imported"
is "$(head -1 stderr)" "xf-intake: missing.csv: No such file or directory" \
    "a missing file: message names it"
mkdir adir
run xf-intake adir
is "$rc.$(head -1 stderr)" "1.xf-intake: adir: Is a directory" "a directory: exit 1"

# --- unreadable header --------------------------------------------------------------------------
printf '"subject,body\nx,y\n' > uh.csv
run xf-intake uh.csv
is "$rc" 1 "unterminated quote in the header: exit 1"
is "$(head -1 stderr)" "xf-intake: uh.csv:1: unreadable header: unterminated quote at end of input" \
    "unreadable header: message"

# --- channel and kind normalisation ----------------------------------------------------------------
cat > ch.csv <<'EOF'
subject,channel,kind
c1,Web,投诉
c2,Phone,建议
c3,电话,咨询
c4,Postal mail,Complaint
c5,微博,意见
c6,E-Mail,feedback
c7,来访,question
c8,Carrier Pigeon,gripe
c9,  WEB   FORM ,SUGGESTION
c10,,
c11,来信,
c12,微信,
c13,Referral,
c14,热线,
c15,网站,
EOF
fresh_db
run xf-intake ch.csv
is "$rc" 0 "channels: exit 0"
is "$(db "select subject || ':' || channel || ':' || kind || ':' ||
    coalesce(extra, '') from complaint order by id" | tr '\n' ' ')" \
    'c1:web:complaint: c2:phone:suggestion: c3:phone:inquiry: c4:letter:complaint: c5:social:opinion: c6:email:opinion: c7:visit:inquiry: c8:other:complaint:{"channel":"Carrier Pigeon","kind":"gripe"} c9:web:suggestion: c10:other:complaint: c11:letter:complaint: c12:social:complaint: c13:other:complaint:{"channel":"Referral"} c14:phone:complaint: c15:web:complaint: ' \
    "channel and kind normalised; unknown values kept verbatim in extra"
is "$(cut -f3 stdout | tail -n +2 | tr '\n' ' ')" \
    "web phone phone letter social email visit other web other letter social other phone web " \
    "the output shows the normalised channel"
printf 'subject\nno channel column\n' > noch.csv
run xf-intake -c 电话 noch.csv
is "$rc.$(db "select channel from complaint where source = 'noch.csv:2'")" "0.phone" \
    "-c sets the channel of rows without one"
exit_is 2 "-c with an unknown channel: exit 2" xf-intake -c pigeon noch.csv

# --- a row of unmapped JSON-hostile values ------------------------------------------------------------
printf 'subject,"Odd ""name""",Tab\n"s","back\\slash ""q""","a\tb\001"\n' > odd.csv
run xf-intake odd.csv
is "$rc" 0 "odd extras: exit 0"
check "extra is valid JSON with the exact values" python3 -c '
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
(e,) = c.execute("select extra from complaint where source = ?", ("odd.csv:2",)).fetchone()
d = json.loads(e)
assert d == {"Odd \"name\"": "back\\slash \"q\"", "Tab": "a\tb\x01"}, d
' "$XF_DB"

# --- repeated header names: no extra lost under a repeated JSON key -----------
# json_keys SOURCE: the keys of that complaint's extra as written, one a
# line (a repeated key would be lost by any JSON reader).
json_keys() {
	python3 -c '
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
(e,) = c.execute("select extra from complaint where source = ?", (sys.argv[2],)).fetchone()
print("\n".join(k for k, v in json.loads(e, object_pairs_hook=lambda p: p)))
' "$XF_DB" "$1"
}
printf 'subject,Note,Note,NOTE,Note\nr1,a,b,c,d\n' > rep.csv
run xf-intake rep.csv
is "$rc.$(db "select extra from complaint where source = 'rep.csv:2'")" \
    '0.{"Note":"a","Note (2)":"b","NOTE":"c","Note (3)":"d"}' \
    "a repeated column name gets (2), (3) in extra"
printf 'subject,subject,Title\nfirst,second,third\n' > rep2.csv
run xf-intake rep2.csv
is "$rc.$(db "select subject || ' ' || extra from complaint where source = 'rep2.csv:2'")" \
    '0.first {"subject (2)":"second","Title":"third"}' \
    "the first column naming a field fills it, later ones are extras"
printf 'subject,Note,Note,Note (2)\nr3,a,b,c\n' > rep3.csv
run xf-intake rep3.csv
is "$(json_keys rep3.csv:2 | sort | uniq -d)" "" \
    "a renamed repeat does not collide with a column already so named"
printf 'subject,Via,channel,Type,kind\nr4,Pigeon,Web,Complaint,odd\n' > rep4.csv
run xf-intake -m channel=Via -m kind=Type rep4.csv
is "$(json_keys rep4.csv:2 | sort | uniq -d)" "" \
    "an unknown channel or kind does not repeat a column's key in extra"
