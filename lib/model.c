/*
 * model.c: the classifier models kept in the store.
 *
 * Each training adds a row and the newest row is the model in use.  A
 * newest model that is damaged is refused, never passed over for an
 * older one: the older one would classify by what people decided before,
 * and nobody would notice.
 */
#include <string.h>

#include "xf.h"

int
xf_model_save(struct xf_store *s, const struct xf_bayes *b, size_t examples,
    int64_t now, struct xf_err *err)
{
	const char *labels[XF_BAYES_CLASSES];
	struct xf_buf blob = { 0 }, names = { 0 };
	sqlite3_stmt *st;
	size_t i, n;
	int rc = -1;

	n = xf_bayes_labels(b, labels, XF_BAYES_CLASSES);
	for (i = 0; i < n; i++)
		if (xf_buf_printf(&names, "%s%s", i ? "," : "",
		    labels[i]) == -1) {
			xf_errf(err, "out of memory");
			goto out;
		}
	if (xf_bayes_save(b, &blob, err) == -1)
		goto out;
	if (xf_store_begin(s, err) == -1)
		goto out;
	if (xf_store_prepare(s, "INSERT INTO model (created_at, examples,"
	    " labels, data) VALUES (?,?,?,?)", &st, err) == -1) {
		xf_store_rollback(s);
		goto out;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (int64_t)examples);
	sqlite3_bind_text(st, 3, xf_buf_str(&names), -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, blob.p, (int)blob.len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		xf_store_fail(s, "saving the model", err);
		sqlite3_finalize(st);
		xf_store_rollback(s);
		goto out;
	}
	sqlite3_finalize(st);
	rc = xf_store_commit(s, err);
out:
	xf_buf_free(&blob);
	xf_buf_free(&names);
	return rc;
}

int
xf_model_load(struct xf_store *s, struct xf_bayes **out, struct xf_err *err)
{
	struct xf_err why;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if (xf_store_prepare(s, "SELECT data, id FROM model"
	    " ORDER BY id DESC LIMIT 1", &st, err) == -1)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (*out = xf_bayes_load(sqlite3_column_blob(st, 0),
	    (size_t)sqlite3_column_bytes(st, 0), &why)) == NULL) {
		xf_errf(err, "%s: model %lld refused: %s", s->path,
		    (long long)sqlite3_column_int64(st, 1), why.msg);
		sqlite3_finalize(st);
		return -1;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		xf_store_fail(s, "reading the model", err);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}
