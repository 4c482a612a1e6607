/*
 * sha256.c: SHA-256 against the FIPS 180-4 examples and against itself
 * fed in pieces. Expected digests were produced by coreutils sha256sum
 * (e.g. `printf abc | sha256sum`), not by the code under test.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

enum { MILLION = 1000000, MAXLEN = 200 };

static void
digest(const void *p, size_t len, char hex[XF_SHA256_HEXLEN])
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];

	xf_sha256_init(&c);
	xf_sha256_update(&c, p, len);
	xf_sha256_final(&c, d);
	xf_hex(d, sizeof(d), hex);
}

/* Feeds p in pieces of step, step+1, step+2, ... bytes. */
static void
digest_chunked(const char *p, size_t len, size_t step,
    char hex[XF_SHA256_HEXLEN])
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];
	size_t n;

	xf_sha256_init(&c);
	for (; len > 0; p += n, len -= n, step++) {
		n = step < len ? step : len;
		xf_sha256_update(&c, p, n);
	}
	xf_sha256_final(&c, d);
	xf_hex(d, sizeof(d), hex);
}

static void
test_fips(void)
{
	char hex[XF_SHA256_HEXLEN];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	/* printf '' | sha256sum */
	digest("", 0, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "empty message");
	/* printf abc | sha256sum */
	digest("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "abc");
	/* printf abcdbcde...nopq | sha256sum */
	digest(two, strlen(two), hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "448-bit message");
}

static void
test_million(void)
{
	/* head -c 1000000 /dev/zero | tr '\0' a | sha256sum */
	static const char want[] =
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char hex[XF_SHA256_HEXLEN], *a;

	if ((a = malloc(MILLION)) == NULL) {
		ok(0, "malloc a million bytes");
		return;
	}
	memset(a, 'a', MILLION);
	digest(a, MILLION, hex);
	is_str(hex, want, "a million 'a' at once");
	digest_chunked(a, MILLION, 1, hex);
	is_str(hex, want, "a million 'a' in growing chunks from 1");
	digest_chunked(a, MILLION, 37, hex);
	is_str(hex, want, "a million 'a' in growing chunks from 37");
	free(a);
}

/* Lengths either side of the padding and block boundaries. */
static void
test_boundaries(void)
{
	/* head -c N /dev/zero | tr '\0' a | sha256sum */
	static const struct {
		size_t		 len;
		const char	*hex;
	} t[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	char a[MAXLEN], hex[XF_SHA256_HEXLEN], name[64];
	size_t i;

	memset(a, 'a', sizeof(a));
	for (i = 0; i < nitems(t); i++) {
		digest(a, t[i].len, hex);
		snprintf(name, sizeof(name), "%zu 'a'", t[i].len);
		is_str(hex, t[i].hex, name);
	}
}

static void
test_chunked(void)
{
	char data[MAXLEN], one[XF_SHA256_HEXLEN], part[XF_SHA256_HEXLEN];
	size_t len, step, bad = 0;

	for (len = 0; len < sizeof(data); len++)
		data[len] = (char)(len * 7 + 3);
	for (len = 0; len <= MAXLEN; len++) {
		digest(data, len, one);
		for (step = 1; step <= 70; step++) {
			digest_chunked(data, len, step, part);
			if (strcmp(one, part) != 0)
				bad++;
		}
	}
	is_int(bad, 0, "chunked update equals one-shot for lengths 0..200");
}

static void
test_hex(void)
{
	static const unsigned char d[] = { 0x00, 0x0f, 0xa5, 0xff };
	char hex[2 * sizeof(d) + 1];

	xf_hex(d, sizeof(d), hex);
	is_str(hex, "000fa5ff", "hex is lower case, two digits a byte");
	xf_hex(d, 0, hex);
	is_str(hex, "", "hex of nothing is empty");
}

int
main(void)
{
	test_fips();
	test_million();
	test_boundaries();
	test_chunked();
	test_hex();
	return done_testing();
}
