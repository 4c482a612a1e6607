/*
 * xf-status: what state complaints are in.  One command with verbs (like
 * git) because every verb reads or moves the same state machine:
 *
 *	xf-status list [filters]	complaints as a TSV stream
 *	xf-status show REF...		one complaint in full, with history
 *	xf-status accept REF...		a move of the lifecycle (lifecycle.c),
 *					which may queue a notice (notice.c)
 *	xf-status merge --into REF REF...
 *					complaints of one matter joined;
 *					split, link, transfer (merge.c)
 *	xf-status reply REF...		a reply to the complainant (reply.c)
 *	xf-status lang zh REF...	the language notices are written in
 *	xf-status canned		the canned answers, by name
 *	xf-status tag REF +退款 -催办	free tags (tag.c)
 *	xf-status overdue		deadlines missed or near (overdue.c);
 *					--alert: only new levels, recorded
 *	xf-status escalate		overdue complaints to the team lead
 *	xf-status verify		the file is sound, the event chain intact,
 *					each complaint as its history says (agree.c)
 *	xf-status index			the search index brought up to date
 *	xf-status purge --closed-before DATE	retention: finished
 *					complaints anonymised (anonymise.c)
 *	xf-status erase --contact ADDR --request ID	a person's
 *					complaints anonymised on request
 *	xf-status confirm | refuse REF...	a person's word on a message
 *					from an address that never wrote
 *					about the complaint (reply.c)
 *
 * Verbs that take refs read them from stdin when none are given, so any
 * xf command's output can be piped in.  overdue prints nothing at all,
 * not even a header, when nothing is late, and exits 1 like grep: cron
 * mails only when there is something to say.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define LIST_SEP	","
#define PATH_LEN	4096

struct ctx {
	const char	*dbopt;
	const char	*policy, *calendar;	/* -P, -C */
	const char	*routing_opt;		/* -R */
	struct xf_routing *routing;	/* loaded by need_routing() */
	enum xf_fmt	 fmt;
	int		 fmt_set;
	int		 dry;		/* -n of a move: show, change nothing */
	int		 no_notify;	/* --no-notify of a move */
	const char	*canned;	/* --canned NAME */
	const struct xf_col *done_cols;	/* what a change prints; NULL: moves' */
	size_t		 done_ncols;	/* 0: 3, as the moves' */
	/* The row a change prints when done_cols is not the moves'. */
	void		(*done_row)(struct cmd_batch *, const struct xf_change *,
			    const void *);
	struct xf_store	 store;
	struct xf_sla	 sla;		/* loaded by need_sla() */
	int		 sla_loaded;
	int		 failed;
	int		 tempfail;	/* the store failed, not an item: 75 */
	int		 config;	/* a template or setting is wrong: 2 */
	int		 shown;		/* show printed its header row */
	struct xf_table	*objects;	/* show -o json, jsonl, xlsx: its rows */
};

/* usage() on a usage error, and --help (cmd_std_option). */
static const char usage_text[] =
    "usage: xf-status [-d store] [-o format] list [-A] [-c channel] "
    "[-l limit] [-q text]\n"
    "                 [-s status] [--assignee login] [--team team] "
    "[--category category]\n"
    "                 [--priority P1-P4] [--flag flag] [--since time] "
    "[--until time]\n"
    "                 [--updated-since time] [--updated-until time]\n"
    "                 [--replied] [--unverified] [--contact address]\n"
    "                 [--complainant name] [--redact] [--sort order] "
    "[--due]\n"
    "                 [--mine] [--where field=value] [--tag tag] "
    "[--lang en|zh]\n"
    "       xf-status [-d store] [-o format] [--redact] show | history "
    "[ref ...]\n"
    "       xf-status [-d store] show --raw [--message n] [--out path "
    "[--force]] ref\n"
    "       xf-status [-d store] show --attachment name | n --out path "
    "[--force] ref\n"
    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
    "accept | resume\n"
    "                 [-n] [--no-notify] [ref ...]\n"
    "       xf-status [-d store] [-o format] start | close [-n] "
    "[--no-notify] [ref ...]\n"
    "       xf-status [-d store] [-o format] [-P policy] autoclose [-n] "
    "[--no-notify]\n"
    "       xf-status [-d store] [-o format] reject | wait | resolve | "
    "reopen | note\n"
    "                 [-n] [--no-notify] [--canned name] -m text [ref ...]\n"
    "       xf-status [-d store] [-o format] merge [-n] [--no-notify] "
    "[-m text]\n"
    "                 --into ref [ref ...]\n"
    "       xf-status [-d store] [-o format] split [-n] [--subject text] "
    "-m text\n"
    "                 --body text | --message n ref\n"
    "       xf-status [-d store] [-o format] link | unlink [-n] [-m text] "
    "--with ref\n"
    "                 [ref ...]\n"
    "       xf-status [-d store] [-o format] transfer [-n] [--no-notify] "
    "-m text\n"
    "                 --team team | --to name [ref ...]\n"
    "       xf-status [-d store] [-o format] reply [-n] [--canned name] "
    "[--via way]\n"
    "                 -m text [ref ...]\n"
    "       xf-status [-d store] [-o format] lang [-n] [-m text] "
    "zh | en | auto [ref ...]\n"
    "       xf-status [-o format] canned\n"
    "       xf-status [-d store] [-o format] tag [-n] [-m text] "
    "+tag | -tag ... [ref ...]\n"
    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
    "extend [-n]\n"
    "                 [--no-notify] --days n --approver login -m text "
    "[ref ...]\n"
    "       xf-status [-d store] [-o format] review [-n] --approve | "
    "--deny -m text\n"
    "                 [ref ...]\n"
    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
    "[-R routing]\n"
    "                 overdue [-nq] [-t team] [-u login] "
    "[--alert | --escalate]\n"
    "                 [--within span] [--redact] [ref ...]\n"
    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
    "[-R routing]\n"
    "                 escalate [-n] [-t team] [-u login]\n"
    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
    "confirm [-n]\n"
    "                 [-m text] [-w days] [--from address] [ref ...]\n"
    "       xf-status [-d store] [-o format] refuse [-n] [-m text] "
    "[--from address]\n"
    "                 [ref ...]\n"
    "       xf-status [-d store] export [--contact address] "
    "[--complainant name]\n"
    "                 --request reference\n"
    "       xf-status [-d store] verify | index\n"
    "       xf-status [-d store] [-o format] purge --closed-before date "
    "[--yes]\n"
    "       xf-status [-d store] purge --scrub\n"
    "       xf-status [-d store] [-o format] erase --contact address "
    "--request id\n"
    "                 [--complainant name] [--force] [--yes]\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(2);
}

/* --- shared pieces ------------------------------------------------- */

/* What a verb returns: 75 when the store failed, 2 when a setting or
 * template is wrong, else 1 when an item did. */
static int
exit_status(const struct ctx *c)
{
	if (c->tempfail)
		return EXIT_TEMPFAIL;
	return c->config ? EXIT_USAGE : c->failed;
}

/* The policy and calendar, read once, by the verbs that count time. */
static const struct xf_sla *
need_sla(struct ctx *c)
{
	struct xf_err e;

	if (!c->sla_loaded) {
		if (xf_sla_load(&c->sla, c->policy, c->calendar, &e) == -1)
			cmd_die(NULL, &e);
		c->sla_loaded = 1;
	}
	return &c->sla;
}

/* The routing, read once, by the verbs that escalate: the team of a
 * complaint that has none yet, and each team's escalation contact. */
static const struct xf_routing *
need_routing(struct ctx *c)
{
	char path[PATH_LEN];
	struct xf_err e;

	if (c->routing == NULL) {
		if (xf_share_path(path, sizeof(path), c->routing_opt,
		    "XF_ROUTING", "routing.tsv") == -1)
			errx(EXIT_USAGE, "the routing file's path is too "
			    "long");
		if ((c->routing = xf_routing_load(path, &e)) == NULL)
			cmd_die(NULL, &e);
	}
	return c->routing;
}

/* Every row of st through the table formatter to stdout; cols names
 * st's columns, as many, in its order. */
static int
emit_rows(struct ctx *c, sqlite3_stmt *st, const struct xf_col *cols,
    size_t n, long *count)
{
	struct xf_table t;
	const char **vals;
	char (*tb)[XF_TIMELEN];
	size_t i;
	int rc;

	vals = calloc(n, sizeof(*vals));
	tb = calloc(n, sizeof(*tb));
	if (vals == NULL || tb == NULL)
		errx(1, "out of memory");
	cmd_table_start(&t, c->fmt, cols, n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			vals[i] = xf_view_cell(st, (int)i,
			    xf_view_is_time(cols[i].name), tb[i], XF_TIMELEN);
		cmd_table_row(&t, vals, 0);
		(*count)++;
	}
	cmd_table_end(&t);
	free(vals);
	free(tb);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * A comma list of a person's words for values of v, as the list of the
 * stored values they mean (vocab.c: intake's aliases, any case); exit 2
 * at a word that means none, listing the ones that do.
 */
static const char *
list_arg(const char *opt, const char *arg, enum xf_vocab v,
    struct xf_buf *values)
{
	struct xf_err e;

	xf_buf_free(values);	/* an option given again replaces its list */
	if (xf_vocab_list(v, arg, values, &e) == -1)
		errx(2, "%s: %s", opt, e.msg);
	return xf_buf_str(values);
}

/* One word for a value of v, as list_arg reads each of its list. */
static const char *
vocab_arg(const char *opt, const char *arg, enum xf_vocab v)
{
	struct xf_err e;
	const char *value;

	if ((value = xf_vocab_value(v, arg, &e)) == NULL)
		errx(2, "%s: %s", opt, e.msg);
	return value;
}

/*
 * --category as the taxonomy or the store spells it, or exit 2 listing
 * the known ones: a category nothing has matches nothing, silently.
 */
static const char *
category_arg(struct ctx *c, const char *arg, char canon[XF_CATEGORY_MAX + 1])
{
	struct xf_err e;

	if (cmd_category(&c->store, arg, canon, &e) == 1)
		errx(EXIT_USAGE, "--category: %s", e.msg);
	return canon;
}

/* --- list ---------------------------------------------------------- */

enum {
	OPT_SINCE = 256, OPT_UNTIL, OPT_ASSIGNEE, OPT_TEAM, OPT_CATEGORY,
	OPT_PRIORITY, OPT_FLAG, OPT_USINCE, OPT_UUNTIL,
	OPT_REPLIED, OPT_UNVERIFIED,	/* issue 14 */
	OPT_CONTACT, OPT_COMPLAINANT,	/* issue 15 */
	OPT_SORT, OPT_DUE, OPT_MINE, OPT_WHERE, OPT_TAG, OPT_LANG  /* 16 */
};

static const struct option list_opts[] = {
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "assignee", required_argument, NULL, OPT_ASSIGNEE },
	{ "team", required_argument, NULL, OPT_TEAM },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "flag", required_argument, NULL, OPT_FLAG },
	{ "updated-since", required_argument, NULL, OPT_USINCE },
	{ "updated-until", required_argument, NULL, OPT_UUNTIL },
	{ "replied", no_argument, NULL, OPT_REPLIED },
	{ "unverified", no_argument, NULL, OPT_UNVERIFIED },
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "complainant", required_argument, NULL, OPT_COMPLAINANT },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "due", no_argument, NULL, OPT_DUE },
	{ "mine", no_argument, NULL, OPT_MINE },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ "tag", required_argument, NULL, OPT_TAG },
	{ "lang", required_argument, NULL, OPT_LANG },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

struct list_filter {
	struct xf_list_query q;
	const char	*query;		/* -q as given; q.match is its FTS5 */
	const char	*contact, *complainant;	/* one person's (issue 15) */
	/* What q's statuses, channels and priorities point into: the lists
	 * of stored values their options' words made (list_arg). */
	struct xf_buf	 statuses, channels, priorities;
	/* issue 16: the queue a person looks at */
	int		 due;		/* --due: the deadline columns */
	int		 mine;		/* --mine: assigned to XF_ACTOR */
	const char	*lang;		/* --lang, else the locale's */
	struct xf_where	 where[XF_WHERE_MAX];
	char		 tags[XF_WHERE_MAX][XF_TAG_BYTES + 1];
	const char	*tagp[XF_WHERE_MAX];
	char		 actor[XF_ACTOR_MAX];
};

static void common_opt(struct ctx *, int, const char *);

