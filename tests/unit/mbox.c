/*
 * mbox.c: which lines split an mbox (xf_mbox_from_line), and a message
 * hidden in another's body (xf_mbox_embedded).
 *
 * The times were computed with GNU date(1), e.g.
 * `date -u -d "2001-08-05 09:51:15" +%s` is 997005075; a "+0200" line
 * is two hours earlier in UTC (996997875), a "-0500" one five hours
 * later (997023075).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "xf.h"

#define AUG5		INT64_C(997005075)	/* 2001-08-05T09:51:15Z */
#define AUG5_0200	INT64_C(996997875)	/* the same, at +0200 */
#define AUG5_M0500	INT64_C(997023075)	/* the same, at -0500 */
#define AUG5_NOSEC	INT64_C(997005060)	/* 2001-08-05T09:51:00Z */

static const struct {
	const char	*line;
	int64_t		 when;
} seps[] = {
	{ "From ada@example.org Sun Aug  5 09:51:15 2001\n", AUG5 },
	{ "From ada@example.org Sun Aug 05 09:51:15 2001\r\n", AUG5 },
	{ "From ada@example.org  Sun Aug  5 09:51:15 2001  \n", AUG5 },
	{ "From \"b c\"@example.org Sun Aug  5 09:51:15 2001\n", AUG5 },
	{ "From zvfjenphuq@[1086695621] [ufa]  Sun Aug  5 09:51:15 2001\n",
	    AUG5 },
	{ "From ada@example.org Sun Aug  5 09:51:15 2001 +0200\n",
	    AUG5_0200 },
	{ "From ada@example.org Sun Aug  5 09:51:15 +0200 2001\n",
	    AUG5_0200 },
	{ "From ada@example.org Sun Aug  5 09:51:15 -0500 2001\n",
	    AUG5_M0500 },
	{ "From ada@example.org Sun Aug  5 09:51:15 PDT 2001\n", AUG5 },
	{ "From ada@example.org Sun Aug  5 09:51 2001\n", AUG5_NOSEC },
	{ "From ada@example.org Sun Aug  5 09:51 2001 +0000\n", AUG5_NOSEC },
	{ "From ada@example.org sun aug  5 09:51:15 2001\n", AUG5 },
	{ "From ada Sun Aug  5 09:51:15 2001 remote from uunet\n", AUG5 },
	{ "From MAILER-DAEMON Sun Aug  5 09:51:15 2001\n", AUG5 },
	{ "From  Sun Aug  5 09:51:15 2001\n", AUG5 },
	{ "From x@y\tSun Aug\t5 09:51:15 2001\n", AUG5 },
	{ "From x@y Thu Jan  1 00:00:00 1970\n", 0 },	/* epoch 0 */
	{ "From x@y Mon Jan  1 00:00:00 1951\n", 0 },	/* before 1970 */
};

static const char *const bodies[] = {
	"From the start I said it was broken.\n",
	"From ada@example.org\n",
	"From ada@example.org Sun Aug  5 2001\n",
	"From ada@example.org Sun Aug  5 09:51:15\n",
	"From ada@example.org Aug  5 09:51:15 2001\n",		/* no weekday */
	"From ada@example.org Sun Aug 32 09:51:15 2001\n",
	"From ada@example.org Sun Aug  5 24:00:00 2001\n",
	"From ada@example.org Sun Aug  5 09:61:15 2001\n",
	"From ada@example.org Sun Aug  5 9:51:15 2001\n",
	"From ada@example.org Sun Foo  5 09:51:15 2001\n",
	"From ada@example.org Sunday Aug  5 09:51:15 2001\n",
	"From ada@example.org Sun Aug  5 09:51:15 01\n",
	"From ada@example.org Sun Aug  5 09:51:15 2001 +02\n",
	"From ada@example.org Sun Aug  5 09:51:15 2001 +0260\n",
	"From ada@example.org Sun Aug  5 09:51:15 2001 then\n",
	"From my window in 2001 I saw it\n",
	"From: ada@example.org\n",
	"from ada@example.org Sun Aug  5 09:51:15 2001\n",
	">From ada@example.org Sun Aug  5 09:51:15 2001\n",
	"From \n",
	"From",
	"",
};

static void
test_separators(void)
{
	char name[160];
	int64_t when;
	size_t i;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		snprintf(name, sizeof(name), "separator: %.*s",
		    (int)strcspn(seps[i].line, "\r\n"), seps[i].line);
		when = -1;
		ok(xf_mbox_from_line(seps[i].line, strlen(seps[i].line),
		    &when), name);
		is_int(when, seps[i].when, "  and its time");
	}
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		snprintf(name, sizeof(name), "not a separator: '%.*s'",
		    (int)strcspn(bodies[i], "\r\n"), bodies[i]);
		ok(!xf_mbox_from_line(bodies[i], strlen(bodies[i]), &when),
		    name);
	}
	/* The length bounds the line: the date past it is not seen. */
	ok(!xf_mbox_from_line(seps[0].line, 20, &when),
	    "only the first n bytes are read");
}

/* Splits text (written to a temporary file) and collects what came. */
static int
split(const char *text, int64_t *lines, int64_t *embedded, int max)
{
	char path[] = "/tmp/xf-mbox-unit.XXXXXX";
	struct xf_input *in;
	struct xf_mbox *mb;
	struct xf_buf msg = { 0 };
	struct xf_err e;
	int64_t line, envdate;
	int fd, n = 0, toolong;

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    close(fd) == -1 || (in = xf_input_open(path, &e)) == NULL ||
	    (mb = xf_mbox_open(in, &e)) == NULL) {
		printf("Bail out! cannot set up %s\n", path);
		exit(1);
	}
	while (n < max && xf_mbox_next(mb, &msg, &line, &envdate, &toolong,
	    &e) == 1) {
		lines[n] = line;
		embedded[n++] = xf_mbox_embedded(mb);
	}
	xf_mbox_close(mb);
	xf_input_close(in);
	xf_buf_free(&msg);
	unlink(path);
	return n;
}

static void
test_split(void)
{
	int64_t lines[8], emb[8];
	int n;

	n = split(
	    "From a@example.org Sun Aug  5 09:51:15 2001\n"	/* 1 */
	    "Subject: one\n"
	    "\n"
	    "From the start I said it.\n"			/* 4 */
	    "Note: not a header.\n"
	    "Todo: nor this.\n"
	    "\n"
	    "From \"b c\"@example.org Sun Aug  5 09:51 2001 +0200\n" /* 8 */
	    "Subject: two\n"
	    "\n"
	    "text\n"
	    "From x@example.org Sun Aug  5 09:51:15 2001\n"	/* 12 */
	    "From: x@example.org\n"
	    "Subject: hidden\n"
	    "\n"
	    "From y@example.org someday\n"			/* 16 */
	    "Received: from a\n"
	    "  by b\n"
	    "Date: Sun, 5 Aug 2001 09:51:15 +0000\n"
	    "\n", lines, emb, 8);
	is_int(n, 2, "split: two messages, the unquoted one stays a body");
	is_int(lines[0], 1, "split: the first at line 1");
	is_int(emb[0], 0, "split: 'From the start' then text is no message");
	is_int(lines[1], 8, "split: a zone, no seconds, a space: line 8");
	is_int(emb[1], 12, "split: the message hidden in it, at line 12");
}

int
main(void)
{
	test_separators();
	test_split();
	return done_testing();
}
