/*
 * xf-intake: register complaints, once each, from CSV and TSV exports,
 * from e-mail (one message, an mbox, a Maildir; a reply joins its
 * complaint) or from flags, and print a TSV row for every one created
 * so the next command in the pipeline can pick them up.
 *
 * Rows are committed in chunks (-b, default 5000): a killed import leaves
 * whole complaints with their events, and re-running it skips what was
 * stored (dedupe by ext_id, else by content fingerprint: the same words
 * from the same person at the same second).  The rows a
 * chunk created are printed only once it is committed, so a ref on
 * stdout always names a complaint that exists.  -S makes the whole run
 * one unit: any bad row, and nothing is stored.
 *
 * --deliver is the mail server's mode (scripts/mail/xf-deliver): one
 * message on stdin, nothing on stdout, and an exit status that tells
 * the message's own fault (65, bounce it) from everything else (75,
 * keep it and try again).
 */
#include <err.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

#define DEFAULT_CHUNK	5000

static const struct xf_col out_cols[] = {
	{ "ref", XF_COL_TEXT }, { "received_at", XF_COL_TEXT },
	{ "channel", XF_COL_TEXT }, { "complainant", XF_COL_TEXT },
	{ "subject", XF_COL_TEXT }, { "source", XF_COL_TEXT },
};
#define NOUT	(nitems(out_cols))

struct counts {
	long		 created, attached, reopened;
	long		 recovered;	/* duplicates printed now (xf(7)) */
	long		 resumed, unverified;	/* issue 14: replies */
};

struct intake {
	/* options */
	enum xf_fmt	 ofmt;
	int		 strict, dry, verbose, quiet;
	long		 chunk;
	const char	*force_fmt;	/* csv, tsv or NULL */
	char		 delim;		/* -F, or 0 */
	int		 no_header;	/* --no-header: columns by number */
	const char	*charset;
	const char	*default_channel;
	/* state */
	struct xf_store	 store;
	struct xf_registrar reg;
	struct xf_mailreg mailreg;	/* beside reg: e-mail's evidence */
	struct xf_importer history;	/* beside reg: an export's history */
	struct xf_conv	*conv;
	int		 decoded;	/* the rows reader did -e's work */
	const char	*reject_path;	/* -r, opened once it is known safe */
	FILE		*rejects;
	struct xf_table	 out;
	FILE		*pending;	/* formatted rows of the open chunk */
	size_t		 table_mark;	/* table cells already committed */
	size_t		 rows_mark;	/* rows already committed */
	long		 in_chunk;
	int		 in_tx;
	/* per file */
	const char	*name;
	struct xf_mapping map;		/* -m maps, then the file's header */
	struct xf_buf	 header_raw;
	int		 header_rejected;
	/* per row scratch */
	struct xf_buf	 val[XF_NFIELD];
	struct xf_buf	 extra, tmp;
	/* counts: unit is the open transaction's, added to stored only once
	 * its COMMIT succeeded, so the summary says what is in the store */
	long		 nread, nbad, nauto, ndup;
	struct counts	 unit, stored;
	long		 unstored;	/* rows of units the store refused */
	int		 mail;		/* some input was e-mail */
	int		 store_failed;	/* the open unit must not be committed */
	int		 sys_failed;	/* the machine failed, not an input */
	int		 deliver;	/* --deliver: for a mail server */
	int64_t		 window;	/* reopen window, seconds */
	int64_t		 resend;	/* resend window, seconds */
	struct xf_buf	 raw;		/* the message being read */
};

/* usage() on a usage error, and --help (cmd_std_option). */
static const char usage_text[] =
    "usage: xf-intake [-nqSv] [-b rows] [-c channel] [-d store] "
    "[-e charset]\n"
    "                 [-F separator] [-f csv|tsv|eml|mbox|maildir] "
    "[--no-header]\n"
    "                 [-m field=column] [-o format] [-r rejects] "
    "[-w days] [--redact]\n"
    "                 [--resend-days days] [file ...]\n"
    "       xf-intake --deliver [-v] [-d store] [-w days]\n"
    "       xf-intake [-nq] [-d store] [-e charset] [-o format] "
    "[--subject text]\n"
    "                 [--body text] [--channel channel] "
    "[--complainant name]\n"
    "                 [--contact address] [--received time] "
    "[--kind kind] [--ext-id id]\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(2);
}

/* --- output ------------------------------------------------------ */

static void
write_out(const struct xf_buf *b, FILE *fp, const char *what)
{
	if (b->len > 0 && fwrite(b->p, 1, b->len, fp) != b->len)
		err(1, "%s", what);
}

static void
queue_row(struct intake *x, const char *ref, const struct xf_complaint *c)
{
	char when[XF_TIMELEN];
	const char *vals[NOUT];

	xf_time_format(c->received_at, when, sizeof(when));
	vals[0] = ref;
	vals[1] = when;
	vals[2] = c->channel;
	vals[3] = c->v[XF_F_COMPLAINANT];
	vals[4] = c->v[XF_F_SUBJECT];
	vals[5] = c->source;
	xf_buf_reset(&x->out.out);
	if (xf_table_row(&x->out, vals) == -1)
		errx(1, "out of memory");
	write_out(&x->out.out, x->pending, "pending output");
}

static void
drop_pending(struct intake *x)
{
	rewind(x->pending);
	if (ftruncate(fileno(x->pending), 0) == -1)
		err(1, "pending output");
	while (x->out.ncell > x->table_mark)
		free(x->out.cells[--x->out.ncell]);
	/* The header went with the first row dropped: the next brings it. */
	x->out.nrow = x->rows_mark;
}

/* The chunk is committed: its rows may now be seen downstream. */
static void
release_pending(struct intake *x)
{
	char block[8192];
	size_t n;

	fflush(x->pending);
	rewind(x->pending);
	while ((n = fread(block, 1, sizeof(block), x->pending)) > 0)
		if (fwrite(block, 1, n, stdout) != n)
			err(1, "stdout");
	if (ferror(x->pending))
		err(1, "pending output");
	x->table_mark = x->out.ncell;
	x->rows_mark = x->out.nrow;
	drop_pending(x);
	if (fflush(stdout) == EOF)
		err(1, "stdout");
}

