#!/bin/sh
# xf-status purge (issue 15, point 5): complaints closed, or rejected,
# before a date lose their personal data; a dry run by default; every
# figure of a past period's reports the same before and after; the
# names, numbers, addresses and words gone from the store file's bytes
# and its -wal, and from the search index; verify still passes; a second
# run has nothing to do; a bad date is a usage error.
. "$(dirname "$0")/lib.sh"
. "$XF_ROOT/tests/report-fixture.sh"
after_week

plan 50

# C8: received in W, written down late, finished 03-12: purged.  C1 and
# C4 are closed after the date: kept.  C2 (closed 03-10) and C5
# (rejected 03-04) are purged; C3, C6 and C7 are open: kept.
cat > b4.csv <<'EOF2'
received_at,channel,complainant,contact,subject,body
2026-03-03 09:00,phone,王小明,+86 139-1234-5678,快递被泄露,身份证号码 110105194912310021 和住址被泄露 wangxm@example.cn
EOF2
at 2026-03-12T09:00:00Z xf-intake b4.csv
at 2026-03-12T09:00:00Z xf-status accept 8
at 2026-03-12T09:10:00Z xf-status start 8
at 2026-03-12T09:20:00Z xf-status resolve -m '已联系王小明 13912345678' 8
at 2026-03-12T09:30:00Z xf-status close 8
at 2026-03-14T09:00:00Z xf-status close 1 4
at 2026-03-14T09:00:00Z xf-status index

at 2026-03-14T09:00:00Z xf-assign handler add --team support --role admin \
    --capacity 0 boss > /dev/null

export XF_NOW=2026-03-20T12:00:00Z
W='--since 2026-03-02 --until 2026-03-08'

# reports: the figures of W and of the months, as they stand now.
reports() {
	xf-report weekly $W &&
	    xf-report summary -o csv --by channel $W &&
	    xf-report summary --by category $W &&
	    xf-report sla --by flag $W &&
	    xf-report backlog --by day $W &&
	    xf-report volume --by month --since 2026-02-01 --until 2026-03-31 &&
	    xf-report handlers $W
}
reports > before.txt 2>&1
ok $? "the reports before: made"

# --- usage -------------------------------------------------------------------
exit_is 2 "no --closed-before: exit 2" xf-status purge
like "$(cat stderr)" "*--closed-before is required*" "no --closed-before: says so"
exit_is 2 "a date that is none: exit 2" xf-status purge --closed-before soon
like "$(cat stderr)" "*--closed-before*" "a date that is none: names the option"
exit_is 2 "a date to come: exit 2" xf-status purge --closed-before 2027-01-01
like "$(cat stderr)" "*in the future*" "a date to come: says so"
exit_is 2 "an operand: exit 2" xf-status purge --closed-before 2026-03-13 XF-2026-000002
exit_is 2 "an unknown option: exit 2" xf-status purge --closed-before 2026-03-13 --all

# --- who may: an admin (xf-status(1), ROLES) --------------------------------
exit_is 1 "automation may not purge: exit 1" xf-status purge --closed-before 2026-03-13
is "$(cat stderr)" "xf-status: purge: a purge is made by a handler with the admin role, not by xf-test, an automation actor with no role" \
    "the refusal names the rule"
export XF_ACTOR=boss

# --- a dry run ---------------------------------------------------------------
events=$(db 'select count(*) from event')
exit_is 0 "dry run: exit 0" xf-status purge --closed-before 2026-03-13
cat > want <<'EOF2'
ref	status	finished
XF-2026-000002	closed	2026-03-10T10:00:00+00:00
XF-2026-000005	rejected	2026-03-04T10:00:00+00:00
XF-2026-000008	closed	2026-03-12T09:30:00+00:00
EOF2
same_file want stdout "dry run: the complaints it would purge, with when they finished"
is "$(db 'select count(*) from event') $(db "select complainant from complaint where id = 8")" \
    "$events 王小明" "dry run: nothing changed"

# --- the purge ---------------------------------------------------------------
# What the purge must leave nowhere: the purged complaints' names,
# contacts (as written and as stored), subjects, body words and the
# reasons their events gave.
PURGED="Bo Wu
bo@example.com
I want my money
need the invoice
refunded
Ed Qi
ed@example.com
not a complaint
not ours
王小明
wangxm@example.cn
13912345678
139-1234-5678
110105194912310021
身份证
快递被泄露
已联系"
# found: how many words of $PURGED (one a line) the store's bytes hold.
found() {
	_ifs=$IFS
	IFS='
'
	set -f
	# shellcheck disable=SC2086
	set -- $PURGED
	set +f
	IFS=$_ifs
	store_holds "$@"
}
is "$(found 2>/dev/null)" 17 "before: each of the words is in the store's bytes"
exit_is 0 "--yes: exit 0" xf-status purge --closed-before 2026-03-13 --yes
same_file want stdout "--yes: prints what it purged"

# The bytes first, before anything else opens the store.  Each purged
# complaint's name, contact, subject and body words, and the reasons
# its events gave; the -wal is empty or holds none of them either.
is "$(found)" 0 "no purged name, number, address or word in the file or its -wal"
# The same check can fail: the kept complaints' words are there.
[ "$(grep -c -a -F 'Ann Li' xf.db)" -gt 0 ] &&
    [ "$(grep -c -a -F 'fa@example.com' xf.db)" -gt 0 ]
