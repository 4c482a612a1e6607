#!/bin/sh
# xf-status verify, the rows (issue 15, point 6): each complaint's
# fields replayed from its events agree with its row after a broad
# workflow (every lifecycle path, classification, assignment, deadlines,
# extension, escalation, replies, language, notices, surveys, mail), so
# a clean store never raises a false alarm; and a direct edit of each
# field an event records, and of each personal field, is caught and
# named, every field of every complaint up to a limit, exit 1: the
# times and counters the moves set too.
. "$(dirname "$0")/lib.sh"

plan 72

export XF_MAIL_FROM='Customer Care <care@example.com>'
mkdir out
cat > sm <<'SH'
#!/bin/sh
f=$(mktemp out/msg.XXXXXX) && cat > "$f" && mv "$f" "$f.eml"
SH
chmod +x sm

# --- a broad workflow -------------------------------------------------------
# Automation acts, but where a role decides (xf-status(1), ROLES).
export XF_ACTOR=xf-test
xf-assign handler add --team support --role lead carol > /dev/null
xf-assign handler add --team support --skills account,service li > /dev/null
xf-assign handler add --team billing --skills billing wang > /dev/null
xf-assign handler add --team billing --role lead zhao > /dev/null
xf-assign handler add --team legal --role legal lin > /dev/null

cat > a.csv <<'EOF'
received_at,channel,complainant,contact,subject,body,order_no
2026-05-30 09:00,web,张三,zhangsan@example.com,退款未到账,申请退款两周了还没到账 refund,A-1
2026-05-30 09:10,email,Bob,bob@example.com,Refund late,my refund is late and the invoice is wrong,A-2
2026-05-30 09:20,phone,李四,13800138000,快递丢失,快递丢失了,
2026-05-30 09:30,web,Carol Q,carol@example.org,Login,cannot log in to my account password reset,
2026-05-30 09:40,email,Dan,dan@example.com,Leak,my personal data was leaked to strangers,A-5
2026-05-30 09:50,web,Eve,eve@example.com,Spam,buy cheap watches,
2026-05-30 10:00,letter,王五,,来信,服务态度太差,
2026-05-30 10:10,web,Fay,fay@example.com,Slow,service is slow,
2026-05-30 10:20,web,Gus,gus@example.com,App,the app crashes,
2026-05-30 10:30,web,Hal,hal@example.com,Bill,charged twice on my bill,
2026-05-30 10:40,web,Ivy,ivy@example.com,Account,account locked,
EOF
check "intake of a CSV" xf-intake -q a.csv
cat > in.eml <<'EOF'
From: Jun <jun@example.com>
To: care@example.com
Subject: Parcel never came
Date: Sat, 30 May 2026 11:00:00 +0000
Message-ID: <jun-1@mail.example>
Content-Type: text/plain; charset=UTF-8

My parcel never came.
EOF
check "intake of a mail" xf-intake -q in.eml
check "classify all" xf-classify -a
check "a person's classification" xf-classify set --category billing \
    --priority P2 --flag +vip -m 'a big customer' 2
check "flagged privacy" xf-classify set --flag +privacy -m 'personal data' 5

export XF_NOW=2026-06-01T09:00:00Z
check "accept" xf-status accept 1 2 3 4 5 7 8 9 10 11 12
check "reject" env XF_ACTOR=carol xf-status reject -m 'spam, not a complaint' 6
check "assign by routing" xf-assign 1 2 3 4
check "assign by hand" xf-assign --to li -m 'she knows it' 8
check "start" xf-status start 1 2 3 4 5 7 8 10 11 12
check "wait" xf-status wait -m 'need the order number' 3 12
check "reply by phone" xf-status reply --via phone -m 'we called back' 4
check "language" xf-status lang -m 'writes English' en 7

export XF_NOW=2026-06-02T09:00:00Z
check "resume" xf-status resume 3
cat > re.eml <<'EOF'
From: Jun <jun@example.com>
To: care@example.com
Subject: Re: [XF-2026-000012] Parcel never came
Date: Tue, 02 Jun 2026 09:30:00 +0000
Message-ID: <jun-2@mail.example>
In-Reply-To: <jun-1@mail.example>
Content-Type: text/plain; charset=UTF-8

The order number is 42.
EOF
check "a reply resumes a waiting complaint" xf-intake -q re.eml
check "extend" xf-status extend --days 10 --approver zhao -m 'complex case' 1
check "legal review" env XF_ACTOR=lin xf-status review --approve -m 'fine' 5
check "resolve" xf-status resolve -m 'refunded' 1 2 4 5 10 11
check "close" xf-status close 1 11
check "reopen a closed one" xf-status reopen -m 'not refunded after all' 1
check "reopen a rejected one" xf-status reopen -m 'it was a complaint' 6
check "accept it again" xf-status accept 6
check "note" xf-status note -m 'called the bank' 1
check "deliver the notices" xf-notify --sendmail ./sm

