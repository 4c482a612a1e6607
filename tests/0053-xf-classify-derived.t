#!/bin/sh
# xf-classify derived flags: repeat (one contact, 3 complaints within 30
# days, up to this one) and collective (near-duplicate letters from 3
# different complainants within 24 hours: all flagged, one group, P1).
. "$(dirname "$0")/lib.sh"

plan 30

export XF_SHARE="$XF_ROOT/share"
H='ref	category	priority	flags	confidence	method'

# --- repeat ---------------------------------------------------------------------------
cat > r.csv <<'EOF'
subject,body,contact,received_at
路灯不亮,小区门口路灯不亮,r@example.cn,2026-04-01T09:00:00Z
路灯还是不亮,路灯还是没修好,r@example.cn,2026-04-10T09:00:00Z
第三次反映路灯,路灯依旧不亮,r@example.cn,2026-04-20T09:00:00Z
又是路灯,路灯又坏了,r@example.cn,2026-05-30T09:00:00Z
别人的事,楼道灯坏了,o@example.cn,2026-04-21T09:00:00Z
别人的事二,楼道灯又坏了,o@example.cn,2026-04-22T09:00:00Z
泄露,我的个人信息被泄露,p@example.cn,2026-05-01T09:00:00Z
泄露二,我的数据被卖了,p@example.cn,2026-05-02T09:00:00Z
泄露三,身份证号也泄漏了,p@example.cn,2026-05-03T09:00:00Z
匿名一,垃圾没人清,,2026-05-01T09:00:00Z
匿名二,垃圾还是没人清,,2026-05-02T09:00:00Z
匿名三,垃圾一直没人清,,2026-05-03T09:00:00Z
EOF
check "import the repeat cases" xf-intake r.csv
# The third first: the count looks at every complaint received, not only
# the ones already classified.
run xf-classify 3
is "$(tail -1 stdout)" "XF-2026-000003		P2	repeat	0.00	none" \
    "third complaint in 30 days: repeat, one level more urgent (P3 -> P2)"
run xf-classify -a
cat > want <<EOF
$H
XF-2026-000001		P3		0.00	none
XF-2026-000002		P3		0.00	none
XF-2026-000005		P3		0.00	none
XF-2026-000006		P3		0.00	none
XF-2026-000007	privacy	P2	privacy	1.00	rules
XF-2026-000010		P3		0.00	none
XF-2026-000008	privacy	P2	privacy	1.00	rules
XF-2026-000011		P3		0.00	none
XF-2026-000009	privacy	P1	privacy,repeat	1.00	rules
XF-2026-000012		P3		0.00	none
XF-2026-000004		P3		0.00	none
EOF
same_file want stdout "repeat: the third within 30 days only; 40 days later not; no contact never"
is "$(db "select field || '|' || coalesce(old, '') || '|' || new from event
    where complaint_id = 3 and kind = 'classify' order by id")" "priority||P2
flags||repeat" "repeat: events for the flag and the priority"
is "$(db "select count(*) from complaint where flags like '%repeat%'")" 2 \
    "repeat: two complaints flagged in all"

# --- collective: the same letter, small edits, three people, one day -------------------------------
L='我们是阳光花园小区的业主，小区旁边的化工厂每天晚上十点以后排放刺鼻的气体，气味非常难闻，居民无法开窗通风，家里的老人和孩子经常咳嗽、头晕、恶心，已经持续了三个多月。我们多次向街道办事处反映，但是一直没有得到任何答复。请环保部门尽快派人调查处理，依法查处违法排放行为，还居民一个干净的生活环境。'
L2=$(printf '%s' "$L" | sed 's/非常/十分/')
L3="${L}此致敬礼"
# import CSV-LINES...: one complaint a line, "contact|time|body".
import() {
	{
		echo 'subject,body,contact,received_at'
		for _l in "$@"; do
			echo "$_l" | awk -F'|' '{ printf "化工厂排放,%s,%s,%s\n", $3, $1, $2 }'
		done
	} > in.csv
	xf-intake in.csv > /dev/null 2> err
}
fresh_db
import "c1@x.cn|2026-05-10T08:00:00Z|$L" "c2@x.cn|2026-05-10T12:00:00Z|$L2" \
    "c3@x.cn|2026-05-10T20:00:00Z|$L3"
is "$(db "select count(*) from complaint")" 3 "collective: three letters imported"
run xf-classify -a
is "$rc" 0 "collective: exit 0"
is "$(tail -1 stdout)" "XF-2026-000003		P1	collective	0.00	none" \
    "collective: the third sender completes the group: collective, P1"
is "$(db "select id || '|' || flags || '|' || priority || '|' || coalesce(group_id, '-')
    from complaint order by id")" "1|collective|P1|1
2|collective|P1|1
3|collective|P1|1" "collective: all three flagged, P1, one group (the smallest id)"
is "$(db "select complaint_id || '|' || coalesce(old, '') || '|' || new from event
    where kind = 'classify' and field = 'flags' order by complaint_id")" \
    "1||collective
2||collective
3||collective" "collective: a flags event for each member"
is "$(db "select count(*) from event where kind = 'classify' and field = 'priority'
    and new = 'P1'")" 3 "collective: a priority event to P1 for each member"
run xf-classify 1 2 3
is "$(cut -f3,4 stdout | tail -n +2 | tr '\t\n' ': ')" "P1:collective P1:collective P1:collective " \
    "collective: classifying again keeps the group"
check "collective: the event chain is intact" xf-status verify

