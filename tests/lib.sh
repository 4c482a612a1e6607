# tests/lib.sh: sourced by every tests/NNNN-*.t.
#
# Each test runs in a fresh temporary directory (its working directory,
# removed on exit) with a fresh store, the clock pinned and the zone UTC.
# The xf-* commands are reached through small wrappers on PATH, so
# `make check-valgrind` can run every one under valgrind via $XF_WRAP.
# TAP output: plan first, then one "ok"/"not ok" a check; details of a
# failure are "# " comment lines.  POSIX sh (dash).

set -u

XF_ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
XF_DATA=$XF_ROOT/tests/data
XF_BIN=${XF_BIN:-$XF_ROOT/bin}
case $XF_BIN in
/*) ;;
*) XF_BIN=$(cd "$XF_BIN" && pwd) || exit 1 ;;
esac
XF_WRAP=${XF_WRAP:-}
export XF_BIN XF_WRAP

if ! [ -x "$XF_BIN/xf-intake" ]; then
	echo "Bail out! no xf binaries in $XF_BIN (run make)"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/xf-test.XXXXXX") || exit 1
trap 'cd / && rm -rf "$T"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$T" || exit 1

# The wrappers read XF_WRAP and XF_BIN when they run.
mkdir "$T/.bin"
for _f in "$XF_BIN"/xf-*; do
	[ -f "$_f" ] && [ -x "$_f" ] || continue
	printf '#!/bin/sh\nexec $XF_WRAP "$XF_BIN/%s" "$@"\n' "${_f##*/}" \
	    > "$T/.bin/${_f##*/}"
	chmod +x "$T/.bin/${_f##*/}"
done
PATH=$T/.bin:$PATH

XF_DB=$T/xf.db
TZ=UTC
XF_ACTOR=tester
XF_NOW=2026-06-01T00:00:00Z
# The source tree's rules, policy, routing and calendars, not installed ones.
XF_SHARE=$XF_ROOT/share
if locale -a 2>/dev/null | grep -Eqi '^c\.utf-?8$'; then
	LC_ALL=C.UTF-8
else
	LC_ALL=C
fi
# The fixtures make distinct messages by changing only the Message-ID,
# which xf-intake otherwise takes for a resend (tests/0158 tests that).
XF_RESEND_DAYS=0
# Sanitizers and valgrind reserve far more address space than xf-deliver's
# limit allows a delivery.
if [ -n "$XF_WRAP" ] || [ -n "${XF_SLOW:-}" ]; then
	XF_DELIVER_VMEM=unlimited
	export XF_DELIVER_VMEM
fi
export PATH XF_DB TZ XF_ACTOR XF_NOW LC_ALL XF_SHARE XF_RESEND_DAYS
unset XF_BUSY_TIMEOUT XF_TZ XF_POLICY XF_CALENDAR XF_ROUTING

# Set TODO to a reason around checks of a known bug still open: they are
# reported as TODO, so prove shows them without failing the run.
TODO=
_n=0

_directive() {
	[ -n "$TODO" ] && printf ' # TODO %s' "$TODO"
	echo
}

plan() {
	echo "1..$1"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# store_holds WORD...: how many of the words are in the store's bytes,
# the file or its -wal (a purge or an erasure must leave none), each
# one found named on stderr.
store_holds() {
	_held=0
	for _w; do
		for _f in "$XF_DB" "$XF_DB-wal"; do
			[ -f "$_f" ] || continue
			if grep -q -a -F -- "$_w" "$_f"; then
				diag "${_f##*/} holds '$_w'" >&2
				_held=$((_held + 1))
				break
			fi
		done
	done
	echo "$_held"
}

# no_match NAME ERE FILE: passes when no line of FILE matches ERE, else
# fails showing the first lines that do.
no_match() {
	if grep -Eq -- "$2" "$3"; then
		fail "$1"
		grep -En -- "$2" "$3" | sed -n '1,5s/^/# /p'
		return 1
	fi
	pass "$1"
}

# diag_file FILE: a file's lines as comments (at most 40).
diag_file() {
	sed -n '1,40s/^/# /p' "$1"
}

pass() {
	_n=$((_n + 1))
	printf 'ok %d - %s' "$_n" "$1"
	_directive
}

fail() {
	_n=$((_n + 1))
	printf 'not ok %d - %s' "$_n" "$1"
	_directive
	return 1
}

skip() {
	_n=$((_n + 1))
	printf 'ok %d # skip %s\n' "$_n" "$1"
}

# ok STATUS NAME: passes when STATUS is 0, e.g. ok $? "name".
ok() {
	if [ "$1" -eq 0 ]; then pass "$2"; else fail "$2"; fi
}

# check NAME cmd...: passes when cmd exits 0; its output is shown if not.
check() {
	_name=$1
	shift
	if "$@" > "$T/.check" 2>&1; then
		pass "$_name"
	else
		fail "$_name"
		diag "command: $*"
		diag_file "$T/.check"
		return 1
	fi
}

# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		diag "got:  '$1'" "want: '$2'"
		return 1
	fi
}

# like GOT PATTERN NAME: GOT matches the shell pattern (case glob).
like() {
	# shellcheck disable=SC2254
	case $1 in
	$2)	pass "$3" ;;
	*)	fail "$3"
		diag "got:  '$1'" "want: '$2'"
		return 1 ;;
	esac
}

