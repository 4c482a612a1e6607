/*
 * record.c: the complaint record a source's fields make, by the rules
 * every source shares.  A CSV or TSV row, the flags of xf-intake and an
 * e-mail all come here, and so will a survey answer or a web form:
 *
 *	received time	as written (any form xf_time_read reads), else
 *			the time the source read itself (an e-mail's
 *			Date), else now, marked unknown so the
 *			fingerprint leaves it out; never more than
 *			XF_FUTURE_SLACK ahead of now
 *	channel		as written, else the source's own, else other
 *	kind		as written, else complaint
 *
 * A channel or kind that is not recognised becomes other (kind:
 * complaint) and is kept verbatim among the extras, so nothing a source
 * said is lost.  A status and milestone times (an old export's history)
 * become the moves backlog.c plans; what does not fit refuses the row.
 * Then the size caps and the required fields are checked.
 */
#include <string.h>

#include "xf.h"

static int
present(const char *s)
{
	return s != NULL && *s != '\0';
}

int
xf_record_future(int64_t at, int64_t now)
{
	return at > now + XF_FUTURE_SLACK;
}

static int
received(const struct xf_recin *in, struct xf_complaint *c,
    struct xf_err *err)
{
	const char *when = in->v[XF_F_RECEIVED];
	char buf[XF_TIMELEN];
	struct xf_err e;

	if (!present(when) && !in->has_at) {
		c->received_at = in->now;
		c->received_unknown = 1;
		return 0;
	}
	if (!present(when))
		c->received_at = in->at;
	else if (xf_time_read(when, XF_TIME_NOW, in->now, &c->received_at,
	    &e) != 0)
		return xf_errf(err, "received time %s", e.msg);
	if (!xf_record_future(c->received_at, in->now))
		return 0;
	if (!present(when) && xf_time_format(c->received_at, buf,
	    sizeof(buf)) == 0)
		when = buf;
	return xf_errf(err, "received time '%.64s' is in the future",
	    when ? when : "?");
}

/* v normalised by norm into *out; kept in the extras under key when
 * it is not recognised. */
static int
canonical(const struct xf_recin *in, const char *v,
    const char *(*norm)(const char *, int *), const char *key,
    const char **out, struct xf_err *err)
{
	int known;

	if (!present(v))
		return 0;
	*out = norm(v, &known);
	if (!known && in->extra != NULL &&
	    xf_extra_add(in->extra, key, v, err) == -1)
		return -1;
	return 0;
}

/* The moves of the history the source gives, if any (backlog.c). */
static int
history(const struct xf_recin *in, struct xf_complaint *c,
    struct xf_err *err)
{
	struct xf_pastin p = {
		.status = in->v[XF_F_STATUS],
		.accepted = in->v[XF_F_ACCEPTED],
		.resolved = in->v[XF_F_RESOLVED],
		.closed = in->v[XF_F_CLOSED],
		.received = c->received_at,
		.received_unknown = c->received_unknown,
		.latest = in->now + XF_FUTURE_SLACK,	/* xf_record_future */
	};

	return xf_past_plan(&p, &c->past, err);
}

/* Checks required fields and size caps; err names the field. */
static int
complaint_check(const struct xf_complaint *c, struct xf_err *err)
{
	size_t i, len;

	if (!present(c->v[XF_F_SUBJECT]) && !present(c->v[XF_F_BODY]))
		return xf_errf(err, "no subject and no body");
	for (i = 0; i < XF_NFIELD; i++) {
		if (c->v[i] == NULL)
			continue;
		len = strlen(c->v[i]);
		if (len > xf_field_max(i))
			return xf_errf(err, "%s is %zu bytes, the limit is %zu",
			    xf_field_name(i), len, xf_field_max(i));
	}
	if (c->extra != NULL && strlen(c->extra) > XF_EXTRA_MAX)
		return xf_errf(err, "unmapped columns hold %zu bytes, the "
		    "limit is %u", strlen(c->extra), XF_EXTRA_MAX);
	return 0;
}

int
xf_record_build(const struct xf_recin *in, struct xf_complaint *c,
    struct xf_err *err)
{
	int f;

	memset(c, 0, sizeof(*c));
	for (f = 0; f < XF_NFIELD; f++)
		c->v[f] = in->v[f];
	c->source = in->source;
	c->message_id = in->message_id;
	c->parent_id = in->parent_id;
	c->channel = in->channel != NULL ? in->channel : "other";
	c->kind = "complaint";
	if (received(in, c, err) == -1 ||
	    canonical(in, in->v[XF_F_CHANNEL], xf_channel_norm,
	    in->channel_key ? in->channel_key : "channel", &c->channel,
	    err) == -1 ||
	    canonical(in, in->v[XF_F_KIND], xf_kind_norm,
	    in->kind_key ? in->kind_key : "kind", &c->kind, err) == -1 ||
	    history(in, c, err) == -1)
		return -1;
	if (in->extra != NULL) {
		if (xf_extra_end(in->extra, err) == -1)
			return -1;
		c->extra = in->extra->len > 0 ? in->extra->p : NULL;
	}
	return complaint_check(c, err);
}
