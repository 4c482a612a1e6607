/*
 * utf8.c: strict UTF-8 checking at every boundary, display widths and
 * conversion from GB18030, GBK and Big5. The legacy byte strings were
 * made with iconv(1), e.g. `printf 中文 | iconv -t GB18030 | xxd`.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

enum { LONG = 40, BADMAX = 20 };

/* xf_utf8_valid over a string literal's bytes, NULs included. */
#define VALID(lit)	xf_utf8_valid((lit), sizeof(lit) - 1)

static void
test_valid(void)
{
	ok(VALID(""), "empty is valid");
	ok(VALID("plain ascii"), "ascii");
	ok(VALID("\x7F"), "U+007F, last one-byte");
	ok(VALID("\xC2\x80"), "U+0080, first two-byte");
	ok(VALID("\xDF\xBF"), "U+07FF, last two-byte");
	ok(VALID("\xE0\xA0\x80"), "U+0800, first three-byte");
	ok(VALID("\xED\x9F\xBF"), "U+D7FF, before the surrogates");
	ok(VALID("\xEE\x80\x80"), "U+E000, after the surrogates");
	ok(VALID("\xEF\xBF\xBF"), "U+FFFF, last three-byte");
	ok(VALID("\xF0\x90\x80\x80"), "U+10000, first four-byte");
	ok(VALID("\xF4\x8F\xBF\xBF"), "U+10FFFF, last code point");
	ok(VALID("中文😀 mixed ascii"), "CJK, emoji and ascii");
}

static void
test_invalid(void)
{
	ok(!VALID("\xF4\x90\x80\x80"), "U+110000 rejected");
	ok(!VALID("\xED\xA0\x80"), "surrogate U+D800 rejected");
	ok(!VALID("\xED\xBF\xBF"), "surrogate U+DFFF rejected");
	ok(!VALID("\xC0\x80"), "overlong NUL C0 80 rejected");
	ok(!VALID("\xC1\xBF"), "overlong C1 BF rejected");
	ok(!VALID("\xE0\x80\x80"), "overlong E0 80 80 rejected");
	ok(!VALID("\xE0\x9F\xBF"), "overlong E0 9F BF rejected");
	ok(!VALID("\xF0\x80\x80\x80"), "overlong F0 80 80 80 rejected");
	ok(!VALID("\xF0\x8F\xBF\xBF"), "overlong F0 8F BF BF rejected");
	ok(!VALID("\xF5\x80\x80\x80"), "F5 lead rejected");
	ok(!VALID("\xFF"), "FF rejected");
	ok(!VALID("\xFE"), "FE rejected");
	ok(!VALID("\x80"), "stray continuation rejected");
	ok(!VALID("ab\xBF" "cd"), "stray continuation mid-string rejected");
	ok(!VALID("\xC3"), "two-byte cut at the end rejected");
	ok(!VALID("abc\xE4\xB8"), "three-byte cut at the end rejected");
	ok(!VALID("\xF0\x9F\x98"), "four-byte cut at the end rejected");
	ok(!VALID("\xE4\xB8" "a"), "three-byte cut by ascii rejected");
	ok(!VALID("\xC3\xC3\xA9"), "lead byte in place of continuation");
	ok(!VALID("a\0b"), "NUL inside rejected");
	ok(!VALID("\0"), "lone NUL rejected");
	ok(!VALID("12345678\0abcdefgh"), "NUL inside an aligned word rejected");
	ok(xf_utf8_valid("ab\0", 2), "length stops before a NUL");
	ok(xf_utf8_valid("\xE4\xB8\xAD", 3) && !xf_utf8_valid("\xE4\xB8\xAD", 2),
	    "length cuts a sequence");
}

/* A bad byte at every position of a long ascii run: the word path. */
static void
test_fast_path(void)
{
	static const char bad[] = { '\x80', '\xFF', '\0', '\xC3' };
	char s[LONG];
	size_t pos, b, len, wrong = 0;

	memset(s, 'x', sizeof(s));
	for (len = 0; len <= sizeof(s); len++)
		if (!xf_utf8_valid(s, len))
			wrong++;
	is_int(wrong, 0, "ascii runs of length 0..40 valid");
	for (b = 0; b < sizeof(bad); b++)
		for (pos = 0; pos <= BADMAX; pos++) {
			s[pos] = bad[b];
			if (xf_utf8_valid(s, sizeof(s)))
				wrong++;
			/* The same with the run ending right after it. */
			if (xf_utf8_valid(s, pos + 1))
				wrong++;
			s[pos] = 'x';
		}
	is_int(wrong, 0, "bad byte at each position 0..20 found");
	/* Every byte with the high bit set, in every lane of a word. */
	for (b = 0x80; b <= 0xFF; b++)
		for (pos = 0; pos < 16; pos++) {
			s[pos] = (char)b;
			if (xf_utf8_valid(s, 16))
				wrong++;
			s[pos] = 'x';
		}
	is_int(wrong, 0, "any lone high byte in any lane found");
	memcpy(s + 9, "\xE4\xB8\xAD", 3);
	ok(xf_utf8_valid(s, sizeof(s)), "CJK mid-run after a word");
}

