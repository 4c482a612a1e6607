/*
 * vocab.c: a person's words for the values of a field, read the same way
 * wherever a command takes one, so that a filter speaks intake's words.
 *
 * Channels go through xf-intake's own alias table (fields.c), not a copy
 * of it: "xf-status list -c 微信" lists what "xf-intake" stored as social
 * from a column saying 微信.  The other fixed sets have no aliases of
 * their own yet; a word for one of them is its stored value in any case,
 * a status with a space or "-" where the stored one has "_" ("In
 * progress"), white space around it ignored as intake ignores it.  Categories are not a fixed set: the taxonomy file names
 * the usual ones and a person may give any other, so a category is known
 * when the taxonomy or the store has it, compared without ASCII case as
 * routing compares it.  An unknown word is an error that lists what is
 * known: a filter that silently matches nothing looks like an answer.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

static const char *const priorities[] = { "P1", "P2", "P3", "P4" };

static const char *const vocab_what[] = {
	[XF_VOCAB_CHANNEL] = "channel", [XF_VOCAB_STATUS] = "status",
	[XF_VOCAB_PRIORITY] = "priority", [XF_VOCAB_FLAG] = "flag",
};

/* The i-th stored value of v, NULL past the last. */
static const char *
nth(enum xf_vocab v, size_t i)
{
	switch (v) {
	case XF_VOCAB_CHANNEL:
		return xf_channel_nth(i);
	case XF_VOCAB_STATUS:
		return xf_status_nth(i);
	case XF_VOCAB_PRIORITY:
		return i < nitems(priorities) ? priorities[i] : NULL;
	case XF_VOCAB_FLAG:
		return i < XF_NFLAGS ? xf_flags_known[i] : NULL;
	}
	return NULL;
}

/*
 * 1 when word is value but for ASCII case, a space or "-" for "_", and
 * white space around it, which xf-intake trims from what it reads too.
 */
static int
same_word(const char *word, const char *value)
{
	size_t n;

	word += strspn(word, " \t");
	for (n = strlen(word); n > 0 && (word[n - 1] == ' ' ||
	    word[n - 1] == '\t'); n--)
		;
	for (; n > 0 && *value != '\0'; word++, value++, n--) {
		if (*value == '_' && (*word == ' ' || *word == '-' ||
		    *word == '_'))
			continue;
		if (tolower((unsigned char)*word) !=
		    tolower((unsigned char)*value))
			return 0;
	}
	return n == 0 && *value == '\0';
}

/* "a, b, c or d": the n words of a list, for an error. */
static void
join_or(struct xf_buf *b, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xf_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 < n ? ", " :
		    " or ", words[i]);
}

static int
unknown(enum xf_vocab v, const char *word, struct xf_err *err)
{
	struct xf_buf b = { 0 };
	const char *all[16];
	size_t n;

	for (n = 0; n < nitems(all) && (all[n] = nth(v, n)) != NULL; n++)
		;
	join_or(&b, all, n);
	xf_errf(err, "unknown %s '%s': want %s%s", vocab_what[v], word,
	    b.p ? b.p : "", v == XF_VOCAB_CHANNEL ?
	    ", or a word xf-intake reads as one (xf-intake(1))" : "");
	xf_buf_free(&b);
	return -1;
}

const char *
xf_vocab_value(enum xf_vocab v, const char *word, struct xf_err *err)
{
	const char *value;
	size_t i;
	int known;

	if (v == XF_VOCAB_CHANNEL) {
		value = xf_channel_norm(word, &known);
		if (known)
			return value;
	}
	for (i = 0; (value = nth(v, i)) != NULL; i++)
		if (same_word(word, value))
			return value;
	unknown(v, word, err);
	return NULL;
}

int
xf_vocab_list(enum xf_vocab v, const char *words, struct xf_buf *out,
    struct xf_err *err)
{
	const char *value;
	char *copy, *p, *word;
	int rc = 0;

