/*
 * alert.c: early warning over a period (xf-report alerts), read from the
 * store as it stood at as_of.
 *
 * The text below is xf-report(1)'s, word for word, so that the page and
 * the code say the same:
 *
 *   alerts: one row an alert, most severe first, then most complaints.
 *   Columns: severity (high, medium, low), kind, key, count, baseline,
 *   refs (at most 20; why says when there are more) and why, one
 *   sentence.  Nothing is printed when there is nothing to say.  No
 *   alert holds a name, an address or a number of a complainant: refs
 *   are the only link back.  The baseline of a period is the 28 days
 *   before it; with less than 7 days of history before the period
 *   (a new store), spike and term alerts are not made.
 *
 *   spike	A category or a channel (key category=NAME, channel=NAME)
 *		whose complaints received on one local day of the period
 *		(count) are at least 5 and would be rare for a Poisson
 *		count at the baseline's mean a day (baseline; floored at
 *		0.5 for the test): P(X >= count) under 0.0001 is high,
 *		under 0.001 medium.  One row a key, its most surprising
 *		day; refs are that day's complaints.
 *   term	A Chinese bigram (or a phrase of bigrams that chain in
 *		the same complaints: 退款失败, not 退款 款失 失败) or an
 *		English word (stop words and numbers left out; words of
 *		the complainants' names and contacts never) used by
 *		count complaints of the period against baseline
 *		expected from the 28 days' rate scaled to the period's
 *		length: an alert when count is at least 5 and
 *		(count + 1) / (baseline + 1) at least 3, medium from 10
 *		and 6, else low.  The 10 strongest are listed.
 *   repeat	One contact, spelled the same (key contact: and 8 hex
 *		digits of its SHA-256, never the contact), with at least
 *		3 complaints received in the 30 days to the period's
 *		end, one of them in the period (the rule of xf-classify's
 *		repeat flag): medium, high from 6.
 *   collective	A collective group (key group=the ref of its first
 *		complaint, as xf-classify links them) with at least 3
 *		complaints flagged collective, received from 28 days
 *		before the period to its end, one of them in the period:
 *		medium, high from 6.
 *   risk_open	Complaints received by the period's end, flagged media
 *		and in hand (xf(7): open, not resolved) longer than 1
 *		day, or legal or privacy and in hand longer than 3 days, at as_of (now, unless
 *		--as-of), counted from their received time: what needs
 *		acting on when the report is read.  One row a flag
 *		(key media, legal, privacy), medium, high when the
 *		oldest is open twice as long.
 *
 *   Days are local days (XF_TZ).  Every figure is taken as the store
 *   stood at --as-of: complaints registered by then, categories, flags
 *   and statuses as the events recorded by then left them (the value
 *   before the first later change), so that a report run again later
 *   gives the same rows.  The group a complaint belongs to is not in
 *   the event log; a complaint counts in its group once its
 *   collective flag is set.
 *
 * The queries read the period and its baseline (35 days for a week)
 * through an index on complaint(received_at), open complaints through
 * complaint(status), and the events of one complaint through
 * event(complaint_id, id).  With --as-of in the past they also read
 * the complaints closed since, through an index on
 * complaint(updated_at) when there is one, else every closed one.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"

#define REPEAT_SECONDS	((int64_t)XF_REPEAT_DAYS * XF_DAY)

static const struct xf_col alert_cols[] = {
	{ "severity", XF_COL_TEXT }, { "kind", XF_COL_TEXT },
	{ "key", XF_COL_TEXT }, { "count", XF_COL_NUM },
	{ "baseline", XF_COL_NUM }, { "refs", XF_COL_LIST },
	{ "why", XF_COL_TEXT },
};

/* --- the list of alerts -------------------------------------------- */

static void
alerts_free(struct xf_alist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->a[i].key);
		xf_buf_free(&l->a[i].refs);
		xf_buf_free(&l->a[i].why);
	}
	free(l->a);
}

static const char *const kind_order[] = {
	"spike", "term", "collective", "repeat", "risk_open"
};

static size_t
kind_rank(const char *kind)
{
	size_t i;

	for (i = 0; i < nitems(kind_order); i++)
		if (strcmp(kind, kind_order[i]) == 0)
			break;
	return i;
}

