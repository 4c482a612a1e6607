#!/bin/sh
# One table of exit statuses for every command (xf(7) EXIT STATUS; issue
# 12, point 4): 0 done, 1 nothing found or some inputs refused, 2 usage
# or configuration error, 75 the store (busy past the timeout, missing,
# not openable).  Each command and verb is tried on a busy store, a
# missing store, settings it cannot use and a bad XF_NOW; a reader is
# never held up by a writer; overdue with nothing late is "nothing found".
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 64

cat > f.csv <<'EOF'
subject,body,received_at
退款太慢,三周了还没有退款,2026-05-01
账号被盗,有人登录了我的账号,2026-05-02
EOF
check "import" xf-intake -q f.csv
check "a handler" xf-assign handler add --team support bob
check "a category set by hand" \
    xf-classify set --category billing -m "by hand" 1
check "another" xf-classify set --category account -m "by hand" 2
check "a model" xf-classify train
check "accept one" xf-status accept 1
n=$(db "select count(*) from event")

# status NAME WANT cmd...: the exit status, and for 75 and 2 a message.
status() {
	_name=$1
	_want=$2
	shift 2
	run "$@"
	if [ "$_want" -gt 1 ] && [ "$rc" -eq "$_want" ] && ! [ -s stderr ]; then
		fail "$_name: exit $_want, but no message"
		return
	fi
	is "$rc" "$_want" "$_name: exit $_want"
}

# --- a busy store: 75 from every verb that writes -----------------------------
# sqlite3 holds the write lock meanwhile (hold_write_lock, tests/lib.sh).
check "sqlite3 holds the write lock" hold_write_lock
XF_BUSY_TIMEOUT=100
export XF_BUSY_TIMEOUT

status "busy: xf-intake" 75 xf-intake -q f.csv
status "busy: xf-classify -a" 75 xf-classify -a
status "busy: xf-classify REF" 75 xf-classify 2
status "busy: xf-classify set" 75 xf-classify set --priority P1 -m x 1
status "busy: xf-classify train" 75 xf-classify train
status "busy: xf-classify explain" 75 xf-classify explain 1
status "busy: xf-assign -a" 75 xf-assign -a
status "busy: xf-assign --to" 75 xf-assign --to bob -m x 1
status "busy: xf-assign handler add" 75 xf-assign handler add --team x carl
status "busy: xf-status accept" 75 xf-status accept 2
status "busy: xf-status accept -n" 75 xf-status accept -n 2
status "busy: xf-status note" 75 xf-status note -m late 1
status "busy: xf-status reject" 75 xf-status reject -m "not ours" 2
status "busy: xf-status extend" 75 xf-status extend --days 3 \
    --approver boss -m why 1
status "busy: xf-status overdue --alert" 75 xf-status overdue --alert
status "busy: xf-status escalate" 75 xf-status escalate
# A reader is not held up by the writer (WAL).
status "busy: xf-status list still reads" 0 xf-status list
status "busy: xf-status show still reads" 0 xf-status show 1
status "busy: xf-status history still reads" 0 xf-status history 1
status "busy: xf-assign handler list still reads" 0 xf-assign handler list

release_write_lock
unset XF_BUSY_TIMEOUT
is "$(db "select count(*) from event")" "$n" "the busy runs wrote nothing"

# --- no store: 75, and none is made ------------------------------------------
none=$T/none.db
status "no store: xf-classify -a" 75 xf-classify -d "$none" -a
status "no store: xf-classify explain" 75 xf-classify -d "$none" explain 1
status "no store: xf-assign" 75 xf-assign -d "$none" --to bob -m x 1
status "no store: xf-assign handler list" 75 xf-assign -d "$none" handler list
status "no store: xf-status list" 75 xf-status -d "$none" list
status "no store: xf-status accept" 75 xf-status -d "$none" accept 1
status "no store: xf-status overdue" 75 xf-status -d "$none" overdue
check "no store was made" test ! -e "$none"

# --- settings that cannot be used: 2, nothing done -----------------------------
printf 'not a policy\n' > bad.tsv
status "bad policy: xf-status overdue" 2 xf-status -P bad.tsv overdue
status "missing policy: xf-status overdue" 2 \
    xf-status -P missing.tsv overdue
status "bad policy: xf-status accept" 2 xf-status -P bad.tsv accept 2
status "missing calendar: xf-status overdue" 2 \
    xf-status -C missing overdue
status "bad routing: xf-status escalate" 2 xf-status -R bad.tsv escalate
status "XF_POLICY unreadable: xf-status overdue" 2 \
    env XF_POLICY=missing.tsv xf-status overdue
status "bad rules: xf-classify" 2 xf-classify -r bad.tsv 2
status "bad rules: xf-classify explain" 2 xf-classify explain -r bad.tsv 1
status "bad policy: xf-classify set" 2 \
    env XF_POLICY=bad.tsv xf-classify set --priority P2 -m x 1
status "bad routing: xf-assign" 2 xf-assign -R bad.tsv -a
status "bad policy: xf-assign" 2 xf-assign -P bad.tsv --to bob -m x 1
is "$(db "select count(*) from event")" "$n" "bad settings: nothing written"

# --- a bad XF_NOW is a bad value of the environment: 2 ------------------------
XF_NOW=yesterday-ish
status "bad XF_NOW: xf-intake" 2 xf-intake -q f.csv
status "bad XF_NOW: xf-classify" 2 xf-classify 2
status "bad XF_NOW: xf-classify explain" 2 xf-classify explain 1
status "bad XF_NOW: xf-classify set" 2 xf-classify set --priority P2 -m x 1
status "bad XF_NOW: xf-assign" 2 xf-assign --to bob -m x 1
status "bad XF_NOW: xf-status note" 2 xf-status note -m x 1
status "bad XF_NOW: xf-status overdue" 2 xf-status overdue
XF_NOW=2026-06-01T00:00:00Z
status "bad XF_BUSY_TIMEOUT: xf-status list" 2 \
    env XF_BUSY_TIMEOUT=5s xf-status list
status "bad XF_BUSY_TIMEOUT: xf-intake" 2 \
    env XF_BUSY_TIMEOUT=-1 xf-intake -q f.csv
is "$(db "select count(*) from event")" "$n" "bad XF_NOW: nothing written"

# --- usage: 2 -----------------------------------------------------------------
status "an unknown verb" 2 xf-status lsit
status "an unknown option" 2 xf-assign -Z

# --- nothing found: 1; found: 0 -------------------------------------------------
XF_NOW=2026-05-03T00:00:00Z
status "overdue, nothing late: 1" 1 xf-status overdue
is "$(cat stdout)" "" "overdue, nothing late: prints nothing"
XF_NOW=2026-09-01T00:00:00Z
status "overdue, something late: 0" 0 xf-status overdue
status "an unknown ref among good ones: 1" 1 xf-status note -m x 1 99
