/*
 * xf-status: what state complaints are in.  One command with verbs (like
 * git) because every verb reads or moves the same state machine:
 *
 *	xf-status list [filters]	complaints as a TSV stream
 *	xf-status show REF...		one complaint in full, with history
 *	xf-status accept REF...		a move of the lifecycle (lifecycle.c)
 *	xf-status overdue		deadlines missed or near (overdue.c)
 *	xf-status escalate		overdue complaints to the team lead
 *	xf-status verify		the file is sound, the event chain intact
 *
 * Verbs that take refs read them from stdin when none are given, so any
 * xf command's output can be piped in.  overdue prints nothing at all,
 * not even a header, when nothing is late, and exits 1 like grep: cron
 * mails only when there is something to say.
 */
#include <ctype.h>
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define LIST_SEP	","

struct ctx {
	const char	*dbopt;
	const char	*policy, *calendar;	/* -P, -C */
	enum xf_fmt	 fmt;
	int		 fmt_set;
	struct xf_store	 store;
	struct xf_sla	 sla;		/* loaded by need_sla() */
	int		 sla_loaded;
	int		 failed;
	int		 tempfail;	/* the store failed, not an item: 75 */
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: xf-status [-d store] [-o format] list [-A] [-c channel] "
	    "[-l limit] [-q text]\n"
	    "                 [-s status] [--assignee login] [--team team] "
	    "[--category category]\n"
	    "                 [--priority P1-P4] [--flag flag] [--since time] "
	    "[--until time]\n"
	    "                 [--updated-since time] [--updated-until time]\n"
	    "       xf-status [-d store] [-o format] show | history [ref ...]\n"
	    "       xf-status [-d store] show --raw ref\n"
	    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
	    "accept | resume\n"
	    "                 [ref ...]\n"
	    "       xf-status [-d store] [-o format] start | close [ref ...]\n"
	    "       xf-status [-d store] [-o format] reject | wait | resolve | "
	    "reopen | note\n"
	    "                 -m text [ref ...]\n"
	    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
	    "extend --days n\n"
	    "                 --approver login -m text [ref ...]\n"
	    "       xf-status [-d store] [-o format] review --approve | --deny "
	    "-m text [ref ...]\n"
	    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
	    "overdue [-nq]\n"
	    "                 [-t team] [-u login] [--escalate] "
	    "[--within span]\n"
	    "       xf-status [-d store] [-o format] [-C calendar] [-P policy] "
	    "escalate [-n]\n"
	    "                 [-t team] [-u login]\n"
	    "       xf-status [-d store] verify\n");
	exit(2);
}

/* --- shared pieces ------------------------------------------------- */

/* Opened once, at the first ref where refs come from a pipe. */
static void
open_store(struct ctx *c)
{
	struct xf_err e;

	if (c->store.db != NULL)
		return;
	if (xf_store_open(&c->store, xf_store_path(c->dbopt), XF_OPEN_READ,
	    &e) == -1)
		cmd_store_fatal(&c->store, &e);
}

/* The policy and calendar, read once, by the verbs that count time. */
static const struct xf_sla *
need_sla(struct ctx *c)
{
	struct xf_err e;

	if (!c->sla_loaded) {
		if (xf_sla_load(&c->sla, c->policy, c->calendar, &e) == -1)
			errx(1, "%s", e.msg);
		c->sla_loaded = 1;
	}
	return &c->sla;
}

/* Column i of a row as text: times in ISO 8601, NULL as NULL. */
static const char *
cell(sqlite3_stmt *st, int i, int is_time, char *tbuf, size_t tlen)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	if (is_time) {
		xf_time_format(sqlite3_column_int64(st, i), tbuf, tlen);
		return tbuf;
	}
	return (const char *)sqlite3_column_text(st, i);
}

static int
is_time_column(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && strcmp(name + n - 3, "_at") == 0) ||
	    strcmp(name, "due") == 0 || strcmp(name, "ack_due") == 0 ||
	    strcmp(name, "paused_since") == 0;
}

