/*
 * bayes.c: multinomial naive Bayes over the tokens of tokenize.c.
 *
 * The model is what scikit-learn's MultinomialNB(alpha=1) computes from
 * token counts: class priors from document counts, and for each token t
 * and class c, P(t|c) = (n(t,c) + alpha) / (n(c) + alpha * V) over a
 * vocabulary of V tokens.  A token never seen in training adds nothing
 * to any class, as with a fixed vocabulary.
 *
 * The vocabulary is our own open-addressing hash table (FNV-1a, linear
 * probing, a power-of-two size kept under 70% full), so memory grows
 * with the number of distinct tokens, not with the number of texts.
 * Counts are a table of rows, one per token; the row is as wide as the
 * labels need, widened (rarely) when a new label arrives.  finish turns
 * the counts into rows of log P(t|c) as floats, so a prediction is one
 * hash look-up and a row of additions per token.
 *
 * libxf links without libm, so the two functions of it needed here, log
 * and exp, are written out below.  They are accurate to a few units in
 * the last place, far more than the floats of the tables keep.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)
#define FIB_MULT	UINT64_C(0x9E3779B97F4A7C15)	/* 2^64 / golden ratio */
#define LOAD_NUM	7	/* the table grows past 7/10 full */
#define LOAD_DEN	10

#define MAGIC		"XFNB"
#define MAGIC_LEN	4
#define MODEL_VERSION	1
#define HEADER_LEN	16	/* magic, u32 version, u64 total length */

#define LN2		0.693147180559945309417232121458176568
/* ln 2 in two parts, the first exact times any k of exp (fdlibm's) */
#define LN2_HI		6.93147180369123816490e-01
#define LN2_LO		1.90821492927058770002e-10
#define SQRT2		1.41421356237309504880168872420969808
#define EXP_MIN		(-708.0)	/* below this exp is taken as 0 */
#define EXP_MAX		709.0

enum {
	SLOT_BITS_MIN = 10,	/* 1,024 slots to start with */
	STRIDE_MIN = 4,		/* count rows start this wide */
	LOGK = 256,		/* counts whose log comes from a table */
	VARINT_MAX = 5,		/* bytes of a u32 as a varint */
	LABEL_MAX = 4096,	/* bytes of a label in a model file */
	DBL_EXP_BIAS = 1023,
	DBL_MANT_BITS = 52,
	LN_TERMS = 12,		/* series terms for |s| < 0.172 */
	EXP_TERMS = 14		/* series terms for |r| < 0.347 */
};

struct slot {
	uint64_t	hash;
	uint32_t	id;	/* token number + 1; 0 marks an empty slot */
	uint32_t	off;	/* in pool: a length byte, then the token */
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
	unsigned char	*pool;		/* every token, in the order of ids */
	size_t		 plen, pcap;
	uint32_t	*count;		/* rows of stride counts, one a token */
	size_t		 stride, rows;

	int		 finished;
	double		 prior[XF_BAYES_CLASSES];	/* log P(c) */
	float		*logp;		/* rows of nlabel: log P(t|c) */
};

/* --- log and exp --------------------------------------------------- */

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
		sum = sum * s2 + 1.0 / (2 * i + 1);
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
		sum = 1.0 + sum * r / i;
	return sum * pow2(k);
}

/* --- the vocabulary ------------------------------------------------ */

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

/* First slot to probe: Fibonacci hashing spreads FNV's weak low bits. */
static size_t
home(uint64_t h, unsigned bits)
{
	return (size_t)((h * FIB_MULT) >> (64 - bits));
}

/* The slot holding tok, or the empty slot where it would go. */
static size_t
find(const struct xf_bayes *b, uint64_t h, const char *tok, size_t len)
{
	size_t mask = ((size_t)1 << b->bits) - 1, i = home(h, b->bits);
	const struct slot *s;

	for (;; i = (i + 1) & mask) {
		s = &b->slot[i];
		if (s->id == 0)
			return i;
		if (s->hash == h && b->pool[s->off] == len &&
		    memcmp(b->pool + s->off + 1, tok, len) == 0)
			return i;
	}
}

