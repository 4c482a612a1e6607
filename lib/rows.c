/*
 * rows.c: CSV (libcsv) and TSV rows, each with its first line number and
 * the exact bytes it came from, so a bad row can be reported by location
 * and written to a reject file unchanged.
 *
 * Input is fed to the parser one line at a time; that is what lets us
 * know where each row starts and keep its raw bytes.  When a row cannot
 * be parsed (a stray or unterminated quote swallows everything after it),
 * only its first line is rejected and the rest is fed again with a fresh
 * parser, so the good rows that followed are not lost.
 *
 * TSV is the xf stream contract (xf.7): one row a line, no quoting, and
 * \t \n \r \\ and \xHH escapes inside fields, so it needs no parser
 * library.  Tab-separated text from a spreadsheet is another thing: it
 * quotes as CSV does, so it is read as CSV with a tab between fields.
 *
 * Before the first row, a byte order mark says the input's encoding;
 * UTF-16 and UTF-32 are decoded to UTF-8 as they are read (input.c), so
 * everything below sees UTF-8 whatever the file was.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "xf.h"

enum { BLOCK = 64 * 1024, CSV_GROW = 256 * 1024 };

struct reader {
	struct xf_input	*in;
	enum xf_rowfmt	 fmt;
	int		 guess;		/* fmt and delim from the first line */
	unsigned char	 delim;		/* CSV's separator */
	xf_row_fn	 fn;
	void		*ctx;
	struct xf_err	*err;
	struct csv_parser csv;
	char		*block;
	size_t		 blen, bpos;
	int		 started, eof;
	struct xf_buf	 pending;	/* bytes to feed again after a bad row */
	size_t		 ppos;
	struct xf_buf	 raw;		/* the current row as read */
	struct xf_buf	 fields;	/* the current row's fields, NUL after each */
	size_t		*off, *flen;
	char		**fptr;
	size_t		 nfield, fcap;
	int64_t		 line;		/* line number of the next byte */
	int64_t		 row_line;
	int		 in_row;
	int		 skipping;	/* an over-long line: drop to its end */
	int		 cr_split;	/* the last segment ended in a lone CR */
	int		 lf_owed;	/* this segment is that CR's LF */
	int		 failed;	/* fn or memory said stop */
};

static int
oom(struct reader *r)
{
	r->failed = 1;
	return xf_errf(r->err, "out of memory reading rows");
}

/*
 * Length of s[0..avail) up to and including its first line end: LF,
 * CRLF, or a bare CR (old Mac exports end lines so).  A CR that is the
 * last byte at hand may be the first half of a CRLF: *cr_split says so,
 * and the LF that may follow is then not another line.
 */
static size_t
line_end(const char *s, size_t avail, int *cr_split)
{
	const char *nl = memchr(s, '\n', avail);
	const char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : avail);

	*cr_split = 0;
	if (cr == NULL)
		return nl ? (size_t)(nl - s) + 1 : avail;
	if (cr + 1 == s + avail) {
		*cr_split = 1;
		return avail;
	}
	return (size_t)(cr - s) + 1 + (cr[1] == '\n');
}

static int
ends_line(const char *p, size_t n)
{
	return n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r');
}

static void
field_cb(void *s, size_t len, void *data)
{
	struct reader *r = data;
	size_t *off, *flen;
	size_t cap;

	if (r->failed)
		return;
	if (r->nfield == r->fcap) {
		cap = r->fcap ? r->fcap * 2 : 32;
		off = realloc(r->off, cap * sizeof(*off));
		if (off != NULL)
			r->off = off;
		flen = realloc(r->flen, cap * sizeof(*flen));
		if (flen != NULL)
			r->flen = flen;
		if (off == NULL || flen == NULL) {
			oom(r);
			return;
		}
		r->fcap = cap;
	}
	r->off[r->nfield] = r->fields.len;
	r->flen[r->nfield] = len;
	if (xf_buf_add(&r->fields, s ? s : "", s ? len : 0) == -1 ||
	    xf_buf_addc(&r->fields, '\0') == -1) {
		oom(r);
		return;
	}
	r->nfield++;
}

