/*
 * warn.c: the tests behind xf-report alerts, as pure functions.
 *
 * A spike is a day whose count a Poisson process at the baseline's
 * rate would seldom reach: complaints arrive independently, so a day's
 * count is close to Poisson, and its upper tail says how surprising a
 * count is without a variance estimated from four weeks of mostly tiny
 * numbers (which a z-score would need).  Two guards keep small numbers
 * quiet: a count under XF_WARN_SPIKE_MIN is never a spike (1 -> 3 is no
 * alarm, however rare it is at a mean of 0.1), and the mean is floored
 * at XF_WARN_MEAN_FLOOR so that a category new this week is compared
 * with half a complaint a day, not with nothing.
 *
 * An emerging term is one that many more complaints use this period
 * than the baseline's rate promises: a ratio of counts of complaints
 * (not of occurrences: one letter repeating a word is one voice), each
 * side plus one so that a term unseen before is not infinitely new.
 *
 * The tail's thresholds are strict because a week is many tests: some
 * thirty categories and channels on seven days.  At 0.01, pure chance
 * made three medium spikes in one week of the bench's million random
 * complaints; at 0.001 one a month or so is left, while 9 complaints
 * on a day that averages 2 (P = 0.00024) still is one.
 *
 * Severities are one step apart by a factor of two on the same rule,
 * so that a reader can tell why an alert is high from its figures.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "xf.h"

#define CONTACT_PREFIX	"contact:"
#define CONTACT_BYTES	4		/* of the digest: 8 hex digits */

const char *
xf_severity_name(enum xf_severity sev)
{
	switch (sev) {
	case XF_SEV_HIGH:
		return "high";
	case XF_SEV_MEDIUM:
		return "medium";
	case XF_SEV_LOW:
		return "low";
	default:
		return "";
	}
}

/* e^-m m^k / k!, through logarithms: both powers overflow long before
 * their quotient does. */
static double
poisson_term(unsigned k, double m)
{
	return exp(-m + k * log(m) - lgamma(k + 1.0));
}

/*
 * P(X >= k).  Above the mean the terms fall from k on, so the tail is
 * summed upwards until a term no longer changes it; at or below the
 * mean the tail is large and 1 - P(X < k) loses nothing, the lower
 * terms summed downwards from k - 1 until they stop counting.
 */
double
xf_poisson_tail(unsigned k, double m)
{
	double term, sum = 0.0;
	unsigned i;

	if (k == 0)
		return 1.0;
	if (!(m > 0))
		return 0.0;
	if (k > m) {
		term = poisson_term(k, m);
		for (i = k; term > sum * DBL_EPSILON; i++) {
			sum += term;
			term *= m / (i + 1);
		}
		return sum < 1.0 ? sum : 1.0;
	}
	term = poisson_term(k - 1, m);
	for (i = k - 1; term > sum * DBL_EPSILON; i--) {
		sum += term;
		if (i == 0)
			break;
		term *= i / m;
	}
	return sum < 1.0 ? 1.0 - sum : 0.0;
}

enum xf_severity
xf_warn_spike(unsigned count, double mean, double *p)
{
	*p = 1.0;
	if (count < XF_WARN_SPIKE_MIN)
		return XF_SEV_NONE;
	if (!(mean >= XF_WARN_MEAN_FLOOR))
		mean = XF_WARN_MEAN_FLOOR;
	*p = xf_poisson_tail(count, mean);
	if (*p < XF_WARN_P_HIGH)
		return XF_SEV_HIGH;
	return *p < XF_WARN_P_MEDIUM ? XF_SEV_MEDIUM : XF_SEV_NONE;
}

enum xf_severity
xf_warn_term(unsigned period, unsigned base, double scale, double *expected,
    double *ratio)
{
	*expected = base * scale;
	*ratio = (period + XF_WARN_TERM_SMOOTH) /
	    (*expected + XF_WARN_TERM_SMOOTH);
	if (period < XF_WARN_TERM_MIN || *ratio < XF_WARN_TERM_FACTOR)
		return XF_SEV_NONE;
	if (period >= 2 * XF_WARN_TERM_MIN &&
	    *ratio >= 2 * XF_WARN_TERM_FACTOR)
		return XF_SEV_MEDIUM;
	return XF_SEV_LOW;
}

/* Medium from limit, high from twice it. */
static enum xf_severity
by_count(unsigned n, unsigned limit)
{
	if (n < limit)
		return XF_SEV_NONE;
	return n >= 2 * limit ? XF_SEV_HIGH : XF_SEV_MEDIUM;
}

enum xf_severity
xf_warn_repeat(unsigned n)
{
	return by_count(n, XF_REPEAT_COUNT);
}

enum xf_severity
xf_warn_collective(unsigned n)
{
	return by_count(n, XF_COLLECTIVE_COUNT);
}

int
xf_warn_open_days(const char *flag)
{
	if (strcmp(flag, "media") == 0)
		return XF_WARN_MEDIA_DAYS;
	if (strcmp(flag, "legal") == 0 || strcmp(flag, "privacy") == 0)
		return XF_WARN_LEGAL_DAYS;
	return 0;
}

enum xf_severity
xf_warn_open(int64_t age, int days)
{
	int64_t limit = (int64_t)days * XF_DAY;

	if (days <= 0 || age <= limit)
		return XF_SEV_NONE;
	return age >= 2 * limit ? XF_SEV_HIGH : XF_SEV_MEDIUM;
}

uint64_t
xf_warn_contact_id(const char *contact)
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];
	uint64_t id = 0;
	size_t i;

	xf_sha256_init(&c);
	xf_sha256_update(&c, contact, strlen(contact));
	xf_sha256_final(&c, d);
	for (i = 0; i < sizeof(id); i++)
		id = id << 8 | d[i];
	return id;
}

void
xf_warn_contact_key(uint64_t id, char key[XF_WARN_KEYLEN])
{
	static const char digits[] = "0123456789abcdef";
	size_t n = sizeof(CONTACT_PREFIX) - 1, i;

	memcpy(key, CONTACT_PREFIX, n);
	for (i = 0; i < 2 * CONTACT_BYTES; i++)
		key[n + i] = digits[id >> (60 - 4 * i) & 0xF];
	key[n + i] = '\0';
}
