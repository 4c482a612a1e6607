/*
 * search.c: full-text search over complaint subject and body, in Chinese
 * and English alike.
 *
 * SQLite's own tokenizers do not fit Chinese: unicode61 makes one token
 * of a whole run of ideographs, so 退款 would not be found inside
 * 申请退款, and trigram cannot match a word of two characters, which is
 * most Chinese words. So xf makes the terms itself and lets unicode61
 * only split them at spaces: ASCII words and numbers lower-cased, and
 * every run of ideographs, kana or Hangul as its overlapping bigrams, so
 * that any substring of two or more characters is a phrase of adjacent
 * bigrams. Each such run also ends with its last character alone: every
 * character then starts some term, so a one-character query is a prefix
 * query, and the lone character stands between two runs, so a phrase
 * cannot match across the punctuation that parted them.
 *
 * The index is contentless (the text is in complaint already) and kept
 * lazily: the command that searches first indexes whatever was
 * registered since the last search. Keeping it on every insert would
 * more than double the cost of a bulk import, and complaints never
 * change their subject or body, so "indexed up to id N" is the whole
 * state.
 *
 * Issue 15: it covers the complainant and the contact too, so a search
 * finds a person's name or number; the contact as xf_contact_norm
 * makes it, so 13800001234 finds "+86 138-0000-1234".  And each row
 * carries two key terms, one for the contact and one for the name as
 * xf_contact_norm and xf_name_norm make them (xf_search_person_key):
 * finding one person among a million complaints is then the reading
 * of one short list of the index, whatever words the address or the
 * name is made of.  An erasure that changes those fields takes the row
 * out of the index first (xf_search_forget).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xf.h"


enum {
	BATCH = 10000,		/* complaints indexed per write transaction */
	MAXSEQ = 4,		/* bytes of the longest UTF-8 sequence */
	KEY_BYTES = 8		/* of the digest in a person's key term */
};

enum class {
	SEP,			/* parts terms */
	WORD,			/* ASCII letter or digit, after folding */
	CJK			/* ideograph, kana or Hangul syllable */
};

struct run {
	enum class	cls;
	size_t		start, end;	/* bytes of the text */
	size_t		nchar;
};

struct scan {
	const unsigned char	*s;
	size_t			 len, at;
};

/* What a sync keeps between its transactions. */
struct sync {
	sqlite3		*db;
	sqlite3_stmt	*upto;		/* read indexed_upto */
	sqlite3_stmt	*rows;		/* complaints after it */
	sqlite3_stmt	*insert;
	sqlite3_stmt	*update;	/* write indexed_upto */
	struct xf_buf	 terms, tmp;
	int64_t		 added;
};


/* Classifies *cp, folding full-width ASCII to ASCII and upper to lower. */
static enum class
classify(uint32_t *cp)
{
	uint32_t c = *cp;

	c = xf_fold_width(c);
	if (c >= 0x80)
		return xf_is_cjk(c) ? CJK : SEP;
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	*cp = c;
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return WORD;
	return SEP;
}

/* The character at s[0..n): its length (1 for a stray byte) and class. */
static size_t
next_char(const unsigned char *s, size_t n, uint32_t *cp, enum class *cls)
{
	size_t len;

	if ((len = xf_utf8_decode(s, n, cp)) == 0) {
		*cp = 0;
		*cls = SEP;
		return 1;
	}
	*cls = classify(cp);
	return len;
}

/* The next run of word or CJK characters; 0 when the text has no more. */
static int
next_run(struct scan *sc, struct run *r)
{
	enum class cls = SEP, k;
	size_t n;
	uint32_t cp;

	while (sc->at < sc->len) {
		n = next_char(sc->s + sc->at, sc->len - sc->at, &cp, &cls);
		if (cls != SEP)
			break;
		sc->at += n;
	}
	if (sc->at == sc->len)
		return 0;
	r->cls = cls;
	r->start = sc->at;
	r->nchar = 0;
	while (sc->at < sc->len) {
		n = next_char(sc->s + sc->at, sc->len - sc->at, &cp, &k);
		if (k != cls)
			break;
		sc->at += n;
		r->nchar++;
	}
	r->end = sc->at;
	return 1;
}

