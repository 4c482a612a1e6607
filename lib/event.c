/*
 * event.c: the append-only, hash-chained history of every change.
 *
 * Each event's hash is SHA-256 over a length-prefixed encoding of its own
 * fields and the previous event's hash, so altering, inserting or removing
 * any past event breaks every link after it.  The id is part of the hash,
 * so the writer assigns it (head id + 1) inside its BEGIN IMMEDIATE.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "xf-private.h"

static const char GENESIS[XF_SHA256_HEXLEN] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Decimal digits of v, written backwards from end; returns the start.
 * (snprintf was a tenth of a bulk import's time.) */
static char *
decimal(char *end, int64_t v)
{
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--end = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--end = '-';
	return end;
}

/* "LEN:TEXT", or "~" for NULL, so no two field lists hash alike. */
static void
hash_bytes(struct xf_sha256 *c, const char *s, size_t n)
{
	char num[24], *p;

	num[sizeof(num) - 1] = ':';
	p = decimal(num + sizeof(num) - 1, (int64_t)n);
	xf_sha256_update(c, p, (size_t)(num + sizeof(num) - p));
	xf_sha256_update(c, s, n);
}

static void
hash_text(struct xf_sha256 *c, const char *s)
{
	if (s == NULL)
		xf_sha256_update(c, "~", 1);
	else
		hash_bytes(c, s, strlen(s));
}

static void
hash_int(struct xf_sha256 *c, int64_t v)
{
	char num[24], *p = decimal(num + sizeof(num), v);

	hash_bytes(c, p, (size_t)(num + sizeof(num) - p));
}

/* The one definition of an event's hash, shared by writer and verifier. */
static void
event_hash(int64_t id, const struct xf_event *ev, const char *prev,
    char out[XF_SHA256_HEXLEN])
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];

	xf_sha256_init(&c);
	hash_text(&c, "xf-event-1");
	hash_int(&c, id);
	hash_int(&c, ev->complaint_id);
	hash_int(&c, ev->at);
	hash_text(&c, ev->actor);
	hash_text(&c, ev->kind);
	hash_text(&c, ev->field);
	hash_text(&c, ev->old);
	hash_text(&c, ev->new);
	hash_text(&c, ev->reason);
	hash_text(&c, prev);
	xf_sha256_final(&c, d);
	xf_hex(d, sizeof(d), out);
}

static int
load_head(struct xf_store *s, struct xf_err *err)
{
	struct xf_chain *c = s->chain;
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT id, hash FROM event "
	    "ORDER BY id DESC LIMIT 1", &st, err) == -1)
		return -1;
	rc = sqlite3_step(st);
	c->head_id = 0;
	memcpy(c->head_hash, GENESIS, sizeof(GENESIS));
	if (rc == SQLITE_ROW) {
		c->head_id = sqlite3_column_int64(st, 0);
		snprintf(c->head_hash, sizeof(c->head_hash), "%s",
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the event chain", err);
	c->known = 1;
	return 0;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int
utf8_text(const char *t)
{
	return t == NULL || xf_utf8_valid(t, strlen(t));
}

/* The history is evidence: nothing in it may be stored broken. */
static int
utf8_fields(const struct xf_event *ev)
{
	return utf8_text(ev->actor) && utf8_text(ev->kind) &&
	    utf8_text(ev->field) && utf8_text(ev->old) &&
	    utf8_text(ev->new) && utf8_text(ev->reason);
}

#define INSERT_SQL	"INSERT INTO event (id, complaint_id, at, actor, kind, " \
    "field, old, new, reason, prev_hash, hash) VALUES "
#define ROW_SQL	"(?,?,?,?,?,?,?,?,?,?,?)"
#define NCOL	11	/* parameters a row */

/* The chain's head, known, and ready to take events. */
static int
chain_ready(struct xf_store *s, const struct xf_event *ev, size_t n,
    struct xf_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!utf8_fields(&ev[i]))
			return xf_errf(err, "%s: an event's text is not valid "
			    "UTF-8 (%s event)", s->path,
			    ev[i].kind ? ev[i].kind : "an unnamed");
	if (s->chain == NULL &&
	    (s->chain = calloc(1, sizeof(*s->chain))) == NULL)
		return xf_errf(err, "out of memory");
	if (!s->chain->known && load_head(s, err) == -1)
		return -1;
	return 0;
}

/* Binds event id, hashed onto prev, as row i of st; hash is its own. */
static void
bind_event(sqlite3_stmt *st, int i, int64_t id, const struct xf_event *ev,
    const char *prev, char hash[XF_SHA256_HEXLEN])
{
	int b = i * NCOL;

	event_hash(id, ev, prev, hash);
	sqlite3_bind_int64(st, b + 1, id);
	if (ev->complaint_id)
		sqlite3_bind_int64(st, b + 2, ev->complaint_id);
	else
		sqlite3_bind_null(st, b + 2);
	sqlite3_bind_int64(st, b + 3, ev->at);
	bind_text(st, b + 4, ev->actor);
	bind_text(st, b + 5, ev->kind);
	bind_text(st, b + 6, ev->field);
	bind_text(st, b + 7, ev->old);
	bind_text(st, b + 8, ev->new);
	bind_text(st, b + 9, ev->reason);
	sqlite3_bind_text(st, b + 10, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, b + 11, hash, -1, SQLITE_STATIC);
}

/* Every parameter is bound for each event: no clear_bindings. */
static int
insert(struct xf_store *s, sqlite3_stmt *st, struct xf_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		s->chain->known = 0;
		return xf_store_fail(s, "recording an event", err);
	}
	return 0;
}

