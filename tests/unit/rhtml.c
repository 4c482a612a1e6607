/*
 * rhtml.c: the HTML report (lib/rhtml.c, rsvg.c, rlabels.c, xmltext.c)
 * on reports built by hand.
 *
 * The checks read the page as a stranger would: every mark of a chart
 * (an element with data-row, data-col and data-value) must be the cell
 * of the report it claims to be, and every number of a drawn column
 * must have its mark, so a chart cannot show a figure its table does
 * not hold.  Whether the page is well-formed XML is xmllint's to say
 * (tests/0094-report-html.t writes the pages with -w and checks them).
 *
 *   rhtml.t			the checks, as TAP
 *   rhtml.t -w sample|edge [en|zh] FILE
 *				writes a page: a whole weekly report, or
 *				one of every awkward case
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "xf.h"

#define SINCE	1772409600	/* 2026-03-02T00:00:00Z, a Monday */
#define WEEK	(7 * XF_DAY)
#define AS_OF	(SINCE + WEEK + 8 * XF_HOUR)	/* Monday 08:00 after */
#define BIG_ROWS	20000	/* a drawing some 440,000 units high */

/* --- building reports ------------------------------------------------ */

static struct xf_rtable *
table(struct xf_report *r, const char *name, const char *const *cols,
    const enum xf_coltype *types, size_t ncol)
{
	struct xf_col c[16];
	struct xf_rtable *t;
	size_t i;

	for (i = 0; i < ncol; i++) {
		c[i].name = cols[i];
		c[i].type = types ? types[i] : (i == 0 ? XF_COL_TEXT :
		    XF_COL_NUM);
	}
	if ((t = xf_report_table(r, name, c, ncol)) == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	return t;
}

static void
row(struct xf_rtable *t, const char *const *vals)
{
	if (xf_rtable_row(t, vals) == -1) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
}

static void
chart(struct xf_rtable *t, enum xf_chart kind, size_t n, int percent)
{
	size_t ys[XF_CHART_SERIES], i;

	for (i = 0; i < n; i++)
		ys[i] = i + 1;
	xf_rtable_chart(t, kind, 0, ys, n, percent);
}

#define TABLE(r, name, cols)	table((r), (name), (cols), NULL, nitems(cols))
#define ROW(t, ...)	row((t), (const char *const[]){ __VA_ARGS__ })

/* A weekly report as the report engine would fill it. */
static void
sample(struct xf_report *r, const char *lang)
{
	static const char *const sum_cols[] = { "period", "received",
	    "accepted", "rejected", "resolved", "closed", "reopened",
	    "open_end", "ack_on_time_pct", "resolve_on_time_pct",
	    "reopen_rate_pct", "extensions", "escalations", "review_needed",
	    "review_covered", "review_violations" };
	static const char *const vol_cols[] = { "day", "received",
	    "resolved", "closed" };
	static const char *const cat_cols[] = { "category", "received" };
	static const char *const ch_cols[] = { "channel", "received",
	    "resolved" };
	static const char *const sla_cols[] = { "priority", "ack_on_time_pct",
	    "resolve_on_time_pct", "ack_measured", "resolve_measured",
	    "ack_median_bh", "ack_p90_bh", "resolve_median_h",
	    "resolve_p90_h" };
	static const char *const back_cols[] = { "bucket", "count" };
	static const char *const hand_cols[] = { "handler", "load",
	    "resolved", "resolve_on_time_pct", "resolve_median_h",
	    "reopened" };
	static const char *const term_cols[] = { "term", "count",
	    "baseline" };
	static const char *const alert_cols[] = { "severity", "kind", "key",
	    "count", "baseline", "refs", "why" };
	static const enum xf_coltype alert_types[] = { XF_COL_TEXT,
	    XF_COL_TEXT, XF_COL_TEXT, XF_COL_NUM, XF_COL_NUM, XF_COL_LIST,
	    XF_COL_TEXT };
	struct xf_rtable *t;

	xf_report_init(r, "weekly", lang, SINCE, SINCE + WEEK, AS_OF);
	t = TABLE(r, "summary", sum_cols);
	ROW(t, "2026-03-02/2026-03-09", "412", "398", "14", "371", "355",
	    "9", "230", "96.2", "88.4", "2.4", "6", "11", "17", "17", "0");
	t = TABLE(r, "volume", vol_cols);
	ROW(t, "2026-03-02", "71", "52", "48");
	ROW(t, "2026-03-03", "88", "61", "57");
	ROW(t, "2026-03-04", "64", "70", "66");
	ROW(t, "2026-03-05", "59", "58", "61");
	ROW(t, "2026-03-06", "77", "66", "60");
	ROW(t, "2026-03-07", "30", "35", "33");
	ROW(t, "2026-03-08", "23", "29", "30");
	chart(t, XF_CHART_LINE, 3, 0);
	t = TABLE(r, "categories", cat_cols);
	ROW(t, "物流配送延误及快递丢失", "121");
	ROW(t, "退款与售后服务", "96");
	ROW(t, "billing", "71");
	ROW(t, "account security and login problems", "58");
	ROW(t, "隐私与个人信息", "37");
	ROW(t, "other", "29");
	chart(t, XF_CHART_HBARS, 1, 0);
	t = TABLE(r, "channels", ch_cols);
	ROW(t, "email", "160", "141");
	ROW(t, "phone", "118", "109");
	ROW(t, "web", "84", "80");
	ROW(t, "social", "37", "30");
	ROW(t, "letter", "9", "8");
	ROW(t, "visit", "4", "3");
	chart(t, XF_CHART_BARS, 2, 0);
	t = TABLE(r, "sla", sla_cols);
	ROW(t, "P1", "100", "91.7", "12", "12", "0.6", "1.8", "17.5",
	    "23.1");
	ROW(t, "P2", "97.5", "90.2", "80", "71", "2.1", "5.5", "40.2",
	    "70.0");
	ROW(t, "P3", "95.8", "87.1", "240", "217", "6.0", "15.2", "110.5",
	    "301.0");
	ROW(t, "P4", "96.6", NULL, "58", NULL, "9.5", "22.0", NULL, NULL);
	chart(t, XF_CHART_BARS, 2, 1);
	t = TABLE(r, "backlog", back_cols);
	ROW(t, "lt_1d", "41");
	ROW(t, "d1_3", "62");
	ROW(t, "d3_7", "55");
	ROW(t, "d7_15", "38");
	ROW(t, "d15_30", "21");
	ROW(t, "d30_60", "9");
	ROW(t, "gt_60d", "4");
	chart(t, XF_CHART_BARS, 1, 0);
	t = TABLE(r, "handlers", hand_cols);
	ROW(t, "h-017", "23", "31", "93.5", "38.0", "1");
	ROW(t, "h-004", "19", "44", "88.6", "51.5", "2");
	ROW(t, "h-022", "12", "27", "96.3", "30.2", "0");
	chart(t, XF_CHART_HBARS, 1, 0);
	t = TABLE(r, "terms", term_cols);
	ROW(t, "退款", "48", "12");
	ROW(t, "快递", "35", "20");
	ROW(t, "outage", "22", "2");
	ROW(t, "验证码", "17", "3");
	chart(t, XF_CHART_HBARS, 2, 0);
	t = table(r, "alerts", alert_cols, alert_types, nitems(alert_cols));
	ROW(t, "high", "volume", "退款与售后服务", "31", "9.4",
	    "XF-2026-000311,XF-2026-000318,XF-2026-000320",
	    "31 complaints on 2026-03-04 against a 28-day baseline of 9.4 a "
	    "day (Poisson p < 0.001)");
	ROW(t, "medium", "term", "outage", "22", "2",
	    "XF-2026-000402,XF-2026-000407", "a word 11 times as frequent "
	    "as in the baseline");
}

/* One table of every awkward kind, each charted. */
static void
edge(struct xf_report *r, const char *lang)
{
	static const char *const cols[] = { "category", "count" };
	static const char *const two[] = { "day", "received", "resolved" };
	static const char *const odd[] = { "x<&>\"'", "n\"&<>" };
	struct xf_rtable *t;

	xf_report_init(r, "summary", lang, SINCE + 9 * XF_HOUR,
	    SINCE + WEEK + 17 * XF_HOUR, AS_OF);
	t = TABLE(r, "empty", cols);
	chart(t, XF_CHART_BARS, 1, 0);
	t = TABLE(r, "one", two);
	ROW(t, "2026-03-02", "5", "3");
	chart(t, XF_CHART_LINE, 2, 0);
	t = TABLE(r, "zeros", cols);
	ROW(t, "a", "0");
	ROW(t, "b", "0");
	ROW(t, "c", "0");
	chart(t, XF_CHART_BARS, 1, 0);
	t = TABLE(r, "zero_pct", cols);
	ROW(t, "a", "0");
	chart(t, XF_CHART_HBARS, 1, 1);
	t = TABLE(r, "huge", two);
	ROW(t, "2026-03-02", "123456789012345", "9");
	ROW(t, "2026-03-03", "987654321098765", "0");
	chart(t, XF_CHART_LINE, 2, 0);
	t = TABLE(r, "not_numbers", cols);
	ROW(t, "absent", NULL);
	ROW(t, "empty", "");
	ROW(t, "words", "n/a");
	ROW(t, "exponent", "1e5");
	ROW(t, "hex", "0x10");
	ROW(t, "trailing", "12abc");
	ROW(t, "dot", "3.");
	ROW(t, "NaN", "nan");
	ROW(t, "negative", "-4.5");
	ROW(t, "fine", "7");
	chart(t, XF_CHART_BARS, 1, 0);
	t = TABLE(r, "long", cols);
	ROW(t, "关于快递包裹在运输途中长时间滞留且客服电话始终无人接听的投诉",
	    "12");
	ROW(t, "a category name that goes on and on well past any width",
	    "8");
	ROW(t, NULL, "3");
	chart(t, XF_CHART_HBARS, 1, 0);
	t = TABLE(r, "many", cols);
	{
		char label[32], n[16];
		int i;

		for (i = 0; i < 40; i++) {
			snprintf(label, sizeof(label), "2026-03-%02d", i % 28 +
			    1);
			snprintf(n, sizeof(n), "%d", i * 7 % 23);
			ROW(t, label, n);
		}
	}
	chart(t, XF_CHART_BARS, 1, 0);
	t = TABLE(r, "nasty<script>&\"", odd);
	ROW(t, "<script>&\"", "1");
	ROW(t, "ctl\x01\x1b[31m\xff\xef\xbf\xbe", "2");
	chart(t, XF_CHART_BARS, 1, 0);
	t = TABLE(r, "bad_columns", cols);
	ROW(t, "a", "1");
	{
		size_t ys[] = { 1, 7 };

		xf_rtable_chart(t, XF_CHART_BARS, 9, ys, 2, 0);
	}
}

static char *
render(const struct xf_report *r)
{
	struct xf_buf out = { 0 };
	struct xf_err err;

	if (xf_report_html(r, &out, &err) == -1) {
		printf("# %s\n", err.msg);
		xf_buf_free(&out);
		return NULL;
	}
	return out.p;
}

/* --- reading the page back ------------------------------------------- */

/* The part of page between section s of table name and its end. */
static char *
section(const char *page, const char *name)
{
	char key[128];
	const char *start, *end;
	char *s;

	snprintf(key, sizeof(key), "data-table=\"%s\"", name);
	if (page == NULL || (start = strstr(page, key)) == NULL ||
	    (end = strstr(start, "</section>")) == NULL)
		return NULL;
	if ((s = strndup(start, (size_t)(end - start))) == NULL)
		exit(1);
	return s;
}

/* The text of attribute name="..." at or after p, into buf. */
static const char *
attr(const char *p, const char *name, char *buf, size_t len)
{
	char key[64];
	const char *q, *e;

	snprintf(key, sizeof(key), " %s=\"", name);
	if ((q = strstr(p, key)) == NULL)
		return NULL;
	q += strlen(key);
	if ((e = strchr(q, '"')) == NULL || (size_t)(e - q) >= len)
		return NULL;
	memcpy(buf, q, (size_t)(e - q));
	buf[e - q] = '\0';
	return buf;
}

/* What a chart draws, as xf-report(1) says: a decimal number, an
 * optional minus, digits, an optional fraction; nothing else. */
static int
is_number(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	if (*s == '-')
		s++;
	if ((n = strspn(s, "0123456789")) == 0)
		return 0;
	s += n;
	if (*s == '.') {
		if ((n = strspn(++s, "0123456789")) == 0)
			return 0;
		s += n;
	}
	return *s == '\0';
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while (s != NULL && (s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* How many charts of page hold what: a coordinate that is no number
 * would be printed as nan or inf. */
static size_t
svg_has(const char *page, const char *what)
{
	const char *p = page, *end, *hit;
	size_t n = 0;

	while (p != NULL && (p = strstr(p, "<svg")) != NULL &&
	    (end = strstr(p, "</svg>")) != NULL) {
		if ((hit = strstr(p, what)) != NULL && hit < end)
			n++;
		p = end;
	}
	return n;
}

/*
 * Each mark of t's chart in page is the cell it names, and each drawable
 * cell of a drawn column has a mark: the chart shows the table's
 * figures, all of them and no other.  Returns the number of marks, or
 * -1 (with diagnostics) on a mismatch.
 */
static long
marks_match(const char *page, const struct xf_rtable *t)
{
	char *sec = section(page, t->name), rowbuf[32], col[64], val[128];
	const char *p, *cell;
	size_t want = 0, i, s, c;
	long got = 0;

	if (sec == NULL)
		return -1;
	for (p = sec; (p = strstr(p, " data-row=\"")) != NULL; p++) {
		if (attr(p, "data-row", rowbuf, sizeof(rowbuf)) == NULL ||
		    attr(p, "data-col", col, sizeof(col)) == NULL ||
		    attr(p, "data-value", val, sizeof(val)) == NULL) {
			printf("# a mark without its three attributes\n");
			got = -1;
			break;
		}
		c = xf_rtable_col(t, col);
		cell = xf_rtable_cell(t, (size_t)atol(rowbuf), c);
		if (cell == NULL || strcmp(cell, val) != 0) {
			printf("# mark row %s col %s value %s, cell %s\n",
			    rowbuf, col, val, cell ? cell : "(none)");
			got = -1;
			break;
		}
		got++;
	}
	for (i = 0; i < t->nrow; i++)
		for (s = 0; s < t->nseries; s++)
			if (t->chart_y[s] < t->ncol &&
			    is_number(xf_rtable_cell(t, i, t->chart_y[s])))
				want++;
	free(sec);
	if (got >= 0 && (size_t)got != want) {
		printf("# %ld marks, %zu numbers in the drawn columns\n", got,
		    want);
		return -1;
	}
	return got;
}

/* --- the checks -------------------------------------------------------- */

/* Every chart of the sample has a mark for each of its numbers. */
static void
test_marks(void)
{
	struct xf_report r;
	char *page, name[128];
	size_t i;

	sample(&r, "en");
	page = render(&r);
	ok(page != NULL, "sample: rendered");
	for (i = 0; i < r.ntable; i++) {
		const struct xf_rtable *t = &r.tables[i];
		long n = marks_match(page, t);

		snprintf(name, sizeof(name), "sample %s: %s", t->name,
		    t->chart == XF_CHART_NONE ? "no chart, no mark" :
		    "each mark is its cell, each number has a mark");
		if (t->chart == XF_CHART_NONE) {
			char *sec = section(page, t->name);

			ok(n == 0 && sec != NULL && count(sec, "<svg") == 0,
			    name);
			free(sec);
		} else
			ok(n > 0, name);
	}
	/* Known counts, written out: 7 days x 3 series, 6 + 6 + 7 bars,
	 * 4 x 2 percentages less the absent one. */
	is_int(marks_match(page, xf_report_find(&r, "volume")), 21,
	    "volume: 21 points");
	ok(page && strstr(page, ">h-017</text>") != NULL,
	    "a short label is not cut");
	is_int(marks_match(page, xf_report_find(&r, "sla")), 7,
	    "sla: 7 bars, the absent figure has none");
	ok(page && strstr(page, "data-col=\"resolve_on_time_pct\" "
	    "data-value=\"91.7\"") != NULL, "sla: a percentage as written");
	free(page);
	xf_report_free(&r);
}

/* Nothing that would load from elsewhere or run. */
static void
test_self_contained(void)
{
	static const char *const banned[] = { "http://", "https://", "src=",
	    "<script", "<link", "<img", "<iframe", "<object", "url(",
	    "@import", "href=", " on" };
	struct xf_report r;
	char *page, name[64];
	size_t i, j;
	const char *lang[] = { "en", "zh" };

	for (j = 0; j < nitems(lang); j++) {
		sample(&r, lang[j]);
		page = render(&r);
		for (i = 0; i < nitems(banned); i++) {
			const char *hit = page ? strstr(page, banned[i]) : "";

			/* " on" only as an attribute: onload=, onclick=. */
			if (page != NULL && hit != NULL &&
			    strcmp(banned[i], " on") == 0) {
				for (hit = page; (hit = strstr(hit, " on")) !=
				    NULL; hit++)
					if (strspn(hit + 3, "abcdefghijklmnopq"
					    "rstuvwxyz") > 0 && hit[3 + strspn(
					    hit + 3, "abcdefghijklmnopqrstuvwxyz")]
					    == '=')
						break;
			}
			snprintf(name, sizeof(name), "%s: no %s", lang[j],
			    banned[i]);
			ok(hit == NULL, name);
		}
		free(page);
		xf_report_free(&r);
	}
}

static void
test_escaping(void)
{
	struct xf_report r;
	char *page, *sec;

	edge(&r, "en");
	page = render(&r);
	ok(page != NULL, "edge: rendered");
	sec = section(page, "nasty&#60;script&#62;&#38;&#34;");
	ok(sec != NULL, "a table name is escaped in its attribute");
	ok(page && strstr(page, "<script") == NULL, "no <script> anywhere");
	ok(sec && count(sec, "&#60;script&#62;&#38;&#34;") >= 3,
	    "the cell <script>&\" escaped in table, label and title");
	ok(sec && strstr(sec, "<th scope=\"col\" data-col=\"x&#60;&#38;&#62;"
	    "&#34;&#39;\">x&#60;&#38;&#62;&#34;&#39;</th>") != NULL,
	    "a column name escaped in attribute and text");
	ok(sec && strstr(sec, "ctl\\x01\\x1b[31m\\xff\xef\xbf\xbd") != NULL,
	    "controls and a stray byte shown as \\xHH, U+FFFE as U+FFFD");
	ok(page && strchr(page, '\x01') == NULL && strchr(page, '\x1b') ==
	    NULL && strstr(page, "\xef\xbf\xbe") == NULL,
	    "no control and no U+FFFE in the page");
	ok(page && xf_utf8_valid(page, strlen(page)), "the page is UTF-8");
	free(sec);
	free(page);
	xf_report_free(&r);
}

/* A ranking of many rows: a tall drawing, every row a mark. */
static void
test_big(void)
{
	static const char *const cols[] = { "handler", "load" };
	struct xf_report r;
	struct xf_rtable *t;
	char name[16], n[16], *page;
	int i;

	xf_report_init(&r, "handlers", "en", SINCE, SINCE + WEEK, AS_OF);
	t = TABLE(&r, "handlers", cols);
	for (i = 0; i < BIG_ROWS; i++) {
		snprintf(name, sizeof(name), "h-%05d", i);
		snprintf(n, sizeof(n), "%d", i * 37 % 1000);
		ROW(t, name, n);
	}
	chart(t, XF_CHART_HBARS, 1, 0);
	page = render(&r);
	is_int(marks_match(page, t), BIG_ROWS, "many rows: a bar each");
	ok(page && strstr(page, "<h1>Handlers</h1>") != NULL &&
	    strstr(page, "<h2>") == NULL,
	    "a report of one table: its name once, as the title");
	free(page);
	xf_report_free(&r);
}

static void
test_edges(void)
{
	struct xf_report r;
	char *page, *sec;
	const struct xf_rtable *t;

	edge(&r, "en");
	page = render(&r);
	sec = section(page, "empty");
	ok(sec && strstr(sec, "<svg") == NULL && strstr(sec, "<table") ==
	    NULL && strstr(sec, "Nothing in this period.") != NULL,
	    "an empty table: no chart, no table, a line saying so");
	free(sec);
	is_int(marks_match(page, xf_report_find(&r, "one")), 2,
	    "one row: a point a series");
	is_int(marks_match(page, xf_report_find(&r, "zeros")), 3,
	    "all zero: every bar drawn");
	sec = section(page, "zeros");
	ok(sec && strstr(sec, ">1</text>") != NULL && strstr(sec,
	    ">0</text>") != NULL, "all zero: an axis from 0 to 1");
	ok(sec && strstr(sec, ">0.2</text>") == NULL,
	    "counts: no tick between whole numbers");
	free(sec);
	sec = section(page, "zero_pct");
	ok(sec && strstr(sec, ">100%</text>") != NULL,
	    "a percent axis goes to 100%");
	free(sec);
	is_int(marks_match(page, xf_report_find(&r, "huge")), 4,
	    "huge values drawn");
	sec = section(page, "huge");
	ok(sec && strstr(sec, "data-value=\"987654321098765\"") != NULL &&
	    strstr(sec, "T</text>") != NULL, "huge: the figure whole, the "
	    "axis in T");
	free(sec);
	ok(svg_has(page, "nan") == 0 && svg_has(page, "inf") == 0,
	    "no nan or inf drawn");
	t = xf_report_find(&r, "not_numbers");
	is_int(marks_match(page, t), 2, "only the two numbers of ten cells "
	    "are drawn");
	sec = section(page, "not_numbers");
	ok(sec && strstr(sec, "data-value=\"-4.5\"") != NULL,
	    "a negative number is drawn");
	ok(sec && strstr(sec, "<td class=\"n\">n/a</td>") != NULL,
	    "a cell that is not a number is still in the table");
	free(sec);
	sec = section(page, "long");
	ok(sec && strstr(sec, "<title>关于快递包裹在运输途中长时间滞留且客服电话"
	    "始终无人接听的投诉</title>") != NULL && strstr(sec,
	    "\xE2\x80\xA6</text>") != NULL,
	    "a long label cut with an ellipsis, whole in its title");
	ok(sec && strstr(sec, "data-row=\"2\" data-col=\"count\"") != NULL &&
	    strstr(sec, ">(none)</text>") != NULL,
	    "a row without a label is drawn, labelled (none)");
	free(sec);
	is_int(marks_match(page, xf_report_find(&r, "many")), 40,
	    "forty bars");
	is_int(marks_match(page, xf_report_find(&r, "bad_columns")), 1,
	    "a chart column out of range is left out");
	free(page);
	xf_report_free(&r);
	test_big();
}

/* The names issue 13's report uses: each has both labels. */
static void
test_label_names(void)
{
	static const char *const names[] = { "weekly", "summary", "volume",
	    "categories", "channels", "sla", "backlog", "handlers", "alerts",
	    "terms", "period", "day", "week", "month", "category", "channel",
	    "team", "assignee", "priority", "flag", "received", "accepted",
	    "rejected", "resolved", "closed", "reopened", "open_end",
	    "in_hand_end", "ack_measured", "ack_on_time", "ack_on_time_pct",
	    "resolve_measured", "resolve_on_time", "resolve_on_time_pct",
	    "ack_median_h", "ack_p90_h", "ack_median_bh", "ack_p90_bh",
	    "resolve_median_h", "resolve_p90_h", "resolve_median_bh",
	    "resolve_p90_bh", "extensions", "escalations", "reopen_rate_pct",
	    "review_needed", "review_covered", "review_violations", "load",
	    "age", "count", "bucket", "lt_1d", "d1_3", "d3_7", "d7_15",
	    "d15_30", "d30_60", "gt_60d", "severity", "kind", "key",
	    "baseline", "refs", "why", "term", "handler" };
	size_t i, missing = 0;

	for (i = 0; i < nitems(names); i++)
		if (strcmp(xf_label(names[i], "en"), names[i]) == 0 ||
		    strcmp(xf_label(names[i], "zh"), names[i]) == 0 ||
		    !xf_utf8_valid(xf_label(names[i], "zh"),
		    strlen(xf_label(names[i], "zh")))) {
			printf("# no label for %s\n", names[i]);
			missing++;
		}
	is_int(missing, 0, "every name of the report has en and zh labels");
}

static void
test_labels(void)
{
	struct xf_report r;
	char *page;

	is_str(xf_label("ack_on_time_pct", "zh"), "按时受理率 (%)",
	    "a column in Chinese");
	is_str(xf_label("ack_on_time_pct", "en"), "Acknowledged on time (%)",
	    "a column in English");
	is_str(xf_label("ack_on_time_pct", "fr"), "Acknowledged on time (%)",
	    "another language reads English");
	is_str(xf_label("no_such_column", "zh"), "no_such_column",
	    "an unknown name is itself");
	is_str(xf_label_value("bucket", "gt_60d", "zh"), "超过60天",
	    "an ageing bucket in Chinese");
	is_str(xf_label_value("category", "email", "zh"), "email",
	    "a value of another column is the store's, as it is");
	sample(&r, "zh");
	page = render(&r);
	ok(page && strstr(page, "<html lang=\"zh-CN\">") != NULL,
	    "zh: the page says its language");
	ok(page && strstr(page, "<h1>周报</h1>") != NULL, "zh: the title");
	ok(page && strstr(page, "<h2>积压</h2>") != NULL, "zh: a heading");
	ok(page && strstr(page, ">按时办结率 (%)</th>") != NULL,
	    "zh: a column");
	ok(page && strstr(page, "<td>电子邮件</td>") != NULL,
	    "zh: a channel");
	ok(page && strstr(page, "<td>数量激增</td>") != NULL,
	    "zh: a kind of alert");
	ok(page && strstr(page, "<span class=\"li\">XF-2026-000402</span>, "
	    "<span class=\"li\">XF-2026-000407</span></td>") != NULL,
	    "a list cell: its items each whole, a space after each comma");
	ok(page && strstr(page, "统计期间") != NULL && strstr(page,
	    "数据截至") != NULL, "zh: period and as of");
	free(page);
	xf_report_free(&r);
}

/* The period in local time: a week of whole days as Monday to Sunday. */
static void
test_period(void)
{
	struct xf_report r;
	char *page;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	/* 2026-03-02 00:00 +08:00 is 2026-03-01 16:00 UTC. */
	xf_report_init(&r, "weekly", "en", SINCE - 8 * XF_HOUR,
	    SINCE - 8 * XF_HOUR + WEEK, AS_OF);
	page = render(&r);
	ok(page && strstr(page, "<time datetime=\"2026-03-02T00:00:00+08:00\">"
	    "2026-03-02</time> \xE2\x80\x93 <time datetime=\"2026-03-08T23:59:"
	    "59+08:00\">2026-03-08</time> (UTC+08:00)") != NULL,
	    "whole days: first and last day, the zone");
	ok(page && strstr(page, ">2026-03-09 16:00</time>") != NULL,
	    "as of, in local time");
	free(page);
	xf_report_free(&r);
	xf_report_init(&r, "weekly", "en", SINCE, SINCE + WEEK, AS_OF);
	page = render(&r);
	ok(page && strstr(page, ">2026-03-02 08:00</time> \xE2\x80\x93 <time "
	    "datetime=\"2026-03-09T08:00:00+08:00\">2026-03-09 08:00</time>")
	    != NULL, "other bounds: as they are");
	ok(page && strstr(page, "<main>\n</main>") != NULL,
	    "no table: an empty page body");
	free(page);
	xf_report_free(&r);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* -w sample|edge [en|zh] FILE: a page for xmllint and for a person. */
static int
write_page(int argc, char **argv)
{
	struct xf_report r;
	const char *lang = argc == 5 ? argv[3] : "en";
	char *page;
	FILE *f;
	int bad;

	if ((argc != 4 && argc != 5) || (strcmp(argv[2], "sample") != 0 &&
	    strcmp(argv[2], "edge") != 0)) {
		fprintf(stderr, "usage: rhtml.t [-w sample|edge [en|zh] "
		    "file]\n");
		return 2;
	}
	if (strcmp(argv[2], "sample") == 0)
		sample(&r, lang);
	else
		edge(&r, lang);
	page = render(&r);
	xf_report_free(&r);
	if (page == NULL || (f = fopen(argv[argc - 1], "w")) == NULL) {
		free(page);
		return 1;
	}
	fputs(page, f);
	free(page);
	bad = ferror(f);
	return fclose(f) != 0 || bad;
}

int
main(int argc, char **argv)
{
	setenv("TZ", "UTC", 1);
	tzset();
	if (argc > 1 && strcmp(argv[1], "-w") == 0)
		return write_page(argc, argv);
	test_marks();
	test_self_contained();
	test_escaping();
	test_edges();
	test_labels();
	test_label_names();
	test_period();
	return done_testing();
}
