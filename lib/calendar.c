/*
 * calendar.c: working time.  A working day runs from the opening to the
 * closing minute of the calendar, on the weekdays it names, unless the
 * date is listed as a holiday; a date listed as a workday (调休, the
 * Saturday or Sunday worked to make a holiday longer) is worked whatever
 * its weekday.
 *
 * Arithmetic walks the local calendar one day at a time and asks mktime
 * for each working day's opening and closing instants, so the day that
 * daylight saving starts or ends is as long as it really is.  Walking by
 * days, never by minutes, keeps a 60-day deadline to a few hundred calls;
 * the walk is capped at WALK_DAYS so that no calendar can loop it for
 * ever, although the loader already refuses a week with no working day.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xf.h"

enum {
	MINS_HOUR = 60,
	MINS_DAY = 24 * 60,
	SECS_MIN = 60,
	OPEN_DEFAULT = 9 * MINS_HOUR,
	CLOSE_DEFAULT = 18 * MINS_HOUR,
	WEEK_MON_FRI = 0x3e,		/* bits 1 (Monday) to 5 (Friday) */
	DAYS_WEEK = 7,
	WALK_DAYS = 20 * 366,		/* no working time this far: never */
	YEAR_MIN = 1900,
	YEAR_MAX = 9999,
	LINE_LEN = 1024,
	DATES_FIRST = 64,
};

#define NEVER	INT64_MAX

/* Monday first, the order ranges such as mon-fri are read in. */
static const char *const daynames[DAYS_WEEK] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

/* A local date and its weekday (0 Sunday .. 6 Saturday). */
struct day {
	int	y, m, d, wday;
};

static int
valid_date(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 &&
	    d >= 1 && d <= xf_month_days(y, m);
}

/* Weekday of a Gregorian date, 0 Sunday: 1970-01-01 was a Thursday. */
static int
weekday(int y, int m, int d)
{
	int64_t n = xf_days_from_civil(y, m, d) + 4;

	return (int)(((n % DAYS_WEEK) + DAYS_WEEK) % DAYS_WEEK);
}

static int32_t
ymd(int y, int m, int d)
{
	return (int32_t)y * 10000 + m * 100 + d;
}

static void
next_day(struct day *dy)
{
	dy->wday = (dy->wday + 1) % DAYS_WEEK;
	if (++dy->d <= xf_month_days(dy->y, dy->m))
		return;
	dy->d = 1;
	if (++dy->m <= 12)
		return;
	dy->m = 1;
	dy->y++;
}

/* The local date t falls on. */
static int
day_of(int64_t t, struct day *dy)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return -1;
	dy->y = tm.tm_year + 1900;
	dy->m = tm.tm_mon + 1;
	dy->d = tm.tm_mday;
	dy->wday = tm.tm_wday;
	return 0;
}

/* The instant of minute min (0 to 1440) of a local date. */
static int64_t
at_minute(const struct day *dy, int min)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = dy->y - 1900;
	tm.tm_mon = dy->m - 1;
	tm.tm_mday = dy->d;
	tm.tm_hour = min / MINS_HOUR;
	tm.tm_min = min % MINS_HOUR;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int
cmp_date(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a;
	int32_t y = ((const struct xf_cal_date *)b)->ymd;

	return x < y ? -1 : x > y;
}

static const struct xf_cal_date *
find_date(const struct xf_calendar *c, int32_t key)
{
	if (c->ndates == 0)
		return NULL;
	return bsearch(&key, c->dates, c->ndates, sizeof(c->dates[0]),
	    cmp_date);
}

static int
works(const struct xf_calendar *c, const struct day *dy)
{
	const struct xf_cal_date *e = find_date(c, ymd(dy->y, dy->m, dy->d));

	if (e != NULL)
		return e->work;
	return (c->weekdays >> dy->wday) & 1;
}

/*
 * The working hours of a working day.  A day whose closing is not after
 * its opening (hours that fall into a daylight-saving gap) has none.
 */
static int
hours_of(const struct xf_calendar *c, const struct day *dy, int64_t *open,
    int64_t *close)
{
	*open = at_minute(dy, c->open_min);
	*close = at_minute(dy, c->close_min);
	return *close > *open;
}

void
xf_calendar_init(struct xf_calendar *c)
{
	memset(c, 0, sizeof(*c));
	c->open_min = OPEN_DEFAULT;
	c->close_min = CLOSE_DEFAULT;
	c->weekdays = WEEK_MON_FRI;
}

