/*
 * fingerprint.c: the normal form of complaint text and the content
 * fingerprint that recognises one complaint sent twice.
 *
 * The same letter arrives retyped, re-spaced, with full-width or
 * half-width characters and with Chinese or ASCII punctuation, so the
 * normal form keeps only the letters, digits and ideographs, and marks
 * where words were parted. A fingerprint is taken for every row of an
 * import, so normalised text streams through a stack chunk straight
 * into the hash: xf_fingerprint allocates nothing.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xf.h"

#define RAW		UINT32_C(0xFFFFFFFF)	/* byte that starts no sequence */
#define KEEP_FIRST	0x3040	/* after CJK symbols and punctuation */
#define KEEP_LAST	0xFE0F	/* before the vertical forms */

enum {
	CHUNK = 256,		/* normalised bytes staged before a write */
	FIELD_SEP = 0x1F,	/* ASCII unit separator between hashed fields */
	DAYLEN = 24		/* digits of any int64_t, a sign and a NUL */
};

enum class {
	KEEP,			/* part of a word */
	SEP,			/* white space or punctuation: parts words */
	DROP			/* invisible format character: as if absent */
};

struct range {
	uint32_t	lo, hi;
	enum class	cls;
};

/*
 * Non-ASCII code points that are not kept, sorted. Everything else is
 * kept as written. The letters and numerals of the CJK symbols block
 * (々〆〇, Hangzhou numerals, kana repeat marks) are left out of it on
 * purpose. Zero-width spaces, joiners and byte order marks, which text
 * copied from web pages and Word carries, vanish rather than part words.
 */
static const struct range classes[] = {
	{ 0x0080, 0x00A1, SEP },	/* C1 controls, no-break space, ¡ */
	{ 0x00A7, 0x00A7, SEP },	/* § */
	{ 0x00AB, 0x00AB, SEP },	/* « */
	{ 0x00AD, 0x00AD, DROP },	/* soft hyphen */
	{ 0x00B6, 0x00B7, SEP },	/* ¶ · */
	{ 0x00BB, 0x00BB, SEP },	/* » */
	{ 0x00BF, 0x00BF, SEP },	/* ¿ */
	{ 0x1680, 0x1680, SEP },	/* ogham space */
	{ 0x2000, 0x200A, SEP },	/* spaces */
	{ 0x200B, 0x200F, DROP },	/* zero-width space, joiners, marks */
	{ 0x2010, 0x2029, SEP },	/* dashes, quotes, ellipsis, breaks */
	{ 0x202A, 0x202E, DROP },	/* bidi embeddings */
	{ 0x202F, 0x205F, SEP },	/* general punctuation */
	{ 0x2060, 0x206F, DROP },	/* word joiner, invisible operators */
	{ 0x2E00, 0x2E7F, SEP },	/* supplemental punctuation */
	{ 0x3000, 0x3004, SEP },	/* ideographic space 、。〃〄 */
	{ 0x3008, 0x3020, SEP },	/* 〈〉《》「」『』【】〒〔〕〖〗〘〙〚〛〜〝〞〟〠 */
	{ 0x3030, 0x3030, SEP },	/* 〰 */
	{ 0x3036, 0x3037, SEP },	/* 〶〷 */
	{ 0x303D, 0x303F, SEP },	/* 〽〾〿 */
	{ 0xFE10, 0xFE19, SEP },	/* vertical forms */
	{ 0xFE30, 0xFE4F, SEP },	/* CJK compatibility forms */
	{ 0xFE50, 0xFE6B, SEP },	/* small form variants */
	{ 0xFEFF, 0xFEFF, DROP },	/* byte order mark */
	{ 0xFF00, 0xFF65, SEP },	/* full-width punctuation, ｡｢｣､･ */
};

typedef int (*sink_fn)(void *, const char *, size_t);

/* A normalisation in progress, writing to a sink a chunk at a time. */
struct norm {
	sink_fn	 put;
	void	*arg;
	char	 chunk[CHUNK];
	size_t	 n;
	int	 started;	/* a word was written: a later gap needs ' ' */
	int	 gap;		/* separators seen since the last word byte */
};

/*
 * The character at s[0..n) and its length.  Callers pass valid UTF-8
 * (every stored field is checked), so this only stays inside the bytes:
 * a byte that starts no well-formed sequence comes back alone as RAW and
 * is kept as written.
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;

	if (s[0] < 0x80) {	/* NUL too: a separator, as on the fast path */
		*cp = s[0];
		return 1;
	}
	if ((len = xf_utf8_decode(s, n, cp)) > 0)
		return len;
	*cp = RAW;
	return 1;
}

