/*
 * xf-classify: category, priority and risk flags for complaints, by rules
 * people write and a model trained on what people decided: a linear SVM
 * on TF-IDF of the tokens, its confidence calibrated (lib/linear.c), or
 * with -m nb the naive Bayes of older versions, whose models still load.
 *
 *	xf-classify [ref ...]		classify (refs from stdin when none)
 *	xf-classify -a			every complaint not classified yet
 *	xf-classify set ref ...		a person's decision, never overruled
 *	xf-classify train | eval	the model, from the store or a file
 *	xf-classify explain ref		the rules and words behind a decision
 *	xf-classify predict file	labels for texts in a file, store untouched
 *
 * Classifying is one short transaction per complaint, so it interleaves
 * with intake and with people working in xf-status.
 */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

struct ctx {
	const char	*dbopt;
	const char	*rules_path;
	enum xf_fmt	 fmt;
	double		 threshold;
	int		 all, dry, folds;
	enum xf_model_kind kind;	/* -m svm (the default) or nb */
	const char	*labelled;	/* -l text,label */
	struct xf_store	 store;
	int		 failed;
	char		 actor[XF_ACTOR_MAX];
	struct xf_sla	 sla;		/* deadlines follow category, priority */
	int		 sla_loaded;
};

/* usage() on a usage error, and --help (cmd_std_option). */
static const char usage_text[] =
    "usage: xf-classify [-an] [-d store] [-o format] [-r rules] "
    "[-t threshold] [--redact]\n"
    "                 [ref ...]\n"
    "       xf-classify set [-d store] [--category category] "
    "[--priority P1-P4]\n"
    "                 [--flag +flag|-flag] ... -m reason ref ...\n"
    "       xf-classify train [-d store] [-m svm|nb] [-l text,label file]\n"
    "       xf-classify eval [-d store] [-k folds] [-m svm|nb]\n"
    "                 [-l text,label file]\n"
    "       xf-classify [--redact] explain [-d store] [-r rules] ref\n"
    "       xf-classify predict [-d store] [-o format] -l text file\n";

static void
usage(void)
{
	cmd_usage(stderr, usage_text);
	exit(2);
}

/* --- shared ------------------------------------------------------------ */

/* -r, else $XF_SHARE/rules.tsv, else the installed rules. */
static struct xf_rules *
load_rules(struct ctx *c)
{
	char path[4096];
	struct xf_rules *r;
	struct xf_err e;

	if (xf_share_path(path, sizeof(path), c->rules_path, NULL,
	    "rules.tsv") == -1)
		errx(EXIT_USAGE, "the rules file's path is too long");
	if ((r = xf_rules_load(path, &e)) == NULL)
		errx(cmd_exit_for(NULL, &e), "%s (nothing classified)",
		    e.msg);
	return r;
}

/* The deadline policy and calendar ($XF_POLICY, $XF_CALENDAR, share/). */
static const struct xf_sla *
load_sla(struct ctx *c)
{
	struct xf_err e;

	if (!c->sla_loaded && xf_sla_load(&c->sla, NULL, NULL, &e) == -1)
		errx(cmd_exit_for(NULL, &e), "%s (nothing classified)",
		    e.msg);
	c->sla_loaded = 1;
	return &c->sla;
}

/* The newest trained model, or NULL when none was trained. */
static struct xf_bayes *
load_model(struct ctx *c)
{
	struct xf_bayes *b;
	struct xf_err e;

	if (xf_model_load(&c->store, &b, &e) == -1)
		cmd_die(&c->store, &e);
	return b;
}

/* --- classify ---------------------------------------------------------- */

static const struct xf_col out_cols[] = {
	{ "ref", XF_COL_TEXT }, { "category", XF_COL_TEXT },
	{ "priority", XF_COL_TEXT }, { "flags", XF_COL_LIST },
	{ "confidence", XF_COL_NUM }, { "method", XF_COL_TEXT },
};

static void
print_row(struct xf_table *t, const struct xf_classified *k)
{
	char prio[4], conf[16];
	const char *vals[6];

	snprintf(prio, sizeof(prio), "P%d", k->priority);
	snprintf(conf, sizeof(conf), "%.2f", k->confidence);
	vals[0] = k->ref;
	vals[1] = *k->category ? k->category : NULL;
	vals[2] = prio;
	vals[3] = k->flags;
	vals[4] = conf;
	vals[5] = k->method;
	cmd_table_row(t, vals, 0);
}

