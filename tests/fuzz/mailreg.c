/*
 * mailreg: messages registered into a store in memory (mailreg.c with
 * register.c, batch.c, reply.c, survey.c's answers by mail, event.c),
 * as xf-intake registers a mailbox.  The input is up to MAX_MSGS
 * messages parted by SEP, so that a later one can reply to an earlier;
 * the store holds one complaint from the start (Message-ID
 * <seed@fuzz.example>, from zs@example.com) for a reply to find.
 * Each input's transaction is rolled back: every input meets the same
 * store.
 */
#include "fuzz.h"

#define SEP		"\nXF-FUZZ-NEXT\n"
#define MAX_MSGS	4
#define WINDOW		(30 * 86400)	/* xf-intake's reopen window */

static const char seed_msg[] =
    "From: Zhang San <zs@example.com>\n"
    "To: care@x.example\n"
    "Subject: =?UTF-8?B?6K6i5Y2V5pyq5Yiw?=\n"
    "Date: Wed, 04 Mar 2026 09:00:00 +0800\n"
    "Message-ID: <seed@fuzz.example>\n"
    "\n"
    "My order 1234 has not arrived.\n";

static struct xf_store store;

/* Registers raw[0..len) as the open unit's next message. */
static int
one(struct xf_mailreg *mr, const char *raw, size_t len, int64_t line)
{
	struct xf_mailin in = { 0 };
	struct xf_mailout o;
	struct xf_mail m;
	struct xf_err e;
	int rc;

	if (xf_mail_parse(raw, len, &m, &e) == -1)
		return 0;
	if (m.date_ok && xf_record_future(m.date, FUZZ_NOW))
		m.date_ok = 0;
	in.m = &m;
	in.raw = raw;
	in.rawlen = len;
	in.source = "fuzz";
	in.delivered = FUZZ_NOW - line;
	in.envelope = line & 1;
	in.window = WINDOW;
	rc = xf_mail_register(mr, &in, &o, &e);
	xf_mail_free(&m);
	return rc;
}

/* Registers what data holds, in one unit; commit keeps it. */
static void
run(const char *p, size_t n, int commit)
{
	struct xf_registrar g;
	struct xf_mailreg mr;
	struct xf_err e;
	const char *sep;
	size_t len;
	int i, failed = 0;

	if (xf_reg_open(&g, &store, "fuzz", FUZZ_NOW, &e) == -1)
		fuzz_die(e.msg);
	xf_mailreg_init(&mr, &g);
	if (xf_reg_begin(&g, &e) == -1)
		fuzz_die(e.msg);
	for (i = 0; i < MAX_MSGS && !failed; i++) {
		sep = memmem(p, n, SEP, sizeof(SEP) - 1);
		len = sep != NULL ? (size_t)(sep - p) : n;
		failed = one(&mr, p, len, i) == -1;
		if (sep == NULL)
			break;
		n -= len + sizeof(SEP) - 1;
		p = sep + sizeof(SEP) - 1;
	}
	xf_reg_drop(&g);
	if (commit && !failed) {
		if (xf_reg_commit(&g, &e) == -1)
			fuzz_die(e.msg);
	} else
		xf_store_rollback(&store);
	xf_mailreg_close(&mr);
	xf_reg_close(&g);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct xf_err e;

	(void)argc;
	(void)argv;
	fuzz_setup(0);
	if (getenv("XF_SHARE") == NULL)
		setenv("XF_SHARE", "share", 1);
	if (xf_store_open(&store, ":memory:", XF_OPEN_WRITE, &e) == -1)
		fuzz_die(e.msg);
	run(seed_msg, sizeof(seed_msg) - 1, 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run((const char *)data, size, 0);
	return 0;
}
