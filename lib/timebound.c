/*
 * timebound.c: the bounds of --since and --until, the one reader every
 * filter of every command uses.
 *
 * A bound is a time (time.c) or a word relative to now: a day (today,
 * yesterday), a week (this week, last week: from Monday 00:00, as weeks
 * run in China and by ISO 8601) or an age (-24h, -7d, -2w).  Days and
 * weeks are counted in the local zone with mktime, so a day with a
 * daylight saving change still starts at its midnight.  An --until bound
 * is excluded (received_at < until), so a day or a week given as an end
 * runs to its next midnight: --until 2026-03-05 includes all of 5 March.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xf.h"

#define AGE_MAX	(100L * 366)	/* days back an age may reach */

enum span { SPAN_DAY, SPAN_WEEK };

static const struct {
	const char	*name;
	enum span	 span;
	int		 back;		/* days or weeks before now's */
} words[] = {
	{ "today", SPAN_DAY, 0 }, { "yesterday", SPAN_DAY, 1 },
	{ "this week", SPAN_WEEK, 0 }, { "last week", SPAN_WEEK, 1 },
	{ u8"今天", SPAN_DAY, 0 }, { u8"昨天", SPAN_DAY, 1 },
	{ u8"本周", SPAN_WEEK, 0 }, { u8"上周", SPAN_WEEK, 1 },
};

/* The word's day or week: its start, or (until) the start of the next. */
static int
span(enum span sp, int back, int until, int64_t now, int64_t *out)
{
	time_t t = (time_t)now;
	struct tm tm;
	int monday;

	if (sp == SPAN_DAY)
		return xf_local_days(now, -back + until, 1, out);
	if (localtime_r(&t, &tm) == NULL)
		return -1;
	monday = -((tm.tm_wday + 6) % 7);	/* tm_wday 0 is Sunday */
	return xf_local_days(now, monday + 7 * (until - back), 1,
	    out);
}

/* -N[hdw]: an age, N hours, days or weeks before now. */
static int
age(const char *s, int64_t now, int64_t *out)
{
	int64_t n = 0, unit;
	const char *p = s + 1;

	if (*s != '-' || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((n = n * 10 + (*p - '0')) > AGE_MAX * 24)
			return -1;
	switch (*p) {
	case 'h':
		unit = XF_HOUR;
		break;
	case 'd':
		unit = XF_DAY;
		break;
	case 'w':
		unit = 7L * XF_DAY;
		break;
	default:
		return -1;
	}
	if (p[1] != '\0' || n * unit > AGE_MAX * XF_DAY)
		return -1;
	*out = now - n * unit;
	return 0;
}

int
xf_time_bound(const char *s, int until, int64_t now, int64_t *out,
    struct xf_err *err)
{
	struct xf_err e;
	size_t i;
	int rc;

	for (i = 0; i < nitems(words); i++)
		if (strcasecmp(s, words[i].name) == 0)
			return span(words[i].span, words[i].back, until != 0,
			    now, out) == -1 ? xf_errf(err, "'%s': out of range",
			    words[i].name) : 0;
	if (age(s, now, out) == 0)
		return 0;
	rc = xf_time_read(s, XF_TIME_NOW | (until ? XF_TIME_DAYEND : 0), now,
	    out, &e);
	if (rc == 0)
		return 0;
	/* A refusal says how to write that time; no time, every form. */
	if (rc == -2)
		return xf_errf(err, "%s", e.msg);
	return xf_errf(err, "'%.64s': not a time; write a date or time ("
	    XF_TIME_FORMS "), today, yesterday, this week, last week, or an "
	    "age: -24h, -7d, -2w", s);
}
