/*
 * mailbox.c: where messages come from: an mbox (many messages behind
 * "From " lines), a Maildir (a file per message) or one message.
 *
 * The mbox is split here, line by line, rather than by GMime's mbox
 * parser, because the split must keep each message's exact bytes (they
 * are stored as evidence), must work on a pipe or a gzip stream, and
 * must hold one message in memory at a time, never the mailbox.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "xf.h"

enum { BLOCK = 64 * 1024 };

struct xf_mbox {
	struct xf_input	*in;
	char		*block;
	size_t		 blen, bpos;
	int		 eof;
	struct xf_buf	 line;		/* the line being assembled */
	int64_t		 lineno;	/* of the line in `line` */
	int		 have_line;	/* `line` holds an unconsumed line */
	int		 prev_blank;
	int64_t		 cand;		/* a body line "From ", or 0 */
	int		 cand_hdrs;	/* header lines right after it */
	int		 cand_mail;	/* one of them a mail header */
	int64_t		 embedded;	/* see xf_mbox_embedded */
};

/* Header lines after a body "From " line that make it look like the
 * start of a message: two, one of them a header every message has. */
enum { EMBED_HEADERS = 2 };


/*
 * A message starts with a header field: a name of letters, digits and
 * '-' (RFC 5322 allows more, but no mail software writes it), a colon,
 * then white space.  A spreadsheet's header row is a list of names with
 * commas or tabs between them, which this never matches.
 */
static int
header_line(const char *p, size_t n)
{
	size_t len;

	for (len = 0; len < n && (isalnum((unsigned char)p[len]) ||
	    p[len] == '-'); len++)
		;
	return len > 0 && len + 1 < n && p[len] == ':' &&
	    (p[len + 1] == ' ' || p[len + 1] == '\t' || p[len + 1] == '\r' ||
	    p[len + 1] == '\n');
}

/* A header of mail (not merely "Note: ..." in a letter's text). */
static int
mail_header(const char *p, size_t n)
{
	static const char *const names[] = {
		"From", "Date", "Subject", "To", "Cc", "Message-ID",
		"Received", "Return-Path", "Reply-To", "Sender",
		"MIME-Version", "Content-Type",
	};
	const char *colon = memchr(p, ':', n);
	size_t i, len;

	if (colon == NULL)
		return 0;
	len = (size_t)(colon - p);
	for (i = 0; i < nitems(names); i++)
		if (strlen(names[i]) == len &&
		    strncasecmp(p, names[i], len) == 0)
			return 1;
	return 0;
}

enum xf_mailfmt
xf_mail_sniff(const char *p, size_t n)
{
	while (n > 0 && (*p == '\n' || *p == '\r')) {	/* blank lines */
		p++;
		n--;
	}
	if (n >= 5 && memcmp(p, "From ", 5) == 0)
		return XF_MAIL_MBOX;
	return header_line(p, n) ? XF_MAIL_EML : XF_MAIL_NONE;
}

