#!/bin/sh
# Byte order marks and wide encodings (xf(7) Text, xf-intake(1) Formats):
# Excel's "Unicode text" export is UTF-16LE with a mark, tab-separated,
# CRLF, quoted as CSV.  A mark says the encoding of any table input;
# UTF-16 and UTF-32 are decoded as they are read, by the mark or by
# -e utf-16 without one; a mark that contradicts -e, UTF-16 with neither,
# and text cut in the middle of a character are refused with file, line
# and what to do.
. "$(dirname "$0")/lib.sh"

plan 33

H='ref	received_at	channel	complainant	subject	source'

# to16 ENC FILE: FILE in UTF-8 converted to ENC on stdout.
to16() {
	iconv -f UTF-8 -t "$1" "$2"
}
LE_BOM='\377\376'
BE_BOM='\376\377'

# The export as Excel writes it: a multi-line cell quoted, a quote
# doubled, a character outside the BMP (a surrogate pair in UTF-16).
printf '投诉人\t标题\t内容\t电话\r\n张三\t账单\t"多扣了费用\r\n第二行, ""急"""\t13800138000\r\n李四\t生僻字𠀀\t路灯坏了\t\r\n' > u8.txt

# --- a mark says the encoding ----------------------------------------------------
{ printf "$LE_BOM"; to16 UTF-16LE u8.txt; } > export.txt
run xf-intake export.txt
is "$rc" 0 "UTF-16LE with a mark, .txt: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-06-01T00:00:00+00:00	other	张三	账单	export.txt:2
XF-2026-000002	2026-06-01T00:00:00+00:00	other	李四	生僻字𠀀	export.txt:4
EOF
same_file want stdout "UTF-16LE: tab-separated rows, Chinese headers mapped, lines counted"
is "$(db "select body || '|' || contact from complaint where id = 1")" \
    "$(printf '多扣了费用\r\n第二行, "急"|13800138000')" \
    "UTF-16LE: a quoted cell keeps its line break and quotes"
is "$(db "select count(*) from complaint where body like '%'||char(65279)||'%' or complainant like char(65279)||'%'")" 0 \
    "UTF-16LE: the mark is not stored"

fresh_db
{ printf "$BE_BOM"; to16 UTF-16BE u8.txt; } > be.txt
run xf-intake be.txt
is "$rc.$(tail -n +2 stdout | cut -f4,5 | tr '\n' ' ')" "0.张三	账单 李四	生僻字𠀀 " \
    "UTF-16BE with a mark"

fresh_db
{ printf '\377\376\0\0'; to16 UTF-32LE u8.txt; } > u32.txt
run xf-intake u32.txt
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ')" "0.账单 生僻字𠀀 " \
    "UTF-32LE with a mark"

fresh_db
{ printf '\357\273\277'; cat u8.txt; } > bom8.txt
run xf-intake < bom8.txt
is "$rc.$(tail -n +2 stdout | cut -f4,6 | tr '\n' ' ')" "0.张三	stdin:2 李四	stdin:4 " \
    "UTF-8 with a mark on stdin: tab-separated, mark dropped"

fresh_db
gzip -c export.txt > export.txt.gz
run xf-intake export.txt.gz
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ')" "0.账单 生僻字𠀀 " \
    "gzipped UTF-16LE"

fresh_db
printf 'subject,body\r\nCRLF,line ends\r\n' > c.csv
{ printf "$LE_BOM"; to16 UTF-16LE c.csv; } > c16.csv
run xf-intake c16.csv
is "$rc.$(db "select subject || '|' || body from complaint")" "0.CRLF|line ends" \
    "UTF-16LE .csv: commas, CRLF, no CR kept"

# --- -e, with and without a mark -------------------------------------------------
fresh_db
to16 UTF-16LE u8.txt > nomark.txt
run xf-intake -e utf-16 nomark.txt
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ')" "0.账单 生僻字𠀀 " \
    "-e utf-16 without a mark: little-endian by its zero bytes"
fresh_db
run xf-intake -e UTF-16LE nomark.txt
is "$rc.$(grep -c XF- stdout)" "0.2" "-e UTF-16LE without a mark"
fresh_db
to16 UTF-16BE u8.txt > nomark-be.txt
run xf-intake -e utf-16 nomark-be.txt
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ')" "0.账单 生僻字𠀀 " \
    "-e utf-16 without a mark: big-endian by its zero bytes"
fresh_db
run xf-intake -e utf-16 export.txt
is "$rc.$(grep -c XF- stdout)" "0.2" "-e utf-16 with a UTF-16LE mark"
fresh_db
run xf-intake -e utf-16le export.txt
is "$rc.$(grep -c XF- stdout)" "0.2" "-e utf-16le with a UTF-16LE mark"

