/*
 * template: a notice template (template.c) read as a notice, with its
 * Subject: line, and as a canned answer, without one, then filled with
 * every name a template may use.
 */
#include "fuzz.h"

#include <sys/stat.h>

#define NVARS_MAX	64

static struct xf_tvar vars[NVARS_MAX];
static size_t nvars;

static void
fill(const char *kind)
{
	struct xf_buf subject = { 0 }, body = { 0 };
	struct xf_template t;
	struct xf_err e;

	if (xf_template_load(&t, fuzz_dir, kind, "en", &e) == 0) {
		(void)xf_template_fill(&t, vars, nvars,
		    t.subject != NULL ? &subject : NULL, &body, &e);
		xf_template_free(&t);
	}
	xf_buf_free(&subject);
	xf_buf_free(&body);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *const *names;
	char path[256];
	size_t i, n;

	(void)argc;
	(void)argv;
	fuzz_setup(1);
	snprintf(path, sizeof(path), "%s/canned", fuzz_dir);
	if (mkdir(path, 0700) == -1)
		fuzz_die(path);
	names = xf_template_vars(&n);
	for (i = 0; i < n && i < NVARS_MAX; i++) {
		vars[i].name = names[i];
		/* One empty, the others text with braces of their own. */
		vars[i].value = i == 1 ? NULL : "{ref} 张三 }}{{";
	}
	nvars = i;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[256];

	fuzz_file("accepted.en", data, size, path, sizeof(path));
	fill("accepted");
	fuzz_file("canned/fuzz.en", data, size, path, sizeof(path));
	fill("canned/fuzz");
	return 0;
}
