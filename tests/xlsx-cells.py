#!/usr/bin/env python3
# xlsx-cells.py FILE [SHEET]: the cells of a workbook's sheet (1 by
# default), one a line: "REF<TAB>KIND<TAB>FORMAT<TAB>VALUE", KIND s for
# a string (shared or inline), n for a number, f when the cell holds a
# formula; FORMAT the number format of its style, or "-".  Then lines
# "pane<TAB>..." (the frozen pane), "cols<TAB>N" (columns given a
# width) and "sheet<TAB>NAME" for every sheet of the workbook.
# Used by tests/0167 and 0169; reads the XML with the standard library.
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
BUILTIN = {0: "General", 14: "m/d/yyyy", 22: "m/d/yyyy h:mm"}


def text(si):
    return "".join(t.text or "" for t in si.iter(
        "{%s}t" % NS["m"]))


def main():
    z = zipfile.ZipFile(sys.argv[1])
    n = sys.argv[2] if len(sys.argv) > 2 else "1"
    names = z.namelist()
    shared = []
    if "xl/sharedStrings.xml" in names:
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = [text(si) for si in root.findall("m:si", NS)]
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = dict(BUILTIN)
    for nf in styles.iterfind(".//m:numFmts/m:numFmt", NS):
        fmts[int(nf.get("numFmtId"))] = nf.get("formatCode")
    xfs = [int(x.get("numFmtId", "0"))
           for x in styles.findall("m:cellXfs/m:xf", NS)]
    sheet = ET.fromstring(z.read("xl/worksheets/sheet%s.xml" % n))
    out = []
    for c in sheet.iter("{%s}c" % NS["m"]):
        t = c.get("t", "n")
        v = c.find("m:v", NS)
        fmt = fmts.get(xfs[int(c.get("s", "0"))], "?")
        if c.find("m:f", NS) is not None:
            kind, val = "f", c.find("m:f", NS).text
        elif t == "s":
            kind, val = "s", shared[int(v.text)]
        elif t == "inlineStr":
            kind, val = "s", text(c.find("m:is", NS))
        elif t == "str":
            kind, val = "f", v.text
        else:
            kind, val = "n", v.text if v is not None else ""
        out.append("%s\t%s\t%s\t%s" % (c.get("r"), kind,
                   "-" if fmt == "General" else fmt, val))
    pane = sheet.find(".//m:pane", NS)
    if pane is not None:
        out.append("pane\t%s\t%s\t%s" % (pane.get("ySplit"),
                   pane.get("topLeftCell"), pane.get("state")))
    out.append("cols\t%d" % len(sheet.findall("m:cols/m:col", NS)))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    for s in wb.iterfind("m:sheets/m:sheet", NS):
        out.append("sheet\t%s" % s.get("name"))
    sys.stdout.write("".join(line + "\n" for line in out))


main()
