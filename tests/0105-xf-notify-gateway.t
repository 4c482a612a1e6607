#!/bin/sh
# xf-notify, the other channels: phone, SMS and social notices leave as
# rows for a gateway script (xf-notify rows), claimed as they are
# printed, and are marked sent or failed when the script says so
# (xf-notify confirm); a claim nobody confirms runs out with the lease
# and the row comes out again.  xf-notify list shows the outbox.
#
# The outbox rows are put in by tests/notify-fixture.sh with sqlite3.
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/notify-fixture.sh"

plan 55

NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z
at() {
	date -u -d "@$(($NOW + $1))" +%Y-%m-%dT%H:%M:%SZ
}
state() {
	db "select state, attempts, coalesce(last_error, '') from outbox
	    where id = $1"
}

cat > in.csv <<'EOF'
subject,body,contact,channel,complainant
电话投诉,网络断了,+86 138-0013-8000,phone,李四
网页投诉,发票开错了,13900139000,web,王五
微博投诉,客服态度差,@wangwu_weibo,social,赵六
邮件投诉,退款慢,zhao@example.com,email,钱七
EOF
xf-intake in.csv > /dev/null 2>&1
queue_notice XF-2026-000001 accepted phone '+86 138-0013-8000' \
    '[XF-2026-000001] 已受理' '您的投诉已受理。' > /dev/null
queue_notice XF-2026-000002 accepted sms 13900139000 \
    '[XF-2026-000002] 已受理' '您的投诉已受理，
编号 XF-2026-000002。' > /dev/null
queue_notice XF-2026-000003 accepted social @wangwu_weibo \
    '[XF-2026-000003] 已受理' '已受理。' > /dev/null
queue_notice XF-2026-000004 accepted email zhao@example.com \
    '[XF-2026-000004] 已受理' '已受理。' > /dev/null

# --- nothing to do: nothing printed ---------------------------------------------
exit_is 0 "list of an empty outbox? not here: exit 0" xf-notify list \
    --state cancelled
is "$(cat stdout stderr)" "" "a list with no rows prints nothing"

# --- -n: the rows, nothing claimed ----------------------------------------------
db "select * from outbox" > before
exit_is 0 "rows -n: exit 0" xf-notify -n rows
cat > want <<'EOF'
ref	id	channel	recipient	subject	body	kind	lang
XF-2026-000001	1	phone	+86 138-0013-8000	[XF-2026-000001] 已受理	您的投诉已受理。	accepted	zh
XF-2026-000002	2	sms	13900139000	[XF-2026-000002] 已受理	您的投诉已受理，\n编号 XF-2026-000002。	accepted	zh
XF-2026-000003	3	social	@wangwu_weibo	[XF-2026-000003] 已受理	已受理。	accepted	zh
EOF
same_file want stdout "rows -n: the phone, SMS and social rows, not e-mail"
db "select * from outbox" > after
same_file before after "rows -n: nothing claimed"

# --- rows --channel, as CSV ------------------------------------------------------
exit_is 2 "rows --channel email: exit 2 (e-mail goes by sendmail)" \
    xf-notify rows --channel email
exit_is 0 "rows --channel sms -o csv: exit 0" xf-notify rows --channel sms -o csv
cat > want <<'EOF'
ref,id,channel,recipient,subject,body,kind,lang
XF-2026-000002,2,sms,13900139000,[XF-2026-000002] 已受理,"您的投诉已受理，
编号 XF-2026-000002。",accepted,zh
EOF
tr -d '\r' < stdout > got
same_file want got "the SMS row as CSV (its records end in CRLF)"
is "$(state 2)" "sending|1|" "printed is claimed"
exit_is 0 "rows again: exit 0" xf-notify rows -o json
like "$(sed -n 2p stdout)" '{"ref":"XF-2026-000001","id":1,*' "rows -o json"
is "$(grep -c XF-2026-000002 stdout)" 0 "a claimed row is not printed again"
is "$(db "select group_concat(state) from outbox order by id")" \
    "sending,sending,sending,queued" "all three claimed, the e-mail not"