void
xf_calendar_free(struct xf_calendar *c)
{
	free(c->dates);
	c->dates = NULL;
	c->ndates = c->cap = 0;
}

int
xf_calendar_workday(const struct xf_calendar *c, int year, int month,
    int day)
{
	struct day dy;

	if (!valid_date(year, month, day))
		return 0;
	dy.y = year;
	dy.m = month;
	dy.d = day;
	dy.wday = weekday(year, month, day);
	return works(c, &dy);
}

int64_t
xf_calendar_day_seconds(const struct xf_calendar *c)
{
	return (int64_t)(c->close_min - c->open_min) * SECS_MIN;
}

/*
 * Work that ends exactly at closing time ends then, not at the next
 * opening: a one-day deadline from 09:00 is 18:00 the same day.  No
 * work at all (seconds 0) is the first working moment at or after from.
 */
int64_t
xf_business_add(const struct xf_calendar *c, int64_t from, int64_t seconds)
{
	struct day dy;
	int64_t open, close, start;
	int i;

	if (seconds < 0)
		seconds = 0;
	if (day_of(from, &dy) == -1)
		return NEVER;
	for (i = 0; i < WALK_DAYS; i++, next_day(&dy)) {
		if (!works(c, &dy) || !hours_of(c, &dy, &open, &close) ||
		    from >= close)
			continue;
		start = from > open ? from : open;
		if (seconds <= close - start)
			return start + seconds;
		seconds -= close - start;
	}
	return NEVER;
}

static int
day_after(const struct day *a, const struct day *b)
{
	return ymd(a->y, a->m, a->d) > ymd(b->y, b->m, b->d);
}

int64_t
xf_business_between(const struct xf_calendar *c, int64_t a, int64_t b)
{
	struct day dy, last;
	int64_t open, close, lo, hi, sum = 0;
	int i;

	if (b <= a || day_of(a, &dy) == -1 || day_of(b, &last) == -1)
		return 0;
	for (i = 0; i < WALK_DAYS && !day_after(&dy, &last); i++,
	    next_day(&dy)) {
		if (!works(c, &dy) || !hours_of(c, &dy, &open, &close))
			continue;
		lo = a > open ? a : open;
		hi = b < close ? b : close;
		if (hi > lo)
			sum += hi - lo;
	}
	return sum;
}

int
xf_calendar_beyond(const struct xf_calendar *c, int64_t t)
{
	struct day dy;

	if (c->last_year == 0 || t == NEVER || day_of(t, &dy) == -1)
		return 0;
	return dy.y > c->last_year ? dy.y : 0;
}

void
xf_calendar_next_file(const struct xf_calendar *c, int year, char *buf,
    size_t len)
{
	char was[16];
	const char *base = strrchr(c->last_file, '/'), *at, *p;
	int dirlen;

	base = base != NULL ? base + 1 : c->last_file;
	dirlen = (int)(base - c->last_file);
	snprintf(was, sizeof(was), "%d", c->last_year);
	for (at = NULL, p = base; (p = strstr(p, was)) != NULL; p++)
		at = p;
	if (at == NULL)
		snprintf(buf, len, "%.*s%d.tsv", dirlen, c->last_file, year);
	else
		snprintf(buf, len, "%.*s%d%s", (int)(at - c->last_file),
		    c->last_file, year, at + strlen(was));
}

/* --- calendar files ------------------------------------------------- */

struct reader {
	struct xf_calendar *c;
	const char	*path;
	int		 line;
	struct xf_err	*err;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n digits. */
static int
number(const char **pp, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)(*pp)[i]))
			return -1;
		*v = *v * 10 + ((*pp)[i] - '0');
	}
	*pp += n;
	return 0;
}

/* HH:MM, 00:00 to 24:00. */
static int
clock_minute(const char **pp, int *min)
{
	int h, m;

	if (number(pp, 2, &h) == -1 || *(*pp)++ != ':' ||
	    number(pp, 2, &m) == -1 || m >= MINS_HOUR ||
	    h * MINS_HOUR + m > MINS_DAY)
		return -1;
	*min = h * MINS_HOUR + m;
	return 0;
}

static int
parse_hours(struct reader *r, const char *v)
{
	const char *p = v;
	int open, close;

	if (clock_minute(&p, &open) == -1 || *p++ != '-' ||
	    clock_minute(&p, &close) == -1 || *p != '\0')
		return xf_errf(r->err, "%s:%d: bad hours '%s' (e.g. "
		    "09:00-18:00)", r->path, r->line, v);
	if (open >= close)
		return xf_errf(r->err, "%s:%d: bad hours '%s': opening is not "
		    "before closing", r->path, r->line, v);
	r->c->open_min = open;
	r->c->close_min = close;
	return 0;
}