/* --- transactions -------------------------------------------------- */

static int	flush_rows(struct intake *);

static int
tx_open(struct intake *x)
{
	struct xf_err e;

	if (x->in_tx)
		return 0;
	if (xf_reg_begin(&x->reg, &e) == -1) {
		warnx("%s", e.msg);
		return -1;
	}
	x->in_tx = 1;
	x->in_chunk = 0;
	return 0;
}

/* The open unit's counts join the totals, or are dropped (lost: the
 * store refused them, as opposed to a strict run that stores nothing). */
static void
unit_done(struct intake *x, int kept, int lost)
{
	if (kept) {
		x->stored.created += x->unit.created;
		x->stored.attached += x->unit.attached;
		x->stored.reopened += x->unit.reopened;
		x->stored.recovered += x->unit.recovered;
		x->stored.resumed += x->unit.resumed;
		x->stored.unverified += x->unit.unverified;
	} else if (lost)
		x->unstored += x->unit.created + x->unit.attached +
		    x->unit.reopened + x->unit.resumed + x->unit.unverified;
	memset(&x->unit, 0, sizeof(x->unit));
}

static int
tx_close(struct intake *x, int keep)
{
	struct xf_err e;

	if (!x->in_tx)
		return 0;
	/* Rows still queued are the unit's too; not kept, they go. */
	if (keep && !x->store_failed)
		(void)flush_rows(x);
	xf_reg_drop(&x->reg);
	x->in_tx = 0;
	if (x->store_failed)	/* the open unit may be half written */
		keep = 0;
	if (!keep || x->dry) {
		xf_store_rollback(&x->store);
		if (x->dry && keep)
			release_pending(x);
		else
			drop_pending(x);
		unit_done(x, x->dry && keep, x->store_failed);
		return 0;
	}
	if (xf_reg_commit(&x->reg, &e) == -1) {
		warnx("%s", e.msg);
		drop_pending(x);
		unit_done(x, 0, 1);
		return -1;
	}
	release_pending(x);
	unit_done(x, 1, 0);
	/* -o table and xlsx print everything at the end: reported only
	 * then. */
	if (x->ofmt != XF_FMT_TABLE && x->ofmt != XF_FMT_XLSX &&
	    xf_reg_printed(&x->reg) == -1)
		errx(1, "out of memory");
	return 0;
}

/* --- rejects --------------------------------------------------------- */

static void
reject(struct intake *x, int64_t line, const char *raw, size_t rawlen,
    const char *why)
{
	x->nbad++;
	warnx("%s:%lld: %s", x->name, (long long)line, why);
	if (x->rejects == NULL)
		return;
	/* The source's header first, so the reject file imports as is. */
	if (!x->header_rejected && x->header_raw.len > 0)
		write_out(&x->header_raw, x->rejects, "reject file");
	x->header_rejected = 1;
	if (rawlen > 0 && fwrite(raw, 1, rawlen, x->rejects) != rawlen)
		err(1, "reject file");
	/* A last row without a newline must not run into the next one. */
	if (rawlen > 0 && raw[rawlen - 1] != '\n' && raw[rawlen - 1] != '\r' &&
	    fputc('\n', x->rejects) == EOF)
		err(1, "reject file");
	/* Rejects are rare; flushed now they survive a killed import. */
	if (fflush(x->rejects) == EOF)
		err(1, "reject file");
}

/* --- the header row -------------------------------------------------- */

/* The raw header is kept so a reject file starts with it (reject). */
static int
take_header(struct intake *x, const struct xf_row *row, struct xf_err *e)
{
	if (xf_mapping_header(&x->map, x->name, row, e) == -1)
		return -1;
	if (xf_buf_add(&x->header_raw, row->raw, row->rawlen) == -1)
		return xf_errf(e, "out of memory");
	return 0;
}

static void
end_file(struct intake *x)
{
	xf_mapping_reset(&x->map);
	xf_buf_reset(&x->header_raw);
	x->header_rejected = 0;
}

/* --- one row ----------------------------------------------------------- */

static int
all_empty(const struct xf_row *row)
{
	size_t i;

	for (i = 0; i < row->nfield; i++)
		if (row->len[i] > 0)
			return 0;
	return 1;
}

/* Field bytes as valid UTF-8 in out, or the reason they cannot be: the
 * cell function of the mapping (ctx the intake, or NULL for no -e). */
static int
as_utf8(void *ctx, const char *s, size_t len, struct xf_buf *out,
    const char *column, struct xf_err *e)
{
	struct intake *x = ctx;
	struct xf_err ce;

	xf_buf_reset(out);
	/* UTF-16 has NUL bytes for every ASCII character: look for a NUL
	 * character after converting, not for a NUL byte before. */
	if (x != NULL && x->conv != NULL && !x->decoded) {
		if (xf_conv_run(x->conv, s, len, out, &ce) == -1)
			return xf_errf(e, "column '%s': %s", column, ce.msg);
		if (memchr(out->p ? out->p : "", '\0', out->len) != NULL)
			return xf_errf(e, "NUL byte in column '%s'", column);
		return 0;
	}
	if (memchr(s, '\0', len) != NULL)
		return xf_errf(e, "NUL byte in column '%s'", column);
	if (!xf_utf8_valid(s, len))
		return xf_errf(e, "invalid UTF-8 in column '%s' (for GB18030 "
		    "text use -e gb18030)", column);
	return xf_buf_add(out, s, len) == -1 ? xf_errf(e, "out of memory") : 0;
}

/* The row's record, by the rules every source shares (record.c). */
static int
build(struct intake *x, struct xf_complaint *c, const char *source,
    struct xf_err *e)
{
	struct xf_recin in;
	int f;

	memset(&in, 0, sizeof(in));
	for (f = 0; f < XF_NFIELD; f++)
		in.v[f] = x->val[f].len > 0 ? x->val[f].p : NULL;
	in.channel = x->default_channel;
	in.source = source;
	in.extra = &x->extra;
	in.channel_key = xf_mapping_column(&x->map, XF_F_CHANNEL);
	in.kind_key = xf_mapping_column(&x->map, XF_F_KIND);
	in.now = x->reg.now;
	return xf_record_build(&in, c, e);
}

