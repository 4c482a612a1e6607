/*
 * tokenize: the tokens of the classifier (tokenize.c), the search
 * index's terms and a query's FTS5 expression (search.c), and the
 * normalised text behind fingerprints and near-duplicates
 * (fingerprint.c, simhash.c).
 */
#include "fuzz.h"

static int
count(void *ctx, const char *tok, size_t len)
{
	size_t *n = ctx;

	if (len == 0 || len > XF_TOKEN_MAX || tok[0] == '\0')
		fuzz_die("tokenize: an empty or overlong token");
	(*n)++;
	return 0;
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
	const char *text = (const char *)data;
	struct xf_buf out = { 0 };
	size_t n = 0;
	char *s;

	(void)xf_tokens(text, size, count, &n);
	(void)xf_tokens_pairs(text, size, count, &n);
	(void)xf_search_terms(text, size, &out);
	xf_buf_reset(&out);
	s = fuzz_str(data, size);
	(void)xf_search_match(s, &out);
	xf_buf_reset(&out);
	/* These take only UTF-8, which intake has checked. */
	if (xf_utf8_valid(text, size)) {
		(void)xf_text_normalize(text, size, &out);
		(void)xf_simhash(text, size);
	}
	free(s);
	xf_buf_free(&out);
	return 0;
}
