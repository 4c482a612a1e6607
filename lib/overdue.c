/*
 * overdue.c: deadlines missed, deadlines near, escalation, and alerts.
 *
 * A complaint owes one deadline at a time: acknowledgement while it is
 * new and unanswered, resolution while it is accepted, assigned or in
 * progress.  Waiting stops the clock, so a waiting complaint is never
 * late; a resolved, closed or rejected one owes nothing.  A deadline not
 * stored yet (a complaint never classified nor accepted) is computed
 * from the policy here, so nothing escapes the alert for lack of a
 * deadline: an unowned complaint nobody has looked at is exactly the
 * one to be told about.
 *
 * Lateness is counted on the clock of the policy rule, business hours
 * for a business-clock rule, so "2h late" means the same thing the
 * deadline did.  The escalation level is how many of the rule's
 * thresholds that lateness has passed; the alert level is the same,
 * with 0 for the deadline just missed.  Each level of each deadline is
 * recorded once, as an "escalate" or "alert" event, in a write
 * transaction of its own that looks again at what is recorded, so two
 * crons running at once cannot record it twice; and counted since the
 * deadline was last set, so a deadline moved on starts again.  That is
 * what lets a cron every 15 minutes mail a complaint once per level.
 *
 * Whom an escalation goes to is find_recipient's: within the team
 * answerable for the complaint, or to that team's escalation contact
 * (routing.c), never sideways to another team's lead.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define OD_CAP0		64	/* first allocation of the list */

/* ?1 team, ?2 assignee, ?3 the latest deadline wanted, ?4 one id */
#define OD_SELECT \
    "SELECT id, ref, status, category, priority, team, assignee," \
    " received_at, accepted_at, ack_due, due FROM complaint"
#define OD_OPEN \
    " WHERE ((status = 'new' AND first_response_at IS NULL" \
    "   AND (ack_due IS NULL OR ack_due <= ?3))" \
    "  OR ((status = 'accepted' OR status = 'assigned'" \
    "   OR status = 'in_progress') AND (due IS NULL OR due <= ?3)))"

#define OD_ONE	OD_SELECT OD_OPEN " AND id = ?4"
static const char ONE_SQL[] = OD_ONE;
/*
 * The scan names only the filters given, as list.c's query does, so
 * that an index serves each: the status index the open complaints,
 * complaint_team a team's, complaint_assignee a handler's, the rowid
 * one complaint.  A catch-all "?1 IS NULL OR team = ?1" is planned
 * before the parameters are known, and so served by none.
 */
static const char *const scan_sql[8] = {
	OD_SELECT OD_OPEN,
	OD_SELECT OD_OPEN " AND team = ?1",
	OD_SELECT OD_OPEN " AND assignee = ?2",
	OD_SELECT OD_OPEN " AND team = ?1 AND assignee = ?2",
	OD_ONE,
	OD_ONE " AND team = ?1",
	OD_ONE " AND assignee = ?2",
	OD_ONE " AND team = ?1 AND assignee = ?2",
};

enum {
	C_ID, C_REF, C_STATUS, C_CATEGORY, C_PRIORITY, C_TEAM, C_ASSIGNEE,
	C_RECEIVED, C_ACCEPTED, C_ACK_DUE, C_DUE
};

static const char *
text_or_null(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? s : NULL;
}

static int64_t
int_or_zero(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 :
	    sqlite3_column_int64(st, i);
}

/* A policy span in seconds of clock: a day is a working day on the
 * business clock. */
static int64_t
span_seconds(const struct xf_sla *sla, enum xf_clock clock,
    const struct xf_span *sp)
{
	int64_t day = clock == XF_CLOCK_BUSINESS ?
	    xf_calendar_day_seconds(&sla->cal) : XF_DAY;

	return sp->seconds + (int64_t)sp->days * day;
}

