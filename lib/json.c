/*
 * json.c: JSON string literals, for extras and JSON Lines output.
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
