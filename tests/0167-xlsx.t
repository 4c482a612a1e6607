#!/bin/sh
# -o xlsx (issue 19): every text cell a string, never a formula; ids,
# refs, phone numbers and "0123" as text; times as date-time cells in
# XF_TZ; counts as numbers; a frozen header; widths set; a sheet a
# report table; refused on a terminal; nothing left in TMPDIR.  And
# --bom: a UTF-8 byte order mark before CSV, refused with other formats.
. "$(dirname "$0")/lib.sh"

plan 33

cells() {
	python3 "$XF_ROOT/tests/xlsx-cells.py" "$@"
}
# cell FILE REF [SHEET]: "KIND<TAB>FORMAT<TAB>VALUE" of one cell.
cell() {
	cells "$1" "${3:-1}" | awk -F '\t' -v r="$2" \
	    '$1 == r { sub(/^[^\t]*\t/, ""); print }'
}
TAB=$(printf '\t')

cat > f.csv <<'EOF2'
subject,body,channel,received_at,complainant,contact
=1+1,body one,web,2026-05-01 09:30,+86 138 0000 0000,0123
噪音扰民,楼下工地夜间施工,phone,2026-05-02,-5 stars,张三
EOF2
check "import two complaints" xf-intake f.csv
mkdir tmp
export TMPDIR="$T/tmp"

exit_is 0 "list -o xlsx" xf-status list -o xlsx
cp stdout list.xlsx
is "$(head -c 2 list.xlsx)" "PK" "the output is a zip file"
check "it is a workbook python reads" cells list.xlsx
no_match "no cell is a formula" "^[^$TAB]*${TAB}f$TAB" "$T/.check"
is "$(cell list.xlsx J2)" "s$TAB-$TAB=1+1" "'=1+1' a string, no apostrophe"
is "$(cell list.xlsx I2)" "s$TAB-$TAB+86 138 0000 0000" "a phone number as text"
is "$(cell list.xlsx I3)" "s$TAB-$TAB-5 stars" "'-5 stars' a string"
is "$(cell list.xlsx J3)" "s$TAB-${TAB}噪音扰民" "Chinese intact"
is "$(cell list.xlsx A2)" "s$TAB-${TAB}XF-2026-000001" "a ref as text"
is "$(cell list.xlsx B2)" "n${TAB}yyyy-mm-dd hh:mm:ss${TAB}46143.39583333334" \
    "received_at a date-time cell (2026-05-01 09:30)"
is "$(cell list.xlsx A1)" "s$TAB-${TAB}ref" "the header row"
is "$(cells list.xlsx | grep '^pane')" "pane${TAB}1${TAB}A2${TAB}frozen" \
    "the header row frozen"
is "$(cells list.xlsx | grep '^cols')" "cols${TAB}10" "every column a width"
XF_TZ=Asia/Shanghai xf-status list -o xlsx > sh.xlsx
is "$(cell sh.xlsx B2)" "n${TAB}yyyy-mm-dd hh:mm:ss${TAB}46143.72916666666" \
    "times in XF_TZ (17:30 in Shanghai)"

xf-status show -o xlsx 1 2 > show.xlsx
is "$(cell show.xlsx I2)" "s$TAB-${TAB}0123" "show: contact 0123 as text"
is "$(cell show.xlsx X2)" "n$TAB-${TAB}0" "show: reopen_count a number"
is "$(cell show.xlsx H3)" "s$TAB-$TAB-5 stars" "show: a row a complaint"
xf-status history -o xlsx 1 > hist.xlsx
is "$(cell hist.xlsx B1)" "s$TAB-${TAB}at" "history -o xlsx"
like "$(cell hist.xlsx B2)" "n${TAB}yyyy-mm-dd hh:mm:ss$TAB*" \
    "history: at a date-time cell"
xf-report -o xlsx weekly > weekly.xlsx
is "$(cells weekly.xlsx | grep '^sheet' | cut -f2 | tr '\n' ' ')" \
    "summary volume categories sla ageing " "report: a sheet a table"
is "$(cell weekly.xlsx A2)" "n${TAB}yyyy-mm-dd${TAB}46167" \
    "report: a period a date cell"
is "$(cell weekly.xlsx I2)" "n$TAB-${TAB}2" "report: a count a number"

exit_is 0 "nothing to list: exit 0" xf-status list -o xlsx -s closed
is "$(wc -c < stdout | tr -d ' ')" 0 "nothing to list: no workbook"
is "$(ls tmp)" "" "no file left in TMPDIR"
export TMPDIR="$T/none"
exit_is 1 "TMPDIR missing: exit 1" xf-status list -o xlsx
unset TMPDIR

# A terminal: refused before anything is read.
python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("xf-status", ["xf-status", "list", "-o", "xlsx"])
out = b""
while True:
    try:
        d = os.read(fd, 1024)
    except OSError:
        break
    if not d:
        break
    out += d
st = os.waitpid(pid, 0)[1]
sys.stdout.write("%d %s" % (os.WEXITSTATUS(st), out.decode().strip()))
' > tty.out
is "$(cat tty.out)" \
    "2 xf-status: -o xlsx: a binary workbook; redirect standard output to a file" \
    "-o xlsx to a terminal: exit 2"

# --bom
xf-status list -o csv > plain.csv
xf-status list -o csv --bom > bom.csv
is "$(head -c 3 bom.csv | od -An -tx1 | tr -d ' ')" "efbbbf" "--bom: the mark first"
printf '\357\273\277' | cat - plain.csv > want.csv
same_file want.csv bom.csv "--bom: then the same CSV, still neutralised"
xf-report --bom -o csv summary | head -c 3 > rep.bom
is "$(od -An -tx1 rep.bom | tr -d ' ')" "efbbbf" "xf-report --bom"
exit_is 2 "--bom -o tsv: exit 2" xf-status list --bom -o tsv
exit_is 2 "--bom without -o: exit 2" xf-status list --bom