/* Starts a term: a space first unless out is empty or ends in one. */
static int
term_start(struct xf_buf *out)
{
	if (out->len == 0 || out->p[out->len - 1] == ' ')
		return 0;
	return xf_buf_addc(out, ' ');
}

/* A word run, folded: its bytes may be full-width or upper-case. */
static int
add_word(struct xf_buf *out, const unsigned char *s, size_t len)
{
	enum class cls;
	size_t i, n;
	uint32_t cp;

	if (term_start(out) == -1)
		return -1;
	for (i = 0; i < len; i += n) {
		n = next_char(s + i, len - i, &cp, &cls);
		if (xf_buf_addc(out, (int)cp) == -1)
			return -1;
	}
	return 0;
}

/* Bytes in the (valid) sequence whose lead byte is b. */
static size_t
seqlen(unsigned char b)
{
	if (b < 0xE0)
		return b < 0x80 ? 1 : 2;
	return b < 0xF0 ? 3 : MAXSEQ;
}

/*
 * A CJK run's overlapping bigrams, and its last character alone when
 * lone is set (always for the index; a query needs it only for a run of
 * one character). The run was decoded by next_run, so it is valid.
 */
static int
add_bigrams(struct xf_buf *out, const unsigned char *s, size_t len,
    int lone)
{
	size_t prev = 0, cur, n;

	for (cur = seqlen(s[0]); cur < len; cur += n) {
		n = seqlen(s[cur]);
		if (term_start(out) == -1 ||
		    xf_buf_add(out, s + prev, cur + n - prev) == -1)
			return -1;
		prev = cur;
	}
	if (!lone)
		return 0;
	if (term_start(out) == -1)
		return -1;
	return xf_buf_add(out, s + prev, len - prev);
}

