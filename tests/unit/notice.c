/*
 * notice.c: the pure parts of a message to a complainant: templates
 * filled in (template.c), the language a text is in, and how a contact
 * is reached (notice.c).  Each template below is written out here, and
 * the expected text by hand from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "xf.h"

static char dir[] = "/tmp/xf-notice-XXXXXX";

static void
put(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) == EOF ||
	    fclose(fp) == EOF) {
		perror(path);
		exit(1);
	}
}

/* Fills name.lang from dir with v; the error text, or "" on success. */
static const char *
fill(const char *kind, const struct xf_tvar *v, size_t n, struct xf_buf *sub,
    struct xf_buf *body)
{
	static struct xf_err err;
	struct xf_template t;
	int rc;

	if (xf_template_load(&t, dir, kind, "en", &err) == -1)
		return strstr(err.msg, dir) ? err.msg + strlen(dir) : err.msg;
	rc = xf_template_fill(&t, v, n, sub, body, &err);
	xf_template_free(&t);
	if (rc == -1)
		return strstr(err.msg, dir) ? err.msg + strlen(dir) : err.msg;
	return "";
}

static void
test_templates(void)
{
	struct xf_tvar v[] = {
		{ "ref", "XF-2026-000007" }, { "answer", "Refunded." },
		{ "subject", NULL },
	};
	struct xf_buf sub = { 0 }, body = { 0 };

	put("resolved.en", "Subject: [{ref}] answered\n\n"
	    "About {subject}:\n{answer}\n{{literal}} braces}}\n");
	is_str(fill("resolved", v, 3, &sub, &body), "", "a template fills");
	is_str(xf_buf_str(&sub), "[XF-2026-000007] answered", "its subject");
	is_str(xf_buf_str(&body), "About :\nRefunded.\n{literal} braces}\n",
	    "its body: a NULL value empty, {{ and }} the braces");
	put("typo.en", "Subject: x\n\nline one\nDear {complainent},\n");
	is_str(fill("typo", v, 3, &sub, &body),
	    "/typo.en:4: no value is called {complainent} (xf-notify(1) "
	    "lists them)", "an unknown name: file and line");
	put("open.en", "Subject: x\n\n{ref\n}\n");
	is_str(fill("open", v, 3, &sub, &body), "/open.en:3: a '{' with no "
	    "'}' on its line (write {{ for the brace itself)",
	    "a brace left open");
	put("lone.en", "Subject: x }\n\nbody\n");
	is_str(fill("lone", v, 3, &sub, &body), "/lone.en:1: a lone '}' "
	    "(write }} for the brace itself)", "a lone closing brace");
	put("nosubject.en", "Dear {complainant}\n");
	is_str(fill("nosubject", v, 3, &sub, &body), "/nosubject.en:1: a "
	    "template starts with a Subject: line", "no Subject: line");
	put("noblank.en", "Subject: x\nbody\n");
	is_str(fill("noblank", v, 3, &sub, &body), "/noblank.en:2: the "
	    "Subject: line is followed by a blank line, then the body",
	    "no blank line after the subject");
	put("crlf.en", "Subject: [{ref}]\r\n\r\nline\r\n");
	is_str(fill("crlf", v, 3, &sub, &body), "", "CRLF: read");
	is_str(xf_buf_str(&body), "line\n", "CRLF: made LF");
	is_str(fill("../resolved", v, 3, &sub, &body), "no template can be "
	    "called '../resolved.en' (letters, digits, - and _)",
	    "a kind that climbs out of the folder: refused");
	ok(strstr(fill("missing", v, 3, &sub, &body), "/missing.en: No such "
	    "file") != NULL, "a missing template: its path and why");
	put("bad.en", "Subject: x\n\n\xff\xfe\n");
	is_str(fill("bad", v, 3, &sub, &body), "/bad.en: not UTF-8 text",
	    "a template that is not UTF-8");
	{
		char canned[256];

		snprintf(canned, sizeof(canned), "%s/canned", dir);
		mkdir(canned, 0700);
	}
	put("canned/refund.en", "Subject: not a header here\n{ref}\n");
	is_str(fill("canned/refund", v, 3, NULL, &body), "",
	    "a canned answer: no Subject: needed");
	is_str(xf_buf_str(&body), "Subject: not a header here\n"
	    "XF-2026-000007\n", "a canned answer is all body");
	xf_buf_free(&sub);
	xf_buf_free(&body);
}

