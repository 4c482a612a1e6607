/*
 * rhtml.c: a report as one self-contained HTML file.
 *
 * The file is mailed as an attachment and opened wherever it lands: on
 * a phone, offline, in a mail client that fetches nothing.  So it holds
 * everything it shows: the style inline, the charts as inline SVG
 * (rsvg.c), no script, no font, no image, no link outside itself.  It
 * is also well-formed XML (every tag closed, every attribute quoted,
 * every text through xf_xml_text), so that xmllint can check it and no
 * cell can open a tag.  Each table comes as its heading, its chart when
 * the report asks for one, then the table itself, which scrolls inside
 * its box on a narrow screen rather than widening the page.
 *
 * The page prints what the report holds and nothing else: a report
 * holds figures, never a complainant's words or contacts (xf.h), so
 * none can appear here.  Names are shown in r->lang through rlabels.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"
#include "xf-private.h"

#define PIECE_MAX	256	/* a formatted piece of markup without text */
#define PAIRS_MIN	4	/* columns of one row shown as pairs past this */
#define WRAP_COLS	32	/* a text column with a longer cell wraps */

/*
 * Kept short: the page must read on a phone (the table scrolls, the
 * chart scales), in print (no scrolling, no page break inside a table
 * when it can be helped, colours kept), and in a mail client.
 */
static const char style[] =
	"body{margin:0;padding:12px;color:#222;background:#fff;"
	"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Noto Sans\",\"PingFang SC\",\"Hiragino Sans GB\","
	"\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif}"
	"header,main,footer{max-width:960px;margin:0 auto}"
	"h1{font-size:1.4em;margin:.2em 0}"
	"h2{font-size:1.15em;margin:1.4em 0 .4em;padding-bottom:.2em;"
	"border-bottom:1px solid #ddd}"
	".meta{margin:.1em 0;color:#555}"
	"svg.chart{display:block;width:100%;max-width:600px;height:auto;"
	"margin:.4em 0 .8em}"
	"svg text{fill:#333}"
	".scroll{overflow-x:auto;max-width:100%}"
	"table{border-collapse:separate;border-spacing:0;font-size:.9em;"
	"font-variant-numeric:tabular-nums}"
	"th,td{padding:.3em .6em;border-bottom:1px solid #e6e6e6;"
	"text-align:left;vertical-align:top}"
	"th{background:#f3f5f7;font-weight:600;min-width:5em}"
	"td{white-space:nowrap}"
	"td.w{white-space:normal;min-width:16em}"
	".pairs th{background:#fff;font-weight:normal;white-space:normal}"
	".pairs td{font-weight:600}"
	".n{text-align:right}"
	".li{white-space:nowrap}"
	"tr>:first-child{position:sticky;left:0;background:#fff}"
	"thead tr>:first-child{background:#f3f5f7}"
	".none{color:#777;font-style:italic}"
	"footer{margin-top:2em;color:#888;font-size:.8em}"
	"@media print{body{padding:0;font-size:10pt}"
	".scroll{overflow:visible}section{break-inside:avoid}"
	"svg.chart{max-width:16cm}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

struct page {
	const struct xf_report *r;
	struct xf_buf	*out;
	int		 rc;		/* -1 once out of memory */
};

