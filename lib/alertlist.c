/*
 * alertlist.c: the alerts of a report while they are made, and the
 * dates they quote (alert.c, alertscan.c, alertrisk.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"

struct xf_arow *
xf_alist_add(struct xf_alist *l, enum xf_severity sev, const char *kind,
    const char *key)
{
	struct xf_arow *a;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;

		if ((a = realloc(l->a, cap * sizeof(*a))) == NULL)
			return NULL;
		l->a = a;
		l->cap = cap;
	}
	a = &l->a[l->n];
	memset(a, 0, sizeof(*a));
	if ((a->key = strdup(key)) == NULL)
		return NULL;
	a->sev = sev;
	a->kind = kind;
	l->n++;
	return a;
}

int
xf_arow_ref(struct xf_arow *a, const char *ref)
{
	if (a->nrefs++ >= XF_WARN_REFS_MAX)
		return 0;
	if (a->refs.len > 0 && xf_buf_addc(&a->refs, ',') == -1)
		return -1;
	return xf_buf_adds(&a->refs, ref);
}

/* t in the local zone by fmt, or its epoch when it has no local form. */
static void
local_text(int64_t t, const char *fmt, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL || strftime(buf, len, fmt, &tm) == 0)
		snprintf(buf, len, "%lld", (long long)t);
}

void
xf_alert_time(int64_t t, char buf[32])
{
	local_text(t, "%Y-%m-%d %H:%M", buf, 32);
}

void
xf_alert_date(int64_t t, char buf[16])
{
	local_text(t, "%Y-%m-%d", buf, 16);
}
