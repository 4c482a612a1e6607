/*
 * alert.c: xf_report_alerts over a store built in memory through lib/,
 * as xf-intake, xf-classify and xf-status build one, with every time
 * pinned.  The expected rows are worked by hand below; the tests' own
 * figures (Poisson tails, term ratios) are in tests/unit/warn.c.
 *
 * Beijing time (UTC+8).  The period is the week of Monday 2026-03-02,
 * the baseline the 28 days before it, from 2026-02-02:
 *
 *   baseline	one complaint a day, billing by web, "monthly bill
 *		question", 10:00; three of them (Feb 10-12) from one
 *		contact; and a privacy complaint by e-mail on Feb 20.
 *   period	the same one a day; on Wednesday Mar 4 a burst of 24 more
 *		billing complaints by phone (09:01, every 10 minutes),
 *		"退款失败 refund failed, 李雷", four of them from one
 *		phone number, the others from 李雷, a complainant's name;
 *		on Thursday 3 shipping letters (1 -> 3 is no alarm); on
 *		Friday three near-identical visits from three people (a
 *		collective group) and a media complaint by e-mail; on
 *		Saturday a legal one.
 *
 * At the period's end (as_of END):
 *   billing on Wednesday: 25 against 28 / 28 = 1.0 a day: high;
 *   phone on Wednesday: 24 against 0 (the floor 0.5): high;
 *   media, open 2.58 days > 2 x 1: high; privacy, 17 days > 2 x 3: high;
 *   legal, 1.58 days < 3: nothing;
 *   退款失败 (its bigrams 退款 款失 失败 in the same complaints, one
 *   phrase), refund, failed: 24 complaints against 0 expected:
 *   (24 + 1) / 1 = 25, medium; 李雷, a name, never; bill: 7 against
 *   28 x 7/28 = 7: nothing;
 *   the phone number: 4 complaints in 30 days: medium;
 *   the group: 3 complaints, medium;
 *   the baseline's contact: 3 complaints, none in the period: nothing.
 * Then, a day later (LATER), one burst complaint is recategorised,
 * a late phone complaint of Wednesday is registered, the privacy one
 * is rejected and media is taken off the media one: the report as of
 * END is unchanged; as of LATER, billing has 24, phone 25, and no
 * risky complaint is open.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

#define BASE_START	1769961600	/* 2026-02-02T00:00:00+08:00 */
#define SINCE		1772380800	/* 2026-03-02T00:00:00+08:00 */
#define END		1772985600	/* 2026-03-09T00:00:00+08:00 */
#define REG		(END - 12 * XF_HOUR)	/* registered: Sun 12:00 */
#define CLS		(END - 11 * XF_HOUR)	/* classified: Sun 13:00 */
#define LATER		(END + 33 * XF_HOUR)	/* Tue 09:00 */
#define TEN		(10 * XF_HOUR)
#define WED		(SINCE + 2 * XF_DAY)
#define NBURST		24
#define NREPEAT		4

struct fixture {
	struct xf_store	 s;
	char		 burst[NBURST][XF_REFLEN];
	char		 group[3][XF_REFLEN];
	char		 media[XF_REFLEN], privacy[XF_REFLEN];
};

static void
bail(const char *what, const struct xf_err *e)
{
	printf("Bail out! %s: %s\n", what, e->msg);
	exit(1);
}

static void
add(struct xf_store *s, int64_t now, int64_t received, const char *channel,
    const char *name, const char *contact, const char *body,
    char ref[XF_REFLEN])
{
	struct xf_registrar g;
	struct xf_complaint c = { 0 };
	struct xf_err e;
	char mine[XF_REFLEN];
	int dup = 0;

	c.v[XF_F_BODY] = body;
	c.v[XF_F_COMPLAINANT] = name;
	c.v[XF_F_CONTACT] = contact;
	c.received_at = received;
	c.channel = channel;
	c.kind = "complaint";
	c.source = "unit";
	if (xf_reg_open(&g, s, "intake", now, &e) == -1 ||
	    xf_reg_begin(&g, &e) == -1 ||
	    xf_reg_add(&g, &c, ref ? ref : mine, &dup, &e) == -1 ||
	    xf_reg_commit(&g, &e) == -1)
		bail("register", &e);
	xf_reg_close(&g);
	if (dup)
		bail("register", &(struct xf_err){ "a duplicate", 0 });
}

