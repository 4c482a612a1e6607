#!/bin/sh
# xf-status verify: the event chain of a good store is intact; the
# triggers refuse UPDATE and DELETE on event; and an edit behind the
# tool's back (triggers dropped) is caught, naming the broken event:
# a changed field, a removed event, a changed hash or previous hash, an
# event added by hand.
. "$(dirname "$0")/lib.sh"

plan 38

HEX64='[0-9a-f]\{64\}'

# make_store: two complaints and a few moves, 7 events (ids 1..7):
# created 1 and 2; accept 1 and the two deadlines it set; start 1 and
# its owner.
make_store() {
	fresh_db
	printf 'subject,body\nfirst,one\nsecond,two\n' > f.csv
	xf-intake f.csv > /dev/null 2>&1
	xf-status accept 1 > /dev/null
	xf-status start 1 > /dev/null
}

# --- an empty store -----------------------------------------------------------------
: > empty.csv
xf-intake empty.csv > /dev/null 2>&1
run xf-status verify
is "$rc.$(cat stdout)" \
    "0.0 events, chain intact, head 0000000000000000000000000000000000000000000000000000000000000000
0 complaints agree with their history (personal fields checked: 0)" \
    "empty store: 0 events, head of zeros, no complaints"

# --- a good store ---------------------------------------------------------------------
make_store
is "$(db "select count(*) from event")" 7 "seven events"
run xf-status verify
is "$rc" 0 "good store: exit 0"
is "$(sed "s/head $HEX64\$/head H/" stdout)" "7 events, chain intact, head H
2 complaints agree with their history (personal fields checked: 2)" \
    "good store: N events, chain intact, head in hex; the complaints agree"
is "$(sed -n 's/.* head //p' stdout)" "$(db "select hash from event where id = 7")" \
    "the head is the newest event's hash"
is "$(cat stderr)" "" "good store: nothing on stderr"
head1=$(sed -n 's/.* head //p' stdout)
is "$(db "select count(*) from event e join event p on p.id = e.id - 1
    where e.prev_hash = p.hash")" 6 "each event names the previous one's hash"
run env TZ=Asia/Shanghai xf-status verify
is "$rc.$(sed -n 's/.* head //p' stdout)" "0.$head1" "the chain does not depend on TZ"
run xf-status -d "$XF_DB" verify
is "$rc" 0 "verify -d store"
exit_is 2 "verify with an operand: usage" xf-status verify 1
exit_is 75 "verify a missing store: exit 75" xf-status -d nothere.db verify
is "$(cat stderr)" "xf-status: nothere.db: no store here (xf-intake creates one)" \
    "verify a missing store: message"

# --- the triggers: UPDATE and DELETE on event refused ----------------------------
before=$(db "select * from event order by id")
out=$(sqlite3 -init /dev/null -batch "$XF_DB" \
    "UPDATE event SET reason = 'x' WHERE id = 2" 2>&1) && st=0 || st=$?
is "$([ "$st" -ne 0 ] && echo failed)" failed "UPDATE event: refused"
case $out in
*"append-only"*) pass "UPDATE event: the trigger says append-only" ;;
*) fail "UPDATE event: the trigger says append-only"; diag "$out" ;;
esac
out=$(sqlite3 -init /dev/null -batch "$XF_DB" \
    "DELETE FROM event WHERE id = 7" 2>&1) && st=0 || st=$?
is "$([ "$st" -ne 0 ] && echo failed)" failed "DELETE FROM event: refused"
case $out in
*"append-only"*) pass "DELETE FROM event: the trigger says append-only" ;;
*) fail "DELETE FROM event: the trigger says append-only"; diag "$out" ;;
esac
is "$(db "select * from event order by id")" "$before" "the events are untouched"
check "verify after the refused edits" xf-status verify

# --- a field changed: the event is named -------------------------------------------
db "DROP TRIGGER event_no_update; UPDATE event SET reason = 'x' WHERE id = 2"
is "$(db "select reason from event where id = 2")" x "reason of event 2 changed behind the tool's back"
run xf-status verify
is "$rc" 1 "changed reason: exit 1"
is "$(cat stderr)" "xf-status: $XF_DB: event 2: contents do not match its hash (altered after it was written)" \
    "changed reason: event 2 named"
