#!/bin/sh
# xf-intake, e-mail charsets end to end: GB2312/GBK/GB18030 and Big5
# bodies, RFC 2047 words split inside a character, undeclared 8-bit
# GB18030, mislabelled and broken text; whatever comes in, the store
# holds valid UTF-8 and the raw bytes unchanged.
. "$(dirname "$0")/lib.sh"

plan 32

summary() {
	echo "xf-intake: read $7, created $1, attached $2, reopened $3, auto-replies $4, duplicate $5, rejected $6"
}

# field ID COLUMN: one column of the complaint whose Message-ID is ID.
field() {
	db "select $2 from complaint where source = '<$1@example.cn>'"
}

python3 - <<'EOF'
import base64

def bw(cs, b):
    return b"=?" + cs + b"?B?" + base64.b64encode(b) + b"?="

def qw(cs, b):
    return b"=?" + cs + b"?Q?" + b"".join(b"=%02X" % c for c in b) + b"?="

def msg(name, headers, body):
    mid = name.split(".")[0].encode()
    head = b"Date: Mon, 2 Mar 2026 09:00:00 +0000\nMessage-ID: <" + mid + b"@example.cn>\n"
    if not headers.startswith(b"From:"):
        head = b"From: x@example.cn\n" + head
    open(name, "wb").write(headers + head + b"\n" + body)

# GB2312 label, 8bit body, encoded subject.
msg("gb2312.eml", b"Subject: " + bw(b"gb2312", "噪音扰民".encode("gb2312")) +
    b"\nContent-Type: text/plain; charset=\"gb2312\"\nContent-Transfer-Encoding: 8bit\n",
    "楼下工地夜间施工。\n".encode("gb2312"))
# GBK label: characters outside GB2312, quoted-printable.
msg("gbk.eml", b"Subject: gbk\nContent-Type: text/plain; charset=GBK\nContent-Transfer-Encoding: quoted-printable\n",
    b"".join(b"=%02X" % c for c in "朱镕基与喆".encode("gbk")) + b"\n")
# GBK's one-byte euro (Windows-936 0x80).
msg("gbkeuro.eml", b"Subject: euro\nContent-Type: text/plain; charset=gbk\nContent-Transfer-Encoding: quoted-printable\n",
    b"=CA=D5=B7=D1100=80=A3=AC=CC=AB=B9=F3=C1=CB\n")
# GB18030 with four-byte sequences, base64.
msg("gb18030.eml", b"Subject: " + bw(b"GB18030", "四字节".encode("gb18030")) +
    b"\nContent-Type: text/plain; charset=gb18030\nContent-Transfer-Encoding: base64\n",
    base64.b64encode("café 𠀀 中文".encode("gb18030")) + b"\n")
# Big5 subject and body.
msg("big5.eml", b"Subject: " + bw(b"big5", "陳情".encode("big5")) +
    b"\nContent-Type: text/plain; charset=big5\nContent-Transfer-Encoding: base64\n",
    base64.b64encode("道路施工，噪音擾民。\n".encode("big5")) + b"\n")
# RFC 2047: UTF-8 split inside characters, each word padded.
u = "投诉：噪音扰民".encode()
msg("split.eml", b"Subject: " + b" ".join(bw(b"UTF-8", p) for p in (u[0:4], u[4:8], u[8:14], u[14:])) + b"\n",
    b"body\n")
# ... the From name too, and GB2312 words split inside a character.
n = "张三".encode()
g = "噪音扰民".encode("gb2312")
msg("splitgb.eml", b"From: " + b" ".join(bw(b"UTF-8", p) for p in (n[:2], n[2:4], n[4:])) +
    b" <z@example.cn>\nSubject: " + b" ".join(bw(b"gb2312", p) for p in (g[:1], g[1:4], g[4:])) + b"\n",
    b"body\n")
# Q and B words mixed (lower-case b too), then plain text.
v = "投诉：噪音".encode()
msg("splitmix.eml", b"Subject: " + qw(b"UTF-8", v[:2]) + b" " + bw(b"UTF-8", v[2:5]) + b" " +
    bw(b"utf-8", v[5:]).replace(b"?B?", b"?b?") + b" tail\n", b"body\n")
# Big5 words split inside a character.
b5 = "陳情書".encode("big5")
msg("splitbig5.eml", b"Subject: " + b" ".join(bw(b"big5", p) for p in (b5[:1], b5[1:3], b5[3:])) + b"\n",
    b"body\n")
# Undeclared 8-bit GB18030 in headers and body.
msg("undecl.eml", "From: 赵六 <zhao@example.cn>\nSubject: 未声明的字符集\n".encode("gb18030"),
    "正文是GB18030编码。\n".encode("gb18030"))
# Labelled UTF-8, really GB18030.
msg("mislabel.eml", b"Subject: mislabel\nContent-Type: text/plain; charset=utf-8\n",
    "标签是UTF-8其实是GB18030。\n".encode("gb18030"))
# Labelled UTF-8, neither UTF-8 nor GB18030.
msg("broken.eml", b"Subject: broken\nContent-Type: text/plain; charset=utf-8\n",
    b"bad \xff\xfe bytes \xe4\xb8\n")
# Latin-1 8-bit in headers, no label anywhere.
msg("latin1.eml", b"From: caf\xe9 <c@example.cn>\nSubject: cr\xe8me \xff\n", b"plain\n")
# UTF-16 body: its NUL bytes belong to it.
msg("utf16.eml", b"Subject: utf16\nContent-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: base64\n",
    base64.b64encode("宽字符正文".encode("utf-16le")) + b"\n")
