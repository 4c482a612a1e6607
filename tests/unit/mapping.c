/*
 * mapping.c: a header row mapped to complaint fields, and rows split
 * under it, with the messages xf-intake prints for a bad mapping.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

#define MAXCELL	16

/* A row as xf_rows_read hands it over, from string literals. */
struct testrow {
	struct xf_row	 row;
	char		*field[MAXCELL];
	size_t		 len[MAXCELL];
};

static const struct xf_row *
mkrow(struct testrow *t, int64_t line, ...)
{
	const char *cell;
	va_list ap;

	memset(t, 0, sizeof(*t));
	t->row.line = line;
	t->row.field = t->field;
	t->row.len = t->len;
	t->row.raw = "";
	va_start(ap, line);
	while ((cell = va_arg(ap, const char *)) != NULL &&
	    t->row.nfield < MAXCELL) {
		t->field[t->row.nfield] = (char *)cell;
		t->len[t->row.nfield] = strlen(cell);
		t->row.nfield++;
	}
	va_end(ap);
	return &t->row;
}

/* The cell function of the tests: UTF-8 in, as it is, or an error. */
static int
strict(void *ctx, const char *s, size_t len, struct xf_buf *out,
    const char *column, struct xf_err *err)
{
	(void)ctx;
	xf_buf_reset(out);
	if (!xf_utf8_valid(s, len))
		return xf_errf(err, "invalid UTF-8 in column '%s'", column);
	return xf_buf_add(out, s, len) == -1 ? xf_errf(err, "out of memory") :
	    0;
}

static void
test_aliases(void)
{
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;

	xf_mapping_init(&m, strict, NULL);
	is_int(xf_mapping_header(&m, "cn.csv", mkrow(&t, 1, "标题",
	    "投诉内容", "联系电话", "投诉人", "渠道", "备注", NULL), &e),
	    0, "Chinese headers: taken");
	is_int(m.ncol, 6, "Chinese headers: six columns");
	is_int(m.colfield[0], XF_F_SUBJECT, "标题 is the subject");
	is_int(m.colfield[1], XF_F_BODY, "投诉内容 is the body");
	is_int(m.colfield[2], XF_F_CONTACT, "联系电话 is the contact");
	is_int(m.colfield[3], XF_F_COMPLAINANT, "投诉人 is the complainant");
	is_int(m.colfield[4], XF_F_CHANNEL, "渠道 is the channel");
	is_int(m.colfield[5], -1, "备注 is an extra");
	is_str(xf_mapping_column(&m, XF_F_BODY), "投诉内容",
	    "the column of the body");
	is_str(xf_mapping_column(&m, XF_F_RECEIVED), "received_at",
	    "a field no column fills: its own name");

	is_int(xf_mapping_header(&m, "en.csv", mkrow(&t, 1, "Title",
	    "Description", "E-mail", "Customer Name", "Date_Received",
	    "Ticket ID", NULL), &e), 0, "English headers: taken");
	is_int(m.colfield[0], XF_F_SUBJECT, "Title is the subject");
	is_int(m.colfield[1], XF_F_BODY, "Description is the body");
	is_int(m.colfield[2], XF_F_CONTACT, "E-mail is the contact");
	is_int(m.colfield[3], XF_F_COMPLAINANT,
	    "Customer Name is the complainant (case and space ignored)");
	is_int(m.colfield[4], XF_F_RECEIVED, "Date_Received: '_' ignored");
	is_int(m.colfield[5], XF_F_EXTID, "Ticket ID is the ext_id");
	xf_mapping_free(&m);
}

static void
test_explicit(void)
{
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;

	xf_mapping_init(&m, strict, NULL);
	is_int(xf_mapping_add(&m, XF_F_SUBJECT, "Issue", &e), 0, "map added");
	is_int(xf_mapping_add(&m, XF_F_BODY, "narrative text", &e), 0,
	    "second map added");
	is_int(xf_mapping_header(&m, "m.csv", mkrow(&t, 1, "Title", "Issue",
	    "NARRATIVE_TEXT", "Content", NULL), &e), 0, "explicit: taken");
	is_int(m.colfield[1], XF_F_SUBJECT, "the mapped column is the subject");
	is_int(m.colfield[0], -1,
	    "the alias of a mapped field is an extra, not the subject");
	is_int(m.colfield[2], XF_F_BODY,
	    "a map matches case and spacing as aliases do");
	is_int(m.colfield[3], -1, "Content too: the body is mapped");
	is_str(xf_mapping_column(&m, XF_F_SUBJECT), "Issue",
	    "the column of the subject is the mapped one");
	xf_mapping_free(&m);
}

