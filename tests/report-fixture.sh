# tests/report-fixture.sh: sourced by the xf-report tests after lib.sh.
# A store built by the commands themselves, the clock pinned at every
# step, around the week of Monday 2026-03-02 (W: 03-02 00:00 to 03-09
# 00:00 UTC).  The policy is calendar days (acknowledge in 1 day,
# resolve in 3, so every deadline is a sum a reader can check) and the
# calendar 09:00-18:00 Monday to Friday for the business hours.
#
#   C1 web    received 02-26 12:00, accepted 02-27 10:00 (due 03-02
#             10:00), amy's; resolved 03-03 10:00 (late), closed 03-04,
#             reopened 03-06 10:00, resolved again 03-06 12:00.
#   C2 email  received 02-27 08:00, accepted 02-27 10:00, bob's;
#             waits 03-01 10:00 to 03-04 10:00 (across the start of W:
#             due moves 3 days, to 03-05 10:00); resolved 03-05 09:00.
#   C3 phone  received 02-27 08:30, accepted 02-27 10:00, amy's;
#             extended 03-02 08:00 by 5 days (due 03-07 10:00), still in
#             progress at the end of W (late since 03-07 10:00),
#             escalated 03-08;
#             re-assigned to carol 03-10, resolved 03-11.
#   C4 web    received 03-03 08:00, accepted 03-04 10:00 (acknowledge
#             by 03-04 08:00: late), flagged legal, approved 03-05
#             10:00, carol's, resolved 03-05 12:00 (due 03-07 10:00).
#   C5 web    received 03-03 08:30, rejected 03-04 10:00.
#   C6 web    received 03-04 08:00, never touched, so no deadline of its
#             own (none recorded) but escalated 03-08 on the policy's;
#             accepted 03-10.
#   C7 letter received 03-08 10:00 but registered only 03-10: counted
#             in W's report made after 03-10, not in one as of 03-09.

XF_POLICY=$PWD/policy.tsv
XF_CALENDAR=$PWD/calendar.tsv
# The store has handlers: the steps nobody in particular takes are
# automation's, a name starting "xf-"; an approval, a rejection and a
# legal review are the people's whose roles allow them (xf-status(1),
# ROLES): lin leads support, lee is the lawyer.
XF_ACTOR=xf-test
export XF_POLICY XF_CALENDAR XF_ACTOR
printf 'category\tpriority\tack\tresolve\tclock\tescalate\n*\t*\t1d\t3d\tcalendar\t1d\n' \
    > policy.tsv
printf 'hours\t09:00-18:00\ndays\tmon-fri\n' > calendar.tsv

# at TIME cmd...: cmd with the clock at TIME (UTC), its output dropped;
# the fixture fails loudly if a step does.
at() {
	_t=$1
	shift
	if ! env XF_NOW="$_t" "$@" > /dev/null 2> "$T/.at"; then
		echo "Bail out! fixture step failed at $_t: $*"
		cat "$T/.at"
		exit 1
	fi
}

for _h in amy bob carol; do
	at 2026-02-20T00:00:00Z xf-assign handler add --team support "$_h"
done
at 2026-02-20T00:00:00Z xf-assign handler add --team support --role lead lin
at 2026-02-20T00:00:00Z xf-assign handler add --team legal --role legal lee
cat > b1.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-02-26 12:00,web,Ann Li,ann@example.com,app crash,the app crashes
2026-02-27 08:00,email,Bo Wu,bo@example.com,refund,I want my money
2026-02-27 08:30,phone,Cy Ma,13800000000,late parcel,it is late
EOF2
at 2026-02-27T09:00:00Z xf-intake b1.csv
at 2026-02-27T10:00:00Z xf-status accept 1 2 3
at 2026-02-27T10:00:00Z xf-assign --to amy -m 'app' 1
at 2026-02-27T10:00:00Z xf-assign --to bob -m 'money' 2
at 2026-02-27T10:00:00Z xf-assign --to amy -m 'parcel' 3
at 2026-02-27T10:00:00Z xf-classify set --category technical -m 'crash' 1
at 2026-02-27T10:00:00Z xf-classify set --category billing -m 'refund' 2
at 2026-02-27T10:00:00Z xf-classify set --category delivery -m 'parcel' 3
at 2026-02-27T11:00:00Z env XF_ACTOR=amy xf-status start 1 3
at 2026-02-27T11:00:00Z env XF_ACTOR=bob xf-status start 2
at 2026-03-01T10:00:00Z xf-status wait -m 'need the invoice' 2
at 2026-03-02T08:00:00Z xf-status extend --days 5 --approver lin \
    -m 'waiting on the carrier' 3
at 2026-03-03T10:00:00Z xf-status resolve -m 'fixed' 1
cat > b2.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-03-03 08:00,web,Di Xu,di@example.com,data leak,my data was shown
2026-03-03 08:30,web,Ed Qi,ed@example.com,spam,not a complaint
2026-03-04 08:00,web,Fa Lu,fa@example.com,slow app,the app is slow
EOF2
at 2026-03-04T09:00:00Z xf-intake b2.csv
at 2026-03-04T09:00:00Z xf-status close 1
at 2026-03-04T10:00:00Z xf-status accept 4
at 2026-03-04T10:00:00Z env XF_ACTOR=lin xf-status reject -m 'not ours' 5
at 2026-03-04T10:00:00Z xf-status resume 2
at 2026-03-04T11:00:00Z xf-classify set --category privacy --flag +legal \
    -m 'personal data' 4
at 2026-03-04T11:00:00Z xf-assign --to carol -m 'legal' 4
at 2026-03-05T09:00:00Z xf-status resolve -m 'refunded' 2
at 2026-03-05T10:00:00Z env XF_ACTOR=lee xf-status review --approve \
    -m 'reply checked' 4
at 2026-03-05T11:00:00Z env XF_ACTOR=carol xf-status start 4
at 2026-03-05T12:00:00Z xf-status resolve -m 'answered' 4
at 2026-03-06T10:00:00Z xf-status reopen -m 'crashes again' 1
at 2026-03-06T12:00:00Z xf-status resolve -m 'fixed again' 1
at 2026-03-08T10:00:00Z xf-status escalate

# after_week: what happens after W, which no figure of W may show.
after_week() {
	cat > b3.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-03-08 10:00,letter,Gu Yi,gu@example.com,letter,a letter
EOF2
	at 2026-03-10T09:00:00Z xf-intake b3.csv
	at 2026-03-10T10:00:00Z xf-assign --to carol -m 'amy away' 3
	at 2026-03-10T10:00:00Z xf-classify set --category billing \
	    -m 'a refund after all' 3
	at 2026-03-10T10:00:00Z xf-status accept 6
	at 2026-03-10T10:00:00Z xf-status close 2
	at 2026-03-11T10:00:00Z xf-status resolve -m 'delivered' 3
}
