/*
 * routing.c: which team a category of complaint goes to.
 *
 * share/routing.tsv holds "category<TAB>team[<TAB>contact]" lines, #
 * comments and blank lines, and a "*" row for every category it does not
 * name.  A routing file is used whole or not at all: the first bad line is
 * an error naming the file and line, so a typo never silently sends
 * complaints nowhere.  Categories are compared without regard to ASCII
 * case.
 *
 * The optional third field is the escalation contact of the row's team:
 * whom an escalation goes to when the team has no lead to take it (its
 * owner leads the team, or it has no active lead), a login or an e-mail
 * address.  A contact belongs to a team, not to a category, so two rows
 * of one team may not name two contacts; the "*" row's contact is the
 * default of every team that names none (overdue.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"


struct route {
	char		*category;
	char		 team[XF_TEAM_MAX + 1];
	char		 contact[XF_CONTACT_MAX + 1];	/* "": none */
	int		 line;
};

struct xf_routing {
	struct route	*r;
	size_t		 n, cap;
	char		 deflt[XF_TEAM_MAX + 1];	/* "" when no "*" row */
	int		 deflt_line;
	char		 contact[XF_CONTACT_MAX + 1];	/* the "*" row's */
};

void
xf_routing_free(struct xf_routing *rt)
{
	size_t i;

	if (rt == NULL)
		return;
	for (i = 0; i < rt->n; i++)
		free(rt->r[i].category);
	free(rt->r);
	free(rt);
}

static struct route *
find(const struct xf_routing *rt, const char *category)
{
	size_t i;

	for (i = 0; i < rt->n; i++)
		if (strcasecmp(rt->r[i].category, category) == 0)
			return &rt->r[i];
	return NULL;
}

/* The contact a row of team gave already, or NULL. */
static const struct route *
team_contact(const struct xf_routing *rt, const char *team)
{
	size_t i;

	for (i = 0; i < rt->n; i++)
		if (rt->r[i].contact[0] != '\0' &&
		    strcmp(rt->r[i].team, team) == 0)
			return &rt->r[i];
	return NULL;
}

static int
add_route(struct xf_routing *rt, const char *category, const char *team,
    const char *contact, int line)
{
	struct route *p;

	if (rt->n == rt->cap) {
		size_t cap = rt->cap ? rt->cap * 2 : 16;

		if ((p = realloc(rt->r, cap * sizeof(*p))) == NULL)
			return -1;
		rt->r = p;
		rt->cap = cap;
	}
	p = &rt->r[rt->n];
	if ((p->category = strdup(category)) == NULL)
		return -1;
	snprintf(p->team, sizeof(p->team), "%s", team);
	snprintf(p->contact, sizeof(p->contact), "%s", contact);
	p->line = line;
	rt->n++;
	return 0;
}

struct routing_file {
	struct xf_routing *rt;
	const char	*path;
};

/* s without the blanks that end it. */
static void
chop_blanks(char *s)
{
	char *end;

	for (end = s + strlen(s); end > s && (end[-1] == ' ' ||
	    end[-1] == '\t'); end--)
		;
	*end = '\0';
}

/*
 * A contact: a login, or an e-mail address (one '@' with something on
 * each side, no blank, no control character, no comma); "" and "-"
 * stand for none.  It is printed in alerts and recorded in events.
 */
static int
contact_valid(const char *s)
{
	const unsigned char *p;
	const char *at;

	if (xf_login_valid(s))
		return 1;
	if (strlen(s) > XF_CONTACT_MAX || !xf_utf8_valid(s, strlen(s)) ||
	    (at = strchr(s, '@')) == NULL || at == s || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || *p == ',')
			return 0;
	return 1;
}

static int
parse_contact(struct xf_routing *rt, const char *category, const char *team,
    char *contact, const char *path, int line, struct xf_err *err)
{
	const struct route *had;

	if (strcmp(contact, "-") == 0)
		*contact = '\0';
	if (*contact != '\0' && !contact_valid(contact))
		return xf_errf(err, "%s:%d: bad escalation contact '%.64s': "
		    "want a login or an e-mail address", path, line, contact);
	if (*contact == '\0' || strcmp(category, "*") == 0)
		return 0;
	if ((had = team_contact(rt, team)) != NULL &&
	    strcmp(had->contact, contact) != 0)
		return xf_errf(err, "%s:%d: team %s has the escalation "
		    "contact %s already at line %d", path, line, team,
		    had->contact, had->line);
	return 0;
}

