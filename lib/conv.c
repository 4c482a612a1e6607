/*
 * conv.c: text in other character sets converted to UTF-8 (iconv).
 *
 * Apart from utf8.c because it reports errors: err.c makes every error
 * one safe line with utf8.c, so utf8.c must not call back into err.c.
 */
#include <ctype.h>
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
 * Converts in[0..len) into out through a stack chunk, until iconv(3) has
 * taken it all or stops at a sequence it cannot take: *eno is then its
 * errno (EILSEQ, or EINVAL for a sequence cut off at the end), else 0,
 * and *used how much of in was converted.  -1 only when out of memory.
 * UTF-8 output has no shift state, so no closing flush is needed.
 */
static int
conv_loop(struct xf_conv *c, const char *in, size_t len, size_t *used,
    int *eno, struct xf_buf *out, struct xf_err *err)
{
	/* iconv(3) takes char ** for input it only reads. */
	char chunk[CONV_CHUNK], *ip = (char *)in, *op;
	size_t il = len, ol, r;

	for (;;) {
		op = chunk;
		ol = sizeof(chunk);
		r = iconv(c->cd, &ip, &il, &op, &ol);
		*eno = r == (size_t)-1 ? errno : 0;
		*used = (size_t)(ip - in);
		if (xf_buf_add(out, chunk, sizeof(chunk) - ol) == -1)
			return xf_errf(err, "out of memory");
		if (*eno != E2BIG)
			return 0;
	}
}

/* All of in, or an error; on failure out may hold part of the text,
 * which xf_conv_run cuts back. */
static int
conv_all(struct xf_conv *c, const char *in, size_t len,
    struct xf_buf *out, struct xf_err *err)
{
	size_t used;
	int eno;

	if (conv_loop(c, in, len, &used, &eno, out, err) == -1)
		return -1;
	if (eno != 0)
		return xf_errf(err, "invalid %s sequence at byte %zu",
		    c->name, used);
	return 0;
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

/*
 * The stream form: as much of in[0..len) as makes whole characters.  A
 * character cut by the end of in is left (not counted in *used) for the
 * next call to finish, unless last says no more is coming.  On error
 * *used is where the bad sequence starts.
 */
int
xf_conv_feed(struct xf_conv *c, const char *in, size_t len, int last,
    size_t *used, struct xf_buf *out, struct xf_err *err)
{
	int eno;

	if (conv_loop(c, in, len, used, &eno, out, err) == -1)
		return -1;
	if (eno == 0 || (eno == EINVAL && !last))
		return 0;
	if (eno == EINVAL)
		return xf_errf(err, "the input ends in the middle of a "
		    "%s character: it was cut short, or is not %s",
		    c->name, c->name);
	return xf_errf(err, "invalid %s text: if the input is in another "
	    "encoding, give it with -e", c->name);
}

/* --- byte order marks and the wide encodings ------------------------ */

/* Longest first: the UTF-32LE mark begins with the UTF-16LE one. */
static const struct bom {
	const char	*mark;
	size_t		 len;
	const char	*charset;
} boms[] = {
	{ "\x00\x00\xfe\xff", 4, "UTF-32BE" },
	{ "\xff\xfe\x00\x00", 4, "UTF-32LE" },
	{ "\xef\xbb\xbf", 3, "UTF-8" },
	{ "\xfe\xff", 2, "UTF-16BE" },
	{ "\xff\xfe", 2, "UTF-16LE" },
};

size_t
xf_bom(const char *p, size_t n, const char **charset)
{
	size_t i;

	for (i = 0; i < nitems(boms); i++)
		if (n >= boms[i].len &&
		    memcmp(p, boms[i].mark, boms[i].len) == 0) {
			*charset = boms[i].charset;
			return boms[i].len;
		}
	*charset = NULL;
	return 0;
}

/* name lower-cased without '-' and '_' ("UTF-16le" -> "utf16le"). */
static void
fold_name(const char *name, char *out, size_t len)
{
	size_t k = 0;

	for (; *name != '\0' && k + 1 < len; name++)
		if (*name != '-' && *name != '_')
			out[k++] = (char)tolower((unsigned char)*name);
	out[k] = '\0';
}

enum { NAME_MAX_FOLDED = 32 };

/* 16 or 32 for a label of the UTF-16 or UTF-32 family, else 0; *order
 * is 'l' or 'b' when the label says the byte order, else 0. */
static int
wide_family(const char *name, char *order)
{
	static const struct {
		const char	*stem;
		int		 width;
	} fam[] = {
		{ "utf16", 16 }, { "ucs2", 16 }, { "unicode", 16 },
		{ "utf32", 32 }, { "ucs4", 32 },
	};
	char f[NAME_MAX_FOLDED];
	const char *rest;
	size_t i, n;

	fold_name(name, f, sizeof(f));
	for (i = 0; i < nitems(fam); i++) {
		n = strlen(fam[i].stem);
		if (strncmp(f, fam[i].stem, n) != 0)
			continue;
		rest = f + n;
		*order = strcmp(rest, "le") == 0 || strcmp(rest, "little") == 0 ?
		    'l' : strcmp(rest, "be") == 0 || strcmp(rest, "big") == 0 ?
		    'b' : 0;
		if (*order != 0 || *rest == '\0')
			return fam[i].width;
	}
	return 0;
}

int
xf_charset_wide(const char *name)
{
	char order;

	return wide_family(name, &order) != 0;
}

int
xf_charset_agrees(const char *label, const char *bom)
{
	char lo, bo, lf[NAME_MAX_FOLDED], bf[NAME_MAX_FOLDED];
	int lw = wide_family(label, &lo), bw = wide_family(bom, &bo);

	if (lw != 0 || bw != 0)
		return lw == bw && (lo == 0 || lo == bo);
	fold_name(label, lf, sizeof(lf));
	fold_name(bom, bf, sizeof(bf));
	return strcmp(lf, bf) == 0;
}

/*
 * Text of a mostly ASCII language in UTF-16 has a zero byte in every
 * other place: after each ASCII byte in little-endian order, before it
 * in big-endian.  Chinese text has few zeros either way; Windows, whose
 * exports these are, writes little-endian, so a tie says that.
 */
static char
sniff_order16(const char *p, size_t n)
{
	size_t i, even = 0, odd = 0;

	for (i = 0; i + 1 < n; i += 2) {
		even += p[i] == '\0';
		odd += p[i + 1] == '\0';
	}
	return even > odd ? 'b' : 'l';
}

/*
 * UTF-16 of mostly ASCII text: a zero byte in at least a quarter of the
 * places of one parity and none, or hardly any, in the other.  Text in
 * any 8-bit encoding has no zero bytes at all.
 */
int
xf_utf16_like(const char *p, size_t n)
{
	size_t i, even = 0, odd = 0, pairs = n / 2;

	for (i = 0; i + 1 < n; i += 2) {
		even += p[i] == '\0';
		odd += p[i + 1] == '\0';
	}
	if (pairs < 2)
		return 0;
	return (even * 4 >= pairs && odd * 8 < even) ||
	    (odd * 4 >= pairs && even * 8 < odd);
}

const char *
xf_charset_wide_name(const char *label, const char *p, size_t n)
{
	char order;
	int width = wide_family(label, &order);

	if (width == 0)
		return label;
	if (order == 0)
		order = width == 16 ? sniff_order16(p, n) : 'b';
	if (width == 16)
		return order == 'l' ? "UTF-16LE" : "UTF-16BE";
	return order == 'l' ? "UTF-32LE" : "UTF-32BE";
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
