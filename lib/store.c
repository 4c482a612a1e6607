/*
 * store.c: opening the one SQLite store every command shares.
 *
 * WAL so readers never block the writer, synchronous=FULL so a committed
 * complaint survives a power cut, BEGIN IMMEDIATE so two writers queue on
 * the busy timeout instead of failing half-way through.  The -wal and
 * -shm files are kept beside the store (a persistent WAL), so that a
 * user who may only read it opens it read-only without making them: see
 * xf_store_open in xf.h.  The schema is
 * versioned by PRAGMA user_version and migrated forward on open, once
 * the file is known, by reading alone, to be an xf store or empty.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xf.h"
#include "xf-private.h"

#include "schemas.h"

/*
 * Forward migrations: step v takes a store from version v - 1 to v, by
 * the SQL of share/schema-v.sql (xf_schema_sql[v], which scripts/embed
 * generates from the files), then by the function registered here for
 * v, for a step SQL alone cannot take.  Version 0 is an empty file, so
 * step 1 is the whole schema.  The table has a row for each version the
 * files give: a function for a version with no file fails the build.
 */
static int (*const c_steps[XF_SCHEMA_VERSION + 1])(sqlite3 *,
    struct xf_err *) = {
	[4] = xf_rekey_content,		/* content keys: person, second */
	[6] = xf_rekey_time,		/* content keys: the time first */
};

/* Bigger than SQLite's 2 MiB default: bulk imports touch several indexes. */
#define CACHE_KIB	32768
/*
 * The page size of a new store (an existing one keeps its own).  Four
 * times SQLite's default: an import appends to every table and index,
 * and WAL writes each page twice (to the -wal, then back to the store)
 * at two system calls a frame, so bigger pages mean a quarter of the
 * calls and fewer levels of B-tree.  Measured on 200,000 short rows
 * (scripts/bench), best of three: 3.03 s against 4.82 s at 4 KiB and
 * 4.26 s at 8 KiB; CPU 2.07 s against 2.35 s.
 */
#define PAGE_BYTES	16384
/*
 * What a kept -wal file shrinks back to after a checkpoint; it is cut to
 * nothing when the last writer closes (SQLite does so for a persistent
 * WAL only when a limit is set), so a -wal left beside a store, or by
 * a store moved away, holds no frames to replay.
 */
#define WAL_KEEP_BYTES	(4 * 1024 * 1024)

/*
 * The same for a connection that writes many rows (xf_store_bulk): the
 * -wal then grows to the checkpoint's size, 1,000 pages, and cutting it
 * back to WAL_KEEP_BYTES after each checkpoint only made the filesystem
 * free and allocate the same blocks again (200,000 short rows: 0.20 s
 * of system time against 0.23 s, wall time 3% less).
 */
#define BULK_WAL_KEEP_BYTES	(32 * 1024 * 1024)

/* The files SQLite keeps beside a WAL store. */
static const char *const companions[] = { "-wal", "-shm" };

const char *
xf_store_path(const char *opt)
{
	const char *env;

	if (opt != NULL && *opt != '\0')
		return opt;
	if ((env = getenv("XF_DB")) != NULL && *env != '\0')
		return env;
	return "xf.db";
}

/*
 * What SQLite's words for a failure of the file mean to the person who
 * must fix it, in why[0..len): "disk I/O error" alone does not say that
 * a file size limit was reached, nor "attempt to write a readonly
 * database" which permission is missing.  Empty when SQLite's words
 * say it all.
 */
static void
plain_words(struct xf_store *s, int code, char *why, size_t len)
{
	int e = sqlite3_system_errno(s->db);

	*why = '\0';
	if (code == SQLITE_READONLY)
		snprintf(why, len, " (this user may not write the store, its "
		    "-wal or -shm, or its folder; or its disk is read-only)");
	else if ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && e != 0)
		snprintf(why, len, " (%s)", strerror(e));
	else if (code == SQLITE_IOERR)
		/* SQLite reads errno after its rollback has reset it. */
		snprintf(why, len, " (a full disk, a file size limit reached "
		    "(ulimit -f), or a failing disk)");
}