static void
test_bad_maps(void)
{
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;
	int i;

	xf_mapping_init(&m, strict, NULL);
	xf_mapping_add(&m, XF_F_BODY, "Nope", &e);
	is_int(xf_mapping_header(&m, "m.csv", mkrow(&t, 1, "subject", "body",
	    NULL), &e), -1, "a map naming a missing column fails");
	is_str(e.msg, "m.csv:1: no column 'Nope' for -m body=Nope",
	    "missing column: message");
	xf_mapping_free(&m);

	xf_mapping_init(&m, strict, NULL);
	xf_mapping_add(&m, XF_F_SUBJECT, "Issue", &e);
	xf_mapping_add(&m, XF_F_BODY, "issue", &e);
	is_int(xf_mapping_header(&m, "twice.csv", mkrow(&t, 1, "Issue", NULL),
	    &e), -1, "a column named for two fields fails");
	is_str(e.msg, "twice.csv: -m names column 'issue' for both subject "
	    "and body; a column fills one field",
	    "a column for two fields: message, not a missing column");
	xf_mapping_free(&m);

	xf_mapping_init(&m, strict, NULL);
	is_int(xf_mapping_header(&m, "nobody.csv", mkrow(&t, 1, "name",
	    "phone", "notes", NULL), &e), -1, "no subject or body fails");
	is_str(e.msg, "nobody.csv:1: no column holds a subject or body; name "
	    "one with -m body=COLUMN", "no subject or body: message");

	t.row.error = "unterminated quote at end of input";
	is_int(xf_mapping_header(&m, "uh.csv", &t.row, &e), -1,
	    "an unreadable header fails");
	is_str(e.msg, "uh.csv:1: unreadable header: unterminated quote at "
	    "end of input", "unreadable header: message");
	ok(m.header == NULL, "an unreadable header leaves no header");

	is_int(xf_mapping_header(&m, "bad.csv", mkrow(&t, 3, "subject",
	    "b\xff", NULL), &e), -1, "a header cell the cell function refuses");
	is_str(e.msg, "bad.csv:3: header column 2: invalid UTF-8 in column "
	    "'header'", "bad header cell: message names line and column");
	xf_mapping_free(&m);

	xf_mapping_init(&m, strict, NULL);
	for (i = 0; i < XF_MAPS_MAX; i++)
		if (xf_mapping_add(&m, XF_F_BODY, "x", &e) == -1)
			break;
	is_int(i, XF_MAPS_MAX, "XF_MAPS_MAX maps fit");
	is_int(xf_mapping_add(&m, XF_F_BODY, "x", &e), -1, "one more does not");
	is_str(e.msg, "at most 64 mappings", "too many maps: message");
	xf_mapping_free(&m);
}

static void
test_duplicates(void)
{
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;

	xf_mapping_init(&m, strict, NULL);
	is_int(xf_mapping_header(&m, "rep.csv", mkrow(&t, 1, "subject", "note",
	    "note", "Note", "note (2)", "subject", "", "", NULL), &e), 0,
	    "repeated names: taken");
	is_str(m.header[1], "note", "the first keeps its name");
	is_str(m.header[2], "note (2)", "the second gets (2)");
	is_str(m.header[3], "Note", "names differing in case are not repeats");
	is_str(m.header[4], "note (2) (2)",
	    "a name already given to a repeat is itself repeated");
	is_str(m.header[5], "subject (2)", "a second subject column");
	is_int(m.colfield[0], XF_F_SUBJECT,
	    "the first subject column fills it");
	is_int(m.colfield[5], -1, "the second is an extra");
	is_str(m.header[6], "", "an empty name");
	is_str(m.header[7], " (2)", "a second empty name");
	xf_mapping_free(&m);
}

/* A header of n cells, each the name given (NULL: "c" and its number). */
static struct xf_row *
wide_row(size_t n, const char *name)
{
	static struct xf_row row;
	static char **cells;
	static size_t *lens;
	char num[32];
	size_t i;

	for (i = 0; cells != NULL && i < row.nfield; i++)
		free(cells[i]);
	free(cells);
	free(lens);
	memset(&row, 0, sizeof(row));
	if (n == 0)
		return NULL;
	cells = calloc(n, sizeof(*cells));
	lens = calloc(n, sizeof(*lens));
	if (cells == NULL || lens == NULL)
		abort();
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "c%zu", i);
		if ((cells[i] = strdup(name ? name : num)) == NULL)
			abort();
		lens[i] = strlen(cells[i]);
	}
	row.line = 1;
	row.field = cells;
	row.len = lens;
	row.raw = "";
	row.nfield = n;
	return &row;
}

