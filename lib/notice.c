/*
 * notice.c: a message to the complainant, put in the outbox (DESIGN §5)
 * for xf-notify to deliver.  Every occasion that tells a complainant
 * something (an acceptance, an answer, a survey) comes through
 * xf_notice_queue, inside the writer's own transaction: the move and
 * its message commit together or not at all, so no complaint is
 * accepted without its acknowledgement queued, and none is told of an
 * acceptance that was rolled back.
 *
 * What is queued is the finished text (the template filled in now, as
 * the complaint stands), not a reference to a template: an edit of the
 * templates tomorrow does not change what was decided today, and the
 * outbox shows exactly what will be sent.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "xf.h"

#define REFS_MAX	10	/* Message-IDs in References: the newest */
#define LANG_SAMPLE	4096	/* bytes of the text that tell its language */

/* --- contacts ----------------------------------------------------------- */

static int
email_shape(const char *s)
{
	const char *at = strchr(s, '@');

	return at != NULL && at > s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " \t\r\n<>,;\"") == NULL;
}

/* Digits with the separators people write (+86 138-0013 8000, (010)
 * 6552 9988): 7 to 15 digits, a leading + at most. */
static int
phone_shape(const char *s)
{
	size_t digits = 0;

	if (*s == '+')
		s++;
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (strchr(" -().", *s) == NULL)
			return 0;
	}
	return digits >= 7 && digits <= 15;
}

int
xf_contact_robot(const char *addr)
{
	static const char *const robots[] = {
		"mailer-daemon", "postmaster", "noreply", "no-reply",
		"no_reply", "donotreply", "do-not-reply", "do_not_reply",
		"bounce", "bounces", "auto-reply", "autoreply", "notify",
		"notification", "notifications",
	};
	const char *at = strchr(addr, '@');
	size_t len = at != NULL ? (size_t)(at - addr) : strlen(addr), i;
	char local[64];

	if (at == NULL || len == 0 || len >= sizeof(local))
		return 0;
	memcpy(local, addr, len);
	local[len] = '\0';
	/* "bounces+abc=example.org@lists...": the part before a tag */
	local[strcspn(local, "+")] = '\0';
	for (i = 0; i < sizeof(robots) / sizeof(robots[0]); i++)
		if (strcasecmp(local, robots[i]) == 0)
			return 1;
	return 0;
}

const char *
xf_contact_channel(const char *contact, const char *channel)
{
	if (contact == NULL || *contact == '\0')
		return NULL;
	if (email_shape(contact))
		return xf_contact_robot(contact) ? NULL : "email";
	if (channel != NULL && strcmp(channel, "social") == 0)
		return "social";
	if (phone_shape(contact))
		return channel != NULL && strcmp(channel, "phone") == 0 ?
		    "phone" : "sms";
	return NULL;
}

/* The channel want names, when the contact can take it; else NULL. */
static const char *
channel_for(const char *contact, const char *channel, const char *want)
{
	if (want == NULL)
		return xf_contact_channel(contact, channel);
	if (contact == NULL || *contact == '\0')
		return NULL;
	if (strcmp(want, "email") == 0)
		return email_shape(contact) && !xf_contact_robot(contact) ?
		    "email" : NULL;
	if (strcmp(want, "sms") == 0)
		return phone_shape(contact) ? "sms" : NULL;
	if (strcmp(want, "social") == 0)
		return channel != NULL && strcmp(channel, "social") == 0 ?
		    "social" : NULL;
	return NULL;
}

/* --- language ------------------------------------------------------------ */

const char *
xf_text_lang(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strnlen(text, LANG_SAMPLE), k, han = 0, latin = 0;
	uint32_t cp;

	while (n > 0) {
		if ((k = xf_utf8_decode(p, n, &cp)) == 0)
			k = 1;
		else if (xf_is_cjk(cp))
			han++;
		else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			latin++;
		p += k;
		n -= k;
	}
	/* A Chinese character says about as much as a word of five
	 * letters: a Chinese text quoting an English product name is
	 * still Chinese. */
	return han > 0 && han * 5 >= latin ? "zh" : "en";
}