static void
classify_id(struct ctx *c, struct xf_classifier *k, struct xf_table *t,
    int64_t id, const char *ref)
{
	struct xf_classified out;
	struct xf_err e;

	if (id == 0) {
		warnx("%s: no such complaint", ref);
		c->failed = 1;
		return;
	}
	if (xf_classify_one(k, id, c->dry, &out, &e) == -1) {
		warnx("%s: %s", ref, e.msg);
		c->failed = 1;
		if (xf_store_down(&c->store))
			exit(EXIT_TEMPFAIL);
		return;
	}
	print_row(t, &out);
}

static void
classify_all(struct ctx *c, struct xf_classifier *k, struct xf_table *t)
{
	struct xf_err e;
	int64_t *ids;
	size_t n, i;

	if (xf_classify_pending(&c->store, &ids, &n, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	for (i = 0; i < n; i++)
		classify_id(c, k, t, ids[i], "complaint");
	free(ids);
}

static void
start_classifier(struct ctx *c, struct xf_classifier *k)
{
	struct xf_err e;

	if (k->store != NULL)
		return;
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, c->actor);
	k->store = &c->store;
	k->model = load_model(c);
	if (!c->dry && xf_classify_prepare(k, &e) == -1)
		cmd_store_fatal(&c->store, &e);
}

static int
verb_classify(struct ctx *c, int argc, char **argv)
{
	struct xf_classifier k = { 0 };
	struct cmd_refs refs;
	struct xf_table t;
	struct xf_err e;
	char ref[XF_REFLEN], canon[XF_REFLEN];
	int64_t id;

	k.rules = load_rules(c);
	k.sla = load_sla(c);
	k.threshold = c->threshold;
	k.actor = c->actor;
	k.now = cmd_now();
	cmd_table_start(&t, c->fmt, out_cols, 6);
	if (c->all) {
		start_classifier(c, &k);
		classify_all(c, &k, &t);
	}
	/* The store is opened at the first ref: in "xf-intake new.csv |
	 * xf-classify" it may not exist before xf-intake commits. */
	cmd_refs_start(&refs, argc, argv, &c->failed);
	while (!c->all && cmd_refs_next(&refs, ref) == 1) {
		start_classifier(c, &k);
		if (xf_complaint_id(&c->store, ref, &id, canon, &e) == -1)
			cmd_store_fatal(&c->store, &e);
		classify_id(c, &k, &t, id, ref);
	}
	cmd_refs_end(&refs);
	cmd_table_end(&t);
	xf_rules_free(k.rules);
	xf_bayes_free(k.model);
	return c->failed;
}

/* --- set: a person's decision ------------------------------------------- */

enum { OPT_CATEGORY = 256, OPT_PRIORITY, OPT_FLAG };

static const struct option set_opts[] = {
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "flag", required_argument, NULL, OPT_FLAG },
	{ NULL, 0, NULL, 0 },
};

/* +flag or -flag, the flag in any case (vocab.c), as +privacy. */
static const char *
flag_arg(const char *arg)
{
	const char *flag;
	struct xf_err e;
	char *out;
	size_t len;

	if (arg[0] != '+' && arg[0] != '-')
		errx(2, "--flag %s: want +flag or -flag", arg);
	if ((flag = xf_vocab_value(XF_VOCAB_FLAG, arg + 1, &e)) == NULL)
		errx(2, "--flag %s: %s", arg, e.msg);
	len = strlen(flag) + 2;
	if ((out = malloc(len)) == NULL)
		errx(1, "out of memory");
	snprintf(out, len, "%c%s", arg[0], flag);
	return out;	/* verb_set frees it */
}

/*
 * A category a person gives may be any name, but one the taxonomy or the
 * store has already, in another case, is stored as it is spelled there:
 * "Billing" is billing, so filters, routing and training see one
 * category, not two.  The taxonomy is read as xf-status list reads it.
 */
