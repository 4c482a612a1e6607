#!/bin/sh
# xf-status list: the filters (status, open by default, channel, received
# and updated times, assignee, team, category, priority, flag, limit),
# bad filter values, the output formats, and -q full-text search in
# Chinese and English.
. "$(dirname "$0")/lib.sh"

plan 85

H='ref	received_at	status	channel	priority	category	team	assignee	complainant	subject'

# refs CMD...: the first column of a list, header dropped, on one line.
refs() {
	"$@" > "$T/.refs" 2>&1 || echo "exit $?"
	sed '1d; s/	.*//; s/^XF-2026-0*//' "$T/.refs" | tr '\n' ' ' |
	    sed 's/ $//'
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant
Charged twice,Refund the second charge,web,2026-05-01,Alice
噪音扰民,楼下工地夜间施工,phone,2026-05-02,张三
Late parcel,Never arrived,email,2026-05-03,Bob
路灯不亮,小区门口的路灯坏了,letter,2026-05-04 12:00,李四
Spam calls,They call every night,web,2026-05-05,Carol
Rude staff,At the counter,social,2026-05-06,Dan
EOF
check "import six complaints (updated 2026-06-01)" xf-intake f.csv
# 1 in_progress (tester), 2 new, 3 in_progress (amy, updated 06-05),
# 4 rejected (06-03), 5 closed (06-07), 6 accepted (06-02)
xf-status accept 1 > /dev/null
xf-status start 1 > /dev/null
XF_NOW=2026-06-02T00:00:00Z xf-status accept 6 > /dev/null
XF_NOW=2026-06-03T00:00:00Z xf-status reject -m spam 4 > /dev/null
XF_NOW=2026-06-05T00:00:00Z XF_ACTOR=amy xf-status accept 3 > /dev/null
XF_NOW=2026-06-05T00:00:00Z XF_ACTOR=amy xf-status start 3 > /dev/null
XF_NOW=2026-06-07T00:00:00Z sh -c 'xf-status accept 5 && xf-status start 5 &&
    xf-status resolve -m blocked 5 && xf-status close 5' > /dev/null
is "$(db "select group_concat(status, ' ') from (select status from
    complaint order by id)")" \
    "in_progress new in_progress rejected closed accepted" "the statuses"

# --- default: open complaints only, oldest received first ----------------------
run xf-status list
is "$rc" 0 "list: exit 0"
cat > want <<EOF
$H
XF-2026-000001	2026-05-01T00:00:00+00:00	in_progress	web				tester	Alice	Charged twice
XF-2026-000002	2026-05-02T00:00:00+00:00	new	phone					张三	噪音扰民
XF-2026-000003	2026-05-03T00:00:00+00:00	in_progress	email				amy	Bob	Late parcel
XF-2026-000006	2026-05-06T00:00:00+00:00	accepted	social					Dan	Rude staff
EOF
same_file want stdout "list: open ones, closed and rejected hidden"
is "$(refs xf-status list -A)" "1 2 3 4 5 6" "-A: all"

# --- -s -------------------------------------------------------------------------
is "$(refs xf-status list -s new,accepted)" "2 6" "-s new,accepted"
is "$(refs xf-status list -s closed)" "5" "-s closed lists closed ones"
is "$(refs xf-status list -s rejected,closed)" "4 5" "-s rejected,closed"
is "$(refs xf-status list -s waiting)" "" "-s waiting: none"

# --- -c ---------------------------------------------------------------------------
is "$(refs xf-status list -c web)" "1" "-c web: the closed one hidden"
is "$(refs xf-status list -A -c web)" "1 5" "-A -c web"
is "$(refs xf-status list -c web,phone)" "1 2" "-c web,phone"

# --- received and updated times -------------------------------------------------
# A date as --until includes its day (xf(7), Times); a time is excluded.
is "$(refs xf-status list -A --since 2026-05-02 --until 2026-05-04)" "2 3 4" \
    "--since and --until dates: both days included"
is "$(refs xf-status list -A --since 2026-05-02 --until '2026-05-04 00:00')" \
    "2 3" "--until a time: excluded"
is "$(refs xf-status list -A --since 2026-05-04T06:00 --until 2026-05-04)" \
    "4" "--since and --until with a time of day"
is "$(refs xf-status list --since 2026年5月3日)" "3 6" "--since a Chinese date"
is "$(refs xf-status list -A --until 2026/05/02)" "1 2" "--until 2026/05/02"
is "$(refs xf-status list --updated-since 2026-06-05)" "3" \
    "--updated-since: open ones"
is "$(refs xf-status list -A --updated-since 2026-06-05)" "3 5" \
    "-A --updated-since"
# Times without a zone are local: 20:00 in Shanghai is 12:00 UTC.
is "$(TZ=Asia/Shanghai; export TZ; refs xf-status list -A \
    --since '2026-05-04 20:00' --until '2026-05-04 20:01')" "4" "--since and --until in the local zone"
is "$(refs xf-status list -A --since '2026-05-04 20:00' \
    --until '2026-05-04 20:01')" "" "the same times in UTC: none"
is "$(TZ=Asia/Shanghai xf-status list -s rejected | cut -f2 | sed 1d)" \
    "2026-05-04T20:00:00+08:00" "received_at printed in the local zone"
is "$(refs xf-status list -A --updated-until 2026-06-01)" "1 2" \
    "--updated-until a date: that day included"
is "$(refs xf-status list -A --updated-since 2026-06-02 --updated-until 2026-06-03)" \
    "4 6" "--updated-since and --updated-until"

# --- assignee, team, category, priority, flag -----------------------------------
is "$(refs xf-status list --assignee amy)" "3" "--assignee amy"
is "$(refs xf-status list -A --assignee tester)" "1 5" "-A --assignee tester"
is "$(refs xf-status list --assignee nobody)" "" "--assignee nobody: none"
db "UPDATE complaint SET team = 't1', category = 'billing', priority = 'P2',
    flags = 'legal,privacy' WHERE id = 2"
db "UPDATE complaint SET team = 't2', category = 'delivery', priority = 'P1',
    flags = 'privacy' WHERE id = 3"
db "UPDATE complaint SET team = 't1', category = 'billing', priority = 'P4',
    flags = 'media' WHERE id = 5"
is "$(refs xf-status list --team t1)" "2" "--team t1"
is "$(refs xf-status list -A --team t1)" "2 5" "-A --team t1"
is "$(refs xf-status list --category delivery)" "3" "--category delivery"
is "$(refs xf-status list --priority P2)" "2" "--priority P2"
is "$(refs xf-status list -A --priority P1,P2,P4)" "2 3 5" "--priority P1,P2,P4"
is "$(refs xf-status list --flag legal)" "2" "--flag legal in 'legal,privacy'"
is "$(refs xf-status list --flag privacy)" "2 3" "--flag privacy"
is "$(refs xf-status list --flag vip)" "" "--flag vip: none"
is "$(refs xf-status list --team t1 --priority P1)" "" "filters all hold"
is "$(refs xf-status list -A -s closed,new --team t1 -c phone)" "2" \
    "-s, --team and -c together"
run xf-status list -s new
printf '%s\n%s\n' "$H" \
    "XF-2026-000002	2026-05-02T00:00:00+00:00	new	phone	P2	billing	t1		张三	噪音扰民" > want
same_file want stdout "priority, category and team columns"

# --- -l --------------------------------------------------------------------------
is "$(refs xf-status list -l 2)" "1 2" "-l 2: the two oldest"
run xf-status list -l 0
is "$rc.$(cat stdout)" "0." "-l 0: nothing printed"
is "$(refs xf-status list -A -s closed,rejected -l 1)" "4" "-l with -s"

# --- bad values: exit 2, no rows ----------------------------------------------
for a in "-s bogus" "-s new,,accepted" "-c telex" "--priority P5" \
    "--priority P0" "--flag bad" "--flag legal,privacy" "-l x" "-l -1" \
    "--since garbage" "--updated-until 2026-13-01" "-o xml" "extra"; do
	# Under valgrind, a few bad values are enough.
	case $a in
	"-s bogus"|"--flag bad"|"-l x") ;;
	*)	if slow; then skip "list $a (slow)"; continue; fi ;;
	esac
	run xf-status list $a
	is "$rc.$(cat stdout)" "2." "list $a: exit 2, nothing printed"
