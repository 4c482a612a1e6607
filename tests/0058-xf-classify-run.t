#!/bin/sh
# xf-classify runs: refs from arguments or stdin (xf-intake | xf-classify),
# -a for the unclassified, -n dry run, bad refs, output formats, the
# events a run writes and a re-run does not, reasons that stay whole.
. "$(dirname "$0")/lib.sh"

plan 46

export XF_SHARE="$XF_ROOT/share"
R=$XF_ROOT/share/rules.tsv
H='ref	category	priority	flags	confidence	method'

dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump | cksum
}

utf8() {
	python3 -c '
import sys
for f in sys.argv[1:]:
    open(f, "rb").read().decode("utf-8")
' "$@"
}

cat > one.csv <<'EOF'
subject,body
Refund,I want a refund
EOF
cat > two.csv <<'EOF'
subject,body
个人信息,我的个人信息被泄露了
路灯,小区路灯坏了
EOF

# --- xf-intake | xf-classify on a fresh store ------------------------------------
# The first import of all creates the store while xf-classify starts.
xf-intake one.csv 2> /dev/null | xf-classify > out 2> err
is "$?|$(cat err)" "0|" "fresh store: xf-intake | xf-classify: exit 0, no error"
cat > want <<EOF
$H
XF-2026-000001	billing	P3		1.00	rules
EOF
same_file want out "fresh store: the new complaint classified"
fresh_db

# --- xf-intake | xf-classify --------------------------------------------------------
check "a store with one complaint" xf-intake one.csv
xf-intake two.csv 2> /dev/null | xf-classify > out 2> err
is "$?" 0 "xf-intake | xf-classify: exit 0"
cat > want <<EOF
$H
XF-2026-000002	privacy	P2	privacy	1.00	rules
XF-2026-000003		P3		0.00	none
EOF
same_file want out "xf-intake | xf-classify: the imported ones, the intake header skipped"
is "$(cat err)" "" "xf-intake | xf-classify: nothing on stderr"
is "$(db "select id from complaint where classified_at is null")" 1 \
    "xf-intake | xf-classify: the older complaint untouched"

# --- -a: the unclassified only ---------------------------------------------------------
cat > more.csv <<'EOF'
subject,body,received_at
Password,I forgot my password,2026-05-03
快递,快递三天没动,2026-05-01
Hello,nothing to see,2026-05-02
EOF
check "import three more" xf-intake more.csv
run xf-classify -a
is "$rc" 0 "-a: exit 0"
cat > want <<EOF
$H
XF-2026-000005	delivery	P3		1.00	rules
XF-2026-000006		P3		0.00	none
XF-2026-000004	account	P3		1.00	rules
XF-2026-000001	billing	P3		1.00	rules
EOF
same_file want stdout "-a: the unclassified ones, oldest received first"
run xf-classify -a
is "$rc.$(cat stdout)" "0." "-a again: nothing left, nothing printed"
is "$(db "select count(*) from complaint where classified_at is null")" 0 \
    "-a: all classified"

# --- re-running writes no event for what did not change ----------------------------------
n=$(db "select count(*) from event")
run xf-classify 1 2 3 4 5 6
is "$rc.$(db "select count(*) from event")" "0.$n" "re-classifying unchanged complaints: no events"

# A changed rule: one event per field that changed, old and new.
printf 'any\tkeywords\trefund\tpayments\tP1\tvip\n' > mine.tsv
run xf-classify -r mine.tsv 1
is "$(cut -f2-4 stdout | tail -1)" "payments	P1	vip" "changed rules: new result"
cat > want <<'EOF'
category|billing|payments|rules mine.tsv:1
priority|P3|P1|rules mine.tsv:1
flags||vip|rules mine.tsv:1
EOF
db "select field, coalesce(old, ''), coalesce(new, ''), reason from event
    where complaint_id = 1 and kind = 'classify' order by id" | tail -3 > got
same_file want got "changed rules: events with old and new values"
run xf-classify 1
cat > want <<EOF
category|payments|billing|rules rules.tsv:16
priority|P1|P3|rules rules.tsv:16
flags|vip||rules rules.tsv:16
EOF
db "select field, coalesce(old, ''), coalesce(new, ''), reason from event
    where complaint_id = 1 and kind = 'classify' order by id" | tail -3 > got
same_file want got "back to the default rules: the rule's flag removed, old values recorded"
check "the event chain is intact" xf-status verify

# --- refs on stdin --------------------------------------------------------------------------
printf 'ref\tother\nxf-2026-000002\tx\n\nXF-2026-000003\n' | xf-classify > out 2> err
is "$?" 0 "stdin refs: exit 0"
cat > want <<EOF
$H
XF-2026-000002	privacy	P2	privacy	1.00	rules
XF-2026-000003		P3		0.00	none
EOF
same_file want out "stdin refs: header and blank lines skipped, case ignored, first column"

