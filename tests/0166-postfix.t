#!/bin/sh
# xf-deliver behind a real mail server: Debian's Postfix, when it is
# installed (scripts/install-deps installs it, unconfigured), started
# here as root in a private configuration folder, with no network
# listener: mail goes in through its sendmail -C, out through pipe(8)
# services that run scripts/mail/xf-deliver, as the xf-intake(1) set-up
# says.  A complaint must never come back to its sender for the
# company's own fault: a busy store, a missing folder or a read-only
# store is deferred, and delivered exactly once when it is mended.
# Installs nothing; skipped where it cannot run (not root, no Postfix).
. "$(dirname "$0")/lib.sh"

NTEST=21
skip_all() {
	echo "1..0 # skip $1"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip_all "Postfix is started as root, and this is not"
command -v postfix > /dev/null 2>&1 && [ -x /usr/sbin/sendmail ] &&
    command -v postqueue > /dev/null 2>&1 ||
    skip_all "no Postfix (scripts/install-deps installs it)"
[ -z "$XF_WRAP" ] || skip_all "not under a wrapper: Postfix runs xf-intake itself"
id nobody > /dev/null 2>&1 || skip_all "no user nobody to deliver as"
case $T$XF_ROOT$XF_BIN in
*[!A-Za-z0-9/._+-]*) skip_all "a path pipe(8) cannot take as it is" ;;
esac
chmod 755 "$T"
setpriv --reuid=65534 --regid=65534 --clear-groups \
    test -x "$XF_BIN/xf-intake" -a -r "$XF_ROOT/scripts/mail/xf-deliver" \
    -a -r "$XF_ROOT/share" 2> /dev/null ||
    skip_all "user nobody cannot reach this build"

PF=$T/pf
LOG=$PF/maillog
# The queue and data folders apart from the configuration, which
# Postfix wants owned by root alone.
mkdir -p "$PF" spool data store ro
chown nobody store ro
: > deliver.log
chown nobody deliver.log
chown postfix data

# One pipe service a store: the normal one, one in a folder that does
# not exist (yet), a read-only one, and one whose xf-intake is missing.
service() {
	printf '%s unix - n n - - pipe\n' "$1"
	printf '  flags=Rq user=nobody argv=/usr/bin/env XF_DB=%s' "$2"
	printf ' XF_INTAKE=%s XF_SHARE=%s XF_NOW=%s TZ=UTC' "$3" \
	    "$XF_SHARE" "$XF_NOW"
	# lib.sh's address-space limit, for sanitized builds (pipe(8)
	# passes no environment of its own).
	printf ' XF_DELIVER_VMEM=%s' "${XF_DELIVER_VMEM:-524288}"
	printf ' XF_BUSY_TIMEOUT=300 XF_DELIVER_LOG=%s/deliver.log %s\n' \
	    "$T" "$XF_ROOT/scripts/mail/xf-deliver"
}
{
	# No chroot: the queue is a scratch folder with no copy of /etc.
	for s in 'pickup unix n - n 60 1 pickup' \
	    'cleanup unix n - n - 0 cleanup' 'qmgr unix n - n 300 1 qmgr' \
	    'rewrite unix - - n - - trivial-rewrite' \
	    'bounce unix - - n - 0 bounce' 'defer unix - - n - 0 bounce' \
	    'trace unix - - n - 0 bounce' 'flush unix n - n 1000? 0 flush' \
	    'showq unix n - n - - showq' 'error unix - - n - - error' \
	    'retry unix - - n - - error' 'discard unix - - n - - discard' \
	    'proxymap unix - - n - - proxymap' \
	    'postlog unix-dgram n - n - 1 postlogd'; do
		echo "$s"
	done
	service xf "$T/store/xf.db" "$XF_BIN/xf-intake"
	service xfnodir "$T/nodir/xf.db" "$XF_BIN/xf-intake"
	service xfro "$T/ro/xf.db" "$XF_BIN/xf-intake"
	service xfnocmd "$T/store/xf.db" /nonexistent/xf-intake
} > "$PF/master.cf"
cat > "$PF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $T/spool
data_directory = $T/data
maillog_file = $LOG
maillog_file_prefixes = $T
myhostname = mx.xf-test.invalid
mydomain = xf-test.invalid
mydestination =
relay_domains =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
notify_classes =
default_transport = error:5.1.2 no mail leaves this test
transport_maps = inline:{store.invalid=xf:, nodir.invalid=xfnodir:,
    ro.invalid=xfro:, nocmd.invalid=xfnocmd:, sender.invalid=discard:}
xf_destination_recipient_limit = 1
xfnodir_destination_recipient_limit = 1
xfro_destination_recipient_limit = 1
xfnocmd_destination_recipient_limit = 1
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
EOF

