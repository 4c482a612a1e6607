/*
 * zone.c: the one zone of a process and the named zones a time may carry.
 *
 * Every command reads and prints times in one zone: $XF_TZ, else $TZ,
 * else UTC (xf(7), Times).  The C library is told it through TZ, the only
 * door mktime and localtime have; but glibc takes a name it cannot find
 * for UTC without a word, so a typo such as Asia/Shangai would misplace
 * every time by eight hours.  A name is therefore checked here first:
 * it must be a zone file (TZif) under the zone directories, UTC, or a
 * POSIX rule with its offset written out.  A time that names its zone
 * (2026-03-05 15:00 Asia/Shanghai) is converted by switching TZ for the
 * one call and back; xf runs one thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xf.h"

#define ZONE_NAME_MAX	64

static const char *const zone_dirs[] = {
	"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo",
};

/* A file that starts as every compiled zone does. */
static int
tzif(const char *path)
{
	char magic[4];
	FILE *fp;
	int ok;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, sizeof(magic), fp) == sizeof(magic) &&
	    memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

static int
tzif_in(const char *dir, const char *name)
{
	char path[512];

	return dir != NULL && *dir != '\0' &&
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) <
	    sizeof(path) && tzif(path);
}

int
xf_zone_known(const char *name)
{
	size_t i, n = strlen(name);

	/* A relative name only: no "..", no absolute path, no odd bytes. */
	if (n == 0 || n > ZONE_NAME_MAX || name[0] == '/' || name[0] == '-' ||
	    strstr(name, "..") != NULL || strspn(name, "abcdefghijklmnopqrs"
	    "tuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-+") != n)
		return 0;
	if (tzif_in(getenv("TZDIR"), name))
		return 1;
	for (i = 0; i < nitems(zone_dirs); i++)
		if (tzif_in(zone_dirs[i], name))
			return 1;
	return 0;
}

/*
 * A POSIX rule such as CST-8 or EST5EDT,M3.2.0,M11.1.0: letters (or
 * <...>), then the offset.  "GMT+8" is one too, but POSIX counts west:
 * it is UTC-8, the opposite of what "GMT+8" means to a person.
 */
static int
posix_rule(const char *s, int *reversed)
{
	const char *p = s;

	*reversed = 0;
	if (*p == '<') {
		if ((p = strchr(p, '>')) == NULL)
			return 0;
		p++;
	} else {
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			p++;
		if (p - s < 3)
			return 0;
	}
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	*reversed = (strncmp(s, "GMT", 3) == 0 || strncmp(s, "UTC", 3) == 0)
	    && s[3] != '0' && strchr("+-123456789", s[3]) != NULL;
	return 1;
}

static int
check_zone(const char *var, const char *z, struct xf_err *err)
{
	int reversed;

	if (*z == ':')
		z++;
	/* TZ=:/etc/localtime, as some systems set it, is a file. */
	if (strcmp(z, "UTC") == 0 || strcmp(z, "GMT") == 0 ||
	    xf_zone_known(z) || (*z == '/' && tzif(z)))
		return 0;
	if (posix_rule(z, &reversed)) {
		if (!reversed)
			return 0;
		return xf_errf(err, "%s=%.40s: POSIX counts this offset "
		    "west of UTC, the opposite of what it seems to say; "
		    "write a zone name (Asia/Shanghai, Etc/GMT-8)", var, z);
	}
	return xf_errf(err, "%s=%.60s: unknown time zone; write an IANA "
	    "name such as Asia/Shanghai or UTC", var, z);
}

int
xf_tz_setup(struct xf_err *err)
{
	const char *var = "XF_TZ", *z = getenv("XF_TZ");

	if (z == NULL || *z == '\0') {
		var = "TZ";
		z = getenv("TZ");
	}
	if (z == NULL || *z == '\0')
		z = "UTC";
	else if (check_zone(var, z, err) == -1)
		return -1;
	if (setenv("TZ", z, 1) == -1)
		return xf_errf(err, "TZ: %s", strerror(errno));
	tzset();
	return 0;
}

int
xf_local_mktime(struct tm *tm, int64_t *out)
{
	time_t t;

	/* -1 is also a valid time; mktime sets tm_wday only on success. */
	tm->tm_wday = -1;
	t = mktime(tm);
	if (t == (time_t)-1 && tm->tm_wday == -1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

int
xf_local_days(int64_t t, int days, int midnight, int64_t *out)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return -1;
	tm.tm_mday += days;
	if (midnight)
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;	/* the day's own offset, across DST */
	return xf_local_mktime(&tm, out);
}

int
xf_local_midnight(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	return localtime_r(&tt, &tm) != NULL && tm.tm_hour == 0 &&
	    tm.tm_min == 0 && tm.tm_sec == 0;
}

/* The zone named for one conversion; restores the process's after. */
int
xf_zone_mktime(const char *zone, struct tm *tm, int64_t *out)
{
	const char *was = getenv("TZ");
	char keep[256];
	int rc;

	if (!xf_zone_known(zone) || was == NULL ||
	    strlen(was) >= sizeof(keep))
		return -1;
	strcpy(keep, was);
	if (setenv("TZ", zone, 1) == -1)
		return -1;
	tzset();
	rc = xf_local_mktime(tm, out);
	if (setenv("TZ", keep, 1) == -1)
		rc = -1;
	tzset();
	return rc;
}
