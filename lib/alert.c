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
 *		count complaints of the period
 *		against baseline expected from the 28 days' rate scaled
 *		to the period's length: an alert when count is at least
 *		5 and (count + 1) / (baseline + 1) at least 3, medium
 *		from 10 and 6, else low.  The 10 strongest are listed.
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
 *		and open (xf(7)) longer than 1 day, or legal or privacy
 *		and open longer than 3 days, at as_of (now, unless
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

#define REPEAT_SECONDS	((int64_t)XF_REPEAT_DAYS * XF_DAY)
#define SPIKE_DIMS	2		/* category, channel */

/* The columns of scan_window's SELECT. */
enum {
	S_ID, S_REF, S_RECEIVED, S_CHANNEL, S_CATEGORY, S_FLAGS, S_GROUP,
	S_SUBJECT, S_BODY, S_COMPLAINANT, S_CONTACT
};

/*
 * A field as the events recorded by ?3 left it: the old value of the
 * first later change, else the row's own.  Every change of category,
 * flags or status also sets updated_at (an import's history is written
 * when the complaint is registered), so a row not updated since ?3 is
 * as it was, and its events are not read: a report as of now reads
 * none, one as of last week those of the complaints changed since.
 */
#define AS_OF(field)							\
	"CASE WHEN c.updated_at > ?3 THEN coalesce((SELECT"		\
	" coalesce(e.old, '') FROM event e WHERE e.complaint_id = c.id"	\
	" AND e.field = '" field "' AND e.at > ?3 ORDER BY e.id"	\
	" LIMIT 1), c." field ", '') ELSE coalesce(c." field ", '') END"

static const struct xf_col alert_cols[] = {
	{ "severity", XF_COL_TEXT }, { "kind", XF_COL_TEXT },
	{ "key", XF_COL_TEXT }, { "count", XF_COL_NUM },
	{ "baseline", XF_COL_NUM }, { "refs", XF_COL_LIST },
	{ "why", XF_COL_TEXT },
};

/* The times the alerts look at. */
struct window {
	int64_t		 first;		/* the scan's start: base, or the
					 * repeat window's when earlier */
	int64_t		 base, since, until, as_of;
	int64_t		*day;		/* ndays + 1 starts of local days */
	size_t		 ndays;
	double		 base_days;	/* of history in the baseline */
	int		 history;	/* enough for spikes and terms */
};

struct alert {
	enum xf_severity sev;
	const char	*kind;
	char		*key;
	unsigned	 count;
	int		 has_base;
	double		 baseline;
	struct xf_buf	 refs;
	unsigned	 nrefs;
	struct xf_buf	 why;
};

struct alerts {
	struct alert	*a;
	size_t		 n, cap;
};

/* --- the list of alerts -------------------------------------------- */

static void
alerts_free(struct alerts *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->a[i].key);
		xf_buf_free(&l->a[i].refs);
		xf_buf_free(&l->a[i].why);
	}
	free(l->a);
}

/* A new alert of kind with key; NULL when memory runs out. */
static struct alert *
alert_new(struct alerts *l, enum xf_severity sev, const char *kind,
    const char *key)
{
	struct alert *a;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;

		if ((a = realloc(l->a, cap * sizeof(*a))) == NULL)
			return NULL;
		l->a = a;
		l->cap = cap;
	}
	a = &l->a[l->n];
	memset(a, 0, sizeof(*a));
	if ((a->key = strdup(key)) == NULL)
		return NULL;
	a->sev = sev;
	a->kind = kind;
	l->n++;
	return a;
}

