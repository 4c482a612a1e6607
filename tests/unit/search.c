/*
 * search.c: the search tokenizer, the MATCH expressions made from user
 * queries, and searches end to end on an in-memory store, where each
 * query's exact set of complaint ids is checked.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "xf.h"

enum {
	IDSLEN = 256,
	BULK = 10001,		/* one more than a sync's batch */
	MAXCP = 0x10FFFF
};

static void
terms(const char *in, size_t len, const char *want, const char *name)
{
	struct xf_buf out = { 0 };

	is_int(xf_search_terms(in, len, &out), 0, name);
	is_str(xf_buf_str(&out), want, name);
	xf_buf_free(&out);
}

#define TERMS(lit, want, name)	terms((lit), sizeof(lit) - 1, (want), (name))

static void
test_terms(void)
{
	struct xf_buf out = { 0 };

	TERMS("App闪退 crash 3次, 个人信息泄露！",
	    "app 闪退 退 crash 3 次 个人 人信 信息 息泄 泄露 露", "mixed text");
	TERMS("Hello, World! it's 2026-03-05", "hello world it s 2026 03 05",
	    "ASCII words lower-cased");
	TERMS("ＡＢＣ１２３ ｈｅｌｌｏ，ｗｏｒｌｄ", "abc123 hello world",
	    "full-width folded");
	TERMS("退", "退", "one ideograph alone");
	TERMS("好😀评", "好 评", "emoji parts");
	TERMS("“投诉”：《关于》【紧急】", "投诉 诉 关于 于 紧急 急",
	    "CJK punctuation parts");
	TERMS("カタカナ", "カタ タカ カナ ナ", "katakana");
	TERMS("ひらがな・カナ", "ひら らが がな な カナ ナ", "・ parts kana");
	TERMS("안녕하세요", "안녕 녕하 하세 세요 요", "Hangul");
	TERMS("二〇二六年 人々", "二〇 〇二 二六 六年 年 人々 々",
	    "〇 and 々 are ideographs");
	TERMS("\xF0\xA0\x80\x80\xF0\xA0\x80\x81",
	    "\xF0\xA0\x80\x80\xF0\xA0\x80\x81 \xF0\xA0\x80\x81",
	    "extension B, four bytes each");
	TERMS("abc123def", "abc123def", "digits stay in words");
	TERMS("Ünïcödé", "n c d", "non-ASCII letters part words");
	TERMS("ab\xFF" "cd\xC0\xAF" "ef\xE4\xB8", "ab cd ef", "invalid bytes part");
	TERMS("中\xFF文\xED\xA0\x80字", "中 文 字", "stray byte and surrogate");
	TERMS("", "", "empty");
	TERMS(" ,.!？ ", "", "only separators");

	is_int(xf_search_terms(NULL, 5, &out), 0, "NULL text");
	is_str(xf_buf_str(&out), "", "NULL gives nothing");
	xf_buf_adds(&out, "x");
	is_int(xf_search_terms("A 信", strlen("A 信"), &out), 0, "appends");
	is_str(xf_buf_str(&out), "x a 信", "appends after a space");
	xf_buf_free(&out);
}

static void
match(const char *q, const char *want, const char *name)
{
	struct xf_buf out = { 0 };

	is_int(xf_search_match(q, &out), 0, name);
	is_str(xf_buf_str(&out), want, name);
	xf_buf_free(&out);
}

static void
test_match(void)
{
	struct xf_buf out = { 0 };

	match("退款", "\"退款\"", "two-character word");
	match("个人信息", "\"个人 人信 信息\"", "run as a phrase of bigrams");
	match("退", "\"退\"*", "one character is a prefix");
	match("Refund", "\"refund\"", "word lower-cased, exact");
	match("refun*", "\"refun\"*", "trailing * makes a prefix");
	match("ｒｅｆｕｎ＊", "\"refun\"*", "full-width * too");
	match("re*fund", "\"re\"* \"fund\"", "* after the first word only");
	match("退款*", "\"退款\"", "* after CJK changes nothing");
	match("refund 退款", "\"refund\" \"退款\"", "terms ANDed");
	match("App闪退", "\"app\" \"闪退\"", "word and run part");
	match("\"foo\" OR bar NOT (baz:1) ^x -y",
	    "\"foo\" \"or\" \"bar\" \"not\" \"baz\" \"1\" \"x\" \"y\"",
	    "FTS5 syntax is plain text");

	xf_buf_adds(&out, "keep");
	is_int(xf_search_match("！ ，。", &out), -1, "no words is -1");
	is_str(xf_buf_str(&out), "keep", "out untouched on -1");
	is_int(xf_search_match("", &out), -1, "empty query is -1");
	is_int(xf_search_match(NULL, &out), -1, "NULL query is -1");
	is_int(xf_search_match("a", &out), 0, "appends");
	is_str(xf_buf_str(&out), "keep \"a\"", "appends after a space");
	xf_buf_free(&out);
}

