/*
 * reply.c: replies from the right person (issue 14).
 *
 * A message that names a complaint (its ref in the subject, or a
 * Message-ID of it in In-Reply-To or References) speaks for the
 * complainant only when it comes from the complaint's contact, or from
 * an address that has written about it before: an inbound message of
 * it that counted (trust 'ok', which every message stored before schema
 * 7 and the message that opened the complaint have, or 'confirmed').
 * Anyone can write a ref into a subject; so a message from anybody else
 * is kept, marked 'unverified', and moves nothing until a person
 * confirms it (then it does what the complainant's reply would have
 * done) or refuses it (kept, still moving nothing).
 *
 * What a reply does is decided in one place, xf_reply_effect, for the
 * reply the intake takes and for the one a person confirms later: it
 * reopens a complaint resolved or closed before it came, within the
 * window; it resumes one that was waiting on the complainant when it
 * came; a thank-you does neither.  The moves go through the lifecycle's
 * door (xf_move_in_tx), so they check and record as a person's would.
 */
#include <string.h>

#include "xf.h"
#include "xf-private.h"

/* --- who may speak for a complaint ------------------------------------ */

static int
is_contact(struct xf_store *s, int64_t id, const char *addr,
    struct xf_err *err)
{
	struct xf_buf a = { 0 }, c = { 0 };
	sqlite3_stmt *st;
	int rc, same = 0;

	if (xf_store_prepare(s, "SELECT contact FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		if (xf_contact_norm((const char *)sqlite3_column_text(st, 0),
		    &c) == -1 || xf_contact_norm(addr, &a) == -1)
			rc = SQLITE_NOMEM;
		else
			same = c.len > 0 && a.len == c.len &&
			    memcmp(a.p, c.p, a.len) == 0;
	}
	sqlite3_finalize(st);
	xf_buf_free(&a);
	xf_buf_free(&c);
	if (rc == SQLITE_NOMEM)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a contact", err);
	return same;
}

/* The complaint's own messages (message_complaint), inbound ones that
 * counted; the intake stores senders in lower case, lower() keeps any
 * other writer's in step. */
static int
has_written(struct xf_store *s, int64_t id, const char *addr,
    struct xf_err *err)
{
	struct xf_buf a = { 0 };
	sqlite3_stmt *st;
	int rc;

	if (xf_contact_norm(addr, &a) == -1)
		return xf_errf(err, "out of memory");
	if (a.len == 0)
		return 0;
	if (xf_store_prepare(s, "SELECT 1 FROM message WHERE complaint_id = ?1"
	    " AND direction = 'in' AND (trust = 'ok' OR trust = 'confirmed')"
	    " AND lower(sender) = ?2 LIMIT 1", &st, err) == -1) {
		xf_buf_free(&a);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, a.p, (int)a.len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	xf_buf_free(&a);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading who wrote", err);
	return rc == SQLITE_ROW;
}

int
xf_reply_trusted(struct xf_store *s, int64_t id, const char *addr,
    struct xf_err *err)
{
	int rc;

	if (addr == NULL || *addr == '\0')
		return 0;
	if ((rc = is_contact(s, id, addr, err)) != 0)
		return rc;
	return has_written(s, id, addr, err);
}

/* --- what a reply does ------------------------------------------------ */

enum xf_reply_effect
xf_reply_effect(const struct xf_reply_facts *f)
{
	if (f->thanks)
		return XF_REPLY_NONE;
	if (strcmp(f->status, "resolved") == 0 ||
	    strcmp(f->status, "closed") == 0) {
		/* Ended after the reply came: the reply was not to the
		 * answer (a message confirmed late). */
		if (f->ended > f->arrived)
			return XF_REPLY_NONE;
		return f->arrived - f->ended > f->window ? XF_REPLY_LATE :
		    XF_REPLY_REOPEN;
	}
	if (strcmp(f->status, "waiting") == 0 && f->paused_since <= f->arrived)
		return XF_REPLY_RESUME;
	return XF_REPLY_NONE;
}

int
xf_reply_move(struct xf_store *s, enum xf_reply_effect e, int64_t id,
    struct xf_change *ch, struct xf_err *err)
{
	const struct xf_move *m;
	const char *verb;

