#!/bin/sh
# The review clock (复查, 复核; issue 16, point 4): a reopened answer is
# due again by its policy rule's review span counted from the reopen
# (the optional eighth column; 30 calendar days without it), with only
# the pauses since; each review's deadline is a deadline event that
# names it.  A reopened rejection keeps its deadlines.
. "$(dirname "$0")/lib.sh"

plan 17

export XF_TZ=UTC XF_NOTIFY=off
DAY=86400
due() {
	db "select due from complaint where ref = '$1'"
}
reason() {
	db "select reason from event where complaint_id = $1 and
	    kind = 'deadline' and field = 'due' order by id desc limit 1"
}
epoch() {
	date -u -d "$1" +%s
}

export XF_NOW=2026-06-01T00:00:00Z	# a Monday
printf 'subject,body\none,a\ntwo,b\nthree,c\n' > a.csv
check "import three" xf-intake a.csv
check "resolve 1 and 2" sh -c 'for r in 1 2; do xf-status accept $r &&
    xf-status start $r && xf-status resolve -m done $r || exit 1; done'

# --- the statutory review: 30 calendar days from the reopen ---------------------
export XF_NOW=2026-06-10T00:00:00Z
check "reopen 1 on June 10" xf-status reopen -m 'still broken' 1
is "$(due XF-2026-000001)" "$(epoch 2026-07-10T00:00:00Z)" \
    "due 30 calendar days after the reopen, not 60 after acceptance"
is "$(reason 1)" "policy.tsv:26 calendar: acknowledge 15d, review (复查) from the reopen 30d" \
    "the deadline event names the review"

# --- a policy's review span, on its rule's clock -----------------------------------
printf 'category\tpriority\tack\tresolve\tclock\tescalate\tclose\treview\n*\t*\t15d\t60d\tbusiness\t-\t7d\t3d\n' > p.tsv
check "reopen 2 by a policy of 3 working days" xf-status -P p.tsv reopen -m again 2
# June 10 2026 is a Wednesday: 3 working days of 9 h from 00:00 (the
# clock starts at 09:00) end on Friday at 18:00.
is "$(due XF-2026-000002)" "$(epoch 2026-06-12T18:00:00Z)" \
    "due 3 working days on (Friday 18:00)"
is "$(reason 2)" "p.tsv:2 business: acknowledge 15d, review (复查) from the reopen 3d" \
    "the reason gives the policy's span"

# --- a pause in the review moves it on; the ones before do not -----------------------
check "wait, then resume a day later" sh -c 'xf-status -P p.tsv wait -m "need the bill" 2 &&
    XF_NOW=2026-06-11T12:00:00Z xf-status -P p.tsv resume 2'
is "$(due XF-2026-000002)" "$(epoch 2026-06-16T12:00:00Z)" \
    "the pause (12 working hours, June 10 09:00 to June 11 12:00) moved it on to Tuesday 12:00"

# --- the second review (复核) ----------------------------------------------------------
export XF_NOW=2026-06-20T00:00:00Z
check "resolve and reopen 1 again" sh -c 'xf-status resolve -m done 1 &&
    xf-status reopen -m "not satisfied" 1'
is "$(due XF-2026-000001)" "$(epoch 2026-07-20T00:00:00Z)" \
    "the second review runs from its own reopen"
is "$(reason 1)" "policy.tsv:26 calendar: acknowledge 15d, second review (复核) from the reopen 30d" \
    "and is named the second review"

# --- a reopened rejection keeps its deadlines ------------------------------------------
check "reject 3" xf-status reject -m 'not ours' 3
before=$(db "select coalesce(ack_due, '-') || ' ' || coalesce(due, '-') from complaint where id = 3")
check "reopen the rejection" xf-status reopen -m 'it is ours' 3
is "$(db "select coalesce(ack_due, '-') || ' ' || coalesce(due, '-') from complaint where id = 3")" \
    "$before" "a reopened rejection keeps its deadlines"
check "the chain verifies" xf-status verify
