/*
 * register.c: turning a validated record into a stored complaint with its
 * "created" event, once.
 *
 * The UNIQUE index on dedupe_key is the dedupe: INSERT ... ON CONFLICT DO
 * NOTHING costs one index probe, needs no memory per row, and holds across
 * processes.  Ids are handed out by the writer (max + 1 under BEGIN
 * IMMEDIATE) so the ref can be written with the row, not patched after.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"

static const char INSERT_SQL[] =
    "INSERT INTO complaint (id, ref, received_at, registered_at, updated_at,"
    " channel, kind, complainant, contact, subject, body, source, ext_id,"
    " dedupe_key, extra, parent_id, batch)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(dedupe_key) DO NOTHING";

static const char FIND_SQL[] =
    "SELECT ref, id, batch FROM complaint WHERE dedupe_key = ?";

int
xf_reg_open(struct xf_registrar *g, struct xf_store *s, const char *actor,
    int64_t now, struct xf_err *err)
{
	struct xf_reg_state *rs;
	time_t t = (time_t)now;
	struct tm tm;

	memset(g, 0, sizeof(*g));
	g->store = s;
	g->actor = actor;
	g->now = now;
	if ((rs = g->state = calloc(1, sizeof(*rs))) == NULL)
		return xf_errf(err, "out of memory");
	rs->lockfd = -1;
	localtime_r(&t, &tm);
	rs->year = tm.tm_year + 1900;
	if (xf_store_prepare(s, INSERT_SQL, &rs->insert, err) == -1 ||
	    xf_store_prepare(s, FIND_SQL, &rs->find, err) == -1 ||
	    xf_batch_open(g, err) == -1) {
		xf_reg_close(g);
		return -1;
	}
	return 0;
}

void
xf_reg_close(struct xf_registrar *g)
{
	struct xf_reg_state *rs = g->state;

	if (rs == NULL)
		return;
	sqlite3_finalize(rs->insert);
	sqlite3_finalize(rs->find);
	xf_batch_close(g);
	free(rs);
	g->state = NULL;
}

int
xf_reg_begin(struct xf_registrar *g, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_begin(g->store, err) == -1)
		return -1;
	if (xf_store_prepare(g->store, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM complaint", &st, err) == -1)
		goto fail;
	rc = sqlite3_step(st);
	g->state->next_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		xf_store_fail(g->store, "reading the next id", err);
		goto fail;
	}
	if (xf_batch_begin(g, err) == 0)
		return 0;
fail:
	xf_store_rollback(g->store);
	return -1;
}

static int
present(const char *s)
{
	return s != NULL && *s != '\0';
}

/*
 * The ext_id when there is one, else an e-mail's Message-ID, else the
 * content key: a row that carries its sender's id is the same
 * complaint exactly when the id is, whatever was retyped.  Without one,
 * only a re-delivery is the same: the same words from the same person
 * and contact at the same second.  The id itself is the key, not a hash
 * of it: senders number their complaints in order, so keys arrive in
 * index order and a million-row import stays within the page cache; a
 * content key leads with the time for the same reason (xf_content_key).
 * A leading byte keeps the three kinds of key apart (ext_id, content
 * and Message-ID).
 */
enum { KEY_EXTID = 1, KEY_MSGID = 3 };	/* and XF_KEY_CONTENT */

static int
dedupe_key(const struct xf_complaint *c, unsigned char *key, size_t *len)
{
	const char *id = c->v[XF_F_EXTID];
	/* Without a received time, "now" would make a re-import on another
	 * day look new; such rows are the same whatever the time. */
	struct xf_fpin fp = {
		.subject = c->v[XF_F_SUBJECT], .body = c->v[XF_F_BODY],
		.complainant = c->v[XF_F_COMPLAINANT],
		.contact = c->v[XF_F_CONTACT],
		.at = c->received_at, .timed = !c->received_unknown,
	};
	size_t n;

	if (present(id) || present(c->message_id)) {
		key[0] = present(id) ? KEY_EXTID : KEY_MSGID;
		if (!present(id))
			id = c->message_id;
		/* A Message-ID may be any length; its first KB is key enough. */
		if ((n = strlen(id)) > XF_KEY_MAX - 1)
			n = XF_KEY_MAX - 1;
		memcpy(key + 1, id, n);
		*len = n + 1;
		return 0;
	}
	*len = XF_CKEYLEN;
	return xf_content_key(&fp, key);
}

