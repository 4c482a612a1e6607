#!/bin/sh
# xf-redact masks personal data in a stream and leaves the rest as it
# was: text line by line, TSV and CSV as tables whose header says which
# column holds the complainant's name and which the contact.  The
# patterns themselves (near misses, check digits) are tests/unit/redact.c;
# here: the command, its formats, and what it does with bad input.
. "$(dirname "$0")/lib.sh"

plan 15

# --- text -------------------------------------------------------------------------
printf '%s\n' '请回电 138 1234 5678 或 010-65529988，身份证11010519491231002X。' \
    'card 4111-1111-1111-1111, mail li.ming@example.org' > note.txt
run xf-redact note.txt
is "$rc" 0 "text: exit 0"
is "$(cat stdout)" '请回电 138 **** 5678 或 010-****9988，身份证110105********002X。
card 4111-****-****-1111, mail l***@example.org' "text: every kind masked, the rest kept"
run xf-redact < note.txt
is "$(cat stdout)" "$(xf-redact note.txt)" "stdin reads as a file does"

# --- TSV: by the header ----------------------------------------------------------
printf 'ref\t投诉人\t联系方式\tbody\nXF-2026-000001\t张三丰\t+86 138-1234-5678\t退款 4111 1111 1111 1111\nXF-2026-000002\tJohn Smith\t@xiaoming\tno number 2026-03-05\n' > in.tsv
run xf-redact -f tsv in.tsv
is "$(cat stdout)" 'ref	投诉人	联系方式	body
XF-2026-000001	张**	+86 138-****-5678	退款 4111 **** **** 1111
XF-2026-000002	J*** S****	@********	no number 2026-03-05' \
    "tsv: the name column by its Chinese header, a handle masked as a name"
run xf-redact -f text in.tsv
like "$(cat stdout)" "*张三丰*" "as text, a name is not known to be one"

# --- CSV: quotes, a field over two lines, CRLF ---------------------------------
printf 'ref,complainant,contact,body\r\nXF-2026-000001,"Li, Ming",li.ming@example.org,"line one\r\ncall 13812345678"\r\nXF-2026-000002,"A ""B"" C",,=1+2\r\n' > in.csv
run xf-redact -f csv in.csv
printf 'ref,complainant,contact,body\r\nXF-2026-000001,"L*, M***",l***@example.org,"line one\r\ncall 138****5678"\r\nXF-2026-000002,"A ""B"" C",,=1+2\r\n' > want.csv
check "csv: quotes, CRLF and a two-line field kept; the name masked" \
    cmp want.csv stdout
printf 'ref,Customer\nXF-1,王小明\n' > named.csv
run xf-redact -f csv -n customer named.csv
is "$(sed -n 2p stdout)" "XF-1,王**" "-n names another name column (case ignored)"

# --- what xf prints, masked ---------------------------------------------------------
printf 'subject,body,complainant,contact\nrefund,call me on 13900001111,赵六,zhao@example.org\n' |
    xf-intake -q > /dev/null
xf-status list -o csv > list.csv
run xf-redact -f csv list.csv
is "$(grep -c "赵六\|13900001111\|zhao@" stdout)" 0 \
    "a list of the store passed through: no name, number or address left"

# --- bad input ----------------------------------------------------------------------
run xf-redact missing.txt note.txt
is "$rc" 1 "a file that cannot be read: exit 1"
like "$(cat stderr)" "xf-redact: missing.txt: *" "and named"
like "$(cat stdout)" "请回电 138 ****"* "the other file still filtered"
run xf-redact -f xml note.txt
is "$rc.$(cat stderr)" "2.xf-redact: -f xml: text, tsv or csv" "an unknown format: 2"
run xf-redact -n name note.txt
is "$rc" 2 "-n without a table format: 2"
printf 'a\377b 13812345678\n' > bad.txt
run xf-redact bad.txt
is "$(od -An -c stdout | tr -s ' ')" "$(printf 'a\377b 138****5678\n' | od -An -c | tr -s ' ')" \
    "bytes that are not UTF-8 pass as they were (the filter judges no text)"
printf '13812345678' > nonl.txt
is "$(xf-redact nonl.txt)" "138****5678" "a last line without a newline"
