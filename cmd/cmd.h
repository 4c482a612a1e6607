/*
 * cmd.h: what every xf command does the same way, and lib/ may not do
 * because it prints or exits: writing its stream to standard output and
 * checking it at the end, taking -o, the actor, opening the store and
 * giving up when it fails (75), reading refs from operands or stdin, and
 * picking a verb (cmd.c).  A new command copies none of it.
 */
#ifndef XF_CMD_H
#define XF_CMD_H

#include <getopt.h>
#include <stdio.h>

#include "xf.h"

/*
 * The exit statuses, one table for every command and verb (xf(7) EXIT
 * STATUS says the same):
 *
 *	0	done (for a query: something found)
 *	1	nothing found where a query says so, or some inputs refused
 *		(a bad row, an unknown ref, a move not allowed), the rest done
 *	2	usage or configuration error: options, a settings file
 *		(policy, calendar, routing, rules) that cannot be used, a bad
 *		XF_ value; nothing was done
 *	65	xf-intake --deliver only: the message itself can never be
 *		stored (not a message, too long); sysexits.h EX_DATAERR,
 *		which a mail server bounces
 *	75	the store: busy past the timeout, or it cannot be opened or
 *		written (missing, damaged, read-only, full), or the machine
 *		failed (out of memory, a read error); sysexits.h
 *		EX_TEMPFAIL, so a mail server or a retrying job tries again
 *
 * A failure is mapped once, by cmd_exit_for, never by hand.
 */
#define EXIT_SOME	1	/* nothing found, or some inputs refused */
#define EXIT_USAGE	2	/* usage or configuration error */
#define EXIT_DATAERR	65	/* sysexits.h EX_DATAERR: a bad message */
#define EXIT_TEMPFAIL	75	/* sysexits.h EX_TEMPFAIL: try again later */

/*
 * --help and --version, which every command takes among the options
 * before its verb (and among all its options when it has none).  The
 * command's usage text is one string, "usage: xf-<cmd> ...", printed by
 * cmd_usage to standard error on a usage error (exit 2) and to standard
 * output for --help (exit 0), so the two never drift apart.  The
 * getopt_long that reads those options lists CMD_STD_LONGOPTS among its
 * long options (or takes cmd_std_longopts when it has none of its own)
 * and hands any option it does not know to cmd_std_option before it calls
 * usage().  Being getopt's, "-d --help" is a store named --help, and a
 * verb's own words (a reason given with -m, say) are never taken for it.
 */
enum { CMD_OPT_HELP = 0x7000, CMD_OPT_VERSION, CMD_OPT_REDACT,
	CMD_OPT_NO_REDACT, CMD_OPT_BOM };	/* above any OPT_ */
#define CMD_STD_LONGOPTS						\
	{ "help", no_argument, NULL, CMD_OPT_HELP },			\
	{ "version", no_argument, NULL, CMD_OPT_VERSION },		\
	CMD_REDACT_LONGOPT
/* --redact and --bom, among the options before a verb and among a
 * verb's own where it prints complaints; the command's option switch
 * hands CMD_OPT_REDACT to cmd_redact_option, CMD_OPT_BOM to
 * cmd_bom_option. */
#define CMD_REDACT_LONGOPT						\
	{ "redact", no_argument, NULL, CMD_OPT_REDACT },		\
	{ "bom", no_argument, NULL, CMD_OPT_BOM }
extern const struct option cmd_std_longopts[];
/* Writes the usage text to fp. */
void	cmd_usage(FILE *fp, const char *usage_text);
/*
 * ch is what getopt_long returned.  --help: the usage text on standard
 * output; --version: "xf-<cmd> (xf) VERSION"; either then exits 0 (1
 * when standard output cannot be written).  Any other ch: returns.
 */
void	cmd_std_option(int ch, const char *usage_text);