is "$(cat stdout)" "" "changed reason: no 'intact' line"

make_store
db "DROP TRIGGER event_no_update; UPDATE event SET at = at + 1 WHERE id = 5"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: event 5: contents do not match its hash (altered after it was written)" \
    "changed time of event 5: caught"

make_store
db "DROP TRIGGER event_no_update; UPDATE event SET complaint_id = 2 WHERE id = 6"
run xf-status verify
is "$rc" 1 "event moved to another complaint: caught"

# --- an event removed ----------------------------------------------------------------
make_store
db "DROP TRIGGER event_no_delete; DELETE FROM event WHERE id = 2"
run xf-status verify
is "$rc" 1 "removed event 2: exit 1"
is "$(cat stderr)" "xf-status: $XF_DB: event 3: expected event 2 (an event was removed or inserted)" \
    "removed event 2: the gap named"

make_store
db "DROP TRIGGER event_no_delete; DELETE FROM event WHERE id = 1"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: event 2: expected event 1 (an event was removed or inserted)" \
    "removed the first event: caught"

# The newest event removed leaves a shorter chain that holds: the head
# printed changes, which is what a kept copy of the head is for.  Event
# 7 took the complaint for its owner: the row no longer agrees.
make_store
run xf-status verify
head1=$(sed -n 's/.* head //p' stdout)
db "DROP TRIGGER event_no_delete; DELETE FROM event WHERE id = 7"
run xf-status verify
is "$rc.$(sed "s/head $HEX64\$/head H/" stdout)" "1.6 events, chain intact, head H
1 of 2 complaints agree with their history (personal fields checked: 2)" \
    "newest event removed: a chain of 6, a complaint that disagrees"
is "$(cat stderr)" "xf-status: $XF_DB: XF-2026-000001: assignee is $XF_ACTOR, its history says none" \
    "newest event removed: the owner it set named"
if [ "$(sed -n 's/.* head //p' stdout)" != "$head1" ]; then
	pass "newest event removed: the head is not the one printed before"
else
	fail "newest event removed: the head is not the one printed before"
fi

# --- only a hash changed ------------------------------------------------------------
make_store
db "DROP TRIGGER event_no_update;
    UPDATE event SET hash = (SELECT hash FROM event WHERE id = 4) WHERE id = 3"
run xf-status verify
is "$rc" 1 "changed hash of event 3: exit 1"
is "$(cat stderr)" "xf-status: $XF_DB: event 3: contents do not match its hash (altered after it was written)" \
    "changed hash of event 3: event 3 named"

make_store
db "DROP TRIGGER event_no_update;
    UPDATE event SET hash = CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e'
    ELSE 'f' END || substr(hash, 2) WHERE id = 7"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: event 7: contents do not match its hash (altered after it was written)" \
    "changed hash of the newest event: caught"

make_store
db "DROP TRIGGER event_no_update;
    UPDATE event SET prev_hash = (SELECT hash FROM event WHERE id = 1) WHERE id = 3"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: event 3: previous hash does not match event 2" \
    "changed previous hash of event 3: caught"

# --- an event added by hand ------------------------------------------------------------
make_store
db "INSERT INTO event (id, complaint_id, at, actor, kind, field, old, new,
    reason, prev_hash, hash) SELECT 8, 1, at, 'mallory', 'note', NULL, NULL,
    NULL, 'forged', hash, hash FROM event WHERE id = 7"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: event 8: contents do not match its hash (altered after it was written)" \
    "forged event at the end: caught"

make_store
db "INSERT INTO event (id, complaint_id, at, actor, kind, prev_hash, hash)
    VALUES (10, 1, 0, 'mallory', 'note', 'x', 'y')"
run xf-status verify
is "$rc|$(cat stderr)" "1|xf-status: $XF_DB: event 10: expected event 8 (an event was removed or inserted)" \
    "event added after a gap: caught"

# --- moves go on extending a good chain -------------------------------------------
make_store
check "a move on a good store" xf-status note -m more 1
run xf-status verify
is "$rc.$(sed "s/head $HEX64\$/head H/" stdout)" "0.8 events, chain intact, head H
2 complaints agree with their history (personal fields checked: 2)" \
    "verify after more moves"
