/*
 * redact.c: personal data masked in any text (issue 15): mainland
 * mobile numbers, landlines, e-mail addresses, resident ID numbers (18
 * digits with the GB 11643 check digit, or the old 15), bank card
 * numbers (Luhn), in ASCII or full-width digits, and a person's name
 * when the caller knows a field holds one.
 *
 * A mask keeps the shape staff need to match a caller to a complaint
 * (138****5678, l***@example.org, 110105********0018) and every
 * separator where it was; the text around it is untouched, byte for
 * byte, so a TSV or CSV stream stays the same table (a mask writes
 * only '*' and what was there, never a tab, comma, quote or newline).
 *
 * Numbers are read as runs of digit groups ("+86 138-0013-8000" is one
 * run of four groups).  From each group the longest run of whole
 * groups that is a number of a known kind is masked; a group is never
 * split, so a mobile number inside a longer run of digits (an order
 * number) is not a mobile number, and neither is a run touching a
 * letter (SN13800138000).  A date (2026-03-05) is groups that make no
 * kind and stays as it is.
 */
#include <ctype.h>
#include <string.h>

#include "xf.h"

#define GROUPS_MAX	8	/* groups of one run tried together */
#define DIGITS_MAX	24	/* digits of the longest kind, and room */

enum kind { NONE, MOBILE, LANDLINE, ID18, ID15, CARD };

static const unsigned bits[] = {
	[NONE] = 0, [MOBILE] = XF_REDACT_MOBILE,
	[LANDLINE] = XF_REDACT_LANDLINE, [ID18] = XF_REDACT_ID,
	[ID15] = XF_REDACT_ID, [CARD] = XF_REDACT_CARD,
};

/* --- digits: ASCII and full-width (U+FF10..U+FF19) ------------------ */

/* The digit at s (its length in *len), or -1. */
static int
digit_at(const unsigned char *s, size_t n, size_t *len)
{
	if (n >= 1 && isdigit(*s)) {
		*len = 1;
		return *s - '0';
	}
	/* U+FF10..U+FF19: EF BC 90..99 */
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 &&
	    s[2] <= 0x99) {
		*len = 3;
		return s[2] - 0x90;
	}
	return -1;
}

/* 1 when the byte before p (a text from start) is a letter or digit:
 * then no number starts at p. */
static int
joined_before(const unsigned char *start, const unsigned char *p)
{
	if (p == start)
		return 0;
	if (isalnum(p[-1]))
		return 1;
	/* a full-width digit ends there (its three bytes, not an ASCII
	 * digit two bytes back) */
	return p - start >= 3 && p[-3] == 0xEF && p[-2] == 0xBC &&
	    p[-1] >= 0x90 && p[-1] <= 0x99;
}

static int
joined_after(const unsigned char *p, size_t n)
{
	size_t len;

	return n > 0 && (isalnum(*p) || digit_at(p, n, &len) >= 0);
}

/* --- the kinds ----------------------------------------------------------- */

/* GB 11643-1999: the weighted sum of 17 digits mod 11 names the 18th. */
static int
id18_ok(const char *d)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int i, sum = 0, month, day;

	for (i = 0; i < 17; i++)
		sum += (d[i] - '0') * w[i];
	month = (d[10] - '0') * 10 + d[11] - '0';
	day = (d[12] - '0') * 10 + d[13] - '0';
	return check[sum % 11] == d[17] && d[0] >= '1' && d[0] <= '8' &&
	    month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
	    (d[6] == '1' || d[6] == '2');
}

/* The old 15-digit number has no check digit: a region code and a
 * birth date (YYMMDD) are what make it one. */
static int
id15_ok(const char *d)
{
	int month = (d[8] - '0') * 10 + d[9] - '0';
	int day = (d[10] - '0') * 10 + d[11] - '0';

	return d[0] >= '1' && d[0] <= '8' && month >= 1 && month <= 12 &&
	    day >= 1 && day <= 31;
}

