/*
 * calendar.c: unit tests for lib/calendar.c, on the shipped calendar
 * (share/calendar: 09:00-18:00 Monday to Friday and China's 2025 and
 * 2026 holidays) and on small calendars written for a test.
 *
 * Times are written as local wall-clock text, read with xf_time_parse
 * (tested in time.c) and compared as ISO 8601 with their offset, so an
 * expected value shows the zone's daylight saving.  Every expected time
 * was worked out by hand from the calendar, with the weekday and epoch
 * seconds checked with GNU date, e.g.
 * `TZ=America/New_York date -d '2026-03-09 10:00' -Iseconds`; a few raw
 * epoch values pin the helpers themselves.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "xf.h"
#include "fixture.h"

#define HOUR	3600
#define MIN	60

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void
adds(const struct xf_calendar *c, const char *from, int64_t secs,
    const char *want)
{
	char name[256], buf[XF_TIMELEN];

	snprintf(name, sizeof(name), "%s + %lldm -> %s (TZ=%s)", from,
	    (long long)(secs / MIN), want, getenv("TZ"));
	is_str(iso(xf_business_add(c, at(from), secs), buf), want, name);
}

static void
between(const struct xf_calendar *c, const char *a, const char *b,
    int64_t want)
{
	char name[256];

	snprintf(name, sizeof(name), "working time %s .. %s (TZ=%s)", a, b,
	    getenv("TZ"));
	is_int(xf_business_between(c, at(a), at(b)), want, name);
}

static void
workday(const struct xf_calendar *c, int y, int m, int d, int want)
{
	char name[128];

	snprintf(name, sizeof(name), "%04d-%02d-%02d is %s", y, m, d,
	    want ? "worked" : "off");
	is_int(xf_calendar_workday(c, y, m, d), want, name);
}

static int
load_shipped(struct xf_calendar *c)
{
	char dir[PATH_MAX + 16];
	struct xf_err err;

	snprintf(dir, sizeof(dir), "%s/calendar", sharedir);
	xf_calendar_init(c);
	if (xf_calendar_load_dir(c, dir, &err) == -1) {
		printf("# %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void
test_defaults(void)
{
	struct xf_calendar c;

	xf_calendar_init(&c);
	is_int(c.open_min, 9 * 60, "default opening 09:00");
	is_int(c.close_min, 18 * 60, "default closing 18:00");
	is_int(c.weekdays, 0x3e, "default week Monday to Friday");
	is_int(xf_calendar_day_seconds(&c), 9 * HOUR, "a working day is 9 h");
	workday(&c, 2026, 3, 9, 1);		/* Monday */
	workday(&c, 2026, 3, 7, 0);		/* Saturday */
	workday(&c, 2026, 2, 16, 1);		/* no holidays yet */
	workday(&c, 2026, 2, 30, 0);		/* no such date */
	workday(&c, 2026, 13, 1, 0);
	xf_calendar_free(&c);
}

