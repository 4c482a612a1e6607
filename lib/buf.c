/* buf.c: growable byte buffers, the one way lib/ builds text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

enum { BUF_MIN = 64 };

static int
buf_reserve(struct xf_buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (more > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : BUF_MIN;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
xf_buf_grow(struct xf_buf *b, size_t more)
{
	return buf_reserve(b, more);
}

int
xf_buf_add(struct xf_buf *b, const void *data, size_t len)
{
	if (buf_reserve(b, len) == -1)
		return -1;
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

int
xf_buf_addc(struct xf_buf *b, int c)
{
	char ch = (char)c;

	return xf_buf_add(b, &ch, 1);
}

int
xf_buf_adds(struct xf_buf *b, const char *s)
{
	return xf_buf_add(b, s, strlen(s));
}

int
xf_buf_printf(struct xf_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void
xf_buf_reset(struct xf_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
xf_buf_free(struct xf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *
xf_buf_str(const struct xf_buf *b)
{
	return b->p ? b->p : "";
}

size_t
xf_put_uint(char *out, uint64_t v, int width)
{
	char tmp[XF_UINT_LEN];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && n < sizeof(tmp));
	while ((int)n < width && n < sizeof(tmp))
		tmp[n++] = '0';
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return n;
}