static int
compute_due(const struct xf_sla *sla, sqlite3_stmt *st, int ack,
    int64_t *due, struct xf_err *err)
{
	struct xf_sla_facts f = { 0 };
	struct xf_deadlines d;

	f.category = text_or_null(st, C_CATEGORY);
	f.priority = text_or_null(st, C_PRIORITY);
	f.received_at = sqlite3_column_int64(st, C_RECEIVED);
	f.accepted_at = ack ? 0 : int_or_zero(st, C_ACCEPTED);
	if (xf_sla_compute(sla, &f, &d, err) == -1)
		return -1;
	*due = ack ? d.ack_due : d.due;
	return 0;
}

static char *
dup_or_null(const char *s, int *oom)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		*oom = 1;
	return p;
}

static void
entry_free(struct xf_overdue *o)
{
	free(o->assignee);
	free(o->team);
	free(o->category);
	o->assignee = o->team = o->category = NULL;
}

/*
 * The row of st as an overdue entry: 1 when its deadline is before now
 * (or, with within, at most within ahead), 0 when it is not (or it has
 * no deadline and no rule gives it one: *norule is then set), -1 out of
 * memory.
 */
static int
evaluate(const struct xf_sla *sla, sqlite3_stmt *st, int64_t now,
    int64_t within, struct xf_overdue *o, int *norule)
{
	const struct xf_policy_rule *rule;
	const char *status = (const char *)sqlite3_column_text(st, C_STATUS);
	int ack = strcmp(status, "new") == 0, col = ack ? C_ACK_DUE : C_DUE;
	int i, oom = 0;

	memset(o, 0, sizeof(*o));
	rule = xf_policy_find(&sla->policy, text_or_null(st, C_CATEGORY),
	    text_or_null(st, C_PRIORITY));
	if (sqlite3_column_type(st, col) != SQLITE_NULL)
		o->due = sqlite3_column_int64(st, col);
	else if (rule == NULL || compute_due(sla, st, ack, &o->due,
	    NULL) == -1) {
		*norule = 1;
		return 0;
	} else
		o->computed = 1;
	/* Late is past the deadline: at it exactly is not late yet. */
	if (within == 0 ? o->due >= now : o->due > now + within)
		return 0;
	o->id = sqlite3_column_int64(st, C_ID);
	snprintf(o->ref, sizeof(o->ref), "%s",
	    sqlite3_column_text(st, C_REF));
	snprintf(o->status, sizeof(o->status), "%s", status);
	snprintf(o->priority, sizeof(o->priority), "%s",
	    text_or_null(st, C_PRIORITY) ? text_or_null(st, C_PRIORITY) : "");
	o->which = ack ? XF_DL_ACK : XF_DL_RESOLVE;
	o->clock = rule != NULL ? rule->clock : XF_CLOCK_CALENDAR;
	o->late = xf_clock_between(sla, o->clock, o->due, now);
	for (i = 0; rule != NULL && i < rule->nescalate &&
	    i < XF_ESCALATE_MAX; i++)
		if (o->late > span_seconds(sla, o->clock, &rule->escalate[i]))
			o->level++;
	o->assignee = dup_or_null(text_or_null(st, C_ASSIGNEE), &oom);
	o->team = dup_or_null(text_or_null(st, C_TEAM), &oom);
	o->category = dup_or_null(text_or_null(st, C_CATEGORY), &oom);
	if (oom) {
		entry_free(o);
		return -1;
	}
	return 1;
}

static int
push(struct xf_overdue_list *l, const struct xf_overdue *o)
{
	struct xf_overdue *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : OD_CAP0;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *o;
	return 0;
}

/* Most late first; then the earlier deadline; then the older ref. */
static int
later_first(const void *a, const void *b)
{
	const struct xf_overdue *x = a, *y = b;

	if (x->late != y->late)
		return x->late > y->late ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

/* The rows of st, bound already, appended to out. */
static int
scan_rows(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue_query *q, sqlite3_stmt *st,
    struct xf_overdue_list *out, struct xf_err *err)
{
	struct xf_overdue o;
	int rc, r, norule;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		norule = 0;
		r = evaluate(sla, st, q->now, q->within, &o, &norule);
		out->norule += (size_t)norule;
		if (r == 1 && push(out, &o) == -1) {
			entry_free(&o);
			r = -1;
		}
		if (r == -1)
			return xf_errf(err, "out of memory");
	}
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "finding overdue complaints", err);
	return 0;
}

