/*
 * xf-notify: delivers the outbox, what xf has to tell complainants.
 *
 *	xf-notify [send] --sendmail cmd [--from addr]	e-mail, by sendmail
 *	xf-notify rows [--channel list]		the others, for a gateway
 *	xf-notify confirm [file]		the gateway's word
 *	xf-notify list [--state list]		the outbox
 *
 * Each row is claimed in a transaction of its own before it is handed
 * on and marked in another once it is known to have gone (deliver.c),
 * so two runs at once never send one message twice, and a run killed
 * midway leaves its claim to run out (the lease) and the row to go
 * again: at least once, never again after the mark.  E-mail is handed
 * to a command of the caller's, not spoken to a server: the host's
 * sendmail queues, retries and signs, which xf should not redo.  Phone,
 * SMS and social messages have no such standard door, so they leave as
 * rows for whatever script the company has, which says back which went.
 *
 * A run with nothing to do prints nothing, for cron.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"

#define TIMEOUT_S	60		/* for sendmail to take a message */
#define LEASE_S		(15 * XF_MINUTE)	/* a claim older is dead */
#define LEASE_SLACK	60		/* the lease exceeds the timeout by */
#define ATTEMPTS_MAX	12		/* then the row is failed */
#define AGE_MAX		(3 * XF_DAY)	/* a failure after this: failed */

struct ctx {
	const char	*dbopt;
	const char	*sendmail, *from, *channels, *states;
	enum xf_fmt	 fmt;
	int		 dry;
	long		 timeout, lease, attempts;
	char		 actor[XF_ACTOR_MAX];
	char		 who[300];		/* host:pid, the claims' */
	struct xf_store	 store;
	int		 failed;
};

static const char usage_text[] =
    "usage: xf-notify [-n] [-d store] [--from address] [--sendmail command]\n"
    "                 [--timeout seconds] [--lease seconds] "
    "[--max-attempts n] [send]\n"
    "       xf-notify [-n] [-d store] [-o format] [--lease seconds] rows "
    "[--channel list]\n"
    "       xf-notify [-d store] confirm [file]\n"
    "       xf-notify [-d store] [-o format] [--redact] list "
    "[--state list]\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(EXIT_USAGE);
}

enum {
	OPT_SENDMAIL = 256, OPT_FROM, OPT_TIMEOUT, OPT_LEASE, OPT_ATTEMPTS,
	OPT_CHANNEL, OPT_STATE
};

static const struct option longopts[] = {
	{ "sendmail", required_argument, NULL, OPT_SENDMAIL },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "lease", required_argument, NULL, OPT_LEASE },
	{ "max-attempts", required_argument, NULL, OPT_ATTEMPTS },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "state", required_argument, NULL, OPT_STATE },
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

static long
number(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max)
		errx(EXIT_USAGE, "%s %s: want a whole number from %ld to %ld",
		    opt, arg, min, max);
	return v;
}

static void
option(struct ctx *c, int ch, const char *arg)
{
	switch (ch) {
	case 'd':
		c->dbopt = arg;
		break;
	case 'n':
		c->dry = 1;
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
	case OPT_SENDMAIL:
		if (*arg == '\0')
			errx(EXIT_USAGE, "--sendmail: an empty command");
		c->sendmail = arg;
		break;
	case OPT_FROM:
		c->from = arg;
		break;
	case OPT_TIMEOUT:
		c->timeout = number("--timeout", arg, 1, XF_HOUR);
		break;
	case OPT_LEASE:
		c->lease = number("--lease", arg, 1, XF_DAY);
		break;
	case OPT_ATTEMPTS:
		c->attempts = number("--max-attempts", arg, 1, 1000);
		break;
	case OPT_CHANNEL:
		c->channels = arg;
		break;
	case OPT_STATE:
		c->states = arg;
		break;
	default:
		cmd_std_option(ch, usage_text);
		usage();
	}
}

static void
options(struct ctx *c, int argc, char **argv, const char *spec)
{
	int ch;

	while ((ch = getopt_long(argc, argv, spec, longopts, NULL)) != -1)
		option(c, ch, optarg);
}

