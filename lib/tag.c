/*
 * tag.c: free tags on complaints (issue 16): words a desk chooses to
 * sort its work by ("退款", "催办"), any number to a complaint.
 *
 * The tag table (schema-11.sql) holds the tags as they stand, for list
 * --tag, show and xf-report --by tag; the history holds every change,
 * one "tag" event each (field "tag", new the tag added, old the tag
 * removed), so what a complaint was tagged and by whom is never lost
 * when the tag goes.  A change that changes nothing (adding a tag it
 * has, removing one it has not) records nothing.
 *
 * A tag is one short line of text: what show prints on one line and
 * TSV in one field, and what a report prints as a group.  So it is
 * trimmed, and refused when empty, too long, or holding a control
 * character (tab and newline included), a comma (show and TSV list
 * tags with commas) or a leading + or - (xf-status tag reads those as
 * the change).
 */
#include <string.h>

#include "xf.h"
#include "xf-private.h"

#define IDEO_SPACE	0x3000	/* what a Chinese input method types */

static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == IDEO_SPACE;
}

/* A character no tag may hold: a control, a line break, a comma. */
static int
refused(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x2028 || cp == 0x2029 || cp == ',';
}

/* s without the spaces at its ends: *start, *len. */
static void
trim(const char *s, const char **start, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k, last = 0;
	uint32_t cp;
	int lead = 1;

	*start = s;
	*len = 0;
	while (n > 0 && (k = xf_utf8_decode(p, n, &cp)) > 0) {
		if (lead && is_space(cp))
			*start = (const char *)p + k;
		else {
			lead = 0;
			if (!is_space(cp))
				last = (size_t)((const char *)p + k - *start);
		}
		p += k;
		n -= k;
	}
	*len = last;
}

int
xf_tag_norm(const char *s, char out[XF_TAG_BYTES + 1], struct xf_err *err)
{
	const unsigned char *p;
	const char *start;
	size_t len, n, k, chars = 0;
	uint32_t cp;

	if (!xf_utf8_valid(s, strlen(s)))
		return xf_errf(err, "a tag is valid UTF-8");
	trim(s, &start, &len);
	if (len == 0)
		return xf_errf(err, "a tag holds a word, not nothing");
	if (*start == '+' || *start == '-')
		return xf_errf(err, "a tag starts with neither + nor -: "
		    "those add and remove one");
	p = (const unsigned char *)start;
	for (n = len; n > 0; p += k, n -= k) {
		k = xf_utf8_decode(p, n, &cp);
		if (refused(cp))
			return xf_errf(err, cp == ',' ? "a tag holds no comma: "
			    "tags are listed with commas" : "a tag holds no "
			    "control character, tab or line break");
		chars++;
	}
	if (chars > XF_TAG_MAX)
		return xf_errf(err, "a tag is at most %d characters",
		    XF_TAG_MAX);
	memcpy(out, start, len);
	out[len] = '\0';
	return 0;
}

int
xf_tag_op_parse(const char *arg, struct xf_tag_op *op, struct xf_err *err)
{
	struct xf_err e;

	if (*arg != '+' && *arg != '-')
		return xf_errf(err, "%s: a change is +TAG or -TAG", arg);
	op->add = *arg == '+';
	if (xf_tag_norm(arg + 1, op->tag, &e) == -1)
		return xf_errf(err, "%s: %s", arg, e.msg);
	return 0;
}

int
xf_tags_of(struct xf_store *s, int64_t id, struct xf_buf *out,
    struct xf_err *err)
{
	sqlite3_stmt *st;
	int rc;

	xf_buf_reset(out);
	if (xf_store_prepare(s, "SELECT tag FROM tag WHERE complaint_id = ?1"
	    " ORDER BY tag", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((out->len > 0 && xf_buf_addc(out, ',') == -1) ||
		    xf_buf_adds(out, (const char *)sqlite3_column_text(st,
		    0)) == -1) {
			sqlite3_finalize(st);
			return xf_errf(err, "out of memory");
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "reading tags", err);
	return 0;
}

/* One change; *changed 1 when the table changed, and then its event. */
static int
tag_one(struct xf_store *s, int64_t id, const struct xf_tag_op *op,
    struct xf_change *ch, int *changed, struct xf_err *err)
{
	struct xf_event ev = {
		.complaint_id = id, .at = ch->now, .actor = ch->actor,
		.kind = "tag", .field = "tag", .reason = ch->reason,
	};
	sqlite3_stmt *st;
	int rc;

	if (xf_store_prepare(s, op->add ? "INSERT OR IGNORE INTO tag"
	    " (complaint_id, tag) VALUES (?1, ?2)" : "DELETE FROM tag"
	    " WHERE complaint_id = ?1 AND tag = ?2", &st, err) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, op->tag, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return xf_store_fail(s, "changing a tag", err);
	if (sqlite3_changes(s->db) == 0)
		return 0;
	*changed = 1;
	if (op->add)
		ev.new = op->tag;
	else
		ev.old = op->tag;
	return xf_event_add(s, &ev, err);
}

int
xf_tag_change(struct xf_store *s, const char *ref,
    const struct xf_tag_op *ops, size_t n, struct xf_change *ch,
    struct xf_buf *tags, struct xf_err *err)
{
	int64_t id, mark;
	int changed = 0, rc = 0;
	size_t i;

	if (xf_change_begin(s, ref, &id, &mark, ch, err) == -1)
		return -1;
	rc = xf_role_check(s, ch->actor, XF_ACT_WRITE, id, err);
	for (i = 0; i < n && rc == 0; i++)
		rc = tag_one(s, id, &ops[i], ch, &changed, err);
	if (rc == 0 && changed)
		rc = xf_complaint_touch(s, id, ch->now, err);
	if (rc == 0)
		rc = xf_tags_of(s, id, tags, err);
	if (rc == -1) {
		xf_store_rollback(s);
		return -1;
	}
	return xf_change_finish(s, id, mark, ch, err);
}
