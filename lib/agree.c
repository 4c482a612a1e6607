/*
 * agree.c: each complaint's row against its history (xf-status verify,
 * issue 15).
 *
 * The chain (event.c) proves that no event was altered; this proves
 * that no row was altered behind the events' back.  Every field an
 * event records is replayed from the complaint's events alone, by the
 * replay the reports use (xf_report_replay, replay.c) started from
 * nothing instead of from the row, and compared with the row: status,
 * team, assignee, category, priority, flags, lang, ack_due and due, and
 * the times and counters the moves set (accepted_at, first_response_at,
 * resolved_at, closed_at, paused_since, paused_seconds, reopen_count).
 * The row's personal fields are compared with the content digest of
 * its latest event that carries one (its creation, and by the contract
 * of issue 15 every purge or erasure); a complaint registered before
 * schema 9 has none and is not checked for them, only counted.
 *
 * Not compared, as no event records them: what a complaint came with
 * (ref, received_at, channel, kind, source, ext_id, parent_id), the
 * intake's and the classifier's bookkeeping (batch, human, simhash,
 * group_id, classified_at, updated_at).
 *
 * Two writes of due have no event of their own.  An import's accept
 * sets it 60 days on, which the replay derives as lifecycle.c does.  An
 * accept or resume made through the library without a policy (the
 * statutory arithmetic in lifecycle.c's UPDATE) would be named here;
 * every command passes a policy, so none makes one.
 *
 * One pass, in constant memory: the complaints in id order merged with
 * the events in (complaint_id, id) order, which is the order of the
 * index event_complaint, so neither needs a sort; one complaint's
 * history is held at a time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define ROWS_SQL "SELECT id, ref, status, team, assignee, category, " \
    "priority, flags, lang, ack_due, due, accepted_at, first_response_at, " \
    "resolved_at, closed_at, paused_since, paused_seconds, reopen_count, " \
    "complainant, contact, subject, body, extra FROM complaint ORDER BY id"
#define EVENTS_SQL "SELECT complaint_id, id, at, kind, field, old, new, " \
    "content FROM event WHERE complaint_id IS NOT NULL " \
    "ORDER BY complaint_id, id"

enum { R_ID, R_REF, R_STATUS, R_TEAM, R_ASSIGNEE, R_CATEGORY, R_PRIORITY,
    R_FLAGS, R_LANG, R_ACK_DUE, R_DUE, R_ACCEPTED_AT, R_FIRST_RESPONSE_AT,
    R_RESOLVED_AT, R_CLOSED_AT, R_PAUSED_SINCE, R_PAUSED_SECONDS,
    R_REOPEN_COUNT, R_COMPLAINANT, R_CONTACT, R_SUBJECT, R_BODY, R_EXTRA };
enum { E_COMPLAINT, E_ID, E_AT, E_KIND, E_FIELD, E_OLD, E_NEW, E_CONTENT };

#define NTEXT	4	/* kind, field, old, new */
#define NONE	SIZE_MAX

/* One complaint's events, their text copied into one buffer. */
struct hist {
	struct xf_rev	*ev;
	size_t		(*off)[NTEXT];	/* into text; NONE for NULL */
	size_t		 n, cap;
	struct xf_buf	 text;
	int		 has_content;
	unsigned char	 content[XF_SHA256_LEN];
	int64_t		 content_event;
};

struct run {
	struct xf_store	*s;
	sqlite3_stmt	*rows, *events;
	int		 ev_rc;		/* the events statement's last step */
	struct hist	 h;
	xf_disagree_fn	 fn;
	void		*arg;
	struct xf_agree	*sum;
	struct xf_err	*err;
};

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int
grow(struct hist *h)
{
	size_t cap = h->cap ? 2 * h->cap : 64;
	struct xf_rev *ev;
	size_t (*off)[NTEXT];

	if ((ev = realloc(h->ev, cap * sizeof(*ev))) == NULL)
		return -1;
	h->ev = ev;
	if ((off = realloc(h->off, cap * sizeof(*off))) == NULL)
		return -1;
	h->off = off;
	h->cap = cap;
	return 0;
}

