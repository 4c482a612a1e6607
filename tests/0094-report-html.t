#!/bin/sh
# xf-report -o html (issue 13): the page is well-formed XML, loads
# nothing from elsewhere, and each chart shows the numbers of the table
# under it, all of them and no other.  The pages are those the unit test
# tests/unit/rhtml.c builds by hand (-w): a whole weekly report, and one
# of every awkward case (no row, one row, all zero, huge values, cells
# that are not numbers, long Chinese labels, markup and controls in
# names and cells), in English and Chinese.  The chart check reads the
# page as a stranger would, with a parser of its own (Python's), marks
# against the HTML table, where the unit test checks them against the
# report's cells.
. "$(dirname "$0")/lib.sh"

# The unit binaries sit beside the commands: bin/ and build/unit/,
# bin-san/ and build-san/unit/ (the Makefile's B and O).
unit=$(dirname "$XF_BIN")/$(basename "$XF_BIN" | sed 's/^bin/build/')/unit/rhtml.t
if ! [ -x "$unit" ]; then
	echo "1..0 # skip no $unit (make units)"
	exit 0
fi
if ! command -v xmllint > /dev/null 2>&1; then
	echo "1..0 # skip no xmllint (libxml2-utils; scripts/install-deps)"
	exit 0
fi

plan 22

# charts PAGE: every mark of every chart (data-row, data-col,
# data-value) is the cell of its section's table at that row and column,
# and every number of a drawn column (the chart's data-y) has its mark.
cat > charts.py <<'EOF'
import re, sys
import xml.etree.ElementTree as ET

number = re.compile(r'-?[0-9]+(\.[0-9]+)?\Z')
root = ET.parse(sys.argv[1]).getroot()
bad = charts = marks = 0
for sec in root.iter('section'):
    svg = sec.find('svg')
    if svg is None:
        continue
    charts += 1
    name = sec.get('data-table')
    table = sec.find('.//table')
    heads = [th.get('data-col') for th in table.find('thead').iter('th')]
    rows = [[''.join(td.itertext()) for td in tr.findall('td')]
            for tr in table.find('tbody').findall('tr')]
    drawn = {}
    for el in svg.iter():
        if el.get('data-value') is None:
            continue
        r, c, v = int(el.get('data-row')), el.get('data-col'), el.get('data-value')
        cell = rows[r][heads.index(c)] if r < len(rows) and c in heads else None
        if cell != v or (r, c) in drawn:
            print('# %s: mark row %d %s = %s, table: %s' % (name, r, c, v, cell))
            bad += 1
        drawn[(r, c)] = v
    for c in svg.get('data-y').split():
        for r, row in enumerate(rows):
            if number.match(row[heads.index(c)]) and (r, c) not in drawn:
                print('# %s: row %d %s = %s not drawn' % (name, r, c,
                      row[heads.index(c)]))
                bad += 1
    marks += len(drawn)
print('# %d charts, %d marks' % (charts, marks))
sys.exit(1 if bad or charts == 0 else 0)
EOF

for kind in sample edge; do
	for lang in en zh; do
		page=$kind-$lang.html
		check "$kind $lang: written" "$unit" -w $kind $lang $page
		check "$kind $lang: well-formed XML" xmllint --noout $page
		check "$kind $lang: the charts show the tables' numbers" \
		    python3 charts.py $page
		if grep -Eq 'https?:|src=|<script|<link|<img|url\(' $page; then
			fail "$kind $lang: nothing from elsewhere"
			grep -Eo '.{20}(https?:|src=|<script|<link|<img|url\().{20}' \
			    $page | sed 's/^/# /'
		else
			pass "$kind $lang: nothing from elsewhere"
		fi
	done
done

# --- the checks can fail ---------------------------------------------------
# A figure changed in one mark, and a mark taken away, are found; so is a
# tag left open.
sed 's/data-value="88"/data-value="89"/' sample-en.html > changed.html
! cmp -s sample-en.html changed.html &&
    ! python3 charts.py changed.html > /dev/null
ok $? "a mark that says another figure than its cell is found"
sed 's/<circle[^>]*data-value="88"[^/]*<\/title><\/circle>//' sample-en.html \
    > missing.html
! cmp -s sample-en.html missing.html &&
    ! python3 charts.py missing.html > /dev/null
ok $? "a number without its mark is found"
sed '0,/<\/th>/s/<\/th>//' sample-en.html > open.html
! xmllint --noout open.html 2> /dev/null
ok $? "a tag left open is not well-formed"

# --- Chinese all through ---------------------------------------------------
grep -q '<h2>时限达标</h2>' sample-zh.html &&
    grep -q '>按时受理率 (%)</th>' sample-zh.html &&
    grep -q '<h2>On-time rates</h2>' sample-en.html
ok $? "table and column names in the report's language"

# --- a picture, where Debian's chromium is installed -----------------------
# (make report-shot keeps the pictures for a person to look at.)
# png_width FILE: the width in a PNG's header (bytes 16 to 19).
png_width() {
	od -An -tu1 -j16 -N4 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }'
}
if command -v chromium > /dev/null 2>&1 && ! slow; then
	check "report-shot: the page as a phone and a desktop show it" \
	    sh "$XF_ROOT/scripts/report-shot" sample-zh.html shot.png
	is "$(png_width shot.png) $(png_width shot-desktop.png)" "420 1280" \
	    "report-shot: a phone's width and a desktop's"
else
	skip "report-shot: no chromium (apt-get install chromium), or a slow run"
	skip "report-shot: no chromium, or a slow run"
fi
