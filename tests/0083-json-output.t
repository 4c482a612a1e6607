#!/bin/sh
# -o json: every command and verb that prints rows prints one JSON
# document, an array of objects ([] when there are none), with numbers as
# numbers, lists (flags, skills) as arrays, extra as an object and absent
# values null.  -o jsonl keeps JSON Lines: the same objects, one a line.
# The column types are declared with the columns (xf(7) Output formats).
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 40

# jcheck NAME FILE [PYTHON]: FILE is one JSON document, an array of
# objects; PYTHON, if given, asserts more about it as d.
cat > jcheck.py <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(text)
assert isinstance(d, list), "not an array: %r" % text[:80]
assert all(isinstance(o, dict) for o in d), "not objects"
exec(sys.argv[2] if len(sys.argv) > 2 else "")
EOF
jcheck() {
	check "$1" python3 jcheck.py "$2" "${3:-}"
}

# jlines NAME FILE N: N lines, each one JSON object.
jlines() {
	check "$1" python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "no newline at the end"
assert len(lines) - 1 == int(sys.argv[2]), lines
for l in lines[:-1]:
    assert isinstance(json.loads(l), dict), l
' "$2" "$3"
}

cat > in.csv <<'EOF'
subject,body,complainant,received_at,order_no,amount
Refund please,charged twice for my subscription,张伟,2026-05-01 09:00,A-1,12.50
My personal data leaked,my personal data was leaked,Li Na,2026-05-02 10:00,A-2,
"Ctl
chars",bell here,"Bo",2026-05-03 11:00,,
EOF

# --- xf-intake ---------------------------------------------------------------
run xf-intake -o json in.csv
is "$rc" 0 "intake -o json: exit 0"
jcheck "intake -o json: an array of three objects, strings and nulls" stdout '
assert len(d) == 3, d
assert d[0]["ref"] == "XF-2026-000001" and d[0]["complainant"] == "张伟"
assert d[2]["subject"] == "Ctl\nchars"
'
is "$(head -1 stdout).$(tail -1 stdout)" "[.]" \
    "intake -o json: the array's brackets on lines of their own"
run xf-intake -o json in.csv
is "$rc.$(cat stdout)" "0.[]" "intake -o json, nothing new: an empty array"
run xf-intake -o jsonl in.csv
is "$rc.$(wc -c < stdout | tr -d ' ')" "0.0" "intake -o jsonl, nothing new: nothing"

# --- xf-classify ---------------------------------------------------------------
run xf-classify -o json 1 2 3
is "$rc" 0 "classify -o json: exit 0"
jcheck "classify -o json: flags an array, confidence a number" stdout '
assert [o["ref"] for o in d] == ["XF-2026-000001", "XF-2026-000002", "XF-2026-000003"]
assert d[1]["flags"] == ["privacy"], d[1]
assert d[0]["flags"] == [], d[0]
assert all(type(o["confidence"]) in (int, float) for o in d), d
'
run xf-classify -o jsonl 1 2
jlines "classify -o jsonl: one object a line" stdout 2

# --- xf-assign: handlers and assigning ------------------------------------------
xf-assign handler add --team billing --skills billing,vip --capacity 5 \
    alice > /dev/null
xf-assign handler add --team support --capacity 3 sam > /dev/null
run xf-assign -o json handler list
jcheck "handler list -o json: skills an array, counts numbers" stdout '
a = [o for o in d if o["login"] == "alice"][0]
assert a["skills"] == ["billing", "vip"], a
assert a["capacity"] == 5 and a["load"] == 0 and a["active"] == 1, a
s = [o for o in d if o["login"] == "sam"][0]
assert s["skills"] == [] and s["name"] is None, s
'
run xf-assign -o json handler list -t nobody
is "$rc.$(cat stdout)" "0.[]" "handler list -o json, no handler: an empty array"
xf-status accept 1 2 3 > /dev/null
run xf-assign -o json 1
jcheck "assign -o json" stdout '
assert [o["assignee"] for o in d] == ["alice"], d
assert isinstance(d[0]["due"], str), d
'
run xf-assign -o json handler disable alice
jcheck "handler disable -o json: the open complaints" stdout '
assert [o["ref"] for o in d] == ["XF-2026-000001"], d
'
xf-assign handler enable alice > /dev/null

# --- xf-status: list, show, history, moves ----------------------------------------
run xf-status -o json list
jcheck "list -o json" stdout '
assert len(d) == 3 and d[0]["status"] == "assigned", d
assert d[2]["assignee"] is None, d[2]
'
run xf-status -o json list -s closed
is "$rc.$(cat stdout)" "0.[]" "list -o json, nothing listed: an empty array"
run xf-status -o jsonl list -s closed
is "$rc.$(wc -c < stdout | tr -d ' ')" "0.0" "list -o jsonl, nothing listed: nothing"
run xf-status -o jsonl list
jlines "list -o jsonl: one object a line" stdout 3

