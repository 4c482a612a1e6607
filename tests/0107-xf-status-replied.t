#!/bin/sh
# A reply from the complainant while the complaint waits on them resumes
# it through the lifecycle (the clock and the due date move as a
# person's resume would move them), and xf-status list --replied shows
# the complaints with a reply the handler has not acted on since (issue
# 14): a reply is an inbound message the intake took as the
# complainant's, or one a person confirmed; an action is any event but
# the intake's, the machines' and the trust events, or an outgoing
# message.  Both list filters stay on their indexes.
. "$(dirname "$0")/lib.sh"
# The replies' own events, not the notices the moves queue (0100).
export XF_NOTIFY=off

plan 35

DAY=86400
NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z

summary() {
	echo "xf-intake: read 1, created 0, attached $1, reopened $2, $3auto-replies 0, duplicate 0, rejected 0"
}

# reply FILE MESSAGE-ID SUBJECT BODY [FROM]
reply() {
	{
		printf 'From: %s\n' "${5:-张三 <zhangsan@example.com>}"
		printf 'Subject: %s\nDate: Sun, 31 May 2026 08:00:00 +0000\n' "$3"
		printf 'Message-ID: <%s>\n' "$2"
		printf 'Content-Type: text/plain; charset=UTF-8\n\n%s\n' "$4"
	} > "$1"
}

replied() {
	xf-status list --replied "$@" | tail -n +2 | cut -f1 | tr '\n' ' '
}

reply a.eml a1@example.com '夜间施工噪音' '很吵'
reply b.eml b1@example.com 'street light' 'out' 'Li Si <lisi@example.com>'
xf-intake -q a.eml b.eml > /dev/null
xf-status accept XF-2026-000001 XF-2026-000002 > /dev/null
xf-status start XF-2026-000001 XF-2026-000002 > /dev/null
run xf-status list --replied
is "$rc.$(cat stdout)" "0." "--replied: no reply yet, nothing listed"

# --- a reply while waiting resumes ------------------------------------------------
env XF_NOW=2026-06-02T00:00:00Z xf-status wait -m '请提供发票' XF-2026-000001 > /dev/null
due0=$(db "select due from complaint where id = 1")
is "$(db "select status || ' ' || paused_since from complaint where id = 1")" \
    "waiting $((NOW + DAY))" "complaint 1 waits on the complainant"
reply t1.eml t1@example.com 'Re: [XF-2026-000001]' '谢谢！'
run env XF_NOW=2026-06-03T00:00:00Z xf-intake t1.eml
is "$rc.$(cat stderr).$(db "select status from complaint where id = 1")" \
    "0.$(summary 1 0 '').waiting" "a bare thank-you while waiting: attached, still waiting"
reply r1.eml r1@example.com 'Re: [XF-2026-000001] 发票' '发票号 12345'
run env XF_NOW=2026-06-05T00:00:00Z xf-intake -v r1.eml
is "$rc" 0 "a reply while waiting: exit 0"
is "$(cat stdout)" "" "a reply while waiting: no row"
is "$(cat stderr)" "xf-intake: r1.eml: XF-2026-000001: resumed: the complainant replied while it waited on them
$(summary 0 0 'resumed 1, ')" "a reply while waiting: -v says resumed; counted as resumed"
is "$(db "select status || ' ' || coalesce(paused_since, 'NULL') || ' ' ||
    paused_seconds || ' ' || updated_at from complaint where id = 1")" \
    "in_progress NULL $((3 * DAY)) $((NOW + 4 * DAY))" \
    "resumed: in_progress, the pause of 3 days counted"
is "$(db "select due - $due0 from complaint where id = 1")" "$((3 * DAY))" \
    "resumed: the due date moved on by the pause"
is "$(db "select kind || '|' || coalesce(field, '') || '|' || coalesce(old, '') ||
    '|' || coalesce(new, '') || '|' || coalesce(reason, '') from event
    where complaint_id = 1 and id > (select max(id) from event
    where complaint_id = 1 and kind = 'wait') and kind <> 'message'
    and kind <> 'evidence' order by id")" \
    "resume|status|waiting|in_progress|the complainant replied by e-mail while it waited on them
