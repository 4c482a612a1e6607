#!/bin/sh
# One message's peak memory is a small multiple of its size whatever
# its shape (issue 17): a long body, a huge Subject, a header of
# hundreds of thousands of lines, a big base64 attachment, HTML.  The
# caps (xf-intake(1), LIMITS) cut what GMime would copy many times, and
# say so; the raw message keeps everything.  The bound checked: peak
# RSS within the RSS of a small message, plus SQLite's page cache (32
# MiB, store.c's CACHE_KIB, which writing a big message fills), plus 3
# times the message's size (before the caps, a 4 MB Subject took 134 MB,
# 40,000 header lines 37 MB).
. "$(dirname "$0")/lib.sh"

plan 16

export XF_NOTIFY=off
MB=8
SIZE=$((MB * 1024 * 1024))
CACHE=32768	# KiB

hdr() {
	printf 'From: Li Si <lisi@example.com>\nTo: c@example.com\n'
	printf 'Date: Mon, 1 Jun 2026 07:59:00 +0800\nMessage-Id: <%s@example.com>\n' "$1"
}

{ hdr small; printf 'Subject: small\n\nshort\n'; } > small.eml
{ hdr body; printf 'Subject: body\n\n'
  yes 'The parcel was late and nobody answered the phone again.' |
  head -c $SIZE; } > body.eml
{ hdr subject; printf 'Subject: '; yes late | tr '\n' ' ' | head -c $SIZE
  printf '\n\nshort\n'; } > subject.eml
{ hdr headers; printf 'Subject: headers\n'
  yes 'X-Filler: some value here' | head -n 250000; printf '\nbody\n'; } \
    > headers.eml
{ hdr base64; printf 'Subject: file\nMIME-Version: 1.0\n'
  printf 'Content-Type: multipart/mixed; boundary=BB\n\n--BB\n'
  printf 'Content-Type: text/plain\n\nsee the file\n--BB\n'
  printf 'Content-Type: application/octet-stream; name=x.bin\n'
  printf 'Content-Transfer-Encoding: base64\n\n'
  head -c $((SIZE * 3 / 4)) /dev/urandom | base64; printf -- '--BB--\n'; } \
    > base64.eml
{ hdr html; printf 'Subject: html\nMIME-Version: 1.0\n'
  printf 'Content-Type: text/html; charset=utf-8\n\n'
  yes '<p>The parcel was <b>late</b> &amp; nobody answered.</p>' |
  head -c $SIZE; } > html.eml

# peak FILE: the peak RSS (KiB) of xf-intake reading FILE as one message.
peak() {
	fresh_db
	/usr/bin/time -v xf-intake -q -f eml "$1" > /dev/null 2> "$1.err"
	sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' \
	    "$1.err"
}

if slow || ! /usr/bin/time -v true > /dev/null 2>&1; then
	for s in body subject headers base64 html; do
		skip "$s: no /usr/bin/time -v, or an instrumented build"
	done
else
	base=$(peak small.eml)
	for s in body subject headers base64 html; do
		kib=$(peak $s.eml)
		size=$(($(wc -c < $s.eml) / 1024))
		diag "$s: $((size / 1024)) MB, peak $((kib / 1024)) MB, base $((base / 1024)) MB"
		ok $((kib > base + CACHE + 3 * size)) \
		    "$s: peak RSS within the small one's, the cache and 3 times its size"
	done
fi

# --- what the caps did, and what they left ---------------------------------
fresh_db
run xf-intake -f eml subject.eml
like "$rc.$(cat stderr)" "0.*subject.eml: 1 header fields cut at 262144 bytes*" \
    "a huge Subject: cut, and said so"
is "$(db "select length(subject) <= 4096 from complaint")" 1 \
    "a huge Subject: the complaint's is within its cap"
xf-status show --raw XF-2026-000001 > raw.out
same_file subject.eml raw.out "a huge Subject: the raw message keeps it whole"
run xf-intake -f eml headers.eml
like "$(cat stderr)" "*headers.eml: 249005 header fields dropped (past 1000 fields or 1048576 bytes)*" \
    "250,000 header lines: all past the first 1000 fields dropped, and said so"
is "$(db "select subject from complaint where id = 2")" headers \
    "250,000 header lines: the fields before them are read"
run xf-intake -f eml body.eml
like "$(cat stderr)" "*body.eml: text longer than 4194304 bytes: the message's text holds the first part*" \
    "an 8 MB body: the message's text cut at 4 MiB, and said so"
is "$(db "select length(cast(body as blob)) from message where complaint_id = 3")" \
    4194304 "an 8 MB body: the message's text is 4 MiB"
run xf-intake -f eml base64.eml
is "$(db "select size = $((SIZE * 3 / 4)), data is not null from attachment")" "1|1" \
    "a 6 MB attachment: kept, its size right"
# Over XF_ATTACH_KEEP_MAX (10 MiB): listed with its size, which is
# counted without decoding all of it into memory.
{ hdr big; printf 'Subject: big file\nMIME-Version: 1.0\n'
  printf 'Content-Type: application/octet-stream; name=big.bin\n'
  printf 'Content-Transfer-Encoding: base64\n\n'
  head -c 11000000 /dev/urandom | base64; } > big.eml
run xf-intake -f eml big.eml
is "$rc.$(db "select size, data is null from attachment where name = 'big.bin'")" \
    "0.11000000|1" "an 11 MB attachment: listed with its decoded size, not kept"
run xf-intake -f eml html.eml
is "$rc.$(db "select count(*) from complaint")" "0.6" "HTML: read"
run xf-status verify
is "$rc" 0 "the event chain is intact"
exit 0
