/*
 * lifecycle.c: the state machine of DESIGN §6, enforced in one place.
 *
 *	new --accept--> accepted --assign--> assigned --start--> in_progress
 *	accepted --start--> in_progress      in_progress --resolve--> resolved
 *	new|accepted|assigned|in_progress|waiting --reject--> rejected
 *	resolved --close--> closed
 *	in_progress --wait--> waiting --resume--> in_progress (clock paused)
 *	resolved|closed --reopen--> in_progress
 *	rejected --reopen--> new	(the rejection under review)
 *	open --merge--> closed	(into another complaint: merge.c)
 *	open but resolved --refer--> closed	(a body outside: 转办)
 *	assigned|in_progress|waiting --transfer--> accepted (a team)
 *
 * Every change of a complaint's status goes through the table below and
 * nowhere else: a person's move (xf-status) through xf_move_apply, which
 * holds its own transaction; a move another write brings with it (the
 * owner xf-assign gives an accepted complaint, the reply that reopens a
 * resolved one) through xf_move_in_tx, inside the caller's.  So a new
 * cause of a move (a low survey score that reopens) calls one of these
 * two doors and gets the same checks and the same event as a person.
 *
 * Each move is read, checked and written inside one BEGIN IMMEDIATE, so
 * two people moving the same complaint at once are serialised: the second
 * sees the first one's status and is refused or applied on top of it,
 * never lost.  The UPDATE also names the status it expects, a second
 * guard should anyone write without the lock.
 *
 * An import's history goes through the same table, by a third door,
 * xf_move_import: its rows are the verb "import", one per status it
 * reaches, and its events say where they came from.
 *
 * A dry run (-n) is the same move, made in the same transaction with
 * the same checks, whose events are read back and then rolled back: it
 * cannot promise what the real move would not do.
 *
 * A row may name the notice its move sends the complainant (DESIGN §6:
 * "every transition can queue a notification"): queued by notice.c in
 * the move's own transaction, whichever door it came by, so a move and
 * its message are committed, or rolled back (a dry run too), together.
 * An extension is told the same way (xf_extend).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

#define ANY	"*"
#define NFROM	6	/* the open statuses but resolved, at most */

struct xf_move {
	const char	*verb;
	const char	*from[NFROM];	/* NULL-padded; ANY for every status */
	const char	*to;		/* NULL: the status stays */
	int		 reason;	/* a reason (-m) is required */
	int		 inner;		/* made with another write
					 * (xf-assign, an import, merge.c),
					 * not a move verb of xf-status */
	const char	*notice;	/* the template of what the
					 * complainant is told; NULL: nothing */
	/* ?1 id, ?2 now, ?3 actor, ?4 expected status, ?5 handle seconds,
	 * ?6 1 when the UPDATE keeps the deadline, 0 when a policy will */
	const char	*sql;
};

/* A move that ends a pause (out of waiting) counts it as resume does,
 * but moves no deadline: no deadline event would say so (a rejection,
 * a merge and a referral end the work; a transfer's new team starts
 * from the deadline as it stood).  From any other status paused_since
 * is NULL and this changes nothing. */
#define PAUSE_ENDS \
    "paused_seconds = paused_seconds + coalesce(max(0, ?2 - paused_since)," \
    " 0), paused_since = NULL"

