/*
 * sla.c: unit tests for lib/policy.c and lib/sla.c: spans, the policy
 * file, deadlines computed from facts and deadlines applied to a store.
 *
 * The shipped policy and calendar (share/) are used in Asia/Shanghai:
 * 09:00-18:00 on working days, a business day of 9 h, China's 2026
 * holidays.  Every expected deadline was worked out by hand, hour by
 * hour, in the comment beside it; times are written as local wall-clock
 * text and compared as ISO 8601.
 */
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
#define DAY	86400

/* --- spans ------------------------------------------------------------ */

static void
span_ok(const char *s, int days, int64_t secs, const char *back)
{
	struct xf_span sp = { -1, -1 };
	char name[128], buf[32];

	snprintf(name, sizeof(name), "span '%s'", s);
	if (xf_span_parse(s, &sp) == -1) {
		ok(0, name);
		return;
	}
	ok(sp.days == days && sp.seconds == secs, name);
	xf_span_format(&sp, buf, sizeof(buf));
	snprintf(name, sizeof(name), "span '%s' written '%s'", s, back);
	is_str(buf, back, name);
}

static void
span_bad(const char *s)
{
	struct xf_span sp;
	char name[128];

	snprintf(name, sizeof(name), "span '%s' refused", s);
	is_int(xf_span_parse(s, &sp), -1, name);
}

static void
duration(int64_t secs, const char *want)
{
	char buf[32], name[64];

	snprintf(name, sizeof(name), "duration %lld", (long long)secs);
	xf_duration_format(secs, buf, sizeof(buf));
	is_str(buf, want, name);
}

static void
test_spans(void)
{
	char buf[4];

	span_ok("30m", 0, 30 * MIN, "30m");
	span_ok("2h", 0, 2 * HOUR, "2h");
	span_ok("3d", 3, 0, "3d");
	span_ok("1d4h", 1, 4 * HOUR, "1d4h");
	span_ok("1d4h30m", 1, 4 * HOUR + 30 * MIN, "1d4h30m");
	span_ok("2h30m", 0, 2 * HOUR + 30 * MIN, "2h30m");
	span_ok("1d30m", 1, 30 * MIN, "1d30m");
	span_ok("90m", 0, 90 * MIN, "1h30m");
	span_ok("30h", 0, 30 * HOUR, "30h");	/* hours are not days */
	span_ok("60d", 60, 0, "60d");
	span_ok("0d1m", 0, MIN, "1m");
	span_ok("36600d", 36600, 0, "36600d");
	span_bad("");
	span_bad("0");
	span_bad("0m");
	span_bad("0d0h");
	span_bad("30");
	span_bad("-1h");
	span_bad("+1h");
	span_bad("2x");
	span_bad("h");
	span_bad("d1");
	span_bad("1h1d");		/* out of order */
	span_bad("1h1h");
	span_bad("1m1h");
	span_bad("1d 4h");
	span_bad(" 1h");
	span_bad("1h ");
	span_bad("2H");
	span_bad("1.5h");
	span_bad("1s");
	span_bad("1000000m");		/* seven digits */
	span_bad("99999999999999999999h");
	span_bad("36601d");		/* past a hundred years */
	span_bad("999999h");
	is_int(xf_span_parse(NULL, &(struct xf_span){ 0, 0 }), -1,
	    "span NULL refused");

	duration(3 * HOUR + 20 * MIN, "3h20m");
	duration(2 * DAY + 5 * HOUR, "2d5h");
	duration(2 * DAY + 5 * HOUR + 7 * MIN + 9, "2d5h7m");
	duration(45 * MIN, "45m");
	duration(45 * MIN + 59, "45m");
	duration(0, "0m");
	duration(59, "0m");
	duration(-59, "0m");
	duration(DAY, "1d");
	duration(-(3 * HOUR + 20 * MIN), "-3h20m");
	duration(INT64_MIN, "-106751991167300d15h30m");
	xf_duration_format(3 * HOUR + 20 * MIN, buf, sizeof(buf));
	is_str(buf, "3h2", "duration cut to the buffer");
}

/* Working days of 9 h, as xf-status overdue counts lateness. */
static void
test_working_days(void)
{
	char buf[32];

	xf_duration_format_days(12 * HOUR + 30 * MIN, 9 * HOUR, buf,
	    sizeof(buf));
	is_str(buf, "1d3h30m", "12h30m in working days of 9 h");
	xf_duration_format_days(9 * HOUR + 59, 9 * HOUR, buf, sizeof(buf));
	is_str(buf, "1d", "a working day and seconds");
	xf_duration_format_days(-(21 * HOUR), 9 * HOUR, buf, sizeof(buf));
	is_str(buf, "-2d3h", "ahead by 21 working hours");
	xf_duration_format_days(8 * HOUR, 9 * HOUR, buf, sizeof(buf));
	is_str(buf, "8h", "under a working day: hours only");
	xf_duration_format_days(DAY, 0, buf, sizeof(buf));
	is_str(buf, "1d", "a day length of 0 counts 24 hours");
}

