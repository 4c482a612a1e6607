#!/bin/sh
# xf-intake, damaged e-mail: each bad message is reported with its
# location (file:line, Maildir path) and the rest is imported; nothing
# crashes; -r writes the unreadable ones to an mbox that imports again.
. "$(dirname "$0")/lib.sh"

plan 53

D=$XF_DATA/mail-intake
H='ref	received_at	channel	complainant	subject	source'
# A reject file's From_ line: "From xf-intake" and an asctime date.
ENVPAT='From xf-intake [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [12][0-9][0-9][0-9]'

summary() {
	echo "xf-intake: read $7, created $1, attached $2, reopened $3, auto-replies $4, duplicate $5, rejected $6"
}

# --- an mbox with every kind of damage between good messages -------------------
# Messages start at lines 1 9 13 22 31 43 55 65 76 84 (see bad.mbox).
cp "$D/bad.mbox" bad.mbox
run xf-intake -r rej.mbox bad.mbox
is "$rc" 1 "bad mbox: exit 1 (a message was rejected)"
cat > want <<EOF
$H
XF-2026-000001	2026-03-02T09:00:00+00:00	email		good one	bad.mbox:1
XF-2026-000002	2026-03-02T09:00:00+00:00	email		long header	bad.mbox:13
XF-2026-000003	2026-03-02T09:00:00+00:00	email		nul bytes	bad.mbox:22
XF-2026-000004	2026-03-02T09:00:00+00:00	email		broken base64	bad.mbox:31
XF-2026-000005	2026-03-02T09:00:00+00:00	email		broken qp	bad.mbox:43
XF-2026-000006	2026-03-02T09:00:00+00:00	email		unknown charset	bad.mbox:55
XF-2026-000007	2026-03-02T09:00:00+00:00	email		inner From line	bad.mbox:65
XF-2026-000008	2026-03-02T09:00:00+00:00	email		good two	bad.mbox:76
XF-2026-000009	2026-03-02T09:00:00+00:00	email		cut	bad.mbox:84
EOF
same_file want stdout "bad mbox: every readable message imported"
cat > want <<EOF
xf-intake: bad.mbox:9: not a mail message: no headers
xf-intake: bad.mbox:22: NUL bytes removed
xf-intake: bad.mbox:31: damaged base64 content decoded as far as it goes
xf-intake: bad.mbox:43: damaged quoted-printable content decoded as far as it goes
xf-intake: bad.mbox:55: unknown charset x-unknown-charset, read as GB18030
xf-intake: bad.mbox:84: message is truncated
$(summary 9 0 0 0 0 1 10)
EOF
same_file want stderr "bad mbox: each problem named with file:line, then the summary"
is "$(db "select body from complaint where id = 2")" "after a 100 KB header line" \
    "100 KB header line: the message is read"
is "$(db "select contact || '|' || subject || '|' || body from complaint where id = 3")" \
    "nul@example.com|nul bytes|body 中" "NUL bytes: dropped from headers and body"
is "$(db "select count(*) from complaint where instr(cast(body as blob), x'00') > 0
    or instr(cast(subject as blob), x'00') > 0")" 0 "NUL bytes: none stored in text"
sed -n '23,29p' bad.mbox > want
xf-status show --raw XF-2026-000003 > raw.out
check "NUL bytes: the raw evidence keeps them" cmp want raw.out
is "$(db "select body from complaint where id = 4")" "完好的部分tai" \
    "broken base64: decoded as far as it goes"
is "$(db "select body from complaint where id = 5")" "a=ZZb 中c= x" \
    "broken quoted-printable: good escapes decoded, bad ones kept"
is "$(db "select body from complaint where id = 6")" "未知字符集的正文" \
    "unknown charset: read as GB18030"
is "$(db "select body from complaint where id = 7")" "first paragraph

From me to you, no date on this line
still the same message" "a 'From ' line without a date after a blank line does not split"
is "$(db "select coalesce(body, 'NULL') || '|' || received_at from complaint where id = 9")" \
    "NULL|1772442000" "cut mid-header at the end of the mbox: headers kept, From_ time"
ENV=$(sed -n 1p rej.mbox)
like "$ENV" "$ENVPAT" "-r: each entry starts with a From_ line with a date"
printf '%s\n' "$ENV" > want
sed -n '10,11p' bad.mbox >> want
echo >> want
same_file want rej.mbox "-r: the unreadable message as an mbox entry"
db "select subject, body, complainant, contact from complaint" > text.out
check "bad mbox: all stored text is valid UTF-8" iconv -f UTF-8 -t UTF-8 text.out -o /dev/null

run xf-intake bad.mbox
is "$rc.$(cat stdout).$(tail -1 stderr)" "1..$(summary 0 0 0 0 9 1 10)" \
    "bad mbox re-run: the good ones are duplicates, the bad one rejected again"
run xf-intake rej.mbox
is "$rc.$(cat stderr)" "1.xf-intake: rej.mbox:1: not a mail message: no headers
$(summary 0 0 0 0 0 1 1)" "the reject file reads back as one mbox message"

