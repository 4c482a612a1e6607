#!/bin/sh
# xf-status transfer: to another team (the team changes, the owner is
# cleared, an assigned or started complaint goes back to accepted for
# xf-assign to route), or to a body outside (转办: closed for the desk,
# the body and the reason in the history, the complainant told); reject
# at any open stage before an answer, with its reason and its notice.
# Each needs its reason; --no-notify and XF_NOTIFY=off tell nobody.
. "$(dirname "$0")/lib.sh"

plan 32

export XF_MAIL_DOMAIN=xf.example

ob() {
	db "select kind || '|' || lang || '|' || recipient from outbox
	    where complaint_id = $1 order by id"
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
网购纠纷,商家不退款,web,2026-05-01,张三,zhang@example.cn
Noise,Building site at night,web,2026-05-02,Alice,alice@example.org
Parcel,Never arrived,web,2026-05-03,Bob,bob@example.org
Spam,buy now,web,2026-05-04,Eve,eve@example.org
Wait,waiting one,web,2026-05-05,Dan,dan@example.org
New,new one,web,2026-05-06,Fay,fay@example.org
EOF
xf-intake f.csv > /dev/null 2>&1
# The desk's lead does the work below (xf-status(1), ROLES: a lead may
# reject).
xf-assign handler add --team billing --role lead --capacity 0 tester > /dev/null
xf-assign handler add --team billing ann > /dev/null
xf-assign handler add --team logistics lou > /dev/null
XF_NOTIFY=off xf-status accept 1 2 3 4 5 > /dev/null
XF_NOTIFY=off xf-assign --to ann -m "by hand" 1 > /dev/null 2>&1
XF_NOTIFY=off xf-status start 2 3 5 > /dev/null
XF_NOTIFY=off xf-status wait -m "the receipt please" 5 > /dev/null
is "$(db "select group_concat(status || ':' || coalesce(assignee, '-'), ' ')
    from (select * from complaint order by id)")" \
    "assigned:ann in_progress:tester in_progress:tester accepted:- waiting:tester new:-" \
    "complaints at each stage"

# --- refusals -------------------------------------------------------------------
all=$(db "select * from complaint order by id; select count(*) from event;
    select count(*) from outbox")
run xf-status transfer --team logistics 1
is "$rc|$(cat stderr)" "2|xf-status: transfer needs a reason: -m text" \
    "transfer without a reason: usage error"
run xf-status transfer --to "市场监管局" 1
is "$rc|$(cat stderr)" "2|xf-status: transfer needs a reason: -m text" \
    "transfer outside without a reason: usage error"
run xf-status transfer -m why 1
like "$rc|$(cat stderr)" "2|xf-status: transfer goes to a team*" \
    "transfer to nowhere: usage error"
run xf-status transfer -m why --team logistics --to "市场监管局" 1
like "$rc" 2 "transfer to a team and outside at once: usage error"
run xf-status transfer -m why --team nosuch 1
is "$rc|$(cat stderr)" \
    "1|xf-status: XF-2026-000001: no handler is in team nosuch (xf-assign handler list)" \
    "transfer to a team nobody is in: refused"
run xf-status transfer -m why --team billing 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: is in team billing already" \
    "transfer to its own team: refused"
run xf-status transfer -m why --to "$(printf 'a\nb')" 1
like "$rc|$(cat stderr)" "1|xf-status: 1: --to: the body's name*" \
    "transfer to a name of two lines: refused"
is "$(db "select * from complaint order by id; select count(*) from event;
    select count(*) from outbox")" "$all" "the refusals changed nothing"

# --- to another team --------------------------------------------------------------
XF_NOW=2026-06-02T00:00:00Z
all=$(db "select * from complaint order by id; select count(*) from event")
run xf-status transfer -n -m "a delivery matter" --team logistics 1
is "$rc.$(cut -f4,5,6,7 stdout | tail -n +2 | tr '\t\n' ' ;')" \
    "0.transfer status assigned accepted;transfer team billing logistics;transfer assignee ann ;" \
    "transfer -n: the events it would record"
is "$(db "select * from complaint order by id; select count(*) from event")" \
    "$all" "transfer -n changed nothing"
run xf-status transfer -m "a delivery matter" --team logistics 1
is "$rc.$(tail -n +2 stdout)" "0.XF-2026-000001	accepted	assigned" \
    "transfer --team: back to accepted"
is "$(db "select status, team, coalesce(assignee, '-') from complaint where id = 1")" \
    "accepted|logistics|-" "the team changed, the owner cleared"
is "$(ob 1)" "" "a transfer inside tells the complainant nothing"
run xf-assign 1
is "$rc.$(db "select assignee from complaint where id = 1")" "0.lou" \
    "xf-assign routes it in its new team"
run xf-status transfer -m "billing after all" --team billing 6
is "$rc.$(db "select status, team from complaint where id = 6")" "0.new|billing" \
    "a new complaint keeps its status, takes the team"

# --- to a body outside (转办) -------------------------------------------------------
XF_NOW=2026-06-03T00:00:00Z
run xf-status transfer -m "市场监管部门负责商家纠纷" --to "市场监督管理局" 3
is "$rc.$(tail -n +2 stdout)" "0.XF-2026-000003	closed	in_progress" \
    "transfer --to: closed for the desk"
is "$(db "select kind || ' ' || field || ' ' || coalesce(old, '-') || ' ' || new
    || ' ' || reason from event where complaint_id = 3 and kind = 'refer'
    order by id")" \
    "refer status in_progress closed 市场监管部门负责商家纠纷
refer referred_to - 市场监督管理局 市场监管部门负责商家纠纷" \
    "the referral recorded: the body and the reason"
is "$(db "select closed_at from complaint where id = 3")" 1780444800 \
    "closed_at set"
is "$(ob 3)" "transferred|en|bob@example.org" "the complainant is told"
like "$(db "select body from outbox where complaint_id = 3")" \
    "*referred it to them*市场监管部门负责商家纠纷*市场监督管理局 will contact you*" \
    "the notice names the body and the reason"
run xf-status transfer --no-notify -m "交由消协" --to "消费者协会" 1
is "$rc.$(ob 1).$(db "select reason from event where complaint_id = 1
    and kind = 'notice'")" "0..not notified: --no-notify" \
    "--no-notify: nothing queued, and the history says so"
run xf-status reopen -m "市场监管局退回" 3
is "$rc.$(db "select status from complaint where id = 3")" "0.in_progress" \
    "a referred complaint sent back is reopened"

# --- reject at any open stage ----------------------------------------------------------
run xf-status reject -m "out of scope" 2
is "$rc.$(tail -n +2 stdout)" "0.XF-2026-000002	rejected	in_progress" \
    "reject from in_progress"
is "$(ob 2)" "rejected|en|alice@example.org" "with its notice"
run xf-status reject -m "not ours" 5
is "$rc.$(db "select status, coalesce(paused_since, '-'), paused_seconds > 0
    from complaint where id = 5")" "0.rejected|-|1" \
    "reject from waiting ends the pause and counts it"
XF_NOTIFY=off xf-assign --to ann -m "by hand" 4 > /dev/null 2>&1
XF_NOTIFY=off run xf-status reject -m "spam" 4
is "$rc.$(db "select status from complaint where id = 4").$(ob 4)" "0.rejected." \
    "reject from assigned; XF_NOTIFY=off tells nobody"
XF_NOTIFY=off xf-status resolve -m "answered" 3 > /dev/null
run xf-status reject -m "too late" 3
like "$rc|$(cat stderr)" "1|xf-status: XF-2026-000003: cannot reject: it is resolved*" \
    "a resolved complaint is not rejected (reopen it first)"
run xf-status transfer -m "x" --to "某局" 3
like "$rc|$(cat stderr)" "1|xf-status: XF-2026-000003: cannot refer: it is resolved*" \
    "nor referred outside"
run xf-status transfer -m "x" --team billing 2
like "$rc|$(cat stderr)" "1|xf-status: XF-2026-000002: cannot transfer: it is rejected*" \
    "a rejected complaint is not transferred"

# --- a merge tells the merged complaint's complainant where it goes on ------
cat > g.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
电费,多收电费,web,2026-05-07,王五,wang@example.cn
电费again,又多收,phone,2026-05-08,王五,wang@example.cn
EOF
xf-intake g.csv > /dev/null 2>&1
run xf-status merge --into 7 8
is "$rc.$(ob 8).$(db "select subject from outbox where complaint_id = 8")" \
    "0.merged|zh|wang@example.cn.[XF-2026-000008] 您的投诉已并入 XF-2026-000007 一并办理" \
    "merge: the merged one's complainant is told the survivor's ref"
check "the chain verifies" xf-status verify
