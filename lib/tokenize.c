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
#define RSQUO		0x2019	/* ’ as an apostrophe: don’t */
#define LATIN_FIRST	0x00C0	/* À: Latin-1 letters and Latin Extended */
#define LATIN_LAST	0x024F
#define LATIN_UPPER_LAST 0x00DE	/* Þ: Latin-1 capitals are À..Þ */
#define LATIN_CASE	0x20	/* Latin-1 capital to small */
#define TIMES		0x00D7	/* × and ÷ sit among the letters */
#define DIVIDE		0x00F7

enum {
	STOP_EN_LEN = 8,	/* no English stop word is longer */
	STOP_EN_ROW = 16,	/* nor more of one first letter */
	CASE_BIT = 0x20		/* ASCII upper | CASE_BIT is lower */
};


/*
 * English stop words by first letter, each zero-padded to STOP_EN_LEN
 * bytes, so a word is compared in one 8-byte compare.  Not, no, nor,
 * never and the n't forms are missing on purpose.
 */
static const char stop_en[26][STOP_EN_ROW][STOP_EN_LEN] = {
	['a' - 'a'] = { "a", "about", "after", "again", "all", "also", "am",
	    "an", "and", "any", "are", "as", "at" },
	['b' - 'a'] = { "be", "because", "been", "before", "being", "both",
	    "but", "by" },
	['c' - 'a'] = { "can", "could" },
	['d' - 'a'] = { "did", "do", "does", "doing", "during" },
	['e' - 'a'] = { "each" },
	['f' - 'a'] = { "for", "from", "further" },
	['h' - 'a'] = { "had", "has", "have", "having", "he", "her", "here",
	    "hers", "him", "his", "how" },
	['i' - 'a'] = { "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into",
	    "is", "it", "it's", "its", "itself" },
	['j' - 'a'] = { "just" },
	['m' - 'a'] = { "me", "more", "most", "my", "myself" },
	['o' - 'a'] = { "of", "on", "once", "only", "or", "other", "our",
	    "ours", "own" },
	['s' - 'a'] = { "same", "she", "should", "so", "some", "such" },
	['t' - 'a'] = { "than", "that", "the", "their", "them", "then",
	    "there", "these", "they", "this", "those", "to", "too" },
	['u' - 'a'] = { "us" },
	['v' - 'a'] = { "very" },
	['w' - 'a'] = { "was", "we", "were", "what", "when", "where", "which",
	    "while", "who", "whom", "why", "will", "with", "would" },
	['y' - 'a'] = { "you", "your", "yours" },
};

/*
 * Chinese stop characters, and function words of two characters that
 * are not both stop characters (each list sorted).  Each is written
 * once, as a macro that applies X to every entry, and makes both an
 * exact test and a bloom filter of BLOOM_BITS bits: one bit test turns
 * away most characters before the exact test, which costs a few
 * mispredicted branches, is made.
 */
#define STOP_ZH(X, w) \
	X(0x4E0E, w) X(0x4E2A, w) X(0x4E3A, w) X(0x4E4B, w)	/* 与个为之 */ \
	X(0x4E5F, w) X(0x4E86, w) X(0x4E8E, w) X(0x4ECE, w)	/* 也了于从 */ \
	X(0x4ED6, w) X(0x4EE5, w) X(0x4EEC, w) X(0x4F60, w)	/* 他以们你 */ \
	X(0x5176, w) X(0x53C8, w) X(0x53CA, w) X(0x5411, w)	/* 其又及向 */ \
	X(0x5417, w) X(0x5427, w) X(0x5440, w) X(0x5462, w)	/* 吗吧呀呢 */ \
	X(0x548C, w) X(0x54E6, w) X(0x554A, w) X(0x561B, w)	/* 和哦啊嘛 */ \
	X(0x5728, w) X(0x5730, w) X(0x5979, w) X(0x5B83, w)	/* 在地她它 */ \
	X(0x5BF9, w) X(0x5C31, w) X(0x5F97, w) X(0x60A8, w)	/* 对就得您 */ \
	X(0x6211, w) X(0x6216, w) X(0x6240, w) X(0x628A, w)	/* 我或所把 */ \
	X(0x662F, w) X(0x6709, w) X(0x7684, w) X(0x7740, w)	/* 是有的着 */ \
	X(0x7B49, w) X(0x7ED9, w) X(0x800C, w) X(0x88AB, w)	/* 等给而被 */ \
	X(0x8BA9, w) X(0x8FC7, w) X(0x8FD8, w) X(0x8FD9, w)	/* 让过还这 */ \
	X(0x90A3, w) X(0x90FD, w)	/* 那都 */ \
	/* end */

