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

int
xf_event_personal_field(const char *field)
{
	static const char *const personal[] = {
		"complainant", "contact", "subject", "body", "extra",
		"sender", "recipient", "comment",
	};
	size_t i;

	if (field == NULL)
		return 0;
	for (i = 0; i < sizeof(personal) / sizeof(personal[0]); i++)
		if (strcmp(field, personal[i]) == 0)
			return 1;
	return 0;
}

/* An absent field and an empty one are the same to the row's reader. */
static void
hash_opt(struct xf_sha256 *c, const char *s)
{
	hash_text(c, s != NULL && *s != '\0' ? s : NULL);
}

void
xf_content_digest(const char *complainant, const char *contact,
    const char *subject, const char *body, const char *extra,
    unsigned char out[XF_SHA256_LEN])
{
	struct xf_sha256 c;

	xf_sha256_init(&c);
	hash_text(&c, "xf-content-1");
	hash_opt(&c, complainant);
	hash_opt(&c, contact);
	hash_opt(&c, subject);
	hash_opt(&c, body);
	hash_opt(&c, extra);
	xf_sha256_final(&c, out);
}

static int
has_personal(const struct xf_event *ev)
{
	return ev->reason != NULL || (xf_event_personal_field(ev->field) &&
	    (ev->old != NULL || ev->new != NULL));
}

/* The digest of an event's personal part under its salt. */
static void
personal_digest(const struct xf_event *ev, const unsigned char *salt,
    unsigned char out[XF_SHA256_LEN])
{
	struct xf_sha256 c;
	int p = xf_event_personal_field(ev->field);

	xf_sha256_init(&c);
	hash_text(&c, "xf-personal-1");
	if (salt != NULL)
		hash_bytes(&c, (const char *)salt, XF_EVENT_SALT);
	else
		hash_text(&c, NULL);
	hash_text(&c, p ? ev->old : NULL);
	hash_text(&c, p ? ev->new : NULL);
	hash_text(&c, ev->reason);
	xf_sha256_final(&c, out);
}

/* Format 1, the events written before schema 9: every field as it is. */
static void
event_hash_1(int64_t id, const struct xf_event *ev, const char *prev,
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

/*
 * Format 2, the one definition shared by writer and verifier: the
 * personal part by its digest pd, so erasing it leaves the hash whole.
 */
static void
event_hash(int64_t id, const struct xf_event *ev,
    const unsigned char pd[XF_SHA256_LEN], const char *prev,
    char out[XF_SHA256_HEXLEN])
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];
	int p = xf_event_personal_field(ev->field);

	xf_sha256_init(&c);
	hash_text(&c, "xf-event-2");
	hash_int(&c, id);
	hash_int(&c, ev->complaint_id);
	hash_int(&c, ev->at);
	hash_text(&c, ev->actor);
	hash_text(&c, ev->kind);
	hash_text(&c, ev->field);
	hash_text(&c, p ? NULL : ev->old);
	hash_text(&c, p ? NULL : ev->new);
	if (ev->has_content)
		hash_bytes(&c, (const char *)ev->content, XF_SHA256_LEN);
	else
		hash_text(&c, NULL);
	hash_bytes(&c, (const char *)pd, XF_SHA256_LEN);
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
    "field, old, new, reason, prev_hash, hash, format, salt, content) VALUES "
#define ROW_SQL	"(?,?,?,?,?,?,?,?,?,?,?,2,?,?)"
#define NCOL	13	/* parameters a row */

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

/* A fresh salt, or -1 when the system gives no random bytes. */
static const unsigned char *
salt_next(struct xf_chain *c, struct xf_err *err)
{
	if (c->used == 0 || c->used >= sizeof(c->salts)) {
		if (xf_random_bytes(c->salts, sizeof(c->salts), err) == -1)
			return NULL;
		c->used = 0;
	}
	c->used += XF_EVENT_SALT;
	return c->salts + c->used - XF_EVENT_SALT;
}

/* Binds event id, hashed onto prev, as row i of st; hash is its own. */
static int
bind_event(struct xf_chain *c, sqlite3_stmt *st, int i, int64_t id,
    const struct xf_event *ev, const char *prev, char hash[XF_SHA256_HEXLEN],
    struct xf_err *err)
{
	const unsigned char *salt = NULL;
	unsigned char pd[XF_SHA256_LEN];
	int b = i * NCOL;