/* --- the complaint, as a template sees it -------------------------------- */

enum {
	C_REF, C_SUBJECT, C_COMPLAINANT, C_RECEIVED, C_ACK_DUE, C_DUE,
	C_HANDLER, C_TEAM, C_CATEGORY, C_STATUS, C_CONTACT, C_CHANNEL,
	C_LANG, C_TEXT, C_NCOLS
};

struct facts {
	char	*col[C_NCOLS];
	char	 received[XF_TIMELEN], ack_due[XF_TIMELEN], due[XF_TIMELEN];
};

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? strdup((const char *)t) : NULL;
}

int
xf_notice_date(int64_t t, char *out, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;

	*out = '\0';
	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%d %H:%M", &tm) == 0)
		return -1;
	return 0;
}

static void
when(sqlite3_stmt *st, int i, char *out)
{
	*out = '\0';
	if (sqlite3_column_type(st, i) != SQLITE_NULL)
		xf_notice_date(sqlite3_column_int64(st, i), out, XF_TIMELEN);
}

static int
load_facts(struct xf_store *s, int64_t id, const char *actor,
    struct facts *f, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, i;

	memset(f, 0, sizeof(*f));
	if (xf_store_prepare(s, "SELECT ref, subject, complainant,"
	    " received_at, ack_due, due, coalesce((SELECT name FROM handler"
	    " WHERE login = coalesce(assignee, ?3)), assignee, ?3), team,"
	    " category, status,"
	    " contact, channel, lang, coalesce(subject, '') || ' ' ||"
	    " substr(coalesce(body, ''), 1, ?2) FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, LANG_SAMPLE);
	/* Nobody owns it yet: the handler is who acts on it now. */
	xf_bind_opt(st, 3, actor);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < C_NCOLS; i++)
			if (i != C_RECEIVED && i != C_ACK_DUE && i != C_DUE)
				f->col[i] = dup_col(st, i);
		when(st, C_RECEIVED, f->received);
		when(st, C_ACK_DUE, f->ack_due);
		when(st, C_DUE, f->due);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "no complaint has id %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint to notify", err);
	for (i = 0; i < C_NCOLS; i++)
		if (f->col[i] == NULL && i != C_RECEIVED && i != C_ACK_DUE &&
		    i != C_DUE && sqlite3_errcode(s->db) == SQLITE_NOMEM)
			return xf_errf(err, "out of memory");
	return 0;
}

static void
free_facts(struct facts *f)
{
	int i;

	for (i = 0; i < C_NCOLS; i++)
		free(f->col[i]);
}

/* The template's values: the complaint's, then the occasion's, which
 * come later and so win (value_of takes the first: they go first). */
static size_t
gather(const struct facts *f, const struct xf_notice *n,
    struct xf_tvar *v, size_t cap)
{
	const struct xf_tvar own[] = {
		{ "ref", f->col[C_REF] }, { "subject", f->col[C_SUBJECT] },
		{ "complainant", f->col[C_COMPLAINANT] },
		{ "received", f->received }, { "ack_due", f->ack_due },
		{ "due", f->due }, { "handler", f->col[C_HANDLER] },
		{ "team", f->col[C_TEAM] }, { "category", f->col[C_CATEGORY] },
		{ "status", f->col[C_STATUS] },
	};
	size_t k = 0, i;

	for (i = 0; i < n->nvars && k < cap; i++)
		v[k++] = n->vars[i];
	for (i = 0; i < sizeof(own) / sizeof(own[0]) && k < cap; i++)
		v[k++] = own[i];
	return k;
}

/* --- threading: what the complainant's mail client needs ------------- */

static int
thread_ids(struct xf_store *s, int64_t id, struct xf_buf *reply,
    struct xf_buf *refs, struct xf_err *err)
{
	char *ids[REFS_MAX];
	sqlite3_stmt *st;
	size_t k = 0;
	int rc, bad = 0;