# -S: one bad message and nothing is stored.
fresh_db
run xf-intake -S bad.mbox
is "$rc.$(cat stdout)" "1." "-S with a bad message: exit 1, no rows"
is "$(tail -2 stderr)" "xf-intake: strict: 1 bad row, nothing stored
$(summary 0 0 0 0 0 1 10)" "-S: says nothing was stored"
is "$(db "select count(*) from complaint")" 0 "-S: nothing stored"

# --- single bad files --------------------------------------------------------------------
fresh_db
printf '我要投诉，楼下很吵。\n没有信头。\n' > nohdr.eml
run xf-intake -f eml nohdr.eml
is "$rc.$(cat stderr)" "1.xf-intake: nohdr.eml: not a mail message: no headers
$(summary 0 0 0 0 0 1 1)" "-f eml, no headers: rejected"
: > empty.eml
run xf-intake -f eml empty.eml
is "$rc.$(head -1 stderr)" "1.xf-intake: empty.eml: not a mail message: empty" \
    "-f eml, empty file: rejected"
run xf-intake -f mbox empty.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 0 0 0 0)" "-f mbox, empty file: nothing read"
printf 'From: cut@example.com\nSubject: cut\nX-Cut: va' > cut-value.eml
run xf-intake cut-value.eml
is "$rc.$(tail -n +2 stdout | cut -f5).$(head -1 stderr)" \
    "0.cut.xf-intake: cut-value.eml: message is truncated" \
    "eml cut inside a header value: imported with a warning"
# The same cut inside a header's name: From and Subject are intact, so
# it is read like the cut above (not "no headers").
printf 'From: cut2@example.com\nSubject: cut two\nX-Cu' > cut-name.eml
run xf-intake cut-name.eml
is "$rc.$(tail -n +2 stdout | cut -f5).$(head -1 stderr)" \
    "0.cut two.xf-intake: cut-name.eml: message is truncated" \
    "eml cut inside a header name: imported with a warning"
printf 'From: cut3@example.com\nSubject: cut three\nX-Cu\n' > cut-name-nl.eml
run xf-intake cut-name-nl.eml
is "$rc.$(tail -n +2 stdout | cut -f5)" "0.cut three" \
    "the same with a final newline: imported"

python3 -c '
import sys
n = 200
s = "From: deep@example.com\nSubject: deep\nMessage-ID: <deep@x>\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
for i in range(1, n):
    s += "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i - 1, i)
s += "--b%d\nContent-Type: text/plain\n\ndeep text\n" % (n - 1)
for i in range(n - 1, -1, -1):
    s += "--b%d--\n" % i
sys.stdout.write(s)
' > deep.eml
run xf-intake deep.eml
is "$rc.$(head -1 stderr)" "0.xf-intake: deep.eml: MIME parts nested too deep" \
    "200 nested multiparts: a warning, no crash"
printf 'From: nb@example.com\nSubject: no boundary\nContent-Type: multipart/mixed\n\n--x\n\nhello\n--x--\n' > nob.eml
run xf-intake nob.eml
is "$rc.$(head -1 stderr)" "0.xf-intake: nob.eml: malformed multipart" \
    "multipart without a boundary: a warning, no crash"

# A blank line before the first From_ line is not a message.
printf '\nFrom a@b Mon Mar  2 09:00:00 2026\nFrom: lead@example.com\nSubject: lead blank\nMessage-ID: <lead@x>\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n\nbody\n' > lead.mbox
run xf-intake -f mbox lead.mbox
is "$rc.$(tail -n +2 stdout | cut -f5,6)" "0.lead blank	lead.mbox:2" \
    "-f mbox: the message after a leading blank line is imported"
is "$(cat stderr)" "$(summary 1 0 0 0 0 0 1)" \
    "-f mbox: a leading blank line is not a rejected message"

# A Message-ID too long for a key: that message is rejected (or its key
# cut, as for the message row); the messages around it are imported.
fresh_db
python3 -c '
import sys
long_id = "x" * 1100 + "@example.com"
for i, (mid, s) in enumerate([("ok1@x", "first"), (long_id, "long id"), ("ok2@x", "third")]):
    sys.stdout.write("From a@b Mon Mar  2 09:00:00 2026\nFrom: a%d@example.com\nSubject: %s\nDate: Mon, 2 Mar 2026 09:00:00 +0000\nMessage-ID: <%s>\n\nbody %d\n\n" % (i, s, mid, i))
' > longid.mbox
run xf-intake longid.mbox
is "$(tail -n +2 stdout | cut -f5,6 | sed -n '1p;$p' | tr '\n' ' ')" \
    "first	longid.mbox:1 third	longid.mbox:17 " \
    "a 1100-byte Message-ID does not stop the import"
is "$(db "select subject from complaint where subject in ('first', 'third') order by id" | tr '\n' ' ')" \
    "first third " "a 1100-byte Message-ID: the other messages are stored"

