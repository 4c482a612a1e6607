/*
 * random.c: bytes from the operating system's generator, for what must
 * not be guessed (a survey's token) or repeated (a Message-ID).  Never
 * rand(3) or the clock: a token that can be guessed lets anyone answer
 * someone else's survey.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "xf.h"

int
xf_random_bytes(void *buf, size_t len, struct xf_err *err)
{
	unsigned char *p = buf;
	ssize_t got;

	while (len > 0) {
		got = getrandom(p, len, 0);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return xf_errf(err, "cannot read random bytes: %s",
			    got == -1 ? strerror(errno) : "none given");
		p += got;
		len -= (size_t)got;
	}
	return 0;
}

int
xf_random_hex(char *out, size_t nbytes, struct xf_err *err)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char b[XF_RANDOM_MAX];
	size_t i;

	if (nbytes > sizeof(b))
		return xf_errf(err, "asked for %zu random bytes, at most %d",
		    nbytes, XF_RANDOM_MAX);
	if (xf_random_bytes(b, nbytes, err) == -1)
		return -1;
	for (i = 0; i < nbytes; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 0xf];
	}
	out[2 * nbytes] = '\0';
	return 0;
}
