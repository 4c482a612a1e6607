#!/bin/sh
# scripts/mail/xf-deliver and xf-intake -f eml as a mail server's
# delivery program: 0 once the message is committed or was stored
# before, 75 (EX_TEMPFAIL) while the store stays locked, so the server
# tries again; nothing half-stored in between.  What xf-deliver tells
# the server (nothing on stdout, one path-free line): tests/0165.
. "$(dirname "$0")/lib.sh"

plan 47

D=$XF_DATA/mail-intake
DELIVER=$XF_ROOT/scripts/mail/xf-deliver
H='ref	received_at	channel	complainant	subject	source'
XF_INTAKE=xf-intake
XF_DELIVER_LOG=$T/deliver.log
export XF_INTAKE XF_DELIVER_LOG

summary() {
	echo "xf-intake: read $7, created $1, attached $2, reopened $3, auto-replies $4, duplicate $5, rejected $6"
}

counts() {
	db "select (select count(*) from complaint) || ' ' ||
	    (select count(*) from message) || ' ' || (select count(*) from event)"
}

# --- delivery -----------------------------------------------------------------------
sed 's/plain-1@/deliver-1@/' "$D/plain.eml" > msg.eml
run sh -c 'unset XF_ACTOR; exec "$1"' sh "$DELIVER" < msg.eml
is "$rc" 0 "xf-deliver: exit 0"
is "$(cat stderr)" "" "xf-deliver: quiet (-q), nothing on stderr"
is "$(cat stdout)" "" "xf-deliver: nothing on stdout, which the server would log"
is "$(db "select ref || ' ' || complainant || ' ' || subject from complaint")" \
    "XF-2026-000001 张三 夜间施工噪音" "xf-deliver: the complaint"
is "$(db "select c.source || ' ' || m.source || ' ' || m.raw_size
    from complaint c join message m on m.complaint_id = c.id")" \
    "<deliver-1@example.com> stdin $(wc -c < msg.eml | tr -d ' ')" "xf-deliver: message stored"
is "$(db "select distinct actor from event")" xf-mail "xf-deliver: actor 'xf-mail', automation, when XF_ACTOR is unset"
xf-status show --raw XF-2026-000001 > raw.out
check "xf-deliver: the exact bytes kept" cmp msg.eml raw.out

run "$DELIVER" < msg.eml
is "$rc.$(cat stderr)" "0." "xf-deliver again: exit 0"
is "$(cat stdout)" "" "xf-deliver again: no row"
is "$(counts)" "1 1 2" "xf-deliver again: a duplicate, nothing stored"

sed 's/plain-1@/reply-1@/; s/^Subject: .*/Subject: Re: [XF-2026-000001]/' \
    "$D/plain.eml" > reply.eml
run "$DELIVER" < reply.eml
is "$rc.$(db "select count(*) from message where complaint_id = 1")" "0.2" \
    "xf-deliver: a reply is attached"
run "$DELIVER" < "$D/bounce.eml"
is "$rc.$(counts)" "0.1 2 4" "xf-deliver: a bounce is accepted and dropped"
# procmail and ~/.forward pipe the message with its From_ line first.
{
	echo 'From zhangsan@example.com  Thu Mar  5 02:00:00 2026'
	sed 's/plain-1@/envelope-1@/' "$D/plain.eml"
} > envelope.eml
run "$DELIVER" < envelope.eml
is "$rc.$(db "select ref || ' ' || received_at || ' ' || complainant
    from complaint where id = 2")" \
    "0.XF-2026-000002 $(db "select strftime('%s', '2026-03-05 02:00:00')") 张三" \
    "xf-deliver: a From_ line before the headers is skipped"
is "$(db "select contact || ' ' || source from complaint where id = 2")" \
    "zhangsan@example.com <envelope-1@example.com>" "xf-deliver: the headers after it are read"
xf-status show --raw XF-2026-000002 > raw.out
check "xf-deliver: the raw bytes keep the From_ line" cmp envelope.eml raw.out
printf '我要投诉，没有信头。\n' > nohdr.txt
run "$DELIVER" < nohdr.txt
is "$rc.$(cat stderr)" "65.xf-deliver: message refused: not a mail message: no headers" \
    "xf-deliver: an unreadable message exits 65 (the server bounces it)"
run env XF_INTAKE=/nonexistent/xf-intake "$DELIVER" < msg.eml
is "$rc" 75 "xf-deliver: a missing xf-intake is 75, not a bounce"
like "$(cat stderr)" "xf-deliver: xf-intake cannot be run (status 127)*" \
    "xf-deliver: a missing xf-intake: said so"
run env PATH=/nonexistent "$XF_ROOT/scripts/mail/xf-deliver" < msg.eml
is "$rc" 75 "xf-deliver: xf-intake not on PATH: 75"

# --- failures that are not the message's: 75, and the message kept ------------------
# Each leaves the store as it was; the mail server keeps the message.
sed 's/plain-1@/kept-1@/' "$D/plain.eml" > kept.eml
before=$(counts)
run env XF_DB="$T/no/such/folder/xf.db" "$DELIVER" < kept.eml
is "$rc" 75 "a store folder that is missing: 75"
like "$(tail -n 1 deliver.log)" "*no/such/folder/xf.db*" \
    "a store folder that is missing: named in the operator's log"
