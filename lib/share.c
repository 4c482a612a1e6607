/*
 * share.c: where the data files shipped in share/ are found: the option
 * that names a file, else its environment variable, else $XF_SHARE,
 * else the share/ of the source tree a command was built in (when it is
 * run from that tree's bin/), else DATADIR.  DATADIR comes from the
 * build's paths.h, which the Makefile rewrites whenever DATADIR changes,
 * so `make install PREFIX=...` after a plain `make` installs binaries
 * that look where it put the data.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "xf.h"

/* A file only a source tree has, next to its share/. */
#define TREE_MARK	"lib/xf.h"

/*
 * parent_of: cut the last n components of path (in place).  Returns
 * -1 when it has fewer.
 */
static int
parent_of(char *path, int n)
{
	char *slash;

	while (n-- > 0) {
		if ((slash = strrchr(path, '/')) == NULL || slash == path)
			return -1;
		*slash = '\0';
	}
	return 0;
}

/*
 * tree_share: the share/ of the source tree whose bin/ (or bin-san/)
 * holds the running command, or NULL when it is not in one.  Linux's
 * /proc/self/exe names the binary itself, whatever PATH or argv[0] say;
 * elsewhere there is no tree and DATADIR is used.
 */
static const char *
tree_share(void)
{
	static char dir[PATH_MAX];
	static int looked;
	char mark[PATH_MAX + sizeof(TREE_MARK)];
	ssize_t n;

	if (looked)
		return *dir != '\0' ? dir : NULL;
	looked = 1;
	n = readlink("/proc/self/exe", dir, sizeof(dir) - sizeof("/share"));
	if (n <= 0 || (size_t)n >= sizeof(dir) - sizeof("/share")) {
		*dir = '\0';
		return NULL;
	}
	dir[n] = '\0';
	if (parent_of(dir, 2) == -1 ||
	    snprintf(mark, sizeof(mark), "%s/%s", dir, TREE_MARK) < 0 ||
	    access(mark, F_OK) == -1) {
		*dir = '\0';
		return NULL;
	}
	strcat(dir, "/share");
	return dir;
}

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
	else if ((v = tree_share()) != NULL)
		n = snprintf(buf, len, "%s/%s", v, name);
	else
		n = snprintf(buf, len, "%s/%s", XF_DATADIR, name);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