static const char *
category_spelling(struct ctx *c, const char *word,
    char canon[XF_CATEGORY_MAX + 1])
{
	struct xf_err e;

	return cmd_category(&c->store, word, canon, &e) == 0 ? canon : word;
}

static int
verb_set(struct ctx *c, int argc, char **argv)
{
	struct xf_decision d = { 0 };
	struct cmd_refs refs;
	struct xf_err e;
	char ref[XF_REFLEN], canon[XF_REFLEN];
	char category[XF_CATEGORY_MAX + 1];
	int64_t id, now;
	const struct xf_sla *sla;
	int o;

	while ((o = getopt_long(argc, argv, "d:m:", set_opts, NULL)) != -1) {
		if (o == 'd')
			c->dbopt = optarg;
		else if (o == 'm')
			d.reason = optarg;
		else if (o == OPT_CATEGORY)
			d.category = optarg;
		else if (o == OPT_PRIORITY) {
			if ((d.priority = xf_vocab_value(XF_VOCAB_PRIORITY,
			    optarg, &e)) == NULL)
				errx(2, "--priority: %s", e.msg);
		} else if (o == OPT_FLAG && d.nflags < XF_DECISION_FLAGS)
			d.flags[d.nflags++] = flag_arg(optarg);
		else
			usage();
	}
	argc -= optind;
	argv += optind;
	if (d.reason == NULL || *d.reason == '\0' || !xf_utf8_valid(d.reason,
	    strlen(d.reason)))
		errx(2, "set needs a reason: -m text (UTF-8)");
	if (!d.category && !d.priority && d.nflags == 0)
		errx(2, "set needs --category, --priority or --flag");
	if (d.category && (*d.category == '\0' || strlen(d.category) >
	    XF_CATEGORY_MAX || !xf_utf8_valid(d.category,
	    strlen(d.category))))
		errx(2, "--category: want a name in UTF-8 of at most %d bytes",
		    XF_CATEGORY_MAX);
	now = cmd_now();
	sla = load_sla(c);
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_READ, c->actor);
	if (d.category)
		d.category = category_spelling(c, d.category, category);
	cmd_refs_start(&refs, argc, argv, &c->failed);
	while (cmd_refs_next(&refs, ref) == 1) {
		if (xf_store_begin(&c->store, &e) == -1)
			cmd_store_fatal(&c->store, &e);
		if (xf_complaint_id(&c->store, ref, &id, canon, &e) == -1 ||
		    (id == 0 && xf_errf(&e, "%s: no such complaint", ref)) ||
		    xf_classify_set(&c->store, id, &d, sla, now, c->actor,
		    &e) == -1) {
			xf_store_rollback(&c->store);
			warnx("%s", e.msg);
			c->failed = 1;
			if (xf_store_down(&c->store))
				exit(EXIT_TEMPFAIL);	/* as classify */
			continue;
		}
		if (xf_store_commit(&c->store, &e) == -1)
			cmd_store_fatal(&c->store, &e);
		printf("%s\n", canon);
	}
	cmd_refs_end(&refs);
	while (d.nflags > 0)
		free((char *)d.flags[--d.nflags]);
	return c->failed;
}

/* --- labelled data: from the store or a file ---------------------------- */

struct corpus {
	struct xf_example *ex;
	size_t		 n, cap;
	/* When set, each example goes here instead of into ex: training
	 * and prediction stream, in memory bounded by the vocabulary. */
	int		(*each)(void *arg, const char *label,
			    const char *text);
	void		*arg;
	int		 every_row;	/* predict: none skipped */
	int		 text_col, label_col;	/* in the file */
	const char	*text_name, *label_name;
	const char	*file;
	long		 skipped;
};

static int
add_example(struct corpus *k, const char *label, const char *text)
{
	struct xf_example *p;

	/* Prediction keeps every row, so row numbers stay those of the
	 * file; learning skips what teaches nothing. */
	if (!k->every_row && (*label == '\0' || *text == '\0' ||
	    !xf_utf8_valid(label, strlen(label)) ||
	    !xf_utf8_valid(text, strlen(text)))) {
		k->skipped++;
		return 0;
	}
	if (k->every_row && !xf_utf8_valid(text, strlen(text)))
		text = "";
	if (k->each != NULL) {
		k->n++;
		return k->each(k->arg, label, text);
	}
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 1024;
		if ((p = realloc(k->ex, k->cap * sizeof(*p))) == NULL)
			return -1;
		k->ex = p;
	}
	k->ex[k->n].label = strdup(label);
	k->ex[k->n].text = strdup(text);
	if (k->ex[k->n].label == NULL || k->ex[k->n].text == NULL)
		return -1;
	k->n++;
	return 0;
}

