/*
 * mail: one raw message through the parser (mail.c: headers, MIME,
 * RFC 2047 words, charsets, attachments), the HTML to text of html.c,
 * and the sniffing that tells one message from an mbox.
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	struct xf_buf text = { 0 };
	struct xf_mail m;
	struct xf_err e;
	size_t i;

	(void)xf_mail_sniff(raw, size);
	if (xf_mail_parse(raw, size, &m, &e) == 0) {
		/* What intake reads of it must be whole UTF-8. */
		if (!xf_utf8_valid(m.body, strlen(m.body)) ||
		    (m.subject != NULL &&
		    !xf_utf8_valid(m.subject, strlen(m.subject))) ||
		    (m.from_name != NULL &&
		    !xf_utf8_valid(m.from_name, strlen(m.from_name))))
			fuzz_die("mail: text that is not UTF-8");
		for (i = 0; i < m.natt; i++)
			if (m.att[i].name != NULL &&
			    !xf_utf8_valid(m.att[i].name,
			    strlen(m.att[i].name)))
				fuzz_die("mail: attachment name not UTF-8");
		xf_mail_free(&m);
	}
	(void)xf_html_text(raw, size, &text);
	xf_buf_free(&text);
	return 0;
}