/*
 * A duplicate whose complaint an earlier run stored but never printed
 * (it was killed, or its pipe closed, after COMMIT): printed now, as the
 * stored complaint, so a re-run of the same input loses nothing.
 */
static int
recover(struct intake *x, const char *where)
{
	struct xf_complaint c;
	struct xf_err e;
	char ref[XF_REFLEN];

	if (x->reg.adopted == 0)
		return 0;
	if (xf_reg_adopted(&x->reg, &c, ref, &e) == -1) {
		warnx("%s", e.msg);
		return -1;
	}
	if (x->verbose)
		warnx("%s: %s was stored but never printed: printed now",
		    where, ref);
	x->unit.recovered++;
	x->in_chunk++;
	queue_row(x, ref, &c);
	return 1;
}

/* A registered row: counted and queued for output, or, a duplicate,
 * counted and printed if it was never printed (recover); -1 only when
 * the store fails. */
static int
registered(struct intake *x, const struct xf_complaint *c, const char *ref,
    int dup)
{
	if (dup) {
		x->ndup++;
		if (x->verbose)
			warnx("%s: duplicate of %s", c->source, ref);
		if (recover(x, c->source) == -1) {
			x->store_failed = 1;
			return -1;
		}
		return 0;
	}
	x->unit.created++;
	x->in_chunk++;
	queue_row(x, ref, c);
	return 0;
}

/* xf_reg_flush's done: recover() has said why it failed. */
static int
flushed(void *ctx, const struct xf_complaint *c, const char *ref, int dup,
    struct xf_err *e)
{
	(void)e;
	return registered(ctx, c, ref, dup);
}

/* Registers the queued rows, in order; -1 when the store fails. */
static int
flush_rows(struct intake *x)
{
	struct xf_err e;

	if (xf_reg_queued(&x->reg) == 0)
		return 0;
	if (x->store_failed) {	/* the unit is lost: so are they */
		xf_reg_drop(&x->reg);
		return -1;
	}
	memset(&e, 0, sizeof(e));
	if (xf_reg_flush(&x->reg, flushed, x, &e) == 0)
		return 0;
	if (e.msg[0] != '\0')
		warnx("%s", e.msg);
	x->store_failed = 1;
	return -1;
}

/* Commit units of -b rows, unless -S or -n make the run one unit. */
static int
chunked(const struct intake *x)
{
	return !x->strict && !x->dry;
}

/* Registers c now; -1 only when the store fails (the run must stop). */
static int
store_one(struct intake *x, const struct xf_complaint *c)
{
	char ref[XF_REFLEN];
	struct xf_err e;
	int dup;

	if (flush_rows(x) == -1 || tx_open(x) == -1) {
		x->store_failed = 1;
		return -1;
	}
	if (xf_reg_add(&x->reg, c, ref, &dup, &e) == -1) {
		warnx("%s", e.msg);
		x->store_failed = 1;
		return -1;
	}
	/* The history the row carries, in the complaint's own unit: a
	 * killed import leaves both or neither. */
	if (!dup && xf_move_import(&x->history, xf_reg_last_id(&x->reg), ref,
	    &c->past, c->source, &e) == -1) {
		warnx("%s", e.msg);
		x->store_failed = 1;
		return -1;
	}
	if (registered(x, c, ref, dup) == -1)
		return -1;
	if (chunked(x) && x->in_chunk >= x->chunk)
		return tx_close(x, 1);
	return 0;
}

/*
 * Queues c, to be registered with the rows around it (xf_reg_flush):
 * a group when the queue is full, or when it would fill the unit if
 * none of it were a duplicate, so units end where they would one row
 * at a time.
 */
static int
queue_one(struct intake *x, const struct xf_complaint *c)
{
	struct xf_err e;
	long queued;

	if (tx_open(x) == -1) {
		x->store_failed = 1;
		return -1;
	}
	if (xf_reg_queue(&x->reg, c, &e) == -1) {
		warnx("%s", e.msg);
		x->store_failed = 1;
		return -1;
	}
	queued = (long)xf_reg_queued(&x->reg);
	if (queued < XF_REG_GROUP &&
	    !(chunked(x) && x->in_chunk + queued >= x->chunk))
		return 0;
	if (flush_rows(x) == -1)
		return -1;
	if (chunked(x) && x->in_chunk >= x->chunk)
		return tx_close(x, 1);
	return 0;
}

/* "file:line", the source of a row: snprintf only for a long name, as
 * this runs once a row and printf is a good part of a row's cost. */
static void
where_of(char *buf, size_t len, const char *name, int64_t line)
{
	size_t n = strlen(name);

	if (n + 1 + XF_UINT_LEN > len || line < 0) {
		snprintf(buf, len, "%s:%lld", name, (long long)line);
		return;
	}
	memcpy(buf, name, n);
	buf[n] = ':';
	xf_put_uint(buf + n + 1, (uint64_t)line, 1);
}

static int
on_row(void *ctx, const struct xf_row *row, struct xf_err *stop)
{
	struct intake *x = ctx;
	struct xf_complaint c;
	struct xf_err e;
	char source[1024];

	if (x->map.header == NULL && !x->no_header)
		return take_header(x, row, stop);
	if (x->map.header == NULL &&
	    xf_mapping_numbered(&x->map, x->name, row, stop) == -1)
		return -1;
	if (row->error == NULL && all_empty(row))
		return 0;
	x->nread++;
	where_of(source, sizeof(source), x->name, row->line);
	if (row->error != NULL) {
		/* The rows before it first, so messages keep their order. */
		if (flush_rows(x) == -1)
			return xf_errf(stop, "stopped at %s", source);
		reject(x, row->line, row->raw, row->rawlen, row->error);
		return 0;
	}
	if (xf_mapping_split(&x->map, row, x->val, &x->extra, &e) == -1 ||
	    build(x, &c, source, &e) == -1) {
		if (flush_rows(x) == -1)
			return xf_errf(stop, "stopped at %s", source);
		reject(x, row->line, row->raw, row->rawlen, e.msg);
		return 0;
	}
	/* A row with history moves its complaint at once. */
	if ((c.past.nstep > 0 ? store_one(x, &c) :
	    queue_one(x, &c)) == -1)
		return xf_errf(stop, "stopped at %s", source);
	return 0;
}

