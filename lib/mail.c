/*
 * mail.c: one raw e-mail message into the fields a complaint needs.
 *
 * GMime parses the message; this file decides what of it is the body,
 * what is an attachment and whether it is an auto-reply, and makes every
 * text valid UTF-8.  Body text is converted here rather than by GMime so
 * that the charset rules are ours: a GB2312 or GBK label is read as
 * GB18030 (and GBK's one-byte euro as Windows-936), a wrong or unknown
 * label falls back to guesses, and bytes no guess explains become U+FFFD
 * rather than failing the message.  Whatever was repaired or guessed is
 * said in m->warning.
 *
 * Per message the work is linear: text parts are read in place from the
 * parser's memory stream, decoded once and converted once.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "xf.h"

enum {
	DEPTH_MAX = 64,		/* MIME nesting followed (GMime caps it too) */
	WARN_MAX = 1024,	/* bytes of m->warning; more is cut to "..." */
	WARN_ONE_MAX = 256,	/* bytes of one warning */
	CHARSET_SHOWN = 40,	/* bytes of a charset name put in a warning */
	ATT_MIN = 4,		/* first size of the attachment array */
	LOOSE_MAX = 16384,	/* header bytes decoded leniently (see hdr_text) */
	CONV_CHUNK = 4096	/* stack staging for lossy conversion */
};

/* What walking a part may add. */
enum {
	WANT_BODY = 1,		/* its text goes into the body */
	TOP = 2			/* the message's own part, not a child */
};

#define FORWARD_LINE	"---------- Forwarded message ----------"
#define UTF8_REPLACEMENT	"\xEF\xBF\xBD"

struct parse {
	struct xf_mail		*m;
	GMimeParserOptions	*opts;	/* for parsing: strict RFC 2047 */
	GMimeParserOptions	*loose;	/* for the texts people read */
	struct xf_buf		 body;
	struct xf_buf		 warn;
	struct xf_buf		 tmp;	/* converted HTML before its text */
	size_t			 attcap;
	int			 warn_full;
	int			 text_full;	/* XF_MAIL_TEXT_MAX reached */
	int			 oom;
};

/* Charsets tried, in order, for a label and for what it is mistaken for. */
static const char *const gb_family[] = { "GB18030", "WINDOWS-936", NULL };
static const char *const big5_family[] = { "BIG5", "CP950", "BIG5-HKSCS",
    NULL };
static const char *const utf8_family[] = { "UTF-8", "GB18030", NULL };
static const char *const guesses[] = { "UTF-8", "GB18030", "ISO-8859-1",
    NULL };

static const char *const gb_labels[] = {
	"gb2312", "gbk", "gb18030", "cp936", "ms936", "windows-936",
	"x-gbk", "euc-cn", "x-euc-cn", "csgb2312", "gb_2312-80", "chinese",
};
static const char *const big5_labels[] = {
	"big5", "x-big5", "cn-big5", "csbig5", "big-5", "big5-hkscs",
	"cp950", "windows-950",
};
static const char *const utf8_labels[] = {
	"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8",
};
static const char *const ascii_labels[] = {
	"us-ascii", "ascii", "ansi_x3.4-1968", "us", "iso646-us",
};

/* Labels mailers write that iconv knows by another name. */
static const struct alias {
	const char	*label;
	const char	*iconv;
} aliases[] = {
	{ "ks_c_5601-1987", "CP949" }, { "ks_c_5601", "CP949" },
	{ "x-sjis", "SHIFT_JIS" }, { "x-euc-jp", "EUC-JP" },
	{ "unicode-1-1-utf-7", "UTF-7" }, { "x-mac-roman", "MACINTOSH" },
	{ "iso-8859-8-i", "ISO-8859-8" },
};

/* Subjects auto-replies open with (see mail_autoreply). */
static const char *const auto_subjects[] = {
	"out of office", "automatic reply", "auto-reply", "autoreply",
	"auto reply", "auto:", "自动回复",
};


static void walk(struct parse *, GMimeObject *, int, int);

/*
 * GMime's own init only counts calls and is not thread-safe, so it runs
 * once behind GOnce.  It is never undone: the tables it builds live as
 * long as the process, which valgrind shows as still reachable.
 */
static void
mail_init(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		g_mime_init();
		g_once_init_leave(&done, 1);
	}
}

static int
label_in(const char *label, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(label, list[i]) == 0)
			return 1;
	return 0;
}

/* --- warnings ------------------------------------------------------- */

/* Adds one warning to m->warning's text once, up to WARN_MAX bytes. */
static void
warn(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
warn(struct parse *p, const char *fmt, ...)
{
	char one[WARN_ONE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	if (p->warn_full || strstr(xf_buf_str(&p->warn), one) != NULL)
		return;
	if (p->warn.len + strlen(one) + 2 > WARN_MAX) {
		p->warn_full = 1;
		snprintf(one, sizeof(one), "...");
	}
	if ((p->warn.len && xf_buf_adds(&p->warn, "; ") == -1) ||
	    xf_buf_adds(&p->warn, one) == -1)
		p->oom = 1;
}

/* A charset label as it may appear in a warning: short, printable ASCII. */
static void
shown_label(const char *label, char out[CHARSET_SHOWN + 1])
{
	size_t i;

	for (i = 0; label[i] && i < CHARSET_SHOWN; i++)
		out[i] = label[i] > ' ' && label[i] < 0x7F ? label[i] : '?';
	out[i] = '\0';
}

static void
parser_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer arg)
{
	struct parse *p = arg;

	(void)offset;
	(void)item;
	switch (code) {
	case GMIME_WARN_TRUNCATED_MESSAGE:
		warn(p, "message is truncated");
		break;
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		warn(p, "malformed multipart");
		break;
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		warn(p, "malformed message");
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		warn(p, "MIME parts nested too deep");
		break;
	case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
		warn(p, "malformed encoded words in a header");
		break;
	default:
		/* Duplicate headers, raw 8-bit headers and the like are
		 * everyday mail, not damage worth reporting. */
		break;
	}
}

/* --- UTF-8 text ----------------------------------------------------- */

/* Drops NUL bytes and makes CRLF and lone CR into LF, in place. */
static size_t
text_clean(char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			continue;
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				continue;
			s[o++] = '\n';
			continue;
		}
		s[o++] = s[i];
	}
	return o;
}

/* Appends s[0..n) with each byte that starts no UTF-8 sequence as U+FFFD. */
static int
utf8_replace(const char *s, size_t n, struct xf_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, good = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = xf_utf8_decode(u + i, n - i, &cp)) != 0) {
			i += k;
			continue;
		}
		if (xf_buf_add(out, s + good, i - good) == -1 ||
		    xf_buf_add(out, UTF8_REPLACEMENT, 3) == -1)
			return -1;
		good = ++i;
	}
	return xf_buf_add(out, s + good, n - good);
}

/*
 * Makes b[from..] valid UTF-8 without NUL, CRLF or lone CR.  Only
 * damaged text pays for the copy.
 */