exit_is 0 "rows a third time: nothing due" xf-notify rows
is "$(cat stdout)" "" "... nothing printed"

# --- confirm ------------------------------------------------------------------------
# The one-line gateway of xf-notify(1): every row sent.
printf 'XF-2026-000001\t1\tsent\n' | xf-notify confirm
is "$(state 1)" "sent|1|" "confirm (ref, id, status without a header)"
is "$(db "select m.direction, m.channel, m.source, m.body from message m
    join outbox o on o.sent_message = m.id where o.id = 1")" \
    "out|phone|outbox:1|您的投诉已受理。" "kept as an outgoing phone message"
is "$(db "select reason from event where kind = 'sent'")" \
    "by phone, outbox 1, attempt 1" "a 'sent' event without the number"
printf 'XF-2026-000001\t1\tsent\n' | xf-notify confirm
ok $? "confirming again: exit 0"
is "$(db "select count(*) from message where source = 'outbox:1'")" 1 \
    "... and nothing kept twice"

# With a header, in CSV, a failure and its reason (with control bytes).
printf 'id,status,error\n2,failed,"no \033[31msignal\r\n"\n' > gw.csv
exit_is 1 "confirm a failure: exit 1, a delivery failed" \
    xf-notify confirm gw.csv
is "$(state 2)" "queued|1|no  [31msignal  " \
    "failed: queued again, the reason without control bytes"
is "$(db "select next_at - $NOW from outbox where id = 2")" 300 \
    "... next try in 5 min"

# Bad lines: each told by its line, the rest done.
cat > bad.tsv <<'EOF'
ref	id	status
XF-2026-000003	3	maybe
XF-2026-000001	3	sent
XF-2026-000003	99	sent
XF-2026-000003		sent
XF-2026-000004	4	sent
XF-2026-000003	3	ok
EOF
exit_is 1 "confirm with bad lines: exit 1" xf-notify confirm bad.tsv
like "$(cat stderr)" "*bad.tsv:2: the status is neither sent nor failed*" \
    "a bad status named by its line"
like "$(cat stderr)" "*bad.tsv:3: that outbox id is another complaint's*" \
    "an id of another ref refused"
like "$(cat stderr)" "*bad.tsv:4: no outbox row 99*" "an unknown id"
like "$(cat stderr)" "*bad.tsv:5: no outbox id*" "no id"
like "$(cat stderr)" "*outbox 4 is queued, not out for delivery*" \
    "a row never handed out is not marked sent"
is "$(state 4)" "queued|0|" "... the e-mail row untouched"
is "$(state 3)" "sent|1|" "the good line was done"

exit_is 2 "confirm, two files: exit 2" xf-notify confirm a b
exit_is 1 "confirm, a missing file: exit 1" xf-notify confirm missing.tsv

# --- a claim nobody confirms runs out ------------------------------------------------
XF_NOW=$(at 300) exit_is 0 "at the failed row's next try: exit 0" \
    xf-notify rows
is "$(cut -f2 stdout | tail -n +2)" 2 "... it comes out again"
XF_NOW=$(at 600) xf-notify rows > again
is "$(cat again)" "" "unconfirmed, within the lease: not again"
XF_NOW=$(at 1200) xf-notify rows > again
is "$(cut -f2 again | tail -n +2)" 2 "after the lease it comes out again"
is "$(state 2)" "sending|3|no  [31msignal  " "... a third attempt"

# --- the one-line gateway pipeline of xf-notify(1) ----------------------------------
queue_notice XF-2026-000002 resolved sms 13900139000 \
    '[XF-2026-000002] 已办结' '已办结。' > /dev/null
XF_NOW=$(at 1200) sh -c 'xf-notify rows --channel sms -o csv |
    awk -F, '"'"'NR > 1 { print $4 >> "sms.log"; print $1 "," $2 ",sent" }'"'"' |
    xf-notify confirm'
