/*
 * cmd.c: the helpers of cmd.h, linked into every command.  They print
 * and exit, which is why they live here and not in lib/.
 */
#include <err.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cmd.h"

#define USAGE_PREFIX	"usage: "

const struct option cmd_std_longopts[] = {
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

void
cmd_usage(FILE *fp, const char *usage_text)
{
	fputs(usage_text, fp);
}

/* The command's own name is the usage text's first word after "usage: ",
 * whatever name it was run by (a symlink, a path). */
void
cmd_std_option(int ch, const char *usage_text)
{
	const char *name = usage_text;

	if (ch == CMD_OPT_HELP)
		cmd_usage(stdout, usage_text);
	else if (ch == CMD_OPT_VERSION) {
		if (strncmp(name, USAGE_PREFIX, strlen(USAGE_PREFIX)) == 0)
			name += strlen(USAGE_PREFIX);
		printf("%.*s (xf) %s\n", (int)strcspn(name, " \n"), name,
		    XF_VERSION);
	} else
		return;
	cmd_flush();
	exit(0);
}

void
cmd_start(int argc, char *const *argv)
{
	struct xf_err e;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "--version") == 0)
			return;
	if (xf_tz_setup(&e) == -1 || xf_date_order_check(&e) == -1)
		errx(EXIT_USAGE, "%s", e.msg);
	(void)cmd_redacting();	/* a bad XF_REDACT: exit 2 at once */
}

int64_t
cmd_time_bound(const char *opt, const char *arg, int until)
{
	struct xf_err e;
	int64_t now = cmd_now(), t;

	if (xf_time_bound(arg, until, now, &t, &e) == -1)
		errx(2, "%s %s", opt, e.msg);
	return t;
}

const char *
cmd_actor(char *buf, size_t len)
{
	xf_actor(buf, len);
	if (!xf_utf8_valid(buf, strlen(buf)))
		errx(EXIT_USAGE, "XF_ACTOR is not valid UTF-8");
	return buf;
}

void
cmd_sla_free(struct xf_sla *sla)
{
	char next[PATH_MAX];
	int year = xf_sla_beyond(sla);

	if (year > 0) {
		xf_calendar_next_file(&sla->cal, year, next, sizeof(next));
		warnx("warning: a deadline falls in %d, past %d, the last "
		    "year the calendar lists holidays for: %d's holidays "
		    "count as working days until %s is added (xf(7), "
		    "Calendar files)", year, sla->cal.last_year, year, next);
	}
	xf_sla_free(sla);
}

const char *
cmd_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < nitems(vars); i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return strncmp(v, "zh", 2) == 0 ? "zh" : "en";
	return "en";
}

int64_t
cmd_now(void)
{
	struct xf_err e;
	int64_t now;

	if (xf_now(&now, &e) == -1)
		errx(EXIT_USAGE, "%s", e.msg);
	return now;
}

static int	bom_wanted;	/* --bom, and not yet written */
static int	fmt_said = -1;	/* the last -o, or -1 */

static void
bom_check(int fmt)
{
	if (bom_wanted && fmt != -1 && fmt != XF_FMT_CSV)
		errx(EXIT_USAGE, "--bom: only with -o csv");
}

void
cmd_bom_option(void)
{
	bom_wanted = 1;
	bom_check(fmt_said);
}

void
cmd_put(const struct xf_buf *b)
{
	/* Before the first byte, however the command prints its CSV. */
	if (bom_wanted && b->len > 0) {
		bom_wanted = 0;
		if (fputs("\xef\xbb\xbf", stdout) == EOF)
			err(1, "stdout");
	}
	if (b->len > 0 && fwrite(b->p, 1, b->len, stdout) != b->len)
		err(1, "stdout");
}

void
cmd_redact_option(void)
{
	if (setenv("XF_REDACT", "1", 1) == -1)
		err(1, "setenv");
}

int
cmd_redacting(void)
{
	const char *v = getenv("XF_REDACT");

	if (v == NULL || *v == '\0' || strcmp(v, "0") == 0)
		return 0;
	if (strcmp(v, "1") != 0)
		errx(EXIT_USAGE, "XF_REDACT=%.20s: want 0 or 1", v);
	return 1;
}

