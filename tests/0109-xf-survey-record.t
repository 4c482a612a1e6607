#!/bin/sh
# xf-survey record, followups, called and results (issue 14, points 5
# and 6): answers from CSV and TSV, one a token (a second refused, a
# replayed line refused, bad and unknown tokens refused, bad scores
# refused, the rest recorded); a score of 1 or 2 asks for a call back
# with its own deadline, --reopen-below reopens; the results figures
# checked by hand, in xf-survey results and xf-report survey.
. "$(dirname "$0")/lib.sh"
# The moves' own notices off: the outbox holds the surveys alone (0100).
export XF_NOTIFY=off

plan 63

cat > a.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-05-30 10:00,email,张三,zhangsan@example.com,退款,申请退款两周了还没到账
2026-05-30 11:00,web,Bob,bob@example.com,Refund,my refund is late
2026-05-30 12:00,email,Carol,carol@example.com,Parcel,parcel lost
2026-05-30 13:00,phone,李四,13800138000,快递,快递丢失
2026-05-30 14:00,email,Dan,dan@example.com,Login,cannot log in
EOF2
xf-intake -q a.csv > /dev/null
xf-classify set --category billing -m test XF-2026-000001 XF-2026-000002 > /dev/null
xf-classify set --category delivery -m test XF-2026-000003 XF-2026-000004 > /dev/null
xf-classify set --category account -m test XF-2026-000005 > /dev/null
for r in 1 2 3 4 5; do
	xf-status accept XF-2026-00000$r > /dev/null
	xf-status start XF-2026-00000$r > /dev/null
	xf-status resolve -m done XF-2026-00000$r > /dev/null
done
XF_NOW=2026-06-02T00:00:00Z xf-survey send > /dev/null
is "$(db 'select count(*) from survey')" 5 "five surveys sent"
t() {
	db "select token from survey where complaint_id = $1"
}
T1=$(t 1) T2=$(t 2) T3=$(t 3) T4=$(t 4) T5=$(t 5)
export XF_NOW=2026-06-03T00:00:00Z

# --- a file of answers ------------------------------------------------------------
cat > answers.csv <<EOF2
Token,Score,Comment
$T1,满意！,很好，电话 138 0013 8000 或 zs@example.com
$T1,5,changed my mind
$T1,满意！,很好，电话 138 0013 8000 或 zs@example.com
0123456789abcdef0123456789abcdef,5,no such survey
not-a-token,4,bad
$T2,15,bad score
$T2,不太满意,not a score
$T2,6分,out of range
,4,no token
$T2,2分,too slow
EOF2
exit_is 1 "some rows refused: exit 1" xf-survey record answers.csv
cat > want <<'EOF2'
ref	score	followup_due	result
XF-2026-000001	4		recorded
XF-2026-000002	2	2026-06-05T00:00:00+00:00	recorded
EOF2
same_file want stdout "the good rows recorded, the others not"
cat > want <<'EOF2'
xf-survey: answers.csv:3: XF-2026-000001: the survey is answered already: one answer a survey
xf-survey: answers.csv:4: XF-2026-000001: this answer is recorded already (a replayed line)
xf-survey: answers.csv:5: no survey has this token
xf-survey: answers.csv:6: not a survey token (32 hex digits)
xf-survey: answers.csv:7: score '15': want 1 to 5, or 非常满意, 满意, 一般, 不满意, 非常不满意
xf-survey: answers.csv:8: score '不太满意': want 1 to 5, or 非常满意, 满意, 一般, 不满意, 非常不满意
xf-survey: answers.csv:9: score '6分': want 1 to 5, or 非常满意, 满意, 一般, 不满意, 非常不满意
xf-survey: answers.csv:10: no token
EOF2
same_file want stderr "each refused row named by file:line, with why"
is "$(db 'select score || "|" || answer_via || "|" || answered_at from survey where complaint_id = 1')" \
    "4|csv|$(date -u -d 2026-06-03T00:00:00Z +%s)" "the first answer kept: score, via, time"
is "$(db 'select comment from survey where complaint_id = 1')" \
    "很好，电话 138 0013 8000 或 zs@example.com" "the comment kept as written"
is "$(db 'select followup_due from survey where complaint_id = 1')" "" \
    "a 4: no call back"
is "$(db 'select followup_due - answered_at from survey where complaint_id = 2')" \
    172800 "a 2: a call back due in two days"
is "$(db 'select status from complaint where id = 2')" resolved \
    "without --reopen-below a low score reopens nothing"