static int
add_terms(const char *text, size_t len, struct xf_buf *out)
{
	struct scan sc = { (const unsigned char *)text, len, 0 };
	struct run r;
	const unsigned char *p;
	int rc;

	while (next_run(&sc, &r)) {
		p = sc.s + r.start;
		if (r.cls == WORD)
			rc = add_word(out, p, r.end - r.start);
		else
			rc = add_bigrams(out, p, r.end - r.start, 1);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/* Leaves out as it was before a failed append. */
static int
undo(struct xf_buf *out, size_t len)
{
	out->len = len;
	if (out->p != NULL)
		out->p[len] = '\0';
	return -1;
}

int
xf_search_terms(const char *text, size_t len, struct xf_buf *out)
{
	size_t orig = out->len;

	if (text == NULL)
		len = 0;
	if (add_terms(text, len, out) == -1)
		return undo(out, orig);
	return 0;
}

/* --- a person's terms (issue 15) ------------------------------------ */

int
xf_search_person_key(char kind, const char *norm, size_t len,
    struct xf_buf *out)
{
	struct xf_sha256 c;
	unsigned char d[XF_SHA256_LEN];
	char term[4 + 2 * KEY_BYTES + 1];
	size_t i;

	/* The kind is hashed too: a name that reads as a number is not
	 * that number's key. */
	xf_sha256_init(&c);
	xf_sha256_update(&c, &kind, 1);
	xf_sha256_update(&c, norm, len);
	xf_sha256_final(&c, d);
	snprintf(term, sizeof(term), "xf%c", kind);
	for (i = 0; i < KEY_BYTES; i++)
		snprintf(term + 3 + 2 * i, 3, "%02x", d[i]);
	if (term_start(out) == -1)
		return -1;
	return xf_buf_adds(out, term);
}

/*
 * The terms of a complaint's complainant and contact: their words, the
 * contact as compared (a number as its digits), and a key term for
 * each that is not empty.
 */
static int
person_terms(const char *name, const char *contact, struct xf_buf *out,
    struct xf_buf *tmp)
{
	if (name != NULL && add_terms(name, strlen(name), out) == -1)
		return -1;
	xf_buf_reset(tmp);
	if (xf_contact_norm(contact, tmp) == -1 ||
	    (tmp->len > 0 && (add_terms(tmp->p, tmp->len, out) == -1 ||
	    xf_search_person_key(XF_KEY_CONTACT, tmp->p, tmp->len,
	    out) == -1)))
		return -1;
	xf_buf_reset(tmp);
	if (xf_name_norm(name, tmp) == -1 ||
	    (tmp->len > 0 && xf_search_person_key(XF_KEY_NAME, tmp->p,
	    tmp->len, out) == -1))
		return -1;
	return 0;
}

/* Every term of one complaint: its subject, body and person. */
static int
row_terms(const char *subject, const char *body, const char *name,
    const char *contact, struct xf_buf *out, struct xf_buf *tmp)
{
	size_t orig = out->len;

	if (xf_search_terms(subject, subject != NULL ? strlen(subject) : 0,
	    out) == -1 ||
	    xf_search_terms(body, body != NULL ? strlen(body) : 0, out) == -1 ||
	    person_terms(name, contact, out, tmp) == -1)
		return undo(out, orig);
	return 0;
}

/* --- queries -------------------------------------------------------- */

/* Appends s as an FTS5 string, so nothing in a query is FTS5 syntax. */
static int
add_quoted(struct xf_buf *out, const char *s, size_t len)
{
	size_t i;

	if (xf_buf_addc(out, '"') == -1)
		return -1;
	for (i = 0; i < len; i++)
		if ((s[i] == '"' && xf_buf_addc(out, '"') == -1) ||
		    xf_buf_addc(out, s[i]) == -1)
			return -1;
	return xf_buf_addc(out, '"');
}

/* 1 when the character at s[0..n) is '*' or its full-width form. */
static int
is_star(const unsigned char *s, size_t n)
{
	enum class cls;
	uint32_t cp;

	if (n == 0)
		return 0;
	(void)next_char(s, n, &cp, &cls);
	return cp == '*';
}

/*
 * One run of the query as an FTS5 phrase: a word exactly, or as a
 * prefix when '*' follows it; CJK as the phrase of its bigrams, which
 * matches only where the characters stand together; one CJK character
 * as a prefix, which finds it first in a bigram or alone at a run's end.
 */
static int
add_phrase(struct xf_buf *out, const struct scan *sc, const struct run *r,
    struct xf_buf *tmp)
{
	const unsigned char *p = sc->s + r->start;
	size_t len = r->end - r->start;
	int prefix, rc;

	xf_buf_reset(tmp);
	if (r->cls == WORD) {
		prefix = is_star(sc->s + r->end, sc->len - r->end);
		rc = add_word(tmp, p, len);
	} else {
		prefix = r->nchar == 1;
		rc = add_bigrams(tmp, p, len, prefix);
	}
	if (rc == -1 || term_start(out) == -1 ||
	    add_quoted(out, tmp->p, tmp->len) == -1)
		return -1;
	return prefix ? xf_buf_addc(out, '*') : 0;
}

int
xf_search_match(const char *query, struct xf_buf *out)
{
	struct scan sc = { (const unsigned char *)query, 0, 0 };
	struct xf_buf tmp = { 0 };
	struct run r;
	size_t orig = out->len;
	int n = 0;

	if (query != NULL)
		sc.len = strlen(query);
	while (next_run(&sc, &r)) {
		if (add_phrase(out, &sc, &r, &tmp) == -1) {
			xf_buf_free(&tmp);
			return undo(out, orig);
		}
		n++;
	}
	xf_buf_free(&tmp);
	return n > 0 ? 0 : -1;
}

/* --- keeping the index ---------------------------------------------- */

static const char create_sql[] =
	"CREATE VIRTUAL TABLE IF NOT EXISTS complaint_fts USING fts5(terms, "
	    "content='', columnsize=0, "
	    "tokenize='unicode61 remove_diacritics 0');"
	"CREATE TABLE IF NOT EXISTS search_state ("
	    "id INTEGER PRIMARY KEY CHECK (id = 1), "
	    "indexed_upto INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO search_state (id, indexed_upto) VALUES (1, 0);";

/* An index whose state was lost, or a state whose index was dropped. */
static const char restart_sql[] =
	"INSERT INTO complaint_fts (complaint_fts) VALUES ('delete-all');"
	"UPDATE search_state SET indexed_upto = 0 WHERE id = 1;";

static const char count_sql[] =
	"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
	"name IN ('complaint_fts', 'search_state')";

static const char fresh_sql[] =
	"SELECT (SELECT indexed_upto FROM search_state WHERE id = 1) >= "
	"coalesce((SELECT max(id) FROM complaint), 0)";

static const char upto_sql[] =
	"SELECT indexed_upto FROM search_state WHERE id = 1";
static const char rows_sql[] =
	"SELECT id, subject, body, complainant, contact FROM complaint "
	"WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char optimize_sql[] =
	"INSERT INTO complaint_fts (complaint_fts) VALUES ('optimize')";
static const char insert_sql[] =
	"INSERT INTO complaint_fts (rowid, terms) VALUES (?1, ?2)";
static const char update_sql[] =
	"UPDATE search_state SET indexed_upto = ?1 WHERE id = 1";

/* The store file, for messages. */
static const char *
db_path(sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");

	return path == NULL || *path == '\0' ? ":memory:" : path;
}

/* err from sqlite3_errmsg, naming the store. */
static int
db_fail(sqlite3 *db, const char *what, struct xf_err *err)
{
	return xf_errf(err, "%s: search index: %s: %s", db_path(db), what,
	    sqlite3_errmsg(db));
}

static int
exec(sqlite3 *db, const char *sql, const char *what, struct xf_err *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, what, err);
	return 0;
}

/* The one integer of a statement without parameters. */
static int
query_int(sqlite3 *db, const char *sql, int64_t *out, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "prepare", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "read", err);
	return 0;
}

