/*
 * xf-report: figures of a period, recomputed from the event log.
 *
 *	xf-report summary | weekly | sla | volume | backlog | handlers |
 *	    alerts | survey [--since t] [--until t] [--as-of t] [--by key]
 *
 * The period defaults to the last full week, Monday 00:00 to Monday
 * 00:00 in XF_TZ, the one cron's Monday mail is about.  The engine
 * (lib/report.c) fills titled tables; this command only prints them, in
 * the text formats every xf command has or as one HTML file.  A report
 * only reads, so the store is opened read-only: a report can run beside
 * a busy intake and never migrates or creates a store.  alerts prints
 * nothing at all when there is nothing to say, for cron.
 */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define WEEK	(7L * XF_DAY)

struct ctx {
	const char	*dbopt;
	const char	*policy, *calendar;	/* -P, -C */
	enum xf_fmt	 fmt;
	int		 html;
	int		 raw;		/* --no-redact */
	const char	*lang;
	const char	*since, *until, *as_of, *by;
	struct xf_store	 store;
	struct xf_sla	 sla;
};

static const char usage_text[] =
    "usage: xf-report [-d store] [-o format] [-C calendar] [-P policy] "
    "[--lang en|zh]\n"
    "                 [--no-redact]\n"
    "                 summary | weekly | sla | volume | backlog | "
    "handlers | alerts |\n"
    "                 survey\n"
    "                 [--since time] [--until time] [--as-of time] "
    "[--by key]\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(EXIT_USAGE);
}

enum { OPT_SINCE = 256, OPT_UNTIL, OPT_AS_OF, OPT_BY, OPT_LANG };

static const struct option longopts[] = {
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "by", required_argument, NULL, OPT_BY },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "no-redact", no_argument, NULL, CMD_OPT_NO_REDACT },
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

static void
option(struct ctx *c, int ch, const char *arg)
{
	switch (ch) {
	case 'C':
		c->calendar = arg;
		break;
	case 'd':
		c->dbopt = arg;
		break;
	case 'o':
		if (strcmp(arg, "html") == 0)
			c->html = 1;
		else if (xf_fmt_parse(arg, &c->fmt) == 0)
			c->html = 0;
		else
			errx(EXIT_USAGE, "-o %s: want tsv, csv, json, jsonl, "
			    "table or html", arg);
		break;
	case 'P':
		c->policy = arg;
		break;
	case OPT_SINCE:
		c->since = arg;
		break;
	case OPT_UNTIL:
		c->until = arg;
		break;
	case OPT_AS_OF:
		c->as_of = arg;
		break;
	case OPT_BY:
		c->by = arg;
		break;
	case OPT_LANG:
		if (strcmp(arg, "en") != 0 && strcmp(arg, "zh") != 0)
			errx(EXIT_USAGE, "--lang %s: en or zh", arg);
		c->lang = arg;
		break;
	case CMD_OPT_BOM:
		cmd_bom_option();
		break;
	case CMD_OPT_REDACT:	/* the default, said out loud */
		c->raw = 0;
		break;
	case CMD_OPT_NO_REDACT:
		c->raw = 1;
		break;
	default:
		cmd_std_option(ch, usage_text);
		usage();
	}
}

/*
 * The period and the moment it is read at.  Neither bound: last week.
 * --since alone runs to now, --until alone starts a week before it.
 */
static void
period(const struct ctx *c, struct xf_report_opts *o)
{
	o->now = cmd_now();
	o->as_of = c->as_of ? cmd_time_bound("--as-of", c->as_of, 0) : o->now;
	if (o->as_of > o->now)
		errx(EXIT_USAGE, "--as-of %s: in the future; a report reads "
		    "what has been recorded", c->as_of);
	if (c->since == NULL && c->until == NULL) {
		o->since = cmd_time_bound("--since", "last week", 0);
		o->until = cmd_time_bound("--until", "last week", 1);
		return;
	}
	o->until = c->until ? cmd_time_bound("--until", c->until, 1) :
	    o->now + 1;
	o->since = c->since ? cmd_time_bound("--since", c->since, 0) :
	    o->until - WEEK;
	if (o->since >= o->until)
		errx(EXIT_USAGE, "--since %s is not before --until %s: the "
		    "period is empty", c->since ? c->since : "(a week before)",
		    c->until ? c->until : "(now)");
}

static const struct verb {
	const char	*name;
} verbs[] = {
	{ "summary" }, { "weekly" }, { "sla" }, { "volume" }, { "backlog" },
	{ "handlers" }, { "alerts" }, { "survey" },
};