/* Every row of st through the table formatter to stdout. */
static int
emit_rows(struct ctx *c, sqlite3_stmt *st, long *count)
{
	struct xf_table t;
	const char **cols, **vals;
	char (*tb)[XF_TIMELEN];
	int n = sqlite3_column_count(st), i, rc;

	cols = calloc((size_t)n, sizeof(*cols));
	vals = calloc((size_t)n, sizeof(*vals));
	tb = calloc((size_t)n, sizeof(*tb));
	if (cols == NULL || vals == NULL || tb == NULL)
		errx(1, "out of memory");
	for (i = 0; i < n; i++)
		cols[i] = sqlite3_column_name(st, i);
	cmd_table_start(&t, c->fmt, cols, (size_t)n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			vals[i] = cell(st, i, is_time_column(cols[i]), tb[i],
			    XF_TIMELEN);
		cmd_table_row(&t, vals, 0);
		(*count)++;
	}
	cmd_table_end(&t);
	free(cols);
	free(vals);
	free(tb);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t
time_arg(const char *opt, const char *arg)
{
	int64_t t;

	if (xf_time_parse(arg, &t) == -1)
		errx(2, "%s %s: unrecognised time", opt, arg);
	return t;
}

/* A comma list whose every item passes valid(); exits 2 otherwise. */
static const char *
list_arg(const char *opt, const char *arg, int (*valid)(const char *))
{
	char *copy, *p, *item;

	if ((copy = strdup(arg)) == NULL)
		errx(1, "out of memory");
	for (p = copy; (item = strsep(&p, LIST_SEP)) != NULL;)
		if (!valid(item))
			errx(2, "%s: unknown value '%s'", opt, item);
	free(copy);
	return arg;
}

/* --- list ---------------------------------------------------------- */

#define LIST_SELECT \
    "SELECT ref, received_at, status, channel, priority, category," \
    " team, assignee, complainant, subject FROM complaint" \
    " WHERE (?1 IS NULL OR instr(',' || ?1 || ',', ',' || status || ',') > 0)" \
    " AND (?1 IS NOT NULL OR ?2 OR " XF_OPEN_SQL ")" \
    " AND (?3 IS NULL OR instr(',' || ?3 || ',', ',' || channel || ',') > 0)" \
    " AND (?4 IS NULL OR received_at >= ?4)" \
    " AND (?5 IS NULL OR received_at < ?5)" \
    " AND (?7 IS NULL OR assignee = ?7)" \
    " AND (?8 IS NULL OR team = ?8)" \
    " AND (?9 IS NULL OR category = ?9)" \
    " AND (?10 IS NULL OR instr(',' || ?10 || ',', ',' || priority || ',') > 0)" \
    " AND (?11 IS NULL OR instr(',' || flags || ',', ',' || ?11 || ',') > 0)" \
    " AND (?12 IS NULL OR updated_at >= ?12)" \
    " AND (?13 IS NULL OR updated_at < ?13)"
#define LIST_ORDER " ORDER BY received_at, id LIMIT ?6"

static const char LIST_SQL[] = LIST_SELECT LIST_ORDER;
/* With -q: the search index narrows the rows first. */
static const char LIST_SEARCH_SQL[] = LIST_SELECT
    " AND id IN (SELECT rowid FROM complaint_fts"
    " WHERE complaint_fts MATCH ?14)" LIST_ORDER;

enum {
	OPT_SINCE = 256, OPT_UNTIL, OPT_ASSIGNEE, OPT_TEAM, OPT_CATEGORY,
	OPT_PRIORITY, OPT_FLAG, OPT_USINCE, OPT_UUNTIL
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
	{ NULL, 0, NULL, 0 },
};

struct list_filter {
	const char	*status, *channel, *assignee, *team, *category;
	const char	*priority, *flag, *query;
	int		 all;
	int64_t		 since, until, usince, uuntil;
	int		 has_since, has_until, has_usince, has_uuntil;
	long		 limit;
};

static int
priority_valid(const char *p)
{
	return strlen(p) == 2 && p[0] == 'P' && p[1] >= '1' && p[1] <= '4';
}

static int
flag_valid(const char *f)
{
	static const char *const flags[] = {
		"privacy", "legal", "media", "collective", "repeat", "vip",
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(f, flags[i]) == 0)
			return 1;
	return 0;
}

static void common_opt(struct ctx *, int, const char *);

static void
list_options(struct ctx *c, struct list_filter *f, int argc, char **argv)
{
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, "Ac:d:l:o:q:s:", list_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			f->all = 1;
			break;
		case 'c':
			f->channel = list_arg("-c", optarg, xf_channel_valid);
			break;
		case 'l':
			f->limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || f->limit < 0)
				errx(2, "-l %s: want a count", optarg);
			break;
		case 's':
			f->status = list_arg("-s", optarg, xf_status_valid);
			break;
		case OPT_SINCE:
			f->since = time_arg("--since", optarg);
			f->has_since = 1;
			break;
		case OPT_UNTIL:
			f->until = time_arg("--until", optarg);
			f->has_until = 1;
			break;
		case OPT_USINCE:
			f->usince = time_arg("--updated-since", optarg);
			f->has_usince = 1;
			break;
		case OPT_UUNTIL:
			f->uuntil = time_arg("--updated-until", optarg);
			f->has_uuntil = 1;
			break;
		case OPT_ASSIGNEE:
			f->assignee = optarg;
			break;
		case OPT_TEAM:
			f->team = optarg;
			break;
		case OPT_CATEGORY:
			f->category = optarg;
			break;
		case OPT_PRIORITY:
			f->priority = list_arg("--priority", optarg,
			    priority_valid);
			break;
		case OPT_FLAG:
			if (!flag_valid(optarg))
				errx(2, "--flag: unknown flag '%s'", optarg);
			f->flag = optarg;
			break;
		case 'q':
			f->query = optarg;
			break;
		default:
			common_opt(c, ch, optarg);
		}
	}
	if (optind != argc)
		usage();
}

