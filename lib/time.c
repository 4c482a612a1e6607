/*
 * time.c: the times people and mail programs write, read into UTC epoch
 * seconds, and printed back as ISO 8601 in the local zone.
 *
 * Each accepted form has its own small parser that must consume the whole
 * text; the forms do not overlap, so they are simply tried in turn, the
 * ISO one first, as nearly every exported row is ISO.  Every number is
 * read with a digit limit, so garbage cannot overflow, and the parsers
 * look at one byte at a time, so none reads past the NUL.  A time with an
 * offset is converted with our own calendar arithmetic (timegm is not
 * portable); a time without one is local, which only mktime knows, and a
 * time with a zone name is local to that zone (zone.c).
 *
 * Nothing is guessed (xf(7), Times): a zone abbreviation names different
 * zones in different countries (CST is China, US Central and Cuba), so
 * outside mail Date headers, where RFC 5322 defines EST to PDT, only UTC
 * and GMT are read; 05/03/2026 is 5 March in China and Europe and May 3
 * in the US, so a day and month that could be either are refused unless
 * $XF_DATE_ORDER says which.  A refusal says how to write the time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xf.h"

enum {
	YEAR_MIN = 1900,
	YEAR_MAX = 9999,
	ZONE_MAX = 14 * XF_HOUR,	/* furthest real zone, Kiribati */
	RFC_PIVOT = 50,			/* RFC 5322 4.3: 2-digit years */
	ZONE_LEN = 64,			/* longest zone name taken */
};

/* Why a text that has the shape of a time is refused all the same. */
enum why {
	WHY_NONE,			/* not a time at all */
	WHY_ABBREV,			/* a zone abbreviation */
	WHY_ORDER,			/* day and month could be swapped */
	WHY_ZONE,			/* a zone name that is no zone */
};

/* A broken-down time as written, before it is checked or converted. */
struct when {
	int	year, mon, day;
	int	hour, min, sec;
	int	dated;			/* 0: a time alone, on now's date */
	int	timed;			/* a time of day was written */
	int	zoned;			/* 1 when the text named a zone */
	long	off;			/* seconds east of UTC, when zoned */
	const char *zname;		/* a zone name in the text, or NULL */
	size_t	znamelen;
	int	flags;			/* XF_TIME_* */
	enum why why;
	const char *bad;		/* the word why is about */
	size_t	badlen;
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

static const char *const wdays[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday",
};

/* The names UTC goes by, read everywhere. */
static const char *const utc_names[] = { "UTC", "GMT", "UT", "Z" };

/* RFC 5322 4.3 obsolete zones: read in mail Date headers only. */
static const struct {
	const char	*name;
	int		 hours;
} mailzones[] = {
	{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
	{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
};

/* What some abbreviations are taken for, for the refusal's message. */
static const struct {
	const char	*name;
	const char	*meanings;
} abbrevs[] = {
	{ "CST", "China +08:00, US Central -06:00 or Cuba -05:00" },
	{ "IST", "India +05:30, Israel +02:00 or Ireland +01:00" },
	{ "BST", "British summer +01:00 or Bangladesh +06:00" },
	{ "AST", "Atlantic -04:00 or Arabia +03:00" },
	{ "EST", "US Eastern -05:00 or Australian Eastern +10:00" },
};

/* Chinese unit marks, simplified and traditional. */
static const char *const cjk_day[] = { u8"日", u8"号", u8"號", NULL };
static const char *const cjk_hour[] = {
	u8"时", u8"時", u8"点", u8"點", NULL
};

/* The parts of a Chinese day: morning ones keep 1-11, afternoon and
 * evening ones add 12; noon (中午) takes 11 and 12 as they are. */
enum half { HALF_NONE, HALF_AM, HALF_PM, HALF_NOON };
static const struct {
	const char	*name;
	enum half	 half;
} cjk_halves[] = {
	{ u8"凌晨", HALF_AM }, { u8"早上", HALF_AM }, { u8"早晨", HALF_AM },
	{ u8"上午", HALF_AM }, { u8"中午", HALF_NOON }, { u8"下午", HALF_PM },
	{ u8"傍晚", HALF_PM }, { u8"晚上", HALF_PM }, { u8"夜里", HALF_PM },
};

/* ASCII only: the C library's classes follow the locale. */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static const char *
skip_space(const char *p)
{
	while (is_space((unsigned char)*p))
		p++;
	return p;
}

static int
at_end(const char *p)
{
	return *skip_space(p) == '\0';
}

/* At least one white space character, as between RFC 5322 tokens. */
static int
need_space(const char **pp)
{
	if (!is_space((unsigned char)**pp))
		return -1;
	*pp = skip_space(*pp);
	return 0;
}

/*
 * Reads a number of min to max digits.  A longer run of digits is an
 * error, not a number followed by more digits: that is what keeps
 * "99999999999999-01-01" from overflowing or half-matching.
 */
static int
digits(const char **pp, int min, int max, int *v)
{
	const char *p = *pp;
	int n = 0, i;

	for (i = 0; is_digit((unsigned char)p[i]); i++) {
		if (i == max)
			return -1;
		n = n * 10 + (p[i] - '0');
	}
	if (i < min)
		return -1;
	*v = n;
	*pp = p + i;
	return 0;
}

/* Exactly n digits, whatever follows: the HH of +HHMM. */
static int
fixed(const char **pp, int n, int *v)
{
	const char *p = *pp;
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)p[i]))
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	*pp = p + n;
	return 0;
}

