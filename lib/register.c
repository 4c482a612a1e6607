/*
 * register.c: turning a validated record into a stored complaint with its
 * "created" event, once.
 *
 * The UNIQUE index on dedupe_key is the dedupe: INSERT ... ON CONFLICT DO
 * NOTHING costs one index probe, needs no memory per row, and holds across
 * processes.  Ids are handed out by the writer (max + 1 under BEGIN
 * IMMEDIATE) so the ref can be written with the row, not patched after.
 *
 * A bulk import queues its rows (xf_reg_queue) and registers them
 * XF_REG_GROUP at a time: one INSERT of the group's complaints, without
 * ON CONFLICT, so a duplicate anywhere in it fails the statement, which
 * SQLite undoes alone; then the group goes a row at a time as above, and
 * ids keep no gaps.  What a row costs SQLite is mostly the statement
 * around it: a statement opens a cursor on the table and each of its ten
 * indexes and searches each from the root, where a group's rows after
 * the first find the cursors already at the end.  200,000 short rows
 * (scripts/bench): 2.15 s of CPU a row at a time, 1.35 s in groups.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"

#define INSERT_SQL \
    "INSERT INTO complaint (id, ref, received_at, registered_at, updated_at," \
    " channel, kind, complainant, contact, subject, body, source, ext_id," \
    " dedupe_key, extra, parent_id, batch) VALUES "
#define ROW_SQL		"(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define NCOL		17	/* parameters a row */

/* A duplicate of a complaint merged into another (merge.c) is named
 * by its survivor, where its matter is handled now. */
static const char FIND_SQL[] =
    "SELECT coalesce((SELECT p.ref FROM complaint p WHERE p.id ="
    " c.parent_id AND EXISTS (SELECT 1 FROM event WHERE complaint_id ="
    " c.id AND kind = 'merge' AND field = 'status')), c.ref), c.id,"
    " c.batch FROM complaint c WHERE c.dedupe_key = ?";

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
	if (xf_store_bulk(s, err) == -1) {
		xf_reg_close(g);
		return -1;
	}
	if (xf_store_prepare(s, INSERT_SQL ROW_SQL
	    " ON CONFLICT(dedupe_key) DO NOTHING", &rs->insert, err) == -1 ||
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
	sqlite3_finalize(rs->group);
	sqlite3_finalize(rs->find);
	xf_batch_close(g);
	free(rs->q);
	xf_buf_free(&rs->arena);
	free(rs);
	g->state = NULL;
}

