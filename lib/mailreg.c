/*
 * mailreg.c: one e-mail into the store: a new complaint, a message of the
 * complaint it answers, or nothing (a duplicate, an auto-reply).
 *
 * A reply is recognised by a complaint ref in its subject or by a
 * Message-ID it names (In-Reply-To, then References from the newest),
 * so it joins its complaint whatever the client did to the subject.  A
 * reply to a resolved or closed complaint reopens it within the window,
 * unless it only says thank you; after the window it starts a new
 * complaint that points back to the old one.  A reply to a complaint
 * waiting on the complainant resumes it.  The raw bytes of every
 * stored message are kept zlib-compressed as evidence.
 *
 * Only the complainant moves a complaint so (reply.c): a message that
 * names one but comes from an address that never wrote about it and is
 * not its contact is kept as 'unverified', recorded, and moves nothing
 * until a person confirms it (xf-status confirm).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xf.h"
#include "xf-private.h"

enum {
	KEY_MSGID = 3		/* as in register.c */
};

struct target {
	int64_t		 id;
	char		 ref[XF_REFLEN];
	char		 status[16];
	int64_t		 ended;		/* closed_at, else resolved_at */
	int64_t		 paused_since;
};

/* --- small queries --------------------------------------------------- */

static int
load_target(struct xf_store *s, const char *where, const char *key,
    int64_t num, struct target *t, struct xf_err *err)
{
	static const char base[] = "SELECT c.id, c.ref, c.status,"
	    " coalesce(c.closed_at, c.resolved_at, 0),"
	    " coalesce(c.paused_since, 0) FROM complaint c";
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	/* where is one of the fixed strings below, never input. */
	snprintf(sql, sizeof(sql), "%s %s", base, where);
	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	if (key != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, num);
	if ((rc = xf_store_one_row(s, st, "finding a thread", err)) == 1) {
		t->id = sqlite3_column_int64(st, 0);
		snprintf(t->ref, sizeof(t->ref), "%s",
		    sqlite3_column_text(st, 1));
		snprintf(t->status, sizeof(t->status), "%s",
		    sqlite3_column_text(st, 2));
		t->ended = sqlite3_column_int64(st, 3);
		t->paused_since = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	return rc;
}

/* A complaint merged into another (merge.c) is answered in its
 * survivor, which holds its messages. */
#define BY_REF		"WHERE c.id = (SELECT CASE WHEN EXISTS (SELECT 1" \
			" FROM event WHERE complaint_id = r.id AND kind =" \
			" 'merge' AND field = 'status') THEN r.parent_id" \
			" ELSE r.id END FROM complaint r WHERE r.ref = ?1)"
#define BY_MSGID	"JOIN message m ON m.complaint_id = c.id " \
			"WHERE m.message_id = ?1 ORDER BY m.id LIMIT 1"

/* "XF-2026-000123" anywhere in the subject, bracketed or not. */
static int
subject_ref(const char *subject, char ref[XF_REFLEN])
{
	const char *p;
	size_t i;

	for (p = subject; p != NULL && (p = strstr(p, "XF-")) != NULL; p++) {
		for (i = 3; i < 7 && isdigit((unsigned char)p[i]); i++)
			;
		if (i != 7 || p[7] != '-' || !isdigit((unsigned char)p[8]))
			continue;
		for (i = 8; isdigit((unsigned char)p[i]) && i < XF_REFLEN - 1;
		    i++)
			;
		memcpy(ref, p, i);
		ref[i] = '\0';
		return 1;
	}
	return 0;
}

static int
find_thread(struct xf_store *s, const struct xf_mail *m, struct target *t,
    struct xf_err *err)
{
	char ref[XF_REFLEN];
	size_t i;
	int rc;

	if (subject_ref(m->subject, ref) &&
	    (rc = load_target(s, BY_REF, ref, 0, t, err)) != 0)
		return rc;
	if (m->in_reply_to != NULL &&
	    (rc = load_target(s, BY_MSGID, m->in_reply_to, 0, t, err)) != 0)
		return rc;
	for (i = m->nrefs; i > 0; i--)
		if ((rc = load_target(s, BY_MSGID, m->refs[i - 1], 0, t,
		    err)) != 0)
			return rc;
	return 0;
}

/* --- the message row ---------------------------------------------------- */

static int
message_key(const struct xf_mail *m, int64_t when, int timed,
    unsigned char *key, size_t *len)
{
	struct xf_fpin fp = {
		.subject = m->subject, .body = m->body,
		.complainant = m->from_name, .contact = m->from_addr,
		.at = when, .timed = timed,
	};
	size_t n;

	if (m->message_id != NULL && *m->message_id != '\0') {
		n = strlen(m->message_id);
		if (n > XF_KEY_MAX - 1)
			n = XF_KEY_MAX - 1;
		key[0] = KEY_MSGID;
		memcpy(key + 1, m->message_id, n);
		*len = n + 1;
		return 0;
	}
	*len = XF_CKEYLEN;
	return xf_content_key(&fp, key);
}

/* 1 when the message is stored; its complaint is then taken over if an
 * earlier run stored it without printing it (xf_reg_adopt). */
static int
already_stored(struct xf_registrar *g, const unsigned char *key, size_t len,
    char ref[XF_REFLEN], struct xf_err *err)
{
	struct xf_store *s = g->store;
	sqlite3_stmt *st;
	int64_t id = 0, batch = 0;
	int rc;

	if (xf_store_prepare(s, "SELECT c.ref, c.id, c.batch FROM message m"
	    " JOIN complaint c ON c.id = m.complaint_id"
	    " WHERE m.dedupe_key = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_blob(st, 1, key, (int)len, SQLITE_STATIC);
	if ((rc = xf_store_one_row(s, st, "finding a message", err)) == 1) {
		snprintf(ref, XF_REFLEN, "%s", sqlite3_column_text(st, 0));
		id = sqlite3_column_int64(st, 1);
		batch = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc == 1 && xf_reg_adopt(g, id, batch, err) == -1)
		return -1;
	return rc;
}

/*
 * 1 when m repeats a message its sender sent within the window (same
 * address, subject and text), whatever its Message-ID: a mail server
 * gives each copy of a mail without one an id of its own (Postfix), and
 * a web form sent twice is one complaint.  *t is then the complaint of
 * that message.  The sender's incoming messages of the window are read
 * through message_sender (schema 12).
 */
static int
find_resend(struct xf_store *s, const struct xf_mailin *in, int64_t now,
    struct target *t, struct xf_err *err)
{
	const struct xf_mail *m = in->m;
	sqlite3_stmt *st;
	int64_t id = 0;
	int rc;

	if (in->resend <= 0 || m->from_addr == NULL)
		return 0;
	if (xf_store_prepare(s, "SELECT complaint_id FROM message"
	    " INDEXED BY message_sender WHERE sender = ?2"
	    " AND registered_at >= ?1 AND direction = 'in' AND subject IS ?3"
	    " AND body = ?4 ORDER BY id LIMIT 1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, now - in->resend);
	sqlite3_bind_text(st, 2, m->from_addr, -1, SQLITE_STATIC);
	xf_bind_opt(st, 3, m->subject);
	sqlite3_bind_text(st, 4, m->body, -1, SQLITE_STATIC);
	if ((rc = xf_store_one_row(s, st, "finding a resend", err)) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != 1)
		return rc;
	return load_target(s, "WHERE c.id = ?1", NULL, id, t, err);
}

void
xf_mailreg_init(struct xf_mailreg *mr, struct xf_registrar *g)
{
	mr->reg = g;
	mr->deflater = NULL;
	mr->sla = NULL;
}

void
xf_mailreg_close(struct xf_mailreg *mr)
{
	if (mr->deflater != NULL) {
		deflateEnd(mr->deflater);
		free(mr->deflater);
	}
	mr->deflater = NULL;
	if (mr->sla != NULL) {
		xf_sla_free(mr->sla);
		free(mr->sla);
	}
	mr->sla = NULL;
}

/*
 * zlib at its fastest level: evidence is stored once and rarely read.
 * One stream serves every message of a run (deflateReset): compress2
 * would set up and tear down 256 KiB of state per message, and the
 * page faults of that cost more than the compressing.
 */
static int
compress_bytes(struct xf_mailreg *mr, const void *p, size_t n,
    struct xf_buf *out, struct xf_err *err)
{
	z_stream *z = mr->deflater;
	uLong bound;

	if (z == NULL) {
		if ((z = calloc(1, sizeof(*z))) == NULL)
			return xf_errf(err, "out of memory");
		if (deflateInit(z, Z_BEST_SPEED) != Z_OK) {
			free(z);
			return xf_errf(err, "cannot start zlib");
		}
		mr->deflater = z;
	} else if (deflateReset(z) != Z_OK)
		return xf_errf(err, "cannot reset zlib");
	bound = deflateBound(z, (uLong)n);
	xf_buf_reset(out);
	if (xf_buf_grow(out, bound) == -1)
		return xf_errf(err, "out of memory");
	z->next_in = (Bytef *)(uintptr_t)p;
	z->avail_in = (uInt)n;
	z->next_out = (Bytef *)out->p;
	z->avail_out = (uInt)bound;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		return xf_errf(err, "cannot compress a message");
	out->len = bound - z->avail_out;
	return 0;
}

static int
insert_attachments(struct xf_mailreg *mr, int64_t msg,
    const struct xf_mail *m, struct xf_buf *z, struct xf_err *err)
{
	struct xf_store *s = mr->reg->store;
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_DONE;

	if (m->natt == 0)
		return 0;
	if (xf_store_prepare(s, "INSERT INTO attachment (message_id, name,"
	    " type, size, data) VALUES (?,?,?,?,?)", &st, err) == -1)
		return -1;
	for (i = 0; i < m->natt && rc == SQLITE_DONE; i++) {
		const struct xf_attachment *a = &m->att[i];

		sqlite3_bind_int64(st, 1, msg);
		xf_bind_opt(st, 2, a->name);
		sqlite3_bind_text(st, 3, a->type ? a->type :
		    "application/octet-stream", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)a->size);
		if (a->data != NULL) {
			if (compress_bytes(mr, a->data, a->size, z,
			    err) == -1) {
				sqlite3_finalize(st);
				return -1;
			}
			sqlite3_bind_blob(st, 5, z->p, (int)z->len,
			    SQLITE_STATIC);
		}
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "storing an attachment", err);
	return 0;
}

/* The message's digest into the chain (evidence.c): its bytes and its
 * attachments as insert_attachments stored them. */
static int
evidence(struct xf_registrar *g, int64_t complaint, int64_t msg,
    const struct xf_mailin *in, struct xf_err *err)
{
	const struct xf_mail *m = in->m;
	struct xf_sha256 c;
	size_t i;

	xf_evidence_begin(&c, in->raw, in->rawlen);
	for (i = 0; i < m->natt; i++)
		xf_evidence_attachment(&c, m->att[i].name, m->att[i].type ?
		    m->att[i].type : "application/octet-stream",
		    (int64_t)m->att[i].size, m->att[i].data);
	return xf_evidence_record(g->store, complaint, msg, g->now, g->actor,
	    &c, err);
}

static int
insert_message(struct xf_mailreg *mr, int64_t complaint,
    const struct xf_mailin *in, int64_t when, const unsigned char *key,
    size_t keylen, const char *trust, struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	const struct xf_mail *m = in->m;
	struct xf_buf z = { 0 };
	sqlite3_stmt *st = NULL;
	int64_t id;
	int rc = -1;

	if (compress_bytes(mr, in->raw, in->rawlen, &z, err) == -1 ||
	    xf_store_prepare(g->store, "INSERT INTO message (complaint_id,"
	    " direction, at, registered_at, message_id, in_reply_to, sender,"
	    " sender_name, subject, body, source, dedupe_key, raw, raw_size,"
	    " trust) VALUES (?,'in',?,?,?,?,?,?,?,?,?,?,?,?,?)", &st,
	    err) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, complaint);
	sqlite3_bind_int64(st, 2, when);
	sqlite3_bind_int64(st, 3, g->now);
	xf_bind_opt(st, 4, m->message_id);
	xf_bind_opt(st, 5, m->in_reply_to);
	xf_bind_opt(st, 6, m->from_addr);
	xf_bind_opt(st, 7, m->from_name);
	xf_bind_opt(st, 8, m->subject);
	sqlite3_bind_text(st, 9, m->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, in->source, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, key, (int)keylen, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, z.p, (int)z.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, (int64_t)in->rawlen);
	sqlite3_bind_text(st, 14, trust, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		xf_store_fail(g->store, "storing a message", err);
		goto out;
	}
	id = sqlite3_last_insert_rowid(g->store->db);
	if ((rc = insert_attachments(mr, id, m, &z, err)) == 0)
		rc = evidence(g, complaint, id, in, err);
out:
	sqlite3_finalize(st);
	xf_buf_free(&z);
	return rc;
}

/* --- events and moves ----------------------------------------------- */

static int
event(struct xf_registrar *g, int64_t id, const char *kind,
    const char *field, const char *old, const char *new, const char *why,
    struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = g->now, .actor = g->actor,
		.kind = kind, .field = field, .old = old, .new = new,
		.reason = why,
	};

	return xf_event_add(g->store, &ev, err);
}

static int
message_event(struct xf_registrar *g, const struct target *t,
    const struct xf_mail *m, struct xf_err *err)
{
	struct xf_buf why = { 0 };
	int rc;

	if (xf_buf_printf(&why, "e-mail from %s", m->from_addr ?
	    m->from_addr : "an unknown sender") == -1)
		return xf_errf(err, "out of memory");
	if (m->subject != NULL)
		xf_buf_printf(&why, ": %s", m->subject);
	rc = event(g, t->id, "message", NULL, NULL, m->message_id, why.p, err);
	xf_buf_free(&why);
	return rc;
}

/* The policy a resume or a review counts the deadline on, read at the
 * first. */
static int
policy(struct xf_mailreg *mr, struct xf_err *err)
{
	if (mr->sla != NULL)
		return 0;
	if ((mr->sla = calloc(1, sizeof(*mr->sla))) == NULL)
		return xf_errf(err, "out of memory");
	if (xf_sla_load(mr->sla, NULL, NULL, err) == -1) {
		free(mr->sla);
		mr->sla = NULL;
		return -1;
	}
	return 0;
}

/* The reply reopens or resumes by the table of moves, as xf-status
 * reopen and resume do, with the policy's clock. */
static int
reply_move(struct xf_mailreg *mr, const struct target *t,
    enum xf_reply_effect e, struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	struct xf_change ch = {
		.now = g->now, .actor = g->actor,
		.reason = e == XF_REPLY_RESUME ? "the complainant replied by "
		    "e-mail while it waited on them" :
		    "the complainant replied by e-mail",
	};

	snprintf(ch.ref, sizeof(ch.ref), "%s", t->ref);
	if (policy(mr, err) == -1)
		return -1;
	ch.sla = mr->sla;
	return xf_reply_move(g->store, e, t->id, &ch, err);
}

static int
touch(struct xf_mailreg *mr, const struct target *t, enum xf_reply_effect e,
    struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	sqlite3_stmt *st;
	int rc;

	if (e == XF_REPLY_REOPEN || e == XF_REPLY_RESUME)
		return reply_move(mr, t, e, err);
	if (xf_store_prepare(g->store, "UPDATE complaint SET updated_at = ?2"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_int64(st, 2, g->now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->store, "updating a complaint", err);
	return 0;
}

/* --- a new complaint from a message --------------------------------- */

/* A copy of s cut to at most max bytes at a character boundary. */
static char *
cut_utf8(const char *s, size_t max)
{
	return s == NULL ? NULL : strndup(s, xf_utf8_fit(s, max));
}

/* The complaint holds what fits its caps; the message row and the raw
 * evidence keep the whole text.  The record is built as every source's
 * is (record.c); the caller has already put a Date far ahead aside. */
static int
new_complaint(struct xf_registrar *g, const struct xf_mailin *in,
    int64_t when, int64_t parent, struct xf_mailout *out, int64_t *id,
    struct xf_err *err)
{
	const struct xf_mail *m = in->m;
	struct xf_recin r;
	struct xf_complaint c;
	char *body = NULL, *subject = NULL, *name = NULL;
	char source[XF_KEY_MAX + 2];
	int dup, rc = -1;

	memset(&r, 0, sizeof(r));
	out->truncated = strlen(m->body) > XF_BODY_MAX;
	if ((body = cut_utf8(m->body, XF_BODY_MAX)) == NULL ||
	    (m->subject && (subject = cut_utf8(m->subject,
	    XF_SUBJECT_MAX)) == NULL) ||
	    (m->from_name && (name = cut_utf8(m->from_name,
	    XF_NAME_MAX)) == NULL)) {
		xf_errf(err, "out of memory");
		goto out;
	}
	r.v[XF_F_SUBJECT] = subject;
	r.v[XF_F_BODY] = body;
	r.v[XF_F_COMPLAINANT] = name;
	r.v[XF_F_CONTACT] = m->from_addr && strlen(m->from_addr) <=
	    XF_NAME_MAX ? m->from_addr : NULL;
	if (!(subject && *subject) && !*body)
		r.v[XF_F_SUBJECT] = "(no subject)";
	r.at = when;
	r.has_at = 1;
	r.channel = "email";
	r.message_id = m->message_id;
	r.parent_id = parent;
	if (m->message_id != NULL)
		snprintf(source, sizeof(source), "<%s>", m->message_id);
	r.source = m->message_id ? source : in->source;
	r.now = g->now;
	if (xf_record_build(&r, &c, err) == -1 ||
	    (rc = xf_reg_add(g, &c, out->ref, &dup, err)) == -1)
		goto out;
	*id = dup ? 0 : xf_reg_last_id(g);
	if (dup)
		out->what = XF_MR_DUPLICATE;
out:
	free(body);
	free(subject);
	free(name);
	return rc;
}

/* --- the decision ------------------------------------------------------- */

static int
to_thread(struct xf_mailreg *mr, const struct xf_mailin *in, int64_t when,
    const struct target *t, enum xf_reply_effect e, const unsigned char *key,
    size_t keylen, struct xf_mailout *out, struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	int answer;

	snprintf(out->ref, sizeof(out->ref), "%s", t->ref);
	/* An answer to the complaint's survey is recorded as one: it
	 * reopens and resumes nothing (survey.c). */
	if ((answer = xf_survey_answer_mail(g->store, t->id, in->m, g->now,
	    g->actor, err)) == -1)
		return -1;
	if (answer)
		e = XF_REPLY_NONE;
	out->what = e == XF_REPLY_REOPEN ? XF_MR_REOPENED :
	    e == XF_REPLY_RESUME ? XF_MR_RESUMED : XF_MR_ATTACHED;
	if (insert_message(mr, t->id, in, when, key, keylen, "ok", err) == -1 ||
	    touch(mr, t, e, err) == -1)
		return -1;
	return message_event(g, t, in->m, err);
}

/*
 * Not from the complainant: kept on the complaint it names, so that
 * nothing is lost and a person can confirm it, but it leaves the
 * complaint as it is (not even updated_at); the event shows it in the
 * history.
 */
static int
to_unverified(struct xf_mailreg *mr, const struct xf_mailin *in,
    int64_t when, const struct target *t, const unsigned char *key,
    size_t keylen, struct xf_mailout *out, struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	const struct xf_mail *m = in->m;
	struct xf_buf why = { 0 };
	int rc;

	snprintf(out->ref, sizeof(out->ref), "%s", t->ref);
	out->what = XF_MR_UNVERIFIED;
	if (insert_message(mr, t->id, in, when, key, keylen, "unverified",
	    err) == -1)
		return -1;
	if (xf_buf_printf(&why, "e-mail from %s, who has not written about "
	    "it and is not its contact: kept unverified, it moves nothing "
	    "until a person confirms it", m->from_addr ? m->from_addr :
	    "an unknown sender") == -1 ||
	    (m->subject != NULL && xf_buf_printf(&why, ": %s",
	    m->subject) == -1)) {
		xf_buf_free(&why);
		return xf_errf(err, "out of memory");
	}
	rc = event(g, t->id, "unverified", NULL, NULL, m->message_id, why.p,
	    err);
	xf_buf_free(&why);
	return rc;
}

static int
to_new(struct xf_mailreg *mr, const struct xf_mailin *in, int64_t when,
    const struct target *parent, const unsigned char *key, size_t keylen,
    struct xf_mailout *out, struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	int64_t id;

	out->what = parent ? XF_MR_FOLLOWUP : XF_MR_CREATED;
	if (new_complaint(g, in, when, parent ? parent->id : 0, out, &id,
	    err) == -1)
		return -1;
	if (out->what == XF_MR_DUPLICATE)
		return 0;
	if (insert_message(mr, id, in, when, key, keylen, "ok", err) == -1)
		return -1;
	if (parent == NULL)
		return 0;
	return event(g, parent->id, "followup", NULL, NULL, out->ref,
	    "a reply after the reopen window started a new complaint", err);
}

/*
 * A resent copy: counted as a duplicate of the complaint it repeats, and
 * kept on it as evidence under its own Message-ID, so that a
 * re-delivery of this copy is a plain duplicate even after the window.
 * It moves nothing and writes no event: nothing about the complaint
 * changed.
 */
static int
to_resend(struct xf_mailreg *mr, const struct xf_mailin *in, int64_t when,
    const struct target *t, const unsigned char *key, size_t keylen,
    struct xf_mailout *out, struct xf_err *err)
{
	snprintf(out->ref, sizeof(out->ref), "%s", t->ref);
	out->what = XF_MR_DUPLICATE;
	out->resent = 1;
	return insert_message(mr, t->id, in, when, key, keylen, "ok", err);
}

/* A reply from the complainant, by what it does (reply.c). */
static int
to_reply(struct xf_mailreg *mr, const struct xf_mailin *in, int64_t when,
    const struct target *t, const unsigned char *key, size_t keylen,
    struct xf_mailout *out, struct xf_err *err)
{
	struct xf_reply_facts f = {
		.status = t->status, .arrived = mr->reg->now,
		.ended = t->ended, .paused_since = t->paused_since,
		.window = in->window,
	};
	enum xf_reply_effect e;

	f.thanks = xf_mail_thanks(in->m->body);
	e = xf_reply_effect(&f);
	/* After the window a reply is a new complaint, but a thank-you is
	 * only that: it joins the old one and reopens nothing. */
	if (e == XF_REPLY_LATE)
		return to_new(mr, in, when, t, key, keylen, out, err);
	return to_thread(mr, in, when, t, e, key, keylen, out, err);
}

int
xf_mail_register(struct xf_mailreg *mr, const struct xf_mailin *in,
    struct xf_mailout *out, struct xf_err *err)
{
	struct xf_registrar *g = mr->reg;
	const struct xf_mail *m = in->m;
	unsigned char key[XF_KEY_MAX];
	struct target t;
	size_t keylen;
	int64_t when = m->date_ok ? m->date : in->delivered;
	/* Without a date of its own a message is the same message on any
	 * day: the fingerprint leaves the time out (as xf-intake does for
	 * rows without a time). */
	int timed = m->date_ok || in->envelope;
	int rc;

	memset(out, 0, sizeof(*out));
	g->adopted = 0;
	if (m->autoreply != NULL) {
		out->what = XF_MR_AUTO;
		return 0;
	}
	if (message_key(m, when, timed, key, &keylen) == -1)
		return xf_errf(err, "out of memory");
	if ((rc = already_stored(g, key, keylen, out->ref, err)) != 0) {
		out->what = XF_MR_DUPLICATE;
		return rc == 1 ? 0 : -1;
	}
	memset(&t, 0, sizeof(t));
	if ((rc = find_resend(g->store, in, g->now, &t, err)) != 0)
		return rc == -1 ? -1 : to_resend(mr, in, when, &t, key,
		    keylen, out, err);
	if ((rc = find_thread(g->store, m, &t, err)) == -1)
		return -1;
	if (rc == 0)
		return to_new(mr, in, when, NULL, key, keylen, out, err);
	if ((rc = xf_reply_trusted(g->store, t.id, m->from_addr, err)) == -1)
		return -1;
	if (rc == 0)
		return to_unverified(mr, in, when, &t, key, keylen, out, err);
	return to_reply(mr, in, when, &t, key, keylen, out, err);
}

int
xf_message_raw(struct xf_store *s, int64_t complaint_id, struct xf_buf *out,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	const void *z;
	uLongf n;
	int rc;

	if (xf_store_prepare(s, "SELECT raw, raw_size FROM message WHERE"
	    " complaint_id = ? AND direction = 'in' ORDER BY id LIMIT 1", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, complaint_id);
	if ((rc = xf_store_one_row(s, st, "reading a message", err)) != 1) {
		sqlite3_finalize(st);
		return rc == 0 ? xf_errf(err, "no e-mail is stored for it") :
		    -1;
	}
	z = sqlite3_column_blob(st, 0);
	n = (uLongf)sqlite3_column_int64(st, 1);
	/* No e-mail is empty: its bytes were anonymised (anonymise.c). */
	if (n == 0) {
		sqlite3_finalize(st);
		return xf_errf(err, "its e-mail is no longer held (purged or "
		    "erased)");
	}
	xf_buf_reset(out);
	if (xf_buf_grow(out, n) == -1) {
		sqlite3_finalize(st);
		return xf_errf(err, "out of memory");
	}
	rc = uncompress((Bytef *)out->p, &n, z,
	    (uLong)sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	if (rc != Z_OK)
		return xf_errf(err, "the stored message is damaged");
	out->len = n;
	out->p[n] = '\0';
	return 0;
}
