/*
 * fields.c: the complaint fields an import can fill, the column headers
 * that mean them (English and Chinese, as real exports spell them), and
 * the values of channel and kind as people write them.
 */
#include <ctype.h>
#include <string.h>

#include "xf.h"

struct alias {
	const char	*name;		/* already folded (see fold_header) */
	int		 field;
};

static const char *const field_names[XF_NFIELD] = {
	"subject", "body", "complainant", "contact", "channel",
	"received_at", "ext_id", "kind", "status", "accepted_at",
	"resolved_at", "closed_at",
};

static const size_t field_max[XF_NFIELD] = {
	XF_SUBJECT_MAX, XF_BODY_MAX, XF_NAME_MAX, XF_NAME_MAX, XF_NAME_MAX,
	XF_NAME_MAX, XF_EXTID_MAX, XF_NAME_MAX, XF_NAME_MAX, XF_NAME_MAX,
	XF_NAME_MAX, XF_NAME_MAX,
};

static const struct alias aliases[] = {
	{ "subject", XF_F_SUBJECT }, { "title", XF_F_SUBJECT },
	{ "summary", XF_F_SUBJECT }, { "标题", XF_F_SUBJECT },
	{ "主题", XF_F_SUBJECT }, { "事由", XF_F_SUBJECT },
	{ "body", XF_F_BODY }, { "content", XF_F_BODY },
	{ "text", XF_F_BODY }, { "description", XF_F_BODY },
	{ "message", XF_F_BODY }, { "details", XF_F_BODY },
	{ "complaint", XF_F_BODY }, { "narrative", XF_F_BODY },
	{ "内容", XF_F_BODY }, { "投诉内容", XF_F_BODY },
	{ "信访内容", XF_F_BODY }, { "正文", XF_F_BODY },
	{ "描述", XF_F_BODY }, { "详情", XF_F_BODY },
	{ "问题描述", XF_F_BODY }, { "诉求", XF_F_BODY },
	{ "complainant", XF_F_COMPLAINANT }, { "name", XF_F_COMPLAINANT },
	{ "customer", XF_F_COMPLAINANT }, { "customername", XF_F_COMPLAINANT },
	{ "from", XF_F_COMPLAINANT }, { "投诉人", XF_F_COMPLAINANT },
	{ "信访人", XF_F_COMPLAINANT }, { "来信人", XF_F_COMPLAINANT },
	{ "姓名", XF_F_COMPLAINANT }, { "客户", XF_F_COMPLAINANT },
	{ "客户姓名", XF_F_COMPLAINANT }, { "用户", XF_F_COMPLAINANT },
	{ "用户名", XF_F_COMPLAINANT },
	{ "contact", XF_F_CONTACT }, { "email", XF_F_CONTACT },
	{ "mail", XF_F_CONTACT }, { "phone", XF_F_CONTACT },
	{ "telephone", XF_F_CONTACT }, { "mobile", XF_F_CONTACT },
	{ "联系方式", XF_F_CONTACT }, { "联系电话", XF_F_CONTACT },
	{ "电话", XF_F_CONTACT }, { "手机", XF_F_CONTACT },
	{ "手机号", XF_F_CONTACT }, { "邮箱", XF_F_CONTACT },
	{ "电子邮件", XF_F_CONTACT },
	{ "channel", XF_F_CHANNEL }, { "via", XF_F_CHANNEL },
	{ "submittedvia", XF_F_CHANNEL }, { "渠道", XF_F_CHANNEL },
	{ "来源", XF_F_CHANNEL }, { "来源渠道", XF_F_CHANNEL },
	{ "方式", XF_F_CHANNEL }, { "信访方式", XF_F_CHANNEL },
	{ "receivedat", XF_F_RECEIVED }, { "received", XF_F_RECEIVED },
	{ "datereceived", XF_F_RECEIVED }, { "date", XF_F_RECEIVED },
	{ "time", XF_F_RECEIVED }, { "datetime", XF_F_RECEIVED },
	{ "created", XF_F_RECEIVED }, { "createdat", XF_F_RECEIVED },
	{ "时间", XF_F_RECEIVED }, { "日期", XF_F_RECEIVED },
	{ "投诉时间", XF_F_RECEIVED }, { "来信时间", XF_F_RECEIVED },
	{ "信访时间", XF_F_RECEIVED }, { "接收时间", XF_F_RECEIVED },
	{ "提交时间", XF_F_RECEIVED }, { "收到时间", XF_F_RECEIVED },
	/* Not a bare "id" or 编号: those are row numbers as often as not,
	 * and ext_ids of different exports must not meet. */
	{ "extid", XF_F_EXTID },
	{ "externalid", XF_F_EXTID }, { "ticket", XF_F_EXTID },
	{ "ticketid", XF_F_EXTID }, { "complaintid", XF_F_EXTID },
	{ "工单号", XF_F_EXTID },
	{ "单号", XF_F_EXTID }, { "投诉编号", XF_F_EXTID },
	{ "kind", XF_F_KIND }, { "type", XF_F_KIND },
	{ "类型", XF_F_KIND }, { "类别", XF_F_KIND },
};

