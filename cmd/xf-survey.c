/*
 * xf-survey: how satisfied complainants were, after resolution.
 *
 *	xf-survey send			a survey to each complaint resolved a
 *					day ago (cron, daily)
 *	xf-survey record [file ...]	answers: token, score, comment
 *	xf-survey followups		low scores still to be called back
 *	xf-survey called -m note key	a call back made
 *	xf-survey results		sent, answered, CSAT, the comments
 *
 * The rules (who is surveyed, one answer a survey, a call back after a
 * low score) are lib/survey.c's; answers that come by e-mail are taken
 * by xf-intake through the same code.  A token is a secret (it lets
 * whoever holds it answer): send prints it only when --token asks, for
 * a web form that must learn it.
 */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

struct ctx {
	const char	*dbopt;
	enum xf_fmt	 fmt;
	struct xf_store	 store;
	int		 failed;
};

static const char usage_text[] =
    "usage: xf-survey [-d store] [-o format] send [-n] [--after span] "
    "[--within span]\n"
    "                 [--per-contact span] [--url template] [--token]\n"
    "       xf-survey [-d store] [-o format] record [-n] [--via how] "
    "[--followup span]\n"
    "                 [--reopen-below n] [file ...]\n"
    "       xf-survey [-d store] [-o format] [--redact] followups\n"
    "       xf-survey [-d store] [-o format] called -m note key ...\n"
    "       xf-survey [-d store] [-o format] [--redact] results "
    "[--since time]\n"
    "                 [--until time]"
    " [--by category|team|assignee|channel]\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(EXIT_USAGE);
}

enum {
	OPT_AFTER = 256, OPT_WITHIN, OPT_PER_CONTACT, OPT_URL, OPT_TOKEN,
	OPT_VIA, OPT_FOLLOWUP, OPT_REOPEN_BELOW, OPT_SINCE, OPT_UNTIL, OPT_BY,
};

static const struct option longopts[] = {
	{ "after", required_argument, NULL, OPT_AFTER },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ "per-contact", required_argument, NULL, OPT_PER_CONTACT },
	{ "url", required_argument, NULL, OPT_URL },
	{ "token", no_argument, NULL, OPT_TOKEN },
	{ "via", required_argument, NULL, OPT_VIA },
	{ "followup", required_argument, NULL, OPT_FOLLOWUP },
	{ "reopen-below", required_argument, NULL, OPT_REOPEN_BELOW },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "by", required_argument, NULL, OPT_BY },
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

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

/* A span on a calendar clock ("24h", "30d"), in seconds; "0" allowed
 * when zero_ok. */
static int64_t
span_arg(const char *opt, const char *arg, int zero_ok)
{
	struct xf_span sp;

	if (zero_ok && strcmp(arg, "0") == 0)
		return 0;
	if (xf_span_parse(arg, &sp) != 0)
		errx(EXIT_USAGE, "%s %s: want a span such as 24h or 30d", opt,
		    arg);
	return sp.seconds + (int64_t)sp.days * XF_DAY;
}

/* An item refused: said, and the rest go on; the store's own failure
 * or a configuration error ends the command. */
static void
fail(struct ctx *c, const struct xf_err *e, const char *where)
{
	if (xf_store_down(&c->store) || e->why == XF_WHY_CONFIG)
		cmd_die(&c->store, e);
	if (where != NULL)
		warnx("%s: %s", where, e->msg);
	else
		warnx("%s", e->msg);
	c->failed = 1;
}

/* --- send --------------------------------------------------------------- */

struct sendout {
	struct xf_table	 t;
	int		 token;
};

static int
on_sent(void *ctx, const struct xf_survey_sent *sv)
{
	struct sendout *o = ctx;
	char when[XF_TIMELEN], box[XF_UINT_LEN];
	const char *vals[5] = { sv->ref, sv->channel, when, box, sv->token };

	xf_time_format(sv->resolved_at, when, sizeof(when));
	xf_put_uint(box, (uint64_t)sv->outbox_id, 0);
	cmd_table_row(&o->t, vals, 0);
	return 0;
}

