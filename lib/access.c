/*
 * access.c: an access request answered (issue 15): everything the store
 * holds about one person, as one JSON object, and an event on each of
 * their complaints saying that it was disclosed.
 *
 * The person is found by xf_person_ids, the one function erasure and
 * xf-status list --contact use too, so what is disclosed is what would
 * be erased.  Every column of every row is written as stored, by the
 * column's own name (SELECT *: a column a later schema adds is disclosed
 * without a change here): integers and reals as numbers, text as
 * strings, blobs as base64.  Evidence kept zlib-compressed (a message's
 * raw bytes, an attachment's data) is written as the original bytes.
 *
 * An inbound message the complainant's address did not send and nobody
 * accepted as theirs (trust unverified or refused) is another person's:
 * it is left out, and counted; so is the personal part (old, new,
 * reason) of the events that record such a message (unverified,
 * refuse), which names its sender: the event itself stays, marked.
 *
 * The record of the disclosure is an event of kind "access" whose
 * reason is the request's reference and nothing else: the log must not
 * hold again what was asked for.  xf_access_request_ok refuses a
 * reference that holds an address, a number or the name.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xf.h"

/* A statement of one complaint's rows, in id order. */
static const char complaint_sql[] = "SELECT * FROM complaint WHERE id = ?1";
static const char message_sql[] =
    "SELECT * FROM message WHERE complaint_id = ?1 AND NOT (direction = 'in'"
    " AND (trust = 'unverified' OR trust = 'refused')) ORDER BY id";
static const char withheld_sql[] =
    "SELECT count(*) FROM message WHERE complaint_id = ?1 AND"
    " direction = 'in' AND (trust = 'unverified' OR trust = 'refused')";
static const char attachment_sql[] =
    "SELECT * FROM attachment WHERE message_id = ?1 ORDER BY id";
static const char event_sql[] =
    "SELECT * FROM event WHERE complaint_id = ?1 ORDER BY id";
static const char outbox_sql[] =
    "SELECT * FROM outbox WHERE complaint_id = ?1 ORDER BY id";
static const char survey_sql[] =
    "SELECT * FROM survey WHERE complaint_id = ?1 ORDER BY id";

/* How a table's rows are written: a column kept zlib-compressed and
 * the column of its size; for events, the strangers' parts withheld. */
struct packed {
	const char	*col, *size;
	int		 events;
};

static const struct packed message_packed = { "raw", "raw_size", 0 };
static const struct packed attachment_packed = { "data", "size", 0 };
static const struct packed event_packed = { NULL, NULL, 1 };

struct exp {
	struct xf_store	*s;
	struct xf_buf	*out;
	struct xf_buf	 tmp;
	int		 oom;
};

static void
put(struct exp *x, const char *s)
{
	if (xf_buf_adds(x->out, s) == -1)
		x->oom = 1;
}

static void
put_str(struct exp *x, const char *s, size_t len)
{
	if (xf_json_str(x->out, s, len) == -1)
		x->oom = 1;
}

static void
put_int(struct exp *x, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	put(x, num);
}

/* "name": */
static void
put_key(struct exp *x, const char *name, int first)
{
	if (!first)
		put(x, ",");
	put_str(x, name, strlen(name));
	put(x, ":");
}

static void
put_base64(struct exp *x, const void *p, size_t len)
{
	put(x, "\"");
	if (xf_base64(x->out, p, len, 0) == -1)
		x->oom = 1;
	put(x, "\"");
}

/* The column named name of st's row, -1 when it has none. */
static int
col_index(sqlite3_stmt *st, const char *name)
{
	int i;

	for (i = 0; i < sqlite3_column_count(st); i++)
		if (strcmp(sqlite3_column_name(st, i), name) == 0)
			return i;
	return -1;
}

/* Column i, compressed, as the base64 of its bytes; null when damaged
 * (a disclosure goes on: the rest of it is still owed). */
static void
put_unpacked(struct exp *x, sqlite3_stmt *st, int i, int size_col)
{
	uLongf n;

	if (size_col < 0 || sqlite3_column_type(st, i) != SQLITE_BLOB) {
		put(x, "null");
		return;
	}
	n = (uLongf)sqlite3_column_int64(st, size_col);
	xf_buf_reset(&x->tmp);
	if (xf_buf_grow(&x->tmp, n + 1) == -1) {
		x->oom = 1;
		return;
	}
	if (uncompress((Bytef *)x->tmp.p, &n, sqlite3_column_blob(st, i),
	    (uLong)sqlite3_column_bytes(st, i)) != Z_OK) {
		put(x, "null");
		return;
	}
	put_base64(x, x->tmp.p, n);
}

