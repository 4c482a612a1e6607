/*
 * bayes.c: naive Bayes on a model small enough to work out by hand, the
 * model file and its refusals, and k-fold evaluation.
 *
 * The toy model: spam learns "buy cheap pills", "cheap cheap offer",
 * "offer now" (8 tokens), ham learns "meeting tomorrow", "lunch
 * meeting" (4 tokens); the vocabulary has 8 tokens, so with alpha 1
 * P(t|spam) = (n + 1) / 16 and P(t|ham) = (n + 1) / 12, and the priors
 * are 3/5 and 2/5.  For "cheap meeting":
 *	spam 3/5 * 4/16 * 1/16 = 0.009375, ham 2/5 * 1/12 * 3/12 = 0.008333,
 *	P(spam) = 9/17 = 0.5294117647.
 * scikit-learn 1.2's MultinomialNB(alpha=1.0) over the same tokens
 * gives the same: [[0.47058824, 0.52941176]] for (ham, spam), and
 * 0.6781457 for ham on "offer lunch lunch".
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

#define CLOSE	1e-6	/* the log tables are floats */

static int
near(double got, double want)
{
	double d = got - want;

	return d < CLOSE && d > -CLOSE;
}

static void
learn(struct xf_bayes *b, const char *label, const char *text)
{
	struct xf_err err;

	if (xf_bayes_learn(b, label, text, strlen(text), &err) == -1)
		printf("# learn: %s\n", err.msg);
}

static struct xf_bayes *
toy(void)
{
	struct xf_bayes *b = xf_bayes_new();
	struct xf_err err;

	learn(b, "spam", "buy cheap pills");
	learn(b, "spam", "Cheap, CHEAP offer!");
	learn(b, "ham", "meeting tomorrow");
	learn(b, "spam", "offer now");
	learn(b, "ham", "lunch meeting");
	if (xf_bayes_finish(b, &err) == -1)
		printf("# finish: %s\n", err.msg);
	return b;
}

static void
predict(const struct xf_bayes *b, const char *text, struct xf_prediction *p)
{
	memset(p, 0, sizeof(*p));
	if (xf_bayes_predict(b, text, strlen(text), p) == -1)
		printf("# predict failed\n");
}

static void
test_toy(void)
{
	struct xf_bayes *b = toy();
	struct xf_prediction p;
	const char *labels[4];

	is_int(xf_bayes_labels(b, labels, 4), 2, "two labels");
	is_str(labels[0], "spam", "in the order first learned");
	is_str(labels[1], "ham", "second label");

	predict(b, "cheap meeting zebra", &p);
	is_str(p.label, "spam", "cheap meeting: spam");
	ok(near(p.confidence, 9.0 / 17), "posterior 9/17, zebra ignored");
	is_str(p.second, "ham", "runner-up");

	predict(b, "offer lunch lunch", &p);
	is_str(p.label, "ham", "offer lunch lunch: ham");
	ok(near(p.confidence, 0.6781457), "posterior as scikit-learn's");

	predict(b, "", &p);
	is_str(p.label, "spam", "empty text: the likelier prior");
	ok(near(p.confidence, 0.6), "with its prior");
	predict(b, "zebra giraffe 的", &p);
	is_str(p.label, "spam", "no known token: the prior");
	ok(near(p.confidence, 0.6), "and its probability");
	xf_bayes_free(b);
}

static void
test_states(void)
{
	struct xf_bayes *b = xf_bayes_new();
	struct xf_prediction p;
	struct xf_buf out = { 0 };
	struct xf_err err;

	is_int(xf_bayes_predict(b, "x", 1, &p), -1, "no predicting unlearned");
	is_int(xf_bayes_finish(b, &err), -1, "nothing to finish");
	is_str(err.msg, "nothing learned", "says so");
	is_int(xf_bayes_save(b, &out, &err), -1, "nothing to save");
	is_int(xf_bayes_learn(b, "", "x", 1, &err), -1, "empty label refused");

	learn(b, "only", "one label");
	is_int(xf_bayes_finish(b, &err), 0, "one label finishes");
	predict(b, "label", &p);
	is_str(p.label, "only", "one label predicted");
	ok(near(p.confidence, 1.0), "with certainty");
	ok(p.second == NULL, "no runner-up");
	learn(b, "other", "more");
	is_int(xf_bayes_predict(b, "x", 1, &p), -1,
	    "learning again needs finish again");
	xf_bayes_free(b);
}