const char *
cmd_safe(struct xf_buf *b, const char *s)
{
	struct xf_buf masked = { 0 };

	xf_buf_reset(b);
	if (cmd_redacting()) {
		if (xf_redact(s, strlen(s), &masked, NULL) == -1)
			errx(1, "out of memory");
		s = xf_buf_str(&masked);
	}
	if (xf_safe_text(b, s, strlen(s), XF_SAFE_TSV) == -1)
		errx(1, "out of memory");
	xf_buf_free(&masked);
	return xf_buf_str(b);
}

void
cmd_flush(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
}

enum xf_fmt
cmd_fmt(const char *arg)
{
	enum xf_fmt f;

	if (xf_fmt_parse(arg, &f) == -1)
		errx(EXIT_USAGE, "-o %s: want tsv, csv, json, jsonl, table or "
		    "xlsx", arg);
	fmt_said = (int)f;
	bom_check(fmt_said);
	/* A zip file on a terminal is noise at best; refuse before work. */
	if (f == XF_FMT_XLSX && isatty(STDOUT_FILENO))
		errx(EXIT_USAGE, "-o xlsx: a binary workbook; redirect standard "
		    "output to a file");
	return f;
}

/* --- -o xlsx: the kept rows as one worksheet -------------------------- */

enum { XLSX_WIDTH_MAX = 60 };	/* a column no wider than a table cell */

/* The columns whose values are times or days: a value there that looks
 * like one becomes a date cell; a time anywhere else (a subject that
 * says "2026-05-01 09:30") stays the text it is. */
static int
xlsx_time_col(const char *name)
{
	return xf_view_is_time(name) || strcmp(name, "at") == 0 ||
	    strcmp(name, "period") == 0 || strcmp(name, "day") == 0;
}

/*
 * "YYYY-MM-DD" (1), or "YYYY-MM-DDTHH:MM[:SS][+HH:MM|Z]" with T or a
 * space (2), as xf prints a day or a time in XF_TZ; 0 for anything else.
 * The clock shown is kept, so the sheet shows the zone the export was
 * asked in (a spreadsheet has no zones).
 */
static int
xlsx_time(const char *s, lxw_datetime *dt)
{
	int y, mo, d, h = 0, mi = 0, n = 0, k;
	double sec = 0;
	char sep;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return 0;
	if (s[n] != '\0' && (sscanf(s + n, "%c%2d:%2d%n", &sep, &h, &mi,
	    &k) != 3 || (sep != ' ' && sep != 'T') || k != 6))
		return 0;
	if (s[n] != '\0')
		n += 6;
	if (s[n] == ':' && (sscanf(s + n, ":%2lf%n", &sec, &k) != 1 ||
	    k != 3))
		return 0;
	n += s[n] == ':' ? 3 : 0;
	if (s[n] == 'Z')
		n++;
	else if ((s[n] == '+' || s[n] == '-') && strlen(s + n) == 6 &&
	    s[n + 3] == ':')
		n += 6;
	if (s[n] != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 ||
	    h > 23 || mi < 0 || mi > 59 || sec < 0 || sec >= 61)
		return 0;
	*dt = (lxw_datetime){ y, mo, d, h, mi, sec };
	return n == 10 ? 1 : 2;
}

/* A number column's value that is a plain decimal: a number cell.  Any
 * other text (an id, a ref, "0123", "+86 ...") stays a string. */
