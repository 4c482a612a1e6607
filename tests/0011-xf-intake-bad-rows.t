#!/bin/sh
# xf-intake: bad rows are reported as NAME:LINE, skipped, written to the
# reject file exactly as read, and never cost the good rows around them;
# -S stores nothing when any row is bad; -n stores nothing at all.
. "$(dirname "$0")/lib.sh"

plan 65

H='ref	received_at	channel	complainant	subject	source'

# rows FILE: "subject@source" of each output row, space-separated.
rows() {
	tail -n +2 "$1" | awk -F '\t' '{ printf "%s@%s ", $5, $6 }'
}

# --- an unterminated quote in the middle ---------------------------------
printf 'subject,body,date\na1,b1,2026-01-01\n"a2,b2,2026-01-02\na3,b3,2026-01-03\na4,b4,2026-01-04\n' > mid.csv
run xf-intake -r mid.rej mid.csv
is "$rc" 1 "unterminated quote mid-file: exit 1"
is "$(rows stdout)" "a1@mid.csv:2 a3@mid.csv:4 a4@mid.csv:5 " \
    "unterminated quote mid-file: the rows after it are imported"
cat > want <<'EOF'
xf-intake: mid.csv:3: unterminated quote at end of input
xf-intake: read 4, created 3, duplicate 0, rejected 1
EOF
same_file want stderr "unterminated quote mid-file: reported as mid.csv:3"
printf 'subject,body,date\n"a2,b2,2026-01-02\n' > want
check "unterminated quote mid-file: reject file is the header and the bad line" \
    cmp want mid.rej

# --- an unterminated quote on the last line, with and without newline -----
printf 'subject,body,date\ne1,b1,2026-01-01\n"e2,b2,2026-01-02\n' > end.csv
run xf-intake -r end.rej end.csv
is "$rc.$(rows stdout)" "1.e1@end.csv:2 " "unterminated quote at the end: exit 1, first row kept"
is "$(head -1 stderr)" "xf-intake: end.csv:3: unterminated quote at end of input" \
    "unterminated quote at the end: message"
printf 'subject,body,date\n"e2,b2,2026-01-02\n' > want
check "unterminated quote at the end: reject file" cmp want end.rej
printf 'subject,body,date\nn1,b1,2026-01-01\n"n2,b2,2026-01-02' > endnl.csv
run xf-intake -r endnl.rej endnl.csv
is "$rc.$(rows stdout)" "1.n1@endnl.csv:2 " "unterminated last line without newline: exit 1"
printf 'subject,body,date\n"n2,b2,2026-01-02\n' > want
check "a last bad line without newline gets one in the reject file" \
    cmp want endnl.rej

# --- stray quotes -------------------------------------------------------------
cat > stray.csv <<'EOF'
subject,body,date
s1,x"y,2026-01-01
"s2"z,body,2026-01-02
s3,"fine, ""quoted""",2026-01-03
s4,a "quote" inside,2026-01-04
s5,last,2026-01-05
EOF
run xf-intake -r stray.rej stray.csv
is "$rc" 1 "stray quotes: exit 1"
is "$(rows stdout)" "s3@stray.csv:4 s5@stray.csv:6 " "stray quotes: good rows kept"
cat > want <<'EOF'
xf-intake: stray.csv:2: stray or unmatched quote
xf-intake: stray.csv:3: stray or unmatched quote
xf-intake: stray.csv:5: stray or unmatched quote
xf-intake: read 5, created 2, duplicate 0, rejected 3
EOF
same_file want stderr "stray quotes: each bad line named"
cat > want <<'EOF'
subject,body,date
s1,x"y,2026-01-01
"s2"z,body,2026-01-02
s4,a "quote" inside,2026-01-04
EOF
check "stray quotes: reject file byte for byte" cmp want stray.rej