static int
find_column(const struct xf_row *row, const char *name)
{
	size_t i;

	for (i = 0; i < row->nfield; i++)
		if (xf_header_eq(row->field[i], name))
			return (int)i;
	return -1;
}

static int
on_labelled(void *ctx, const struct xf_row *row, struct xf_err *err)
{
	struct corpus *k = ctx;

	if (row->error != NULL) {
		k->skipped++;
		return 0;
	}
	if (k->text_col < 0) {
		k->text_col = find_column(row, k->text_name);
		k->label_col = k->label_name ? find_column(row, k->label_name) :
		    -1;
		if (k->text_col < 0 || (k->label_name && k->label_col < 0))
			return xf_errf(err, "%s: no column '%s'", k->file,
			    k->text_col < 0 ? k->text_name : k->label_name);
		return 0;
	}
	if ((size_t)k->text_col >= row->nfield || (k->label_col >= 0 &&
	    (size_t)k->label_col >= row->nfield)) {
		k->skipped++;
		return 0;
	}
	if (add_example(k, k->label_col >= 0 ? row->field[k->label_col] :
	    "-", row->field[k->text_col]) == -1)
		return xf_errf(err, "out of memory");
	return 0;
}

static void
read_file(struct corpus *k, const char *spec, const char *file, int labels)
{
	struct xf_input *in;
	struct xf_err e;
	char *copy, *comma;
	/* as xf-intake: by the name, else by the first line */
	struct xf_rowopt opt = { .fmt = XF_CSV };

	opt.guess = !xf_rows_named(file, &opt.fmt);

	if ((copy = strdup(spec)) == NULL)
		errx(1, "out of memory");
	comma = strchr(copy, ',');
	if (labels && (comma == NULL || comma == copy || comma[1] == '\0'))
		errx(2, "-l %s: want text_column,label_column", spec);
	if (comma != NULL)
		*comma = '\0';
	k->text_name = copy;
	k->label_name = labels ? comma + 1 : NULL;
	k->text_col = k->label_col = -1;
	k->file = file;
	if ((in = xf_input_open(file, &e)) == NULL)
		errx(1, "%s", e.msg);
	if (xf_rows_read(in, &opt, on_labelled, k, &e) == -1)
		errx(1, "%s", e.msg);
	xf_input_close(in);
}

static int
store_example(void *arg, const char *label, const char *text,
    struct xf_err *e)
{
	if (add_example(arg, label, text) == -1)
		return xf_errf(e, "out of memory");
	return 0;
}

/* Complaints whose category a person set or confirmed. */
static void
read_store(struct ctx *c, struct corpus *k)
{
	struct xf_err e;

	cmd_store_open(&c->store, c->dbopt, XF_OPEN_READ);
	if (xf_classify_examples(&c->store, store_example, k, &e) == -1)
		cmd_die(&c->store, &e);
}

static void
free_corpus(struct corpus *k)
{
	size_t i;

	for (i = 0; k->each == NULL && i < k->n; i++) {
		free((char *)k->ex[i].label);
		free((char *)k->ex[i].text);
	}
	free(k->ex);
	free((char *)k->text_name);
}

static void
gather(struct ctx *c, struct corpus *k, int argc, char **argv)
{
	if (c->labelled != NULL) {
		if (argc != 1)
			usage();
		read_file(k, c->labelled, argv[0], 1);
	} else {
		if (argc != 0)
			usage();
		read_store(c, k);
	}
	if (k->skipped > 0)
		warnx("%ld rows without text or label (or not UTF-8) skipped",
		    k->skipped);
	if (k->n == 0)
		errx(1, "nothing to learn from: no labelled complaints (set "
		    "categories with xf-classify set, or give -l file)");
}

/* --- train and eval ----------------------------------------------------- */

