/* err.c: error reasons handed from lib/ to the command that reports them. */
#include <stdarg.h>
#include <stdio.h>

#include "xf.h"

int
xf_errf(struct xf_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}
