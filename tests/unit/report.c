/*
 * Unit tests of report.c's pure parts: percentiles by nearest rank, the
 * ageing buckets, and the replay of one complaint's history, whose
 * on-time decisions and values at a period's end are worked out by hand
 * in the comments (B is an arbitrary start, H an hour, D a day).
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "tap.h"

#define B	1000000000LL
#define H	3600LL
#define D	86400LL

static char nums[64][24];
static int nnum;

/* An epoch as an event's text value. */
static const char *
t(long long v)
{
	char *s = nums[nnum++ % 64];

	snprintf(s, 24, "%lld", v);
	return s;
}

static const struct xf_rrow empty_row = { .received_at = B };

static void
test_percentile(void)
{
	double a[] = { 5, 1, 4, 2, 3 }, b[] = { 10, 20, 30, 40 }, c[] = { 7 };
	double d[10];
	int i;

	/* n 5: median rank ceil(2.5) = 3 of 1..5, p90 rank ceil(4.5) = 5. */
	ok(xf_percentile(a, 5, 50) == 3, "median of 5 values is the 3rd");
	ok(xf_percentile(a, 5, 90) == 5, "p90 of 5 values is the 5th");
	/* n 4: median rank 2 (the lower middle), p90 rank ceil(3.6) = 4. */
	ok(xf_percentile(b, 4, 50) == 20, "median of 4 is the lower middle");
	ok(xf_percentile(b, 4, 90) == 40, "p90 of 4 is the largest");
	ok(xf_percentile(c, 1, 50) == 7 && xf_percentile(c, 1, 90) == 7,
	    "one value is every percentile");
	for (i = 0; i < 10; i++)
		d[i] = 10 - i;
	/* n 10: p90 rank 9 of 1..10. */
	ok(xf_percentile(d, 10, 90) == 9, "p90 of 1..10 is 9");
	ok(xf_percentile(d, 10, 100) == 10, "p100 is the largest");
}

static void
test_buckets(void)
{
	is_int(xf_age_bucket(-5), 0, "a negative age is under a day");
	is_int(xf_age_bucket(0), 0, "0 s: 0-1d");
	is_int(xf_age_bucket(D - 1), 0, "a second under a day: 0-1d");
	is_int(xf_age_bucket(D), 1, "one day: 1-3d");
	is_int(xf_age_bucket(3 * D - 1), 1, "just under 3 days: 1-3d");
	is_int(xf_age_bucket(3 * D), 2, "3 days: 3-7d");
	is_int(xf_age_bucket(7 * D), 3, "7 days: 7-15d");
	is_int(xf_age_bucket(15 * D), 4, "15 days: 15-30d");
	is_int(xf_age_bucket(30 * D), 5, "30 days: 30-60d");
	is_int(xf_age_bucket(60 * D - 1), 5, "just under 60 days: 30-60d");
	is_int(xf_age_bucket(60 * D), 6, "60 days: 60d+");
	is_str(xf_age_names[6], "60d+", "the last bucket's name");
}

/* Accepted at B+1h (acknowledge by B+2h, resolve by B+10d), started,
 * resolved at B+2d: both met, decided when done. */
static void
test_plain(void)
{
	const struct xf_rev ev[] = {
		{ B, "created", "status", NULL, "new" },
		{ B + H, "accept", "status", "new", "accepted" },
		{ B + H, "deadline", "ack_due", NULL, t(B + 2 * H) },
		{ B + H, "deadline", "due", NULL, t(B + 10 * D) },
		{ B + 2 * H, "start", "status", "accepted", "in_progress" },
		{ B + 2 * D, "resolve", "status", "in_progress", "resolved" },
	};
	struct xf_rfact f;

	xf_report_replay(&empty_row, ev, nitems(ev), B, B + 7 * D, &f);
	is_str(f.status, "resolved", "plain: resolved at the end");
	is_int(f.ack_at, B + H, "plain: acknowledged at the accept");
	is_int(f.ack_decided, B + H, "plain: ack decided when met");
	is_int(f.ack_met, 1, "plain: ack met");
	is_int(f.resolved_at, B + 2 * D, "plain: resolved at B+2d");
	is_int(f.due_decided, B + 2 * D, "plain: due decided when met");
	is_int(f.due_met, 1, "plain: due met");
	is_int(f.did, XF_DID_ACCEPT | XF_DID_RESOLVE,
	    "plain: accepted and resolved in the period");
	/* The same history seen at B+1d: in progress, due not decided. */
	xf_report_replay(&empty_row, ev, nitems(ev), B, B + D, &f);
	is_str(f.status, "in_progress", "plain at B+1d: in progress");
	is_int(f.due_decided, 0, "plain at B+1d: due not decided yet");
	is_int(f.did, XF_DID_ACCEPT, "plain at B+1d: only accepted");
}

