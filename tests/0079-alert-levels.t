#!/bin/sh
# Alerts once per level: xf-overdue-mail run every 15 minutes (XF_NOW in
# steps) mails a complaint when it misses a deadline and again at each
# escalation level of the policy, never in between and never once it is
# resolved; the digest lists every complaint still late, each once, and
# records nothing.  xf-status overdue --alert records the level alerted
# as an "alert" event; a deadline moved on (extension) starts again; -n,
# refs, concurrency and usage.  A complaint that falls late between the
# script's dry run and its record is not recorded unmailed.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 45

CRON=$XF_ROOT/scripts/cron

# Short spans on the calendar clock: acknowledge within 1h, resolve within
# 2h; level 0 past the deadline, level 1 past 30m late, level 2 past 1h.
printf 'category\tpriority\tack\tresolve\tclock\tescalate\n*\t*\t1h\t2h\tcalendar\t30m,1h\n' \
    > policy.tsv
XF_POLICY=$T/policy.tsv

mkdir sent
cat > fake-sendmail <<'EOF'
#!/bin/sh
n=$(($(ls "$SENT" | grep -c '^mail\.') + 1))
cat > "$SENT/mail.$n"
printf '%s\n' "$XF_NOW" > "$SENT/at.$n"
# A hook run while "sending", to change the store between the two runs.
[ -n "${HOOK:-}" ] && sh -c "$HOOK"
exit 0
EOF
chmod +x fake-sendmail
SENT=$T/sent
SENDMAIL=$T/fake-sendmail
XF_ALERT_TO=leads@example.com
export SENT SENDMAIL XF_ALERT_TO XF_POLICY

nmail() {
	ls sent | grep -c '^mail\.'
}

# log: each mail as "TIME REF,REF,..." (the refs its table names).
log() {
	_i=1
	while [ -f "sent/mail.$_i" ]; do
		printf '%s %s\n' "$(cut -c12-16 "sent/at.$_i")" \
		    "$(sed '1,/^$/d' "sent/mail.$_i" | grep -o '^XF-[0-9-]*' |
		    tr '\n' ',' | sed 's/,$//')"
		_i=$((_i + 1))
	done
}

# mailrun HH:MM [args]: one cron run of the alert on 2026-06-01.
mailrun() {
	_at=$1
	shift
	run env XF_NOW="2026-06-01T$_at:00Z" "$CRON/xf-overdue-mail" "$@"
}

alerts() {
	db "select complaint_id || ':' || field || ':' || coalesce(old, '-') ||
	    '>' || new from event where kind = 'alert' order by id" | tr '\n' ' '
}

# --- three complaints, one lead ------------------------------------------------------
# 1 and 2 arrive at 00:00, 3 at 00:30.  2 is accepted at 00:30: its
# acknowledgement is met, its resolve deadline 02:30.
export XF_NOW=2026-06-01T00:30:00Z
cat > c.csv <<'EOF'
subject,body,received_at,complainant
one,first,2026-06-01 00:00,A
two,second,2026-06-01 00:00,B
three,third,2026-06-01 00:30,C
EOF
check "import" xf-intake c.csv
check "accept and start 2 at 00:30" sh -c 'xf-status accept 2 && xf-status start 2'
db "UPDATE complaint SET team = 'support'"
check "carol leads support" xf-assign handler add --team support --role lead carol

# --- every 15 minutes from 00:45 to 04:00 -----------------------------------------------
# 1: acknowledge due 01:00: late at 01:15 (level 0), 45m late at 01:45
#    (level 1), 75m at 02:15 (level 2).
# 3: acknowledge due 01:30: level 0 at 01:45, 1 at 02:15, 2 at 02:45.
# 2: resolve due 02:30: level 0 at 02:45, 1 at 03:15; resolved at 03:20,
#    before its level 2 (03:45).
quiet=0 failed=0
for hm in 00:45 01:00 01:15 01:30 01:45 02:00 02:15 02:30 02:45 03:00 03:15 \
    03:30 03:45 04:00; do
	[ "$hm" = 03:30 ] && XF_NOW=2026-06-01T03:20:00Z xf-status resolve \
	    -m 'refunded' 2 > /dev/null
	mailrun "$hm"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
	[ -z "$(cat stdout stderr)" ] || quiet=$((quiet + 1))
done
is "$failed|$quiet" "0|0" "fourteen runs: each exit 0, nothing printed"
cat > want <<'EOF'
01:15 XF-2026-000001
01:45 XF-2026-000001,XF-2026-000003
02:15 XF-2026-000001,XF-2026-000003
02:45 XF-2026-000003,XF-2026-000002
03:15 XF-2026-000002
EOF
log > got
same_file want got \
    "mailed at each new level only: five mails in fourteen runs, none after the resolve"