/* A contact or name to find a person by: one that leaves nothing to
 * compare once normalised ("--contact ' - '") is a usage error. */
static const char *
person_arg(const char *opt, const char *arg,
    int (*norm)(const char *, struct xf_buf *))
{
	struct xf_buf b = { 0 };
	size_t len;

	if (norm(arg, &b) == -1)
		errx(2, "out of memory");
	len = b.len;
	xf_buf_free(&b);
	if (len == 0)
		errx(2, "%s '%s': nothing to find a person by", opt, arg);
	return arg;
}

/* The complaints of one person (--contact, --complainant), found by
 * the lib's one function: what list shows is what export discloses. */
static void
person_ids(struct ctx *c, const char *contact, const char *name,
    int64_t **ids, size_t *n)
{
	struct xf_err e;

	if (xf_person_ids(&c->store, contact, name, ids, n, &e) == -1)
		cmd_store_fatal(&c->store, &e);
}

/*
 * --where FIELD=VALUE, the lib's to read (list.c), with the words of
 * a vocabulary read as -c, -s and --priority read them, so that
 * "--where channel=电话" means what "-c 电话" does.
 */
static void
where_arg(struct list_filter *f, const char *arg)
{
	static const struct { const char *field; enum xf_vocab v; } vocab[] = {
		{ "channel", XF_VOCAB_CHANNEL }, { "status", XF_VOCAB_STATUS },
		{ "priority", XF_VOCAB_PRIORITY },
	};
	struct xf_where *w;
	struct xf_err e;
	size_t i;

	if (f->q.nwhere == XF_WHERE_MAX)
		errx(2, "--where: at most %d of them", XF_WHERE_MAX);
	w = &f->where[f->q.nwhere];
	if (xf_list_where_parse(arg, w, &e) == -1)
		errx(2, "--where %s: %s", arg, e.msg);
	for (i = 0; i < nitems(vocab) && w->column != NULL; i++)
		if (strcmp(w->column, vocab[i].field) == 0 && *w->value != '\0')
			w->value = vocab_arg("--where", w->value, vocab[i].v);
	f->q.where = f->where;
	f->q.nwhere++;
}

/* --tag T, trimmed as xf-status tag stores it; each given must hold. */
static void
tag_arg(struct list_filter *f, const char *arg)
{
	struct xf_err e;
	size_t n = f->q.ntags;

	if (n == XF_WHERE_MAX)
		errx(2, "--tag: at most %d of them", XF_WHERE_MAX);
	if (xf_tag_norm(arg, f->tags[n], &e) == -1)
		errx(2, "--tag '%s': %s", arg, e.msg);
	f->tagp[n] = f->tags[n];
	f->q.tags = f->tagp;
	f->q.ntags = n + 1;
}

static void
list_queue_opt(struct list_filter *f, int ch, const char *arg)
{
	struct xf_err e;

	switch (ch) {
	case OPT_SORT:
		if (xf_list_sort_parse(arg, &f->q.sort, &f->q.desc, &e) == -1)
			errx(2, "--sort %s: %s", arg, e.msg);
		break;
	case OPT_DUE:
		f->due = 1;
		break;
	case OPT_MINE:
		f->mine = 1;
		break;
	case OPT_WHERE:
		where_arg(f, arg);
		break;
	case OPT_TAG:
		tag_arg(f, arg);
		break;
	case OPT_LANG:
		if (strcmp(arg, "en") != 0 && strcmp(arg, "zh") != 0)
			errx(2, "--lang %s: en or zh", arg);
		f->lang = arg;
		break;
	}
}

static void
list_options(struct ctx *c, struct list_filter *f, int argc, char **argv)
{
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, "Ac:d:l:o:q:s:", list_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			f->q.all = 1;
			break;
		case 'c':
			f->q.channels = list_arg("-c", optarg, XF_VOCAB_CHANNEL,
			    &f->channels);
			break;
		case 'l':
			f->q.limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || f->q.limit < 0)
				errx(2, "-l %s: want a count", optarg);
			break;
		case 's':
			f->q.statuses = list_arg("-s", optarg, XF_VOCAB_STATUS,
			    &f->statuses);
			break;
		case OPT_SINCE:
			f->q.since = cmd_time_bound("--since", optarg, 0);
			f->q.has_since = 1;
			break;
		case OPT_UNTIL:
			f->q.until = cmd_time_bound("--until", optarg, 1);
			f->q.has_until = 1;
			break;
		case OPT_USINCE:
			f->q.usince = cmd_time_bound("--updated-since", optarg,
			    0);
			f->q.has_usince = 1;
			break;
		case OPT_UUNTIL:
			f->q.uuntil = cmd_time_bound("--updated-until", optarg,
			    1);
			f->q.has_uuntil = 1;
			break;
		case OPT_ASSIGNEE:
			f->q.assignee = optarg;
			break;
		case OPT_TEAM:
			f->q.team = optarg;
			break;
		case OPT_CATEGORY:
			f->q.category = optarg;
			break;
		case OPT_PRIORITY:
			f->q.priorities = list_arg("--priority", optarg,
			    XF_VOCAB_PRIORITY, &f->priorities);
			break;
		case OPT_FLAG:
			f->q.flag = vocab_arg("--flag", optarg, XF_VOCAB_FLAG);
			break;
		case 'q':
			f->query = optarg;
			break;
		case OPT_REPLIED:
			f->q.replied = 1;
			break;
		case OPT_UNVERIFIED:
			f->q.unverified = 1;
			break;
		case OPT_CONTACT:
			f->contact = person_arg("--contact", optarg,
			    xf_contact_norm);
			break;
		case OPT_COMPLAINANT:
			f->complainant = person_arg("--complainant", optarg,
			    xf_name_norm);
			break;
		case OPT_SORT: case OPT_DUE: case OPT_MINE: case OPT_WHERE:
		case OPT_TAG: case OPT_LANG:
			list_queue_opt(f, ch, optarg);
			break;
		default:
			common_opt(c, ch, optarg);
		}
	}
	if (optind != argc)
		usage();
	/* --mine is --assignee of whoever runs it: both would be one. */
	if (f->mine && f->q.assignee != NULL)
		errx(2, "--mine and --assignee: give one");
	if (f->mine)
		f->q.assignee = cmd_actor(f->actor, sizeof(f->actor));
}

/*
 * A deadline cell of a table: the time against now ("in 3h", "2d
 * late") while the complaint owes it, "paused" while it waits, empty
 * once it owes it no more (answered, resolved, closed); an ISO time in
 * every other format, for the next program.
 */
static const char *
due_cell(sqlite3_stmt *st, int col, int64_t now, const char *lang,
    char *buf, size_t len)
{
	const char *status;
	int answered;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	status = (const char *)sqlite3_column_text(st, XF_LIST_STATUS);
	answered = sqlite3_column_type(st, XF_LIST_ANSWERED) != SQLITE_NULL;
	switch (xf_list_owed(status, answered, col == XF_LIST_ACK_DUE)) {
	case XF_OWED_YES:
		if (xf_time_relative(sqlite3_column_int64(st, col), now, lang,
		    buf, len) == -1)
			return NULL;
		return buf;
	case XF_OWED_PAUSED:
		return strcmp(lang, "zh") == 0 ? "暂停" : "paused";
	default:
		return "";
	}
}

/*
 * The list's rows: emit_rows's, with the deadlines of a table relative.
 * A table is read by a person working the queue, so it always shows
 * the deadlines; the machine formats keep their columns unless --due.
 */
static int
emit_list(struct ctx *c, sqlite3_stmt *st, const struct list_filter *f,
    long *count)
{
	int due = f->due || c->fmt == XF_FMT_TABLE;
	size_t i, n = due ? XF_LIST_NCOLS_DUE : XF_LIST_NCOLS;
	const char *vals[XF_LIST_NCOLS_DUE];
	char tb[XF_LIST_NCOLS_DUE][XF_TIMELEN];
	const char *lang = f->lang != NULL ? f->lang : cmd_lang();
	int64_t now = cmd_now();
	struct xf_table t;
	int rc;

	if (c->fmt != XF_FMT_TABLE)
		return emit_rows(c, st, xf_list_cols, n, count);
	cmd_table_start(&t, c->fmt, xf_list_cols, n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < XF_LIST_ACK_DUE; i++)
			vals[i] = xf_view_cell(st, (int)i,
			    xf_view_is_time(xf_list_cols[i].name), tb[i],
			    XF_TIMELEN);
		for (; i < n; i++)
			vals[i] = due_cell(st, (int)i, now, lang, tb[i],
			    XF_TIMELEN);
		cmd_table_row(&t, vals, 0);
		(*count)++;
	}
	cmd_table_end(&t);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The search index is brought up to date before it is asked: xf-intake
 * does not index (a million-row import would take twice as long), so
 * the first search after an import indexes what came in since.
 */
static void
search_prepare(struct ctx *c, const char *query, struct xf_buf *match)
{
	struct xf_err e;
	int64_t added;

	if (xf_search_match(query, match) == -1)
		errx(2, "-q %s: no words to search for", query);
	if (xf_search_sync(c->store.db, &added, &e) == -1)
		cmd_store_fatal(&c->store, &e);	/* it names the store */
}