/*
 * 1 in *fresh when the index covers every complaint. Asked without a
 * write lock, so a search on an up-to-date index takes none, and a
 * read-only store can still be searched.
 */
static int
is_fresh(sqlite3 *db, int *fresh, struct xf_err *err)
{
	int64_t n;

	*fresh = 0;
	if (query_int(db, count_sql, &n, err) == -1)
		return -1;
	if (n < 2)
		return 0;
	if (query_int(db, fresh_sql, &n, err) == -1)
		return -1;
	*fresh = n != 0;
	return 0;
}

static int
prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, struct xf_err *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(db, "prepare", err);
	return 0;
}

/* Creates the tables if need be; runs in the first write transaction. */
static int
setup(struct sync *y, struct xf_err *err)
{
	int64_t had;

	if (query_int(y->db, count_sql, &had, err) == -1 ||
	    exec(y->db, create_sql, "create", err) == -1)
		return -1;
	/* Unless both were there, what is indexed is not known: start over. */
	if (had < 2 && exec(y->db, restart_sql, "reset", err) == -1)
		return -1;
	if (prepare(y->db, upto_sql, &y->upto, err) == -1 ||
	    prepare(y->db, rows_sql, &y->rows, err) == -1 ||
	    prepare(y->db, insert_sql, &y->insert, err) == -1 ||
	    prepare(y->db, update_sql, &y->update, err) == -1)
		return -1;
	return 0;
}

