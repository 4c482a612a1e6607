/*
 * xf-gen: writes a synthetic complaint export to stdout, the input of
 * scripts/bench.  Every row has the columns xf-intake maps by name
 * (ext_id, received_at, channel, complainant, contact, subject, body,
 * product, region); about half the rows are Chinese, half English, and
 * bodies carry commas, double quotes, line breaks (LF and, as web forms
 * send them, CRLF), a rare tab and backslash, so a reader's quoting and
 * escaping are exercised, not just its fast path.
 *
 * The output depends only on the seed and the row count (a shorter run
 * is a prefix of a longer one), so benchmark numbers are comparable
 * across machines: the PRNG is our own splitmix64 rather than rand(),
 * whose sequence differs between C libraries.
 *
 * It has to produce about 700 MB for a million rows in a few seconds, so
 * it allocates once: every row is built in fixed buffers and written
 * through one output buffer, with no printf on the per-row path.
 */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ROWS	1000000ULL
#define DEFAULT_SEED	20261130ULL

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Body sizes in bytes: most between these, a tail up to BODY_MAX. */
#define BODY_MIN	100
#define BODY_COMMON	800
#define BODY_LONG	2000
#define BODY_MAX	4096
#define SENTENCE_MAX	1024	/* one expanded template, with room */
#define PARA_PCT	4	/* chance of a line break between sentences */
#define CRLF_PCT	3	/* rows whose line breaks are CRLF */
#define RARE_PER_MILLE	5	/* rows with a tab or backslash in the body */
#define FIELD_MAX	256	/* every field but the body */

/* Subject length in characters (code points), not bytes. */
#define SUBJECT_MIN	10
#define SUBJECT_MAX	40

/* Calendar: received_at spreads over 2025-2026. */
#define EPOCH_DAY_2025	20089	/* days from 1970-01-01 to 2025-01-01 */
#define SPAN_DAYS	730	/* 2025 and 2026, neither a leap year */

#define OUT_CAP		(1U << 20)
/* Worst case of one escaped field: every byte doubled, quotes, sep. */
#define FIELD_ROOM(n)	(2 * (n) + 4)

enum fmt { FMT_CSV, FMT_TSV };

