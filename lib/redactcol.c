/*
 * redactcol.c: the --redact of every command's output, a value or a
 * row of a table at a time (output.c, view.c, a report's cells).
 *
 * xf's own tables name their columns (struct xf_col), so no header has
 * to be guessed as xf-redact guesses a foreign stream's (redactrec.c):
 * the complainant is masked as a name; a contact, a message's sender
 * and an outbox recipient as numbers and addresses are, or as a name
 * when they are neither (a social handle); an event's old and new as
 * the field they belong to; any other text by xf_redact, and the
 * complainant's own name wherever it is written in it (xf_redact_known:
 * "我是张三丰" in a body).  What only
 * says where a complaint stands (its ref, times, status, category,
 * owner, flags) is never touched, nor a number, so a redacted list
 * still sorts, joins and feeds the next command.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

/* Columns that never hold a complainant's data: their values pass. */
static const char *const kept_cols[] = {
	"actor", "age", "approver", "assignee", "category", "channel", "day",
	"deadline", "direction", "field", "flag", "flags", "kind", "lang",
	"level", "login", "method", "month", "parent", "period", "priority",
	"ref", "refs", "severity", "state", "status", "team", "token",
	"trust", "via", "was", "week",
};

/* A time (received_at, due, ack_due, paused_since, followup_due):
 * the names view.c and the commands give times. */
static int
time_col(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && strcmp(name + n - 3, "_at") == 0) ||
	    (n >= 3 && strcmp(name + n - 3, "due") == 0) ||
	    strcmp(name, "paused_since") == 0;
}

static int
kept_col(const char *name)
{
	size_t i;

	if (time_col(name))
		return 1;
	for (i = 0; i < nitems(kept_cols); i++)
		if (strcmp(name, kept_cols[i]) == 0)
			return 1;
	return 0;
}

static int
contact_col(const char *name)
{
	return strcmp(name, "contact") == 0 || strcmp(name, "sender") == 0 ||
	    strcmp(name, "recipient") == 0;
}

/* An old or new value is what the field it belongs to is. */
static const char *
value_col(const char *column, const char *field)
{
	if (field != NULL && (strcmp(column, "old") == 0 ||
	    strcmp(column, "new") == 0))
		return field;
	return column;
}

/* "Name <addr>": the name masked as a name, the address as text. */
static int
mask_contact(const char *v, struct xf_buf *out)
{
	struct xf_buf name = { 0 };
	unsigned found = 0;
	size_t before = out->len, lt = strcspn(v, "<");
	int rc;

	if (v[lt] == '<' && lt > 0) {
		rc = xf_buf_add(&name, v, lt);
		if (rc == 0)
			rc = xf_redact_name(xf_buf_str(&name), out);
		xf_buf_free(&name);
		return rc == 0 ? xf_redact(v + lt, strlen(v + lt), out, NULL) :
		    -1;
	}
	if (xf_redact(v, strlen(v), out, &found) == -1)
		return -1;
	if (found != 0 || *v == '\0')
		return 0;
	out->len = before;	/* neither number nor address: a handle */
	out->p[before] = '\0';
	return xf_redact_name(v, out);
}

/* Characters of a name that make it worth finding in text: one alone
 * (李, A) would mask every other word. */
#define KNOWN_MIN	2

static size_t
chars(const char *s)
{
	size_t n = 0, k, len = strlen(s);
	uint32_t cp;

	for (; len > 0; s += k, len -= k, n++)
		if ((k = xf_utf8_decode((const unsigned char *)s, len, &cp)) ==
		    0)
			k = 1;
	return n;
}

int
xf_redact_known(const char *text, const char *name, struct xf_buf *out)
{
	const char *hit;
	size_t n;

	if (xf_buf_add(out, "", 0) == -1)
		return -1;
	if (name == NULL || chars(name) < KNOWN_MIN)
		return xf_buf_adds(out, text);
	n = strlen(name);
	while ((hit = strstr(text, name)) != NULL) {
		if (xf_buf_add(out, text, (size_t)(hit - text)) == -1 ||
		    xf_redact_name(name, out) == -1)
			return -1;
		text = hit + n;
	}
	return xf_buf_adds(out, text);
}

/* Text: the complainant's name where it is written, then numbers and
 * addresses. */
static int
mask_text(const char *v, const char *who, struct xf_buf *out)
{
	struct xf_buf named = { 0 };
	int rc;

	if (who == NULL || chars(who) < KNOWN_MIN || strstr(v, who) == NULL)
		return xf_redact(v, strlen(v), out, NULL);
	rc = xf_redact_known(v, who, &named);
	if (rc == 0)
		rc = xf_redact(named.p, named.len, out, NULL);
	xf_buf_free(&named);
	return rc;
}

int
xf_redact_value(const char *column, const char *field, const char *who,
    const char *v, struct xf_buf *out)
{
	const char *col = value_col(column, field);

	if (xf_buf_add(out, "", 0) == -1)
		return -1;
	if (kept_col(col))
		return xf_buf_adds(out, v);
	if (strcmp(col, "complainant") == 0)
		return xf_redact_name(v, out);
	if (contact_col(col))
		return mask_contact(v, out);
	return mask_text(v, who, out);
}

/* The value of the row's column named name, if it has one. */
static const char *
row_value(const struct xf_col *cols, const char *const *vals, size_t n,
    const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cols[i].name, name) == 0)
			return vals[i];
	return NULL;
}

static int
rowmask_grow(struct xf_rowmask *m, size_t n)
{
	struct xf_buf *b;
	const char **v;

	if (n <= m->cap)
		return 0;
	if ((b = realloc(m->buf, n * sizeof(*b))) == NULL)
		return -1;
	m->buf = b;
	memset(b + m->cap, 0, (n - m->cap) * sizeof(*b));
	if ((v = realloc(m->vals, n * sizeof(*v))) == NULL)
		return -1;
	m->vals = v;
	m->cap = n;
	return 0;
}

const char *const *
xf_redact_row(struct xf_rowmask *m, const struct xf_col *cols,
    const char *const *vals, size_t n, const char *who)
{
	const char *field = row_value(cols, vals, n, "field");
	const char *named = row_value(cols, vals, n, "complainant");
	size_t i;

	if (named != NULL)
		who = named;

	if (rowmask_grow(m, n) == -1)
		return NULL;
	for (i = 0; i < n; i++) {
		m->vals[i] = vals[i];
		if (vals[i] == NULL || cols[i].type == XF_COL_NUM)
			continue;
		xf_buf_reset(&m->buf[i]);
		if (xf_redact_value(cols[i].name, field, who, vals[i],
		    &m->buf[i]) == -1)
			return NULL;
		m->vals[i] = xf_buf_str(&m->buf[i]);
	}
	return m->vals;
}

void
xf_rowmask_free(struct xf_rowmask *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		xf_buf_free(&m->buf[i]);
	free(m->buf);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
