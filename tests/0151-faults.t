#!/bin/sh
# Faults of the store's file and of the settings (issue 17, point 5):
# a full disk (a file size limit here; a tmpfs in 0032), a read-only
# store file, folder and mount, a file that is not SQLite, missing or
# empty calendars, policy, rules and routing.  Each: a non-zero exit, a
# message that names the file in plain words, and the store intact
# (integrity_check, verify, row counts unchanged).  A store cut short
# and one from a newer schema: 0035.
. "$(dirname "$0")/lib.sh"

plan 39

awk 'BEGIN {
	print "ext_id,received_at,contact,subject,body"
	for (i = 1; i <= 20000; i++)
		printf "K%d,2026-05-01 10:00,u%d@example.com,subject %d," \
		    "body of complaint %d with words enough to fill pages\n",
		    i, i, i, i
}' > big.csv
printf 'subject,body\nrefund late,three weeks\naccount,locked out\n' > a.csv
printf 'subject,body\nanother,one more\n' > b.csv
xf-intake -q a.csv > /dev/null
xf-assign handler add --team support bob > /dev/null
export XF_ACTOR=xf-test

# intact NAME: the store sound and its rows what they were ($before).
intact() {
	store_sound "$1: the store is sound"
	is "$(store_counts)" "$before" "$1: its rows unchanged"
}
before=$(store_counts)

# --- a file size limit: the disk full as the process sees it -------------------
(
	trap '' XFSZ
	ulimit -f $(($(stat -c %s "$XF_DB") / 1024 + 1024))
	exec xf-intake -b 500 big.csv
) > stdout 2> stderr
rc=$?
is "$rc" 75 "a file size limit: exit 75"
like "$(head -1 stderr)" "xf-intake: $XF_DB: *(a full disk, a file size limit reached (ulimit -f), or a failing disk)" \
    "a file size limit: the store named, the causes said"
store_sound "a file size limit: the store is sound"
n=$(db "select count(*) from complaint")
diag "stored $((n - 2)) of 20000 under the limit"
is "$(tail -n +2 stdout | grep -c .)" "$((n - 2))" \
    "a file size limit: what it printed is what it stored"
is "$((n > 2))" 1 "a file size limit: some units were stored before it"
check "a file size limit: running again without it completes the import" \
    xf-intake -q -b 500 big.csv
is "$(db "select count(*) from complaint")" 20002 "every complaint stored once"
fresh_db
xf-intake -q a.csv > /dev/null
xf-assign handler add --team support bob > /dev/null
before=$(store_counts)

# --- not SQLite -----------------------------------------------------------------
printf 'complaints: see the spreadsheet\n' > notes.db
cp notes.db notes.orig
run xf-intake -d notes.db b.csv
is "$rc|$(cat stderr)" "75|xf-intake: notes.db: not an xf store (file is not a database: no SQLite header, or one overwritten)" \
    "a text file as the store: refused in plain words"
check "a text file as the store: unchanged" cmp notes.orig notes.db
run xf-status -d notes.db verify
is "$rc" 75 "a text file as the store: verify refuses it too"

# --- a read-only mount ------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && mkdir ro && mount -t tmpfs -o size=4m xf-ro ro \
    2> /dev/null; then
	trap 'umount "$T/ro" 2> /dev/null; cd / && rm -rf "$T"' EXIT
	cp "$XF_DB" ro/xf.db
	mount -o remount,ro ro
	run xf-intake -d ro/xf.db b.csv
	is "$rc|$(cat stderr)" "75|xf-intake: ro/xf.db: the store's disk is mounted read-only" \
	    "a read-only mount: refused, in plain words"
	run xf-status -d ro/xf.db list
	is "$rc" 75 "a read-only mount without -wal: listing refused"
	like "$(cat stderr)" "*ro/xf.db-wal*mounted read-only*" \
	    "and the message says why and what to do"
	umount ro
else
	skip "a read-only mount needs root and tmpfs"
	skip "a read-only mount needs root and tmpfs"
	skip "a read-only mount needs root and tmpfs"
fi

# --- a read-only store file and folder, as their owner ---------------------------
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null 2>&1; then
	owner() {
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	}
	chmod 755 "$T"
	chmod 644 b.csv
	mkdir own
	cp "$XF_DB" own/xf.db
	chown -R 65534:65534 own
	chmod 400 own/xf.db
	run owner xf-intake -d own/xf.db b.csv
	is "$rc" 75 "a read-only store file: exit 75"
	like "$(cat stderr)" "xf-intake: own/xf.db: *" "and the store is named"
	is "$(ls own)" "xf.db" "and nothing is made beside it"
	chmod 600 own/xf.db
	chmod 555 own
	run owner xf-intake -d own/xf.db b.csv
	is "$rc|$(cat stderr)" "75|xf-intake: own/xf.db: cannot make own/xf.db-wal: this user may not write the store's folder" \
	    "a read-only folder: refused, the folder named"
	chmod 755 own
	check "the same store, the folder writable: the owner writes" \
	    owner xf-intake -q -d own/xf.db b.csv
else
	for _i in 1 2 3 4 5; do
		skip "a read-only store as its owner needs root and setpriv"
	done
fi
intact "after the store faults"

# --- settings: missing or empty ---------------------------------------------------
mkdir nocal
mkdir cal0
: > cal0/cn-2026.tsv
: > empty.tsv
printf '# all comments\n\n' > comments.tsv
# refused NAME PATTERN cmd...: exit 2 (a settings error), the message.
refused() {
	_name=$1 _pat=$2
	shift 2
	run "$@"
	is "$rc" 2 "$_name: exit 2"
	like "$(cat stderr)" "$_pat" "$_name: the file named"
}
refused "a missing calendar" "xf-assign: $T/gone: cannot read*" \
    env XF_CALENDAR="$T/gone" xf-assign --to bob -m why 1
refused "an empty calendar folder" \
    "xf-assign: $T/nocal: no calendar files (*.tsv) in this folder*" \
    env XF_CALENDAR="$T/nocal" xf-assign --to bob -m why 1
refused "an empty calendar folder, overdue" "xf-status: $T/nocal: no calendar files*" \
    env XF_CALENDAR="$T/nocal" xf-status overdue
refused "an empty calendar file" "xf-assign: $T/cal0/cn-2026.tsv: an empty calendar file*" \
    env XF_CALENDAR="$T/cal0" xf-assign --to bob -m why 1
refused "an empty policy" "xf-assign: $T/empty.tsv: no policy rules*" \
    env XF_POLICY="$T/empty.tsv" xf-assign --to bob -m why 1
refused "an empty routing file" "xf-assign: $T/comments.tsv: no routes in it*" \
    env XF_ROUTING="$T/comments.tsv" xf-assign 1
refused "an empty rules file" "xf-classify: empty.tsv: no rules in it*" \
    xf-classify -r empty.tsv 1
refused "a missing rules file" "xf-classify: gone.tsv: *" \
    xf-classify -r gone.tsv 1
intact "after the settings faults"
run xf-classify -n -r /dev/null 1
is "$rc" 0 "/dev/null as rules still means none, on purpose"
