/*
 * template.c: the words xf says to a complainant, kept in files a
 * company edits, not in C: share/templates/KIND.LANG (accepted.zh,
 * resolved.en, ...), and canned answers under share/templates/canned/.
 *
 * A template is a Subject: line, a blank line, and the body.  {name}
 * stands for a value (xf_template_vars lists every name; a name outside
 * the list is an error naming file:line, so a typo is found when the
 * template is first used, not by a complainant reading "{refs}"); {{
 * and }} stand for the braces themselves.  A name with no value in the
 * case at hand (no answer in an acceptance) is left empty.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define TEMPLATE_MAX	(256 * 1024)	/* bytes of one template file */

static const char *const names[] = {
	/* the complaint's own */
	"ref", "subject", "complainant", "received", "ack_due", "due",
	"handler", "team", "category", "status",
	/* the occasion's */
	"reason", "answer", "new_due", "token", "survey_url",
	"followup_due",
	/* the other party of a merge or a referral (merge.c) */
	"other",
};

const char *const *
xf_template_vars(size_t *n)
{
	*n = sizeof(names) / sizeof(names[0]);
	return names;
}

static int
known(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return 1;
	return 0;
}

static const char *
value_of(const struct xf_tvar *v, size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i].name) == len &&
		    memcmp(v[i].name, name, len) == 0)
			return v[i].value != NULL ? v[i].value : "";
	return "";
}

/* text is the part of the file that starts at line; errors name both. */
static int
render(const struct xf_template *t, const char *text, int line,
    const struct xf_tvar *v, size_t n, struct xf_buf *out,
    struct xf_err *err)
{
	const char *p, *end;

	xf_buf_reset(out);
	if (xf_buf_adds(out, "") == -1)
		return xf_errf(err, "out of memory");
	for (p = text; *p != '\0'; p++) {
		if (*p == '\n')
			line++;
		if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
			if (xf_buf_addc(out, *p++) == -1)
				return xf_errf(err, "out of memory");
			continue;
		}
		if (*p == '}')
			return xf_errf(err, "%s:%d: a lone '}' (write }} for "
			    "the brace itself)", t->path, line);
		if (*p != '{') {
			if (xf_buf_addc(out, *p) == -1)
				return xf_errf(err, "out of memory");
			continue;
		}
		end = strchr(p + 1, '}');
		if (end == NULL || memchr(p + 1, '\n', (size_t)(end - p - 1)))
			return xf_errf(err, "%s:%d: a '{' with no '}' on its "
			    "line (write {{ for the brace itself)", t->path,
			    line);
		if (!known(p + 1, (size_t)(end - p - 1)))
			return xf_errf(err, "%s:%d: no value is called {%.*s} "
			    "(xf-notify(1) lists them)", t->path, line,
			    (int)(end - p - 1 > 40 ? 40 : end - p - 1), p + 1);
		if (xf_buf_adds(out, value_of(v, n, p + 1,
		    (size_t)(end - p - 1))) == -1)
			return xf_errf(err, "out of memory");
		p = end;
	}
	return 0;
}

int
xf_template_fill(const struct xf_template *t, const struct xf_tvar *v,
    size_t n, struct xf_buf *subject, struct xf_buf *body,
    struct xf_err *err)
{
	if (subject != NULL && render(t, t->subject != NULL ? t->subject :
	    "", 1, v, n, subject, err) == -1)
		return -1;
	return render(t, t->body, t->body_line, v, n, body, err);
}

/* Splits the file's text: "Subject: ..." and a blank line, then the
 * body; a canned answer (subject not wanted) is all body. */
static int
split(struct xf_template *t, char *text, int want_subject,
    struct xf_err *err)
{
	char *nl;

	if (!want_subject) {
		t->body = text;
		t->body_line = 1;
		return 0;
	}
	if (strncmp(text, "Subject:", 8) != 0)
		return xf_errf(err, "%s:1: a template starts with a "
		    "Subject: line", t->path);
	if ((nl = strchr(text, '\n')) == NULL || nl[1] != '\n')
		return xf_errf(err, "%s:2: the Subject: line is followed by "
		    "a blank line, then the body", t->path);
	*nl = '\0';
	t->subject = text + 8 + strspn(text + 8, " \t");
	t->body = nl + 2;
	t->body_line = 3;
	return 0;
}

