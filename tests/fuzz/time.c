/*
 * time: what a person or a mail header writes for a time (time.c,
 * timebound.c, zone.c): every form xf_time_read takes, with each flag,
 * the bounds of --since and --until, spans of the policy file; a time
 * read must print and read back the same.
 */
#include "fuzz.h"

static void
read_back(int64_t t)
{
	char buf[XF_TIMELEN];
	int64_t again;

	if (xf_time_format(t, buf, sizeof(buf)) == -1)
		return;
	if (xf_time_parse(buf, &again) == -1 || again != t) {
		fprintf(stderr, "fuzz: %lld printed as %s reads back as "
		    "%lld\n", (long long)t, buf, (long long)again);
		abort();
	}
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
	struct xf_span sp;
	struct xf_err e;
	char *s, buf[64];
	int64_t t;
	int flags;

	if (size < 1)
		return 0;
	flags = data[0] & (XF_TIME_MAIL | XF_TIME_NOW | XF_TIME_DAYEND);
	s = fuzz_str(data + 1, size - 1);
	if (xf_time_read(s, flags, FUZZ_NOW, &t, &e) == 0)
		read_back(t);
	if (xf_time_parse(s, &t) == 0)
		read_back(t);
	(void)xf_time_bound(s, data[0] & 0x80, FUZZ_NOW, &t, &e);
	if (xf_span_parse(s, &sp) == 0)
		xf_span_format(&sp, buf, sizeof(buf));
	free(s);
	return 0;
}
