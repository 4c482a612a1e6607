/*
 * view.c: a complaint as a reader sees it, the same in every command.
 *
 * Four renderings of one complaint, all read through the store and all
 * appended to the caller's buffer (the command prints it):
 *   text (XF_FMT_TABLE, for people): its fields one a line, the body
 *	indented below them, its e-mails, then its history, notes
 *	included, and a blank line;
 *   json, jsonl: one object, its e-mails and its history as arrays of
 *	objects in it (output.c frames it in the caller's table);
 *   tsv, csv: one row of its fields for the next command, the header
 *	row before the first.
 * A history alone is rows of the caller's table (xf_view_history), so
 * one table can hold the histories of many complaints.
 *
 * Everything a complainant wrote passes xf_safe_text on its way into
 * text, and the table formatter (output.c) on its way into the other
 * formats: a subject must not clear a screen or forge the next field.
 * Times print in ISO 8601 local time, as every time xf prints.
 */
#include <string.h>

#include "xf.h"

enum {
	EVENT_COLS = XF_VIEW_HISTORY_NCOL - 1,	/* an event without its ref */
	SHOW_COLS_MAX = 64	/* columns of SHOW_SQL (show_cols), with room */
};

/* The complaint's own fields, in the order every rendering lists them:
 * show_cols names SHOW_SQL's columns, with the type JSON gives each. */
static const struct xf_col show_cols[] = {
	{ "ref", XF_COL_TEXT }, { "status", XF_COL_TEXT },
	{ "received_at", XF_COL_TEXT }, { "registered_at", XF_COL_TEXT },
	{ "updated_at", XF_COL_TEXT }, { "channel", XF_COL_TEXT },
	{ "kind", XF_COL_TEXT }, { "complainant", XF_COL_TEXT },
	{ "contact", XF_COL_TEXT }, { "subject", XF_COL_TEXT },
	{ "category", XF_COL_TEXT }, { "priority", XF_COL_TEXT },
	{ "flags", XF_COL_LIST }, { "team", XF_COL_TEXT },
	{ "assignee", XF_COL_TEXT }, { "ack_due", XF_COL_TEXT },
	{ "due", XF_COL_TEXT }, { "accepted_at", XF_COL_TEXT },
	{ "first_response_at", XF_COL_TEXT }, { "resolved_at", XF_COL_TEXT },
	{ "closed_at", XF_COL_TEXT }, { "paused_since", XF_COL_TEXT },
	{ "paused_seconds", XF_COL_NUM }, { "reopen_count", XF_COL_NUM },
	{ "source", XF_COL_TEXT }, { "ext_id", XF_COL_TEXT },
	{ "parent", XF_COL_TEXT }, { "links", XF_COL_LIST },
	{ "tags", XF_COL_LIST }, { "extra", XF_COL_OBJ },
	{ "notices", XF_COL_LIST }, { "body", XF_COL_TEXT },
};
static const char SHOW_SQL[] =
    "SELECT c.ref, c.status, c.received_at, c.registered_at, c.updated_at,"
    " c.channel, c.kind, c.complainant, c.contact, c.subject, c.category,"
    " c.priority, c.flags, c.team, c.assignee, c.ack_due, c.due,"
    " c.accepted_at, c.first_response_at, c.resolved_at, c.closed_at,"
    " c.paused_since, c.paused_seconds, c.reopen_count, c.source, c.ext_id,"
    " p.ref AS parent, (SELECT group_concat(link, ',') FROM ("
    XF_LINKS_SQL("c.id") ")) AS links,"
    " (SELECT group_concat(tag, ',') FROM (SELECT tag FROM tag"
    "  WHERE complaint_id = c.id ORDER BY tag)) AS tags, c.extra,"
    " (SELECT group_concat(kind || ':' || state, ',') FROM (SELECT kind,"
    "  state FROM outbox WHERE complaint_id = c.id ORDER BY id)) AS notices,"
    " c.body"
    " FROM complaint c LEFT JOIN complaint p ON p.id = c.parent_id"
    " WHERE c.id = ?";

