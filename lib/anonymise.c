/*
 * anonymise.c: retention and erasure (issue 15).  A complaint kept past
 * its time (xf-status purge), or one whose complainant asked to be
 * forgotten (xf-status erase), loses everything that says who wrote it
 * and what they wrote, and keeps everything a report counts: times,
 * channel, kind, category, priority, flags, status, owner, deadlines,
 * and its events with their personal parts erased (event.c keeps their
 * digests, so the chain still verifies).
 *
 * The row is cleared, not deleted: reports of past periods, the event
 * chain and the dedupe keys (so a re-import of an old export does not
 * bring the complaint back) all point at it.  The dedupe key and the
 * SimHash are digests of the text, which confirm a guess at best.
 *
 * Clearing a column leaves its old bytes in the file unless SQLite
 * overwrites them (secure_delete), in the -wal until it is checkpointed
 * and truncated, in the search index until its segments are rewritten,
 * and in pages freed before secure_delete was on until VACUUM; so a run
 * ends with xf_anon_scrub.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xf.h"

/* When a complaint was finished: closed, or rejected by its last event
 * that rejected it (a rejection has no column of its own). */
#define FINISHED_SQL "CASE WHEN c.status = 'closed' THEN c.closed_at " \
    "WHEN c.status = 'rejected' THEN (SELECT max(e.at) FROM event e " \
    "WHERE e.complaint_id = c.id AND e.field = 'status' AND " \
    "e.new = 'rejected') END"

/* Anonymised since it last changed: a second purge passes it by. */
#define ANONYMISED_SQL "EXISTS (SELECT 1 FROM event e WHERE " \
    "e.complaint_id = c.id AND (e.kind = 'purged' OR e.kind = 'erased') " \
    "AND e.at >= c.updated_at)"

static const char purge_sql[] =
	"SELECT c.id, c.ref, c.status, " FINISHED_SQL " AS fin "
	"FROM complaint c WHERE (c.status = 'closed' OR "
	"c.status = 'rejected') AND fin < ?1 AND NOT " ANONYMISED_SQL
	" ORDER BY c.id";

static const char item_sql[] =
	"SELECT c.id, c.ref, c.status, " FINISHED_SQL " FROM complaint c "
	"WHERE c.id = ?1";

/* Each statement of an anonymising, ?1 the complaint, ?2 the empty
 * original a message is left with. */
static const char *const clear_sql[] = {
	"UPDATE complaint SET complainant = NULL, contact = NULL, "
	    "subject = NULL, body = NULL, extra = NULL WHERE id = ?1",
	/* Attachments first: they are found through their messages. */
	"UPDATE attachment SET name = NULL, data = NULL WHERE message_id IN "
	    "(SELECT id FROM message WHERE complaint_id = ?1)",
	"UPDATE message SET sender = NULL, sender_name = NULL, "
	    "subject = NULL, body = '', raw = ?2, raw_size = 0 "
	    "WHERE complaint_id = ?1",
	/* A notice not yet delivered has nowhere to go now. */
	"UPDATE outbox SET recipient = '', subject = '', body = '', "
	    "last_error = NULL, state = CASE WHEN state = 'queued' OR "
	    "state = 'sending' THEN 'cancelled' ELSE state END "
	    "WHERE complaint_id = ?1",
	"UPDATE survey SET contact = '', comment = NULL "
	    "WHERE complaint_id = ?1",
};

