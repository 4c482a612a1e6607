/*
 * sla.c: a complaint's deadlines from the policy and the calendar.
 *
 * The deadlines are always recomputed from what the store records, never
 * nudged: the rule of its category and priority, when it was received
 * and accepted, its pauses (wait ... resume events) and its approved
 * extensions (extend events).  So a change of priority, a pause that
 * spans a holiday or a policy edited since gives the same answer as if
 * it had been that way from the start, and applying twice writes once.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define NEVER		INT64_MAX
#define WHYLEN		512

/* a + b, held at the ends of int64_t instead of overflowing. */
static int64_t
sum(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

/* A calendar folder, or a single calendar file. */
static int
load_calendar(struct xf_calendar *cal, const char *path, struct xf_err *err)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		return xf_calendar_load_file(cal, path, err);
	return xf_calendar_load_dir(cal, path, err);
}

int
xf_sla_load(struct xf_sla *sla, const char *policy_opt, const char *cal_opt,
    struct xf_err *err)
{
	char ppath[PATH_MAX], cpath[PATH_MAX];

	memset(sla, 0, sizeof(*sla));
	xf_calendar_init(&sla->cal);
	/* Whatever is wrong here is the settings', never a complaint's. */
	if (xf_share_path(ppath, sizeof(ppath), policy_opt, "XF_POLICY",
	    "policy.tsv") == -1) {
		xf_errf(err, "the policy file's path is too long");
		return xf_err_config(err);
	}
	if (xf_share_path(cpath, sizeof(cpath), cal_opt, "XF_CALENDAR",
	    "calendar") == -1) {
		xf_errf(err, "the calendar's path is too long");
		return xf_err_config(err);
	}
	if (xf_policy_load(&sla->policy, ppath, err) == -1)
		return xf_err_config(err);
	if (load_calendar(&sla->cal, cpath, err) == -1) {
		xf_sla_free(sla);
		return xf_err_config(err);
	}
	if ((sla->beyond = calloc(1, sizeof(*sla->beyond))) == NULL) {
		xf_sla_free(sla);
		return xf_errf(err, "out of memory");
	}
	return 0;
}

void
xf_sla_free(struct xf_sla *sla)
{
	xf_policy_free(&sla->policy);
	xf_calendar_free(&sla->cal);
	free(sla->beyond);
	sla->beyond = NULL;
}

/* Working time added, noting a result past the calendar's last year. */
static int64_t
business_add(const struct xf_sla *sla, int64_t from, int64_t seconds)
{
	int64_t t = xf_business_add(&sla->cal, from, seconds);
	int year = xf_calendar_beyond(&sla->cal, t);

	if (year > 0 && sla->beyond != NULL && year > *sla->beyond)
		*sla->beyond = year;
	return t;
}

int
xf_sla_beyond(const struct xf_sla *sla)
{
	return sla->beyond != NULL ? *sla->beyond : 0;
}

int64_t
xf_clock_add(const struct xf_sla *sla, enum xf_clock clock, int64_t from,
    const struct xf_span *span)
{
	if (clock == XF_CLOCK_CALENDAR)
		return sum(from, (int64_t)span->days * XF_DAY +
		    span->seconds);
	return business_add(sla, from, (int64_t)span->days *
	    xf_calendar_day_seconds(&sla->cal) + span->seconds);
}

int64_t
xf_clock_between(const struct xf_sla *sla, enum xf_clock clock, int64_t a,
    int64_t b)
{
	if (clock == XF_CLOCK_CALENDAR)
		return b - a;
	if (b < a)
		return -xf_business_between(&sla->cal, b, a);
	return xf_business_between(&sla->cal, a, b);
}

/* The time of the finished pauses, counted on clock. */
static int64_t
paused(const struct xf_sla *sla, enum xf_clock clock,
    const struct xf_pause *p, size_t n)
{
	int64_t total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].to > p[i].from)
			total = sum(total, xf_clock_between(sla, clock,
			    p[i].from, p[i].to));
	return total;
}

/*
 * On a business clock the pause is working time added after the resolve
 * span; adding none must not move a deadline at closing time on to the
 * next opening, so nothing is added then.
 */
static int64_t
add_paused(const struct xf_sla *sla, enum xf_clock clock, int64_t due,
    int64_t pause)
{
	if (pause <= 0 || due == NEVER)
		return due;
	if (clock == XF_CLOCK_CALENDAR)
		return sum(due, pause);
	return business_add(sla, due, pause);
}