int
xf_store_fail(struct xf_store *s, const char *what, struct xf_err *err)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	char why[XF_ERRLEN / 4];

	s->busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
	s->broken = code == SQLITE_CORRUPT || code == SQLITE_NOTADB ||
	    code == SQLITE_IOERR || code == SQLITE_FULL ||
	    code == SQLITE_READONLY || code == SQLITE_CANTOPEN ||
	    code == SQLITE_PERM;
	plain_words(s, code, why, sizeof(why));
	return xf_errf(err, "%s: %s: %s%s", s->path, what,
	    sqlite3_errmsg(s->db), why);
}

int
xf_store_one_row(struct xf_store *s, sqlite3_stmt *st, const char *what,
    struct xf_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return xf_store_fail(s, what, err);
}

int
xf_store_prepare(struct xf_store *s, const char *sql, sqlite3_stmt **st,
    struct xf_err *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return xf_store_fail(s, "prepare", err);
	return 0;
}

static int
exec(struct xf_store *s, const char *sql, struct xf_err *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return xf_store_fail(s, sql, err);
	return 0;
}

static int
int_pragma(struct xf_store *s, const char *sql, int *out, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, sql, err);
	return 0;
}

/*
 * A new store is 0600, or 0660 in a setgid directory: the way a team
 * shares a folder is to make it group-owned and setgid.
 */
static int
create_file(const char *path, struct xf_err *err)
{
	char *copy, *dir;
	struct stat sb;
	mode_t mode = 0600;
	int fd;

	if ((copy = strdup(path)) == NULL)
		return xf_errf(err, "%s: out of memory", path);
	dir = dirname(copy);
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_ISGID))
		mode = 0660;
	free(copy);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1 && errno != EEXIST)
		return xf_errf(err, "%s: cannot create: %s", path,
		    strerror(errno));
	if (fd != -1) {
		fchmod(fd, mode);	/* the umask must not widen or narrow it */
		close(fd);
	}
	return 0;
}

/*
 * Switching a new store to WAL takes a lock that SQLite does not wait
 * for: when several writers create the same store at once (tests/0017,
 * eight of them), the others get "database is locked" at once, busy
 * timeout or not.  They wait here instead, a few milliseconds at a
 * time, for as long as the default busy timeout.
 */
#define WAL_RETRY_MS	10

