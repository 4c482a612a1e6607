#!/bin/sh
# scripts/cron: xf-overdue-mail mails only when a complaint reached a new
# level of lateness (one mail, To and Subject right, the refs in the body)
# and escalates on the way, and with --digest mails all still late;
# xf-weekly-mail mails xf-report's HTML, and without xf-report fails
# saying so.  sendmail is a fake that keeps what it is given.  (Many
# runs, levels and the digest in depth: tests/0079.)
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 55

CRON=$XF_ROOT/scripts/cron

# The fake mailer: each mail in sent/mail.N, its arguments in sent/args.N.
mkdir sent
cat > fake-sendmail <<'EOF'
#!/bin/sh
n=$(($(ls "$SENT" | grep -c '^mail\.') + 1))
printf '%s\n' "$*" > "$SENT/args.$n"
cat > "$SENT/mail.$n"
EOF
chmod +x fake-sendmail
SENT=$T/sent
SENDMAIL=$T/fake-sendmail
XF_ALERT_TO=leads@example.com
XF_REPORT_TO=managers@example.com
export SENT SENDMAIL XF_ALERT_TO XF_REPORT_TO

nmail() {
	ls sent | grep -c '^mail\.'
}

# header N NAME: the value of a header of mail N.
header() {
	sed -n "/^\$/q; s/^$2: //p" "sent/mail.$1"
}

# body N: the body of mail N.
body() {
	sed '1,/^$/d' "sent/mail.$1"
}

export XF_NOW=2026-05-01T12:00:00Z
cat > c.csv <<'EOF'
subject,body,received_at
Charged twice,Refund the second charge,2026-05-01
噪音扰民,楼下工地夜间施工,2026-05-10 09:00
EOF
check "import two complaints" env XF_NOW=2026-05-10T12:00:00Z xf-intake c.csv
db "UPDATE complaint SET team = 'support' WHERE id = 1"
check "carol leads support" xf-assign handler add --team support --role lead carol

# --- nothing overdue: no mail, no output ---------------------------------------------
run env XF_NOW=2026-05-10T00:00:00Z "$CRON/xf-overdue-mail"
is "$rc|$(cat stdout)|$(cat stderr)" "0||" "nothing overdue: exit 0, silent"
is "$(nmail)" 0 "nothing overdue: no mail"

# --- the mailer fails: no escalation recorded ------------------------------------------
# Complaint 1 is due for escalation to carol; the alert saying so is
# not delivered, so the escalation must not be recorded either.
run env SENDMAIL=false XF_NOW=2026-05-19T09:45:00Z "$CRON/xf-overdue-mail"
is "$rc.$(nmail)" "1.0" "mailer failing at an escalation: exit 1, no mail"
like "$(cat stderr)" "*false -t failed*no alert or escalation was recorded*" \
    "mailer failing at an escalation: said so"
is "$(db "select count(*) from event where kind = 'escalate'")" 0 \
    "mailer failing: the escalation is not recorded"

# --- one overdue: one mail -------------------------------------------------------------
# Complaint 1 was to be acknowledged within 15 days, by 16 May 00:00; more
# than 3 days late it is escalated (level 1) to carol, lead of support.
run env XF_NOW=2026-05-19T10:00:00Z "$CRON/xf-overdue-mail"
is "$rc|$(cat stdout)|$(cat stderr)" "0||" "one overdue: exit 0, nothing printed"
is "$(nmail)" 1 "one overdue: one mail"
is "$(cat sent/args.1)" "-t" "sendmail -t: the recipients from the headers"
is "$(header 1 To)" "leads@example.com" "To: XF_ALERT_TO"
is "$(header 1 Subject)" "xf: 1 complaint overdue" "Subject with the count"
is "$(header 1 Content-Type)" "text/plain; charset=UTF-8" "plain UTF-8 text"
is "$(header 1 Auto-Submitted)" "auto-generated" "marked as automatic"
body 1 > got
like "$(cat got)" "*XF-2026-000001  acknowledge  2026-05-16T00:00:00+00:00  3d10h*" \
    "the ref, deadline, due time and lateness in the body"
