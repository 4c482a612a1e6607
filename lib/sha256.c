/*
 * sha256.c: SHA-256 as FIPS 180-4 specifies it, for content fingerprints.
 *
 * Written here rather than taken from a crypto library because xf needs
 * nothing else from one. A fingerprint is hashed for every imported row,
 * so the rounds are unrolled by eight (rotating the roles of a..h instead
 * of shuffling eight variables) and whole blocks are hashed straight from
 * the caller's data.
 */
#include <stdint.h>
#include <string.h>

#include "xf.h"

enum {
	BLOCK = 64,		/* bytes hashed at a time */
	LENGTH_AT = 56		/* padding ends here; the bit count follows */
};

/* FIPS 180-4 §4.2.2: cube roots of the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 §5.3.3: square roots of the first 8 primes. */
static const uint32_t H0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define ROTR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z)	(((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z)	(((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x)	(ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x)	(ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x)	(ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x)	(ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

/* One round; the caller renames the working variables instead of moving. */
#define ROUND(a, b, c, d, e, f, g, h, i) do {				\
	uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + K[i] + w[i];	\
	uint32_t t2_ = BSIG0(a) + MAJ(a, b, c);				\
	(d) += t1_;							\
	(h) = t1_ + t2_;						\
} while (0)

static uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* FIPS 180-4 §6.2.2 over one 64-byte block. */
static void
compress_c(uint32_t h[8], const unsigned char *block)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	for (; i < 64; i++)
		w[i] = SSIG1(w[i - 2]) + w[i - 7] + SSIG0(w[i - 15]) +
		    w[i - 16];
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (i = 0; i < 64; i += 8) {
		ROUND(a, b, c, d, e, f, g, hh, i);
		ROUND(hh, a, b, c, d, e, f, g, i + 1);
		ROUND(g, hh, a, b, c, d, e, f, i + 2);
		ROUND(f, g, hh, a, b, c, d, e, i + 3);
		ROUND(e, f, g, hh, a, b, c, d, i + 4);
		ROUND(d, e, f, g, hh, a, b, c, i + 5);
		ROUND(c, d, e, f, g, hh, a, b, i + 6);
		ROUND(b, c, d, e, f, g, hh, a, i + 7);
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(XF_SHA_PORTABLE)
#include <cpuid.h>
#include <immintrin.h>

#define HAVE_SHA_NI	1
#define CPUID_EXT_FEATURES	7	/* leaf 7, subleaf 0: structured features */
#define CPUID_EBX_SHA		(1u << 29)

/*
 * Whether this CPU has the SHA extensions, asked of cpuid once: gcc's
 * __builtin_cpu_supports("sha") does the same, but clang 14 does not
 * know that name.  The cached answer is a fact of the machine, written
 * with the same value by whichever thread asks first.
 */
static int
has_sha_ni(void)
{
	static int known = -1;
	unsigned a, b, c, d;

	if (known == -1)
		known = __get_cpuid_count(CPUID_EXT_FEATURES, 0, &a, &b, &c,
		    &d) && (b & CPUID_EBX_SHA) != 0;
	return known;
}

/*
 * The same compression with the x86 SHA extensions, several times faster:
 * every imported complaint hashes its event, so this is on the hot path.
 * The state lives as ABEF/CDGH pairs, the order sha256rnds2 wants; each
 * step does four rounds and extends the message schedule four words.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void
compress_ni(uint32_t h[8], const unsigned char *block)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i st0, st1, tmp, msg, m[4], abef, cdgh;
	int g;

	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);
	st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B);
	st0 = _mm_alignr_epi8(tmp, st1, 8);		/* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);		/* CDGH */
	abef = st0;
	cdgh = st1;
	for (g = 0; g < 16; g++) {
		if (g < 4) {
			m[g] = _mm_shuffle_epi8(_mm_loadu_si128(
			    (const __m128i *)(block + 16 * g)), bswap);
		} else {
			/* m[g%4] holds words of group g-4 until replaced. */
			tmp = _mm_sha256msg1_epu32(m[g % 4], m[(g + 1) % 4]);
			tmp = _mm_add_epi32(tmp, _mm_alignr_epi8(m[(g + 3) % 4],
			    m[(g + 2) % 4], 4));
			m[g % 4] = _mm_sha256msg2_epu32(tmp, m[(g + 3) % 4]);
		}
		msg = _mm_add_epi32(m[g % 4],
		    _mm_loadu_si128((const __m128i *)&K[4 * g]));
		st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
		st0 = _mm_sha256rnds2_epu32(st0, st1,
		    _mm_shuffle_epi32(msg, 0x0E));
	}
	st0 = _mm_add_epi32(st0, abef);
	st1 = _mm_add_epi32(st1, cdgh);
	tmp = _mm_shuffle_epi32(st0, 0x1B);		/* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);		/* DCHG */
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(tmp, st1, 0xF0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(st1, tmp, 8));
}
#endif

static void
compress(uint32_t h[8], const unsigned char *block)
{
#ifdef HAVE_SHA_NI
	if (has_sha_ni()) {
		compress_ni(h, block);
		return;
	}
#endif
	compress_c(h, block);
}

void
xf_sha256_init(struct xf_sha256 *c)
{
	memcpy(c->h, H0, sizeof(H0));
	c->total = 0;
	c->used = 0;
}

void
xf_sha256_update(struct xf_sha256 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;

	c->total += len;
	if (c->used > 0) {
		n = BLOCK - c->used;
		if (n > len)
			n = len;
		memcpy(c->block + c->used, p, n);
		c->used += n;
		p += n;
		len -= n;
		if (c->used < BLOCK)
			return;
		compress(c->h, c->block);
		c->used = 0;
	}
	for (; len >= BLOCK; p += BLOCK, len -= BLOCK)
		compress(c->h, p);
	if (len > 0)
		memcpy(c->block, p, len);
	c->used = len;
}

void
xf_sha256_final(struct xf_sha256 *c, unsigned char out[XF_SHA256_LEN])
{
	uint64_t bits = c->total * 8;
	int i;

	/* §5.1.1: a 1 bit, zeros to 56 mod 64, then the bit count. */
	c->block[c->used++] = 0x80;
	if (c->used > LENGTH_AT) {
		memset(c->block + c->used, 0, BLOCK - c->used);
		compress(c->h, c->block);
		c->used = 0;
	}
	memset(c->block + c->used, 0, LENGTH_AT - c->used);
	store_be32(c->block + LENGTH_AT, (uint32_t)(bits >> 32));
	store_be32(c->block + LENGTH_AT + 4, (uint32_t)bits);
	compress(c->h, c->block);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
}

void
xf_hex(const unsigned char *d, size_t len, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 0x0F];
	}
	hex[2 * len] = '\0';
}
