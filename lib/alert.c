/*
 * alert.c: early warning over a period.  Not written yet: the table is
 * declared with its columns and holds no alert.
 */
#include "xf.h"

static const struct xf_col alert_cols[] = {
	{ "severity", XF_COL_TEXT }, { "kind", XF_COL_TEXT },
	{ "key", XF_COL_TEXT }, { "count", XF_COL_NUM },
	{ "baseline", XF_COL_NUM }, { "refs", XF_COL_LIST },
	{ "why", XF_COL_TEXT },
};

int
xf_report_alerts(struct xf_store *s, const struct xf_report_opts *o,
    struct xf_report *r, struct xf_err *err)
{
	(void)s;
	(void)o;
	if (xf_report_table(r, "alerts", alert_cols, nitems(alert_cols)) ==
	    NULL)
		return xf_errf(err, "out of memory");
	return 0;
}
