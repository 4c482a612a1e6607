#!/bin/sh
# A job that did nothing prints nothing (issue 12, point 6): cron mails
# whatever a job prints, so xf-intake -q, xf-classify -a, xf-assign -a
# and the rest print no header row when they have no row to go under it,
# in any format; the header still comes with the first row.  -o json,
# asked for by name, is one JSON document, so nothing is "[]".
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 29

cat > f.csv <<'EOF'
subject,body,received_at
退款太慢,三周了还没有退款,2026-05-01
账号被盗,有人登录了我的账号,2026-05-02
EOF
check "import" xf-intake -q f.csv
check "classify" xf-classify -a
check "a handler" xf-assign handler add --team billing --skills billing bob
check "another" xf-assign handler add --team support carol
check "accept" xf-status accept 1 2
check "assign" xf-assign -a

# silent NAME cmd...: exit 0, and nothing on stdout or stderr.
silent() {
	_name=$1
	shift
	run "$@"
	is "$rc|$(cat stdout)|$(cat stderr)" "0||" "$_name: exit 0, prints nothing"
}

# --- the cron jobs, with nothing new ------------------------------------------
silent "xf-intake -q, the same file again" xf-intake -q f.csv
printf 'subject,body\n' > empty.csv
silent "xf-intake -q, a file of no rows" xf-intake -q empty.csv
silent "xf-classify -a, nothing new" xf-classify -a
silent "xf-assign -a, nothing new" xf-assign -a
silent "the pipeline, nothing new" \
    sh -c 'xf-intake -q f.csv | xf-classify | xf-assign'
run xf-status overdue
is "$rc|$(cat stdout)" "1|" "overdue, nothing late: exit 1, prints nothing"

# --- every format: no rows, no output ---------------------------------------------
for fmt in tsv csv jsonl table; do
	silent "list matching nothing, -o $fmt" xf-status list -s closed -o "$fmt"
done
run xf-status list -s closed -o json
is "$rc|$(cat stdout)|$(cat stderr)" "0|[]|" \
    "list matching nothing, -o json: exit 0, an empty array"
silent "history of no ref" xf-status history < /dev/null
silent "handler list of a team with nobody" xf-assign handler list -t legal
silent "escalate, nothing late" xf-status escalate
run xf-status accept 1
is "$rc|$(cat stdout)" "1|" "a move refused for every ref: exit 1, prints nothing"
like "$(cat stderr)" "*XF-2026-000001*" "and says why on stderr"

# --- the header comes with the first row --------------------------------------------
printf 'subject,body,received_at\n退款太慢,三周了还没有退款,2026-05-01\n新的,第三件,2026-05-03\n' \
    > g.csv
run xf-intake -q g.csv
is "$(cut -f 1 stdout | tr '\n' ' ')" "ref XF-2026-000003 " \
    "xf-intake: the header, then the one new row (the duplicate is not one)"
run xf-classify -a
is "$(cut -f 1 stdout | tr '\n' ' ')" "ref XF-2026-000003 " \
    "xf-classify -a: the header, then the new one"
run xf-status list -s new -o csv
is "$(tr -d '\r' < stdout | cut -d, -f 1 | tr '\n' ' ')" "ref XF-2026-000003 " \
    "-o csv: the header, then the row"
run xf-status list -s new -o table
like "$(head -n 1 stdout)" "ref *status*" "-o table: the header, then the row"
is "$(wc -l < stdout | tr -d ' ')" 2 "-o table: two lines"

# A strict run refused whole prints nothing; the next run's first row
# still brings the header.
printf 'subject,body,received_at\n好的,这一件,2026-05-04\n多,一,2026-05-04,列\n' \
    > bad.csv
run xf-intake -q -S bad.csv
is "$rc|$(cat stdout)" "1|" "-S, a bad row: nothing stored, nothing printed"
printf 'subject,body,received_at\n好的,这一件,2026-05-04\n再一件,又一件,2026-05-04\n' \
    > good.csv
run xf-intake -q -b 1 good.csv
is "$(cut -f 1 stdout | tr '\n' ' ')" "ref XF-2026-000004 XF-2026-000005 " \
    "chunks of one: one header, then each row"
