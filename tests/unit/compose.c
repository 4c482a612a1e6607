/*
 * compose.c: the e-mail xf-notify writes (compose.c), read back with
 * GMime through xf_mail_parse, a decoder written by others; the
 * backoff schedule (deliver.c); a command fed under a time limit
 * (spawn.c).
 *
 * Expected base64 comes from `printf %s TEXT | base64` (coreutils); the
 * RFC 5322 dates from `date -u -R -d @T`.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "xf.h"

#define T_0601	INT64_C(1780272000)	/* 2026-06-01T00:00:00Z */

/* 1 when no line of s (up to its body) is longer than max. */
static int
lines_within(const char *s, size_t max)
{
	const char *nl;

	for (; *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			return strlen(s) <= max;
		if ((size_t)(nl - s) > max)
			return 0;
	}
	return 1;
}

static void
test_base64(void)
{
	struct xf_buf b = { 0 };

	xf_base64(&b, "Man", 3, 0);
	xf_base64(&b, "Ma", 2, 0);
	xf_base64(&b, "M", 1, 0);
	is_str(xf_buf_str(&b), "TWFuTWE=TQ==", "base64 of 3, 2, 1 bytes");
	xf_buf_reset(&b);
	xf_base64(&b, "投诉", strlen("投诉"), 0);
	is_str(xf_buf_str(&b), "5oqV6K+J", "base64 of UTF-8 (coreutils)");
	xf_buf_free(&b);
}

static void
test_subject(void)
{
	struct xf_buf b = { 0 };
	char long_zh[1024] = "[XF-2026-000001] ";
	int i;

	xf_rfc2047(&b, "[XF-2026-000001] We have accepted it", 9);
	is_str(xf_buf_str(&b), "[XF-2026-000001] We have accepted it",
	    "an ASCII subject stays plain");
	xf_buf_reset(&b);
	xf_rfc2047(&b, "[XF-2026-000001] 投诉", 9);
	is_str(xf_buf_str(&b), "[XF-2026-000001] =?UTF-8?B?5oqV6K+J?=",
	    "the ref plain, the Chinese an encoded-word");
	xf_buf_reset(&b);
	xf_rfc2047(&b, "=?UTF-8?B?5oqV?= trick", 9);
	ok(strncmp(xf_buf_str(&b), "=?UTF-8?B?", 10) == 0 &&
	    strstr(xf_buf_str(&b), "5oqV?= trick") == NULL,
	    "text that looks like an encoded-word is encoded itself");
	{
		char word[1200];

		memset(word, 'x', sizeof(word) - 1);
		word[sizeof(word) - 1] = '\0';
		xf_buf_reset(&b);
		xf_buf_adds(&b, "Subject: ");
		xf_rfc2047(&b, word, 9);
		ok(lines_within(xf_buf_str(&b), 76),
		    "an ASCII word too long to fold is encoded, in lines");
	}
	for (i = 0; i < 40; i++)
		strcat(long_zh, "退款");
	xf_buf_reset(&b);
	xf_buf_adds(&b, "Subject: ");
	xf_rfc2047(&b, long_zh, 9);
	ok(lines_within(xf_buf_str(&b), 76) && strchr(xf_buf_str(&b), '\n'),
	    "a long Chinese subject folds in lines of at most 76");
	xf_buf_free(&b);
}

static void
test_date(void)
{
	char d[64];

	xf_mail_date(T_0601, d, sizeof(d));
	is_str(d, "Mon, 01 Jun 2026 00:00:00 +0000", "RFC 5322 date");
	xf_mail_date(INT64_C(1772676000), d, sizeof(d));
	is_str(d, "Thu, 05 Mar 2026 02:00:00 +0000", "another day");
}

