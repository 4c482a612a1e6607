/*
 * mapping.c: which column of a CSV or TSV export fills which complaint
 * field.  Explicit maps are matched first so an alias never steals their
 * field; the columns left over are extras, kept as a JSON object keyed by
 * their header names, which are made unique so none is lost.
 *
 * The messages name the maps as xf-intake's -m writes them, so the
 * command can show them as they are.  How cell bytes become UTF-8 (-e)
 * is the caller's: it passes a function for that.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

void
xf_mapping_init(struct xf_mapping *m, xf_cell_fn cell, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->cell = cell;
	m->cellctx = ctx;
}

int
xf_mapping_add(struct xf_mapping *m, enum xf_field field, const char *column,
    struct xf_err *err)
{
	if (m->nmaps == XF_MAPS_MAX)
		return xf_errf(err, "at most %d mappings", XF_MAPS_MAX);
	m->maps[m->nmaps].field = field;
	m->maps[m->nmaps].column = column;
	m->maps[m->nmaps].used = 0;
	m->nmaps++;
	return 0;
}

void
xf_mapping_reset(struct xf_mapping *m)
{
	size_t i;

	for (i = 0; i < m->ncol; i++)
		free(m->header[i]);
	free(m->header);
	free(m->colfield);
	m->header = NULL;
	m->colfield = NULL;
	m->ncol = 0;
}

void
xf_mapping_free(struct xf_mapping *m)
{
	xf_mapping_reset(m);
	xf_buf_free(&m->tmp);
}

/* The cell's bytes as UTF-8 in out, by the caller's rule when it gave one. */
static int
cell_utf8(struct xf_mapping *m, const char *s, size_t len, struct xf_buf *out,
    const char *column, struct xf_err *err)
{
	if (m->cell != NULL)
		return m->cell(m->cellctx, s, len, out, column, err);
	xf_buf_reset(out);
	return xf_buf_add(out, s, len) == -1 ? xf_errf(err, "out of memory") :
	    0;
}

/* --- the header row --------------------------------------------------- */

/*
 * The names given so far, for the repeat check: a table, so naming n
 * columns costs about n probes, not n squared compares (4,000 columns
 * of one name took half a minute).  Each slot also keeps the next
 * " (k)" to try for its name: names are only ever added, so the
 * smallest k free now is never below the one given last.
 */
struct slot {
	const char	*name;		/* NULL: empty */
	size_t		 next;		/* the next k to try for name */
};

struct names {
	struct slot	*slot;
	size_t		 mask;
};

static int
names_init(struct names *t, size_t n)
{
	size_t cap = 16;

	/* At most half full, so probe runs stay short. */
	while (cap < 2 * n)
		cap *= 2;
	t->mask = cap - 1;
	t->slot = calloc(cap, sizeof(*t->slot));
	return t->slot == NULL ? -1 : 0;
}

/* FNV-1a: column names are short and not chosen to collide by anyone
 * who gains from it beyond a slower header. */
static size_t
name_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return (size_t)h;
}

