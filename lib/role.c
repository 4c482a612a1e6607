/*
 * role.c: who may do what (issue 15).  A placeholder that allows every
 * act, so the commands that ask can be written against the interface;
 * the rules replace it before issue 15 is resolved.
 */
#include "xf.h"

int
xf_role_check(struct xf_store *s, const char *who, enum xf_act act,
    int64_t id, struct xf_err *err)
{
	(void)s;
	(void)who;
	(void)act;
	(void)id;
	(void)err;
	return 0;
}