static int
labelled_opts(struct ctx *c, int argc, char **argv)
{
	char *end;
	int o;

	while ((o = getopt(argc, argv, "d:k:l:m:")) != -1) {
		if (o == 'd')
			c->dbopt = optarg;
		else if (o == 'm') {
			if (strcmp(optarg, "svm") == 0)
				c->kind = XF_MODEL_SVM;
			else if (strcmp(optarg, "nb") == 0)
				c->kind = XF_MODEL_NB;
			else
				errx(2, "-m %s: want svm or nb", optarg);
		}
		else if (o == 'l')
			c->labelled = optarg;
		else if (o == 'k') {
			c->folds = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || c->folds < 2 || c->folds > 20)
				errx(2, "-k %s: want 2 to 20 folds", optarg);
		} else
			usage();
	}
	return optind;
}

static void
save_model(struct ctx *c, const struct xf_bayes *b, size_t n)
{
	const char *labels[XF_BAYES_CLASSES];
	struct xf_buf names = { 0 }, safe = { 0 };
	struct xf_err e;
	int64_t now;
	size_t i, nl;

	nl = xf_bayes_labels(b, labels, XF_BAYES_CLASSES);
	for (i = 0; i < nl; i++)
		xf_buf_printf(&names, "%s%s", i ? "," : "", labels[i]);
	now = cmd_now();
	cmd_store_writer(&c->store, c->dbopt, XF_OPEN_WRITE, c->actor);
	if (xf_model_save(&c->store, b, n, now, &e) == -1)
		cmd_die(&c->store, &e);
	fprintf(stderr, "xf-classify: trained on %zu examples, %zu labels: "
	    "%s\n", n, nl, cmd_safe(&safe, xf_buf_str(&names)));
	xf_buf_free(&names);
	xf_buf_free(&safe);
}

/*
 * Texts are learned and classified a batch at a time, and the batch is
 * timed on the process's CPU clock: "a second on one core" is CPU time,
 * and on a shared machine the wall clock would count other programs'
 * turns too.  Reading the CPU clock is a system call, too slow to make
 * per text.  So the rates train and predict report leave out reading
 * the file and printing, as the bench's budget asks.
 */
enum { BATCH_TEXTS = 512 };

struct batch {
	struct xf_buf	 buf;		/* labels and texts, NUL-terminated */
	size_t		 label[BATCH_TEXTS], text[BATCH_TEXTS];
	size_t		 n, done;
	double		 busy;		/* CPU seconds spent in work */
	void		(*work)(void *, size_t, const char *, const char *);
	void		(*after)(void *, size_t);	/* may be NULL */
	void		*arg;
};

static double
cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == -1)
		err(1, "clock_gettime");
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
batch_run(struct batch *bt)
{
	double t0 = cpu_seconds();
	size_t i;

	for (i = 0; i < bt->n; i++)
		bt->work(bt->arg, i, bt->buf.p + bt->label[i],
		    bt->buf.p + bt->text[i]);
	bt->busy += cpu_seconds() - t0;
	if (bt->after != NULL)
		bt->after(bt->arg, bt->n);
	bt->done += bt->n;
	bt->n = 0;
	xf_buf_reset(&bt->buf);
}

static int
batch_add(void *arg, const char *label, const char *text)
{
	struct batch *bt = arg;

	bt->label[bt->n] = bt->buf.len;
	if (xf_buf_add(&bt->buf, label ? label : "", strlen(label ? label :
	    "") + 1) == -1)
		errx(1, "out of memory");
	bt->text[bt->n] = bt->buf.len;
	if (xf_buf_add(&bt->buf, text, strlen(text) + 1) == -1)
		errx(1, "out of memory");
	if (++bt->n == BATCH_TEXTS)
		batch_run(bt);
	return 0;
}

static void
batch_end(struct batch *bt, const char *what)
{
	batch_run(bt);
	xf_buf_free(&bt->buf);
	fprintf(stderr, "xf-classify: %s %zu texts in %.2f s of CPU time "
	    "(%.0f a second)\n", what, bt->done, bt->busy, bt->busy > 0 ?
	    (double)bt->done / bt->busy : 0.0);
}

