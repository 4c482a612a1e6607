#!/bin/sh
# Separators and header-less tables (xf-intake(1) Formats and Columns):
# -F / --delimiter takes another separator; input no name or -f types is
# split by what its first line shows; a header that maps nothing is
# explained (one column holding a separator, or a first line that looks
# like data) with the option to give; --no-header names columns 1, 2, 3.
. "$(dirname "$0")/lib.sh"

plan 35

H='ref	received_at	channel	complainant	subject	source'

# --- semicolons (European Excel) -------------------------------------------------
printf 'subject;body;complainant;Betrag\nRechnung;"Zu viel berechnet; bitte prüfen";Anna;12,50\n' > eu.csv
run xf-intake eu.csv
is "$rc" 1 "semicolons in a .csv without -F: exit 1"
is "$(head -1 stderr)" \
    "xf-intake: eu.csv:1: no column holds a subject or body; the header is one column holding ';': for a file separated by it give -F ';'" \
    "semicolons without -F: the message says what to give"
is "$(db "select count(*) from complaint")" 0 "semicolons without -F: nothing stored"

run xf-intake -F ';' eu.csv
is "$rc" 0 "-F ';': exit 0"
is "$(db "select subject || '|' || body || '|' || complainant || '|' || extra from complaint")" \
    'Rechnung|Zu viel berechnet; bitte prüfen|Anna|{"Betrag":"12,50"}' \
    "-F ';': fields split at semicolons, quoted ones kept, commas are data"

fresh_db
run xf-intake --delimiter ';' eu.csv
is "$rc.$(grep -c XF- stdout)" "0.1" "--delimiter ';' is -F"
fresh_db
run xf-intake --delimiter=';' - < eu.csv
is "$rc.$(tail -n +2 stdout | cut -f6)" "0.stdin:2" "--delimiter=';' on stdin"

fresh_db
run xf-intake < eu.csv
is "$rc.$(db "select body from complaint")" "0.Zu viel berechnet; bitte prüfen" \
    "stdin: semicolons and no comma in the first line: split at semicolons"
fresh_db
cp eu.csv eu.txt
run xf-intake eu.txt
is "$rc.$(db "select extra from complaint")" '0.{"Betrag":"12,50"}' \
    "a .txt: split as its first line shows"

# A first line with semicolons and a comma is not guessed: commas.
fresh_db
printf 'subject;body,x\na;b,c\n' > mixed.txt
run xf-intake mixed.txt
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: mixed.txt:1: no column holds a subject or body; name one with -m body=COLUMN" \
    "semicolons and commas in the first line: commas, no guess"

# --- tabs and other separators -------------------------------------------------
fresh_db
printf 'subject\tbody\nTab\tin a csv\n' > tabs.csv
run xf-intake tabs.csv
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: tabs.csv:1: no column holds a subject or body; the header is one column holding tabs: for a file separated by it give -F tab" \
    "tabs in a .csv: -F tab suggested"
run xf-intake -F tab tabs.csv
is "$rc.$(db "select body from complaint")" "0.in a csv" "-F tab"
fresh_db
run xf-intake -F '	' tabs.csv
is "$rc.$(grep -c XF- stdout)" "0.1" "-F with a tab character"
fresh_db
printf 'subject|body\nPipe|"a | b"\n' > pipe.dat
run xf-intake -F '|' pipe.dat
is "$rc.$(db "select body from complaint")" "0.a | b" "-F '|'"

run xf-intake -F ab eu.csv
is "$rc|$(cat stderr)" \
    "2|xf-intake: -F ab: want one ASCII character other than a quote, such as ';' or '|', or tab" \
    "-F of two characters: usage error"
run xf-intake -F '"' eu.csv
is "$rc" 2 "-F '\"': usage error"
run xf-intake -F '' eu.csv
is "$rc" 2 "-F '': usage error"
run xf-intake -F ';' -f tsv eu.csv
is "$rc|$(cat stderr)" "2|xf-intake: -F is for CSV, not -f tsv" "-F with -f tsv: usage error"
run xf-intake -F ';' -f csv eu.csv
is "$rc" 0 "-F with -f csv"

