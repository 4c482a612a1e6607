/*
 * assign.c: who gets a complaint, and the writing of it.
 *
 * The team comes from routing (or the caller); the handler from the
 * active members of that team with room left, by strategy:
 *
 *	skill		those whose skills name the complaint's category or
 *			one of its flags (else the whole team, and the
 *			reason says so); then the most free capacity
 *	round-robin	whose turn it is
 *	least-loaded	the fewest open complaints
 *
 * Ties go to the smallest turn (the least recently given work: the turn
 * is a counter every assignment advances), then to login order, so the
 * choice is the same every time for the same store.  Choosing, writing
 * and the new deadlines happen in one BEGIN IMMEDIATE per complaint:
 * two xf-assign runs at once never hand the same capacity out twice.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

#define SAVEPOINT	"xf_assign"

enum {
	ST_READ, ST_CAND, ST_ONE, ST_UPDATE, ST_TURN, ST_DEADLINES,
	ST_COUNT
};

static const char *const sql[ST_COUNT] = {
	[ST_READ] =
	    "SELECT c.ref, c.status, c.category, c.flags, c.team, c.assignee,"
	    " (SELECT active FROM handler WHERE login = c.assignee)"
	    " FROM complaint c WHERE c.id = ?1",
	/* ?2: the complaint at hand, which does not count twice */
	[ST_CAND] =
	    "SELECT h.login, h.skills, h.capacity, h.turn,"
	    " (SELECT count(*) FROM complaint c WHERE c.assignee = h.login"
	    " AND c.status IN " XF_IN_HAND_STATUSES " AND c.id <> ?2)"
	    " FROM handler h WHERE h.team = ?1 AND h.active = 1"
	    " ORDER BY h.login",
	[ST_ONE] =
	    "SELECT h.team, h.capacity, h.active,"
	    " (SELECT count(*) FROM complaint c WHERE c.assignee = h.login"
	    " AND c.status IN " XF_IN_HAND_STATUSES " AND c.id <> ?2)"
	    " FROM handler h WHERE h.login = ?1",
	/* The status is lifecycle.c's: an accepted complaint moves on to
	 * assigned there (write_choice); the owner decides acceptance, so
	 * a new complaint stays new. */
	[ST_UPDATE] =
	    "UPDATE complaint SET assignee = ?2, team = ?3, updated_at = ?4"
	    " WHERE id = ?1 AND status = ?5",
	/* Parenthesised: clang takes two literals in an array for a
	 * forgotten comma (-Wstring-concatenation). */
	[ST_TURN] =
	    ("UPDATE handler SET turn = (SELECT max(turn) FROM handler) + 1"
	    " WHERE login = ?1"),
	[ST_DEADLINES] =
	    "SELECT ack_due, due FROM complaint WHERE id = ?1",
};

struct xf_assign_cand {
	char		 login[XF_LOGIN_MAX + 1];
	char		 skill[XF_TEAM_MAX + 1];	/* matched, or "" */
	int		 capacity, load;
	int64_t		 turn;
};

/* A run's own state, from xf_assign_open to xf_assign_close. */
struct xf_assign_run {
	sqlite3_stmt		*st[ST_COUNT];
	struct xf_assign_cand	*cand;
	size_t			 ncand, candcap;
	struct xf_buf		 reason;
	int			 dry_open;
};

/* What the complaint is now. */
struct current {
	char		 status[16];
	char		 category[XF_CATEGORY_MAX + 1];
	char		 flags[128];
	char		 team[XF_TEAM_MAX + 1];
	char		 owner[XF_LOGIN_MAX + 1];	/* "" when none */
	int		 owner_state;	/* 1 active, 0 disabled, -1 no handler */
};

/* Who was chosen, and why. */
struct choice {
	char		 login[XF_LOGIN_MAX + 1];
	char		 team[XF_TEAM_MAX + 1];
};

