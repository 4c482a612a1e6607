/*
 * conf: the settings files, one input read as each: rules (rules.c,
 * with its regular expressions), policy (policy.c), a calendar file
 * (calendar.c) and routing (routing.c), all through conffile.c; what
 * loads is then used, as xf-classify, xf-assign and the deadlines use
 * it.
 */
#include "fuzz.h"

static const char subject[] = "账号被盗 refund";
static const char body[] = "我的个人信息被泄露, call 13800138000. "
    "I will go to the media.";

static void
rules(const char *path)
{
	struct xf_verdict v;
	struct xf_rules *r;
	struct xf_err e;

	if ((r = xf_rules_load(path, &e)) == NULL)
		return;
	xf_rules_apply(r, subject, body, &v);
	xf_rules_apply(r, NULL, NULL, &v);
	xf_rules_free(r);
}

static void
policy(const char *path)
{
	struct xf_policy p;
	struct xf_err e;
	char buf[64];
	size_t i;

	memset(&p, 0, sizeof(p));
	if (xf_policy_load(&p, path, &e) == 0) {
		(void)xf_policy_find(&p, "privacy", "P1");
		(void)xf_policy_find(&p, NULL, NULL);
		for (i = 0; i < p.n; i++)
			xf_span_format(&p.rules[i].resolve, buf, sizeof(buf));
	}
	xf_policy_free(&p);
}

static void
calendar(const char *path)
{
	struct xf_calendar c;
	struct xf_err e;

	xf_calendar_init(&c);
	if (xf_calendar_load_file(&c, path, &e) == 0) {
		(void)xf_calendar_workday(&c, 2026, 10, 1);
		(void)xf_business_add(&c, FUZZ_NOW, 3 * 86400);
		(void)xf_business_between(&c, FUZZ_NOW, FUZZ_NOW + 86400 * 40);
	}
	xf_calendar_free(&c);
}

static void
routing(const char *path)
{
	struct xf_routing *r;
	struct xf_err e;

	if ((r = xf_routing_load(path, &e)) == NULL)
		return;
	(void)xf_routing_team(r, "privacy");
	(void)xf_routing_team(r, NULL);
	(void)xf_routing_has(r, "privacy");
	(void)xf_routing_contact(r, NULL);
	xf_routing_free(r);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[256];

	fuzz_file("settings.tsv", data, size, path, sizeof(path));
	rules(path);
	policy(path);
	calendar(path);
	routing(path);
	return 0;
}