	if (has_personal(ev) && (salt = salt_next(c, err)) == NULL)
		return -1;
	personal_digest(ev, salt, pd);
	event_hash(id, ev, pd, prev, hash);
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
	/* The pool may be read again before the statement runs. */
	if (salt != NULL)
		sqlite3_bind_blob(st, b + 12, salt, XF_EVENT_SALT,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, b + 12);
	if (ev->has_content)
		sqlite3_bind_blob(st, b + 13, ev->content, XF_SHA256_LEN,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, b + 13);
	return 0;
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
	if (bind_event(c, c->insert, 0, c->head_id + 1, ev, c->head_hash,
	    hash, err) == -1 || insert(s, c->insert, err) == -1)
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
		if (bind_event(c, c->group, (int)i, c->head_id + 1 +
		    (int64_t)i, &ev[i], prev, c->hashes[i], err) == -1)
			return -1;
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

#define VERIFY_SQL "SELECT id, complaint_id, at, actor, kind, field, old, " \
    "new, reason, prev_hash, hash, format, salt, content, pdigest, erased " \
    "FROM event"

/* A blob column of exactly len bytes, or NULL. */
static const unsigned char *
col_blob(sqlite3_stmt *st, int i, int len)
{
	const void *p = sqlite3_column_blob(st, i);

	return p != NULL && sqlite3_column_bytes(st, i) == len ? p : NULL;
}

static void
event_of_row(sqlite3_stmt *st, struct xf_event *ev)
{
	const unsigned char *content = col_blob(st, 13, XF_SHA256_LEN);

	memset(ev, 0, sizeof(*ev));
	ev->complaint_id = sqlite3_column_int64(st, 1);
	ev->at = sqlite3_column_int64(st, 2);
	ev->actor = col_text(st, 3);
	ev->kind = col_text(st, 4);
	ev->field = col_text(st, 5);
	ev->old = col_text(st, 6);
	ev->new = col_text(st, 7);
	ev->reason = col_text(st, 8);
	if (content != NULL) {
		ev->has_content = 1;
		memcpy(ev->content, content, XF_SHA256_LEN);
	}
}

/*
 * The hash row st should have.  0 when known; 1 for an erased format 1
 * event, whose contents are gone from what its hash covered (stored is
 * then taken on trust, and its link still checked by the next event).
 */
static int
expected_hash(sqlite3_stmt *st, int64_t id, const char *prev,
    char hash[XF_SHA256_HEXLEN], struct xf_err *err)
{
	struct xf_event ev;
	const unsigned char *salt, *pd;
	unsigned char mine[XF_SHA256_LEN];
	int erased = sqlite3_column_int(st, 15);

	event_of_row(st, &ev);
	if (sqlite3_column_int(st, 11) == 1) {
		if (erased)
			return 1;
		event_hash_1(id, &ev, prev, hash);
		return 0;
	}
	if (erased) {
		if ((pd = col_blob(st, 14, XF_SHA256_LEN)) == NULL)
			return xf_errf(err, "event %lld: erased without its "
			    "digest", (long long)id);
	} else {
		salt = col_blob(st, 12, XF_EVENT_SALT);
		if (salt == NULL && has_personal(&ev))
			return xf_errf(err, "event %lld: contents do not match "
			    "its hash (its salt is missing)", (long long)id);
		personal_digest(&ev, salt, mine);
		pd = mine;
	}
	event_hash(id, &ev, pd, prev, hash);
	return 0;
}

static int
verify_row(sqlite3_stmt *st, int64_t want_id, const char *prev,
    char hash[XF_SHA256_HEXLEN], struct xf_err *err)
{
	int64_t id = sqlite3_column_int64(st, 0);
	const char *stored_prev = col_text(st, 9), *stored = col_text(st, 10);
	int rc;

	if (id != want_id)
		return xf_errf(err, "event %lld: expected event %lld (an event "
		    "was removed or inserted)", (long long)id,
		    (long long)want_id);
	if (stored_prev == NULL || strcmp(stored_prev, prev) != 0)
		return xf_errf(err, "event %lld: previous hash does not match "
		    "event %lld", (long long)id, (long long)id - 1);
	if ((rc = expected_hash(st, id, prev, hash, err)) == -1)
		return -1;
	if (stored == NULL || strlen(stored) != XF_SHA256_HEXLEN - 1)
		return xf_errf(err, "event %lld: its hash is missing or "
		    "malformed", (long long)id);
	if (rc == 1)
		memcpy(hash, stored, XF_SHA256_HEXLEN);
	else if (strcmp(stored, hash) != 0)
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

	if (xf_store_prepare(s, VERIFY_SQL " ORDER BY id", &st, err) == -1)
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

int
xf_event_erased(struct xf_store *s, int64_t *erased, int64_t *old,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT count(*), total(format = 1) FROM "
	    "event WHERE erased = 1", &st, err) == -1)
		return -1;
	rc = sqlite3_step(st);
	*erased = sqlite3_column_int64(st, 0);
	*old = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "counting erased events", err);
	return 0;
}

#define ERASE_SQL "UPDATE event SET erased = 1, salt = NULL, reason = NULL, " \
    "old = CASE WHEN ?2 THEN NULL ELSE old END, " \
    "new = CASE WHEN ?2 THEN NULL ELSE new END, pdigest = ?3 WHERE id = ?1"

/* Erases the one event row st (VERIFY_SQL) holds, by up: 1, or 0 when
 * it holds nothing personal. */
static int
erase_row(struct xf_store *s, sqlite3_stmt *st, sqlite3_stmt *up,
    struct xf_err *err)
{
	struct xf_event ev;
	unsigned char pd[XF_SHA256_LEN];
	int rc;

	event_of_row(st, &ev);
	if (!has_personal(&ev))
		return 0;
	sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
	sqlite3_bind_int(up, 2, xf_event_personal_field(ev.field));
	if (sqlite3_column_int(st, 11) == 2) {
		personal_digest(&ev, col_blob(st, 12, XF_EVENT_SALT), pd);
		sqlite3_bind_blob(up, 3, pd, sizeof(pd), SQLITE_STATIC);
	} else
		sqlite3_bind_null(up, 3);
	rc = sqlite3_step(up);
	sqlite3_reset(up);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "erasing an event", err);
	return 1;
}

int
xf_event_erase(struct xf_store *s, int64_t id, int64_t *n,
    struct xf_err *err)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	int rc, erased = 0;

	*n = 0;
	if (xf_store_prepare(s, VERIFY_SQL " WHERE complaint_id = ?1 AND "
	    "erased = 0 ORDER BY id", &st, err) == -1 ||
	    xf_store_prepare(s, ERASE_SQL, &up, err) == -1) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (erased = erase_row(s, st, up, err)) != -1)
		*n += erased;
	if (erased == -1)
		rc = -1;
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = xf_store_fail(s, "reading events to erase", err);
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return rc;
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
