#!/bin/sh
# xf-status list as a queue (issue 16): --sort each way round with ties
# by ref, deadlines against the pinned clock in -o table (and
# in Chinese) and ISO times elsewhere, --mine, --where on columns and on
# extra with its refusals, and the plans the new orders get.
. "$(dirname "$0")/lib.sh"

plan 47

# refs CMD...: the first column of a list, header dropped, on one line.
refs() {
	"$@" > "$T/.refs" 2>&1 || echo "exit $?"
	sed '1d; s/	.*//; s/^XF-2026-0*//' "$T/.refs" | tr '\n' ' ' |
	    sed 's/ $//'
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant,产品
Charged twice,Refund the second charge,web,2026-05-01,Alice,钱包
噪音扰民,楼下工地夜间施工,phone,2026-05-02,张三,商城
Late parcel,Never arrived,email,2026-05-03,Bob,钱包
路灯不亮,小区门口的路灯坏了,letter,2026-05-04,李四,
Spam calls,They call every night,web,2026-05-05,Carol,钱包
EOF
check "import five complaints" xf-intake f.csv
# 1 in_progress (due 06-01 03:00, 3h from now), 2 new (ack_due 05-30,
# two days late), 3 accepted (due now), 4 waiting, 5 resolved.
xf-status accept 1 3 > /dev/null
xf-status start 1 > /dev/null
xf-status accept 4 > /dev/null
xf-status start 4 > /dev/null
xf-status wait -m 'asked for the order number' 4 > /dev/null
xf-status accept 5 > /dev/null
xf-status start 5 > /dev/null
xf-status resolve -m done 5 > /dev/null
# Deadlines and priorities set by hand: the list only reads them.
db "update complaint set due = strftime('%s', '2026-06-01 03:00') where id = 1;
    update complaint set ack_due = strftime('%s', '2026-05-30'), due = NULL,
        priority = 'P1' where id = 2;
    update complaint set due = strftime('%s', '2026-06-01'), priority = 'P2'
        where id = 3;
    update complaint set due = strftime('%s', '2026-06-20'), priority = 'P2'
        where id = 4;
    update complaint set due = strftime('%s', '2026-05-20'), updated_at = 1
        where id = 5;" > /dev/null
is "$(db "select group_concat(status, ' ') from (select status from
    complaint order by id)")" "in_progress new accepted waiting resolved" \
    "the statuses"

# --- --sort ---------------------------------------------------------------------
is "$(refs xf-status list)" "1 2 3 4 5" "no --sort: received"
is "$(refs xf-status list --sort received)" "1 2 3 4 5" "--sort received"
is "$(refs xf-status list --sort -received)" "5 4 3 2 1" "--sort -received"
is "$(refs xf-status list --sort due)" "5 3 1 4 2" \
    "--sort due: soonest first, none last"
is "$(refs xf-status list --sort -due)" "4 1 3 5 2" \
    "--sort -due: latest first, none still last"
is "$(refs xf-status list --sort overdue)" "2 3 1 4 5" \
    "--sort overdue: the deadline owed now (ack of a new one), none owed last"
is "$(refs xf-status list --sort priority)" "2 3 4 1 5" \
    "--sort priority: P1 first, ties by ref, none last"
is "$(refs xf-status list --sort -priority)" "4 3 2 5 1" \
    "--sort -priority: P4 first, ties by ref the other way, none last"
is "$(refs xf-status list --sort updated)" "5 1 2 3 4" "--sort updated"
exit_is 2 "--sort nonsense: exit 2" xf-status list --sort size
like "$(cat stderr)" "*--sort size: want received, due, overdue, priority*" \
    "--sort nonsense: the orders named"
exit_is 2 "--sort with nothing after -: exit 2" xf-status list --sort -

# --- --due ---------------------------------------------------------------------
run xf-status list --due -o table
cat > want <<'EOF'
ref             received_at                status       channel  priority  category  team  assignee  complainant  subject        ack_due  due
XF-2026-000001  2026-05-01T00:00:00+00:00  in_progress  web                                tester    Alice        Charged twice           in 3h
XF-2026-000002  2026-05-02T00:00:00+00:00  new          phone    P1                                  张三         噪音扰民       2d late  
XF-2026-000003  2026-05-03T00:00:00+00:00  accepted     email    P2                                  Bob          Late parcel             due now
XF-2026-000004  2026-05-04T00:00:00+00:00  waiting      letter   P2                        tester    李四         路灯不亮                paused
XF-2026-000005  2026-05-05T00:00:00+00:00  resolved     web                                tester    Carol        Spam calls              
EOF
same_file want stdout "--due -o table: owed deadlines against now, paused, none"
run env XF_NOW=2026-05-31T00:00:00Z xf-status list --due -o table --sort due
like "$(sed -n 4p stdout)" "*Charged twice*in 27h" \
    "--due: hours under two days"
like "$(sed -n 3p stdout)" "*Late parcel*in 24h" "--due: a day is 24h"
run env XF_NOW=2026-06-01T02:15:00Z xf-status list --due -o table -s in_progress
like "$(sed -n 2p stdout)" "*in 45m" "--due: minutes under an hour"
run env XF_NOW=2026-06-10T00:00:00Z xf-status list --due -o table -s in_progress
like "$(sed -n 2p stdout)" "*8d late" "--due: days, rounded down"
run xf-status list --due -o table --lang zh -s new,accepted,in_progress
like "$(cat stdout)" "*3小时后*" "--lang zh: in 3h"
like "$(cat stdout)" "*逾期2天*" "--lang zh: 2d late"
like "$(cat stdout)" "*现在到期*" "--lang zh: due now"
run env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 xf-status list --due -o table \
    -s new
like "$(cat stdout)" "*逾期2天*" "--due: the locale's language by default"
exit_is 2 "--lang fr: exit 2" xf-status list --lang fr
run xf-status list --due -s new
is "$(cut -f11,12 stdout)" "ack_due	due
2026-05-30T00:00:00+00:00	" "--due in TSV: ISO times"
run xf-status list --due -s accepted -o json
like "$(cat stdout)" '*"ack_due":*"due":"2026-06-01T00:00:00+00:00"*' \
    "--due in JSON: ISO times"
run xf-status list -o table -s new
is "$(head -1 stdout | grep -c 'ack_due.*due')" 1 \
    "-o table: the deadlines without --due (a person reads the queue)"
run xf-status list -s new
is "$(head -1 stdout | grep -c due)" 0 "TSV without --due: no deadline columns"

# --- --mine --------------------------------------------------------------------
is "$(refs xf-status list --mine)" "1 4 5" "--mine: XF_ACTOR's"
is "$(XF_ACTOR=amy refs xf-status list --mine)" "" "--mine: nobody else's"
exit_is 2 "--mine with --assignee: exit 2" xf-status list --mine \
    --assignee bob

# --- --where --------------------------------------------------------------------
is "$(refs xf-status list --where 'extra.产品=钱包')" "1 3 5" \
    "--where on a key of extra"
is "$(refs xf-status list --where 'extra.产品=钱包' --where priority=P2)" "3" \
    "--where twice: both hold"
is "$(refs xf-status list --where 'extra.产品=')" "4" \
    "--where extra.KEY=: unset"
is "$(refs xf-status list --where assignee=)" "2 3" \
    "--where assignee=: the unassigned"
is "$(refs xf-status list --where channel=电话)" "2" \
    "--where channel: the channel's words"
is "$(refs xf-status list --where 'subject=Late parcel')" "3" \
    "--where subject: exact"
is "$(refs xf-status list --where "subject=x' OR 1=1 --")" "" \
    "--where: a value is a value, not SQL"
is "$(refs xf-status list --where 'extra.no such key=1')" "" \
    "--where on a key nobody has: none"
exit_is 2 "--where on an unknown field: exit 2" xf-status list --where size=3
like "$(cat stderr)" "*no field size: ref, status,*extra.KEY*" \
    "--where on an unknown field: the fields named"
exit_is 2 "--where without =: exit 2" xf-status list --where team
exit_is 2 "--where with no field: exit 2" xf-status list --where =x
exit_is 2 "--where on a time: exit 2" xf-status list --where due=2026-06-01
like "$(cat stderr)" "*due is a time: --since*" "--where on a time: says how"
exit_is 2 "--where on a count with words: exit 2" xf-status list \
    --where reopen_count=many
exit_is 2 "--where extra. with no key: exit 2" xf-status list --where extra.=1
