#!/bin/sh
# xf-intake: a complaint is registered once.  Rows with an ext_id are the
# same when the id is; rows without one when the fingerprint (normalised
# subject and body, complainant, contact, received second, or no time
# when the row has none) is.  Duplicates are counted, not stored, not
# printed, and named with -v.
. "$(dirname "$0")/lib.sh"

plan 38

H='ref	received_at	channel	complainant	subject	source'

# rows FILE: "subject@source" of each output row, space-separated.
rows() {
	tail -n +2 "$1" | awk -F '\t' '{ printf "%s@%s ", $5, $6 }'
}

count() {
	db "select count(*) from complaint"
}

# --- re-running an import creates nothing ----------------------------------
cat > a.csv <<'EOF'
subject,body,contact,date
Noisy neighbours,"The music is loud, every night!",a@b.c,2026-03-05 10:00
Broken lamp,The street lamp is out,,2026-03-06
路灯不亮,小区门口的路灯，坏了三天,13800000000,2026-03-07
EOF
run xf-intake a.csv
is "$rc.$(rows stdout)" \
    "0.Noisy neighbours@a.csv:2 Broken lamp@a.csv:3 路灯不亮@a.csv:4 " \
    "first import creates every row"
run xf-intake a.csv
is "$rc" 0 "re-run: exit 0"
is "$(cat stdout)" "" "re-run: no rows printed"
is "$(cat stderr)" "xf-intake: read 3, created 0, duplicate 3, rejected 0" \
    "re-run: all counted as duplicates"
is "$(count).$(db "select count(*) from event")" "3.3" \
    "re-run: no complaint, no event added"
run xf-intake -v a.csv
is "$(head -3 stderr)" 'xf-intake: a.csv:2: duplicate of XF-2026-000001
xf-intake: a.csv:3: duplicate of XF-2026-000002
xf-intake: a.csv:4: duplicate of XF-2026-000003' "-v names the complaint duplicated"

# --- the same text written differently -------------------------------------
cat > b.csv <<'EOF'
subject,body,contact,date
  NOISY   neighbours!!,"the music -- is LOUD; every night",A@B.C ,2026-03-05T10:00:00Z
"Broken, lamp.",THE STREET LAMP IS OUT...,,2026/03/06
"「路灯不亮！」","小区门口的路灯, 坏了三天。",138 0000 0000,2026年3月7日
EOF
run xf-intake -v b.csv
is "$rc.$(cat stdout)" "0." \
    "case, spacing, ASCII and CJK punctuation, contact case and spaces: duplicates"
is "$(tail -1 stderr)" "xf-intake: read 3, created 0, duplicate 3, rejected 0" \
    "differently written duplicates counted"
cat > fw.csv <<'EOF'
subject,body,date
ＡＢＣ　１２３,Ｆｕｌｌ－ｗｉｄｔｈ　ＴＥＸＴ,2026-03-08
abc 123,full width text,2026-03-08
EOF
run xf-intake fw.csv
is "$(rows stdout).$(tail -1 stderr)" \
    "ＡＢＣ　１２３@fw.csv:2 .xf-intake: read 2, created 1, duplicate 1, rejected 0" \
    "full-width letters and digits are folded to ASCII"

# --- what makes a different complaint ------------------------------------------
cat > c.csv <<'EOF'
subject,body,contact,date
Noisy neighbours,"The music is loud, every night!",a@b.c,2026-03-04 10:00
Noisy neighbours,"The music is loud, every night!",a@b.c,2026-03-05T10:00:01Z
Noisy neighbours,"The music is loud, every night!",x@y.z,2026-03-05
Noisy neighbours,The music is loud every day,a@b.c,2026-03-05
Noisy neighbour,"The music is loud, every night!",a@b.c,2026-03-05
EOF
run xf-intake c.csv
is "$rc.$(cut -f6 stdout | tail -n +2 | tr '\n' ' ')" \
    "0.c.csv:2 c.csv:3 c.csv:4 c.csv:5 c.csv:6 " \
    "another second, contact, body or subject: not duplicates"

