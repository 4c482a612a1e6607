/*
 * report.c: the figures of xf-report(1), recomputed from the event log.
 *
 * A period is [since, until); the report reads the store as it stood at
 * as_of, so the end of what it sees is end = min(until, as_of + 1): an
 * event counts when it was recorded before end, a complaint when it was
 * registered by as_of.  Whatever happens later changes no figure of a
 * past period (xf-report --as-of).
 *
 * Replaying the whole store would cost a report of a week as much as a
 * report of all time, so only three sets of complaints are replayed
 * event by event (xf_report_replay, replay.c's, pure and unit-tested):
 *
 *   P  those with an event in the period (moves, deadlines, ...);
 *   X  those with an event after end: their row is not what it was;
 *   L  open ones whose deadline fell in the period with no event there
 *      (a deadline passed unmet, which no event records).
 *
 * Every other complaint is, at end, as its row is now: the complaints
 * received in the period and the backlog at end are read from their
 * rows (through the received_at index, and complaint_open, which holds
 * the open rows' columns) and the replayed ones skipped there.  Figures
 * are then summed into groups (--by).
 *
 * A store of millions keeps a period's complaints scattered, a page
 * each, so the pass reads each row it needs once and in rowid order:
 * replays in id order, no row of a complaint X holds only because it
 * was received after the period, and the weekly report's volume a day
 * counted in the same pass (issue 13: the weekly report within 3 times
 * a bare GROUP BY of the rows it reads; scripts/bench-scale).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"

#define PERIODS_MAX	1000	/* days, weeks or months one --by may make */
#define KEY_NONE	"none"	/* the group of a complaint without the value */
#define NDID		7	/* the XF_DID_ bits */

static int
is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* --- sets of complaint ids ------------------------------------------- */

struct idset {
	int64_t		*v;		/* 0: an empty slot (ids start at 1) */
	size_t		 n, cap;
};

static size_t
id_hash(int64_t id, size_t cap)
{
	return (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ULL) & (cap - 1);
}

