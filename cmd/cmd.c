/*
 * cmd.c: the helpers of cmd.h, linked into every command.  They print
 * and exit, which is why they live here and not in lib/.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

void
cmd_put(const struct xf_buf *b)
{
	if (b->len > 0 && fwrite(b->p, 1, b->len, stdout) != b->len)
		err(1, "stdout");
}

enum xf_fmt
cmd_fmt(const char *arg)
{
	enum xf_fmt f;

	if (xf_fmt_parse(arg, &f) == -1)
		errx(2, "-o %s: want tsv, csv, json or table", arg);
	return f;
}

void
cmd_table_start(struct xf_table *t, enum xf_fmt fmt,
    const char *const *cols, size_t n)
{
	if (xf_table_begin(t, fmt, cols, n) == -1)
		errx(1, "out of memory");
	if (fmt != XF_FMT_TABLE)
		cmd_put(&t->out);
}

void
cmd_table_row(struct xf_table *t, const char *const *vals, int flush)
{
	xf_buf_reset(&t->out);
	if (xf_table_row(t, vals) == -1)
		errx(1, "out of memory");
	if (t->fmt == XF_FMT_TABLE)
		return;
	cmd_put(&t->out);
	if (flush && fflush(stdout) == EOF)
		err(1, "stdout");
}

void
cmd_table_end(struct xf_table *t)
{
	xf_buf_reset(&t->out);
	if (xf_table_end(t) == -1)
		errx(1, "out of memory");
	cmd_put(&t->out);
	xf_table_free(t);
}

/*
 * Whatever failed, busy, missing, read-only, full or not a store at all,
 * it is the store and not what the command was given: EX_TEMPFAIL, so a
 * mail server or a retrying script keeps its input for later.
 */
void
cmd_store_fatal(const struct xf_store *s, const struct xf_err *e)
{
	(void)s;
	warnx("%s", e->msg);
	exit(EXIT_TEMPFAIL);
}

void
cmd_store_open(struct xf_store *s, const char *dbopt, enum xf_open how)
{
	struct xf_err e;

	if (xf_store_open(s, xf_store_path(dbopt), how, &e) == -1)
		cmd_store_fatal(s, &e);
}
