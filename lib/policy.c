/*
 * policy.c: the deadline policy, a TSV file of one rule a line:
 *
 *	category	priority	ack	resolve	clock	escalate	close
 *	*	P1	2h	1d	business	1h,4h	3d
 *	*	*	15d	60d	calendar	3d,15d
 *
 * The seventh column, how long a resolved complaint waits for a reply
 * before xf-status autoclose closes it, may be left out (7 days). *
 * and the spans of time it is written in ("30m", "8h", "3d", "1d4h").  A
 * span keeps its days apart from its hours and minutes because a day
 * means a working day on a business clock and 24 hours on a calendar
 * clock, which only the clock the span is added on can say.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

enum {
	SPAN_DIGITS = 6,		/* 999999 of any unit at most */
	SPAN_DAYS_MAX = 36600,		/* about a hundred years */
	NCOLS = 6,			/* at least */
	NCOLS_MAX = 7,			/* and the optional close span */
};

/* Nothing written in a policy lasts longer than this, in any unit. */
#define SPAN_SECONDS_MAX	((int64_t)SPAN_DAYS_MAX * XF_DAY)
/*
 * The default working day (09:00-18:00), by which escalation thresholds
 * of a business clock are put in order when the policy is read alone.
 */
#define BUSINESS_DAY		((int64_t)9 * XF_HOUR)

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Units in the order they must be written, and their worth in seconds. */
static const struct {
	char	 unit;
	int64_t	 seconds;		/* 0: a day, counted apart */
} units[] = {
	{ 'd', 0 }, { 'h', XF_HOUR }, { 'm', XF_MINUTE },
};

#define NUNITS	nitems(units)

int
xf_span_parse(const char *s, struct xf_span *out)
{
	const char *p = s;
	int64_t n, days = 0, secs = 0;
	size_t u = 0;
	int i;

	if (s == NULL || *s == '\0')
		return -1;
	while (*p != '\0') {
		for (n = 0, i = 0; is_digit((unsigned char)*p); p++, i++) {
			if (i == SPAN_DIGITS)
				return -1;
			n = n * 10 + (*p - '0');
		}
		if (i == 0)
			return -1;
		/* Each unit once, in order: search on from the last one. */
		while (u < NUNITS && units[u].unit != *p)
			u++;
		if (u == NUNITS)
			return -1;
		if (units[u].seconds == 0)
			days = n;
		else
			secs += n * units[u].seconds;
		u++;
		p++;
	}
	if ((days == 0 && secs == 0) || days > SPAN_DAYS_MAX ||
	    secs > SPAN_SECONDS_MAX)
		return -1;
	out->days = (int)days;
	out->seconds = secs;
	return 0;
}

/* Appends "3d", "4h" or "20m" for each unit that is not zero. */
static void
put_units(char *buf, size_t len, const char *sign, int64_t d, int64_t h,
    int64_t m)
{
	size_t n;

	snprintf(buf, len, "%s", sign);
	if (d != 0 && (n = strlen(buf)) < len)
		snprintf(buf + n, len - n, "%lldd", (long long)d);
	if (h != 0 && (n = strlen(buf)) < len)
		snprintf(buf + n, len - n, "%lldh", (long long)h);
	if ((m != 0 || (d == 0 && h == 0)) && (n = strlen(buf)) < len)
		snprintf(buf + n, len - n, "%lldm", (long long)m);
}

void
xf_span_format(const struct xf_span *sp, char *buf, size_t len)
{
	if (len == 0)
		return;
	put_units(buf, len, "", sp->days, sp->seconds / XF_HOUR,
	    sp->seconds % XF_HOUR / XF_MINUTE);
}

void
xf_duration_format_days(int64_t seconds, int64_t day, char *buf, size_t len)
{
	uint64_t u = seconds < 0 ? -(uint64_t)seconds : (uint64_t)seconds;
	uint64_t d = day > 0 ? (uint64_t)day : XF_DAY;

	if (len == 0)
		return;
	/* Under a minute is "0m", not "-0m". */
	put_units(buf, len, seconds <= -XF_MINUTE ? "-" : "",
	    (int64_t)(u / d), (int64_t)(u % d / XF_HOUR),
	    (int64_t)(u % d % XF_HOUR / XF_MINUTE));
}