/* --- files and flags ------------------------------------------------- */

/* -f, else -F (CSV), else the name, else the first line (rows.c). */
static void
row_options(const struct intake *x, const char *path, struct xf_rowopt *o)
{
	memset(o, 0, sizeof(*o));
	o->fmt = XF_CSV;
	o->delim = x->delim;
	o->charset = x->charset;
	if (x->force_fmt != NULL)
		o->fmt = strcmp(x->force_fmt, "tsv") == 0 ? XF_TSV : XF_CSV;
	else if (x->delim == 0)
		o->guess = path == NULL || !xf_rows_named(path, &o->fmt);
}

/* --- e-mail ------------------------------------------------------------ */

static void
queue_mail(struct intake *x, const struct xf_mailout *o,
    const struct xf_mail *m, int64_t when, const char *source)
{
	struct xf_complaint c;

	memset(&c, 0, sizeof(c));
	c.received_at = when;
	c.channel = "email";
	c.v[XF_F_COMPLAINANT] = m->from_name;
	c.v[XF_F_SUBJECT] = m->subject;
	c.source = source;
	queue_row(x, o->ref, &c);
}

/*
 * Said whatever -v: a person has to look at it.  The ref and the word
 * "unverified" lead, for a script reading stderr; the sender is not
 * repeated here (xf-status show lists the message).
 */
static void
unverified_warn(const struct intake *x, const struct xf_mailout *o,
    const char *where)
{
	warnx("%s: %s: unverified: the sender has not written about it and "
	    "is not its contact; kept, nothing changed%s", where, o->ref,
	    x->dry ? "" : " (xf-status confirm or refuse)");
}

static void
count_mail(struct intake *x, const struct xf_mailout *o, const char *where)
{
	switch (o->what) {
	case XF_MR_CREATED:
	case XF_MR_FOLLOWUP:
		x->unit.created++;
		x->in_chunk++;
		break;
	case XF_MR_ATTACHED:
		x->unit.attached++;
		x->in_chunk++;
		break;
	case XF_MR_REOPENED:
		x->unit.reopened++;
		x->in_chunk++;
		break;
	case XF_MR_DUPLICATE:
		x->ndup++;
		if (x->verbose)
			warnx("%s: %s of a message of %s", where, o->resent ?
			    "resent copy" : "duplicate", o->ref);
		break;
	case XF_MR_AUTO:
		x->nauto++;
		if (x->verbose)
			warnx("%s: auto-reply or bounce, skipped", where);
		break;
	case XF_MR_RESUMED:
		x->unit.resumed++;
		x->in_chunk++;
		if (x->verbose)
			warnx("%s: %s: resumed: the complainant replied while "
			    "it waited on them", where, o->ref);
		break;
	case XF_MR_UNVERIFIED:
		x->unit.unverified++;
		x->in_chunk++;
		unverified_warn(x, o, where);
		break;
	}
}

/* The asctime date of a From_ line (a real one: xf-intake splits an
 * mbox only at From_ lines that carry a date). */
static const char *
from_date(const struct intake *x, char *buf, size_t len)
{
	static const char *const day[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	};
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec",
	};
	time_t t = (time_t)x->reg.now;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%s %s %2d %02d:%02d:%02d %d\n",
	    day[tm.tm_wday], mon[tm.tm_mon], tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
	return buf;
}

/* mboxrd quoting: a line that reads ">*From " gets one more '>'. */
static int
put_quoted(FILE *fp, const char *p, size_t len)
{
	const char *end = p + len, *nl;
	size_t q;

	for (; p < end; p = nl) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		for (q = 0; p + q < nl && p[q] == '>'; q++)
			;
		if ((size_t)(nl - p) >= q + 5 && memcmp(p + q, "From ", 5) == 0 &&
		    fputc('>', fp) == EOF)
			return -1;
		if (fwrite(p, 1, (size_t)(nl - p), fp) != (size_t)(nl - p))
			return -1;
	}
	return 0;
}

/* A message that cannot be read goes to the reject file as an mbox
 * entry, so the file can be looked at, mended and imported again. */
static void
reject_mail(struct intake *x, const char *where, const char *raw,
    size_t len, const char *why)
{
	char date[64];

	x->nbad++;
	if (x->deliver)		/* the reason a bounce gives: no name */
		warnx("refused: %s", why);
	else if (where != NULL)
		warnx("%s: %s", where, why);
	else
		warnx("%s", why);	/* why names the input itself */
	if (x->rejects == NULL)
		return;
	if (fprintf(x->rejects, "From xf-intake %s", from_date(x, date,
	    sizeof(date))) < 0 ||
	    put_quoted(x->rejects, raw, len) == -1 ||
	    fputs(len > 0 && raw[len - 1] == '\n' ? "\n" : "\n\n",
	    x->rejects) == EOF || fflush(x->rejects) == EOF)
		err(1, "reject file");
}

/*
 * One raw message.  -1 only when the store fails (the run stops there;
 * what was committed stays, and a mail server is told to retry).
 */