static int64_t
id_of(struct xf_store *s, const char *ref)
{
	char canon[XF_REFLEN];
	struct xf_err e;
	int64_t id = 0;

	if (xf_complaint_id(s, ref, &id, canon, &e) == -1 || id == 0)
		bail("find", &e);
	return id;
}

/* A person's decision: a category, or a flag to add or take off. */
static void
set(struct xf_store *s, const char *ref, const char *category,
    const char *flag, int64_t now)
{
	struct xf_decision d = { .category = category, .reason = "checked" };
	struct xf_err e;

	if (flag != NULL)
		d.flags[d.nflags++] = flag;
	if (xf_store_begin(s, &e) == -1 ||
	    xf_classify_set(s, id_of(s, ref), &d, NULL, now, "lead",
	    &e) == -1 || xf_store_commit(s, &e) == -1)
		bail("set", &e);
}

static void
billing_days(struct xf_store *s, int64_t from, int days, int first)
{
	char ref[XF_REFLEN], contact[64];
	int i;

	for (i = 0; i < days; i++) {
		snprintf(contact, sizeof(contact), "u%d@example.org",
		    first + i);
		/* Feb 10-12 (days 8-10 of the baseline): one person. */
		if (first == 0 && i >= 8 && i <= 10)
			snprintf(contact, sizeof(contact), "old@example.org");
		add(s, REG, from + i * XF_DAY + TEN, "web", "Han Mei", contact,
		    "monthly bill question", ref);
		set(s, ref, "billing", NULL, CLS);
	}
}

static void
burst(struct fixture *f)
{
	char contact[32];
	int i;

	for (i = 0; i < NBURST; i++) {
		if (i < NREPEAT)
			snprintf(contact, sizeof(contact), "13800138000");
		else
			snprintf(contact, sizeof(contact), "139%08d", i);
		add(&f->s, REG, WED + 9 * XF_HOUR + XF_MINUTE +
		    i * 10 * XF_MINUTE, "phone", i < NREPEAT ? "王芳" : "李雷",
		    contact, "退款失败 refund failed，李雷", f->burst[i]);
		set(&f->s, f->burst[i], "billing", NULL, CLS);
	}
}

static void
collective(struct fixture *f)
{
	static const char *const who[3] = { "a@example.org",
	    "b@example.org", "c@example.org" };
	struct xf_classifier k = { 0 };
	struct xf_classified out;
	struct xf_err e;
	int i;

	for (i = 0; i < 3; i++)
		add(&f->s, REG, SINCE + 4 * XF_DAY + TEN + i * XF_HOUR, "visit",
		    NULL, who[i], "the app deleted our shared photo album"
		    " without any notice to the members", f->group[i]);
	k.store = &f->s;
	k.threshold = XF_THRESHOLD_AUTO;
	k.now = CLS;
	k.actor = "classifier";
	if (xf_classify_prepare(&k, &e) == -1)
		bail("prepare", &e);
	for (i = 0; i < 3; i++)
		if (xf_classify_one(&k, id_of(&f->s, f->group[i]), 0, &out,
		    &e) == -1)
			bail("classify", &e);
}

static void
build(struct fixture *f)
{
	struct xf_err e;
	char ref[XF_REFLEN];
	int i;

	if (xf_store_open(&f->s, ":memory:", XF_OPEN_WRITE, &e) == -1)
		bail("open", &e);
	billing_days(&f->s, BASE_START, 28, 0);
	billing_days(&f->s, SINCE, 7, 28);
	add(&f->s, REG, BASE_START + 18 * XF_DAY + TEN, "email", NULL,
	    "p@example.org", "my data was shared with others", f->privacy);
	set(&f->s, f->privacy, NULL, "+privacy", CLS);
	burst(f);
	for (i = 0; i < 3; i++) {
		add(&f->s, REG, SINCE + 3 * XF_DAY + TEN + i * XF_HOUR,
		    "letter", NULL, i == 0 ? "s1@example.org" : i == 1 ?
		    "s2@example.org" : "s3@example.org", i == 0 ? "parcel lost" :
		    i == 1 ? "parcel still lost" : "parcel lost again", ref);
		set(&f->s, ref, "shipping", NULL, CLS);
	}
	collective(f);
	add(&f->s, REG, SINCE + 4 * XF_DAY + TEN, "email", NULL,
	    "m@example.org", "a journalist asks about the outage", f->media);
	set(&f->s, f->media, NULL, "+media", CLS);
	add(&f->s, REG, SINCE + 5 * XF_DAY + TEN, "email", NULL,
	    "l@example.org", "my lawyer will write to you", ref);
	set(&f->s, ref, NULL, "+legal", CLS);
}

