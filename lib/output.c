/*
 * output.c: rows for the next command or for people.
 *
 * tsv is the stream contract (xf.7): header row, first column ref, and
 * \t \n \r \\ escaped so a row is always one line, the other controls
 * as \xHH so none reaches a terminal (the default output is TSV, and it
 * is what a handler sees when a list is not piped).  csv is RFC 4180 for
 * spreadsheets, with cells that a spreadsheet would run as a formula
 * (= + - @ TAB CR first) prefixed by a quote, but for a number in a
 * number column (csv_cell).  json is one array of
 * objects, an object a line so that it streams as the rows come; jsonl is
 * the same objects without the array (JSON Lines).  In both a value is
 * what its column's type says (struct xf_col): a number bare, a list an
 * array, an object embedded; an absent value is null.  table aligns
 * columns for a terminal, counting CJK characters as two columns.
 * With t->redact set (--redact, XF_REDACT), every row is masked by its
 * columns' names before any format sees it (redactcol.c), so each
 * format prints the same masked values.
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
		{ "json", XF_FMT_JSON }, { "jsonl", XF_FMT_JSONL },
		{ "table", XF_FMT_TABLE }, { "xlsx", XF_FMT_XLSX },
	};
	size_t i;

	for (i = 0; i < nitems(fmts); i++)
		if (strcmp(name, fmts[i].name) == 0) {
			*out = fmts[i].fmt;
			return 0;
		}
	return -1;
}

int
xf_fmt_is_json(enum xf_fmt fmt)
{
	return fmt == XF_FMT_JSON || fmt == XF_FMT_JSONL;
}

/* Escapes keep a row on one line and its controls off the terminal. */
static int
tsv_cell(struct xf_buf *b, const char *s)
{
	return xf_safe_text(b, s, strlen(s), XF_SAFE_TSV);
}

static int is_number(const char *s);

/*
 * A cell a spreadsheet would run is made text by a leading quote (the
 * one prefix Excel, LibreOffice and Google Sheets all take as "this is
 * text"): "'+86 138 0000 0000" stays a readable phone number, where a
 * bare one would be a sum (86-138-...) or 8.6E+12, and a space or an
 * invisible prefix is either trimmed on import or copied into a
 * dialer.  Only a number in a number column goes bare: -5 is a figure
 * to add up, and no formula.
 */
static int
csv_cell(struct xf_buf *b, const char *s, enum xf_coltype type)
{
	int formula = strchr("=+-@\t\r", *s) != NULL && *s != '\0' &&
	    !(type == XF_COL_NUM && is_number(s));

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
delimited_row(struct xf_table *t, struct xf_buf *b, const char *const *vals,
    int header)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < t->ncol && rc == 0; i++) {
		if (i > 0)
			rc = xf_buf_addc(b, t->fmt == XF_FMT_TSV ? '\t' : ',');
		if (rc == 0 && vals[i] != NULL)
			rc = t->fmt == XF_FMT_TSV ? tsv_cell(b, vals[i]) :
			    csv_cell(b, vals[i], header ? XF_COL_TEXT :
			    t->cols[i].type);
	}
	if (rc == 0)
		rc = xf_buf_adds(b, t->fmt == XF_FMT_CSV ? "\r\n" : "\n");
	return rc;
}

/* A JSON number as RFC 8259 writes one: -?int frac? exp?. */
static int
is_number(const char *s)
{
	return *s != '\0' && strchr("-0123456789", *s) != NULL &&
	    xf_json_valid(s, strlen(s), 0);
}

/* The items of a comma-separated list as an array of strings. */
static int
json_list(struct xf_buf *b, const char *s)
{
	size_t n;
	int first = 1;

	if (xf_buf_addc(b, '[') == -1)
		return -1;
	for (; s != NULL && *s != '\0'; s += n + (s[n] == ',')) {
		n = strcspn(s, ",");
		if (n == 0)
			continue;
		if ((!first && xf_buf_addc(b, ',') == -1) ||
		    xf_json_str(b, s, n) == -1)
			return -1;
		first = 0;
	}
	return xf_buf_addc(b, ']');
}

/* One value as its column's type says; a string when it is not one. */
static int
json_value(struct xf_buf *b, enum xf_coltype type, const char *v)
{
	if (type == XF_COL_LIST)
		return json_list(b, v);
	if (v == NULL || (*v == '\0' && type != XF_COL_TEXT))
		return xf_buf_adds(b, "null");
	if (type == XF_COL_NUM && is_number(v))
		return xf_buf_adds(b, v);
	if (type == XF_COL_OBJ && xf_json_valid(v, strlen(v), 1))
		return xf_json_embed(b, v, strlen(v));
	return xf_json_str(b, v, strlen(v));
}

