#!/bin/sh
# xf-status show --raw --message N and --attachment NAME|N --out: any
# stored message and any attachment of a complaint, byte for byte, under
# a name safe to create (issue 16 point 6); each refusal with its exit
# status (2 usage, 1 the item), writing nothing.
. "$(dirname "$0")/lib.sh"

plan 27

export XF_NOTIFY=off

# A message with three attachments: a name that climbs folders and is
# Chinese, a plain one, and a second with the same plain name.
{
	printf 'From: =?UTF-8?B?5byg5LiJ?= <zs@example.com>\n'
	printf 'Subject: receipts\nDate: Sun, 31 May 2026 08:00:00 +0000\n'
	printf 'Message-ID: <ev1@example.com>\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary=BB\n\n'
	printf -- '--BB\nContent-Type: text/plain; charset=UTF-8\n\n请退款\n'
	printf -- '--BB\nContent-Type: application/pdf\n'
	printf 'Content-Disposition: attachment; filename*=UTF-8%s\n' \
	    "''..%2F..%2F.%E5%8F%91%E7%A5%A8%01.pdf"
	printf 'Content-Transfer-Encoding: base64\n\naGVsbG8gcGRm\n'
	printf -- '--BB\nContent-Type: text/plain\n'
	printf 'Content-Disposition: attachment; filename=r.txt\n\none\n'
	printf -- '--BB\nContent-Type: text/plain\n'
	printf 'Content-Disposition: attachment; filename=r.txt\n\ntwo\n--BB--\n'
} > a.eml
# A reply with the ref in its subject: the complaint's second message.
{
	printf 'From: zs@example.com\nSubject: Re: [XF-2026-000001] more\n'
	printf 'Date: Sun, 31 May 2026 09:00:00 +0000\n'
	printf 'Message-ID: <ev2@example.com>\n\nsecond\n'
} > b.eml
xf-intake -f eml a.eml > /dev/null 2>&1
xf-intake -f eml b.eml > /dev/null 2>&1
is "$(db "select count(*) from message; select count(*) from attachment")" "2
3" "two messages, three attachments stored"

# --- messages -----------------------------------------------------------------
run xf-status show --raw 1
cmp -s stdout a.eml
ok $? "--raw alone: the first e-mail, as before"
run xf-status show --raw --message 2 1
cmp -s stdout b.eml
ok $? "--raw --message 2: the second message, byte for byte"
run xf-status show --raw --message 3 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: has no message 3" \
    "--message past the last: exit 1, said"
for bad in 0 -1 x 2x ''; do
	run xf-status show --raw --message "$bad" 1
	[ "$rc" -eq 2 ] || break
done
is "$rc" 2 "--message 0, -1, x, 2x, empty: usage errors"
exit_is 2 "--message without --raw: usage error" \
    xf-status show --message 1 1
mkdir m
run xf-status show --raw --message 2 --out m 1
is "$rc|$(cat stdout)" "0|m/message-2.eml" "--raw --out DIR: message-N.eml, its path printed"
cmp -s m/message-2.eml b.eml
ok $? "the file holds the message"

# --- attachments ------------------------------------------------------------------
mkdir out
run xf-status show --attachment 1 --out out 1
is "$rc|$(cat stdout)" "0|out/_.._.发票_.pdf" \
    "a name with ../, a leading dot and a control byte: made safe, Chinese kept"
is "$(cat out/_.._.发票_.pdf)" "hello pdf" "its decoded bytes written"
is "$(find out -type f | wc -l)" 1 "nothing written outside the folder"
is "$(stat -c %a out/_.._.发票_.pdf)" 600 "mode 0600, as the store"
run xf-status show --attachment 1 --out out 1
is "$rc|$(cat stderr)" "1|xf-status: out/_.._.发票_.pdf: exists; --force replaces it" \
    "an existing file: refused, exit 1"
echo keep > out/_.._.发票_.pdf
run xf-status show --attachment 1 --out out --force 1
is "$rc.$(cat out/_.._.发票_.pdf)" "0.hello pdf" "--force replaces it"
run xf-status show --attachment r.txt --out - 1
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000001: attachment name r.txt is ambiguous: it names attachments 2, 3 (give the number)" \
    "a name two attachments have: ambiguous, exit 1"
run xf-status show --attachment 3 --out - 1
is "$rc.$(cat stdout)" "0.two" "by number to stdout (not a terminal)"
run xf-status show --attachment 4 --out - 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: has no attachment 4" \
    "an unknown number: exit 1"
run xf-status show --attachment nosuch.pdf --out - 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: has no attachment nosuch.pdf" \
    "an unknown name: exit 1"
run xf-status show --attachment 1 1
is "$rc" 2 "--attachment without --out: usage error"
run xf-status show --attachment 1 --raw --out - 1
is "$rc" 2 "--attachment with --raw: usage error"
run xf-status show --attachment 1 --out - 1 2
is "$rc" 2 "--attachment of two refs: usage error"
run xf-status show --out x 1
is "$rc" 2 "--out without --raw or --attachment: usage error"
run xf-status show --attachment 1 --out "$XF_DB" --force 1
is "$rc.$(db "select count(*) from complaint")" "1.1" \
    "--out the store itself: refused, the store intact"
run xf-status show --attachment 1 --out - 9
is "$rc|$(cat stderr)" "1|xf-status: 9: no such complaint" "an unknown ref: exit 1"
if command -v script > /dev/null 2>&1; then
	script -qec "xf-status show --attachment 1 --out - 1" /dev/null \
	    > tty.out 2>&1
	like "$(cat tty.out)" "*standard output is a terminal*" \
	    "--out - when stdout is a terminal: refused"
else
	skip "no script(1) for a terminal"
fi

# --- erased -------------------------------------------------------------------
xf-status erase --contact zs@example.com --request R-1 --force --yes \
    > /dev/null 2>&1
run xf-status show --attachment 2 --out - 1
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000001: attachment 2 is no longer held (purged or erased)" \
    "an erased attachment: said so, exit 1"
run xf-status show --raw --message 2 1
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000001: message 2 is no longer held (purged or erased)" \
    "an erased message: said so, exit 1"
