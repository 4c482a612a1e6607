/*
 * input.c: byte streams from files or stdin.  zlib's gzread reads plain
 * files unchanged and gzip files decompressed, deciding by the first
 * bytes, so "file.csv.gz", "export" and a pipe from curl all just work.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "xf.h"

struct xf_input {
	gzFile		 gz;
	const char	*name;
	char		 ahead[XF_PEEK_MAX];	/* peeked, not yet read */
	size_t		 nahead, pahead;
};

enum { GZ_BUFFER = 128 * 1024 };

struct xf_input *
xf_input_open(const char *path, struct xf_err *err)
{
	struct xf_input *in;
	struct stat sb;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		path = "-";
		fd = dup(STDIN_FILENO);
	} else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		xf_errf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/* open(2) takes a directory; reading it would fail later and
	 * less clearly. */
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		xf_errf(err, "%s: %s", path, strerror(EISDIR));
		close(fd);
		return NULL;
	}
	if ((in = calloc(1, sizeof(*in))) == NULL ||
	    (in->gz = gzdopen(fd, "rb")) == NULL) {
		free(in);
		close(fd);
		xf_errf(err, "%s: out of memory", path);
		return NULL;
	}
	gzbuffer(in->gz, GZ_BUFFER);
	in->name = path;
	return in;
}

/* Reads from zlib, all of len unless the input ends first. */
static long
gz_fill(struct xf_input *in, char *buf, size_t len, struct xf_err *err)
{
	size_t got = 0;
	long n;

	while (got < len) {
		n = xf_input_read(in, buf + got, len - got, err);
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

long
xf_input_peek(struct xf_input *in, const char **p, struct xf_err *err)
{
	long n;

	if (in->nahead == 0 && in->pahead == 0) {
		if ((n = gz_fill(in, in->ahead, sizeof(in->ahead), err)) == -1)
			return -1;
		in->nahead = (size_t)n;
	}
	*p = in->ahead + in->pahead;
	return (long)(in->nahead - in->pahead);
}

long
xf_input_read(struct xf_input *in, void *buf, size_t len,
    struct xf_err *err)
{
	const char *msg;
	size_t k;
	int n, code;

	if (in->pahead < in->nahead) {
		k = in->nahead - in->pahead;
		if (k > len)
			k = len;
		memcpy(buf, in->ahead + in->pahead, k);
		in->pahead += k;
		return (long)k;
	}
	if (len > INT_MAX)
		len = INT_MAX;
	n = gzread(in->gz, buf, (unsigned)len);
	if (n >= 0)
		return n;
	msg = gzerror(in->gz, &code);
	if (code == Z_ERRNO)
		msg = strerror(errno);
	return xf_errf(err, "%s: %s", in->name, msg);
}

void
xf_input_close(struct xf_input *in)
{
	if (in == NULL)
		return;
	gzclose(in->gz);
	free(in);
}

int
xf_input_slurp(struct xf_input *in, struct xf_buf *out, size_t max,
    struct xf_err *err)
{
	char block[64 * 1024];
	long got;

	xf_buf_reset(out);
	while ((got = xf_input_read(in, block, sizeof(block), err)) > 0) {
		if (out->len + (size_t)got > max)
			return xf_errf(err, "%s: longer than %zu bytes",
			    in->name, max);
		if (xf_buf_add(out, block, (size_t)got) == -1)
			return xf_errf(err, "%s: out of memory", in->name);
	}
	return got == -1 ? -1 : 0;
}