static void
learn_text(void *arg, size_t i, const char *label, const char *text)
{
	struct xf_err e;

	(void)i;
	if (xf_bayes_learn(arg, label, text, strlen(text), &e) == -1)
		errx(1, "%s", e.msg);
}

static int
verb_train(struct ctx *c, int argc, char **argv)
{
	struct xf_bayes *b;
	static struct batch bt = { .work = learn_text };
	struct corpus k = { .each = batch_add, .arg = &bt };
	struct xf_err e;
	double t0;
	int first = labelled_opts(c, argc, argv);

	if ((b = xf_bayes_new()) == NULL)
		errx(1, "out of memory");
	xf_bayes_kind(b, c->kind);
	bt.arg = b;
	gather(c, &k, argc - first, argv + first);
	batch_end(&bt, "learned");
	/* The linear model learns in finish: its time counts too, and the
	 * rate of learning and finishing is the last line, the bench's. */
	t0 = cpu_seconds();
	if (xf_bayes_finish(b, &e) == -1)
		errx(1, "%s", e.msg);
	t0 = cpu_seconds() - t0 + bt.busy;
	fprintf(stderr, "xf-classify: trained %zu texts in %.2f s of CPU time "
	    "(%.0f a second)\n", bt.done, t0, t0 > 0 ? (double)bt.done / t0 :
	    0.0);
	/* One label teaches nothing: every text would get it, at 1.00. */
	if (xf_bayes_labels(b, NULL, 0) < 2)
		errx(1, "nothing to tell apart: the examples carry one label; "
		    "a model needs two or more");
	save_model(c, b, k.n);
	xf_bayes_free(b);
	free_corpus(&k);
	return c->failed;
}

static void
print_evaluation(const struct xf_evaluation *ev, int folds)
{
	struct xf_buf label = { 0 };
	size_t i, j;

	/* macro F1 first: a model blind to a small label can still score
	 * a high accuracy. */
	printf("examples\t%zu\nfolds\t%d\nmacro_f1\t%.4f\naccuracy\t%.4f\n"
	    "min_recall\t%.4f\n\n", ev->n, folds, ev->macro_f1, ev->accuracy,
	    ev->min_recall);
	printf("label\tprecision\trecall\tf1\tsupport\n");
	for (i = 0; i < ev->nlabels; i++)
		printf("%s\t%.4f\t%.4f\t%.4f\t%zu\n",
		    cmd_safe(&label, ev->labels[i]),
		    ev->precision[i], ev->recall[i], ev->f1[i],
		    ev->support[i]);
	printf("\nconfusion (rows true, columns predicted)\nlabel");
	for (j = 0; j < ev->nlabels; j++)
		printf("\t%zu", j + 1);
	printf("\n");
	for (i = 0; i < ev->nlabels; i++) {
		printf("%zu %s", i + 1, cmd_safe(&label, ev->labels[i]));
		for (j = 0; j < ev->nlabels; j++)
			printf("\t%zu", ev->confusion[i][j]);
		printf("\n");
	}
	printf("\nthreshold\tdecided\taccuracy\treview\n");
	for (i = 0; i < XF_EVAL_CUTS; i++)
		printf("%.2f\t%.4f\t%.4f\t%.4f\n", ev->cut[i], ev->n ?
		    (double)ev->decided[i] / (double)ev->n : 0.0,
		    ev->decided[i] ? (double)ev->decided_right[i] /
		    (double)ev->decided[i] : 0.0, ev->n ? 1 - (double)
		    ev->decided[i] / (double)ev->n : 0.0);
	xf_buf_free(&label);
}

static int
verb_eval(struct ctx *c, int argc, char **argv)
{
	struct xf_evaluation *ev;
	struct corpus k = { 0 };
	struct xf_err e;
	int first;

	c->folds = 5;
	first = labelled_opts(c, argc, argv);
	gather(c, &k, argc - first, argv + first);
	if ((ev = calloc(1, sizeof(*ev))) == NULL)
		errx(1, "out of memory");
	if (xf_evaluate(k.ex, k.n, c->folds, 20261130, c->kind, ev,
	    &e) == -1)
		errx(1, "%s", e.msg);
	print_evaluation(ev, c->folds);
	free(ev);
	free_corpus(&k);
	return c->failed;
}

