#!/bin/sh
# The store's side files (-wal, -shm, -batch) have the store's mode and
# owner, and a failed open never leaves one that blocks the owner
# (issue 19, point 3).  A delivery on a read-only store once left -wal
# and -shm at 0400 that kept the store unwritable after the store file
# was fixed: SQLite opens a -wal it may not write read-only, and the
# whole connection with it.  Run as root, the owner being nobody.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null 2>&1; then
	echo "1..0 # skip needs root and setpriv to act as the store's owner"
	exit 0
fi
# owner cmd...: cmd as nobody, the store's owner here.
owner() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
chmod 755 "$T"
if ! owner xf-intake --version > /dev/null 2>&1; then
	echo "1..0 # skip nobody cannot run $XF_BIN/xf-intake"
	exit 0
fi

plan 20

mkdir d
chown 65534:65534 d
XF_DB=$T/d/xf.db
for i in 1 2 3 4 5 6; do
	printf 'subject,body\nsubject %d,body %d\n' "$i" "$i" > "$i.csv"
done
chmod 644 ./*.csv

# sides: the mode and owner of each side file there, on one line.
sides() {
	for _s in -wal -shm -batch; do
		[ -e "$XF_DB$_s" ] && stat -c "%n %a %U" "$XF_DB$_s"
	done | sed "s|$T/d/||" | tr '\n' ' '
}
# count: complaints stored, keeping the side files as xf does (the
# sqlite3 shell removes them when it closes last).
count() {
	sqlite3 -init /dev/null -batch -noheader "$XF_DB" \
	    '.filectrl persist_wal 1' "select count(*) from complaint" | sed 1d
}
# gone: the side files removed, as a copy of the store alone leaves it.
gone() {
	rm -f "$XF_DB-wal" "$XF_DB-shm" "$XF_DB-batch"
}

check "the owner makes the store" owner xf-intake -q 1.csv
is "$(sides)" "xf.db-wal 600 nobody xf.db-shm 600 nobody xf.db-batch 600 nobody " \
    "side files with the store's mode and owner"

# --- root writes a read-only store: its side files are still the owner's -----
chmod 400 "$XF_DB"
gone
check "root writes the owner's 0400 store" xf-intake -q 2.csv
is "$(sides)" "xf.db-wal 400 nobody xf.db-shm 400 nobody xf.db-batch 400 nobody " \
    "the side files root made are the owner's, with the store's mode"
chmod 600 "$XF_DB"
run owner xf-intake -q 3.csv
is "$rc|$(cat stderr)" "0|" "the store fixed, the owner's first write succeeds"
is "$(sides)" "xf.db-wal 600 nobody xf.db-shm 600 nobody xf.db-batch 600 nobody " \
    "and the side files follow the store's mode"

# --- side files left at 0400 by hand or a copy --------------------------------
chmod 400 "$XF_DB-wal" "$XF_DB-shm" "$XF_DB-batch"
run owner xf-intake -q 4.csv
is "$rc|$(cat stderr)|$(count)" "0||4" "0400 side files do not block the owner"

# --- a failed open on a read-only store leaves nothing that blocks ---------------
chmod 400 "$XF_DB"
gone
run owner xf-intake -q 5.csv
is "$rc" 75 "the owner's read-only store, no side files: exit 75"
like "$(cat stderr)" "*$XF_DB*" "and the message names the store"
is "$(sides)" "" "and no side file is made"
chmod 600 "$XF_DB"
check "once the store is fixed, the owner writes" owner xf-intake -q 5.csv
chmod 400 "$XF_DB"
cp "$XF_DB" before.db
run owner xf-intake -q 6.csv
is "$rc" 75 "the owner's read-only store with its side files: exit 75"
like "$(cat stderr)" "*$XF_DB*readonly*" "and the message says read-only"
check "the store file is unchanged" cmp before.db "$XF_DB"
chmod 600 "$XF_DB"
run owner xf-intake -q 6.csv
is "$rc|$(count)" "0|6" "once the store is fixed, the first write succeeds"

# --- a side file of another user: named, not met half-way ------------------------
chown root "$XF_DB-wal"
chmod 600 "$XF_DB-wal"
cp "$XF_DB" before.db
run owner xf-status note -m hello 1
is "$rc" 75 "a -wal the owner may not open: exit 75"
is "$(cat stderr)" "xf-status: $XF_DB: this user may write the store but not $XF_DB-wal (Permission denied): give it the store's owner and permissions" \
    "and the message names the -wal and says what to do"
check "the store file is unchanged" cmp before.db "$XF_DB"
check "root opening the store gives the -wal back to its owner" \
    xf-status list
check "then the owner writes" owner xf-status note -m hello 1
