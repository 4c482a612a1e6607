#!/bin/sh
# A text with no word the model knows gets only the prior's label: a
# guess, sent to a person however large the prior, unless -t 0.
. "$(dirname "$0")/lib.sh"

plan 4
export XF_SHARE="$XF_ROOT/share"
printf 'text,label\n' > train.csv
for i in 1 2 3 4 5 6 7 8; do
	printf '"pothole on road %s",roads\n' "$i" >> train.csv
done
printf '"noisy neighbour music",noise\n' >> train.csv
xf-classify train -l text,label train.csv 2> /dev/null
printf 'subject,body\nzzz,qqq xxyy\nhole,pothole on the road again\n' > in.csv
xf-intake in.csv > /dev/null 2>&1

run xf-classify -r /dev/null 1
is "$rc|$(tail -n 1 stdout | cut -f2,6)" "0|	review" \
    "no known word, a prior of 0.89: review, no category"
is "$(db "select coalesce(category, 'NULL') from complaint where id = 1")" NULL \
    "no category stored for a guess"
run xf-classify -r /dev/null 2
is "$(tail -n 1 stdout | cut -f2,6)" "roads	model" \
    "known words: the model's label"
run xf-classify -t 0 -n -r /dev/null 1
is "$(tail -n 1 stdout | cut -f2,6)" "roads	model" "-t 0 takes even the prior's guess"
