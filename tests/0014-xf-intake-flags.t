#!/bin/sh
# xf-intake: one complaint from flags, the body from stdin when --body is
# absent; and the usage errors of both forms (exit 2).
. "$(dirname "$0")/lib.sh"

plan 42

H='ref	received_at	channel	complainant	subject	source'

# --- --subject and --body ---------------------------------------------------
run xf-intake --subject 'Bus late' --body 'Route 5 was 40 minutes late' < /dev/null
is "$rc" 0 "--subject --body: exit 0"
printf '%s\nXF-2026-000001\t2026-06-01T00:00:00+00:00\tother\t\tBus late\tcli\n' "$H" > want
same_file want stdout "--subject --body: one row, source cli, received now"
is "$(cat stderr)" "xf-intake: read 1, created 1, duplicate 0, rejected 0" \
    "--subject --body: summary"
is "$(db "select subject || '|' || body || '|' || channel || '|' || kind || '|' ||
    source || '|' || received_at || '|' || registered_at || '|' ||
    coalesce(complainant, 'NULL') || '|' || coalesce(extra, 'NULL')
    from complaint")" \
    "Bus late|Route 5 was 40 minutes late|other|complaint|cli|1780272000|1780272000|NULL|NULL" \
    "--subject --body: stored"

# --- every flag ------------------------------------------------------------------
run xf-intake --subject '  账号被盗  ' --channel 电话 --complainant 赵六 \
    --contact 13900000000 --received '2026-05-01T08:00:00+08:00' \
    --kind 建议 --ext-id CRM-77 --body '昨晚账号在异地登录，绑定手机被改。'
is "$rc" 0 "every flag: exit 0"
printf '%s\nXF-2026-000002\t2026-05-01T00:00:00+00:00\tphone\t赵六\t账号被盗\tcli\n' "$H" > want
same_file want stdout "every flag: the row"
is "$(db "select subject || '|' || body || '|' || channel || '|' || kind || '|' ||
    complainant || '|' || contact || '|' || ext_id || '|' || received_at
    from complaint where id = 2")" \
    "账号被盗|昨晚账号在异地登录，绑定手机被改。|phone|suggestion|赵六|13900000000|CRM-77|1777593600" \
    "every flag: stored, trimmed, channel and kind normalised"

# --- the body from stdin -------------------------------------------------------------
printf 'Dear sir,\n\nthe lift is broken again.\n\n' > letter.txt
run xf-intake --subject 'Lift' --channel 'Postal mail' --complainant 'Ada Li' < letter.txt
is "$rc.$(cut -f3,4,5 stdout | tail -1)" "0.letter	Ada Li	Lift" "body from stdin: exit 0"
is "$(db "select hex(body) from complaint where subject = 'Lift'")" \
    "$(printf 'Dear sir,\n\nthe lift is broken again.' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
    "body from stdin: all of it, inner newlines kept, trailing ones trimmed"
echo 'only a body, no subject' | xf-intake --channel web > out 2> err
rc=$?
is "$rc.$(db "select coalesce(subject, 'NULL') || '|' || body || '|' || channel
    from complaint where body like 'only a body%'")" \
    "0.NULL|only a body, no subject|web" "a body from stdin needs no subject"
echo 'not read' | xf-intake --subject 'Given body' --body 'the given one' > out 2>&1
is "$(db "select body from complaint where subject = 'Given body'")" "the given one" \
    "with --body, stdin is not the body"
run xf-intake --subject 'Empty body' --body ''
is "$rc.$(db "select coalesce(body, 'NULL') from complaint where subject = 'Empty body'")" \
    "0.NULL" "--body '' stores no body"

# --- missing subject and body ------------------------------------------------------------
run xf-intake --channel web < /dev/null
is "$rc" 1 "no subject and no body: exit 1"
is "$(cat stdout)" "" "no subject and no body: no row"
like "$(head -1 stderr)" "xf-intake: *no subject and no body" \
    "no subject and no body: says so"
is "$(tail -1 stderr)" "xf-intake: read 1, created 0, duplicate 0, rejected 1" \
    "no subject and no body: counted as rejected"
run xf-intake --subject '   ' --body '	' < /dev/null
is "$rc" 1 "blank subject and body: exit 1"