static const struct xf_move moves[] = {
	{ "accept", { "new" }, "accepted", 0, 0, "accepted",
	    "UPDATE complaint SET status = 'accepted', updated_at = ?2,"
	    " accepted_at = ?2, first_response_at ="
	    " coalesce(first_response_at, ?2),"
	    " due = CASE WHEN ?6 THEN coalesce(due, ?2 + ?5) ELSE due END"
	    " WHERE id = ?1 AND status = ?4" },
	/* At any stage before an answer (issue 16): a complaint found out
	 * of scope once in hand is rejected with its reason.  A pause ends
	 * with it, counted as resume counts it. */
	{ "reject", { "new", "accepted", "assigned", "in_progress",
	    "waiting" }, "rejected", 1, 0, "rejected",
	    "UPDATE complaint SET status = 'rejected', updated_at = ?2,"
	    " first_response_at = coalesce(first_response_at, ?2),"
	    PAUSE_ENDS " WHERE id = ?1 AND status = ?4" },
	/* xf-assign's, never a verb of its own: the owner and team are
	 * written beside it (assign.c). */
	{ "assign", { "accepted" }, "assigned", 0, 1, NULL,
	    "UPDATE complaint SET status = 'assigned', updated_at = ?2"
	    " WHERE id = ?1 AND status = ?4" },
	{ "start", { "accepted", "assigned" }, "in_progress", 0, 0, NULL,
	    "UPDATE complaint SET status = 'in_progress', updated_at = ?2,"
	    " assignee = coalesce(assignee, ?3)"
	    " WHERE id = ?1 AND status = ?4" },
	{ "wait", { "in_progress" }, "waiting", 1, 0, "waiting",
	    "UPDATE complaint SET status = 'waiting', updated_at = ?2,"
	    " paused_since = ?2 WHERE id = ?1 AND status = ?4" },
	/* The pause moves the deadline on by as long as it lasted. */
	{ "resume", { "waiting" }, "in_progress", 0, 0, NULL,
	    "UPDATE complaint SET status = 'in_progress', updated_at = ?2,"
	    " paused_seconds = paused_seconds + max(0, ?2 - paused_since),"
	    " due = due + CASE WHEN ?6 THEN max(0, ?2 - paused_since) ELSE 0"
	    " END, paused_since = NULL"
	    " WHERE id = ?1 AND status = ?4" },
	{ "resolve", { "in_progress" }, "resolved", 1, 0, "resolved",
	    "UPDATE complaint SET status = 'resolved', updated_at = ?2,"
	    " resolved_at = ?2, first_response_at ="
	    " coalesce(first_response_at, ?2) WHERE id = ?1 AND status = ?4" },
	{ "close", { "resolved" }, "closed", 0, 0, "closed",
	    "UPDATE complaint SET status = 'closed', updated_at = ?2,"
	    " closed_at = ?2 WHERE id = ?1 AND status = ?4" },
	/*
	 * Every reopen starts a review (复查): of an answer, back to the
	 * work; of a rejection, back to the decision it made, which is
	 * then taken again by accept or reject.  Neither moves a deadline.
	 */
	{ "reopen", { "resolved", "closed" }, "in_progress", 1, 0,
	    "reopened",
	    "UPDATE complaint SET status = 'in_progress', updated_at = ?2,"
	    " reopen_count = reopen_count + 1, resolved_at = NULL,"
	    " closed_at = NULL WHERE id = ?1 AND status = ?4" },
	{ "reopen", { "rejected" }, "new", 1, 0, "reopened",
	    "UPDATE complaint SET status = 'new', updated_at = ?2,"
	    " reopen_count = reopen_count + 1 WHERE id = ?1 AND status = ?4" },
	/*
	 * merge.c's moves, each with its own verb and options in
	 * xf-status.  A merge closes the complaint merged into another
	 * (its survivor), whose deadlines govern from then on; a
	 * referral (转办) closes it for the desk, handed to a body
	 * outside; a transfer to another team takes it back to
	 * accepted, unowned, for xf-assign to route (merge.c writes the
	 * team and the owner beside it).
	 */
	{ "merge", { "new", "accepted", "assigned", "in_progress", "waiting",
	    "resolved" }, "closed", 0, 1, "merged",
	    "UPDATE complaint SET status = 'closed', updated_at = ?2,"
	    " closed_at = ?2, " PAUSE_ENDS " WHERE id = ?1 AND status = ?4" },
	{ "refer", { "new", "accepted", "assigned", "in_progress",
	    "waiting" }, "closed", 1, 1, "transferred",
	    "UPDATE complaint SET status = 'closed', updated_at = ?2,"
	    " closed_at = ?2, first_response_at ="
	    " coalesce(first_response_at, ?2), " PAUSE_ENDS
	    " WHERE id = ?1 AND status = ?4" },
	{ "transfer", { "assigned", "in_progress", "waiting" }, "accepted", 1,
	    1, NULL,
	    "UPDATE complaint SET status = 'accepted', updated_at = ?2, "
	    PAUSE_ENDS " WHERE id = ?1 AND status = ?4" },
	{ "transfer", { "new", "accepted" }, NULL, 1, 1, NULL,
	    "UPDATE complaint SET updated_at = ?2"
	    " WHERE id = ?1 AND status = ?4" },
	{ "note", { ANY }, NULL, 1, 0, NULL,
	    "UPDATE complaint SET updated_at = ?2"
	    " WHERE id = ?1 AND status = ?4" },
	/*
	 * An old export's history (xf_move_import): the moves another
	 * system made, at the times it made them, from the complaint the
	 * import just created.  They skip the steps the export does not
	 * tell (nobody started a closed CFPB complaint here), take no
	 * owner, and leave updated_at, the store's own time, alone.
	 */
	{ "import", { "new" }, "accepted", 0, 1, NULL,
	    "UPDATE complaint SET status = 'accepted', accepted_at = ?2,"
	    " first_response_at = coalesce(first_response_at, ?2),"
	    " due = coalesce(due, ?2 + ?5) WHERE id = ?1 AND status = ?4" },
	{ "import", { "new", "accepted" }, "in_progress", 0, 1, NULL,
	    "UPDATE complaint SET status = 'in_progress'"
	    " WHERE id = ?1 AND status = ?4" },
	{ "import", { "new", "accepted" }, "resolved", 0, 1, NULL,
	    "UPDATE complaint SET status = 'resolved', resolved_at = ?2,"
	    " first_response_at = coalesce(first_response_at, ?2)"
	    " WHERE id = ?1 AND status = ?4" },
	{ "import", { "new", "accepted", "resolved" }, "closed", 0,
	    1, NULL,
	    "UPDATE complaint SET status = 'closed', closed_at = ?2,"
	    " first_response_at = coalesce(first_response_at, ?2)"
	    " WHERE id = ?1 AND status = ?4" },
	{ "import", { "new", "accepted" }, "rejected", 0, 1, NULL,
	    "UPDATE complaint SET status = 'rejected',"
	    " first_response_at = coalesce(first_response_at, ?2)"
	    " WHERE id = ?1 AND status = ?4" },
};