/* A fixed-capacity text being built; appends that do not fit fail. */
struct text {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

struct out {
	char	*buf;
	size_t	 len;
	enum fmt fmt;
};

struct weighted {
	const char	*s;
	unsigned	 w;
};

/* A name in its display form and the ASCII form used in e-mail. */
struct name {
	const char	*disp;
	const char	*ascii;
};

/* What the template expander needs to know about the row. */
struct row {
	uint64_t	 rng;
	int		 zh;		/* Chinese row */
	int		 crlf;		/* line breaks as a web form sends them */
	int64_t		 day;		/* day number of received_at */
	const char	*product;
	char		 name[FIELD_MAX];
};

/* --- tables --------------------------------------------------------- */

static const struct weighted channels[] = {
	{ "Web", 26 }, { "Phone", 16 }, { "Email", 16 }, { "电话", 12 },
	{ "网站", 12 }, { "Postal mail", 4 }, { "微博", 8 }, { "Referral", 6 },
};

static const struct name zh_surnames[] = {
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" },
	{ "陈", "chen" }, { "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" },
	{ "吴", "wu" }, { "周", "zhou" }, { "徐", "xu" }, { "孙", "sun" },
	{ "马", "ma" }, { "朱", "zhu" }, { "胡", "hu" }, { "郭", "guo" },
	{ "何", "he" }, { "林", "lin" }, { "高", "gao" }, { "罗", "luo" },
	{ "郑", "zheng" }, { "梁", "liang" }, { "谢", "xie" }, { "宋", "song" },
	{ "唐", "tang" }, { "韩", "han" }, { "冯", "feng" }, { "邓", "deng" },
	{ "曹", "cao" }, { "欧阳", "ouyang" }, { "司马", "sima" },
};

static const struct name zh_given[] = {
	{ "伟", "wei" }, { "芳", "fang" }, { "娜", "na" }, { "敏", "min" },
	{ "静", "jing" }, { "丽", "li" }, { "强", "qiang" }, { "磊", "lei" },
	{ "军", "jun" }, { "洋", "yang" }, { "勇", "yong" }, { "艳", "yan" },
	{ "杰", "jie" }, { "娟", "juan" }, { "涛", "tao" }, { "明", "ming" },
	{ "超", "chao" }, { "秀英", "xiuying" }, { "霞", "xia" },
	{ "平", "ping" }, { "刚", "gang" }, { "桂英", "guiying" },
	{ "建华", "jianhua" }, { "志强", "zhiqiang" }, { "晓燕", "xiaoyan" },
	{ "思琪", "siqi" }, { "子轩", "zixuan" }, { "浩然", "haoran" },
	{ "欣怡", "xinyi" }, { "雨涵", "yuhan" }, { "婷", "ting" },
	{ "鹏", "peng" }, { "辉", "hui" }, { "斌", "bin" },
};

static const struct name en_first[] = {
	{ "James", "james" }, { "Mary", "mary" }, { "John", "john" },
	{ "Patricia", "patricia" }, { "Robert", "robert" },
	{ "Jennifer", "jennifer" }, { "Michael", "michael" },
	{ "Linda", "linda" }, { "William", "william" },
	{ "Elizabeth", "elizabeth" }, { "David", "david" },
	{ "Susan", "susan" }, { "Joseph", "joseph" }, { "Sarah", "sarah" },
	{ "Daniel", "daniel" }, { "Karen", "karen" }, { "Mark", "mark" },
	{ "Emily", "emily" }, { "Olivia", "olivia" }, { "Liam", "liam" },
	{ "Noah", "noah" }, { "Priya", "priya" }, { "Ahmed", "ahmed" },
	{ "Sofia", "sofia" }, { "José", "jose" }, { "Zoë", "zoe" },
	{ "Renée", "renee" }, { "Kevin", "kevin" }, { "Grace", "grace" },
};

static const struct name en_last[] = {
	{ "Smith", "smith" }, { "Johnson", "johnson" },
	{ "Williams", "williams" }, { "Brown", "brown" }, { "Jones", "jones" },
	{ "Garcia", "garcia" }, { "Miller", "miller" }, { "Davis", "davis" },
	{ "Rodriguez", "rodriguez" }, { "Martinez", "martinez" },
	{ "Wilson", "wilson" }, { "Anderson", "anderson" },
	{ "Taylor", "taylor" }, { "Moore", "moore" }, { "Jackson", "jackson" },
	{ "Lee", "lee" }, { "O'Brien", "obrien" }, { "Müller", "mueller" },
	{ "Nguyen", "nguyen" }, { "Chen", "chen" }, { "Patel", "patel" },
	{ "Kim", "kim" }, { "Walker", "walker" }, { "Young", "young" },
	{ "Novák", "novak" }, { "Okafor", "okafor" },
};

static const char *const zh_mail_domains[] = {
	"qq.com", "163.com", "126.com", "sina.com", "foxmail.com",
	"outlook.com", "aliyun.com",
};

static const char *const en_mail_domains[] = {
	"gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com",
	"proton.me", "example.org", "mail.example.co.uk",
};

static const char *const zh_products[] = {
	"宽带", "手机套餐", "信用卡", "外卖", "网购", "快递", "视频会员",
	"云盘", "打车", "理财", "智能音箱", "游戏充值",
};

static const char *const en_products[] = {
	"Broadband", "Mobile plan", "Credit card", "Food delivery",
	"Online shop", "Parcel delivery", "Video membership", "Cloud storage",
	"Ride hailing", "Wealth management", "Smart speaker", "Game top-up",
};

static const char *const zh_regions[] = {
	"北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "山东",
	"河南", "福建", "陕西", "重庆", "香港",
};

static const char *const en_regions[] = {
	"Singapore", "California", "London", "Ontario", "New South Wales",
	"Texas", "Bavaria", "Austin, TX", "Hong Kong", "Auckland",
};

static const char *const zh_issues[] = {
	"退款未到账", "账号被封", "个人信息泄露", "客服态度差", "重复扣费",
	"物流延迟", "隐私设置被修改", "会员自动续费", "无法注销账号",
	"订单被无故取消", "商品质量问题", "虚假宣传", "优惠券无法使用",
	"快递丢件", "发票未开具", "骚扰电话", "账户被盗", "积分被清零",
	"大数据杀熟", "App频繁闪退",
};

static const char *const en_issues[] = {
	"refund not received", "account locked", "data breach",
	"overcharged", "delivery late", "double charge",
	"rude customer service", "privacy settings changed",
	"subscription auto-renewed", "cannot delete account",
	"order cancelled without reason", "defective product",
	"misleading advertising", "coupon not applied", "parcel lost",
	"no invoice issued", "spam calls", "account hacked",
	"loyalty points expired", "app keeps crashing",
};

static const char *const zh_demands[] = {
	"全额退款", "解封账号", "删除我的全部个人信息", "赔偿损失",
	"书面道歉", "尽快发货", "取消自动续费", "给出书面说明",
};

static const char *const en_demands[] = {
	"a full refund", "my account to be unlocked",
	"deletion of all my personal data", "compensation",
	"a written apology", "immediate delivery",
	"cancellation of the subscription", "a written explanation",
};

static const char *const zh_quotes[] = {
	"这不归我们管", "系统问题，请耐心等待", "我们没有这个权限",
	"请您自己联系快递", "规定就是这样", "已经帮您反馈了",
};

static const char *const en_quotes[] = {
	"it's not our problem", "please wait 7-10 business days",
	"the system is working as intended",
	"we cannot do anything about it", "that's company policy",
	"I have escalated it",
};

static const char *const en_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/*
 * Subject and sentence templates.  Codes: %D Chinese date, %E English
 * date (has a comma), %P product, %O order number, %N 3-45, %n 2-9,
 * %K 6-digit case number, %A amount, %Q/%q quoted remark, %I/%i issue, %J issue capitalised,
 * %M/%m demand, %W the complainant's name, %% a percent sign.
 */
static const struct weighted zh_subjects[] = {
	{ "关于%I的投诉", 6 }, { "%I，要求%M", 4 }, { "投诉：%I", 4 },
	{ "%P%I问题", 4 }, { "请尽快处理%I", 2 }, { "再次投诉%I（第%n次）", 2 },
	{ "【紧急】%I", 1 }, { "\"%I\"至今未解决", 1 },
};

static const struct weighted en_subjects[] = {
	{ "Complaint about %i", 6 }, { "%J - still not resolved", 4 },
	{ "Re: %i (case %K)", 3 }, { "%J, requesting %m", 3 },
	{ "URGENT: %i", 1 }, { "%P: %i", 3 }, { "\"%J\" again", 1 },
};

static const struct weighted zh_openers[] = {
	{ "您好：", 3 }, { "你好,", 2 }, { "尊敬的客服：\n", 2 },
	{ "致%P客服部门：\n", 1 },
};

static const struct weighted zh_sentences[] = {
	{ "我于%D在贵公司%P下单，订单号%O，至今已经%N天了。", 6 },
	{ "%I的问题一直没有解决。", 6 },
	{ "客服态度差，多次推诿，说“%Q”。", 4 },
	{ "客服说\"%Q\"，然后就挂了电话。", 3 },
	{ "系统在未经我同意的情况下扣费%A元,我要求全额退款。", 4 },
	{ "我的账号被封了,申诉了%n次都没有结果。", 3 },
	{ "我怀疑个人信息泄露，最近每天接到%N个骚扰电话。", 3 },
	{ "物流延迟超过%N天,快递单号%O,物流信息一直不更新。", 3 },
	{ "请贵公司在%n个工作日内给出书面答复，否则我将向消费者协会投诉。",
	    3 },
	{ "如果问题得不到解决，我会委托律师通过法律途径维护自己的权益。", 2 },
	{ "你们的隐私政策写得含糊不清，我要求删除我的全部个人数据。", 2 },
	{ "这已经是我第%n次投诉了。", 3 },
	{ "附件是付款截图和聊天记录。", 2 },
	{ "%I，要求%M。", 5 },
	{ "同样的问题我在微博上也看到很多人遇到，打算联系媒体曝光。", 1 },
	{ "我是%P的老用户，已经使用了%n年。", 2 },
	{ "会员到期后被自动续费%A元，我从未开通过自动续费。", 2 },
	{ "退款申请提交后一直显示“处理中”，已经%N天了。", 3 },
	{ "App更新后无法登录，提示\"账号异常\"，联系人工客服排队%N分钟。", 2 },
	{ "我的身份证号和住址被泄露，接到了冒充贵公司的诈骗电话，损失%A元。",
	    1 },
	{ "同一笔订单被扣费两次，共计%A元。", 2 },
};

_Static_assert(NELEM(zh_sentences) <= 64, "used-sentence mask is 64 bits");

static const struct weighted zh_closers[] = {
	{ "望尽快回复。", 3 }, { "谢谢！", 3 }, { "此致\n敬礼\n%W", 1 },
	{ "联系人：%W", 1 },
};

static const struct weighted en_openers[] = {
	{ "Hello,\n", 3 }, { "Dear Sir or Madam,\n\n", 2 }, { "Hi, ", 2 },
	{ "To whom it may concern:\n", 1 },
};

static const struct weighted en_sentences[] = {
	{ "On %E I placed an order for %P (order no. %O) and it still has "
	    "not arrived.", 6 },
	{ "I was overcharged $%A on my last bill, and nobody has explained "
	    "why.", 4 },
	{ "My account was locked without any warning, and I cannot access "
	    "my own data.", 3 },
	{ "I believe my personal data was part of a data breach: I now get "
	    "%N spam calls a day.", 3 },
	{ "The agent told me \"%q\" and hung up.", 4 },
	{ "I requested a refund %N days ago; the status still says "
	    "\"pending\".", 4 },
	{ "Delivery is late by %N days, tracking number %O shows no "
	    "updates.", 3 },
	{ "This is complaint number %n about the same issue.", 3 },
	{ "Please respond in writing within %n business days, otherwise I "
	    "will contact my lawyer.", 2 },
	{ "I want all my personal information deleted under your privacy "
	    "policy.", 2 },
	{ "Your subscription renewed automatically for $%A, although I had "
	    "cancelled it.", 2 },
	{ "I have been a customer of %P for %n years, and I have never been "
	    "treated like this.", 2 },
	{ "Screenshots of the payment and the chat log are attached.", 2 },
	{ "%J, and I request %m.", 5 },
	{ "If this is not resolved, I will file a complaint with the "
	    "regulator and post about it on social media.", 1 },
	{ "The refund of $%A, which was promised on %E, never arrived.", 3 },
	{ "I was charged twice for the same order, $%A each time.", 2 },
};

_Static_assert(NELEM(en_sentences) <= 64, "used-sentence mask is 64 bits");

/* Pasted paths and statement lines: a tab or backslash in a few bodies. */
static const struct weighted zh_rare[] = {
	{ "截图保存在D:\\下载\\投诉\\截图.png。", 1 },
	{ "账单明细：订单\t%O\t金额\t%A元", 1 },
};

static const struct weighted en_rare[] = {
	{ "The app crashes on start; the log in C:\\Users\\me\\app.log says "
	    "\"fatal error\".", 1 },
	{ "Statement line:\tORDER %O\t$%A", 1 },
};

static const struct weighted en_closers[] = {
	{ "Thank you.", 3 }, { "Please fix this as soon as possible.", 3 },
	{ "\nRegards,\n%W", 2 }, { "\nSincerely,\n%W", 1 },
};

/* --- random numbers ------------------------------------------------- */

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, passes BigCrush. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z;

