#!/bin/sh
# -o xlsx and -o csv read by a real spreadsheet (issue 19): LibreOffice
# headless converts them and the cells are read back.  xlsx: no formula,
# every text exact (no apostrophe), times real dates.  csv: no formula
# either (its neutralised cells keep the ' that makes them text), and
# Chinese intact after a --bom.  Skipped where soffice is not installed
# (Debian's libreoffice-calc-nogui, scripts/install-deps).
. "$(dirname "$0")/lib.sh"

if ! command -v soffice > /dev/null 2>&1; then
	echo "1..0 # skip soffice not installed (libreoffice-calc-nogui)"
	exit 0
fi
plan 14

# lo ARGS...: soffice with a profile of its own in the test directory.
lo() {
	HOME=$T soffice -env:UserInstallation="file://$T/lo" --headless "$@" \
	    > lo.log 2>&1
}
OUT='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false'
# field FILE ROW COL: one cell of a CSV as python's csv module reads it.
field() {
	python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
print(rows[int(sys.argv[2])][int(sys.argv[3])])' "$@"
}

cat > f.csv <<'EOF2'
subject,body,channel,received_at,complainant,contact
=1+1,body one,web,2026-05-01 09:30,+86 138 0000 0000,0123
噪音扰民,楼下工地夜间施工,phone,2026-05-02,-5 stars,@SUM(A1)
EOF2
check "import two complaints" xf-intake f.csv
xf-status show -o xlsx 1 2 > show.xlsx
xf-status list -o csv --bom > list.csv
mkdir out
check "soffice converts the workbook to csv" lo --convert-to "$OUT" \
    --outdir out show.xlsx
check "and to flat ods" lo --convert-to fods --outdir out show.xlsx
# show's columns: 2 received_at, 7 complainant, 8 contact, 9 subject.
is "$(field out/show.csv 1 9)" "=1+1" "xlsx: '=1+1' text, not 2"
is "$(field out/show.csv 1 7)" "+86 138 0000 0000" "xlsx: the phone number exact"
is "$(field out/show.csv 1 8)" "0123" "xlsx: 0123 keeps its 0"
is "$(field out/show.csv 2 7)" "-5 stars" "xlsx: '-5 stars' exact"
is "$(field out/show.csv 2 8)" "@SUM(A1)" "xlsx: '@SUM(A1)' exact"
is "$(field out/show.csv 2 9)" "噪音扰民" "xlsx: Chinese intact"
is "$(field out/show.csv 1 2)" "2026-05-01 09:30:00" "xlsx: a time shown as one"
no_match "xlsx: no formula in the sheet" "table:formula" out/show.fods

check "soffice reads the csv (UTF-8)" lo --infilter='CSV:44,34,76,1' \
    --convert-to fods --outdir out list.csv
no_match "csv: no formula either" "table:formula" out/list.fods
lo --infilter='CSV:44,34,76,1' --convert-to "$OUT" --outdir out list.csv
is "$(field out/list.csv 1 9)|$(field out/list.csv 2 9)|$(field out/list.csv 0 0)" \
    "'=1+1|噪音扰民|ref" "csv: neutralised text, Chinese, the mark not in a cell"
