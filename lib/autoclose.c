/*
 * autoclose.c: a resolved complaint nobody answered is closed after its
 * policy row's close span (xf-status autoclose, issue 16).  An answer
 * the complainant does not reply to is taken as accepted; one that got
 * a reply waits for a person, who reads it and closes or reopens.
 *
 * The list is read outside any write; each complaint is then checked
 * again inside its own move's transaction, so a reply that came in
 * between keeps it open.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

/*
 * A reply is a message in, registered after the answer, from someone
 * who may speak for the complaint (an unverified one moves nothing
 * until a person confirms it: reply.c), that says more than thank you
 * (a thank-you accepts the answer: thanks.c).
 */
#define CANDIDATE_SQL "SELECT c.id, c.ref, c.category, c.priority, " \
    "c.resolved_at, EXISTS (SELECT 1 FROM message m WHERE " \
    "m.complaint_id = c.id AND m.direction = 'in' AND " \
    "m.registered_at > c.resolved_at AND (m.trust = 'ok' OR " \
    "m.trust = 'confirmed') AND NOT xf_thanks(m.body)) FROM complaint c " \
    "WHERE c.status = 'resolved' AND c.resolved_at IS NOT NULL"

static void
sql_thanks(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *body = sqlite3_value_text(argv[0]);

	(void)argc;
	sqlite3_result_int(cx, body != NULL &&
	    xf_mail_thanks((const char *)body));
}

/* CANDIDATE_SQL prepared, with the function it calls. */
static int
prepare(struct xf_store *s, const char *sql, sqlite3_stmt **st,
    struct xf_err *err)
{
	if (sqlite3_create_function(s->db, "xf_thanks", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_thanks, NULL, NULL) != SQLITE_OK)
		return xf_store_fail(s, "preparing to close", err);
	return xf_store_prepare(s, sql, st, err);
}

/* The time row st (CANDIDATE_SQL) may be closed at, or -1: never, a
 * reply came; rule is its policy row. */
static int64_t
close_at(const struct xf_sla *sla, sqlite3_stmt *st,
    const struct xf_policy_rule **rule)
{
	*rule = xf_policy_find(&sla->policy,
	    (const char *)sqlite3_column_text(st, 2),
	    (const char *)sqlite3_column_text(st, 3));
	if (*rule == NULL || sqlite3_column_int(st, 5))
		return -1;
	return sqlite3_column_int64(st, 4) + (int64_t)(*rule)->close.days *
	    XF_DAY + (*rule)->close.seconds;
}

/* Appends ref to *v of *n, growing it by half again. */
static int
add_ref(char (**v)[XF_REFLEN], size_t *n, size_t *cap, const char *ref)
{
	char (*nv)[XF_REFLEN];

	if (*n == *cap) {
		*cap = *cap ? *cap + *cap / 2 : 64;
		if ((nv = realloc(*v, *cap * sizeof(**v))) == NULL)
			return -1;
		*v = nv;
	}
	snprintf((*v)[(*n)++], XF_REFLEN, "%s", ref);
	return 0;
}

int
xf_autoclose_due(struct xf_store *s, const struct xf_sla *sla, int64_t now,
    char (**refs)[XF_REFLEN], size_t *n, struct xf_err *err)
{
	const struct xf_policy_rule *rule;
	sqlite3_stmt *st;
	size_t cap = 0;
	int64_t at;
	int rc;

	*refs = NULL;
	*n = 0;
	if (prepare(s, CANDIDATE_SQL " ORDER BY c.id", &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		at = close_at(sla, st, &rule);
		if (at < 0 || at > now)
			continue;
		if (add_ref(refs, n, &cap, (const char *)
		    sqlite3_column_text(st, 1)) == -1) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*refs);
	*refs = NULL;
	*n = 0;
	if (rc == SQLITE_NOMEM)
		return xf_errf(err, "out of memory");
	return xf_store_fail(s, "finding complaints to close", err);
}

/* Inside the move's transaction: still due to close, and why, or err. */
static int
still_due(struct xf_store *s, const struct xf_sla *sla, int64_t id,
    struct xf_change *ch, char *why, size_t len, struct xf_err *err)
{
	const struct xf_policy_rule *rule;
	const char *base = strrchr(sla->policy.path, '/');
	sqlite3_stmt *st;
	char span[32];
	int64_t at = -1;
	int rc;

	if (prepare(s, CANDIDATE_SQL " AND c.id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (at = close_at(sla, st, &rule)) >= 0) {
		xf_span_format(&rule->close, span, sizeof(span));
		snprintf(why, len, "closed automatically: no reply in %s "
		    "since it was resolved (%s:%d)", span,
		    base != NULL ? base + 1 : sla->policy.path, rule->line);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a resolved complaint", err);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "%s: not closed automatically: it is no "
		    "longer resolved", ch->ref);
	if (at < 0)
		return xf_errf(err, "%s: not closed automatically: the "
		    "complainant replied since it was resolved", ch->ref);
	if (at > ch->now)
		return xf_errf(err, "%s: not closed automatically: its close "
		    "span has not passed", ch->ref);
	return 0;
}

int
xf_autoclose(struct xf_store *s, const struct xf_sla *sla, const char *ref,
    struct xf_change *ch, struct xf_err *err)
{
	const char *given = ch->reason;
	char why[512];
	int64_t id, mark;
	int rc;

	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	rc = still_due(s, sla, id, ch, why, sizeof(why), err);
	if (rc == 0) {
		ch->reason = why;
		rc = xf_move_in_tx(s, xf_move_find("close"), id, ch, err);
		ch->reason = given;
	}
	if (rc == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}
