#!/bin/sh
# Canned answers and the language of notices (issue 14, point 1):
# xf-status canned lists the canned answers; resolve --canned NAME makes
# the filled text, in the complaint's language, the answer (and the
# resolve reason the history keeps), -m adding to it; a name with no
# file stops the run with exit 2 and changes nothing; xf-status lang
# sets the language a complaint is answered in, or gives it back to its
# words (auto), with an event.
. "$(dirname "$0")/lib.sh"

plan 39

ob_last() {
	db "select kind || '|' || lang from outbox where complaint_id = $1
	    order by id desc limit 1"
}
last_body() {
	db "select body from outbox where complaint_id = $1
	    order by id desc limit 1"
}
dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump
}

cat > f.csv <<'EOF'
subject,body,received_at,complainant,contact
重复扣费,信用卡被扣了两次,2026-05-01,张三,zhang@example.cn
Charged twice,Refund the second charge,2026-05-02,Alice,alice@example.org
App crashes,The app crashes when I pay,2026-05-03,Bob,bob@example.org
删除我的数据,请删除我的个人信息,2026-05-03,李四,li@example.cn
EOF
check "import four" xf-intake f.csv
check "accept and start them" sh -c 'xf-status accept 1 2 3 4 &&
    xf-status start 1 2 3 4'

# --- the list --------------------------------------------------------------------
run xf-status canned
is "$rc" 0 "canned: exit 0"
is "$(head -1 stdout)" "name	lang	text" "canned: a header row"
is "$(cut -f1,2 stdout | sed 1d | tr '\t\n' ': ')" \
    "cannot-reproduce:en cannot-reproduce:zh delivery-resent:en delivery-resent:zh privacy-received:en privacy-received:zh refund-done:en refund-done:zh suggestion-thanks:en suggestion-thanks:zh " \
    "every canned answer, in both languages, sorted"
like "$(grep '^refund-done	zh' stdout)" "*退款*" "with its text"
mkdir -p tpl/canned
printf 'Thanks, {complainant}.\n' > tpl/canned/thanks.en
printf 'ignored\n' > tpl/canned/README
run env XF_TEMPLATES="$T/tpl" xf-status -o csv canned
is "$(tr -d '\r' < stdout)" "name,lang,text
thanks,en,\"Thanks, {complainant}.
\"" "XF_TEMPLATES: its own canned answers; a file not NAME.LANG skipped"
run env XF_TEMPLATES="$T/nowhere" xf-status canned
is "$rc" 2 "no canned folder: exit 2"
like "$(cat stderr)" "*$T/nowhere/canned*" "... naming it"

# --- resolve --canned --------------------------------------------------------------
check "resolve 1 --canned refund-done" xf-status resolve --canned refund-done 1
is "$(ob_last 1)" "resolved|zh" "1: resolved, in Chinese"
like "$(last_body 1)" "*现将处理结果答复如下：

经核实，您反映的问题属实。我们已为您办理退款*深表歉意。

如您对处理结果不满意*" "the Chinese canned text is the answer"
like "$(db "select reason from event where complaint_id = 1 and
    kind = 'resolve'")" "经核实，您反映的问题属实。*深表歉意。" \
    "... and the resolve reason the history keeps"
check "resolve 2 --canned refund-done -m ..." xf-status resolve \
    --canned refund-done -m 'The refund is 59.00 yuan.' 2
like "$(last_body 2)" "*our answer is as
follows:

We have checked the matter*We apologise for the inconvenience.
The refund is 59.00 yuan.

If you are not satisfied*" "English, -m added below the canned text"
before=$(dump)
run xf-status resolve --canned no-such-answer 3 4
is "$rc" 2 "an unknown canned answer: exit 2"
like "$(cat stderr)" "xf-status: XF-2026-000003: */templates/canned/no-such-answer.en: No such file*" \
    "... naming the file it looked for"
is "$(dump)" "$before" "... and nothing changed, the next ref not tried"
run xf-status resolve --canned ../etc 3
is "$rc|$(cat stderr)" "2|xf-status: --canned ../etc: a canned answer's name is letters, digits, - and _ (xf-status canned lists them)" \
    "a name that climbs: usage error"
run xf-status accept --canned refund-done 3
is "$rc" 2 "--canned with accept: usage error"
like "$(cat stderr)" "*--canned goes with a move that says why*" "... saying so"
run xf-status resolve -n --canned cannot-reproduce 3
like "$(cat stdout)" "*resolve	status	in_progress	resolved	Our engineers followed*" \
    "resolve -n --canned: the answer shown in the would-be event"
is "$(db "select status from complaint where id = 3")" in_progress \
    "... and nothing done"

# --- lang --------------------------------------------------------------------------
run xf-status lang en 4
is "$rc|$(cat stdout)" "0|ref	lang	was
XF-2026-000004	en	auto" "lang en: printed, was auto"
is "$(db "select lang from complaint where id = 4")" en "stored"
is "$(db "select kind || '|' || field || '|' || coalesce(old, '-') || '|' || new
    from event where complaint_id = 4 order by id desc limit 1")" \
    "lang|lang|-|en" "an event records it"
check "resolve 4 --canned privacy-received" xf-status resolve \
    --canned privacy-received 4
is "$(ob_last 4)" "resolved|en" "a Chinese complaint set to en: answered in English"
like "$(last_body 4)" "*Personal Information Protection Law*" \
    "... with the English canned text"
nev=$(db "select count(*) from event")
run xf-status lang en 4
is "$rc|$(db "select count(*) from event")" "0|$nev" \
    "the same language again: no event"
check "lang auto" xf-status lang auto 4
is "$(db "select coalesce(lang, 'NULL') from complaint where id = 4")" NULL \
    "auto: told by its words again"
check "reopen 4" xf-status reopen -m 'asked again' 4
is "$(ob_last 4)" "reopened|zh" "... so the next notice is Chinese"
run xf-status lang fr 4
is "$rc|$(cat stderr)" "2|xf-status: lang fr: want zh, en or auto" \
    "lang fr: usage error"
run xf-status lang
is "$rc" 2 "lang without a language: usage error"
check "lang zh -n" xf-status lang -n zh 2
is "$(db "select coalesce(lang, 'NULL') from complaint where id = 2")" NULL \
    "lang -n changes nothing"
echo 2 | xf-status lang zh > /dev/null
is "$(db "select lang from complaint where id = 2")" zh "refs from stdin"