done
run xf-status list -c telex
is "$(cat stderr)" "xf-status: -c: unknown channel 'telex': want email, phone, web, social, letter, visit or other, or a word xf-intake reads as one (xf-intake(1))" \
    "bad channel: message (tests/0089 has the words filters take)"

# --- output formats ----------------------------------------------------------------
run xf-status list -o table -s accepted,new
cat > want <<'EOF'
ref             received_at                status    channel  priority  category  team  assignee  complainant  subject     ack_due  due
XF-2026-000002  2026-05-02T00:00:00+00:00  new       phone    P2        billing   t1              张三         噪音扰民
XF-2026-000006  2026-05-06T00:00:00+00:00  accepted  social                                       Dan          Rude staff           in 61d
EOF
sed 's/ *$//' stdout > got
sed 's/ *$//' want > want2
same_file want2 got "-o table: aligned, by display width"
run xf-status -o jsonl list -s accepted
cat > want <<'EOF'
{"ref":"XF-2026-000006","received_at":"2026-05-06T00:00:00+00:00","status":"accepted","channel":"social","priority":null,"category":null,"team":null,"assignee":null,"complainant":"Dan","subject":"Rude staff"}
EOF
same_file want stdout "-o jsonl: one object a row, nulls"
run xf-status list -o csv -s new
printf '%s\r\n' "ref,received_at,status,channel,priority,category,team,assignee,complainant,subject" \
    "XF-2026-000002,2026-05-02T00:00:00+00:00,new,phone,P2,billing,t1,,张三,噪音扰民" > want