/* The scan's statement for the query's filters, bound; with ids, ?4
 * is left for the caller to bind to each complaint in turn. */
static int
scan_prepare(struct xf_store *s, const struct xf_overdue_query *q,
    int ids, sqlite3_stmt **st, struct xf_err *err)
{
	/* An empty team or login is none, as xf_bind_opt takes it. */
	int team = q->team != NULL && *q->team != '\0';
	int user = q->assignee != NULL && *q->assignee != '\0';

	if (xf_store_prepare(s, scan_sql[team | user << 1 | ids << 2], st,
	    err) == -1)
		return -1;
	if (team)
		sqlite3_bind_text(*st, 1, q->team, -1, SQLITE_STATIC);
	if (user)
		sqlite3_bind_text(*st, 2, q->assignee, -1, SQLITE_STATIC);
	sqlite3_bind_int64(*st, 3, q->now + q->within);
	return 0;
}

int
xf_overdue_scan(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue_query *q, struct xf_overdue_list *out,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	size_t i = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (q->within < 0 || q->now > INT64_MAX - q->within)
		return xf_errf(err, "a due-soon span out of range");
	if (scan_prepare(s, q, q->ids != NULL, &st, err) == -1)
		return -1;
	/* Without ids, ?4 stays NULL: every complaint, in one pass. */
	if (q->ids == NULL)
		rc = scan_rows(s, sla, q, st, out, err);
	for (i = 0; q->ids != NULL && rc == 0 && i < q->nids; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 4, q->ids[i]);
		rc = scan_rows(s, sla, q, st, out, err);
	}
	sqlite3_finalize(st);
	if (rc == -1) {
		xf_overdue_free(out);
		return -1;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), later_first);
	return 0;
}

/*
 * The cursor's order, kept in the temporary database rather than in
 * memory: at 10,000,000 complaints some 450,000 are late, and a sort of
 * them all in memory took the command past its 64 MiB budget.  SQLite
 * keeps the temporary B-tree in a file behind a small cache of its
 * own, so the peak stays flat; each entry is read again by its id when
 * its turn comes, and only the key waits here.
 */
#define ORDER_MAKE "CREATE TEMP TABLE IF NOT EXISTS xf_overdue_order " \
    "(late INTEGER NOT NULL, due INTEGER NOT NULL, ref TEXT NOT NULL, " \
    "id INTEGER NOT NULL, PRIMARY KEY (late DESC, due, ref)) WITHOUT ROWID"
#define ORDER_ADD "INSERT INTO temp.xf_overdue_order (late, due, ref, id) " \
    "VALUES (?1, ?2, ?3, ?4)"
/* later_first's order, which the primary key holds. */
#define ORDER_READ "SELECT id FROM temp.xf_overdue_order " \
    "ORDER BY late DESC, due, ref"

static int
order_exec(struct xf_store *s, const char *sql, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "sorting overdue complaints", err);
	return 0;
}

/* The keys of the rows of st, bound already, into the order table. */
static int
order_rows(struct xf_overdue_cursor *cur, sqlite3_stmt *st, sqlite3_stmt *add,
    struct xf_err *err)
{
	struct xf_overdue o;
	int rc, r, norule;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		norule = 0;
		r = evaluate(cur->sla, st, cur->q.now, cur->q.within, &o,
		    &norule);
		cur->norule += (size_t)norule;
		if (r == -1)
			return xf_errf(err, "out of memory");
		if (r == 0)
			continue;
		entry_free(&o);
		sqlite3_bind_int64(add, 1, o.late);
		sqlite3_bind_int64(add, 2, o.due);
		sqlite3_bind_text(add, 3, o.ref, -1, SQLITE_STATIC);
		sqlite3_bind_int64(add, 4, o.id);
		r = sqlite3_step(add);
		sqlite3_reset(add);
		if (r != SQLITE_DONE)
			return xf_store_fail(cur->s, "sorting overdue "
			    "complaints", err);
	}
	if (rc != SQLITE_DONE)
		return xf_store_fail(cur->s, "finding overdue complaints", err);
	return 0;
}