int
xf_strategy_parse(const char *name, enum xf_strategy *out)
{
	if (strcmp(name, "skill") == 0)
		*out = XF_STRATEGY_SKILL;
	else if (strcmp(name, "round-robin") == 0)
		*out = XF_STRATEGY_ROUND_ROBIN;
	else if (strcmp(name, "least-loaded") == 0)
		*out = XF_STRATEGY_LEAST_LOADED;
	else
		return -1;
	return 0;
}

int
xf_assign_open(struct xf_assigner *a, struct xf_err *err)
{
	int i;

	if ((a->run = calloc(1, sizeof(*a->run))) == NULL)
		return xf_errf(err, "out of memory");
	for (i = 0; i < ST_COUNT; i++)
		if (xf_store_prepare(a->store, sql[i], &a->run->st[i],
		    err) == -1) {
			xf_assign_close(a);
			return -1;
		}
	return 0;
}

void
xf_assign_close(struct xf_assigner *a)
{
	struct xf_assign_run *r = a->run;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < nitems(r->st); i++)
		sqlite3_finalize(r->st[i]);
	if (r->dry_open)
		xf_store_rollback(a->store);
	free(r->cand);
	xf_buf_free(&r->reason);
	free(r);
	a->run = NULL;
}

/* --- the unit of work: a transaction, or a savepoint in a dry run ---- */

static int
exec(struct xf_store *s, const char *q, struct xf_err *err)
{
	if (sqlite3_exec(s->db, q, NULL, NULL, NULL) != SQLITE_OK)
		return xf_store_fail(s, q, err);
	return 0;
}

static int
unit_begin(struct xf_assigner *a, struct xf_err *err)
{
	if (!a->dry)
		return xf_store_begin(a->store, err);
	/* One transaction for the whole dry run, never committed, so each
	 * complaint sees the choices made for the ones before it. */
	if (!a->run->dry_open) {
		if (xf_store_begin(a->store, err) == -1)
			return -1;
		a->run->dry_open = 1;
	}
	return exec(a->store, "SAVEPOINT " SAVEPOINT, err);
}

static int
unit_end(struct xf_assigner *a, int ok, struct xf_err *err)
{
	if (!a->dry) {
		if (ok)
			return xf_store_commit(a->store, err);
		xf_store_rollback(a->store);
		return -1;
	}
	if (ok)
		return exec(a->store, "RELEASE " SAVEPOINT, err);
	sqlite3_exec(a->store->db, "ROLLBACK TO " SAVEPOINT "; RELEASE "
	    SAVEPOINT, NULL, NULL, NULL);
	xf_chain_forget(a->store);	/* the chain's head went back too */
	return -1;
}

/* --- reading ---------------------------------------------------------- */

static int
read_current(struct xf_assigner *a, int64_t id, struct current *c,
    struct xf_assignment *out, struct xf_err *err)
{
	sqlite3_stmt *st = a->run->st[ST_READ];
	int rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		xf_column_copy(st, 0, out->ref, sizeof(out->ref));
		xf_column_copy(st, 1, c->status, sizeof(c->status));
		xf_column_copy(st, 2, c->category, sizeof(c->category));
		xf_ascii_lower(c->category);	/* as skills are */
		xf_column_copy(st, 3, c->flags, sizeof(c->flags));
		xf_column_copy(st, 4, c->team, sizeof(c->team));
		xf_column_copy(st, 5, c->owner, sizeof(c->owner));
		c->owner_state = sqlite3_column_type(st, 6) == SQLITE_NULL ?
		    -1 : sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "complaint %lld: no such complaint",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return xf_store_fail(a->store, "reading a complaint", err);
	return 0;
}

static int
read_deadlines(struct xf_assigner *a, int64_t id, struct xf_assignment *out,
    struct xf_err *err)
{
	sqlite3_stmt *st = a->run->st[ST_DEADLINES];
	int rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->has_ack_due = sqlite3_column_type(st, 0) != SQLITE_NULL;
		out->ack_due = sqlite3_column_int64(st, 0);
		out->has_due = sqlite3_column_type(st, 1) != SQLITE_NULL;
		out->due = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(a->store, "reading deadlines", err);
	return 0;
}