/*
 * What every command does first, before it reads an option: the zone of
 * every time it reads or prints ($XF_TZ, else $TZ, else UTC; xf(7),
 * Times) and $XF_DATE_ORDER checked; exit 2 naming the variable when one
 * is wrong.  One call in each main, so no command has a zone of its own
 * (tests/0072 runs every command with a bad XF_TZ).  Not when --help or
 * --version is among the arguments: those answer whatever the
 * environment says (xf(7), Help and version).
 */
void	cmd_start(int argc, char *const *argv);
/*
 * The bound of a time filter, --since (until 0) or --until (until 1),
 * read by xf_time_bound against xf_now; exit 2 with the forms it takes.
 */
int64_t	cmd_time_bound(const char *opt, const char *arg, int until);

/* $XF_ACTOR, else the login name (xf_actor), in buf; exit 2 when it is
 * not UTF-8, as it is recorded on every event.  Called once the options
 * are read, so --help and --version work whatever the environment. */
const char *cmd_actor(char *buf, size_t len);
/* The time now: $XF_NOW, else the clock; exit 2 for a bad XF_NOW. */
int64_t	cmd_now(void);
/* en or zh, the language of labels without --lang: the first of
 * LC_ALL, LC_MESSAGES, LANG that is set (zh when it starts so). */
const char *cmd_lang(void);
/* xf_sla_free, after warning once on stderr when a deadline fell past
 * the last year the calendar lists holidays for (xf_sla_beyond). */
void	cmd_sla_free(struct xf_sla *sla);
/*
 * Redaction (xf(7), Personal data): with --redact, or $XF_REDACT set to
 * 1 for a whole deployment, every table a command prints (cmd_table_
 * start) and every value it prints by cmd_safe has its personal data
 * masked (lib/redactcol.c), in every format.  The option sets
 * XF_REDACT=1 for the rest of the run, so the one setting is read in
 * one place whatever the command, verb or format.  0 or unset: off.
 */
void	cmd_redact_option(void);
/* --bom: CSV output starts with a UTF-8 byte order mark, which tells
 * Excel the text is UTF-8.  Only with -o csv: exit 2 with any other
 * format, said before or after it. */
void	cmd_bom_option(void);
/* 1 when what is printed is to be masked; exit 2 for an XF_REDACT that
 * is neither 0 nor 1. */
int	cmd_redacting(void);
/* Writes b to standard output; exit 1 when it cannot. */
void	cmd_put(const struct xf_buf *b);
/*
 * s made safe as a TSV cell is (xf(7), Text on a terminal), in b, which
 * it empties first: for a value of the store or of an input that a
 * command prints with printf rather than through a table.
 */
const char *cmd_safe(struct xf_buf *b, const char *s);
/*
 * Flushes standard output; exit 1 when any of it was not written (a full
 * disk, a closed pipe), so no command ends in success having lost its
 * output.  Every main calls it once it has printed everything.
 */
void	cmd_flush(void);
/* The format -o names; exit 2 for any other. */
enum xf_fmt cmd_fmt(const char *arg);
/* Starts a table, masked when cmd_redacting says.  Its header is
 * printed with its first row: a table with no rows prints nothing at
 * all (xf_table_row). */
void	cmd_table_start(struct xf_table *t, enum xf_fmt fmt,
	    const struct xf_col *cols, size_t n);
/* The same for a table of deliveries, never masked: the rows a gateway
 * or a mailer acts on, whose recipient must stay whole. */
void	cmd_table_deliveries(struct xf_table *t, enum xf_fmt fmt,
	    const struct xf_col *cols, size_t n);
/*
 * One row, printed at once unless the format is table.  flush: also
 * flush standard output, so the next command of a pipeline may act on
 * the row while this one goes on.
 */
void	cmd_table_row(struct xf_table *t, const char *const *vals, int flush);
/* json, jsonl: a row that is a JSON object already (xf_table_object),
 * printed at once. */
