#!/bin/sh
# xf-intake, e-mail: the input forms (one .eml, stdin, mbox by content
# and by -f, gzip mbox, Maildir), the fields a complaint gets from a
# message, Date fallbacks, dedupe on a re-run, the raw evidence kept
# (xf-status show --raw), HTML-only bodies and attachments.
. "$(dirname "$0")/lib.sh"

plan 85

D=$XF_DATA/mail-intake
H='ref	received_at	channel	complainant	subject	source'
NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z

# summary CREATED ATTACHED REOPENED AUTO DUP REJECTED READ
summary() {
	echo "xf-intake: read $7, created $1, attached $2, reopened $3, auto-replies $4, duplicate $5, rejected $6"
}

# --- one .eml file ------------------------------------------------------------
cp "$D/plain.eml" plain.eml
run xf-intake plain.eml
is "$rc" 0 "eml: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-05T02:00:00+00:00	email	张三	夜间施工噪音	plain.eml
EOF
same_file want stdout "eml: one row: ref, Date in UTC, email, decoded name and subject, file"
summary 1 0 0 0 0 0 1 > want
same_file want stderr "eml: mail summary line on stderr"
is "$(db "select complainant, contact, subject, body, channel, kind, status,
    received_at, registered_at, source, coalesce(ext_id, 'NULL'),
    coalesce(parent_id, 'NULL'), reopen_count from complaint where id = 1")" \
    "张三|zhangsan@example.com|夜间施工噪音|楼下工地夜间施工，噪音很大。
请尽快处理。|email|complaint|new|1772676000|$NOW|<plain-1@example.com>|NULL|NULL|0" \
    "eml: complaint fields (contact lower-cased, source <message-id>)"
is "$(db "select complaint_id, direction, at, registered_at, message_id,
    coalesce(in_reply_to, 'NULL'), sender, sender_name, subject, source,
    hex(dedupe_key), raw_size from message")" \
    "1|in|1772676000|$NOW|plain-1@example.com|NULL|zhangsan@example.com|张三|夜间施工噪音|plain.eml|$(printf '\003plain-1@example.com' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)|$(wc -c < plain.eml | tr -d ' ')" \
    "eml: message row (id without <>, key 0x03 + Message-ID, raw size)"
is "$(db "select kind || '|' || new || '|' || reason from event")" \
    "created|new|<plain-1@example.com>" "eml: one 'created' event"
xf-status show --raw XF-2026-000001 > raw.out
check "eml: show --raw gives back the exact bytes" cmp plain.eml raw.out

# --- CRLF message: no CR stored, the raw bytes kept ----------------------------
sed 's/plain-1@/crlf-1@/; s/$/\r/' "$D/plain.eml" > crlf.eml
run xf-intake crlf.eml
is "$rc.$(tail -n +2 stdout | cut -f1,6)" "0.XF-2026-000002	crlf.eml" "CRLF eml: imported"
is "$(db "select count(*) from complaint where instr(body || subject ||
    complainant, char(13)) > 0")" 0 "CRLF eml: no CR in the stored text"
xf-status show --raw XF-2026-000002 > raw.out
check "CRLF eml: show --raw keeps the CRs" cmp crlf.eml raw.out

# --- stdin with -f eml -----------------------------------------------------------
sed 's/plain-1@/stdin-1@/' "$D/plain.eml" > s.eml
run xf-intake -f eml < s.eml
is "$rc.$(tail -n +2 stdout | cut -f1,6)" "0.XF-2026-000003	stdin" \
    "stdin -f eml: imported, source stdin"
is "$(db "select source from message where message_id = 'stdin-1@example.com'")" \
    stdin "stdin -f eml: the message source is stdin"
sed 's/plain-1@/stdin-2@/' "$D/plain.eml" > s2.eml
run xf-intake -f eml - < s2.eml
is "$rc.$(tail -n +2 stdout | cut -f1,6)" "0.XF-2026-000004	stdin" "-f eml -: stdin"
run xf-intake < s2.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 0 1 0 1)" \
    "stdin without -f: recognised as e-mail by its first header (a duplicate)"