/* Doubles the table; tokens are placed again by their kept hashes. */
static int
rehash(struct xf_bayes *b)
{
	unsigned bits = b->bits + 1;
	size_t n = (size_t)1 << b->bits, mask = ((size_t)1 << bits) - 1, i, j;
	struct slot *t;

	if (bits >= sizeof(size_t) * CHAR_BIT - 1 ||
	    (t = calloc((size_t)1 << bits, sizeof(*t))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (b->slot[i].id == 0)
			continue;
		for (j = home(b->slot[i].hash, bits); t[j].id != 0;
		    j = (j + 1) & mask)
			;
		t[j] = b->slot[i];
	}
	free(b->slot);
	b->slot = t;
	b->bits = bits;
	return 0;
}

/* Room for one more row of counts, zeroed. */
static int
more_rows(struct xf_bayes *b)
{
	size_t rows = b->rows ? b->rows * 2 : (size_t)1 << SLOT_BITS_MIN;
	uint32_t *c;

	if (b->ntok < b->rows)
		return 0;
	if (rows > SIZE_MAX / sizeof(*c) / b->stride ||
	    (c = realloc(b->count, rows * b->stride * sizeof(*c))) == NULL)
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
	size_t cap = b->pcap ? b->pcap : (size_t)1 << SLOT_BITS_MIN;
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

/* The id of tok, added to the vocabulary when new. */
static int
intern(struct xf_bayes *b, const char *tok, size_t len, uint32_t *id,
    struct xf_err *err)
{
	uint64_t h = fnv1a(tok, len);
	size_t i = find(b, h, tok, len);
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
		i = find(b, h, tok, len);
	}
	if (more_rows(b) == -1 || more_pool(b, 1 + len) == -1)
		return xf_errf(err, "out of memory");
	s = &b->slot[i];
	s->hash = h;
	s->id = (uint32_t)(b->ntok + 1);
	s->off = (uint32_t)b->plen;
	b->pool[b->plen] = (unsigned char)len;
	memcpy(b->pool + b->plen + 1, tok, len);
	b->plen += 1 + len;
	*id = (uint32_t)b->ntok++;
	return 0;
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
	while (stride < b->nlabel + 1)
		stride *= 2;
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
	b->stride = STRIDE_MIN;
	if ((b->slot = calloc((size_t)1 << b->bits, sizeof(*b->slot))) ==
	    NULL) {
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
	free(b->count);
	free(b->logp);
	free(b);
}

struct learning {
	struct xf_bayes	*b;
	size_t		 c;
	struct xf_err	*err;
};

static int
learn_token(void *ctx, const char *tok, size_t len)
{
	struct learning *l = ctx;
	struct xf_bayes *b = l->b;
	uint32_t id = 0, *n;

	if (intern(b, tok, len, &id, l->err) == -1)
		return -1;
	n = &b->count[(size_t)id * b->stride + l->c];
	if (*n == UINT32_MAX)
		return xf_errf(l->err, "token '%.*s' counted too often",
		    (int)len, tok);
	(*n)++;
	b->total[l->c]++;
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
	if (xf_tokens(text, len, learn_token, &l) != 0)
		return -1;
	return 0;
}

int
xf_bayes_finish(struct xf_bayes *b, struct xf_err *err)
{
	double lk[LOGK], norm[XF_BAYES_CLASSES], lndocs;
	size_t nl = b->nlabel, t, c;
	const uint32_t *n;
	float *row, *p;

	if (b->ndocs == 0)
		return xf_errf(err, "nothing learned");
	if (b->ntok > SIZE_MAX / sizeof(*p) / nl)
		return xf_errf(err, "out of memory");
	if (b->ntok > 0) {
		if ((p = realloc(b->logp, b->ntok * nl * sizeof(*p))) == NULL)
			return xf_errf(err, "out of memory");
		b->logp = p;
	}
	for (t = 0; t < LOGK; t++)
		lk[t] = ln(t + XF_BAYES_ALPHA);
	lndocs = ln((double)b->ndocs);
	for (c = 0; c < nl; c++) {
		b->prior[c] = ln((double)b->docs[c]) - lndocs;
		norm[c] = ln(b->total[c] + XF_BAYES_ALPHA * (double)b->ntok);
	}
	for (t = 0; t < b->ntok; t++) {
		n = b->count + t * b->stride;
		row = b->logp + t * nl;
		for (c = 0; c < nl; c++)
			row[c] = (float)((n[c] < LOGK ? lk[n[c]] :
			    ln(n[c] + XF_BAYES_ALPHA)) - norm[c]);
	}
	b->finished = 1;
	return 0;
}

/* --- prediction ---------------------------------------------------- */

struct scoring {
	const struct xf_bayes	*b;
	double			 s[XF_BAYES_CLASSES];
};

/* The row of log P(t|c) of a token, or NULL when it is unknown. */
static const float *
row_of(const struct xf_bayes *b, const char *tok, size_t len)
{
	const struct slot *s = &b->slot[find(b, fnv1a(tok, len), tok, len)];

	if (s->id == 0)
		return NULL;
	return b->logp + (size_t)(s->id - 1) * b->nlabel;
}

static int
score_token(void *ctx, const char *tok, size_t len)
{
	struct scoring *sc = ctx;
	const float *row;
	size_t c, nl = sc->b->nlabel;

	if ((row = row_of(sc->b, tok, len)) == NULL)
		return 0;
	for (c = 0; c < nl; c++)
		sc->s[c] += row[c];
	return 0;
}

int
xf_bayes_predict(const struct xf_bayes *b, const char *text, size_t len,
    struct xf_prediction *p)
{
	struct scoring sc;
	size_t nl = b->nlabel, c, best = 0, second = 0;
	double sum = 0.0;

	if (!b->finished || nl == 0)
		return -1;
	sc.b = b;
	memcpy(sc.s, b->prior, nl * sizeof(sc.s[0]));
	xf_tokens(text, len, score_token, &sc);
	for (c = 1; c < nl; c++)
		if (sc.s[c] > sc.s[best])
			best = c;
	if (best == 0)
		second = 1;
	for (c = 0; c < nl; c++) {
		if (c != best && sc.s[c] > sc.s[second])
			second = c;
		/* Less the best, so no exp overflows: softmax as it is. */
		sum += ex(sc.s[c] - sc.s[best]);
	}
	p->label = b->label[best];
	p->confidence = 1.0 / sum;
	p->second = nl > 1 ? b->label[second] : NULL;
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

/* The known tokens of a text, as their slots; a token may repeat. */
struct hits {
	const struct xf_bayes	*b;
	const struct slot	**s;
	size_t			 n, cap;
};

struct cand {
	const unsigned char	*tok;	/* in the pool: length, bytes */
	uint32_t		 id, count;
	double			 weight, score;
};

static int
hit_token(void *ctx, const char *tok, size_t len)
{
	struct hits *h = ctx;
	const struct slot *s, **p;
	size_t cap;

	s = &h->b->slot[find(h->b, fnv1a(tok, len), tok, len)];
	if (s->id == 0)
		return 0;
	if (h->n == h->cap) {
		cap = h->cap ? h->cap * 2 : (size_t)1 << SLOT_BITS_MIN;
		if (cap > SIZE_MAX / sizeof(*p) ||
		    (p = realloc(h->s, cap * sizeof(*p))) == NULL)
			return -1;
		h->s = p;
		h->cap = cap;
	}
	h->s[h->n++] = s;
	return 0;
}

static int
by_slot(const void *a, const void *b)
{
	const struct slot *x = *(const struct slot *const *)a;
	const struct slot *y = *(const struct slot *const *)b;

	return (x > y) - (x < y);
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
	const struct slot *s;

	for (i = 0; i < h->n; i = j) {
		s = h->s[i];
		for (j = i; j < h->n && h->s[j] == s; j++)
			;
		cd[nc].tok = b->pool + s->off;
		cd[nc].id = s->id - 1;
		cd[nc].count = j - i > UINT32_MAX ? UINT32_MAX :
		    (uint32_t)(j - i);
		cd[nc].weight = weigh(b, b->logp + (size_t)cd[nc].id *
		    b->nlabel, label);
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
		free(h.s);
		return -1;
	}
	if (h.n == 0)
		return 0;
	qsort(h.s, h.n, sizeof(*h.s), by_slot);
	if ((cd = calloc(h.n, sizeof(*cd))) == NULL) {
		free(h.s);
		return -1;
	}
	nc = tally(b, &h, (size_t)l, cd);
	qsort(cd, nc, sizeof(*cd), by_score);
	for (i = 0; i < nc && i < max; i++)
		fill(&cd[i], &w[i]);
	*n = i;
	free(cd);
	free(h.s);
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
 *	SHA-256 of all the bytes before it
 *
 * The total length is not in the brief of the format; it is there so a
 * short file is told apart from a damaged one before the digest is
 * checked.  Counts are varints (LEB128) since most are 0 and take one
 * byte.
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
	if (xf_buf_add(out, MAGIC, MAGIC_LEN) == -1 ||
	    put_le(out, MODEL_VERSION, sizeof(uint32_t)) == -1 ||
	    put_le(out, 0, sizeof(uint64_t)) == -1 ||
	    put_labels(b, out) == -1 || put_tokens(b, out) == -1 ||
	    put_totals(b, out) == -1)
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

/* Reads the model's bytes, never past end; bad is set when one would. */
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
		    len > XF_TOKEN_MAX || get_bytes(r, len, &p) == -1)
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
	if (r->p != r->end)
		return damaged(err, "bytes after the counts");
	return 0;
}

/* Magic, version, length and digest: whether the bytes are a model. */
static int
check(const unsigned char *d, size_t len, struct xf_err *err)
{
	unsigned char digest[XF_SHA256_LEN];
	struct xf_sha256 sha;
	uint64_t version, total;

	if (len < MAGIC_LEN) {
		if (len > 0 && memcmp(d, MAGIC, len) == 0)
			return xf_errf(err, "model is truncated");
		return xf_errf(err, "not an xf model");
	}
	if (memcmp(d, MAGIC, MAGIC_LEN) != 0)
		return xf_errf(err, "not an xf model");
	if (len < HEADER_LEN)
		return xf_errf(err, "model is truncated");
	version = le(d + MAGIC_LEN, sizeof(uint32_t));
	if (version != MODEL_VERSION)
		return xf_errf(err, "model version %llu, this xf reads %d",
		    (unsigned long long)version, MODEL_VERSION);
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
	uint64_t sum[XF_BAYES_CLASSES] = { 0 };
	struct reader r;
	struct xf_bayes *b;

	if (check(d, len, err) == -1)
		return NULL;
	if ((b = xf_bayes_new()) == NULL) {
		xf_errf(err, "out of memory");
		return NULL;
	}
	r.p = d + HEADER_LEN;
	r.end = d + len - XF_SHA256_LEN;
	if (get_labels(b, &r, err) == -1 || get_tokens(b, &r, sum, err) == -1 ||
	    get_totals(b, &r, sum, err) == -1 || xf_bayes_finish(b, err) == -1) {
		xf_bayes_free(b);
		return NULL;
	}
	return b;
}