# --- bad refs -------------------------------------------------------------------------------
run xf-classify XF-2026-000002 XF-2026-999999 bogus 3
is "$rc" 1 "bad refs: exit 1"
cat > want <<EOF
$H
XF-2026-000002	privacy	P2	privacy	1.00	rules
XF-2026-000003		P3		0.00	none
EOF
same_file want stdout "bad refs: the good ones still classified"
cat > want <<'EOF'
xf-classify: XF-2026-999999: no such complaint
xf-classify: bogus: no such complaint
EOF
same_file want stderr "bad refs: one message each"
printf 'XF-2026-999999\n2\n' | xf-classify > out 2> err
is "$?.$(tail -n +2 out | cut -f1)" "1.XF-2026-000002" "bad ref on stdin: exit 1, the rest classified"
run xf-classify "$(printf 'XF-%0300d' 1)"
is "$rc" 1 "a very long ref: exit 1"

# --- -n: dry run ------------------------------------------------------------------------------
printf 'subject,body\nGDPR,delete my data under gdpr\n' > dry.csv
check "import one more for -n" xf-intake dry.csv
before=$(dump)
run xf-classify -n -a
is "$rc" 0 "-n -a: exit 0"
cat > want <<EOF
$H
XF-2026-000007	privacy	P2	privacy	1.00	rules
EOF
same_file want stdout "-n -a: prints what it would do"
is "$(dump)" "$before" "-n -a: store unchanged"
run xf-classify -n -r mine.tsv 1 2
is "$rc.$(cut -f2 stdout | tail -n +2 | tr '\n' ' ')" "0.payments  " \
    "-n with refs: would-be results"
is "$(dump)" "$before" "-n with refs: store unchanged"
run xf-classify -a
same_file want stdout "after -n, a real run gives what -n said"

# --- output formats and usage -----------------------------------------------------------------
run xf-classify -o csv 2 3
printf '%s\r\n' ref,category,priority,flags,confidence,method \
    XF-2026-000002,privacy,P2,privacy,1.00,rules XF-2026-000003,,P3,,0.00,none \
    > want
same_file want stdout "-o csv: CRLF rows"
run xf-classify -o jsonl 2
is "$(cat stdout)" \
    '{"ref":"XF-2026-000002","category":"privacy","priority":"P2","flags":["privacy"],"confidence":1.00,"method":"rules"}' \
    "-o jsonl: one object a line"
exit_is 2 "-o xml: exit 2" xf-classify -o xml 2
exit_is 2 "-t 1.5: exit 2" xf-classify -t 1.5 2
exit_is 2 "-t abc: exit 2" xf-classify -t abc 2
exit_is 2 "unknown option: exit 2" xf-classify -Z 2
like "$(grep -c '^usage: xf-classify ' stderr)" 1 "usage on stderr"
run env XF_DB="$T/none.db" xf-classify 1
is "$rc.$(cat stderr)" "75.xf-classify: $T/none.db: no store here (xf-intake creates one)" \
    "no store: exit 75"

# --- reasons naming many rules stay whole (and UTF-8) ------------------------------------------
mkdir long-directory-name-for-the-rules
cp "$R" long-directory-name-for-the-rules/rules.tsv
L=long-directory-name-for-the-rules/rules.tsv
printf 'subject,body\neverything,"My privacy: I will sue, a journalist, all of us, refund, password, delivery, crash, rude, copyright"\n' > all.csv
check "import a text every default rule matches" xf-intake all.csv
run xf-classify -r $L 8
is "$(cut -f2-4 stdout | tail -1)" "privacy	P1	collective,legal,media,privacy" \
    "every rule: result"
is "$(db "select reason from event where complaint_id = 8 and field = 'category'")" \
    "rules rules.tsv:10 rules.tsv:11 rules.tsv:12 rules.tsv:13 rules.tsv:16 rules.tsv:17 rules.tsv:18 rules.tsv:19 rules.tsv:20 rules.tsv:21" \
    "every rule: the reason names all ten rules, none cut off"

# A rules file under a Chinese directory name: a reason cut at a byte
# count could end inside a character.
mkdir 规则a
printf 'any\tkeywords\tfoo\t-\t-\t-\n%.0s' 1 2 3 4 5 6 7 8 9 10 > 规则a/规则文件.tsv
printf 'subject,body\nfoo,foo bar\n' > foo.csv
check "import a foo" xf-intake foo.csv
run xf-classify -r 规则a/规则文件.tsv 9
is "$rc|$(cat stderr)" "0|" "ten rules under a CJK path: classified, no error"
run xf-classify explain -r 规则a/规则文件.tsv 9
check "ten rules under a CJK path: explain prints UTF-8" utf8 stdout
check "the event chain is still intact" xf-status verify