# An unknown charset label on GB18030 text.
msg("unknown.eml", b"Subject: unknown\nContent-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: 8bit\n",
    "未知字符集".encode("gb18030") + b"\n")
# A known charset the text is invalid in.
msg("badbig5.eml", b"Subject: bad big5\nContent-Type: text/plain; charset=big5\nContent-Transfer-Encoding: 8bit\n",
    "好".encode("big5") + b"\xff\xff" + "字".encode("big5") + b"\n")
EOF

run xf-intake gb2312.eml gbk.eml gbkeuro.eml gb18030.eml big5.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 5 0 0 0 0 0 5)" "GB and Big5: all imported, no warning"
is "$(field gb2312 "subject || '|' || body")" "噪音扰民|楼下工地夜间施工。" \
    "GB2312: subject and 8-bit body"
is "$(field gbk body)" "朱镕基与喆" "GBK: characters outside GB2312"
is "$(field gbkeuro body)" "收费100€，太贵了" "GBK: the one-byte euro"
is "$(field gb18030 "subject || '|' || body")" "四字节|café 𠀀 中文" \
    "GB18030: four-byte sequences"
is "$(field big5 "subject || '|' || body")" "陳情|道路施工，噪音擾民。" "Big5: subject and body"

run xf-intake split.eml splitgb.eml splitmix.eml splitbig5.eml
is "$rc.$(cat stderr)" "0.$(summary 4 0 0 0 0 0 4)" "split encoded words: imported, no warning"
is "$(tail -n +2 stdout | cut -f4,5)" "	投诉：噪音扰民
张三	噪音扰民
	投诉：噪音 tail
	陳情書" "split encoded words: the rows show whole characters"
is "$(field split subject)" "投诉：噪音扰民" "UTF-8 words split inside characters"
is "$(field splitgb "complainant || '|' || subject")" "张三|噪音扰民" \
    "From name and GB2312 words split inside characters"
is "$(field splitmix subject)" "投诉：噪音 tail" "Q and B words, lower-case b, then text"
is "$(field splitbig5 subject)" "陳情書" "Big5 words split inside characters"
is "$(db "select subject from message where message_id = 'split@example.cn'")" \
    "投诉：噪音扰民" "the message row has the same subject"

run xf-intake undecl.eml
is "$rc.$(cat stderr)" "0.$(summary 1 0 0 0 0 0 1)" "undeclared GB18030: imported"
is "$(tail -n +2 stdout | cut -f4,5)" "赵六	未声明的字符集" "undeclared GB18030: name and subject"
is "$(field undecl "complainant || '|' || subject || '|' || body")" \
    "赵六|未声明的字符集|正文是GB18030编码。" "undeclared GB18030: body"
xf-status show --raw XF-2026-000010 > raw.out
check "undeclared GB18030: show --raw gives the GB18030 bytes" cmp undecl.eml raw.out

run xf-intake mislabel.eml
is "$rc.$(cat stderr)" "0.xf-intake: mislabel.eml: text labelled UTF-8 is not, read as GB18030
$(summary 1 0 0 0 0 0 1)" "labelled UTF-8, really GB18030: a warning"
is "$(field mislabel body)" "标签是UTF-8其实是GB18030。" "labelled UTF-8, really GB18030: read right"

run xf-intake broken.eml
is "$rc.$(head -1 stderr)" \
    "0.xf-intake: broken.eml: text labelled UTF-8 is not: text is neither UTF-8 nor GB18030, bad bytes replaced" \
    "invalid text: a warning"
is "$(field broken body)" "bad �� bytes ��" "invalid text: bad bytes become U+FFFD"

run xf-intake latin1.eml
is "$rc" 0 "8-bit Latin-1 headers: imported"
check "8-bit Latin-1 headers: stored as valid UTF-8" sh -c \
    "sqlite3 -init /dev/null \"\$XF_DB\" \"select complainant, subject from complaint where source = '<latin1@example.cn>'\" | iconv -f UTF-8 -t UTF-8 > /dev/null"

run xf-intake utf16.eml
is "$rc.$(field utf16 body)" "0.宽字符正文" "UTF-16 body: converted, its NULs not dropped"

run xf-intake unknown.eml
is "$rc.$(head -1 stderr)" "0.xf-intake: unknown.eml: unknown charset x-no-such-charset, read as GB18030" \
    "unknown charset: a warning"
is "$(field unknown body)" "未知字符集" "unknown charset: GB18030 text read"

run xf-intake badbig5.eml
is "$rc.$(head -1 stderr)" "0.xf-intake: badbig5.eml: invalid big5 text, bad bytes replaced" \
    "invalid Big5: a warning"
like "$(field badbig5 body)" "好*字" "invalid Big5: the good characters kept"
is "$(field badbig5 "instr(body, '�') > 0")" 1 "invalid Big5: the bad bytes become U+FFFD"

# Everything in the store is valid UTF-8.
db "select complainant, contact, subject, body, source from complaint;
    select sender, sender_name, subject, body, source from message;
    select reason from event" > text.out
check "complaint, message and event text: valid UTF-8" \
    iconv -f UTF-8 -t UTF-8 text.out -o /dev/null
is "$(db "select count(*) from complaint")" 16 "16 complaints"
check "the event chain is intact" xf-status verify