ok $? "rows | gateway | confirm: exit 0"
is "$(state 5)" "sent|1|" "the pipeline marked the new row sent"
is "$(cat sms.log)" "13900139000" "... the gateway had its number"
is "$(state 2 | cut -d'|' -f1)" "sending" "the claimed row was not taken twice"

# The shell loop of xf-notify(1) EXAMPLES, with an sms-send that fails
# for one number.
queue_notice XF-2026-000002 closed sms 13900139000 \
    '[XF-2026-000002] 已结案' '已结案，
谢谢。' > /dev/null
queue_notice XF-2026-000001 closed sms 10000 \
    '[XF-2026-000001] 已结案' '已结案。' > /dev/null
sms_send() {
	[ "$1" != 10000 ] && printf '%s %s\n' "$1" "$2" >> sms.log
}
XF_NOW=$(at 1200)
xf-notify rows --channel sms |
while IFS="$(printf '\t')" read -r ref id ch to subj body kind lang
do
	[ "$ref" = ref ] && { printf 'ref\tid\tstatus\n'; continue; }
	if sms_send "$to" "$body"; then s=sent; else s=failed; fi
	printf '%s\t%s\t%s\n' "$ref" "$id" "$s"
done | xf-notify confirm 2> loop.err
is "$?" 1 "the loop of EXAMPLES: exit 1, one SMS failed"
is "$(state 6 | cut -d'|' -f1) $(state 7)" \
    "sent queued|1|the gateway said it failed" \
    "the loop of EXAMPLES: one sent, one queued again"
is "$(tail -n 1 sms.log)" '13900139000 已结案，\n谢谢。' \
    "... the body as TSV writes it"
XF_NOW=2026-06-01T00:00:00Z

# --- list -------------------------------------------------------------------------------
exit_is 0 "list: exit 0" xf-notify list
cat > want <<'EOF'
ref	id	state	kind	channel	recipient	attempts	queued_at	next_at	sent_at	last_error
XF-2026-000001	1	sent	accepted	phone	+86 138-0013-8000	1	2026-06-01T00:00:00+00:00		2026-06-01T00:00:00+00:00	
XF-2026-000002	2	sending	accepted	sms	13900139000	3	2026-06-01T00:00:00+00:00			no  [31msignal  
XF-2026-000003	3	sent	accepted	social	@wangwu_weibo	1	2026-06-01T00:00:00+00:00		2026-06-01T00:00:00+00:00	
XF-2026-000004	4	queued	accepted	email	zhao@example.com	0	2026-06-01T00:00:00+00:00	2026-06-01T00:00:00+00:00		
XF-2026-000002	5	sent	resolved	sms	13900139000	1	2026-06-01T00:00:00+00:00		2026-06-01T00:20:00+00:00	
XF-2026-000002	6	sent	closed	sms	13900139000	1	2026-06-01T00:00:00+00:00		2026-06-01T00:20:00+00:00	
XF-2026-000001	7	queued	closed	sms	10000	1	2026-06-01T00:00:00+00:00	2026-06-01T00:25:00+00:00		the gateway said it failed
EOF
same_file want stdout "list: every row, its state, attempts, next try"
exit_is 0 "list --state queued,sending: exit 0" xf-notify list \
    --state queued,sending
is "$(cut -f2 stdout | tr '\n' ' ')" "id 2 4 7 " "... only those"
exit_is 2 "list --state bogus: exit 2" xf-notify list --state bogus
like "$(cat stderr)" "*want a comma list of queued, sending, sent, failed, cancelled*" \
    "... naming the states"
exit_is 2 "list --state 'sent,': exit 2" xf-notify list --state sent,
exit_is 0 "list --state FAILED,Sent: any case" xf-notify list --state FAILED,Sent
is "$(cut -f2 stdout | tr '\n' ' ')" "id 1 3 5 6 " "... the sent rows"
exit_is 2 "list with an operand: exit 2" xf-notify list XF-2026-000001