static void
test_limit(void)
{
	struct xf_bayes *b = xf_bayes_new();
	struct xf_err err;
	char label[16];
	int i, fails = 0;

	for (i = 0; i < XF_BAYES_CLASSES; i++) {
		snprintf(label, sizeof(label), "L%d", i);
		fails += xf_bayes_learn(b, label, "some words", 10, &err) != 0;
	}
	is_int(fails, 0, "64 labels learned");
	is_int(xf_bayes_learn(b, "L65", "x", 1, &err), -1, "65th refused");
	is_str(err.msg, "too many labels: a model tells at most 64 apart",
	    "the limit named");
	is_int(xf_bayes_learn(b, "L3", "again", 5, &err), 0,
	    "known labels still learn");
	is_int(xf_bayes_finish(b, &err), 0, "finishes");
	xf_bayes_free(b);
}

static void
test_long_label(void)
{
	struct xf_bayes *b = xf_bayes_new();
	struct xf_err err;
	char *label = malloc(5000);

	memset(label, 'x', 4097);
	label[4097] = '\0';
	is_int(xf_bayes_learn(b, label, "x", 1, &err), -1,
	    "a label over 4096 bytes refused");
	is_str(err.msg, "label longer than 4096 bytes", "says so");
	label[4096] = '\0';
	is_int(xf_bayes_learn(b, label, "x", 1, &err), 0, "4096 bytes do");
	free(label);
	xf_bayes_free(b);
}

static void
test_explain(void)
{
	struct xf_bayes *b = toy();
	struct xf_weight w[4];
	const char *t = "cheap cheap meeting zebra";
	size_t n = 99;

	is_int(xf_bayes_explain(b, "spam", t, strlen(t), w, 4, &n), 0,
	    "explain");
	is_int(n, 2, "known tokens only");
	is_str(w[0].token, "cheap", "heaviest first");
	is_int(w[0].count, 2, "counted");
	/* log((4/16) / (1/12)) = log 3; log((1/16) / (3/12)) = log(1/4) */
	ok(near(w[0].weight, 1.0986122887), "weight log 3");
	is_str(w[1].token, "meeting", "then the weight against");
	ok(near(w[1].weight, -1.3862943611), "weight log 1/4");
	is_int(xf_bayes_explain(b, "spam", t, strlen(t), w, 1, &n), 0,
	    "explain one");
	is_int(n, 1, "at most max");
	is_int(xf_bayes_explain(b, "nope", t, strlen(t), w, 4, &n), -1,
	    "unknown label");
	xf_bayes_free(b);
}

static void
same_predictions(const struct xf_bayes *a, const struct xf_bayes *b)
{
	static const char *texts[] = {
		"cheap meeting", "offer lunch lunch", "", "now now tomorrow",
		"buy pills at lunch", "zebra",
	};
	struct xf_prediction p, q;
	size_t i, same = 0;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		predict(a, texts[i], &p);
		predict(b, texts[i], &q);
		same += strcmp(p.label, q.label) == 0 &&
		    p.confidence == q.confidence &&
		    strcmp(p.second, q.second) == 0;
	}
	is_int(same, i, "identical predictions after a round trip");
}

static void
refused(const unsigned char *blob, size_t len, const char *want,
    const char *name)
{
	struct xf_err err = { .msg = "" };
	struct xf_bayes *b;

	b = xf_bayes_load(blob, len, &err);
	ok(b == NULL, name);
	is_str(err.msg, want, name);
	xf_bayes_free(b);
}

