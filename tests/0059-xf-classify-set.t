#!/bin/sh
# xf-classify set: a person's category, priority and flags, each recorded
# as a 'set' event with the reason, and never overruled by a later
# classify (method person; the flags a person set stay as set).
. "$(dirname "$0")/lib.sh"

plan 49

export XF_SHARE="$XF_ROOT/share"
H='ref	category	priority	flags	confidence	method'

dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump | cksum
}

cat > s.csv <<'EOF'
subject,body
个人信息,我的个人信息被泄露了
Refund,I want a refund
路灯,小区路灯坏了
律师,我已经请了律师
Rude,The agent was rude to me
Parcel,My parcel never came
EOF
check "import" xf-intake s.csv

# --- set before any classify -----------------------------------------------------
run xf-classify set --category billing --priority P4 --flag +vip --flag -privacy \
    -m '人工复核：实为扣费问题' XF-2026-000001
is "$rc" 0 "set: exit 0"
is "$(cat stdout)" "XF-2026-000001" "set: prints the ref"
is "$(cat stderr)" "" "set: nothing on stderr"
is "$(db "select category, priority, flags, human, coalesce(classified_at, '-')
    from complaint where id = 1")" "billing|P4|vip|,category,priority,flags|-" \
    "set: fields stored, marked as a person's"
cat > want <<'EOF'
1|1780272000|tester|set|category|-|billing|人工复核：实为扣费问题
1|1780272000|tester|set|priority|-|P4|人工复核：实为扣费问题
1|1780272000|tester|set|flags|-|vip|人工复核：实为扣费问题
EOF
db "select complaint_id, at, actor, kind, field, coalesce(old, '-'),
    coalesce(new, '-'), reason from event where kind = 'set' order by id" > got
same_file want got "set: one 'set' event per field, with the reason"

n=$(db "select count(*) from event where complaint_id = 1")
run xf-classify 1
cat > want <<EOF
$H
XF-2026-000001	billing	P4	vip	1.00	person
EOF
same_file want stdout "classify after set: the person's decision, method person"
is "$(db "select category, priority, flags from complaint where id = 1").$(db "select count(*) from event where complaint_id = 1")" \
    "billing|P4|vip.$n" "classify after set: nothing changed, no event"
is "$(db "select classified_at from complaint where id = 1")" 1780272000 \
    "classify after set: classified_at stamped"

# --- a person sets one field; the others are still computed -------------------------
check "set only the category of 2" xf-classify set --category service -m 'agent' 2
check "set only the priority of 4" xf-classify set --priority P4 -m 'old case' 4
check "set only the flags of 3" xf-classify set --flag +media -m 'on TV' 3
check "a person removes a flag of 5 before any rule set it" \
    xf-classify set --flag -legal -m 'no' 5
run xf-classify -a
cat > want <<EOF
$H
XF-2026-000002	service	P3		1.00	person
XF-2026-000003		P2	media	0.00	none
XF-2026-000004		P4	legal	0.00	none
XF-2026-000005	service	P3		1.00	rules
XF-2026-000006	delivery	P3		1.00	rules
EOF
same_file want stdout "-a: the person's field kept, the rest from rules and the table"
is "$(db "select human from complaint where id between 2 and 5 order by id" | tr '\n' ' ')" \
    ",category ,flags ,priority ,flags " "human lists the fields a person set"
is "$(db "select field from event where complaint_id = 2 and kind = 'classify'")" \
    "priority" "category a person set: no classify event for it"
is "$(db "select count(*) from event where complaint_id = 3 and kind = 'classify'
    and field = 'flags'")" 0 "flags a person set: no classify event for them"

# A later classify with rules that disagree changes nothing a person set.
printf 'any\tkeywords\trefund,agent,泄露,路灯\tother\tP1\tprivacy,legal\n' > loud.tsv
run xf-classify -r loud.tsv 1 2 3
cat > want <<EOF
$H
XF-2026-000001	billing	P4	vip	1.00	person
XF-2026-000002	service	P1	legal,privacy	1.00	person
XF-2026-000003	other	P1	media	1.00	rules
EOF
same_file want stdout "rules that disagree: only what no person set follows them"

# --- set again: old and new recorded -----------------------------------------------------
run xf-classify set --priority P2 --flag +repeat -m 'second look' 1
is "$rc" 0 "set again: exit 0"
cat > want <<'EOF'
priority|P4|P2|second look
flags|vip|repeat,vip|second look
EOF
db "select field, old, new, reason from event where complaint_id = 1 and
    kind = 'set' order by id" | tail -2 > got
same_file want got "set again: events with the old value"
run xf-classify set --flag -vip --flag -repeat -m 'none after all' 1
is "$(db "select flags, coalesce(new, 'NULL') from complaint, event where
    complaint.id = 1 and complaint_id = 1 order by event.id desc limit 1")" "|NULL" \
    "set removing every flag: flags empty, event new is NULL"