static void
put_value(struct exp *x, sqlite3_stmt *st, int i)
{
	char num[32];

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		put_int(x, sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		snprintf(num, sizeof(num), "%.17g",
		    sqlite3_column_double(st, i));
		put(x, num);
		break;
	case SQLITE_TEXT:
		put_str(x, (const char *)sqlite3_column_text(st, i),
		    (size_t)sqlite3_column_bytes(st, i));
		break;
	case SQLITE_BLOB:
		put_base64(x, sqlite3_column_blob(st, i),
		    (size_t)sqlite3_column_bytes(st, i));
		break;
	default:
		put(x, "null");
	}
}

/* 1 when st's row is an event about a stranger's message. */
static int
strangers(sqlite3_stmt *st)
{
	const char *kind;
	int i = col_index(st, "kind");

	if (i < 0 || (kind = (const char *)sqlite3_column_text(st, i)) == NULL)
		return 0;
	return strcmp(kind, "unverified") == 0 || strcmp(kind, "refuse") == 0;
}

/* The personal part of an event (event.c). */
static int
personal_col(const char *name)
{
	return strcmp(name, "old") == 0 || strcmp(name, "new") == 0 ||
	    strcmp(name, "reason") == 0;
}

/* The members of st's row, every column by its name; the object is
 * left open for the caller's own members. */
static void
put_row(struct exp *x, sqlite3_stmt *st, const struct packed *pk)
{
	const char *name;
	int i, size_col = -1, withhold = 0;

	if (pk != NULL && pk->size != NULL)
		size_col = col_index(st, pk->size);
	if (pk != NULL && pk->events)
		withhold = strangers(st);
	put(x, "{");
	for (i = 0; i < sqlite3_column_count(st); i++) {
		name = sqlite3_column_name(st, i);
		put_key(x, name, i == 0);
		if (pk != NULL && pk->col != NULL && strcmp(name, pk->col) == 0)
			put_unpacked(x, st, i, size_col);
		else if (withhold && personal_col(name))
			put(x, "null");
		else
			put_value(x, st, i);
	}
	if (withhold) {
		put_key(x, "withheld", 0);
		put(x, "true");
	}
}

static int
prepare(struct exp *x, const char *sql, int64_t id, sqlite3_stmt **st,
    struct xf_err *err)
{
	if (xf_store_prepare(x->s, sql, st, err) == -1)
		return -1;
	sqlite3_bind_int64(*st, 1, id);
	return 0;
}

static int
step_done(struct exp *x, sqlite3_stmt *st, int rc, struct xf_err *err)
{
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(x->s, "reading what is held", err);
	if (x->oom)
		return xf_errf(err, "out of memory");
	return 0;
}

/* "key": [ the rows of sql for id ] */
static int
put_rows(struct exp *x, const char *key, const char *sql, int64_t id,
    const struct packed *pk, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (prepare(x, sql, id, &st, err) == -1)
		return -1;
	put_key(x, key, 0);
	put(x, "[");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ > 0)
			put(x, ",");
		put_row(x, st, pk);
		put(x, "}");
	}
	put(x, "]");
	return step_done(x, st, rc, err);
}

/* "messages": each with its "attachments". */
static int
put_messages(struct exp *x, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (prepare(x, message_sql, id, &st, err) == -1)
		return -1;
	put_key(x, "messages", 0);
	put(x, "[");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ > 0)
			put(x, ",");
		put_row(x, st, &message_packed);
		if (put_rows(x, "attachments", attachment_sql,
		    sqlite3_column_int64(st, 0), &attachment_packed,
		    err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		put(x, "}");
	}
	put(x, "]");
	return step_done(x, st, rc, err);
}

static int
put_withheld(struct exp *x, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(x, withheld_sql, id, &st, err) == -1)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		put_key(x, "messages_withheld", 0);
		put_int(x, sqlite3_column_int64(st, 0));
		rc = SQLITE_DONE;
	}
	return step_done(x, st, rc, err);
}

/* One complaint: its row, then what hangs off it. */
static int
put_complaint(struct exp *x, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(x, complaint_sql, id, &st, err) == -1)
		return -1;
	/* Found in this transaction: a row gone is the store's fault. */
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (step_done(x, st, rc, err) == 0)
			xf_errf(err, "complaint %lld vanished", (long long)id);
		return -1;
	}
	put_row(x, st, NULL);
	sqlite3_finalize(st);
	if (put_messages(x, id, err) == -1 || put_withheld(x, id, err) == -1 ||
	    put_rows(x, "events", event_sql, id, &event_packed, err) == -1 ||
	    put_rows(x, "outbox", outbox_sql, id, NULL, err) == -1 ||
	    put_rows(x, "surveys", survey_sql, id, NULL, err) == -1)
		return -1;
	put(x, "}");
	return x->oom ? xf_errf(err, "out of memory") : 0;
}

