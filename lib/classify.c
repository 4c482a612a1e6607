/*
 * classify.c: category, priority and flags for a stored complaint.
 *
 * Rules first (people wrote them, and a rule names why); the model only
 * where no rule gave a category, and only when it is confident enough,
 * else the complaint is marked for review rather than guessed.  Derived
 * flags come from the store: the same contact again and again (repeat),
 * many people sending the same letter (collective).
 *
 * Whatever a person set stays as the person set it.  This file is that
 * rule's one home: xf_classify_set is the only writer of the complaint's
 * human column (which fields a person decided), and the classifier below
 * is its only reader, besides the choice of what a model learns from.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define HOUR	XF_HOUR

struct row {
	char	*subject, *body, *contact, *kind, *category, *flags, *human;
	int	 priority;
	int64_t	 received;
	char	 ref[XF_REFLEN];
};

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return strdup(t ? (const char *)t : "");
}

static void
free_row(struct row *r)
{
	free(r->subject);
	free(r->body);
	free(r->contact);
	free(r->kind);
	free(r->category);
	free(r->flags);
	free(r->human);
}

static int
load_row(struct xf_store *s, int64_t id, struct row *r, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof(*r));
	if (xf_store_prepare(s, "SELECT ref, subject, body, contact, kind,"
	    " category, coalesce(substr(priority, 2), '0'), flags, human,"
	    " received_at FROM complaint WHERE id = ?", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(r->ref, sizeof(r->ref), "%s",
		    sqlite3_column_text(st, 0));
		r->subject = dup_col(st, 1);
		r->body = dup_col(st, 2);
		r->contact = dup_col(st, 3);
		r->kind = dup_col(st, 4);
		r->category = dup_col(st, 5);
		r->priority = sqlite3_column_int(st, 6);
		r->flags = dup_col(st, 7);
		r->human = dup_col(st, 8);
		r->received = sqlite3_column_int64(st, 9);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "complaint %lld: no such complaint",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint", err);
	if (!r->subject || !r->body || !r->contact || !r->kind ||
	    !r->category || !r->flags || !r->human)
		return xf_errf(err, "out of memory");
	return 0;
}

int
xf_classify_prepare(struct xf_classifier *k, struct xf_err *err)
{
	/* complaint_received, which the collective check reads, is the
	 * schema's since version 5 (share/schema-5.sql). */
	if (sqlite3_exec(k->store->db,
	    "CREATE INDEX IF NOT EXISTS complaint_contact"
	    " ON complaint(contact, received_at);", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return xf_store_fail(k->store, "creating indexes", err);
	return 0;
}

/* --- priority ---------------------------------------------------------- */

/*
 * The confidence below which a model's label goes to review: threshold
 * itself, or for XF_THRESHOLD_AUTO halfway from a pure guess among
 * nlabels (1/nlabels) to certainty, and never under XF_THRESHOLD, so
 * that a model of two labels needs 0.75 and one of twenty 0.525.
 */
static double
threshold_for(double threshold, size_t nlabels)
{
	double half;

	if (threshold >= 0 || nlabels == 0)
		return threshold >= 0 ? threshold : XF_THRESHOLD;
	half = (1.0 + 1.0 / (double)nlabels) / 2;
	return half > XF_THRESHOLD ? half : XF_THRESHOLD;
}

/* The priority a complaint of kind with flags gets (see xf-classify(1)). */
static int
priority_for(const char *kind, const char *flags, int rule_min)
{
	int p = strcmp(kind, "complaint") == 0 ? 3 : 4;

	if (rule_min && rule_min < p)
		p = rule_min;
	if ((xf_flags_has(flags, "privacy") || xf_flags_has(flags, "legal") ||
	    xf_flags_has(flags, "media") || xf_flags_has(flags, "vip")) && p > 2)
		p = 2;
	/* Legal exposure and public exposure at once is a crisis. */
	if (xf_flags_has(flags, "collective") || (xf_flags_has(flags, "legal") &&
	    xf_flags_has(flags, "media")))
		p = 1;
	if (xf_flags_has(flags, "repeat") && p > 1)
		p--;
	return p;
}

/* --- derived flags ----------------------------------------------------- */

static int
is_repeat(struct xf_store *s, const struct row *r, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (*r->contact == '\0')
		return 0;
	if (xf_store_prepare(s, "SELECT count(*) FROM complaint WHERE"
	    " contact = ?1 AND received_at BETWEEN ?2 AND ?3", &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, r->contact, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->received - XF_REPEAT_DAYS * XF_DAY);
	sqlite3_bind_int64(st, 3, r->received);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "counting repeats", err);
	return n >= XF_REPEAT_COUNT;
}

/*
 * Near-duplicates of this text from other contacts within the window.
 * Returns how many complainants (this one included) sent it, and the
 * group the complaint joins (the smallest id among them) in *group.
 */
static int
collective(struct xf_store *s, int64_t id, const struct row *r,
    uint64_t hash, int64_t *group, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, others = 0;

	*group = id;
	if (hash == 0)		/* no text to compare */
		return 1;
	/* Distinct complainants: one person writing thrice is a repeat. */
	if (xf_store_prepare(s, "SELECT min(id), simhash,"
	    " min(coalesce(group_id, id)) FROM complaint"
	    " WHERE received_at BETWEEN ?1 AND ?2 AND id <> ?3"
	    " AND simhash IS NOT NULL AND simhash <> 0"
	    " AND coalesce(contact, '') <> ?4 AND xf_near(simhash, ?5)"
	    " GROUP BY coalesce(contact, id)", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 5, (int64_t)hash);
	sqlite3_bind_int64(st, 1, r->received - XF_COLLECTIVE_HOURS * HOUR);
	sqlite3_bind_int64(st, 2, r->received + XF_COLLECTIVE_HOURS * HOUR);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_text(st, 4, r->contact, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		others++;
		if (sqlite3_column_int64(st, 2) < *group)
			*group = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "finding near-duplicates", err);
	return others + 1;
}

/* --- writing ------------------------------------------------------------ */

static int
record(struct xf_classifier *k, int64_t id, const char *field,
    const char *old, const char *new, const char *why, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = k->now, .actor = k->actor,
		.kind = "classify", .field = field,
		.old = old && *old ? old : NULL, .new = new && *new ? new : NULL,
		.reason = why,
	};

	if (strcmp(old ? old : "", new ? new : "") == 0)
		return 0;
	return xf_event_add(k->store, &ev, err);
}

/* One member of a collective group: the flag (with its event) and the
 * group, unless a person set its flags. */
static int
join_group(struct xf_classifier *k, int64_t member, const char *flags,
    const char *oldp, int64_t group, struct xf_err *err)
{
	char now[128], newp[8] = "";
	sqlite3_stmt *st;
	int rc;

	snprintf(now, sizeof(now), "%s", flags);
	xf_flags_add(now, sizeof(now), "collective");
	/* A collective complaint is P1 (unless a person said otherwise). */
	if (xf_store_prepare(k->store, "UPDATE complaint SET group_id = ?2,"
	    " flags = ?3, updated_at = ?4, priority = CASE WHEN"
	    " instr(human, 'priority') > 0 THEN priority ELSE 'P1' END"
	    " WHERE id = ?1 RETURNING coalesce(priority, '')", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, group);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, k->now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(newp, sizeof(newp), "%s", sqlite3_column_text(st, 0));
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(k->store, "linking a collective group", err);
	if (record(k, member, "priority", oldp, newp,
	    "a near-duplicate of it came from other complainants", err) == -1)
		return -1;
	return record(k, member, "flags", flags, now,
	    "a near-duplicate of it came from other complainants", err);
}

/* The other members of a collective group get the flag and the group. */
static int
mark_group(struct xf_classifier *k, int64_t id, const struct row *r,
    uint64_t hash, int64_t group, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc = SQLITE_ROW;

	if (xf_store_prepare(k->store, "SELECT id, flags,"
	    " coalesce(priority, '') FROM complaint"
	    " WHERE received_at BETWEEN ?1 AND ?2 AND id <> ?3"
	    " AND simhash IS NOT NULL AND simhash <> 0 AND xf_near(simhash, ?4)"
	    " AND instr(human, 'flags') = 0 AND (group_id IS NULL OR"
	    " group_id <> ?5 OR instr(',' || flags || ',', ',collective,') = 0)",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, r->received - XF_COLLECTIVE_HOURS * HOUR);
	sqlite3_bind_int64(st, 2, r->received + XF_COLLECTIVE_HOURS * HOUR);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, (int64_t)hash);
	sqlite3_bind_int64(st, 5, group);
	while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (join_group(k, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), group,
		    err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(k->store, "linking a collective group", err);
	return 0;
}

static int
write_result(struct xf_classifier *k, int64_t id, const struct row *r,
    const struct xf_classified *c, uint64_t hash, int64_t group,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	char oldp[4] = "", newp[4];
	int rc;

	if (r->priority)
		snprintf(oldp, sizeof(oldp), "P%d", r->priority);
	snprintf(newp, sizeof(newp), "P%d", c->priority);
	if (xf_store_prepare(k->store, "UPDATE complaint SET category = ?2,"
	    " priority = ?3, flags = ?4, simhash = ?5, group_id = ?6,"
	    " classified_at = ?7, updated_at = ?7 WHERE id = ?1", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (*c->category)
		sqlite3_bind_text(st, 2, c->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, newp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->flags, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)hash);
	if (xf_flags_has(c->flags, "collective"))
		sqlite3_bind_int64(st, 6, group);
	sqlite3_bind_int64(st, 7, k->now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(k->store, "writing a classification", err);
	if (record(k, id, "category", r->category, c->category, c->why,
	    err) == -1 || record(k, id, "priority", oldp, newp, c->why,
	    err) == -1 || record(k, id, "flags", r->flags, c->flags, c->why,
	    err) == -1)
		return -1;
	if (xf_flags_has(c->flags, "collective"))
		return mark_group(k, id, r, hash, group, err);
	return 0;
}

/* --- a person's decision ------------------------------------------------ */

/* Sets one field and marks it as a person's, with its "set" event. */
static int
set_field(struct xf_store *s, int64_t id, const char *field, const char *old,
    const char *new, const struct xf_decision *d, int64_t now,
    const char *actor, struct xf_err *err)
{
	static const char *const sql[] = {
		"UPDATE complaint SET category = ?2, updated_at = ?3,"
		" human = CASE WHEN instr(human, 'category') THEN human"
		" ELSE human || ',category' END WHERE id = ?1",
		"UPDATE complaint SET priority = ?2, updated_at = ?3,"
		" human = CASE WHEN instr(human, 'priority') THEN human"
		" ELSE human || ',priority' END WHERE id = ?1",
		"UPDATE complaint SET flags = ?2, updated_at = ?3,"
		" human = CASE WHEN instr(human, 'flags') THEN human"
		" ELSE human || ',flags' END WHERE id = ?1",
	};
	struct xf_event ev = { .complaint_id = id, .at = now, .actor = actor,
	    .kind = "set", .field = field, .old = old && *old ? old : NULL,
	    .new = new && *new ? new : NULL, .reason = d->reason };
	sqlite3_stmt *st;
	int which = *field == 'c' ? 0 : *field == 'p' ? 1 : 2, rc;

	if (xf_store_prepare(s, sql[which], &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, new, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "setting a field", err);
	return xf_event_add(s, &ev, err);
}

/* The flags after the decision's +flag and -flag, in order. */
static void
decided_flags(const struct xf_decision *d, char *flags, size_t len)
{
	size_t i;

	for (i = 0; i < d->nflags; i++) {
		if (d->flags[i][0] == '+')
			xf_flags_add(flags, len, d->flags[i] + 1);
		else
			xf_flags_remove(flags, d->flags[i] + 1);
	}
}

int
xf_classify_set(struct xf_store *s, int64_t id, const struct xf_decision *d,
    const struct xf_sla *sla, int64_t now, const char *actor,
    struct xf_err *err)
{
	char cat[XF_CATEGORY_MAX + 1] = "", prio[8] = "", flags[128] = "";
	char after[128];
	sqlite3_stmt *st;
	int rc;

	if (d->reason == NULL || *d->reason == '\0')
		return xf_errf(err, "a person's decision needs a reason");
	if (xf_store_prepare(s, "SELECT coalesce(category, ''),"
	    " coalesce(priority, ''), flags FROM complaint WHERE id = ?",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_column_copy(st, 0, cat, sizeof(cat));
		xf_column_copy(st, 1, prio, sizeof(prio));
		xf_column_copy(st, 2, flags, sizeof(flags));
	} else if (rc != SQLITE_DONE)
		xf_store_fail(s, "reading a complaint", err);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "complaint %lld: no such complaint",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return -1;
	if (d->category && set_field(s, id, "category", cat, d->category, d,
	    now, actor, err) == -1)
		return -1;
	if (d->priority && set_field(s, id, "priority", prio, d->priority, d,
	    now, actor, err) == -1)
		return -1;
	if (d->nflags > 0) {
		snprintf(after, sizeof(after), "%s", flags);
		decided_flags(d, after, sizeof(after));
		if (set_field(s, id, "flags", flags, after, d, now, actor,
		    err) == -1)
			return -1;
	}
	/* Deadlines follow category and priority, as when classifying. */
	if ((d->category || d->priority) && sla != NULL)
		return xf_sla_apply(s, sla, id, now, actor, NULL, NULL, err);
	return 0;
}

int
xf_classify_examples(struct xf_store *s, xf_example_fn fn, void *arg,
    struct xf_err *err)
{
	struct xf_buf text = { 0 };
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT category, coalesce(subject, ''),"
	    " coalesce(body, '') FROM complaint WHERE category IS NOT NULL"
	    " AND instr(human, 'category') > 0 ORDER BY id", &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_buf_reset(&text);
		if (xf_buf_printf(&text, "%s\n%s", sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2)) == -1) {
			rc = xf_errf(err, "out of memory");
			break;
		}
		if ((rc = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    xf_buf_str(&text), err)) == -1)
			break;
	}
	if (rc != -1 && rc != SQLITE_DONE)
		rc = xf_store_fail(s, "reading what people decided", err);
	sqlite3_finalize(st);
	xf_buf_free(&text);
	return rc == -1 ? -1 : 0;
}

/* --- deciding ----------------------------------------------------------- */

static void
decide_category(struct xf_classifier *k, const struct row *r,
    const struct xf_verdict *v, struct xf_classified *c)
{
	struct xf_prediction p;
	struct xf_buf text = { 0 };

	if (strstr(r->human, "category") != NULL) {
		snprintf(c->category, sizeof(c->category), "%s", r->category);
		c->method = "person";
		c->confidence = 1;
		return;
	}
	if (v->category != NULL) {
		snprintf(c->category, sizeof(c->category), "%s", v->category);
		c->method = "rules";
		c->confidence = 1;
		return;
	}
	c->method = "none";
	if (k->model == NULL)
		return;
	xf_buf_printf(&text, "%s\n%s", r->subject, r->body);
	/* A text with no word the model knows gets the prior's label: that
	 * is a guess, however confident, and goes to a person (unless -t 0
	 * said to take every guess). */
	if (text.p != NULL &&
	    xf_bayes_predict(k->model, text.p, text.len, &p) == 0) {
		double t = threshold_for(k->threshold,
		    xf_bayes_labels(k->model, NULL, 0));
		int sure = p.confidence >= t && (p.known > 0 || t == 0);

		c->confidence = p.confidence;
		c->method = sure ? "model" : "review";
		if (sure)
			snprintf(c->category, sizeof(c->category), "%s",
			    p.label);
	}
	xf_buf_free(&text);
}

static int
decide_flags(struct xf_classifier *k, int64_t id, const struct row *r,
    const struct xf_verdict *v, struct xf_classified *c, uint64_t hash,
    int64_t *group, struct xf_err *err)
{
	char *p, *item, buf[128];
	int rep, senders;

	/* Flags are worked out afresh (rules and store as they are now);
	 * only a person's flags stand as they were. */
	if (strstr(r->human, "flags") != NULL) {
		snprintf(c->flags, sizeof(c->flags), "%s", r->flags);
		return 0;
	}
	c->flags[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", v->flags);
	for (p = buf; (item = strsep(&p, ",")) != NULL;)
		if (*item != '\0')
			xf_flags_add(c->flags, sizeof(c->flags), item);
	if ((rep = is_repeat(k->store, r, err)) == -1 ||
	    (senders = collective(k->store, id, r, hash, group, err)) == -1)
		return -1;
	if (rep)
		xf_flags_add(c->flags, sizeof(c->flags), "repeat");
	if (senders >= XF_COLLECTIVE_COUNT)
		xf_flags_add(c->flags, sizeof(c->flags), "collective");
	return 0;
}

static void
explain_why(const struct xf_verdict *v, struct xf_classified *c)
{
	if (strcmp(c->method, "model") == 0 || strcmp(c->method,
	    "review") == 0)
		snprintf(c->why, sizeof(c->why), "model %.2f%s%s",
		    c->confidence, *v->why ? "; rules " : "", v->why);
	else if (*v->why)
		snprintf(c->why, sizeof(c->why), "rules %s", v->why);
	else
		snprintf(c->why, sizeof(c->why), "%s", c->method);
}

static int
classify_locked(struct xf_classifier *k, int64_t id, int dry,
    struct xf_classified *c, struct xf_err *err)
{
	struct xf_verdict v;
	struct row r;
	uint64_t hash;
	int64_t group = id;
	int rc = -1;

	if (load_row(k->store, id, &r, err) == -1)
		goto out;
	snprintf(c->ref, sizeof(c->ref), "%s", r.ref);
	xf_rules_apply(k->rules, r.subject, r.body, &v);
	hash = xf_simhash(r.body, strlen(r.body));
	decide_category(k, &r, &v, c);
	if (decide_flags(k, id, &r, &v, c, hash, &group, err) == -1)
		goto out;
	c->priority = strstr(r.human, "priority") != NULL && r.priority ?
	    r.priority : priority_for(r.kind, c->flags, v.priority);
	explain_why(&v, c);
	xf_utf8_chop(c->why);
	rc = dry ? 0 : write_result(k, id, &r, c, hash, group, err);
	/* Deadlines follow category and priority; unchanged, nothing is
	 * written. */
	if (rc == 0 && !dry && k->sla != NULL)
		rc = xf_sla_apply(k->store, k->sla, id, k->now, k->actor,
		    NULL, NULL, err);
out:
	free_row(&r);
	return rc;
}

int
xf_classify_pending(struct xf_store *s, int64_t **ids, size_t *n,
    struct xf_err *err)
{
	return xf_store_ids(s, "SELECT id FROM complaint WHERE"
	    " classified_at IS NULL ORDER BY received_at, id", ids, n, err);
}

/* SQL function xf_near(a, b): the SimHashes differ in few bits. */
static void
near_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, xf_hamming(
	    (uint64_t)sqlite3_value_int64(argv[0]),
	    (uint64_t)sqlite3_value_int64(argv[1])) <= XF_NEAR_BITS);
}

int
xf_classify_one(struct xf_classifier *k, int64_t id, int dry,
    struct xf_classified *c, struct xf_err *err)
{
	memset(c, 0, sizeof(*c));
	if (sqlite3_create_function(k->store->db, "xf_near", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, near_fn, NULL,
	    NULL) != SQLITE_OK)
		return xf_store_fail(k->store, "registering xf_near", err);
	if (xf_store_begin(k->store, err) == -1)
		return -1;
	if (classify_locked(k, id, dry, c, err) == -1) {
		xf_store_rollback(k->store);
		return -1;
	}
	if (dry) {
		xf_store_rollback(k->store);
		return 0;
	}
	return xf_store_commit(k->store, err);
}
