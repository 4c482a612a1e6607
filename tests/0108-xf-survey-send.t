#!/bin/sh
# xf-survey send (issue 14, point 4): one survey to each complaint
# resolved --after ago with a contact a person reads, queued in the
# outbox with an unguessable token; never to robots, at most one a
# contact a period, never twice to a complaint; quiet when there is
# nothing to send; the complaints found by the window's resolve events,
# not a read of the whole store.
. "$(dirname "$0")/lib.sh"
# The moves' own notices off: the outbox holds the surveys alone (0100).
export XF_NOTIFY=off

plan 50

cat > a.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-05-30 10:00,email,张三,zhangsan@example.com,退款,申请退款两周了还没到账
2026-05-30 11:00,web,Bob,Bob@Example.com,Refund,my refund is late
2026-05-30 12:00,email,Robot,MAILER-DAEMON@example.com,Bounce,undeliverable
2026-05-30 12:30,email,Noreply,no-reply@shop.example,Order,order 1234
2026-05-30 13:00,phone,李四,+86 138-0013-8000,快递,快递丢失
2026-05-30 14:00,web,Bob again,  bob@example.com ,Second,another problem
2026-05-30 15:00,web,nobody,,No contact,nothing
2026-05-30 16:00,social,王五,8613800138000,差评,客服态度差
2026-05-30 17:00,email,Carol,carol@example.com,Still open,not resolved yet
EOF2
xf-intake -q a.csv > /dev/null

# resolve REF...: accepted, started and resolved now.
resolve() {
	for _r; do
		xf-status accept "$_r" > /dev/null &&
		    xf-status start "$_r" > /dev/null &&
		    xf-status resolve -m done "$_r" > /dev/null || return 1
	done
}
check "eight complaints resolved" resolve XF-2026-000001 XF-2026-000002 \
    XF-2026-000003 XF-2026-000004 XF-2026-000005 XF-2026-000006 \
    XF-2026-000007 XF-2026-000008
xf-status close XF-2026-000002 > /dev/null

# --- usage ---------------------------------------------------------------------
exit_is 0 "--help: exit 0" xf-survey --help
like "$(head -n 1 stdout)" "usage: xf-survey *send*" "--help: the usage on stdout"
exit_is 2 "a mistyped verb: exit 2" xf-survey sned
like "$(cat stderr)" "*did you mean 'send'*" "a mistyped verb: a suggestion"
exit_is 2 "no verb: exit 2" xf-survey

# --- too early: quiet --------------------------------------------------------
exit_is 0 "resolved an hour ago: exit 0" env XF_NOW=2026-06-01T01:00:00Z \
    xf-survey send
is "$(cat stdout stderr)" "" "resolved an hour ago: nothing sent, nothing said"
is "$(db 'select count(*) from survey') $(db 'select count(*) from outbox')" \
    "0 0" "resolved an hour ago: no survey, no outbox row"

# --- a dry run -------------------------------------------------------------------
export XF_NOW=2026-06-02T01:00:00Z
exit_is 0 "-n: exit 0" xf-survey send -n
is "$(cut -f1,2 stdout | tr '\t\n' ' ')" \
    "ref channel XF-2026-000001 email XF-2026-000002 email XF-2026-000005 phone " \
    "-n: what would be sent"
is "$(db 'select count(*) from survey') $(db 'select count(*) from outbox')" \
    "0 0" "-n: nothing kept"

# --- the send -----------------------------------------------------------------------
exit_is 0 "a day later: exit 0" xf-survey send
cat > want <<'EOF2'
ref	channel	resolved	outbox
XF-2026-000001	email	2026-06-01T00:00:00+00:00	1
XF-2026-000002	email	2026-06-01T00:00:00+00:00	2
XF-2026-000005	phone	2026-06-01T00:00:00+00:00	3
EOF2
same_file want stdout "one survey a reachable contact, in order of resolution"
is "$(cat stderr)" "" "nothing on stderr"
is "$(db "select count(*) from outbox where kind = 'survey'")" 3 \
    "three survey notices in the outbox"
is "$(db 'select group_concat(complaint_id) from survey')" "1,2,5" \
    "a survey row each, closed ones too"
is "$(db 'select count(*) from survey where complaint_id in (3, 4)')" 0 \
    "mailer-daemon and no-reply are never surveyed"
is "$(db 'select count(*) from survey where complaint_id = 7')" 0 \
    "no contact: no survey"
is "$(db 'select count(*) from survey where complaint_id = 9')" 0 \
    "not resolved: no survey"
is "$(db 'select count(*) from survey where complaint_id = 6')" 0 \
    "Bob again (same address, other case and spaces): the per-contact limit"
is "$(db 'select count(*) from survey where complaint_id = 8')" 0 \
    "8613800138000 is +86 138-0013-8000: the per-contact limit"
is "$(db 'select group_concat(contact, " ") from (select contact from survey order by id)')" \
    "zhangsan@example.com bob@example.com 13800138000" \
    "contacts kept normalised"

# --- the token ------------------------------------------------------------------
is "$(db "select count(*) from survey where token glob
    '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'")" \
    3 "each token is 32 hex digits (128 bits)"
