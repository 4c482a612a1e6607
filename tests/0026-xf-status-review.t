#!/bin/sh
# The legal gate of DESIGN §6: privacy or legal flags need an approving
# review, later than the flags' last change, before resolve.
. "$(dirname "$0")/lib.sh"

plan 10

printf 'subject,body\nleak,my data was sold\nplain,app crashes\n' > in.csv
xf-intake in.csv > /dev/null 2>&1
xf-status accept 1 2 > /dev/null
xf-status start 1 2 > /dev/null
db "UPDATE complaint SET flags = 'privacy' WHERE id = 1"

run xf-status resolve -m done 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: cannot resolve: it is flagged privacy and needs an approving legal review first (xf-status review --approve)" \
    "privacy-flagged, unreviewed: resolve refused"
is "$(db "select status from complaint where id = 1")" in_progress \
    "refused resolve changed nothing"
run xf-status resolve -m done 2
is "$rc" 0 "an unflagged complaint resolves without review"

run xf-status review --deny -m "draft answer admits fault" 1
is "$rc|$(tail -n +2 stdout)" "0|XF-2026-000001	in_progress	in_progress" \
    "review --deny recorded, status unchanged"
run xf-status resolve -m done 1
is "$rc" 1 "after a denial: still refused"

XF_ACTOR=lawyer run xf-status review --approve -m "answer cleared" 1
is "$(db "select actor || '|' || kind || '|' || field || '|' || new || '|' ||
    reason from event order by id desc limit 1")" \
    "lawyer|review|legal_review|approved|answer cleared" \
    "review --approve: the event, with its reviewer"
run xf-status resolve -m done 1
is "$rc.$(db "select status from complaint where id = 1")" "0.resolved" \
    "after an approval: resolve allowed"

run xf-status review --approve 1
is "$rc" 2 "review without -m: usage"
run xf-status review -m why 1
is "$rc" 2 "review without a verdict: usage"
run xf-status review --approve -m why XF-2026-000099
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000099: no such complaint" \
    "review of an unknown ref"