/* The event the events statement holds, added to h. */
static int
hist_add(struct hist *h, sqlite3_stmt *st)
{
	const void *c;
	size_t i;
	const char *s;

	if (h->n == h->cap && grow(h) == -1)
		return -1;
	h->ev[h->n].at = sqlite3_column_int64(st, E_AT);
	for (i = 0; i < NTEXT; i++) {
		h->off[h->n][i] = NONE;
		if ((s = text(st, E_KIND + (int)i)) == NULL)
			continue;
		h->off[h->n][i] = h->text.len;
		if (xf_buf_add(&h->text, s, strlen(s) + 1) == -1)
			return -1;
	}
	/* The latest digest of the personal fields is the one that holds. */
	c = sqlite3_column_blob(st, E_CONTENT);
	if (c != NULL && sqlite3_column_bytes(st, E_CONTENT) ==
	    XF_SHA256_LEN) {
		h->has_content = 1;
		memcpy(h->content, c, XF_SHA256_LEN);
		h->content_event = sqlite3_column_int64(st, E_ID);
	}
	h->n++;
	return 0;
}

/* The text is where it will stay: the events may point into it. */
static void
hist_done(struct hist *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		const size_t *o = h->off[i];

		h->ev[i].kind = o[0] == NONE ? NULL : h->text.p + o[0];
		h->ev[i].field = o[1] == NONE ? NULL : h->text.p + o[1];
		h->ev[i].old = o[2] == NONE ? NULL : h->text.p + o[2];
		h->ev[i].new = o[3] == NONE ? NULL : h->text.p + o[3];
	}
}

static void
hist_reset(struct hist *h)
{
	h->n = 0;
	h->has_content = 0;
	h->content_event = 0;
	xf_buf_reset(&h->text);
}

static int
next_event(struct run *r)
{
	r->ev_rc = sqlite3_step(r->events);
	if (r->ev_rc != SQLITE_ROW && r->ev_rc != SQLITE_DONE)
		return xf_store_fail(r->s, "reading the history", r->err);
	return 0;
}

static int64_t
event_complaint(const struct run *r)
{
	return r->ev_rc == SQLITE_ROW ?
	    sqlite3_column_int64(r->events, E_COMPLAINT) : INT64_MAX;
}

/* Histories of complaints before id that have no row: one each. */
static int
orphans(struct run *r, int64_t id)
{
	struct xf_disagree d;
	int64_t c;

	while ((c = event_complaint(r)) < id) {
		memset(&d, 0, sizeof(d));
		d.id = c;
		while (event_complaint(r) == c) {
			d.events++;
			if (next_event(r) == -1)
				return -1;
		}
		r->sum->orphans++;
		r->fn(&d, r->arg);
	}
	return 0;
}

/* The events of complaint id, into r->h. */
static int
collect(struct run *r, int64_t id)
{
	hist_reset(&r->h);
	while (event_complaint(r) == id) {
		if (hist_add(&r->h, r->events) == -1)
			return xf_errf(r->err, "out of memory");
		if (next_event(r) == -1)
			return -1;
	}
	hist_done(&r->h);
	return 0;
}

/* Absent and empty are the same to the row's reader (flags is ''). */
static int
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* One complaint's disagreements so far, and what to tell. */
struct check {
	struct run		*r;
	struct xf_disagree	 d;
	char			 row[24], hist[24];	/* a count's */
	int			 bad;
};

static void
tell(struct check *k)
{
	k->bad = 1;
	k->r->fn(&k->d, k->r->arg);
}

static void
text_field(struct check *k, const char *field, int col, const char *hist)
{
	const char *row = text(k->r->rows, col);

	if (same(row, hist))
		return;
	k->d.field = field;
	k->d.row = row != NULL && *row != '\0' ? row : NULL;
	k->d.history = hist != NULL && *hist != '\0' ? hist : NULL;
	k->d.row_t = k->d.history_t = 0;
	tell(k);
}

static void
time_field(struct check *k, const char *field, int col, int64_t hist)
{
	int64_t row = sqlite3_column_int64(k->r->rows, col);

	if (row == hist)
		return;
	k->d.field = field;
	k->d.row = k->d.history = NULL;
	k->d.row_t = row;
	k->d.history_t = hist;
	tell(k);
}

static void
count_field(struct check *k, const char *field, int col, int64_t hist)
{
	int64_t row = sqlite3_column_int64(k->r->rows, col);

	if (row == hist)
		return;
	snprintf(k->row, sizeof(k->row), "%lld", (long long)row);
	snprintf(k->hist, sizeof(k->hist), "%lld", (long long)hist);
	k->d.field = field;
	k->d.row = k->row;
	k->d.history = k->hist;
	k->d.row_t = k->d.history_t = 0;
	tell(k);
}

