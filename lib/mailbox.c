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
};


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

/*
 * The time on a From_ line, "From addr Mon Nov  2 10:00:00 2026"
 * (asctime, taken as UTC); 0 when it has none.  Also the test of a real
 * separator: a body line that merely begins "From " has no such time.
 */
static int64_t
envelope_time(const char *l, size_t n)
{
	char copy[256], mon[4];
	struct tm tm;
	int day, h, m, sec, year, i;
	const char *p;

	if (n >= sizeof(copy))
		n = sizeof(copy) - 1;
	memcpy(copy, l, n);
	copy[n] = '\0';
	for (p = copy + 5; *p != '\0' && *p != ' '; p++)	/* address */
		;
	while (*p == ' ')
		p++;
	if (strlen(p) < 4)
		return 0;
	p += 4;		/* weekday */
	if (sscanf(p, "%3s %d %d:%d:%d %d", mon, &day, &h, &m, &sec,
	    &year) != 6)
		return 0;
	for (i = 0; i < 12 && strcmp(mon, months[i]) != 0; i++)
		;
	if (i == 12 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 ||
	    year < 1970 || year > 9999)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = i;
	tm.tm_mday = day;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	return (int64_t)timegm(&tm);
}

/* A From_ line: "From " after a blank line (or first), with a time. */
static int
is_separator(struct xf_mbox *mb, int64_t *when)
{
	const char *l = mb->line.p;

	if (!mb->prev_blank || mb->line.len < 5 || memcmp(l, "From ", 5) != 0)
		return 0;
	*when = envelope_time(l, mb->line.len);
	return *when != 0 || mb->lineno == 1;
}

static int
blank(const struct xf_buf *b)
{
	return (b->len == 1 && b->p[0] == '\n') ||
	    (b->len == 2 && b->p[0] == '\r' && b->p[1] == '\n');
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