static void
test_shipped_dates(const struct xf_calendar *c)
{
	/* 2025: 33 dates, 2026: 39 (every day off listed, and 调休). */
	is_int(c->ndates, 72, "72 dates in 2025 and 2026");
	workday(c, 2025, 1, 1, 0);		/* 元旦, Wednesday */
	workday(c, 2025, 1, 26, 1);		/* Sunday, 春节调休 */
	workday(c, 2025, 1, 28, 0);		/* 春节 */
	workday(c, 2025, 2, 4, 0);		/* 春节, last day */
	workday(c, 2025, 2, 5, 1);		/* Wednesday after */
	workday(c, 2025, 2, 8, 1);		/* Saturday, 春节调休 */
	workday(c, 2025, 4, 4, 0);		/* 清明, Friday */
	workday(c, 2025, 4, 27, 1);		/* Sunday, 劳动节调休 */
	workday(c, 2025, 5, 5, 0);		/* 劳动节, Monday */
	workday(c, 2025, 6, 2, 0);		/* 端午, Monday */
	workday(c, 2025, 9, 28, 1);		/* Sunday, 国庆调休 */
	workday(c, 2025, 10, 8, 0);		/* 国庆/中秋, last day */
	workday(c, 2025, 10, 9, 1);		/* Thursday after */
	workday(c, 2025, 10, 11, 1);		/* Saturday, 国庆调休 */
	workday(c, 2025, 10, 12, 0);		/* plain Sunday */
	workday(c, 2026, 1, 2, 0);		/* 元旦, Friday */
	workday(c, 2026, 1, 4, 1);		/* Sunday, 元旦调休 */
	workday(c, 2026, 2, 14, 1);		/* Saturday, 春节调休 */
	workday(c, 2026, 2, 15, 0);		/* Sunday, 春节 */
	workday(c, 2026, 2, 16, 0);		/* Monday, 春节 */
	workday(c, 2026, 2, 23, 0);		/* Monday, 春节, last day */
	workday(c, 2026, 2, 24, 1);
	workday(c, 2026, 2, 28, 1);		/* Saturday, 春节调休 */
	workday(c, 2026, 4, 6, 0);		/* 清明, Monday */
	workday(c, 2026, 5, 5, 0);		/* 劳动节, Tuesday */
	workday(c, 2026, 5, 9, 1);		/* Saturday, 劳动节调休 */
	workday(c, 2026, 6, 19, 0);		/* 端午, Friday */
	workday(c, 2026, 9, 20, 1);		/* Sunday, 国庆调休 */
	workday(c, 2026, 9, 25, 0);		/* 中秋, Friday */
	workday(c, 2026, 10, 7, 0);		/* 国庆, Wednesday */
	workday(c, 2026, 10, 8, 1);		/* Thursday after */
	workday(c, 2026, 10, 10, 1);		/* Saturday, 国庆调休 */
	workday(c, 2027, 1, 1, 1);		/* not listed: a Friday */
}