static int
lit(const char **pp, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(*pp, s, n) != 0)
		return -1;
	*pp += n;
	return 0;
}

static int
lit_any(const char **pp, const char *const *list)
{
	for (; *list != NULL; list++)
		if (lit(pp, *list) == 0)
			return 0;
	return -1;
}

/* A whole word, case-insensitive: "GMT" but not the start of "GMTX". */
static int
word(const char **pp, const char *s, size_t n)
{
	if (strncasecmp(*pp, s, n) != 0 ||
	    is_alpha((unsigned char)(*pp)[n]))
		return -1;
	*pp += n;
	return 0;
}

/* A day or month name: its three-letter abbreviation or in full. */
static int
name(const char **pp, const char *const *names, int count)
{
	int i;

	for (i = 0; i < count; i++)
		if (word(pp, names[i], 3) == 0 ||
		    word(pp, names[i], strlen(names[i])) == 0)
			return i;
	return -1;
}

/* H[H]:MM[:SS[.fff]]; the fraction is skipped, and only where allowed. */
static int
clock_time(const char **pp, struct when *w, int frac)
{
	const char *p = *pp;

	if (digits(&p, 1, 2, &w->hour) == -1 || lit(&p, ":") == -1 ||
	    digits(&p, 2, 2, &w->min) == -1)
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, 2, &w->sec) == -1)
			return -1;
		if (frac && (*p == '.' || *p == ',') &&
		    is_digit((unsigned char)p[1]))
			for (p++; is_digit((unsigned char)*p); p++)
				continue;
	}
	w->timed = 1;
	*pp = p;
	return 0;
}

/* +HH, +HHMM or +HH:MM (and the same with '-'); after UTC or GMT, as
 * people write them (UTC+8, GMT+5:30), one digit of hours will do. */
static int
zone_num(const char **pp, long *off, int loose)
{
	const char *p = *pp;
	int sign, colon, hh, mm = 0;

	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (loose && is_digit((unsigned char)*p) &&
	    !is_digit((unsigned char)p[1]))
		hh = *p++ - '0';
	else if (fixed(&p, 2, &hh) == -1)
		return -1;
	if ((colon = *p == ':'))
		p++;
	if ((colon || is_digit((unsigned char)*p)) &&
	    digits(&p, 2, 2, &mm) == -1)
		return -1;
	if (mm >= 60)
		return -1;
	*off = sign * ((long)hh * XF_HOUR + (long)mm * XF_MINUTE);
	*pp = p;
	return 0;
}

