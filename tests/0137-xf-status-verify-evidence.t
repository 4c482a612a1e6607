#!/bin/sh
# xf-status verify covers the stored evidence (issue 17 point 7): each
# message stored, in or out, has an evidence event in the chain with the
# SHA-256 of its raw bytes and attachments; verify recomputes each and
# names the complaint and message whose bytes were altered.  Erasure
# empties them on purpose and still verifies; the same emptying without
# an erasure does not.
. "$(dirname "$0")/lib.sh"

plan 14

export XF_NOTIFY=off
export XF_ACTOR=xf-test
L='its bytes or attachments are not the ones stored'

{
	printf 'From: zs@example.com\nSubject: refund\n'
	printf 'Date: Sun, 31 May 2026 08:00:00 +0000\n'
	printf 'Message-ID: <v1@example.com>\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary=BB\n\n'
	printf -- '--BB\nContent-Type: text/plain\n\nplease refund\n'
	printf -- '--BB\nContent-Type: text/plain\n'
	printf 'Content-Disposition: attachment; filename=r.txt\n\nreceipt\n'
	printf -- '--BB\nContent-Type: text/plain\n'
	printf 'Content-Disposition: attachment; filename=s.txt\n\nstatement\n--BB--\n'
} > a.eml
{
	printf 'From: zs@example.com\nSubject: Re: [XF-2026-000001]\n'
	printf 'Date: Sun, 31 May 2026 09:00:00 +0000\n'
	printf 'Message-ID: <v2@example.com>\n\nany news?\n'
} > b.eml
xf-intake -f eml a.eml > /dev/null 2>&1
xf-intake -f eml b.eml > /dev/null 2>&1
xf-status reply --via phone -m 'called: refund on its way' 1 > /dev/null 2>&1
is "$(db "select count(*) from message; select count(*) from event where
    kind = 'evidence'")" "3
3" "three messages (two in, one out), an evidence event each"
is "$(db "select new from event where kind = 'evidence' order by id limit 1")" \
    "1 sha256:$(python3 -c '
import hashlib, sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1])
def part(b): return b"~" if b is None else str(len(b)).encode() + b":" + b
raw, = db.execute("select raw from message where id = 1").fetchone()
h = part(b"xf-evidence-1") + part(zlib.decompress(raw))
for name, typ, size, data in db.execute("select name, type, size, data from attachment where message_id = 1 order by id"):
    h += part(name.encode()) + part(typ.encode()) + part(str(size).encode())
    h += part(None if data is None else zlib.decompress(data))
print(hashlib.sha256(h).hexdigest())' "$XF_DB")" \
    "the digest is SHA-256 of the parts as evidence.c defines them (computed in Python)"

run xf-status verify
is "$rc.$(sed -n 3p stdout)" "0.3 messages: 3 match the digest of their bytes and attachments, 0 altered, 0 erased, 0 stored before digests (not covered)" \
    "verify: every message matches"
cp "$XF_DB" good.db

# --- altered ------------------------------------------------------------------
db "update message set raw = (select raw from message where id = 2),
    raw_size = (select raw_size from message where id = 2) where id = 3"
ev3=$(db "select id from event where kind = 'evidence' and new like '3 %'")
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: XF-2026-000001: message 3: $L (evidence event $ev3)" \
    "a message's raw bytes swapped: verify fails naming ref and message"
like "$(sed -n 3p stdout)" "3 messages: 2 match * 1 altered*" "counted as altered"

cp good.db "$XF_DB"
ev1=$(db "select id from event where kind = 'evidence' and new like '1 %'")
db "update attachment set data = (select data from attachment where id = 1),
    size = (select size from attachment where id = 1) where id = 2"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: XF-2026-000001: message 1: $L (evidence event $ev1)" \
    "an attachment's bytes replaced: caught"
cp good.db "$XF_DB"
db "update attachment set name = 'other.txt' where id = 1"
exit_is 1 "an attachment renamed: caught" xf-status verify
cp good.db "$XF_DB"
db "delete from attachment where id = 2"
exit_is 1 "an attachment removed: caught" xf-status verify
cp good.db "$XF_DB"
db "update message set raw = x'00' where id = 2"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: XF-2026-000001: message 2: its stored bytes are damaged (evidence event $((ev1 + 1)))" \
    "a message's bytes damaged: caught"
cp good.db "$XF_DB"
db "delete from message where id = 2"
like "$(xf-status verify 2>&1)" "*a message it recorded is gone*" \
    "a message removed: caught"

# --- erased -------------------------------------------------------------------
cp good.db "$XF_DB"
xf-status erase --contact zs@example.com --request R-7 --force --yes \
    > /dev/null 2>&1
run xf-status verify
is "$rc.$(sed -n '$p' stdout)" "0.3 messages: 0 match the digest of their bytes and attachments, 0 altered, 3 erased, 0 stored before digests (not covered)" \
    "erased: the messages emptied on purpose still verify, counted as erased"
cp "$XF_DB" erased.db
cp good.db "$XF_DB"
db "attach 'erased.db' as e; update message set raw = (select raw from
    e.message where id = 2), raw_size = 0 where id = 2"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: XF-2026-000001: message 2: $L (evidence event $((ev1 + 1)))" \
    "emptied as an erasure would, without one: caught"

# --- after an erasure, a new message is covered again ---------------------------
cp erased.db "$XF_DB"
sed 's/v2@/v3@/' b.eml > c.eml
xf-intake -f eml c.eml > /dev/null 2>&1
db "update message set raw = (select raw from message where id = 1),
    raw_size = 0 where id = 4"
exit_is 1 "a message stored after the erasure, emptied: caught" \
    xf-status verify
is "$(cat stderr | grep -c 'message 4')" 1 "named as message 4"
