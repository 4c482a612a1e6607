/*
 * xf-redact: personal data masked in any text, TSV or CSV stream.
 *
 *	xf-redact [-f text|tsv|csv] [-n column]... [file ...]
 *
 * A filter, so that anything xf prints (or anything else) can be handed
 * to someone who may not see who complained: a supplier, a vendor's
 * support, a slide.  The rules are lib/redact.c's, the same ones the
 * commands' exports use; this command only reads and writes.  The
 * format is never guessed: text unless -f says otherwise, as the same
 * bytes must come out of a pipe and a terminal.
 */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define CHUNK	65536

static const char usage_text[] =
    "usage: xf-redact [-f text|tsv|csv] [-n column]... [file ...]\n";

static const struct option longopts[] = {
	CMD_STD_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn))
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(EXIT_USAGE);
}

static enum xf_redact_fmt
format(const char *arg)
{
	if (strcmp(arg, "text") == 0)
		return XF_REDACT_TEXT;
	if (strcmp(arg, "tsv") == 0)
		return XF_REDACT_TSV;
	if (strcmp(arg, "csv") == 0)
		return XF_REDACT_CSV;
	errx(EXIT_USAGE, "-f %s: text, tsv or csv", arg);
}

/* One input, start to end: 0, or -1 (warned) when it cannot be read. */
static int
filter(struct xf_redactor *r, const char *path, char *buf)
{
	struct xf_input *in;
	struct xf_buf out = { 0 };
	struct xf_err e;
	long got;

	if ((in = xf_input_open(path, &e)) == NULL) {
		warnx("%s", e.msg);
		return -1;
	}
	while ((got = xf_input_read(in, buf, CHUNK, &e)) > 0) {
		xf_buf_reset(&out);
		if (xf_redactor_feed(r, buf, (size_t)got, &out) == -1)
			errx(EXIT_TEMPFAIL, "out of memory");
		cmd_put(&out);
	}
	xf_input_close(in);
	xf_buf_reset(&out);
	if (xf_redactor_end(r, &out) == -1)
		errx(EXIT_TEMPFAIL, "out of memory");
	cmd_put(&out);
	xf_buf_free(&out);
	if (got == -1) {
		warnx("%s", e.msg);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct xf_redactor r;
	enum xf_redact_fmt fmt = XF_REDACT_TEXT;
	const char *named[XF_REDACT_NAMED_MAX];
	size_t nnamed = 0, k;
	char *buf;
	int ch, i, failed = 0;

	cmd_start(argc, argv);
	while ((ch = getopt_long(argc, argv, "f:n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			fmt = format(optarg);
			break;
		case 'n':
			if (nnamed == XF_REDACT_NAMED_MAX)
				errx(EXIT_USAGE, "-n: at most %d columns",
				    XF_REDACT_NAMED_MAX);
			named[nnamed++] = optarg;
			break;
		default:
			cmd_std_option(ch, usage_text);
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (nnamed > 0 && fmt == XF_REDACT_TEXT)
		errx(EXIT_USAGE, "-n names a column: with -f tsv or -f csv");
	if ((buf = malloc(CHUNK)) == NULL)
		errx(EXIT_TEMPFAIL, "out of memory");
	/* Each file is a table of its own, with its own header. */
	for (i = 0; i == 0 || i < argc; i++) {
		xf_redactor_init(&r, fmt);
		for (k = 0; k < nnamed; k++)
			xf_redactor_name(&r, named[k]);
		if (filter(&r, argc > 0 ? argv[i] : "-", buf) == -1)
			failed = 1;
		xf_redactor_free(&r);
	}
	free(buf);
	cmd_flush();
	return failed ? EXIT_SOME : 0;
}