#define STOP_PAIRS(X, w) \
	X(0x4E00, 0x4E0B, w)	/* 一下 */ \
	X(0x4E00, 0x4E2A, w)	/* 一个 */ \
	X(0x4E00, 0x4E9B, w)	/* 一些 */ \
	X(0x4EC0, 0x4E48, w)	/* 什么 */ \
	X(0x4F46, 0x662F, w)	/* 但是 */ \
	X(0x53EF, 0x4EE5, w)	/* 可以 */ \
	X(0x56E0, 0x4E3A, w)	/* 因为 */ \
	X(0x5982, 0x679C, w)	/* 如果 */ \
	X(0x5DF2, 0x7ECF, w)	/* 已经 */ \
	X(0x5E76, 0x4E14, w)	/* 并且 */ \
	X(0x600E, 0x4E48, w)	/* 怎么 */ \
	X(0x6216, 0x8005, w)	/* 或者 */ \
	X(0x7136, 0x540E, w)	/* 然后 */ \
	X(0x800C, 0x4E14, w)	/* 而且 */ \
	X(0x81EA, 0x5DF1, w)	/* 自己 */ \
	X(0x8FD9, 0x4E9B, w)	/* 这些 */ \
	X(0x8FD9, 0x6837, w)	/* 这样 */ \
	X(0x8FD9, 0x91CC, w)	/* 这里 */ \
	X(0x90A3, 0x4E9B, w)	/* 那些 */ \
	X(0x90A3, 0x6837, w)	/* 那样 */ \
	X(0x90A3, 0x91CC, w)	/* 那里 */ \
	/* end */

#define BLOOM_WORDS	16
#define BLOOM_BITS	(BLOOM_WORDS * 64)
#define PAIR_HASH(a, b)	((a) * 33 + (b))
/* The bit of h in word w of a bloom filter, or 0. */
#define BLOOM_BIT(h, w) \
	((((h) % BLOOM_BITS) / 64 == (w)) ? UINT64_C(1) << ((h) % 64) : 0)
#define CHAR_BLOOM(c, w)	BLOOM_BIT(c, w) |
#define PAIR_BLOOM(a, b, w)	BLOOM_BIT(PAIR_HASH(a, b), w) |
#define CHAR_CASE(c, w)		case c:
#define PAIR_ROW(a, b, w)	{ a, b },

static const uint64_t stop_zh_bloom[BLOOM_WORDS] = {
	STOP_ZH(CHAR_BLOOM, 0) 0,
	STOP_ZH(CHAR_BLOOM, 1) 0,
	STOP_ZH(CHAR_BLOOM, 2) 0,
	STOP_ZH(CHAR_BLOOM, 3) 0,
	STOP_ZH(CHAR_BLOOM, 4) 0,
	STOP_ZH(CHAR_BLOOM, 5) 0,
	STOP_ZH(CHAR_BLOOM, 6) 0,
	STOP_ZH(CHAR_BLOOM, 7) 0,
	STOP_ZH(CHAR_BLOOM, 8) 0,
	STOP_ZH(CHAR_BLOOM, 9) 0,
	STOP_ZH(CHAR_BLOOM, 10) 0,
	STOP_ZH(CHAR_BLOOM, 11) 0,
	STOP_ZH(CHAR_BLOOM, 12) 0,
	STOP_ZH(CHAR_BLOOM, 13) 0,
	STOP_ZH(CHAR_BLOOM, 14) 0,
	STOP_ZH(CHAR_BLOOM, 15) 0,
};

