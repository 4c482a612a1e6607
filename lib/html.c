/*
 * html.c: the readable text of an HTML mail body.
 *
 * Not an HTML parser: one pass over the bytes that drops tags and
 * comments, skips what script, style and title hold, decodes character
 * references and turns block elements into line breaks.  Mail HTML is
 * often broken, so nothing here fails on bad markup: a '<' that starts no
 * tag stays text, an unknown entity stays as written, and an unclosed tag
 * or comment ends the text.  The caller hands in UTF-8; what comes out
 * is UTF-8 as long as that was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

enum {
	TAG_MAX = 16,		/* longest tag name looked at (blockquote) */
	ENT_MAX = 10,		/* longest entity name in the table */
	NUM_DIGITS_MAX = 8,	/* digits of a numeric reference */
	BREAKS_MAX = 2		/* at most one blank line in a row */
};

#define REPLACEMENT	0xFFFDu
#define NBSP		0xA0u
#define UNICODE_MAX	0x10FFFFu

struct html {
	struct xf_buf	*out;
	size_t		 start;		/* out->len on entry */
	int		 breaks;	/* line breaks owed before the next text */
	int		 space;		/* a space owed before the next text */
	int		 pre;		/* inside <pre>: white space is text */
};

struct entity {
	const char	*name;
	uint32_t	 cp;
};

/* The named references mail writers use; the rest stay as written. */
static const struct entity entities[] = {
	{ "nbsp", NBSP }, { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
	{ "quot", '"' }, { "apos", '\'' }, { "mdash", 0x2014 },
	{ "ndash", 0x2013 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "bdquo", 0x201E }, { "laquo", 0x00AB },
	{ "raquo", 0x00BB }, { "middot", 0x00B7 }, { "bull", 0x2022 },
	{ "copy", 0x00A9 }, { "reg", 0x00AE }, { "trade", 0x2122 },
	{ "times", 0x00D7 }, { "divide", 0x00F7 }, { "deg", 0x00B0 },
	{ "plusmn", 0x00B1 }, { "yen", 0x00A5 }, { "euro", 0x20AC },
	{ "pound", 0x00A3 }, { "cent", 0x00A2 }, { "sect", 0x00A7 },
	{ "para", 0x00B6 }, { "iexcl", 0x00A1 }, { "iquest", 0x00BF },
	{ "ensp", ' ' }, { "emsp", ' ' }, { "thinsp", ' ' },
	{ "shy", 0 }, { "zwnj", 0 }, { "zwj", 0 },
	{ "larr", 0x2190 }, { "rarr", 0x2192 }, { "uarr", 0x2191 },
	{ "darr", 0x2193 }, { "hearts", 0x2665 }, { "agrave", 0x00E0 },
	{ "aacute", 0x00E1 }, { "auml", 0x00E4 }, { "ccedil", 0x00E7 },
	{ "egrave", 0x00E8 }, { "eacute", 0x00E9 }, { "euml", 0x00EB },
	{ "iacute", 0x00ED }, { "ntilde", 0x00F1 }, { "oacute", 0x00F3 },
	{ "ouml", 0x00F6 }, { "uacute", 0x00FA }, { "uuml", 0x00FC },
	{ "szlig", 0x00DF }, { "Auml", 0x00C4 }, { "Ouml", 0x00D6 },
	{ "Uuml", 0x00DC }, { "Eacute", 0x00C9 },
};

/*
 * Numeric references to 0x80..0x9F mean the Windows-1252 characters
 * there, as browsers read them; 0 marks the five holes.
 */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Elements that end a paragraph, and those that only end a line. */
static const char *const para_tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
};
static const char *const line_tags[] = {
	"div", "li", "tr", "table", "ul", "ol", "dl", "dt", "dd", "hr",
	"section", "article", "header", "footer", "nav", "aside", "main",
	"address", "center", "form", "fieldset", "figure", "figcaption",
	"caption", "tbody", "thead", "tfoot", "option", "legend",
};
/* Elements whose content is not shown. */
static const char *const hidden_tags[] = { "script", "style", "title" };


