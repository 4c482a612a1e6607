/*
 * output.c: rows for the next command or for people.
 *
 * tsv is the stream contract (xf.7): header row, first column ref, and
 * \t \n \r \\ escaped so a row is always one line, the other controls
 * as \xHH so none reaches a terminal (the default output is TSV, and it
 * is what a handler sees when a list is not piped).  csv is RFC 4180 for
 * spreadsheets, with cells that a spreadsheet would run as a formula
 * (= + - @ TAB CR first) prefixed by a quote.  json is JSON Lines.  table
 * aligns columns for a terminal, counting CJK characters as two columns.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

enum { TABLE_CELL_MAX = 60 };	/* columns a table cell may take */

int
xf_fmt_parse(const char *name, enum xf_fmt *out)
{
	static const struct { const char *name; enum xf_fmt fmt; } fmts[] = {
		{ "tsv", XF_FMT_TSV }, { "csv", XF_FMT_CSV },
		{ "json", XF_FMT_JSON }, { "table", XF_FMT_TABLE },
	};
	size_t i;

	for (i = 0; i < nitems(fmts); i++)
		if (strcmp(name, fmts[i].name) == 0) {
			*out = fmts[i].fmt;
			return 0;
		}
	return -1;
}

/* Escapes keep a row on one line and its controls off the terminal. */
static int
tsv_cell(struct xf_buf *b, const char *s)
{
	return xf_safe_text(b, s, strlen(s), XF_SAFE_TSV);
}

static int
csv_cell(struct xf_buf *b, const char *s)
{
	int formula = strchr("=+-@\t\r", *s) != NULL && *s != '\0';

	if (!formula && strpbrk(s, ",\"\r\n") == NULL)
		return xf_buf_adds(b, s);
	if (xf_buf_addc(b, '"') == -1 || (formula && xf_buf_addc(b, '\'')))
		return -1;
	for (; *s != '\0'; s++)
		if ((*s == '"' && xf_buf_addc(b, '"') == -1) ||
		    xf_buf_addc(b, *s) == -1)
			return -1;
	return xf_buf_addc(b, '"');
}

static int
delimited_row(struct xf_table *t, struct xf_buf *b, const char *const *vals)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < t->ncol && rc == 0; i++) {
		if (i > 0)
			rc = xf_buf_addc(b, t->fmt == XF_FMT_TSV ? '\t' : ',');
		if (rc == 0 && vals[i] != NULL)
			rc = t->fmt == XF_FMT_TSV ? tsv_cell(b, vals[i]) :
			    csv_cell(b, vals[i]);
	}
	if (rc == 0)
		rc = xf_buf_adds(b, t->fmt == XF_FMT_CSV ? "\r\n" : "\n");
	return rc;
}

static int
json_row(struct xf_table *t, const char *const *vals)
{
	size_t i;

	if (xf_buf_addc(&t->out, '{') == -1)
		return -1;
	for (i = 0; i < t->ncol; i++) {
		if ((i > 0 && xf_buf_addc(&t->out, ',') == -1) ||
		    xf_json_str(&t->out, t->cols[i], strlen(t->cols[i])) == -1 ||
		    xf_buf_addc(&t->out, ':') == -1)
			return -1;
		if (vals[i] == NULL ? xf_buf_adds(&t->out, "null") :
		    xf_json_str(&t->out, vals[i], strlen(vals[i])))
			return -1;
	}
	return xf_buf_adds(&t->out, "}\n");
}

/* A table cell: one line, made safe for a terminal (xf_safe_piece), at
 * most TABLE_CELL_MAX columns wide with an ellipsis when cut. */
static char *
table_cell(const char *s)
{
	struct xf_buf b = { 0 };
	size_t width = 0, len = s ? strlen(s) : 0, n;
	char piece[XF_SAFE_PIECE];

	for (; len > 0; s += n, len -= n) {
		n = xf_safe_piece(s, len, XF_SAFE_LINE, piece);
		width += xf_utf8_width(piece);
		if (width > TABLE_CELL_MAX - 1) {
			xf_buf_adds(&b, "…");
			break;
		}
		if (xf_buf_adds(&b, piece) == -1)
			break;
	}
	if (b.p == NULL)
		return strdup("");
	return b.p;
}

static int
keep_row(struct xf_table *t, const char *const *vals, int header)
{
	size_t i;
	char **p;

	if (t->ncell + t->ncol > t->cellcap) {
		size_t cap = t->cellcap ? t->cellcap * 2 : t->ncol * 64;
		if ((p = realloc(t->cells, cap * sizeof(*p))) == NULL)
			return -1;
		t->cells = p;
		t->cellcap = cap;
	}
	for (i = 0; i < t->ncol; i++) {
		t->cells[t->ncell] = table_cell(header ? t->cols[i] : vals[i]);
		if (t->cells[t->ncell] == NULL)
			return -1;
		t->ncell++;
	}
	return 0;
}

int
xf_table_begin(struct xf_table *t, enum xf_fmt fmt, const char *const *cols,
    size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->fmt = fmt;
	t->cols = cols;
	t->ncol = ncol;
	switch (fmt) {
	case XF_FMT_JSON:
		return 0;
	case XF_FMT_TABLE:
		return keep_row(t, NULL, 1);
	default:
		return delimited_row(t, &t->head, cols);
	}
}

int
xf_table_row(struct xf_table *t, const char *const *vals)
{
	/* Nothing to say, no header: the header waits for a row. */
	if (t->nrows++ == 0 && t->head.len > 0 &&
	    xf_buf_add(&t->out, t->head.p, t->head.len) == -1)
		return -1;
	switch (t->fmt) {
	case XF_FMT_JSON:
		return json_row(t, vals);
	case XF_FMT_TABLE:
		return keep_row(t, vals, 0);
	default:
		return delimited_row(t, &t->out, vals);
	}
}

int
xf_table_end(struct xf_table *t)
{
	size_t *width, i, col, pad;
	int rc = 0;

	if (t->fmt != XF_FMT_TABLE || t->ncol == 0 || t->ncell <= t->ncol)
		return 0;	/* the header alone is not printed */
	if ((width = calloc(t->ncol, sizeof(*width))) == NULL)
		return -1;
	for (i = 0; i < t->ncell; i++) {
		size_t w = xf_utf8_width(t->cells[i]);
		if (w > width[i % t->ncol])
			width[i % t->ncol] = w;
	}
	for (i = 0; i < t->ncell && rc == 0; i++) {
		col = i % t->ncol;
		rc = xf_buf_adds(&t->out, t->cells[i]);
		if (col + 1 == t->ncol) {
			rc = rc ? rc : xf_buf_addc(&t->out, '\n');
			continue;
		}
		pad = width[col] - xf_utf8_width(t->cells[i]) + 2;
		while (rc == 0 && pad-- > 0)
			rc = xf_buf_addc(&t->out, ' ');
	}
	free(width);
	return rc;
}

void
xf_table_free(struct xf_table *t)
{
	size_t i;

	for (i = 0; i < t->ncell; i++)
		free(t->cells[i]);
	free(t->cells);
	xf_buf_free(&t->out);
	xf_buf_free(&t->head);
	t->cells = NULL;
	t->ncell = t->cellcap = 0;
}
