#!/bin/sh
# --help and --version in every command (issue 12): --help prints the
# usage text to standard output and exits 0, the same text a usage error
# prints to standard error with exit 2; --version prints one line,
# "xf-<cmd> (xf) VERSION", VERSION as the Makefile sets it.  Neither
# reads nor creates a store: XF_DB names a file that must stay missing.
. "$(dirname "$0")/lib.sh"

plan 112

version=$(sed -n 's/^VERSION[[:space:]]*=[[:space:]]*//p' "$XF_ROOT/Makefile")
like "$version" "[0-9]*.[0-9]*.[0-9]*" "the Makefile sets VERSION"

fresh_db

# no_store NAME: the store XF_DB names was not created.
no_store() {
	check "$1: no store created" test ! -e "$XF_DB"
}

for cmd in xf-intake xf-classify xf-assign xf-status xf-notify; do
	# A bad option: exit 2, getopt's line, then the usage on stderr.
	exit_is 2 "$cmd -Z: exit 2" "$cmd" -Z
	is "$(cat stdout)" "" "$cmd -Z: nothing on stdout"
	sed 1d stderr > usage-error
	like "$(head -n 1 usage-error)" "usage: $cmd *" \
	    "$cmd -Z: the usage on stderr"
	no_store "$cmd -Z"

	exit_is 0 "$cmd --help: exit 0" "$cmd" --help
	like "$(head -n 1 stdout)" "usage: $cmd *" \
	    "$cmd --help: the usage on stdout"
	same_file usage-error stdout \
	    "$cmd --help: the text a usage error prints"
	is "$(cat stderr)" "" "$cmd --help: nothing on stderr"
	no_store "$cmd --help"

	exit_is 0 "$cmd --version: exit 0" "$cmd" --version
	is "$(cat stdout)" "$cmd (xf) $version" "$cmd --version: one line"
	is "$(cat stderr)" "" "$cmd --version: nothing on stderr"
	no_store "$cmd --version"
done

# --- before a verb, after other options -------------------------------------
# help_ok NAME cmd...: exit 0 with the usage on stdout, no store.
help_ok() {
	_name=$1
	shift
	exit_is 0 "$_name" "$@"
	like "$(head -n 1 stdout)" "usage: $1 *" "$_name: the usage"
}
help_ok "xf-status --help list" xf-status --help list
help_ok "xf-status -d store --help" xf-status -d "$XF_DB" --help
help_ok "xf-classify --help eval" xf-classify --help eval
help_ok "xf-assign --help handler list" xf-assign --help handler list
exit_is 0 "xf-assign -d store --version" xf-assign -d "$XF_DB" --version
is "$(cat stdout)" "xf-assign (xf) $version" \
    "xf-assign -d store --version: one line"
no_store "--help and --version among options"

# Neither depends on the environment a run needs (issue 12, point 5):
# a bad XF_ACTOR, XF_NOW, XF_TZ or XF_DATE_ORDER is a configuration
# error only for a run.
for cmd in xf-intake xf-classify xf-assign xf-status xf-notify; do
	XF_ACTOR=$(printf 'bad\377') exit_is 0 \
	    "$cmd --help with a bad XF_ACTOR: exit 0" "$cmd" --help
	like "$(head -n 1 stdout)" "usage: $cmd *" \
	    "$cmd --help with a bad XF_ACTOR: the usage"
	XF_NOW=never exit_is 0 "$cmd --version with a bad XF_NOW: exit 0" \
	    "$cmd" --version
	is "$(cat stdout)" "$cmd (xf) $version" \
	    "$cmd --version with a bad XF_NOW: one line"
	XF_TZ=Nowhere/Atlantis XF_DATE_ORDER=ymd exit_is 0 \
	    "$cmd --help with a bad XF_TZ and XF_DATE_ORDER: exit 0" \
	    "$cmd" --help
done
no_store "--help and --version with a bad environment"
XF_ACTOR=$(printf 'bad\377') exit_is 2 "a run with a bad XF_ACTOR: exit 2" \
    xf-assign handler list
like "$(cat stderr)" "*XF_ACTOR*UTF-8*" "a run with a bad XF_ACTOR: says so"
XF_NOW=never exit_is 2 "a run with a bad XF_NOW: exit 2" xf-classify -a
like "$(cat stderr)" "*XF_NOW*" "a run with a bad XF_NOW: says so"
XF_TZ=Nowhere/Atlantis exit_is 2 "a run with a bad XF_TZ: exit 2" \
    xf-status list
like "$(cat stderr)" "*XF_TZ*" "a run with a bad XF_TZ: says so"

# After the verb the words are the verb's: a usage error, as before.
exit_is 2 "xf-status list --help: a usage error" xf-status list --help
no_store "xf-status list --help"

# The usage on a full disk is a failure, not a silent success.
if [ -w /dev/full ]; then
	run sh -c 'xf-status --help > /dev/full'
	is "$rc" 1 "xf-status --help > /dev/full: exit 1"
else
	skip "no /dev/full"
fi