void	cmd_table_object(struct xf_table *t, const struct xf_buf *obj);
/* Ends the table (a table format prints it all now, json its "]") and
 * frees it. */
void	cmd_table_end(struct xf_table *t);
/* -o xlsx: the kept rows of tabs[n] as a workbook on standard output, a
 * sheet each (named names[i], or Sheet1... when names is NULL). */
void	cmd_xlsx(struct xf_table *const *tabs, const char *const *names,
	    size_t n);
/*
 * The refs a verb is given: its operands, else (none at all) the ref
 * stream of standard input (refs.c parses it by its format), which an
 * operand "-" also names, in its place among the others, as mblaze's
 * blaze822_loop does for every m-command.  An operand too long to be a
 * ref, or a bad ref of the stream, is warned about, sets *failed and is
 * skipped: never cut down to some other complaint's ref.
 *
 *	cmd_refs_start(&r, argc, argv, &failed);
 *	while (cmd_refs_next(&r, ref) == 1)
 *		...
 *	cmd_refs_end(&r);	(also after a loop left early)
 */
struct cmd_batch;
struct cmd_refs {
	int		  argc;
	char		**argv;
	int		  i;
	struct xf_refs	 *in;		/* stdin, opened at its first ref */
	int		  dash;		/* reading stdin for a "-" operand */
	int		 *failed;
	struct cmd_batch *batch;	/* committed before stdin may block */
};
void	cmd_refs_start(struct cmd_refs *r, int argc, char **argv,
	    int *failed);
/* 1 with the next ref, 0 at the end. */
int	cmd_refs_next(struct cmd_refs *r, char ref[XF_REFLEN]);
void	cmd_refs_end(struct cmd_refs *r);
/*
 * A bulk run's units in batches (xf_store_batch_start; xf-status(1),
 * BATCHES), and its output held back until they are committed: a row
 * printed is a change made, so a kill loses nothing that was printed.
 *
 *	cmd_batch_start(&b, &store, &t, ncol, !dry);
 *	for each ref:
 *		cmd_batch_unit(&b);		(the store open)
 *		...one unit...; on success cmd_batch_row(&b, vals);
 *		if (cmd_batch_step(&b) == -1) break;
 *	cmd_batch_end(&b);
 *
 * on 0 (a dry run) passes each row straight to the table.  A batch
 * that fails to commit is warned about (its units were not done: their
 * rows are dropped) and makes cmd_batch_step and cmd_batch_end return
 * -1, with b->e saying why; the store is down then.  Refs read from
 * standard input (cmd_refs) set r.batch = &b: a batch is committed
 * before a read that would wait for the writer of the pipe, so a slow
 * producer never keeps the store locked.
 */
#define CMD_BATCH_COLS	8	/* the widest row a batch holds */
struct cmd_batch {
	struct xf_store	*store;
	struct xf_table	*t;
	size_t		 ncol;
	int		 on;
	struct xf_buf	 held;		/* the rows of the open batch */
	size_t		 rows;
	struct xf_err	 e;
};
void	cmd_batch_start(struct cmd_batch *b, struct xf_store *s,
	    struct xf_table *t, size_t ncol, int on);
/* Before each unit, once the store is open. */
void	cmd_batch_unit(struct cmd_batch *b);
/* The row of a unit that went well, printed once its batch commits. */
void	cmd_batch_row(struct cmd_batch *b, const char *const *vals);
/* After each unit: the batch committed and its rows printed when due:
 * 1 when it was, 0 when not yet.  t may be NULL for a caller that
 * prints at its end what cmd_batch_step reported committed. */
int	cmd_batch_step(struct cmd_batch *b);
int	cmd_batch_end(struct cmd_batch *b);
/*
 * Opens the store (-d dbopt, else $XF_DB, else ./xf.db) or exits 75 (see
 * cmd_store_fatal); nothing when it is open already.  Commands that read
 * refs open it at the first one: in "xf-intake new.csv | xf-status show"
 * the store may not exist before xf-intake commits.  With $XF_EXPLAIN
 * set, every statement run on it first writes its query plan to
 * standard error, "xf-status: plan: SQL" and a line for each step of
 * the plan (xf(7) ENVIRONMENT; tests/0092-query-plans.t).
 */