# --- mbox by content ---------------------------------------------------------------
fresh_db
cp "$D/box.mbox" box.mbox
run xf-intake box.mbox
is "$rc" 0 "mbox: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-05T02:00:00+00:00	email	张三	夜间施工噪音	box.mbox:1
XF-2026-000002	2026-03-06T03:04:05+00:00	email	Li Si	no date here	box.mbox:12
XF-2026-000003	2026-03-07T08:00:00+00:00	email	Wang Wu	third	box.mbox:23
EOF
same_file want stdout "mbox: a row a message, source file:line of its From_ line"
{
	echo "xf-intake: box.mbox:12: no usable Date header, used the time of the mbox From line"
	summary 3 0 0 0 0 0 3
} > want
same_file want stderr "mbox: no Date -> From_ line time, with a warning naming file:line"
is "$(db "select id, received_at, contact, source from complaint order by id")" \
    "1|1772676000|zhangsan@example.com|<mb1@example.com>
2|1772766245|li@example.com|<mb2@example.com>
3|1772870400|wang@example.com|<mb3@example.com>" "mbox: stored times, contacts, sources"
is "$(db "select source from message order by id" | tr '\n' ' ')" \
    "box.mbox:1 box.mbox:12 box.mbox:23 " "mbox: message sources are file:line"
is "$(db "select body from complaint where id = 1")" "楼下工地夜间施工。
From the window I can see it.
>From quoted twice." "mbox: mboxrd >From unquoted once in the body"
is "$(db "select body from complaint where id = 2")" "second body

From someone without a date on this line
still message two
From x@y Fri Mar  6 03:04:05 2026 (not after a blank line)" \
    "mbox: 'From ' without a date, or not after a blank line, does not split"

# Evidence: the bytes between the From_ line and the blank line before
# the next one, with the >From quoting undone.
sed -n '2,10p' box.mbox | sed 's/^>\(>*From \)/\1/' > want
xf-status show --raw XF-2026-000001 > raw.out
check "mbox: show --raw is the message's bytes, >From unquoted" cmp want raw.out
sed -n '13,21p' box.mbox > want
xf-status show --raw XF-2026-000002 > raw.out
check "mbox: show --raw of a middle message drops only the separating blank line" \
    cmp want raw.out
sed -n '24,$p' box.mbox > want
xf-status show --raw XF-2026-000003 > raw.out
check "mbox: show --raw of the last message (no trailing blank line)" cmp want raw.out

# Re-running the same mbox stores nothing.
run xf-intake box.mbox
is "$rc.$(cat stdout)" "0." "mbox re-run: exit 0, no rows"
is "$(tail -1 stderr)" "$(summary 0 0 0 0 3 0 3)" "mbox re-run: duplicate 3"
is "$(db "select (select count(*) from complaint) || ' ' ||
    (select count(*) from message) || ' ' || (select count(*) from event)")" \
    "3 3 6" "mbox re-run: nothing more stored (an evidence event a message)"
run xf-intake -v box.mbox
like "$(cat stderr)" "*xf-intake: box.mbox:23: duplicate of a message of XF-2026-000003*" \
    "-v names the complaint a duplicate belongs to"

# -f mbox on stdin, and a file that does not start with a From_ line.
run xf-intake -f mbox < box.mbox
is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 0 0 3 0 3)" "-f mbox on stdin: all duplicates"
like "$(head -1 stderr)" "xf-intake: stdin:12: no usable Date header*" \
    "-f mbox on stdin: location stdin:LINE"
fresh_db
sed -n '2,$p' box.mbox > nofrom.txt
run xf-intake -f mbox nofrom.txt
is "$rc.$(tail -n +2 stdout | cut -f1,2,6 | tr '\n' ' ')" \
    "0.XF-2026-000001	2026-03-05T02:00:00+00:00	nofrom.txt:1 XF-2026-000002	2026-03-06T03:04:05+00:00	nofrom.txt:11 XF-2026-000003	2026-03-07T08:00:00+00:00	nofrom.txt:22 " \
    "-f mbox: text before the first From_ line is the first message"
