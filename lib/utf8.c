/*
 * utf8.c: UTF-8 checking, display width, and text made safe for a
 * terminal.  It reports no errors, so err.c may use it (conversion from
 * other character sets, which does, is conv.c).
 *
 * xf_utf8_valid runs on every field of every imported row, so plain ASCII
 * is checked a word at a time and only the rest is decoded byte by byte.
 * Everything xf stores is valid UTF-8 without NUL bytes, so a NUL counts
 * as invalid here.
 */
#include <stdint.h>
#include <string.h>

#include "xf.h"

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

enum {
	WORD = sizeof(uint64_t)
};

struct range {
	uint32_t	lo, hi;
};

/* Code points shown in no columns: combining marks and invisible format. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x0670, 0x0670 },
	{ 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x2028, 0x202E },
	{ 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0x302A, 0x302F },
	{ 0x3099, 0x309A }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xE0100, 0xE01EF },
};

/* East Asian Wide and Fullwidth, and the emoji terminals draw wide. */
static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x2E80, 0xA4CF }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
};

/*
 * Length of the well-formed sequence at s (Unicode Table 3-7), storing
 * its code point in *cp, or 0 when s[0..n) does not start with one.
 * The second byte's range rules out overlongs, surrogates and code
 * points past U+10FFFF.
 */
size_t
xf_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return s[0] != 0;
	}
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	if (s[0] < 0xE0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] < 0xF0) {
		len = 3;
		c = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else {
		len = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	c = (c << 6) | (s[1] & 0x3F);
	for (i = 2; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* 1 when the eight bytes at s are all ASCII and none is NUL. */
static int
word_ascii(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof(w));
	/* (w - ONES) & ~w has a high bit set in some byte iff a byte is 0. */
	return (((w - ONES) & ~w) | w) & HIGHS ? 0 : 1;
}

/* E1..EC and EE..EF: three-byte leads whose second byte may be any
 * continuation byte (E0 and ED restrict it; see xf_utf8_decode). */
static int
is_plain_lead3(unsigned char b)
{
	return (b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF;
}

int
xf_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (len - i >= WORD && word_ascii(p + i)) {
			i += WORD;
			continue;
		}
		/* Most CJK: a lead byte with no special second-byte range. */
		if (len - i >= 3 && is_plain_lead3(p[i]) &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if ((n = xf_utf8_decode(p + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

static int
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static size_t
cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, nitems(zero_width)))
		return 0;
	if (in_ranges(cp, wide, nitems(wide)))
		return 2;
	return 1;
}

size_t
xf_utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n, w = 0;
	uint32_t cp;

	while (i < len) {
		/* A stray byte is most likely shown as one replacement mark. */
		if ((n = xf_utf8_decode(p + i, len - i, &cp)) == 0) {
			w++;
			i++;
			continue;
		}
		w += cp_width(cp);
		i += n;
	}
	return w;
}

void
xf_utf8_chop(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && !xf_utf8_valid(s, n))
		s[--n] = '\0';
}

/*
 * Characters that are tokens of their own in Chinese, Japanese and Korean
 * text, sorted: the tokenizer and the search index must agree on them.
 * The kana blocks leave out the few marks and dots (゙ ゚ ゛ ゜ ゠ ・)
 * that SQLite's unicode61 takes for separators, so an index term reaches
 * the index as exactly the one token it was written as.  々 〆 〇 count
 * as ideographs (二〇二六年, 人々).
 */
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
	{ 0x20000, 0x2FFFF },	/* extensions B to F, compatibility supplement */
};

int
xf_is_cjk(uint32_t cp)
{
	return in_ranges(cp, cjk, nitems(cjk));
}

size_t
xf_utf8_fit(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void
xf_ascii_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/*
 * Code points a terminal or a text viewer takes as an instruction
 * rather than a character: C0 controls, DEL and C1 controls (U+009B is
 * CSI, U+009D OSC, U+0085 NEL), the Unicode line and paragraph
 * separators, and the bidirectional embeddings, overrides and isolates
 * that reorder what follows them ("Trojan Source", CVE-2021-42574).
 * The bidi marks (U+200E, U+200F, U+061C) are kept: they turn only the
 * characters next to them, and right-to-left text needs them.
 */
int
xf_cp_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
	    (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The escape of bytes s[0..n): \xHH each, as PostgreSQL's COPY text. */
static size_t
hex_escape(const unsigned char *s, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[s[i] >> 4];
		out[o++] = hex[s[i] & 0xf];
	}
	out[o] = '\0';
	return o;
}

/* What a line break, tab or backslash becomes in each mode. */
static int
safe_special(const unsigned char *s, size_t len, enum xf_safe mode,
    char piece[XF_SAFE_PIECE], size_t *used)
{
	unsigned char c = s[0];

	*used = 1;
	if (mode == XF_SAFE_TSV) {
		if (c != '\t' && c != '\n' && c != '\r' && c != '\\')
			return 0;
		piece[0] = '\\';
		piece[1] = c == '\t' ? 't' : c == '\n' ? 'n' :
		    c == '\r' ? 'r' : '\\';
		piece[2] = '\0';
		return 1;
	}
	if (c == '\r' && len > 1 && s[1] == '\n')
		*used = 2;		/* CRLF is one line break */
	else if (c != '\t' && c != '\n' && (c != '\r' || mode != XF_SAFE_LINE))
		return 0;
	/* On one line every break is a space; a block keeps its lines and
	 * tabs, but a lone CR, which would go back over the line, is not
	 * a break. */
	piece[0] = mode == XF_SAFE_LINE ? ' ' : (char)s[*used - 1];
	piece[1] = '\0';
	return 1;
}

size_t
xf_safe_piece(const char *s, size_t len, enum xf_safe mode,
    char piece[XF_SAFE_PIECE])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, used;
	uint32_t cp;

	if (safe_special(p, len, mode, piece, &used))
		return used;
	if ((n = xf_utf8_decode(p, len, &cp)) == 0) {
		hex_escape(p, 1, piece);	/* a byte that is not UTF-8 */
		return 1;
	}
	if (xf_cp_unsafe(cp))
		hex_escape(p, n, piece);
	else {
		memcpy(piece, s, n);
		piece[n] = '\0';
	}
	return n;
}

int
xf_safe_text(struct xf_buf *out, const char *s, size_t len,
    enum xf_safe mode)
{
	const unsigned char *p = (const unsigned char *)s;
	char piece[XF_SAFE_PIECE];
	size_t run = 0, i = 0, n;
	uint32_t cp;

	while (i < len) {
		/* Plain printable ASCII is copied a run at a time. */
		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '\\') {
			i++;
			continue;
		}
		if (p[i] >= 0x80 && (n = xf_utf8_decode(p + i, len - i,
		    &cp)) != 0 && !xf_cp_unsafe(cp)) {
			i += n;
			continue;
		}
		n = xf_safe_piece(s + i, len - i, mode, piece);
		if (n == strlen(piece) && memcmp(piece, s + i, n) == 0) {
			i += n;		/* kept as it is */
			continue;
		}
		if (xf_buf_add(out, s + run, i - run) == -1 ||
		    xf_buf_adds(out, piece) == -1)
			return -1;
		i += n;
		run = i;
	}
	return xf_buf_add(out, s + run, len - run);
}

int
xf_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
