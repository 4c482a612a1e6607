/*
 * sniff.c: what the first bytes of a table say before it is parsed: its
 * byte order mark (xf_bom), whether a -e label is a wide encoding and
 * agrees with a mark, UTF-16's byte order from its zero bytes, UTF-16
 * without a mark, the separator of the first line (xf_rows_sniff), and
 * a header cell that reads as data (xf_cell_looks_data).
 *
 * The marks are the Unicode Standard's (section 23.8, table 23-4):
 * EF BB BF, FE FF, FF FE, 00 00 FE FF, FF FE 00 00.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

/* The encoding the mark of s[0..n) names, or "-" for none; *len its length. */
static const char *
bom(const char *s, size_t n, size_t *len)
{
	const char *cs;

	*len = xf_bom(s, n, &cs);
	return cs ? cs : "-";
}

static void
marks(void)
{
	size_t len;

	is_str(bom("\xef\xbb\xbfsubject", 10, &len), "UTF-8", "UTF-8 mark");
	is_int((int)len, 3, "UTF-8 mark: 3 bytes");
	is_str(bom("\xff\xfes\0", 4, &len), "UTF-16LE", "UTF-16LE mark");
	is_int((int)len, 2, "UTF-16LE mark: 2 bytes");
	is_str(bom("\xfe\xff\0s", 4, &len), "UTF-16BE", "UTF-16BE mark");
	is_str(bom("\xff\xfe\0\0s\0\0\0", 8, &len), "UTF-32LE",
	    "UTF-32LE mark, not UTF-16LE's and a NUL");
	is_int((int)len, 4, "UTF-32LE mark: 4 bytes");
	is_str(bom("\0\0\xfe\xff", 4, &len), "UTF-32BE", "UTF-32BE mark");
	is_str(bom("\xff\xfe", 2, &len), "UTF-16LE",
	    "a UTF-16LE mark alone (an empty file)");
	is_str(bom("\xef\xbb", 2, &len), "-", "half a UTF-8 mark: none");
	is_int((int)len, 0, "no mark: 0 bytes");
	is_str(bom("subject", 7, &len), "-", "ASCII: no mark");
	is_str(bom("", 0, &len), "-", "empty: no mark");
}

static void
labels(void)
{
	ok(xf_charset_wide("utf-16"), "utf-16 is wide");
	ok(xf_charset_wide("UTF-16LE"), "UTF-16LE is wide");
	ok(xf_charset_wide("utf_16_be"), "utf_16_be is wide");
	ok(xf_charset_wide("UCS-2"), "UCS-2 is wide");
	ok(xf_charset_wide("unicode"), "unicode (Excel's word) is wide");
	ok(xf_charset_wide("utf-32"), "utf-32 is wide");
	ok(!xf_charset_wide("utf-8"), "utf-8 is not wide");
	ok(!xf_charset_wide("gb18030"), "gb18030 is not wide");
	ok(!xf_charset_wide("utf-16x"), "utf-16x is no label of the family");

	ok(xf_charset_agrees("utf-16", "UTF-16LE"), "utf-16 agrees with LE");
	ok(xf_charset_agrees("utf-16", "UTF-16BE"), "utf-16 agrees with BE");
	ok(xf_charset_agrees("utf-16le", "UTF-16LE"), "utf-16le with LE");
	ok(!xf_charset_agrees("utf-16be", "UTF-16LE"), "utf-16be: not LE");
	ok(!xf_charset_agrees("utf-16", "UTF-32LE"), "utf-16: not UTF-32");
	ok(!xf_charset_agrees("utf-16", "UTF-8"), "utf-16: not UTF-8");
	ok(xf_charset_agrees("utf8", "UTF-8"), "utf8 agrees with UTF-8");
	ok(!xf_charset_agrees("gb18030", "UTF-8"), "gb18030: not UTF-8");
	ok(!xf_charset_agrees("gb18030", "UTF-16LE"), "gb18030: not UTF-16");
}