/* Its columns are xf_view_history_cols after the ref.  Evidence
 * events (evidence.c) are left out: each only seals a message that
 * show lists, by a digest no reader can use; verify checks them. */
static const char HISTORY_SQL[] =
    "SELECT at, actor, kind, field, old, new, reason FROM event"
    " WHERE complaint_id = ? AND kind <> 'evidence' ORDER BY id";
/* The same from a point on: what a dry run would have recorded. */
static const char HISTORY_AFTER_SQL[] =
    "SELECT at, actor, kind, field, old, new, reason FROM event"
    " WHERE complaint_id = ?1 AND id > ?2 AND kind <> 'evidence'"
    " ORDER BY id";

/* The messages of a complaint in JSON, in and out: their fields, then
 * their attachments as an array of objects.  actor: who wrote down or
 * sent an outgoing one. */
static const struct xf_col message_cols[] = {
	{ "at", XF_COL_TEXT }, { "direction", XF_COL_TEXT },
	{ "channel", XF_COL_TEXT }, { "sender", XF_COL_TEXT },
	{ "actor", XF_COL_TEXT }, { "subject", XF_COL_TEXT },
	{ "body", XF_COL_TEXT }, { "trust", XF_COL_TEXT },
};
/* trust: ok, or (issue 14) unverified, confirmed, refused. */
enum { M_AT, M_DIR, M_CHANNEL, M_SENDER, M_ACTOR, M_SUBJECT, M_BODY,
	M_TRUST, M_ATTACH, M_ID };
static const struct xf_col attachment_cols[] = {
	{ "name", XF_COL_TEXT }, { "type", XF_COL_TEXT },
	{ "size", XF_COL_NUM },
};
static const char ATTACHMENTS_SQL[] =
    "SELECT name, type, size FROM attachment WHERE message_id = ?"
    " ORDER BY id";

/* Columns as message_cols, then M_ATTACH and M_ID (for the
 * attachments in JSON). */
static const char MESSAGES_SQL[] =
    "SELECT m.at, m.direction, m.channel, m.sender, m.actor, m.subject,"
    " m.body, m.trust,"
    " (SELECT group_concat(coalesce(a.name, '(unnamed)') || ' ' || a.type"
    "  || ' ' || a.size, '; ') FROM attachment a WHERE a.message_id = m.id)"
    ", m.id FROM message m WHERE m.complaint_id = ? ORDER BY m.id";

/*
 * What is queued to be said to the complainant, and what became of it
 * (xf-notify): sent, or waiting, with the attempts and the last error.
 * The recipient is left out: the contact is shown once, above.
 */
static const struct xf_col outbox_cols[] = {
	{ "queued_at", XF_COL_TEXT }, { "kind", XF_COL_TEXT },
	{ "channel", XF_COL_TEXT }, { "lang", XF_COL_TEXT },
	{ "state", XF_COL_TEXT }, { "attempts", XF_COL_NUM },
	{ "sent_at", XF_COL_TEXT }, { "last_error", XF_COL_TEXT },
	{ "subject", XF_COL_TEXT }, { "body", XF_COL_TEXT },
};
static const char OUTBOX_SQL[] =
    "SELECT queued_at, kind, channel, lang, state, attempts, sent_at,"
    " last_error, subject, body FROM outbox WHERE complaint_id = ?"
    " ORDER BY id";

/* An event's old and new are text: a status, a time, a level, a list. */
const struct xf_col xf_view_history_cols[XF_VIEW_HISTORY_NCOL] = {
	{ "ref", XF_COL_TEXT }, { "at", XF_COL_TEXT },
	{ "actor", XF_COL_TEXT }, { "kind", XF_COL_TEXT },
	{ "field", XF_COL_TEXT }, { "old", XF_COL_TEXT },
	{ "new", XF_COL_TEXT }, { "reason", XF_COL_TEXT },
};

