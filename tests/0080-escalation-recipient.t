#!/bin/sh
# Whom an escalation goes to: an active lead of the complaint's team
# (routing's team when it has none), unless the owner leads that team
# (its only lead, or one of several): then the team's escalation contact
# from routing.tsv's third field, else the "*" row's, the default; never
# another team's lead, never the owner himself; nobody (warned, exit 1)
# when there is none.  Bad contacts in routing.tsv are refused, and
# xf-assign reads the three-field file as before.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 27

cat > routing.tsv <<'EOF'
# category	team	escalation contact
billing	billing	boss.bill
account	support
privacy	legal	legal-escalation@example.com
technical	tech
content	ops
*	support	duty@example.com
EOF
XF_ROUTING=$T/routing.tsv
export XF_ROUTING

# Twelve complaints, all late past level 1 on 2026-05-20 (received 1 May,
# 15 days to acknowledge, level 1 past 3 days late).
export XF_NOW=2026-05-01T12:00:00Z
awk 'BEGIN { print "subject,body,received_at,complainant";
    for (i = 1; i <= 12; i++) printf "s%d,b%d,2026-05-01,c%d\n", i, i, i }' > c.csv
xf-intake c.csv > /dev/null 2>&1
check "handlers" sh -c '
    xf-assign handler add --team legal --role lead lin &&
    xf-assign handler add --team legal amy &&
    xf-assign handler add --team support --role lead carol &&
    xf-assign handler add --team support --role lead zed &&
    xf-assign handler add --team support sam &&
    xf-assign handler add --team ops --role lead abe &&
    xf-assign handler add --team billing bill &&
    xf-assign handler add --team billing boss.bill &&
    xf-assign handler add --team tech --role lead tia &&
    xf-assign handler disable -m "on leave" tia'
#  1 legal, owned by lin, its only lead
#  2 legal, owned by amy, an agent
#  3 support, owned by carol, one of its two leads
#  4 support, owned by sam, an agent
#  5 support, owned by abe, the lead of another team
#  6 billing (no lead), owned by bill
#  7 billing (no lead), owned by boss.bill, billing's own contact
#  8 tech (its lead inactive), unowned
#  9 no team, category privacy: routing's team legal
# 10 no team, no category: routing's * row, support
# 11 ops, owned by abe, its only lead: ops names no contact: the default
# 12 nosuch (a team routing does not know), unowned: the default contact
db "UPDATE complaint SET team = 'legal', assignee = 'lin' WHERE id = 1;
    UPDATE complaint SET team = 'legal', assignee = 'amy' WHERE id = 2;
    UPDATE complaint SET team = 'support', assignee = 'carol' WHERE id = 3;
    UPDATE complaint SET team = 'support', assignee = 'sam' WHERE id = 4;
    UPDATE complaint SET team = 'support', assignee = 'abe' WHERE id = 5;
    UPDATE complaint SET team = 'billing', assignee = 'bill' WHERE id = 6;
    UPDATE complaint SET team = 'billing', assignee = 'boss.bill' WHERE id = 7;
    UPDATE complaint SET team = 'tech' WHERE id = 8;
    UPDATE complaint SET category = 'privacy' WHERE id = 9;
    UPDATE complaint SET team = 'ops', assignee = 'abe' WHERE id = 11;
    UPDATE complaint SET team = 'nosuch' WHERE id = 12"

# to N: whom complaint N's escalation went to, from the escalate output.
to() {
	grep "^XF-2026-0000$(printf '%02d' "$1")	" esc | cut -f4
}
reason() {
	db "select reason from event where kind = 'escalate' and complaint_id = $1"
}

run env XF_NOW=2026-05-20T00:00:00Z xf-status escalate
cp stdout esc
is "$rc|$(cat stderr)" "0|" "everyone has someone to escalate to: exit 0, silent"
is "$(to 1)" legal-escalation@example.com \
    "owner is the team's only lead: the team's escalation contact"
like "$(reason 1)" "*; to escalation contact legal-escalation@example.com of team legal, as the owner leads it" \
    "the reason says why"
is "$(to 2)" lin "owner is an agent: the team's lead"
is "$(to 3)" duty@example.com \
    "owner is one of the team's leads: not a fellow lead, the contact (support has none: the default)"
is "$(to 4)" carol "an agent's: the team's lead, the lowest login"
is "$(to 5)" carol "owner leads another team: this team's lead"
is "$(to 6)" boss.bill "team without a lead: its contact, never another team's lead"
like "$(reason 6)" "*to escalation contact boss.bill of team billing, which has no active lead" \
    "the reason: no active lead"
is "$(to 7)" duty@example.com \
    "owner is his team's contact: never himself, the default contact"
