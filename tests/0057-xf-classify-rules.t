#!/bin/sh
# xf-classify with rules: the default rules (share/rules.tsv) on Chinese
# and English texts for each risk and each category, ASCII keywords as
# words ("sue" is not in "issue"), the priority table; a custom -r file
# (keywords, regex, fields, category, priority, flags); rules files that
# are wrong stop the run before anything is classified.
. "$(dirname "$0")/lib.sh"

plan 49

export XF_SHARE="$XF_ROOT/share"
R=rules.tsv	# reasons name a rules file without its folder
H='ref	category	priority	flags	confidence	method'

# dump: the whole store as SQL, to show a failed run changed nothing.
dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump | cksum
}

# --- the default rules, one risk or category a row --------------------------
# No contact on any row: no repeat, no collective, only the rules speak.
cat > d.csv <<'EOF'
subject,body
个人信息泄露,我的个人信息被泄露了
数据被卖,我在这家店登记的数据被卖了
Data breach,There was a DATA BREACH at the shop
GDPR,Please erase my records under the Gdpr
找律师,我已经委托律师处理此事
起诉,再不处理我就起诉你们
12315,我已经打了12315
工信部,我要向工信部反映
Lawsuit,I am preparing a lawsuit against them
曝光,再不解决我就把这件事曝光
记者,我已经联系了记者
微博,我会把经过发微博
热搜,这件事迟早上热搜
Journalist,A journalist will hear about this
An issue,I have an issue with the thing
Sue,If this goes on I will sue
Tissue,The tissues were wet and the suede was torn
扣费,无故扣费三次
Refund,I want a refund now
登录,手机号无法登录
Password,I forgot my password
快递,快递三天没动
Parcel,My parcel never came
闪退,打开就闪退
Crash,The app crashes at start
客服,客服态度太差
Rude,The agent was rude to me
低俗广告,首页全是低俗内容
Copyright,They used my photo against copyright
建议增加夜间模式,晚上看屏幕太亮
Suggestion: dark mode,The screen is too bright at night
关于夜班,我有个建议
律师和记者,我已请了律师，也联系了记者
联名信,我们联名投诉这个小区的物业
Breach and refund,A data breach and I want a refund
媒体,无
EOF
check "import the default-rules texts" xf-intake d.csv
run xf-classify -a
is "$rc" 0 "default rules: exit 0"
cat > want <<EOF
$H
XF-2026-000001	privacy	P2	privacy	1.00	rules
XF-2026-000002	privacy	P2	privacy	1.00	rules
XF-2026-000003	privacy	P2	privacy	1.00	rules
XF-2026-000004	privacy	P2	privacy	1.00	rules
XF-2026-000005		P2	legal	0.00	none
XF-2026-000006		P2	legal	0.00	none
XF-2026-000007		P2	legal	0.00	none
XF-2026-000008		P2	legal	0.00	none
XF-2026-000009		P2	legal	0.00	none
XF-2026-000010		P2	media	0.00	none
XF-2026-000011		P2	media	0.00	none
XF-2026-000012		P2	media	0.00	none
XF-2026-000013		P2	media	0.00	none
XF-2026-000014		P2	media	0.00	none
XF-2026-000015		P3		0.00	none
XF-2026-000016		P2	legal	0.00	none
XF-2026-000017		P3		0.00	none
XF-2026-000018	billing	P3		1.00	rules
XF-2026-000019	billing	P3		1.00	rules
XF-2026-000020	account	P3		1.00	rules
XF-2026-000021	account	P3		1.00	rules
XF-2026-000022	delivery	P3		1.00	rules
XF-2026-000023	delivery	P3		1.00	rules
XF-2026-000024	technical	P3		1.00	rules
XF-2026-000025	technical	P3		1.00	rules
XF-2026-000026	service	P3		1.00	rules
XF-2026-000027	service	P3		1.00	rules
XF-2026-000028	content	P3		1.00	rules
XF-2026-000029	content	P3		1.00	rules
XF-2026-000030	suggestion	P3		1.00	rules
XF-2026-000031	suggestion	P3		1.00	rules
XF-2026-000032		P3		0.00	none
XF-2026-000033		P1	legal,media	0.00	none
XF-2026-000034		P1	collective	0.00	none
XF-2026-000035	privacy	P2	privacy	1.00	rules
XF-2026-000036		P2	media	0.00	none
EOF
same_file want stdout "default rules: risks (zh, en), categories, sue/issue, combinations"
is "$(cat stderr)" "" "default rules: nothing on stderr"
is "$(db "select category || '|' || priority || '|' || flags || '|' ||
    classified_at from complaint where id = 1")" "privacy|P2|privacy|1780272000" \
    "default rules: category, priority, flags and classified_at stored"
