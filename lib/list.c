/*
 * list.c: the query behind xf-status list, built from the filters given.
 *
 * One catch-all statement with optional filters ("?1 IS NULL OR status
 * = ?1") reads every row of the store whatever is asked: SQLite plans a
 * statement once, before it knows which parameters are NULL, so no
 * index can serve a term that may be switched off.  So the WHERE here
 * names only the filters a caller gave, each a term an index can serve
 * (share/schema-5.sql says which), and every value is still bound as a
 * parameter, never pasted into the text.  A list of values (-s
 * new,accepted) is an IN list of parameters, one for each value.
 *
 * Without -s or -A the list is the open complaints, XF_OPEN_SQL, which
 * names the open statuses rather than the finished ones so that the
 * status index serves it: a store of years of complaints holds a few
 * percent open ones, the rest finished.
 */
#include <stdlib.h>
#include <string.h>

#include "xf.h"

/* More than any vocabulary has values (vocab.c): a comma list is one
 * of those, each at most once. */
#define LIST_VALUES_MAX	16
#define LIST_PARAMS_MAX	(4 * LIST_VALUES_MAX + 16 + 3 * XF_WHERE_MAX)

const struct xf_col xf_list_cols[XF_LIST_NCOLS_DUE] = {
	{ "ref", XF_COL_TEXT }, { "received_at", XF_COL_TEXT },
	{ "status", XF_COL_TEXT }, { "channel", XF_COL_TEXT },
	{ "priority", XF_COL_TEXT }, { "category", XF_COL_TEXT },
	{ "team", XF_COL_TEXT }, { "assignee", XF_COL_TEXT },
	{ "complainant", XF_COL_TEXT }, { "subject", XF_COL_TEXT },
	{ "ack_due", XF_COL_TEXT }, { "due", XF_COL_TEXT },
};

static const char select_sql[] =
    "SELECT ref, received_at, status, channel, priority, category,"
    " team, assignee, complainant, subject, ack_due, due,"
    " first_response_at FROM complaint WHERE 1";

/*
 * The deadline a complaint owes now, as overdue.c has it: the
 * acknowledgement while new and unanswered, the resolution while in
 * hand and not waiting; none otherwise (NULL, sorted last).
 */
#define OWED_SQL \
    "CASE WHEN status = 'new' AND first_response_at IS NULL THEN ack_due" \
    " WHEN status = 'accepted' OR status = 'assigned'" \
    " OR status = 'in_progress' THEN due END"

/*
 * Each order, then id, which is the number of the ref (XF-2026-000123
 * is complaint 123, register.c): ties come in the order of their refs
 * within a year, and the rowid every index entry ends in serves it.
 * received_at is the default, the order people read a list in and that
 * of complaint_received (schema-5.sql): a list the index reads in that
 * order needs no sort at all, and a filtered one sorts only what it
 * selected.  updated_at has complaint_updated likewise.  No index holds
 * due or priority in order across statuses: those sort what the
 * filters selected, which for a queue (the open complaints, a team's,
 * one handler's) is thousands of rows, not the store.  The unset come
 * last either way round: a complaint without a deadline is not the
 * most urgent nor the least.
 */
static const struct {
	const char	*name;
	const char	*key;		/* the first term of ORDER BY */
	int		 nulls;		/* may be NULL: NULLS LAST */
} sorts[] = {
	[XF_SORT_RECEIVED] = { "received", "received_at", 0 },
	[XF_SORT_DUE] = { "due", "due", 1 },
	[XF_SORT_OVERDUE] = { "overdue", OWED_SQL, 1 },
	[XF_SORT_PRIORITY] = { "priority", "priority", 1 },
	[XF_SORT_UPDATED] = { "updated", "updated_at", 0 },
};

int
xf_list_sort_parse(const char *word, enum xf_list_sort *sort, int *desc,
    struct xf_err *err)
{
	size_t i;

	*desc = *word == '-';
	for (i = 0; i < nitems(sorts); i++)
		if (strcmp(word + *desc, sorts[i].name) == 0) {
			*sort = (enum xf_list_sort)i;
			return 0;
		}
	return xf_errf(err, "want received, due, overdue, priority or "
	    "updated, with - before it for the other way round");
}

enum xf_owed
xf_list_owed(const char *status, int answered, int ack)
{
	if (status == NULL)
		return XF_OWED_NO;
	if (ack)
		return strcmp(status, "new") == 0 && !answered ? XF_OWED_YES :
		    XF_OWED_NO;
	if (strcmp(status, "waiting") == 0)
		return XF_OWED_PAUSED;
	return strcmp(status, "accepted") == 0 ||
	    strcmp(status, "assigned") == 0 ||
	    strcmp(status, "in_progress") == 0 ? XF_OWED_YES : XF_OWED_NO;
}