/* The skill of the complaint's a handler has: its category first, then
 * its flags in order; "" when none. */
static void
match_skill(const char *skills, const struct current *c, char *out,
    size_t len)
{
	char flags[sizeof(c->flags)], *p, *f;

	out[0] = '\0';
	/* No skill is longer than a team name (xf_skills_norm). */
	if (c->category[0] != '\0' && strlen(c->category) <= XF_TEAM_MAX &&
	    xf_flags_has(skills, c->category)) {
		snprintf(out, len, "%.*s", XF_TEAM_MAX, c->category);
		return;
	}
	snprintf(flags, sizeof(flags), "%s", c->flags);
	for (p = flags; (f = strsep(&p, ",")) != NULL;)
		if (*f != '\0' && xf_flags_has(skills, f)) {
			snprintf(out, len, "%s", f);
			return;
		}
}

static int
add_cand(struct xf_assigner *a, struct xf_err *err)
{
	struct xf_assign_cand *p;

	if (a->run->ncand < a->run->candcap)
		return 0;
	a->run->candcap = a->run->candcap ? a->run->candcap * 2 : 16;
	if ((p = realloc(a->run->cand, a->run->candcap * sizeof(*p))) == NULL)
		return xf_errf(err, "out of memory");
	a->run->cand = p;
	return 0;
}