run xf-status -o json show 1 3
jcheck "show -o json: extra an object, flags an array, counts numbers" stdout '
assert len(d) == 2, d
a, c = d
assert a["extra"] == {"order_no": "A-1", "amount": "12.50"}, a["extra"]
assert c["extra"] is None or isinstance(c["extra"], dict), c["extra"]
assert a["flags"] == [] and a["paused_seconds"] == 0, a
assert a["reopen_count"] == 0, a
assert isinstance(a["history"], list) and isinstance(a["messages"], list)
'
run xf-status -o json show 99
is "$rc.$(cat stdout)" "1.[]" "show -o json of no complaint: exit 1, an empty array"

run xf-status -o json history 1 2
jcheck "history -o json: the events of both, in order" stdout '
assert {o["ref"] for o in d} == {"XF-2026-000001", "XF-2026-000002"}, d
assert d[0]["kind"] == "created" and d[0]["old"] is None, d[0]
'
run xf-status -o json start 1
jcheck "a move -o json" stdout '
assert d == [{"ref": "XF-2026-000001", "status": "in_progress", "was": "assigned"}], d
'
run xf-status -o json resolve -n -m done 1
jcheck "a dry run -o json: the events it would record" stdout '
assert any(o["kind"] == "resolve" for o in d), d
'

# --- overdue, alerts, escalations -------------------------------------------------
late() {
	run env XF_NOW=2026-09-01T00:00:00Z "$@"
}
late xf-status -o json overdue
is "$rc" 0 "overdue -o json: exit 0"
jcheck "overdue -o json" stdout '
assert len(d) >= 1 and all(isinstance(o["late"], str) for o in d), d
'
late xf-status -o json overdue -n --escalate
jcheck "overdue --escalate -o json: escalated a number or null" stdout '
assert all(o["escalated"] is None or type(o["escalated"]) is int for o in d), d
assert any(type(o["escalated"]) is int for o in d), d
'
late xf-status -o json overdue -n --alert
jcheck "overdue --alert -o json: level a number" stdout '
assert all(type(o["level"]) is int for o in d), d
'
late xf-status -o json escalate -n
jcheck "escalate -o json: level a number" stdout '
assert len(d) >= 1 and all(type(o["level"]) is int for o in d), d
'
run xf-status -o json overdue
is "$rc.$(cat stdout)" "1.[]" "overdue -o json, nothing late: exit 1, an empty array"
run xf-status -o json escalate -n
is "$rc.$(cat stdout)" "0.[]" "escalate -o json, nothing to escalate: an empty array"
run xf-status overdue
is "$rc.$(wc -c < stdout | tr -d ' ')" "1.0" "overdue, nothing late: still nothing at all"
late xf-status overdue
n=$(sed 1d stdout | wc -l | tr -d ' ')
late xf-status -o jsonl overdue
jlines "overdue -o jsonl: one object a line, as many as tsv rows" stdout "$n"

# --- escapes: every control character, and nothing a terminal obeys ----------------
db "update complaint set subject = 'a' || char(1) || 'b' || char(127) ||
    'c' || char(8238) || 'd' || char(31) where id = 3" > /dev/null
run xf-status -o json list
jcheck "controls in a value: escaped, the text intact" stdout '
c = [o for o in d if o["ref"] == "XF-2026-000003"][0]
assert c["subject"] == "a\x01b\x7fc\u202ed\x1f", repr(c["subject"])
'
check "controls in a value: none raw in the output" sh -c \
    '! LC_ALL=C grep -q "$(printf "[\001\037\177]")" stdout'
check "controls in a value: as \\u escapes" \
    grep -qF '"a\u0001b\u007fc\u202ed\u001f"' stdout

# --- a value that is not what its column says stays valid JSON ---------------------
db "update complaint set extra = '{\"broken\": ', flags = 'privacy,,legal'
    where id = 1" > /dev/null
run xf-status -o json show 1
jcheck "a stored extra that is not JSON: a string, never broken JSON" stdout '
assert d[0]["extra"] == "{\"broken\": ", d[0]["extra"]
assert d[0]["flags"] == ["privacy", "legal"], d[0]["flags"]
'

# --- the formats by name -------------------------------------------------------
run xf-status -o JSON list
is "$rc" 2 "-o JSON: a usage error (format names are lower case)"
like "$(cat stderr)" "*want tsv, csv, json, jsonl, table or xlsx*" \
    "-o: the error names jsonl"
run xf-status -o jsonl show 1
jlines "show -o jsonl: one object a line" stdout 1
run xf-intake -n -o json --subject 'From flags' --complainant Bo < /dev/null
jcheck "intake in flags mode -o json" stdout '
assert len(d) == 1 and d[0]["subject"] == "From flags", d
'
run xf-classify -o json -n 1
jcheck "classify -n -o json" stdout 'assert len(d) == 1, d'
run xf-status -o csv list -s closed
is "$rc" 0 "list -o csv, nothing listed: exit 0 (json is not special)"