void
xf_anon_list_free(struct xf_anon_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static struct xf_anon_item *
list_next(struct xf_anon_list *l)
{
	struct xf_anon_item *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 64;
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	v = &l->v[l->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* Appends the row at st (id, ref, status, finished). */
static int
list_add_row(struct xf_anon_list *l, sqlite3_stmt *st, struct xf_err *err)
{
	struct xf_anon_item *it;

	if ((it = list_next(l)) == NULL)
		return xf_errf(err, "out of memory");
	it->id = sqlite3_column_int64(st, 0);
	xf_column_copy(st, 1, it->ref, sizeof(it->ref));
	xf_column_copy(st, 2, it->status, sizeof(it->status));
	it->finished = sqlite3_column_int64(st, 3);
	return 0;
}

/* Every row of st, bound already, appended to l. */
static int
list_rows(struct xf_store *s, sqlite3_stmt *st, struct xf_anon_list *l,
    struct xf_err *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (list_add_row(l, st, err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "listing complaints to anonymise", err);
	return 0;
}

int
xf_purge_list(struct xf_store *s, int64_t before, struct xf_anon_list *l,
    struct xf_err *err)
{
	sqlite3_stmt *st;

	if (xf_store_prepare(s, purge_sql, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	return list_rows(s, st, l, err);
}

int
xf_erase_list(struct xf_store *s, const char *contact,
    const char *complainant, struct xf_anon_list *l, struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t *ids;
	size_t i, n;
	int rc = 0;

	if (xf_person_ids(s, contact, complainant, &ids, &n, err) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = xf_store_prepare(s, item_sql, &st, err)) == -1)
			break;
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = list_rows(s, st, l, err);
	}
	free(ids);
	return rc;
}

/* 1 when complaint id is closed or rejected, 0 when not. */
static int
is_finished(struct xf_store *s, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *st;
	const char *status;
	int rc, yes = 0;

	if (xf_store_prepare(s, "SELECT status FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = (const char *)sqlite3_column_text(st, 0);
		yes = status != NULL && (strcmp(status, "closed") == 0 ||
		    strcmp(status, "rejected") == 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a complaint", err);
	return yes;
}

/* The statements of clear_sql, for complaint id. */
static int
clear_rows(struct xf_store *s, int64_t id, struct xf_err *err)
{
	unsigned char raw[32];
	uLongf rawlen = sizeof(raw);
	sqlite3_stmt *st;
	size_t i;
	int rc;

	/* An empty original that still uncompresses, for its readers. */
	if (compress2(raw, &rawlen, (const Bytef *)"", 0,
	    Z_DEFAULT_COMPRESSION) != Z_OK)
		return xf_errf(err, "zlib: cannot compress nothing");
	for (i = 0; i < nitems(clear_sql); i++) {
		if (xf_store_prepare(s, clear_sql[i], &st, err) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_blob(st, 2, raw, (int)rawlen,
			    SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return xf_store_fail(s, "anonymising a complaint", err);
	}
	return 0;
}

int
xf_anonymise(struct xf_store *s, int64_t id, const struct xf_anon_how *how,
    struct xf_err *err)
{
	struct xf_event ev = { 0 };
	int64_t erased;
	int rc;

	if (how->finished_only && (rc = is_finished(s, id, err)) != 1)
		return rc == 0 ? 1 : -1;
	/* The terms go first: they are made from the text as it was. */
	if (xf_search_forget(s->db, id, err) == -1 ||
	    clear_rows(s, id, err) == -1 ||
	    xf_event_erase(s, id, &erased, err) == -1)
		return -1;
	ev.complaint_id = id;
	ev.at = how->now;
	ev.actor = how->actor;
	ev.kind = how->kind;
	ev.reason = how->reason;
	ev.has_content = 1;
	xf_content_digest(NULL, NULL, NULL, NULL, NULL, ev.content);
	return xf_event_add(s, &ev, err);
}

int
xf_anon_batch(struct xf_store *s, struct xf_anon_list *l, size_t from,
    size_t n, const struct xf_anon_how *how, struct xf_err *err)
{
	size_t i;
	int rc = 0;

	if (sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return xf_store_fail(s, "turning secure_delete on", err);
	if (xf_store_begin(s, err) == -1)
		return -1;
	for (i = from; i < from + n && i < l->n && rc != -1; i++)
		if ((rc = xf_anonymise(s, l->v[i].id, how, err)) == 0)
			l->v[i].done = 1;
	if (rc != -1 && xf_store_commit(s, err) == 0)
		return 0;
	if (rc == -1)
		xf_store_rollback(s);
	for (i = from; i < from + n && i < l->n; i++)
		l->v[i].done = 0;
	return -1;
}

/* PRAGMA wal_checkpoint(TRUNCATE): -1 with s->busy when a reader kept
 * it from emptying the -wal. */
static int
checkpoint(struct xf_store *s, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, busy = 0;

	if (xf_store_prepare(s, "PRAGMA wal_checkpoint(TRUNCATE)", &st,
	    err) == -1)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		busy = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "checkpointing the -wal", err);
	if (busy) {
		s->busy = 1;
		return xf_errf(err, "%s: the -wal could not be emptied: a "
		    "reader holds it (run again when it is done)", s->path);
	}
	return 0;
}

int
xf_anon_scrub(struct xf_store *s, struct xf_err *err)
{
	if (xf_store_begin(s, err) == -1)
		return -1;
	if (xf_search_optimize(s->db, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	if (xf_store_commit(s, err) == -1 || checkpoint(s, err) == -1)
		return -1;
	if (sqlite3_exec(s->db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
		return xf_store_fail(s, "rebuilding the file (VACUUM)", err);
	return checkpoint(s, err);
}
