/*
 * tokenize.c: the tokens of mixed Chinese and English text, compared as
 * one space-separated line each.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

struct collect {
	struct xf_buf	 out;
	int		 calls;
	int		 stop_at;	/* return 7 on this call; 0: never */
	size_t		 longest;
};

static int
add(void *ctx, const char *tok, size_t len)
{
	struct collect *c = ctx;

	c->calls++;
	if (len > c->longest)
		c->longest = len;
	if (c->out.len > 0)
		xf_buf_addc(&c->out, ' ');
	xf_buf_add(&c->out, tok, len);
	return c->calls == c->stop_at ? 7 : 0;
}

static void
tokens_n(const char *in, size_t len, const char *want, const char *name)
{
	struct collect c = { { 0 }, 0, 0, 0 };

	is_int(xf_tokens(in, len, add, &c), 0, name);
	is_str(xf_buf_str(&c.out), want, name);
	xf_buf_free(&c.out);
}

static void
tokens(const char *in, const char *want, const char *name)
{
	tokens_n(in, strlen(in), want, name);
}

static void
test_mixed(void)
{
	tokens("App闪退了3次，非常失望😡 refund NOW",
	    "app 闪 闪退 退 退了 <num> 次 非 非常 常 常失 失 失望 望 "
	    "refund now", "Chinese, English, digits and emoji");
	tokens("ＡＰＰ１２３ＯＫ！", "app <num> ok", "full-width folded");
	tokens("2023年12月5日", "<num> 年 <num> 月 <num> 日",
	    "digits part ideographs");
	tokens("$1,000.50 paid 3x", "<num> <num> <num> paid <num> x",
	    "every run of digits is <num>");
	tokens("好😀评", "好 评", "no bigram across an emoji");
	tokens("退款　问题", "退 退款 款 问 问题 题",
	    "ideographic space parts");
	tokens("カード", "カ カー ー ード ド", "kana as ideographs");
	tokens("Café ÉCOLE naïve", "café école naïve",
	    "Latin-1 letters kept and lower-cased");
	tokens("a×b", "b", "× parts words");
	tokens("e-mail user@example.com",
	    "e mail user example com", "punctuation parts");
	tokens("", "", "empty");
	tokens("，。！？ …", "", "punctuation only");
}

static void
test_apostrophes(void)
{
	tokens("don't 'quoted' users' rock'n'roll",
	    "don't quoted users rock'n'roll", "apostrophes inside words");
	tokens("DON’T", "don't", "right single quote as apostrophe");
	tokens("won''t", "won t", "two apostrophes part");
}

static void
test_stop(void)
{
	tokens("The bill is NOT paid and I was never told, no refund",
	    "bill not paid never told no refund",
	    "English stop words, negations kept");
	tokens("I'm sure it's theirs", "sure theirs",
	    "contractions as stop words");
	tokens("我的钱", "的钱 钱", "stop characters alone dropped");
	tokens("我们", "", "bigram of two stop characters dropped");
	tokens("这是什么", "是什 什 么", "什么 is a stop bigram");
	tokens("没有退款", "没 没有 有退 退 退款 款",
	    "没 kept: negation matters");
}

static void
test_long(void)
{
	char in[256], want[256];
	size_t i;

	memset(in, 'x', 70);
	strcpy(in + 70, " ok");
	memset(want, 'x', XF_TOKEN_MAX);
	strcpy(want + XF_TOKEN_MAX, " ok");
	tokens(in, want, "a long word is cut to its first 64 bytes");

	/* 'a' and 40 two-byte é: 1 + 31 * 2 = 63 bytes fit, not 65. */
	in[0] = want[0] = 'a';
	for (i = 0; i < 40; i++)
		memcpy(in + 1 + 2 * i, "\xc3\xa9", 2);
	in[81] = '\0';
	memcpy(want + 1, in + 1, 62);
	want[63] = '\0';
	tokens(in, want, "cut at a character boundary");

	memset(in, 'y', 200);
	memcpy(in + 100, "'s", 2);
	in[200] = '\0';
	memset(want, 'y', XF_TOKEN_MAX);
	want[XF_TOKEN_MAX] = '\0';
	tokens(in, want, "a cut word stays one token");
}

static void
test_invalid(void)
{
	tokens("ab\xff" "cd", "ab cd", "a stray byte parts words");
	tokens("退\xff款", "退 款", "a stray byte parts ideographs");
	tokens("退款\xe4\xb8", "退 退款 款", "a truncated sequence is dropped");
	tokens("\xc0\xaf" "ok\xed\xa0\x80" "go", "ok go",
	    "overlongs and surrogates part");
	tokens_n("ab\0cd", 5, "ab cd", "NUL parts");
	tokens_n("abc", 2, "ab", "len is respected");
	tokens_n(NULL, 0, "", "NULL is no text");
}

static void
test_callback(void)
{
	struct collect c = { { 0 }, 0, 2, 0 };
	const char *in = "alpha beta gamma";

	is_int(xf_tokens(in, strlen(in), add, &c), 7,
	    "a callback's non-zero ends the walk and is returned");
	is_int(c.calls, 2, "no call after it");
	xf_buf_free(&c.out);

	c = (struct collect){ { 0 }, 0, 2, 0 };
	in = "退款";
	is_int(xf_tokens(in, strlen(in), add, &c), 7,
	    "also between ideographs");
	is_str(xf_buf_str(&c.out), "退 退款", "stopped after the bigram");
	xf_buf_free(&c.out);
}

/* xf_tokens_pairs: the same tokens but the CJK unigrams. */
static void
test_pairs(void)
{
	static const char in[] = "App闪退了3次，非常失望😡 的的 refund";
	struct collect c = { { 0 }, 0, 0, 0 };

	is_int(xf_tokens_pairs(in, strlen(in), add, &c), 0, "pairs: 0");
	is_str(xf_buf_str(&c.out),
	    "app 闪退 退了 <num> 非常 常失 失望 refund",
	    "pairs: words, numbers and bigrams, no ideograph alone");
	xf_buf_free(&c.out);
}

int
main(void)
{
	test_mixed();
	test_pairs();
	test_apostrophes();
	test_stop();
	test_long();
	test_invalid();
	test_callback();
	return done_testing();
}