# --- duplicates within one file ------------------------------------------------------
fresh_db
cat > d.csv <<'EOF'
subject,body,date
Same,Twice in one file,2026-03-05
Other,Something else,2026-03-05
same,"twice, in one file.",2026-03-05 00:00
Same,Twice in one file,2026-03-05
EOF
run xf-intake -v d.csv
is "$rc.$(rows stdout)" "0.Same@d.csv:2 Other@d.csv:3 " \
    "duplicates within one file: the first is kept"
is "$(cat stderr)" 'xf-intake: d.csv:4: duplicate of XF-2026-000001
xf-intake: d.csv:5: duplicate of XF-2026-000001
xf-intake: read 4, created 2, duplicate 2, rejected 0' \
    "duplicates within one file: named and counted"
run xf-intake -b 1 d.csv d.csv
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 8, created 0, duplicate 8, rejected 0" \
    "the same file twice in one run, chunk of 1"
printf 'subject,body\nNext,after duplicates\n' > next.csv
run xf-intake next.csv
is "$(cut -f1 stdout | tail -1)" "XF-2026-000003" "duplicates use up no ref"

# --- by ext_id -----------------------------------------------------------------------------
fresh_db
cat > e1.csv <<'EOF'
Ticket ID,subject,body,date
T-1,First,First text,2026-03-05
T-2,Second,Second text,2026-03-05
T-3,Same text,Same text,2026-03-05
T-4,Same text,Same text,2026-03-05
EOF
run xf-intake e1.csv
is "$rc.$(cut -f6 stdout | tail -n +2 | tr '\n' ' ')" \
    "0.e1.csv:2 e1.csv:3 e1.csv:4 e1.csv:5 " \
    "with ext_ids, the same text under two ids is two complaints"
cat > e2.csv <<'EOF'
ticket_id,subject,body,date
T-1,Changed,Completely different text,2026-04-01
 T-2 ,Second,Second text,2026-03-05
t-1,Lower case id,Is another id,2026-03-05
EOF
run xf-intake -v e2.csv
is "$rc.$(rows stdout)" "0.Lower case id@e2.csv:4 " \
    "same ext_id with different content: duplicate; ids are case-sensitive"
is "$(head -2 stderr)" 'xf-intake: e2.csv:2: duplicate of XF-2026-000001
xf-intake: e2.csv:3: duplicate of XF-2026-000002' \
    "same ext_id (trimmed): duplicate of the stored one"
is "$(db "select subject from complaint where ext_id = 'T-1'")" "First" \
    "a duplicate changes nothing stored"
run xf-intake --ext-id T-3 --subject 'From the phone' --body x
is "$rc.$(cat stdout).$(cat stderr)" \
    "0..xf-intake: read 1, created 0, duplicate 1, rejected 0" \
    "flags: same ext_id is a duplicate"

# --- rows without a received time --------------------------------------------------------------
fresh_db
cat > nodate.csv <<'EOF'
subject,body
Undated,No date column here
EOF
XF_NOW=2026-06-01T23:59:00Z xf-intake nodate.csv > out 2>&1
run env XF_NOW=2026-06-02T00:01:00Z xf-intake nodate.csv
is "$rc.$(cat stdout).$(cat stderr)" \
    "0..xf-intake: read 1, created 0, duplicate 1, rejected 0" \
    "no received time: a re-import on a later day is still a duplicate"
is "$(db "select received_at from complaint")" 1780358340 \
    "no received time: dated by the run (XF_NOW)"
printf 'subject,body,date\nUndated,No date column here,\n' > emptydate.csv
run env XF_NOW=2026-06-05T12:00:00Z xf-intake emptydate.csv
is "$(tail -1 stderr)" "xf-intake: read 1, created 0, duplicate 1, rejected 0" \
    "an empty received time is the same as none"

# --- flags mode dedupes like rows --------------------------------------------------------------
fresh_db
xf-intake --subject 'Water leak' --body 'Ceiling drips' --received 2026-05-01 > out 2>&1
run xf-intake --subject 'water  LEAK' --body 'ceiling drips!' --received '2026-05-01 00:00'
is "$rc.$(cat stdout)" "0." "flags: the same text at the same time is a duplicate"
run xf-intake --subject 'Water leak' --body 'Ceiling drips' --received '2026-05-01 20:00'
is "$rc.$(cut -f1 stdout | tail -1)" "0.XF-2026-000002" \
    "flags: another hour of the same day is new"

