/*
 * warn.c: the tests behind xf-report alerts (lib/warn.c, lib/warnterm.c).
 *
 * Poisson tails were computed outside xf, with mpmath at 30 digits as
 * 1 - sum(exp(-m) m^i / i!, i < k), and for 3000 at 3000 (and checked
 * for 5 at 0.5) as the regularized lower incomplete gamma function
 * gammainc(k, 0, m, regularized=True); the contact keys are the first 8
 * hex digits of `printf %s CONTACT | sha256sum`.  Term ratios are worked
 * by hand in the comments beside them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

/* Equal to rel relative error. */
static void
is_near(double got, double want, double rel, const char *name)
{
	int good = fabs(got - want) <= rel * fabs(want);

	if (!ok(good, name))
		printf("#   got %.12g, want %.12g\n", got, want);
}

static void
test_poisson(void)
{
	is_near(xf_poisson_tail(5, 0.5), 0.000172115629956, 1e-9,
	    "P(X >= 5 | 0.5)");
	is_near(xf_poisson_tail(5, 2), 0.0526530173437, 1e-9,
	    "P(X >= 5 | 2)");
	is_near(xf_poisson_tail(7, 2), 0.00453380552625, 1e-9,
	    "P(X >= 7 | 2)");
	is_near(xf_poisson_tail(9, 2), 0.000237447328261, 1e-9,
	    "P(X >= 9 | 2)");
	is_near(xf_poisson_tail(20, 10), 0.00345434197586, 1e-9,
	    "P(X >= 20 | 10)");
	is_near(xf_poisson_tail(22, 10), 0.000699650512335, 1e-9,
	    "P(X >= 22 | 10)");
	is_near(xf_poisson_tail(25, 10), 4.69493814267997e-5, 1e-9,
	    "P(X >= 25 | 10)");
	is_near(xf_poisson_tail(11, 2), 8.30822436848421e-6, 1e-9,
	    "P(X >= 11 | 2)");
	is_near(xf_poisson_tail(6, 0.5), 1.41649373223425e-5, 1e-9,
	    "P(X >= 6 | 0.5)");
	is_near(xf_poisson_tail(1, 1), 0.632120558829, 1e-9,
	    "P(X >= 1 | 1): 1 - 1/e");
	is_near(xf_poisson_tail(10, 10), 0.542070285528, 1e-9,
	    "at the mean: from the lower sum");
	is_near(xf_poisson_tail(80, 100), 0.982548677484, 1e-9,
	    "below the mean");
	is_near(xf_poisson_tail(150, 100), 1.88421046604e-6, 1e-8,
	    "far above a large mean");
	is_near(xf_poisson_tail(50, 0.5), 1.78877651044e-80, 1e-8,
	    "a tail 1 - sum would lose entirely");
	is_near(xf_poisson_tail(0, 3), 1.0, 0, "P(X >= 0) is 1");
	is_near(xf_poisson_tail(3000, 3000), 0.502427889894054, 1e-9,
	    "a mean whose e^-m underflows");
}

static void
test_spike(void)
{
	double p;

	is_int(xf_warn_spike(3, 0.1, &p), XF_SEV_NONE,
	    "1 -> 3 is no alarm, however rare (P = 0.000155)");
	is_int(xf_warn_spike(4, 0, &p), XF_SEV_NONE,
	    "under the minimum count, a new category too");
	is_int(xf_warn_spike(5, 0, &p), XF_SEV_MEDIUM,
	    "a new category: 5 at the floor mean 0.5, P = 0.000172");
	is_near(p, 0.000172115629956, 1e-9, "the floored mean's tail");
	is_int(xf_warn_spike(5, 0.2, &p), XF_SEV_MEDIUM,
	    "a mean under the floor is the floor");
	is_near(p, 0.000172115629956, 1e-9, "... the same tail");
	is_int(xf_warn_spike(5, 2, &p), XF_SEV_NONE, "5 at 2 a day: 0.053");
	is_int(xf_warn_spike(6, 0.5, &p), XF_SEV_HIGH, "6 at 0.5: 0.000014");
	is_int(xf_warn_spike(7, 2, &p), XF_SEV_NONE, "7 at 2 a day: 0.0045");
	is_int(xf_warn_spike(9, 2, &p), XF_SEV_MEDIUM, "9 at 2 a day: 0.00024");
	is_int(xf_warn_spike(11, 2, &p), XF_SEV_HIGH, "11 at 2: 0.0000083");
	is_int(xf_warn_spike(20, 10, &p), XF_SEV_NONE, "20 at 10: 0.0035");
	is_int(xf_warn_spike(22, 10, &p), XF_SEV_MEDIUM, "22 at 10: 0.0007");
	is_int(xf_warn_spike(25, 10, &p), XF_SEV_HIGH, "25 at 10: 0.000047");
	is_int(xf_warn_spike(10, 10, &p), XF_SEV_NONE, "the mean itself");
}

