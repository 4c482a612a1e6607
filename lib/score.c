/*
 * score.c: a satisfaction score (1 to 5) as people write it, in a CSV
 * cell or at the start of a reply: "4", "４", "5分", "4/5", "五星",
 * "★★★★", "满意！", "非常不满意", "very satisfied".  Pure: no store.
 *
 * What is not a score is refused rather than guessed, since a guess
 * either hides a complaint (a reply taken for a score is no reopen) or
 * invents a low score: "15", "0", "6分", "4.5", "4/10"; "不太满意" (it
 * lies between 一般 and 不满意, and only its writer knows where);
 * "满意度…" and "一般来说…" (words that start with a score word); a
 * bare digit followed by more words ("1. 快递还没到", "3个问题"), which
 * reads as a list or a count, not an answer.  A digit with a unit (分,
 * 星, /5, stars) or a score word may be followed by anything: it is the
 * comment.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

#define SCORE_MAX	5

/* Score words, the longer of two that share a start first. */
static const struct word {
	const char	*text;
	int		 score;
	int		 latin;		/* ASCII, any case */
} words[] = {
	{ "非常不满意", 1, 0 }, { "非常不滿意", 1, 0 },
	{ "很不满意", 1, 0 }, { "很不滿意", 1, 0 },
	{ "非常满意", 5, 0 }, { "非常滿意", 5, 0 },
	{ "很满意", 5, 0 }, { "很滿意", 5, 0 },
	{ "不满意", 2, 0 }, { "不滿意", 2, 0 },
	{ "满意", 4, 0 }, { "滿意", 4, 0 },
	{ "一般", 3, 0 },
	{ "very dissatisfied", 1, 1 }, { "very unsatisfied", 1, 1 },
	{ "very satisfied", 5, 1 },
	{ "dissatisfied", 2, 1 }, { "unsatisfied", 2, 1 },
	{ "satisfied", 4, 1 }, { "neutral", 3, 1 },
};

/* Characters that turn a score word into another word: 满意度
 * (satisfaction), 满意吗 (satisfied?). */
static const char *const word_enders[] = {
	"度", "吗", "嗎", "么", "麼",
};

/* Units after a number: 4分, 4 星, 4 stars (and 4/5: slash_five). */
static const char *const units[] = {
	"颗星", "顆星", "分", "星", " out of 5", "stars", "star",
	"points", "point",
};

/* Marks that may follow a bare digit: "5！", "4，还行", "3." */
static const char *const bare_ends[] = {
	",", "!", "~", "，", "！", "。", "～", "、",
};

static const char *const numerals[] = { "一", "二", "三", "四", "五" };
static const char *const han_units[] = { "颗星", "顆星", "分", "星" };

static int
starts(const char *p, const char *w)
{
	return strncmp(p, w, strlen(w)) == 0;
}

static const char *
skip_space(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		else if (starts(p, "\xe3\x80\x80"))	/* U+3000 */
			p += 3;
		else if (starts(p, "\xc2\xa0"))		/* U+00A0 */
			p += 2;
		else
			return p;
	}
}

/* An ASCII or full-width digit at p: its value, with its length in *n;
 * -1 for none. */
static int
digit_at(const char *p, size_t *n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (isdigit(u[0])) {
		*n = 1;
		return u[0] - '0';
	}
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*n = 3;
		return u[2] - 0x90;
	}
	return -1;
}

static int
is_han(const char *p)
{
	uint32_t cp;

	return xf_utf8_decode((const unsigned char *)p, strnlen(p, 4),
	    &cp) > 0 && xf_is_cjk(cp);
}

static int
word_score(const char *p, const char **rest)
{
	const struct word *w;
	const char *q;
	size_t i, k;

	for (i = 0; i < nitems(words); i++) {
		w = &words[i];
		k = strlen(w->text);
		if (w->latin ? strncasecmp(p, w->text, k) != 0 :
		    strncmp(p, w->text, k) != 0)
			continue;
		q = p + k;
		if (w->latin && isalpha((unsigned char)*q))
			return 0;
		/* 一般来说 is "generally": no Chinese may follow 一般. */
		if (!w->latin && w->score == 3 && is_han(q))
			return 0;
		for (k = 0; k < nitems(word_enders); k++)
			if (starts(q, word_enders[k]))
				return 0;
		*rest = q;
		return w->score;
	}
	return 0;
}

/* ★★★★☆, ⭐⭐⭐: the filled stars, with empty ones after them up to
 * five in all. */
static int
star_score(const char *p, const char **rest)
{
	int filled = 0, empty = 0;

	for (;;) {
		if (starts(p, "\xe2\x98\x85"))		/* ★ */
			p += 3, filled += empty == 0 ? 1 : SCORE_MAX + 1;
		else if (starts(p, "\xe2\xad\x90")) {	/* ⭐ */
			p += 3;
			filled += empty == 0 ? 1 : SCORE_MAX + 1;
			if (starts(p, "\xef\xb8\x8f"))	/* VS16 */
				p += 3;
		} else if (starts(p, "\xe2\x98\x86"))	/* ☆ */
			p += 3, empty++;
		else
			break;
	}
	if (filled < 1 || filled + empty > SCORE_MAX)
		return 0;
	*rest = p;
	return filled;
}