/* --- unicode61 keeps every term whole ------------------------------- */

static fts5_api *
fts5(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

struct tokens {
	int		 n;
	const char	*want;
	size_t		 len;
	int		 same;
};

static int
on_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	struct tokens *t = ctx;

	(void)flags, (void)start, (void)end;
	t->n++;
	t->same = (size_t)n == t->len && memcmp(tok, t->want, t->len) == 0;
	return SQLITE_OK;
}

static size_t
encode(uint32_t c, char *o)
{
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/*
 * Every non-ASCII character the tokenizer keeps, doubled into a bigram,
 * must come out of unicode61 (as the index is configured) as exactly
 * that one token: else index and phrase would disagree.
 */
static void
test_unicode61(void)
{
	static const char *args[] = { "remove_diacritics", "0" };
	struct xf_buf out = { 0 };
	struct tokens t;
	fts5_tokenizer tk;
	Fts5Tokenizer *tok = NULL;
	sqlite3 *db;
	fts5_api *api;
	void *ud;
	uint32_t c, bad = 0, kept = 0;
	char s[8];
	size_t n;

	sqlite3_open(":memory:", &db);
	api = fts5(db);
	ok(api != NULL && api->xFindTokenizer(api, "unicode61", &ud, &tk) ==
	    SQLITE_OK && tk.xCreate(ud, args, 2, &tok) == SQLITE_OK,
	    "unicode61 tokenizer");
	for (c = 0x80; tok != NULL && c <= MAXCP; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		n = encode(c, s);
		memcpy(s + n, s, n);
		xf_buf_reset(&out);
		if (xf_search_terms(s, 2 * n, &out) == -1 || out.len == 0)
			continue;
		/* Full-width ASCII folds; the rest is a bigram and a unigram. */
		if (out.len > 2 * n)
			out.len = 2 * n;
		kept++;
		t = (struct tokens){ 0, out.p, out.len, 0 };
		tk.xTokenize(tok, &t, FTS5_TOKENIZE_DOCUMENT, out.p,
		    (int)out.len, on_token);
		if (t.n != 1 || !t.same)
			if (bad++ == 0)
				printf("# U+%04X is not one token\n", (unsigned)c);
	}
	ok(kept > 100000, "kept characters tried");
	is_int(bad, 0, "each kept character is one unicode61 token");
	if (tok != NULL)
		tk.xDelete(tok);
	sqlite3_close(db);
	xf_buf_free(&out);
}

/* --- searching a store ---------------------------------------------- */

static const char *const rows[][2] = {
	{ "申请退款", "我在网上购物后申请退款，商家一直不处理。" },	/* 1 */
	{ "个人信息泄露", "我的个人信息被泄露给第三方。" },
	{ "信息", "个人的信息没有被保护" },
	{ "Refund request", "I asked for a REFUND three weeks ago." },
	{ "Refunds pending", "Two refunds are still pending." },	/* 5 */
	{ "App crash", "The app crashes on startup, 闪退严重" },
	{ "快递丢失", "快递员把包裹弄丢了" },
	{ "Privacy leak", "My personal data was leaked: 个人信息泄露" },
	{ "噪音扰民", "楼下商铺夜间噪音" },
	{ "服务态度差", "客服态度恶劣，拒绝退还押金" },		/* 10 */
	{ "", NULL },
	{ "款式不符", "收到的衣服款式和图片不一样" },
	{ "退款，款式", "" },
};

enum { NROWS = sizeof(rows) / sizeof(rows[0]) };

static int
exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int
insert(sqlite3 *db, int64_t id, const char *subject, const char *body)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "INSERT INTO complaint (id, subject, body) "
	    "VALUES (?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static sqlite3 *
store(const char *uri, int flags)
{
	sqlite3 *db;
	size_t i;
	int rc = 0;

	if (sqlite3_open_v2(uri, &db, flags | SQLITE_OPEN_URI, NULL) !=
	    SQLITE_OK)
		return NULL;
	if (flags & SQLITE_OPEN_READONLY)
		return db;
	/* The columns the index reads; no complainant or contact here. */
	rc = exec(db, "CREATE TABLE complaint (id INTEGER PRIMARY KEY, "
	    "subject TEXT, body TEXT, complainant TEXT, contact TEXT)");
	for (i = 0; i < NROWS && rc == 0; i++)
		rc = insert(db, (int64_t)i + 1, rows[i][0], rows[i][1]);
	return rc == 0 ? db : NULL;
}

/* The ids a query finds, ascending and comma-separated; "error". */
static const char *
ids(sqlite3 *db, const char *query)
{
	static char res[IDSLEN];
	struct xf_buf m = { 0 };
	sqlite3_stmt *st;
	size_t len = 0;
	int rc;

	res[0] = '\0';
	if (xf_search_match(query, &m) == -1 ||
	    sqlite3_prepare_v2(db, "SELECT id FROM complaint WHERE id IN "
	    "(SELECT rowid FROM complaint_fts WHERE complaint_fts MATCH ?1) "
	    "ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		xf_buf_free(&m);
		return "error";
	}
	sqlite3_bind_text(st, 1, m.p, (int)m.len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && len < IDSLEN - 32)
		len += (size_t)snprintf(res + len, IDSLEN - len, "%s%lld",
		    len ? "," : "", (long long)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	xf_buf_free(&m);
	return rc == SQLITE_DONE ? res : "error";
}

static int64_t
do_sync(sqlite3 *db)
{
	struct xf_err err;
	int64_t n = -1;

	if (xf_search_sync(db, &n, &err) == -1) {
		printf("# %s\n", err.msg);
		return -1;
	}
	return n;
}

static void
test_search(void)
{
	sqlite3 *db = store(":memory:", SQLITE_OPEN_READWRITE);

	ok(db != NULL, "store made");
	is_int(do_sync(db), NROWS, "first sync indexes every complaint");
	is_int(do_sync(db), 0, "second sync adds none");
	is_str(ids(db, "退款"), "1,13", "two-character word");
	is_str(ids(db, "个人信息"), "2,8", "phrase, not scattered characters");
	is_str(ids(db, "信息"), "2,3,8", "word in both");
	is_str(ids(db, "款"), "1,12,13", "one character, first or last");
	is_str(ids(db, "退"), "1,6,10,13", "one character anywhere");
	is_str(ids(db, "Refund"), "4", "English word, any case");
	is_str(ids(db, "refun*"), "4,5", "prefix");
	is_str(ids(db, "App 闪退"), "6", "two terms ANDed");
	is_str(ids(db, "个人信息 leaked"), "8", "Chinese and English ANDed");
	is_str(ids(db, "火灾"), "", "absent word");
	is_str(ids(db, "退款 火灾"), "", "one term absent");
	is_str(ids(db, "退款式"), "", "no phrase across punctuation");
	is_str(ids(db, "OR"), "", "OR is a word, not an operator");

	ok(insert(db, 20, "垃圾清运", "小区垃圾无人清运") == 0 &&
	    insert(db, 21, "Garbage", "garbage not collected") == 0,
	    "rows added");
	is_int(do_sync(db), 2, "sync indexes only the new ones");
	is_str(ids(db, "垃圾"), "20", "new row found");
	is_str(ids(db, "garbage"), "21", "new English row found");

	ok(exec(db, "DROP TABLE complaint_fts") == 0, "index dropped");
	is_int(do_sync(db), NROWS + 2, "dropped index is rebuilt");
	is_str(ids(db, "退款"), "1,13", "rebuilt index finds");
	sqlite3_close(db);
}

/* More than one batch: two transactions, nothing indexed twice. */
static void
test_batches(void)
{
	sqlite3 *db = store(":memory:", SQLITE_OPEN_READWRITE);
	char sub[32];
	int64_t i;
	int rc;

	rc = db == NULL ? -1 : exec(db, "BEGIN");
	for (i = 0; i < BULK && rc == 0; i++) {
		snprintf(sub, sizeof(sub), "批量 row%lld", (long long)i);
		rc = insert(db, 100 + i, sub, "");
	}
	ok(rc == 0 && exec(db, "COMMIT") == 0, "bulk rows added");
	is_int(do_sync(db), NROWS + BULK, "every row indexed");
	is_str(ids(db, "row0 批量"), "100", "first of the bulk");
	is_str(ids(db, "row10000"), "10100", "last of the bulk");
	is_int(do_sync(db), 0, "then nothing");
	sqlite3_close(db);
}

/* A reader that may not write searches a current index, and only that. */
static void
test_readonly(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX];
	struct xf_err err;
	sqlite3 *rw, *ro;
	int64_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/search.XXXXXX", tmp ? tmp : "/tmp");
	if ((fd = mkstemp(path)) != -1)
		close(fd);
	rw = store(path, SQLITE_OPEN_READWRITE);
	ro = store(path, SQLITE_OPEN_READONLY);
	ok(rw != NULL && ro != NULL, "two connections");
	is_int(xf_search_sync(ro, &n, &err), -1, "read-only cannot build");
	ok(strstr(err.msg, "read-only") != NULL, "and says so");
	is_int(do_sync(rw), NROWS, "a writer builds");
	is_int(do_sync(ro), 0, "read-only sync of a current index");
	is_str(ids(ro, "退款"), "1,13", "read-only search");
	sqlite3_close(ro);
	sqlite3_close(rw);
	unlink(path);
}

int
main(void)
{
	test_terms();
	test_match();
	test_unicode61();
	test_search();
	test_batches();
	test_readonly();
	return done_testing();
}