/* The scan of xf_overdue_scan, its keys written to the order table. */
static int
order_fill(struct xf_overdue_cursor *cur, struct xf_err *err)
{
	const struct xf_overdue_query *q = &cur->q;
	sqlite3_stmt *st, *add;
	int rc;

	if (order_exec(cur->s, ORDER_MAKE, err) == -1 ||
	    order_exec(cur->s, "DELETE FROM temp.xf_overdue_order", err) == -1)
		return -1;
	if (scan_prepare(cur->s, q, 0, &st, err) == -1)
		return -1;
	if (xf_store_prepare(cur->s, ORDER_ADD, &add, err) == -1) {
		sqlite3_finalize(st);
		return -1;
	}
	rc = order_rows(cur, st, add, err);
	sqlite3_finalize(st);
	sqlite3_finalize(add);
	return rc;
}

int
xf_overdue_open(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue_query *q, struct xf_overdue_cursor *cur,
    struct xf_err *err)
{
	memset(cur, 0, sizeof(*cur));
	if (q->within < 0 || q->now > INT64_MAX - q->within)
		return xf_errf(err, "a due-soon span out of range");
	if (q->ids != NULL)
		return xf_errf(err, "an overdue cursor reads every complaint");
	cur->s = s;
	cur->sla = sla;
	cur->q = *q;
	if (order_fill(cur, err) == -1 ||
	    xf_store_prepare(s, ORDER_READ, &cur->order, err) == -1 ||
	    xf_store_prepare(s, ONE_SQL, &cur->one, err) == -1) {
		xf_overdue_close(cur);
		return -1;
	}
	sqlite3_bind_int64(cur->one, 3, q->now + q->within);
	return 0;
}

/*
 * The entry of one id, evaluated again as the scan did: 1 found, 0 not
 * overdue any more (changed by another writer since), -1 failed.
 */
static int
order_entry(struct xf_overdue_cursor *cur, int64_t id, struct xf_overdue *o,
    struct xf_err *err)
{
	int rc, r = 0, norule = 0;

	sqlite3_bind_int64(cur->one, 4, id);
	if ((rc = sqlite3_step(cur->one)) == SQLITE_ROW)
		r = evaluate(cur->sla, cur->one, cur->q.now, cur->q.within, o,
		    &norule);
	sqlite3_reset(cur->one);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(cur->s, "finding overdue complaints", err);
	if (r == -1)
		return xf_errf(err, "out of memory");
	return r;
}

int
xf_overdue_next(struct xf_overdue_cursor *cur, struct xf_overdue *o,
    struct xf_err *err)
{
	int rc, r;

	while ((rc = sqlite3_step(cur->order)) == SQLITE_ROW) {
		r = order_entry(cur, sqlite3_column_int64(cur->order, 0), o,
		    err);
		if (r != 0)
			return r;
	}
	if (rc != SQLITE_DONE)
		return xf_store_fail(cur->s, "sorting overdue complaints", err);
	return 0;
}

void
xf_overdue_close(struct xf_overdue_cursor *cur)
{
	sqlite3_finalize(cur->order);
	sqlite3_finalize(cur->one);
	cur->order = cur->one = NULL;
	if (cur->s != NULL)
		sqlite3_exec(cur->s->db, "DELETE FROM temp.xf_overdue_order",
		    NULL, NULL, NULL);
}

void
xf_overdue_entry_free(struct xf_overdue *o)
{
	entry_free(o);
}

