/*
 * mail.c: e-mail messages into complaint fields with xf_mail_parse.
 *
 * The messages are in tests/data/mail (or $XF_TESTDATA/mail).  Their
 * legacy-charset bytes were made with iconv(1) or Python's codecs, e.g.
 * `printf 朱镕基 | iconv -t GB18030 | base64` for the GB2312-labelled
 * subject; the GBK euro sign is the single byte 0x80 of Windows-936.
 * Mid-character splits of encoded words cut the UTF-8 bytes of
 * 投诉：噪音扰民 after bytes 4 and 11, each piece padded base64.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "xf.h"

#define DATE_0305_0200Z	INT64_C(1772676000)	/* 2026-03-05T02:00:00Z */

enum { FUZZ_ROUNDS = 40, REFS_SENT = 70 };

static char datadir[4096];

/*
 * $XF_TESTDATA, else tests/data beside the build folder the test runs
 * from (build/unit/mail.t), else tests/data under the current folder.
 */
static void
find_data(const char *argv0)
{
	const char *env = getenv("XF_TESTDATA"), *slash;
	char probe[sizeof(datadir) + 32];

	if (env && *env) {
		snprintf(datadir, sizeof(datadir), "%s", env);
		return;
	}
	if ((slash = strrchr(argv0, '/')) != NULL) {
		snprintf(datadir, sizeof(datadir), "%.*s/../../tests/data",
		    (int)(slash - argv0), argv0);
		snprintf(probe, sizeof(probe), "%s/mail/plain.eml", datadir);
		if (access(probe, R_OK) == 0)
			return;
	}
	snprintf(datadir, sizeof(datadir), "tests/data");
}