int
xf_json_members(struct xf_buf *b, const struct xf_col *cols,
    const char *const *vals, size_t ncol)
{
	size_t i;

	for (i = 0; i < ncol; i++)
		if ((i > 0 && xf_buf_addc(b, ',') == -1) ||
		    xf_json_str(b, cols[i].name, strlen(cols[i].name)) == -1 ||
		    xf_buf_addc(b, ':') == -1 ||
		    json_value(b, cols[i].type, vals[i]) == -1)
			return -1;
	return 0;
}

/* What goes before a row's object: the array's "[" or the "," between. */
static int
json_open_row(struct xf_table *t)
{
	if (t->fmt == XF_FMT_JSONL)
		return 0;
	return xf_buf_adds(&t->out, t->nrow == 0 ? "[\n" : ",\n");
}

static int
json_row(struct xf_table *t, const char *const *vals)
{
	if (json_open_row(t) == -1 || xf_buf_addc(&t->out, '{') == -1 ||
	    xf_json_members(&t->out, t->cols, vals, t->ncol) == -1 ||
	    xf_buf_addc(&t->out, '}') == -1)
		return -1;
	return t->fmt == XF_FMT_JSONL ? xf_buf_addc(&t->out, '\n') : 0;
}

int
xf_table_object(struct xf_table *t, const char *obj, size_t len)
{
	if (json_open_row(t) == -1 || xf_buf_add(&t->out, obj, len) == -1)
		return -1;
	t->nrow++;
	return t->fmt == XF_FMT_JSONL ? xf_buf_addc(&t->out, '\n') : 0;
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
		const char *v = header ? t->cols[i].name : vals[i];
		/* A spreadsheet cell holds the whole value, not a terminal's. */
		if (t->fmt == XF_FMT_XLSX)
			t->cells[t->ncell] = strdup(v ? v : "");
		else
			t->cells[t->ncell] = table_cell(v);
		if (t->cells[t->ncell] == NULL)
			return -1;
		t->ncell++;
	}
	return 0;
}

/* The header row of tsv and csv: the columns' names, held in t->head
 * until the first row, so that nothing to say prints nothing. */
static int
header_row(struct xf_table *t)
{
	const char **names;
	size_t i;
	int rc;

	if ((names = calloc(t->ncol ? t->ncol : 1, sizeof(*names))) == NULL)
		return -1;
	for (i = 0; i < t->ncol; i++)
		names[i] = t->cols[i].name;
	rc = delimited_row(t, &t->head, names, 1);
	free(names);
	return rc;
}

int
xf_table_begin(struct xf_table *t, enum xf_fmt fmt, const struct xf_col *cols,
    size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->fmt = fmt;
	t->cols = cols;
	t->ncol = ncol;
	switch (fmt) {
	case XF_FMT_JSON:
	case XF_FMT_JSONL:
		return 0;
	case XF_FMT_TABLE:
	case XF_FMT_XLSX:
		return keep_row(t, NULL, 1);
	default:
		return header_row(t);
	}
}

int
xf_table_row(struct xf_table *t, const char *const *vals)
{
	int rc;

	/* One test a row when off: --redact costs nothing unasked. */
	if (t->redact && (vals = xf_redact_row(&t->mask, t->cols, vals,
	    t->ncol, t->who)) == NULL)
		return -1;
	switch (t->fmt) {
	case XF_FMT_JSON:
	case XF_FMT_JSONL:
		rc = json_row(t, vals);
		break;
	case XF_FMT_TABLE:
	case XF_FMT_XLSX:
		rc = keep_row(t, vals, 0);
		break;
	default:
		/* Nothing to say, no header: the header waits for a row. */
		rc = 0;
		if (t->nrow == 0 && t->head.len > 0)
			rc = xf_buf_add(&t->out, t->head.p, t->head.len);
		if (rc == 0)
			rc = delimited_row(t, &t->out, vals, 0);
	}
	t->nrow += rc == 0;
	return rc;
}

/* The end of the json array: "]", or "[]" when it had no row. */
static int
json_end(struct xf_table *t)
{
	if (t->fmt == XF_FMT_JSONL)
		return 0;
	return xf_buf_adds(&t->out, t->nrow == 0 ? "[]\n" : "\n]\n");
}

int
xf_table_end(struct xf_table *t)
{
	size_t *width, i, col, pad;
	int rc = 0;

	if (xf_fmt_is_json(t->fmt))
		return json_end(t);
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
	xf_rowmask_free(&t->mask);
	t->cells = NULL;
	t->ncell = t->cellcap = 0;
}