deadline|due|$due0|$((due0 + 3 * DAY))|policy.tsv:26 calendar: acknowledge 15d, resolve 60d, paused 3d" \
    "resumed: a resume event that says why, and the deadline event of the policy"
is "$(db "select kind from event where complaint_id = 1 order by id desc limit 1")" \
    message "resumed: the message event comes last"
# The same as a person's resume: the policy's clock.
env XF_NOW=2026-06-02T00:00:00Z xf-status wait -m 'more' XF-2026-000002 > /dev/null
due2=$(db "select due from complaint where id = 2")
env XF_NOW=2026-06-05T00:00:00Z xf-status resume XF-2026-000002 > /dev/null
is "$(db "select due - $due2 from complaint where id = 2")" "$((3 * DAY))" \
    "a person's resume moves the due date alike"
# A policy in business hours: the resume counts the pause on its clock.
printf 'category\tpriority\tack\tresolve\tclock\tescalate\n*\t*\t1d\t3d\tbusiness\t1d\n' > pol.tsv
env XF_NOW=2026-06-05T00:00:00Z xf-status wait -m 'again' XF-2026-000001 > /dev/null
reply r2.eml r2@example.com 'Re: [XF-2026-000001]' 'here it is'
env XF_NOW=2026-06-06T00:00:00Z XF_POLICY=pol.tsv xf-intake -q r2.eml
like "$(db "select kind || ' ' || reason from event where complaint_id = 1 and
    kind = 'deadline' order by id desc limit 1")" \
    "deadline pol.tsv:2 business: acknowledge 1d, resolve 3d, paused *" \
    "the intake's resume takes \$XF_POLICY, as xf-status resume"
reply r3.eml r3@example.com 'Re: [XF-2026-000001]' 'more'
env XF_NOW=2026-06-07T00:00:00Z xf-status wait -m w XF-2026-000001 > /dev/null
run env XF_POLICY=missing.tsv XF_NOW=2026-06-08T00:00:00Z xf-intake r3.eml
is "$rc.$(db "select status from complaint where id = 1").$(db "select count(*)
    from message where message_id = 'r3@example.com'")" "75.waiting.0" \
    "no policy to resume by: exit 75, nothing stored (the mail server retries)"
run env XF_NOW=2026-06-08T00:00:00Z xf-intake r3.eml
is "$rc.$(db "select status from complaint where id = 1")" "0.in_progress" \
    "with the policy back, the retry resumes it"

# --- list --replied -----------------------------------------------------------------
is "$(replied)" "XF-2026-000001 " "--replied: the complaint with a reply since the handler's last action"
env XF_NOW=2026-06-09T00:00:00Z xf-status note -m 'called back' XF-2026-000001 > /dev/null
is "$(replied)" "" "--replied: a note by the handler answers it"
reply r4.eml r4@example.com 'Re: [XF-2026-000001]' 'Any news?'
env XF_NOW=2026-06-10T00:00:00Z xf-intake -q r4.eml
is "$(replied)" "XF-2026-000001 " "--replied: a new reply, listed again"
env XF_NOW=2026-06-10T00:00:00Z xf-status resolve -m 'fixed' XF-2026-000001 > /dev/null
is "$(replied)" "" "--replied: resolving it is an action (same second as the reply)"
reply r5.eml r5@example.com 'Re: [XF-2026-000001]' 'Not fixed!'
env XF_NOW=2026-06-11T00:00:00Z xf-intake -q r5.eml
is "$(replied)" "XF-2026-000001 " "--replied: a reply that reopened it is listed (its reopen is no action)"
# Machines' and the intake's events are no answer.
xf-assign handler add --team support --role lead lead > /dev/null
XF_ACTOR=lead xf-assign handler add --team support bob > /dev/null
# The store has handlers now: bob acts, the mail comes in as xf-mail
# (xf-status(1), ROLES).
XF_ACTOR=bob
env XF_NOW=2026-06-12T00:00:00Z XF_ACTOR=lead xf-assign -f --to bob \
    -m 'bob knows the site' XF-2026-000001 > /dev/null