static void
test_shanghai(const struct xf_calendar *c)
{
	set_tz("Asia/Shanghai");
	/* The helpers themselves (GNU date). */
	is_int(at("2026-02-13 17:00"), 1770973200, "at() reads local time");
	is_int(xf_business_add(c, 1770973200, 2 * HOUR), 1771034400,
	    "Fri 2026-02-13 17:00 + 2h = 1771034400");

	/* A plain weekend. */
	adds(c, "2026-03-06 17:00", 2 * HOUR, "2026-03-09T10:00:00+08:00");
	adds(c, "2026-03-09 10:00", 30 * MIN, "2026-03-09T10:30:00+08:00");
	/* Work that ends at closing ends then; a day from 09:00 is 18:00. */
	adds(c, "2026-03-09 09:00", 9 * HOUR, "2026-03-09T18:00:00+08:00");
	adds(c, "2026-03-09 09:00", 9 * HOUR + 1, "2026-03-10T09:00:01+08:00");
	adds(c, "2026-03-06 09:00", 5 * 9 * HOUR,
	    "2026-03-12T18:00:00+08:00");

	/* Outside working hours the clock starts at the next opening. */
	adds(c, "2026-03-08 03:00", HOUR, "2026-03-09T10:00:00+08:00");
	adds(c, "2026-03-10 20:00", HOUR, "2026-03-11T10:00:00+08:00");
	adds(c, "2026-03-11 07:00", 30 * MIN, "2026-03-11T09:30:00+08:00");
	adds(c, "2026-03-11 18:00", HOUR, "2026-03-12T10:00:00+08:00");

	/* No work at all: the first working moment at or after. */
	adds(c, "2026-03-09 11:15", 0, "2026-03-09T11:15:00+08:00");
	adds(c, "2026-03-08 03:00", 0, "2026-03-09T09:00:00+08:00");
	adds(c, "2026-03-09 18:00", 0, "2026-03-10T09:00:00+08:00");
	adds(c, "2026-03-09 11:15", -HOUR, "2026-03-09T11:15:00+08:00");

	/* 春节 2026: Sat 14 worked, 15-23 off, Sat 28 worked. */
	adds(c, "2026-02-13 17:00", 2 * HOUR, "2026-02-14T10:00:00+08:00");
	adds(c, "2026-02-14 17:30", HOUR, "2026-02-24T09:30:00+08:00");
	adds(c, "2026-02-16 10:00", HOUR, "2026-02-24T10:00:00+08:00");
	adds(c, "2026-02-27 17:00", 2 * HOUR, "2026-02-28T10:00:00+08:00");

	/* 中秋 and 国庆 2026: Sun Sep 20 and Sat Oct 10 worked. */
	adds(c, "2026-09-19 10:00", HOUR, "2026-09-20T10:00:00+08:00");
	adds(c, "2026-09-24 17:00", 2 * HOUR, "2026-09-28T10:00:00+08:00");
	adds(c, "2026-09-30 17:00", 2 * HOUR, "2026-10-08T10:00:00+08:00");
	adds(c, "2026-10-09 17:00", 2 * HOUR, "2026-10-10T10:00:00+08:00");
	/* 2025: Oct 1-8 off, Sat Oct 11 worked. */
	adds(c, "2025-09-30 17:00", 2 * HOUR, "2025-10-09T10:00:00+08:00");
	adds(c, "2025-10-10 17:00", 2 * HOUR, "2025-10-11T10:00:00+08:00");
	/* 2025 春节: Sun Jan 26 worked, Jan 28 - Feb 4 off. */
	adds(c, "2025-01-25 12:00", HOUR, "2025-01-26T10:00:00+08:00");
	adds(c, "2025-01-27 17:00", 2 * HOUR, "2025-02-05T10:00:00+08:00");

	/* Working time between two moments. */
	between(c, "2026-03-09 10:00", "2026-03-09 11:30", 90 * MIN);
	between(c, "2026-03-06 17:00", "2026-03-09 10:00", 2 * HOUR);
	between(c, "2026-03-07 00:00", "2026-03-08 23:59", 0);
	between(c, "2026-03-09 20:00", "2026-03-10 08:00", 0);
	between(c, "2026-03-09 11:00", "2026-03-09 10:00", 0);
	/* A pause over the Spring Festival counts Fri, Sat 14 and Tue. */
	between(c, "2026-02-13 09:00", "2026-02-25 09:00", 27 * HOUR);
	between(c, "2026-02-13 17:00", "2026-02-24 10:00", 11 * HOUR);
	between(c, "2026-02-15 00:00", "2026-02-23 23:59", 0);
	between(c, "2026-09-30 17:00", "2026-10-08 10:00", 2 * HOUR);
}

/* Another zone: the same calendar read in that zone's wall clock. */
static void
test_other_zones(const struct xf_calendar *c)
{
	set_tz("America/New_York");
	/* Daylight saving starts Sun 2026-03-08 02:00. */
	adds(c, "2026-03-06 17:00", 2 * HOUR, "2026-03-09T10:00:00-04:00");
	is_int(xf_business_add(c, 1772834400, 2 * HOUR), 1773064800,
	    "New York: Fri 17:00 EST + 2h = 1773064800");
	between(c, "2026-03-06 09:00", "2026-03-09 18:00", 18 * HOUR);
	/* and ends Sun 2026-11-01 02:00; Mon 2 is a working day there. */
	adds(c, "2026-10-30 17:00", 2 * HOUR, "2026-11-02T10:00:00-05:00");
	/* 国庆 is off wherever the calendar is read. */
	adds(c, "2026-09-30 17:00", 2 * HOUR, "2026-10-08T10:00:00-04:00");

	set_tz("Europe/Berlin");
	/* Summer time starts Sun 2026-03-29, ends Sun 2026-10-25. */
	adds(c, "2026-03-27 17:00", 2 * HOUR, "2026-03-30T10:00:00+02:00");
	adds(c, "2026-10-23 14:00", 9 * HOUR, "2026-10-26T14:00:00+01:00");
	between(c, "2026-10-23 14:00", "2026-10-26 14:00", 9 * HOUR);
	set_tz("Asia/Shanghai");
}