/* Monday-first index of a day name, or -1. */
static int
day_index(const char *s, size_t n)
{
	int i;

	for (i = 0; i < DAYS_WEEK; i++)
		if (n == 3 && strncasecmp(s, daynames[i], 3) == 0)
			return i;
	return -1;
}

/* Bit of a Monday-first index in the Sunday-first mask. */
static unsigned
day_bit(int i)
{
	return 1u << ((i + 1) % DAYS_WEEK);
}

/* "mon" or "mon-fri"; a range may wrap round the week ("sun-thu"). */
static int
day_item(const char *item, unsigned *mask)
{
	const char *dash = strchr(item, '-');
	int a, b;

	if (dash == NULL) {
		if ((a = day_index(item, strlen(item))) == -1)
			return -1;
		*mask |= day_bit(a);
		return 0;
	}
	if ((a = day_index(item, (size_t)(dash - item))) == -1 ||
	    (b = day_index(dash + 1, strlen(dash + 1))) == -1)
		return -1;
	for (;; a = (a + 1) % DAYS_WEEK) {
		*mask |= day_bit(a);
		if (a == b)
			return 0;
	}
}

static int
parse_days(struct reader *r, const char *v)
{
	char buf[LINE_LEN], *p = buf, *item;
	unsigned mask = 0;

	snprintf(buf, sizeof(buf), "%s", v);
	while ((item = strsep(&p, ",")) != NULL) {
		item += strspn(item, " ");
		item[strcspn(item, " ")] = '\0';
		if (*item == '\0')
			continue;
		if (day_item(item, &mask) == -1)
			return xf_errf(r->err, "%s:%d: bad days '%s' (e.g. "
			    "mon-fri or mon,tue,sat)", r->path, r->line, v);
	}
	if (mask == 0)
		return xf_errf(r->err, "%s:%d: a week with no working days",
		    r->path, r->line);
	r->c->weekdays = mask;
	return 0;
}

/* YYYY-MM-DD, a date that exists. */
static int
parse_date(const char *s, int32_t *out)
{
	const char *p = s;
	int y, m, d;

	if (number(&p, 4, &y) == -1 || *p++ != '-' ||
	    number(&p, 2, &m) == -1 || *p++ != '-' ||
	    number(&p, 2, &d) == -1 || *p != '\0' || !valid_date(y, m, d))
		return -1;
	*out = ymd(y, m, d);
	return 0;
}

static const char *
kind_name(int work)
{
	return work ? "workday" : "holiday";
}

static int
grow_dates(struct xf_calendar *c)
{
	struct xf_cal_date *p;
	size_t cap;

	if (c->ndates < c->cap)
		return 0;
	cap = c->cap ? c->cap * 2 : DATES_FIRST;
	if ((p = realloc(c->dates, cap * sizeof(*p))) == NULL)
		return -1;
	c->dates = p;
	c->cap = cap;
	return 0;
}

/* Keeps dates sorted, one entry a date; a date may repeat its kind. */
static int
add_date(struct reader *r, const char *text, int32_t key, int work)
{
	struct xf_calendar *c = r->c;
	size_t lo = 0, hi = c->ndates, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->dates[mid].ymd < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->ndates && c->dates[lo].ymd == key) {
		if (c->dates[lo].work == work)
			return 0;
		return xf_errf(r->err, "%s:%d: %s is a %s here but a %s "
		    "earlier", r->path, r->line, text, kind_name(work),
		    kind_name(c->dates[lo].work));
	}
	if (grow_dates(c) == -1)
		return xf_errf(r->err, "out of memory");
	memmove(&c->dates[lo + 1], &c->dates[lo],
	    (c->ndates - lo) * sizeof(c->dates[0]));
	c->dates[lo].ymd = key;
	c->dates[lo].work = work;
	c->ndates++;
	if (key / 10000 > c->last_year) {
		c->last_year = key / 10000;
		snprintf(c->last_file, sizeof(c->last_file), "%s", r->path);
	}
	return 0;
}

