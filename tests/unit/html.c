/*
 * html.c: the text of HTML mail bodies: tags dropped, references
 * decoded, block elements as line breaks, white space collapsed within
 * lines, script, style and title content dropped, and broken markup read
 * without failing.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

/* xf_html_text of a literal into a buffer kept for the last call. */
static const char *
text(const char *html)
{
	static struct xf_buf out;

	xf_buf_reset(&out);
	if (xf_html_text(html, strlen(html), &out) == -1)
		return "(failed)";
	return xf_buf_str(&out);
}

static void
test_entities(void)
{
	is_str(text("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"),
	    "a & b <c> \"d\" 'e'", "basic named references");
	is_str(text("&#x4e2d;&#20013;&#X6587;"), "中中文",
	    "hex and decimal references");
	is_str(text("a&mdash;b&ndash;c&hellip; &ldquo;q&rdquo; &euro;5"),
	    "a—b–c… “q” €5", "punctuation references");
	is_str(text("x&nbsp;&nbsp;&nbsp;y"), "x y", "&nbsp; runs are one space");
	is_str(text("&#0;&#xD800;&#x110000;"), "\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD", "NUL, surrogate and out-of-range become U+FFFD");
	is_str(text("&#150;&#153;"), "–™", "0x80-0x9F read as Windows-1252");
	is_str(text("AT&T &bogus; &#; &#xZZ; & x"), "AT&T &bogus; &#; &#xZZ; & x",
	    "what is no reference stays as written");
	is_str(text("&amp &lt3"), "& &lt3", "old names without ';' only alone");
	is_str(text("&#99999999999;"), "\xEF\xBF\xBD", "overlong number");
}

static void
test_breaks(void)
{
	is_str(text("<p>one</p><p>two</p>"), "one\n\ntwo", "paragraphs");
	is_str(text("<div>a</div><div>b</div>c"), "a\nb\nc", "divs");
	is_str(text("line<br>break<BR/>again<br />x"), "line\nbreak\nagain\nx",
	    "br in its spellings");
	is_str(text("a<br><br><br><br>b"), "a\n\nb", "at most one blank line");
	is_str(text("<ul><li>one</li><li>two</li></ul>after"),
	    "one\ntwo\nafter", "list items");
	is_str(text("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr>"
	    "</table>"), "a b\nc", "table rows and cells");
	is_str(text("<h1>Title</h1>text<h2>Sub</h2>"), "Title\n\ntext\n\nSub",
	    "headings");
	is_str(text("<br><p>  lead</p>"), "lead", "no leading breaks or spaces");
	is_str(text("end<br><br>  \n</p>"), "end", "no trailing breaks");
}

static void
test_space(void)
{
	is_str(text("  a \t b\n\n  c  "), "a b c", "runs of white space collapse");
	is_str(text("<span>a</span><b>b</b> <i>c</i>"), "ab c",
	    "inline tags join text");
	is_str(text("<pre>  x  y\n   z</pre>after"), "  x  y\n   z\n\nafter",
	    "pre keeps white space");
	is_str(text("中文 <b>投诉</b>\n内容"), "中文 投诉 内容", "UTF-8 passes");
}

static void
test_hidden(void)
{
	is_str(text("<script>var a = '<p>x</p>';</script>shown"), "shown",
	    "script content dropped");
	is_str(text("<STYLE type=\"text/css\">p { x: 1 }</STYLE>shown"),
	    "shown", "style content dropped, any case");
	is_str(text("<head><title>T</title></head><body>b</body>"), "b",
	    "title dropped");
	is_str(text("a<!-- <p>hidden</p> -->b<!DOCTYPE html>c<?xml x?>d"),
	    "abcd", "comments and declarations dropped");
	is_str(text("<script src=x.js/>after"), "after",
	    "self-closed script hides nothing");
	is_str(text("<script>never closed"), "", "unclosed script hides the rest");
}

static void
test_broken(void)
{
	is_str(text("a < b and c<3"), "a < b and c<3", "a '<' that is no tag");
	is_str(text("<a href=\"x>y\" title='it''s'>link</a>"), "link",
	    "'>' inside quoted attributes");
	is_str(text("<a href=\"unclosed>text</a> more"), "text more",
	    "an unmatched quote: the tag ends at the next '>'");
	is_str(text("before<div class=x"), "before", "unclosed tag at the end");
	is_str(text("x<!-- never closed"), "x", "unclosed comment");
	is_str(text("<verylongtagnamethatisnotreal>t</verylongtagnamethatisnotreal>"),
	    "t", "long unknown tags");
}

static void
test_append(void)
{
	struct xf_buf out = { 0 };

	xf_buf_adds(&out, "head:");
	ok(xf_html_text("<p>x</p>", 8, &out) == 0, "appends");
	is_str(xf_buf_str(&out), "head:x", "to what is there");
	xf_buf_reset(&out);
	ok(xf_html_text("", 0, &out) == 0 && out.p != NULL &&
	    out.len == 0, "empty input gives an empty string");
	xf_buf_reset(&out);
	ok(xf_html_text("a<b", 2, &out) == 0 && strcmp(out.p, "a<") == 0,
	    "length is honoured");
	xf_buf_free(&out);
}

int
main(void)
{
	test_entities();
	test_breaks();
	test_space();
	test_hidden();
	test_broken();
	test_append();
	return done_testing();
}
