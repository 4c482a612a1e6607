/*
 * overdue.c: deadlines missed, deadlines near, and escalation to a lead.
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
 * thresholds that lateness has passed; each level is recorded once, as
 * an event, in a write transaction of its own that looks again at what
 * is recorded, so two crons running at once cannot record it twice.
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

static const char SCAN_SQL[] = OD_SELECT OD_OPEN
    " AND (?1 IS NULL OR team = ?1) AND (?2 IS NULL OR assignee = ?2)";
static const char ONE_SQL[] = OD_SELECT OD_OPEN " AND id = ?4";

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
	if (oom) {
		free(o->assignee);
		free(o->team);
		return -1;
	}
	return 1;
}

static void
entry_free(struct xf_overdue *o)
{
	free(o->assignee);
	free(o->team);
	o->assignee = o->team = NULL;
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

int
xf_overdue_scan(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue_query *q, struct xf_overdue_list *out,
    struct xf_err *err)
{
	struct xf_overdue o;
	sqlite3_stmt *st;
	int rc, r, norule;

	memset(out, 0, sizeof(*out));
	if (q->within < 0 || q->now > INT64_MAX - q->within)
		return xf_errf(err, "a due-soon span out of range");
	if (xf_store_prepare(s, SCAN_SQL, &st, err) == -1)
		return -1;
	xf_bind_opt(st, 1, q->team);
	xf_bind_opt(st, 2, q->assignee);
	sqlite3_bind_int64(st, 3, q->now + q->within);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		norule = 0;
		r = evaluate(sla, st, q->now, q->within, &o, &norule);
		out->norule += (size_t)norule;
		if (r == 1 && push(out, &o) == -1) {
			entry_free(&o);
			r = -1;
		}
		if (r == -1) {
			sqlite3_finalize(st);
			xf_overdue_free(out);
			return xf_errf(err, "out of memory");
		}
	}
	if (rc != SQLITE_DONE) {
		xf_store_fail(s, "finding overdue complaints", err);
		sqlite3_finalize(st);
		xf_overdue_free(out);
		return -1;
	}
	sqlite3_finalize(st);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), later_first);
	return 0;
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

/* --- escalation ------------------------------------------------------ */

static const char *
deadline_field(enum xf_deadline which)
{
	return which == XF_DL_ACK ? "ack_due" : "due";
}

/* The highest level recorded for the complaint and deadline; 0 none. */
static int
recorded_level(struct xf_store *s, int64_t id, enum xf_deadline which,
    int *level, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT coalesce(max(CAST(new AS INTEGER)),"
	    " 0) FROM event WHERE complaint_id = ?1 AND kind = 'escalate'"
	    " AND field = ?2", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, deadline_field(which), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*level = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading escalations", err);
	return 0;
}

/*
 * Who an escalation goes to: an active lead of team, the lowest login
 * first, but never the complaint's owner, whom it is about; when the
 * owner is the team's only lead, any other active lead (*above = 1).
 * Any team's lead when the complaint has no team.  "" when nobody.
 */
static int
find_lead(struct xf_store *s, const char *team, const char *owner,
    char *lead, size_t len, int *above, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	lead[0] = '\0';
	*above = 0;
	if (xf_store_prepare(s, "SELECT login, team IS ?1 FROM handler"
	    " WHERE role = 'lead' AND active = 1 AND login IS NOT ?2"
	    " AND (?1 IS NULL OR team = ?1 OR EXISTS (SELECT 1 FROM handler"
	    "  WHERE login = ?2 AND role = 'lead' AND active = 1 AND"
	    "  team = ?1))"
	    " ORDER BY team IS ?1 DESC, login LIMIT 1", &st, err) == -1)
		return -1;
	xf_bind_opt(st, 1, team);
	xf_bind_opt(st, 2, owner);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(lead, len, "%s", sqlite3_column_text(st, 0));
		*above = team != NULL && !sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "finding the team lead", err);
	return 0;
}

