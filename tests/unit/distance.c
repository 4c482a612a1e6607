/*
 * distance.c: xf_edit_distance, the measure behind "did you mean".  The
 * expected values were counted by hand, edit by edit, in the comment
 * beside each; the classic pairs are the textbook ones (kitten/sitting
 * is 3 in every Levenshtein text; "ca"/"abc" is 3 under optimal string
 * alignment, where true Damerau-Levenshtein says 2).
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

static void
test_basic(void)
{
	is_int(xf_edit_distance("", ""), 0, "two empty words: 0");
	is_int(xf_edit_distance("list", "list"), 0, "the same word: 0");
	is_int(xf_edit_distance("", "list"), 4, "from nothing: one insert a letter");
	is_int(xf_edit_distance("list", ""), 4, "to nothing: one delete a letter");
	is_int(xf_edit_distance("kitten", "sitting"), 3,
	    "kitten/sitting: k->s, e->i, +g");
	is_int(xf_edit_distance("sitting", "kitten"), 3, "symmetric");
}

static void
test_typos(void)
{
	is_int(xf_edit_distance("exlpain", "explain"), 1,
	    "exlpain: one swap (lp/pl)");
	is_int(xf_edit_distance("hanlder", "handler"), 1,
	    "hanlder: one swap (nl/ln)");
	is_int(xf_edit_distance("lsit", "list"), 1, "lsit: one swap (si/is)");
	is_int(xf_edit_distance("acept", "accept"), 1, "acept: one insert");
	is_int(xf_edit_distance("acceptt", "accept"), 1, "acceptt: one delete");
	is_int(xf_edit_distance("trainn", "train"), 1, "trainn: one delete");
	is_int(xf_edit_distance("evl", "eval"), 1, "evl: one insert");
	is_int(xf_edit_distance("shwo", "show"), 1, "shwo: one swap");
	is_int(xf_edit_distance("veriyf", "verify"), 1, "veriyf: one swap");
	is_int(xf_edit_distance("nite", "note"), 1, "nite: one change");
	is_int(xf_edit_distance("ca", "abc"), 3,
	    "ca/abc: 3 (a swapped pair is not edited again)");
	is_int(xf_edit_distance("set", "eval"), 4,
	    "set/eval: -s, e, t->v, +a, +l");
}

static void
test_limits(void)
{
	char longer[XF_EDIT_MAX + 2], most[XF_EDIT_MAX + 1];

	memset(most, 'a', XF_EDIT_MAX);
	most[XF_EDIT_MAX] = '\0';
	memset(longer, 'a', XF_EDIT_MAX + 1);
	longer[XF_EDIT_MAX + 1] = '\0';
	is_int(xf_edit_distance(most, ""), XF_EDIT_MAX,
	    "XF_EDIT_MAX bytes: still measured");
	ok(xf_edit_distance(longer, "list") == (size_t)-1,
	    "longer than XF_EDIT_MAX: too far to measure");
	ok(xf_edit_distance("list", longer) == (size_t)-1,
	    "longer than XF_EDIT_MAX, second: too far to measure");
	is_int(xf_edit_distance("列表", "list"), 6,
	    "a word in another script: every byte differs (6 vs 4)");
}

int
main(void)
{
	test_basic();
	test_typos();
	test_limits();
	return done_testing();
}