/* The active handlers of team, with their load apart from id. */
static int
load_team(struct xf_assigner *a, const char *team, int64_t id,
    const struct current *c, struct xf_err *err)
{
	sqlite3_stmt *st = a->run->st[ST_CAND];
	struct xf_assign_cand *k;
	int rc;

	a->run->ncand = 0;
	sqlite3_bind_text(st, 1, team, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (add_cand(a, err) == -1) {
			sqlite3_reset(st);
			return -1;
		}
		k = &a->run->cand[a->run->ncand++];
		xf_column_copy(st, 0, k->login, sizeof(k->login));
		match_skill((const char *)sqlite3_column_text(st, 1), c,
		    k->skill, sizeof(k->skill));
		k->capacity = sqlite3_column_int(st, 2);
		k->turn = sqlite3_column_int64(st, 3);
		k->load = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(a->store, "reading handlers", err);
	return 0;
}

/* --- choosing ----------------------------------------------------------- */

/* < 0 when x goes before y under strategy s. */
static int
rank(enum xf_strategy s, const struct xf_assign_cand *x,
    const struct xf_assign_cand *y)
{
	int fx = x->capacity - x->load, fy = y->capacity - y->load;

	if (s == XF_STRATEGY_SKILL && fx != fy)
		return fx > fy ? -1 : 1;
	if (s == XF_STRATEGY_LEAST_LOADED && x->load != y->load)
		return x->load < y->load ? -1 : 1;
	if (x->turn != y->turn)
		return x->turn < y->turn ? -1 : 1;
	return strcmp(x->login, y->login);
}

/* The best candidate with room (and a skill, when skilled); NULL. */
static const struct xf_assign_cand *
best(const struct xf_assigner *a, int skilled)
{
	const struct xf_assign_cand *b = NULL, *k;
	size_t i;

	for (i = 0; i < a->run->ncand; i++) {
		k = &a->run->cand[i];
		if (k->load >= k->capacity || (skilled && k->skill[0] == '\0'))
			continue;
		if (b == NULL || rank(a->strategy, k, b) < 0)
			b = k;
	}
	return b;
}

/* 1 when someone has the skill but no room: the fallback says so. */
static int
skilled_full(const struct xf_assigner *a)
{
	size_t i;

	for (i = 0; i < a->run->ncand; i++)
		if (a->run->cand[i].skill[0] != '\0')
			return 1;
	return 0;
}

/* "billing or privacy": the skills a complaint asks for; "" none. */
static void
wanted_skills(const struct current *c, struct xf_buf *b)
{
	char flags[sizeof(c->flags)], *p, *f;
	int n = 0;

	if (c->category[0] != '\0') {
		xf_buf_adds(b, c->category);
		n++;
	}
	snprintf(flags, sizeof(flags), "%s", c->flags);
	for (p = flags; (f = strsep(&p, ",")) != NULL;)
		if (*f != '\0') {
			xf_buf_printf(b, "%s%s", n++ ? " or " : "", f);
		}
}

/* The reason in words for a choice by strategy. */
static void
explain(struct xf_assigner *a, const struct current *c,
    const struct xf_assign_cand *k, int fallback, const char *team,
    const char *how)
{
	struct xf_buf *b = &a->run->reason;

	switch (a->strategy) {
	case XF_STRATEGY_SKILL:
		if (!fallback)
			xf_buf_printf(b, "skill %s", k->skill);
		else if (c->category[0] == '\0' && c->flags[0] == '\0')
			xf_buf_adds(b, "no category or flag to match skills");
		else {
			xf_buf_adds(b, skilled_full(a) ? "no free handler "
			    "with skill " : "no skill ");
			wanted_skills(c, b);
			xf_buf_printf(b, " in team %s", team);
		}
		xf_buf_printf(b, "; %d of %d free; team %s %s",
		    k->capacity - k->load, k->capacity, team, how);
		break;
	case XF_STRATEGY_ROUND_ROBIN:
		xf_buf_printf(b, "round-robin turn in team %s", team);
		break;
	case XF_STRATEGY_LEAST_LOADED:
		xf_buf_printf(b, "least loaded in team %s (%d open)", team,
		    k->load);
		break;
	}
}

static int nobody(struct xf_assignment *, struct xf_err *, const char *,
    ...) __attribute__((format(printf, 3, 4)));

static int
nobody(struct xf_assignment *out, struct xf_err *err, const char *fmt, ...)
{
	va_list ap;
	char why[256];

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	out->nobody = 1;
	return xf_errf(err, "%s: nobody can take it: %s", out->ref, why);
}

/*
 * The present owner, when they may keep the complaint: still active in
 * the team, with room, and under the skill strategy skilled unless no
 * one skilled has room.  Assigning the same refs twice then changes
 * nothing, where a strict re-run would hand complaints back and forth on
 * every tie (and round-robin on every run).
 */
static const struct xf_assign_cand *
keeps(const struct xf_assigner *a, const char *owner, int fallback)
{
	const struct xf_assign_cand *k;
	size_t i;

	for (i = 0; *owner != '\0' && i < a->run->ncand; i++) {
		k = &a->run->cand[i];
		if (strcmp(k->login, owner) != 0)
			continue;
		if (k->load >= k->capacity)
			return NULL;
		if (a->strategy == XF_STRATEGY_SKILL && !fallback &&
		    k->skill[0] == '\0')
			return NULL;
		return k;
	}
	return NULL;
}

/*
 * 1 when a person transferred the complaint to its team (xf-status
 * transfer, merge.c) since routing last chose one: routing then does
 * not overrule them, and the owner is found in that team.
 */
static int
transferred(struct xf_assigner *a, int64_t id, const struct current *c,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc, yes = 0;

	if (c->team[0] == '\0')
		return 0;
	if (xf_store_prepare(a->store, "SELECT kind = 'transfer' FROM event"
	    " WHERE complaint_id = ?1 AND field = 'team' ORDER BY id DESC"
	    " LIMIT 1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(a->store, "reading a transfer", err);
	return yes;
}

static int
by_strategy(struct xf_assigner *a, int64_t id, const struct current *c,
    struct choice *ch, struct xf_assignment *out, struct xf_err *err)
{
	const struct xf_assign_cand *k, *o;
	const char *team, *how;
	int fallback = 0, moved;

	if ((moved = a->team == NULL ? transferred(a, id, c, err) : 0) == -1)
		return -1;
	if (a->team != NULL) {
		team = a->team;
		how = "as asked";
	} else if (moved) {
		team = c->team;
		how = "as transferred";
	} else {
		team = xf_routing_team(a->routing, c->category);
		how = xf_routing_has(a->routing, c->category) ?
		    "by category" : "by default";
		if (team == NULL && c->category[0] == '\0')
			return nobody(out, err, "it has no category and "
			    "routing has no * row");
		if (team == NULL)
			return nobody(out, err, "routing has no row for "
			    "category '%.64s' and no * row", c->category);
	}
	snprintf(ch->team, sizeof(ch->team), "%s", team);
	if (load_team(a, team, id, c, err) == -1)
		return -1;
	if ((k = best(a, a->strategy == XF_STRATEGY_SKILL)) == NULL) {
		fallback = 1;
		k = best(a, 0);
	}
	if ((o = keeps(a, c->owner, fallback)) != NULL)
		k = o;
	if (k == NULL)
		return nobody(out, err, "team %s has no active handler with "
		    "free capacity", team);
	snprintf(ch->login, sizeof(ch->login), "%s", k->login);
	explain(a, c, k, fallback, team, how);
	return 0;
}

static int
by_hand(struct xf_assigner *a, int64_t id, const struct current *c,
    struct choice *ch, struct xf_assignment *out, struct xf_err *err)
{
	sqlite3_stmt *st = a->run->st[ST_ONE];
	int rc, capacity = 0, active = 0, load = 0;

	sqlite3_bind_text(st, 1, a->to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_column_copy(st, 0, ch->team, sizeof(ch->team));
		capacity = sqlite3_column_int(st, 1);
		active = sqlite3_column_int(st, 2);
		load = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(a->store, "reading a handler", err);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "%s: cannot assign to %s: no such handler",
		    out->ref, a->to);
	if (!active)
		return xf_errf(err, "%s: cannot assign to %s: disabled",
		    out->ref, a->to);
	snprintf(ch->login, sizeof(ch->login), "%s", a->to);
	if (strcmp(c->owner, a->to) == 0)
		return 0;		/* already theirs: nothing to check */
	if (load >= capacity && !a->force)
		return xf_errf(err, "%s: cannot assign to %s: at capacity (%d "
		    "open of %d; -f assigns anyway)", out->ref, a->to, load,
		    capacity);
	if (load >= capacity)
		xf_buf_printf(&a->run->reason, "by hand, over capacity (%d "
		    "open of %d): %s", load, capacity, a->why ? a->why : "");
	else
		xf_buf_printf(&a->run->reason, "by hand: %s",
		    a->why ? a->why : "");
	return 0;
}

/* --- writing ------------------------------------------------------------- */

static int
event(struct xf_assigner *a, int64_t id, const char *field, const char *old,
    const char *new, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = a->now, .actor = a->actor,
		.kind = "assign", .field = field,
		.old = old != NULL && *old != '\0' ? old : NULL,
		.new = new, .reason = a->run->reason.p,
	};

	return xf_event_add(a->store, &ev, err);
}

static int
step_done(struct xf_assigner *a, sqlite3_stmt *st, const char *what,
    struct xf_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(a->store, what, err);
	return 0;
}

/* accepted -> assigned, by the table of moves, with the same reason. */
static int
move_assigned(struct xf_assigner *a, int64_t id, const char *ref,
    struct xf_err *err)
{
	const struct xf_move *m = xf_move_find("assign");
	struct xf_change ch = {
		.now = a->now, .actor = a->actor, .reason = a->run->reason.p,
	};

	if (m == NULL)
		return xf_errf(err, "%s: no assign move", ref);
	snprintf(ch.ref, sizeof(ch.ref), "%s", ref);
	return xf_move_in_tx(a->store, m, id, &ch, err);
}

static int
write_choice(struct xf_assigner *a, int64_t id, const char *ref,
    const struct current *c, const struct choice *ch, struct xf_err *err)
{
	sqlite3_stmt *st = a->run->st[ST_UPDATE];
	struct xf_deadlines dl;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ch->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ch->team, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a->now);
	sqlite3_bind_text(st, 5, c->status, -1, SQLITE_STATIC);
	if (step_done(a, st, "assigning", err) == -1)
		return -1;
	if (sqlite3_changes(a->store->db) != 1)
		return xf_errf(err, "complaint %lld changed while being "
		    "assigned", (long long)id);
	if (event(a, id, "assignee", c->owner, ch->login, err) == -1 ||
	    (strcmp(c->team, ch->team) != 0 &&
	    event(a, id, "team", c->team, ch->team, err) == -1) ||
	    (strcmp(c->status, "accepted") == 0 &&
	    move_assigned(a, id, ref, err) == -1))
		return -1;
	st = a->run->st[ST_TURN];
	sqlite3_bind_text(st, 1, ch->login, -1, SQLITE_STATIC);
	if (step_done(a, st, "taking a turn", err) == -1)
		return -1;
	if (a->sla != NULL && xf_sla_apply(a->store, a->sla, id, a->now,
	    a->actor, NULL, &dl, err) == -1)
		return -1;
	return 0;
}

static int
status_ok(const char *status)
{
	static const char *const ok[] = {
		"new", "accepted", "assigned", "in_progress", "waiting",
	};
	size_t i;

	for (i = 0; i < nitems(ok); i++)
		if (strcmp(status, ok[i]) == 0)
			return 1;
	return 0;
}

/* "reassigned from bob (disabled): " before the reason, when it is. */
static void
reassigned_from(struct xf_assigner *a, const struct current *c)
{
	static const char *const state[] = {
		" (not a handler)", " (disabled)", "",
	};

	if (c->owner[0] != '\0')
		xf_buf_printf(&a->run->reason, "reassigned from %s%s: ",
		    c->owner, state[c->owner_state + 1]);
}

static int
assign_locked(struct xf_assigner *a, int64_t id, struct xf_assignment *out,
    struct xf_err *err)
{
	struct current c;
	struct choice ch;
	int rc;

	if (read_current(a, id, &c, out, err) == -1)
		return -1;
	if (!status_ok(c.status))
		return xf_errf(err, "%s: cannot assign: it is %s", out->ref,
		    c.status);
	reassigned_from(a, &c);
	rc = a->to != NULL ? by_hand(a, id, &c, &ch, out, err) :
	    by_strategy(a, id, &c, &ch, out, err);
	if (rc == -1)
		return -1;
	snprintf(out->assignee, sizeof(out->assignee), "%s", ch.login);
	snprintf(out->team, sizeof(out->team), "%s", ch.team);
	if (strcmp(c.owner, ch.login) == 0) {
		/* The same owner: nothing to write, and no turn taken. */
		xf_buf_reset(&a->run->reason);
		xf_buf_printf(&a->run->reason, "already owned by %s", ch.login);
		snprintf(out->team, sizeof(out->team), "%s", c.team);
	} else {
		if (write_choice(a, id, out->ref, &c, &ch, err) == -1)
			return -1;
		out->changed = 1;
	}
	return read_deadlines(a, id, out, err);
}

int
xf_assign_id(struct xf_assigner *a, int64_t id, struct xf_assignment *out,
    struct xf_err *err)
{
	int ok;

	memset(out, 0, sizeof(*out));
	snprintf(out->ref, sizeof(out->ref), "complaint %lld", (long long)id);
	xf_buf_reset(&a->run->reason);
	if (xf_buf_adds(&a->run->reason, "") == -1)
		return xf_errf(err, "out of memory");
	if (unit_begin(a, err) == -1)
		return -1;
	ok = assign_locked(a, id, out, err) == 0;
	if (unit_end(a, ok, ok ? err : NULL) == -1)
		return -1;
	out->reason = a->run->reason.p;
	return 0;
}

int
xf_assign_ref(struct xf_assigner *a, const char *ref,
    struct xf_assignment *out, struct xf_err *err)
{
	char canon[XF_REFLEN];
	int64_t id;

	memset(out, 0, sizeof(*out));
	if (xf_complaint_id(a->store, ref, &id, canon, err) == -1)
		return -1;
	if (id == 0)
		return xf_errf(err, "%s: no such complaint", ref);
	return xf_assign_id(a, id, out, err);
}