/*
 * RFC 5322's zone names, and the military letters it says SHOULD be
 * read as -0000, their senders having so often got the sign wrong.
 */
static int
zone_mail(const char **pp, long *off)
{
	size_t i;

	for (i = 0; i < nitems(mailzones); i++)
		if (word(pp, mailzones[i].name, 3) == 0) {
			*off = (long)mailzones[i].hours * XF_HOUR;
			return 0;
		}
	if (is_alpha((unsigned char)**pp) && (**pp | 0x20) != 'j' &&
	    !is_alpha((unsigned char)(*pp)[1])) {
		(*pp)++;
		*off = 0;
		return 0;
	}
	return -1;
}

static int
zone_byte(int c)
{
	return is_alpha(c) || is_digit(c) || c == '/' || c == '_' ||
	    c == '-' || c == '+';
}

/* The zone name of len bytes at p, as a string (zone.c takes one). */
static int
zone_copy(const char *p, size_t len, char name[ZONE_LEN + 1])
{
	if (len > ZONE_LEN)
		return -1;
	memcpy(name, p, len);
	name[len] = '\0';
	return 0;
}

/*
 * Area/Location (Asia/Shanghai, America/Argentina/Buenos_Aires), an
 * IANA name; a word without a slash is an abbreviation, refused.
 */
static int
zone_word(const char **pp, struct when *w)
{
	const char *p = *pp, *q = p;
	char name[ZONE_LEN + 1];

	if (!is_alpha((unsigned char)*p))
		return -1;
	while (zone_byte((unsigned char)*q))
		q++;
	w->bad = p;
	w->badlen = (size_t)(q - p);
	if (memchr(p, '/', w->badlen) == NULL) {
		w->why = WHY_ABBREV;
		return -1;
	}
	if (zone_copy(p, w->badlen, name) == -1 || !xf_zone_known(name)) {
		w->why = WHY_ZONE;
		return -1;
	}
	w->zname = p;
	w->znamelen = w->badlen;
	*pp = q;
	return 0;
}

static int
zone(const char **pp, struct when *w)
{
	size_t i;

	w->zoned = 1;
	if (zone_num(pp, &w->off, 0) == 0)
		return 0;
	for (i = 0; i < nitems(utc_names); i++)
		if (word(pp, utc_names[i], strlen(utc_names[i])) == 0) {
			if (**pp == '+' || **pp == '-')
				return zone_num(pp, &w->off, 1);
			w->off = 0;
			return 0;
		}
	if ((w->flags & XF_TIME_MAIL) && zone_mail(pp, &w->off) == 0)
		return 0;
	return zone_word(pp, w);
}

/* Nothing more, or a zone and nothing more. */
static int
zone_tail(const char *p, struct when *w)
{
	p = skip_space(p);
	if (*p != '\0' && zone(&p, w) == -1)
		return -1;
	return at_end(p) ? 0 : -1;
}

/* An RFC 5322 comment, nested parentheses and quoted pairs included. */
static int
comment(const char **pp)
{
	const char *p = *pp;
	int depth = 0;

	do {
		if (*p == '\0')
			return -1;
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		p++;
	} while (depth > 0);
	*pp = p;
	return 0;
}

/* A 12-hour clock's AM or PM, if there is one: 12 AM is midnight. */
static int
am_pm(const char **pp, int *hour)
{
	int pm;

	if (word(pp, "AM", 2) == 0 || word(pp, "a.m.", 4) == 0)
		pm = 0;
	else if (word(pp, "PM", 2) == 0 || word(pp, "p.m.", 4) == 0)
		pm = 1;
	else
		return 0;
	if (*hour < 1 || *hour > 12)
		return -1;
	*hour = *hour % 12 + (pm ? 12 : 0);
	return 0;
}

static enum half
cjk_half(const char **pp)
{
	size_t i;

	for (i = 0; i < nitems(cjk_halves); i++)
		if (lit(pp, cjk_halves[i].name) == 0)
			return cjk_halves[i].half;
	return HALF_NONE;
}