static int
verb_send(struct ctx *c, int argc, char **argv)
{
	static const struct xf_col cols[] = {
		{ "ref", XF_COL_TEXT }, { "channel", XF_COL_TEXT },
		{ "resolved", XF_COL_TEXT }, { "outbox", XF_COL_NUM },
		{ "token", XF_COL_TEXT },
	};
	char actor[256];
	struct xf_survey_send_opts o = {
		.after = XF_SURVEY_AFTER,
		.within = (int64_t)XF_SURVEY_WITHIN_DAYS * XF_DAY,
		.per_contact = (int64_t)XF_SURVEY_PER_CONTACT_DAYS * XF_DAY,
		.url = getenv("XF_SURVEY_URL"),
	};
	struct sendout out = { 0 };
	struct xf_err e;
	int ch, dry = 0;

	while ((ch = getopt_long(argc, argv, "d:no:", longopts, NULL)) != -1)
		switch (ch) {
		case 'n':
			dry = 1;
			break;
		case OPT_AFTER:
			o.after = span_arg("--after", optarg, 1);
			break;
		case OPT_WITHIN:
			o.within = span_arg("--within", optarg, 0);
			break;
		case OPT_PER_CONTACT:
			o.per_contact = span_arg("--per-contact", optarg, 1);
			break;
		case OPT_URL:
			o.url = optarg;
			break;
		case OPT_TOKEN:
			out.token = 1;
			break;
		default:
			common_opt(c, ch, optarg);
		}
	if (optind != argc)
		usage();
	if (o.url != NULL && *o.url == '\0')
		o.url = NULL;
	if (o.url != NULL && strstr(o.url, "{token}") == NULL)
		errx(EXIT_USAGE, "survey URL %s: it has no {token}", o.url);
	if (o.within <= o.after)
		errx(EXIT_USAGE, "--within must be longer than --after");
	o.now = cmd_now();
	o.actor = cmd_actor(actor, sizeof(actor));
	cmd_table_start(&out.t, c->fmt, cols, nitems(cols) - !out.token);
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, o.actor);
	if (xf_store_begin(&c->store, &e) == -1)
		cmd_die(&c->store, &e);
	if (xf_survey_send(&c->store, &o, on_sent, &out, &e) == -1) {
		xf_store_rollback(&c->store);
		cmd_die(&c->store, &e);
	}
	if (dry)
		xf_store_rollback(&c->store);
	else if (xf_store_commit(&c->store, &e) == -1)
		cmd_die(&c->store, &e);
	cmd_table_end(&out.t);
	return 0;
}

/* --- record ------------------------------------------------------------- */

enum { F_TOKEN, F_SCORE, F_COMMENT, F_N };

struct rec {
	struct ctx	*c;
	const char	*name;
	struct xf_answer proto;
	int		 dry;
	int		 col[F_N];	/* field of each, -1: absent */
	int		 first;		/* no row seen yet */
	struct xf_table	 t;
};

/* The header's names for each field (any case). */
static const char *const field_names[F_N][4] = {
	{ "token", "令牌", NULL },
	{ "score", "评分", "分数", NULL },
	{ "comment", "comments", "意见", "评价" },
};

static int
header_field(const char *s)
{
	size_t f, i;

	for (f = 0; f < F_N; f++)
		for (i = 0; i < nitems(field_names[f]) &&
		    field_names[f][i] != NULL; i++)
			if (strcasecmp(s, field_names[f][i]) == 0)
				return (int)f;
	return -1;
}

/* 1 when row is a header: its columns are taken from it. */
static int
header(struct rec *r, const struct xf_row *row)
{
	size_t i;
	int f;

	if (row->nfield == 0 || header_field(row->field[0]) == -1)
		return 0;
	for (f = 0; f < F_N; f++)
		r->col[f] = -1;
	for (i = 0; i < row->nfield; i++)
		if ((f = header_field(row->field[i])) != -1 && r->col[f] == -1)
			r->col[f] = (int)i;
	return 1;
}

