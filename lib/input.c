/*
 * input.c: byte streams from files or stdin.  zlib's gzread reads plain
 * files unchanged and gzip files decompressed, deciding by the first
 * bytes, so "file.csv.gz", "export" and a pipe from curl all just work.
 *
 * A stream in UTF-16 or UTF-32 (Excel's "Unicode text") can be decoded
 * to UTF-8 as it is read (xf_input_decode), a block at a time, so a
 * million rows cost no more memory than ten.  Only whole files are
 * decoded so: their commas, tabs and line ends are not single bytes,
 * so they cannot be found before decoding.
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

/* Decoding to UTF-8: raw bytes wait in raw, UTF-8 ones in text. */
struct decoder {
	struct xf_conv	*conv;
	char		 raw[64 * 1024];
	size_t		 nraw;
	int		 eof;
	struct xf_buf	 text;
	size_t		 ptext;
	uint64_t	 offset;	/* of raw[0] in the input */
	int64_t		 lines;		/* line ends decoded so far */
	struct xf_err	 bad;		/* for after the text before it */
	int		 broken;
};

struct xf_input {
	gzFile		 gz;
	const char	*name;
	char		 ahead[XF_PEEK_MAX];	/* peeked, not yet read */
	size_t		 nahead, pahead;
	uint64_t	 taken;		/* bytes raw_read returned */
	struct decoder	*dec;
};

enum { GZ_BUFFER = 128 * 1024 };

static long gz_read(struct xf_input *, void *, size_t, struct xf_err *);

struct xf_input *
xf_input_open(const char *path, struct xf_err *err)
{
	struct xf_input *in;
	struct stat sb;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		path = "stdin";
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
		n = gz_read(in, buf + got, len - got, err);
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

/* zlib's bytes, past what was peeked. */
static long
gz_read(struct xf_input *in, void *buf, size_t len, struct xf_err *err)
{
	const char *msg;
	int n, code;

	if (len > INT_MAX)
		len = INT_MAX;
	if ((n = gzread(in->gz, buf, (unsigned)len)) >= 0)
		return n;
	msg = gzerror(in->gz, &code);
	if (code == Z_ERRNO)
		msg = strerror(errno);
	return xf_errf(err, "%s: %s", in->name, msg);
}

/* The input's own bytes: what was peeked first, then zlib's. */
static long
raw_read(struct xf_input *in, void *buf, size_t len, struct xf_err *err)
{
	size_t k;
	long n;

	if (in->pahead < in->nahead) {
		k = in->nahead - in->pahead;
		if (k > len)
			k = len;
		memcpy(buf, in->ahead + in->pahead, k);
		in->pahead += k;
		in->taken += k;
		return (long)k;
	}
	if ((n = gz_read(in, buf, len, err)) > 0)
		in->taken += (uint64_t)n;
	return n;
}

int
xf_input_decode(struct xf_input *in, const char *charset,
    struct xf_err *err)
{
	struct xf_err ce;

	if ((in->dec = calloc(1, sizeof(*in->dec))) == NULL)
		return xf_errf(err, "%s: out of memory", in->name);
	if ((in->dec->conv = xf_conv_open(charset, &ce)) == NULL) {
		free(in->dec);
		in->dec = NULL;
		return xf_errf(err, "%s: %s", in->name, ce.msg);
	}
	in->dec->offset = in->taken;	/* a byte order mark, say */
	return 0;
}

static int64_t
count_lines(const char *p, size_t n)
{
	const char *nl;
	int64_t k = 0;

	while ((nl = memchr(p, '\n', n)) != NULL) {
		k++;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	return k;
}

/*
 * Decodes the next block into d->text; 0 at the end.  An error names
 * the line (of the decoded text) and the byte (of the input) where the
 * bad text starts.
 */
static int
decode_more(struct xf_input *in, struct xf_err *err)
{
	struct decoder *d = in->dec;
	struct xf_err ce;
	size_t used;
	long n;

	xf_buf_reset(&d->text);
	d->ptext = 0;
	if (d->broken) {
		*err = d->bad;
		return -1;
	}
	while (d->text.len == 0) {
		if (!d->eof) {
			n = raw_read(in, d->raw + d->nraw,
			    sizeof(d->raw) - d->nraw, err);
			if (n == -1)
				return -1;
			d->eof = n == 0;
			d->nraw += (size_t)n;
		}
		if (d->nraw == 0)
			return 0;
		if (xf_conv_feed(d->conv, d->raw, d->nraw, d->eof, &used,
		    &d->text, &ce) == -1) {
			/* The good text before the bad goes first. */
			xf_errf(&d->bad, "%s:%lld: byte %llu: %s", in->name,
			    (long long)(d->lines + count_lines(d->text.p ?
			    d->text.p : "", d->text.len) + 1),
			    (unsigned long long)(d->offset + used), ce.msg);
			d->broken = 1;
			if (d->text.len == 0) {
				*err = d->bad;
				return -1;
			}
			break;
		}
		memmove(d->raw, d->raw + used, d->nraw - used);
		d->nraw -= used;
		d->offset += used;
	}
	d->lines += count_lines(d->text.p, d->text.len);
	return 1;
}

static long
decode_read(struct xf_input *in, void *buf, size_t len, struct xf_err *err)
{
	struct decoder *d = in->dec;
	size_t k;
	int rc;

	if (d->ptext == d->text.len && (rc = decode_more(in, err)) <= 0)
		return rc;
	k = d->text.len - d->ptext;
	if (k > len)
		k = len;
	memcpy(buf, d->text.p + d->ptext, k);
	d->ptext += k;
	return (long)k;
}

long
xf_input_read(struct xf_input *in, void *buf, size_t len,
    struct xf_err *err)
{
	if (in->dec != NULL)
		return decode_read(in, buf, len, err);
	return raw_read(in, buf, len, err);
}

void
xf_input_close(struct xf_input *in)
{
	if (in == NULL)
		return;
	if (in->dec != NULL) {
		xf_conv_close(in->dec->conv);
		xf_buf_free(&in->dec->text);
		free(in->dec);
	}
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

const char *
xf_input_name(const struct xf_input *in)
{
	return in->name;
}