/* list in lower case, in buf (the store's words are), cut to fit:
 * check_list has made sure it is a list of short known words. */
static const char *
lower(char *buf, const char *list, size_t len)
{
	snprintf(buf, len, "%s", list);
	xf_ascii_lower(buf);
	return buf;
}

/* Each word of the comma list is one of words, or exit 2. */
static void
check_list(const char *opt, const char *list, const char *const *words,
    size_t n)
{
	struct xf_buf known = { 0 };
	const char *p = list;
	size_t i, k;

	for (i = 0; i < n; i++)
		xf_buf_printf(&known, "%s%s", i ? ", " : "", words[i]);
	while (list != NULL && *p != '\0') {
		k = strcspn(p, ",");
		for (i = 0; i < n && (strlen(words[i]) != k ||
		    strncasecmp(p, words[i], k) != 0); i++)
			;
		if (i == n)
			errx(EXIT_USAGE, "%s %s: want a comma list of %s", opt,
			    list, xf_buf_str(&known));
		p += k + (p[k] == ',');
	}
	if (list != NULL && (*list == '\0' || list[strlen(list) - 1] == ','))
		errx(EXIT_USAGE, "%s '%s': want a comma list of %s", opt, list,
		    xf_buf_str(&known));
	xf_buf_free(&known);
}

static void
warn_row(const struct xf_outrow *r, const char *fmt, const char *msg)
{
	struct xf_buf b = { 0 };

	fprintf(stderr, "xf-notify: %s: outbox %lld: ", r->ref,
	    (long long)r->id);
	fprintf(stderr, fmt, cmd_safe(&b, msg));
	fputc('\n', stderr);
	xf_buf_free(&b);
}

/* A failure of the store ends the run (75); any other, the row's. */
static void
row_failed(struct ctx *c, const struct xf_err *e)
{
	if (xf_store_down(&c->store))
		cmd_die(&c->store, e);
	warnx("%s", e->msg);
	c->failed = 1;
}

/* --- send: e-mail through sendmail ----------------------------------- */

/* The address of a From: setting, for the message kept. */
static const char *
from_addr(const char *from, char *buf, size_t len)
{
	const char *lt = strrchr(from, '<');

	if (lt == NULL)
		return from;
	snprintf(buf, len, "%.*s", (int)strcspn(lt + 1, ">"), lt + 1);
	return buf;
}

static int
compose(const struct ctx *c, const struct xf_outrow *r, int64_t now,
    struct xf_buf *out, struct xf_err *e)
{
	struct xf_buf subject = { 0 };
	struct xf_mailcompose m = {
		.from = c->from, .to = r->recipient, .body = r->body,
		.message_id = r->message_id, .in_reply_to = r->in_reply_to,
		.refs = r->refs, .date = now,
		/* A survey is a robot's asking; the rest answer a person's
		 * letter, as a person would, and must reach them even
		 * through an out-of-office filter. */
		.auto_submitted = strcmp(r->kind, "survey") == 0,
	};
	int rc;

	if (xf_deliver_subject(r, &subject) == -1)
		return xf_errf(e, "out of memory");
	m.subject = xf_buf_str(&subject);
	rc = xf_compose(&m, out, e);
	xf_buf_free(&subject);
	return rc;
}

/* who: the claim the row must still be under; NULL for a gateway's
 * word, which comes from another process than the claim's. */
static void
failure(struct ctx *c, const struct xf_outrow *r, const char *who,
    const char *why, int permanent)
{
	struct xf_failure f = {
		.now = cmd_now(), .actor = c->actor, .who = who, .why = why,
		.permanent = permanent, .max_attempts = c->attempts,
		.max_age = AGE_MAX,
	};
	struct xf_err e;
	char when[XF_TIMELEN], msg[XF_ERRLEN + 64];

	c->failed = 1;
	if (xf_deliver_failed(&c->store, r, &f, &e) == -1) {
		row_failed(c, &e);
		return;
	}
	if (!f.changed)
		warn_row(r, "%s (another delivery holds it now)", why);
	else if (f.gave_up) {
		snprintf(msg, sizeof(msg), "%s; given up after %lld "
		    "attempt%s", why, (long long)r->attempts,
		    r->attempts == 1 ? "" : "s");
		warn_row(r, "%s", msg);
	} else {
		xf_time_format(f.next_at, when, sizeof(when));
		snprintf(msg, sizeof(msg), "%s; next try %s", why, when);
		warn_row(r, "%s", msg);
	}
}