	/* The newest first; References: lists them oldest first.  A
	 * stranger's message is no part of the thread. */
	if (xf_store_prepare(s, "SELECT message_id, direction = 'in'"
	    " FROM message WHERE complaint_id = ?1 AND message_id IS NOT NULL"
	    " AND trust <> 'unverified' AND trust <> 'refused'"
	    " ORDER BY id DESC LIMIT ?2", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, REFS_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < REFS_MAX) {
		const char *mid = (const char *)sqlite3_column_text(st, 0);

		if (reply->len == 0 && sqlite3_column_int(st, 1))
			bad |= xf_buf_adds(reply, mid);
		if ((ids[k++] = strdup(mid)) == NULL)
			bad = -1;
	}
	sqlite3_finalize(st);
	while (k > 0) {
		k--;
		if (ids[k] != NULL)
			bad |= xf_buf_printf(refs, "%s%s", refs->len ? " " : "",
			    ids[k]);
		free(ids[k]);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint's messages", err);
	return bad ? xf_errf(err, "out of memory") : 0;
}

/* --- the Message-ID ------------------------------------------------------ */

int
xf_message_id(const char *ref, char *out, size_t len, struct xf_err *err)
{
	char host[256], rnd[2 * 12 + 1];
	const char *domain = getenv("XF_MAIL_DOMAIN");

	if (xf_random_hex(rnd, 12, err) == -1)
		return -1;
	if (domain == NULL || *domain == '\0') {
		if (gethostname(host, sizeof(host)) == -1 || *host == '\0')
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		domain = host;
	}
	if (snprintf(out, len, "xf.%s.%s@%s", ref, rnd, domain) >= (int)len)
		return xf_errf(err, "the mail domain is too long");
	return 0;
}

/* --- queueing ------------------------------------------------------------ */

static int
insert(struct xf_store *s, int64_t id, const struct xf_notice *n,
    const char *chan, const char *lang, const char *to, const char *mid,
    struct xf_buf *subject, struct xf_buf *body, struct xf_buf *reply,
    struct xf_buf *refs, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "INSERT INTO outbox (complaint_id, kind,"
	    " channel, lang, recipient, subject, body, message_id,"
	    " in_reply_to, refs, queued_at, actor, next_at)"
	    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?11)",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, n->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, chan, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, xf_buf_str(subject), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, xf_buf_str(body), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, mid, -1, SQLITE_STATIC);
	xf_bind_opt(st, 9, reply->len ? xf_buf_str(reply) : NULL);
	xf_bind_opt(st, 10, refs->len ? xf_buf_str(refs) : NULL);
	sqlite3_bind_int64(st, 11, n->now);
	sqlite3_bind_text(st, 12, n->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "queueing a notice", err);
	return 0;
}

static int
record(struct xf_store *s, int64_t id, const struct xf_notice *n,
    const char *chan, const char *lang, struct xf_err *err)
{
	char why[64];
	struct xf_event ev = {
		.complaint_id = id, .at = n->now, .actor = n->actor,
		.kind = "notice", .field = "outbox", .new = n->kind,
		.reason = why,
	};

	/* The channel and language, never the address: events are kept
	 * for good, personal data must be erasable (DESIGN §5). */
	snprintf(why, sizeof(why), "queued for %s, %s", chan, lang);
	return xf_event_add(s, &ev, err);
}

/* The template, from the run's cache when there is one, else read into
 * own (which the caller frees either way). */
static int
template_for(struct xf_tcache *c, const char *kind, const char *lang,
    struct xf_template *own, const struct xf_template **t,
    struct xf_err *err)
{
	memset(own, 0, sizeof(*own));
	if (c != NULL)
		return xf_tcache_get(c, kind, lang, t, err);
	*t = own;
	return xf_template_load(own, NULL, kind, lang, err);
}

/* The complaint's language: set on it, else told by its words. */
static const char *
lang_of(const struct facts *f, const char *want)
{
	if (want != NULL)
		return want;
	if (f->col[C_LANG] != NULL && *f->col[C_LANG] != '\0')
		return f->col[C_LANG];
	return xf_text_lang(f->col[C_TEXT] != NULL ? f->col[C_TEXT] : "");
}

int
xf_notice_lang(struct xf_store *s, int64_t id, char out[8],
    struct xf_err *err)
{
	struct facts f;
	int rc;