/* --- the policy file ------------------------------------------------ */

static void
find(const struct xf_policy *p, const char *cat, const char *pri,
    int want_line)
{
	const struct xf_policy_rule *r = xf_policy_find(p, cat, pri);
	char name[128];

	snprintf(name, sizeof(name), "rule for %s %s is line %d",
	    cat ? cat : "(null)", pri ? pri : "(null)", want_line);
	is_int(r != NULL ? r->line : 0, want_line, name);
}

static void
test_shipped_policy(void)
{
	struct xf_policy p;
	struct xf_err err;
	const struct xf_policy_rule *r;
	char path[sizeof(sharedir) + 16], buf[32];

	snprintf(path, sizeof(path), "%s/policy.tsv", sharedir);
	if (xf_policy_load(&p, path, &err) == -1) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	is_int(p.n, 5, "shipped policy: five rules");
	r = xf_policy_find(&p, "billing", "P1");
	ok(r != NULL && strcmp(r->priority, "P1") == 0 &&
	    strcmp(r->category, "*") == 0, "billing P1: the * P1 row");
	if (r != NULL) {
		ok(r->ack.days == 0 && r->ack.seconds == 2 * HOUR,
		    "P1 acknowledge 2h");
		ok(r->resolve.days == 1 && r->resolve.seconds == 0,
		    "P1 resolve 1d");
		is_int(r->clock, XF_CLOCK_BUSINESS, "P1 business clock");
		is_int(r->nescalate, 2, "P1 escalates twice");
		xf_span_format(&r->escalate[1], buf, sizeof(buf));
		is_str(buf, "4h", "P1 level 2 past 4h");
	}
	r = xf_policy_find(&p, NULL, "P2");
	ok(r != NULL && r->ack.seconds == 8 * HOUR && r->resolve.days == 3,
	    "P2: 8h, 3d");
	r = xf_policy_find(&p, "", "P3");
	ok(r != NULL && r->ack.days == 1 && r->resolve.days == 7 &&
	    r->clock == XF_CLOCK_BUSINESS, "P3: 1d, 7d business");
	r = xf_policy_find(&p, "privacy", "P4");
	ok(r != NULL && r->ack.days == 15 && r->resolve.days == 60 &&
	    r->clock == XF_CLOCK_CALENDAR, "P4: 15d, 60d calendar");
	r = xf_policy_find(&p, "privacy", NULL);
	ok(r != NULL && strcmp(r->priority, "*") == 0 && r->ack.days == 15 &&
	    r->resolve.days == 60 && r->clock == XF_CLOCK_CALENDAR,
	    "unclassified: the * * row, statutory");
	xf_policy_free(&p);
	is_int(p.n, 0, "freed");
}

static void
test_specificity(void)
{
	struct xf_policy p;
	struct xf_err err;
	char path[sizeof(tmpdir) + 64];

	write_file("spec.tsv",
	    "# most specific wins\n"
	    "category\tpriority\tack\tresolve\tclock\tescalate\n"
	    "*\t*\t15d\t60d\tcalendar\t-\n"
	    "billing\t*\t1d\t5d\tbusiness\t1d\n"
	    "*\tP1\t1h\t4h\tbusiness\t30m,1h,2h,3h\n"
	    "\n"
	    "billing\tP1\t30m\t2h\tbusiness\t15m\r\n"
	    "隐私\tP2\t1h\t1d\tcalendar\t9h,1d\n",
	    path, sizeof(path));
	if (xf_policy_load(&p, path, &err) == -1) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	is_int(p.n, 5, "five rules, the header skipped");
	find(&p, "billing", "P1", 7);
	find(&p, "Billing", "P1", 7);		/* ASCII case, as routing */
	find(&p, "billing", "P3", 4);
	find(&p, "billing", NULL, 4);
	find(&p, "privacy", "P1", 5);
	find(&p, "privacy", "P2", 3);
	find(&p, NULL, NULL, 3);
	find(&p, "", "P1", 5);
	find(&p, "隐私", "P2", 8);
	find(&p, "隐私", "P1", 5);
	is_int(p.rules[0].nescalate, 0, "- is no escalation");
	is_int(p.rules[2].nescalate, 4, "four levels");
	ok(p.rules[2].escalate[3].seconds == 3 * HOUR, "level 4 past 3h");
	/* Calendar clock: 1d is 24 h, so 9h,1d grows. */
	is_int(p.rules[4].nescalate, 2, "9h,1d on a calendar clock");
	xf_policy_free(&p);

	write_file("nodefault.tsv", "*\tP1\t1h\t4h\tbusiness\t-\n", path,
	    sizeof(path));
	is_int(xf_policy_load(&p, path, &err), 0, "a policy with no * *");
	ok(xf_policy_find(&p, "billing", "P2") == NULL, "no rule: NULL");
	xf_policy_free(&p);
}