static void
emit(struct reader *r, const char *error, const char *raw, size_t rawlen)
{
	struct xf_row row;
	char **p;
	size_t i;

	if (r->failed)
		return;
	if ((p = realloc(r->fptr, (r->nfield + 1) * sizeof(*p))) == NULL) {
		oom(r);
		return;
	}
	r->fptr = p;
	for (i = 0; i < r->nfield; i++)
		p[i] = r->fields.p + r->off[i];
	memset(&row, 0, sizeof(row));
	row.line = r->row_line;
	row.nfield = error ? 0 : r->nfield;
	row.field = p;
	row.len = r->flen;
	row.raw = raw;
	row.rawlen = rawlen;
	row.error = error;
	if (r->fn(r->ctx, &row, r->err) == -1)
		r->failed = 1;
}

static void
end_row(struct reader *r)
{
	r->nfield = 0;
	xf_buf_reset(&r->fields);
	r->in_row = 0;
}

static void
row_cb(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	emit(r, NULL, r->raw.p, r->raw.len);
	end_row(r);
}

static int
csv_start(struct reader *r)
{
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0)
		return oom(r);
	/* libcsv grows its field buffer by this much at a time (128 bytes
	 * by default: a 10 MB field took 80,000 reallocs). */
	csv_set_blk_size(&r->csv, CSV_GROW);
	csv_set_delim(&r->csv, r->delim);
	return 0;
}

/*
 * The row that began at row_line cannot be parsed: report its first line
 * and queue everything after that line to be read again.
 */
static int
resync(struct reader *r, const char *why)
{
	int split;
	size_t first = line_end(r->raw.p, r->raw.len, &split);
	int whole = ends_line(r->raw.p, first);
	struct xf_buf again = { 0 };

	/* Nothing pending is a NULL buffer, and NULL + 0 is undefined. */
	if (xf_buf_add(&again, r->raw.p + first, r->raw.len - first) == -1 ||
	    (r->ppos < r->pending.len && xf_buf_add(&again,
	    r->pending.p + r->ppos, r->pending.len - r->ppos) == -1)) {
		xf_buf_free(&again);
		return oom(r);
	}
	emit(r, why, r->raw.p, first);
	xf_buf_free(&r->pending);
	r->pending = again;
	r->ppos = 0;
	r->line = r->row_line + whole;
	csv_free(&r->csv);
	end_row(r);
	return csv_start(r);
}

static int
fill(struct reader *r)
{
	long n;

	if (r->eof)
		return 0;
	if ((n = xf_input_read(r->in, r->block, BLOCK, r->err)) == -1)
		return -1;
	r->blen = (size_t)n;
	r->bpos = 0;
	if (n == 0)
		r->eof = 1;
	if (!r->started && r->guess) {
		r->fmt = XF_CSV;
		r->delim = (unsigned char)xf_rows_sniff(r->block, r->blen);
		csv_set_delim(&r->csv, r->delim);
	}
	r->started = 1;
	return n > 0;
}

/* The next piece of input, up to and including a line end. */
static int
next_segment(struct reader *r, const char **p, size_t *n)
{
	const char *s;
	int rc, split;

	if (r->ppos < r->pending.len) {
		s = r->pending.p + r->ppos;
		*n = line_end(s, r->pending.len - r->ppos, &split);
		r->ppos += *n;
	} else {
		if (r->bpos == r->blen && (rc = fill(r)) <= 0)
			return rc;
		s = r->block + r->bpos;
		*n = line_end(s, r->blen - r->bpos, &split);
		r->bpos += *n;
	}
	*p = s;
	/* The LF of a CRLF cut by the end of a block ends no line (and
	 * line_end gave it a segment of its own). */
	r->lf_owed = r->cr_split && s[0] == '\n';
	r->cr_split = split;
	return 1;
}

static int
is_blank(const char *p, size_t n)
{
	for (; n > 0; p++, n--)
		if (*p != '\r' && *p != '\n')
			return 0;
	return 1;
}

/* 1 when a segment ends a line of the input. */
static int
counts_line(const struct reader *r, const char *p, size_t n)
{
	return ends_line(p, n) && !r->lf_owed;
}

static int
skip_line(struct reader *r, const char *p, size_t n)
{
	if (counts_line(r, p, n)) {
		r->skipping = 0;
		r->line++;
	}
	return 0;
}

