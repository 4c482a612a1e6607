/*
 * person.c: the complaints of one person (issue 15), for xf-status list
 * --contact and --complainant, for an access request's export and for
 * an erasure: one function, so that what is shown, what is disclosed
 * and what is erased are the same complaints.
 *
 * A person is a contact, a name, or both (then a complaint must match
 * both: names are not unique, and two people called 张三 are two
 * people).  Each is compared as xf_contact_norm or xf_name_norm makes
 * it, so "+86 138-0000-1234" is 13800001234 and "ＺＨＡＮＧ San" is
 * "zhang san".  The search index keys both (xf_search_person_key): the
 * index finds the few complaints whose key matches, reading one short
 * list of it, and each is then compared in full, so a digest that two
 * values happen to share never joins two people.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

struct want {
	struct xf_buf	 contact, name;	/* normalised; empty: any */
};

static void
want_free(struct want *w)
{
	xf_buf_free(&w->contact);
	xf_buf_free(&w->name);
}

/* 1 when norm(s) is want (want empty: anything is). */
static int
same(const struct xf_buf *want, const char *s,
    int (*norm)(const char *, struct xf_buf *), struct xf_buf *tmp)
{
	if (want->len == 0)
		return 1;
	xf_buf_reset(tmp);
	if (norm(s, tmp) == -1)
		return -1;
	return tmp->len == want->len && memcmp(tmp->p, want->p, want->len) == 0;
}

/* The MATCH expression of the key terms of w, each a quoted string. */
static int
key_match(const struct want *w, struct xf_buf *out)
{
	struct xf_buf key = { 0 };
	int rc = 0;

	if (w->contact.len > 0)
		rc = xf_search_person_key(XF_KEY_CONTACT, w->contact.p,
		    w->contact.len, &key);
	if (rc == 0 && w->name.len > 0)
		rc = xf_search_person_key(XF_KEY_NAME, w->name.p, w->name.len,
		    &key);
	/* Key terms are letters and digits: quoted, never FTS5 syntax. */
	if (rc == 0)
		rc = xf_search_match(key.p, out);
	xf_buf_free(&key);
	return rc;
}

static int
push(int64_t **v, size_t *n, size_t *cap, int64_t id)
{
	int64_t *p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		if ((p = realloc(*v, *cap * sizeof(*p))) == NULL)
			return -1;
		*v = p;
	}
	(*v)[(*n)++] = id;
	return 0;
}

/* The complaints the index keys as w's, each compared in full. */
static int
collect(struct xf_store *s, const struct want *w, const char *match,
    int64_t **ids, size_t *n, struct xf_err *err)
{
	struct xf_buf tmp = { 0 };
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, a = 1, b = 1;

	if (xf_store_prepare(s, "SELECT id, contact, complainant FROM complaint"
	    " WHERE id IN (SELECT rowid FROM complaint_fts"
	    " WHERE complaint_fts MATCH ?1) ORDER BY id", &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = same(&w->contact, (const char *)sqlite3_column_text(st, 1),
		    xf_contact_norm, &tmp);
		b = same(&w->name, (const char *)sqlite3_column_text(st, 2),
		    xf_name_norm, &tmp);
		if (a == -1 || b == -1 || (a && b &&
		    push(ids, n, &cap, sqlite3_column_int64(st, 0)) == -1))
			break;
	}
	sqlite3_finalize(st);
	xf_buf_free(&tmp);
	if (rc == SQLITE_ROW)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "finding a person", err);
	return 0;
}

int
xf_person_ids(struct xf_store *s, const char *contact, const char *name,
    int64_t **ids, size_t *n, struct xf_err *err)
{
	struct want w = { { 0 }, { 0 } };
	struct xf_buf match = { 0 };
	int64_t added;
	int rc = -1;

	*ids = NULL;
	*n = 0;
	if (xf_contact_norm(contact, &w.contact) == -1 ||
	    xf_name_norm(name, &w.name) == -1) {
		want_free(&w);
		return xf_errf(err, "out of memory");
	}
	if ((contact != NULL && w.contact.len == 0) ||
	    (name != NULL && w.name.len == 0) ||
	    (contact == NULL && name == NULL)) {
		want_free(&w);
		return xf_errf(err, contact != NULL && w.contact.len == 0 ?
		    "no address or number in the contact" : name != NULL &&
		    w.name.len == 0 ? "no name to find" :
		    "no contact or name to find a person by");
	}
	if (key_match(&w, &match) == -1)
		xf_errf(err, "out of memory");
	else if (xf_search_sync(s->db, &added, err) == 0)
		rc = collect(s, &w, match.p, ids, n, err);
	if (rc == -1) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	xf_buf_free(&match);
	want_free(&w);
	return rc;
}