ok $? "the kept complaints' words are in the file"
is "$(stat -c %s xf.db-wal 2>/dev/null || echo 0)" 0 "the -wal is empty"

check "verify: the chain holds" xf-status verify
run xf-status verify
like "$(cat stdout)" "*chain intact*" "verify: chain intact"

reports > after.txt 2>&1
same_file before.txt after.txt "every figure of W and of the months is the same"

cat > want <<'EOF2'
2|email|billing|closed|bob||||
5|web||rejected|||||
8|phone||closed|xf-test||||
EOF2
db "select id, channel, category, status, assignee, complainant, contact,
    subject, body from complaint where id in (2, 5, 8)" > got
same_file want got "the purged rows: figures kept, personal fields cleared"
is "$(db "select count(*) from complaint where complainant is not null")" 5 \
    "the five others keep theirs"
is "$(db "select count(*) from event where complaint_id in (2, 5, 8) and
    kind <> 'purged' and (reason is not null or erased = 0 and
    (field in ('complainant', 'contact', 'subject', 'body') or
    reason is not null))")" 0 "their events' reasons are erased"
is "$(db "select complaint_id, actor, reason from event where kind = 'purged' order by id")" \
"2|boss|retention: finished before 2026-03-13T00:00:00+00:00
5|boss|retention: finished before 2026-03-13T00:00:00+00:00
8|boss|retention: finished before 2026-03-13T00:00:00+00:00" \
    "one purged event each, its reason the rule, not the data"
is "$(db "select count(*) from event where kind = 'purged' and content is not null")" 3 \
    "each purged event carries the digest of the fields as left"
is "$(db "select count(*) from outbox where complaint_id in (2, 5, 8) and
    (recipient <> '' or subject <> '' or body <> '')")" 0 \
    "their notices hold no address, subject or text"
is "$(db "select count(*) from outbox where complaint_id in (2, 5, 8) and
    state = 'queued'")" 0 "their notices still waiting are cancelled"

# The search index: the purged terms are gone, the others found.
run xf-status list -A -q 快递被泄露
is "$(cat stdout stderr)" "" "search: the purged Chinese text is not found"
run xf-status list -A -q money
is "$(cat stdout stderr)" "" "search: the purged English word is not found"
run xf-status list -A -q crashes
like "$(cut -f1 stdout | tail -n 1)" XF-2026-000001 "search: a kept complaint is found"
is "$(db "create virtual table temp.v using fts5vocab(main, complaint_fts, row);
    select count(*) from temp.v where term in ('money', 'wangxm', '13912345678',
    '小明', '泄露', 'qi', 'wu')")" 0 "the index holds none of the purged terms"
is "$(db "insert into complaint_fts (complaint_fts) values ('integrity-check');
    select 'sound'")" sound "the index is sound"

# --- a second run --------------------------------------------------------------
exit_is 0 "a second run: exit 0" xf-status purge --closed-before 2026-03-13 --yes
is "$(cat stdout stderr)" "" "a second run: nothing to do, nothing said"
is "$(db "select count(*) from event where kind = 'purged'")" 3 \
    "a second run: no event"

# --- later: a later date takes the complaints closed since -------------------
exit_is 0 "a later date: exit 0" xf-status purge --closed-before 2026-03-15 --yes
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000001 XF-2026-000004 " \
    "a later date: C1 and C4, closed 03-14"
check "verify after the second purge" xf-status verify
reports > after2.txt 2>&1
same_file before.txt after2.txt "the figures are still the same"

# --- a reader in the way -------------------------------------------------------
# A reader's snapshot keeps the -wal from being emptied: the anonymising
# is done and kept, the run exits 75, and purge --scrub ends it later.
exit_is 2 "--scrub with a date: exit 2" xf-status purge --scrub --closed-before 2026-03-13
XF_NOW=2026-03-20T13:00:00Z xf-status close 3 > /dev/null
export XF_NOW=2026-03-22T12:00:00Z
rm -f rd.ctl rd.out
mkfifo rd.ctl
sqlite3 -init /dev/null -batch "$XF_DB" < rd.ctl > rd.out 2>&1 &
reader=$!
exec 4> rd.ctl
echo 'BEGIN; SELECT count(*) FROM complaint;' >&4
echo '.print held' >&4
i=0
while ! grep -q held rd.out && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
exit_is 75 "a reader holds the -wal: exit 75" \
    env XF_BUSY_TIMEOUT=200 xf-status purge --closed-before 2026-03-21 --yes
like "$(cat stderr)" "*a reader holds it*purge --scrub*" \
    "a reader holds the -wal: says so, and what to run after"
is "$(cut -f1 stdout | tr '\n' ' ')" "ref XF-2026-000003 " \
    "a reader holds the -wal: the complaint is anonymised all the same"
echo 'COMMIT;' >&4
exec 4>&-
wait $reader
exit_is 0 "--scrub: exit 0" xf-status purge --scrub
is "$(cat stdout stderr)" "" "--scrub: says nothing"
is "$(grep -c -a -F 'Cy Ma' xf.db) $(stat -c %s xf.db-wal)" "0 0" \
    "--scrub: the name is gone and the -wal empty"
check "verify at the end" xf-status verify