int
xf_event_add(struct xf_store *s, const struct xf_event *ev,
    struct xf_err *err)
{
	struct xf_chain *c;
	char hash[XF_SHA256_HEXLEN];

	if (chain_ready(s, ev, 1, err) == -1)
		return -1;
	c = s->chain;
	if (c->insert == NULL &&
	    xf_store_prepare(s, INSERT_SQL ROW_SQL, &c->insert, err) == -1)
		return -1;
	bind_event(c->insert, 0, c->head_id + 1, ev, c->head_hash, hash);
	if (insert(s, c->insert, err) == -1)
		return -1;
	c->head_id++;
	memcpy(c->head_hash, hash, sizeof(hash));
	return 0;
}

/* The INSERT of n events, and room for their hashes, made once. */
static int
group_ready(struct xf_store *s, size_t n, struct xf_err *err)
{
	struct xf_chain *c = s->chain;
	struct xf_buf sql = { 0 };
	size_t i;
	int rc = 0;

	if (c->group != NULL && c->ngroup == n)
		return 0;
	sqlite3_finalize(c->group);
	c->group = NULL;
	c->ngroup = 0;
	free(c->hashes);
	if ((c->hashes = calloc(n, sizeof(*c->hashes))) == NULL)
		return xf_errf(err, "out of memory");
	rc = xf_buf_adds(&sql, INSERT_SQL);
	for (i = 0; i < n && rc == 0; i++)
		rc = xf_buf_adds(&sql, i ? "," ROW_SQL : ROW_SQL);
	if (rc == -1)
		rc = xf_errf(err, "out of memory");
	else if ((rc = xf_store_prepare(s, sql.p, &c->group, err)) == 0)
		c->ngroup = n;
	xf_buf_free(&sql);
	return rc;
}

/*
 * One statement for n events: SQLite opens the table's and each
 * index's cursor once for them all and adds each event after the last
 * without a search from the root, where n statements search n times
 * (xf_reg_flush, register.c, says what it saves).
 */
int
xf_event_add_group(struct xf_store *s, const struct xf_event *ev,
    size_t n, struct xf_err *err)
{
	struct xf_chain *c;
	const char *prev;
	size_t i;

	if (n == 0)
		return 0;
	/* An SQLite with too few parameters a statement: one at a time. */
	if (sqlite3_limit(s->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) <
	    (int)(n * NCOL)) {
		for (i = 0; i < n; i++)
			if (xf_event_add(s, &ev[i], err) == -1)
				return -1;
		return 0;
	}
	if (chain_ready(s, ev, n, err) == -1 || group_ready(s, n, err) == -1)
		return -1;
	c = s->chain;
	prev = c->head_hash;
	for (i = 0; i < n; i++) {
		bind_event(c->group, (int)i, c->head_id + 1 + (int64_t)i,
		    &ev[i], prev, c->hashes[i]);
		prev = c->hashes[i];
	}
	if (insert(s, c->group, err) == -1)
		return -1;
	c->head_id += (int64_t)n;
	memcpy(c->head_hash, c->hashes[n - 1], sizeof(c->head_hash));
	return 0;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int
verify_row(sqlite3_stmt *st, int64_t want_id, const char *prev,
    char hash[XF_SHA256_HEXLEN], struct xf_err *err)
{
	struct xf_event ev;
	int64_t id = sqlite3_column_int64(st, 0);
	const char *stored_prev = col_text(st, 9), *stored = col_text(st, 10);

	ev.complaint_id = sqlite3_column_int64(st, 1);
	ev.at = sqlite3_column_int64(st, 2);
	ev.actor = col_text(st, 3);
	ev.kind = col_text(st, 4);
	ev.field = col_text(st, 5);
	ev.old = col_text(st, 6);
	ev.new = col_text(st, 7);
	ev.reason = col_text(st, 8);
	if (id != want_id)
		return xf_errf(err, "event %lld: expected event %lld (an event "
		    "was removed or inserted)", (long long)id,
		    (long long)want_id);
	if (stored_prev == NULL || strcmp(stored_prev, prev) != 0)
		return xf_errf(err, "event %lld: previous hash does not match "
		    "event %lld", (long long)id, (long long)id - 1);
	event_hash(id, &ev, prev, hash);
	if (stored == NULL || strcmp(stored, hash) != 0)
		return xf_errf(err, "event %lld: contents do not match its "
		    "hash (altered after it was written)", (long long)id);
	return 0;
}

int
xf_event_verify(struct xf_store *s, int64_t *count,
    char head[XF_SHA256_HEXLEN], struct xf_err *err)
{
	sqlite3_stmt *st;
	char prev[XF_SHA256_HEXLEN], hash[XF_SHA256_HEXLEN];
	int64_t n = 0;
	int rc;

	if (xf_store_prepare(s, "SELECT id, complaint_id, at, actor, kind, "
	    "field, old, new, reason, prev_hash, hash FROM event ORDER BY id",
	    &st, err) == -1)
		return -1;
	memcpy(prev, GENESIS, sizeof(prev));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (verify_row(st, n + 1, prev, hash, err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		memcpy(prev, hash, sizeof(prev));
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the event chain", err);
	*count = n;
	memcpy(head, prev, XF_SHA256_HEXLEN);
	return 0;
}

const char *
xf_actor(char *buf, size_t len)
{
	const char *env = getenv("XF_ACTOR");
	struct passwd *pw;

	if (env != NULL && *env != '\0')
		snprintf(buf, len, "%s", env);
	else if ((pw = getpwuid(geteuid())) != NULL)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "uid%lu", (unsigned long)geteuid());
	return buf;
}