# Classified in the other order, the same outcome.
fresh_db
import "c1@x.cn|2026-05-10T08:00:00Z|$L" "c2@x.cn|2026-05-10T12:00:00Z|$L2" \
    "c3@x.cn|2026-05-10T20:00:00Z|$L3"
xf-classify 3 2 1 > /dev/null
is "$(db "select id || '|' || flags || '|' || priority || '|' || coalesce(group_id, '-')
    from complaint order by id")" "1|collective|P1|1
2|collective|P1|1
3|collective|P1|1" "collective, classified newest first: the same group"

# --- not collective ----------------------------------------------------------------------------
# Two senders only.
fresh_db
import "c1@x.cn|2026-05-10T08:00:00Z|$L" "c2@x.cn|2026-05-10T12:00:00Z|$L2"
run xf-classify -a
is "$(db "select group_concat(flags || '/' || priority || '/' || coalesce(group_id, '-'), ' ')
    from complaint")" "/P3/- /P3/-" "two senders: not collective"

# Two people, one of them writing twice: two complainants, not three.
fresh_db
import "c2@x.cn|2026-05-10T08:00:00Z|$L" "c2@x.cn|2026-05-10T12:00:00Z|$L2" \
    "c1@x.cn|2026-05-10T20:00:00Z|$L3"
is "$(db "select count(*) from complaint")" 3 "one person twice: imported"
run xf-classify -a
is "$(db "select group_concat(flags || '/' || priority, ' ') from complaint")" \
    "/P3 /P3 /P3" "one person twice and another: two complainants, not collective"

# Three senders, but 48 hours from first to last (no two 24 h apart cover all).
fresh_db
import "c1@x.cn|2026-05-10T00:00:00Z|$L" "c2@x.cn|2026-05-10T20:00:00Z|$L2" \
    "c3@x.cn|2026-05-12T00:00:00Z|$L3"
run xf-classify -a
is "$(db "select group_concat(flags, '/') from complaint")" "//" \
    "three senders over 48 hours: not collective"

# Three senders, three different letters.
fresh_db
import "c1@x.cn|2026-05-10T08:00:00Z|$L" \
    "c2@x.cn|2026-05-10T12:00:00Z|本小区的电梯已经使用了二十年，近半年来频繁出现故障，多次发生关人事故，请质监部门对小区电梯进行安全检测。" \
    "c3@x.cn|2026-05-10T20:00:00Z|城北菜市场搬迁以后，附近几个小区的老年人买菜非常不方便，希望有关部门设立临时便民菜店。"
run xf-classify -a
is "$(db "select group_concat(flags, '/') from complaint")" "//" \
    "three senders, three letters: not collective"

# Three senders with no body at all (a subject only): nothing to compare.
fresh_db
cat > nb.csv <<'EOF'
subject,body,contact,received_at
路灯坏了,,n1@x.cn,2026-05-10T08:00:00Z
网速太慢,,n2@x.cn,2026-05-10T12:00:00Z
噪音扰民,,n3@x.cn,2026-05-10T20:00:00Z
EOF
check "import three subject-only complaints" xf-intake nb.csv
run xf-classify -a
is "$(db "select group_concat(flags || '/' || priority, ' ') from complaint")" \
    "/P3 /P3 /P3" "three subject-only complaints: not collective"

# The same letter from three people with no contact: no way to tell them apart.
fresh_db
import "|2026-05-10T08:00:00Z|$L" "|2026-05-10T12:00:00Z|$L2" \
    "|2026-05-10T20:00:00Z|$L3"
run xf-classify -a
is "$(db "select group_concat(flags, '/') from complaint")" "//" \
    "no contacts: not counted as different complainants"

# --- a person's flags are left alone -----------------------------------------------------------
fresh_db
import "c1@x.cn|2026-05-10T08:00:00Z|$L" "c2@x.cn|2026-05-10T12:00:00Z|$L2" \
    "c3@x.cn|2026-05-10T20:00:00Z|$L3"
check "a person flags the first vip" xf-classify set --flag +vip -m 'known' 1
check "a person sets the second's priority" xf-classify set --priority P3 -m 'calm' 2
run xf-classify -a
is "$(db "select id || '|' || flags || '|' || priority || '|' || coalesce(group_id, '-')
    from complaint order by id")" "1|vip|P2|-
2|collective|P3|1
3|collective|P1|1" "collective: a person's flags and priority kept"
is "$(db "select count(*) from event where complaint_id = 1 and kind = 'classify'
    and field = 'flags'")" 0 "collective: no classify event on the flags a person set"

# --- collective and repeat at once ----------------------------------------------------------------
fresh_db
import "c1@x.cn|2026-05-01T08:00:00Z|路灯坏了" "c1@x.cn|2026-05-05T08:00:00Z|路灯还是坏的" \
    "c1@x.cn|2026-05-10T07:00:00Z|$L" "c2@x.cn|2026-05-10T12:00:00Z|$L2" \
    "c3@x.cn|2026-05-10T20:00:00Z|$L3"
run xf-classify -a
is "$(db "select id || '|' || flags || '|' || priority from complaint where id >= 3
    order by id")" "3|collective,repeat|P1
4|collective|P1
5|collective|P1" "collective and repeat: both flags, sorted; P1"

# --- the flag words in the rules ---------------------------------------------------------------------
fresh_db
printf 'subject,body\n联名信,我们联名投诉这个小区的物业\nAll of us,All of us are angry about this\n' > kw.csv
check "import collective words" xf-intake kw.csv
run xf-classify -a
is "$(cut -f3,4 stdout | tail -n +2 | tr '\t\n' ': ')" "P1:collective P1:collective " \
    "the collective rule words: collective, P1"
check "the event chain is intact" xf-status verify