static int
verb_list(struct ctx *c, int argc, char **argv)
{
	struct list_filter f = { .q = { .limit = -1 } };
	struct xf_buf match = { 0 };
	char category[XF_CATEGORY_MAX + 1];
	int64_t *ids = NULL;
	sqlite3_stmt *st;
	struct xf_err e;
	long count = 0;
	int person;

	list_options(c, &f, argc, argv);
	person = f.contact != NULL || f.complainant != NULL;
	/* A search may bring the search index up to date: a write. */
	cmd_store_open(&c->store, c->dbopt, f.query != NULL || person ?
	    XF_OPEN_READ : XF_OPEN_RDONLY);
	if (f.q.category != NULL)
		f.q.category = category_arg(c, f.q.category, category);
	if (f.query != NULL) {
		search_prepare(c, f.query, &match);
		f.q.match = match.p;
	}
	if (person) {
		person_ids(c, f.contact, f.complainant, &ids, &f.q.nids);
		f.q.ids = ids;
		f.q.by_ids = 1;
	}
	if (xf_list_prepare(&c->store, &f.q, &st, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	if (emit_list(c, st, &f, &count) == -1) {
		xf_store_fail(&c->store, "listing", &e);
		cmd_store_fatal(&c->store, &e);
	}
	sqlite3_finalize(st);
	free(ids);
	xf_buf_free(&match);
	xf_buf_free(&f.statuses);
	xf_buf_free(&f.channels);
	xf_buf_free(&f.priorities);
	return exit_status(c);
}

/* --- show ---------------------------------------------------------- */

/* One complaint as lib/view.c renders it: text unless -o says otherwise. */
static int
show_one(struct ctx *c, const char *ref)
{
	struct xf_buf b = { 0 };
	struct xf_err e;
	char canon[XF_REFLEN];
	int64_t id;

	if (xf_complaint_id(&c->store, ref, &id, canon, &e) == -1)
		cmd_die(&c->store, &e);
	if (id == 0) {
		warnx("%s: no such complaint", ref);
		return -1;
	}
	if (c->objects != NULL && c->objects->fmt == XF_FMT_XLSX) {
		if (xf_view_show_row(&c->store, id, cmd_redacting(),
		    c->objects, &e) == -1)
			cmd_die(&c->store, &e);
		return 0;
	}
	if (xf_view_show_as(&c->store, id, c->fmt_set ? c->fmt :
	    XF_FMT_TABLE, !c->shown, cmd_redacting(), &b, &e) == -1)
		cmd_die(&c->store, &e);
	c->shown = 1;
	if (c->objects != NULL)
		cmd_table_object(c->objects, &b);
	else
		cmd_put(&b);
	xf_buf_free(&b);
	return 0;
}

/*
 * The store is opened at the first ref, not before: in
 * "xf-intake new.csv | xf-status show" the store may not exist until
 * xf-intake has committed what it prints.
 */
static void
show_ref(struct ctx *c, const char *ref)
{
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	if (show_one(c, ref) == -1)
		c->failed = 1;
}

/*
 * Evidence out of the store (evidence.c): the raw bytes of a message,
 * an attachment's bytes.  --out, not -o: -o is the output format
 * everywhere in xf, and an attachment is written as it is, in no
 * format.  A file is created only when none is there (--force
 * replaces one), mode 0600 as the store's, since it holds what a
 * complainant sent; "-" is stdout, never a terminal, where an
 * attachment's bytes would be taken as commands by it.
 */
struct evidence_opts {
	int		 raw;
	int		 message;	/* --message N; 0: the first e-mail */
	const char	*attachment;	/* --attachment NAME|N */
	const char	*out;		/* --out FILE|DIR|- */
	int		 force;
};

/* The file out names for an item called name: out itself, or name in
 * it when it is a folder. */
static char *
out_path(const char *out, const char *name)
{
	struct stat sb;
	size_t n;
	char *p;

	if (stat(out, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		if ((p = strdup(out)) == NULL)
			err(1, NULL);
		return p;
	}
	n = strlen(out) + 1 + strlen(name) + 1;
	if ((p = malloc(n)) == NULL)
		err(1, NULL);
	snprintf(p, n, "%s%s%s", out, out[strlen(out) - 1] == '/' ? "" : "/",
	    name);
	return p;
}

/* bytes into path, made anew; 0, or -1 said (nothing left behind). */
static int
write_new(struct ctx *c, const char *path, const struct xf_buf *bytes,
    int force)
{
	struct xf_err e;
	int fd, flags = O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL);
	size_t off = 0;
	ssize_t n;

	if (xf_output_check("--out", path, c->store.path, NULL, 0, &e) == -1) {
		warnx("%s", e.msg);
		return -1;
	}
	if ((fd = open(path, flags | O_CLOEXEC, 0600)) == -1) {
		if (errno == EEXIST)
			warnx("%s: exists; --force replaces it", path);
		else
			warn("%s", path);
		return -1;
	}
	for (; off < bytes->len; off += (size_t)n)
		if ((n = write(fd, bytes->p + off, bytes->len - off)) == -1)
			break;
	if (off < bytes->len || close(fd) == -1) {
		warn("%s", path);
		unlink(path);
		return -1;
	}
	return 0;
}

/* bytes where --out says (stdout without one); the path written is
 * printed, so a script learns the name a folder gave it. */
static int
put_evidence(struct ctx *c, const struct evidence_opts *o, const char *name,
    const struct xf_buf *bytes)
{
	char *path;
	int rc;

	if (o->out == NULL || strcmp(o->out, "-") == 0) {
		cmd_put(bytes);
		return 0;
	}
	path = out_path(o->out, name);
	if ((rc = write_new(c, path, bytes, o->force)) == 0)
		printf("%s\n", path);
	free(path);
	return rc;
}

static void
evidence_ref(struct ctx *c, const char *ref, int64_t *id, char *canon)
{
	struct xf_err e;

	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	if (xf_complaint_id(&c->store, ref, id, canon, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	if (*id == 0)
		errx(1, "%s: no such complaint", ref);
}

/* --raw: a message byte for byte, the e-mail that opened the complaint
 * unless --message says which. */
static int
show_raw(struct ctx *c, const struct evidence_opts *o, const char *ref)
{
	struct xf_buf raw = { 0 };
	struct xf_err e;
	char canon[XF_REFLEN], name[32];
	int64_t id;
	int rc;

	evidence_ref(c, ref, &id, canon);
	if (o->message > 0)
		rc = xf_evidence_message(&c->store, id, o->message, &raw, &e);
	else
		rc = xf_message_raw(&c->store, id, &raw, &e);
	if (rc == -1)
		errx(1, "%s: %s", canon, e.msg);
	snprintf(name, sizeof(name), "message-%d.eml", o->message ?
	    o->message : 1);
	rc = put_evidence(c, o, name, &raw);
	xf_buf_free(&raw);
	return rc == -1 ? 1 : 0;
}

/* --attachment: one attachment's bytes, by number or name. */
static int
show_attachment(struct ctx *c, const struct evidence_opts *o,
    const char *ref)
{
	struct xf_evattach a = { 0 };
	struct xf_err e;
	char canon[XF_REFLEN];
	int64_t id;
	int rc;

	evidence_ref(c, ref, &id, canon);
	if (xf_evidence_attach(&c->store, id, o->attachment, &a, &e) == -1) {
		xf_buf_free(&a.data);
		errx(1, "%s: %s", canon, e.msg);
	}
	rc = put_evidence(c, o, a.name, &a.data);
	xf_buf_free(&a.data);
	return rc == -1 ? 1 : 0;
}

/* The refusals before anything is read, all usage errors. */
static void
evidence_check(const struct evidence_opts *o, int argc)
{
	if (o->message > 0 && !o->raw)
		errx(2, "show --message goes with --raw");
	if (o->raw && o->attachment != NULL)
		errx(2, "show: --raw or --attachment, not both");
	if ((o->out != NULL || o->force) && !o->raw && o->attachment == NULL)
		errx(2, "show: --out and --force go with --raw or --attachment");
	if (!o->raw && o->attachment == NULL)
		return;
	if (argc != 1)
		errx(2, "show %s takes exactly one ref", o->raw ? "--raw" :
		    "--attachment");
	if (o->attachment != NULL && o->out == NULL)
		errx(2, "show --attachment: say where with --out FILE, --out "
		    "DIR or --out -");
	if (o->out != NULL && *o->out == '\0')
		errx(2, "show --out: an empty path");
	if (o->out != NULL && strcmp(o->out, "-") == 0 && isatty(1))
		errx(2, "show --out -: standard output is a terminal; give a "
		    "file or a folder");
	/* The evidence byte for byte, or nothing: names in its headers and
	 * quoted text are marked nowhere, so a masked copy would only look
	 * safe. */
	if (cmd_redacting())
		errx(2, "show %s: evidence as received cannot be redacted; "
		    "use show, or XF_REDACT=0 where allowed", o->raw ? "--raw" :
		    "--attachment");
}

enum { OPT_MESSAGE_N = 270, OPT_ATTACHMENT, OPT_OUT, OPT_FORCE_OUT };

static const struct option show_opts[] = {
	{ "raw", no_argument, NULL, 'r' },
	{ "message", required_argument, NULL, OPT_MESSAGE_N },
	{ "attachment", required_argument, NULL, OPT_ATTACHMENT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "force", no_argument, NULL, OPT_FORCE_OUT },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

static int
message_number(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end != '\0' || n < 1 || n > 100000)
		errx(2, "--message %s: want the number of a message, 1 the "
		    "first, as show lists them", arg);
	return (int)n;
}

static int
verb_show(struct ctx *c, int argc, char **argv)
{
	struct evidence_opts o = { 0 };
	struct cmd_refs r;
	struct xf_table objects;
	char ref[XF_REFLEN];
	int ch;

	while ((ch = getopt_long(argc, argv, "d:o:r", show_opts, NULL)) != -1) {
		if (ch == 'r')
			o.raw = 1;
		else if (ch == OPT_MESSAGE_N)
			o.message = message_number(optarg);
		else if (ch == OPT_ATTACHMENT)
			o.attachment = optarg;
		else if (ch == OPT_OUT)
			o.out = optarg;
		else if (ch == OPT_FORCE_OUT)
			o.force = 1;
		else
			common_opt(c, ch, optarg);
	}
	argc -= optind;
	argv += optind;
	evidence_check(&o, argc);
	if (o.raw)
		return show_raw(c, &o, argv[0]);
	if (o.attachment != NULL)
		return show_attachment(c, &o, argv[0]);
	/* Each complaint is an object with arrays in it: one row of a
	 * table of no columns, so json is one array of them all. */
	if (c->fmt_set && xf_fmt_is_json(c->fmt)) {
		cmd_table_start(&objects, c->fmt, NULL, 0);
		c->objects = &objects;
	} else if (c->fmt_set && c->fmt == XF_FMT_XLSX) {
		size_t n;
		const struct xf_col *cols = xf_view_show_cols(&n);

		/* One sheet, a row a complaint; lib masks, not the table. */
		cmd_table_deliveries(&objects, c->fmt, cols, n);
		c->objects = &objects;
	}
	cmd_refs_start(&r, argc, argv, &c->failed);
	while (cmd_refs_next(&r, ref) == 1)
		show_ref(c, ref);
	cmd_refs_end(&r);
	if (c->objects != NULL)
		cmd_table_end(c->objects);
	return exit_status(c);
}

/* --- moves: accept, reject, start, wait, resume, resolve, close ... --- */

/*
 * A move prints the complaints it moved; with -n, the events each move
 * would record (lib/lifecycle.c makes it and rolls it back), as history
 * prints them: the status from and to, and any owner or deadline it
 * would change.
 */
static const struct xf_col move_cols[] = {
	{ "ref", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "was", XF_COL_TEXT },
};

/* One line a complaint moved, printed once its batch is committed (at
 * most XF_BATCH_MS later): the next command may act on it then. */
static void
moved(struct cmd_batch *b, const struct xf_change *ch)
{
	const char *vals[3] = { ch->ref, ch->new, ch->old };

	cmd_batch_row(b, vals);
}

static void
prepare_change(struct xf_change *ch, const char *reason, char *actor,
    size_t len)
{
	memset(ch, 0, sizeof(*ch));
	ch->now = cmd_now();
	ch->reason = reason;
	if (reason != NULL && !xf_utf8_valid(reason, strlen(reason)))
		errx(2, "-m: the text is not valid UTF-8");
	ch->actor = cmd_actor(actor, len);
}

/* One change to one complaint, in its own transaction (lib does it). */
typedef int (*change_fn)(struct xf_store *s, const char *ref,
    struct xf_change *ch, const void *arg, struct xf_err *err);

/*
 * Applies fn to every ref, in batches (cmd_batch), printing a row for
 * each one changed once its batch is committed.  A failure is reported
 * and the next ref tried, except a failure of the store itself (busy,
 * damaged, full): the others would only fail the same way.
 */
static void
change_each(struct ctx *c, struct cmd_refs *r, const char *reason,
    const struct xf_sla *sla, change_fn fn, const void *arg)
{
	struct xf_change ch;
	struct xf_table t;
	struct cmd_batch b;
	struct xf_tcache templates = { 0 };	/* each read once a run */
	struct xf_err e;
	char ref[XF_REFLEN], actor[XF_ACTOR_MAX];

	prepare_change(&ch, reason, actor, sizeof(actor));	/* checks */
	if (c->dry)
		cmd_table_start(&t, c->fmt, xf_view_history_cols,
		    XF_VIEW_HISTORY_NCOL);
	else
		cmd_table_start(&t, c->fmt, c->done_cols ? c->done_cols :
		    move_cols, c->done_ncols ? c->done_ncols : 3);
	cmd_batch_start(&b, &c->store, &t, c->done_ncols ? c->done_ncols : 3,
	    !c->dry);
	r->batch = &b;
	while (cmd_refs_next(r, ref) == 1) {
		cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, actor);
		cmd_batch_unit(&b);
		prepare_change(&ch, reason, actor, sizeof(actor));
		ch.sla = sla;
		ch.dry = c->dry;
		ch.would = c->dry ? &t : NULL;
		ch.no_notify = c->no_notify;
		ch.canned = c->canned;
		ch.templates = &templates;
		xf_buf_reset(&t.out);
		if (fn(&c->store, ref, &ch, arg, &e) == -1) {
			warnx("%s", e.msg);
			c->failed = 1;
			if (xf_store_down(&c->store)) {
				c->tempfail = 1;
				break;
			}
			/* A broken template would stop every other one. */
			if (e.why == XF_WHY_CONFIG) {
				c->config = 1;
				break;
			}
		} else if (!c->dry && c->done_row != NULL)
			c->done_row(&b, &ch, arg);
		else if (!c->dry)
			moved(&b, &ch);
		else if (t.fmt != XF_FMT_TABLE)	/* a table prints at its end */
			cmd_put(&t.out);
		if (cmd_batch_step(&b) == -1)
			break;
	}
	if (cmd_batch_end(&b) == -1 || (c->store.db != NULL &&
	    xf_store_down(&c->store))) {
		c->failed = 1;
		c->tempfail = 1;
	}
	cmd_refs_end(r);	/* left open by a busy store */
	cmd_table_end(&t);
	xf_tcache_free(&templates);
}

static int
apply_move(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	return xf_move_apply(s, arg, ref, ch, err);
}

struct extension {
	int		 days;
	const char	*approver;
};

static int
apply_extend(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	const struct extension *x = arg;

	return xf_extend(s, ref, x->days, x->approver, ch, err);
}

static int
apply_review(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	return xf_review(s, ref, *(const int *)arg, ch, err);
}

enum { OPT_NO_NOTIFY = 280, OPT_CANNED, OPT_VIA };

static const struct option move_opts[] = {
	{ "no-notify", no_argument, NULL, OPT_NO_NOTIFY },
	{ "canned", required_argument, NULL, OPT_CANNED },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

/* --canned NAME: checked here, where a typo is the person's, once. */
static void
canned_opt(struct ctx *c, const char *name)
{
	if (*name == '\0' || name[strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-")] != '\0')
		errx(2, "--canned %s: a canned answer's name is letters, "
		    "digits, - and _ (xf-status canned lists them)", name);
	c->canned = name;
}

static int
verb_move(struct ctx *c, int argc, char **argv)
{
	const struct xf_move *m = xf_move_find(argv[0]);
	struct cmd_refs r;
	const char *reason = NULL;
	const struct xf_sla *sla = NULL;
	int ch_opt;

	while ((ch_opt = getopt_long(argc, argv, "C:d:m:no:P:", move_opts,
	    NULL)) != -1) {
		if (ch_opt == 'm')
			reason = optarg;
		else if (ch_opt == OPT_NO_NOTIFY)
			c->no_notify = 1;
		else if (ch_opt == OPT_CANNED)
			canned_opt(c, optarg);
		else
			common_opt(c, ch_opt, optarg);
	}
	if (c->canned != NULL && !xf_move_needs_reason(m))
		errx(2, "--canned goes with a move that says why (reject, "
		    "wait, resolve, reopen), not %s", argv[0]);
	if (xf_move_needs_reason(m) && c->canned == NULL &&
	    !xf_reason_ok(reason))
		errx(2, "%s needs a reason: -m text", argv[0]);
	/* Acceptance starts the resolve clock, a resume moves it on, a
	 * reopen (a review) starts it again. */
	if (strcmp(argv[0], "accept") == 0 || strcmp(argv[0], "resume") ==
	    0 || strcmp(argv[0], "reopen") == 0)
		sla = need_sla(c);
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, sla, apply_move, m);
	return exit_status(c);
}

static int
apply_autoclose(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	return xf_autoclose(s, arg, ref, ch, err);
}

/*
 * The resolved complaints whose close span has passed with no reply,
 * closed one by one as close closes them (the notice too).  It takes
 * no refs: run by cron, it prints nothing when nothing was due.
 */
static int
verb_autoclose(struct ctx *c, int argc, char **argv)
{
	const struct xf_sla *sla;
	struct cmd_refs r;
	struct xf_err e;
	char (*refs)[XF_REFLEN], **v;
	size_t i, n;
	int o;

	while ((o = getopt_long(argc, argv, "d:no:P:", move_opts, NULL))
	    != -1) {
		if (o == OPT_NO_NOTIFY)
			c->no_notify = 1;
		else if (o == OPT_CANNED)
			errx(2, "autoclose takes no --canned: its reason is "
			    "its own");
		else
			common_opt(c, o, optarg);
	}
	if (optind < argc)
		errx(2, "autoclose takes no refs: it closes every resolved "
		    "complaint due (close closes the ones you name)");
	sla = need_sla(c);
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_READ);
	if (xf_autoclose_due(&c->store, sla, cmd_now(), &refs, &n, &e) == -1)
		cmd_die(&c->store, &e);
	if (n == 0)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++)
		v[i] = refs[i];
	cmd_refs_start(&r, (int)n, v, &c->failed);
	change_each(c, &r, NULL, sla, apply_autoclose, sla);
	free(v);
	free(refs);
	return exit_status(c);
}

enum { OPT_DAYS = 300, OPT_APPROVER };

static const struct option extend_opts[] = {
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "approver", required_argument, NULL, OPT_APPROVER },
	{ "no-notify", no_argument, NULL, OPT_NO_NOTIFY },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

static int
verb_extend(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	struct extension x;
	char *end;
	const char *reason = NULL, *approver = NULL;
	long days = 0;
	int o, have_days = 0;

	while ((o = getopt_long(argc, argv, "C:d:m:no:P:", extend_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_NO_NOTIFY)
			c->no_notify = 1;
		else if (o == OPT_APPROVER)
			approver = optarg;
		else if (o == OPT_DAYS) {
			have_days = 1;
			days = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0')
				errx(2, "--days %s: want a number", optarg);
		} else
			common_opt(c, o, optarg);
	}
	if (!xf_reason_ok(reason) || approver == NULL ||
	    *approver == '\0' || !have_days)
		errx(2, "extend needs --days N, -m reason and --approver login");
	/* Checked here, where the number is still what was typed. */
	if (days < 1 || days > XF_EXTEND_MAX_DAYS)
		errx(2, "--days %ld: an extension is 1 to %d days", days,
		    XF_EXTEND_MAX_DAYS);
	if (!xf_utf8_valid(approver, strlen(approver)))
		errx(2, "--approver: not valid UTF-8");
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	x.days = (int)days;
	x.approver = approver;
	change_each(c, &r, reason, need_sla(c), apply_extend, &x);
	return exit_status(c);
}

enum { OPT_APPROVE = 320, OPT_DENY };

static const struct option review_opts[] = {
	{ "approve", no_argument, NULL, OPT_APPROVE },
	{ "deny", no_argument, NULL, OPT_DENY },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

/* review --approve|--deny -m text: the legal review of DESIGN §6. */
static int
verb_review(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	const char *reason = NULL;
	int o, verdict = -1;

	while ((o = getopt_long(argc, argv, "d:m:no:", review_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_APPROVE || o == OPT_DENY)
			verdict = o == OPT_APPROVE;
		else
			common_opt(c, o, optarg);
	}
	if (verdict == -1 || !xf_reason_ok(reason))
		errx(2, "review needs --approve or --deny, and -m reason");
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, NULL, apply_review, &verdict);
	return exit_status(c);
}

/* --- confirm and refuse: replies from the right person (issue 14) ---- */

enum { OPT_FROM = 330 };

static const struct option judge_opts[] = {
	{ "from", required_argument, NULL, OPT_FROM },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

static int
apply_judge(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	struct xf_judge j = *(const struct xf_judge *)arg;

	return xf_reply_judge(s, ref, &j, ch, err);
}

/*
 * confirm: the unverified messages of each ref are the complainant's
 * (and do what their reply would have done: reopen within -w days of
 * the answer, resume from waiting); refuse: they are not (kept, moving
 * nothing).  --from narrows either to one sender's.
 */
static int
verb_judge(struct ctx *c, int argc, char **argv)
{
	struct xf_judge j = { .confirm = strcmp(argv[0], "confirm") == 0,
	    .window = (int64_t)XF_REOPEN_DAYS * XF_DAY };
	struct cmd_refs r;
	const char *reason = NULL;
	char *end;
	long days;
	int o;

	while ((o = getopt_long(argc, argv, j.confirm ? "C:d:m:no:P:w:" :
	    "d:m:no:", judge_opts, NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_FROM)
			j.from = optarg;
		else if (o == 'w') {
			days = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || days < 0 ||
			    days > XF_REOPEN_DAYS_MAX)
				errx(2, "-w %s: want a number from 0 to %d",
				    optarg, XF_REOPEN_DAYS_MAX);
			j.window = (int64_t)days * XF_DAY;
		} else
			common_opt(c, o, optarg);
	}
	if (reason != NULL && !xf_reason_ok(reason))
		errx(2, "-m: say why in words");
	if (j.from != NULL && (*j.from == '\0' ||
	    !xf_utf8_valid(j.from, strlen(j.from))))
		errx(2, "--from: want an address");
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, j.confirm ? need_sla(c) : NULL,
	    apply_judge, &j);
	return exit_status(c);
}

/* --- merge, split, link, transfer (merge.c) -------------------------- */

enum { OPT_INTO = 320, OPT_WITH, OPT_TO_TEAM, OPT_TO, OPT_SUBJECT, OPT_BODY,
	OPT_MESSAGE };

static int
apply_merge(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	return xf_merge(s, ref, arg, ch, err);
}

static const struct option merge_opts[] = {
	{ "into", required_argument, NULL, OPT_INTO },
	{ "no-notify", no_argument, NULL, OPT_NO_NOTIFY },
	{ NULL, 0, NULL, 0 },
};

/* merge --into REF [ref ...]: each ref into the survivor, so a list of
 * duplicates can be piped in. */
static int
verb_merge(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	const char *reason = NULL, *into = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "d:m:no:", merge_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_INTO)
			into = optarg;
		else if (o == OPT_NO_NOTIFY)
			c->no_notify = 1;
		else
			common_opt(c, o, optarg);
	}
	if (into == NULL || *into == '\0')
		errx(2, "merge needs the complaint that stays: --into ref");
	if (reason != NULL && !xf_reason_ok(reason))
		errx(2, "-m: say why in words");
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, NULL, apply_merge, into);
	return exit_status(c);
}

struct linking {
	const char	*with;
	int		 on;
};

static int
apply_link(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	const struct linking *l = arg;

	return xf_link(s, ref, l->with, l->on, ch, err);
}

static const struct option link_opts[] = {
	{ "with", required_argument, NULL, OPT_WITH },
	{ NULL, 0, NULL, 0 },
};

/* link | unlink --with REF [ref ...]. */
static int
verb_link(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	struct linking l = { NULL, strcmp(argv[0], "link") == 0 };
	const char *reason = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "d:m:no:", link_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_WITH)
			l.with = optarg;
		else
			common_opt(c, o, optarg);
	}
	if (l.with == NULL || *l.with == '\0')
		errx(2, "%s needs the other complaint: --with ref", argv[0]);
	if (reason != NULL && !xf_reason_ok(reason))
		errx(2, "-m: say why in words");
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, NULL, apply_link, &l);
	return exit_status(c);
}

