/*
 * survey.c: satisfaction surveys after resolution (xf-survey(1)):
 * sending them, recording answers (from a file, or a reply by e-mail),
 * and the call back (回访) a low score asks for.
 *
 * A survey is a row of its own beside the complaint, not a field of it:
 * a complaint is surveyed once (complaint_id is UNIQUE), whatever moves
 * come after, and its token is the only thing a web form needs to send
 * an answer back.  The token is 128 bits from the OS (random.c): one
 * that could be guessed would let anyone answer for someone else.
 *
 * The answer's events carry the score, never the comment: events are
 * kept for good, and a comment is the complainant's own words.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define COMMENT_MAX	4000	/* bytes of a comment kept */

/* --- contacts ------------------------------------------------------------ */

int
xf_survey_contact(const char *contact, char *out, size_t len)
{
	struct xf_buf b = { 0 };
	int rc = -1;

	/* One meaning of "the same contact": the replies' (reply.c). */
	if (contact != NULL && xf_contact_norm(contact, &b) == 0 &&
	    b.len > 0 && b.len < len) {
		memcpy(out, b.p, b.len + 1);
		rc = 0;
	}
	xf_buf_free(&b);
	return rc;
}

/* --- events ----------------------------------------------------------- */

static int
event(struct xf_store *s, int64_t id, int64_t at, const char *actor,
    const char *field, const char *new, const char *why, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = at, .actor = actor,
		.kind = "survey", .field = field, .new = new, .reason = why,
	};

	return xf_event_add(s, &ev, err);
}

/* --- sending ---------------------------------------------------------- */

/*
 * The complaints resolved in the window, by their resolve events: the
 * event_at index (at, kind, complaint_id) serves the range, so the read
 * is the window's events however large the store.  Each is then looked
 * up by its id: still resolved or closed, resolved (its latest time)
 * before the cutoff, and never surveyed.
 */
static const char candidates_sql[] =
    "SELECT c.id, c.ref, c.contact, c.channel, c.resolved_at"
    " FROM (SELECT DISTINCT complaint_id AS id FROM event"
    "  WHERE at >= ?1 AND at <= ?2 AND kind = 'resolve') r"
    " JOIN complaint c ON c.id = r.id"
    " WHERE (c.status = 'resolved' OR c.status = 'closed')"
    " AND c.resolved_at <= ?2"
    " AND NOT EXISTS (SELECT 1 FROM survey v WHERE v.complaint_id = c.id)"
    " ORDER BY c.resolved_at, c.id";

struct cand {
	int64_t		 id, resolved_at;
	char		 ref[XF_REFLEN];
	char		*contact;
	char		 channel[16];
};

static void
cands_free(struct cand *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].contact);
	free(c);
}

/* All read before any is written: a cursor must not walk rows the
 * inserts change. */
static int
candidates(struct xf_store *s, const struct xf_survey_send_opts *o,
    struct cand **out, size_t *nout, struct xf_err *err)
{
	sqlite3_stmt *st;
	struct cand *c = NULL, *nc;
	size_t n = 0, cap = 0;
	int rc;

	if (xf_store_prepare(s, candidates_sql, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, o->now - o->within);
	sqlite3_bind_int64(st, 2, o->now - o->after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *ct = sqlite3_column_text(st, 2);

		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((nc = realloc(c, cap * sizeof(*c))) == NULL)
				break;
			c = nc;
		}
		memset(&c[n], 0, sizeof(c[n]));
		c[n].id = sqlite3_column_int64(st, 0);
		xf_column_copy(st, 1, c[n].ref, sizeof(c[n].ref));
		xf_column_copy(st, 3, c[n].channel, sizeof(c[n].channel));
		c[n].resolved_at = sqlite3_column_int64(st, 4);
		if (ct != NULL && (c[n].contact = strdup((const char *)ct)) ==
		    NULL)
			break;
		n++;
	}
	sqlite3_finalize(st);
	*out = c;
	*nout = n;
	if (rc == SQLITE_ROW)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "finding resolved complaints", err);
	return 0;
}

static int
contact_recent(struct xf_store *s, const char *norm, int64_t since,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT 1 FROM survey WHERE contact = ?1"
	    " AND sent_at >= ?2 LIMIT 1", &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return xf_store_fail(s, "reading the surveys of a contact", err);
}

