/*
 * contact.c: one meaning of "the same person", for every rule that
 * compares people: who may speak for a complaint (reply.c), one survey
 * a contact (survey.c), and finding what is held about a person
 * (person.c; issue 15).
 *
 * A contact is compared as its address or number; a name as people
 * write it, whatever the case, the spaces and the width of the letters
 * an input method typed.  Both are pure text functions, in the base
 * layer, so the search index (store layer) can key on them too.
 */
#include <ctype.h>
#include <string.h>

#include "xf.h"

/* A number written with + - ( ) . and spaces, as its digits, without
 * the +86, 0086 or 86 before a mainland mobile number. */
static int
number_norm(const char *s, size_t n, struct xf_buf *out)
{
	size_t start = out->len, len;
	int plus = 0;

	for (; n > 0; s++, n--) {
		if (*s == '+' && out->len == start)
			plus = 1;
		if (isdigit((unsigned char)*s) && xf_buf_addc(out, *s) == -1)
			return -1;
	}
	len = out->len - start;
	if (len == 15 && memcmp(out->p + start, "0086", 4) == 0)
		memmove(out->p + start, out->p + start + 4, len - 3);
	else if ((len == 13 && memcmp(out->p + start, "861", 3) == 0) ||
	    (plus && len > 2 && memcmp(out->p + start, "86", 2) == 0))
		memmove(out->p + start, out->p + start + 2, len - 1);
	else
		return 0;
	out->len = strlen(out->p + start) + start;
	return 0;
}

int
xf_contact_norm(const char *s, struct xf_buf *out)
{
	const char *lt, *gt;
	size_t n;

	if (s == NULL)
		return 0;
	/* "Zhang San <ZS@example.com>": the address is what is compared. */
	n = strlen(s);
	if ((lt = strrchr(s, '<')) != NULL && (gt = strchr(lt, '>')) != NULL &&
	    gt > lt + 1) {
		s = lt + 1;
		n = (size_t)(gt - s);
	}
	if (memchr(s, '@', n) == NULL && strspn(s, "+0123456789 -().\t") >= n)
		return number_norm(s, n, out);
	for (; n > 0; s++, n--) {
		if (isspace((unsigned char)*s))
			continue;
		if (xf_buf_addc(out, tolower((unsigned char)*s)) == -1)
			return -1;
	}
	return 0;
}

/* White space between the parts of a name: ASCII, no-break and the
 * ideographic space a Chinese input method types. */
static int
name_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
	    cp == 0x3000;
}

int
xf_name_norm(const char *s, struct xf_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len, orig = out->len;
	uint32_t cp;

	if (s == NULL)
		return 0;
	for (len = strlen(s); len > 0; p += n, len -= n) {
		if ((n = xf_utf8_decode(p, len, &cp)) == 0) {
			n = 1;		/* xf stores none: kept as it is */
			cp = *p;
		}
		cp = xf_fold_width(cp);
		if (name_space(cp))
			continue;
		if (cp < 0x80) {
			if (xf_buf_addc(out, tolower((int)cp)) == -1)
				goto oom;
		} else if (xf_buf_add(out, p, n) == -1)
			goto oom;
	}
	return 0;
oom:
	out->len = orig;
	return -1;
}