static int
set_wal(struct xf_store *s, struct xf_err *err)
{
	sqlite3_stmt *st;
	char mode[16] = "";
	int rc, waited = 0;

	if (xf_store_prepare(s, "PRAGMA journal_mode=WAL", &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_BUSY &&
	    waited < XF_BUSY_MS) {
		sqlite3_reset(st);
		usleep(WAL_RETRY_MS * 1000);
		waited += WAL_RETRY_MS;
	}
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(mode, sizeof(mode), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "PRAGMA journal_mode=WAL", err);
	if (strcmp(mode, "wal") != 0)
		return xf_errf(err, "%s: the filesystem cannot hold a WAL "
		    "store (journal mode stayed '%s'); put the store on a "
		    "local disk", s->path, mode);
	return 0;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The longest sleep between two tries for a busy lock.  SQLite's own
 * busy timeout sleeps up to 100 ms between tries, so a writer that lets
 * go of the lock for a few milliseconds between its batches was almost
 * never caught: an import beside "escalate" over 195,000 complaints
 * waited up to 3 s and timed out.  Trying every few milliseconds
 * catches the gap a batch leaves (XF_BATCH_YIELD_MS, longer than this)
 * at the cost of a failed lock attempt per try.
 */
#define BUSY_STEP_MS	4

static int
busy_wait(void *arg, int tries)
{
	struct xf_store *s = arg;
	int64_t now = mono_ms();

	if (tries == 0)
		s->busy_since = now;
	if (now - s->busy_since >= s->busy_ms)
		return 0;
	usleep((tries < BUSY_STEP_MS ? tries + 1 : BUSY_STEP_MS) * 1000);
	return 1;
}

/*
 * $XF_BUSY_TIMEOUT, else XF_BUSY_MS; set before the first read.  A
 * malformed value is a configuration error, never read as some other
 * wait (atoi would make "5s" no wait at all).
 */
static int
busy_timeout(struct xf_store *s, struct xf_err *err)
{
	const char *env = getenv("XF_BUSY_TIMEOUT");
	int ms = XF_BUSY_MS;

	if (env != NULL && *env != '\0') {
		if (strspn(env, "0123456789") != strlen(env) ||
		    strlen(env) >= 10) {
			xf_errf(err, "XF_BUSY_TIMEOUT=%.20s: want a number of "
			    "milliseconds", env);
			return xf_err_config(err);
		}
		ms = atoi(env);
	}
	s->busy_ms = ms;
	sqlite3_busy_handler(s->db, ms > 0 ? busy_wait : NULL, s);
	return 0;
}

/* path with suffix, in buf of PATH_MAX bytes; -1 when too long. */
static int
companion(const char *path, const char *suffix, char *buf)
{
	int n = snprintf(buf, PATH_MAX, "%s%s", path, suffix);

	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/* 1 when the -wal and -shm files are both there. */
static int
companions_there(const char *path)
{
	char c[PATH_MAX];
	size_t i;

	for (i = 0; i < nitems(companions); i++)
		if (companion(path, companions[i], c) == -1 ||
		    access(c, F_OK) == -1)
			return 0;
	return 1;
}

/*
 * What a user who may not write the store needs to read it: the -wal
 * and -shm files there and readable, as it may not create them (in a
 * folder it may write, the ones it made would be its own, and the
 * owner could write to them no more).
 */
static int
reader_ready(const char *path, struct xf_err *err)
{
	char c[PATH_MAX];
	size_t i;

	for (i = 0; i < nitems(companions); i++) {
		if (companion(path, companions[i], c) == -1)
			return xf_errf(err, "%s: path too long", path);
		if (access(c, F_OK) == -1 && access(path, W_OK) == -1 &&
		    errno == EROFS)
			return xf_errf(err, "%s: cannot read it without %s, "
			    "which cannot be made on a disk mounted "
			    "read-only (copy the store with its -wal and "
			    "-shm, or mount the disk read-write once)",
			    path, c);
		if (access(c, F_OK) == -1)
			return xf_errf(err, "%s: cannot read it without %s, "
			    "which this user may not create (it stays beside "
			    "the store once a user who may write the store "
			    "has run any xf command on it)", path, c);
		if (access(c, R_OK) == -1)
			return xf_errf(err, "%s: this user may not read %s: "
			    "give it the store's permissions", path, c);
	}
	return 0;
}

/*
 * Every file xf or SQLite keeps beside the store: the -wal and -shm of
 * WAL, the -journal of a rollback (a foreign program's, or a filesystem
 * without WAL), and the -batch of xf-intake's run locks (batch.c).  The
 * first two are companions[], in its order.
 */
static const char *const side_files[] = { "-wal", "-shm", "-journal",
    "-batch" };

/* 1 when this user may make files in path's folder. */
static int
folder_writable(const char *path)
{
	char *copy;
	int ok;

	if ((copy = strdup(path)) == NULL)
		return 1;	/* SQLite says what fails, if anything */
	ok = access(dirname(copy), W_OK | X_OK) == 0;
	free(copy);
	return ok;
}

/*
 * SQLite makes the -wal and -shm with the store's permissions and, run
 * as root, its owner; but it opens an existing one it may not write
 * read-only, and the whole connection with it: -wal and -shm left at
 * 0400 (by root writing a 0400 store, by a copy, by hand) made the
 * owner's next write fail as "readonly" after the store itself was
 * fixed.  So before a connection that may write opens the store, its
 * side files get the store's permissions (and, when root, owner); one
 * that stays unwritable is named, not met by SQLite half-way.
 */
static int
side_modes(struct xf_store *s, struct xf_err *err)
{
	const char *path = s->path;
	struct stat db, sb;
	char c[PATH_MAX];
	size_t i;

	if (stat(path, &db) == -1)
		return 0;	/* not made yet: SQLite says why */
	for (i = 0; i < nitems(side_files); i++) {
		if (companion(path, side_files[i], c) == -1)
			continue;
		if (lstat(c, &sb) == -1) {
			if (i < nitems(companions) && !folder_writable(path)) {
				s->broken = 1;
				return xf_errf(err, "%s: cannot make %s: this "
				    "user may not write the store's folder",
				    path, c);
			}
			continue;
		}
		if (!S_ISREG(sb.st_mode))
			continue;
		if (geteuid() == 0 && (sb.st_uid != db.st_uid ||
		    sb.st_gid != db.st_gid))
			(void)chown(c, db.st_uid, db.st_gid);
		if ((sb.st_mode & 07777) != (db.st_mode & XF_SIDE_MODE))
			(void)chmod(c, db.st_mode & XF_SIDE_MODE);
		if (access(c, R_OK | W_OK) == -1) {
			s->broken = 1;	/* the store's fault, not an input's */
			return xf_errf(err, "%s: this user may write the store "
			    "but not %s (%s): give it the store's owner and "
			    "permissions", path, c, strerror(errno));
		}
	}
	return 0;
}

static int
configure(struct xf_store *s, struct xf_err *err)
{
	char sql[64];
	int keep = 1;

	/* Before WAL, which fixes the size of an empty file for good. */
	snprintf(sql, sizeof(sql), "PRAGMA page_size=%d", PAGE_BYTES);
	if (exec(s, sql, err) == -1)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", CACHE_KIB);
	if (exec(s, sql, err) == -1 ||
	    exec(s, "PRAGMA foreign_keys=ON", err) == -1 ||
	    exec(s, "PRAGMA synchronous=FULL", err) == -1)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit=%d",
	    WAL_KEEP_BYTES);
	if (exec(s, sql, err) == -1)
		return -1;
	/* Readers who may not create the -wal and -shm need them kept. */
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &keep) != SQLITE_OK)
		return xf_errf(err, "%s: cannot keep the -wal file", s->path);
	return set_wal(s, err);
}

