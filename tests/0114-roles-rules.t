#!/bin/sh
# The rules of the roles (issue 15, point 1; xf-status(1), ROLES): a
# legal review by the legal role, never the owner; an extension approved
# by a lead of the complaint's team or an admin, never the owner; a
# rejection by a lead, legal or admin.  Each refusal names its rule and
# refuses that complaint alone (exit 1, the others done).  A store
# without handlers has no roles.
. "$(dirname "$0")/lib.sh"

plan 38

XF_NOTIFY=off
export XF_NOTIFY
H='ref	status	was'

# last: the newest event, kind|actor|new|reason.
last() {
	db "select kind || '|' || actor || '|' || coalesce(new, '-') || '|' ||
	    coalesce(reason, '-') from event order by id desc limit 1"
}

# refusal NAME WANT cmd...: cmd exits 1 with WANT on stderr, and writes
# no event.
refusal() {
	_name=$1
	_want=$2
	shift 2
	_before=$(db "select count(*) from event")
	run "$@"
	is "$rc|$(cat stderr)|$(db "select count(*) from event")" \
	    "1|xf-status: $_want|$_before" "$_name"
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant
Charged twice,Refund the second charge,web,2026-05-30,Alice
My data was sold,Someone sold my number,web,2026-05-30,Bob
Late parcel,Never arrived,email,2026-05-31,Carol
Wrong size,Send the right one,web,2026-05-31,Dan
Spam one,buy now,web,2026-05-31,Eve
Spam two,buy now,web,2026-05-31,Eve
Spam three,buy now,web,2026-05-31,Eve
Spam four,buy now,web,2026-05-31,Eve
Noise,Night works,phone,2026-05-31,Fay
EOF
check "register nine complaints" xf-intake f.csv

# --- no handlers: no roles --------------------------------------------------
xf-status accept 9 > /dev/null
exit_is 0 "no handlers: an extension approved by anyone" \
    xf-status extend --days 5 --approver nobody.here -m 'waiting' 9
exit_is 0 "no handlers: anyone reviews" \
    xf-status review --approve -m 'fine' 9
exit_is 0 "no handlers: anyone rejects" xf-status reject -m spam 8

# --- the staff -----------------------------------------------------------------
{
	xf-assign handler add --team support li.si
	XF_ACTOR=li.si
	export XF_ACTOR
	xf-assign handler add --team support --role lead lin
	xf-assign handler add --team support --role lead old
	xf-assign handler add --team billing --role lead gao
	xf-assign handler add --team legal --role legal fang
	xf-assign handler add --team legal --role legal lu
	xf-assign handler add --team ops --role admin ada
	xf-assign handler disable old
} > /dev/null
is "$(db "select group_concat(login || ':' || role || ':' || active, ' ')
    from (select * from handler order by login)")" \
    "ada:admin:1 fang:legal:1 gao:lead:1 li.si:agent:1 lin:lead:1 lu:legal:1 old:lead:0" \
    "seven handlers, one of them inactive"
XF_ACTOR=xf-test
xf-status accept 1 2 3 4 > /dev/null
xf-assign --to li.si -m 'hers' 1 2 > /dev/null
xf-assign --to fang -m 'a lawyer handles it' 3 > /dev/null
xf-assign --to lin -m 'the lead takes it' 4 > /dev/null
is "$(db "select group_concat(id || ':' || assignee || ':' || team, ' ')
    from complaint where id <= 4")" \
    "1:li.si:support 2:li.si:support 3:fang:legal 4:lin:support" \
    "owners and teams"
xf-classify set --flag +privacy -m 'personal data' 1 2 3 > /dev/null

# --- a legal review: the legal role, never the owner --------------------------
RULE='a legal review is approved by a handler with the legal role'
refusal "review by the owner, an agent: refused" \
    "XF-2026-000001: $RULE, not by li.si (agent of support)" \
    env XF_ACTOR=li.si xf-status review --approve -m 'my own' 1
refusal "review by a lead: refused" \
    "XF-2026-000001: $RULE, not by lin (lead of support)" \
    env XF_ACTOR=lin xf-status review --approve -m 'looks fine' 1
refusal "review by an admin: refused" \
    "XF-2026-000001: $RULE, not by ada (admin of ops)" \
    env XF_ACTOR=ada xf-status review --approve -m 'looks fine' 1
refusal "review by automation: refused" \
    "XF-2026-000001: $RULE, not by xf-cron, an automation actor with no role" \
    env XF_ACTOR=xf-cron xf-status review --approve -m 'auto' 1
refusal "a denial by one who may not review: refused too" \
    "XF-2026-000001: $RULE, not by lin (lead of support)" \
    env XF_ACTOR=lin xf-status review --deny -m 'no' 1
refusal "review by its owner, a lawyer: refused" \
    "XF-2026-000003: $RULE, not by its owner fang" \
    env XF_ACTOR=fang xf-status review --approve -m 'mine is fine' 3
exit_is 0 "review by a lawyer who does not own it: allowed" \
    env XF_ACTOR=fang xf-status review --deny -m 'say less' 1
is "$(last)" "review|fang|denied|say less" "the denial recorded, fang's"

# Many at once: each refused alone, the others reviewed.
run env XF_ACTOR=fang xf-status review --approve -m 'cleared' 1 3 2
is "$rc" 1 "bulk review with one refused: exit 1"
is "$(cat stderr)" "xf-status: XF-2026-000003: $RULE, not by its owner fang" \
    "bulk: the refused one named"
is "$(cat stdout)" "$H
XF-2026-000001	assigned	assigned
XF-2026-000002	assigned	assigned" "bulk: the others reviewed"
exit_is 0 "lu reviews fang's complaint" \
    env XF_ACTOR=lu xf-status review --approve -m 'cleared' 3
xf-status start 1 2 3 > /dev/null
run xf-status resolve -m 'answered' 1 2 3
is "$rc.$(db "select group_concat(status) from complaint where id <= 3")" \
    "0.resolved,resolved,resolved" "approved by the legal role: all resolve"

# --- an extension: a lead of the team or an admin, never the owner -----------
RULE="an extension is approved by an active lead of the complaint's team, or an admin"
refusal "approver nobody.here: refused" \
    "XF-2026-000001: $RULE, not by nobody.here, who is not a handler" \
    xf-status extend --days 5 --approver nobody.here -m 'carrier' 1
refusal "approver an agent: refused" \
    "XF-2026-000001: $RULE, not by li.si (agent of support)" \
    xf-status extend --days 5 --approver li.si -m 'carrier' 1
refusal "approver a lead of another team: refused" \
    "XF-2026-000001: $RULE, not by gao (lead of billing)" \
    xf-status extend --days 5 --approver gao -m 'carrier' 1
refusal "approver an inactive lead of the team: refused" \
    "XF-2026-000001: $RULE, not by old, who is not an active handler" \
    xf-status extend --days 5 --approver old -m 'carrier' 1
refusal "approver a lawyer: refused" \
    "XF-2026-000001: $RULE, not by fang (legal of legal)" \
    xf-status extend --days 5 --approver fang -m 'carrier' 1
refusal "approver automation: refused" \
    "XF-2026-000001: $RULE, not by xf-cron, an automation actor with no role" \
    xf-status extend --days 5 --approver xf-cron -m 'carrier' 1
refusal "approver the owner, a lead of the team: refused" \
    "XF-2026-000004: $RULE, not by its owner lin" \
    xf-status extend --days 5 --approver lin -m 'my own' 4
refusal "a dry run is refused as the real one" \
    "XF-2026-000004: $RULE, not by its owner lin" \
    xf-status extend -n --days 5 --approver lin -m 'my own' 4
exit_is 0 "approver a lead of the team: allowed" \
    xf-status extend --days 5 --approver lin -m 'carrier' 1
is "$(last)" "extend|xf-test|$(db "select due from complaint where id = 1")|approved by lin: carrier" \
    "the extension recorded, approved by lin"
exit_is 0 "approver an admin, though of another team: allowed" \
    xf-status extend --days 5 --approver ada -m 'stock' 4

# --- rejection: lead, legal or admin ------------------------------------------
RULE='a complaint is rejected by a lead, legal or admin handler'
refusal "reject by an agent: refused" \
    "XF-2026-000005: $RULE, not by li.si (agent of support)" \
    env XF_ACTOR=li.si xf-status reject -m spam 5
refusal "reject by automation: refused" \
    "XF-2026-000005: $RULE, not by xf-cron, an automation actor with no role" \
    env XF_ACTOR=xf-cron xf-status reject -m spam 5
is "$(db "select status from complaint where id = 5")" new \
    "refused rejections left it new"
exit_is 0 "reject by a lead" env XF_ACTOR=gao xf-status reject -m spam 5
exit_is 0 "reject by a lawyer" env XF_ACTOR=lu xf-status reject -m spam 6
exit_is 0 "reject by an admin" env XF_ACTOR=ada xf-status reject -m spam 7
is "$(db "select group_concat(actor) from (select actor from event
    where kind = 'reject' and complaint_id in (5, 6, 7) order by id)")" \
    "gao,lu,ada" "the rejections recorded by whom"
# The rest of the moves are an agent's.
exit_is 0 "an agent moves and notes" \
    env XF_ACTOR=li.si xf-status note -m 'called back' 1