/* --- explain and predict ------------------------------------------------ */

static void
explain_model(const struct xf_bayes *b, const char *text)
{
	struct xf_prediction p;
	struct xf_weight w[12];
	struct xf_buf first = { 0 }, second = { 0 };
	size_t n, i;

	if (b == NULL) {
		printf("model\tnone trained\n");
		return;
	}
	if (xf_bayes_predict(b, text, strlen(text), &p) == -1)
		return;
	printf("model\t%s %.2f (then %s)\n", cmd_safe(&first, p.label),
	    p.confidence, cmd_safe(&second, p.second ? p.second : "-"));
	if (xf_bayes_explain(b, p.label, text, strlen(text), w, 12, &n) == 0)
		for (i = 0; i < n; i++)
			printf("token\t%s\t%+.2f\tx%d\n",
			    cmd_safe(&first, w[i].token), w[i].weight,
			    w[i].count);
	xf_buf_free(&first);
	xf_buf_free(&second);
}

static int
verb_explain(struct ctx *c, int argc, char **argv)
{
	struct xf_classifier k = { 0 };
	struct xf_classified out;
	struct xf_verdict v;
	sqlite3_stmt *st;
	struct xf_err e;
	char canon[XF_REFLEN];
	int64_t id;
	int o;

	while ((o = getopt(argc, argv, "d:r:")) != -1) {
		if (o == 'd')
			c->dbopt = optarg;
		else if (o == 'r')
			c->rules_path = optarg;
		else
			usage();
	}
	if (argc - optind != 1)
		usage();
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_READ);
	k.store = &c->store;
	k.rules = load_rules(c);
	k.model = load_model(c);
	k.threshold = c->threshold;
	k.actor = c->actor;
	k.now = cmd_now();
	if (xf_complaint_id(&c->store, argv[optind], &id, canon, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	if (id == 0)
		errx(1, "%s: no such complaint", argv[optind]);
	if (xf_classify_one(&k, id, 1, &out, &e) == -1)
		cmd_die(&c->store, &e);
	if (xf_store_prepare(&c->store, "SELECT coalesce(subject, ''),"
	    " coalesce(body, '') FROM complaint WHERE id = ?", &st, &e) == -1)
		cmd_store_fatal(&c->store, &e);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		struct xf_buf text = { 0 }, category = { 0 }, why = { 0 };

		xf_rules_apply(k.rules, (const char *)sqlite3_column_text(st,
		    0), (const char *)sqlite3_column_text(st, 1), &v);
		xf_buf_printf(&text, "%s\n%s", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1));
		printf("ref\t%s\ncategory\t%s\npriority\tP%d\nflags\t%s\n"
		    "method\t%s\nwhy\t%s\nrules\t%s\n", canon,
		    cmd_safe(&category, *out.category ? out.category : "-"),
		    out.priority, out.flags, out.method, cmd_safe(&why,
		    out.why), *v.why ? v.why : "none");
		xf_buf_free(&category);
		xf_buf_free(&why);
		explain_model(k.model, xf_buf_str(&text));
		xf_buf_free(&text);
	}
	sqlite3_finalize(st);
	xf_rules_free(k.rules);
	xf_bayes_free(k.model);
	return c->failed;
}

struct predicting {
	const struct xf_bayes *model;
	struct xf_table	 t;
	size_t		 row;
	struct xf_prediction out[BATCH_TEXTS];
};

static void
predict_text(void *arg, size_t i, const char *label, const char *text)
{
	struct predicting *pr = arg;

	(void)label;
	xf_bayes_predict(pr->model, text, strlen(text), &pr->out[i]);
}

static void
print_predictions(void *arg, size_t n)
{
	struct predicting *pr = arg;
	const struct xf_prediction *p;
	char num[24], conf[16];
	const char *vals[3];
	size_t i;

	for (i = 0; i < n; i++) {
		p = &pr->out[i];
		snprintf(num, sizeof(num), "%zu", ++pr->row);
		snprintf(conf, sizeof(conf), "%.3f", p->confidence);
		vals[0] = num;
		vals[1] = p->label;
		vals[2] = conf;
		cmd_table_row(&pr->t, vals, 0);
	}
}

