#!/bin/sh
# xf-status with writers at once: many processes adding notes to the same
# complaint lose none and keep the event chain whole; many racing to
# accept the same complaint, exactly one wins and the rest are refused.
. "$(dirname "$0")/lib.sh"

plan 34

# Under valgrind each process is slow: fewer of them, fewer notes each.
if slow; then
	P=4 N=5
else
	P=8 N=25
fi
# A generous lock wait: the point is that nothing is lost, not speed.
XF_BUSY_TIMEOUT=20000
export XF_BUSY_TIMEOUT

cat > f.csv <<'EOF'
subject,body,received_at
same one,everyone writes to this complaint,2026-05-01
raced,everyone accepts this complaint,2026-05-02
EOF
check "import" xf-intake f.csv
check "accept the first" xf-status accept 1
ev0=$(db "select count(*) from event")

# --- P writers, N notes each, all on complaint 1 -------------------------------
# notes P: N notes one after another, each its own process; rc.P is 0
# only when every one exited 0.
notes() {
	_rc=0
	_j=1
	while [ $_j -le $N ]; do
		xf-status note -m "p$1 n$_j" XF-2026-000001 \
		    >> out.$1 2>> err.$1 || _rc=1
		_j=$((_j + 1))
	done
	echo $_rc > rc.$1
}

i=1
while [ $i -le $P ]; do
	notes $i &
	i=$((i + 1))
done
wait

is "$(cat rc.* | sort | uniq -c | sed 's/^ *//')" "$P 0" \
    "$P writers: every process exited 0"
cat err.* > err
same_file /dev/null err "$P writers: nothing on stderr"
is "$(cat out.* | grep -vc '^ref	')" $((P * N)) \
    "$P writers: every note reported as moved"
is "$(db "select count(*) from event where kind = 'note' and
    complaint_id = 1")" $((P * N)) "$P writers x $N notes: exactly $((P * N)) note events"
is "$(db "select count(distinct reason) from event where kind = 'note'")" \
    $((P * N)) "every note kept with its own text"
is "$(db "select count(*) from event")" $((ev0 + P * N)) \
    "no other events written"
is "$(db "select min(id), max(id), count(*) from event")" \
    "1|$((ev0 + P * N))|$((ev0 + P * N))" "event ids without gaps"
# Each writer's notes are in the order it wrote them.
bad=0
i=1
while [ $i -le $P ]; do
	got=$(db "select group_concat(reason, ' ') from (select reason from
	    event where reason like 'p$i n%' order by id)")
	want=$(j=1; while [ $j -le $N ]; do printf 'p%d n%d ' $i $j;
	    j=$((j + 1)); done)
	[ "$got " = "$want" ] || { bad=1; diag "p$i: $got"; }
	i=$((i + 1))
done
is "$bad" 0 "each writer's notes in the order it wrote them"
run xf-status verify
is "$rc" 0 "verify after concurrent writers: exit 0"
is "$(sed -n '1s/head [0-9a-f]\{64\}$/head H/p' stdout)" \
    "$((ev0 + P * N)) events, chain intact, head H" \
    "verify after concurrent writers: chain intact"
is "$(db "select status from complaint where id = 1")" accepted \
    "notes left the status alone"

# --- P writers, each one process noting N times in one batch -------------------
# One process, one transaction a ref: the chain head it knew must be
# read again each time, as the others write in between.
ev1=$(db "select count(*) from event")
rm -f rc.* out.* err.*
refs=$(j=1; while [ $j -le $N ]; do printf '1 '; j=$((j + 1)); done)
i=1
while [ $i -le $P ]; do
	( xf-status note -m "batch $i" $refs > out.$i 2> err.$i
	  echo $? > rc.$i ) &
	i=$((i + 1))
done
wait
is "$(cat rc.* | sort | uniq -c | sed 's/^ *//')" "$P 0" \
    "$P batch writers: every process exited 0"
is "$(db "select count(*) from event where reason like 'batch %'")" \
    $((P * N)) "$P batch writers: $((P * N)) note events"
run xf-status verify
is "$rc.$(sed -n '1s/head [0-9a-f]\{64\}$/head H/p' stdout)" \
    "0.$((ev1 + P * N)) events, chain intact, head H" \
    "verify after batch writers: chain intact"