is "$(to 8)" duty@example.com \
    "team whose only lead is inactive, no contact of its own: the default"
is "$(to 9)" lin "no team: the lead of the team routing gives its category"
like "$(reason 9)" "*to lead lin of team legal, by routing (no team yet)" \
    "the reason says the team is routing's"
is "$(to 10)" carol "no team, no category: the lead of the * row's team"
is "$(to 11)" duty@example.com "owner is the only lead of a team with no contact: the default"
is "$(to 12)" duty@example.com "a team routing does not know: the default contact"
is "$(cut -f4 esc | grep -c -e '^abe$' -e '^zed$' -e '^tia$')" 0 \
    "never another team's lead, never a fellow lead, never an inactive one"
is "$(db "select count(*) from event e join complaint c on c.id = e.complaint_id
    where e.kind = 'escalate' and e.reason like '%to lead ' || c.assignee || ' %'")" 0 \
    "never the owner himself"

# --- no contact at all: nobody, warned -------------------------------------------------
fresh_db
printf 'privacy\tlegal\n*\tsupport\n' > plain.tsv
head -3 c.csv > c2.csv
xf-intake c2.csv > /dev/null 2>&1
xf-assign handler add --team legal --role lead lin > /dev/null
xf-assign handler add --team ops --role lead abe > /dev/null
db "UPDATE complaint SET team = 'legal', assignee = 'lin' WHERE id = 1;
    UPDATE complaint SET team = 'billing' WHERE id = 2"
run env XF_NOW=2026-05-20T00:00:00Z xf-status -R plain.tsv escalate
is "$rc|$(cut -f1,4 stdout | sed 1d | tr '\t\n' ':,')" \
    "1|XF-2026-000001:,XF-2026-000002:," \
    "no contact anywhere: nobody, never abe of ops, never lin himself"
cat > want <<'EOF'
xf-status: XF-2026-000001: no escalation contact of team legal above its lead lin, the owner, to escalate to; level 1 recorded
xf-status: XF-2026-000002: no team lead of team billing to escalate to; level 1 recorded
EOF
sort stderr > got
same_file want got "each warned, saying what is missing"

# --- the alert names the contact too ---------------------------------------------------
run env XF_NOW=2026-05-20T00:00:00Z XF_ROUTING=$T/routing.tsv xf-status overdue --alert
is "$(grep XF-2026-000001 stdout | cut -f9,10)" "1	legal-escalation@example.com" \
    "overdue --alert: level 1 to the contact (the escalation was recorded already)"

# --- bad routing files ---------------------------------------------------------------------
# badrouting NAME MESSAGE CONTENT
badrouting() {
	printf "$3" > bad.tsv
	run env XF_NOW=2026-05-20T00:00:00Z xf-status -R bad.tsv escalate
	is "$rc|$(cat stdout)|$(cat stderr)" "2||xf-status: $2" "bad routing, $1"
}
badrouting "a contact with a blank" \
    "bad.tsv:1: bad escalation contact 'the boss': want a login or an e-mail address" \
    'billing\tbilling\tthe boss\n'
badrouting "an address without a domain" \
    "bad.tsv:1: bad escalation contact 'boss@': want a login or an e-mail address" \
    'billing\tbilling\tboss@\n'
badrouting "two contacts for one team" \
    "bad.tsv:2: team billing has the escalation contact boss already at line 1" \
    'billing\tbilling\tboss\nrefund\tbilling\tother\n'
printf 'billing\tbilling\tboss\nrefund\tbilling\tboss\nfee\tbilling\t-\n*\tsupport\tduty@example.com\n' > good.tsv
fresh_db
xf-intake c2.csv > /dev/null 2>&1
xf-assign handler add --team legal --role lead lin > /dev/null
db "UPDATE complaint SET team = 'legal', assignee = 'lin' WHERE id = 1;
    UPDATE complaint SET team = 'billing' WHERE id = 2"
run env XF_NOW=2026-05-20T00:00:00Z xf-status -R good.tsv escalate -n
is "$rc|$(cut -f1,4 stdout | sed 1d | tr '\t\n' ':,')" \
    "0|XF-2026-000001:duty@example.com,XF-2026-000002:boss," \
    "the same contact twice, '-' for none: a good file, used"
fresh_db
printf 'subject,body,received_at,complainant\na,b,2026-05-01,c\n' > one.csv
xf-intake one.csv > /dev/null 2>&1
xf-classify set --category refund -m x 1 > /dev/null
xf-assign handler add --team billing bill > /dev/null
run xf-assign -n -R good.tsv 1
is "$rc|$(cut -f2,3 stdout | tail -1)" "0|bill	billing" \
    "xf-assign routes by a routing file with contacts as before"
