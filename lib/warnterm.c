/*
 * warnterm.c: which terms complaints use much more this period than in
 * the baseline (xf-report alerts, "term").
 *
 * A term is what the classifier's tokenizer gives, narrowed to what a
 * reader can take in at a glance: Chinese bigrams (a single ideograph
 * says little, and most Chinese words are two characters) and Latin
 * words, never "<num>".  Stop words are already gone.  Each term counts
 * once a complaint, so the counts are complaints, comparable with the
 * volume figures, and one long letter cannot make a term emerge.
 *
 * A complainant's name or contact is personal data and must not come
 * out as a "term" because many complaints quote it: the caller gives
 * the names and contacts of the complaints it counts to
 * xf_terms_exclude, and their tokens are never reported.
 *
 * A Chinese phrase longer than two characters comes out of the
 * tokenizer as overlapping bigrams (退款失败: 退款 款失 失败), which
 * would emerge together as three terms.  Each term keeps a signature of
 * the complaints that use it (a sum of a hash of each one), and
 * bigrams with the same signature that chain (the last character of
 * one the first of the next) are given back as the one phrase.
 *
 * The table is open addressing over a 64-bit FNV-1a hash with the bytes
 * in one pool: a month of complaints has a few hundred thousand
 * distinct terms, and this runs on every complaint of the window.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

#define NUM_TOKEN	"<num>"
#define SLOTS_MIN_BITS	12
#define FNV_OFFSET	UINT64_C(14695981039346656037)
#define FNV_PRIME	UINT64_C(1099511628211)

struct slot {
	uint64_t	hash;
	uint32_t	off;		/* in the pool */
	uint32_t	len;		/* 0: an empty slot */
	uint32_t	period, base;	/* complaints with the term */
	uint32_t	last;		/* the complaint that counted it last */
	int		excluded;	/* a name's or a contact's token */
	uint64_t	sig;		/* of the complaints that use it */
};

/* A term that emerges, while phrases are made of its bigrams. */
struct cand {
	struct xf_term	 term;
	uint64_t	 sig;
	int		 absorbed;	/* into the phrase before it */
};

struct xf_terms {
	struct slot	*slot;
	unsigned	 bits;
	size_t		 n;
	char		*pool;
	size_t		 plen, pcap;
	uint32_t	 doc;		/* the complaint begun last, from 1 */
	int		 in_period;
	int		 excluding;	/* tokens being added are excluded */
	int		 nomem;
	char		**phrase;	/* made by xf_terms_emerging */
	size_t		 nphrase;
};

