/*
 * share.c: where the data files shipped in share/ are found.  Tests and
 * a checkout point $XF_SHARE at the source tree's share/; an installed
 * xf reads DATADIR, compiled in as XF_DATADIR.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xf.h"

#ifndef XF_DATADIR
#define XF_DATADIR	"/usr/local/share/xf"
#endif

int
xf_share_path(char *buf, size_t len, const char *opt, const char *env,
    const char *name)
{
	const char *v;
	int n;

	if (opt != NULL && *opt != '\0')
		n = snprintf(buf, len, "%s", opt);
	else if (env != NULL && (v = getenv(env)) != NULL && *v != '\0')
		n = snprintf(buf, len, "%s", v);
	else if ((v = getenv("XF_SHARE")) != NULL && *v != '\0')
		n = snprintf(buf, len, "%s/%s", v, name);
	else
		n = snprintf(buf, len, "%s/%s", XF_DATADIR, name);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
