/*
 * mbox: the splitter (mailbox.c) over an input stream, plain or gzip as
 * input.c finds it: every message, the embedded-message check, and the
 * From_ line reader on each line of the input.
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(0);
	return 0;
}

/* Every line of data as a From_ line candidate. */
static void
from_lines(const char *p, size_t n)
{
	const char *nl;
	int64_t when;
	size_t len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;

		(void)xf_mbox_from_line(p, len, &when);
		if (nl == NULL)
			break;
		n -= len + 1;
		p = nl + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xf_buf msg = { 0 };
	struct xf_input *in;
	struct xf_mbox *mb;
	struct xf_err e;
	int64_t line, envdate;
	int toolong;

	from_lines((const char *)data, size);
	in = fuzz_input(data, size);
	if ((mb = xf_mbox_open(in, &e)) != NULL) {
		while (xf_mbox_next(mb, &msg, &line, &envdate, &toolong,
		    &e) == 1)
			(void)xf_mbox_embedded(mb);
		xf_mbox_close(mb);
	}
	xf_input_close(in);
	xf_buf_free(&msg);
	return 0;
}