static void
test_from(void)
{
	struct xf_err e;

	ok(xf_mail_from_check("care@example.org", &e) == 0, "bare address");
	ok(xf_mail_from_check("Care 客服 <care@example.org>", &e) == 0,
	    "name and address");
	ok(xf_mail_from_check("care", &e) == -1, "no @: refused");
	ok(xf_mail_from_check("a@b\nBcc: x@y", &e) == -1,
	    "a line break: refused");
	ok(xf_mail_from_check("Care <care@example.org", &e) == -1,
	    "no closing >: refused");
	ok(xf_mail_from_check("\"Ca\" re\" <c@x.org>", &e) == -1,
	    "quotes in the name: refused");
}

/* Composes m, parses it back with GMime, checks what a reader sees. */
static void
round_trip(const char *what, const struct xf_mailcompose *m,
    const char *want_cte)
{
	struct xf_buf raw = { 0 };
	struct xf_mail p;
	struct xf_err e;
	char name[256], cte[64];
	size_t bl;

	if (!ok(xf_compose(m, &raw, &e) == 0, what)) {
		printf("#   %s\n", e.msg);
		return;
	}
	snprintf(cte, sizeof(cte), "Content-Transfer-Encoding: %s\n",
	    want_cte);
	snprintf(name, sizeof(name), "%s: %s", what, want_cte);
	ok(strstr(xf_buf_str(&raw), cte) != NULL, name);
	snprintf(name, sizeof(name), "%s: no line over 78", what);
	ok(lines_within(xf_buf_str(&raw), 78), name);
	if (xf_mail_parse(raw.p, raw.len, &p, &e) == -1) {
		ok(0, "GMime parses it");
		printf("#   %s\n", e.msg);
		xf_buf_free(&raw);
		return;
	}
	snprintf(name, sizeof(name), "%s: the subject decodes", what);
	is_str(p.subject, m->subject, name);
	bl = strlen(m->body);
	snprintf(name, sizeof(name), "%s: the body decodes", what);
	ok(strncmp(p.body, m->body, bl - (m->body[bl - 1] == '\n')) == 0,
	    name);
	snprintf(name, sizeof(name), "%s: Message-ID", what);
	is_str(p.message_id, m->message_id, name);
	snprintf(name, sizeof(name), "%s: In-Reply-To", what);
	is_str(p.in_reply_to, m->in_reply_to, name);
	snprintf(name, sizeof(name), "%s: References", what);
	ok(p.nrefs == 2 && strcmp(p.refs[0], "a@x") == 0 &&
	    strcmp(p.refs[1], "b@x") == 0, name);
	snprintf(name, sizeof(name), "%s: From", what);
	is_str(p.from_addr, "care@example.org", name);
	snprintf(name, sizeof(name), "%s: Date", what);
	ok(p.date_ok && p.date == m->date, name);
	xf_mail_free(&p);
	xf_buf_free(&raw);
}

static void
test_compose(void)
{
	struct xf_mailcompose m = {
		.from = "Care 客服 <care@example.org>",
		.to = "zhang@example.com",
		.subject = "[XF-2026-000001] 您的投诉已受理",
		.body = "张三，您好：\n\n您的投诉已经受理。\n",
		.message_id = "xf.XF-2026-000001.abc@example.org",
		.in_reply_to = "b@x", .refs = "a@x b@x", .date = T_0601,
	};
	struct xf_buf raw = { 0 };
	struct xf_err e;
	char longline[300];

	round_trip("Chinese", &m, "base64");
	m.subject = "[XF-2026-000001] 关于您在二〇二六年六月一日提交的退款投诉"
	    "（订单号 12345）我们已经受理，并将在十五个工作日内答复您";
	round_trip("a long Chinese subject", &m, "base64");
	m.from = "care@example.org";
	m.subject = "[XF-2026-000001] We have accepted your complaint";
	m.body = "Dear Zhang,\n\nYour complaint has been accepted.\n";
	round_trip("English", &m, "7bit");
	memset(longline, 'x', sizeof(longline) - 2);
	longline[sizeof(longline) - 2] = '\n';
	longline[sizeof(longline) - 1] = '\0';
	m.body = longline;
	round_trip("a long ASCII line", &m, "base64");
	m.to = "zhang@example.com\nBcc: all@example.com";
	ok(xf_compose(&m, &raw, &e) == -1, "a line break in To: refused");
	m.to = "张@example.com";
	ok(xf_compose(&m, &raw, &e) == -1 && e.why == XF_WHY_ITEM,
	    "a non-ASCII address is the row's fault");
	m.to = "zhang@example.com";
	m.from = "nobody";
	ok(xf_compose(&m, &raw, &e) == -1 && e.why == XF_WHY_CONFIG,
	    "a bad From is a configuration error");
	m.from = "care@example.org";
	m.auto_submitted = 1;
	xf_compose(&m, &raw, &e);
	ok(strstr(xf_buf_str(&raw), "\nAuto-Submitted: auto-generated\n")
	    != NULL, "a survey is Auto-Submitted");
	xf_buf_free(&raw);
}

