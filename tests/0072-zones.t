#!/bin/sh
# One zone for every command and every time it reads or prints (issue 12,
# point 1; xf(7), Times): $XF_TZ, else $TZ, else UTC.  A zone name the
# zone database does not have is a configuration error (exit 2), in
# every command: the loop runs every xf-* built, so a command added
# without cmd_start fails here.  xf-intake used to read in TZ only, which
# put 张伟's 09:15 Beijing complaint at 17:15+08:00 in the demo.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

cmds=$(cd "$XF_BIN" && ls xf-*)
plan $((6 * $(echo "$cmds" | wc -l) + 17))
XF_NOW=2026-11-06T10:00:00+08:00

# --- a bad zone: exit 2 before anything else, in every command ----------------
# -Z is an option no command has: the zone is checked before the options
# are read, so the zone's message is the only line (--help and --version
# answer whatever the environment holds, tests/0071).
for cmd in $cmds; do
	exit_is 2 "$cmd: XF_TZ=Nowhere/Atlantis: exit 2" \
	    env XF_TZ=Nowhere/Atlantis "$cmd" -Z
	is "$(cat stderr)" "$cmd: XF_TZ=Nowhere/Atlantis: unknown time zone; write an IANA name such as Asia/Shanghai or UTC" \
	    "$cmd: the message names the variable and says what to write"
	exit_is 2 "$cmd: TZ=Asia/Shangai (no XF_TZ): exit 2" \
	    env TZ=Asia/Shangai "$cmd" -Z
	like "$(cat stderr)" "$cmd: TZ=Asia/Shangai: unknown time zone;*" \
	    "$cmd: a bad TZ is named as TZ"
	run env XF_TZ=GMT+8 "$cmd" -Z
	like "$rc $(cat stderr)" "2 $cmd: XF_TZ=GMT+8: *" \
	    "$cmd: XF_TZ=GMT+8: exit 2 (POSIX reads it as UTC-8)"
	run env XF_DATE_ORDER=ymd "$cmd" -Z
	like "$rc $(cat stderr)" "2 $cmd: XF_DATE_ORDER=ymd: *" \
	    "$cmd: XF_DATE_ORDER=ymd: exit 2"
done
like "$(cat stderr)" "*XF_DATE_ORDER=ymd: want dmy*or mdy*" \
    "XF_DATE_ORDER: the message says what it takes"

# --- xf-intake reads zone-less times in XF_TZ, over TZ ------------------------
# The demo's first Chinese row: 09:15 in Beijing is 01:15 UTC.
head -2 "$XF_ROOT/share/sample/complaints-zh.csv" > zh.csv
run env TZ=UTC XF_TZ=Asia/Shanghai xf-intake zh.csv
is "$rc.$(tail -1 stdout | cut -f2)" "0.2026-11-02T09:15:00+08:00" \
    "xf-intake: XF_TZ=Asia/Shanghai over TZ=UTC: 09:15 read and printed in Beijing"
is "$(db "select datetime(received_at, 'unixepoch') from complaint")" \
    "2026-11-02 01:15:00" "... stored as 01:15 UTC"
check "a good XF_TZ over a bad TZ: fine" \
    env TZ=Nowhere/Atlantis XF_TZ=Asia/Shanghai xf-status list
check "TZ with a leading colon, as glibc takes it" \
    env TZ=:Asia/Shanghai xf-status list
check "a POSIX rule with its offset written out (CST-8)" \
    env XF_TZ=CST-8 xf-status list
check "TZ=:/path/of/a/zone/file, as some systems set it" \
    env TZ=:/usr/share/zoneinfo/Asia/Shanghai xf-status list

# --- every command prints in XF_TZ, else TZ, else UTC -------------------------
run env TZ=America/New_York XF_TZ=Asia/Shanghai xf-status list
is "$(tail -1 stdout | cut -f2)" "2026-11-02T09:15:00+08:00" \
    "xf-status list: XF_TZ over TZ"
run env TZ=America/New_York xf-status list
is "$(tail -1 stdout | cut -f2)" "2026-11-01T20:15:00-05:00" \
    "xf-status list: TZ when there is no XF_TZ"
run env -u TZ -u XF_TZ xf-status list
is "$(tail -1 stdout | cut -f2)" "2026-11-02T01:15:00+00:00" \
    "xf-status list: UTC when neither is set, whatever /etc/localtime says"
run env -u TZ XF_TZ= xf-status list
is "$(tail -1 stdout | cut -f2)" "2026-11-02T01:15:00+00:00" \
    "an empty XF_TZ is unset"

# Filters read their times in the same zone.
is "$(env TZ=UTC XF_TZ=Asia/Shanghai xf-status list --since '2026-11-02 09:15' |
    tail -n +2 | wc -l | tr -d ' ')" 1 \
    "xf-status --since: a zone-less time in XF_TZ (09:15 Beijing: included)"
is "$(env TZ=UTC XF_TZ=Asia/Shanghai xf-status list --since '2026-11-02 09:16' |
    tail -n +2 | wc -l | tr -d ' ')" 0 \
    "... 09:16 Beijing: excluded"

# xf-assign prints its deadlines in XF_TZ; XF_NOW zone-less is in it too.
xf-assign handler import "$XF_ROOT/share/sample/handlers.tsv" > /dev/null 2>&1
run env TZ=UTC XF_TZ=Asia/Shanghai XF_NOW='2026-11-07 10:00' xf-assign \
    XF-2026-000001
is "$rc" 0 "xf-assign: exit 0"
like "$(tail -1 stdout | cut -f4,5)" "2026-*T*+08:00	202*T*+08:00" \
    "xf-assign: deadlines printed in XF_TZ"
is "$(db "select datetime(at, 'unixepoch') from event order by id desc limit 1")" \
    "2026-11-07 02:00:00" \
    "xf-assign: XF_NOW=10:00 read in XF_TZ (02:00 UTC)"

# xf-classify records its decision at XF_NOW, read in XF_TZ.
run env TZ=UTC XF_TZ=Asia/Shanghai XF_NOW='2026-11-07 11:00' xf-classify \
    XF-2026-000001
is "$rc.$(db "select datetime(at, 'unixepoch') from event order by id desc limit 1")" \
    "0.2026-11-07 03:00:00" \
    "xf-classify: XF_NOW=11:00 read in XF_TZ (03:00 UTC)"