/* again: what to say when the row was marked sent before. */
static void
mark_sent(struct ctx *c, const struct xf_outrow *r, const char *sender,
    const struct xf_buf *raw, const char *again)
{
	struct xf_sent how = {
		.now = cmd_now(), .actor = c->actor, .sender = sender,
		.raw = raw != NULL ? raw->p : NULL,
		.rawlen = raw != NULL ? raw->len : 0,
	};
	struct xf_err e;
	int already;

	if (xf_deliver_sent(&c->store, r, &how, &already, &e) == -1)
		row_failed(c, &e);
	else if (already && again != NULL)
		warn_row(r, "%s", again);
}

static void
send_one(struct ctx *c, int64_t id)
{
	struct xf_outrow r;
	struct xf_buf raw = { 0 }, out = { 0 };
	struct xf_err e;
	char addr[256];
	int64_t now = cmd_now();
	int got;

	got = c->dry ? xf_deliver_load(&c->store, id, &r, &e) == 0 :
	    xf_deliver_claim(&c->store, id, now, c->lease, c->who, &r, &e);
	if (got == -1) {
		row_failed(c, &e);
		return;
	}
	if (got == 0)
		return;			/* another run took it */
	if (compose(c, &r, now, &raw, &e) == -1) {
		if (e.why == XF_WHY_CONFIG)
			cmd_die(NULL, &e);
		if (c->dry)
			warn_row(&r, "%s", e.msg);
		else
			failure(c, &r, c->who, e.msg, 1);
	} else if (c->dry) {
		if (xf_mboxrd(&out, raw.p, raw.len, now) == -1)
			errx(EXIT_TEMPFAIL, "out of memory");
		cmd_put(&out);
	} else if (xf_spawn_feed(c->sendmail, raw.p, raw.len,
	    (int)c->timeout, &e) == -1)
		failure(c, &r, c->who, e.msg, 0);
	else
		mark_sent(c, &r, from_addr(c->from, addr, sizeof(addr)), &raw,
		    "sent again: another delivery had sent it after this "
		    "one's claim ran out");
	xf_buf_free(&raw);
	xf_buf_free(&out);
	xf_outrow_free(&r);
}

static int
verb_send(struct ctx *c, int argc, char **argv)
{
	struct xf_err e;
	int64_t *ids;
	size_t n, i;

	if (argc > 0) {
		options(c, argc, argv, "d:n");
		if (optind != argc)
			usage();
	}
	if (c->from == NULL && (c->from = getenv("XF_MAIL_FROM")) != NULL &&
	    *c->from == '\0')
		c->from = NULL;
	if (c->from == NULL)
		errx(EXIT_USAGE, "no From address: give --from or set "
		    "XF_MAIL_FROM (care@example.com, or Care "
		    "<care@example.com>)");
	if (xf_mail_from_check(c->from, &e) == -1)
		errx(EXIT_USAGE, "%s: %s", getenv("XF_MAIL_FROM") == c->from ?
		    "XF_MAIL_FROM" : "--from", e.msg);
	if (c->sendmail == NULL && !c->dry)
		errx(EXIT_USAGE, "no --sendmail command: say how mail leaves "
		    "(--sendmail \"/usr/sbin/sendmail -t -oi\"), or -n to "
		    "see it");
	if (c->lease < c->timeout + LEASE_SLACK)
		errx(EXIT_USAGE, "--lease %ld: shorter than --timeout %ld and "
		    "%d s, a live delivery's claim would be taken", c->lease,
		    c->timeout, LEASE_SLACK);
	cmd_store_writer(&c->store, c->dbopt, c->dry ? XF_OPEN_RDONLY :
	    XF_OPEN_READ, c->actor);
	if (xf_deliver_due(&c->store, "email", cmd_now(), c->lease, &ids,
	    &n, &e) == -1)
		cmd_die(&c->store, &e);
	for (i = 0; i < n; i++)
		send_one(c, ids[i]);
	free(ids);
	return c->failed ? EXIT_SOME : 0;
}

