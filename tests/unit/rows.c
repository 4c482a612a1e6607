/*
 * rows.c: rows of CSV as xf_rows_read gives them, where a row cannot be
 * parsed.  A stray quote costs its line only, and the rows around it
 * come through; at the end of the input, with nothing read after it,
 * the reader has nothing to queue again (found by tests/fuzz/rows
 * under clang's UBSan: it added 0 to the NULL of an empty buffer).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "xf.h"

#define NROWS	8

struct got {
	size_t	 n;
	int64_t	 line[NROWS];
	int	 bad[NROWS];
	size_t	 nfield[NROWS];
};

static int
on_row(void *ctx, const struct xf_row *row, struct xf_err *err)
{
	struct got *g = ctx;

	(void)err;
	if (g->n < NROWS) {
		g->line[g->n] = row->line;
		g->bad[g->n] = row->error != NULL;
		g->nfield[g->n] = row->nfield;
	}
	g->n++;
	return 0;
}

/* Reads text as a file of CSV, its separator guessed, into g. */
static int
read_csv(const char *text, struct got *g)
{
	char path[] = "/tmp/xf-rows-XXXXXX";
	struct xf_rowopt opt = { 0 };
	struct xf_input *in;
	struct xf_err e;
	int fd, rc;

	memset(g, 0, sizeof(*g));
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		printf("Bail out! cannot write %s\n", path);
		exit(2);
	}
	close(fd);
	opt.fmt = XF_CSV;
	opt.guess = 1;
	if ((in = xf_input_open(path, &e)) == NULL) {
		printf("Bail out! %s\n", e.msg);
		exit(2);
	}
	rc = xf_rows_read(in, &opt, on_row, g, &e);
	xf_input_close(in);
	unlink(path);
	return rc;
}

static void
stray_quote_last(void)
{
	struct got g;

	is_int(read_csv("subject;body;extra\n\"a;b\";\"line\nbreak\";x\n"
	    "bad\"quote;y;z\n", &g), 0, "stray quote on the last line: read");
	is_int((long long)g.n, 3, "three rows");
	is_int(g.bad[0] + g.bad[1], 0, "header and quoted row good");
	is_int((long long)g.nfield[1], 3, "the quoted row has 3 fields");
	ok(g.bad[2], "the stray quote's row is bad");
	is_int(g.line[2], 4, "on line 4");
}

static void
stray_quote_middle(void)
{
	struct got g;

	is_int(read_csv("a,b\nx\"y,1\n2,3\n", &g), 0,
	    "stray quote mid-file: read");
	is_int((long long)g.n, 3, "three rows");
	ok(g.bad[1], "line 2 is bad");
	ok(!g.bad[2], "the row after it is good");
	is_int(g.line[2], 3, "on line 3");
}

int
main(void)
{
	stray_quote_last();
	stray_quote_middle();
	return done_testing();
}
