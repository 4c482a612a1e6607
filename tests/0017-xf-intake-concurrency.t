#!/bin/sh
# xf-intake: several writers at once on one store (that does not exist
# yet): every complaint stored once, with its event, refs unique, the
# event chain unbroken, and no writer failing on a busy store.
. "$(dirname "$0")/lib.sh"

plan 15

# valgrind makes each writer hold the lock many times longer.
if slow; then
	XF_BUSY_TIMEOUT=120000
	export XF_BUSY_TIMEOUT
fi

for p in 1 2 3 4; do
	awk -v p=$p 'BEGIN {
		print "subject,body,contact,date,ext_id"
		for (i = 1; i <= 500; i++)
			printf "Writer %d row %d,Body %d of %d,w%d@example.com,2026-03-%02d,W%d-%d\n",
			    p, i, i, p, p, i % 28 + 1, p, i
	}' > "p$p.csv"
done

# chain_ok: every event links to the one before it.
chain_ok() {
	[ "$(db "select count(*) from event e left join event p on p.id = e.id - 1
	    where e.id > 1 and (p.id is null or e.prev_hash <> p.hash)")" = 0 ]
}

# --- four writers, one chunk each ------------------------------------------
check "no store yet" test ! -e "$XF_DB"
for p in 1 2 3 4; do
	xf-intake "p$p.csv" > "out$p" 2> "err$p" &
done
wait
for p in 1 2 3 4; do
	echo "xf-intake: read 500, created 500, duplicate 0, rejected 0"
done > want
cat err1 err2 err3 err4 > got
same_file want got "4 writers at once: no errors, each created its 500"
is "$(db "select count(*) from complaint")" 2000 "4 writers at once: 2000 stored"
is "$(db "select count(*) from event")" 2000 "4 writers at once: 2000 events"
is "$(db "select count(distinct complaint_id) from event where kind = 'created'")" 2000 \
    "4 writers at once: one created event per complaint"
cat out1 out2 out3 out4 | grep '^XF-' | cut -f1 | sort > refs
is "$(wc -l < refs | tr -d ' ').$(sort -u refs | wc -l | tr -d ' ')" "2000.2000" \
    "4 writers at once: 2000 refs printed, all distinct"
db "select ref from complaint order by ref" > want
same_file want refs "4 writers at once: the refs printed are the refs stored"
check "4 writers at once: the event chain is unbroken" chain_ok
is "$(db "select count(*) from complaint c join event e on e.complaint_id = c.id
    where e.reason = c.source")" 2000 "each event names its complaint's source"

# --- again, with small chunks interleaving, plus re-imports --------------------------
fresh_db
for p in 1 2 3 4; do
	xf-intake -b 7 "p$p.csv" > "out$p" 2> "err$p" &
	xf-intake -b 13 -q "p$p.csv" > "dup$p" 2> "duperr$p" &
done
wait
cat err1 err2 err3 err4 duperr1 duperr2 duperr3 duperr4 | grep -v '^xf-intake: read 500, created [0-9]*, duplicate [0-9]*, rejected 0$' > errors
is "$(cat errors)" "" "8 writers, small chunks, same files twice: no errors"
is "$(db "select count(*) from complaint").$(db "select count(*) from event")" \
    "2000.2000" "8 writers: each row stored once, with one event"
is "$(cat out* dup* | grep -c '^XF-')" 2000 "8 writers: each created row printed once"
is "$(cat out* dup* | grep '^XF-' | cut -f1 | sort -u | wc -l | tr -d ' ')" 2000 \
    "8 writers: refs distinct"
check "8 writers: the event chain is unbroken" chain_ok
is "$(db "select count(*) from complaint where id <> cast(substr(ref, 9) as integer)")" 0 \
    "8 writers: each ref carries its id"
