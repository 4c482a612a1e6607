#!/bin/sh
# Nothing a complainant wrote reaches a terminal as a control (xf.7):
# subject, body, complainant, sender, attachment names and notes holding
# CSI, OSC (window title, OSC 52 clipboard), C1 CSI as UTF-8 and as a raw
# byte, DEL and a bidi override come out of show, history, list -o table,
# TSV, JSON and error messages as visible \xHH escapes, the text around
# them intact; TSV reads back to the same bytes.
. "$(dirname "$0")/lib.sh"

plan 27

E=$(printf '\033')
BEL=$(printf '\007')
C1=$(printf '\302\233')		# U+009B, CSI in C1
DEL=$(printf '\177')
RLO=$(printf '\342\200\256')	# U+202E RIGHT-TO-LEFT OVERRIDE

# inert FILE: no ESC, BEL, DEL, C1 (as UTF-8), bidi override or isolate,
# U+2028/U+2029, and valid UTF-8 throughout (so no raw 0x9b either).
inert() {
	_hex=" $(od -An -v -tx1 "$1" | tr -s ' \n' '  ') "
	case $_hex in
	*" 1b "* | *" 07 "* | *" 7f "* | *" c2 8"? | *" c2 9"?" "* | \
	*" c2 8"?" "* | *" e2 80 a"[89a-e]" "* | *" e2 81 a"[6-9]" "*)
		return 1 ;;
	esac
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}

# --- a CSV row and a note ----------------------------------------------------
printf 'subject,body,complainant,contact\n' > a.csv
printf '"A%s[2Jclear %s]0;title%s end\nstatus             closed",' \
    "$E" "$E" "$BEL" >> a.csv
printf '"line1\n%s]52;c;ZXZpbA==%s\nstatus             closed %s31m",' \
    "$E" "$BEL" "$C1" >> a.csv
printf '"Bob%s2Jx%sy%sz",bob@example.org\n' "$C1" "$DEL" "$RLO" >> a.csv
run xf-intake a.csv
is "$rc" 0 "a row full of escapes is imported"
check "its text is stored as written" test "$(db "select hex(subject)
    from complaint")" = "$(printf 'A%s[2Jclear %s]0;title%s end\nstatus             closed' \
    "$E" "$E" "$BEL" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F)"
check "xf-intake's TSV row: no control" inert stdout
xf-status note -m "called back $E[2J$C1 ok" XF-2026-000001 > /dev/null

# --- a message: sender, subject, body in Latin-1 with a raw 0x9b, attachment
{
	printf 'From: =?utf-8?q?Eve=1B]0;pwn=07_Mallory?= <eve@example.org>\n'
	printf 'To: desk@example.com\n'
	printf 'Subject: =?utf-8?q?Refund=1B[2J=E2=80=AEplease?=\n'
	printf 'Date: Mon, 1 Jun 2026 00:00:00 +0000\n'
	printf 'Message-ID: <esc-1@example.org>\n'
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="b"\n\n'
	printf -- '--b\nContent-Type: text/plain; charset=iso-8859-1\n'
	printf 'Content-Transfer-Encoding: 8bit\n\n'
	printf 'hello \2332J world \033]52;c;ZXZpbA==\007 bye\n'
	printf -- '--b\nContent-Type: application/octet-stream\n'
	printf "Content-Disposition: attachment; filename*=utf-8''"
	printf 'invoice%%1B%%5B2J%%E2%%80%%AEfdp.exe\n\n'
	printf 'AAAA\n--b--\n'
} > m.eml
run xf-intake m.eml
is "$rc" 0 "a message full of escapes is imported"
check "its TSV row: no control" inert stdout

# --- show ----------------------------------------------------------------------
xf-status show XF-2026-000001 XF-2026-000002 > show.out
is "$?" 0 "show: exit 0"
check "show: no control, valid UTF-8" inert show.out
like "$(grep '^subject' show.out | head -1)" \
    '*A\\x1b\[2Jclear \\x1b]0;title\\x07 end status *closed' \
    "show: the subject on one line, escapes visible, text kept"
is "$(grep -c '^status' show.out)" 2 \
    "show: a subject or body cannot forge a field line"
like "$(grep 'closed \\xc2\\x9b31m' show.out)" '    status *closed*' \
    "show: a body line stays indented"
like "$(grep '^complainant' show.out | head -1)" \
    '*Bob\\xc2\\x9b2Jx\\x7fy\\xe2\\x80\\xaez' "show: complainant"
like "$(cat show.out)" '*Eve\\x1b]0;pwn\\x07 Mallory*' "show: sender"
like "$(cat show.out)" '*invoice\\x1b\[2J\\xe2\\x80\\xaefdp.exe*' \
    "show: attachment name"
like "$(cat show.out)" '*hello \\xc2\\x9b2J world \\x1b]52;c;ZXZpbA==\\x07 bye*' \
    "show: a message body in Latin-1 (0x9b is U+009B)"
like "$(cat show.out)" '*called back \\x1b\[2J\\xc2\\x9b ok*' "show: the note"
xf-status -o table show XF-2026-000001 > show2.out
check "show -o table: no control" inert show2.out

# --- history, list ----------------------------------------------------------------
for f in tsv table json; do
	xf-status -o $f history XF-2026-000001 > h.$f
	check "history -o $f: no control" inert h.$f
	xf-status -o $f list > l.$f
	check "list -o $f: no control" inert l.$f
done
like "$(cat l.table)" '*A\\x1b\[2Jclear*' "list -o table: the escape visible"
like "$(cat l.json)" '*Bob\\u009b2Jx\\u007fy\\u202ez*\\u001b\[2Jclear*' \
    "list -o json: \\uXXXX, the same text to a JSON reader"

# --- TSV reads back to the same bytes ----------------------------------------------
xf-status list | cut -f1,9,10 | sed '1s/.*/ext_id	complainant	subject/' |
    sed '1!s/$/	x/; 1s/$/	body/' > back.tsv
XF_DB=$PWD/back.db xf-intake -f tsv back.tsv > /dev/null 2>&1
is "$(XF_DB=$PWD/back.db db "select hex(complainant) || hex(subject)
    from complaint order by id")" \
    "$(db "select hex(complainant) || hex(subject) from complaint order by id")" \
    "TSV: \\xHH decodes to the bytes stored"

# --- error messages --------------------------------------------------------------
printf 'ref\n%s]0;x%s\n' "$E" "$BEL" | xf-status accept > /dev/null 2> err
check "a ref from stdin quoted in an error: no control" inert err
like "$(cat err)" '*\\x1b]0;x\\x07*' "... shown escaped"
