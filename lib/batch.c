/*
 * batch.c: which intake stored each complaint, and whether it printed
 * it, so a change that reached the store is always printed or findable.
 *
 * Every commit unit of a run that stores a complaint (or takes one over)
 * gets a batch row, and each complaint records its batch.  Once the
 * unit is committed and its rows written out, the batch is marked
 * reported, in the next unit's transaction (no extra commit) or, for the
 * last one, in a small transaction of its own (xf_reg_finish).  A kill
 * or a closed pipe between COMMIT and the mark leaves the batch
 * unreported; a later run that meets one of its complaints as a
 * duplicate prints it and takes it over (its batch becomes the run's
 * own), so it is reported when that run's output is.  At least once:
 * a kill between the write and the mark prints a unit again.
 *
 * A run that is still going prints its own batches: while it lives it
 * holds a write lock (fcntl) on the byte of each of its batch ids in a
 * file beside the store, <store>-batch.  The kernel drops the locks of
 * a killed process, so a batch unreported and unlocked is one whose run
 * is gone, and only those are taken over: two runs of the same input at
 * once print each complaint once.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "xf-private.h"

static const char NEXT_SQL[] = "SELECT coalesce(max(id), 0) + 1 FROM batch";
static const char BATCH_SQL[] =
    "INSERT INTO batch (id, run, started_at, actor) VALUES (?1, ?2, ?3, ?4)";
static const char MARK_SQL[] =
    "UPDATE batch SET reported = 1 WHERE id = ?1";
static const char ADOPT_SQL[] =
    "UPDATE complaint SET batch = ?1 WHERE id = ?2";
static const char REPORTED_SQL[] =
    "SELECT reported FROM batch WHERE id = ?1";
static const char LOAD_SQL[] =
    "SELECT ref, received_at, channel, complainant, subject, source"
    " FROM complaint WHERE id = ?1";

static int	committed(struct xf_registrar *g);

static int
ids_push(struct xf_ids *v, int64_t id)
{
	int64_t *p;
	size_t cap;

	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 8;
		if ((p = realloc(v->id, cap * sizeof(*p))) == NULL)
			return -1;
		v->id = p;
		v->cap = cap;
	}
	v->id[v->n++] = id;
	return 0;
}

/* The lock file, with the store's permissions; -1 when there is none
 * (a scratch store, a folder not writable): runs then cannot tell a
 * live one, and a complaint may be printed by two of them. */
static int
lock_open(const char *store)
{
	struct stat sb;
	char *path;
	size_t n;
	int fd;

	if (strcmp(store, ":memory:") == 0 || stat(store, &sb) == -1)
		return -1;
	n = strlen(store) + sizeof("-batch");
	if ((path = malloc(n)) == NULL)
		return -1;
	snprintf(path, n, "%s-batch", store);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC,
	    sb.st_mode & XF_SIDE_MODE);
	free(path);
	if (fd == -1)
		return -1;
	/* Past the umask, as the store; root's file would be the owner's
	 * no more (SQLite gives its -wal and -shm the store's owner too). */
	(void)fchmod(fd, sb.st_mode & XF_SIDE_MODE);
	if (geteuid() == 0)
		(void)fchown(fd, sb.st_uid, sb.st_gid);
	return fd;
}

static int
lock_byte(int fd, int64_t id, short type, int cmd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = (off_t)id;
	fl.l_len = 1;
	if (fcntl(fd, cmd, &fl) == -1)
		return -1;
	return cmd == F_GETLK ? fl.l_type != F_UNLCK : 0;
}

/* 1 when a live run other than this one holds the batch. */
static int
live(const struct xf_registrar *g, int64_t batch)
{
	const struct xf_reg_state *rs = g->state;

	return rs->lockfd != -1 &&
	    lock_byte(rs->lockfd, batch, F_WRLCK, F_GETLK) == 1;
}

/*
 * The open unit's batch id, reserved on first need; the row itself is
 * written only once something refers to it (xf_batch_use; the column
 * is no foreign key, see share/schema-3.sql), so a unit of duplicates
 * writes nothing and commits without a sync.
 */
int
xf_batch_id(struct xf_registrar *g, int64_t *id, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st;
	int rc;

	if (rs->batch == 0) {
		if (xf_store_prepare(g->store, NEXT_SQL, &st, err) == -1)
			return -1;
		rc = sqlite3_step(st);
		rs->batch = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			rs->batch = 0;
			return xf_store_fail(g->store, "numbering a batch",
			    err);
		}
	}
	*id = rs->batch;
	return 0;
}

