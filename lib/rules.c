/*
 * rules.c: the classification rules people write, in a TSV file:
 *
 *	field	match	pattern	category	priority	flags
 *	any	keywords	个人信息,隐私,data breach	privacy	P2	privacy
 *	body	regex	(起诉|lawsuit)	-	P2	legal
 *
 * Keywords are matched case-insensitively as substrings; an ASCII keyword
 * must also stand as a word ("sue" does not match "issue").  A regex is
 * POSIX ERE, case-insensitive.  Every matching rule adds its flags and
 * may raise the priority; the first one that names a category gives it.
 */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define RULE_KEYWORDS_MAX	64

struct rule {
	enum xf_rule_field field;
	int		 is_regex;
	regex_t		 re;
	char		*kw[RULE_KEYWORDS_MAX];	/* lower-cased */
	size_t		 nkw;
	char		*category;
	int		 priority;
	char		 flags[128];
	char		 where[256];		/* "share/rules.tsv:3" */
};

struct xf_rules {
	struct rule	*r;
	size_t		 n, cap;
};

const char *const xf_flags_known[XF_NFLAGS] = {
	"privacy", "legal", "media", "collective", "repeat", "vip",
};

void
xf_flags_add(char *flags, size_t len, const char *flag)
{
	char buf[256], *p, *item;
	size_t n = 0;
	int placed = 0;

	if (xf_flags_has(flags, flag))
		return;
	snprintf(buf, sizeof(buf), "%s", flags);
	flags[0] = '\0';
	for (p = buf; (item = strsep(&p, ",")) != NULL;) {
		if (*item == '\0')
			continue;
		if (!placed && strcmp(flag, item) < 0) {
			n += (size_t)snprintf(flags + n, len - n, "%s%s",
			    n ? "," : "", flag);
			placed = 1;
		}
		n += (size_t)snprintf(flags + n, len - n, "%s%s", n ? "," : "",
		    item);
		if (n >= len)
			return;
	}
	if (!placed)
		snprintf(flags + n, len - n, "%s%s", n ? "," : "", flag);
}

int
xf_flags_has(const char *flags, const char *flag)
{
	size_t n = strlen(flag);
	const char *p;

	for (p = flags; (p = strstr(p, flag)) != NULL; p += n)
		if ((p == flags || p[-1] == ',') && (p[n] == ',' ||
		    p[n] == '\0'))
			return 1;
	return 0;
}

void
xf_flags_remove(char *flags, const char *flag)
{
	char buf[256], *p, *item;
	size_t n = 0, len = strlen(flags) + 1;

	snprintf(buf, sizeof(buf), "%s", flags);
	flags[0] = '\0';
	for (p = buf; (item = strsep(&p, ",")) != NULL;)
		if (*item != '\0' && strcmp(item, flag) != 0)
			n += (size_t)snprintf(flags + n, len - n, "%s%s",
			    n ? "," : "", item);
}

int
xf_flag_valid(const char *f)
{
	size_t i;

	for (i = 0; i < XF_NFLAGS; i++)
		if (strcmp(f, xf_flags_known[i]) == 0)
			return 1;
	return 0;
}

static int
parse_flags(struct rule *r, char *list, struct xf_err *err)
{
	char *item;

	if (strcmp(list, "-") == 0)
		return 0;
	while ((item = strsep(&list, ",")) != NULL) {
		if (*item == '\0')
			continue;
		if (!xf_flag_valid(item))
			return xf_errf(err, "%s: unknown flag '%s'", r->where,
			    item);
		xf_flags_add(r->flags, sizeof(r->flags), item);
	}
	return 0;
}

static int
parse_keywords(struct rule *r, char *list, struct xf_err *err)
{
	char *item;

	xf_ascii_lower(list);
	while ((item = strsep(&list, ",")) != NULL) {
		size_t n;

		while (*item == ' ')
			item++;
		for (n = strlen(item); n > 0 && item[n - 1] == ' '; n--)
			item[n - 1] = '\0';
		if (*item == '\0')
			continue;
		if (r->nkw == RULE_KEYWORDS_MAX)
			return xf_errf(err, "%s: more than %d keywords",
			    r->where, RULE_KEYWORDS_MAX);
		if ((r->kw[r->nkw++] = strdup(item)) == NULL)
			return xf_errf(err, "out of memory");
	}
	if (r->nkw == 0)
		return xf_errf(err, "%s: no keywords", r->where);
	return 0;
}

