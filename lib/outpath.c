/*
 * outpath.c: may a command open this file for writing?
 *
 * Opening an output truncates it, so an output that turns out to be the
 * store, one of the files SQLite (or xf) keeps beside it, or one of the
 * command's own inputs would be destroyed before anything could be said.
 * Existing files are compared by identity (device and inode), so a
 * symlink, a hard link or another spelling of the path is caught.  The
 * store's -wal, -shm, -journal and -batch may not exist yet, so they are
 * also compared by name: the folder resolved by realpath and a symlink at
 * the end followed, as SQLite names them after the store's real path.
 */
#include <sys/stat.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"

#define LINK_HOPS	16	/* symlinks followed before giving up */

static const char *const store_files[] = {
	"", "-wal", "-shm", "-journal", "-batch",
};
#define NSTORE_FILES	nitems(store_files)

/* dir/name, or name alone when it is absolute; NULL when out of memory. */
static char *
join(const char *dir, const char *name)
{
	size_t n;
	char *p;

	if (*name == '/')
		return strdup(name);
	n = strlen(dir) + 1 + strlen(name) + 1;
	if ((p = malloc(n)) != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* The folder part of path, resolved; NULL when it cannot be. */
static char *
real_dir(const char *path)
{
	char *copy, *dir;

	if ((copy = strdup(path)) == NULL)
		return NULL;
	dir = realpath(dirname(copy), NULL);
	free(copy);
	return dir;
}

/* Follows a symlink at the end of path (a dangling one too). */
static char *
follow(const char *path)
{
	char target[PATH_MAX], *cur, *dir, *next;
	struct stat sb;
	ssize_t n;
	int hops;

	if ((cur = strdup(path)) == NULL)
		return NULL;
	for (hops = 0; hops < LINK_HOPS && lstat(cur, &sb) == 0 &&
	    S_ISLNK(sb.st_mode); hops++) {
		if ((n = readlink(cur, target, sizeof(target) - 1)) == -1)
			break;
		target[n] = '\0';
		dir = strdup(cur);
		next = dir != NULL ? join(dirname(dir), target) : NULL;
		free(dir);
		free(cur);
		if ((cur = next) == NULL)
			return NULL;
	}
	return cur;
}

/* The path as the kernel will reach it, whether or not it exists. */
static char *
canonical(const char *path)
{
	char *cur, *copy, *dir, *out = NULL;

	if ((cur = follow(path)) == NULL)
		return NULL;
	if ((dir = real_dir(cur)) != NULL && (copy = strdup(cur)) != NULL) {
		out = join(dir, basename(copy));
		free(copy);
	}
	free(dir);
	free(cur);
	return out;
}

static int
same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* 1 when out (stat in osb, or NULL when it does not exist) is path. */
static int
is_file(const char *out, const struct stat *osb, const char *path)
{
	struct stat sb;
	char *a, *b;
	int same;

	if (osb != NULL && stat(path, &sb) == 0)
		return same_inode(osb, &sb);
	a = canonical(out);
	b = canonical(path);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* 1 when out would land in the cur/ or new/ folder of Maildir dir. */
static int
in_maildir(const char *out, const char *dir)
{
	static const char *const sub[] = { "cur", "new", "tmp" };
	struct stat osb, sb;
	char *odir, *path;
	size_t i;
	int in = 0;

	if ((odir = real_dir(out)) == NULL)
		return 0;
	if (stat(odir, &osb) == 0)
		for (i = 0; i < nitems(sub) && !in; i++) {
			if ((path = join(dir, sub[i])) == NULL)
				break;
			in = stat(path, &sb) == 0 && same_inode(&osb, &sb);
			free(path);
		}
	free(odir);
	return in;
}

static int
is_input(const char *out, const struct stat *osb, const char *in)
{
	struct stat sb;

	if (in == NULL || strcmp(in, "-") == 0)
		return osb != NULL && fstat(STDIN_FILENO, &sb) == 0 &&
		    same_inode(osb, &sb);
	if (stat(in, &sb) == 0 && S_ISDIR(sb.st_mode))
		return in_maildir(out, in);
	return is_file(out, osb, in);
}

int
xf_output_check(const char *what, const char *out, const char *store,
    char *const *inputs, size_t ninputs, struct xf_err *err)
{
	struct stat sb, *osb = stat(out, &sb) == 0 ? &sb : NULL;
	char *path;
	size_t i;
	int same;

	for (i = 0; store != NULL && i < NSTORE_FILES; i++) {
		if ((path = malloc(strlen(store) + 16)) == NULL)
			return xf_errf(err, "%s: out of memory", out);
		snprintf(path, strlen(store) + 16, "%s%s", store,
		    store_files[i]);
		same = is_file(out, osb, path);
		free(path);
		if (same)
			return xf_errf(err, "%s %s: that is the store%s%s%s, "
			    "not overwritten", what, out, *store_files[i] ?
			    "'s " : "", store_files[i], *store_files[i] ?
			    " file" : "");
	}
	if (ninputs == 0 && is_input(out, osb, NULL))
		return xf_errf(err, "%s %s: that is the input, not "
		    "overwritten", what, out);
	for (i = 0; i < ninputs; i++)
		if (is_input(out, osb, inputs[i]))
			return xf_errf(err, "%s %s: that is the input %s, not "
			    "overwritten", what, out, inputs[i]);
	return 0;
}
