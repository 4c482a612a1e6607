/*
 * xf.h: the one header of libxf, the library every xf command links.
 *
 * lib/ code never prints and never exits: it returns 0 on success and -1 on
 * failure, with the reason in a struct xf_err owned by the caller.
 *
 * Commands read and write the store through this library.  Every INSERT
 * and UPDATE (and every other statement that changes the store) is in
 * lib/, in the file that owns the rule it serves, so that each rule has
 * one door: "a person's decision is never overruled" is classify.c's,
 * the model table is model.c's.  A command parses its options, calls
 * lib/ and prints; it may hold a SELECT of its own, never SQL that
 * writes (tests/0067-layering.t).
 *
 * The header reads in four layers, lowest first.  A file may call the
 * files of its own layer and of the layers below it, never one above:
 * lib/layers gives each file its layer, and scripts/lib-layers checks
 * libxf.a against it (tests/0068-lib-layers.t).
 *
 *   base	Knows no store and no complaint: errors, buffers, time,
 *		UTF-8 and character sets, hashing and fingerprints, JSON,
 *		tables, edit distance, share paths, settings files.
 *   store	The SQLite store and what every writer to it shares:
 *		opening and migrating it, transactions, the event chain,
 *		the search index.  Calls base.
 *   intake	Turning what comes in into complaints: input streams,
 *		CSV and TSV rows, fields, header mapping, records,
 *		registering (batches, dedupe), refs, e-mail and mailboxes,
 *		the outputs a command may open.  Calls store and base.
 *   work	What is done with a complaint once stored: the lifecycle,
 *		showing it, classifying (tokens, Bayes, rules, SimHash,
 *		models), calendars and deadlines, handlers and routing,
 *		assigning, overdue and escalation; and e-mail into
 *		complaints, since a reply reopens through the lifecycle.
 *		Calls every layer.
 *
 * Commands (cmd/) sit above work and may call any of them.
 */
#ifndef XF_H
#define XF_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

/* The number of elements of an array (not of a pointer), as BSD's. */
#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* === base: no store, no complaint =================================== */

/* --- errors (err.c) ------------------------------------------------- */

#define XF_ERRLEN	512

/*
 * Whose the failure is, which decides a command's exit status (xf(7)
 * EXIT STATUS; cmd_exit_for).  A failure of the store itself is told by
 * xf_store_down, as the store, not the call, knows it.
 */
enum xf_why {
	XF_WHY_ITEM,		/* this item or input: the rest may go on */
	XF_WHY_CONFIG,		/* a settings file or value: fix it */
	XF_WHY_SYSTEM		/* the machine (memory, I/O), not the input:
				 * the same input may pass later */
};

struct xf_err {
	char		msg[XF_ERRLEN];
	enum xf_why	why;
};

/* Formats the reason into err (which may be NULL), marks it an item's
 * failure and returns -1. */