#define NMOVES	(nitems(moves))

const struct xf_move *
xf_move_find(const char *verb)
{
	size_t i;

	for (i = 0; i < NMOVES; i++)
		if (strcmp(verb, moves[i].verb) == 0)
			return &moves[i];
	return NULL;
}

int
xf_move_needs_reason(const struct xf_move *m)
{
	return m->reason;
}

int
xf_reason_ok(const char *s)
{
	struct xf_buf norm = { 0 };
	size_t i;
	int ok = 0;

	if (s == NULL || !xf_utf8_valid(s, strlen(s)) ||
	    xf_text_normalize(s, strlen(s), &norm) == -1) {
		xf_buf_free(&norm);
		return 0;
	}
	/* The normal form keeps letters, digits and ideographs, parted by
	 * single spaces: anything but a digit or a space is a word. */
	for (i = 0; i < norm.len && !ok; i++)
		ok = norm.p[i] != ' ' && !(norm.p[i] >= '0' && norm.p[i] <= '9');
	xf_buf_free(&norm);
	return ok;
}

static int
allowed(const struct xf_move *m, const char *status)
{
	size_t i;

	for (i = 0; i < NFROM && m->from[i] != NULL; i++)
		if (strcmp(m->from[i], ANY) == 0 ||
		    strcmp(m->from[i], status) == 0)
			return 1;
	return 0;
}

/* The row of m's verb that leaves status; m itself when none does. */
static const struct xf_move *
row_from(const struct xf_move *m, const char *status)
{
	size_t i;

	for (i = 0; i < NMOVES; i++)
		if (strcmp(moves[i].verb, m->verb) == 0 &&
		    allowed(&moves[i], status))
			return &moves[i];
	return m;
}

/* "accept, reject, note": what may be done from status. */
static void
moves_from(const char *status, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NMOVES && n < len; i++)
		if (!moves[i].inner && allowed(&moves[i], status))
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
			    n ? ", " : "", moves[i].verb);
}

int
xf_complaint_touch(struct xf_store *s, int64_t id, int64_t now,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "UPDATE complaint SET updated_at = ?2"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "updating a complaint", err);
	return 0;
}