/* Acknowledge by B+2h, accepted at B+5h: missed, decided at B+2h when
 * the deadline passed, and the late accept does not decide it again. */
static void
test_ack_late(void)
{
	const struct xf_rev ev[] = {
		{ B, "created", "status", NULL, "new" },
		{ B, "deadline", "ack_due", NULL, t(B + 2 * H) },
		{ B + 5 * H, "accept", "status", "new", "accepted" },
	};
	struct xf_rfact f;

	xf_report_replay(&empty_row, ev, nitems(ev), B, B + 7 * D, &f);
	is_int(f.ack_decided, B + 2 * H, "late ack: decided when it passed");
	is_int(f.ack_met, 0, "late ack: missed");
	is_int(f.ack_at, B + 5 * H, "late ack: acknowledged at B+5h");
	/* Seen at B+1h the deadline has not passed: undecided. */
	xf_report_replay(&empty_row, ev, nitems(ev), B, B + H, &f);
	is_int(f.ack_decided, 0, "late ack at B+1h: not decided");
	/* Seen at B+3h it has: missed, though nothing happened since. */
	xf_report_replay(&empty_row, ev, nitems(ev), B, B + 3 * H, &f);
	is_int(f.ack_decided, B + 2 * H, "late ack at B+3h: decided missed");
}

/*
 * Due B+3d; waiting from B+2d to B+5d, which moves due to B+6d;
 * resolved at B+5d+1h.  A period ending at B+4d, while it waits, does
 * not decide it (the clock is stopped); the next one decides it met.
 */
static void
test_paused(void)
{
	const struct xf_rev ev[] = {
		{ B, "created", "status", NULL, "new" },
		{ B, "accept", "status", "new", "accepted" },
		{ B, "deadline", "due", NULL, t(B + 3 * D) },
		{ B + H, "start", "status", "accepted", "in_progress" },
		{ B + 2 * D, "wait", "status", "in_progress", "waiting" },
		{ B + 5 * D, "resume", "status", "waiting", "in_progress" },
		{ B + 5 * D, "deadline", "due", t(B + 3 * D), t(B + 6 * D) },
		{ B + 5 * D + H, "resolve", "status", "in_progress",
		    "resolved" },
	};
	struct xf_rfact f;

	xf_report_replay(&empty_row, ev, nitems(ev), B, B + 4 * D, &f);
	is_str(f.status, "waiting", "paused: waiting at the first end");
	is_int(f.due_decided, 0, "paused: a stopped clock decides nothing");
	is_int(f.due, B + 3 * D, "paused: due as it stood then");
	xf_report_replay(&empty_row, ev, nitems(ev), B + 4 * D, B + 8 * D, &f);
	is_int(f.due_decided, B + 5 * D + H, "paused: decided at the resolve");
	is_int(f.due_met, 1, "paused: met against the moved deadline");
	is_int(f.did, XF_DID_RESOLVE, "paused: resolved in the second period");
}

/* Extended before the deadline: met against the extended one; extended
 * after it passed: missed when it passed, not undone. */
static void
test_extended(void)
{
	const struct xf_rev before[] = {
		{ B, "accept", "status", "new", "accepted" },
		{ B, "deadline", "due", NULL, t(B + 3 * D) },
		{ B + 2 * D, "extend", "due", t(B + 3 * D), t(B + 5 * D) },
		{ B + 4 * D, "resolve", "status", "in_progress", "resolved" },
	};
	const struct xf_rev after[] = {
		{ B, "accept", "status", "new", "accepted" },
		{ B, "deadline", "due", NULL, t(B + 3 * D) },
		{ B + 4 * D, "extend", "due", t(B + 3 * D), t(B + 10 * D) },
		{ B + 5 * D, "resolve", "status", "in_progress", "resolved" },
	};
	struct xf_rfact f;

	xf_report_replay(&empty_row, before, nitems(before), B, B + 7 * D, &f);
	is_int(f.due_met, 1, "extended in time: met");
	is_int(f.due_decided, B + 4 * D, "extended in time: decided at resolve");
	ok(f.did & XF_DID_EXTEND, "extended in time: an extension counted");
	xf_report_replay(&empty_row, after, nitems(after), B, B + 7 * D, &f);
	is_int(f.due_met, 0, "extended late: missed");
	is_int(f.due_decided, B + 3 * D, "extended late: decided at B+3d");
	is_int(f.due, B + 10 * D, "extended late: due at the end is B+10d");
}