static enum class
lookup(uint32_t cp)
{
	size_t lo = 0, hi = nitems(classes), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < classes[mid].lo)
			hi = mid;
		else if (cp > classes[mid].hi)
			lo = mid + 1;
		else
			return classes[mid].cls;
	}
	return KEEP;
}

/* Classifies *cp, first folding it to the ASCII it stands for, if any. */
static enum class
classify(uint32_t *cp)
{
	uint32_t c = *cp;

	c = xf_fold_width(c);
	/* Kana, ideographs and Hangul, most of Chinese text, need no search. */
	if (c >= KEEP_FIRST && c <= KEEP_LAST)
		return KEEP;
	if (c >= 0x80)
		return lookup(c);
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	*cp = c;
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return KEEP;
	return SEP;
}

static int
norm_flush(struct norm *nm)
{
	if (nm->n > 0 && nm->put(nm->arg, nm->chunk, nm->n) == -1)
		return -1;
	nm->n = 0;
	return 0;
}

/* Writes the bytes of one kept character, after ' ' if a gap came first. */
static int
norm_word(struct norm *nm, const void *p, size_t n)
{
	/* Flush unless the space and this character both fit. */
	if (nm->n + 1 + n > sizeof(nm->chunk) && norm_flush(nm) == -1)
		return -1;
	if (nm->gap && nm->started)
		nm->chunk[nm->n++] = ' ';
	memcpy(nm->chunk + nm->n, p, n);
	nm->n += n;
	nm->gap = 0;
	nm->started = 1;
	return 0;
}

/* The kept form of an ASCII byte: lower-case letters and digits, or 0
 * for a separator. */
static inline char
ascii_fold(unsigned char b)
{
	if (b >= 'A' && b <= 'Z')
		return (char)(b + ('a' - 'A'));
	if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))
		return (char)b;
	return 0;
}

static int
normalize(const char *s, size_t len, sink_fn put, void *arg)
{
	const unsigned char *p = (const unsigned char *)s;
	struct norm nm = { .put = put, .arg = arg };
	size_t i, n;
	uint32_t cp;
	char c;

	for (i = 0; i < len; i += n) {
		/* ASCII, most bytes of most complaints, without the decoder. */
		if (p[i] < 0x80 && nm.n + 2 <= sizeof(nm.chunk)) {
			n = 1;
			c = ascii_fold(p[i]);
			if (c == 0) {
				nm.gap = 1;
				continue;
			}
			if (nm.gap && nm.started)
				nm.chunk[nm.n++] = ' ';
			nm.chunk[nm.n++] = c;
			nm.gap = 0;
			nm.started = 1;
			continue;
		}
		n = decode(p + i, len - i, &cp);
		switch (classify(&cp)) {
		case SEP:
			nm.gap = 1;
			break;
		case DROP:
			break;
		case KEEP:
			/* ASCII may have been folded; the rest is as written. */
			c = (char)cp;
			if ((cp < 0x80 ? norm_word(&nm, &c, 1) :
			    norm_word(&nm, p + i, n)) == -1)
				return -1;
			break;
		}
	}
	return norm_flush(&nm);
}

static int
buf_sink(void *arg, const char *p, size_t n)
{
	return xf_buf_add(arg, p, n);
}

static int
sha_sink(void *arg, const char *p, size_t n)
{
	xf_sha256_update(arg, p, n);
	return 0;
}

int
xf_text_normalize(const char *s, size_t len, struct xf_buf *out)
{
	size_t orig = out->len;

	if (s == NULL)
		len = 0;
	if (normalize(s, len, buf_sink, out) == 0)
		return 0;
	/* Out of memory part way: leave out as it was. */
	out->len = orig;
	if (out->p)
		out->p[orig] = '\0';
	return -1;
}

static void
hash_text(struct xf_sha256 *c, const char *s)
{
	static const unsigned char sep = FIELD_SEP;

	if (s != NULL)
		(void)normalize(s, strlen(s), sha_sink, c);	/* can't fail */
	xf_sha256_update(c, &sep, 1);
}