/* What happens after END: none of it may change the report as of END. */
static void
afterwards(struct fixture *f)
{
	struct xf_change ch = { 0 };
	struct xf_err e;

	set(&f->s, f->burst[NBURST - 1], "refunds", NULL, LATER);
	add(&f->s, LATER, WED + 20 * XF_HOUR, "phone", NULL,
	    "late@example.org", "called about a charge", NULL);
	set(&f->s, f->media, NULL, "-media", LATER);
	ch.now = LATER;
	ch.actor = "lead";
	ch.reason = "sent to the data protection officer";
	if (xf_move_apply(&f->s, xf_move_find("reject"), f->privacy, &ch,
	    &e) == -1)
		bail("reject", &e);
}

static void
run(struct xf_store *s, int64_t since, int64_t as_of, struct xf_report *r)
{
	struct xf_report_opts o = { 0 };
	struct xf_err e;

	o.since = since;
	o.until = since + 7 * XF_DAY;
	o.as_of = as_of;
	o.now = LATER + XF_HOUR;
	o.lang = "en";
	xf_report_init(r, "alerts", "en", o.since, o.until, as_of);
	if (xf_report_alerts(s, &o, r, &e) == -1)
		bail("alerts", &e);
}

/* The rows' first five columns, a line each: severity kind key count
 * baseline, tab-separated, "-" for an absent baseline. */
static const char *
summary(const struct xf_report *r)
{
	static struct xf_buf b;
	const struct xf_rtable *t = xf_report_find(r, "alerts");
	size_t i, j;

	xf_buf_reset(&b);
	xf_buf_adds(&b, "");
	for (i = 0; t != NULL && i < t->nrow; i++)
		for (j = 0; j < 5; j++) {
			const char *c = xf_rtable_cell(t, i, j);

			xf_buf_printf(&b, "%s%c", c ? c : "-",
			    j == 4 ? '\n' : '\t');
		}
	return xf_buf_str(&b);
}

static const char *
cell(const struct xf_report *r, size_t row, const char *name)
{
	const struct xf_rtable *t = xf_report_find(r, "alerts");

	return t ? xf_rtable_cell(t, row, xf_rtable_col(t, name)) : NULL;
}

