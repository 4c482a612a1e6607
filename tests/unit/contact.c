/*
 * contact.c: how a person's name is compared (xf_name_norm), and the
 * key terms the search index gives a person (xf_search_person_key).
 * The expected names are written out by hand from the rule in
 * xf-status(1): ASCII case, white space (the ideographic space U+3000
 * too) and full-width letters (U+FF21 'Ａ' is 'A') ignored, every other
 * character kept.  The contact's own rule is tested in reply.c.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

static const char *
name(const char *s, struct xf_buf *b)
{
	xf_buf_reset(b);
	if (xf_name_norm(s, b) == -1)
		return "(out of memory)";
	return xf_buf_str(b);
}

static void
names(void)
{
	struct xf_buf b = { 0 };

	is_str(name("Zhang San", &b), "zhangsan", "case and the space");
	/* ＺＨＡＮＧ, U+3000, San */
	is_str(name("\xef\xbc\xba\xef\xbc\xa8\xef\xbc\xa1\xef\xbc\xae\xef\xbc\xa7"
	    "\xe3\x80\x80San", &b), "zhangsan",
	    "full-width letters and the ideographic space");
	is_str(name(" 张 三\t", &b), "张三", "spaces between Chinese characters");
	is_str(name("张三丰", &b), "张三丰", "a longer name stays longer");
	is_str(name("O'Brien-Smith", &b), "o'brien-smith",
	    "punctuation is part of a name");
	is_str(name("\xef\xbc\x91\xef\xbc\x92", &b), "12",
	    "full-width digits (U+FF11, U+FF12)");
	is_str(name("\xc2\xa0", &b), "", "a no-break space alone: nothing");
	is_str(name(NULL, &b), "", "none");
	xf_buf_free(&b);
}

static void
keys(void)
{
	struct xf_buf a = { 0 }, b = { 0 }, c = { 0 };

	ok(xf_search_person_key(XF_KEY_CONTACT, "13800001234", 11, &a) == 0 &&
	    xf_search_person_key(XF_KEY_NAME, "13800001234", 11, &b) == 0 &&
	    xf_search_person_key(XF_KEY_CONTACT, "13800001235", 11, &c) == 0,
	    "three keys");
	is_int(a.len, 19, "a key: xfc and 16 hex digits");
	ok(strncmp(xf_buf_str(&a), "xfc", 3) == 0 &&
	    strncmp(xf_buf_str(&b), "xfn", 3) == 0, "its kind's letter first");
	ok(strcmp(xf_buf_str(&a) + 3, xf_buf_str(&b) + 3) != 0,
	    "a name that reads as a number is not its key");
	ok(strcmp(xf_buf_str(&a), xf_buf_str(&c)) != 0,
	    "another number, another key");
	xf_buf_reset(&c);
	ok(xf_search_person_key(XF_KEY_CONTACT, "13800001234", 11, &c) == 0 &&
	    strcmp(xf_buf_str(&a), xf_buf_str(&c)) == 0,
	    "the same number, the same key");
	xf_buf_reset(&c);
	ok(xf_buf_adds(&c, "word") == 0 &&
	    xf_search_person_key(XF_KEY_NAME, "x", 1, &c) == 0 &&
	    c.p[4] == ' ', "after other terms: a space first");
	xf_buf_free(&a);
	xf_buf_free(&b);
	xf_buf_free(&c);
}

int
main(void)
{
	names();
	keys();
	return done_testing();
}