static int
idset_has(const struct idset *s, int64_t id)
{
	size_t i;

	if (s->cap == 0)
		return 0;
	for (i = id_hash(id, s->cap); s->v[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id)
			return 1;
	return 0;
}

static int
idset_add(struct idset *s, int64_t id)
{
	size_t i, j;

	if (idset_has(s, id))
		return 0;
	if (2 * (s->n + 1) > s->cap) {
		struct idset g = { .cap = s->cap ? 2 * s->cap : 1024 };

		if ((g.v = calloc(g.cap, sizeof(*g.v))) == NULL)
			return -1;
		for (j = 0; j < s->cap; j++)
			if (s->v[j] != 0) {
				for (i = id_hash(s->v[j], g.cap); g.v[i] != 0;
				    i = (i + 1) & (g.cap - 1))
					;
				g.v[i] = s->v[j];
			}
		g.n = s->n;
		free(s->v);
		*s = g;
	}
	for (i = id_hash(id, s->cap); s->v[i] != 0; i = (i + 1) & (s->cap - 1))
		;
	s->v[i] = id;
	s->n++;
	return 0;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The ids of s in ascending order, in a new array (NULL when empty). */
static int
idset_sorted(const struct idset *s, int64_t **out)
{
	size_t i, n = 0;

	*out = NULL;
	if (s->n == 0)
		return 0;
	if ((*out = malloc(s->n * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < s->cap; i++)
		if (s->v[i] != 0)
			(*out)[n++] = s->v[i];
	qsort(*out, n, sizeof(**out), cmp_id);
	return 0;
}

static void
idset_free(struct idset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* --- groups of figures ----------------------------------------------- */

struct dvec {
	double		*v;
	size_t		 n, cap;
};

static int
dvec_add(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		double *g = realloc(d->v, cap * sizeof(*g));

		if (g == NULL)
			return -1;
		d->v = g;
		d->cap = cap;
	}
	d->v[d->n++] = x;
	return 0;
}

/* The figures of one group: a period, a category, a handler ... */
struct acc {
	char		*key;
	long		 received;
	long		 did[NDID];		/* by XF_DID_ bit */
	long		 backlog, in_hand, overdue, age[XF_AGE_BUCKETS];
	long		 ack_decided, ack_met, due_decided, due_met;
	long		 review_needed, review_missing;
	long		 reexam_decided, reexam_met, reexam_resolved;
	struct dvec	 ack_h, ack_bh, res_h, res_bh;	/* seconds */
};

enum by {
	BY_NONE, BY_CATEGORY, BY_CHANNEL, BY_TEAM, BY_ASSIGNEE, BY_PRIORITY,
	BY_FLAG, BY_TAG, BY_DAY, BY_WEEK, BY_MONTH
};

static const char *const by_names[] = {
	"period", "category", "channel", "team", "assignee", "priority",
	"flag", "tag", "day", "week", "month",
};

/* Groups of one key, in the order first met; a hash finds them. */
struct groups {
	enum by		 by;
	struct acc	*g;
	size_t		 n, cap;
	size_t		*slot;		/* index + 1, 0 empty */
	size_t		 nslot;
};

static size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037ULL & SIZE_MAX;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
groups_rehash(struct groups *gs)
{
	size_t i, j, n = gs->nslot ? 2 * gs->nslot : 64;
	size_t *slot = calloc(n, sizeof(*slot));

	if (slot == NULL)
		return -1;
	for (i = 0; i < gs->n; i++) {
		for (j = str_hash(gs->g[i].key) & (n - 1); slot[j] != 0;
		    j = (j + 1) & (n - 1))
			;
		slot[j] = i + 1;
	}
	free(gs->slot);
	gs->slot = slot;
	gs->nslot = n;
	return 0;
}

static struct acc *
group(struct groups *gs, const char *key)
{
	struct acc *a;
	size_t j;

	if (key == NULL || *key == '\0')
		key = KEY_NONE;
	if (gs->nslot != 0)
		for (j = str_hash(key) & (gs->nslot - 1); gs->slot[j] != 0;
		    j = (j + 1) & (gs->nslot - 1))
			if (strcmp(gs->g[gs->slot[j] - 1].key, key) == 0)
				return &gs->g[gs->slot[j] - 1];
	if (gs->n == gs->cap) {
		size_t cap = gs->cap ? 2 * gs->cap : 16;

		if ((a = realloc(gs->g, cap * sizeof(*a))) == NULL)
			return NULL;
		gs->g = a;
		gs->cap = cap;
	}
	a = &gs->g[gs->n];
	memset(a, 0, sizeof(*a));
	if ((a->key = strdup(key)) == NULL)
		return NULL;
	gs->n++;
	if (2 * gs->n > gs->nslot)
		return groups_rehash(gs) == -1 ? NULL : &gs->g[gs->n - 1];
	for (j = str_hash(key) & (gs->nslot - 1); gs->slot[j] != 0;
	    j = (j + 1) & (gs->nslot - 1))
		;
	gs->slot[j] = gs->n;
	return a;
}

static void
groups_free(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].ack_h.v);
		free(gs->g[i].ack_bh.v);
		free(gs->g[i].res_h.v);
		free(gs->g[i].res_bh.v);
	}
	free(gs->g);
	free(gs->slot);
	memset(gs, 0, sizeof(*gs));
}

static int
by_parse(const char *word, enum by *out)
{
	size_t i;

	for (i = 1; i < nitems(by_names); i++)
		if (strcmp(word, by_names[i]) == 0) {
			*out = (enum by)i;
			return 0;
		}
	return -1;
}

static int
by_time(enum by by)
{
	return by == BY_DAY || by == BY_WEEK || by == BY_MONTH;
}

/* --- one period's pass over the store -------------------------------- */

/* What a pass must work out. */
#define NEED_STATE	0x1	/* the backlog at end, and deadlines lapsed */
#define NEED_KEYS	0x2	/* values at end: a grouping by one of them */

/*
 * The period's local days, for a pass that also counts its volume a
 * day (weekly): what a pass of each day would count, filled by the
 * period's one pass.  Day i is [start[i], start[i + 1]), its end that
 * or as_of + 1 when sooner, as a pass of its own would have it.
 */
struct days {
	struct groups	*gs;		/* BY_DAY, a group a day */
	int64_t		*start;		/* n + 1 bounds */
	char		(*label)[XF_TIMELEN];
	size_t		 n;
	unsigned	*did;		/* a complaint's moves a day */
};

/* A complaint as the figures see it: its values at end. */
struct view {
	int64_t		 id;		/* its tags, for --by tag */
	int64_t		 received_at;
	const char	*status, *category, *channel, *team, *assignee,
			*priority, *flags;
	int64_t		 ack_at, ack_due, due;
};

struct engine {
	struct xf_store	*s;
	const struct xf_report_opts *o;
	int64_t		 since, until, end;
	const char	*label;		/* the group of BY_NONE and times */
	struct groups	*gs;		/* ngs groupings filled at once */
	size_t		 ngs;
	unsigned	 need;
	struct idset	 replay;	/* P, X and L */
	struct idset	 must;		/* P and L: replayed whatever their
					 * received_at */
	struct days	*days;		/* NULL, or the volume a day */
	sqlite3_stmt	*tags;		/* a complaint's tags (--by tag) */
	struct xf_err	*err;
};

static int
oom(struct engine *g)
{
	return xf_errf(g->err, "out of memory");
}

/* The key of v in grouping by; flags are split by the caller. */
static const char *
key_of(const struct engine *g, enum by by, const struct view *v)
{
	switch (by) {
	case BY_CATEGORY:
		return v->category;
	case BY_CHANNEL:
		return v->channel;
	case BY_TEAM:
		return v->team;
	case BY_ASSIGNEE:
		return v->assignee;
	case BY_PRIORITY:
		return v->priority;
	default:
		return g->label;
	}
}

typedef int (*add_fn)(struct engine *, struct acc *, const struct view *,
    const void *);

static const char *text(sqlite3_stmt *st, int i);

/*
 * --by tag: fn on the group of each tag v has now, or on "none".  The
 * tags as they stand, not as at the period's end: the tag table holds
 * no past (the "tag" events do, and a report that needs it can replay
 * them in time).  One lookup a complaint, through the tag table's key.
 */
static int
each_tag(struct engine *g, struct groups *gs, const struct view *v,
    add_fn fn, const void *arg)
{
	struct acc *a;
	int rc, any = 0;

	if (g->tags == NULL && xf_store_prepare(g->s, "SELECT tag FROM tag"
	    " WHERE complaint_id = ?1 ORDER BY tag", &g->tags, g->err) == -1)
		return -1;
	sqlite3_bind_int64(g->tags, 1, v->id);
	while ((rc = sqlite3_step(g->tags)) == SQLITE_ROW) {
		any = 1;
		if ((a = group(gs, text(g->tags, 0))) == NULL) {
			sqlite3_reset(g->tags);
			return oom(g);
		}
		if (fn(g, a, v, arg) == -1) {
			sqlite3_reset(g->tags);
			return -1;
		}
	}
	sqlite3_reset(g->tags);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading tags", g->err);
	if (any)
		return 0;
	if ((a = group(gs, KEY_NONE)) == NULL)
		return oom(g);
	return fn(g, a, v, arg);
}

/* fn on every group v belongs to, in every grouping. */
static int
each_group(struct engine *g, const struct view *v, add_fn fn,
    const void *arg)
{
	char one[256];
	struct acc *a;
	size_t i, len;
	const char *p, *q;

	for (i = 0; i < g->ngs; i++) {
		if (g->gs[i].by == BY_TAG) {
			if (each_tag(g, &g->gs[i], v, fn, arg) == -1)
				return -1;
			continue;
		}
		if (g->gs[i].by != BY_FLAG) {
			if ((a = group(&g->gs[i], key_of(g, g->gs[i].by, v))) ==
			    NULL)
				return oom(g);
			if (fn(g, a, v, arg) == -1)
				return -1;
			continue;
		}
		p = v->flags != NULL ? v->flags : "";
		do {
			q = strchr(p, ',');
			len = q != NULL ? (size_t)(q - p) : strlen(p);
			if (len >= sizeof(one))
				len = sizeof(one) - 1;
			memcpy(one, p, len);
			one[len] = '\0';
			if ((a = group(&g->gs[i], one)) == NULL)
				return oom(g);
			if (fn(g, a, v, arg) == -1)
				return -1;
			p = q != NULL ? q + 1 : NULL;
		} while (p != NULL);
	}
	return 0;
}

static int
add_received(struct engine *g, struct acc *a, const struct view *v,
    const void *arg)
{
	(void)g;
	(void)v;
	(void)arg;
	a->received++;
	return 0;
}

/* The backlog at end: open then; in hand, overdue and age. */
static int
add_state(struct engine *g, struct acc *a, const struct view *v,
    const void *arg)
{
	int64_t end = g->end;

	(void)arg;
	a->backlog++;
	a->age[xf_age_bucket(end - v->received_at)]++;
	if (!xf_status_in_hand(v->status))
		return 0;
	a->in_hand++;
	if (!is(v->status, "waiting") && ((v->ack_at == 0 && v->ack_due != 0 &&
	    v->ack_due < end) || (v->due != 0 && v->due < end)))
		a->overdue++;
	return 0;
}

static double
hours_between(const struct engine *g, int64_t a, int64_t b, int business)
{
	if (b < a)
		b = a;
	if (!business)
		return (double)(b - a);
	return (double)xf_business_between(&g->o->sla->cal, a, b);
}

/* What a replayed complaint did in the period. */
static int
add_fact(struct engine *g, struct acc *a, const struct view *v,
    const void *arg)
{
	const struct xf_rfact *f = arg;
	size_t b;
	int in;

	for (b = 0; b < NDID; b++)
		if (f->did & (1u << b))
			a->did[b]++;
	if (f->ack_decided != 0 && f->ack_decided >= g->since &&
	    f->ack_decided < g->end) {
		a->ack_decided++;
		a->ack_met += f->ack_met;
	}
	if (f->due_decided != 0 && f->due_decided >= g->since &&
	    f->due_decided < g->end) {
		a->due_decided++;
		a->due_met += f->due_met;
	}
	a->review_needed += f->review_needed;
	a->review_missing += f->review_missing;
	a->reexam_decided += f->reexam_decided;
	a->reexam_met += f->reexam_met;
	a->reexam_resolved += f->reexam_resolved;
	in = f->ack_at != 0 && f->ack_at >= g->since && f->ack_at < g->end;
	if (in && (dvec_add(&a->ack_h, hours_between(g, v->received_at,
	    f->ack_at, 0)) == -1 || (g->o->sla != NULL && dvec_add(&a->ack_bh,
	    hours_between(g, v->received_at, f->ack_at, 1)) == -1)))
		return oom(g);
	in = f->resolved_at != 0 && f->resolved_at >= g->since &&
	    f->resolved_at < g->end;
	if (in && (dvec_add(&a->res_h, hours_between(g, v->received_at,
	    f->resolved_at, 0)) == -1 || (g->o->sla != NULL &&
	    dvec_add(&a->res_bh, hours_between(g, v->received_at,
	    f->resolved_at, 1)) == -1)))
		return oom(g);
	return 0;
}

/* --- the volume a day, in the period's pass ---------------------------- */

/* The day t falls on, or (size_t)-1 outside the days. */
static size_t
day_at(const struct days *d, int64_t t)
{
	size_t lo = 0, hi = d->n, mid;

	if (d->n == 0 || t < d->start[0] || t >= d->start[d->n])
		return (size_t)-1;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (d->start[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* A complaint received at t in its day: a day that starts after as_of
 * counts nothing, as its own pass would not. */
static int
day_received(struct engine *g, int64_t t)
{
	struct days *d = g->days;
	struct acc *a;
	size_t k;

	if (d == NULL || (k = day_at(d, t)) == (size_t)-1 ||
	    d->start[k] > g->o->as_of)
		return 0;
	if ((a = group(d->gs, d->label[k])) == NULL)
		return oom(g);
	a->received++;
	return 0;
}

/*
 * The moves of a replayed complaint a day: each of its days counts it
 * once a move, as count_moves does a day's events.  Every complaint
 * with a move in the period is replayed (ids_between leaves out only
 * the kinds that make none), so no day misses one.
 */
static int
day_moves(struct engine *g, const struct xf_rev *ev, size_t n)
{
	struct days *d = g->days;
	struct acc *a;
	size_t i, k, b;

	if (d == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (ev[i].at >= g->since && ev[i].at < g->end &&
		    (k = day_at(d, ev[i].at)) != (size_t)-1)
			d->did[k] |= xf_report_did(&ev[i]);
	/* Each day once, and its bits cleared for the next complaint. */
	for (i = 0; i < n; i++) {
		if (ev[i].at < g->since || ev[i].at >= g->end ||
		    (k = day_at(d, ev[i].at)) == (size_t)-1 || d->did[k] == 0)
			continue;
		if ((a = group(d->gs, d->label[k])) == NULL)
			return oom(g);
		for (b = 0; b < NDID; b++)
			if (d->did[k] & (1u << b))
				a->did[b]++;
		d->did[k] = 0;
	}
	return 0;
}

/* The ids of complaints with an event in [lo, hi) into the replay set:
 * creation and notes change nothing a figure reads. */
static int
ids_between(struct engine *g, int64_t lo, int64_t hi, int must)
{
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	if (xf_store_prepare(g->s, "SELECT complaint_id FROM event"
	    " WHERE at >= ?1 AND at < ?2 AND complaint_id IS NOT NULL"
	    " AND kind <> 'created' AND kind <> 'note' AND kind <> 'message'"
	    " AND kind <> 'followup'", &st, g->err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (idset_add(&g->replay, id) == -1 ||
		    (must && idset_add(&g->must, id) == -1)) {
			sqlite3_finalize(st);
			return oom(g);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading the events of the period",
		    g->err);
	return 0;
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Columns 1.. of a complaint row as a view (column 0 is its id). */
#define ROW_COLS	"id, received_at, status, category, channel, team," \
			" assignee, priority, flags, first_response_at," \
			" ack_due, due"

static void
row_view(sqlite3_stmt *st, struct view *v)
{
	v->id = sqlite3_column_int64(st, 0);
	v->received_at = sqlite3_column_int64(st, 1);
	v->status = text(st, 2);
	v->category = text(st, 3);
	v->channel = text(st, 4);
	v->team = text(st, 5);
	v->assignee = text(st, 6);
	v->priority = text(st, 7);
	v->flags = text(st, 8);
	v->ack_at = sqlite3_column_int64(st, 9);
	v->ack_due = sqlite3_column_int64(st, 10);
	v->due = sqlite3_column_int64(st, 11);
}

/* The ids received in the period that no replay covers, sorted. */
static int
received_ids(struct engine *g, int64_t **ids, size_t *n)
{
	struct idset want = { 0 };
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	*ids = NULL;
	*n = 0;
	if (xf_store_prepare(g->s, "SELECT id FROM complaint"
	    " WHERE received_at >= ?1 AND received_at < ?2", &st,
	    g->err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, g->since);
	sqlite3_bind_int64(st, 2, g->until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!idset_has(&g->replay, id = sqlite3_column_int64(st, 0)) &&
		    idset_add(&want, id) == -1)
			break;
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || (rc == SQLITE_DONE &&
	    idset_sorted(&want, ids) == -1)) {
		idset_free(&want);
		return oom(g);
	}
	*n = want.n;
	idset_free(&want);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading the complaints received",
		    g->err);
	return 0;
}

/*
 * The complaints received in the period, registered by as_of, that no
 * replay covers: as their rows are now.  Their ids come from
 * complaint_received alone, and only the rows not replayed are read,
 * in rowid order: most of a period's complaints are replayed (they
 * were accepted in it), and each row read is a page of a big store.
 */
static int
scan_received(struct engine *g)
{
	sqlite3_stmt *st;
	struct view v;
	int64_t *ids;
	size_t i, n;
	int rc = SQLITE_DONE;

	if (received_ids(g, &ids, &n) == -1)
		return -1;
	if (xf_store_prepare(g->s, "SELECT " ROW_COLS " FROM complaint"
	    " WHERE id = ?1 AND registered_at <= ?2", &st, g->err) == -1) {
		free(ids);
		return -1;
	}
	sqlite3_bind_int64(st, 2, g->o->as_of);
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			row_view(st, &v);
			if (each_group(g, &v, add_received, NULL) == -1 ||
			    day_received(g, v.received_at) == -1)
				break;
			rc = SQLITE_DONE;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(ids);
	if (rc == SQLITE_ROW)
		return -1;
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading the complaints received",
		    g->err);
	return 0;
}

/* 1 when a deadline of v fell in the period unmet: replay it (L). */
static int
lapsed_in(const struct engine *g, const struct view *v)
{
	int ack = v->ack_at == 0 && v->ack_due >= g->since &&
	    v->ack_due < g->end && v->ack_due != 0;
	int due = v->due >= g->since && v->due < g->end && v->due != 0;

	return xf_status_in_hand(v->status) && (ack || due);
}

/*
 * The backlog at end from the rows open now that no replay covers (a
 * row with no event since end is as it was then).  Open rows whose
 * deadline fell in the period join the replay set instead.  Read from
 * complaint_open alone (schema 8), whose WHERE is XF_OPEN_EXCEPT_SQL
 * and which holds every column read here: the open rows lie scattered
 * over a big store, a page each.  "+received_at" keeps the planner off
 * the received_at index, which ANALYZE's statistics can make it prefer
 * and which here would walk the whole store (most rows are received
 * before end; few are open).
 */
static int
scan_backlog(struct engine *g)
{
	sqlite3_stmt *st;
	struct view v;
	int64_t id;
	int rc;

	if (xf_store_prepare(g->s, "SELECT " ROW_COLS " FROM complaint"
	    " WHERE " XF_OPEN_EXCEPT_SQL " AND +received_at < ?1"
	    " AND registered_at <= ?2", &st, g->err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, g->end);
	sqlite3_bind_int64(st, 2, g->o->as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (idset_has(&g->replay, id))
			continue;
		row_view(st, &v);
		if (lapsed_in(g, &v)) {
			if (idset_add(&g->replay, id) == -1 ||
			    idset_add(&g->must, id) == -1)
				rc = oom(g);
			else
				continue;
		} else
			rc = each_group(g, &v, add_state, NULL);
		if (rc == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading the backlog", g->err);
	return 0;
}

/* One complaint's events, their strings copied. */
struct history {
	struct xf_rev	*ev;
	size_t		 n, cap;
};

static void
history_clear(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free((char *)h->ev[i].kind);
		free((char *)h->ev[i].field);
		free((char *)h->ev[i].old);
		free((char *)h->ev[i].new);
	}
	h->n = 0;
}

static char *
dup_col(sqlite3_stmt *st, int i, int *bad)
{
	const char *s = text(st, i);
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*bad = 1;
	return d;
}

static int
history_read(struct engine *g, sqlite3_stmt *st, int64_t id,
    struct history *h)
{
	struct xf_rev *e;
	int rc, bad = 0;

	history_clear(h);
	sqlite3_bind_int64(st, 1, id);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (h->n == h->cap) {
			size_t cap = h->cap ? 2 * h->cap : 32;

			if ((e = realloc(h->ev, cap * sizeof(*e))) == NULL) {
				bad = 1;
				break;
			}
			h->ev = e;
			h->cap = cap;
		}
		e = &h->ev[h->n++];
		e->at = sqlite3_column_int64(st, 0);
		e->kind = dup_col(st, 1, &bad);
		e->field = dup_col(st, 2, &bad);
		e->old = dup_col(st, 3, &bad);
		e->new = dup_col(st, 4, &bad);
	}
	if (bad) {
		sqlite3_reset(st);
		return oom(g);
	}
	if (rc != SQLITE_DONE) {
		xf_store_fail(g->s, "reading a history", g->err);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* 1 when h merged its complaint into another by end: from then on
 * the survivor carries the matter, and the merged one is in no figure
 * (xf-report(1)), so that one matter is not counted twice. */
static int
merged_by(const struct history *h, int64_t end)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->ev[i].at < end && h->ev[i].kind != NULL &&
		    strcmp(h->ev[i].kind, "merge") == 0 &&
		    h->ev[i].field != NULL &&
		    strcmp(h->ev[i].field, "status") == 0)
			return 1;
	return 0;
}

/* Replays one complaint whose row st holds, and sums it in. */
static int
replay_one(struct engine *g, sqlite3_stmt *row, const struct history *h)
{
	struct xf_rrow r = { 0 };	/* lang: no report reads it */
	struct xf_rfact f;
	struct view v;

	if (merged_by(h, g->end))
		return 0;
	row_view(row, &v);
	r.received_at = v.received_at;
	r.status = v.status;
	r.category = v.category;
	r.team = v.team;
	r.assignee = v.assignee;
	r.priority = v.priority;
	r.flags = v.flags;
	r.ack_due = v.ack_due;
	r.due = v.due;
	xf_report_replay(&r, h->ev, h->n, g->since, g->end, &f);
	v.status = f.status;
	v.category = f.category;
	v.team = f.team;
	v.assignee = f.assignee;
	v.priority = f.priority;
	v.flags = f.flags;
	v.ack_at = f.ack_at;
	v.ack_due = f.ack_due;
	v.due = f.due;
	if (v.received_at >= g->since && v.received_at < g->until &&
	    (each_group(g, &v, add_received, NULL) == -1 ||
	    day_received(g, v.received_at) == -1))
		return -1;
	if (day_moves(g, h->ev, h->n) == -1)
		return -1;
	if ((g->need & NEED_STATE) && v.received_at < g->end &&
	    xf_status_open(v.status) && each_group(g, &v, add_state,
	    NULL) == -1)
		return -1;
	return each_group(g, &v, add_fact, &f);
}

/*
 * Marks in skip those of ids (sorted) received at or after until that
 * are not P or L: changed after end, they are in no figure of the
 * period, and replay_all skips them without reading their rows, a page
 * each.  Most complaints received after a past period are changed
 * after it too (accepted, resolved ...): at 1,000,000 complaints, a
 * week six weeks back, 10,400 of its 22,600 replays.  Their ids come
 * from complaint_received alone, and are looked up in ids, not kept.
 */
static int
skip_late(struct engine *g, const int64_t *ids, size_t n,
    unsigned char *skip)
{
	sqlite3_stmt *st;
	const int64_t *at;
	int64_t id;
	int rc;

	if (g->must.n == n)	/* nothing but P and L */
		return 0;
	if (xf_store_prepare(g->s, "SELECT id FROM complaint"
	    " WHERE received_at >= ?1", &st, g->err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, g->until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if ((at = bsearch(&id, ids, n, sizeof(*ids), cmp_id)) !=
		    NULL && !idset_has(&g->must, id))
			skip[at - ids] = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading the complaints received "
		    "since", g->err);
	return 0;
}

static int
replay_all(struct engine *g)
{
	sqlite3_stmt *row = NULL, *evs = NULL;
	struct history h = { 0 };
	int64_t *ids = NULL;
	unsigned char *skip = NULL;
	size_t i;
	int rc = 0, step, must;

	/* A complaint changed only after end and received after the
	 * period is in no figure of it: its row says so, its history
	 * is not read.  A report of a week long past has many. */
	if (xf_store_prepare(g->s, "SELECT " ROW_COLS " FROM complaint"
	    " WHERE id = ?1 AND registered_at <= ?2 AND received_at < ?3",
	    &row, g->err) == -1 ||
	    xf_store_prepare(g->s, "SELECT at, kind, field, old, new"
	    " FROM event WHERE complaint_id = ?1 ORDER BY id", &evs,
	    g->err) == -1) {
		sqlite3_finalize(row);
		return -1;
	}
	/* In id order: a complaint's row, index entries and events lie
	 * near the next one's, so the pages one read brings in serve the
	 * next (at 1,000,000 complaints, 22,000 replayed: 0.16 s of CPU
	 * against 0.23 s in the hash's order; 0.10 s against 0.33 s
	 * where each complaint's events lie in several runs). */
	if (idset_sorted(&g->replay, &ids) == -1 || (g->replay.n > 0 &&
	    (skip = calloc(g->replay.n, 1)) == NULL))
		rc = oom(g);
	else
		rc = skip_late(g, ids, g->replay.n, skip);
	for (i = 0; i < g->replay.n && rc == 0; i++) {
		if (skip[i])
			continue;	/* late: its received_at fails ?3 */
		must = idset_has(&g->must, ids[i]);
		sqlite3_bind_int64(row, 1, ids[i]);
		sqlite3_bind_int64(row, 2, g->o->as_of);
		sqlite3_bind_int64(row, 3, must ? INT64_MAX : g->until);
		step = sqlite3_step(row);
		if (step == SQLITE_ROW)
			rc = history_read(g, evs, ids[i], &h) == -1 ? -1 :
			    replay_one(g, row, &h);
		else if (step != SQLITE_DONE)
			rc = xf_store_fail(g->s, "reading a complaint", g->err);
		sqlite3_reset(row);
	}
	free(ids);
	free(skip);
	history_clear(&h);
	free(h.ev);
	sqlite3_finalize(row);
	sqlite3_finalize(evs);
	return rc;
}

/*
 * The moves of the period, for a pass that needs no complaint's state
 * (a volume by day): each event says what it did, so they are counted
 * from the period's events alone, a complaint once however many it
 * made, with no history read.
 */
static int
count_moves(struct engine *g)
{
	struct xf_rfact f;
	struct xf_rev e;
	struct view v = { 0 };
	sqlite3_stmt *st;
	int64_t id, last = 0;
	int rc;

	if (xf_store_prepare(g->s, "SELECT e.complaint_id, e.kind, e.field,"
	    " e.new FROM event e JOIN complaint c ON c.id = e.complaint_id"
	    " WHERE e.at >= ?1 AND e.at < ?2 AND c.registered_at <= ?3"
	    " ORDER BY e.complaint_id", &st, g->err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, g->since);
	sqlite3_bind_int64(st, 2, g->end);
	sqlite3_bind_int64(st, 3, g->o->as_of);
	memset(&f, 0, sizeof(f));
	memset(&e, 0, sizeof(e));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (id != last && f.did != 0 &&
		    each_group(g, &v, add_fact, &f) == -1)
			break;
		if (id != last)
			f.did = 0;
		last = id;
		e.kind = text(st, 1);
		e.field = text(st, 2);
		e.new = text(st, 3);
		f.did |= xf_report_did(&e);
	}
	if (rc == SQLITE_ROW) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(g->s, "reading the moves of the period",
		    g->err);
	return f.did != 0 ? each_group(g, &v, add_fact, &f) : 0;
}

/* One pass: [since, until) into the groupings of g. */
static int
pass(struct engine *g, int64_t since, int64_t until, const char *label)
{
	size_t i;
	int rc;

	g->since = since;
	g->until = until;
	g->end = until < g->o->as_of + 1 ? until : g->o->as_of + 1;
	g->label = label;
	idset_free(&g->replay);
	idset_free(&g->must);
	/* A day with nothing is a row of zeros, not a gap in the trend. */
	for (i = 0; i < g->ngs; i++)
		if ((g->gs[i].by == BY_NONE || by_time(g->gs[i].by)) &&
		    group(&g->gs[i], label) == NULL)
			return oom(g);
	for (i = 0; g->days != NULL && i < g->days->n; i++)
		if (group(g->days->gs, g->days->label[i]) == NULL)
			return oom(g);
	if (g->end <= since)	/* as_of before the period: nothing yet */
		return 0;
	if (g->need == 0) {
		rc = scan_received(g);
		return rc == 0 ? count_moves(g) : -1;
	}
	rc = ids_between(g, since, g->end, 1);
	if (rc == 0 && (g->need & (NEED_STATE | NEED_KEYS)))
		rc = ids_between(g, g->end, INT64_MAX, 0);
	if (rc == 0 && (g->need & NEED_STATE))
		rc = scan_backlog(g);
	if (rc == 0)
		rc = scan_received(g);
	if (rc == 0)
		rc = replay_all(g);
	idset_free(&g->replay);
	idset_free(&g->must);
	sqlite3_finalize(g->tags);	/* prepared again by the next pass */
	g->tags = NULL;
	return rc;
}

/* --- periods: the period's label, and its days, weeks, months -------- */

/* YYYY-MM-DD (YYYY-MM for a month) of t, local time. */
static void
date_label(int64_t t, enum by by, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "%lld", (long long)t);
		return;
	}
	if (by == BY_WEEK) {
		tm.tm_mday -= (tm.tm_wday + 6) % 7;	/* back to Monday */
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		tt = mktime(&tm);
		localtime_r(&tt, &tm);
	}
	strftime(buf, len, by == BY_MONTH ? "%Y-%m" : "%Y-%m-%d", &tm);
}

/* The start of the day, week or month after the one t is in. */
static int64_t
next_start(int64_t t, enum by by)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int64_t out;

	if (localtime_r(&tt, &tm) == NULL)
		return INT64_MAX;
	if (by == BY_DAY)
		tm.tm_mday += 1;
	else if (by == BY_WEEK)
		tm.tm_mday += 7 - (tm.tm_wday + 6) % 7;
	else {
		tm.tm_mday = 1;
		tm.tm_mon += 1;
	}
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (xf_local_mktime(&tm, &out) == -1 || out <= t)
		return INT64_MAX;
	return out;
}

/* The label of the whole period: its first day, or its first moment
 * when it does not start at midnight. */
static void
period_label(int64_t since, char *buf, size_t len)
{
	if (xf_local_midnight(since))
		date_label(since, BY_DAY, buf, len);
	else
		xf_time_format(since, buf, len);
}

/*
 * Fills g's groupings over the report's period: one pass, or with a
 * time grouping one pass a day, week or month, each its own period with
 * its own end (the backlog at the end of each day, say).
 */
static int
run(struct engine *g, enum by tby)
{
	char label[XF_TIMELEN];
	int64_t t, next;
	int n = 0;

	if (!by_time(tby)) {
		period_label(g->o->since, label, sizeof(label));
		return pass(g, g->o->since, g->o->until, label);
	}
	for (t = g->o->since; t < g->o->until; t = next) {
		if (++n > PERIODS_MAX)
			return xf_errf(g->err, "--by %s: more than %d %ss in "
			    "the period", by_names[tby], PERIODS_MAX,
			    by_names[tby]);
		next = next_start(t, tby);
		if (next > g->o->until)
			next = g->o->until;
		date_label(t, tby, label, sizeof(label));
		if (pass(g, t, next, label) == -1)
			return -1;
	}
	return 0;
}

static void
days_free(struct days *d)
{
	free(d->start);
	free(d->label);
	free(d->did);
	memset(d, 0, sizeof(*d));
}

/* The local days of the report's period, for its volume a day. */
static int
days_init(struct days *d, struct groups *gs, const struct xf_report_opts *o,
    struct xf_err *err)
{
	int64_t t, next;
	size_t n = 0;

	memset(d, 0, sizeof(*d));
	d->gs = gs;
	for (t = o->since; t < o->until; t = next) {
		if (++n > PERIODS_MAX)
			return xf_errf(err, "--by %s: more than %d %ss in "
			    "the period", by_names[BY_DAY], PERIODS_MAX,
			    by_names[BY_DAY]);
		if ((next = next_start(t, BY_DAY)) > o->until)
			next = o->until;
	}
	if ((d->start = malloc((n + 1) * sizeof(*d->start))) == NULL ||
	    (d->label = malloc(n * sizeof(*d->label))) == NULL ||
	    (d->did = calloc(n, sizeof(*d->did))) == NULL)
		return xf_errf(err, "out of memory");
	for (t = o->since; d->n < n; t = next) {
		if ((next = next_start(t, BY_DAY)) > o->until)
			next = o->until;
		d->start[d->n] = t;
		date_label(t, BY_DAY, d->label[d->n], sizeof(d->label[d->n]));
		d->n++;
	}
	d->start[n] = o->until;
	return 0;
}

/* --- tables ------------------------------------------------------------ */

/* The figures a table may show, by column name. */
enum fig {
	F_RECEIVED, F_ACCEPTED, F_REJECTED, F_RESOLVED, F_CLOSED, F_REOPENED,
	F_REOPEN_RATE, F_EXTENDED, F_ESCALATED, F_BACKLOG, F_IN_HAND,
	F_OVERDUE, F_LOAD, F_AGE0, F_AGE1, F_AGE2, F_AGE3, F_AGE4, F_AGE5,
	F_AGE6, F_ACK_DECIDED, F_ACK_MET, F_ACK_MISSED, F_ACK_PCT,
	F_RES_DECIDED, F_RES_MET, F_RES_MISSED, F_RES_PCT, F_ACK_MED_H,
	F_ACK_P90_H, F_ACK_MED_BH, F_ACK_P90_BH, F_RES_MED_H, F_RES_P90_H,
	F_RES_MED_BH, F_RES_P90_BH, F_REVIEW_NEEDED, F_REVIEW_MISSING,
	F_REVIEW_PCT, F_REX_RESOLVED, F_REX_DECIDED, F_REX_MET, F_REX_MISSED,
	F_REX_PCT, NFIG
};

static const char *const fig_names[NFIG] = {
	"received", "accepted", "rejected", "resolved", "closed", "reopened",
	"reopen_rate_pct", "extended", "escalated", "backlog", "in_hand",
	"overdue", "load", "age_0_1d", "age_1_3d", "age_3_7d", "age_7_15d",
	"age_15_30d", "age_30_60d", "age_60d_plus", "ack_decided", "ack_met",
	"ack_missed", "ack_on_time_pct", "resolve_decided", "resolve_met",
	"resolve_missed", "resolve_on_time_pct", "ack_median_h",
	"ack_p90_h", "ack_median_bh", "ack_p90_bh", "resolve_median_h",
	"resolve_p90_h", "resolve_median_bh", "resolve_p90_bh",
	"review_needed", "review_missing", "review_coverage_pct",
	"reexam_resolved", "reexam_decided", "reexam_met", "reexam_missed",
	"reexam_on_time_pct",
};

/* The XF_DID_ bit's index in acc.did. */
static long
did_count(const struct acc *a, unsigned bit)
{
	size_t b;

	for (b = 0; b < NDID; b++)
		if (bit == (1u << b))
			return a->did[b];
	return 0;
}

static void
put_num(char *buf, size_t len, long n)
{
	snprintf(buf, len, "%ld", n);
}

/* part of whole in percent with a decimal; absent when whole is 0. */
static const char *
put_pct(char *buf, size_t len, long part, long whole)
{
	if (whole == 0)
		return NULL;
	snprintf(buf, len, "%.1f", 100.0 * (double)part / (double)whole);
	return buf;
}

/* The p-th percentile of d in hours, a decimal; absent when empty. */
static const char *
put_hours(char *buf, size_t len, struct dvec *d, int p)
{
	if (d->n == 0)
		return NULL;
	snprintf(buf, len, "%.1f", xf_percentile(d->v, d->n, p) / XF_HOUR);
	return buf;
}

static const char *
cell(struct acc *a, enum fig f, char *buf, size_t len)
{
	long res = did_count(a, XF_DID_RESOLVE);

	switch (f) {
	case F_RECEIVED: put_num(buf, len, a->received); break;
	case F_ACCEPTED: put_num(buf, len, did_count(a, XF_DID_ACCEPT)); break;
	case F_REJECTED: put_num(buf, len, did_count(a, XF_DID_REJECT)); break;
	case F_RESOLVED: put_num(buf, len, res); break;
	case F_CLOSED: put_num(buf, len, did_count(a, XF_DID_CLOSE)); break;
	case F_REOPENED: put_num(buf, len, did_count(a, XF_DID_REOPEN)); break;
	case F_REOPEN_RATE:
		return put_pct(buf, len, did_count(a, XF_DID_REOPEN), res);
	case F_EXTENDED: put_num(buf, len, did_count(a, XF_DID_EXTEND)); break;
	case F_ESCALATED:
		put_num(buf, len, did_count(a, XF_DID_ESCALATE));
		break;
	case F_BACKLOG: put_num(buf, len, a->backlog); break;
	case F_IN_HAND: case F_LOAD: put_num(buf, len, a->in_hand); break;
	case F_OVERDUE: put_num(buf, len, a->overdue); break;
	case F_AGE0: case F_AGE1: case F_AGE2: case F_AGE3: case F_AGE4:
	case F_AGE5: case F_AGE6:
		put_num(buf, len, a->age[f - F_AGE0]);
		break;
	case F_ACK_DECIDED: put_num(buf, len, a->ack_decided); break;
	case F_ACK_MET: put_num(buf, len, a->ack_met); break;
	case F_ACK_MISSED: put_num(buf, len, a->ack_decided - a->ack_met); break;
	case F_ACK_PCT: return put_pct(buf, len, a->ack_met, a->ack_decided);
	case F_RES_DECIDED: put_num(buf, len, a->due_decided); break;
	case F_RES_MET: put_num(buf, len, a->due_met); break;
	case F_RES_MISSED: put_num(buf, len, a->due_decided - a->due_met); break;
	case F_RES_PCT: return put_pct(buf, len, a->due_met, a->due_decided);
	case F_ACK_MED_H: return put_hours(buf, len, &a->ack_h, 50);
	case F_ACK_P90_H: return put_hours(buf, len, &a->ack_h, 90);
	case F_ACK_MED_BH: return put_hours(buf, len, &a->ack_bh, 50);
	case F_ACK_P90_BH: return put_hours(buf, len, &a->ack_bh, 90);
	case F_RES_MED_H: return put_hours(buf, len, &a->res_h, 50);
	case F_RES_P90_H: return put_hours(buf, len, &a->res_h, 90);
	case F_RES_MED_BH: return put_hours(buf, len, &a->res_bh, 50);
	case F_RES_P90_BH: return put_hours(buf, len, &a->res_bh, 90);
	case F_REVIEW_NEEDED: put_num(buf, len, a->review_needed); break;
	case F_REVIEW_MISSING: put_num(buf, len, a->review_missing); break;
	case F_REVIEW_PCT:
		return put_pct(buf, len, a->review_needed - a->review_missing,
		    a->review_needed);
	case F_REX_RESOLVED: put_num(buf, len, a->reexam_resolved); break;
	case F_REX_DECIDED: put_num(buf, len, a->reexam_decided); break;
	case F_REX_MET: put_num(buf, len, a->reexam_met); break;
	case F_REX_MISSED:
		put_num(buf, len, a->reexam_decided - a->reexam_met);
		break;
	case F_REX_PCT:
		return put_pct(buf, len, a->reexam_met, a->reexam_decided);
	default:
		return NULL;
	}
	return buf;
}

#define MAXCOLS	48

static const enum fig summary_figs[] = {
	F_RECEIVED, F_ACCEPTED, F_REJECTED, F_RESOLVED, F_CLOSED, F_REOPENED,
	F_REOPEN_RATE, F_BACKLOG, F_IN_HAND, F_OVERDUE, F_ACK_DECIDED,
	F_ACK_PCT, F_RES_DECIDED, F_RES_PCT, F_ACK_MED_H, F_ACK_P90_H,
	F_ACK_MED_BH, F_ACK_P90_BH, F_RES_MED_H, F_RES_P90_H, F_RES_MED_BH,
	F_RES_P90_BH, F_EXTENDED, F_ESCALATED, F_REVIEW_NEEDED,
	F_REVIEW_MISSING, F_REVIEW_PCT, F_REX_RESOLVED, F_REX_DECIDED,
	F_REX_MET, F_REX_MISSED, F_REX_PCT,
};
static const enum fig sla_figs[] = {
	F_ACK_DECIDED, F_ACK_MET, F_ACK_MISSED, F_ACK_PCT, F_RES_DECIDED,
	F_RES_MET, F_RES_MISSED, F_RES_PCT, F_ACK_MED_H, F_ACK_P90_H,
	F_ACK_MED_BH, F_ACK_P90_BH, F_RES_MED_H, F_RES_P90_H, F_RES_MED_BH,
	F_RES_P90_BH, F_EXTENDED, F_ESCALATED,
};
static const enum fig volume_figs[] = {
	F_RECEIVED, F_ACCEPTED, F_REJECTED, F_RESOLVED, F_CLOSED, F_REOPENED,
};
static const enum fig backlog_figs[] = {
	F_BACKLOG, F_IN_HAND, F_OVERDUE, F_AGE0, F_AGE1, F_AGE2, F_AGE3,
	F_AGE4, F_AGE5, F_AGE6,
};
static const enum fig handler_figs[] = {
	F_LOAD, F_RESOLVED, F_RES_DECIDED, F_RES_PCT, F_RES_MED_H,
	F_RES_MED_BH, F_REOPENED,
};
static const enum fig category_figs[] = {
	F_RECEIVED, F_RESOLVED, F_BACKLOG,
};

/* 1 when the group has anything to show in a handler's row. */
static int
handler_row(const struct acc *a)
{
	return strcmp(a->key, KEY_NONE) != 0;
}

/*
 * The table name of r: the key column, then figs, a row a group of gs
 * (skip: groups left out).  Business-hour columns are left out without
 * a calendar.
 */
static struct xf_rtable *
fig_table(struct xf_report *r, const char *name, struct groups *gs,
    const enum fig *figs, size_t nfig, int (*keep)(const struct acc *),
    const struct xf_report_opts *o, struct xf_err *err)
{
	struct xf_col cols[MAXCOLS];
	enum fig shown[MAXCOLS];
	char bufs[MAXCOLS][32];
	const char *vals[MAXCOLS];
	struct xf_rtable *t;
	size_t i, j, n = 0;

	cols[n].name = by_names[gs->by];
	cols[n++].type = XF_COL_TEXT;
	for (i = 0; i < nfig && n < MAXCOLS; i++) {
		const char *fn = fig_names[figs[i]];

		if (o->sla == NULL && strstr(fn, "_bh") != NULL)
			continue;
		shown[n] = figs[i];
		cols[n].name = fn;
		cols[n++].type = XF_COL_NUM;
	}
	if ((t = xf_report_table(r, name, cols, n)) == NULL) {
		xf_errf(err, "out of memory");
		return NULL;
	}
	for (i = 0; i < gs->n; i++) {
		if (keep != NULL && !keep(&gs->g[i]))
			continue;
		vals[0] = gs->g[i].key;
		for (j = 1; j < n; j++)
			vals[j] = cell(&gs->g[i], shown[j], bufs[j],
			    sizeof(bufs[j]));
		if (xf_rtable_row(t, vals) == -1) {
			xf_errf(err, "out of memory");
			return NULL;
		}
	}
	return t;
}

/* The column of t named name as a chart series. */
static void
chart(struct xf_rtable *t, enum xf_chart kind, const char *const *ys,
    size_t n, int percent)
{
	size_t idx[XF_CHART_SERIES], i, k = 0;

	for (i = 0; i < n && k < XF_CHART_SERIES; i++)
		if ((idx[k] = xf_rtable_col(t, ys[i])) != (size_t)-1)
			k++;
	xf_rtable_chart(t, kind, 0, idx, k, percent);
}

/* Sorts groups by key, so days, categories and handlers come in order. */
static int
cmp_acc(const void *a, const void *b)
{
	return strcmp(((const struct acc *)a)->key,
	    ((const struct acc *)b)->key);
}

static void
sort_groups(struct groups *gs)
{
	if (gs->n > 0)	/* no group: g is NULL, which qsort may not take */
		qsort(gs->g, gs->n, sizeof(*gs->g), cmp_acc);
	free(gs->slot);		/* the hash is of the old order */
	gs->slot = NULL;
	gs->nslot = 0;
}

/* The ageing of the backlog as rows, a bar each: the chart's table. */
static int
ageing_table(struct xf_report *r, struct groups *gs, struct xf_err *err)
{
	static const struct xf_col cols[] = {
		{ "age", XF_COL_TEXT }, { "backlog", XF_COL_NUM },
	};
	static const size_t ys[] = { 1 };
	struct xf_rtable *t;
	char buf[32];
	const char *vals[2];
	int i;

	if ((t = xf_report_table(r, "ageing", cols, nitems(cols))) == NULL)
		return xf_errf(err, "out of memory");
	for (i = 0; i < XF_AGE_BUCKETS; i++) {
		vals[0] = xf_age_names[i];
		put_num(buf, sizeof(buf), gs->n ? gs->g[0].age[i] : 0);
		vals[1] = buf;
		if (xf_rtable_row(t, vals) == -1)
			return xf_errf(err, "out of memory");
	}
	xf_rtable_chart(t, XF_CHART_BARS, 0, ys, 1, 0);
	return 0;
}

/* --- the reports ------------------------------------------------------- */

struct kind {
	const char	*name;
	int		 by_ok;		/* takes --by */
	const char	*default_by;	/* NULL: none */
};

static const struct kind kinds[] = {
	{ "summary", 1, NULL }, { "weekly", 0, NULL }, { "sla", 1, NULL },
	{ "volume", 1, "day" }, { "backlog", 1, NULL },
	{ "handlers", 0, NULL }, { "alerts", 0, NULL },
};

static const struct kind *
kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

int
xf_report_known(const char *kind)
{
	return kind_find(kind) != NULL;
}

const char *
xf_report_by_check(const char *kind, const char *by)
{
	const struct kind *k = kind_find(kind);
	enum by b;

	if (by == NULL)
		return NULL;
	if (k == NULL)
		return "no such report";
	if (by_parse(by, &b) == -1)
		return "not a grouping: day, week, month, category, channel, "
		    "team, assignee, priority, flag or tag";
	if (!k->by_ok)
		return strcmp(kind, "handlers") == 0 ? "handlers is by "
		    "assignee already" : strcmp(kind, "weekly") == 0 ?
		    "weekly has its own tables, each grouped its way" :
		    "alerts are not grouped";
	return NULL;
}

static void
engine_init(struct engine *g, struct xf_store *s,
    const struct xf_report_opts *o, struct groups *gs, size_t ngs,
    unsigned need, struct xf_err *err)
{
	memset(g, 0, sizeof(*g));
	g->s = s;
	g->o = o;
	g->gs = gs;
	g->ngs = ngs;
	g->need = need;
	g->err = err;
}

/* summary, sla, volume, backlog: one table, grouped by --by. */
static int
one_table(struct xf_store *s, const struct kind *k,
    const struct xf_report_opts *o, struct xf_report *r, struct xf_err *err)
{
	static const char *const vol_ys[] = { "received", "resolved" };
	static const char *const sla_ys[] = { "ack_on_time_pct",
	    "resolve_on_time_pct" };
	static const char *const back_ys[] = { "backlog" };
	struct groups gs = { 0 };
	struct engine g;
	struct xf_rtable *t = NULL;
	const char *byw = o->by != NULL ? o->by : k->default_by;
	enum by by = BY_NONE;
	int vol = strcmp(k->name, "volume") == 0;

	if (byw != NULL && by_parse(byw, &by) == -1)
		return xf_errf(err, "--by %s: %s", byw,
		    xf_report_by_check(k->name, byw));
	gs.by = by;
	engine_init(&g, s, o, &gs, 1, !vol ? NEED_STATE : by_time(by) ||
	    by == BY_NONE ? 0 : NEED_KEYS, err);
	if (run(&g, by) == -1) {
		groups_free(&gs);
		return -1;
	}
	if (!by_time(by))
		sort_groups(&gs);
	if (strcmp(k->name, "summary") == 0)
		t = fig_table(r, "summary", &gs, summary_figs,
		    nitems(summary_figs), NULL, o, err);
	else if (strcmp(k->name, "sla") == 0) {
		if ((t = fig_table(r, "sla", &gs, sla_figs, nitems(sla_figs),
		    NULL, o, err)) != NULL)
			chart(t, XF_CHART_BARS, sla_ys, nitems(sla_ys), 1);
	} else if (vol) {
		if ((t = fig_table(r, "volume", &gs, volume_figs,
		    nitems(volume_figs), NULL, o, err)) != NULL)
			chart(t, by_time(by) ? XF_CHART_LINE : XF_CHART_HBARS,
			    vol_ys, by_time(by) ? nitems(vol_ys) : 1, 0);
	} else if ((t = fig_table(r, "backlog", &gs, backlog_figs,
	    nitems(backlog_figs), NULL, o, err)) != NULL && by != BY_NONE)
		chart(t, by_time(by) ? XF_CHART_LINE : XF_CHART_HBARS,
		    back_ys, 1, 0);
	groups_free(&gs);
	return t == NULL ? -1 : 0;
}

static int
handlers(struct xf_store *s, const struct xf_report_opts *o,
    struct xf_report *r, struct xf_err *err)
{
	struct groups gs = { .by = BY_ASSIGNEE };
	struct engine g;
	int rc;

	engine_init(&g, s, o, &gs, 1, NEED_STATE, err);
	rc = run(&g, BY_NONE);
	sort_groups(&gs);
	if (rc == 0 && fig_table(r, "handlers", &gs, handler_figs,
	    nitems(handler_figs), handler_row, o, err) == NULL)
		rc = -1;
	groups_free(&gs);
	return rc;
}

/*
 * weekly: the period's summary, its volume a day, its categories, its
 * deadlines by priority, the ageing of its backlog, its handlers and
 * its alerts.  One pass fills every grouping and the days' volume: a
 * pass a day would read the period's complaints and events again for
 * each (0.12 s of the report's 1.2 s of CPU at 1,000,000 complaints).
 */
enum { W_NONE, W_CATEGORY, W_PRIORITY, W_ASSIGNEE, W_N };

static int
weekly_tables(struct xf_report *r, struct groups *gs,
    struct groups *days, const struct xf_report_opts *o, struct xf_err *err)
{
	static const char *const vol_ys[] = { "received", "resolved" };
	static const char *const cat_ys[] = { "received" };
	static const char *const sla_ys[] = { "ack_on_time_pct",
	    "resolve_on_time_pct" };
	struct xf_rtable *t;

	if (fig_table(r, "summary", &gs[W_NONE], summary_figs,
	    nitems(summary_figs), NULL, o, err) == NULL)
		return -1;
	if ((t = fig_table(r, "volume", days, volume_figs,
	    nitems(volume_figs), NULL, o, err)) == NULL)
		return -1;
	chart(t, XF_CHART_LINE, vol_ys, nitems(vol_ys), 0);
	if ((t = fig_table(r, "categories", &gs[W_CATEGORY], category_figs,
	    nitems(category_figs), NULL, o, err)) == NULL)
		return -1;
	chart(t, XF_CHART_HBARS, cat_ys, nitems(cat_ys), 0);
	if ((t = fig_table(r, "sla", &gs[W_PRIORITY], sla_figs,
	    nitems(sla_figs), NULL, o, err)) == NULL)
		return -1;
	chart(t, XF_CHART_BARS, sla_ys, nitems(sla_ys), 1);
	if (ageing_table(r, &gs[W_NONE], err) == -1)
		return -1;
	if (fig_table(r, "handlers", &gs[W_ASSIGNEE], handler_figs,
	    nitems(handler_figs), handler_row, o, err) == NULL)
		return -1;
	return 0;
}

static int
weekly(struct xf_store *s, const struct xf_report_opts *o,
    struct xf_report *r, struct xf_err *err)
{
	struct groups gs[W_N] = { { .by = BY_NONE }, { .by = BY_CATEGORY },
	    { .by = BY_PRIORITY }, { .by = BY_ASSIGNEE } };
	struct groups days = { .by = BY_DAY };
	struct days d;
	struct engine g;
	size_t i;
	int rc;

	engine_init(&g, s, o, gs, W_N, NEED_STATE, err);
	if ((rc = days_init(&d, &days, o, err)) == 0) {
		g.days = &d;
		rc = run(&g, BY_NONE);
	}
	days_free(&d);
	for (i = W_CATEGORY; i < W_N; i++)
		sort_groups(&gs[i]);
	if (rc == 0)
		rc = weekly_tables(r, gs, &days, o, err);
	if (rc == 0)
		rc = xf_report_alerts(s, o, r, err);
	for (i = 0; i < W_N; i++)
		groups_free(&gs[i]);
	groups_free(&days);
	return rc;
}

int
xf_report_build(struct xf_store *s, const char *kind,
    const struct xf_report_opts *o, struct xf_report *r, struct xf_err *err)
{
	const struct kind *k = kind_find(kind);
	const char *why;
	int rc;

	if (k == NULL) {
		xf_errf(err, "%s: no such report", kind);
		return xf_err_config(err);
	}
	if ((why = xf_report_by_check(kind, o->by)) != NULL) {
		xf_errf(err, "--by %s: %s", o->by, why);
		return xf_err_config(err);
	}
	if (o->until <= o->since) {
		xf_errf(err, "the period is empty: --since must come before "
		    "--until");
		return xf_err_config(err);
	}
	/* One read transaction: every table of the report reads the same
	 * snapshot, however busy the store, and SQLite takes its locks
	 * and checks its cache once, not at every statement. */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return xf_store_fail(s, "starting to read", err);
	if (strcmp(kind, "weekly") == 0)
		rc = weekly(s, o, r, err);
	else if (strcmp(kind, "handlers") == 0)
		rc = handlers(s, o, r, err);
	else if (strcmp(kind, "alerts") == 0)
		rc = xf_report_alerts(s, o, r, err);
	else
		rc = one_table(s, k, o, r, err);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}