run xf-intake nofrom.txt
is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 0 0 1 0 1)" \
    "the same file by content is one .eml (its first message, a duplicate)"

# --- gzip-compressed mbox, recognised by content --------------------------------------
fresh_db
sed 's/@example.com>$/-gz@example.com>/' box.mbox | gzip -c > mailbox.data
run xf-intake mailbox.data
is "$rc" 0 "gzip mbox: exit 0"
is "$(tail -n +2 stdout | cut -f1,5,6 | tr '\n' ' ')" \
    "XF-2026-000001	夜间施工噪音	mailbox.data:1 XF-2026-000002	no date here	mailbox.data:12 XF-2026-000003	third	mailbox.data:23 " \
    "gzip mbox: rows with line numbers of the decompressed text"
is "$(db "select message_id from message order by id" | tr '\n' ' ')" \
    "mb1-gz@example.com mb2-gz@example.com mb3-gz@example.com " "gzip mbox: stored"
gzip -dc mailbox.data | sed -n '13,21p' > want
xf-status show --raw XF-2026-000002 > raw.out
check "gzip mbox: show --raw gives the decompressed message bytes" cmp want raw.out
run xf-intake mailbox.data
is "$rc.$(tail -1 stderr)" "0.$(summary 0 0 0 0 3 0 3)" "gzip mbox re-run: duplicate 3"

# --- CRLF mbox ----------------------------------------------------------------------------
sed 's/@example.com>$/-crlf@example.com>/; s/$/\r/' box.mbox > crlf.mbox
run xf-intake crlf.mbox
is "$rc.$(tail -n +2 stdout | cut -f6 | tr '\n' ' ')" \
    "0.crlf.mbox:1 crlf.mbox:12 crlf.mbox:23 " "CRLF mbox: split on CRLF blank lines"
sed -n '13,21p' crlf.mbox > want
xf-status show --raw XF-2026-000005 > raw.out
check "CRLF mbox: show --raw drops exactly the CRLF blank line" cmp want raw.out

# --- Maildir -------------------------------------------------------------------------------
fresh_db
mkdir -p md/cur md/new md/tmp
sed 's/plain-1@/md-1@/' "$D/plain.eml" > md/new/1000.host
sed 's/plain-1@/md-2@/; s/^Subject: .*/Subject: second in cur/' "$D/plain.eml" \
    > md/cur/1001.host:2,S
sed 's/plain-1@/md-tmp@/' "$D/plain.eml" > md/tmp/1002.host
sed 's/plain-1@/md-dot@/' "$D/plain.eml" > md/cur/.hidden
run xf-intake md
is "$rc" 0 "Maildir: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-03-05T02:00:00+00:00	email	张三	夜间施工噪音	md/new/1000.host
XF-2026-000002	2026-03-05T02:00:00+00:00	email	张三	second in cur	md/cur/1001.host:2,S
EOF
same_file want stdout "Maildir: in name order, source the file's path"
is "$(cat stderr)" "$(summary 2 0 0 0 0 0 2)" "Maildir: summary"
is "$(db "select message_id from message order by id" | tr '\n' ' ')" \
    "md-1@example.com md-2@example.com " "Maildir: tmp/ and dot files are not read"
xf-status show --raw XF-2026-000002 > raw.out
check "Maildir: show --raw gives back the file" cmp md/cur/1001.host:2,S raw.out
run xf-intake md
is "$rc.$(cat stdout).$(cat stderr)" "0..$(summary 0 0 0 0 2 0 2)" \
    "Maildir re-run: duplicate 2, nothing printed"