/* --- rows: the other channels, for a gateway ------------------------- */

static const struct xf_col row_cols[] = {
	{ "ref", XF_COL_TEXT }, { "id", XF_COL_NUM },
	{ "channel", XF_COL_TEXT }, { "recipient", XF_COL_TEXT },
	{ "subject", XF_COL_TEXT }, { "body", XF_COL_TEXT },
	{ "kind", XF_COL_TEXT }, { "lang", XF_COL_TEXT },
};

static const char *const gateway_channels[] = { "phone", "sms", "social" };

static void
row_one(struct ctx *c, struct xf_table *t, int64_t id)
{
	struct xf_outrow r;
	struct xf_buf subject = { 0 };
	struct xf_err e;
	char idbuf[XF_UINT_LEN];
	const char *vals[nitems(row_cols)];
	int got;

	/* Claimed before it is printed: a row printed is out for
	 * delivery, and another run leaves it alone for the lease. */
	got = c->dry ? xf_deliver_load(&c->store, id, &r, &e) == 0 :
	    xf_deliver_claim(&c->store, id, cmd_now(), c->lease, c->who, &r,
	    &e);
	if (got == -1) {
		row_failed(c, &e);
		return;
	}
	if (got == 1) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)r.id);
		if (xf_deliver_subject(&r, &subject) == -1)
			errx(EXIT_TEMPFAIL, "out of memory");
		vals[0] = r.ref;
		vals[1] = idbuf;
		vals[2] = r.channel;
		vals[3] = r.recipient;
		vals[4] = xf_buf_str(&subject);
		vals[5] = r.body;
		vals[6] = r.kind;
		vals[7] = r.lang;
		cmd_table_row(t, vals, 1);
	}
	xf_buf_free(&subject);
	if (got != -1)
		xf_outrow_free(&r);
}

static int
verb_rows(struct ctx *c, int argc, char **argv)
{
	char channels[64];
	struct xf_table t;
	struct xf_err e;
	int64_t *ids;
	size_t n, i;

	options(c, argc, argv, "d:no:");
	if (optind != argc)
		usage();
	check_list("--channel", c->channels, gateway_channels,
	    nitems(gateway_channels));
	cmd_store_writer(&c->store, c->dbopt, c->dry ? XF_OPEN_RDONLY :
	    XF_OPEN_READ, c->actor);
	/* Filtered before the claim: a run for sms never claims a call. */
	if (xf_deliver_due(&c->store, lower(channels, c->channels != NULL ?
	    c->channels : "phone,sms,social", sizeof(channels)), cmd_now(),
	    c->lease, &ids, &n, &e) == -1)
		cmd_die(&c->store, &e);
	/* What the gateway sends: its recipients whole, whatever
	 * XF_REDACT says. */
	cmd_table_deliveries(&t, c->fmt, row_cols, nitems(row_cols));
	for (i = 0; i < n; i++)
		row_one(c, &t, ids[i]);
	cmd_table_end(&t);
	free(ids);
	return c->failed ? EXIT_SOME : 0;
}

/* --- confirm: what the gateway says went ----------------------------- */

enum { F_REF, F_ID, F_STATUS, F_ERROR, F_N };

struct confirm {
	struct ctx	*c;
	const char	*name;
	int		 col[F_N];	/* the field of each, -1: none */
	int		 started;
};

static const char *
cell(const struct confirm *k, const struct xf_row *row, int f)
{
	int i = k->col[f];

	return i >= 0 && (size_t)i < row->nfield ? row->field[i] : NULL;
}

