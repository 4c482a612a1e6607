/*
 * merge.c: the desk's moves between complaints (issue 16): merge,
 * split, link, and transfer to another team or to a body outside.
 *
 * The history is the record of each: a move that changes a status is a
 * row of the moves table (lifecycle.c: merge, refer, transfer), and
 * every other change writes an event on each complaint it touches,
 * naming the other by its ref, so either history alone tells what was
 * done and where to look.
 *
 * Nothing is lost.  A merge re-points the merged complaint's message
 * rows (their attachments follow them) to the survivor rather than
 * copying them, so the evidence is stored once; its events stay where
 * they were written (the chain is append-only), its notes are written
 * again as notes of the survivor, and it keeps its own dedupe key and
 * ref: a re-delivery of it is still found, and threaded to the survivor
 * (register.c, mailreg.c follow parent_id from a merged complaint).
 *
 * A link is events only ("link" and "unlink", field link, the other ref
 * in new or old): the links of a complaint are the refs linked and not
 * unlinked since, so the history is the table and cannot disagree with
 * it.  A split writes its links the same way (kind "split").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"

/* The leading byte of a split's dedupe key: the ext_id, content and
 * Message-ID keys are 1, 2 and 3 (register.c).  A split is made by a
 * person once, so its key is its own ref: it can never match a
 * delivery, and no migration rewrites it (rekey.c keeps to 2). */
enum { KEY_SPLIT = 4 };

static int
run(struct xf_store *s, sqlite3_stmt *st, const char *what,
    struct xf_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, what, err);
	return 0;
}

static int
event(struct xf_store *s, int64_t id, const char *kind, const char *field,
    const char *old, const char *new, const char *why,
    const struct xf_change *ch, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = kind, .field = field, .old = old, .new = new,
		.reason = why,
	};

	return xf_event_add(s, &ev, err);
}

/* The other complaint, by ref, inside the transaction. */
static int
other_id(struct xf_store *s, const char *ref, int64_t *id,
    char canon[XF_REFLEN], struct xf_err *err)
{
	if (xf_complaint_id(s, ref, id, canon, err) == -1)
		return -1;
	if (*id == 0)
		return xf_errf(err, "%s: no such complaint", ref);
	return 0;
}

static int
status_of(struct xf_store *s, int64_t id, char status[16],
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT status FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = xf_store_one_row(s, st, "reading a status", err)) == 1)
		snprintf(status, 16, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == 1 ? 0 : rc == 0 ? xf_errf(err, "no such complaint") : -1;
}

/* BEGIN, and ref's id: a change that fails after it rolls back. */
static int
begin(struct xf_store *s, const char *ref, int64_t *id, int64_t *mark,
    struct xf_change *ch, struct xf_err *err)
{
	int rc;

	if (xf_change_begin(s, ref, id, mark, ch, err) == -1)
		return -1;
	if ((rc = xf_role_check(s, ch->actor, XF_ACT_WRITE, *id, err)) == -1)
		xf_store_rollback(s);
	return rc;
}

/* The end of a change of two complaints: committed, or in a dry run
 * the events it would record, ref's then the other's, rolled back. */
static int
finish(struct xf_store *s, int64_t id, int64_t other, const char *oref,
    int64_t mark, int rc, struct xf_change *ch, struct xf_err *err)
{
	if (rc == -1) {
		xf_store_rollback(s);
		return -1;
	}
	if (!ch->dry)
		return xf_store_commit(s, err);
	if (ch->would != NULL && (xf_view_history_after(s, id, ch->ref, mark,
	    ch->would, err) == -1 || (other != 0 &&
	    xf_view_history_after(s, other, oref, mark, ch->would,
	    err) == -1)))
		rc = -1;
	xf_store_rollback(s);
	return rc;
}

/* --- merge -------------------------------------------------------------- */