	xf_buf_reset(out);
	if ((copy = strdup(words)) == NULL)
		return xf_errf(err, "out of memory");
	for (p = copy; rc == 0 && (word = strsep(&p, ",")) != NULL;) {
		if ((value = xf_vocab_value(v, word, err)) == NULL)
			rc = -1;
		else if (xf_buf_printf(out, "%s%s", out->len ? "," : "",
		    value) == -1)
			rc = xf_errf(err, "out of memory");
	}
	free(copy);
	return rc;
}

/* --- categories ----------------------------------------------------- */

/* The known categories: the taxonomy's in its order, then the store's
 * that it has not, each once whatever its case. */
struct categories {
	char		**v;
	size_t		  n, cap;
};

static int
add_category(struct categories *c, const char *name)
{
	char **p;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcasecmp(c->v[i], name) == 0)
			return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		if ((p = realloc(c->v, c->cap * sizeof(*p))) == NULL)
			return -1;
		c->v = p;
	}
	if ((c->v[c->n] = strdup(name)) == NULL)
		return -1;
	c->n++;
	return 0;
}

/* One line of the taxonomy: "category<TAB>description". */
static int
taxonomy_line(void *ctx, char *line, int lineno, struct xf_err *err)
{
	(void)lineno;
	line[strcspn(line, "\t")] = '\0';
	if (*line != '\0' && add_category(ctx, line) == -1)
		return xf_errf(err, "out of memory");
	return 0;
}

static int
store_categories(struct xf_store *s, struct categories *c,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT DISTINCT category FROM complaint"
	    " WHERE category IS NOT NULL AND category <> ''"
	    " ORDER BY category", &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add_category(c, (const char *)sqlite3_column_text(st,
		    0)) == -1) {
			sqlite3_finalize(st);
			return xf_errf(err, "out of memory");
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the categories", err);
	return 0;
}

static void
free_categories(struct categories *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
}

/* The first of the known categories that is word but for ASCII case,
 * into canon: 0, else 1. */
static int
find_category(const struct categories *c, const char *word,
    char canon[XF_CATEGORY_MAX + 1])
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcasecmp(c->v[i], word) == 0) {
			snprintf(canon, XF_CATEGORY_MAX + 1, "%s", c->v[i]);
			return 0;
		}
	return 1;
}

/* word as the store spells it (the first in order, as store_categories
 * lists them): 0 with canon, 1 when no complaint has it, -1 with err. */
static int
store_spelling(struct xf_store *s, const char *word,
    char canon[XF_CATEGORY_MAX + 1], struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT category FROM complaint"
	    " WHERE category = ?1 COLLATE NOCASE ORDER BY category LIMIT 1",
	    &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(canon, XF_CATEGORY_MAX + 1, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading the categories", err);
	return rc == SQLITE_ROW ? 0 : 1;
}

/* err: word is none of the known categories, which it lists. */
static int
unknown_category(struct xf_store *s, struct categories *c, const char *word,
    struct xf_err *err)
{
	struct xf_buf known = { 0 };
	size_t i;

	if (store_categories(s, c, err) == -1)
		return -1;
	for (i = 0; i < c->n; i++)
		xf_buf_printf(&known, "%s%s", i ? ", " : "", c->v[i]);
	xf_errf(err, "unknown category '%s': want one of %s", word,
	    known.p ? known.p : "(none: no taxonomy, nothing classified)");
	xf_buf_free(&known);
	return 1;
}

/*
 * The taxonomy first, then the one complaint that spells word, so that a
 * known word costs no scan of the store; the whole list of the store's
 * categories only for the error of an unknown one.
 */
int
xf_category_known(struct xf_store *s, const char *taxonomy, const char *word,
    char canon[XF_CATEGORY_MAX + 1], struct xf_err *err)
{
	struct categories c = { NULL, 0, 0 };
	int rc;

	rc = xf_conf_read(taxonomy, taxonomy_line, &c, err);
	if (rc == 0)
		rc = find_category(&c, word, canon);
	if (rc == 1)
		rc = store_spelling(s, word, canon, err);
	if (rc == 1)
		rc = unknown_category(s, &c, word, err);
	free_categories(&c);
	return rc;
}
