/*
 * fingerprint.c: text normalisation, and fingerprints that match for the
 * same complaint delivered twice and differ otherwise. The pinned digests
 * come from sha256sum over the bytes the format prescribes, e.g.
 * `printf 'hello world\x1f你好 世界\x1fli@example.cn\x1f20517' | sha256sum`.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

enum {
	DAY = 86400,
	T0 = 1772668800		/* 2026-03-05T00:00:00Z, UTC day 20517 */
};

static void
norm(const char *in, const char *want, const char *name)
{
	struct xf_buf out = { 0 };

	is_int(xf_text_normalize(in, strlen(in), &out), 0, name);
	is_str(xf_buf_str(&out), want, name);
	xf_buf_free(&out);
}

static void
test_normalize(void)
{
	struct xf_buf out = { 0 };

	norm("", "", "empty");
	norm("Hello World", "hello world", "ascii lower-cased");
	norm("ＡＢＣ１２３", "abc123", "full-width folded and lower-cased");
	norm("ｈｅｌｌｏ，ｗｏｒｌｄ！", "hello world", "full-width punctuation parts");
	norm("你好，世界！", "你好 世界", "Chinese punctuation");
	norm("“投诉”：《关于…的问题》【紧急】、请回复。",
	    "投诉 关于 的问题 紧急 请回复", "CJK brackets and quotes");
	norm("  a \t\n b\r\n\u3000c  ", "a b c", "runs of mixed white space");
	norm("\u3000\u3000你好\u3000", "你好", "ideographic space trimmed");
	norm("...Hello!!!", "hello", "leading and trailing punctuation");
	norm("a-b_c.d@e", "a b c d e", "ASCII punctuation parts");
	norm("人々 二〇二六年", "人々 二〇二六年", "々 and 〇 are kept");
	norm("Ünïcödé ΑΒΓ", "Ünïcödé ΑΒΓ", "non-ASCII letters as written");
	norm("😀 ok", "😀 ok", "emoji kept");
	norm("你\u200B好", "你好", "zero-width space vanishes");
	norm("\uFEFFabc", "abc", "byte order mark vanishes");
	norm("a\u00A0b", "a b", "no-break space parts");
	norm("ｶﾀｶﾅ｡", "ｶﾀｶﾅ", "half-width katakana kept, ｡ parts");

	xf_buf_adds(&out, "x:");
	is_int(xf_text_normalize(" A b ", 5, &out), 0, "appends");
	is_str(xf_buf_str(&out), "x:a b", "appends with no leading space");
	xf_buf_reset(&out);
	is_int(xf_text_normalize("a\0b", 3, &out), 0, "embedded NUL");
	is_str(xf_buf_str(&out), "a b", "embedded NUL parts words");
	xf_buf_reset(&out);
	is_int(xf_text_normalize("a\xFF" "b\xE4", 4, &out), 0, "invalid bytes");
	ok(out.len == 4 && memcmp(out.p, "a\xFF" "b\xE4", 4) == 0,
	    "invalid bytes kept as written");
	xf_buf_free(&out);
	is_int(xf_text_normalize(NULL, 0, &out), 0, "NULL normalises");
	is_str(xf_buf_str(&out), "", "NULL is empty");
	xf_buf_free(&out);
}

static int
same(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, XF_FPLEN) == 0;
}

static void
hex(const unsigned char *fp, char *out)
{
	xf_hex(fp, XF_FPLEN, out);
}

/* The key of schema 2, kept for the migration to schema 3: pinned so
 * the migration recognises exactly the keys old stores hold. */
static void
test_v2_pinned(void)
{
	unsigned char fp[XF_FPLEN];
	char h[2 * XF_FPLEN + 1];

	/*
	 * printf 'hello world\x1f你好 世界\x1fli@example.cn\x1f20517' |
	 * sha256sum, first 32 hex digits.
	 */
	is_int(xf_fingerprint_v2("Hello,  WORLD!", "你好，世界！", " Li@Example.CN ",
	    T0 + 3600, fp), 0, "fingerprint");
	hex(fp, h);
	is_str(h, "86003692d8215522973c1a1e6fb26a92", "pinned fingerprint");

	/* printf '\x1f\x1f\x1f0' | sha256sum */
	xf_fingerprint_v2(NULL, NULL, NULL, 0, fp);
	hex(fp, h);
	is_str(h, "8c1f7b0704f8858e8ccf4611e5d97241", "all empty, epoch");

	/* printf '\x1f\x1f\x1f-1' | sha256sum: floor, not truncation */
	xf_fingerprint_v2("", "", "", -1, fp);
	hex(fp, h);
	is_str(h, "656c9889029bc158d00d735c703c7289", "day -1 for 1969-12-31");
}

