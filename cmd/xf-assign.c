/*
 * xf-assign: an owner, a team and deadlines for complaints, and the
 * handlers they are chosen from.
 *
 *	xf-assign [ref ...]		by strategy (refs from stdin when none)
 *	xf-assign -a			every accepted complaint nobody owns
 *	xf-assign --to login -m why	by hand
 *	xf-assign handler add|set|enable|disable|list|import
 *
 * Each complaint is chosen for and written in a transaction of its own
 * (lib/assign.c), so xf-assign runs beside intake and people at work; a
 * complaint nobody can take is reported, left as it was, and the run goes
 * on.  Handler commands live here rather than in a command of their own
 * because who may be given work is the assigner's policy.  "handler
 * disable" prints the handler's open complaints as a ref stream, so
 * "xf-assign handler disable bob | xf-assign" hands them to others.
 */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

#define PATH_LEN	4096

struct ctx {
	const char	*dbopt;
	enum xf_fmt	 fmt;
	struct xf_store	 store;
	int		 failed;
	char		 actor[XF_ACTOR_MAX];
	int64_t		 now;
};

/* usage() on a usage error, and --help (cmd_std_option). */
static const char usage_text[] =
    "usage: xf-assign [-an] [-C calendar] [-d store] [-o format] "
    "[-P policy] [-R routing]\n"
    "                 [-S strategy] [-t team] [--redact] [ref ...]\n"
    "       xf-assign [-fn] [-C calendar] [-d store] [-o format] "
    "[-P policy] --to login\n"
    "                 -m reason [--redact] [ref ...]\n"
    "       xf-assign [-d store] [-o format] handler list [-t team]\n"
    "       xf-assign [-d store] [-o format] handler add --team team "
    "[--name name]\n"
    "                 [--email address] [--role role] "
    "[--skills list] [--capacity n] login\n"
    "       xf-assign [-d store] [-o format] handler set [-m reason] "
    "[--team team]\n"
    "                 [--name name] [--email address] [--role role] "
    "[--skills list]\n"
    "                 [--capacity n] login\n"
    "       xf-assign [-d store] [-o format] handler enable | disable "
    "[-m reason] login\n"
    "       xf-assign [-d store] handler import [file]\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(2);
}

/* --- shared ------------------------------------------------------------ */

static void
common_opt(struct ctx *c, int ch, const char *arg)
{
	switch (ch) {
	case 'd':
		c->dbopt = arg;
		break;
	case 'o':
		c->fmt = cmd_fmt(arg);
		break;
	case CMD_OPT_BOM:
		cmd_bom_option();
		break;
	case CMD_OPT_REDACT:
		cmd_redact_option();
		break;
	default:
		cmd_std_option(ch, usage_text);
		usage();
	}
}

static const char *
utf8_arg(const char *opt, const char *arg)
{
	if (!xf_utf8_valid(arg, strlen(arg)))
		errx(2, "%s: the text is not valid UTF-8", opt);
	return arg;
}

/* --- handler ----------------------------------------------------------- */

static const struct xf_col handler_cols[] = {
	{ "login", XF_COL_TEXT }, { "name", XF_COL_TEXT },
	{ "email", XF_COL_TEXT }, { "team", XF_COL_TEXT },
	{ "role", XF_COL_TEXT }, { "skills", XF_COL_LIST },
	{ "capacity", XF_COL_NUM }, { "load", XF_COL_NUM },
	{ "active", XF_COL_NUM },
};
#define NHCOL	(nitems(handler_cols))

enum {
	OPT_TEAM = 256, OPT_NAME, OPT_EMAIL, OPT_ROLE, OPT_SKILLS,
	OPT_CAPACITY, OPT_TO
};

static const struct option handler_opts[] = {
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "skills", required_argument, NULL, OPT_SKILLS },
	{ "capacity", required_argument, NULL, OPT_CAPACITY },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

/* What handler add and set were told; NULL: not given. */
struct hopts {
	const char	*team, *name, *email, *role, *skills, *reason;
	int		 capacity, has_capacity;
	const char	*filter;	/* list -t */
	struct xf_buf	 skillbuf;
};

static const char *
login_arg(const char *what, const char *s)
{
	if (!xf_login_valid(s))
		errx(2, "%s '%.64s': a login is 1 to %d of a-z, 0-9, '.', '_' "
		    "and '-'", what, s, XF_LOGIN_MAX);
	return s;
}