sed 's/plain-1@/md-3@/' "$D/plain.eml" > md/new/1003.host
sed 's/plain-1@/md-0@/' "$D/plain.eml" > md/cur/0500.host:2,S
run xf-intake -f maildir md
is "$rc.$(tail -n +2 stdout | cut -f1,6)" "0.XF-2026-000003	md/cur/0500.host:2,S
XF-2026-000004	md/new/1003.host" \
    "-f maildir: only new messages, in delivery (name) order across cur/ and new/"
is "$(cat stderr)" "$(summary 2 0 0 0 2 0 4)" "-f maildir: summary"
mkdir notmd
run xf-intake -f maildir notmd
is "$rc" 1 "-f maildir on a plain directory: exit 1"
is "$(head -1 stderr)" "xf-intake: notmd: not a Maildir (a folder with cur/ and new/)" \
    "-f maildir on a plain directory: says what a Maildir is"

# --- Date fallbacks for a single message -----------------------------------------------------
fresh_db
grep -v '^Date:' "$D/plain.eml" | sed 's/plain-1@/nodate@/' > nodate.eml
run xf-intake nodate.eml
is "$rc" 0 "eml without Date: exit 0"
is "$(tail -n +2 stdout | cut -f2)" "2026-06-01T00:00:00+00:00" \
    "eml without Date: received at the delivery time (XF_NOW)"
is "$(head -1 stderr)" "xf-intake: nodate.eml: no usable Date header, used the delivery time" \
    "eml without Date: warning names the file"
is "$(db "select received_at || ' ' || (select at from message) from complaint")" \
    "$NOW $NOW" "eml without Date: complaint and message at the delivery time"
sed 's/^Date: .*/Date: 2026年3月5日 10:30/; s/plain-1@/cndate@/' "$D/plain.eml" > cndate.eml
run xf-intake cndate.eml
is "$rc.$(tail -n +2 stdout | cut -f2).$(cat stderr)" \
    "0.2026-03-05T10:30:00+00:00.$(summary 1 0 0 0 0 0 1)" \
    "a Date GMime cannot read but xf can (Chinese) is used without warning"
sed 's/^Date: .*/Date: yesterday-ish/; s/plain-1@/baddate@/' "$D/plain.eml" > baddate.eml
run xf-intake baddate.eml
is "$rc.$(head -1 stderr)" \
    "0.xf-intake: baddate.eml: no usable Date header, used the delivery time" \
    "an unreadable Date: the delivery time, with a warning"

# The warning says which time was used even when the From_ line's time
# happens to be the delivery time.
printf 'From a@b Mon Jun  1 00:00:00 2026\nFrom: same@example.com\nSubject: at now\nMessage-ID: <atnow@x>\n\nbody\n' > atnow.mbox
run xf-intake atnow.mbox
is "$rc.$(head -1 stderr)" \
    "0.xf-intake: atnow.mbox:1: no usable Date header, used the time of the mbox From line" \
    "From_ line time equal to the delivery time: the warning names the From line"

# A Date (or From_ line) more than a day ahead of the clock is not used:
# a complaint must not be received in the future.
printf 'From: f@example.com\nSubject: future\nMessage-ID: <fut1@x>\nDate: Thu, 4 Jun 2026 09:00:00 +0000\n\nbody\n' > future.eml
run xf-intake future.eml
is "$rc.$(tail -n +2 stdout | cut -f2).$(head -1 stderr)" \
    "0.2026-06-01T00:00:00+00:00.xf-intake: future.eml: Date header is in the future, used the delivery time" \
    "a Date three days ahead: the delivery time, with a warning"
printf 'From: f@example.com\nSubject: near future\nMessage-ID: <fut2@x>\nDate: Mon, 1 Jun 2026 12:00:00 +0000\n\nbody\n' > near.eml
run xf-intake near.eml
is "$rc.$(tail -n +2 stdout | cut -f2).$(cat stderr)" \
    "0.2026-06-01T12:00:00+00:00.$(summary 1 0 0 0 0 0 1)" \
    "a Date twelve hours ahead (clocks differ): used"