static void
test_v2_same(void)
{
	unsigned char a[XF_FPLEN], b[XF_FPLEN];

	xf_fingerprint_v2("Road repair", "The road at 中山路 is broken, please fix!",
	    "13800138000", T0 + 100, a);
	xf_fingerprint_v2("ROAD   REPAIR.", "the road at 中山路 is broken please fix",
	    "138 0013 8000", T0 + 100, b);
	ok(same(a, b), "case, spacing and punctuation ignored");
	xf_fingerprint_v2("ｒｏａｄ　ｒｅｐａｉｒ", "The road at 中山路 is broken，please fix！",
	    "13800138000", T0 + 100, b);
	ok(same(a, b), "full-width forms ignored");
	xf_fingerprint_v2("Road repair", "The road at 中山路 is broken, please fix!",
	    "13800138000", T0 + DAY - 1, b);
	ok(same(a, b), "same UTC day, later time");
	xf_fingerprint_v2("Road repair", "The road at 中山路 is broken, please fix!",
	    "13800138000", T0, b);
	ok(same(a, b), "same UTC day, midnight");

	xf_fingerprint_v2("s", "b", "Li@Example.CN", T0, a);
	xf_fingerprint_v2("s", "b", " li@example.cn\t", T0, b);
	ok(same(a, b), "contact case and white space ignored");

	xf_fingerprint_v2(NULL, NULL, NULL, T0, a);
	xf_fingerprint_v2("", "", "", T0, b);
	ok(same(a, b), "NULL equals empty");
	xf_fingerprint_v2("!!!", "。。。", "  ", T0, b);
	ok(same(a, b), "punctuation only equals empty");

	xf_fingerprint_v2("", "", "", -DAY, a);
	xf_fingerprint_v2("", "", "", -1, b);
	ok(same(a, b), "before 1970 days round down");
}

static void
test_v2_differ(void)
{
	unsigned char a[XF_FPLEN], b[XF_FPLEN];

	xf_fingerprint_v2("s", "body", "c", T0, a);
	xf_fingerprint_v2("s", "body", "c", T0 + DAY, b);
	ok(!same(a, b), "next day differs");
	xf_fingerprint_v2("s", "body", "c", T0 - 1, b);
	ok(!same(a, b), "day before differs");
	xf_fingerprint_v2("s", "body", "d", T0, b);
	ok(!same(a, b), "other contact differs");
	xf_fingerprint_v2("s", "body2", "c", T0, b);
	ok(!same(a, b), "other body differs");
	xf_fingerprint_v2("s2", "body", "c", T0, b);
	ok(!same(a, b), "other subject differs");
	xf_fingerprint_v2("sbody", "", "c", T0, b);
	ok(!same(a, b), "fields do not run together");
	xf_fingerprint_v2("s", "bo dy", "c", T0, b);
	ok(!same(a, b), "a word break counts");
}

/* The fingerprint of a call, for short tests. */
static void
fp(const char *subject, const char *body, const char *name,
    const char *contact, int64_t at, int timed, unsigned char out[XF_FPLEN])
{
	struct xf_fpin in = {
		.subject = subject, .body = body, .complainant = name,
		.contact = contact, .at = at, .timed = timed,
	};

	xf_fingerprint(&in, out);
}

static void
test_pinned(void)
{
	unsigned char a[XF_FPLEN];
	char h[2 * XF_FPLEN + 1];

	/*
	 * printf 'hello world\x1f你好 世界\x1fzhang san\x1fli@example.cn'\
	 * '\x1f1772672400' | sha256sum, first 32 hex digits.
	 */
	fp("Hello,  WORLD!", "你好，世界！", "  Zhang \t SAN ", " Li@Example.CN ",
	    T0 + 3600, 1, a);
	hex(a, h);
	is_str(h, "15a51e8d7112339556135a7185d8c05b", "pinned fingerprint");

	/* printf '\x1f\x1f\x1f\x1f' | sha256sum: no time, nothing after */
	fp(NULL, NULL, NULL, NULL, T0, 0, a);
	hex(a, h);
	is_str(h, "10e7fb50515179ec39dc8dec4958a936", "all empty, no time");

	/* printf '\x1f\x1f\x1f\x1f0' | sha256sum: the epoch is a time */
	fp("", "", "", "", 0, 1, a);
	hex(a, h);
	is_str(h, "290c208a3a9bc3b4e3cc8f9ffff5825e", "all empty, epoch");

	/* printf 's\x1fb\x1f张三\x1f\x1f-1' | sha256sum */
	fp("s", "b", "张三", NULL, -1, 1, a);
	hex(a, h);
	is_str(h, "f884b97ae645f2d90c98f8a315308816", "seconds before 1970");
}