static const char *
field(const struct xf_row *row, int i)
{
	return i >= 0 && (size_t)i < row->nfield ? row->field[i] : NULL;
}

static void
row_warn(struct rec *r, const struct xf_row *row, const char *msg)
{
	warnx("%s:%lld: %s", r->name, (long long)row->line, msg);
	r->c->failed = 1;
}

static void
recorded(struct rec *r, const struct xf_answer *a)
{
	char score[4], due[XF_TIMELEN];
	const char *vals[4] = { a->ref, score, NULL,
	    a->reopened ? "reopened" : "recorded" };

	snprintf(score, sizeof(score), "%d", a->score);
	if (a->followup_due != 0) {
		xf_time_format(a->followup_due, due, sizeof(due));
		vals[2] = due;
	}
	cmd_table_row(&r->t, vals, 0);
}

static int
answer(struct rec *r, const struct xf_row *row, struct xf_answer *a)
{
	struct ctx *c = r->c;
	struct xf_err e;
	char where[512];

	snprintf(where, sizeof(where), "%s:%lld", r->name,
	    (long long)row->line);
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, a->actor);
	a->now = cmd_now();
	if (xf_store_begin(&c->store, &e) == -1)
		cmd_die(&c->store, &e);
	if (xf_survey_answer(&c->store, a, &e) == -1) {
		xf_store_rollback(&c->store);
		fail(c, &e, where);
		return 0;
	}
	if (r->dry)
		xf_store_rollback(&c->store);
	else if (xf_store_commit(&c->store, &e) == -1)
		cmd_die(&c->store, &e);
	recorded(r, a);
	return 0;
}

static int
on_row(void *ctx, const struct xf_row *row, struct xf_err *err)
{
	struct rec *r = ctx;
	struct xf_answer a = r->proto;
	const char *tok, *score;
	int first = r->first;

	(void)err;
	r->first = 0;
	if (row->error != NULL) {
		row_warn(r, row, row->error);
		return 0;
	}
	if (first && header(r, row))
		return 0;
	if (row->nfield == 1 && *row->field[0] == '\0')
		return 0;		/* a blank line */
	tok = field(row, r->col[F_TOKEN]);
	score = field(row, r->col[F_SCORE]);
	if (tok == NULL || *tok == '\0') {
		row_warn(r, row, "no token");
		return 0;
	}
	if (score == NULL || (a.score = xf_score_cell(score)) == 0) {
		struct xf_buf b = { 0 };
		char msg[256];

		snprintf(msg, sizeof(msg), "score '%s': want 1 to 5, or "
		    "非常满意, 满意, 一般, 不满意, 非常不满意",
		    score ? cmd_safe(&b, score) : "");
		xf_buf_free(&b);
		row_warn(r, row, msg);
		return 0;
	}
	a.token = tok;
	a.comment = field(row, r->col[F_COMMENT]);
	return answer(r, row, &a);
}

static void
record_file(struct rec *r, const char *path)
{
	struct xf_rowopt opt = { .fmt = XF_CSV };
	struct xf_input *in;
	struct xf_err e;
	int f;

	r->name = path == NULL || strcmp(path, "-") == 0 ? "stdin" : path;
	for (f = 0; f < F_N; f++)
		r->col[f] = f;
	r->first = 1;
	opt.guess = path == NULL || !xf_rows_named(path, &opt.fmt);
	if ((in = xf_input_open(path, &e)) == NULL) {
		warnx("%s", e.msg);
		r->c->failed = 1;
		return;
	}
	if (xf_rows_read(in, &opt, on_row, r, &e) == -1) {
		warnx("%s: %s", r->name, e.msg);
		r->c->failed = 1;
	}
	xf_input_close(in);
}

