/*
 * rsvg.c: a table of a report drawn as an inline SVG chart.
 *
 * The chart is drawn from the table's own cells (rdoc.c), never from a
 * second computation, and every mark carries the cell it draws: its row,
 * its column and the cell's text, as data-row, data-col and data-value,
 * and again in a <title> a browser shows on hover.  So a reader, or a
 * test, can check that chart and table say the same thing.  A cell that
 * is absent or not a decimal number is not drawn: it has no mark.
 *
 * The drawing is in its own units (a viewBox VIEW_W wide) and the page
 * scales it to the width it has, so one file serves a phone and a
 * desktop.  Long labels are cut to fit, with "…", their full text in a
 * <title>; when the labels under an axis do not fit side by side they
 * are slanted, and thinned when even that is too tight.  Values are
 * labelled at their bar or point when every label fits there.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xf.h"
#include "xf-private.h"

#define VIEW_W		480.0	/* the viewBox's width */
#define PLOT_H		200.0	/* the plot of a line or bar chart */
#define FONT		13.0	/* axis, legend and row labels */
#define FONT_VALUE	11.0	/* the figure at a bar or point */
#define EM_ASCII	0.65	/* a Latin character's width in ems, about */
#define PAD		6.0	/* between a label and what it labels */
#define LEGEND_ROW	20.0
#define LEGEND_BOX	10.0
#define TICKS		5.0	/* the value axis is cut in about so many steps */
#define BAR_FILL	0.75	/* of a row's slot, what its bars take */
#define BAR_W_MAX	40.0
#define HBAR_H		14.0	/* one bar of a horizontal chart */
#define HBAR_GAP	8.0	/* between the rows of a horizontal chart */
#define LABEL_SHARE	0.4	/* of the width, the most row labels may take */
#define LABEL_COLS	16	/* columns of a label under an axis */
#define SLANT_SIN	0.64	/* slanted labels: sin and cos of 40 degrees */
#define SLANT_COS	0.77
#define LINE_H		1.3	/* a line of text, in ems */
#define DOT_R		3.0
#define DRAW_MAX	1e300	/* a value past this is not drawn */
#define WHOLE_PAST	1e16	/* every double past this is a whole number */
#define PIECE_MAX	256	/* a formatted piece of markup without text */

/* Colours as attributes, not classes: a mail client that drops the
 * page's style still draws the axes. */
#define AXIS_ZERO	"#888888"
#define AXIS_GRID	"#e6e6e6"

/* Okabe and Ito's palette, which the colour-blind tell apart too. */
static const char *const colours[XF_CHART_SERIES] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7",
};

struct chart {
	const struct xf_rtable *t;
	const char	*lang;
	struct xf_buf	*out;
	int		 rc;		/* -1 once out of memory: all else is a no-op */
	size_t		 ys[XF_CHART_SERIES];	/* the columns drawn */
	size_t		 ns;
	double		 lo, hi, step;	/* the value axis */
	double		 left, top, w, h;	/* the plot area */
	double		 height;	/* of the whole drawing */
	double		 legend_h;
	int		 slant;		/* labels under the axis slanted */
	size_t		 every;		/* ... and one in so many shown */
	int		 values;	/* figures written at the marks */
	size_t		 label_cols;	/* hbars: columns a row label may take */
};

/* --- markup, with a sticky error ------------------------------------- */

static void put(struct chart *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct chart *c, const char *fmt, ...)
{
	char piece[PIECE_MAX];
	va_list ap;
	int n;

	if (c->rc == -1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(piece, sizeof(piece), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(piece) ||
	    xf_buf_add(c->out, piece, (size_t)n) == -1)
		c->rc = -1;
}

static void
text(struct chart *c, const char *s)
{
	if (c->rc == 0 && xf_xml_str(c->out, s) == -1)
		c->rc = -1;
}

/* --- cells, labels and their widths ---------------------------------- */

/* 1 with the value when s is a decimal number (-12, 3.5) to draw. */
int
xf_rnum(const char *s, double *v)
{
	const char *p = s;
	char *end;

	if (s == NULL)
		return 0;
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return 0;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p != '\0')
		return 0;
	*v = strtod(s, &end);
	return *v <= DRAW_MAX && *v >= -DRAW_MAX;
}

