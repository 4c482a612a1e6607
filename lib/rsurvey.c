/*
 * rsurvey.c: what the surveys of a period say (xf-survey results,
 * xf-report survey): how many were sent and answered, the response
 * rate, CSAT (the share of 4s and 5s among the answers), the mean and
 * the distribution, by a grouping if asked, and the comments.
 *
 * A survey belongs to the period it was sent in, and counts as
 * answered when its answer was in by as_of: a past period's response
 * rate may still grow as late answers come in, never shrink.  The
 * figures come from the survey table (indexed by sent_at), not the
 * event log: a survey row changes once, when it is answered, and its
 * answered_at says when.
 *
 * Comments are the complainant's own words and may name people,
 * addresses or numbers.  They are shown by ref only, never with the
 * complainant's name or contact, and the numbers and addresses in them
 * are masked by xf_redact (redact.c), as xf-redact(1) masks them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"


static const struct group {
	const char	*name;
	const char	*expr;		/* fixed SQL, never input */
} groups[] = {
	{ "category", "c.category" },
	{ "team", "c.team" },
	{ "assignee", "c.assignee" },
	{ "channel", "c.channel" },
};

static const struct group *
group_find(const char *by)
{
	size_t i;

	for (i = 0; by != NULL && i < nitems(groups); i++)
		if (strcmp(groups[i].name, by) == 0)
			return &groups[i];
	return NULL;
}

const char *
xf_survey_by_check(const char *by)
{
	if (by == NULL || group_find(by) != NULL)
		return NULL;
	return "surveys are grouped by category, team, assignee or channel";
}

/* --- the figures --------------------------------------------------------- */

static const struct xf_col fig_cols[] = {
	{ "sent", XF_COL_NUM }, { "answered", XF_COL_NUM },
	{ "response_rate_pct", XF_COL_NUM }, { "csat_pct", XF_COL_NUM },
	{ "mean", XF_COL_NUM }, { "score_1", XF_COL_NUM },
	{ "score_2", XF_COL_NUM }, { "score_3", XF_COL_NUM },
	{ "score_4", XF_COL_NUM }, { "score_5", XF_COL_NUM },
};

enum { NFIG = nitems(fig_cols), NSCORE = 5 };

static const char fig_sql[] =
    "SELECT %s, count(*), sum(a), sum(a AND score = 1), sum(a AND score = 2),"
    " sum(a AND score = 3), sum(a AND score = 4), sum(a AND score = 5),"
    " sum(CASE WHEN a THEN score ELSE 0 END) FROM (SELECT %s AS g, v.score"
    " AS score, (v.answered_at IS NOT NULL AND v.answered_at <= ?3) AS a"
    " FROM survey v JOIN complaint c ON c.id = v.complaint_id"
    " WHERE v.sent_at >= ?1 AND v.sent_at < ?2 AND v.sent_at <= ?3)"
    " GROUP BY g ORDER BY g";

static void
pct(char *buf, size_t len, long part, long whole)
{
	if (whole == 0)
		*buf = '\0';
	else
		snprintf(buf, len, "%.1f", 100.0 * (double)part /
		    (double)whole);
}

/* One row of figures from the statement's columns 1.. */
static int
fig_row(struct xf_rtable *t, sqlite3_stmt *st, int grouped)
{
	char cell[NFIG][32], group[256];
	const char *vals[NFIG + 1];
	long sent = sqlite3_column_int64(st, 1), ans =
	    sqlite3_column_int64(st, 2), n[NSCORE], sum;
	size_t i, k = 0;

	for (i = 0; i < NSCORE; i++)
		n[i] = sqlite3_column_int64(st, 3 + (int)i);
	sum = sqlite3_column_int64(st, 3 + NSCORE);
	snprintf(cell[0], sizeof(cell[0]), "%ld", sent);
	snprintf(cell[1], sizeof(cell[1]), "%ld", ans);
	pct(cell[2], sizeof(cell[2]), ans, sent);
	pct(cell[3], sizeof(cell[3]), n[3] + n[4], ans);
	if (ans > 0)
		snprintf(cell[4], sizeof(cell[4]), "%.2f", (double)sum /
		    (double)ans);
	else
		cell[4][0] = '\0';
	for (i = 0; i < NSCORE; i++)
		snprintf(cell[5 + i], sizeof(cell[5 + i]), "%ld", n[i]);
	if (grouped) {
		xf_column_copy(st, 0, group, sizeof(group));
		vals[k++] = *group ? group : "(none)";
	}
	for (i = 0; i < NFIG; i++)
		vals[k++] = *cell[i] ? cell[i] : NULL;
	return xf_rtable_row(t, vals);
}

