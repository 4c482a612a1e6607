/*
 * redact: the masks of personal data (redact.c) over any bytes, names
 * masked, and a text, TSV or CSV stream (redactrec.c) fed in pieces cut
 * where the input says.  A mask keeps every byte it does not hide, so
 * the output of xf_redact has the line breaks and tabs of its input.
 */
#include "fuzz.h"

static size_t
count(const char *p, size_t n, char c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += p[i] == c;
	return k;
}

static void
check_same_shape(const char *in, size_t n, const struct xf_buf *out)
{
	if (count(in, n, '\n') != count(out->p, out->len, '\n') ||
	    count(in, n, '\t') != count(out->p, out->len, '\t'))
		fuzz_die("redact: lines or fields changed");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum xf_redact_fmt fmts[] = { XF_REDACT_TEXT,
	    XF_REDACT_TSV, XF_REDACT_CSV };
	struct xf_buf out = { 0 };
	struct xf_redactor r;
	const char *text;
	unsigned found;
	size_t piece, at, n;
	uint8_t how;
	char *s;

	if (size < 1)
		return 0;
	how = data[0];
	text = (const char *)data + 1;
	n = size - 1;
	if (xf_redact(text, n, &out, &found) == 0)
		check_same_shape(text, n, &out);
	xf_buf_reset(&out);
	s = fuzz_str(data + 1, n);
	(void)xf_redact_name(s, &out);
	free(s);
	xf_buf_reset(&out);

	xf_redactor_init(&r, fmts[(how & 0x7f) % 3]);
	if (how & 0x80)
		(void)xf_redactor_name(&r, "handler");
	piece = (size_t)(how >> 2 & 0x1f) + 1;
	for (at = 0; at < n; at += piece)
		if (xf_redactor_feed(&r, text + at,
		    n - at < piece ? n - at : piece, &out) == -1)
			break;
	(void)xf_redactor_end(&r, &out);
	xf_redactor_free(&r);
	xf_buf_free(&out);
	return 0;
}