static const char *
or_none(const char *s)
{
	return s != NULL && *s != '\0' ? s : "none";
}

int
xf_sla_compute(const struct xf_sla *sla, const struct xf_sla_facts *f,
    struct xf_deadlines *out, struct xf_err *err)
{
	const struct xf_policy_rule *rule;
	int64_t start, due;

	rule = xf_policy_find(&sla->policy, f->category, f->priority);
	out->rule = rule;
	if (rule == NULL)
		return xf_errf(err, "%s: no rule for category %s, priority %s",
		    sla->policy.path, or_none(f->category),
		    or_none(f->priority));
	out->ack_due = xf_clock_add(sla, rule->clock, f->received_at,
	    &rule->ack);
	if (f->review_at != 0) {
		due = xf_clock_add(sla, rule->review_clock, f->review_at,
		    &rule->review);
		due = add_paused(sla, rule->review_clock, due, paused(sla,
		    rule->review_clock, f->pauses, f->npauses));
	} else {
		start = f->accepted_at != 0 ? f->accepted_at : f->received_at;
		due = xf_clock_add(sla, rule->clock, start, &rule->resolve);
		due = add_paused(sla, rule->clock, due, paused(sla,
		    rule->clock, f->pauses, f->npauses));
	}
	out->due = due == NEVER ? NEVER : sum(due, f->extension);
	return 0;
}

/* --- deadlines in the store ----------------------------------------- */

/* What the store says of one complaint. */
struct stored {
	char		 category[XF_CATEGORY_MAX + 1];
	char		 priority[4];
	char		 status[16];
	int64_t		 received_at, accepted_at;
	int64_t		 ack_due, due;
	int		 has_ack, has_due;
	int		 acked;		/* first_response_at is set */
	struct xf_pause	*pauses;
	size_t		 npauses;
	int64_t		 extension;
	int64_t		 review_at;	/* the latest reopen of it answered */
	int64_t		 review_event;	/* its event's id; 0: none */
	int		 reviews;
};

static int
read_complaint(struct xf_store *s, int64_t id, struct stored *c,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT category, priority, status,"
	    " received_at, accepted_at, ack_due, due,"
	    " first_response_at IS NOT NULL FROM complaint WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_column_copy(st, 0, c->category, sizeof(c->category));
		xf_column_copy(st, 1, c->priority, sizeof(c->priority));
		xf_column_copy(st, 2, c->status, sizeof(c->status));
		c->received_at = sqlite3_column_int64(st, 3);
		c->accepted_at = sqlite3_column_int64(st, 4);
		c->has_ack = sqlite3_column_type(st, 5) != SQLITE_NULL;
		c->ack_due = sqlite3_column_int64(st, 5);
		c->has_due = sqlite3_column_type(st, 6) != SQLITE_NULL;
		c->due = sqlite3_column_int64(st, 6);
		c->acked = sqlite3_column_int(st, 7);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "%s: complaint %lld: no such complaint",
		    s->path, (long long)id);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint's deadlines", err);
	return 0;
}

static int
add_pause(struct stored *c, int64_t from)
{
	struct xf_pause *v;

	if ((v = realloc(c->pauses, (c->npauses + 1) * sizeof(*v))) == NULL)
		return -1;
	c->pauses = v;
	v[c->npauses].from = from;
	v[c->npauses].to = 0;
	c->npauses++;
	return 0;
}

/*
 * The wait and resume moves (lifecycle.c) record events of their verb
 * with field status; a pause runs from a wait to the next resume.
 */
static int
one_pause_event(struct stored *c, const char *kind, int64_t at)
{
	struct xf_pause *last = c->npauses ? &c->pauses[c->npauses - 1] : NULL;
	int open = last != NULL && last->to == 0;

	if (strcmp(kind, "wait") == 0)
		return open ? 0 : add_pause(c, at);
	if (open)
		last->to = at > last->from ? at : last->from;
	return 0;
}

static int
read_pauses(struct xf_store *s, int64_t id, struct stored *c,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT kind, at FROM event"
	    " WHERE complaint_id = ?1 AND field = 'status'"
	    " AND (kind = 'wait' OR kind = 'resume') AND id > ?2"
	    " ORDER BY id", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, c->review_event);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (one_pause_event(c, (const char *)sqlite3_column_text(st,
		    0), sqlite3_column_int64(st, 1)) == -1) {
			sqlite3_finalize(st);
			return xf_errf(err, "out of memory");
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a complaint's pauses", err);
	return 0;
}