static void
bad_policy(const char *name, const char *text, const char *want)
{
	struct xf_policy p;
	struct xf_err err;
	char path[sizeof(tmpdir) + 64], msg[sizeof(tmpdir) + 512];

	write_file(name, text, path, sizeof(path));
	memset(&err, 0, sizeof(err));
	is_int(xf_policy_load(&p, path, &err), -1, want);
	snprintf(msg, sizeof(msg), "%s/%s", tmpdir, want);
	is_str(err.msg, msg, name);
	ok(p.rules == NULL && p.n == 0, "nothing kept of a bad policy");
}

static void
test_bad_policy(void)
{
	struct xf_policy p;
	struct xf_err err;
	char path[sizeof(tmpdir) + 64], msg[sizeof(tmpdir) + 512];

	bad_policy("cols.tsv", "*\tP1\t2h\t1d\tbusiness\n",
	    "cols.tsv:1: 5 columns, want 6 (category, priority, ack, "
	    "resolve, clock, escalate) and optionally close");
	bad_policy("cols2.tsv", "*\tP1\t2h\t1d\tbusiness\t-\tmore\n",
	    "cols2.tsv:1: bad close span 'more' (e.g. 30m, 8h, 3d, 1d4h)");
	bad_policy("cols3.tsv", "*\tP1\t2h\t1d\tbusiness\t-\t3d\tx\n",
	    "cols3.tsv:1: more than 7 columns");
	bad_policy("pri.tsv", "# c\n*\tP5\t2h\t1d\tbusiness\t-\n",
	    "pri.tsv:2: bad priority 'P5' (P1 to P4, or *)");
	bad_policy("ack.tsv", "*\tP1\t2x\t1d\tbusiness\t-\n",
	    "ack.tsv:1: bad acknowledge span '2x' (e.g. 30m, 8h, 3d, 1d4h)");
	bad_policy("res.tsv", "*\tP1\t2h\t0\tbusiness\t-\n",
	    "res.tsv:1: bad resolve span '0' (e.g. 30m, 8h, 3d, 1d4h)");
	bad_policy("clock.tsv", "*\tP1\t2h\t1d\tweekly\t-\n",
	    "clock.tsv:1: unknown clock 'weekly' (business or calendar)");
	bad_policy("down.tsv", "*\tP1\t2h\t1d\tbusiness\t4h,1h\n",
	    "down.tsv:1: escalation spans must grow: '1h' is not longer "
	    "than the one before");
	/* A business day is 9 h: 1d is not past 9h there. */
	bad_policy("same.tsv", "*\tP1\t2h\t1d\tbusiness\t9h,1d\n",
	    "same.tsv:1: escalation spans must grow: '1d' is not longer "
	    "than the one before");
	bad_policy("many.tsv", "*\tP1\t2h\t1d\tbusiness\t1h,2h,3h,4h,5h\n",
	    "many.tsv:1: more than 4 escalation levels");
	bad_policy("empty.tsv", "*\tP1\t2h\t1d\tbusiness\t1h,,2h\n",
	    "empty.tsv:1: bad escalation span '' (e.g. 30m, 8h, 3d, 1d4h)");
	bad_policy("dup.tsv", "*\tP1\t2h\t1d\tbusiness\t-\n"
	    "*\tP2\t2h\t1d\tbusiness\t-\n"
	    "# again\n"
	    "*\tP1\t4h\t2d\tbusiness\t-\n",
	    "dup.tsv:4: category * priority P1 is given already at line 1");
	bad_policy("dupcase.tsv", "billing\tP1\t2h\t1d\tbusiness\t-\n"
	    "Billing\tP1\t4h\t2d\tbusiness\t-\n",
	    "dupcase.tsv:2: category Billing priority P1 is given already "
	    "at line 1");
	bad_policy("long.tsv", "abcdefghijabcdefghijabcdefghijab\tP1\t2h\t1d"
	    "\tbusiness\t-\n",
	    "long.tsv:1: category 'abcdefghijabcdefghijabcdefghijab' is "
	    "longer than 31 bytes");
	bad_policy("nocat.tsv", "\tP1\t2h\t1d\tbusiness\t-\n",
	    "nocat.tsv:1: no category (* for any)");
	bad_policy("header.tsv", "*\tP1\t2h\t1d\tbusiness\t-\n"
	    "category\tpriority\tack\tresolve\tclock\tescalate\n",
	    "header.tsv:2: bad priority 'priority' (P1 to P4, or *)");
	bad_policy("utf8.tsv", "\xff\tP1\t2h\t1d\tbusiness\t-\n",
	    "utf8.tsv:1: not UTF-8");
	bad_policy("none.tsv", "# nothing\n\n",
	    "none.tsv: no policy rules");
	bad_policy("hdronly.tsv",
	    "category\tpriority\tack\tresolve\tclock\tescalate\n",
	    "hdronly.tsv: no policy rules");

	snprintf(path, sizeof(path), "%s/missing.tsv", tmpdir);
	is_int(xf_policy_load(&p, path, &err), -1, "a missing policy");
	snprintf(msg, sizeof(msg), "%s: cannot read: No such file or "
	    "directory", path);
	is_str(err.msg, msg, "a missing policy: message");
}