static void
test_width(void)
{
	is_int(xf_utf8_width(""), 0, "width of empty");
	is_int(xf_utf8_width("abc"), 3, "width of ascii");
	is_int(xf_utf8_width("中文"), 4, "CJK ideographs are 2 each");
	is_int(xf_utf8_width("abc中文😀"), 9, "abc中文😀");
	is_int(xf_utf8_width("ＡＢＣ"), 6, "full-width Latin is 2 each");
	is_int(xf_utf8_width("ｱｲｳ"), 3, "half-width katakana is 1 each");
	is_int(xf_utf8_width("한국"), 4, "Hangul syllables are 2 each");
	is_int(xf_utf8_width("e\xCC\x81"), 1, "combining acute takes no column");
	is_int(xf_utf8_width("a\tb\n"), 2, "controls take no column");
	is_int(xf_utf8_width("\xC2\x85"), 0, "C1 control takes no column");
	is_int(xf_utf8_width("a\xFF\xFE" "b"), 4, "invalid bytes are 1 each");
	is_int(xf_utf8_width("\xE4\xB8"), 2, "cut sequence is 1 a byte");
	is_int(xf_utf8_width("é"), 1, "Latin-1 letter is 1");
	is_int(xf_utf8_width("🤔"), 2, "U+1F914 is 2");
	is_int(xf_utf8_width("\xF0\xA0\x80\x80"), 2, "U+20000 is 2");
	is_int(xf_utf8_width("，。"), 4, "full-width punctuation is 2 each");
}

static void
test_conv_ok(const char *charset, const char *in, const char *want)
{
	struct xf_err err = { .msg = "" };
	struct xf_buf out = { 0 };
	struct xf_conv *c;
	char name[128];

	snprintf(name, sizeof(name), "%s converts", charset);
	if ((c = xf_conv_open(charset, &err)) == NULL) {
		ok(0, name);
		printf("#   %s\n", err.msg);
		return;
	}
	xf_buf_adds(&out, "> ");
	is_int(xf_conv_run(c, in, strlen(in), &out, &err), 0, name);
	is_str(xf_buf_str(&out), want, "appended after what was there");
	xf_conv_close(c);
	xf_buf_free(&out);
}

static void
test_conv(void)
{
	struct xf_err err = { .msg = "" };
	struct xf_buf out = { 0 };
	struct xf_conv *c;

	test_conv_ok("GB18030", "\xD6\xD0\xCE\xC4", "> 中文");
	test_conv_ok("gbk", "\xD6\xD0\xCE\xC4", "> 中文");
	test_conv_ok("GB2312", "\xD6\xD0\xCE\xC4 ok", "> 中文 ok");
	test_conv_ok("Cp936", "\xD6\xD0\xCE\xC4", "> 中文");
	test_conv_ok("BIG5", "\xA4\xA4\xA4\xE5", "> 中文");
	test_conv_ok("ISO-8859-1", "caf\xE9", "> café");
	/* A four-byte GB18030 code: U+20000 𠀀 is 95 32 82 36. */
	test_conv_ok("gbk", "\x95\x32\x82\x36", "> \xF0\xA0\x80\x80");

	ok((c = xf_conv_open("gb18030", &err)) != NULL, "open gb18030");
	if (c == NULL)
		return;
	xf_buf_adds(&out, "kept");
	is_int(xf_conv_run(c, "\xD6\xD0\xFF\xC4", 4, &out, &err), -1,
	    "invalid GB18030 byte fails");
	is_str(err.msg, "invalid gb18030 sequence at byte 2", "error names offset");
	is_str(xf_buf_str(&out), "kept", "buffer unchanged after error");
	is_int(out.len, 4, "buffer length unchanged after error");
	is_int(xf_conv_run(c, "\xD6\xD0\xCE", 3, &out, &err), -1,
	    "sequence cut at the end fails");
	is_str(err.msg, "invalid gb18030 sequence at byte 2", "cut error offset");
	is_str(xf_buf_str(&out), "kept", "buffer unchanged after cut");
	is_int(xf_conv_run(c, "\xCE\xC4", 2, &out, &err), 0,
	    "converter usable after a failure");
	is_str(xf_buf_str(&out), "kept文", "no state carried over");
	is_int(xf_conv_run(c, "a\0b", 3, &out, &err), -1, "NUL is refused");
	is_str(xf_buf_str(&out), "kept文", "buffer unchanged after NUL");
	is_int(xf_conv_run(c, "", 0, &out, &err), 0, "empty input converts");
	xf_conv_close(c);
	xf_buf_free(&out);

	err.msg[0] = '\0';
	ok(xf_conv_open("no-such-charset", &err) == NULL, "unknown charset fails");
	is_str(err.msg, "unknown character set 'no-such-charset'",
	    "unknown charset error");
	xf_conv_close(NULL);
}

/* Output longer than one staging chunk. */
static void
test_conv_long(void)
{
	struct xf_err err = { .msg = "" };
	struct xf_buf in = { 0 }, out = { 0 };
	struct xf_conv *c;
	size_t i, n = 3000;

	for (i = 0; i < n; i++)
		xf_buf_add(&in, "\xD6\xD0", 2);
	if ((c = xf_conv_open("GB18030", &err)) == NULL) {
		ok(0, "open for long input");
		return;
	}
	is_int(xf_conv_run(c, in.p, in.len, &out, &err), 0, "long input");
	is_int(out.len, 3 * n, "long output is every character");
	ok(xf_utf8_valid(out.p, out.len) &&
	    memcmp(out.p + out.len - 3, "中", 3) == 0, "long output ends right");
	xf_conv_close(c);
	xf_buf_free(&in);
	xf_buf_free(&out);
}

int
main(void)
{
	test_valid();
	test_invalid();
	test_fast_path();
	test_width();
	test_conv();
	test_conv_long();
	return done_testing();
}
