/*
 * handler.c: the people who own complaints, their teams, skills and
 * capacity (the handler table of schema 2).
 *
 * A handler's load is not stored: it is counted from the complaints they
 * own that are still open, so it can never drift from the truth.  Every
 * change of a handler is a "handler" event (no complaint, field = the
 * login) whose old and new values describe the handler before and after,
 * so the history says who changed whose capacity or team, and when.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xf.h"

#define HANDLER_COLS \
    "h.login, h.name, h.email, h.team, h.role, h.skills, h.capacity," \
    " h.active, h.turn, (SELECT count(*) FROM complaint c" \
    " WHERE c.assignee = h.login AND c.status IN " XF_IN_HAND_STATUSES ")"

/* [a-z0-9._-]{1,max} */
static int
ident_valid(const char *s, size_t max)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-");

	return n > 0 && n <= max && s[n] == '\0';
}

int
xf_login_valid(const char *s)
{
	return ident_valid(s, XF_LOGIN_MAX);
}

int
xf_team_valid(const char *s)
{
	return ident_valid(s, XF_TEAM_MAX);
}

int
xf_role_valid(const char *s)
{
	return strcmp(s, "agent") == 0 || strcmp(s, "lead") == 0 ||
	    strcmp(s, "legal") == 0 || strcmp(s, "admin") == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A skill: a category or flag name, one word of UTF-8, no comma. */
static int
skill_valid(const char *s)
{
	const unsigned char *p;

	if (*s == '\0' || strlen(s) > XF_TEAM_MAX || !xf_utf8_valid(s,
	    strlen(s)))
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || *p == ',')
			return 0;
	return 1;
}

int
xf_skills_norm(const char *in, struct xf_buf *out, struct xf_err *err)
{
	char *copy, *p, *item, **items = NULL;
	size_t n = 0, i;
	int rc = 0;

	xf_buf_reset(out);
	if ((copy = strdup(in)) == NULL ||
	    (items = calloc(strlen(in) / 2 + 1, sizeof(*items))) == NULL) {
		free(copy);
		return xf_errf(err, "out of memory");
	}
	for (p = copy; (item = strsep(&p, ",")) != NULL;) {
		char *end = item + strlen(item);

		while (*item == ' ')
			item++;
		while (end > item && end[-1] == ' ')
			*--end = '\0';
		if (*item == '\0')
			continue;
		xf_ascii_lower(item);
		if (!skill_valid(item)) {
			rc = xf_errf(err, "bad skill '%.64s': a skill is a "
			    "category or flag name of at most %d bytes, "
			    "without spaces", item, XF_TEAM_MAX);
			break;
		}
		items[n++] = item;
	}
	if (rc == 0 && n > XF_SKILLS_NMAX)
		rc = xf_errf(err, "%zu skills: at most %d", n, XF_SKILLS_NMAX);
	qsort(items, n, sizeof(*items), cmp_str);
	for (i = 0; rc == 0 && i < n; i++) {
		if (i > 0 && strcmp(items[i], items[i - 1]) == 0)
			continue;
		if ((out->len > 0 && xf_buf_addc(out, ',') == -1) ||
		    xf_buf_adds(out, items[i]) == -1)
			rc = xf_errf(err, "out of memory");
	}
	if (rc == 0 && xf_buf_adds(out, "") == -1)	/* a NUL at least */
		rc = xf_errf(err, "out of memory");
	free(items);
	free(copy);
	return rc;
}

int
xf_capacity_parse(const char *s, int *out)
{
	long v = 0;
	size_t i;

	if (*s == '\0' || strlen(s) > 9 || strspn(s, "0123456789") !=
	    strlen(s))
		return -1;
	for (i = 0; s[i] != '\0'; i++)
		v = v * 10 + (s[i] - '0');
	if (v > XF_CAPACITY_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

void
xf_handler_init(struct xf_handler *h)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->role, sizeof(h->role), "agent");
	h->capacity = XF_CAPACITY_DEFAULT;
	h->active = 1;
}