static int
utf8_repair(struct xf_buf *b, size_t from)
{
	char *copy;
	size_t n;
	int rc;

	if (b->p == NULL)
		return xf_buf_add(b, "", 0);
	n = text_clean(b->p + from, b->len - from);
	b->len = from + n;
	b->p[b->len] = '\0';
	if (xf_utf8_valid(b->p + from, n))
		return 0;
	if ((copy = malloc(n)) == NULL)
		return -1;
	memcpy(copy, b->p + from, n);
	b->len = from;
	rc = utf8_replace(copy, n, b);
	free(copy);
	return rc;
}

/* A malloc'd valid UTF-8 copy of a GMime string; NULL stays NULL. */
static char *
text_dup(struct parse *p, const char *s)
{
	struct xf_buf b = { 0 };

	if (s == NULL)
		return NULL;
	if (xf_buf_adds(&b, s) == -1 || utf8_repair(&b, 0) == -1) {
		xf_buf_free(&b);
		p->oom = 1;
		return NULL;
	}
	return b.p;
}

/* Like text_dup, but white space only or empty is NULL. */
static char *
text_dup_nonblank(struct parse *p, const char *s)
{
	const char *c;

	if (s == NULL)
		return NULL;
	for (c = s; *c == ' ' || *c == '\t'; c++)
		;
	return *c ? text_dup(p, s) : NULL;
}

/*
 * Appends in[0..len) read as charset to out, each byte that does not
 * convert as U+FFFD.  The last resort when no charset reads it all.
 */
static int
conv_lossy(const char *charset, const char *in, size_t len,
    struct xf_buf *out)
{
	char chunk[CONV_CHUNK], *ip = (char *)in, *op;
	size_t il = len, ol, r;
	iconv_t cd;
	int e, rc = 0;

	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return xf_buf_add(out, in, len);	/* repaired later */
	while (rc == 0) {
		op = chunk;
		ol = sizeof(chunk);
		r = iconv(cd, &ip, &il, &op, &ol);
		e = errno;
		rc = xf_buf_add(out, chunk, sizeof(chunk) - ol);
		if (rc == -1 || r != (size_t)-1)
			break;
		if (e == E2BIG)
			continue;
		rc = xf_buf_add(out, UTF8_REPLACEMENT, 3);
		if (e != EILSEQ || il == 0)
			break;		/* EINVAL: cut off at the end */
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return rc;
}

/* 0 when charset read all of in[0..len) into out; out is as it was if not. */
static int
conv_try(const char *charset, const char *in, size_t len, struct xf_buf *out,
    int *unknown)
{
	struct xf_conv *c;
	int rc;

	if ((c = xf_conv_open(charset, NULL)) == NULL) {
		*unknown = 1;
		return -1;
	}
	rc = xf_conv_run(c, in, len, out, NULL);
	xf_conv_close(c);
	return rc;
}

/* The first of the charsets that reads the text; -1 when none does. */
static int
conv_chain(const char *const *chain, const char *in, size_t len,
    struct xf_buf *out, const char **used)
{
	int unknown = 0;

	for (; *chain; chain++) {
		if (conv_try(*chain, in, len, out, &unknown) == 0) {
			*used = *chain;
			return 0;
		}
	}
	return -1;
}

/* Text with no usable label: UTF-8, else GB18030, else repaired UTF-8. */
static int
conv_unlabelled(struct parse *p, const char *in, size_t len,
    struct xf_buf *out, const char *why)
{
	const char *used = NULL;

