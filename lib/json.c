/* json.c: JSON string literals, for extras and JSON Lines output. */
#include "xf.h"

int
xf_json_str(struct xf_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	unsigned char c;
	char esc[7];

	if (xf_buf_addc(b, '"') == -1)
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (xf_buf_add(b, s + run, i - run) == -1)
			return -1;
		run = i + 1;
		esc[0] = '\\';
		esc[1] = c == '"' ? '"' : c == '\\' ? '\\' : c == '\n' ? 'n' :
		    c == '\t' ? 't' : c == '\r' ? 'r' : 'u';
		if (esc[1] != 'u') {
			if (xf_buf_add(b, esc, 2) == -1)
				return -1;
			continue;
		}
		esc[2] = '0';
		esc[3] = '0';
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 0xf];
		if (xf_buf_add(b, esc, 6) == -1)
			return -1;
	}
	if (xf_buf_add(b, s + run, len - run) == -1)
		return -1;
	return xf_buf_addc(b, '"');
}
