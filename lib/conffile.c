/*
 * conffile.c: the line reading every settings file of share/ shares
 * (rules, policy, calendars, routing): line endings of either kind,
 * blank lines and # comments skipped, each line checked to be UTF-8
 * and of a sane length, and every error named by file and line, so
 * that a person can find the line to mend.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "xf.h"

int
xf_conf_empty(const char *path, const char *what, struct xf_err *err)
{
	struct stat sb;

	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return 0;
	return xf_errf(err, "%s: no %s in it (empty, or comments only); "
	    "give /dev/null to mean none", path, what);
}

int
xf_conf_blank(const char *line)
{
	line += strspn(line, " \t");
	return *line == '\0' || *line == '#';
}

static int
each_line(FILE *fp, const char *path, xf_conf_fn fn, void *ctx,
    struct xf_err *err)
{
	char *buf = NULL;
	size_t cap = 0, n;
	ssize_t got;
	int lineno = 0, rc = 0;

	while (rc == 0 && (got = getline(&buf, &cap, fp)) != -1) {
		lineno++;
		n = (size_t)got;
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		buf[n] = '\0';
		if (n > XF_CONF_LINE_MAX)
			rc = xf_errf(err, "%s:%d: line too long (over %d "
			    "bytes)", path, lineno, XF_CONF_LINE_MAX);
		else if (memchr(buf, '\0', n) != NULL ||
		    !xf_utf8_valid(buf, n))
			rc = xf_errf(err, "%s:%d: not UTF-8", path, lineno);
		else if (!xf_conf_blank(buf))
			rc = fn(ctx, buf, lineno, err);
	}
	if (rc == 0 && ferror(fp))
		rc = xf_errf(err, "%s: cannot read: %s", path,
		    strerror(errno));
	free(buf);
	return rc;
}

int
xf_conf_read(const char *path, xf_conf_fn fn, void *ctx, struct xf_err *err)
{
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "r")) == NULL)
		return xf_errf(err, "%s: cannot read: %s", path,
		    strerror(errno));
	rc = each_line(fp, path, fn, ctx, err);
	fclose(fp);
	return rc;
}