/*
 * On the day the clocks change the working day is as long as it really
 * is: 00:00-05:00 is 4 h on 8 March 2026 in New York and 6 h on
 * 1 November.
 */
static void
test_dst_day(void)
{
	struct xf_calendar c;
	struct xf_err err;
	char path[PATH_MAX];

	write_file("night.tsv", "hours\t00:00-05:00\ndays\tmon-sun\n", path,
	    sizeof(path));
	xf_calendar_init(&c);
	is_int(xf_calendar_load_file(&c, path, &err), 0, "night calendar");
	is_int(xf_calendar_day_seconds(&c), 5 * HOUR, "nominal day 5 h");
	set_tz("America/New_York");
	between(&c, "2026-03-08 00:00", "2026-03-09 00:00", 4 * HOUR);
	between(&c, "2026-03-07 00:00", "2026-03-08 00:00", 5 * HOUR);
	between(&c, "2026-11-01 00:00", "2026-11-02 00:00", 6 * HOUR);
	adds(&c, "2026-03-08 00:00", 4 * HOUR, "2026-03-08T05:00:00-04:00");
	adds(&c, "2026-03-08 00:00", 4 * HOUR + MIN,
	    "2026-03-09T00:01:00-04:00");
	is_int(xf_business_add(&c, 1772946000, 4 * HOUR), 1772960400,
	    "New York: Sun 2026-03-08 00:00 EST + 4h = 1772960400");
	adds(&c, "2026-11-01 00:00", 6 * HOUR, "2026-11-01T05:00:00-05:00");
	is_int(xf_business_add(&c, 1793505600, 6 * HOUR), 1793527200,
	    "New York: Sun 2026-11-01 00:00 EDT + 6h = 1793527200");
	set_tz("Asia/Shanghai");
	xf_calendar_free(&c);
}

static void
test_weeks(void)
{
	struct xf_calendar c;
	struct xf_err err;
	char path[PATH_MAX];

	/* A Sunday-to-Thursday week, written as a range that wraps. */
	write_file("gulf.tsv", "days\tsun-thu\n", path, sizeof(path));
	xf_calendar_init(&c);
	is_int(xf_calendar_load_file(&c, path, &err), 0, "sun-thu loads");
	is_int(c.weekdays, 0x1f, "sun-thu: Sunday to Thursday");
	workday(&c, 2026, 3, 6, 0);		/* Friday */
	workday(&c, 2026, 3, 8, 1);		/* Sunday */
	adds(&c, "2026-03-05 17:00", 2 * HOUR, "2026-03-08T10:00:00+08:00");

	write_file("list.tsv", "# comment\n\ndays\tMon, tue,sat\t\n"
	    "hours\t08:30-12:00\n", path, sizeof(path));
	is_int(xf_calendar_load_file(&c, path, &err), 0, "a day list loads");
	is_int(c.weekdays, 0x46, "mon,tue,sat");
	is_int(xf_calendar_day_seconds(&c), 210 * MIN, "08:30-12:00");
	adds(&c, "2026-03-03 11:00", 2 * HOUR, "2026-03-07T09:30:00+08:00");

	write_file("allday.tsv", "hours\t00:00-24:00\ndays\tmon-sun\n", path,
	    sizeof(path));
	is_int(xf_calendar_load_file(&c, path, &err), 0, "24:00 closes");
	adds(&c, "2026-03-07 23:00", 2 * HOUR, "2026-03-08T01:00:00+08:00");
	between(&c, "2026-03-01 00:00", "2026-03-08 00:00", 7 * 24 * HOUR);
	xf_calendar_free(&c);
}

