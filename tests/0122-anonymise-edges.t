#!/bin/sh
# Anonymising (issue 15, points 5 and 7), the parts beyond the row: an
# e-mail's original bytes (zlib) and its attachments, the notices sent
# and waiting, the survey and its comment; show and show --raw after;
# which complaints a purge leaves alone (open, resolved, reopened).
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/notify-fixture.sh"

plan 26

export XF_MAIL_FROM=care@example.org
fake_sendmail "$T/out"
# The e-mail of 王五 with three attachments, and a second complaint of
# another person by CSV that stays open.
XF_NOW=2026-03-02T10:00:00Z xf-intake "$XF_DATA/mail-intake/attach.eml" > /dev/null 2>&1
cat > b.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-03-02 11:00,web,周九,zhoujiu@example.com,还没处理,一直没人处理
2026-03-02 12:00,web,吴十,wushi@example.com,已解决,已经解决但未关闭
2026-03-02 13:00,web,郑一,zhengyi@example.com,重新打开,关闭后又打开
EOF2
XF_NOW=2026-03-02T11:00:00Z xf-intake -q b.csv > /dev/null
export XF_NOW=2026-03-03T09:00:00Z
xf-status accept 1 2 3 4 > /dev/null
xf-status start 1 3 4 > /dev/null
xf-notify --sendmail "$T/sendmail" > /dev/null 2>&1
xf-status resolve -m 'answered' 1 3 4 > /dev/null
xf-notify --sendmail "$T/sendmail" > /dev/null 2>&1
is "$(db "select count(*) from message where complaint_id = 1 and direction = 'out'")" 2 \
    "two notices to 王五 sent, kept as messages"
export XF_NOW=2026-03-05T09:00:00Z
xf-survey send > /dev/null
tok=$(db 'select token from survey where complaint_id = 1')
printf 'token,score,comment\n%s,4,王五很满意 请回电 13700001111\n' "$tok" > ans.csv
xf-survey record ans.csv > /dev/null
xf-status close 1 4 > /dev/null
xf-status reopen -m 'not fixed' 4 > /dev/null
is "$(db "select count(*) from outbox where complaint_id = 1 and state = 'queued'")" 2 \
    "the survey and the closing notice still wait"
xf-status index
# The figures, the block before the comments.
xf-survey results | sed '/^$/,$d' > results.before

export XF_NOW=2026-03-10T09:00:00Z
exit_is 0 "purge: exit 0" xf-status purge --closed-before 2026-03-06 --yes
is "$(cut -f1,2 stdout | tr '\t\n' ' ')" "ref status XF-2026-000001 closed " \
    "only the closed one: open, resolved and reopened ones stay"
is "$(db "select count(*) from complaint where complainant is not null")" 3 \
    "the three others keep their names"

# --- the bytes -----------------------------------------------------------------
gone=$(store_holds 王五 wangwu@example.com 请看附件 投诉材料 图片.png 注释 很满意 \
    13700001111)
# The Message-ID is kept (threading, dedupe); it is the sender's
# mail server's, not the person: checked apart below.
ok $gone "no name, address, text, attachment name or comment in the file or -wal"
check "verify" xf-status verify

# --- messages and attachments -------------------------------------------------
is "$(db "select count(*), sum(raw_size), sum(sender is null),
    sum(sender_name is null), sum(subject is null), sum(body = '')
    from message where complaint_id = 1")" "3|0|3|3|3|3" \
    "every message of it, in and out: no sender, name, subject, text"
check "the originals uncompress to nothing" python3 -c '
import sqlite3, sys, zlib
c = sqlite3.connect(sys.argv[1])
rows = c.execute("select raw from message where complaint_id = 1").fetchall()
sys.exit(0 if rows and all(zlib.decompress(r[0]) == b"" for r in rows) else 1)
' "$XF_DB"
check "no other original holds the evidence" python3 -c '
import sqlite3, sys, zlib
c = sqlite3.connect(sys.argv[1])
for (r,) in c.execute("select raw from message"):
	t = zlib.decompress(r)
	if "王五".encode() in t or b"wangwu" in t or b"JVBERi0" in t:
		sys.exit(1)
' "$XF_DB"
is "$(db "select count(*), sum(name is null), sum(data is null),
    group_concat(type || ':' || size, ' ')
    from attachment")" "3|3|3|application/pdf:15 image/png:8 text/plain:4" \
    "attachments: names and bytes gone, type and size kept"
exit_is 1 "show --raw: exit 1" xf-status show --raw XF-2026-000001
like "$(cat stderr)" "*no longer held (purged or erased)*" \
    "show --raw: says the e-mail is no longer held"
exit_is 0 "show: exit 0" xf-status show XF-2026-000001
like "$(cat stdout)" "*purged*" "show: the history says it was purged"
is "$(db "select count(*) from message where message_id = 'attach-1@example.com'")" 1 \
    "the Message-ID is kept, for threading and dedupe"
run xf-intake "$XF_DATA/mail-intake/attach.eml"
is "$rc $(db 'select count(*) from complaint')" "0 4" \
    "the same e-mail again is still a duplicate: the purged complaint does not come back"

# --- outbox and survey --------------------------------------------------------
is "$(db "select state, recipient, subject, body from outbox where complaint_id = 1
    order by id" | tr '\n' ' ')" \
    "sent||| sent||| cancelled||| cancelled||| " \
    "notices: sent ones kept as sent, waiting ones cancelled, no text"
is "$(db "select score, contact, coalesce(comment, '-') from survey where complaint_id = 1")" \
    "4||-" "survey: the score kept, the contact and comment gone"
xf-survey results | sed '/^$/,$d' > results.after
same_file results.before results.after "survey results: the same figures"
sent=$(ls "$T/out" | wc -l)
XF_NOW=2026-03-10T10:00:00Z xf-notify --sendmail "$T/sendmail" > /dev/null 2>&1
is "$(db "select count(*) from message where complaint_id = 1")" 3 \
    "nothing more is sent to the purged complaint"

# --- an open complaint, erased with --force ------------------------------------
exit_is 1 "erase of an open one: exit 1" \
    xf-status erase --contact zhoujiu@example.com --request R-7 --yes
exit_is 0 "erase --force: exit 0" \
    xf-status erase --contact zhoujiu@example.com --request R-7 --force --yes
is "$(db "select status, coalesce(contact, '-') from complaint where id = 2")" \
    "accepted|-" "erase --force: the open one stays open, anonymised"
check "verify after the erasure" xf-status verify
run xf-status overdue
[ "$rc" -le 1 ]
ok $? "overdue still runs over it"
