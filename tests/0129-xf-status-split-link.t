#!/bin/sh
# xf-status split: a complaint that holds two matters gives the second a
# complaint of its own (complainant, contact, channel and received time
# copied; its subject and body given or taken from a message), linked to
# the first and recorded on both.  link and unlink relate complaints
# without merging them; show lists the links; the history keeps each.
. "$(dirname "$0")/lib.sh"

plan 30

export XF_NOTIFY=off

cat > f.csv <<'EOF'
subject,body,channel,received_at,complainant,contact
扣款与物流,重复扣款；另外包裹一直没到,phone,2026-05-30 10:00,张三,13800138000
Late parcel,Never arrived,email,2026-05-31,Bob,bob@example.com
EOF
xf-intake f.csv > /dev/null 2>&1
xf-status accept 1 > /dev/null

# --- refusals -----------------------------------------------------------------
all=$(db "select * from complaint order by id; select count(*) from event")
run xf-status split --body "包裹未到" 1
is "$rc|$(cat stderr)" "2|xf-status: split needs a reason: -m text" \
    "split without a reason: usage error"
run xf-status split -m "two matters" 1
is "$rc|$(cat stderr)" \
    "2|xf-status: split needs the second matter: --body text or --message n" \
    "split without the second matter: usage error"
run xf-status split -m "two matters" --body x 1 2
is "$rc|$(cat stderr)" "2|xf-status: split takes one ref" \
    "split of two refs: usage error"
run xf-status split -m "two matters" --message 0 1
is "$rc" 2 "split --message 0: usage error"
run xf-status split -m "two matters" --message 1 1
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: has no message 1" \
    "split --message of a complaint without messages: refused"
run xf-status split -m "two matters" --body "  " 1
like "$rc|$(cat stderr)" "1|xf-status: XF-2026-000001: the second matter has no text*" \
    "split with an empty body: refused"
run xf-status split -m "two matters" --body "包裹未到" 9
is "$rc|$(cat stderr)" "1|xf-status: 9: no such complaint" \
    "split of no complaint: refused"
is "$(db "select * from complaint order by id; select count(*) from event")" \
    "$all" "the refusals changed nothing"

# --- dry run, then the split --------------------------------------------------
run xf-status split -n -m "two matters" --subject "包裹未到" --body "包裹一直没到" 1
is "$rc.$(cut -f1,4,5,7 stdout | tail -n +2 | tr '\t\n' ' ;')" \
    "0.XF-2026-000001 split link XF-2026-000003;XF-2026-000003 created status new;XF-2026-000003 split link XF-2026-000001;" \
    "split -n: the events it would record on both"
is "$(db "select * from complaint order by id; select count(*) from event")" \
    "$all" "split -n changed nothing"

XF_NOW=2026-06-02T00:00:00Z
run xf-status split -m "two matters" --subject "包裹未到" --body "包裹一直没到" 1
printf 'ref\tstatus\tsplit_from\nXF-2026-000003\tnew\tXF-2026-000001\n' > want
same_file want stdout "split prints the new complaint and where it came from"
is "$(db "select complainant, contact, channel, received_at, subject, body,
    status, parent_id, registered_at from complaint where id = 3")" \
    "张三|13800138000|phone|$(db "select received_at from complaint where id = 1")|包裹未到|包裹一直没到|new|1|1780358400" \
    "the new complaint: who, how and when copied, its own text, new"
is "$(db "select status, subject, body from complaint where id = 1")" \
    "accepted|扣款与物流|重复扣款；另外包裹一直没到" "the first is as it was"
is "$(db "select kind || ' ' || field || ' ' || new || ' ' || reason from event
    where kind = 'split' order by id")" \
    "split link XF-2026-000001 two matters
split link XF-2026-000003 two matters" "a split event on both, the new one's first"
is "$(db "select hex(substr(dedupe_key, 1, 1)) from complaint where id = 3")" 04 \
    "its dedupe key is its own (a split's)"
check "the chain verifies after a split" xf-status verify
is "$(xf-status -o tsv show 1 3 | cut -f28 | tail -n +2 | tr '\n' ' ')" \
    "XF-2026-000003 XF-2026-000001 " "show lists the split as a link on both"

# --- the second matter from a message ------------------------------------------
cat > m.eml <<'EOF'
From: Bob <bob@example.com>
Subject: Also the refund
Date: Sun, 31 May 2026 09:00:00 +0000
Message-ID: <m1@example.com>

And refund my fee.
EOF
xf-intake -f eml m.eml > /dev/null 2>&1
run xf-status split -m "a refund too" --message 1 4
is "$rc.$(db "select subject || '|' || body || '|' || contact from complaint
    where id = 5")" "0.Also the refund|And refund my fee.|bob@example.com" \
    "split --message: the message's subject and body"
is "$(db "select complaint_id from message where message_id = 'm1@example.com'")" 4 \
    "the message stays with its complaint"

# --- link and unlink -----------------------------------------------------------
run xf-status link 1
is "$rc|$(cat stderr)" "2|xf-status: link needs the other complaint: --with ref" \
    "link without --with: usage error"
run xf-status link --with 2 2
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000002: cannot link a complaint to itself" \
    "link to itself: refused"
run xf-status link -m "same parcel company" --with XF-2026-000002 1
is "$rc.$(tail -n +2 stdout)" "0.XF-2026-000001	accepted	accepted" \
    "link: the complaint, its status unchanged"
is "$(db "select kind || ' ' || new from event where kind = 'link' order by id")" \
    "link XF-2026-000002
link XF-2026-000001" "a link event on both"
run xf-status link --with 1 2
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000002: is linked to XF-2026-000001" \
    "linking twice: refused"
is "$(xf-status -o tsv show 1 2 | cut -f28 | tail -n +2 | tr '\n' ' ')" \
    "XF-2026-000003,XF-2026-000002 XF-2026-000001 " "show lists the links"
xf-status show 1 > show
is "$(grep '^links ' show | tr -s ' ')" "links XF-2026-000003,XF-2026-000002" \
    "show in text lists them too"
run xf-status unlink -m "another parcel" --with 1 2
is "$rc.$(db "select kind || ' ' || old from event where kind = 'unlink'
    order by id")" "0.unlink XF-2026-000001
unlink XF-2026-000002" "unlink: an event on both"
is "$(xf-status -o tsv show 1 2 | cut -f28 | tail -n +2 | tr '\n' ' ')" \
    "XF-2026-000003  " "unlinked: show lists what is left"
run xf-status unlink --with 1 2
is "$rc|$(cat stderr)" "1|xf-status: XF-2026-000002: is not linked to XF-2026-000001" \
    "unlinking what is not linked: refused"
xf-status link --with 1 2 > /dev/null
is "$(xf-status -o tsv show 2 | cut -f28 | tail -n +1 | tail -1)" "XF-2026-000001" \
    "linked again after an unlink"