static char *
slurp(const char *name, size_t *len)
{
	char path[sizeof(datadir) + 64], *buf = NULL;
	FILE *fp;
	long n;

	snprintf(path, sizeof(path), "%s/mail/%s", datadir, name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, fp) == (size_t)n)
		*len = (size_t)n;
	else {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

/* Parses a fixture; the raw bytes are freed first thing after. */
static int
parse_file(const char *name, struct xf_mail *m, struct xf_err *err)
{
	size_t len = 0;
	char *raw;
	int rc;

	if ((raw = slurp(name, &len)) == NULL) {
		memset(m, 0, sizeof(*m));
		snprintf(err->msg, sizeof(err->msg), "can't read %s", name);
		return -1;
	}
	rc = xf_mail_parse(raw, len, m, err);
	free(raw);
	return rc;
}

static int
parse_str(const char *s, struct xf_mail *m)
{
	struct xf_err err;

	return xf_mail_parse(s, strlen(s), m, &err);
}

static int
valid(const char *s)
{
	return s == NULL || xf_utf8_valid(s, strlen(s));
}

/* 1 when every string of m is valid UTF-8 and the body is there. */
static int
all_valid(const struct xf_mail *m)
{
	size_t i;

	if (m->body == NULL || !valid(m->body) || !valid(m->from_name) ||
	    !valid(m->from_addr) || !valid(m->subject) ||
	    !valid(m->message_id) || !valid(m->in_reply_to) ||
	    !valid(m->warning))
		return 0;
	for (i = 0; i < m->nrefs; i++)
		if (!valid(m->refs[i]))
			return 0;
	for (i = 0; i < m->natt; i++)
		if (!valid(m->att[i].name) || !valid(m->att[i].type))
			return 0;
	return 1;
}

static int
has(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

static void
test_plain(void)
{
	struct xf_mail m;
	struct xf_err err;

	ok(parse_file("plain.eml", &m, &err) == 0, "plain: parses");
	is_str(m.from_name, "张三", "plain: encoded display name");
	is_str(m.from_addr, "zhangsan@example.com", "plain: address lower-cased");
	is_str(m.subject, "投诉：噪音扰民",
	    "plain: subject split mid-character over padded words");
	is_int(m.date_ok, 1, "plain: date read");
	is_int(m.date, DATE_0305_0200Z, "plain: date in UTC");
	is_str(m.message_id, "m1@example.com", "plain: Message-ID without <>");
	is_str(m.in_reply_to, "ack-7@gov.example.cn", "plain: In-Reply-To");
	is_int(m.nrefs, 3, "plain: three References");
	is_str(m.nrefs == 3 ? m.refs[0] : NULL, "a1@example.com",
	    "plain: oldest reference first");
	is_str(m.nrefs == 3 ? m.refs[2] : NULL, "ack-7@gov.example.cn",
	    "plain: newest reference last");
	is_str(m.body, "楼下工地夜间施工，噪音很大。  \n请尽快处理。",
	    "plain: CRLF to LF, blank lines around trimmed");
	ok(m.autoreply == NULL && m.warning == NULL && m.natt == 0,
	    "plain: no auto-reply, warning or attachment");
	xf_mail_free(&m);
}

static void
test_charsets(void)
{
	struct xf_mail m;
	struct xf_err err;

	parse_file("gb2312.eml", &m, &err);
	is_str(m.subject, "朱镕基路积水", "gb2312 subject holding a GBK character");
	is_str(m.body, "朱镕基路积水严重。", "gb2312 body read as GB18030");
	is_int(m.date, DATE_0305_0200Z, "date without weekday or seconds");
	xf_mail_free(&m);

	parse_file("gbk-euro.eml", &m, &err);
	is_str(m.body, "收费100€，太贵了", "gbk quoted-printable with the 0x80 euro");
	is_str(m.warning, NULL, "gbk euro needs no warning");
	xf_mail_free(&m);

	parse_file("big5.eml", &m, &err);
	is_str(m.subject, "陳情", "big5 encoded-word subject");
	is_str(m.body, "道路坑洞，請修補。", "big5 base64 body");
	xf_mail_free(&m);

	parse_file("qp.eml", &m, &err);
	is_str(m.body, "这是一段很长的投诉内容，需要用可打印引用编码传送，而且要折行。\n"
	    "Line two = ok.", "quoted-printable soft breaks joined");
	xf_mail_free(&m);

	parse_file("undeclared.eml", &m, &err);
	is_str(m.from_name, "赵七", "raw 8-bit GB18030 display name");
	is_str(m.subject, "未声明的字符集", "raw 8-bit GB18030 subject");
	is_str(m.body, "正文是GB18030编码。", "undeclared 8-bit body as GB18030");
	xf_mail_free(&m);

	parse_file("unknown-charset.eml", &m, &err);
	is_str(m.body, "未知字符集的正文", "unknown charset guessed");
	is_str(m.warning, "unknown charset x-unknown-charset, read as GB18030",
	    "unknown charset warned");
	xf_mail_free(&m);

	parse_file("latin1-unknown.eml", &m, &err);
	is_str(m.body, "café crème", "unknown charset, Latin-1 last");
	is_str(m.warning, "unknown charset x-weird, read as ISO-8859-1",
	    "Latin-1 guess warned");
	xf_mail_free(&m);

	parse_file("rfc2047-bad.eml", &m, &err);
	is_str(m.subject, "中文", "Q words split mid-character, broken words");
	xf_mail_free(&m);
}

static void
test_structure(void)
{
	static const char pdf_head[] = "%PDF-1.4\n";
	struct xf_mail m;
	struct xf_err err;

	parse_file("alternative.eml", &m, &err);
	is_str(m.body, "纯文本正文", "alternative: text/plain chosen");
	xf_mail_free(&m);

	parse_file("html-only.eml", &m, &err);
	is_str(m.body, "标题\n\n第一段 & text more\n\n中中 <tag> \"q\" a—b\n"
	    "one\ntwo\nline\nbreak", "html only: text of the HTML");
	xf_mail_free(&m);

	parse_file("nested.eml", &m, &err);
	is_str(m.body, "见附件。", "nested: plain from mixed > alternative");
	is_int(m.natt, 3, "nested: three attachments");
	if (m.natt == 3) {
		is_str(m.att[0].name, "投诉.pdf", "RFC 2231 filename");
		is_str(m.att[0].type, "application/pdf", "attachment type");
		is_int(m.att[0].size, 265, "attachment decoded size");
		ok(m.att[0].data && memcmp(m.att[0].data, pdf_head,
		    sizeof(pdf_head) - 1) == 0 && m.att[0].data[9] == 0 &&
		    m.att[0].data[264] == 0xFF, "attachment bytes");
		is_str(m.att[1].name, "图片.png", "RFC 2047 name of inline image");
		is_int(m.att[1].size, 32, "inline image size");
		is_str(m.att[2].name, "notes.txt",
		    "inline text with a name is an attachment");
	}
	xf_mail_free(&m);

	parse_file("forward.eml", &m, &err);
	is_str(m.body, "请处理以下投诉。\n\n"
	    "---------- Forwarded message ----------\n"
	    "From: 吴六 <wu@example.com>\n"
	    "Date: Wed, 4 Mar 2026 09:00:00 +0800\n"
	    "Subject: 路灯不亮\n\n"
	    "路灯坏了三个月。", "forwarded message/rfc822 text follows");
	xf_mail_free(&m);
}

struct auto_case {
	const char	*file;
	const char	*reason;
};

static void
test_autoreply(void)
{
	static const struct auto_case cases[] = {
		{ "auto-submitted.eml", "Auto-Submitted header" },
		{ "auto-submitted-no.eml", NULL },
		{ "x-autoreply.eml", "X-Autoreply header" },
		{ "x-autorespond.eml", "X-Autorespond header" },
		{ "precedence-bulk.eml", "Precedence: bulk" },
		{ "precedence-list.eml", "Precedence: list" },
		{ "postmaster.eml", "sender is postmaster" },
		{ "subject-reply.eml", "auto-reply subject on a reply" },
		{ "subject-only.eml", NULL },
		{ "bounce.eml", "delivery report (multipart/report)" },
	};
	struct xf_mail m;
	struct xf_err err;
	char name[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "auto-reply: %s", cases[i].file);
		parse_file(cases[i].file, &m, &err);
		is_str(m.autoreply, cases[i].reason, name);
		xf_mail_free(&m);
	}
	parse_file("bounce.eml", &m, &err);
	is_str(m.body, "This is the mail system.\n"
	    "Your message could not be delivered.",
	    "bounce: only the human-readable part is body");
	xf_mail_free(&m);
	ok(parse_str("From: MAILER-DAEMON\nSubject: x\n\nb\n", &m) == 0 &&
	    m.autoreply && strcmp(m.autoreply, "sender is mailer-daemon") == 0,
	    "auto-reply: bare MAILER-DAEMON sender");
	xf_mail_free(&m);
}

static void
test_damage(void)
{
	struct xf_mail m;
	struct xf_err err;

	parse_file("truncated.eml", &m, &err);
	is_str(m.body, "开头的文字", "truncated: text before the cut");
	ok(has(m.warning, "truncated"), "truncated: warned");
	ok(m.natt == 1 && m.att[0].name && strcmp(m.att[0].name, "cut.pdf") == 0,
	    "truncated: cut attachment still listed");
	xf_mail_free(&m);

	is_int(parse_file("noheaders.eml", &m, &err), -1, "no headers: fails");
	is_str(err.msg, "not a mail message: no headers", "no headers: says so");
	ok(m.body == NULL && m.natt == 0, "no headers: nothing left allocated");

	ok(parse_str("From: cut@example.com\nSubject: cut two\nX-Cu", &m) == 0 &&
	    m.subject && strcmp(m.subject, "cut two") == 0 &&
	    has(m.warning, "truncated"),
	    "cut inside a header name: the headers before it read");
	xf_mail_free(&m);
	is_int(parse_str("no header\nat all", &m), -1,
	    "cut text with no header still fails");

	ok(parse_file("longheader.eml", &m, &err) == 0 && m.subject &&
	    strlen(m.subject) == 40000 * 3, "100 KB header lines read");
	is_str(m.body, "short body", "body after long headers");
	xf_mail_free(&m);

	parse_file("nul.eml", &m, &err);
	is_str(m.from_addr, "nul@example.com", "NUL in a header dropped");
	is_str(m.subject, "nul bytes", "NUL in the Subject name and value");
	is_str(m.body, "body 中", "NUL inside body text dropped");
	is_str(m.warning, "NUL bytes removed", "NUL warned");
	xf_mail_free(&m);

	parse_file("broken-base64.eml", &m, &err);
	is_str(m.body, "完好的部分tai", "broken base64 decoded as far as it goes");
	is_str(m.warning, "damaged base64 content decoded as far as it goes",
	    "broken base64 warned");
	xf_mail_free(&m);

	parse_file("broken-qp.eml", &m, &err);
	is_str(m.body, "a=ZZb 中c= x", "broken quoted-printable kept as written");
	ok(has(m.warning, "quoted-printable"), "broken quoted-printable warned");
	xf_mail_free(&m);
}

static void
test_edges(void)
{
	struct xf_mail m;
	struct xf_err err;
	struct xf_buf b = { 0 };
	size_t i;

	is_int(xf_mail_parse("", 0, &m, &err), -1, "empty input fails");
	is_int(parse_str("\n\nbody only\n", &m), -1, "blank header block fails");

	ok(parse_str("Subject: s\n", &m) == 0 && m.body &&
	    strcmp(m.body, "") == 0 && m.from_addr == NULL && !m.date_ok,
	    "headers only: empty body, no From, no date");
	xf_mail_free(&m);

	parse_str("Date: not a date at all\n\nx\n", &m);
	is_int(m.date_ok, 0, "unreadable Date");
	xf_mail_free(&m);
	parse_str("Date: 2026年3月5日 10:00\n\nx\n", &m);
	ok(m.date_ok && m.date == DATE_0305_0200Z + 8 * 3600,
	    "Date as people write it, local time (TZ=UTC)");
	xf_mail_free(&m);

	xf_buf_adds(&b, "Subject: refs\nReferences:");
	for (i = 1; i <= REFS_SENT; i++)
		xf_buf_printf(&b, " <r%zu@x>", i);
	xf_buf_adds(&b, "\n\nx\n");
	parse_str(xf_buf_str(&b), &m);
	ok(m.nrefs == XF_MAIL_REFS_MAX && strcmp(m.refs[0], "r7@x") == 0 &&
	    strcmp(m.refs[XF_MAIL_REFS_MAX - 1], "r70@x") == 0,
	    "References capped, newest kept");
	xf_mail_free(&m);

	parse_str("Subject: a\nContent-Type: multipart/alternative; boundary=B"
	    "\n\n--B\nContent-Type: text/plain\n\n \n--B\nContent-Type: "
	    "text/html\n\n<b>rich</b>\n--B--\n", &m);
	is_str(m.body, "rich", "empty plain alternative gives way to HTML");
	xf_mail_free(&m);

	parse_str("Subject: a\nContent-Type: application/pdf\n\n%PDF\n", &m);
	ok(m.natt == 1 && m.att[0].name == NULL && strcmp(m.body, "") == 0,
	    "a message that is a bare file keeps it");
	xf_mail_free(&m);

	xf_buf_reset(&b);
	xf_buf_adds(&b, "Subject: =?UTF-8?B?5Lit5paH?=");
	for (i = 0; i < 4000; i++)
		xf_buf_adds(&b, " word");
	xf_buf_adds(&b, "\n\nx\n");
	parse_str(xf_buf_str(&b), &m);
	ok(m.subject && strncmp(m.subject, "中文 word", 10) == 0 &&
	    has(m.warning, "Subject header over"),
	    "a header too long for lenient decoding is read strictly");
	xf_mail_free(&m);

	xf_buf_free(&b);
}

/* Mislabelled and damaged text, glued encoded words, forwarded files. */
static void
test_repairs(void)
{
	struct xf_mail m;

	parse_str("Subject: Re:=?UTF-8?B?5Lit5paH?=\n\nx\n", &m);
	is_str(m.subject, "Re:中文", "encoded word glued to text");
	xf_mail_free(&m);

	/* 投诉 in GB18030, labelled UTF-8. */
	parse_str("Subject: a\nContent-Type: text/plain; charset=utf-8\n\n"
	    "\xCD\xB6\xCB\xDF\n", &m);
	is_str(m.body, "投诉", "GB18030 labelled UTF-8 read as GB18030");
	is_str(m.warning, "text labelled UTF-8 is not, read as GB18030",
	    "mislabelled UTF-8 warned");
	xf_mail_free(&m);

	parse_str("Subject: a\nContent-Type: text/plain; charset=utf-8\n\n"
	    "ab\xFF\xFE" "cd\n", &m);
	is_str(m.body, "ab\xEF\xBF\xBD\xEF\xBF\xBD" "cd",
	    "neither UTF-8 nor GB18030: bad bytes as U+FFFD");
	ok(has(m.warning, "neither UTF-8 nor GB18030"), "and warned");
	xf_mail_free(&m);

	/* 投 then a byte no GB18030 sequence starts with, then 诉. */
	parse_str("Subject: a\nContent-Type: text/plain; charset=gb2312\n\n"
	    "\xCD\xB6\xFF\xCB\xDF\n", &m);
	is_str(m.body, "投\xEF\xBF\xBD诉", "damaged GB text: bad byte as U+FFFD");
	is_str(m.warning, "invalid gb2312 text, bad bytes replaced",
	    "damaged GB text warned");
	xf_mail_free(&m);

	parse_str("Subject: a\nContent-Type: multipart/mixed; boundary=M\n\n"
	    "--M\nContent-Type: text/plain\n\nsee attached\n--M\n"
	    "Content-Type: message/rfc822\nContent-Disposition: attachment;"
	    " filename=orig.eml\n\nFrom: x@y\nSubject: orig\n\nthe original"
	    "\n--M--\n", &m);
	ok(m.natt == 1 && m.att[0].name && strcmp(m.att[0].name, "orig.eml")
	    == 0 && strcmp(m.att[0].type, "message/rfc822") == 0 &&
	    m.att[0].size > 0 && m.att[0].data, "attached message kept whole");
	is_str(m.body, "see attached\n\n" "---------- Forwarded message "
	    "----------\nFrom: x@y\nSubject: orig\n\nthe original",
	    "attached message's text in the body too");
	xf_mail_free(&m);
}

/* A file over the keep cap is listed without its bytes. */
static void
test_big(void)
{
	static const char head[] = "Subject: big\nContent-Type: multipart/mixed;"
	    " boundary=Z\n\n--Z\nContent-Type: text/plain\n\nsee\n--Z\n"
	    "Content-Type: application/octet-stream; name=big.bin\n\n";
	static const char tail[] = "\n--Z--\n";
	size_t n = XF_ATTACH_KEEP_MAX + 1, len = sizeof(head) - 1 + n +
	    sizeof(tail) - 1;
	struct xf_mail m;
	struct xf_err err;
	char *raw;

	if ((raw = malloc(len)) == NULL) {
		ok(0, "big message: memory");
		return;
	}
	memcpy(raw, head, sizeof(head) - 1);
	memset(raw + sizeof(head) - 1, 'x', n);
	memcpy(raw + sizeof(head) - 1 + n, tail, sizeof(tail) - 1);
	ok(xf_mail_parse(raw, len, &m, &err) == 0 && m.natt == 1 &&
	    m.att[0].size == n && m.att[0].data == NULL,
	    "attachment over the cap: size, no data");
	xf_mail_free(&m);
	free(raw);
}

/* Every fixture, damaged at random, parses or fails cleanly. */
static void
test_fuzz(void)
{
	static const char *const files[] = {
		"plain.eml", "gb2312.eml", "nested.eml", "forward.eml",
		"html-only.eml", "bounce.eml", "big5.eml", "qp.eml",
	};
	uint32_t seed = 12345;
	size_t f, r, len, k, pos;
	struct xf_mail m;
	struct xf_err err;
	int bad = 0;
	char *raw;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		if ((raw = slurp(files[f], &len)) == NULL) {
			bad++;
			continue;
		}
		for (r = 0; r < FUZZ_ROUNDS && len > 0; r++) {
			for (k = 0; k < 8; k++) {
				seed = seed * 1103515245u + 12345u;
				pos = (seed >> 8) % len;
				raw[pos] = (char)(seed >> 3);
			}
			if (xf_mail_parse(raw, (seed >> 4) % len + 1, &m,
			    &err) == 0 && !all_valid(&m))
				bad++;
			xf_mail_free(&m);
		}
		free(raw);
	}
	is_int(bad, 0, "damaged messages: valid UTF-8 or a clean failure");
}

int
main(int argc, char **argv)
{
	(void)argc;
	setenv("TZ", "UTC", 1);
	find_data(argv[0]);
	test_plain();
	test_charsets();
	test_structure();
	test_autoreply();
	test_damage();
	test_edges();
	test_repairs();
	test_big();
	test_fuzz();
	return done_testing();
}