int
xf_complaint_id(struct xf_store *s, const char *ref, int64_t *id,
    char canon[XF_REFLEN], struct xf_err *err)
{
	sqlite3_stmt *st;
	char up[XF_REFLEN];
	size_t i;
	int rc;

	*id = 0;
	if (strlen(ref) >= sizeof(up))	/* no ref is that long */
		return 0;
	for (i = 0; ref[i] != '\0'; i++)
		up[i] = (char)toupper((unsigned char)ref[i]);
	up[i] = '\0';
	if (xf_store_prepare(s, "SELECT id, ref FROM complaint"
	    " WHERE ref = ?1 OR id = ?2", &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, up, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, strncmp(up, "XF-", 3) == 0 ? -1 :
	    xf_ref_id(up));
	*id = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(canon, XF_REFLEN, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "finding a complaint", err);
	return 0;
}

/*
 * A merged complaint is closed for good: its messages are its
 * survivor's, and a move of it would split the matter again.  It is
 * told by the event of its merge, which no later event undoes.
 */
int
xf_merged_into(struct xf_store *s, int64_t id, char into[XF_REFLEN],
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	into[0] = '\0';
	if (xf_store_prepare(s, "SELECT coalesce(p.ref, '?') FROM complaint c"
	    " LEFT JOIN complaint p ON p.id = c.parent_id WHERE c.id = ?1"
	    " AND EXISTS (SELECT 1 FROM event WHERE complaint_id = ?1 AND"
	    " kind = 'merge' AND field = 'status')", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(into, XF_REFLEN, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a merge", err);
	return rc == SQLITE_ROW;
}

static int
current_status(struct xf_store *s, int64_t id, char out[16],
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT status FROM complaint WHERE id = ?",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, 16, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a status", err);
	return 0;
}

static int
run_update(struct xf_store *s, const struct xf_move *m, int64_t id,
    const struct xf_change *ch, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, changed;

	if (xf_store_prepare(s, m->sql, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ch->now);
	sqlite3_bind_text(st, 3, ch->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ch->old, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)XF_HANDLE_DAYS * XF_DAY);
	/* With a policy, redo_deadlines moves the deadline after the
	 * UPDATE, from where it stood before, so that its deadline event
	 * says what it was and what it became. */
	sqlite3_bind_int(st, 6, ch->sla == NULL);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, m->verb, err);
	changed = sqlite3_changes(s->db);
	if (changed != 1)
		return xf_errf(err, "%s: changed while being moved", ch->ref);
	return 0;
}

static int
record(struct xf_store *s, int64_t id, const char *kind, const char *field,
    const char *old, const char *new, const struct xf_change *ch,
    struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = kind, .field = field, .old = old, .new = new,
		.reason = ch->reason,
	};

	return xf_event_add(s, &ev, err);
}

/* start from accepted takes the complaint: say so in the history. */
static int
record_owner(struct xf_store *s, int64_t id, const struct xf_change *ch,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, took;

	if (xf_store_prepare(s, "SELECT assignee = ?2 AND NOT EXISTS (SELECT 1"
	    " FROM event WHERE complaint_id = ?1 AND field = 'assignee')"
	    " FROM complaint WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ch->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	took = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading the owner", err);
	if (!took)
		return 0;
	return record(s, id, "assign", "assignee", NULL, ch->actor, ch, err);
}

/*
 * Acceptance starts the resolve clock and a pause moves it on: with a
 * policy, both are counted in its clock (business hours, holidays),
 * instead of the statutory arithmetic of the UPDATE, and recorded as a
 * deadline event, so the history holds every value a deadline had.
 */
static int
redo_deadlines(struct xf_store *s, int64_t id, const struct xf_change *ch,
    struct xf_err *err)
{
	if (ch->sla == NULL)
		return 0;
	return xf_sla_apply(s, ch->sla, id, ch->now, ch->actor, NULL, NULL,
	    err);
}

/* A reopen of an answered complaint starts a review (复查; a second is
 * 复核), whose deadline sla.c sets; a reopened rejection keeps its. */
static int
review_deadline(struct xf_store *s, int64_t id, const struct xf_change *ch,
    struct xf_err *err)
{
	if (strcmp(ch->old, "resolved") != 0 && strcmp(ch->old, "closed") != 0)
		return 0;
	return xf_sla_review(s, ch->sla, id, ch->now, ch->actor, err);
}

/*
 * DESIGN §6: a complaint flagged privacy or legal is resolved only after
 * a legal review approved it, and approved it after its flags last
 * changed.  Returns 1 when it may be resolved.
 */
static int
review_passed(struct xf_store *s, int64_t id, char *flags, size_t len,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, ok;

	if (xf_store_prepare(s, "SELECT flags,"
	    " instr(',' || flags || ',', ',legal,') > 0 OR"
	    " instr(',' || flags || ',', ',privacy,') > 0,"
	    " coalesce((SELECT new = 'approved' AND id > coalesce((SELECT"
	    "  max(id) FROM event WHERE complaint_id = ?1 AND field ="
	    "  'flags'), 0) FROM event WHERE complaint_id = ?1 AND kind ="
	    "  'review' ORDER BY id DESC LIMIT 1), 0)"
	    " FROM complaint WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	ok = rc == SQLITE_ROW && (!sqlite3_column_int(st, 1) ||
	    sqlite3_column_int(st, 2));
	if (rc == SQLITE_ROW)
		snprintf(flags, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading the legal review", err);
	return ok;
}

/* --- telling the complainant --------------------------------------- */

/* XF_NOTIFY=off: a store whose complainants are told nothing by xf (a
 * test store, a migration, a desk that writes by hand). */
static int
notices_off(int *off, struct xf_err *err)
{
	const char *v = getenv("XF_NOTIFY");

	*off = v != NULL && strcmp(v, "off") == 0;
	if (v == NULL || *v == '\0' || *off || strcmp(v, "on") == 0)
		return 0;
	xf_errf(err, "XF_NOTIFY=%.40s: want on or off", v);
	return xf_err_config(err);
}

/* err's text after "REF: ", its kind kept: a template's file:line
 * alone would not say which complaint stopped on it. */
static int
on_ref(const char *ref, struct xf_err *err)
{
	char was[XF_ERRLEN];
	enum xf_why why = err->why;

	memcpy(was, err->msg, sizeof(was));
	xf_errf(err, "%s: %s", ref, was);
	err->why = why;
	return -1;
}

/*
 * The notice kind for the complaint id, in the caller's transaction,
 * with the occasion's values: the reason (a rejection's, what a wait
 * asks for, an extension's), the answer (a resolution's reason), and
 * new_due (an extension).  ch->no_notify records that the complainant
 * was deliberately not told, so a reader of the history knows it was
 * a choice, not a fault.
 */
int
xf_change_notify(struct xf_store *s, int64_t id, const char *kind,
    struct xf_change *ch, const char *new_due, const char *channel,
    struct xf_err *err)
{
	struct xf_tvar v[4] = {
		{ "reason", ch->reason }, { "answer", ch->reason },
		{ "new_due", new_due }, { "other", ch->other },
	};
	struct xf_notice n = {
		.kind = kind, .vars = v, .nvars = nitems(v), .now = ch->now,
		.actor = ch->actor, .templates = ch->templates,
		.channel_want = channel,
	};
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = "notice", .field = "outbox",
		.reason = "not notified: --no-notify",
	};
	int off;

	ch->outbox_id = 0;
	if (ch->no_notify)
		return xf_event_add(s, &ev, err);
	if (notices_off(&off, err) == -1 || off)
		return off ? 0 : -1;
	if (xf_notice_queue(s, id, &n, err) == -1)
		return on_ref(ch->ref, err);
	ch->outbox_id = n.outbox_id;
	return 0;
}

/*
 * A canned answer (ch->canned), filled for the complaint in its
 * language, then the handler's own words, if any, below it: the text
 * that becomes the move's reason, so the history holds the answer as
 * it was given.
 */
int
xf_change_canned(struct xf_store *s, int64_t id, const struct xf_change *ch,
    struct xf_buf *why, struct xf_err *err)
{
	xf_buf_reset(why);
	if (xf_notice_canned(s, id, ch->canned, NULL, ch->templates, why,
	    err) == -1)
		return on_ref(ch->ref, err);
	while (why->len > 0 && (why->p[why->len - 1] == '\n' ||
	    why->p[why->len - 1] == ' '))
		why->p[--why->len] = '\0';
	if (ch->reason != NULL && xf_reason_ok(ch->reason) &&
	    xf_buf_printf(why, "\n%s", ch->reason) == -1)
		return xf_errf(err, "out of memory");
	if (!xf_reason_ok(xf_buf_str(why)))
		return xf_errf(err, "%s: the canned answer %s is empty",
		    ch->ref, ch->canned);
	return 0;
}

static int
move_locked(struct xf_store *s, const struct xf_move *m, int64_t id,
    struct xf_change *ch, struct xf_err *err)
{
	char allowed_moves[128], flags[128], into[XF_REFLEN];
	int rc;

	if (m->reason && !xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: %s needs a reason (-m)", ch->ref,
		    m->verb);
	if (ch->canned != NULL && (!m->reason || m->notice == NULL))
		return xf_errf(err, "%s: a canned answer goes with a move "
		    "that tells the complainant why: not %s", ch->ref,
		    m->verb);
	if (current_status(s, id, ch->old, err) == -1)
		return -1;
	m = row_from(m, ch->old);
	if (m->to != NULL && (rc = xf_merged_into(s, id, into, err)) != 0)
		return rc == -1 ? -1 : xf_errf(err, "%s: cannot %s: it was "
		    "merged into %s, which holds its messages; move that one",
		    ch->ref, m->verb, into);
	if (!allowed(m, ch->old)) {
		moves_from(ch->old, allowed_moves, sizeof(allowed_moves));
		return xf_errf(err, "%s: cannot %s: it is %s; from %s: %s",
		    ch->ref, m->verb, ch->old, ch->old, allowed_moves);
	}
	if (strcmp(m->verb, "reject") == 0 &&
	    xf_role_check(s, ch->actor, XF_ACT_REJECT, id, err) == -1)
		return -1;
	if (strcmp(m->verb, "resolve") == 0 &&
	    (rc = review_passed(s, id, flags, sizeof(flags), err)) != 1)
		return rc == -1 ? -1 : xf_errf(err, "%s: cannot resolve: it is "
		    "flagged %s and needs an approving legal review first "
		    "(xf-status review --approve)", ch->ref, flags);
	snprintf(ch->new, sizeof(ch->new), "%s", m->to ? m->to : ch->old);
	if (run_update(s, m, id, ch, err) == -1)
		return -1;
	if (m->to == NULL)
		return record(s, id, m->verb, NULL, NULL, NULL, ch, err);
	if (record(s, id, m->verb, "status", ch->old, ch->new, ch, err) == -1)
		return -1;
	if (strcmp(m->verb, "start") == 0 && record_owner(s, id, ch, err) == -1)
		return -1;
	/* The deadlines first: an acceptance tells the date it sets. */
	if ((strcmp(m->verb, "accept") == 0 || strcmp(m->verb, "resume") ==
	    0) && redo_deadlines(s, id, ch, err) == -1)
		return -1;
	if (strcmp(m->verb, "reopen") == 0 &&
	    review_deadline(s, id, ch, err) == -1)
		return -1;
	if (m->notice != NULL)
		return xf_change_notify(s, id, m->notice, ch, NULL, NULL, err);
	return 0;
}

int
xf_move_in_tx(struct xf_store *s, const struct xf_move *m, int64_t id,
    struct xf_change *ch, struct xf_err *err)
{
	struct xf_buf why = { 0 };
	const char *given = ch->reason;
	int rc;

	ch->outbox_id = 0;
	if (ch->canned == NULL)
		return move_locked(s, m, id, ch, err);
	/* The canned text is the reason: the answer the history keeps. */
	if ((rc = xf_change_canned(s, id, ch, &why, err)) == 0) {
		ch->reason = why.p;
		rc = move_locked(s, m, id, ch, err);
		ch->reason = given;
	}
	xf_buf_free(&why);
	return rc;
}

/*
 * The import rows, by the status they reach, and their UPDATEs prepared
 * once an importer first needs each: a backlog of a million closed
 * complaints would otherwise prepare two million statements (measured:
 * 200,000 rows took 18 s, against 2 s without a history).
 */
static int
import_index(const char *to, size_t *k)
{
	size_t i, n = 0;

	for (i = 0; i < NMOVES; i++) {
		if (strcmp(moves[i].verb, "import") != 0)
			continue;
		if (strcmp(moves[i].to, to) == 0) {
			*k = n;
			return (int)i;
		}
		n++;
	}
	return -1;
}

void
xf_import_open(struct xf_importer *im, struct xf_store *s,
    const char *actor)
{
	memset(im, 0, sizeof(*im));
	im->store = s;
	im->actor = actor;
}

void
xf_import_close(struct xf_importer *im)
{
	size_t k;

	for (k = 0; k < XF_IMPORT_MOVES; k++)
		sqlite3_finalize(im->update[k]);
	xf_buf_free(&im->why);
	memset(im->update, 0, sizeof(im->update));
}

/* "imported from cfpb.csv:12 as 'Closed with explanation'", and that
 * the time is not the export's when it is not. */
static int
import_reason(struct xf_buf *b, const char *source, const struct xf_past *p,
    const struct xf_past_step *st)
{
	xf_buf_reset(b);
	if (xf_buf_printf(b, "imported from %s", source) == -1 ||
	    (p->said != NULL && xf_buf_printf(b, " as '%s'", p->said) == -1) ||
	    (!st->dated && xf_buf_adds(b, "; the export gives no time for "
	    "it: dated at the last time it gives") == -1))
		return -1;
	return 0;
}

/* The row's UPDATE from ch->old, guarded by the status it expects. */
static int
import_update(struct xf_importer *im, int64_t id, const char *to,
    struct xf_change *ch, struct xf_err *err)
{
	sqlite3_stmt *st;
	size_t k = 0;
	int i, rc;

	if ((i = import_index(to, &k)) == -1 || k >= XF_IMPORT_MOVES ||
	    !allowed(&moves[i], ch->old))
		return xf_errf(err, "%s: cannot import a move from %s to %s",
		    ch->ref, ch->old, to);
	if (im->update[k] == NULL && xf_store_prepare(im->store,
	    moves[i].sql, &im->update[k], err) == -1)
		return -1;
	st = im->update[k];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ch->now);
	sqlite3_bind_text(st, 4, ch->old, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)XF_HANDLE_DAYS * XF_DAY);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(im->store, "import", err);
	if (sqlite3_changes(im->store->db) != 1)
		return xf_errf(err, "%s: is %s no more: an export's history "
		    "is imported only into the complaint it creates", ch->ref,
		    ch->old);
	return 0;
}

int
xf_move_import(struct xf_importer *im, int64_t id, const char *ref,
    const struct xf_past *p, const char *source, struct xf_err *err)
{
	struct xf_change ch = { .actor = im->actor };
	const struct xf_past_step *st;
	size_t i;

	snprintf(ch.ref, sizeof(ch.ref), "%s", ref);
	/* Just registered: new.  Each UPDATE checks it, as every move's. */
	snprintf(ch.old, sizeof(ch.old), "new");
	for (i = 0; i < p->nstep; i++) {
		st = &p->step[i];
		if (import_reason(&im->why, source, p, st) == -1)
			return xf_errf(err, "out of memory");
		ch.now = st->at;
		ch.reason = im->why.p;
		snprintf(ch.new, sizeof(ch.new), "%s", st->to);
		if (import_update(im, id, st->to, &ch, err) == -1 ||
		    record(im->store, id, "import", "status", ch.old, ch.new,
		    &ch, err) == -1)
			return -1;
		memcpy(ch.old, ch.new, sizeof(ch.old));
	}
	return 0;
}

/* The newest event's id: a dry run shows the events after it. */
static int
last_event(struct xf_store *s, int64_t *mark, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT coalesce(max(id), 0) FROM event", &st,
	    err) == -1)
		return -1;
	rc = sqlite3_step(st);
	*mark = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading the history", err);
	return 0;
}

