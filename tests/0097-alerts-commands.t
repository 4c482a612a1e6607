#!/bin/sh
# Early warning (xf_report_alerts) over a store built by the commands:
# xf-intake, xf-classify set, xf-status.  Until xf-report exists, the
# unit test program build/unit/alert.t reads a store it is given and
# prints the alerts as TSV, as `xf-report alerts` will.
#
# Beijing time.  The week of Monday 2026-05-18; the 28 days before it
# have one billing complaint a day by web.  On Wednesday 05-20 (local;
# still Tuesday in UTC) six app complaints by social media, "app crashes
# on login"; on Friday a complaint flagged media.  Hand-worked:
#   app and social on 05-20: 6 against 0 a day, floored to 0.5:
#	P(X >= 6) = 1.4e-05 < 0.0001, high;
#   media: received 05-22 10:00, open when the report is run (05-25
#	09:00), 2.96 days > 2 x 1 day, high;
#   app, crashes, login: 6 complaints against 0 expected, (6 + 1) / 1
#	= 7 times, low (medium needs 10);
#   bill: 7 against 28 x 7 / 28 = 7, nothing; a quiet week, nothing.
. "$(dirname "$0")/lib.sh"

unit=$XF_ROOT/build${XF_BIN##*/bin}/unit/alert.t
if ! [ -x "$unit" ]; then
	echo "1..0 # skip $unit not built (make units)"
	exit 0
fi

plan 8

XF_TZ=Asia/Shanghai
XF_NOW=2026-05-25T01:00:00Z
export XF_TZ XF_NOW

{
	echo 'received_at,channel,contact,subject,body'
	i=0
	while [ $i -lt 35 ]; do
		printf '%s,web,u%d@example.org,bill,monthly bill question\n' \
		    "$(date -u -d "2026-04-20 02:00 UTC + $i day" \
		    +%Y-%m-%dT%H:%M:%SZ)" $i
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 6 ]; do
		printf '2026-05-19T23:%d0:00Z,social,s%d@example.org,app,app crashes on login\n' \
		    $i $i
		i=$((i + 1))
	done
	echo '2026-05-22T02:00:00Z,email,m@example.org,press,a reporter called about the outage'
} > in.csv
check "import 42 complaints" xf-intake in.csv
refs() { seq -f 'XF-2026-%06g' "$1" "$2"; }
check "billing" xf-classify set --category billing -m checked $(refs 1 35)
check "app" xf-classify set --category app -m checked $(refs 36 41)
check "media" xf-classify set --flag +media -m press XF-2026-000042

app=$(refs 36 41 | paste -sd, -)
t='	'
cat > want <<EOF
severity${t}kind${t}key${t}count${t}baseline${t}refs${t}why
high${t}spike${t}category=app${t}6${t}0.0${t}$app${t}6 complaints in category app on 2026-05-20 against 0.0 a day in the 28 days before (Poisson P(X >= 6) = 1.4e-05)
high${t}spike${t}channel=social${t}6${t}0.0${t}$app${t}6 complaints in channel social on 2026-05-20 against 0.0 a day in the 28 days before (Poisson P(X >= 6) = 1.4e-05)
high${t}risk_open${t}media${t}1${t}${t}XF-2026-000042${t}1 complaint flagged media unresolved longer than 1 day as of 2026-05-25 09:00, the oldest for 3.0 days
low${t}term${t}app${t}6${t}0.0${t}$app${t}"app" in 6 complaints against 0.0 expected at the rate of the 28 days before (0 there): 7.0 times as many
low${t}term${t}crashes${t}6${t}0.0${t}$app${t}"crashes" in 6 complaints against 0.0 expected at the rate of the 28 days before (0 there): 7.0 times as many
low${t}term${t}login${t}6${t}0.0${t}$app${t}"login" in 6 complaints against 0.0 expected at the rate of the 28 days before (0 there): 7.0 times as many
EOF
"$unit" "$XF_DB" 2026-05-18 2026-05-25 > got 2> err
same_file want got "the week's alerts, in local days"

# A day later one app complaint becomes billing and the media one is
# rejected: as of Monday 09:00 the week reads as it did; as of now the
# media complaint is no longer open.
XF_NOW=2026-05-26T01:00:00Z xf-classify set --category billing -m again \
    XF-2026-000036 > /dev/null &&
XF_NOW=2026-05-26T01:00:00Z xf-status reject -m 'not a complaint' \
    XF-2026-000042 > /dev/null ||
	diag "the later changes failed"
XF_NOW=2026-05-26T02:00:00Z "$unit" "$XF_DB" 2026-05-18 2026-05-25 \
    2026-05-25T01:00:00Z > got 2> err
same_file want got "--as-of: the same rows whatever happened since"
XF_NOW=2026-05-26T02:00:00Z "$unit" "$XF_DB" 2026-05-18 2026-05-25 > got
is "$(cut -f1-4 got)" "severity${t}kind${t}key${t}count
high${t}spike${t}channel=social${t}6
medium${t}spike${t}category=app${t}5
low${t}term${t}app${t}6
low${t}term${t}crashes${t}6
low${t}term${t}login${t}6" "as of now: 5 app complaints (P = 0.00017, medium), no risk"

# The week before: one complaint a day as ever, nothing to say.
"$unit" "$XF_DB" 2026-05-11 2026-05-18 > got 2> err
is "$(cat got err)" "" "a quiet week prints nothing"
