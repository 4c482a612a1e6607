/*
 * message.c: what xf said to a complainant, kept as a message of the
 * complaint beside what the complainant wrote (DESIGN §5): a delivered
 * notice (xf-notify), a reply a handler made by phone or in person and
 * wrote down (xf-status reply).  Each has a Message-ID, its own for a
 * notice, a new one for a call, so that a reply to it threads back
 * (mailreg.c finds complaints by the Message-IDs of their messages)
 * and so that no message is stored twice.
 */
#include <string.h>
#include <zlib.h>

#include "xf.h"

enum { KEY_MSGID = 3 };	/* as register.c and mailreg.c key messages */

static int
squeeze(const char *raw, size_t len, struct xf_buf *z, struct xf_err *err)
{
	uLongf n = compressBound((uLong)len);

	xf_buf_reset(z);
	if (xf_buf_grow(z, n) == -1)
		return xf_errf(err, "out of memory");
	if (compress2((Bytef *)z->p, &n, (const Bytef *)raw, (uLong)len,
	    Z_BEST_SPEED) != Z_OK)
		return xf_errf(err, "cannot compress a message");
	z->len = n;
	return 0;
}

int
xf_message_out(struct xf_store *s, const struct xf_outmsg *m, int64_t *id,
    struct xf_err *err)
{
	unsigned char key[XF_KEY_MAX];
	struct xf_buf z = { 0 };
	sqlite3_stmt *st = NULL;
	size_t n = strlen(m->message_id);
	const char *raw = m->raw != NULL ? m->raw : m->body;
	size_t rawlen = m->raw != NULL ? m->rawlen : strlen(m->body);
	struct xf_sha256 c;
	int64_t row;
	int rc = -1;

	if (n == 0 || n > XF_KEY_MAX - 1)
		return xf_errf(err, "a message needs a Message-ID of 1 to %d "
		    "bytes", XF_KEY_MAX - 1);
	key[0] = KEY_MSGID;
	memcpy(key + 1, m->message_id, n);
	if (squeeze(raw, rawlen, &z, err) == -1 ||
	    xf_store_prepare(s, "INSERT INTO message (complaint_id, direction,"
	    " at, registered_at, message_id, in_reply_to, sender, subject,"
	    " body, source, dedupe_key, raw, raw_size, channel, actor)"
	    " VALUES (?1,'out',?2,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
	    &st, err) == -1)
		goto out;
	sqlite3_bind_int64(st, 1, m->complaint_id);
	sqlite3_bind_int64(st, 2, m->at);
	sqlite3_bind_text(st, 3, m->message_id, -1, SQLITE_STATIC);
	xf_bind_opt(st, 4, m->in_reply_to);
	xf_bind_opt(st, 5, m->sender);
	xf_bind_opt(st, 6, m->subject);
	sqlite3_bind_text(st, 7, m->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, m->source, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, key, (int)(n + 1), SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, z.p, (int)z.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, (int64_t)rawlen);
	sqlite3_bind_text(st, 12, m->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, m->actor, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		xf_store_fail(s, "storing an outgoing message", err);
		goto out;
	}
	row = sqlite3_last_insert_rowid(s->db);
	if (id != NULL)
		*id = row;
	xf_evidence_begin(&c, raw, rawlen);
	rc = xf_evidence_record(s, m->complaint_id, row, m->at, m->actor, &c,
	    err);
out:
	sqlite3_finalize(st);
	xf_buf_free(&z);
	return rc;
}
