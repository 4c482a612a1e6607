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