/* Resolved B+2d, reopened B+3d, resolved again B+4d: the first
 * resolution decides; a period from B+2d+1s sees the reopen and the
 * second resolve but no decision. */
static void
test_reopened(void)
{
	const struct xf_rev ev[] = {
		{ B, "accept", "status", "new", "accepted" },
		{ B, "deadline", "due", NULL, t(B + 10 * D) },
		{ B + H, "start", "status", "accepted", "in_progress" },
		{ B + 2 * D, "resolve", "status", "in_progress", "resolved" },
		{ B + 3 * D, "reopen", "status", "resolved", "in_progress" },
		{ B + 4 * D, "resolve", "status", "in_progress", "resolved" },
	};
	struct xf_rfact f;

	xf_report_replay(&empty_row, ev, nitems(ev), B + 2 * D + 1, B + 7 * D,
	    &f);
	is_int(f.resolved_at, B + 2 * D, "reopened: first resolution kept");
	is_int(f.due_decided, B + 2 * D, "reopened: decided once, before");
	is_int(f.did, XF_DID_REOPEN | XF_DID_RESOLVE,
	    "reopened: reopened and resolved again in the period");
}

/* Assigned to amy at B+1h, to bob at B+8d; the row says bob now. */
static void
test_reassigned(void)
{
	const struct xf_rrow row = { .received_at = B, .assignee = "bob",
	    .category = "billing" };
	const struct xf_rev ev[] = {
		{ B + H, "assign", "assignee", NULL, "amy" },
		{ B + 8 * D, "assign", "assignee", "amy", "bob" },
		{ B + 8 * D, "classify", "category", "app", "billing" },
	};
	struct xf_rfact f;

	xf_report_replay(&row, ev, nitems(ev), B, B + 7 * D, &f);
	is_str(f.assignee, "amy", "reassigned: amy at the first end");
	is_str(f.category, "app", "reclassified: app before the change");
	xf_report_replay(&row, ev, nitems(ev), B + 7 * D, B + 14 * D, &f);
	is_str(f.assignee, "bob", "reassigned: bob at the second end");
	is_str(f.category, "billing", "reclassified: billing after");
}

/*
 * An import registered at B+10d of a complaint accepted at B-100d: due
 * derived as accepted + 60 days (B-40d) with no event; seen at B, it
 * passed unmet at B-40d.  Another, closed at B+2d per its export and
 * registered at B+10d, is closed at B+7d: its history is its own.
 */
static void
test_import(void)
{
	const struct xf_rrow row = { .received_at = B - 101 * D,
	    .status = "accepted", .due = B - 40 * D };
	const struct xf_rev ev[] = {
		{ B + 10 * D, "created", "status", NULL, "new" },
		{ B - 100 * D, "import", "status", "new", "accepted" },
	};
	const struct xf_rev closed[] = {
		{ B + 10 * D, "created", "status", NULL, "new" },
		{ B + D, "import", "status", "new", "accepted" },
		{ B + 2 * D, "import", "status", "accepted", "closed" },
	};
	struct xf_rfact f;

	xf_report_replay(&row, ev, nitems(ev), B - 50 * D, B, &f);
	is_int(f.due, B - 40 * D, "import: due derived, accepted + 60 days");
	is_int(f.due_decided, B - 40 * D, "import: missed when it passed");
	is_int(f.did, 0, "import: accepted before the period: no move in it");
	xf_report_replay(&empty_row, closed, nitems(closed), B, B + 7 * D, &f);
	is_str(f.status, "closed", "late import: closed as its export says");
	is_int(f.resolved_at, B + 2 * D, "late import: closing resolves it");
}