static int
xlsx_number(const char *s, double *v)
{
	const char *dot = strchr(s, '.');
	char *end;
	size_t i = s[0] == '-', n;

	/* Digits, at most one point, no leading zero: never "0x10" or
	 * "1e5", which strtod would take. */
	n = strspn(s + i, "0123456789.");
	if (n == 0 || s[i + n] != '\0' || s[i] == '.' ||
	    (dot != NULL && strchr(dot + 1, '.') != NULL) ||
	    (s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9'))
		return 0;
	*v = strtod(s, &end);
	return *end == '\0';
}

/*
 * A text cell, never a formula (write_string takes a leading '=' as
 * text).  A cell holds at most 32767 characters: a longer value (a long
 * body) is cut at a character's start and says so with "…", rather
 * than lost.
 */
static int
xlsx_text(lxw_worksheet *ws, size_t row, size_t col, const char *c,
    lxw_format *f)
{
	enum { CUT = 32000 };	/* bytes: fewer characters than the cap */
	size_t n = strlen(c);
	char *cut;
	int rc;

	if (n <= CUT)
		return worksheet_write_string(ws, row, col, c, f) ==
		    LXW_NO_ERROR ? 0 : -1;
	for (n = CUT; n > 0 && ((unsigned char)c[n] & 0xc0) == 0x80; n--)
		;
	if ((cut = malloc(n + sizeof("…"))) == NULL)
		return -1;
	memcpy(cut, c, n);
	memcpy(cut + n, "…", sizeof("…"));
	rc = worksheet_write_string(ws, row, col, cut, f) == LXW_NO_ERROR ?
	    0 : -1;
	free(cut);
	return rc;
}

static int
xlsx_sheet(lxw_workbook *wb, const struct xf_table *t, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	lxw_format *bold = workbook_add_format(wb), *when, *day;
	size_t i, col, row, w, *width = NULL;
	lxw_datetime dt;
	double v;
	int kind, rc = 0;

	when = workbook_add_format(wb);
	day = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_num_format(when, "yyyy-mm-dd hh:mm:ss");
	format_set_num_format(day, "yyyy-mm-dd");
	if (ws == NULL || bold == NULL || when == NULL || day == NULL ||
	    (width = calloc(t->ncol, sizeof(*width))) == NULL)
		return -1;
	for (i = 0; i < t->ncell && rc == 0; i++) {
		const char *c = t->cells[i];
		col = i % t->ncol;
		row = i / t->ncol;
		w = xf_utf8_width(c);
		if (row == 0)
			rc = xlsx_text(ws, 0, col, c, bold);
		else if (*c == '\0')
			continue;
		else if (xlsx_time_col(t->cols[col].name) &&
		    (kind = xlsx_time(c, &dt)) > 0) {
			worksheet_write_datetime(ws, row, col, &dt,
			    kind == 1 ? day : when);
			w = kind == 1 ? 10 : 19;
		} else if (t->cols[col].type == XF_COL_NUM &&
		    xlsx_number(c, &v))
			worksheet_write_number(ws, row, col, v, NULL);
		else
			rc = xlsx_text(ws, row, col, c, NULL);
		if (w > width[col])
			width[col] = w;
	}
	for (col = 0; col < t->ncol; col++)
		worksheet_set_column(ws, col, col, (width[col] >
		    XLSX_WIDTH_MAX ? XLSX_WIDTH_MAX : width[col]) + 2, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	free(width);
	return rc;
}

/* Copies the file at path to standard output; the name is gone before
 * the first byte is written, so a reader that stops early (SIGPIPE)
 * leaves nothing behind. */
static int
xlsx_copy(const char *path)
{
	char buf[8192];
	size_t n;
	FILE *fp = fopen(path, "rb");
	int rc = 0;

	unlink(path);
	if (fp == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			rc = -1;
	if (ferror(fp))
		rc = -1;
	fclose(fp);
	return rc;
}

/*
 * libxlsxwriter writes to a named file: one made in TMPDIR, copied to
 * standard output, removed whatever happened.  A table without rows
 * gets no sheet, and no sheet at all is no workbook: every format
 * prints nothing for nothing.
 */
void
cmd_xlsx(struct xf_table *const *tabs, const char *const *names, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	lxw_workbook *wb;
	size_t i, sheets = 0;
	int fd, rc;

	for (i = 0; i < n; i++)
		sheets += tabs[i]->ncol > 0 && tabs[i]->ncell > tabs[i]->ncol;
	if (sheets == 0)
		return;
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/xf-xlsx.XXXXXX", dir) >=
	    sizeof(path) || (fd = mkstemp(path)) == -1)
		err(1, "%s", dir);
	close(fd);
	if ((wb = workbook_new(path)) == NULL) {
		unlink(path);
		errx(1, "xlsx: cannot start a workbook");
	}
	for (i = 0, rc = 0; i < n && rc == 0; i++)
		if (tabs[i]->ncol > 0 && tabs[i]->ncell > tabs[i]->ncol)
			rc = xlsx_sheet(wb, tabs[i], names ? names[i] : NULL);
	/* Closed in any case: it frees the workbook, and may write it. */
	if (workbook_close(wb) != LXW_NO_ERROR || rc != 0)
		rc = -2;
	else
		rc = xlsx_copy(path);
	unlink(path);
	if (rc == -2)
		errx(1, "xlsx: cannot write the workbook");
	if (rc == -1)
		err(1, "xlsx");
}

void
cmd_table_deliveries(struct xf_table *t, enum xf_fmt fmt,
    const struct xf_col *cols, size_t n)
{
	if (xf_table_begin(t, fmt, cols, n) == -1)
		errx(1, "out of memory");
}

void
cmd_table_start(struct xf_table *t, enum xf_fmt fmt,
    const struct xf_col *cols, size_t n)
{
	bom_check((int)fmt);	/* --bom without -o: the default is not csv */
	cmd_table_deliveries(t, fmt, cols, n);
	t->redact = cmd_redacting();
}

void
cmd_table_row(struct xf_table *t, const char *const *vals, int flush)
{
	xf_buf_reset(&t->out);
	if (xf_table_row(t, vals) == -1)
		errx(1, "out of memory");
	if (t->fmt == XF_FMT_TABLE || t->fmt == XF_FMT_XLSX)
		return;
	cmd_put(&t->out);
	if (flush && fflush(stdout) == EOF)
		err(1, "stdout");
}

void
cmd_table_object(struct xf_table *t, const struct xf_buf *obj)
{
	xf_buf_reset(&t->out);
	if (xf_table_object(t, obj->p, obj->len) == -1)
		errx(1, "out of memory");
	cmd_put(&t->out);
}

void
cmd_table_end(struct xf_table *t)
{
	xf_buf_reset(&t->out);
	if (xf_table_end(t) == -1)
		errx(1, "out of memory");
	if (t->fmt == XF_FMT_XLSX)
		cmd_xlsx(&t, NULL, 1);
	cmd_put(&t->out);
	xf_table_free(t);
}

static int	batch_commit(struct cmd_batch *b);

/*
 * 1 when a read of standard input would wait: nothing to read yet.
 * What stdio holds already is not seen, so a batch may be committed
 * early, never late.
 */
static int
stdin_would_wait(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) == 0;
}

/* The open batch committed before standard input makes us wait. */
static int
batch_before_read(struct cmd_refs *r)
{
	struct cmd_batch *b = r->batch;

	if (b == NULL || !b->on || !b->store->batch.open ||
	    !stdin_would_wait())
		return 0;
	if (batch_commit(b) == -1) {
		*r->failed = 1;
		return -1;
	}
	return 0;
}

/* The next ref of standard input, *in opened at the first call. */
static int
stdin_ref(struct xf_refs **in, char ref[XF_REFLEN], int *failed)
{
	struct xf_err e;
	int rc;

	if (*in == NULL && (*in = xf_refs_open(stdin, &e)) == NULL)
		errx(1, "%s", e.msg);
	while ((rc = xf_refs_next(*in, ref, &e)) == -1) {
		warnx("stdin: %s", e.msg);
		*failed = 1;
	}
	return rc;
}

void
cmd_refs_start(struct cmd_refs *r, int argc, char **argv, int *failed)
{
	memset(r, 0, sizeof(*r));
	r->argc = argc;
	r->argv = argv;
	r->failed = failed;
}

int
cmd_refs_next(struct cmd_refs *r, char ref[XF_REFLEN])
{
	int rc;

	while (r->argc > 0) {
		if (r->dash) {		/* "-" among the operands: stdin there */
			if (batch_before_read(r) == -1)
				return 0;
			if ((rc = stdin_ref(&r->in, ref, r->failed)) != 0)
				return rc;
			cmd_refs_end(r);
			r->dash = 0;
		}
		if (r->i >= r->argc)
			return 0;
		if (strcmp(r->argv[r->i], "-") == 0) {
			r->i++;
			r->dash = 1;
			continue;
		}
		if (strlen(r->argv[r->i]) < XF_REFLEN) {
			snprintf(ref, XF_REFLEN, "%s", r->argv[r->i++]);
			return 1;
		}
		warnx("%.40s...: no such complaint", r->argv[r->i++]);
		*r->failed = 1;
	}
	if (batch_before_read(r) == -1)
		return 0;
	if ((rc = stdin_ref(&r->in, ref, r->failed)) == 0)
		cmd_refs_end(r);
	return rc;
}

void
cmd_refs_end(struct cmd_refs *r)
{
	xf_refs_close(r->in);
	r->in = NULL;
}

/*
 * Whatever failed, busy, missing, read-only, full or not a store at all,
 * it is the store and not what the command was given: EX_TEMPFAIL, so a
 * mail server or a retrying script keeps its input for later.  Only a
 * setting of the store (XF_BUSY_TIMEOUT) is a configuration error.
 */
void
cmd_store_fatal(const struct xf_store *s, const struct xf_err *e)
{
	(void)s;
	warnx("%s", e->msg);
	exit(e->why == XF_WHY_CONFIG ? EXIT_USAGE : EXIT_TEMPFAIL);
}

int
cmd_exit_for(const struct xf_store *s, const struct xf_err *e)
{
	if ((s != NULL && xf_store_down(s)) || e->why == XF_WHY_SYSTEM)
		return EXIT_TEMPFAIL;
	if (e->why == XF_WHY_CONFIG)
		return EXIT_USAGE;
	return EXIT_SOME;
}

int
cmd_category(struct xf_store *s, const char *word,
    char canon[XF_CATEGORY_MAX + 1], struct xf_err *e)
{
	char path[4096];
	int rc;

	if (xf_share_path(path, sizeof(path), NULL, NULL, "taxonomy.tsv") ==
	    -1)
		errx(EXIT_USAGE, "the taxonomy's path is too long");
	if ((rc = xf_category_known(s, path, word, canon, e)) != -1)
		return rc;
	if (xf_store_down(s))
		cmd_store_fatal(s, e);
	errx(EXIT_USAGE, "%s", e->msg);
}

void
cmd_die(const struct xf_store *s, const struct xf_err *e)
{
	errx(cmd_exit_for(s, e), "%s", e->msg);
}

/* The plan of the statement sql as SQLite makes it, on standard error. */
static void
explain(sqlite3 *db, const char *sql)
{
	struct xf_buf b = { 0 };
	sqlite3_stmt *st;

	if (xf_buf_printf(&b, "EXPLAIN QUERY PLAN %s", sql) == -1)
		errx(1, "out of memory");
	if (sqlite3_prepare_v2(db, b.p, -1, &st, NULL) == SQLITE_OK) {
		warnx("plan: %s", sql);
		while (sqlite3_step(st) == SQLITE_ROW)
			warnx("plan:   %s", sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
	}
	xf_buf_free(&b);
}

/*
 * SQLITE_TRACE_STMT: a statement starts.  Its text as prepared, with
 * the parameters unbound, is what SQLite planned it from; the EXPLAIN
 * run here starts a statement too, and a trigger's program is named by
 * a comment: neither is explained.
 */
static int
explain_trace(unsigned type, void *ctx, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);

	(void)type;
	(void)ctx;
	(void)x;
	if (sql != NULL && strncmp(sql, "EXPLAIN", 7) != 0 &&
	    strncmp(sql, "--", 2) != 0)
		explain(sqlite3_db_handle(p), sql);
	return 0;
}

void
cmd_store_open(struct xf_store *s, const char *dbopt, enum xf_open how)
{
	struct xf_err e;
	const char *v;

	if (s->db != NULL)
		return;
	if (xf_store_open(s, xf_store_path(dbopt), how, &e) == -1)
		cmd_store_fatal(s, &e);
	if ((v = getenv("XF_EXPLAIN")) != NULL && *v != '\0')
		sqlite3_trace_v2(s->db, SQLITE_TRACE_STMT, explain_trace, NULL);
}

/*
 * The one place a run's actor is checked (xf_role_check, XF_ACT_WRITE):
 * as the store opens, so once a run, one lookup by primary key, and
 * before anything is written.
 */
void
cmd_store_writer(struct xf_store *s, const char *dbopt, enum xf_open how,
    const char *actor)
{
	struct xf_err e;

	cmd_store_open(s, dbopt, how);
	if (s->writer)
		return;
	if (xf_role_check(s, actor, XF_ACT_WRITE, 0, &e) == -1)
		cmd_die(s, &e);
	s->writer = 1;
}

/* Name i of a table laid out as cmd_verb takes it. */
static const char *
table_name(const void *table, size_t size, size_t i)
{
	const char *const *name = (const void *)((const char *)table +
	    i * size);

	return *name;
}

/* A word this near a verb is taken for a typo of it: one slip in a short
 * word, two in a longer one (more would suggest unrelated verbs). */
static size_t
typo_reach(const char *word)
{
	return strlen(word) < 5 ? 1 : 2;
}

size_t
cmd_verb(const char *what, const char *word, const void *table, size_t n,
    size_t size)
{
	struct xf_buf all = { 0 };
	size_t i, d, best = n, bestd = (size_t)-1;

	for (i = 0; i < n; i++)
		if (strcmp(word, table_name(table, size, i)) == 0) {
			optind = 0;	/* glibc: re-initialise getopt */
			return i;
		}
	for (i = 0; i < n; i++)
		if ((d = xf_edit_distance(word, table_name(table, size, i))) <
		    bestd) {
			bestd = d;
			best = i;
		}
	if (best < n && bestd <= typo_reach(word))
		errx(EXIT_USAGE, "%s%sunknown verb '%.40s'; did you mean '%s'?",
		    what ? what : "", what ? ": " : "", word,
		    table_name(table, size, best));
	for (i = 0; i < n; i++)
		if (xf_buf_printf(&all, "%s%s", i ? ", " : "",
		    table_name(table, size, i)) == -1)
			errx(1, "out of memory");
	errx(EXIT_USAGE, "%s%sunknown verb '%.40s' (verbs: %s)",
	    what ? what : "", what ? ": " : "", word, xf_buf_str(&all));
}

int
cmd_verb_like(const char *word)
{
	return *word != '\0' &&
	    strspn(word, "abcdefghijklmnopqrstuvwxyz") == strlen(word);
}

/*
 * A held row is its cells one after another, each a marker byte (NUL
 * for no value, else 1) and, after 1, the text and its NUL.
 */
#define CELL_NULL	'\0'
#define CELL_TEXT	'\1'

void
cmd_batch_start(struct cmd_batch *b, struct xf_store *s, struct xf_table *t,
    size_t ncol, int on)
{
	memset(b, 0, sizeof(*b));
	b->store = s;
	b->t = t;
	b->ncol = ncol;
	b->on = on;
	if (ncol > CMD_BATCH_COLS)
		errx(1, "a batch of %zu columns: CMD_BATCH_COLS is %d", ncol,
		    CMD_BATCH_COLS);
}

void
cmd_batch_unit(struct cmd_batch *b)
{
	if (b->on && !b->store->batch.on)
		xf_store_batch_start(b->store);
}

void
cmd_batch_row(struct cmd_batch *b, const char *const *vals)
{
	size_t i;
	int rc = 0;

	if (!b->on) {
		cmd_table_row(b->t, vals, 1);
		return;
	}
	for (i = 0; i < b->ncol && rc == 0; i++) {
		if (vals[i] == NULL)
			rc = xf_buf_addc(&b->held, CELL_NULL);
		else if ((rc = xf_buf_addc(&b->held, CELL_TEXT)) == 0)
			rc = xf_buf_add(&b->held, vals[i],
			    strlen(vals[i]) + 1);
	}
	if (rc == -1)
		errx(1, "out of memory");
	b->rows++;
}

/* The held rows, now committed, printed and flushed. */
static void
batch_print(struct cmd_batch *b)
{
	const char *vals[CMD_BATCH_COLS], *p = b->held.p;
	size_t r, i;

	for (r = 0; r < b->rows && b->t != NULL; r++) {
		for (i = 0; i < b->ncol; i++) {
			if (*p++ == CELL_NULL) {
				vals[i] = NULL;
				continue;
			}
			vals[i] = p;
			p += strlen(p) + 1;
		}
		cmd_table_row(b->t, vals, 0);
	}
	if (fflush(stdout) == EOF)
		err(1, "stdout");
	xf_buf_reset(&b->held);
	b->rows = 0;
}

static int
batch_commit(struct cmd_batch *b)
{
	if (xf_store_batch_commit(b->store, &b->e) == -1) {
		warnx("%s (%zu change%s of the batch undone, not printed)",
		    b->e.msg, b->rows, b->rows == 1 ? "" : "s");
		xf_buf_reset(&b->held);
		b->rows = 0;
		return -1;
	}
	batch_print(b);
	return 1;
}

int
cmd_batch_step(struct cmd_batch *b)
{
	if (!b->on || !b->store->batch.on || !xf_store_batch_due(b->store))
		return 0;
	return batch_commit(b);
}

int
cmd_batch_end(struct cmd_batch *b)
{
	int rc = 0;

	if (b->on && b->store->batch.on) {
		rc = batch_commit(b) == -1 ? -1 : 0;
		xf_store_batch_end(b->store, &b->e);	/* committed now */
	}
	xf_buf_free(&b->held);
	return rc;
}
