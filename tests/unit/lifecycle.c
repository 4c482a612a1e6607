/*
 * lifecycle.c: every status change goes through the table of moves.  A
 * reply by e-mail reopens a resolved complaint exactly as xf-status
 * reopen does (the same columns, the same event); xf_move_in_tx, the
 * door inside a caller's transaction, refuses what the table refuses;
 * the assign move is no verb a person is offered; the import door
 * moves only the complaint an import has just created.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "xf.h"

#define T0	INT64_C(1780272000)	/* 2026-06-01T00:00:00Z */
#define T1	(T0 + 4 * XF_DAY)	/* the reopening, four days on */

static void
bail(const char *what, const struct xf_err *err)
{
	printf("Bail out! %s: %s\n", what, err->msg);
	exit(1);
}

/* The row of sql for id, its columns joined by '|' into out. */
static const char *
row(struct xf_store *s, const char *sql, int64_t id, char *out, size_t len)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int i;

	out[0] = '\0';
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return "(bad sql)";
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sqlite3_column_count(st) && n < len; i++)
			n += (size_t)snprintf(out + n, len - n, "%s%s",
			    i ? "|" : "", sqlite3_column_type(st, i) ==
			    SQLITE_NULL ? "-" : (const char *)
			    sqlite3_column_text(st, i));
	sqlite3_finalize(st);
	return out;
}

