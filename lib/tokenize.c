/*
 * tokenize.c: the tokens the classifier counts, from Chinese and English
 * text alike.
 *
 * Chinese is written without spaces, so a run of ideographs gives its
 * characters and its overlapping bigrams: most Chinese words are one or
 * two characters, and bigrams catch them without the dictionary a word
 * segmenter would need.  Latin words are lower-cased; a run of digits is
 * the one token "<num>", because an amount or an account number says
 * little about what a complaint is about and would swell the vocabulary.
 *
 * Stop words are the function words of both languages.  Negations (not,
 * no, never, 不, 没) are kept on purpose: "not refunded" is a complaint.
 * A Chinese stop character is dropped alone but kept inside a bigram
 * with a content character (退了, 不是), since the pair still carries
 * meaning; a bigram goes only when both characters are stop characters,
 * or it is one of a few function words (什么, 因为, 可以).
 *
 * This runs on every text classified, hundreds of thousands a second,
 * so it allocates nothing: tokens are built in a buffer on the stack and
 * handed to a callback, and ASCII is handled without decoding.
 */
#include <stdint.h>
#include <string.h>

#include "xf.h"

#define NUM_TOKEN	"<num>"
#define FW_FIRST	0xFF01	/* full-width '!' */
#define FW_LAST		0xFF5E	/* full-width '~' */
#define FW_OFFSET	(0xFF01 - 0x21)
#define RSQUO		0x2019	/* ’ as an apostrophe: don’t */
#define LATIN_FIRST	0x00C0	/* À: Latin-1 letters and Latin Extended */
#define LATIN_LAST	0x024F
#define LATIN_UPPER_LAST 0x00DE	/* Þ: Latin-1 capitals are À..Þ */
#define LATIN_CASE	0x20	/* Latin-1 capital to small */
#define TIMES		0x00D7	/* × and ÷ sit among the letters */
#define DIVIDE		0x00F7

enum {
	UTF8_MAX = 4,		/* bytes of the longest sequence */
	STOP_EN_LEN = 8		/* no English stop word is longer */
};

struct range {
	uint32_t	lo, hi;
};

/* Characters tokenized as ideographs, sorted; as in search.c. */
static const struct range cjk[] = {
	{ 0x3005, 0x3007 },	/* 々 〆 〇 */
	{ 0x3040, 0x3098 },	/* hiragana */
	{ 0x309D, 0x309F },
	{ 0x30A1, 0x30FA },	/* katakana */
	{ 0x30FC, 0x30FF },
	{ 0x3400, 0x4DBF },	/* extension A */
	{ 0x4E00, 0x9FFF },	/* unified ideographs */
	{ 0xAC00, 0xD7AF },	/* Hangul syllables */
	{ 0xF900, 0xFAFF },	/* compatibility ideographs */
	{ 0x20000, 0x2FFFF },	/* extensions B to F */
};

/*
 * English stop words, in strcmp order for a binary search.  Not, no,
 * nor, never and the n't forms are missing on purpose.
 */
static const char *const stop_en[] = {
	"a", "about", "after", "again", "all", "also", "am", "an", "and",
	"any", "are", "as", "at", "be", "because", "been", "before",
	"being", "both", "but", "by", "can", "could", "did", "do", "does",
	"doing", "during", "each", "for", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "him", "his", "how",
	"i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it",
	"it's", "its", "itself", "just", "me", "more", "most", "my",
	"myself", "of", "on", "once", "only", "or", "other", "our", "ours",
	"own", "same", "she", "should", "so", "some", "such", "than",
	"that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "to", "too", "us", "very", "was", "we", "were",
	"what", "when", "where", "which", "while", "who", "whom", "why",
	"will", "with", "would", "you", "your", "yours",
};

/* Chinese stop characters, sorted by code point. */
static const uint32_t stop_zh[] = {
	0x4E0E,	/* 与 */ 0x4E2A, /* 个 */ 0x4E3A, /* 为 */ 0x4E4B, /* 之 */
	0x4E5F,	/* 也 */ 0x4E86, /* 了 */ 0x4E8E, /* 于 */ 0x4ECE, /* 从 */
	0x4ED6,	/* 他 */ 0x4EE5, /* 以 */ 0x4EEC, /* 们 */ 0x4F60, /* 你 */
	0x5176,	/* 其 */ 0x53C8, /* 又 */ 0x53CA, /* 及 */ 0x5411, /* 向 */
	0x5417,	/* 吗 */ 0x5427, /* 吧 */ 0x5440, /* 呀 */ 0x5462, /* 呢 */
	0x548C,	/* 和 */ 0x54E6, /* 哦 */ 0x554A, /* 啊 */ 0x561B, /* 嘛 */
	0x5728,	/* 在 */ 0x5730, /* 地 */ 0x5979, /* 她 */ 0x5B83, /* 它 */
	0x5BF9,	/* 对 */ 0x5C31, /* 就 */ 0x5F97, /* 得 */ 0x60A8, /* 您 */
	0x6211,	/* 我 */ 0x6216, /* 或 */ 0x6240, /* 所 */ 0x628A, /* 把 */
	0x662F,	/* 是 */ 0x6709, /* 有 */ 0x7684, /* 的 */ 0x7740, /* 着 */
	0x7B49,	/* 等 */ 0x7ED9, /* 给 */ 0x800C, /* 而 */ 0x88AB, /* 被 */
	0x8BA9,	/* 让 */ 0x8FC7, /* 过 */ 0x8FD8, /* 还 */ 0x8FD9, /* 这 */
	0x90A3,	/* 那 */ 0x90FD, /* 都 */
};

