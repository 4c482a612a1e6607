#!/bin/sh
# xf-classify and its model: train from a labelled file or from the
# categories people set, classify what no rule decides (method model, or
# review under the threshold), explain, predict; the newest model is used.
# The confidences are naive Bayes (-m nb), worked out by hand; the
# default linear model on the same kind of data is tests/0161.
. "$(dirname "$0")/lib.sh"

plan 64

export XF_SHARE="$XF_ROOT/share"
H='ref	category	priority	flags	confidence	method'

# conf_in LO HI VALUE: LO <= VALUE <= HI, as numbers.
conf_in() {
	awk -v lo="$1" -v hi="$2" -v v="$3" \
	    'BEGIN { exit !(v != "" && v + 0 >= lo && v + 0 <= hi) }'
}

# No text here matches a default rule.
cat > train.csv <<'EOF'
text,label
楼上装修噪音太大，每天早上七点就开始电钻,noise
晚上广场舞音乐声音太吵，影响休息,noise
隔壁酒吧半夜噪音扰民，无法入睡,noise
工地夜间施工噪音，吵得孩子睡不着,noise
The neighbours play loud music every night and I cannot sleep,noise
Construction noise starts at six in the morning next to my flat,noise
路灯坏了一个月没人修，晚上很黑,road
小区门口的马路坑洼不平，下雨积水,road
人行道上的井盖丢了，非常危险,road
红绿灯坏了，路口车辆混乱,road
The street lamp outside my house has been dark for weeks,road
There is a deep pothole on Main Street that damages cars,road
自来水发黄有异味，不敢喝,water
小区停水三天了也没有通知,water
水压太低，楼上根本没有水,water
水管爆裂，楼道里全是水,water
Tap water smells of chlorine and looks brown,water
The water pressure in our building is too low to shower,water
EOF

# --- train from a labelled file ----------------------------------------------------
run xf-classify train -m nb -l text,label train.csv
is "$rc" 0 "train -l: exit 0"
is "$(sed 's/ in [0-9.]* s of CPU time ([0-9]* a second)$/ in T/' stderr)" \
"xf-classify: learned 18 texts in T
xf-classify: trained 18 texts in T
xf-classify: trained on 18 examples, 3 labels: noise,road,water" \
    "train -l: summary on stderr"
is "$(cat stdout)" "" "train -l: nothing on stdout"
is "$(db "select id, created_at, examples, labels, typeof(data) from model")" \
    "1|1780272000|18|noise,road,water|blob" "train -l: the model stored"

cat > m.csv <<'EOF'
subject,body
楼下噪音,楼下酒吧每天半夜音乐太吵，无法入睡
Dark street,The street lamp on our road is dark again
停水,小区又停水了，自来水也发黄
Hello,xyzzy plugh
Refund,I want a refund
EOF
check "import five complaints" xf-intake m.csv
run xf-classify -a
is "$rc" 0 "classify with a model: exit 0"
is "$(cut -f1-4,6 stdout)" "ref	category	priority	flags	method
XF-2026-000001	noise	P3		model
XF-2026-000002	road	P3		model
XF-2026-000003	water	P3		model
XF-2026-000004		P3		review
XF-2026-000005	billing	P3		rules" \
    "no rule: the model's label; unknown words: review; a rule still comes first"
c1=$(sed -n 2p stdout | cut -f5)
c2=$(sed -n 3p stdout | cut -f5)
c3=$(sed -n 4p stdout | cut -f5)
ok "$(conf_in 0.9 1 "$c1"; echo $?)" "noise: confident ($c1)"
ok "$(conf_in 0.5 0.99 "$c2"; echo $?)" "road: confident, not certain ($c2)"
ok "$(conf_in 0.9 1 "$c3"; echo $?)" "water: confident ($c3)"
is "$(sed -n 5p stdout | cut -f5)" 0.33 \
    "no known word: the prior of three equal classes, 0.33"
is "$(sed -n 6p stdout | cut -f5)" 1.00 "rules: confidence 1.00"
is "$(db "select coalesce(category, 'NULL') from complaint where id = 4")" NULL \
    "review: no category stored"