/*
 * BEGIN IMMEDIATE and find ref, and in a dry run *mark, where its
 * events will start; on failure nothing is left open.
 */
int
xf_change_begin(struct xf_store *s, const char *ref, int64_t *id,
    int64_t *mark, struct xf_change *ch, struct xf_err *err)
{
	*mark = 0;
	if (xf_store_begin(s, err) == -1)
		return -1;
	if (xf_complaint_id(s, ref, id, ch->ref, err) == 0 && *id == 0)
		xf_errf(err, "%s: no such complaint", ref);
	if (*id != 0 && (!ch->dry || last_event(s, mark, err) == 0))
		return 0;
	xf_store_rollback(s);
	return -1;
}

/*
 * The end of a change that went well: committed; in a dry run, its
 * events after mark appended to ch->would, and rolled back.
 */
int
xf_change_finish(struct xf_store *s, int64_t id, int64_t mark,
    struct xf_change *ch, struct xf_err *err)
{
	int rc = 0;

	if (!ch->dry)
		return xf_store_commit(s, err);
	if (ch->would != NULL)
		rc = xf_view_history_after(s, id, ch->ref, mark, ch->would,
		    err);
	xf_store_rollback(s);
	return rc;
}

int
xf_move_apply(struct xf_store *s, const struct xf_move *m, const char *ref,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;

	if (m->reason && ch->canned == NULL && !xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: %s needs a reason (-m)", ref, m->verb);
	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	if (xf_move_in_tx(s, m, id, ch, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}

/* The approver goes into the event's reason: "approved by li: ...". */
static int
record_extension(struct xf_store *s, int64_t id, const char *old,
    const char *new, const char *approver, struct xf_change *ch,
    struct xf_err *err)
{
	struct xf_buf why = { 0 };
	const char *given = ch->reason;
	int rc;

	if (xf_buf_printf(&why, "approved by %s: %s", approver, given) == -1)
		return xf_errf(err, "out of memory");
	ch->reason = why.p;
	rc = record(s, id, "extend", "due", old, new, ch, err);
	ch->reason = given;
	xf_buf_free(&why);
	return rc;
}

/* The complainant is told the new date (as the policy made it) and
 * why; not who approved it, which is the desk's own business. */
static int
notify_extension(struct xf_store *s, int64_t id, struct xf_change *ch,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	char due[XF_TIMELEN] = "";
	int rc;

	if (xf_store_prepare(s, "SELECT due FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		xf_notice_date(sqlite3_column_int64(st, 0), due, sizeof(due));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a deadline", err);
	return xf_change_notify(s, id, "extended", ch, due, NULL,
	    err);
}

static int
extend_locked(struct xf_store *s, int64_t id, int days,
    const char *approver, struct xf_change *ch, struct xf_err *err)
{
	sqlite3_stmt *st;
	char old[24], new[24];
	int64_t due = 0;
	int rc, count = 0, has_due = 0;

	if (xf_store_prepare(s, "SELECT due, status, (SELECT count(*) FROM"
	    " event WHERE complaint_id = ?1 AND kind = 'extend')"
	    " FROM complaint WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		has_due = sqlite3_column_type(st, 0) != SQLITE_NULL;
		due = sqlite3_column_int64(st, 0);
		snprintf(ch->old, sizeof(ch->old), "%s",
		    sqlite3_column_text(st, 1));
		count = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a deadline", err);
	snprintf(ch->new, sizeof(ch->new), "%s", ch->old);
	if (strcmp(ch->old, "closed") == 0 || strcmp(ch->old, "rejected") == 0)
		return xf_errf(err, "%s: cannot extend: it is %s", ch->ref,
		    ch->old);
	if (xf_role_check(s, approver, XF_ACT_EXTEND, id, err) == -1)
		return -1;
	if (!has_due)
		return xf_errf(err, "%s: has no resolve deadline to extend "
		    "(it is %s; accept it first)", ch->ref, ch->old);
	if (count >= XF_EXTENSIONS_MAX)
		return xf_errf(err, "%s: already extended %d time%s; the "
		    "limit is %d", ch->ref, count, count == 1 ? "" : "s",
		    XF_EXTENSIONS_MAX);
	snprintf(old, sizeof(old), "%lld", (long long)due);
	snprintf(new, sizeof(new), "%lld", (long long)(due +
	    (int64_t)days * XF_DAY));
	if (xf_store_prepare(s, "UPDATE complaint SET due = ?2,"
	    " updated_at = ?3 WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, due + (int64_t)days * XF_DAY);
	sqlite3_bind_int64(st, 3, ch->now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "extending", err);
	if (record_extension(s, id, old, new, approver, ch, err) == -1 ||
	    redo_deadlines(s, id, ch, err) == -1)
		return -1;
	return notify_extension(s, id, ch, err);
}

int
xf_extend(struct xf_store *s, const char *ref, int days,
    const char *approver, struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;

	if (days < 1 || days > XF_EXTEND_MAX_DAYS)
		return xf_errf(err, "%s: an extension is 1 to %d days, not %d",
		    ref, XF_EXTEND_MAX_DAYS, days);
	if (approver == NULL || *approver == '\0')
		return xf_errf(err, "%s: an extension needs an approver",
		    ref);
	if (!xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: an extension needs a reason (-m)",
		    ref);
	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	if (extend_locked(s, id, days, approver, ch, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}

int
xf_review(struct xf_store *s, const char *ref, int approve,
    struct xf_change *ch, struct xf_err *err)
{
	int64_t id, mark;

	if (!xf_reason_ok(ch->reason))
		return xf_errf(err, "%s: a review needs a reason (-m)", ref);
	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	if (current_status(s, id, ch->old, err) == -1 ||
	    xf_role_check(s, ch->actor, XF_ACT_REVIEW, id, err) == -1 ||
	    record(s, id, "review", "legal_review", NULL,
	    approve ? "approved" : "denied", ch, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	snprintf(ch->new, sizeof(ch->new), "%s", ch->old);
	return xf_change_finish(s, id, mark, ch, err);
}

int
xf_status_open(const char *status)
{
	return status != NULL && strcmp(status, "closed") != 0 &&
	    strcmp(status, "rejected") != 0;
}

int
xf_status_in_hand(const char *status)
{
	return xf_status_open(status) && strcmp(status, "resolved") != 0;
}
