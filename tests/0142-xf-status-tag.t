#!/bin/sh
# xf-status tag (issue 16): adds and removes free tags, each change an
# event, no change none; refs from stdin; a dry run; the refusals of a
# bad tag; list --tag, show, the TSV of show; who may tag; verify
# keeps agreeing; xf-report --by tag; and the plan of list --tag.
. "$(dirname "$0")/lib.sh"

plan 49

refs() {
	"$@" > "$T/.refs" 2>&1 || echo "exit $?"
	sed '1d; s/	.*//; s/^XF-2026-0*//' "$T/.refs" | tr '\n' ' ' |
	    sed 's/ $//'
}
tags_of() {
	db "select group_concat(tag, ',') from (select tag from tag
	    where complaint_id = $1 order by tag)"
}
events() {
	db "select count(*) from event where kind = 'tag'"
}

cat > f.csv <<'EOF'
subject,body,received_at
退款没到账,申请退款两周了,2026-05-01
快递丢失,包裹一直没到,2026-05-02
Login fails,cannot log in,2026-05-03
EOF
check "import three complaints" xf-intake f.csv

# --- adding and removing -----------------------------------------------------
run xf-status tag XF-2026-000001 +退款 +催办
is "$rc" 0 "tag +退款 +催办: exit 0"
is "$(cat stdout)" "ref	tags
XF-2026-000001	催办,退款" "tag: prints the tags as left, sorted"
is "$(events)" 2 "two tags added: two events"
is "$(db "select actor, field, coalesce(old, '-'), new from event
    where kind = 'tag' order by id limit 1")" "tester|tag|-|退款" \
    "the event: who, the field, the tag added"
run xf-status tag XF-2026-000001 -催办 +退款
is "$(cut -f2 stdout | tail -1)" "退款" "tag -催办 +退款: one left"
is "$(events)" 3 "removing is an event, adding a tag it has is none"
is "$(db "select old || '|' || coalesce(new, '-') from event
    where kind = 'tag' order by id desc limit 1")" "催办|-" \
    "the event of a removal: old the tag"
run xf-status tag XF-2026-000001 -没有
is "$rc.$(events)" "0.3" "removing a tag it has not: nothing recorded"
run xf-status tag -m 'asked twice' XF-2026-000002 '+  加急　'
is "$(tags_of 2)" "加急" "a tag is trimmed, the ideographic space too"
is "$(db "select reason from event where kind = 'tag' order by id desc
    limit 1")" "asked twice" "-m is the event's reason"
is "$(db "select updated_at from complaint where id = 2")" \
    "$(db "select strftime('%s', '2026-06-01')")" "a change updates the complaint"
run xf-status tag -- -n XF-2026-000002
is "$rc" 0 "tag -- -n: -n is a change after --"

# refs from stdin, as every verb takes them
xf-status list | xf-status tag +批量 > out
is "$(sed 1d out | cut -f1 | tr '\n' ' ')" \
    "XF-2026-000001 XF-2026-000002 XF-2026-000003 " "tag: refs from stdin"
is "$(tags_of 3)" "批量" "a tag from stdin's refs"

# a dry run records nothing
before=$(events)
run xf-status tag -n XF-2026-000003 -批量 +试试
is "$rc" 0 "tag -n: exit 0"
like "$(cat stdout)" "*tag	tag		试试*" "tag -n: shows the events it would record"
is "$(events).$(tags_of 3)" "$before.批量" "tag -n: nothing changed"

# --- refusals ------------------------------------------------------------------
bad() {
	_name=$1
	shift
	before=$(events)
	exit_is 2 "$_name: exit 2" xf-status tag XF-2026-000003 "$@"
	is "$(events)" "$before" "$_name: nothing recorded"
}
bad "a comma" +a,b
like "$(cat stderr)" "*no comma*" "a comma: says so"
bad "a tab" "+$(printf 'a\tb')"
bad "a line break" "+$(printf 'a\nb')"
bad "a control byte" "+$(printf 'a\033b')"
bad "nothing but spaces" "+   "
bad "a leading +" ++x
bad "33 characters" +一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三
like "$(cat stderr)" "*at most 32 characters*" "too long: says the cap"
exit_is 0 "32 characters: fine" xf-status tag XF-2026-000003 \
    +一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二
exit_is 2 "no change: exit 2" xf-status tag XF-2026-000003
exit_is 1 "an unknown ref: exit 1" xf-status tag XF-2026-000099 +x

# --- who may tag ---------------------------------------------------------------
xf-assign handler add --team support li > /dev/null
XF_ACTOR=stranger run xf-status tag XF-2026-000003 +x
is "$rc" 2 "a stranger may not tag once there are handlers"
XF_ACTOR=li run xf-status tag XF-2026-000003 +x
is "$rc.$(tags_of 3 | grep -c '^x,\|,x$\|,x,\|^x$')" "0.1" "a handler may"

# --- list --tag, show ----------------------------------------------------------
is "$(refs xf-status list --tag 退款)" "1" "list --tag"
is "$(refs xf-status list --tag 批量 --tag ' 退款 ')" "1" \
    "list --tag twice: both, trimmed as stored"
is "$(refs xf-status list --tag none)" "" "list --tag nobody has: none"
exit_is 2 "list --tag a,b: exit 2" xf-status list --tag a,b
run xf-status show XF-2026-000001
like "$(cat stdout)" "*tags               批量,退款*" "show lists the tags"
run xf-status show -o tsv XF-2026-000001
is "$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "tags") c = i }
    NR == 2 { print $c }' stdout)" "批量,退款" "show -o tsv: a tags column"
exit_is 0 "verify: the history agrees with the rows" xf-status verify

# --- the plan: a tag's complaints through tag_name ------------------------------
XF_EXPLAIN=1 xf-status list -A --tag 退款 > /dev/null 2> explain
like "$(cat explain)" "*tag USING*INDEX tag_name*" "list --tag: through tag_name"

# --- xf-report --by tag --------------------------------------------------------
run xf-report summary --since 2026-05-01 --until 2026-06-01 --by tag
is "$(cut -f1,2 stdout | sort | tr '\n' ' ')" \
    "tag	received x	1 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二	1 加急	1 批量	3 退款	1 " \
    "xf-report --by tag: each tag a row, a complaint in each of its tags"
printf 'subject,body,received_at\nno tags,none at all,2026-05-04\n' > g.csv
XF_ACTOR=li xf-intake g.csv > /dev/null
run xf-report summary --since 2026-05-01 --until 2026-06-01 --by tag
like "$(grep '^none' stdout)" "none	1	*" \
    "xf-report --by tag: a complaint without tags under none"
