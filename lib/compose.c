/*
 * compose.c: the bytes of an e-mail to a complainant (RFC 5322, MIME),
 * as xf-notify hands them to sendmail.
 *
 * Written here rather than through GMime: the message is always one
 * text/plain part in UTF-8, and every choice it needs is small and
 * better stated than left to a library's defaults:
 *
 *   - Lines end in LF, as sendmail(8) reads a message on its standard
 *     input; the mail system makes them CRLF on the wire.
 *   - The body goes as 7bit when it is ASCII with no line over 78
 *     characters, else as base64 in lines of 76: base64 carries
 *     Chinese at 4/3 of its size where quoted-printable takes 3, and
 *     no mail system in between may re-wrap or mangle it.
 *   - The Subject keeps its ASCII head (the "[XF-2026-000123]" every
 *     template starts with) as plain text, so a person or a filter
 *     reading the raw header sees the ref, and encodes the rest as
 *     RFC 2047 encoded-words of at most 75 characters, each a whole
 *     number of UTF-8 characters, one to a folded line.
 *   - Addresses must be ASCII without control characters: a CR or LF
 *     in one would let a value write headers of its own.
 */
#include <string.h>
#include <time.h>

#include "xf.h"

#define LINE_SOFT	78	/* RFC 5322's recommended line length */
#define B64_LINE	76	/* RFC 2045's longest base64 line */
#define WORD_LINE	76	/* RFC 2047: a line with encoded-words */
#define WORD_OVERHEAD	12	/* "=?UTF-8?B?" and "?=" */
#define WORD_PLAIN_MAX	900	/* a longer word is encoded, to fold */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
xf_base64(struct xf_buf *out, const void *data, size_t len, size_t line)
{
	const unsigned char *p = data;
	size_t i, col = 0;
	char q[4];

	for (i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		if (line > 0 && col + 4 > line) {
			if (xf_buf_addc(out, '\n') == -1)
				return -1;
			col = 0;
		}
		if (xf_buf_add(out, q, 4) == -1)
			return -1;
		col += 4;
	}
	if (line > 0 && len > 0 && xf_buf_addc(out, '\n') == -1)
		return -1;
	return 0;
}

/* 1 when s[0..len) is printable ASCII (and tabs). */
static int
ascii_printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x7f ||
		    ((unsigned char)s[i] < 0x20 && s[i] != '\t'))
			return 0;
	return 1;
}

/* 1 when body may go as 7bit: ASCII text, no line over LINE_SOFT. */
static int
body_7bit(const char *body)
{
	const char *p = body, *nl;
	size_t n;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n > LINE_SOFT || !ascii_printable(p, n))
			return 0;
		if (nl == NULL)
			break;
	}
	return 1;
}

/* The length of the longest head of s[0..len) that is whole UTF-8
 * characters and at most max bytes (never 0 when len is not). */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	size_t k;

	if (len <= max)
		return len;
	k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	return k > 0 ? k : max;
}

/* 1 when s[0..n) holds "=?", which a reader would take for the start
 * of an encoded-word. */
static int
starts_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == '=' && s[i + 1] == '?')
			return 1;
	return 0;
}

/* The longest run of s[0..n) without a space. */
static size_t
longest_word(const char *s, size_t n)
{
	size_t i, run = 0, max = 0;

	for (i = 0; i < n; i++) {
		run = s[i] == ' ' ? 0 : run + 1;
		if (run > max)
			max = run;
	}
	return max;
}

/* Plain ASCII words, folded before a word that would pass LINE_SOFT;
 * *used is the length of the line so far, then of its last line. */
static int
fold_plain(struct xf_buf *out, const char *text, size_t len, size_t *used)
{
	size_t n;

	while (len > 0) {
		n = 1 + strcspn(text + 1, " ");
		if (n > len)
			n = len;
		if (*used + n > LINE_SOFT && *used > 1 && *text == ' ') {
			if (xf_buf_addc(out, '\n') == -1)
				return -1;
			*used = 0;
		}
		if (xf_buf_add(out, text, n) == -1)
			return -1;
		*used += n;
		text += n;
		len -= n;
	}
	return 0;
}