static void
test_file(void)
{
	struct xf_bayes *b = toy(), *c;
	struct xf_buf out = { 0 }, again = { 0 };
	struct xf_err err;
	unsigned char *blob;
	size_t len;

	is_int(xf_bayes_save(b, &out, &err), 0, "saved");
	ok(out.len > 16 && memcmp(out.p, "XFNB", 4) == 0, "magic first");
	c = xf_bayes_load(out.p, out.len, &err);
	ok(c != NULL, "loaded");
	if (c == NULL) {
		printf("# %s\n", err.msg);
		return;
	}
	same_predictions(b, c);
	is_int(xf_bayes_save(c, &again, &err), 0, "saved again");
	ok(again.len == out.len && memcmp(again.p, out.p, out.len) == 0,
	    "the same bytes");
	learn(c, "ham", "lunch");
	is_int(xf_bayes_finish(c, &err), 0, "a loaded model learns on");

	len = out.len;
	blob = malloc(len + 1);
	memcpy(blob, out.p, len);
	blob[len / 2] ^= 0x01;
	refused(blob, len, "model is damaged: checksum mismatch",
	    "a flipped byte");
	memcpy(blob, out.p, len);
	refused(blob, len - 1, "model is truncated", "one byte short");
	refused(blob, 10, "model is truncated", "cut in the header");
	refused(blob, 2, "model is truncated", "cut in the magic");
	blob[len] = 0;
	refused(blob, len + 1, "model is damaged: bytes after its end",
	    "a byte too many");
	blob[3] = 'C';
	refused(blob, len, "not an xf model", "wrong magic");
	refused((const unsigned char *)"hello world", 11, "not an xf model",
	    "text");
	refused(blob, 0, "not an xf model", "empty");
	blob[3] = 'B';
	blob[4] = 3;
	refused(blob, len, "model version 3, this xf reads 1 to 2: retrain "
	    "it with xf-classify train", "wrong version");

	free(blob);
	xf_buf_free(&out);
	xf_buf_free(&again);
	xf_bayes_free(b);
	xf_bayes_free(c);
}

/* v in letters, as digits would all be <num>: 0 a, 1 b, 26 ab. */
static size_t
letters(char *o, unsigned v)
{
	size_t n = 0;

	do {
		o[n++] = (char)('a' + v % 26);
		v /= 26;
	} while (v > 0);
	return n;
}

/* A text of words from a vocabulary that leans towards label l. */
static void
make_text(char *buf, size_t cap, unsigned seed, unsigned l)
{
	size_t n = 0, i;
	unsigned x = seed * 2654435761u + 1;

	for (i = 0; i < 40 && n + 40 < cap; i++) {
		x = x * 1103515245u + 12345;
		if (x >> 28 < 6) {		/* a word of the label's own */
			buf[n++] = 'k';
			n += letters(buf + n, l);
			buf[n++] = 'q';
			n += letters(buf + n, (x >> 8) % 50);
		} else if (x >> 28 < 8) {	/* longer than 8 bytes */
			memcpy(buf + n, "unauthorized", 12);
			n += 12;
			n += letters(buf + n, (x >> 8) % 300);
		} else {
			buf[n++] = 'w';
			n += letters(buf + n, (x >> 8) % 3000);
			memcpy(buf + n, " 退款", 7);
			n += 7;
			n += letters(buf + n, (x >> 4) % 10);
		}
		buf[n++] = ' ';
	}
	buf[n] = '\0';
}

/*
 * Thousands of tokens, long ones among them, labels arriving late (so
 * the rows of counts widen after the vocabulary has grown): learning in
 * the opposite order must make the same model.
 */
static void
test_big(void)
{
	struct xf_bayes *a = xf_bayes_new(), *z = xf_bayes_new(), *c;
	struct xf_prediction p, q;
	struct xf_buf out = { 0 };
	struct xf_err err;
	char text[2048], label[8];
	unsigned i, n = 3000, same = 0, right = 0;

	for (i = 0; i < n; i++) {
		snprintf(label, sizeof(label), "L%u", i * 10 / n);
		make_text(text, sizeof(text), i, i * 10 / n);
		learn(a, label, text);
		snprintf(label, sizeof(label), "L%u", (n - 1 - i) * 10 / n);
		make_text(text, sizeof(text), n - 1 - i, (n - 1 - i) * 10 / n);
		learn(z, label, text);
	}
	is_int(xf_bayes_finish(a, &err), 0, "big model finishes");
	is_int(xf_bayes_finish(z, &err), 0, "and in the other order");
	is_int(xf_bayes_save(a, &out, &err), 0, "big model saved");
	c = xf_bayes_load(out.p, out.len, &err);
	ok(c != NULL, "and loaded");
	for (i = 0; i < 200 && c != NULL; i++) {
		make_text(text, sizeof(text), 100000 + i, i % 10);
		predict(a, text, &p);
		predict(z, text, &q);
		/* The labels are in another order: the softmax adds up
		 * in another order too. */
		same += strcmp(p.label, q.label) == 0 &&
		    near(p.confidence, q.confidence);
		predict(c, text, &q);
		same += strcmp(p.label, q.label) == 0 &&
		    p.confidence == q.confidence;
		snprintf(label, sizeof(label), "L%u", i % 10);
		right += strcmp(p.label, label) == 0;
	}
	is_int(same, 400, "the order of learning and a round trip change "
	    "nothing");
	ok(right > 190, "and the labels are learned");
	xf_buf_free(&out);
	xf_bayes_free(a);
	xf_bayes_free(z);
	xf_bayes_free(c);
}

