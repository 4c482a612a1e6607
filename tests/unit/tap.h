/*
 * tap.h: the smallest TAP producer, so C unit tests report like the shell
 * tests under prove.  Each check prints one "ok N" or "not ok N"; main()
 * returns done_testing(), which prints the plan and fails on any failure.
 */
#ifndef TAP_H
#define TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static int
tap_result(int ok, const char *name)
{
	tap_count++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_count, name);
	return ok;
}

#define ok(cond, name)	tap_result((cond) != 0, (name))

#define is_int(got, want, name) do {					\
	long long g_ = (got), w_ = (want);				\
	if (!tap_result(g_ == w_, (name)))				\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define is_str(got, want, name) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;	\
	if (!tap_result(same_, (name)))					\
		printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
} while (0)

static int
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

#endif
