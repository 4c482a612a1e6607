/*
 * reply.c: the pure parts of replies from the right person (issue 14):
 * how contacts and senders are compared, and what the complainant's
 * reply does to a complaint (xf_reply_effect), for the intake and for
 * a person's confirm alike.  The expected values are worked by hand
 * from the rules in xf-intake(1) and xf-status(1).
 */
#include <stdlib.h>

#include "tap.h"
#include "xf.h"

#define T0	INT64_C(1780272000)	/* 2026-06-01T00:00:00Z */
#define WINDOW	((int64_t)XF_REOPEN_DAYS * XF_DAY)

static const char *
norm(const char *s, struct xf_buf *b)
{
	xf_buf_reset(b);
	if (xf_contact_norm(s, b) == -1)
		return "(out of memory)";
	return xf_buf_str(b);
}

static void
contacts(void)
{
	struct xf_buf b = { 0 };

	is_str(norm("ZhangSan@Example.COM", &b), "zhangsan@example.com",
	    "an address in any case");
	is_str(norm("  zs@example.com\t", &b), "zs@example.com",
	    "white space around it");
	is_str(norm("张三 <ZS@Example.com>", &b), "zs@example.com",
	    "the address inside <>");
	is_str(norm("138 0013 8000", &b), "13800138000",
	    "a phone number without its spaces");
	is_str(norm("<>", &b), "<>", "empty brackets are kept as written");
	is_str(norm("", &b), "", "empty");
	is_str(norm(NULL, &b), "", "none");
	xf_buf_free(&b);
}

static enum xf_reply_effect
effect(const char *status, int64_t arrived, int64_t ended, int64_t paused,
    int thanks)
{
	struct xf_reply_facts f = {
		.status = status, .arrived = arrived, .ended = ended,
		.paused_since = paused, .window = WINDOW, .thanks = thanks,
	};

	return xf_reply_effect(&f);
}

static void
effects(void)
{
	is_int(effect("in_progress", T0, 0, 0, 0), XF_REPLY_NONE,
	    "in progress: joins, moves nothing");
	is_int(effect("new", T0, 0, 0, 0), XF_REPLY_NONE, "new: joins");
	is_int(effect("rejected", T0, 0, 0, 0), XF_REPLY_NONE,
	    "rejected: joins (a review is a person's reopen)");
	is_int(effect("resolved", T0 + XF_DAY, T0, 0, 0), XF_REPLY_REOPEN,
	    "resolved a day before: reopens");
	is_int(effect("closed", T0 + WINDOW, T0, 0, 0), XF_REPLY_REOPEN,
	    "closed exactly 30 days before: reopens");
	is_int(effect("closed", T0 + WINDOW + 1, T0, 0, 0), XF_REPLY_LATE,
	    "a second past the window: late");
	is_int(effect("resolved", T0 + XF_DAY, T0, 0, 1), XF_REPLY_NONE,
	    "a thank-you to a resolved one: nothing");
	is_int(effect("resolved", T0 + 2 * WINDOW, T0, 0, 1), XF_REPLY_NONE,
	    "a thank-you after the window: nothing, not late");
	is_int(effect("resolved", T0, T0 + XF_DAY, 0, 0), XF_REPLY_NONE,
	    "resolved after the reply came (confirmed late): nothing");
	is_int(effect("resolved", T0, T0, 0, 0), XF_REPLY_REOPEN,
	    "resolved the second it came: reopens");
	is_int(effect("waiting", T0 + XF_DAY, 0, T0, 0), XF_REPLY_RESUME,
	    "waiting since before it came: resumes");
	is_int(effect("waiting", T0, 0, T0, 0), XF_REPLY_RESUME,
	    "waiting since the second it came: resumes");
	is_int(effect("waiting", T0, 0, T0 + XF_DAY, 0), XF_REPLY_NONE,
	    "began to wait after it came (confirmed late): nothing");
	is_int(effect("waiting", T0 + XF_DAY, 0, T0, 1), XF_REPLY_NONE,
	    "a thank-you while waiting: nothing");
}

static void
thanks(void)
{
	ok(xf_mail_thanks("谢谢！"), "'谢谢！' only says thanks");
	ok(!xf_mail_thanks("谢谢，还是很吵"), "thanks and trouble: not");
	ok(!xf_mail_thanks("Here is the invoice."), "no thanks: not");
	ok(!xf_mail_thanks(""), "empty: not");
}

int
main(void)
{
	contacts();
	effects();
	thanks();
	return done_testing();
}
