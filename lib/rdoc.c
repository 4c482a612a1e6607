/*
 * rdoc.c: a report as data, and its text formats.
 *
 * A report engine fills tables of figures and never formats them; this
 * file prints them the way every xf command prints a table (output.c),
 * so a report of one table is as easy to pipe as a list, and the HTML
 * renderer (rhtml.c) draws the same cells, never a second computation:
 * the charts and the tables of a report cannot disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

void
xf_report_init(struct xf_report *r, const char *kind, const char *lang,
    int64_t since, int64_t until, int64_t as_of)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	snprintf(r->lang, sizeof(r->lang), "%s", lang ? lang : "en");
	r->since = since;
	r->until = until;
	r->as_of = as_of;
}

static void
rtable_free(struct xf_rtable *t)
{
	size_t i;

	for (i = 0; i < t->ncol; i++)
		free((char *)t->cols[i].name);
	for (i = 0; i < t->nrow * t->ncol; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	free(t->name);
}

void
xf_report_free(struct xf_report *r)
{
	size_t i;

	for (i = 0; i < r->ntable; i++)
		rtable_free(&r->tables[i]);
	free(r->tables);
	r->tables = NULL;
	r->ntable = r->cap = 0;
}

/* Each cell of t masked in place, as its column says. */
static int
rtable_redact(struct xf_rtable *t)
{
	struct xf_rowmask m = { 0 };
	const char *const *masked;
	char **row, *copy;
	size_t r, i;
	int rc = 0;

	for (r = 0; r < t->nrow && rc == 0; r++) {
		row = t->cells + r * t->ncol;
		if ((masked = xf_redact_row(&m, t->cols,
		    (const char *const *)row, t->ncol, NULL)) == NULL) {
			rc = -1;
			break;
		}
		for (i = 0; i < t->ncol && rc == 0; i++) {
			if (row[i] == NULL || masked[i] == row[i] ||
			    strcmp(masked[i], row[i]) == 0)
				continue;
			if ((copy = strdup(masked[i])) == NULL)
				rc = -1;
			else {
				free(row[i]);
				row[i] = copy;
			}
		}
	}
	xf_rowmask_free(&m);
	return rc;
}

int
xf_report_redact(struct xf_report *r)
{
	size_t i;

	for (i = 0; i < r->ntable; i++)
		if (rtable_redact(&r->tables[i]) == -1)
			return -1;
	return 0;
}

struct xf_rtable *
xf_report_table(struct xf_report *r, const char *name,
    const struct xf_col *cols, size_t ncol)
{
	struct xf_rtable *t, *grown;
	size_t i;

	if (r->ntable == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;

		if ((grown = realloc(r->tables, cap * sizeof(*grown))) == NULL)
			return NULL;
		r->tables = grown;
		r->cap = cap;
	}
	t = &r->tables[r->ntable];
	memset(t, 0, sizeof(*t));
	if ((t->name = strdup(name)) == NULL ||
	    (t->cols = calloc(ncol ? ncol : 1, sizeof(*t->cols))) == NULL) {
		free(t->name);
		return NULL;
	}
	for (i = 0; i < ncol; i++) {
		t->cols[i].type = cols[i].type;
		if ((t->cols[i].name = strdup(cols[i].name)) == NULL) {
			t->ncol = i;
			rtable_free(t);
			return NULL;
		}
	}
	t->ncol = ncol;
	r->ntable++;
	return t;
}

struct xf_rtable *
xf_report_find(const struct xf_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ntable; i++)
		if (strcmp(r->tables[i].name, name) == 0)
			return &r->tables[i];
	return NULL;
}

int
xf_rtable_row(struct xf_rtable *t, const char *const *vals)
{
	size_t i, base;
	char **grown;

	if (t->nrow == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		grown = realloc(t->cells, cap * t->ncol * sizeof(*grown));
		if (grown == NULL)
			return -1;
		t->cells = grown;
		t->cap = cap;
	}
	base = t->nrow * t->ncol;
	for (i = 0; i < t->ncol; i++) {
		t->cells[base + i] = NULL;
		if (vals[i] != NULL &&
		    (t->cells[base + i] = strdup(vals[i])) == NULL) {
			while (i-- > 0)
				free(t->cells[base + i]);
			return -1;
		}
	}
	t->nrow++;
	return 0;
}

const char *
xf_rtable_cell(const struct xf_rtable *t, size_t row, size_t col)
{
	if (row >= t->nrow || col >= t->ncol)
		return NULL;
	return t->cells[row * t->ncol + col];
}