static void
test_wide(void)
{
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;
	char want[32];
	size_t i, bad = 0;

	/* Cubic before: each repeat rescanned every earlier name for each
	 * k.  ulimit -t in the shell test catches that; this checks the
	 * names are still the smallest free k. */
	xf_mapping_init(&m, strict, NULL);
	is_int(xf_mapping_header(&m, "same.csv", wide_row(XF_COLS_MAX, "x"),
	    &e), -1, "one name only: no subject or body");
	is_int(m.ncol, XF_COLS_MAX, "XF_COLS_MAX columns are taken");
	for (i = 1; i < m.ncol; i++) {
		snprintf(want, sizeof(want), "x (%zu)", i + 1);
		if (strcmp(m.header[i], want) != 0)
			bad++;
	}
	is_int((long long)bad, 0, "the nth repeat of a name is \"x (n)\"");
	is_int(xf_mapping_header(&m, "wide.csv", wide_row(XF_COLS_MAX + 1,
	    NULL), &e), -1, "one column more than XF_COLS_MAX: refused");
	is_str(e.msg, "wide.csv:1: the header has 4097 columns, the limit is "
	    "4096", "the message names the file, the count and the limit");
	is_int(m.ncol, 0, "nothing kept of a refused header");
	wide_row(0, NULL);

	/* A later repeat finds the k an earlier column took by name. */
	is_int(xf_mapping_header(&m, "k.csv", mkrow(&t, 1, "body", "a",
	    "a (3)", "a", "a", "a", "a (2) (2)", "a (2)", NULL), &e), 0,
	    "repeats around names that look like repeats");
	is_str(m.header[3], "a (2)", "first repeat: (2)");
	is_str(m.header[4], "a (4)", "(3) is taken by name: (4)");
	is_str(m.header[5], "a (5)", "then (5)");
	is_str(m.header[6], "a (2) (2)", "a name like a repeat of a repeat");
	is_str(m.header[7], "a (2) (3)", "its own repeat skips what is taken");
	xf_mapping_free(&m);
}

static void
test_split(void)
{
	struct xf_buf val[XF_NFIELD] = { { 0 } }, extra = { 0 };
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;
	int f;

	xf_mapping_init(&m, strict, NULL);
	xf_mapping_header(&m, "s.csv", mkrow(&t, 1, "Subject", "Body", "note",
	    "note", "Shop", NULL), &e);
	is_int(xf_mapping_split(&m, mkrow(&t, 2, "  Hello\t", "\n Body text \r",
	    "a \"q\"", "", " kept ", NULL), val, &extra, &e), 0, "row split");
	is_str(xf_buf_str(&val[XF_F_SUBJECT]), "Hello", "subject trimmed");
	is_str(xf_buf_str(&val[XF_F_BODY]), "Body text", "body trimmed");
	is_int(val[XF_F_CONTACT].len, 0, "an unmapped field is empty");
	is_str(xf_buf_str(&extra),
	    "{\"note\":\"a \\\"q\\\"\",\"Shop\":\" kept \"",
	    "unmapped cells are members of an open object, not trimmed; "
	    "an empty one is left out");
	is_int(xf_extra_add(&extra, xf_mapping_column(&m, XF_F_CHANNEL),
	    "pigeon", &e), 0, "an extra added after the split");
	is_int(xf_extra_end(&extra, &e), 0, "extra closed");
	is_str(xf_buf_str(&extra),
	    "{\"note\":\"a \\\"q\\\"\",\"Shop\":\" kept \","
	    "\"channel\":\"pigeon\"}", "the extras as one JSON object");

	is_int(xf_mapping_split(&m, mkrow(&t, 3, "", " ", "", "", "", NULL),
	    val, &extra, &e), 0, "a row of empty cells splits");
	is_int(val[XF_F_SUBJECT].len, 0, "empty subject");
	is_int(val[XF_F_BODY].len, 0, "a blank body trims to empty");
	is_int(extra.len, 0, "no extras from empty cells");
	xf_extra_end(&extra, &e);
	is_int(extra.len, 0, "no extras: closing leaves it empty");

	is_int(xf_mapping_split(&m, mkrow(&t, 4, "a", "b", NULL), val, &extra,
	    &e), -1, "a row short of the header fails");
	is_str(e.msg, "2 fields, the header has 5", "short row: message");
	is_int(xf_mapping_split(&m, mkrow(&t, 5, "a", "b\xff", "", "", "",
	    NULL), val, &extra, &e), -1, "a cell the cell function refuses");
	is_str(e.msg, "invalid UTF-8 in column 'Body'",
	    "bad cell: the message names its column");

	xf_mapping_reset(&m);
	ok(m.header == NULL && m.ncol == 0, "reset forgets the header");
	is_str(xf_mapping_column(&m, XF_F_SUBJECT), "subject",
	    "after reset a field's column is its own name");
	xf_mapping_free(&m);
	for (f = 0; f < XF_NFIELD; f++)
		xf_buf_free(&val[f]);
	xf_buf_free(&extra);
}

