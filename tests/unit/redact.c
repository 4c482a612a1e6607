/*
 * redact.c: personal data masked (lib/redact.c).  Where the numbers come
 * from: 11010519491231002X is the example of GB 11643-1999 itself (its
 * check character X recomputed by hand: weighted sum 167, 167 mod 11 =
 * 2, and "10X98765432"[2] is X); 440300199001011238 and
 * 320102198002290013 got their check digits (8 and 3) from a separate
 * Python implementation of the same sum; 4111 1111 1111 1111 is the
 * card networks' Luhn test number and 6212262502009182455 a 19-digit
 * one whose Luhn sum Python confirmed; 4111111111111112 and
 * 6222021234567890 fail Luhn (Python again).  Mobile prefixes 13-19 are
 * the mainland's; 010, 021 and 0755 real area codes.
 */
#include <string.h>

#include "tap.h"
#include "xf.h"

static struct xf_buf out;

static const char *
red(const char *s)
{
	xf_buf_reset(&out);
	if (xf_redact(s, strlen(s), &out, NULL) == -1)
		return "(out of memory)";
	return xf_buf_str(&out);
}

static unsigned
kinds(const char *s)
{
	unsigned f = 0;

	xf_buf_reset(&out);
	xf_redact(s, strlen(s), &out, &f);
	return f;
}

static void
test_mobiles(void)
{
	is_str(red("13812345678"), "138****5678", "a mobile alone");
	is_str(red("电话13812345678谢谢"), "电话138****5678谢谢",
	    "between Chinese characters");
	is_str(red("+86 138 1234 5678"), "+86 138 **** 5678",
	    "+86 and spaces: the separators kept");
	is_str(red("+86-138-1234-5678"), "+86-138-****-5678", "hyphens");
	is_str(red("+8613812345678"), "+86138****5678", "+86 joined");
	is_str(red("008613812345678"), "0086138****5678", "0086 before it");
	is_str(red("１３８１２３４５６７８"), "１３８****５６７８",
	    "full-width digits");
	is_str(red("call 13812345678, or 15900001111."),
	    "call 138****5678, or 159****1111.", "two in a sentence");
	is_str(red("13812345678 15900001111"), "138****5678 159****1111",
	    "two side by side: each its own");
	is_int(kinds("13812345678"), XF_REDACT_MOBILE, "found: a mobile");
}

static void
test_mobile_misses(void)
{
	is_str(red("12812345678"), "12812345678", "prefix 12: no mobile");
	is_str(red("138123456789"), "138123456789", "12 digits: no mobile");
	is_str(red("订单号913812345678"), "订单号913812345678",
	    "inside a longer run of digits: no mobile");
	is_str(red("SN13812345678"), "SN13812345678",
	    "after letters: an order number");
	is_str(red("13812345678A"), "13812345678A", "before a letter");
	is_str(red("2026-03-05 13:00"), "2026-03-05 13:00", "a date and time");
	is_str(red("1381234567"), "1381234567", "ten digits");
	is_int(kinds("nothing here 2026"), 0, "found: nothing");
}

static void
test_landlines(void)
{
	is_str(red("010-65529988"), "010-****9988", "Beijing, hyphen");
	is_str(red("(010) 6552 9988"), "(010) **** 9988",
	    "Beijing, brackets and spaces");
	is_str(red("0755-12345678"), "0755-****5678", "Shenzhen, 4-digit code");
	is_str(red("021 1234567"), "021 ***4567", "Shanghai, 7 digits");
	is_str(red("0755-123456"), "0755-123456", "6 digits: no landline");
	is_int(kinds("010-65529988"), XF_REDACT_LANDLINE, "found: a landline");
}