/*
 * A quantifier on a quantifier ("s++++") is undefined in POSIX ERE, and
 * glibc's regcomp copies the tree for each, so forty of them took 2 GB
 * (found by tests/fuzz/conf); a bound above REPEAT_MAX is refused for
 * the same reason.  Bracket expressions are skipped: [+*] is literal.
 */
#define REPEAT_MAX	255

static int
is_quant(char c)
{
	return c == '*' || c == '+' || c == '?' || c == '{';
}

static const char *
regex_too_costly(const char *p)
{
	int prev_quant = 0;
	long n;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			prev_quant = 0;
			continue;
		}
		if (*p == '[') {
			p += p[1] == ']' ? 2 : 1;
			while (*p != '\0' && *p != ']')
				p++;
			if (*p == '\0')
				return NULL;	/* regcomp says what is wrong */
			prev_quant = 0;
			continue;
		}
		if (is_quant(*p) && prev_quant)
			return "a repetition of a repetition";
		if (*p == '{') {
			for (p++; *p != '\0' && *p != '}'; p++)
				if (*p >= '0' && *p <= '9' &&
				    (n = strtol(p, NULL, 10)) > REPEAT_MAX)
					return "a repetition count over 255";
			if (*p == '\0')
				return NULL;
		}
		prev_quant = is_quant(*p) || *p == '}';
	}
	return NULL;
}

static int
parse_regex(struct rule *r, const char *pattern, struct xf_err *err)
{
	const char *why;
	char msg[128];
	int rc;

	if ((why = regex_too_costly(pattern)) != NULL)
		return xf_errf(err, "%s: bad regex '%s': %s", r->where,
		    pattern, why);
	rc = regcomp(&r->re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &r->re, msg, sizeof(msg));
		return xf_errf(err, "%s: bad regex '%s': %s", r->where,
		    pattern, msg);
	}
	r->is_regex = 1;
	return 0;
}

static int
parse_field(struct rule *r, const char *f, struct xf_err *err)
{
	if (strcmp(f, "any") == 0)
		r->field = XF_RULE_ANY;
	else if (strcmp(f, "subject") == 0)
		r->field = XF_RULE_SUBJECT;
	else if (strcmp(f, "body") == 0)
		r->field = XF_RULE_BODY;
	else
		return xf_errf(err, "%s: unknown field '%s' (any, subject, "
		    "body)", r->where, f);
	return 0;
}

static int
parse_priority(struct rule *r, const char *p, struct xf_err *err)
{
	if (strcmp(p, "-") == 0)
		return 0;
	if (strlen(p) != 2 || p[0] != 'P' || p[1] < '1' || p[1] > '4')
		return xf_errf(err, "%s: bad priority '%s' (P1 to P4, or -)",
		    r->where, p);
	r->priority = p[1] - '0';
	return 0;
}

/* One line: six tab-separated columns. */
static int
parse_rule(struct rule *r, char *line, struct xf_err *err)
{
	char *col[6], *p = line;
	int i;

	for (i = 0; i < 6; i++)
		if ((col[i] = strsep(&p, "\t")) == NULL)
			return xf_errf(err, "%s: %d columns, want 6 (field, "
			    "match, pattern, category, priority, flags)",
			    r->where, i);
	if (p != NULL)
		return xf_errf(err, "%s: more than 6 columns", r->where);
	if (parse_field(r, col[0], err) == -1 ||
	    parse_priority(r, col[4], err) == -1 ||
	    parse_flags(r, col[5], err) == -1)
		return -1;
	if (strlen(col[3]) > XF_CATEGORY_MAX)
		return xf_errf(err, "%s: category longer than %d bytes",
		    r->where, XF_CATEGORY_MAX);
	if (strcmp(col[3], "-") != 0 && (r->category = strdup(col[3])) == NULL)
		return xf_errf(err, "out of memory");
	if (strcmp(col[1], "keywords") == 0)
		return parse_keywords(r, col[2], err);
	if (strcmp(col[1], "regex") == 0)
		return parse_regex(r, col[2], err);
	return xf_errf(err, "%s: unknown match '%s' (keywords, regex)",
	    r->where, col[1]);
}

static void
free_rule(struct rule *r)
{
	size_t i;

	for (i = 0; i < r->nkw; i++)
		free(r->kw[i]);
	if (r->is_regex)
		regfree(&r->re);
	free(r->category);
}