# --- a mix: ragged rows, NUL bytes, invalid UTF-8, no text, CRLF -------------
printf 'subject,body,date,Note\r\n' > mix.csv
printf 'm1,b1,2026-01-01,n\r\n' >> mix.csv			# 2 good
printf 'm2,b2,2026-01-02\r\n' >> mix.csv			# 3 too few
printf 'm3,b3,2026-01-03,n,more\r\n' >> mix.csv		# 4 too many
printf 'm4,b\0004,2026-01-04,n\r\n' >> mix.csv		# 5 NUL in body
printf 'm5,b5,2026-01-05,n\000\r\n' >> mix.csv		# 6 NUL in an extra
printf 'm\3776,b6,2026-01-06,n\r\n' >> mix.csv		# 7 bad UTF-8
printf 'm7,b7,2026-01-07,\300\257\r\n' >> mix.csv		# 8 overlong '/'
printf 'm8,"multi\r\nline",2026-01-08,n\r\n' >> mix.csv	# 9-10 good
printf ',,2026-01-09,only a note\r\n' >> mix.csv		# 11 no text
printf '"m10",\355\240\200,2026-01-10,\r\n' >> mix.csv	# 12 surrogate
printf 'm11,b11,2026-01-11,n\r\n' >> mix.csv			# 13 good
run xf-intake -r mix.rej mix.csv
is "$rc" 1 "mixed bad rows: exit 1"
is "$(rows stdout)" "m1@mix.csv:2 m8@mix.csv:9 m11@mix.csv:13 " \
    "mixed bad rows: the good rows imported with their lines"
cat > want <<'EOF'
xf-intake: mix.csv:3: 3 fields, the header has 4
xf-intake: mix.csv:4: 5 fields, the header has 4
xf-intake: mix.csv:5: NUL byte in column 'body'
xf-intake: mix.csv:6: NUL byte in column 'Note'
xf-intake: mix.csv:7: invalid UTF-8 in column 'subject' (for GB18030 text use -e gb18030)
xf-intake: mix.csv:8: invalid UTF-8 in column 'Note' (for GB18030 text use -e gb18030)
xf-intake: mix.csv:11: no subject and no body
xf-intake: mix.csv:12: invalid UTF-8 in column 'body' (for GB18030 text use -e gb18030)
xf-intake: read 11, created 3, duplicate 0, rejected 8
EOF
same_file want stderr "mixed bad rows: reason and column for each"
{
	printf 'subject,body,date,Note\r\n'
	printf 'm2,b2,2026-01-02\r\n'
	printf 'm3,b3,2026-01-03,n,more\r\n'
	printf 'm4,b\0004,2026-01-04,n\r\n'
	printf 'm5,b5,2026-01-05,n\000\r\n'
	printf 'm\3776,b6,2026-01-06,n\r\n'
	printf 'm7,b7,2026-01-07,\300\257\r\n'
	printf ',,2026-01-09,only a note\r\n'
	printf '"m10",\355\240\200,2026-01-10,\r\n'
} > want
check "mixed bad rows: reject file holds the bad rows exactly (CRLF, NUL)" \
    cmp want mix.rej
is "$(db "select count(*) from complaint where source like 'mix.csv:%'")" 3 \
    "mixed bad rows: only the good rows stored"
is "$(db "select count(*) from complaint where
    (subject || coalesce(body, '') || coalesce(extra, '')) like '%' || char(65533) || '%'")" 0 \
    "nothing stored with replacement characters"

# the reject file imports as is: fix nothing, get the same rejections
run xf-intake mix.rej
is "$rc.$(grep -c 'xf-intake: mix.rej:' stderr)" "1.8" \
    "the reject file reads back with the same 8 rejections"

# --- exit status 0 when nothing is rejected ---------------------------------------
printf 'subject\nclean\n' > clean.csv
exit_is 0 "no rejected row: exit 0" xf-intake -r clean.rej clean.csv
check "no rejected row: reject file empty" test ! -s clean.rej
run xf-intake clean.csv
is "$rc.$(cat stderr)" "0.xf-intake: read 1, created 0, duplicate 1, rejected 0" \
    "only duplicates: exit 0"

