#!/bin/sh
# xf-intake on a full disk: a chunk whose COMMIT fails is not counted, so
# the summary's "created" is what the store holds, and every ref printed
# names a stored complaint.  The disk is a small tmpfs: the test needs
# root (CI runs as root) and skips cleanly otherwise.  2 MiB: schema 7's
# tables and indexes, in 16 KiB pages, left a 1 MiB disk full before the
# first chunk, so no chunk committed and the test proved nothing.
. "$(dirname "$0")/lib.sh"

plan 5

if [ "$(id -u)" -ne 0 ] || ! mkdir full ||
    ! mount -t tmpfs -o size=2m xf-test full 2> /dev/null; then
	for _i in 1 2 3 4 5; do
		skip "needs root and a tmpfs mount"
	done
	exit 0
fi
trap 'umount "$T/full"; cd / && rm -rf "$T"' EXIT

awk 'BEGIN {
	print "ext_id,received_at,contact,subject,body"
	for (i = 1; i <= 20000; i++)
		printf "K%d,2026-05-01 10:00,u%d@example.com,subject %d," \
		    "body of complaint %d with words enough to fill pages\n",
		    i, i, i, i
}' > big.csv
XF_DB=$T/full/xf.db
run xf-intake -b 500 big.csv
is "$rc" 75 "the full disk stops the import with exit 75 (the store's fault, not the input's)"
like "$(cat stderr)" "*disk is full*" "and says so"
n=$(db "select count(*) from complaint")
diag "stored $n of 20000"
like "$(tail -n 1 stderr)" "xf-intake: read *, created $n, duplicate 0, rejected 0, not stored *" \
    "the summary counts what the store holds ($n) and what it did not"
is "$(($(wc -l < stdout) - 1))" "$n" "one row printed for each complaint stored"
tail -n +2 stdout | cut -f 1 | sort > printed
db "select ref from complaint order by ref" > stored
same_file stored printed "the refs printed are the refs stored"
