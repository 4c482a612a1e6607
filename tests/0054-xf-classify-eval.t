#!/bin/sh
# xf-classify eval: k-fold cross-validation on real data, 389 CFPB
# narratives labelled by product (tests/data/cfpb-sample.csv); the report
# (examples, folds, macro F1, accuracy, the least recall, a per-class
# table, the confusion matrix, the share decided and its accuracy at
# each threshold) checked for form and for consistency with itself.
. "$(dirname "$0")/lib.sh"

plan 33

CFPB=$XF_DATA/cfpb-sample.csv
SPEC='Consumer complaint narrative,Product'

run xf-classify eval -k 5 -l "$SPEC" "$CFPB"
is "$rc" 0 "eval -k 5: exit 0"
is "$(cat stderr)" "xf-classify: 1677 rows without text or label (or not UTF-8) skipped" \
    "eval: the 1677 rows with no narrative skipped, and said so"
cp stdout report
is "$(sed -n 1,2p report)" "examples	389
folds	5" "eval: examples and folds"
like "$(sed -n 3p report)" "macro_f1	0.[0-9][0-9][0-9][0-9]" "eval: macro_f1 line, the headline"
like "$(sed -n 4p report)" "accuracy	0.[0-9][0-9][0-9][0-9]" "eval: accuracy line"
like "$(sed -n 5p report)" "min_recall	[01].[0-9][0-9][0-9][0-9]" "eval: min_recall line"
f1=$(sed -n 3p report | cut -f2)
acc=$(sed -n 4p report | cut -f2)
minr=$(sed -n 5p report | cut -f2)
awk -v a="$acc" 'BEGIN { exit !(a >= 0.5 && a <= 1) }'
ok $? "eval: accuracy $acc between 0.5 and 1"
awk -v a="$f1" 'BEGIN { exit !(a > 0 && a <= 1) }'
ok $? "eval: macro_f1 $f1 between 0 and 1"
is "$(sed -n 6p report)" "" "eval: a blank line after the summary"
is "$(sed -n 7p report)" "label	precision	recall	f1	support" "eval: per-class header"

# The classes and their support, counted independently (Python's csv):
#   Counter(r['Product'] for r in csv.DictReader(f)
#           if r['Consumer complaint narrative'])
sed -n '8,16p' report | cut -f1,5 | sort > got
sort > want <<'EOF'
Checking or savings account	28
Credit card or prepaid card	52
Credit reporting, credit repair services, or other personal consumer reports	258
Debt collection	16
Money transfer, virtual currency, or money service	7
Mortgage	17
Payday loan, title loan, or personal loan	3
Student loan	1
Vehicle loan or lease	7
EOF
same_file want got "eval: one row per class with its support"
check "eval: precision, recall, f1 in [0, 1] with four decimals" sh -c '
sed -n "8,16p" report | awk -F "\t" "
NF != 5 { exit 1 }
{ for (i = 2; i <= 4; i++) if (\$i !~ /^[01]\\.[0-9][0-9][0-9][0-9]\$/ || \$i > 1) exit 1 }"'
is "$(sed -n 17p report)" "" "eval: a blank line after the table"
is "$(sed -n 18,19p report)" "confusion (rows true, columns predicted)
label	1	2	3	4	5	6	7	8	9" "eval: confusion header"
is "$(sed -n '20,28p' report | wc -l | tr -d ' ')" 9 "eval: nine confusion rows"
is "$(sed -n '20,28p' report | cut -f1 | sed 's/ .*//' | tr '\n' ' ')" \
    "1 2 3 4 5 6 7 8 9 " "eval: confusion rows numbered"
is "$(sed -n '20,28p' report | cut -f1 | sed 's/^[0-9]* //')" \
    "$(sed -n '8,16p' report | cut -f1)" "eval: confusion rows in the table's order"
# Rows of the confusion matrix add up to the support; the diagonal over
# all is the accuracy; macro F1 is the mean of the F1 column.
is "$(sed -n '20,28p' report | awk -F '\t' '{ s = 0; for (i = 2; i <= NF; i++) s += $i; print s }')" \
    "$(sed -n '8,16p' report | cut -f5)" "eval: confusion rows add up to the support"
is "$(sed -n '20,28p' report | awk -F '\t' '{ d += $(NR + 1); for (i = 2; i <= NF; i++) n += $i } END { printf "%.4f", d / n }')" \
    "$acc" "eval: the diagonal gives the accuracy"
sed -n '8,16p' report | awk -F '\t' -v f="$f1" '{ s += $4 }
    END { d = s / NR - f; exit !(d < 0.0005 && d > -0.0005) }'
ok $? "eval: macro_f1 is the mean F1 (to rounding)"
is "$(sed -n '8,16p' report | cut -f3 | sort -n | head -n 1)" "$minr" \
    "eval: min_recall is the least recall of the table"
is "$(sed -n 29,30p report)" "
threshold	decided	accuracy	review" "eval: the threshold table's header"
is "$(sed -n '31,$p' report | cut -f1 | tr '\n' ' ')" \
    "0.50 0.60 0.70 0.80 0.90 0.95 0.98 0.99 " "eval: eight thresholds"
# At 0.50 or more the model may decide fewer, never more; decided and
# review add up to 1.
sed -n '31,$p' report | awk -F '\t' 'NR > 1 && $2 > last { exit 1 }
    { d = $2 + $4 - 1; if (d > 0.0001 || d < -0.0001) exit 1; last = $2 }'
ok $? "eval: decided shrinks as the threshold rises, review is the rest"
# A confidence that means something: the texts above 0.5 are right more
# often than all of them.
awk -v a="$acc" -v d="$(sed -n 31p report | cut -f3)" 'BEGIN { exit !(d > a) }'
ok $? "eval: the decided texts at 0.50 are more often right than all"
test ! -e "$XF_DB"
ok $? "eval -l creates no store"

# The same seed gives the same folds: two runs, the same report.
run xf-classify eval -k 5 -l "$SPEC" "$CFPB"
same_file report stdout "eval: the same report twice"

run xf-classify eval -k 20 -l "$SPEC" "$CFPB"
is "$rc.$(sed -n 2p stdout)" "0.folds	20" "eval -k 20: the most folds"
run xf-classify eval -k 2 -l "$SPEC" "$CFPB"
is "$rc.$(sed -n 2p stdout)" "0.folds	2" "eval -k 2: the fewest folds"

exit_is 2 "eval -k 1: exit 2" xf-classify eval -k 1 -l "$SPEC" "$CFPB"
is "$(cat stderr)" "xf-classify: -k 1: want 2 to 20 folds" "eval -k 1: message"
exit_is 2 "eval -k 21: exit 2" xf-classify eval -k 21 -l "$SPEC" "$CFPB"
exit_is 2 "eval -k x: exit 2" xf-classify eval -k x -l "$SPEC" "$CFPB"