# --- size caps ---------------------------------------------------------------------------
python3 - <<'EOF'
import csv
rows = [("subject", "body", "complainant", "contact", "ext_id", "note")]
def r(s="s", b="b", c="", ct="", i="", n=""):
    rows.append((s, b, c, ct, i, n))
r(s="S" * 4096)                 # 2 ok
r(s="T" * 4097)                 # 3 subject over
r(b="B" * (1 << 20))            # 4 ok
r(b="C" * ((1 << 20) + 1))      # 5 body over
r(c="c" * 1024, b="b6")         # 6 ok
r(c="d" * 1025, b="b7")         # 7 complainant over
r(ct="e" * 1024, b="b8")        # 8 ok
r(ct="f" * 1025, b="b9")        # 9 contact over
r(i="g" * 256, b="b10")         # 10 ok
r(i="h" * 257, b="b11")         # 11 ext_id over
r(n="n" * (2 << 20), b="b12")   # 12 extras over 1 MiB
r(s="\u6c49" * 1366, b="b13")   # 13 4098 bytes of UTF-8
with open("caps.csv", "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
EOF
run xf-intake caps.csv
is "$rc" 1 "caps: exit 1"
is "$(cut -f6 stdout | tail -n +2 | tr '\n' ' ')" \
    "caps.csv:2 caps.csv:4 caps.csv:6 caps.csv:8 caps.csv:10 " \
    "caps: values at the limit are stored"
cat > want <<'EOF'
xf-intake: caps.csv:3: subject is 4097 bytes, the limit is 4096
xf-intake: caps.csv:5: body is 1048577 bytes, the limit is 1048576
xf-intake: caps.csv:7: complainant is 1025 bytes, the limit is 1024
xf-intake: caps.csv:9: contact is 1025 bytes, the limit is 1024
xf-intake: caps.csv:11: ext_id is 257 bytes, the limit is 256
xf-intake: caps.csv:12: unmapped columns hold 2097163 bytes, the limit is 1048576
xf-intake: caps.csv:13: subject is 4098 bytes, the limit is 4096
xf-intake: read 12, created 5, duplicate 0, rejected 7
EOF
same_file want stderr "caps: one byte over is rejected, in bytes of UTF-8"
is "$(db "select length(subject), length(body), length(complainant),
    length(contact), length(ext_id) from complaint where source in
    ('caps.csv:2', 'caps.csv:4', 'caps.csv:6', 'caps.csv:8', 'caps.csv:10')
    order by id" | tr '\n' ' ')" \
    "4096|1||| 1|1048576||| 1|2|1024|| 1|2||1024| 1|3|||256 " \
    "caps: stored values are whole"

# --- a 10 MB field --------------------------------------------------------------------------
if slow; then
	skip "slow under valgrind: 10 MB field (4 checks)"
	skip "slow under valgrind"
	skip "slow under valgrind"
	skip "slow under valgrind"
else
	awk 'BEGIN {
		print "subject,body,date"
		print "small1,b1,2026-01-01"
		printf "big,\""
		for (i = 0; i < 131072; i++)
			printf "%079d\n", i
		print "\",2026-01-02"
		print "small2,b3,2026-01-03"
	}' > big.csv
	run xf-intake -r big.rej big.csv
	is "$rc" 1 "10 MB field: exit 1"
	is "$(rows stdout)" "small1@big.csv:2 small2@big.csv:131076 " \
		"10 MB field: the rows around it imported, lines counted"
	is "$(head -1 stderr)" \
		"xf-intake: big.csv:3: body is 10485759 bytes, the limit is 1048576" \
		"10 MB field: rejected as body over the cap"
	sed -n '1p; 3,131075p' big.csv > want
	check "10 MB field: the whole multi-line row in the reject file" \
		cmp want big.rej
