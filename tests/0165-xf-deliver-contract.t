#!/bin/sh
# What xf-deliver and xf-intake --deliver tell a mail server (issue 19):
# exit 0, 65 (EX_DATAERR, bounce) only for a message that can never be
# stored, 75 (EX_TEMPFAIL, keep it) for anything else; nothing on
# stdout; on stderr one short line of printable ASCII that names no
# file, since the server logs it and may mail it to the complainant.
# No mail server here: tests/0166 runs one.
. "$(dirname "$0")/lib.sh"

plan 32

D=$XF_DATA/mail-intake
DELIVER=$XF_ROOT/scripts/mail/xf-deliver
XF_DELIVER_LOG=$T/deliver.log
export XF_DELIVER_LOG
sed 's/plain-1@/c-1@/' "$D/plain.eml" > msg.eml

# said NAME: the last run printed nothing on stdout, and its stderr is
# at most one line of printable ASCII, naming no path of this machine.
said() {
	is "$(cat stdout)" "" "$1: nothing on stdout"
	if [ "$(wc -l < stderr)" -le 1 ] && [ "$(wc -c < stderr)" -le 220 ] &&
	    ! LC_ALL=C grep -q '[^ -~]' stderr && ! grep -q "$T\|/" stderr; then
		pass "$1: one short ASCII line, no path"
	else
		fail "$1: one short ASCII line, no path"
		diag_file stderr
	fi
}

# --- xf-intake --deliver ---------------------------------------------------
run xf-intake --deliver < msg.eml
is "$rc.$(cat stdout).$(cat stderr)" "0.." "xf-intake --deliver: 0, silent"
printf 'no headers at all\n' > nohdr.txt
run xf-intake --deliver < nohdr.txt
is "$rc.$(cat stderr)" "65.xf-intake: refused: not a mail message: no headers" \
    "xf-intake --deliver: a message that is not one: 65, the reason"
run xf-intake --deliver < /dev/null
is "$rc" 65 "xf-intake --deliver: an empty message: 65"
run env XF_DB="$T/none/xf.db" xf-intake --deliver < msg.eml
is "$rc" 75 "xf-intake --deliver: a missing folder: 75"
run xf-intake --deliver msg.eml
is "$rc" 2 "xf-intake --deliver takes no file"
run xf-intake --deliver -r rej.mbox < msg.eml
is "$rc" 2 "xf-intake --deliver takes no -r"
# A read error is the machine's, not the message's: a directory as stdin.
run xf-intake --deliver < "$T"
is "$rc" 75 "xf-intake --deliver: stdin cannot be read: 75"
if slow; then
	skip "a 64 MiB message (slow build)"
else
	{ cat msg.eml; head -c 67108864 /dev/zero | tr '\0' x; } > big.eml
	run xf-intake --deliver < big.eml
	is "$rc.$(cat stderr)" \
	    "65.xf-intake: refused: message over the size limit of 64 MiB" \
	    "xf-intake --deliver: over 64 MiB: 65, read to its end"
	rm -f big.eml
fi

# --- xf-deliver --------------------------------------------------------------
sed 's/plain-1@/c-2@/' "$D/plain.eml" > msg2.eml
run "$DELIVER" < msg2.eml
is "$rc.$(cat stderr)" "0." "xf-deliver: stored: 0, silent"
said "stored"
run "$DELIVER" < nohdr.txt
is "$rc.$(cat stderr)" \
    "65.xf-deliver: message refused: not a mail message: no headers" \
    "xf-deliver: not a message: 65 with the reason"
said "refused"
run env XF_DB="$T/none/xf.db" "$DELIVER" < msg2.eml
is "$rc.$(cat stderr)" "75.xf-deliver: complaint store unavailable (status 75), message kept for a later try" \
    "xf-deliver: missing folder: 75, said without the path"
said "missing folder"
like "$(cat deliver.log)" "*$T/none/xf.db*" "the operator's log names the store"
run env PATH=/nonexistent "$DELIVER" < msg2.eml
is "$rc" 75 "xf-deliver: xf-intake not on PATH: 75, not 127"
said "not on PATH"
run env XF_NOW=never "$DELIVER" < msg2.eml
is "$rc.$(cat stderr)" "75.xf-deliver: xf is not set up right (status 2), message kept for a later try" \
    "xf-deliver: a bad setting: 75"
said "bad setting"
# An xf-intake killed, or failing in a way of its own (exit 1).
printf '#!/bin/sh\ncat > /dev/null\nkill -9 $$\n' > killed
printf '#!/bin/sh\necho "ref	x"\necho "xf-intake: %s/store: out of memory ☃☃" >&2\nexit 1\n' \
    "$T" > oom
chmod +x killed oom
run env XF_INTAKE="$T/killed" "$DELIVER" < msg2.eml
is "$rc.$(cat stderr)" "75.xf-deliver: xf-intake was killed (status 137), message kept for a later try" \
    "xf-deliver: xf-intake killed: 75"
run env XF_INTAKE="$T/oom" "$DELIVER" < msg2.eml
is "$rc" 75 "xf-deliver: xf-intake's exit 1: 75, never a bounce"
said "exit 1 with a path and non-ASCII"
# The log it may not write is not named either.
run env XF_DELIVER_LOG=/nonexistent/dir/log "$DELIVER" < nohdr.txt
is "$rc" 65 "xf-deliver: a log it cannot write: the status stands"
said "a log it cannot write"
is "$(db "select count(*) from complaint")" 2 "the two good messages stored, once each"