static int
parse_dated(struct reader *r, const char *key, const char *kind)
{
	int32_t date;
	int work;

	if (parse_date(key, &date) == -1)
		return xf_errf(r->err, "%s:%d: bad date '%s' (YYYY-MM-DD)",
		    r->path, r->line, key);
	if (kind == NULL || *kind == '\0')
		return xf_errf(r->err, "%s:%d: %s: holiday or workday?",
		    r->path, r->line, key);
	if (strcmp(kind, "holiday") == 0)
		work = 0;
	else if (strcmp(kind, "workday") == 0)
		work = 1;
	else
		return xf_errf(r->err, "%s:%d: unknown kind '%s' (holiday or "
		    "workday)", r->path, r->line, kind);
	return add_date(r, key, date, work);
}

static void
trim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* key<TAB>value[<TAB>name]: the name is for people and is not read. */
static int
parse_line(struct reader *r, char *line)
{
	char *p = line, *key, *value;

	key = strsep(&p, "\t");
	value = strsep(&p, "\t");
	trim(key);
	if (value != NULL)
		trim(value);
	if (strcmp(key, "hours") == 0 || strcmp(key, "days") == 0) {
		if (value == NULL || (p != NULL && !xf_conf_blank(p)))
			return xf_errf(r->err, "%s:%d: %s takes one value",
			    r->path, r->line, key);
		return key[0] == 'h' ? parse_hours(r, value) :
		    parse_days(r, value);
	}
	if (is_digit((unsigned char)key[0]))
		return parse_dated(r, key, value);
	return xf_errf(r->err, "%s:%d: unknown line '%s' (hours, days or a "
	    "date YYYY-MM-DD)", r->path, r->line, key);
}

static int
calendar_line(void *ctx, char *line, int lineno, struct xf_err *err)
{
	struct reader *r = ctx;

	(void)err;	/* r->err is the same */
	r->line = lineno;
	return parse_line(r, line);
}

static int
copy_calendar(struct xf_calendar *to, const struct xf_calendar *from)
{
	*to = *from;
	to->dates = NULL;
	to->cap = from->ndates;
	if (from->ndates == 0)
		return 0;
	if ((to->dates = malloc(from->ndates * sizeof(to->dates[0]))) == NULL)
		return -1;
	memcpy(to->dates, from->dates, from->ndates * sizeof(to->dates[0]));
	return 0;
}

/* A file is taken whole or not at all: it is read into a copy. */
int
xf_calendar_load_file(struct xf_calendar *c, const char *path,
    struct xf_err *err)
{
	struct xf_calendar tmp;
	struct reader r = { &tmp, path, 0, err };

	if (copy_calendar(&tmp, c) == -1)
		return xf_errf(err, "out of memory");
	if (xf_conf_read(path, calendar_line, &r, err) == -1) {
		xf_calendar_free(&tmp);
		return -1;
	}
	/* A file cut to nothing (a failed copy) would drop a year's
	 * holidays or the working week without a word. */
	if (r.line == 0) {
		xf_calendar_free(&tmp);
		return xf_errf(err, "%s: an empty calendar file (no dates, "
		    "no working hours); remove it or fill it", path);
	}
	xf_calendar_free(c);
	*c = tmp;
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_tsv(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".tsv") == 0;
}

/* The *.tsv names of dir, sorted, into *names (to free with free_names). */
static int
list_tsv(const char *dir, char ***names, size_t *n, struct xf_err *err)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t cap = 0;
	DIR *d;

	*names = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return xf_errf(err, "%s: cannot read: %s", dir,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (!is_tsv(de->d_name))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				break;
			v = nv;
		}
		if ((v[*n] = strdup(de->d_name)) == NULL)
			break;
		(*n)++;
	}
	closedir(d);
	*names = v;
	if (de != NULL)
		return xf_errf(err, "out of memory");
	if (*n > 1)	/* an empty folder has no array to sort */
		qsort(v, *n, sizeof(*v), cmp_name);
	return 0;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
xf_calendar_load_dir(struct xf_calendar *c, const char *dir,
    struct xf_err *err)
{
	char **names, path[PATH_MAX];
	size_t i, n;
	int rc = 0, len;

	if (list_tsv(dir, &names, &n, err) == -1) {
		free_names(names, n);
		return -1;
	}
	/* Refused as a missing folder is: read as "no holidays and the
	 * default working week", it silently moved every deadline. */
	if (n == 0) {
		free_names(names, n);
		return xf_errf(err, "%s: no calendar files (*.tsv) in this "
		    "folder", dir);
	}
	for (i = 0; i < n && rc == 0; i++) {
		len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (len < 0 || (size_t)len >= sizeof(path))
			rc = xf_errf(err, "%s/%s: path too long", dir,
			    names[i]);
		else
			rc = xf_calendar_load_file(c, path, err);
	}
	free_names(names, n);
	return rc;
}