fi

# --- one line over 16 MiB -------------------------------------------------------------------
if slow; then
	skip "slow under valgrind: 17 MiB line (4 checks)"
	skip "slow under valgrind"
	skip "slow under valgrind"
	skip "slow under valgrind"
else
	awk 'BEGIN {
		print "subject,body,date"
		print "short1,b1,2026-01-01"
		s = "yyyyyyyyyyyyyyyyy"
		for (i = 0; i < 20; i++)
			s = s s		# 17 MiB
		print "long," s ",2026-01-02"
		print "short2,b3,2026-01-03"
	}' > long.csv
	run xf-intake -r long.rej long.csv
	is "$rc" 1 "17 MiB line: exit 1"
	is "$(rows stdout)" "short1@long.csv:2 short2@long.csv:4 " \
		"17 MiB line: the rows around it imported, lines counted"
	is "$(head -1 stderr)" \
		"xf-intake: long.csv:3: row longer than 16 MiB (an unterminated quote?)" \
		"17 MiB line: rejected with its line"
	# Documented: the copy in the reject file is cut after about 16 MiB.
	head -c "$(($(wc -c < long.rej) - 1))" long.rej > long.cut
	sed -n '1p; 3p' long.csv | head -c "$(wc -c < long.cut)" > want
	check "17 MiB line: reject file has the header and at least 16 MiB of the line" \
		sh -c 'cmp want long.cut && [ $(wc -c < long.cut) -gt 16777216 ] &&
		    [ "$(tail -c 1 long.rej | od -An -c | tr -d " ")" = "\\n" ]'
fi

# --- an unterminated quote with more than 16 MiB after it --------------------------------------
if slow; then
	skip "slow under valgrind: unterminated quote before 17 MiB of rows (2 checks)"
	skip "slow under valgrind"
else
	awk 'BEGIN {
		print "subject,body,date"
		print "q1,b1,2026-01-01"
		print "\"open,b2,2026-01-02"
		s = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
		for (i = 0; i < 13; i++)
			s = s s		# 400 KiB bodies
		for (i = 1; i <= 45; i++)
			print "r" i "," s ",2026-01-03"
	}' > swallow.csv
	run xf-intake swallow.csv
	is "$rc.$(sed -n 1p stderr)" \
		"1.xf-intake: swallow.csv:3: row longer than 16 MiB (an unterminated quote?)" \
		"unterminated quote before 17 MiB of rows: only its line rejected"
	is "$(tail -1 stderr)" "xf-intake: read 47, created 46, duplicate 0, rejected 1" \
		"unterminated quote before 17 MiB of rows: every row after it imported"
fi

# --- strict: any bad row and nothing is stored ---------------------------------------------------
fresh_db
run xf-intake -S -r strict.rej stray.csv
is "$rc" 1 "-S with bad rows: exit 1"
is "$(cat stdout)" "" "-S with bad rows: no rows printed"
cat > want <<'EOF'
xf-intake: stray.csv:2: stray or unmatched quote
xf-intake: stray.csv:3: stray or unmatched quote
xf-intake: stray.csv:5: stray or unmatched quote
xf-intake: strict: 3 bad rows, nothing stored
xf-intake: read 5, created 0, duplicate 0, rejected 3
EOF
same_file want stderr "-S with bad rows: says nothing was stored"
is "$(db "select count(*) from complaint")" 0 "-S with bad rows: no complaint"
is "$(db "select count(*) from event")" 0 "-S with bad rows: no event"
check "-S still writes the reject file" cmp stray.rej strict.rej
run xf-intake -S clean.csv mix.csv
is "$rc.$(db "select count(*) from complaint")" "1.0" \
    "-S over several files: a bad row in the second undoes the first"
run xf-intake -S clean.csv missing.csv
is "$rc.$(db "select count(*) from complaint")" "1.0" \
    "-S with a missing file: nothing stored"