int
xf_is_maildir(const char *path)
{
	char sub[4096];
	struct stat sb;

	if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return 0;
	snprintf(sub, sizeof(sub), "%s/cur", path);
	if (stat(sub, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return 0;
	snprintf(sub, sizeof(sub), "%s/new", path);
	return stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode);
}

struct xf_mbox *
xf_mbox_open(struct xf_input *in, struct xf_err *err)
{
	struct xf_mbox *mb;

	if ((mb = calloc(1, sizeof(*mb))) == NULL ||
	    (mb->block = malloc(BLOCK)) == NULL) {
		free(mb);
		xf_errf(err, "out of memory");
		return NULL;
	}
	mb->in = in;
	mb->prev_blank = 1;	/* the first line may be a From_ line */
	return mb;
}

void
xf_mbox_close(struct xf_mbox *mb)
{
	if (mb == NULL)
		return;
	free(mb->block);
	xf_buf_free(&mb->line);
	free(mb);
}

/*
 * The next line, newline included, into mb->line.  Lines longer than
 * XF_MAIL_MAX are cut there (the rest comes as further "lines"): memory
 * stays bounded whatever the input.
 */
static int
read_line(struct xf_mbox *mb, struct xf_err *err)
{
	const char *s, *nl;
	size_t n;
	long got;

	xf_buf_reset(&mb->line);
	for (;;) {
		if (mb->bpos == mb->blen) {
			if (mb->eof)
				return mb->line.len > 0;
			if ((got = xf_input_read(mb->in, mb->block, BLOCK,
			    err)) == -1)
				return -1;
			mb->blen = (size_t)got;
			mb->bpos = 0;
			if (got == 0) {
				mb->eof = 1;
				return mb->line.len > 0;
			}
		}
		s = mb->block + mb->bpos;
		nl = memchr(s, '\n', mb->blen - mb->bpos);
		n = nl ? (size_t)(nl - s) + 1 : mb->blen - mb->bpos;
		if (xf_buf_add(&mb->line, s, n) == -1)
			return xf_errf(err, "out of memory");
		mb->bpos += n;
		if (nl != NULL || mb->line.len >= XF_MAIL_MAX)
			return 1;
	}
}

static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const weekdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

/* Tokens of a From_ line, read from its end towards its start. */
struct rtok {
	const char	*start;		/* where the unread part begins */
	const char	*end;		/* and ends */
	const char	*p;		/* the token last taken */
	size_t		 n;
};

static int
spacech(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The last token before t->end; 0 when none is left. */
static int
take(struct rtok *t)
{
	const char *e = t->end;

	while (e > t->start && spacech(e[-1]))
		e--;
	t->end = e;
	while (t->end > t->start && !spacech(t->end[-1]))
		t->end--;
	t->p = t->end;
	t->n = (size_t)(e - t->end);
	return t->n > 0;
}

static int
is_tok(const struct rtok *t, const char *word)
{
	return t->n == strlen(word) && memcmp(t->p, word, t->n) == 0;
}

/* Digits only, 1 to max of them; their value into *v. */
static int
number(const char *p, size_t n, size_t max, int *v)
{
	size_t i;

	if (n == 0 || n > max)
		return 0;
	for (*v = 0, i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		*v = *v * 10 + (p[i] - '0');
	}
	return 1;
}

static int
name_in(const struct rtok *t, const char *const *names, int nnames)
{
	int i;

	for (i = 0; t->n == 3 && i < nnames; i++)
		if (strncasecmp(t->p, names[i], 3) == 0)
			return i;
	return -1;
}

/*
 * A zone: "+0200", "-0500", or a name of capitals such as "UTC" or
 * "PDT".  *off gets a numeric zone's offset east of UTC in seconds;
 * a named zone is taken as UTC (names are ambiguous: "CST").
 */
static int
zone(const struct rtok *t, int *off)
{
	int hhmm;
	size_t i;

	if (t->n == 5 && (t->p[0] == '+' || t->p[0] == '-') &&
	    number(t->p + 1, 4, 4, &hhmm) && hhmm % 100 < 60) {
		*off = (hhmm / 100 * 60 + hhmm % 100) * 60;
		if (t->p[0] == '-')
			*off = -*off;
		return 1;
	}
	if (t->n < 1 || t->n > 5)
		return 0;
	for (i = 0; i < t->n; i++)
		if (!isupper((unsigned char)t->p[i]))
			return 0;
	return 1;
}

/* "hh:mm:ss" or "hh:mm" into tm. */
static int
clock_time(const struct rtok *t, struct tm *tm)
{
	int h, m, s = 0;

	if (t->n != 5 && t->n != 8)
		return 0;
	if (!number(t->p, 2, 2, &h) || t->p[2] != ':' ||
	    !number(t->p + 3, 2, 2, &m) || (t->n == 8 && (t->p[5] != ':' ||
	    !number(t->p + 6, 2, 2, &s))))
		return 0;
	if (h > 23 || m > 59 || s > 60)
		return 0;
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = s;
	return 1;
}

/*
 * The year and zone at the end: "2001", "2001 +0200", "+0200 2001",
 * "PDT 2001".  Then the token before them is taken.
 */
static int
year_zone(struct rtok *t, int *year, int *off)
{
	int zoned = 0;

	if (t->n != 4 || !number(t->p, 4, 4, year)) {
		/* "2001 +0200": the zone came last */
		if (!zone(t, off) || !take(t) || t->n != 4 ||
		    !number(t->p, 4, 4, year))
			return 0;
		zoned = 1;
	}
	if (!take(t))
		return 0;
	if (!zoned && zone(t, off) && !take(t))
		return 0;
	return 1;
}

int
xf_mbox_from_line(const char *l, size_t n, int64_t *when)
{
	struct rtok t = { l + 5, l + n, NULL, 0 }, u;
	struct tm tm;
	int year, day, mon, off = 0;
	time_t secs;

	*when = 0;
	if (n < 5 || memcmp(l, "From ", 5) != 0 || !take(&t))
		return 0;
	/* UUCP forwarding leaves "remote from host" after the date. */
	u = t;
	if (take(&u) && is_tok(&u, "from") && take(&u) &&
	    is_tok(&u, "remote") && take(&u))
		t = u;
	memset(&tm, 0, sizeof(tm));
	if (!year_zone(&t, &year, &off) || !clock_time(&t, &tm) ||
	    !take(&t) || !number(t.p, t.n, 2, &day) || day < 1 || day > 31 ||
	    !take(&t) || (mon = name_in(&t, months, 12)) == -1 ||
	    !take(&t) || name_in(&t, weekdays, 7) == -1)
		return 0;
	/* What is left, maybe with spaces in it, is the address. */
	if (year < 1970)
		return 1;	/* a separator, but no time worth keeping */
	tm.tm_year = year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = day;
	if ((secs = timegm(&tm)) == (time_t)-1 || (int64_t)secs - off <= 0)
		return 1;
	*when = (int64_t)secs - off;
	return 1;
}

/* A separator: a From_ line after a blank line, or the first line even
 * without a date (an mbox starts with one whatever it says). */
static int
is_separator(struct xf_mbox *mb, int64_t *when)
{
	const char *l = mb->line.p;

	if (!mb->prev_blank || mb->line.len < 5 || memcmp(l, "From ", 5) != 0)
		return 0;
	return xf_mbox_from_line(l, mb->line.len, when) || mb->lineno == 1;
}

static int
blank(const struct xf_buf *b)
{
	return (b->len == 1 && b->p[0] == '\n') ||
	    (b->len == 2 && b->p[0] == '\r' && b->p[1] == '\n');
}

/*
 * A body line "From " followed by mail headers is most likely a message
 * whose From_ line was not one xf_mbox_from_line knows, or whose writer
 * did not quote it: it stays in the body, but its line is noted so the
 * loss of a message is never silent.
 */
static void
watch_embedded(struct xf_mbox *mb)
{
	const char *l = mb->line.p;
	size_t n = mb->line.len;

	if (n >= 5 && memcmp(l, "From ", 5) == 0) {
		mb->cand = mb->lineno;
		mb->cand_hdrs = mb->cand_mail = 0;
		return;
	}
	if (mb->cand == 0)
		return;
	if (mb->cand_hdrs > 0 && (l[0] == ' ' || l[0] == '\t'))
		return;		/* a folded header goes on */
	if (!header_line(l, n)) {
		mb->cand = 0;
		return;
	}
	mb->cand_hdrs++;
	mb->cand_mail |= mail_header(l, n);
	if (mb->cand_hdrs >= EMBED_HEADERS && mb->cand_mail) {
		if (mb->embedded == 0)
			mb->embedded = mb->cand;
		mb->cand = 0;
	}
}

int64_t
xf_mbox_embedded(const struct xf_mbox *mb)
{
	return mb->embedded;
}

/* ">From " at the start of a line lost one '>' to the mbox (mboxrd). */
static int
add_body_line(struct xf_buf *msg, const struct xf_buf *l, int *toolong)
{
	const char *p = l->p;
	size_t n = l->len, q = 0;

	while (q < n && p[q] == '>')
		q++;
	if (q > 0 && n - q >= 5 && memcmp(p + q, "From ", 5) == 0) {
		p++;
		n--;
	}
	if (msg->len + n > XF_MAIL_MAX) {
		*toolong = 1;
		return 0;
	}
	return xf_buf_add(msg, p, n);
}

/* The blank line an mbox writer puts after each message is not part of
 * it: drop it, so the bytes are the message as it was delivered. */
static int
done(struct xf_buf *msg)
{
	if (msg->len >= 2 && memcmp(msg->p + msg->len - 2, "\n\n", 2) == 0)
		msg->len--;
	else if (msg->len >= 4 &&
	    memcmp(msg->p + msg->len - 4, "\r\n\r\n", 4) == 0)
		msg->len -= 2;
	if (msg->p != NULL)
		msg->p[msg->len] = '\0';
	return 1;
}

int
xf_mbox_next(struct xf_mbox *mb, struct xf_buf *msg, int64_t *line,
    int64_t *envdate, int *toolong, struct xf_err *err)
{
	int rc, started = 0;
	int64_t when = 0;

	xf_buf_reset(msg);
	*toolong = 0;
	*envdate = 0;
	mb->cand = mb->embedded = 0;
	for (;;) {
		if (!mb->have_line) {
			if ((rc = read_line(mb, err)) <= 0)
				return rc == -1 ? -1 : started ? done(msg) : 0;
			mb->lineno++;
			mb->have_line = 1;
		}
		if (is_separator(mb, &when)) {
			if (started)	/* the line starts the next one */
				return done(msg);
			started = 1;
			*line = mb->lineno;
			*envdate = when;
		} else if (!started && blank(&mb->line)) {
			/* blank lines before the first From_: no message */
		} else {
			if (!started) {		/* text before the first From_ */
				started = 1;
				*line = mb->lineno;
			}
			watch_embedded(mb);
			if (add_body_line(msg, &mb->line, toolong) == -1)
				return xf_errf(err, "out of memory");
		}
		mb->prev_blank = blank(&mb->line);
		mb->have_line = 0;
	}
}

/* --- Maildir ------------------------------------------------------- */

static int
by_base(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	const char *bx = strrchr(x, '/'), *by = strrchr(y, '/');
	int c = strcmp(bx ? bx + 1 : x, by ? by + 1 : y);

	return c != 0 ? c : strcmp(x, y);
}

static int
list_sub(const char *dir, const char *sub, char ***paths, size_t *n,
    size_t *cap, struct xf_err *err)
{
	char path[4096], **p;
	struct dirent *d;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	if ((dp = opendir(path)) == NULL)
		return xf_errf(err, "%s: %s", path, strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			if ((p = realloc(*paths, *cap * sizeof(*p))) == NULL)
				break;
			*paths = p;
		}
		if (((*paths)[*n] = malloc(strlen(path) +
		    strlen(d->d_name) + 2)) == NULL)
			break;
		sprintf((*paths)[*n], "%s/%s", path, d->d_name);
		(*n)++;
	}
	closedir(dp);
	if (d != NULL)
		return xf_errf(err, "out of memory");
	return 0;
}

int
xf_maildir_list(const char *dir, char ***paths, size_t *n,
    struct xf_err *err)
{
	size_t cap = 0;

	*paths = NULL;
	*n = 0;
	if (list_sub(dir, "cur", paths, n, &cap, err) == -1 ||
	    list_sub(dir, "new", paths, n, &cap, err) == -1) {
		xf_maildir_free(*paths, *n);
		*paths = NULL;
		*n = 0;
		return -1;
	}
	/* A Maildir name starts with its delivery time: in name order, an
	 * original comes before the reply to it, wherever each was filed. */
	qsort(*paths, *n, sizeof(**paths), by_base);
	return 0;
}

void
xf_maildir_free(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
