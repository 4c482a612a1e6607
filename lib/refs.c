/*
 * refs.c: the refs one command hands the next.  Any xf output (TSV with
 * a header, CSV, or a bare list) feeds any xf command, so only the first
 * cell of each line counts.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

static size_t
first_cell(const char *line, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (line[i] == '\t' || line[i] == ',' || line[i] == '\n' ||
		    line[i] == '\r')
			break;
	return i;
}

int
xf_ref_next(FILE *fp, char ref[XF_REFLEN], int64_t *lineno,
    struct xf_err *err)
{
	char *line = NULL;
	size_t cap = 0, n;
	ssize_t got;
	int rc = 0;

	while ((got = getline(&line, &cap, fp)) > 0) {
		(*lineno)++;
		n = first_cell(line, (size_t)got);
		/* A quoted CSV ref: refs never contain quotes themselves. */
		if (n >= 2 && line[0] == '"' && line[n - 1] == '"') {
			memmove(line, line + 1, n - 2);
			n -= 2;
		}
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			n--;
		if (n == 0 || (n == 3 && memcmp(line, "ref", 3) == 0))
			continue;
		if (n >= XF_REFLEN) {
			rc = xf_errf(err, "line %lld: not a ref: '%.40s...'",
			    (long long)*lineno, line);
			break;
		}
		memcpy(ref, line, n);
		ref[n] = '\0';
		rc = 1;
		break;
	}
	free(line);
	return rc;
}

int64_t
xf_ref_id(const char *ref)
{
	const char *p = ref;
	char *end;
	long long id;

	if (strncasecmp(p, "XF-", 3) == 0) {
		p += 3;
		if (strlen(p) < 6 || p[4] != '-')
			return -1;
		p += 5;
	}
	if (!isdigit((unsigned char)*p))
		return -1;
	id = strtoll(p, &end, 10);
	if (*end != '\0' || id <= 0)
		return -1;
	return id;
}