	z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Uniform in [0, n).  Small n takes the high bits times n (Lemire)
 * rather than a division, which was the generator's hottest spot; the
 * bias of either is nothing for ranges this size.
 */
static uint64_t
rnd_below(uint64_t *s, uint64_t n)
{
	if (n <= UINT32_MAX)
		return ((rnd(s) >> 32) * n) >> 32;
	return rnd(s) % n;
}

static uint64_t
rnd_range(uint64_t *s, uint64_t lo, uint64_t hi)
{
	return lo + rnd_below(s, hi - lo + 1);
}

/* 1 with probability pct percent. */
static int
chance(uint64_t *s, unsigned pct)
{
	return rnd_below(s, 100) < pct;
}

#define PICK(s, a)	((a)[rnd_below((s), NELEM(a))])

/*
 * An entry of w at random by weight, skipping those whose bit is set in
 * *used; the pick's bit is then set, and all cleared when none is left,
 * so a body does not say the same sentence twice before it has said the
 * others.  used may be NULL for independent picks.
 */
static const char *
pick_weighted(uint64_t *s, const struct weighted *w, size_t n,
    uint64_t *used)
{
	uint64_t skip = used ? *used : 0;
	unsigned total = 0, r;
	size_t i;

	for (i = 0; i < n; i++)
		if (!(skip >> i & 1))
			total += w[i].w;
	if (total == 0 && used != NULL) {
		*used = 0;
		return pick_weighted(s, w, n, used);
	}
	r = (unsigned)rnd_below(s, total);
	for (i = 0; i < n; i++) {
		if (skip >> i & 1)
			continue;
		if (r < w[i].w)
			break;
		r -= w[i].w;
	}
	if (used)
		*used |= (uint64_t)1 << i;
	return w[i].s;
}

#define PICKW(s, a)	pick_weighted((s), (a), NELEM(a), NULL)
#define PICKU(s, a, u)	pick_weighted((s), (a), NELEM(a), (u))

/* --- text building -------------------------------------------------- */

static void
text_init(struct text *t, char *p, size_t cap)
{
	t->p = p;
	t->len = 0;
	t->cap = cap;
	p[0] = '\0';
}

/* Appends all of s or nothing; the text stays NUL-terminated. */
static int
text_add(struct text *t, const char *s, size_t n)
{
	if (n >= t->cap - t->len)
		return -1;
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
	return 0;
}

static int
text_adds(struct text *t, const char *s)
{
	return text_add(t, s, strlen(s));
}

/* Decimal of v, at least width digits, zero-padded. */
static int
text_num(struct text *t, uint64_t v, int width)
{
	char d[24];
	int i = (int)sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v != 0 || width > 0);
	return text_add(t, d + i, sizeof(d) - (size_t)i);
}