void
xf_duration_format(int64_t seconds, char *buf, size_t len)
{
	xf_duration_format_days(seconds, XF_DAY, buf, len);
}

/* --- the policy file ------------------------------------------------ */

struct reader {
	struct xf_policy *p;
	const char	*path;
	int		 line;
	int		 seen;		/* lines read, comments left out */
	struct xf_err	*err;
};

static int
parse_priority(struct reader *r, struct xf_policy_rule *rule, const char *s)
{
	if (strcmp(s, "*") != 0 && (strlen(s) != 2 || s[0] != 'P' ||
	    s[1] < '1' || s[1] > '4'))
		return xf_errf(r->err, "%s:%d: bad priority '%s' (P1 to P4, "
		    "or *)", r->path, r->line, s);
	snprintf(rule->priority, sizeof(rule->priority), "%s", s);
	return 0;
}

static int
parse_category(struct reader *r, struct xf_policy_rule *rule, const char *s)
{
	if (*s == '\0')
		return xf_errf(r->err, "%s:%d: no category (* for any)",
		    r->path, r->line);
	if (strlen(s) >= sizeof(rule->category))
		return xf_errf(r->err, "%s:%d: category '%s' is longer than "
		    "%zu bytes", r->path, r->line, s,
		    sizeof(rule->category) - 1);
	snprintf(rule->category, sizeof(rule->category), "%s", s);
	return 0;
}

static int
parse_span(struct reader *r, struct xf_span *sp, const char *s,
    const char *what)
{
	if (xf_span_parse(s, sp) == -1)
		return xf_errf(r->err, "%s:%d: bad %s '%s' (e.g. 30m, 8h, 3d, "
		    "1d4h)", r->path, r->line, what, s);
	return 0;
}

static int
parse_clock(struct reader *r, struct xf_policy_rule *rule, const char *s)
{
	if (strcmp(s, "business") == 0)
		rule->clock = XF_CLOCK_BUSINESS;
	else if (strcmp(s, "calendar") == 0)
		rule->clock = XF_CLOCK_CALENDAR;
	else
		return xf_errf(r->err, "%s:%d: unknown clock '%s' (business "
		    "or calendar)", r->path, r->line, s);
	return 0;
}

/* The length of a span on a rule's clock, a business day being 9 h. */
static int64_t
nominal(const struct xf_policy_rule *rule, const struct xf_span *sp)
{
	return (int64_t)sp->days * (rule->clock == XF_CLOCK_BUSINESS ?
	    BUSINESS_DAY : XF_DAY) + sp->seconds;
}

static int
parse_escalate(struct reader *r, struct xf_policy_rule *rule, char *s)
{
	char *item;
	struct xf_span *sp;

	if (strcmp(s, "-") == 0)
		return 0;
	while ((item = strsep(&s, ",")) != NULL) {
		if (rule->nescalate == XF_ESCALATE_MAX)
			return xf_errf(r->err, "%s:%d: more than %d escalation "
			    "levels", r->path, r->line, XF_ESCALATE_MAX);
		sp = &rule->escalate[rule->nescalate];
		if (parse_span(r, sp, item, "escalation span") == -1)
			return -1;
		if (rule->nescalate > 0 && nominal(rule, sp) <=
		    nominal(rule, sp - 1))
			return xf_errf(r->err, "%s:%d: escalation spans must "
			    "grow: '%s' is not longer than the one before",
			    r->path, r->line, item);
		rule->nescalate++;
	}
	return 0;
}

static int
duplicate(struct reader *r, const struct xf_policy_rule *rule)
{
	size_t i;

	for (i = 0; i < r->p->n; i++)
		if (strcasecmp(r->p->rules[i].category, rule->category) == 0 &&
		    strcmp(r->p->rules[i].priority, rule->priority) == 0)
			return xf_errf(r->err, "%s:%d: category %s priority %s "
			    "is given already at line %d", r->path, r->line,
			    rule->category, rule->priority,
			    r->p->rules[i].line);
	return 0;
}