/* {token} in the URL template replaced by the token; the rest as is. */
static int
survey_url(const char *tmpl, const char *token, struct xf_buf *out)
{
	const char *p, *q;

	xf_buf_reset(out);
	if (xf_buf_adds(out, "") == -1)
		return -1;
	if (tmpl == NULL)
		return 0;
	for (p = tmpl; (q = strstr(p, "{token}")) != NULL; p = q + 7)
		if (xf_buf_add(out, p, (size_t)(q - p)) == -1 ||
		    xf_buf_adds(out, token) == -1)
			return -1;
	return xf_buf_adds(out, p);
}

static int
insert_survey(struct xf_store *s, const struct cand *c, const char *norm,
    const struct xf_survey_sent *sv, int64_t now, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "INSERT INTO survey (complaint_id, token,"
	    " contact, channel, sent_at, outbox_id) VALUES (?1,?2,?3,?4,?5,?6)",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_text(st, 2, sv->token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, norm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sv->channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, sv->outbox_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "recording a survey", err);
	return 0;
}

/* 1 queued, 0 passed over, -1 failed. */
static int
send_one(struct xf_store *s, struct xf_survey_send_opts *o,
    const struct cand *c, struct xf_survey_sent *sv, struct xf_err *err)
{
	char norm[XF_SURVEY_CONTACTLEN];
	struct xf_buf url = { 0 };
	struct xf_tvar v[2] = { { "token", sv->token }, { "survey_url", "" } };
	struct xf_notice n = {
		.kind = "survey", .vars = v, .nvars = nitems(v),
		.now = o->now, .actor = o->actor,
	};
	int rc;

	memset(sv, 0, sizeof(*sv));
	if (xf_contact_channel(c->contact, c->channel) == NULL ||
	    xf_survey_contact(c->contact, norm, sizeof(norm)) == -1) {
		o->unreachable++;
		return 0;
	}
	if (o->per_contact > 0 && (rc = contact_recent(s, norm,
	    o->now - o->per_contact, err)) != 0) {
		if (rc == 1)
			o->limited++;
		return rc == 1 ? 0 : -1;
	}
	if (xf_random_hex(sv->token, XF_SURVEY_TOKEN_BYTES, err) == -1)
		return -1;
	if (survey_url(o->url, sv->token, &url) == -1) {
		xf_buf_free(&url);
		return xf_errf(err, "out of memory");
	}
	v[1].value = xf_buf_str(&url);
	rc = xf_notice_queue(s, c->id, &n, err);
	xf_buf_free(&url);
	if (rc == -1)
		return -1;
	if (n.outbox_id == 0) {
		o->unreachable++;
		return 0;
	}
	snprintf(sv->ref, sizeof(sv->ref), "%s", c->ref);
	snprintf(sv->channel, sizeof(sv->channel), "%s", n.channel);
	sv->outbox_id = n.outbox_id;
	sv->resolved_at = c->resolved_at;
	if (insert_survey(s, c, norm, sv, o->now, err) == -1 ||
	    event(s, c->id, o->now, o->actor, "survey", "sent", n.channel,
	    err) == -1)
		return -1;
	return 1;
}

/* err's message, after the ref it is about. */
static void
name_ref(struct xf_err *err, const char *ref)
{
	char msg[XF_ERRLEN];

	snprintf(msg, sizeof(msg), "%s", err->msg);
	xf_errf(err, "%s: %s", ref, msg);
}

long
xf_survey_send(struct xf_store *s, struct xf_survey_send_opts *o,
    xf_survey_fn fn, void *ctx, struct xf_err *err)
{
	struct xf_survey_sent sv;
	struct cand *c = NULL;
	size_t n = 0, i;
	long sent = 0;
	int rc = 0;

	o->unreachable = o->limited = 0;
	if (candidates(s, o, &c, &n, err) == -1) {
		cands_free(c, n);
		return -1;
	}
	for (i = 0; i < n && rc != -1; i++) {
		if ((rc = send_one(s, o, &c[i], &sv, err)) == 1) {
			sent++;
			if (fn != NULL && fn(ctx, &sv) == -1)
				rc = xf_errf(err, "out of memory");
		} else if (rc == -1 && err->why == XF_WHY_ITEM)
			name_ref(err, c[i].ref);
	}
	cands_free(c, n);
	return rc == -1 ? -1 : sent;
}

/* --- answers ------------------------------------------------------------ */