void	cmd_store_open(struct xf_store *s, const char *dbopt,
	    enum xf_open how);
/*
 * cmd_store_open for a run that changes the store on behalf of actor
 * (cmd_actor): when the store has handlers, actor must be an active one
 * or an automation actor, a name starting "xf-" (xf-status(1), ROLES),
 * else exit 2 naming the rule, before anything is written.  Every verb
 * that writes opens its store so (a store opened already is checked
 * then), once a run: s->writer remembers it.
 * Reading, and keeping the search index up to date, need no handler.
 */
void	cmd_store_writer(struct xf_store *s, const char *dbopt,
	    enum xf_open how, const char *actor);
/* A failure of the store itself, of any kind: the message, then exit
 * 75 (EX_TEMPFAIL), as it is never the fault of the command's input;
 * 2 for a bad setting of the store (XF_BUSY_TIMEOUT). */
void	cmd_store_fatal(const struct xf_store *s, const struct xf_err *e)
	    __attribute__((noreturn));
/*
 * The exit status for a failure: 75 when the store itself failed
 * (xf_store_down: busy, damaged, full; s may be NULL) or the machine
 * did (XF_WHY_SYSTEM: out of memory), 2 for a
 * configuration error (e->why), else 1 (an item refused).
 */
int	cmd_exit_for(const struct xf_store *s, const struct xf_err *e);
/*
 * word as a category the taxonomy (taxonomy.tsv, found as xf_share_path
 * finds it) or the store s spells it, without regard to ASCII case: 0
 * with canon, 1 with e listing the known ones when it is neither.  A
 * taxonomy that cannot be read is exit 2, a store that fails exit 75.
 */
int	cmd_category(struct xf_store *s, const char *word,
	    char canon[XF_CATEGORY_MAX + 1], struct xf_err *e);
/* A failure that ends the command: the message, then cmd_exit_for. */
void	cmd_die(const struct xf_store *s, const struct xf_err *e)
	    __attribute__((noreturn));

/*
 * Verbs.  A command with verbs keeps them in one table of this shape,
 * as git keeps its builtins:
 *
 *	static const struct verb {
 *		const char	*name;
 *		int		(*run)(struct ctx *, int, char **);
 *	} verbs[] = { { "list", verb_list }, ... };
 *
 *	i = CMD_VERB(NULL, argv[0], verbs);
 *	rc = verbs[i].run(&c, argc, argv);
 *
 * run gets the verb's own words (argv[0] the verb), parses its options
 * with getopt and returns the exit status, which main returns.  Verb
 * functions are named verb_<name>; cmd_ names the helpers of this file.
 *
 * cmd_verb: the entry of table whose name is word, with getopt reset
 * (optind 0) for the verb's own options.  table holds n entries of size
 * bytes, each starting with its name (a const char *), as lfind(3) takes
 * a table.  Any other word is a usage error, never an operand: exit 2,
 * suggesting the nearest name ("did you mean 'explain'?") or listing
 * them all.  what, when not NULL, is the parent of a sub-verb
 * ("handler"), named in the message.
 */
size_t	cmd_verb(const char *what, const char *word, const void *table,
	    size_t n, size_t size);
#define CMD_VERB(what, word, table)					\
	cmd_verb((what), (word), (table), nitems(table), \
	    sizeof((table)[0]))
/*
 * 1 when word has the shape of a verb: lower-case ASCII letters only.
 * A ref (XF-2026-000123, 123) or a file name with a dot or slash has
 * not, so a command that takes refs or files as operands can tell a
 * mistyped verb from them.
 */
int	cmd_verb_like(const char *word);

#endif /* XF_CMD_H */