static int
read_upto(struct sync *y, int64_t *upto, struct xf_err *err)
{
	int rc;

	rc = sqlite3_step(y->upto);
	if (rc == SQLITE_ROW)
		*upto = sqlite3_column_int64(y->upto, 0);
	sqlite3_reset(y->upto);
	if (rc != SQLITE_ROW)
		return db_fail(y->db, "read indexed_upto", err);
	return 0;
}

/* Indexes the complaint at the rows cursor. */
static int
index_row(struct sync *y, int64_t id, struct xf_err *err)
{
	sqlite3_stmt *r = y->rows;
	int rc;

	xf_buf_reset(&y->terms);
	if (row_terms((const char *)sqlite3_column_text(r, 1),
	    (const char *)sqlite3_column_text(r, 2),
	    (const char *)sqlite3_column_text(r, 3),
	    (const char *)sqlite3_column_text(r, 4), &y->terms, &y->tmp) == -1)
		return xf_errf(err, "search index: out of memory");
	/* Nothing to find in it: no row, rather than an empty one. */
	if (y->terms.len == 0)
		return 0;
	sqlite3_bind_int64(y->insert, 1, id);
	sqlite3_bind_text(y->insert, 2, y->terms.p, (int)y->terms.len,
	    SQLITE_STATIC);
	rc = sqlite3_step(y->insert);
	sqlite3_reset(y->insert);
	if (rc != SQLITE_DONE)
		return db_fail(y->db, "insert", err);
	return 0;
}

/* Indexes the complaints after *upto, up to BATCH; *n says how many. */
static int
index_rows(struct sync *y, int64_t *upto, int64_t *n, struct xf_err *err)
{
	int rc;

	*n = 0;
	sqlite3_bind_int64(y->rows, 1, *upto);
	sqlite3_bind_int(y->rows, 2, BATCH);
	while ((rc = sqlite3_step(y->rows)) == SQLITE_ROW) {
		*upto = sqlite3_column_int64(y->rows, 0);
		if (index_row(y, *upto, err) == -1) {
			sqlite3_reset(y->rows);
			return -1;
		}
		(*n)++;
	}
	sqlite3_reset(y->rows);
	if (rc != SQLITE_DONE)
		return db_fail(y->db, "read complaints", err);
	return 0;
}

static int
write_upto(struct sync *y, int64_t upto, struct xf_err *err)
{
	int rc;

	sqlite3_bind_int64(y->update, 1, upto);
	rc = sqlite3_step(y->update);
	sqlite3_reset(y->update);
	if (rc != SQLITE_DONE)
		return db_fail(y->db, "write indexed_upto", err);
	return 0;
}

/*
 * One write transaction: up to BATCH complaints. indexed_upto is read
 * under the lock, so two processes syncing at once index each
 * complaint once. *more is cleared when the index has caught up.
 */