/* --- loading the SLA and its clocks ---------------------------------- */

static int
load_shipped(struct xf_sla *sla)
{
	char pol[sizeof(sharedir) + 16], cal[sizeof(sharedir) + 16];
	struct xf_err err;

	snprintf(pol, sizeof(pol), "%s/policy.tsv", sharedir);
	snprintf(cal, sizeof(cal), "%s/calendar", sharedir);
	if (xf_sla_load(sla, pol, cal, &err) == -1) {
		printf("# %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void
test_sla_load(void)
{
	struct xf_sla sla;
	struct xf_err err;
	char path[sizeof(tmpdir) + 64], cal[sizeof(tmpdir) + 64];
	char msg[sizeof(tmpdir) + 512];

	/* $XF_SHARE finds both. */
	setenv("XF_SHARE", sharedir, 1);
	unsetenv("XF_POLICY");
	unsetenv("XF_CALENDAR");
	is_int(xf_sla_load(&sla, NULL, NULL, &err), 0, "loaded by XF_SHARE");
	is_int(sla.policy.n, 5, "XF_SHARE: the shipped policy");
	is_int(sla.cal.ndates, 72, "XF_SHARE: the shipped calendar");
	xf_sla_free(&sla);

	/* $XF_POLICY and $XF_CALENDAR (a single file) override it. */
	write_file("one.tsv", "*\t*\t1h\t2h\tbusiness\t-\n", path,
	    sizeof(path));
	write_file("cal.tsv", "hours\t08:00-12:00\n2026-03-09\tholiday\n",
	    cal, sizeof(cal));
	setenv("XF_POLICY", path, 1);
	setenv("XF_CALENDAR", cal, 1);
	is_int(xf_sla_load(&sla, NULL, NULL, &err), 0, "loaded by XF_POLICY");
	is_int(sla.policy.n, 1, "XF_POLICY: its one rule");
	is_int(sla.cal.ndates, 1, "XF_CALENDAR: a single file");
	is_int(xf_calendar_day_seconds(&sla.cal), 4 * HOUR, "its hours");
	xf_sla_free(&sla);

	/* Options beat the environment. */
	snprintf(msg, sizeof(msg), "%s/calendar", sharedir);
	is_int(xf_sla_load(&sla, NULL, msg, &err), 0, "cal_opt wins");
	is_int(sla.cal.ndates, 72, "cal_opt: the shipped calendar");
	xf_sla_free(&sla);

	snprintf(msg, sizeof(msg), "%s/nope.tsv", tmpdir);
	is_int(xf_sla_load(&sla, msg, NULL, &err), -1, "a missing policy");
	snprintf(msg, sizeof(msg), "%s/nope.tsv: cannot read: No such file "
	    "or directory", tmpdir);
	is_str(err.msg, msg, "a missing policy is named");
	write_file("badcal.tsv", "hours\t18:00-09:00\n", cal, sizeof(cal));
	is_int(xf_sla_load(&sla, NULL, cal, &err), -1, "a bad calendar");
	snprintf(msg, sizeof(msg), "%s:1: bad hours '18:00-09:00': opening "
	    "is not before closing", cal);
	is_str(err.msg, msg, "a bad calendar is named");
	snprintf(msg, sizeof(msg), "%s/nodir", tmpdir);
	is_int(xf_sla_load(&sla, NULL, msg, &err), -1, "a missing calendar");
	ok(strstr(err.msg, "/nodir: cannot read") != NULL,
	    "a missing calendar is named");
	unsetenv("XF_POLICY");
	unsetenv("XF_CALENDAR");
}

static void
test_clocks(const struct xf_sla *sla)
{
	struct xf_span sp;
	int64_t t = at("2026-03-09 10:00");

	xf_span_parse("1d1h", &sp);
	/* Calendar: 25 hours later, whatever the day. */
	is_int(xf_clock_add(sla, XF_CLOCK_CALENDAR, t, &sp), t + 25 * HOUR,
	    "calendar clock: 1d1h is 25 h");
	/* Business: 10 working hours, Mon 10:00 + 8 h, Tue 09:00 + 2 h. */
	is_time(xf_clock_add(sla, XF_CLOCK_BUSINESS, t, &sp),
	    "2026-03-10T11:00:00+08:00", "business clock: 1d1h is 10 h");
	/* Fri 17:00 to Mon 10:00: 65 hours, 2 of them working. */
	is_int(xf_clock_between(sla, XF_CLOCK_CALENDAR,
	    at("2026-03-06 17:00"), at("2026-03-09 10:00")), 65 * HOUR,
	    "calendar between");
	is_int(xf_clock_between(sla, XF_CLOCK_BUSINESS,
	    at("2026-03-06 17:00"), at("2026-03-09 10:00")), 2 * HOUR,
	    "business between");
	is_int(xf_clock_between(sla, XF_CLOCK_BUSINESS,
	    at("2026-03-09 10:00"), at("2026-03-06 17:00")), -2 * HOUR,
	    "business between, backwards");
	is_int(xf_clock_between(sla, XF_CLOCK_CALENDAR,
	    at("2026-03-09 10:00"), at("2026-03-06 17:00")), -65 * HOUR,
	    "calendar between, backwards");
}

/* --- computing deadlines ---------------------------------------------- */

static void
computes(const struct xf_sla *sla, const struct xf_sla_facts *f,
    const char *name, const char *ack, const char *due)
{
	struct xf_deadlines d;
	struct xf_err err;
	char n[256];

	if (xf_sla_compute(sla, f, &d, &err) == -1) {
		ok(0, name);
		printf("#   %s\n", err.msg);
		return;
	}
	snprintf(n, sizeof(n), "%s: acknowledge by %s", name, ack);
	is_time(d.ack_due, ack, n);
	snprintf(n, sizeof(n), "%s: resolve by %s", name, due);
	is_time(d.due, due, n);
}

static void
test_compute(const struct xf_sla *sla)
{
	struct xf_sla_facts f;
	struct xf_deadlines d;
	struct xf_err err;
	struct xf_pause p[3];

	memset(&f, 0, sizeof(f));
	/* P1 Mon 10:00: ack +2 h; resolve 9 h = Mon 8 h + Tue 1 h. */
	f.priority = "P1";
	f.received_at = at("2026-03-09 10:00");
	computes(sla, &f, "P1 on a Monday", "2026-03-09T12:00:00+08:00",
	    "2026-03-10T10:00:00+08:00");
	/* P1 Fri 17:00: ack Fri 1 h + Mon 1 h; resolve Fri 1 h + Mon 8 h. */
	f.received_at = at("2026-03-06 17:00");
	computes(sla, &f, "P1 on a Friday evening",
	    "2026-03-09T10:00:00+08:00", "2026-03-09T17:00:00+08:00");
	/* P1 Sunday night: both clocks start Monday 09:00. */
	f.received_at = at("2026-03-08 23:00");
	computes(sla, &f, "P1 on a Sunday night",
	    "2026-03-09T11:00:00+08:00", "2026-03-09T18:00:00+08:00");

	/*
	 * P2 received Mon 10:00, accepted Mon 14:00: ack 8 h ends at Mon
	 * 18:00; resolve 27 h from 14:00 = Mon 4 + Tue 9 + Wed 9 + Thu 5.
	 */
	f.category = "billing";
	f.priority = "P2";
	f.received_at = at("2026-03-09 10:00");
	f.accepted_at = at("2026-03-09 14:00");
	computes(sla, &f, "P2 accepted", "2026-03-09T18:00:00+08:00",
	    "2026-03-12T14:00:00+08:00");
	/* Paused Tue 17:00 - Wed 10:00: 2 working hours. */
	p[0].from = at("2026-03-10 17:00");
	p[0].to = at("2026-03-11 10:00");
	f.pauses = p;
	f.npauses = 1;
	computes(sla, &f, "P2 paused overnight", "2026-03-09T18:00:00+08:00",
	    "2026-03-12T16:00:00+08:00");
	/* And Fri 17:00 - Mon 10:00: 2 more; Thu 14:00 + 4 h = 18:00. */
	p[1].from = at("2026-03-13 17:00");
	p[1].to = at("2026-03-16 10:00");
	/* A pause still going on adds nothing yet. */
	p[2].from = at("2026-03-16 11:00");
	p[2].to = 0;
	f.npauses = 3;
	computes(sla, &f, "P2 paused over a weekend",
	    "2026-03-09T18:00:00+08:00", "2026-03-12T18:00:00+08:00");
	/* An extension is calendar time: 5 days after Thu 18:00. */
	f.extension = 5 * DAY;
	computes(sla, &f, "P2 extended", "2026-03-09T18:00:00+08:00",
	    "2026-03-17T18:00:00+08:00");

	/*
	 * P3 before the Spring Festival, Fri 2026-02-13 10:00.  ack 9 h =
	 * Fri 8 + Sat 14 (调休) 1 = Sat 10:00.  resolve 63 h = Fri 8, Sat 9,
	 * (15-23 off) Tue 24 9, Wed 9, Thu 9, Fri 9, Sat 28 (调休) 9 = 62,
	 * Mon 2 March 1 = 10:00.
	 */
	memset(&f, 0, sizeof(f));
	f.priority = "P3";
	f.received_at = at("2026-02-13 10:00");
	computes(sla, &f, "P3 over the Spring Festival",
	    "2026-02-14T10:00:00+08:00", "2026-03-02T10:00:00+08:00");
	/* Paused Fri 13 17:00 - Tue 24 10:00: Fri 1 + Sat 9 + Tue 1 = 11 h
	 * of working time: Mon 2 March 10:00 + 8 h, Tue 3 + 3 h. */
	p[0].from = at("2026-02-13 17:00");
	p[0].to = at("2026-02-24 10:00");
	f.pauses = p;
	f.npauses = 1;
	computes(sla, &f, "P3 paused over the holiday",
	    "2026-02-14T10:00:00+08:00", "2026-03-03T12:00:00+08:00");

	/* P4, calendar: received Mar 9 10:00 + 15 d; accepted Mar 10 11:00
	 * + 60 d = May 9 (21 days of March, 30 of April, 9 of May). */
	memset(&f, 0, sizeof(f));
	f.priority = "P4";
	f.received_at = at("2026-03-09 10:00");
	f.accepted_at = at("2026-03-10 11:00");
	computes(sla, &f, "P4 statutory", "2026-03-24T10:00:00+08:00",
	    "2026-05-09T11:00:00+08:00");
	/* Paused Mar 20 12:00 - Mar 22 18:30: 2d6h30m on the calendar
	 * clock, weekend and all. */
	p[0].from = at("2026-03-20 12:00");
	p[0].to = at("2026-03-22 18:30");
	f.pauses = p;
	f.npauses = 1;
	computes(sla, &f, "P4 paused", "2026-03-24T10:00:00+08:00",
	    "2026-05-11T17:30:00+08:00");
	f.extension = 10 * DAY;
	computes(sla, &f, "P4 paused and extended",
	    "2026-03-24T10:00:00+08:00", "2026-05-21T17:30:00+08:00");

	/* Unclassified: "* *", the statutory clocks from received_at. */
	memset(&f, 0, sizeof(f));
	f.received_at = at("2026-03-09 10:00");
	computes(sla, &f, "unclassified", "2026-03-24T10:00:00+08:00",
	    "2026-05-08T10:00:00+08:00");
	f.category = "unknown";
	f.priority = "";
	computes(sla, &f, "an unknown category", "2026-03-24T10:00:00+08:00",
	    "2026-05-08T10:00:00+08:00");
	is_int(xf_sla_compute(sla, &f, &d, &err), 0, "compute");
	ok(d.rule != NULL && strcmp(d.rule->priority, "*") == 0,
	    "the rule used is returned");
}

static void
test_no_rule(void)
{
	struct xf_sla sla;
	struct xf_sla_facts f;
	struct xf_deadlines d;
	struct xf_err err;
	char path[sizeof(tmpdir) + 64], cal[sizeof(sharedir) + 16];
	char msg[sizeof(tmpdir) + 512];

	write_file("p1only.tsv", "*\tP1\t2h\t1d\tbusiness\t-\n", path,
	    sizeof(path));
	snprintf(cal, sizeof(cal), "%s/calendar", sharedir);
	if (xf_sla_load(&sla, path, cal, &err) == -1) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	memset(&f, 0, sizeof(f));
	f.category = "billing";
	f.priority = "P2";
	is_int(xf_sla_compute(&sla, &f, &d, &err), -1, "no rule matches");
	snprintf(msg, sizeof(msg), "%s: no rule for category billing, "
	    "priority P2", path);
	is_str(err.msg, msg, "no rule: message");
	ok(d.rule == NULL, "no rule: none returned");
	xf_sla_free(&sla);
}

/* --- deadlines in a store ---------------------------------------------- */

static int64_t
count_events(struct xf_store *s)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM event", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
exec_sql(struct xf_store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("Bail out! %s: %s\n", sql, msg);
		exit(1);
	}
}

static void
add_event(struct xf_store *s, int64_t id, const char *when,
    const char *kind, const char *field, const char *old, const char *new)
{
	struct xf_err err;
	struct xf_event ev = {
		.complaint_id = id, .at = at(when), .actor = "tester",
		.kind = kind, .field = field, .old = old, .new = new,
		.reason = "test",
	};

	if (xf_event_add(s, &ev, &err) == -1) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
}

/* The deadline events after event id after, as "field old>new reason;". */
static void
deadline_events(struct xf_store *s, int64_t after, char *buf, size_t len)
{
	sqlite3_stmt *st;
	char old[XF_TIMELEN], new[XF_TIMELEN];
	size_t n = 0;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT field, old, new, reason, at,"
	    " actor FROM event WHERE kind = 'deadline' AND id > ?1"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, after);
	while (sqlite3_step(st) == SQLITE_ROW && n < len) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			snprintf(old, sizeof(old), "NULL");
		else
			iso(sqlite3_column_int64(st, 1), old);
		iso(sqlite3_column_int64(st, 2), new);
		n += (size_t)snprintf(buf + n, len - n, "%s %s>%s %s @%s %s;",
		    sqlite3_column_text(st, 0), old, new,
		    sqlite3_column_text(st, 3),
		    sqlite3_column_int64(st, 4) == at("2026-03-12 09:00") ?
		    "now" : "?", sqlite3_column_text(st, 5));
	}
	sqlite3_finalize(st);
}

