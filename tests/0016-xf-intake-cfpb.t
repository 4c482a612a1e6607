#!/bin/sh
# xf-intake on real data: 2066 complaints from the U.S. CFPB Consumer
# Complaint Database (public domain; tests/data/cfpb-sample.csv), with a
# column mapping; multi-line quoted narratives, four channel values.
. "$(dirname "$0")/lib.sh"

plan 20

CFPB=$XF_DATA/cfpb-sample.csv
cp "$CFPB" cfpb.csv

import() {
	xf-intake -m received_at='Date received' \
	    -m body='Consumer complaint narrative' -m subject=Issue \
	    -m channel='Submitted via' -m ext_id='Complaint ID' "$@"
}

run import cfpb.csv
is "$rc" 0 "CFPB: exit 0"
is "$(cat stderr)" "xf-intake: read 2066, created 2066, duplicate 0, rejected 0" \
    "CFPB: 2066 created, 0 rejected"
is "$(tail -n +2 stdout | wc -l | tr -d ' ')" 2066 "CFPB: 2066 rows printed"
is "$(db "select count(*) from complaint").$(db "select count(*) from event")" \
    "2066.2066" "CFPB: 2066 complaints, 2066 events"

# Expected counts computed independently with Python's csv module:
#   Counter(r['Submitted via'] for r in csv.DictReader(f))
#   == {'Web': 1999, 'Phone': 41, 'Referral': 17, 'Postal mail': 9}
# Referral is no channel of ours: other, with "Referral" kept in extra
# under the name of the column it came from.
is "$(db "select channel || '=' || count(*) from complaint group by channel
    order by channel" | tr '\n' ' ')" \
    "letter=9 other=17 phone=41 web=1999 " "CFPB: complaints per channel"
is "$(db "select count(*) from complaint where channel = 'other'
    and json_extract(extra, '\$.\"Submitted via\"') = 'Referral'")" 17 \
    "CFPB: Referral kept verbatim in extra"
is "$(cut -f3 stdout | tail -n +2 | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')" \
    "letter=9 other=17 phone=41 web=1999 " "CFPB: the output shows the same channels"

# Every row has a Product (2066), 87 of them 'Debt collection'; 389 rows
# have a narrative, 188 of those span several lines; ids are unique.
is "$(db "select count(*) from complaint where json_extract(extra, '\$.Product') <> ''")" \
    2066 "CFPB: extras contain Product"
is "$(db "select count(*) from complaint where
    json_extract(extra, '\$.Product') = 'Debt collection'")" 87 \
    "CFPB: Product values intact"
is "$(db "select count(*) from complaint where json_valid(extra)")" 2066 \
    "CFPB: every extra is valid JSON"
is "$(db "select count(*) from complaint where json_extract(extra, '\$.Issue') is not null
    or json_extract(extra, '\$.\"Complaint ID\"') is not null")" 0 \
    "CFPB: mapped columns are not repeated in extra"
is "$(db "select count(*) from complaint where body is not null")" 389 \
    "CFPB: 389 narratives stored as body"
is "$(db "select count(*) from complaint where instr(body, char(10)) > 0")" 188 \
    "CFPB: 188 multi-line narratives keep their newlines"
is "$(db "select count(distinct ext_id) from complaint")" 2066 "CFPB: ext_ids stored"
is "$(db "select date(min(received_at), 'unixepoch') || ' ' ||
    date(max(received_at), 'unixepoch') from complaint")" \
    "2012-01-13 2023-09-08" "CFPB: received dates"
is "$(tail -1 stdout | cut -f1,2,5,6)" \
    "XF-2026-002066	2023-07-17T00:00:00+00:00	Incorrect information on your report	cfpb.csv:3300" \
    "CFPB: the last row, at the line it starts on"
is "$(db "select ext_id from complaint where source = 'cfpb.csv:3300'")" 7264216 \
    "CFPB: the last row's ext_id"

# Re-run: nothing new.
run import cfpb.csv
is "$rc.$(tail -n +2 stdout | wc -l | tr -d ' ')" "0.0" "CFPB re-run: exit 0, no rows"
is "$(cat stderr)" "xf-intake: read 2066, created 0, duplicate 2066, rejected 0" \
    "CFPB re-run: 0 created, 2066 duplicates"
gzip -c cfpb.csv > cfpb.csv.gz
run import -q cfpb.csv.gz
is "$rc.$(db "select count(*) from complaint")" "0.2066" \
    "CFPB gzipped: still duplicates"
