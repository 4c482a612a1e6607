/*
 * bayes.c: multinomial naive Bayes over the tokens of tokenize.c.
 *
 * The model is what scikit-learn's MultinomialNB(alpha=1) computes from
 * token counts: class priors from document counts, and for each token t
 * and class c, P(t|c) = (n(t,c) + alpha) / (n(c) + alpha * V) over a
 * vocabulary of V tokens.  A token never seen in training adds nothing
 * to any class, as with a fixed vocabulary.
 *
 * The vocabulary is our own open-addressing hash table (linear probing,
 * a power-of-two size kept under 70% full), so memory grows with the
 * number of distinct tokens, not with the number of texts.  A token is
 * known by a 64-bit key: its bytes themselves when it has at most eight
 * (CJK characters and bigrams, most English words), so no compare with
 * the stored token is needed, else their FNV-1a hash, checked against
 * the stored bytes.  Tokens hold no NUL, so the zero padding of a short
 * key cannot make two tokens one.
 *
 * Counts are rows, one a token, as wide as the labels need.  finish
 * freezes them into a second table laid out like the first, whose
 * entries carry their row of log P(t|c) as floats: predicting costs one
 * probe, most often one cache miss, and a row of additions per token.
 *
 * libxf links without libm, so the two functions of it needed here, log
 * and exp, are written out below.  They are accurate to a few units in
 * the last place, far more than the floats of the tables keep.
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX_PATH	1
#endif

#include "xf.h"

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)
#define FIB_MULT	UINT64_C(0x9E3779B97F4A7C15)	/* 2^64 / golden ratio */
#define LOAD_NUM	7	/* the table grows past 7/10 full */
#define LOAD_DEN	10

#define MAGIC		"XFNB"
#define MAGIC_LEN	4
#define MODEL_VERSION	2	/* 2 adds a linear model; 1 is read still */
#define MODEL_NB	1	/* the version a naive Bayes model keeps */
#define HEADER_LEN	16	/* magic, u32 version, u64 total length */

#define LN2		0.693147180559945309417232121458176568
/* ln 2 in two parts, the first exact times any k of exp (fdlibm's) */
#define LN2_HI		6.93147180369123816490e-01
#define LN2_LO		1.90821492927058770002e-10
#define SQRT2		1.41421356237309504880168872420969808
#define EXP_MIN		(-708.0)	/* below this exp is taken as 0 */
#define EXP_MAX		709.0
#define NEGLIGIBLE	40.0	/* e^-40 is 4e-18 */

enum {
	SLOT_BITS_MIN = 10,	/* 1,024 slots to start with */
	ROWS_MIN = 1024,
	STRIDE_STEP = 4,	/* count rows widen by this many labels */
	KEY_BYTES = 8,		/* tokens this short are their own key */
	LOGK = 256,		/* counts whose log comes from a table */
	VARINT_MAX = 5,		/* bytes of a u32 as a varint */
	LABEL_MAX = 4096,	/* bytes of a label */
	DBL_EXP_BIAS = 1023,
	DBL_MANT_BITS = 52,
	LN_TERMS = 12,		/* series terms for |s| < 0.172 */
	EXP_TERMS = 14,		/* series terms for |r| < 0.347 */
	AHEAD = 16,		/* look-ups in flight */
	SUM_ROWS = 256,		/* rows collected before they are added */
	NEAR_BYTES = 1 << 20,	/* a frozen table this small stays in cache */
	CACHE_LINE = 64
};

/* A hint to fetch what p points to into cache; nothing without GCC. */
#if defined(__GNUC__)
#define PREFETCH(p)	__builtin_prefetch(p)
#else
#define PREFETCH(p)	((void)(p))
#endif

struct slot {
	uint64_t	key;
	uint32_t	id;	/* token number + 1; 0 marks an empty slot */
	uint32_t	len;
};

/* A slot of the frozen table: the same, and the token's row. */
struct entry {
	uint64_t	key;
	uint32_t	id;	/* token number, as in the slot */
	uint32_t	len;	/* 0 marks an empty entry */
	float		row[];	/* log P(t|c) for each label; or a linear
				 * model's weights, then the token's idf */
};

struct xf_bayes {
	size_t		 nlabel;
	char		*label[XF_BAYES_CLASSES];
	uint64_t	 docs[XF_BAYES_CLASSES];
	uint64_t	 total[XF_BAYES_CLASSES];	/* tokens counted */
	uint64_t	 ndocs;

	struct slot	*slot;
	unsigned	 bits;		/* the table has 1 << bits slots */
	size_t		 ntok;
	unsigned char	*pool;		/* every token, in the order of ids:
					 * a length byte, then the bytes */
	size_t		 plen, pcap;
	uint32_t	*off;		/* of each token in the pool */
	uint32_t	*count;		/* rows of stride counts, one a token */
	size_t		 stride, rows;

	int		 finished;
	double		 prior[XF_BAYES_CLASSES];	/* log P(c) */
	unsigned char	*frozen;	/* 1 << bits entries of esize bytes */
	size_t		 esize;
	int		 near;		/* frozen fits in cache: no ring */
	int		 avx;		/* the CPU has AVX: sum_rows_avx */

	/* A linear model (XF_MODEL_SVM; see linear.c) learns from texts,
	 * not from counts: it keeps each text's token ids until finish. */
	int		 linear;
	uint32_t	*dtok;		/* every text's ids, one after another */
	size_t		 dlen, dcap;
	size_t		*dend;		/* where each text's ids end */
	unsigned char	*dlab;		/* each text's label */
	size_t		 ndoc, ndcap;
	float		*lw;		/* ntok rows: nlabel weights, idf */
	double		 bias[XF_BAYES_CLASSES];
	double		 lntf[LOGK];	/* 1 + ln tf, for tf under LOGK */
	double		 pa, pb;	/* Platt's sigmoid of the margin;
					 * pa > 0: too few texts, a softmax
					 * of scale pa instead */
};

/* --- log and exp --------------------------------------------------- */

/* 1/(2i+1) and 1/i: the series multiply, since a division is slow. */
static const double inv_odd[LN_TERMS + 1] = {
	1.0, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13,
	1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23, 1.0 / 25
};
static const double inv[EXP_TERMS + 1] = {
	0.0, 1.0, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7,
	1.0 / 8, 1.0 / 9, 1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14
};