struct transfer {
	const char	*team, *to;
};

static int
apply_transfer(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	const struct transfer *x = arg;

	if (x->team != NULL)
		return xf_transfer_team(s, ref, x->team, ch, err);
	return xf_transfer_out(s, ref, x->to, ch, err);
}

static const struct option transfer_opts[] = {
	{ "team", required_argument, NULL, OPT_TO_TEAM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "no-notify", no_argument, NULL, OPT_NO_NOTIFY },
	{ NULL, 0, NULL, 0 },
};

/* transfer --team TEAM | --to BODY -m reason [ref ...]. */
static int
verb_transfer(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	struct transfer x = { NULL, NULL };
	const char *reason = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "d:m:no:", transfer_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_TO_TEAM)
			x.team = optarg;
		else if (o == OPT_TO)
			x.to = optarg;
		else if (o == OPT_NO_NOTIFY)
			c->no_notify = 1;
		else
			common_opt(c, o, optarg);
	}
	if ((x.team == NULL) == (x.to == NULL))
		errx(2, "transfer goes to a team (--team team) or to a body "
		    "outside (--to name): one of them");
	if (x.team != NULL && !xf_team_valid(x.team))
		errx(2, "--team %s: not a team's name", x.team);
	if (x.to != NULL && !xf_utf8_valid(x.to, strlen(x.to)))
		errx(2, "--to: the name is not valid UTF-8");
	if (!xf_reason_ok(reason))
		errx(2, "transfer needs a reason: -m text");
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, NULL, apply_transfer, &x);
	return exit_status(c);
}

static const struct xf_col split_cols[] = {
	{ "ref", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "split_from", XF_COL_TEXT },
};

static const struct option split_opts[] = {
	{ "subject", required_argument, NULL, OPT_SUBJECT },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "message", required_argument, NULL, OPT_MESSAGE },
	{ NULL, 0, NULL, 0 },
};

static void
split_options(struct ctx *c, int argc, char **argv, struct xf_split *sp,
    const char **reason)
{
	char *end;
	long n;
	int o;

	while ((o = getopt_long(argc, argv, "d:m:no:", split_opts,
	    NULL)) != -1) {
		if (o == 'm')
			*reason = optarg;
		else if (o == OPT_SUBJECT)
			sp->subject = optarg;
		else if (o == OPT_BODY)
			sp->body = optarg;
		else if (o == OPT_MESSAGE) {
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 ||
			    n > 100000)
				errx(2, "--message %s: want the number of a "
				    "message, 1 the first", optarg);
			sp->message = (int)n;
		} else
			common_opt(c, o, optarg);
	}
	if ((sp->subject != NULL && !xf_utf8_valid(sp->subject,
	    strlen(sp->subject))) || (sp->body != NULL &&
	    !xf_utf8_valid(sp->body, strlen(sp->body))))
		errx(2, "--subject, --body: the text is not valid UTF-8");
	if (!xf_reason_ok(*reason))
		errx(2, "split needs a reason: -m text");
	if (sp->body == NULL && sp->message == 0)
		errx(2, "split needs the second matter: --body text or "
		    "--message n");
}

