/*
 * score.c: every form of a satisfaction score xf-survey(1) lists, and
 * the near misses it refuses, each written here by hand; and contacts
 * as the one-survey-per-contact rule compares them (survey.c).
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

static const struct { const char *text; int score; } cells[] = {
	/* digits, ASCII and full-width */
	{ "1", 1 }, { "5", 5 }, { " 3 ", 3 }, { "４", 4 },
	{ "\xe3\x80\x80" "２", 2 },
	/* units */
	{ "5分", 5 }, { "5 分", 5 }, { "４分", 4 }, { "3星", 3 },
	{ "4颗星", 4 },
	{ "4/5", 4 }, { "4 / 5", 4 }, { "4／5", 4 }, { "２／５", 2 },
	{ "4 out of 5", 4 }, { "5 stars", 5 }, { "1 star", 1 },
	{ "3 points", 3 },
	/* Chinese numerals with a unit */
	{ "五星", 5 }, { "四分", 4 }, { "一分", 1 },
	/* stars */
	{ "★★★★", 4 }, { "★★★★☆", 4 }, { "★", 1 }, { "⭐⭐⭐", 3 },
	{ "⭐\xef\xb8\x8f⭐\xef\xb8\x8f", 2 },
	/* words */
	{ "非常满意", 5 }, { "满意", 4 }, { "满意！", 4 }, { "满意!!", 4 },
	{ "一般", 3 }, { "一般。", 3 }, { "不满意", 2 }, { "非常不满意", 1 },
	{ "很满意", 5 }, { "很不满意", 1 }, { "滿意", 4 }, { "非常不滿意", 1 },
	{ "Very satisfied", 5 }, { "satisfied", 4 }, { "NEUTRAL", 3 },
	{ "dissatisfied", 2 }, { "very dissatisfied", 1 },
	/* marks after the score */
	{ "5!", 5 }, { "5！", 5 }, { "4。", 4 }, { "3.", 3 },
	/* near misses: refused */
	{ "15", 0 }, { "0", 0 }, { "6", 0 }, { "6分", 0 }, { "10分", 0 },
	{ "０", 0 }, { "4.5", 0 }, { "４．５", 0 }, { "4/10", 0 },
	{ "4/50", 0 }, { "-3", 0 }, { "不太满意", 0 }, { "满意度", 0 },
	{ "满意吗", 0 }, { "一般来说", 0 }, { "六星", 0 }, { "★★★★★★", 0 },
	{ "☆☆☆", 0 }, { "★★★★☆☆", 0 }, { "", 0 }, { "good", 0 },
	{ "5 very good", 0 }, { "satisfiedness", 0 }, { "5分钟", 0 },
	{ "3个", 0 }, { "1. first", 0 },
};

/* A reply's first line: the score and where the comment starts. */
static const struct {
	const char	*text;
	int		 score;
	const char	*rest;
} leads[] = {
	{ "5\nThanks for the quick answer", 5,
	    "\nThanks for the quick answer" },
	{ "4分，处理很快", 4, "，处理很快" },
	{ "满意！谢谢", 4, "！谢谢" },
	{ "非常不满意，没有解决", 1, "，没有解决" },
	{ "5分很好", 5, "很好" },
	{ "★★ slow", 2, " slow" },
	{ "  3, ok", 3, ", ok" },
	{ "2 - too slow", 2, "- too slow" },
	/* not answers: a count, a list, a sentence */
	{ "1 more thing: my parcel is lost", 0, NULL },
	{ "1. 快递还没到", 0, NULL },
	{ "3个问题还没解决", 0, NULL },
	{ "我很满意", 0, NULL },
	{ "五分钟前又坏了", 0, NULL },
	{ "一般来说这样不行", 0, NULL },
};

/* Contacts as the one-survey-per-contact rule compares them. */
static const struct { const char *in, *out; } contacts[] = {
	{ "Bob@Example.com", "bob@example.com" },
	{ "  bob@example.com \t", "bob@example.com" },
	{ "+86 138-0013-8000", "13800138000" },
	{ "8613800138000", "13800138000" },
	{ "0086 13800138000", "13800138000" },
	{ "138 0013 8000", "13800138000" },
	{ "(010) 6552 9988", "01065529988" },
	{ "+1 415 555 0100", "14155550100" },
	{ "@WeiboUser", "@weibouser" },
	{ "", NULL }, { "   ", NULL },
};

static void
test_contacts(void)
{
	char out[XF_SURVEY_CONTACTLEN], name[128];
	size_t i;
	int rc;

	for (i = 0; i < nitems(contacts); i++) {
		rc = xf_survey_contact(contacts[i].in, out, sizeof(out));
		snprintf(name, sizeof(name), "contact '%s'", contacts[i].in);
		is_str(rc == 0 ? out : NULL, contacts[i].out, name);
	}
}

int
main(void)
{
	char name[256];
	const char *rest;
	size_t i;
	int v;

	for (i = 0; i < nitems(cells); i++) {
		snprintf(name, sizeof(name), "cell '%s'", cells[i].text);
		is_int(xf_score_cell(cells[i].text), cells[i].score, name);
	}
	for (i = 0; i < nitems(leads); i++) {
		rest = NULL;
		v = xf_score_lead(leads[i].text, &rest);
		snprintf(name, sizeof(name), "lead '%s'", leads[i].text);
		is_int(v, leads[i].score, name);
		if (leads[i].rest != NULL) {
			snprintf(name, sizeof(name), "lead '%s': the rest",
			    leads[i].text);
			is_str(rest, leads[i].rest, name);
		}
	}
	test_contacts();
	return done_testing();
}