/* Year, month (1-12) and day of a day number: Hinnant's civil_from_days. */
static void
civil(int64_t z, int *y, int *m, int *d)
{
	int64_t era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A day some time before the complaint, for "I ordered on ..." */
static int64_t
earlier_day(struct row *r)
{
	return r->day - (int64_t)rnd_range(&r->rng, 1, 60);
}

static int
add_zh_date(struct text *t, struct row *r)
{
	int y, m, d;

	civil(earlier_day(r), &y, &m, &d);
	if (text_num(t, (uint64_t)y, 0) || text_adds(t, "年") ||
	    text_num(t, (uint64_t)m, 0) || text_adds(t, "月") ||
	    text_num(t, (uint64_t)d, 0) || text_adds(t, "日"))
		return -1;
	return 0;
}

static int
add_en_date(struct text *t, struct row *r)
{
	int y, m, d;

	civil(earlier_day(r), &y, &m, &d);
	if (text_adds(t, en_months[m - 1]) || text_adds(t, " ") ||
	    text_num(t, (uint64_t)d, 0) || text_adds(t, ", ") ||
	    text_num(t, (uint64_t)y, 0))
		return -1;
	return 0;
}

static int
add_amount(struct text *t, struct row *r)
{
	uint64_t cents = rnd_range(&r->rng, 990, 499900);

	if (chance(&r->rng, 50))
		return text_num(t, cents / 100, 0);
	if (text_num(t, cents / 100, 0) || text_adds(t, "."))
		return -1;
	return text_num(t, cents % 100, 2);
}

static int
add_capitalised(struct text *t, const char *s)
{
	size_t start = t->len;

	if (text_adds(t, s) == -1)
		return -1;
	if (t->p[start] >= 'a' && t->p[start] <= 'z')
		t->p[start] = (char)(t->p[start] - 'a' + 'A');
	return 0;
}

/* One template code; see the table comment above for their meaning. */
static int
expand_code(struct text *t, struct row *r, char c)
{
	switch (c) {
	case 'D':
		return add_zh_date(t, r);
	case 'E':
		return add_en_date(t, r);
	case 'P':
		return text_adds(t, r->product);
	case 'O':
		return text_num(t, rnd_range(&r->rng, 100000000000ULL,
		    9999999999999999ULL), 0);
	case 'K':
		return text_num(t, rnd_range(&r->rng, 100000, 999999), 0);
	case 'N':
		return text_num(t, rnd_range(&r->rng, 3, 45), 0);
	case 'n':
		return text_num(t, rnd_range(&r->rng, 2, 9), 0);
	case 'A':
		return add_amount(t, r);
	case 'Q':
		return text_adds(t, PICK(&r->rng, zh_quotes));
	case 'q':
		return text_adds(t, PICK(&r->rng, en_quotes));
	case 'I':
		return text_adds(t, PICK(&r->rng, zh_issues));
	case 'i':
		return text_adds(t, PICK(&r->rng, en_issues));
	case 'J':
		return add_capitalised(t, PICK(&r->rng, en_issues));
	case 'M':
		return text_adds(t, PICK(&r->rng, zh_demands));
	case 'm':
		return text_adds(t, PICK(&r->rng, en_demands));
	case 'W':
		return text_adds(t, r->name);
	default:
		return text_add(t, &c, 1);
	}
}

static int
expand(struct text *t, struct row *r, const char *tpl)
{
	const char *p;

	while ((p = strchr(tpl, '%')) != NULL && p[1] != '\0') {
		if (text_add(t, tpl, (size_t)(p - tpl)) == -1 ||
		    expand_code(t, r, p[1]) == -1)
			return -1;
		tpl = p + 2;
	}
	return text_adds(t, tpl);
}

/* Bytes of the first max code points of UTF-8 s, and their count. */
static size_t
utf8_prefix(const char *s, size_t len, size_t max, size_t *count)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (n == max)
			break;
		n++;
	}
	*count = n;
	return i;
}

