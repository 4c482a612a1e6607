#!/bin/sh
# xf-status autoclose (issue 16, point 3): a resolved complaint closes
# once its policy row's close span (7 days unless the row's seventh
# column says otherwise) has passed with no reply.  A thank-you or a
# stranger's unverified mail is no reply; the complainant's real reply
# reopens the complaint, so it is no longer resolved.  Quiet and exit 0
# when nothing is due (cron); a dry run changes nothing; each close is
# a close like a person's, with its notice and event.
. "$(dirname "$0")/lib.sh"

plan 27

export XF_TZ=UTC
# mail FILE FROM MESSAGE-ID SUBJECT BODY
mail() {
	printf 'From: %s\nSubject: %s\nDate: Mon, 1 Jun 2026 08:00:00 +0000\nMessage-ID: <%s>\nContent-Type: text/plain; charset=UTF-8\n\n%s\n' \
	    "$2" "$4" "$3" "$5" > "$1"
}
resolve() {
	for _r; do
		xf-status accept "$_r" > /dev/null &&
		    xf-status start "$_r" > /dev/null &&
		    xf-status resolve -m fixed "$_r" > /dev/null || return 1
	done
}
status() {
	db "select group_concat(status, ' ') from (select status from
	    complaint order by id)"
}

export XF_NOW=2026-06-01T00:00:00Z
mail a.eml 'Ann <ann@example.org>' a1@example.org 'parcel lost' 'where is it'
mail b.eml 'Ben <ben@example.org>' b1@example.org 'refund' 'not yet paid'
mail c.eml 'Cat <cat@example.org>' c1@example.org 'noise' 'too loud'
mail d.eml 'Dan <dan@example.org>' d1@example.org 'app crash' 'it crashes'
check "four complaints by e-mail" xf-intake a.eml b.eml c.eml d.eml
printf 'subject,body\nopen,still being handled\n' > e.csv
check "a fifth, left in progress" xf-intake e.csv
check "resolve 1-4 on June 1" resolve 1 2 3 4
check "start 5" sh -c 'xf-status accept 5 && xf-status start 5'

# --- nothing due yet: quiet ---------------------------------------------------
exit_is 0 "six days on: exit 0" env XF_NOW=2026-06-07T00:00:00Z \
    xf-status autoclose
is "$(cat stdout)$(cat stderr)" "" "nothing due: nothing printed"

# --- replies: a thank-you, a stranger's, the complainant's ----------------------
export XF_NOW=2026-06-03T00:00:00Z
mail a2.eml 'Ann <ann@example.org>' a2@example.org 'Re: [XF-2026-000001] parcel lost' '谢谢！'
mail b2.eml 'Mallory <m@evil.example>' m1@evil.example 'Re: [XF-2026-000002] refund' 'reopen this'
mail c2.eml 'Cat <cat@example.org>' c2@example.org 'Re: [XF-2026-000003] noise' 'It is still loud at night.'
run xf-intake a2.eml b2.eml c2.eml
is "$(status)" "resolved resolved in_progress resolved in_progress" \
    "the thank-you and the stranger leave 1 and 2 resolved; Cat's reply reopens 3"

# --- a dry run --------------------------------------------------------------------
export XF_NOW=2026-06-08T00:00:01Z
before=$(db "select count(*) from event")
exit_is 0 "a dry run: exit 0" xf-status autoclose -n
is "$(cut -f1,4,7 stdout | grep '	close	' | tr '\n' ' ')" \
    "XF-2026-000001	close	closed XF-2026-000002	close	closed XF-2026-000004	close	closed " \
    "it shows the closes it would make"
is "$(status).$(db "select count(*) from event")" \
    "resolved resolved in_progress resolved in_progress.$before" \
    "and changes nothing"

# --- the real run -----------------------------------------------------------------
exit_is 0 "7 days and a second on: exit 0" env XF_ACTOR=xf-cron \
    xf-status autoclose
is "$(cat stdout)" "ref	status	was
XF-2026-000001	closed	resolved
XF-2026-000002	closed	resolved
XF-2026-000004	closed	resolved" "1, 2 and 4 closed, as close prints them"
is "$(status)" "closed closed in_progress closed in_progress" \
    "3 (reopened) and 5 (in progress) stay as they are"
is "$(db "select actor || '|' || reason from event where complaint_id = 4
    and kind = 'close'")" \
    "xf-cron|closed automatically: no reply in 7d since it was resolved (policy.tsv:26)" \
    "the event names the span and the policy row"
is "$(db "select count(*) from outbox where kind = 'closed'")" 3 \
    "each close queues the closed notice, as a person's close does"
exit_is 0 "again: exit 0" xf-status autoclose
is "$(cat stdout)$(cat stderr)" "" "again: nothing to do, nothing printed"

# --- the policy's close column ------------------------------------------------------
sed 's/^\*	\*	15d	60d	calendar	3d,15d$/*	*	15d	60d	calendar	3d,15d	1d/' \
    "$XF_ROOT"/share/policy.tsv > p.tsv
grep -q '	1d$' p.tsv || echo "p.tsv: the sed did not match" >&2
check "resolve 5 on June 8" xf-status resolve -m fixed 5
exit_is 0 "a day and a second on, by a policy of 1d" \
    env XF_NOW=2026-06-09T00:00:02Z xf-status -P p.tsv autoclose
is "$(cut -f1 stdout | sed 1d)" "XF-2026-000005" "5 closes after one day"
is "$(db "select reason from event where complaint_id = 5 and kind = 'close'")" \
    "closed automatically: no reply in 1d since it was resolved (p.tsv:26)" \
    "the reason names the row's span"

printf '*\t*\t15d\t60d\tcalendar\t3d,15d\tsoon\n' > bad.tsv
exit_is 2 "a bad close span: exit 2" xf-status -P bad.tsv autoclose
is "$(cat stderr)" "xf-status: bad.tsv:1: bad close span 'soon' (e.g. 30m, 8h, 3d, 1d4h)" \
    "it names the file, the line and the column"
printf '*\t*\t15d\t60d\tcalendar\t3d,15d\t1d\textra\n' > wide.tsv
exit_is 2 "eight columns: exit 2" xf-status -P wide.tsv autoclose
is "$(cat stderr)" "xf-status: wide.tsv:1: more than 7 columns" "it says so"

# --- usage --------------------------------------------------------------------------
exit_is 2 "refs: exit 2" xf-status autoclose 1
like "$(cat stderr)" "xf-status: autoclose takes no refs*" "it says so"