/*
 * split [-m text] (--body text | --message n) [--subject text] ref: one
 * complaint at a time, as a person decides each; it prints the new
 * complaint, which the next command (xf-classify, accept) takes.
 */
static int
verb_split(struct ctx *c, int argc, char **argv)
{
	struct xf_split sp = { 0 };
	struct xf_change ch;
	struct xf_table t;
	struct xf_tcache templates = { 0 };
	struct xf_err e;
	const char *reason = NULL, *vals[3];
	char actor[XF_ACTOR_MAX];

	split_options(c, argc, argv, &sp, &reason);
	if (argc - optind != 1)
		errx(2, "split takes one ref");
	prepare_change(&ch, reason, actor, sizeof(actor));
	ch.dry = c->dry;
	ch.would = c->dry ? &t : NULL;
	ch.templates = &templates;
	if (c->dry)
		cmd_table_start(&t, c->fmt, xf_view_history_cols,
		    XF_VIEW_HISTORY_NCOL);
	else
		cmd_table_start(&t, c->fmt, split_cols, nitems(split_cols));
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_READ);
	if (xf_split(&c->store, argv[optind], &sp, &ch, &e) == -1) {
		warnx("%s", e.msg);
		c->failed = 1;
		c->tempfail = xf_store_down(&c->store);
	} else if (!c->dry) {
		vals[0] = sp.ref;
		vals[1] = "new";
		vals[2] = ch.ref;
		cmd_table_row(&t, vals, 1);
	} else if (t.fmt != XF_FMT_TABLE)
		cmd_put(&t.out);
	cmd_table_end(&t);
	xf_tcache_free(&templates);
	return exit_status(c);
}

/* --- reply, lang, canned: talking to the complainant ----------------- */

static const struct xf_col reply_cols[] = {
	{ "ref", XF_COL_TEXT }, { "via", XF_COL_TEXT },
	{ "outbox", XF_COL_NUM },
};

static int
apply_reply(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	const char *via = arg;
	int rc;

	/* What reply prints in the move's place: the way it went, and
	 * the outbox row it queued (0: none, a reply already made). */
	if ((rc = xf_reply(s, ref, via, ch, err)) == 0)
		snprintf(ch->old, sizeof(ch->old), "%lld",
		    (long long)ch->outbox_id);
	return rc;
}

static const struct option reply_opts[] = {
	{ "canned", required_argument, NULL, OPT_CANNED },
	{ "via", required_argument, NULL, OPT_VIA },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

/*
 * reply -m text [--via way] [--canned name]: what a handler said or
 * will say to the complainant.  By e-mail (the default for an address),
 * SMS or social media it is queued for xf-notify; by phone, visit or
 * letter it was made already and is written down.  Either way it is the
 * complaint's first response when it had none.
 */
static int
verb_reply(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	const char *reason = NULL, *via = NULL;
	int o;

	while ((o = getopt_long(argc, argv, "d:m:no:", reply_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_VIA)
			via = optarg;
		else if (o == OPT_CANNED)
			canned_opt(c, optarg);
		else
			common_opt(c, o, optarg);
	}
	if (c->canned == NULL && !xf_reason_ok(reason))
		errx(2, "reply needs its text: -m text or --canned name");
	if (!xf_reply_via_ok(via))
		errx(2, "--via %s: want email, sms, social, phone, visit or "
		    "letter", via);
	c->done_cols = reply_cols;
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	change_each(c, &r, reason, NULL, apply_reply, via);
	return exit_status(c);
}

static const struct xf_col lang_cols[] = {
	{ "ref", XF_COL_TEXT }, { "lang", XF_COL_TEXT },
	{ "was", XF_COL_TEXT },
};

static int
apply_lang(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	return xf_set_lang(s, ref, arg, ch, err);
}

/* lang zh|en|auto: the language the complainant is answered in. */
static int
verb_lang(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	const char *reason = NULL, *lang;
	int o;

	while ((o = getopt(argc, argv, "d:m:no:")) != -1) {
		if (o == 'm')
			reason = optarg;
		else
			common_opt(c, o, optarg);
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		errx(2, "lang needs a language: zh, en or auto");
	if (strcmp(argv[0], "zh") != 0 && strcmp(argv[0], "en") != 0 &&
	    strcmp(argv[0], "auto") != 0)
		errx(2, "lang %s: want zh, en or auto", argv[0]);
	lang = strcmp(argv[0], "auto") == 0 ? NULL : argv[0];
	c->done_cols = lang_cols;
	cmd_refs_start(&r, argc - 1, argv + 1, &c->failed);
	change_each(c, &r, reason, NULL, apply_lang, lang);
	return exit_status(c);
}

/* --- tag: free tags (tag.c) ---------------------------------------- */

#define TAG_OPS_MAX	32	/* changes of one run */

struct tagging {
	struct xf_tag_op ops[TAG_OPS_MAX];
	size_t		 n;
	struct xf_buf	 tags;	/* the complaint's tags as left */
};

static const struct xf_col tag_cols[] = {
	{ "ref", XF_COL_TEXT }, { "tags", XF_COL_LIST },
};

static int
apply_tag(struct xf_store *s, const char *ref, struct xf_change *ch,
    const void *arg, struct xf_err *err)
{
	struct tagging *g = (struct tagging *)arg;

	return xf_tag_change(s, ref, g->ops, g->n, ch, &g->tags, err);
}

static void
tagged(struct cmd_batch *b, const struct xf_change *ch, const void *arg)
{
	const struct tagging *g = arg;
	const char *vals[2] = { ch->ref, xf_buf_str(&g->tags) };

	cmd_batch_row(b, vals);
}

/* An operand of tag: a change (+TAG, -TAG) or a ref, told apart by its
 * first character, so "-催办" is a change, never an option. */
static int
tag_operand(struct tagging *g, const char *arg)
{
	struct xf_err e;

	if ((*arg != '+' && *arg != '-') || strcmp(arg, "-") == 0)
		return 0;
	if (g->n == TAG_OPS_MAX)
		errx(2, "tag: at most %d changes at once", TAG_OPS_MAX);
	if (xf_tag_op_parse(arg, &g->ops[g->n], &e) == -1)
		errx(2, "tag %s", e.msg);
	g->n++;
	return 1;
}

/*
 * tag [-n] [-m text] {+TAG | -TAG}... [ref ...]: each ref's tags
 * changed, refs from stdin when none.  Not getopt: its changes start
 * with - as options do.  The options come first, and end at "--" or at
 * the first word that is not one of them (-n, -m, -o, -d).
 */
static int
verb_tag(struct ctx *c, int argc, char **argv)
{
	struct tagging g = { .n = 0 };
	struct cmd_refs r;
	const char *reason = NULL;
	char **refs;
	int i, nrefs = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--help") == 0)
			cmd_std_option(CMD_OPT_HELP, usage_text);
		if (strcmp(argv[i], "-n") == 0)
			c->dry = 1;
		else if (strcmp(argv[i], "-m") == 0 || strcmp(argv[i], "-o")
		    == 0 || strcmp(argv[i], "-d") == 0) {
			if (i + 1 == argc)
				errx(2, "tag %s: needs a value", argv[i]);
			if (argv[i][1] == 'm')
				reason = argv[i + 1];
			else
				common_opt(c, argv[i][1], argv[i + 1]);
			i++;
		} else
			break;
	}
	if ((refs = calloc((size_t)argc, sizeof(*refs))) == NULL)
		errx(1, "out of memory");
	for (; i < argc; i++)
		if (!tag_operand(&g, argv[i]))
			refs[nrefs++] = argv[i];
	if (g.n == 0)
		errx(2, "tag: give a change, +TAG or -TAG");
	c->done_cols = tag_cols;
	c->done_ncols = nitems(tag_cols);
	c->done_row = tagged;
	cmd_refs_start(&r, nrefs, refs, &c->failed);
	change_each(c, &r, reason, NULL, apply_tag, &g);
	xf_buf_free(&g.tags);
	free(refs);
	return exit_status(c);
}

static const struct xf_col canned_cols[] = {
	{ "name", XF_COL_TEXT }, { "lang", XF_COL_TEXT },
	{ "text", XF_COL_TEXT },
};

static int
canned_row(void *arg, const char *name, const char *lang,
    const struct xf_template *t)
{
	const char *vals[3] = { name, lang, t->body };

	cmd_table_row(arg, vals, 0);
	return 0;
}

/* canned: the canned answers a handler may pick by name, and their
 * text as written (placeholders unfilled). */
static int
verb_canned(struct ctx *c, int argc, char **argv)
{
	struct xf_table t;
	struct xf_err e;
	int o;

	while ((o = getopt(argc, argv, "o:")) != -1)
		common_opt(c, o, optarg);
	if (optind != argc)
		usage();
	cmd_table_start(&t, c->fmt, canned_cols, 3);
	if (xf_canned_each(canned_row, &t, &e) == -1)
		cmd_die(NULL, &e);
	cmd_table_end(&t);
	return exit_status(c);
}

/* --- overdue, alerts and escalation --------------------------------- */

enum { OPT_WITHIN = 340, OPT_ESCALATE, OPT_ALERT };

static const struct option overdue_longopts[] = {
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ "escalate", no_argument, NULL, OPT_ESCALATE },
	{ "alert", no_argument, NULL, OPT_ALERT },
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};
static const struct option redact_longopts[] = {
	CMD_REDACT_LONGOPT,
	{ NULL, 0, NULL, 0 },
};

struct overdue_opts {
	const char	*team, *assignee;
	int64_t		 within;	/* seconds; a day is 24 hours here */
	int		 quiet, escalate, alert, dry;
	int64_t		*ids;		/* the refs given; NULL: all */
	size_t		 nids;
	char		 actor[XF_ACTOR_MAX];	/* who records */
};

/* Listing what is late only reads; escalating and alerting record, by
 * an actor who may. */
static void
overdue_store(struct ctx *c, struct overdue_opts *o)
{
	if (!o->escalate && !o->alert)
		cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	else
		cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ,
		    cmd_actor(o->actor, sizeof(o->actor)));
}