is "$(db "select new || '|' || reason from event where complaint_id = 2 and kind = 'survey' and field = 'score'")" \
    "2|answered by csv; call back by 2026-06-05T00:00:00+00:00" \
    "the answer's event: the score, not the comment"
if db "select reason from event where kind = 'survey'" | grep -q 'too slow'; then
	fail "no comment in an event"
else
	pass "no comment in an event"
fi

# --- the same file again: all refused, nothing changed -------------------------------
before=$(db 'select count(*) from event')
exit_is 1 "the file again: exit 1" xf-survey record answers.csv
is "$(cat stdout)" "" "the file again: nothing recorded"
is "$(grep -c 'recorded already (a replayed line)' stderr)" 3 \
    "the file again: the answers recorded are replays"
is "$(db 'select count(*) from event')" "$before" "the file again: no event"

# --- TSV on stdin, no header, a dry run ---------------------------------------------
printf '%s\t★★★★★\tgreat\n' "$T3" > three.tsv
exit_is 0 "-n: exit 0" xf-survey record -n - < three.tsv
is "$(tail -n 1 stdout | cut -f1,2,4)" "XF-2026-000003	5	recorded" \
    "-n: what would be recorded"
is "$(db 'select coalesce(score, "none") from survey where complaint_id = 3')" \
    none "-n: nothing kept"
exit_is 0 "TSV on stdin without a header: exit 0" xf-survey record < three.tsv
is "$(db 'select score || "|" || comment from survey where complaint_id = 3')" \
    "5|great" "TSV: ★★★★★ is 5, with its comment"

# --- columns in another order, --via ----------------------------------------------
printf 'comment,score,token\n"没解决,还在等",非常不满意,%s\n' "$T4" > four.csv
exit_is 0 "--reopen-below 3, a 1: exit 0" xf-survey record --via phone \
    --reopen-below 3 --followup 1d four.csv
is "$(tail -n 1 stdout)" \
    "XF-2026-000004	1	2026-06-04T00:00:00+00:00	reopened" \
    "--reopen-below 3: reopened, a call back due in --followup 1d"
is "$(db 'select status || " " || reopen_count from complaint where id = 4')" \
    "in_progress 1" "the complaint is reopened through the moves table"
is "$(db "select reason from event where complaint_id = 4 and kind = 'reopen'")" \
    "survey score 1 (below 3)" "the reopen's reason quotes the score"
is "$(db 'select answer_via || "|" || comment from survey where complaint_id = 4')" \
    "phone|没解决,还在等" "--via phone, header in its own order"
printf 'token,score\nXF-2026-000005,3\n' > five.csv
xf-survey record --via phone --reopen-below 3 five.csv > /dev/null
is "$(db 'select status || "|" || coalesce(followup_due, "none") || "|" || answer_via from complaint c join survey s on s.complaint_id = c.id where c.id = 5')" \
    "resolved|none|phone" "a 3 by phone, by ref, with --reopen-below 3: recorded, neither reopened nor called back"

# --- by phone: a ref in place of the token -----------------------------------------
printf 'XF-2026-000003,4\n' > byref.csv
exit_is 1 "a ref without --via phone: exit 1" xf-survey record byref.csv
like "$(cat stderr)" "*not a survey token*" "a ref without --via phone: not a token"
exit_is 1 "a ref with --via phone, answered already: exit 1" xf-survey record \
    --via phone byref.csv
like "$(cat stderr)" "*XF-2026-000003: the survey is answered already*" \
    "--via phone: the ref names the survey"
printf 'XF-2026-000099,4\n' > byref.csv
exit_is 1 "--via phone, an unknown ref: exit 1" xf-survey record --via phone byref.csv
like "$(cat stderr)" "*neither a survey token nor a complaint's ref*" \
    "--via phone, an unknown ref: says so"

# --- bad options ---------------------------------------------------------------------
exit_is 2 "--reopen-below 9: exit 2" xf-survey record --reopen-below 9 five.csv
exit_is 2 "--via fax: exit 2" xf-survey record --via fax five.csv
exit_is 1 "a missing file: exit 1" xf-survey record nosuch.csv

# --- the call backs -----------------------------------------------------------------
exit_is 0 "followups: exit 0" xf-survey followups
cat > want <<'EOF2'
ref	score	answered	followup_due	overdue	team	assignee
XF-2026-000004	1	2026-06-03T00:00:00+00:00	2026-06-04T00:00:00+00:00			tester
XF-2026-000002	2	2026-06-03T00:00:00+00:00	2026-06-05T00:00:00+00:00			tester
EOF2
same_file want stdout "followups: the low scores, soonest first"
XF_NOW=2026-06-04T12:00:00Z xf-survey followups > stdout
is "$(cut -f1,5 stdout | tail -n +2 | tr '\t\n' '  ')" \
    "XF-2026-000004 overdue XF-2026-000002  " "followups: the late one marked"