/* SQLite's "file is not a database" said as what xf makes of it. */
static int
not_sqlite(struct xf_store *s, struct xf_err *err)
{
	if ((sqlite3_extended_errcode(s->db) & 0xff) != SQLITE_NOTADB)
		return -1;
	return xf_errf(err, "%s: not an xf store (file is not a database: "
	    "no SQLite header, or one overwritten)", s->path);
}

/*
 * What the file is, learnt by reading only: a new store (no tables yet),
 * an xf store of a version this xf can use, or something xf must leave
 * exactly as it found it.  Runs before the first PRAGMA that writes
 * (journal_mode=WAL rewrites the header), so a browser's places.sqlite
 * given by mistake is refused byte for byte unchanged.  A store that
 * says version 1 but lacks xf's tables is not ours either: other
 * programs number their schemas from 1 too.
 */
static int
identify(struct xf_store *s, int *version, struct xf_err *err)
{
	sqlite3_stmt *st;
	int tables = 0, ours = 0, rc;

	/* One statement, one snapshot: a store another xf is creating
	 * right now is seen before or after, never half made. */
	if (xf_store_prepare(s, "SELECT (SELECT user_version FROM "
	    "pragma_user_version), (SELECT count(*) FROM sqlite_schema), "
	    "(SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'table' "
	    "AND name IN ('complaint', 'event'))", &st, err) == -1)
		return not_sqlite(s, err);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		tables = sqlite3_column_int(st, 1);
		ours = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return xf_store_fail(s, "reading the schema version", err);
	if (*version == 0 && tables == 0)
		return 0;
	if (*version == 0)
		return xf_errf(err, "%s: not an xf store (it has tables but "
		    "no xf schema version)", s->path);
	if (!ours)
		return xf_errf(err, "%s: not an xf store (schema version %d, "
		    "but no complaint and event tables)", s->path, *version);
	if (*version < 0)
		return xf_errf(err, "%s: store has schema version %d, which "
		    "no xf writes (a damaged store?); this xf knows versions "
		    "1 to %d", s->path, *version, XF_SCHEMA_VERSION);
	if (*version > XF_SCHEMA_VERSION)
		return xf_errf(err, "%s: store has schema version %d, this xf "
		    "knows only up to version %d; use a newer xf", s->path,
		    *version, XF_SCHEMA_VERSION);
	return 0;
}

