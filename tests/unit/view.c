/*
 * view.c: one complaint rendered by lib/view.c from a store in memory,
 * registered and noted through lib/ as xf-intake and xf-status do.  The
 * expected text is written by hand: times are the pinned epochs below in
 * Beijing time (UTC+8, no summer time), and the escapes are the bytes of
 * ESC and U+202E as xf_safe_text names them (\xHH a byte).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

#define RECEIVED	1772762400	/* 2026-03-06T10:00:00+08:00 */
#define NOW		1772769600	/* 2026-03-06T12:00:00+08:00 */
#define NOTED		1772773200	/* 2026-03-06T13:00:00+08:00 */

static void
bail(const char *what, const struct xf_err *e)
{
	printf("Bail out! %s: %s\n", what, e->msg);
	exit(1);
}

/* One complaint, its "created" event, then a note: id and ref out. */
static void
fixture(struct xf_store *s, int64_t *id, char ref[XF_REFLEN])
{
	struct xf_registrar g;
	struct xf_complaint c = { 0 };
	struct xf_change ch = { 0 };
	struct xf_err e;
	int dup = 0;

	if (xf_store_open(s, ":memory:", XF_OPEN_WRITE, &e) == -1)
		bail("open", &e);
	c.v[XF_F_SUBJECT] = "Refund \x1b[2J\xe2\x80\xae please";
	c.v[XF_F_BODY] = "line one\nstatus             closed";
	c.v[XF_F_COMPLAINANT] = "张伟";
	c.v[XF_F_CONTACT] = "zw@example.org";
	c.received_at = RECEIVED;
	c.channel = "email";
	c.kind = "complaint";
	c.source = "unit";
	if (xf_reg_open(&g, s, "tester", NOW, &e) == -1 ||
	    xf_reg_begin(&g, &e) == -1 ||
	    xf_reg_add(&g, &c, ref, &dup, &e) == -1 ||
	    xf_reg_commit(&g, &e) == -1)
		bail("register", &e);
	xf_reg_close(&g);
	ch.now = NOTED;
	ch.actor = "li.na";
	ch.reason = "called back\tno answer";
	if (xf_move_apply(s, xf_move_find("note"), ref, &ch, &e) == -1)
		bail("note", &e);
	if (xf_complaint_id(s, ref, id, ref, &e) == -1 || *id == 0)
		bail("find", &e);
}

static const char *
show(struct xf_store *s, int64_t id, enum xf_fmt fmt, int header)
{
	static struct xf_buf b;
	static struct xf_err e;

	xf_buf_reset(&b);
	if (xf_view_show(s, id, fmt, header, &b, &e) == -1)
		return e.msg;
	return xf_buf_str(&b);
}

static void
test_text(struct xf_store *s, int64_t id)
{
	is_str(show(s, id, XF_FMT_TABLE, 1),
	    "ref                XF-2026-000001\n"
	    "status             new\n"
	    "received_at        2026-03-06T10:00:00+08:00\n"
	    "registered_at      2026-03-06T12:00:00+08:00\n"
	    "updated_at         2026-03-06T13:00:00+08:00\n"
	    "channel            email\n"
	    "kind               complaint\n"
	    "complainant        张伟\n"
	    "contact            zw@example.org\n"
	    "subject            Refund \\x1b[2J\\xe2\\x80\\xae please\n"
	    "paused_seconds     0\n"
	    "reopen_count       0\n"
	    "source             unit\n"
	    "body:\n"
	    "    line one\n"
	    "    status             closed\n"
	    "history:\n"
	    "    2026-03-06T12:00:00+08:00  tester  created  status -> new"
	    "  # unit\n"
	    "    2026-03-06T13:00:00+08:00  li.na  note  # called back"
	    " no answer\n"
	    "\n",
	    "text: fields, body indented, history; escapes visible");
}

static void
test_json(struct xf_store *s, int64_t id)
{
	is_str(show(s, id, XF_FMT_JSON, 1),
	    "{\"ref\":\"XF-2026-000001\",\"status\":\"new\","
	    "\"received_at\":\"2026-03-06T10:00:00+08:00\","
	    "\"registered_at\":\"2026-03-06T12:00:00+08:00\","
	    "\"updated_at\":\"2026-03-06T13:00:00+08:00\","
	    "\"channel\":\"email\",\"kind\":\"complaint\","
	    "\"complainant\":\"张伟\",\"contact\":\"zw@example.org\","
	    "\"subject\":\"Refund \\u001b[2J\\u202e please\","
	    "\"category\":null,\"priority\":null,\"flags\":[],"
	    "\"team\":null,\"assignee\":null,\"ack_due\":null,\"due\":null,"
	    "\"accepted_at\":null,\"first_response_at\":null,"
	    "\"resolved_at\":null,\"closed_at\":null,\"paused_since\":null,"
	    "\"paused_seconds\":0,\"reopen_count\":0,"
	    "\"source\":\"unit\",\"ext_id\":null,\"parent\":null,\"links\":[],\"tags\":[],"
	    "\"extra\":null,\"notices\":[],"
	    "\"body\":\"line one\\nstatus             closed\","
	    "\"messages\":[],\"outbox\":[],\"history\":["
	    "{\"at\":\"2026-03-06T12:00:00+08:00\",\"actor\":\"tester\","
	    "\"kind\":\"created\",\"field\":\"status\",\"old\":null,"
	    "\"new\":\"new\",\"reason\":\"unit\"},"
	    "{\"at\":\"2026-03-06T13:00:00+08:00\",\"actor\":\"li.na\","
	    "\"kind\":\"note\",\"field\":null,\"old\":null,\"new\":null,"
	    "\"reason\":\"called back\\tno answer\"}]}",
	    "json: one object, flags a list, counts numbers, messages and "
	    "history inside, controls escaped");
}

/* A stream of rows has one header: the caller says which row is first. */
static void
test_rows(struct xf_store *s, int64_t id)
{
	const char *first = show(s, id, XF_FMT_TSV, 1);

	ok(strncmp(first, "ref\tstatus\treceived_at\t", 23) == 0 &&
	    strstr(first, "\nXF-2026-000001\tnew\t") != NULL,
	    "tsv: header, then the row");
	ok(strncmp(show(s, id, XF_FMT_TSV, 0), "XF-2026-000001\tnew\t", 19)
	    == 0, "tsv: the row alone");
	is_str(show(s, id + 1, XF_FMT_TSV, 1), "no complaint of id 2",
	    "no such id: an error, nothing shown");
}

int
main(void)
{
	struct xf_store s;
	char ref[XF_REFLEN];
	int64_t id;

	setenv("TZ", "Asia/Shanghai", 1);
	unsetenv("XF_TZ");
	ok(xf_tz_setup(NULL) == 0, "zone: TZ, XF_TZ unset");
	fixture(&s, &id, ref);
	is_str(ref, "XF-2026-000001", "registered");
	test_text(&s, id);
	test_json(&s, id);
	test_rows(&s, id);
	xf_store_close(&s);
	return done_testing();
}