static int
too_long(struct reader *r)
{
	static const char why[] = "row longer than 16 MiB "
	    "(an unterminated quote?)";

	if (memchr(r->raw.p, '\n', r->raw.len) != NULL ||
	    memchr(r->raw.p, '\r', r->raw.len) != NULL)
		return resync(r, why);
	/* One line that long: report what we hold, drop the rest of it. */
	emit(r, why, r->raw.p, r->raw.len);
	csv_free(&r->csv);
	end_row(r);
	r->skipping = 1;
	return csv_start(r);
}

/*
 * The segment joins the raw bytes of its row (a new row when none is
 * open).  1: parse it; 0: the row grew too long and was dealt with;
 * -1: out of memory.
 */
static int
keep_raw(struct reader *r, const char *p, size_t n)
{
	if (!r->in_row) {
		r->row_line = r->line;
		xf_buf_reset(&r->raw);
		r->in_row = 1;
	}
	if (xf_buf_add(&r->raw, p, n) == -1)
		return oom(r);
	if (r->raw.len > XF_ROW_MAX)
		return too_long(r) == -1 ? -1 : 0;
	return 1;
}

static int
feed(struct reader *r, const char *p, size_t n)
{
	int fresh = !r->in_row, rc;

	if (r->skipping)
		return skip_line(r, p, n);
	if (r->lf_owed && fresh)	/* after a row that ended in CR */
		return 0;
	if ((rc = keep_raw(r, p, n)) <= 0)
		return rc;
	if (csv_parse(&r->csv, p, n, field_cb, row_cb, r) < n)
		return resync(r, "stray or unmatched quote");
	if (counts_line(r, p, n))
		r->line++;
	if (fresh && r->in_row && is_blank(p, n))
		r->in_row = 0;
	return 0;
}

/*
 * Decodes one TSV field's escapes in place into the field buffer: \t \n
 * \r \\, and \xHH, the byte xf writes for a control (xf_safe_text).
 */
static void
tsv_field(struct reader *r, const char *p, size_t n)
{
	struct xf_buf *f = &r->fields;
	size_t start = f->len, i;
	int hi, lo;
	char c;

	field_cb((void *)p, n, r);
	if (r->failed || memchr(p, '\\', n) == NULL)
		return;
	f->len = start;
	for (i = 0; i < n; i++) {
		c = p[i];
		if (c == '\\' && i + 3 < n && p[i + 1] == 'x' &&
		    (hi = xf_hex_value((unsigned char)p[i + 2])) >= 0 &&
		    (lo = xf_hex_value((unsigned char)p[i + 3])) >= 0) {
			c = (char)(hi << 4 | lo);
			i += 3;
		} else if (c == '\\' && i + 1 < n) {
			c = p[++i];
			c = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
		}
		f->p[f->len++] = c;
	}
	f->p[f->len++] = '\0';
	r->flen[r->nfield - 1] = f->len - start - 1;
}

static void
tsv_row(struct reader *r)
{
	const char *p = r->raw.p, *end = p + r->raw.len, *tab;

	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (end == p) {		/* blank line */
		end_row(r);
		return;
	}
	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		tsv_field(r, p, (size_t)((tab ? tab : end) - p));
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	emit(r, NULL, r->raw.p, r->raw.len);
	end_row(r);
}

static int
feed_tsv(struct reader *r, const char *p, size_t n)
{
	int rc;

	if (r->skipping)
		return skip_line(r, p, n);
	if (r->lf_owed)			/* the row ended at its CR */
		return 0;
	if ((rc = keep_raw(r, p, n)) <= 0)
		return rc;
	if (counts_line(r, p, n)) {
		tsv_row(r);
		r->line++;
	}
	return 0;
}

static int
finish(struct reader *r)
{
	if (r->fmt == XF_TSV) {
		if (r->in_row)
			tsv_row(r);
		return 0;
	}
	if (r->in_row && csv_fini(&r->csv, field_cb, row_cb, r) != 0)
		return resync(r, "unterminated quote at end of input");
	if (r->in_row)
		end_row(r);
	return 0;
}

