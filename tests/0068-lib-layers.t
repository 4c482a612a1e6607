#!/bin/sh
# The library's files call one another in layers, never in a circle
# (issue 11): scripts/lib-layers reads libxf.a's symbol table and names
# every set of files that depend on one another round a loop.
. "$(dirname "$0")/lib.sh"

# The objects sit beside the binaries: bin/ and build/, bin-san/ and
# build-san/ (the Makefile's B and O).
lib=$(dirname "$XF_BIN")/$(basename "$XF_BIN" | sed 's/^bin/build/')/libxf.a
if ! [ -r "$lib" ] || ! command -v nm > /dev/null; then
	echo "1..0 # skip no $lib or no nm"
	exit 0
fi

plan 5

layers=$XF_ROOT/scripts/lib-layers

# circles OUT: the circles lib-layers printed, each one's files sorted.
circles() {
	grep -v '^ ' "$1" | while read -r line; do
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