static void
bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
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
		errx(1, "%s", e.msg);	/* it names the store */
}

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	struct list_filter f = { .limit = -1 };
	struct xf_buf match = { 0 };
	sqlite3_stmt *st;
	struct xf_err e;
	long count = 0;

	list_options(c, &f, argc, argv);
	open_store(c);
	if (f.query != NULL)
		search_prepare(c, f.query, &match);
	if (xf_store_prepare(&c->store, f.query ? LIST_SEARCH_SQL : LIST_SQL,
	    &st, &e) == -1)
		errx(1, "%s", e.msg);
	bind_opt_text(st, 1, f.status);
	sqlite3_bind_int(st, 2, f.all);
	bind_opt_text(st, 3, f.channel);
	if (f.has_since)
		sqlite3_bind_int64(st, 4, f.since);
	if (f.has_until)
		sqlite3_bind_int64(st, 5, f.until);
	sqlite3_bind_int64(st, 6, f.limit);
	bind_opt_text(st, 7, f.assignee);
	bind_opt_text(st, 8, f.team);
	bind_opt_text(st, 9, f.category);
	bind_opt_text(st, 10, f.priority);
	bind_opt_text(st, 11, f.flag);
	if (f.has_usince)
		sqlite3_bind_int64(st, 12, f.usince);
	if (f.has_uuntil)
		sqlite3_bind_int64(st, 13, f.uuntil);
	if (f.query != NULL)
		sqlite3_bind_text(st, 14, match.p, -1, SQLITE_STATIC);
	if (emit_rows(c, st, &count) == -1) {
		xf_store_fail(&c->store, "listing", &e);
		errx(1, "%s", e.msg);
	}
	sqlite3_finalize(st);
	xf_buf_free(&match);
	return 0;
}

/* --- show ---------------------------------------------------------- */

static const char SHOW_SQL[] =
    "SELECT c.ref, c.status, c.received_at, c.registered_at, c.updated_at,"
    " c.channel, c.kind, c.complainant, c.contact, c.subject, c.category,"
    " c.priority, c.flags, c.team, c.assignee, c.ack_due, c.due,"
    " c.accepted_at, c.first_response_at, c.resolved_at, c.closed_at,"
    " c.paused_since, c.paused_seconds, c.reopen_count, c.source, c.ext_id,"
    " p.ref AS parent, c.extra, c.body, c.id"
    " FROM complaint c LEFT JOIN complaint p ON p.id = c.parent_id"
    " WHERE c.ref = ?1 OR c.id = ?2";

static const char HISTORY_SQL[] =
    "SELECT at, actor, kind, field, old, new, reason FROM event"
    " WHERE complaint_id = ? ORDER BY id";

enum { EVENT_COLS = 7 };

/* Whether an event's old and new values are times (stored as epochs). */
static int
is_time_field(const char *field)
{
	return field != NULL && is_time_column(field);
}

/*
 * One history row as text: the time, and a deadline's old and new
 * values, in ISO 8601 local time like every other time xf prints.
 */
static void
event_row(sqlite3_stmt *st, const char *vals[EVENT_COLS],
    char tb[3][XF_TIMELEN])
{
	int i, times;

	vals[0] = cell(st, 0, 1, tb[0], XF_TIMELEN);
	for (i = 1; i < EVENT_COLS; i++)
		vals[i] = cell(st, i, 0, NULL, 0);
	/* An escalation's old and new are levels of that deadline. */
	times = is_time_field(vals[3]) &&
	    (vals[2] == NULL || strcmp(vals[2], "escalate") != 0);
	for (i = 4; i <= 5 && times; i++)
		if (vals[i] != NULL)
			vals[i] = cell(st, i, 1, tb[i - 3], XF_TIMELEN);
}

/*
 * Appends s as one line with nothing a terminal would obey (xf.7): a
 * complainant's subject must not clear the screen or forge the next
 * field.
 */
static void
add_oneline(struct xf_buf *b, const char *s)
{
	if (xf_safe_text(b, s, strlen(s), XF_SAFE_LINE) == -1)
		errx(1, "out of memory");
}

/* Show columns printed as a text block rather than a one-line value. */
static int
is_block(const char *name)
{
	return strcmp(name, "body") == 0;
}

/*
 * s made safe for a terminal, with every line, the first too, after
 * indent: a line of a body can never pass for a field or an event.
 */
static void
indent_text(struct xf_buf *b, const char *s, const char *indent)
{
	struct xf_buf safe = { 0 };

	if (xf_safe_text(&safe, s, strlen(s), XF_SAFE_BLOCK) == -1)
		errx(1, "out of memory");
	xf_buf_adds(b, indent);
	for (s = safe.p; *s != '\0'; s++) {
		xf_buf_addc(b, *s);
		if (*s == '\n' && s[1] != '\0')
			xf_buf_adds(b, indent);
	}
	xf_buf_addc(b, '\n');
	xf_buf_free(&safe);
}

static void
record_text(sqlite3_stmt *st, int ncol, struct xf_buf *b)
{
	char tb[XF_TIMELEN];
	const char *name, *v;
	int i;

	for (i = 0; i < ncol; i++) {
		name = sqlite3_column_name(st, i);
		v = cell(st, i, is_time_column(name), tb, sizeof(tb));
		if (v == NULL || *v == '\0' || strcmp(name, "id") == 0)
			continue;
		if (is_block(name)) {
			xf_buf_printf(b, "%s:\n", name);
			indent_text(b, v, "    ");
		} else {
			xf_buf_printf(b, "%-18s ", name);
			add_oneline(b, v);
			xf_buf_addc(b, '\n');
		}
	}
}

static void
history_text(struct ctx *c, int64_t id, struct xf_buf *b)
{
	static const char *const sep[EVENT_COLS] = {
		"    ", "  ", "  ", "  ", " ", " -> ", "  # ",
	};
	sqlite3_stmt *st;
	struct xf_err e;
	char tb[3][XF_TIMELEN];
	const char *vals[EVENT_COLS];
	int i;

	if (xf_store_prepare(&c->store, HISTORY_SQL, &st, &e) == -1)
		errx(1, "%s", e.msg);
	sqlite3_bind_int64(st, 1, id);
	xf_buf_adds(b, "history:\n");
	while (sqlite3_step(st) == SQLITE_ROW) {
		event_row(st, vals, tb);
		for (i = 0; i < EVENT_COLS; i++) {
			/* "old -> new" only for a change of a field */
			if (vals[i] == NULL && (i != 5 || vals[3] == NULL))
				continue;
			xf_buf_adds(b, sep[i]);
			add_oneline(b, vals[i] ? vals[i] : "");
		}
		xf_buf_addc(b, '\n');
	}
	sqlite3_finalize(st);
}