/* A header row names its columns; without one: ref, id, status, error. */
static int
header(struct confirm *k, const struct xf_row *row)
{
	static const char *const names[F_N] = { "ref", "id", "status",
		"error" };
	size_t i;
	int f, named = 0;

	for (f = 0; f < F_N; f++)
		k->col[f] = f;
	for (i = 0; i < row->nfield; i++)
		for (f = 0; f < F_N; f++)
			if (strcasecmp(row->field[i], names[f]) == 0)
				named = 1;
	if (!named)
		return 0;
	for (f = 0; f < F_N; f++) {
		k->col[f] = -1;
		for (i = 0; i < row->nfield; i++)
			if (strcasecmp(row->field[i], names[f]) == 0)
				k->col[f] = (int)i;
	}
	return 1;
}

/* 1 sent, 0 failed, -1 neither. */
static int
status_word(const char *s)
{
	static const char *const yes[] = { "sent", "ok", "delivered", "0" };
	static const char *const no[] = { "failed", "fail", "error", "1" };
	size_t i;

	for (i = 0; s != NULL && i < nitems(yes); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; s != NULL && i < nitems(no); i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

static void
bad_line(struct confirm *k, const struct xf_row *row, const char *msg)
{
	struct xf_buf b = { 0 };

	warnx("%s:%lld: %s", k->name, (long long)row->line, cmd_safe(&b, msg));
	xf_buf_free(&b);
	k->c->failed = 1;
}

static void
confirm_one(struct confirm *k, const struct xf_row *row)
{
	struct ctx *c = k->c;
	const char *ref = cell(k, row, F_REF), *idc = cell(k, row, F_ID),
	    *why = cell(k, row, F_ERROR);
	int ok = status_word(cell(k, row, F_STATUS));
	struct xf_outrow r;
	struct xf_err e;
	char *end;
	long long id;

	if (idc == NULL || (id = strtoll(idc, &end, 10)) <= 0 || *end != '\0')
		return bad_line(k, row, "no outbox id (the id column of "
		    "xf-notify rows)");
	if (ok == -1)
		return bad_line(k, row, "the status is neither sent nor "
		    "failed");
	if (xf_deliver_load(&c->store, id, &r, &e) == -1) {
		if (xf_store_down(&c->store))
			cmd_die(&c->store, &e);
		return bad_line(k, row, e.msg);
	}
	if (ref != NULL && *ref != '\0' && strcmp(ref, r.ref) != 0) {
		xf_outrow_free(&r);
		return bad_line(k, row, "that outbox id is another "
		    "complaint's: nothing marked");
	}
	if (ok)
		mark_sent(c, &r, NULL, NULL, NULL);	/* said twice: fine */
	else if (strcmp(r.state, "sending") != 0)
		warn_row(&r, "is %s, not out for delivery: failure not "
		    "marked", r.state);
	else
		failure(c, &r, NULL, why != NULL && *why != '\0' ? why :
		    "the gateway said it failed", 0);
	xf_outrow_free(&r);
}

static int
confirm_row(void *ctx, const struct xf_row *row, struct xf_err *err)
{
	struct confirm *k = ctx;

	(void)err;
	if (row->error != NULL) {
		bad_line(k, row, row->error);
		return 0;
	}
	if (row->nfield == 0 || (row->nfield == 1 && *row->field[0] == '\0'))
		return 0;
	if (!k->started) {
		k->started = 1;
		if (header(k, row))
			return 0;
	}
	confirm_one(k, row);
	return 0;
}

static int
verb_confirm(struct ctx *c, int argc, char **argv)
{
	struct confirm k = { .c = c };
	struct xf_rowopt ro = { .fmt = XF_CSV, .guess = 1 };
	struct xf_input *in;
	struct xf_err e;
	const char *path = NULL;

	options(c, argc, argv, "d:");
	if (argc - optind > 1)
		usage();
	if (argc - optind == 1 && strcmp(argv[optind], "-") != 0)
		path = argv[optind];
	k.name = path != NULL ? path : "stdin";
	if ((in = xf_input_open(path, &e)) == NULL)
		errx(EXIT_SOME, "%s", e.msg);
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, c->actor);
	if (xf_rows_read(in, &ro, confirm_row, &k, &e) == -1) {
		warnx("%s: %s", k.name, e.msg);
		c->failed = 1;
	}
	xf_input_close(in);
	return c->failed ? EXIT_SOME : 0;
}

/* --- list: the outbox ------------------------------------------------- */

static const struct xf_col list_cols[] = {
	{ "ref", XF_COL_TEXT }, { "id", XF_COL_NUM },
	{ "state", XF_COL_TEXT }, { "kind", XF_COL_TEXT },
	{ "channel", XF_COL_TEXT }, { "recipient", XF_COL_TEXT },
	{ "attempts", XF_COL_NUM }, { "queued_at", XF_COL_TEXT },
	{ "next_at", XF_COL_TEXT }, { "sent_at", XF_COL_TEXT },
	{ "last_error", XF_COL_TEXT },
};

static const char *const states[] = {
	"queued", "sending", "sent", "failed", "cancelled"
};

static const char *
when(sqlite3_stmt *st, int i, char *buf)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	xf_time_format(sqlite3_column_int64(st, i), buf, XF_TIMELEN);
	return buf;
}