/*
 * What a rendering reads through: the store, and with redact set a
 * buffer a column for the masked values of the row being rendered
 * (each row's values are used before the next row is read).
 */
struct view {
	struct xf_store	*s;
	int		 redact;
	int		 oom;		/* a mask failed: the rendering did */
	struct xf_buf	 who;		/* the complainant, found in text */
	struct xf_buf	 mask[SHOW_COLS_MAX];
	struct xf_table	*into;		/* xf_view_show_row's table, or NULL */
};

static int
oom(struct xf_err *err)
{
	return xf_errf(err, "out of memory");
}

const char *
xf_view_cell(sqlite3_stmt *st, int i, int is_time, char *tbuf, size_t tlen)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	if (is_time) {
		xf_time_format(sqlite3_column_int64(st, i), tbuf, tlen);
		return tbuf;
	}
	return (const char *)sqlite3_column_text(st, i);
}

int
xf_view_is_time(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && strcmp(name + n - 3, "_at") == 0) ||
	    strcmp(name, "due") == 0 || strcmp(name, "ack_due") == 0 ||
	    strcmp(name, "paused_since") == 0;
}

/* The value of st's column named name, or NULL. */
static const char *
column_text(sqlite3_stmt *st, const char *name)
{
	int i, n = sqlite3_column_count(st);

	for (i = 0; i < n; i++)
		if (strcmp(sqlite3_column_name(st, i), name) == 0)
			return (const char *)sqlite3_column_text(st, i);
	return NULL;
}

/*
 * xf_view_cell, masked when the view redacts (xf_redact_value, by the
 * column's name in the SQL; an event's old and new by its field).  A
 * time or a number is never personal and passes.
 */
static const char *
vcell(struct view *v, sqlite3_stmt *st, int i, int is_time, char *tbuf,
    size_t tlen)
{
	const char *val = xf_view_cell(st, i, is_time, tbuf, tlen);

	if (!v->redact || val == NULL || is_time || i >= SHOW_COLS_MAX ||
	    sqlite3_column_type(st, i) != SQLITE_TEXT)
		return val;
	xf_buf_reset(&v->mask[i]);
	if (xf_redact_value(sqlite3_column_name(st, i),
	    column_text(st, "field"), v->who.p, val, &v->mask[i]) == -1) {
		v->oom = 1;
		return "";
	}
	return xf_buf_str(&v->mask[i]);
}

/* Prepares sql with id bound to its one parameter. */
static int
prepare_id(struct xf_store *s, const char *sql, int64_t id,
    sqlite3_stmt **st, struct xf_err *err)
{
	if (xf_store_prepare(s, sql, st, err) == -1)
		return -1;
	sqlite3_bind_int64(*st, 1, id);
	return 0;
}

/* The end of a loop over st's rows: rc is its last step. */
static int
done(struct xf_store *s, sqlite3_stmt *st, int rc, const char *what,
    struct xf_err *err)
{
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, what, err);
	return 0;
}

/*
 * One event as text: the time, and a deadline's old and new values, in
 * ISO 8601 local time like every other time xf prints.
 */
static void
event_row(struct view *v, sqlite3_stmt *st, const char *vals[EVENT_COLS],
    char tb[3][XF_TIMELEN])
{
	int i, times;

	vals[0] = vcell(v, st, 0, 1, tb[0], XF_TIMELEN);
	for (i = 1; i < EVENT_COLS; i++)
		vals[i] = vcell(v, st, i, 0, NULL, 0);
	/* An escalation's or alert's old and new are levels of that
	 * deadline, not times. */
	times = vals[3] != NULL && xf_view_is_time(vals[3]) &&
	    (vals[2] == NULL || (strcmp(vals[2], "escalate") != 0 &&
	    strcmp(vals[2], "alert") != 0));
	for (i = 4; i <= 5 && times; i++)
		if (vals[i] != NULL)
			vals[i] = vcell(v, st, i, 1, tb[i - 3],
			    XF_TIMELEN);
}