static int
is_ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The contact lower-cased, its white space gone: "Li@X.cn " = "li@x.cn". */
static void
hash_contact(struct xf_sha256 *c, const char *s)
{
	static const unsigned char sep = FIELD_SEP;
	unsigned char chunk[CHUNK], ch;
	size_t n = 0;

	for (; s != NULL && *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if (is_ascii_space(ch))
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		chunk[n++] = ch;
		if (n == sizeof(chunk)) {
			xf_sha256_update(c, chunk, n);
			n = 0;
		}
	}
	xf_sha256_update(c, chunk, n);
	xf_sha256_update(c, &sep, 1);
}

/*
 * The complainant as people retype a name: ASCII letters lower-cased,
 * each run of white space (and of control characters, which no name
 * holds on purpose) one space, none at either end.  Nothing else is
 * folded: 张三 and 张 三, or Zhang and Zhāng, may be two people.
 */
static void
hash_name(struct xf_sha256 *c, const char *s)
{
	static const unsigned char sep = FIELD_SEP;
	unsigned char chunk[CHUNK], ch;
	size_t n = 0;
	int gap = 0, started = 0;

	for (; s != NULL && *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if (ch <= ' ' || ch == 0x7F) {
			gap = 1;
			continue;
		}
		/* Room for a space and this byte. */
		if (n + 2 > sizeof(chunk)) {
			xf_sha256_update(c, chunk, n);
			n = 0;
		}
		if (gap && started)
			chunk[n++] = ' ';
		gap = 0;
		started = 1;
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		chunk[n++] = ch;
	}
	xf_sha256_update(c, chunk, n);
	xf_sha256_update(c, &sep, 1);
}

/*
 * Days since 1970-01-01 UTC, rounding down for times before it. Done
 * here, not with xf_time_day, so hashing needs nothing of time.c.
 */
static int64_t
utc_day(int64_t t)
{
	int64_t d = t / XF_DAY;

	if (t % XF_DAY < 0)
		d--;
	return d;
}

/*
 * A true re-delivery is the same words from the same person at the same
 * moment: the day alone made three callers saying the same thing one
 * complaint.  A source that gave no time leaves it out, so re-importing
 * it on another day still finds the complaint.
 */
int
xf_fingerprint(const struct xf_fpin *in, unsigned char out[XF_FPLEN])
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];
	char when[DAYLEN];
	int n = 0;

	xf_sha256_init(&c);
	hash_text(&c, in->subject);
	hash_text(&c, in->body);
	hash_name(&c, in->complainant);
	hash_contact(&c, in->contact);
	if (in->timed)
		n = snprintf(when, sizeof(when), "%" PRId64, in->at);
	xf_sha256_update(&c, when, (size_t)n);
	xf_sha256_final(&c, d);
	memcpy(out, d, XF_FPLEN);
	return 0;
}

/* The key of schemas 1 to 3: no complainant, the UTC day (day 0 without
 * a time). */
/*
 * The time leads the key so that keys sort as complaints arrive: a
 * call log or a mailbox imported in time order, and each day's new
 * complaints in a full store, add to the end of the UNIQUE index rather
 * than to a random page of it.  With the hash alone, every commit unit
 * rewrote about one index page a row once the index outgrew the unit:
 * a million short rows in time order took 63 s against 20 s, and 200,000
 * more into that store 2.4 times as long as into an empty one
 * (scripts/bench, short rows).  The fingerprint covers the time too,
 * so the prefix changes no answer to "the same complaint?".
 */
int
xf_content_key(const struct xf_fpin *in, unsigned char key[XF_CKEYLEN])
{
	uint64_t u = in->timed ? (uint64_t)in->at ^ (UINT64_C(1) << 63) : 0;
	int i;

	key[0] = XF_KEY_CONTENT;
	for (i = 0; i < 8; i++)
		key[1 + i] = (unsigned char)(u >> (56 - 8 * i));
	return xf_fingerprint(in, key + 9);
}

int
xf_fingerprint_v2(const char *subject, const char *body, const char *contact,
    int64_t received_at, unsigned char out[XF_FPLEN])
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];
	char day[DAYLEN];
	int n;

	xf_sha256_init(&c);
	hash_text(&c, subject);
	hash_text(&c, body);
	hash_contact(&c, contact);
	n = snprintf(day, sizeof(day), "%" PRId64, utc_day(received_at));
	xf_sha256_update(&c, day, (size_t)n);
	xf_sha256_final(&c, d);
	memcpy(out, d, XF_FPLEN);
	return 0;
}