static void
test_mboxrd(void)
{
	struct xf_buf b = { 0 };
	const char msg[] = "Subject: x\n\nFrom here\n>From there\n";

	xf_mboxrd(&b, msg, strlen(msg), T_0601);
	is_str(xf_buf_str(&b), "From xf-notify Mon Jun  1 00:00:00 2026\n"
	    "Subject: x\n\n>From here\n>>From there\n\n",
	    "mboxrd quotes From lines");
	xf_buf_free(&b);
}

static void
test_backoff(void)
{
	/* 5 min doubling: 5, 10, 20, 40, 80, 160, 320, then 360 (6 h). */
	is_int(xf_deliver_backoff(1), 300, "after the 1st attempt: 5 min");
	is_int(xf_deliver_backoff(2), 600, "2nd: 10 min");
	is_int(xf_deliver_backoff(7), 320 * 60, "7th: 320 min");
	is_int(xf_deliver_backoff(8), 6 * 3600, "8th: 6 h");
	is_int(xf_deliver_backoff(1000), 6 * 3600, "1000th: 6 h, no overflow");
}

static void
test_spawn(void)
{
	struct xf_err e;
	struct timespec a, b;
	double secs;

	signal(SIGPIPE, SIG_IGN);
	ok(xf_spawn_feed("cat > /dev/null", "hello\n", 6, 5, &e) == 0,
	    "exit 0: delivered");
	ok(xf_spawn_feed("cat > /dev/null; exit 3", "x", 1, 5, &e) == -1 &&
	    strcmp(e.msg, "exited 3") == 0, "exit 3: told");
	ok(xf_spawn_feed("kill -9 $$", "x", 1, 5, &e) == -1 &&
	    strcmp(e.msg, "killed by signal 9") == 0, "a signal: told");
	clock_gettime(CLOCK_MONOTONIC, &a);
	ok(xf_spawn_feed("sleep 30", "x", 1, 1, &e) == -1 &&
	    strstr(e.msg, "no answer within 1 s") != NULL, "a hang: stopped");
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	ok(secs < 5, "a hang costs the timeout and the grace, not 30 s");
	{
		static char big[1 << 20];

		memset(big, 'a', sizeof(big));
		ok(xf_spawn_feed("exit 0", big, sizeof(big), 5, &e) == 0,
		    "a command that reads nothing ends the write (no "
		    "SIGPIPE death)");
		clock_gettime(CLOCK_MONOTONIC, &a);
		ok(xf_spawn_feed("sleep 30", big, sizeof(big), 1, &e) == -1,
		    "one that never reads is stopped at the time limit");
		clock_gettime(CLOCK_MONOTONIC, &b);
		ok(b.tv_sec - a.tv_sec < 5, "... in time");
	}
}

int
main(void)
{
	test_base64();
	test_subject();
	test_date();
	test_from();
	test_compose();
	test_mboxrd();
	test_backoff();
	test_spawn();
	return done_testing();
}