static void
personal(struct check *k)
{
	sqlite3_stmt *st = k->r->rows;
	unsigned char d[XF_SHA256_LEN];

	if (!k->r->h.has_content)
		return;
	k->r->sum->content++;
	xf_content_digest(text(st, R_COMPLAINANT), text(st, R_CONTACT),
	    text(st, R_SUBJECT), text(st, R_BODY), text(st, R_EXTRA), d);
	if (memcmp(d, k->r->h.content, sizeof(d)) == 0)
		return;
	k->d.field = "personal";
	k->d.row = k->d.history = NULL;
	k->d.row_t = k->d.history_t = 0;
	k->d.event = k->r->h.content_event;
	tell(k);
}

/* The row the rows statement holds against its history, r->h. */
static void
check_row(struct run *r, int64_t id)
{
	static const struct xf_rrow nothing = { 0 };
	struct check k = { .r = r };
	struct xf_rfact f;

	k.d.id = id;
	k.d.ref = text(r->rows, R_REF);
	k.d.events = (int64_t)r->h.n;
	r->sum->complaints++;
	if (r->h.n == 0) {
		tell(&k);		/* field NULL: no history at all */
		r->sum->disagree++;
		return;
	}
	xf_report_replay(&nothing, r->h.ev, r->h.n, INT64_MIN, INT64_MAX,
	    &f);
	text_field(&k, "status", R_STATUS, f.status);
	text_field(&k, "team", R_TEAM, f.team);
	text_field(&k, "assignee", R_ASSIGNEE, f.assignee);
	text_field(&k, "category", R_CATEGORY, f.category);
	text_field(&k, "priority", R_PRIORITY, f.priority);
	text_field(&k, "flags", R_FLAGS, f.flags);
	text_field(&k, "lang", R_LANG, f.lang);
	time_field(&k, "ack_due", R_ACK_DUE, f.ack_due);
	time_field(&k, "due", R_DUE, f.due);
	time_field(&k, "accepted_at", R_ACCEPTED_AT, f.row.accepted_at);
	time_field(&k, "first_response_at", R_FIRST_RESPONSE_AT,
	    f.row.first_response_at);
	time_field(&k, "resolved_at", R_RESOLVED_AT, f.row.resolved_at);
	time_field(&k, "closed_at", R_CLOSED_AT, f.row.closed_at);
	time_field(&k, "paused_since", R_PAUSED_SINCE, f.row.paused_since);
	count_field(&k, "paused_seconds", R_PAUSED_SECONDS,
	    f.row.paused_seconds);
	count_field(&k, "reopen_count", R_REOPEN_COUNT, f.row.reopen_count);
	personal(&k);
	r->sum->disagree += k.bad;
}

static int
walk(struct run *r)
{
	int64_t id;
	int rc;

	if (next_event(r) == -1)
		return -1;
	while ((rc = sqlite3_step(r->rows)) == SQLITE_ROW) {
		id = sqlite3_column_int64(r->rows, R_ID);
		if (orphans(r, id) == -1 || collect(r, id) == -1)
			return -1;
		check_row(r, id);
	}
	if (rc != SQLITE_DONE)
		return xf_store_fail(r->s, "reading the complaints", r->err);
	return orphans(r, INT64_MAX);
}

int
xf_agree_check(struct xf_store *s, xf_disagree_fn fn, void *arg,
    struct xf_agree *sum, struct xf_err *err)
{
	struct run r = { .s = s, .fn = fn, .arg = arg, .sum = sum,
	    .err = err };
	int rc = -1;

	memset(sum, 0, sizeof(*sum));
	/* One read transaction: the rows and the events of one moment,
	 * so a complaint registered meanwhile is not one without events. */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return xf_store_fail(s, "starting to read", err);
	if (xf_store_prepare(s, ROWS_SQL, &r.rows, err) == 0 &&
	    xf_store_prepare(s, EVENTS_SQL, &r.events, err) == 0)
		rc = walk(&r);
	sqlite3_finalize(r.rows);
	sqlite3_finalize(r.events);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	free(r.h.ev);
	free(r.h.off);
	xf_buf_free(&r.h.text);
	return rc;
}
