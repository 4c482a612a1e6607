/*
 * alertrisk.c: media, legal and privacy complaints left open too long
 * (xf-report alerts, risk_open; the rule is in alert.c's opening text),
 * as the store stood at as_of.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

/* --- risky complaints left open ------------------------------------------ */

static const char *const risky[] = { "media", "legal", "privacy" };

/*
 * The complaints in hand at ?3 (as_of) with a risky flag then, received
 * before ?1, oldest first: not yet resolved, as a resolved complaint
 * has had its answer and is no longer a risk left lying.  Such a
 * complaint is flagged now and in hand now, or was changed since ?3
 * (every change of status or flags updates the row): the first part
 * reads the flagged ones through complaint_flagged, the partial index
 * of the few complaints with any flag (reading every complaint in hand
 * through the status index took 0.27 s at 1,000,000 complaints, for
 * none flagged); the second, only when ?3 is past (?2), those updated
 * since, through complaint_updated, and the outer WHERE and risk_row
 * decide on the status and flags as they stood.  UNION, not UNION ALL:
 * a complaint flagged now and changed since is one row.  Never by
 * received_at ("+", and "+ 0" in the ORDER BY, which SQLite would
 * otherwise serve by walking that index): nearly every complaint was
 * received before the end.
 */
#define RISK_COLS							\
	"SELECT c.ref, c.received_at, " XF_AS_OF_SQL("flags") " AS flags, "	\
	XF_AS_OF_SQL("status") " AS status FROM complaint c"
#define RISK_SQL							\
	"SELECT ref, received_at, flags FROM (" RISK_COLS		\
	" WHERE c.flags <> '' AND +c.status IN " XF_IN_HAND_STATUSES	\
	" AND +c.registered_at <= ?3 AND +c.received_at < ?1"		\
	" UNION " RISK_COLS " WHERE ?2 AND c.updated_at > ?3"		\
	" AND +c.registered_at <= ?3 AND +c.received_at < ?1)"		\
	" WHERE status IN " XF_IN_HAND_STATUSES				\
	" ORDER BY received_at + 0, ref"

static int
risk_row(struct xf_arow **by_flag, int64_t *oldest, sqlite3_stmt *st,
    int64_t end)
{
	int64_t age = end - sqlite3_column_int64(st, 1);
	size_t i;

	for (i = 0; i < nitems(risky); i++) {
		int days = xf_warn_open_days(risky[i]);

		if (!xf_flags_has(xf_col_text(st, 2), risky[i]) ||
		    xf_warn_open(age, days) == XF_SEV_NONE)
			continue;
		if (by_flag[i]->count++ == 0)
			oldest[i] = age;
		if (xf_arow_ref(by_flag[i], xf_col_text(st, 0)) == -1)
			return -1;
	}
	return 0;
}

static int
risk_read(struct xf_store *s, const struct xf_awindow *w, int now_later,
    struct xf_arow **by_flag, int64_t *oldest, struct xf_err *err)
{
	int min = XF_WARN_MEDIA_DAYS < XF_WARN_LEGAL_DAYS ?
	    XF_WARN_MEDIA_DAYS : XF_WARN_LEGAL_DAYS;
	sqlite3_stmt *st;
	int rc, bad = 0;

	if (xf_store_prepare(s, RISK_SQL, &st, err) == -1)
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
int
xf_alerts_risk(struct xf_store *s, const struct xf_awindow *w, int64_t now,
    struct xf_alist *l, struct xf_err *err)
{
	struct xf_arow *by_flag[nitems(risky)];
	int64_t oldest[nitems(risky)] = { 0 };
	size_t i, first = l->n;
	char date[32];
	int days;

	for (i = 0; i < nitems(risky); i++)
		if ((by_flag[i] = xf_alist_add(l, XF_SEV_NONE, "risk_open",
		    risky[i])) == NULL)
			return xf_errf(err, "out of memory");
	/* alert_new may move the list: point at the final places. */
	for (i = 0; i < nitems(risky); i++)
		by_flag[i] = &l->a[first + i];
	if (risk_read(s, w, now > w->as_of, by_flag, oldest, err) == -1)
		return -1;
	xf_alert_time(w->as_of, date);
	for (i = 0; i < nitems(risky); i++) {
		days = xf_warn_open_days(risky[i]);
		by_flag[i]->sev = xf_warn_open(oldest[i], days);
		if (by_flag[i]->count > 0 && xf_buf_printf(&by_flag[i]->why,
		    "%u complaint%s flagged %s unresolved longer than %d day%s"
		    " as of %s, the oldest for %.1f days", by_flag[i]->count,
		    by_flag[i]->count == 1 ? "" : "s", risky[i], days,
		    days == 1 ? "" : "s", date,
		    (double)oldest[i] / XF_DAY) == -1)
			return xf_errf(err, "out of memory");
	}
	return 0;
}