static int
read_all(struct reader *r)
{
	const char *p;
	size_t n;
	int rc = 0;

	for (;;) {
		while (!r->failed && (rc = next_segment(r, &p, &n)) == 1)
			if ((r->fmt == XF_TSV ? feed_tsv(r, p, n) :
			    feed(r, p, n)) == -1)
				return -1;
		if (r->failed || rc == -1)
			return -1;
		if (finish(r) == -1)
			return -1;
		/* finish may have queued lines to read again */
		if (r->ppos >= r->pending.len)
			return r->failed ? -1 : 0;
	}
}

/*
 * The encoding, before the first row: a byte order mark says it (and is
 * dropped), else what the caller was told.  A mark that contradicts the
 * caller is an error, not a guess between them: one of the two is wrong
 * and the person who gave -e should know which.
 */
static int
start_text(struct reader *r, const char *charset)
{
	const char *p, *bom;
	char skip[4];
	size_t blen;
	long n;

	if ((n = xf_input_peek(r->in, &p, r->err)) == -1)
		return -1;
	blen = xf_bom(p, (size_t)n, &bom);
	if (bom != NULL && charset != NULL && !xf_charset_agrees(charset, bom))
		return xf_errf(r->err, "%s:1: starts with a %s byte order mark "
		    "but -e says %s: leave -e out, the mark says the encoding",
		    xf_input_name(r->in), bom, charset);
	if (bom == NULL && charset == NULL && xf_utf16_like(p, (size_t)n))
		return xf_errf(r->err, "%s:1: looks like UTF-16 text without a "
		    "byte order mark: give -e utf-16", xf_input_name(r->in));
	if (bom != NULL)
		charset = bom;
	if (blen > 0 && xf_input_read(r->in, skip, blen, r->err) == -1)
		return -1;
	if (charset == NULL || !xf_charset_wide(charset))
		return 0;
	return xf_input_decode(r->in, xf_charset_wide_name(charset, p + blen,
	    (size_t)n - blen), r->err);
}

/* The separator of the first line that is not blank, quotes skipped. */
char
xf_rows_sniff(const char *p, size_t n)
{
	size_t i, tabs = 0, semis = 0, commas = 0;
	int quoted = 0;

	while (n > 0 && (*p == '\n' || *p == '\r')) {
		p++;
		n--;
	}
	for (i = 0; i < n && (quoted || (p[i] != '\n' && p[i] != '\r'));
	    i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted) {
			tabs += p[i] == '\t';
			semis += p[i] == ';';
			commas += p[i] == ',';
		}
	}
	if (tabs > 0)
		return '\t';
	if (semis > 0 && commas == 0)
		return ';';
	return ',';
}

int
xf_rows_read(struct xf_input *in, const struct xf_rowopt *opt, xf_row_fn fn,
    void *ctx, struct xf_err *err)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.fmt = opt->fmt;
	r.guess = opt->guess && opt->delim == 0;
	r.delim = opt->delim ? (unsigned char)opt->delim : ',';
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	r.line = 1;
	if (start_text(&r, opt->charset) == -1)
		return -1;
	if ((r.block = malloc(BLOCK)) == NULL)
		return xf_errf(err, "out of memory reading rows");
	if (csv_start(&r) == -1) {
		free(r.block);
		return -1;
	}
	rc = read_all(&r);
	csv_free(&r.csv);
	free(r.block);
	free(r.off);
	free(r.flen);
	free(r.fptr);
	xf_buf_free(&r.pending);
	xf_buf_free(&r.raw);
	xf_buf_free(&r.fields);
	return rc;
}

int
xf_rows_named(const char *name, enum xf_rowfmt *fmt)
{
	size_t n = strlen(name);
	const char *ext;

	if (n > 3 && strcasecmp(name + n - 3, ".gz") == 0)
		n -= 3;
	if (n <= 4)
		return 0;
	ext = name + n - 4;
	if (strncasecmp(ext, ".csv", 4) == 0)
		*fmt = XF_CSV;
	else if (strncasecmp(ext, ".tsv", 4) == 0 ||
	    strncasecmp(ext, ".tab", 4) == 0)
		*fmt = XF_TSV;
	else
		return 0;
	return 1;
}