/* Maps are matched afresh against every file's header. */
static void
test_next_file(void)
{
	struct xf_mapping m;
	struct testrow t;
	struct xf_err e;

	xf_mapping_init(&m, NULL, NULL);
	xf_mapping_add(&m, XF_F_BODY, "Text2", &e);
	is_int(xf_mapping_header(&m, "a.csv", mkrow(&t, 1, "Text2", NULL),
	    &e), 0, "first file: the map finds its column");
	is_int(xf_mapping_header(&m, "b.csv", mkrow(&t, 1, "body", NULL), &e),
	    -1, "next file without it: the map is missing there");
	is_str(e.msg, "b.csv:1: no column 'Text2' for -m body=Text2",
	    "next file: message names that file");
	is_int(xf_mapping_header(&m, "c.csv", mkrow(&t, 1, "text2",
	    "b\xff", NULL), &e), 0,
	    "without a cell function, cells are taken as they are");
	is_str(m.header[1], "b\xff", "the bytes kept");
	xf_mapping_free(&m);
}

/* --no-header: columns named 1, 2, 3 ...; the advice when a header maps
 * nothing names the option that fits. */
static void
test_numbered(void)
{
	struct xf_mapping m;
	struct xf_buf val[XF_NFIELD] = { { 0 } }, extra = { 0 };
	struct testrow t;
	struct xf_err e;
	int f;

	xf_mapping_init(&m, NULL, NULL);
	xf_mapping_add(&m, XF_F_BODY, "3", &e);
	is_int(xf_mapping_numbered(&m, "n.csv", mkrow(&t, 1, "2026-03-01",
	    "张三", "账单", NULL), &e), 0, "numbered: -m body=3 finds column 3");
	is_str(m.header[0], "1", "numbered: the first column is 1");
	is_int(xf_mapping_split(&m, &t.row, val, &extra, &e), 0,
	    "numbered: the row itself splits as data");
	is_str(xf_buf_str(&val[XF_F_BODY]), "账单", "numbered: body from 3");
	xf_mapping_free(&m);

	xf_mapping_init(&m, NULL, NULL);
	is_int(xf_mapping_numbered(&m, "n.csv", mkrow(&t, 4, "a", "b", NULL),
	    &e), -1, "numbered without -m: no subject or body");
	is_str(e.msg, "n.csv:4: no column holds a subject or body; without a "
	    "header, name columns by number, 1 to 2, as -m body=2",
	    "numbered without -m: columns by number");
	is_int(xf_mapping_header(&m, "h.csv", mkrow(&t, 1, "a", "b", NULL),
	    &e), -1, "a header after a numbered file is a header again");
	is_str(e.msg, "h.csv:1: no column holds a subject or body; name one "
	    "with -m body=COLUMN", "a header again: the usual advice");

	is_int(xf_mapping_header(&m, "eu.csv", mkrow(&t, 1, "subject;body",
	    NULL), &e), -1, "one column holding ';'");
	is_str(e.msg, "eu.csv:1: no column holds a subject or body; the "
	    "header is one column holding ';': for a file separated by it "
	    "give -F ';'", "one column holding ';': -F ';'");
	is_int(xf_mapping_header(&m, "d.csv", mkrow(&t, 1, "张三",
	    "13800138000", NULL), &e), -1, "a first line of data");
	is_str(e.msg, "d.csv:1: no column holds a subject or body; the first "
	    "line looks like data, not a header ('13800138000'): for a file "
	    "without one give --no-header and name columns by number, 1 to "
	    "2, as -m body=2", "a first line of data: --no-header");
	xf_mapping_free(&m);
	for (f = 0; f < XF_NFIELD; f++)
		xf_buf_free(&val[f]);
	xf_buf_free(&extra);
}

int
main(void)
{
	test_aliases();
	test_explicit();
	test_bad_maps();
	test_duplicates();
	test_wide();
	test_split();
	test_next_file();
	test_numbered();
	return done_testing();
}