# --- P processes racing to accept complaint 2 ------------------------------------
rm -f rc.* out.* err.*
i=1
while [ $i -le $P ]; do
	( xf-status accept 2 > out.$i 2> err.$i; echo $? > rc.$i ) &
	i=$((i + 1))
done
wait
is "$(cat rc.* | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')" \
    "1 0 $((P - 1)) 1 " "accept race: one exit 0, $((P - 1)) exit 1"
is "$(cat err.* | sort | uniq -c | sed 's/^ *//')" \
    "$((P - 1)) xf-status: XF-2026-000002: cannot accept: it is accepted; from accepted: reject, start, note" \
    "accept race: the losers are told it is accepted"
is "$(db "select count(*) from event where complaint_id = 2 and
    kind = 'accept'")" 1 "accept race: one accept event"

# --- P processes racing to extend complaint 2: one extension only -------------
due=$(db "select due from complaint where id = 2")
rm -f rc.* out.* err.*
i=1
while [ $i -le $P ]; do
	( xf-status extend --days $i -m "race $i" --approver li 2 > out.$i \
	    2> err.$i; echo $? > rc.$i ) &
	i=$((i + 1))
done
wait
is "$(cat rc.* | sort | uniq -c | sed 's/^ *//' | tr '\n' ' ')" \
    "1 0 $((P - 1)) 1 " "extend race: one exit 0, $((P - 1)) exit 1"
is "$(db "select count(*) from event where complaint_id = 2 and
    kind = 'extend'")" 1 "extend race: one extend event"
is "$(db "select (c.due - $due) / 86400 = substr(e.reason, 22) + 0 from
    complaint c join event e on e.complaint_id = c.id and e.kind = 'extend'
    where c.id = 2")" 1 "extend race: due moved by the winner's days only"

# --- P searches at once bring the lazy index up to date once ---------------------
{
	echo subject,body
	i=1
	while [ $i -le 300 ]; do
		if [ $((i % 3)) -eq 0 ]; then
			echo "退款 $i,申请退款第${i}号"
		else
			echo "other $i,nothing here $i"
		fi
		i=$((i + 1))
	done
} > s.csv
xf-intake s.csv > /dev/null 2>&1
rm -f rc.* out.* err.*
i=1
while [ $i -le $P ]; do
	( xf-status list -q 退款 > out.$i 2> err.$i; echo $? > rc.$i ) &
	i=$((i + 1))
done
wait
is "$(cat rc.* | sort | uniq -c | sed 's/^ *//')" "$P 0" \
    "$P searches at once: every process exited 0"
is "$(for f in out.*; do grep -c '^XF-' $f; done | sort | uniq -c |
    sed 's/^ *//')" "$P 100" "$P searches at once: each finds all 100"

# --- a writer holding the lock: readers go on, writers wait, then give up ------
# sqlite3 holds the write lock meanwhile (hold_write_lock, tests/lib.sh).
printf 'subject,body,received_at\n退款太慢,新来的,2026-05-09\n' > n.csv
xf-intake n.csv > /dev/null 2>&1	# the search index is now behind
n=$(db "select count(*) from event")
check "sqlite3 holds the write lock" hold_write_lock
XF_BUSY_TIMEOUT=200
run xf-status list -A
is "$rc.$(grep -c '^XF-' stdout)" "0.303" "list while a writer holds the lock"
run xf-status show 1
is "$rc" 0 "show while a writer holds the lock"
run xf-status history 1
is "$rc" 0 "history while a writer holds the lock"
run xf-status verify
is "$rc" 0 "verify while a writer holds the lock"
run xf-status note -m late 1
is "$rc|$(cat stderr)" \
    "75|xf-status: $XF_DB: BEGIN IMMEDIATE: database is locked" \
    "a move while another writer holds the lock: gives up after the timeout, 75"
run xf-status list -q 退款
is "$(grep -o "$XF_DB" stderr | wc -l | tr -d ' ')" 1 \
    "-q with the index behind and the lock held: the store named once"
release_write_lock
XF_BUSY_TIMEOUT=20000
is "$(db "select count(*) from event")" "$n" "the move that gave up wrote nothing"
check "the same move once the lock is free" xf-status note -m late 1
is "$(xf-status list -q 退款 | grep -c '^XF-')" 101 \
    "-q once the lock is free: the new row found"