/* Flagged legal: resolved without a review, with one, and with one
 * made before the flags last changed (the gate's own rule). */
static void
test_review(void)
{
	const struct xf_rev none[] = {
		{ B, "set", "flags", NULL, "legal" },
		{ B + D, "resolve", "status", "in_progress", "resolved" },
	};
	const struct xf_rev good[] = {
		{ B, "set", "flags", NULL, "legal" },
		{ B + H, "review", "legal_review", NULL, "approved" },
		{ B + D, "resolve", "status", "in_progress", "resolved" },
	};
	const struct xf_rev stale[] = {
		{ B, "set", "flags", NULL, "legal" },
		{ B + H, "review", "legal_review", NULL, "approved" },
		{ B + 2 * H, "set", "flags", "legal", "legal,privacy" },
		{ B + D, "resolve", "status", "in_progress", "resolved" },
	};
	struct xf_rfact f;

	xf_report_replay(&empty_row, none, nitems(none), B, B + 7 * D, &f);
	ok(f.review_needed && f.review_missing, "review: none is a violation");
	xf_report_replay(&empty_row, good, nitems(good), B, B + 7 * D, &f);
	ok(f.review_needed && !f.review_missing, "review: approved before");
	xf_report_replay(&empty_row, stale, nitems(stale), B, B + 7 * D, &f);
	ok(f.review_needed && f.review_missing,
	    "review: approved before the flags changed is none");
	xf_report_replay(&empty_row, none, nitems(none), B + 2 * D, B + 7 * D,
	    &f);
	ok(!f.review_needed, "review: resolved before the period: not counted");
}

/* What one event counts for, whatever came before it. */
static void
test_did(void)
{
	const struct xf_rev acc = { B, "accept", "status", "new", "accepted" };
	const struct xf_rev imp = { B, "import", "status", "accepted",
	    "closed" };
	const struct xf_rev reo = { B, "reopen", "status", "resolved",
	    "in_progress" };
	const struct xf_rev ext = { B, "extend", "due", "1", "2" };
	const struct xf_rev esc = { B, "escalate", "due", "0", "1" };
	const struct xf_rev dl = { B, "deadline", "due", NULL, "2" };
	const struct xf_rev cr = { B, "created", "status", NULL, "new" };

	is_int(xf_report_did(&acc), XF_DID_ACCEPT, "did: an accept");
	is_int(xf_report_did(&imp), XF_DID_CLOSE, "did: an import's close");
	is_int(xf_report_did(&reo), XF_DID_REOPEN, "did: a reopen");
	is_int(xf_report_did(&ext), XF_DID_EXTEND, "did: an extension");
	is_int(xf_report_did(&esc), XF_DID_ESCALATE, "did: an escalation");
	is_int(xf_report_did(&dl) | xf_report_did(&cr), 0,
	    "did: a deadline set and a creation are no move");
}

static void
test_open_words(void)
{
	static const char *const all[] = { "new", "accepted", "assigned",
	    "in_progress", "waiting", "resolved", "closed", "rejected" };
	size_t i;
	int agree = 1;

	/* The C words as the SQL lists spell them. */
	for (i = 0; i < nitems(all); i++) {
		char quoted[32];

		snprintf(quoted, sizeof(quoted), "'%s'", all[i]);
		if (xf_status_open(all[i]) !=
		    (strstr(XF_OPEN_STATUSES, quoted) != NULL) ||
		    xf_status_open(all[i]) !=
		    (strstr(XF_OPEN_SQL, quoted) != NULL) ||
		    xf_status_in_hand(all[i]) !=
		    (strstr(XF_IN_HAND_STATUSES, quoted) != NULL) ||
		    xf_status_open(all[i]) ==
		    (strstr(XF_OPEN_EXCEPT_SQL, quoted) != NULL))
			agree = 0;
	}
	ok(agree, "xf_status_open and _in_hand agree with the SQL lists");
	ok(!xf_status_open(NULL), "no status is not open");
}

int
main(void)
{
	test_percentile();
	test_buckets();
	test_plain();
	test_ack_late();
	test_paused();
	test_extended();
	test_reopened();
	test_reassigned();
	test_import();
	test_review();
	test_did();
	test_open_words();
	return done_testing();
}