static const uint64_t stop_pair_bloom[BLOOM_WORDS] = {
	STOP_PAIRS(PAIR_BLOOM, 0) 0,
	STOP_PAIRS(PAIR_BLOOM, 1) 0,
	STOP_PAIRS(PAIR_BLOOM, 2) 0,
	STOP_PAIRS(PAIR_BLOOM, 3) 0,
	STOP_PAIRS(PAIR_BLOOM, 4) 0,
	STOP_PAIRS(PAIR_BLOOM, 5) 0,
	STOP_PAIRS(PAIR_BLOOM, 6) 0,
	STOP_PAIRS(PAIR_BLOOM, 7) 0,
	STOP_PAIRS(PAIR_BLOOM, 8) 0,
	STOP_PAIRS(PAIR_BLOOM, 9) 0,
	STOP_PAIRS(PAIR_BLOOM, 10) 0,
	STOP_PAIRS(PAIR_BLOOM, 11) 0,
	STOP_PAIRS(PAIR_BLOOM, 12) 0,
	STOP_PAIRS(PAIR_BLOOM, 13) 0,
	STOP_PAIRS(PAIR_BLOOM, 14) 0,
	STOP_PAIRS(PAIR_BLOOM, 15) 0,
};

static const uint32_t stop_pairs[][2] = { STOP_PAIRS(PAIR_ROW, 0) };


struct tok {
	xf_token_fn	 fn;
	void		*ctx;
	char		 word[XF_TOKEN_MAX];
	size_t		 wlen;
	int		 wfull;		/* cut: the rest of the word is dropped */
	int		 apos;		/* an apostrophe waits for a letter */
	int		 digits;	/* inside a run of digits */
	uint32_t	 prev;		/* the ideograph just before, or 0 */
	int		 prevstop;	/* and whether it is a stop character */
	size_t		 prevlen;	/* its bytes, just before the next */
	int		 pairs;		/* no unigrams (xf_tokens_pairs) */
};

static int
is_cjk(uint32_t c)
{
	/* Nearly every ideograph of real text is in the unified block:
	 * decide those here, the rest with the shared table. */
	if (c >= 0x4E00 && c <= 0x9FFF)
		return 1;
	return xf_is_cjk(c);
}

static int
bloom_has(const uint64_t *bloom, uint32_t h)
{
	h %= BLOOM_BITS;
	return (bloom[h / 64] >> (h % 64)) & 1;
}

static int
is_stop_zh(uint32_t c)
{
	if (!bloom_has(stop_zh_bloom, c))
		return 0;
	switch (c) {
	STOP_ZH(CHAR_CASE, 0)
		return 1;
	default:
		return 0;
	}
}