static void
overdue_options(struct ctx *c, struct overdue_opts *o, const char *optstr,
    const struct option *longopts, int argc, char **argv)
{
	struct xf_span sp;
	int ch;

	while ((ch = getopt_long(argc, argv, optstr, longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			o->dry = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 't':
			o->team = optarg;
			break;
		case 'u':
			o->assignee = optarg;
			break;
		case OPT_WITHIN:
			if (xf_span_parse(optarg, &sp) == -1)
				errx(2, "--within %s: want a span such as 30m, "
				    "4h or 1d", optarg);
			o->within = sp.seconds + (int64_t)sp.days * XF_DAY;
			break;
		case OPT_ESCALATE:
			o->escalate = 1;
			break;
		case OPT_ALERT:
			o->alert = 1;
			break;
		default:
			common_opt(c, ch, optarg);
		}
	}
}

static int
id_order(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The complaints of the refs given, each once: overdue then looks at
 * those only.  Only operands name them ("-" for standard input), so
 * that overdue alone, from cron, reads no input and looks at all.
 */
static void
overdue_refs(struct ctx *c, struct overdue_opts *o, int argc, char **argv)
{
	struct cmd_refs r;
	struct xf_err e;
	char ref[XF_REFLEN], canon[XF_REFLEN];
	size_t cap = 0, i, n;
	int64_t id, *v;

	if (argc == 0)
		return;
	cmd_refs_start(&r, argc, argv, &c->failed);
	while (cmd_refs_next(&r, ref) == 1) {
		overdue_store(c, o);
		if (xf_complaint_id(&c->store, ref, &id, canon, &e) == -1)
			cmd_store_fatal(&c->store, &e);
		if (id == 0) {
			warnx("%s: no such complaint", ref);
			c->failed = 1;
			continue;
		}
		if (o->nids == cap) {
			cap = cap ? cap * 2 : 64;
			if ((v = reallocarray(o->ids, cap, sizeof(*v))) == NULL)
				errx(1, "out of memory");
			o->ids = v;
		}
		o->ids[o->nids++] = id;
	}
	cmd_refs_end(&r);
	if (o->ids == NULL && (o->ids = malloc(sizeof(*o->ids))) == NULL)
		errx(1, "out of memory");
	qsort(o->ids, o->nids, sizeof(*o->ids), id_order);
	for (i = n = 0; i < o->nids; i++)
		if (n == 0 || o->ids[n - 1] != o->ids[i])
			o->ids[n++] = o->ids[i];
	o->nids = n;
}

static void
scan(struct ctx *c, struct overdue_opts *o, int64_t now,
    struct xf_overdue_list *l)
{
	struct xf_overdue_query q = {
		.now = now, .within = o->within, .team = o->team,
		.assignee = o->assignee, .ids = o->ids, .nids = o->nids,
	};
	const struct xf_sla *sla = need_sla(c);
	struct xf_err e;

	overdue_store(c, o);
	if (xf_overdue_scan(&c->store, sla, &q, l, &e) == -1)
		cmd_die(&c->store, &e);
	/* Not an error of this run, but nobody would see them otherwise. */
	if (l->norule > 0)
		warnx("%zu open complaint%s without a deadline, and no rule of "
		    "%s gives %s one: not checked", l->norule,
		    l->norule == 1 ? "" : "s", sla->policy.path,
		    l->norule == 1 ? "it" : "them");
}

/*
 * What escalates and alerts in a run: one escalator, and the count of
 * escalations with nobody to go to.  Each is warned, and its level stays
 * recorded, so the next run does not warn again; past NOLEAD_WARN_MAX of
 * them a count is enough: a store with no leads yet would otherwise mail
 * one line for every complaint it has.
 */
#define NOLEAD_WARN_MAX	10

struct run {
	struct xf_escalator x;
	char		 actor[XF_ACTOR_MAX];
	size_t		 nolead;
};

static void
run_start(struct ctx *c, struct run *r, int64_t now, int dry)
{
	memset(r, 0, sizeof(*r));
	r->x.store = &c->store;
	r->x.sla = &c->sla;
	r->x.routing = need_routing(c);
	r->x.now = now;
	r->x.actor = cmd_actor(r->actor, sizeof(r->actor));
	r->x.dry = dry;
}

static void
nobody_warn(struct run *r, const struct xf_overdue *o,
    const struct xf_escalation *e, int level)
{
	const char *done = r->x.dry ? "not recorded (-n)" : "recorded";

	if (e->rcpt != XF_RCPT_NOBODY || r->nolead++ >= NOLEAD_WARN_MAX)
		return;
	if (e->owner_leads)
		warnx("%s: no escalation contact of team %s above its lead "
		    "%s, the owner, to escalate to; level %d %s", o->ref,
		    e->team, o->assignee, level, done);
	else
		warnx("%s: no team lead%s%s to escalate to; level %d %s",
		    o->ref, e->team[0] ? " of team " : "", e->team, level,
		    done);
}

static void
run_end(struct ctx *c, struct run *r)
{
	if (r->nolead > NOLEAD_WARN_MAX)
		warnx("and %zu more with no team lead to escalate to",
		    r->nolead - NOLEAD_WARN_MAX);
	if (r->nolead > 0)
		c->failed = 1;
}

/* A failed entry: warned; the store down ends the run (1 returned). */
static int
entry_failed(struct ctx *c, const struct xf_overdue *o,
    const struct xf_err *e)
{
	warnx("%s: %s", o->ref, e->msg);
	c->failed = 1;
	if (xf_store_down(&c->store)) {
		c->tempfail = 1;
		return 1;
	}
	return 0;
}

/* A batch not committed: none of its entries was escalated. */
static void
batch_undone(struct ctx *c, struct xf_escalation *esc, size_t from,
    size_t to)
{
	for (; from < to; from++)
		esc[from].made = 0;
	c->failed = 1;
	c->tempfail = 1;
}

/* Escalates every entry already late (not those only due soon), each
 * on its own in batches (cmd_batch); esc[i] tells what became of
 * l->v[i], printed once all are committed. */
static void
escalate_all(struct ctx *c, const struct xf_overdue_list *l, int64_t now,
    int dry, struct xf_escalation *esc)
{
	const struct xf_overdue *o;
	struct cmd_batch b;
	struct xf_err e;
	struct run r;
	size_t i, first = 0;
	int rc;

	run_start(c, &r, now, dry);
	cmd_batch_start(&b, &c->store, NULL, 0, !dry);
	for (i = 0; i < l->n; i++) {
		o = &l->v[i];
		if (o->due >= now)
			continue;
		cmd_batch_unit(&b);
		if (xf_escalate(&r.x, o, &esc[i], &e) == -1) {
			if (entry_failed(c, o, &e))
				break;
		} else if (esc[i].made)
			nobody_warn(&r, o, &esc[i], esc[i].to);
		if ((rc = cmd_batch_step(&b)) == -1) {
			batch_undone(c, esc, first, i + 1);
			break;
		}
		if (rc == 1)
			first = i + 1;
	}
	if (cmd_batch_end(&b) == -1)
		batch_undone(c, esc, first, i < l->n ? i + 1 : l->n);
	run_end(c, &r);
}

/* Alerts every entry already late, each in its own transaction; the
 * entries with nothing new are dropped from l, so l is the alert. */
static void
alert_all(struct ctx *c, struct xf_overdue_list *l, int64_t now, int dry,
    struct xf_alert *al)
{
	struct xf_overdue *o;
	struct xf_err e;
	struct run r;
	size_t i, n = 0;

	run_start(c, &r, now, dry);
	for (i = 0; i < l->n; i++) {
		o = &l->v[i];
		if (o->due < now && xf_alert(&r.x, o, &al[n], &e) == -1 &&
		    entry_failed(c, o, &e))
			break;
		if (o->due < now && al[n].made) {
			if (al[n].level > 0)
				nobody_warn(&r, o, &al[n].esc, al[n].level);
			l->v[n++] = *o;
			continue;
		}
		free(o->assignee);
		free(o->team);
		free(o->category);
	}
	/* What a failure left unlooked at is not part of the alert. */
	for (; i < l->n; i++) {
		free(l->v[i].assignee);
		free(l->v[i].team);
		free(l->v[i].category);
	}
	l->n = n;
	run_end(c, &r);
}

static const struct xf_col overdue_cols[] = {
	{ "ref", XF_COL_TEXT }, { "deadline", XF_COL_TEXT },
	{ "due_at", XF_COL_TEXT }, { "late", XF_COL_TEXT },
	{ "priority", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "assignee", XF_COL_TEXT }, { "team", XF_COL_TEXT },
	{ "escalated", XF_COL_NUM }, { "to", XF_COL_TEXT },
};
static const struct xf_col alert_cols[] = {
	{ "ref", XF_COL_TEXT }, { "deadline", XF_COL_TEXT },
	{ "due_at", XF_COL_TEXT }, { "late", XF_COL_TEXT },
	{ "priority", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "assignee", XF_COL_TEXT }, { "team", XF_COL_TEXT },
	{ "level", XF_COL_NUM }, { "to", XF_COL_TEXT },
};
enum { OVERDUE_NCOL = 8, OVERDUE_NCOL_ESC = 10 };

/* The two columns after team: escalated now (or alerted) and to whom. */
struct extra {
	const struct xf_escalation *esc;	/* --escalate; else NULL */
	const struct xf_alert	*al;		/* --alert; else NULL */
};

static void
extra_cols(const struct extra *x, size_t i, const char **vals,
    char *level, size_t len)
{
	const struct xf_escalation *e = NULL;

	vals[0] = vals[1] = NULL;
	if (x->al != NULL) {
		snprintf(level, len, "%d", x->al[i].level);
		vals[0] = level;
		if (x->al[i].level > 0)
			e = &x->al[i].esc;
	} else if (x->esc != NULL && x->esc[i].made) {
		snprintf(level, len, "%d", x->esc[i].to);
		vals[0] = level;
		e = &x->esc[i];
	}
	if (e != NULL && e->who[0] != '\0')
		vals[1] = e->who;
}

/* The first OVERDUE_NCOL columns of o's row. */
static void
overdue_vals(struct ctx *c, const struct xf_overdue *o, const char **vals,
    char due[XF_TIMELEN], char *late, size_t len)
{
	xf_time_format(o->due, due, XF_TIMELEN);
	xf_late_format(&c->sla, o->clock, o->late, late, len);
	vals[0] = o->ref;
	vals[1] = xf_deadline_name(o->which);
	vals[2] = due;
	vals[3] = late;
	vals[4] = *o->priority ? o->priority : NULL;
	vals[5] = o->status;
	vals[6] = o->assignee;
	vals[7] = o->team;
}

static void
print_overdue(struct ctx *c, const struct xf_overdue_list *l,
    const struct extra *x)
{
	struct xf_table t;
	const char *vals[OVERDUE_NCOL_ESC];
	char due[XF_TIMELEN], late[48], level[16];
	size_t i, ncol = x->esc || x->al ? OVERDUE_NCOL_ESC : OVERDUE_NCOL;

	cmd_table_start(&t, c->fmt, x->al ? alert_cols : overdue_cols, ncol);
	for (i = 0; i < l->n; i++) {
		overdue_vals(c, &l->v[i], vals, due, late, sizeof(late));
		extra_cols(x, i, vals + OVERDUE_NCOL, level, sizeof(level));
		cmd_table_row(&t, vals, 0);
	}
	cmd_table_end(&t);
}

/*
 * The plain listing of every complaint, printed as the cursor gives
 * them: nothing is held but the order, which lib keeps in a temporary
 * table, so a store of ten million stays within its memory budget.
 */
static int
stream_overdue(struct ctx *c, struct overdue_opts *o, int64_t now)
{
	struct xf_overdue_query q = {
		.now = now, .within = o->within, .team = o->team,
		.assignee = o->assignee,
	};
	const struct xf_sla *sla = need_sla(c);
	struct xf_overdue_cursor cur;
	struct xf_overdue ov;
	struct xf_table t;
	struct xf_err e;
	const char *vals[OVERDUE_NCOL];
	char due[XF_TIMELEN], late[48];
	size_t n = 0;
	int r;

	overdue_store(c, o);
	if (xf_overdue_open(&c->store, sla, &q, &cur, &e) == -1)
		cmd_die(&c->store, &e);
	if (cur.norule > 0)
		warnx("%zu open complaint%s without a deadline, and no rule of "
		    "%s gives %s one: not checked", cur.norule,
		    cur.norule == 1 ? "" : "s", sla->policy.path,
		    cur.norule == 1 ? "it" : "them");
	if (!o->quiet)
		cmd_table_start(&t, c->fmt, overdue_cols, OVERDUE_NCOL);
	while ((r = xf_overdue_next(&cur, &ov, &e)) == 1) {
		n++;
		if (!o->quiet) {
			overdue_vals(c, &ov, vals, due, late, sizeof(late));
			cmd_table_row(&t, vals, 0);
		}
		xf_overdue_entry_free(&ov);
	}
	if (r == -1)
		cmd_die(&c->store, &e);
	xf_overdue_close(&cur);
	if (!o->quiet)
		cmd_table_end(&t);
	if (n == 0)
		c->failed = 1;
	return exit_status(c);
}

/*
 * overdue: the deadlines missed (and, with --within, near), with how
 * late and whose.  Query-style: nothing listed is exit 1 and no output,
 * not even a header, so "xf-status overdue | mail" from cron is quiet
 * when all is well.  --alert lists only what reached a level not
 * alerted yet, and records it: run every quarter of an hour, it mails a
 * complaint once per level, not 96 times a day.
 */
static int
verb_overdue(struct ctx *c, int argc, char **argv)
{
	struct overdue_opts o = { 0 };
	struct xf_overdue_list l;
	struct extra x = { NULL, NULL };
	struct xf_escalation *esc = NULL;
	struct xf_alert *al = NULL;
	int64_t now;

	overdue_options(c, &o, "C:d:no:P:qR:t:u:", overdue_longopts, argc,
	    argv);
	if (o.dry && !o.escalate && !o.alert)
		errx(2, "-n goes with --escalate or --alert");
	if (o.escalate && o.alert)
		errx(2, "--alert escalates already: give one of --alert and "
		    "--escalate");
	if (o.alert && o.within != 0)
		errx(2, "--alert is for deadlines missed: --within is not "
		    "one of them");
	now = cmd_now();
	overdue_refs(c, &o, argc - optind, argv + optind);
	if (!o.escalate && !o.alert && o.ids == NULL && argc == optind)
		return stream_overdue(c, &o, now);
	scan(c, &o, now, &l);
	if ((o.escalate || o.alert) && l.n > 0) {
		if ((esc = calloc(l.n, sizeof(*esc))) == NULL ||
		    (al = calloc(l.n, sizeof(*al))) == NULL)
			errx(1, "out of memory");
		if (o.alert)
			alert_all(c, &l, now, o.dry, al);
		else
			escalate_all(c, &l, now, o.dry, esc);
		x.esc = o.escalate ? esc : NULL;
		x.al = o.alert ? al : NULL;
	}
	/* Nothing late is no output, but json's empty array (the table:
	 * xf.7, Output formats). */
	if (!o.quiet)
		print_overdue(c, &l, &x);
	if (l.n == 0)
		c->failed = 1;
	free(esc);
	free(al);
	free(o.ids);
	xf_overdue_free(&l);
	return exit_status(c);
}

static const struct xf_col escalate_cols[] = {
	{ "ref", XF_COL_TEXT }, { "deadline", XF_COL_TEXT },
	{ "level", XF_COL_NUM }, { "to", XF_COL_TEXT },
	{ "late", XF_COL_TEXT },
};

static void
print_escalations(struct ctx *c, const struct xf_overdue_list *l,
    const struct xf_escalation *esc)
{
	struct xf_table t;
	const char *vals[5];
	char level[16], late[48];
	size_t i;

	/* Nothing escalated prints nothing but json's [] (the table). */
	cmd_table_start(&t, c->fmt, escalate_cols, 5);
	for (i = 0; i < l->n; i++) {
		if (!esc[i].made)
			continue;
		snprintf(level, sizeof(level), "%d", esc[i].to);
		xf_late_format(&c->sla, l->v[i].clock, esc[i].late, late,
		    sizeof(late));
		vals[0] = l->v[i].ref;
		vals[1] = xf_deadline_name(l->v[i].which);
		vals[2] = level;
		vals[3] = *esc[i].who ? esc[i].who : NULL;
		vals[4] = late;
		cmd_table_row(&t, vals, 0);
	}
	cmd_table_end(&t);
}

/* escalate: what overdue --escalate does, printing only what it did. */
static int
verb_escalate(struct ctx *c, int argc, char **argv)
{
	struct overdue_opts o = { 0 };
	struct xf_overdue_list l;
	struct xf_escalation *esc;
	int64_t now;

	overdue_options(c, &o, "C:d:no:P:R:t:u:", redact_longopts, argc, argv);
	if (optind != argc)
		usage();
	o.escalate = 1;
	now = cmd_now();
	scan(c, &o, now, &l);
	if ((esc = calloc(l.n ? l.n : 1, sizeof(*esc))) == NULL)
		errx(1, "out of memory");
	escalate_all(c, &l, now, o.dry, esc);
	print_escalations(c, &l, esc);
	free(esc);
	xf_overdue_free(&l);
	return exit_status(c);
}

/* --- history and verify ---------------------------------------------- */

static int
verb_history(struct ctx *c, int argc, char **argv)
{
	struct cmd_refs r;
	struct xf_table t;
	struct xf_err e;
	char ref[XF_REFLEN], canon[XF_REFLEN];
	int64_t id;
	int o;

	while ((o = getopt_long(argc, argv, "d:o:", redact_longopts, NULL)) !=
	    -1)
		common_opt(c, o, optarg);
	cmd_refs_start(&r, argc - optind, argv + optind, &c->failed);
	cmd_table_start(&t, c->fmt, xf_view_history_cols,
	    XF_VIEW_HISTORY_NCOL);
	while (cmd_refs_next(&r, ref) == 1) {
		cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
		if (xf_complaint_id(&c->store, ref, &id, canon, &e) == -1)
			cmd_store_fatal(&c->store, &e);
		if (id == 0) {
			warnx("%s: no such complaint", ref);
			c->failed = 1;
			continue;
		}
		xf_buf_reset(&t.out);
		if (xf_view_history(&c->store, id, canon, &t, &e) == -1)
			cmd_die(&c->store, &e);
		if (t.fmt != XF_FMT_TABLE)	/* a table prints at its end */
			cmd_put(&t.out);
	}
	cmd_refs_end(&r);
	cmd_table_end(&t);
	return exit_status(c);
}

/* The disagreements verify names; the rest are counted. */
#define VERIFY_TOLD	100

struct told {
	const char	*path;
	int64_t		 n;
	struct xf_buf	 a, b;
};

/* A value of a row or of its history, as the message gives it. */
static const char *
told_value(struct xf_buf *b, const char *s, int64_t t)
{
	char when[XF_TIMELEN];

	if (s == NULL && t == 0)
		return "none";
	if (s != NULL)
		return cmd_safe(b, s);
	xf_time_format(t, when, sizeof(when));
	return cmd_safe(b, when);
}

/* "XF-2026-000003: status is closed, its history says in_progress". */
static void
tell_disagree(const struct xf_disagree *d, void *arg)
{
	struct told *t = arg;

	if (t->n++ >= VERIFY_TOLD)
		return;
	if (d->ref == NULL)
		warnx("%s: complaint %lld: its history (%lld events) has no "
		    "complaint row", t->path, (long long)d->id,
		    (long long)d->events);
	else if (d->field == NULL)
		warnx("%s: %s: has no history (no event names it)", t->path,
		    d->ref);
	else if (strcmp(d->field, "personal") == 0)
		warnx("%s: %s: its personal fields (complainant, contact, "
		    "subject, body, extra) are not the ones event %lld "
		    "recorded", t->path, d->ref, (long long)d->event);
	else
		warnx("%s: %s: %s is %s, its history says %s", t->path,
		    d->ref, d->field, told_value(&t->a, d->row, d->row_t),
		    told_value(&t->b, d->history, d->history_t));
}

/* The complaints against their history, and what was erased. */
static void
verify_fields(struct ctx *c)
{
	struct told t = { .path = c->store.path };
	struct xf_agree sum;
	struct xf_err e;
	int64_t erased, old, agree;

	if (xf_agree_check(&c->store, tell_disagree, &t, &sum, &e) == -1)
		cmd_die(&c->store, &e);
	if (t.n > VERIFY_TOLD)
		warnx("%s: %lld more disagreements not named", t.path,
		    (long long)(t.n - VERIFY_TOLD));
	xf_buf_free(&t.a);
	xf_buf_free(&t.b);
	agree = sum.complaints - sum.disagree;
	if (sum.disagree == 0)
		printf("%lld complaint%s with %s history", (long long)agree,
		    agree == 1 ? " agrees" : "s agree",
		    agree == 1 ? "its" : "their");
	else
		printf("%lld of %lld complaints agree with their history",
		    (long long)agree, (long long)sum.complaints);
	printf(" (personal fields checked: %lld)", (long long)sum.content);
	if (sum.orphans > 0)
		printf("; %lld histor%s without a complaint",
		    (long long)sum.orphans, sum.orphans == 1 ? "y" : "ies");
	printf("\n");
	if (sum.disagree > 0 || sum.orphans > 0)
		c->failed = 1;
	if (xf_event_erased(&c->store, &erased, &old, &e) == -1)
		cmd_die(&c->store, &e);
	if (erased > 0)
		printf("%lld events erased (personal data removed; format 1 "
		    "events checked by link only: %lld)\n", (long long)erased,
		    (long long)old);
}

/* "XF-2026-000003: message 2: its bytes ... (evidence event 17)". */
static void
tell_evidence(const struct xf_evidence_bad *b, void *arg)
{
	struct told *t = arg;

	if (t->n++ >= VERIFY_TOLD)
		return;
	if (b->n > 0)
		warnx("%s: %s: message %d: %s (evidence event %lld)", t->path,
		    b->ref, b->n, b->why, (long long)b->event);
	else
		warnx("%s: %s: %s (evidence event %lld)", t->path,
		    b->ref ? b->ref : "a complaint", b->why,
		    (long long)b->event);
}

/* The stored messages and attachments against their digests; said
 * only of a store that holds messages. */
static void
verify_evidence(struct ctx *c)
{
	struct told t = { .path = c->store.path };
	struct xf_evidence_sum sum;
	struct xf_err e;

	if (xf_evidence_verify(&c->store, tell_evidence, &t, &sum, &e) == -1)
		cmd_die(&c->store, &e);
	if (t.n > VERIFY_TOLD)
		warnx("%s: %lld more altered messages not named", t.path,
		    (long long)(t.n - VERIFY_TOLD));
	if (sum.messages == 0 && sum.bad == 0)
		return;
	printf("%lld messages: %lld match the digest of their bytes and "
	    "attachments, %lld altered, %lld erased, %lld stored before "
	    "digests (not covered)\n", (long long)sum.messages,
	    (long long)sum.ok, (long long)sum.bad, (long long)sum.erased,
	    (long long)sum.uncovered);
	if (sum.bad > 0)
		c->failed = 1;
}

static int
verb_verify(struct ctx *c, int argc, char **argv)
{
	char head[XF_SHA256_HEXLEN];
	struct xf_err e;
	int64_t count;
	int o;

	while ((o = getopt(argc, argv, "d:")) != -1)
		common_opt(c, o, optarg);
	if (optind != argc)
		usage();
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	/* The chain is read from the file: first that the file holds. */
	if (xf_store_check(&c->store, &e) == -1) {
		warnx("%s", e.msg);
		c->failed = 1;
		return exit_status(c);
	}
	if (xf_event_verify(&c->store, &count, head, &e) == -1) {
		warnx("%s: %s", c->store.path, e.msg);
		c->failed = 1;
		return exit_status(c);
	}
	printf("%lld events, chain intact, head %s\n", (long long)count,
	    head);
	/* The events hold: now the rows are read against them. */
	verify_fields(c);
	verify_evidence(c);
	return exit_status(c);
}

/* --- export: an access request answered (issue 15) ------------------ */

enum { OPT_REQUEST = 350 };

static const struct option export_opts[] = {
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "complainant", required_argument, NULL, OPT_COMPLAINANT },
	{ "request", required_argument, NULL, OPT_REQUEST },
	{ NULL, 0, NULL, 0 },
};

/*
 * Everything held about one person, as one JSON object whatever -o
 * says: nested rows are no table.  The library finds them, writes the
 * JSON and records the disclosure; exit 1 when nothing is held, like a
 * query that found nothing (the answer is still printed and recorded).
 */
static int
verb_export(struct ctx *c, int argc, char **argv)
{
	struct xf_access a = { 0 };
	struct xf_buf out = { 0 };
	char actor[XF_ACTOR_MAX];
	struct xf_err e;
	size_t n;
	int o, rc;

	while ((o = getopt_long(argc, argv, "d:", export_opts, NULL)) != -1) {
		if (o == OPT_CONTACT)
			a.contact = person_arg("--contact", optarg,
			    xf_contact_norm);
		else if (o == OPT_COMPLAINANT)
			a.complainant = person_arg("--complainant", optarg,
			    xf_name_norm);
		else if (o == OPT_REQUEST)
			a.request = optarg;
		else
			common_opt(c, o, optarg);
	}
	if (optind != argc)
		usage();
	if (a.contact == NULL && a.complainant == NULL)
		errx(2, "export: --contact or --complainant is required");
	if (a.request == NULL)
		errx(2, "export: --request is required: the reference the "
		    "record of the disclosure will carry");
	if (xf_access_request_ok(a.request, a.contact, a.complainant, &e) == -1)
		errx(2, "export: --request: %s", e.msg);
	if (xf_now(&a.now, &e) == -1)
		errx(2, "%s", e.msg);
	a.actor = xf_actor(actor, sizeof(actor));
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_READ);
	if ((rc = xf_access_export(&c->store, &a, &out, &n, &e)) == 1)
		cmd_die(&c->store, &e);
	if (rc == -1)
		cmd_store_fatal(&c->store, &e);
	cmd_put(&out);
	xf_buf_free(&out);
	return n > 0 ? 0 : 1;
}

