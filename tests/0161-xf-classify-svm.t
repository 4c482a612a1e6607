#!/bin/sh
# The default model is a linear SVM on TF-IDF of the tokens (issue 18):
# stored as model version 2, while a naive Bayes model (-m nb, and every
# model of older xf) stays version 1 and is still read; on the CFPB
# sample it beats naive Bayes in eval; a label of 2% of the texts is
# still predicted when the text says so; its confidence is calibrated
# (Platt) once there are 20 texts or more.
. "$(dirname "$0")/lib.sh"

plan 13
export XF_SHARE="$XF_ROOT/share"
CFPB=$XF_DATA/cfpb-sample.csv
SPEC='Consumer complaint narrative,Product'

run xf-classify train -l "$SPEC" "$CFPB"
is "$rc" 0 "train, the default model: exit 0"
is "$(db "select hex(substr(data, 1, 8)) from model")" 58464E4202000000 \
    "the default model is XFNB version 2"
printf 'text\n"My mortgage servicer lost my escrow payment and the loan went into foreclosure"\n' > one.csv
run xf-classify predict -l text one.csv
is "$rc|$(tail -n 1 stdout | cut -f2)" "0|Mortgage" "predict: a mortgage text"
awk -v c="$(tail -n 1 stdout | cut -f3)" 'BEGIN { exit !(c > 0 && c < 1) }'
ok $? "predict: a calibrated confidence, neither 0 nor 1"

run xf-classify train -m nb -l "$SPEC" "$CFPB"
is "$(db "select hex(substr(data, 1, 8)) from model where id = 2")" \
    58464E4201000000 "-m nb: the model of older xf, version 1"
run xf-classify predict -l text one.csv
is "$rc|$(tail -n 1 stdout | cut -f2)" "0|Mortgage" \
    "a version 1 model is still read and used"

# eval: the SVM beats naive Bayes on macro F1 and accuracy.
xf-classify eval -l "$SPEC" "$CFPB" > svm.out 2> /dev/null
xf-classify eval -m nb -l "$SPEC" "$CFPB" > nb.out 2> /dev/null
is "$(sed -n 3p svm.out | cut -f1)" macro_f1 "eval: macro_f1 the headline"
awk -v s="$(sed -n 3p svm.out | cut -f2)" -v n="$(sed -n 3p nb.out | cut -f2)" \
    'BEGIN { exit !(s > n) }'
ok $? "eval: the SVM's macro F1 $(sed -n 3p svm.out | cut -f2) over NB's $(sed -n 3p nb.out | cut -f2)"
awk -v s="$(sed -n 4p svm.out | cut -f2)" -v n="$(sed -n 4p nb.out | cut -f2)" \
    'BEGIN { exit !(s > n) }'
ok $? "eval: the SVM's accuracy $(sed -n 4p svm.out | cut -f2) over NB's $(sed -n 4p nb.out | cut -f2)"

# A rare label: 6 texts of 306.  Words of the common labels are in its
# texts too, so only its own words (lawyer, privacy) can win it.
printf 'text,label\n' > rare.csv
i=0
while [ $i -lt 100 ]; do
	printf '"late delivery order %d never came parcel",delivery\n' $i
	printf '"bill charged twice order %d refund card",billing\n' $i
	printf '"app crashes login order %d password error",app\n' $i
	i=$((i + 1))
done >> rare.csv
for w in leaked sold shared exposed published passed; do
	printf '"my data %s, order lost, lawyer privacy complaint",privacy\n' $w
done >> rare.csv
run xf-classify train -l text,label rare.csv
is "$rc" 0 "train with a label of 2%"
printf 'text\n"a privacy lawyer about my order"\n"parcel never came"\n' > two.csv
run xf-classify predict -l text two.csv
is "$(tail -n +2 stdout | cut -f2 | tr '\n' ' ')" "privacy delivery " \
    "the rare label predicted when the text says so"
run xf-classify eval -k 3 -l text,label rare.csv
is "$(grep '^privacy	' stdout | cut -f3)" 1.0000 "eval: the rare label's recall"

exit_is 2 "-m other: exit 2" xf-classify eval -m lr -l "$SPEC" "$CFPB"