exit_is 0 "called by ref: exit 0" xf-survey called -m "called, refund sent" \
    XF-2026-000004
is "$(cat stdout | tail -n 1)" "XF-2026-000004	2026-06-03T00:00:00+00:00" \
    "called: the ref and when"
is "$(db "select new || '|' || reason from event where complaint_id = 4 and kind = 'survey' and field = 'followup'")" \
    "called|called, refund sent" "called: an event with the note"
exit_is 0 "called by token: exit 0" xf-survey called -m done "$T2"
exit_is 1 "called again: exit 1" xf-survey called -m again XF-2026-000002
like "$(cat stderr)" "*XF-2026-000002: called back already*" "called again: says so"
exit_is 1 "called for a 4: exit 1" xf-survey called -m x XF-2026-000001
like "$(cat stderr)" "*no call back is due*" "called for a 4: says so"
exit_is 1 "called for an unknown ref: exit 1" xf-survey called -m x XF-2026-000099
exit_is 2 "called without -m: exit 2" xf-survey called XF-2026-000001
exit_is 0 "followups, all called: exit 0" xf-survey followups
is "$(cat stdout)" "" "followups, all called: nothing printed"

# --- results, by hand: five sent, five answered (4, 2, 5, 1, 3) ------------------------
# response 5/5 = 100.0; CSAT: the 4 and the 5 of five answers = 40.0;
# mean (4 + 2 + 5 + 1 + 3) / 5 = 3.00; one of each score.
exit_is 0 "results: exit 0" xf-survey results
cat > want <<'EOF2'
sent	answered	response_rate_pct	csat_pct	mean	score_1	score_2	score_3	score_4	score_5
5	5	100.0	40.0	3.00	1	1	1	1	1

ref	score	comment
XF-2026-000001	4	很好，电话 138 **** 8000 或 z***@example.com
XF-2026-000002	2	too slow
XF-2026-000003	5	great
XF-2026-000004	1	没解决,还在等
EOF2
same_file want stdout "results: the figures and the comments, masked"
# by category: billing 4 and 2: CSAT 50.0, mean 3.00; delivery 5 and 1:
# CSAT 50.0, mean 3.00; account 3: CSAT 0.0.
xf-survey results --by category -o csv > stdout
cat > want <<'EOF2'
category,sent,answered,response_rate_pct,csat_pct,mean,score_1,score_2,score_3,score_4,score_5
account,1,1,100.0,0.0,3.00,0,0,1,0,0
billing,2,2,100.0,50.0,3.00,0,1,0,1,0
delivery,2,2,100.0,50.0,3.00,1,0,0,0,1
EOF2
head -n 4 stdout | tr -d '\r' > got
same_file want got "results --by category -o csv"
# Sent in the period only: none was sent after June 2.
exit_is 0 "results of a period with no survey: exit 0" xf-survey results \
    --since 2026-06-02T00:00:01Z
is "$(cat stdout)" "" "results of a period with no survey: nothing"
exit_is 2 "results --by priority: exit 2" xf-survey results --by priority
like "$(xf-survey results -o json)" '{"report":"survey",*"csat_pct":40.0,"mean":3.00,*' \
    "results -o json: numbers as numbers"

# --- xf-report survey: the same figures, no comments ---------------------------------
exit_is 0 "xf-report survey: exit 0" xf-report survey --since 2026-06-01 \
    --until 2026-06-08
is "$(cat stdout)" "sent	answered	response_rate_pct	csat_pct	mean	score_1	score_2	score_3	score_4	score_5
5	5	100.0	40.0	3.00	1	1	1	1	1" "xf-report survey: the figures, without comments"
like "$(xf-report weekly -o json --since 2026-06-01 --until 2026-06-08)" \
    '*"satisfaction":[?{"sent":5,"answered":5,*' "xf-report weekly: a satisfaction section"
# A week before any survey: weekly has no such section.
like "$(xf-report weekly -o json --since 2026-05-01 --until 2026-05-08)" \
    '*' "weekly of an earlier week runs"
case $(xf-report weekly -o json --since 2026-05-01 --until 2026-05-08) in
*satisfaction*) fail "no satisfaction section in a week with no survey" ;;
*) pass "no satisfaction section in a week with no survey" ;;
esac
check "the event chain and the fields verify" xf-status verify