/* Most severe first, then most complaints; kind and key settle ties. */
static int
by_severity(const void *x, const void *y)
{
	const struct xf_arow *a = x, *b = y;
	size_t ka = kind_rank(a->kind), kb = kind_rank(b->kind);

	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int
emit(struct xf_alist *l, struct xf_rtable *t)
{
	char count[XF_UINT_LEN], base[32];
	const char *vals[nitems(alert_cols)];
	struct xf_arow *a;
	size_t i;

	if (l->n > 0)
		qsort(l->a, l->n, sizeof(*l->a), by_severity);
	for (i = 0; i < l->n; i++) {
		a = &l->a[i];
		if (a->nrefs > XF_WARN_REFS_MAX && xf_buf_printf(&a->why,
		    " (the first %d of %u refs listed)", XF_WARN_REFS_MAX,
		    a->nrefs) == -1)
			return -1;
		snprintf(count, sizeof(count), "%u", a->count);
		snprintf(base, sizeof(base), "%.1f", a->baseline);
		vals[0] = xf_severity_name(a->sev);
		vals[1] = a->kind;
		vals[2] = a->key;
		vals[3] = count;
		vals[4] = a->has_base ? base : NULL;
		vals[5] = xf_buf_str(&a->refs);
		vals[6] = xf_buf_str(&a->why);
		if (xf_rtable_row(t, vals) == -1)
			return -1;
	}
	return 0;
}

/* --- the window: the period's local days and the baseline ----------- */

/* The local days of [since, until): day[0] is since, then midnights. */
static int
window_days(struct xf_awindow *w, struct xf_err *err)
{
	size_t cap = 8;
	int64_t next;

	if ((w->day = malloc(cap * sizeof(*w->day))) == NULL)
		return xf_errf(err, "out of memory");
	w->day[0] = w->since;
	w->ndays = 0;
	while (w->day[w->ndays] < w->until) {
		if (xf_local_days(w->since, (int)w->ndays + 1, 1, &next) == -1)
			return xf_errf(err, "a day of the period is no time");
		if (w->ndays + 2 > cap) {
			int64_t *grown = realloc(w->day, 2 * cap *
			    sizeof(*w->day));

			if (grown == NULL)
				return xf_errf(err, "out of memory");
			w->day = grown;
			cap *= 2;
		}
		w->day[++w->ndays] = next < w->until ? next : w->until;
	}
	return 0;
}

/*
 * The baseline starts XF_WARN_BASE_DAYS local days before since, or at
 * the midnight of the first complaint received, when later: the days
 * before the store's history are no evidence of a quiet category.
 */
static int
window_history(struct xf_store *s, struct xf_awindow *w, struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t first;
	int rc;

	if (xf_store_prepare(s, "SELECT received_at FROM complaint"
	    " WHERE registered_at <= ?1 ORDER BY received_at LIMIT 1", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, w->as_of);
	rc = sqlite3_step(st);
	first = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : w->since;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the first complaint", err);
	if (first > w->base && xf_local_days(first, 0, 1, &first) == 0 &&
	    first > w->base)
		w->base = first < w->since ? first : w->since;
	w->base_days = (double)(w->since - w->base) / XF_DAY;
	w->history = w->base_days >= XF_WARN_HISTORY_DAYS;
	return 0;
}

static int
window_open(struct xf_store *s, const struct xf_report_opts *o,
    struct xf_awindow *w, struct xf_err *err)
{
	memset(w, 0, sizeof(*w));
	w->since = o->since;
	w->until = o->until;
	w->as_of = o->as_of;
	if (w->until <= w->since)
		return xf_errf(err,
		    "the period is empty: until is not after since");
	if (xf_local_days(w->since, -XF_WARN_BASE_DAYS, 0, &w->base) == -1)
		return xf_errf(err, "the baseline's start is no time");
	if (window_days(w, err) == -1 || window_history(s, w, err) == -1)
		return -1;
	w->first = w->until - REPEAT_SECONDS < w->base ?
	    w->until - REPEAT_SECONDS : w->base;
	return 0;
}

/* Drops the alerts of no severity (a risky flag with nothing open). */
static void
alerts_prune(struct xf_alist *l)
{
	size_t i, j = 0;

	for (i = 0; i < l->n; i++) {
		if (l->a[i].sev == XF_SEV_NONE) {
			free(l->a[i].key);
			xf_buf_free(&l->a[i].refs);
			xf_buf_free(&l->a[i].why);
			continue;
		}
		l->a[j++] = l->a[i];
	}
	l->n = j;
}

/* --- the report ----------------------------------------------------------- */

static int
find_alerts(struct xf_store *s, const struct xf_report_opts *o,
    const struct xf_awindow *w, struct xf_alist *l, struct xf_err *err)
{
	if (xf_alerts_scan(s, w, l, err) == -1 ||
	    xf_alerts_risk(s, w, o->now, l, err) == -1)
		return -1;
	alerts_prune(l);
	return 0;
}

int
xf_report_alerts(struct xf_store *s, const struct xf_report_opts *o,
    struct xf_report *r, struct xf_err *err)
{
	struct xf_alist l = { 0 };
	struct xf_rtable *t;
	struct xf_awindow w;
	int rc = -1;

	if (window_open(s, o, &w, err) == -1)
		goto out;
	if (find_alerts(s, o, &w, &l, err) == -1)
		goto out;
	if ((t = xf_report_table(r, "alerts", alert_cols,
	    nitems(alert_cols))) == NULL || emit(&l, t) == -1) {
		xf_errf(err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	alerts_free(&l);
	free(w.day);
	return rc;
}