/* Each extension records the deadline before and after, in seconds. */
static int
read_extension(struct xf_store *s, int64_t id, struct stored *c,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT coalesce(sum(CAST(new AS INTEGER) -"
	    " CAST(old AS INTEGER)), 0) FROM event WHERE complaint_id = ?1"
	    " AND kind = 'extend' AND field = 'due' AND id > ?2", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, c->review_event);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		c->extension = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint's extensions",
		    err);
	return 0;
}

/*
 * A review (复查, then 复核) is a reopen of the complaint answered: from
 * resolved or closed (a reopened rejection is decided again by accept).
 * Its clock runs from the latest, with the pauses and extensions since.
 */
static int
read_review(struct xf_store *s, int64_t id, struct stored *c,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* With max(), SQLite reads the bare column "at" from the row that
	 * has the maximum: the latest reopen's time, in the same query. */
	if (xf_store_prepare(s, "SELECT count(*), max(id), at FROM event"
	    " WHERE complaint_id = ?1 AND kind = 'reopen' AND field = 'status'"
	    " AND (old = 'resolved' OR old = 'closed')", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->reviews = sqlite3_column_int(st, 0);
		c->review_event = sqlite3_column_int64(st, 1);
		c->review_at = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint's reviews", err);
	return 0;
}

static int
finished(const char *status)
{
	return strcmp(status, "resolved") == 0 ||
	    strcmp(status, "closed") == 0 || strcmp(status, "rejected") == 0;
}

/* "policy.tsv:12 P2 business: acknowledge 8h, resolve 3d, paused 2h". */
static void
default_why(const struct xf_sla *sla, const struct xf_policy_rule *rule,
    const struct stored *c, char *buf, size_t len)
{
	const char *base = strrchr(sla->policy.path, '/');
	char ack[32], res[32], extra[64];
	int64_t pause;
	size_t n;

	enum xf_clock clock = c->reviews > 0 ? rule->review_clock :
	    rule->clock;

	xf_span_format(&rule->ack, ack, sizeof(ack));
	xf_span_format(c->reviews > 0 ? &rule->review : &rule->resolve, res,
	    sizeof(res));
	snprintf(buf, len, "%s:%d%s%s%s%s %s: acknowledge %s, %s %s",
	    base != NULL ? base + 1 : sla->policy.path, rule->line,
	    strcmp(rule->category, "*") != 0 ? " " : "",
	    strcmp(rule->category, "*") != 0 ? rule->category : "",
	    strcmp(rule->priority, "*") != 0 ? " " : "",
	    strcmp(rule->priority, "*") != 0 ? rule->priority : "",
	    clock == XF_CLOCK_BUSINESS ? "business" : "calendar", ack,
	    c->reviews == 0 ? "resolve" : c->reviews == 1 ?
	    "review (复查) from the reopen" :
	    "second review (复核) from the reopen", res);
	if ((pause = paused(sla, clock, c->pauses, c->npauses)) > 0) {
		xf_duration_format(pause, extra, sizeof(extra));
		n = strlen(buf);
		snprintf(buf + n, len - n, ", paused %s%s", extra,
		    clock == XF_CLOCK_BUSINESS ? " of working time" : "");
	}
	if (c->extension != 0) {
		xf_duration_format(c->extension, extra, sizeof(extra));
		n = strlen(buf);
		snprintf(buf + n, len - n, ", extended %s", extra);
	}
	xf_utf8_chop(buf);
}

static int
write_deadlines(struct xf_store *s, int64_t id, const struct xf_deadlines *d,
    int64_t now, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* d->ack_due is the stored one already when it was met. */
	if (xf_store_prepare(s, "UPDATE complaint SET ack_due = ?2, due = ?3,"
	    " updated_at = ?4 WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, d->ack_due);
	sqlite3_bind_int64(st, 3, d->due);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "writing deadlines", err);
	return 0;
}

static int
record(struct xf_store *s, int64_t id, const char *field, int had,
    int64_t old, int64_t new, int64_t now, const char *actor,
    const char *why, struct xf_err *err)
{
	char oldbuf[24], newbuf[24];
	struct xf_event ev = {
		.complaint_id = id, .at = now, .actor = actor,
		.kind = "deadline", .field = field, .old = had ? oldbuf : NULL,
		.new = newbuf, .reason = why,
	};

	snprintf(oldbuf, sizeof(oldbuf), "%lld", (long long)old);
	snprintf(newbuf, sizeof(newbuf), "%lld", (long long)new);
	return xf_event_add(s, &ev, err);
}

static int
apply_changes(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    const struct stored *c, const struct xf_deadlines *d, int64_t now,
    const char *actor, const char *why, struct xf_err *err)
{
	char whybuf[WHYLEN];
	/* A deadline met is history: what it was stays, whatever
	 * changes later (a report asks whether it was met in time); one
	 * never set is written down once, as it stood when it was met. */
	int ack = !c->has_ack || (!c->acked && c->ack_due != d->ack_due);
	int due = !c->has_due || c->due != d->due;

	if (!ack && !due)
		return 0;
	if (why == NULL) {
		default_why(sla, d->rule, c, whybuf, sizeof(whybuf));
		why = whybuf;
	}
	if (write_deadlines(s, id, d, now, err) == -1)
		return -1;
	if (ack && record(s, id, "ack_due", c->has_ack, c->ack_due,
	    d->ack_due, now, actor, why, err) == -1)
		return -1;
	if (due && record(s, id, "due", c->has_due, c->due, d->due, now,
	    actor, why, err) == -1)
		return -1;
	return 0;
}

static int
apply_locked(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    struct stored *c, int64_t now, const char *actor, const char *why,
    struct xf_deadlines *out, struct xf_err *err)
{
	struct xf_sla_facts f;

	if (read_complaint(s, id, c, err) == -1)
		return -1;
	if (finished(c->status)) {
		out->ack_due = c->has_ack ? c->ack_due : 0;
		out->due = c->has_due ? c->due : 0;
		out->rule = xf_policy_find(&sla->policy, c->category,
		    c->priority);
		return 0;
	}
	if (read_review(s, id, c, err) == -1 ||
	    read_pauses(s, id, c, err) == -1 ||
	    read_extension(s, id, c, err) == -1)
		return -1;
	memset(&f, 0, sizeof(f));
	f.category = c->category;
	f.priority = c->priority;
	f.received_at = c->received_at;
	f.accepted_at = c->accepted_at;
	f.pauses = c->pauses;
	f.npauses = c->npauses;
	f.extension = c->extension;
	f.review_at = c->review_at;
	f.reviews = c->reviews;
	if (xf_sla_compute(sla, &f, out, err) == -1)
		return -1;
	if (c->acked && c->has_ack)
		out->ack_due = c->ack_due;
	return apply_changes(s, sla, id, c, out, now, actor, why, err);
}

int
xf_sla_apply(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    int64_t now, const char *actor, const char *why,
    struct xf_deadlines *out, struct xf_err *err)
{
	struct xf_deadlines mine;
	struct stored *c;
	int rc;

	/* The category alone is 1 KiB: off the stack. */
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return xf_errf(err, "out of memory");
	rc = apply_locked(s, sla, id, c, now, actor, why,
	    out != NULL ? out : &mine, err);
	free(c->pauses);
	free(c);
	return rc;
}

/*
 * Without a policy at hand (a survey's low score reopens by lib alone),
 * the statutory review: 30 calendar days from the reopen, written and
 * recorded as every deadline is.
 */
static int
review_statutory(struct xf_store *s, int64_t id, int64_t now,
    const char *actor, struct stored *c, struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t due = now + (int64_t)XF_REVIEW_DAYS * XF_DAY;
	int rc;

	if (read_complaint(s, id, c, err) == -1)
		return -1;
	if (xf_store_prepare(s, "UPDATE complaint SET due = ?2 WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, due);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "writing a review deadline", err);
	return record(s, id, "due", c->has_due, c->due, due, now, actor,
	    "statutory review (复查): 30 days from the reopen", err);
}

int
xf_sla_review(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    int64_t now, const char *actor, struct xf_err *err)
{
	struct stored *c;
	int rc;

	if (sla != NULL)
		return xf_sla_apply(s, sla, id, now, actor, NULL, NULL, err);
	/* The category alone is 1 KiB: off the stack. */
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return xf_errf(err, "out of memory");
	rc = review_statutory(s, id, now, actor, c, err);
	free(c);
	return rc;
}
