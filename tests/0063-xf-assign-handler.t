#!/bin/sh
# xf-assign handler: add, set, enable, disable, list and import; every bad
# input refused with what would be allowed; each change one 'handler'
# event that describes the handler before and after.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 99

HL='login	name	email	team	role	skills	capacity	load	active'
OPEN='ref	status	assignee	team	category	due'

# hev: the newest handler event, NULLs as '-'.
hev() {
	db "select coalesce(field, '-'), coalesce(old, '-'), coalesce(new, '-'),
	    coalesce(reason, '-'), actor from event where kind = 'handler'
	    order by id desc limit 1"
}

nev() {
	db "select count(*) from event"
}

nh() {
	db "select count(*) from handler"
}

# --- add ------------------------------------------------------------------------
run xf-assign handler add --team support --name '王芳' \
    --email wang@example.cn --skills 'Billing, privacy,billing,,VIP' \
    --capacity 5 --role lead wang
is "$rc" 0 "add: exit 0"
printf '%s\nwang\t王芳\twang@example.cn\tsupport\tlead\tbilling,privacy,vip\t5\t0\t1\n' \
    "$HL" > want
same_file want stdout "add: prints the handler; skills lower-cased, sorted, once"
is "$(cat stderr)" "" "add: nothing on stderr"
test -f "$XF_DB"
ok $? "add: creates the store when there is none"
is "$(db "select login, team, role, skills, capacity, active, turn,
    created_at, updated_at from handler")" \
    "wang|support|lead|billing,privacy,vip|5|1|0|1780272000|1780272000" \
    "add: stored"
is "$(hev)" "wang|-|team=support role=lead capacity=5 skills=billing,privacy,vip active=1 email=wang@example.cn name=王芳|-|xf-test" \
    "add: a handler event, field the login, new describes it"
is "$(db "select count(*) from event where kind = 'handler'
    and complaint_id is null")" 1 "add: the event belongs to no complaint"

run xf-assign handler add li --team support
is "$rc.$(sed -n 2p stdout)" "0.li			support	agent		20	0	1" \
    "add: role agent, capacity 20, no skills, active; options after the login"
check "add: capacity 0 is allowed" xf-assign handler add --capacity 0 \
    --team support zero
check "add: . _ - and digits in a login" xf-assign handler add \
    --team tech-2 a.b_c-9

# --- bad adds: nothing stored --------------------------------------------------------
n=$(nev)
h=$(nh)
run xf-assign handler add --team support li
is "$rc" 1 "duplicate login: exit 1"
is "$(cat stdout).$(cat stderr)" \
    ".xf-assign: handler li exists already (handler set changes it)" \
    "duplicate login: named, nothing printed"
LOGIN_RULE="a login is 1 to 64 of a-z, 0-9, '.', '_' and '-'"
exit_is 2 "bad login: capitals" xf-assign handler add --team support Li
is "$(cat stderr)" "xf-assign: login 'Li': $LOGIN_RULE" \
    "bad login: says what a login may be"
exit_is 2 "bad login: a space" xf-assign handler add --team support 'l i'
exit_is 2 "bad login: Chinese" xf-assign handler add --team support '李'
exit_is 2 "bad login: empty" xf-assign handler add --team support ''
long=$(printf '%065d' 0 | tr 0 a)
exit_is 2 "bad login: 65 characters" xf-assign handler add --team support "$long"
check "a login of 64 characters is fine" xf-assign handler add \
    --team support "${long#a}"
h=$((h + 1))
n=$((n + 1))
exit_is 2 "missing --team" xf-assign handler add zhao
is "$(cat stderr)" "xf-assign: handler add zhao: --team is required" \
    "missing --team: says so"
exit_is 2 "bad team" xf-assign handler add --team 'Sup port' zhao
is "$(cat stderr)" "xf-assign: --team 'Sup port': a team is 1 to 64 of a-z, 0-9, '.', '_' and '-'" \
    "bad team: says what a team may be"
exit_is 2 "bad role" xf-assign handler add --team support --role boss zhao
is "$(cat stderr)" "xf-assign: --role boss: want agent, lead, legal or admin" \
    "bad role: lists the roles"
for cap in -1 abc '' 1.5 ' 3' 1000001 99999999999; do
	exit_is 2 "bad capacity '$cap'" xf-assign handler add --team support \
	    --capacity "$cap" zhao
done
is "$(cat stderr)" "xf-assign: --capacity 99999999999: want a number from 0 to 1000000" \
    "bad capacity: says what is allowed"
exit_is 2 "bad skill: a space inside" xf-assign handler add --team support \
    --skills 'bill ing' zhao
exit_is 2 "two logins" xf-assign handler add --team support zhao qian
exit_is 2 "no login" xf-assign handler add --team support
exit_is 2 "unknown option" xf-assign handler add --team support --shift night zhao
exit_is 2 "unknown verb" xf-assign handler fire zhao
is "$(nev).$(nh)" "$n.$h" "bad adds: nothing stored, no event"