/* 下午3点 is 15:00; 下午15点 is too, but 上午15点 is no time. */
static int
apply_half(enum half h, int *hour)
{
	if (*hour > 12)
		return h == HALF_AM ? -1 : 0;
	if (h == HALF_AM)
		*hour %= 12;
	else if (h == HALF_PM && *hour < 12)
		*hour += 12;
	else if (h == HALF_NOON && *hour < 11)
		*hour += 12;
	return 0;
}

/* 10时[30分[15秒]], 3点半, 3点30: the Chinese clock. */
static int
cjk_clock(const char **pp, struct when *w)
{
	const char *p = *pp;

	if (digits(&p, 1, 2, &w->hour) == -1 || lit_any(&p, cjk_hour) == -1)
		return -1;
	if (lit(&p, u8"半") == 0)
		w->min = 30;
	else if (is_digit((unsigned char)*p)) {
		if (digits(&p, 1, 2, &w->min) == -1)
			return -1;
		if (lit(&p, u8"分") == 0 && is_digit((unsigned char)*p) &&
		    (digits(&p, 1, 2, &w->sec) == -1 ||
		    lit(&p, u8"秒") == -1))
			return -1;
	}
	w->timed = 1;
	*pp = p;
	return 0;
}

/*
 * A time of day: [上午|下午|...] then H:MM[:SS[.fff]] or the Chinese
 * clock, or H:MM[:SS] AM|PM.
 */
static int
day_time(const char **pp, struct when *w)
{
	const char *p = *pp, *q;
	enum half h = cjk_half(&p);

	p = skip_space(p);
	if (clock_time(&p, w, 1) == -1 && cjk_clock(&p, w) == -1)
		return -1;
	if (h != HALF_NONE) {
		if (apply_half(h, &w->hour) == -1)
			return -1;
	} else {
		q = skip_space(p);
		if (am_pm(&q, &w->hour) == -1)
			return -1;
		if (q != skip_space(p))		/* an AM or PM was read */
			p = q;
	}
	*pp = p;
	return 0;
}

/* After a date: nothing, or white space (or T, sep_t) and a time and a
 * zone.  A Chinese date may run straight on into its time. */
static int
date_tail(const char *p, struct when *w, int sep_t, int joined)
{
	int t = 0;

	if (at_end(p))
		return 0;
	if (sep_t && (*p == 'T' || *p == 't'))
		t = *p++;
	else if (need_space(&p) == -1 && !joined)
		return -1;
	/* A date may name its zone without a time: 2026-03-05 +08:00. */
	if (day_time(&p, w) == -1)
		return t || w->timed ? -1 : zone_tail(p, w);
	return zone_tail(p, w);
}

/*
 * YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD, then optionally [T ]H[H]:MM[:SS
 * [.fff]] and a zone: ISO 8601 and the forms spreadsheets and people
 * write.  The plain ISO time is read here without the detours of the
 * general tail: a bulk import reads one a row.
 */
static int
parse_iso(const char *p, struct when *w)
{
	const char *q;
	char sep[2];

	if (digits(&p, 4, 4, &w->year) == -1 ||
	    (*p != '-' && *p != '/' && *p != '.'))
		return -1;
	/* The same separator twice: 2026-03/05 is a typo, not a date. */
	sep[0] = *p++;
	sep[1] = '\0';
	if (digits(&p, 1, 2, &w->mon) == -1 || lit(&p, sep) == -1 ||
	    digits(&p, 1, 2, &w->day) == -1)
		return -1;
	w->dated = 1;
	if ((*p == 'T' || *p == 't' || *p == ' ') &&
	    is_digit((unsigned char)p[1])) {
		q = p + 1;
		if (clock_time(&q, w, 1) == 0) {
			if (*q == '\0')
				return 0;
			if (*q == 'Z' && q[1] == '\0')
				return w->zoned = 1, 0;
			if (*q == '+' || *q == '-')
				return zone_tail(q, w);
		}
	}
	return date_tail(p, w, 1, 0);
}