/* --- fields --------------------------------------------------------- */

static void
gen_received(struct text *t, struct row *r)
{
	int y, m, d;
	unsigned hour, offset;

	r->day = EPOCH_DAY_2025 + (int64_t)rnd_below(&r->rng, SPAN_DAYS);
	civil(r->day, &y, &m, &d);
	/* Most complaints come in office hours, some at any hour. */
	hour = chance(&r->rng, 75) ? (unsigned)rnd_range(&r->rng, 8, 19) :
	    (unsigned)rnd_below(&r->rng, 24);
	text_num(t, (uint64_t)y, 4);
	text_adds(t, "-");
	text_num(t, (uint64_t)m, 2);
	text_adds(t, "-");
	text_num(t, (uint64_t)d, 2);
	text_adds(t, "T");
	text_num(t, hour, 2);
	text_adds(t, ":");
	text_num(t, rnd_below(&r->rng, 60), 2);
	text_adds(t, ":");
	text_num(t, rnd_below(&r->rng, 60), 2);
	/* Mostly China time; a few exports from other offices. */
	offset = (unsigned)rnd_below(&r->rng, 100);
	text_adds(t, offset < 92 ? "+08:00" : offset < 96 ? "+00:00" :
	    "-05:00");
}

static void
gen_name(struct row *r)
{
	struct text t;

	text_init(&t, r->name, sizeof(r->name));
	if (r->zh) {
		text_adds(&t, PICK(&r->rng, zh_surnames).disp);
		text_adds(&t, PICK(&r->rng, zh_given).disp);
		if (chance(&r->rng, 40))
			text_adds(&t, PICK(&r->rng, zh_given).disp);
		return;
	}
	if (chance(&r->rng, 4)) {	/* "Last, First", as some forms do */
		text_adds(&t, PICK(&r->rng, en_last).disp);
		text_adds(&t, ", ");
		text_adds(&t, PICK(&r->rng, en_first).disp);
		return;
	}
	text_adds(&t, PICK(&r->rng, en_first).disp);
	text_adds(&t, " ");
	text_adds(&t, PICK(&r->rng, en_last).disp);
}