static void
test_lang(void)
{
	is_str(xf_text_lang("我的订单没有收到退款"), "zh", "Chinese");
	is_str(xf_text_lang("Refund not received for my order"), "en",
	    "English");
	is_str(xf_text_lang("iPhone 15 Pro Max 屏幕碎了，申请售后被拒绝"),
	    "zh", "Chinese naming an English product (13 han, 10 letters)");
	is_str(xf_text_lang("The app shows 错误 when I pay by card"), "en",
	    "English with a Chinese word (2 han, 21 letters)");
	is_str(xf_text_lang(""), "en", "nothing: English");
	is_str(xf_text_lang("12345 !!!"), "en", "no letters: English");
}

static void
test_contacts(void)
{
	is_str(xf_contact_channel("li.ming@example.org", "web"), "email",
	    "an address: e-mail, whatever the channel");
	is_str(xf_contact_channel("+86 138-0013-8000", "phone"), "phone",
	    "a number of a phone complaint: phone");
	is_str(xf_contact_channel("13800138000", "web"), "sms",
	    "a number of a web complaint: sms");
	is_str(xf_contact_channel("(010) 6552 9988", "letter"), "sms",
	    "a landline with brackets and spaces");
	is_str(xf_contact_channel("@xiaoming", "social"), "social",
	    "a handle of a social complaint");
	is_str(xf_contact_channel("@xiaoming", "web"), NULL,
	    "a handle elsewhere: nobody to tell");
	is_str(xf_contact_channel("123456", "phone"), NULL,
	    "six digits: no number");
	is_str(xf_contact_channel("1234567890123456", "phone"), NULL,
	    "sixteen digits: no number");
	is_str(xf_contact_channel("", "email"), NULL, "empty: nobody");
	is_str(xf_contact_channel(NULL, "email"), NULL, "none: nobody");
	is_str(xf_contact_channel("a@b@c", "email"), NULL, "two @: no address");
	is_str(xf_contact_channel("MAILER-DAEMON@mx.example.org", "email"),
	    NULL, "mailer-daemon: never written to");
	ok(xf_contact_robot("no-reply@shop.example"), "no-reply: a robot");
	ok(xf_contact_robot("bounces+x=y@lists.example"),
	    "bounces with a tag: a robot");
	ok(!xf_contact_robot("noreen@example.org"), "noreen: a person");
	ok(!xf_contact_robot("13800138000"), "a number: no robot");
}

static void
test_message_id(void)
{
	char a[256], b[256];
	struct xf_err err;

	setenv("XF_MAIL_DOMAIN", "xf.example", 1);
	ok(xf_message_id("XF-2026-000001", a, sizeof(a), &err) == 0 &&
	    xf_message_id("XF-2026-000001", b, sizeof(b), &err) == 0,
	    "two Message-IDs made");
	ok(strncmp(a, "xf.XF-2026-000001.", 18) == 0 && strlen(a) == 18 +
	    24 + 11 && strcmp(a + 42, "@xf.example") == 0,
	    "xf.REF.<24 hex>@domain");
	ok(strcmp(a, b) != 0, "never the same twice");
	is_int(xf_message_id("XF-2026-000001", a, 20, &err), -1,
	    "too small a buffer: refused");
}

static void
test_random(void)
{
	char a[33], b[33];
	struct xf_err err;

	ok(xf_random_hex(a, 16, &err) == 0 && strlen(a) == 32 &&
	    strspn(a, "0123456789abcdef") == 32, "128 bits: 32 hex digits");
	ok(xf_random_hex(b, 16, &err) == 0 && strcmp(a, b) != 0,
	    "and different each time");
	is_int(xf_random_hex(a, XF_RANDOM_MAX + 1, &err), -1,
	    "more than the most: refused");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_templates();
	test_lang();
	test_contacts();
	test_message_id();
	test_random();
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return done_testing();
}
