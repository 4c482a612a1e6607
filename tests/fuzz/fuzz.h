/*
 * fuzz.h: what the libFuzzer harnesses of tests/fuzz share (make fuzz,
 * tests/fuzz/README).  Each harness is one program, so the statics are
 * its own.  The library reads files and streams by name: an input
 * becomes a memfd, named /proc/self/fd/N, so that no run writes to the
 * disk, and a settings file or template one file of a folder of the
 * process's own, made once.  Every zone and clock is pinned so that an
 * input does the same thing at every run.
 */
#ifndef FUZZ_H
#define FUZZ_H

#define _GNU_SOURCE	/* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xf.h"

/* 2026-03-05 10:00 in Shanghai: the tests' pinned clock. */
#define FUZZ_NOW	INT64_C(1772676000)

/* In memory where there is a tmpfs: a file on a disk costs milliseconds
 * an input (template ran 230 inputs a second in /tmp). */
static char fuzz_dir[64];

static inline void
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}

static inline void
fuzz_cleanup(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove %s\n", fuzz_dir);
}

/* The zone of the tests, and a folder for the files a harness writes. */
static inline void
fuzz_setup(int want_dir)
{
	struct xf_err e;

	setenv("TZ", "Asia/Shanghai", 1);
	unsetenv("XF_TZ");
	setenv("XF_NOW", "2026-03-05 10:00", 1);
	setenv("XF_NOTIFY", "off", 1);
	if (xf_tz_setup(&e) == -1)
		fuzz_die(e.msg);
	if (!want_dir)
		return;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/xf-fuzz-XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL)
		fuzz_die("mkdtemp");
	atexit(fuzz_cleanup);
}

/* data as a string: its bytes and a NUL (data may hold NULs too). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		fuzz_die("out of memory");
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Writes data to fd whole. */
static inline void
fuzz_write(int fd, const uint8_t *data, size_t size)
{
	ssize_t w;

	while (size > 0) {
		if ((w = write(fd, data, size)) <= 0)
			fuzz_die("write");
		data += w;
		size -= (size_t)w;
	}
}

/* data as an input stream the library reads by name. */
static inline struct xf_input *
fuzz_input(const uint8_t *data, size_t size)
{
	static char path[64];	/* the input keeps its name, not a copy */
	struct xf_input *in;
	struct xf_err e;
	int fd;

	if ((fd = memfd_create("fuzz", 0)) == -1)
		fuzz_die("memfd_create");
	fuzz_write(fd, data, size);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	in = xf_input_open(path, &e);
	close(fd);
	if (in == NULL)
		fuzz_die(e.msg);
	return in;
}

/* Writes data to name in the harness's folder; its path into path. */
static inline void
fuzz_file(const char *name, const uint8_t *data, size_t size, char *path,
    size_t len)
{
	FILE *fp;

	snprintf(path, len, "%s/%s", fuzz_dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		fuzz_die(path);
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		fuzz_die(path);
	if (fclose(fp) == EOF)
		fuzz_die(path);
}

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