static int
luhn_ok(const char *d, size_t n)
{
	size_t i;
	int sum = 0, v;

	for (i = 0; i < n; i++) {
		v = d[n - 1 - i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* What the digits d[0..n) are; *keep_head, *keep_tail: the digits a
 * mask leaves at each end.  plus: the run began with '+'. */
static enum kind
classify(const char *d, size_t n, int plus, size_t *head, size_t *tail)
{
	size_t cc = 0;

	/* +86 or 0086 before a mobile number */
	if (plus && n == 13 && d[0] == '8' && d[1] == '6')
		cc = 2;
	else if (n == 15 && memcmp(d, "0086", 4) == 0 && d[4] == '1')
		cc = 4;
	if (n - cc == 11 && d[cc] == '1' && d[cc + 1] >= '3' &&
	    d[cc + 1] <= '9') {
		*head = cc + 3;
		*tail = 4;
		return MOBILE;
	}
	if (plus)
		return NONE;
	if (n == 18 && id18_ok(d)) {
		*head = 6;
		*tail = 4;
		return ID18;
	}
	if (n >= 16 && n <= 19 && d[0] != '0' && luhn_ok(d, n)) {
		*head = 4;
		*tail = 4;
		return CARD;
	}
	if (n == 15 && id15_ok(d)) {
		*head = 6;
		*tail = 3;
		return ID15;
	}
	/* 0 + area code (10, 2X, or three digits) + 7 or 8 digits */
	if (d[0] == '0' && d[1] != '0' && n >= 10 && n <= 12) {
		*head = d[1] == '1' || d[1] == '2' ? 3 : 4;
		*tail = 4;
		return n - *head == 7 || n - *head == 8 ? LANDLINE : NONE;
	}
	return NONE;
}

/* --- runs of digit groups ------------------------------------------------ */

struct group {
	size_t	start, end;	/* bytes of the group in the text */
	size_t	d0, nd;		/* its digits in the run's digit string */
};

struct run {
	struct group	g[GROUPS_MAX];
	size_t		ng;
	char		d[GROUPS_MAX * DIGITS_MAX + 1];
	size_t		nd;
	int		plus;
};

/*
 * Reads the groups of a run that starts at s[i]: digits, then a single
 * space or hyphen (or the close of "(010) ") and more digits.  Returns
 * the end of the run.
 */
static size_t
read_run(const unsigned char *s, size_t n, size_t i, struct run *r)
{
	size_t len, j;
	int v;

	r->ng = r->nd = 0;
	while (r->ng < GROUPS_MAX && i < n && digit_at(s + i, n - i, &len) >= 0) {
		struct group *g = &r->g[r->ng];

		g->start = i;
		g->d0 = r->nd;
		while (i < n && (v = digit_at(s + i, n - i, &len)) >= 0 &&
		    r->nd - g->d0 < DIGITS_MAX) {
			r->d[r->nd++] = (char)('0' + v);
			i += len;
		}
		/* the check character X of a resident ID */
		if (r->nd - g->d0 == 17 && i < n && (s[i] == 'X' ||
		    s[i] == 'x')) {
			r->d[r->nd++] = 'X';
			i++;
		}
		g->end = i;
		g->nd = r->nd - g->d0;
		r->ng++;
		/* the separator that joins the next group, if any */
		j = i;
		if (j < n && s[j] == ')')
			j++;
		if (j < n && (s[j] == ' ' || s[j] == '-'))
			j++;
		if (j == i || j >= n || digit_at(s + j, n - j, &len) < 0)
			break;
		i = j;
	}
	r->d[r->nd] = '\0';
	return i;
}

/* A group's character at byte k, masked or kept. */
static int
put_masked(struct xf_buf *out, const unsigned char *s, const struct group *g,
    size_t first, size_t keep_head, size_t keep_tail, size_t total)
{
	size_t k = g->start, len, idx = g->d0 - first;

	while (k < g->end) {
		if (digit_at(s + k, g->end - k, &len) < 0)
			len = 1;	/* the X of an ID */
		if (idx < keep_head || idx >= total - keep_tail) {
			if (xf_buf_add(out, s + k, len) == -1)
				return -1;
		} else if (xf_buf_addc(out, '*') == -1)
			return -1;
		k += len;
		idx++;
	}
	return 0;
}

/*
 * Masks what it can of the run at s[i..end): each time, the longest
 * series of whole groups from the current one that is a number of a
 * kind.  Appends the run, masked, to out.
 */
static int
mask_run(const unsigned char *s, size_t i, size_t end, const struct run *r,
    unsigned *found, struct xf_buf *out)
{
	size_t a = 0, b, k, head, tail, from = i;
	enum kind kind = NONE;

	while (a < r->ng) {
		for (b = r->ng; b > a; b--) {
			const struct group *ga = &r->g[a], *gb = &r->g[b - 1];

			kind = classify(r->d + ga->d0, gb->d0 + gb->nd - ga->d0,
			    a == 0 && r->plus, &head, &tail);
			if (kind != NONE)
				break;
		}
		if (kind == NONE) {
			a++;
			continue;
		}
		*found |= bits[kind];
		/* what lies before the match, as it was */
		if (xf_buf_add(out, s + from, r->g[a].start - from) == -1)
			return -1;
		for (k = a; k < b; k++) {
			if (k > a && xf_buf_add(out, s + r->g[k - 1].end,
			    r->g[k].start - r->g[k - 1].end) == -1)
				return -1;
			if (put_masked(out, s, &r->g[k], r->g[a].d0, head, tail,
			    r->g[b - 1].d0 + r->g[b - 1].nd - r->g[a].d0) == -1)
				return -1;
		}
		from = r->g[b - 1].end;
		a = b;
		kind = NONE;
	}
	return xf_buf_add(out, s + from, end - from);
}

/* --- e-mail addresses ------------------------------------------------- */

static int
local_char(int c)
{
	return isalnum(c) || strchr("._%+-", c) != NULL;
}

static int
domain_char(int c)
{
	return isalnum(c) || c == '.' || c == '-';
}

/*
 * The address around the '@' at s[at], as [*start, *end), when there is
 * one: a local part, and a domain of at least two labels whose last is
 * letters.
 */
static int
address_at(const unsigned char *s, size_t n, size_t at, size_t lo,
    size_t *start, size_t *end)
{
	size_t a = at, b = at + 1, dot = 0, k;

	while (a > lo && local_char(s[a - 1]))
		a--;
	while (b < n && domain_char(s[b])) {
		if (s[b] == '.')
			dot = b;
		b++;
	}
	while (b > at + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
		b--;
	while (a < at && s[a] == '.')
		a++;
	if (a == at || dot <= at + 1 || dot >= b - 1)
		return 0;
	for (k = dot + 1; k < b; k++)
		if (!isalpha(s[k]))
			return 0;
	*start = a;
	*end = b;
	return 1;
}

/* --- the text ------------------------------------------------------------ */

int
xf_redact(const char *text, size_t n, struct xf_buf *out, unsigned *found)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, copied = 0, len, end, a, b;
	unsigned dummy = 0;
	struct run r;

	if (found == NULL)
		found = &dummy;
	if (xf_buf_add(out, "", 0) == -1)
		return -1;
	while (i < n) {
		if (s[i] == '@' && address_at(s, n, i, copied, &a, &b)) {
			if (xf_buf_add(out, s + copied, a - copied) == -1 ||
			    xf_buf_add(out, s + a, 1) == -1 ||
			    xf_buf_adds(out, "***") == -1 ||
			    xf_buf_add(out, s + i, b - i) == -1)
				return -1;
			*found |= XF_REDACT_EMAIL;
			i = copied = b;
			continue;
		}
		if (digit_at(s + i, n - i, &len) < 0 ||
		    joined_before(s, s + i)) {
			i++;
			continue;
		}
		end = read_run(s, n, i, &r);
		r.plus = i > 0 && s[i - 1] == '+';
		if (joined_after(s + end, n - end)) {
			/* touching a letter, or longer than we read: skip
			 * the whole thing, a part of it is no number */
			while (end < n && (joined_after(s + end, n - end) ||
			    s[end] == '-'))
				end++;
			i = end;
			continue;
		}
		if (xf_buf_add(out, s + copied, i - copied) == -1 ||
		    mask_run(s, i, end, &r, found, out) == -1)
			return -1;
		i = copied = end;
	}
	return xf_buf_add(out, s + copied, n - copied);
}

/*
 * A name: its first character, then one '*' for each other character
 * of each word ("张三丰" 张**, "John Smith" J*** S****), so the desk
 * can still tell which of two complaints from one family it holds.
 */
int
xf_redact_name(const char *name, struct xf_buf *out)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = strlen(name), k;
	uint32_t cp;
	int start = 1;

	if (xf_buf_add(out, "", 0) == -1)
		return -1;
	while (n > 0) {
		if ((k = xf_utf8_decode(s, n, &cp)) == 0)
			k = 1;
		if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xB7 ||
		    cp == '.' || cp == '-' || cp == ',' || cp == 0xFF0C) {
			start = 1;
			if (xf_buf_add(out, s, k) == -1)
				return -1;
		} else if (start) {
			start = 0;
			if (xf_buf_add(out, s, k) == -1)
				return -1;
		} else if (xf_buf_addc(out, '*') == -1)
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}