/* "/5", "／５", " / 5": out of five. */
static const char *
slash_five(const char *p)
{
	size_t n;

	while (*p == ' ')
		p++;
	if (*p == '/')
		p++;
	else if (starts(p, "\xef\xbc\x8f"))
		p += 3;
	else
		return NULL;
	while (*p == ' ')
		p++;
	return digit_at(p, &n) == SCORE_MAX ? p + n : NULL;
}

static const char *
unit_at(const char *p)
{
	const char *q = p;
	size_t i;

	if ((q = slash_five(p)) != NULL)
		return q;
	q = p;
	while (*q == ' ')
		q++;
	for (i = 0; i < nitems(units); i++) {
		/* " out of 5" brings its own space */
		const char *at = units[i][0] == ' ' ? p : q;

		if (units[i][0] == ' ' || isalpha((unsigned char)units[i][0])) {
			size_t k = strlen(units[i]);

			if (strncasecmp(at, units[i], k) == 0 &&
			    !isalnum((unsigned char)at[k]))
				return at + k;
		} else if (starts(at, units[i])) {
			at += strlen(units[i]);
			/* 5分钟 is five minutes */
			return starts(at, "钟") || starts(at, "鐘") ? NULL : at;
		}
	}
	return NULL;
}

/* After a bare digit: the end of the line, or a mark that ends it. */
static int
bare_end(const char *p)
{
	size_t i;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '\n' || *p == '\r')
		return 1;
	if (*p == '-')		/* "2 - too slow" but not "1-2 days" */
		return p[1] == ' ' || p[1] == '\0' || p[1] == '\n';
	if (*p == '.')		/* "5." but not "1. first point" */
		return bare_end(p + 1) && (p[1] == '\0' || p[1] == '\n' ||
		    p[1] == '\r' || p[1] == ' ' || p[1] == '\t');
	for (i = 0; i < nitems(bare_ends); i++)
		if (starts(p, bare_ends[i]))
			return 1;
	return 0;
}

static int
number_score(const char *p, const char **rest)
{
	const char *q, *u;
	size_t n, m;
	int v, i;

	if ((v = digit_at(p, &n)) == -1) {
		/* 五星, 四分: a numeral only with a Chinese unit */
		for (i = 0; i < (int)nitems(numerals); i++) {
			if (!starts(p, numerals[i]))
				continue;
			q = p + strlen(numerals[i]);
			for (n = 0; n < nitems(han_units); n++)
				if (starts(q, han_units[n]) &&
				    unit_at(q) != NULL) {
					*rest = q + strlen(han_units[n]);
					return i + 1;
				}
		}
		return 0;
	}
	q = p + n;
	/* 15, 4.5, ４．５: another number, not a score */
	if (digit_at(q, &m) != -1)
		return 0;
	if ((*q == '.' && digit_at(q + 1, &m) != -1) ||
	    (starts(q, "\xef\xbc\x8e") && digit_at(q + 3, &m) != -1))
		return 0;
	if (v < 1 || v > SCORE_MAX)
		return 0;
	if ((u = unit_at(q)) != NULL) {
		/* 4/50 is not 4/5 */
		if (digit_at(u, &m) != -1)
			return 0;
		*rest = u;
		return v;
	}
	/* 4/10, 3 / 4: a scale that is not ours */
	while (*q == ' ')
		q++;
	if (*q == '/' || starts(q, "\xef\xbc\x8f"))
		return 0;
	if (!bare_end(q))
		return 0;
	*rest = q;
	return v;
}

int
xf_score_lead(const char *s, const char **rest)
{
	const char *p = skip_space(s), *r = NULL;
	int v;

	if ((v = number_score(p, &r)) == 0 && (v = star_score(p, &r)) == 0)
		v = word_score(p, &r);
	if (v != 0 && rest != NULL)
		*rest = r;
	return v;
}

/* Only marks and spaces left: "满意！", "5 。" */
static int
only_marks(const char *p)
{
	uint32_t cp;
	size_t k;

	while (*p != '\0') {
		if (ispunct((unsigned char)*p) || isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		k = xf_utf8_decode((const unsigned char *)p, strlen(p), &cp);
		/* CJK punctuation, full-width forms' marks */
		if (k == 0 || !((cp >= 0x3000 && cp <= 0x303f) ||
		    (cp >= 0xff01 && cp <= 0xff0f) ||
		    (cp >= 0xff1a && cp <= 0xff20) || cp == 0xff5e))
			return 0;
		p += k;
	}
	return 1;
}

int
xf_score_cell(const char *s)
{
	const char *rest;
	int v;

	if ((v = xf_score_lead(s, &rest)) == 0 || !only_marks(rest))
		return 0;
	return v;
}