static void
test_end(struct fixture *f)
{
	struct xf_report r;
	struct xf_buf want = { 0 };
	const struct xf_rtable *t;
	size_t i, j;
	int leak = 0;

	run(&f->s, SINCE, END, &r);
	xf_buf_printf(&want,
	    "high\tspike\tcategory=billing\t25\t1.0\n"
	    "high\tspike\tchannel=phone\t24\t0.0\n"
	    "high\trisk_open\tmedia\t1\t-\n"
	    "high\trisk_open\tprivacy\t1\t-\n"
	    "medium\tterm\tfailed\t24\t0.0\n"
	    "medium\tterm\trefund\t24\t0.0\n"
	    "medium\tterm\t退款失败\t24\t0.0\n"
	    "medium\trepeat\tcontact:a6942f97\t4\t-\n"
	    "medium\tcollective\tgroup=%s\t3\t-\n", f->group[0]);
	is_str(summary(&r), want.p, "the alerts at the period's end");
	is_str(cell(&r, 0, "why"), "25 complaints in category billing on"
	    " 2026-03-04 against 1.0 a day in the 28 days before (Poisson"
	    " P(X >= 25) = 2.5e-26) (the first 20 of 25 refs listed)",
	    "a spike says why, and that its refs are cut");
	xf_buf_reset(&want);
	for (i = 0; i < 6; i++)
		xf_buf_printf(&want, "%s,", f->burst[i]);
	ok(strncmp(cell(&r, 0, "refs"), want.p, want.len) == 0,
	    "its refs: that day's complaints, as received");
	is_int(strlen(cell(&r, 0, "refs")), 20 * 14 + 19, "20 refs");
	xf_buf_reset(&want);
	xf_buf_printf(&want, "%s", f->media);
	is_str(cell(&r, 2, "refs"), want.p, "risk_open cites the complaint");
	is_str(cell(&r, 2, "why"), "1 complaint flagged media unresolved longer"
	    " than 1 day as of 2026-03-09 00:00, the oldest for 2.6 days",
	    "risk_open says why");
	xf_buf_reset(&want);
	xf_buf_printf(&want, "%s,%s,%s,%s", f->burst[0], f->burst[1],
	    f->burst[2], f->burst[3]);
	is_str(cell(&r, 7, "refs"), want.p, "repeat cites the four");
	is_str(cell(&r, 7, "why"), "one complainant sent 4 complaints in the"
	    " 30 days to 2026-03-08, 4 of them in the period",
	    "repeat says why, and not who");
	xf_buf_reset(&want);
	xf_buf_printf(&want, "%s,%s,%s", f->group[0], f->group[1],
	    f->group[2]);
	is_str(cell(&r, 8, "refs"), want.p, "collective cites the group");
	is_str(cell(&r, 6, "why"), "\"退款失败\" in 24 complaints against 0.0"
	    " expected at the rate of the 28 days before (0 there): 25.0 times"
	    " as many (the first 20 of 24 refs listed)",
	    "a phrase of chained bigrams, one term");
	xf_buf_reset(&want);
	for (i = 0; i < 20; i++)
		xf_buf_printf(&want, "%s%s", i ? "," : "", f->burst[i]);
	is_str(cell(&r, 6, "refs"), want.p, "... its refs: where the text is");
	t = xf_report_find(&r, "alerts");
	for (i = 0; t != NULL && i < t->nrow; i++)
		for (j = 0; j < t->ncol; j++) {
			const char *c = xf_rtable_cell(t, i, j);

			if (c && (strstr(c, "13800138000") || strstr(c, "李雷")
			    || strstr(c, "王芳") || strstr(c, "@")))
				leak = 1;
		}
	ok(!leak, "no name and no contact in any cell");
	xf_buf_free(&want);
	xf_report_free(&r);
}

/*
 * The week after END: as of an hour after END the media and privacy
 * complaints were open, 3.6 and 18 days, as the events say although the
 * rows have changed since; as of LATER neither is (media taken off,
 * privacy rejected), the legal one is open 2.96 days, under 3, and the
 * week has no complaint: nothing to say.
 */
static void
test_as_of(struct fixture *f)
{
	struct xf_report before, again, later, next;
	char *first;

	run(&f->s, SINCE, END, &before);
	afterwards(f);
	run(&f->s, SINCE, END, &again);
	/* summary's buffer is static: a copy of one to compare. */
	if ((first = strdup(summary(&before))) == NULL)
		bail("copy", &(struct xf_err){ "out of memory", 0 });
	is_str(summary(&again), first, "as of END, whatever happened since");
	ok(strstr(first, "\tcategory=billing\t25\t") != NULL &&
	    strstr(first, "risk_open\tmedia") != NULL, "... as it was");
	free(first);
	run(&f->s, SINCE, LATER, &later);
	is_str(cell(&later, 0, "key"), "channel=phone", "later: phone first");
	is_str(cell(&later, 0, "count"), "25", "... with the late one");
	is_str(cell(&later, 1, "key"), "category=billing", "billing second");
	is_str(cell(&later, 1, "count"), "24", "... one recategorised");
	run(&f->s, END, END + XF_HOUR, &next);
	is_str(summary(&next),
	    "high\trisk_open\tmedia\t1\t-\n"
	    "high\trisk_open\tprivacy\t1\t-\n",
	    "the next week, an hour in: flags and statuses as they were");
	xf_report_free(&next);
	run(&f->s, END, LATER, &next);
	ok(xf_report_empty(&next), "the next week as of LATER: nothing");
	xf_report_free(&next);
	/* The same without the index on updated_at (schema 5 makes it),
	 * as a store that lost it reads: the other plan of the query. */
	if (sqlite3_exec(f->s.db, "DROP INDEX complaint_updated", NULL, NULL,
	    NULL) != SQLITE_OK)
		bail("index", &(struct xf_err){ "cannot drop", 0 });
	run(&f->s, END, END + XF_HOUR, &next);
	is_str(summary(&next),
	    "high\trisk_open\tmedia\t1\t-\n"
	    "high\trisk_open\tprivacy\t1\t-\n",
	    "... the same read without an index on updated_at");
	if (sqlite3_exec(f->s.db, "CREATE INDEX complaint_updated ON"
	    " complaint(updated_at)", NULL, NULL, NULL) != SQLITE_OK)
		bail("index", &(struct xf_err){ "cannot create", 0 });
	xf_report_free(&before);
	xf_report_free(&again);
	xf_report_free(&later);
	xf_report_free(&next);
}

