#!/bin/sh
# --since and --until (issue 12, point 2; xf(7), Times): one reader for
# every filter.  Besides any time intake reads: today, yesterday, this
# week, last week (from Monday 00:00), 今天, 昨天, 本周, 上周, and an age
# (-24h, -7d, -2w), all in the zone of XF_TZ; a date (or a day word) as
# --until includes that whole day; a time that cannot be read is exit 2
# with the forms that can.
. "$(dirname "$0")/lib.sh"

plan 31

XF_TZ=Asia/Shanghai
XF_NOW='2026-06-04 10:00'	# a Thursday, in Beijing; the week began 06-01
export XF_TZ XF_NOW

cat > f.csv <<'EOF'
subject,body,received_at,complainant
mon2,a,2026-05-25 10:00,A
thu9,b,2026-05-28 09:00,B
thu11,c,2026-05-28 11:00,C
sun,d,2026-05-31 23:30,D
mon,e,2026-06-01 00:00,E
yest,f,2026-06-03 12:00,F
today,g,2026-06-04 08:00,G
EOF
check "import seven complaints" xf-intake -q f.csv

# subjects ARGS: the subjects xf-status list -A ARGS prints, in one line.
subjects() {
	xf-status list -A "$@" | tail -n +2 | cut -f10 | tr '\n' ' ' |
	    sed 's/ $//'
}

# --- days and weeks, in XF_TZ ------------------------------------------------------
is "$(subjects --since today)" "today" "--since today"
is "$(subjects --since yesterday)" "yest today" "--since yesterday"
is "$(subjects --since yesterday --until yesterday)" "yest" \
    "--since yesterday --until yesterday: that one day"
is "$(subjects --until yesterday)" "mon2 thu9 thu11 sun mon yest" \
    "--until yesterday: up to its end"
is "$(subjects --since today --until today)" "today" "--until today"
is "$(subjects --since 'this week')" "mon yest today" \
    "--since 'this week': from Monday 00:00"
is "$(subjects --since 'last week' --until 'last week')" \
    "mon2 thu9 thu11 sun" "last week: Monday to Monday, Sunday 23:30 in"
is "$(subjects --since 'Last Week' --until 'LAST WEEK')" \
    "mon2 thu9 thu11 sun" "... in any case"
is "$(subjects --since 上周 --until 上周)" "mon2 thu9 thu11 sun" \
    "上周 is last week"
is "$(subjects --since 今天)" "today" "今天 is today"
is "$(subjects --since 昨天 --until 昨天)" "yest" "昨天 is yesterday"
is "$(subjects --since 本周)" "mon yest today" "本周 is this week"

# --- ages ---------------------------------------------------------------------------
is "$(subjects --since -7d)" "thu11 sun mon yest today" \
    "--since -7d: from 05-28 10:00"
is "$(subjects --since -24h)" "yest today" "--since -24h"
is "$(subjects --since -2w)" "mon2 thu9 thu11 sun mon yest today" \
    "--since -2w"
is "$(subjects --until -1w)" "mon2 thu9" "--until -1w: before 05-28 10:00"

# --- dates and times as bounds ------------------------------------------------------
is "$(subjects --until 2026-06-03)" "mon2 thu9 thu11 sun mon yest" \
    "--until a date: the whole day included"
is "$(subjects --until '2026-06-03 12:00')" "mon2 thu9 thu11 sun mon" \
    "--until a time: excluded"
is "$(subjects --since 2026年5月28日 --until 2026年5月28日)" "thu9 thu11" \
    "--since and --until 2026年5月28日: that day"
is "$(subjects --since '2026-05-28 上午10点' --until 20260531)" "thu11 sun" \
    "--since 2026-05-28 上午10点 --until 20260531"
is "$(subjects --since 下午3点 --until today)" "" \
    "--since a time alone: today's (15:00, after all of them)"
is "$(subjects --until '2026-05-31 23:00 UTC+8')" "mon2 thu9 thu11" \
    "--until with its zone"

# --- the same words in UTC -------------------------------------------------------------
is "$(env -u XF_TZ TZ=UTC XF_NOW=2026-06-04T02:00:00Z xf-status list -A \
    --since 'last week' --until 'last week' | tail -n +2 | cut -f10 |
    tr '\n' ' ')" "mon2 thu9 thu11 sun mon " \
    "in UTC, last week ends at Monday 00:00 UTC (Monday 08:00 in Beijing)"

# --- refused: exit 2, saying what it takes ----------------------------------------------
exit_is 2 "--since garbage: exit 2" xf-status list --since 'last fortnight'
is "$(cat stderr)" "xf-status: --since 'last fortnight': not a time; write a date or time (2026-03-05, 2026-03-05 15:00, 2026-03-05T15:00+08:00, 2026-03-05 15:00 Asia/Shanghai, 2026年3月5日下午3点, 5 March 2026, March 5, 2026 3:00 PM, 20260305), today, yesterday, this week, last week, or an age: -24h, -7d, -2w" \
    "--since garbage: the message lists the forms"
exit_is 2 "--until 05/03/2026: exit 2" xf-status list --until 05/03/2026
like "$(cat stderr)" "xf-status: --until '05/03/2026': day and month could be either way round; write YYYY-MM-DD, or set XF_DATE_ORDER=dmy or mdy" \
    "--until 05/03/2026: how to write it"
exit_is 2 "--since ... CST: exit 2" xf-status list --since '2026-03-05 15:00 CST'
exit_is 2 "--since -7 (no unit): exit 2" xf-status list --since -7
exit_is 2 "--updated-until 2026-02-30: exit 2" \
    xf-status list --updated-until 2026-02-30