struct row {
	int64_t		 id, complaint_id, answered_at;
	int		 score;
	char		*comment;
	char		 ref[XF_REFLEN];
	char		 contact[XF_SURVEY_CONTACTLEN];
	char		 message_id[512];
};

static const char row_sql[] =
    "SELECT v.id, v.complaint_id, v.answered_at, v.score, v.comment,"
    " c.ref, v.contact, o.message_id FROM survey v"
    " JOIN complaint c ON c.id = v.complaint_id"
    " LEFT JOIN outbox o ON o.id = v.outbox_id";

/* The survey by token (key) or complaint id: 1 found, 0 none. */
static int
load_row(struct xf_store *s, const char *token, int64_t cid, struct row *r,
    struct xf_err *err)
{
	char sql[sizeof(row_sql) + 64];
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof(*r));
	snprintf(sql, sizeof(sql), "%s WHERE %s", row_sql, token != NULL ?
	    "v.token = ?1" : "v.complaint_id = ?1");
	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	if (token != NULL)
		sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, cid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *cm = sqlite3_column_text(st, 4);

		r->id = sqlite3_column_int64(st, 0);
		r->complaint_id = sqlite3_column_int64(st, 1);
		r->answered_at = sqlite3_column_int64(st, 2);
		r->score = sqlite3_column_int(st, 3);
		if (cm != NULL && (r->comment = strdup((const char *)cm)) ==
		    NULL)
			rc = SQLITE_NOMEM;
		xf_column_copy(st, 5, r->ref, sizeof(r->ref));
		xf_column_copy(st, 6, r->contact, sizeof(r->contact));
		xf_column_copy(st, 7, r->message_id, sizeof(r->message_id));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return xf_errf(err, "out of memory");
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return xf_store_fail(s, "reading a survey", err);
}

/* 32 hex digits, any case, lower-cased into out. */
static int
token_shape(const char *t, char out[XF_SURVEY_TOKENLEN])
{
	size_t i;

	for (i = 0; t[i] != '\0'; i++) {
		if (i >= XF_SURVEY_TOKENLEN - 1 ||
		    !isxdigit((unsigned char)t[i]))
			return -1;
		out[i] = (char)tolower((unsigned char)t[i]);
	}
	out[i] = '\0';
	return i == XF_SURVEY_TOKENLEN - 1 ? 0 : -1;
}

static int
store_answer(struct xf_store *s, const struct row *r, struct xf_answer *a,
    const char *comment, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "UPDATE survey SET answered_at = ?2,"
	    " score = ?3, comment = ?4, answer_via = ?5, followup_due = ?6"
	    " WHERE id = ?1 AND answered_at IS NULL", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, a->now);
	sqlite3_bind_int(st, 3, a->score);
	xf_bind_opt(st, 4, comment);
	sqlite3_bind_text(st, 5, a->via, -1, SQLITE_STATIC);
	if (a->followup_due != 0)
		sqlite3_bind_int64(st, 6, a->followup_due);
	else
		sqlite3_bind_null(st, 6);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "recording an answer", err);
	if (sqlite3_changes(s->db) != 1)
		return xf_errf(err, "%s: the survey was answered meanwhile",
		    r->ref);
	return 0;
}

