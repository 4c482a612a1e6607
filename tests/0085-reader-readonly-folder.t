#!/bin/sh
# A reader who may read the store but not write it or its folder reads
# it (issue 12, point 10): list, show, history, verify and handler list
# print what the owner sees, exit 0 and leave the folder as it was.  The
# -wal and -shm files stay beside the store with its permissions, since
# such a reader may not create them; without them it is refused with a
# message that says how they come back.  Its writes fail as the store's
# (75), and change nothing.  Run as root, the reader being nobody.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null 2>&1; then
	echo "1..0 # skip needs root and setpriv to read as another user"
	exit 0
fi
# reader cmd...: cmd as nobody, without the groups of root.
reader() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
chmod 755 "$T"
if ! reader xf-status --version > /dev/null 2>&1; then
	echo "1..0 # skip nobody cannot run $XF_BIN/xf-status"
	exit 0
fi

plan 29

# keep_db SQL: db, keeping the -wal and -shm as xf does (the sqlite3
# shell, as any SQLite program, removes them when it closes last).
keep_db() {
	sqlite3 -init /dev/null -batch -noheader "$XF_DB" \
	    '.filectrl persist_wal 1' "$1" | sed 1d
}

mkdir d
XF_DB=$T/d/xf.db
cat > f.csv <<'EOF'
subject,body,received_at
退款太慢,三周了还没有退款,2026-05-01
账号被盗,有人登录了我的账号,2026-05-02
EOF
check "the owner imports" xf-intake -q f.csv
check "a handler" xf-assign handler add --team support bob
chmod 644 "$XF_DB"
check "the owner writes after opening the store to readers" \
    xf-status note -m "read me" 1
is "$(stat -c %a "$XF_DB-wal" "$XF_DB-shm" | tr '\n' ' ')" "644 644 " \
    "the -wal and -shm stay, with the store's permissions"
n=$(keep_db "select count(*) from event")
# What a reader could change: the files, their modes, owners and sizes.
# Not ls -l: its "total" counts blocks, which ext4 allocates when it
# writes the owner's last pages back, at a moment of its own (a flaky
# failure under the slower sanitizer build).
listing() {
	(cd d && stat -c '%n %a %u %g %s' * .[!.]* 2>/dev/null | sort)
}
listing > before.ls

# same NAME cmd...: as the reader, exit 0 and what the owner gets.
same() {
	_name=$1
	shift
	"$@" > owner.out 2>&1
	run reader "$@"
	is "$rc|$(cat stderr)" "0|" "$_name: exit 0, nothing on stderr"
	same_file owner.out stdout "$_name: what the owner sees"
}
same "list" xf-status list
same "show" xf-status show 1
same "history" xf-status history 1 2
same "verify" xf-status verify
same "handler list" xf-assign handler list
listing > after.ls
same_file before.ls after.ls "the readers left the folder as it was"

# --- a reader's writes: the store's failure, nothing written ------------------
run reader xf-status note -m "from a reader" 1
like "$rc|$(cat stderr)" "75|*$XF_DB*readonly*" "a reader's note: 75, read-only"
run reader xf-intake -q f.csv
is "$rc" 75 "a reader's import: 75"
listing > after.ls
same_file before.ls after.ls "the readers made no file"
is "$(keep_db "select count(*) from event")" "$n" "nor wrote anything"
check "the owner still writes" xf-status note -m "after the readers" 2

# --- without the -wal and -shm: refused, until the owner runs xf ---------------
rm -f "$XF_DB-wal" "$XF_DB-shm"
run reader xf-status list
like "$rc|$(cat stderr)" \
    "75|xf-status: $XF_DB: cannot read it without $XF_DB-wal, which this user may not create*" \
    "no -wal: the reader is told why and how they come back"
check "the owner reads, which brings them back" xf-status list
run reader xf-status list
is "$rc.$(wc -l < stdout | tr -d ' ')" "0.3" "then the reader reads"

# --- a -wal the reader may not read: the message says what to do -------------
chmod 600 "$XF_DB-wal"
run reader xf-status list
like "$rc|$(cat stderr)" \
    "75|xf-status: $XF_DB: this user may not read $XF_DB-wal: give it the store's permissions" \
    "an unreadable -wal: 75, named"
check "the owner writes" xf-status note -m again 1
is "$(stat -c %a "$XF_DB-wal")" 644 "which gives the -wal the store's mode again"
run reader xf-status show 1
is "$rc" 0 "then the reader reads"

# --- an older schema: only one who may write upgrades it ----------------------
keep_db "pragma user_version = 3" > /dev/null
run reader xf-status list
like "$rc|$(cat stderr)" "75|*schema version 3*cannot upgrade a store it may not write*" \
    "an older store: the reader may not upgrade it"
is "$(keep_db 'pragma user_version')" 3 "and did not"
