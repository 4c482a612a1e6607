/*
 * rhtml.c: a report as one self-contained HTML file.  Not written yet:
 * xf-report -o html is refused until it is.
 */
#include "xf.h"

int
xf_report_html(const struct xf_report *r, struct xf_buf *out,
    struct xf_err *err)
{
	(void)r;
	(void)out;
	return xf_errf(err, "-o html is not written yet");
}