is "$(db 'select count(distinct token) from survey')" 3 "tokens differ"
if grep -q "$(db 'select token from survey limit 1')" stdout; then
	fail "the token is not printed without --token"
else
	pass "the token is not printed without --token"
fi
is "$(db 'select group_concat(s.outbox_id = o.id) from survey s join outbox o on o.complaint_id = s.complaint_id')" \
    "1,1,1" "each survey names its outbox row"
is "$(db "select subject from outbox where complaint_id = 2")" \
    "[XF-2026-000002] How did we do?" "English complaint: English survey"
is "$(db "select subject from outbox where complaint_id = 1")" \
    "[XF-2026-000001] 满意度回访" "Chinese complaint: Chinese survey"
like "$(db "select body from outbox where complaint_id = 1")" \
    "*回复1-5分*" "the survey asks for a reply of 1-5"
is "$(db "select group_concat(kind || ':' || new, ' ') from event where complaint_id = 1 and at = strftime('%s', '2026-06-02T01:00:00')")" \
    "notice:survey survey:sent" "events: the notice and the survey"
if db "select reason from event where kind in ('notice', 'survey')" | grep -q '@'; then
	fail "no address in an event"
else
	pass "no address in an event"
fi

# --- a second send: nothing ----------------------------------------------------------
exit_is 0 "a second send: exit 0" xf-survey send
is "$(cat stdout stderr)" "" "a second send: nothing sent, nothing said"
is "$(db 'select count(*) from survey')" 3 "a second send: still three surveys"

# --- the per-contact period -----------------------------------------------------------
XF_NOW=2026-06-20T00:00:00Z xf-survey send > stdout 2> stderr
is "$(cat stdout stderr)" "" "19 days later: Bob's second complaint still waits"
XF_NOW=2026-06-20T00:00:00Z xf-survey send --per-contact 7d --token > stdout
is "$(cut -f1,2 stdout | tr '\t\n' ' ')" \
    "ref channel XF-2026-000006 email XF-2026-000008 social " \
    "--per-contact 7d: the others are sent"
like "$(tail -n 1 stdout | cut -f5)" \
    "$(db 'select token from survey where complaint_id = 8')" \
    "--token prints the token, for a web form"

# --- the link -----------------------------------------------------------------------------
fresh_db
xf-intake -q a.csv > /dev/null
XF_NOW=2026-06-01T00:00:00Z resolve XF-2026-000001
XF_SURVEY_URL='https://survey.example.com/s/{token}?lang=zh' xf-survey send > /dev/null
tok=$(db 'select token from survey')
like "$(db 'select body from outbox')" "*https://survey.example.com/s/$tok?lang=zh*" \
    "XF_SURVEY_URL: the link with the token"
exit_is 2 "--url without {token}: exit 2" xf-survey send --url https://x.example/
like "$(cat stderr)" "*no {token}*" "--url without {token}: says so"

# --- bad options -----------------------------------------------------------------------------
exit_is 2 "--after 3 parsecs: exit 2" xf-survey send --after 3parsecs
exit_is 2 "--within not longer than --after: exit 2" xf-survey send \
    --after 10d --within 5d

# --- the query's plan: the window's events, each complaint by its id -------------------
XF_EXPLAIN=1 xf-survey send -n 2> explain > /dev/null
awk '/plan: SELECT c.id, c.ref, c.contact/ { on = 1; next }
    on && /plan:   / { sub(/^.*plan:   /, ""); print; next } { on = 0 }' \
    explain > plan
if grep -q 'event USING COVERING INDEX event_at' plan &&
    grep -q 'SEARCH c USING INTEGER PRIMARY KEY' plan &&
    ! grep -q '^SCAN c\( \|$\)' plan && ! grep -q '^SCAN complaint' plan; then
	pass "send reads the window's resolve events, not every complaint"
else
	fail "send reads the window's resolve events, not every complaint"
	diag_file plan
fi

# --- no template: a configuration error, nothing sent ----------------------------------
fresh_db
xf-intake -q a.csv > /dev/null
XF_NOW=2026-06-01T00:00:00Z resolve XF-2026-000001 XF-2026-000002
mkdir empty
exit_is 2 "no survey template: exit 2" env XF_TEMPLATES=$T/empty xf-survey send
like "$(cat stderr)" "*survey*" "no survey template: says which"
is "$(db 'select count(*) from survey') $(db 'select count(*) from outbox')" \
    "0 0" "no survey template: nothing queued, not even the first"

# --- two sends at once: each complaint surveyed once ------------------------------------
xf-survey send > one.out 2> one.err &
xf-survey send > two.out 2> two.err
wait $!
is "$(cat one.err two.err)" "" "two sends at once: no error"
is "$(db 'select count(*) from survey') $(db 'select count(*) from outbox') $(cat one.out two.out | grep -c '^XF-')" \
    "2 2 2" "two sends at once: two surveys, two notices, each printed once"

# --- cron ------------------------------------------------------------------------------------
grep -v '^#' "$XF_ROOT/scripts/cron/crontab.example" | grep . > tab
is "$(grep -c '^0[[:space:]]\{1,\}7[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}\*[[:space:]]\{1,\}xf-survey send' tab)" \
    1 "crontab.example: surveys sent daily at 07:00"