/*
 * The fields --where takes: complaint's text and count columns, each
 * with the term that compares it (category as complaint_category is
 * collated, so that the index serves it).  Times are ranges, not
 * values: --since and its kin say them.
 */
static const struct {
	const char	*name;
	const char	*term;
	int		 numeric;
} where_fields[] = {
	{ "ref", "ref", 0 }, { "status", "status", 0 },
	{ "channel", "channel", 0 }, { "kind", "kind", 0 },
	{ "complainant", "complainant", 0 }, { "contact", "contact", 0 },
	{ "subject", "subject", 0 }, { "body", "body", 0 },
	{ "category", "category COLLATE NOCASE", 0 },
	{ "priority", "priority", 0 }, { "flags", "flags", 0 },
	{ "team", "team", 0 }, { "assignee", "assignee", 0 },
	{ "source", "source", 0 }, { "ext_id", "ext_id", 0 },
	{ "lang", "lang", 0 },
	{ "reopen_count", "reopen_count", 1 },
	{ "paused_seconds", "paused_seconds", 1 },
};
static const char *const where_times[] = {
	"received_at", "registered_at", "updated_at", "ack_due", "due",
	"accepted_at", "first_response_at", "resolved_at", "closed_at",
	"paused_since", "classified_at",
};
#define EXTRA_PREFIX	"extra."

static int
where_known(struct xf_where *w, const char *name, size_t len,
    struct xf_err *err)
{
	size_t i;

	for (i = 0; i < nitems(where_fields); i++)
		if (strlen(where_fields[i].name) == len &&
		    memcmp(where_fields[i].name, name, len) == 0) {
			w->column = where_fields[i].term;
			w->numeric = where_fields[i].numeric;
			return 0;
		}
	for (i = 0; i < nitems(where_times); i++)
		if (strlen(where_times[i]) == len &&
		    memcmp(where_times[i], name, len) == 0)
			return xf_errf(err, "%.*s is a time: --since, --until, "
			    "--updated-since and --updated-until take times",
			    (int)len, name);
	return xf_errf(err, "no field %.*s: ref, status, channel, kind, "
	    "complainant, contact, subject, body, category, priority, flags, "
	    "team, assignee, source, ext_id, lang, reopen_count, "
	    "paused_seconds, or extra.KEY", (int)len, name);
}

int
xf_list_where_parse(const char *arg, struct xf_where *w,
    struct xf_err *err)
{
	const char *eq = strchr(arg, '=');
	const char *p;
	size_t len, plen = strlen(EXTRA_PREFIX);

	memset(w, 0, sizeof(*w));
	if (eq == NULL || eq == arg)
		return xf_errf(err, "want FIELD=VALUE");
	len = (size_t)(eq - arg);
	w->field = arg;
	w->value = eq + 1;
	if (!xf_utf8_valid(arg, strlen(arg)))
		return xf_errf(err, "not valid UTF-8");
	if (len >= plen && memcmp(arg, EXTRA_PREFIX, plen) == 0) {
		w->key = arg + plen;
		w->keylen = len - plen;
		if (w->keylen == 0)
			return xf_errf(err, "extra. names no key");
		return 0;
	}
	if (where_known(w, arg, len, err) == -1)
		return -1;
	if (w->numeric && *w->value != '\0') {
		for (p = w->value; *p >= '0' && *p <= '9'; p++)
			;
		if (*p != '\0' || p - w->value > 18)
			return xf_errf(err, "%.*s is a count, not %s",
			    (int)len, arg, w->value);
	}
	return 0;
}

/* A parameter to bind once the statement is prepared. */
struct param {
	const char	*text;		/* NULL: an integer */
	size_t		 len;
	int64_t		 n;
};

struct build {
	struct xf_buf	 sql;
	struct xf_buf	 ids;		/* q's ids as a JSON array */
	struct param	 p[LIST_PARAMS_MAX];
	int		 np;
	int		 oom, toomany;
};

static void
add(struct build *b, const char *s)
{
	if (xf_buf_adds(&b->sql, s) == -1)
		b->oom = 1;
}

/* "?N" for a new parameter of text s[0..len) or, s NULL, of n. */
static void
param(struct build *b, const char *s, size_t len, int64_t n)
{
	char num[24];

	if (b->np == LIST_PARAMS_MAX) {
		b->toomany = 1;
		return;
	}
	b->p[b->np].text = s;
	b->p[b->np].len = len;
	b->p[b->np].n = n;
	b->np++;
	snprintf(num, sizeof(num), "?%d", b->np);
	add(b, num);
}

/* " AND col op ?N" */
static void
term_text(struct build *b, const char *col_op, const char *s)
{
	add(b, " AND ");
	add(b, col_op);
	param(b, s, strlen(s), 0);
}

