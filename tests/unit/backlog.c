/*
 * backlog.c: the moves an old export's status and times plan, and the
 * rows they refuse.  Epoch values from date(1):
 * date -u -d 2023-01-05T00:00:00Z +%s and so on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

#define RECEIVED	INT64_C(1672876800)	/* 2023-01-05T00:00:00Z */
#define ACCEPTED	INT64_C(1673308800)	/* 2023-01-10T00:00:00Z */
#define RESOLVED	INT64_C(1674172800)	/* 2023-01-20T00:00:00Z */
#define CLOSED		INT64_C(1675209600)	/* 2023-02-01T00:00:00Z */
#define NOW		INT64_C(1772704800)	/* 2026-03-05T10:00:00Z */

static const char *acc = "2023-01-10T00:00:00Z";
static const char *res = "2023-01-20T00:00:00Z";
static const char *clo = "2023-02-01T00:00:00Z";

static struct xf_err err;

static int
plan(const char *status, const char *a, const char *r, const char *c,
    struct xf_past *p)
{
	struct xf_pastin in = {
		.status = status, .accepted = a, .resolved = r, .closed = c,
		.received = RECEIVED, .latest = NOW + XF_DAY,
	};

	err.msg[0] = '\0';
	return xf_past_plan(&in, p, &err);
}

/* "accepted@ACCEPTED closed@ACCEPTED~": the moves, ~ when undated. */
static const char *
steps(const struct xf_past *p, char *buf, size_t len)
{
	static const struct { int64_t t; const char *name; } names[] = {
		{ RECEIVED, "RECEIVED" }, { ACCEPTED, "ACCEPTED" },
		{ RESOLVED, "RESOLVED" }, { CLOSED, "CLOSED" },
	};
	size_t i, k, n = 0;
	const char *name;

	buf[0] = '\0';
	for (i = 0; i < p->nstep && n < len; i++) {
		name = "?";
		for (k = 0; k < nitems(names); k++)
			if (names[k].t == p->step[i].at)
				name = names[k].name;
		n += (size_t)snprintf(buf + n, len - n, "%s%s@%s%s",
		    i ? " " : "", p->step[i].to, name,
		    p->step[i].dated ? "" : "~");
	}
	return buf;
}

static void
moves(const char *status, const char *a, const char *r, const char *c,
    const char *want_status, const char *want, const char *name)
{
	struct xf_past p;
	char buf[256];

	if (plan(status, a, r, c, &p) == -1) {
		ok(0, name);
		printf("#   refused: %s\n", err.msg);
		return;
	}
	is_str(p.status, want_status, name);
	is_str(steps(&p, buf, sizeof(buf)), want, name);
}

static void
refused(const char *status, const char *a, const char *r, const char *c,
    const char *want, const char *name)
{
	struct xf_past p;

	is_int(plan(status, a, r, c, &p), -1, name);
	is_str(err.msg, want, name);
}