	if (e == XF_REPLY_REOPEN)
		verb = "reopen";
	else if (e == XF_REPLY_RESUME)
		verb = "resume";
	else
		return 0;
	if ((m = xf_move_find(verb)) == NULL)
		return xf_errf(err, "%s: no %s move", ch->ref, verb);
	return xf_move_in_tx(s, m, id, ch, err);
}

/* --- a person's word on an unverified message ------------------------- */

struct pending {
	int64_t		 id;
	int64_t		 arrived;
	struct xf_buf	 sender, subject, body;
};

static void
pending_free(struct pending *p)
{
	xf_buf_free(&p->sender);
	xf_buf_free(&p->subject);
	xf_buf_free(&p->body);
}

static int
copy_col(sqlite3_stmt *st, int i, struct xf_buf *b)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	xf_buf_reset(b);
	return xf_buf_adds(b, v != NULL ? v : "");
}

/*
 * The oldest unverified message of the complaint (from from, when
 * given): 1, 0 when none is left.  Read one at a time, each judged
 * before the next is read: judging writes to the rows a cursor would
 * still be walking.  message_unverified holds only these.
 */
static int
next_pending(struct xf_store *s, int64_t id, const char *from,
    struct pending *p, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT id, registered_at, sender, subject,"
	    " body FROM message WHERE complaint_id = ?1 AND trust ="
	    " 'unverified' AND (?2 IS NULL OR lower(sender) = ?2)"
	    " ORDER BY id LIMIT 1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	xf_bind_opt(st, 2, from);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->arrived = sqlite3_column_int64(st, 1);
		if (copy_col(st, 2, &p->sender) == -1 ||
		    copy_col(st, 3, &p->subject) == -1 ||
		    copy_col(st, 4, &p->body) == -1)
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading unverified messages", err);
	return rc == SQLITE_ROW;
}

static int
step_done(struct xf_store *s, sqlite3_stmt *st, struct xf_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "judging a message", err);
	return 0;
}

static int
set_trust(struct xf_store *s, int64_t msg, const char *trust,
    struct xf_err *err)
{
	sqlite3_stmt *st;

	if (xf_store_prepare(s, "UPDATE message SET trust = ?2 WHERE id = ?1"
	    " AND trust = 'unverified'", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, msg);
	sqlite3_bind_text(st, 2, trust, -1, SQLITE_STATIC);
	return step_done(s, st, err);
}

/* The facts of the complaint now, for a reply that came at arrived. */
static int
read_facts(struct xf_store *s, int64_t id, struct xf_reply_facts *f,
    char status[16], struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT status, coalesce(closed_at,"
	    " resolved_at, 0), coalesce(paused_since, 0) FROM complaint"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(status, 16, "%s", sqlite3_column_text(st, 0));
		f->status = status;
		f->ended = sqlite3_column_int64(st, 1);
		f->paused_since = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint", err);
	return 0;
}

static int
record(struct xf_store *s, int64_t id, const char *kind, const char *new,
    const char *why, const struct xf_change *ch, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = kind, .field = "trust", .old = "unverified",
		.new = new, .reason = why,
	};

	return xf_event_add(s, &ev, err);
}

/* "e-mail from a@b.c: subject; the person's words" */
static int
judge_reason(struct xf_buf *b, const struct pending *p, const char *words)
{
	xf_buf_reset(b);
	if (xf_buf_printf(b, "e-mail from %s", p->sender.len ? p->sender.p :
	    "an unknown sender") == -1 ||
	    (p->subject.len && xf_buf_printf(b, ": %s", p->subject.p) == -1) ||
	    (words != NULL && xf_buf_printf(b, "; %s", words) == -1))
		return -1;
	return 0;
}

/*
 * Confirmed: it is the complainant's reply from now on, and does what
 * that reply would have done when it came; the move's event comes
 * before the confirm event, as the intake's before its message event,
 * so that the move never counts as the handler's answer to it.
 */
static int
confirm_one(struct xf_store *s, int64_t id, const struct pending *p,
    const struct xf_judge *j, struct xf_change *ch, struct xf_buf *why,
    struct xf_err *err)
{
	struct xf_reply_facts f = { .arrived = p->arrived,
	    .window = j->window };
	struct xf_change mv = *ch;
	enum xf_reply_effect e;
	char status[16];