/* A file that fails changes nothing; the message names file and line. */
static void
bad_file(const char *name, const char *text, const char *want)
{
	struct xf_calendar c;
	struct xf_err err;
	char path[PATH_MAX], msg[PATH_MAX + 256];

	write_file(name, text, path, sizeof(path));
	xf_calendar_init(&c);
	c.open_min = 7 * 60;
	memset(&err, 0, sizeof(err));
	is_int(xf_calendar_load_file(&c, path, &err), -1, want);
	snprintf(msg, sizeof(msg), "%s/%s", tmpdir, want);
	is_str(err.msg, msg, name);
	ok(c.open_min == 7 * 60 && c.weekdays == 0x3e && c.ndates == 0,
	    "a bad file leaves the calendar as it was");
	xf_calendar_free(&c);
}

static void
test_errors(void)
{
	struct xf_calendar c;
	struct xf_err err;
	char path[PATH_MAX], msg[PATH_MAX + 256];

	bad_file("date.tsv", "# dates\n2026-02-30\tholiday\tnone\n",
	    "date.tsv:2: bad date '2026-02-30' (YYYY-MM-DD)");
	bad_file("date2.tsv", "2026-2-3\tholiday\n",
	    "date2.tsv:1: bad date '2026-2-3' (YYYY-MM-DD)");
	bad_file("kind.tsv", "2026-03-02\tvacation\tx\n",
	    "kind.tsv:1: unknown kind 'vacation' (holiday or workday)");
	bad_file("nokind.tsv", "2026-03-02\n",
	    "nokind.tsv:1: 2026-03-02: holiday or workday?");
	bad_file("twice.tsv", "2026-03-02\tholiday\ta\n"
	    "2026-03-02\tholiday\tsame kind again is fine\n\n"
	    "2026-03-02\tworkday\tb\n",
	    "twice.tsv:4: 2026-03-02 is a workday here but a holiday "
	    "earlier");
	bad_file("hours.tsv", "hours\t9:00-18:00\n",
	    "hours.tsv:1: bad hours '9:00-18:00' (e.g. 09:00-18:00)");
	bad_file("hours2.tsv", "hours\t18:00-09:00\n",
	    "hours2.tsv:1: bad hours '18:00-09:00': opening is not before "
	    "closing");
	bad_file("hours3.tsv", "hours\t09:00-09:00\n",
	    "hours3.tsv:1: bad hours '09:00-09:00': opening is not before "
	    "closing");
	bad_file("hours4.tsv", "hours\t09:00-24:30\n",
	    "hours4.tsv:1: bad hours '09:00-24:30' (e.g. 09:00-18:00)");
	bad_file("hours5.tsv", "hours\n",
	    "hours5.tsv:1: hours takes one value");
	bad_file("week.tsv", "days\t\n",
	    "week.tsv:1: a week with no working days");
	bad_file("week2.tsv", "days\t , ,\n",
	    "week2.tsv:1: a week with no working days");
	bad_file("days.tsv", "days\tmon-fry\n",
	    "days.tsv:1: bad days 'mon-fry' (e.g. mon-fri or mon,tue,sat)");
	bad_file("line.tsv", "2026-01-01\tholiday\nholidays\tx\n",
	    "line.tsv:2: unknown line 'holidays' (hours, days or a date "
	    "YYYY-MM-DD)");
	bad_file("utf8.tsv", "2026-01-01\tholiday\t\xe5\x85\n",
	    "utf8.tsv:1: not UTF-8");

	xf_calendar_init(&c);
	snprintf(path, sizeof(path), "%s/missing.tsv", tmpdir);
	is_int(xf_calendar_load_file(&c, path, &err), -1, "a missing file");
	snprintf(msg, sizeof(msg), "%s: cannot read: No such file or "
	    "directory", path);
	is_str(err.msg, msg, "a missing file: message");
	snprintf(path, sizeof(path), "%s/nodir", tmpdir);
	is_int(xf_calendar_load_dir(&c, path, &err), -1, "a missing folder");
	snprintf(msg, sizeof(msg), "%s: cannot read: No such file or "
	    "directory", path);
	is_str(err.msg, msg, "a missing folder: message");
	xf_calendar_free(&c);
}

