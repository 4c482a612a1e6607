/*
 * backlog.c: the history an old export carries (a status, and when the
 * complaint was accepted, resolved, closed) as the moves that brought
 * it there, so a backlog imports as what it was, not as a heap of new
 * complaints all overdue at once.
 *
 * Pure: the plan is made from the row's text alone, so every rule is a
 * row error before anything is written (tests/unit/backlog.c), and the
 * moves are made by lifecycle.c's one door, xf_move_import.
 *
 *	status		as written (aliases: fields.c); when not given,
 *			the latest time given says it (closed_at: closed)
 *	times		read as received_at is; not in the future, not
 *			before the received time, in lifecycle order
 *	a move's time	its own column; else the latest time the row
 *			gives before it, and the move says so (undated)
 *
 * The alternative for a closed row without a closing time was to refuse
 * it; but public exports (the CFPB's among them) say only that a
 * complaint was closed, and a refusal would leave exactly those
 * complaints behind as alarms.  The earliest time it can have been
 * closed is the latest time the row knows; the event says it is not
 * the export's, so no report mistakes it for one.
 */
#include <string.h>

#include "xf.h"

/* The statuses an import can set, for the messages. */
#define VALID	"new, accepted, in_progress, resolved, closed, rejected"

static int
present(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The time of one mapped column, checked against now and received. */
static int
past_time(const char *name, const char *s, const struct xf_pastin *in,
    int64_t *out, struct xf_err *err)
{
	*out = 0;
	if (!present(s))
		return 0;
	if (xf_time_parse(s, out) == -1)
		return xf_errf(err, "unrecognised %s time '%.64s'", name, s);
	if (*out > in->latest)
		return xf_errf(err, "%s time '%.64s' is in the future", name,
		    s);
	if (in->received_unknown)
		return xf_errf(err, "%s is given but no received time: map "
		    "one with -m received_at=COLUMN", name);
	if (*out < in->received)
		return xf_errf(err, "%s time '%.64s' is before the received "
		    "time", name, s);
	return 0;
}

/* The canonical status the row asks for; what its times imply when it
 * names none. */
static int
wanted_status(const struct xf_pastin *in, const int64_t t[3],
    const char **status, struct xf_err *err)
{
	const char *s;

	if (!present(in->status)) {
		*status = t[2] ? "closed" : t[1] ? "resolved" : t[0] ?
		    "accepted" : "new";
		return 0;
	}
	if ((s = xf_status_norm(in->status)) == NULL)
		return xf_errf(err, "unknown status '%.64s' (valid: " VALID
		    ", or an alias xf-intake(1) lists)", in->status);
	if (strcmp(s, "assigned") == 0 || strcmp(s, "waiting") == 0)
		return xf_errf(err, "status '%.64s' cannot be imported: %s "
		    "is set by xf-assign or xf-status (valid: " VALID ")",
		    in->status, s);
	*status = s;
	return 0;
}

/* Which of accepted_at, resolved_at, closed_at each status may carry. */
static const struct {
	const char	*status;
	int		 may[3];
} carries[] = {
	{ "new", { 0, 0, 0 } },
	{ "accepted", { 1, 0, 0 } },
	{ "in_progress", { 1, 0, 0 } },
	{ "resolved", { 1, 1, 0 } },
	{ "closed", { 1, 1, 1 } },
	{ "rejected", { 1, 0, 1 } },
};

static const char *const time_names[3] = {
	"accepted_at", "resolved_at", "closed_at",
};

static int
consistent(const char *said, const char *status, const int64_t t[3],
    struct xf_err *err)
{
	size_t i, k;

	for (i = 0; i < nitems(carries); i++)
		if (strcmp(carries[i].status, status) == 0)
			break;
	for (k = 0; k < 3 && i < nitems(carries); k++)
		if (t[k] && !carries[i].may[k])
			return xf_errf(err, "%s is given, but status "
			    "'%.64s' is %s", time_names[k], said, status);
	/* In lifecycle order: accepted, then resolved, then closed. */
	if (t[1] && t[0] && t[1] < t[0])
		return xf_errf(err, "resolved_at is before accepted_at");
	if (t[2] && ((t[1] && t[2] < t[1]) || (t[0] && t[2] < t[0])))
		return xf_errf(err, "closed_at is before %s",
		    t[1] && t[2] < t[1] ? "resolved_at" : "accepted_at");
	return 0;
}

static void
step(struct xf_past *p, const char *to, int64_t at, int dated)
{
	p->step[p->nstep].to = to;
	p->step[p->nstep].at = at;
	p->step[p->nstep].dated = dated;
	p->nstep++;
}

/* A move at its own time when given, else at the latest time before. */
static void
step_at(struct xf_past *p, const char *to, int64_t own, int64_t before)
{
	step(p, to, own ? own : before, own != 0);
}

int
xf_past_plan(const struct xf_pastin *in, struct xf_past *p,
    struct xf_err *err)
{
	int64_t t[3], latest;
	const char *s = "new";

	memset(p, 0, sizeof(*p));
	p->status = "new";
	if (past_time("accepted_at", in->accepted, in, &t[0], err) == -1 ||
	    past_time("resolved_at", in->resolved, in, &t[1], err) == -1 ||
	    past_time("closed_at", in->closed, in, &t[2], err) == -1 ||
	    wanted_status(in, t, &s, err) == -1 ||
	    consistent(in->status, s, t, err) == -1)
		return -1;
	p->said = present(in->status) ? in->status : NULL;
	p->status = s;
	if (strcmp(s, "new") == 0)
		return 0;
	latest = t[0] ? t[0] : in->received;
	if (t[0])
		step(p, "accepted", t[0], 1);
	if (strcmp(s, "accepted") == 0 && !t[0])
		step(p, "accepted", in->received, 0);
	else if (strcmp(s, "in_progress") == 0)
		step(p, "in_progress", latest, 0);
	else if (strcmp(s, "resolved") == 0)
		step_at(p, "resolved", t[1], latest);
	else if (strcmp(s, "rejected") == 0)
		step_at(p, "rejected", t[2], latest);
	else if (strcmp(s, "closed") == 0) {
		if (t[1]) {
			step(p, "resolved", t[1], 1);
			latest = t[1];
		}
		step_at(p, "closed", t[2], latest);
	}
	return 0;
}