static int
value(const struct chart *c, size_t row, size_t series, double *v)
{
	return xf_rnum(xf_rtable_cell(c->t, row, c->ys[series]), v);
}

/* The width of s in the drawing's units at font size size. */
static double
width(const char *s, double size)
{
	return (double)xf_utf8_width(s) * EM_ASCII * size;
}

/* s cut to at most cols terminal columns, "…" ending what was cut. */
static void
cut(const char *s, size_t cols, char *buf, size_t len)
{
	size_t i = 0, n, used = 0, slen = strlen(s);
	uint32_t cp;
	char one[8];

	if (xf_utf8_width(s) <= cols) {
		snprintf(buf, len, "%s", s);
		xf_utf8_chop(buf);
		return;
	}
	while (i < slen) {
		n = xf_utf8_decode((const unsigned char *)s + i, slen - i, &cp);
		if (n == 0)
			n = 1;
		if (i + n + sizeof("\xE2\x80\xA6") > len)
			break;
		memcpy(one, s + i, n);
		one[n] = '\0';
		if (used + xf_utf8_width(one) + 1 > cols)
			break;
		used += xf_utf8_width(one);
		i += n;
	}
	memcpy(buf, s, i);
	memcpy(buf + i, "\xE2\x80\xA6", 4);	/* … */
}

/* The label of row, as the table shows it. */
static const char *
row_label(const struct chart *c, size_t row, char *buf, size_t len)
{
	const char *s;

	if (c->t->chart_x >= c->t->ncol) {
		snprintf(buf, len, "%zu", row + 1);
		return buf;
	}
	if ((s = xf_rtable_cell(c->t, row, c->t->chart_x)) == NULL)
		return xf_label("no_value", c->lang);
	return xf_label_value(c->t->cols[c->t->chart_x].name, s, c->lang);
}

static const char *
series_label(const struct chart *c, size_t series)
{
	return xf_label(c->t->cols[c->ys[series]].name, c->lang);
}

/* --- the value axis --------------------------------------------------- */

/* The step of 1, 2 or 5 times a power of ten nearest above x > 0. */
static double
nice_step(double x)
{
	double p = 1, f;

	while (p * 10 <= x)
		p *= 10;
	while (p > x && p > 0)
		p /= 10;
	if (p <= 0)
		return 1;
	f = x / p;
	return p * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
}

/* ceil and floor of x without libm: the quotients here are a few
 * steps, so a long holds them. */
static double
ceil_small(double x)
{
	long k = (long)x;

	return (double)k < x ? (double)(k + 1) : (double)k;
}

static double
floor_small(double x)
{
	long k = (long)x;

	return (double)k > x ? (double)(k - 1) : (double)k;
}

/* 1 when every drawn value is a whole number. */
static int
whole(const struct chart *c)
{
	size_t i, s;
	double v;

	for (i = 0; i < c->t->nrow; i++)
		for (s = 0; s < c->ns; s++)
			/* Past 2^53 every double is whole. */
			if (value(c, i, s, &v) && v > -WHOLE_PAST &&
			    v < WHOLE_PAST && v != (double)(long)v)
				return 0;
	return 1;
}

/* The axis from 0 (or the least value) to the greatest, in nice steps;
 * 0 to 100 at least for percentages; 0 to 1 when every value is 0. */
