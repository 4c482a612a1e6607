#!/bin/sh
# The library's files call one another in layers, never in a circle
# (issue 11): scripts/lib-layers reads libxf.a's symbol table and names
# every set of files that depend on one another round a loop, and every
# call from a file to one of a higher layer than its own (lib/layers).
. "$(dirname "$0")/lib.sh"

# The objects sit beside the binaries: bin/ and build/, bin-san/ and
# build-san/ (the Makefile's B and O).
lib=$(dirname "$XF_BIN")/$(basename "$XF_BIN" | sed 's/^bin/build/')/libxf.a
if ! [ -r "$lib" ] || ! command -v nm > /dev/null; then
	echo "1..0 # skip no $lib or no nm"
	exit 0
fi

plan 10

layers=$XF_ROOT/scripts/lib-layers

# circles OUT: the circles lib-layers printed, each one's files sorted.
circles() {
	grep -v -e '^ ' -e '^up ' -e '^table: ' "$1" | while read -r line; do
		printf '%s\n' $line | sort | tr '\n' ' ' | sed 's/ $//'
		echo
	done | sort
}

# --- the script finds a circle when there is one --------------------------
if command -v "${CC:-cc}" > /dev/null; then
	mkdir fake
	printf 'int b(void);\nint a(void) { return b(); }\n' > fake/a.c
	printf 'int a(void);\nint b(void) { return a(); }\n' > fake/b.c
	printf 'int a(void);\nint c(void) { return a(); }\n' > fake/c.c
	(cd fake && "${CC:-cc}" -c a.c b.c c.c && ar rcs libfake.a a.o b.o c.o)
	run sh "$layers" fake/libfake.a
	is "$rc.$(circles stdout)" "1.a b" \
	    "a fake library: the circle a <-> b, exit 1; c only uses a"
else
	skip "no C compiler for the fake library"
fi

# --- and a call up the layers ---------------------------------------------
if command -v "${CC:-cc}" > /dev/null; then
	mkdir up
	printf 'int hi(void);\nint lo(void) { return hi(); }\n' > up/lo.c
	printf 'int lo(void);\nint mid(void) { return lo(); }\n' > up/mid.c
	printf 'int hi(void) { return 1; }\n' > up/hi.c
	(cd up && "${CC:-cc}" -c lo.c mid.c hi.c &&
	    ar rcs libup.a lo.o mid.o hi.o)
	printf '# lowest first\nlow\tlo\nmid\tmid\nhigh\thi\n' > up/layers
	run sh "$layers" -l up/layers up/libup.a
	is "$rc.$(cat stdout)" "1.up lo (low) -> hi (high): hi" \
	    "a fake library: lo calls hi, a layer above it; mid may call lo"
	printf 'allow lo hi # why\n' >> up/layers
	run sh "$layers" -l up/layers up/libup.a
	is "$rc.$(cat stdout)" "0." "an allowed call up is no error"
	printf 'high\tgone\n' >> up/layers
	run sh "$layers" -l up/layers up/libup.a
	is "$rc.$(cat stdout)" "1.table: gone is no member of the library" \
	    "a table naming a file the library lacks is stale"
else
	for _i in 1 2 3; do
		skip "no C compiler for the fake library"
	done
fi

# --- libxf.a ----------------------------------------------------------------
run sh "$layers" "$lib"
like "$rc" "[01]" "lib-layers reads $lib"
cp stdout found
sh "$layers" -e "$lib" > edges
is "$(grep -c '^register -> mailreg$' edges)" 0 \
    "register.c uses nothing of mailreg.c (e-mail keeps its own state)"
is "$(grep -c '^utf8 -> err$' edges)" 0 \
    "utf8.c reports no errors: err.c may use it"
if [ -n "$(circles found)" ]; then
	diag_file found
fi
# A migration step takes the database handle, not the store, so
# store.c may run rekey.c without rekey.c calling back into it.
is "$(circles found)" "" "no circle between lib files"

# The layer of every file is in lib/layers; lib/xf.h is ordered by it.
run sh "$layers" -l "$XF_ROOT/lib/layers" "$lib"
if [ -s stdout ]; then
	diag_file stdout
fi
is "$rc.$(grep -c . stdout)" "0.0" \
    "every lib file has a layer and calls none above its own"

# What lib/ files share among themselves is no command's to use.
is "$(cd "$XF_ROOT" && grep -l 'include.*xf-private\.h' cmd/* tests/unit/* \
    bench/*.c 2>/dev/null)" "" "only lib/ includes lib/xf-private.h"