# -F makes a table of what would be sniffed as mail.
fresh_db
printf 'Subject: hello;body\nx;y\n' > hdr
run xf-intake -F ';' -m subject='Subject: hello' hdr
is "$rc.$(db "select subject || '|' || body from complaint")" "0.x|y" \
    "-F: a table, even when the first line reads as a mail header"

# --- a first line that is data --------------------------------------------------
fresh_db
printf '2026-03-01,张三,13800138000,账单多扣了费用\n2026-03-02,李四,13900000000,路灯坏了\n' > nohead.csv
run xf-intake nohead.csv
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: nohead.csv:1: no column holds a subject or body; the first line looks like data, not a header ('2026-03-01'): for a file without one give --no-header and name columns by number, 1 to 4, as -m body=4" \
    "no header: a date in the first line: --no-header suggested"
is "$(db "select count(*) from complaint")" 0 "no header: nothing stored"

printf '张三,13800138000,账单多扣了费用\n' > phone.csv
run xf-intake phone.csv
like "$(head -1 stderr)" "*looks like data, not a header ('13800138000')*" \
    "no header: a phone number"
printf '张三,zhang@example.com,账单多扣了费用\n' > mail.csv
run xf-intake mail.csv
like "$(head -1 stderr)" "*looks like data, not a header ('zhang@example.com')*" \
    "no header: an e-mail address"
printf '张三,我上个月的账单多扣了五十元，客服说会退款但一直没有到账。\n' > text.csv
run xf-intake text.csv
like "$(head -1 stderr)" "*looks like data, not a header ('我上个月*" \
    "no header: a sentence"
run xf-intake -m body=Text nohead.csv
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: nohead.csv:1: no column 'Text' for -m body=Text; the first line looks like data, not a header ('2026-03-01'): for a file without one give --no-header and name columns by number, 1 to 4, as -m body=4" \
    "no header and -m by name: the same advice"
# A header of names gets no such advice.
printf 'name,phone,Issue No\nDan,123,7\n' > names.csv
run xf-intake names.csv
is "$(head -1 stderr)" \
    "xf-intake: names.csv:1: no column holds a subject or body; name one with -m body=COLUMN" \
    "a header of names: no claim that it is data"

# --- --no-header ---------------------------------------------------------------
run xf-intake --no-header nohead.csv
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: nohead.csv:1: no column holds a subject or body; without a header, name columns by number, 1 to 4, as -m body=4" \
    "--no-header without -m: columns by number"
run xf-intake --no-header -m received_at=1 -m complainant=2 -m contact=3 \
    -m body=4 nohead.csv
is "$rc" 0 "--no-header with -m by number: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-01T00:00:00+00:00	other	张三		nohead.csv:1
XF-2026-000002	2026-03-02T00:00:00+00:00	other	李四		nohead.csv:2
EOF
same_file want stdout "--no-header: the first line is a complaint, lines from 1"
is "$(db "select contact || '|' || body from complaint where id = 1")" \
    "13800138000|账单多扣了费用" "--no-header: columns by number"
fresh_db
run xf-intake --no-header -m body=4 nohead.csv
is "$(db "select extra from complaint where id = 1")" \
    '{"1":"2026-03-01","2":"张三","3":"13800138000"}' \
    "--no-header: unmapped columns kept as extras by number"
run xf-intake --no-header -m body=5 nohead.csv
is "$rc|$(head -1 stderr)" "1|xf-intake: nohead.csv:1: no column '5' for -m body=5" \
    "--no-header: a column past the last: refused"
fresh_db
printf '张三,账单多扣了费用\n李四,路灯,多一列\n' > ragged.csv
run xf-intake --no-header -m body=2 -r rej.csv ragged.csv
is "$rc|$(tail -n +2 stdout | cut -f6)|$(cat rej.csv)" \
    "1|ragged.csv:1|李四,路灯,多一列" \
    "--no-header: a row of another width is bad; the reject file has no header"
fresh_db
printf 'x;2026-03-05;停车收费不合理\n' | xf-intake --no-header -F ';' -m body=3 > /dev/null 2>&1
is "$(db "select body from complaint")" "停车收费不合理" "--no-header with -F"