/* s as one line with nothing a terminal would obey (xf.7). */
static int
add_oneline(struct xf_buf *b, const char *s)
{
	return xf_safe_text(b, s, strlen(s), XF_SAFE_LINE);
}

/* Fields shown as a block of text rather than a one-line value. */
static int
is_block(const char *name)
{
	return strcmp(name, "body") == 0;
}

/*
 * s made safe for a terminal, with every line, the first too, after
 * indent: a line of a body can never pass for a field or an event.
 */
static int
indent_text(struct xf_buf *b, const char *s, const char *indent)
{
	struct xf_buf safe = { 0 };
	int rc;

	rc = xf_safe_text(&safe, s, strlen(s), XF_SAFE_BLOCK);
	if (rc == 0)
		rc = xf_buf_adds(b, indent);
	for (s = xf_buf_str(&safe); rc == 0 && *s != '\0'; s++) {
		rc = xf_buf_addc(b, *s);
		if (rc == 0 && *s == '\n' && s[1] != '\0')
			rc = xf_buf_adds(b, indent);
	}
	if (rc == 0)
		rc = xf_buf_addc(b, '\n');
	xf_buf_free(&safe);
	return rc;
}

/* The complaint's fields, one a line; empty ones left out. */
static int
record_text(struct view *v, sqlite3_stmt *st, struct xf_buf *b)
{
	char tb[XF_TIMELEN];
	const char *name, *val;
	int i, rc = 0, ncol = sqlite3_column_count(st);

	for (i = 0; i < ncol && rc == 0; i++) {
		name = sqlite3_column_name(st, i);
		val = vcell(v, st, i, xf_view_is_time(name), tb,
		    sizeof(tb));
		/* The notices have a section of their own, below. */
		if (val == NULL || *val == '\0' || strcmp(name, "notices") == 0)
			continue;
		if (is_block(name)) {
			rc = xf_buf_printf(b, "%s:\n", name);
			if (rc == 0)
				rc = indent_text(b, val, "    ");
			continue;
		}
		rc = xf_buf_printf(b, "%-18s ", name);
		if (rc == 0)
			rc = add_oneline(b, val);
		if (rc == 0)
			rc = xf_buf_addc(b, '\n');
	}
	return rc;
}

/* One message: when, direction, channel, sender (or who wrote an
 * outgoing one down), subject, and its trust when it is not plain
 * ("[unverified]"); attachments; body. */
static int
message_text(struct view *v, sqlite3_stmt *st, struct xf_buf *b)
{
	char tb[XF_TIMELEN];
	const char *val;
	int i, rc;

	rc = xf_buf_printf(b, "    %s", vcell(v, st, M_AT, 1, tb,
	    sizeof(tb)));
	for (i = M_DIR; i <= M_SUBJECT && rc == 0; i++)
		if ((val = vcell(v, st, i, 0, NULL, 0)) != NULL) {
			rc = xf_buf_adds(b, "  ");
			if (rc == 0)
				rc = add_oneline(b, val);
		}
	val = vcell(v, st, M_TRUST, 0, NULL, 0);
	if (rc == 0 && val != NULL && strcmp(val, "ok") != 0)
		rc = xf_buf_printf(b, "  [%s]", val);
	if (rc == 0)
		rc = xf_buf_addc(b, '\n');
	if (rc == 0 && (val = vcell(v, st, M_ATTACH, 0, NULL, 0)) != NULL) {
		rc = xf_buf_adds(b, "      attachments: ");
		if (rc == 0)
			rc = add_oneline(b, val);
		if (rc == 0)
			rc = xf_buf_addc(b, '\n');
	}
	if (rc == 0 && (val = vcell(v, st, M_BODY, 0, NULL, 0)) != NULL &&
	    *val != '\0')
		rc = indent_text(b, val, "        ");
	return rc;
}