void
xf_handler_free(struct xf_handler *h)
{
	free(h->name);
	free(h->email);
	free(h->skills);
	h->name = h->email = h->skills = NULL;
}

/* Replaces *dst by a copy of src (NULL or "" clears it). */
int
xf_handler_setstr(char **dst, const char *src)
{
	char *p = NULL;

	if (src != NULL && *src != '\0' && (p = strdup(src)) == NULL)
		return -1;
	free(*dst);
	*dst = p;
	return 0;
}

static int
copy_col(sqlite3_stmt *st, int i, char **out)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	return xf_handler_setstr(out, v);
}

/* A handler from a row of HANDLER_COLS. */
static int
from_row(sqlite3_stmt *st, struct xf_handler *h)
{
	xf_handler_init(h);
	snprintf(h->login, sizeof(h->login), "%s",
	    (const char *)sqlite3_column_text(st, 0));
	snprintf(h->team, sizeof(h->team), "%s",
	    (const char *)sqlite3_column_text(st, 3));
	snprintf(h->role, sizeof(h->role), "%s",
	    (const char *)sqlite3_column_text(st, 4));
	h->capacity = sqlite3_column_int(st, 6);
	h->active = sqlite3_column_int(st, 7);
	h->turn = sqlite3_column_int64(st, 8);
	h->load = sqlite3_column_int(st, 9);
	if (copy_col(st, 1, &h->name) == -1 ||
	    copy_col(st, 2, &h->email) == -1 ||
	    copy_col(st, 5, &h->skills) == -1) {
		xf_handler_free(h);
		return -1;
	}
	return 0;
}

int
xf_handler_get(struct xf_store *s, const char *login, struct xf_handler *h,
    int *found, struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	if (xf_store_prepare(s, "SELECT " HANDLER_COLS " FROM handler h"
	    " WHERE h.login = ?", &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (from_row(st, h) == -1) {
			sqlite3_finalize(st);
			return xf_errf(err, "out of memory");
		}
		*found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return xf_store_fail(s, "reading a handler", err);
	return 0;
}

int
xf_handler_each(struct xf_store *s, const char *team, xf_handler_fn fn,
    void *ctx, struct xf_err *err)
{
	struct xf_handler h;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (xf_store_prepare(s, "SELECT " HANDLER_COLS " FROM handler h"
	    " WHERE ?1 IS NULL OR h.team = ?1 ORDER BY h.login", &st,
	    err) == -1)
		return -1;
	xf_bind_opt(st, 1, team);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (from_row(st, &h) == -1) {
			sqlite3_finalize(st);
			return xf_errf(err, "out of memory");
		}
		stop = fn(ctx, &h) != 0;
		xf_handler_free(&h);
	}
	sqlite3_finalize(st);
	if (!stop && rc != SQLITE_DONE)
		return xf_store_fail(s, "listing handlers", err);
	return 0;
}

/* "team=support role=agent capacity=20 skills=billing active=1", then
 * email= and name= when set: what handler events record. */
static int
handler_describe(const struct xf_handler *h, struct xf_buf *out)
{
	xf_buf_reset(out);
	if (xf_buf_printf(out, "team=%s role=%s capacity=%d skills=%s "
	    "active=%d", h->team, h->role, h->capacity,
	    h->skills ? h->skills : "", h->active) == -1)
		return -1;
	/* The name last: it is the one value with spaces in it. */
	if (h->email != NULL && xf_buf_printf(out, " email=%s", h->email) == -1)
		return -1;
	if (h->name != NULL && xf_buf_printf(out, " name=%s", h->name) == -1)
		return -1;
	return 0;
}

static int
write_row(struct xf_store *s, const struct xf_handler *h, int insert,
    int64_t now, struct xf_err *err)
{
	static const char ins[] = "INSERT INTO handler (login, name, email,"
	    " team, role, skills, capacity, active, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
	static const char upd[] = "UPDATE handler SET name = ?2, email = ?3,"
	    " team = ?4, role = ?5, skills = ?6, capacity = ?7, active = ?8,"
	    " updated_at = ?9 WHERE login = ?1";
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, insert ? ins : upd, &st, err) == -1)
		return -1;
	sqlite3_bind_text(st, 1, h->login, -1, SQLITE_STATIC);
	xf_bind_opt(st, 2, h->name);
	xf_bind_opt(st, 3, h->email);
	sqlite3_bind_text(st, 4, h->team, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, h->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, h->skills ? h->skills : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 7, h->capacity);
	sqlite3_bind_int(st, 8, h->active);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, insert ? "adding a handler" :
		    "changing a handler", err);
	return 0;
}