static void
stored(struct xf_store *s, int64_t id, const char *ack, const char *due,
    const char *name)
{
	sqlite3_stmt *st;
	char a[XF_TIMELEN] = "NULL", d[XF_TIMELEN] = "NULL", n[256];

	if (sqlite3_prepare_v2(s->db, "SELECT ack_due, due FROM complaint"
	    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			iso(sqlite3_column_int64(st, 0), a);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			iso(sqlite3_column_int64(st, 1), d);
	}
	sqlite3_finalize(st);
	snprintf(n, sizeof(n), "%s: stored ack_due", name);
	is_str(a, ack, n);
	snprintf(n, sizeof(n), "%s: stored due", name);
	is_str(d, due, n);
}

static int
apply(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    const char *why, struct xf_deadlines *out, struct xf_err *err)
{
	int rc;

	if (xf_store_begin(s, err) == -1)
		return -1;
	rc = xf_sla_apply(s, sla, id, at("2026-03-12 09:00"), "sla", why,
	    out, err);
	if (rc == -1)
		xf_store_rollback(s);
	else if (xf_store_commit(s, err) == -1)
		return -1;
	return rc;
}

/*
 * Complaint 1, P2: received Mon 2026-03-09 10:00, accepted 14:00, its
 * due set by the statutory rule at acceptance (14:00 + 60 days).
 */
static void
insert_complaint(struct xf_store *s)
{
	long long received = at("2026-03-09 10:00");
	long long accepted = at("2026-03-09 14:00");
	char sql[1024];

	snprintf(sql, sizeof(sql), "INSERT INTO complaint (id, ref,"
	    " received_at, registered_at, updated_at, channel, source,"
	    " dedupe_key, category, priority, status, accepted_at, due)"
	    " VALUES (1, 'XF-2026-000001', %lld, %lld, %lld, 'email', 'test',"
	    " x'01', 'billing', 'P2', 'in_progress', %lld, %lld)",
	    received, received, accepted, accepted, accepted + 60LL * DAY);
	exec_sql(s, sql);
}

static void
test_apply(const struct xf_sla *sla)
{
	struct xf_store s;
	struct xf_deadlines d;
	struct xf_err err;
	char buf[2048], old[24], new[24];
	int64_t n, head, due0 = at("2026-03-09 14:00") + 60 * DAY;
	char hash[XF_SHA256_HEXLEN];

	if (xf_store_open(&s, ":memory:", XF_OPEN_WRITE, &err) == -1) {
		printf("Bail out! %s\n", err.msg);
		exit(1);
	}
	insert_complaint(&s);
	/* Paused Tue 17:00 - Wed 10:00 (2 working hours), and extended by
	 * five days from the statutory due (what lifecycle.c records). */
	add_event(&s, 1, "2026-03-10 17:00", "wait", "status", "in_progress",
	    "waiting");
	add_event(&s, 1, "2026-03-11 10:00", "resume", "status", "waiting",
	    "in_progress");
	snprintf(old, sizeof(old), "%lld", (long long)due0);
	snprintf(new, sizeof(new), "%lld", (long long)(due0 + 5 * DAY));
	add_event(&s, 1, "2026-03-11 11:00", "extend", "due", old, new);
	/* Noise the pauses must not be read from. */
	add_event(&s, 1, "2026-03-11 12:00", "note", NULL, NULL, NULL);
	add_event(&s, 1, "2026-03-11 12:30", "wait", NULL, NULL, NULL);
	head = count_events(&s);

	/*
	 * ack: Mon 10:00 + 8 h = Mon 18:00.  due: Mon 14:00 + 27 h = Thu
	 * 14:00, + 2 h paused = Thu 16:00, + 5 days = Tue 17 March 16:00.
	 */
	is_int(apply(&s, sla, 1, NULL, &d, &err), 0, "apply");
	is_time(d.ack_due, "2026-03-09T18:00:00+08:00", "apply: ack_due");
	is_time(d.due, "2026-03-17T16:00:00+08:00", "apply: due");
	ok(d.rule != NULL && d.rule->line == 23, "apply: the P2 rule");
	stored(&s, 1, "2026-03-09T18:00:00+08:00", "2026-03-17T16:00:00+08:00",
	    "apply");
	deadline_events(&s, head, buf, sizeof(buf));
	is_str(buf, "ack_due NULL>2026-03-09T18:00:00+08:00 policy.tsv:23 P2 "
	    "business: acknowledge 8h, resolve 3d, paused 2h of working "
	    "time, extended 5d @now sla;"
	    "due 2026-05-08T14:00:00+08:00>2026-03-17T16:00:00+08:00 "
	    "policy.tsv:23 P2 business: acknowledge 8h, resolve 3d, paused "
	    "2h of working time, extended 5d @now sla;",
	    "apply: one deadline event a field, with why");
	is_int(count_events(&s), head + 2, "apply: two events");

	/* Again: nothing changed, nothing written. */
	n = count_events(&s);
	memset(&d, 0, sizeof(d));
	is_int(apply(&s, sla, 1, NULL, &d, &err), 0, "apply again");
	is_int(count_events(&s), n, "apply again: no events");
	is_time(d.due, "2026-03-17T16:00:00+08:00", "apply again: due");

	/*
	 * Reclassified P1: ack Mon 10:00 + 2 h = 12:00; due Mon 14:00 + 9 h
	 * = Mon 4 + Tue 5 = Tue 14:00, + 2 h paused = 16:00, + 5 days = Sun
	 * 15 March 16:00.
	 */
	exec_sql(&s, "UPDATE complaint SET priority = 'P1' WHERE id = 1");
	n = count_events(&s);
	is_int(apply(&s, sla, 1, "reclassified P1", NULL, &err), 0,
	    "apply with why, no out");
	deadline_events(&s, n, buf, sizeof(buf));
	is_str(buf, "ack_due 2026-03-09T18:00:00+08:00>"
	    "2026-03-09T12:00:00+08:00 reclassified P1 @now sla;"
	    "due 2026-03-17T16:00:00+08:00>2026-03-15T16:00:00+08:00 "
	    "reclassified P1 @now sla;", "apply: the caller's why");

	/* Only the deadline that changed is recorded. */
	exec_sql(&s, "UPDATE complaint SET due = 5 WHERE id = 1");
	n = count_events(&s);
	is_int(apply(&s, sla, 1, "fix", NULL, &err), 0, "apply one field");
	deadline_events(&s, n, buf, sizeof(buf));
	is_str(buf, "due 1970-01-01T08:00:05+08:00>2026-03-15T16:00:00+08:00 "
	    "fix @now sla;", "apply: one event for one field");

	/* Still waiting: the open pause does not count yet. */
	add_event(&s, 1, "2026-03-12 09:00", "wait", "status", "in_progress",
	    "waiting");
	exec_sql(&s, "UPDATE complaint SET status = 'waiting' WHERE id = 1");
	n = count_events(&s);
	is_int(apply(&s, sla, 1, NULL, &d, &err), 0, "apply while waiting");
	is_int(count_events(&s), n, "while waiting: nothing changes");

	/* Closed: left alone, out from the store. */
	exec_sql(&s, "UPDATE complaint SET status = 'closed', priority = 'P4'"
	    " WHERE id = 1");
	n = count_events(&s);
	memset(&d, 0, sizeof(d));
	is_int(apply(&s, sla, 1, NULL, &d, &err), 0, "apply to a closed one");
	is_int(count_events(&s), n, "closed: no events");
	is_time(d.ack_due, "2026-03-09T12:00:00+08:00", "closed: ack_due");
	is_time(d.due, "2026-03-15T16:00:00+08:00", "closed: due");
	stored(&s, 1, "2026-03-09T12:00:00+08:00", "2026-03-15T16:00:00+08:00",
	    "closed");

	is_int(apply(&s, sla, 2, NULL, &d, &err), -1, "no complaint 2");
	is_str(err.msg, ":memory:: complaint 2: no such complaint",
	    "no complaint 2: message");
	is_int(xf_event_verify(&s, &n, hash, &err), 0, "the chain holds");
	xf_store_close(&s);
}

int
main(int argc, char **argv)
{
	struct xf_sla sla;

	(void)argc;
	find_share(argv[0]);
	make_tmpdir("sla");
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	test_spans();
	test_working_days();
	test_shipped_policy();
	test_specificity();
	test_bad_policy();
	test_sla_load();
	if (load_shipped(&sla) == -1) {
		printf("Bail out! cannot load %s\n", sharedir);
		return 1;
	}
	test_clocks(&sla);
	test_compute(&sla);
	test_no_rule();
	test_apply(&sla);
	xf_sla_free(&sla);
	remove_tmpdir();
	return done_testing();
}
