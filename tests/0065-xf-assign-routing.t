#!/bin/sh
# xf-assign routing: the team comes from the category by routing.tsv, the
# * row for the rest and for complaints not classified; -R and
# $XF_ROUTING override the file; -t overrides routing; a bad routing file
# is refused with its file and line before anything is assigned.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 26

H='ref	assignee	team	ack_due	due	reason'

# One handler a team.
for t in tech billing support legal content product; do
	xf-assign handler add --team "$t" "h-$t" > /dev/null
done

# Eleven complaints: each category of the taxonomy, one not in it, one
# not classified.
{
	echo 'subject,body,received_at'
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		echo "complaint $i,text $i,2026-05-$((i + 10))"
	done
} > f.csv
check "import eleven complaints" xf-intake -q f.csv
i=1
for cat in technical billing account privacy service delivery content \
    suggestion other Weird; do
	xf-classify set --category "$cat" -m fixture "$i" > /dev/null
	i=$((i + 1))
done
xf-status list -s new | xf-status accept > /dev/null
is "$(db "select count(*) from complaint where status = 'accepted'")" 11 \
    "all eleven accepted"

ev0=$(db "select count(*) from event")
# teams: the team column of stdout, one line.
teams() {
	sed 1d stdout | cut -f3 | tr '\n' ' '
}

run xf-assign -n 1 2 3 4 5 6 7 8 9 10 11
is "$rc" 0 "dry run over every category: exit 0"
is "$(teams)" "tech billing support legal support support content product support support support " \
    "the shipped routing.tsv: each category to its team, the rest to support"
is "$(sed -n 2p stdout | cut -f6)" \
    "no skill technical in team tech; 20 of 20 free; team tech by category" \
    "a routed category: 'by category'"
is "$(sed -n 11p stdout | cut -f6)" \
    "no skill weird in team support; 16 of 20 free; team support by default" \
    "a category without a row: 'by default' (the * row); the dry run counts its own choices"
is "$(sed -n 12p stdout | cut -f6)" \
    "no category or flag to match skills; 15 of 20 free; team support by default" \
    "not classified: the * row"
is "$(db "select count(*) from event")" "$ev0" "-n: no event written"

# --- categories are compared without regard to case ------------------------------
xf-classify set --category BILLING -m fixture 2 > /dev/null
run xf-assign -n 2
is "$(teams)" "billing " "BILLING routes like billing"

# --- -R and $XF_ROUTING --------------------------------------------------------------
printf '# ours\n\nbilling\tsupport\t\ntechnical  \ttech\n*\tlegal\n' > r.tsv
run xf-assign -n -R r.tsv 1 2 3 11
is "$rc.$(teams)" "0.tech support legal legal " \
    "-R: another file, comments, blank lines and trailing blanks allowed"
XF_ROUTING=r.tsv run xf-assign -n 1 2 3
is "$(teams)" "tech support legal " "\$XF_ROUTING names the file"
XF_ROUTING=r.tsv run xf-assign -n -R "$XF_SHARE/routing.tsv" 2
is "$(teams)" "billing " "-R wins over \$XF_ROUTING"

# --- -t ---------------------------------------------------------------------------
run xf-assign -n -t content 1 2 11
is "$(teams)" "content content content " "-t: every complaint to that team"
is "$(sed -n 2p stdout | cut -f6)" \
    "no skill technical in team content; 20 of 20 free; team content as asked" \
    "-t: 'as asked'"

# --- no * row ----------------------------------------------------------------------
printf 'billing\tbilling\n' > nostar.tsv
run xf-assign -R nostar.tsv 2 10 11
is "$rc" 1 "no * row: exit 1"
is "$(cat stdout)" "$H
$(sed 1d stdout | head -1)" "no * row: the routed one still assigned"
is "$(sed -n 2p stdout | cut -f1-3)" "XF-2026-000002	h-billing	billing" \
    "no * row: billing assigned"
is "$(cat stderr)" \
    "xf-assign: XF-2026-000010: nobody can take it: routing has no row for category 'weird' and no * row
xf-assign: XF-2026-000011: nobody can take it: it has no category and routing has no * row" \
    "no * row: the others reported"
is "$(db "select status || ' ' || coalesce(assignee, '-') from complaint
    where id = 10")" "accepted -" "no * row: left as it was"

# --- bad routing files: nothing assigned ----------------------------------------------
# badrouting NAME MESSAGE CONTENT
badrouting() {
	printf "$3" > bad.tsv
	_e=$(db "select count(*) from event")
	run xf-assign -R bad.tsv 1
	is "$rc.$(cat stdout).$(cat stderr).$(db "select count(*) from event")" \
	    "2..xf-assign: $2 (nothing assigned).$_e" "bad routing, $1"
}
badrouting "no tab" "bad.tsv:2: want category<TAB>team" \
    '*\tsupport\nbilling support\n'
badrouting "bad team" "bad.tsv:1: bad team 'Billing Team': a team is 1 to 64 of a-z, 0-9, '.', '_' and '-'" \
    'billing\tBilling Team\n'
badrouting "no team" "bad.tsv:1: bad team '': a team is 1 to 64 of a-z, 0-9, '.', '_' and '-'" \
    'billing\t\n'
badrouting "a category twice" "bad.tsv:3: category 'Billing' is routed already at line 1" \
    'billing\tbilling\n*\tsupport\nBilling\tsupport\n'
badrouting "two * rows" "bad.tsv:2: a second * row (the first is line 1)" \
    '*\tsupport\n*\tlegal\n'
run xf-assign -R missing.tsv 1
is "$rc.$(cat stderr)" \
    "2.xf-assign: missing.tsv: cannot read: No such file or directory (nothing assigned)" \
    "a missing routing file: exit 2"
run xf-assign -t support -R missing.tsv 1
is "$rc" 0 "-t: no routing file is read"