	if ((rc = load_facts(s, id, NULL, &f, err)) == 0)
		snprintf(out, 8, "%s", lang_of(&f, NULL));
	free_facts(&f);
	return rc;
}

int
xf_notice_canned(struct xf_store *s, int64_t id, const char *name,
    const char *lang, struct xf_tcache *templates, struct xf_buf *out,
    struct xf_err *err)
{
	struct facts f;
	struct xf_template own;
	const struct xf_template *t;
	struct xf_tvar v[32];
	struct xf_notice none = { .kind = "" };
	struct xf_buf kind = { 0 }, body = { 0 };
	int rc = -1;

	if (load_facts(s, id, NULL, &f, err) == -1) {
		free_facts(&f);
		return -1;
	}
	memset(&own, 0, sizeof(own));
	if (xf_buf_printf(&kind, "canned/%s", name) == -1)
		xf_errf(err, "out of memory");
	else if (template_for(templates, kind.p, lang_of(&f, lang), &own, &t,
	    err) == -1 || xf_template_fill(t, v, gather(&f, &none, v,
	    nitems(v)), NULL, &body, err) == -1)
		xf_err_config(err);
	else if (xf_buf_add(out, body.p, body.len) == -1)
		xf_errf(err, "out of memory");
	else
		rc = 0;
	xf_template_free(&own);
	xf_buf_free(&kind);
	xf_buf_free(&body);
	free_facts(&f);
	return rc;
}

int
xf_notice_queue(struct xf_store *s, int64_t id, struct xf_notice *n,
    struct xf_err *err)
{
	struct facts f;
	struct xf_template own;
	const struct xf_template *t;
	struct xf_tvar v[32];
	struct xf_buf subject = { 0 }, body = { 0 }, reply = { 0 },
	    refs = { 0 };
	const char *chan, *lang;
	char mid[512];
	int rc = -1;

	n->outbox_id = 0;
	*n->channel = '\0';
	memset(&own, 0, sizeof(own));
	if (load_facts(s, id, n->actor, &f, err) == -1) {
		free_facts(&f);
		return -1;
	}
	if ((chan = channel_for(f.col[C_CONTACT], f.col[C_CHANNEL],
	    n->channel_want)) == NULL) {
		free_facts(&f);
		if (n->channel_want != NULL)
			return xf_errf(err, "its contact cannot take %s",
			    n->channel_want);
		return 0;		/* nobody to tell: nothing queued */
	}
	lang = lang_of(&f, n->lang);
	if (template_for(n->templates, n->kind, lang, &own, &t, err) == -1) {
		xf_err_config(err);
		goto out;
	}
	if (xf_template_fill(t, v, gather(&f, n, v, sizeof(v) /
	    sizeof(v[0])), &subject, &body, err) == -1) {
		xf_err_config(err);
		goto out;
	}
	if (thread_ids(s, id, &reply, &refs, err) == -1 ||
	    xf_message_id(f.col[C_REF], mid, sizeof(mid), err) == -1 ||
	    insert(s, id, n, chan, lang, f.col[C_CONTACT], mid, &subject,
	    &body, &reply, &refs, err) == -1)
		goto out;
	n->outbox_id = sqlite3_last_insert_rowid(s->db);
	snprintf(n->channel, sizeof(n->channel), "%s", chan);
	rc = record(s, id, n, chan, lang, err);
out:
	xf_template_free(&own);
	free_facts(&f);
	xf_buf_free(&subject);
	xf_buf_free(&body);
	xf_buf_free(&reply);
	xf_buf_free(&refs);
	return rc;
}
