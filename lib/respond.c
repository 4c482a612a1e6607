/*
 * respond.c: what a handler says to a complainant outside the moves of
 * the lifecycle, and the language xf says it in.
 *
 * A reply by e-mail, SMS or social media is queued as a notice (the
 * "reply" template around the handler's words) for xf-notify; one made
 * by phone, in person or by letter is already made, and is written down
 * as an outgoing message of the complaint.  Either way it is the first
 * response when there was none: a call back in time is an
 * acknowledgement in time, and the complaint is no longer overdue for
 * one (overdue.c reads first_response_at).
 *
 * Both changes go through lifecycle.c's begin and finish, so a dry run
 * (-n) shows the events it would record and leaves nothing behind,
 * the outbox row included.
 */
#include <stdio.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

/* The ways a reply reaches a complainant: queued, or made already. */
static const char *const queued[] = { "email", "sms", "social" };
static const char *const made[] = { "phone", "visit", "letter" };

static int
one_of(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

int
xf_reply_via_ok(const char *via)
{
	return via == NULL || one_of(via, queued, nitems(queued)) ||
	    one_of(via, made, nitems(made));
}

/* The complaint's contact and channel: how an unsaid --via is read. */
static int
contact_of(struct xf_store *s, int64_t id, char *status, size_t slen,
    const char **chan, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*chan = NULL;
	if (xf_store_prepare(s, "SELECT status, contact, channel FROM"
	    " complaint WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(status, slen, "%s", sqlite3_column_text(st, 0));
		*chan = xf_contact_channel((const char *)
		    sqlite3_column_text(st, 1), (const char *)
		    sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a contact", err);
	return 0;
}

static int
first_response(struct xf_store *s, int64_t id, int64_t now,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "UPDATE complaint SET updated_at = ?2,"
	    " first_response_at = coalesce(first_response_at, ?2)"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "recording a reply", err);
	return 0;
}

/* A reply already made (a call, a visit, a letter) kept as a message. */
static int
made_reply(struct xf_store *s, int64_t id, const char *via,
    const struct xf_change *ch, struct xf_err *err)
{
	char mid[512];
	struct xf_outmsg m = {
		.complaint_id = id, .at = ch->now, .message_id = mid,
		.body = ch->reason, .channel = via, .actor = ch->actor,
		.source = "xf-status reply",
	};

	if (xf_message_id(ch->ref, mid, sizeof(mid), err) == -1)
		return -1;
	return xf_message_out(s, &m, NULL, err);
}

static int
reply_locked(struct xf_store *s, int64_t id, const char *via,
    struct xf_change *ch, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = "reply", .reason = ch->reason,
	};
	const char *chan, *want = via;

	if (!xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: a reply needs its text (-m)",
		    ch->ref);
	if (contact_of(s, id, ch->old, sizeof(ch->old), &chan, err) == -1)
		return -1;
	snprintf(ch->new, sizeof(ch->new), "%s", ch->old);
	/* Unsaid, it is to be sent the way the contact allows (a number
	 * of a phone complaint: a call list for the gateway), never taken
	 * for a call already made. */
	if (via == NULL && (via = chan) == NULL)
		return xf_errf(err, "%s: no contact to write to; a reply "
		    "made another way says how (--via phone, visit or "
		    "letter)", ch->ref);
	ev.new = via;
	snprintf(ch->new, sizeof(ch->new), "%s", via);
	if (first_response(s, id, ch->now, err) == -1 ||
	    xf_event_add(s, &ev, err) == -1)
		return -1;
	if (want != NULL && one_of(via, made, nitems(made)))
		return made_reply(s, id, via, ch, err);
	if (xf_change_notify(s, id, "reply", ch, NULL, want, err) == -1)
		return -1;
	/* Not queued, and no error: notices are off for this store. */
	if (ch->outbox_id == 0 && !ch->no_notify)
		return xf_errf(err, "%s: XF_NOTIFY=off queues nothing: a "
		    "reply by %s cannot be sent", ch->ref, via);
	return 0;
}

int
xf_reply(struct xf_store *s, const char *ref, const char *via,
    struct xf_change *ch, struct xf_err *err)
{
	struct xf_buf why = { 0 };
	const char *given = ch->reason;
	int64_t id, mark;
	int rc;

	if (!xf_reply_via_ok(via))
		return xf_errf(err, "%s: a reply goes by email, sms, social, "
		    "phone, visit or letter, not %s", ref, via);
	if (ch->canned == NULL && !xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: a reply needs its text (-m)", ref);
	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	ch->outbox_id = 0;
	rc = ch->canned != NULL ? xf_change_canned(s, id, ch, &why, err) : 0;
	if (rc == 0) {
		if (ch->canned != NULL)
			ch->reason = why.p;
		rc = reply_locked(s, id, via, ch, err);
		ch->reason = given;
	}
	xf_buf_free(&why);
	if (rc == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}

/* --- the language a complaint is answered in ------------------------ */

static int
lang_locked(struct xf_store *s, int64_t id, const char *lang,
    struct xf_change *ch, struct xf_err *err)
{
	sqlite3_stmt *st;
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = "lang", .field = "lang", .reason = ch->reason,
	};
	char old[8] = "";
	int rc;

	if (xf_store_prepare(s, "SELECT lang FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(old, sizeof(old), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a language", err);
	snprintf(ch->old, sizeof(ch->old), "%s", *old ? old : "auto");
	snprintf(ch->new, sizeof(ch->new), "%s", lang ? lang : "auto");
	if (strcmp(ch->old, ch->new) == 0)
		return 0;		/* as it was: nothing to record */
	if (xf_store_prepare(s, "UPDATE complaint SET lang = ?2,"
	    " updated_at = ?3 WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	xf_bind_opt(st, 2, lang);
	sqlite3_bind_int64(st, 3, ch->now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "setting a language", err);
	ev.old = *old ? old : NULL;
	ev.new = lang;
	return xf_event_add(s, &ev, err);
}

int
xf_set_lang(struct xf_store *s, const char *ref, const char *lang,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;

	if (lang != NULL && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
		return xf_errf(err, "%s: a language is zh, en or auto, not "
		    "%s", ref, lang);
	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	if (lang_locked(s, id, lang, ch, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}