export XF_NOW=2026-06-03T09:00:00Z
check "wait again" xf-status wait -m 'need a photo' 12
cat > other.eml <<'EOF'
From: Someone <someone@example.net>
To: care@example.com
Subject: Re: [XF-2026-000012] Parcel never came
Date: Wed, 03 Jun 2026 10:00:00 +0000
Message-ID: <other-1@mail.example>
Content-Type: text/plain; charset=UTF-8

Here is the photo, for my wife.
EOF
check "a reply from an address never seen" sh -c 'xf-intake -q other.eml 2> /dev/null; true'
check "confirmed: it resumes" xf-status confirm -m 'her husband' 12
cat > hist.csv <<'EOF'
ticket,received,title,state,accepted,resolved,closed
T1,2026-01-05 09:00,Charged twice,Closed with explanation,2026-01-06 10:00,2026-01-20 16:00,2026-01-21 09:00
T2,2026-02-02 08:00,Noisy site,办理中,2026-02-03 09:00,,
T3,2026-03-02 10:00,Not ours,不予受理,,,2026-03-04 17:00
EOF
check "an old export's history" xf-intake -q -m ext_id=ticket -m status=state \
    -m accepted_at=accepted -m resolved_at=resolved -m closed_at=closed \
    -m received_at=received -m subject=title hist.csv

export XF_NOW=2026-07-20T09:00:00Z
check "overdue alerts" sh -c 'xf-status overdue --alert > /dev/null; true'
check "escalate" sh -c 'xf-status escalate > /dev/null; true'
check "survey" xf-survey send --within 90d
tok=$(db "select token from survey where complaint_id = 10")
printf 'token,score,comment\n%s,1,bad\n' "$tok" > ans.csv
check "a low score reopens" xf-survey record --reopen-below 3 ans.csv
is "$(db "select status from complaint where id = 10")" in_progress \
    "the survey reopened complaint 10"
is "$(db "select count(*) from (select distinct kind from event where kind in
    ('created', 'classify', 'set', 'accept', 'reject', 'assign', 'start',
    'wait', 'resume', 'reply', 'lang', 'message', 'extend', 'review',
    'resolve', 'close', 'reopen', 'note', 'notice', 'sent', 'deadline',
    'alert', 'escalate', 'survey', 'confirm', 'import'))")" 26 "events of every kind that moves a complaint"
run xf-status verify
is "$rc.$(sed -n 2p stdout)" \
    "0.15 complaints agree with their history (personal fields checked: 15)" \
    "a clean store: every complaint agrees, personal fields checked"
is "$(cat stderr)" "" "a clean store: nothing on stderr"

# Absent and empty are the same to a reader of the row.
cp "$XF_DB" clean.db
db "update complaint set category = '' where category is null;
    update complaint set lang = '' where lang is null"
exit_is 0 "an empty category or language for none: still agrees" \
    xf-status verify

# --- a direct edit of each field ------------------------------------------------
# edit SQL: a copy of the clean store with SQL run on it, verified.
edit() {
	cp clean.db e.db
	rm -f e.db-wal e.db-shm
	sqlite3 -init /dev/null -batch e.db "$1" || exit 1
	run xf-status -d e.db verify
}
P="xf-status: e.db"

edit "update complaint set status = 'closed' where id = 4"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000004: status is closed, its history says resolved" \
    "status edited: exit 1, named with both values"
is "$(sed -n 1p stdout | cut -d' ' -f2-4)" "events, chain intact," \
    "status edited: the chain itself is intact"
is "$(sed -n 2p stdout)" \
    "14 of 15 complaints agree with their history (personal fields checked: 15)" \
    "status edited: 14 of 15 agree"

edit "update complaint set team = 'billing' where id = 4"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000004: team is billing, its history says support" \
    "team edited"
edit "update complaint set assignee = 'wang' where id = 4"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000004: assignee is wang, its history says li" \
    "assignee edited"
edit "update complaint set category = 'content' where id = 2"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000002: category is content, its history says billing" \
    "category edited"
edit "update complaint set priority = 'P4' where id = 2"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000002: priority is P4, its history says P2" \
    "priority edited"
edit "update complaint set flags = '' where id = 5"
like "$rc|$(cat stderr)" "1|$P: XF-2026-000005: flags is none, its history says *privacy*" \
    "flags edited: cleared"
edit "update complaint set lang = 'zh' where id = 7"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000007: lang is zh, its history says en" \
    "lang edited"
edit "update complaint set ack_due = 1780000000 where id = 7"
like "$rc|$(cat stderr)" "1|$P: XF-2026-000007: ack_due is 2026-05-28T20:26:40+00:00, its history says 2026-*" \
    "ack_due edited: the times given in the zone"
edit "update complaint set due = null where id = 1"
like "$rc|$(cat stderr)" "1|$P: XF-2026-000001: due is none, its history says 2026-*" \
    "due edited: cleared"

# The times of the moves and the counters, as the moves set them.
edit "update complaint set accepted_at = accepted_at + 1 where id = 2"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000002: accepted_at is 2026-06-01T09:00:01+00:00, its history says 2026-06-01T09:00:00+00:00" \
    "accepted_at edited"