like "$(head -1 got)" "ref *deadline *due_at *late *priority *status *assignee *team *level *to" \
    "the body is the aligned table of overdue --alert"
like "$(grep XF-2026-000001 got)" "*support  1  *carol*" \
    "the body says it was escalated to carol"
is "$(grep -c XF-2026-000002 got)" 0 "the other complaint is not overdue"
is "$(db "select new from event where kind = 'escalate'")" "1" \
    "the escalation was recorded"
is "$(db "select at from event where kind = 'escalate'")" 1779184800 \
    "recorded at the time of the alert (2026-05-19T10:00:00Z)"

# --- again a quarter of an hour later: same level, no mail ----------------------------
# (It used to be mailed again every 15 minutes; now once per level.)
run env XF_NOW=2026-05-19T10:15:00Z "$CRON/xf-overdue-mail"
is "$rc|$(cat stdout)|$(cat stderr)|$(nmail)" "0|||1" \
    "still overdue at the same level: no mail, silent"
is "$(db "select count(*) from event where kind = 'escalate'")" 1 \
    "no second escalation of the same level"

# --- a new one without a lead, in another zone ------------------------------------------
# Complaint 2 (team billing, which has no lead) is more than 3 days past
# its acknowledge deadline (25 May 09:00): level 1, with nobody to tell.
# Complaint 1 is still at level 1: not in this alert.
db "UPDATE complaint SET team = 'billing' WHERE id = 2"
run env XF_NOW=2026-05-29T00:00:00Z XF_TZ=Asia/Shanghai "$CRON/xf-overdue-mail"
is "$rc" 1 "an escalation without a team lead: exit 1"
like "$(cat stderr)" "*XF-2026-000002: no team lead*" "the missing lead on stderr"
is "$(nmail)" 2 "still mailed"
is "$(header 2 Subject)" "xf: 1 complaint overdue" "Subject: 1 complaint, the new one"
like "$(body 2)" "*XF-2026-000002*2026-05-25T17:00:00+08:00*" "times in XF_TZ"
is "$(body 2 | grep -c XF-2026-000001)" 0 "complaint 1, no new level: not in it"
# The digest: both, most late first, nothing recorded.
n=$(db "select count(*) from event")
run env XF_NOW=2026-05-29T00:00:00Z XF_TZ=Asia/Shanghai "$CRON/xf-overdue-mail" --digest
is "$rc|$(cat stderr)|$(nmail)" "0||3" "--digest: one mail, silent"
is "$(header 3 Subject)" "xf: digest, 2 complaints overdue" "Subject: digest, 2 complaints"
like "$(body 3)" "*XF-2026-000001*XF-2026-000002*" "the digest: both refs, most late first"
is "$(db "select count(*) from event")" "$n" "the digest records nothing"

# --- arguments go to xf-status overdue -------------------------------------------------------
run env XF_NOW=2026-05-19T10:00:00Z "$CRON/xf-overdue-mail" -t nosuch
is "$rc|$(nmail)" "0|3" "-t nosuch: nothing of that team, no mail"
run env XF_NOW=2026-05-19T10:00:00Z "$CRON/xf-overdue-mail" --digest --within 7d
is "$(header 4 Subject)" "xf: digest, 2 complaints overdue or due soon" \
    "--digest --within: the Subject says due soon too"
run env XF_NOW=2026-05-19T10:00:00Z "$CRON/xf-overdue-mail" --within 7d
is "$rc|$(nmail)" "1|4" "--within without --digest: refused (an alert is of deadlines missed)"

# --- failures ---------------------------------------------------------------------------------
n=$(nmail)
run env XF_ALERT_TO= XF_NOW=2026-05-21T00:00:00Z "$CRON/xf-overdue-mail"
is "$rc|$(nmail)" "2|$n" "XF_ALERT_TO unset: exit 2, no mail"
like "$(cat stderr)" "*XF_ALERT_TO*" "XF_ALERT_TO unset: said so"
run env XF_ALERT_TO="$(printf 'a@b\nBcc: all@example.com')" \
    XF_NOW=2026-05-21T00:00:00Z "$CRON/xf-overdue-mail"