printf 'From a@b Mon Mar  2 09:00:00 2026\nFrom: f@example.com\nSubject: future in mbox\nMessage-ID: <fut3@x>\nDate: Thu, 4 Jun 2026 09:00:00 +0000\n\nbody\n' > future.mbox
run xf-intake future.mbox
is "$rc.$(tail -n +2 stdout | cut -f2).$(head -1 stderr)" \
    "0.2026-03-02T09:00:00+00:00.xf-intake: future.mbox:1: Date header is in the future, used the time of the mbox From line" \
    "a future Date in an mbox: the From_ line time"
printf 'From a@b Mon Jun  8 09:00:00 2026\nFrom: f@example.com\nSubject: future envelope\nMessage-ID: <fut4@x>\n\nbody\n' > fenv.mbox
run xf-intake fenv.mbox
is "$rc.$(db "select count(*) from complaint where source = '<fut4@x>'
    and received_at > $NOW + 86400")" "0.0" \
    "a From_ line a week ahead, no Date: not a received time in the future"

# --- what is read as mail --------------------------------------------------------------
fresh_db
printf '\n\nFrom a@b Mon Mar  2 09:00:00 2026\nFrom: a@example.com\nSubject: blank lead\nMessage-ID: <bl@x>\n\nbody\n' > blanklead
run xf-intake blanklead
is "$rc.$(tail -n +2 stdout | cut -f5,6)" "0.blank lead	blanklead:3" \
    "blank lines, then a From_ line: an mbox"
printf 'X-Custom: 1\nFrom: a@example.com\nSubject: custom first\nMessage-ID: <cf@x>\n\nbody\n' > custom
run xf-intake custom
is "$rc.$(tail -n +2 stdout | cut -f5,6)" "0.custom first	custom" \
    "any header line first: one message"
printf 'Subject: hello\nbody line\n' > named.csv
run xf-intake named.csv
is "$rc.$(head -1 stderr)" \
    "1.xf-intake: named.csv:1: no column holds a subject or body; name one with -m body=COLUMN" \
    "a file named .csv is read as CSV whatever its first line"
printf 'name,phone\nDan,123\n' > table
run xf-intake table
like "$rc.$(head -1 stderr)" "1.xf-intake: table:1: no column holds a subject or body*" \
    "a spreadsheet header row is not a mail header"

# --- dedupe without Message-ID: by content -----------------------------------------------------
fresh_db
grep -v '^Message-ID:' "$D/plain.eml" > noid.eml
run xf-intake noid.eml
is "$rc.$(tail -n +2 stdout | cut -f1,6)" "0.XF-2026-000001	noid.eml" "no Message-ID: created"
is "$(db "select source || ' ' || hex(substr(dedupe_key, 1, 1)) || ' ' ||
    length(dedupe_key) from complaint")" "noid.eml 02 25" \
    "no Message-ID: complaint source is the file, key is the content key (02, the second, the fingerprint)"
is "$(db "select coalesce(message_id, 'NULL') || ' ' ||
    hex(substr(dedupe_key, 1, 1)) from message")" "NULL 02" \
    "no Message-ID: message key is the content fingerprint"
cp noid.eml noid-copy.eml
run xf-intake noid-copy.eml
is "$rc.$(cat stdout).$(cat stderr)" "0..$(summary 0 0 0 0 1 0 1)" \
    "no Message-ID: the same content under another name is a duplicate"
sed 's/请尽快处理。/请明天再处理。/' noid.eml > noid-other.eml
run xf-intake noid-other.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 1 0 0 0 0 0 1)" \
    "no Message-ID: other content is a new complaint"
{
	printf 'From a@b Mon Mar  2 09:00:00 2026\n'
	printf 'From: same@example.com\nSubject: twice\n\nthe same words\n\n'
	printf 'From a@b Mon Mar  2 09:00:00 2026\n'
	printf 'From: same@example.com\nSubject: twice\n\nthe same words\n'
} > twice.mbox
run xf-intake twice.mbox
is "$rc.$(tail -n +2 stdout | cut -f6)" "0.twice.mbox:1" \
    "no Message-ID in an mbox: the second copy is a duplicate"
