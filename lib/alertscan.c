/*
 * alertscan.c: the alerts one pass over a period and its baseline finds
 * (xf-report alerts; the rules are in alert.c's opening text): spikes
 * of a category or a channel, emerging terms, collective groups and
 * repeat complainants.
 *
 * The pass reads the window's complaints once, in received order,
 * through the index on complaint(received_at), and keeps no text and
 * no contact: counts a key a day, the refs of the period, the members
 * of groups, and a hash of each contact of the repeat window.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

#define REPEAT_SECONDS	((int64_t)XF_REPEAT_DAYS * XF_DAY)
#define SPIKE_DIMS	2		/* category, channel */

/* The columns of scan_window's SELECT. */
enum {
	S_ID, S_REF, S_RECEIVED, S_CHANNEL, S_CATEGORY, S_FLAGS, S_GROUP,
	S_SUBJECT, S_BODY, S_COMPLAINANT, S_CONTACT
};

/* The day of the period t falls on (since <= t < until). */
static size_t
day_of(const struct xf_awindow *w, int64_t t)
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

/* --- one pass over the baseline and the period ------------------------ */

/* The complaints of a key (category=NAME, channel=NAME). */
struct key {
	char		*name;
	unsigned	 base;		/* in the baseline */
	unsigned	*day;		/* on each day of the period */
};