static int
verb_list(struct ctx *c, int argc, char **argv)
{
	struct xf_table t;
	struct xf_err e;
	sqlite3_stmt *st;
	char q[XF_TIMELEN], nx[XF_TIMELEN], sn[XF_TIMELEN], buf[128];
	const char *vals[nitems(list_cols)];
	int rc, i;

	options(c, argc, argv, "d:o:");
	if (optind != argc)
		usage();
	check_list("--state", c->states, states, nitems(states));
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	if (xf_store_prepare(&c->store, "SELECT c.ref, o.id, o.state, o.kind,"
	    " o.channel, o.recipient, o.attempts, o.queued_at,"
	    " CASE WHEN o.state = 'queued' THEN o.next_at END, o.sent_at,"
	    " o.last_error FROM outbox o JOIN complaint c"
	    " ON c.id = o.complaint_id WHERE ?1 IS NULL OR"
	    " instr(',' || ?1 || ',', ',' || o.state || ',') > 0"
	    " ORDER BY o.id", &st, &e) == -1)
		cmd_die(&c->store, &e);
	xf_bind_opt(st, 1, c->states != NULL ? lower(buf, c->states,
	    sizeof(buf)) : NULL);
	cmd_table_start(&t, c->fmt, list_cols, nitems(list_cols));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < (int)nitems(list_cols); i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		vals[7] = when(st, 7, q);
		vals[8] = when(st, 8, nx);
		vals[9] = when(st, 9, sn);
		cmd_table_row(&t, vals, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		xf_store_fail(&c->store, "reading the outbox", &e);
		cmd_die(&c->store, &e);
	}
	cmd_table_end(&t);
	return 0;
}

static const struct verb {
	const char	*name;
	int		(*run)(struct ctx *, int, char **);
} verbs[] = {
	{ "send", verb_send },
	{ "rows", verb_rows },
	{ "confirm", verb_confirm },
	{ "list", verb_list },
};

int
main(int argc, char **argv)
{
	struct ctx c = {
		.fmt = XF_FMT_TSV, .timeout = TIMEOUT_S, .lease = LEASE_S,
		.attempts = ATTEMPTS_MAX,
	};
	char host[256];
	size_t i;
	int rc;

	cmd_start(argc, argv);
	/* A sendmail that exits before it reads everything is told by its
	 * status (xf_spawn_feed), not by this process's death. */
	signal(SIGPIPE, SIG_IGN);
	options(&c, argc, argv, "+d:no:");
	argc -= optind;
	argv += optind;
	cmd_actor(c.actor, sizeof(c.actor));
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(c.who, sizeof(c.who), "%s:%ld", host, (long)getpid());
	if (argc == 0)
		rc = verb_send(&c, 0, argv);
	else {
		i = CMD_VERB(NULL, argv[0], verbs);
		rc = verbs[i].run(&c, argc, argv);
	}
	xf_store_close(&c.store);
	cmd_flush();
	return rc;
}