is "$(tail -1 stderr)" "$(summary 1 0 0 0 1 0 2)" "no Message-ID in an mbox: summary"

# A message without Message-ID and without Date, imported again on
# another day: a re-run is a no-op (as CSV rows without a time are).
fresh_db
mkdir -p nd/cur nd/new nd/tmp
printf 'From: nd@example.com\nSubject: no id, no date\n\nplain body\n' \
    > nd/cur/1.host:2,S
run xf-intake nd
is "$rc.$(tail -n +2 stdout | cut -f1)" "0.XF-2026-000001" \
    "no Message-ID, no Date: created"
run env XF_NOW=2026-06-02T09:00:00Z xf-intake nd
is "$rc.$(cat stdout).$(tail -1 stderr)" "0..$(summary 0 0 0 0 1 0 1)" \
    "no Message-ID, no Date: the same Maildir a day later is all duplicates"

# --- HTML-only body ------------------------------------------------------------------------------
fresh_db
run xf-intake "$D/html.eml"
is "$rc.$(tail -n +2 stdout | cut -f5)" "0.html only" "HTML only: imported"
is "$(db "select body from complaint")" "标题

第一段 & text more

中中 <tag> \"q\"
one
two
line
break" "HTML only: readable text, no tags, scripts, styles or title, entities decoded"

# --- attachments -------------------------------------------------------------------------------------
run xf-intake "$D/attach.eml"
is "$rc.$(tail -n +2 stdout | cut -f4,5)" "0.王五	附件" "attachments: imported"
is "$(db "select body from complaint where id = 2")" "请看附件。" \
    "attachments: only the text part is the body"
is "$(db "select name || '|' || type || '|' || size from attachment order by id")" \
    "投诉材料.pdf|application/pdf|15
图片.png|image/png|8
注释.txt|text/plain|4" "attachments: RFC 2231 (UTF-8 and GB2312) and RFC 2047 names, type, decoded size"
check "attachments: data kept zlib-compressed, the decoded bytes" python3 -c '
import sqlite3, sys, zlib
c = sqlite3.connect(sys.argv[1])
d = [zlib.decompress(r[0]) for r in c.execute("select data from attachment order by id")]
assert d[0] == b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", d[0]
assert d[1] == b"\x89PNG\r\n\x1a\n", d[1]
assert d[2] == b"note", d[2]
' "$XF_DB"
xf-status show XF-2026-000002 > show.out
like "$(cat show.out)" "*messages:
    2026-03-02T09:00:00+00:00  in  email  wangwu@example.com  附件
      attachments: 投诉材料.pdf application/pdf 15; 图片.png image/png 8; 注释.txt text/plain 4
        请看附件。
history:*" "attachments: listed by xf-status show"
xf-status show --raw XF-2026-000002 > raw.out
check "attachments: show --raw is the whole original message" cmp "$D/attach.eml" raw.out

# --- a complaint with no e-mail -------------------------------------------------------------------
xf-intake -q --subject typed --body 'by hand' > /dev/null
exit_is 1 "show --raw of a complaint not from e-mail: exit 1" \
    xf-status show --raw XF-2026-000003
is "$(cat stderr)" "xf-status: XF-2026-000003: no e-mail is stored for it" \
    "show --raw of a complaint not from e-mail: message"
exit_is 2 "show --raw takes one ref" xf-status show --raw XF-2026-000001 XF-2026-000002

# --- everything stored is valid UTF-8 ----------------------------------------------------------------
db "select complainant, contact, subject, body, source from complaint;
    select sender, sender_name, subject, body, source from message;
    select name, type from attachment; select reason from event" > text.out
check "all stored text is valid UTF-8" iconv -f UTF-8 -t UTF-8 text.out -o /dev/null