/* Why a merge of id into into is refused, or 0. */
static int
merge_refused(struct xf_store *s, int64_t id, int64_t into,
    const char *iref, const struct xf_change *ch, struct xf_err *err)
{
	char was[XF_REFLEN], status[16];
	int rc;

	if (id == into)
		return xf_errf(err, "%s: cannot merge a complaint into itself",
		    ch->ref);
	if ((rc = xf_merged_into(s, id, was, err)) != 0)
		return rc == -1 ? -1 : xf_errf(err, "%s: was merged into %s "
		    "already", ch->ref, was);
	if ((rc = xf_merged_into(s, into, was, err)) != 0)
		return rc == -1 ? -1 : xf_errf(err, "%s: cannot merge into "
		    "%s: it was merged into %s; merge into that one", ch->ref,
		    iref, was);
	if (status_of(s, into, status, err) == -1)
		return -1;
	if (!xf_status_open(status))
		return xf_errf(err, "%s: cannot merge into %s: it is %s; "
		    "reopen it first", ch->ref, iref, status);
	return 0;
}

/* Moves id's messages to into; *n says how many, *natt their
 * attachments, which follow their message rows. */
static int
move_messages(struct xf_store *s, int64_t id, int64_t into, int *n,
    int *natt, struct xf_err *err)
{
	sqlite3_stmt *st;

	if (xf_store_prepare(s, "SELECT (SELECT count(*) FROM message WHERE"
	    " complaint_id = ?1), (SELECT count(*) FROM attachment a JOIN"
	    " message m ON m.id = a.message_id WHERE m.complaint_id = ?1)",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (xf_store_one_row(s, st, "counting messages", err) != 1) {
		sqlite3_finalize(st);
		return -1;
	}
	*n = sqlite3_column_int(st, 0);
	*natt = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (xf_store_prepare(s, "UPDATE message SET complaint_id = ?2"
	    " WHERE complaint_id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, into);
	return run(s, st, "moving messages", err);
}

/* The notes of id, written again on into with where they came from;
 * *n how many.  An erased note (no reason left) has nothing to copy. */
static int
copy_notes(struct xf_store *s, int64_t id, int64_t into, const char *from,
    const struct xf_change *ch, int *n, struct xf_err *err)
{
	sqlite3_stmt *st;
	struct xf_buf all = { 0 };
	char at[XF_TIMELEN];
	const char *p;
	int rc;

	*n = 0;
	if (xf_store_prepare(s, "SELECT at, actor, reason FROM event"
	    " WHERE complaint_id = ?1 AND kind = 'note' AND reason IS NOT NULL"
	    " ORDER BY id", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	/* Read first, written after: each note's text NUL-ended in all. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_time_format(sqlite3_column_int64(st, 0), at, sizeof(at));
		if (xf_buf_printf(&all, "note of %s by %s at %s: %s", from,
		    sqlite3_column_text(st, 1), at,
		    sqlite3_column_text(st, 2)) == -1 ||
		    xf_buf_addc(&all, '\0') == -1) {
			sqlite3_finalize(st);
			xf_buf_free(&all);
			return xf_errf(err, "out of memory");
		}
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xf_buf_free(&all);
		return xf_store_fail(s, "reading notes", err);
	}
	rc = 0;
	for (p = all.p; p != NULL && p < all.p + all.len && rc == 0;
	    p += strlen(p) + 1)
		rc = event(s, into, "note", NULL, NULL, NULL, p, ch, err);
	xf_buf_free(&all);
	return rc;
}

/* Complaints merged into id before now go with it, a hop each, so a
 * merged complaint always names the one that holds its messages. */
static int
repoint_merged(struct xf_store *s, int64_t id, int64_t into,
    const char *from, const char *to, const struct xf_change *ch,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t ids[64];
	size_t n, i;
	int rc;

	do {
		if (xf_store_prepare(s, "SELECT c.id FROM complaint c WHERE"
		    " c.parent_id = ?1 AND EXISTS (SELECT 1 FROM event WHERE"
		    " complaint_id = c.id AND kind = 'merge' AND field ="
		    " 'status') ORDER BY c.id LIMIT 64", &st, err) == -1)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++)
			ids[n] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return xf_store_fail(s, "reading merges", err);
		for (i = 0; i < n; i++) {
			if (xf_store_prepare(s, "UPDATE complaint SET"
			    " parent_id = ?2 WHERE id = ?1", &st, err) == -1)
				return -1;
			sqlite3_bind_int64(st, 1, ids[i]);
			sqlite3_bind_int64(st, 2, into);
			if (run(s, st, "re-pointing a merge", err) == -1 ||
			    event(s, ids[i], "merge", "parent", from, to,
			    "the complaint it was merged into was merged in "
			    "turn", ch, err) == -1)
				return -1;
		}
	} while (n == nitems(ids));
	return 0;
}

/* The merged complaint's pointer, its old parent (a thread) said in
 * the event so that nothing the row held is lost. */
static int
set_parent(struct xf_store *s, int64_t id, int64_t into, const char *iref,
    const struct xf_change *ch, struct xf_err *err)
{
	sqlite3_stmt *st;
	char was[XF_REFLEN] = "";
	int rc;

	if (xf_store_prepare(s, "SELECT p.ref FROM complaint c JOIN complaint p"
	    " ON p.id = c.parent_id WHERE c.id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = xf_store_one_row(s, st, "reading a parent", err)) == 1)
		snprintf(was, sizeof(was), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc == -1)
		return -1;
	if (xf_store_prepare(s, "UPDATE complaint SET parent_id = ?2"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, into);
	if (run(s, st, "merging", err) == -1)
		return -1;
	return event(s, id, "merge", "parent", *was ? was : NULL, iref,
	    ch->reason, ch, err);
}

static int
merge_locked(struct xf_store *s, int64_t id, int64_t into,
    const char *iref, struct xf_change *ch, struct xf_err *err)
{
	struct xf_buf why = { 0 };
	int nmsg, natt, nnote, rc;

	if (merge_refused(s, id, into, iref, ch, err) != 0 ||
	    xf_role_check(s, ch->actor, XF_ACT_WRITE, into, err) == -1)
		return -1;
	ch->other = iref;
	if (xf_move_in_tx(s, xf_move_find("merge"), id, ch, err) == -1 ||
	    set_parent(s, id, into, iref, ch, err) == -1 ||
	    move_messages(s, id, into, &nmsg, &natt, err) == -1 ||
	    copy_notes(s, id, into, ch->ref, ch, &nnote, err) == -1 ||
	    repoint_merged(s, id, into, ch->ref, iref, ch, err) == -1)
		return -1;
	if (xf_buf_printf(&why, "%d message%s (%d attachment%s) and %d "
	    "note%s moved from %s", nmsg, nmsg == 1 ? "" : "s", natt,
	    natt == 1 ? "" : "s", nnote, nnote == 1 ? "" : "s",
	    ch->ref) == -1 || (xf_reason_ok(ch->reason) &&
	    xf_buf_printf(&why, ": %s", ch->reason) == -1)) {
		xf_buf_free(&why);
		return xf_errf(err, "out of memory");
	}
	rc = event(s, into, "merge", "merged", NULL, ch->ref, why.p, ch, err);
	xf_buf_free(&why);
	if (rc == -1)
		return -1;
	return xf_complaint_touch(s, into, ch->now, err);
}

int
xf_merge(struct xf_store *s, const char *ref, const char *into,
    struct xf_change *ch, struct xf_err *err)
{
	char iref[XF_REFLEN];
	int64_t id, iid = 0, mark;
	int rc;

	if (ch->reason != NULL && *ch->reason != '\0' &&
	    !xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: -m: the reason says nothing", ref);
	if (begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	rc = other_id(s, into, &iid, iref, err);
	if (rc == 0)
		rc = merge_locked(s, id, iid, iref, ch, err);
	rc = finish(s, id, iid, iref, mark, rc, ch, err);
	ch->other = NULL;	/* iref ends here */
	return rc;
}

/* --- links ------------------------------------------------------------ */

/* 1 when id is linked to ref now. */
static int
linked(struct xf_store *s, int64_t id, const char *ref, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT 1 FROM (" XF_LINKS_SQL("?1") ")"
	    " WHERE link = ?2", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	rc = xf_store_one_row(s, st, "reading links", err);
	sqlite3_finalize(st);
	return rc;
}

static int
link_locked(struct xf_store *s, int64_t id, int64_t oid, const char *oref,
    int on, struct xf_change *ch, struct xf_err *err)
{
	int rc;

	if (id == oid)
		return xf_errf(err, "%s: cannot link a complaint to itself",
		    ch->ref);
	if (xf_role_check(s, ch->actor, XF_ACT_WRITE, oid, err) == -1 ||
	    (rc = linked(s, id, oref, err)) == -1)
		return -1;
	if (rc == on)
		return xf_errf(err, "%s: %s %s", ch->ref, on ? "is linked to" :
		    "is not linked to", oref);
	if (event(s, id, on ? "link" : "unlink", "link", on ? NULL : oref,
	    on ? oref : NULL, ch->reason, ch, err) == -1 ||
	    event(s, oid, on ? "link" : "unlink", "link", on ? NULL : ch->ref,
	    on ? ch->ref : NULL, ch->reason, ch, err) == -1 ||
	    xf_complaint_touch(s, id, ch->now, err) == -1)
		return -1;
	return xf_complaint_touch(s, oid, ch->now, err);
}

int
xf_link(struct xf_store *s, const char *ref, const char *other, int on,
    struct xf_change *ch, struct xf_err *err)
{
	char oref[XF_REFLEN];
	int64_t id, oid = 0, mark;
	int rc;

	if (ch->reason != NULL && *ch->reason != '\0' &&
	    !xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: -m: the reason says nothing", ref);
	if (begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	rc = other_id(s, other, &oid, oref, err);
	if (rc == 0)
		rc = status_of(s, id, ch->old, err);
	if (rc == 0) {
		snprintf(ch->new, sizeof(ch->new), "%s", ch->old);
		rc = link_locked(s, id, oid, oref, on, ch, err);
	}
	return finish(s, id, oid, oref, mark, rc, ch, err);
}

/* --- split -------------------------------------------------------------- */

/* What the new complaint takes from the first: who, how, when. */
struct first {
	char		*complainant, *contact, *subject;
	char		 channel[16], kind[16];
	int64_t		 received_at;
};

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v == NULL ? NULL : strdup((const char *)v);
}

static void
first_free(struct first *f)
{
	free(f->complainant);
	free(f->contact);
	free(f->subject);
}

static int
read_first(struct xf_store *s, int64_t id, struct first *f,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(f, 0, sizeof(*f));
	if (xf_store_prepare(s, "SELECT complainant, contact, subject,"
	    " channel, kind, received_at, status FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = xf_store_one_row(s, st, "reading a complaint", err)) == 1) {
		f->complainant = dup_col(st, 0);
		f->contact = dup_col(st, 1);
		f->subject = dup_col(st, 2);
		snprintf(f->channel, sizeof(f->channel), "%s",
		    sqlite3_column_text(st, 3));
		snprintf(f->kind, sizeof(f->kind), "%s",
		    sqlite3_column_text(st, 4));
		f->received_at = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

/* The text of message number n (1 the first) of id, into sp. */
static int
message_text(struct xf_store *s, int64_t id, int n, struct xf_buf *subject,
    struct xf_buf *body, const struct xf_change *ch, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT coalesce(subject, ''), body FROM"
	    " message WHERE complaint_id = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, n - 1);
	if ((rc = xf_store_one_row(s, st, "reading a message", err)) == 1 &&
	    (xf_buf_adds(subject, (const char *)sqlite3_column_text(st,
	    0)) == -1 || xf_buf_adds(body, (const char *)sqlite3_column_text(st,
	    1)) == -1))
		rc = xf_errf(err, "out of memory");
	sqlite3_finalize(st);
	if (rc == 0)
		return xf_errf(err, "%s: has no message %d", ch->ref, n);
	return rc == 1 ? 0 : -1;
}

/* The ref a new complaint of this year gets: as register.c makes it. */
static void
new_ref(int64_t now, int64_t id, char ref[XF_REFLEN])
{
	time_t t = (time_t)now;
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(ref, XF_REFLEN, "XF-%04d-%06lld", tm.tm_year + 1900,
	    (long long)id);
}

static int
next_id(struct xf_store *s, int64_t *id, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT coalesce(max(id), 0) + 1 FROM"
	    " complaint", &st, err) == -1)
		return -1;
	rc = xf_store_one_row(s, st, "reading the next id", err);
	*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

/* The new complaint's row and its created event, which carries the
 * digest of its personal fields as every created event does. */
static int
insert_split(struct xf_store *s, int64_t id, int64_t parent,
    const struct first *f, const char *subject, const char *body,
    const char *ref, const struct xf_change *ch, struct xf_err *err)
{
	unsigned char key[XF_REFLEN + 1];
	char source[XF_REFLEN + 16];
	struct xf_event ev;
	sqlite3_stmt *st;
	size_t n = strlen(ref);

	key[0] = KEY_SPLIT;
	memcpy(key + 1, ref, n);
	snprintf(source, sizeof(source), "split from %s", ch->ref);
	if (xf_store_prepare(s, "INSERT INTO complaint (id, ref, received_at,"
	    " registered_at, updated_at, channel, kind, complainant, contact,"
	    " subject, body, source, dedupe_key, parent_id) VALUES"
	    " (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->received_at);
	sqlite3_bind_int64(st, 4, ch->now);
	sqlite3_bind_text(st, 5, f->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, f->kind, -1, SQLITE_STATIC);
	xf_bind_opt(st, 7, f->complainant);
	xf_bind_opt(st, 8, f->contact);
	xf_bind_opt(st, 9, subject);
	sqlite3_bind_text(st, 10, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, source, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, key, (int)n + 1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, parent);
	if (run(s, st, "registering a split", err) == -1)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.complaint_id = id;
	ev.at = ch->now;
	ev.actor = ch->actor;
	ev.kind = "created";
	ev.field = "status";
	ev.new = "new";
	ev.reason = source;
	ev.has_content = 1;
	xf_content_digest(f->complainant, f->contact, subject, body, NULL,
	    ev.content);
	return xf_event_add(s, &ev, err);
}

/* The second matter's text: given, else the message chosen. */
static int
split_text(struct xf_store *s, int64_t id, const struct xf_split *sp,
    const struct first *f, struct xf_buf *subject, struct xf_buf *body,
    const struct xf_change *ch, struct xf_err *err)
{
	if (sp->message > 0 && message_text(s, id, sp->message, subject, body,
	    ch, err) == -1)
		return -1;
	if (sp->body != NULL) {
		xf_buf_reset(body);
		if (xf_buf_adds(body, sp->body) == -1)
			return xf_errf(err, "out of memory");
	}
	if (sp->subject != NULL || subject->len == 0) {
		xf_buf_reset(subject);
		if (xf_buf_adds(subject, sp->subject != NULL ? sp->subject :
		    f->subject != NULL ? f->subject : "") == -1)
			return xf_errf(err, "out of memory");
	}
	if (strlen(xf_buf_str(body)) > XF_BODY_MAX ||
	    strlen(xf_buf_str(subject)) > XF_SUBJECT_MAX)
		return xf_errf(err, "%s: the second matter's text is too long",
		    ch->ref);
	if (!xf_reason_ok(xf_buf_str(body)))
		return xf_errf(err, "%s: the second matter has no text: "
		    "--body text or --message n", ch->ref);
	return 0;
}

static int
split_locked(struct xf_store *s, int64_t id, struct xf_split *sp,
    struct xf_change *ch, int64_t *nid, struct xf_err *err)
{
	struct xf_buf subject = { 0 }, body = { 0 };
	struct first f;
	char in[XF_REFLEN];
	int rc;

	if ((rc = xf_merged_into(s, id, in, err)) != 0)
		return rc == -1 ? -1 : xf_errf(err, "%s: cannot split: it was "
		    "merged into %s", ch->ref, in);
	if (status_of(s, id, ch->old, err) == -1 ||
	    read_first(s, id, &f, err) == -1)
		return -1;
	snprintf(ch->new, sizeof(ch->new), "%s", ch->old);
	rc = split_text(s, id, sp, &f, &subject, &body, ch, err);
	if (rc == 0 && (rc = next_id(s, nid, err)) == 0) {
		new_ref(ch->now, *nid, sp->ref);
		rc = insert_split(s, *nid, id, &f, xf_buf_str(&subject),
		    xf_buf_str(&body), sp->ref, ch, err);
	}
	if (rc == 0)
		rc = event(s, *nid, "split", "link", NULL, ch->ref,
		    ch->reason, ch, err);
	if (rc == 0)
		rc = event(s, id, "split", "link", NULL, sp->ref, ch->reason,
		    ch, err);
	if (rc == 0)
		rc = xf_complaint_touch(s, id, ch->now, err);
	first_free(&f);
	xf_buf_free(&subject);
	xf_buf_free(&body);
	return rc;
}

int
xf_split(struct xf_store *s, const char *ref, struct xf_split *sp,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, nid = 0, mark;
	int rc;

	sp->ref[0] = '\0';
	if (!xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: a split needs a reason (-m)", ref);
	if (sp->message < 0 || (sp->message == 0 && sp->body == NULL))
		return xf_errf(err, "%s: a split needs the second matter: "
		    "--body text or --message n", ref);
	if (begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	rc = split_locked(s, id, sp, ch, &nid, err);
	return finish(s, id, nid, sp->ref, mark, rc, ch, err);
}

/* --- transfer ---------------------------------------------------------- */

static int
team_known(struct xf_store *s, const char *team, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT 1 FROM handler WHERE team = ?1"
	    " LIMIT 1", &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, team, -1, SQLITE_STATIC);
	rc = xf_store_one_row(s, st, "reading the teams", err);
	sqlite3_finalize(st);
	return rc;
}

/* The team and the owner as they were, before the move. */
static int
owner_of(struct xf_store *s, int64_t id, char **team, char **assignee,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*team = *assignee = NULL;
	if (xf_store_prepare(s, "SELECT team, assignee FROM complaint"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = xf_store_one_row(s, st, "reading the owner", err)) == 1) {
		*team = dup_col(st, 0);
		*assignee = dup_col(st, 1);
	}
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

static int
set_team(struct xf_store *s, int64_t id, const char *team,
    struct xf_err *err)
{
	sqlite3_stmt *st;

	if (xf_store_prepare(s, "UPDATE complaint SET team = ?2,"
	    " assignee = NULL WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, team, -1, SQLITE_STATIC);
	return run(s, st, "transferring", err);
}

static int
team_locked(struct xf_store *s, int64_t id, const char *team,
    struct xf_change *ch, struct xf_err *err)
{
	char *was = NULL, *owner = NULL;
	int rc;

	if ((rc = team_known(s, team, err)) != 1)
		return rc == -1 ? -1 : xf_errf(err, "%s: no handler is in "
		    "team %s (xf-assign handler list)", ch->ref, team);
	if (owner_of(s, id, &was, &owner, err) == -1)
		return -1;
	if (was != NULL && strcmp(was, team) == 0)
		rc = xf_errf(err, "%s: is in team %s already", ch->ref, team);
	if (rc != -1)
		rc = xf_move_in_tx(s, xf_move_find("transfer"), id, ch, err);
	if (rc != -1)
		rc = set_team(s, id, team, err);
	if (rc != -1)
		rc = event(s, id, "transfer", "team", was, team, ch->reason,
		    ch, err);
	if (rc != -1 && owner != NULL)
		rc = event(s, id, "transfer", "assignee", owner, NULL,
		    ch->reason, ch, err);
	free(was);
	free(owner);
	return rc == -1 ? -1 : 0;
}

int
xf_transfer_team(struct xf_store *s, const char *ref, const char *team,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;
	int rc;

	if (!xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: a transfer needs a reason (-m)", ref);
	if (team == NULL || !xf_team_valid(team))
		return xf_errf(err, "%s: --team %s: not a team's name", ref,
		    team ? team : "");
	if (begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	rc = team_locked(s, id, team, ch, err);
	return finish(s, id, 0, NULL, mark, rc, ch, err);
}

/* The name of a body outside: one line a person can read. */
static int
body_ok(const char *body)
{
	size_t n = body != NULL ? strlen(body) : 0;

	return n > 0 && n <= XF_NAME_MAX && xf_reason_ok(body) &&
	    strpbrk(body, "\r\n") == NULL;
}

int
xf_transfer_out(struct xf_store *s, const char *ref, const char *body,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;
	int rc;

	if (!xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: a transfer needs a reason (-m)", ref);
	if (!body_ok(body))
		return xf_errf(err, "%s: --to: the body's name, one line of "
		    "at most %d bytes", ref, XF_NAME_MAX);
	if (begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	ch->other = body;
	rc = xf_move_in_tx(s, xf_move_find("refer"), id, ch, err);
	if (rc == 0)
		rc = event(s, id, "refer", "referred_to", NULL, body,
		    ch->reason, ch, err);
	return finish(s, id, 0, NULL, mark, rc, ch, err);
}