is "$(db "select field || '|' || new || '|' || reason from event where
    complaint_id = 4 and kind = 'classify'")" "priority|P3|model 0.33" \
    "review: the reason gives the model's confidence"
is "$(db "select reason from event where complaint_id = 2 and field = 'category'")" \
    "model $c2" "model: the reason gives the confidence"

# --- the threshold --------------------------------------------------------------------
run xf-classify -n -t 0.99 1 2 3 4
is "$(cut -f1,2,6 stdout | tail -n +2 | tr '\t\n' ': ')" \
    "XF-2026-000001:noise:model XF-2026-000002::review XF-2026-000003:water:model XF-2026-000004::review " \
    "-t 0.99: the uncertain ones go to review with no category"
is "$(sed -n 3p stdout | cut -f5)" "$c2" "-t 0.99: the confidence still shown"
run xf-classify -t 0.99 2
is "$(db "select coalesce(category, 'NULL') || '|' || priority from complaint where id = 2")" \
    "NULL|P3" "-t 0.99: the model's category taken back"
is "$(db "select field || '|' || old || '|' || coalesce(new, 'NULL') || '|' || reason
    from event where complaint_id = 2 and kind = 'classify' order by id desc limit 1")" \
    "category|road|NULL|model $c2" "-t 0.99: event for the category removed"
run xf-classify -t 0 -n 4
is "$(tail -1 stdout)" "XF-2026-000004	noise	P3		0.33	model" \
    "-t 0: even a guess is taken (ties go to the first label)"
run xf-classify -t 1 -n 2
is "$(tail -1 stdout | cut -f2,6)" "	review" "-t 1: only certainty would do"

# --- explain ---------------------------------------------------------------------------
run xf-classify explain XF-2026-000001
is "$rc" 0 "explain: exit 0"
is "$(sed -n 1,7p stdout | cut -f1 | tr '\n' ' ')$(sed -n '8,$p' stdout | cut -f1 | sort -u | tr '\n' ' ')" \
    "ref category priority flags method why rules model token " \
    "explain: ref category priority flags method why rules model, then tokens"
is "$(sed -n 1,5p stdout)" "ref	XF-2026-000001
category	noise
priority	P3
flags	
method	model" "explain: the decision"
like "$(sed -n 6,8p stdout)" "why	model $c1
rules	none
model	noise $c1 (then *)" "explain: why, no rule, the model's label and runner-up"
check "explain: token lines are token, weight, count" \
    sh -c '! sed -n "9,\$p" stdout | grep -Ev "^token	[^	]+	[+-][0-9]+\.[0-9][0-9]	x[0-9]+\$"'
check "explain: the words that speak for noise" grep -q '^token	噪音	+' stdout
is "$(sed -n '9,$p' stdout | wc -l | tr -d ' ')" 12 "explain: at most twelve tokens"

run xf-classify explain 5
cat > want <<EOF
ref	XF-2026-000005
category	billing
priority	P3
flags	
method	rules
why	rules rules.tsv:16
rules	rules.tsv:16
EOF
is "$(sed -n 1,7p stdout)" "$(cat want)" "explain a rules decision"
like "$(sed -n 8p stdout)" "model	* (then *)" "explain a rules decision: the model's view too"
before=$(db "select count(*) from event")
run xf-classify explain 3
is "$(db "select count(*) from event")" "$before" "explain writes nothing"
exit_is 1 "explain a bad ref: exit 1" xf-classify explain XF-2026-999999
is "$(cat stderr)" "xf-classify: XF-2026-999999: no such complaint" "explain a bad ref: message"
exit_is 2 "explain with no ref: exit 2" xf-classify explain
exit_is 2 "explain with two refs: exit 2" xf-classify explain 1 2

# --- predict -----------------------------------------------------------------------------
cat > p.csv <<'EOF'
id,text
a,楼上噪音太吵
b,water is brown
c,
d,xyzzy
e,pothole on my street
EOF
run xf-classify predict -l text p.csv
is "$rc" 0 "predict: exit 0"
is "$(sed -n 1,3p stdout | cut -f1,2)" "row	label
1	noise
2	water" "predict: row label"
is "$(grep '	road	' stdout | cut -f1)" 5 \
    "predict: rows keep their numbers after a row with an empty text (pothole is row 5)"