static void
order(void)
{
	/* "subject" in each byte order. */
	static const char le[] = "s\0u\0b\0j\0e\0c\0t\0";
	static const char be[] = "\0s\0u\0b\0j\0e\0c\0t";
	/* 投诉 (U+6295 U+8BC9): no zero byte either way. */
	static const char zh[] = "\x95\x62\xc9\x8b";

	is_str(xf_charset_wide_name("utf-16", le, 14), "UTF-16LE",
	    "utf-16, zeros after: little-endian");
	is_str(xf_charset_wide_name("utf-16", be, 14), "UTF-16BE",
	    "utf-16, zeros before: big-endian");
	is_str(xf_charset_wide_name("utf-16", zh, 4), "UTF-16LE",
	    "utf-16, no zeros: little-endian, as Windows writes");
	is_str(xf_charset_wide_name("UTF-16BE", le, 14), "UTF-16BE",
	    "a label with its order keeps it");
	is_str(xf_charset_wide_name("utf-32", "", 0), "UTF-32BE",
	    "utf-32 without a mark: big-endian, as the standard says");
	is_str(xf_charset_wide_name("gb18030", le, 14), "gb18030",
	    "a label that is not wide is kept");

	ok(xf_utf16_like(le, 14), "LE ASCII looks like UTF-16");
	ok(xf_utf16_like(be, 14), "BE ASCII looks like UTF-16");
	ok(!xf_utf16_like("subject,body\n", 13), "ASCII does not");
	ok(xf_utf16_like("a\0b\0", 4), "two pairs are enough");
	ok(!xf_utf16_like("a\0", 2), "one pair is not");
	ok(!xf_utf16_like("a\0\0b", 4), "zeros of both parities: not");
}

static char
sniff(const char *s)
{
	return xf_rows_sniff(s, strlen(s));
}

static void
separators(void)
{
	is_int(sniff("subject,body\n"), ',', "commas");
	is_int(sniff("subject;body\r\nx,y;z\n"), ';',
	    "semicolons: only the first line counts");
	is_int(sniff("subject\tbody, note\n"), '\t', "a tab wins over commas");
	is_int(sniff("subject;body,note\n"), ',',
	    "semicolons and a comma: not guessed, commas");
	is_int(sniff("\"a;b\",c\n"), ',', "a quoted semicolon is data");
	is_int(sniff("\"a\nb\";c\n"), ';',
	    "a line break in quotes does not end the line");
	is_int(sniff("\r\n\nsubject;body\n"), ';', "blank lines first skipped");
	is_int(sniff("subject"), ',', "one column: commas");
	is_int(sniff(""), ',', "empty: commas");
}

static void
data_cells(void)
{
	ok(xf_cell_looks_data("2026-03-05"), "an ISO date");
	ok(xf_cell_looks_data("05/03/2026"), "a day/month date");
	ok(xf_cell_looks_data("2026年3月5日"), "a Chinese date");
	ok(xf_cell_looks_data("09:15"), "a time");
	ok(xf_cell_looks_data("13800138000"), "a mobile number");
	ok(xf_cell_looks_data("+86 10 6512 3456"), "a phone number");
	ok(xf_cell_looks_data("12.50"), "an amount");
	ok(xf_cell_looks_data("zhang@example.com"), "an e-mail address");
	ok(xf_cell_looks_data("路灯坏了三天，晚上很危险"), "a Chinese sentence");
	ok(xf_cell_looks_data("My bill was charged twice this month and "
	    "nobody has answered my calls"), "a long English sentence");
	ok(!xf_cell_looks_data("Date received"), "a name");
	ok(!xf_cell_looks_data("投诉时间"), "a Chinese name");
	ok(!xf_cell_looks_data("ZIP code"), "a name with letters");
	ok(!xf_cell_looks_data("Q1 2026"), "digits with letters: a name");
	ok(!xf_cell_looks_data("No."), "a short name");
	ok(!xf_cell_looks_data("id"), "id");
	ok(!xf_cell_looks_data(""), "an empty header cell");
	ok(!xf_cell_looks_data("Consumer complaint narrative"),
	    "the CFPB's longest name");
}

int
main(void)
{
	marks();
	labels();
	order();
	separators();
	data_cells();
	return done_testing();
}