	if (xf_utf8_valid(in, len))
		return xf_buf_add(out, in, len);
	if (conv_chain(utf8_family, in, len, out, &used) == 0) {
		if (why)
			warn(p, "%s, read as %s", why, used);
		return 0;
	}
	warn(p, "%s%stext is neither UTF-8 nor GB18030, bad bytes replaced",
	    why ? why : "", why ? ": " : "");
	return xf_buf_add(out, in, len);
}

/*
 * The iconv name for a label, or NULL when it cannot be a charset name.
 * Labels come from strangers: only plain names reach iconv_open.
 */
static const char *
iconv_label(const char *label)
{
	size_t i, n = strlen(label);

	if (n > CHARSET_SHOWN || strspn(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_.:+") != n)
		return NULL;
	for (i = 0; i < nitems(aliases); i++)
		if (strcasecmp(label, aliases[i].label) == 0)
			return aliases[i].iconv;
	return label;
}

/* Text in a charset iconv does not know: guessed, never refused. */
static int
conv_unknown(struct parse *p, const char *shown, const char *in, size_t len,
    struct xf_buf *out)
{
	const char *used = NULL;

	if (conv_chain(guesses, in, len, out, &used) == 0) {
		warn(p, "unknown charset %s, read as %s", shown, used);
		return 0;
	}
	/* Even Latin-1 fails on NUL; the repair replaces what is bad. */
	warn(p, "unknown charset %s, bad bytes replaced", shown);
	return xf_buf_add(out, in, len);
}

/*
 * Appends text in charset (as labelled; NULL when unlabelled) to out as
 * UTF-8.  Never fails but for memory: a label that does not fit is
 * replaced by guesses, with a warning.
 */
static int
conv_text(struct parse *p, const char *charset, const char *in, size_t len,
    struct xf_buf *out)
{
	const char *const *chain, *name, *used = NULL;
	char shown[CHARSET_SHOWN + 1];
	int unknown = 0;

	if (charset == NULL || *charset == '\0' ||
	    label_in(charset, ascii_labels, nitems(ascii_labels)))
		return conv_unlabelled(p, in, len, out, NULL);
	shown_label(charset, shown);
	if (label_in(charset, utf8_labels, nitems(utf8_labels))) {
		if (xf_utf8_valid(in, len))
			return xf_buf_add(out, in, len);
		return conv_unlabelled(p, in, len, out,
		    "text labelled UTF-8 is not");
	}
	if (label_in(charset, gb_labels, nitems(gb_labels)))
		chain = gb_family;
	else if (label_in(charset, big5_labels, nitems(big5_labels)))
		chain = big5_family;
	else {
		if ((name = iconv_label(charset)) == NULL)
			return conv_unknown(p, shown, in, len, out);
		if (conv_try(name, in, len, out, &unknown) == 0)
			return 0;
		if (unknown)
			return conv_unknown(p, shown, in, len, out);
		warn(p, "invalid %s text, bad bytes replaced", shown);
		return conv_lossy(name, in, len, out);
	}
	if (conv_chain(chain, in, len, out, &used) == 0)
		return 0;
	warn(p, "invalid %s text, bad bytes replaced", shown);
	return conv_lossy(chain[0], in, len, out);
}

/* --- header text --------------------------------------------------- */

/*
 * GMime decodes a run of base64 encoded words as one base64 text, so
 * when a character is split between words that each end in padding, as
 * some mailers write them (=?UTF-8?B?5oqV6A==?= =?UTF-8?B?r4k=?=),
 * everything after the first pad is lost.  Quoted-printable words join
 * correctly, so such a header has each of its base64 words rewritten as
 * the Q word of the same bytes before GMime decodes it.
 */
static int
has_padded_words(const char *raw)
{
	return strstr(raw, "=?=") != NULL && (strstr(raw, "?B?") != NULL ||
	    strstr(raw, "?b?") != NULL);
}

/* Appends the Q word for the base64 word payload b64[0..len). */
static void
word_as_q(GString *out, const char *b64, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char *bytes;
	guint32 save = 0;
	int state = 0;
	size_t n, i;

	bytes = g_malloc(len + 1);
	n = g_mime_encoding_base64_decode_step((const unsigned char *)b64,
	    len, bytes, &state, &save);
	g_string_append(out, "?Q?");
	for (i = 0; i < n; i++) {
		g_string_append_c(out, '=');
		g_string_append_c(out, hex[bytes[i] >> 4]);
		g_string_append_c(out, hex[bytes[i] & 0xF]);
	}
	g_string_append(out, "?=");
	g_free(bytes);
}

/*
 * 1 when w starts a base64 encoded word, with *q at the '?' before the
 * B and *end at the closing "?=".  The scans stop at the next '?' or
 * white space, so over a header no byte is looked at twice.
 */
static int
b_word(const char *w, const char **q, const char **end)
{
	*q = w + 2 + strcspn(w + 2, "? \t\r\n");
	if ((*q)[0] != '?' || ((*q)[1] != 'B' && (*q)[1] != 'b') ||
	    (*q)[2] != '?')
		return 0;
	*end = *q + 3 + strcspn(*q + 3, "? \t\r\n");
	return (*end)[0] == '?' && (*end)[1] == '=';
}

/* raw with its base64 encoded words made Q words; g_free it. */
static char *
words_unpad(const char *raw)
{
	GString *out = g_string_sized_new(strlen(raw) * 2);
	const char *s = raw, *w, *q, *end;

	while ((w = strstr(s, "=?")) != NULL) {
		if (!b_word(w, &q, &end)) {
			g_string_append_len(out, s, w + 2 - s);
			s = w + 2;
			continue;
		}
		g_string_append_len(out, s, q - s);
		word_as_q(out, q + 3, (size_t)(end - q - 3));
		s = end + 2;
	}
	g_string_append(out, s);
	return g_string_free(out, FALSE);
}

/* The raw (folded, undecoded) value of header name, or NULL. */
static const char *
hdr_raw(GMimeObject *o, const char *name)
{
	GMimeHeader *h;

	h = g_mime_header_list_get_header(g_mime_object_get_header_list(o),
	    name);
	return h ? g_mime_header_get_raw_value(h) : NULL;
}

/*
 * raw made ready for lenient decoding: unfolded, and with base64 words
 * rewritten when has_padded_words says so; g_free it.  NULL when raw is
 * too long for that (see hdr_text).
 */
static char *
hdr_prepare(struct parse *p, const char *name, const char *raw)
{
	char *fixed, *text;

	if (strlen(raw) > LOOSE_MAX) {
		if (strstr(raw, "=?") != NULL)
			warn(p, "%s header over %d bytes: encoded words read "
			    "strictly", name, LOOSE_MAX);
		return NULL;
	}
	if (!has_padded_words(raw))
		return g_mime_utils_header_unfold(raw);
	fixed = words_unpad(raw);
	text = g_mime_utils_header_unfold(fixed);
	g_free(fixed);
	return text;
}

/*
 * The value of header name, unfolded and decoded, or NULL when there is
 * none; g_free it.  Messages are parsed with strict RFC 2047 rules,
 * because GMime's lenient decoder takes time quadratic in the length of
 * a header full of unterminated encoded words.  The texts people read
 * are decoded again here leniently (encoded words glued to text, as in
 * "Re:=?GB2312?B?...?=", or holding spaces), as long as they are of a
 * size no honest header reaches.
 */
static char *
hdr_text(struct parse *p, GMimeObject *o, const char *name)
{
	const char *raw;
	char *text, *decoded;

	if ((raw = hdr_raw(o, name)) == NULL)
		return NULL;
	if ((text = hdr_prepare(p, name, raw)) == NULL)
		return g_strdup(g_mime_object_get_header(o, name));
	decoded = g_mime_utils_header_decode_text(p->loose, text);
	g_free(text);
	return g_strstrip(decoded);
}

/* text_dup of a GLib string, which it frees. */
static char *
text_take(struct parse *p, char *g)
{
	char *s = text_dup(p, g);

	g_free(g);
	return s;
}

/* --- decoding part content ------------------------------------------ */

/* 1 when base64 text has stray characters or is cut short. */
static int
base64_broken(const unsigned char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '+' || s[i] == '/' || s[i] == '=')
			n++;
		else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return 1;
	}
	return n % 4 != 0;
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
	    (c >= 'a' && c <= 'f');
}

/* 1 when quoted-printable text has an '=' that is no escape nor soft break. */
static int
qp_broken(const unsigned char *s, size_t len)
{
	const unsigned char *e, *end = s + len;
	size_t j;

	while ((e = memchr(s, '=', (size_t)(end - s))) != NULL) {
		j = 1;
		if ((size_t)(end - e) > 2 && is_hex(e[1]) && is_hex(e[2])) {
			s = e + 3;
			continue;
		}
		while (e + j < end && (e[j] == ' ' || e[j] == '\t'))
			j++;
		if (e + j < end && e[j] == '\r')
			j++;
		if (e + j < end && e[j] != '\n')
			return 1;
		s = e + j;
	}
	return 0;
}

/*
 * The encoded bytes of a part's content.  The parser's content streams
 * are windows on its memory stream, so normally this is a pointer into
 * it; any other stream is read into *tmp.
 */
static int
stream_bytes(GMimeStream *s, GByteArray **tmp, const unsigned char **data,
    size_t *len)
{
	GByteArray *a;
	GMimeStream *mem;

	if (GMIME_IS_STREAM_MEM(s) && s->bound_end >= s->bound_start &&
	    (a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s))) &&
	    (guint64)s->bound_end <= a->len) {
		*data = a->data + s->bound_start;
		*len = (size_t)(s->bound_end - s->bound_start);
		return 0;
	}
	mem = g_mime_stream_mem_new();
	g_mime_stream_reset(s);
	if (g_mime_stream_write_to_stream(s, mem) == -1) {
		g_object_unref(mem);
		return -1;
	}
	*tmp = g_byte_array_ref(
	    g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem)));
	g_object_unref(mem);
	*data = (*tmp)->data;
	*len = (*tmp)->len;
	return 0;
}