void
xf_rules_free(struct xf_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		free_rule(&rs->r[i]);
	free(rs->r);
	free(rs);
}

static struct rule *
next_slot(struct xf_rules *rs)
{
	struct rule *p;
	size_t cap;

	if (rs->n == rs->cap) {
		cap = rs->cap ? rs->cap * 2 : 32;
		if ((p = realloc(rs->r, cap * sizeof(*p))) == NULL)
			return NULL;
		rs->r = p;
		rs->cap = cap;
	}
	memset(&rs->r[rs->n], 0, sizeof(rs->r[rs->n]));
	return &rs->r[rs->n];
}

struct rules_file {
	struct xf_rules	*rs;
	const char	*path;
};

static int
rules_line(void *ctx, char *line, int lineno, struct xf_err *err)
{
	struct rules_file *f = ctx;
	struct rule *r;

	if ((r = next_slot(f->rs)) == NULL)
		return xf_errf(err, "out of memory");
	snprintf(r->where, sizeof(r->where), "%s:%d", f->path, lineno);
	f->rs->n++;
	return parse_rule(r, line, err);
}

struct xf_rules *
xf_rules_load(const char *path, struct xf_err *err)
{
	struct rules_file f = { NULL, path };

	if ((f.rs = calloc(1, sizeof(*f.rs))) == NULL) {
		xf_errf(err, "out of memory");
		return NULL;
	}
	if (xf_conf_read(path, rules_line, &f, err) == -1 ||
	    (f.rs->n == 0 && xf_conf_empty(path, "rules", err) == -1)) {
		xf_rules_free(f.rs);
		xf_err_config(err);
		return NULL;
	}
	return f.rs;
}

/* kw at s[i] stands as a word when it is ASCII: no letter or digit on
 * either side.  CJK has no spaces to look for. */
static int
word_at(const char *s, size_t i, size_t n, const char *kw)
{
	size_t k = strlen(kw);

	if ((unsigned char)kw[0] >= 0x80)
		return 1;
	if (i > 0 && isalnum((unsigned char)s[i - 1]))
		return 0;
	return i + k >= n || !isalnum((unsigned char)s[i + k]);
}

static int
has_keyword(const char *lowered, const char *kw)
{
	const char *p;
	size_t n = strlen(lowered);

	for (p = lowered; (p = strstr(p, kw)) != NULL; p++)
		if (word_at(lowered, (size_t)(p - lowered), n, kw))
			return 1;
	return 0;
}

static int
rule_matches(const struct rule *r, const char *text, const char *lowered)
{
	size_t i;

	if (r->is_regex)
		return regexec(&r->re, text, 0, NULL, 0) == 0;
	for (i = 0; i < r->nkw; i++)
		if (has_keyword(lowered, r->kw[i]))
			return 1;
	return 0;
}

static void
take(const struct rule *r, struct xf_verdict *v)
{
	char *p, *item, buf[128];
	const char *base = strrchr(r->where, '/');
	size_t n = strlen(v->why);

	if (v->category == NULL && r->category != NULL)
		v->category = r->category;
	if (r->priority && (v->priority == 0 || r->priority < v->priority))
		v->priority = r->priority;
	snprintf(buf, sizeof(buf), "%s", r->flags);
	for (p = buf; (item = strsep(&p, ",")) != NULL;)
		if (*item != '\0')
			xf_flags_add(v->flags, sizeof(v->flags), item);
	/* The file's name and line say which rule; its folder says nothing. */
	snprintf(v->why + n, sizeof(v->why) - n, "%s%s", n ? " " : "",
	    base ? base + 1 : r->where);
	xf_utf8_chop(v->why);
}

static char *
lowered_copy(const char *s)
{
	char *c = strdup(s ? s : "");

	if (c != NULL)
		xf_ascii_lower(c);
	return c;
}

void
xf_rules_apply(const struct xf_rules *rs, const char *subject,
    const char *body, struct xf_verdict *v)
{
	char *ls = lowered_copy(subject), *lb = lowered_copy(body);
	const struct rule *r;
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 0; rs != NULL && ls != NULL && lb != NULL && i < rs->n; i++) {
		r = &rs->r[i];
		if ((r->field != XF_RULE_BODY && subject != NULL &&
		    rule_matches(r, subject, ls)) ||
		    (r->field != XF_RULE_SUBJECT && body != NULL &&
		    rule_matches(r, body, lb)))
			take(r, v);
	}
	free(ls);
	free(lb);
}
