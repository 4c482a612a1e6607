/*
 * distance.c: how far apart two short words are, so a command can answer
 * a mistyped verb with the one that was meant ("did you mean 'explain'?").
 *
 * Damerau-Levenshtein in its "optimal string alignment" form: one insert,
 * delete, change or swap of two neighbours costs 1, since swapped
 * letters ("exlpain", "lsit") are the commonest slip at a keyboard.
 * Bytes, not characters: verbs are ASCII, and a word in another script is
 * far from all of them whichever way it is counted.
 */
#include <string.h>

#include "xf.h"

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t
xf_edit_distance(const char *a, const char *b)
{
	/* Three rows of the table: two back (for swaps), one back, this. */
	size_t row[3][XF_EDIT_MAX + 1], *pp, *p, *r, *t, cost, i, j, m, n;

	m = strlen(a);
	n = strlen(b);
	if (m > XF_EDIT_MAX || n > XF_EDIT_MAX)
		return (size_t)-1;
	for (j = 0; j <= n; j++)
		row[1][j] = j;
	pp = row[0];
	p = row[1];
	r = row[2];
	for (i = 1; i <= m; i++) {
		r[0] = i;
		for (j = 1; j <= n; j++) {
			cost = a[i - 1] != b[j - 1];
			r[j] = min3(p[j] + 1, r[j - 1] + 1, p[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < r[j])
				r[j] = pp[j - 2] + 1;
		}
		/* This row becomes the last, the last the one before. */
		t = pp;
		pp = p;
		p = r;
		r = t;
	}
	return p[n];
}