int
xf_rfc2047(struct xf_buf *out, const char *text, size_t used)
{
	size_t len = strlen(text), head = 0, i, k, room;

	/* Plain when it can be: ASCII, nothing a reader would decode, no
	 * word too long to fold (a line may not pass 998). */
	if (ascii_printable(text, len) && !starts_word(text, len) &&
	    longest_word(text, len) <= WORD_PLAIN_MAX)
		return fold_plain(out, text, len, &used);
	/* The ASCII words before the first one that is not: plain. */
	for (i = 0; i < len && (unsigned char)text[i] < 0x80 &&
	    (unsigned char)text[i] >= 0x20; i++)
		if (text[i] == ' ')
			head = i;
	if (head > 0 && ascii_printable(text, head) &&
	    !starts_word(text, head) &&
	    longest_word(text, head) <= WORD_PLAIN_MAX) {
		if (fold_plain(out, text, head, &used) == -1 ||
		    xf_buf_addc(out, ' ') == -1)
			return -1;
		used++;
		text += head + 1;
		len -= head + 1;
	}
	while (len > 0) {
		room = used + WORD_OVERHEAD + 8 <= WORD_LINE ?
		    (WORD_LINE - used - WORD_OVERHEAD) / 4 * 3 : 0;
		if (room == 0) {
			if (xf_buf_adds(out, "\n ") == -1)
				return -1;
			used = 1;
			continue;
		}
		k = utf8_cut(text, len, room);
		if (xf_buf_adds(out, "=?UTF-8?B?") == -1 ||
		    xf_base64(out, text, k, 0) == -1 ||
		    xf_buf_adds(out, "?=") == -1)
			return -1;
		used += WORD_OVERHEAD + (k + 2) / 3 * 4;
		text += k;
		len -= k;
		if (len > 0) {
			if (xf_buf_adds(out, "\n ") == -1)
				return -1;
			used = 1;
		}
	}
	return 0;
}

/* "<id> <id> ..." folded at LINE_SOFT; used is the header's name. */
static int
id_list(struct xf_buf *out, const char *ids, size_t used)
{
	const char *p = ids;
	size_t n;
	int first = 1;

	while (*(p += strspn(p, " \t<>")) != '\0') {
		n = strcspn(p, " \t<>");
		if (!first && used + n + 3 > LINE_SOFT) {
			if (xf_buf_adds(out, "\n") == -1)
				return -1;
			used = 0;
		}
		if (xf_buf_printf(out, " <%.*s>", (int)n, p) == -1)
			return -1;
		used += n + 3;
		first = 0;
		p += n;
	}
	return xf_buf_addc(out, '\n');
}