	if (set_trust(s, p->id, "confirmed", err) == -1 ||
	    read_facts(s, id, &f, status, err) == -1)
		return -1;
	f.thanks = xf_mail_thanks(xf_buf_str(&p->body));
	e = xf_reply_effect(&f);
	if (e == XF_REPLY_REOPEN || e == XF_REPLY_RESUME) {
		xf_buf_reset(why);
		if (xf_buf_printf(why, "a reply from %s, confirmed as the "
		    "complainant's", p->sender.len ? p->sender.p :
		    "an unknown sender") == -1)
			return xf_errf(err, "out of memory");
		mv.reason = why->p;
		if (xf_reply_move(s, e, id, &mv, err) == -1)
			return -1;
		memcpy(ch->new, mv.new, sizeof(ch->new));
	} else if (xf_complaint_touch(s, id, ch->now, err) == -1)
		/* a confirmed reply that moves nothing still came in, as
		 * the intake touches a complaint a reply joins */
		return -1;
	if (judge_reason(why, p, ch->reason) == -1)
		return xf_errf(err, "out of memory");
	return record(s, id, "confirm", "confirmed", why->p, ch, err);
}

static int
refuse_one(struct xf_store *s, int64_t id, const struct pending *p,
    struct xf_change *ch, struct xf_buf *why, struct xf_err *err)
{
	if (set_trust(s, p->id, "refused", err) == -1)
		return -1;
	if (judge_reason(why, p, ch->reason) == -1)
		return xf_errf(err, "out of memory");
	return record(s, id, "refuse", "refused", why->p, ch, err);
}

static int
judge_locked(struct xf_store *s, int64_t id, struct xf_judge *j,
    struct xf_change *ch, struct xf_err *err)
{
	struct pending p;
	struct xf_buf from = { 0 }, why = { 0 };
	char status[16];
	struct xf_reply_facts f;
	int rc;

	memset(&p, 0, sizeof(p));
	j->count = 0;
	if (read_facts(s, id, &f, status, err) == -1)
		return -1;
	memcpy(ch->old, status, sizeof(ch->old));
	memcpy(ch->new, status, sizeof(ch->new));
	if (j->from != NULL && xf_contact_norm(j->from, &from) == -1)
		return xf_errf(err, "out of memory");
	/* Blank once normalised would be no filter at all: every message. */
	if (j->from != NULL && from.len == 0)
		return xf_errf(err, "%s: --from: no address in '%s'", ch->ref,
		    j->from);
	while ((rc = next_pending(s, id, j->from ? xf_buf_str(&from) : NULL,
	    &p, err)) == 1) {
		rc = j->confirm ? confirm_one(s, id, &p, j, ch, &why, err) :
		    refuse_one(s, id, &p, ch, &why, err);
		if (rc == -1)
			break;
		j->count++;
	}
	pending_free(&p);
	xf_buf_free(&why);
	if (rc == 0 && j->count == 0)
		rc = xf_errf(err, "%s: no unverified message%s%s", ch->ref,
		    j->from ? " from " : "", j->from ? xf_buf_str(&from) : "");
	xf_buf_free(&from);
	return rc;
}

int
xf_reply_judge(struct xf_store *s, const char *ref, struct xf_judge *j,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;

	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	if (judge_locked(s, id, j, ch, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}
