/*
 * rekey.c: the migrations that rewrite content dedupe keys.  Schema 4
 * gave them the complainant and the received second (schemas 1 to 3
 * hashed subject, body, contact and the UTC day, so the same words from
 * three callers on one day were one complaint); schema 6 puts the
 * received second in front of the fingerprint (xf_content_key), so that
 * keys sort as complaints arrive.
 *
 * Without it an old store would keep its old keys, and re-importing a
 * file it already holds would store every content-keyed row again.  The
 * old key does not say whether its row had a time: it is recomputed
 * with the row's day and with day 0 (no time), and the one that matches
 * tells.  A key matching neither (its text changed since, e.g. erased)
 * is left as it is: no new row can match it, as none could before.
 * Keys by ext_id or Message-ID are not content keys and stay.
 *
 * Schema 6 likewise asks the fingerprint whether a key was made with
 * its row's time or without one, which its row alone does not say.
 */
#include <string.h>

#include "xf.h"
#include "xf-private.h"

enum { V4_KEYLEN = 1 + XF_FPLEN };	/* schemas 4 and 5: 02, fingerprint */

/* The columns of a row with a content key, in the order both SELECTs
 * below give them. */
enum { C_ID, C_KEY, C_SUBJECT, C_BODY, C_NAME, C_CONTACT, C_AT };

static const char *const selects[] = {
	"SELECT id, dedupe_key, subject, body, complainant, contact,"
	" received_at FROM complaint"
	" WHERE substr(dedupe_key, 1, 1) = x'02' ORDER BY id",
	"SELECT id, dedupe_key, subject, body, sender_name, sender, at"
	" FROM message WHERE substr(dedupe_key, 1, 1) = x'02' ORDER BY id",
};

/* OR IGNORE: a clash of 128-bit digests keeps the old key rather than
 * leave the store unopenable. */
static const char *const updates[] = {
	"UPDATE OR IGNORE complaint SET dedupe_key = ?2 WHERE id = ?1",
	"UPDATE OR IGNORE message SET dedupe_key = ?2 WHERE id = ?1",
};

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The new key of the row st is on, in key[]; 0 when its old key is
 * neither form schemas 1 to 3 wrote. */
/* The key of the row st is on in key[] and its length; 0 when the row
 * keeps its key. */
typedef size_t (*rekey_fn)(sqlite3_stmt *, unsigned char[XF_CKEYLEN]);

static void
fp_of(sqlite3_stmt *st, struct xf_fpin *in)
{
	memset(in, 0, sizeof(*in));
	in->subject = text(st, C_SUBJECT);
	in->body = text(st, C_BODY);
	in->complainant = text(st, C_NAME);
	in->contact = text(st, C_CONTACT);
	in->at = sqlite3_column_int64(st, C_AT);
}

/* Schema 4: a fingerprint of the person and the second in place of one
 * of the day's. */
static size_t
v4_key(sqlite3_stmt *st, unsigned char key[XF_CKEYLEN])
{
	unsigned char old[XF_FPLEN];
	struct xf_fpin in;
	const unsigned char *have = sqlite3_column_blob(st, C_KEY);

	if (sqlite3_column_bytes(st, C_KEY) != V4_KEYLEN)
		return 0;
	fp_of(st, &in);
	xf_fingerprint_v2(in.subject, in.body, in.contact, in.at, old);
	in.timed = memcmp(old, have + 1, XF_FPLEN) == 0;
	if (!in.timed) {
		xf_fingerprint_v2(in.subject, in.body, in.contact, 0, old);
		if (memcmp(old, have + 1, XF_FPLEN) != 0)
			return 0;
	}
	key[0] = XF_KEY_CONTENT;
	return xf_fingerprint(&in, key + 1) == 0 ? V4_KEYLEN : 0;
}

/* Schema 6: the received second, or zeros, in front of the same
 * fingerprint; made with the row's time when that gives the stored
 * fingerprint, else without one when that does. */
static size_t
v6_key(sqlite3_stmt *st, unsigned char key[XF_CKEYLEN])
{
	struct xf_fpin in;
	const unsigned char *have = sqlite3_column_blob(st, C_KEY);

	if (sqlite3_column_bytes(st, C_KEY) != V4_KEYLEN)
		return 0;
	fp_of(st, &in);
	for (in.timed = 1; in.timed >= 0; in.timed--)
		if (xf_content_key(&in, key) == 0 &&
		    memcmp(key + XF_CKEYLEN - XF_FPLEN, have + 1,
		    XF_FPLEN) == 0)
			return XF_CKEYLEN;
	return 0;
}

static int
rekey_table(sqlite3 *db, size_t t, rekey_fn new_key, struct xf_err *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	unsigned char key[XF_CKEYLEN];
	size_t len;
	int rc = -1, step;

	if (sqlite3_prepare_v2(db, selects[t], -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, updates[t], -1, &upd, NULL) != SQLITE_OK) {
		xf_errf(err, "renewing dedupe keys: %s", sqlite3_errmsg(db));
		goto out;
	}
	/* A scan in rowid order may update the row it stands on. */
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		if ((len = new_key(sel, key)) == 0)
			continue;
		sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, C_ID));
		sqlite3_bind_blob(upd, 2, key, (int)len, SQLITE_STATIC);
		step = sqlite3_step(upd);
		sqlite3_reset(upd);
		if (step != SQLITE_DONE)
			break;
	}
	if (step != SQLITE_DONE) {
		xf_errf(err, "renewing dedupe keys: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

static int
rekey(sqlite3 *db, rekey_fn new_key, struct xf_err *err)
{
	size_t t;

	for (t = 0; t < nitems(selects); t++)
		if (rekey_table(db, t, new_key, err) == -1)
			return -1;
	return 0;
}

int
xf_rekey_content(sqlite3 *db, struct xf_err *err)
{
	return rekey(db, v4_key, err);
}

int
xf_rekey_time(sqlite3 *db, struct xf_err *err)
{
	return rekey(db, v6_key, err);
}
