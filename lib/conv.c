/*
 * conv.c: text in other character sets converted to UTF-8 (iconv).
 *
 * Apart from utf8.c because it reports errors: err.c makes every error
 * one safe line with utf8.c, so utf8.c must not call back into err.c.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

enum {
	CONV_CHUNK = 4096	/* iconv output is staged through this stack */
};

struct xf_conv {
	iconv_t	 cd;
	char	*name;		/* as the caller spelled it, for messages */
};

/*
 * Mail labelled GB2312 or GBK often holds characters only GB18030 has,
 * and GB18030 decodes every GB2312 and GBK text the same way, so those
 * labels get the superset.
 */
static const char *
conv_alias(const char *charset)
{
	static const char *const gb[] = { "gb2312", "gbk", "cp936" };
	size_t i;

	for (i = 0; i < nitems(gb); i++)
		if (strcasecmp(charset, gb[i]) == 0)
			return "GB18030";
	return charset;
}

struct xf_conv *
xf_conv_open(const char *charset, struct xf_err *err)
{
	struct xf_conv *c;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->name = strdup(charset)) == NULL) {
		free(c);
		xf_errf(err, "out of memory");
		return NULL;
	}
	c->cd = iconv_open("UTF-8", conv_alias(charset));
	if (c->cd == (iconv_t)-1) {
		if (errno == EINVAL)
			xf_errf(err, "unknown character set '%s'", charset);
		else
			xf_errf(err, "can't convert from '%s': %s", charset,
			    strerror(errno));
		free(c->name);
		free(c);
		return NULL;
	}
	return c;
}

/*
 * Converts into out through a stack chunk. On failure out may hold part
 * of the text; xf_conv_run cuts it back. UTF-8 output has no shift
 * state, so no closing flush is needed.
 */
static int
conv_all(struct xf_conv *c, const char *in, size_t len,
    struct xf_buf *out, struct xf_err *err)
{
	/* iconv(3) takes char ** for input it only reads. */
	char chunk[CONV_CHUNK], *ip = (char *)in, *op;
	size_t il = len, ol, r;
	int e;

	for (;;) {
		op = chunk;
		ol = sizeof(chunk);
		r = iconv(c->cd, &ip, &il, &op, &ol);
		e = errno;
		if (xf_buf_add(out, chunk, sizeof(chunk) - ol) == -1)
			return xf_errf(err, "out of memory");
		if (r != (size_t)-1)
			return 0;
		/* EILSEQ, or EINVAL for a sequence cut off at the end. */
		if (e != E2BIG)
			return xf_errf(err, "invalid %s sequence at byte %zu",
			    c->name, (size_t)(ip - in));
	}
}

int
xf_conv_run(struct xf_conv *c, const char *in, size_t len,
    struct xf_buf *out, struct xf_err *err)
{
	size_t orig = out->len;

	/* A failed earlier call may have left the converter mid-sequence. */
	iconv(c->cd, NULL, NULL, NULL, NULL);
	if (conv_all(c, in, len, out, err) == -1)
		goto fail;
	if (!xf_utf8_valid(out->p ? out->p + orig : "", out->len - orig)) {
		xf_errf(err, "%s text does not convert to valid UTF-8",
		    c->name);
		goto fail;
	}
	return 0;
fail:
	out->len = orig;
	if (out->p)
		out->p[orig] = '\0';
	return -1;
}

void
xf_conv_close(struct xf_conv *c)
{
	if (c == NULL)
		return;
	iconv_close(c->cd);
	free(c->name);
	free(c);
}