is "$(db "select count(*) from complaint where category is null and
    classified_at is not null")" 17 "no category: stored as NULL"

# The events of one complaint: a field each, the rules that decided.
cat > want <<EOF
35|1780272000|tester|classify|category|-|privacy|rules $R:10 $R:16
35|1780272000|tester|classify|priority|-|P2|rules $R:10 $R:16
35|1780272000|tester|classify|flags|-|privacy|rules $R:10 $R:16
EOF
db "select complaint_id, at, actor, kind, field, coalesce(old, '-'),
    coalesce(new, '-'), reason from event where complaint_id = 35 and
    kind = 'classify' order by id" > got
same_file want got "events: category, priority, flags; reason names file:line of each rule"
is "$(db "select count(*) from event where complaint_id = 15 and kind = 'classify'")" 1 \
    "no rule: only the priority changes (one event)"
is "$(db "select field || '|' || new || '|' || reason from event where
    complaint_id = 15 and kind = 'classify'")" "priority|P3|none" \
    "no rule: the reason says none"
is "$(db "select group_concat(id) from complaint where flags like '%collective%'")" \
    34 "the collective rule flags its complaint only (no near-duplicates here)"

# --- the priority table by kind ---------------------------------------------
cat > k.csv <<'EOF'
subject,body,kind
一条建议,希望增加夜间公交,建议
一个咨询,请问怎么办理,咨询
查询个人信息,怎么查询我的个人信息,咨询
意见,路边的树太少了,意见
EOF
check "import other kinds" xf-intake k.csv
run xf-classify 37 38 39 40
cat > want <<EOF
$H
XF-2026-000037	suggestion	P4		1.00	rules
XF-2026-000038		P4		0.00	none
XF-2026-000039	privacy	P2	privacy	1.00	rules
XF-2026-000040		P4		0.00	none
EOF
same_file want stdout "kinds other than complaint: P4; privacy still P2"

# --- ASCII keywords stand as words; CJK keywords are substrings ----------------
cat > w.csv <<'EOF'
subject,body
w1,我要sue你们
w2,sue!
w3,SUED them already
w4,pursue the matter
w5,"courtesy call, press-ganged"
w6,打12315投诉
w7,我的隐私被侵犯
EOF
check "import word-boundary texts" xf-intake w.csv
run xf-classify 41 42 43 44 45 46 47
is "$(cut -f1,4 stdout | tail -n +2 | tr '\t\n' ': ')" \
    "XF-2026-000041:legal XF-2026-000042:legal XF-2026-000043: XF-2026-000044: XF-2026-000045:media XF-2026-000046:legal XF-2026-000047:privacy " \
    "ASCII keyword next to CJK or punctuation matches; inside a word it does not"

# --- a custom rules file (-r) ------------------------------------------------------
printf '%s\n' \
    '# custom rules: a comment, then a blank line' \
    '' \
    'subject	regex	^\[(urgent|紧急)\]	-	P1	-' \
    'body	keywords	WiFi, 宽带,Broadband	network	P3	-' \
    'any	regex	(退|返)还.{0,6}押金	deposit	-	legal' \
    '  # an indented comment' \
    'any	keywords	VIP客户,Gold Member	-	-	vip' \
    'any	keywords	押金	other	P4	-' > custom.tsv
