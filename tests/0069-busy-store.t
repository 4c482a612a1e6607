#!/bin/sh
# Every command exits 75 on a busy store (xf(7)): another writer holds
# the lock past the busy timeout, so a writing verb of each command gives
# up with the store named on stderr and the exit status a mail server or
# a retrying script takes for "try again later".  Nothing is written.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 12

cat > f.csv <<'EOF2'
subject,body,received_at
退款太慢,三周了还没有退款,2026-05-01
账号被盗,有人登录了我的账号,2026-05-02
EOF2
check "import" xf-intake -q f.csv
check "a handler" xf-assign handler add --team support bob
check "accept" xf-status accept 1 2
check "a category set by hand" \
    xf-classify set --category billing -m "by hand" 1
check "another" xf-classify set --category account -m "by hand" 2
n=$(db "select count(*) from event")

# sqlite3 holds the write lock meanwhile (hold_write_lock, tests/lib.sh).
check "sqlite3 holds the write lock" hold_write_lock
XF_BUSY_TIMEOUT=100
export XF_BUSY_TIMEOUT

# busy NAME cmd...: exit 75, and a message that names the store.
busy() {
	_name=$1
	shift
	run "$@"
	like "$rc|$(cat stderr)" "75|*$XF_DB*locked*" "$_name"
}

busy "xf-intake" xf-intake -q f.csv
busy "xf-classify set" xf-classify set --priority P1 -m now 1
busy "xf-classify train" xf-classify train
busy "xf-assign" xf-assign --to bob -m "by hand" 1
busy "xf-status" xf-status note -m late 1

release_write_lock
is "$(db "select count(*) from event")" "$n" "the busy runs wrote nothing"