static void
term_int(struct build *b, const char *col_op, int64_t n)
{
	add(b, " AND ");
	add(b, col_op);
	param(b, NULL, 0, n);
}

/* 1 when s[0..len) is the text of a parameter from first on. */
static int
seen(const struct build *b, int first, const char *s, size_t len)
{
	int i;

	for (i = first; i < b->np; i++)
		if (b->p[i].len == len && memcmp(b->p[i].text, s, len) == 0)
			return 1;
	return 0;
}

/*
 * " AND col IN (?N, ...)", a parameter for each value of the comma list,
 * each once: a vocabulary has a few values, and "-s new,new,..." a
 * hundred times is still one.
 */
static void
term_in(struct build *b, const char *col, const char *list)
{
	const char *p = list, *comma;
	int first = b->np;
	size_t len;

	add(b, " AND ");
	add(b, col);
	add(b, " IN (");
	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (!seen(b, first, p, len)) {
			if (b->np > first)
				add(b, ", ");
			param(b, p, len, 0);
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	add(b, ")");
}

/*
 * Issue 14.  --unverified: the complaints that hold a message waiting
 * for a person's word (message_unverified holds only those).
 *
 * --replied: a reply from the complainant (an inbound message the
 * intake took as theirs, event "message", or one a person confirmed,
 * "confirm") came after the handler's last action, and no outgoing
 * message was stored since.  The handler's last action is the newest
 * event of any kind but those below, which the intake, machines or the
 * trust of a stranger's message make, or which describe the complaint
 * rather than answer it (an access request's disclosure, issue 15;
 * a tag, issue 16).  The intake's own reopen or resume of a reply
 * comes before the reply's event, so it never answers it.  The newest
 * event that counts is found from the end of the complaint's history
 * (event_complaint), a step or two back for most complaints.
 */
static const char unverified_sql[] =
    " AND id IN (SELECT complaint_id FROM message"
    " WHERE trust = 'unverified')";
static const char replied_sql[] =
    " AND (SELECT CASE WHEN e.kind = 'message' OR e.kind = 'confirm'"
    "  THEN e.at END FROM event e WHERE e.complaint_id = complaint.id"
    "  AND e.kind <> 'created' AND e.kind <> 'unverified'"
    "  AND e.kind <> 'refuse' AND e.kind <> 'followup'"
    "  AND e.kind <> 'import' AND e.kind <> 'classify'"
    "  AND e.kind <> 'set' AND e.kind <> 'assign'"
    "  AND e.kind <> 'deadline' AND e.kind <> 'alert'"
    "  AND e.kind <> 'escalate' AND e.kind <> 'access'"
    "  AND e.kind <> 'tag'"
    "  ORDER BY e.id DESC LIMIT 1)"
    " > coalesce((SELECT max(o.registered_at) FROM message o"
    "  WHERE o.complaint_id = complaint.id AND o.direction = 'out'), -1)";

/*
 * Issue 15: the complaints of one person (xf_person_ids), a handful
 * among a million.  One parameter however many: a JSON array that
 * json_each reads, each id a lookup of the rowid.
 */
static void
term_ids(struct build *b, const int64_t *ids, size_t n)
{
	char num[24];
	size_t i;

	if (xf_buf_addc(&b->ids, '[') == -1)
		b->oom = 1;
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%s%lld", i > 0 ? "," : "",
		    (long long)ids[i]);
		if (xf_buf_adds(&b->ids, num) == -1)
			b->oom = 1;
	}
	if (xf_buf_addc(&b->ids, ']') == -1)
		b->oom = 1;
	add(b, " AND id IN (SELECT value FROM json_each(");
	param(b, b->ids.p, b->ids.len, 0);
	add(b, "))");
}

/*
 * --where on a key of extra, a JSON object (intake's unmapped columns):
 * json_each reads its keys, so the key is a parameter like the value
 * and no JSON path is ever built from what a person typed.  A row
 * whose extra is not JSON has no keys: json_each would fail the whole
 * list on it, and CASE reads it only once json_valid says it may.
 * Nothing indexes extra: the term reads each row the other filters
 * selected.
 */
static void
term_extra(struct build *b, const struct xf_where *w)
{
	int unset = *w->value == '\0';

	add(b, unset ? " AND NOT" : " AND");
	add(b, " CASE WHEN json_valid(extra) THEN EXISTS (SELECT 1 FROM"
	    " json_each(complaint.extra) WHERE key = ");
	param(b, w->key, w->keylen, 0);
	if (unset)
		add(b, " AND value IS NOT NULL AND CAST(value AS TEXT) <> ''");
	else {
		add(b, " AND CAST(value AS TEXT) = ");
		param(b, w->value, strlen(w->value), 0);
	}
	add(b, ") ELSE 0 END");
}