int	xf_errf(struct xf_err *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Marks the reason already in err (which may be NULL) a configuration
 * error; returns -1, as a loader of settings returns it. */
int	xf_err_config(struct xf_err *err);
/* Marks the reason already in err (which may be NULL) a failure of the
 * machine, not of the input; returns -1. */
int	xf_err_system(struct xf_err *err);

/* --- growable byte buffers (buf.c) ---------------------------------- */

struct xf_buf {
	char	*p;		/* always NUL-terminated once anything is added */
	size_t	 len;
	size_t	 cap;
};

int	xf_buf_add(struct xf_buf *b, const void *data, size_t len);
/* Room for more bytes (and the NUL) after len, for writing in place. */
int	xf_buf_grow(struct xf_buf *b, size_t more);
int	xf_buf_addc(struct xf_buf *b, int c);
int	xf_buf_adds(struct xf_buf *b, const char *s);
int	xf_buf_printf(struct xf_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	xf_buf_reset(struct xf_buf *b);
void	xf_buf_free(struct xf_buf *b);
/* The contents as a C string; "" for an empty buffer. */
const char *xf_buf_str(const struct xf_buf *b);

#define XF_UINT_LEN	21	/* digits of any uint64_t, and a NUL */
/*
 * v in decimal, zero-padded to at least width digits (at most 20), at
 * out, NUL-terminated; returns its length.  snprintf("%06llu") costs a
 * few thousand instructions, and a bulk import formats several numbers
 * a row.
 */
size_t	xf_put_uint(char *out, uint64_t v, int width);

/* --- randomness from the operating system (random.c) ----------------- */

#define XF_RANDOM_MAX	64	/* bytes xf_random_hex gives at most */
/* len bytes from getrandom(2); -1 with err when the system gives none. */
int	xf_random_bytes(void *buf, size_t len, struct xf_err *err);
/* nbytes random bytes as 2 * nbytes lowercase hex digits and a NUL. */
int	xf_random_hex(char *out, size_t nbytes, struct xf_err *err);

/* --- time (time.c) -------------------------------------------------- */

#define XF_MINUTE	60	/* seconds */
#define XF_HOUR		3600
#define XF_DAY		86400	/* a calendar day; a business day is policy's */

/*
 * Reads a time as people and programs write it (xf(7), Times) into UTC
 * epoch seconds: ISO 8601 (2026-03-05T10:00:00Z, +08:00, +0800, +08,
 * fractions ignored) and YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD,
 * each with [ HH:MM[:SS]]; RFC 5322 and 5 March 2026; March 5, 2026;
 * 2026年3月5日 [下午3点 | 15时 | 10时30分 | 10:30]; DD/MM/YYYY or
 * MM/DD/YYYY where the numbers or $XF_DATE_ORDER tell which; a time of
 * day alone with XF_TIME_NOW.  After the time: AM/PM, a zone as an
 * offset, UTC or GMT (also UTC+8, GMT+08:00) or an IANA name
 * (Asia/Shanghai).  A time without a zone is local (TZ, as xf_tz_setup
 * set it).  Abbreviations other than UTC and GMT are refused, but with
 * XF_TIME_MAIL (a mail Date header) RFC 5322's EST to PDT and military
 * letters are read as it defines them.  Returns 0; -1 when s is not a
 * time, with err listing forms; -2 when it has the shape of one but is
 * refused, with err saying why and how to write it: an impossible date
 * (2026-02-30), an ambiguous abbreviation (CST) or day and month
 * (05/03/2026), an unknown zone name.
 */
#define XF_TIME_MAIL	0x1	/* a mail Date header: RFC 5322's zones */
#define XF_TIME_NOW	0x2	/* a time alone is on now's date */
#define XF_TIME_DAYEND	0x4	/* a date alone is its end, next midnight */
#define XF_TIME_FORMS							\
	"2026-03-05, 2026-03-05 15:00, 2026-03-05T15:00+08:00, "	\
	"2026-03-05 15:00 Asia/Shanghai, 2026年3月5日下午3点, "		\
	"5 March 2026, March 5, 2026 3:00 PM, 20260305"
int	xf_time_read(const char *s, int flags, int64_t now, int64_t *out,
	    struct xf_err *err);
/* xf_time_read without flags or reason: 0, or -1 for anything but a
 * time with its date. */
int	xf_time_parse(const char *s, int64_t *out);
/*
 * A bound of a --since/--until filter: any time xf_time_read reads (a
 * time alone on today's date), or today, yesterday, this week, last week
 * (weeks from Monday 00:00, in the local zone), 今天, 昨天, 本周, 上周,
 * or -N followed by h, d or w (hours, days, weeks before now).  until:
 * the bound is an end, excluded, so a day (2026-03-05, today) ends at
 * the next midnight and is included whole.  -1 with err listing the
 * forms when s is none of them.
 */
int	xf_time_bound(const char *s, int until, int64_t now, int64_t *out,
	    struct xf_err *err);
/* 0, or -1 with err when $XF_DATE_ORDER is set to neither dmy nor mdy. */
int	xf_date_order_check(struct xf_err *err);
/* ISO 8601 in the local zone, e.g. 2026-03-05T18:00:00+08:00. */
#define XF_TIMELEN	32
int	xf_time_format(int64_t t, char *buf, size_t len);
/*
 * A deadline t against now as a person reads it in a queue (xf-status
 * list -o table): "in 3h", "2d late", "due now" within a minute; in
 * lang "zh" "3小时后", "逾期2天", "现在到期".  Whole units, rounded
 * down: minutes under an hour, hours under two days, then days.
 */
#define XF_RELLEN	32
int	xf_time_relative(int64_t t, int64_t now, const char *lang,
	    char *buf, size_t len);
/* UTC day number (days since 1970-01-01) of t. */
int64_t	xf_time_day(int64_t t);
/* Days since 1970-01-01 of a Gregorian date (month 1-12), any year. */
int64_t	xf_days_from_civil(int64_t year, int month, int day);
/* Days in month (1-12) of year, leap years counted. */
int	xf_month_days(int year, int month);
/*
 * "Now": the time named by the environment variable XF_NOW when it is set
 * (any form xf_time_parse takes, so not a time alone; tests pin the clock
 * with it), else the system clock. -1 with err when XF_NOW is set but
 * unparseable.
 */
int	xf_now(int64_t *out, struct xf_err *err);
/*
 * The zone of every time read and printed (zone.c): $XF_TZ when set,
 * else $TZ, else UTC, made the process's TZ.  -1 with err when the name
 * is no zone (glibc would take it for UTC without a word) or is a POSIX
 * rule such as GMT+8, which POSIX reads as UTC-8.  cmd_start calls it
 * before anything else in every command.
 */
int	xf_tz_setup(struct xf_err *err);
/* 1 when name is a zone of the zone database (Asia/Shanghai, UTC). */
int	xf_zone_known(const char *name);
/* mktime(tm) in the process's zone; -1 when tm names no time. */
struct tm;
int	xf_local_mktime(struct tm *tm, int64_t *out);
/* t moved by days local days (negative: back), at its time of day, or
 * at that day's midnight when midnight is set; -1 when there is none. */
int	xf_local_days(int64_t t, int days, int midnight, int64_t *out);
/* 1 when t is a local midnight: a bound of whole days. */
int	xf_local_midnight(int64_t t);
/* mktime(tm) in the named zone, the process's zone left as it was. */
int	xf_zone_mktime(const char *zone, struct tm *tm, int64_t *out);

/* --- UTF-8 and character sets (utf8.c, conv.c) ---------------------- */

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int	xf_utf8_valid(const char *s, size_t len);
/* The value of one hexadecimal digit, or -1 when c is not one. */
int	xf_hex_value(int c);
/*
 * Length of the well-formed sequence at s[0..n) (Unicode Table 3-7) with
 * its code point in *cp, or 0 when s does not start with one (NUL
 * included: xf stores no NUL).  The one decoder every part of xf uses.
 */
size_t	xf_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* The length of the longest start of s (valid UTF-8) that is at most
 * max bytes and ends between characters. */
size_t	xf_utf8_fit(const char *s, size_t max);
/* Cuts s back until it is valid UTF-8: a text cut to fit a buffer
 * must not end in half a character. */
void	xf_utf8_chop(char *s);
/* 1 for a CJK ideograph, kana or Hangul syllable: a token of its own. */
int	xf_is_cjk(uint32_t cp);
/*
 * Full-width ASCII (U+FF01 '!' to U+FF5E '~', as Chinese input methods
 * type it) to the ASCII it stands for; any other code point as it is.
 * The one folding the fingerprint, the tokenizer and search share, so
 * "ＡＢＣ１２３" is "ABC123" to each.  Inline: each runs it on every
 * character of every row.
 */
static inline uint32_t
xf_fold_width(uint32_t cp)
{
	return cp >= 0xFF01 && cp <= 0xFF5E ? cp - (0xFF01 - 0x21) : cp;
}
/* A-Z to a-z in place, other bytes (UTF-8 included) left as they are. */
void	xf_ascii_lower(char *s);
/* Columns a terminal uses to show s: CJK and full-width count 2. */
size_t	xf_utf8_width(const char *s);

/*
 * Text a complainant wrote, made safe for a terminal: nothing in it may
 * act as a control (xf.7).  C0 and C1 controls, DEL, U+2028/U+2029, the
 * bidi embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069) and bytes that are not UTF-8 become \xHH, one escape
 * a byte: visible, plain ASCII, and telling the reader what was there.
 *   XF_SAFE_LINE	one line: tab, CR and LF (CRLF as one) are spaces
 *   XF_SAFE_BLOCK	lines of text: LF, CRLF (as LF) and tab are kept
 *   XF_SAFE_TSV	a TSV field: \t \n \r \\ as well, so it reads back
 *			exactly (rows.c decodes \xHH)
 */
/* 1 for a code point that xf_safe_text escapes (JSON escapes them too). */
int	xf_cp_unsafe(uint32_t cp);
enum xf_safe { XF_SAFE_LINE, XF_SAFE_BLOCK, XF_SAFE_TSV };
#define XF_SAFE_PIECE	16	/* the longest piece: 3 escaped bytes, NUL */
/* The first character of s[0..len) as shown, into piece; returns the
 * bytes of s it stands for (at least 1 when len > 0). */
size_t	xf_safe_piece(const char *s, size_t len, enum xf_safe mode,
	    char piece[XF_SAFE_PIECE]);
/* Appends all of s[0..len) as shown. */
int	xf_safe_text(struct xf_buf *out, const char *s, size_t len,
	    enum xf_safe mode);

struct xf_conv;			/* a character-set converter to UTF-8 */
/* Opens a converter from charset (any name iconv knows). */
struct xf_conv *xf_conv_open(const char *charset, struct xf_err *err);
/*
 * Appends in[0..len) converted to UTF-8 to out; -1 with err on an
 * invalid or incomplete sequence (nothing appended then).
 */
int	xf_conv_run(struct xf_conv *c, const char *in, size_t len,
	    struct xf_buf *out, struct xf_err *err);
/*
 * The stream form of xf_conv_run: converts as much of in[0..len) as
 * makes whole characters, appending to out, and says in *used how much
 * it took; the rest (a character cut by the end of in) is for the next
 * call, unless last.  -1 with err, *used where the bad text starts.
 */
int	xf_conv_feed(struct xf_conv *c, const char *in, size_t len, int last,
	    size_t *used, struct xf_buf *out, struct xf_err *err);
void	xf_conv_close(struct xf_conv *c);
/*
 * The byte order mark p[0..n) starts with: its length, and its encoding
 * in *charset (UTF-8, UTF-16LE or BE, UTF-32LE or BE); 0 and NULL when
 * there is none.
 */
size_t	xf_bom(const char *p, size_t n, const char **charset);
/* 1 for a label of the UTF-16 or UTF-32 family (utf-16, UTF-16LE,
 * ucs-2, unicode, utf-32 ...): text that must be decoded before it is
 * split, as its commas and line ends are not single bytes. */
int	xf_charset_wide(const char *label);
/* 1 when a byte order mark of encoding bom agrees with what label says
 * (utf-16 agrees with either byte order, utf-16le only with its own). */
int	xf_charset_agrees(const char *label, const char *bom);
/*
 * The name with its byte order for a wide label, the order taken from
 * the label, else (UTF-16) from where the zero bytes of p[0..n) fall,
 * little-endian on a tie; any other label is returned as it is.
 */
const char *xf_charset_wide_name(const char *label, const char *p, size_t n);
/* 1 when p[0..n) looks like UTF-16 of mostly ASCII text: zero bytes
 * in many places of one parity, few in the other. */
int	xf_utf16_like(const char *p, size_t n);

/* --- personal data masked (redact.c) ----------------------------------- */

/* What xf_redact found, or'ed into *found. */
#define XF_REDACT_MOBILE	0x01	/* 138****5678 */
#define XF_REDACT_LANDLINE	0x02	/* 010-****9988 */
#define XF_REDACT_ID		0x04	/* 110105********0018 */
#define XF_REDACT_CARD		0x08	/* 6222 **** **** 1234 */
#define XF_REDACT_EMAIL		0x10	/* l***@example.org */

/*
 * Appends text[0..n) to out with the personal data in it masked:
 * mainland mobile numbers (+86, spaces, hyphens), landlines, e-mail
 * addresses, resident IDs (18 digits with a valid GB 11643 check
 * character, or 15 with a birth date), bank cards (16 to 19 digits,
 * Luhn), in ASCII or full-width digits.  Masks write '*' for the
 * hidden characters and leave every other byte as it was, so a TSV or
 * CSV line stays one with the same fields.  *found (unless NULL) gets
 * the kinds masked.  -1 when out of memory.
 */
int	xf_redact(const char *text, size_t n, struct xf_buf *out,
	    unsigned *found);
/* A person's name masked: the first character of each word, then one
 * '*' a character (张**, J*** S****). */
int	xf_redact_name(const char *name, struct xf_buf *out);

/*
 * The --redact of every command (redactcol.c): v, a value of the column
 * named column, appended to out masked as that column says.  The
 * complainant is masked as a name; contact, sender and recipient as
 * numbers and addresses (a display name before "<" as a name), or as a
 * name when they hold neither; old and new as the field named by
 * field (an event's; NULL: none); a ref, a time, a status, a category,
 * an owner and the like are copied as they are; any other text through
 * xf_redact, and who (the complaint's complainant, or NULL) masked
 * wherever it is written in it (xf_redact_known).  -1 when out of
 * memory.
 */
int	xf_redact_value(const char *column, const char *field,
	    const char *who, const char *v, struct xf_buf *out);
/*
 * text appended to out with each whole occurrence of name (a
 * complainant's, known from its field) masked as xf_redact_name masks
 * it: the name a complainant signs a body with.  A name of fewer than
 * two characters is not looked for.  -1 when out of memory.
 */
int	xf_redact_known(const char *text, const char *name,
	    struct xf_buf *out);
/* The masked copy of a row, a buffer a column, kept between rows. */
struct xf_rowmask {
	struct xf_buf	*buf;
	const char	**vals;
	size_t		 cap;
};
struct xf_col;
/* vals[n] of the columns cols masked by xf_redact_value, the row's
 * complainant column as the name it looks for, else who (NULL: none);
 * numbers and absent values as they are.  Valid until the next call;
 * NULL when out of memory. */
const char *const *xf_redact_row(struct xf_rowmask *m,
	    const struct xf_col *cols, const char *const *vals, size_t n,
	    const char *who);
void	xf_rowmask_free(struct xf_rowmask *m);

/* --- the same person: contacts and names compared (contact.c) ------- */

/*
 * s as contacts and senders are compared, appended to out: the address
 * inside <> when there is one, ASCII in lower case, no white space
 * ("Zhang <ZS@Example.com>" is zs@example.com); a number as its digits
 * without the +86, 0086 or 86 before a mainland mobile ("+86 138-0013
 * 8000" is 13800138000).  -1 out of memory.
 */
int	xf_contact_norm(const char *s, struct xf_buf *out);
/*
 * A person's name as names are compared, appended to out: full-width
 * letters and digits as ASCII, ASCII in lower case, no white space
 * (the ideographic space included): "ＺＨＡＮＧ San" is zhangsan, "张 三"
 * is 张三.  Other characters as they are.  -1 out of memory.
 */
int	xf_name_norm(const char *s, struct xf_buf *out);

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

/* What a content fingerprint covers.  Any text may be NULL or "". */
struct xf_fpin {
	const char	*subject, *body;	/* normalised as above */
	const char	*complainant;	/* ASCII case and white space folded */
	const char	*contact;	/* lower-cased, white space removed */
	int64_t		 at;		/* received, to the second */
	int		 timed;		/* 0: the source gave no time; at is
					 * then left out */
};

/*
 * Content fingerprint for dedupe: SHA-256, truncated, of in's fields.
 * Equal exactly when the same words come from the same person and
 * contact at the same second (or both without a time).
 */
int	xf_fingerprint(const struct xf_fpin *in, unsigned char out[XF_FPLEN]);
/*
 * The dedupe key of a record that carries no id of its own (a
 * complaint without ext_id, a message without Message-ID): the byte
 * XF_KEY_CONTENT, the received second (8 bytes, big-endian, the sign
 * bit flipped, so that keys sort as the times do; all zero without a
 * time) and the fingerprint.  Equal exactly when the fingerprints are.
 */
#define XF_KEY_CONTENT	0x02
#define XF_CKEYLEN	(1 + 8 + XF_FPLEN)
int	xf_content_key(const struct xf_fpin *in,
	    unsigned char key[XF_CKEYLEN]);
/*
 * The fingerprint stores of schema 3 and before hold: subject, body,
 * contact and the UTC day of received_at (day 0 for rows without a
 * time).  Only the migration that replaces those keys needs it.
 */
int	xf_fingerprint_v2(const char *subject, const char *body,
	    const char *contact, int64_t received_at,
	    unsigned char out[XF_FPLEN]);

/* --- JSON text (json.c) --------------------------------------------- */

/* Appends s as a JSON string literal, quotes included. */
int	xf_json_str(struct xf_buf *b, const char *s, size_t len);
/* 1 when s[len] is one JSON value (RFC 8259), white space around it
 * allowed, and that value is an object when want_object is set. */
int	xf_json_valid(const char *s, size_t len, int want_object);
/* Appends s[len], a text xf_json_valid accepts, on one line and with
 * every code point a terminal would obey escaped as \uXXXX. */
int	xf_json_embed(struct xf_buf *b, const char *s, size_t len);

/* --- tabular output: tsv, csv, json, json lines, table (output.c) --- */

enum xf_fmt {
	XF_FMT_TSV, XF_FMT_CSV, XF_FMT_JSON, XF_FMT_JSONL, XF_FMT_TABLE,
	XF_FMT_XLSX	/* rows kept whole in cells for cmd to write a workbook */
};

int	xf_fmt_parse(const char *name, enum xf_fmt *out);
/* 1 for the formats whose rows are JSON objects (json, jsonl). */
int	xf_fmt_is_json(enum xf_fmt fmt);

/*
 * What a column's values are, said once where its columns are declared:
 * only JSON tells them apart (tsv, csv and table print the text).  A
 * value that is not what its type says (a number column holding "n/a")
 * is printed as a string, never as broken JSON.
 */
enum xf_coltype {
	XF_COL_TEXT,	/* a string */
	XF_COL_NUM,	/* a decimal number: bare in JSON */
	XF_COL_LIST,	/* a comma-separated list: an array of strings, [] when
			 * empty (flags, skills) */
	XF_COL_OBJ,	/* a JSON object's text: the object itself (extra) */
};
struct xf_col {
	const char	*name;
	enum xf_coltype	 type;
};

/*
 * A table with no rows is no output at all, in every format: its header
 * comes with its first row, so a cron job that found nothing to do
 * prints nothing, and cron mails nothing (xf(7) Output formats).
 */
struct xf_table {
	enum xf_fmt	 fmt;
	size_t		 ncol;
	const struct xf_col *cols;
	struct xf_buf	 out;		/* formatted bytes for the caller */
	struct xf_buf	 head;		/* the header, for the first row */
	char		**cells;	/* table format keeps rows until the end */
	size_t		 ncell, cellcap;
	size_t		 nrow;		/* rows so far */
	int		 redact;	/* rows masked as --redact says */
	struct xf_rowmask mask;		/* their masked copies */
	const char	*who;		/* the complainant of rows that do not
					 * name one (a history's), or NULL */
};

/*
 * Formats the header (tsv, csv, table), to come with the first row: with
 * no row nothing is printed, not even the header.  json is one array
 * of objects, written a row at a time: "[" comes with the first row and
 * "]" at the end, "[]" when there was none.  jsonl is one object a line.
 */
int	xf_table_begin(struct xf_table *t, enum xf_fmt fmt,
	    const struct xf_col *cols, size_t ncol);
/* vals[ncol]; NULL is an absent value (empty, or null in JSON). */
int	xf_table_row(struct xf_table *t, const char *const *vals);
/* json, jsonl: a row that is already a JSON object (one with nested
 * arrays, say), framed as xf_table_row frames its own. */
int	xf_table_object(struct xf_table *t, const char *obj, size_t len);
/* Table format: renders the aligned rows into t->out (nothing when there
 * are none); json: the "]". */
int	xf_table_end(struct xf_table *t);
void	xf_table_free(struct xf_table *t);
/* "name":value pairs of one row, comma-separated, without braces: the
 * inside of the object xf_table_row writes, for one with more in it. */
int	xf_json_members(struct xf_buf *b, const struct xf_col *cols,
	    const char *const *vals, size_t ncol);

/* --- a report: titled tables of figures, some charted (rdoc.c) ------ */

/*
 * What xf-report prints, in every format: a list of tables, each with
 * machine names for its columns (struct xf_col, snake_case: received,
 * ack_on_time_pct) and, for charts, which columns to draw.  Reports
 * hold figures, never a complainant's words or contacts: the refs an
 * alert cites are the only link back.  Built by the report engines
 * (report.c, alert.c), printed by xf_report_format (tsv, csv, json,
 * jsonl, table) and xf_report_html (html).
 */
enum xf_chart {
	XF_CHART_NONE,
	XF_CHART_LINE,		/* a trend: the rows in order, one line a series */
	XF_CHART_BARS,		/* a bar a row (and series), labels under them */
	XF_CHART_HBARS		/* a horizontal bar a row: long labels, ranks */
};

#define XF_CHART_SERIES	4	/* columns one chart draws at most */

struct xf_rtable {
	char		*name;		/* "summary", "volume", "backlog" */
	struct xf_col	*cols;		/* ncol, names owned by the table */
	size_t		 ncol;
	char		**cells;	/* nrow * ncol, NULL for an absent value */
	size_t		 nrow, cap;
	enum xf_chart	 chart;
	size_t		 chart_x;	/* the column that names a bar or point */
	size_t		 chart_y[XF_CHART_SERIES];	/* columns drawn */
	size_t		 nseries;
	int		 percent;	/* the drawn values are 0-100 */
};

struct xf_report {
	char		 kind[32];	/* weekly, summary, sla ... */
	char		 lang[4];	/* en or zh: the labels of html and table */
	int64_t		 since, until;	/* the period, until excluded */
	int64_t		 as_of;		/* the store as it stood then */
	struct xf_rtable *tables;
	size_t		 ntable, cap;
};

/* An empty report of kind for [since, until) as of as_of. */
void	xf_report_init(struct xf_report *r, const char *kind,
	    const char *lang, int64_t since, int64_t until, int64_t as_of);
void	xf_report_free(struct xf_report *r);
/* A new table of r (its columns copied); NULL when memory runs out.
 * The pointer holds until the next xf_report_table call. */
struct xf_rtable *xf_report_table(struct xf_report *r, const char *name,
	    const struct xf_col *cols, size_t ncol);
/*
 * Every cell of r masked as --redact masks a table's (xf_redact_value by
 * its column's name): a report is redacted before it is printed unless
 * an authorised reader asks otherwise (xf-report --no-redact).  -1 when
 * out of memory.
 */
int	xf_report_redact(struct xf_report *r);
/* The table of r named name, or NULL. */
struct xf_rtable *xf_report_find(const struct xf_report *r,
	    const char *name);
/* Appends a row of t->ncol values, copied (NULL: absent). */
int	xf_rtable_row(struct xf_rtable *t, const char *const *vals);
/* Cell (row, col) of t, NULL when absent. */
const char *xf_rtable_cell(const struct xf_rtable *t, size_t row,
	    size_t col);
/* The column of t named name, or (size_t)-1. */
size_t	xf_rtable_col(const struct xf_rtable *t, const char *name);
/* Asks for a chart of t: x names the points, ys[n] are drawn. */
void	xf_rtable_chart(struct xf_rtable *t, enum xf_chart chart, size_t x,
	    const size_t *ys, size_t n, int percent);
/* 1 when no table of r has a row: nothing to say. */
int	xf_report_empty(const struct xf_report *r);
/*
 * Appends r in fmt to out.  One table: as every xf table prints (tsv
 * and csv a header and rows, json one array, jsonl an object a line,
 * table aligned), nothing when it has no rows.  Several (weekly): tsv,
 * csv and table print each table that has rows with its header, parted
 * by an empty line, table under a line naming it; json one object with
 * since, until, as_of and an array for each table; jsonl each row with
 * its table's name as a first member "table".
 */
int	xf_report_format(const struct xf_report *r, enum xf_fmt fmt,
	    struct xf_buf *out, struct xf_err *err);
/*
 * Appends r as one self-contained HTML file (rhtml.c): no external
 * asset, inline CSS and SVG charts, readable on a phone, labels in
 * r->lang.  Every text is escaped.
 */
int	xf_report_html(const struct xf_report *r, struct xf_buf *out,
	    struct xf_err *err);
/*
 * What a report's machine name (a kind, a table, a column: weekly,
 * backlog, ack_on_time_pct) reads as in lang, "zh" or "en" (rlabels.c);
 * the name itself when it has no label, so nothing new is hidden.
 */
const char *xf_label(const char *name, const char *lang);
/* A cell of column col in lang: the words of xf's own vocabulary in
 * the columns that hold them (channel, flag, bucket, kind, severity);
 * any other value as it is. */
const char *xf_label_value(const char *col, const char *value,
	    const char *lang);

/* --- edit distance, for "did you mean" (distance.c) ----------------- */

#define XF_EDIT_MAX	64	/* longer words are too far to be a typo */
/*
 * Inserts, deletes, changes and swaps of neighbouring bytes that turn a
 * into b (optimal string alignment); (size_t)-1 when either is longer
 * than XF_EDIT_MAX bytes.
 */
size_t	xf_edit_distance(const char *a, const char *b);

/* --- shared data files: $XF_SHARE, the tree's share/, DATADIR (share.c) */

/*
 * The path of a file shipped in share/: opt when given, else the value of
 * the environment variable env (may be NULL), else $XF_SHARE/name, else
 * the source tree's share/name when the command runs from the tree's
 * bin/, else DATADIR/name.  Returns 0, or -1 when the path does not fit.
 */
int	xf_share_path(char *buf, size_t len, const char *opt,
	    const char *env, const char *name);

/* --- settings files: rules, policy, calendars, routing (conffile.c) -- */

#define XF_CONF_LINE_MAX	65536	/* bytes of one line */

/* One line of a settings file, NUL-terminated and writable; lineno
 * counts from 1.  Returns 0, or -1 with err naming the file and line. */
typedef int (*xf_conf_fn)(void *ctx, char *line, int lineno,
    struct xf_err *err);

/*
 * Calls fn for every line of path that is not blank or a # comment,
 * line endings (LF or CRLF) taken off.  A line that is not UTF-8 or too
 * long is an error naming path:line; so is a file that cannot be read.
 * Stops at the first error fn returns.
 */
/*
 * For a settings file that gave no "what" (rules, routes): -1 with err
 * when path is a regular file, which is then empty or all comments (a
 * copy cut short, a deploy gone wrong); 0 for /dev/null and the like,
 * the way to say "none" on purpose.
 */
int	xf_conf_empty(const char *path, const char *what, struct xf_err *err);
int	xf_conf_read(const char *path, xf_conf_fn fn, void *ctx,
	    struct xf_err *err);
/* 1 when line is empty, white space or a # comment. */
int	xf_conf_blank(const char *line);

/* --- an e-mail to a complainant, as bytes (compose.c) -------------- */

struct xf_mailcompose {
	const char	*from;		/* care@x.org or Care <care@x.org> */
	const char	*to;		/* an address */
	const char	*subject;	/* UTF-8 */
	const char	*body;		/* UTF-8, lines end in LF */
	const char	*message_id;	/* without <> */
	const char	*in_reply_to;	/* may be NULL */
	const char	*refs;		/* space-separated; may be NULL */
	int64_t		 date;
	int		 auto_submitted;	/* Auto-Submitted: auto-generated */
};

/*
 * The message m as RFC 5322 text for sendmail (lines end in LF), in out:
 * Date, From, To, Subject (its ASCII head plain, the rest RFC 2047
 * encoded-words), Message-ID, In-Reply-To, References, MIME-Version and
 * a text/plain UTF-8 body, 7bit when it is short-lined ASCII, else
 * base64.  -1 with err for an address that is not ASCII or holds a line
 * break, or text that is not UTF-8 (a bad From is a configuration
 * error).
 */
int	xf_compose(const struct xf_mailcompose *m, struct xf_buf *out,
	    struct xf_err *err);
/* 0 when from is an address or "Name <address>" a From: may carry. */
int	xf_mail_from_check(const char *from, struct xf_err *err);
/* Appends text as a header value that starts used bytes into its line:
 * plain when printable ASCII (folded), else its ASCII head plain and
 * the rest UTF-8 B encoded-words, one to a line of at most 76. */
int	xf_rfc2047(struct xf_buf *out, const char *text, size_t used);
/* Appends base64 of data; line > 0: in lines of that many characters,
 * each ended by LF. */
int	xf_base64(struct xf_buf *out, const void *data, size_t len,
	    size_t line);
/* t as an RFC 5322 date in UTC: "Mon, 01 Jun 2026 00:00:00 +0000". */
int	xf_mail_date(int64_t t, char *out, size_t len);
/* Appends the message raw[0..len) as one mboxrd entry: a "From " line
 * of time t, the message with "From " lines quoted, a blank line. */
int	xf_mboxrd(struct xf_buf *out, const char *raw, size_t len, int64_t t);

/* --- a command fed on its standard input (spawn.c) ------------------ */

/*
 * Runs cmd with /bin/sh -c in a process group of its own, its standard
 * input data[0..len), its standard output the caller's standard error.
 * 0 when it exits 0 within timeout_s seconds; else -1 with err saying
 * how it ended ("exited 1", "killed by signal 9", "no answer within
 * 60 s, stopped": TERM, then KILL to its group).  The caller ignores
 * SIGPIPE, so a command that does not read all of data is told by its
 * exit status, not by the caller's death.
 */
int	xf_spawn_feed(const char *cmd, const char *data, size_t len,
	    int timeout_s, struct xf_err *err);

/* === store: the SQLite file; calls base ============================= */

/* --- the store (store.c) -------------------------------------------- */

#define XF_BUSY_MS		5000	/* default; $XF_BUSY_TIMEOUT (ms) overrides */
/* The bits of the store's mode its side files (-wal, -shm, -batch) get. */
#define XF_SIDE_MODE		0666

/*
 * How a command opens the store.  Whoever may not write the store file
 * gets a read-only connection whatever is asked, and never creates a
 * file beside it (see xf_store_open).
 */
enum xf_open {
	XF_OPEN_RDONLY,		/* must exist; only read: a read-only
				 * connection, never a write */
	XF_OPEN_READ,		/* must exist; read and written */
	XF_OPEN_WRITE		/* created with the schema when missing */
};

struct xf_store {
	sqlite3		*db;
	char		*path;
	struct xf_chain	*chain;		/* event.c's cache (xf-private.h) */
	int		 busy;	/* last failure was SQLITE_BUSY/LOCKED */
	int		 broken;	/* last failure was the file's: damaged,
				 * unreadable, read-only, full */
	int		 writer;	/* the run's actor may write: checked
				 * once a run (cmd_store_writer) */
	int		 busy_ms;	/* how long a write waits for the lock */
	int64_t		 busy_since;	/* when the present wait began (ms) */
	struct xf_store_batch {		/* xf_store_batch_start */
		int	 on;		/* units become savepoints */
		int	 open;		/* the batch's transaction is open */
		int	 unit;		/* a unit's savepoint is open */
		int	 lost;		/* SQLite rolled the batch back */
		int	 done;		/* batches committed this run */
		size_t	 units;		/* units the open batch holds */
		int64_t	 started;	/* when it began (ms, monotonic) */
	}		 batch;
};

/* -d FILE, else $XF_DB, else ./xf.db */
const char *xf_store_path(const char *opt);
/*
 * Opens, and migrates when it may write, the store at path.  A file that
 * is not an xf store (nor empty), or of a schema version this xf does
 * not know, is refused before anything is written to it.
 *
 * Readers never need write access and never break a writer: a
 * connection that may write keeps the -wal and -shm files beside the
 * store when it closes (SQLITE_FCNTL_PERSIST_WAL), with the store's
 * permissions, so that a user who may only read the store finds them
 * and opens it read-only (SQLite 3.22 and later read a WAL store so).
 * Such a user never creates them: when they are missing (a store last
 * written by an older xf, or copied without them) it is refused, until
 * someone who may write the store runs any command on it.
 * XF_OPEN_RDONLY by a user who may write still upgrades an older
 * schema, and brings back missing -wal and -shm files.
 */
int	xf_store_open(struct xf_store *s, const char *path, enum xf_open how,
	    struct xf_err *err);
void	xf_store_close(struct xf_store *s);
/*
 * Whether the last failure was the store's own (busy, or broken) rather
 * than the item's: the rest of a run would fail the same way, and the
 * exit status is 75, as no input was at fault.
 */
int	xf_store_down(const struct xf_store *s);
/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK; errors name the store path.  Begin
 * refuses a store file that is not a whole number of pages (cut short).
 */
int	xf_store_begin(struct xf_store *s, struct xf_err *err);
int	xf_store_commit(struct xf_store *s, struct xf_err *err);
void	xf_store_rollback(struct xf_store *s);
/*
 * Batches (xf-status(1), BATCHES): a run of many one-complaint units
 * (moves, assignments, escalations) commits them a batch at a time,
 * and each unit still succeeds or fails on its own.  Once started, the
 * three calls above open, release and roll back a savepoint inside the
 * batch's transaction (BEGIN IMMEDIATE at the first unit); a refused
 * unit is rolled back alone.  xf_store_batch_due says when the open
 * batch should commit: XF_BATCH_UNITS units or XF_BATCH_MS since it
 * began, so the write lock is never held much longer than that.  The
 * first unit after a commit waits XF_BATCH_YIELD_MS first, so that a
 * writer waiting beside the run (its busy wait polls more often than
 * that) takes the lock in between.  xf_store_batch_commit commits the
 * open batch (0 when none is open); -1 when it, or a unit of it that
 * SQLite rolled back whole, failed: every unit since the last commit
 * is then undone.  xf_store_batch_end commits too, then ends batching.
 */
#define XF_BATCH_UNITS		500
#define XF_BATCH_MS		200
#define XF_BATCH_YIELD_MS	10
void	xf_store_batch_start(struct xf_store *s);
int	xf_store_batch_due(const struct xf_store *s);
int	xf_store_batch_commit(struct xf_store *s, struct xf_err *err);
int	xf_store_batch_end(struct xf_store *s, struct xf_err *err);
/*
 * The file's structure (PRAGMA quick_check: pages, b-trees, records; not
 * whether indexes match their tables).  0 when sound; -1 with err giving
 * the first problem SQLite found and how many more there are.
 */
int	xf_store_check(struct xf_store *s, struct xf_err *err);
/* err filled from sqlite3_errmsg with the store path and what failed. */
int	xf_store_fail(struct xf_store *s, const char *what, struct xf_err *err);
/* Steps st once: 1 with a row, 0 with none, -1 with err saying what
 * failed (xf_store_fail). */
int	xf_store_one_row(struct xf_store *s, sqlite3_stmt *st, const char *what,
	    struct xf_err *err);
int	xf_store_prepare(struct xf_store *s, const char *sql,
	    sqlite3_stmt **st, struct xf_err *err);
/*
 * The ids the query sql selects (its first column), all read before any
 * is acted on: a command that writes to the rows would upset a cursor
 * still walking them.  *ids is the caller's to free.
 */
int	xf_store_ids(struct xf_store *s, const char *sql, int64_t **ids,
	    size_t *n, struct xf_err *err);
/* Settings for a connection that will write many rows (xf-intake). */
int	xf_store_bulk(struct xf_store *s, struct xf_err *err);
/* Column i of a row as text into buf, cut to fit; "" for NULL. */
void	xf_column_copy(sqlite3_stmt *st, int i, char *buf, size_t len);
/* Binds s, or NULL when s is NULL or empty (an absent field). */
void	xf_bind_opt(sqlite3_stmt *st, int i, const char *s);

/* --- events: the tamper-evident history (event.c) ------------------- */

struct xf_event {
	int64_t		 complaint_id;	/* 0: none */
	int64_t		 at;
	const char	*actor;
	const char	*kind;		/* created, status, note, ... */
	const char	*field;		/* may be NULL */
	const char	*old;
	const char	*new;
	const char	*reason;
	/* For an event that sets a complaint's personal fields (created,
	 * purged, erased): xf_content_digest of them as they were left. */
	int		 has_content;
	unsigned char	 content[XF_SHA256_LEN];
};

/*
 * The fields of an event that may hold personal data besides its
 * reason (which always may): complainant, contact, subject, body,
 * extra, sender, recipient, comment.  Their old and new values are the
 * event's personal part, hashed by digest so they can be erased.
 */
int	xf_event_personal_field(const char *field);
/*
 * The digest of a complaint's personal fields as stored (NULL and ""
 * alike), which its created, purged and erased events carry, and which
 * verify compares with the row.
 */
void	xf_content_digest(const char *complainant, const char *contact,
	    const char *subject, const char *body, const char *extra,
	    unsigned char out[XF_SHA256_LEN]);

/* Appends one event inside the caller's write transaction. */
int	xf_event_add(struct xf_store *s, const struct xf_event *ev,
	    struct xf_err *err);
/* Appends ev[0..n) in order, by one INSERT: all of them or none. */
int	xf_event_add_group(struct xf_store *s, const struct xf_event *ev,
	    size_t n, struct xf_err *err);
/*
 * Walks the chain.  Returns 0 with *count and head[] when every link
 * holds; -1 with err naming the first broken event otherwise.
 */
int	xf_event_verify(struct xf_store *s, int64_t *count,
	    char head[XF_SHA256_HEXLEN], struct xf_err *err);
/*
 * How many of the events verify walked were erased, and of those how
 * many were of format 1 (written before schema 9), whose contents
 * cannot be checked once erased (their link still is).
 */
int	xf_event_erased(struct xf_store *s, int64_t *erased, int64_t *old,
	    struct xf_err *err);
/*
 * Erases the personal part of every event of complaint id (its reason,
 * and old and new of a personal field), inside the caller's write
 * transaction, keeping each event's personal digest so the chain still
 * verifies.  *n is how many events it erased (ones erased before are
 * left as they are).
 */
int	xf_event_erase(struct xf_store *s, int64_t id, int64_t *n,
	    struct xf_err *err);
/* $XF_ACTOR, else the login name, else the uid, cut to fit buf. */
#define XF_ACTOR_MAX	256	/* a buffer for it, NUL included */
const char *xf_actor(char *buf, size_t len);

/* --- stored messages and attachments as evidence (evidence.c) ------ */

/*
 * The digest a message's evidence event records: begin with its raw
 * bytes, add each attachment as stored (name NULL and "" alike, data
 * NULL when it was over the cap) in the order stored, then record:
 * an event of kind "evidence", new "ROWID sha256:HEX", inside the
 * caller's write transaction.  Every path that stores a message calls
 * these, so verify can tell altered evidence.
 */
void	xf_evidence_begin(struct xf_sha256 *c, const void *raw, size_t len);
void	xf_evidence_attachment(struct xf_sha256 *c, const char *name,
	    const char *type, int64_t size, const void *data);
int	xf_evidence_record(struct xf_store *s, int64_t complaint_id,
	    int64_t message, int64_t at, const char *actor,
	    struct xf_sha256 *c, struct xf_err *err);
/* The raw bytes of message n (1 the first, in id order, in and out, as
 * xf-status show lists them) of a complaint; an error for none such,
 * an erased one, damaged bytes. */
int	xf_evidence_message(struct xf_store *s, int64_t complaint_id, int n,
	    struct xf_buf *out, struct xf_err *err);

#define XF_SAFE_NAME_MAX	200	/* bytes of a safe file name */
#define XF_SAFE_EXT_MAX		16	/* an extension kept when cutting */

struct xf_evattach {
	int		 n;		/* its number, 1 the first */
	int		 ambiguous;	/* the error: a name of several */
	char		 name[XF_SAFE_NAME_MAX + 1];	/* safe to create */
	struct xf_buf	 data;		/* its bytes; the caller frees */
};

/*
 * The attachment spec names among a complaint's (numbered 1 on in the
 * order show lists them, message by message): digits are its number,
 * anything else its name, which must name exactly one.
 */
int	xf_evidence_attach(struct xf_store *s, int64_t complaint_id,
	    const char *spec, struct xf_evattach *a, struct xf_err *err);
/*
 * name made safe to create as a file in a folder: no path separator,
 * control, invalid byte or text-reordering mark (each becomes '_'), no
 * leading dot, dash or space, no trailing dot or space, at most
 * size - 1 bytes (XF_SAFE_NAME_MAX + 1 fits any) cut between characters
 * keeping a short extension; "attachment-N" when nothing is left.
 * Chinese and other UTF-8 text is kept.
 */
void	xf_evidence_safe_name(const char *name, int n, char *out,
	    size_t size);

struct xf_evidence_sum {
	int64_t		 messages;	/* stored */
	int64_t		 ok;		/* match their evidence event */
	int64_t		 erased;	/* emptied by erasure or purge */
	int64_t		 uncovered;	/* stored before evidence events */
	int64_t		 bad;		/* altered, damaged or gone */
};

struct xf_evidence_bad {
	const char	*ref;		/* its complaint; NULL: unknown */
	int		 n;		/* its message number; 0: unknown */
	int64_t		 event;		/* the evidence event */
	const char	*why;
};

typedef void	(*xf_evidence_fn)(const struct xf_evidence_bad *b,
		    void *arg);

/* Every evidence event against the message it names; fn is told each
 * that does not match.  -1 only when the store cannot be read. */
int	xf_evidence_verify(struct xf_store *s, xf_evidence_fn fn, void *arg,
	    struct xf_evidence_sum *sum, struct xf_err *err);

/* --- full-text search (search.c) ------------------------------------ */

/*
 * Appends to out the index terms of text[0..len), space-separated (a
 * space first when out holds text): ASCII letters and digits as
 * lower-case words, full-width forms folded first; each run of
 * ideographs, kana or Hangul as its overlapping bigrams and then its
 * last character alone ("个人信息" gives "个人 人信 信息 息"). All else,
 * and any byte that is not UTF-8, parts terms. Each term is one token
 * to FTS5's unicode61. 0, or -1 out of memory with out as it was.
 */
int	xf_search_terms(const char *text, size_t len, struct xf_buf *out);
/*
 * Brings the search index (complaint_fts, keyed by complaint id, and
 * search_state) up to date, creating it when missing: indexes subject,
 * body, complainant and contact of the complaints registered since the
 * last sync, 10,000 per write transaction (a savepoint of the caller's
 * when called inside one). Takes no write lock when the index is
 * current.
 * Call with a busy timeout set; two processes may sync at once. *indexed is how many complaints this call added. Fails
 * on a read-only store unless the index is current. To rebuild, drop
 * complaint_fts and sync.
 */
int	xf_search_sync(sqlite3 *db, int64_t *indexed, struct xf_err *err);
/*
 * Appends to out the FTS5 expression that finds a user's query: every
 * word or CJK run of it (as xf_search_terms parts them) must occur, a
 * word exactly or, written with a trailing '*', as a prefix; a CJK run
 * as a substring; one CJK character anywhere. Nothing in the query is
 * FTS5 syntax. For
 *	SELECT rowid FROM complaint_fts WHERE complaint_fts MATCH ?
 * -1 with out as it was when the query has no words (or memory ran out).
 */
int	xf_search_match(const char *query, struct xf_buf *out);
/*
 * Rewrites the index as one segment (FTS5 'optimize'), so the segments
 * that still held forgotten terms are freed; in the caller's write
 * transaction.  Nothing to do without an index.
 */
int	xf_search_optimize(sqlite3 *db, struct xf_err *err);

/*
 * Issue 15: the index covers each complaint's complainant and contact,
 * and keys them.  Appends to out the key term of a person's contact
 * (kind XF_KEY_CONTACT, norm as xf_contact_norm makes it) or name
 * (XF_KEY_NAME, as xf_name_norm makes it): "xfc" or "xfn" and 16 hex
 * digits of a digest, a word of its own.
 */
#define XF_KEY_CONTACT	'c'
#define XF_KEY_NAME	'n'
int	xf_search_person_key(char kind, const char *norm, size_t len,
	    struct xf_buf *out);
/*
 * For a change of a complaint's complainant, contact, subject or body
 * (an erasure), inside the caller's write transaction: forget takes
 * the complaint's row out of the index as its fields are before the
 * change, reindex puts it back as they are after.  Either does nothing
 * for a complaint the index has not reached.  What was deleted from
 * the index leaves the file's pages only when FTS5 merges them
 * ('optimize') and secure_delete overwrites them.
 */
int	xf_search_forget(sqlite3 *db, int64_t id, struct xf_err *err);
int	xf_search_reindex(sqlite3 *db, int64_t id, struct xf_err *err);

/* --- the complaints of one person (person.c; issue 15) ------------- */

/*
 * The ids, ascending, of the complaints of one person: those whose
 * contact is contact and whose complainant is name, each compared as
 * xf_contact_norm and xf_name_norm make them; NULL for one of them
 * means any (not both; and one that is given but normalises to nothing
 * is -1 with err, never "any").  Brings the search index up
 * to date first (a write, a savepoint of the caller's transaction when
 * inside one), so a complaint registered a moment ago is found.  *ids
 * is the caller's to free; *n may be 0.
 */
int	xf_person_ids(struct xf_store *s, const char *contact,
	    const char *name, int64_t **ids, size_t *n, struct xf_err *err);

/* --- the complaint list's query (list.c) ---------------------------- */

/* The orders of list --sort (xf_list_sort_parse). */
enum xf_list_sort {
	XF_SORT_RECEIVED,	/* received_at: the default */
	XF_SORT_DUE,		/* due, unset last */
	XF_SORT_OVERDUE,	/* the deadline owed now (xf_list_owed) */
	XF_SORT_PRIORITY,	/* P1 first, unset last */
	XF_SORT_UPDATED		/* updated_at */
};
/*
 * word as --sort takes it: received, due, overdue, priority, updated,
 * "-" before one for the other way round.  -1 with err listing them.
 */
int	xf_list_sort_parse(const char *word, enum xf_list_sort *sort,
	    int *desc, struct xf_err *err);

/*
 * One --where FIELD=VALUE: a column of complaint (column, its term's
 * SQL; numeric when the value is a count) or a key of extra (key,
 * keylen), and the value, "" meaning unset.  Pointers into the
 * argument, which must outlive the statement.
 */
struct xf_where {
	const char	*field;		/* the name as given, for messages */
	const char	*column;	/* NULL: a key of extra */
	int		 numeric;
	const char	*key;
	size_t		 keylen;
	const char	*value;
};
#define XF_WHERE_MAX	8	/* --where terms a list takes */
/*
 * arg as --where takes it into *w: FIELD=VALUE, where FIELD is a text
 * or count column of complaint or extra.KEY.  -1 with err for no "=",
 * an unknown field (the known ones listed), a time (--since and the
 * like say how) or a count that is no number.
 */
int	xf_list_where_parse(const char *arg, struct xf_where *w,
	    struct xf_err *err);

/* Whether a deadline still runs, as overdue.c counts (xf_list_owed). */
enum xf_owed { XF_OWED_NO, XF_OWED_YES, XF_OWED_PAUSED };
/* The acknowledgement deadline (ack 1) or the resolution one of a
 * complaint in status, answered (first_response_at set) or not. */
enum xf_owed xf_list_owed(const char *status, int answered, int ack);

/*
 * What xf-status list filters by; NULL, or has_ 0, for a filter not
 * given.  The lists are comma lists of stored values (xf_vocab_list);
 * category as the store spells it, matched without case; match an FTS5
 * expression (xf_search_match) over a synced index.
 */
struct xf_list_query {
	const char	*statuses;	/* NULL: the open ones, or with all
					 * every complaint */
	int		 all;
	const char	*channels, *priorities;
	const char	*assignee, *team, *category, *flag, *match;
	int64_t		 since, until;		/* received_at */
	int64_t		 usince, uuntil;	/* updated_at */
	int		 has_since, has_until, has_usince, has_uuntil;
	long		 limit;		/* -1: every row */
	/* issue 14: with unverified messages (every status unless
	 * statuses); with replies the handler has not acted on since. */
	int		 unverified, replied;
	/* issue 15: only these complaints (xf_person_ids; nids may be 0). */
	int		 by_ids;
	const int64_t	*ids;
	size_t		 nids;
	/* issue 16: the order; every --where and --tag must hold. */
	enum xf_list_sort sort;
	int		 desc;
	const struct xf_where *where;
	size_t		 nwhere;
	const char *const *tags;
	size_t		 ntags;
};
/* The columns list prints; with --due the deadlines after them. */
#define XF_LIST_NCOLS		10
#define XF_LIST_NCOLS_DUE	12
/* The statement's columns: ref ... subject, ack_due, due, then
 * first_response_at (for xf_list_owed), which is never printed. */
enum { XF_LIST_STATUS = 2, XF_LIST_ACK_DUE = 10, XF_LIST_DUE = 11,
	XF_LIST_ANSWERED = 12 };
extern const struct xf_col xf_list_cols[XF_LIST_NCOLS_DUE];
/*
 * The statement that lists the complaints q selects, in q's order (ties
 * in the order of their refs' numbers), with its parameters bound: the
 * strings of q, not copied, must outlive it.  Its WHERE names only the
 * filters q gives, so that an index can serve each
 * (share/schema-5.sql).
 */
int	xf_list_prepare(struct xf_store *s, const struct xf_list_query *q,
	    sqlite3_stmt **st, struct xf_err *err);

/* === intake: what comes in; calls store and base ==================== */

/* --- input streams: files or stdin, plain or gzip (input.c) --------- */

struct xf_input;
/* path "-" or NULL is stdin.  gzip is recognised by content. */
struct xf_input *xf_input_open(const char *path, struct xf_err *err);
/* Reads up to len bytes; 0 at end; -1 with err. */
long	xf_input_read(struct xf_input *in, void *buf, size_t len,
	    struct xf_err *err);
/*
 * The first bytes of the input (up to XF_PEEK_MAX), without consuming
 * them: the next reads return them again.  Only before the first read.
 */
#define XF_PEEK_MAX	4096
long	xf_input_peek(struct xf_input *in, const char **p,
	    struct xf_err *err);
/* The whole input into out; err (naming the input) past max bytes. */
int	xf_input_slurp(struct xf_input *in, struct xf_buf *out, size_t max,
	    struct xf_err *err);
/*
 * From now on reads return the input decoded from charset to UTF-8, as
 * it is read; what was peeked is decoded too.  For text whose line ends
 * are not bytes of their own, UTF-16 and UTF-32 (xf_charset_wide).
 */
int	xf_input_decode(struct xf_input *in, const char *charset,
	    struct xf_err *err);
void	xf_input_close(struct xf_input *in);
/* The name the input was opened by ("-" for stdin). */
const char *xf_input_name(const struct xf_input *in);

/* --- rows of CSV and TSV, with the bytes they came from (rows.c) ---- */

#define XF_ROW_MAX	(16u << 20)	/* raw bytes of one row */

enum xf_rowfmt { XF_CSV, XF_TSV };

struct xf_row {
	int64_t		 line;		/* where the row starts, 1-based */
	size_t		 nfield;
	char		**field;	/* NUL-terminated; field bytes may hold NUL */
	size_t		*len;
	const char	*raw;		/* the row exactly as read */
	size_t		 rawlen;
	const char	*error;		/* set when the row could not be parsed */
};

/*
 * Called for every row, good or bad.  A row that cannot be parsed (stray
 * or unterminated quote, longer than XF_ROW_MAX) comes with error set and
 * raw holding only its first line: the reader then reads on from the
 * next line, so one stray quote costs one line, not every row after it.
 * Return 0 to go on, -1 (with err) to stop reading.
 */
typedef int (*xf_row_fn)(void *ctx, const struct xf_row *row,
	    struct xf_err *err);

struct xf_rowopt {
	enum xf_rowfmt	 fmt;
	/* Nothing said the format: CSV, separated by what the first line
	 * is (xf_rows_sniff). */
	int		 guess;
	char		 delim;		/* CSV's separator; 0 for a comma */
	/* The encoding the caller was told (-e), or NULL.  A byte order
	 * mark overrides NULL and must agree with anything else; text in
	 * UTF-16 or UTF-32, by either, is decoded before it is split. */
	const char	*charset;
};

int	xf_rows_read(struct xf_input *in, const struct xf_rowopt *opt,
	    xf_row_fn fn, void *ctx, struct xf_err *err);
/*
 * The field separator the first line that is not blank (of p[0..n))
 * shows, quoted text aside: a tab when it has one, a semicolon when it
 * has semicolons and no comma, else a comma.
 */
char	xf_rows_sniff(const char *p, size_t n);
/*
 * 1 when a file's name says CSV or TSV: it ends in .csv, .tsv or .tab,
 * any case, gzipped (.gz) or not; *fmt is then set.  0 for any other
 * name, *fmt untouched.
 */
int	xf_rows_named(const char *name, enum xf_rowfmt *fmt);

/* --- complaint fields, header aliases, value normalisation (fields.c) */

enum xf_field {
	XF_F_SUBJECT,
	XF_F_BODY,
	XF_F_COMPLAINANT,
	XF_F_CONTACT,
	XF_F_CHANNEL,
	XF_F_RECEIVED,
	XF_F_EXTID,
	XF_F_KIND,
	/* An export's history (backlog.c): taken only from columns -m
	 * names, never by a header alias, as they close complaints. */
	XF_F_STATUS,
	XF_F_ACCEPTED,
	XF_F_RESOLVED,
	XF_F_CLOSED,
	XF_NFIELD
};

/* Size caps, in bytes of UTF-8, documented in xf-intake(1). */
#define XF_SUBJECT_MAX	4096
#define XF_BODY_MAX	(1u << 20)
#define XF_NAME_MAX	1024		/* complainant, contact */
#define XF_EXTID_MAX	256
#define XF_EXTRA_MAX	(1u << 20)	/* all unmapped columns together */

const char *xf_field_name(enum xf_field f);
size_t	xf_field_max(enum xf_field f);
/* Field by its own name (subject, received_at ...); -1 if none. */
int	xf_field_byname(const char *name);
/* Field a column header maps to by alias (case, spaces, _ and - ignored,
 * English and Chinese); -1 if none. */
int	xf_field_alias(const char *header);
/* 1 when two header names are the same once case and spacing are ignored. */
int	xf_header_eq(const char *a, const char *b);
/* Canonical channel for a value (Web, 电话, Postal mail ...); "other"
 * with *known = 0 when it is not recognised. */
const char *xf_channel_norm(const char *v, int *known);
const char *xf_kind_norm(const char *v, int *known);
/*
 * Canonical status for a status as exports write it ("Closed with
 * explanation", "In progress", 已办结, 办理中 ...); NULL when it is not
 * recognised.
 */
const char *xf_status_norm(const char *v);
/* 1 when s names a channel / status exactly as stored. */
int	xf_channel_valid(const char *s);
int	xf_status_valid(const char *s);
/* The i-th channel / status as stored, from 0, in the order xf(7) lists
 * them; NULL past the last. */
const char *xf_channel_nth(size_t i);
const char *xf_status_nth(size_t i);

/* --- a header row mapped to complaint fields (mapping.c) ------------ */

/*
 * Which column of a CSV or TSV file fills which field: the columns an
 * explicit map names (xf-intake -m field=column) first, then those whose
 * header is an alias (xf_field_alias); the first column for a field
 * wins.  Every other column is an extra, kept in a JSON object under its
 * header.  The messages name maps as -m field=column.
 */
#define XF_MAPS_MAX	64
/*
 * Columns of a header.  Ticketing exports have tens of columns, a few
 * hundred with every custom field; 4,096 is sixteen times the old .xls
 * sheet (256) and four times what LibreOffice long allowed (1,024).  A
 * wider header is not an export but a mistake or an attack, and is
 * refused whole rather than mapped column by column.
 */
#define XF_COLS_MAX	4096

/*
 * A cell's bytes as valid UTF-8 in out (reset first), or -1 with err
 * saying why not; column names the cell for that message.  Decoding the
 * input (a charset, a NUL byte) is the caller's policy.
 */
typedef int (*xf_cell_fn)(void *ctx, const char *s, size_t len,
	    struct xf_buf *out, const char *column, struct xf_err *err);

struct xf_map {
	enum xf_field	 field;
	const char	*column;	/* the caller's, not copied */
	int		 used;		/* a column of this header matched it */
};

struct xf_mapping {
	struct xf_map	 maps[XF_MAPS_MAX];
	size_t		 nmaps;
	xf_cell_fn	 cell;		/* NULL: cells taken as they are */
	void		*cellctx;
	/* From xf_mapping_header; header NULL before it, and after reset. */
	char		**header;	/* column names, UTF-8 and unique */
	int		*colfield;	/* column -> field; -1: an extra */
	size_t		 ncol;
	int		 numbered;	/* xf_mapping_numbered: no header */
	struct xf_buf	 tmp;
};

void	xf_mapping_init(struct xf_mapping *m, xf_cell_fn cell, void *ctx);
/* An explicit map: column (compared as xf_header_eq) fills field; -1
 * with err past XF_MAPS_MAX. */
int	xf_mapping_add(struct xf_mapping *m, enum xf_field field,
	    const char *column, struct xf_err *err);
/*
 * Takes row as the header of the file name: names each column (a repeat
 * gets " (2)", " (3)" ...), maps the columns, and checks there are at
 * most XF_COLS_MAX columns, every map found
 * its column, no column is mapped twice and some column holds a subject
 * or body.  -1 with err naming name (and the line) otherwise.
 */
int	xf_mapping_header(struct xf_mapping *m, const char *name,
	    const struct xf_row *row, struct xf_err *err);
/*
 * For a file without a header: its columns are named by number, 1, 2,
 * 3 ... as many as row has, and mapped as xf_mapping_header maps a
 * header; row is data, left for the caller.
 */
int	xf_mapping_numbered(struct xf_mapping *m, const char *name,
	    const struct xf_row *row, struct xf_err *err);
/*
 * 1 when a header cell reads as a value rather than a column name: a
 * date, time, phone number or amount (3 digits or more and no letter),
 * an e-mail address, or a sentence (Chinese sentence punctuation, or
 * longer than any name).  For the advice when a header maps nothing.
 */
int	xf_cell_looks_data(const char *s);
/*
 * Splits a row under the header: each mapped cell into val[field],
 * trimmed; each other non-empty cell into extra as a member of a JSON
 * object left open, for xf_extra_add to add to and xf_extra_end to
 * close.  val[] and extra are reset first and reused, row after row.
 * -1 with err when the row has not the header's number of fields or a
 * cell is not valid as the cell function says.
 */
int	xf_mapping_split(struct xf_mapping *m, const struct xf_row *row,
	    struct xf_buf val[XF_NFIELD], struct xf_buf *extra,
	    struct xf_err *err);
/* The header of the column that fills f: unique, so an extra keyed by
 * it meets no other; the field's own name when no column does. */
const char *xf_mapping_column(const struct xf_mapping *m, enum xf_field f);
/* Forgets the header, for the next file; the maps stay. */
void	xf_mapping_reset(struct xf_mapping *m);
void	xf_mapping_free(struct xf_mapping *m);
/* Adds "key":"value" to the open JSON object extra (opens it when empty). */
int	xf_extra_add(struct xf_buf *extra, const char *key, const char *value,
	    struct xf_err *err);
/* Closes extra's object; an empty extra (no extras) stays empty. */
int	xf_extra_end(struct xf_buf *extra, struct xf_err *err);
/* Drops the white space (isspace) around b's text, as every value gets. */
void	xf_cell_trim(struct xf_buf *b);

/* --- a stream with its personal data masked (redactrec.c) --------- */

enum xf_redact_fmt { XF_REDACT_TEXT, XF_REDACT_TSV, XF_REDACT_CSV };

#define XF_REDACT_NAMED_MAX	16	/* columns a caller names */
#define XF_REDACT_COLS_MAX	4096	/* columns told apart; later: text */

struct xf_redactor {
	enum xf_redact_fmt	 fmt;
	const char		*named[XF_REDACT_NAMED_MAX];
	size_t			 nnamed;
	int			 header_seen;
	unsigned char		 role[XF_REDACT_COLS_MAX];
	struct xf_buf		 rec, field, tmp;
	size_t			 scanned;
	int			 quoted;
};

void	xf_redactor_init(struct xf_redactor *r, enum xf_redact_fmt fmt);
/* One more column (by its header) to mask as a name; -1 when full. */
int	xf_redactor_name(struct xf_redactor *r, const char *column);
/*
 * Takes the next n bytes of the stream and appends to out every record
 * they complete, masked: text line by line; TSV and CSV by the roles
 * their header row gives the columns (the complainant's as a name, the
 * contact's as a number or address, else as a name; the rest as text).
 * -1 when out of memory.
 */
int	xf_redactor_feed(struct xf_redactor *r, const char *p, size_t n,
	    struct xf_buf *out);
/* The record left without a final newline, masked. */
int	xf_redactor_end(struct xf_redactor *r, struct xf_buf *out);
void	xf_redactor_free(struct xf_redactor *r);

/* --- an export's history (backlog.c) --------------------------------- */

/* One move an import makes: to a status, at a time, its own or not. */
struct xf_past_step {
	const char	*to;		/* accepted, in_progress, resolved,
					 * closed or rejected */
	int64_t		 at;
	int		 dated;		/* at is the export's time for it; 0:
					 * the latest time before it */
};

#define XF_PAST_STEPS	3		/* accepted, resolved, closed */

struct xf_past {
	const char	*said;		/* the status as written, or NULL */
	const char	*status;	/* where the moves end: new for none */
	size_t		 nstep;
	struct xf_past_step step[XF_PAST_STEPS];
};

/* A row's status and milestone times as written (NULL or "" absent). */
struct xf_pastin {
	const char	*status, *accepted, *resolved, *closed;
	int64_t		 received;
	int		 received_unknown;
	int64_t		 latest;	/* a later time is in the future
					 * (record.c's rule, xf_record_future) */
};

/*
 * The moves that bring a new complaint to the status and times a row
 * gives (xf-intake(1), HISTORY): an unknown status, a time that cannot
 * be read, lies in the future or before the received time, times out of
 * lifecycle order, or a time the status cannot have (a closed_at of an
 * open complaint) are -1 with err.  No status and no times: no moves.
 */
int	xf_past_plan(const struct xf_pastin *in, struct xf_past *p,
	    struct xf_err *err);

/* --- registering complaints (register.c) ---------------------------- */

struct xf_complaint {
	const char	*v[XF_NFIELD];	/* text fields; NULL or "" when absent */
	int64_t		 received_at;
	int		 received_unknown;	/* source gave no time: the
					 * fingerprint then leaves it out */
	const char	*channel;	/* canonical */
	const char	*kind;		/* canonical */
	const char	*source;	/* file:line, cli, Message-ID */
	const char	*extra;		/* JSON object or NULL */
	const char	*message_id;	/* e-mail: the dedupe key when set */
	int64_t		 parent_id;	/* a follow-up of this complaint, or 0 */
	struct xf_past	 past;		/* the moves an export's history
					 * asks for (backlog.c) */
};

/*
 * The fields of one complaint as a source gives them (a CSV row, flags,
 * an e-mail; later a survey answer, a web form), for xf_record_build.
 */
struct xf_recin {
	const char	*v[XF_NFIELD];	/* NULL or "" when absent; channel,
					 * kind and received_at as written */
	int64_t		 at;		/* when has_at: a time the source read
					 * itself (an e-mail's Date), used
					 * when v has no received_at */
	int		 has_at;
	const char	*channel;	/* canonical, when v names none;
					 * NULL: other */
	const char	*source;
	const char	*message_id;
	int64_t		 parent_id;
	/* An open JSON object of extras (xf_mapping_split) or NULL: an
	 * unrecognised channel or kind is added under its key, then the
	 * object is closed and becomes the record's extra. */
	struct xf_buf	*extra;
	const char	*channel_key, *kind_key;	/* NULL: the field's
							 * name */
	int64_t		 now;
};

/* Clocks differ: a received time up to a day ahead of now is still now. */
#define XF_FUTURE_SLACK	XF_DAY

/*
 * The one way to make a complaint record (record.c): the received time,
 * channel and kind defaults, the future-date rule, then the required
 * fields and size caps.  c points into in and in->extra.  -1 with err
 * saying why the record is refused.
 */
int	xf_record_build(const struct xf_recin *in, struct xf_complaint *c,
	    struct xf_err *err);
/* 1 when at is too far ahead of now to be a received time. */
int	xf_record_future(int64_t at, int64_t now);

struct xf_registrar {
	struct xf_store	*store;
	int64_t		 now;
	const char	*actor;
	int64_t		 adopted;	/* the last duplicate taken over, or 0 */
	struct xf_reg_state *state;	/* register.c's and batch.c's
					 * (xf-private.h) */
};

#define XF_REFLEN	32
#define XF_KEY_MAX	1024	/* bytes of a dedupe key */

int	xf_reg_open(struct xf_registrar *g, struct xf_store *s,
	    const char *actor, int64_t now, struct xf_err *err);
void	xf_reg_close(struct xf_registrar *g);
/* BEGIN IMMEDIATE and learn the next id; commit with xf_store_commit. */
int	xf_reg_begin(struct xf_registrar *g, struct xf_err *err);
/*
 * Registers c with its "created" event.  On a duplicate (same ext_id,
 * else Message-ID, else fingerprint: same subject, body, complainant,
 * contact and received second) nothing is written, *dup is set and ref
 * names the complaint already stored.
 */
int	xf_reg_add(struct xf_registrar *g, const struct xf_complaint *c,
	    char ref[XF_REFLEN], int *dup, struct xf_err *err);
/*
 * Printed or findable (batch.c, xf(7)).  Commit a unit with
 * xf_reg_commit; once the unit's rows are written out (flushed),
 * xf_reg_printed; at the end, xf_reg_finish marks what is left.  When
 * xf_reg_add or xf_mail_register finds a duplicate whose complaint an
 * earlier run stored but never printed, it takes it over and sets
 * g->adopted: xf_reg_adopted then gives its row to print (pointers valid
 * until the next xf_reg_adopted call).
 */
int	xf_reg_commit(struct xf_registrar *g, struct xf_err *err);
int	xf_reg_printed(struct xf_registrar *g);
int	xf_reg_finish(struct xf_registrar *g, struct xf_err *err);
int	xf_reg_adopted(struct xf_registrar *g, struct xf_complaint *c,
	    char ref[XF_REFLEN], struct xf_err *err);
/* The id the last xf_reg_add created (valid until the next call). */
int64_t	xf_reg_last_id(const struct xf_registrar *g);
/*
 * Many rows at once, as xf_reg_add registers each: xf_reg_queue copies
 * c (a row with no history to import: c->past empty) and xf_reg_flush
 * registers what is queued, in order, calling done for each row with
 * what xf_reg_add would have given (g->adopted set as it sets it); a
 * done that fails stops the flush.  A flush of XF_REG_GROUP rows costs
 * SQLite about half as much as as many xf_reg_add calls.  The queue
 * lives inside the open transaction: xf_reg_drop empties it for a
 * rollback, and xf_reg_begin starts with it empty.
 */
#define XF_REG_GROUP	200
typedef int	(*xf_reg_fn)(void *arg, const struct xf_complaint *c,
		    const char *ref, int dup, struct xf_err *err);
int	xf_reg_queue(struct xf_registrar *g, const struct xf_complaint *c,
	    struct xf_err *err);
size_t	xf_reg_queued(const struct xf_registrar *g);
int	xf_reg_flush(struct xf_registrar *g, xf_reg_fn done, void *arg,
	    struct xf_err *err);
void	xf_reg_drop(struct xf_registrar *g);

/* --- complaint refs on stdin (refs.c) ------------------------------- */

/*
 * A stream of refs: the output of any xf command (TSV or CSV with its
 * header row, first column ref) or a bare list, one ref a line.  The
 * stream is parsed by the format its first line names (refs.c), so a
 * line inside a quoted CSV field is never taken for a row.
 */
struct xf_refs;
struct xf_refs *xf_refs_open(FILE *fp, struct xf_err *err);
/*
 * The next ref: 1 with ref, 0 at the end, -1 with err naming the line.
 * After an error that leaves the rest of the stream in doubt (a TSV cell
 * not shaped like a ref, CSV that does not parse, JSON) the next call
 * returns 0; after a bad CSV record or a ref-shaped cell too long to be
 * a ref it reads on.
 */
int	xf_refs_next(struct xf_refs *r, char ref[XF_REFLEN],
	    struct xf_err *err);
void	xf_refs_close(struct xf_refs *r);
/* The complaint id for "XF-2026-000123" (any case) or a bare id; -1. */
int64_t	xf_ref_id(const char *ref);

/* --- e-mail messages, parsed with GMime (mail.c) --------------------- */

#define XF_MAIL_MAX		(64u << 20)	/* bytes of one raw message */
#define XF_ATTACH_KEEP_MAX	(10u << 20)	/* larger attachments: listed,
						 * not kept */
#define XF_MAIL_REFS_MAX	64		/* References ids looked at */
/*
 * What parsing one message may hold beside its raw bytes, so that its
 * peak memory is a small multiple of XF_MAIL_MAX whatever its shape
 * (issue 17): header fields past XF_MAIL_FIELDS_MAX or past
 * XF_MAIL_HEADER_MAX bytes are dropped and a field is cut at
 * XF_MAIL_FIELD_MAX bytes before GMime sees them (a Subject so cut is
 * cut again to XF_SUBJECT_MAX in the complaint); the message's text
 * (message.body) keeps its first XF_MAIL_TEXT_MAX bytes.  Each is said
 * in the warning; the raw evidence keeps everything.
 */
#define XF_MAIL_FIELDS_MAX	1000
#define XF_MAIL_FIELD_MAX	(256u << 10)
#define XF_MAIL_HEADER_MAX	(1u << 20)
#define XF_MAIL_TEXT_MAX	(4u << 20)

struct xf_attachment {
	char		*name;		/* UTF-8 (RFC 2231/2047 decoded); may be NULL */
	char		*type;		/* "application/pdf" */
	size_t		 size;		/* decoded bytes */
	unsigned char	*data;		/* decoded bytes; NULL when over the cap */
};

struct xf_mail {
	char		*from_name;	/* UTF-8 display name, or NULL */
	char		*from_addr;	/* lower-cased address, or NULL */
	char		*subject;	/* UTF-8, RFC 2047 decoded, or NULL */
	int64_t		 date;		/* from Date:, when date_ok */
	int		 date_ok;
	char		*message_id;	/* without <>, or NULL */
	char		*in_reply_to;	/* without <>, or NULL */
	char		**refs;		/* References ids, without <>, oldest first */
	size_t		 nrefs;
	char		*body;		/* UTF-8 text: text/plain, else text
					 * from the HTML; never NULL */
	const char	*autoreply;	/* why it is an auto-reply or bounce
					 * (static text), or NULL */
	struct xf_attachment *att;
	size_t		 natt;
	char		*warning;	/* something repaired or guessed (bad
					 * charset, broken encoding), or NULL */
};

/*
 * Parses one raw RFC 5322 message.  Every text comes out valid UTF-8:
 * declared charsets are converted (gb2312 and gbk read as gb18030),
 * RFC 2047 words decoded, undeclared 8-bit text tried as UTF-8 and then
 * GB18030.  -1 with err only when nothing usable is there (no headers at
 * all, not a message); damage short of that is repaired and described in
 * m->warning.
 */
int	xf_mail_parse(const char *raw, size_t len, struct xf_mail *m,
	    struct xf_err *err);
void	xf_mail_free(struct xf_mail *m);
/* Readable text from HTML: tags dropped, entities decoded, block
 * elements and <br> as line breaks, script and style dropped. */
int	xf_html_text(const char *html, size_t len, struct xf_buf *out);

/* --- mailboxes: mbox, Maildir, single messages (mailbox.c) ---------- */

enum xf_mailfmt { XF_MAIL_NONE, XF_MAIL_EML, XF_MAIL_MBOX, XF_MAIL_MAILDIR };

/* What the first bytes of an input look like: mbox ("From "), one
 * message (starts with a mail header), or neither (XF_MAIL_NONE). */
enum xf_mailfmt xf_mail_sniff(const char *p, size_t n);
/* 1 when path is a Maildir (a directory with cur/ and new/). */
int	xf_is_maildir(const char *path);

struct xf_mbox;
struct xf_mbox *xf_mbox_open(struct xf_input *in, struct xf_err *err);
/*
 * The next message of the mbox into msg (From_ line removed, mboxrd
 * ">From " quoting undone): 1, 0 at the end, -1 with err when the input
 * fails.  *line is the line of its From_ line; *envdate the time on
 * that line (0 when there is none).  A message longer than XF_MAIL_MAX
 * comes back with *toolong set and only its first XF_MAIL_MAX bytes.
 */
int	xf_mbox_next(struct xf_mbox *mb, struct xf_buf *msg, int64_t *line,
	    int64_t *envdate, int *toolong, struct xf_err *err);
/*
 * The line of the first body line of that message that looks like the
 * start of another message ("From " then mail headers: a From_ line not
 * taken as a separator, or one its writer did not quote); 0 for none.
 */
int64_t	xf_mbox_embedded(const struct xf_mbox *mb);
/*
 * 1 when l (n bytes) is a From_ line: "From ", an address (spaces
 * allowed), then a date read from the end of the line: weekday, month
 * name, day, hh:mm[:ss], then the year with an optional zone ("+0200",
 * "PDT") before or after it, then an optional "remote from host".
 * *when gets the date (a numeric zone applied, a named one taken as
 * UTC), or 0 when it is before 1970.
 */
int	xf_mbox_from_line(const char *l, size_t n, int64_t *when);
void	xf_mbox_close(struct xf_mbox *mb);

/* The message files of a Maildir (new/ then cur/, sorted by name), as
 * paths to free with xf_maildir_free. */
int	xf_maildir_list(const char *dir, char ***paths, size_t *n,
	    struct xf_err *err);
void	xf_maildir_free(char **paths, size_t n);

/* --- outputs a command may open (outpath.c) -------------------------- */

/*
 * Refuses (-1, err naming what and out) an output that is the store, its
 * -wal, -shm, -journal or -batch, or one of the inputs (none, or "-", is stdin;
 * a Maildir holds its cur/, new/ and tmp/): opening it would truncate it.
 */
int	xf_output_check(const char *what, const char *out, const char *store,
	    char *const *inputs, size_t ninputs, struct xf_err *err);

/* === work: a stored complaint; calls every layer ==================== */

/* --- tokens of Chinese and English text (tokenize.c) ------------------ */

/*
 * Calls fn for every token of text: Latin words lower-cased (ASCII and
 * full-width letters; apostrophes inside words kept), every run of digits
 * as the one token "<num>", CJK ideographs as character unigrams and
 * overlapping bigrams, stop words of English and Chinese left out, other
 * characters (punctuation, emoji, symbols) separators.  A token is at
 * most XF_TOKEN_MAX bytes (longer words are cut).  fn returns 0 to go on.
 */
#define XF_TOKEN_MAX	64
typedef int (*xf_token_fn)(void *ctx, const char *tok, size_t len);
int	xf_tokens(const char *text, size_t len, xf_token_fn fn, void *ctx);
/* The same without CJK unigrams: the terms of xf-report's alerts, which
 * never count one ideograph alone, skip half the calls. */
int	xf_tokens_pairs(const char *text, size_t len, xf_token_fn fn,
	    void *ctx);

/* --- naive Bayes over tokens (bayes.c) --------------------------------- */

#define XF_BAYES_CLASSES	64	/* labels a model can tell apart */
#define XF_BAYES_ALPHA		1.0	/* Laplace smoothing */

struct xf_bayes;		/* a model being trained or used */

struct xf_bayes *xf_bayes_new(void);
void	xf_bayes_free(struct xf_bayes *b);
/*
 * What a new model learns: naive Bayes (the default of xf_bayes_new,
 * and of every model saved before version 2) or a linear SVM on TF-IDF
 * of the same tokens (linear.c), calibrated by Platt's sigmoid.  -1 once
 * a text was learned.
 */
enum xf_model_kind { XF_MODEL_NB, XF_MODEL_SVM };
int	xf_bayes_kind(struct xf_bayes *b, enum xf_model_kind kind);
/* Adds one labelled text; -1 with err when there are too many labels. */
int	xf_bayes_learn(struct xf_bayes *b, const char *label,
	    const char *text, size_t len, struct xf_err *err);
/* Freezes the counts into log-probabilities; needed before predicting. */
int	xf_bayes_finish(struct xf_bayes *b, struct xf_err *err);

struct xf_prediction {
	const char	*label;		/* owned by the model */
	double		 confidence;	/* posterior of that label, 0..1 */
	const char	*second;	/* the runner-up label, or NULL */
	size_t		 known;		/* tokens of the text the model knows:
					 * 0 means the label is the prior's */
};
/* The most probable label of text (multinomial NB, log space). */
int	xf_bayes_predict(const struct xf_bayes *b, const char *text,
	    size_t len, struct xf_prediction *p);

/* The tokens of text that weigh most for label, for explain. */
struct xf_weight {
	char		 token[XF_TOKEN_MAX + 1];
	double		 weight;	/* log P(t|label) - log P(t|others) */
	int		 count;		/* times in text */
};
int	xf_bayes_explain(const struct xf_bayes *b, const char *label,
	    const char *text, size_t len, struct xf_weight *w, size_t max,
	    size_t *n);

/*
 * Serialised model: magic "XFNB", version, labels, vocabulary, counts,
 * and a SHA-256 of all of it, so a damaged or foreign model is refused
 * (-1 with err saying why), never trusted.
 */
int	xf_bayes_save(const struct xf_bayes *b, struct xf_buf *out,
	    struct xf_err *err);
struct xf_bayes *xf_bayes_load(const void *data, size_t len,
	    struct xf_err *err);
size_t	xf_bayes_labels(const struct xf_bayes *b, const char **labels,
	    size_t max);

/* --- a linear classifier and its calibration (linear.c) --------------- */

/* Texts as sparse rows, each of Euclidean length 1 (or empty). */
struct xf_docs {
	const size_t	*off;		/* row i is [off[i], off[i + 1]) */
	const uint32_t	*id;		/* feature numbers, < nfeat */
	const float	*val;
	const unsigned char *label;	/* of each row, < nlabel */
	size_t		 n, nfeat, nlabel;
};
/*
 * One label against the rest, an L2-regularised squared-hinge SVM with
 * a bias (LinearSVC's model), by dual coordinate descent over rows[0..
 * nrows) of d, each weighing c * cweight[its label].  alpha (nlabel * n,
 * by label then row) holds the duals: zeros, or a warm start; w (nlabel
 * * nfeat, by label then feature) and bias (nlabel) get the model.
 */
int	xf_linear_train(const struct xf_docs *d, const size_t *rows,
	    size_t nrows, const double *cweight, double c, double *alpha,
	    double *w, double *bias, uint64_t seed, struct xf_err *err);
/* w.x + bias of row. */
double	xf_linear_dot(const struct xf_docs *d, size_t row, const double *w,
	    double bias);
/*
 * One step of the dual for a row of margin w.x, label y (+1 or -1),
 * dual alpha, diagonal 1/(2C) and Q_ii = x.x + diag: the change of
 * alpha into *delta; returns the projected gradient (0 at the optimum).
 */
double	xf_linear_step(double margin, double y, double alpha, double diag,
	    double qii, double *delta);
/* Platt's fit of P(right | f) = 1 / (1 + exp(a f + b)); -1 when n is 0
 * or out of memory. */
int	xf_platt_fit(const double *f, const unsigned char *right, size_t n,
	    double *a, double *b);
double	xf_platt(double f, double a, double b);

/* --- k-fold evaluation (evaluate.c) ------------------------------------ */

struct xf_example {
	const char	*label;
	const char	*text;
};

#define XF_EVAL_CUTS	8	/* 0.5 0.6 0.7 0.8 0.9 0.95 0.98 0.99 */

struct xf_evaluation {
	size_t		 n, correct, nlabels;
	double		 accuracy, macro_f1;
	const char	*labels[XF_BAYES_CLASSES];
	double		 precision[XF_BAYES_CLASSES];
	double		 recall[XF_BAYES_CLASSES];
	double		 f1[XF_BAYES_CLASSES];
	size_t		 support[XF_BAYES_CLASSES];
	size_t		 confusion[XF_BAYES_CLASSES][XF_BAYES_CLASSES];
					/* [true][predicted] */
	double		 min_recall;	/* of the labels with support */
	/* At each confidence cut: the texts the model would decide (the
	 * rest go to review) and how many of those it got right. */
	double		 cut[XF_EVAL_CUTS];
	size_t		 decided[XF_EVAL_CUTS], decided_right[XF_EVAL_CUTS];
};

/*
 * k-fold cross-validation: examples split into k folds by a fixed
 * shuffle (seed), a model trained on k-1 folds and tested on the rest,
 * k times.  ev->labels point into the examples.
 */
int	xf_evaluate(const struct xf_example *ex, size_t n, int k,
	    uint64_t seed, enum xf_model_kind kind, struct xf_evaluation *ev,
	    struct xf_err *err);

/* --- trained models in the store (model.c) ----------------------------- */

/* Adds model b, learned from examples texts, in its own transaction. */
int	xf_model_save(struct xf_store *s, const struct xf_bayes *b,
	    size_t examples, int64_t now, struct xf_err *err);
/*
 * The newest model into *out (free with xf_bayes_free), or NULL when none
 * was trained.  A damaged newest model is an error, not a reason to use
 * an older one.
 */
int	xf_model_load(struct xf_store *s, struct xf_bayes **out,
	    struct xf_err *err);

/* --- classification rules (rules.c) ----------------------------------- */

enum xf_rule_field { XF_RULE_ANY, XF_RULE_SUBJECT, XF_RULE_BODY };

struct xf_rules;

/*
 * Reads a rules file (TSV: field, match, pattern, category, minimum
 * priority, flags; see xf-classify(1)).  -1 with err naming file:line on
 * the first bad line (an unknown field, a regex that does not compile):
 * a rules file is used whole or not at all.  Its errors are
 * XF_WHY_CONFIG, as are those of the other settings loaders
 * (xf_sla_load, xf_routing_load).
 */
struct xf_rules *xf_rules_load(const char *path, struct xf_err *err);
void	xf_rules_free(struct xf_rules *r);

struct xf_verdict {
	const char	*category;	/* first matching rule's, or NULL */
	int		 priority;	/* 1..4, the most urgent asked; 0 none */
	char		 flags[128];	/* sorted, comma-separated */
	char		 why[1024];	/* "rules.tsv:3 rules.tsv:7" */
};

/* Applies every rule to subject and body (either may be NULL). */
void	xf_rules_apply(const struct xf_rules *r, const char *subject,
	    const char *body, struct xf_verdict *v);
/* The risk flags a complaint may carry (DESIGN §5): the one list that
 * rules files, xf-classify set and xf-status list --flag accept. */
#define XF_NFLAGS	6
extern const char *const xf_flags_known[XF_NFLAGS];
/* 1 when f is one of them. */
int	xf_flag_valid(const char *f);
/* Adds flag to a sorted comma list (no duplicates). */
void	xf_flags_add(char *flags, size_t len, const char *flag);
int	xf_flags_has(const char *flags, const char *flag);
void	xf_flags_remove(char *flags, const char *flag);

/* --- near-duplicate text (simhash.c) ----------------------------------- */

/* 64-bit SimHash of the normalised text's character 3-grams. */
uint64_t xf_simhash(const char *text, size_t len);
/* Bits that differ: near duplicates differ in few (<= XF_NEAR_BITS). */
int	xf_hamming(uint64_t a, uint64_t b);
#define XF_NEAR_BITS	3

/* --- business calendar: working hours, holidays, 调休 (calendar.c) ---- */

/*
 * Business time is counted in the local zone (TZ; commands copy $XF_TZ
 * into TZ first) through localtime_r/mktime, so a zone with daylight
 * saving gets the right wall-clock hours on every day.  A date listed as
 * a holiday is never worked; a make-up workday (调休) is worked whatever
 * its weekday.
 */
struct xf_cal_date {
	int32_t		 ymd;		/* 20260215 */
	int		 work;		/* 1 make-up workday, 0 holiday */
};

struct xf_calendar {
	int		 open_min;	/* working hours, minutes after midnight */
	int		 close_min;	/* default 09:00-18:00 */
	unsigned	 weekdays;	/* bit 0 Sunday .. bit 6 Saturday */
	struct xf_cal_date *dates;	/* sorted by ymd, one entry a date */
	size_t		 ndates, cap;
	/* The last year a date is listed for (0: none), and the file that
	 * lists it: past that year no holiday is known. */
	int		 last_year;
	char		 last_file[PATH_MAX];
};

/* 09:00-18:00, Monday to Friday, no holidays. */
void	xf_calendar_init(struct xf_calendar *c);
void	xf_calendar_free(struct xf_calendar *c);
/*
 * Adds one calendar file: "hours HH:MM-HH:MM" and "days mon-fri" lines
 * set the working week, "YYYY-MM-DD<TAB>holiday|workday[<TAB>name]"
 * lines list dates; # comments.  Errors name the file and line.
 */
int	xf_calendar_load_file(struct xf_calendar *c, const char *path,
	    struct xf_err *err);
/* Every *.tsv file of dir, in name order. */
int	xf_calendar_load_dir(struct xf_calendar *c, const char *dir,
	    struct xf_err *err);
int	xf_calendar_workday(const struct xf_calendar *c, int year, int month,
	    int day);
/*
 * The local year of t when it is past the last year c lists dates for,
 * so that a deadline there counts that year's holidays as working days;
 * 0 when c covers it (or lists no dates at all: a calendar without
 * holidays is a choice).
 */
int	xf_calendar_beyond(const struct xf_calendar *c, int64_t t);
/*
 * Into buf, the file to add for year: the last file's name with its
 * year replaced (calendar/cn-2026.tsv gives calendar/cn-2027.tsv), else
 * YEAR.tsv beside it.
 */
void	xf_calendar_next_file(const struct xf_calendar *c, int year,
	    char *buf, size_t len);
/* The length of one working day in seconds (9 h by default). */
int64_t	xf_calendar_day_seconds(const struct xf_calendar *c);
/* The moment seconds of working time after from have passed. */
int64_t	xf_business_add(const struct xf_calendar *c, int64_t from,
	    int64_t seconds);
/* Working seconds between a and b (0 when b <= a). */
int64_t	xf_business_between(const struct xf_calendar *c, int64_t a,
	    int64_t b);

/* --- deadline policy and SLA clocks (policy.c, sla.c) --------------- */

#define XF_ESCALATE_MAX	4	/* escalation levels a policy row may name */
#define XF_CLOSE_DEFAULT_DAYS	7	/* a policy row's close span without one */
#define XF_REVIEW_DAYS		30	/* statutory: a review within 30 days */

enum xf_clock { XF_CLOCK_CALENDAR, XF_CLOCK_BUSINESS };

/* A span of time: "30m", "2h", "3d"; a day is a working day on a
 * business clock and 24 hours on a calendar clock. */
struct xf_span {
	int64_t		 seconds;
	int		 days;
};

struct xf_policy_rule {
	char		 category[32];	/* "*": any */
	char		 priority[4];	/* P1..P4 or "*" */
	struct xf_span	 ack, resolve;
	enum xf_clock	 clock;
	struct xf_span	 escalate[XF_ESCALATE_MAX];	/* overdue by: level i+1 */
	int		 nescalate;
	/* How long a resolved complaint waits for a reply before it is
	 * closed automatically (xf-status autoclose), on the calendar
	 * clock: the optional seventh column, XF_CLOSE_DEFAULT without. */
	struct xf_span	 close;
	/* The resolve span of a review (复查, 复核): a reopen of a resolved
	 * or closed complaint, counted from the reopen.  The optional
	 * eighth column, on the rule's clock; without it the statutory
	 * XF_REVIEW_DAYS on the calendar clock. */
	struct xf_span	 review;
	enum xf_clock	 review_clock;
	int		 line;		/* in the policy file, for messages */
};

struct xf_policy {
	struct xf_policy_rule *rules;
	size_t		 n;
	char		 path[256];
};

/* "90m", "2h", "1d", "1d4h"; 0 or -1 for anything else. */
int	xf_span_parse(const char *s, struct xf_span *out);
/* "2h", "3d", "1d4h": the span as written in a policy file. */
void	xf_span_format(const struct xf_span *sp, char *buf, size_t len);
/* "3h20m", "2d5h": a length of time in seconds, for people. */
void	xf_duration_format(int64_t seconds, char *buf, size_t len);
/* The same with days of day seconds (a working day, say); 24 hours
 * when day is not positive. */
void	xf_duration_format_days(int64_t seconds, int64_t day, char *buf,
	    size_t len);
int	xf_policy_load(struct xf_policy *p, const char *path,
	    struct xf_err *err);
void	xf_policy_free(struct xf_policy *p);
/*
 * The most specific rule for category and priority (either may be NULL
 * or ""): exact category and priority, then exact category, then exact
 * priority, then "* *".  NULL when nothing matches.
 */
const struct xf_policy_rule *xf_policy_find(const struct xf_policy *p,
	    const char *category, const char *priority);

struct xf_sla {
	struct xf_policy	 policy;
	struct xf_calendar	 cal;
	/* The latest year a deadline fell in past the calendar's last
	 * (xf_calendar_beyond), noted by xf_clock_add for the command to
	 * warn of once (xf_sla_beyond); a cell of its own, so that the
	 * const sla every caller holds can still note it. */
	int			*beyond;
};

/* A pause of the clock (wait ... resume); to == 0 while still waiting. */
struct xf_pause {
	int64_t		 from, to;
};

/* What a complaint's deadlines are computed from. */
struct xf_sla_facts {
	const char	*category;	/* may be NULL */
	const char	*priority;	/* may be NULL */
	int64_t		 received_at;
	int64_t		 accepted_at;	/* 0: not yet accepted */
	const struct xf_pause *pauses;
	size_t		 npauses;
	int64_t		 extension;	/* approved extensions, seconds */
	/* Under review: the latest reopen of it resolved or closed (0:
	 * none), and how many there were.  The resolve deadline then runs
	 * from it by the rule's review span, with only the pauses and
	 * extensions since (as the caller gives them). */
	int64_t		 review_at;
	int		 reviews;
};

struct xf_deadlines {
	int64_t		 ack_due, due;
	const struct xf_policy_rule *rule;
};

/*
 * Policy file, calendar folder: policy_opt or $XF_POLICY or share's
 * policy.tsv; cal_opt or $XF_CALENDAR or share's calendar/.  Errors
 * XF_WHY_CONFIG.
 */
int	xf_sla_load(struct xf_sla *sla, const char *policy_opt,
	    const char *cal_opt, struct xf_err *err);
void	xf_sla_free(struct xf_sla *sla);
/* The latest year past the calendar's last that a deadline fell in
 * since xf_sla_load, or 0. */
int	xf_sla_beyond(const struct xf_sla *sla);
/* Adds span to from on clock. */
int64_t	xf_clock_add(const struct xf_sla *sla, enum xf_clock clock,
	    int64_t from, const struct xf_span *span);
/* Time between a and b counted on clock (negative when b < a). */
int64_t	xf_clock_between(const struct xf_sla *sla, enum xf_clock clock,
	    int64_t a, int64_t b);
/*
 * Pure: acknowledge by received_at + ack; resolve by (accepted_at, else
 * received_at) + resolve + the paused time counted on the rule's clock,
 * then + extension.  -1 with err when no policy rule matches.
 */
int	xf_sla_compute(const struct xf_sla *sla, const struct xf_sla_facts *f,
	    struct xf_deadlines *out, struct xf_err *err);
/*
 * Recomputes complaint id's deadlines from the store (its category,
 * priority, times, wait/resume and extend events) inside the caller's
 * write transaction; writes ack_due and due and records a "deadline"
 * event for each that changed, with why as the reason.  An acknowledge
 * deadline already met (first_response_at set) is kept as it was, or
 * written down once when it had never been set.
 * Resolved, closed and rejected complaints are left alone.  out may be
 * NULL.
 */
int	xf_sla_apply(struct xf_store *s, const struct xf_sla *sla, int64_t id,
	    int64_t now, const char *actor, const char *why,
	    struct xf_deadlines *out, struct xf_err *err);
/*
 * The deadline of a review (复查, 复核) that a reopen of complaint id
 * has just started, inside the caller's transaction: by sla as
 * xf_sla_apply sets it (the rule's review span from the reopen), or,
 * with sla NULL, the statutory 30 calendar days from now; either way
 * recorded as a deadline event.
 */
int	xf_sla_review(struct xf_store *s, const struct xf_sla *sla, int64_t id,
	    int64_t now, const char *actor, struct xf_err *err);

/* --- the lifecycle: moves between statuses (lifecycle.c) ------------ */

#define XF_HANDLE_DAYS		60	/* statutory: handle within 60 days */
#define XF_EXTEND_MAX_DAYS	30	/* one extension of at most 30 days */
#define XF_EXTENSIONS_MAX	1

struct xf_move;

/* The move a verb names (accept, reject, start, wait, resume, resolve,
 * close, reopen, note; and assign, which xf-assign makes), or NULL.  A
 * verb may name several rows, one for each status it leaves (reopen:
 * from resolved or closed, and from rejected): the move takes the row
 * of the complaint's status. */
const struct xf_move *xf_move_find(const char *verb);
/* 1 when the move needs a reason (-m): reject, wait, resolve, reopen,
 * note. */
int	xf_move_needs_reason(const struct xf_move *m);
/*
 * 1 when s can stand as a reason: it holds a word, a letter or an
 * ideograph, not only white space, punctuation or a number (a reason
 * is read later by someone who was not there; "  " or "3" says nothing).
 */
int	xf_reason_ok(const char *s);

struct xf_change {
	int64_t		 now;
	const char	*actor;
	const char	*reason;
	/* When set, accept, resume and extend recompute the deadlines by
	 * the policy and calendar (xf_sla_apply); else the statutory 60
	 * calendar days. */
	const struct xf_sla *sla;
	/*
	 * A dry run (-n), for the doors that hold their own transaction
	 * (xf_move_apply, xf_extend, xf_review): the change is made, with
	 * every check of a real one, and rolled back.  When would is set,
	 * the events it would have recorded are appended to it first, as
	 * rows of a history (xf_view_history_cols).
	 */
	int		 dry;
	struct xf_table	*would;
	/*
	 * Telling the complainant (notice.c): a move the table gives a
	 * notice (accept, reject, wait, resolve, close, reopen) and an
	 * extension queue one in the same transaction, unless no_notify
	 * (recorded as a "notice" event) or XF_NOTIFY=off.  canned names
	 * a canned answer: filled, with the reason after it, it becomes
	 * the reason (a resolution's answer).  templates, when set, is
	 * the run's cache of templates (xf_tcache); NULL reads each time.
	 */
	int		 no_notify;
	const char	*canned;
	struct xf_tcache *templates;
	/* The other party of a merge (the survivor's ref) or a referral
	 * (the outside body): {other} in the notice (merge.c). */
	const char	*other;
	/* out */
	char		 ref[XF_REFLEN];
	char		 old[16], new[16];	/* statuses before and after */
	int64_t		 outbox_id;	/* the notice queued; 0: none */
};

/*
 * Applies move m to the complaint ref in one write transaction: checks
 * the move is allowed from its current status, updates the status and
 * milestones, and records the events.  An illegal move changes nothing;
 * err names the current status and the moves allowed from it.  A dry
 * run (ch->dry) returns what the move would, and changes nothing.
 */
int	xf_move_apply(struct xf_store *s, const struct xf_move *m,
	    const char *ref, struct xf_change *ch, struct xf_err *err);
/*
 * The resolved complaints whose policy row's close span has passed at
 * now with no reply since they were resolved (autoclose.c), in ref
 * order: *refs of *n, the caller's to free.
 */
int	xf_autoclose_due(struct xf_store *s, const struct xf_sla *sla,
	    int64_t now, char (**refs)[XF_REFLEN], size_t *n,
	    struct xf_err *err);
/*
 * Closes ref as xf_move_apply closes, after checking again in the same
 * transaction that it is still due to close; the reason names the span
 * and the policy row (ch->reason is not used).
 */
int	xf_autoclose(struct xf_store *s, const struct xf_sla *sla,
	    const char *ref, struct xf_change *ch, struct xf_err *err);
/*
 * The same inside the caller's write transaction, for the complaint id
 * (ch->ref names it in err): the one door for a status change that
 * comes with another write.  On -1 the caller rolls back.
 */
int	xf_move_in_tx(struct xf_store *s, const struct xf_move *m, int64_t id,
	    struct xf_change *ch, struct xf_err *err);
/*
 * The third door, inside the caller's write transaction: the moves an
 * export's history plans (xf_past_plan) for the complaint id an import
 * has just created, each at its own past time, recorded as "import"
 * events that name source (file:line) and the status as the export
 * wrote it.  ref names the complaint in err.  An importer holds what
 * the moves prepare, for a whole run; close it before the store.
 */
#define XF_IMPORT_MOVES	5	/* rows of "import" in the moves table */

struct xf_importer {
	struct xf_store	*store;
	const char	*actor;
	sqlite3_stmt	*update[XF_IMPORT_MOVES];
	struct xf_buf	 why;
};

void	xf_import_open(struct xf_importer *im, struct xf_store *s,
	    const char *actor);
int	xf_move_import(struct xf_importer *im, int64_t id, const char *ref,
	    const struct xf_past *p, const char *source, struct xf_err *err);
void	xf_import_close(struct xf_importer *im);
/* Extends the resolve deadline by days with a reason and an approver. */
int	xf_extend(struct xf_store *s, const char *ref, int days,
	    const char *approver, struct xf_change *ch, struct xf_err *err);
/*
 * Records a legal review (approved or denied, with the reason): a
 * complaint flagged privacy or legal resolves only after an approval
 * later than its last change of flags.
 */
int	xf_review(struct xf_store *s, const char *ref, int approve,
	    struct xf_change *ch, struct xf_err *err);
/* The id of ref ("XF-2026-000123", any case, or a bare id); 0 if none. */
int	xf_complaint_id(struct xf_store *s, const char *ref, int64_t *id,
	    char canon[XF_REFLEN], struct xf_err *err);
/* Marks complaint id changed at now (updated_at), for a change that
 * moves no field the move table writes: a merge, a tag, a reply. */
int	xf_complaint_touch(struct xf_store *s, int64_t id, int64_t now,
	    struct xf_err *err);
/* 1 when the complaint id was merged into another, whose ref is then
 * in into; 0 when not; -1 on a store failure. */
int	xf_merged_into(struct xf_store *s, int64_t id, char into[XF_REFLEN],
	    struct xf_err *err);

/* --- merge, split, link, transfer (merge.c) ----------------------------- */

/*
 * Each in one write transaction of its own, with a dry run (ch->dry)
 * as the moves have, whose would shows the events of every complaint
 * it touches.  Their status changes are rows of the moves table.
 *
 * xf_merge: the complaint ref into the open complaint into, its
 * survivor: its messages (and their attachments) re-pointed, its notes
 * copied as notes of the survivor; it closes, parent_id the survivor,
 * and a "merge" event on both names the other.  ch->reason optional.
 */
int	xf_merge(struct xf_store *s, const char *ref, const char *into,
	    struct xf_change *ch, struct xf_err *err);

/* The second matter of a split: its subject (NULL: the first one's)
 * and its body, given, or the text of the complaint's message number
 * message (1 the first, by arrival; 0 none). */
struct xf_split {
	const char	*subject;
	const char	*body;
	int		 message;
	/* out */
	char		 ref[XF_REFLEN];	/* the new complaint */
};
/* A new complaint for the second matter, linked to ref; ch->reason. */
int	xf_split(struct xf_store *s, const char *ref, struct xf_split *sp,
	    struct xf_change *ch, struct xf_err *err);
/* Relates ref and other (on) or ends their relation (!on). */
int	xf_link(struct xf_store *s, const char *ref, const char *other,
	    int on, struct xf_change *ch, struct xf_err *err);
/*
 * The refs linked to a complaint (id, an SQL expression: "?1", "c.id"),
 * a row each, first linked first: a link or split event whose ref no
 * later unlink names.  One rule for link, unlink and xf-status show.
 */
#define XF_LINKS_SQL(id) \
    "SELECT e.new AS link FROM event e WHERE e.complaint_id = " id \
    " AND e.field = 'link' AND e.new IS NOT NULL AND (e.kind = 'link'" \
    " OR e.kind = 'split') AND NOT EXISTS (SELECT 1 FROM event u WHERE" \
    " u.complaint_id = e.complaint_id AND u.kind = 'unlink' AND" \
    " u.field = 'link' AND u.old = e.new AND u.id > e.id)" \
    " GROUP BY e.new ORDER BY min(e.id)"
/* To another team (back to accepted, unowned) with ch->reason. */
int	xf_transfer_team(struct xf_store *s, const char *ref,
	    const char *team, struct xf_change *ch, struct xf_err *err);
/* To a body outside (转办): closed for the desk, the body and
 * ch->reason recorded, the complainant told. */
int	xf_transfer_out(struct xf_store *s, const char *ref,
	    const char *body, struct xf_change *ch, struct xf_err *err);

/* --- free tags (tag.c; issue 16) ---------------------------------- */

#define XF_TAG_MAX	32			/* characters of a tag */
#define XF_TAG_BYTES	(4 * XF_TAG_MAX)	/* its UTF-8 at most */
/*
 * s as a tag in out: without spaces at its ends (the ideographic one
 * too); -1 with err when nothing is left, when it is longer than
 * XF_TAG_MAX characters, starts with + or -, or holds a control
 * character (tab, line break), a comma or invalid UTF-8.
 */
int	xf_tag_norm(const char *s, char out[XF_TAG_BYTES + 1],
	    struct xf_err *err);
/* One change of xf-status tag: +TAG adds, -TAG removes. */
struct xf_tag_op {
	int		 add;
	char		 tag[XF_TAG_BYTES + 1];
};
int	xf_tag_op_parse(const char *arg, struct xf_tag_op *op,
	    struct xf_err *err);
/*
 * The n changes of ops to ref's tags in one write transaction (a dry
 * run as the moves have), by a known actor (XF_ACT_WRITE): each that
 * changes something a "tag" event (new the tag added, old the tag
 * removed, ch->reason), and updated_at; adding a tag it has, or
 * removing one it has not, records nothing.  tags: its tags as left,
 * sorted, with commas.
 */
int	xf_tag_change(struct xf_store *s, const char *ref,
	    const struct xf_tag_op *ops, size_t n, struct xf_change *ch,
	    struct xf_buf *tags, struct xf_err *err);
/* The tags of complaint id into out (reset first): sorted, commas. */
int	xf_tags_of(struct xf_store *s, int64_t id, struct xf_buf *out,
	    struct xf_err *err);

/* --- messages to the complainant: templates, the outbox (template.c,
 *     notice.c) --------------------------------------------------------- */

/* A value a template names: {name}.  A NULL value is left empty. */
struct xf_tvar {
	const char	*name;
	const char	*value;
};

/* One template file: share/templates/KIND.LANG (xf-notify(1)). */
struct xf_template {
	char		 path[4096];
	char		*text;		/* the file, owned */
	char		*subject;	/* in text; NULL for a canned answer */
	char		*body;		/* in text */
	int		 body_line;	/* the file's line the body starts on */
};

/* Every name a template may use, in the order xf-notify(1) lists them. */
const char *const *xf_template_vars(size_t *n);
/*
 * Reads the template kind ("accepted", or "canned/NAME" for a canned
 * answer, which has no Subject: line) in lang ("zh", "en") from dir,
 * else $XF_TEMPLATES, else share/templates.  -1 with err naming the
 * file and line when it cannot be read or is not a template.
 */
int	xf_template_load(struct xf_template *t, const char *dir,
	    const char *kind, const char *lang, struct xf_err *err);
/* The subject (unless NULL) and body with every {name} filled from v;
 * -1 with err naming file:line for a name no template may use. */
int	xf_template_fill(const struct xf_template *t, const struct xf_tvar *v,
	    size_t n, struct xf_buf *subject, struct xf_buf *body,
	    struct xf_err *err);
void	xf_template_free(struct xf_template *t);

/*
 * The templates a run has read, each once (a bulk move fills the same
 * few for every complaint).  Owned by the caller: zero it to start,
 * xf_tcache_free it at the end.  loads counts the files read.
 */
struct xf_tcached {
	char			 key[80];	/* KIND.LANG */
	struct xf_template	 t;
};
struct xf_tcache {
	struct xf_tcached	*v;
	size_t			 n, cap;
	size_t			 loads;
};

/* The template kind in lang, read at its first use in the run; as
 * xf_template_load otherwise.  *t stays the cache's. */
int	xf_tcache_get(struct xf_tcache *c, const char *kind, const char *lang,
	    const struct xf_template **t, struct xf_err *err);
void	xf_tcache_free(struct xf_tcache *c);
/*
 * Calls fn for every canned answer (templates/canned/NAME.LANG, found as
 * xf_template_load finds them), sorted by NAME.LANG, until fn returns
 * -1.  A folder or file that cannot be read is a configuration error.
 */
int	xf_canned_each(int (*fn)(void *arg, const char *name,
	    const char *lang, const struct xf_template *t), void *arg,
	    struct xf_err *err);

/* "zh" when text is mostly Chinese, else "en". */
const char *xf_text_lang(const char *text);
/* 1 for an address no person reads (mailer-daemon, no-reply, ...). */
int	xf_contact_robot(const char *addr);
/*
 * How a notice reaches a contact given as the complaint's contact and
 * channel: "email" for an address (NULL when it is a robot's), "phone"
 * or "sms" for a number (phone when the complaint came by phone),
 * "social" for a handle of a complaint that came by social media; NULL
 * when there is nobody to tell.
 */
const char *xf_contact_channel(const char *contact, const char *channel);
/* A new Message-ID (without <>) for a message about ref:
 * xf.REF.RANDOM@DOMAIN, DOMAIN from $XF_MAIL_DOMAIN, else the host. */
int	xf_message_id(const char *ref, char *out, size_t len,
	    struct xf_err *err);

struct xf_notice {
	const char		*kind;	/* the template: accepted, rejected,
					 * resolved, extended, waiting, closed,
					 * reply, survey, ... */
	const char		*lang;	/* NULL: the complaint's own */
	const struct xf_tvar	*vars;	/* the occasion's values: reason,
					 * answer, new_due, token, ... */
	size_t			 nvars;
	int64_t			 now;
	const char		*actor;
	/* NULL: the channel the contact allows (xf_contact_channel); else
	 * "email", "sms" or "social", refused when the contact is not one */
	const char		*channel_want;
	struct xf_tcache	*templates;	/* NULL: read each time */
	/* out */
	int64_t			 outbox_id;	/* 0: nobody to tell */
	char			 channel[16];
};

/*
 * Queues notice n for the complaint id, inside the caller's write
 * transaction: fills its template from the complaint as it stands (in
 * the complaint's language unless n->lang), gives it a Message-ID and
 * the In-Reply-To and References of the complaint's thread, adds the
 * outbox row and a "notice" event.  A complaint with no contact that
 * can be reached queues nothing and returns 0 with n->outbox_id 0.  A
 * missing or broken template is a configuration error (-1, err marked).
 */
int	xf_notice_queue(struct xf_store *s, int64_t id, struct xf_notice *n,
	    struct xf_err *err);
/*
 * The canned answer name (templates/canned/NAME.LANG) filled from the
 * complaint id, in lang or else the complaint's language, appended to
 * out.  templates may be NULL.  A name with no file is a configuration
 * error, as a missing template is.
 */
int	xf_notice_canned(struct xf_store *s, int64_t id, const char *name,
	    const char *lang, struct xf_tcache *templates, struct xf_buf *out,
	    struct xf_err *err);
/* A time as a notice says it: "2026-03-05 18:00", in the local zone
 * (XF_TZ): a complainant reads it, not a program. */
int	xf_notice_date(int64_t t, char *out, size_t len);
/* The language a notice to the complaint id would be written in. */
int	xf_notice_lang(struct xf_store *s, int64_t id, char out[8],
	    struct xf_err *err);

/* --- what xf said to a complainant, as a message (message.c) ------ */

struct xf_outmsg {
	int64_t		 complaint_id;
	int64_t		 at;
	const char	*message_id;	/* without <>; required, unique */
	const char	*in_reply_to;	/* may be NULL */
	const char	*sender;	/* the From: address; may be NULL */
	const char	*subject;	/* may be NULL */
	const char	*body;		/* the text */
	const char	*raw;		/* the bytes sent; NULL: the body */
	size_t		 rawlen;
	const char	*channel;	/* email, phone, sms, social, visit */
	const char	*actor;
	const char	*source;	/* outbox:ID, or the verb that wrote it */
};

/* Stores m as an outgoing message of its complaint, inside the caller's
 * write transaction; its id in *id unless NULL.  A Message-ID stored
 * before is refused (the UNIQUE key): nothing is kept twice. */
int	xf_message_out(struct xf_store *s, const struct xf_outmsg *m,
	    int64_t *id, struct xf_err *err);

/* --- a handler's reply, a complaint's language (respond.c) ---------- */

/* 1 when via is a way a reply goes (or NULL, the contact's way). */
int	xf_reply_via_ok(const char *via);
/*
 * A handler's reply ch->reason (or ch->canned, filled, with the reason
 * below it) to the complaint ref, in its own write transaction: by
 * email, sms or social, a "reply" notice queued (refused when the
 * contact cannot take it); by phone, visit or letter, a reply already
 * made, stored as an outgoing message (xf_message_out).  via NULL:
 * queued the way the contact allows (xf_contact_channel), refused when
 * there is none.  Records a "reply" event and sets the first response if unset.
 */
int	xf_reply(struct xf_store *s, const char *ref, const char *via,
	    struct xf_change *ch, struct xf_err *err);
/* The language ref is answered in: "zh", "en", or NULL (auto: told by
 * its words), recorded as a "lang" event; ch->old and ch->new the
 * languages before and after ("auto" for none). */
int	xf_set_lang(struct xf_store *s, const char *ref, const char *lang,
	    struct xf_change *ch, struct xf_err *err);

/* --- delivering the outbox (deliver.c; xf-notify(1)) ---------------- */

/* One outbox row, with its complaint's ref. */
struct xf_outrow {
	int64_t		 id, complaint_id, attempts, queued_at, next_at;
	char		 ref[XF_REFLEN];
	char		 kind[64], channel[16], lang[8], state[16];
	char		*recipient, *subject, *body;
	char		*message_id, *in_reply_to, *refs;
};

/* The wait after the n-th failed attempt: 5 min, doubling, at most 6 h. */
int64_t	xf_deliver_backoff(int64_t attempts);
/*
 * The ids of the rows due at now, oldest first: queued with next_at
 * passed, or claimed (sending) longer than lease seconds ago, by a
 * delivery taken to be dead; of the channels of the comma list channels
 * ("email", or "phone,sms,social", which leave through a gateway).
 * *ids is the caller's to free.
 */
int	xf_deliver_due(struct xf_store *s, const char *channels, int64_t now,
	    int64_t lease, int64_t **ids, size_t *n, struct xf_err *err);
/* Row id as it stands; xf_outrow_free frees it. */
int	xf_deliver_load(struct xf_store *s, int64_t id, struct xf_outrow *r,
	    struct xf_err *err);
void	xf_outrow_free(struct xf_outrow *r);
/*
 * Claims row id for the delivery who (host:pid) in a transaction of its
 * own, when it is still due: 1 with r loaded (attempts counted), 0 when
 * another delivery took it first or it is no longer due, -1 on error.
 */
int	xf_deliver_claim(struct xf_store *s, int64_t id, int64_t now,
	    int64_t lease, const char *who, struct xf_outrow *r,
	    struct xf_err *err);
/* r's subject, with "[REF] " in front unless it names [REF] already. */
int	xf_deliver_subject(const struct xf_outrow *r, struct xf_buf *out);

struct xf_sent {
	int64_t		 now;
	const char	*actor;
	const char	*sender;	/* From:, or NULL (a gateway) */
	const char	*raw;		/* the bytes sent; NULL: the body */
	size_t		 rawlen;
};
/*
 * Marks r delivered, in a transaction of its own: state sent, the
 * message kept as an outgoing message of the complaint (source
 * outbox:ID) and linked, a "sent" event without the address.  A row
 * marked sent before is left alone: *already 1, and 0.  -1 for a row
 * never handed out or cancelled.
 */
int	xf_deliver_sent(struct xf_store *s, const struct xf_outrow *r,
	    const struct xf_sent *how, int *already, struct xf_err *err);

struct xf_failure {
	int64_t		 now;
	const char	*actor;
	const char	*who;		/* the claim's; NULL: whoever's */
	const char	*why;		/* made one short line for last_error */
	int		 permanent;	/* no retry can help (a bad address) */
	int64_t		 max_attempts;
	int64_t		 max_age;	/* seconds from queued_at */
	/* out */
	int		 gave_up;	/* state failed, an "unsent" event */
	int		 changed;	/* 0: the claim was no longer ours */
	int64_t		 next_at;
};
/*
 * A failed attempt of r, still out for delivery (and, with f->who, still
 * claimed by it): queued again for now + xf_deliver_backoff(attempts),
 * or given up (failed) once permanent, out of attempts or older than
 * max_age.
 */
int	xf_deliver_failed(struct xf_store *s, const struct xf_outrow *r,
	    struct xf_failure *f, struct xf_err *err);

/* --- satisfaction surveys (score.c, survey.c, rsurvey.c) ----------- */

/*
 * A score 1 to 5 as people write it (score.c): "4", "４", "5分", "4/5",
 * "五星", "★★★★", "满意！", "非常不满意", "very satisfied".  0 for
 * anything else, near misses included ("15", "0", "6分", "4.5",
 * "不太满意"); xf-survey(1) lists the forms.
 *
 * xf_score_lead: a score at the start of s (a reply), *rest (unless
 * NULL) just past it, where the comment starts.  xf_score_cell: s is a
 * score and nothing more but marks and spaces (a CSV cell).
 */
int	xf_score_lead(const char *s, const char **rest);
int	xf_score_cell(const char *s);

#define XF_SURVEY_TOKEN_BYTES	16	/* 128 random bits */
#define XF_SURVEY_TOKENLEN	(2 * XF_SURVEY_TOKEN_BYTES + 1)
#define XF_SURVEY_CONTACTLEN	256
#define XF_SURVEY_AFTER		(24 * XF_HOUR)	/* after resolution */
#define XF_SURVEY_WITHIN_DAYS	30	/* resolved at most this long ago */
#define XF_SURVEY_PER_CONTACT_DAYS 30	/* one survey a contact */
#define XF_SURVEY_FOLLOWUP_DAYS	2	/* a call back after a low score */
#define XF_SURVEY_LOW		2	/* scores up to this are called back */

/*
 * contact as the one-survey-per-contact rule compares it, in out: as
 * xf_contact_norm makes it.  -1 when it does not fit or is empty.
 */
int	xf_survey_contact(const char *contact, char *out, size_t len);

struct xf_survey_send_opts {
	int64_t		 now;
	int64_t		 after;		/* resolved at least this long ago */
	int64_t		 within;	/* ... and at most this long ago */
	int64_t		 per_contact;	/* no second survey to a contact
					 * within this; 0: no limit */
	const char	*url;		/* "https://.../{token}", or NULL */
	const char	*actor;
	/* out: complaints passed over */
	size_t		 unreachable;	/* no contact, or a robot's */
	size_t		 limited;	/* the contact had one lately */
};

/* One survey queued. */
struct xf_survey_sent {
	char		 ref[XF_REFLEN];
	char		 channel[16];
	char		 token[XF_SURVEY_TOKENLEN];
	int64_t		 outbox_id;
	int64_t		 resolved_at;
};

typedef int (*xf_survey_fn)(void *ctx, const struct xf_survey_sent *sv);

/*
 * Queues a survey (template "survey", {token} and {survey_url}) for
 * every complaint resolved or closed between within and after ago
 * that has none, a contact a person reads, and whose contact had none
 * within per_contact: a token of 128 random bits, the outbox row, the
 * survey row, a "survey" event; fn (unless NULL) is called for each.
 * Inside the caller's write transaction.  The complaints are found by
 * their resolve events (event_at), so a run reads the window, never
 * the whole store.  The number queued, or -1 with err.
 */
long	xf_survey_send(struct xf_store *s, struct xf_survey_send_opts *o,
	    xf_survey_fn fn, void *ctx, struct xf_err *err);

/* An answer to record. */
struct xf_answer {
	const char	*token;		/* the survey's token, or NULL ... */
	int64_t		 complaint_id;	/* ... the complaint's survey */
	int		 by_ref;	/* token may be the complaint's ref (an
					 * answer a person took by phone) */
	int		 score;		/* 1 to 5 */
	const char	*comment;	/* may be NULL */
	const char	*via;		/* csv, email, web, phone */
	int64_t		 now;
	const char	*actor;
	int64_t		 followup;	/* a low score's call is due this long
					 * after now; 0: XF_SURVEY_FOLLOWUP_DAYS */
	int		 reopen_below;	/* a score below this reopens the
					 * complaint; 0: none does */
	/* out */
	char		 ref[XF_REFLEN];
	int64_t		 followup_due;	/* 0: no call back */
	int		 reopened;
	int		 replayed;	/* refused: this very answer is
					 * recorded already */
};

/*
 * Records answer a inside the caller's write transaction: the score
 * and comment, a "survey" event (the score, never the comment), a
 * follow-up call due for a score up to XF_SURVEY_LOW, and the reopen
 * (lifecycle's "reopen" move, the score as its reason) for a score
 * below a->reopen_below.  -1 with err for a token that is not one, a
 * survey unknown, or answered already (a->replayed when with the same
 * score and comment): one answer a survey.
 */
int	xf_survey_answer(struct xf_store *s, struct xf_answer *a,
	    struct xf_err *err);

/*
 * A reply by e-mail to the complaint id (mailreg.c, before it decides
 * to reopen): 1 when it answers the complaint's survey, recorded as
 * xf_survey_answer does, so that the reply reopens nothing; 0 when it
 * is no answer (no survey, not a reply to it, no score at the start).
 * A reply answers the survey when it names the survey's Message-ID
 * (In-Reply-To, References) or comes from the address the survey went
 * to, and its text starts with a score; one to a survey answered
 * already is taken (1) and recorded as an event only.
 */
int	xf_survey_answer_mail(struct xf_store *s, int64_t complaint_id,
	    const struct xf_mail *m, int64_t now, const char *actor,
	    struct xf_err *err);

/*
 * The follow-up call of the survey named by key (a token, or a
 * complaint's ref) made: followup_at and a "survey" event with note.
 * -1 with err when there is none due or it was made already.
 */
int	xf_survey_called(struct xf_store *s, const char *key,
	    const char *note, int64_t now, const char *actor,
	    char ref[XF_REFLEN], struct xf_err *err);

/*
 * The survey results of the surveys sent in [since, until) as they
 * stood at as_of (rsurvey.c), as tables of r: "satisfaction" (sent,
 * answered, response_rate_pct, csat_pct, mean, score_1..score_5; one
 * row a group when by is category, team, assignee or channel, else
 * one) and, with XF_SURVEY_COMMENTS, "comments" (ref, score, comment;
 * addresses and numbers in a comment masked).  No row when no survey
 * was sent; with XF_SURVEY_IF_ANY not even the tables (a section of
 * another report).  xf_survey_by_check: NULL when by may group them,
 * else why.
 */
#define XF_SURVEY_COMMENTS	0x1
#define XF_SURVEY_IF_ANY	0x2
const char *xf_survey_by_check(const char *by);
int	xf_survey_report(struct xf_store *s, int64_t since, int64_t until,
	    int64_t as_of, const char *by, unsigned flags, struct xf_report *r,
	    struct xf_err *err);

/* --- a complaint shown to a reader (view.c) ------------------------- */

/*
 * Complaint id appended to out as every command shows it; the caller
 * prints out.  fmt XF_FMT_TABLE is the text for people: the fields, the
 * body, the e-mails and the history, notes included.  XF_FMT_JSON,
 * XF_FMT_JSONL: one object, without a newline, for xf_table_object: its
 * fields, "messages" (each with "attachments") and "history", arrays of
 * objects.  XF_FMT_TSV, XF_FMT_CSV: one row
 * of the fields, after the header row when header is set (so a stream
 * of complaints has one header).  What a complainant wrote is made safe
 * for a terminal (xf_safe_text) in every format.  -1 with err when the
 * store fails, id is no complaint, or memory runs out.
 */
int	xf_view_show(struct xf_store *s, int64_t id, enum xf_fmt fmt,
	    int header, struct xf_buf *out, struct xf_err *err);
/* The same, every value masked as --redact masks it (xf_redact_value)
 * when redact is set: fields, messages, notices and history alike. */
int	xf_view_show_as(struct xf_store *s, int64_t id, enum xf_fmt fmt,
	    int header, int redact, struct xf_buf *out, struct xf_err *err);
/* The columns of a complaint's one-row renderings, for a table that
 * xf_view_show_row fills (-o xlsx): n of them. */
const struct xf_col *xf_view_show_cols(size_t *n);
/* The complaint's fields as one more row of t, begun with
 * xf_view_show_cols; masked when redact is set (t itself must not). */
int	xf_view_show_row(struct xf_store *s, int64_t id, int redact,
	    struct xf_table *t, struct xf_err *err);
/* The columns of a history as rows: ref, then the event's. */
#define XF_VIEW_HISTORY_NCOL	8
extern const struct xf_col xf_view_history_cols[XF_VIEW_HISTORY_NCOL];
/*
 * The events of complaint id, oldest first, as rows of t (begun with
 * xf_view_history_cols) with ref in the first column: appended to
 * t->out, or kept for xf_table_end by a table.
 */
int	xf_view_history(struct xf_store *s, int64_t id, const char *ref,
	    struct xf_table *t, struct xf_err *err);
/* The same for its events after the event numbered after (0: all). */
int	xf_view_history_after(struct xf_store *s, int64_t id, const char *ref,
	    int64_t after, struct xf_table *t, struct xf_err *err);
/* Column i of a row as text, NULL for NULL; when is_time, the epoch it
 * holds in ISO 8601 local time, written to tbuf. */
const char *xf_view_cell(sqlite3_stmt *st, int i, int is_time, char *tbuf,
	    size_t tlen);
/* 1 when a column or an event's field of that name holds a time:
 * *_at, due, ack_due, paused_since. */
int	xf_view_is_time(const char *name);

/* --- classifying a stored complaint (classify.c) ---------------------- */

#define XF_REPEAT_COUNT		3	/* complaints from one contact ... */
#define XF_REPEAT_DAYS		30	/* ... within this many days */
#define XF_COLLECTIVE_COUNT	3	/* complainants sending near-duplicates */
#define XF_COLLECTIVE_HOURS	24	/* ... within this many hours */
#define XF_THRESHOLD		0.5	/* model confidence below: review */
#define XF_THRESHOLD_AUTO	(-1.0)	/* threshold: by the number of labels */
#define XF_CATEGORY_MAX		1024	/* bytes of a category name */

struct xf_classifier {
	struct xf_store	*store;
	struct xf_rules	*rules;		/* may be NULL */
	struct xf_bayes	*model;		/* may be NULL */
	/* When set, a change of category or priority recomputes the
	 * deadlines (xf_sla_apply) in the same transaction. */
	const struct xf_sla *sla;
	double		 threshold;
	int64_t		 now;
	const char	*actor;
};

struct xf_classified {
	char		 ref[XF_REFLEN];
	char		 category[XF_CATEGORY_MAX + 1];	/* "" when none */
	int		 priority;	/* 1..4 */
	char		 flags[128];
	double		 confidence;	/* of the category */
	const char	*method;	/* person, rules, model, review, none */
	char		 why[1280];
};

/* Makes sure the indexes the derived flags need exist. */
int	xf_classify_prepare(struct xf_classifier *k, struct xf_err *err);
/*
 * Classifies one complaint in one write transaction: rules, then the
 * model, derived flags (repeat, collective), and the priority table; a
 * field a person set is never changed.  Each change is an event.
 * dry: compute and report, write nothing.
 */
int	xf_classify_one(struct xf_classifier *k, int64_t id, int dry,
	    struct xf_classified *out, struct xf_err *err);
/* The complaints never classified, as received; *ids is the caller's. */
int	xf_classify_pending(struct xf_store *s, int64_t **ids, size_t *n,
	    struct xf_err *err);

/* --- a person's decision (classify.c) ---------------------------------- */

#define XF_DECISION_FLAGS	16	/* +flag and -flag in one decision */

/* What a person decided (xf-classify set); NULL or 0: left as it is. */
struct xf_decision {
	const char	*category;	/* UTF-8, at most XF_CATEGORY_MAX */
	const char	*priority;	/* "P1" to "P4" */
	const char	*flags[XF_DECISION_FLAGS];	/* "+flag", "-flag" */
	size_t		 nflags;
	const char	*reason;	/* needed */
};

/*
 * Applies a person's decision to complaint id inside the caller's write
 * transaction: each field given is set, with a "set" event, and marked
 * as a person's, so that no rule or model changes it afterwards (a
 * person's decision is never overruled: xf_classify_one keeps it).  A
 * new category or priority recomputes the deadlines when sla is set.
 */
int	xf_classify_set(struct xf_store *s, int64_t id,
	    const struct xf_decision *d, const struct xf_sla *sla, int64_t now,
	    const char *actor, struct xf_err *err);
/*
 * Calls fn, in id order, for each complaint whose category a person set
 * or confirmed: what a model learns from.  text is the subject and the
 * body on two lines.  fn returns 0 to go on, or -1 with err to stop.
 */
typedef int (*xf_example_fn)(void *arg, const char *label, const char *text,
	    struct xf_err *err);
int	xf_classify_examples(struct xf_store *s, xf_example_fn fn, void *arg,
	    struct xf_err *err);

/* --- handlers, teams and routing (handler.c, routing.c) ------------- */

#define XF_LOGIN_MAX	64
#define XF_TEAM_MAX	64
#define XF_CONTACT_MAX	254	/* a login or an e-mail address (RFC 5321) */

struct xf_handler {
	char		 login[XF_LOGIN_MAX + 1];
	char		*name, *email;		/* may be NULL */
	char		 team[XF_TEAM_MAX + 1];
	char		 role[8];		/* agent, lead, legal, admin */
	char		*skills;		/* sorted, comma-separated */
	int		 capacity;		/* open complaints at most */
	int		 active;
	int		 load;			/* open complaints now */
	int64_t		 turn;			/* last assignment, for round-robin */
};

/* category -> team, from routing.tsv ("category<TAB>team", "*" default);
 * errors XF_WHY_CONFIG. */
struct xf_routing;
struct xf_routing *xf_routing_load(const char *path, struct xf_err *err);
void	xf_routing_free(struct xf_routing *r);
/* The team for category (NULL or "" uses the "*" row); NULL if none. */
const char *xf_routing_team(const struct xf_routing *r, const char *category);
/* 1 when category has a row of its own (not only the "*" row). */
int	xf_routing_has(const struct xf_routing *r, const char *category);
/*
 * The escalation contact of team (routing.tsv's third field on a row of
 * that team), else the "*" row's, the default; NULL when neither names
 * one.  team NULL: the default.
 */
const char *xf_routing_contact(const struct xf_routing *r, const char *team);

/*
 * The two words of xf(7), each written once.  Open: not finished, what
 * xf-status list shows by default, resolved included (the complainant
 * may still answer it).  In hand: open and not resolved, the work a
 * handler's load and capacity count.  SQL fragments of a WHERE clause.
 */
/* The open statuses by name, not "NOT IN ('closed', 'rejected')", which
 * means the same under the CHECK of complaint.status but which no index
 * serves: a big store is mostly finished complaints.  The list alone,
 * for a query that names its own column. */
#define XF_OPEN_STATUSES \
    "('new', 'accepted', 'assigned', 'in_progress', 'waiting', 'resolved')"
#define XF_OPEN_SQL	"status IN " XF_OPEN_STATUSES
/* The open statuses as the two they are not, the same set under the
 * CHECK of complaint.status: the WHERE of the partial index
 * complaint_open (schema 8).  SQLite reads a partial index only for a
 * query whose WHERE holds its terms, so only a query that says it so
 * reads that index (a report's backlog, from the index alone); list
 * and overdue keep complaint_status, whose rowid order suits them. */
#define XF_OPEN_EXCEPT_SQL	"status <> 'closed' AND status <> 'rejected'"
#define XF_IN_HAND_STATUSES \
    "('new', 'accepted', 'assigned', 'in_progress', 'waiting')"
/* The same two words for C (lifecycle.c): 1 when status is open, in
 * hand; the unit tests hold them to the SQL above. */
int	xf_status_open(const char *status);
int	xf_status_in_hand(const char *status);
#define XF_CAPACITY_DEFAULT	20
#define XF_CAPACITY_MAX		1000000
#define XF_SKILLS_NMAX		64	/* skills of one handler */

/* [a-z0-9._-]{1,64}: a login, a team name. */
int	xf_login_valid(const char *s);
int	xf_team_valid(const char *s);
/* agent, lead, legal or admin (xf-status(1), ROLES). */
int	xf_role_valid(const char *s);
/* A comma list of skills lower-cased (ASCII), sorted and de-duplicated
 * into out; -1 with err naming a bad item. */
int	xf_skills_norm(const char *in, struct xf_buf *out,
	    struct xf_err *err);
/* Decimal 0..XF_CAPACITY_MAX; -1 for anything else. */
int	xf_capacity_parse(const char *s, int *out);

/* The defaults: role agent, capacity 20, active, no strings. */
void	xf_handler_init(struct xf_handler *h);
void	xf_handler_free(struct xf_handler *h);
/* *dst becomes a copy of src (NULL or "" clears it); -1 out of memory. */
int	xf_handler_setstr(char **dst, const char *src);
/* The handler login, its load counted; *found = 0 when there is none. */
int	xf_handler_get(struct xf_store *s, const char *login,
	    struct xf_handler *h, int *found, struct xf_err *err);
/* Calls fn for each handler (of team, unless NULL) in login order; fn
 * returns non-zero to stop.  h is freed after fn returns. */
typedef int (*xf_handler_fn)(void *ctx, const struct xf_handler *h);
int	xf_handler_each(struct xf_store *s, const char *team,
	    xf_handler_fn fn, void *ctx, struct xf_err *err);
/*
 * Writes h (a new handler when old is NULL, else a change of old) inside
 * the caller's write transaction, with a "handler" event (no complaint,
 * field the login, old and new described).  Nothing is written and
 * *changed is 0 when h is old as it was.
 */
int	xf_handler_save(struct xf_store *s, const struct xf_handler *old,
	    const struct xf_handler *h, int64_t now, const char *actor,
	    const char *reason, int *changed, struct xf_err *err);

struct xf_import_counts {
	long		 added, changed, unchanged;
};
/*
 * Upserts the handlers of a TSV whose header names its columns (login and
 * team required; name, email, role, skills, capacity, active optional;
 * load ignored, so handler list output imports back) in one write
 * transaction.  An empty cell keeps what the store has.  All or nothing:
 * -1 with err naming name:line at the first bad row, nothing written.
 */
int	xf_handler_import(struct xf_store *s, struct xf_input *in,
	    const char *name, int64_t now, const char *actor,
	    struct xf_import_counts *n, struct xf_err *err);

/* --- who may do what (role.c) --------------------------------------- */

/* The acts a role decides (xf-status(1), ROLES). */
enum xf_act {
	XF_ACT_WRITE,		/* any change: the actor must be known */
	XF_ACT_REVIEW,		/* approve or deny a legal review */
	XF_ACT_EXTEND,		/* approve an extension (the approver) */
	XF_ACT_REJECT,		/* reject a complaint */
	XF_ACT_PURGE,		/* purge closed complaints */
	XF_ACT_ERASE,		/* erase what is held about a person */
	XF_ACT_ACCESS		/* export what is held about a person */
};

/*
 * Whether who may do act, on complaint id (0: none in particular),
 * inside or outside the caller's transaction.  0 allowed; -1 refused or
 * failed, with err naming the rule that refuses.  When the handler
 * table is empty every act is allowed (a store without staff has no
 * roles); otherwise who must be an active handler or an automation
 * actor (a name starting "xf-", e.g. xf-cron), which may write but
 * holds no role.  The rules by act: WRITE, that much (refused:
 * XF_WHY_CONFIG, the run's XF_ACTOR is wrong); REVIEW, the legal role;
 * EXTEND (who is the approver), a lead of the complaint's team or an
 * admin; REVIEW and EXTEND never by the complaint's assignee; REJECT,
 * lead, legal or admin; PURGE, admin; ERASE and ACCESS, admin or legal.
 */
int	xf_role_check(struct xf_store *s, const char *who, enum xf_act act,
	    int64_t id, struct xf_err *err);
/* Automation's names start so: they may write, and hold no role. */
#define XF_AUTOMATION_PREFIX	"xf-"
/* 1 when who is an automation actor's name. */
int	xf_actor_automation(const char *who);

/* --- retention and erasure (anonymise.c; issue 15) ------------------- */

/*
 * A complaint to anonymise, as a purge or an erasure finds it: its
 * status, and when it was finished (closed, or rejected; 0 while open).
 * done is set by xf_anon_batch once it is anonymised.
 */
struct xf_anon_item {
	int64_t		 id;
	char		 ref[XF_REFLEN];
	char		 status[16];
	int64_t		 finished;
	int		 done;
};

struct xf_anon_list {
	struct xf_anon_item *v;
	size_t		 n, cap;
};

void	xf_anon_list_free(struct xf_anon_list *l);
/*
 * The complaints a purge takes (xf-status purge): closed before before,
 * or rejected (by the event that rejected them) before it, and not
 * anonymised since they last changed.  In id order.
 */
int	xf_purge_list(struct xf_store *s, int64_t before,
	    struct xf_anon_list *l, struct xf_err *err);
/*
 * The complaints of one person (xf-status erase): contact as
 * xf_contact_norm makes it, and when complainant is not NULL that name
 * exactly, in any status.  In id order.
 */
int	xf_erase_list(struct xf_store *s, const char *contact,
	    const char *complainant, struct xf_anon_list *l,
	    struct xf_err *err);

/* What an anonymising writes in each complaint's history. */
struct xf_anon_how {
	const char	*kind;		/* the event: "purged" or "erased" */
	const char	*reason;	/* never personal: a rule, a request ID */
	const char	*actor;
	int64_t		 now;
	int		 finished_only;	/* a purge: leave a complaint reopened
					 * since it was listed */
};

/*
 * Anonymises complaint id inside the caller's write transaction: its
 * complainant, contact, subject, body and extra; its messages' sender,
 * name, subject, body and original bytes; its attachments' names and
 * bytes; its outbox rows' recipient, subject and body (a notice still
 * waiting is cancelled: it has nowhere to go); its survey's contact and
 * comment; its search terms; its events' personal parts
 * (xf_event_erase).  Then one event of how->kind whose content is the
 * digest of the fields as left.  Every figure a report reads stays:
 * times, channel, kind, category, priority, flags, status, owner,
 * deadlines, the events' other fields.  0 done; 1 when
 * how->finished_only and it is open again (nothing done); -1 failed.
 */
int	xf_anonymise(struct xf_store *s, int64_t id, const struct xf_anon_how *how,
	    struct xf_err *err);
/*
 * l->v[from..from+n) anonymised in one write transaction, with
 * secure_delete on, so the bytes they free are overwritten.  done is
 * set on each it anonymised (a purge passes over one reopened since).
 */
int	xf_anon_batch(struct xf_store *s, struct xf_anon_list *l, size_t from,
	    size_t n, const struct xf_anon_how *how, struct xf_err *err);
#define XF_ANON_BATCH	500	/* complaints a transaction: writers wait
				 * no longer than for a short import */
/*
 * After the batches: the search index rewritten without the forgotten
 * terms, the -wal emptied into the file and truncated, the file rebuilt
 * (VACUUM: pages freed before secure_delete was on may hold old text),
 * and the -wal truncated again, so no copy of what was anonymised is
 * left in either file.  Outside a transaction.  -1 with s->busy set
 * when a reader kept the -wal from being emptied.
 */
int	xf_anon_scrub(struct xf_store *s, struct xf_err *err);

/* --- a person's words for field values, as filters take them (vocab.c) */

/*
 * The fields whose values are a fixed set.  A person's word for one is
 * read as xf-intake reads it (fields.c: any case, "wechat" and 微信 for
 * social), so a filter speaks intake's words: channels by intake's
 * aliases, statuses in any case with a space or "-" for "_", priorities
 * and flags in any case.
 */
enum xf_vocab {
	XF_VOCAB_CHANNEL, XF_VOCAB_STATUS, XF_VOCAB_PRIORITY, XF_VOCAB_FLAG
};
/*
 * The stored value word means; NULL when it means none, with err
 * naming the word and listing the stored values ("unknown channel
 * 'fax machine': want email, phone, ...").
 */
const char *xf_vocab_value(enum xf_vocab v, const char *word,
	    struct xf_err *err);
/* A comma list of words as the comma list of the values they mean, in
 * out (reset first); -1 with err at the first word that means none. */
int	xf_vocab_list(enum xf_vocab v, const char *words, struct xf_buf *out,
	    struct xf_err *err);
/*
 * A category as a filter names it.  The known categories are those of
 * the taxonomy file (share/taxonomy.tsv: "category<TAB>description")
 * and, since a person may give any (xf-classify set), those stored in
 * complaints.  0 with canon, the taxonomy's spelling of word, else the
 * store's, matched without regard to ASCII case as routing matches it;
 * 1 when it is neither, with err listing the known ones; -1 with err
 * when the taxonomy cannot be read or the store fails (xf_store_down
 * tells).
 */
int	xf_category_known(struct xf_store *s, const char *taxonomy,
	    const char *word, char canon[XF_CATEGORY_MAX + 1],
	    struct xf_err *err);

/* --- choosing an owner and assigning (assign.c) --------------------- */

enum xf_strategy {
	XF_STRATEGY_SKILL,		/* skill, then most free capacity */
	XF_STRATEGY_ROUND_ROBIN,	/* whose turn it is */
	XF_STRATEGY_LEAST_LOADED	/* fewest open complaints */
};

/* "skill", "round-robin", "least-loaded"; -1 for anything else. */
int	xf_strategy_parse(const char *name, enum xf_strategy *out);

struct xf_assign_run;

struct xf_assigner {
	struct xf_store		*store;
	const struct xf_routing	*routing;	/* unless team or to is set */
	const struct xf_sla	*sla;		/* NULL: deadlines untouched */
	enum xf_strategy	 strategy;
	const char		*team;		/* every complaint to this team */
	const char		*to;		/* by hand: this handler, */
	const char		*why;		/* for this reason */
	int			 force;		/* by hand over capacity too */
	int			 dry;		/* compute and report only */
	int64_t			 now;
	const char		*actor;
	struct xf_assign_run	*run;		/* assign.c's, while open */
};

struct xf_assignment {
	char		 ref[XF_REFLEN];
	char		 assignee[XF_LOGIN_MAX + 1];	/* "" when nobody */
	char		 team[XF_TEAM_MAX + 1];
	int64_t		 ack_due, due;			/* 0: none */
	int		 has_ack_due, has_due;
	int		 changed;	/* 0: already owned, nothing written */
	int		 nobody;	/* failed: nobody can take it */
	const char	*reason;	/* in words; valid until the next call */
};

/* Prepares the statements of a run. */
int	xf_assign_open(struct xf_assigner *a, struct xf_err *err);
/* Frees them; a dry run's changes are rolled back here. */
void	xf_assign_close(struct xf_assigner *a);
/*
 * Chooses an owner for the complaint ref (or id) and assigns it in one
 * write transaction: assignee, team, status accepted -> assigned, the
 * handler's turn, "assign" events with the reason, and the deadlines
 * recomputed (xf_sla_apply).  A dry run sees its own earlier choices.
 * -1 with err (naming the ref) when it cannot be assigned; out->nobody
 * when that is because nobody can take it.
 */
int	xf_assign_ref(struct xf_assigner *a, const char *ref,
	    struct xf_assignment *out, struct xf_err *err);
int	xf_assign_id(struct xf_assigner *a, int64_t id,
	    struct xf_assignment *out, struct xf_err *err);

/* --- overdue and escalation (overdue.c) ----------------------------- */

enum xf_deadline { XF_DL_ACK, XF_DL_RESOLVE };

/* "acknowledge" or "resolve". */
const char *xf_deadline_name(enum xf_deadline which);
/*
 * How late, as the policy writes spans: "2h", "1d3h", "-1h30m" ahead of
 * the deadline; on the business clock a day is a working day
 * (xf_calendar_day_seconds), on the calendar clock 24 hours.
 */
void	xf_late_format(const struct xf_sla *sla, enum xf_clock clock,
	    int64_t late, char *buf, size_t len);

/* One deadline missed, or falling due soon. */
struct xf_overdue {
	int64_t		 id;
	char		 ref[XF_REFLEN];
	enum xf_deadline which;		/* ack: new; resolve: accepted,
					 * assigned, in_progress */
	int64_t		 due;		/* stored, or computed when NULL */
	int		 computed;	/* due came from the policy, not the row */
	int64_t		 late;		/* now - due on the rule's clock;
					 * <= 0: due soon */
	enum xf_clock	 clock;		/* the rule's; calendar without one */
	int		 level;		/* escalation thresholds late passed */
	char		 priority[4];	/* "" when unclassified */
	char		 status[16];
	char		*assignee, *team;	/* NULL when none */
	char		*category;		/* NULL when none */
};

struct xf_overdue_query {
	int64_t		 now;
	int64_t		 within;	/* seconds ahead for due-soon; 0: none */
	const char	*team, *assignee;	/* NULL: any */
	const int64_t	*ids;		/* only these complaints; NULL: any */
	size_t		 nids;
};

struct xf_overdue_list {
	struct xf_overdue *v;
	size_t		 n, cap;
	size_t		 norule;	/* open, no deadline, no policy rule */
};

/*
 * The open complaints whose deadline is before now + within, most late
 * first (then the earlier deadline, then the ref).  A NULL deadline is
 * computed with xf_sla_compute (no pauses, no extension); a complaint
 * that has none and matches no rule is counted in norule, not listed.
 */
int	xf_overdue_scan(struct xf_store *s, const struct xf_sla *sla,
	    const struct xf_overdue_query *q, struct xf_overdue_list *out,
	    struct xf_err *err);
void	xf_overdue_free(struct xf_overdue_list *l);

/*
 * The same entries one at a time, in the same order, without holding
 * them all: the order is kept in a temporary table (q->ids must be
 * NULL).  next gives 1 and an entry (free it with
 * xf_overdue_entry_free), 0 at the end, -1 on failure; norule counts
 * as xf_overdue_scan's once open has returned.
 */
struct xf_overdue_cursor {
	struct xf_store	*s;
	const struct xf_sla *sla;
	struct xf_overdue_query q;
	sqlite3_stmt	*order, *one;
	size_t		 norule;
};

int	xf_overdue_open(struct xf_store *s, const struct xf_sla *sla,
	    const struct xf_overdue_query *q, struct xf_overdue_cursor *cur,
	    struct xf_err *err);
int	xf_overdue_next(struct xf_overdue_cursor *cur, struct xf_overdue *o,
	    struct xf_err *err);
void	xf_overdue_close(struct xf_overdue_cursor *cur);
void	xf_overdue_entry_free(struct xf_overdue *o);

/*
 * What escalating and alerting need besides the entry: the store, the
 * policy, the routing (the team of a complaint that has none yet, and
 * each team's escalation contact; NULL: neither), the time, the actor,
 * and whether to write at all.
 */
struct xf_escalator {
	struct xf_store		*store;
	const struct xf_sla	*sla;
	const struct xf_routing	*routing;
	int64_t			 now;
	const char		*actor;
	int			 dry;		/* decide, write nothing */
};

/* Whom an escalation goes to. */
enum xf_rcpt {
	XF_RCPT_NOBODY,		/* no lead, no contact: warned */
	XF_RCPT_LEAD,		/* an active lead of the team, not the owner */
	XF_RCPT_CONTACT		/* the team's escalation contact (routing) */
};

struct xf_escalation {
	int		 made;		/* 1: a new level (recorded unless dry) */
	int		 from, to;	/* highest level recorded before; new */
	int64_t		 late;		/* as counted in the transaction */
	enum xf_rcpt	 rcpt;
	char		 who[XF_CONTACT_MAX + 1];	/* "": nobody */
	char		 team[XF_TEAM_MAX + 1];	/* escalated in; "": none */
	int		 routed;	/* team is routing's: the complaint has
					 * none yet */
	int		 owner_leads;	/* the owner leads that team */
};

/*
 * Escalates one entry of a scan in its own write transaction: re-reads
 * the complaint, and when its level is above the highest recorded for
 * that deadline since the deadline was last set, records one "escalate"
 * event (field ack_due or due, old and new the levels) naming whom it
 * goes to: an active lead of the complaint's team (else of the team
 * routing gives it), the lowest login first, unless the owner leads
 * that team; then the team's escalation contact; never another team's
 * lead, never the owner.  made stays 0 when the level is recorded
 * already or the complaint is no longer late on the same deadline.
 */
int	xf_escalate(const struct xf_escalator *x, const struct xf_overdue *o,
	    struct xf_escalation *out, struct xf_err *err);

struct xf_alert {
	int		 made;		/* 1: a level not alerted yet */
	int		 from;		/* level alerted before; -1: none */
	int		 level;		/* alerted now: 0 late, 1.. escalated */
	struct xf_escalation esc;	/* level >= 1: its escalation, made
					 * now or before; esc.who the target */
};

/*
 * Alerts one entry of a scan: when the complaint reached a level (0:
 * the deadline missed; 1 and up: the escalation levels) not alerted
 * since its deadline was last set, escalates it as xf_escalate does
 * (level >= 1) and records one "alert" event (field ack_due or due, old
 * the level alerted before or none, new the level), in one write
 * transaction.  So each deadline is alerted once per level, whatever
 * the number of runs.  made stays 0 when there is nothing new.
 */
int	xf_alert(const struct xf_escalator *x, const struct xf_overdue *o,
	    struct xf_alert *out, struct xf_err *err);

/* --- e-mail into complaints: dedupe, threading, evidence (mailreg.c) */

#define XF_REOPEN_DAYS	30	/* a reply reopens within this many days */
#define XF_REOPEN_DAYS_MAX 3650	/* the most -w takes */
#define XF_RESEND_DAYS	7	/* a copy resent within it is a duplicate */

enum xf_mailres {
	XF_MR_CREATED,		/* a new complaint */
	XF_MR_ATTACHED,		/* a message of an open complaint */
	XF_MR_REOPENED,		/* a reply that reopened a resolved one */
	XF_MR_FOLLOWUP,		/* a new complaint linked to an old one */
	XF_MR_DUPLICATE,	/* stored already */
	XF_MR_AUTO,		/* auto-reply or bounce: not stored */
	XF_MR_RESUMED,		/* a reply that resumed a waiting one */
	XF_MR_UNVERIFIED	/* names a complaint, not from its
				 * complainant: kept, moves nothing */
};

struct xf_mailin {
	const struct xf_mail *m;
	const char	*raw;		/* the exact bytes, kept as evidence */
	size_t		 rawlen;
	const char	*source;	/* file:line, or a Maildir file */
	int64_t		 delivered;	/* when there is no Date: */
	int		 envelope;	/* delivered is an mbox From_ time,
					 * not the time of this run */
	int64_t		 window;	/* reopen window, seconds */
	int64_t		 resend;	/* resend window, seconds (0: off) */
};

struct xf_mailout {
	enum xf_mailres	 what;
	char		 ref[XF_REFLEN];	/* the complaint concerned */
	int		 truncated;	/* body cut to XF_BODY_MAX */
	int		 resent;	/* a duplicate by content: the same
					 * sender, subject and text within
					 * the resend window */
};

/*
 * E-mail's side of a registrar, beside it: the zlib stream that every
 * message of a run is compressed with for the evidence (mailreg.c).
 * Close it before the registrar.
 */
struct z_stream_s;
struct xf_mailreg {
	struct xf_registrar *reg;
	struct z_stream_s *deflater;	/* made at the first message */
	/* The policy and calendar ($XF_POLICY, $XF_CALENDAR) a reply's
	 * resume counts the deadline on, as xf-status resume does: read
	 * at the first resume, so a run without one never reads them. */
	struct xf_sla	*sla;
};

void	xf_mailreg_init(struct xf_mailreg *mr, struct xf_registrar *g);
void	xf_mailreg_close(struct xf_mailreg *mr);
/* Registers one parsed message inside the caller's write transaction
 * (xf_reg_begin on mr->reg). */
int	xf_mail_register(struct xf_mailreg *mr, const struct xf_mailin *in,
	    struct xf_mailout *out, struct xf_err *err);
/* The original bytes of the message that opened a complaint. */
int	xf_message_raw(struct xf_store *s, int64_t complaint_id,
	    struct xf_buf *out, struct xf_err *err);

/* --- an access request answered (access.c; issue 15) ---------------- */

struct xf_access {
	const char	*contact;	/* whom, as xf_person_ids takes them */
	const char	*complainant;
	const char	*request;	/* the request's own reference */
	const char	*actor;
	int64_t		 now;
};
/*
 * 0 when request may go into the log as the record of an access
 * request: not empty, and holding no address, number or ID (xf_redact),
 * nor the contact or the name asked about; -1 with err.
 */
int	xf_access_request_ok(const char *request, const char *contact,
	    const char *name, struct xf_err *err);
/*
 * Appends to out one JSON object of everything held about the person a
 * names (xf_person_ids): each complaint with every column, its
 * messages (raw bytes as base64) with their attachments (data as
 * base64), its events, outbox and survey rows; inbound messages nobody
 * accepted as the complainant's are left out and counted.  Records, in
 * the same transaction, an "access" event on each complaint disclosed
 * (on none when there is none) whose reason is a->request and whose
 * new is how many were disclosed.  *n is how many complaints.  1 with
 * err when refused (the request reference, or xf_role_check
 * XF_ACT_ACCESS), -1 with err when the store failed.
 */
int	xf_access_export(struct xf_store *s, const struct xf_access *a,
	    struct xf_buf *out, size_t *n, struct xf_err *err);

/* --- replies from the right person (reply.c; issue 14) -------------- */

/*
 * 1 when addr may speak for complaint id: it is the complaint's contact,
 * or it sent an inbound message of it that counts (trust 'ok', as the
 * message that opened it, or 'confirmed'); 0 when not, or addr is NULL.
 */
int	xf_reply_trusted(struct xf_store *s, int64_t id, const char *addr,
	    struct xf_err *err);

enum xf_reply_effect {
	XF_REPLY_NONE,		/* joins the complaint, moves nothing */
	XF_REPLY_REOPEN,	/* reopens one resolved or closed */
	XF_REPLY_RESUME,	/* resumes one waiting on the complainant */
	XF_REPLY_LATE		/* past the reopen window: the intake
				 * starts a follow-up complaint */
};
struct xf_reply_facts {
	const char	*status;	/* the complaint's, now */
	int64_t		 arrived;	/* when the reply came in */
	int64_t		 ended;		/* closed_at, else resolved_at */
	int64_t		 paused_since;	/* when it began to wait */
	int64_t		 window;	/* reopen window, seconds */
	int		 thanks;	/* it only says thank you */
};
/* Pure: what the complainant's reply does to a complaint. */
enum xf_reply_effect xf_reply_effect(const struct xf_reply_facts *f);
/* Its move (reopen, resume; nothing for the others) inside the caller's
 * transaction, through xf_move_in_tx; ch->reason says why. */
int	xf_reply_move(struct xf_store *s, enum xf_reply_effect e, int64_t id,
	    struct xf_change *ch, struct xf_err *err);
/* 1 when a reply's text only says thank you (thanks.c). */
int	xf_mail_thanks(const char *body);

/* A person's word on a complaint's unverified messages. */
struct xf_judge {
	int		 confirm;	/* 1 confirm, 0 refuse */
	const char	*from;		/* only this sender's; NULL: all */
	int64_t		 window;	/* confirm: reopen window, seconds */
	int		 count;		/* out: messages judged */
};
/*
 * Confirms (or refuses) every unverified message of ref, oldest first,
 * in one write transaction, each with an event (kind confirm or refuse,
 * field trust) by ch->actor, ch->reason added to its reason.  A
 * confirmed one then does what the complainant's reply would have done
 * when it came (xf_reply_effect): ch->old and ch->new are the statuses
 * before and after.  -1 with err when none is unverified.  ch->dry, as
 * xf_move_apply.
 */
int	xf_reply_judge(struct xf_store *s, const char *ref, struct xf_judge *j,
	    struct xf_change *ch, struct xf_err *err);

/* --- early warning: the tests behind the alerts (warn.c, warnterm.c) - */

/*
 * The rules of xf-report alerts, pure so that each has unit tests of
 * hand-computed values; alert.c reads the store and applies them.  The
 * baseline of a period is the XF_WARN_BASE_DAYS days before it (fewer
 * when the store's history is shorter, none under XF_WARN_HISTORY_DAYS).
 */
#define XF_WARN_BASE_DAYS	28	/* the trailing baseline */
#define XF_WARN_HISTORY_DAYS	7	/* baseline a spike or a term needs */
#define XF_WARN_SPIKE_MIN	5	/* a day's count below: no spike */
#define XF_WARN_MEAN_FLOOR	0.5	/* a baseline mean a day at least */
#define XF_WARN_P_HIGH		0.0001	/* Poisson tail below: high */
#define XF_WARN_P_MEDIUM	0.001	/* ... below: medium */
#define XF_WARN_TERM_MIN	5	/* complaints of a term in the period */
#define XF_WARN_TERM_FACTOR	3.0	/* times the baseline's rate */
#define XF_WARN_TERM_SMOOTH	1.0	/* added to both sides of the ratio */
#define XF_WARN_TERM_TOP	10	/* emerging terms listed at most */
#define XF_WARN_MEDIA_DAYS	1	/* media complaints open longer */
#define XF_WARN_LEGAL_DAYS	3	/* legal and privacy ones */
#define XF_WARN_REFS_MAX	20	/* refs one alert lists */
#define XF_WARN_KEYLEN		17	/* "contact:" 8 hex digits, NUL */

enum xf_severity { XF_SEV_NONE, XF_SEV_LOW, XF_SEV_MEDIUM, XF_SEV_HIGH };

/* "high", "medium", "low"; "" for none. */
const char *xf_severity_name(enum xf_severity sev);
/* P(X >= k) for X Poisson with this mean (> 0). */
double	xf_poisson_tail(unsigned k, double mean);
/*
 * A day's count against the baseline's mean a day: none under
 * XF_WARN_SPIKE_MIN, else by the Poisson tail (into *p) of the count
 * at the mean floored to XF_WARN_MEAN_FLOOR.
 */
enum xf_severity xf_warn_spike(unsigned count, double mean, double *p);
/*
 * A term in period complaints of the period and base of the baseline,
 * scale the period's length over the baseline's: *expected is base *
 * scale, *ratio (period + s) / (expected + s), s XF_WARN_TERM_SMOOTH;
 * low from XF_WARN_TERM_MIN and XF_WARN_TERM_FACTOR, medium from twice
 * both.
 */
enum xf_severity xf_warn_term(unsigned period, unsigned base, double scale,
	    double *expected, double *ratio);
/* n complaints of one contact in XF_REPEAT_DAYS: medium from
 * XF_REPEAT_COUNT, high from twice that. */
enum xf_severity xf_warn_repeat(unsigned n);
/* n members of a collective group: medium from XF_COLLECTIVE_COUNT,
 * high from twice that. */
enum xf_severity xf_warn_collective(unsigned n);
/* Days a complaint with flag (media, legal, privacy) may stay open
 * before it is an alert; 0 for any other flag. */
int	xf_warn_open_days(const char *flag);
/* A complaint open age seconds past a limit of days: medium beyond
 * it, high from twice it. */
enum xf_severity xf_warn_open(int64_t age, int days);
/* The first 8 bytes of SHA-256 of contact, big-endian: who sent a
 * complaint, without the address. */
uint64_t xf_warn_contact_id(const char *contact);
/* "contact:" and the first 8 hex digits of id: a label for one
 * complainant that does not print the address. */
void	xf_warn_contact_key(uint64_t id, char key[XF_WARN_KEYLEN]);

/*
 * Terms of complaints counted in a period and its baseline: each term
 * once a complaint, Chinese bigrams and Latin words of xf_tokens (no
 * single ideograph, no <num>); words of names and contacts given to
 * xf_terms_exclude are never a term.
 */
struct xf_terms;
struct xf_term {
	const char	*term;		/* owned by the table */
	unsigned	 period, base;	/* complaints with the term */
	double		 expected, ratio;
	enum xf_severity sev;
};
struct xf_terms *xf_terms_new(void);
void	xf_terms_free(struct xf_terms *t);
/* Starts a complaint of the period (in_period 1) or the baseline. */
void	xf_terms_doc(struct xf_terms *t, int in_period);
/* Adds text of the complaint begun last; -1 when memory runs out. */
int	xf_terms_add(struct xf_terms *t, const char *text, size_t len);
/* The tokens of text are no term (a complainant's name or contact). */
int	xf_terms_exclude(struct xf_terms *t, const char *text, size_t len);
/*
 * The emerging terms (xf_warn_term), most complaints first, at most max
 * into out; their number, or (size_t)-1 when memory runs out.
 */
size_t	xf_terms_emerging(struct xf_terms *t, double scale,
	    struct xf_term *out, size_t max);

/* --- reports over a period, from the event log (report.c, replay.c,
 * alert.c) ------------------------------------------------------------ */

/*
 * What every report is asked for (xf-report(1)).  The period is
 * [since, until); as_of is the moment whose store the report reads:
 * only what had been recorded by then counts, so a past period's
 * figures never change afterwards.
 */
struct xf_report_opts {
	int64_t		 since, until;
	int64_t		 as_of;		/* <= now; now unless --as-of */
	int64_t		 now;
	const char	*by;		/* NULL, day, week, month, category,
					 * channel, team, assignee, priority,
					 * flag */
	const struct xf_sla *sla;	/* business hours; NULL: calendar only */
	const char	*lang;		/* en or zh */
};

/*
 * The reports of xf-report(1), each filled into r as machine-named
 * tables (report.c): summary, weekly, sla, volume, backlog, handlers,
 * alerts.  Every figure is replayed from the event log as it stood at
 * as_of, so a past period's report never changes.
 */
int	xf_report_known(const char *kind);
/* NULL when o->by may group kind, else why it may not. */
const char *xf_report_by_check(const char *kind, const char *by);
int	xf_report_build(struct xf_store *s, const char *kind,
	    const struct xf_report_opts *o, struct xf_report *r,
	    struct xf_err *err);

/* The pure parts (replay.c), for the unit tests. */
#define XF_AGE_BUCKETS	7
/* "0-1d", "1-3d", "3-7d", "7-15d", "15-30d", "30-60d", "60d+" */
extern const char *const xf_age_names[XF_AGE_BUCKETS];
/* The bucket of an age in seconds: [0,1d) [1,3d) [3,7d) [7,15d)
 * [15,30d) [30,60d) [60d,...), a negative age in the first. */
int	xf_age_bucket(int64_t age);
/* The p-th percentile (1-100) of v[0..n), n > 0, by nearest rank: the
 * value of rank ceil(p * n / 100) once sorted (v is sorted in place). */
double	xf_percentile(double *v, size_t n, int p);

/* One event of a complaint's history, as the replay reads it. */
struct xf_rev {
	int64_t		 at;
	const char	*kind, *field, *old, *new;	/* NULL: absent */
};

/* The complaint's row as it is now: where the replay starts from for a
 * field no event ever changed. */
struct xf_rrow {
	int64_t		 received_at;
	const char	*status, *category, *team, *assignee, *priority,
			*flags, *lang;
	int64_t		 ack_due, due;	/* 0: none */
};

/* Done in the period [since, end): the figures that count moves. */
#define XF_DID_ACCEPT	0x01
#define XF_DID_REJECT	0x02
#define XF_DID_RESOLVE	0x04
#define XF_DID_CLOSE	0x08
#define XF_DID_REOPEN	0x10
#define XF_DID_EXTEND	0x20
#define XF_DID_ESCALATE	0x40

/* The XF_DID_ bit event e sets when it falls in the period, 0 for
 * none: a move is counted by its own event, whatever came before. */
unsigned	xf_report_did(const struct xf_rev *e);

/* A complaint replayed up to end (xf-report(1) defines each). */
struct xf_rfact {
	const char	*status, *category, *team, *assignee, *priority,
			*flags, *lang;	/* at end; point into row or events */
	int64_t		 ack_due, due;	/* at end, 0: none */
	int64_t		 ack_at;	/* first response, 0: none by end */
	int64_t		 resolved_at;	/* first resolution, 0: none */
	int64_t		 ack_decided, due_decided;	/* 0: not decided */
	int		 ack_met, due_met;
	unsigned	 did;		/* XF_DID_ in [since, end) */
	int		 review_needed;	/* resolved in the period flagged
					 * legal or privacy */
	int		 review_missing;	/* ... without an approval */
	/*
	 * Re-examination (复查, 复核): a reopen of an answered complaint
	 * (from resolved or closed) runs on its own deadline, set after
	 * the reopen.  Each re-examination is decided once, met when it
	 * is resolved by its deadline, missed when the deadline passes
	 * first; counted here when decided in [since, end).  The due_
	 * figures above are the first handling's alone.
	 */
	int		 reexam_decided, reexam_met;
	int		 reexam_resolved;	/* resolves ending one, in the
						 * period */
	/* The row's own times of the moves at end, as lifecycle.c's
	 * UPDATEs and a reply (respond.c) write them (verify, agree.c);
	 * 0: none. */
	struct xf_rtimes {
		int64_t	 accepted_at, first_response_at, resolved_at,
			 closed_at, paused_since, paused_seconds;
		int64_t	 reopen_count;
	}		 row;
};

/*
 * Replays ev[0..n) (a complaint's whole history, in the order recorded)
 * from row's values up to end: only events before end count (its
 * "created" always).  Fills f; its strings point into row and ev.
 */
void	xf_report_replay(const struct xf_rrow *row, const struct xf_rev *ev,
	    size_t n, int64_t since, int64_t end, struct xf_rfact *f);

/* --- each complaint against its history (agree.c) ------------------- */

/* One way a complaint's row and its history disagree. */
struct xf_disagree {
	int64_t		 id;		/* the complaint */
	const char	*ref;		/* NULL: its history has no row */
	/* "status", "team", "assignee", "category", "priority", "flags",
	 * "lang", a time ("ack_due", "due", "accepted_at",
	 * "first_response_at", "resolved_at", "closed_at", "paused_since")
	 * or a count ("paused_seconds", "reopen_count", in row and
	 * history); "personal" when the personal fields are not the ones
	 * event recorded; NULL when the row has no history (events 0) or
	 * the history no row (ref NULL). */
	const char	*field;
	const char	*row, *history;	/* the text fields' values; NULL:
					 * none (absent and empty alike) */
	int64_t		 row_t, history_t;	/* a time's; 0: none */
	int64_t		 event;		/* personal: the event's id */
	int64_t		 events;	/* the complaint's events */
};

typedef void	(*xf_disagree_fn)(const struct xf_disagree *d, void *arg);

struct xf_agree {
	int64_t		 complaints;	/* rows compared */
	int64_t		 content;	/* of them, personal fields compared
					 * (registered from schema 9 on) */
	int64_t		 disagree;	/* of them, ones that do not agree */
	int64_t		 orphans;	/* histories without a row */
};

/*
 * Replays every complaint's fields from its events and compares them,
 * and its personal fields' digest, with its row, in one pass; fn is
 * told each disagreement, all of a complaint's in turn.  -1 with err
 * only when the store cannot be read.
 */
int	xf_agree_check(struct xf_store *s, xf_disagree_fn fn, void *arg,
	    struct xf_agree *sum, struct xf_err *err);

/*
 * The early warnings of the period (alert.c) as the table "alerts" of
 * r: one row an alert, with its severity and the refs that support
 * it; no row when there is nothing to say.
 */
int	xf_report_alerts(struct xf_store *s, const struct xf_report_opts *o,
	    struct xf_report *r, struct xf_err *err);

#endif /* XF_H */