/* Transfer decoding through the data wrapper, for the rarer encodings. */
static unsigned char *
decode_wrapper(GMimeDataWrapper *w, size_t *len)
{
	GMimeStream *mem;
	GByteArray *a;
	unsigned char *d;

	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(w, mem) == -1) {
		g_object_unref(mem);
		*len = 0;
		return calloc(1, 1);
	}
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if ((d = malloc(a->len + 1)) != NULL) {
		memcpy(d, a->data, a->len);
		d[a->len] = '\0';
		*len = a->len;
	}
	g_object_unref(mem);
	return d;
}

/* Undoes base64 or quoted-printable into a new buffer; its length. */
static size_t
decode_into(GMimeEncoding *st, const unsigned char *raw, size_t len,
    unsigned char **own)
{
	size_t n;

	if ((*own = malloc(g_mime_encoding_outlen(st, len) + 1)) == NULL)
		return 0;
	n = g_mime_encoding_flush(st, (const char *)raw, len, (char *)*own);
	(*own)[n] = '\0';
	return n;
}

/*
 * The decoded size of base64 or quoted-printable text, counted through
 * a stack buffer: an attachment too big to keep is only listed, and
 * decoding all of it to learn its size was one more copy of the message.
 */
static size_t
decoded_size(GMimeContentEncoding enc, const unsigned char *raw, size_t len)
{
	char out[2 * CONV_CHUNK + 16];
	GMimeEncoding st;
	size_t i, n, total = 0;

	g_mime_encoding_init_decode(&st, enc);
	for (i = 0; i < len; i += n) {
		n = len - i < CONV_CHUNK ? len - i : CONV_CHUNK;
		total += g_mime_encoding_step(&st, (const char *)raw + i, n,
		    out);
	}
	return total + g_mime_encoding_flush(&st, "", 0, out);
}

/*
 * A part's content with its transfer encoding undone: *data points at
 * the decoded bytes, which *own holds when they had to be made (free
 * it).  Only about the first max bytes are decoded (*len may pass max
 * by a little; the caller cuts); *total is the size of all of them.
 * Damaged base64 and quoted-printable decode as far as they can, with a
 * warning.
 */
static int
part_content(struct parse *p, GMimePart *part, size_t max,
    const unsigned char **data, size_t *len, size_t *total,
    unsigned char **own)
{
	GMimeDataWrapper *w;
	GMimeContentEncoding enc;
	GMimeEncoding st;
	GByteArray *tmp = NULL;
	const unsigned char *raw;
	size_t rawlen, whole;

	*data = (const unsigned char *)"";
	*len = *total = 0;
	*own = NULL;
	if ((w = g_mime_part_get_content(part)) == NULL)
		return 0;
	enc = g_mime_data_wrapper_get_encoding(w);
	if (enc != GMIME_CONTENT_ENCODING_BASE64 &&
	    enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE &&
	    enc != GMIME_CONTENT_ENCODING_DEFAULT &&
	    enc != GMIME_CONTENT_ENCODING_7BIT &&
	    enc != GMIME_CONTENT_ENCODING_8BIT &&
	    enc != GMIME_CONTENT_ENCODING_BINARY) {
		if ((*own = decode_wrapper(w, len)) == NULL)
			return -1;
		*data = *own;
		*total = *len;
		return 0;
	}
	if (stream_bytes(g_mime_data_wrapper_get_stream(w), &tmp, &raw,
	    &rawlen) == -1)
		return 0;	/* nothing readable: an empty part */
	*total = rawlen;
	if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
		if (enc == GMIME_CONTENT_ENCODING_BASE64 ?
		    base64_broken(raw, rawlen) : qp_broken(raw, rawlen))
			warn(p, "damaged %s content decoded as far as it goes",
			    enc == GMIME_CONTENT_ENCODING_BASE64 ? "base64" :
			    "quoted-printable");
		/* Decoded text is never longer than its encoding, and
		 * three encoded bytes give at least one decoded. */
		whole = 0;
		if (rawlen > max) {
			whole = decoded_size(enc, raw, rawlen);
			if (rawlen / 3 > max)
				rawlen = max * 3;
		}
		g_mime_encoding_init_decode(&st, enc);
		rawlen = decode_into(&st, raw, rawlen, own);
		*total = whole ? whole : rawlen;
	} else {
		if (rawlen > max)
			rawlen = max;
		if (tmp != NULL && (*own = malloc(rawlen + 1)) != NULL) {
			memcpy(*own, raw, rawlen);
			(*own)[rawlen] = '\0';
		}
	}
	if (tmp)
		g_byte_array_unref(tmp);
	if (*own == NULL && (tmp != NULL ||
	    enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE))
		return -1;
	*data = *own ? *own : raw;
	*len = rawlen;
	return 0;
}

/* --- body text ------------------------------------------------------ */

/* Says once that the message's text was cut (the raw keeps it all). */
static void
text_full(struct parse *p)
{
	if (!p->text_full)
		warn(p, "text longer than %u bytes: the message's text holds "
		    "the first part, its raw copy all of it", XF_MAIL_TEXT_MAX);
	p->text_full = 1;
}

/* Converting can make text longer (GB18030 to UTF-8 by half): the
 * message's text is cut back to XF_MAIL_TEXT_MAX at a character. */
static void
text_cut(struct parse *p)
{
	if (p->body.len <= XF_MAIL_TEXT_MAX)
		return;
	p->body.len = xf_utf8_fit(p->body.p, XF_MAIL_TEXT_MAX);
	p->body.p[p->body.len] = '\0';
	text_full(p);
}

/* UTF-16 and UTF-32 text holds NUL bytes that belong to it. */
static int
charset_wide(const char *charset)
{
	return charset && (strncasecmp(charset, "utf-16", 6) == 0 ||
	    strncasecmp(charset, "utf-32", 6) == 0 ||
	    strncasecmp(charset, "ucs-", 4) == 0 ||
	    strncasecmp(charset, "ucs2", 4) == 0 ||
	    strncasecmp(charset, "ucs4", 4) == 0);
}

static size_t
drop_nul(unsigned char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++)
		if (s[i] != '\0')
			s[o++] = s[i];
	return o;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Ends the piece of body text begun at start (after the separator that
 * begins at mark): blank lines before it and white space after it go,
 * and an empty piece takes its separator with it.
 */
static void
piece_end(struct xf_buf *b, size_t mark, size_t start)
{
	size_t i, cut = start;

	while (b->len > start && is_blank(b->p[b->len - 1]))
		b->len--;
	for (i = start; i < b->len && is_blank(b->p[i]); i++)
		if (b->p[i] == '\n')
			cut = i + 1;
	if (cut > start) {
		memmove(b->p + start, b->p + cut, b->len - cut);
		b->len -= cut - start;
	}
	if (b->len == start)
		b->len = mark;
	if (b->p)
		b->p[b->len] = '\0';
}

/* Begins a piece of body text: pieces are apart by one blank line. */
static int
piece_begin(struct parse *p, size_t *mark, size_t *start)
{
	*mark = p->body.len;
	if (p->body.len && xf_buf_adds(&p->body, "\n\n") == -1)
		return -1;
	*start = p->body.len;
	return 0;
}