static const char MESSAGES_SQL[] =
    "SELECT m.at, m.direction, m.sender, m.subject, m.body,"
    " (SELECT group_concat(coalesce(a.name, '(unnamed)') || ' ' || a.type"
    "  || ' ' || a.size, '; ') FROM attachment a WHERE a.message_id = m.id)"
    " FROM message m WHERE m.complaint_id = ? ORDER BY m.id";

/* The e-mails of a complaint, each with its text indented below it. */
static void
messages_text(struct ctx *c, int64_t id, struct xf_buf *b)
{
	sqlite3_stmt *st;
	struct xf_err e;
	char tb[XF_TIMELEN];
	const char *v;
	int n = 0, i;

	if (xf_store_prepare(&c->store, MESSAGES_SQL, &st, &e) == -1)
		errx(1, "%s", e.msg);
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == 0)
			xf_buf_adds(b, "messages:\n");
		xf_buf_printf(b, "    %s", cell(st, 0, 1, tb, sizeof(tb)));
		for (i = 1; i <= 3; i++)
			if ((v = cell(st, i, 0, NULL, 0)) != NULL) {
				xf_buf_adds(b, "  ");
				add_oneline(b, v);
			}
		xf_buf_addc(b, '\n');
		if ((v = cell(st, 5, 0, NULL, 0)) != NULL) {
			xf_buf_adds(b, "      attachments: ");
			add_oneline(b, v);
			xf_buf_addc(b, '\n');
		}
		if ((v = cell(st, 4, 0, NULL, 0)) != NULL && *v != '\0')
			indent_text(b, v, "        ");
	}
	sqlite3_finalize(st);
}

static void
history_json(struct ctx *c, int64_t id, struct xf_buf *b)
{
	sqlite3_stmt *st;
	struct xf_err e;
	struct xf_table t;
	const char *cols[EVENT_COLS], *vals[EVENT_COLS];
	char tb[3][XF_TIMELEN];
	int i, first = 1;

	if (xf_store_prepare(&c->store, HISTORY_SQL, &st, &e) == -1)
		errx(1, "%s", e.msg);
	sqlite3_bind_int64(st, 1, id);
	for (i = 0; i < EVENT_COLS; i++)
		cols[i] = sqlite3_column_name(st, i);
	xf_table_begin(&t, XF_FMT_JSON, cols, EVENT_COLS);
	xf_buf_adds(b, ",\"history\":[");
	while (sqlite3_step(st) == SQLITE_ROW) {
		event_row(st, vals, tb);
		xf_buf_reset(&t.out);
		xf_table_row(&t, vals);
		if (!first)
			xf_buf_addc(b, ',');
		first = 0;
		xf_buf_add(b, t.out.p, t.out.len - 1);	/* no newline */
	}
	xf_buf_adds(b, "]}\n");
	xf_table_free(&t);
	sqlite3_finalize(st);
}

static void
record_json(sqlite3_stmt *st, int ncol, struct xf_buf *b)
{
	struct xf_table t;
	const char *cols[64], *vals[64];
	char tb[64][XF_TIMELEN];
	int i;

	for (i = 0; i < ncol && i < 64; i++) {
		cols[i] = sqlite3_column_name(st, i);
		vals[i] = cell(st, i, is_time_column(cols[i]), tb[i],
		    XF_TIMELEN);
	}
	xf_table_begin(&t, XF_FMT_JSON, cols, (size_t)i);
	xf_table_row(&t, vals);
	xf_buf_add(b, t.out.p, t.out.len - 2);	/* without "}\n" */
	xf_table_free(&t);
}

/* -o tsv|csv: one row a complaint, header first, for the next command. */
static void
record_row(struct ctx *c, sqlite3_stmt *st, int ncol, struct xf_buf *b)
{
	static int header_done;
	struct xf_table t;
	const char *cols[64], *vals[64];
	char tb[64][XF_TIMELEN];
	int i;

	for (i = 0; i < ncol && i < 64; i++) {
		cols[i] = sqlite3_column_name(st, i);
		vals[i] = cell(st, i, is_time_column(cols[i]), tb[i],
		    XF_TIMELEN);
	}
	xf_table_begin(&t, c->fmt, cols, (size_t)i);
	if (header_done)
		xf_buf_reset(&t.out);
	header_done = 1;
	xf_table_row(&t, vals);
	xf_buf_add(b, t.out.p, t.out.len);
	xf_table_free(&t);
}