check "predict: confidence with three decimals" \
    sh -c '! tail -n +2 stdout | cut -f3 | grep -Ev "^[01]\.[0-9]{3}\$"'
printf 'text\nxyzzy\n' > p1.csv
run xf-classify predict -l text p1.csv
is "$(tail -1 stdout)" "1	noise	0.333" "predict: no known word, the prior"
printf 'text\tlabel\n噪音太吵\tnoise\n' > p.tsv
run xf-classify predict -l text p.tsv
is "$(tail -1 stdout | cut -f1,2)" "1	noise" "predict: a .tsv file read as TSV"
run xf-classify predict -l nope p.csv
is "$rc|$(cat stderr)" "1|xf-classify: p.csv: no column 'nope'" "predict: a missing column, exit 1"
exit_is 2 "predict without -l: exit 2" xf-classify predict p.csv
exit_is 1 "predict a missing file: exit 1" xf-classify predict -l text nope.csv

# --- the newest model is the one used ---------------------------------------------------------
printf 'text,label\nxyzzy plugh,magic\nplain words,plain\n' > t2.csv
check "train a second model" xf-classify train -m nb -l text,label t2.csv
run xf-classify -n 4
is "$(tail -1 stdout | cut -f2,6)" "magic	model" "the newest model decides"
is "$(db "select group_concat(labels, ';') from model")" "noise,road,water;magic,plain" \
    "both models kept"

# --- train from the store: the categories people set --------------------------------------------
fresh_db
sed 1d train.csv | awk -F, 'BEGIN { print "subject,body" } { print "t" NR "," $1 }' > s.csv
printf 'extra,I want a refund\n' >> s.csv
check "import the training texts as complaints" xf-intake s.csv
check "people set noise" xf-classify set --category noise -m ok 1 2 3 5 6
check "people set road" xf-classify set --category road -m ok 7 8 9 11 12
check "people set water" xf-classify set --category water -m ok 13 14 15 17 18
check "rules decide one (not a training example)" xf-classify 19
run xf-classify train -m nb
is "$rc|$(tail -n 1 stderr)" "0|xf-classify: trained on 15 examples, 3 labels: noise,road,water" \
    "train from the store: the 15 categories people set"
run xf-classify 4 10 16
is "$(cut -f1,2,6 stdout | tail -n +2 | tr '\t\n' ': ')" \
    "XF-2026-000004:noise:model XF-2026-000010:road:model XF-2026-000016:water:model " \
    "train from the store: the held-out ones classified by the model"
run xf-classify eval -k 3
is "$(sed -n 1,2p stdout | tr '\t\n' ': ')" "examples:15 folds:3 " "eval from the store"

# --- nothing to learn from -------------------------------------------------------------------------
fresh_db
check "import, nobody sets anything" xf-intake m.csv
check "classify by rules only" xf-classify 5
run xf-classify train -m nb
is "$rc|$(cat stderr)" \
    "1|xf-classify: nothing to learn from: no labelled complaints (set categories with xf-classify set, or give -l file)" \
    "train with nothing labelled: exit 1, message"
is "$(db "select count(*) from model")" 0 "train with nothing labelled: no model"
printf 'text,label\none,\n,two\n' > nolabel.csv
run xf-classify train -l text,label nolabel.csv
is "$rc|$(cat stderr)" \
    "1|xf-classify: 2 rows without text or label (or not UTF-8) skipped
xf-classify: nothing to learn from: no labelled complaints (set categories with xf-classify set, or give -l file)" \
    "train -l with no labelled row: exit 1, rows skipped said"
exit_is 2 "train -l without a label column: exit 2" xf-classify train -l text train.csv
run xf-classify train -l text,nope train.csv
is "$rc|$(cat stderr)" "1|xf-classify: train.csv: no column 'nope'" \
    "train -l naming a missing column: exit 1"
is "$(db "select count(*) from model")" 0 "failed trainings: no model"
run xf-classify predict -l text p.csv
is "$rc|$(cat stderr)" "1|xf-classify: $XF_DB: no model: train one with xf-classify train" \
    "predict with no model: exit 1"
