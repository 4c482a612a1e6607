#!/bin/sh
# A reader in a folder it may write (a sticky, /tmp-like one) never
# breaks the owner's writes (issue 12, point 10): it makes no file there
# (the -wal and -shm it once left behind were its own, and the owner
# could write to them no more), not even when they are missing; and it
# reads correctly while the owner writes.  Run as root: the owner is
# daemon, the reader nobody, neither of them root (root may write any
# file, so it would hide the breakage).
. "$(dirname "$0")/lib.sh"

owner_id=$(id -u daemon 2> /dev/null || true)
if [ "$(id -u)" -ne 0 ] || [ -z "$owner_id" ] ||
    ! command -v setpriv > /dev/null 2>&1; then
	echo "1..0 # skip needs root, setpriv and a daemon user"
	exit 0
fi
# as UID cmd...: cmd as that user, without the groups of root.
as() {
	_u=$1
	shift
	setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"
}
owner() {
	as "$owner_id" "$@"
}
reader() {
	as 65534 "$@"
}
chmod 755 "$T"
if ! owner xf-status --version > /dev/null 2>&1 ||
    ! reader xf-status --version > /dev/null 2>&1; then
	echo "1..0 # skip daemon or nobody cannot run $XF_BIN/xf-status"
	exit 0
fi

plan 16

mkdir s
chmod 1777 s
XF_DB=$T/s/xf.db
cat > f.csv <<'EOF'
subject,body,received_at
退款太慢,三周了还没有退款,2026-05-01
账号被盗,有人登录了我的账号,2026-05-02
EOF
check "the owner imports" owner xf-intake -q f.csv
owner chmod 644 "$XF_DB"
check "the owner writes" owner xf-status note -m "read me" 1

# mine: the files of the folder that are the reader's.
mine() {
	find s -user 65534 | sort | tr '\n' ' '
}

run reader xf-status list
is "$rc.$(wc -l < stdout | tr -d ' ')" "0.3" "the reader lists"
run reader xf-status history 1
is "$rc" 0 "the reader reads a history"
is "$(mine)" "" "the reader made no file in the folder"
run owner xf-status note -m "after the reader" 1
is "$rc|$(cat stderr)" "0|" "the owner still writes"

# --- without the -wal and -shm: refused, nothing made --------------------------
owner rm -f "$XF_DB-wal" "$XF_DB-shm"
run reader xf-status list
like "$rc|$(cat stderr)" "75|*cannot read it without*" \
    "no -wal: the reader is refused"
is "$(mine)" "" "and made no -wal or -shm of its own"
check "the owner reads, which brings them back" owner xf-status list
run reader xf-status list
is "$rc" 0 "then the reader reads"
run owner xf-status note -m "and again" 2
is "$rc|$(cat stderr)" "0|" "and the owner writes"

# --- reading while the owner writes ---------------------------------------------
# The owner adds complaints one by one; the reader lists all the while.
# Each list must work and see no fewer complaints than the one before.
(
	i=0
	while [ $i -lt 20 ]; do
		owner xf-intake -q --subject "s$i" --body "b$i" > /dev/null ||
		    echo "owner failed at $i" >> owner.err
		i=$((i + 1))
	done
	: > owner.done
) &
writer=$!
prev=0
reads=0
: > reader.err
while [ ! -e owner.done ]; do
	if reader xf-status list -A > list.out 2>> reader.err; then
		c=$(wc -l < list.out)
		[ "$c" -lt "$prev" ] &&
		    echo "went back from $prev to $c lines" >> reader.err
		prev=$c
	else
		echo "a list failed" >> reader.err
	fi
	reads=$((reads + 1))
done
wait $writer
is "$(cat owner.err 2> /dev/null)" "" "the owner wrote all the while"
is "$(cat reader.err)" "" "every one of $reads lists worked, none went back"
run reader xf-status list -A
is "$rc.$(wc -l < stdout | tr -d ' ')" "0.23" \
    "the reader sees all 22 complaints at the end"
check "the reader verifies the chain" reader xf-status verify
is "$(mine)" "" "and never made a file in the folder"