is "$rc|$(nmail)" "2|$n" "a line break in XF_ALERT_TO: refused"
run env SENDMAIL=false XF_NOW=2026-05-21T00:00:00Z "$CRON/xf-overdue-mail" --digest
is "$rc" 1 "sendmail failing: exit 1"
like "$(cat stderr)" "*false -t failed*digest was not sent*" "sendmail failing: said so"
run env XF_DB="$T/none.db" XF_NOW=2026-05-21T00:00:00Z "$CRON/xf-overdue-mail"
is "$rc|$(nmail)" "1|$n" "no store: exit 1, no mail"
like "$(cat stderr)" "*none.db*" "no store: xf-status's message passed on"

# --- the weekly report -----------------------------------------------------------------------
# Without xf-report on PATH: a clear error, no mail.  (The commands'
# folder has one now: a folder of all the others stands in for it.)
mkdir noreport
for f in "$T"/.bin/xf-*; do
	[ "${f##*/}" = xf-report ] || ln -s "$f" noreport/
done
run env PATH="$T/noreport:/usr/bin:/bin" "$CRON/xf-weekly-mail"
is "$rc|$(nmail)" "1|$n" "no xf-report: exit 1, no mail"
like "$(cat stderr)" "xf-weekly-mail: xf-report: command not found*" \
    "no xf-report: the message names what is missing"
mkdir fake
cat > fake/xf-report <<'EOF'
#!/bin/sh
printf '%s\n' "$*" > "$SENT/report-args"
printf '<html><body><h1>周报</h1><p>42 complaints</p></body></html>\n'
EOF
chmod +x fake/xf-report
run env PATH="$T/fake:$PATH" "$CRON/xf-weekly-mail"
is "$rc|$(cat stderr)|$(nmail)" "0||$((n + 1))" "with xf-report: one mail"
n=$(nmail)
is "$(cat sent/report-args)" "weekly -o html" "xf-report weekly -o html"
is "$(header "$n" To)|$(header "$n" Content-Type)" \
    "managers@example.com|text/html; charset=UTF-8" "To: XF_REPORT_TO, as HTML"
is "$(header "$n" Subject)" "xf: weekly report, 2026-05-01" \
    "Subject: the weekly report and the day, on the pinned clock"
run env PATH="$T/fake:$PATH" XF_NOW=2026-05-03T20:00:00Z \
    XF_TZ=Asia/Shanghai "$CRON/xf-weekly-mail"
n=$(nmail)
is "$(header "$n" Subject)" "xf: weekly report, 2026-05-04" \
    "Subject: the day in XF_TZ (Monday already in Beijing)"
if [ "$(header "$n" Content-Transfer-Encoding)" = base64 ]; then
	body "$n" | base64 -d > got
else
	body "$n" > got
fi
like "$(cat got)" "*<h1>周报</h1>*" "the report is the body, intact"
printf '#!/bin/sh\nexit 3\n' > fake/xf-report
run env PATH="$T/fake:$PATH" "$CRON/xf-weekly-mail"
is "$rc|$(nmail)" "1|$n" "xf-report failing: exit 1, no mail"
run env XF_REPORT_TO= PATH="$T/fake:$PATH" "$CRON/xf-weekly-mail"
is "$rc|$(nmail)" "2|$n" "XF_REPORT_TO unset: exit 2"
# The real xf-report, on the store of this test: one mail of HTML.
run "$CRON/xf-weekly-mail"
[ "$rc" = 0 ] || diag_file stderr
is "$rc|$(nmail)" "0|$((n + 1))" "the real xf-report: one mail"
n=$(nmail)

# --- the crontab example ------------------------------------------------------------------------
grep -v '^#' "$CRON/crontab.example" | grep . > tab
is "$(grep -c '^\*/15[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}xf-overdue-mail' tab).$(grep -c '^0[[:space:]]\{1,\}8[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}1[[:space:]]\{1,\}xf-weekly-mail' tab)" \
    "1.1" "crontab.example: every 15 minutes, and Monday 08:00"
is "$(grep -c -e '^PATH=' -e '^XF_DB=' -e '^XF_TZ=' tab)" 3 \
    "crontab.example: PATH, XF_DB and XF_TZ set"