int
xf_mail_date(int64_t t, char *out, size_t len)
{
	static const char days[][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	time_t tt = (time_t)t;
	struct tm tm;

	/* Names from a table, not strftime's: the locale must not turn
	 * "Mon" into "一". */
	if (gmtime_r(&tt, &tm) == NULL)
		return -1;
	if ((size_t)snprintf(out, len, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec) >= len)
		return -1;
	return 0;
}

/* An addr-spec: ASCII, one '@' with text either side, no space,
 * control character or the specials that end an address. */
static int
addr_ok(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	return n > 0 && n < 256 && at != NULL && at > s && at < s + n - 1 &&
	    memchr(at + 1, '@', (size_t)(s + n - at - 1)) == NULL &&
	    ascii_printable(s, n) && strcspn(s, " \t<>()[],;:\\\"") >= n;
}

int
xf_mail_from_check(const char *from, struct xf_err *err)
{
	const char *lt = strrchr(from, '<');
	size_t n = strlen(from);

	if (!xf_utf8_valid(from, n) || strpbrk(from, "\r\n") != NULL)
		return xf_errf(err, "the From address is not one line of "
		    "UTF-8");
	if (lt == NULL) {
		if (!addr_ok(from, n))
			return xf_errf(err, "'%s' is not an address such as "
			    "care@example.com or Care <care@example.com>",
			    from);
		return 0;
	}
	if (from[n - 1] != '>' || !addr_ok(lt + 1, (size_t)(from + n - 2 -
	    lt)) || memchr(from, '"', (size_t)(lt - from)) != NULL)
		return xf_errf(err, "'%s' is not an address such as "
		    "care@example.com or Care <care@example.com>", from);
	return 0;
}

/* From: as given, its name quoted or encoded. */
static int
from_header(struct xf_buf *out, const char *from)
{
	const char *lt = strrchr(from, '<');
	size_t n;

	if (xf_buf_adds(out, "From: ") == -1)
		return -1;
	if (lt == NULL)
		return xf_buf_printf(out, "%s\n", from);
	n = (size_t)(lt - from);
	while (n > 0 && (from[n - 1] == ' ' || from[n - 1] == '\t'))
		n--;
	if (n > 0) {
		char name[512];

		if (n >= sizeof(name))
			n = utf8_cut(from, n, sizeof(name) - 1);
		memcpy(name, from, n);
		name[n] = '\0';
		if (ascii_printable(name, n) && strchr(name, '\\') == NULL) {
			if (xf_buf_printf(out, "\"%s\" ", name) == -1)
				return -1;
		} else if (xf_rfc2047(out, name, 6) == -1 ||
		    xf_buf_adds(out, " ") == -1)
			return -1;
	}
	return xf_buf_printf(out, "%s\n", lt);
}

int
xf_compose(const struct xf_mailcompose *m, struct xf_buf *out,
    struct xf_err *err)
{
	struct xf_buf text = { 0 };
	const char *body = m->body;
	char date[64];
	int seven, bad = 0;

	if (!addr_ok(m->to, strlen(m->to)))
		return xf_errf(err, "the recipient is not an ASCII address");
	if (xf_mail_from_check(m->from, err) == -1)
		return xf_err_config(err);
	if (strpbrk(m->message_id, "<> \t\r\n") != NULL ||
	    (m->in_reply_to != NULL && strpbrk(m->in_reply_to, "\r\n")) ||
	    (m->refs != NULL && strpbrk(m->refs, "\r\n")))
		return xf_errf(err, "a Message-ID holds a line break or "
		    "brackets");
	if (!xf_utf8_valid(m->subject, strlen(m->subject)) ||
	    !xf_utf8_valid(m->body, strlen(m->body)))
		return xf_errf(err, "the text is not UTF-8");
	if (xf_mail_date(m->date, date, sizeof(date)) == -1)
		return xf_errf(err, "a date mail cannot carry");
	seven = body_7bit(m->body);
	xf_buf_reset(out);
	/* Text ends with a line break, whatever the template's last line. */
	if (*m->body != '\0' && m->body[strlen(m->body) - 1] != '\n') {
		if (xf_buf_printf(&text, "%s\n", m->body) == -1)
			return xf_errf(err, "out of memory");
		body = xf_buf_str(&text);
	}
	bad |= xf_buf_printf(out, "Date: %s\n", date);
	bad |= from_header(out, m->from);
	bad |= xf_buf_printf(out, "To: %s\nSubject: ", m->to);
	bad |= xf_rfc2047(out, m->subject, 9);
	bad |= xf_buf_printf(out, "\nMessage-ID: <%s>\n", m->message_id);
	if (m->in_reply_to != NULL && *m->in_reply_to != '\0') {
		bad |= xf_buf_adds(out, "In-Reply-To:");
		bad |= id_list(out, m->in_reply_to, 12);
	}
	if (m->refs != NULL && *m->refs != '\0') {
		bad |= xf_buf_adds(out, "References:");
		bad |= id_list(out, m->refs, 11);
	}
	if (m->auto_submitted)
		bad |= xf_buf_adds(out, "Auto-Submitted: auto-generated\n");
	bad |= xf_buf_printf(out, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: %s\n\n", seven ? "7bit" : "base64");
	if (seven)
		bad |= xf_buf_adds(out, body);
	else
		bad |= xf_base64(out, body, strlen(body), B64_LINE);
	xf_buf_free(&text);
	return bad ? xf_errf(err, "out of memory") : 0;
}

int
xf_mboxrd(struct xf_buf *out, const char *raw, size_t len, int64_t t)
{
	static const char days[][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	time_t tt = (time_t)t;
	struct tm tm;
	const char *p = raw, *end = raw + len, *nl;
	size_t k;

	if (gmtime_r(&tt, &tm) == NULL)
		return -1;
	if (xf_buf_printf(out, "From xf-notify %s %s %2d %02d:%02d:%02d %d\n",
	    days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, tm.tm_year + 1900) == -1)
		return -1;
	/* mboxrd: a line that is ">"s and "From " gains one more ">". */
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		k = strspn(p, ">");
		if ((size_t)(nl - p) >= k + 5 && memcmp(p + k, "From ", 5) == 0
		    && xf_buf_addc(out, '>') == -1)
			return -1;
		if (xf_buf_add(out, p, (size_t)(nl - p)) == -1 ||
		    xf_buf_addc(out, '\n') == -1)
			return -1;
		if (nl == end)
			break;
	}
	return xf_buf_addc(out, '\n');
}