static int
mail_one(struct intake *x, const char *raw, size_t len, const char *where,
    int64_t envdate)
{
	int64_t delivered;
	const char *fallback;
	struct xf_mailin in = { 0 };
	struct xf_mailout o;
	struct xf_mail m;
	struct xf_err e;

	x->nread++;
	/* An mbox From_ time ahead of now is a broken clock, not a date. */
	if (xf_record_future(envdate, x->reg.now))
		envdate = 0;
	delivered = envdate ? envdate : x->reg.now;
	fallback = envdate ? "time of the mbox From line" : "delivery time";
	if (xf_mail_parse(raw, len, &m, &e) == -1) {
		if (e.why == XF_WHY_SYSTEM) {	/* not the message's fault */
			warnx("%s: %s", where, e.msg);
			x->sys_failed = 1;
			return -1;
		}
		reject_mail(x, where, raw, len, e.msg);
		return 0;
	}
	if (m.warning != NULL)
		warnx("%s: %s", where, m.warning);
	/* A sender's clock far ahead must not date a complaint in the
	 * future (and past every deadline report): delivery time instead. */
	if (m.date_ok && xf_record_future(m.date, x->reg.now)) {
		warnx("%s: Date header is in the future, used the %s", where,
		    fallback);
		m.date_ok = 0;
	} else if (!m.date_ok && m.autoreply == NULL)
		warnx("%s: no usable Date header, used the %s", where,
		    fallback);
	in.m = &m;
	in.raw = raw;
	in.rawlen = len;
	in.source = where;
	in.delivered = delivered;
	in.envelope = envdate != 0;
	in.window = x->window;
	in.resend = x->resend;
	if (tx_open(x) == -1 ||
	    xf_mail_register(&x->mailreg, &in, &o, &e) == -1) {
		if (x->in_tx)
			warnx("%s: %s", where, e.msg);
		x->store_failed = 1;
		xf_mail_free(&m);
		return -1;
	}
	if (o.truncated)
		warnx("%s: body longer than %u bytes: the complaint holds the "
		    "first part, the raw message all of it", where, XF_BODY_MAX);
	count_mail(x, &o, where);
	if (o.what == XF_MR_CREATED || o.what == XF_MR_FOLLOWUP)
		queue_mail(x, &o, &m, m.date_ok ? m.date : delivered, where);
	xf_mail_free(&m);
	if (o.what == XF_MR_DUPLICATE && recover(x, where) == -1) {
		x->store_failed = 1;
		return -1;
	}
	if (!x->strict && !x->dry && x->in_chunk >= x->chunk)
		return tx_close(x, 1);
	return 0;
}

/* A message inside another's body is stored as that body: say where,
 * so that a From_ line the split did not take is never lost silently. */
static void
embedded_warn(const struct intake *x, const struct xf_mbox *mb,
    int64_t line)
{
	char where[1024];
	int64_t at;

	if ((at = xf_mbox_embedded(mb)) == 0)
		return;
	where_of(where, sizeof(where), x->name, at);
	warnx("%s: looks like the start of another message, inside the one "
	    "of line %lld (a \"From \" line that is not a separator, then "
	    "mail headers); it stays in that message's body", where,
	    (long long)line);
}

static int
intake_mbox(struct intake *x, struct xf_input *in)
{
	struct xf_mbox *mb;
	struct xf_err e;
	char where[1024];
	int64_t line = 0, envdate;
	int rc, toolong;

	if ((mb = xf_mbox_open(in, &e)) == NULL) {
		warnx("%s", e.msg);
		return -1;
	}
	while ((rc = xf_mbox_next(mb, &x->raw, &line, &envdate, &toolong,
	    &e)) == 1) {
		where_of(where, sizeof(where), x->name, line);
		embedded_warn(x, mb, line);
		if (toolong) {
			x->nread++;
			reject_mail(x, where, x->raw.p, x->raw.len,
			    "message longer than 64 MiB");
			continue;
		}
		if (mail_one(x, x->raw.p, x->raw.len, where, envdate) == -1) {
			rc = -1;
			break;
		}
	}
	if (rc == -1 && !x->store_failed && !x->sys_failed)
		warnx("%s", e.msg);	/* names the file itself */
	xf_mbox_close(mb);
	return rc == -1 ? -1 : 0;
}

static int
intake_eml(struct intake *x, struct xf_input *in, const char *where)
{
	struct xf_err e;

	if (xf_input_slurp(in, &x->raw, XF_MAIL_MAX, &e) == -1) {
		x->nread++;
		reject_mail(x, NULL, x->raw.p, x->raw.len, e.msg);
		return 0;
	}
	return mail_one(x, x->raw.p, x->raw.len, where, 0);
}

static int
intake_maildir(struct intake *x, const char *dir)
{
	struct xf_input *in;
	struct xf_err e;
	char **paths;
	size_t n, i;
	int rc = 0;

	x->mail = 1;
	if (xf_maildir_list(dir, &paths, &n, &e) == -1) {
		warnx("%s", e.msg);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((in = xf_input_open(paths[i], &e)) == NULL) {
			x->nread++;
			x->nbad++;
			warnx("%s", e.msg);
			continue;
		}
		rc = intake_eml(x, in, paths[i]);
		xf_input_close(in);
	}
	xf_maildir_free(paths, n);
	return rc;
}

/*
 * --deliver: the message on stdin into x->raw.  1 when it is read
 * whole; 0 when it is over XF_MAIL_MAX, its own fault (the rest is read
 * and dropped, so the mail server's write of it does not fail); -1 when
 * reading failed, which is not.
 */
static int
read_message(struct intake *x)
{
	char block[64 * 1024];
	size_t n;
	int over = 0;

	xf_buf_reset(&x->raw);
	while ((n = fread(block, 1, sizeof(block), stdin)) > 0) {
		if (over || x->raw.len + n > XF_MAIL_MAX) {
			over = 1;
			continue;
		}
		if (xf_buf_add(&x->raw, block, n) == -1) {
			warnx("out of memory");
			return -1;
		}
	}
	if (ferror(stdin)) {
		warn("stdin");
		return -1;
	}
	return !over;
}

static int
intake_deliver(struct intake *x)
{
	x->name = "stdin";
	x->mail = 1;
	switch (read_message(x)) {
	case -1:
		x->sys_failed = 1;
		return -1;
	case 0:
		x->nread++;
		reject_mail(x, NULL, NULL, 0, "message over the size limit "
		    "of 64 MiB");
		return 0;
	}
	return mail_one(x, x->raw.p ? x->raw.p : "", x->raw.len, "stdin", 0);
}