# --- several refs, refs on stdin ------------------------------------------------------------
printf 'ref\nXF-2026-000005\n6\n' | xf-classify set --category service -m bulk > out 2> err
is "$?.$(cat out | tr '\n' ' ')" "0.XF-2026-000005 XF-2026-000006 " \
    "set with refs on stdin: each printed"
is "$(db "select category from complaint where id in (5, 6)" | tr '\n' ' ')" \
    "service service " "set with refs on stdin: both set"

# --- a category with a tab: escaped in the TSV output ------------------------------------------
check "set a category with a tab" xf-classify set --category "$(printf 'a\tb')" -m t 6
run xf-classify 6
is "$(tail -1 stdout)" 'XF-2026-000006	a\tb	P3		1.00	person' \
    "classify output escapes a tab in the category"

# --- a long category a person set stays whole ---------------------------------------------------
LONG=$(python3 -c 'print("长" * 100)')
check "set a category of 100 characters (300 bytes)" xf-classify set --category "$LONG" -m long 5
run xf-classify 5
is "$rc|$(tail -1 stdout | cut -f2)" "0|$LONG" "classify prints the long category whole"
is "$(db "select category from complaint where id = 5")" "$LONG" \
    "classify leaves the long category a person set as it was"
run xf-classify set --category short -m again 5
is "$rc|$(cat stderr)" "0|" "set over a long category: exit 0"
is "$(db "select old from event where complaint_id = 5 and kind = 'set' order by id desc limit 1")" \
    "$LONG" "set over a long category: the old value whole in the event"
# Longer still (1200 bytes): refused (exit 2, nothing stored), or kept whole.
HUGE=$(python3 -c 'print("长" * 400)')
run xf-classify set --category "$HUGE" -m huge 5
if [ "$rc" -eq 2 ]; then
	is "$(db "select category from complaint where id = 5")" short \
	    "a category of 1200 bytes: refused, nothing stored"
else
	xf-classify 5 > /dev/null 2>&1
	is "$rc|$(db "select category from complaint where id = 5")" "0|$HUGE" \
	    "a category of 1200 bytes: kept whole by classify"
fi

# --- validation: nothing written ----------------------------------------------------------------
before=$(dump)
run xf-classify set --category x 1
is "$rc|$(cat stderr)|$(cat stdout)" "2|xf-classify: set needs a reason: -m text (UTF-8)|" \
    "no -m: exit 2"
exit_is 2 "empty -m: exit 2" xf-classify set --category x -m '' 1
exit_is 2 "-m not UTF-8: exit 2" xf-classify set --category x -m "$(printf '\377')" 1
run xf-classify set -m why 1
is "$rc|$(cat stderr)" "2|xf-classify: set needs --category, --priority or --flag" \
    "nothing to set: exit 2"
run xf-classify set --priority P5 -m why 1
is "$rc|$(cat stderr)" \
    "2|xf-classify: --priority: unknown priority 'P5': want P1, P2, P3 or P4" \
    "priority P5: exit 2"
exit_is 2 "priority P0: exit 2" xf-classify set --priority P0 -m why 1
exit_is 2 "priority P: exit 2" xf-classify set --priority P -m why 1
run xf-classify set --flag +angry -m why 1
is "$rc|$(cat stderr)" \
    "2|xf-classify: --flag +angry: unknown flag 'angry': want privacy, legal, media, collective, repeat or vip" \
    "unknown flag: exit 2"
exit_is 2 "flag without + or -: exit 2" xf-classify set --flag legal -m why 1
exit_is 2 "empty category: exit 2" xf-classify set --category '' -m why 1
is "$(dump)" "$before" "validation errors: store unchanged"

run xf-classify set --category x -m why XF-2026-999999 2
is "$rc|$(cat stderr)|$(cat stdout)" \
    "1|xf-classify: XF-2026-999999: no such complaint|XF-2026-000002" \
    "a bad ref: exit 1, the others still set"
run env XF_DB="$T/none.db" xf-classify set --category x -m why 1
is "$rc" 75 "set with no store: exit 75"

# A category is a person's text, a label a file's: printed escaped, as
# every value a terminal could obey (xf(7), Text on a terminal).
esc=$(printf 'bill\033[31m')
check "set a category holding an escape" \
    xf-classify set --category "$esc" -m "a test of escapes" 3
run xf-classify explain 3
is "$(sed -n 2p stdout)" 'category	bill\x1b[31m' \
    "explain: the category's escape shown, not sent"
printf 'text,label\n"refund late",%s\n"app crash",tech\n"refund again",%s\n"crash again",tech\n' \
    "$esc" "$esc" > esc.csv
run xf-classify train -l text,label esc.csv
like "$(tail -n 1 stderr)" '*labels: bill\\x1b\[31m,tech' \
    "train: the labels' escapes shown, not sent"
run xf-classify eval -k 2 -l text,label esc.csv
is "$(grep -c "$(printf '\033')" stdout)" 0 "eval: no escape sent"
check "the event chain is intact" xf-status verify
