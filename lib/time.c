/*
 * time.c: the times people and mail programs write, read into UTC epoch
 * seconds, and printed back as ISO 8601 in the local zone.
 *
 * Each accepted form has its own small parser that must consume the whole
 * text; the forms do not overlap, so they are simply tried in turn.  Every
 * number is read with a digit limit, so garbage cannot overflow, and the
 * parsers look at one byte at a time, so none reads past the NUL.  A time
 * with a zone is converted with our own calendar arithmetic (timegm is not
 * portable); a time without one is local, which only mktime knows.
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
};

/* A broken-down time as written, before it is checked or converted. */
struct when {
	int	year, mon, day;
	int	hour, min, sec;
	int	zoned;			/* 1 when the text named a zone */
	long	off;			/* seconds east of UTC, when zoned */
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

static const char *const wdays[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday",
};

/* RFC 5322 4.3 obsolete zones, plus the UTC spellings people use. */
static const struct {
	const char	*name;
	int		 hours;
} zonenames[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
	{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
};

/* Chinese unit marks, simplified and traditional. */
static const char *const cjk_day[] = { u8"日", u8"号", u8"號", NULL };
static const char *const cjk_hour[] = {
	u8"时", u8"時", u8"点", u8"點", NULL
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
	*pp = p;
	return 0;
}

/* +HH, +HHMM or +HH:MM (and the same with '-'). */
static int
zone_num(const char **pp, long *off)
{
	const char *p = *pp;
	int sign, colon, hh, mm = 0;

	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (fixed(&p, 2, &hh) == -1)
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
 * A zone by name.  RFC 5322 says military letters SHOULD be read as
 * -0000, their senders having so often got the sign wrong; they are only
 * taken where mail dates are parsed.
 */
static int
zone_name(const char **pp, long *off, int military)
{
	size_t i;

	for (i = 0; i < nitems(zonenames); i++)
		if (word(pp, zonenames[i].name,
		    strlen(zonenames[i].name)) == 0) {
			*off = (long)zonenames[i].hours * XF_HOUR;
			return 0;
		}
	if (military && is_alpha((unsigned char)**pp) &&
	    (**pp | 0x20) != 'j' && !is_alpha((unsigned char)(*pp)[1])) {
		(*pp)++;
		*off = 0;
		return 0;
	}
	return -1;
}

static int
zone(const char **pp, struct when *w, int military)
{
	if (zone_num(pp, &w->off) == -1 &&
	    zone_name(pp, &w->off, military) == -1)
		return -1;
	w->zoned = 1;
	return 0;
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

/*
 * YYYY-MM-DD or YYYY/MM/DD, then optionally [T ]H[H]:MM[:SS[.fff]] and a
 * zone: ISO 8601 and the forms spreadsheets and people write.
 */
static int
parse_iso(const char *p, struct when *w)
{
	char sep[2];

	if (digits(&p, 4, 4, &w->year) == -1 || (*p != '-' && *p != '/'))
		return -1;
	/* The same separator twice: 2026-03/05 is a typo, not a date. */
	sep[0] = *p++;
	sep[1] = '\0';
	if (digits(&p, 1, 2, &w->mon) == -1 || lit(&p, sep) == -1 ||
	    digits(&p, 1, 2, &w->day) == -1)
		return -1;
	if (at_end(p))
		return 0;
	if (*p == 'T' || *p == 't')
		p++;
	else if (need_space(&p) == -1)
		return -1;
	if (clock_time(&p, w, 1) == -1)
		return -1;
	p = skip_space(p);
	if (*p != '\0' && zone(&p, w, 0) == -1)
		return -1;
	return at_end(p) ? 0 : -1;
}

/* A 12-hour clock's AM or PM, if there is one: 12 AM is midnight. */
static int
am_pm(const char **pp, int *hour)
{
	int pm;

	if (word(pp, "AM", 2) == 0)
		pm = 0;
	else if (word(pp, "PM", 2) == 0)
		pm = 1;
	else
		return 0;
	if (*hour < 1 || *hour > 12)
		return -1;
	*hour = *hour % 12 + (pm ? 12 : 0);
	return 0;
}

/* MM/DD/YYYY [H[H]:MM[:SS] [AM|PM]], as US spreadsheets export it. */
static int
parse_us(const char *p, struct when *w)
{
	if (digits(&p, 1, 2, &w->mon) == -1 || lit(&p, "/") == -1 ||
	    digits(&p, 1, 2, &w->day) == -1 || lit(&p, "/") == -1 ||
	    digits(&p, 4, 4, &w->year) == -1)
		return -1;
	if (at_end(p))
		return 0;
	if (need_space(&p) == -1 || clock_time(&p, w, 0) == -1)
		return -1;
	p = skip_space(p);
	if (am_pm(&p, &w->hour) == -1)
		return -1;
	return at_end(p) ? 0 : -1;
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
 * [Day,] D Mon YYYY [HH:MM[:SS] [zone]] [(comment)]: mail Date headers.
 * The day of the week is not checked against the date; mail software
 * gets it wrong often enough that a mismatch must not lose the message.
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
	if (at_end(p))
		return 0;
	if (need_space(&p) == -1 || clock_time(&p, w, 0) == -1)
		return -1;
	p = skip_space(p);
	if (*p != '\0' && *p != '(' && zone(&p, w, 1) == -1)
		return -1;
	for (p = skip_space(p); *p == '('; p = skip_space(p))
		if (comment(&p) == -1)
			return -1;
	return *p == '\0' ? 0 : -1;
}

/* The time after a Chinese date: 10时30分[15秒] or 10:30[:15]. */
static int
cjk_time(const char **pp, struct when *w)
{
	const char *p = *pp;

	if (clock_time(&p, w, 0) == 0) {
		*pp = p;
		return 0;
	}
	if (digits(&p, 1, 2, &w->hour) == -1 || lit_any(&p, cjk_hour) == -1 ||
	    digits(&p, 1, 2, &w->min) == -1 || lit(&p, u8"分") == -1)
		return -1;
	if (is_digit((unsigned char)*p) &&
	    (digits(&p, 1, 2, &w->sec) == -1 || lit(&p, u8"秒") == -1))
		return -1;
	*pp = p;
	return 0;
}

/* 2026年3月5日, optionally followed by a time. */
static int
parse_cjk(const char *p, struct when *w)
{
	if (digits(&p, 4, 4, &w->year) == -1 || lit(&p, u8"年") == -1 ||
	    digits(&p, 1, 2, &w->mon) == -1 || lit(&p, u8"月") == -1 ||
	    digits(&p, 1, 2, &w->day) == -1 || lit_any(&p, cjk_day) == -1)
		return -1;
	p = skip_space(p);
	if (*p != '\0' && cjk_time(&p, w) == -1)
		return -1;
	return at_end(p) ? 0 : -1;
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

static int
local_epoch(const struct when *w, int64_t *out)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = w->year - 1900;
	tm.tm_mon = w->mon - 1;
	tm.tm_mday = w->day;
	tm.tm_hour = w->hour;
	tm.tm_min = w->min;
	tm.tm_sec = w->sec;
	tm.tm_isdst = -1;
	/* -1 is also a valid time; mktime sets tm_wday only on success. */
	tm.tm_wday = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 && tm.tm_wday == -1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

static int
to_epoch(const struct when *w, int64_t *out)
{
	if (!w->zoned)
		return local_epoch(w, out);
	*out = xf_days_from_civil(w->year, w->mon, w->day) * XF_DAY +
	    (int64_t)w->hour * XF_HOUR + (int64_t)w->min * XF_MINUTE +
	    w->sec - w->off;
	return 0;
}

int
xf_time_parse(const char *s, int64_t *out)
{
	static int (*const parsers[])(const char *, struct when *) = {
		parse_iso, parse_us, parse_rfc, parse_cjk,
	};
	struct when w;
	size_t i;

	if (s == NULL || out == NULL)
		return -1;
	s = skip_space(s);
	for (i = 0; i < nitems(parsers); i++) {
		memset(&w, 0, sizeof(w));
		if (parsers[i](s, &w) == 0)
			break;
	}
	if (i == nitems(parsers) || check(&w) == -1)
		return -1;
	return to_epoch(&w, out);
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
	const char *s;
	time_t t;

	if ((s = getenv("XF_NOW")) != NULL && *s != '\0') {
		if (xf_time_parse(s, out) == -1)
			return xf_errf(err, "XF_NOW: unrecognised time '%s'",
			    s);
		return 0;
	}
	if ((t = time(NULL)) == (time_t)-1)
		return xf_errf(err, "can't read the clock: %s",
		    strerror(errno));
	*out = (int64_t)t;
	return 0;
}

void
xf_tz_setup(void)
{
	const char *z = getenv("XF_TZ");

	if (z != NULL && *z != '\0')
		setenv("TZ", z, 1);
	tzset();
}
