/*
 * thanks.c: whether a reply only says thank you.  Such a reply to a
 * resolved complaint is kept but reopens nothing, and one to a
 * complaint waiting on the complainant resumes nothing: the intake's
 * rule (mailreg.c) and a person's confirming of a reply (reply.c) ask
 * it alike.  Moved here from mailreg.c, unchanged, so both can.
 */
#include <ctype.h>
#include <string.h>

#include "xf.h"

#define THANKS_MAX	160	/* bytes of a reply that only says thanks */
#define THANKS_OTHER_MAX 40	/* letter bytes besides the thanks (UTF-8:
				 * 13 Chinese characters, or "you very much
				 * for your quick help") */

static const char *const thanks_words[] = {
	"thank", "thanks", "thx", "谢谢", "感谢", "多谢", "謝謝", "感謝",
};

/* The reply's own text: up to quoted lines, a signature or the quoted
 * original ("On ... wrote:", "-----Original Message-----", 发件人:). */
static size_t
own_text(const char *body)
{
	const char *p = body, *nl;

	/* Past THANKS_MAX the answer is "too long" anyway: a 3 MB reply
	 * must not be scanned line by line to the end. */
	for (; *p != '\0' && p - body <= THANKS_MAX; p = nl + 1) {
		if (*p == '>' || strncmp(p, "-- \n", 4) == 0 ||
		    strncmp(p, "-----Original", 13) == 0 ||
		    strncmp(p, "发件人", strlen("发件人")) == 0 ||
		    strncmp(p, "From:", 5) == 0)
			break;
		if ((nl = strchr(p, '\n')) == NULL) {
			p += strlen(p);
			break;
		}
		if (strncmp(p, "On ", 3) == 0 && nl - p > 6 &&
		    memcmp(nl - 6 - (nl[-1] == '\r'), "wrote:", 6) == 0)
			break;
	}
	return (size_t)(p - body);
}

/* Words that say the trouble goes on, however politely. */
static const char *const trouble_words[] = {
	"not", "still", "again", "but", "however", "broken", "never",
	"wrong", "didn't", "doesn't", "isn't", "won't", "can't",
	"还是", "还没", "还不", "仍", "依旧", "依然", "又", "没有", "没收到",
	"不行", "不能", "不对", "但", "却",
	/* Not 不 or 没 alone: 不吵了, 没事了 say the trouble is over; nor
	 * "problem" or 问题: "the problem is fixed" is a thank-you. */
};

static int
ascii_word_at(const char *s, const char *p, size_t n)
{
	return (p == s || !isalnum((unsigned char)p[-1])) &&
	    !isalnum((unsigned char)p[n]);
}

static int
still_trouble(const char *own)
{
	const char *p, *w;
	size_t k, n;

	for (k = 0; k < nitems(trouble_words); k++) {
		w = trouble_words[k];
		n = strlen(w);
		for (p = own; (p = strstr(p, w)) != NULL; p++)
			if ((unsigned char)w[0] >= 0x80 ||
			    ascii_word_at(own, p, n))
				return 1;
	}
	return 0;
}

/* Letters left once the thanks words, white space and punctuation are
 * taken out: a bare thank-you leaves almost none. */
static size_t
leftover(char *own)
{
	size_t k, left = 0, n;
	char *p;

	for (k = 0; k < nitems(thanks_words); k++)
		for (n = strlen(thanks_words[k]);
		    (p = strstr(own, thanks_words[k])) != NULL;)
			memset(p, ' ', n);
	for (p = own; *p != '\0'; p++)
		if (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)
			left++;
	return left;
}

/* 1 when a reply only says thank you: short, no question, a thanks. */
int
xf_mail_thanks(const char *body)
{
	char own[THANKS_MAX + 1];
	size_t n = own_text(body), i, k;
	int thanked = 0;

	while (n > 0 && isspace((unsigned char)body[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*body)) {
		body++;
		n--;
	}
	if (n == 0 || n > THANKS_MAX)
		return 0;
	for (i = 0; i < n; i++)
		own[i] = (char)tolower((unsigned char)body[i]);
	own[n] = '\0';
	if (strchr(own, '?') != NULL || strstr(own, "？") != NULL)
		return 0;
	for (k = 0; k < nitems(thanks_words); k++)
		if (strstr(own, thanks_words[k]) != NULL)
			thanked = 1;
	/* "Thanks, but only half the refund arrived" says more than thanks:
	 * a few words of courtesy may stand beside it, no complaint. */
	return thanked && !still_trouble(own) &&
	    leftover(own) <= THANKS_OTHER_MAX;
}
