/*
 * evidence.c: the stored bytes of a complaint's messages and attachments
 * as evidence (issue 16 point 6, issue 17 point 7): read back any one of
 * them, name an attachment safely for a file system, and prove them
 * unaltered.
 *
 * Each message is stored with an event of kind "evidence" in the same
 * transaction, whose new value is "ROWID sha256:HEX": the digest of the
 * message's raw bytes and its attachments as stored (xf_evidence_*
 * below).  The event is in the hash chain like any other, so the bytes
 * cannot be changed without verify noticing: the digest cannot be
 * changed without breaking the chain.  A separate event, rather than a
 * column of the message row or of the event that records the message:
 * messages are stored by several paths (a new complaint, a reply, an
 * unverified sender, a notice sent, a reply by phone) whose events
 * differ, and an event needs no schema change, so a store from before
 * keeps verifying, its messages counted as not covered.  The row id
 * rather than the complaint: a merge moves messages between complaints.
 *
 * Erasure and purge (anonymise.c) empty a message's bytes on purpose:
 * an empty message whose complaint was erased or purged after its
 * evidence event is counted as erased, not as altered.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xf.h"

#define EVIDENCE_KIND	"evidence"
#define DIGEST_TAG	" sha256:"

/* "LEN:BYTES", or "~" for none, so no two lists of parts hash alike. */
static void
part(struct xf_sha256 *c, const void *p, size_t n, int none)
{
	char num[32];

	if (none) {
		xf_sha256_update(c, "~", 1);
		return;
	}
	snprintf(num, sizeof(num), "%zu:", n);
	xf_sha256_update(c, num, strlen(num));
	if (n > 0)
		xf_sha256_update(c, p, n);
}

void
xf_evidence_begin(struct xf_sha256 *c, const void *raw, size_t len)
{
	xf_sha256_init(c);
	part(c, "xf-evidence-1", 13, 0);
	part(c, raw, len, 0);
}

void
xf_evidence_attachment(struct xf_sha256 *c, const char *name,
    const char *type, int64_t size, const void *data)
{
	char num[24];

	part(c, name, name ? strlen(name) : 0, name == NULL || *name == '\0');
	part(c, type, type ? strlen(type) : 0, type == NULL);
	snprintf(num, sizeof(num), "%lld", (long long)size);
	part(c, num, strlen(num), 0);
	part(c, data, data ? (size_t)size : 0, data == NULL);
}

int
xf_evidence_record(struct xf_store *s, int64_t complaint_id, int64_t message,
    int64_t at, const char *actor, struct xf_sha256 *c, struct xf_err *err)
{
	unsigned char d[XF_SHA256_LEN];
	char hex[XF_SHA256_HEXLEN], new[96];
	struct xf_event ev = {
		.complaint_id = complaint_id, .at = at, .actor = actor,
		.kind = EVIDENCE_KIND, .field = "message", .new = new,
	};

	xf_sha256_final(c, d);
	xf_hex(d, sizeof(d), hex);
	snprintf(new, sizeof(new), "%lld" DIGEST_TAG "%s", (long long)message,
	    hex);
	return xf_event_add(s, &ev, err);
}

/* --- reading back ----------------------------------------------------- */

/* A zlib column of size bytes unpacked into out; -1 when damaged. */
static int
unpack(sqlite3_stmt *st, int col, int64_t size, struct xf_buf *out,
    struct xf_err *err)
{
	uLongf n = (uLongf)size;

	xf_buf_reset(out);
	if (size < 0 || xf_buf_grow(out, (size_t)size + 1) == -1)
		return xf_errf(err, "out of memory");
	if (size > 0 && uncompress((Bytef *)out->p, &n,
	    sqlite3_column_blob(st, col), (uLong)sqlite3_column_bytes(st,
	    col)) != Z_OK)
		return xf_errf(err, "its stored bytes are damaged");
	if (n != (uLongf)size)
		return xf_errf(err, "its stored bytes are damaged");
	out->len = n;
	out->p[n] = '\0';
	return 0;
}

