#!/bin/sh
# The README is a test (issue 12): scripts/readme-run runs every ```sh
# block of the README's tour in order, in a scratch folder, and puts what
# each printed in place of the ```output block after it; the README must
# come out unchanged.  Only what differs from run to run is masked: the
# CPU time of training, and the head of the chain (events name files by
# their paths in the scratch folder).  To bring the README up to date
# after a change that alters what the commands print: scripts/readme-run
# -w, then read the diff and fix the prose around it.
. "$(dirname "$0")/lib.sh"

plan 6

readme=$XF_ROOT/README.md
run_readme="$XF_ROOT/scripts/readme-run"

# mask FILE: the figures that vary from run to run.
mask() {
	sed -e 's/head [0-9a-f]\{64\}/head H/' \
	    -e 's/in [0-9.]* s of CPU time ([0-9]* a second)/in N s of CPU time (N a second)/' "$1"
}

blocks=$(grep -c '^```sh$' "$readme")
outputs=$(grep -c '^```output$' "$readme")
check "the README's tour has sh blocks ($blocks) and output blocks ($outputs)" \
    test "$blocks" -ge 20 -a "$outputs" -ge 20

exit_is 0 "readme-run runs the tour" sh "$run_readme"
mask stdout > got
mask "$readme" > want
same_file want got "the README shows what its commands print"
if grep -n ': not found$' stdout > unknown; then
	fail "every command of the tour is one the shell finds"
	diag_file unknown
else
	pass "every command of the tour is one the shell finds"
fi

# The comparison can fail: a README whose output block says something
# else comes out with the real output in its place.
awk '/^```output$/ && !done { print; print "something the commands never print"; done = 1; next } { print }' \
    "$readme" > drifted.md
exit_is 0 "readme-run on a drifted copy" sh "$run_readme" drifted.md
if grep -q 'something the commands never print' stdout; then
	fail "a drifted line is replaced by the real output"
else
	pass "a drifted line is replaced by the real output"
fi