size_t
xf_rtable_col(const struct xf_rtable *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncol; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

void
xf_rtable_chart(struct xf_rtable *t, enum xf_chart chart, size_t x,
    const size_t *ys, size_t n, int percent)
{
	size_t i;

	if (n > XF_CHART_SERIES)
		n = XF_CHART_SERIES;
	t->chart = chart;
	t->chart_x = x;
	for (i = 0; i < n; i++)
		t->chart_y[i] = ys[i];
	t->nseries = n;
	t->percent = percent;
}

int
xf_report_empty(const struct xf_report *r)
{
	size_t i;

	for (i = 0; i < r->ntable; i++)
		if (r->tables[i].nrow > 0)
			return 0;
	return 1;
}

/*
 * A table for people (-o table) of one row and more columns than a
 * terminal shows side by side (a summary has 28) reads down instead: a
 * line a column, its name and its value, as the HTML shows it.  Only
 * for people: tsv, csv and json keep the row a row, for programs.
 */
#define TABLE_WIDE	8

static int
table_down(const struct xf_rtable *t, struct xf_buf *out)
{
	static const struct xf_col pair[] = {
		{ "figure", XF_COL_TEXT }, { "value", XF_COL_TEXT },
	};
	struct xf_table tab;
	size_t i;
	int rc = 0;

	if (xf_table_begin(&tab, XF_FMT_TABLE, pair, nitems(pair)) == -1)
		return -1;
	for (i = 0; i < t->ncol && rc == 0; i++) {
		const char *vals[2] = { t->cols[i].name, t->cells[i] };

		rc = xf_table_row(&tab, vals);
	}
	if (rc == 0)
		rc = xf_table_end(&tab);
	if (rc == 0)
		rc = xf_buf_add(out, tab.out.p ? tab.out.p : "", tab.out.len);
	xf_table_free(&tab);
	return rc;
}

/* One table as xf_table prints it, appended to out. */
static int
table_text(const struct xf_rtable *t, enum xf_fmt fmt, struct xf_buf *out)
{
	struct xf_table tab;
	size_t i;
	int rc = 0;

	if (fmt == XF_FMT_TABLE && t->nrow == 1 && t->ncol > TABLE_WIDE)
		return table_down(t, out);
	if (xf_table_begin(&tab, fmt, t->cols, t->ncol) == -1)
		return -1;
	for (i = 0; i < t->nrow && rc == 0; i++)
		rc = xf_table_row(&tab, (const char *const *)
		    &t->cells[i * t->ncol]);
	if (rc == 0)
		rc = xf_table_end(&tab);
	if (rc == 0)
		rc = xf_buf_add(out, tab.out.p ? tab.out.p : "", tab.out.len);
	xf_table_free(&tab);
	return rc;
}

/* jsonl of several tables: each row an object whose first member names
 * its table, so one stream can be split again by that member. */
static int
jsonl_rows(const struct xf_rtable *t, struct xf_buf *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < t->nrow && rc == 0; i++) {
		rc = xf_buf_adds(out, "{\"table\":");
		if (rc == 0)
			rc = xf_json_str(out, t->name, strlen(t->name));
		if (rc == 0 && t->ncol > 0)
			rc = xf_buf_addc(out, ',');
		if (rc == 0)
			rc = xf_json_members(out, t->cols, (const char *const *)
			    &t->cells[i * t->ncol], t->ncol);
		if (rc == 0)
			rc = xf_buf_adds(out, "}\n");
	}
	return rc;
}

static int
json_whole(const struct xf_report *r, struct xf_buf *out)
{
	char since[XF_TIMELEN], until[XF_TIMELEN], asof[XF_TIMELEN];
	size_t i;
	int rc;

	xf_time_format(r->since, since, sizeof(since));
	xf_time_format(r->until, until, sizeof(until));
	xf_time_format(r->as_of, asof, sizeof(asof));
	rc = xf_buf_printf(out, "{\"report\":\"%s\",\"since\":\"%s\","
	    "\"until\":\"%s\",\"as_of\":\"%s\"", r->kind, since, until, asof);
	for (i = 0; i < r->ntable && rc == 0; i++) {
		const struct xf_rtable *t = &r->tables[i];

		rc = xf_buf_addc(out, ',');
		if (rc == 0)
			rc = xf_json_str(out, t->name, strlen(t->name));
		if (rc == 0)
			rc = xf_buf_addc(out, ':');
		if (rc == 0 && t->nrow == 0)
			rc = xf_buf_adds(out, "[]");
		else if (rc == 0) {
			size_t before = out->len;

			rc = table_text(t, XF_FMT_JSON, out);
			/* xf_table ends its array with a newline: one
			 * object on one line reads better in a pipe. */
			if (rc == 0 && out->len > before &&
			    out->p[out->len - 1] == '\n')
				out->p[--out->len] = '\0';
		}
	}
	if (rc == 0)
		rc = xf_buf_adds(out, "}\n");
	return rc;
}

int
xf_report_format(const struct xf_report *r, enum xf_fmt fmt,
    struct xf_buf *out, struct xf_err *err)
{
	size_t i;
	int rc = 0, printed = 0;

	if (r->ntable == 1)
		rc = table_text(&r->tables[0], fmt, out);
	else if (fmt == XF_FMT_JSON)
		rc = json_whole(r, out);
	else
		for (i = 0; i < r->ntable && rc == 0; i++) {
			const struct xf_rtable *t = &r->tables[i];

			if (t->nrow == 0)
				continue;
			if (fmt == XF_FMT_JSONL) {
				rc = jsonl_rows(t, out);
				continue;
			}
			if (printed++ && (rc = xf_buf_addc(out, '\n')) == -1)
				break;
			if (fmt == XF_FMT_TABLE)
				rc = xf_buf_printf(out, "== %s\n", t->name);
			if (rc == 0)
				rc = table_text(t, fmt, out);
		}
	if (rc == -1)
		return xf_errf(err, "out of memory formatting the report");
	return 0;
}