/* YYYYMMDD[THHMM[SS]], ISO 8601's basic form. */
static int
parse_basic(const char *p, struct when *w)
{
	int ymd;

	if (digits(&p, 8, 8, &ymd) == -1)
		return -1;
	w->year = ymd / 10000;
	w->mon = ymd / 100 % 100;
	w->day = ymd % 100;
	w->dated = 1;
	if (*p != 'T' && *p != 't')
		return date_tail(p, w, 0, 0);
	p++;
	if (fixed(&p, 2, &w->hour) == -1 || fixed(&p, 2, &w->min) == -1 ||
	    (is_digit((unsigned char)*p) && fixed(&p, 2, &w->sec) == -1))
		return -1;
	w->timed = 1;
	return zone_tail(p, w);
}

/* $XF_DATE_ORDER: 'd' for dmy, 'm' for mdy, 0 when unset. */
static int
date_order(void)
{
	const char *o = getenv("XF_DATE_ORDER");

	if (o == NULL || *o == '\0')
		return 0;
	return strcasecmp(o, "dmy") == 0 ? 'd' :
	    strcasecmp(o, "mdy") == 0 ? 'm' : '?';
}

int
xf_date_order_check(struct xf_err *err)
{
	const char *o = getenv("XF_DATE_ORDER");

	if (date_order() == '?')
		return xf_errf(err, "XF_DATE_ORDER=%.40s: want dmy (5/3/2026 "
		    "is 5 March) or mdy (5/3/2026 is May 3)", o);
	return 0;
}

/* a/b of a numeric date: which is the day, by order or by size. */
static int
day_month(int a, int b, struct when *w)
{
	int order = date_order();

	if (order == 0 && a != b && a <= 12 && b <= 12) {
		w->why = WHY_ORDER;
		return -1;
	}
	if (order == 'm' || (order == 0 && b > 12)) {
		w->mon = a;
		w->day = b;
	} else {
		w->day = a;
		w->mon = b;
	}
	return 0;
}

/* DD/MM/YYYY or MM/DD/YYYY ('.' or '-' between, too), by the order. */
static int
parse_numeric(const char *p, struct when *w)
{
	char sep[2];
	int a, b;

	if (digits(&p, 1, 2, &a) == -1 ||
	    (*p != '/' && *p != '.' && *p != '-'))
		return -1;
	sep[0] = *p++;
	sep[1] = '\0';
	if (digits(&p, 1, 2, &b) == -1 || lit(&p, sep) == -1 ||
	    digits(&p, 4, 4, &w->year) == -1)
		return -1;
	w->dated = 1;
	/* The rest first: a bad tail is no time, whatever the order. */
	if (date_tail(p, w, 0, 0) == -1)
		return -1;
	return day_month(a, b, w);
}

/* RFC 5322 4.3: 2-digit years are 19xx from 50, 3-digit ones + 1900. */
static int
rfc_year(const char **pp, int *year)
{
	const char *p = *pp;

	if (digits(&p, 2, 4, year) == -1)
		return -1;
	if (p - *pp == 2)
		*year += *year < RFC_PIVOT ? 2000 : 1900;
	else if (p - *pp == 3)
		*year += 1900;
	*pp = p;
	return 0;
}

/*
 * [Day,] D Mon YYYY [HH:MM[:SS] [zone]] [(comment)]: mail Date headers,
 * and 5 March 2026 as people write it.  The day of the week is not
 * checked against the date; mail software gets it wrong often enough
 * that a mismatch must not lose the message.
 */