run env XF_DB="$T/no/such/folder/xf.db" xf-intake -f eml < kept.eml
is "$rc" 75 "a store folder that is missing: xf-intake -f eml exits 75 too"
mkdir adir
run env XF_DB="$T/adir" "$DELIVER" < kept.eml
is "$rc" 75 "a store that is a folder: 75"
printf 'not a database, and more than a header of one %0100d\n' 0 > junk.db
run env XF_DB="$T/junk.db" "$DELIVER" < kept.eml
is "$rc" 75 "a store that is not one: 75"
run env XF_NOW=never "$DELIVER" < kept.eml
is "$rc" 75 "a bad setting (XF_NOW): 75, not a bounce"
is "$(counts)" "$before" "none of these stored anything"
# A full disk: writes past a tiny file size limit fail (EFBIG; SIGXFSZ
# ignored), at open or at COMMIT, whichever comes first.
XF_DB=$T/full.db xf-intake -q msg.eml > /dev/null 2>&1
run env XF_DB="$T/full.db" sh -c 'trap "" XFSZ; ulimit -f 64; exec "$1"' \
    sh "$DELIVER" < kept.eml
is "$rc" 75 "a full disk: 75"
is "$(XF_DB=$T/full.db db "select count(*) from complaint")" 1 \
    "a full disk: nothing stored"
run env XF_DB="$T/full.db" "$DELIVER" < kept.eml
is "$rc.$(XF_DB=$T/full.db db "select count(*) from complaint")" "0.2" \
    "room again: the mail server's retry stores the message"

# Permissions: root may write anything, so these run as nobody then.
if [ "$(id -u)" -ne 0 ]; then
	unpriv() { "$@"; }
else
	unpriv() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
fi
chmod 755 "$T"
mkdir open shut ro
chmod 777 open
XF_DB=$T/ro/xf.db xf-intake -q "$D/plain.eml" > /dev/null 2>&1
chmod 444 ro/xf.db
chmod 555 shut ro
if run unpriv env XF_DB="$T/open/xf.db" "$DELIVER" < kept.eml &&
    [ "$rc" -eq 0 ]; then
	pass "unprivileged: a folder it may write is delivered to"
	run unpriv env XF_DB="$T/shut/xf.db" "$DELIVER" < kept.eml
	is "$rc" 75 "a folder it may not write: 75"
	run unpriv env XF_DB="$T/ro/xf.db" "$DELIVER" < kept.eml
	is "$rc" 75 "a read-only store: 75"
	is "$(XF_DB=$T/ro/xf.db db "select count(*) from complaint")" 1 \
	    "the read-only store is as it was"
else
	skip "cannot run as another user ($(cat stderr))"
	skip "cannot run as another user"
	skip "cannot run as another user"
	skip "cannot run as another user"
fi

# --- a locked store -------------------------------------------------------------------------
# lock SECONDS: hold the store's write lock in the background (longer
# under valgrind, where every command takes seconds to start).
lock() {
	_s=$1
	slow && _s=$((_s * 10))
	(echo '.timeout 5000'; echo 'BEGIN IMMEDIATE;'; sleep "$_s"
	    echo 'COMMIT;') |
	    sqlite3 -init /dev/null "$XF_DB" &
	locker=$!
	# Wait until the lock is really held (at most 5 s).
	_i=0
	while [ $_i -lt 50 ]; do
		if ! sqlite3 -init /dev/null "$XF_DB" 'BEGIN IMMEDIATE; ROLLBACK;' \
		    > /dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

sed 's/plain-1@/locked-1@/' "$D/plain.eml" > locked.eml
if lock 3; then pass "the store is locked"; else fail "the store is locked"; fi
XF_BUSY_TIMEOUT=300
export XF_BUSY_TIMEOUT
run xf-intake -f eml < locked.eml
is "$rc" 75 "locked store: xf-intake -f eml exits 75"
is "$(cat stdout)" "" "locked store: no row"
is "$(cat stderr)" "xf-intake: $XF_DB: BEGIN IMMEDIATE: database is locked
$(summary 0 0 0 0 0 0 1)" "locked store: the store and the reason named"
run "$DELIVER" < locked.eml
is "$rc" 75 "locked store: xf-deliver exits 75"
sed 's/plain-1@/locked-2@/' "$D/plain.eml" > l2.eml
{
	echo 'From a@b Mon Mar  2 09:00:00 2026'
	cat locked.eml
	echo
	echo 'From a@b Mon Mar  2 09:00:00 2026'
	cat l2.eml
} > locked.mbox
run xf-intake locked.mbox
is "$rc.$(cat stdout)" "75." "locked store: an mbox import exits 75, no rows"
wait "$locker"
is "$(counts)" "2 3 6" "locked store: nothing stored meanwhile"

run "$DELIVER" < locked.eml
is "$rc.$(cat stderr)" "0." "lock gone: xf-deliver stores the message"
is "$(db "select ref from complaint where source = '<locked-1@example.com>'")" \
    XF-2026-000003 "lock gone: the complaint exists"
run xf-intake -f eml < locked.eml
is "$rc.$(cat stderr)" "0.$(summary 0 0 0 0 1 0 1)" \
    "lock gone: the retry of xf-intake -f eml is a duplicate"
run xf-intake locked.mbox
is "$rc.$(tail -n +2 stdout | cut -f1,6).$(tail -1 stderr)" \
    "0.XF-2026-000004	locked.mbox:15.$(summary 1 0 0 0 1 0 2)" \
    "lock gone: the mbox import completes"

# A lock that ends within the busy timeout is waited for.
sed 's/plain-1@/waited-1@/' "$D/plain.eml" > waited.eml
if lock 1; then pass "the store is locked again"; else fail "the store is locked again"; fi
run env XF_BUSY_TIMEOUT=60000 xf-intake -f eml < waited.eml
is "$rc.$(tail -n +2 stdout | cut -f1)" "0.XF-2026-000005" \
    "a lock shorter than XF_BUSY_TIMEOUT: waited for, then stored"
wait "$locker"

check "the event chain is intact" xf-status verify
