#!/bin/sh
# xf-notify: nothing is sent twice after success.  Two runs at once over
# 50 rows deliver each message exactly once; a run killed while sendmail
# holds a message leaves the row claimed until the lease (15 min) runs
# out, then it goes once more; a run killed after sendmail took the
# message but before the mark sends it again after the lease (at least
# once, as xf-notify(1) says), and never once the row is marked sent; a
# busy store is exit 75.
#
# The outbox rows are put in by tests/notify-fixture.sh with sqlite3.
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/notify-fixture.sh"

plan 22

NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z
export XF_MAIL_FROM=care@example.org
at() {
	date -u -d "@$(($NOW + $1))" +%Y-%m-%dT%H:%M:%SZ
}
sent_files() {
	find "$1" -name '*.eml' | wc -l | tr -d ' '
}

# 50 complaints by e-mail, one notice each.
{
	echo 'subject,body,contact,complainant'
	i=1
	while [ $i -le 50 ]; do
		echo "投诉 $i,内容 $i,user$i@example.com,用户$i"
		i=$((i + 1))
	done
} > many.csv
xf-intake many.csv > /dev/null 2>&1
i=1
while [ $i -le 50 ]; do
	ref=$(printf 'XF-2026-%06d' $i)
	queue_notice "$ref" accepted email "user$i@example.com" \
	    "[$ref] 已受理" "您的投诉 $ref 已受理。" > /dev/null
	i=$((i + 1))
done
is "$(db "select count(*) from outbox where state = 'queued'")" 50 \
    "50 notices queued"

# --- two runs at once ----------------------------------------------------------
# A sendmail slow enough that the runs interleave.
mkdir -p two
cat > slow-sendmail <<EOF
#!/bin/sh
sleep 0.02
f=\$(mktemp "$T/two/msg.XXXXXX") || exit 75
cat > "\$f" && mv "\$f" "\$f.eml"
EOF
chmod +x slow-sendmail
xf-notify --sendmail "$T/slow-sendmail" > a.out 2> a.err &
a=$!
xf-notify --sendmail "$T/slow-sendmail" > b.out 2> b.err &
b=$!
wait $a
ra=$?
wait $b
rb=$?
is "$ra $rb" "0 0" "two runs at once: both exit 0"
is "$(cat a.out a.err b.out b.err)" "" "... quietly"
is "$(sent_files two)" 50 "50 messages handed to sendmail, not more"
is "$(cat two/*.eml | grep -c '^Message-ID:')" 50 "... each with a Message-ID"
is "$(cat two/*.eml | grep '^Message-ID:' | sort -u | wc -l | tr -d ' ')" 50 \
    "... 50 different ones: none twice"
is "$(db "select count(*) from outbox where state = 'sent' and attempts = 1")" \
    50 "every row sent, on its first attempt"
is "$(db "select count(*) from message where direction = 'out'")" 50 \
    "50 outgoing messages kept"
is "$(db "select count(*) from event where kind = 'sent'")" 50 \
    "50 'sent' events"
diag "rows sent by each run: $(db "select count(*) from outbox
    group by claimed_by" | tr '\n' ' ')"

# --- killed while sendmail holds the message ------------------------------------
fresh_db
xf-intake many.csv > /dev/null 2>&1
queue_notice XF-2026-000001 accepted email user1@example.com \
    '[XF-2026-000001] 已受理' '已受理。' > /dev/null
fake_sendmail "$T/out"
FAKE_MODE=hang xf-notify --sendmail "$T/sendmail" > /dev/null 2>&1 &
victim=$!
i=0
while ! [ -s out/pid ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "sendmail holds the message" test -s out/pid
kill -9 $victim
wait $victim 2> /dev/null
# The orphaned sendmail dies too (a crash of the machine, say).
kill -9 "$(cat out/pid)" 2> /dev/null
is "$(db "select state, attempts from outbox where id = 1")" "sending|1" \
    "killed midway: the row stays claimed"
exit_is 0 "a run within the lease: exit 0" xf-notify --sendmail "$T/sendmail"
is "$(sent_files out)" 0 "... leaves the claimed row alone"
XF_NOW=$(at 900) exit_is 0 "once the lease has run out: exit 0" \
    xf-notify --sendmail "$T/sendmail"
is "$(sent_files out) $(db "select state, attempts from outbox where id = 1")" \
    "1 sent|2" "... it goes, once"
XF_NOW=$(at 7200) xf-notify --sendmail "$T/sendmail"
is "$(sent_files out)" 1 "and never again"

# --- killed after sendmail took it, before the mark -----------------------------
queue_notice XF-2026-000002 accepted email user2@example.com \
    '[XF-2026-000002] 已受理' '已受理。' > /dev/null
rm -rf after
mkdir after
cat > kill-sendmail <<EOF
#!/bin/sh
f=\$(mktemp "$T/after/msg.XXXXXX") || exit 75
cat > "\$f" && mv "\$f" "\$f.eml"
# The message is taken; now the run dies before it can mark it.
i=0
while ! [ -s "$T/victim" ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
kill -9 "\$(cat "$T/victim")"
exit 0
EOF
chmod +x kill-sendmail
rm -f victim
xf-notify --sendmail "$T/kill-sendmail" > /dev/null 2>&1 &
echo $! > victim
wait $! 2> /dev/null
is "$(sent_files after) $(db "select state from outbox where id = 2")" \
    "1 sending" "killed after sendmail took it: one message, still claimed"
XF_NOW=$(at 900) exit_is 0 "after the lease: exit 0" \
    xf-notify --sendmail "$T/sendmail"
is "$(sent_files out) $(db "select state from outbox where id = 2")" "2 sent" \
    "... sent once more (at least once), then marked"
XF_NOW=$(at 7200) xf-notify --sendmail "$T/sendmail"
is "$(sent_files out)" 2 "... and never again"

# --- a busy store ----------------------------------------------------------------
queue_notice XF-2026-000003 accepted email user3@example.com \
    '[XF-2026-000003] 已受理' '已受理。' > /dev/null
hold_write_lock
XF_BUSY_TIMEOUT=100 exit_is 75 "a store busy past the timeout: exit 75" \
    xf-notify --sendmail "$T/sendmail"
release_write_lock
is "$(db "select state, attempts from outbox where id = 3")" "queued|0" \
    "... nothing claimed"
