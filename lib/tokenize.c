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
	STOP_EN_LEN = 8,	/* no English stop word is longer */
	STOP_EN_ROW = 16,	/* nor more of one first letter */
	CASE_BIT = 0x20		/* ASCII upper | CASE_BIT is lower */
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
	char		 word[XF_TOKEN_MAX];
	size_t		 wlen;
	int		 wfull;		/* cut: the rest of the word is dropped */
	int		 apos;		/* an apostrophe waits for a letter */
	int		 digits;	/* inside a run of digits */
	uint32_t	 prev;		/* the ideograph just before, or 0 */
	int		 prevstop;	/* and whether it is a stop character */
	size_t		 prevlen;	/* its bytes, just before the next */
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

/* A Chinese stop character: a switch the compiler makes a search of. */
static int
is_stop_zh(uint32_t c)
{
	switch (c) {
	case 0x4E0E: case 0x4E2A: case 0x4E3A: case 0x4E4B:	/* 与个为之 */
	case 0x4E5F: case 0x4E86: case 0x4E8E: case 0x4ECE:	/* 也了于从 */
	case 0x4ED6: case 0x4EE5: case 0x4EEC: case 0x4F60:	/* 他以们你 */
	case 0x5176: case 0x53C8: case 0x53CA: case 0x5411:	/* 其又及向 */
	case 0x5417: case 0x5427: case 0x5440: case 0x5462:	/* 吗吧呀呢 */
	case 0x548C: case 0x54E6: case 0x554A: case 0x561B:	/* 和哦啊嘛 */
	case 0x5728: case 0x5730: case 0x5979: case 0x5B83:	/* 在地她它 */
	case 0x5BF9: case 0x5C31: case 0x5F97: case 0x60A8:	/* 对就得您 */
	case 0x6211: case 0x6216: case 0x6240: case 0x628A:	/* 我或所把 */
	case 0x662F: case 0x6709: case 0x7684: case 0x7740:	/* 是有的着 */
	case 0x7B49: case 0x7ED9: case 0x800C: case 0x88AB:	/* 等给而被 */
	case 0x8BA9: case 0x8FC7: case 0x8FD8: case 0x8FD9:	/* 让过还这 */
	case 0x90A3: case 0x90FD:	/* 那都 */
		return 1;
	default:
		return 0;
	}
}

static int
is_stop_pair(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = NELEM(stop_zh2), mid;

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
	if (stop)
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
	unsigned char c;
	int rc;

	memset(&t, 0, sizeof(t));
	t.fn = fn;
	t.ctx = ctx;
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