/* What an input holds: -f, else its name, else its first bytes. */
static enum xf_mailfmt
mail_format(struct intake *x, struct xf_input *in)
{
	struct xf_err e;
	enum xf_rowfmt rf;
	const char *p;
	long n;

	if (x->force_fmt != NULL)
		return strcmp(x->force_fmt, "mbox") == 0 ? XF_MAIL_MBOX :
		    strcmp(x->force_fmt, "eml") == 0 ? XF_MAIL_EML :
		    XF_MAIL_NONE;
	if (x->delim != 0 || x->no_header || xf_rows_named(x->name, &rf))
		return XF_MAIL_NONE;
	if ((n = xf_input_peek(in, &p, &e)) <= 0)
		return XF_MAIL_NONE;
	return xf_mail_sniff(p, (size_t)n);
}

/* Returns 0, or -1 when the file could not be read at all. */
static int
intake_file(struct intake *x, const char *path)
{
	struct xf_input *in;
	struct xf_rowopt ro;
	struct xf_err e;
	enum xf_mailfmt mf;
	int rc;

	x->name = path == NULL || strcmp(path, "-") == 0 ? "stdin" : path;
	if (x->force_fmt != NULL && strcmp(x->force_fmt, "maildir") == 0 &&
	    (path == NULL || !xf_is_maildir(path))) {
		warnx("%s: not a Maildir (a folder with cur/ and new/)",
		    x->name);
		return -1;
	}
	if (path != NULL && xf_is_maildir(path) && (x->force_fmt == NULL ||
	    strcmp(x->force_fmt, "maildir") == 0))
		return intake_maildir(x, path);
	if ((in = xf_input_open(path, &e)) == NULL) {
		warnx("%s", e.msg);
		return -1;
	}
	mf = mail_format(x, in);
	x->mail |= mf != XF_MAIL_NONE;
	if (mf == XF_MAIL_MBOX)
		rc = intake_mbox(x, in);
	else if (mf == XF_MAIL_EML)
		rc = intake_eml(x, in, x->name);
	else {
		/* A table in UTF-16 or UTF-32 is decoded as it is read
		 * (rows.c); other character sets keep ASCII's bytes, so
		 * cells convert one by one and a bad cell costs its row. */
		row_options(x, path, &ro);
		x->decoded = x->charset != NULL &&
		    xf_charset_wide(x->charset);
		rc = xf_rows_read(in, &ro, on_row, x, &e);
		x->decoded = 0;
		if (rc == -1)
			warnx("%s", e.msg);
		/* Registered before the next input's: ids in input order. */
		if (flush_rows(x) == -1)
			rc = -1;
	}
	xf_input_close(in);
	end_file(x);
	return rc;
}

static int
read_stdin(struct xf_buf *b)
{
	char block[8192];
	size_t n;

	while ((n = fread(block, 1, sizeof(block), stdin)) > 0) {
		if (xf_buf_add(b, block, n) == -1)
			return -1;
		if (b->len > XF_BODY_MAX)	/* the check will say why */
			break;
	}
	return ferror(stdin) ? -1 : 0;
}

/* One complaint from flags; the body from stdin when not given. */
static int
intake_flags(struct intake *x, const char *flag[XF_NFIELD])
{
	struct xf_complaint c;
	struct xf_err e;
	int f;

	x->name = "cli";
	for (f = 0; f < XF_NFIELD; f++) {
		xf_buf_reset(&x->val[f]);
		xf_buf_reset(&x->tmp);
		if (f == XF_F_BODY && flag[f] == NULL) {
			if (read_stdin(&x->tmp) == -1)
				err(1, "stdin");
		} else if (flag[f] != NULL)
			xf_buf_adds(&x->tmp, flag[f]);
		/* Arguments are the terminal's UTF-8; -e is for stdin. */
		if (as_utf8(flag[f] ? NULL : x, x->tmp.p ? x->tmp.p : "",
		    x->tmp.len, &x->val[f], xf_field_name(f), &e) == -1)
			break;
		xf_cell_trim(&x->val[f]);
	}
	x->nread++;
	xf_buf_reset(&x->extra);
	if (f < XF_NFIELD || build(x, &c, "cli", &e) == -1) {
		x->nbad++;
		warnx("%s", e.msg);
		return 0;
	}
	/* A call is taken as it happens: without --received its time is
	 * this moment, known to the second, so the same person calling
	 * again later is another complaint, not a duplicate. */
	c.received_unknown = 0;
	return store_one(x, &c);
}

/* --- options ----------------------------------------------------------- */

static void
add_map(struct intake *x, char *arg)
{
	char *eq = strchr(arg, '=');
	struct xf_err e;
	int f;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		errx(2, "-m %s: want field=column", arg);
	*eq = '\0';
	if ((f = xf_field_byname(arg)) == -1)
		errx(2, "-m: unknown field '%s' (fields: subject, body, "
		    "complainant, contact, channel, received_at, ext_id, kind, "
		    "status, accepted_at, resolved_at, closed_at)", arg);
	if (xf_mapping_add(&x->map, f, eq + 1, &e) == -1)
		errx(2, "-m: %s", e.msg);
}

enum {
	OPT_SUBJECT = 256 + XF_F_SUBJECT,
	OPT_BODY = 256 + XF_F_BODY,
	OPT_COMPLAINANT = 256 + XF_F_COMPLAINANT,
	OPT_CONTACT = 256 + XF_F_CONTACT,
	OPT_CHANNEL = 256 + XF_F_CHANNEL,
	OPT_RECEIVED = 256 + XF_F_RECEIVED,
	OPT_EXTID = 256 + XF_F_EXTID,
	OPT_KIND = 256 + XF_F_KIND,
	OPT_NO_HEADER = 256 + XF_NFIELD,
	OPT_DELIVER,
	OPT_RESEND,
};

static const struct option longopts[] = {
	{ "subject", required_argument, NULL, OPT_SUBJECT },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "complainant", required_argument, NULL, OPT_COMPLAINANT },
	{ "contact", required_argument, NULL, OPT_CONTACT },
	{ "channel", required_argument, NULL, OPT_CHANNEL },
	{ "received", required_argument, NULL, OPT_RECEIVED },
	{ "ext-id", required_argument, NULL, OPT_EXTID },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "delimiter", required_argument, NULL, 'F' },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "deliver", no_argument, NULL, OPT_DELIVER },
	{ "resend-days", required_argument, NULL, OPT_RESEND },
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