/* --- index --------------------------------------------------------- */

/*
 * The search index brought up to date, off the path of a person's
 * search: xf-intake leaves it behind (indexing a million long rows
 * costs as much as importing them), and the first list -q after a big
 * import would pay for all of it.  cron runs this every 15 minutes
 * (scripts/cron/crontab.example); it prints nothing, for cron.
 */
static int
verb_index(struct ctx *c, int argc, char **argv)
{
	struct xf_err e;
	int64_t added;
	int o;

	while ((o = getopt(argc, argv, "d:")) != -1)
		common_opt(c, o, optarg);
	if (optind != argc)
		usage();
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_READ);
	if (xf_search_sync(c->store.db, &added, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	return exit_status(c);
}

/* --- purge and erase (issue 15) -------------------------------------- */

/*
 * Both are dry runs unless --yes: they print the complaints they would
 * anonymise, as they print those they did.  Anonymising cannot be
 * undone, so the default is the one that changes nothing.  A run acts
 * in transactions of XF_ANON_BATCH complaints, so writers wait no
 * longer than for one of them, and ends by scrubbing the file and its
 * -wal (xf_anon_scrub) when it changed anything.
 */
static const struct xf_col anon_cols[] = {
	{ "ref", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "finished", XF_COL_TEXT },
};

struct anon_run {
	const char	*verb;
	enum xf_act	 act;
	int		 yes;
	struct xf_anon_how how;
	char		 actor[XF_ACTOR_MAX];
	struct xf_anon_list list;
};

/* The rows of l from i on that are done, or every one on a dry run. */
static void
anon_print(struct xf_table *t, const struct xf_anon_list *l, size_t from,
    size_t n, int dry)
{
	char fin[XF_TIMELEN];
	const char *vals[3];
	size_t i;

	for (i = from; i < from + n && i < l->n; i++) {
		if (!dry && !l->v[i].done)
			continue;
		fin[0] = '\0';
		if (l->v[i].finished != 0)
			xf_time_format(l->v[i].finished, fin, sizeof(fin));
		vals[0] = l->v[i].ref;
		vals[1] = l->v[i].status;
		vals[2] = fin[0] != '\0' ? fin : NULL;
		cmd_table_row(t, vals, 1);
	}
}

/* The store opened and the actor allowed the act, once for the run. */
static void
anon_start(struct ctx *c, struct anon_run *a)
{
	struct xf_err e;

	cmd_actor(a->actor, sizeof(a->actor));
	a->how.actor = a->actor;
	a->how.now = cmd_now();
	cmd_store_open(&c->store, c->dbopt, a->yes ? XF_OPEN_READ :
	    XF_OPEN_RDONLY);
	if (xf_role_check(&c->store, a->actor, a->act, 0, &e) == -1)
		errx(xf_store_down(&c->store) ? EXIT_TEMPFAIL : EXIT_SOME,
		    "%s: %s", a->verb, e.msg);
}

/* The file and its -wal scrubbed, or exit 75 (a reader held the -wal:
 * purge --scrub does it again) or the store's failure. */
static void
anon_scrub(struct ctx *c)
{
	struct xf_err e;

	if (xf_anon_scrub(&c->store, &e) == -1) {
		warnx("%s", e.msg);
		if (c->store.busy)
			warnx("the anonymising is done; run xf-status purge "
			    "--scrub when the reader is done");
		exit(cmd_exit_for(&c->store, &e));
	}
}

/*
 * Prints the list (a dry run) or anonymises it batch by batch.  A batch
 * that fails stops the run, but what earlier batches did is scrubbed
 * first: a rerun would not find those complaints again.
 */
static int
anon_apply(struct ctx *c, struct anon_run *a)
{
	struct xf_table t;
	struct xf_err e;
	size_t i, done = 0;
	int failed = 0;

	cmd_table_start(&t, c->fmt, anon_cols, nitems(anon_cols));
	if (!a->yes)
		anon_print(&t, &a->list, 0, a->list.n, 1);
	for (i = 0; a->yes && !failed && i < a->list.n; i += XF_ANON_BATCH) {
		failed = xf_anon_batch(&c->store, &a->list, i, XF_ANON_BATCH,
		    &a->how, &e) == -1;
		anon_print(&t, &a->list, i, XF_ANON_BATCH, 0);
	}
	cmd_table_end(&t);
	for (i = 0; i < a->list.n; i++)
		done += a->list.v[i].done;
	if (done > 0)
		anon_scrub(c);
	xf_anon_list_free(&a->list);
	if (failed)
		cmd_die(&c->store, &e);
	return exit_status(c);
}

/* --contact, --complainant and --request as list and export name them. */
enum { OPT_BEFORE = 360, OPT_YES, OPT_FORCE, OPT_SCRUB };

static const struct option anon_opts[] = {
	{ "closed-before", required_argument, NULL, OPT_BEFORE },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "complainant", required_argument, NULL, OPT_COMPLAINANT },
	{ "request", required_argument, NULL, OPT_REQUEST },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "scrub", no_argument, NULL, OPT_SCRUB },
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