/*
 * Room left in the message's text, 0 when it is full (said once):
 * a text part is decoded and converted only as far as it fits.
 */
static size_t
text_room(struct parse *p)
{
	if (p->body.len < XF_MAIL_TEXT_MAX)
		return XF_MAIL_TEXT_MAX - p->body.len;
	text_full(p);
	return 0;
}

/* Appends the text of a text/plain (or text/html) part to the body. */
static void
text_leaf(struct parse *p, GMimePart *part, int html)
{
	const char *charset;
	const unsigned char *data;
	unsigned char *own;
	size_t len, total, mark, start, room;
	int rc;

	if ((room = text_room(p)) == 0)
		return;
	charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
	    "charset");
	if (part_content(p, part, room, &data, &len, &total, &own) == -1 ||
	    piece_begin(p, &mark, &start) == -1) {
		free(own);
		p->oom = 1;
		return;
	}
	if (len > room)
		len = room;
	if (len < total)
		text_full(p);
	if (own && !charset_wide(charset))
		len = drop_nul(own, len);
	if (html) {
		xf_buf_reset(&p->tmp);
		rc = conv_text(p, charset, (const char *)data, len, &p->tmp);
		if (rc == 0)
			rc = utf8_repair(&p->tmp, 0);
		if (rc == 0)
			rc = xf_html_text(xf_buf_str(&p->tmp), p->tmp.len,
			    &p->body);
	} else
		rc = conv_text(p, charset, (const char *)data, len, &p->body);
	if (rc == 0 && xf_buf_add(&p->body, "", 0) == 0 &&
	    utf8_repair(&p->body, start) == 0) {
		piece_end(&p->body, mark, start);
		text_cut(p);
	} else
		p->oom = 1;
	free(own);
}

/* "From: ...", "Date: ..." and "Subject: ..." of a forwarded message. */
static int
forward_header(struct parse *p, GMimeMessage *fm)
{
	static const char *const names[] = { "From", "Date", "Subject" };
	size_t mark, start, i;
	char *v;
	int rc;

	if (piece_begin(p, &mark, &start) == -1 ||
	    xf_buf_adds(&p->body, FORWARD_LINE) == -1)
		return -1;
	for (i = 0; i < nitems(names); i++) {
		if ((v = hdr_text(p, GMIME_OBJECT(fm), names[i])) == NULL)
			continue;
		rc = xf_buf_printf(&p->body, "\n%s: %s", names[i], v);
		g_free(v);
		if (rc == -1)
			return -1;
	}
	if (utf8_repair(&p->body, start) == -1)
		return -1;
	piece_end(&p->body, mark, start);
	return 0;
}

/* --- attachments ---------------------------------------------------- */

static struct xf_attachment *
att_new(struct parse *p)
{
	struct xf_mail *m = p->m;
	struct xf_attachment *a;
	size_t cap;

	if (m->natt == p->attcap) {
		cap = p->attcap ? p->attcap * 2 : ATT_MIN;
		if ((a = reallocarray(m->att, cap, sizeof(*a))) == NULL) {
			p->oom = 1;
			return NULL;
		}
		m->att = a;
		p->attcap = cap;
	}
	a = &m->att[m->natt++];
	memset(a, 0, sizeof(*a));
	return a;
}

/* "type/subtype", lower-case. */
static char *
mime_type(struct parse *p, GMimeObject *o)
{
	char *g, *s, *c;

	g = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(o));
	s = text_dup(p, g);
	g_free(g);
	for (c = s; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}

/* Keeps a copy of data when it is small enough; size either way. */
static void
att_data(struct parse *p, struct xf_attachment *a, const unsigned char *data,
    size_t len, unsigned char **own)
{
	a->size = len;
	if (len > XF_ATTACH_KEEP_MAX)
		return;
	if (*own) {
		a->data = *own;
		*own = NULL;
	} else if ((a->data = malloc(len ? len : 1)) != NULL) {
		/* An empty attached message gives no bytes at all (NULL):
		 * memcpy must not be handed it (tests/fuzz/mail). */
		if (len > 0)
			memcpy(a->data, data, len);
	} else
		p->oom = 1;
}

static void
attach_part(struct parse *p, GMimePart *part)
{
	struct xf_attachment *a;
	const unsigned char *data;
	unsigned char *own = NULL;
	size_t len, total;

	if ((a = att_new(p)) == NULL)
		return;
	a->name = text_dup_nonblank(p, g_mime_part_get_filename(part));
	a->type = mime_type(p, GMIME_OBJECT(part));
	/* One byte past the cap is enough to know it is not kept. */
	if (part_content(p, part, XF_ATTACH_KEEP_MAX + 1, &data, &len, &total,
	    &own) == -1)
		p->oom = 1;
	else if (total > len) {
		a->size = total;	/* listed, not kept */
	} else
		att_data(p, a, data, len, &own);
	free(own);
}

/* A message/rfc822 part sent as an attachment: kept as its text. */
static void
attach_message(struct parse *p, GMimeMessagePart *mp, GMimeMessage *fm)
{
	GMimeObject *o = GMIME_OBJECT(mp);
	struct xf_attachment *a;
	GMimeStream *mem;
	GByteArray *bytes;
	const char *name;
	unsigned char *none = NULL;

	if ((a = att_new(p)) == NULL)
		return;
	name = g_mime_object_get_content_disposition_parameter(o, "filename");
	if (name == NULL)
		name = g_mime_object_get_content_type_parameter(o, "name");
	a->name = text_dup_nonblank(p, name);
	a->type = mime_type(p, o);
	mem = g_mime_stream_mem_new();
	if (fm)
		g_mime_object_write_to_stream(GMIME_OBJECT(fm), NULL, mem);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	att_data(p, a, bytes->data, bytes->len, &none);
	g_object_unref(mem);
}

/* --- the MIME tree -------------------------------------------------- */

static int
is_attachment(GMimeObject *o)
{
	GMimeContentDisposition *d;

	d = g_mime_object_get_content_disposition(o);
	return d && g_mime_content_disposition_is_attachment(d);
}

/*
 * A leaf part: the body if it is text, else an attachment when it has a
 * name or says it is one.  The message's own part is the body even with
 * a name, and is kept as an attachment even without one, so a message
 * that is a bare file loses nothing.
 */
static void
leaf(struct parse *p, GMimePart *part, int flags)
{
	GMimeObject *o = GMIME_OBJECT(part);
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	int text = g_mime_content_type_is_type(ct, "text", "*");
	const char *name = g_mime_part_get_filename(part);

	if (is_attachment(o) || (name && !(text && (flags & TOP))) ||
	    (!text && (flags & TOP))) {
		attach_part(p, part);
		return;
	}
	if (text && (flags & WANT_BODY))
		text_leaf(p, part, g_mime_content_type_is_type(ct, "text",
		    "html"));
}

