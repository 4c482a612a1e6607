/*
 * outbound.c: the notices the moves queue (lifecycle.c), as a program
 * sees them.  A run's cache reads each template once however many
 * complaints it fills (the bulk accept of issue 14); a move inside a
 * caller's transaction (xf_move_in_tx) queues its notice there, so the
 * caller's rollback takes it back; a canned answer becomes the reason;
 * a broken template is a configuration error and leaves nothing.
 * The templates are written here, in a folder of the test's own
 * (XF_TEMPLATES), and the expected texts by hand from them.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tap.h"
#include "xf.h"

#define T0	INT64_C(1780272000)	/* 2026-06-01T00:00:00Z */
#define NCOMPLAINTS	50

static char dir[1024];

static void
bail(const char *what, const struct xf_err *err)
{
	printf("Bail out! %s: %s\n", what, err->msg);
	exit(1);
}

static void
put(const char *name, const char *text)
{
	char path[1200];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tpl/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) == EOF ||
	    fclose(fp) == EOF) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* The first column of the first row of sql, or "-". */
static const char *
one(struct xf_store *s, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;

	snprintf(out, len, "-");
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return "(bad sql)";
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(out, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void
add(struct xf_store *s, int n)
{
	struct xf_registrar g;
	struct xf_complaint c;
	struct xf_err err;
	char ref[XF_REFLEN], contact[64];
	int i, dup;

	if (xf_reg_open(&g, s, "tester", T0, &err) == -1 ||
	    xf_reg_begin(&g, &err) == -1)
		bail("registering", &err);
	for (i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(contact, sizeof(contact), "u%d@example.org", i);
		c.v[XF_F_SUBJECT] = i % 2 ? "Charged twice" : "重复扣费";
		c.v[XF_F_BODY] = i % 2 ? "please refund" : "请退款";
		c.v[XF_F_CONTACT] = contact;
		c.received_at = T0 - XF_DAY + i;
		c.channel = "web";
		c.kind = "complaint";
		c.source = "unit";
		if (xf_reg_add(&g, &c, ref, &dup, &err) == -1)
			bail("registering", &err);
	}
	if (xf_reg_commit(&g, &err) == -1)
		bail("committing", &err);
	xf_reg_close(&g);
}

static int
move(struct xf_store *s, const char *verb, const char *ref,
    struct xf_tcache *c, const char *reason, const char *canned,
    struct xf_err *err)
{
	struct xf_change ch = {
		.now = T0, .actor = "tester", .reason = reason,
		.templates = c, .canned = canned,
	};

	return xf_move_apply(s, xf_move_find(verb), ref, &ch, err);
}

static void
test_cache(struct xf_store *s)
{
	struct xf_tcache c = { 0 };
	struct xf_err err;
	char ref[XF_REFLEN], out[256];
	int i, failed = 0;

	for (i = 1; i <= NCOMPLAINTS; i++) {
		snprintf(ref, sizeof(ref), "%d", i);
		if (move(s, "accept", ref, &c, NULL, NULL, &err) == -1) {
			printf("# %s\n", err.msg);
			failed++;
		}
	}
	is_int(failed, 0, "50 complaints accepted");
	is_str(one(s, "SELECT count(*) FROM outbox WHERE kind = 'accepted'",
	    out, sizeof(out)), "50", "50 notices queued");
	is_int((int)c.loads, 2, "two template files read: accepted.zh and .en");
	is_int((int)c.n, 2, "two kept");
	is_str(one(s, "SELECT subject || '/' || body FROM outbox WHERE"
	    " complaint_id = 2", out, sizeof(out)),
	    "[XF-2026-000002] accepted/Charged twice by 2026-07-31 00:00\n",
	    "the English one, filled");
	is_str(one(s, "SELECT subject || '/' || body FROM outbox WHERE"
	    " complaint_id = 1", out, sizeof(out)),
	    "[XF-2026-000001] 已受理/重复扣费\n", "the Chinese one");
	/* The cache's file is read at first use: an edit after it is not
	 * seen by this run, and is by the next. */
	put("resolved.en", "Subject: [{ref}] answered\n\n{answer}\n");
	if (move(s, "start", "2", &c, NULL, NULL, &err) == -1 ||
	    move(s, "resolve", "2", &c, "Refunded.", NULL, &err) == -1)
		bail("resolving", &err);
	put("resolved.en", "Subject: [{ref}] changed\n\n{answer}\n");
	if (move(s, "start", "4", &c, NULL, NULL, &err) == -1 ||
	    move(s, "resolve", "4", &c, "Refunded.", NULL, &err) == -1)
		bail("resolving", &err);
	is_str(one(s, "SELECT subject FROM outbox WHERE complaint_id = 4"
	    " AND kind = 'resolved'", out, sizeof(out)),
	    "[XF-2026-000004] answered", "read once a run");
	is_int((int)c.loads, 3, "three files read in all");
	xf_tcache_free(&c);
	is_int((int)c.n, 0, "freed");
}

static void
test_canned(struct xf_store *s)
{
	struct xf_err err;
	char out[512];

	if (move(s, "start", "6", NULL, NULL, NULL, &err) == -1 ||
	    move(s, "resolve", "6", NULL, "Card ending 1234.", "refund",
	    &err) == -1)
		bail("resolving with a canned answer", &err);
	is_str(one(s, "SELECT body FROM outbox WHERE complaint_id = 6 AND"
	    " kind = 'resolved'", out, sizeof(out)),
	    "We refunded XF-2026-000006.\nCard ending 1234.\n",
	    "the canned text, filled, then the reason, is the answer");
	is_str(one(s, "SELECT reason FROM event WHERE complaint_id = 6 AND"
	    " kind = 'resolve'", out, sizeof(out)),
	    "We refunded XF-2026-000006.\nCard ending 1234.",
	    "and the reason the history keeps");
	is_int(move(s, "start", "8", NULL, NULL, NULL, &err), 0, "start 8");
	is_int(move(s, "resolve", "8", NULL, NULL, "nosuch", &err), -1,
	    "an unknown canned answer: refused");
	ok(err.why == XF_WHY_CONFIG && strstr(err.msg, "XF-2026-000008: ")
	    == err.msg && strstr(err.msg, "canned/nosuch.en") != NULL,
	    "a configuration error naming the ref and the file");
	is_str(one(s, "SELECT status FROM complaint WHERE id = 8", out,
	    sizeof(out)), "in_progress", "not resolved");
}

/* The door inside a caller's transaction: its notice goes with it. */
static void
test_in_tx(struct xf_store *s)
{
	struct xf_change ch = { .now = T0, .actor = "tester",
	    .reason = "asked for a receipt" };
	struct xf_err err;
	char out[64];

	snprintf(ch.ref, sizeof(ch.ref), "XF-2026-000010");
	if (xf_move_apply(s, xf_move_find("start"), "10", &ch, &err) == -1 ||
	    xf_store_begin(s, &err) == -1)
		bail("starting 10", &err);
	memset(&ch, 0, sizeof(ch));
	ch.now = T0;
	ch.actor = "tester";
	ch.reason = "asked for a receipt";
	snprintf(ch.ref, sizeof(ch.ref), "XF-2026-000010");
	is_int(xf_move_in_tx(s, xf_move_find("wait"), 10, &ch, &err), 0,
	    "wait inside the caller's transaction");
	ok(ch.outbox_id > 0, "its notice queued, its id given back");
	xf_store_rollback(s);
	is_str(one(s, "SELECT count(*) FROM outbox WHERE complaint_id = 10"
	    " AND kind = 'waiting'", out, sizeof(out)), "0",
	    "the caller's rollback takes the notice back");
}

static void
test_broken(struct xf_store *s)
{
	struct xf_err err;
	char out[64], before[64];

	put("closed.en", "Subject: [{ref}] closed\n\n{refs}\n");
	one(s, "SELECT count(*) FROM event", before, sizeof(before));
	is_int(move(s, "close", "2", NULL, NULL, NULL, &err), -1,
	    "a broken template: the move refused");
	ok(err.why == XF_WHY_CONFIG, "a configuration error");
	ok(strstr(err.msg, "/tpl/closed.en:3: no value is called {refs}") !=
	    NULL, "naming file:line");
	is_str(one(s, "SELECT status FROM complaint WHERE id = 2", out,
	    sizeof(out)), "resolved", "the complaint not moved");
	is_str(one(s, "SELECT count(*) FROM event", out, sizeof(out)),
	    before, "no event written");
}

int
main(void)
{
	struct xf_store s;
	struct xf_err err;
	const char *t = getenv("TMPDIR");
	char path[1100], rm[1100];

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(dir, sizeof(dir), "%s/xf-outbound.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! cannot make a temporary folder\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/tpl", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/tpl/canned", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/tpl", dir);
	setenv("XF_TEMPLATES", path, 1);
	unsetenv("XF_NOTIFY");
	put("accepted.en", "Subject: [{ref}] accepted\n\n{subject} by {due}\n");
	put("accepted.zh", "Subject: [{ref}] 已受理\n\n{subject}\n");
	put("waiting.en", "Subject: [{ref}] waiting\n\n{reason}\n");
	put("canned/refund.en", "We refunded {ref}.\n\n");
	snprintf(path, sizeof(path), "%s/xf.db", dir);
	if (xf_store_open(&s, path, XF_OPEN_WRITE, &err) == -1)
		bail(path, &err);
	add(&s, NCOMPLAINTS);
	test_cache(&s);
	test_canned(&s);
	test_in_tx(&s);
	test_broken(&s);
	xf_store_close(&s);
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", dir);
	return done_testing();
}