static int
batch(struct sync *y, int *more, struct xf_err *err)
{
	int64_t upto = 0, n = 0;
	/* Inside a caller's write transaction (an erasure finding whom
	 * to erase), a savepoint of it. */
	int own = sqlite3_get_autocommit(y->db);

	if (exec(y->db, own ? "BEGIN IMMEDIATE" : "SAVEPOINT search_sync",
	    "begin", err) == -1)
		return -1;
	if ((y->upto == NULL && setup(y, err) == -1) ||
	    read_upto(y, &upto, err) == -1 ||
	    index_rows(y, &upto, &n, err) == -1 ||
	    (n > 0 && write_upto(y, upto, err) == -1))
		goto fail;
	if (exec(y->db, own ? "COMMIT" : "RELEASE search_sync", "commit",
	    err) == -1)
		goto fail;
	y->added += n;
	*more = n == BATCH;
	return 0;
fail:
	if (!own)
		sqlite3_exec(y->db, "ROLLBACK TO search_sync; "
		    "RELEASE search_sync", NULL, NULL, NULL);
	/* A failed COMMIT may have ended the transaction already. */
	else if (!sqlite3_get_autocommit(y->db))
		sqlite3_exec(y->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void
sync_free(struct sync *y)
{
	sqlite3_finalize(y->upto);
	sqlite3_finalize(y->rows);
	sqlite3_finalize(y->insert);
	sqlite3_finalize(y->update);
	xf_buf_free(&y->terms);
	xf_buf_free(&y->tmp);
}

int
xf_search_sync(sqlite3 *db, int64_t *indexed, struct xf_err *err)
{
	struct sync y = { .db = db };
	int fresh, more = 1, rc = 0;

	*indexed = 0;
	if (is_fresh(db, &fresh, err) == -1)
		return -1;
	if (fresh)
		return 0;
	if (sqlite3_db_readonly(db, "main") == 1)
		return xf_errf(err, "%s: search index is out of date and the "
		    "store is read-only", db_path(db));
	while (more && rc == 0)
		rc = batch(&y, &more, err);
	*indexed = y.added;
	sync_free(&y);
	return rc;
}

/* --- a complaint whose person changes (issue 15) ---------------------- */

static const char row_sql[] =
	"SELECT subject, body, complainant, contact, "
	"id <= (SELECT indexed_upto FROM search_state WHERE id = 1) "
	"FROM complaint WHERE id = ?1";
static const char delete_sql[] =
	"INSERT INTO complaint_fts (complaint_fts, rowid, terms) "
	"VALUES ('delete', ?1, ?2)";

/*
 * Deletes (del) or inserts the index row of complaint id as its fields
 * are now, when the index has reached it: a contentless index deletes a
 * row only when told the terms it was given.
 */
static int
index_one(sqlite3 *db, int64_t id, int del, struct xf_err *err)
{
	struct xf_buf terms = { 0 }, tmp = { 0 };
	sqlite3_stmt *st = NULL, *w = NULL;
	int rc = -1;

	if (prepare(db, row_sql, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : db_fail(db, "read", err);
	}
	rc = -1;
	if (sqlite3_column_int(st, 4) == 0) {
		rc = 0;		/* not indexed yet: the next sync will */
		goto done;
	}
	if (row_terms((const char *)sqlite3_column_text(st, 0),
	    (const char *)sqlite3_column_text(st, 1),
	    (const char *)sqlite3_column_text(st, 2),
	    (const char *)sqlite3_column_text(st, 3), &terms, &tmp) == -1) {
		xf_errf(err, "search index: out of memory");
		goto done;
	}
	if (terms.len == 0) {
		rc = 0;		/* index_row added no row for it */
		goto done;
	}
	if (prepare(db, del ? delete_sql : insert_sql, &w, err) == -1)
		goto done;
	sqlite3_bind_int64(w, 1, id);
	sqlite3_bind_text(w, 2, terms.p, (int)terms.len, SQLITE_STATIC);
	rc = sqlite3_step(w) == SQLITE_DONE ? 0 :
	    db_fail(db, del ? "delete" : "insert", err);
done:
	sqlite3_finalize(w);
	sqlite3_finalize(st);
	xf_buf_free(&terms);
	xf_buf_free(&tmp);
	return rc;
}

int
xf_search_forget(sqlite3 *db, int64_t id, struct xf_err *err)
{
	return index_one(db, id, 1, err);
}

int
xf_search_reindex(sqlite3 *db, int64_t id, struct xf_err *err)
{
	return index_one(db, id, 0, err);
}

/* Rewrites the index's segments into one, so the pages of terms deleted
 * from it (an anonymised complaint's) are freed, not kept behind. */
int
xf_search_optimize(sqlite3 *db, struct xf_err *err)
{
	int64_t n;

	if (query_int(db, count_sql, &n, err) == -1)
		return -1;
	if (n < 2)
		return 0;
	return exec(db, optimize_sql, "optimize", err);
}