/* How good a multipart/alternative child is as the body; -1: not one. */
static int
alt_rank(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	if (GMIME_IS_MULTIPART(o))
		return 1;
	if (!GMIME_IS_PART(o) || is_attachment(o) ||
	    g_mime_part_get_filename(GMIME_PART(o)) != NULL)
		return -1;
	if (g_mime_content_type_is_type(ct, "text", "plain"))
		return 0;
	if (g_mime_content_type_is_type(ct, "text", "html"))
		return 2;
	if (g_mime_content_type_is_type(ct, "text", "*"))
		return 3;
	return -1;
}

/* The best-ranked child other than skip; -1 when there is none. */
static int
alt_pick(GMimeMultipart *mp, int n, int skip)
{
	int i, r, best = -1, rank = 0;

	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		r = alt_rank(g_mime_multipart_get_part(mp, i));
		if (r >= 0 && (best == -1 || r < rank)) {
			best = i;
			rank = r;
		}
	}
	return best;
}

/*
 * multipart/alternative: text/plain is the body, else the richer forms.
 * A plain part with nothing in it (some mailers send one) gives way to
 * the next best.  The other children are still searched for attachments,
 * as an HTML form may carry pasted images the plain one lacks.
 */
static void
walk_alternative(struct parse *p, GMimeMultipart *mp, int depth)
{
	int n = g_mime_multipart_get_count(mp), i, first, second = -1;
	size_t before = p->body.len;

	if ((first = alt_pick(mp, n, -1)) >= 0)
		walk(p, g_mime_multipart_get_part(mp, first), WANT_BODY,
		    depth + 1);
	if (first >= 0 && p->body.len == before &&
	    (second = alt_pick(mp, n, first)) >= 0)
		walk(p, g_mime_multipart_get_part(mp, second), WANT_BODY,
		    depth + 1);
	for (i = 0; i < n; i++)
		if (i != first && i != second)
			walk(p, g_mime_multipart_get_part(mp, i), 0, depth + 1);
}

/*
 * Children in order.  In a delivery report only the first child is
 * written for people; the status and the returned headers are not body.
 */
static void
walk_multipart(struct parse *p, GMimeMultipart *mp, int flags, int depth)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(mp));
	int n = g_mime_multipart_get_count(mp), i, report;

	if ((flags & WANT_BODY) &&
	    g_mime_content_type_is_type(ct, "multipart", "alternative")) {
		walk_alternative(p, mp, depth);
		return;
	}
	if (GMIME_IS_MULTIPART_ENCRYPTED(mp))
		warn(p, "encrypted content not read");
	report = g_mime_content_type_is_type(ct, "multipart", "report");
	for (i = 0; i < n; i++)
		walk(p, g_mime_multipart_get_part(mp, i),
		    report && i > 0 ? 0 : flags & WANT_BODY, depth + 1);
}

/*
 * message/rfc822: a forwarded message, whose text follows the sender's
 * under a header saying where it came from.
 */
static void
walk_message(struct parse *p, GMimeMessagePart *mp, int flags, int depth)
{
	GMimeMessage *fm = g_mime_message_part_get_message(mp);
	GMimeObject *inner;

	if (is_attachment(GMIME_OBJECT(mp)))
		attach_message(p, mp, fm);
	if (fm == NULL)
		return;
	if ((flags & WANT_BODY) && forward_header(p, fm) == -1) {
		p->oom = 1;
		return;
	}
	if ((inner = g_mime_message_get_mime_part(fm)) != NULL)
		walk(p, inner, flags & WANT_BODY, depth + 1);
}

static void
walk(struct parse *p, GMimeObject *o, int flags, int depth)
{
	if (p->oom)
		return;
	if (depth > DEPTH_MAX) {
		warn(p, "MIME parts nested too deep");
		return;
	}
	if (GMIME_IS_MULTIPART(o))
		walk_multipart(p, GMIME_MULTIPART(o), flags, depth);
	else if (GMIME_IS_MESSAGE_PART(o))
		walk_message(p, GMIME_MESSAGE_PART(o), flags, depth);
	else if (GMIME_IS_PART(o))
		leaf(p, GMIME_PART(o), flags);
}

/* --- header fields -------------------------------------------------- */

static InternetAddress *
first_mailbox(InternetAddressList *l)
{
	InternetAddress *ia;
	int i, n;

	n = l ? internet_address_list_length(l) : 0;
	for (i = 0; i < n; i++) {
		ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return ia;
		if (INTERNET_ADDRESS_IS_GROUP(ia) && (ia = first_mailbox(
		    internet_address_group_get_members(
		    INTERNET_ADDRESS_GROUP(ia)))) != NULL)
			return ia;
	}
	return NULL;
}

static void
mail_from(struct parse *p, GMimeMessage *msg)
{
	struct xf_mail *m = p->m;
	InternetAddressList *own = NULL;
	InternetAddress *ia;
	const char *raw;
	char *text, *c;

	if ((raw = hdr_raw(GMIME_OBJECT(msg), "From")) == NULL)
		return;
	if ((text = hdr_prepare(p, "From", raw)) != NULL) {
		own = internet_address_list_parse(p->loose, text);
		g_free(text);
	}
	if ((ia = first_mailbox(own)) == NULL)
		ia = first_mailbox(g_mime_message_get_from(msg));
	if (ia == NULL) {
		/* No address in it: what is there may still name someone. */
		m->from_name = text_take(p, hdr_text(p, GMIME_OBJECT(msg),
		    "From"));
	} else {
		m->from_name = text_dup_nonblank(p,
		    internet_address_get_name(ia));
		m->from_addr = text_dup_nonblank(p,
		    internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia)));
	}
	for (c = m->from_addr; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	if (own)
		g_object_unref(own);
}

/* GMime reads RFC 5322 dates; xf_time_read the forms people type,
 * with RFC 5322's zone names, as this is a mail Date header. */
static void
mail_date(struct parse *p, GMimeMessage *msg)
{
	GDateTime *dt;
	const char *h;
	int64_t t;

	if ((dt = g_mime_message_get_date(msg)) != NULL) {
		p->m->date = g_date_time_to_unix(dt);
		p->m->date_ok = 1;
	} else if ((h = g_mime_object_get_header(GMIME_OBJECT(msg), "Date"))
	    && xf_time_read(h, XF_TIME_MAIL, 0, &t, NULL) == 0) {
		p->m->date = t;
		p->m->date_ok = 1;
	}
}

/* The References ids, oldest first, at most the newest XF_MAIL_REFS_MAX. */
static void
mail_refs(struct parse *p, const char *h)
{
	struct xf_mail *m = p->m;
	GMimeReferences *refs;
	const char *id;
	int i, n, first;

	if (h == NULL || (refs = g_mime_references_parse(p->opts, h)) == NULL)
		return;
	n = g_mime_references_length(refs);
	first = n > XF_MAIL_REFS_MAX ? n - XF_MAIL_REFS_MAX : 0;
	if (n > first && (m->refs = calloc((size_t)(n - first),
	    sizeof(*m->refs))) == NULL)
		p->oom = 1;
	for (i = first; m->refs && i < n && !p->oom; i++) {
		id = g_mime_references_get_message_id(refs, i);
		if ((m->refs[m->nrefs] = text_dup_nonblank(p, id)) != NULL)
			m->nrefs++;
	}
	g_mime_references_free(refs);
}

