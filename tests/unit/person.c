/*
 * person.c: the complaints of one person (xf_person_ids) in a store in
 * memory: found in every written form, also by a lookup inside a write
 * transaction (an erasure's: the index is synced in a savepoint of it),
 * and after a change of the person's fields (xf_search_forget before,
 * xf_search_reindex after) found by the new ones and never by the old.
 * The expected ids are the complaints as registered below.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xf.h"

#define NOW	INT64_C(1780272000)	/* 2026-06-01T00:00:00Z */

static void
bail(const char *what, const struct xf_err *e)
{
	printf("Bail out! %s: %s\n", what, e->msg);
	exit(1);
}

static void
add(struct xf_store *s, const char *name, const char *contact,
    const char *body)
{
	struct xf_registrar g;
	struct xf_complaint c = { 0 };
	struct xf_err e;
	char ref[XF_REFLEN];
	int dup = 0;

	c.v[XF_F_BODY] = body;
	c.v[XF_F_COMPLAINANT] = name;
	c.v[XF_F_CONTACT] = contact;
	c.received_at = NOW;
	c.channel = "web";
	c.kind = "complaint";
	c.source = "unit";
	if (xf_reg_open(&g, s, "intake", NOW, &e) == -1 ||
	    xf_reg_begin(&g, &e) == -1 ||
	    xf_reg_add(&g, &c, ref, &dup, &e) == -1 ||
	    xf_reg_commit(&g, &e) == -1)
		bail("register", &e);
	xf_reg_close(&g);
}

/* The ids found, as "1 2 3"; "error: ..." when the lookup failed. */
static const char *
found(struct xf_store *s, const char *contact, const char *name)
{
	static char out[sizeof(((struct xf_err *)0)->msg) + 16];
	struct xf_err e;
	int64_t *ids;
	size_t i, n, len = 0;

	if (xf_person_ids(s, contact, name, &ids, &n, &e) == -1) {
		snprintf(out, sizeof(out), "error: %s", e.msg);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < n && len < sizeof(out) - 24; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%lld",
		    i > 0 ? " " : "", (long long)ids[i]);
	free(ids);
	return out;
}

/* A change of complaint id's person, as an erasure would make it. */
static void
change(struct xf_store *s, int64_t id, const char *name, const char *contact)
{
	sqlite3_stmt *st = NULL;
	struct xf_err e;

	if (xf_store_begin(s, &e) == -1 ||
	    xf_search_forget(s->db, id, &e) == -1 ||
	    xf_store_prepare(s, "UPDATE complaint SET complainant = ?1,"
	    " contact = ?2 WHERE id = ?3", &st, &e) == -1)
		bail("change", &e);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, contact, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		bail("change", &(struct xf_err){ "update", 0 });
	sqlite3_finalize(st);
	if (xf_search_reindex(s->db, id, &e) == -1 ||
	    xf_store_commit(s, &e) == -1)
		bail("change", &e);
}

/* The rowids the index holds for a term of a person's, as "1 4". */
static const char *
indexed(struct xf_store *s, char kind, const char *norm)
{
	static char out[64];
	struct xf_buf key = { 0 }, match = { 0 };
	sqlite3_stmt *st;
	size_t len = 0;

	out[0] = '\0';
	if (xf_search_person_key(kind, norm, strlen(norm), &key) == -1 ||
	    xf_search_match(key.p, &match) == -1 ||
	    sqlite3_prepare_v2(s->db, "SELECT rowid FROM complaint_fts WHERE"
	    " complaint_fts MATCH ?1 ORDER BY rowid", -1, &st, NULL) !=
	    SQLITE_OK)
		return "(error)";
	sqlite3_bind_text(st, 1, match.p, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && len < sizeof(out) - 24)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%lld",
		    len > 0 ? " " : "", (long long)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	xf_buf_free(&key);
	xf_buf_free(&match);
	return out;
}

int
main(void)
{
	struct xf_store s;
	struct xf_err e;

	if (xf_store_open(&s, ":memory:", XF_OPEN_WRITE, &e) == -1)
		bail("open", &e);
	add(&s, "张三", "+86 138-0000-1234", "我要退款");
	add(&s, "Zhang San", "ZS@Example.com", "refund please");
	add(&s, "李四", "13800001235", "张三 told me");

	is_str(found(&s, "0086 13800001234", NULL), "1", "a number, 0086");
	is_str(found(&s, NULL, "张 三"), "1", "a name, not a body naming him");
	is_str(found(&s, "zs@example.com", "zhangsan"), "2", "both");
	is_str(found(&s, "zs@example.com", "张三"), "", "both, one not his");
	is_str(found(&s, NULL, NULL), "error: no contact or name to find a "
	    "person by", "neither: an error");
	is_str(found(&s, " - ", NULL), "error: no address or number in the "
	    "contact", "a contact of nothing: an error, never anyone");

	/* Registered after the index: found by a lookup inside a write
	 * transaction, which indexes it in a savepoint. */
	add(&s, "张三", "13800001234", "again");
	if (xf_store_begin(&s, &e) == -1)
		bail("begin", &e);
	is_str(found(&s, "13800001234", NULL), "1 4",
	    "inside a transaction: the new one indexed and found");
	if (xf_store_commit(&s, &e) == -1)
		bail("commit", &e);

	change(&s, 1, "Erased", "erased@invalid");
	is_str(indexed(&s, XF_KEY_CONTACT, "13800001234"), "4",
	    "after a change: the old contact's key gone from the index");
	is_str(indexed(&s, XF_KEY_NAME, "erased"), "1",
	    "after a change: the new name's key in the index");
	is_str(found(&s, "13800001234", NULL), "4",
	    "after a change: not by the old contact");
	is_str(found(&s, NULL, "张三"), "4", "after a change: not by the old name");
	is_str(found(&s, "erased@invalid", "erased"), "1",
	    "after a change: by the new ones");
	ok(sqlite3_exec(s.db, "INSERT INTO complaint_fts (complaint_fts)"
	    " VALUES ('integrity-check')", NULL, NULL, NULL) == SQLITE_OK,
	    "the index still sound");
	xf_store_close(&s);
	return done_testing();
}