void
xf_overdue_free(struct xf_overdue_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		entry_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
xf_late_format(const struct xf_sla *sla, enum xf_clock clock, int64_t late,
    char *buf, size_t len)
{
	xf_duration_format_days(late, clock == XF_CLOCK_BUSINESS ?
	    xf_calendar_day_seconds(&sla->cal) : XF_DAY, buf, len);
}

const char *
xf_deadline_name(enum xf_deadline which)
{
	return which == XF_DL_ACK ? "acknowledge" : "resolve";
}

/* --- escalation and alerts ------------------------------------------ */

static const char *
deadline_field(enum xf_deadline which)
{
	return which == XF_DL_ACK ? "ack_due" : "due";
}

/*
 * The highest level kind ("escalate", "alert") recorded for the
 * complaint's deadline since that deadline was last set (a "deadline"
 * or "extend" event on its field): a deadline moved on is a new promise,
 * and missing it is news again.  -1 when none.
 */
static int
recorded_level(struct xf_store *s, int64_t id, enum xf_deadline which,
    const char *kind, int *level, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT coalesce(max(CAST(new AS INTEGER)),"
	    " -1) FROM event WHERE complaint_id = ?1 AND kind = ?3"
	    " AND field = ?2 AND id > (SELECT coalesce(max(id), 0) FROM event"
	    "  WHERE complaint_id = ?1 AND field = ?2"
	    "  AND (kind = 'deadline' OR kind = 'extend'))", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, deadline_field(which), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*level = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading escalations and alerts", err);
	return 0;
}

/* A handler query of one text column (NULL when no row) for ?1, ?2. */
static int
handler_text(struct xf_store *s, const char *sql, const char *a,
    const char *b, char *out, size_t len, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	xf_bind_opt(st, 1, a);
	xf_bind_opt(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(out, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "finding the team lead", err);
	return 0;
}

/*
 * Whom an escalation goes to.  The team is the complaint's, else the
 * one routing would give it (its category's row, else the "*" row):
 * the team answerable for it, never whichever lead comes first.  An
 * active lead of that team takes it, the lowest login first, unless
 * the owner leads the team himself: an escalation goes above the
 * owner, and a fellow lead is not above him.  Then (no lead but the
 * owner, or none at all) the team's escalation contact from routing,
 * else routing's default one, which also stands in for a team contact
 * who is the owner; never another team's lead, never the owner
 * himself.  Nobody when none of these is there.
 */
static int
find_recipient(const struct xf_escalator *x, const struct xf_overdue *o,
    struct xf_escalation *e, struct xf_err *err)
{
	const char *team = o->team, *contact = NULL;
	char found[XF_LOGIN_MAX + 1];

	e->rcpt = XF_RCPT_NOBODY;
	e->who[0] = e->team[0] = '\0';
	e->routed = e->owner_leads = 0;
	if (team == NULL && x->routing != NULL &&
	    (team = xf_routing_team(x->routing, o->category)) != NULL)
		e->routed = 1;
	if (team != NULL) {
		snprintf(e->team, sizeof(e->team), "%s", team);
		if (o->assignee != NULL && handler_text(x->store,
		    "SELECT login FROM handler WHERE team = ?1 AND login = ?2"
		    " AND role = 'lead' AND active = 1", team, o->assignee,
		    found, sizeof(found), err) == -1)
			return -1;
		e->owner_leads = o->assignee != NULL && found[0] != '\0';
		if (!e->owner_leads && handler_text(x->store,
		    "SELECT login FROM handler WHERE team = ?1"
		    " AND role = 'lead' AND active = 1 AND login IS NOT ?2"
		    " ORDER BY login LIMIT 1", team, o->assignee, found,
		    sizeof(found), err) == -1)
			return -1;
		if (!e->owner_leads && found[0] != '\0') {
			snprintf(e->who, sizeof(e->who), "%s", found);
			e->rcpt = XF_RCPT_LEAD;
			return 0;
		}
	}
	if (x->routing != NULL)
		contact = xf_routing_contact(x->routing, team);
	/* The owner named as his team's contact: the default is above. */
	if (contact != NULL && o->assignee != NULL &&
	    strcmp(contact, o->assignee) == 0 &&
	    (contact = xf_routing_contact(x->routing, NULL)) != NULL &&
	    strcmp(contact, o->assignee) == 0)
		contact = NULL;
	if (contact != NULL) {
		snprintf(e->who, sizeof(e->who), "%s", contact);
		e->rcpt = XF_RCPT_CONTACT;
	}
	return 0;
}

/*
 * Re-reads complaint seen->id: *found when it is still late on the same
 * deadline (not moved on to another, nor that one moved), in *o.
 */
static int
reread(const struct xf_escalator *x, const struct xf_overdue *seen,
    struct xf_overdue *o, int *found, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0, norule = 0;

	*found = 0;
	if (xf_store_prepare(x->store, ONE_SQL, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 3, x->now);
	sqlite3_bind_int64(st, 4, seen->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (r = evaluate(x->sla, st, x->now, 0, o, &norule)) == -1) {
		sqlite3_finalize(st);
		return xf_errf(err, "out of memory");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(x->store, "reading a complaint", err);
	/* Exactly at the deadline is not late yet. */
	*found = r == 1 && o->due < x->now && o->which == seen->which &&
	    o->due == seen->due;
	if (r == 1 && !*found)
		entry_free(o);
	return 0;
}

static int
recipient_reason(const struct xf_overdue *o, const struct xf_escalation *e,
    struct xf_buf *b)
{
	const char *by = e->routed ? ", by routing (no team yet)" : "";

	switch (e->rcpt) {
	case XF_RCPT_LEAD:
		return xf_buf_printf(b, "to lead %s of team %s%s", e->who,
		    e->team, by);
	case XF_RCPT_CONTACT:
		if (e->team[0] == '\0')
			return xf_buf_printf(b, "to escalation contact %s "
			    "(no team)", e->who);
		return xf_buf_printf(b, "to escalation contact %s of team "
		    "%s%s, %s", e->who, e->team, by, e->owner_leads ?
		    "as the owner leads it" : "which has no active lead");
	case XF_RCPT_NOBODY:
		break;
	}
	if (e->owner_leads)
		return xf_buf_printf(b, "no escalation contact of team %s "
		    "above its lead %s, the owner", e->team, o->assignee);
	if (e->team[0] != '\0')
		return xf_buf_printf(b, "no team lead of team %s%s", e->team,
		    by);
	return xf_buf_adds(b, "no team lead");
}

/* "resolve deadline missed by 2h (business)", then, escalated, whom to. */
static int
alert_reason(const struct xf_sla *sla, const struct xf_overdue *o,
    const struct xf_escalation *e, struct xf_buf *b)
{
	char late[48];

	xf_late_format(sla, o->clock, o->late, late, sizeof(late));
	if (xf_buf_printf(b, "%s deadline missed by %s (%s)",
	    xf_deadline_name(o->which), late,
	    o->clock == XF_CLOCK_BUSINESS ? "business" : "calendar") == -1)
		return -1;
	if (e == NULL)
		return 0;
	if (xf_buf_adds(b, "; ") == -1)
		return -1;
	return recipient_reason(o, e, b);
}

/* One event of kind on o's deadline: old (NULL for -1) to new. */
static int
record_level(const struct xf_escalator *x, const struct xf_overdue *o,
    const char *kind, int from, int to, const struct xf_escalation *e,
    struct xf_err *err)
{
	struct xf_buf why = { 0 };
	char old[16], new[16];
	struct xf_event ev = {
		.complaint_id = o->id, .at = x->now, .actor = x->actor,
		.kind = kind, .field = deadline_field(o->which),
		.old = from < 0 ? NULL : old, .new = new,
	};
	int rc;

	snprintf(old, sizeof(old), "%d", from);
	snprintf(new, sizeof(new), "%d", to);
	if (alert_reason(x->sla, o, e, &why) == -1) {
		xf_buf_free(&why);
		return xf_errf(err, "out of memory");
	}
	ev.reason = why.p;
	rc = xf_event_add(x->store, &ev, err);
	xf_buf_free(&why);
	return rc;
}

/*
 * The escalation of o (re-read) to its level: made and recorded (unless
 * dry) when the level is above the one recorded; the recipient is
 * worked out either way.
 */
static int
escalate_to_level(const struct xf_escalator *x, const struct xf_overdue *o,
    struct xf_escalation *out, struct xf_err *err)
{
	if (recorded_level(x->store, o->id, o->which, "escalate", &out->from,
	    err) == -1)
		return -1;
	if (out->from < 0)
		out->from = 0;
	out->late = o->late;
	if (find_recipient(x, o, out, err) == -1)
		return -1;
	if (o->level <= out->from)
		return 0;
	out->to = o->level;
	if (!x->dry && record_level(x, o, "escalate", out->from, out->to, out,
	    err) == -1)
		return -1;
	out->made = 1;
	return 0;
}

/* What a transaction decides: escalate or alert one re-read entry. */
typedef int (*decide_fn)(const struct xf_escalator *,
    const struct xf_overdue *, void *, struct xf_err *);

static int
decide_escalation(const struct xf_escalator *x, const struct xf_overdue *o,
    void *out, struct xf_err *err)
{
	return escalate_to_level(x, o, out, err);
}

static int
decide_alert(const struct xf_escalator *x, const struct xf_overdue *o,
    void *arg, struct xf_err *err)
{
	struct xf_alert *out = arg;

	if (recorded_level(x->store, o->id, o->which, "alert", &out->from,
	    err) == -1)
		return -1;
	if (o->level <= out->from)
		return 0;
	out->level = o->level;
	if (o->level > 0 && escalate_to_level(x, o, &out->esc, err) == -1)
		return -1;
	if (!x->dry && record_level(x, o, "alert", out->from, out->level,
	    o->level > 0 ? &out->esc : NULL, err) == -1)
		return -1;
	out->made = 1;
	return 0;
}

/*
 * Re-reads seen and lets decide act on it, in a write transaction of
 * its own (or, dry, outside any), committed only when *made: two runs
 * at once record each level once, since the second looks again under
 * the lock.
 */
static int
in_transaction(const struct xf_escalator *x, const struct xf_overdue *seen,
    decide_fn decide, void *out, const int *made, struct xf_err *err)
{
	struct xf_overdue o;
	int found, rc;

	if (!x->dry && xf_store_begin(x->store, err) == -1)
		return -1;
	if ((rc = reread(x, seen, &o, &found, err)) == 0 && found) {
		rc = decide(x, &o, out, err);
		entry_free(&o);
	}
	if (x->dry)
		return rc;
	if (rc == -1 || !*made) {
		xf_store_rollback(x->store);
		return rc;
	}
	return xf_store_commit(x->store, err);
}

/*
 * Most runs find every level recorded already: a plain read says so
 * without taking the write lock.  Levels only grow on one deadline, so
 * a level seen recorded here is recorded under the lock too.
 */
static int
recorded_already(const struct xf_escalator *x, const struct xf_overdue *o,
    const char *kind, int *yes, struct xf_err *err)
{
	int level;

	*yes = 0;
	if (x->dry)
		return 0;
	if (recorded_level(x->store, o->id, o->which, kind, &level, err) == -1)
		return -1;
	*yes = o->level <= level;
	return 0;
}

int
xf_escalate(const struct xf_escalator *x, const struct xf_overdue *o,
    struct xf_escalation *out, struct xf_err *err)
{
	int done;

	memset(out, 0, sizeof(*out));
	if (recorded_already(x, o, "escalate", &done, err) == -1)
		return -1;
	if (done || o->level == 0)
		return 0;
	if (in_transaction(x, o, decide_escalation, out, &out->made,
	    err) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

int
xf_alert(const struct xf_escalator *x, const struct xf_overdue *o,
    struct xf_alert *out, struct xf_err *err)
{
	int done;

	memset(out, 0, sizeof(*out));
	out->from = -1;
	if (recorded_already(x, o, "alert", &done, err) == -1)
		return -1;
	if (done)
		return 0;
	if (in_transaction(x, o, decide_alert, out, &out->made, err) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}