/* The slot holding name, or the empty slot where it would go. */
static struct slot *
names_find(const struct names *t, const char *name)
{
	size_t i = name_hash(name) & t->mask;

	while (t->slot[i].name != NULL && strcmp(t->slot[i].name, name) != 0)
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

/*
 * Column i's name, in UTF-8 like the values, and unique: a repeated name
 * gets " (2)", " (3)" ... (the smallest k not taken by an earlier
 * column) so no extra is lost under a JSON key that appears twice.
 */
static int
header_name(struct xf_mapping *m, struct names *t, const char *name,
    const struct xf_row *row, size_t i, struct xf_err *err)
{
	struct xf_err why;
	struct slot *s, *base_slot;
	size_t base, k;

	if (cell_utf8(m, row->field[i], row->len[i], &m->tmp, "header",
	    &why) == -1)
		return xf_errf(err, "%s:%lld: header column %zu: %s", name,
		    (long long)row->line, i + 1, why.msg);
	base = m->tmp.len;
	if ((s = names_find(t, xf_buf_str(&m->tmp)))->name != NULL) {
		base_slot = s;
		for (k = s->next; (s = names_find(t,
		    xf_buf_str(&m->tmp)))->name != NULL; k++) {
			m->tmp.len = base;
			if (xf_buf_printf(&m->tmp, " (%zu)", k) == -1)
				return xf_errf(err, "out of memory");
		}
		base_slot->next = k;
	}
	if ((m->header[i] = strdup(xf_buf_str(&m->tmp))) == NULL)
		return xf_errf(err, "out of memory");
	s->name = m->header[i];
	s->next = 2;
	return 0;
}

/* The field a map names column for; every map naming it counts as
 * found, so a column named twice is reported as such, not as missing. */
static int
explicit_field(struct xf_mapping *m, const char *column)
{
	size_t i;
	int f = -1;

	for (i = 0; i < m->nmaps; i++)
		if (xf_header_eq(m->maps[i].column, column)) {
			m->maps[i].used = 1;
			if (f == -1)
				f = (int)m->maps[i].field;
		}
	return f;
}

static void
map_columns(struct xf_mapping *m)
{
	int taken[XF_NFIELD] = { 0 };
	size_t i;
	int f;

	/* Explicit maps first, so an alias never steals their field. */
	for (i = 0; i < m->ncol; i++)
		if ((f = explicit_field(m, m->header[i])) >= 0 && !taken[f]) {
			m->colfield[i] = f;
			taken[f] = 1;
		}
	for (i = 0; i < m->ncol; i++)
		if (m->colfield[i] == -1 &&
		    (f = xf_field_alias(m->header[i])) >= 0 && !taken[f]) {
			m->colfield[i] = f;
			taken[f] = 1;
		}
}

/* --- when the header maps nothing: is it a header at all? ------------ */

/* A sentence, not a column name: Chinese sentence punctuation, or long. */
enum { NAME_LONGEST = 60 };

int
xf_cell_looks_data(const char *s)
{
	size_t digits = 0, letters = 0, n = strlen(s);
	const char *at = strchr(s, '@');

	if (n > NAME_LONGEST || strstr(s, "\xe3\x80\x82") != NULL ||
	    strstr(s, "\xef\xbc\x8c") != NULL)	/* 。 ， */
		return 1;
	if (at != NULL && at != s && strchr(at, '.') != NULL &&
	    strchr(s, ' ') == NULL)
		return 1;			/* an e-mail address */
	for (; *s != '\0'; s++) {
		digits += isdigit((unsigned char)*s) != 0;
		letters += isalpha((unsigned char)*s) != 0;
	}
	/* Dates, times, phone numbers, amounts: 2026-03-05, 13800138000,
	 * 2026年3月5日, 09:15.  Names have letters, or fewer digits. */
	return digits >= 3 && letters == 0;
}

/* The separator a one-column header holds, or 0. */
static char
lone_column_sep(const struct xf_mapping *m)
{
	static const char seps[] = { ';', '\t', ',', '|' };
	size_t i;

	if (m->ncol != 1)
		return 0;
	for (i = 0; i < sizeof(seps); i++)
		if (strchr(m->header[0], seps[i]) != NULL)
			return seps[i];
	return 0;
}

/*
 * What a header that maps nothing may really be, into b: a file with
 * another separator, or without a header; 0 when neither shows.  The
 * options named are xf-intake's, as in the other messages here.
 */
static int
header_advice(const struct xf_mapping *m, struct xf_buf *b)
{
	char sep = lone_column_sep(m);
	size_t i;

	xf_buf_reset(b);
	if (sep != 0)
		return xf_buf_printf(b, "the header is one column holding "
		    "%s: for a file separated by it give -F %s",
		    sep == '\t' ? "tabs" : sep == ';' ? "';'" : sep == '|' ?
		    "'|'" : "','", sep == '\t' ? "tab" : sep == ';' ? "';'" :
		    sep == '|' ? "'|'" : "','") == -1 ? -1 : 1;
	if (m->numbered)
		return 0;
	for (i = 0; i < m->ncol; i++)
		if (xf_cell_looks_data(m->header[i]))
			return xf_buf_printf(b, "the first line looks like "
			    "data, not a header ('%s'): for a file without "
			    "one give --no-header and name columns by number, "
			    "1 to %zu, as -m body=%zu", m->header[i], m->ncol,
			    m->ncol) == -1 ? -1 : 1;
	return 0;
}

static int
check_mapping(struct xf_mapping *m, const char *name, int64_t line,
    struct xf_err *err)
{
	size_t i, j;
	int advice;

	if ((advice = header_advice(m, &m->tmp)) == -1)
		return xf_errf(err, "out of memory");
	for (i = 0; i < m->nmaps; i++) {
		if (!m->maps[i].used)
			return xf_errf(err, "%s:%lld: no column '%s' for -m "
			    "%s=%s%s%s", name, (long long)line,
			    m->maps[i].column,
			    xf_field_name(m->maps[i].field), m->maps[i].column,
			    advice ? "; " : "", advice ? m->tmp.p : "");
		for (j = 0; j < i; j++)
			if (xf_header_eq(m->maps[i].column, m->maps[j].column))
				return xf_errf(err, "%s: -m names column '%s' "
				    "for both %s and %s; a column fills one "
				    "field", name, m->maps[i].column,
				    xf_field_name(m->maps[j].field),
				    xf_field_name(m->maps[i].field));
	}
	for (i = 0; i < m->ncol; i++)
		if (m->colfield[i] == XF_F_SUBJECT ||
		    m->colfield[i] == XF_F_BODY)
			return 0;
	if (advice)
		return xf_errf(err, "%s:%lld: no column holds a subject or "
		    "body; %s", name, (long long)line, m->tmp.p);
	if (m->numbered)
		return xf_errf(err, "%s:%lld: no column holds a subject or "
		    "body; without a header, name columns by number, 1 to "
		    "%zu, as -m body=%zu", name, (long long)line, m->ncol,
		    m->ncol);
	return xf_errf(err, "%s:%lld: no column holds a subject or body; "
	    "name one with -m body=COLUMN", name, (long long)line);
}

static int
map_header(struct xf_mapping *m, const char *name, const struct xf_row *row,
    int numbered, struct xf_err *err)
{
	struct names t;
	size_t i;

	xf_mapping_reset(m);
	m->numbered = numbered;
	if (row->error != NULL)
		return xf_errf(err, "%s:%lld: unreadable header: %s", name,
		    (long long)row->line, row->error);
	if (row->nfield > XF_COLS_MAX)
		return xf_errf(err, "%s:%lld: the header has %zu columns, the "
		    "limit is %d", name, (long long)row->line, row->nfield,
		    XF_COLS_MAX);
	m->header = calloc(row->nfield, sizeof(*m->header));
	m->colfield = calloc(row->nfield, sizeof(*m->colfield));
	if (m->header == NULL || m->colfield == NULL ||
	    names_init(&t, row->nfield) == -1)
		return xf_errf(err, "out of memory");
	/* Counted only once there is room, so a reset frees what is there. */
	m->ncol = row->nfield;
	for (i = 0; i < m->ncol; i++) {
		m->colfield[i] = -1;
		if (header_name(m, &t, name, row, i, err) == -1) {
			free(t.slot);
			return -1;
		}
	}
	free(t.slot);
	for (i = 0; i < m->nmaps; i++)
		m->maps[i].used = 0;
	map_columns(m);
	return check_mapping(m, name, row->line, err);
}

int
xf_mapping_header(struct xf_mapping *m, const char *name,
    const struct xf_row *row, struct xf_err *err)
{
	return map_header(m, name, row, 0, err);
}

/*
 * A file without a header: its columns are named 1, 2, 3 ... from the
 * first row's width, so -m body=3 names the third, and the row itself
 * is left for the caller to read as data.
 */
int
xf_mapping_numbered(struct xf_mapping *m, const char *name,
    const struct xf_row *row, struct xf_err *err)
{
	struct xf_row h;
	char (*num)[XF_UINT_LEN + 1];
	char **field;
	size_t *len, i;
	int rc = -1;

	if (row->error != NULL || row->nfield > XF_COLS_MAX)
		return xf_mapping_header(m, name, row, err);
	num = calloc(row->nfield, sizeof(*num));
	field = calloc(row->nfield, sizeof(*field));
	len = calloc(row->nfield, sizeof(*len));
	if (num != NULL && field != NULL && len != NULL) {
		for (i = 0; i < row->nfield; i++) {
			len[i] = (size_t)snprintf(num[i], sizeof(num[i]),
			    "%zu", i + 1);
			field[i] = num[i];
		}
		memset(&h, 0, sizeof(h));
		h.line = row->line;
		h.nfield = row->nfield;
		h.field = field;
		h.len = len;
		rc = map_header(m, name, &h, 1, err);
	} else
		xf_errf(err, "out of memory");
	free(num);
	free(field);
	free(len);
	return rc;
}

const char *
xf_mapping_column(const struct xf_mapping *m, enum xf_field f)
{
	size_t i;

	for (i = 0; i < m->ncol; i++)
		if (m->colfield[i] == (int)f)
			return m->header[i];
	return xf_field_name(f);
}

/* --- the rows ------------------------------------------------------------ */

void
xf_cell_trim(struct xf_buf *b)
{
	size_t start = 0;

	while (b->len > 0 && isspace((unsigned char)b->p[b->len - 1]))
		b->p[--b->len] = '\0';
	while (start < b->len && isspace((unsigned char)b->p[start]))
		start++;
	if (start > 0) {
		memmove(b->p, b->p + start, b->len - start + 1);
		b->len -= start;
	}
}

int
xf_extra_add(struct xf_buf *extra, const char *key, const char *value,
    struct xf_err *err)
{
	if (xf_buf_addc(extra, extra->len == 0 ? '{' : ',') == -1 ||
	    xf_json_str(extra, key, strlen(key)) == -1 ||
	    xf_buf_addc(extra, ':') == -1 ||
	    xf_json_str(extra, value, strlen(value)) == -1)
		return xf_errf(err, "out of memory");
	return 0;
}

int
xf_extra_end(struct xf_buf *extra, struct xf_err *err)
{
	if (extra->len > 0 && xf_buf_addc(extra, '}') == -1)
		return xf_errf(err, "out of memory");
	return 0;
}

int
xf_mapping_split(struct xf_mapping *m, const struct xf_row *row,
    struct xf_buf val[XF_NFIELD], struct xf_buf *extra, struct xf_err *err)
{
	size_t i;
	int f;

	if (row->nfield != m->ncol)
		return xf_errf(err, "%zu fields, the header has %zu",
		    row->nfield, m->ncol);
	xf_buf_reset(extra);
	for (f = 0; f < XF_NFIELD; f++)
		xf_buf_reset(&val[f]);
	for (i = 0; i < row->nfield; i++) {
		f = m->colfield[i];
		if (cell_utf8(m, row->field[i], row->len[i],
		    f >= 0 ? &val[f] : &m->tmp, m->header[i], err) == -1)
			return -1;
		if (f >= 0)
			xf_cell_trim(&val[f]);
		else if (m->tmp.len > 0 &&
		    xf_extra_add(extra, m->header[i], m->tmp.p, err) == -1)
			return -1;
	}
	return 0;
}