static void
gen_mobile(struct text *t, struct row *r)
{
	text_adds(t, "1");
	text_num(t, rnd_range(&r->rng, 3, 9), 0);
	text_num(t, rnd_below(&r->rng, 1000000000ULL), 9);
}

/*
 * The e-mail address is not derived from the display name (that would
 * need the name's parts kept apart); it only looks like one, which is
 * all the benchmark needs.
 */
static void
gen_email(struct text *t, struct row *r)
{
	if (r->zh) {
		if (chance(&r->rng, 35)) {
			text_num(t, rnd_range(&r->rng, 10000, 3999999999ULL),
			    0);
			text_adds(t, "@qq.com");
			return;
		}
		text_adds(t, PICK(&r->rng, zh_surnames).ascii);
		text_adds(t, PICK(&r->rng, zh_given).ascii);
		text_num(t, rnd_below(&r->rng, 10000), 0);
		text_adds(t, "@");
		text_adds(t, PICK(&r->rng, zh_mail_domains));
		return;
	}
	text_adds(t, PICK(&r->rng, en_first).ascii);
	text_adds(t, chance(&r->rng, 50) ? "." : "_");
	text_adds(t, PICK(&r->rng, en_last).ascii);
	text_num(t, rnd_below(&r->rng, 1000), 0);
	text_adds(t, "@");
	text_adds(t, PICK(&r->rng, en_mail_domains));
}

/* Cuts t to at most max characters, at a space where there is one. */
static void
truncate_chars(struct text *t, size_t max)
{
	size_t n, cut, sp;

	cut = utf8_prefix(t->p, t->len, max, &n);
	if (cut == t->len)
		return;
	for (sp = cut; sp > 0 && t->p[sp] != ' '; sp--)
		;
	if (sp > 0) {
		while (sp > 0 && (t->p[sp - 1] == ' ' || t->p[sp - 1] == ',' ||
		    t->p[sp - 1] == '-' || t->p[sp - 1] == ':'))
			sp--;
		if (utf8_prefix(t->p, sp, SIZE_MAX, &n) && n >= SUBJECT_MIN)
			cut = sp;
	}
	t->len = cut;
	t->p[cut] = '\0';
}

static void
gen_subject(struct text *t, struct row *r)
{
	size_t n;

	expand(t, r, r->zh ? PICKW(&r->rng, zh_subjects) :
	    PICKW(&r->rng, en_subjects));
	truncate_chars(t, SUBJECT_MAX);
	utf8_prefix(t->p, t->len, SIZE_MAX, &n);
	if (n < SUBJECT_MIN)
		expand(t, r, r->zh ? "（订单%K）" : " #%K");
}

