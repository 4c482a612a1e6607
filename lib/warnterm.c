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
	if (t == NULL)
		return;
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
	xf_tokens(text, len, count_token, t);
	return t->nomem ? -1 : 0;
}

int
xf_terms_exclude(struct xf_terms *t, const char *text, size_t len)
{
	t->excluding = 1;
	xf_tokens(text, len, count_token, t);
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

size_t
xf_terms_emerging(struct xf_terms *t, double scale, struct xf_term *out,
    size_t max)
{
	struct xf_term *all = NULL, *grown, one;
	size_t i, n = 0, cap = 0, nslot = (size_t)1 << t->bits;

	for (i = 0; i < nslot; i++) {
		const struct slot *s = &t->slot[i];

		if (s->len == 0 || s->excluded || s->period < XF_WARN_TERM_MIN)
			continue;
		one.term = t->pool + s->off;
		one.period = s->period;
		one.base = s->base;
		if ((one.sev = xf_warn_term(s->period, s->base, scale,
		    &one.expected, &one.ratio)) == XF_SEV_NONE)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((grown = realloc(all, cap * sizeof(*all))) == NULL) {
				free(all);
				return (size_t)-1;
			}
			all = grown;
		}
		all[n++] = one;
	}
	if (n > 0)
		qsort(all, n, sizeof(*all), by_rank);
	if (n > max)
		n = max;
	if (n > 0)
		memcpy(out, all, n * sizeof(*out));
	free(all);
	return n;
}
