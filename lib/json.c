/*
 * json.c: JSON string literals, for extras and the json output, and a
 * check that a stored text is one JSON value before it is embedded.
 *
 * Besides what JSON requires (quote, backslash, C0), the code points a
 * terminal would obey (xf_cp_unsafe: DEL, C1, bidi overrides, line
 * separators) are written as \uXXXX: the same text to a JSON reader,
 * inert on a screen.  A byte that is not UTF-8 (xf stores none) is
 * U+FFFD, as JSON text must be UTF-8.
 */
#include <string.h>

#include "xf.h"

static int
escape_cp(struct xf_buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789abcdef";
	char esc[7] = { '\\', 'u' };
	int i;

	switch (cp) {
	case '"':	return xf_buf_add(b, "\\\"", 2);
	case '\\':	return xf_buf_add(b, "\\\\", 2);
	case '\n':	return xf_buf_add(b, "\\n", 2);
	case '\t':	return xf_buf_add(b, "\\t", 2);
	case '\r':	return xf_buf_add(b, "\\r", 2);
	}
	for (i = 0; i < 4; i++)
		esc[2 + i] = hex[(cp >> (12 - 4 * i)) & 0xf];
	return xf_buf_add(b, esc, 6);
}

int
xf_json_str(struct xf_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, n;
	uint32_t cp;

	if (xf_buf_addc(b, '"') == -1)
		return -1;
	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' &&
		    p[i] != '\\') {
			i++;
			continue;
		}
		if (p[i] == '\0') {
			n = 1;
			cp = 0;
		} else if ((n = xf_utf8_decode(p + i, len - i, &cp)) == 0) {
			n = 1;
			cp = 0xFFFD;
		} else if (cp >= 0x20 && cp != '"' && cp != '\\' &&
		    !xf_cp_unsafe(cp)) {
			i += n;
			continue;
		}
		if (xf_buf_add(b, s + run, i - run) == -1 ||
		    escape_cp(b, cp) == -1)
			return -1;
		i += n;
		run = i;
	}
	if (xf_buf_add(b, s + run, len - run) == -1)
		return -1;
	return xf_buf_addc(b, '"');
}

/*
 * The check: a recursive descent over RFC 8259's grammar, which only
 * says yes or no.  Nesting is capped so that a hostile extra cannot
 * exhaust the stack; xf writes objects one level deep.
 */
enum { JSON_DEPTH_MAX = 64 };

struct scan {
	const unsigned char	*p, *end;
	int			 depth;
};

static void
skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int
eat(struct scan *s, char c)
{
	skip_ws(s);
	if (s->p < s->end && *s->p == (unsigned char)c) {
		s->p++;
		return 1;
	}
	return 0;
}

static int
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
scan_string(struct scan *s)
{
	int i;

	if (!eat(s, '"'))
		return 0;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p < 0x20)
			return 0;
		if (*s->p++ != '\\')
			continue;
		if (s->p >= s->end)
			return 0;
		if (*s->p == 'u') {
			for (i = 1; i <= 4; i++)
				if (s->p + i >= s->end || !is_hex(s->p[i]))
					return 0;
			s->p += 5;
		} else if (strchr("\"\\/bfnrt", *s->p) != NULL && *s->p) {
			s->p++;
		} else
			return 0;
	}
	return s->p++ < s->end;
}

static int
digits(struct scan *s)
{
	const unsigned char *start = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > start;
}

static int
scan_number(struct scan *s)
{
	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (!digits(s))
		return 0;
	if (s->p < s->end && *s->p == '.' && (s->p++, !digits(s)))
		return 0;
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!digits(s))
			return 0;
	}
	return 1;
}

static int
scan_word(struct scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return 0;
	s->p += n;
	return 1;
}

static int scan_value(struct scan *);

/* The members of an object or the items of an array, after its opening
 * bracket, up to and with its closing one. */
static int
scan_items(struct scan *s, char close, int members)
{
	int ok = 1;

	if (++s->depth > JSON_DEPTH_MAX)
		return 0;
	if (!eat(s, close)) {
		do
			ok = (!members || (scan_string(s) && eat(s, ':'))) &&
			    scan_value(s);
		while (ok && eat(s, ','));
		ok = ok && eat(s, close);
	}
	s->depth--;
	return ok;
}

static int
scan_value(struct scan *s)
{
	skip_ws(s);
	if (s->p >= s->end)
		return 0;
	switch (*s->p) {
	case '{':
		s->p++;
		return scan_items(s, '}', 1);
	case '[':
		s->p++;
		return scan_items(s, ']', 0);
	case '"':
		return scan_string(s);
	case 't':
		return scan_word(s, "true");
	case 'f':
		return scan_word(s, "false");
	case 'n':
		return scan_word(s, "null");
	default:
		return scan_number(s);
	}
}

int
xf_json_valid(const char *text, size_t len, int want_object)
{
	struct scan s = { (const unsigned char *)text,
	    (const unsigned char *)text + len, 0 };

	skip_ws(&s);
	if (want_object && (s.p >= s.end || *s.p != '{'))
		return 0;
	if (!scan_value(&s))
		return 0;
	skip_ws(&s);
	return s.p == s.end;
}

/*
 * Embedding a stored JSON text: white space between its tokens becomes
 * a space, so that it stays on its line of jsonl, and a code point a
 * terminal would obey, which JSON lets stand raw in a string (DEL, C1,
 * bidi overrides), is written as \uXXXX, as xf_json_str writes it.
 */
int
xf_json_embed(struct xf_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;
	int in_str = 0, rc = 0;

	while (i < len && rc == 0) {
		if (p[i] < 0x7F) {
			if (in_str && p[i] == '\\' && i + 1 < len) {
				rc = xf_buf_add(b, s + i, 2);
				i += 2;
				continue;
			}
			if (p[i] == '"')
				in_str = !in_str;
			rc = xf_buf_addc(b, !in_str && (p[i] == '\n' ||
			    p[i] == '\r' || p[i] == '\t') ? ' ' : s[i]);
			i++;
			continue;
		}
		if ((n = xf_utf8_decode(p + i, len - i, &cp)) == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		rc = xf_cp_unsafe(cp) || cp == 0xFFFD ? escape_cp(b, cp) :
		    xf_buf_add(b, s + i, n);
		i += n;
	}
	return rc;
}
