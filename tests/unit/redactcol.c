/*
 * redactcol.c: the --redact of the commands' own tables
 * (lib/redactcol.c), a table printed masked in every format
 * (lib/output.c), a report masked cell by cell (xf_report_redact), and
 * what the one CSV writer does with a phone number, "-5 stars" and a
 * negative figure (issue 15, points 3 and 8).  The numbers are those of
 * tests/unit/redact.c: 11010519491231002X is GB 11643's own example,
 * 6222021234567890128 passes Luhn (its check digit 8 computed by a
 * separate Python sum).
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

static struct xf_buf out;

static const char *
val_by(const char *column, const char *field, const char *who,
    const char *v)
{
	xf_buf_reset(&out);
	if (xf_redact_value(column, field, who, v, &out) == -1)
		return "(out of memory)";
	return xf_buf_str(&out);
}

static const char *
val(const char *column, const char *field, const char *v)
{
	return val_by(column, field, NULL, v);
}

static void
test_values(void)
{
	is_str(val("complainant", NULL, "张三丰"), "张**",
	    "the complainant: a name");
	is_str(val("complainant", NULL, "13812345678"), "1**********",
	    "the complainant is a name, whatever it looks like");
	is_str(val("contact", NULL, "+86 138 1234 5678"),
	    "+86 138 **** 5678", "a contact: a mobile keeps its shape");
	is_str(val("contact", NULL, "li.ming@example.org"),
	    "l***@example.org", "a contact: an address");
	is_str(val("contact", NULL, "@xiaoming"), "@********",
	    "a contact that is neither: masked as a name");
	is_str(val("sender", NULL, "Li Ming <li.ming@example.org>"),
	    "L* M*** <l***@example.org>", "a sender: its name and address");
	is_str(val("recipient", NULL, "13812345678"), "138****5678",
	    "a recipient");
	is_str(val("body", NULL, "身份证 11010519491231002X 卡 6222021234567890128"),
	    "身份证 110105********002X 卡 6222***********0128",
	    "other text: ID and card");
	is_str(val("subject", NULL, "no number 2026-03-05"),
	    "no number 2026-03-05", "other text: a date is no number");
	is_str(val("ref", NULL, "XF-2026-000123"), "XF-2026-000123",
	    "a ref is never touched");
	is_str(val("received_at", NULL, "13812345678"), "13812345678",
	    "a time column is never touched");
	is_str(val("assignee", NULL, "13812345678"), "13812345678",
	    "an owner (staff, not a complainant) is never touched");
	is_str(val("old", "complainant", "张三丰"), "张**",
	    "an event's old value of the complainant: a name");
	is_str(val("new", "contact", "li.ming@example.org"),
	    "l***@example.org", "an event's new contact");
	is_str(val("new", "status", "in_progress"), "in_progress",
	    "an event's new status");
	is_str(val("reason", "status", "call 13812345678"),
	    "call 138****5678", "an event's reason: text");
	is_str(val_by("body", NULL, "张三丰", "我是张三丰，电话13812345678，张三丰"),
	    "我是张**，电话138****5678，张**",
	    "the complainant's name wherever the text says it");
	is_str(val_by("subject", NULL, "Li Ming", "from Li Ming: refund"),
	    "from L* M***: refund", "a name of two words");
	is_str(val_by("body", NULL, "李", "李先生"), "李先生",
	    "a name of one character is not looked for");
	is_str(val_by("status", NULL, "new", "new"), "new",
	    "nor in what is never touched");
}

static const struct xf_col cols[] = {
	{ "ref", XF_COL_TEXT }, { "complainant", XF_COL_TEXT },
	{ "contact", XF_COL_TEXT }, { "subject", XF_COL_TEXT },
	{ "count", XF_COL_NUM },
};
static const char *const row[] = {
	"XF-2026-000001", "张三丰", "+86 138 1234 5678", "-5 stars", "-5",
};
static const char *const row2[] = {
	"XF-2026-000002", "王五", "wang@example.org", "王五的退款", "3",
};

/* The row printed as a table of fmt, masked or not. */
static const char *
table(enum xf_fmt fmt, int redact)
{
	struct xf_table t;

	xf_buf_reset(&out);
	if (xf_table_begin(&t, fmt, cols, nitems(cols)) == -1)
		return "(out of memory)";
	t.redact = redact;
	if (xf_table_row(&t, row) == 0 && xf_table_end(&t) == 0)
		xf_buf_add(&out, t.out.p, t.out.len);
	xf_table_free(&t);
	return xf_buf_str(&out);
}

