#!/bin/sh
# (The threshold is the subject, not the model: naive Bayes, -m nb, whose
# confidences are worked out by hand in tests/unit/bayes.c.)
# The default threshold follows the number of labels: halfway from a
# pure guess to certainty, never under 0.5, so a model of two labels
# sends its coin-flips to review.  -t sets it exactly.  Options may come
# before a verb.
. "$(dirname "$0")/lib.sh"

plan 13
printf 'text,label\n' > train.csv
for i in 1 2 3 4 5; do
	printf '"apple banana apple",fruit\n"cherry tomato onion",veg\n' >> train.csv
done
printf '"cherry pear",fruit\n' >> train.csv
xf-classify train -m nb -l text,label train.csv 2> /dev/null
printf 'subject,body\nq1,apple banana\nq2,cherry banana\nq3,cherry apple onion\n' > in.csv
xf-intake -q in.csv > /dev/null

# Two labels: the bar is 0.75.  0.99 is taken, 0.67 and 0.64 are not.
run xf-classify -n -r /dev/null 1 2 3
is "$rc" 0 "two labels, default threshold: exit 0"
cut -f1,2,5,6 stdout > got
cat > want <<'OUT'
ref	category	confidence	method
XF-2026-000001	fruit	0.99	model
XF-2026-000002		0.67	review
XF-2026-000003		0.64	review
OUT
check "two labels: under 0.75 goes to review" diff -u want got
run xf-classify -n -r /dev/null -t 0.5 1 2 3
is "$(cut -f2,6 stdout | tail -n +2 | tr '\t\n' ':,')" \
    "fruit:model,fruit:model,veg:model," "-t 0.5: every label taken"
run xf-classify -n -r /dev/null -t 0.66 2 3
is "$(cut -f6 stdout | tail -n +2 | tr '\n' ,)" "model,review," \
    "-t 0.66: 0.67 taken, 0.64 not"
is "$(db "select count(*) from event where kind = 'classify'")" 0 \
    "-n wrote nothing"

# Three labels: the bar is (1 + 1/3) / 2 = 0.67.
for i in 1 2 3 4 5; do
	printf '"grape melon grape",berry\n' >> train.csv
done
xf-classify train -m nb -l text,label train.csv 2> /dev/null
run xf-classify -n -r /dev/null 2
like "$(tail -n 1 stdout | cut -f5,6)" "0.*	review" \
    "three labels: a confidence under 0.67 goes to review"

# --- options before a verb ---------------------------------------------------
mv "$XF_DB" other.db
rm -f "$XF_DB-wal" "$XF_DB-shm"
run xf-classify -d other.db explain XF-2026-000001
is "$rc|$(sed -n 's/^ref\t//p' stdout)" "0|XF-2026-000001" \
    "-d before explain names the store"
run xf-classify -d other.db eval -k 2 -l text,label train.csv
is "$rc|$(sed -n 's/^folds\t//p' stdout)" "0|2" "-d before eval"
run xf-classify -a train -l text,label train.csv
is "$rc" 2 "-a before a verb: usage"
run xf-classify -n set --category x -m why 1
is "$rc" 2 "-n before a verb: usage"
run xf-classify -d other.db -n -r /dev/null 1
is "$rc|$(tail -n 1 stdout | cut -f1)" "0|XF-2026-000001" \
    "options before refs still classify"

# --- the deadline policy is needed --------------------------------------------
run env XF_POLICY="$T/no-policy.tsv" xf-classify -d other.db -r /dev/null 1
like "$rc|$(cat stderr)" "2|xf-classify: *no-policy.tsv*(nothing classified)" \
    "a missing policy: exit 2, the path named, nothing classified"
is "$(XF_DB=other.db db "select count(*) from event where kind = 'classify'")" 0 \
    "a missing policy: no event"