static int
verb_record(struct ctx *c, int argc, char **argv)
{
	static const struct xf_col cols[] = {
		{ "ref", XF_COL_TEXT }, { "score", XF_COL_NUM },
		{ "followup_due", XF_COL_TEXT }, { "result", XF_COL_TEXT },
	};
	char actor[256], *end;
	struct rec r = { .c = c, .proto = { .via = "csv" } };
	long n;
	int ch, i;

	while ((ch = getopt_long(argc, argv, "d:no:", longopts, NULL)) != -1)
		switch (ch) {
		case 'n':
			r.dry = 1;
			break;
		case OPT_VIA:
			if (strcmp(optarg, "csv") != 0 &&
			    strcmp(optarg, "web") != 0 &&
			    strcmp(optarg, "phone") != 0 &&
			    strcmp(optarg, "email") != 0)
				errx(EXIT_USAGE, "--via %s: csv, web, phone or "
				    "email", optarg);
			r.proto.via = optarg;
			/* A person who took an answer by phone knows
			 * the ref, not the token. */
			r.proto.by_ref = strcmp(optarg, "phone") == 0;
			break;
		case OPT_FOLLOWUP:
			r.proto.followup = span_arg("--followup", optarg, 0);
			break;
		case OPT_REOPEN_BELOW:
			n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 2 || n > 5)
				errx(EXIT_USAGE, "--reopen-below %s: want 2 to "
				    "5", optarg);
			r.proto.reopen_below = (int)n;
			break;
		default:
			common_opt(c, ch, optarg);
		}
	r.proto.actor = cmd_actor(actor, sizeof(actor));
	cmd_table_start(&r.t, c->fmt, cols, nitems(cols));
	if (optind == argc)
		record_file(&r, NULL);
	for (i = optind; i < argc; i++)
		record_file(&r, argv[i]);
	cmd_table_end(&r.t);
	return c->failed ? EXIT_SOME : 0;
}

/* --- follow-up calls ---------------------------------------------------- */

static const char followups_sql[] =
    "SELECT c.ref, v.score, v.answered_at, v.followup_due, c.team,"
    " c.assignee FROM survey v JOIN complaint c ON c.id = v.complaint_id"
    " WHERE v.followup_due IS NOT NULL AND v.followup_at IS NULL"
    " ORDER BY v.followup_due, v.id";

static int
verb_followups(struct ctx *c, int argc, char **argv)
{
	static const struct xf_col cols[] = {
		{ "ref", XF_COL_TEXT }, { "score", XF_COL_NUM },
		{ "answered", XF_COL_TEXT }, { "followup_due", XF_COL_TEXT },
		{ "overdue", XF_COL_TEXT }, { "team", XF_COL_TEXT },
		{ "assignee", XF_COL_TEXT },
	};
	char ref[XF_REFLEN], score[4], ans[XF_TIMELEN], due[XF_TIMELEN],
	    team[64], who[64];
	const char *vals[7] = { ref, score, ans, due, NULL, team, who };
	struct xf_table t;
	sqlite3_stmt *st;
	struct xf_err e;
	int64_t now;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "d:o:", longopts, NULL)) != -1)
		common_opt(c, ch, optarg);
	if (optind != argc)
		usage();
	now = cmd_now();
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	if (xf_store_prepare(&c->store, followups_sql, &st, &e) == -1)
		cmd_die(&c->store, &e);
	cmd_table_start(&t, c->fmt, cols, nitems(cols));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_column_copy(st, 0, ref, sizeof(ref));
		xf_column_copy(st, 1, score, sizeof(score));
		xf_time_format(sqlite3_column_int64(st, 2), ans, sizeof(ans));
		xf_time_format(sqlite3_column_int64(st, 3), due, sizeof(due));
		vals[4] = sqlite3_column_int64(st, 3) <= now ? "overdue" : NULL;
		xf_column_copy(st, 4, team, sizeof(team));
		xf_column_copy(st, 5, who, sizeof(who));
		cmd_table_row(&t, vals, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xf_store_fail(&c->store, "reading the follow-ups", &e);
		cmd_die(&c->store, &e);
	}
	cmd_table_end(&t);
	return 0;
}

