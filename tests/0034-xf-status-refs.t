#!/bin/sh
# A ref stream is parsed by its format (xf.7), never line by line: a CSV
# subject holding a quoted line break and another complaint's ref moves
# only the complaints the CSV lists; TSV, CSV and bare lists feed every
# command; JSON, tables and cells that are no ref are refused.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 22

# Complaint 1 is the victim; 2 and 3 are listed.
xf-intake --channel phone --subject 'victim' --body b --complainant v > /dev/null 2>&1
printf 'subject,body\n"hi\nXF-2026-000001,x\nmore",b\nplain,b\n' > s.csv
xf-intake s.csv > /dev/null 2>&1
is "$(db "select count(*) from complaint")" 3 "three complaints"
before=$(db "select count(*) from event where complaint_id = 1")

# --- the smuggled ref ----------------------------------------------------------
xf-status -o csv list -c other > l.csv
is "$(grep -c '^XF-2026-000001,' l.csv)" 1 \
    "the CSV of 2 and 3 holds a line that starts like complaint 1's row"
run xf-status accept < l.csv
is "$rc" 0 "list -o csv | accept: exit 0"
is "$(cut -f1,2 stdout | tail -n +2 | tr '\n' ' ')" \
    "XF-2026-000002	accepted XF-2026-000003	accepted " \
    "only the complaints the CSV lists are accepted"
is "$(db "select status from complaint where id = 1")|$(db "select count(*)
    from event where complaint_id = 1")" "new|$before" \
    "complaint 1: status and history unchanged"
is "$(cat stderr)" "" "no warnings"

# --- CSV: quotes, CRLF, blank lines, a bad record costs only itself ---------------
printf 'ref,status\r\n"XF-2026-000002","a\r\nb"\r\n\r\nfoo bar,x\r\n3,y' |
    xf-status note -m n > out 2> err
is "$?.$(cut -f1 out | tail -n +2 | tr '\n' ' ')" "1.XF-2026-000002 XF-2026-000003 " \
    "CSV: quoted ref, quoted CRLF, no final line end; a bad record skipped"
is "$(cat err)" "xf-status: stdin: line 5: not a ref: 'foo bar'" \
    "CSV: the bad record named"
printf 'ref,subject\nXF-2026-000002,"open\nXF-2026-000001\n' |
    xf-status note -m n > out 2> err
is "$?.$(tail -n +2 out | wc -l | tr -d ' ')" "1.0" \
    "CSV with a quote left open: its record is not acted on"
is "$(cat err)" "xf-status: stdin: line 3: not CSV: a quote left open at the end" \
    "... and an error, not a guess"
is "$(db "select status from complaint where id = 1")|$(db "select count(*)
    from event where complaint_id = 1")" "new|$before" \
    "complaint 1 still untouched"

# --- TSV and bare lists ---------------------------------------------------------------
printf 'ref\tstatus\nXF-2026-000002\tx\n\n  3  \tz\n' | xf-status show > out
is "$?.$(grep -c '^ref ' out)" "0.2" "TSV with blank lines and spaces"
printf 'XF-2026-000002\n3\r\n' | xf-status show > out
is "$?.$(grep -c '^ref ' out)" "0.2" "a bare list, LF or CRLF"
printf 'XF-2026-000002\nXF-2026-000003,"x\nXF-2026-000001\n' |
    xf-status note -m n > out 2> err
is "$?.$(tail -n +2 out | cut -f1)" "1.XF-2026-000002" \
    "headerless CSV: stops at the first line that is no ref"
is "$(cat err)" "xf-status: stdin: line 2: not a ref: 'XF-2026-000003,\"x'" \
    "... naming it"

# --- refused formats -----------------------------------------------------------------
xf-status -o json list | xf-status accept > out 2> err
is "$?|$(tail -n +2 out)|$(cat err)" \
    "1||xf-status: stdin: line 1: JSON is not read as refs: pipe TSV (the default) or CSV" \
    "JSON refused"
xf-status -o table list | xf-status note -m n > out 2> err
is "$?|$(tail -n +2 out)|$(cat err)" \
    "1||xf-status: stdin: line 1: a table (-o table) is for people: pipe TSV (the default) or CSV" \
    "a table refused"

# --- every command's TSV feeds the next ------------------------------------------------
fresh_db
xf-assign handler add ann --team support > /dev/null 2>&1
printf 'subject,body\nWater off,no water since Monday\nNoise,"loud\nat night"\n' > p.csv
xf-intake p.csv 2>/dev/null | xf-classify 2>/dev/null |
    xf-status accept 2>/dev/null | xf-assign > out 2> err
is "$(tail -n +2 out | cut -f1 | tr '\n' ' ')" "XF-2026-000001 XF-2026-000002 " \
    "xf-intake | xf-classify | xf-status accept | xf-assign"
is "$(db "select group_concat(status || ':' || coalesce(assignee, ''), ' ')
    from complaint")" "assigned:ann assigned:ann" "... both assigned"
xf-status -o csv list | xf-status start > out
is "$?.$(tail -n +2 out | cut -f2 | tr '\n' ' ')" "0.in_progress in_progress " \
    "xf-status -o csv list | xf-status start"

# --- "-" among the operands: standard input in its place --------------------------------
fresh_db
for s in one two three four; do
	xf-intake -q --subject "$s" --body "$s" > /dev/null
done
printf 'ref\nXF-2026-000002\nXF-2026-000003\n' | xf-status note -m why 4 - 1 > out
is "$?.$(tail -n +2 out | cut -f1 | tr '\n' ' ')" \
    "0.XF-2026-000004 XF-2026-000002 XF-2026-000003 XF-2026-000001 " \
    "operands 4 - 1: the refs of stdin where the - stands"
printf 'XF-2026-000002\n' | xf-status history - > out
is "$(tail -n +2 out | cut -f1 | sort -u)" "XF-2026-000002" \
    "a lone - reads standard input, not a ref named -"
