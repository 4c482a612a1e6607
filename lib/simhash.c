/*
 * simhash.c: a 64-bit fingerprint that changes little when text changes
 * little, for spotting the same letter sent by many people (a collective
 * complaint) even when each edited a word or two.  Features are the
 * character 3-grams of the normalised text, hashed with FNV-1a.
 */
#include <string.h>

#include "xf.h"

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)
#define GRAM		3	/* characters a feature spans */

static uint64_t
fnv(const char *p, size_t n)
{
	uint64_t h = FNV_OFFSET;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= FNV_PRIME;
	}
	/* FNV's low bits mix poorly; fold the high half in. */
	return h ^ (h >> 29);
}

/* Byte length of the next character (UTF-8 lead byte). */
static size_t
char_len(const char *p)
{
	unsigned char c = (unsigned char)*p;

	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static void
add_feature(int *v, uint64_t h)
{
	int bit;

	for (bit = 0; bit < 64; bit++)
		v[bit] += (h >> bit) & 1 ? 1 : -1;
}

uint64_t
xf_simhash(const char *text, size_t len)
{
	struct xf_buf norm = { 0 };
	int v[64] = { 0 }, bit, features = 0;
	const char *p, *end, *q;
	uint64_t out = 0;
	size_t i, n;

	if (xf_text_normalize(text, len, &norm) == -1)
		return 0;
	/* Empty text leaves norm.p NULL, and NULL + 0 is undefined. */
	end = norm.p != NULL ? norm.p + norm.len : NULL;
	for (p = norm.p; p != NULL && p < end; p += char_len(p)) {
		for (q = p, i = 0; i < GRAM && q < end; i++)
			q += char_len(q);
		if (i < GRAM)
			break;
		n = (size_t)(q - p);
		add_feature(v, fnv(p, n));
		features++;
	}
	if (features == 0 && norm.len > 0)	/* shorter than one gram */
		add_feature(v, fnv(norm.p, norm.len));
	for (bit = 0; bit < 64; bit++)
		if (v[bit] > 0)
			out |= UINT64_C(1) << bit;
	xf_buf_free(&norm);
	return out;
}

int
xf_hamming(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}
