/*
 * fixture.h: what the calendar and SLA unit tests share: the shipped
 * share/ folder, times written as local wall-clock text, and small files
 * written for a test into its own folder (tmpdir, made by the test).
 * Include after tap.h and xf.h; one test program a file, so the statics
 * are that program's own.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char sharedir[1024];
static char tmpdir[1024];

/*
 * $XF_SHARE, else share/ beside the build folder the test runs from
 * (build/unit/NAME.t), else share/ under the current folder.
 */
static void
find_share(const char *argv0)
{
	const char *env = getenv("XF_SHARE"), *slash;
	char probe[PATH_MAX + 32];

	if (env != NULL && *env != '\0') {
		snprintf(sharedir, sizeof(sharedir), "%s", env);
		return;
	}
	if ((slash = strrchr(argv0, '/')) != NULL) {
		snprintf(sharedir, sizeof(sharedir), "%.*s/../../share",
		    (int)(slash - argv0), argv0);
		snprintf(probe, sizeof(probe), "%s/policy.tsv", sharedir);
		if (access(probe, R_OK) == 0)
			return;
	}
	snprintf(sharedir, sizeof(sharedir), "share");
}

/* A local time, e.g. "2026-02-13 17:00", in the current zone. */
static int64_t
at(const char *s)
{
	int64_t t = 0;

	if (xf_time_parse(s, &t) == -1) {
		printf("# bad time in the test: %s\n", s);
		exit(2);
	}
	return t;
}

static const char *
iso(int64_t t, char buf[XF_TIMELEN])
{
	if (xf_time_format(t, buf, XF_TIMELEN) == -1)
		snprintf(buf, XF_TIMELEN, "%lld", (long long)t);
	return buf;
}

#define is_time(got, want, name) do {					\
	char b_[XF_TIMELEN];						\
	is_str(iso((got), b_), (want), (name));				\
} while (0)

/* Writes text to name in the test's folder; its path into path. */
static void
write_file(const char *name, const char *text, char *path, size_t len)
{
	FILE *fp;

	snprintf(path, len, "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) == EOF ||
	    fclose(fp) == EOF) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* The test's own folder, $TMPDIR/xf-NAME.XXXXXX; bails out without. */
static void
make_tmpdir(const char *name)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/xf-%s.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp", name);
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! cannot make a temporary folder\n");
		exit(1);
	}
}

static void
remove_tmpdir(void)
{
	char cmd[sizeof(tmpdir) + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
}

#endif