is "$(alerts)" \
    "1:ack_due:->0 1:ack_due:0>1 3:ack_due:->0 1:ack_due:1>2 3:ack_due:0>1 3:ack_due:1>2 2:due:->0 2:due:0>1 " \
    "alert events: one per complaint, deadline and level (old: the level before)"
is "$(db "select complaint_id || ':' || new from event where kind = 'escalate'
    order by id" | tr '\n' ' ')" "1:1 1:2 3:1 3:2 2:1 " \
    "escalate events: levels 1 and up, once each"
like "$(sed '1,/^$/d' sent/mail.2 | head -1)" \
    "ref *deadline *due_at *late *priority *status *assignee *team *level *to" \
    "the alert's columns end with level and to"
like "$(grep XF-2026-000001 sent/mail.2)" "*acknowledge*45m*support  1      carol*" \
    "level 1: escalated to carol, the lead"
like "$(grep XF-2026-000003 sent/mail.2)" "*acknowledge*15m*new*support  0*" \
    "level 0: the deadline missed, nobody escalated to"
is "$(sed -n 's/^Subject: //p' sent/mail.2)" "xf: 2 complaints overdue" \
    "the Subject counts the complaints of this alert"

# Hours later, still late, same level: nothing.
mailrun 09:00
is "$rc|$(cat stdout stderr)|$(nmail)" "0||5" "09:00, no new level: no mail"

# --- the digest: every complaint still late, once -----------------------------------
n=$(db "select count(*) from event")
mailrun 09:00 --digest
is "$rc|$(cat stderr)|$(nmail)" "0||6" "--digest: one mail"
sed '1,/^$/d' sent/mail.6 | grep -o '^XF-[0-9-]*' > got
printf 'XF-2026-000001\nXF-2026-000003\n' > want
same_file want got "the digest: 1 and 3 (2 is resolved), each once, most late first"
is "$(sed -n 's/^Subject: //p' sent/mail.6)" "xf: digest, 2 complaints overdue" \
    "the digest's Subject"
is "$(db "select count(*) from event")" "$n" "the digest records nothing"
mailrun 09:00 -t support --digest
is "$rc|$(nmail)|$(grep -c '^XF-' sent/mail.7)" "0|7|2" \
    "--digest after other arguments, which go to xf-status"
mailrun 09:15
is "$(nmail)" 7 "and the alert after it still mails nothing new"

# --- xf-status overdue --alert ------------------------------------------------------------
fresh_db
export XF_NOW=2026-06-01T00:00:00Z
printf 'subject,body,received_at,complainant\na,one,2026-06-01 00:00,A\nb,two,2026-06-01 00:00,B\n' > d.csv
xf-intake d.csv > /dev/null 2>&1
check "accept 2: resolve due 02:00" xf-status accept 2
run env XF_NOW=2026-06-01T01:15:00Z xf-status overdue --alert -n
is "$rc|$(cut -f1,9 stdout | tr '\t\n' ':,')" \
    "0|ref:level,XF-2026-000001:0," "-n: what would be alerted"
is "$(db "select count(*) from event where kind = 'alert'")" 0 "-n: nothing recorded"
run env XF_NOW=2026-06-01T01:15:00Z xf-status overdue --alert
cat > want <<'EOF'
ref	deadline	due_at	late	priority	status	assignee	team	level	to
XF-2026-000001	acknowledge	2026-06-01T01:00:00+00:00	15m		new			0	
EOF
same_file want stdout "--alert: the new level, with no one to escalate level 0 to"
is "$rc|$(cat stderr)" "0|" "--alert: exit 0, silent"
is "$(db "select reason from event where kind = 'alert'")" \
    "acknowledge deadline missed by 15m (calendar)" "the alert event's reason"
is "$(xf-status history 1 | grep '	alert	' | cut -f4-7)" "alert	ack_due		0" \
    "history: an alert's new value is a level, not a time"
run env XF_NOW=2026-06-01T01:20:00Z xf-status overdue --alert
is "$rc|$(cat stdout)|$(cat stderr)" "1||" \
    "nothing new: exit 1, no output at all (like nothing late)"
run env XF_NOW=2026-06-01T01:20:00Z xf-status overdue
is "$(grep -c XF-2026-000001 stdout)" 1 "plain overdue still lists it"

# A deadline moved on is a new promise: alerted from level 0 again.
run env XF_NOW=2026-06-01T03:30:00Z xf-status overdue --alert -q
is "$(db "select complaint_id || ':' || new from event where kind = 'alert'
    and complaint_id = 2")" "2:2" "2 first alerted at 03:30, 90m late: level 2 at once"