/* A complaint of the period, for the refs of a spike. */
struct prow {
	int64_t		 received, id;	/* the order refs are listed in */
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
	const struct xf_awindow *w;
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

/* Counts the row in its keys; a row of the period is kept for refs. */
static int
count_row(struct scan *sc, sqlite3_stmt *st, int64_t received)
{
	const char *dims[SPIKE_DIMS] = { "category", "channel" };
	const char *vals[SPIKE_DIMS] = { xf_col_text(st, S_CATEGORY),
	    xf_col_text(st, S_CHANNEL) };
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
		r->received = received;
		r->id = sqlite3_column_int64(st, S_ID);
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
	    SQLITE_NULL || !xf_flags_has(xf_col_text(st, S_FLAGS), "collective"))
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
		if (xf_terms_add(t, xf_col_text(st, i), (size_t)sqlite3_column_bytes(st,
		    i)) == -1)
			return -1;
	for (i = S_COMPLAINANT; i <= S_CONTACT; i++)
		if (xf_terms_exclude(t, xf_col_text(st, i),
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
	v->who = xf_warn_contact_id(xf_col_text(st, S_CONTACT));
	v->received = received;
	xf_column_copy(st, S_REF, v->ref, sizeof(v->ref));
	return 0;
}

/* The period's complaints by time, as their refs are listed. */
static int
by_received(const void *x, const void *y)
{
	const struct prow *a = x, *b = y;

	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * The window's complaints in rowid order, their ids found through the
 * index on received_at: they lie scattered over a big store, and read
 * in received order each costs a page, where in rowid order the pages
 * come in file order and neighbours share them (48,000 complaints at
 * 1,000,000: 0.15 s of CPU against 0.23 s).  Nothing counted depends
 * on the order but the refs of a spike, sorted back afterwards.
 */
static int
scan_window(struct xf_store *s, struct scan *sc, struct xf_err *err)
{
	const struct xf_awindow *w = sc->w;
	sqlite3_stmt *st;
	int64_t received;
	int rc;

	if (xf_store_prepare(s, "SELECT c.id, c.ref, c.received_at,"
	    " c.channel, " XF_AS_OF_SQL("category") ", " XF_AS_OF_SQL("flags") ","
	    " c.group_id, c.subject, c.body, c.complainant, c.contact"
	    " FROM complaint c WHERE c.id IN (SELECT id FROM complaint"
	    " WHERE received_at >= ?1 AND received_at < ?2)"
	    " AND c.registered_at <= ?3", &st, err) == -1)
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
	if (sc->nrow > 0)
		qsort(sc->row, sc->nrow, sizeof(*sc->row), by_received);
	return 0;
}

/* --- spikes ----------------------------------------------------------- */

static int
spike_alert(struct xf_alist *l, const struct scan *sc, size_t k, size_t day,
    enum xf_severity sev, double mean, double p, unsigned days)
{
	const struct key *key = &sc->key[k];
	const char *eq = strchr(key->name, '=');
	size_t dim = strncmp(key->name, "category", 8) == 0 ? 0 : 1, i;
	struct xf_arow *a;
	char date[16];

	if ((a = xf_alist_add(l, sev, "spike", key->name)) == NULL)
		return -1;
	a->count = key->day[day];
	a->has_base = 1;
	a->baseline = mean;
	xf_alert_date(sc->w->day[day], date);
	if (xf_buf_printf(&a->why, "%u complaints in %s %s on %s against"
	    " %.1f a day in the %.0f days before (Poisson P(X >= %u) = %.2g)",
	    a->count, dim == 0 ? "category" : "channel", eq + 1, date, mean,
	    sc->w->base_days, a->count, p) == -1 || (days > 1 &&
	    xf_buf_printf(&a->why, "; %u days of the period are spikes",
	    days) == -1))
		return -1;
	for (i = 0; i < sc->nrow; i++)
		if (sc->row[i].day == day && sc->row[i].key[dim] == k &&
		    xf_arow_ref(a, sc->row[i].ref) == -1)
			return -1;
	return 0;
}

/* Each key's most surprising day, when it is a spike. */
static int
spikes(struct xf_alist *l, const struct scan *sc)
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
	struct xf_arow	**alert;	/* one a term, as terms */
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
term_refs(struct xf_store *s, const struct xf_awindow *w, struct term_refs *tr,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc, bad = 0, words = 0;

	/* Only a Latin word is found by tokens: with none among the terms
	 * (Chinese complaints), the texts need no tokenizing. */
	for (i = 0; i < tr->n; i++)
		words |= !tr->cjk[i];
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
		if (words) {
			xf_tokens_pairs(xf_col_text(st, 1),
			    (size_t)sqlite3_column_bytes(st, 1), term_token, tr);
			xf_tokens_pairs(xf_col_text(st, 2),
			    (size_t)sqlite3_column_bytes(st, 2), term_token, tr);
		}
		term_text(tr, xf_col_text(st, 1));
		term_text(tr, xf_col_text(st, 2));
		for (i = 0; i < tr->n && !bad; i++)
			if (tr->seen[i])
				bad = xf_arow_ref(tr->alert[i], xf_col_text(st, 0)) == -1;
	}
	sqlite3_finalize(st);
	if (bad)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the period's texts", err);
	return 0;
}

static int
terms(struct xf_store *s, struct xf_alist *l, const struct scan *sc,
    struct xf_err *err)
{
	struct xf_term top[XF_WARN_TERM_TOP];
	struct xf_arow *mine[XF_WARN_TERM_TOP];
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
		if ((mine[i] = xf_alist_add(l, top[i].sev, "term",
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
	if (xf_buf_printf(key, "group=%s", rc == SQLITE_ROW ? xf_col_text(st, 0) :
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
group_alert(struct xf_store *s, struct xf_alist *l, const struct member *m,
    size_t n, struct xf_buf *key, struct xf_err *err)
{
	enum xf_severity sev = xf_warn_collective((unsigned)n);
	unsigned in = 0;
	struct xf_arow *a;
	size_t i;

	for (i = 0; i < n; i++)
		in += m[i].in_period;
	if (sev == XF_SEV_NONE || in == 0)
		return 0;
	if (group_key(s, m[0].group, key, err) == -1)
		return -1;
	if ((a = xf_alist_add(l, sev, "collective", key->p)) == NULL ||
	    xf_buf_printf(&a->why, "a collective group of %zu near-identical"
	    " complaints from different complainants, %u of them in the"
	    " period", n, in) == -1)
		return xf_errf(err, "out of memory");
	a->count = (unsigned)n;
	for (i = 0; i < n; i++)
		if (xf_arow_ref(a, m[i].ref) == -1)
			return xf_errf(err, "out of memory");
	return 0;
}

static int
groups(struct xf_store *s, struct xf_alist *l, struct scan *sc,
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
repeat_alert(struct xf_alist *l, const struct xf_awindow *w,
    const struct visit *v, size_t n)
{
	enum xf_severity sev = xf_warn_repeat((unsigned)n);
	char key[XF_WARN_KEYLEN], date[16];
	unsigned in = 0;
	struct xf_arow *a;
	size_t i;

	for (i = 0; i < n; i++)
		in += v[i].received >= w->since;
	if (sev == XF_SEV_NONE || in == 0)
		return 0;
	xf_warn_contact_key(v[0].who, key);
	xf_alert_date(w->until - 1, date);
	if ((a = xf_alist_add(l, sev, "repeat", key)) == NULL ||
	    xf_buf_printf(&a->why, "one complainant sent %zu complaints in the"
	    " %d days to %s, %u of them in the period", n, XF_REPEAT_DAYS,
	    date, in) == -1)
		return -1;
	a->count = (unsigned)n;
	for (i = 0; i < n; i++)
		if (xf_arow_ref(a, v[i].ref) == -1)
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
repeats(struct xf_alist *l, struct scan *sc, struct xf_err *err)
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

/* --- the pass and what it finds --------------------------------------- */

int
xf_alerts_scan(struct xf_store *s, const struct xf_awindow *w,
    struct xf_alist *l, struct xf_err *err)
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
	    groups(s, l, &sc, err) == -1 || repeats(l, &sc, err) == -1)
		goto out;
	rc = 0;
out:
	scan_free(&sc);
	return rc;
}