static int
verb_predict(struct ctx *c, int argc, char **argv)
{
	static const struct xf_col cols[] = {
		{ "row", XF_COL_NUM }, { "label", XF_COL_TEXT },
		{ "confidence", XF_COL_NUM },
	};
	static struct predicting pr;	/* a batch of results: off the stack */
	struct batch bt = { .work = predict_text, .after = print_predictions,
	    .arg = &pr };
	struct corpus k = { .each = batch_add, .arg = &bt, .every_row = 1 };
	struct xf_bayes *b;
	int o;

	while ((o = getopt(argc, argv, "d:l:o:")) != -1) {
		if (o == 'd')
			c->dbopt = optarg;
		else if (o == 'l')
			c->labelled = optarg;
		else if (o == 'o')
			c->fmt = cmd_fmt(optarg);
		else
			usage();
	}
	if (c->labelled == NULL || argc - optind != 1)
		usage();
	cmd_store_open(&c->store, c->dbopt, XF_OPEN_RDONLY);
	if ((b = load_model(c)) == NULL)
		errx(1, "%s: no model: train one with xf-classify train",
		    c->store.path);
	pr.model = b;
	cmd_table_start(&pr.t, c->fmt, cols, 3);
	read_file(&k, c->labelled, argv[optind], 0);
	batch_end(&bt, "classified");
	cmd_table_end(&pr.t);
	xf_bayes_free(b);
	free_corpus(&k);
	return c->failed;
}

/* --- main -------------------------------------------------------------- */

/* opts: getopt's option string, "+..." to stop at the first operand. */
static void
classify_opts(struct ctx *c, int argc, char **argv, const char *opts)
{
	char *end;
	int o;

	while ((o = getopt_long(argc, argv, opts, cmd_std_longopts,
	    NULL)) != -1) {
		switch (o) {
		case 'a':
			c->all = 1;
			break;
		case 'd':
			c->dbopt = optarg;
			break;
		case 'n':
			c->dry = 1;
			break;
		case 'o':
			c->fmt = cmd_fmt(optarg);
			break;
		case CMD_OPT_BOM:
			cmd_bom_option();
			break;
		case CMD_OPT_REDACT:
			cmd_redact_option();
			break;
		case 'r':
			c->rules_path = optarg;
			break;
		case 't':
			c->threshold = strtod(optarg, &end);
			if (*end != '\0' || c->threshold < 0 ||
			    c->threshold > 1)
				errx(2, "-t %s: want 0 to 1", optarg);
			break;
		default:
			cmd_std_option(o, usage_text);
			usage();
		}
	}
}

static const struct verb {
	const char	*name;
	int		(*run)(struct ctx *, int, char **);
} verbs[] = {
	{ "set", verb_set },
	{ "train", verb_train },
	{ "eval", verb_eval },
	{ "explain", verb_explain },
	{ "predict", verb_predict },
};

int
main(int argc, char **argv)
{
	struct ctx c = { .fmt = XF_FMT_TSV, .threshold = XF_THRESHOLD_AUTO,
	    .kind = XF_MODEL_SVM };
	size_t i;
	int rc;

	cmd_start(argc, argv);
	/* Options may come before a verb too: xf-classify -d x.db eval. */
	classify_opts(&c, argc, argv, "+ad:no:r:t:");
	/* A bare word is a verb, never a ref: refs are XF-... or numbers. */
	if (optind < argc && cmd_verb_like(argv[optind])) {
		argc -= optind;
		argv += optind;
		i = CMD_VERB(NULL, argv[0], verbs);
		if (c.all || c.dry)
			usage();	/* -a and -n are classify's */
		cmd_actor(c.actor, sizeof(c.actor));
		rc = verbs[i].run(&c, argc, argv);
	} else {
		/* No verb: options and refs in any order, as getopt permutes. */
		optind = 0;
		classify_opts(&c, argc, argv, "ad:no:r:t:");
		cmd_actor(c.actor, sizeof(c.actor));
		rc = verb_classify(&c, argc - optind, argv + optind);
	}
	xf_store_close(&c.store);
	if (c.sla_loaded)
		cmd_sla_free(&c.sla);
	cmd_flush();
	return rc;
}