# --- different people, same words: the collective case ------------------------
fresh_db
for who in 张三 李四 王五; do
	xf-intake --subject 小区断网 --body 家里断网了 --complainant "$who" \
	    >> calls.out 2>> calls.err
done
is "$(grep -c '^XF-' calls.out).$(tail -1 calls.err)" \
    "3.xf-intake: read 1, created 1, duplicate 0, rejected 0" \
    "three callers, same words, same moment: three complaints"
run xf-intake -v --subject 小区断网 --body 家里断网了 --complainant ' 张三 '
is "$rc.$(cat stderr)" "0.xf-intake: cli: duplicate of XF-2026-000001
xf-intake: read 1, created 0, duplicate 1, rejected 0" \
    "the same call entered twice in one second: a duplicate, named"
run env XF_NOW=2026-06-01T00:05:00Z xf-intake --subject 小区断网 \
    --body 家里断网了 --complainant 张三
is "$rc.$(cut -f1,4 stdout | tail -1)" "0.XF-2026-000004	张三" \
    "the same person calling again later: a new complaint"
cat > people.csv <<'EOF'
subject,body,complainant,date
小区断网,家里断网了,张三,2026-05-20 09:00
小区断网,家里断网了,李四,2026-05-20 10:00
小区断网,家里断网了,王五,2026-05-20 11:00
小区断网,家里断网了,王五,2026-05-20 11:30
小区断网,家里断网了,Wang Wu,2026-05-20 12:00
小区断网,家里断网了,wang  WU,2026-05-20 12:00
EOF
run xf-intake -v people.csv
is "$rc.$(cut -f6 stdout | tail -n +2 | tr '\n' ' ')" \
    "0.people.csv:2 people.csv:3 people.csv:4 people.csv:5 people.csv:6 " \
    "CSV: other people or other times are other complaints"
is "$(cat stderr)" "xf-intake: people.csv:7: duplicate of XF-2026-000009
xf-intake: read 6, created 5, duplicate 1, rejected 0" \
    "CSV: a name in other case and spacing at the same time: a duplicate"
run xf-intake -v people.csv
is "$rc.$(cat stdout).$(tail -1 stderr)" \
    "0..xf-intake: read 6, created 0, duplicate 6, rejected 0" \
    "CSV: re-importing the same file stays a no-op"
is "$(sed -n 1p stderr)" "xf-intake: people.csv:2: duplicate of XF-2026-000005" \
    "CSV: each duplicate named with the ref it matched"
printf 'subject,body,complainant\n小区断网,家里断网了,张三\n小区断网,家里断网了,李四\n' \
    > undated.csv
xf-intake undated.csv > out 2>&1
run env XF_NOW=2026-06-09T00:00:00Z xf-intake undated.csv
is "$(count).$(tail -1 stderr)" \
    "11.xf-intake: read 2, created 0, duplicate 2, rejected 0" \
    "CSV without times: two people, two complaints; a re-import days later, none"

# --- dry run dedupes against the store and within itself ----------------------------------------
fresh_db
xf-intake a.csv > out 2>&1
cat a.csv > mixed.csv
printf 'New one,Not stored yet,,2026-03-09\nnew ONE,not stored yet!,,2026-03-09\n' >> mixed.csv
run xf-intake -n mixed.csv
is "$rc.$(rows stdout)" "0.New one@mixed.csv:5 " "-n: only the new row is printed"
is "$(tail -1 stderr)" \
    "xf-intake: read 5, created 1, duplicate 4, rejected 0 (dry run: nothing stored)" \
    "-n: duplicates of the store and of itself counted"
is "$(count)" 3 "-n: nothing stored"

# --- concurrent re-imports of one file create it once --------------------------------------------
fresh_db
awk 'BEGIN { print "subject,body,date"
	for (i = 1; i <= 300; i++) print "s" i ",body " i ",2026-03-05" }' > same.csv
for i in 1 2 3; do
	xf-intake -q same.csv > "same.out$i" 2> "same.err$i" &
done
wait
is "$(cat same.err1 same.err2 same.err3)" "" \
    "three imports of one file at once: no errors"
is "$(count).$(db "select count(*) from event")" "300.300" \
    "three imports of one file at once: each row stored once"
is "$(cat same.out1 same.out2 same.out3 | grep -c '^XF-')" 300 \
    "three imports of one file at once: each created row printed once"
