#!/bin/sh
# xf-intake: text is stored as valid UTF-8.  -e converts from another
# character set (header and values alike); without it, bytes that are not
# UTF-8 make the row bad, never a broken store.
. "$(dirname "$0")/lib.sh"

plan 27

H='ref	received_at	channel	complainant	subject	source'

# utf8_ok: every text column of every complaint is valid UTF-8.
utf8_ok() {
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.text_factory = bytes
for row in c.execute("select complainant, contact, subject, body, extra, source from complaint"):
    for v in row:
        if v is not None:
            v.decode("utf-8")
' "$XF_DB"
}

# --- GB18030 with -e ---------------------------------------------------------
cat > zh.csv <<'EOF'
投诉人,联系电话,标题,内容,渠道,时间,备注
李四,13900000000,路灯不亮,小区门口的路灯坏了三天，晚上很危险。,来电,2026年3月5日,急
王五,,生僻字𠀀,扩展区汉字与符号：①②③,微信,2026-03-06,
EOF
iconv -f UTF-8 -t GB18030 zh.csv > gb.csv
check "the GB18030 file is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 gb.csv > /dev/null 2>&1'
run xf-intake -e gb18030 gb.csv
is "$rc" 0 "-e gb18030: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-05T00:00:00+00:00	phone	李四	路灯不亮	gb.csv:2
XF-2026-000002	2026-03-06T00:00:00+00:00	social	王五	生僻字𠀀	gb.csv:3
EOF
same_file want stdout "-e gb18030: Chinese headers mapped, values converted"
is "$(db "select complainant || '|' || contact || '|' || body || '|' || extra
    from complaint where id = 1")" \
    '李四|13900000000|小区门口的路灯坏了三天，晚上很危险。|{"备注":"急"}' \
    "-e gb18030: stored as UTF-8, header of an extra converted too"
is "$(db "select body from complaint where id = 2")" '扩展区汉字与符号：①②③' \
    "-e gb18030: four-byte GB18030 and symbols converted"
check "-e gb18030: everything stored is UTF-8" utf8_ok

run xf-intake zh.csv
is "$rc.$(cat stdout)" "0." \
    "the UTF-8 original is a duplicate of the converted rows"
run xf-intake -e GBK gb.csv
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 2, created 0, duplicate 2, rejected 0" \
    "-e GBK is read as GB18030 (its superset)"
gzip -c gb.csv | xf-intake -e gb18030 > out 2> err
is "$(cat err)" "xf-intake: read 2, created 0, duplicate 2, rejected 0" \
    "-e gb18030 on gzip from stdin"

# --- GB18030 without -e -----------------------------------------------------------
printf 'complainant,subject,body,Note\n' > en-gb.csv
printf '张三,噪音,夜间施工,\n' | iconv -f UTF-8 -t GB18030 >> en-gb.csv
printf 'Ann,ASCII only,fine,\n' >> en-gb.csv
run xf-intake -r en-gb.rej en-gb.csv
is "$rc" 1 "GB18030 values without -e: exit 1"
cat > want <<'EOF'
xf-intake: en-gb.csv:2: invalid UTF-8 in column 'complainant' (for GB18030 text use -e gb18030)
xf-intake: read 2, created 1, duplicate 0, rejected 1
EOF
same_file want stderr "GB18030 values without -e: rejected naming the column"
is "$(cut -f5 stdout | tail -n +2)" "ASCII only" "GB18030 values without -e: the UTF-8 row kept"
sed -n '1,2p' en-gb.csv > want
check "GB18030 values without -e: the row is in the reject file as read" \
    cmp want en-gb.rej
check "GB18030 values without -e: nothing broken stored" utf8_ok

# A header that is not UTF-8 makes the file unreadable, with a clear reason.
fresh_db
run xf-intake gb.csv
is "$rc.$(cat stdout)" "1." "GB18030 header without -e: exit 1, nothing imported"
is "$(db "select count(*) from complaint")" 0 "GB18030 header without -e: nothing stored"
like "$(head -1 stderr)" \
    "xf-intake: gb.csv:1: header column 1: invalid UTF-8*(for GB18030 text use -e gb18030)" \
    "GB18030 header without -e: the message says which column and why"
printf 'subject,body,N\377te\nhi,there,x\n' > badhdr.csv
run xf-intake badhdr.csv
like "$rc.$(head -1 stderr)" \
    "1.xf-intake: badhdr.csv:1: header column 3: invalid UTF-8*(for GB18030 text use -e gb18030)" \
    "invalid UTF-8 in an unmapped header: the file is refused with a clear message"
check "invalid UTF-8 in a header: nothing broken stored" utf8_ok

# --- -e errors -----------------------------------------------------------------------
run xf-intake -e klingon gb.csv
is "$rc" 2 "unknown charset: exit 2"
is "$(cat stderr)" "xf-intake: -e: unknown character set 'klingon'" \
    "unknown charset: message"
printf 'subject,body\nok,\201\060\nok2,fine\n' > badgb.csv
run xf-intake -e gb18030 badgb.csv
is "$rc.$(cut -f5 stdout | tail -n +2)" "1.ok2" \
    "-e gb18030 with an invalid sequence: that row rejected, the next kept"
is "$(head -1 stderr)" "xf-intake: badgb.csv:2: column 'body': invalid gb18030 sequence at byte 0" \
    "-e gb18030 with an invalid sequence: message names the column"

# --- other encodings -----------------------------------------------------------------------
fresh_db
printf 'subject,body\nCafé,Crème brûlée\n' | iconv -f UTF-8 -t ISO-8859-1 > latin1.csv
run xf-intake -e latin1 latin1.csv
is "$rc.$(db "select subject || ' ' || body from complaint")" "0.Café Crème brûlée" \
    "-e latin1 converts"
printf 'subject,body\n測試,繁體中文\n' | iconv -f UTF-8 -t BIG5 > big5.csv
run xf-intake -e big5 big5.csv
is "$rc.$(db "select body from complaint where subject = '測試'")" "0.繁體中文" \
    "-e big5 converts"

# --- flags with -e: the body from stdin is converted, the arguments are
# --- already in the locale's UTF-8 ---------------------------------------------------------
fresh_db
printf '夜间施工噪音' | iconv -f UTF-8 -t GB18030 > body.gb
run xf-intake -e gb18030 --subject 噪音 --complainant 张三 < body.gb
is "$rc.$(db "select body from complaint")" "0.夜间施工噪音" \
    "flags with -e: body from stdin converted"
is "$(db "select subject || '|' || complainant from complaint")" "噪音|张三" \
    "flags with -e: UTF-8 arguments stored as given"