static int
verb_purge(struct ctx *c, int argc, char **argv)
{
	struct anon_run a = { .verb = "purge", .act = XF_ACT_PURGE,
	    .how = { .kind = "purged", .finished_only = 1 } };
	struct xf_err e;
	char reason[64 + XF_TIMELEN], when[XF_TIMELEN];
	const char *before_arg = NULL;
	int64_t before;
	int ch, scrub = 0;

	while ((ch = getopt_long(argc, argv, "d:o:", anon_opts, NULL)) != -1) {
		if (ch == OPT_BEFORE)
			before_arg = optarg;
		else if (ch == OPT_YES)
			a.yes = 1;
		else if (ch == OPT_SCRUB)
			scrub = 1;
		else
			common_opt(c, ch, optarg);
	}
	if (optind != argc || (scrub && (before_arg != NULL || a.yes)))
		usage();
	/* The end of a run alone, for one a reader kept from it. */
	if (scrub) {
		a.yes = 1;
		anon_start(c, &a);
		anon_scrub(c);
		return 0;
	}
	if (before_arg == NULL)
		errx(EXIT_USAGE, "purge: --closed-before is required (the "
		    "complaints finished before it are purged)");
	before = cmd_time_bound("--closed-before", before_arg, 0);
	if (before > cmd_now())
		errx(EXIT_USAGE, "purge: --closed-before %s is in the future",
		    before_arg);
	xf_time_format(before, when, sizeof(when));
	snprintf(reason, sizeof(reason), "retention: finished before %s",
	    when);
	a.how.reason = reason;
	anon_start(c, &a);
	if (xf_purge_list(&c->store, before, &a.list, &e) == -1)
		cmd_die(&c->store, &e);
	return anon_apply(c, &a);
}

#define REQUEST_MAX	64	/* bytes of a request ID */
#define REQUEST_DIGITS	7	/* a run this long may be a phone number */

/*
 * A request ID is recorded in the history for good, where nothing
 * personal may go: a ticket number, never the address or number it is
 * about.  So no '@', no run of digits a phone number could be, nothing
 * but printable ASCII.
 */
static void
request_check(const char *id)
{
	size_t run = 0;
	const char *p;

	if (*id == '\0' || strlen(id) > REQUEST_MAX)
		errx(EXIT_USAGE, "erase: --request takes an ID of 1 to %d "
		    "characters", REQUEST_MAX);
	for (p = id; *p != '\0'; p++) {
		if (*p < '!' || *p > '~' || *p == '@')
			errx(EXIT_USAGE, "erase: --request '%s': only letters, "
			    "digits and punctuation, no '@' (the ID is kept "
			    "in the history: never an address)", id);
		run = *p >= '0' && *p <= '9' ? run + 1 : 0;
		if (run >= REQUEST_DIGITS)
			errx(EXIT_USAGE, "erase: --request '%s': %d digits in "
			    "a row may be a phone number (the ID is kept in "
			    "the history)", id, REQUEST_DIGITS);
	}
}

/* Without --force, an open complaint stops the whole request. */
static void
erase_open_check(const struct anon_run *a, int force)
{
	size_t i;
	int open = 0;

	if (force)
		return;
	for (i = 0; i < a->list.n; i++)
		if (a->list.v[i].finished == 0) {
			warnx("erase: %s is still open (%s): close or reject "
			    "it first, or give --force", a->list.v[i].ref,
			    a->list.v[i].status);
			open = 1;
		}
	if (open)
		exit(EXIT_SOME);
}

static int
verb_erase(struct ctx *c, int argc, char **argv)
{
	struct anon_run a = { .verb = "erase", .act = XF_ACT_ERASE,
	    .how = { .kind = "erased" } };
	struct xf_buf norm = { 0 };
	struct xf_err e;
	const char *contact = NULL, *who = NULL, *request = NULL;
	char reason[16 + REQUEST_MAX];
	int ch, force = 0;

	while ((ch = getopt_long(argc, argv, "d:o:", anon_opts, NULL)) != -1) {
		if (ch == OPT_CONTACT)
			contact = optarg;
		else if (ch == OPT_COMPLAINANT)
			who = optarg;
		else if (ch == OPT_REQUEST)
			request = optarg;
		else if (ch == OPT_FORCE)
			force = 1;
		else if (ch == OPT_YES)
			a.yes = 1;
		else
			common_opt(c, ch, optarg);
	}
	if (optind != argc)
		usage();
	if (contact == NULL || request == NULL)
		errx(EXIT_USAGE, "erase: --contact and --request are required "
		    "(whose data, and the request that asks for it)");
	request_check(request);
	if (xf_contact_norm(contact, &norm) == -1)
		errx(EXIT_SOME, "out of memory");
	if (norm.len == 0)
		errx(EXIT_USAGE, "erase: --contact '%s' is no address or "
		    "number", contact);
	xf_buf_free(&norm);
	snprintf(reason, sizeof(reason), "request %s", request);
	a.how.reason = reason;
	anon_start(c, &a);
	if (xf_erase_list(&c->store, contact, who, &a.list, &e) == -1)
		cmd_die(&c->store, &e);
	if (a.list.n == 0) {
		warnx("erase: no complaint has that contact%s",
		    who != NULL ? " and complainant" : "");
		return EXIT_SOME;
	}
	erase_open_check(&a, force);
	return anon_apply(c, &a);
}

/* --- main ---------------------------------------------------------- */

static void
common_opt(struct ctx *c, int ch, const char *arg)
{
	switch (ch) {
	case 'C':
		c->calendar = arg;
		break;
	case 'd':
		c->dbopt = arg;
		break;
	case 'n':	/* only in the moves' option strings */
		c->dry = 1;
		break;
	case 'P':
		c->policy = arg;
		break;
	case 'R':
		c->routing_opt = arg;
		break;
	case 'o':
		c->fmt = cmd_fmt(arg);
		c->fmt_set = 1;
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

static const struct verb {
	const char	*name;
	int		(*run)(struct ctx *, int, char **);
} verbs[] = {
	{ "list", verb_list },
	{ "tag", verb_tag },
	{ "show", verb_show },
	{ "history", verb_history },
	{ "verify", verb_verify },
	{ "index", verb_index },
	{ "export", verb_export },
	{ "purge", verb_purge },
	{ "erase", verb_erase },
	{ "overdue", verb_overdue },
	{ "escalate", verb_escalate },
	{ "extend", verb_extend },
	{ "review", verb_review },
	{ "accept", verb_move },
	{ "reject", verb_move },
	{ "start", verb_move },
	{ "wait", verb_move },
	{ "resume", verb_move },
	{ "resolve", verb_move },
	{ "close", verb_move },
	{ "autoclose", verb_autoclose },
	{ "reopen", verb_move },
	{ "note", verb_move },
	{ "merge", verb_merge },
	{ "split", verb_split },
	{ "link", verb_link },
	{ "unlink", verb_link },
	{ "transfer", verb_transfer },
	{ "confirm", verb_judge },
	{ "refuse", verb_judge },
	{ "reply", verb_reply },
	{ "lang", verb_lang },
	{ "canned", verb_canned },
};

int
main(int argc, char **argv)
{
	struct ctx c = { .fmt = XF_FMT_TSV };
	size_t i;
	int ch, rc;

	cmd_start(argc, argv);
	while ((ch = getopt_long(argc, argv, "+C:d:o:P:R:", cmd_std_longopts,
	    NULL)) != -1)
		common_opt(&c, ch, optarg);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	i = CMD_VERB(NULL, argv[0], verbs);
	rc = verbs[i].run(&c, argc, argv);
	xf_store_close(&c.store);
	if (c.sla_loaded)
		cmd_sla_free(&c.sla);
	xf_routing_free(c.routing);
	cmd_flush();
	return rc;
}
