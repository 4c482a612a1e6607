/*
 * redactrec.c: a stream of text, TSV or CSV made fit to hand on, record
 * by record (xf-redact, and the --redact of the commands that export).
 *
 * Text is masked line by line (xf_redact).  A TSV or CSV stream is read
 * as a table: its header row says which columns hold a person's name
 * (the complainant's, by the same aliases xf-intake reads, or columns
 * the caller names), and those are masked as names; a contact column
 * is masked as numbers and addresses are, or as a name when it is
 * neither (a social handle); every other field as text.  Fields are
 * found by their separators and quotes but never rewritten: a mask
 * keeps every byte that is not hidden, so the output is the same table
 * with the same quoting, CRLFs and all.
 */
#include <string.h>

#include "xf.h"

enum role { PLAIN, NAME, CONTACT };

void
xf_redactor_init(struct xf_redactor *r, enum xf_redact_fmt fmt)
{
	memset(r, 0, sizeof(*r));
	r->fmt = fmt;
}

void
xf_redactor_free(struct xf_redactor *r)
{
	xf_buf_free(&r->rec);
	xf_buf_free(&r->field);
	xf_buf_free(&r->tmp);
}

int
xf_redactor_name(struct xf_redactor *r, const char *column)
{
	if (r->nnamed >= XF_REDACT_NAMED_MAX)
		return -1;
	r->named[r->nnamed++] = column;
	return 0;
}

static enum role
role_of(const struct xf_redactor *r, const char *header)
{
	size_t i;
	int f = xf_field_alias(header);

	for (i = 0; i < r->nnamed; i++)
		if (xf_header_eq(r->named[i], header))
			return NAME;
	if (f == XF_F_COMPLAINANT)
		return NAME;
	if (f == XF_F_CONTACT)
		return CONTACT;
	return PLAIN;
}

/* The end of the field that starts at p (CSV: quotes hold separators). */
static size_t
field_end(const struct xf_redactor *r, const char *p, size_t n)
{
	char sep = r->fmt == XF_REDACT_CSV ? ',' : '\t';
	size_t i = 0;
	int quoted = 0;

	for (; i < n; i++) {
		if (r->fmt == XF_REDACT_CSV && p[i] == '"')
			quoted = !quoted;	/* "" toggles twice */
		else if (!quoted && (p[i] == sep || p[i] == '\n' ||
		    p[i] == '\r'))
			break;
	}
	return i;
}

/* The field's value as a header names it: CSV quotes taken off. */
static const char *
header_text(struct xf_redactor *r, const char *p, size_t n)
{
	size_t i;

	xf_buf_reset(&r->tmp);
	xf_buf_add(&r->tmp, "", 0);
	for (i = 0; i < n; i++) {
		if (r->fmt == XF_REDACT_CSV && p[i] == '"') {
			if (i + 1 < n && p[i + 1] == '"')
				xf_buf_addc(&r->tmp, p[i++]);
			continue;
		}
		xf_buf_addc(&r->tmp, p[i]);
	}
	return xf_buf_str(&r->tmp);
}

/*
 * A name field: each run of characters between quotes masked as a
 * name, the quotes (and a doubled quote, which stands for one) kept.
 */
static int
mask_name(struct xf_redactor *r, const char *p, size_t n, struct xf_buf *out)
{
	size_t i = 0, j;

	while (i < n) {
		if (p[i] == '"' && r->fmt == XF_REDACT_CSV) {
			if (xf_buf_addc(out, '"') == -1)
				return -1;
			i++;
			continue;
		}
		for (j = i; j < n && !(p[j] == '"' && r->fmt ==
		    XF_REDACT_CSV); j++)
			;
		xf_buf_reset(&r->field);
		if (xf_buf_add(&r->field, p + i, j - i) == -1 ||
		    xf_redact_name(xf_buf_str(&r->field), out) == -1)
			return -1;
		i = j;
	}
	return 0;
}

static int
mask_field(struct xf_redactor *r, enum role role, const char *p, size_t n,
    struct xf_buf *out)
{
	unsigned found = 0;
	size_t before = out->len;

	if (role == NAME)
		return mask_name(r, p, n, out);
	if (xf_redact(p, n, out, &found) == -1)
		return -1;
	if (role == CONTACT && found == 0 && n > 0) {
		out->len = before;
		out->p[before] = '\0';
		return mask_name(r, p, n, out);
	}
	return 0;
}

static int
table_record(struct xf_redactor *r, const char *p, size_t n,
    struct xf_buf *out)
{
	size_t i = 0, end, col = 0;
	int header = !r->header_seen;

	r->header_seen = 1;
	for (;;) {
		end = i + field_end(r, p + i, n - i);
		if (header && col < XF_REDACT_COLS_MAX)
			r->role[col] = (unsigned char)role_of(r,
			    header_text(r, p + i, end - i));
		if (header) {
			if (xf_buf_add(out, p + i, end - i) == -1)
				return -1;
		} else if (mask_field(r, col < XF_REDACT_COLS_MAX ?
		    (enum role)r->role[col] : PLAIN, p + i, end - i,
		    out) == -1)
			return -1;
		col++;
		if (end >= n || p[end] == '\n' || p[end] == '\r')
			return xf_buf_add(out, p + end, n - end);
		if (xf_buf_addc(out, p[end]) == -1)
			return -1;
		i = end + 1;
	}
}

/* 1 when the bytes held end a record: a newline outside CSV quotes. */
static int
record_done(struct xf_redactor *r)
{
	size_t i;

	if (r->fmt != XF_REDACT_CSV)
		return 1;
	for (i = r->scanned; i < r->rec.len; i++)
		if (r->rec.p[i] == '"')
			r->quoted = !r->quoted;
	r->scanned = r->rec.len;
	return !r->quoted;
}

static int
flush_record(struct xf_redactor *r, struct xf_buf *out)
{
	int rc;

	if (r->rec.len == 0)
		return 0;
	rc = r->fmt == XF_REDACT_TEXT ?
	    xf_redact(r->rec.p, r->rec.len, out, NULL) :
	    table_record(r, r->rec.p, r->rec.len, out);
	xf_buf_reset(&r->rec);
	r->scanned = 0;
	r->quoted = 0;
	return rc;
}

int
xf_redactor_feed(struct xf_redactor *r, const char *p, size_t n,
    struct xf_buf *out)
{
	const char *nl;
	size_t k;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) + 1 : n;
		if (xf_buf_add(&r->rec, p, k) == -1)
			return -1;
		p += k;
		n -= k;
		if (nl != NULL && record_done(r) && flush_record(r, out) == -1)
			return -1;
	}
	return 0;
}

int
xf_redactor_end(struct xf_redactor *r, struct xf_buf *out)
{
	return flush_record(r, out);
}

