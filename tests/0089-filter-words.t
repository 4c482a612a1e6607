#!/bin/sh
# Filters speak intake's words: xf-status list takes for a channel any
# word xf-intake maps to it (微信, wechat), statuses, priorities and flags
# in any case, and a category as the taxonomy or the store has it
# without regard to case; an unknown word is exit 2 with the known ones
# listed, never a list that silently matches nothing.  xf-classify set
# reads priorities and flags the same way, and stores a category in the
# spelling the taxonomy or the store has for it.
. "$(dirname "$0")/lib.sh"

plan 36

cat > in.csv <<'EOF'
subject,body,channel
one,a,微信
two,b,wechat
three,c,Phone
four,d,来信
five,e,E-mail
six,f,web form
EOF
xf-intake -q in.csv > /dev/null

# refs CMD...: the numbers of the refs CMD lists, on one line.
refs() {
	"$@" | sed 1d | cut -f1 | sed 's/^XF-2026-0*//' | tr '\n' ' '
}

# --- channels: intake's aliases -------------------------------------------------
want=$(refs xf-status list -c social)
is "$want" "1 2 " "-c social: the two intake stored as social"
is "$(refs xf-status list -c 微信)" "$want" "-c 微信: social, as intake reads it"
is "$(refs xf-status list -c wechat)" "$want" "-c wechat: social"
is "$(refs xf-status list -c WeChat)" "$want" "-c WeChat: any case"
is "$(refs xf-status list -c '电话,fax')" "3 4 " \
    "-c 电话,fax: a list of aliases (phone, letter)"
is "$(refs xf-status list -c e-mail,'Web Form')" "5 6 " \
    "-c e-mail,'Web Form': email and web"

# --- statuses ----------------------------------------------------------------------
xf-status accept 1 2 > /dev/null
xf-status start 2 > /dev/null
is "$(refs xf-status list -s New)" "3 4 5 6 " "-s New: any case"
is "$(refs xf-status list -s 'In progress')" "2 " \
    "-s 'In progress': a space for the _"
is "$(refs xf-status list -s IN-PROGRESS,accepted)" "1 2 " \
    "-s IN-PROGRESS,accepted: a - for the _, in a list"

# --- priorities and flags ------------------------------------------------------------
xf-classify set --priority p1 --flag +Privacy -m fixture 3 > /dev/null
is "$(db "select priority || ' ' || flags from complaint where id = 3")" \
    "P1 privacy" "xf-classify set --priority p1 --flag +Privacy: stored P1, privacy"
xf-classify set --priority P4 --flag +legal -m fixture 4 > /dev/null
is "$(refs xf-status list --priority p1)" "3 " "--priority p1: P1"
is "$(refs xf-status list --priority p1,P4)" "3 4 " "--priority p1,P4: a list"
is "$(refs xf-status list --flag PRIVACY)" "3 " "--flag PRIVACY: any case"
xf-classify set --flag -LEGAL -m fixture 4 > /dev/null
is "$(db "select flags from complaint where id = 4")" "" \
    "xf-classify set --flag -LEGAL: removed"

# --- categories: the taxonomy's or the store's, without case ----------------------
xf-classify set --category BILLING -m fixture 1 > /dev/null
xf-classify set --category 物业 -m fixture 5 > /dev/null
xf-classify set --category Wifi -m fixture 6 > /dev/null
xf-classify set --category WIFI -m fixture 4 > /dev/null
is "$(db "select id || ' ' || category from complaint where id in (1, 4, 6)
    order by id" | tr '\n' ' ')" "1 billing 4 Wifi 6 Wifi " \
    "xf-classify set --category: the taxonomy's or the store's spelling"
xf-classify set --category billing -m fixture 2 > /dev/null
db "update complaint set category = 'BILLING' where id = 2" > /dev/null
is "$(refs xf-status list --category Billing)" "1 2 " \
    "--category Billing: billing and BILLING, as routing matches it"
is "$(refs xf-status list --category billing)" "1 2 " "--category billing: the same"
is "$(refs xf-status list --category 物业)" "5 " \
    "--category 物业: one the store has, the taxonomy not"
is "$(refs xf-status list --category WIFI)" "4 6 " \
    "--category WIFI: the store's Wifi, without case"
run xf-status list --category delivery
is "$rc.$(sed 1d stdout)" "0." \
    "--category delivery: in the taxonomy, on no complaint: no rows, exit 0"

# --- unknown words: exit 2, nothing printed, the known ones listed -----------------
# bad OPTION VALUE WANT: list refuses the word with message WANT.
bad() {
	run xf-status list "$1" "$2"
	is "$rc.$(cat stdout).$(cat stderr)" "2..xf-status: $1: $3" \
	    "list $1 $2: exit 2, nothing printed, the known ones listed"
}
bad -c telex "unknown channel 'telex': want email, phone, web, social, letter, visit or other, or a word xf-intake reads as one (xf-intake(1))"
bad -c 'social,微博,tiktok' "unknown channel 'tiktok': want email, phone, web, social, letter, visit or other, or a word xf-intake reads as one (xf-intake(1))"
bad -s opened "unknown status 'opened': want new, accepted, assigned, in_progress, waiting, resolved, closed or rejected"
bad -s 'new,' "unknown status '': want new, accepted, assigned, in_progress, waiting, resolved, closed or rejected"
bad --priority P5 "unknown priority 'P5': want P1, P2, P3 or P4"
bad --priority 1 "unknown priority '1': want P1, P2, P3 or P4"
bad --flag angry "unknown flag 'angry': want privacy, legal, media, collective, repeat or vip"
bad --category Bills "unknown category 'Bills': want one of technical, billing, account, privacy, service, delivery, content, suggestion, other, Wifi, 物业"
bad --category '' "unknown category '': want one of technical, billing, account, privacy, service, delivery, content, suggestion, other, Wifi, 物业"

run xf-classify set --priority p0 -m why 1
is "$rc.$(cat stderr)" \
    "2.xf-classify: --priority: unknown priority 'p0': want P1, P2, P3 or P4" \
    "xf-classify set --priority p0: exit 2, the known ones"
run xf-classify set --flag +Angry -m why 1
is "$rc.$(cat stderr)" \
    "2.xf-classify: --flag +Angry: unknown flag 'Angry': want privacy, legal, media, collective, repeat or vip" \
    "xf-classify set --flag +Angry: exit 2, the known ones"

# --- the taxonomy file is where XF_SHARE says ---------------------------------------
mkdir share
printf '# mine\nRefunds\tmoney back\n\nbilling\tdup of the store, once\n' \
    > share/taxonomy.tsv
run env XF_SHARE="$T/share" xf-status list --category refunds
is "$rc.$(sed 1d stdout)" "0." "a taxonomy of one's own: its category, in any case"
run env XF_SHARE="$T/share" xf-status list --category technical
is "$rc.$(cat stderr)" \
    "2.xf-status: --category: unknown category 'technical': want one of Refunds, billing, Wifi, 物业" \
    "a taxonomy of one's own: only its categories and the store's, each once"
rm share/taxonomy.tsv
run env XF_SHARE="$T/share" xf-status list --category billing
is "$rc" 2 "no taxonomy file: --category is a configuration error, exit 2"
like "$(cat stderr)" "*share/taxonomy.tsv*" "no taxonomy file: the file named"
run env XF_SHARE="$T/share" xf-status list -c 微信
is "$rc.$(refs cat stdout)" "0.1 2 " "no taxonomy file: other filters need none"