static int
parse_rfc(const char *p, struct when *w)
{
	const char *q;

	if (is_alpha((unsigned char)*p)) {
		if (name(&p, wdays, 7) == -1)
			return -1;
		/* The comma is required, but "Thu 5 Mar" is seen too. */
		q = skip_space(p);
		if (*q == ',')
			q++;
		else if (q == p)
			return -1;
		p = skip_space(q);
	}
	if (digits(&p, 1, 2, &w->day) == -1 || need_space(&p) == -1 ||
	    (w->mon = name(&p, months, 12) + 1) == 0 ||
	    need_space(&p) == -1 || rfc_year(&p, &w->year) == -1)
		return -1;
	w->dated = 1;
	if (at_end(p))
		return 0;
	if (need_space(&p) == -1 || day_time(&p, w) == -1)
		return -1;
	p = skip_space(p);
	if (*p != '\0' && *p != '(' && zone(&p, w) == -1)
		return -1;
	for (p = skip_space(p); *p == '('; p = skip_space(p))
		if (comment(&p) == -1)
			return -1;
	return *p == '\0' ? 0 : -1;
}

/* March 5, 2026 [time] [zone], as English prose writes a date. */
static int
parse_words(const char *p, struct when *w)
{
	if ((w->mon = name(&p, months, 12) + 1) == 0 ||
	    need_space(&p) == -1 || digits(&p, 1, 2, &w->day) == -1)
		return -1;
	if (*p == ',')
		p++;
	if (need_space(&p) == -1 || digits(&p, 4, 4, &w->year) == -1)
		return -1;
	w->dated = 1;
	if (*p == ',')
		p++;
	return date_tail(p, w, 0, 0);
}

/* 2026年3月5日, optionally followed by a time (下午3点, 15时, 10:30). */
static int
parse_cjk(const char *p, struct when *w)
{
	if (digits(&p, 4, 4, &w->year) == -1 || lit(&p, u8"年") == -1 ||
	    digits(&p, 1, 2, &w->mon) == -1 || lit(&p, u8"月") == -1 ||
	    digits(&p, 1, 2, &w->day) == -1 || lit_any(&p, cjk_day) == -1)
		return -1;
	w->dated = 1;
	return date_tail(p, w, 0, 1);
}