/* The comment as kept: trimmed, NULL when empty, cut at a character. */
static char *
tidy_comment(const char *c)
{
	size_t n;
	char *out;

	if (c == NULL)
		return NULL;
	c += strspn(c, " \t\r\n");
	n = strlen(c);
	while (n > 0 && strchr(" \t\r\n", c[n - 1]) != NULL)
		n--;
	if (n > COMMENT_MAX) {
		n = COMMENT_MAX;
		while (n > 0 && ((unsigned char)c[n] & 0xc0) == 0x80)
			n--;
	}
	if (n == 0 || (out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, c, n);
	out[n] = '\0';
	return out;
}

static int
same_answer(const struct row *r, const struct xf_answer *a,
    const char *comment)
{
	const char *old = r->comment != NULL ? r->comment : "";

	return r->score == a->score && strcmp(old, comment ? comment : "") ==
	    0;
}

static int
reopen(struct xf_store *s, const struct row *r, struct xf_answer *a,
    struct xf_err *err)
{
	const struct xf_move *m = xf_move_find("reopen");
	char why[128];
	struct xf_change ch = { .now = a->now, .actor = a->actor,
	    .reason = why };

	if (m == NULL)
		return xf_errf(err, "%s: no reopen move", r->ref);
	snprintf(why, sizeof(why), "survey score %d (below %d)", a->score,
	    a->reopen_below);
	snprintf(ch.ref, sizeof(ch.ref), "%s", r->ref);
	if (xf_move_in_tx(s, m, r->complaint_id, &ch, err) == -1)
		return -1;
	a->reopened = 1;
	return 0;
}

static int
answer_row(struct xf_store *s, const struct row *r, struct xf_answer *a,
    struct xf_err *err)
{
	char score[8], why[128], due[XF_TIMELEN];
	char *comment = tidy_comment(a->comment);
	int rc = -1;

	snprintf(a->ref, sizeof(a->ref), "%s", r->ref);
	if (r->answered_at != 0) {
		a->replayed = same_answer(r, a, comment);
		xf_errf(err, "%s: %s", r->ref, a->replayed ? "this answer is "
		    "recorded already (a replayed line)" : "the survey is "
		    "answered already: one answer a survey");
		goto out;
	}
	a->followup_due = 0;
	if (a->score <= XF_SURVEY_LOW)
		a->followup_due = a->now + (a->followup > 0 ? a->followup :
		    (int64_t)XF_SURVEY_FOLLOWUP_DAYS * XF_DAY);
	snprintf(score, sizeof(score), "%d", a->score);
	if (a->followup_due != 0) {
		xf_time_format(a->followup_due, due, sizeof(due));
		snprintf(why, sizeof(why), "answered by %s; call back by %s",
		    a->via, due);
	} else
		snprintf(why, sizeof(why), "answered by %s", a->via);
	if (store_answer(s, r, a, comment, err) == -1 ||
	    event(s, r->complaint_id, a->now, a->actor, "score", score, why,
	    err) == -1)
		goto out;
	rc = 0;
	if (a->reopen_below > 0 && a->score < a->reopen_below)
		rc = reopen(s, r, a, err);
out:
	free(comment);
	return rc;
}

int
xf_survey_answer(struct xf_store *s, struct xf_answer *a, struct xf_err *err)
{
	char tok[XF_SURVEY_TOKENLEN], canon[XF_REFLEN] = "";
	struct row r;
	int64_t cid = 0;
	int rc;

	a->ref[0] = '\0';
	a->reopened = a->replayed = 0;
	if (a->score < 1 || a->score > 5)
		return xf_errf(err, "score %d: want 1 to 5", a->score);
	if (a->token != NULL && token_shape(a->token, tok) == -1) {
		if (!a->by_ref)
			return xf_errf(err, "not a survey token (32 hex "
			    "digits)");
		if (xf_complaint_id(s, a->token, &cid, canon, err) == -1)
			return -1;
		if (cid == 0)
			return xf_errf(err, "neither a survey token nor a "
			    "complaint's ref");
	}
	if ((rc = load_row(s, cid == 0 && a->token ? tok : NULL,
	    cid != 0 ? cid : a->complaint_id, &r, err)) != 1) {
		free(r.comment);
		if (rc == 0 && cid != 0)
			return xf_errf(err, "%s: no survey was sent", canon);
		return rc == 0 ? xf_errf(err, "no survey has this token") :
		    -1;
	}
	rc = answer_row(s, &r, a, err);
	free(r.comment);
	return rc;
}

/* --- answers by e-mail ------------------------------------------------ */

static int
names_survey(const struct xf_mail *m, const struct row *r)
{
	char from[XF_SURVEY_CONTACTLEN];
	size_t i;

	if (*r->message_id != '\0') {
		if (m->in_reply_to != NULL &&
		    strcmp(m->in_reply_to, r->message_id) == 0)
			return 1;
		for (i = 0; i < m->nrefs; i++)
			if (strcmp(m->refs[i], r->message_id) == 0)
				return 1;
	}
	/* The ref in the subject (how mailreg found the complaint) is
	 * public: only from the address the survey went to. */
	return m->from_addr != NULL &&
	    xf_survey_contact(m->from_addr, from, sizeof(from)) == 0 &&
	    strcmp(from, r->contact) == 0;
}

/* The reply's own words: up to the quoted message. */
static char *
own_words(const char *body)
{
	static const char *const marks[] = {
		"\n>", "\n-----Original Message", "\n-----原始邮件",
		"\n发件人:", "\n发件人：", "\nFrom:", "\n-- \n", "\n在 ",
	};
	const char *end = body + strlen(body), *p;
	size_t i;
	char *out;

	for (i = 0; i < nitems(marks); i++)
		if ((p = strstr(body, marks[i])) != NULL && p < end)
			end = p;
	/* "On Mon, ... wrote:" ends the reply where it starts its line */
	for (p = body; (p = strstr(p, "wrote:")) != NULL && p < end; p++) {
		const char *bol = p;

		while (bol > body && bol[-1] != '\n')
			bol--;
		if (strncmp(bol, "On ", 3) == 0) {
			end = bol;
			break;
		}
	}
	if ((out = malloc((size_t)(end - body) + 1)) == NULL)
		return NULL;
	memcpy(out, body, (size_t)(end - body));
	out[end - body] = '\0';
	return out;
}

/* Leading marks between a score and its comment: "5分，很好" */
static const char *
comment_start(const char *p)
{
	static const char *const seps[] = {
		"，", "。", "！", "、", "：", "～", "\xe3\x80\x80",
	};
	size_t i;

	for (;;) {
		if (*p != '\0' && strchr(" \t\r\n,.!:;-~", *p) != NULL) {
			p++;
			continue;
		}
		for (i = 0; i < nitems(seps); i++)
			if (strncmp(p, seps[i], strlen(seps[i])) == 0)
				break;
		if (i == nitems(seps))
			return p;
		p += strlen(seps[i]);
	}
}

int
xf_survey_answer_mail(struct xf_store *s, int64_t complaint_id,
    const struct xf_mail *m, int64_t now, const char *actor,
    struct xf_err *err)
{
	struct xf_answer a = {
		.complaint_id = complaint_id, .via = "email", .now = now,
		.actor = actor,
	};
	const char *rest;
	char *own = NULL;
	struct row r;
	int rc;

	if ((rc = load_row(s, NULL, complaint_id, &r, err)) != 1 ||
	    (rc = names_survey(m, &r)) == 0)
		goto out;
	if ((own = own_words(m->body)) == NULL) {
		rc = xf_errf(err, "out of memory");
		goto out;
	}
	if ((a.score = xf_score_lead(own, &rest)) == 0) {
		rc = 0;
		goto out;
	}
	if (r.answered_at != 0) {
		rc = event(s, complaint_id, now, actor, "score", NULL,
		    "a second answer by email, not recorded", err) == -1 ?
		    -1 : 1;
		goto out;
	}
	a.comment = comment_start(rest);
	rc = answer_row(s, &r, &a, err) == -1 ? -1 : 1;
out:
	free(own);
	free(r.comment);
	return rc;
}

/* --- the call back ---------------------------------------------------- */

int
xf_survey_called(struct xf_store *s, const char *key, const char *note,
    int64_t now, const char *actor, char ref[XF_REFLEN], struct xf_err *err)
{
	char tok[XF_SURVEY_TOKENLEN], canon[XF_REFLEN];
	sqlite3_stmt *st;
	struct row r;
	int64_t cid = 0, due = 0, done = 0;
	int rc;

	*ref = '\0';
	memset(&r, 0, sizeof(r));
	if (token_shape(key, tok) == 0)
		rc = load_row(s, tok, 0, &r, err);
	else if ((rc = xf_complaint_id(s, key, &cid, canon, err)) == 0 &&
	    cid != 0)
		rc = load_row(s, NULL, cid, &r, err);
	if (rc == -1)
		return -1;
	free(r.comment);
	if (rc == 0)
		return xf_errf(err, "%s: no survey", key);
	snprintf(ref, XF_REFLEN, "%s", r.ref);
	if (xf_store_prepare(s, "SELECT followup_due, followup_at FROM survey"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, r.id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		due = sqlite3_column_int64(st, 0);
		done = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (due == 0)
		return xf_errf(err, "%s: no call back is due", r.ref);
	if (done != 0)
		return xf_errf(err, "%s: called back already", r.ref);
	if (xf_store_prepare(s, "UPDATE survey SET followup_at = ?2"
	    " WHERE id = ?1 AND followup_at IS NULL", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, r.id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "recording a call back", err);
	return event(s, r.complaint_id, now, actor, "followup", "called",
	    note, err);
}
