#!/bin/sh
# Legal review in the figures (issue 15, point 2): xf-report counts the
# complaints resolved while flagged privacy or legal (review_needed) and,
# of those, the ones resolved without an approving review before it
# (review_missing, the violations).  With the gate and the roles on,
# violations stay 0 whatever people try; a store where the gate did not
# hold (an approval taken out of its log) shows one.
. "$(dirname "$0")/lib.sh"

plan 12

XF_NOTIFY=off
export XF_NOTIFY

# fig NAME: the summary's figure NAME, for the week to 2026-06-08.
fig() {
	xf-report summary --since 2026-06-01 --until 2026-06-08 > rep.tsv ||
	    return 1
	awk -F '\t' -v f="$1" 'NR == 1 { for (i = 1; i <= NF; i++)
	    if ($i == f) c = i } NR == 2 { print $c }' rep.tsv
}

# figs: review_needed, review_missing and review_coverage_pct.
figs() {
	echo "$(fig review_needed) $(fig review_missing) $(fig review_coverage_pct)"
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant
My data was sold,Someone sold my number,web,2026-05-31,Bob
They sued me,A letter from a lawyer,web,2026-05-31,Cy
Late parcel,Never arrived,email,2026-05-31,Dan
EOF
XF_ACTOR=xf-test
xf-intake f.csv > /dev/null 2>&1
{
	xf-assign handler add --team support li.si
	xf-assign handler add --team legal --role legal fang
	xf-status accept 1 2 3
	xf-assign --to li.si -m hers 1 2 3
	xf-classify set --flag +privacy -m 'personal data' 1
	xf-classify set --flag +legal -m 'a lawsuit' 2
	XF_ACTOR=li.si xf-status start 1 2 3
} > /dev/null 2>&1
is "$(db "select group_concat(status || ':' || coalesce(nullif(flags, ''), '-'))
    from complaint")" "in_progress:privacy,in_progress:legal,in_progress:-" \
    "three in progress, two of them flagged"

# What the gate and the roles refuse leaves no violation behind.
export XF_NOW=2026-06-02T10:00:00Z
run env XF_ACTOR=li.si xf-status resolve -m 'sorted' 1 2
is "$rc" 1 "resolve without a review: refused"
run env XF_ACTOR=li.si xf-status review --approve -m 'fine by me' 1 2
is "$rc" 1 "the owner's own approval: refused"
run env XF_ACTOR=li.si xf-status resolve -m 'sorted' 1 2
is "$rc" 1 "still no approving review: resolve refused"
exit_is 0 "an unflagged one resolves" \
    env XF_ACTOR=li.si xf-status resolve -m 'sent again' 3

# The lawyer approves; then they resolve.
export XF_NOW=2026-06-03T10:00:00Z
exit_is 0 "the lawyer approves both" \
    env XF_ACTOR=fang xf-status review --approve -m 'answer cleared' 1 2
exit_is 0 "both resolve after the approval" \
    env XF_ACTOR=li.si xf-status resolve -m 'answered' 1 2
export XF_NOW=2026-06-10T00:00:00Z
is "$(figs)" "2 0 100.0" "two reviews needed, no violation, coverage 100%"
is "$(fig resolved)" 3 "three resolved in the week"
is "$(db "select group_concat(actor) from event where kind = 'review'
    and new = 'approved'")" fang,fang "two approving reviews in the log, both fang's"

# A store where the gate did not hold: the approval of 2 taken out of
# the log (its append-only triggers dropped first, as only someone
# going round xf could).  The report counts the violation.
db "DROP TRIGGER event_no_delete;
    DELETE FROM event WHERE kind = 'review' AND complaint_id = 2;" > /dev/null
is "$(figs)" "2 1 50.0" "the approval gone: one violation, coverage 50%"
run xf-status verify
is "$rc" 1 "and verify finds the log broken"
