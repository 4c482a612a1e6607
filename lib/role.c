/*
 * role.c: who may do what (issue 15; xf-status(1), ROLES).  One door,
 * xf_role_check, for every rule that depends on who acts, so a rule has
 * one home and its refusal one wording: each message names the rule and
 * who was refused.
 *
 * A store without staff (an empty handler table) has no roles: every
 * act is allowed, as before handlers existed.  Once there are handlers,
 * the actor must be an active one; a name starting "xf-" (xf-cron,
 * xf-mail) is automation, which may change complaints but holds no
 * role, so it approves, rejects, purges and erases nothing.
 *
 * Cheap by construction: the actor is one lookup by the handler's
 * primary key (and whether the table has a row at all, the first row
 * of it); an act on a complaint reads that complaint's row by id.
 */
#include <string.h>

#include "xf.h"

/* What the store knows of one login. */
struct who {
	int		 staff;		/* the handler table has a row */
	int		 found;		/* login is a handler */
	int		 active;
	char		 role[8];
	char		 team[XF_TEAM_MAX + 1];
};

/* The complaint an act is on. */
struct what {
	char		 ref[XF_REFLEN];
	char		 owner[XF_CONTACT_MAX + 1];	/* "" when none */
	char		 team[XF_TEAM_MAX + 1];		/* "" when none */
};

int
xf_actor_automation(const char *who)
{
	return who != NULL && strncmp(who, XF_AUTOMATION_PREFIX,
	    strlen(XF_AUTOMATION_PREFIX)) == 0;
}

static void
copy_col(sqlite3_stmt *st, int col, char *dst, size_t len)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	snprintf(dst, len, "%s", v != NULL ? (const char *)v : "");
}

static int
who_get(struct xf_store *s, const char *login, struct who *w,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(w, 0, sizeof(*w));
	if (xf_store_prepare(s, "SELECT EXISTS (SELECT 1 FROM handler),"
	    " h.login IS NOT NULL, h.active, h.role, h.team"
	    " FROM (SELECT 1) LEFT JOIN handler h ON h.login = ?1", &st,
	    err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		w->staff = sqlite3_column_int(st, 0);
		w->found = sqlite3_column_int(st, 1);
		w->active = sqlite3_column_int(st, 2);
		copy_col(st, 3, w->role, sizeof(w->role));
		copy_col(st, 4, w->team, sizeof(w->team));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading the handlers", err);
	return 0;
}

static int
what_get(struct xf_store *s, int64_t id, struct what *c, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof(*c));
	if (id == 0)
		return 0;
	if (xf_store_prepare(s, "SELECT ref, assignee, team FROM complaint"
	    " WHERE id = ?1", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		copy_col(st, 0, c->ref, sizeof(c->ref));
		copy_col(st, 1, c->owner, sizeof(c->owner));
		copy_col(st, 2, c->team, sizeof(c->team));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return xf_errf(err, "complaint %lld: no such complaint",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading a complaint", err);
	return 0;
}

/* "XF-2026-000003: " before a rule about one complaint; "" otherwise. */
static const char *
on(const struct what *c, char *buf, size_t len)
{
	if (c->ref[0] == '\0')
		return "";
	snprintf(buf, len, "%s: ", c->ref);
	return buf;
}

/*
 * The first rule: who is someone the store knows, or automation.  The
 * refusal is the run's setting (XF_ACTOR), not an item's: XF_WHY_CONFIG,
 * exit 2.
 */
static int
known(const char *who, const struct who *w, struct xf_err *err)
{
	const char *rule = "when there are handlers, only an active handler "
	    "or an automation actor (a name starting \"" XF_AUTOMATION_PREFIX
	    "\") may change the store; set XF_ACTOR";

	if (w->found && w->active)
		return 0;
	xf_errf(err, "%s %s: %s", who, w->found ? "is not an active handler" :
	    "is not a handler", rule);
	err->why = XF_WHY_CONFIG;
	return -1;
}

/* Why who is not the one: "zhao (agent of billing)", "nobody.here, who
 * is not a handler", "xf-cron, an automation actor with no role". */
static const char *
whom(const char *who, const struct who *w, char *buf, size_t len)
{
	if (xf_actor_automation(who))
		snprintf(buf, len, "%s, an automation actor with no role", who);
	else if (!w->found)
		snprintf(buf, len, "%s, who is not a handler", who);
	else if (!w->active)
		snprintf(buf, len, "%s, who is not an active handler", who);
	else
		snprintf(buf, len, "%s (%s of %s)", who, w->role, w->team);
	return buf;
}

static int
role_is(const struct who *w, const char *role)
{
	return w->found && w->active && strcmp(w->role, role) == 0;
}

static int
owner_is(const struct what *c, const char *who)
{
	return c->owner[0] != '\0' && strcmp(c->owner, who) == 0;
}

/* The rule of each act but XF_ACT_WRITE: 1 when w may, 0 not, with the
 * rule's words in *rule. */
static int
may(enum xf_act act, const struct who *w, const struct what *c,
    const char **rule)
{
	switch (act) {
	case XF_ACT_REVIEW:
		*rule = "a legal review is approved by a handler with the "
		    "legal role";
		return role_is(w, "legal");
	case XF_ACT_EXTEND:
		*rule = "an extension is approved by an active lead of the "
		    "complaint's team, or an admin";
		return role_is(w, "admin") || (role_is(w, "lead") &&
		    strcmp(w->team, c->team) == 0);
	case XF_ACT_REJECT:
		*rule = "a complaint is rejected by a lead, legal or admin "
		    "handler";
		return role_is(w, "lead") || role_is(w, "legal") ||
		    role_is(w, "admin");
	case XF_ACT_PURGE:
		*rule = "a purge is made by a handler with the admin role";
		return role_is(w, "admin");
	case XF_ACT_ERASE:
		*rule = "an erasure is made by an admin or legal handler";
		return role_is(w, "admin") || role_is(w, "legal");
	case XF_ACT_ACCESS:
		*rule = "an access export is made by an admin or legal "
		    "handler";
		return role_is(w, "admin") || role_is(w, "legal");
	case XF_ACT_WRITE:
		break;
	}
	*rule = "unknown act";
	return 0;
}

/* The acts that a complaint's own handler may never decide: nobody
 * approves their own work. */
static int
not_by_owner(enum xf_act act)
{
	return act == XF_ACT_REVIEW || act == XF_ACT_EXTEND;
}

int
xf_role_check(struct xf_store *s, const char *who, enum xf_act act,
    int64_t id, struct xf_err *err)
{
	struct who w;
	struct what c;
	const char *rule;
	char ref[XF_REFLEN + 2], name[XF_CONTACT_MAX + 64];

	if (who_get(s, who, &w, err) == -1)
		return -1;
	if (!w.staff)
		return 0;
	if (act == XF_ACT_WRITE)
		return xf_actor_automation(who) ? 0 : known(who, &w, err);
	if (what_get(s, id, &c, err) == -1)
		return -1;
	if (!may(act, &w, &c, &rule))
		return xf_errf(err, "%s%s, not by %s", on(&c, ref, sizeof(ref)),
		    rule, whom(who, &w, name, sizeof(name)));
	if (not_by_owner(act) && owner_is(&c, who))
		return xf_errf(err, "%s%s, not by its owner %s",
		    on(&c, ref, sizeof(ref)), rule, who);
	return 0;
}
