#!/bin/sh
# xf-assign on bad input: usage errors exit 2 with the usage (the man
# page's SYNOPSIS), a missing store or unknown refs exit 1, a locked store
# exits 75, and nothing is half written.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 25

H='ref	assignee	team	ack_due	due	reason'

# --- no store -----------------------------------------------------------------------------
run xf-assign XF-2026-000001
is "$rc.$(cat stderr)" \
    "75.xf-assign: $XF_DB: no store here (xf-intake creates one)" \
    "no store: exit 75, named"
test -e "$XF_DB"
is "$?" 1 "no store: none created by assigning"
run xf-assign handler list
is "$rc" 75 "handler list with no store: exit 75"

xf-assign handler add --team support sue > /dev/null
printf 'subject,body\none,first\n' > f.csv
xf-intake -q f.csv | xf-status accept > /dev/null

# --- usage ------------------------------------------------------------------------------------
exit_is 2 "no handler verb" xf-assign handler
like "$(sed -n 1p stderr)" "usage: xf-assign *" "the usage on stderr"
if command -v mandoc > /dev/null 2>&1; then
	# The SYNOPSIS as mandoc renders it, and the usage, as words.
	mandoc -Tutf8 "$XF_ROOT/man1/xf-assign.1" | col -bx |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	    tr -s ' \n' '  ' | sed 's/^ //; s/ $//' > synopsis
	sed 's/^usage: //' stderr | tr -s ' \n' '  ' |
	    sed 's/^ //; s/ $//' > usage
	same_file synopsis usage "the usage is the man page's SYNOPSIS"
else
	skip "mandoc is not installed"
fi
exit_is 2 "an unknown option" xf-assign -x 1
exit_is 2 "a bad strategy" xf-assign -S random 1
is "$(cat stderr)" "xf-assign: -S random: want skill, round-robin or least-loaded" \
    "a bad strategy: lists them"
exit_is 2 "a bad format" xf-assign -o xml 1
exit_is 2 "a bad team" xf-assign -t 'Legal Team' 1
exit_is 2 "-a with refs" xf-assign -a 1
exit_is 2 "--to without a value" xf-assign 1 --to
XF_NOW=yesterday exit_is 2 "XF_NOW not a time" xf-assign 1
XF_ACTOR=$(printf 'bad\377') exit_is 2 "XF_ACTOR not UTF-8" xf-assign 1
exit_is 2 "-m not UTF-8" xf-assign --to sue -m "$(printf 'x\377')" 1

# --- unknown and bad refs --------------------------------------------------------------------
long=$(printf '%050d' 7)
run xf-assign XF-2026-000404 "$long" 1
is "$rc" 1 "unknown refs: exit 1"
is "$(cat stderr)" "xf-assign: XF-2026-000404: no such complaint
xf-assign: $(printf '%040d' 0)...: no such complaint" \
    "unknown refs: each named (a long one cut)"
is "$(sed 1d stdout | cut -f1,2)" "XF-2026-000001	sue" "the good ref is assigned"
printf 'ref\n%s\nXF-2026-000001\n' "$(printf '%0200d' 1)" | xf-assign > out 2> err
is "$?.$(cat err)" "1.xf-assign: stdin: line 2: not a ref: '$(printf '%040d' 0)...'" \
    "stdin: a line too long to be a ref is reported"
is "$(sed 1d out | cut -f6)" "already owned by sue" "stdin: the next line still read"

# --- a locked store --------------------------------------------------------------------------
printf 'subject,body\ntwo,second\n' > g.csv
xf-intake -q g.csv | xf-status accept > /dev/null
_s=3
slow && _s=30
(echo '.timeout 5000'; echo 'BEGIN IMMEDIATE;'; sleep "$_s"; echo 'COMMIT;') |
    sqlite3 -init /dev/null "$XF_DB" &
locker=$!
_i=0
while [ $_i -lt 50 ] && sqlite3 -init /dev/null "$XF_DB" \
    'BEGIN IMMEDIATE; ROLLBACK;' > /dev/null 2>&1; do
	sleep 0.1
	_i=$((_i + 1))
done
XF_BUSY_TIMEOUT=200
export XF_BUSY_TIMEOUT
run xf-assign XF-2026-000002
is "$rc.$(cat stdout)" "75." "a locked store: exit 75, no row"
is "$(cat stderr)" "xf-assign: $XF_DB: BEGIN IMMEDIATE: database is locked" \
    "a locked store: the store and the reason named"
run xf-assign handler add --team support tom
is "$rc" 75 "a locked store: handler add exits 75 too"
wait "$locker"
unset XF_BUSY_TIMEOUT
run xf-assign XF-2026-000002
is "$rc.$(sed -n 2p stdout | cut -f2)" "0.sue" "the lock gone: assigned"