/* Re-reads complaint id: is it still overdue, and how much? */
static int
reread(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    int64_t now, struct xf_overdue *o, int *found, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0, norule = 0;

	*found = 0;
	if (xf_store_prepare(s, ONE_SQL, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (r = evaluate(sla, st, now, 0, o, &norule)) == -1) {
		sqlite3_finalize(st);
		return xf_errf(err, "out of memory");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a complaint", err);
	/* Exactly at the deadline is not late yet. */
	*found = r == 1 && o->due < now;
	if (r == 1 && !*found)
		entry_free(o);
	return 0;
}

static int
escalation_reason(const struct xf_sla *sla, const struct xf_overdue *o,
    const struct xf_escalation *e, struct xf_buf *b)
{
	char late[48];

	xf_late_format(sla, o->clock, o->late, late, sizeof(late));
	if (xf_buf_printf(b, "%s deadline missed by %s (%s); ",
	    xf_deadline_name(o->which), late,
	    o->clock == XF_CLOCK_BUSINESS ? "business" : "calendar") == -1)
		return -1;
	if (e->lead[0] == '\0' && o->team != NULL)
		return xf_buf_printf(b, "no team lead of team %s", o->team);
	if (e->lead[0] == '\0')
		return xf_buf_adds(b, "no team lead");
	if (o->team != NULL && e->above)
		return xf_buf_printf(b, "to lead %s, above the owner %s, who "
		    "leads team %s", e->lead, o->assignee, o->team);
	if (o->team != NULL)
		return xf_buf_printf(b, "to lead %s of team %s", e->lead,
		    o->team);
	return xf_buf_printf(b, "to lead %s (no team)", e->lead);
}

static int
record_escalation(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue *o,
    const struct xf_escalation *e, int64_t now, const char *actor,
    struct xf_err *err)
{
	struct xf_buf why = { 0 };
	char old[16], new[16];
	struct xf_event ev = {
		.complaint_id = o->id, .at = now, .actor = actor,
		.kind = "escalate", .field = deadline_field(o->which),
		.old = old, .new = new,
	};
	int rc;

	snprintf(old, sizeof(old), "%d", e->from);
	snprintf(new, sizeof(new), "%d", e->to);
	if (escalation_reason(sla, o, e, &why) == -1) {
		xf_buf_free(&why);
		return xf_errf(err, "out of memory");
	}
	ev.reason = why.p;
	rc = xf_event_add(s, &ev, err);
	xf_buf_free(&why);
	return rc;
}

/* Inside the transaction (or, dry, outside any): decide and record. */
static int
escalate_locked(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue *seen, int64_t now, const char *actor, int dry,
    struct xf_escalation *out, struct xf_err *err)
{
	struct xf_overdue o;
	int found, rc = 0;

	if (reread(s, sla, seen->id, now, &o, &found, err) == -1)
		return -1;
	if (!found)
		return 0;
	if (o.which != seen->which)	/* it moved on meanwhile */
		goto done;
	if ((rc = recorded_level(s, o.id, o.which, &out->from, err)) == -1)
		goto done;
	if (o.level <= out->from)
		goto done;
	out->to = o.level;
	out->late = o.late;
	if ((rc = find_lead(s, o.team, o.assignee, out->lead,
	    sizeof(out->lead), &out->above, err)) == -1)
		goto done;
	if (!dry && (rc = record_escalation(s, sla, &o, out, now, actor,
	    err)) == -1)
		goto done;
	out->made = 1;
done:
	entry_free(&o);
	return rc;
}

int
xf_escalate(struct xf_store *s, const struct xf_sla *sla,
    const struct xf_overdue *o, int64_t now, const char *actor, int dry,
    struct xf_escalation *out, struct xf_err *err)
{
	int recorded;

	memset(out, 0, sizeof(*out));
	if (dry)
		return escalate_locked(s, sla, o, now, actor, 1, out, err);
	/*
	 * Most runs find every level recorded already: a plain read says
	 * so without taking the write lock.  Levels only grow, so a level
	 * seen recorded here is recorded under the lock too.
	 */
	if (recorded_level(s, o->id, o->which, &recorded, err) == -1)
		return -1;
	if (o->level <= recorded)
		return 0;
	if (xf_store_begin(s, err) == -1)
		return -1;
	if (escalate_locked(s, sla, o, now, actor, 0, out, err) == -1) {
		xf_store_rollback(s);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	if (!out->made) {
		xf_store_rollback(s);
		return 0;
	}
	if (xf_store_commit(s, err) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}