static int
show_one(struct ctx *c, sqlite3_stmt *st, const char *ref)
{
	struct xf_buf b = { 0 };
	char up[XF_REFLEN];
	int64_t id;
	size_t i;
	int ncol = sqlite3_column_count(st) - 1;	/* id is internal */

	if (strlen(ref) >= sizeof(up)) {	/* no ref is that long */
		warnx("%.40s...: no such complaint", ref);
		return -1;
	}
	for (i = 0; ref[i] != '\0'; i++)
		up[i] = (char)toupper((unsigned char)ref[i]);
	up[i] = '\0';
	sqlite3_bind_text(st, 1, up, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, strncmp(up, "XF-", 3) == 0 ? -1 :
	    xf_ref_id(up));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		warnx("%s: no such complaint", ref);
		return -1;
	}
	id = sqlite3_column_int64(st, ncol);
	if (c->fmt == XF_FMT_JSON) {
		record_json(st, ncol, &b);
		history_json(c, id, &b);
	} else if (c->fmt_set && c->fmt != XF_FMT_TABLE) {
		record_row(c, st, ncol, &b);
	} else {
		record_text(st, ncol, &b);
		messages_text(c, id, &b);
		history_text(c, id, &b);
		xf_buf_addc(&b, '\n');
	}
	sqlite3_reset(st);
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
show_ref(struct ctx *c, sqlite3_stmt **st, const char *ref)
{
	struct xf_err e;

	if (*st == NULL) {
		open_store(c);
		if (xf_store_prepare(&c->store, SHOW_SQL, st, &e) == -1)
			errx(1, "%s", e.msg);
	}
	if (show_one(c, *st, ref) == -1)
		c->failed = 1;
}

/* --raw: the e-mail that opened the complaint, byte for byte. */
static int
show_raw(struct ctx *c, int argc, char **argv)
{
	struct xf_buf raw = { 0 };
	struct xf_err e;
	char canon[XF_REFLEN];
	int64_t id;

	if (argc != 1)
		errx(2, "show --raw takes exactly one ref");
	open_store(c);
	if (xf_complaint_id(&c->store, argv[0], &id, canon, &e) == -1)
		errx(1, "%s", e.msg);
	if (id == 0)
		errx(1, "%s: no such complaint", argv[0]);
	if (xf_message_raw(&c->store, id, &raw, &e) == -1)
		errx(1, "%s: %s", canon, e.msg);
	cmd_put(&raw);
	xf_buf_free(&raw);
	return 0;
}

