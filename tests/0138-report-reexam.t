#!/bin/sh
# xf-report tells first handling from re-examination (复查, 复核; issue
# 16 point 4): a reopen of an answered complaint runs on its review
# deadline (tests/0132), and its outcome is counted in reexam_resolved,
# reexam_decided, reexam_met, reexam_missed and reexam_on_time_pct,
# replayed from the events; resolve_* stay the first handling's.  The
# figures below are worked out by hand from the story.
. "$(dirname "$0")/lib.sh"

plan 10

export XF_TZ=UTC XF_NOTIFY=off

# fig REPORT SINCE UNTIL NAME...: the named figures of the report's
# first table, space separated.
fig() {
	_r=$1 _s=$2 _u=$3
	shift 3
	xf-report "$_r" --since "$_s" --until "$_u" > rep.tsv || return 1
	for _f; do
		awk -F '\t' -v f="$_f" 'NR == 1 { for (i = 1; i <= NF; i++)
		    if ($i == f) c = i } NR == 2 { printf "%s ", $c; exit }' \
		    rep.tsv
	done
	echo
}
REX='reexam_resolved reexam_decided reexam_met reexam_missed reexam_on_time_pct'

# The story.  June 1: four complaints; 1, 2 and 3 answered the same
# day, 4 rejected.  June 10: 1, 2 and 3 reopened by their complainants
# (review due July 10, 30 days on), 4's rejection reopened (decided
# again, no review).  June 12: 1 answered again, in time.  June 20: 1
# reopened a second time (复核, due July 20); June 25: answered, in
# time.  2 is never answered again: missed on July 10.  3 is answered
# on August 1: missed on July 10, answered late.
export XF_NOW=2026-06-01T00:00:00Z
printf 'subject,body\none,a\ntwo,b\nthree,c\nfour,d\n' > a.csv
xf-intake a.csv > /dev/null 2>&1
for r in 1 2 3; do
	xf-status accept $r && xf-status start $r &&
	    xf-status resolve -m done $r
done > /dev/null 2>&1
xf-status reject -m 'not ours' 4 > /dev/null 2>&1
XF_NOW=2026-06-10T00:00:00Z xf-status reopen -m 'still broken' 1 2 3 4 \
    > /dev/null 2>&1
XF_NOW=2026-06-12T00:00:00Z xf-status resolve -m 'fixed' 1 > /dev/null 2>&1
XF_NOW=2026-06-20T00:00:00Z xf-status reopen -m 'not satisfied' 1 \
    > /dev/null 2>&1
XF_NOW=2026-06-25T00:00:00Z xf-status resolve -m 'fixed again' 1 \
    > /dev/null 2>&1
export XF_NOW=2026-07-31T00:00:00Z
fig summary 2026-07-01 2026-07-31 $REX > july.before
XF_NOW=2026-08-01T00:00:00Z xf-status resolve -m 'late' 3 > /dev/null 2>&1
export XF_NOW=2026-09-01T00:00:00Z

is "$(db "select count(*) from event where kind = 'reopen'")" 5 \
    "five reopens, four of them of an answer"
is "$(fig summary 2026-06-01 2026-06-07 resolve_decided resolve_on_time_pct $REX)" \
    "3 100.0 0 0 0 0  " \
    "week of June 1: the first handling of 1, 2 and 3, on time; no review yet"
is "$(fig summary 2026-06-08 2026-06-14 resolve_decided $REX)" \
    "0 1 1 1 0 100.0 " \
    "week of June 8: 1's first review answered in time; no first handling"
is "$(fig summary 2026-06-15 2026-06-30 $REX)" "1 1 1 0 100.0 " \
    "late June: 1's second review (复核) answered in time"
is "$(fig summary 2026-07-01 2026-07-31 $REX)" "0 2 0 2 0.0 " \
    "July: the reviews of 2 and 3 missed on July 10, none answered"
is "$(fig summary 2026-08-01 2026-08-31 $REX)" "1 0 0 0  " \
    "August: 3 answered late, its review decided already (not twice)"
is "$(fig summary 2026-06-01 2026-08-31 reopened reexam_resolved reexam_decided reexam_on_time_pct)" \
    "4 2 4 50.0 " \
    "the summer: 4 re-examinations decided (2 met, 2 missed), 2 answered"
is "$(cat july.before)" "$(fig summary 2026-07-01 2026-07-31 $REX)" \
    "July's figures the same before and after 3's late answer"
is "$(xf-report summary --since 2026-07-01 --until 2026-07-31 --as-of 2026-07-31T00:00:00Z | md5sum)" \
    "$(XF_NOW=2026-09-02T00:00:00Z xf-report summary --since 2026-07-01 --until 2026-07-31 --as-of 2026-07-31T00:00:00Z | md5sum)" \
    "--as-of: the same bytes whenever it is run"
xf-report weekly --since 2026-06-08 --until 2026-06-14 -o html --lang zh > w.html
like "$(grep -c '按时复查率' w.html)" "[1-9]*" "the html report labels the figures in Chinese"