/* Every statement xf_report_alerts prepares, for test_plans. */
struct traced {
	char	*sql[32];
	size_t	 n;
};

static int
trace(unsigned what, void *ctx, void *p, void *x)
{
	struct traced *t = ctx;
	const char *sql = sqlite3_sql(p);
	size_t i;

	(void)what;
	(void)x;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->sql[i], sql) == 0)
			return 0;
	if (t->n < nitems(t->sql))
		t->sql[t->n++] = strdup(sql);
	return 0;
}

/* "SCAN c" or "SCAN complaint" in the plan of sql: a read of the whole
 * table (or a walk of a whole index of it), which a store of millions
 * cannot afford; only a statement that stops at its first row (LIMIT 1)
 * may walk an index, and any may walk complaint_flagged, the partial
 * index of the few complaints that carry a flag. */
static int
scans_complaints(sqlite3 *db, const char *sql)
{
	struct xf_buf q = { 0 };
	sqlite3_stmt *st;
	int bad = 0;

	if (strlen(sql) > 8 && strcmp(sql + strlen(sql) - 8, " LIMIT 1") == 0)
		return 0;
	xf_buf_printf(&q, "EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(db, q.p, -1, &st, NULL) != SQLITE_OK)
		bail("explain", &(struct xf_err){ "cannot prepare", 0 });
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);

		if (strncmp(d, "SCAN c", 6) == 0 && (d[6] == '\0' ||
		    d[6] == ' ' || strncmp(d + 6, "omplaint", 8) == 0) &&
		    strstr(d, "USING INDEX complaint_flagged") == NULL) {
			printf("# %s\n#   %s\n", d, sql);
			bad = 1;
		}
	}
	sqlite3_finalize(st);
	xf_buf_free(&q);
	return bad;
}

/*
 * The queries read through indexes (issue 13: a report over a period
 * reads only that period's rows): none scans the complaint table, with
 * the index on received_at that xf-classify makes (the fixture has it)
 * and, for a past as_of, the one on updated_at.
 */
static void
test_plans(struct fixture *f)
{
	struct traced t = { .n = 0 };
	struct xf_report r;
	size_t i;
	int bad = 0;

	sqlite3_trace_v2(f->s.db, SQLITE_TRACE_STMT, trace, &t);
	run(&f->s, SINCE, END, &r);
	xf_report_free(&r);
	sqlite3_trace_v2(f->s.db, 0, NULL, NULL);
	ok(t.n >= 4, "the statements were seen");
	for (i = 0; i < t.n; i++) {
		bad |= scans_complaints(f->s.db, t.sql[i]);
		free(t.sql[i]);
	}
	ok(!bad, "no statement reads the whole complaint table");
}

/* A period that ends where it starts is refused, and nothing made. */
static void
test_bad_period(struct xf_store *s)
{
	struct xf_report_opts o = { 0 };
	struct xf_report r;
	struct xf_err e = { "", 0 };

	o.since = o.until = SINCE;
	o.as_of = o.now = END;
	xf_report_init(&r, "alerts", "en", o.since, o.until, o.as_of);
	is_int(xf_report_alerts(s, &o, &r, &e), -1, "an empty period: -1");
	is_str(e.msg, "the period is empty: until is not after since",
	    "... saying why");
	is_int(r.ntable, 0, "... and no table");
	xf_report_free(&r);
}

/* Four quiet weeks and a quiet one: nothing to say.  A burst in the
 * first week of a store: no baseline, so no spike and no term. */