static void put(struct page *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct page *p, const char *fmt, ...)
{
	char piece[PIECE_MAX];
	va_list ap;
	int n;

	if (p->rc == -1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(piece, sizeof(piece), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(piece) ||
	    xf_buf_add(p->out, piece, (size_t)n) == -1)
		p->rc = -1;
}

static void
text(struct page *p, const char *s)
{
	if (p->rc == 0 && xf_xml_str(p->out, s) == -1)
		p->rc = -1;
}

static const char *
label(const struct page *p, const char *name)
{
	return xf_label(name, p->r->lang);
}

/* --- the header: kind, period, as of --------------------------------- */

/* t as a person reads it, with the machine's form as datetime. */
static void
when(struct page *p, int64_t t, int day_only)
{
	char iso[XF_TIMELEN], shown[32];
	time_t tt = (time_t)t;
	struct tm tm;

	xf_time_format(t, iso, sizeof(iso));
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(shown, sizeof(shown), day_only ? "%Y-%m-%d" :
	    "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(shown, sizeof(shown), "%s", iso);
	put(p, "<time datetime=\"");
	text(p, iso);
	put(p, "\">");
	text(p, shown);
	put(p, "</time>");
}

/* UTC+08:00, the zone the times are shown in (that of since). */
static void
zone(struct page *p)
{
	time_t tt = (time_t)p->r->since;
	struct tm tm;
	long off;

	if (localtime_r(&tt, &tm) == NULL)
		return;
	off = tm.tm_gmtoff;
	put(p, " (UTC%c%02ld:%02ld)", off < 0 ? '-' : '+',
	    (off < 0 ? -off : off) / XF_HOUR,
	    (off < 0 ? -off : off) % XF_HOUR / XF_MINUTE);
}

/*
 * The period: whole days as their first and last day (until is
 * excluded, so a week from Monday to Monday reads Monday to Sunday),
 * any other bounds as they are.
 */
static void
period(struct page *p)
{
	const struct xf_report *r = p->r;
	int days = xf_local_midnight(r->since) && xf_local_midnight(r->until) &&
	    r->until > r->since;

	put(p, "<p class=\"meta\">");
	text(p, label(p, "period_of"));
	put(p, ": ");
	when(p, r->since, days);
	put(p, " \xE2\x80\x93 ");	/* – */
	when(p, days ? r->until - 1 : r->until, days);
	zone(p);
	put(p, "</p><p class=\"meta\">");
	text(p, label(p, "as_of"));
	put(p, ": ");
	when(p, r->as_of, 0);
	put(p, "</p>");
}

static void
head(struct page *p)
{
	const char *kind = label(p, p->r->kind);

	put(p, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n<title>",
	    strcmp(p->r->lang, "zh") == 0 ? "zh-CN" : "en");
	text(p, kind);
	put(p, "</title>\n<style>");
	if (p->rc == 0 && xf_buf_adds(p->out, style) == -1)
		p->rc = -1;
	put(p, "</style>\n</head>\n<body>\n<header>\n<h1>");
	text(p, kind);
	put(p, "</h1>\n");
	period(p);
	put(p, "\n</header>\n<main>\n");
}

/* --- a table ---------------------------------------------------------- */

/* A list cell (flags, refs) with a space after each comma, to wrap
 * there and not inside an item (a ref's hyphen). */
static void
list_cell(struct page *p, const char *s)
{
	const char *comma;

	while ((comma = strchr(s, ',')) != NULL) {
		put(p, "<span class=\"li\">");
		if (p->rc == 0 && xf_xml_text(p->out, s, (size_t)(comma - s)) ==
		    -1)
			p->rc = -1;
		put(p, "</span>, ");
		s = comma + 1;
	}
	put(p, "<span class=\"li\">");
	text(p, s);
	put(p, "</span>");
}

/* 1 when a column holds a text long enough to wrap (an alert's why):
 * the others keep each cell on one line, as a figure or a name reads. */
static int
wraps(const struct xf_rtable *t, size_t col)
{
	const char *s;
	size_t i;

	if (t->cols[col].type == XF_COL_NUM)
		return 0;
	for (i = 0; i < t->nrow; i++)
		if ((s = xf_rtable_cell(t, i, col)) != NULL &&
		    xf_utf8_width(s) > WRAP_COLS)
			return 1;
	return 0;
}

static void
cell(struct page *p, const struct xf_rtable *t, size_t row, size_t col,
    int wrap)
{
	const char *s = xf_rtable_cell(t, row, col);
	enum xf_coltype type = t->cols[col].type;

	put(p, "<td%s>", type == XF_COL_NUM ? " class=\"n\"" :
	    wrap ? " class=\"w\"" : "");
	if (s != NULL && type == XF_COL_LIST)
		list_cell(p, s);
	else if (s != NULL)
		text(p, xf_label_value(t->cols[col].name, s, p->r->lang));
	put(p, "</td>");
}

static void
table(struct page *p, const struct xf_rtable *t)
{
	size_t i, j;
	char *wrap;

	put(p, "<div class=\"scroll\"><table>\n<thead><tr>");
	for (j = 0; j < t->ncol; j++) {
		put(p, "<th scope=\"col\" data-col=\"");
		text(p, t->cols[j].name);
		put(p, "\"%s>", t->cols[j].type == XF_COL_NUM ?
		    " class=\"n\"" : "");
		text(p, label(p, t->cols[j].name));
		put(p, "</th>");
	}
	put(p, "</tr></thead>\n<tbody>\n");
	if ((wrap = calloc(t->ncol ? t->ncol : 1, 1)) == NULL) {
		p->rc = -1;
		return;
	}
	for (j = 0; j < t->ncol; j++)
		wrap[j] = (char)wraps(t, j);
	for (i = 0; i < t->nrow; i++) {
		put(p, "<tr>");
		for (j = 0; j < t->ncol; j++)
			cell(p, t, i, j, wrap[j]);
		put(p, "</tr>\n");
	}
	free(wrap);
	put(p, "</tbody>\n</table></div>\n");
}

/*
 * A table of one row and many columns (a summary) as a column of
 * name-value pairs: read down a phone instead of scrolled across.
 */
static void
pairs(struct page *p, const struct xf_rtable *t)
{
	size_t j;

	put(p, "<div class=\"scroll\"><table class=\"pairs\">\n<tbody>\n");
	for (j = 0; j < t->ncol; j++) {
		put(p, "<tr><th scope=\"row\" data-col=\"");
		text(p, t->cols[j].name);
		put(p, "\">");
		text(p, label(p, t->cols[j].name));
		put(p, "</th>");
		cell(p, t, 0, j, wraps(t, j));
		put(p, "</tr>\n");
	}
	put(p, "</tbody>\n</table></div>\n");
}

static void
section(struct page *p, const struct xf_rtable *t)
{
	put(p, "<section id=\"t-");
	text(p, t->name);
	put(p, "\" data-table=\"");
	text(p, t->name);
	put(p, "\">\n");
	/* A report of one table (sla, backlog) has its name as a title
	 * already. */
	if (p->r->ntable > 1 || strcmp(t->name, p->r->kind) != 0) {
		put(p, "<h2>");
		text(p, label(p, t->name));
		put(p, "</h2>\n");
	}
	if (t->nrow == 0) {
		put(p, "<p class=\"none\">");
		text(p, label(p, "none"));
		put(p, "</p>\n</section>\n");
		return;
	}
	if (p->rc == 0 && xf_rsvg_chart(p->out, t, p->r->lang) == -1)
		p->rc = -1;
	put(p, "\n");
	if (t->nrow == 1 && t->ncol > PAIRS_MIN && t->chart == XF_CHART_NONE)
		pairs(p, t);
	else
		table(p, t);
	put(p, "</section>\n");
}

int
xf_report_html(const struct xf_report *r, struct xf_buf *out,
    struct xf_err *err)
{
	struct page p = { r, out, 0 };
	size_t i;

	head(&p);
	for (i = 0; i < r->ntable; i++)
		section(&p, &r->tables[i]);
	put(&p, "</main>\n<footer><p>");
	text(&p, label(&p, "made_by"));
	put(&p, "</p></footer>\n</body>\n</html>\n");
	if (p.rc == -1)
		return xf_errf(err, "out of memory writing the HTML report");
	return 0;
}
