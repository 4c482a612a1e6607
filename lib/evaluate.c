/*
 * evaluate.c: k-fold cross-validation of a classifier (xf_bayes_kind).
 *
 * The examples are shuffled once with splitmix64 from the caller's seed
 * (our own generator, not rand(), so a seed gives the same folds on
 * every C library) and cut into k folds of nearly equal size.  Folds
 * are not stratified: a label rarer than k examples may be missing from
 * a training set, and is then simply never predicted for that fold.
 *
 * Each text's confidence is counted against the cuts, so that a desk
 * sees what share the model would decide at a threshold and how often
 * it is right on those: the trade between review work and errors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define K_MIN	2
#define K_MAX	20

static const double cuts[XF_EVAL_CUTS] = {
	0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99
};

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, bound): draws past the last whole multiple are redrawn. */
static size_t
below(uint64_t *state, size_t bound)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound, r;

	while ((r = splitmix64(state)) >= limit)
		;
	return (size_t)(r % bound);
}

/* Fisher-Yates. */
static void
shuffle(size_t *order, size_t n, uint64_t seed)
{
	size_t i, j, t;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n; i > 1; i--) {
		j = below(&seed, i);
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

static int
label_index(struct xf_evaluation *ev, const char *label)
{
	size_t i;

	for (i = 0; i < ev->nlabels; i++)
		if (strcmp(ev->labels[i], label) == 0)
			return (int)i;
	return -1;
}

/* The labels of the examples, as indexes into ev->labels. */
static int
gather(const struct xf_example *ex, size_t n, struct xf_evaluation *ev,
    size_t *lab, struct xf_err *err)
{
	size_t i;
	int l;

	for (i = 0; i < n; i++) {
		if (ex[i].label == NULL || ex[i].label[0] == '\0')
			return xf_errf(err, "example %zu has no label", i + 1);
		if ((l = label_index(ev, ex[i].label)) == -1) {
			if (ev->nlabels == XF_BAYES_CLASSES)
				return xf_errf(err, "too many labels: a model "
				    "tells at most %d apart", XF_BAYES_CLASSES);
			ev->labels[ev->nlabels] = ex[i].label;
			l = (int)ev->nlabels++;
		}
		lab[i] = (size_t)l;
	}
	return 0;
}

static const char *
text_of(const struct xf_example *e)
{
	return e->text != NULL ? e->text : "";
}

/* Trains on every fold but order[lo..hi), then predicts that one. */
static void
count_cuts(struct xf_evaluation *ev, double confidence, int right)
{
	size_t c;

	for (c = 0; c < XF_EVAL_CUTS; c++)
		if (confidence >= cuts[c]) {
			ev->decided[c]++;
			ev->decided_right[c] += right != 0;
		}
}

static int
run_fold(const struct xf_example *ex, size_t n, const size_t *order,
    size_t lo, size_t hi, const size_t *lab, enum xf_model_kind kind,
    struct xf_evaluation *ev, struct xf_err *err)
{
	struct xf_prediction p;
	struct xf_bayes *b;
	const char *t;
	size_t i;
	int rc = -1, l;

	if ((b = xf_bayes_new()) == NULL)
		return xf_errf(err, "out of memory");
	xf_bayes_kind(b, kind);
	for (i = 0; i < n; i++) {
		if (i >= lo && i < hi)
			continue;
		t = text_of(&ex[order[i]]);
		if (xf_bayes_learn(b, ex[order[i]].label, t, strlen(t),
		    err) == -1)
			goto out;
	}
	if (xf_bayes_finish(b, err) == -1)
		goto out;
	for (i = lo; i < hi; i++) {
		t = text_of(&ex[order[i]]);
		if (xf_bayes_predict(b, t, strlen(t), &p) == -1 ||
		    (l = label_index(ev, p.label)) == -1) {
			xf_errf(err, "cannot predict");
			goto out;
		}
		ev->confusion[lab[order[i]]][l]++;
		count_cuts(ev, p.confidence, (size_t)l == lab[order[i]]);
	}
	rc = 0;
out:
	xf_bayes_free(b);
	return rc;
}

/* Precision, recall and F1 per label (0 when undefined), and the means. */
static void
score(struct xf_evaluation *ev)
{
	size_t i, j, predicted;
	double p, r, sum = 0.0;

	for (i = 0; i < ev->nlabels; i++) {
		predicted = 0;
		for (j = 0; j < ev->nlabels; j++) {
			ev->support[i] += ev->confusion[i][j];
			predicted += ev->confusion[j][i];
		}
		ev->correct += ev->confusion[i][i];
		p = predicted ? (double)ev->confusion[i][i] / predicted : 0.0;
		r = ev->support[i] ?
		    (double)ev->confusion[i][i] / ev->support[i] : 0.0;
		ev->precision[i] = p;
		ev->recall[i] = r;
		ev->f1[i] = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
		sum += ev->f1[i];
	}
	ev->min_recall = 1.0;
	for (i = 0; i < ev->nlabels; i++)
		if (ev->support[i] > 0 && ev->recall[i] < ev->min_recall)
			ev->min_recall = ev->recall[i];
	for (i = 0; i < XF_EVAL_CUTS; i++)
		ev->cut[i] = cuts[i];
	ev->accuracy = ev->n ? (double)ev->correct / ev->n : 0.0;
	ev->macro_f1 = ev->nlabels ? sum / ev->nlabels : 0.0;
}

int
xf_evaluate(const struct xf_example *ex, size_t n, int k, uint64_t seed,
    enum xf_model_kind kind, struct xf_evaluation *ev, struct xf_err *err)
{
	size_t *order = NULL, *lab = NULL, f;
	int rc = -1;

	memset(ev, 0, sizeof(*ev));
	if (k < K_MIN || k > K_MAX)
		return xf_errf(err, "folds must be from %d to %d, not %d",
		    K_MIN, K_MAX, k);
	if (n < (size_t)k)
		return xf_errf(err, "%zu examples are too few for %d folds",
		    n, k);
	if ((order = calloc(n, sizeof(*order))) == NULL ||
	    (lab = calloc(n, sizeof(*lab))) == NULL) {
		xf_errf(err, "out of memory");
		goto out;
	}
	if (gather(ex, n, ev, lab, err) == -1)
		goto out;
	shuffle(order, n, seed);
	ev->n = n;
	for (f = 0; f < (size_t)k; f++)
		if (run_fold(ex, n, order, f * n / k, (f + 1) * n / k, lab,
		    kind, ev, err) == -1)
			goto out;
	score(ev);
	rc = 0;
out:
	free(order);
	free(lab);
	return rc;
}