int
xf_batch_use(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	if (rs->batch_used)
		return 0;
	if (xf_batch_id(g, &id, err) == -1 ||
	    xf_store_prepare(g->store, BATCH_SQL, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, rs->run ? rs->run : id);
	sqlite3_bind_int64(st, 3, g->now);
	sqlite3_bind_text(st, 4, g->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->store, "recording a batch", err);
	/* Taken before COMMIT: no other run sees the batch unlocked while
	 * this one lives.  Failing, the batch may be printed twice. */
	if (rs->lockfd != -1)
		lock_byte(rs->lockfd, id, F_WRLCK, F_SETLK);
	rs->batch_used = 1;
	return 0;
}

static int
mark(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_DONE;

	if (rs->printed.n == 0)
		return 0;
	if (xf_store_prepare(g->store, MARK_SQL, &st, err) == -1)
		return -1;
	for (i = 0; i < rs->printed.n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(st, 1, rs->printed.id[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->store, "marking a batch reported", err);
	rs->marking = rs->printed.n;
	return 0;
}

/* Called by xf_reg_begin once the write lock is held. */
int
xf_batch_begin(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;

	/* A batch still open here was rolled back: its id is free again. */
	if (rs->batch != 0 && rs->batch_used && rs->lockfd != -1)
		lock_byte(rs->lockfd, rs->batch, F_UNLCK, F_SETLK);
	rs->batch = 0;
	rs->batch_used = 0;
	rs->marking = 0;
	return mark(g, err);
}

int
xf_reg_commit(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;

	if (!rs->batch_used)	/* reserved, never written */
		rs->batch = 0;
	if (xf_store_commit(g->store, err) == -1)
		return -1;
	return committed(g) == -1 ? xf_errf(err, "out of memory") : 0;
}

static int
committed(struct xf_registrar *g)
{
	struct xf_reg_state *rs = g->state;

	/* The marks made in that transaction are durable now.  (No
	 * memmove of an empty list: its pointer may still be NULL.) */
	if (rs->marking > 0) {
		memmove(rs->printed.id, rs->printed.id + rs->marking,
		    (rs->printed.n - rs->marking) * sizeof(*rs->printed.id));
		rs->printed.n -= rs->marking;
	}
	rs->marking = 0;
	if (rs->batch == 0)
		return 0;
	if (rs->run == 0)
		rs->run = rs->batch;
	if (ids_push(&rs->held, rs->batch) == -1)
		return -1;
	rs->batch = 0;
	return 0;
}

int
xf_reg_printed(struct xf_registrar *g)
{
	struct xf_reg_state *rs = g->state;
	size_t i;

	for (i = 0; i < rs->held.n; i++)
		if (ids_push(&rs->printed, rs->held.id[i]) == -1)
			return -1;
	rs->held.n = 0;
	return 0;
}

int
xf_reg_finish(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;

	if (rs->printed.n == 0)
		return 0;
	if (xf_store_begin(g->store, err) == -1)
		return -1;
	rs->marking = 0;
	if (mark(g, err) == -1) {
		xf_store_rollback(g->store);
		return -1;
	}
	return xf_reg_commit(g, err);
}

static int
ids_has(const struct xf_ids *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->id[i] == id)
			return 1;
	return 0;
}

/*
 * 1 when batch is marked reported.  The duplicates of a re-import come
 * in runs from one batch: the last batch found reported is remembered,
 * so the lookup costs once a batch, not once a row (measured: a join
 * per row made a re-import 10% slower).
 */
static int
reported(struct xf_registrar *g, int64_t batch, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st;
	int rc, yes;

	if (batch == rs->seen)
		return 1;
	if (xf_store_prepare(g->store, REPORTED_SQL, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	rc = sqlite3_step(st);
	yes = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(g->store, "reading a batch", err);
	if (yes)
		rs->seen = batch;
	return yes;
}

int
xf_reg_adopt(struct xf_registrar *g, int64_t id, int64_t batch,
    struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st;
	int64_t mine;
	int rc;

	/* Complaints from before version 3 (no batch) count as reported;
	 * this run's own are reported with the rest of its output (the
	 * lists are short: one or two ids, one a unit with -o table). */
	if (batch == 0 || batch == rs->batch || ids_has(&rs->held, batch) ||
	    ids_has(&rs->printed, batch))
		return 0;
	if ((rc = reported(g, batch, err)) != 0)
		return rc == 1 ? 0 : -1;
	/* A system call: asked only of the rare unreported batch. */
	if (live(g, batch))
		return 0;
	if (xf_batch_use(g, err) == -1 || xf_batch_id(g, &mine, err) == -1 ||
	    xf_store_prepare(g->store, ADOPT_SQL, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, mine);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->store, "taking over a complaint", err);
	g->adopted = id;
	return 0;
}

int
xf_reg_adopted(struct xf_registrar *g, struct xf_complaint *c,
    char ref[XF_REFLEN], struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;
	sqlite3_stmt *st;
	int rc;

	sqlite3_reset(rs->load);
	memset(c, 0, sizeof(*c));
	st = rs->load;
	sqlite3_bind_int64(st, 1, g->adopted);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		return xf_store_fail(g->store, "reading a complaint", err);
	snprintf(ref, XF_REFLEN, "%s", sqlite3_column_text(st, 0));
	c->received_at = sqlite3_column_int64(st, 1);
	c->channel = (const char *)sqlite3_column_text(st, 2);
	c->v[XF_F_COMPLAINANT] = (const char *)sqlite3_column_text(st, 3);
	c->v[XF_F_SUBJECT] = (const char *)sqlite3_column_text(st, 4);
	c->source = (const char *)sqlite3_column_text(st, 5);
	return 0;
}

int
xf_batch_open(struct xf_registrar *g, struct xf_err *err)
{
	struct xf_reg_state *rs = g->state;

	rs->lockfd = lock_open(g->store->path);
	return xf_store_prepare(g->store, LOAD_SQL, &rs->load, err);
}

void
xf_batch_close(struct xf_registrar *g)
{
	struct xf_reg_state *rs = g->state;

	if (rs->lockfd != -1)
		close(rs->lockfd);	/* drops this run's locks */
	rs->lockfd = -1;
	sqlite3_finalize(rs->load);
	rs->load = NULL;
	free(rs->held.id);
	free(rs->printed.id);
	memset(&rs->held, 0, sizeof(rs->held));
	memset(&rs->printed, 0, sizeof(rs->printed));
}
