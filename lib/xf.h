/*
 * xf.h: the one header of libxf, the library every xf command links.
 *
 * lib/ code never prints and never exits: it returns 0 on success and -1 on
 * failure, with the reason in a struct xf_err owned by the caller.
 */
#ifndef XF_H
#define XF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

/* --- errors (err.c) ------------------------------------------------- */

#define XF_ERRLEN	512

struct xf_err {
	char	msg[XF_ERRLEN];
};

/* Formats the reason into err (which may be NULL) and returns -1. */
int	xf_errf(struct xf_err *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* --- growable byte buffers (buf.c) ---------------------------------- */

struct xf_buf {
	char	*p;		/* always NUL-terminated once anything is added */
	size_t	 len;
	size_t	 cap;
};

int	xf_buf_add(struct xf_buf *b, const void *data, size_t len);
int	xf_buf_addc(struct xf_buf *b, int c);
int	xf_buf_adds(struct xf_buf *b, const char *s);
int	xf_buf_printf(struct xf_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	xf_buf_reset(struct xf_buf *b);
void	xf_buf_free(struct xf_buf *b);
/* The contents as a C string; "" for an empty buffer. */
const char *xf_buf_str(const struct xf_buf *b);

/* --- time (time.c) -------------------------------------------------- */

/*
 * Parses the time formats of DESIGN §4 into UTC epoch seconds: ISO 8601
 * (2026-03-05T10:00:00Z, +08:00, +0800, fractions ignored), RFC 5322
 * ("Thu, 5 Mar 2026 10:00:00 +0800", obsolete zone names), YYYY-MM-DD
 * [HH:MM[:SS]], YYYY/MM/DD [HH:MM[:SS]], MM/DD/YYYY (US order, as US
 * exports write it) and 2026年3月5日 [10时30分[15秒]] / [10:30[:15]].
 * Surrounding white space is ignored. A time without a zone is local
 * time in TZ. Returns 0, or -1 when the text is not a valid time
 * (including impossible dates such as 2026-02-30).
 */
int	xf_time_parse(const char *s, int64_t *out);
/* ISO 8601 in the local zone, e.g. 2026-03-05T18:00:00+08:00. */
#define XF_TIMELEN	32
int	xf_time_format(int64_t t, char *buf, size_t len);
/* UTC day number (days since 1970-01-01) of t. */
int64_t	xf_time_day(int64_t t);
/*
 * "Now": the time named by the environment variable XF_NOW when it is set
 * (any format xf_time_parse takes; tests pin the clock with it), else the
 * system clock. -1 with err when XF_NOW is set but unparseable.
 */
int	xf_now(int64_t *out, struct xf_err *err);

/* --- UTF-8 and character sets (utf8.c) ------------------------------ */

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int	xf_utf8_valid(const char *s, size_t len);
/* Columns a terminal uses to show s: CJK and full-width count 2. */
size_t	xf_utf8_width(const char *s);

struct xf_conv;			/* a character-set converter to UTF-8 */
/* Opens a converter from charset (any name iconv knows). */
struct xf_conv *xf_conv_open(const char *charset, struct xf_err *err);
/*
 * Appends in[0..len) converted to UTF-8 to out; -1 with err on an
 * invalid or incomplete sequence (nothing appended then).
 */
int	xf_conv_run(struct xf_conv *c, const char *in, size_t len,
	    struct xf_buf *out, struct xf_err *err);
void	xf_conv_close(struct xf_conv *c);

/* --- hashing (sha256.c) --------------------------------------------- */

#define XF_SHA256_LEN	32
#define XF_SHA256_HEXLEN 65	/* 64 hex digits and a NUL */

struct xf_sha256 {
	uint32_t	h[8];
	uint64_t	total;
	unsigned char	block[64];
	size_t		used;
};

void	xf_sha256_init(struct xf_sha256 *c);
void	xf_sha256_update(struct xf_sha256 *c, const void *data, size_t len);
void	xf_sha256_final(struct xf_sha256 *c, unsigned char out[XF_SHA256_LEN]);
/* Lower-case hex of a digest into hex[XF_SHA256_HEXLEN]. */
void	xf_hex(const unsigned char *d, size_t len, char *hex);

/* --- text normalisation and fingerprints (fingerprint.c) ------------ */

/*
 * Appends to out the form of s used to recognise the same text written
 * twice: Unicode letters and digits kept, ASCII and full-width Latin
 * letters lower-cased, full-width ASCII folded to ASCII, every run of
 * white space and punctuation (ASCII and CJK, e.g. ，。！？、“”) becomes
 * one space, leading and trailing spaces dropped. s must be valid UTF-8.
 */
int	xf_text_normalize(const char *s, size_t len, struct xf_buf *out);

#define XF_FPLEN	16	/* bytes of a fingerprint (128 bits) */
/*
 * Content fingerprint for dedupe: SHA-256, truncated, of the normalised
 * subject, body and contact (contact lower-cased, white space removed)
 * and the UTC day of received_at. Any argument may be NULL or "".
 */
int	xf_fingerprint(const char *subject, const char *body,
	    const char *contact, int64_t received_at,
	    unsigned char out[XF_FPLEN]);

#endif /* XF_H */