# same_file EXPECTED GOT NAME: the diff -u is shown when they differ.
same_file() {
	if diff -u "$1" "$2" > "$T/.diff" 2>&1; then
		pass "$3"
	else
		fail "$3"
		diag_file "$T/.diff"
		return 1
	fi
}

# exit_is N NAME cmd...: output of cmd in files stdout and stderr.
exit_is() {
	_want=$1
	_name=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$_want" ]; then
		pass "$_name"
	else
		fail "$_name"
		diag "command: $*" "exit $rc, want $_want; stderr:"
		diag_file "$T/stderr"
		return 1
	fi
}

# run cmd...: stdout in ./stdout, stderr in ./stderr, exit status in $rc.
run() {
	rc=0
	"$@" > "$T/stdout" 2> "$T/stderr" || rc=$?
}

# db SQL: the result rows of SQL on the store, '|' between columns.
db() {
	sqlite3 -init /dev/null -batch -noheader "$XF_DB" "$1" 2>&1
}

# fresh_db: start again with no store.
fresh_db() {
	rm -f "$XF_DB" "$XF_DB-wal" "$XF_DB-shm" "$XF_DB-journal" "$XF_DB-batch"
}

# slow: true under $XF_WRAP (valgrind) or $XF_SLOW (the sanitizer build),
# to skip the biggest inputs there.
slow() {
	[ -n "$XF_WRAP" ] || [ -n "${XF_SLOW:-}" ]
}

# hold_write_lock: a sqlite3 shell takes the store's write lock (BEGIN
# IMMEDIATE) and holds it until release_write_lock, through a fifo on fd
# 3; true once it holds it.  For the busy-store tests.
hold_write_lock() {
	rm -f "$T/.lockctl" "$T/.held"
	mkfifo "$T/.lockctl" || return 1
	sqlite3 -init /dev/null -batch "$XF_DB" < "$T/.lockctl" \
	    > "$T/.held" 2>&1 &
	_holder=$!
	exec 3> "$T/.lockctl"
	echo 'BEGIN IMMEDIATE;' >&3
	echo '.print locked' >&3
	_i=0
	while ! grep -q locked "$T/.held" && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ "$(cat "$T/.held")" = locked ]
}

release_write_lock() {
	echo 'COMMIT;' >&3
	exec 3>&-
	wait $_holder
}

# unsound: prints why the store is not sound, nothing when it is:
# PRAGMA integrity_check ok, every complaint with its created event,
# xf-status verify exits 0 (a file with no schema yet, as a kill in
# the first moments leaves it, is sound).  What every kill and fault
# test asks.
unsound() {
	_ic=$(db "pragma integrity_check")
	if [ "$_ic" != ok ]; then
		echo "integrity_check: $_ic"
	elif [ "$(db "select count(*) from sqlite_schema
	    where name = 'complaint'")" = 0 ]; then
		:	# killed before it made the schema: nothing to check
	elif [ "$(db "select count(*) from complaint c where not exists
	    (select 1 from event e where e.complaint_id = c.id
	    and e.kind = 'created')")" != 0 ]; then
		echo "a complaint without its created event"
	elif ! xf-status verify > "$T/.verify" 2>&1; then
		echo "verify: $(head -3 "$T/.verify")"
	fi
}

# store_sound NAME: one TAP line for unsound, the reason shown.
store_sound() {
	_why=$(unsound)
	if [ -z "$_why" ]; then
		pass "$1"
	else
		fail "$1"
		diag "$_why"
		return 1
	fi
}

# store_counts: rows of the store's main tables, one line, to compare
# before and after a fault.
store_counts() {
	db "select (select count(*) from complaint) || ' ' ||
	    (select count(*) from event) || ' ' ||
	    (select count(*) from message)"
}
