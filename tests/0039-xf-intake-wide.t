#!/bin/sh
# xf-intake: a header of very many columns is mapped in time linear in
# its width, and one wider than the cap (4,096 columns) is refused with
# a message naming the file and the limit.  Each run gets a few seconds
# of CPU (ulimit -t), far more than the work needs: the mapping was
# cubic in repeated names (4,000 of them took half a minute), so it
# would be killed, while no machine is slow enough to fail it now.
. "$(dirname "$0")/lib.sh"

plan 6

# cpu SECONDS CMD...: CMD with at most SECONDS of CPU time.
cpu() {
	( ulimit -t "$1" && shift && exec "$@" )
}

# --- 4,000 columns of one name ---------------------------------------------
awk 'BEGIN { printf "subject"; for (i = 0; i < 4000; i++) printf ",x"
	printf "\nWide,"; for (i = 1; i < 4000; i++) printf ","
	print "last" }' > same.csv
run cpu 5 xf-intake same.csv
is "$rc.$(tail -1 stderr)" \
    "0.xf-intake: read 1, created 1, duplicate 0, rejected 0" \
    "4,000 columns of one name: mapped within the CPU limit"
is "$(db "select extra from complaint")" '{"x (4000)":"last"}' \
    "the 4,000th is \"x (4000)\""

# --- 100,000 columns --------------------------------------------------------
awk 'BEGIN { printf "subject,body"; for (i = 0; i < 99998; i++)
	printf ",c%d", i; print ""; print "s,b" }' > wide.csv
run cpu 5 xf-intake wide.csv
is "$rc" 1 "100,000 columns: exit 1"
is "$(cat stderr)" "xf-intake: wide.csv:1: the header has 100000 columns, the limit is 4096
xf-intake: read 0, created 0, duplicate 0, rejected 0" \
    "100,000 columns: refused, naming the file and the limit"
is "$(db "select count(*) from complaint where subject = 's'")" 0 \
    "100,000 columns: nothing stored"

# --- the limit itself ---------------------------------------------------
awk 'BEGIN { printf "subject"; for (i = 1; i < 4096; i++) printf ",c%d", i
	printf "\nAt the limit"; for (i = 1; i < 4096; i++) printf ","
	print "" }' > limit.csv
run xf-intake limit.csv
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 1, created 1, duplicate 0, rejected 0" \
    "4,096 columns: taken"