int
xf_evidence_message(struct xf_store *s, int64_t complaint_id, int n,
    struct xf_buf *out, struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t size;
	int rc;

	if (xf_store_prepare(s, "SELECT raw, raw_size, (SELECT count(*) FROM"
	    " message WHERE complaint_id = ?1) FROM message WHERE complaint_id"
	    " = ?1 ORDER BY id LIMIT 1 OFFSET ?2", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int(st, 2, n - 1);
	if ((rc = xf_store_one_row(s, st, "reading a message", err)) != 1) {
		sqlite3_finalize(st);
		return rc == 0 ? xf_errf(err, "has no message %d", n) : -1;
	}
	size = sqlite3_column_int64(st, 1);
	/* No message is empty: its bytes were anonymised (anonymise.c). */
	if (size == 0)
		rc = xf_errf(err, "message %d is no longer held (purged or "
		    "erased)", n);
	else
		rc = unpack(st, 0, size, out, err);
	sqlite3_finalize(st);
	return rc;
}

/* 1 when spec is a number (digits only, no sign), in *n. */
static int
number_spec(const char *spec, int *n)
{
	long v = 0;
	const char *p;

	for (p = spec; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (*p - '0')) > 1000000)
			return 0;
	if (p == spec || *p != '\0' || v < 1)
		return 0;
	*n = (int)v;
	return 1;
}

#define ATTACH_SQL "SELECT a.name, a.type, a.size, a.data, m.raw_size" \
    " FROM attachment a JOIN message m ON m.id = a.message_id" \
    " WHERE m.complaint_id = ?1 ORDER BY m.id, a.id"

/* The attachment spec names: its number in *which, or 0 none, -1 when
 * two or more have the name. */
static int
find_attachment(sqlite3_stmt *st, const char *spec, int *which,
    struct xf_buf *also)
{
	int i = 0, num = 0, rc, by_number = number_spec(spec, &num);
	const char *name;

	*which = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i++;
		name = (const char *)sqlite3_column_text(st, 0);
		if (by_number ? i != num : name == NULL ||
		    strcmp(name, spec) != 0)
			continue;
		if (*which == 0)
			*which = i;
		else if (xf_buf_printf(also, "%s%d", also->len ? ", " : "",
		    i) == -1)
			return SQLITE_NOMEM;
	}
	return rc;
}

int
xf_evidence_attach(struct xf_store *s, int64_t complaint_id,
    const char *spec, struct xf_evattach *a, struct xf_err *err)
{
	struct xf_buf also = { 0 };
	sqlite3_stmt *st;
	const char *name;
	int rc, i;

	if (xf_store_prepare(s, ATTACH_SQL, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, complaint_id);
	rc = find_attachment(st, spec, &a->n, &also);
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		xf_buf_free(&also);
		return rc == SQLITE_NOMEM ? xf_errf(err, "out of memory") :
		    xf_store_fail(s, "reading attachments", err);
	}
	if (a->n == 0 || also.len > 0) {
		sqlite3_finalize(st);
		rc = a->n == 0 ? xf_errf(err, "has no attachment %s", spec) :
		    xf_errf(err, "attachment name %s is ambiguous: it names "
		    "attachments %d, %s (give the number)", spec, a->n, also.p);
		xf_buf_free(&also);
		a->ambiguous = a->n != 0;
		return rc;
	}
	xf_buf_free(&also);
	sqlite3_reset(st);
	for (i = 0; i < a->n; i++)
		sqlite3_step(st);
	name = (const char *)sqlite3_column_text(st, 0);
	xf_evidence_safe_name(name, a->n, a->name, sizeof(a->name));
	if (sqlite3_column_int64(st, 4) == 0 && name == NULL)
		rc = xf_errf(err, "attachment %d is no longer held (purged or "
		    "erased)", a->n);
	else if (sqlite3_column_type(st, 3) != SQLITE_BLOB)
		rc = xf_errf(err, "attachment %d was not kept: it was over the "
		    "size cap when it arrived", a->n);
	else
		rc = unpack(st, 3, sqlite3_column_int64(st, 2), &a->data, err);
	sqlite3_finalize(st);
	return rc;
}

/* --- safe names ------------------------------------------------------- */

/* A character no file name should hold: path separators, the ones
 * Windows refuses, controls (C0, DEL, C1) and the marks that reorder
 * text ("gpj.exe" shown as "exe.jpg"). */
static int
unsafe_char(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 1;
	if (cp < 0x80)
		return strchr("/\\:*?\"<>|", (int)cp) != NULL;
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a &&
	    cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* name with every unsafe character (or invalid byte) as '_'. */
static void
replace_unsafe(const char *name, struct xf_buf *b)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), len;
	uint32_t cp;

	while (n > 0) {
		len = xf_utf8_decode(p, n, &cp);
		if (len == 0 || unsafe_char(cp)) {
			xf_buf_addc(b, '_');
			len = len ? len : 1;
		} else
			xf_buf_add(b, p, len);
		p += len;
		n -= len;
	}
}