static void
add_two(struct xf_store *s)
{
	static const char *const subjects[] = { "Charged twice",
	    "Late parcel" };
	struct xf_registrar g;
	struct xf_complaint c;
	struct xf_err err;
	char ref[XF_REFLEN];
	size_t i;
	int dup;

	if (xf_reg_open(&g, s, "tester", T0, &err) == -1 ||
	    xf_reg_begin(&g, &err) == -1)
		bail("registering", &err);
	for (i = 0; i < 2; i++) {
		memset(&c, 0, sizeof(c));
		c.v[XF_F_SUBJECT] = subjects[i];
		c.v[XF_F_BODY] = "please help";
		/* The reply below is the complainant's (reply.c). */
		c.v[XF_F_CONTACT] = "bob@example.com";
		c.received_at = T0;
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
move(struct xf_store *s, const char *verb, const char *ref, int64_t now,
    const char *reason, struct xf_err *err)
{
	struct xf_change ch = {
		.now = now, .actor = "tester", .reason = reason,
	};

	return xf_move_apply(s, xf_move_find(verb), ref, &ch, err);
}

/* Complaint 2's reply: "still", so no thank-you. */
static const char reply[] =
    "From: Bob <bob@example.com>\r\n"
    "To: help@example.com\r\n"
    "Subject: Re: [XF-2026-000002] Late parcel\r\n"
    "Date: Fri, 05 Jun 2026 00:00:00 +0000\r\n"
    "Message-ID: <reply-1@example.com>\r\n"
    "\r\n"
    "It still has not arrived.\r\n";

static void
mail_reply(struct xf_store *s)
{
	struct xf_registrar g;
	struct xf_mailreg mr;
	struct xf_mailin in = { 0 };
	struct xf_mailout out;
	struct xf_mail m;
	struct xf_err err;

	if (xf_mail_parse(reply, sizeof(reply) - 1, &m, &err) == -1)
		bail("parsing the reply", &err);
	in.m = &m;
	in.raw = reply;
	in.rawlen = sizeof(reply) - 1;
	in.source = "unit";
	in.delivered = T1;
	in.window = XF_REOPEN_DAYS * XF_DAY;
	if (xf_reg_open(&g, s, "tester", T1, &err) == -1 ||
	    xf_reg_begin(&g, &err) == -1)
		bail("registering", &err);
	xf_mailreg_init(&mr, &g);
	if (xf_mail_register(&mr, &in, &out, &err) == -1)
		bail("registering the reply", &err);
	is_int(out.what, XF_MR_REOPENED, "the reply reopened its complaint");
	is_str(out.ref, "XF-2026-000002", "the complaint it named");
	if (xf_reg_commit(&g, &err) == -1)
		bail("committing", &err);
	xf_mailreg_close(&mr);
	xf_reg_close(&g);
	xf_mail_free(&m);
}

static const char COLUMNS[] = "SELECT status, updated_at, reopen_count,"
    " coalesce(resolved_at, '-'), coalesce(closed_at, '-')"
    " FROM complaint WHERE id = ?1";
static const char EVENT[] = "SELECT at, actor, kind, field, old, new,"
    " reason FROM event WHERE complaint_id = ?1 AND kind = 'reopen'";

static void
test_reopen_alike(struct xf_store *s)
{
	char a[512], b[512];
	struct xf_err err;
	const char *why = "the complainant replied by e-mail";
	int i;

	add_two(s);
	for (i = 0; i < 2; i++) {
		const char *ref = i ? "XF-2026-000002" : "XF-2026-000001";

		if (move(s, "accept", ref, T0, NULL, &err) == -1 ||
		    move(s, "start", ref, T0, NULL, &err) == -1 ||
		    move(s, "resolve", ref, T0 + XF_DAY, "refunded",
		    &err) == -1)
			bail("moving", &err);
	}
	ok(move(s, "reopen", "XF-2026-000001", T1, why, &err) == 0,
	    "xf-status reopen: complaint 1");
	mail_reply(s);
	is_str(row(s, COLUMNS, 2, b, sizeof(b)),
	    row(s, COLUMNS, 1, a, sizeof(a)),
	    "mail and xf-status reopen set the same columns");
	is_str(a, "in_progress|1780617600|1|-|-", "in progress, reopened once");
	is_str(row(s, EVENT, 2, b, sizeof(b)),
	    row(s, EVENT, 1, a, sizeof(a)),
	    "mail and xf-status reopen write the same event");
	is_str(a, "1780617600|tester|reopen|status|resolved|in_progress|"
	    "the complainant replied by e-mail", "the reopen event");
}

static void
test_in_tx_refuses(struct xf_store *s)
{
	struct xf_change ch = {
		.now = T1, .actor = "tester", .reason = "again",
	};
	struct xf_err err;
	char a[512];

	snprintf(ch.ref, sizeof(ch.ref), "XF-2026-000002");
	if (xf_store_begin(s, &err) == -1)
		bail("begin", &err);
	is_int(xf_move_in_tx(s, xf_move_find("reopen"), 2, &ch, &err), -1,
	    "in a transaction: reopen from in_progress refused");
	is_str(err.msg, "XF-2026-000002: cannot reopen: it is in_progress; "
	    "from in_progress: reject, wait, resolve, note",
	    "the same words as xf-status, the moves a person may make");
	ch.reason = NULL;
	is_int(xf_move_in_tx(s, xf_move_find("note"), 2, &ch, &err), -1,
	    "in a transaction: a note needs a reason");
	is_int(xf_move_in_tx(s, xf_move_find("assign"), 2, &ch, &err), -1,
	    "in a transaction: assign from in_progress refused");
	xf_store_rollback(s);
	is_str(row(s, "SELECT status, (SELECT count(*) FROM event WHERE"
	    " complaint_id = ?1) FROM complaint WHERE id = ?1", 2, a,
	    sizeof(a)), "in_progress|10", "nothing written");
}

/* The import door moves only the complaint an import has just made:
 * its UPDATEs expect new, so one with a life of its own is refused. */
static void
test_import_only_new(struct xf_store *s)
{
	struct xf_past p = {
		.said = "Closed", .status = "closed", .nstep = 1,
		.step = { { .to = "closed", .at = T0, .dated = 1 } },
	};
	struct xf_importer im;
	struct xf_err err;
	char a[512];

	xf_import_open(&im, s, "tester");
	if (xf_store_begin(s, &err) == -1)
		bail("begin", &err);
	is_int(xf_move_import(&im, 2, "XF-2026-000002", &p, "unit:2", &err),
	    -1, "import into a complaint in progress: refused");
	is_str(err.msg, "XF-2026-000002: is new no more: an export's history "
	    "is imported only into the complaint it creates", "and says why");
	xf_store_rollback(s);
	xf_import_close(&im);
	is_str(row(s, "SELECT status, (SELECT count(*) FROM event WHERE"
	    " complaint_id = ?1 AND kind = 'import') FROM complaint"
	    " WHERE id = ?1", 2, a, sizeof(a)), "in_progress|0",
	    "nothing imported");
}

int
main(void)
{
	struct xf_store s;
	struct xf_err err;
	const char *t = getenv("TMPDIR");
	char dir[1024], path[1100], rm[1100];

	/* the moves here, not their notices (tests/unit/outbound.c) */
	setenv("XF_NOTIFY", "off", 1);
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(dir, sizeof(dir), "%s/xf-lifecycle.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! cannot make a temporary folder\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/xf.db", dir);
	if (xf_store_open(&s, path, XF_OPEN_WRITE, &err) == -1)
		bail(path, &err);
	test_reopen_alike(&s);
	test_in_tx_refuses(&s);
	test_import_only_new(&s);
	xf_store_close(&s);
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", dir);
	return done_testing();
}