edit "update complaint set first_response_at = null where id = 1"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000001: first_response_at is none, its history says 2026-06-01T09:00:00+00:00" \
    "first_response_at edited"
edit "update complaint set resolved_at = null where id = 4"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000004: resolved_at is none, its history says 2026-06-02T09:00:00+00:00" \
    "resolved_at edited"
edit "update complaint set closed_at = null where id = 11"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000011: closed_at is none, its history says 2026-06-02T09:00:00+00:00" \
    "closed_at edited"
edit "update complaint set paused_since = 5 where id = 1"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000001: paused_since is 1970-01-01T00:00:05+00:00, its history says none" \
    "paused_since edited"
edit "update complaint set paused_seconds = 0 where id = 3"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000003: paused_seconds is 0, its history says 86400" \
    "paused_seconds edited: a count, not a time"
edit "update complaint set reopen_count = 0 where id = 1"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000001: reopen_count is 0, its history says 1" \
    "reopen_count edited"

# The personal fields: the digest the created event keeps.
created() {
	db "select id from event where complaint_id = $1 and kind = 'created'"
}
for f in complainant contact subject body extra; do
	edit "update complaint set $f = 'someone else' where id = 3"
	is "$rc|$(cat stderr)" "1|$P: XF-2026-000003: its personal fields (complainant, contact, subject, body, extra) are not the ones event $(created 3) recorded" \
	    "$f edited: caught by the content digest"
done
edit "update complaint set contact = null where id = 12"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000012: its personal fields (complainant, contact, subject, body, extra) are not the ones event $(created 12) recorded" \
    "the contact of a mail's complaint removed: caught"

# Every field of a complaint, and every complaint, is named.
edit "update complaint set status = 'new', team = 'x', priority = 'P1',
    body = 'b' where id = 8"
cat > want <<EOF
$P: XF-2026-000008: status is new, its history says in_progress
$P: XF-2026-000008: team is x, its history says support
$P: XF-2026-000008: priority is P1, its history says $(db "select priority from complaint where id = 8")
$P: XF-2026-000008: its personal fields (complainant, contact, subject, body, extra) are not the ones event $(created 8) recorded
EOF
same_file want stderr "four fields edited: each named, in the order of the row"
edit "update complaint set status = 'closed' where id in (2, 9)"
is "$rc|$(cut -d: -f3 stderr | tr '\n' ' ')" "1| XF-2026-000002  XF-2026-000009 " \
    "two complaints edited: both named"
# A run of edits: the first 100 named, the rest counted.
edit "update complaint set team = 'x' || id, assignee = 'y' || id,
    category = 'z', flags = 'media', lang = 'zh', ack_due = 1, due = 2,
    body = 'b', status = 'waiting'"
is "$rc.$(wc -l < stderr | tr -d ' ')" "1.101" "135 disagreements: exit 1, 100 named and one line more"
is "$(tail -n 1 stderr)" "$P: 35 more disagreements not named" \
    "the rest counted"
is "$(sed -n 2p stdout)" \
    "0 of 15 complaints agree with their history (personal fields checked: 15)" \
    "none agrees"

# --- a row removed, a row added --------------------------------------------------
edit "delete from survey where complaint_id = 9; delete from message where
    complaint_id = 9; delete from complaint where id = 9"
is "$rc|$(cat stderr)" "1|$P: complaint 9: its history ($(db "select count(*) from event where complaint_id = 9") events) has no complaint row
$P: complaint 9: a message it recorded is gone (evidence event $(db "select id from event where complaint_id = 9 and kind = 'evidence'"))" \
    "a complaint row deleted: its history named, and its message missed"
like "$(sed -n 2p stdout)" "14 complaints agree with their history (*); 1 history without a complaint" \
    "a complaint row deleted: counted"
edit "insert into complaint (id, ref, received_at, registered_at, updated_at,
    channel, subject, body, source, dedupe_key) values (99, 'XF-2026-000099',
    1, 1, 1, 'web', 's', 'b', 'hand', x'0102')"
is "$rc|$(cat stderr)" "1|$P: XF-2026-000099: has no history (no event names it)" \
    "a complaint row added by hand: no history"

# --- the chain first -----------------------------------------------------------------------
edit "drop trigger event_no_update; update event set new = 'closed'
    where id = (select max(id) from event where complaint_id = 4 and
    field = 'status'); update complaint set status = 'closed' where id = 4"
like "$rc|$(cat stderr)|$(cat stdout)" "1|$P: event *: contents do not match its hash (altered after it was written)|" \
    "an event edited to match a row: the chain is broken, nothing more said"

# --- the verified store moves on ---------------------------------------------------------
cp clean.db "$XF_DB"
rm -f "$XF_DB-wal" "$XF_DB-shm"
check "a move after verify" xf-status resolve -m 'done' 3
run xf-status verify
is "$rc.$(sed -n 2p stdout)" \
    "0.15 complaints agree with their history (personal fields checked: 15)" \
    "after another move: still agrees"