/* Cut to max bytes between characters, keeping a short extension. */
static void
fit(const char *s, char *out, size_t size)
{
	size_t max = size - 1, len = strlen(s), ext = 0, stem;
	const char *dot = strrchr(s, '.');

	if (len <= max) {
		memcpy(out, s, len + 1);
		return;
	}
	if (dot != NULL && dot != s && strlen(dot) <= XF_SAFE_EXT_MAX)
		ext = strlen(dot);
	stem = xf_utf8_fit(s, max - ext);
	memcpy(out, s, stem);
	memcpy(out + stem, s + len - ext, ext);
	out[stem + ext] = '\0';
}

void
xf_evidence_safe_name(const char *name, int n, char *out, size_t size)
{
	struct xf_buf b = { 0 };
	const char *p;
	size_t end;

	if (name != NULL)
		replace_unsafe(name, &b);
	/* No hidden file, no "." or "..", nothing read as an option. */
	for (p = b.p ? b.p : ""; *p == '.' || *p == ' ' || *p == '-'; p++)
		;
	end = strlen(p);
	while (end > 0 && (p[end - 1] == '.' || p[end - 1] == ' '))
		end--;
	if (end == 0)
		snprintf(out, size, "attachment-%d", n);
	else {
		b.p[p - b.p + end] = '\0';
		fit(p, out, size);
	}
	xf_buf_free(&b);
}

/* --- verify ----------------------------------------------------------- */

struct check {
	struct xf_store	*s;
	sqlite3_stmt	*msg, *att;
	struct xf_buf	 bytes;
	xf_evidence_fn	 fn;
	void		*arg;
	struct xf_evidence_sum *sum;
};

#define MSG_SQL "SELECT m.raw, m.raw_size, c.ref, (SELECT count(*) FROM" \
    " message x WHERE x.complaint_id = m.complaint_id AND x.id <= m.id)," \
    " EXISTS (SELECT 1 FROM event e WHERE e.complaint_id = m.complaint_id" \
    " AND (e.kind = 'erased' OR e.kind = 'purged') AND e.id > ?2)" \
    " FROM message m LEFT JOIN complaint c ON c.id = m.complaint_id" \
    " WHERE m.id = ?1"
#define ATT_SQL "SELECT name, type, size, data FROM attachment" \
    " WHERE message_id = ?1 ORDER BY id"

/* "ROWID sha256:HEX" into its parts; 0 when it is not one. */
static int
parse_new(const char *v, int64_t *msg, unsigned char d[XF_SHA256_LEN])
{
	char *end;
	int i, hi, lo;

	if (v == NULL)
		return 0;
	*msg = strtoll(v, &end, 10);
	if (end == v || strncmp(end, DIGEST_TAG, strlen(DIGEST_TAG)) != 0)
		return 0;
	end += strlen(DIGEST_TAG);
	for (i = 0; i < XF_SHA256_LEN; i++) {
		if ((hi = xf_hex_value(end[2 * i])) < 0 ||
		    (lo = xf_hex_value(end[2 * i + 1])) < 0)
			return 0;
		d[i] = (unsigned char)(hi << 4 | lo);
	}
	return end[2 * XF_SHA256_LEN] == '\0';
}

static void
tell(struct check *k, const char *ref, int n, int64_t event,
    const char *why)
{
	struct xf_evidence_bad b = { ref, n, event, why };

	k->sum->bad++;
	k->fn(&b, k->arg);
}

/* The digest of message m's stored bytes and attachments, in d. */
static int
digest_stored(struct check *k, int64_t m, unsigned char d[XF_SHA256_LEN],
    struct xf_err *err)
{
	struct xf_sha256 c;
	int rc;