/* Bytes the body aims for: mostly short, a long tail up to BODY_MAX. */
static size_t
body_target(struct row *r)
{
	uint64_t a, b, pct = rnd_below(&r->rng, 100);

	if (pct < 85) {		/* the lower of two skews toward short */
		a = rnd_below(&r->rng, BODY_COMMON - BODY_MIN);
		b = rnd_below(&r->rng, BODY_COMMON - BODY_MIN);
		return BODY_MIN + (size_t)(a < b ? a : b);
	}
	if (pct < 97)
		return (size_t)rnd_range(&r->rng, BODY_COMMON, BODY_LONG);
	return (size_t)rnd_range(&r->rng, BODY_LONG, BODY_MAX - 200);
}

/*
 * Appends one expanded template to the body if it fits whole, with its
 * line breaks as CRLF in a CRLF row.
 */
static int
body_add(struct text *body, struct row *r, const char *sep, const char *tpl)
{
	char sb[SENTENCE_MAX];
	struct text s;
	size_t i, start = body->len;

	text_init(&s, sb, sizeof(sb));
	if (text_adds(&s, sep) == -1 || expand(&s, r, tpl) == -1)
		return -1;
	if (!r->crlf)
		return text_add(body, s.p, s.len);
	for (i = 0; i < s.len; i++) {
		if ((s.p[i] == '\n' && text_add(body, "\r", 1) == -1) ||
		    text_add(body, s.p + i, 1) == -1) {
			body->len = start;
			body->p[start] = '\0';
			return -1;
		}
	}
	return 0;
}

static const char *
body_sep(struct row *r)
{
	unsigned pct = (unsigned)rnd_below(&r->rng, 100);

	if (pct < PARA_PCT)
		return "\n";
	if (pct < PARA_PCT + 1)
		return "\n\n";
	return r->zh ? "" : " ";
}

static void
gen_body(struct text *t, struct row *r)
{
	size_t target = body_target(r);
	const char *sep = "";
	uint64_t used = 0;

	if (chance(&r->rng, 40))
		body_add(t, r, "", r->zh ? PICKW(&r->rng, zh_openers) :
		    PICKW(&r->rng, en_openers));
	while (t->len < target) {
		if (body_add(t, r, sep, r->zh ?
		    PICKU(&r->rng, zh_sentences, &used) :
		    PICKU(&r->rng, en_sentences, &used)) == -1)
			break;
		sep = body_sep(r);
	}
	if (rnd_below(&r->rng, 1000) < RARE_PER_MILLE)
		body_add(t, r, r->zh ? "" : " ", r->zh ?
		    PICKW(&r->rng, zh_rare) : PICKW(&r->rng, en_rare));
	if (chance(&r->rng, 30))
		body_add(t, r, r->zh ? "" : " ", r->zh ?
		    PICKW(&r->rng, zh_closers) : PICKW(&r->rng, en_closers));
}

/* --- output --------------------------------------------------------- */

static void
out_flush(struct out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, stdout) != o->len)
		err(1, "stdout");
	o->len = 0;
}

static void
out_room(struct out *o, size_t n)
{
	if (OUT_CAP - o->len < n)
		out_flush(o);
}

static int
csv_needs_quotes(const char *s, size_t n)
{
	/* memchr is vectorised; four passes beat one byte loop. */
	return memchr(s, ',', n) || memchr(s, '"', n) ||
	    memchr(s, '\n', n) || memchr(s, '\r', n);
}

static void
put_csv(struct out *o, const char *s, size_t n)
{
	char *p = o->buf + o->len;
	const char *q, *end = s + n;

	if (!csv_needs_quotes(s, n)) {
		memcpy(p, s, n);
		o->len += n;
		return;
	}
	*p++ = '"';
	while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
		memcpy(p, s, (size_t)(q - s) + 1);
		p += q - s + 1;
		*p++ = '"';
		s = q + 1;
	}
	memcpy(p, s, (size_t)(end - s));
	p += end - s;
	*p++ = '"';
	o->len = (size_t)(p - o->buf);
}

/* TSV escapes as the xf commands write it; \r too, so rows stay lines. */
static void
put_tsv(struct out *o, const char *s, size_t n)
{
	char *p = o->buf + o->len;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t':
			*p++ = '\\';
			*p++ = 't';
			break;
		case '\n':
			*p++ = '\\';
			*p++ = 'n';
			break;
		case '\r':
			*p++ = '\\';
			*p++ = 'r';
			break;
		case '\\':
			*p++ = '\\';
			*p++ = '\\';
			break;
		default:
			*p++ = s[i];
		}
	}
	o->len = (size_t)(p - o->buf);
}