is "$(replied)" "XF-2026-000001 " "--replied: an assignment is no answer"
is "$(replied --assignee bob).$(replied --assignee nobody)" "XF-2026-000001 ." \
    "--replied with --assignee"
is "$(replied -s in_progress).$(replied -s waiting)" "XF-2026-000001 ." \
    "--replied with -s"
# An outgoing message (as xf-notify stores one) answers it.
db "insert into message (complaint_id, direction, at, registered_at, body, source,
    dedupe_key, raw, raw_size) values (1, 'out', $((NOW + 12 * DAY)),
    $((NOW + 12 * DAY)), 'we are on it', 'test', x'0301', x'', 0)" > /dev/null
is "$(replied)" "" "--replied: an outgoing message after the reply answers it"

# A stranger's message is no reply until confirmed; refused, never.
reply s1.eml s1@evil.example 'Re: [XF-2026-000002]' 'hello' 'x@evil.example'
env XF_NOW=2026-06-13T00:00:00Z XF_ACTOR=xf-mail xf-intake -q s1.eml 2> /dev/null
is "$(replied)" "" "--replied: an unverified message is not a reply"
is "$(xf-status list --unverified | tail -n +2 | cut -f1)" XF-2026-000002 \
    "--unverified lists it"
env XF_NOW=2026-06-14T00:00:00Z xf-status confirm XF-2026-000002 > /dev/null
is "$(replied)" "XF-2026-000002 " "--replied: confirmed, it is a reply"
env XF_NOW=2026-06-14T00:00:00Z xf-status note -m read XF-2026-000002 > /dev/null
reply s2.eml s2@evil.example 'Re: [XF-2026-000002]' 'spam' 'y@evil.example'
env XF_NOW=2026-06-15T00:00:00Z XF_ACTOR=xf-mail xf-intake -q s2.eml 2> /dev/null
env XF_NOW=2026-06-15T00:00:00Z xf-status refuse XF-2026-000002 > /dev/null
is "$(replied)" "" "--replied: a refused message is no reply"
# Closed ones are not listed unless -A (a thank-you to a closed one).
env XF_NOW=2026-06-16T00:00:00Z xf-status resolve -m ok XF-2026-000001 > /dev/null
env XF_NOW=2026-06-16T00:00:00Z xf-status close XF-2026-000001 > /dev/null
reply t2.eml t2@example.com 'Re: [XF-2026-000001]' 'Thank you!'
env XF_NOW=2026-06-17T00:00:00Z XF_ACTOR=xf-mail xf-intake -q t2.eml
is "$(replied).$(replied -A)" ".XF-2026-000001 " "--replied: a closed one only with -A"

# --- the plans: each filter on an index ----------------------------------------------
LIST='SELECT ref, received_at'
plan_of() {
	XF_EXPLAIN=1 xf-status list "$@" > /dev/null 2> explain
	awk -v head="plan: $LIST" '
		index($0, head) { on = 1; next }
		on && /^xf-[a-z]*: plan:   / { sub(/^xf-[a-z]*: plan:   /, ""); print; next }
		{ on = 0 }' explain > plan
}
no_scan() {
	if grep -q '^SCAN complaint\( \|$\)' plan; then
		fail "$1: no full scan"
		diag_file plan
	else
		pass "$1: no full scan"
	fi
}
plan_of --replied
like "$(cat plan)" "SEARCH complaint USING INDEX complaint_status *SEARCH e USING INDEX event_complaint (complaint_id=?)*SEARCH o USING INDEX message_complaint (complaint_id=?)*" \
    "--replied: complaint_status, then each one's events and messages by index"
no_scan "--replied"
plan_of --replied --team support
like "$(cat plan)" "SEARCH complaint USING INDEX complaint_team*" "--replied --team: complaint_team"
plan_of --unverified
like "$(cat plan)" "SEARCH complaint USING INTEGER PRIMARY KEY*message_unverified*" \
    "--unverified: only the unverified messages' complaints (message_unverified)"
no_scan "--unverified"
plan_of -A --unverified --replied
no_scan "-A --unverified --replied"
check "the event chain is intact" xf-status verify
