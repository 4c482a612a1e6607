/*
 * rekey.c: the migration to schema 4, which gave content dedupe keys the
 * complainant and the received second (schemas 1 to 3 hashed subject,
 * body, contact and the UTC day, so the same words from three callers on
 * one day were one complaint).
 *
 * Without it an old store would keep its old keys, and re-importing a
 * file it already holds would store every content-keyed row again.  The
 * old key does not say whether its row had a time: it is recomputed
 * with the row's day and with day 0 (no time), and the one that matches
 * tells.  A key matching neither (its text changed since, e.g. erased)
 * is left as it is: no new row can match it, as none could before.
 * Keys by ext_id or Message-ID are not content keys and stay.
 */
#include <string.h>

#include "xf.h"
#include "xf-private.h"

enum { KEY_CONTENT = 2 };	/* as in register.c */

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
static int
new_key(sqlite3_stmt *st, unsigned char key[XF_FPLEN + 1])
{
	unsigned char old[XF_FPLEN];
	struct xf_fpin in = {
		.subject = text(st, C_SUBJECT), .body = text(st, C_BODY),
		.complainant = text(st, C_NAME), .contact = text(st, C_CONTACT),
		.at = sqlite3_column_int64(st, C_AT),
	};
	const unsigned char *have = sqlite3_column_blob(st, C_KEY);

	if (sqlite3_column_bytes(st, C_KEY) != XF_FPLEN + 1)
		return 0;
	xf_fingerprint_v2(in.subject, in.body, in.contact, in.at, old);
	in.timed = memcmp(old, have + 1, XF_FPLEN) == 0;
	if (!in.timed) {
		xf_fingerprint_v2(in.subject, in.body, in.contact, 0, old);
		if (memcmp(old, have + 1, XF_FPLEN) != 0)
			return 0;
	}
	key[0] = KEY_CONTENT;
	return xf_fingerprint(&in, key + 1) == 0;
}

static int
rekey_table(sqlite3 *db, size_t t, struct xf_err *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	unsigned char key[XF_FPLEN + 1];
	int rc = -1, step;

	if (sqlite3_prepare_v2(db, selects[t], -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, updates[t], -1, &upd, NULL) != SQLITE_OK) {
		xf_errf(err, "renewing dedupe keys: %s", sqlite3_errmsg(db));
		goto out;
	}
	/* A scan in rowid order may update the row it stands on. */
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		if (!new_key(sel, key))
			continue;
		sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, C_ID));
		sqlite3_bind_blob(upd, 2, key, sizeof(key), SQLITE_STATIC);
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

int
xf_rekey_content(sqlite3 *db, struct xf_err *err)
{
	size_t t;

	for (t = 0; t < nitems(selects); t++)
		if (rekey_table(db, t, err) == -1)
			return -1;
	return 0;
}