/* 2^k as a double, for k in the normal range. */
static double
pow2(int k)
{
	uint64_t bits = (uint64_t)(k + DBL_EXP_BIAS) << DBL_MANT_BITS;
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/*
 * Natural logarithm: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), and
 * log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 ...), s = (m-1)/(m+1).
 */
static double
ln(double x)
{
	uint64_t bits;
	double m, s, s2, sum = 0.0;
	int e, i;

	if (x != x || x < 0)
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (x == INFINITY)
		return x;
	e = 0;
	if (x < 0x1p-1022) {		/* subnormal: make it normal first */
		x *= 0x1p54;
		e = -54;
	}
	memcpy(&bits, &x, sizeof(bits));
	e += (int)(bits >> DBL_MANT_BITS) - DBL_EXP_BIAS;
	bits = (bits & ((UINT64_C(1) << DBL_MANT_BITS) - 1)) |
	    ((uint64_t)DBL_EXP_BIAS << DBL_MANT_BITS);
	memcpy(&m, &bits, sizeof(m));
	if (m >= SQRT2) {
		m /= 2;
		e++;
	}
	s = (m - 1) / (m + 1);
	s2 = s * s;
	for (i = LN_TERMS; i >= 0; i--)
		sum = sum * s2 + inv_odd[i];
	return e * LN2 + 2 * s * sum;
}

/*
 * e^x = 2^k e^r with |r| <= ln(2)/2.  Results below 2^-1022 come back
 * as 0: they only ever weigh a class that has lost by far.
 */
static double
ex(double x)
{
	double r, sum = 1.0;
	int k, i;

	if (x != x)
		return x;
	if (x < EXP_MIN)
		return 0.0;
	if (x > EXP_MAX)
		return INFINITY;
	k = (int)(x / LN2 + (x < 0 ? -0.5 : 0.5));
	r = (x - k * LN2_HI) - k * LN2_LO;
	for (i = EXP_TERMS; i > 0; i--)
		sum = 1.0 + sum * r * inv[i];
	return sum * pow2(k);
}

/* --- the vocabulary ------------------------------------------------ */

/*
 * A zeroed table of n bytes, aligned to a cache line.  (Asking Linux for
 * huge pages made predicting with a vocabulary of 900,000 tokens an
 * eighth faster, but loading that model three times slower: not done.)
 */
static void *
table_alloc(size_t n)
{
	void *p;

	if (n > SIZE_MAX - CACHE_LINE)
		return NULL;
	n = (n + CACHE_LINE - 1) & ~((size_t)CACHE_LINE - 1);
	if ((p = aligned_alloc(CACHE_LINE, n)) == NULL)
		return NULL;
	memset(p, 0, n);
	return p;
}

static uint64_t
fnv1a(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = FNV_OFFSET;

	while (len-- > 0) {
		h ^= *p++;
		h *= FNV_PRIME;
	}
	return h;
}

/* The key of a token: see the top of the file. */
static uint64_t
token_key(const char *tok, size_t len)
{
	unsigned char k[KEY_BYTES] = { 0 };
	uint64_t key;

	/* Byte by byte with constant offsets: no call to memcpy. */
	switch (len) {
	case 8: k[7] = (unsigned char)tok[7];	/* FALLTHROUGH */
	case 7: k[6] = (unsigned char)tok[6];	/* FALLTHROUGH */
	case 6: k[5] = (unsigned char)tok[5];	/* FALLTHROUGH */
	case 5: k[4] = (unsigned char)tok[4];	/* FALLTHROUGH */
	case 4: k[3] = (unsigned char)tok[3];	/* FALLTHROUGH */
	case 3: k[2] = (unsigned char)tok[2];	/* FALLTHROUGH */
	case 2: k[1] = (unsigned char)tok[1];	/* FALLTHROUGH */
	case 1: k[0] = (unsigned char)tok[0];	/* FALLTHROUGH */
	case 0: break;
	default: return fnv1a(tok, len);
	}
	memcpy(&key, k, sizeof(key));
	return key;
}

/* First slot to probe: Fibonacci hashing of the key folded in half. */
static size_t
home(uint64_t key, unsigned bits)
{
	return (size_t)(((key ^ (key >> 32)) * FIB_MULT) >> (64 - bits));
}

/* Whether the token of id, with key and len, is tok. */
static int
same(const struct xf_bayes *b, uint64_t key, size_t len, uint32_t id,
    uint64_t tkey, const char *tok, size_t tlen)
{
	if (key != tkey || len != tlen)
		return 0;
	return len <= KEY_BYTES ||
	    memcmp(b->pool + b->off[id] + 1, tok, len) == 0;
}

/* The slot holding tok, or the empty slot where it would go. */
static size_t
find(const struct xf_bayes *b, uint64_t key, const char *tok, size_t len)
{
	size_t mask = ((size_t)1 << b->bits) - 1, i = home(key, b->bits);
	const struct slot *s;

	for (;; i = (i + 1) & mask) {
		s = &b->slot[i];
		if (s->id == 0 ||
		    same(b, s->key, s->len, s->id - 1, key, tok, len))
			return i;
	}
}

/* Doubles the table; tokens are placed again by their kept keys. */
static int
rehash(struct xf_bayes *b)
{
	unsigned bits = b->bits + 1;
	size_t n = (size_t)1 << b->bits, mask = ((size_t)1 << bits) - 1, i, j;
	struct slot *t;

	if (bits >= sizeof(size_t) * CHAR_BIT ||
	    ((size_t)1 << bits) > SIZE_MAX / sizeof(*t) ||
	    (t = table_alloc(((size_t)1 << bits) * sizeof(*t))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (b->slot[i].id == 0)
			continue;
		for (j = home(b->slot[i].key, bits); t[j].id != 0;
		    j = (j + 1) & mask)
			;
		t[j] = b->slot[i];
	}
	free(b->slot);
	b->slot = t;
	b->bits = bits;
	/* The frozen table mirrors the slots: it is stale now. */
	free(b->frozen);
	b->frozen = NULL;
	return 0;
}

/* Room for one more token's row of counts (zeroed) and pool offset. */
static int
more_rows(struct xf_bayes *b)
{
	size_t rows = b->rows ? b->rows * 2 : ROWS_MIN;
	uint32_t *c, *o;

	if (b->ntok < b->rows)
		return 0;
	if (rows > SIZE_MAX / sizeof(*c) / b->stride)
		return -1;
	if ((o = realloc(b->off, rows * sizeof(*o))) == NULL)
		return -1;
	b->off = o;
	if ((c = realloc(b->count, rows * b->stride * sizeof(*c))) == NULL)
		return -1;
	memset(c + b->rows * b->stride, 0,
	    (rows - b->rows) * b->stride * sizeof(*c));
	b->count = c;
	b->rows = rows;
	return 0;
}

static int
more_pool(struct xf_bayes *b, size_t more)
{
	size_t cap = b->pcap ? b->pcap : ROWS_MIN;
	unsigned char *p;

	if (b->plen + more <= b->pcap)
		return 0;
	while (cap < b->plen + more)
		cap *= 2;
	if ((p = realloc(b->pool, cap)) == NULL)
		return -1;
	b->pool = p;
	b->pcap = cap;
	return 0;
}

/* The id of tok, whose key is key, added to the vocabulary when new. */
static int
intern_key(struct xf_bayes *b, uint64_t key, const char *tok, size_t len,
    uint32_t *id, struct xf_err *err)
{
	size_t i = find(b, key, tok, len);
	struct slot *s;

	if (b->slot[i].id != 0) {
		*id = b->slot[i].id - 1;
		return 0;
	}
	/* Ids and pool offsets are 32 bits. */
	if (b->ntok >= UINT32_MAX - 1 || b->plen + 1 + len > UINT32_MAX)
		return xf_errf(err, "vocabulary too large: %zu tokens",
		    b->ntok);
	if ((b->ntok + 1) * LOAD_DEN > ((size_t)LOAD_NUM << b->bits)) {
		if (rehash(b) == -1)
			return xf_errf(err, "out of memory");
		i = find(b, key, tok, len);
	}
	if (more_rows(b) == -1 || more_pool(b, 1 + len) == -1)
		return xf_errf(err, "out of memory");
	s = &b->slot[i];
	s->key = key;
	s->len = (uint32_t)len;
	s->id = (uint32_t)(b->ntok + 1);
	b->off[b->ntok] = (uint32_t)b->plen;
	b->pool[b->plen] = (unsigned char)len;
	memcpy(b->pool + b->plen + 1, tok, len);
	b->plen += 1 + len;
	*id = (uint32_t)b->ntok++;
	return 0;
}

static int
intern(struct xf_bayes *b, const char *tok, size_t len, uint32_t *id,
    struct xf_err *err)
{
	return intern_key(b, token_key(tok, len), tok, len, id, err);
}

/* --- labels -------------------------------------------------------- */

/* Widens every row of counts to stride, for more labels. */
static int
widen(struct xf_bayes *b, size_t stride)
{
	uint32_t *c;
	size_t t;

	if (b->rows > 0) {
		if ((c = calloc(b->rows, stride * sizeof(*c))) == NULL)
			return -1;
		for (t = 0; t < b->ntok; t++)
			memcpy(c + t * stride, b->count + t * b->stride,
			    b->stride * sizeof(*c));
		free(b->count);
		b->count = c;
	}
	b->stride = stride;
	return 0;
}

static int
label_find(const struct xf_bayes *b, const char *label)
{
	size_t i;

	for (i = 0; i < b->nlabel; i++)
		if (strcmp(b->label[i], label) == 0)
			return (int)i;
	return -1;
}

static int
label_add(struct xf_bayes *b, const char *label, size_t len,
    struct xf_err *err)
{
	size_t stride = b->stride;
	char *copy;

	if (b->nlabel == XF_BAYES_CLASSES)
		return xf_errf(err, "too many labels: a model tells at most "
		    "%d apart", XF_BAYES_CLASSES);
	if (len > LABEL_MAX)
		return xf_errf(err, "label longer than %d bytes", LABEL_MAX);
	while (stride < b->nlabel + 1)
		stride += STRIDE_STEP;
	if (stride != b->stride && widen(b, stride) == -1)
		return xf_errf(err, "out of memory");
	if ((copy = malloc(len + 1)) == NULL)
		return xf_errf(err, "out of memory");
	memcpy(copy, label, len);
	copy[len] = '\0';
	b->label[b->nlabel] = copy;
	return (int)b->nlabel++;
}

/* --- training ------------------------------------------------------ */

struct xf_bayes *
xf_bayes_new(void)
{
	struct xf_bayes *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->bits = SLOT_BITS_MIN;
	b->stride = STRIDE_STEP;
	if ((b->slot = table_alloc(((size_t)1 << b->bits) *
	    sizeof(*b->slot))) == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

void
xf_bayes_free(struct xf_bayes *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nlabel; i++)
		free(b->label[i]);
	free(b->slot);
	free(b->pool);
	free(b->off);
	free(b->count);
	free(b->frozen);
	free(b->dtok);
	free(b->dend);
	free(b->dlab);
	free(b->lw);
	free(b);
}

int
xf_bayes_kind(struct xf_bayes *b, enum xf_model_kind kind)
{
	if (b->ndocs > 0)
		return -1;
	b->linear = kind == XF_MODEL_SVM;
	return 0;
}

/* A linear model keeps the ids of the text being learned. */
static int
keep_id(struct xf_bayes *b, uint32_t id)
{
	size_t cap;
	uint32_t *p;

	if (b->dlen == b->dcap) {
		cap = b->dcap ? b->dcap * 2 : ROWS_MIN;
		if (cap > SIZE_MAX / sizeof(*p) ||
		    (p = realloc(b->dtok, cap * sizeof(*p))) == NULL)
			return -1;
		b->dtok = p;
		b->dcap = cap;
	}
	b->dtok[b->dlen++] = id;
	return 0;
}

/* The end of a linear model's text, and its label. */
static int
keep_doc(struct xf_bayes *b, size_t c)
{
	size_t cap, *e;
	unsigned char *l;

	if (b->ndoc == b->ndcap) {
		cap = b->ndcap ? b->ndcap * 2 : ROWS_MIN;
		if (cap > SIZE_MAX / sizeof(*e) ||
		    (e = realloc(b->dend, cap * sizeof(*e))) == NULL)
			return -1;
		b->dend = e;
		if ((l = realloc(b->dlab, cap)) == NULL)
			return -1;
		b->dlab = l;
		b->ndcap = cap;
	}
	b->dend[b->ndoc] = b->dlen;
	b->dlab[b->ndoc++] = (unsigned char)c;
	return 0;
}

/*
 * Learning is a pipeline of two rings, for the reason predicting has
 * one (see struct pending): a token's slot is prefetched when it comes
 * and looked up AHEAD tokens later, when its row of counts is prefetched
 * in turn, to be counted AHEAD tokens after that.
 */
struct learning {
	struct xf_bayes	*b;
	size_t		 c;
	struct xf_err	*err;
	uint64_t	 key[AHEAD];	/* short tokens, waiting for a slot */
	size_t		 klen[AHEAD];
	size_t		 nkey, knext;
	uint32_t	 id[AHEAD];	/* tokens waiting to be counted */
	size_t		 nid, inext;
	int		 near;		/* all in cache: no rings */
};

static int
count_id(struct learning *l, uint32_t id)
{
	struct xf_bayes *b = l->b;
	uint32_t *n = &b->count[(size_t)id * b->stride + l->c];

	if (*n == UINT32_MAX)
		return xf_errf(l->err, "a token counted too often");
	if (b->linear && keep_id(b, id) == -1)
		return xf_errf(l->err, "out of memory");
	(*n)++;
	b->total[l->c]++;
	return 0;
}

static int
queue_id(struct learning *l, uint32_t id)
{
	uint32_t *p = &l->id[l->inext];

	PREFETCH(&l->b->count[(size_t)id * l->b->stride + l->c]);
	if (l->nid == AHEAD) {
		if (count_id(l, *p) == -1)
			return -1;
	} else
		l->nid++;
	*p = id;
	l->inext = (l->inext + 1) % AHEAD;
	return 0;
}

/* A short token's key holds its bytes. */
static int
settle_key(struct learning *l, uint64_t key, size_t len)
{
	char tok[KEY_BYTES];
	uint32_t id = 0;

	memcpy(tok, &key, sizeof(tok));
	if (intern_key(l->b, key, tok, len, &id, l->err) == -1)
		return -1;
	return queue_id(l, id);
}

static int
learn_token(void *ctx, const char *tok, size_t len)
{
	struct learning *l = ctx;
	struct xf_bayes *b = l->b;
	uint64_t key;
	uint32_t id = 0;
	size_t i = l->knext;

	/* Long tokens are rare, and their bytes are gone after return;
	 * tables in cache have no misses to overlap. */
	if (len > KEY_BYTES || l->near) {
		if (intern(b, tok, len, &id, l->err) == -1)
			return -1;
		return l->near ? count_id(l, id) : queue_id(l, id);
	}
	key = token_key(tok, len);
	PREFETCH(&b->slot[home(key, b->bits)]);
	if (l->nkey == AHEAD) {
		if (settle_key(l, l->key[i], l->klen[i]) == -1)
			return -1;
	} else
		l->nkey++;
	l->key[i] = key;
	l->klen[i] = len;
	l->knext = (i + 1) % AHEAD;
	return 0;
}

/* Counts what is still in the rings; until the ring is full, it fills
 * from its start. */
static int
drain(struct learning *l)
{
	size_t i;

	for (i = 0; i < l->nkey; i++)
		if (settle_key(l, l->key[i], l->klen[i]) == -1)
			return -1;
	for (i = 0; i < l->nid; i++)
		if (count_id(l, l->id[i]) == -1)
			return -1;
	return 0;
}

/*
 * The document is counted first, so every label has one; a text that
 * fails half way (out of memory) stays half counted.
 */
int
xf_bayes_learn(struct xf_bayes *b, const char *label, const char *text,
    size_t len, struct xf_err *err)
{
	struct learning l;
	int c;

	if (label == NULL || *label == '\0')
		return xf_errf(err, "empty label");
	if ((c = label_find(b, label)) == -1 &&
	    (c = label_add(b, label, strlen(label), err)) == -1)
		return -1;
	b->finished = 0;
	b->docs[c]++;
	b->ndocs++;
	l.b = b;
	l.c = (size_t)c;
	l.err = err;
	l.nkey = l.knext = l.nid = l.inext = 0;
	l.near = ((size_t)1 << b->bits) * sizeof(struct slot) +
	    b->rows * b->stride * sizeof(uint32_t) <= NEAR_BYTES;
	if (xf_tokens(text, len, learn_token, &l) != 0 || drain(&l) == -1)
		return -1;
	if (b->linear && keep_doc(b, (size_t)c) == -1)
		return xf_errf(err, "out of memory");
	return 0;
}

/* The frozen entry i of b. */
static struct entry *
entry_at(const struct xf_bayes *b, size_t i)
{
	return (struct entry *)(void *)(b->frozen + i * b->esize);
}

/* A frozen table with room for every slot, entries empty. */
static int
frozen_alloc(struct xf_bayes *b)
{
	size_t n = (size_t)1 << b->bits;
	size_t esize = offsetof(struct entry, row) + (b->nlabel + (size_t)
	    b->linear) * sizeof(float);

	/*
	 * Entries of a cache line or less sit in one line; longer ones
	 * keep their keys 8-byte aligned.
	 */
	if (esize <= CACHE_LINE)
		esize = CACHE_LINE;
	else
		esize = (esize + sizeof(uint64_t) - 1) &
		    ~(sizeof(uint64_t) - 1);
	free(b->frozen);
	b->esize = esize;
	if (n > SIZE_MAX / esize ||
	    (b->frozen = table_alloc(n * esize)) == NULL)
		return -1;
	return 0;
}

/*
 * Every entry at the place of its slot, so the probes of a look-up
 * are the same in both tables, with its row of log P(t|c).
 */
static void
freeze(struct xf_bayes *b, const double *norm)
{
	double lk[LOGK];
	size_t n = (size_t)1 << b->bits, nl = b->nlabel, i, c;
	const struct slot *s;
	const uint32_t *cnt;
	struct entry *e;

	for (i = 0; i < LOGK; i++)
		lk[i] = ln(i + XF_BAYES_ALPHA);
	for (i = 0; i < n; i++) {
		s = &b->slot[i];
		if (s->id == 0)
			continue;
		e = entry_at(b, i);
		e->key = s->key;
		e->id = s->id - 1;
		e->len = s->len;
		if (b->linear) {
			memcpy(e->row, b->lw + (size_t)e->id * (nl + 1),
			    (nl + 1) * sizeof(float));
			continue;
		}
		cnt = b->count + (size_t)e->id * b->stride;
		for (c = 0; c < nl; c++)
			e->row[c] = (float)((cnt[c] < LOGK ? lk[cnt[c]] :
			    ln(cnt[c] + XF_BAYES_ALPHA)) - norm[c]);
	}
}

/* --- the linear model ---------------------------------------------- */

static void rank(const double *s, size_t nl, size_t *best, size_t *second);

/*
 * The features are scikit-learn's TfidfVectorizer(sublinear_tf=True):
 * (1 + ln tf) times the smoothed idf, ln((1 + n) / (1 + df)) + 1, each
 * text scaled to length 1.  Measured on waimai-10k and the CFPB sample
 * (see scripts/bench-classify), the class weights (n / (k n_c))^(1/2)
 * gave the best macro-F1 without costing accuracy (C 0.5, CFPB
 * products: power 0 macro-F1 0.315 accuracy 0.805, 0.5 0.415 0.841, 1
 * 0.467 0.815): the full "balanced" weights overpredict rare labels at
 * the cost of the common, none starve the rare.
 */
/* Measured (macro-F1 on waimai-10k, the CFPB products): C 2 0.874
 * 0.416, 1 (LinearSVC's default) 0.881 0.414, 0.5 0.885 0.415, 0.25
 * 0.888 0.416: a little more regularisation than LinearSVC's, as
 * xf's word and bigram tokens are fewer and richer than its chars. */
#define SVM_C		0.5
#define CWEIGHT_POWER	0.5
#define CALIBRATE_MIN	20	/* texts below which Platt is not fitted */
#define SOFTMAX_SCALE	2.0	/* the stand-in: a softmax of the scores */
#define SVM_SEED	UINT64_C(20261205)

static int
by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* A small array of ids in order: insertion sort, else qsort. */
static void
sort_ids(uint32_t *v, size_t n)
{
	size_t i, j;
	uint32_t t;

	if (n > 32) {
		qsort(v, n, sizeof(*v), by_id);
		return;
	}
	for (i = 1; i < n; i++) {
		for (t = v[i], j = i; j > 0 && v[j - 1] > t; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* The rows of the texts kept: ids sorted and counted, TF-IDF, length 1. */
struct rows {
	size_t		*off;
	uint32_t	*id;
	float		*val;
	float		*idf;
};

static void
free_rows(struct rows *r)
{
	free(r->off);
	free(r->id);
	free(r->val);
	free(r->idf);
}

static int
make_rows(struct xf_bayes *b, struct rows *r)
{
	size_t d, k, j, start, nnz = 0;
	uint32_t *df;
	double norm, v;

	memset(r, 0, sizeof(*r));
	if ((r->off = calloc(b->ndoc + 1, sizeof(*r->off))) == NULL ||
	    (r->id = calloc(b->dlen + 1, sizeof(*r->id))) == NULL ||
	    (r->val = calloc(b->dlen + 1, sizeof(*r->val))) == NULL ||
	    (r->idf = calloc(b->ntok + 1, sizeof(*r->idf))) == NULL ||
	    (df = calloc(b->ntok + 1, sizeof(*df))) == NULL)
		return -1;
	for (d = 0, start = 0; d < b->ndoc; start = b->dend[d++]) {
		sort_ids(b->dtok + start, b->dend[d] - start);
		r->off[d] = nnz;
		for (k = start; k < b->dend[d]; k = j) {
			for (j = k; j < b->dend[d] && b->dtok[j] == b->dtok[k];
			    j++)
				;
			r->id[nnz] = b->dtok[k];
			r->val[nnz++] = (float)(1 + ln((double)(j - k)));
			df[b->dtok[k]]++;
		}
	}
	r->off[b->ndoc] = nnz;
	for (k = 0; k < b->ntok; k++)
		r->idf[k] = (float)(ln((1.0 + b->ndoc) / (1.0 + df[k])) + 1);
	free(df);
	for (d = 0; d < b->ndoc; d++) {
		norm = 0;
		for (k = r->off[d]; k < r->off[d + 1]; k++) {
			v = r->val[k] *= r->idf[r->id[k]];
			norm += v * v;
		}
		norm = norm > 0 ? 1 / sqrt(norm) : 0;
		for (k = r->off[d]; k < r->off[d + 1]; k++)
			r->val[k] = (float)(r->val[k] * norm);
	}
	return 0;
}

/* The best label's margin over the next, and the best label. */
static double
margin_gap(const double *s, size_t nl, size_t *best)
{
	size_t second;

	rank(s, nl, best, &second);
	return second < nl ? s[*best] - s[second] : 0;
}

/* The margin gap of row, and whether its best label is right. */
static double
row_gap(const struct xf_docs *d, size_t row, const double *w,
    const double *bias, unsigned char *right)
{
	double s[XF_BAYES_CLASSES], gap;
	size_t c, best;

	for (c = 0; c < d->nlabel; c++)
		s[c] = xf_linear_dot(d, row, w + c * d->nfeat, bias[c]);
	gap = margin_gap(s, d->nlabel, &best);
	*right = best == d->label[row];
	return gap;
}

/*
 * Platt's sigmoid from margins no model saw in training: trained on the
 * even texts and tested on the odd, then the other way round (texts in
 * the order of their labels still give halves of every label).  The
 * duals of both halves are left in alpha, the warm start of the model
 * of all the texts.
 */
static int
calibrate(struct xf_bayes *b, const struct xf_docs *d, const double *cw,
    double *alpha, double *w, double *bias, struct xf_err *err)
{
	size_t n = d->n, *order, half = (n + 1) / 2, i, h;
	unsigned char *right;
	double *gap;
	int rc = -1;

	b->pa = SOFTMAX_SCALE;
	b->pb = 0;
	if (n < CALIBRATE_MIN)
		return 0;
	order = calloc(n, sizeof(*order));
	right = calloc(n, 1);
	gap = calloc(n, sizeof(*gap));
	if (order == NULL || right == NULL || gap == NULL) {
		xf_errf(err, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		order[i % 2 ? half + i / 2 : i / 2] = i;
	for (h = 0; h < 2; h++) {
		const size_t *train = h ? order + half : order;
		const size_t *test = h ? order : order + half;
		size_t ntrain = h ? n - half : half, ntest = n - ntrain;

		if (xf_linear_train(d, train, ntrain, cw, SVM_C, alpha, w,
		    bias, SVM_SEED + h, err) == -1)
			goto out;
		for (i = 0; i < ntest; i++)
			gap[test[i]] = row_gap(d, test[i], w, bias,
			    &right[test[i]]);
	}
	if (xf_platt_fit(gap, right, n, &b->pa, &b->pb) == -1)
		xf_errf(err, "out of memory");
	else
		rc = 0;
	/* A fit that does not rise with the margin says nothing: the
	 * stand-in instead (a is below 0 in every fit that does). */
	if (rc == 0 && b->pa >= 0) {
		b->pa = SOFTMAX_SCALE;
		b->pb = 0;
	}
out:
	free(order);
	free(right);
	free(gap);
	return rc;
}

/* Weights and idf into b->lw, one row a token. */
static int
keep_weights(struct xf_bayes *b, const struct rows *r, const double *w,
    const double *bias)
{
	size_t nl = b->nlabel, t, c;

	free(b->lw);
	if ((b->lw = calloc((b->ntok + 1) * (nl + 1), sizeof(*b->lw))) ==
	    NULL)
		return -1;
	for (t = 0; t < b->ntok; t++) {
		for (c = 0; c < nl; c++)
			b->lw[t * (nl + 1) + c] = (float)w[c * b->ntok + t];
		b->lw[t * (nl + 1) + nl] = r->idf[t];
	}
	for (c = 0; c < nl; c++)
		b->bias[c] = bias[c];
	return 0;
}

static int
train_linear(struct xf_bayes *b, struct xf_err *err)
{
	double cw[XF_BAYES_CLASSES], bias[XF_BAYES_CLASSES], *alpha, *w;
	struct xf_docs d;
	struct rows r;
	size_t c, nl = b->nlabel;
	int rc = -1;

	alpha = calloc(nl * b->ndoc + 1, sizeof(*alpha));
	w = calloc(nl * b->ntok + 1, sizeof(*w));
	if (alpha == NULL || w == NULL || make_rows(b, &r) == -1) {
		xf_errf(err, "out of memory");
		goto out;
	}
	for (c = 0; c < nl; c++)
		cw[c] = pow((double)b->ndoc / ((double)nl * (double)b->docs[c]),
		    CWEIGHT_POWER);
	d.off = r.off;
	d.id = r.id;
	d.val = r.val;
	d.label = b->dlab;
	d.n = b->ndoc;
	d.nfeat = b->ntok;
	d.nlabel = nl;
	memset(bias, 0, sizeof(bias));
	/* One label is a model of nothing, but no error here: train says
	 * so, and a fold of eval may lack all other labels. */
	if (nl >= 2 && (calibrate(b, &d, cw, alpha, w, bias, err) == -1 ||
	    xf_linear_train(&d, NULL, 0, cw, SVM_C, alpha, w, bias,
	    SVM_SEED, err) == -1))
		goto out;
	if (keep_weights(b, &r, w, bias) == -1)
		xf_errf(err, "out of memory");
	else
		rc = 0;
out:
	free_rows(&r);
	free(alpha);
	free(w);
	return rc;
}

int
xf_bayes_finish(struct xf_bayes *b, struct xf_err *err)
{
	double norm[XF_BAYES_CLASSES], lndocs;
	size_t c;

	if (b->ndocs == 0)
		return xf_errf(err, "nothing learned");
	b->finished = 0;
	if (b->linear && b->ndoc > 0 && train_linear(b, err) == -1)
		return -1;
	for (c = 1; c < LOGK; c++)
		b->lntf[c] = 1 + ln((double)c);
	if (frozen_alloc(b) == -1)
		return xf_errf(err, "out of memory");
	lndocs = ln((double)b->ndocs);
	for (c = 0; c < b->nlabel; c++) {
		b->prior[c] = ln((double)b->docs[c]) - lndocs;
		norm[c] = ln(b->total[c] + XF_BAYES_ALPHA * (double)b->ntok);
	}
	freeze(b, norm);
	b->near = ((size_t)1 << b->bits) * b->esize <= NEAR_BYTES;
#ifdef HAVE_AVX_PATH
	b->avx = __builtin_cpu_supports("avx");
#endif
	b->finished = 1;
	return 0;
}

/* --- prediction ---------------------------------------------------- */

/*
 * Look-ups wait in a ring of AHEAD with their entry prefetched, and are
 * made when the ring is full: a big vocabulary does not fit in cache,
 * and this way the misses of many tokens overlap instead of coming one
 * after another.
 */
struct pending {
	uint64_t	key;
	size_t		len;
	size_t		home;
};

/*
 * A linear model's features are per distinct token (1 + ln tf): the
 * known entries of a text are collected, by the same ring of look-ups
 * as naive Bayes's rows, and put in order, so that the same entry's
 * hits sit together and are counted.
 */
enum { HITS_STACK = 1024 };

struct collect {
	const struct entry	**e;
	size_t			 n, cap;
	const struct entry	*stack[HITS_STACK];
};

struct scoring {
	const struct xf_bayes	*b;
	struct collect		*co;	/* a linear model's, else NULL */
	double			 s[XF_BAYES_CLASSES];
	const float		*rows[SUM_ROWS];	/* rows not yet added */
	size_t			 nrows;
	struct pending		 ring[AHEAD];
	size_t			 next, n;
	size_t			 known;	/* tokens the model has seen */
};

/* The entry of a key from its home on, or NULL when it is unknown. */
static const struct entry *
probe(const struct xf_bayes *b, uint64_t key, const char *tok, size_t len,
    size_t i)
{
	size_t mask = ((size_t)1 << b->bits) - 1;
	const struct entry *e;

	for (;; i = (i + 1) & mask) {
		e = entry_at(b, i);
		if (e->len == 0)
			return NULL;
		if (same(b, e->key, e->len, e->id, key, tok, len))
			return e;
	}
}

/* The frozen entry of a token, or NULL when it is unknown. */
static const struct entry *
lookup(const struct xf_bayes *b, const char *tok, size_t len)
{
	uint64_t key = token_key(tok, len);

	return probe(b, key, tok, len, home(key, b->bits));
}

/*
 * The rows of the known tokens are collected and added label by label
 * down the column, four labels at a time where SSE2 is there (every
 * x86-64), so the sums stay in registers: adding each row into the
 * scores in memory, as it came, was a third of all classifying time.
 */
#ifdef HAVE_AVX_PATH
/* The same with AVX: four floats widened and added in one step. */
__attribute__((target("avx"))) static void
sum_rows_avx(struct scoring *sc)
{
	const float *const *rows = sc->rows;
	size_t c = 0, t, n = sc->nrows, nl = sc->b->nlabel;
	double sum;

	for (; c + 8 <= nl; c += 8) {
		__m256d lo = _mm256_setzero_pd(), hi = _mm256_setzero_pd();

		for (t = 0; t < n; t++) {
			lo = _mm256_add_pd(lo, _mm256_cvtps_pd(
			    _mm_loadu_ps(rows[t] + c)));
			hi = _mm256_add_pd(hi, _mm256_cvtps_pd(
			    _mm_loadu_ps(rows[t] + c + 4)));
		}
		_mm256_storeu_pd(sc->s + c, _mm256_add_pd(
		    _mm256_loadu_pd(sc->s + c), lo));
		_mm256_storeu_pd(sc->s + c + 4, _mm256_add_pd(
		    _mm256_loadu_pd(sc->s + c + 4), hi));
	}
	for (; c < nl; c++) {
		for (sum = 0.0, t = 0; t < n; t++)
			sum += (double)rows[t][c];
		sc->s[c] += sum;
	}
	sc->nrows = 0;
}
#endif

static void
sum_rows(struct scoring *sc)
{
	const float *const *rows = sc->rows;
	size_t c = 0, t, n = sc->nrows, nl = sc->b->nlabel;
	double sum;

#ifdef HAVE_AVX_PATH
	if (sc->b->avx) {
		sum_rows_avx(sc);
		return;
	}
#endif
#ifdef __SSE2__
	for (; c + 4 <= nl; c += 4) {
		__m128d lo = _mm_setzero_pd(), hi = _mm_setzero_pd();
		__m128 f;

		for (t = 0; t < n; t++) {
			f = _mm_loadu_ps(rows[t] + c);
			lo = _mm_add_pd(lo, _mm_cvtps_pd(f));
			hi = _mm_add_pd(hi, _mm_cvtps_pd(_mm_movehl_ps(f, f)));
		}
		_mm_storeu_pd(sc->s + c, _mm_add_pd(_mm_loadu_pd(sc->s + c),
		    lo));
		_mm_storeu_pd(sc->s + c + 2, _mm_add_pd(_mm_loadu_pd(sc->s +
		    c + 2), hi));
	}
#endif
	for (; c < nl; c++) {
		for (sum = 0.0, t = 0; t < n; t++)
			sum += (double)rows[t][c];
		sc->s[c] += sum;
	}
	sc->nrows = 0;
}

static void collect(struct collect *co, const struct entry *e);

static void
add_row(struct scoring *sc, const struct entry *e)
{
	if (e == NULL)
		return;
	if (sc->co != NULL) {
		collect(sc->co, e);
		return;
	}
	sc->known++;
	sc->rows[sc->nrows++] = e->row;
	if (sc->nrows == SUM_ROWS)
		sum_rows(sc);
}

/* A pending token is short: its key is its bytes, no compare needed. */
static void
settle(struct scoring *sc, const struct pending *p)
{
	add_row(sc, probe(sc->b, p->key, NULL, p->len, p->home));
}

static int
score_token(void *ctx, const char *tok, size_t len)
{
	struct scoring *sc = ctx;
	struct pending *p;

	/* Long tokens are rare, and their bytes are gone after return;
	 * a table in cache has no misses to overlap. */
	if (len > KEY_BYTES || sc->b->near) {
		add_row(sc, lookup(sc->b, tok, len));
		return 0;
	}
	p = &sc->ring[sc->next];
	if (sc->n == AHEAD)
		settle(sc, p);
	else
		sc->n++;
	p->key = token_key(tok, len);
	p->len = len;
	p->home = home(p->key, sc->b->bits);
	PREFETCH(entry_at(sc->b, p->home));
	sc->next = (sc->next + 1) % AHEAD;
	return 0;
}

/* The score of each label: log prior plus log P(t|c) of every token. */
static void
score(const struct xf_bayes *b, const char *text, size_t len,
    struct scoring *sc)
{
	size_t i;

	sc->b = b;
	sc->next = sc->n = sc->known = sc->nrows = 0;
	memcpy(sc->s, b->prior, b->nlabel * sizeof(sc->s[0]));
	xf_tokens(text, len, score_token, sc);
	for (i = 0; i < sc->n; i++)
		settle(sc, &sc->ring[i]);
	sum_rows(sc);
}

/* The best class of the scores and the one after it (nl when none). */
static void
rank(const double *s, size_t nl, size_t *best, size_t *second)
{
	size_t c;

	*best = 0;
	*second = nl;
	for (c = 1; c < nl; c++) {
		if (s[c] > s[*best]) {
			*second = *best;
			*best = c;
		} else if (*second == nl || s[c] > s[*second])
			*second = c;
	}
}

static void
collect(struct collect *co, const struct entry *e)
{
	const struct entry **p;
	size_t cap;

	if (co->n == co->cap) {
		cap = co->cap * 2;
		if (cap > SIZE_MAX / sizeof(*p) || (p = malloc(cap *
		    sizeof(*p))) == NULL)
			return;		/* the text is scored as far as read */
		memcpy(p, co->e, co->n * sizeof(*p));
		if (co->e != co->stack)
			free(co->e);
		co->e = p;
		co->cap = cap;
	}
	co->e[co->n++] = e;
}

static int
by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const struct entry *const *)a;
	uintptr_t y = (uintptr_t)*(const struct entry *const *)b;

	return (x > y) - (x < y);
}

static void
sort_hits(const struct entry **v, size_t n)
{
	const struct entry *t;
	size_t i, j;

	if (n > 32) {
		qsort(v, n, sizeof(*v), by_address);
		return;
	}
	for (i = 1; i < n; i++) {
		for (t = v[i], j = i; j > 0 && (uintptr_t)v[j - 1] >
		    (uintptr_t)t; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/*
 * The hits of a text of at most HITS_STACK known tokens counted in a
 * small hash set of entries, not sorted: sorting was half of all the
 * time of predicting.  1 + ln tf from a table for the usual counts.
 */
enum { SET_SLOTS = 2 * HITS_STACK };

static void
score_distinct(const struct xf_bayes *b, const struct collect *co,
    double *sum, double *norm)
{
	const struct entry *key[SET_SLOTS];
	uint32_t count[SET_SLOTS];
	size_t slots = 16, mask, i, k, c, nl = b->nlabel;
	uintptr_t h;
	const float *row;
	double v;

	while (slots < 2 * co->n)
		slots *= 2;
	mask = slots - 1;
	memset(key, 0, slots * sizeof(key[0]));
	for (i = 0; i < co->n; i++) {
		h = (uintptr_t)co->e[i] / CACHE_LINE;
		for (k = (size_t)(h * FIB_MULT >> 32) & mask;
		    key[k] != NULL && key[k] != co->e[i]; k = (k + 1) & mask)
			;
		if (key[k] == NULL) {
			key[k] = co->e[i];
			count[k] = 0;
		}
		count[k]++;
	}
	for (k = 0; k < slots; k++) {
		if (key[k] == NULL)
			continue;
		row = key[k]->row;
		v = (count[k] < LOGK ? b->lntf[count[k]] :
		    1 + ln((double)count[k])) * row[nl];
		*norm += v * v;
		for (c = 0; c < nl; c++)
			sum[c] += v * row[c];
	}
}

/* bias + w.x of each label, x the text's TF-IDF of length 1. */
static size_t
score_linear(const struct xf_bayes *b, const char *text, size_t len,
    double *s)
{
	struct collect co = { .cap = HITS_STACK };
	struct scoring sc = { .co = &co };
	size_t nl = b->nlabel, i, j, c;
	double v, norm = 0, sum[XF_BAYES_CLASSES] = { 0 };
	const float *row;

	co.e = co.stack;
	score(b, text, len, &sc);
	if (co.n <= HITS_STACK) {
		score_distinct(b, &co, sum, &norm);
		goto done;
	}
	sort_hits(co.e, co.n);
	for (i = 0; i < co.n; i = j) {
		for (j = i; j < co.n && co.e[j] == co.e[i]; j++)
			;
		row = co.e[i]->row;
		v = (j - i < LOGK ? b->lntf[j - i] : 1 + ln((double)(j - i))) *
		    row[nl];
		norm += v * v;
		for (c = 0; c < nl; c++)
			sum[c] += v * row[c];
	}
done:
	norm = norm > 0 ? 1 / sqrt(norm) : 0;
	for (c = 0; c < nl; c++)
		s[c] = b->bias[c] + sum[c] * norm;
	if (co.e != co.stack)
		free(co.e);
	return co.n;
}

static int
predict_linear(const struct xf_bayes *b, const char *text, size_t len,
    struct xf_prediction *p)
{
	double s[XF_BAYES_CLASSES], sum = 0;
	size_t nl = b->nlabel, best, second, c;

	p->known = score_linear(b, text, len, s);
	rank(s, nl, &best, &second);
	p->label = b->label[best];
	p->second = second < nl ? b->label[second] : NULL;
	if (b->pa < 0) {
		p->confidence = xf_platt(second < nl ? s[best] - s[second] :
		    0, b->pa, b->pb);
		return 0;
	}
	/* Too few texts to calibrate: a softmax, 1/nlabel when no token
	 * is known and the biases are even. */
	for (c = 0; c < nl; c++)
		sum += ex(b->pa * (s[c] - s[best]));
	p->confidence = 1 / sum;
	return 0;
}

int
xf_bayes_predict(const struct xf_bayes *b, const char *text, size_t len,
    struct xf_prediction *p)
{
	struct scoring sc = { .co = NULL };
	size_t nl = b->nlabel, c, best, second;
	double sum = 0.0, d;

	if (!b->finished || nl == 0)
		return -1;
	if (b->linear)
		return predict_linear(b, text, len, p);
	score(b, text, len, &sc);
	rank(sc.s, nl, &best, &second);
	/*
	 * The softmax, less the best score so that no exp overflows.  A
	 * class NEGLIGIBLE behind adds less than the sum's last bits.
	 */
	for (c = 0; c < nl; c++)
		if ((d = sc.s[c] - sc.s[best]) > -NEGLIGIBLE)
			sum += ex(d);
	p->label = b->label[best];
	p->confidence = 1.0 / sum;
	p->second = second < nl ? b->label[second] : NULL;
	p->known = sc.known;
	return 0;
}

size_t
xf_bayes_labels(const struct xf_bayes *b, const char **labels, size_t max)
{
	size_t i;

	for (i = 0; i < b->nlabel && i < max; i++)
		labels[i] = b->label[i];
	return b->nlabel;
}

/* --- explain ------------------------------------------------------- */

/* The known tokens of a text, as their entries; a token may repeat. */
struct hits {
	const struct xf_bayes	*b;
	const struct entry	**e;
	size_t			 n, cap;
};

struct cand {
	const unsigned char	*tok;	/* in the pool: length, bytes */
	uint32_t		 count;
	double			 weight, score;
};

static int
hit_token(void *ctx, const char *tok, size_t len)
{
	struct hits *h = ctx;
	const struct entry *e, **p;
	size_t cap;

	if ((e = lookup(h->b, tok, len)) == NULL)
		return 0;
	if (h->n == h->cap) {
		cap = h->cap ? h->cap * 2 : ROWS_MIN;
		if (cap > SIZE_MAX / sizeof(*p) ||
		    (p = realloc(h->e, cap * sizeof(*p))) == NULL)
			return -1;
		h->e = p;
		h->cap = cap;
	}
	h->e[h->n++] = e;
	return 0;
}

/* Any order that puts the hits of one token together. */
static int
by_entry(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Heaviest first; ties in byte order of the tokens, for stable output. */
static int
by_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	size_t lx = x->tok[0], ly = y->tok[0];
	int cmp;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if ((cmp = memcmp(x->tok + 1, y->tok + 1, lx < ly ? lx : ly)) != 0)
		return cmp;
	return (lx > ly) - (lx < ly);
}

/*
 * log P(t|label) less the log of the mean P(t|c) of the other labels:
 * how much more likely the token is under label than elsewhere.
 */
static double
weigh(const struct xf_bayes *b, const float *row, size_t label)
{
	double mean = 0.0;
	size_t c;

	if (b->nlabel < 2)
		return 0.0;
	if (b->linear) {
		/* How much the token adds to label over the others. */
		for (c = 0; c < b->nlabel; c++)
			if (c != label)
				mean += row[c];
		return (row[label] - mean / (double)(b->nlabel - 1)) *
		    row[b->nlabel];
	}
	for (c = 0; c < b->nlabel; c++)
		if (c != label)
			mean += ex(row[c]);
	return row[label] - ln(mean / (double)(b->nlabel - 1));
}

/* Candidates from the sorted hits: one per token, with its count. */
static size_t
tally(const struct xf_bayes *b, const struct hits *h, size_t label,
    struct cand *cd)
{
	size_t i, j, nc = 0;
	const struct entry *e;

	for (i = 0; i < h->n; i = j) {
		e = h->e[i];
		for (j = i; j < h->n && h->e[j] == e; j++)
			;
		cd[nc].tok = b->pool + b->off[e->id];
		cd[nc].count = j - i > UINT32_MAX ? UINT32_MAX :
		    (uint32_t)(j - i);
		cd[nc].weight = weigh(b, e->row, label);
		cd[nc].score = cd[nc].weight * cd[nc].count;
		nc++;
	}
	return nc;
}

static void
fill(const struct cand *cd, struct xf_weight *w)
{
	size_t len = cd->tok[0];

	memcpy(w->token, cd->tok + 1, len);
	w->token[len] = '\0';
	w->weight = cd->weight;
	w->count = cd->count > INT_MAX ? INT_MAX : (int)cd->count;
}

/*
 * Every known token of the text, those that weigh against label (a
 * negative weight) last; unknown tokens weigh nothing either way.
 */
int
xf_bayes_explain(const struct xf_bayes *b, const char *label,
    const char *text, size_t len, struct xf_weight *w, size_t max,
    size_t *n)
{
	struct hits h = { b, NULL, 0, 0 };
	struct cand *cd;
	size_t i, nc;
	int l;

	*n = 0;
	if (!b->finished || label == NULL || (l = label_find(b, label)) == -1)
		return -1;
	if (xf_tokens(text, len, hit_token, &h) != 0) {
		free(h.e);
		return -1;
	}
	if (h.n == 0)
		return 0;
	qsort(h.e, h.n, sizeof(*h.e), by_entry);
	if ((cd = calloc(h.n, sizeof(*cd))) == NULL) {
		free(h.e);
		return -1;
	}
	nc = tally(b, &h, (size_t)l, cd);
	qsort(cd, nc, sizeof(*cd), by_score);
	for (i = 0; i < nc && i < max; i++)
		fill(&cd[i], &w[i]);
	*n = i;
	free(cd);
	free(h.e);
	return 0;
}

/* --- the model file ------------------------------------------------ */

/*
 * Little-endian throughout:
 *
 *	"XFNB" u32 version u64 total-length
 *	u32 labels, each u32 length and bytes
 *	u64 tokens, each u8 length, bytes, and a varint count per label
 *	u64 documents per label, u64 tokens counted per label
 *	version 2 only: f64 Platt's a and b, f64 bias per label, and per
 *	token in order f32 weight per label and f32 idf
 *	SHA-256 of all the bytes before it
 *
 * The total length tells a short file from a damaged one before the
 * digest is checked.  Counts are varints (LEB128): most are 0 and take
 * one byte.  The log tables are not stored; load makes them again.
 * A naive Bayes model is written as version 1, so that an older xf
 * still reads it; a linear model is version 2, which it refuses.
 */

static int
put_le(struct xf_buf *o, uint64_t v, size_t n)
{
	unsigned char p[sizeof(v)];
	size_t i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xFF);
	return xf_buf_add(o, p, n);
}

static int
put_varint(struct xf_buf *o, uint32_t v)
{
	unsigned char p[VARINT_MAX];
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return xf_buf_add(o, p, n);
}

static int
put_labels(const struct xf_bayes *b, struct xf_buf *o)
{
	size_t i, len;

	if (put_le(o, b->nlabel, sizeof(uint32_t)) == -1)
		return -1;
	for (i = 0; i < b->nlabel; i++) {
		len = strlen(b->label[i]);
		if (put_le(o, len, sizeof(uint32_t)) == -1 ||
		    xf_buf_add(o, b->label[i], len) == -1)
			return -1;
	}
	return 0;
}

/* The pool holds the tokens in the order of their ids. */
static int
put_tokens(const struct xf_bayes *b, struct xf_buf *o)
{
	const unsigned char *p = b->pool;
	const uint32_t *n;
	size_t t, c;

	if (put_le(o, b->ntok, sizeof(uint64_t)) == -1)
		return -1;
	for (t = 0; t < b->ntok; t++) {
		if (xf_buf_add(o, p, 1 + (size_t)p[0]) == -1)
			return -1;
		p += 1 + (size_t)p[0];
		n = b->count + t * b->stride;
		for (c = 0; c < b->nlabel; c++)
			if (put_varint(o, n[c]) == -1)
				return -1;
	}
	return 0;
}

static int
put_totals(const struct xf_bayes *b, struct xf_buf *o)
{
	size_t c;

	for (c = 0; c < b->nlabel; c++)
		if (put_le(o, b->docs[c], sizeof(uint64_t)) == -1)
			return -1;
	for (c = 0; c < b->nlabel; c++)
		if (put_le(o, b->total[c], sizeof(uint64_t)) == -1)
			return -1;
	return 0;
}

static int
put_f64(struct xf_buf *o, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	return put_le(o, bits, sizeof(bits));
}

static int
put_linear(const struct xf_bayes *b, struct xf_buf *o)
{
	size_t nl = b->nlabel, i, n = b->ntok * (nl + 1);
	uint32_t bits;

	if (put_f64(o, b->pa) == -1 || put_f64(o, b->pb) == -1)
		return -1;
	for (i = 0; i < nl; i++)
		if (put_f64(o, b->bias[i]) == -1)
			return -1;
	for (i = 0; i < n; i++) {
		memcpy(&bits, &b->lw[i], sizeof(bits));
		if (put_le(o, bits, sizeof(bits)) == -1)
			return -1;
	}
	return 0;
}

int
xf_bayes_save(const struct xf_bayes *b, struct xf_buf *out,
    struct xf_err *err)
{
	unsigned char digest[XF_SHA256_LEN];
	struct xf_sha256 sha;
	size_t start = out->len, i;
	uint64_t total;

	if (b->nlabel == 0)
		return xf_errf(err, "nothing learned: no model to save");
	if (b->linear && (b->lw == NULL || !b->finished))
		return xf_errf(err, "a linear model is saved once finished");
	if (xf_buf_add(out, MAGIC, MAGIC_LEN) == -1 ||
	    put_le(out, b->linear ? MODEL_VERSION : MODEL_NB,
	    sizeof(uint32_t)) == -1 ||
	    put_le(out, 0, sizeof(uint64_t)) == -1 ||
	    put_labels(b, out) == -1 || put_tokens(b, out) == -1 ||
	    put_totals(b, out) == -1 || (b->linear &&
	    put_linear(b, out) == -1))
		goto fail;
	/* The length, now known, over the zeros left for it. */
	total = out->len - start + XF_SHA256_LEN;
	for (i = 0; i < sizeof(total); i++)
		out->p[start + MAGIC_LEN + sizeof(uint32_t) + i] =
		    (char)((total >> (8 * i)) & 0xFF);
	xf_sha256_init(&sha);
	xf_sha256_update(&sha, out->p + start, out->len - start);
	xf_sha256_final(&sha, digest);
	if (xf_buf_add(out, digest, sizeof(digest)) == -1)
		goto fail;
	return 0;
fail:
	out->len = start;
	if (out->p != NULL)
		out->p[start] = '\0';
	return xf_errf(err, "out of memory");
}

/* The bytes of a model being read; nothing is read past end. */
struct reader {
	const unsigned char	*p, *end;
};

static uint64_t
le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 8) | p[n];
	return v;
}

static int
get_le(struct reader *r, size_t n, uint64_t *v)
{
	if ((size_t)(r->end - r->p) < n)
		return -1;
	*v = le(r->p, n);
	r->p += n;
	return 0;
}

static int
get_bytes(struct reader *r, size_t n, const unsigned char **p)
{
	if ((size_t)(r->end - r->p) < n)
		return -1;
	*p = r->p;
	r->p += n;
	return 0;
}

static int
get_varint(struct reader *r, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < VARINT_MAX && r->p < r->end; i++) {
		x |= (uint64_t)(*r->p & 0x7F) << (7 * i);
		if ((*r->p++ & 0x80) == 0) {
			if (x > UINT32_MAX)
				return -1;
			*v = (uint32_t)x;
			return 0;
		}
	}
	return -1;
}

static int
damaged(struct xf_err *err, const char *what)
{
	return xf_errf(err, "model is damaged: %s", what);
}

static int
get_labels(struct xf_bayes *b, struct reader *r, struct xf_err *err)
{
	const unsigned char *p;
	uint64_t n, len, i;

	if (get_le(r, sizeof(uint32_t), &n) == -1)
		return damaged(err, "no labels");
	if (n == 0 || n > XF_BAYES_CLASSES)
		return damaged(err, "impossible number of labels");
	for (i = 0; i < n; i++) {
		if (get_le(r, sizeof(uint32_t), &len) == -1 || len == 0 ||
		    len > LABEL_MAX || get_bytes(r, len, &p) == -1 ||
		    memchr(p, '\0', len) != NULL)
			return damaged(err, "bad label");
		if (label_add(b, (const char *)p, len, err) == -1)
			return -1;
		if (label_find(b, b->label[i]) != (int)i)
			return damaged(err, "a label twice");
	}
	return 0;
}

/*
 * Every token takes at least its length byte, one byte and a byte per
 * label, which bounds how many a model of this size can hold before
 * anything is allocated for them.
 */
static int
get_tokens(struct xf_bayes *b, struct reader *r, uint64_t *sum,
    struct xf_err *err)
{
	const unsigned char *p;
	uint64_t ntok, len, t;
	uint32_t id = 0, *n;
	size_t c;

	if (get_le(r, sizeof(uint64_t), &ntok) == -1 ||
	    ntok > (uint64_t)(r->end - r->p) / (2 + b->nlabel))
		return damaged(err, "impossible number of tokens");
	while ((ntok + 1) * LOAD_DEN > ((uint64_t)LOAD_NUM << b->bits))
		if (rehash(b) == -1)
			return xf_errf(err, "out of memory");
	for (t = 0; t < ntok; t++) {
		if (get_le(r, 1, &len) == -1 || len == 0 ||
		    len > XF_TOKEN_MAX || get_bytes(r, len, &p) == -1 ||
		    memchr(p, '\0', len) != NULL)
			return damaged(err, "bad token");
		if (intern(b, (const char *)p, len, &id, err) == -1)
			return -1;
		if (id != t)
			return damaged(err, "a token twice");
		n = b->count + (size_t)id * b->stride;
		for (c = 0; c < b->nlabel; c++) {
			if (get_varint(r, &n[c]) == -1 ||
			    n[c] > UINT64_MAX - sum[c])
				return damaged(err, "bad count");
			sum[c] += n[c];
		}
	}
	return 0;
}

static int
get_totals(struct xf_bayes *b, struct reader *r, const uint64_t *sum,
    struct xf_err *err)
{
	size_t c;

	for (c = 0; c < b->nlabel; c++) {
		if (get_le(r, sizeof(uint64_t), &b->docs[c]) == -1)
			return damaged(err, "no document counts");
		if (b->docs[c] == 0 || b->docs[c] > UINT64_MAX - b->ndocs)
			return damaged(err, "impossible document count");
		b->ndocs += b->docs[c];
	}
	for (c = 0; c < b->nlabel; c++) {
		if (get_le(r, sizeof(uint64_t), &b->total[c]) == -1)
			return damaged(err, "no token totals");
		if (b->total[c] != sum[c])
			return damaged(err, "token totals do not add up");
	}
	return 0;
}

static int
get_f64(struct reader *r, double *v)
{
	uint64_t bits;

	if (get_le(r, sizeof(bits), &bits) == -1)
		return -1;
	memcpy(v, &bits, sizeof(*v));
	return isfinite(*v) ? 0 : -1;
}

/* Platt's a and b, the biases and the rows of a linear model. */
static int
get_linear(struct xf_bayes *b, struct reader *r, struct xf_err *err)
{
	size_t nl = b->nlabel, i, n = b->ntok * (nl + 1);
	uint64_t bits;
	uint32_t u;
	float f;

	if (get_f64(r, &b->pa) == -1 || get_f64(r, &b->pb) == -1)
		return damaged(err, "bad calibration");
	for (i = 0; i < nl; i++)
		if (get_f64(r, &b->bias[i]) == -1)
			return damaged(err, "bad bias");
	if ((size_t)(r->end - r->p) / sizeof(float) != n)
		return damaged(err, "weights of the wrong size");
	if ((b->lw = calloc(n + 1, sizeof(*b->lw))) == NULL)
		return xf_errf(err, "out of memory");
	for (i = 0; i < n; i++) {
		if (get_le(r, sizeof(uint32_t), &bits) == -1)
			return damaged(err, "weights cut short");
		u = (uint32_t)bits;
		memcpy(&f, &u, sizeof(f));
		/* An idf is at least 1: ln((1 + n) / (1 + df)) + 1. */
		if (!isfinite(f) || (i % (nl + 1) == nl && f < 1))
			return damaged(err, "bad weight");
		b->lw[i] = f;
	}
	b->linear = 1;
	return 0;
}

/* Magic, version, length and digest: whether the bytes are a model. */
static int
check(const unsigned char *d, size_t len, uint64_t *version,
    struct xf_err *err)
{
	unsigned char digest[XF_SHA256_LEN];
	struct xf_sha256 sha;
	uint64_t total;

	if (len < MAGIC_LEN) {
		if (len > 0 && memcmp(d, MAGIC, len) == 0)
			return xf_errf(err, "model is truncated");
		return xf_errf(err, "not an xf model");
	}
	if (memcmp(d, MAGIC, MAGIC_LEN) != 0)
		return xf_errf(err, "not an xf model");
	if (len < HEADER_LEN)
		return xf_errf(err, "model is truncated");
	*version = le(d + MAGIC_LEN, sizeof(uint32_t));
	if (*version != MODEL_NB && *version != MODEL_VERSION)
		return xf_errf(err, "model version %llu, this xf reads %d "
		    "to %d: retrain it with xf-classify train",
		    (unsigned long long)*version, MODEL_NB, MODEL_VERSION);
	total = le(d + MAGIC_LEN + sizeof(uint32_t), sizeof(uint64_t));
	if (total > len)
		return xf_errf(err, "model is truncated");
	if (total < len)
		return damaged(err, "bytes after its end");
	if (total < HEADER_LEN + XF_SHA256_LEN)
		return damaged(err, "impossible length");
	xf_sha256_init(&sha);
	xf_sha256_update(&sha, d, len - XF_SHA256_LEN);
	xf_sha256_final(&sha, digest);
	if (memcmp(digest, d + len - XF_SHA256_LEN, XF_SHA256_LEN) != 0)
		return damaged(err, "checksum mismatch");
	return 0;
}

struct xf_bayes *
xf_bayes_load(const void *data, size_t len, struct xf_err *err)
{
	const unsigned char *d = data;
	uint64_t sum[XF_BAYES_CLASSES] = { 0 }, version = 0;
	struct reader r;
	struct xf_bayes *b;

	if (check(d, len, &version, err) == -1)
		return NULL;
	if ((b = xf_bayes_new()) == NULL) {
		xf_errf(err, "out of memory");
		return NULL;
	}
	r.p = d + HEADER_LEN;
	r.end = d + len - XF_SHA256_LEN;
	if (get_labels(b, &r, err) == -1 || get_tokens(b, &r, sum, err) == -1 ||
	    get_totals(b, &r, sum, err) == -1 || (version == MODEL_VERSION &&
	    get_linear(b, &r, err) == -1) || (r.p != r.end &&
	    damaged(err, "bytes after the counts") == -1) ||
	    xf_bayes_finish(b, err) == -1) {
		xf_bayes_free(b);
		return NULL;
	}
	return b;
}