/* Replaces the digest at the end of a model, as a forger would. */
static void
resign(unsigned char *blob, size_t len)
{
	struct xf_sha256 sha;

	xf_sha256_init(&sha);
	xf_sha256_update(&sha, blob, len - XF_SHA256_LEN);
	xf_sha256_final(&sha, blob + len - XF_SHA256_LEN);
}

/* A model whose digest is right but whose counts are not is refused. */
static void
test_forged(void)
{
	struct xf_bayes *b = toy();
	struct xf_buf out = { 0 };
	struct xf_err err;
	unsigned char *blob;
	size_t len;

	xf_bayes_save(b, &out, &err);
	len = out.len;
	blob = malloc(len);
	memcpy(blob, out.p, len);
	/* The last u64 before the digest: ham's token total, 4. */
	blob[len - XF_SHA256_LEN - 8] = 5;
	resign(blob, len);
	refused(blob, len, "model is damaged: token totals do not add up",
	    "totals that do not add up");
	memcpy(blob, out.p, len);
	/* The first label's length, "spam": say 0. */
	blob[20] = 0;
	resign(blob, len);
	refused(blob, len, "model is damaged: bad label", "a label of 0 bytes");
	free(blob);
	xf_buf_free(&out);
	xf_bayes_free(b);
}

/* Two labels with no word in common, 20 examples each. */
static void
test_evaluate(void)
{
	static const char *a[] = { "apple banana", "banana cherry",
	    "cherry apple", "apple pie" };
	static const char *z[] = { "train car", "car bus", "bus train",
	    "bus stop" };
	struct xf_example ex[40];
	struct xf_evaluation ev;
	struct xf_err err;
	size_t i;

	for (i = 0; i < 40; i++) {
		ex[i].label = i % 2 ? "fruit" : "transport";
		ex[i].text = i % 2 ? a[i / 2 % 4] : z[i / 2 % 4];
	}
	is_int(xf_evaluate(ex, 40, 5, 42, XF_MODEL_NB, &ev, &err), 0, "5 folds");
	is_int(ev.n, 40, "every example tested once");
	is_int(ev.nlabels, 2, "two labels");
	is_int(ev.correct, 40, "all right");
	ok(ev.accuracy == 1.0, "accuracy 1");
	ok(ev.macro_f1 == 1.0, "macro-F1 1");
	is_int(ev.support[0] + ev.support[1], 40, "supports add up");
	ok(ev.precision[0] == 1.0 && ev.recall[1] == 1.0, "precision, recall");

	/* One odd example: "apple" said to be transport. */
	ex[0].text = "apple";
	is_int(xf_evaluate(ex, 40, 4, 7, XF_MODEL_NB, &ev, &err), 0, "4 folds");
	is_int(ev.correct, 39, "the odd one wrong");
	is_str(ev.labels[0], "transport", "labels in order of appearance");
	is_int(ev.confusion[0][1], 1, "counted as transport taken for fruit");
	ok(near(ev.recall[0], 19.0 / 20) && near(ev.precision[1], 20.0 / 21),
	    "recall and precision of it");
	ok(near(ev.f1[1], 2 * (20.0 / 21) / (20.0 / 21 + 1)), "F1 of it");

	is_int(xf_evaluate(ex, 40, 1, 1, XF_MODEL_NB, &ev, &err), -1, "k 1 refused");
	is_str(err.msg, "folds must be from 2 to 20, not 1", "says why");
	is_int(xf_evaluate(ex, 40, 21, 1, XF_MODEL_NB, &ev, &err), -1, "k 21 refused");
	is_int(xf_evaluate(ex, 3, 4, 1, XF_MODEL_NB, &ev, &err), -1, "n < k refused");
	ex[5].label = NULL;
	is_int(xf_evaluate(ex, 40, 5, 1, XF_MODEL_NB, &ev, &err), -1, "no label refused");
}

int
main(void)
{
	test_toy();
	test_states();
	test_limit();
	test_long_label();
	test_explain();
	test_file();
	test_forged();
	test_big();
	test_evaluate();
	return done_testing();
}