/* One more supporting ref: listed while there is room. */
static int
alert_ref(struct alert *a, const char *ref)
{
	if (a->nrefs++ >= XF_WARN_REFS_MAX)
		return 0;
	if (a->refs.len > 0 && xf_buf_addc(&a->refs, ',') == -1)
		return -1;
	return xf_buf_adds(&a->refs, ref);
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
	const struct alert *a = x, *b = y;
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
emit(struct alerts *l, struct xf_rtable *t)
{
	char count[XF_UINT_LEN], base[32];
	const char *vals[nitems(alert_cols)];
	struct alert *a;
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

/* "2026-03-05 09:30": t in the local zone, to the minute. */
static void
local_time(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, 32, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, 32, "%lld", (long long)t);
}

/* t moved by days local days (midnight: at_midnight), in the local zone. */
static int
local_shift(int64_t t, int days, int at_midnight, int64_t *out)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return -1;
	tm.tm_mday += days;
	if (at_midnight)
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return xf_local_mktime(&tm, out);
}

/* "2026-03-05": the local date of t. */
static void
local_date(int64_t t, char buf[16])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, 16, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, 16, "%lld", (long long)t);
}

/* The local days of [since, until): day[0] is since, then midnights. */
static int
window_days(struct window *w, struct xf_err *err)
{
	size_t cap = 8;
	int64_t next;

	if ((w->day = malloc(cap * sizeof(*w->day))) == NULL)
		return xf_errf(err, "out of memory");
	w->day[0] = w->since;
	w->ndays = 0;
	while (w->day[w->ndays] < w->until) {
		if (local_shift(w->since, (int)w->ndays + 1, 1, &next) == -1)
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

/* The day of the period t falls on (since <= t < until). */
static size_t
day_of(const struct window *w, int64_t t)
{
	size_t lo = 0, hi = w->ndays;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->day[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The baseline starts XF_WARN_BASE_DAYS local days before since, or at
 * the midnight of the first complaint received, when later: the days
 * before the store's history are no evidence of a quiet category.
 */
static int
window_history(struct xf_store *s, struct window *w, struct xf_err *err)
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
	if (first > w->base && local_shift(first, 0, 1, &first) == 0 &&
	    first > w->base)
		w->base = first < w->since ? first : w->since;
	w->base_days = (double)(w->since - w->base) / XF_DAY;
	w->history = w->base_days >= XF_WARN_HISTORY_DAYS;
	return 0;
}

static int
window_open(struct xf_store *s, const struct xf_report_opts *o,
    struct window *w, struct xf_err *err)
{
	memset(w, 0, sizeof(*w));
	w->since = o->since;
	w->until = o->until;
	w->as_of = o->as_of;
	if (w->until <= w->since)
		return xf_errf(err,
		    "the period is empty: until is not after since");
	if (local_shift(w->since, -XF_WARN_BASE_DAYS, 0, &w->base) == -1)
		return xf_errf(err, "the baseline's start is no time");
	if (window_days(w, err) == -1 || window_history(s, w, err) == -1)
		return -1;
	w->first = w->until - REPEAT_SECONDS < w->base ?
	    w->until - REPEAT_SECONDS : w->base;
	return 0;
}

/* --- one pass over the baseline and the period ------------------------ */

/* The complaints of a key (category=NAME, channel=NAME). */
struct key {
	char		*name;
	unsigned	 base;		/* in the baseline */
	unsigned	*day;		/* on each day of the period */
};

/* A complaint of the period, for the refs of a spike. */
struct prow {
	char		 ref[XF_REFLEN];
	size_t		 day;
	size_t		 key[SPIKE_DIMS];	/* (size_t)-1: none */
};

/* A complaint flagged collective, in a group. */
struct member {
	int64_t		 group, received;
	char		 ref[XF_REFLEN];
	int		 in_period;
};

/* A complaint of the repeat window with a contact: who is a hash of it
 * (xf_warn_contact_id), so the contact itself is kept nowhere. */
struct visit {
	uint64_t	 who;
	int64_t		 received;
	char		 ref[XF_REFLEN];
};

struct scan {
	const struct window *w;
	struct visit	*vis;
	size_t		 nvis, capvis;
	struct key	*key;
	size_t		 nkey, capkey;
	struct prow	*row;
	size_t		 nrow, caprow;
	struct member	*mem;
	size_t		 nmem, capmem;
	struct xf_terms	*terms;		/* NULL without history */
	struct xf_buf	 name;
};

static void
scan_free(struct scan *sc)
{
	size_t i;

	for (i = 0; i < sc->nkey; i++) {
		free(sc->key[i].name);
		free(sc->key[i].day);
	}
	free(sc->key);
	free(sc->row);
	free(sc->mem);
	free(sc->vis);
	xf_terms_free(sc->terms);
	xf_buf_free(&sc->name);
}

/* Room for one more of an array of size bytes each. */
static int
room(void **p, size_t n, size_t *cap, size_t size)
{
	void *grown;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : 64;
	if ((grown = realloc(*p, c * size)) == NULL)
		return -1;
	*p = grown;
	*cap = c;
	return 0;
}

/* The key dim=value, made when new: its index, or (size_t)-1 when
 * memory runs out.  Few keys (categories, channels): a linear search. */
static size_t
key_find(struct scan *sc, const char *dim, const char *value)
{
	struct key *k;
	size_t i;

	xf_buf_reset(&sc->name);
	if (xf_buf_printf(&sc->name, "%s=%s", dim, value) == -1)
		return (size_t)-1;
	for (i = 0; i < sc->nkey; i++)
		if (strcmp(sc->key[i].name, sc->name.p) == 0)
			return i;
	if (room((void **)&sc->key, sc->nkey, &sc->capkey,
	    sizeof(*sc->key)) == -1)
		return (size_t)-1;
	k = &sc->key[sc->nkey];
	memset(k, 0, sizeof(*k));
	if ((k->name = strdup(sc->name.p)) == NULL ||
	    (k->day = calloc(sc->w->ndays, sizeof(*k->day))) == NULL) {
		free(k->name);
		return (size_t)-1;
	}
	return sc->nkey++;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* Counts the row in its keys; a row of the period is kept for refs. */
static int
count_row(struct scan *sc, sqlite3_stmt *st, int64_t received)
{
	const char *dims[SPIKE_DIMS] = { "category", "channel" };
	const char *vals[SPIKE_DIMS] = { col(st, S_CATEGORY),
	    col(st, S_CHANNEL) };
	int in_period = received >= sc->w->since;
	struct prow *r = NULL;
	size_t i, k, day = 0;

	if (received < sc->w->base)
		return 0;
	if (in_period) {
		if (room((void **)&sc->row, sc->nrow, &sc->caprow,
		    sizeof(*sc->row)) == -1)
			return -1;
		r = &sc->row[sc->nrow++];
		xf_column_copy(st, S_REF, r->ref, sizeof(r->ref));
		r->day = day = day_of(sc->w, received);
	}
	for (i = 0; i < SPIKE_DIMS; i++) {
		k = (size_t)-1;
		/* An unclassified complaint is in no category. */
		if (*vals[i] != '\0' &&
		    (k = key_find(sc, dims[i], vals[i])) == (size_t)-1)
			return -1;
		if (r != NULL)
			r->key[i] = k;
		if (k == (size_t)-1)
			continue;
		if (in_period)
			sc->key[k].day[day]++;
		else
			sc->key[k].base++;
	}
	return 0;
}

static int
keep_member(struct scan *sc, sqlite3_stmt *st, int64_t received)
{
	struct member *m;

	if (received < sc->w->base || sqlite3_column_type(st, S_GROUP) ==
	    SQLITE_NULL || !xf_flags_has(col(st, S_FLAGS), "collective"))
		return 0;
	if (room((void **)&sc->mem, sc->nmem, &sc->capmem,
	    sizeof(*sc->mem)) == -1)
		return -1;
	m = &sc->mem[sc->nmem++];
	m->group = sqlite3_column_int64(st, S_GROUP);
	m->received = received;
	m->in_period = received >= sc->w->since;
	xf_column_copy(st, S_REF, m->ref, sizeof(m->ref));
	return 0;
}

static int
count_terms(struct scan *sc, sqlite3_stmt *st, int64_t received)
{
	struct xf_terms *t = sc->terms;
	int i;

	if (t == NULL || received < sc->w->base)
		return 0;
	xf_terms_doc(t, received >= sc->w->since);
	for (i = S_SUBJECT; i <= S_BODY; i++)
		if (xf_terms_add(t, col(st, i), (size_t)sqlite3_column_bytes(st,
		    i)) == -1)
			return -1;
	for (i = S_COMPLAINANT; i <= S_CONTACT; i++)
		if (xf_terms_exclude(t, col(st, i),
		    (size_t)sqlite3_column_bytes(st, i)) == -1)
			return -1;
	return 0;
}

static int
keep_visit(struct scan *sc, sqlite3_stmt *st, int64_t received)
{
	struct visit *v;

	if (received < sc->w->until - REPEAT_SECONDS ||
	    sqlite3_column_bytes(st, S_CONTACT) == 0)
		return 0;
	if (room((void **)&sc->vis, sc->nvis, &sc->capvis,
	    sizeof(*sc->vis)) == -1)
		return -1;
	v = &sc->vis[sc->nvis++];
	v->who = xf_warn_contact_id(col(st, S_CONTACT));
	v->received = received;
	xf_column_copy(st, S_REF, v->ref, sizeof(v->ref));
	return 0;
}

static int
scan_window(struct xf_store *s, struct scan *sc, struct xf_err *err)
{
	const struct window *w = sc->w;
	sqlite3_stmt *st;
	int64_t received;
	int rc;

	if (xf_store_prepare(s, "SELECT c.id, c.ref, c.received_at,"
	    " c.channel, " AS_OF("category") ", " AS_OF("flags") ","
	    " c.group_id, c.subject, c.body, c.complainant, c.contact"
	    " FROM complaint c WHERE c.received_at >= ?1"
	    " AND c.received_at < ?2 AND c.registered_at <= ?3"
	    " ORDER BY c.received_at, c.id", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, w->first);
	sqlite3_bind_int64(st, 2, w->until);
	sqlite3_bind_int64(st, 3, w->as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		received = sqlite3_column_int64(st, S_RECEIVED);
		if (count_row(sc, st, received) == -1 ||
		    keep_member(sc, st, received) == -1 ||
		    keep_visit(sc, st, received) == -1 ||
		    count_terms(sc, st, received) == -1) {
			sqlite3_finalize(st);
			return xf_errf(err, "out of memory");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the period", err);
	return 0;
}

/* --- spikes ----------------------------------------------------------- */

static int
spike_alert(struct alerts *l, const struct scan *sc, size_t k, size_t day,
    enum xf_severity sev, double mean, double p, unsigned days)
{
	const struct key *key = &sc->key[k];
	const char *eq = strchr(key->name, '=');
	size_t dim = strncmp(key->name, "category", 8) == 0 ? 0 : 1, i;
	struct alert *a;
	char date[16];

	if ((a = alert_new(l, sev, "spike", key->name)) == NULL)
		return -1;
	a->count = key->day[day];
	a->has_base = 1;
	a->baseline = mean;
	local_date(sc->w->day[day], date);
	if (xf_buf_printf(&a->why, "%u complaints in %s %s on %s against"
	    " %.1f a day in the %.0f days before (Poisson P(X >= %u) = %.2g)",
	    a->count, dim == 0 ? "category" : "channel", eq + 1, date, mean,
	    sc->w->base_days, a->count, p) == -1 || (days > 1 &&
	    xf_buf_printf(&a->why, "; %u days of the period are spikes",
	    days) == -1))
		return -1;
	for (i = 0; i < sc->nrow; i++)
		if (sc->row[i].day == day && sc->row[i].key[dim] == k &&
		    alert_ref(a, sc->row[i].ref) == -1)
			return -1;
	return 0;
}

/* Each key's most surprising day, when it is a spike. */
static int
spikes(struct alerts *l, const struct scan *sc)
{
	enum xf_severity sev, worst;
	double mean, p, best;
	size_t k, d, day;
	unsigned days;

	for (k = 0; k < sc->nkey; k++) {
		mean = sc->key[k].base / sc->w->base_days;
		worst = XF_SEV_NONE;
		best = 1.0;
		day = 0;
		days = 0;
		for (d = 0; d < sc->w->ndays; d++) {
			if ((sev = xf_warn_spike(sc->key[k].day[d], mean,
			    &p)) == XF_SEV_NONE)
				continue;
			days++;
			if (sev > worst || p < best) {
				worst = sev > worst ? sev : worst;
				best = p;
				day = d;
			}
		}
		if (worst != XF_SEV_NONE && spike_alert(l, sc, k, day, worst,
		    mean, best, days) == -1)
			return -1;
	}
	return 0;
}

/* --- emerging terms ----------------------------------------------------- */

struct term_refs {
	struct alert	**alert;	/* one a term, as terms */
	const struct xf_term *terms;
	size_t		 n;
	unsigned char	*seen;		/* in this complaint already */
	unsigned char	*cjk;		/* a Chinese term: found as text */
};

/* A Latin word is found as a token (it is lower-cased, and "refund" is
 * not in "refunds"); a Chinese term, a bigram or a phrase of them, as
 * the text itself. */
static int
term_token(void *ctx, const char *tok, size_t len)
{
	struct term_refs *tr = ctx;
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (!tr->seen[i] && !tr->cjk[i] &&
		    strlen(tr->terms[i].term) == len &&
		    memcmp(tr->terms[i].term, tok, len) == 0)
			tr->seen[i] = 1;
	return 0;
}

static void
term_text(struct term_refs *tr, const char *text)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (!tr->seen[i] && tr->cjk[i] &&
		    strstr(text, tr->terms[i].term) != NULL)
			tr->seen[i] = 1;
}

static int
cjk_term(const char *term)
{
	uint32_t cp;

	return xf_utf8_decode((const unsigned char *)term, strlen(term),
	    &cp) > 0 && xf_is_cjk(cp);
}

/* The refs of each term: the complaints of the period that use it. */
static int
term_refs(struct xf_store *s, const struct window *w, struct term_refs *tr,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc, bad = 0;

	if (xf_store_prepare(s, "SELECT c.ref, c.subject, c.body"
	    " FROM complaint c WHERE c.received_at >= ?1"
	    " AND c.received_at < ?2 AND c.registered_at <= ?3"
	    " ORDER BY c.received_at, c.id", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, w->since);
	sqlite3_bind_int64(st, 2, w->until);
	sqlite3_bind_int64(st, 3, w->as_of);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(tr->seen, 0, tr->n);
		xf_tokens(col(st, 1), (size_t)sqlite3_column_bytes(st, 1),
		    term_token, tr);
		xf_tokens(col(st, 2), (size_t)sqlite3_column_bytes(st, 2),
		    term_token, tr);
		term_text(tr, col(st, 1));
		term_text(tr, col(st, 2));
		for (i = 0; i < tr->n && !bad; i++)
			if (tr->seen[i])
				bad = alert_ref(tr->alert[i], col(st, 0)) == -1;
	}
	sqlite3_finalize(st);
	if (bad)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the period's texts", err);
	return 0;
}

static int
terms(struct xf_store *s, struct alerts *l, const struct scan *sc,
    struct xf_err *err)
{
	struct xf_term top[XF_WARN_TERM_TOP];
	struct alert *mine[XF_WARN_TERM_TOP];
	unsigned char seen[XF_WARN_TERM_TOP], cjk[XF_WARN_TERM_TOP];
	struct term_refs tr = { mine, top, 0, seen, cjk };
	double scale = (double)(sc->w->until - sc->w->since) / XF_DAY /
	    sc->w->base_days;
	size_t i;

	if (sc->terms == NULL)
		return 0;
	if ((tr.n = xf_terms_emerging(sc->terms, scale, top,
	    nitems(top))) == (size_t)-1)
		return xf_errf(err, "out of memory");
	for (i = 0; i < tr.n; i++) {
		if ((mine[i] = alert_new(l, top[i].sev, "term",
		    top[i].term)) == NULL)
			return xf_errf(err, "out of memory");
		cjk[i] = (unsigned char)cjk_term(top[i].term);
		mine[i]->count = top[i].period;
		mine[i]->has_base = 1;
		mine[i]->baseline = top[i].expected;
		if (xf_buf_printf(&mine[i]->why, "\"%s\" in %u complaints"
		    " against %.1f expected at the rate of the %.0f days"
		    " before (%u there): %.1f times as many", top[i].term,
		    top[i].period, top[i].expected, sc->w->base_days,
		    top[i].base, top[i].ratio) == -1)
			return xf_errf(err, "out of memory");
	}
	return tr.n > 0 ? term_refs(s, sc->w, &tr, err) : 0;
}

/* --- collective groups ------------------------------------------------ */

static int
by_group(const void *x, const void *y)
{
	const struct member *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	return strcmp(a->ref, b->ref);
}

/* "group=" and the ref of the group's first complaint. */
static int
group_key(struct xf_store *s, int64_t group, struct xf_buf *key,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	xf_buf_reset(key);
	if (xf_store_prepare(s, "SELECT ref FROM complaint WHERE id = ?1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, group);
	rc = sqlite3_step(st);
	if (xf_buf_printf(key, "group=%s", rc == SQLITE_ROW ? col(st, 0) :
	    "?") == -1)
		rc = SQLITE_NOMEM;
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a group", err);
	return 0;
}

static int
group_alert(struct xf_store *s, struct alerts *l, const struct member *m,
    size_t n, struct xf_buf *key, struct xf_err *err)
{
	enum xf_severity sev = xf_warn_collective((unsigned)n);
	unsigned in = 0;
	struct alert *a;
	size_t i;

	for (i = 0; i < n; i++)
		in += m[i].in_period;
	if (sev == XF_SEV_NONE || in == 0)
		return 0;
	if (group_key(s, m[0].group, key, err) == -1)
		return -1;
	if ((a = alert_new(l, sev, "collective", key->p)) == NULL ||
	    xf_buf_printf(&a->why, "a collective group of %zu near-identical"
	    " complaints from different complainants, %u of them in the"
	    " period", n, in) == -1)
		return xf_errf(err, "out of memory");
	a->count = (unsigned)n;
	for (i = 0; i < n; i++)
		if (alert_ref(a, m[i].ref) == -1)
			return xf_errf(err, "out of memory");
	return 0;
}

static int
groups(struct xf_store *s, struct alerts *l, struct scan *sc,
    struct xf_err *err)
{
	struct xf_buf key = { 0 };
	size_t i, j;
	int rc = 0;

	if (sc->nmem > 0)
		qsort(sc->mem, sc->nmem, sizeof(*sc->mem), by_group);
	for (i = 0; i < sc->nmem && rc == 0; i = j) {
		for (j = i; j < sc->nmem && sc->mem[j].group ==
		    sc->mem[i].group; j++)
			;
		rc = group_alert(s, l, &sc->mem[i], j - i, &key, err);
	}
	xf_buf_free(&key);
	return rc;
}

/* --- repeat complainants ------------------------------------------------ */

static int
repeat_alert(struct alerts *l, const struct window *w,
    const struct visit *v, size_t n)
{
	enum xf_severity sev = xf_warn_repeat((unsigned)n);
	char key[XF_WARN_KEYLEN], date[16];
	unsigned in = 0;
	struct alert *a;
	size_t i;

	for (i = 0; i < n; i++)
		in += v[i].received >= w->since;
	if (sev == XF_SEV_NONE || in == 0)
		return 0;
	xf_warn_contact_key(v[0].who, key);
	local_date(w->until - 1, date);
	if ((a = alert_new(l, sev, "repeat", key)) == NULL ||
	    xf_buf_printf(&a->why, "one complainant sent %zu complaints in the"
	    " %d days to %s, %u of them in the period", n, XF_REPEAT_DAYS,
	    date, in) == -1)
		return -1;
	a->count = (unsigned)n;
	for (i = 0; i < n; i++)
		if (alert_ref(a, v[i].ref) == -1)
			return -1;
	return 0;
}

static int
by_visitor(const void *x, const void *y)
{
	const struct visit *a = x, *b = y;

	if (a->who != b->who)
		return a->who < b->who ? -1 : 1;
	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	return strcmp(a->ref, b->ref);
}

/*
 * Contacts with XF_REPEAT_COUNT complaints or more in the XF_REPEAT_DAYS
 * to the period's end, one of them in the period: runs of the window's
 * complaints sorted by who sent them.  Two contacts whose hashes agree
 * in 64 bits would be taken for one: among a million contacts, a
 * chance of one in ten million.
 */
static int
repeats(struct alerts *l, struct scan *sc, struct xf_err *err)
{
	size_t i, j;

	if (sc->nvis > 0)
		qsort(sc->vis, sc->nvis, sizeof(*sc->vis), by_visitor);
	for (i = 0; i < sc->nvis; i = j) {
		for (j = i; j < sc->nvis && sc->vis[j].who == sc->vis[i].who;
		    j++)
			;
		if (repeat_alert(l, sc->w, &sc->vis[i], j - i) == -1)
			return xf_errf(err, "out of memory");
	}
	return 0;
}

/* --- risky complaints left open ------------------------------------------ */

static const char *const risky[] = { "media", "legal", "privacy" };

/*
 * The complaints open at ?3 (as_of) with a risky flag then, received
 * before ?1, oldest first.  Open then is open now, or closed or
 * rejected since (then updated since: ?2 asks for those, when ?3 is in
 * the past, so a report as of now reads the open complaints only).
 * The first part lists the open statuses so that the index on status
 * serves it; XF_OPEN_SQL decides, on the status as it stood.  A flag
 * set or taken off since also updated the row.  The second part reads
 * the rows updated since through an index on updated_at when the store
 * has one (CLOSED "+": not by status), else every closed complaint
 * through the index on status: without ANALYZE SQLite takes the status
 * for the narrower, and a scan of the table would be slower still.
 * Never by received_at ("+", and "+ 0" in the ORDER BY, which SQLite
 * would otherwise serve by walking that index): nearly every complaint
 * was received before the end.
 */
#define RISK_SQL(CLOSED)						\
	"SELECT ref, received_at, flags FROM (SELECT c.ref,"		\
	" c.received_at, " AS_OF("flags") " AS flags, "			\
	AS_OF("status") " AS status FROM complaint c"			\
	" WHERE (c.status IN " XF_IN_HAND_STATUSES			\
	" OR c.status = 'resolved') AND c.registered_at <= ?3"		\
	" AND c.received_at < ?1 AND (instr(c.flags, 'media')"		\
	" OR instr(c.flags, 'legal') OR instr(c.flags, 'privacy')"	\
	" OR c.updated_at > ?3)"					\
	" UNION ALL SELECT c.ref, c.received_at, " AS_OF("flags") ","	\
	" " AS_OF("status") " FROM complaint c WHERE ?2"		\
	" AND (" CLOSED "c.status = 'closed' OR " CLOSED "c.status ="	\
	" 'rejected') AND c.updated_at > ?3 AND +c.registered_at <= ?3"	\
	" AND +c.received_at < ?1) WHERE " XF_OPEN_SQL			\
	" ORDER BY received_at + 0, ref"

/* 1 when an index of the store starts with complaint(updated_at). */
static int
updated_index(struct xf_store *s, int *has, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT 1 FROM pragma_index_list('complaint')"
	    " l, pragma_index_info(l.name) i WHERE l.partial = 0"
	    " AND i.seqno = 0 AND i.name = 'updated_at'", &st, err) == -1)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the indexes", err);
	*has = rc == SQLITE_ROW;
	return 0;
}

static int
risk_row(struct alert **by_flag, int64_t *oldest, sqlite3_stmt *st,
    int64_t end)
{
	int64_t age = end - sqlite3_column_int64(st, 1);
	size_t i;

	for (i = 0; i < nitems(risky); i++) {
		int days = xf_warn_open_days(risky[i]);

		if (!xf_flags_has(col(st, 2), risky[i]) ||
		    xf_warn_open(age, days) == XF_SEV_NONE)
			continue;
		if (by_flag[i]->count++ == 0)
			oldest[i] = age;
		if (alert_ref(by_flag[i], col(st, 0)) == -1)
			return -1;
	}
	return 0;
}

static int
risk_read(struct xf_store *s, const struct window *w, int now_later,
    struct alert **by_flag, int64_t *oldest, struct xf_err *err)
{
	int min = XF_WARN_MEDIA_DAYS < XF_WARN_LEGAL_DAYS ?
	    XF_WARN_MEDIA_DAYS : XF_WARN_LEGAL_DAYS;
	sqlite3_stmt *st;
	int rc, bad = 0, has = 0;

	if (updated_index(s, &has, err) == -1 || xf_store_prepare(s,
	    has ? RISK_SQL("+") : RISK_SQL(""), &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, w->until < w->as_of - (int64_t)min * XF_DAY ?
	    w->until : w->as_of - (int64_t)min * XF_DAY);
	sqlite3_bind_int(st, 2, now_later);
	sqlite3_bind_int64(st, 3, w->as_of);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW)
		bad = risk_row(by_flag, oldest, st, w->as_of) == -1;
	sqlite3_finalize(st);
	if (bad)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading open risky complaints", err);
	return 0;
}

/* One alert a flag, as severe as its oldest complaint makes it. */
static int
risks(struct xf_store *s, struct alerts *l, const struct window *w,
    int64_t now, struct xf_err *err)
{
	struct alert *by_flag[nitems(risky)];
	int64_t oldest[nitems(risky)] = { 0 };
	size_t i, first = l->n;
	char date[32];
	int days;

	for (i = 0; i < nitems(risky); i++)
		if ((by_flag[i] = alert_new(l, XF_SEV_NONE, "risk_open",
		    risky[i])) == NULL)
			return xf_errf(err, "out of memory");
	/* alert_new may move the list: point at the final places. */
	for (i = 0; i < nitems(risky); i++)
		by_flag[i] = &l->a[first + i];
	if (risk_read(s, w, now > w->as_of, by_flag, oldest, err) == -1)
		return -1;
	local_time(w->as_of, date);
	for (i = 0; i < nitems(risky); i++) {
		days = xf_warn_open_days(risky[i]);
		by_flag[i]->sev = xf_warn_open(oldest[i], days);
		if (by_flag[i]->count > 0 && xf_buf_printf(&by_flag[i]->why,
		    "%u complaints flagged %s open longer than %d day%s as"
		    " of %s, the oldest for %.1f days", by_flag[i]->count,
		    risky[i], days, days == 1 ? "" : "s", date,
		    (double)oldest[i] / XF_DAY) == -1)
			return xf_errf(err, "out of memory");
	}
	return 0;
}

/* Drops the alerts of no severity (a risky flag with nothing open). */
static void
alerts_prune(struct alerts *l)
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
    const struct window *w, struct alerts *l, struct xf_err *err)
{
	struct scan sc;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	sc.w = w;
	if (w->history && (sc.terms = xf_terms_new()) == NULL)
		return xf_errf(err, "out of memory");
	if (scan_window(s, &sc, err) == -1)
		goto out;
	if (w->history && spikes(l, &sc) == -1) {
		xf_errf(err, "out of memory");
		goto out;
	}
	if ((w->history && terms(s, l, &sc, err) == -1) ||
	    groups(s, l, &sc, err) == -1 || repeats(l, &sc, err) == -1 ||
	    risks(s, l, w, o->now, err) == -1)
		goto out;
	alerts_prune(l);
	rc = 0;
out:
	scan_free(&sc);
	return rc;
}

int
xf_report_alerts(struct xf_store *s, const struct xf_report_opts *o,
    struct xf_report *r, struct xf_err *err)
{
	struct alerts l = { 0 };
	struct xf_rtable *t;
	struct window w;
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
