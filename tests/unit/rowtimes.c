/*
 * Unit tests of the replay from nothing that verify compares each row
 * with (agree.c): the fields and the row's times of the moves, worked
 * out by hand from lifecycle.c's UPDATEs in the comments (B is an
 * arbitrary start, H an hour, D a day).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xf.h"
#include "tap.h"

#define B	1000000000LL
#define H	3600LL
#define D	86400LL

static const struct xf_rrow nothing = { 0 };

static char nums[16][24];
static int nnum;

static const char *
t(long long v)
{
	char *s = nums[nnum++ % 16];

	snprintf(s, 24, "%lld", v);
	return s;
}

static void
replay(const struct xf_rev *ev, size_t n, struct xf_rfact *f)
{
	xf_report_replay(&nothing, ev, n, INT64_MIN, INT64_MAX, f);
}

/* A life with every move a person makes. */
static void
test_moves(void)
{
	const struct xf_rev ev[] = {
		{ B, "created", "status", NULL, "new" },
		{ B + H, "accept", "status", "new", "accepted" },
		{ B + H, "deadline", "due", NULL, t(B + 60 * D) },
		{ B + H, "classify", "category", NULL, "billing" },
		{ B + H, "assign", "assignee", NULL, "li" },
		{ B + H, "assign", "team", NULL, "support" },
		{ B + H, "assign", "status", "accepted", "assigned" },
		{ B + 2 * H, "start", "status", "assigned", "in_progress" },
		{ B + 2 * H, "wait", "status", "in_progress", "waiting" },
		/* paused from B+2H to B+5H: 3 hours */
		{ B + 5 * H, "resume", "status", "waiting", "in_progress" },
		{ B + 5 * H, "deadline", "due", t(B + 60 * D),
		    t(B + 60 * D + 3 * H) },
		{ B + 6 * H, "escalate", "due", "0", "1" },
		{ B + 7 * H, "lang", "lang", NULL, "en" },
		{ B + D, "extend", "due", t(B + 60 * D + 3 * H),
		    t(B + 70 * D + 3 * H) },
		{ B + D, "resolve", "status", "in_progress", "resolved" },
		{ B + 2 * D, "close", "status", "resolved", "closed" },
		/* reopened: resolved and closed cleared, counted once */
		{ B + 3 * D, "reopen", "status", "closed", "in_progress" },
		{ B + 3 * D + H, "reply", NULL, NULL, "phone" },
		{ B + 4 * D, "resolve", "status", "in_progress", "resolved" },
	};
	struct xf_rfact f;

	replay(ev, sizeof(ev) / sizeof(ev[0]), &f);
	is_str(f.status, "resolved", "status: the last move's");
	is_str(f.team, "support", "team");
	is_str(f.assignee, "li", "assignee");
	is_str(f.category, "billing", "category");
	ok(f.priority == NULL && f.flags == NULL, "no priority, no flags");
	is_str(f.lang, "en", "lang");
	ok(f.due == B + 70 * D + 3 * H, "due: extended, not the escalation's "
	    "level");
	ok(f.row.accepted_at == B + H, "accepted_at: the accept");
	ok(f.row.first_response_at == B + H,
	    "first_response_at: the accept, not the later reply");
	ok(f.row.resolved_at == B + 4 * D, "resolved_at: the last resolve");
	ok(f.row.closed_at == 0, "closed_at: cleared by the reopen");
	ok(f.row.paused_since == 0, "paused_since: none after the resume");
	ok(f.row.paused_seconds == 3 * H, "paused_seconds: three hours");
	ok(f.row.reopen_count == 1, "reopen_count: one");
}

/* Rejected, reopened to new, accepted again; a reply is a response. */
static void
test_reject_reopen(void)
{
	const struct xf_rev ev[] = {
		{ B, "created", "status", NULL, "new" },
		{ B + 2 * H, "reply", NULL, NULL, "email" },
		{ B + 3 * H, "reject", "status", "new", "rejected" },
		{ B + D, "reopen", "status", "rejected", "new" },
		{ B + 2 * D, "accept", "status", "new", "accepted" },
	};
	struct xf_rfact f;

	replay(ev, sizeof(ev) / sizeof(ev[0]), &f);
	is_str(f.status, "accepted", "reopened and accepted");
	ok(f.row.first_response_at == B + 2 * H,
	    "first_response_at: the reply came first");
	ok(f.row.accepted_at == B + 2 * D, "accepted_at: the second decision");
	ok(f.row.reopen_count == 1, "reopen_count: one");
}

/* An export's history: its moves at its times; due derived. */
static void
test_import(void)
{
	const struct xf_rev ev[] = {
		{ B, "created", "status", NULL, "new" },
		{ B - 10 * D, "import", "status", "new", "accepted" },
		{ B - 9 * D, "import", "status", "accepted", "in_progress" },
		{ B - 5 * D, "import", "status", "in_progress", "resolved" },
		{ B - 4 * D, "import", "status", "resolved", "closed" },
	};
	struct xf_rfact f;

	replay(ev, sizeof(ev) / sizeof(ev[0]), &f);
	is_str(f.status, "closed", "imported: closed");
	ok(f.due == B - 10 * D + 60 * D, "due: 60 days from the import's "
	    "accept");
	ok(f.row.accepted_at == B - 10 * D && f.row.first_response_at ==
	    B - 10 * D, "accepted_at and first_response_at: the accept");
	ok(f.row.resolved_at == B - 5 * D && f.row.closed_at == B - 4 * D,
	    "resolved_at and closed_at: the export's");
}

int
main(void)
{
	test_moves();
	test_reject_reopen();
	test_import();
	return done_testing();
}