/* Two rows, masked: each row looks for its own complainant. */
static const char *
table2(void)
{
	struct xf_table t;

	xf_buf_reset(&out);
	if (xf_table_begin(&t, XF_FMT_TSV, cols, nitems(cols)) == -1)
		return "(out of memory)";
	t.redact = 1;
	if (xf_table_row(&t, row) == 0 && xf_table_row(&t, row2) == 0)
		xf_buf_add(&out, t.out.p, t.out.len);
	xf_table_free(&t);
	return xf_buf_str(&out);
}

static void
test_tables(void)
{
	is_str(table(XF_FMT_CSV, 0),
	    "ref,complainant,contact,subject,count\r\n"
	    "XF-2026-000001,张三丰,\"'+86 138 1234 5678\",\"'-5 stars\",-5\r\n",
	    "csv: a phone number and -5 stars made text by a quote, "
	    "a figure of a number column left a number");
	is_str(table(XF_FMT_CSV, 1),
	    "ref,complainant,contact,subject,count\r\n"
	    "XF-2026-000001,张**,\"'+86 138 **** 5678\",\"'-5 stars\",-5\r\n",
	    "csv --redact: masked, and still never a formula");
	is_str(table(XF_FMT_TSV, 1),
	    "ref\tcomplainant\tcontact\tsubject\tcount\n"
	    "XF-2026-000001\t张**\t+86 138 **** 5678\t-5 stars\t-5\n",
	    "tsv --redact");
	is_str(table(XF_FMT_JSONL, 1),
	    "{\"ref\":\"XF-2026-000001\",\"complainant\":\"张**\","
	    "\"contact\":\"+86 138 **** 5678\",\"subject\":\"-5 stars\","
	    "\"count\":-5}\n", "jsonl --redact: the number a number");
	ok(strstr(table(XF_FMT_TABLE, 1), "张**") != NULL &&
	    strstr(xf_buf_str(&out), "+86 138 **** 5678") != NULL,
	    "table --redact");
	ok(strstr(table(XF_FMT_JSON, 0), "\"张三丰\"") != NULL,
	    "json without redaction: as it is");
	is_str(table2(), "ref\tcomplainant\tcontact\tsubject\tcount\n"
	    "XF-2026-000001\t张**\t+86 138 **** 5678\t-5 stars\t-5\n"
	    "XF-2026-000002\t王*\tw***@example.org\t王*的退款\t3\n",
	    "tsv --redact: each row's own complainant found in its subject");
}

static void
test_report(void)
{
	static const struct xf_col rcols[] = {
		{ "ref", XF_COL_TEXT }, { "score", XF_COL_NUM },
		{ "comment", XF_COL_TEXT }, { "period", XF_COL_TEXT },
	};
	const char *vals[] = { "XF-2026-000001", "4",
	    "call 13812345678 or li.ming@example.org", "2026-03-02" };
	struct xf_report r;
	struct xf_rtable *t;

	xf_report_init(&r, "survey", "en", 0, 1, 1);
	t = xf_report_table(&r, "comments", rcols, nitems(rcols));
	ok(t != NULL && xf_rtable_row(t, vals) == 0, "a report row");
	ok(xf_report_redact(&r) == 0, "xf_report_redact");
	t = xf_report_find(&r, "comments");
	is_str(xf_rtable_cell(t, 0, 2), "call 138****5678 or l***@example.org",
	    "a report's text masked");
	is_str(xf_rtable_cell(t, 0, 0), "XF-2026-000001", "its ref kept");
	is_str(xf_rtable_cell(t, 0, 1), "4", "its figure kept");
	is_str(xf_rtable_cell(t, 0, 3), "2026-03-02", "its period kept");
	xf_report_free(&r);
}

int
main(void)
{
	test_values();
	test_tables();
	test_report();
	xf_buf_free(&out);
	return done_testing();
}