static int
verb_called(struct ctx *c, int argc, char **argv)
{
	static const struct xf_col cols[] = {
		{ "ref", XF_COL_TEXT }, { "called", XF_COL_TEXT },
	};
	char actor[256], ref[XF_REFLEN], when[XF_TIMELEN];
	const char *note = NULL, *vals[2] = { ref, when };
	struct xf_table t;
	struct xf_err e;
	int64_t now;
	int ch, i;

	while ((ch = getopt_long(argc, argv, "d:m:o:", longopts, NULL)) != -1)
		if (ch == 'm')
			note = optarg;
		else
			common_opt(c, ch, optarg);
	if (note == NULL || *note == '\0' || optind == argc)
		usage();
	now = cmd_now();
	xf_time_format(now, when, sizeof(when));
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ,
	    cmd_actor(actor, sizeof(actor)));
	cmd_table_start(&t, c->fmt, cols, nitems(cols));
	for (i = optind; i < argc; i++) {
		if (xf_store_begin(&c->store, &e) == -1)
			cmd_die(&c->store, &e);
		if (xf_survey_called(&c->store, argv[i], note, now, actor, ref,
		    &e) == -1) {
			xf_store_rollback(&c->store);
			fail(c, &e, NULL);
			continue;
		}
		if (xf_store_commit(&c->store, &e) == -1)
			cmd_die(&c->store, &e);
		cmd_table_row(&t, vals, 0);
	}
	cmd_table_end(&t);
	return c->failed ? EXIT_SOME : 0;
}

/* --- results ------------------------------------------------------------ */

static int
verb_results(struct ctx *c, int argc, char **argv)
{
	const char *since = NULL, *until = NULL, *by = NULL, *why;
	struct xf_report r;
	struct xf_buf out = { 0 };
	struct xf_err e;
	int64_t now, lo, hi;
	int ch;

	while ((ch = getopt_long(argc, argv, "d:o:", longopts, NULL)) != -1)
		switch (ch) {
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_UNTIL:
			until = optarg;
			break;
		case OPT_BY:
			by = optarg;
			break;
		default:
			common_opt(c, ch, optarg);
		}
	if (optind != argc)
		usage();
	if ((why = xf_survey_by_check(by)) != NULL)
		errx(EXIT_USAGE, "--by %s: %s", by, why);
	now = cmd_now();
	lo = since ? cmd_time_bound("--since", since, 0) : 0;
	hi = until ? cmd_time_bound("--until", until, 1) : now + 1;
	if (lo >= hi)
		errx(EXIT_USAGE, "--since is not before --until: the period "
		    "is empty");
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	xf_report_init(&r, "survey", "en", lo, hi, now);
	if (xf_survey_report(&c->store, lo, hi, now, by,
	    XF_SURVEY_COMMENTS, &r, &e) == -1)
		cmd_die(&c->store, &e);
	if (cmd_redacting() && xf_report_redact(&r) == -1)
		errx(1, "out of memory");
	if (!xf_report_empty(&r)) {
		if (xf_report_format(&r, c->fmt, &out, &e) == -1)
			cmd_die(NULL, &e);
		cmd_put(&out);
	}
	xf_buf_free(&out);
	xf_report_free(&r);
	return 0;
}

static const struct verb {
	const char	*name;
	int		(*run)(struct ctx *, int, char **);
} verbs[] = {
	{ "send", verb_send },
	{ "record", verb_record },
	{ "followups", verb_followups },
	{ "called", verb_called },
	{ "results", verb_results },
};

int
main(int argc, char **argv)
{
	struct ctx c = { .fmt = XF_FMT_TSV };
	size_t i;
	int ch, rc;

	cmd_start(argc, argv);
	while ((ch = getopt_long(argc, argv, "+d:o:", cmd_std_longopts,
	    NULL)) != -1)
		common_opt(&c, ch, optarg);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	i = CMD_VERB(NULL, argv[0], verbs);
	rc = verbs[i].run(&c, argc, argv);
	xf_store_close(&c.store);
	cmd_flush();
	return rc;
}