static void
put_opt(struct exp *x, const char *key, const char *s)
{
	put_key(x, key, 0);
	if (s != NULL)
		put_str(x, s, strlen(s));
	else
		put(x, "null");
}

/* The whole answer: who asked, for whom, and the complaints. */
static int
put_all(struct exp *x, const struct xf_access *a, const int64_t *ids,
    size_t n, struct xf_err *err)
{
	char at[XF_TIMELEN];
	size_t i;

	put(x, "{");
	put_key(x, "request", 1);
	put_str(x, a->request, strlen(a->request));
	put_key(x, "exported_at", 0);
	if (xf_time_format(a->now, at, sizeof(at)) == -1)
		put_int(x, a->now);
	else
		put_str(x, at, strlen(at));
	put_opt(x, "contact", a->contact);
	put_opt(x, "complainant", a->complainant);
	put_key(x, "complaints", 0);
	put(x, "[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			put(x, ",");
		if (put_complaint(x, ids[i], err) == -1)
			return -1;
	}
	put(x, "]}\n");
	return x->oom ? xf_errf(err, "out of memory") : 0;
}

/*
 * The record: an access event on each complaint disclosed, or on none
 * when nothing was held (the request was still answered).  new is how
 * many complaints were disclosed; the reason is the request's
 * reference.
 */
static int
record(struct xf_store *s, const struct xf_access *a, const int64_t *ids,
    size_t n, struct xf_err *err)
{
	struct xf_event ev = { .at = a->now, .actor = a->actor,
	    .kind = "access", .reason = a->request };
	char count[24];
	size_t i;

	snprintf(count, sizeof(count), "%zu", n);
	ev.new = count;
	if (n == 0)
		return xf_event_add(s, &ev, err);
	for (i = 0; i < n; i++) {
		ev.complaint_id = ids[i];
		if (xf_event_add(s, &ev, err) == -1)
			return -1;
	}
	return 0;
}

/* 1 when s holds t, as normalised by norm, or t as it is. */
static int
holds(const char *s, const char *t, int (*norm)(const char *,
    struct xf_buf *))
{
	struct xf_buf a = { 0 }, b = { 0 };
	int rc;

	if (t == NULL || *t == '\0')
		return 0;
	if (norm(s, &a) == -1 || norm(t, &b) == -1)
		rc = -1;
	else
		rc = strstr(s, t) != NULL || (b.len > 0 &&
		    strstr(a.p, b.p) != NULL);
	xf_buf_free(&a);
	xf_buf_free(&b);
	return rc;
}

int
xf_access_request_ok(const char *request, const char *contact,
    const char *name, struct xf_err *err)
{
	struct xf_buf masked = { 0 };
	unsigned found = 0;
	int rc;

	if (request == NULL || *request == '\0')
		return xf_errf(err, "no request reference");
	rc = xf_redact(request, strlen(request), &masked, &found);
	xf_buf_free(&masked);
	if (rc == -1)
		return xf_errf(err, "out of memory");
	if (found != 0 || strchr(request, '@') != NULL ||
	    holds(request, contact, xf_contact_norm) != 0 ||
	    holds(request, name, xf_name_norm) != 0)
		return xf_errf(err, "the request reference '%s' holds personal "
		    "data: the log records it; give the request's own number",
		    request);
	return 0;
}

int
xf_access_export(struct xf_store *s, const struct xf_access *a,
    struct xf_buf *out, size_t *n, struct xf_err *err)
{
	struct exp x = { .s = s, .out = out };
	int64_t *ids = NULL, added;
	int rc = -1;

	*n = 0;
	if (xf_access_request_ok(a->request, a->contact, a->complainant,
	    err) == -1 ||
	    xf_role_check(s, a->actor, XF_ACT_ACCESS, 0, err) == -1)
		return 1;
	/* The index brought up to date in its own transactions, so the
	 * one below holds the lock only for this person's rows. */
	if (xf_search_sync(s->db, &added, err) == -1 ||
	    xf_store_begin(s, err) == -1)
		return -1;
	if (xf_person_ids(s, a->contact, a->complainant, &ids, n, err) == 0 &&
	    put_all(&x, a, ids, *n, err) == 0 &&
	    record(s, a, ids, *n, err) == 0)
		rc = xf_store_commit(s, err);
	if (rc == -1) {
		xf_store_rollback(s);
		*n = 0;
	}
	free(ids);
	xf_buf_free(&x.tmp);
	return rc;
}
