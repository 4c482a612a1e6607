#!/bin/sh
# Notices from the moves (issue 14, point 1): accept, reject, wait,
# resolve, close, reopen and extend each queue their template in the
# outbox, in the complaint's language, with its placeholders filled, in
# the move's own transaction; nothing for a complaint nobody can be
# told (no contact, a robot's address); --no-notify queues nothing and
# says so in the history; XF_NOTIFY=off queues nothing; a dry run
# leaves no outbox row; a missing or broken template stops the move
# with exit 2, naming file:line, and changes nothing.
. "$(dirname "$0")/lib.sh"

plan 53

export XF_MAIL_DOMAIN=xf.example

# ob ID: the outbox rows of complaint ID, kind|channel|lang|recipient|state.
ob() {
	db "select kind || '|' || channel || '|' || lang || '|' || recipient
	    || '|' || state from outbox where complaint_id = $1 order by id"
}
# last_body ID, last_subject ID: the newest notice's text.
last_body() {
	db "select body from outbox where complaint_id = $1
	    order by id desc limit 1"
}
last_subject() {
	db "select subject from outbox where complaint_id = $1
	    order by id desc limit 1"
}
nout() {
	db "select count(*) from outbox"
}
dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump
}

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
重复扣费,我的信用卡被扣了两次，请退款,web,2026-05-01 10:00,张三,zhang@example.cn
Charged twice,Please refund the second charge,web,2026-05-02,Alice,alice@example.org
No contact,nobody to tell,web,2026-05-03,Bob,
Robot,an autoreply,email,2026-05-03,Bot,MAILER-DAEMON@mx.example.org
短信,手机用户的投诉,phone,2026-05-03,李四,13800138000
Reject me,spam offer,web,2026-05-04,Eve,eve@example.org
EOF
check "import six complaints" xf-intake f.csv

# --- accept -------------------------------------------------------------------
check "accept 1-5" xf-status accept 1 2 3 4 5
is "$(ob 1)" "accepted|email|zh|zhang@example.cn|queued" \
    "1 (Chinese, an address): accepted, by e-mail, in Chinese"
is "$(ob 2)" "accepted|email|en|alice@example.org|queued" \
    "2 (English): accepted, in English"
is "$(ob 3)" "" "3 (no contact): nothing queued"
is "$(ob 4)" "" "4 (mailer-daemon): nothing queued"
is "$(ob 5)" "accepted|phone|zh|13800138000|queued" \
    "5 (a number, came by phone): a phone notice"
is "$(last_subject 1)" "[XF-2026-000001] 您的投诉已受理" \
    "the subject carries the ref in brackets"
b=$(last_body 1)
like "$b" "*尊敬的用户张三*2026-05-01 10:00*XF-2026-000001*“重复扣费”*2026-07-31 00:00*" \
    "the body: name, received, ref, subject and the due date filled"
case $b in *"{"*|*"}"*) fail "no placeholder left unfilled" ;;
*) pass "no placeholder left unfilled" ;; esac
is "$(db "select count(*) from event where complaint_id = 1 and
    kind = 'notice' and new = 'accepted' and reason = 'queued for email, zh'")" \
    1 "a notice event: the kind, channel and language, not the address"
is "$(db "select count(*) from event where kind = 'notice' and
    reason like '%@%'")" 0 "no event holds an address"
is "$(db "select count(*) from outbox where message_id like
    'xf.XF-2026-00000_.%@xf.example'")" 3 "each has its Message-ID"

# --- reject, wait, resolve, close, reopen, extend ------------------------------
check "reject 6" xf-status reject -m '推销广告，不属于投诉受理范围。' 6
is "$(ob 6 | cut -d'|' -f1,3)" "rejected|en" "6: rejected, in English"
like "$(last_body 6)" "*推销广告，不属于投诉受理范围。*30 days*" \
    "the rejection says why and how to ask for a review"
check "start 1 and 2" xf-status start 1 2
check "wait 1" xf-status wait -m '请提供扣费记录截图。' 1
is "$(db "select kind from outbox where complaint_id = 1 order by id
    desc limit 1")" waiting "1: waiting queued"
like "$(last_body 1)" "*请提供扣费记录截图。*暂停*" \
    "what is asked, and that the clock is paused"
check "resume 1" xf-status resume 1
is "$(db "select count(*) from outbox where complaint_id = 1")" 2 \
    "resume tells nothing"