static int
figures(struct xf_store *s, int64_t since, int64_t until, int64_t as_of,
    const struct group *g, struct xf_report *r, struct xf_err *err)
{
	struct xf_col cols[NFIG + 1];
	struct xf_rtable *t;
	char sql[sizeof(fig_sql) + 64];
	sqlite3_stmt *st;
	size_t k = 0, i;
	int rc;

	if (g != NULL)
		cols[k++] = (struct xf_col){ g->name, XF_COL_TEXT };
	for (i = 0; i < NFIG; i++)
		cols[k++] = fig_cols[i];
	if ((t = xf_report_table(r, "satisfaction", cols, k)) == NULL)
		return xf_errf(err, "out of memory");
	snprintf(sql, sizeof(sql), fig_sql, g ? "g" : "NULL",
	    g ? g->expr : "NULL");
	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_int64(st, 1) > 0 &&
		    fig_row(t, st, g != NULL) == -1)
			break;
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the surveys", err);
	return 0;
}

static int
comments(struct xf_store *s, int64_t since, int64_t until, int64_t as_of,
    struct xf_report *r, struct xf_err *err)
{
	static const struct xf_col cols[] = {
		{ "ref", XF_COL_TEXT }, { "score", XF_COL_NUM },
		{ "comment", XF_COL_TEXT },
	};
	struct xf_rtable *t;
	struct xf_buf m = { 0 };
	sqlite3_stmt *st;
	const char *vals[3], *comment;
	int rc;

	if ((t = xf_report_table(r, "comments", cols, nitems(cols))) == NULL)
		return xf_errf(err, "out of memory");
	if (xf_store_prepare(s, "SELECT c.ref, v.score, v.comment FROM survey v"
	    " JOIN complaint c ON c.id = v.complaint_id WHERE v.sent_at >= ?1"
	    " AND v.sent_at < ?2 AND v.sent_at <= ?3 AND v.answered_at <= ?3"
	    " AND v.comment IS NOT NULL ORDER BY v.answered_at, v.id", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		vals[0] = (const char *)sqlite3_column_text(st, 0);
		vals[1] = (const char *)sqlite3_column_text(st, 1);
		/* the WHERE says there is one; NULL only when out of memory */
		if ((comment = (const char *)sqlite3_column_text(st, 2)) == NULL)
			comment = "";
		xf_buf_reset(&m);
		if (xf_redact(comment, strlen(comment), &m, NULL) == -1)
			break;
		vals[2] = xf_buf_str(&m);
		if (xf_rtable_row(t, vals) == -1)
			break;
	}
	sqlite3_finalize(st);
	xf_buf_free(&m);
	if (rc == SQLITE_ROW)
		return xf_errf(err, "out of memory");
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the comments", err);
	return 0;
}

/* 1 when a survey was sent in the period, 0 when none was. */
static int
any_sent(struct xf_store *s, int64_t since, int64_t until, int64_t as_of,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT 1 FROM survey WHERE sent_at >= ?1"
	    " AND sent_at < ?2 AND sent_at <= ?3 LIMIT 1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, as_of);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return xf_store_fail(s, "reading the surveys", err);
}

int
xf_survey_report(struct xf_store *s, int64_t since, int64_t until,
    int64_t as_of, const char *by, unsigned flags, struct xf_report *r,
    struct xf_err *err)
{
	const struct group *g = group_find(by);
	int rc;

	if (by != NULL && g == NULL) {
		xf_errf(err, "--by %s: %s", by, xf_survey_by_check(by));
		return xf_err_config(err);
	}
	if ((flags & XF_SURVEY_IF_ANY) &&
	    (rc = any_sent(s, since, until, as_of, err)) != 1)
		return rc;
	if (figures(s, since, until, as_of, g, r, err) == -1)
		return -1;
	if (!(flags & XF_SURVEY_COMMENTS))
		return 0;
	return comments(s, since, until, as_of, r, err);
}
