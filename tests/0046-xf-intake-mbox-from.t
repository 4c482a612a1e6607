#!/bin/sh
# xf-intake, mbox From_ lines: a separator is known by the date at its
# end, so an address with spaces, a zone or a time without seconds
# still starts a message; a body line "From the start ..." does not;
# and a message left inside another's body is warned about, with its
# line, never lost in silence.
. "$(dirname "$0")/lib.sh"

plan 8

H='ref	received_at	channel	complainant	subject	source'

# msg N: a message of 7 lines with Subject "mN" and Message-ID <mN@example.org>.
msg() {
	printf 'From: M%s <m%s@example.org>\nSubject: m%s\n' "$1" "$1" "$1"
	printf 'Date: Sun, 5 Aug 2001 09:51:15 +0000\n'
	printf 'Message-ID: <m%s@example.org>\n\nbody %s\n\n' "$1" "$1"
}

{
	echo 'From ada@example.org Sun Aug  5 09:51:15 2001'
	msg 1
	echo 'From "b c"@example.org Sun Aug  5 09:51:15 2001'
	msg 2
	echo 'From zvfjenphuq@[1086695621] [ufa]  Sun Aug  5 09:51:15 2001'
	msg 3
	echo 'From ada@example.org Sun Aug  5 09:51:15 2001 +0200'
	msg 4
	echo 'From ada@example.org Sun Aug  5 09:51:15 +0200 2001'
	msg 5
	echo 'From ada@example.org Sun Aug  5 09:51 2001'
	msg 6
	echo 'From ada@example.org Sun Aug  5 09:51:15 PDT 2001'
	msg 7
} > seps.mbox
run xf-intake seps.mbox
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ')" "0.m1 m2 m3 m4 m5 m6 m7 " \
    "seven From_ line forms: seven complaints"
is "$(tail -n +2 stdout | cut -f6 | tr '\n' ' ')" \
    "seps.mbox:1 seps.mbox:9 seps.mbox:17 seps.mbox:25 seps.mbox:33 seps.mbox:41 seps.mbox:49 " \
    "each at its From_ line"
is "$(db "select count(*) from complaint where body like '%From%'")" 0 \
    "no message holds another"

# A body paragraph that begins "From " is text, and says nothing.
fresh_db
{
	echo 'From ada@example.org Sun Aug  5 09:51:15 2001'
	msg 1 | sed '$d'
	printf '\nFrom the start I said the fee was wrong.\nNote: twice.\n\n'
	echo 'From ada@example.org Sun Aug  5 09:51:15 2001'
	msg 2
} > body.mbox
run xf-intake body.mbox
is "$rc.$(tail -n +2 stdout | cut -f5 | tr '\n' ' ').$(cat stderr)" \
    "0.m1 m2 .$(printf 'xf-intake: read 2, created 2, attached 0, reopened 0, auto-replies 0, duplicate 0, rejected 0')" \
    "'From the start' in a body: text, no warning"
like "$(db "select body from complaint where subject = 'm1'")" \
    "*From the start I said*" "the paragraph stays in its message"

# A message whose From_ line the writer forgot to set off by a blank
# line (or that no reader knows) stays in the body before it: warned.
fresh_db
{
	echo 'From ada@example.org Sun Aug  5 09:51:15 2001'
	msg 1 | sed '$d'
	echo 'From bob@example.org Sun Aug  5 09:51:15 2001'	# line 8
	msg 2
	echo 'From ada@example.org Sun Aug  5 09:51:15 2001'	# line 16
	msg 3 | sed '$d'
	echo 'From carol@example.org yesterday'			# line 23
	msg 4
} > hidden.mbox
run xf-intake hidden.mbox
is "$rc.$(tail -n +2 stdout | cut -f5,6 | tr '\n' ' ')" \
    "0.m1	hidden.mbox:1 m3	hidden.mbox:16 " "hidden messages: two complaints"
is "$(grep -c 'looks like the start of another message' stderr)" 2 \
    "hidden messages: one warning each"
like "$(cat stderr)" \
    "xf-intake: hidden.mbox:8: looks like the start of another message, inside the one of line 1 *xf-intake: hidden.mbox:23: *inside the one of line 16 *" \
    "hidden messages: each warning names its line and the message it is in"