/*
 * The survey report and the weekly report's satisfaction section come
 * from lib/rsurvey.c, beside the engine of the others: the figures of
 * a survey table, not a replay of the event log.
 */
static int
build(struct xf_store *s, const char *verb, const struct xf_report_opts *o,
    struct xf_report *r, struct xf_err *e)
{
	if (strcmp(verb, "survey") == 0)
		return xf_survey_report(s, o->since, o->until, o->as_of, o->by,
		    0, r, e);
	if (xf_report_build(s, verb, o, r, e) == -1)
		return -1;
	if (strcmp(verb, "weekly") != 0)
		return 0;
	return xf_survey_report(s, o->since, o->until, o->as_of, NULL,
	    XF_SURVEY_IF_ANY, r, e);
}

/* -o xlsx: a sheet for each of the report's tables that has rows, named
 * as the table is (weekly's summary, volume, backlog ...). */
static void
report_xlsx(const struct xf_report *r)
{
	struct xf_table *tabs, **p;
	const char **names;
	size_t i, row;

	tabs = calloc(r->ntable ? r->ntable : 1, sizeof(*tabs));
	p = calloc(r->ntable ? r->ntable : 1, sizeof(*p));
	names = calloc(r->ntable ? r->ntable : 1, sizeof(*names));
	if (tabs == NULL || p == NULL || names == NULL)
		errx(1, "out of memory");
	for (i = 0; i < r->ntable; i++) {
		const struct xf_rtable *rt = &r->tables[i];

		if (xf_table_begin(&tabs[i], XF_FMT_XLSX, rt->cols,
		    rt->ncol) == -1)
			errx(1, "out of memory");
		for (row = 0; row < rt->nrow; row++)
			if (xf_table_row(&tabs[i], (const char *const *)
			    rt->cells + row * rt->ncol) == -1)
				errx(1, "out of memory");
		p[i] = &tabs[i];
		names[i] = rt->name;
	}
	cmd_xlsx(p, names, r->ntable);
	for (i = 0; i < r->ntable; i++)
		xf_table_free(&tabs[i]);
	free(tabs);
	free(p);
	free(names);
}

int
main(int argc, char **argv)
{
	struct ctx c = { .fmt = XF_FMT_TSV };
	struct xf_report_opts o = { 0 };
	struct xf_report r;
	struct xf_buf out = { 0 };
	struct xf_err e;
	const char *verb, *why;
	size_t i;
	int ch;

	cmd_start(argc, argv);
	while ((ch = getopt_long(argc, argv, "+C:d:o:P:", longopts,
	    NULL)) != -1)
		option(&c, ch, optarg);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	i = CMD_VERB(NULL, argv[0], verbs);
	verb = verbs[i].name;
	while ((ch = getopt_long(argc, argv, "C:d:o:P:", longopts,
	    NULL)) != -1)
		option(&c, ch, optarg);
	if (optind != argc)
		usage();
	if ((why = strcmp(verb, "survey") == 0 ? xf_survey_by_check(c.by) :
	    xf_report_by_check(verb, c.by)) != NULL)
		errx(EXIT_USAGE, "%s --by %s: %s", verb, c.by, why);
	period(&c, &o);
	if (xf_sla_load(&c.sla, c.policy, c.calendar, &e) == -1)
		cmd_die(NULL, &e);
	o.sla = &c.sla;
	o.by = c.by;
	o.lang = c.lang ? c.lang : cmd_lang();
	cmd_store_open(&c.store, c.dbopt, XF_OPEN_RDONLY);
	xf_report_init(&r, verb, o.lang, o.since, o.until, o.as_of);
	if (build(&c.store, verb, &o, &r, &e) == -1)
		cmd_die(&c.store, &e);
	/* Reports travel (mail, slides): masked unless asked otherwise,
	 * whatever XF_REDACT says. */
	if (!c.raw && xf_report_redact(&r) == -1)
		errx(1, "out of memory");
	/* alerts with none: nothing at all, whatever the format. */
	if (strcmp(verb, "alerts") != 0 || !xf_report_empty(&r)) {
		if (!c.html && c.fmt == XF_FMT_XLSX)
			report_xlsx(&r);
		else if ((c.html ? xf_report_html(&r, &out, &e) :
		    xf_report_format(&r, c.fmt, &out, &e)) == -1)
			cmd_die(NULL, &e);
		cmd_put(&out);
	}
	xf_buf_free(&out);
	xf_report_free(&r);
	xf_store_close(&c.store);
	xf_sla_free(&c.sla);
	cmd_flush();
	return 0;
}
