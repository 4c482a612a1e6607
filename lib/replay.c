/*
 * replay.c: the pure core of xf-report's figures (report.c reads the
 * store, this never does): the ageing buckets, percentiles by nearest
 * rank, and the replay of one complaint's history up to a period's end,
 * which decides its deadlines on time or not (xf-report(1), Figures).
 * Unit-tested with hand-worked histories in tests/unit/report.c.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

const char *const xf_age_names[XF_AGE_BUCKETS] = {
	"0-1d", "1-3d", "3-7d", "7-15d", "15-30d", "30-60d", "60d+",
};

/* The bucket bounds in days: an age under age_days[i] is in bucket i. */
static const int age_days[XF_AGE_BUCKETS - 1] = { 1, 3, 7, 15, 30, 60 };

int
xf_age_bucket(int64_t age)
{
	int i;

	for (i = 0; i < XF_AGE_BUCKETS - 1; i++)
		if (age < (int64_t)age_days[i] * XF_DAY)
			return i;
	return XF_AGE_BUCKETS - 1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
xf_percentile(double *v, size_t n, int p)
{
	size_t rank;

	qsort(v, n, sizeof(*v), cmp_double);
	rank = ((size_t)p * n + 99) / 100;	/* ceil(p * n / 100) */
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

/* --- the replay of one complaint ------------------------------------- */

static int
is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* 1 when the comma list flags holds flag. */
static int
has_flag(const char *flags, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = flags;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, flag, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		if ((p = strchr(p, ',')) != NULL)
			p++;
	}
	return 0;
}

static int64_t
num(const char *s)
{
	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

/* The value a field had before its first event, else row's. */
struct start {
	const char	**val;
	const char	*field;
	int		 deadline;	/* only deadline and extend events */
};

static int
changes(const struct xf_rev *e, const char *field, int deadline)
{
	if (!is(e->field, field))
		return 0;
	if (deadline)
		return is(e->kind, "deadline") || is(e->kind, "extend");
	/* escalate and alert events name a deadline field too. */
	return !is(e->kind, "escalate") && !is(e->kind, "alert");
}

static const char *
first_old(const struct xf_rev *ev, size_t n, const char *field, int deadline,
    const char *now, int *found)
{
	size_t i;

	*found = 0;
	for (i = 0; i < n; i++)
		if (changes(&ev[i], field, deadline)) {
			*found = 1;
			return ev[i].old;
		}
	return now;
}

/* The replay's running state. */
struct rp {
	struct xf_rfact	*f;
	int64_t		 since, end;
	int64_t		 last;		/* time of the events applied last */
	int64_t		 ack_set, due_set;	/* when each was last set */
	int		 ack_pending, due_pending;
	long		 review_at, flags_at;	/* event index, -1 none */
	int		 review_ok;
	int		 reexam;	/* in a re-examination: REEXAM_ */
};

static void
initial(struct rp *p, const struct xf_rrow *row, const struct xf_rev *ev,
    size_t n)
{
	struct xf_rfact *f = p->f;
	const char *s;
	size_t i;
	int found, import_accept = 0;

	f->status = first_old(ev, n, "status", 0, row->status, &found);
	f->category = first_old(ev, n, "category", 0, row->category, &found);
	f->team = first_old(ev, n, "team", 0, row->team, &found);
	f->assignee = first_old(ev, n, "assignee", 0, row->assignee, &found);
	f->priority = first_old(ev, n, "priority", 0, row->priority, &found);
	f->flags = first_old(ev, n, "flags", 0, row->flags, &found);
	f->lang = first_old(ev, n, "lang", 0, row->lang, &found);
	s = first_old(ev, n, "ack_due", 1, NULL, &found);
	f->ack_due = found ? num(s) : row->ack_due;
	for (i = 0; i < n; i++)
		if (is(ev[i].kind, "import") && is(ev[i].new, "accepted"))
			import_accept = 1;
	s = first_old(ev, n, "due", 1, NULL, &found);
	/* An import's accept sets due with no event: derived below. */
	f->due = found ? num(s) : import_accept ? 0 : row->due;
}

/* A met deadline is decided once the events of its moment are applied:
 * the deadline event that writes it down comes after the move. */
static void
settle(struct rp *p)
{
	struct xf_rfact *f = p->f;

	if (p->ack_pending && f->ack_due != 0 && f->ack_decided == 0) {
		f->ack_decided = f->ack_at;
		f->ack_met = f->ack_at <= f->ack_due;
	}
	if (p->due_pending && f->due != 0 && f->due_decided == 0) {
		f->due_decided = f->resolved_at;
		f->due_met = f->resolved_at <= f->due;
	}
	p->ack_pending = p->due_pending = 0;
}

/* None; one running, undecided; one running, its deadline missed. */
enum { REEXAM_NONE, REEXAM_OPEN, REEXAM_MISSED };

/* A re-examination decided at t, met or not: counted in its period. */
static void
reexam_decide(struct rp *p, int64_t t, int met)
{
	p->reexam = met ? REEXAM_NONE : REEXAM_MISSED;
	if (t < p->since || t >= p->end)
		return;
	p->f->reexam_decided++;
	p->f->reexam_met += met;
}

/* Deadlines passed unmet before t: decided missed when they fell, or
 * when they were set if that was later.  A waiting complaint's clock is
 * stopped: its resume moves the deadline on. */
static void
lapse(struct rp *p, int64_t t)
{
	struct xf_rfact *f = p->f;

	if (f->ack_at == 0 && f->ack_decided == 0 && f->ack_due != 0 &&
	    f->ack_due < t && xf_status_in_hand(f->status)) {
		f->ack_decided = f->ack_due > p->ack_set ? f->ack_due :
		    p->ack_set;
		f->ack_met = 0;
	}
	if (f->resolved_at == 0 && f->due_decided == 0 && f->due != 0 &&
	    f->due < t && xf_status_in_hand(f->status) &&
	    !is(f->status, "waiting")) {
		f->due_decided = f->due > p->due_set ? f->due : p->due_set;
		f->due_met = 0;
	}
	if (p->reexam == REEXAM_OPEN && f->due != 0 && f->due < t &&
	    xf_status_in_hand(f->status) && !is(f->status, "waiting"))
		reexam_decide(p, f->due > p->due_set ? f->due : p->due_set, 0);
}

/* A reopen of an answer starts a re-examination; the next resolve (or
 * close) ends it, met when by the deadline its reopen set. */
static void
reexam_event(struct rp *p, const struct xf_rev *e)
{
	if (is(e->kind, "reopen") && (is(e->old, "resolved") ||
	    is(e->old, "closed"))) {
		p->reexam = REEXAM_OPEN;
		return;
	}
	if (p->reexam == REEXAM_NONE || !(is(e->new, "resolved") ||
	    is(e->new, "closed")))
		return;
	if (e->at >= p->since && e->at < p->end)
		p->f->reexam_resolved = 1;
	/* One that missed its deadline was decided then: not twice. */
	if (p->reexam == REEXAM_OPEN)
		reexam_decide(p, e->at, p->f->due != 0 && e->at <= p->f->due);
	p->reexam = REEXAM_NONE;
}

unsigned
xf_report_did(const struct xf_rev *e)
{
	const char *to = e->new;

	if (is(e->kind, "reopen"))
		return XF_DID_REOPEN;
	if (is(e->kind, "escalate"))
		return XF_DID_ESCALATE;
	if (is(e->kind, "extend"))
		return is(e->field, "due") ? XF_DID_EXTEND : 0;
	/* A merge closes a complaint whose matter goes on in another:
	 * no close of the desk's (merge.c). */
	if (!is(e->field, "status") || is(e->kind, "created") ||
	    is(e->kind, "merge"))
		return 0;
	return is(to, "accepted") ? XF_DID_ACCEPT : is(to, "rejected") ?
	    XF_DID_REJECT : is(to, "resolved") ? XF_DID_RESOLVE :
	    is(to, "closed") ? XF_DID_CLOSE : 0;
}

static void
status_event(struct rp *p, const struct xf_rev *e)
{
	struct xf_rfact *f = p->f;
	const char *to = e->new;

	f->status = to;
	if ((is(to, "accepted") || is(to, "resolved") || is(to, "closed") ||
	    is(to, "rejected")) && f->ack_at == 0) {
		f->ack_at = e->at;
		p->ack_pending = 1;
	}
	if ((is(to, "resolved") || is(to, "closed")) && f->resolved_at == 0) {
		f->resolved_at = e->at;
		p->due_pending = 1;
	}
	/* An import's accept: due = accepted + 60 days, as lifecycle.c's
	 * import row writes it, with no event of its own. */
	if (is(e->kind, "import") && is(to, "accepted") && f->due == 0) {
		f->due = e->at + (int64_t)XF_HANDLE_DAYS * XF_DAY;
		p->due_set = e->at;
	}
}

/* A resolve move in the period: was it reviewed as lifecycle.c's gate
 * asks, an approval after the flags last changed? */
static void
review_check(struct rp *p, const struct xf_rev *e)
{
	struct xf_rfact *f = p->f;
	int flagged = has_flag(f->flags, "legal") ||
	    has_flag(f->flags, "privacy");

	if (!flagged || e->at < p->since || e->at >= p->end)
		return;
	f->review_needed = 1;
	if (!(p->review_ok && p->review_at > p->flags_at))
		f->review_missing = 1;
}

/* Of the moves, the ones that are a first response (lifecycle.c's
 * coalesce(first_response_at, ...)): all an import makes but a start. */
static int
responds(const struct xf_rev *e)
{
	if (is(e->kind, "import"))
		return !is(e->new, "in_progress");
	return is(e->kind, "accept") || is(e->kind, "reject") ||
	    is(e->kind, "resolve") || is(e->kind, "refer");
}

/* The row's times of the moves as lifecycle.c's UPDATEs write them. */
static void
row_times(struct xf_rtimes *t, const struct xf_rev *e)
{
	int import = is(e->kind, "import");

	if (is(e->kind, "reply") && t->first_response_at == 0)
		t->first_response_at = e->at;
	if (!is(e->field, "status"))
		return;
	if (responds(e) && t->first_response_at == 0)
		t->first_response_at = e->at;
	/* A resume ends the pause, and so does any other move out of
	 * waiting (reject, merge, refer, transfer: lifecycle's PAUSE_ENDS). */
	if (is(e->old, "waiting") && t->paused_since != 0) {
		if (e->at > t->paused_since)
			t->paused_seconds += e->at - t->paused_since;
		t->paused_since = 0;
	}
	if (is(e->new, "accepted") && (import || is(e->kind, "accept")))
		t->accepted_at = e->at;
	else if (is(e->new, "resolved") && (import || is(e->kind, "resolve")))
		t->resolved_at = e->at;
	else if (is(e->new, "closed") && (import || is(e->kind, "close") ||
	    is(e->kind, "merge") || is(e->kind, "refer")))
		t->closed_at = e->at;
	else if (is(e->kind, "wait"))
		t->paused_since = e->at;
	else if (is(e->kind, "reopen")) {
		t->reopen_count++;
		if (is(e->new, "in_progress"))
			t->resolved_at = t->closed_at = 0;
	}
}

static void
apply(struct rp *p, const struct xf_rev *e, long i)
{
	struct xf_rfact *f = p->f;

	if (is(e->kind, "created")) {
		f->status = "new";
		return;
	}
	row_times(&f->row, e);
	if (e->at >= p->since && e->at < p->end)
		f->did |= xf_report_did(e);
	if (is(e->kind, "resolve"))
		review_check(p, e);
	if (is(e->field, "status")) {
		reexam_event(p, e);
		status_event(p, e);
	}
	if (is(e->kind, "review")) {
		p->review_ok = is(e->new, "approved");
		p->review_at = i;
	} else if (changes(e, "due", 1)) {
		f->due = num(e->new);
		p->due_set = e->at;
	} else if (changes(e, "ack_due", 1)) {
		f->ack_due = num(e->new);
		p->ack_set = e->at;
	} else if (is(e->field, "category"))
		f->category = e->new;
	else if (is(e->field, "priority"))
		f->priority = e->new;
	else if (is(e->field, "flags")) {
		f->flags = e->new;
		p->flags_at = i;
	} else if (is(e->field, "team"))
		f->team = e->new;
	else if (is(e->field, "assignee"))
		f->assignee = e->new;
	else if (is(e->field, "lang"))
		f->lang = e->new;
}

void
xf_report_replay(const struct xf_rrow *row, const struct xf_rev *ev,
    size_t n, int64_t since, int64_t end, struct xf_rfact *f)
{
	struct rp p = { .f = f, .since = since, .end = end, .last = INT64_MIN,
	    .review_at = -1, .flags_at = -1 };
	size_t i;

	memset(f, 0, sizeof(*f));
	initial(&p, row, ev, n);
	for (i = 0; i < n; i++) {
		const struct xf_rev *e = &ev[i];
		int created = is(e->kind, "created");

		/* A late registration's history dated before end is the
		 * complaint's own: its "created" is applied, whenever. */
		if (e->at >= end && !created)
			continue;
		if (!created && e->at > p.last) {
			settle(&p);
			lapse(&p, e->at);
			p.last = e->at;
		}
		apply(&p, e, (long)i);
	}
	settle(&p);
	lapse(&p, end);
}