int
xf_reg_begin(struct xf_registrar *g, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	xf_reg_drop(g);
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

/* Binds c as row i of st, with the id the ref names. */
static void
bind_complaint(struct xf_registrar *g, sqlite3_stmt *st, int i, int64_t id,
    const struct xf_complaint *c, const char *ref, const unsigned char *key,
    size_t keylen, int64_t batch)
{
	int b = i * NCOL;

	sqlite3_bind_int64(st, b + 1, id);
	sqlite3_bind_text(st, b + 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, b + 3, c->received_at);
	sqlite3_bind_int64(st, b + 4, g->now);
	sqlite3_bind_int64(st, b + 5, g->now);
	sqlite3_bind_text(st, b + 6, c->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, b + 7, c->kind, -1, SQLITE_STATIC);
	xf_bind_opt(st, b + 8, c->v[XF_F_COMPLAINANT]);
	xf_bind_opt(st, b + 9, c->v[XF_F_CONTACT]);
	xf_bind_opt(st, b + 10, c->v[XF_F_SUBJECT]);
	xf_bind_opt(st, b + 11, c->v[XF_F_BODY]);
	sqlite3_bind_text(st, b + 12, c->source, -1, SQLITE_STATIC);
	xf_bind_opt(st, b + 13, c->v[XF_F_EXTID]);
	sqlite3_bind_blob(st, b + 14, key, (int)keylen, SQLITE_STATIC);
	xf_bind_opt(st, b + 15, c->extra);
	if (c->parent_id)
		sqlite3_bind_int64(st, b + 16, c->parent_id);
	else
		sqlite3_bind_null(st, b + 16);
	sqlite3_bind_int64(st, b + 17, batch);
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

static void
created(struct xf_registrar *g, int64_t id, const struct xf_complaint *c,
    struct xf_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->complaint_id = id;
	ev->at = g->now;
	ev->actor = g->actor;
	ev->kind = "created";
	ev->field = "status";
	ev->new = "new";
	ev->reason = c->source;
	ev->has_content = 1;
	xf_content_digest(c->v[XF_F_COMPLAINANT], c->v[XF_F_CONTACT],
	    c->v[XF_F_SUBJECT], c->v[XF_F_BODY], c->extra, ev->content);
}

static int
created_event(struct xf_registrar *g, const struct xf_complaint *c,
    struct xf_err *err)
{
	struct xf_event ev;

	created(g, g->state->next_id, c, &ev);
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

static int
extid_fits(const struct xf_complaint *c, struct xf_err *err)
{
	if (strlen(c->v[XF_F_EXTID] ? c->v[XF_F_EXTID] : "") > XF_EXTID_MAX)
		return xf_errf(err, "ext_id longer than %d bytes", XF_EXTID_MAX);
	return 0;
}

/* xf_reg_add once the row's key is known. */
static int
add_keyed(struct xf_registrar *g, const struct xf_complaint *c,
    const unsigned char *key, size_t keylen, char ref[XF_REFLEN], int *dup,
    struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	int64_t batch;
	int rc;

	*dup = 0;
	g->adopted = 0;
	if (xf_batch_id(g, &batch, err) == -1)
		return -1;
	ref_of(rs->year, rs->next_id, ref);
	bind_complaint(g, rs->insert, 0, rs->next_id, c, ref, key, keylen,
	    batch);
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

int
xf_reg_add(struct xf_registrar *g, const struct xf_complaint *c,
    char ref[XF_REFLEN], int *dup, struct xf_err *err)
{
	unsigned char key[XF_KEY_MAX];
	size_t keylen;

	*dup = 0;
	g->adopted = 0;
	if (extid_fits(c, err) == -1)
		return -1;
	if (dedupe_key(c, key, &keylen) == -1)
		return xf_errf(err, "out of memory");
	return add_keyed(g, c, key, keylen, ref, dup, err);
}

/* --- many rows at once ------------------------------------------------ */

enum { Q_CHANNEL = XF_NFIELD, Q_KIND, Q_SOURCE, Q_EXTRA, Q_KEY };
#define NOTHING	((size_t)-1)

/* The offset of a copy of s (with its NUL) in the arena, or NOTHING. */
static int
keep(struct xf_buf *arena, const void *s, size_t n, size_t *off)
{
	*off = NOTHING;
	if (s == NULL)
		return 0;
	*off = arena->len;
	/* xf_buf_add ends what it holds with a NUL: one more byte, kept. */
	if (xf_buf_add(arena, s, n) == -1 || xf_buf_addc(arena, '\0') == -1)
		return -1;
	return 0;
}

static int
keeps(struct xf_buf *arena, const char *s, size_t *off)
{
	return keep(arena, s, s ? strlen(s) : 0, off);
}

int
xf_reg_queue(struct xf_registrar *g, const struct xf_complaint *c,
    struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	struct xf_qrow *q;
	struct xf_buf *a = &rs->arena;
	unsigned char key[XF_KEY_MAX];
	int f, bad = 0;

	if (extid_fits(c, err) == -1)
		return -1;
	if (c->past.nstep > 0)
		return xf_errf(err, "a row with history queued: register "
		    "it with xf_reg_add");
	if (rs->q == NULL &&
	    (rs->q = calloc(XF_REG_GROUP, sizeof(*rs->q))) == NULL)
		return xf_errf(err, "out of memory");
	if (rs->nq == XF_REG_GROUP)
		return xf_errf(err, "registration queue full: flush it");
	q = &rs->q[rs->nq];
	memset(q, 0, sizeof(*q));
	q->c.received_at = c->received_at;
	q->c.received_unknown = c->received_unknown;
	q->c.parent_id = c->parent_id;
	if (dedupe_key(c, key, &q->keylen) == -1)
		return xf_errf(err, "out of memory");
	for (f = 0; f < XF_NFIELD; f++)
		bad |= keeps(a, c->v[f], &q->off[f]);
	bad |= keeps(a, c->channel, &q->off[Q_CHANNEL]);
	bad |= keeps(a, c->kind, &q->off[Q_KIND]);
	bad |= keeps(a, c->source, &q->off[Q_SOURCE]);
	bad |= keeps(a, c->extra, &q->off[Q_EXTRA]);
	bad |= keep(a, key, q->keylen, &q->off[Q_KEY]);
	if (bad)
		return xf_errf(err, "out of memory");
	rs->nq++;
	return 0;
}

size_t
xf_reg_queued(const struct xf_registrar *g)
{
	return g->state->nq;
}

void
xf_reg_drop(struct xf_registrar *g)
{
	g->state->nq = 0;
	xf_buf_reset(&g->state->arena);
}

static const char *
at(const struct xf_buf *a, size_t off)
{
	return off == NOTHING ? NULL : a->p + off;
}

/* The queued rows' pointers, into the arena as it now stands. */
static void
unpack(struct xf_reg_state *rs)
{
	struct xf_qrow *q;
	size_t i;
	int f;

	for (i = 0; i < rs->nq; i++) {
		q = &rs->q[i];
		for (f = 0; f < XF_NFIELD; f++)
			q->c.v[f] = at(&rs->arena, q->off[f]);
		q->c.channel = at(&rs->arena, q->off[Q_CHANNEL]);
		q->c.kind = at(&rs->arena, q->off[Q_KIND]);
		q->c.source = at(&rs->arena, q->off[Q_SOURCE]);
		q->c.extra = at(&rs->arena, q->off[Q_EXTRA]);
	}
}

static const unsigned char *
key_of(const struct xf_reg_state *rs, const struct xf_qrow *q)
{
	return (const unsigned char *)rs->arena.p + q->off[Q_KEY];
}

/*
 * The whole queue by one INSERT, and their events by another: 0, or 1
 * when some row is a duplicate (of a stored complaint or of another in
 * the queue) and the INSERT, atomic as every statement is, stored
 * nothing: the rows then go one at a time, so ids stay without gaps.
 * SQLite opens each cursor once for the statement and adds each row
 * after the last without a search from the root: for 200,000 short rows,
 * the complaints took 0.64 s of CPU this way against 1.07 s a row at a
 * time (a bare harness, the same rows and schema).
 */
static int
add_group(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	struct xf_event ev[XF_REG_GROUP];
	struct xf_qrow *q;
	int64_t batch;
	size_t i;
	int rc;

	if (rs->group == NULL) {
		struct xf_buf sql = { 0 };

		rc = xf_buf_adds(&sql, INSERT_SQL);
		for (i = 0; i < XF_REG_GROUP && rc == 0; i++)
			rc = xf_buf_adds(&sql, i ? "," ROW_SQL : ROW_SQL);
		if (rc == 0)
			rc = xf_store_prepare(g->store, sql.p, &rs->group,
			    err);
		else
			rc = xf_errf(err, "out of memory");
		xf_buf_free(&sql);
		if (rc == -1)
			return -1;
	}
	if (xf_batch_id(g, &batch, err) == -1)
		return -1;
	for (i = 0; i < rs->nq; i++) {
		q = &rs->q[i];
		ref_of(rs->year, rs->next_id + (int64_t)i, q->ref);
		bind_complaint(g, rs->group, (int)i, rs->next_id + (int64_t)i,
		    &q->c, q->ref, key_of(rs, q), q->keylen, batch);
	}
	/* Every parameter is bound again for the next group: no
	 * sqlite3_clear_bindings, which costs 3,400 of them a group. */
	rc = sqlite3_step(rs->group);
	sqlite3_reset(rs->group);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return 1;
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->store, "registering complaints", err);
	for (i = 0; i < rs->nq; i++)
		created(g, rs->next_id + (int64_t)i, &rs->q[i].c, &ev[i]);
	if (xf_batch_use(g, err) == -1 ||
	    xf_event_add_group(g->store, ev, rs->nq, err) == -1)
		return -1;
	rs->next_id += (int64_t)rs->nq;
	return 0;
}

/*
 * 1 when row q is stored already.  Asked of a group's first row before
 * the group's INSERT: a file imported again is all duplicates, and one
 * lookup a group spares binding 3,400 parameters only to see the first
 * row fail.  (Re-importing 200,000 rows of scripts/bench took the same
 * time, 1.2 to 1.4 s of CPU, before groups and after.)
 */
static int
stored(struct xf_registrar *g, const struct xf_qrow *q)
{
	sqlite3_stmt *st = g->state->find;
	int rc;

	sqlite3_bind_blob(st, 1, key_of(g->state, q), (int)q->keylen,
	    SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

/* An SQLite built with fewer parameters a statement than a group needs
 * (999 before 3.32) registers one row at a time. */
static int
groups_fit(struct xf_registrar *g)
{
	return sqlite3_limit(g->store->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) >=
	    NCOL * XF_REG_GROUP;
}

static int
flush(struct xf_registrar *g, xf_reg_fn done, void *arg, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	struct xf_qrow *q;
	size_t i;
	int rc = 1, dup;

	unpack(rs);
	if (rs->nq == XF_REG_GROUP && groups_fit(g) && !stored(g, &rs->q[0]) &&
	    (rc = add_group(g, err)) == -1)
		return -1;
	g->adopted = 0;
	for (i = 0; i < rs->nq; i++) {
		q = &rs->q[i];
		dup = 0;
		if (rc == 1 && add_keyed(g, &q->c, key_of(rs, q), q->keylen,
		    q->ref, &dup, err) == -1)
			return -1;
		if (done(arg, &q->c, q->ref, dup, err) == -1)
			return -1;
	}
	return 0;
}

int
xf_reg_flush(struct xf_registrar *g, xf_reg_fn done, void *arg,
    struct xf_err *err)
{
	int rc = flush(g, done, arg, err);

	xf_reg_drop(g);
	return rc;
}

int64_t
xf_reg_last_id(const struct xf_registrar *g)
{
	return g->state->next_id - 1;
}