/* One line without its line end; -1 with err on a bad line. */
static int
parse_line(struct xf_routing *rt, char *s, const char *path, int line,
    struct xf_err *err)
{
	char *tab, *team, *contact = "", *end;
	struct route *dup;

	/* Blank and comment lines never get here (xf_conf_read). */
	while (*s == ' ')
		s++;
	if ((tab = strchr(s, '\t')) == NULL)
		return xf_errf(err, "%s:%d: want category<TAB>team", path,
		    line);
	*tab = '\0';
	team = tab + 1;
	chop_blanks(team);
	if ((tab = strchr(team, '\t')) != NULL) {
		*tab = '\0';
		for (contact = tab + 1; *contact == ' ' || *contact == '\t';
		    contact++)
			;
	}
	for (end = team + strlen(team); end > team && end[-1] == ' '; end--)
		;
	*end = '\0';
	for (end = s + strlen(s); end > s && end[-1] == ' '; end--)
		;
	*end = '\0';
	if (*s == '\0' || strlen(s) > XF_CATEGORY_MAX ||
	    !xf_utf8_valid(s, strlen(s)))
		return xf_errf(err, "%s:%d: want a category (UTF-8, at most "
		    "%d bytes) or *", path, line, XF_CATEGORY_MAX);
	if (!xf_team_valid(team))
		return xf_errf(err, "%s:%d: bad team '%.64s': a team is 1 to "
		    "%d of a-z, 0-9, '.', '_' and '-'", path, line, team,
		    XF_TEAM_MAX);
	if (parse_contact(rt, s, team, contact, path, line, err) == -1)
		return -1;
	if (strcmp(s, "*") == 0) {
		if (rt->deflt[0] != '\0')
			return xf_errf(err, "%s:%d: a second * row (the first "
			    "is line %d)", path, line, rt->deflt_line);
		snprintf(rt->deflt, sizeof(rt->deflt), "%s", team);
		snprintf(rt->contact, sizeof(rt->contact), "%s", contact);
		rt->deflt_line = line;
		return 0;
	}
	if ((dup = find(rt, s)) != NULL)
		return xf_errf(err, "%s:%d: category '%s' is routed already "
		    "at line %d", path, line, s, dup->line);
	if (add_route(rt, s, team, contact, line) == -1)
		return xf_errf(err, "%s: out of memory", path);
	return 0;
}

static int
routing_line(void *ctx, char *line, int lineno, struct xf_err *err)
{
	struct routing_file *f = ctx;

	return parse_line(f->rt, line, f->path, lineno, err);
}

struct xf_routing *
xf_routing_load(const char *path, struct xf_err *err)
{
	struct routing_file f = { NULL, path };

	if ((f.rt = calloc(1, sizeof(*f.rt))) == NULL) {
		xf_errf(err, "%s: out of memory", path);
		return NULL;
	}
	if (xf_conf_read(path, routing_line, &f, err) == -1 ||
	    (f.rt->n == 0 && f.rt->deflt[0] == '\0' &&
	    xf_conf_empty(path, "routes", err) == -1)) {
		xf_routing_free(f.rt);
		xf_err_config(err);
		return NULL;
	}
	return f.rt;
}

const char *
xf_routing_team(const struct xf_routing *rt, const char *category)
{
	const struct route *r;

	if (category != NULL && *category != '\0' &&
	    (r = find(rt, category)) != NULL)
		return r->team;
	return rt->deflt[0] != '\0' ? rt->deflt : NULL;
}

int
xf_routing_has(const struct xf_routing *rt, const char *category)
{
	return category != NULL && *category != '\0' &&
	    find(rt, category) != NULL;
}

const char *
xf_routing_contact(const struct xf_routing *rt, const char *team)
{
	const struct route *r;

	if (team != NULL && (r = team_contact(rt, team)) != NULL)
		return r->contact;
	return rt->contact[0] != '\0' ? rt->contact : NULL;
}