struct value {
	const char	*said;		/* lower-cased ASCII or Chinese */
	const char	*means;
};

static const struct value channels[] = {
	{ "email", "email" }, { "e-mail", "email" }, { "mail", "email" },
	{ "邮件", "email" }, { "电子邮件", "email" }, { "邮箱", "email" },
	{ "phone", "phone" }, { "telephone", "phone" }, { "call", "phone" },
	{ "hotline", "phone" }, { "电话", "phone" }, { "热线", "phone" },
	{ "来电", "phone" }, { "sms", "phone" }, { "短信", "phone" },
	{ "web", "web" }, { "website", "web" }, { "web form", "web" },
	{ "online", "web" }, { "app", "web" }, { "网站", "web" },
	{ "网页", "web" }, { "网上", "web" }, { "在线", "web" },
	{ "客户端", "web" },
	{ "social", "social" }, { "social media", "social" },
	{ "twitter", "social" }, { "weibo", "social" }, { "wechat", "social" },
	{ "微博", "social" }, { "微信", "social" }, { "抖音", "social" },
	{ "社交媒体", "social" },
	{ "letter", "letter" }, { "postal mail", "letter" }, { "post", "letter" },
	{ "mail letter", "letter" }, { "fax", "letter" }, { "来信", "letter" },
	{ "信件", "letter" }, { "信函", "letter" }, { "传真", "letter" },
	{ "visit", "visit" }, { "in person", "visit" }, { "walk-in", "visit" },
	{ "来访", "visit" }, { "走访", "visit" }, { "上访", "visit" },
	{ "other", "other" }, { "其他", "other" },
};

static const struct value kinds[] = {
	{ "complaint", "complaint" }, { "投诉", "complaint" },
	{ "suggestion", "suggestion" }, { "建议", "suggestion" },
	{ "opinion", "opinion" }, { "意见", "opinion" },
	{ "feedback", "opinion" }, { "反馈", "opinion" },
	{ "inquiry", "inquiry" }, { "enquiry", "inquiry" },
	{ "question", "inquiry" }, { "咨询", "inquiry" },
};

/*
 * Statuses as exports write them: the U.S. CFPB's "Company response to
 * consumer", ticketing systems' states, and the words of Chinese
 * petition (信访) and service systems.  Listed in xf-intake(1).
 */
static const struct value status_said[] = {
	{ "new", "new" }, { "open", "new" }, { "received", "new" },
	{ "submitted", "new" }, { "新建", "new" }, { "待受理", "new" },
	{ "未受理", "new" }, { "待处理", "new" },
	{ "accepted", "accepted" }, { "acknowledged", "accepted" },
	{ "已受理", "accepted" }, { "受理", "accepted" },
	{ "in progress", "in_progress" }, { "in-progress", "in_progress" },
	{ "processing", "in_progress" }, { "working", "in_progress" },
	{ "办理中", "in_progress" }, { "处理中", "in_progress" },
	{ "正在办理", "in_progress" },
	{ "resolved", "resolved" }, { "answered", "resolved" },
	{ "已答复", "resolved" }, { "已解决", "resolved" },
	{ "已处理", "resolved" }, { "已回复", "resolved" },
	{ "closed", "closed" }, { "done", "closed" }, { "completed", "closed" },
	{ "closed with explanation", "closed" },
	{ "closed with monetary relief", "closed" },
	{ "closed with non-monetary relief", "closed" },
	{ "closed with relief", "closed" },
	{ "closed without relief", "closed" },
	{ "已办结", "closed" }, { "办结", "closed" }, { "已结案", "closed" },
	{ "结案", "closed" }, { "已关闭", "closed" }, { "已完成", "closed" },
	{ "rejected", "rejected" }, { "declined", "rejected" },
	{ "不予受理", "rejected" }, { "不受理", "rejected" },
	{ "已驳回", "rejected" }, { "驳回", "rejected" },
};