static int
in_list(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/*
 * Pays what is owed before text: line breaks, else a space.  Neither
 * is paid at the very start, so the text never opens with white space.
 */
static int
settle(struct html *h)
{
	int rc = 0;

	if (h->out->len > h->start) {
		if (h->breaks)
			while (rc == 0 && h->breaks-- > 0)
				rc = xf_buf_addc(h->out, '\n');
		else if (h->space)
			rc = xf_buf_addc(h->out, ' ');
	}
	h->breaks = h->space = 0;
	return rc;
}

static int
emit(struct html *h, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (settle(h) == -1)
		return -1;
	return xf_buf_add(h->out, s, len);
}

static void
owe_breaks(struct html *h, int n)
{
	if (h->breaks < n)
		h->breaks = n;
}

static size_t
utf8_encode(uint32_t cp, char *s)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	s[0] = (char)(0xF0 | (cp >> 18));
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	s[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A decoded reference: white space like any other, 0 for nothing. */
static int
emit_cp(struct html *h, uint32_t cp)
{
	char u[4];

	if (cp == 0)
		return 0;
	if (!h->pre && (cp == NBSP || (cp < 0x80 && is_space((int)cp)))) {
		h->space = 1;
		return 0;
	}
	if (cp == NBSP)
		cp = ' ';
	return emit(h, u, utf8_encode(cp, u));
}

/* The code point a numeric reference names, made safe to store. */
static uint32_t
numeric_cp(uint32_t v)
{
	if (v >= 0x80 && v <= 0x9F)
		return cp1252[v - 0x80] ? cp1252[v - 0x80] : REPLACEMENT;
	if (v == 0 || v > UNICODE_MAX || (v >= 0xD800 && v <= 0xDFFF))
		return REPLACEMENT;
	return v;
}

/*
 * &#20013; or &#x4e2d; at s[0..n) (s[0] is '&', s[1] is '#').  Returns
 * the bytes used, 0 when it is not a reference.
 */
static size_t
numeric_ref(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 2, digits = 0;
	uint32_t v = 0;
	int hex = 0, d;

	if (i < n && (s[i] == 'x' || s[i] == 'X')) {
		hex = 1;
		i++;
	}
	for (; i < n && digits < NUM_DIGITS_MAX; i++, digits++) {
		d = hex ? xf_hex_value((unsigned char)s[i]) :
		    (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (d < 0)
			break;
		v = v * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (digits == 0)
		return 0;
	/* Too many digits: swallow them all, it is not a character. */
	while (i < n && (hex ? xf_hex_value((unsigned char)s[i]) >= 0 :
	    (s[i] >= '0' && s[i] <= '9'))) {
		v = UNICODE_MAX + 1;
		i++;
	}
	if (i < n && s[i] == ';')
		i++;
	*cp = numeric_cp(v);
	return i;
}

/*
 * &name; at s[0..n).  The semicolon may be missing, as browsers allow
 * for the old names, when the name is not followed by more letters.
 */
static size_t
named_ref(const char *s, size_t n, uint32_t *cp)
{
	char name[ENT_MAX + 1];
	size_t i = 1, len = 0, k;

	while (i < n && is_alnum((unsigned char)s[i]) && len < ENT_MAX)
		name[len++] = s[i++];
	if (len == 0 || (i < n && is_alnum((unsigned char)s[i])))
		return 0;
	name[len] = '\0';
	for (k = 0; k < nitems(entities); k++) {
		if (strcmp(name, entities[k].name) == 0) {
			*cp = entities[k].cp;
			return i < n && s[i] == ';' ? i + 1 : i;
		}
	}
	return 0;
}

/* The character reference at s (s[0] is '&'); bytes used. */
static size_t
entity(struct html *h, const char *s, size_t n, int *rc)
{
	uint32_t cp = 0;
	size_t used;

	used = n > 1 && s[1] == '#' ? numeric_ref(s, n, &cp) :
	    named_ref(s, n, &cp);
	if (used == 0) {
		*rc = emit(h, "&", 1);
		return 1;
	}
	*rc = emit_cp(h, cp);
	return used;
}

/* Offset of the next '>' at or after i that is outside a quoted value. */
static size_t
tag_end(const char *s, size_t n, size_t i)
{
	const char *q;
	size_t j;

	for (; i < n; i++) {
		if (s[i] == '>')
			return i;
		if (s[i] != '=')
			continue;
		for (j = i + 1; j < n && is_space((unsigned char)s[j]); j++)
			;
		if (j < n && (s[j] == '"' || s[j] == '\'')) {
			/* An unmatched quote ends at the next '>' instead. */
			q = memchr(s + j + 1, s[j], n - j - 1);
			if (q == NULL)
				continue;
			i = (size_t)(q - s);
		}
	}
	return n;
}

/* Offset just past the "</name ...>" that ends hidden content. */
static size_t
skip_hidden(const char *s, size_t n, size_t i, const char *name)
{
	size_t len = strlen(name);
	const char *lt;

	while (i < n && (lt = memchr(s + i, '<', n - i)) != NULL) {
		i = (size_t)(lt - s);
		if (n - i >= len + 2 && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, len) == 0 &&
		    (n - i == len + 2 || !is_alnum((unsigned char)s[i + 2 + len])))
			return tag_end(s, n, i) + 1;
		i++;
	}
	return n;
}

/* Offset past a comment, <!...> or <?...> starting at s[i] == '<'. */
static size_t
skip_markup(const char *s, size_t n, size_t i)
{
	const char *e;
	size_t j;

	if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		for (j = i + 4; j + 2 < n; j++) {
			e = memchr(s + j, '-', n - j - 2);
			if (e == NULL)
				break;
			j = (size_t)(e - s);
			if (s[j + 1] == '-' && s[j + 2] == '>')
				return j + 3;
		}
		return n;
	}
	e = memchr(s + i, '>', n - i);
	return e ? (size_t)(e - s) + 1 : n;
}

static void
tag_effect(struct html *h, const char *name, int closing)
{
	if (strcmp(name, "br") == 0) {
		if (h->breaks < BREAKS_MAX && h->out->len > h->start)
			h->breaks++;
	} else if (in_list(name, para_tags, nitems(para_tags)))
		owe_breaks(h, BREAKS_MAX);
	else if (in_list(name, line_tags, nitems(line_tags)))
		owe_breaks(h, 1);
	else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
		h->space = 1;
	if (strcmp(name, "pre") == 0) {
		if (closing && h->pre > 0)
			h->pre--;
		else if (!closing)
			h->pre++;
	}
}

/*
 * The tag at s[i] == '<'; returns the offset after it.  A '<' that
 * starts no tag is text.
 */
static size_t
tag(struct html *h, const char *s, size_t n, size_t i, int *rc)
{
	char name[TAG_MAX + 1];
	size_t j = i + 1, len = 0, end;
	int closing = 0;

	*rc = 0;
	if (j < n && (s[j] == '!' || s[j] == '?'))
		return skip_markup(s, n, i);
	if (j < n && s[j] == '/') {
		closing = 1;
		j++;
	}
	if (j >= n || !is_alpha((unsigned char)s[j])) {
		*rc = emit(h, "<", 1);
		return i + 1;
	}
	while (j < n && is_alnum((unsigned char)s[j])) {
		if (len < TAG_MAX)
			name[len] = (char)(s[j] | 0x20);
		len++;
		j++;
	}
	name[len < TAG_MAX ? len : TAG_MAX] = '\0';
	if (len > TAG_MAX)
		name[0] = '\0';		/* longer than any tag we act on */
	end = tag_end(s, n, j);
	if (end >= n)
		return n;
	if (!closing && s[end - 1] != '/' &&
	    in_list(name, hidden_tags, nitems(hidden_tags)))
		return skip_hidden(s, n, end + 1, name);
	tag_effect(h, name, closing);
	return end + 1;
}

/* White space: kept in <pre>, else one space owed. */
static int
white(struct html *h, char c)
{
	if (!h->pre) {
		h->space = 1;
		return 0;
	}
	if (c == '\r')
		return 0;
	if (settle(h) == -1)
		return -1;
	return xf_buf_addc(h->out, c);
}

int
xf_html_text(const char *html, size_t len, struct xf_buf *out)
{
	struct html h = { .out = out, .start = out->len };
	size_t i = 0, j;
	int rc = 0;

	while (i < len && rc == 0) {
		if (html[i] == '<')
			i = tag(&h, html, len, i, &rc);
		else if (html[i] == '&')
			i += entity(&h, html + i, len - i, &rc);
		else if (is_space((unsigned char)html[i]))
			rc = white(&h, html[i++]);
		else {
			for (j = i; j < len && html[j] != '<' &&
			    html[j] != '&' && !is_space((unsigned char)html[j]);
			    j++)
				;
			rc = emit(&h, html + i, j - i);
			i = j;
		}
	}
	if (rc == 0 && xf_buf_add(out, "", 0) == -1)
		rc = -1;
	return rc;
}