is "$(grep -c '^xf-intake: strict: .*nothing stored$' stderr)" 1 \
    "-S with a missing file: says nothing was stored"
run xf-intake -S clean.csv
is "$rc.$(db "select count(*) from complaint")" "0.1" "-S with good rows: stored"

# --- dry run ---------------------------------------------------------------------------------------
fresh_db
run xf-intake -n mid.csv
is "$rc" 1 "-n with a bad row: still exit 1"
is "$(rows stdout)" "a1@mid.csv:2 a3@mid.csv:4 a4@mid.csv:5 " "-n prints the rows"
is "$(tail -1 stderr)" \
    "xf-intake: read 4, created 3, duplicate 0, rejected 1 (dry run: nothing stored)" \
    "-n summary says nothing stored"
check "-n with no store creates none" test ! -e "$XF_DB"
run xf-intake -n clean.csv
is "$rc.$(rows stdout)" "0.clean@clean.csv:2 " "-n with good rows: exit 0"
run xf-intake clean.csv
is "$(rows stdout)" "clean@clean.csv:2 " "after -n the real run creates the rows"
run xf-intake -n mid.csv
is "$(db "select count(*) from complaint") $(db "select count(*) from event")" \
    "1 1" "-n on a store adds no complaint and no event"
run xf-intake -n clean.csv
is "$rc.$(cat stdout).$(tail -1 stderr)" \
    "0..xf-intake: read 1, created 0, duplicate 1, rejected 0 (dry run: nothing stored)" \
    "-n knows what is already stored"

# --- chunks ------------------------------------------------------------------------------------------
fresh_db
awk 'BEGIN { print "subject,body"; for (i = 1; i <= 25; i++) print "c" i ",b" i }' > c25.csv
run xf-intake -b 7 c25.csv
is "$rc.$(tail -n +2 stdout | wc -l | tr -d ' ')" "0.25" "-b 7: every row printed"
is "$(cut -f1 stdout | tail -n +2 | sort -u | wc -l | tr -d ' ').$(db "select count(*) from complaint")" \
    "25.25" "-b 7: refs unique, all stored"
exit_is 2 "-b 0: exit 2" xf-intake -b 0 c25.csv
exit_is 2 "-b x: exit 2" xf-intake -b x c25.csv

# --- CR-only line endings (classic Mac spreadsheet export) ----------------------------------------------
# A lone CR ends a line as LF and CRLF do: rows are named by their line
# and the reject file gets the bad row exactly as read.
fresh_db
printf 'subject,body\rok1,b1\rbad\rok2,b2\r' > cr.csv
run xf-intake -r cr.rej cr.csv
is "$(rows stdout)" "ok1@cr.csv:2 ok2@cr.csv:4 " \
    "CR-only line endings: rows named by their line"
is "$(head -1 stderr)" "xf-intake: cr.csv:3: 1 fields, the header has 2" \
    "CR-only line endings: bad row named by its line"
is "$(grep -c 'ok[12]' cr.rej)" 0 \
    "CR-only line endings: good rows not written to the reject file"
printf 'subject,body\rbad\r' > cr.want
check "CR-only line endings: reject file is the header and the bad row as read" \
    cmp cr.want cr.rej

# --- several files: each file's header before its first bad row -----------------
fresh_db
printf 'subject,body\nbad one\nok,1\nbad two\n' > r1.csv
printf 'subject,body\nok,2\n' > r2.csv
printf 'title\r\n"open\r\nok3\r\n' > r3.csv
run xf-intake -r multi.rej r1.csv r2.csv r3.csv
is "$rc.$(rows stdout)" "1.ok@r1.csv:3 ok@r2.csv:2 ok3@r3.csv:3 " \
    "several files: the good rows of each imported"
printf 'subject,body\nbad one\nbad two\ntitle\r\n"open\r\n' > want
check "several files: the reject file has each file's header before its bad rows" \
    cmp want multi.rej