int
xf_handler_save(struct xf_store *s, const struct xf_handler *old,
    const struct xf_handler *h, int64_t now, const char *actor,
    const char *reason, int *changed, struct xf_err *err)
{
	struct xf_buf before = { 0 }, after = { 0 };
	struct xf_event ev = { .at = now, .actor = actor, .kind = "handler",
	    .field = h->login, .reason = reason };
	int rc = -1;

	*changed = 0;
	if ((old != NULL && handler_describe(old, &before) == -1) ||
	    handler_describe(h, &after) == -1) {
		xf_errf(err, "out of memory");
		goto done;
	}
	if (old != NULL && strcmp(before.p, after.p) == 0) {
		rc = 0;			/* nothing to change */
		goto done;
	}
	ev.old = old != NULL ? before.p : NULL;
	ev.new = after.p;
	if (write_row(s, h, old == NULL, now, err) == -1 ||
	    xf_event_add(s, &ev, err) == -1)
		goto done;
	*changed = 1;
	rc = 0;
done:
	xf_buf_free(&before);
	xf_buf_free(&after);
	return rc;
}

/* --- import: a TSV of handlers, upserted all or nothing ------------- */

enum icol { C_LOGIN, C_NAME, C_EMAIL, C_TEAM, C_ROLE, C_SKILLS, C_CAPACITY,
	C_ACTIVE, C_LOAD, NICOL };

static const char *const icol_names[NICOL] = {
	"login", "name", "email", "team", "role", "skills", "capacity",
	"active", "load",
};

struct irow {
	struct xf_handler h;
	unsigned	 given;		/* 1 << enum icol with a value */
	int64_t		 line;
};

struct importer {
	const char	*name;		/* of the input, for messages */
	int		 col[NICOL];	/* field index, -1 when absent */
	size_t		 ncol;
	int		 header_done;
	struct irow	*rows;
	size_t		 n, cap;
	struct xf_buf	 tmp;
};

static int
header_row(struct importer *im, const struct xf_row *row, struct xf_err *err)
{
	size_t i;
	int c;

	for (c = 0; c < NICOL; c++)
		im->col[c] = -1;
	for (i = 0; i < row->nfield; i++) {
		for (c = 0; c < NICOL; c++)
			if (xf_header_eq(row->field[i], icol_names[c]))
				break;
		if (c == NICOL)
			return xf_errf(err, "%s:%lld: unknown column '%.64s' "
			    "(columns are login, name, email, team, role, "
			    "skills, capacity, active)", im->name,
			    (long long)row->line, row->field[i]);
		if (im->col[c] != -1)
			return xf_errf(err, "%s:%lld: column '%s' twice",
			    im->name, (long long)row->line, icol_names[c]);
		im->col[c] = (int)i;
	}
	if (im->col[C_LOGIN] == -1 || im->col[C_TEAM] == -1)
		return xf_errf(err, "%s:%lld: the header must name the columns "
		    "login and team", im->name, (long long)row->line);
	im->ncol = row->nfield;
	im->header_done = 1;
	return 0;
}

/* The value of column c in row, or NULL when absent or empty. */
static const char *
value(const struct importer *im, const struct xf_row *row, enum icol c)
{
	int i = im->col[c];

	if (i < 0 || (size_t)i >= row->nfield || row->field[i][0] == '\0')
		return NULL;
	return row->field[i];
}

