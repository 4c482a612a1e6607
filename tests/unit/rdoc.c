/*
 * rdoc.c: a report as tables, and its text formats.  The expected
 * texts are written out by hand from xf(7)'s formats: a single table
 * prints as every xf table, several are parted by an empty line (tsv,
 * table under "== name"), json is one object with a member a table and
 * jsonl names each row's table; an empty table prints nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

static const struct xf_col cols[] = {
	{ "day", XF_COL_TEXT }, { "received", XF_COL_NUM },
	{ "rate_pct", XF_COL_NUM },
};

/* A report of kind with a table "volume" of two rows and, if two, a
 * second table "empty" with none and a third "more" with one. */
static void
build(struct xf_report *r, int several)
{
	static const char *const r1[] = { "2026-03-02", "3", "50.0" };
	static const char *const r2[] = { "2026-03-03", "0", NULL };
	static const char *const m1[] = { "x", "1", "100.0" };
	struct xf_rtable *t;

	xf_report_init(r, several ? "weekly" : "volume", "zh", 0, 86400,
	    86400);
	t = xf_report_table(r, "volume", cols, nitems(cols));
	xf_rtable_row(t, r1);
	xf_rtable_row(t, r2);
	if (!several)
		return;
	xf_report_table(r, "empty", cols, nitems(cols));
	t = xf_report_table(r, "more", cols, nitems(cols));
	xf_rtable_row(t, m1);
}

static const char *
format(const struct xf_report *r, enum xf_fmt fmt, struct xf_buf *b)
{
	struct xf_err e;

	xf_buf_reset(b);
	if (xf_report_format(r, fmt, b, &e) == -1)
		return "(failed)";
	return xf_buf_str(b);
}

static void
test_model(void)
{
	struct xf_report r;
	struct xf_rtable *t;
	const size_t ys[] = { 1, 2, 0, 0, 1 };

	build(&r, 1);
	is_str(r.kind, "weekly", "the kind kept");
	is_str(r.lang, "zh", "the language kept");
	is_int(r.ntable, 3, "three tables");
	t = xf_report_find(&r, "volume");
	ok(t != NULL && t == &r.tables[0], "found by name");
	ok(xf_report_find(&r, "nope") == NULL, "an unknown name: NULL");
	is_int(xf_rtable_col(t, "rate_pct"), 2, "a column by name");
	ok(xf_rtable_col(t, "nope") == (size_t)-1, "an unknown column");
	is_str(xf_rtable_cell(t, 0, 1), "3", "a cell");
	ok(xf_rtable_cell(t, 1, 2) == NULL, "an absent cell is NULL");
	ok(xf_rtable_cell(t, 2, 0) == NULL, "past the last row: NULL");
	xf_rtable_chart(t, XF_CHART_LINE, 0, ys, 5, 1);
	is_int(t->nseries, XF_CHART_SERIES, "a chart draws at most 4 series");
	ok(t->chart == XF_CHART_LINE && t->percent && t->chart_y[1] == 2,
	    "the chart's kind, scale and columns kept");
	ok(!xf_report_empty(&r), "a report with a row is not empty");
	xf_report_free(&r);
	xf_report_init(&r, "alerts", NULL, 0, 1, 1);
	is_str(r.lang, "en", "no language: en");
	xf_report_table(&r, "alerts", cols, nitems(cols));
	ok(xf_report_empty(&r), "tables without rows: nothing to say");
	xf_report_free(&r);
}

static void
test_one_table(void)
{
	struct xf_report r;
	struct xf_buf b = { 0 };

	build(&r, 0);
	is_str(format(&r, XF_FMT_TSV, &b),
	    "day\treceived\trate_pct\n"
	    "2026-03-02\t3\t50.0\n"
	    "2026-03-03\t0\t\n", "one table: tsv as every table");
	is_str(format(&r, XF_FMT_JSON, &b),
	    "[\n{\"day\":\"2026-03-02\",\"received\":3,\"rate_pct\":50.0},\n"
	    "{\"day\":\"2026-03-03\",\"received\":0,\"rate_pct\":null}\n]\n",
	    "one table: a json array, numbers bare, absent null");
	xf_report_free(&r);
	xf_buf_free(&b);
}

static void
test_several(void)
{
	struct xf_report r;
	struct xf_buf b = { 0 };

	build(&r, 1);
	is_str(format(&r, XF_FMT_TSV, &b),
	    "day\treceived\trate_pct\n"
	    "2026-03-02\t3\t50.0\n"
	    "2026-03-03\t0\t\n"
	    "\n"
	    "day\treceived\trate_pct\n"
	    "x\t1\t100.0\n", "several: tsv tables parted, an empty one left out");
	is_str(format(&r, XF_FMT_TABLE, &b),
	    "== volume\n"
	    "day         received  rate_pct\n"
	    "2026-03-02  3         50.0\n"
	    "2026-03-03  0         \n"
	    "\n"
	    "== more\n"
	    "day  received  rate_pct\n"
	    "x    1         100.0\n", "several: table, each under its name");
	is_str(format(&r, XF_FMT_JSONL, &b),
	    "{\"table\":\"volume\",\"day\":\"2026-03-02\",\"received\":3,"
	    "\"rate_pct\":50.0}\n"
	    "{\"table\":\"volume\",\"day\":\"2026-03-03\",\"received\":0,"
	    "\"rate_pct\":null}\n"
	    "{\"table\":\"more\",\"day\":\"x\",\"received\":1,"
	    "\"rate_pct\":100.0}\n", "several: jsonl rows name their table");
	is_str(format(&r, XF_FMT_JSON, &b),
	    "{\"report\":\"weekly\",\"since\":\"1970-01-01T00:00:00+00:00\","
	    "\"until\":\"1970-01-02T00:00:00+00:00\","
	    "\"as_of\":\"1970-01-02T00:00:00+00:00\","
	    "\"volume\":[\n{\"day\":\"2026-03-02\",\"received\":3,"
	    "\"rate_pct\":50.0},\n{\"day\":\"2026-03-03\",\"received\":0,"
	    "\"rate_pct\":null}\n],\"empty\":[],\"more\":[\n{\"day\":\"x\","
	    "\"received\":1,\"rate_pct\":100.0}\n]}\n",
	    "several: one json object, an empty table []");
	xf_report_free(&r);
	xf_buf_free(&b);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	test_model();
	test_one_table();
	test_several();
	return done_testing();
}