check "extend 2" xf-status extend --days 10 --approver li \
    -m 'The bank has not answered yet.' 2
is "$(db "select kind from outbox where complaint_id = 2 order by id
    desc limit 1")" extended "2: extended queued"
like "$(last_body 2)" "*The bank has not answered yet.*by 2026-08-10 00:00*" \
    "the extension: the reason and the new date"
case $(last_body 2) in *li*approved*|*"approved by"*)
	fail "the approver is not told" ;;
*) pass "the approver is not told" ;; esac
check "resolve 2" env XF_ACTOR=wang xf-status resolve \
    -m 'We refunded the second charge.' 2
like "$(last_body 2)" "*We refunded the second charge.*Handled by: tester*" \
    "the answer is the resolve reason; the handler is its owner (who started it)"
check "close 2" xf-status close 2
check "reopen 2" xf-status reopen -m 'the customer asks for a review' 2
is "$(db "select group_concat(kind, ',') from (select kind from outbox
    where complaint_id = 2 order by id)")" \
    "accepted,extended,resolved,closed,reopened" \
    "2: every notice in order"
case $(last_body 2) in *"asks for a review"*)
	fail "a reopen's internal reason is not told" ;;
*) pass "a reopen's internal reason is not told" ;; esac
check "start, note, assign-like moves: nothing" xf-status note -m x 2
is "$(db "select count(*) from outbox where complaint_id = 2")" 5 \
    "a note tells nothing"

# --- dry run ----------------------------------------------------------------------
before=$(dump)
run xf-status resolve -n -m 'Refunded.' 2
is "$rc" 0 "resolve -n: exit 0"
like "$(cat stdout)" "*notice	outbox		resolved	queued for email, en*" \
    "-n shows the notice it would queue"
is "$(dump)" "$before" "-n: no outbox row, no event, nothing changed"

# --- --no-notify --------------------------------------------------------------------
check "resolve 2 --no-notify" xf-status resolve --no-notify -m 'Refunded.' 2
is "$(db "select count(*) from outbox where complaint_id = 2")" 5 \
    "--no-notify: nothing queued"
is "$(db "select kind || '|' || field || '|' || reason from event
    where complaint_id = 2 order by id desc limit 1")" \
    "notice|outbox|not notified: --no-notify" \
    "--no-notify is recorded in the history"

# --- XF_NOTIFY -------------------------------------------------------------------------
check "XF_NOTIFY=off close 2" env XF_NOTIFY=off xf-status close 2
is "$(db "select count(*) from outbox where complaint_id = 2")" 5 \
    "XF_NOTIFY=off: nothing queued"
run env XF_NOTIFY=maybe xf-status reopen -m again 2
is "$rc|$(cat stderr)" "2|xf-status: XF_NOTIFY=maybe: want on or off" \
    "XF_NOTIFY=maybe: exit 2"
is "$(db "select status from complaint where id = 2")" closed \
    "... and the complaint is not moved"

# --- a missing or broken template ------------------------------------------------------
mkdir tpl
cp "$XF_ROOT"/share/templates/*.* tpl/
check "import two more" xf-intake --subject 'Slow refund' --body 'still waiting' \
    --contact carol@example.org
check "..." xf-intake --subject 'Late parcel' --body 'never came' \
    --contact dan@example.org
printf 'Subject: [{ref}] ok\n\nDear {complainent},\n' > tpl/accepted.en
before=$(dump)
run env XF_TEMPLATES="$T/tpl" xf-status accept 7 8
is "$rc" 2 "a broken template: exit 2"
is "$(cat stderr)" "xf-status: XF-2026-000007: $T/tpl/accepted.en:3: no value is called {complainent} (xf-notify(1) lists them)" \
    "the message names the complaint, file and line; the run stops there"
is "$(dump)" "$before" "nothing changed: both are still new, no outbox row"
rm tpl/accepted.en
run env XF_TEMPLATES="$T/tpl" xf-status accept 7
is "$rc" 2 "a missing template: exit 2"
like "$(cat stderr)" "*XF-2026-000007: $T/tpl/accepted.en: No such file*" \
    "... naming the file"
is "$(db "select status from complaint where id = 7")" new "... not accepted"
run env XF_TEMPLATES="$T/tpl" xf-status accept 3
is "$rc|$(db "select status from complaint where id = 3")" "1|accepted" \
    "no contact, no template needed: 3 was already accepted, 1 for that"