cat > c.csv <<'EOF'
subject,body
[URGENT] wifi down,The WiFi has been down all day
WiFi,nothing else here
押金,请尽快返还我的押金
Status,I am a GOLD MEMBER and expect better
网,宽带又断了
[紧急],个人信息被泄露
urgent [urgent],broadband
押金,押金的事
EOF
check "import custom-rules texts" xf-intake c.csv
run xf-classify -r custom.tsv 48 49 50 51 52 53 54 55
is "$rc" 0 "-r: exit 0"
cat > want <<EOF
$H
XF-2026-000048	network	P1		1.00	rules
XF-2026-000049		P3		0.00	none
XF-2026-000050	deposit	P2	legal	1.00	rules
XF-2026-000051		P2	vip	0.00	none
XF-2026-000052	network	P3		1.00	rules
XF-2026-000053		P1		0.00	none
XF-2026-000054	network	P3		1.00	rules
XF-2026-000055	other	P3		1.00	rules
EOF
same_file want stdout "-r: subject/body fields, regex (case-insensitive, anchored), keywords, first category, minimum priority, flags; default rules unused"
is "$(db "select reason from event where complaint_id = 50 and field = 'category'")" \
    "rules custom.tsv:5 custom.tsv:8" \
    "-r: line numbers count comments and blank lines"
is "$(db "select reason from event where complaint_id = 48 and field = 'category'")" \
    "rules custom.tsv:3 custom.tsv:4" "-r: subject regex and body keyword both named"

# CRLF line ends read the same.
sed 's/$/\r/' custom.tsv > crlf.tsv
run xf-classify -n -r crlf.tsv 48 49 50 51 52 53 54 55
same_file want stdout "-r: a CRLF rules file gives the same result"

# A space either side of a comma in a keyword list.
printf 'body\tkeywords\tfoo , 宽带 ,bar\tnetwork\t-\t-\n' > spaced.tsv
run xf-classify -n -r spaced.tsv 52
is "$(cut -f2,6 stdout | tail -1)" "network	rules" \
    "-r: spaces around commas in a keyword list are not part of the keyword"

# -r explain names the custom rules.
run xf-classify explain -r custom.tsv 50
is "$(grep '^rules' stdout)" "rules	custom.tsv:5 custom.tsv:8" "explain -r: the custom rules that matched"

# --- rules files that are wrong: nothing classified ------------------------------
printf 'subject,body\nfresh one,never classified here\n' > f.csv
check "import an unclassified complaint" xf-intake f.csv
before=$(dump)

printf '# ok line next\nany\tkeywords\tfoo\t-\t-\t-\nany\tregex\t(foo\t-\t-\t-\n' > bad.tsv
run xf-classify -r bad.tsv -a
is "$rc" 2 "bad regex: exit 2 (a configuration error)"
like "$(cat stderr)" "xf-classify: bad.tsv:3: bad regex '(foo': *(nothing classified)" \
    "bad regex: message names file:line and the pattern"
is "$(wc -l < stderr | tr -d ' ')" 1 "bad regex: one line of error"
# Stacked repetitions and huge bounds: glibc's regcomp took 2 GB for
# forty pluses (tests/fuzz/conf); refused before it is asked.
printf 'any\tregex\tab+++++++++++++++++++++++++++++++++++++++c\t-\t-\t-\n' > stack.tsv
run xf-classify -r stack.tsv -a
is "$rc|$(cat stderr)" "2|xf-classify: stack.tsv:1: bad regex 'ab+++++++++++++++++++++++++++++++++++++++c': a repetition of a repetition (nothing classified)" \
    "a repetition of a repetition: refused, exit 2"
printf 'any\tregex\tx{1,9999}\t-\t-\t-\nany\tregex\t[+*]+ (a+)+ x{2,5}\t-\t-\t-\n' > big.tsv
run xf-classify -r big.tsv -a
is "$rc|$(cat stderr)" "2|xf-classify: big.tsv:1: bad regex 'x{1,9999}': a repetition count over 255 (nothing classified)" \
    "a bound over 255: refused; brackets, groups and small bounds are fine"
