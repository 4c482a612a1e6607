/*
 * vocab.c: a person's words for the values of channel, status, priority
 * and flag, as the filters take them.  The channel words are those
 * xf-intake(1) lists under Values; the others are the stored names in
 * other cases and spellings.  Expected values written by hand.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

static const char *
value(enum xf_vocab v, const char *word)
{
	struct xf_err e;
	const char *s = xf_vocab_value(v, word, &e);

	return s ? s : "(none)";
}

static const char *
error(enum xf_vocab v, const char *word)
{
	static struct xf_err e;

	if (xf_vocab_value(v, word, &e) != NULL)
		return "(no error)";
	return e.msg;
}

static const char *
list(enum xf_vocab v, const char *words)
{
	static struct xf_buf b;
	static struct xf_err e;

	if (xf_vocab_list(v, words, &b, &e) == -1)
		return e.msg;
	return xf_buf_str(&b);
}

static void
test_channels(void)
{
	is_str(value(XF_VOCAB_CHANNEL, "微信"), "social", "微信 is social");
	is_str(value(XF_VOCAB_CHANNEL, "WeChat"), "social", "WeChat: any case");
	is_str(value(XF_VOCAB_CHANNEL, " Web  Form "), "web",
	    "spaces trimmed and folded");
	is_str(value(XF_VOCAB_CHANNEL, "fax"), "letter", "fax is letter");
	is_str(value(XF_VOCAB_CHANNEL, "OTHER"), "other", "other itself");
	is_str(error(XF_VOCAB_CHANNEL, "tiktok"),
	    "unknown channel 'tiktok': want email, phone, web, social, "
	    "letter, visit or other, or a word xf-intake reads as one "
	    "(xf-intake(1))", "unknown channel: the stored ones listed");
}

static void
test_statuses(void)
{
	is_str(value(XF_VOCAB_STATUS, "New"), "new", "New");
	is_str(value(XF_VOCAB_STATUS, "in progress"), "in_progress",
	    "a space for _");
	is_str(value(XF_VOCAB_STATUS, "In-Progress"), "in_progress",
	    "a - for _");
	is_str(value(XF_VOCAB_STATUS, "in_progress"), "in_progress",
	    "as stored");
	is_str(value(XF_VOCAB_STATUS, "inprogress"), "(none)",
	    "the _ is not left out");
	is_str(value(XF_VOCAB_STATUS, " in progress\t"), "in_progress",
	    "white space around it trimmed, as intake trims");
	is_str(value(XF_VOCAB_STATUS, "new_"), "(none)", "nor a trailing _");
	is_str(error(XF_VOCAB_STATUS, "open"),
	    "unknown status 'open': want new, accepted, assigned, "
	    "in_progress, waiting, resolved, closed or rejected",
	    "unknown status: the stored ones listed");
}

static void
test_others(void)
{
	is_str(value(XF_VOCAB_PRIORITY, "p2"), "P2", "p2");
	is_str(value(XF_VOCAB_PRIORITY, "P2 "), "P2", "P2 and a space");
	is_str(value(XF_VOCAB_PRIORITY, "P 2"), "(none)", "P 2");
	is_str(error(XF_VOCAB_PRIORITY, "high"),
	    "unknown priority 'high': want P1, P2, P3 or P4",
	    "unknown priority");
	is_str(value(XF_VOCAB_FLAG, "VIP"), "vip", "VIP");
	is_str(error(XF_VOCAB_FLAG, ""),
	    "unknown flag '': want privacy, legal, media, collective, "
	    "repeat or vip", "an empty flag");
}

static void
test_lists(void)
{
	is_str(list(XF_VOCAB_CHANNEL, "微信,Phone,来信"), "social,phone,letter",
	    "a list of channel words");
	is_str(list(XF_VOCAB_STATUS, "New, in progress"), "new,in_progress",
	    "a list of statuses, a space after the comma");
	is_str(list(XF_VOCAB_PRIORITY, "p1,,p2"),
	    "unknown priority '': want P1, P2, P3 or P4",
	    "an empty item is an unknown word");
}

int
main(void)
{
	test_channels();
	test_statuses();
	test_others();
	test_lists();
	return done_testing();
}