/* The e-mails of a complaint, each with its text indented below it. */
static int
messages_text(struct view *v, int64_t id, struct xf_buf *b,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int n = 0, rc;

	if (prepare_id(v->s, MESSAGES_SQL, id, &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((n++ == 0 && xf_buf_adds(b, "messages:\n") == -1) ||
		    message_text(v, st, b) == -1) {
			sqlite3_finalize(st);
			return oom(err);
		}
	return done(v->s, st, rc, "reading messages", err);
}

/* One notice a line: queued when, kind, channel, language, state (and
 * tries, and the last error while unsent), subject. */
static int
notice_text(struct view *v, sqlite3_stmt *st, struct xf_buf *b)
{
	char tb[XF_TIMELEN];
	const char *val;
	int i, rc;

	rc = xf_buf_printf(b, "    %s", vcell(v, st, 0, 1, tb,
	    sizeof(tb)));
	for (i = 1; i <= 4 && rc == 0; i++) {
		rc = xf_buf_adds(b, "  ");
		if (rc == 0 && (val = vcell(v, st, i, 0, NULL, 0)) != NULL)
			rc = add_oneline(b, val);
	}
	if (rc == 0 && sqlite3_column_int(st, 5) > 0)
		rc = xf_buf_printf(b, " (%d tries)", sqlite3_column_int(st, 5));
	if (rc == 0 && (val = vcell(v, st, 7, 0, NULL, 0)) != NULL &&
	    sqlite3_column_type(st, 6) == SQLITE_NULL) {
		rc = xf_buf_adds(b, " ");
		if (rc == 0)
			rc = add_oneline(b, val);
	}
	if (rc == 0 && (val = vcell(v, st, 8, 0, NULL, 0)) != NULL) {
		rc = xf_buf_adds(b, "  ");
		if (rc == 0)
			rc = add_oneline(b, val);
	}
	return rc == 0 ? xf_buf_addc(b, '\n') : rc;
}

static int
outbox_text(struct view *v, int64_t id, struct xf_buf *b,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int n = 0, rc;

	if (prepare_id(v->s, OUTBOX_SQL, id, &st, err) == -1)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((n++ == 0 && xf_buf_adds(b, "notices:\n") == -1) ||
		    notice_text(v, st, b) == -1) {
			sqlite3_finalize(st);
			return oom(err);
		}
	return done(v->s, st, rc, "reading the outbox", err);
}

/* One event a line; "old -> new" only for a change of a field. */
static int
event_text(struct view *v, sqlite3_stmt *st, struct xf_buf *b)
{
	static const char *const sep[EVENT_COLS] = {
		"    ", "  ", "  ", "  ", " ", " -> ", "  # ",
	};
	char tb[3][XF_TIMELEN];
	const char *vals[EVENT_COLS];
	int i, rc = 0;

	event_row(v, st, vals, tb);
	for (i = 0; i < EVENT_COLS && rc == 0; i++) {
		if (vals[i] == NULL && (i != 5 || vals[3] == NULL))
			continue;
		rc = xf_buf_adds(b, sep[i]);
		if (rc == 0)
			rc = add_oneline(b, vals[i] ? vals[i] : "");
	}
	return rc == 0 ? xf_buf_addc(b, '\n') : rc;
}

static int
history_text(struct view *v, int64_t id, struct xf_buf *b,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare_id(v->s, HISTORY_SQL, id, &st, err) == -1)
		return -1;
	if (xf_buf_adds(b, "history:\n") == -1) {
		sqlite3_finalize(st);
		return oom(err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (event_text(v, st, b) == -1) {
			sqlite3_finalize(st);
			return oom(err);
		}
	return done(v->s, st, rc, "reading the history", err);
}

/* The complaint's fields in the table formatter's values; show_cols
 * names them. */
static int
record_cells(struct view *v, sqlite3_stmt *st,
    const char *vals[SHOW_COLS_MAX],
    char tb[SHOW_COLS_MAX][XF_TIMELEN])
{
	int i, ncol = sqlite3_column_count(st);

	for (i = 0; i < ncol && i < (int)nitems(show_cols); i++)
		vals[i] = vcell(v, st, i,
		    xf_view_is_time(show_cols[i].name), tb[i], XF_TIMELEN);
	return i;
}

/* ,"name":[{...},...] : an array of the objects one row of st each
 * makes with make(); done() ends st. */
static int
json_array(struct view *v, sqlite3_stmt *st, const char *name,
    int (*make)(struct view *, sqlite3_stmt *, struct xf_buf *,
    struct xf_err *), struct xf_buf *b, struct xf_err *err)
{
	int rc = SQLITE_DONE, n = 0;

	if (xf_buf_printf(b, ",\"%s\":[", name) == -1) {
		sqlite3_finalize(st);
		return oom(err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((n++ > 0 && xf_buf_addc(b, ',') == -1) ||
		    make(v, st, b, err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	if (xf_buf_addc(b, ']') == -1) {
		sqlite3_finalize(st);
		return oom(err);
	}
	return done(v->s, st, rc, name, err);
}

static int
event_json(struct view *v, sqlite3_stmt *st, struct xf_buf *b,
    struct xf_err *err)
{
	const char *vals[EVENT_COLS];
	char tb[3][XF_TIMELEN];

	(void)v;
	event_row(v, st, vals, tb);
	if (xf_buf_addc(b, '{') == -1 || xf_json_members(b,
	    xf_view_history_cols + 1, vals, EVENT_COLS) == -1 ||
	    xf_buf_addc(b, '}') == -1)
		return oom(err);
	return 0;
}

static int
attachment_json(struct view *v, sqlite3_stmt *st, struct xf_buf *b,
    struct xf_err *err)
{
	const char *vals[nitems(attachment_cols)];
	size_t i;

	(void)v;
	for (i = 0; i < nitems(attachment_cols); i++)
		vals[i] = vcell(v, st, (int)i, 0, NULL, 0);
	if (xf_buf_addc(b, '{') == -1 || xf_json_members(b, attachment_cols,
	    vals, nitems(attachment_cols)) == -1 || xf_buf_addc(b, '}') == -1)
		return oom(err);
	return 0;
}

/* One e-mail: its fields and its attachments. */
static int
message_json(struct view *v, sqlite3_stmt *st, struct xf_buf *b,
    struct xf_err *err)
{
	const char *vals[nitems(message_cols)];
	char tb[XF_TIMELEN];
	sqlite3_stmt *at;
	size_t i;

	vals[0] = vcell(v, st, 0, 1, tb, sizeof(tb));
	for (i = 1; i < nitems(message_cols); i++)
		vals[i] = vcell(v, st, (int)i, 0, NULL, 0);
	if (xf_buf_addc(b, '{') == -1 || xf_json_members(b, message_cols,
	    vals, nitems(message_cols)) == -1)
		return oom(err);
	if (prepare_id(v->s, ATTACHMENTS_SQL, sqlite3_column_int64(st, M_ID), &at,
	    err) == -1 ||
	    json_array(v, at, "attachments", attachment_json, b, err) == -1)
		return -1;
	return xf_buf_addc(b, '}') == -1 ? oom(err) : 0;
}

/* One notice: its fields, its times as every time is shown. */
static int
notice_json(struct view *v, sqlite3_stmt *st, struct xf_buf *b,
    struct xf_err *err)
{
	const char *vals[nitems(outbox_cols)];
	char tb[2][XF_TIMELEN];
	size_t i;

	(void)v;
	for (i = 0; i < nitems(outbox_cols); i++)
		vals[i] = vcell(v, st, (int)i, i == 0 || i == 6,
		    tb[i == 6], XF_TIMELEN);
	if (xf_buf_addc(b, '{') == -1 || xf_json_members(b, outbox_cols,
	    vals, nitems(outbox_cols)) == -1 || xf_buf_addc(b, '}') == -1)
		return oom(err);
	return 0;
}

/* The complaint as one object: its fields, then "messages", "notices"
 * and "history", arrays of objects (empty ones included, so a reader
 * never has to ask whether they are there). */
static int
record_json(struct view *v, sqlite3_stmt *st, int64_t id,
    struct xf_buf *b, struct xf_err *err)
{
	const char *vals[SHOW_COLS_MAX];
	char tb[SHOW_COLS_MAX][XF_TIMELEN];
	sqlite3_stmt *q;
	int n;

	n = record_cells(v, st, vals, tb);
	if (xf_buf_addc(b, '{') == -1 ||
	    xf_json_members(b, show_cols, vals, (size_t)n) == -1)
		return oom(err);
	if (prepare_id(v->s, MESSAGES_SQL, id, &q, err) == -1 ||
	    json_array(v, q, "messages", message_json, b, err) == -1 ||
	    prepare_id(v->s, OUTBOX_SQL, id, &q, err) == -1 ||
	    json_array(v, q, "outbox", notice_json, b, err) == -1 ||
	    prepare_id(v->s, HISTORY_SQL, id, &q, err) == -1 ||
	    json_array(v, q, "history", event_json, b, err) == -1)
		return -1;
	return xf_buf_addc(b, '}') == -1 ? oom(err) : 0;
}

/* tsv, csv: one row of the complaint's fields, header first if asked. */
static int
record_row(struct view *v, sqlite3_stmt *st, enum xf_fmt fmt, int header,
    struct xf_buf *b)
{
	struct xf_table t;
	const char *vals[SHOW_COLS_MAX];
	char tb[SHOW_COLS_MAX][XF_TIMELEN];
	int rc, n;

	n = record_cells(v, st, vals, tb);
	rc = xf_table_begin(&t, fmt, show_cols, (size_t)n);
	if (!header)
		xf_buf_reset(&t.head);	/* not the first: no header */
	if (rc == 0)
		rc = xf_table_row(&t, vals);
	if (rc == 0)
		rc = xf_buf_add(b, t.out.p, t.out.len);
	xf_table_free(&t);
	return rc;
}

/* The complaint's fields as one more row of the caller's table. */
static int
into_row(struct view *v, sqlite3_stmt *st)
{
	const char *vals[SHOW_COLS_MAX];
	char tb[SHOW_COLS_MAX][XF_TIMELEN];

	if (record_cells(v, st, vals, tb) != (int)v->into->ncol)
		return -1;
	return xf_table_row(v->into, vals);
}

/* The rendering of the complaint st has just stepped onto. */
static int
render(struct view *v, sqlite3_stmt *st, int64_t id, enum xf_fmt fmt,
    int header, struct xf_buf *out, struct xf_err *err)
{
	if (v->into != NULL)
		return into_row(v, st) == -1 ? oom(err) : 0;
	switch (fmt) {
	case XF_FMT_JSON:
	case XF_FMT_JSONL:
		return record_json(v, st, id, out, err);
	case XF_FMT_TSV:
	case XF_FMT_CSV:
		return record_row(v, st, fmt, header, out) == -1 ? oom(err) : 0;
	default:
		if (record_text(v, st, out) == -1)
			return oom(err);
		if (messages_text(v, id, out, err) == -1 ||
		    outbox_text(v, id, out, err) == -1 ||
		    history_text(v, id, out, err) == -1)
			return -1;
		return xf_buf_addc(out, '\n') == -1 ? oom(err) : 0;
	}
}

int
xf_view_show(struct xf_store *s, int64_t id, enum xf_fmt fmt, int header,
    struct xf_buf *out, struct xf_err *err)
{
	return xf_view_show_as(s, id, fmt, header, 0, out, err);
}

static int	show(struct view *v, int64_t id, enum xf_fmt fmt, int header,
		    struct xf_buf *out, struct xf_err *err);

int
xf_view_show_as(struct xf_store *s, int64_t id, enum xf_fmt fmt,
    int header, int redact, struct xf_buf *out, struct xf_err *err)
{
	struct view v = { .s = s, .redact = redact };

	return show(&v, id, fmt, header, out, err);
}

const struct xf_col *
xf_view_show_cols(size_t *n)
{
	*n = nitems(show_cols);
	return show_cols;
}

int
xf_view_show_row(struct xf_store *s, int64_t id, int redact,
    struct xf_table *t, struct xf_err *err)
{
	struct view v = { .s = s, .redact = redact, .into = t };

	return show(&v, id, t->fmt, 0, NULL, err);
}

static int
show(struct view *v, int64_t id, enum xf_fmt fmt, int header,
    struct xf_buf *out, struct xf_err *err)
{
	struct xf_store *s = v->s;
	sqlite3_stmt *st;
	const char *who;
	size_t i;
	int rc;

	if (prepare_id(s, SHOW_SQL, id, &st, err) == -1)
		return -1;
	/*
	 * st stays on its row until the history is read: the read
	 * transaction it holds shows the messages and events of the
	 * complaint as it was, though a writer commits in between.
	 */
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* Read before any cell is masked: every one looks for it. */
		if (v->redact && (who = column_text(st, "complainant")) != NULL &&
		    xf_buf_adds(&v->who, who) == -1)
			v->oom = 1;
		rc = render(v, st, id, fmt, header, out, err);
	}
	else if (rc == SQLITE_DONE)
		rc = xf_errf(err, "no complaint of id %lld", (long long)id);
	else
		rc = xf_store_fail(s, "reading a complaint", err);
	sqlite3_finalize(st);
	for (i = 0; i < nitems(v->mask); i++)
		xf_buf_free(&v->mask[i]);
	xf_buf_free(&v->who);
	return rc == 0 && v->oom ? oom(err) : rc;
}

int
xf_view_history(struct xf_store *s, int64_t id, const char *ref,
    struct xf_table *t, struct xf_err *err)
{
	return xf_view_history_after(s, id, ref, 0, t, err);
}

/* The complaint's complainant in *who (empty when it has none). */
static int
complainant_of(struct xf_store *s, int64_t id, struct xf_buf *who,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	const char *name;
	int rc;

	if (prepare_id(s, "SELECT complainant FROM complaint WHERE id = ?", id,
	    &st, err) == -1)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (name = (const char *)sqlite3_column_text(st, 0)) != NULL &&
	    xf_buf_adds(who, name) == -1) {
		sqlite3_finalize(st);
		return oom(err);
	}
	return done(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc,
	    "reading a complaint", err);
}

static int
history_rows(struct xf_store *s, int64_t id, const char *ref, int64_t after,
    struct xf_table *t, struct view *vw, struct xf_err *err)
{
	sqlite3_stmt *st;
	const char *vals[XF_VIEW_HISTORY_NCOL];
	char tb[3][XF_TIMELEN];
	int rc;

	if (prepare_id(s, HISTORY_AFTER_SQL, id, &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 2, after);
	vals[0] = ref;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		event_row(vw, st, vals + 1, tb);
		if (xf_table_row(t, vals) == -1) {
			sqlite3_finalize(st);
			return oom(err);
		}
	}
	return done(s, st, rc, "reading the history", err);
}

int
xf_view_history_after(struct xf_store *s, int64_t id, const char *ref,
    int64_t after, struct xf_table *t, struct xf_err *err)
{
	struct view v = { .s = s };	/* t masks its own rows */
	int rc;

	/* A redacting table looks for the complainant in the reasons: a
	 * history names no complainant of its own. */
	if (t->redact && complainant_of(s, id, &v.who, err) == -1)
		return -1;
	t->who = v.who.p;
	rc = history_rows(s, id, ref, after, t, &v, err);
	t->who = NULL;
	xf_buf_free(&v.who);
	return rc;
}
