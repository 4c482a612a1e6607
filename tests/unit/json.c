/*
 * json.c: xf_json_valid, the check before a stored text is embedded in
 * JSON output, and the typed rows of output.c's json and jsonl.  The
 * valid and invalid texts follow RFC 8259's grammar, written by hand
 * (leading zeros, bare controls in strings, trailing commas are the
 * classic mistakes), not produced by the code under test.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

#define VALID(lit, obj)	xf_json_valid((lit), sizeof(lit) - 1, (obj))

static void
test_valid(void)
{
	ok(VALID("{}", 1), "empty object");
	ok(VALID(" {\"a\": [1, -2.5e+3, true, false, null, \"x\"]} \n", 1),
	    "nested values, white space around");
	ok(VALID("{\"k\":\"\\u00e9\\n\\\"\\\\\\/\"}", 1), "string escapes");
	ok(VALID("{\"订单\":\"快递\"}", 1), "UTF-8 as is");
	ok(VALID("0", 0), "a bare zero");
	ok(VALID("-0.5", 0), "a negative fraction");
	ok(VALID("[]", 0), "an empty array");
}

static void
test_invalid(void)
{
	ok(!VALID("", 0), "nothing");
	ok(!VALID("[]", 1), "an array where an object is wanted");
	ok(!VALID("{\"a\":1,}", 1), "a trailing comma");
	ok(!VALID("{\"a\" 1}", 1), "a missing colon");
	ok(!VALID("{a:1}", 1), "an unquoted name");
	ok(!VALID("{\"a\":\"x\ty\"}", 1), "a bare tab in a string");
	ok(!VALID("{\"a\":\"\\x41\"}", 1), "an escape JSON has not");
	ok(!VALID("{\"a\":\"\\u12g4\"}", 1), "a bad \\u escape");
	ok(!VALID("{\"a\":\"open", 1), "an unterminated string");
	ok(!VALID("{\"broken\": ", 1), "cut short");
	ok(!VALID("012", 0), "a leading zero");
	ok(!VALID("1.", 0), "a fraction without digits");
	ok(!VALID("1e", 0), "an exponent without digits");
	ok(!VALID("+1", 0), "a plus sign");
	ok(!VALID("tru", 0), "half a word");
	ok(!VALID("{} {}", 0), "two values");
	ok(!VALID("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]", 0), "nesting past the cap");
}

static const struct xf_col cols[] = {
	{ "ref", XF_COL_TEXT }, { "n", XF_COL_NUM },
	{ "flags", XF_COL_LIST }, { "extra", XF_COL_OBJ },
};

/* One row of cols in fmt, as the text output.c writes for it. */
static const char *
row(enum xf_fmt fmt, const char *ref, const char *n, const char *flags,
    const char *extra)
{
	static struct xf_buf b;
	struct xf_table t;
	const char *vals[] = { ref, n, flags, extra };

	xf_buf_reset(&b);
	if (xf_table_begin(&t, fmt, cols, nitems(cols)) == -1 ||
	    xf_table_row(&t, vals) == -1 || xf_table_end(&t) == -1 ||
	    xf_buf_add(&b, t.out.p, t.out.len) == -1 ||
	    xf_buf_addc(&b, '\0') == -1)
		return "(out of memory)";
	xf_table_free(&t);
	return b.p;
}

static void
test_rows(void)
{
	struct xf_table t;

	is_str(row(XF_FMT_JSON, "A", "12", "privacy,legal",
	    "{\"k\":\"v\"}"),
	    "[\n{\"ref\":\"A\",\"n\":12,\"flags\":[\"privacy\",\"legal\"],"
	    "\"extra\":{\"k\":\"v\"}}\n]\n",
	    "json: number bare, list an array, object embedded");
	is_str(row(XF_FMT_JSONL, NULL, "", "", NULL),
	    "{\"ref\":null,\"n\":null,\"flags\":[],\"extra\":null}\n",
	    "jsonl: absent and empty null, an empty list []");
	is_str(row(XF_FMT_JSONL, "", "n/a", ",a,,b,", "[1]"),
	    "{\"ref\":\"\",\"n\":\"n/a\",\"flags\":[\"a\",\"b\"],"
	    "\"extra\":\"[1]\"}\n",
	    "jsonl: what is not of its type is a string; empty items go");
	is_str(row(XF_FMT_JSONL, "\x01\x7f", "007", NULL, "{\"a\":}"),
	    "{\"ref\":\"\\u0001\\u007f\",\"n\":\"007\",\"flags\":[],"
	    "\"extra\":\"{\\\"a\\\":}\"}\n",
	    "jsonl: controls escaped; 007 and broken JSON as strings");
	is_str(row(XF_FMT_JSONL, "A", "1", "x",
	    "{\n\t\"k\": \"a\x7f\xc2\x85\xe2\x80\xae\\\"\\n\"\r\n}"),
	    "{\"ref\":\"A\",\"n\":1,\"flags\":[\"x\"],"
	    "\"extra\":{  \"k\": \"a\\u007f\\u0085\\u202e\\\"\\n\"  }}\n",
	    "jsonl: an embedded object on one line, terminal controls "
	    "escaped, its own escapes kept");
	is_str(row(XF_FMT_TSV, "A", "12", "privacy,legal", "{\"k\":\"v\"}"),
	    "ref\tn\tflags\textra\nA\t12\tprivacy,legal\t{\"k\":\"v\"}\n",
	    "tsv: the text, whatever the type");

	if (xf_table_begin(&t, XF_FMT_JSON, cols, nitems(cols)) == 0 &&
	    xf_table_end(&t) == 0 && xf_buf_addc(&t.out, '\0') == 0)
		is_str(t.out.p, "[]\n", "json without rows: []");
	else
		ok(0, "json without rows: []");
	xf_table_free(&t);
}

int
main(void)
{
	test_valid();
	test_invalid();
	test_rows();
	return done_testing();
}