static const struct option show_opts[] = {
	{ "raw", no_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_show(struct ctx *c, int argc, char **argv)
{
	sqlite3_stmt *st = NULL;
	struct xf_refs *in = NULL;
	char ref[XF_REFLEN];
	int ch, i, raw = 0;

	while ((ch = getopt_long(argc, argv, "d:o:r", show_opts, NULL)) != -1) {
		if (ch == 'r')
			raw = 1;
		else
			common_opt(c, ch, optarg);
	}
	argc -= optind;
	argv += optind;
	if (raw)
		return show_raw(c, argc, argv);
	for (i = 0; i < argc; i++)
		show_ref(c, &st, argv[i]);
	while (argc == 0 && cmd_stdin_ref(&in, ref, &c->failed) == 1)
		show_ref(c, &st, ref);
	xf_refs_close(in);
	sqlite3_finalize(st);
	return 0;
}

/* --- moves: accept, reject, start, wait, resume, resolve, close ... --- */

static const char *const move_cols[] = { "ref", "status", "was" };

struct refs {
	int		  argc;
	char		**argv;
	int		  i;
	struct xf_refs	 *in;		/* stdin, when there are no operands */
};

/* The next ref: from the operands, or from stdin when there are none. */
static int
next_ref(struct ctx *c, struct refs *r, char ref[XF_REFLEN])
{
	int rc;

	while (r->argc > 0) {
		if (r->i >= r->argc)
			return 0;
		if (strlen(r->argv[r->i]) < XF_REFLEN) {
			snprintf(ref, XF_REFLEN, "%s", r->argv[r->i++]);
			return 1;
		}
		/* Not cut down to some other complaint's ref. */
		warnx("%.40s...: no such complaint", r->argv[r->i++]);
		c->failed = 1;
	}
	if ((rc = cmd_stdin_ref(&r->in, ref, &c->failed)) == 0) {
		xf_refs_close(r->in);
		r->in = NULL;
	}
	return rc;
}

/* One line a complaint moved, at once: the next command may act on it. */
static void
moved(struct xf_table *t, const struct xf_change *ch)
{
	const char *vals[3] = { ch->ref, ch->new, ch->old };

	cmd_table_row(t, vals, 1);
}

static void
prepare_change(struct xf_change *ch, const char *reason, char *actor,
    size_t len)
{
	struct xf_err e;

	memset(ch, 0, sizeof(*ch));
	if (xf_now(&ch->now, &e) == -1)
		errx(2, "%s", e.msg);
	ch->actor = xf_actor(actor, len);
	ch->reason = reason;
	if (reason != NULL && !xf_utf8_valid(reason, strlen(reason)))
		errx(2, "-m: the text is not valid UTF-8");
	if (!xf_utf8_valid(actor, strlen(actor)))
		errx(2, "XF_ACTOR is not valid UTF-8");
}

/* One change to one complaint, in its own transaction (lib does it). */
typedef int (*change_fn)(struct xf_store *s, const char *ref,
    struct xf_change *ch, const void *arg, struct xf_err *err);

/*
 * Applies fn to every ref, printing a row for each one changed.  A
 * failure is reported and the next ref tried, except a failure of the
 * store itself (busy, damaged, full): the others would only fail the
 * same way.
 */
static void
change_each(struct ctx *c, struct refs *r, const char *reason,
    const struct xf_sla *sla, change_fn fn, const void *arg)
{
	struct xf_change ch;
	struct xf_table t;
	struct xf_err e;
	char ref[XF_REFLEN], actor[XF_ACTOR_MAX];

	prepare_change(&ch, reason, actor, sizeof(actor));	/* checks */
	cmd_table_start(&t, c->fmt, move_cols, 3);
	while (next_ref(c, r, ref) == 1) {
		open_store(c);
		prepare_change(&ch, reason, actor, sizeof(actor));
		ch.sla = sla;
		if (fn(&c->store, ref, &ch, arg, &e) == -1) {
			warnx("%s", e.msg);
			c->failed = 1;
			if (xf_store_down(&c->store)) {
				c->tempfail = 1;
				break;
			}
			continue;
		}
		moved(&t, &ch);
	}
	xf_refs_close(r->in);	/* left open by a busy store */
	r->in = NULL;
	cmd_table_end(&t);
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

static int
cmd_move(struct ctx *c, int argc, char **argv)
{
	const struct xf_move *m = xf_move_find(argv[0]);
	struct refs r = { 0 };
	const char *reason = NULL;
	const struct xf_sla *sla = NULL;
	int ch_opt;

	while ((ch_opt = getopt(argc, argv, "C:d:m:o:P:")) != -1) {
		if (ch_opt == 'm')
			reason = optarg;
		else
			common_opt(c, ch_opt, optarg);
	}
	if (xf_move_needs_reason(m) && (reason == NULL || *reason == '\0'))
		errx(2, "%s needs a reason: -m text", argv[0]);
	/* Acceptance starts the resolve clock, a resume moves it on. */
	if (strcmp(argv[0], "accept") == 0 || strcmp(argv[0], "resume") == 0)
		sla = need_sla(c);
	r.argc = argc - optind;
	r.argv = argv + optind;
	change_each(c, &r, reason, sla, apply_move, m);
	return 0;
}

enum { OPT_DAYS = 300, OPT_APPROVER };

static const struct option extend_opts[] = {
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "approver", required_argument, NULL, OPT_APPROVER },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_extend(struct ctx *c, int argc, char **argv)
{
	struct refs r = { 0 };
	struct extension x;
	char *end;
	const char *reason = NULL, *approver = NULL;
	long days = 0;
	int o, have_days = 0;

	while ((o = getopt_long(argc, argv, "C:d:m:o:P:", extend_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
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
	if (reason == NULL || *reason == '\0' || approver == NULL ||
	    *approver == '\0' || !have_days)
		errx(2, "extend needs --days N, -m reason and --approver login");
	/* Checked here, where the number is still what was typed. */
	if (days < 1 || days > XF_EXTEND_MAX_DAYS)
		errx(2, "--days %ld: an extension is 1 to %d days", days,
		    XF_EXTEND_MAX_DAYS);
	if (!xf_utf8_valid(approver, strlen(approver)))
		errx(2, "--approver: not valid UTF-8");
	r.argc = argc - optind;
	r.argv = argv + optind;
	x.days = (int)days;
	x.approver = approver;
	change_each(c, &r, reason, need_sla(c), apply_extend, &x);
	return 0;
}

enum { OPT_APPROVE = 320, OPT_DENY };

static const struct option review_opts[] = {
	{ "approve", no_argument, NULL, OPT_APPROVE },
	{ "deny", no_argument, NULL, OPT_DENY },
	{ NULL, 0, NULL, 0 },
};

/* review --approve|--deny -m text: the legal review of DESIGN §6. */
static int
cmd_review(struct ctx *c, int argc, char **argv)
{
	struct refs r = { 0 };
	const char *reason = NULL;
	int o, verdict = -1;

	while ((o = getopt_long(argc, argv, "d:m:o:", review_opts,
	    NULL)) != -1) {
		if (o == 'm')
			reason = optarg;
		else if (o == OPT_APPROVE || o == OPT_DENY)
			verdict = o == OPT_APPROVE;
		else
			common_opt(c, o, optarg);
	}
	if (verdict == -1 || reason == NULL || *reason == '\0')
		errx(2, "review needs --approve or --deny, and -m reason");
	r.argc = argc - optind;
	r.argv = argv + optind;
	change_each(c, &r, reason, NULL, apply_review, &verdict);
	return 0;
}

/* --- overdue and escalate ------------------------------------------- */

enum { OPT_WITHIN = 340, OPT_ESCALATE };

static const struct option overdue_longopts[] = {
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ "escalate", no_argument, NULL, OPT_ESCALATE },
	{ NULL, 0, NULL, 0 },
};
static const struct option no_longopts[] = {
	{ NULL, 0, NULL, 0 },
};

struct overdue_opts {
	const char	*team, *assignee;
	int64_t		 within;	/* seconds; a day is 24 hours here */
	int		 quiet, escalate, dry;
};

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
		default:
			common_opt(c, ch, optarg);
		}
	}
	if (optind != argc)
		usage();
}

static int64_t
now_or_exit(void)
{
	struct xf_err e;
	int64_t now;

	if (xf_now(&now, &e) == -1)
		errx(2, "%s", e.msg);
	return now;
}

static void
scan(struct ctx *c, const struct overdue_opts *o, int64_t now,
    struct xf_overdue_list *l)
{
	struct xf_overdue_query q = {
		.now = now, .within = o->within, .team = o->team,
		.assignee = o->assignee,
	};
	const struct xf_sla *sla = need_sla(c);
	struct xf_err e;

	open_store(c);
	if (xf_overdue_scan(&c->store, sla, &q, l, &e) == -1)
		errx(1, "%s", e.msg);
	/* Not an error of this run, but nobody would see them otherwise. */
	if (l->norule > 0)
		warnx("%zu open complaint%s without a deadline, and no rule of "
		    "%s gives %s one: not checked", l->norule,
		    l->norule == 1 ? "" : "s", sla->policy.path,
		    l->norule == 1 ? "it" : "them");
}

/*
 * Escalates every entry already late (not those only due soon), each in
 * its own transaction; esc[i] tells what became of l->v[i].  A missing
 * team lead is reported but its level stays recorded, so the next run
 * does not report it again.  Past NOLEAD_WARN_MAX of them a count is
 * enough: a store with no leads yet would otherwise mail one line for
 * every complaint it has.
 */
#define NOLEAD_WARN_MAX	10

static void
escalate_all(struct ctx *c, const struct xf_overdue_list *l, int64_t now,
    int dry, struct xf_escalation *esc)
{
	const struct xf_overdue *o;
	struct xf_err e;
	char actor[XF_ACTOR_MAX];
	size_t i, nolead = 0;

	xf_actor(actor, sizeof(actor));
	if (!xf_utf8_valid(actor, strlen(actor)))
		errx(2, "XF_ACTOR is not valid UTF-8");
	for (i = 0; i < l->n; i++) {
		o = &l->v[i];
		if (o->due >= now)
			continue;
		if (xf_escalate(&c->store, &c->sla, o, now, actor, dry, &esc[i],
		    &e) == -1) {
			warnx("%s: %s", o->ref, e.msg);
			c->failed = 1;
			if (xf_store_down(&c->store)) {
				c->tempfail = 1;
				break;
			}
			continue;
		}
		if (esc[i].made && esc[i].lead[0] == '\0' &&
		    nolead++ < NOLEAD_WARN_MAX)
			warnx("%s: no team lead%s%s to escalate to; level %d "
			    "%s", o->ref, o->team ? " of team " : "",
			    o->team ? o->team : "", esc[i].to,
			    dry ? "not recorded (-n)" : "recorded");
	}
	if (nolead > NOLEAD_WARN_MAX)
		warnx("and %zu more with no team lead to escalate to",
		    nolead - NOLEAD_WARN_MAX);
	if (nolead > 0)
		c->failed = 1;
}

static const char *const overdue_cols[] = {
	"ref", "deadline", "due_at", "late", "priority", "status",
	"assignee", "team", "escalated", "to",
};
enum { OVERDUE_NCOL = 8, OVERDUE_NCOL_ESC = 10 };

static void
print_overdue(struct ctx *c, const struct xf_overdue_list *l,
    const struct xf_escalation *esc)
{
	const struct xf_overdue *o;
	struct xf_table t;
	const char *vals[OVERDUE_NCOL_ESC];
	char due[XF_TIMELEN], late[48], level[16];
	size_t i, ncol = esc ? OVERDUE_NCOL_ESC : OVERDUE_NCOL;

	cmd_table_start(&t, c->fmt, overdue_cols, ncol);
	for (i = 0; i < l->n; i++) {
		o = &l->v[i];
		xf_time_format(o->due, due, sizeof(due));
		xf_late_format(&c->sla, o->clock, o->late, late,
		    sizeof(late));
		vals[0] = o->ref;
		vals[1] = xf_deadline_name(o->which);
		vals[2] = due;
		vals[3] = late;
		vals[4] = *o->priority ? o->priority : NULL;
		vals[5] = o->status;
		vals[6] = o->assignee;
		vals[7] = o->team;
		if (esc != NULL && esc[i].made) {
			snprintf(level, sizeof(level), "%d", esc[i].to);
			vals[8] = level;
			vals[9] = *esc[i].lead ? esc[i].lead : NULL;
		} else
			vals[8] = vals[9] = NULL;
		cmd_table_row(&t, vals, 0);
	}
	cmd_table_end(&t);
}

/*
 * overdue: the deadlines missed (and, with --within, near), with how
 * late and whose.  Query-style: nothing listed is exit 1 and no output,
 * not even a header, so "xf-status overdue | mail" from cron is quiet
 * when all is well.
 */
static int
cmd_overdue(struct ctx *c, int argc, char **argv)
{
	struct overdue_opts o = { 0 };
	struct xf_overdue_list l;
	struct xf_escalation *esc = NULL;
	int64_t now;

	overdue_options(c, &o, "C:d:no:P:qt:u:", overdue_longopts, argc, argv);
	if (o.dry && !o.escalate)
		errx(2, "-n goes with --escalate");
	now = now_or_exit();
	scan(c, &o, now, &l);
	if (o.escalate && l.n > 0) {
		if ((esc = calloc(l.n, sizeof(*esc))) == NULL)
			errx(1, "out of memory");
		escalate_all(c, &l, now, o.dry, esc);
	}
	if (!o.quiet && l.n > 0)
		print_overdue(c, &l, esc);
	if (l.n == 0)
		c->failed = 1;
	free(esc);
	xf_overdue_free(&l);
	return 0;
}

static const char *const escalate_cols[] = {
	"ref", "deadline", "level", "to", "late",
};

static void
print_escalations(struct ctx *c, const struct xf_overdue_list *l,
    const struct xf_escalation *esc)
{
	struct xf_table t;
	const char *vals[5];
	char level[16], late[48];
	size_t i;
	int started = 0;

	for (i = 0; i < l->n; i++) {
		if (!esc[i].made)
			continue;
		if (!started++) {
			cmd_table_start(&t, c->fmt, escalate_cols, 5);
		}
		snprintf(level, sizeof(level), "%d", esc[i].to);
		xf_late_format(&c->sla, l->v[i].clock, esc[i].late, late,
		    sizeof(late));
		vals[0] = l->v[i].ref;
		vals[1] = xf_deadline_name(l->v[i].which);
		vals[2] = level;
		vals[3] = *esc[i].lead ? esc[i].lead : NULL;
		vals[4] = late;
		cmd_table_row(&t, vals, 0);
	}
	if (started)
		cmd_table_end(&t);
}

/* escalate: what overdue --escalate does, printing only what it did. */
static int
cmd_escalate(struct ctx *c, int argc, char **argv)
{
	struct overdue_opts o = { 0 };
	struct xf_overdue_list l;
	struct xf_escalation *esc;
	int64_t now;

	overdue_options(c, &o, "C:d:no:P:t:u:", no_longopts, argc, argv);
	now = now_or_exit();
	scan(c, &o, now, &l);
	if ((esc = calloc(l.n ? l.n : 1, sizeof(*esc))) == NULL)
		errx(1, "out of memory");
	escalate_all(c, &l, now, o.dry, esc);
	print_escalations(c, &l, esc);
	free(esc);
	xf_overdue_free(&l);
	return 0;
}

/* --- history and verify ---------------------------------------------- */

static const char *const history_cols[] = {
	"ref", "at", "actor", "kind", "field", "old", "new", "reason",
};

static int
cmd_history(struct ctx *c, int argc, char **argv)
{
	struct refs r = { 0 };
	struct xf_table t;
	struct xf_err e;
	sqlite3_stmt *st = NULL;
	const char *vals[EVENT_COLS + 1];
	char ref[XF_REFLEN], canon[XF_REFLEN], tb[3][XF_TIMELEN];
	int64_t id;
	int o;

	while ((o = getopt(argc, argv, "d:o:")) != -1)
		common_opt(c, o, optarg);
	r.argc = argc - optind;
	r.argv = argv + optind;
	cmd_table_start(&t, c->fmt, history_cols, 8);
	while (next_ref(c, &r, ref) == 1) {
		if (st == NULL) {
			open_store(c);
			if (xf_store_prepare(&c->store, HISTORY_SQL, &st,
			    &e) == -1)
				errx(1, "%s", e.msg);
		}
		if (xf_complaint_id(&c->store, ref, &id, canon, &e) == -1)
			errx(1, "%s", e.msg);
		if (id == 0) {
			warnx("%s: no such complaint", ref);
			c->failed = 1;
			continue;
		}
		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			vals[0] = canon;
			event_row(st, vals + 1, tb);
			cmd_table_row(&t, vals, 0);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	cmd_table_end(&t);
	return 0;
}

static int
cmd_verify(struct ctx *c, int argc, char **argv)
{
	char head[XF_SHA256_HEXLEN];
	struct xf_err e;
	int64_t count;
	int o;

	while ((o = getopt(argc, argv, "d:")) != -1)
		common_opt(c, o, optarg);
	if (optind != argc)
		usage();
	open_store(c);
	/* The chain is read from the file: first that the file holds. */
	if (xf_store_check(&c->store, &e) == -1) {
		warnx("%s", e.msg);
		c->failed = 1;
		return 0;
	}
	if (xf_event_verify(&c->store, &count, head, &e) == -1) {
		warnx("%s: %s", c->store.path, e.msg);
		c->failed = 1;
		return 0;
	}
	printf("%lld events, chain intact, head %s\n", (long long)count,
	    head);
	return 0;
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
	case 'P':
		c->policy = arg;
		break;
	case 'o':
		c->fmt = cmd_fmt(arg);
		c->fmt_set = 1;
		break;
	default:
		usage();
	}
}

static const struct verb {
	const char	*name;
	int		(*run)(struct ctx *, int, char **);
} verbs[] = {
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "history", cmd_history },
	{ "verify", cmd_verify },
	{ "overdue", cmd_overdue },
	{ "escalate", cmd_escalate },
	{ "extend", cmd_extend },
	{ "review", cmd_review },
	{ "accept", cmd_move },
	{ "reject", cmd_move },
	{ "start", cmd_move },
	{ "wait", cmd_move },
	{ "resume", cmd_move },
	{ "resolve", cmd_move },
	{ "close", cmd_move },
	{ "reopen", cmd_move },
	{ "note", cmd_move },
};

int
main(int argc, char **argv)
{
	struct ctx c = { .fmt = XF_FMT_TSV };
	size_t i;
	int ch;

	/* $XF_TZ: a cron job works in the company's zone, hours included. */
	xf_tz_setup();
	while ((ch = getopt(argc, argv, "+C:d:o:P:")) != -1)
		common_opt(&c, ch, optarg);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	i = CMD_VERB(NULL, argv[0], verbs);
	optind = 0;	/* glibc: 0 re-initialises, so options may follow refs */
	verbs[i].run(&c, argc, argv);
	if (c.store.db != NULL)
		xf_store_close(&c.store);
	if (c.sla_loaded)
		xf_sla_free(&c.sla);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	return c.tempfail ? EXIT_TEMPFAIL : c.failed;
}