static void
bind_complaint(struct xf_registrar *g, const struct xf_complaint *c,
    const char *ref, const unsigned char *key, size_t keylen, int64_t batch)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st = rs->insert;

	sqlite3_bind_int64(st, 1, rs->next_id);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->received_at);
	sqlite3_bind_int64(st, 4, g->now);
	sqlite3_bind_int64(st, 5, g->now);
	sqlite3_bind_text(st, 6, c->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->kind, -1, SQLITE_STATIC);
	xf_bind_opt(st, 8, c->v[XF_F_COMPLAINANT]);
	xf_bind_opt(st, 9, c->v[XF_F_CONTACT]);
	xf_bind_opt(st, 10, c->v[XF_F_SUBJECT]);
	xf_bind_opt(st, 11, c->v[XF_F_BODY]);
	sqlite3_bind_text(st, 12, c->source, -1, SQLITE_STATIC);
	xf_bind_opt(st, 13, c->v[XF_F_EXTID]);
	sqlite3_bind_blob(st, 14, key, (int)keylen, SQLITE_STATIC);
	xf_bind_opt(st, 15, c->extra);
	if (c->parent_id)
		sqlite3_bind_int64(st, 16, c->parent_id);
	sqlite3_bind_int64(st, 17, batch);
}

static int
find_existing(struct xf_registrar *g, const unsigned char *key,
    size_t keylen, char ref[XF_REFLEN], struct xf_err *err)
{
	sqlite3_stmt *st = g->state->find;
	int rc;

	int64_t id, batch;

	sqlite3_bind_blob(st, 1, key, (int)keylen, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(ref, XF_REFLEN, "%s", sqlite3_column_text(st, 0));
	id = sqlite3_column_int64(st, 1);
	batch = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(g->store, "finding a duplicate", err);
	return xf_reg_adopt(g, id, batch, err);
}

static int
created_event(struct xf_registrar *g, const struct xf_complaint *c,
    struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = g->state->next_id,
		.at = g->now,
		.actor = g->actor,
		.kind = "created",
		.field = "status",
		.new = "new",
		.reason = c->source,
	};

	return xf_event_add(g->store, &ev, err);
}

/* XF-2026-000123, without printf: formatted for every row imported. */
static void
ref_of(int year, int64_t id, char ref[XF_REFLEN])
{
	char *p = ref;

	memcpy(p, "XF-", 3);
	p += 3;
	p += xf_put_uint(p, (uint64_t)year, 4);
	*p++ = '-';
	xf_put_uint(p, (uint64_t)id, 6);
}

int
xf_reg_add(struct xf_registrar *g, const struct xf_complaint *c,
    char ref[XF_REFLEN], int *dup, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	unsigned char key[XF_KEY_MAX];
	size_t keylen;
	int64_t batch;
	int rc;

	*dup = 0;
	g->adopted = 0;
	if (strlen(c->v[XF_F_EXTID] ? c->v[XF_F_EXTID] : "") > XF_EXTID_MAX)
		return xf_errf(err, "ext_id longer than %d bytes", XF_EXTID_MAX);

	if (dedupe_key(c, key, &keylen) == -1)
		return xf_errf(err, "out of memory");
	if (xf_batch_id(g, &batch, err) == -1)
		return -1;
	ref_of(rs->year, rs->next_id, ref);
	bind_complaint(g, c, ref, key, keylen, batch);
	rc = sqlite3_step(rs->insert);
	sqlite3_reset(rs->insert);
	sqlite3_clear_bindings(rs->insert);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->store, "registering a complaint", err);
	if (sqlite3_changes(g->store->db) == 0) {
		*dup = 1;
		return find_existing(g, key, keylen, ref, err);
	}
	if (xf_batch_use(g, err) == -1 || created_event(g, c, err) == -1)
		return -1;
	rs->next_id++;
	return 0;
}

int64_t
xf_reg_last_id(const struct xf_registrar *g)
{
	return g->state->next_id - 1;
}
