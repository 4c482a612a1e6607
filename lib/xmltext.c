/*
 * xmltext.c: any text as the characters of an HTML page that is also
 * well-formed XML.
 *
 * The report page is read by browsers, by mail clients and by xmllint,
 * so it keeps to what all of them agree on: & < > " ' as numeric
 * references (no named entity but XML's own exists in both, and numeric
 * ones need no table), and nothing XML 1.0 forbids even as a reference:
 * the controls xf_safe_piece shows as \xHH (so a page shows them as a
 * terminal does), and U+FFFE and U+FFFF, which become U+FFFD.  Tabs and
 * line breaks become spaces: every text here is one line of a cell, a
 * label or an attribute.
 */
#include <string.h>

#include "xf.h"
#include "xf-private.h"

static int
xml_piece(struct xf_buf *out, const char *piece)
{
	const char *p;

	/* EF BF BE and EF BF BF: the two noncharacters of the BMP's end. */
	if ((unsigned char)piece[0] == 0xEF &&
	    (unsigned char)piece[1] == 0xBF &&
	    ((unsigned char)piece[2] & 0xFE) == 0xBE)
		return xf_buf_adds(out, "\xEF\xBF\xBD");
	for (p = piece; *p != '\0'; p++) {
		int rc;

		switch (*p) {
		case '&': rc = xf_buf_adds(out, "&#38;"); break;
		case '<': rc = xf_buf_adds(out, "&#60;"); break;
		case '>': rc = xf_buf_adds(out, "&#62;"); break;
		case '"': rc = xf_buf_adds(out, "&#34;"); break;
		case '\'': rc = xf_buf_adds(out, "&#39;"); break;
		default: rc = xf_buf_addc(out, *p); break;
		}
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
xf_xml_text(struct xf_buf *out, const char *s, size_t len)
{
	char piece[XF_SAFE_PIECE];
	size_t i = 0, run = 0, n;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		/* Plain printable ASCII is copied a run at a time. */
		if (c >= 0x20 && c < 0x7F && strchr("&<>\"'", c) == NULL) {
			i++;
			continue;
		}
		if (xf_buf_add(out, s + run, i - run) == -1)
			return -1;
		n = xf_safe_piece(s + i, len - i, XF_SAFE_LINE, piece);
		if (xml_piece(out, piece) == -1)
			return -1;
		i += n;
		run = i;
	}
	return xf_buf_add(out, s + run, len - run);
}

int
xf_xml_str(struct xf_buf *out, const char *s)
{
	return xf_xml_text(out, s, strlen(s));
}