static int
parse_rule(struct reader *r, struct xf_policy_rule *rule, char *line)
{
	char *col[NCOLS_MAX], *p = line;
	int i;

	for (i = 0; i < NCOLS_MAX && p != NULL; i++)
		col[i] = strsep(&p, "\t");
	if (i < NCOLS)
		return xf_errf(r->err, "%s:%d: %d columns, want %d "
		    "(category, priority, ack, resolve, clock, escalate) "
		    "and optionally close", r->path, r->line, i, NCOLS);
	if (p != NULL)
		return xf_errf(r->err, "%s:%d: more than %d columns", r->path,
		    r->line, NCOLS_MAX);
	memset(rule, 0, sizeof(*rule));
	rule->line = r->line;
	rule->close.days = XF_CLOSE_DEFAULT_DAYS;
	if (parse_category(r, rule, col[0]) == -1 ||
	    parse_priority(r, rule, col[1]) == -1 ||
	    parse_span(r, &rule->ack, col[2], "acknowledge span") == -1 ||
	    parse_span(r, &rule->resolve, col[3], "resolve span") == -1 ||
	    parse_clock(r, rule, col[4]) == -1 ||
	    parse_escalate(r, rule, col[5]) == -1 ||
	    (i > NCOLS && parse_span(r, &rule->close, col[NCOLS],
	    "close span") == -1))
		return -1;
	return duplicate(r, rule);
}

/* Grown one rule at a time: a policy is a few lines. */
static int
add_rule(struct reader *r, char *line)
{
	struct xf_policy *p = r->p;
	struct xf_policy_rule *v;

	if ((v = realloc(p->rules, (p->n + 1) * sizeof(*v))) == NULL)
		return xf_errf(r->err, "out of memory");
	p->rules = v;
	if (parse_rule(r, &p->rules[p->n], line) == -1)
		return -1;
	p->n++;
	return 0;
}

/* The first line may be a header naming the columns. */
static int
is_header(const char *line)
{
	return strncmp(line, "category\t", 9) == 0;
}

/* The first line may name the columns instead. */
static int
policy_line(void *ctx, char *line, int lineno, struct xf_err *err)
{
	struct reader *r = ctx;

	(void)err;	/* r->err is the same */
	r->line = lineno;
	if (!r->seen++ && is_header(line))
		return 0;
	return add_rule(r, line);
}

int
xf_policy_load(struct xf_policy *p, const char *path, struct xf_err *err)
{
	struct reader r = { p, path, 0, 0, err };
	int rc;

	memset(p, 0, sizeof(*p));
	snprintf(p->path, sizeof(p->path), "%s", path);
	xf_utf8_chop(p->path);
	rc = xf_conf_read(path, policy_line, &r, err);
	if (rc == 0 && p->n == 0)
		rc = xf_errf(err, "%s: no policy rules", path);
	if (rc == -1)
		xf_policy_free(p);
	return rc;
}

void
xf_policy_free(struct xf_policy *p)
{
	free(p->rules);
	p->rules = NULL;
	p->n = 0;
}

/*
 * How well a rule fits: 3 both exact, 2 category, 1 priority, 0 "* *".
 * Categories are compared without regard to ASCII case, as routing.c
 * compares them.
 */
static int
fit(const struct xf_policy_rule *rule, const char *category,
    const char *priority)
{
	int cat = strcmp(rule->category, "*") != 0;
	int pri = strcmp(rule->priority, "*") != 0;

	if (cat && strcasecmp(rule->category, category) != 0)
		return -1;
	if (pri && strcmp(rule->priority, priority) != 0)
		return -1;
	return cat * 2 + pri;
}

const struct xf_policy_rule *
xf_policy_find(const struct xf_policy *p, const char *category,
    const char *priority)
{
	const struct xf_policy_rule *best = NULL;
	size_t i;
	int f, bestfit = -1;

	if (category == NULL)
		category = "";
	if (priority == NULL)
		priority = "";
	for (i = 0; i < p->n; i++)
		if ((f = fit(&p->rules[i], category, priority)) > bestfit) {
			best = &p->rules[i];
			bestfit = f;
		}
	return best;
}
