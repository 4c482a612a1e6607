#!/bin/sh
# xf-intake registers CSV rows a group at a time (one INSERT for a group
# of complaints, one for their events; lib/register.c): the store, the
# output and the messages must be exactly those of one row at a time
# (-b 1 registers each row alone), duplicates inside a group and of
# stored complaints included, and commit units must end where they did.
. "$(dirname "$0")/lib.sh"

plan 25

# rows N: a header and N rows of distinct complaints, a second apart.
rows() {
	awk -v n="$1" 'BEGIN {
		print "subject,body,complainant,contact,received_at"
		for (i = 1; i <= n; i++)
			printf "Row %d,Body of row %d,Name %d,1380000%04d," \
			    "2026-03-01 %02d:%02d:%02d\n", i, i, i % 97, i,
			    int(i / 3600), int(i / 60) % 60, i % 60
	}'
}

# dump STORE: the complaints (but their batch) and the events, in order.
dump() {
	XF_DB=$1 db "select id, ref, received_at, registered_at, updated_at,
	    channel, kind, complainant, contact, subject, body, source, ext_id,
	    hex(dedupe_key), extra, parent_id, status from complaint
	    order by id;
	    select id, complaint_id, at, actor, kind, field, old, new, reason,
	    format, hex(content), length(salt) from event order by id"
}

# 650 rows; line 151 repeats line 11 (a duplicate inside the first group
# of 200), line 301 repeats line 6 (of a complaint already stored, in
# a full group), line 161 is bad (a time that is no time); the group
# after has no duplicate.
rows 650 | awk 'NR == 151 { print line11; next }
    NR == 301 { print line6; next }
    NR == 161 { print "Bad,Body,Name,138,not a time"; next }
    { print } NR == 11 { line11 = $0 } NR == 6 { line6 = $0 }' > a.csv

run xf-intake -v a.csv
is "$rc" 1 "a bad row: exit 1"
cp stdout grouped.out
cp stderr grouped.err
is "$(tail -n 1 stderr)" \
    "xf-intake: read 650, created 647, duplicate 2, rejected 1" "counts"
is "$(sed -n '1,3s/^xf-intake: \(a.csv:[0-9]*\): \(.\{9\}\).*/\1 \2/p' stderr)" \
    "a.csv:151 duplicate
a.csv:161 received 
a.csv:301 duplicate" "messages in the order of the rows"
is "$(db "select count(*), min(id), max(id), count(distinct ref)
    from complaint")" "647|1|647|647" "ids and refs without a gap"
is "$(db "select count(*) from complaint c where
    (select count(*) from event e where e.complaint_id = c.id and
    e.kind = 'created') = 1")" 647 "every complaint has its created event"
is "$(db "select count(*) from event")" 647 "and no other event"
is "$(db "select ref from complaint where source = 'a.csv:152'")" \
    XF-2026-000150 "the row after a duplicate takes the next ref"
is "$(tail -n +2 stdout | awk -F '\t' '{ print $6 }' | tr '\n' ' ' |
    sed 's/ $//')" "$(awk -F, 'NR > 1 && NR != 151 && NR != 161 &&
    NR != 301 { printf "%sa.csv:%d", sep, NR; sep = " " }' a.csv)" \
    "every row created printed once, in the order of the file"
check "the chain verifies" xf-status verify
grouped_db=$XF_DB

# The same file a row at a time: the same store, events and all (but
# their hashes, which cover a random salt of each event's personal part).
XF_DB=$T/one.db
export XF_DB
run xf-intake -v -b 1 a.csv
is "$rc" 1 "-b 1: exit 1"
same_file grouped.out stdout "-b 1 prints the same rows"
same_file grouped.err stderr "-b 1 says the same"
dump "$grouped_db" > grouped.dump
dump "$XF_DB" > one.dump
same_file grouped.dump one.dump \
    "-b 1 stores the same complaints and the same events"
check "-b 1: the chain verifies" xf-status verify
XF_DB=$grouped_db
export XF_DB

# Again: every row a duplicate, nothing written, nothing printed.
run xf-intake a.csv
is "$rc.$(cat stdout)" "1." "re-run: nothing printed"
is "$(tail -n 1 stderr)" \
    "xf-intake: read 650, created 0, duplicate 649, rejected 1" \
    "re-run: every good row a duplicate"
is "$(db "select count(*) from complaint").$(db "select count(*) from event")" \
    "647.647" "re-run: nothing stored"

# Units of -b rows end where they would a row at a time: after 300
# complaints created, the duplicate not counted (the first group of 200
# goes whole; the next, cut short to end the unit, holds it).
fresh_db
rows 450 | awk 'NR == 251 { print line11; next } { print }
    NR == 11 { line11 = $0 }' > b.csv
run xf-intake -b 300 b.csv
is "$(db "select batch, count(*) from complaint group by batch
    order by batch" | tr '\n' ' ')" "1|300 2|149 " \
    "-b 300: units of 300 complaints and the rest"
is "$(db "select max(id) from complaint where batch = 1")" 300 \
    "the first unit holds the first 300"

# A table, then a message: registered in the order given, the table's
# rows before the message (the queue is flushed at the end of a file).
fresh_db
rows 250 > c.csv
run xf-intake c.csv "$XF_DATA/mail/alternative.eml"
is "$rc.$(db "select count(*) from complaint")" "0.251" "a table and a message"
is "$(db "select source from complaint where id = 251")" \
    "$XF_DATA/mail/alternative.eml" "the message comes last, as given"

# -S: one bad row in a group, and nothing is stored.
fresh_db
run xf-intake -S a.csv
is "$(db "select count(*) from complaint").$(cat stdout)" "0." \
    "-S: a bad row stores nothing"

# -n: the rows are printed, nothing stored.
run xf-intake -n b.csv
is "$(($(wc -l < stdout) - 1))" 449 "-n prints every row it would create"
is "$(db "select count(*) from complaint")" 0 "-n stores nothing"
check "the empty store verifies" xf-status verify
