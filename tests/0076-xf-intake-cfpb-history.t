#!/bin/sh
# The CFPB sample (tests/data/cfpb-sample.csv) imported as history, by the
# command xf-intake(1) shows: the company's response is the status, the
# date the CFPB sent the complaint to the company its acceptance.  The
# 1450 closed ones owe nothing and alarm nobody; the 616 still in
# progress are late as they would be on any import.
. "$(dirname "$0")/lib.sh"

plan 14

cp "$XF_DATA/cfpb-sample.csv" cfpb.csv

# As EXAMPLES in xf-intake(1) writes it.
import() {
	xf-intake -m received_at='Date received' \
	    -m body='Consumer complaint narrative' -m subject=Issue \
	    -m channel='Submitted via' -m ext_id='Complaint ID' \
	    -m status='Company response to consumer' \
	    -m accepted_at='Date sent to company' "$@"
}

run import cfpb.csv
is "$rc" 0 "exit 0"
is "$(cat stderr)" "xf-intake: read 2066, created 2066, duplicate 0, rejected 0" \
    "every row taken: each response is a status xf knows"

# Counted independently with Python's csv module:
#   Counter(r['Company response to consumer'] for r in csv.DictReader(f))
#   == {'Closed with non-monetary relief': 789,
#       'Closed with explanation': 626, 'In progress': 616,
#       'Closed with monetary relief': 33, 'Closed without relief': 2}
is "$(db "select status || '=' || count(*) from complaint group by status
    order by status" | tr '\n' ' ')" "closed=1450 in_progress=616 " \
    "1450 closed, 616 in progress"
# Every row has a Date sent to company: one acceptance each, then a
# close or a start; with the created events 2066 * 3 in all.
is "$(db "select new || '=' || count(*) from event where kind = 'import'
    group by new order by new" | tr '\n' ' ')" \
    "accepted=2066 closed=1450 in_progress=616 " "the import events"
is "$(db "select count(*) from event")" 6198 "6198 events"

# Complaint ID 7523056, the first row: received and sent 2023-08-25,
# Closed with explanation, no closing date in the export.
run xf-status history XF-2026-000001
is "$(tail -n +3 stdout | cut -f2,4,6,7,8)" \
    "2023-08-25T00:00:00+00:00	import	new	accepted	imported from cfpb.csv:2 as 'Closed with explanation'
2023-08-25T00:00:00+00:00	import	accepted	closed	imported from cfpb.csv:2 as 'Closed with explanation'; the export gives no time for it: dated at the last time it gives" \
    "history: accepted and closed on the day it was sent, marked imported"
is "$(db "select ext_id from complaint where id = 1")" 7523056 \
    "the first row's Complaint ID"
is "$(db "select count(*) from complaint where json_extract(extra,
    '\$.\"Timely response?\"') is not null")" 2066 \
    "Timely response? kept among the extras"

# Nothing closed is overdue; the 616 in progress are (sent to the
# company by 2023-09-08, 60 days long past).
run xf-status overdue
tail -n +2 stdout | cut -f1 | sort > late
db "select ref from complaint where status = 'in_progress' order by ref" \
    > open
is "$rc.$(wc -l < late | tr -d ' ')" "0.616" "overdue: 616"
same_file open late "overdue: exactly the complaints in progress"
is "$(tail -n +2 stdout | cut -f6 | sort -u)" "in_progress" \
    "overdue: none closed"
check "verify: the chain is intact" xf-status verify

# Imported again: nothing new, no event twice.
run import cfpb.csv
is "$rc.$(cat stderr)" \
    "0.xf-intake: read 2066, created 0, duplicate 2066, rejected 0" \
    "re-import: all duplicates"
is "$(db "select count(*) from event")" 6198 "re-import: no event twice"