static int
parse_active(const char *v, int *out)
{
	static const char *const yes[] = { "1", "yes", "true" };
	static const char *const no[] = { "0", "no", "false" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

/* Checks the values of one row into r; err without the location. */
static int
row_values(struct importer *im, const struct xf_row *row, struct irow *r,
    struct xf_err *err)
{
	const char *v;
	int c;

	for (c = 0; c < NICOL; c++)
		if ((v = value(im, row, c)) != NULL && c != C_LOAD)
			r->given |= 1u << c;
	if ((v = value(im, row, C_LOGIN)) == NULL || !xf_login_valid(v))
		return xf_errf(err, "bad login '%.64s': a login is 1 to %d of "
		    "a-z, 0-9, '.', '_' and '-'", v ? v : "", XF_LOGIN_MAX);
	snprintf(r->h.login, sizeof(r->h.login), "%s", v);
	if ((v = value(im, row, C_TEAM)) == NULL || !xf_team_valid(v))
		return xf_errf(err, "bad team '%.64s': a team is 1 to %d of "
		    "a-z, 0-9, '.', '_' and '-'", v ? v : "", XF_TEAM_MAX);
	snprintf(r->h.team, sizeof(r->h.team), "%s", v);
	if ((v = value(im, row, C_ROLE)) != NULL) {
		if (!xf_role_valid(v))
			return xf_errf(err, "bad role '%.64s': want agent, "
			    "lead, legal or admin", v);
		snprintf(r->h.role, sizeof(r->h.role), "%s", v);
	}
	if ((v = value(im, row, C_CAPACITY)) != NULL &&
	    xf_capacity_parse(v, &r->h.capacity) == -1)
		return xf_errf(err, "bad capacity '%.64s': want 0 to %d", v,
		    XF_CAPACITY_MAX);
	if ((v = value(im, row, C_ACTIVE)) != NULL &&
	    parse_active(v, &r->h.active) == -1)
		return xf_errf(err, "bad active '%.64s': want 1 or 0", v);
	if ((v = value(im, row, C_SKILLS)) != NULL) {
		if (xf_skills_norm(v, &im->tmp, err) == -1 ||
		    xf_handler_setstr(&r->h.skills, im->tmp.p) == -1)
			return -1;
	}
	for (c = C_NAME; c <= C_EMAIL; c++) {
		if ((v = value(im, row, c)) == NULL)
			continue;
		if (strlen(v) > XF_NAME_MAX || !xf_utf8_valid(v, strlen(v)))
			return xf_errf(err, "bad %s: want UTF-8 of at most %d "
			    "bytes", icol_names[c], XF_NAME_MAX);
		if (xf_handler_setstr(c == C_NAME ? &r->h.name : &r->h.email,
		    v) == -1)
			return xf_errf(err, "out of memory");
	}
	return 0;
}

static int
blank_row(const struct xf_row *row)
{
	size_t i;

	if (row->nfield > 0 && row->field[0][0] == '#')
		return 1;
	for (i = 0; i < row->nfield; i++)
		if (row->field[i][0] != '\0')
			return 0;
	return 1;
}

static int
has_nul(const struct xf_row *row)
{
	size_t i;

	for (i = 0; i < row->nfield; i++)
		if (strlen(row->field[i]) != row->len[i])
			return 1;
	return 0;
}

static int
data_row(struct importer *im, const struct xf_row *row, struct xf_err *err)
{
	struct xf_err why;
	struct irow *r, *p;
	size_t i;

	if (row->nfield > im->ncol)
		return xf_errf(err, "%s:%lld: %zu fields, the header names %zu",
		    im->name, (long long)row->line, row->nfield, im->ncol);
	if (has_nul(row))
		return xf_errf(err, "%s:%lld: a NUL byte", im->name,
		    (long long)row->line);
	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 64;

		if ((p = realloc(im->rows, cap * sizeof(*p))) == NULL)
			return xf_errf(err, "out of memory");
		im->rows = p;
		im->cap = cap;
	}
	r = &im->rows[im->n++];
	memset(r, 0, sizeof(*r));
	xf_handler_init(&r->h);
	r->line = row->line;
	if (row_values(im, row, r, &why) == -1)
		return xf_errf(err, "%s:%lld: %s", im->name,
		    (long long)row->line, why.msg);
	for (i = 0; i + 1 < im->n; i++)
		if (strcmp(im->rows[i].h.login, r->h.login) == 0)
			return xf_errf(err, "%s:%lld: login %s is on line %lld "
			    "already", im->name, (long long)row->line,
			    r->h.login, (long long)im->rows[i].line);
	return 0;
}

static int
import_row(void *ctx, const struct xf_row *row, struct xf_err *err)
{
	struct importer *im = ctx;

	if (row->error != NULL)
		return xf_errf(err, "%s:%lld: %s", im->name,
		    (long long)row->line, row->error);
	if (blank_row(row))
		return 0;
	if (!im->header_done)
		return header_row(im, row, err);
	return data_row(im, row, err);
}

/* An imported row over what the store has: only given columns change. */
static int
merge(struct xf_handler *into, const struct irow *r)
{
	const struct xf_handler *h = &r->h;

	snprintf(into->team, sizeof(into->team), "%s", h->team);
	if (r->given & (1u << C_ROLE))
		snprintf(into->role, sizeof(into->role), "%s", h->role);
	if (r->given & (1u << C_CAPACITY))
		into->capacity = h->capacity;
	if (r->given & (1u << C_ACTIVE))
		into->active = h->active;
	if (((r->given & (1u << C_NAME)) &&
	    xf_handler_setstr(&into->name, h->name) == -1) ||
	    ((r->given & (1u << C_EMAIL)) &&
	    xf_handler_setstr(&into->email, h->email) == -1) ||
	    ((r->given & (1u << C_SKILLS)) &&
	    xf_handler_setstr(&into->skills, h->skills) == -1))
		return -1;
	return 0;
}

static int
upsert(struct xf_store *s, const struct irow *r, int64_t now,
    const char *actor, struct xf_import_counts *n, struct xf_err *err)
{
	struct xf_handler old, new;
	int found, changed, rc;

	if (xf_handler_get(s, r->h.login, &old, &found, err) == -1)
		return -1;
	if (!found)
		rc = xf_handler_save(s, NULL, &r->h, now, actor, NULL,
		    &changed, err);
	else {
		new = old;
		new.name = new.email = new.skills = NULL;
		if (xf_handler_setstr(&new.name, old.name) == -1 ||
		    xf_handler_setstr(&new.email, old.email) == -1 ||
		    xf_handler_setstr(&new.skills, old.skills) == -1 ||
		    merge(&new, r) == -1)
			rc = xf_errf(err, "out of memory");
		else
			rc = xf_handler_save(s, &old, &new, now, actor, NULL,
			    &changed, err);
		xf_handler_free(&new);
		xf_handler_free(&old);
	}
	if (rc == 0) {
		if (!found)
			n->added++;
		else if (changed)
			n->changed++;
		else
			n->unchanged++;
	}
	return rc;
}

static void
importer_free(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->n; i++)
		xf_handler_free(&im->rows[i].h);
	free(im->rows);
	xf_buf_free(&im->tmp);
}

int
xf_handler_import(struct xf_store *s, struct xf_input *in, const char *name,
    int64_t now, const char *actor, struct xf_import_counts *n,
    struct xf_err *err)
{
	struct importer im = { .name = name };
	struct xf_rowopt opt = { .fmt = XF_TSV };
	size_t i;
	int rc = -1;

	memset(n, 0, sizeof(*n));
	if (xf_rows_read(in, &opt, import_row, &im, err) == -1)
		goto done;
	if (!im.header_done) {
		xf_errf(err, "%s: no header row (login, team, ...)", name);
		goto done;
	}
	if (xf_store_begin(s, err) == -1)
		goto done;
	for (i = 0; i < im.n; i++)
		if (upsert(s, &im.rows[i], now, actor, n, err) == -1) {
			xf_store_rollback(s);
			memset(n, 0, sizeof(*n));
			goto done;
		}
	rc = xf_store_commit(s, err);
	if (rc == -1)
		memset(n, 0, sizeof(*n));
done:
	importer_free(&im);
	return rc;
}