static long
count_arg(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || n < min || n > max)
		errx(2, "%s %s: want a number from %ld to %ld", opt, arg, min,
		    max);
	return n;
}

/* -F: one character, or "tab" for the one that is hard to type. */
static char
delim_arg(const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		return '\t';
	if (strlen(arg) != 1 || strchr("\"\r\n", arg[0]) != NULL ||
	    (unsigned char)arg[0] >= 0x80)
		errx(2, "-F %s: want one ASCII character other than a quote, "
		    "such as ';' or '|', or tab", arg);
	return arg[0];
}

static int
parse_options(struct intake *x, int argc, char **argv, const char **dbopt,
    const char *flag[XF_NFIELD], int *nflags)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "b:c:d:e:F:f:m:no:qr:Svw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			x->chunk = count_arg("-b", optarg, 1, 10000000);
			break;
		case 'c':
			x->default_channel = optarg;
			break;
		case 'd':
			*dbopt = optarg;
			break;
		case 'e':
			x->charset = optarg;
			break;
		case 'F':
			x->delim = delim_arg(optarg);
			break;
		case 'f':
			if (strcmp(optarg, "csv") != 0 &&
			    strcmp(optarg, "tsv") != 0 &&
			    strcmp(optarg, "eml") != 0 &&
			    strcmp(optarg, "mbox") != 0 &&
			    strcmp(optarg, "maildir") != 0)
				errx(2, "-f %s: want csv, tsv, eml, mbox or "
				    "maildir", optarg);
			x->force_fmt = optarg;
			break;
		case 'w':
			x->window = (int64_t)count_arg("-w", optarg, 0,
			    XF_REOPEN_DAYS_MAX) * XF_DAY;
			break;
		case OPT_RESEND:
			x->resend = (int64_t)count_arg("--resend-days", optarg,
			    0, XF_REOPEN_DAYS_MAX) * XF_DAY;
			break;
		case 'm':
			add_map(x, optarg);
			break;
		case 'n':
			x->dry = 1;
			break;
		case 'o':
			x->ofmt = cmd_fmt(optarg);
			break;
		case 'q':
			x->quiet = 1;
			break;
		case 'r':
			x->reject_path = optarg;
			break;
		case 'S':
			x->strict = 1;
			break;
		case 'v':
			x->verbose = 1;
			break;
		case OPT_NO_HEADER:
			x->no_header = 1;
			break;
		case OPT_DELIVER:
			x->deliver = 1;
			break;
		case CMD_OPT_BOM:
			cmd_bom_option();
			break;
		case CMD_OPT_REDACT:
			cmd_redact_option();
			break;
		default:
			if (ch >= 256 && ch < 256 + XF_NFIELD) {
				flag[ch - 256] = optarg;
				(*nflags)++;
				break;
			}
			cmd_std_option(ch, usage_text);
			usage();
		}
	}
	if (x->delim != 0 && x->force_fmt != NULL &&
	    strcmp(x->force_fmt, "csv") != 0)
		errx(2, "-F is for CSV, not -f %s", x->force_fmt);
	return optind;
}

/*
 * xf-intake has no verbs, so a bare word that names no file ("xf-intake
 * lsit") is a slip at the keyboard: a usage error before the store is
 * even opened, not a store created around a missing input.
 */
static void
check_operands(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (cmd_verb_like(argv[i]) && access(argv[i], F_OK) == -1)
			errx(2, "%.40s: no such file (and xf-intake has no "
			    "verbs)", argv[i]);
}

/*
 * --deliver: one message, from the mail server, on stdin.  Nothing of
 * a run reaches stdout, which the server would log and may put into a
 * bounce to the sender; -q's summary is not written either.
 */
static void
check_deliver(struct intake *x, int argc, int nflags)
{
	int fd;

	if (!x->deliver)
		return;
	if (argc > 0 || nflags > 0 || x->reject_path != NULL || x->dry ||
	    x->strict)
		errx(2, "--deliver reads one message on standard input: no "
		    "files, field options, -n, -r or -S");
	x->quiet = 1;
	if ((fd = open("/dev/null", O_WRONLY)) == -1 ||
	    dup2(fd, STDOUT_FILENO) == -1)
		err(EXIT_TEMPFAIL, "/dev/null");
	if (fd != STDOUT_FILENO)
		close(fd);
}

static void
check_default_channel(struct intake *x)
{
	int known;

	if (x->default_channel == NULL) {
		x->default_channel = "other";
		return;
	}
	x->default_channel = xf_channel_norm(x->default_channel, &known);
	if (!known)
		errx(2, "-c: unknown channel (email, phone, web, social, "
		    "letter, visit, other)");
}

/*
 * The reject file is opened (and so truncated) only now that the store
 * is open: a -r that names the store, its -wal or -shm, or an input is
 * refused before anything is written.
 */
static void
open_rejects(struct intake *x, const char *dbopt, char **inputs, int n)
{
	struct xf_err e;

	if (x->reject_path == NULL)
		return;
	if (xf_output_check("-r", x->reject_path, xf_store_path(dbopt),
	    inputs, (size_t)n, &e) == -1)
		errx(2, "%s", e.msg);
	if ((x->rejects = fopen(x->reject_path, "w")) == NULL)
		err(2, "%s", x->reject_path);
}

static void
open_all(struct intake *x, const char *dbopt, char **inputs, int ninputs)
{
	char actor[XF_ACTOR_MAX];
	const char *path;
	struct xf_err e;
	int64_t now;

	now = cmd_now();
	cmd_actor(actor, sizeof(actor));	/* checked before any write */
	if (x->charset != NULL && (x->conv = xf_conv_open(x->charset, &e)) ==
	    NULL)
		errx(2, "-e: %s", e.msg);
	if ((x->pending = tmpfile()) == NULL)
		err(EXIT_TEMPFAIL, "temporary file");
	path = xf_store_path(dbopt);
	/* A dry run must not leave a store behind where there was none. */
	if (x->dry && access(path, F_OK) == -1)
		path = ":memory:";
	cmd_store_writer(&x->store, path, XF_OPEN_WRITE, actor);
	/* The registrar keeps the actor pointer: give it storage that lasts. */
	if (xf_reg_open(&x->reg, &x->store, strdup(actor), now, &e) == -1)
		cmd_store_fatal(&x->store, &e);
	if (x->reg.actor == NULL)
		errx(EXIT_TEMPFAIL, "out of memory");
	xf_mailreg_init(&x->mailreg, &x->reg);
	xf_import_open(&x->history, &x->store, x->reg.actor);
	open_rejects(x, dbopt, inputs, ninputs);
	cmd_table_start(&x->out, x->ofmt, out_cols, NOUT);
}

