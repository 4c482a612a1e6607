/*
 * role.c: xf_role_check, act by act, for each kind of actor: what a
 * store without handlers allows (everything), and with them the table
 * of xf-status(1), ROLES.  Purge, erase and access have no command on
 * this branch yet, so their rules are held here; the others are also
 * run through the commands by tests/0113 and 0114.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

static void
bail(const char *what, const char *msg)
{
	printf("Bail out! %s: %s\n", what, msg);
	exit(1);
}

static void
sql(struct xf_store *s, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, q, NULL, NULL, &msg) != SQLITE_OK)
		bail(q, msg ? msg : "?");
}

static const char *const actors[] = {
	"ag", "ld", "lg", "ad", "off", "xf-cron", "nobody"
};
#define NACTORS	(sizeof(actors) / sizeof(actors[0]))

/* Who may, by act, in the order of actors: agent, lead, legal, admin,
 * an inactive admin, automation, a stranger. */
static const struct {
	enum xf_act	 act;
	const char	*name;
	const char	*may;
} rules[] = {
	{ XF_ACT_WRITE,		"write",	"1111010" },
	{ XF_ACT_REJECT,	"reject",	"0111000" },
	{ XF_ACT_PURGE,		"purge",	"0001000" },
	{ XF_ACT_ERASE,		"erase",	"0011000" },
	{ XF_ACT_ACCESS,	"access",	"0011000" },
};

int
main(void)
{
	struct xf_store s;
	struct xf_err err;
	char name[128];
	size_t r, a;
	int rc;

	if (xf_store_open(&s, ":memory:", XF_OPEN_WRITE, &err) == -1)
		bail("open", err.msg);

	/* No handlers: everyone may do everything. */
	for (r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
		for (a = 0; a < NACTORS; a++) {
			snprintf(name, sizeof(name), "no handlers: %s may %s",
			    actors[a], rules[r].name);
			is_int(xf_role_check(&s, actors[a], rules[r].act, 0,
			    &err), 0, name);
		}

	sql(&s, "INSERT INTO handler (login, team, role, active, created_at,"
	    " updated_at) VALUES ('ag', 'support', 'agent', 1, 0, 0),"
	    " ('ld', 'support', 'lead', 1, 0, 0),"
	    " ('lg', 'legal', 'legal', 1, 0, 0),"
	    " ('ad', 'ops', 'admin', 1, 0, 0),"
	    " ('off', 'ops', 'admin', 0, 0, 0)");
	for (r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
		for (a = 0; a < NACTORS; a++) {
			int want = rules[r].may[a] == '1';

			snprintf(name, sizeof(name), "%s %s %s", actors[a],
			    want ? "may" : "may not", rules[r].name);
			rc = xf_role_check(&s, actors[a], rules[r].act, 0, &err);
			is_int(rc, want ? 0 : -1, name);
		}

	/* The words of a refusal, and whose it is. */
	xf_role_check(&s, "nobody", XF_ACT_WRITE, 0, &err);
	is_int(err.why, XF_WHY_CONFIG, "an unknown writer: the setting's "
	    "fault (exit 2)");
	xf_role_check(&s, "ld", XF_ACT_PURGE, 0, &err);
	is_str(err.msg, "a purge is made by a handler with the admin role, "
	    "not by ld (lead of support)", "purge refused: the rule named");
	is_int(err.why, XF_WHY_ITEM, "a role's refusal: the item's (exit 1)");
	xf_role_check(&s, "off", XF_ACT_ERASE, 0, &err);
	is_str(err.msg, "an erasure is made by an admin or legal handler, "
	    "not by off, who is not an active handler",
	    "erase by an inactive admin refused: the rule named");
	xf_role_check(&s, "xf-cron", XF_ACT_ACCESS, 0, &err);
	is_str(err.msg, "an access export is made by an admin or legal "
	    "handler, not by xf-cron, an automation actor with no role",
	    "access by automation refused: the rule named");
	ok(xf_actor_automation("xf-cron") && !xf_actor_automation("xfcron") &&
	    !xf_actor_automation("cron-xf-") && !xf_actor_automation(""),
	    "automation is a name starting xf-");
	xf_store_close(&s);
	return done_testing();
}
