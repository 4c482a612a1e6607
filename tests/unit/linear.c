/*
 * linear.c: unit tests for lib/linear.c, the dual coordinate step, the
 * SVM it trains and Platt's sigmoid.
 *
 * The SVM case is small enough to solve by hand: two texts of one
 * feature each, (1, 0) of label a and (0, 1) of label b, bias 1.  By
 * symmetry w = (t, -t) and bias 0; the margin of each is t, so the
 * objective |w|^2 / 2 + C sum max(0, 1 - margin)^2 with C = 1 is
 * t^2 + 2 (1 - t)^2, least at t = 2/3.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "xf.h"

static int
close_to(double got, double want, double eps)
{
	return fabs(got - want) <= eps;
}

static void
test_step(void)
{
	double delta, pg;

	/* alpha 0, margin 0: G = -1, alpha becomes 1 / Q = 0.4 */
	pg = xf_linear_step(0, 1, 0, 0.5, 2.5, &delta);
	ok(close_to(pg, -1, 1e-12) && close_to(delta, 0.4, 1e-12),
	    "a violated row: alpha grows by -G / Q");
	/* alpha 0, margin 2 beyond 1: G = 1 > 0, projected to 0 */
	pg = xf_linear_step(2, 1, 0, 0.5, 2.5, &delta);
	ok(pg == 0 && delta == 0, "a row beyond its margin at 0: no step");
	/* alpha 0.3: G = 1 + 0.15, 0.3 - 1.15 / 2.5 < 0, clipped to 0 */
	pg = xf_linear_step(2, 1, 0.3, 0.5, 2.5, &delta);
	ok(close_to(pg, 1.15, 1e-12) && close_to(delta, -0.3, 1e-12),
	    "alpha never under 0");
	/* label -1 with margin -2: y m = 2, the same as the case above */
	pg = xf_linear_step(-2, -1, 0, 0.5, 2.5, &delta);
	ok(pg == 0 && delta == 0, "the label's sign is the margin's");
}

static void
test_train(void)
{
	static const size_t off[] = { 0, 1, 2 };
	static const uint32_t id[] = { 0, 1 };
	static const float val[] = { 1, 1 };
	static const unsigned char label[] = { 0, 1 };
	struct xf_docs d = { off, id, val, label, 2, 2, 2 };
	double cw[2] = { 1, 1 }, alpha[4] = { 0 }, w[4], bias[2];
	struct xf_err err;

	is_int(xf_linear_train(&d, NULL, 0, cw, 1, alpha, w, bias, 1, &err),
	    0, "train two texts");
	ok(close_to(w[0], 2.0 / 3, 0.02) && close_to(w[1], -2.0 / 3, 0.02),
	    "w = (2/3, -2/3), as worked out by hand");
	ok(close_to(bias[0], 0, 0.02), "bias 0 by symmetry");
	ok(w[2] == -w[0] && w[3] == -w[1] && bias[1] == -bias[0],
	    "two labels: the second's weights are the first's negated");
	ok(xf_linear_dot(&d, 0, w, bias[0]) > 0 &&
	    xf_linear_dot(&d, 1, w + 2, bias[1]) > 0,
	    "each text scores highest for its label");
	d.nlabel = 1;
	is_int(xf_linear_train(&d, NULL, 0, cw, 1, alpha, w, bias, 1, &err),
	    -1, "one label refused");
}

/* Data whose share right at f is exactly P = 1 / (1 + exp(a f + b)). */
static void
test_platt(void)
{
	enum { STEPS = 121, REPEAT = 200, N = STEPS * REPEAT };
	static double f[N];
	static unsigned char right[N];
	double a, b, p;
	size_t i, j, k = 0;

	ok(close_to(xf_platt(0, -2, 0), 0.5, 1e-12), "0.5 at z = 0");
	ok(xf_platt(1000, 1, 0) == 0 || xf_platt(1000, 1, 0) < 1e-300,
	    "no overflow at z = 1000");
	ok(close_to(xf_platt(-1000, 1, 0), 1, 1e-12), "1 at z = -1000");
	for (i = 0; i < STEPS; i++) {
		double x = -3 + 6.0 * (double)i / (STEPS - 1);
		size_t hits;

		p = 1 / (1 + exp(-2 * x + 0.5));
		hits = (size_t)(p * REPEAT + 0.5);
		for (j = 0; j < REPEAT; j++, k++) {
			f[k] = x;
			right[k] = j < hits;
		}
	}
	is_int(xf_platt_fit(f, right, N, &a, &b), 0, "fit");
	ok(close_to(a, -2, 0.05) && close_to(b, 0.5, 0.05),
	    "Platt's fit finds a = -2, b = 0.5");
	for (i = 0; i < 10; i++) {
		f[i] = (double)i;
		right[i] = 1;
	}
	is_int(xf_platt_fit(f, right, 10, &a, &b), 0, "fit, all right");
	p = xf_platt(5, a, b);
	ok(isfinite(a) && isfinite(b) && p > 0.5 && p < 1,
	    "all right: likely, not certain (smoothed targets)");
	is_int(xf_platt_fit(f, right, 0, &a, &b), -1, "nothing to fit");
}

int
main(void)
{
	test_step();
	test_train();
	test_platt();
	return done_testing();
}
