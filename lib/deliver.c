/*
 * deliver.c: the outbox's rules of delivery (xf-notify(1)): which rows
 * are due, claiming one, and writing down how its delivery went.
 *
 * A row moves queued -> sending (claimed) -> sent, or back to queued
 * with a later next_at, or to failed.  Each move is one short BEGIN
 * IMMEDIATE transaction whose UPDATE names the state it expects, so of
 * two deliveries at once only one takes a row, and a row marked sent is
 * never claimed again.  What cannot be made atomic is the hand-over to
 * sendmail or a gateway: a delivery killed after the hand-over and
 * before its mark leaves the row 'sending' until the lease runs out,
 * and then it goes again.  So delivery is at least once, and never
 * again once marked sent.
 *
 * attempts counts claims, not failures: a message that kills its
 * delivery every time still runs out of attempts.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define BACKOFF_FIRST	(5 * XF_MINUTE)
#define BACKOFF_MAX	(6 * XF_HOUR)
#define ERROR_MAX	200	/* bytes of last_error */

int64_t
xf_deliver_backoff(int64_t attempts)
{
	int64_t d = BACKOFF_FIRST;

	while (--attempts > 0 && d < BACKOFF_MAX)
		d *= 2;
	return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

int
xf_deliver_due(struct xf_store *s, const char *channels, int64_t now,
    int64_t lease, int64_t **ids, size_t *n, struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t *v = NULL, *nv;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	/* For a stale claim next_at <= claimed_at <= now - lease, so
	 * "next_at <= now" holds for both kinds and the partial index
	 * outbox_pending serves the query. */
	if (xf_store_prepare(s, "SELECT id FROM outbox"
	    " WHERE (state = 'queued' OR state = 'sending') AND next_at <= ?1"
	    " AND (state = 'queued' OR claimed_at <= ?1 - ?2)"
	    " AND instr(',' || ?3 || ',', ',' || channel || ',') > 0"
	    " ORDER BY next_at, id",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, lease);
	sqlite3_bind_text(st, 3, channels, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = nv;
		}
		v[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return rc == SQLITE_NOMEM ? xf_errf(err, "out of memory") :
		    xf_store_fail(s, "reading the outbox", err);
	}
	*ids = v;
	return 0;
}

void
xf_outrow_free(struct xf_outrow *r)
{
	free(r->recipient);
	free(r->subject);
	free(r->body);
	free(r->message_id);
	free(r->in_reply_to);
	free(r->refs);
	memset(r, 0, sizeof(*r));
}

static char *
dup_text(sqlite3_stmt *st, int i, int *bad)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *d;

	if (t == NULL)
		return NULL;
	if ((d = strdup((const char *)t)) == NULL)
		*bad = 1;
	return d;
}

int
xf_deliver_load(struct xf_store *s, int64_t id, struct xf_outrow *r,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, bad = 0;

	memset(r, 0, sizeof(*r));
	if (xf_store_prepare(s, "SELECT o.id, o.complaint_id, c.ref, o.kind,"
	    " o.channel, o.lang, o.state, o.attempts, o.queued_at, o.next_at,"
	    " o.recipient, o.subject, o.body, o.message_id, o.in_reply_to,"
	    " o.refs FROM outbox o JOIN complaint c ON c.id = o.complaint_id"
	    " WHERE o.id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		r->complaint_id = sqlite3_column_int64(st, 1);
		xf_column_copy(st, 2, r->ref, sizeof(r->ref));
		xf_column_copy(st, 3, r->kind, sizeof(r->kind));
		xf_column_copy(st, 4, r->channel, sizeof(r->channel));
		xf_column_copy(st, 5, r->lang, sizeof(r->lang));
		xf_column_copy(st, 6, r->state, sizeof(r->state));
		r->attempts = sqlite3_column_int64(st, 7);
		r->queued_at = sqlite3_column_int64(st, 8);
		r->next_at = sqlite3_column_int64(st, 9);
		r->recipient = dup_text(st, 10, &bad);
		r->subject = dup_text(st, 11, &bad);
		r->body = dup_text(st, 12, &bad);
		r->message_id = dup_text(st, 13, &bad);
		r->in_reply_to = dup_text(st, 14, &bad);
		r->refs = dup_text(st, 15, &bad);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "no outbox row %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading the outbox", err);
	if (bad) {
		xf_outrow_free(r);
		return xf_errf(err, "out of memory");
	}
	return 0;
}

/* Runs st (bound) as the one statement of its own transaction's step:
 * the number of rows it changed, or -1. */
static int
change(struct xf_store *s, sqlite3_stmt *st, const char *what,
    struct xf_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, what, err);
	return sqlite3_changes(s->db);
}

int
xf_deliver_claim(struct xf_store *s, int64_t id, int64_t now, int64_t lease,
    const char *who, struct xf_outrow *r, struct xf_err *err)
{
	sqlite3_stmt *st;
	int n;

	memset(r, 0, sizeof(*r));
	if (xf_store_begin(s, err) == -1)
		return -1;
	if (xf_store_prepare(s, "UPDATE outbox SET state = 'sending',"
	    " claimed_at = ?2, claimed_by = ?4, attempts = attempts + 1"
	    " WHERE id = ?1 AND ((state = 'queued' AND next_at <= ?2) OR"
	    " (state = 'sending' AND claimed_at <= ?2 - ?3))", &st, err) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, lease);
	sqlite3_bind_text(st, 4, who, -1, SQLITE_STATIC);
	if ((n = change(s, st, "claiming an outbox row", err)) == -1)
		goto fail;
	if (n == 0) {			/* another delivery has it */
		xf_store_rollback(s);
		return 0;
	}
	if (xf_deliver_load(s, id, r, err) == -1 ||
	    xf_store_commit(s, err) == -1) {
		xf_outrow_free(r);
		goto fail;
	}
	return 1;
fail:
	xf_store_rollback(s);
	return -1;
}

int
xf_deliver_subject(const struct xf_outrow *r, struct xf_buf *out)
{
	char tag[XF_REFLEN + 2];

	/* Every subject names its complaint, so a reply that lost its
	 * References still finds it; the templates put it first. */
	snprintf(tag, sizeof(tag), "[%s]", r->ref);
	xf_buf_reset(out);
	if (strstr(r->subject, tag) == NULL)
		return xf_buf_printf(out, "%s %s", tag, r->subject);
	return xf_buf_adds(out, r->subject);
}

/* The state a row is in now, in buf ("" when there is none). */
static int
state_of(struct xf_store *s, int64_t id, char *buf, size_t len,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*buf = '\0';
	if (xf_store_prepare(s, "SELECT state FROM outbox WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		xf_column_copy(st, 0, buf, len);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the outbox", err);
	return 0;
}

/* The outgoing message and the event of a delivered row. */
static int
keep(struct xf_store *s, const struct xf_outrow *r,
    const struct xf_sent *how, struct xf_err *err)
{
	struct xf_buf subject = { 0 };
	struct xf_outmsg m = { 0 };
	char source[64], why[96];
	struct xf_event ev = {
		.complaint_id = r->complaint_id, .at = how->now,
		.actor = how->actor, .kind = "sent", .field = "outbox",
		.new = r->kind, .reason = why,
	};
	sqlite3_stmt *st;
	int64_t mid;
	int rc = -1;

	if (xf_deliver_subject(r, &subject) == -1)
		return xf_errf(err, "out of memory");
	snprintf(source, sizeof(source), "outbox:%lld", (long long)r->id);
	m.complaint_id = r->complaint_id;
	m.at = how->now;
	m.message_id = r->message_id;
	m.in_reply_to = r->in_reply_to;
	m.sender = how->sender;
	m.subject = xf_buf_str(&subject);
	m.body = r->body;
	m.raw = how->raw;
	m.rawlen = how->rawlen;
	m.channel = r->channel;
	m.actor = how->actor;
	m.source = source;
	/* The channel and the row, never the address (DESIGN §5). */
	snprintf(why, sizeof(why), "by %s, outbox %lld, attempt %lld",
	    r->channel, (long long)r->id, (long long)r->attempts);
	if (xf_message_out(s, &m, &mid, err) == -1 ||
	    xf_store_prepare(s, "UPDATE outbox SET sent_message = ?2"
	    " WHERE id = ?1", &st, err) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, mid);
	if (change(s, st, "linking a sent message", err) == -1 ||
	    xf_event_add(s, &ev, err) == -1)
		goto out;
	rc = 0;
out:
	xf_buf_free(&subject);
	return rc;
}

int
xf_deliver_sent(struct xf_store *s, const struct xf_outrow *r,
    const struct xf_sent *how, int *already, struct xf_err *err)
{
	sqlite3_stmt *st;
	char state[16];
	int n;

	*already = 0;
	if (xf_store_begin(s, err) == -1)
		return -1;
	/*
	 * Any row handed out at least once, whoever holds it now: the
	 * message went, and a later claim by another delivery (its lease
	 * ran out) must not undo that.  Never a row marked sent: its
	 * message is kept once.  The claim stays, to tell which
	 * delivery sent it.
	 */
	if (xf_store_prepare(s, "UPDATE outbox SET state = 'sent',"
	    " sent_at = ?2, last_error = NULL"
	    " WHERE id = ?1 AND attempts > 0 AND"
	    " (state = 'sending' OR state = 'queued' OR state = 'failed')",
	    &st, err) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, how->now);
	if ((n = change(s, st, "marking an outbox row sent", err)) == -1)
		goto fail;
	if (n == 0) {
		if (state_of(s, r->id, state, sizeof(state), err) == -1)
			goto fail;
		xf_store_rollback(s);
		if (strcmp(state, "sent") == 0) {
			*already = 1;
			return 0;
		}
		return xf_errf(err, "outbox %lld is %s, not out for delivery",
		    (long long)r->id, *state ? state : "not in the outbox");
	}
	if (keep(s, r, how, err) == -1 || xf_store_commit(s, err) == -1)
		goto fail;
	return 0;
fail:
	xf_store_rollback(s);
	return -1;
}

/* why made one short line: control characters as spaces, cut to
 * ERROR_MAX bytes of whole UTF-8 characters. */
static void
clean_error(const char *why, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s", why);
	if (!xf_utf8_valid(out, strlen(out)))
		snprintf(out, len, "(an error that is not UTF-8)");
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
	out[xf_utf8_fit(out, len - 1)] = '\0';
}

/* The row given up: an event saying so, without the address. */
static int
gave_up_event(struct xf_store *s, const struct xf_outrow *r,
    const struct xf_failure *f, const char *error, struct xf_err *err)
{
	char why[ERROR_MAX + 96];
	struct xf_event ev = {
		.complaint_id = r->complaint_id, .at = f->now,
		.actor = f->actor, .kind = "unsent", .field = "outbox",
		.new = r->kind, .reason = why,
	};

	snprintf(why, sizeof(why), "by %s, outbox %lld, after %lld "
	    "attempts: %s", r->channel, (long long)r->id,
	    (long long)r->attempts, error);
	return xf_event_add(s, &ev, err);
}

int
xf_deliver_failed(struct xf_store *s, const struct xf_outrow *r,
    struct xf_failure *f, struct xf_err *err)
{
	char error[ERROR_MAX + 1];
	sqlite3_stmt *st;
	int n;

	f->gave_up = f->permanent || r->attempts >= f->max_attempts ||
	    f->now - r->queued_at >= f->max_age;
	f->next_at = f->now + xf_deliver_backoff(r->attempts);
	clean_error(f->why, error, sizeof(error));
	if (xf_store_begin(s, err) == -1)
		return -1;
	/* Only while it is still this delivery's (who NULL: anyone's, as
	 * a gateway's confirmation comes from another process). */
	if (xf_store_prepare(s, "UPDATE outbox SET state = ?2, next_at = ?3,"
	    " last_error = ?4, claimed_at = NULL, claimed_by = NULL"
	    " WHERE id = ?1 AND state = 'sending'"
	    " AND (?5 IS NULL OR claimed_by = ?5)", &st, err) == -1)
		goto fail;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_text(st, 2, f->gave_up ? "failed" : "queued", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->next_at);
	sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	xf_bind_opt(st, 5, f->who);
	if ((n = change(s, st, "marking a failed delivery", err)) == -1)
		goto fail;
	f->changed = n > 0;
	if (n > 0 && f->gave_up && gave_up_event(s, r, f, error, err) == -1)
		goto fail;
	return xf_store_commit(s, err);
fail:
	xf_store_rollback(s);
	return -1;
}