static const char *const statuses[] = {
	"new", "accepted", "assigned", "in_progress", "waiting", "resolved",
	"closed", "rejected",
};


/* Lower-cased ASCII with spaces, tabs, '_' and '-' dropped; bytes above
 * ASCII (Chinese, full-width) kept as they are. */
static void
fold_header(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < len; s++) {
		if (*s == ' ' || *s == '\t' || *s == '_' || *s == '-')
			continue;
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
}

/* Lower-cased, trimmed, inner runs of space as one space. */
static void
fold_value(const char *s, char *out, size_t len)
{
	size_t n = 0;
	int space = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && n + 1 < len; s++) {
		if (*s == ' ' || *s == '\t' || *s == '_') {
			space = 1;
			continue;
		}
		if (space && n > 0 && n + 2 < len)
			out[n++] = ' ';
		space = 0;
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
}

const char *
xf_field_name(enum xf_field f)
{
	return field_names[f];
}

size_t
xf_field_max(enum xf_field f)
{
	return field_max[f];
}

int
xf_field_byname(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(field_names); i++)
		if (strcmp(name, field_names[i]) == 0)
			return (int)i;
	return -1;
}

int
xf_header_eq(const char *a, const char *b)
{
	char fa[256], fb[256];

	fold_header(a, fa, sizeof(fa));
	fold_header(b, fb, sizeof(fb));
	return strcmp(fa, fb) == 0;
}

int
xf_field_alias(const char *header)
{
	char h[256];
	size_t i;

	fold_header(header, h, sizeof(h));
	for (i = 0; i < nitems(aliases); i++)
		if (strcmp(h, aliases[i].name) == 0)
			return aliases[i].field;
	return -1;
}

static const char *
lookup(const struct value *t, size_t n, const char *v, const char *dflt,
    int *known)
{
	char f[128];
	size_t i;

	fold_value(v, f, sizeof(f));
	for (i = 0; i < n; i++)
		if (strcmp(f, t[i].said) == 0) {
			*known = 1;
			return t[i].means;
		}
	*known = 0;
	return dflt;
}

const char *
xf_channel_norm(const char *v, int *known)
{
	return lookup(channels, nitems(channels), v, "other", known);
}

const char *
xf_kind_norm(const char *v, int *known)
{
	return lookup(kinds, nitems(kinds), v, "complaint", known);
}

const char *
xf_status_norm(const char *v)
{
	const char *s;
	int known;

	s = lookup(status_said, nitems(status_said), v, NULL, &known);
	if (!known && xf_status_valid(v))	/* in_progress as stored */
		s = v;
	return s;
}

int
xf_channel_valid(const char *s)
{
	size_t i;

	for (i = 0; i < nitems(channels); i++)
		if (strcmp(s, channels[i].means) == 0)
			return 1;
	return 0;
}

int
xf_status_valid(const char *s)
{
	size_t i;

	for (i = 0; i < nitems(statuses); i++)
		if (strcmp(s, statuses[i]) == 0)
			return 1;
	return 0;
}

/* The i-th distinct meaning of t, in the table's order; NULL past them. */
static const char *
nth_meaning(const struct value *t, size_t n, size_t i)
{
	size_t j, k, seen = 0;

	for (j = 0; j < n; j++) {
		for (k = 0; k < j && strcmp(t[k].means, t[j].means) != 0; k++)
			;
		if (k == j && seen++ == i)
			return t[j].means;
	}
	return NULL;
}

const char *
xf_channel_nth(size_t i)
{
	return nth_meaning(channels, nitems(channels), i);
}

const char *
xf_status_nth(size_t i)
{
	return i < nitems(statuses) ? statuses[i] : NULL;
}