# --- set ---------------------------------------------------------------------------
run xf-assign handler set --capacity 8 --skills legal -m 'more work' li
is "$rc.$(sed -n 2p stdout)" "0.li			support	agent	legal	8	0	1" \
    "set: changes what is given, prints the handler"
is "$(hev)" "li|team=support role=agent capacity=20 skills= active=1|team=support role=agent capacity=8 skills=legal active=1|more work|xf-test" \
    "set: one event, old and new described, the reason"
XF_NOW=2026-06-02T00:00:00Z xf-assign handler set --name 'Li Ming' \
    --role legal --team legal li > /dev/null
is "$(db "select name, role, team, updated_at, created_at from handler
    where login = 'li'")" "Li Ming|legal|legal|1780358400|1780272000" \
    "set: name, role, team; updated_at moves"
n=$(nev)
run xf-assign handler set --capacity 8 li
is "$rc.$(nev)" "0.$n" "set to what it is: no event"
run xf-assign handler set --name '' li
is "$(db "select coalesce(name, 'NULL') from handler where login = 'li'")" \
    NULL "set: an empty --name clears it"
n=$(nev)
exit_is 2 "set: nothing to set" xf-assign handler set li
exit_is 2 "set: bad role" xf-assign handler set --role chief li
run xf-assign handler set --capacity 3 nobody
is "$rc.$(cat stderr)" "1.xf-assign: nobody: no such handler" \
    "set: an unknown handler, exit 1"
is "$(nev)" "$n" "failed sets: no event"

# --- load, list and its formats ------------------------------------------------------
cat > f.csv <<'EOF2'
subject,body,received_at
one,first,2026-05-01
two,second,2026-05-02
three,third,2026-05-03
EOF2
check "import three complaints" xf-intake -q f.csv
check "give them to wang" xf-assign --to wang -m 'for the test' 1 2 3
xf-status accept 3 > /dev/null
xf-status start 3 > /dev/null
xf-status resolve -m done 3 > /dev/null
is "$(db "select load from (select h.login, (select count(*) from complaint
    c where c.assignee = h.login) load from handler h) where login = 'wang'")" \
    3 "wang owns three complaints"
