#!/bin/sh
# The layering of xf(7): commands reach the store only through lib/, so
# every statement that changes it (INSERT, UPDATE, DELETE, REPLACE, and
# schema or settings changes) is written in lib/, next to the rule it
# serves; and lib/ never prints and never exits, so each command alone
# says what is shown and how it ends.  Checked on the source: the string
# literals, and the code with comments and literals taken out, so that a
# comment or a message may name anything it likes.
. "$(dirname "$0")/lib.sh"

plan 7

SRC=$XF_ROOT

# c_split MODE FILE...: "file:line: text" for each string literal (MODE
# strings), or for each line of code with its comments left out and its
# literals emptied (MODE code).  Enough C for this house's sources: block
# and line comments, string and character literals with escapes.
c_split() {
	_mode=$1
	shift
	awk -v mode="$_mode" '
	FNR == 1 { incom = 0 }
	{
		line = $0; n = length(line); out = ""; i = 1
		while (i <= n) {
			if (incom) {
				if (substr(line, i, 2) == "*/") {
					incom = 0
					i += 2
				} else
					i++
				continue
			}
			c = substr(line, i, 1)
			two = substr(line, i, 2)
			if (two == "/*") {
				incom = 1
				out = out " "
				i += 2
				continue
			}
			if (two == "//")
				break
			if (c != "\"" && c != "\047") {
				out = out c
				i++
				continue
			}
			s = ""
			for (j = i + 1; j <= n && substr(line, j, 1) != c; j++) {
				if (substr(line, j, 1) == "\\")
					s = s substr(line, j++, 1)
				s = s substr(line, j, 1)
			}
			if (mode == "strings" && c == "\"")
				print FILENAME ":" FNR ": " s
			out = out c c
			i = j + 1
		}
		if (mode == "code")
			print FILENAME ":" FNR ": " out
	}' "$@"
}

# SQL that changes the store, as this house writes it (upper case).
WRITES='(^|[^A-Za-z0-9_])(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|VACUUM|REINDEX)([^A-Za-z0-9_]|$)'
# What only a command may do: print to the standard streams, or end.
ENDS='printf vprintf puts putchar perror exit _exit _Exit quick_exit abort err errx verr verrx warn warnx vwarn vwarnx'

# sql_writes FILE...: the literals of FILEs holding writing SQL.
sql_writes() {
	c_split strings "$@" | grep -E "$WRITES"
}

# lib_ends FILE...: calls in FILEs that print or end the process.  A
# file's own function of the same name (mail.c's static warn, which
# collects a message's warnings) is not the libc one: in this house a
# definition starts its line with the name.
lib_ends() {
	for _f in "$@"; do
		_own=$(grep -o '^[A-Za-z_][A-Za-z0-9_]*(' "$_f" | tr -d '(')
		_names=
		for _w in $ENDS; do
			case " $(echo $_own) " in
			*" $_w "*) ;;
			*) _names=$_names${_names:+|}$_w ;;
			esac
		done
		c_split code "$_f" | grep -E \
		    "(^|[^A-Za-z0-9_.>])($_names)[[:space:]]*\(|(^|[^A-Za-z0-9_])(stdout|stderr)([^A-Za-z0-9_]|$)"
	done
}

# --- the checks check what they should ----------------------------------------
cat > cmd.c <<'EOF'
/* an UPDATE complaint in a comment is fine */
static const char *q = "UPDATE complaint SET x = 1"; // DELETE in a comment
static const char qc = '"', *m = "say \"INSERT\" here", *d = "Deleted";
static const char *t = "REPLACE" /* DROP */ "INTO";
/* a comment that goes on ... "CREATE TABLE"
 * ... over lines */ static int i;
EOF
is "$(sql_writes cmd.c | cut -d: -f2 | tr '\n' ' ')" "2 3 4 " \
    "writing SQL is found in literals, not in comments or other words"

cat > lib.c <<'EOF'
/* never printf("x") or exit(1) here */
static void
warn(struct parse *p)
{
	warn(p);
	snprintf(b, 1, "%s", "exit(1)");
	xf_buf_printf(b, "puts(");
	fprintf(stderr, "x");
	p->exit(0);
	exit (2);
	fprintf(f, "to a stream the caller gave");
}
EOF
is "$(lib_ends lib.c | cut -d: -f2 | tr '\n' ' ')" "8 10 " \
    "printing and exiting are found in code, not in comments or a file's own functions"

# --- the source tree ---------------------------------------------------------------
ls "$SRC"/cmd/*.c "$SRC"/lib/*.c > /dev/null 2>&1
ok $? "the sources are beside the tests"

sql_writes "$SRC"/cmd/*.c "$SRC"/cmd/*.h > found
if [ -s found ]; then
	fail "no command writes SQL: every INSERT and UPDATE is in lib/"
	diag_file found
else
	pass "no command writes SQL: every INSERT and UPDATE is in lib/"
fi

c_split strings "$SRC"/lib/*.c | grep -qE "$WRITES"
ok $? "the library's writing SQL is seen (the check is not blind)"

c_split code "$SRC"/lib/*.c "$SRC"/lib/*.h |
    grep -E '#[[:space:]]*include[[:space:]]*<err\.h>' > found
if [ -s found ]; then
	fail "lib/ does not include <err.h>"
	diag_file found
else
	pass "lib/ does not include <err.h>"
fi

lib_ends "$SRC"/lib/*.c > found
if [ -s found ]; then
	fail "lib/ never prints to stdout or stderr and never exits"
	diag_file found
else
	pass "lib/ never prints to stdout or stderr and never exits"
fi
