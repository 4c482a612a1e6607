#!/bin/sh
# Install and uninstall (issue 12, point 12).  `make install PREFIX=P`
# after a plain `make` installs commands that read their data in P, not
# in the default DATADIR; commands run from the build tree read the
# tree's share/ without XF_SHARE; the installed scripts name the
# installed commands; `make uninstall` removes only what install put
# there.  The build is made in the test's own folders (O, B), so the
# tree's build is not touched.
. "$(dirname "$0")/lib.sh"

plan 23

# mk ARGS...: make in the source tree with this test's build folders and
# none of a calling make's settings.
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -C "$XF_ROOT" --no-print-directory O="$T/o" B="$T/b" "$@"
}

check "a plain make" mk all
check "make install PREFIX=p, after a plain make" mk install PREFIX="$T/p"
check "the commands are in p/bin" test -x "$T/p/bin/xf-status"
check "xf-notify and its page are installed" \
    test -x "$T/p/bin/xf-notify" -a -f "$T/p/share/man/man1/xf-notify.1"
check "the policy is in p/share/xf" test -f "$T/p/share/xf/policy.tsv"
check "the man pages are in p/share/man" \
    test -f "$T/p/share/man/man7/xf.7" -a -f "$T/p/share/man/man1/xf-status.1"

check "the templates are in p/share/xf/templates" \
    test -f "$T/p/share/xf/templates/accepted.zh" -a \
    -f "$T/p/share/xf/templates/resolved.en"
check "the canned answers are in p/share/xf/templates/canned" \
    test -f "$T/p/share/xf/templates/canned/refund-done.zh"
run sh -c "cd / && exec env -u XF_SHARE '$T/p/bin/xf-status' canned"
like "$(cat stdout)" "*refund-done	zh	*" \
    "the installed xf-status lists the installed canned answers"

# Break the installed policy: an installed command that reads it names
# it, wherever the current folder is and with XF_SHARE unset.
fresh_db
xf-intake --subject 断网 --body 家里断网了 > /dev/null 2>&1
echo 'P9	x	y	z' >> "$T/p/share/xf/policy.tsv"
mkdir elsewhere
run sh -c "cd elsewhere && exec env -u XF_SHARE '$T/p/bin/xf-status' overdue"
like "$(cat stderr)" "*$T/p/share/xf/policy.tsv*" \
    "the installed xf-status reads p/share/xf/policy.tsv"

# The build tree's commands read the tree's share/, from any folder.
run sh -c "cd elsewhere && exec env -u XF_SHARE '$XF_BIN/xf-status' overdue"
is "$(cat stderr)" "" "the tree's xf-status reads the tree's policy, without XF_SHARE"
is "$rc" 1 "... and finds nothing late (exit 1)"

# A copy outside any tree falls back to DATADIR: here p's.
cp "$T/b/xf-status" elsewhere/
run sh -c "cd elsewhere && exec env -u XF_SHARE ./xf-status overdue"
like "$(cat stderr)" "*$T/p/share/xf/policy.tsv*" \
    "a copy outside the tree reads the DATADIR it was built for"

# The installed scripts name the installed commands and data.
like "$(grep '^: "${XF_INTAKE' "$T/p/share/xf/xf-deliver")" \
    "*$T/p/bin/xf-intake*" "the installed xf-deliver runs p/bin/xf-intake"
like "$(grep '^PATH=' "$T/p/share/xf/cron/crontab.example")" \
    "PATH=$T/p/bin:*" "the installed crontab puts p/bin on PATH"
check "the installed xf-deliver is executable" test -x "$T/p/share/xf/xf-deliver"
like "$(grep -c "$T/p/share/xf" "$T/p/share/man/man7/xf.7")" "[1-9]*" \
    "the installed xf(7) names p/share/xf"

# Uninstall removes what install put there, and nothing else.
echo mine > "$T/p/share/xf/notes.txt"
check "make uninstall PREFIX=p" mk uninstall PREFIX="$T/p"
is "$(cd "$T/p" && find . -type f | sort)" "./share/xf/notes.txt" \
    "uninstall left only the file it did not install"
check "... and the folder that holds it" test -d "$T/p/share/xf"
rm "$T/p/share/xf/notes.txt"
check "make install DATADIR=d" mk install PREFIX="$T/p" DATADIR="$T/d"
check "make uninstall DATADIR=d" mk uninstall PREFIX="$T/p" DATADIR="$T/d"
is "$(find "$T/p" "$T/d" -type f 2>/dev/null | wc -l | tr -d ' ')" 0 \
    "install then uninstall leaves no file"