run xf-intake -e utf-16be export.txt
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: export.txt:1: starts with a UTF-16LE byte order mark but -e says utf-16be: leave -e out, the mark says the encoding" \
    "a mark that contradicts -e utf-16be: refused"
run xf-intake -e gb18030 bom8.txt
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: bom8.txt:1: starts with a UTF-8 byte order mark but -e says gb18030: leave -e out, the mark says the encoding" \
    "a UTF-8 mark that contradicts -e gb18030: refused"
is "$(db "select count(*) from complaint")" 2 "contradictions store nothing"

fresh_db
run xf-intake nomark.txt
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: nomark.txt:1: looks like UTF-16 text without a byte order mark: give -e utf-16" \
    "UTF-16 with neither mark nor -e: refused with advice"
is "$(db "select count(*) from complaint")" 0 "nothing stored"

# --- text cut short or broken ------------------------------------------------------
cp export.txt odd.txt
printf 'x' >> odd.txt
run xf-intake odd.txt
is "$rc" 1 "an odd number of bytes: exit 1"
is "$(head -1 stderr)" \
    "xf-intake: odd.txt:5: byte $(($(wc -c < odd.txt) - 1)): the input ends in the middle of a UTF-16LE character: it was cut short, or is not UTF-16LE" \
    "an odd number of bytes: file, line and byte named"
is "$(grep -c XF- stdout)" 2 "an odd number of bytes: the rows before it are stored"

fresh_db
# A low surrogate with no high one before it, on line 3, after "bad".
{ printf "$LE_BOM"; to16 UTF-16LE c.csv; printf 'b\0a\0d\0\000\334,\0x\0\r\0\n\0'; } > lone.csv
run xf-intake lone.csv
is "$rc|$(head -1 stderr)" \
    "1|xf-intake: lone.csv:3: byte $(($(wc -c < c16.csv) + 6)): invalid UTF-16LE text: if the input is in another encoding, give it with -e" \
    "a lone surrogate: refused, line and byte named"
is "$(db "select count(*) from complaint")" 1 "a lone surrogate: the row before it is stored"

# --- the flag form's body from stdin -----------------------------------------------
fresh_db
printf "$LE_BOM"'h\0i\0' | xf-intake -e utf-16 --subject s > /dev/null 2>&1
is "$(db "select body from complaint")" "hi" "-e utf-16: the body from stdin, BOM and all"

# --- large: decoded as it is read, block after block ------------------------------
fresh_db
N=20000
awk -v n=$N 'BEGIN { printf "subject\tbody\r\n";
    for (i = 1; i <= n; i++) printf "第%d号\t内容 %d，足够长的一段文字让行跨过块的边界\r\n", i, i }' > big8.txt
{ printf "$LE_BOM"; to16 UTF-16LE big8.txt; } > big.txt
check "the UTF-16 file is larger than a read block several times" \
    test "$(wc -c < big.txt)" -gt 1000000
run xf-intake -q big.txt
is "$rc.$(grep -c XF- stdout)" "0.$N" "large UTF-16: every row created"
is "$(db "select count(distinct body) from complaint")" $N "large UTF-16: every body its own"
is "$(db "select subject || '|' || body || '|' || source from complaint where id = $N")" \
    "第${N}号|内容 $N，足够长的一段文字让行跨过块的边界|big.txt:$((N + 1))" \
    "large UTF-16: the last row whole, its line counted"
is "$(db "select count(*) from complaint where body <> '内容 ' || substr(subject, 2, length(subject) - 2) || '，足够长的一段文字让行跨过块的边界'")" 0 \
    "large UTF-16: no row split or joined at a block boundary"

# --- other readers of rows: xf-classify -l -------------------------------------------
printf 'text,label\n账单多扣费,billing\n退款太慢,billing\n路灯坏了,infra\n道路积水,infra\n' > train.csv
{ printf "$LE_BOM"; to16 UTF-16LE train.csv; } > train16.csv
run xf-classify train -l text,label train16.csv
is "$rc" 0 "xf-classify train -l: a UTF-16 file with a mark"
printf 'text\n账单多扣费\n' > p.csv
{ printf "$BE_BOM"; to16 UTF-16BE p.csv; } > p16.txt
run xf-classify predict -l text p16.txt
is "$rc.$(grep -c billing stdout)" "0.1" "xf-classify predict -l: UTF-16BE .txt"

# --- -e names ------------------------------------------------------------------------
run xf-intake -e utf-16xx export.txt
is "$rc|$(cat stderr)" "2|xf-intake: -e: unknown character set 'utf-16xx'" \
    "-e with an unknown wide name: usage error"
