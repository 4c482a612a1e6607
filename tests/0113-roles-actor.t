#!/bin/sh
# Who acts (issue 15, point 1): a store without handlers lets anyone
# write; once it has handlers, every command that changes it wants an
# active handler or an automation actor (a name starting "xf-"), checked
# as the store opens, before anything is written (exit 2, the rule
# named).  Reading needs no handler.
. "$(dirname "$0")/lib.sh"

plan 38

XF_NOTIFY=off
export XF_NOTIFY
RULE='when there are handlers, only an active handler or an automation actor (a name starting "xf-") may change the store; set XF_ACTOR'

events() {
	db "select count(*) from event"
}

# refused NAME cmd...: cmd exits 2 naming the rule for tester.
refused() {
	_name=$1
	shift
	run "$@"
	is "$rc $(sed 's/^[a-z-]*: //' stderr)" "2 tester is not a handler: $RULE" \
	    "$_name"
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
Charged twice,Refund the second charge,web,2026-05-30,Alice,alice@example.com
噪音扰民,楼下工地夜间施工,phone,2026-05-31,张三,13800000000
Late parcel,Never arrived,email,2026-05-31,Bob,bob@example.com
EOF

# --- no handlers: anyone ---------------------------------------------------
exit_is 0 "no handlers: anyone registers" env XF_ACTOR=zhao xf-intake f.csv
exit_is 0 "no handlers: anyone moves" env XF_ACTOR=zhao xf-status accept 1
exit_is 0 "no handlers: anyone rejects" \
    env XF_ACTOR=zhao xf-status reject -m 'not ours' 3
exit_is 0 "no handlers: anyone adds the first handler" \
    env XF_ACTOR=zhao xf-assign handler add --team support li.si
is "$(db "select actor from event where kind = 'handler'")" zhao \
    "the first handler's event names who added it"

# --- handlers: the actor must be one ----------------------------------------
xf-assign handler add --team support --role admin wang > /dev/null 2> stderr
is "$(cat stderr)" "xf-assign: tester is not a handler: $RULE" \
    "an unknown actor may not add a handler: the rule named"
n=$(events)
exit_is 2 "unknown actor: xf-status note refused, exit 2" \
    xf-status note -m 'looked at it' 1
is "$(cat stderr)" "xf-status: tester is not a handler: $RULE" \
    "xf-status: the rule named"
is "$(cat stdout)" "" "xf-status: nothing printed"
refused "unknown actor: a dry run is refused too" xf-status accept -n 2
refused "unknown actor: xf-assign refused" xf-assign --to li.si -m x 1
refused "unknown actor: xf-classify set refused" \
    xf-classify set --priority P1 -m urgent 1
refused "unknown actor: xf-classify refused" xf-classify 2
printf 'subject,body,channel,complainant\nMore,Again,web,Carol\n' > g.csv
refused "unknown actor: xf-intake refused" xf-intake g.csv
refused "unknown actor: xf-survey send refused" xf-survey send
refused "unknown actor: xf-notify -n refused" \
    xf-notify -n --from care@example.com
refused "unknown actor: xf-status overdue --alert refused" \
    xf-status overdue --alert
is "$(events).$(db "select count(*) from complaint")" "$n.3" \
    "nothing was written by a refused actor"

# Reading needs no handler.
exit_is 0 "unknown actor: list reads" xf-status list
exit_is 0 "unknown actor: show reads" xf-status show 1
exit_is 0 "unknown actor: history reads" xf-status history 1
exit_is 0 "unknown actor: handler list reads" xf-assign handler list
exit_is 0 "unknown actor: search reads" xf-status list -q Refund

# --- a handler, an inactive one, automation -------------------------------
exit_is 0 "an active handler writes" \
    env XF_ACTOR=li.si xf-status note -m 'called her' 1
is "$(db "select actor from event order by id desc limit 1")" li.si \
    "the note is li.si's"
exit_is 0 "a handler adds another" \
    env XF_ACTOR=li.si xf-assign handler add --team support --role lead wang
exit_is 0 "a handler disables one" \
    env XF_ACTOR=wang xf-assign handler disable li.si
exit_is 2 "an inactive handler is refused" \
    env XF_ACTOR=li.si xf-status note -m again 1
is "$(cat stderr)" "xf-status: li.si is not an active handler: $RULE" \
    "inactive: the rule named"
# Once a run, by the handler's key, however many refs.
XF_EXPLAIN=1 XF_ACTOR=wang xf-status note -m 'all three' 1 2 3 > /dev/null \
    2> explain
is "$(grep -c 'plan: SELECT EXISTS (SELECT 1 FROM handler)' explain)" 1 \
    "the actor is looked up once for three refs"
like "$(cat explain)" "*SEARCH h USING INDEX sqlite_autoindex_handler_1 (login=?)*" \
    "by the handler table's key"
exit_is 0 "automation (xf-cron) writes" \
    env XF_ACTOR=xf-cron xf-status note -m 'nightly check' 1
exit_is 0 "automation (xf-intake) registers" env XF_ACTOR=xf-intake xf-intake g.csv
exit_is 2 "a name merely like automation (xfcron) is refused" \
    env XF_ACTOR=xfcron xf-status note -m x 1
exit_is 2 "the login name when XF_ACTOR is unset: not a handler here" \
    sh -c 'unset XF_ACTOR; exec xf-status note -m x 1'

# The mail delivery script registers as xf-mail, so mail keeps coming in
# once the store has handlers.
sed 's/plain-1@/roles-1@/' "$XF_DATA/mail-intake/plain.eml" > msg.eml
run sh -c 'unset XF_ACTOR; XF_INTAKE=xf-intake exec "$1"' sh \
    "$XF_ROOT/scripts/mail/xf-deliver" < msg.eml
is "$rc.$(cat stderr)" "0." "xf-deliver with handlers: delivered, exit 0"
is "$(db "select actor from event where kind = 'created'
    order by id desc limit 1")" xf-mail "xf-deliver: registered as xf-mail"
# A mail server's own user is refused: the script maps that to 75, so
# the server keeps the message and tries again.
run env XF_ACTOR=postfix XF_INTAKE=xf-intake \
    "$XF_ROOT/scripts/mail/xf-deliver" < msg.eml
is "$rc" 75 "xf-deliver as an unknown actor: 75, the message kept"