# --- times ---------------------------------------------------------------------------------
run xf-intake --subject 'Bad time' --received 'next tuesday' < /dev/null
is "$rc" 1 "--received unparseable: exit 1"
like "$(head -1 stderr)" "xf-intake: *received time 'next tuesday': not a time; write e.g. 2026-03-05*" \
    "--received unparseable: message quotes it"
run xf-intake --subject 'Future' --received 2026-06-03 < /dev/null
is "$rc" 1 "--received in the future: exit 1"
like "$(head -1 stderr)" "xf-intake: *received time '2026-06-03' is in the future" \
    "--received in the future: message"
run xf-intake --subject 'RFC date' --received 'Thu, 5 Mar 2026 10:00:00 +0800' < /dev/null
is "$rc.$(cut -f2 stdout | tail -1)" "0.2026-03-05T02:00:00+00:00" "--received RFC 5322"
is "$(db "select count(*) from complaint where subject in ('Bad time', 'Future')")" 0 \
    "rejected flags store nothing"

# --- unknown channel and kind ------------------------------------------------------------------
run xf-intake --subject 'Pigeon' --channel 'Carrier pigeon' --kind gripe < /dev/null
is "$rc.$(db "select channel || '|' || kind || '|' || extra from complaint
    where subject = 'Pigeon'")" \
    '0.other|complaint|{"channel":"Carrier pigeon","kind":"gripe"}' \
    "unknown --channel and --kind kept verbatim in extra"
run xf-intake -c visit --subject 'Walked in' < /dev/null
is "$rc.$(db "select channel from complaint where subject = 'Walked in'")" "0.visit" \
    "-c applies to flags without --channel"

# --- caps and bad bytes ---------------------------------------------------------------------------
run xf-intake --subject "$(awk 'BEGIN { while (i++ < 4097) printf "x" }')" < /dev/null
is "$rc" 1 "--subject over 4096 bytes: exit 1"
like "$(head -1 stderr)" "xf-intake: *subject is 4097 bytes, the limit is 4096" \
    "--subject over 4096 bytes: message"
awk 'BEGIN { while (i++ < 1100000) printf "b" }' > big.txt
run xf-intake --subject 'Huge body' < big.txt
is "$rc" 1 "a body over 1 MiB from stdin: exit 1"
like "$(head -1 stderr)" "xf-intake: *body is * bytes, the limit is 1048576" \
    "a body over 1 MiB from stdin: message"
printf 'caf\351' > latin1.txt
run xf-intake --subject 'Latin-1 body' < latin1.txt
is "$rc" 1 "invalid UTF-8 on stdin: exit 1"
like "$(head -1 stderr)" "xf-intake: *invalid UTF-8 in column 'body'*" \
    "invalid UTF-8 on stdin: message names the body"

# --- dry run and formats ----------------------------------------------------------------------------
n=$(db "select count(*) from complaint")
run xf-intake -n --subject 'Dry' --body 'run' < /dev/null
is "$rc.$(cut -f5 stdout | tail -1).$(db "select count(*) from complaint")" "0.Dry.$n" \
    "-n in flags mode: printed, not stored"
run xf-intake -q -o jsonl --subject 'As JSON' --complainant 'Bo' < /dev/null
is "$rc.$(cat stdout)" \
    '0.{"ref":"XF-2026-000010","received_at":"2026-06-01T00:00:00+00:00","channel":"other","complainant":"Bo","subject":"As JSON","source":"cli"}' \
    "-o jsonl in flags mode"
is "$(cat stderr)" "" "-q: no summary"

# --- usage errors --------------------------------------------------------------------------------------
printf 'subject\nx\n' > f.csv
n=$(db "select count(*) from complaint")
exit_is 2 "flags and a file operand: exit 2" xf-intake --subject x f.csv
like "$(head -1 stderr)" "usage: xf-intake *" "flags and a file operand: usage"
exit_is 2 "an unknown option: exit 2" xf-intake -Z f.csv
exit_is 2 "--subject without a value: exit 2" xf-intake --subject
exit_is 2 "-o xml: exit 2" xf-intake -o xml f.csv
exit_is 2 "unusable XF_NOW: exit 2" env XF_NOW=someday xf-intake f.csv
exit_is 2 "a reject file that cannot be created: exit 2" \
    xf-intake -r no/such/dir/rej.csv f.csv
is "$(db "select count(*) from complaint")" "$n" "usage errors store nothing"
