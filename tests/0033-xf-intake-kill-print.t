#!/bin/sh
# Printed or findable (xf(7)): xf-intake killed at random moments, or
# its output pipe closed, then run again on the same input.  Whatever the
# moment, the refs printed by the two runs together are exactly the
# complaints in the store, and none is stored twice; after each kill the
# store is sound (integrity_check, created events, verify: lib.sh's
# unsound) and holds whole commit units only.  Small chunks (-b)
# put many COMMITs in a run, so kills land between a COMMIT and the
# printing of its rows.
. "$(dirname "$0")/lib.sh"

KILLS=${XF_KILLS:-20}
plan 13

awk 'BEGIN {
	print "ext_id,received_at,contact,subject,body"
	for (i = 1; i <= 400; i++)
		printf "K%d,2026-05-%02d 10:00,u%d@example.com,subject %d," \
		    "body of complaint %d\n", i, i % 28 + 1, i, i, i
}' > in.csv
awk 'BEGIN {
	for (i = 1; i <= 100; i++) {
		printf "From u%d@example.org Sun May  3 09:51:15 2026\n", i
		printf "From: User %d <u%d@example.org>\n", i, i
		printf "To: complaints@example.com\n"
		printf "Subject: complaint number %d\n", i
		printf "Date: Sun, 03 May 2026 09:51:15 +0000\n"
		printf "Message-ID: <m%d@example.org>\n\n", i
		printf "The service failed again, case %d.\n\n", i
	}
}' > in.mbox

# now_ms: a clock in milliseconds (GNU date).
now_ms() {
	date +%s%3N
}

# pause N SEED: sleeps a random part of N milliseconds.
pause() {
	sleep "$(awk -v n="$1" -v s="$2" 'BEGIN { srand(s);
		printf "%.3f", (5 + rand() * n) / 1000 }')"
}

# printed FILES...: the refs in xf-intake outputs, one a line, sorted.
printed() {
	cat "$@" | awk -F '\t' '$1 != "ref" { print $1 }' | sort
}

# trial NAME INPUT CHUNK: KILLS times a fresh store, a run killed at a
# random moment and a run to the end; counts the trials that lost a
# complaint or stored one twice.
trial() {
	_name=$1 _in=$2 _b=$3
	fresh_db
	_t0=$(now_ms)
	xf-intake -b "$_b" "$_in" > /dev/null 2>&1
	_full=$(($(now_ms) - _t0))
	_want=$(db "select count(*) from complaint")
	_lost=0 _twice=0 _bad=0 _part=0 _i=1
	while [ "$_i" -le "$KILLS" ]; do
		fresh_db
		xf-intake -b "$_b" "$_in" > first.tsv 2> /dev/null &
		_pid=$!
		pause "$_full" "$_i"
		kill -9 "$_pid" 2> /dev/null
		wait "$_pid" 2> /dev/null
		_why=$(unsound)
		if [ -n "$_why" ]; then
			_bad=$((_bad + 1))
			diag "$_name $_i: $_why"
		fi
		_k=$(db "select count(*) from complaint")
		case $_k in ''|*[!0-9]*) _k=0 ;; esac
		[ $((_k % _b)) -eq 0 ] || [ "$_k" -eq "$_want" ] ||
		    _part=$((_part + 1))
		xf-intake -b "$_b" "$_in" > second.tsv 2> /dev/null
		printed first.tsv second.tsv | sort -u > got
		db "select ref from complaint order by ref" > stored
		if ! cmp -s stored got; then
			_lost=$((_lost + 1))
			diag "$_name $_i: stored $(wc -l < stored), printed $(wc -l < got)"
		fi
		[ "$(wc -l < stored)" -eq "$_want" ] || _twice=$((_twice + 1))
		_i=$((_i + 1))
	done
	is "$_bad" 0 "$_name: $KILLS random kills, the store sound after each"
	is "$_part" 0 "$_name: and holding whole commit units of $_b only"
	is "$_lost" 0 "$_name: nothing stored is left unprinted"
	is "$_twice" 0 "$_name: and every complaint stored once"
	xf-intake -b "$_b" "$_in" > third.tsv 2> /dev/null
	is "$(printed third.tsv | wc -l)" 0 "$_name: a third run prints nothing"
}

trial CSV in.csv 20
trial mbox in.mbox 5

# A run killed after its last COMMIT, as the store shows it: a re-run
# prints those complaints and takes them over; the next prints nothing.
fresh_db
xf-intake -b 20 in.csv > /dev/null 2>&1
db "update batch set reported = 0 where id > 1"
xf-intake -b 20 in.csv > second.tsv 2> err
is "$(printed second.tsv | wc -l)" "$(db "select count(*) from complaint where id > 20")" \
    "unreported units: the re-run prints their complaints"
like "$(cat err)" "*duplicate 400 (380 never printed before: printed now)*" \
    "unreported units: and the summary says so"
xf-intake -b 20 in.csv > third.tsv 2> /dev/null
is "$(printed third.tsv | wc -l)" 0 "unreported units: the next run prints nothing"