/* A time alone (下午3:00, 15:00, 3:00 PM): on now's date, if allowed. */
static int
parse_clock(const char *p, struct when *w)
{
	if (!(w->flags & XF_TIME_NOW) || day_time(&p, w) == -1)
		return -1;
	return zone_tail(p, w);
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
xf_month_days(int y, int m)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* A leap second is taken as the second before it. */
static int
check(struct when *w)
{
	if (w->year < YEAR_MIN || w->year > YEAR_MAX ||
	    w->mon < 1 || w->mon > 12 ||
	    w->day < 1 || w->day > xf_month_days(w->year, w->mon) ||
	    w->hour > 23 || w->min > 59 || w->sec > 60 ||
	    w->off < -ZONE_MAX || w->off > ZONE_MAX)
		return -1;
	if (w->sec == 60)
		w->sec = 59;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t
xf_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Local to the process's zone, or to the zone the text named. */
static int
local_epoch(const struct when *w, int days, int64_t *out)
{
	char name[ZONE_LEN + 1];
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = w->year - 1900;
	tm.tm_mon = w->mon - 1;
	tm.tm_mday = w->day + days;	/* mktime carries it over */
	tm.tm_hour = w->hour;
	tm.tm_min = w->min;
	tm.tm_sec = w->sec;
	tm.tm_isdst = -1;
	if (w->zname != NULL)
		return zone_copy(w->zname, w->znamelen, name) == -1 ? -1 :
		    xf_zone_mktime(name, &tm, out);
	return xf_local_mktime(&tm, out);
}

/* A time alone is on the date it is now where the time is. */
static int
date_of_now(struct when *w, int64_t now)
{
	time_t t = (time_t)(now + (w->zoned ? w->off : 0));
	struct tm tm;

	if (w->zname != NULL || (w->zoned ? gmtime_r(&t, &tm) :
	    localtime_r(&t, &tm)) == NULL)
		return -1;
	w->year = tm.tm_year + 1900;
	w->mon = tm.tm_mon + 1;
	w->day = tm.tm_mday;
	return 0;
}

/* A date alone read as an end (XF_TIME_DAYEND) is the next midnight. */
static int
to_epoch(const struct when *w, int64_t *out)
{
	int days = !w->timed && (w->flags & XF_TIME_DAYEND) ? 1 : 0;

	if (!w->zoned || w->zname != NULL)
		return local_epoch(w, days, out);
	*out = (xf_days_from_civil(w->year, w->mon, w->day) + days) *
	    XF_DAY + (int64_t)w->hour * XF_HOUR +
	    (int64_t)w->min * XF_MINUTE + w->sec - w->off;
	return 0;
}

static int
abbrev_error(const char *s, const struct when *w, struct xf_err *err)
{
	const char *meant = NULL;
	size_t i;

	for (i = 0; i < nitems(abbrevs); i++)
		if (w->badlen == strlen(abbrevs[i].name) &&
		    strncasecmp(w->bad, abbrevs[i].name, w->badlen) == 0)
			meant = abbrevs[i].meanings;
	if (meant != NULL)
		return xf_errf(err, "'%.64s': %.*s is ambiguous (%s); write "
		    "the offset (+08:00) or the zone name (Asia/Shanghai)",
		    s, (int)w->badlen, w->bad, meant);
	return xf_errf(err, "'%.64s': unknown zone '%.*s' (of the "
	    "abbreviations only UTC and GMT are read); write the offset "
	    "(+08:00) or the zone name (Asia/Shanghai)", s,
	    (int)(w->badlen > 40 ? 40 : w->badlen), w->bad);
}

/* Why s is no time, and how to write one: -2 when it has the shape
 * of one, -1 when it has not. */
static int
refusal(const char *s, const struct when *w, struct xf_err *err)
{
	switch (w->why) {
	case WHY_ABBREV:
		return abbrev_error(s, w, err) - 1;
	case WHY_ORDER:
		return xf_errf(err, "'%.64s': day and month could be either "
		    "way round; write YYYY-MM-DD, or set XF_DATE_ORDER=dmy "
		    "or mdy", s) - 1;
	case WHY_ZONE:
		return xf_errf(err, "'%.64s': unknown zone '%.*s'; write "
		    "the offset (+08:00) or the zone name (Asia/Shanghai)", s,
		    (int)(w->badlen > 40 ? 40 : w->badlen), w->bad) - 1;
	case WHY_NONE:
		break;
	}
	return xf_errf(err, "'%.64s': not a time; write e.g. " XF_TIME_FORMS,
	    s);
}

int
xf_time_read(const char *s, int flags, int64_t now, int64_t *out,
    struct xf_err *err)
{
	static int (*const parsers[])(const char *, struct when *) = {
		parse_iso, parse_basic, parse_numeric, parse_rfc,
		parse_words, parse_cjk, parse_clock,
	};
	struct when w;
	size_t i;

	if (s == NULL || out == NULL)
		return xf_errf(err, "no time");
	s = skip_space(s);
	for (i = 0; i < nitems(parsers); i++) {
		memset(&w, 0, sizeof(w));
		w.flags = flags;
		if (parsers[i](s, &w) == 0)
			break;
		if (w.why != WHY_NONE)	/* its shape, but refused */
			return refusal(s, &w, err);
	}
	if (i == nitems(parsers))
		return refusal(s, &w, err);
	if (!w.dated && date_of_now(&w, now) == -1)
		return xf_errf(err, "'%.64s': give the date too", s) - 1;
	if (check(&w) == -1)
		return xf_errf(err, "'%.64s': no such date or time", s) - 1;
	if (to_epoch(&w, out) == -1)
		return xf_errf(err, "'%.64s': out of range", s) - 1;
	return 0;
}

int
xf_time_parse(const char *s, int64_t *out)
{
	return xf_time_read(s, 0, 0, out, NULL) == 0 ? 0 : -1;
}

/*
 * Always a numeric offset, never "Z", so one instant in one zone has one
 * spelling.  Offsets with seconds (local mean time before 1901 in some
 * zones) cannot be written in ISO 8601; those times are printed in UTC so
 * that what is printed still parses back to the same instant.
 */
/*
 * 2026-03-05T18:00:00+08:00 for a year of four digits, without printf:
 * a bulk import prints one a row, and snprintf was most of the cost.
 * Returns the length it needed, as snprintf does.
 */
static int
iso_digits(const struct tm *tm, long off, char *buf, size_t len)
{
	char s[XF_TIMELEN], *p = s;
	long a = labs(off);

	p += xf_put_uint(p, (uint64_t)(tm->tm_year + 1900), 4);
	*p++ = '-';
	p += xf_put_uint(p, (uint64_t)(tm->tm_mon + 1), 2);
	*p++ = '-';
	p += xf_put_uint(p, (uint64_t)tm->tm_mday, 2);
	*p++ = 'T';
	p += xf_put_uint(p, (uint64_t)tm->tm_hour, 2);
	*p++ = ':';
	p += xf_put_uint(p, (uint64_t)tm->tm_min, 2);
	*p++ = ':';
	p += xf_put_uint(p, (uint64_t)tm->tm_sec, 2);
	*p++ = off < 0 ? '-' : '+';
	p += xf_put_uint(p, (uint64_t)(a / XF_HOUR), 2);
	*p++ = ':';
	p += xf_put_uint(p, (uint64_t)(a % XF_HOUR / XF_MINUTE), 2);
	if ((size_t)(p - s) < len)
		memcpy(buf, s, (size_t)(p - s) + 1);
	return (int)(p - s);
}

int
xf_time_format(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;
	long off;
	int n;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return -1;
	if (tm.tm_gmtoff % XF_MINUTE != 0 && gmtime_r(&tt, &tm) == NULL)
		return -1;
	off = tm.tm_gmtoff;
	if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:"
		    "%02ld", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
		    labs(off) / XF_HOUR, labs(off) % XF_HOUR / XF_MINUTE);
	else
		n = iso_digits(&tm, off, buf, len);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return 0;
}

int64_t
xf_time_day(int64_t t)
{
	int64_t d = t / XF_DAY;

	/* C division truncates toward zero; days start at midnight. */
	if (t % XF_DAY < 0)
		d--;
	return d;
}

int
xf_now(int64_t *out, struct xf_err *err)
{
	struct xf_err e;
	const char *s;
	time_t t;

	/* Not relative to itself: a time alone is no XF_NOW. */
	if ((s = getenv("XF_NOW")) != NULL && *s != '\0') {
		if (xf_time_read(s, 0, 0, out, &e) != 0)
			return xf_errf(err, "XF_NOW: %s", e.msg);
		return 0;
	}
	if ((t = time(NULL)) == (time_t)-1)
		return xf_errf(err, "can't read the clock: %s",
		    strerror(errno));
	*out = (int64_t)t;
	return 0;
}

/*
 * Two days in hours before days: "in 30h" says more than "in 1d" of a
 * deadline tomorrow afternoon, and a queue is read by the hour.
 */
#define REL_HOURS_MAX	(2 * XF_DAY)

int
xf_time_relative(int64_t t, int64_t now, const char *lang, char *buf,
    size_t len)
{
	static const char *const en[] = { "m", "h", "d" };
	static const char *const zh[] = { "分钟", "小时", "天" };
	int64_t d = t >= now ? t - now : now - t, n;
	int zhl = lang != NULL && strcmp(lang, "zh") == 0, u, w;

	if (d < XF_MINUTE)
		w = snprintf(buf, len, "%s", zhl ? "现在到期" : "due now");
	else {
		if (d < XF_HOUR)
			n = d / XF_MINUTE, u = 0;
		else if (d < REL_HOURS_MAX)
			n = d / XF_HOUR, u = 1;
		else
			n = d / XF_DAY, u = 2;
		if (zhl)
			w = snprintf(buf, len, t >= now ? "%lld%s后" :
			    "逾期%lld%s", (long long)n, zh[u]);
		else
			w = snprintf(buf, len, t >= now ? "in %lld%s" :
			    "%lld%s late", (long long)n, en[u]);
	}
	return w < 0 || (size_t)w >= len ? -1 : 0;
}