is "$(cat stdout)" "" "bad regex: no output, not even a header"
is "$(dump)" "$before" "bad regex: store unchanged (nothing classified)"

run xf-classify -r bad.tsv 56
is "$rc.$(dump)" "2.$before" "bad regex with a ref: exit 2, store unchanged"

# rules_error NAME LINE WANT-MESSAGE
rules_error() {
	printf '%s\n' "$2" > r.tsv
	run xf-classify -r r.tsv 56
	is "$rc|$(cat stderr)|$(cat stdout)" "2|xf-classify: $3 (nothing classified)|" "$1"
}
rules_error "unknown field" "message	keywords	foo	-	-	-" \
    "r.tsv:1: unknown field 'message' (any, subject, body)"
rules_error "unknown flag" "any	keywords	foo	-	-	angry" \
    "r.tsv:1: unknown flag 'angry'"
rules_error "unknown flag in a list" "any	keywords	foo	-	-	legal,Media" \
    "r.tsv:1: unknown flag 'Media'"
rules_error "bad priority" "any	keywords	foo	-	P5	-" \
    "r.tsv:1: bad priority 'P5' (P1 to P4, or -)"
rules_error "priority in lower case" "any	keywords	foo	-	p1	-" \
    "r.tsv:1: bad priority 'p1' (P1 to P4, or -)"
rules_error "unknown match" "any	glob	foo	-	-	-" \
    "r.tsv:1: unknown match 'glob' (keywords, regex)"
rules_error "five columns" "any	keywords	foo	-	-" \
    "r.tsv:1: 5 columns, want 6 (field, match, pattern, category, priority, flags)"
rules_error "seven columns" "any	keywords	foo	-	-	-	x" \
    "r.tsv:1: more than 6 columns"
rules_error "no keywords" "any	keywords	 , ,	-	-	-" \
    "r.tsv:1: no keywords"
is "$(dump)" "$before" "bad rules files: store unchanged"

run xf-classify -r nope.tsv 56
is "$rc|$(cat stderr)|$(cat stdout)" \
    "2|xf-classify: nope.tsv: cannot read: No such file or directory (nothing classified)|" \
    "missing rules file: exit 2, message"
mkdir noshare
run env XF_SHARE="$T/noshare" xf-classify 56
is "$rc|$(cat stderr)" \
    "2|xf-classify: $T/noshare/rules.tsv: cannot read: No such file or directory (nothing classified)" \
    "XF_SHARE without rules.tsv: exit 2, the path it looked at"
run xf-classify explain -r bad.tsv 56
is "$rc" 2 "explain with a bad rules file: exit 2"
is "$(dump)" "$before" "missing rules: store unchanged"

# A rules file in GB18030, not UTF-8 (隐私 and 泄露 in GB18030 bytes):
# refused whole, like any bad line.
printf 'any\tkeywords\tfoo\t\322\376\313\275\t-\t-\nany\tkeywords\t\320\271\302\266\tleak\t-\t-\n' \
    > gbk.tsv
before=$(dump)
run xf-classify -r gbk.tsv 56
like "$rc|$(cat stderr)|$(grep -c XF- stdout)" "2|xf-classify: gbk.tsv:1: *|0" \
    "rules file not in UTF-8: exit 2, the line named, nothing classified"
is "$(dump)" "$before" "rules file not in UTF-8: store unchanged"

# XF_SHARE names where the default rules come from.
mkdir myshare
printf 'any\tkeywords\tnever classified\tmine\t-\t-\n' > myshare/rules.tsv
cp -R "$XF_ROOT/share/policy.tsv" "$XF_ROOT/share/calendar" myshare/
run env XF_SHARE="$T/myshare" xf-classify -n 56
is "$(cut -f2,6 stdout | tail -1)" "mine	rules" "XF_SHARE/rules.tsv used when there is no -r"

# --- UTF-8 ----------------------------------------------------------------------
xf-classify -n -a > all.out 2>&1
check "outputs are UTF-8" python3 -c '
import sys
for f in sys.argv[1:]:
    open(f, "rb").read().decode("utf-8")
' all.out want