# A From name or address over the 1024-byte limit of complainant and
# contact is not stored whole.
python3 -c '
import sys
sys.stdout.write("From: \"%s\" <%s@example.com>\nSubject: long name\nMessage-ID: <ln@x>\n\nb\n" % ("N" * 3000, "a" * 1500))
' > longname.eml
run xf-intake longname.eml
is "$(db "select count(*) from complaint where length(cast(complainant as blob)) > 1024
    or length(cast(contact as blob)) > 1024")" 0 \
    "complainant and contact stay within 1024 bytes"

# --- the reject file ------------------------------------------------------------------------
# Every rejected message is its own mbox entry: reading the reject file
# back finds each of them again, and its -r output is the same file.
fresh_db
printf 'From a@b Mon Mar  2 09:00:00 2026\nno header one\n\nFrom a@b Mon Mar  2 09:00:00 2026\nno header two\n\nFrom a@b Mon Mar  2 09:00:00 2026\nFrom: ok@example.com\nSubject: ok\n\nok\n' > two.mbox
run xf-intake -r rej1.mbox two.mbox
is "$rc.$(tail -n +2 stdout | cut -f6)" "1.two.mbox:7" "two bad messages: the good one imported"
ENV=$(sed -n 1p rej1.mbox)
printf '%s\nno header one\n\n%s\nno header two\n\n' "$ENV" "$ENV" > want
same_file want rej1.mbox "two bad messages: two entries in the reject file"
run xf-intake -r rej2.mbox rej1.mbox
is "$rc.$(cat stderr)" "1.xf-intake: rej1.mbox:1: not a mail message: no headers
xf-intake: rej1.mbox:4: not a mail message: no headers
$(summary 0 0 0 0 0 2 2)" "the reject file reads back as two messages"
same_file rej1.mbox rej2.mbox "rejecting the reject file gives the same file"
sed 's/^no header \(one\|two\)$/Subject: mended \1\n\nbody \1/' rej1.mbox > mended.mbox
run xf-intake mended.mbox
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ')" "0.mended one mended two " \
    "a mended reject file imports both messages"

# Lines that look like From_ lines inside a rejected message are quoted
# (mboxrd) so that the reject file gives back the same bytes.
printf 'no header\n\n>From quoted in the original\nFrom sender Mon Mar  2 09:00:00 2026\n\nFrom x Mon Mar  2 09:00:00 2026\nstill the same\n' > fromlines.txt
run xf-intake -f eml -r rejq1.mbox fromlines.txt
like "$rc.$(sed -n 1p rejq1.mbox)" "1.$ENVPAT" "From lines: rejected into the reject file"
run xf-intake -r rejq2.mbox rejq1.mbox
is "$rc.$(tail -1 stderr)" "1.$(summary 0 0 0 0 0 1 1)" \
    "From lines: the reject file still holds one message"
same_file rejq1.mbox rejq2.mbox "From lines: the reject file gives back the same bytes"

# --- unreadable Maildir entries ------------------------------------------------------------------
fresh_db
mkdir -p md/cur md/new md/tmp
sed 's/plain-1@/md-1@/' "$D/plain.eml" > md/cur/1.host:2,S
ln -s "$T/nowhere" md/cur/2.host:2,S
mkdir md/cur/3.host:2,S
sed 's/plain-1@/md-4@/' "$D/plain.eml" > md/cur/4.host:2,S
cp nohdr.eml md/new/0.host
run xf-intake -r mdrej.mbox md
is "$rc" 1 "Maildir with unreadable entries: exit 1"
is "$(tail -n +2 stdout | cut -f1,6)" "XF-2026-000001	md/cur/1.host:2,S
XF-2026-000002	md/cur/4.host:2,S" "Maildir: the readable messages are imported"
is "$(sed -n 1p stderr)" "xf-intake: md/new/0.host: not a mail message: no headers" \
    "Maildir: a message without headers, named by its path"
is "$(sed -n 2p stderr)" "xf-intake: md/cur/2.host:2,S: No such file or directory" \
    "Maildir: a dangling symlink, named by its path"
is "$(sed -n 3p stderr)" "xf-intake: md/cur/3.host:2,S: Is a directory" \
    "Maildir: a directory in cur/, its path said once"
is "$(sed -n 4p stderr)" "$(summary 2 0 0 0 0 3 5)" "Maildir: summary counts 3 rejected"
{ sed -n 1p mdrej.mbox; cat nohdr.eml; echo; } > want
same_file want mdrej.mbox "Maildir: only the real message goes to the reject file"
run xf-intake md
is "$rc.$(tail -1 stderr)" "1.$(summary 0 0 0 0 2 3 5)" \
    "Maildir re-run: duplicates, the same three rejected"

mkdir adir
run xf-intake -f eml adir
is "$rc.$(head -1 stderr)" "1.xf-intake: adir: Is a directory" \
    "-f eml on a directory: the name said once"
run xf-intake -f mbox adir
is "$rc.$(head -1 stderr)" "1.xf-intake: adir: Is a directory" \
    "-f mbox on a directory: the name said once"
run xf-intake -f eml missing.eml
is "$rc.$(head -1 stderr)" "1.xf-intake: missing.eml: No such file or directory" \
    "-f eml on a missing file"
is "$(db "select count(*) from complaint")" 2 "only the two good Maildir messages are stored"