static void
test_term(void)
{
	double e, r;

	/* 6 now, 2 in a baseline four times as long: 0.5 expected,
	 * (6 + 1) / (0.5 + 1) = 4.67. */
	is_int(xf_warn_term(6, 2, 0.25, &e, &r), XF_SEV_LOW, "6 against 0.5");
	is_near(e, 0.5, 1e-12, "expected: base times scale");
	is_near(r, 7 / 1.5, 1e-12, "ratio: smoothed by one");
	/* 4 against none: (4 + 1) / 1 = 5, but under the minimum. */
	is_int(xf_warn_term(4, 0, 0.25, &e, &r), XF_SEV_NONE,
	    "under the minimum count");
	/* 8 against 8 * 0.25 = 2: 9 / 3 = 3, the factor itself. */
	is_int(xf_warn_term(8, 8, 0.25, &e, &r), XF_SEV_LOW,
	    "a ratio of exactly the factor");
	/* 8 against 9 * 0.25 = 2.25: 9 / 3.25 = 2.77. */
	is_int(xf_warn_term(8, 9, 0.25, &e, &r), XF_SEV_NONE,
	    "under the factor");
	/* 10 against 0: 11, medium from 10 complaints and 6 times. */
	is_int(xf_warn_term(10, 0, 0.25, &e, &r), XF_SEV_MEDIUM,
	    "twice the minimum and twice the factor");
	/* 10 against 4 * 0.25 = 1: 11 / 2 = 5.5, under 6. */
	is_int(xf_warn_term(10, 4, 0.25, &e, &r), XF_SEV_LOW,
	    "twice the minimum, not twice the factor");
}

static void
test_counts(void)
{
	char key[XF_WARN_KEYLEN];

	is_int(xf_warn_repeat(XF_REPEAT_COUNT - 1), XF_SEV_NONE,
	    "repeat: under the count");
	is_int(xf_warn_repeat(XF_REPEAT_COUNT), XF_SEV_MEDIUM,
	    "repeat: at the count");
	is_int(xf_warn_repeat(2 * XF_REPEAT_COUNT), XF_SEV_HIGH,
	    "repeat: twice the count");
	is_int(xf_warn_collective(XF_COLLECTIVE_COUNT - 1), XF_SEV_NONE,
	    "collective: under the count");
	is_int(xf_warn_collective(XF_COLLECTIVE_COUNT), XF_SEV_MEDIUM,
	    "collective: at the count");
	is_int(xf_warn_collective(2 * XF_COLLECTIVE_COUNT - 1), XF_SEV_MEDIUM,
	    "collective: just under twice");
	is_int(xf_warn_collective(2 * XF_COLLECTIVE_COUNT), XF_SEV_HIGH,
	    "collective: twice the count");
	is_int(xf_warn_open_days("media"), 1, "media: 1 day");
	is_int(xf_warn_open_days("legal"), 3, "legal: 3 days");
	is_int(xf_warn_open_days("privacy"), 3, "privacy: 3 days");
	is_int(xf_warn_open_days("vip"), 0, "vip: no limit");
	is_int(xf_warn_open(XF_DAY, 1), XF_SEV_NONE, "open a day exactly");
	is_int(xf_warn_open(XF_DAY + 1, 1), XF_SEV_MEDIUM, "a second over");
	is_int(xf_warn_open(2 * XF_DAY, 1), XF_SEV_HIGH, "twice the limit");
	is_int(xf_warn_open(6 * XF_DAY - 1, 3), XF_SEV_MEDIUM,
	    "legal: just under twice");
	is_int(xf_warn_open(100 * XF_DAY, 0), XF_SEV_NONE, "no limit");
	is_str(xf_severity_name(XF_SEV_HIGH), "high", "high");
	is_str(xf_severity_name(XF_SEV_LOW), "low", "low");
	is_str(xf_severity_name(XF_SEV_NONE), "", "none");
	xf_warn_contact_key(xf_warn_contact_id("zw@example.org"), key);
	is_str(key, "contact:af75dc96", "contact key of an address");
	xf_warn_contact_key(xf_warn_contact_id("13800138000"), key);
	is_str(key, "contact:a6942f97", "contact key of a phone number");
	ok(xf_warn_contact_id("13800138000") == UINT64_C(0xa6942f9771d67f34)
	    , "the id: the digest's first 8 bytes");
}