/* Files of a folder are read in name order; a conflict across them. */
static void
test_dir(void)
{
	struct xf_calendar c;
	struct xf_err err;
	char dir[PATH_MAX], path[PATH_MAX], msg[PATH_MAX + 256];

	snprintf(dir, sizeof(dir), "%s/cal", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/cal/b.tsv", tmpdir);
	write_file("cal/b.tsv", "hours\t10:00-16:00\n2026-03-09\tholiday\n",
	    path, sizeof(path));
	write_file("cal/a.tsv", "hours\t08:00-17:00\n2026-03-07\tworkday\n",
	    path, sizeof(path));
	write_file("cal/notes.txt", "not a calendar\n", path, sizeof(path));
	xf_calendar_init(&c);
	is_int(xf_calendar_load_dir(&c, dir, &err), 0, "a folder loads");
	is_int(c.open_min, 10 * 60, "the later file's hours win");
	is_int(c.ndates, 2, "dates of both files");
	workday(&c, 2026, 3, 7, 1);
	workday(&c, 2026, 3, 9, 0);
	xf_calendar_free(&c);

	write_file("cal/c.tsv", "2026-03-07\tholiday\n", path, sizeof(path));
	xf_calendar_init(&c);
	is_int(xf_calendar_load_dir(&c, dir, &err), -1,
	    "a date both worked and off across files");
	snprintf(msg, sizeof(msg), "%s/c.tsv:1: 2026-03-07 is a holiday here "
	    "but a workday earlier", dir);
	is_str(err.msg, msg, "the conflict names the later file");
	xf_calendar_free(&c);
}

/* A walk that finds no working time stops; it does not loop for ever. */
static void
test_never(void)
{
	struct xf_calendar c;
	struct xf_err err;
	char path[PATH_MAX];
	int64_t t0;

	/* Every Sunday of 2026 worked and nothing else. */
	write_file("sunday.tsv", "days\tsun\n", path, sizeof(path));
	xf_calendar_init(&c);
	is_int(xf_calendar_load_file(&c, path, &err), 0, "Sundays only");
	adds(&c, "2026-03-09 10:00", 9 * HOUR + HOUR,
	    "2026-03-22T10:00:00+08:00");
	c.weekdays = 0;		/* what the loader refuses, set by hand */
	t0 = time(NULL);
	is_int(xf_business_add(&c, at("2026-03-09 10:00"), HOUR), INT64_MAX,
	    "no working day at all: never");
	is_int(xf_business_between(&c, at("2026-03-09 10:00"),
	    at("2036-03-09 10:00")), 0, "no working day: no working time");
	ok(time(NULL) - t0 < 10, "and both return quickly");
	xf_calendar_free(&c);
}

int
main(int argc, char **argv)
{
	struct xf_calendar c;

	(void)argc;
	find_share(argv[0]);
	make_tmpdir("calendar");
	set_tz("Asia/Shanghai");
	test_defaults();
	if (load_shipped(&c) == -1) {
		printf("Bail out! cannot load %s/calendar\n", sharedir);
		return 1;
	}
	test_shipped_dates(&c);
	test_shanghai(&c);
	test_other_zones(&c);
	xf_calendar_free(&c);
	test_dst_day();
	test_weeks();
	test_errors();
	test_dir();
	test_never();
	remove_tmpdir();
	return done_testing();
}