static void
axis(struct chart *c)
{
	double lo = 0, hi = c->t->percent ? 100 : 0, v;
	size_t i, s;

	for (i = 0; i < c->t->nrow; i++)
		for (s = 0; s < c->ns; s++)
			if (value(c, i, s, &v)) {
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
	if (hi - lo <= 0)
		hi = lo + 1;
	c->step = nice_step((hi - lo) / TICKS);
	/* Counts are whole: no tick between 1 and 2. */
	if (c->step < 1 && whole(c))
		c->step = 1;
	c->hi = ceil_small(hi / c->step) * c->step;
	c->lo = floor_small(lo / c->step) * c->step;
}

/* A tick's figure: short, as 1.5k or 2M, and with % on a percent axis. */
static void
tick_label(const struct chart *c, double v, char *buf, size_t len)
{
	static const struct { double at; const char *unit; } units[] = {
		{ 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e4, "k" },
	};
	double a = v < 0 ? -v : v;
	size_t i;

	for (i = 0; i < nitems(units); i++)
		if (a >= units[i].at) {
			snprintf(buf, len, "%g%s", v / units[i].at,
			    units[i].unit);
			return;
		}
	snprintf(buf, len, "%g%s", v, c->t->percent ? "%" : "");
}

static long
tick_count(const struct chart *c)
{
	return (long)((c->hi - c->lo) / c->step + 0.5);
}

static double
tick_at(const struct chart *c, long k)
{
	return c->lo + (double)k * c->step;
}

static double
widest_tick(const struct chart *c)
{
	char buf[64];
	double w, most = 0;
	long k;

	for (k = 0; k <= tick_count(c); k++) {
		tick_label(c, tick_at(c, k), buf, sizeof(buf));
		if ((w = width(buf, FONT)) > most)
			most = w;
	}
	return most;
}

/* Where v falls: up the plot for a column chart, across for hbars. */
static double
ypos(const struct chart *c, double v)
{
	return c->top + c->h * (c->hi - v) / (c->hi - c->lo);
}

static double
xpos(const struct chart *c, double v)
{
	return c->left + c->w * (v - c->lo) / (c->hi - c->lo);
}

/* --- pieces every chart has ------------------------------------------ */

/* The legend's height for the series laid left to right, wrapped. */
static double
legend_height(const struct chart *c)
{
	double x = 0, rows = 1, w;
	size_t s;

	for (s = 0; s < c->ns; s++) {
		w = LEGEND_BOX + PAD + width(series_label(c, s), FONT) + 2 * PAD;
		if (x > 0 && x + w > VIEW_W) {
			rows++;
			x = 0;
		}
		x += w;
	}
	return rows * LEGEND_ROW;
}

static void
legend(struct chart *c)
{
	double x = 0, y = 0, w;
	size_t s;

	put(c, "<g class=\"legend\">");
	for (s = 0; s < c->ns; s++) {
		const char *name = series_label(c, s);

		w = LEGEND_BOX + PAD + width(name, FONT) + 2 * PAD;
		if (x > 0 && x + w > VIEW_W) {
			y += LEGEND_ROW;
			x = 0;
		}
		put(c, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" "
		    "height=\"%.0f\" fill=\"%s\"/>", x, y + 4, LEGEND_BOX,
		    LEGEND_BOX, colours[s]);
		put(c, "<text x=\"%.1f\" y=\"%.1f\">", x + LEGEND_BOX + PAD,
		    y + 4 + LEGEND_BOX);
		text(c, name);
		put(c, "</text>");
		x += w;
	}
	put(c, "</g>");
}

/* The title a browser shows over a mark: row, series and figure. */
static void
mark_title(struct chart *c, size_t row, size_t s)
{
	char buf[32];

	put(c, "<title>");
	text(c, row_label(c, row, buf, sizeof(buf)));
	put(c, " \xC2\xB7 ");	/* · */
	text(c, series_label(c, s));
	put(c, ": ");
	text(c, xf_rtable_cell(c->t, row, c->ys[s]));
	put(c, "</title>");
}

/* What ties a mark to its cell. */
static void
mark_data(struct chart *c, size_t row, size_t s)
{
	put(c, " data-row=\"%zu\" data-col=\"", row);
	text(c, c->t->cols[c->ys[s]].name);
	put(c, "\" data-value=\"");
	text(c, xf_rtable_cell(c->t, row, c->ys[s]));
	put(c, "\"");
}

static void
value_label(struct chart *c, double x, double y, const char *anchor,
    size_t row, size_t s)
{
	if (!c->values)
		return;
	put(c, "<text class=\"v\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
	    "text-anchor=\"%s\">", x, y, FONT_VALUE, anchor);
	text(c, xf_rtable_cell(c->t, row, c->ys[s]));
	put(c, "</text>");
}

/* 1 when every drawn figure is at most room wide. */
static int
values_fit(const struct chart *c, double room)
{
	size_t i, s;
	double v;

	for (i = 0; i < c->t->nrow; i++)
		for (s = 0; s < c->ns; s++)
			if (value(c, i, s, &v) &&
			    width(xf_rtable_cell(c->t, i, c->ys[s]),
			    FONT_VALUE) > room)
				return 0;
	return 1;
}

static double
widest_value(const struct chart *c)
{
	size_t i, s;
	double v, w, most = 0;

	for (i = 0; i < c->t->nrow; i++)
		for (s = 0; s < c->ns; s++)
			if (value(c, i, s, &v) && (w = width(xf_rtable_cell(
			    c->t, i, c->ys[s]), FONT_VALUE)) > most)
				most = w;
	return most;
}

/* The widest row label once cut to cols columns. */
static double
widest_label(const struct chart *c, size_t cols)
{
	char num[32], buf[256];
	double w, most = 0;
	size_t i;

	for (i = 0; i < c->t->nrow; i++) {
		cut(row_label(c, i, num, sizeof(num)), cols, buf, sizeof(buf));
		if ((w = width(buf, FONT)) > most)
			most = w;
	}
	return most;
}

/* A row label, cut to cols, with its whole text as a title. */
static void
label_text(struct chart *c, size_t row, size_t cols, const char *attrs)
{
	char num[32], buf[256];
	const char *s = row_label(c, row, num, sizeof(num));

	cut(s, cols, buf, sizeof(buf));
	put(c, "<text %s>", attrs);
	if (strcmp(buf, s) != 0) {
		put(c, "<title>");
		text(c, s);
		put(c, "</title>");
	}
	text(c, buf);
	put(c, "</text>");
}

/*
 * The drawing's frame, its title and legend.  data-x and data-y name the
 * columns that label and that are drawn, so that a check can find every
 * number the chart must show.
 */
static void
open_svg(struct chart *c)
{
	size_t s;

	put(c, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" font-size=\"%.0f\" role=\"img\" data-x=\"",
	    VIEW_W, c->height, VIEW_W, c->height, FONT);
	if (c->t->chart_x < c->t->ncol)
		text(c, c->t->cols[c->t->chart_x].name);
	put(c, "\" data-y=\"");
	for (s = 0; s < c->ns; s++) {
		put(c, s > 0 ? " " : "");
		text(c, c->t->cols[c->ys[s]].name);
	}
	put(c, "\"><title>");
	text(c, xf_label(c->t->name, c->lang));
	put(c, "</title>");
	legend(c);
}

/* --- line and column charts: rows across, values up ------------------ */

/* The x of row i's slot centre: a bar's, or a point's, so that the
 * labels of the first and last points have room as a bar's have. */
static double
slot_x(const struct chart *c, size_t i)
{
	return c->left + c->w * ((double)i + 0.5) / (double)c->t->nrow;
}

static double
slot_w(const struct chart *c)
{
	return c->w / (double)c->t->nrow;
}

/* Lays out the plot: the legend above, tick labels left, row labels
 * under it (slanted and thinned when they do not fit straight). */
static void
layout_columns(struct chart *c)
{
	double lw, below, slot;

	c->legend_h = legend_height(c);
	c->left = widest_tick(c) + 2 * PAD;
	c->top = c->legend_h + FONT_VALUE + PAD;
	c->w = VIEW_W - c->left - 3 * PAD;
	c->h = PLOT_H;
	lw = widest_label(c, LABEL_COLS);
	slot = slot_w(c);
	c->every = 1;
	c->slant = lw + PAD > slot;
	below = FONT + 2 * PAD;
	if (c->slant) {
		/* The first label slants left of its slot: room for it. */
		if (c->left < lw * SLANT_COS + PAD) {
			c->left = lw * SLANT_COS + PAD;
			c->w = VIEW_W - c->left - 3 * PAD;
			slot = slot_w(c);
		}
		below = lw * SLANT_SIN + FONT + 2 * PAD;
		/* Slanted labels a slot apart are slot * sin apart
		 * across their lines: at least a line's height. */
		while (slot * (double)c->every * SLANT_SIN < FONT * LINE_H)
			c->every++;
	}
	c->height = c->top + c->h + below;
}

static void
value_axis(struct chart *c)
{
	char buf[64];
	double y;
	long k;

	put(c, "<g class=\"axis\">");
	for (k = 0; k <= tick_count(c); k++) {
		y = ypos(c, tick_at(c, k));
		put(c, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"%s\"/>", c->left, y, c->left + c->w, y,
		    tick_at(c, k) == 0 ? AXIS_ZERO : AXIS_GRID);
		tick_label(c, tick_at(c, k), buf, sizeof(buf));
		put(c, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
		    c->left - PAD, y + FONT / 3);
		text(c, buf);
		put(c, "</text>");
	}
	put(c, "</g>");
}

static void
row_axis(struct chart *c)
{
	char attrs[PIECE_MAX];
	double x, y = c->top + c->h + FONT + PAD;
	size_t i;

	put(c, "<g class=\"rows\">");
	for (i = 0; i < c->t->nrow; i++) {
		if (i % c->every != 0)
			continue;
		x = slot_x(c, i);
		if (c->slant)
			snprintf(attrs, sizeof(attrs), "x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"end\" transform=\"rotate(-40 %.1f "
			    "%.1f)\"", x + FONT / 3, y - FONT / 2,
			    x + FONT / 3, y - FONT / 2);
		else
			snprintf(attrs, sizeof(attrs), "x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"middle\"", x, y);
		label_text(c, i, LABEL_COLS, attrs);
	}
	put(c, "</g>");
}

static void
bars(struct chart *c)
{
	double slot = slot_w(c), bw, x, y0 = ypos(c, 0), y, v;
	size_t i, s;

	bw = slot * BAR_FILL / (double)c->ns;
	if (bw > BAR_W_MAX)
		bw = BAR_W_MAX;
	c->values = values_fit(c, bw + PAD);
	for (i = 0; i < c->t->nrow; i++)
		for (s = 0; s < c->ns; s++) {
			if (!value(c, i, s, &v))
				continue;
			x = slot_x(c, i) - bw * (double)c->ns / 2 +
			    bw * (double)s;
			y = ypos(c, v);
			put(c, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\"", x, v < 0 ? y0 : y,
			    bw, v < 0 ? y - y0 : y0 - y, colours[s]);
			mark_data(c, i, s);
			put(c, ">");
			mark_title(c, i, s);
			put(c, "</rect>");
			value_label(c, x + bw / 2, v < 0 ? y + FONT_VALUE + 2 :
			    y - 3, "middle", i, s);
		}
}

/* One series as a line through its points, broken where a cell is not
 * a number, then a dot a point. */
static void
line(struct chart *c, size_t s)
{
	size_t i;
	double v;
	int pen = 0;

	put(c, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"",
	    colours[s]);
	for (i = 0; i < c->t->nrow; i++) {
		if (!value(c, i, s, &v)) {
			pen = 0;
			continue;
		}
		put(c, "%s%.1f %.1f ", pen ? "L" : "M", slot_x(c, i),
		    ypos(c, v));
		pen = 1;
	}
	put(c, "\"/>");
	for (i = 0; i < c->t->nrow; i++) {
		if (!value(c, i, s, &v))
			continue;
		put(c, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.0f\" "
		    "fill=\"%s\"", slot_x(c, i), ypos(c, v), DOT_R,
		    colours[s]);
		mark_data(c, i, s);
		put(c, ">");
		mark_title(c, i, s);
		put(c, "</circle>");
		value_label(c, slot_x(c, i), ypos(c, v) - DOT_R - 3,
		    "middle", i, s);
	}
}

static void
columns(struct chart *c)
{
	size_t s;

	layout_columns(c);
	open_svg(c);
	value_axis(c);
	row_axis(c);
	if (c->t->chart == XF_CHART_LINE) {
		/* Figures at the points of several lines run into one
		 * another where the lines meet: one line only. */
		c->values = c->ns == 1 && values_fit(c, slot_w(c) - PAD);
		for (s = 0; s < c->ns; s++)
			line(c, s);
	} else
		bars(c);
	put(c, "</svg>");
}

/* --- horizontal bars: a row a line, labels left ---------------------- */

static void
layout_hbars(struct chart *c)
{
	double label_w = widest_label(c, LABEL_COLS * 2);

	c->label_cols = LABEL_COLS * 2;
	if (label_w > VIEW_W * LABEL_SHARE) {
		label_w = VIEW_W * LABEL_SHARE;
		c->label_cols = (size_t)(label_w / (EM_ASCII * FONT));
	}
	c->legend_h = legend_height(c);
	c->left = label_w + PAD;
	c->top = c->legend_h + PAD;
	c->w = VIEW_W - c->left - widest_value(c) - 2 * PAD;
	c->h = (double)c->t->nrow * ((double)c->ns * HBAR_H + HBAR_GAP);
	c->height = c->top + c->h + FONT + 2 * PAD;
	c->values = 1;
}

static void
hbar_axis(struct chart *c)
{
	char buf[64];
	double x;
	long k;

	put(c, "<g class=\"axis\">");
	for (k = 0; k <= tick_count(c); k++) {
		x = xpos(c, tick_at(c, k));
		put(c, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"%s\"/>", x, c->top, x, c->top + c->h,
		    tick_at(c, k) == 0 ? AXIS_ZERO : AXIS_GRID);
		tick_label(c, tick_at(c, k), buf, sizeof(buf));
		put(c, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		    x, c->top + c->h + FONT + PAD / 2);
		text(c, buf);
		put(c, "</text>");
	}
	put(c, "</g>");
}

static void
hbar_row(struct chart *c, size_t i)
{
	char attrs[PIECE_MAX];
	double row_h = (double)c->ns * HBAR_H + HBAR_GAP;
	double y = c->top + (double)i * row_h + HBAR_GAP / 2, x0 = xpos(c, 0);
	double x, v;
	size_t s;

	snprintf(attrs, sizeof(attrs), "x=\"%.1f\" y=\"%.1f\" "
	    "text-anchor=\"end\"", c->left - PAD,
	    y + (double)c->ns * HBAR_H / 2 + FONT / 3);
	label_text(c, i, c->label_cols, attrs);
	for (s = 0; s < c->ns; s++, y += HBAR_H) {
		if (!value(c, i, s, &v))
			continue;
		x = xpos(c, v);
		put(c, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"%s\"", v < 0 ? x : x0, y + 1,
		    v < 0 ? x0 - x : x - x0, HBAR_H - 2, colours[s]);
		mark_data(c, i, s);
		put(c, ">");
		mark_title(c, i, s);
		put(c, "</rect>");
		value_label(c, v < 0 ? x0 + 3 : x + 3, y + HBAR_H - 3,
		    "start", i, s);
	}
}

static void
hbars(struct chart *c)
{
	size_t i;

	layout_hbars(c);
	open_svg(c);
	hbar_axis(c);
	for (i = 0; i < c->t->nrow; i++)
		hbar_row(c, i);
	put(c, "</svg>");
}

int
xf_rsvg_chart(struct xf_buf *out, const struct xf_rtable *t,
    const char *lang)
{
	struct chart c;
	size_t s;

	memset(&c, 0, sizeof(c));
	c.t = t;
	c.lang = lang;
	c.out = out;
	for (s = 0; s < t->nseries; s++)
		if (t->chart_y[s] < t->ncol)
			c.ys[c.ns++] = t->chart_y[s];
	if (t->chart == XF_CHART_NONE || t->nrow == 0 || c.ns == 0)
		return 0;
	axis(&c);
	if (t->chart == XF_CHART_HBARS)
		hbars(&c);
	else
		columns(&c);
	return c.rc;
}