static void
doc(struct xf_terms *t, int in_period, const char *text)
{
	xf_terms_doc(t, in_period);
	if (xf_terms_add(t, text, strlen(text)) == -1) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
}

static const struct xf_term *
find(const struct xf_term *v, size_t n, const char *term)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].term, term) == 0)
			return &v[i];
	return NULL;
}

/*
 * A baseline four times the period (scale 0.25).  refund: 2 before,
 * 6 now (one complaint says it three times): low.  退款失败: 10 now,
 * none before: its bigrams 退款 款失 失败, in the same complaints, are
 * the one phrase 退款失败, medium, never the single characters.  款式:
 * 10 complaints too, as many as 退款, but others: a term of its own.
 * delivery: 20 before, 8 now, 5 expected: none.  Numbers never; zhang,
 * a contact's word, never.
 */
static void
test_terms(void)
{
	struct xf_terms *t = xf_terms_new();
	struct xf_term v[XF_WARN_TERM_TOP];
	const struct xf_term *x;
	size_t n, i;

	if (t == NULL) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	for (i = 0; i < 2; i++)
		doc(t, 0, "I want a refund");
	for (i = 0; i < 20; i++)
		doc(t, 0, "the delivery was late");
	doc(t, 1, "refund refund refund, 12345 zhang");
	for (i = 0; i < 5; i++)
		doc(t, 1, "Refund! 12345, zhang");
	for (i = 0; i < 10; i++)
		doc(t, 1, "退款失败 99");
	for (i = 0; i < 10; i++)
		doc(t, 1, "款式");
	for (i = 0; i < 8; i++)
		doc(t, 1, "Delivery");
	if (xf_terms_exclude(t, "zhang@example.org", 17) == -1)
		return;
	n = xf_terms_emerging(t, 0.25, v, nitems(v));
	is_int(n, 3, "three emerging terms");
	if (n < 3) {
		xf_terms_free(t);
		return;
	}
	is_str(v[0].term, "款式", "medium first, then by the bytes");
	is_int(v[0].sev, XF_SEV_MEDIUM, "... medium");
	is_int(v[0].period, 10, "... in 10 complaints");
	is_str(v[1].term, "退款失败", "bigrams of the same complaints chained");
	is_int(v[1].period, 10, "... in 10 complaints");
	x = find(v, n, "refund");
	ok(x != NULL && x->period == 6 && x->base == 2 &&
	    x->sev == XF_SEV_LOW, "refund: 6 complaints, 2 before, low");
	ok(x != NULL && fabs(x->ratio - 7 / 1.5) < 1e-12, "refund's ratio");
	ok(find(v, n, "<num>") == NULL, "no number");
	ok(find(v, n, "退") == NULL && find(v, n, "款") == NULL,
	    "no single ideograph");
	ok(find(v, n, "退款") == NULL && find(v, n, "失败") == NULL,
	    "no bigram of the phrase");
	ok(find(v, n, "zhang") == NULL, "no word of a contact");
	ok(find(v, n, "delivery") == NULL, "delivery is as usual");
	n = xf_terms_emerging(t, 0.25, v, 2);
	is_int(n, 2, "at most max");
	xf_terms_free(t);
}

/* 哈哈哈: the bigram 哈哈 follows itself; a ring of two (甲乙 乙甲 in
 * 甲乙甲) has no start.  Neither loops, and each term stays. */
static void
test_rings(void)
{
	struct xf_terms *t = xf_terms_new();
	struct xf_term v[XF_WARN_TERM_TOP];
	size_t n, i;

	if (t == NULL)
		return;
	for (i = 0; i < 5; i++)
		doc(t, 1, "哈哈哈");
	for (i = 0; i < 6; i++)
		doc(t, 1, "甲乙甲");
	n = xf_terms_emerging(t, 0.25, v, nitems(v));
	is_int(n, 3, "three terms");
	ok(n == 3 && find(v, n, "哈哈") && find(v, n, "甲乙") &&
	    find(v, n, "乙甲"), "哈哈, 甲乙, 乙甲");
	xf_terms_free(t);
}

int
main(void)
{
	test_poisson();
	test_spike();
	test_term();
	test_counts();
	test_terms();
	test_rings();
	return done_testing();
}