static int
step(struct xf_store *s, int to, struct xf_err *err)
{
	struct xf_err why;

	if (exec(s, xf_schema_sql[to], err) == -1)
		return -1;
	if (c_steps[to] != NULL && c_steps[to](s->db, &why) == -1) {
		s->busy = 0;
		s->broken = 1;	/* the store's own failure, not an input's */
		return xf_errf(err, "%s: migrating to schema %d: %s", s->path,
		    to, why.msg);
	}
	return 0;
}

static int
migrate_locked(struct xf_store *s, struct xf_err *err)
{
	int version;
	char sql[64];

	if (identify(s, &version, err) == -1)
		return -1;
	for (; version < XF_SCHEMA_VERSION; version++)
		if (step(s, version + 1, err) == -1)
			return -1;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", version);
	return exec(s, sql, err);
}

static int
migrate(struct xf_store *s, int version, struct xf_err *err)
{
	if (version == XF_SCHEMA_VERSION)
		return 0;
	if (xf_store_begin(s, err) == -1)
		return -1;
	/* Re-read under the lock: another process may have migrated. */
	if (migrate_locked(s, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_store_commit(s, err);
}

/* Read-only: nothing can be migrated, so the version must be ours. */
static int
check_readable(struct xf_store *s, int version, struct xf_err *err)
{
	if (version != XF_SCHEMA_VERSION)
		return xf_errf(err, "%s: store has schema version %d, this xf "
		    "reads version %d (and cannot upgrade a store it may not "
		    "write)", s->path, version, XF_SCHEMA_VERSION);
	return 0;
}

static int
open_db(struct xf_store *s, int flags, struct xf_err *err)
{
	if (sqlite3_open_v2(s->path, &s->db, flags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		return xf_store_fail(s, "open", err);
	sqlite3_extended_result_codes(s->db, 1);
	return busy_timeout(s, err);
}

/* A read-only connection: nothing written, no file made beside it. */
static int
open_reader(struct xf_store *s, int *version, struct xf_err *err)
{
	if (open_db(s, SQLITE_OPEN_READONLY, err) == -1 ||
	    identify(s, version, err) == -1)
		return -1;
	return 0;
}

/* A connection that may write: WAL, kept -wal and -shm, migrated. */
static int
open_writer(struct xf_store *s, int memory, struct xf_err *err)
{
	int version;

	if ((!memory && side_modes(s, err) == -1) ||
	    open_db(s, SQLITE_OPEN_READWRITE, err) == -1 ||
	    identify(s, &version, err) == -1 ||
	    (!memory && configure(s, err) == -1) ||
	    migrate(s, version, err) == -1)
		return -1;
	return 0;
}

int
xf_store_open(struct xf_store *s, const char *path, enum xf_open how,
    struct xf_err *err)
{
	int memory, version;

	memset(s, 0, sizeof(*s));
	if ((s->path = strdup(path)) == NULL)
		return xf_errf(err, "%s: out of memory", path);
	/* ":memory:" is a scratch store (a dry run with no store yet). */
	memory = strcmp(path, ":memory:") == 0;
	if (how != XF_OPEN_WRITE && !memory && access(path, F_OK) == -1) {
		xf_errf(err, "%s: no store here (xf-intake creates one)", path);
		goto fail;
	}
	if (how == XF_OPEN_WRITE && !memory && create_file(path, err) == -1)
		goto fail;
	/* A store on a read-only mount: said before SQLite says
	 * "attempt to write a readonly database" half-way through. */
	if (how == XF_OPEN_WRITE && !memory && access(path, W_OK) == -1 &&
	    errno == EROFS) {
		s->broken = 1;
		xf_errf(err, "%s: the store's disk is mounted read-only",
		    path);
		goto fail;
	}
	/* One who may not write the store reads it, whatever was asked:
	 * its writes then fail as the store's (read-only), made nowhere. */
	if (!memory && access(path, W_OK) == -1) {
		if (reader_ready(path, err) == -1 ||
		    open_reader(s, &version, err) == -1 ||
		    check_readable(s, version, err) == -1)
			goto fail;
		return 0;
	}
	if (how == XF_OPEN_RDONLY && !memory && companions_there(path)) {
		if (open_reader(s, &version, err) == -1)
			goto fail;
		if (version == XF_SCHEMA_VERSION)
			return 0;
		/* An older schema: one who may write it upgrades it. */
		sqlite3_close(s->db);
		s->db = NULL;
	}
	if (open_writer(s, memory, err) == -1)
		goto fail;
	return 0;
fail:
	xf_store_close(s);
	return -1;
}

void
xf_store_close(struct xf_store *s)
{
	if (s->chain != NULL) {
		sqlite3_finalize(s->chain->insert);
		sqlite3_finalize(s->chain->group);
		free(s->chain->hashes);
		free(s->chain);
		s->chain = NULL;
	}
	if (s->db != NULL)
		sqlite3_close(s->db);
	s->db = NULL;
	s->writer = 0;
	free(s->path);
	s->path = NULL;
}

/*
 * SQLite writes the database file a whole page at a time, so a file that
 * is not a whole number of pages was cut short behind its back (a copy
 * stopped half-way, a truncated backup).  SQLite reads the missing bytes
 * as zeros and goes on writing; xf stops before adding to such a store.
 * A cut at a page boundary passes this test: verify finds it.
 */
static int
whole_pages(struct xf_store *s, struct xf_err *err)
{
	struct stat sb;
	int page = 0;

	if (strcmp(s->path, ":memory:") == 0)
		return 0;
	if (int_pragma(s, "PRAGMA page_size", &page, err) == -1)
		return -1;
	if (stat(s->path, &sb) == -1)
		return xf_errf(err, "%s: %s", s->path, strerror(errno));
	if (page > 0 && sb.st_size % page != 0) {
		s->broken = 1;
		return xf_errf(err, "%s: damaged store: %lld bytes is not a "
		    "whole number of %d-byte pages (cut short?)", s->path,
		    (long long)sb.st_size, page);
	}
	return 0;
}

int
xf_store_down(const struct xf_store *s)
{
	return s->busy || s->broken;
}

#define UNIT_SAVEPOINT	"xf_unit"

/* The batch's transaction, opened at its first unit; the batch before
 * it, if any, first given XF_BATCH_YIELD_MS for another writer. */
static int
batch_open(struct xf_store *s, struct xf_err *err)
{
	if (s->batch.lost) {
		s->broken = 1;
		return xf_errf(err, "%s: the batch's transaction was rolled "
		    "back by SQLite", s->path);
	}
	if (s->batch.done > 0)
		usleep(XF_BATCH_YIELD_MS * 1000);
	xf_chain_forget(s);
	if (exec(s, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	if (whole_pages(s, err) == -1) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	s->batch.open = 1;
	s->batch.units = 0;
	s->batch.started = mono_ms();
	return 0;
}

/* A unit of a batch: a savepoint, the transaction open or opened. */
static int
unit_begin(struct xf_store *s, struct xf_err *err)
{
	if (!s->batch.open && batch_open(s, err) == -1)
		return -1;
	if (exec(s, "SAVEPOINT " UNIT_SAVEPOINT, err) == -1)
		return -1;
	s->batch.unit = 1;
	s->batch.units++;
	return 0;
}

/* A unit undone alone; when SQLite has rolled back the whole batch
 * (a full disk, say), the batch is lost and says so at its commit. */
static void
unit_rollback(struct xf_store *s)
{
	xf_chain_forget(s);	/* the chain's head went back too */
	if (sqlite3_get_autocommit(s->db)) {
		if (s->batch.open)
			s->batch.lost = 1;
		s->batch.open = 0;
	} else if (s->batch.unit)
		sqlite3_exec(s->db, "ROLLBACK TO " UNIT_SAVEPOINT "; RELEASE "
		    UNIT_SAVEPOINT, NULL, NULL, NULL);
	s->batch.unit = 0;
}

void
xf_store_batch_start(struct xf_store *s)
{
	memset(&s->batch, 0, sizeof(s->batch));
	s->batch.on = 1;
}

int
xf_store_batch_due(const struct xf_store *s)
{
	return s->batch.open && (s->batch.units >= XF_BATCH_UNITS ||
	    mono_ms() - s->batch.started >= XF_BATCH_MS);
}

int
xf_store_batch_commit(struct xf_store *s, struct xf_err *err)
{
	if (s->batch.lost) {
		s->batch.lost = 0;
		s->broken = 1;
		return xf_errf(err, "%s: the batch's transaction was rolled "
		    "back by SQLite", s->path);
	}
	if (!s->batch.open)
		return 0;
	s->batch.open = 0;
	if (sqlite3_get_autocommit(s->db)) {
		s->broken = 1;
		return xf_errf(err, "%s: the batch's transaction was rolled "
		    "back by SQLite", s->path);
	}
	if (exec(s, "COMMIT", err) == -1) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		xf_chain_forget(s);
		return -1;
	}
	s->batch.done++;
	return 0;
}

int
xf_store_batch_end(struct xf_store *s, struct xf_err *err)
{
	int rc = xf_store_batch_commit(s, err);

	s->batch.on = 0;
	return rc;
}

int
xf_store_begin(struct xf_store *s, struct xf_err *err)
{
	if (s->batch.on)
		return unit_begin(s, err);
	xf_chain_forget(s);
	if (exec(s, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	if (whole_pages(s, err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return 0;
}

int
xf_store_check(struct xf_store *s, struct xf_err *err)
{
	sqlite3_stmt *st;
	char first[XF_ERRLEN / 2] = "", row[XF_ERRLEN / 2], *p;
	long n = 0;
	int rc;

	if (whole_pages(s, err) == -1)
		return -1;
	if (xf_store_prepare(s, "PRAGMA quick_check", &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xf_column_copy(st, 0, row, sizeof(row));
		/* "*** in database main ***\n" heads the first problem. */
		p = row;
		if (strncmp(p, "*** ", 4) == 0)
			p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 :
			    p + strlen(p);
		if (*p != '\0' && n++ == 0)
			snprintf(first, sizeof(first), "%s", p);
	}
	sqlite3_finalize(st);
	/* A page too broken to walk stops the check itself. */
	if (rc != SQLITE_DONE && n == 0)
		return xf_store_fail(s, "PRAGMA quick_check", err);
	if (rc == SQLITE_DONE && n == 1 && strcmp(first, "ok") == 0)
		return 0;
	if (n == 1)
		return xf_errf(err, "%s: damaged store: %s", s->path, first);
	return xf_errf(err, "%s: damaged store: %s (and %ld more; PRAGMA "
	    "integrity_check lists them all)", s->path, first, n - 1);
}

int
xf_store_commit(struct xf_store *s, struct xf_err *err)
{
	if (s->batch.on) {
		/* The chain's head stays known: no one else writes until
		 * the batch commits. */
		if (exec(s, "RELEASE " UNIT_SAVEPOINT, err) == -1) {
			unit_rollback(s);
			return -1;
		}
		s->batch.unit = 0;
		return 0;
	}
	xf_chain_forget(s);
	if (exec(s, "COMMIT", err) == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return 0;
}

/*
 * A statement of many rows (an INSERT of a group, register.c) keeps a
 * journal of the pages it changes, to undo itself alone: SQLite writes
 * it to a temporary file past 64 KiB, which is a page of every table
 * and index a statement, unless temp_store says memory (200,000 short
 * rows: 79,000 writes of 16 KiB against none).
 */
int
xf_store_bulk(struct xf_store *s, struct xf_err *err)
{
	char sql[64];

	if (exec(s, "PRAGMA temp_store=MEMORY", err) == -1)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit=%d",
	    BULK_WAL_KEEP_BYTES);
	return exec(s, sql, err);
}

void
xf_store_rollback(struct xf_store *s)
{
	if (s->batch.on) {
		unit_rollback(s);
		return;
	}
	xf_chain_forget(s);
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

void
xf_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int
xf_store_ids(struct xf_store *s, const char *sql, int64_t **ids, size_t *n,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int64_t *v = NULL, *p;
	size_t cap = 0, k = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (xf_store_prepare(s, sql, &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((p = realloc(v, cap * sizeof(*p))) == NULL) {
				sqlite3_finalize(st);
				free(v);
				return xf_errf(err, "out of memory");
			}
			v = p;
		}
		v[k++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return xf_store_fail(s, "listing complaints", err);
	}
	*ids = v;
	*n = k;
	return 0;
}

void
xf_column_copy(sqlite3_stmt *st, int i, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(buf, len, "%s", t != NULL ? (const char *)t : "");
}