same_file want stdout "-o csv"

# --- -q: full-text search --------------------------------------------------------
fresh_db
cat > q.csv <<'EOF'
subject,body,received_at
申请退款,我在网上买的东西要求退款,2026-05-01
个人信息泄露,我的个人信息被泄露了,2026-05-02
信息公开,个人的事情与信息无关,2026-05-03
Refund request,Please refund my order,2026-05-04
Late delivery,Parcel never arrived; refunding was refused,2026-05-05
Wrong charge,Charged twice for one order,2026-05-06
退款，太慢,款项,2026-05-07
EOF
check "-q: import Chinese and English" xf-intake q.csv
run xf-status list -q 退款
is "$rc" 0 "-q 退款: exit 0"
is "$(refs xf-status list -q 退款)" "1 7" "-q 退款: a two-character word"
is "$(refs xf-status list -q 个人信息)" "2" \
    "-q 个人信息: not where 个人 and 信息 are apart"
is "$(refs xf-status list -q refund)" "4" "-q refund: case-insensitive, whole word"
is "$(refs xf-status list -q 'refun*')" "4 5" "-q 'refun*': prefix"
is "$(refs xf-status list -q 'refund order')" "4" "-q 'refund order': both words"
is "$(refs xf-status list -q 'ＲＥＦＵＮＤ')" "4" "-q full-width letters"
is "$(refs xf-status list -q 款太)" "" "-q does not match across punctuation"
is "$(refs xf-status list -q 申)" "1" "-q one character, first in a run"
is "$(refs xf-status list -q 项)" "7" "-q one character, last in a run"
is "$(refs xf-status list -q refunds)" "" "-q refunds: not a prefix search"
is "$(refs xf-status list -q nothing)" "" "-q with no match: no rows"
xf-status reject -m spam 4 > /dev/null
is "$(refs xf-status list -q refund)" "" "-q keeps the open-only default"
is "$(refs xf-status list -A -q refund)" "4" "-q with -A"
run xf-status list -q ' ;; '
is "$rc" 2 "-q with no words: exit 2"
cat > q2.csv <<'EOF'
subject,body,received_at
退款太慢,Refund still not paid,2026-05-08
EOF
xf-intake q2.csv > /dev/null 2>&1
is "$(refs xf-status list -q 退款)" "1 7 8" "-q after another import finds the new rows"
is "$(refs xf-status list -q 'refund paid')" "8" "-q English in a new row"

# --- CSV for spreadsheets: no formulas; a full disk is an error ---------------
cat > inj.csv <<'EOF2'
subject,body,complainant,received_at
"=HYPERLINK(""http://x"")",b,+123,2026-05-10
@SUM(1),c,-5,2026-05-11
EOF2
xf-intake inj.csv > /dev/null 2>&1
run xf-status list -o csv --since 2026-05-10
printf '%s\r\n' "ref,received_at,status,channel,priority,category,team,assignee,complainant,subject" \
    "XF-2026-000009,2026-05-10T00:00:00+00:00,new,other,,,,,\"'+123\",\"'=HYPERLINK(\"\"http://x\"\")\"" \
    "XF-2026-000010,2026-05-11T00:00:00+00:00,new,other,,,,,\"'-5\",\"'@SUM(1)\"" > want
same_file want stdout "-o csv: cells that start a formula are neutralised"
run xf-status list --since 2026-05-10
is "$(cut -f9,10 stdout | sed 1d)" "+123	=HYPERLINK(\"http://x\")
-5	@SUM(1)" "TSV: the same cells as they are"
if [ -w /dev/full ]; then
	run sh -c 'xf-status list > /dev/full'
	is "$rc|$(cat stderr)" "1|xf-status: stdout: No space left on device" \
	    "list to a full disk: exit 1"
else
	skip "no /dev/full"
fi

# --- index: the search index brought up to date ahead of a search ----------------
cat > q3.csv <<'EOF'
subject,body,received_at
退款又慢,still no refund,2026-05-09
EOF
xf-intake q3.csv > /dev/null 2>&1
is "$(db "select indexed_upto < (select max(id) from complaint) from search_state")" 1 \
    "an import leaves the index behind"
run xf-status index
is "$rc|$(cat stdout stderr)" "0|" "index: exit 0, prints nothing"
is "$(db "select indexed_upto = (select max(id) from complaint) from search_state")" 1 \
    "index: the index covers every complaint"
is "$(db "select count(*) from complaint_fts where complaint_fts match '\"又慢\"'")" 1 \
    "index: the new complaint is in it"
run xf-status index
is "$rc|$(cat stdout stderr)" "0|" "index again: nothing to do, exit 0"
run xf-status index extra
is "$rc" 2 "index takes no operand: exit 2"
