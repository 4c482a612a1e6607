/*
 * refs.c: the refs one command hands the next.
 *
 * A ref stream is parsed by its format, never line by line: a CSV
 * subject may hold a quoted line break followed by another complaint's
 * ref, and that line must not be taken for a row (xf.7).  The first
 * line that is not blank says which format the stream is:
 *
 *	ref,...		CSV (RFC 4180, libcsv): the ref is the first field
 *			of each record, quotes and all
 *	ref TAB ...	TSV: one row a line (its escapes keep every field
 *	ref		on one line), the ref is the first cell
 *	anything else	a bare list, one ref a line, read as TSV
 *
 * In a TSV stream or a list, a cell that is not shaped like a ref
 * (anything but letters, digits and '-') ends the stream with an error:
 * the stream is not what it claims, and a guess could act on the wrong
 * complaint.  A ref-shaped cell too long to be a ref costs only itself.  A
 * CSV record is known exactly, so a bad first field costs only itself;
 * CSV that does not parse ends the stream.  JSON and tables (for people)
 * are refused with a hint.  Refs are read one at a time, a line at a
 * time, so a command acts on each ref as the one before it prints it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "xf.h"

enum fmt { FMT_UNKNOWN, FMT_LINES, FMT_CSV, FMT_DONE };

enum { SHOWN = 40 };	/* bytes of a bad cell quoted in an error */

struct xf_refs {
	FILE		*fp;
	enum fmt	 fmt;
	char		*line;		/* the line being read */
	size_t		 cap;
	const char	*rest;		/* CSV: the part not yet parsed */
	size_t		 nrest;
	int64_t		 lineno;
	struct csv_parser csv;
	int		 csv_on;
	size_t		 nfield;	/* fields of the current record so far */
	struct xf_buf	 first;		/* its first field */
	int		 row_done;	/* a record ended; first is its ref */
	int		 failed;	/* out of memory in a callback */
	int		 doubt;		/* the last cell was not shaped like a ref */
};

struct xf_refs *
xf_refs_open(FILE *fp, struct xf_err *err)
{
	struct xf_refs *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		xf_errf(err, "out of memory");
		return NULL;
	}
	r->fp = fp;
	return r;
}

void
xf_refs_close(struct xf_refs *r)
{
	if (r == NULL)
		return;
	if (r->csv_on)
		csv_free(&r->csv);
	free(r->line);
	xf_buf_free(&r->first);
	free(r);
}

/* 1 when s is all letters, digits and '-', as every ref and id is. */
static int
ref_shaped(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return n > 0;
}

/*
 * One cell that should be a ref: 1 with ref, 0 for a blank cell or a
 * header, -1 with err.  Space around it is no part of it.
 */
static int
take(struct xf_refs *r, const char *s, size_t n, char ref[XF_REFLEN],
    struct xf_err *err)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || (n == 3 && memcmp(s, "ref", 3) == 0))
		return 0;
	r->doubt = !ref_shaped(s, n);
	if (n >= XF_REFLEN || r->doubt)
		return xf_errf(err, "line %lld: not a ref: '%.*s%s'",
		    (long long)r->lineno, (int)(n < SHOWN ? n : SHOWN), s,
		    n > SHOWN ? "..." : "");
	memcpy(ref, s, n);
	ref[n] = '\0';
	return 1;
}

static void
field_cb(void *s, size_t len, void *data)
{
	struct xf_refs *r = data;

	if (r->nfield++ > 0)
		return;
	/* More than a ref can hold is kept only to be quoted in an error. */
	if (len > XF_REFLEN + SHOWN)
		len = XF_REFLEN + SHOWN;
	xf_buf_reset(&r->first);
	if (xf_buf_add(&r->first, s ? s : "", s ? len : 0) == -1)
		r->failed = 1;
}

static void
row_cb(int c, void *data)
{
	struct xf_refs *r = data;

	(void)c;
	r->row_done = 1;
	r->nfield = 0;
}

/* The stream is over: -1 with err now, 0 from every later call. */
static int
stop(struct xf_refs *r, struct xf_err *err, const char *fmt, const char *arg)
{
	r->fmt = FMT_DONE;
	return xf_errf(err, fmt, (long long)r->lineno, arg);
}