int
main(void)
{
	struct xf_pastin in = { .status = "closed", .closed = clo,
	    .received = NOW, .received_unknown = 1, .latest = NOW + XF_DAY };
	struct xf_past p;

	setenv("TZ", "UTC", 1);
	/* Nothing given: a new complaint, as every import made before. */
	moves(NULL, NULL, NULL, NULL, "new", "", "nothing: new, no moves");
	moves("", "", "", "", "new", "", "empty cells: new, no moves");
	moves("New", NULL, NULL, NULL, "new", "", "status new: no moves");

	/* Each status with all the times it may carry. */
	moves("Closed", acc, res, clo, "closed",
	    "accepted@ACCEPTED resolved@RESOLVED closed@CLOSED",
	    "closed with every time: three dated moves");
	moves("closed", NULL, NULL, clo, "closed", "closed@CLOSED",
	    "closed with its time only: one move");
	moves("resolved", acc, res, NULL, "resolved",
	    "accepted@ACCEPTED resolved@RESOLVED", "resolved");
	moves("rejected", NULL, NULL, clo, "rejected", "rejected@CLOSED",
	    "rejected at closed_at");
	moves("Accepted", acc, NULL, NULL, "accepted", "accepted@ACCEPTED",
	    "accepted");

	/* A move without its own time: the last time before it, undated. */
	moves("Closed with explanation", acc, NULL, NULL, "closed",
	    "accepted@ACCEPTED closed@ACCEPTED~",
	    "closed without closed_at: at accepted_at, undated");
	moves("已办结", NULL, NULL, NULL, "closed", "closed@RECEIVED~",
	    "closed with no time: at the received time, undated");
	moves("closed", acc, res, NULL, "closed",
	    "accepted@ACCEPTED resolved@RESOLVED closed@RESOLVED~",
	    "closed after resolved_at: at resolved_at");
	moves("In progress", acc, NULL, NULL, "in_progress",
	    "accepted@ACCEPTED in_progress@ACCEPTED~",
	    "in progress: accepted, then started when not said");
	moves("办理中", NULL, NULL, NULL, "in_progress",
	    "in_progress@RECEIVED~", "in progress with no time");
	moves("accepted", NULL, NULL, NULL, "accepted", "accepted@RECEIVED~",
	    "accepted with no time");

	/* No status: the latest time says it. */
	moves(NULL, acc, NULL, clo, "closed", "accepted@ACCEPTED closed@CLOSED",
	    "no status, closed_at: closed");
	moves(NULL, acc, res, NULL, "resolved",
	    "accepted@ACCEPTED resolved@RESOLVED", "no status, resolved_at");
	moves("", acc, NULL, NULL, "accepted", "accepted@ACCEPTED",
	    "no status, accepted_at: accepted");

	/* Status aliases, English, CFPB and Chinese. */
	is_str(xf_status_norm("Closed with non-monetary relief"), "closed",
	    "CFPB: Closed with non-monetary relief");
	is_str(xf_status_norm("  IN   PROGRESS "), "in_progress",
	    "case and spaces folded");
	is_str(xf_status_norm("in_progress"), "in_progress",
	    "the stored name");
	is_str(xf_status_norm("不予受理"), "rejected", "不予受理: rejected");
	is_str(xf_status_norm("Untimely response"), NULL, "unknown: NULL");

	/* Refused: what the row says cannot be. */
	refused("Pending review", NULL, NULL, NULL,
	    "unknown status 'Pending review' (valid: new, accepted, "
	    "in_progress, resolved, closed, rejected, or an alias "
	    "xf-intake(1) lists)", "unknown status: names the valid ones");
	refused("assigned", NULL, NULL, NULL,
	    "status 'assigned' cannot be imported: assigned is set by "
	    "xf-assign or xf-status (valid: new, accepted, in_progress, "
	    "resolved, closed, rejected)", "assigned: not imported");
	refused("waiting", NULL, NULL, NULL,
	    "status 'waiting' cannot be imported: waiting is set by "
	    "xf-assign or xf-status (valid: new, accepted, in_progress, "
	    "resolved, closed, rejected)", "waiting: not imported");
	refused("closed", NULL, NULL, "2022-12-31T00:00:00Z",
	    "closed_at time '2022-12-31T00:00:00Z' is before the received "
	    "time", "closed before received");
	refused("closed", NULL, NULL, "2026-03-07T00:00:00Z",
	    "closed_at time '2026-03-07T00:00:00Z' is in the future",
	    "closed in the future (past the day of slack)");
	moves("closed", NULL, NULL, "2026-03-05T20:00:00Z", "closed",
	    "closed@?", "within the day of slack: taken");
	refused("closed", NULL, NULL, "soon",
	    "unrecognised closed_at time 'soon'", "unreadable time");
	refused("closed", acc, res, "2023-01-15T00:00:00Z",
	    "closed_at is before resolved_at", "closed before resolved");
	refused("closed", acc, "2023-01-07T00:00:00Z", NULL,
	    "resolved_at is before accepted_at", "resolved before accepted");
	refused("closed", res, NULL, acc, "closed_at is before accepted_at",
	    "closed before accepted");
	refused("in progress", NULL, NULL, clo,
	    "closed_at is given, but status 'in progress' is in_progress",
	    "an open status with a closing time");
	refused("new", acc, NULL, NULL, "accepted_at is given, but status 'new' is new",
	    "new with an acceptance");
	refused("resolved", NULL, NULL, clo,
	    "closed_at is given, but status 'resolved' is resolved",
	    "resolved with a closing time");
	is_int(xf_past_plan(&in, &p, &err), -1, "no received time: refused");
	is_str(err.msg, "closed_at is given but no received time: map one "
	    "with -m received_at=COLUMN", "no received time: says why");
	return done_testing();
}
