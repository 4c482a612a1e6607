/*
 * err.c: error reasons handed from lib/ to the command that reports them.
 *
 * A reason often quotes what it is about (a header, a cell, a file
 * name), which may be a complainant's text; it is made one safe line
 * (xf_safe_piece) here, once, since every reason ends on a terminal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xf.h"

int
xf_errf(struct xf_err *err, const char *fmt, ...)
{
	char raw[XF_ERRLEN], piece[XF_SAFE_PIECE];
	const char *s = raw;
	size_t left, n, o = 0, plen;
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	for (left = strlen(raw); left > 0; s += n, left -= n) {
		n = xf_safe_piece(s, left, XF_SAFE_LINE, piece);
		plen = strlen(piece);
		if (o + plen >= sizeof(err->msg))
			break;
		memcpy(err->msg + o, piece, plen);
		o += plen;
	}
	err->msg[o] = '\0';
	err->why = XF_WHY_ITEM;
	return -1;
}

int
xf_err_config(struct xf_err *err)
{
	if (err != NULL)
		err->why = XF_WHY_CONFIG;
	return -1;
}

int
xf_err_system(struct xf_err *err)
{
	if (err != NULL)
		err->why = XF_WHY_SYSTEM;
	return -1;
}