static void
mail_ids(struct parse *p, GMimeMessage *msg)
{
	const char *h;
	char *id;

	p->m->message_id = text_dup_nonblank(p,
	    g_mime_message_get_message_id(msg));
	h = g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To");
	if (h && (id = g_mime_utils_decode_message_id(h)) != NULL) {
		p->m->in_reply_to = text_dup_nonblank(p, id);
		g_free(id);
	}
	mail_refs(p, g_mime_object_get_header(GMIME_OBJECT(msg), "References"));
}

/* --- auto-replies --------------------------------------------------- */

/* 1 when header value h, up to ';' or white space, is word (any case). */
static int
token_is(const char *h, const char *word)
{
	size_t n = strlen(word);

	while (*h == ' ' || *h == '\t')
		h++;
	return strncasecmp(h, word, n) == 0 && (h[n] == '\0' ||
	    h[n] == ';' || h[n] == ' ' || h[n] == '\t' || h[n] == '\r' ||
	    h[n] == '\n');
}

static int
local_part_is(const char *addr, const char *word)
{
	size_t n = strlen(word);

	return addr && strncasecmp(addr, word, n) == 0 &&
	    (addr[n] == '\0' || addr[n] == '@');
}

static int
subject_auto(const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; i < nitems(auto_subjects); i++)
		if (strncasecmp(s, auto_subjects[i],
		    strlen(auto_subjects[i])) == 0)
			return 1;
	return 0;
}

/*
 * Why the message is machine-sent, from the headers that say so (RFC
 * 3834 Auto-Submitted, the X-Autoreply family, Precedence), a bounce's
 * sender or report type.  A subject alone is weak evidence: citizens
 * write "Automatic reply not received" too, and a complaint marked
 * wrongly is a complaint lost, so an auto-reply subject counts only on
 * a message that is itself a reply (In-Reply-To or References), as an
 * answer to our acknowledgement would be.
 */
static const char *
mail_autoreply(GMimeMessage *msg, const struct xf_mail *m)
{
	GMimeObject *o = GMIME_OBJECT(msg), *part;
	const char *h;

	part = g_mime_message_get_mime_part(msg);
	if (part && g_mime_content_type_is_type(
	    g_mime_object_get_content_type(part), "multipart", "report"))
		return "delivery report (multipart/report)";
	if (local_part_is(m->from_addr, "mailer-daemon") ||
	    (m->from_addr == NULL && local_part_is(m->from_name,
	    "mailer-daemon")))
		return "sender is mailer-daemon";
	if (local_part_is(m->from_addr, "postmaster"))
		return "sender is postmaster";
	if ((h = g_mime_object_get_header(o, "Auto-Submitted")) != NULL &&
	    !token_is(h, "no"))
		return "Auto-Submitted header";
	if (g_mime_object_get_header(o, "X-Autoreply") != NULL)
		return "X-Autoreply header";
	if (g_mime_object_get_header(o, "X-Autorespond") != NULL)
		return "X-Autorespond header";
	if ((h = g_mime_object_get_header(o, "Precedence")) != NULL) {
		if (token_is(h, "bulk"))
			return "Precedence: bulk";
		if (token_is(h, "junk"))
			return "Precedence: junk";
		if (token_is(h, "list"))
			return "Precedence: list";
	}
	if ((m->in_reply_to || m->nrefs) && subject_auto(m->subject))
		return "auto-reply subject on a reply";
	return NULL;
}

/* --- the message ---------------------------------------------------- */