run xf-assign handler list
cat > want <<EOF2
$HL
a.b_c-9			tech-2	agent		20	0	1
${long#a}			support	agent		20	0	1
li			legal	legal	legal	8	0	1
wang	王芳	wang@example.cn	support	lead	billing,privacy,vip	5	2	1
zero			support	agent		0	0	1
EOF2
is "$rc" 0 "list: exit 0"
same_file want stdout "list: every handler by login; load counts open ones only"
run xf-assign handler list -t legal
is "$(cat stdout)" "$HL
li			legal	legal	legal	8	0	1" "list -t: one team"
run xf-assign -o csv handler list -t support
is "$(sed -n 3p stdout | tr -d '\r')" "wang,王芳,wang@example.cn,support,lead,\"billing,privacy,vip\",5,2,1" \
    "list -o csv before the verb"
run xf-assign handler list -t legal -o jsonl
is "$(cat stdout)" '{"login":"li","name":null,"email":null,"team":"legal","role":"legal","skills":["legal"],"capacity":8,"load":0,"active":1}' \
    "list -o jsonl"
run xf-assign handler list -o table -t legal
is "$(cat stdout)" "login  name  email  team   role   skills  capacity  load  active
li                  legal  legal  legal   8         0     1" "list -o table"
exit_is 2 "list: a bad -o" xf-assign handler list -o xml
exit_is 2 "list: an operand" xf-assign handler list wang

# --- disable and enable -----------------------------------------------------------------
run xf-assign handler disable -m 'on leave' wang
is "$rc" 0 "disable: exit 0"
cat > want <<EOF2
$OPEN
XF-2026-000001	new	wang	support		2026-06-30T00:00:00+00:00
XF-2026-000002	new	wang	support		2026-07-01T00:00:00+00:00
EOF2
same_file want stdout "disable: lists the open complaints they own"
is "$(db "select active from handler where login = 'wang'")" 0 \
    "disable: stored inactive"
is "$(hev)" "wang|team=support role=lead capacity=5 skills=billing,privacy,vip active=1 email=wang@example.cn name=王芳|team=support role=lead capacity=5 skills=billing,privacy,vip active=0 email=wang@example.cn name=王芳|on leave|xf-test" \
    "disable: event from active=1 to active=0 with the reason"
n=$(nev)
run xf-assign handler disable wang
is "$rc.$(nev).$(sed -n 1p stdout)" "0.$n.$OPEN" \
    "disable again: no event, still lists"
run xf-assign -o jsonl handler disable wang
is "$(sed -n 1p stdout)" '{"ref":"XF-2026-000001","status":"new","assignee":"wang","team":"support","category":null,"due":"2026-06-30T00:00:00+00:00"}' \
    "disable -o jsonl"
run xf-assign handler disable zero
is "$rc.$(cat stdout)" "0." "disable: no open complaints, nothing printed"
run xf-assign handler enable wang
is "$rc.$(sed -n 2p stdout)" "0.wang	王芳	wang@example.cn	support	lead	billing,privacy,vip	5	2	1" \
    "enable: active again, printed"
run xf-assign handler disable ghost
is "$rc.$(cat stdout).$(cat stderr)" "1..xf-assign: ghost: no such handler" \
    "disable: an unknown handler, exit 1"
exit_is 2 "enable: --capacity is not for enable" xf-assign handler enable \
    --capacity 3 wang

# --- import ----------------------------------------------------------------------------
printf '# the team of May\nlogin\tname\tteam\tskills\tcapacity\tactive\trole\temail\nann\tAnn Lee\tsupport\tBilling\t10\t1\tagent\tann@example.com\n\nbo\t\tbilling\t\t3\tno\tlead\t\nli\tLi Ming\tlegal\t\t\t\t\t\n' > h.tsv
n=$(nev)
run xf-assign handler import h.tsv
is "$rc.$(cat stdout)" "0." "import: exit 0, nothing on stdout"
is "$(cat stderr)" "xf-assign: h.tsv: added 2, changed 1, unchanged 0" \
    "import: the counts on stderr"
is "$(db "select login, coalesce(name, '-'), team, skills, capacity, active,
    role, coalesce(email, '-') from handler where login in ('ann', 'bo', 'li')
    order by login")" "ann|Ann Lee|support|billing|10|1|agent|ann@example.com
bo|-|billing||3|0|lead|-
li|Li Ming|legal|legal|8|1|legal|-" \
    "import: added with defaults; an empty cell keeps what li had"
is "$(nev)" $((n + 3)) "import: one event a handler changed"
run xf-assign handler import h.tsv
is "$rc.$(cat stderr).$(nev)" \
    "0.xf-assign: h.tsv: added 0, changed 0, unchanged 3.$((n + 3))" \
    "import again: a no-op"
xf-assign handler list > all.tsv
run xf-assign handler import - < all.tsv
is "$rc.$(cat stderr)" "0.xf-assign: stdin: added 0, changed 0, unchanged $(nh)" \
    "handler list output imports back unchanged, from stdin"
printf 'LOGIN\tTeam\tCapacity\nann\tsupport\t12\n' | xf-assign handler import 2> err
is "$(cat err).$(db "select capacity from handler where login = 'ann'")" \
    "xf-assign: stdin: added 0, changed 1, unchanged 0.12" \
    "import: header case ignored, no operand is stdin"

# badimport NAME LINE MESSAGE CONTENT: refused whole, nothing imported.
badimport() {
	printf "$4" > bad.tsv
	_bn=$(nev)
	_bh=$(db "select group_concat(login || team || capacity || active) from handler")
	run xf-assign handler import bad.tsv
	is "$rc.$(cat stderr)" "1.xf-assign: bad.tsv:$2: $3 (nothing imported)" \
	    "import, $1: exit 1, file and line named"
	is "$(nev).$(db "select group_concat(login || team || capacity || active) from handler")" \
	    "$_bn.$_bh" "import, $1: nothing imported"
}
badimport "bad login" 3 "bad login 'Bad': $LOGIN_RULE" \
    'login\tteam\nnew1\tsupport\nBad\tsupport\n'
badimport "no team" 2 "bad team '': a team is 1 to 64 of a-z, 0-9, '.', '_' and '-'" \
    'login\tteam\tcapacity\nnew1\t\t4\n'
badimport "bad role" 2 "bad role 'boss': want agent, lead, legal or admin" \
    'login\tteam\trole\nnew1\tsupport\tboss\n'
badimport "bad capacity" 3 "bad capacity '-2': want 0 to 1000000" \
    'login\tteam\tcapacity\nnew1\tsupport\t4\nnew2\tsupport\t-2\n'
badimport "bad active" 2 "bad active 'maybe': want 1 or 0" \
    'login\tteam\tactive\nnew1\tsupport\tmaybe\n'
badimport "bad skill" 2 "bad skill 'a b': a skill is a category or flag name of at most 64 bytes, without spaces" \
    'login\tteam\tskills\nnew1\tsupport\ta b,c\n'
badimport "login twice" 4 "login new1 is on line 2 already" \
    'login\tteam\nnew1\tsupport\nnew2\tsupport\nnew1\tbilling\n'
badimport "unknown column" 1 "unknown column 'shift' (columns are login, name, email, team, role, skills, capacity, active)" \
    'login\tteam\tshift\nnew1\tsupport\tnight\n'
badimport "no team column" 1 "the header must name the columns login and team" \
    'login\tname\nnew1\tNew\n'
badimport "too many fields" 2 "3 fields, the header names 2" \
    'login\tteam\nnew1\tsupport\textra\n'
printf '# nothing\n' > empty.tsv
run xf-assign handler import empty.tsv
is "$rc.$(cat stderr)" "1.xf-assign: empty.tsv: no header row (login, team, ...) (nothing imported)" \
    "import: no header, exit 1"
run xf-assign handler import missing.tsv
is "$rc" 1 "import: a missing file, exit 1"

# --- the chain --------------------------------------------------------------------------
like "$(xf-status verify)" "* events, chain intact, head *" \
    "handler events keep the chain intact"