static void
close_all(struct intake *x)
{
	int f;

	xf_import_close(&x->history);
	free((char *)x->reg.actor);
	xf_mailreg_close(&x->mailreg);
	xf_reg_close(&x->reg);
	xf_store_close(&x->store);
	xf_conv_close(x->conv);
	fclose(x->pending);
	if (x->rejects != NULL && fclose(x->rejects) == EOF)
		err(1, "reject file");
	for (f = 0; f < XF_NFIELD; f++)
		xf_buf_free(&x->val[f]);
	xf_buf_free(&x->extra);
	xf_buf_free(&x->tmp);
	xf_buf_free(&x->header_raw);
	xf_buf_free(&x->raw);
	xf_mapping_free(&x->map);
}

static int
run(struct intake *x, int argc, char **argv, const char *flag[XF_NFIELD],
    int nflags)
{
	int failed = 0, i;

	if (nflags > 0)
		return intake_flags(x, flag);
	if (x->deliver)
		return intake_deliver(x);
	if (argc == 0)
		return intake_file(x, NULL);
	/* A store that failed is not tried again file after file. */
	for (i = 0; i < argc && !(failed && x->strict) && !x->store_failed &&
	    !x->sys_failed; i++)
		if (intake_file(x, argv[i]) == -1)
			failed = 1;
	return failed ? -1 : 0;
}

/* Everything is written out: the last units are marked reported. */
static void
finish(struct intake *x)
{
	struct xf_err e;

	if (x->dry)
		return;
	if ((x->ofmt == XF_FMT_TABLE || x->ofmt == XF_FMT_XLSX) &&
	    xf_reg_printed(&x->reg) == -1)
		errx(1, "out of memory");
	/* Not a loss if it fails: everything is stored and printed, and a
	 * re-run would print the last unit again.  Nor a reason for a mail
	 * server to deliver again (exit 75). */
	if (xf_reg_finish(&x->reg, &e) == -1) {
		warnx("%s", e.msg);
		x->store.busy = 0;
	}
}

static void
summary(const struct intake *x)
{
	const struct counts *n = &x->stored;

	fprintf(stderr, "xf-intake: read %ld, created %ld, ", x->nread,
	    n->created);
	if (x->mail) {
		fprintf(stderr, "attached %ld, reopened %ld, ", n->attached,
		    n->reopened);
		/* Only when there are any: the line scripts know stays. */
		if (n->resumed > 0)
			fprintf(stderr, "resumed %ld, ", n->resumed);
		if (n->unverified > 0)
			fprintf(stderr, "unverified %ld, ", n->unverified);
		fprintf(stderr, "auto-replies %ld, ", x->nauto);
	}
	fprintf(stderr, "duplicate %ld", x->ndup);
	if (n->recovered > 0)
		fprintf(stderr, " (%ld never printed before: printed now)",
		    n->recovered);
	fprintf(stderr, ", rejected %ld", x->nbad);
	if (x->unstored > 0)
		fprintf(stderr, ", not stored %ld (the store failed)",
		    x->unstored);
	fprintf(stderr, "%s\n", x->dry ? " (dry run: nothing stored)" : "");
}

int
main(int argc, char **argv)
{
	struct intake x;
	const char *dbopt = NULL, *flag[XF_NFIELD] = { 0 }, *v;
	int nflags = 0, failed, keep;

	cmd_start(argc, argv);
	memset(&x, 0, sizeof(x));
	x.chunk = DEFAULT_CHUNK;
	x.window = (int64_t)XF_REOPEN_DAYS * XF_DAY;
	x.resend = (int64_t)XF_RESEND_DAYS * XF_DAY;
	/* A setting as well as an option: a mail server's delivery
	 * program (xf-deliver) is given an environment, not options. */
	if ((v = getenv("XF_RESEND_DAYS")) != NULL && *v != '\0')
		x.resend = (int64_t)count_arg("XF_RESEND_DAYS", v, 0,
		    XF_REOPEN_DAYS_MAX) * XF_DAY;
	x.ofmt = XF_FMT_TSV;
	/* Header names are decoded as the cells are: -e applies to both. */
	xf_mapping_init(&x.map, as_utf8, &x);
	parse_options(&x, argc, argv, &dbopt, flag, &nflags);
	argc -= optind;
	argv += optind;
	if (nflags > 0 && argc > 0)
		usage();
	check_operands(argc, argv);
	check_deliver(&x, argc, nflags);
	check_default_channel(&x);
	open_all(&x, dbopt, argv, nflags > 0 ? 0 : argc);
	failed = run(&x, argc, argv, flag, nflags) == -1;
	/* A unit the store failed in may be half written: never commit it. */
	keep = !x.store_failed && !(x.strict && (failed || x.nbad > 0));
	if (tx_close(&x, keep) == -1)
		failed = x.store_failed = 1;
	if (!keep && !x.store_failed)
		warnx("strict: %ld bad row%s, nothing stored", x.nbad,
		    x.nbad == 1 ? "" : "s");
	if (!x.quiet)
		summary(&x);
	cmd_table_end(&x.out);
	cmd_flush();
	finish(&x);
	close_all(&x);
	/* EX_TEMPFAIL: the store failed (busy, read-only, full), not the
	 * input; a mail server delivering through us tries again. */
	if (xf_store_down(&x.store) || x.store_failed || x.sys_failed)
		return EXIT_TEMPFAIL;
	/* The message itself cannot be stored: the server bounces it. */
	if (x.deliver && x.nbad > 0)
		return EXIT_DATAERR;
	return failed || x.nbad > 0 ? 1 : 0;
}