/* Function words of two characters not both stop characters, sorted. */
static const uint32_t stop_zh2[][2] = {
	{ 0x4E00, 0x4E0B },	/* 一下 */
	{ 0x4E00, 0x4E2A },	/* 一个 */
	{ 0x4E00, 0x4E9B },	/* 一些 */
	{ 0x4EC0, 0x4E48 },	/* 什么 */
	{ 0x4F46, 0x662F },	/* 但是 */
	{ 0x53EF, 0x4EE5 },	/* 可以 */
	{ 0x56E0, 0x4E3A },	/* 因为 */
	{ 0x5982, 0x679C },	/* 如果 */
	{ 0x5DF2, 0x7ECF },	/* 已经 */
	{ 0x5E76, 0x4E14 },	/* 并且 */
	{ 0x600E, 0x4E48 },	/* 怎么 */
	{ 0x6216, 0x8005 },	/* 或者 */
	{ 0x7136, 0x540E },	/* 然后 */
	{ 0x800C, 0x4E14 },	/* 而且 */
	{ 0x81EA, 0x5DF1 },	/* 自己 */
	{ 0x8FD9, 0x4E9B },	/* 这些 */
	{ 0x8FD9, 0x6837 },	/* 这样 */
	{ 0x8FD9, 0x91CC },	/* 这里 */
	{ 0x90A3, 0x4E9B },	/* 那些 */
	{ 0x90A3, 0x6837 },	/* 那样 */
	{ 0x90A3, 0x91CC },	/* 那里 */
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct tok {
	xf_token_fn	 fn;
	void		*ctx;
	char		 word[XF_TOKEN_MAX + 1];
	size_t		 wlen;
	int		 wfull;		/* cut: the rest of the word is dropped */
	int		 apos;		/* an apostrophe waits for a letter */
	int		 digits;	/* inside a run of digits */
	uint32_t	 prev;		/* the ideograph just before, or 0 */
	size_t		 prevlen;
	char		 pair[2 * UTF8_MAX + 1];	/* prev, then the next */
};

static int
in_ranges(uint32_t c, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int
is_cjk(uint32_t c)
{
	/* Nearly every ideograph of real text is in the unified block. */
	if (c >= 0x4E00 && c <= 0x9FFF)
		return 1;
	return in_ranges(c, cjk, NELEM(cjk));
}

static int
is_stop_zh(uint32_t c)
{
	size_t lo = 0, hi = NELEM(stop_zh), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c < stop_zh[mid])
			hi = mid;
		else if (c > stop_zh[mid])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int
is_stop_zh2(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = NELEM(stop_zh2), mid;

	if (is_stop_zh(a) && is_stop_zh(b))
		return 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a < stop_zh2[mid][0] ||
		    (a == stop_zh2[mid][0] && b < stop_zh2[mid][1]))
			hi = mid;
		else if (a > stop_zh2[mid][0] || b > stop_zh2[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* w is NUL-terminated, len bytes long. */
static int
is_stop_en(const char *w, size_t len)
{
	size_t lo = 0, hi = NELEM(stop_en), mid;
	int cmp;

	if (len > STOP_EN_LEN)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((cmp = strcmp(w, stop_en[mid])) < 0)
			hi = mid;
		else if (cmp > 0)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Hands the word being built to fn, unless it is a stop word. */
static int
word_end(struct tok *t)
{
	size_t len = t->wlen;

	if (len == 0)
		return 0;
	t->wlen = 0;
	t->wfull = 0;
	t->apos = 0;
	t->word[len] = '\0';
	if (is_stop_en(t->word, len))
		return 0;
	return t->fn(t->ctx, t->word, len);
}

/* Ends whatever run is open: a word, digits, ideographs. */
static int
separate(struct tok *t)
{
	t->digits = 0;
	t->prev = 0;
	return word_end(t);
}

/*
 * Appends a letter of n bytes.  A word too long is cut at a character
 * boundary and the rest of it dropped, so the token is its prefix.
 */
static int
letter(struct tok *t, const char *s, size_t n)
{
	t->digits = 0;
	t->prev = 0;
	if (t->wfull)
		return 0;
	if (t->apos) {
		t->apos = 0;
		if (t->wlen + 1 + n > XF_TOKEN_MAX) {
			t->wfull = 1;
			return 0;
		}
		t->word[t->wlen++] = '\'';
	}
	if (t->wlen + n > XF_TOKEN_MAX) {
		t->wfull = 1;
		return 0;
	}
	memcpy(t->word + t->wlen, s, n);
	t->wlen += n;
	return 0;
}

/* An apostrophe stays only between letters: don't, but not 'quoted'. */
static int
apostrophe(struct tok *t)
{
	if (t->wlen > 0 && !t->apos) {
		t->apos = 1;
		return 0;
	}
	return separate(t);
}

static int
digit(struct tok *t)
{
	int rc;

	if (t->digits)
		return 0;
	if ((rc = separate(t)) != 0)
		return rc;
	t->digits = 1;
	return t->fn(t->ctx, NUM_TOKEN, sizeof(NUM_TOKEN) - 1);
}

static int
ascii(struct tok *t, unsigned char c)
{
	char lower;

	if ((unsigned)(c - 'a') < 26) {
		/* The common case: a letter inside a word. */
		if (t->wlen < XF_TOKEN_MAX && !t->apos && !t->wfull) {
			t->digits = 0;
			t->prev = 0;
			t->word[t->wlen++] = (char)c;
			return 0;
		}
		lower = (char)c;
		return letter(t, &lower, 1);
	}
	if ((unsigned)(c - 'A') < 26) {
		lower = (char)(c - 'A' + 'a');
		return letter(t, &lower, 1);
	}
	if ((unsigned)(c - '0') < 10)
		return digit(t);
	if (c == '\'')
		return apostrophe(t);
	return separate(t);
}

/* An ideograph s[0..n): a bigram with the one before, then itself. */
static int
ideograph(struct tok *t, uint32_t c, const unsigned char *s, size_t n)
{
	size_t at = 0;
	int rc;

	t->digits = 0;
	if ((rc = word_end(t)) != 0)
		return rc;
	if (t->prev != 0) {
		at = t->prevlen;
		memcpy(t->pair + at, s, n);
		t->pair[at + n] = '\0';
		if (!is_stop_zh2(t->prev, c) &&
		    (rc = t->fn(t->ctx, t->pair, at + n)) != 0)
			return rc;
	}
	memmove(t->pair, s, n);
	t->pair[n] = '\0';
	t->prev = c;
	t->prevlen = n;
	if (is_stop_zh(c))
		return 0;
	return t->fn(t->ctx, t->pair, n);
}

/* The UTF-8 of a two-byte code point, for Latin letters past ASCII. */
static int
latin(struct tok *t, uint32_t c)
{
	char u[2];

	if (c <= LATIN_UPPER_LAST)
		c += LATIN_CASE;
	u[0] = (char)(0xC0 | (c >> 6));
	u[1] = (char)(0x80 | (c & 0x3F));
	return letter(t, u, sizeof(u));
}

/* The character at s[0..n), not ASCII; *used is its length. */
static int
other(struct tok *t, const unsigned char *s, size_t n, size_t *used)
{
	uint32_t c;

	if ((*used = xf_utf8_decode(s, n, &c)) == 0) {
		*used = 1;
		return separate(t);
	}
	if (is_cjk(c))
		return ideograph(t, c, s, *used);
	if (c >= FW_FIRST && c <= FW_LAST)
		return ascii(t, (unsigned char)(c - FW_OFFSET));
	if (c == RSQUO)
		return apostrophe(t);
	if (c >= LATIN_FIRST && c <= LATIN_LAST && c != TIMES && c != DIVIDE)
		return latin(t, c);
	return separate(t);
}

int
xf_tokens(const char *text, size_t len, xf_token_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	struct tok t;
	size_t i = 0, n;
	int rc;

	t.fn = fn;
	t.ctx = ctx;
	t.wlen = 0;
	t.wfull = t.apos = t.digits = 0;
	t.prev = 0;
	t.prevlen = 0;
	if (text == NULL)
		return 0;
	while (i < len) {
		if (s[i] < 0x80) {
			rc = ascii(&t, s[i]);
			n = 1;
		} else
			rc = other(&t, s + i, len - i, &n);
		if (rc != 0)
			return rc;
		i += n;
	}
	return word_end(&t);
}