static uint64_t
fnv(const char *s, size_t len)
{
	uint64_t h = FNV_OFFSET;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

struct xf_terms *
xf_terms_new(void)
{
	struct xf_terms *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->bits = SLOTS_MIN_BITS;
	if ((t->slot = calloc((size_t)1 << t->bits, sizeof(*t->slot))) ==
	    NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
xf_terms_free(struct xf_terms *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nphrase; i++)
		free(t->phrase[i]);
	free(t->phrase);
	free(t->slot);
	free(t->pool);
	free(t);
}

void
xf_terms_doc(struct xf_terms *t, int in_period)
{
	t->doc++;
	t->in_period = in_period;
}

/* A Chinese bigram or a Latin word: not <num>, not one ideograph. */
static int
eligible(const char *tok, size_t len)
{
	uint32_t cp;

	if (len < 2 || (len == sizeof(NUM_TOKEN) - 1 &&
	    memcmp(tok, NUM_TOKEN, len) == 0))
		return 0;
	return !(xf_utf8_decode((const unsigned char *)tok, len, &cp) ==
	    len && xf_is_cjk(cp));
}

/* splitmix64's finaliser: complaints' numbers spread over 64 bits, so
 * that two sets of complaints sum alike only by a 2^-64 chance. */
static uint64_t
doc_hash(uint64_t x)
{
	x += UINT64_C(0x9E3779B97F4A7C15);
	x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
	return x ^ (x >> 31);
}

static struct slot *
probe(struct xf_terms *t, uint64_t h, const char *tok, size_t len)
{
	size_t mask = ((size_t)1 << t->bits) - 1, i = (size_t)h & mask;
	struct slot *s;

	for (;; i = (i + 1) & mask) {
		s = &t->slot[i];
		if (s->len == 0 || (s->hash == h && s->len == len &&
		    memcmp(t->pool + s->off, tok, len) == 0))
			return s;
	}
}

static int
grow(struct xf_terms *t)
{
	struct slot *old = t->slot, *s;
	size_t i, nold = (size_t)1 << t->bits;

	if ((t->slot = calloc(nold * 2, sizeof(*t->slot))) == NULL) {
		t->slot = old;
		return -1;
	}
	t->bits++;
	for (i = 0; i < nold; i++)
		if (old[i].len != 0) {
			s = probe(t, old[i].hash, t->pool + old[i].off,
			    old[i].len);
			*s = old[i];
		}
	free(old);
	return 0;
}

static int
pool_add(struct xf_terms *t, const char *tok, size_t len, uint32_t *off)
{
	char *p;
	size_t cap;

	if (t->plen + len > UINT32_MAX)
		return -1;
	if (t->plen + len + 1 > t->pcap) {
		cap = t->pcap ? t->pcap * 2 : 4096;
		while (cap < t->plen + len + 1)
			cap *= 2;
		if ((p = realloc(t->pool, cap)) == NULL)
			return -1;
		t->pool = p;
		t->pcap = cap;
	}
	*off = (uint32_t)t->plen;
	memcpy(t->pool + t->plen, tok, len);
	t->pool[t->plen + len] = '\0';
	t->plen += len + 1;
	return 0;
}

/* The slot of tok, made when new; NULL when memory runs out. */
static struct slot *
intern(struct xf_terms *t, const char *tok, size_t len)
{
	uint64_t h = fnv(tok, len);
	struct slot *s = probe(t, h, tok, len);

	if (s->len != 0)
		return s;
	if (2 * (t->n + 1) > ((size_t)1 << t->bits)) {
		if (grow(t) == -1)
			return NULL;
		s = probe(t, h, tok, len);
	}
	if (pool_add(t, tok, len, &s->off) == -1)
		return NULL;
	s->hash = h;
	s->len = (uint32_t)len;
	t->n++;
	return s;
}

static int
count_token(void *ctx, const char *tok, size_t len)
{
	struct xf_terms *t = ctx;
	struct slot *s;

	if (!eligible(tok, len))
		return 0;
	if ((s = intern(t, tok, len)) == NULL) {
		t->nomem = 1;
		return -1;
	}
	if (t->excluding)
		s->excluded = 1;
	else if (s->last != t->doc) {
		s->last = t->doc;
		s->sig += doc_hash(t->doc);
		if (t->in_period)
			s->period++;
		else
			s->base++;
	}
	return 0;
}

int
xf_terms_add(struct xf_terms *t, const char *text, size_t len)
{
	t->excluding = 0;
	xf_tokens_pairs(text, len, count_token, t);
	return t->nomem ? -1 : 0;
}

int
xf_terms_exclude(struct xf_terms *t, const char *text, size_t len)
{
	t->excluding = 1;
	xf_tokens_pairs(text, len, count_token, t);
	t->excluding = 0;
	return t->nomem ? -1 : 0;
}

/* Higher severity, then more complaints, then a higher ratio, then
 * the bytes: the same list every run. */
static int
by_rank(const void *a, const void *b)
{
	const struct xf_term *x = a, *y = b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if (x->period != y->period)
		return x->period > y->period ? -1 : 1;
	if (x->ratio != y->ratio)
		return x->ratio > y->ratio ? -1 : 1;
	return strcmp(x->term, y->term);
}

/* 1 when s is two CJK characters, their lengths in bytes in *first
 * and *second. */
static int
bigram(const char *s, size_t *first, size_t *second)
{
	size_t len = strlen(s);
	uint32_t a, b;

	if ((*first = xf_utf8_decode((const unsigned char *)s, len, &a)) ==
	    0 || !xf_is_cjk(a))
		return 0;
	*second = xf_utf8_decode((const unsigned char *)s + *first,
	    len - *first, &b);
	return *second != 0 && *first + *second == len && xf_is_cjk(b);
}

/* The bigram that follows c[i] in its phrase: same complaints, first
 * character c[i]'s last; (size_t)-1 when none. */
static size_t
next_bigram(const struct cand *c, size_t n, size_t i, const char *last,
    size_t lastlen)
{
	size_t j, f, g;

	for (j = 0; j < n; j++)
		if (j != i && !c[j].absorbed && c[j].sig == c[i].sig &&
		    bigram(c[j].term.term, &f, &g) && f == lastlen &&
		    memcmp(c[j].term.term, last, f) == 0)
			return j;
	return (size_t)-1;
}

/* 1 when another bigram leads into c[i]: a phrase does not start there. */
static int
has_before(const struct cand *c, size_t n, size_t i)
{
	size_t j, f, g, f2, g2;

	if (!bigram(c[i].term.term, &f, &g))
		return 1;
	for (j = 0; j < n; j++)
		if (j != i && c[j].sig == c[i].sig &&
		    bigram(c[j].term.term, &f2, &g2) && g2 == f &&
		    memcmp(c[j].term.term + f2, c[i].term.term, f) == 0)
			return 1;
	return 0;
}

/* The phrase that starts at c[i], its bigrams absorbed; -1 when memory
 * runs out. */
static int
chain(struct xf_terms *t, struct cand *c, size_t n, size_t i)
{
	struct xf_buf b = { 0 };
	const char *last;
	size_t f, g, j, lastlen;
	char **grown;

	bigram(c[i].term.term, &f, &g);
	last = c[i].term.term + f;
	lastlen = g;
	c[i].absorbed = 1;	/* not its own successor */
	while ((j = next_bigram(c, n, i, last, lastlen)) != (size_t)-1) {
		if (b.len == 0 && xf_buf_adds(&b, c[i].term.term) == -1)
			goto nomem;
		bigram(c[j].term.term, &f, &g);
		if (xf_buf_add(&b, c[j].term.term + f, g) == -1)
			goto nomem;
		c[j].absorbed = 1;
		last = c[j].term.term + f;
		lastlen = g;
	}
	c[i].absorbed = 0;
	if (b.len == 0)
		return 0;
	if ((grown = realloc(t->phrase, (t->nphrase + 1) *
	    sizeof(*grown))) == NULL)
		goto nomem;
	t->phrase = grown;
	t->phrase[t->nphrase++] = b.p;
	c[i].term.term = b.p;
	return 0;
nomem:
	xf_buf_free(&b);
	return -1;
}

/* Bigrams of the same complaints that chain become one phrase. */
static int
phrases(struct xf_terms *t, struct cand *c, size_t *n)
{
	size_t i, j;

	for (i = 0; i < *n; i++)
		if (!c[i].absorbed && !has_before(c, *n, i) &&
		    chain(t, c, *n, i) == -1)
			return -1;
	for (i = j = 0; i < *n; i++)
		if (!c[i].absorbed)
			c[j++] = c[i];
	*n = j;
	return 0;
}

/* The terms that emerge, unsorted, into *all; -1 when memory runs out. */
static int
candidates(struct xf_terms *t, double scale, struct cand **all, size_t *n)
{
	struct cand *grown, one;
	size_t i, cap = 0, nslot = (size_t)1 << t->bits;

	*all = NULL;
	*n = 0;
	memset(&one, 0, sizeof(one));
	for (i = 0; i < nslot; i++) {
		const struct slot *s = &t->slot[i];

		if (s->len == 0 || s->excluded || s->period < XF_WARN_TERM_MIN)
			continue;
		one.term.term = t->pool + s->off;
		one.term.period = s->period;
		one.term.base = s->base;
		one.sig = s->sig;
		if ((one.term.sev = xf_warn_term(s->period, s->base, scale,
		    &one.term.expected, &one.term.ratio)) == XF_SEV_NONE)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((grown = realloc(*all, cap * sizeof(**all))) ==
			    NULL)
				return -1;
			*all = grown;
		}
		(*all)[(*n)++] = one;
	}
	return 0;
}

static int
by_cand(const void *a, const void *b)
{
	return by_rank(&((const struct cand *)a)->term,
	    &((const struct cand *)b)->term);
}

static int
by_bytes(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->term.term,
	    ((const struct cand *)b)->term.term);
}

size_t
xf_terms_emerging(struct xf_terms *t, double scale, struct xf_term *out,
    size_t max)
{
	struct cand *all;
	size_t i, n;

	/* Phrases are made from the candidates in the order of their
	 * bytes, not of the table's slots, which hang on the order the
	 * complaints were read in: where two bigrams could continue a
	 * phrase, the same one does whatever that order. */
	if (candidates(t, scale, &all, &n) == -1) {
		free(all);
		return (size_t)-1;
	}
	if (n > 0)
		qsort(all, n, sizeof(*all), by_bytes);
	if (phrases(t, all, &n) == -1) {
		free(all);
		return (size_t)-1;
	}
	if (n > 0)
		qsort(all, n, sizeof(*all), by_cand);
	for (i = 0; i < n && i < max; i++)
		out[i] = all[i].term;
	free(all);
	return i;
}