/* The whole file, CRLF made LF, checked to be UTF-8. */
static int
slurp(const char *path, char **out, struct xf_err *err)
{
	FILE *fp;
	struct xf_buf b = { 0 };
	char chunk[8192];
	size_t got, i, j;

	if ((fp = fopen(path, "r")) == NULL)
		return xf_errf(err, "%s: %s", path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (b.len + got > TEMPLATE_MAX || xf_buf_add(&b, chunk,
		    got) == -1)
			break;
	if (ferror(fp) || got > 0) {
		fclose(fp);
		xf_buf_free(&b);
		return xf_errf(err, "%s: %s", path, got > 0 ?
		    "over 256 KiB, or out of memory" : strerror(errno));
	}
	fclose(fp);
	if (b.p == NULL && xf_buf_adds(&b, "") == -1)
		return xf_errf(err, "out of memory");
	for (i = j = 0; i < b.len; i++)
		if (!(b.p[i] == '\r' && b.p[i + 1] == '\n'))
			b.p[j++] = b.p[i];
	b.p[j] = '\0';
	if (!xf_utf8_valid(b.p, j) || memchr(b.p, '\0', j) != NULL) {
		xf_buf_free(&b);
		return xf_errf(err, "%s: not UTF-8 text", path);
	}
	*out = b.p;
	return 0;
}

int
xf_template_load(struct xf_template *t, const char *dir, const char *kind,
    const char *lang, struct xf_err *err)
{
	char rel[PATH_MAX];
	const char *p;
	int canned = strncmp(kind, "canned/", 7) == 0;

	memset(t, 0, sizeof(*t));
	/* The kind and language become a file name: nothing may climb. */
	p = canned ? kind + 7 : kind;
	if (*p == '\0' || p[strspn(p, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789_-")] != '\0' || strspn(lang, "abcdefghijklmnop"
	    "qrstuvwxyz") != strlen(lang) || *lang == '\0')
		return xf_errf(err, "no template can be called '%s.%s' "
		    "(letters, digits, - and _)", kind, lang);
	snprintf(rel, sizeof(rel), "templates/%s.%s", kind, lang);
	if (dir == NULL)
		dir = getenv("XF_TEMPLATES");
	if (dir != NULL && *dir != '\0') {
		if (snprintf(t->path, sizeof(t->path), "%s/%s.%s", dir, kind,
		    lang) >= (int)sizeof(t->path))
			return xf_errf(err, "the templates' path is too long");
	} else if (xf_share_path(t->path, sizeof(t->path), NULL, NULL,
	    rel) == -1)
		return xf_errf(err, "the templates' path is too long");
	if (slurp(t->path, &t->text, err) == -1)
		return -1;
	if (split(t, t->text, !canned, err) == -1) {
		xf_template_free(t);
		return -1;
	}
	return 0;
}

void
xf_template_free(struct xf_template *t)
{
	free(t->text);
	t->text = t->subject = t->body = NULL;
}

/* --- a run's templates, read once --------------------------------------- */

/*
 * A bulk move (10,000 acceptances from one pipe) fills the same
 * template for every complaint: read each file once per run, not once
 * per complaint.  The cache is the caller's, freed with the run; a
 * template edited during a run is read again by the next run.
 */
int
xf_tcache_get(struct xf_tcache *c, const char *kind, const char *lang,
    const struct xf_template **t, struct xf_err *err)
{
	struct xf_tcached *v;
	char key[sizeof(c->v[0].key)];
	size_t i;

	if (snprintf(key, sizeof(key), "%s.%s", kind, lang) >=
	    (int)sizeof(key))
		return xf_errf(err, "no template can be called '%s.%s' "
		    "(too long)", kind, lang);
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			*t = &c->v[i].t;
			return 0;
		}
	if (c->n == c->cap) {
		if ((v = reallocarray(c->v, c->cap ? c->cap * 2 : 8,
		    sizeof(*v))) == NULL)
			return xf_errf(err, "out of memory");
		c->v = v;
		c->cap = c->cap ? c->cap * 2 : 8;
	}
	if (xf_template_load(&c->v[c->n].t, NULL, kind, lang, err) == -1)
		return -1;
	memcpy(c->v[c->n].key, key, sizeof(key));
	c->loads++;
	*t = &c->v[c->n++].t;
	return 0;
}

void
xf_tcache_free(struct xf_tcache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		xf_template_free(&c->v[i].t);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* --- the canned answers, for a handler to choose from ------------------- */

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder of the canned answers, as xf_template_load finds them. */
static int
canned_dir(char *out, size_t len, struct xf_err *err)
{
	const char *dir = getenv("XF_TEMPLATES");
	int n;

	if (dir != NULL && *dir != '\0')
		n = snprintf(out, len, "%s/canned", dir) >= (int)len ? -1 : 0;
	else
		n = xf_share_path(out, len, NULL, NULL, "templates/canned");
	return n == -1 ? xf_errf(err, "the templates' path is too long") : 0;
}

/* NAME.LANG, each part as xf_template_load takes it: else skipped. */
static int
canned_name(const char *file)
{
	const char *dot = strrchr(file, '.');
	size_t n = dot != NULL ? (size_t)(dot - file) : 0;

	return n > 0 && strspn(file, "abcdefghijklmnopqrstuvwxyz0123456789"
	    "_-") == n && dot[1] != '\0' && strspn(dot + 1,
	    "abcdefghijklmnopqrstuvwxyz") == strlen(dot + 1);
}

int
xf_canned_each(int (*fn)(void *, const char *, const char *,
    const struct xf_template *), void *arg, struct xf_err *err)
{
	char dir[PATH_MAX], kind[PATH_MAX], **names = NULL, **v, *dot;
	struct xf_template t;
	struct dirent *d;
	size_t n = 0, cap = 0, i;
	DIR *dp;
	int rc = 0;

	if (canned_dir(dir, sizeof(dir), err) == -1)
		return xf_err_config(err);
	if ((dp = opendir(dir)) == NULL) {
		xf_errf(err, "%s: %s", dir, strerror(errno));
		return xf_err_config(err);
	}
	while (rc == 0 && (d = readdir(dp)) != NULL) {
		if (!canned_name(d->d_name))
			continue;
		if (n == cap && (v = reallocarray(names, cap = cap ? cap * 2 :
		    16, sizeof(*v))) != NULL)
			names = v;
		if (n == cap || (names[n] = strdup(d->d_name)) == NULL)
			rc = xf_errf(err, "out of memory");
		else
			n++;
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n && rc == 0; i++) {
		dot = strrchr(names[i], '.');
		*dot = '\0';
		snprintf(kind, sizeof(kind), "canned/%s", names[i]);
		if ((rc = xf_template_load(&t, NULL, kind, dot + 1, err)) == -1)
			xf_err_config(err);
		else {
			rc = fn(arg, names[i], dot + 1, &t);
			xf_template_free(&t);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