	if (unpack(k->msg, 0, sqlite3_column_int64(k->msg, 1), &k->bytes,
	    err) == -1)
		return 1;
	xf_evidence_begin(&c, k->bytes.p, k->bytes.len);
	sqlite3_reset(k->att);
	sqlite3_bind_int64(k->att, 1, m);
	while ((rc = sqlite3_step(k->att)) == SQLITE_ROW) {
		const void *data = NULL;
		int64_t size = sqlite3_column_int64(k->att, 2);

		if (sqlite3_column_type(k->att, 3) == SQLITE_BLOB) {
			if (unpack(k->att, 3, size, &k->bytes, err) == -1)
				return 1;
			data = k->bytes.p;
		}
		xf_evidence_attachment(&c, (const char *)sqlite3_column_text(
		    k->att, 0), (const char *)sqlite3_column_text(k->att, 1),
		    size, data);
	}
	if (rc != SQLITE_DONE)
		return xf_store_fail(k->s, "reading attachments", err);
	xf_sha256_final(&c, d);
	return 0;
}

/* One evidence event against the message it names. */
static int
check_one(struct check *k, int64_t event, const char *ref, const char *new,
    struct xf_err *err)
{
	unsigned char want[XF_SHA256_LEN], got[XF_SHA256_LEN];
	int64_t m;
	int rc;

	if (!parse_new(new, &m, want)) {
		tell(k, ref, 0, event, "its evidence event is malformed");
		return 0;
	}
	sqlite3_reset(k->msg);
	sqlite3_bind_int64(k->msg, 1, m);
	sqlite3_bind_int64(k->msg, 2, event);
	if ((rc = sqlite3_step(k->msg)) == SQLITE_DONE) {
		tell(k, ref, 0, event, "a message it recorded is gone");
		return 0;
	}
	if (rc != SQLITE_ROW)
		return xf_store_fail(k->s, "reading a message", err);
	if (sqlite3_column_type(k->msg, 2) != SQLITE_NULL)
		ref = (const char *)sqlite3_column_text(k->msg, 2);
	if (sqlite3_column_int64(k->msg, 1) == 0 &&
	    sqlite3_column_int(k->msg, 4)) {
		k->sum->erased++;
		return 0;
	}
	if ((rc = digest_stored(k, m, got, err)) == -1)
		return -1;
	if (rc == 1 || memcmp(want, got, sizeof(got)) != 0)
		tell(k, ref, sqlite3_column_int(k->msg, 3), event,
		    rc == 1 ? err->msg : "its bytes or attachments are not "
		    "the ones stored");
	else
		k->sum->ok++;
	return 0;
}

static int
count_messages(struct xf_store *s, int64_t *n, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, "SELECT count(*) FROM message", &st,
	    err) == -1)
		return -1;
	if ((rc = xf_store_one_row(s, st, "counting messages", err)) == 1)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == 1 ? 0 : -1;
}

static int
walk(struct check *k, sqlite3_stmt *ev, struct xf_err *err)
{
	int rc;

	while ((rc = sqlite3_step(ev)) == SQLITE_ROW)
		if (check_one(k, sqlite3_column_int64(ev, 0),
		    (const char *)sqlite3_column_text(ev, 1),
		    (const char *)sqlite3_column_text(ev, 2), err) == -1)
			return -1;
	if (rc != SQLITE_DONE)
		return xf_store_fail(k->s, "reading evidence events", err);
	return 0;
}

int
xf_evidence_verify(struct xf_store *s, xf_evidence_fn fn, void *arg,
    struct xf_evidence_sum *sum, struct xf_err *err)
{
	struct check k = { .s = s, .fn = fn, .arg = arg, .sum = sum };
	sqlite3_stmt *ev = NULL;
	int rc = -1;

	memset(sum, 0, sizeof(*sum));
	if (count_messages(s, &sum->messages, err) == -1 ||
	    xf_store_prepare(s, MSG_SQL, &k.msg, err) == -1 ||
	    xf_store_prepare(s, ATT_SQL, &k.att, err) == -1 ||
	    xf_store_prepare(s, "SELECT e.id, coalesce(c.ref, 'complaint ' ||"
	    " e.complaint_id), e.new FROM event e LEFT"
	    " JOIN complaint c ON c.id = e.complaint_id WHERE e.kind = '"
	    EVIDENCE_KIND "' ORDER BY e.id", &ev, err) == -1)
		goto out;
	rc = walk(&k, ev, err);
	sum->uncovered = sum->messages - sum->ok - sum->erased - sum->bad;
	if (sum->uncovered < 0)
		sum->uncovered = 0;
out:
	sqlite3_finalize(ev);
	sqlite3_finalize(k.msg);
	sqlite3_finalize(k.att);
	xf_buf_free(&k.bytes);
	return rc;
}