static const char *
team_arg(const char *opt, const char *s)
{
	if (!xf_team_valid(s))
		errx(2, "%s '%.64s': a team is 1 to %d of a-z, 0-9, '.', '_' "
		    "and '-'", opt, s, XF_TEAM_MAX);
	return s;
}

static const char *
text_arg(const char *opt, const char *s)
{
	if (strlen(s) > XF_NAME_MAX)
		errx(2, "%s: at most %d bytes", opt, XF_NAME_MAX);
	return utf8_arg(opt, s);
}

static void
handler_options(struct ctx *c, struct hopts *o, int argc, char **argv,
    const char *optstring)
{
	struct xf_err e;
	int ch;

	while ((ch = getopt_long(argc, argv, optstring, handler_opts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_TEAM:
			o->team = team_arg("--team", optarg);
			break;
		case OPT_NAME:
			o->name = text_arg("--name", optarg);
			break;
		case OPT_EMAIL:
			o->email = text_arg("--email", optarg);
			break;
		case OPT_ROLE:
			if (!xf_role_valid(optarg))
				errx(2, "--role %.64s: want agent, lead, "
				    "legal or admin", optarg);
			o->role = optarg;
			break;
		case OPT_SKILLS:
			if (xf_skills_norm(utf8_arg("--skills", optarg),
			    &o->skillbuf, &e) == -1)
				errx(2, "--skills: %s", e.msg);
			o->skills = o->skillbuf.p;
			break;
		case OPT_CAPACITY:
			if (xf_capacity_parse(optarg, &o->capacity) == -1)
				errx(2, "--capacity %.64s: want a number from "
				    "0 to %d", optarg, XF_CAPACITY_MAX);
			o->has_capacity = 1;
			break;
		case 'm':
			o->reason = utf8_arg("-m", optarg);
			break;
		case 't':
			o->filter = team_arg("-t", optarg);
			break;
		default:
			common_opt(c, ch, optarg);
		}
	}
}

/* Only the options verb takes: long options are accepted by every
 * handler verb's getopt, so the others are refused here. */
static void
only_fields(const struct hopts *o, const char *verb)
{
	if (o->team || o->name || o->email || o->role || o->skills ||
	    o->has_capacity)
		errx(2, "handler %s takes no --team, --name, --email, --role, "
		    "--skills or --capacity", verb);
}

static int
apply_fields(struct xf_handler *h, const struct hopts *o)
{
	if (o->team != NULL)
		snprintf(h->team, sizeof(h->team), "%s", o->team);
	if (o->role != NULL)
		snprintf(h->role, sizeof(h->role), "%s", o->role);
	if (o->has_capacity)
		h->capacity = o->capacity;
	if ((o->name != NULL && xf_handler_setstr(&h->name, o->name) == -1) ||
	    (o->email != NULL && xf_handler_setstr(&h->email, o->email) == -1) ||
	    (o->skills != NULL && xf_handler_setstr(&h->skills, o->skills) == -1))
		return -1;
	return 0;
}

static void
handler_vals(const struct xf_handler *h, const char *vals[NHCOL],
    char cap[16], char load[16])
{
	snprintf(cap, 16, "%d", h->capacity);
	snprintf(load, 16, "%d", h->load);
	vals[0] = h->login;
	vals[1] = h->name;
	vals[2] = h->email;
	vals[3] = h->team;
	vals[4] = h->role;
	vals[5] = h->skills ? h->skills : "";
	vals[6] = cap;
	vals[7] = load;
	vals[8] = h->active ? "1" : "0";
}

static int
list_one(void *arg, const struct xf_handler *h)
{
	const char *vals[NHCOL];
	char cap[16], load[16];

	handler_vals(h, vals, cap, load);
	cmd_table_row(arg, vals, 1);
	return 0;
}

/* The handler as it is now, as a one-row list. */
static void
print_handler(struct ctx *c, const char *login)
{
	struct xf_handler h;
	struct xf_table t;
	struct xf_err e;
	int found;

	if (xf_handler_get(&c->store, login, &h, &found, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	cmd_table_start(&t, c->fmt, handler_cols, NHCOL);
	if (found)
		list_one(&t, &h);
	cmd_table_end(&t);
	xf_handler_free(&h);
}

static int
verb_handler_list(struct ctx *c, int argc, char **argv)
{
	struct hopts o = { 0 };
	struct xf_table t;
	struct xf_err e;

	handler_options(c, &o, argc, argv, "d:o:t:");
	only_fields(&o, "list");
	if (optind != argc)
		usage();
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	cmd_table_start(&t, c->fmt, handler_cols, NHCOL);
	if (xf_handler_each(&c->store, o.filter, list_one, &t, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	cmd_table_end(&t);
	return c->failed;
}

static const char *
one_login(int argc, char **argv)
{
	if (argc - optind != 1)
		usage();
	return login_arg("login", argv[optind]);
}

static int
verb_handler_add(struct ctx *c, int argc, char **argv)
{
	struct hopts o = { 0 };
	struct xf_handler h, old;
	struct xf_err e;
	const char *login;
	int found, changed;

	handler_options(c, &o, argc, argv, "d:o:");
	login = one_login(argc, argv);
	if (o.team == NULL)
		errx(2, "handler add %s: --team is required", login);
	xf_handler_init(&h);
	snprintf(h.login, sizeof(h.login), "%s", login);
	if (apply_fields(&h, &o) == -1)
		errx(1, "out of memory");
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_WRITE, c->actor);
	if (xf_store_begin(&c->store, &e) == -1 ||
	    xf_handler_get(&c->store, login, &old, &found, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	if (found) {
		xf_store_rollback(&c->store);
		xf_handler_free(&old);
		warnx("handler %s exists already (handler set changes it)",
		    login);
		c->failed = 1;
	} else if (xf_handler_save(&c->store, NULL, &h, c->now, c->actor,
	    NULL, &changed, &e) == -1 ||
	    xf_store_commit(&c->store, &e) == -1) {
		xf_store_rollback(&c->store);
		cmd_store_fatal(&c->store, &e);
	} else
		print_handler(c, login);
	xf_handler_free(&h);
	xf_buf_free(&o.skillbuf);
	return c->failed;
}

/*
 * Changes one handler in one transaction: set, enable, disable.  Returns
 * 0, or -1 when there is no such handler (reported).
 */
static int
change_handler(struct ctx *c, const char *login, const struct hopts *o,
    int active)
{
	struct xf_handler old, h;
	struct xf_err e;
	int found, changed;

	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, c->actor);
	if (xf_store_begin(&c->store, &e) == -1 ||
	    xf_handler_get(&c->store, login, &old, &found, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	if (!found) {
		xf_store_rollback(&c->store);
		warnx("%s: no such handler", login);
		c->failed = 1;
		return -1;
	}
	h = old;
	h.name = h.email = h.skills = NULL;
	if (xf_handler_setstr(&h.name, old.name) == -1 ||
	    xf_handler_setstr(&h.email, old.email) == -1 ||
	    xf_handler_setstr(&h.skills, old.skills) == -1 ||
	    apply_fields(&h, o) == -1)
		errx(1, "out of memory");
	if (active != -1)
		h.active = active;
	if (xf_handler_save(&c->store, &old, &h, c->now, c->actor, o->reason,
	    &changed, &e) == -1 || xf_store_commit(&c->store, &e) == -1) {
		xf_store_rollback(&c->store);
		cmd_store_fatal(&c->store, &e);
	}
	xf_handler_free(&old);
	xf_handler_free(&h);
	return 0;
}

static int
verb_handler_set(struct ctx *c, int argc, char **argv)
{
	struct hopts o = { 0 };
	const char *login;

	handler_options(c, &o, argc, argv, "d:m:o:");
	login = one_login(argc, argv);
	if (!o.team && !o.name && !o.email && !o.role && !o.skills &&
	    !o.has_capacity)
		errx(2, "handler set %s: nothing to set (--team, --name, "
		    "--email, --role, --skills, --capacity)", login);
	if (change_handler(c, login, &o, -1) == 0)
		print_handler(c, login);
	xf_buf_free(&o.skillbuf);
	return c->failed;
}

static int
verb_handler_enable(struct ctx *c, int argc, char **argv)
{
	struct hopts o = { 0 };
	const char *login;

	handler_options(c, &o, argc, argv, "d:m:o:");
	only_fields(&o, "enable");
	login = one_login(argc, argv);
	if (change_handler(c, login, &o, 1) == 0)
		print_handler(c, login);
	return c->failed;
}

static const struct xf_col open_cols[] = {
	{ "ref", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "assignee", XF_COL_TEXT }, { "team", XF_COL_TEXT },
	{ "category", XF_COL_TEXT }, { "due", XF_COL_TEXT },
};

static const char OPEN_SQL[] =
    "SELECT ref, status, assignee, team, category, due FROM complaint"
    " WHERE assignee = ?1 AND status IN " XF_IN_HAND_STATUSES " ORDER BY id";

/* A disabled handler's open complaints: a ref stream to reassign. */
static void
print_open(struct ctx *c, const char *login)
{
	struct xf_table t;
	sqlite3_stmt *st;
	struct xf_err e;
	const char *vals[6];
	char due[XF_TIMELEN];
	int i, rc;

	if (xf_store_prepare(&c->store, OPEN_SQL, &st, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	cmd_table_start(&t, c->fmt, open_cols, 6);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 5; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		vals[5] = NULL;
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			xf_time_format(sqlite3_column_int64(st, 5), due,
			    sizeof(due));
			vals[5] = due;
		}
		cmd_table_row(&t, vals, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xf_store_fail(&c->store, "listing open complaints", &e);
		cmd_store_fatal(&c->store, &e);
	}
	cmd_table_end(&t);
}

static int
verb_handler_disable(struct ctx *c, int argc, char **argv)
{
	struct hopts o = { 0 };
	const char *login;

	handler_options(c, &o, argc, argv, "d:m:o:");
	only_fields(&o, "disable");
	login = one_login(argc, argv);
	if (change_handler(c, login, &o, 0) == 0)
		print_open(c, login);
	return c->failed;
}

static int
verb_handler_import(struct ctx *c, int argc, char **argv)
{
	struct xf_import_counts n;
	struct hopts o = { 0 };
	struct xf_input *in;
	struct xf_err e;
	const char *path = NULL, *name;

	handler_options(c, &o, argc, argv, "d:");
	only_fields(&o, "import");
	if (argc - optind > 1)
		usage();
	if (argc - optind == 1 && strcmp(argv[optind], "-") != 0)
		path = argv[optind];
	name = path ? path : "stdin";
	if ((in = xf_input_open(path, &e)) == NULL)
		errx(1, "%s", e.msg);
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_WRITE, c->actor);
	if (xf_handler_import(&c->store, in, name, c->now, c->actor, &n,
	    &e) == -1) {
		warnx("%s (nothing imported)", e.msg);
		c->failed = 1;
		if (xf_store_down(&c->store))
			exit(EXIT_TEMPFAIL);
	} else
		fprintf(stderr, "xf-assign: %s: added %ld, changed %ld, "
		    "unchanged %ld\n", name, n.added, n.changed, n.unchanged);
	xf_input_close(in);
	return c->failed;
}

static const struct verb {
	const char	*name;
	int		(*run)(struct ctx *, int, char **);
} verbs[] = {
	{ "list", verb_handler_list },
	{ "add", verb_handler_add },
	{ "set", verb_handler_set },
	{ "enable", verb_handler_enable },
	{ "disable", verb_handler_disable },
	{ "import", verb_handler_import },
};

/* argv[0] is "handler". */
static int
verb_handler(struct ctx *c, int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		usage();
	i = CMD_VERB("handler", argv[1], verbs);
	return verbs[i].run(c, argc - 1, argv + 1);
}

/* The verbs before any ref; the rest of xf-assign takes refs. */
static const struct verb top_verbs[] = {
	{ "handler", verb_handler },
};

/* The actor and the time, read once the options are (so --help and
 * --version never depend on XF_ACTOR or XF_NOW). */
static void
settle(struct ctx *c)
{
	cmd_actor(c->actor, sizeof(c->actor));
	c->now = cmd_now();
}

/* --- assign -------------------------------------------------------------- */

static const struct xf_col assign_cols[] = {
	{ "ref", XF_COL_TEXT }, { "assignee", XF_COL_TEXT },
	{ "team", XF_COL_TEXT }, { "ack_due", XF_COL_TEXT },
	{ "due", XF_COL_TEXT }, { "reason", XF_COL_TEXT },
};

static const struct option assign_opts[] = {
	{ "to", required_argument, NULL, OPT_TO },
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct xf_assigner	 a;
	struct xf_routing	*routing;
	struct xf_sla		 sla;
	int			 sla_loaded;
	struct xf_table		 out;
	struct cmd_batch	 batch;	/* out's rows, held until committed */
	const char		*policy, *calendar, *routing_opt;
	int			 all, strategy_set;
};

static void
assign_options(struct ctx *c, struct run *r, int argc, char **argv)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "aC:d:fm:no:P:R:S:t:",
	    assign_opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			r->all = 1;
			break;
		case 'C':
			r->calendar = optarg;
			break;
		case 'f':
			r->a.force = 1;
			break;
		case 'm':
			r->a.why = utf8_arg("-m", optarg);
			break;
		case 'n':
			r->a.dry = 1;
			break;
		case 'P':
			r->policy = optarg;
			break;
		case 'R':
			r->routing_opt = optarg;
			break;
		case 'S':
			if (xf_strategy_parse(optarg, &r->a.strategy) == -1)
				errx(2, "-S %.64s: want skill, round-robin or "
				    "least-loaded", optarg);
			r->strategy_set = 1;
			break;
		case 't':
			r->a.team = team_arg("-t", optarg);
			break;
		case OPT_TO:
			r->a.to = login_arg("--to", optarg);
			break;
		default:
			common_opt(c, ch, optarg);
		}
	}
}

static void
check_options(const struct run *r, int nrefs)
{
	const struct xf_assigner *a = &r->a;

	if (r->all && nrefs > 0)
		errx(2, "-a takes no refs");
	if (a->to != NULL) {
		if (a->why == NULL || *a->why == '\0')
			errx(2, "--to needs a reason: -m text");
		if (r->all || a->team != NULL || r->strategy_set ||
		    r->routing_opt != NULL)
			errx(2, "--to goes with none of -a, -R, -S and -t");
	} else if (a->why != NULL)
		errx(2, "-m goes with --to");
	else if (a->force)
		errx(2, "-f goes with --to");
}

/* The handler named by --to, checked before any complaint is touched
 * (and again for each, inside its transaction). */
static void
check_target(struct ctx *c, const char *login)
{
	struct xf_handler h;
	struct xf_err e;
	int found;

	if (xf_handler_get(&c->store, login, &h, &found, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	if (!found)
		errx(1, "--to %s: no such handler", login);
	if (!h.active)
		errx(1, "--to %s: disabled (xf-assign handler enable %s)",
		    login, login);
	xf_handler_free(&h);
}

static void
load_policy(struct run *r)
{
	char path[PATH_LEN];
	struct xf_err e;

	if (r->a.to == NULL && r->a.team == NULL) {
		if (xf_share_path(path, sizeof(path), r->routing_opt,
		    "XF_ROUTING", "routing.tsv") == -1)
			errx(EXIT_USAGE, "the routing file's path is too "
			    "long");
		if ((r->routing = xf_routing_load(path, &e)) == NULL)
			errx(cmd_exit_for(NULL, &e), "%s (nothing assigned)",
			    e.msg);
		r->a.routing = r->routing;
	}
	if (xf_sla_load(&r->sla, r->policy, r->calendar, &e) == -1)
		errx(cmd_exit_for(NULL, &e), "%s (nothing assigned)", e.msg);
	r->sla_loaded = 1;
	r->a.sla = &r->sla;
}

/* The store is opened at the first ref, not before: in "xf-intake
 * new.csv | xf-assign" it may not exist until xf-intake commits. */
static void
start(struct ctx *c, struct run *r)
{
	struct xf_err e;

	if (r->a.store != NULL)
		return;
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, c->actor);
	if (r->a.to != NULL)
		check_target(c, r->a.to);
	r->a.store = &c->store;
	if (xf_assign_open(&r->a, &e) == -1)
		cmd_store_fatal(&c->store, &e);
}

static void
assigned(struct run *r, const struct xf_assignment *x)
{
	char ack[XF_TIMELEN], due[XF_TIMELEN];
	const char *vals[6];

	if (x->has_ack_due)
		xf_time_format(x->ack_due, ack, sizeof(ack));
	if (x->has_due)
		xf_time_format(x->due, due, sizeof(due));
	vals[0] = x->ref;
	vals[1] = x->assignee;
	vals[2] = x->team[0] != '\0' ? x->team : NULL;
	vals[3] = x->has_ack_due ? ack : NULL;
	vals[4] = x->has_due ? due : NULL;
	vals[5] = x->reason;
	cmd_batch_row(&r->batch, vals);
}

/* One ref or id; a busy store ends the run (the rest would wait too). */
static void
assign_one(struct ctx *c, struct run *r, const char *ref, int64_t id)
{
	struct xf_assignment x;
	struct xf_err e;
	int rc;

	start(c, r);
	cmd_batch_unit(&r->batch);
	rc = ref != NULL ? xf_assign_ref(&r->a, ref, &x, &e) :
	    xf_assign_id(&r->a, id, &x, &e);
	if (rc == 0)
		assigned(r, &x);
	else {
		warnx("%s", e.msg);
		c->failed = 1;
	}
	if ((rc == -1 && xf_store_down(&c->store)) ||
	    cmd_batch_step(&r->batch) == -1) {
		/* What the batch did so far stays, if it can. */
		(void)cmd_batch_end(&r->batch);
		cmd_table_end(&r->out);
		cmd_flush();
		exit(EXIT_TEMPFAIL);
	}
}

static void
assign_all(struct ctx *c, struct run *r)
{
	struct xf_err e;
	int64_t *ids;
	size_t n, i;

	start(c, r);
	if (xf_store_ids(&c->store, "SELECT id FROM complaint WHERE"
	    " status = 'accepted' AND assignee IS NULL ORDER BY id", &ids, &n,
	    &e) == -1)
		cmd_store_fatal(&c->store, &e);
	for (i = 0; i < n; i++)
		assign_one(c, r, NULL, ids[i]);
	free(ids);
}

static void
assign_refs(struct ctx *c, struct run *r, int argc, char **argv)
{
	struct cmd_refs refs;
	char ref[XF_REFLEN];

	cmd_refs_start(&refs, argc, argv, &c->failed);
	refs.batch = &r->batch;
	while (cmd_refs_next(&refs, ref) == 1)
		assign_one(c, r, ref, 0);
	cmd_refs_end(&refs);
}

static int
verb_assign(struct ctx *c, int argc, char **argv)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	r.a.strategy = XF_STRATEGY_SKILL;
	optind = 0;
	assign_options(c, &r, argc, argv);
	argc -= optind;
	argv += optind;
	settle(c);
	r.a.now = c->now;
	r.a.actor = c->actor;
	/* A bare word is a verb, never a ref: refs are XF-... or numbers.
	 * "handler" itself is one only after nothing but -d and -o. */
	if (argc > 0 && cmd_verb_like(argv[0])) {
		CMD_VERB(NULL, argv[0], top_verbs);
		usage();
	}
	check_options(&r, argc);
	load_policy(&r);
	cmd_table_start(&r.out, c->fmt, assign_cols, 6);
	cmd_batch_start(&r.batch, &c->store, &r.out, 6, !r.a.dry);
	if (r.all)
		assign_all(c, &r);
	else
		assign_refs(c, &r, argc, argv);
	if (cmd_batch_end(&r.batch) == -1)
		c->failed = EXIT_TEMPFAIL;
	cmd_table_end(&r.out);
	xf_assign_close(&r.a);
	xf_routing_free(r.routing);
	if (r.sla_loaded)
		cmd_sla_free(&r.sla);
	return c->failed;
}

/* --- main ---------------------------------------------------------------- */

/* The index of "handler" when it comes after nothing but -d and -o, so
 * "xf-assign -d db handler list" works like "xf-status -d db list"; 0 if
 * this is no handler command. */
static int
handler_index(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "handler") == 0)
			return i;
		if (strcmp(argv[i], "-d") == 0 || strcmp(argv[i], "-o") == 0)
			i++;
		else if (strncmp(argv[i], "-d", 2) != 0 &&
		    strncmp(argv[i], "-o", 2) != 0)
			return 0;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct ctx c = { .fmt = XF_FMT_TSV };
	size_t i;
	int h, ch, rc;

	cmd_start(argc, argv);
	if ((h = handler_index(argc, argv)) > 0) {
		/* the options before "handler" */
		while ((ch = getopt(h, argv, "d:o:")) != -1)
			common_opt(&c, ch, optarg);
		i = CMD_VERB(NULL, argv[h], top_verbs);
		settle(&c);
		rc = top_verbs[i].run(&c, argc - h, argv + h);
	} else
		rc = verb_assign(&c, argc, argv);
	xf_store_close(&c.store);
	cmd_flush();
	return rc;
}