static void
test_quiet(void)
{
	struct xf_store s;
	struct xf_report r;
	struct xf_err e;
	char ref[XF_REFLEN], contact[32];
	int i;

	if (xf_store_open(&s, ":memory:", XF_OPEN_WRITE, &e) == -1)
		bail("open", &e);
	billing_days(&s, BASE_START, 35, 100);
	run(&s, SINCE, END, &r);
	ok(xf_report_empty(&r), "a quiet week: no alert");
	xf_report_free(&r);
	for (i = 0; i < 9; i++) {
		snprintf(contact, sizeof(contact), "n%d@example.org", i);
		add(&s, REG, BASE_START + 2 * XF_DAY + TEN + i * XF_MINUTE,
		    "social", NULL, contact, "outage outage", ref);
	}
	run(&s, BASE_START, END, &r);
	ok(xf_report_empty(&r), "no history before the period: no spike");
	xf_report_free(&r);
	/* Social media, 9 times in the baseline (0.32 a day, floored to
	 * 0.5): 6 on Monday (P = 0.000014), 7 on Tuesday (P = 0.0000010):
	 * Tuesday's row.  Their words, slow 7 times and down 6, never
	 * before: (7 + 1) / 1 and (6 + 1) / 1, low. */
	for (i = 0; i < 13; i++) {
		snprintf(contact, sizeof(contact), "w%d@example.org", i);
		add(&s, REG, SINCE + (i < 6 ? 0 : XF_DAY) + TEN + i * XF_MINUTE,
		    "social", NULL, contact, i % 2 ? "down" : "slow", ref);
	}
	run(&s, SINCE, END, &r);
	is_str(summary(&r), "high\tspike\tchannel=social\t7\t0.3\n"
	    "low\tterm\tslow\t7\t0.0\n"
	    "low\tterm\tdown\t6\t0.0\n",
	    "two days of spikes: one row, the rarer day");
	is_str(cell(&r, 0, "why"), "7 complaints in channel social on"
	    " 2026-03-03 against 0.3 a day in the 28 days before (Poisson"
	    " P(X >= 7) = 1e-06); 2 days of the period are spikes",
	    "... saying how many days are");
	xf_report_free(&r);
	test_bad_period(&s);
	xf_store_close(&s);
}

/*
 * alert.t STORE SINCE UNTIL [AS_OF]: the alerts of a store the caller
 * built (a shell test with the real commands, the bench), as TSV; times
 * in any form xf_time_parse reads, in $XF_TZ.  Until xf-report exists,
 * this is how a store made by the commands reaches xf_report_alerts.
 */
static int
report_store(char **argv)
{
	struct xf_report_opts o = { 0 };
	struct xf_store s;
	struct xf_report r;
	struct xf_buf out = { 0 };
	struct xf_err e;

	if (xf_tz_setup(&e) == -1 || xf_now(&o.now, &e) == -1)
		bail("setup", &e);
	if (xf_time_parse(argv[2], &o.since) == -1 ||
	    xf_time_parse(argv[3], &o.until) == -1 ||
	    (argv[4] != NULL && xf_time_parse(argv[4], &o.as_of) == -1))
		bail("times", &(struct xf_err){ "SINCE UNTIL [AS_OF]", 0 });
	if (argv[4] == NULL)
		o.as_of = o.now;
	o.lang = "en";
	if (xf_store_open(&s, argv[1], XF_OPEN_READ, &e) == -1)
		bail("open", &e);
	xf_report_init(&r, "alerts", "en", o.since, o.until, o.as_of);
	if (xf_report_alerts(&s, &o, &r, &e) == -1 ||
	    xf_report_format(&r, XF_FMT_TSV, &out, &e) == -1)
		bail("alerts", &e);
	fwrite(out.p ? out.p : "", 1, out.len, stdout);
	xf_buf_free(&out);
	xf_report_free(&r);
	xf_store_close(&s);
	return 0;
}

int
main(int argc, char **argv)
{
	static struct fixture f;

	if (argc >= 4)
		return report_store(argv);
	setenv("XF_TZ", "Asia/Shanghai", 1);
	if (xf_tz_setup(NULL) == -1) {
		printf("Bail out! no zone Asia/Shanghai\n");
		return 1;
	}
	build(&f);
	test_end(&f);
	test_as_of(&f);
	test_plans(&f);
	xf_store_close(&f.s);
	test_quiet();
	return done_testing();
}