static int
is_stop_pair(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = nitems(stop_pairs), mid;

	if (!bloom_has(stop_pair_bloom, PAIR_HASH(a, b)))
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a < stop_pairs[mid][0] ||
		    (a == stop_pairs[mid][0] && b < stop_pairs[mid][1]))
			hi = mid;
		else if (a > stop_pairs[mid][0] || b > stop_pairs[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/*
 * w[0..len) is a word of lower-case letters and apostrophes, in a
 * buffer of at least STOP_EN_LEN bytes.  The word is masked to its
 * length and compared as one 8-byte number with each of its row.
 */
static int
is_stop_en(const char *w, size_t len)
{
	static const unsigned char keep[2 * STOP_EN_LEN] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	};
	const char (*row)[STOP_EN_LEN];
	uint64_t key, mask, stop;
	size_t i;

	if (len > STOP_EN_LEN || (unsigned char)(w[0] - 'a') >= 26)
		return 0;
	memcpy(&key, w, sizeof(key));
	memcpy(&mask, keep + STOP_EN_LEN - len, sizeof(mask));
	key &= mask;
	row = stop_en[w[0] - 'a'];
	for (i = 0; i < STOP_EN_ROW && row[i][0] != '\0'; i++) {
		memcpy(&stop, row[i], sizeof(stop));
		if (stop == key)
			return 1;
	}
	return 0;
}

static int
is_letter(unsigned char c)
{
	return (unsigned char)((c | CASE_BIT) - 'a') < 26;
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

	if (is_letter(c)) {
		lower = (char)(c | CASE_BIT);
		return letter(t, &lower, 1);
	}
	if ((unsigned char)(c - '0') < 10)
		return digit(t);
	if (c == '\'')
		return apostrophe(t);
	return separate(t);
}

/*
 * An ideograph s[0..n): a bigram with the one before, then itself.  A
 * stop character goes alone, and a bigram of two of them.  Both tokens
 * are bytes of the text: anything between two ideographs, even a stray
 * byte, ends the run, so the one before is right before s.
 */
static int
ideograph(struct tok *t, uint32_t c, const unsigned char *s, size_t n)
{
	int stop = is_stop_zh(c), rc;

	t->digits = 0;
	if (t->wlen > 0 && (rc = word_end(t)) != 0)
		return rc;
	if (t->prev != 0 && !(stop && t->prevstop) &&
	    !is_stop_pair(t->prev, c) &&
	    (rc = t->fn(t->ctx, (const char *)s - t->prevlen,
	    t->prevlen + n)) != 0)
		return rc;
	t->prev = c;
	t->prevstop = stop;
	t->prevlen = n;
	if (stop || t->pairs)
		return 0;
	return t->fn(t->ctx, (const char *)s, n);
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

/*
 * Length of the character at s[0..n), not ASCII, with its code point in
 * *c, or 0 for a byte that starts none.  Most CJK is a three-byte
 * sequence whose lead needs no check of the second byte's range (see
 * xf_utf8_decode), so it is decoded here without the call.
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *c)
{
	if (n >= 3 && s[0] >= 0xE1 && s[0] <= 0xEF && s[0] != 0xED &&
	    (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*c = (uint32_t)(s[0] & 0x0F) << 12 |
		    (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	return xf_utf8_decode(s, n, c);
}

/* The character at s[0..n), not ASCII; *used is its length. */
static int
other(struct tok *t, const unsigned char *s, size_t n, size_t *used)
{
	uint32_t c;

	if ((*used = decode(s, n, &c)) == 0) {
		*used = 1;
		return separate(t);
	}
	if (is_cjk(c))
		return ideograph(t, c, s, *used);
	if (xf_fold_width(c) != c)
		return ascii(t, (unsigned char)xf_fold_width(c));
	if (c == RSQUO)
		return apostrophe(t);
	if (c >= LATIN_FIRST && c <= LATIN_LAST && c != TIMES && c != DIVIDE)
		return latin(t, c);
	return separate(t);
}

static int
tokens(const char *text, size_t len, xf_token_fn fn, void *ctx, int pairs)
{
	const unsigned char *s = (const unsigned char *)text;
	struct tok t;
	size_t i = 0, n;
	unsigned char c;
	int rc;

	memset(&t, 0, sizeof(t));
	t.fn = fn;
	t.ctx = ctx;
	t.pairs = pairs;
	if (text == NULL)
		return 0;
	while (i < len) {
		c = s[i];
		/* The bulk of English: a run of letters, lower-cased. */
		if (is_letter(c) && t.wlen < XF_TOKEN_MAX && !t.apos &&
		    !t.wfull) {
			t.digits = 0;
			t.prev = 0;
			do
				t.word[t.wlen++] = (char)(c | CASE_BIT);
			while (++i < len && t.wlen < XF_TOKEN_MAX &&
			    is_letter(c = s[i]));
			continue;
		}
		if (c < 0x80) {
			rc = ascii(&t, c);
			n = 1;
		} else
			rc = other(&t, s + i, len - i, &n);
		if (rc != 0)
			return rc;
		i += n;
	}
	return word_end(&t);
}

int
xf_tokens(const char *text, size_t len, xf_token_fn fn, void *ctx)
{
	return tokens(text, len, fn, ctx, 0);
}

int
xf_tokens_pairs(const char *text, size_t len, xf_token_fn fn, void *ctx)
{
	return tokens(text, len, fn, ctx, 1);
}
