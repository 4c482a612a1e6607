#!/bin/sh
# A mistyped verb is a usage error in every command (exit 2, with the
# verb meant when one is near), never an operand: "xf-classify exlpain 3"
# once classified complaint 3 and "xf-assign hanlder list 3" assigned it,
# into a history that cannot be undone.  Each typo must leave the store
# as it was: the same events, the same bytes.
. "$(dirname "$0")/lib.sh"
# The store has handlers: changes are made as automation, a name
# starting "xf-" (xf-status(1), ROLES).
XF_ACTOR=xf-test

plan 37

xf-assign handler add --team support --skills other ann > /dev/null
printf 'subject,body\none,first\ntwo,second\nthree,third\n' > f.csv
xf-intake -q f.csv | xf-status accept > /dev/null
events=$(db "select count(*) from event")
like "$events" "[1-9]*" "a store with events to count"

# typo WANT-STDERR cmd...: exit 2, that message alone, nothing written.
typo() {
	_want=$1
	shift
	cp "$XF_DB" before.db
	run "$@"
	is "$rc" 2 "$*: exit 2"
	is "$(cat stderr)" "$_want" "$*: the message"
	is "$(db "select count(*) from event")" "$events" "$*: no event written"
	check "$*: the store file is unchanged" cmp before.db "$XF_DB"
}

# --- xf-classify ------------------------------------------------------------
typo "xf-classify: unknown verb 'exlpain'; did you mean 'explain'?" \
    xf-classify exlpain 3
typo "xf-classify: unknown verb 'trian'; did you mean 'train'?" \
    xf-classify -d "$XF_DB" trian
typo "xf-classify: unknown verb 'frobnicate' (verbs: set, train, eval, explain, predict)" \
    xf-classify frobnicate 3

# --- xf-assign --------------------------------------------------------------
typo "xf-assign: unknown verb 'hanlder'; did you mean 'handler'?" \
    xf-assign hanlder list 3
typo "xf-assign: handler: unknown verb 'lsit'; did you mean 'list'?" \
    xf-assign handler lsit
typo "xf-assign: unknown verb 'hanlder'; did you mean 'handler'?" \
    xf-assign -S skill hanlder 3

# --- xf-status --------------------------------------------------------------
typo "xf-status: unknown verb 'strat'; did you mean 'start'?" \
    xf-status strat 1

# --- xf-intake: it has no verbs, so a bare word naming no file ---------------
typo "xf-intake: lsit: no such file (and xf-intake has no verbs)" \
    xf-intake f.csv lsit
fresh_db
run xf-intake lsit
is "$rc" 2 "xf-intake lsit with no store: exit 2"
check "xf-intake lsit with no store: none is created" test ! -e "$XF_DB"

# --- refs and files are still operands --------------------------------------
printf 'subject\nfour\n' > four
run xf-intake four
is "$rc.$(db "select subject from complaint")" "0.four" \
    "a file named by a bare word is still a file"
xf-status accept 1 > /dev/null
xf-assign handler add --team support ann > /dev/null
run xf-assign --to ann -m asked XF-2026-000001
is "$rc.$(db "select assignee from complaint where id = 1")" "0.ann" \
    "a ref is still a ref"