static void
test_same(void)
{
	unsigned char a[XF_FPLEN], b[XF_FPLEN];

	fp("小区断网", "家里断网了", "张三", NULL, T0 + 100, 1, a);
	fp("小区断网！", "家里断网了。", "张三", "", T0 + 100, 1, b);
	ok(same(a, b), "the same words, person and second");
	fp("s", "b", "Zhang San", "c", T0, 1, a);
	fp("s", "b", " zhang\t\tSAN\n", "c", T0, 1, b);
	ok(same(a, b), "complainant: ASCII case and white space folded");
	fp("s", "b", "n", "c", T0, 0, a);
	fp("s", "b", "n", "c", T0 + 5 * DAY, 0, b);
	ok(same(a, b), "no time: any day is the same");
	fp("s", "b", NULL, "c", T0, 1, a);
	fp("s", "b", "  ", "c", T0, 1, b);
	ok(same(a, b), "no complainant equals a blank one");
}

static void
test_differ(void)
{
	unsigned char a[XF_FPLEN], b[XF_FPLEN];

	fp("小区断网", "家里断网了", "张三", NULL, T0, 0, a);
	fp("小区断网", "家里断网了", "李四", NULL, T0, 0, b);
	ok(!same(a, b), "another complainant differs");
	fp("s", "b", "n", "c", T0, 1, a);
	fp("s", "b", "n", "c", T0 + 1, 1, b);
	ok(!same(a, b), "another second differs");
	fp("s", "b", "n", "c", T0, 0, b);
	ok(!same(a, b), "a time and no time differ");
	fp("s", "b", "n", "d", T0, 1, b);
	ok(!same(a, b), "another contact differs");
	fp("s", "b", "张三", "c", T0, 1, a);
	fp("s", "b", "张 三", "c", T0, 1, b);
	ok(!same(a, b), "a space inside a Chinese name counts");
	fp("s", "b", "nc", "", T0, 1, a);
	fp("s", "b", "n", "c", T0, 1, b);
	ok(!same(a, b), "complainant and contact do not run together");
	fp("s", "b", "n", "c", T0, 1, a);
	xf_fingerprint_v2("s", "b", "c", T0, b);
	ok(!same(a, b), "unlike the schema 2 key");
}

/* The content key: 02, the second big-endian with its sign bit
 * flipped (T0 is 0x69A8C780; -1 is all ones, flipped 7F FF ...), zeros
 * without a time, then the fingerprint. */
static void
test_content_key(void)
{
	static const unsigned char t0[9] = {
		0x02, 0x80, 0, 0, 0, 0x69, 0xA8, 0xC7, 0x80 };
	static const unsigned char minus1[9] = {
		0x02, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	static const unsigned char none[9] = { 0x02 };
	struct xf_fpin in = {
		.subject = "s", .body = "b", .complainant = "n",
		.contact = "c", .at = T0, .timed = 1,
	};
	unsigned char k[XF_CKEYLEN], later[XF_CKEYLEN], f[XF_FPLEN];

	is_int(XF_CKEYLEN, 25, "a content key is 25 bytes");
	is_int(xf_content_key(&in, k), 0, "content key made");
	ok(memcmp(k, t0, sizeof(t0)) == 0, "02 and the second, big-endian");
	xf_fingerprint(&in, f);
	ok(memcmp(k + 9, f, XF_FPLEN) == 0, "then the fingerprint");
	in.at = T0 + DAY;
	xf_content_key(&in, later);
	ok(memcmp(k, later, sizeof(k)) < 0, "a later second sorts after");
	in.at = -1;
	xf_content_key(&in, later);
	ok(memcmp(later, minus1, sizeof(minus1)) == 0 &&
	    memcmp(later, k, sizeof(k)) < 0,
	    "a second before 1970 sorts before");
	in.at = T0;
	in.timed = 0;
	xf_content_key(&in, k);
	ok(memcmp(k, none, sizeof(none)) == 0 &&
	    memcmp(k, later, sizeof(k)) < 0, "no time: zeros, first of all");
}

int
main(void)
{
	test_normalize();
	test_v2_pinned();
	test_v2_same();
	test_v2_differ();
	test_pinned();
	test_same();
	test_differ();
	test_content_key();
	return done_testing();
}