started=
pf_stop() {
	[ -n "$started" ] || return 0
	postfix -c "$PF" stop > /dev/null 2>&1 ||
	    postfix -c "$PF" abort > /dev/null 2>&1
	# The master waits for its children; give it a few seconds.
	_i=0
	while [ $_i -lt 50 ] && postfix -c "$PF" status > /dev/null 2>&1; do
		sleep 0.1
		_i=$((_i + 1))
	done
	started=
}
trap 'pf_stop; cd / && rm -rf "$T"' EXIT

# check makes the queue's folders, with their owners and modes.
if ! postfix -c "$PF" check > pf.out 2>&1 ||
    ! postfix -c "$PF" start >> pf.out 2>&1; then
	echo "1..0 # skip Postfix does not start here: $(grep -h fatal pf.out "$LOG" | tail -n 1)"
	started=1
	exit 0
fi
started=1
plan $NTEST

# send DOMAIN ID: the test message, Message-ID <ID@example.com>, from
# zhangsan@sender.invalid to complaints@DOMAIN; the subject ends in ID
# too, so no two are one mail resent (xf-intake(1), Duplicate messages).
send() {
	sed -e "s/plain-1@/$2@/" -e "s/^Subject: .*/&  $2/" \
	    "$XF_DATA/mail-intake/plain.eml" |
	    sendmail -C "$PF" -f zhangsan@sender.invalid "complaints@$1"
}

# status ID: the last delivery status Postfix logged for the message,
# (sent, deferred, bounced) or nothing yet.
status() {
	_q=$(sed -n "s/.* \([0-9A-F]*\): message-id=<$1@example.com>.*/\1/p" \
	    "$LOG" 2> /dev/null | head -n 1)
	[ -n "$_q" ] || return 0
	sed -n "s/.* $_q: to=<complaints@.*status=\([a-z]*\).*/\1/p" "$LOG" |
	    tail -n 1
}

# wait_for ID STATUS: until the message's last status is STATUS (20 s
# at most; queue manager and pipe start in well under a second).
wait_for() {
	_i=0
	while [ $_i -lt 200 ]; do
		[ "$(status "$1")" = "$2" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

flush() {
	postqueue -c "$PF" -f > /dev/null 2>&1
}

complaints() {
	XF_DB=$1 db "select count(*) from complaint"
}

# --- normal delivery ------------------------------------------------------
send store.invalid normal
wait_for normal sent
is "$(status normal)" sent "a message is delivered through xf-deliver"
is "$(complaints "$T/store/xf.db")" 1 "it is one complaint"
is "$(XF_DB=$T/store/xf.db db "select distinct actor from event")" xf-mail \
    "registered by the automation actor xf-mail"

# --- a busy store: deferred, then delivered once --------------------------
XF_DB=$T/store/xf.db
if hold_write_lock; then pass "the store is locked"; else fail "the store is locked"; fi
send store.invalid busy
wait_for busy deferred
is "$(status busy)" deferred "busy store: deferred, not bounced"
sleep 2		# a retry or two of the queue manager, still locked
is "$(status busy)" deferred "busy store: still deferred while locked"
release_write_lock
flush
wait_for busy sent
is "$(status busy)" sent "lock released, queue flushed: delivered"
is "$(complaints "$T/store/xf.db")" 2 "delivered exactly once"
XF_DB=$T/xf.db

# --- a store folder that is missing: deferred until it exists -------------
send nodir.invalid nodir
wait_for nodir deferred
is "$(status nodir)" deferred "missing folder: deferred, not bounced"
mkdir nodir
chown nobody nodir
flush
wait_for nodir sent
is "$(status nodir)" sent "the folder made: delivered"
is "$(complaints "$T/nodir/xf.db")" 1 "the folder made: one complaint"

# --- a read-only store: deferred --------------------------------------------
send ro.invalid rofirst
wait_for rofirst sent
chmod 444 ro/xf.db
send ro.invalid ro
wait_for ro deferred
is "$(status ro)" deferred "read-only store: deferred, not bounced"
is "$(complaints "$T/ro/xf.db")" 1 "read-only store: as it was"

# --- xf-intake missing: deferred -------------------------------------------
send nocmd.invalid nocmd
wait_for nocmd deferred
is "$(status nocmd)" deferred "xf-intake missing: deferred, not bounced"

# (A message's own fault, 65, cannot be sent through Postfix, which
# gives anything headers: tests/0165 runs xf-deliver on one.)

# --- what Postfix did and said ------------------------------------------
grep -q 'status=bounced' "$LOG"
is $? 1 "nothing bounced"
grep -q 'sender non-delivery notification' "$LOG"
is $? 1 "no bounce mail to the sender"
grep 'Command output' "$LOG" > said.log
if [ -s said.log ]; then pass "Postfix logged what xf-deliver said"; else fail "Postfix logged what xf-deliver said"; fi
no_match "no path of the server in it" "$T|/work|/var|/usr|\\.db" said.log
no_match "no TSV row in it" "XF-2026|ref	received" said.log
check "what Postfix logged is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$LOG"
like "$(cat "$T/deliver.log")" "*$T/*" \
    "the operator's log names the store"