/* --where on a column: equal, or with an empty value unset. */
static void
term_where(struct build *b, const struct xf_where *w)
{
	if (w->column == NULL) {
		term_extra(b, w);
		return;
	}
	add(b, " AND ");
	if (*w->value == '\0') {
		add(b, "(");
		add(b, w->column);
		add(b, " IS NULL OR ");
		add(b, w->column);
		add(b, w->numeric ? " = 0)" : " = '')");
		return;
	}
	add(b, w->column);
	add(b, " = ");
	if (w->numeric)
		param(b, NULL, 0, strtoll(w->value, NULL, 10));
	else
		param(b, w->value, strlen(w->value), 0);
}

static void
build_where(struct build *b, const struct xf_list_query *q)
{
	size_t i;

	/* A message waiting for a person's word is work whatever the
	 * complaint's status: a stranger's reply to a closed one first. */
	if (q->statuses != NULL)
		term_in(b, "status", q->statuses);
	else if (!q->all && !q->unverified)
		add(b, " AND " XF_OPEN_SQL);
	if (q->unverified)
		add(b, unverified_sql);
	if (q->replied)
		add(b, replied_sql);
	if (q->channels != NULL)
		term_in(b, "channel", q->channels);
	if (q->priorities != NULL)
		term_in(b, "priority", q->priorities);
	if (q->has_since)
		term_int(b, "received_at >= ", q->since);
	if (q->has_until)
		term_int(b, "received_at < ", q->until);
	if (q->assignee != NULL)
		term_text(b, "assignee = ", q->assignee);
	if (q->team != NULL)
		term_text(b, "team = ", q->team);
	/* As complaint_category is collated, so that it serves the term. */
	if (q->category != NULL)
		term_text(b, "category COLLATE NOCASE = ", q->category);
	/* Flags are a sorted comma list: no index finds one inside it, but
	 * complaint_flagged holds only the complaints that have any. */
	if (q->flag != NULL) {
		add(b, " AND flags <> '' AND instr(',' || flags || ',', ','"
		    " || ");
		param(b, q->flag, strlen(q->flag), 0);
		add(b, " || ',') > 0");
	}
	if (q->has_usince)
		term_int(b, "updated_at >= ", q->usince);
	if (q->has_uuntil)
		term_int(b, "updated_at < ", q->uuntil);
	if (q->by_ids)
		term_ids(b, q->ids, q->nids);
	if (q->match != NULL) {
		add(b, " AND id IN (SELECT rowid FROM complaint_fts WHERE"
		    " complaint_fts MATCH ");
		param(b, q->match, strlen(q->match), 0);
		add(b, ")");
	}
	if (q->nwhere > XF_WHERE_MAX || q->ntags > XF_WHERE_MAX)
		b->toomany = 1;
	for (i = 0; i < q->nwhere; i++)
		term_where(b, &q->where[i]);
	/* A tag's complaints through tag_name (schema-11.sql). */
	for (i = 0; i < q->ntags; i++) {
		add(b, " AND id IN (SELECT complaint_id FROM tag WHERE tag = ");
		param(b, q->tags[i], strlen(q->tags[i]), 0);
		add(b, ")");
	}
}

static void
build_order(struct build *b, const struct xf_list_query *q)
{
	const char *dir = q->desc ? " DESC" : "";

	add(b, " ORDER BY ");
	add(b, sorts[q->sort].key);
	add(b, dir);
	if (sorts[q->sort].nulls)
		add(b, " NULLS LAST");
	add(b, ", id");
	add(b, dir);
}

static void
bind_all(sqlite3_stmt *st, const struct build *b)
{
	int i;

	for (i = 0; i < b->np; i++)
		if (b->p[i].text != NULL)
			/* Transient: the ids' array is the build's. */
			sqlite3_bind_text(st, i + 1, b->p[i].text,
			    (int)b->p[i].len, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, i + 1, b->p[i].n);
}

int
xf_list_prepare(struct xf_store *s, const struct xf_list_query *q,
    sqlite3_stmt **st, struct xf_err *err)
{
	struct build b;
	int rc;

	memset(&b, 0, sizeof(b));
	add(&b, select_sql);
	build_where(&b, q);
	build_order(&b, q);
	if (q->limit >= 0) {
		add(&b, " LIMIT ");
		param(&b, NULL, 0, q->limit);
	}
	if (b.oom || b.toomany) {
		xf_buf_free(&b.sql);
		xf_buf_free(&b.ids);
		return xf_errf(err, b.oom ? "out of memory" :
		    "too many values to list by");
	}
	rc = xf_store_prepare(s, b.sql.p, st, err);
	xf_buf_free(&b.sql);
	if (rc == 0)
		bind_all(*st, &b);
	xf_buf_free(&b.ids);
	return rc;
}
