/*
 * simhash.c: the near-duplicate fingerprint at its edges: empty text
 * (no bits; clang's UBSan found it adding 0 to the NULL of an empty
 * buffer, tests/fuzz/tokenize), text shorter than one 3-gram, text
 * that normalises to nothing, and a letter with one word changed.
 */
#include "tap.h"
#include "xf.h"

#define S(s)	(s), sizeof(s) - 1

int
main(void)
{
	uint64_t a, b, c;

	is_int((long long)xf_simhash(S("")), 0, "empty text: no bits");
	is_int((long long)xf_simhash(S(" ，。！ ")), 0,
	    "only punctuation and spaces: no bits");
	ok(xf_simhash(S("ab")) != 0, "shorter than a gram: hashed whole");
	is_int((long long)xf_simhash(S("Ab")), (long long)xf_simhash(S("ab")),
	    "case folded first");
	a = xf_simhash(S("我的账号昨天被盗了，请尽快处理，谢谢。"
	    "订单号 123456，联系电话见上。"));
	b = xf_simhash(S("我的账号昨天被盗了，请尽快处理，多谢。"
	    "订单号 123456，联系电话见上。"));
	c = xf_simhash(S("The parcel never arrived and nobody answers the "
	    "phone at the depot."));
	ok(xf_hamming(a, b) < xf_hamming(a, c),
	    "one word changed: nearer than another letter");
	is_int(xf_hamming(a, a), 0, "the same text: no bit differs");
	return done_testing();
}