/* Options for parsing (strict, see hdr_text) or for decoding leniently. */
static GMimeParserOptions *
parser_options(struct parse *p, GMimeRfcComplianceMode rfc2047)
{
	static const char *fallback[] = { "UTF-8", "GB18030", NULL };
	GMimeParserOptions *o;

	o = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(o, rfc2047);
	g_mime_parser_options_set_parameter_compliance_mode(o,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(o,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_allow_addresses_without_domain(o, TRUE);
	g_mime_parser_options_set_fallback_charsets(o, fallback);
	if (rfc2047 == GMIME_RFC_COMPLIANCE_STRICT)
		g_mime_parser_options_set_warning_callback(o, parser_warning,
		    p);
	return o;
}

/*
 * The raw message as GMime's memory stream.  NUL bytes are dropped
 * first: GMime gives up on a header holding one, and no text may keep
 * them.  (Binary transfer encoding, the one place they belong, is next
 * to unknown in mail.)
 */
static GMimeStream *
mail_stream(struct parse *p, const char *raw, size_t len)
{
	GByteArray *a;
	const char *nul, *end = raw + len;

	if ((nul = memchr(raw, '\0', len)) == NULL)
		return g_mime_stream_mem_new_with_buffer(raw, len);
	warn(p, "NUL bytes removed");
	a = g_byte_array_sized_new((guint)len);
	while (nul != NULL) {
		g_byte_array_append(a, (const guint8 *)raw, (guint)(nul - raw));
		raw = nul + 1;
		nul = memchr(raw, '\0', (size_t)(end - raw));
	}
	g_byte_array_append(a, (const guint8 *)raw, (guint)(end - raw));
	return g_mime_stream_mem_new_with_byte_array(a);
}

static int
mail_fill(struct parse *p, GMimeMessage *msg)
{
	struct xf_mail *m = p->m;
	GMimeObject *part;

	mail_from(p, msg);
	m->subject = text_take(p, hdr_text(p, GMIME_OBJECT(msg), "Subject"));
	mail_date(p, msg);
	mail_ids(p, msg);
	if ((part = g_mime_message_get_mime_part(msg)) != NULL)
		walk(p, part, WANT_BODY | TOP, 0);
	m->autoreply = mail_autoreply(msg, m);
	if (p->oom)
		return -1;
	if (p->body.p == NULL && xf_buf_add(&p->body, "", 0) == -1)
		return -1;
	m->body = p->body.p;
	p->body.p = NULL;
	m->warning = p->warn.p;
	p->warn.p = NULL;
	return 0;
}

/* --- bounding the header ------------------------------------------- */

/* Field counts of a header block, and what bounding it drops or cuts. */
struct hdrscan {
	size_t	fields;		/* fields seen */
	size_t	dropped;	/* past XF_MAIL_FIELDS_MAX */
	size_t	cut;		/* longer than XF_MAIL_FIELD_MAX */
	size_t	end;		/* offset of the blank line (or of the end) */
};

/* The line of raw at off: its end, past its '\n' when it has one. */
static size_t
line_end(const char *raw, size_t len, size_t off)
{
	const char *nl = memchr(raw + off, '\n', len - off);

	return nl ? (size_t)(nl - raw) + 1 : len;
}

static int
line_blank(const char *l, size_t n)
{
	return (n == 1 && l[0] == '\n') || (n == 2 && l[0] == '\r' &&
	    l[1] == '\n');
}

/*
 * Walks the header block of raw; with out, copies into it what the caps
 * keep (fields past XF_MAIL_FIELDS_MAX or XF_MAIL_HEADER_MAX bytes
 * dropped, each field cut at XF_MAIL_FIELD_MAX bytes and ended by a
 * line break).  -1 when out
 * cannot grow.
 */
static int
hdr_walk(const char *raw, size_t len, struct hdrscan *h, struct xf_buf *out)
{
	size_t off = 0, e, n, field = 0, kept = 0, take;
	int keep = 0;

	memset(h, 0, sizeof(*h));
	for (; off < len && !line_blank(raw + off, (e = line_end(raw, len,
	    off)) - off); off = e) {
		n = e - off;
		if (off == 0 || (raw[off] != ' ' && raw[off] != '\t')) {
			field = 0;
			keep = ++h->fields <= XF_MAIL_FIELDS_MAX &&
			    kept < XF_MAIL_HEADER_MAX;
			if (!keep)
				h->dropped++;
		}
		if (!keep || field >= XF_MAIL_FIELD_MAX ||
		    kept >= XF_MAIL_HEADER_MAX)
			continue;
		take = n;
		if (field + take > XF_MAIL_FIELD_MAX)
			take = XF_MAIL_FIELD_MAX - field;
		if (kept + take > XF_MAIL_HEADER_MAX)
			take = XF_MAIL_HEADER_MAX - kept;
		if (take < n)
			h->cut++;
		field += take;
		kept += take;
		if (out != NULL && (xf_buf_add(out, raw + off, take) == -1 ||
		    (raw[off + take - 1] != '\n' &&
		    xf_buf_addc(out, '\n') == -1)))
			return -1;
	}
	h->end = off;
	return 0;
}

/*
 * GMime keeps several copies of every header field (raw, unfolded,
 * decoded) and an object for each: 300,000 header lines took 213 MB and
 * a 30 MB Subject 253 MB.  When raw's header passes the caps, *bounded
 * gets a copy of the message whose header keeps what the caps allow, and
 * the rest is said in the warning; else it is left empty (0).  -1 out of
 * memory.
 */
static int
hdr_bound(struct parse *p, const char *raw, size_t len, struct xf_buf *bounded)
{
	struct hdrscan h;

	hdr_walk(raw, len, &h, NULL);
	if (h.dropped == 0 && h.cut == 0)
		return 0;
	if (hdr_walk(raw, len, &h, bounded) == -1 ||
	    xf_buf_add(bounded, raw + h.end, len - h.end) == -1)
		return -1;
	if (h.dropped)
		warn(p, "%zu header fields dropped (past %d fields or %u "
		    "bytes)", h.dropped, XF_MAIL_FIELDS_MAX, XF_MAIL_HEADER_MAX);
	if (h.cut)
		warn(p, "%zu header fields cut at %u bytes", h.cut,
		    XF_MAIL_FIELD_MAX);
	return 1;
}

/* The GMime objects of one reading; msg is NULL when there is none. */
struct reading {
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*msg;
};

static void
reading_end(struct reading *r)
{
	if (r->msg)
		g_object_unref(r->msg);
	if (r->parser)
		g_object_unref(r->parser);
	if (r->stream)
		g_object_unref(r->stream);
	memset(r, 0, sizeof(*r));
}

/* Length of raw up to its last line end; 0 when it has none. */
static size_t
upto_last_newline(const char *raw, size_t len)
{
	while (len > 0 && raw[len - 1] != '\n')
		len--;
	return len;
}

/* GMime's reading of raw; 0 when it holds no header at all. */
static int
mail_read(struct parse *p, const char *raw, size_t len, struct reading *r)
{
	r->stream = mail_stream(p, raw, len);
	r->parser = g_mime_parser_new_with_stream(r->stream);
	r->msg = g_mime_parser_construct_message(r->parser, p->opts);
	if (r->msg && g_mime_header_list_get_count(
	    g_mime_object_get_header_list(GMIME_OBJECT(r->msg))) == 0) {
		g_object_unref(r->msg);
		r->msg = NULL;
	}
	return r->msg != NULL;
}

int
xf_mail_parse(const char *raw, size_t len, struct xf_mail *m,
    struct xf_err *err)
{
	struct parse p = { .m = m };
	struct reading r = { 0 };
	struct xf_buf bounded = { 0 };
	size_t cut;
	int rc;

	memset(m, 0, sizeof(*m));
	if (len == 0)
		return xf_errf(err, "not a mail message: empty");
	if (len > XF_MAIL_MAX)
		return xf_errf(err, "message of %zu bytes is over the limit "
		    "of %u", len, XF_MAIL_MAX);
	mail_init();
	p.opts = parser_options(&p, GMIME_RFC_COMPLIANCE_STRICT);
	p.loose = parser_options(&p, GMIME_RFC_COMPLIANCE_LOOSE);
	if ((rc = hdr_bound(&p, raw, len, &bounded)) == -1) {
		rc = xf_errf(err, "out of memory");
		goto out;
	}
	if (rc == 1) {
		raw = bounded.p;
		len = bounded.len;
	}
	/*
	 * GMime finds no header at all in a message cut inside a header's
	 * name; without the cut line, the headers before it are readable.
	 */
	if (!mail_read(&p, raw, len, &r) &&
	    (cut = upto_last_newline(raw, len)) > 0 && cut < len) {
		reading_end(&r);
		warn(&p, "message is truncated");
		mail_read(&p, raw, cut, &r);
	}
	if (r.msg == NULL)
		rc = xf_errf(err, "not a mail message: no headers");
	else if ((rc = mail_fill(&p, r.msg)) == -1) {
		/* Not the message's fault: a mail server keeps it (75). */
		xf_errf(err, "out of memory");
		xf_err_system(err);
	}
	reading_end(&r);
out:
	xf_buf_free(&bounded);
	g_mime_parser_options_free(p.opts);
	g_mime_parser_options_free(p.loose);
	xf_buf_free(&p.body);
	xf_buf_free(&p.warn);
	xf_buf_free(&p.tmp);
	if (rc == -1)
		xf_mail_free(m);
	return rc;
}

void
xf_mail_free(struct xf_mail *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->from_name);
	free(m->from_addr);
	free(m->subject);
	free(m->message_id);
	free(m->in_reply_to);
	for (i = 0; i < m->nrefs; i++)
		free(m->refs[i]);
	free(m->refs);
	free(m->body);
	for (i = 0; i < m->natt; i++) {
		free(m->att[i].name);
		free(m->att[i].type);
		free(m->att[i].data);
	}
	free(m->att);
	free(m->warning);
	memset(m, 0, sizeof(*m));
}