/* One field, preceded by a separator unless it is the first. */
static void
put_field(struct out *o, int first, const char *s, size_t n)
{
	out_room(o, FIELD_ROOM(n));
	if (!first)
		o->buf[o->len++] = o->fmt == FMT_CSV ? ',' : '\t';
	if (o->fmt == FMT_CSV)
		put_csv(o, s, n);
	else
		put_tsv(o, s, n);
}

static void
put_end(struct out *o)
{
	out_room(o, 2);
	/*
	 * LF, as Unix tools write it, rather than RFC 4180's CRLF: readers
	 * take both, and wc -l counts either.
	 */
	o->buf[o->len++] = '\n';
}

static const char *const header[] = {
	"ext_id", "received_at", "channel", "complainant", "contact",
	"subject", "body", "product", "region",
};

static void
put_header(struct out *o)
{
	size_t i;

	for (i = 0; i < NELEM(header); i++)
		put_field(o, i == 0, header[i], strlen(header[i]));
	put_end(o);
}

/* --- rows ----------------------------------------------------------- */

/* 1 when a product or region should be Chinese: mostly the row's own. */
static int
same_lang(struct row *r)
{
	return chance(&r->rng, 90) ? r->zh : !r->zh;
}

static void
put_row(struct out *o, uint64_t *rng, uint64_t id)
{
	char idb[FIELD_MAX], recb[FIELD_MAX], contb[FIELD_MAX];
	char subjb[FIELD_MAX], bodyb[BODY_MAX];
	struct text idt, rec, cont, subj, body;
	struct row r;
	const char *chan, *region;

	r.rng = *rng;
	r.zh = chance(&r.rng, 50);
	r.crlf = chance(&r.rng, CRLF_PCT);
	text_init(&idt, idb, sizeof(idb));
	text_adds(&idt, "T");
	text_num(&idt, id, 0);
	text_init(&rec, recb, sizeof(recb));
	gen_received(&rec, &r);
	chan = PICKW(&r.rng, channels);
	gen_name(&r);
	text_init(&cont, contb, sizeof(contb));
	if (chance(&r.rng, r.zh ? 70 : 20))
		gen_mobile(&cont, &r);
	else
		gen_email(&cont, &r);
	/* A tenth of rows mix: a Chinese writer about an English product. */
	r.product = same_lang(&r) ? PICK(&r.rng, zh_products) :
	    PICK(&r.rng, en_products);
	region = same_lang(&r) ? PICK(&r.rng, zh_regions) :
	    PICK(&r.rng, en_regions);
	text_init(&subj, subjb, sizeof(subjb));
	gen_subject(&subj, &r);
	text_init(&body, bodyb, sizeof(bodyb));
	gen_body(&body, &r);
	*rng = r.rng;

	put_field(o, 1, idt.p, idt.len);
	put_field(o, 0, rec.p, rec.len);
	put_field(o, 0, chan, strlen(chan));
	put_field(o, 0, r.name, strlen(r.name));
	put_field(o, 0, cont.p, cont.len);
	put_field(o, 0, subj.p, subj.len);
	put_field(o, 0, body.p, body.len);
	put_field(o, 0, r.product, strlen(r.product));
	put_field(o, 0, region, strlen(region));
	put_end(o);
}

/* --- main ----------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr, "usage: xf-gen [-n rows] [-s seed] [-f csv|tsv]\n");
	exit(2);
}

static uint64_t
parse_u64(int opt, const char *s)
{
	unsigned long long v;
	char *end;

	/* strtoull alone would take " 12" and "-1" (as a huge number). */
	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		goto bad;
	return (uint64_t)v;
bad:
	warnx("-%c: not a number: '%s'", opt, s);
	usage();
	return 0;
}

int
main(int argc, char *argv[])
{
	struct out o;
	uint64_t rows = DEFAULT_ROWS, seed = DEFAULT_SEED, rng, i;
	int c;

	o.fmt = FMT_CSV;
	while ((c = getopt(argc, argv, "f:n:s:")) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				o.fmt = FMT_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				o.fmt = FMT_TSV;
			else {
				warnx("-f: unknown format '%s'", optarg);
				usage();
			}
			break;
		case 'n':
			rows = parse_u64(c, optarg);
			break;
		case 's':
			seed = parse_u64(c, optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 0)
		usage();

	if ((o.buf = malloc(OUT_CAP)) == NULL)
		err(1, "malloc");
	o.len = 0;
	rng = seed;
	put_header(&o);
	for (i = 1; i <= rows; i++)
		put_row(&o, &rng, i);
	out_flush(&o);
	free(o.buf);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	return 0;
}
