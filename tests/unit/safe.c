/*
 * safe.c: xf_safe_text, the one filter between a complainant's text and
 * a terminal.  Expected strings are written by hand from the byte values
 * (ECMA-48 for C0/C1, Unicode for U+202E and U+2066), not produced by
 * the code under test.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

/* xf_safe_text of a literal's bytes in mode, as a string (static). */
static const char *
safe(const char *s, size_t len, enum xf_safe mode)
{
	static struct xf_buf b;

	xf_buf_reset(&b);
	if (xf_safe_text(&b, s, len, mode) == -1)
		return "(out of memory)";
	return xf_buf_str(&b);
}

#define LINE(lit)	safe((lit), sizeof(lit) - 1, XF_SAFE_LINE)
#define BLOCK(lit)	safe((lit), sizeof(lit) - 1, XF_SAFE_BLOCK)
#define TSV(lit)	safe((lit), sizeof(lit) - 1, XF_SAFE_TSV)

static void
test_kept(void)
{
	is_str(LINE(""), "", "empty");
	is_str(LINE("plain text, 中文 and é"), "plain text, 中文 and é",
	    "printable ASCII, CJK, Latin-1 letters kept");
	is_str(LINE("\xE2\x80\x8F\xD8\xA7\xE2\x80\x8E"),
	    "\xE2\x80\x8F\xD8\xA7\xE2\x80\x8E", "bidi marks U+200F/U+200E kept");
	is_str(LINE("\xC2\xA0nbsp"), "\xC2\xA0nbsp", "U+00A0, first after C1");
	is_str(LINE("back\\slash"), "back\\slash",
	    "a backslash is text for people");
}

static void
test_controls(void)
{
	is_str(LINE("a\x1b[2Jb"), "a\\x1b[2Jb", "CSI: ESC escaped");
	is_str(LINE("\x1b]0;title\x07"), "\\x1b]0;title\\x07",
	    "OSC title: ESC and BEL");
	is_str(LINE("\x1b]52;c;ZXZpbA==\x1b\\"), "\\x1b]52;c;ZXZpbA==\\x1b\\",
	    "OSC 52 ended by ST");
	is_str(LINE("a\x7f" "b"), "a\\x7fb", "DEL");
	is_str(LINE("\x01\x08\x0b\x0c\x1f"), "\\x01\\x08\\x0b\\x0c\\x1f",
	    "other C0");
	is_str(LINE("\xC2\x80\xC2\x85\xC2\x9B\xC2\x9F"),
	    "\\xc2\\x80\\xc2\\x85\\xc2\\x9b\\xc2\\x9f",
	    "C1 U+0080, NEL, CSI, U+009F as UTF-8");
	is_str(LINE("a\x9b" "2J"), "a\\x9b2J", "a raw 0x9b byte (not UTF-8)");
	is_str(LINE("\xE4\xB8"), "\\xe4\\xb8", "a cut sequence, byte by byte");
	is_str(LINE("\xC0\x80"), "\\xc0\\x80", "overlong NUL");
	is_str(LINE("x\xE2\x80\xAEgpj.exe"), "x\\xe2\\x80\\xaegpj.exe",
	    "U+202E RIGHT-TO-LEFT OVERRIDE");
	is_str(LINE("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9"),
	    "\\xe2\\x80\\xaa\\xe2\\x81\\xa6\\xe2\\x81\\xa9",
	    "U+202A embedding, U+2066 and U+2069 isolates");
	is_str(LINE("a\xE2\x80\xA8" "b"), "a\\xe2\\x80\\xa8b",
	    "U+2028 LINE SEPARATOR");
}

static void
test_modes(void)
{
	is_str(LINE("a\tb\nc\r\nd\re"), "a b c d e",
	    "line: tab, LF, CRLF (as one) and CR are spaces");
	is_str(BLOCK("a\tb\nc\r\nd\re\n"), "a\tb\nc\nd\\x0de\n",
	    "block: tab and LF kept, CRLF as LF, a lone CR escaped");
	is_str(TSV("a\tb\nc\r\\d\x1b" "e"), "a\\tb\\nc\\r\\\\d\\x1be",
	    "tsv: \\t \\n \\r \\\\ and \\xHH");
	is_str(TSV("\\x1b"), "\\\\x1b", "tsv: a written \\x1b stays text");
}

static void
test_piece(void)
{
	char piece[XF_SAFE_PIECE];

	is_int(xf_safe_piece("\xE2\x80\xAE!", 4, XF_SAFE_LINE, piece), 3,
	    "piece: U+202E is 3 bytes");
	is_str(piece, "\\xe2\\x80\\xae", "piece: its escape");
	is_int(xf_safe_piece("\xF0\x9F\x98\x80", 4, XF_SAFE_LINE, piece), 4,
	    "piece: an emoji is 4 bytes");
	is_str(piece, "\xF0\x9F\x98\x80", "piece: kept");
	is_int(xf_safe_piece("\r\n", 2, XF_SAFE_BLOCK, piece), 2,
	    "piece: CRLF taken whole");
}

int
main(void)
{
	test_kept();
	test_controls();
	test_modes();
	test_piece();
	return done_testing();
}