/* The format the first line says (see the top of the file). */
static int
detect(struct xf_refs *r, const char *s, struct xf_err *err)
{
	if (strncmp(s, "ref,", 4) == 0) {
		if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI |
		    CSV_APPEND_NULL) != 0)
			return stop(r, err, "line %lld: %s", "out of memory");
		r->csv_on = 1;
		r->fmt = FMT_CSV;
	} else if (*s == '{' || *s == '[')
		return stop(r, err, "line %lld: %s", "JSON is not read as "
		    "refs: pipe TSV (the default) or CSV");
	else if (strncmp(s, "ref ", 4) == 0)
		return stop(r, err, "line %lld: %s", "a table (-o table) is "
		    "for people: pipe TSV (the default) or CSV");
	else
		r->fmt = FMT_LINES;
	return 0;
}

/*
 * Parses the CSV left of the line up to its next CR or LF, so at most
 * one record ends each time: 1 with ref, 0 to read on, -1 with err.
 */
static int
csv_step(struct xf_refs *r, char ref[XF_REFLEN], struct xf_err *err)
{
	size_t n = strcspn(r->rest, "\r\n");
	int rc;

	n += n < r->nrest;	/* the line end too */
	if (csv_parse(&r->csv, r->rest, n, field_cb, row_cb, r) < n)
		return stop(r, err, "line %lld: %s", "not CSV: a stray or "
		    "unmatched quote");
	if (r->failed)
		return stop(r, err, "line %lld: %s", "out of memory");
	r->rest += n;
	r->nrest -= n;
	if (!r->row_done)
		return 0;
	r->row_done = 0;
	if ((rc = take(r, r->first.p, r->first.len, ref, err)) == -1)
		return -1;	/* a record on its own: read on after it */
	return rc;
}

/* End of input: the last CSV record may have no line end. */
static int
at_end(struct xf_refs *r, char ref[XF_REFLEN], struct xf_err *err)
{
	int rc = 0;

	if (r->fmt == FMT_CSV) {
		if (csv_fini(&r->csv, field_cb, row_cb, r) != 0)
			return stop(r, err, "line %lld: %s",
			    "not CSV: a quote left open at the end");
		if (r->row_done)
			rc = take(r, r->first.p, r->first.len, ref, err);
	}
	r->fmt = FMT_DONE;
	return rc;
}

/* One line of TSV or of a list: its first cell. */
static int
line_step(struct xf_refs *r, const char *s, char ref[XF_REFLEN],
    struct xf_err *err)
{
	int rc;

	if ((rc = take(r, s, strcspn(s, "\t\r\n"), ref, err)) == -1 &&
	    r->doubt)
		r->fmt = FMT_DONE;
	return rc;
}

int
xf_refs_next(struct xf_refs *r, char ref[XF_REFLEN], struct xf_err *err)
{
	const char *s;
	ssize_t got;
	int rc;

	for (;;) {
		if (r->fmt == FMT_DONE)
			return 0;
		if (r->fmt == FMT_CSV && r->nrest > 0) {
			if ((rc = csv_step(r, ref, err)) != 0)
				return rc;
			continue;
		}
		if ((got = getline(&r->line, &r->cap, r->fp)) <= 0)
			return at_end(r, ref, err);
		r->lineno++;
		s = r->line;
		/* A byte order mark is a label, not data. */
		if (r->lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		if (memchr(s, '\0', (size_t)got - (size_t)(s - r->line)))
			return stop(r, err, "line %lld: %s", "a NUL byte: "
			    "not text");
		if (r->fmt == FMT_UNKNOWN && s[strspn(s, " \t\r\n")] == '\0')
			continue;	/* blank lines before the first row */
		if (r->fmt == FMT_UNKNOWN && detect(r, s, err) == -1)
			return -1;
		if (r->fmt == FMT_CSV) {
			r->rest = s;
			r->nrest = strlen(s);
			continue;
		}
		if ((rc = line_step(r, s, ref, err)) != 0)
			return rc;
	}
}

int64_t
xf_ref_id(const char *ref)
{
	const char *p = ref;
	char *end;
	long long id;

	if (strncasecmp(p, "XF-", 3) == 0) {
		p += 3;
		if (strlen(p) < 6 || p[4] != '-')
			return -1;
		p += 5;
	}
	if (!isdigit((unsigned char)*p))
		return -1;
	id = strtoll(p, &end, 10);
	if (*end != '\0' || id <= 0)
		return -1;
	return id;
}