static void
test_ids(void)
{
	is_str(red("身份证11010519491231002X"), "身份证110105********002X",
	    "18 digits, check character X");
	is_str(red("id 11010519491231002x."), "id 110105********002x.",
	    "a lower-case x");
	is_str(red("440300199001011238"), "440300********1238",
	    "check digit 8");
	is_str(red("320102198002290013"), "320102********0013",
	    "check digit 3");
	is_str(red("110105194912310021"), "110105194912310021",
	    "a wrong check digit: no ID (and no Luhn card)");
	is_str(red("11010519491231002Y"), "11010519491231002Y",
	    "a Y in place of the check");
	is_str(red("110105491231002"), "110105******002",
	    "15 digits: the old ID, its last three kept");
	is_str(red("110105491331002"), "110105491331002",
	    "15 digits with month 13: no ID");
	is_int(kinds("11010519491231002X"), XF_REDACT_ID, "found: an ID");
}

static void
test_cards(void)
{
	is_str(red("4111 1111 1111 1111"), "4111 **** **** 1111",
	    "16 digits in fours");
	is_str(red("卡号6212262502009182455"), "卡号6212***********2455",
	    "19 digits joined");
	is_str(red("4111111111111112"), "4111111111111112",
	    "fails Luhn: no card");
	is_str(red("6222021234567890"), "6222021234567890",
	    "another that fails Luhn");
	is_int(kinds("4111-1111-1111-1111"), XF_REDACT_CARD, "found: a card");
}

static void
test_addresses(void)
{
	is_str(red("mail li.ming@example.org now"),
	    "mail l***@example.org now", "an address");
	is_str(red("<Zhang.San+shop@mail.example.com.cn>"),
	    "<Z***@mail.example.com.cn>", "in brackets, with a tag");
	is_str(red("邮箱：wang@example.org。"), "邮箱：w***@example.org。",
	    "between Chinese punctuation");
	is_str(red("a@b"), "a@b", "no dot: no address");
	is_str(red("@example.org"), "@example.org", "no local part");
	is_str(red("x@example.123"), "x@example.123", "a numeric top level");
	is_str(red("see you @ 5pm."), "see you @ 5pm.", "a lone @");
	is_int(kinds("a.b@example.org"), XF_REDACT_EMAIL, "found: an address");
}

static void
test_streams(void)
{
	is_str(red("ref\tcontact\tbody\nXF-2026-000001\t13812345678\t"
	    "call 010-65529988\n"), "ref\tcontact\tbody\nXF-2026-000001\t"
	    "138****5678\tcall 010-****9988\n",
	    "a TSV line keeps its tabs and fields");
	is_str(red("XF-2026-000001,\"+86 138 1234 5678\",a@example.org\r\n"),
	    "XF-2026-000001,\"+86 138 **** 5678\",a***@example.org\r\n",
	    "a CSV line keeps its quotes and CRLF");
	is_str(red("XF-2026-000123"), "XF-2026-000123", "a ref is no number");
	is_str(red(""), "", "nothing");
}

static void
test_names(void)
{
	xf_buf_reset(&out);
	xf_redact_name("张三丰", &out);
	is_str(xf_buf_str(&out), "张**", "a Chinese name");
	xf_buf_reset(&out);
	xf_redact_name("John Smith", &out);
	is_str(xf_buf_str(&out), "J*** S****", "an English name");
	xf_buf_reset(&out);
	xf_redact_name("阿依·买买提", &out);
	is_str(xf_buf_str(&out), "阿*·买**", "the middle dot of a name");
	xf_buf_reset(&out);
	xf_redact_name("Li, Ming", &out);
	is_str(xf_buf_str(&out), "L*, M***", "family name first, a comma");
	xf_buf_reset(&out);
	xf_redact_name("", &out);
	is_str(xf_buf_str(&out), "", "no name");
}

int
main(void)
{
	test_mobiles();
	test_mobile_misses();
	test_landlines();
	test_ids();
	test_cards();
	test_addresses();
	test_streams();
	test_names();
	xf_buf_free(&out);
	return done_testing();
}
