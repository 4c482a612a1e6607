#!/bin/sh
# xf-status erase (issue 15, point 7): every complaint of one person,
# found by contact as xf_contact_norm compares it (case, spaces, <>,
# +86), anonymised on request, open ones only with --force; the request
# recorded by its ID alone; the person's bytes gone from the file and
# its -wal; verify still passes; no request ID, no erasure.
. "$(dirname "$0")/lib.sh"

plan 40

cat > a.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-05-01 10:00,email,赵六,Zhao.Liu@Example.COM,账户被盗,我的账户被盗用了 请联系 zhao.liu@example.com
2026-05-02 10:00,web,Zhao Liu,  zhao.liu@example.com ,Stolen account,my account was stolen again
2026-05-03 10:00,web,Qian Qi,qianqi@example.com,Late parcel,the parcel is late
2026-05-04 10:00,phone,孙八,+86 138-0013-8000,投诉客服,客服态度恶劣 住在幸福路八号
2026-05-05 10:00,phone,孙八的妻子,13800138000,投诉物流,物流太慢 幸福路八号的另一单
EOF2
xf-intake -q a.csv > /dev/null
# 1 and 4 closed, 5 rejected; 2 (the same person as 1) still open.
# finish REF REASON
finish() {
	xf-status accept $1 > /dev/null &&
	    xf-status start $1 > /dev/null &&
	    xf-status resolve -m "$2" $1 > /dev/null &&
	    xf-status close $1 > /dev/null
}
finish 1 '已回复 zhao.liu@example.com'
finish 4 '已致电孙八'
xf-status reject -m '重复 13800138000' 5 > /dev/null
xf-status accept 2 > /dev/null
xf-status index
export XF_NOW=2026-06-10T00:00:00Z

# --- usage ---------------------------------------------------------------------
exit_is 2 "no --request: exit 2" xf-status erase --contact zhao.liu@example.com
like "$(cat stderr)" "*--request are required*" "no --request: says so"
exit_is 2 "no --contact: exit 2" xf-status erase --request DSR-1
exit_is 2 "a request ID with an address: exit 2" \
    xf-status erase --contact zhao.liu@example.com --request zhao.liu@example.com
like "$(cat stderr)" "*never an address*" "a request ID with an address: says why"
exit_is 2 "a request ID with a phone number: exit 2" \
    xf-status erase --contact 13800138000 --request REQ-13800138000
like "$(cat stderr)" "*phone number*" "a request ID with a phone number: says why"
exit_is 2 "a contact that is no address: exit 2" \
    xf-status erase --contact '   ' --request DSR-1
exit_is 2 "an operand: exit 2" \
    xf-status erase --contact zhao.liu@example.com --request DSR-1 XF-2026-000001
exit_is 1 "nobody with that contact: exit 1" \
    xf-status erase --contact nobody@example.com --request DSR-1
like "$(cat stderr)" "*no complaint has that contact*" "nobody with that contact: says so"

# --- an open complaint --------------------------------------------------------
events=$(db 'select count(*) from event')
exit_is 1 "one still open: exit 1" \
    xf-status erase --contact ZHAO.LIU@example.com --request DSR-2026-001 --yes
like "$(cat stderr)" "*XF-2026-000002 is still open (accepted)*--force*" \
    "one still open: names it and the way on"
is "$(db 'select count(*) from event') $(db 'select count(*) from complaint where contact is null')" \
    "$events 0" "one still open: nothing erased"

# --- a dry run -------------------------------------------------------------------
exit_is 0 "dry run with --force: exit 0" \
    xf-status erase --contact ' Zhao.Liu@example.com' --request DSR-2026-001 --force
cat > want <<'EOF2'
ref	status	finished
XF-2026-000001	closed	2026-06-01T00:00:00+00:00
XF-2026-000002	accepted	
EOF2
same_file want stdout "dry run: the person's complaints, found by the normalised contact"
is "$(db 'select count(*) from event')" "$events" "dry run: nothing changed"

# --- the erasure -------------------------------------------------------------------
exit_is 0 "--force --yes: exit 0" \
    xf-status erase --contact zhao.liu@example.com --request DSR-2026-001 \
    --force --yes
same_file want stdout "--yes: prints what it erased"
gone=$(store_holds 赵六 'Zhao Liu' Zhao.Liu zhao.liu@example.com 账户被盗 'Stolen account' \
    'was stolen again' 已回复)
ok $gone "no name, address or word of the person in the file or its -wal"
grep -q -a -F qianqi@example.com xf.db
ok $? "another person's address is still there"
check "verify: the chain holds" xf-status verify

is "$(db "select id, status, coalesce(complainant, '-'), coalesce(contact, '-')
    from complaint where id in (1, 2)")" "1|closed|-|-
2|accepted|-|-" "the open one stays open, anonymised"
is "$(db "select complaint_id, kind, reason from event where kind = 'erased'")" \
"1|erased|request DSR-2026-001
2|erased|request DSR-2026-001" "the request recorded by its ID, nothing more"
is "$(db "select count(*) from event where complaint_id in (1, 2) and
    kind <> 'erased' and reason is not null")" 0 "their other reasons erased"
run xf-status history XF-2026-000002
like "$(tail -n 1 stdout)" "*erased*request DSR-2026-001" \
    "history shows the erasure"
run xf-status list -A -q 账户被盗
is "$(cat stdout)" "" "search: the erased text is not found"

exit_is 1 "the same request again: exit 1" \
    xf-status erase --contact zhao.liu@example.com --request DSR-2026-001 --yes
like "$(cat stderr)" "*no complaint has that contact*" \
    "the same request again: nothing left to erase"

# --- a number, normalised, and a name ------------------------------------------
exit_is 0 "by number with --complainant: exit 0" \
    xf-status erase --contact '+86 138 0013 8000' --complainant 孙八 \
    --request DSR-2026-002
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000004 " \
    "--complainant: only that name's complaint of the number"
exit_is 0 "by number: exit 0" \
    xf-status erase --contact 0086-138-0013-8000 --request DSR-2026-003
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000004 XF-2026-000005 " \
    "by number: +86, 0086, spaces and hyphens alike"
exit_is 0 "by number, --yes: exit 0" \
    xf-status erase --contact 13800138000 --request DSR-2026-003 --yes
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000004 XF-2026-000005 " \
    "by number, --yes: both, the rejected one too"
gone=$(store_holds 孙八 已致电 138-0013-8000 13800138000 幸福路八号 投诉客服 物流太慢)
ok $gone "no name, number or word of theirs left"
check "verify after both" xf-status verify
is "$(db "select count(*) from event where kind = 'erased'")" 4 \
    "four erased events"
is "$(db "select reason from event where kind = 'erased' and complaint_id = 5")" \
    "request DSR-2026-003" "the rejected one's request"
is "$(db "select complainant || '|' || contact from complaint where id = 3")" \
    "Qian Qi|qianqi@example.com" "the other person's complaint is untouched"