check "extend 2 by a day" env XF_NOW=2026-06-01T03:40:00Z xf-status extend \
    --days 1 --approver li -m 'waiting for the bank' 2
run env XF_NOW=2026-06-02T02:15:00Z xf-status overdue --alert -t nosuch
is "$rc" 1 "-t: only that team's"
run env XF_NOW=2026-06-02T02:15:00Z xf-status overdue --alert
is "$(grep XF-2026-000002 stdout | cut -f3,9)" "2026-06-02T02:00:00+00:00	0" \
    "after the extension, the new deadline missed: level 0 again"
run env XF_NOW=2026-06-02T02:45:00Z xf-status overdue --alert
is "$(grep XF-2026-000002 stdout | cut -f9)" 1 "and level 1 again"

# --- refs: only those complaints ------------------------------------------------------------
db "UPDATE complaint SET due = 1780272000 + 86400 * 5 WHERE id = 2"
xf-assign handler add --team support --role lead carol > /dev/null
printf 'subject,body,received_at,complainant\nc,three,2026-06-01 00:00,C\nd,four,2026-06-01 00:00,D\n' > e.csv
XF_NOW=2026-06-01T00:00:00Z xf-intake e.csv > /dev/null 2>&1
run env XF_NOW=2026-06-02T12:00:00Z xf-status overdue --alert -q XF-2026-000003
is "$rc|$(db "select group_concat(complaint_id) from event where kind = 'alert'
    and complaint_id > 2")" "0|3" "a ref given: only that complaint is alerted"
printf 'ref\tstatus\nXF-2026-000004\tnew\n' |
    run env XF_NOW=2026-06-02T12:00:00Z xf-status overdue --alert -q -
is "$rc|$(db "select group_concat(complaint_id) from event where kind = 'alert'
    and complaint_id > 2")" "0|3,4" "'-': the refs of standard input"
run env XF_NOW=2026-06-02T12:00:00Z xf-status overdue XF-2026-000099
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000099: no such complaint" \
    "an unknown ref: said so, exit 1"

# --- two runs at once: each level once --------------------------------------------------------
fresh_db
awk 'BEGIN { print "subject,body,received_at,complainant";
    for (i = 1; i <= 30; i++) printf "s%d,b%d,2026-06-01,c%d\n", i, i, i }' > many.csv
xf-intake many.csv > /dev/null 2>&1
for i in 1 2 3; do
	XF_NOW=2026-06-01T01:15:00Z xf-status overdue --alert > "out$i" 2> "err$i" &
done
wait
is "$(db "select count(*), count(distinct complaint_id) from event
    where kind = 'alert'")" "30|30" "three runs at once: 30 alerts, one each"
is "$(cat out1 out2 out3 | grep -c '^XF-')" 30 "each printed by one run"
check "the event chain is intact" xf-status verify

# --- the script: a complaint late between its two runs is not lost ------------------------
# The mailer registers an old complaint, late at once, while it "sends":
# the record step records only the refs it mailed, so the next run
# mails the new one.
fresh_db
rm -f sent/*
printf 'subject,body,received_at,complainant\nx,first,2026-06-01 00:00,X\n' > x.csv
printf 'subject,body,received_at,complainant\ny,late at once,2026-05-30 00:00,Y\n' > y.csv
xf-intake x.csv > /dev/null 2>&1
HOOK="xf-intake $T/y.csv > /dev/null 2>&1" mailrun 01:15
is "$rc|$(log)" "0|01:15 XF-2026-000001" "the alert names the one late when it was made"
is "$(db "select group_concat(complaint_id) from event where kind = 'alert'")" 1 \
    "only what was mailed is recorded, not the one that came meanwhile"
mailrun 01:30
is "$(log | tail -1)" "01:30 XF-2026-000002" "the next run mails it"

# --- usage ------------------------------------------------------------------------------------
run xf-status overdue --alert --escalate
is "$rc" 2 "--alert with --escalate: usage"
run xf-status overdue --alert --within 1h
is "$rc" 2 "--alert with --within: usage"
run env XF_NOW=2026-06-01T03:00:00Z "$CRON/xf-overdue-mail" --within 1h
is "$rc" 1 "xf-overdue-mail --within without --digest: refused"
grep -v '^#' "$CRON/crontab.example" | grep . > tab
is "$(grep -c '^0[[:space:]]\{1,\}8[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}xf-overdue-mail --digest' tab)" \
    1 "crontab.example: the digest daily at 08:00"
