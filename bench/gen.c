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
 *
 * -k short writes the short rows of a hotline export instead: the time,
 * the channel, a name, a phone number, one sentence and the product it
 * is about (an unmapped column, kept among the extras), about 160 bytes
 * a row (the default shape averages about 700), so the per-row cost of
 * an import shows rather than its per-byte cost.  A call log is written
 * as the calls come, so these rows are in time order, one every 6 s on
 * average from 2025-01-01 08:00 China time (ten million fit in 2025 and
 * 2026); the rows that follow a run are the next run's, newer than all
 * of it.  Same seed, same rows; a shorter run is a prefix of a longer
 * one here too.
 *
 * -H adds a history to every row (state, accepted, resolved, closed:
 * xf-intake -m status=state -m accepted_at=accepted ...), for a store
 * that looks like years of handling rather than a heap of new
 * complaints; see "history" below.  The other columns stay the same
 * bytes with or without it.
 *
 * -f mbox writes complaint e-mails instead (-n messages, default
 * 100,000: about 220 MB), for the e-mail intake; see "e-mail" below.
 * They too depend only on the seed and the count, and a shorter run is
 * a prefix of a longer one.
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

enum fmt { FMT_CSV, FMT_TSV, FMT_MBOX };

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

/*
 * A Chinese name also has the GB2312 bytes of its display form, for
 * senders written =?GB2312?B?...?= (made with python3's gb2312 codec).
 */
struct zh_name {
	const char	*disp;
	const char	*ascii;
	const char	*gb;
};

/* What the template expander needs to know about the row. */
struct row {
	uint64_t	 rng;
	int		 zh;		/* Chinese row */
	int		 crlf;		/* line breaks as a web form sends them */
	int64_t		 day;		/* day number of received_at */
	int64_t		 at;		/* received_at, UTC epoch seconds */
	const char	*product;
	char		 name[FIELD_MAX];
};

/* --- tables --------------------------------------------------------- */

static const struct weighted channels[] = {
	{ "Web", 26 }, { "Phone", 16 }, { "Email", 16 }, { "电话", 12 },
	{ "网站", 12 }, { "Postal mail", 4 }, { "微博", 8 }, { "Referral", 6 },
};

static const struct zh_name zh_surnames[] = {
	{ "王", "wang", "\xcd\xf5" }, { "李", "li", "\xc0\xee" },
	{ "张", "zhang", "\xd5\xc5" }, { "刘", "liu", "\xc1\xf5" },
	{ "陈", "chen", "\xb3\xc2" }, { "杨", "yang", "\xd1\xee" },
	{ "黄", "huang", "\xbb\xc6" }, { "赵", "zhao", "\xd5\xd4" },
	{ "吴", "wu", "\xce\xe2" }, { "周", "zhou", "\xd6\xdc" },
	{ "徐", "xu", "\xd0\xec" }, { "孙", "sun", "\xcb\xef" },
	{ "马", "ma", "\xc2\xed" }, { "朱", "zhu", "\xd6\xec" },
	{ "胡", "hu", "\xba\xfa" }, { "郭", "guo", "\xb9\xf9" },
	{ "何", "he", "\xba\xce" }, { "林", "lin", "\xc1\xd6" },
	{ "高", "gao", "\xb8\xdf" }, { "罗", "luo", "\xc2\xde" },
	{ "郑", "zheng", "\xd6\xa3" }, { "梁", "liang", "\xc1\xba" },
	{ "谢", "xie", "\xd0\xbb" }, { "宋", "song", "\xcb\xce" },
	{ "唐", "tang", "\xcc\xc6" }, { "韩", "han", "\xba\xab" },
	{ "冯", "feng", "\xb7\xeb" }, { "邓", "deng", "\xb5\xcb" },
	{ "曹", "cao", "\xb2\xdc" }, { "欧阳", "ouyang", "\xc5\xb7\xd1\xf4" },
	{ "司马", "sima", "\xcb\xbe\xc2\xed" },
};

static const struct zh_name zh_given[] = {
	{ "伟", "wei", "\xce\xb0" }, { "芳", "fang", "\xb7\xbc" },
	{ "娜", "na", "\xc4\xc8" }, { "敏", "min", "\xc3\xf4" },
	{ "静", "jing", "\xbe\xb2" }, { "丽", "li", "\xc0\xf6" },
	{ "强", "qiang", "\xc7\xbf" }, { "磊", "lei", "\xc0\xda" },
	{ "军", "jun", "\xbe\xfc" }, { "洋", "yang", "\xd1\xf3" },
	{ "勇", "yong", "\xd3\xc2" }, { "艳", "yan", "\xd1\xde" },
	{ "杰", "jie", "\xbd\xdc" }, { "娟", "juan", "\xbe\xea" },
	{ "涛", "tao", "\xcc\xce" }, { "明", "ming", "\xc3\xf7" },
	{ "超", "chao", "\xb3\xac" }, { "秀英", "xiuying", "\xd0\xe3\xd3\xa2" },
	{ "霞", "xia", "\xcf\xbc" }, { "平", "ping", "\xc6\xbd" },
	{ "刚", "gang", "\xb8\xd5" }, { "桂英", "guiying", "\xb9\xf0\xd3\xa2" },
	{ "建华", "jianhua", "\xbd\xa8\xbb\xaa" },
	{ "志强", "zhiqiang", "\xd6\xbe\xc7\xbf" },
	{ "晓燕", "xiaoyan", "\xcf\xfe\xd1\xe0" },
	{ "思琪", "siqi", "\xcb\xbc\xe7\xf7" },
	{ "子轩", "zixuan", "\xd7\xd3\xd0\xf9" },
	{ "浩然", "haoran", "\xba\xc6\xc8\xbb" },
	{ "欣怡", "xinyi", "\xd0\xc0\xe2\xf9" },
	{ "雨涵", "yuhan", "\xd3\xea\xba\xad" }, { "婷", "ting", "\xe6\xc3" },
	{ "鹏", "peng", "\xc5\xf4" }, { "辉", "hui", "\xbb\xd4" },
	{ "斌", "bin", "\xb1\xf3" },
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
 * date (has a comma), %T ISO date (ASCII, for the pre-encoded GB18030
 * and Big5 phrases), %P product, %O order number, %N 3-45, %n 2-9,
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
add_iso_date(struct text *t, struct row *r)
{
	int y, m, d;

	civil(earlier_day(r), &y, &m, &d);
	if (text_num(t, (uint64_t)y, 4) || text_adds(t, "-") ||
	    text_num(t, (uint64_t)m, 2) || text_adds(t, "-") ||
	    text_num(t, (uint64_t)d, 2))
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
	case 'T':
		return add_iso_date(t, r);
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
	unsigned hour, min, sec, offset;

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
	min = (unsigned)rnd_below(&r->rng, 60);
	text_num(t, min, 2);
	text_adds(t, ":");
	sec = (unsigned)rnd_below(&r->rng, 60);
	text_num(t, sec, 2);
	/* Mostly China time; a few exports from other offices. */
	offset = (unsigned)rnd_below(&r->rng, 100);
	text_adds(t, offset < 92 ? "+08:00" : offset < 96 ? "+00:00" :
	    "-05:00");
	r->at = r->day * 86400 + hour * 3600 + min * 60 + sec -
	    (offset < 92 ? 8 * 3600 : offset < 96 ? 0 : -5 * 3600);
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

/* Sentences until the body holds about target bytes. */
static void
body_fill(struct text *t, struct row *r, size_t target)
{
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

static void
gen_body(struct text *t, struct row *r)
{
	body_fill(t, r, body_target(r));
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

static const char *const history_header[] = {
	"state", "accepted", "resolved", "closed",
};

static void
put_header(struct out *o, int history)
{
	size_t i;

	for (i = 0; i < NELEM(header); i++)
		put_field(o, i == 0, header[i], strlen(header[i]));
	for (i = 0; history && i < NELEM(history_header); i++)
		put_field(o, 0, history_header[i], strlen(history_header[i]));
	put_end(o);
}

/* --- history (-H) ---------------------------------------------------- */

/*
 * How far each complaint got, as an export of a company's past years
 * says it: almost everything received more than RECENT_DAYS before the
 * end of the span is closed (a few rejected, a few left open: the stale
 * ones overdue finds), and the recent ones are spread over the open
 * statuses.  The times follow the received time by a few hours to a few
 * days each, so the last of them ends at most HISTORY_MAX_DAYS after the
 * span: a bench pins its clock after that.
 *
 * It draws from its own PRNG, seeded by the row's number, so the other
 * columns are the same bytes with -H or without.
 */
#define RECENT_DAYS	60
#define HOUR		3600
#define DAY		86400
#define HISTORY_MAX_DAYS 27	/* 2 + 20 + 5: accept, resolve, close */

enum hstate { H_NEW, H_ACCEPTED, H_IN_PROGRESS, H_RESOLVED, H_CLOSED,
	H_REJECTED };

static const char *const hstate_names[] = {
	"new", "accepted", "in_progress", "resolved", "closed", "rejected",
};

static enum hstate
pick_state(uint64_t *rng, int recent)
{
	unsigned p = (unsigned)rnd_below(rng, 1000);

	if (recent)
		return p < 300 ? H_NEW : p < 500 ? H_ACCEPTED :
		    p < 700 ? H_IN_PROGRESS : p < 850 ? H_RESOLVED : H_CLOSED;
	return p < 960 ? H_CLOSED : p < 990 ? H_REJECTED :
	    p < 996 ? H_RESOLVED : H_IN_PROGRESS;
}

/* t as 2026-03-05T08:00:00Z. */
static void
text_utc(struct text *t, int64_t at)
{
	int y, m, d;
	int64_t sec = at % DAY;

	civil(at / DAY, &y, &m, &d);
	text_num(t, (uint64_t)y, 4);
	text_adds(t, "-");
	text_num(t, (uint64_t)m, 2);
	text_adds(t, "-");
	text_num(t, (uint64_t)d, 2);
	text_adds(t, "T");
	text_num(t, (uint64_t)(sec / HOUR), 2);
	text_adds(t, ":");
	text_num(t, (uint64_t)(sec % HOUR / 60), 2);
	text_adds(t, ":");
	text_num(t, (uint64_t)(sec % 60), 2);
	text_adds(t, "Z");
}

/* One milestone column: the time, or empty when the row has none. */
static void
put_time(struct out *o, int has, int64_t at)
{
	char b[FIELD_MAX];
	struct text t;

	text_init(&t, b, sizeof(b));
	if (has)
		text_utc(&t, at);
	put_field(o, 0, t.p, t.len);
}

static void
put_history(struct out *o, uint64_t seed, uint64_t id, const struct row *r)
{
	uint64_t rng = seed ^ (id * 0x9e3779b97f4a7c15ULL);
	int64_t end = (EPOCH_DAY_2025 + SPAN_DAYS) * (int64_t)DAY;
	int64_t acc, res, clo;
	enum hstate st;

	st = pick_state(&rng, r->at > end - RECENT_DAYS * (int64_t)DAY);
	acc = r->at + (int64_t)rnd_range(&rng, HOUR, 2 * DAY);
	res = acc + (int64_t)rnd_range(&rng, 2 * HOUR, 20 * DAY);
	clo = res + (int64_t)rnd_range(&rng, HOUR, 5 * DAY);
	if (st == H_REJECTED)
		clo = acc;
	put_field(o, 0, hstate_names[st], strlen(hstate_names[st]));
	put_time(o, st != H_NEW && st != H_REJECTED, acc);
	put_time(o, st == H_RESOLVED || st == H_CLOSED, res);
	put_time(o, st == H_CLOSED || st == H_REJECTED, clo);
}

/* --- rows ----------------------------------------------------------- */

/* 1 when a product or region should be Chinese: mostly the row's own. */
static int
same_lang(struct row *r)
{
	return chance(&r->rng, 90) ? r->zh : !r->zh;
}

static void
put_row(struct out *o, uint64_t *rng, uint64_t id, uint64_t hseed)
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
	if (hseed != 0)
		put_history(o, hseed, id, &r);
	put_end(o);
}

/* --- short rows ----------------------------------------------------- */

/*
 * A hotline's export: what the agent typed while on the phone.  The
 * sentence is one of the body's, after an issue, so rows differ in
 * content as well as in name, number and time; no ext_id, so every row
 * is deduplicated by its content fingerprint, the costlier path.
 */
static const char *const short_header[] = {
	"received_at", "channel", "complainant", "contact", "body", "product",
};

#define CALL_GAP_MAX	12	/* seconds between calls: 0 to this */

static const struct weighted short_channels[] = {
	{ "Phone", 5 }, { "电话", 10 }, { "phone", 2 },
};

static void
put_short_header(struct out *o)
{
	size_t i;

	for (i = 0; i < NELEM(short_header); i++)
		put_field(o, i == 0, short_header[i],
		    strlen(short_header[i]));
	put_end(o);
}

/* The call's time t (seconds since 2025-01-01 00:00 in China) as
 * ISO 8601 with the +08:00 a Chinese call centre writes. */
static void
gen_call_time(struct text *t, uint64_t at)
{
	int y, m, d;
	uint64_t sec = at % 86400;

	civil(EPOCH_DAY_2025 + (int64_t)(at / 86400), &y, &m, &d);
	text_num(t, (uint64_t)y, 4);
	text_adds(t, "-");
	text_num(t, (uint64_t)m, 2);
	text_adds(t, "-");
	text_num(t, (uint64_t)d, 2);
	text_adds(t, "T");
	text_num(t, sec / 3600, 2);
	text_adds(t, ":");
	text_num(t, sec / 60 % 60, 2);
	text_adds(t, ":");
	text_num(t, sec % 60, 2);
	text_adds(t, "+08:00");
}

static void
put_short_row(struct out *o, uint64_t *rng, uint64_t *at)
{
	char recb[FIELD_MAX], contb[FIELD_MAX], bodyb[SENTENCE_MAX * 2];
	struct text rec, cont, body;
	struct row r;
	const char *chan;

	r.rng = *rng;
	r.zh = chance(&r.rng, 50);
	r.crlf = 0;
	*at += rnd_below(&r.rng, CALL_GAP_MAX + 1);
	r.day = EPOCH_DAY_2025 + (int64_t)(*at / 86400);	/* for %D, %E */
	text_init(&rec, recb, sizeof(recb));
	gen_call_time(&rec, *at);
	chan = PICKW(&r.rng, short_channels);
	gen_name(&r);
	text_init(&cont, contb, sizeof(contb));
	gen_mobile(&cont, &r);
	r.product = r.zh ? PICK(&r.rng, zh_products) :
	    PICK(&r.rng, en_products);
	text_init(&body, bodyb, sizeof(bodyb));
	expand(&body, &r, r.zh ? "%I。" : "%J. ");
	body_add(&body, &r, "", r.zh ? PICKW(&r.rng, zh_sentences) :
	    PICKW(&r.rng, en_sentences));
	*rng = r.rng;

	put_field(o, 1, rec.p, rec.len);
	put_field(o, 0, chan, strlen(chan));
	put_field(o, 0, r.name, strlen(r.name));
	put_field(o, 0, cont.p, cont.len);
	put_field(o, 0, body.p, body.len);
	put_field(o, 0, r.product, strlen(r.product));
	put_end(o);
}

/* --- e-mail --------------------------------------------------------- */

/*
 * -f mbox writes complaint e-mails the way mail clients send them and
 * servers store them, so a MIME reader is exercised rather than a CSV
 * one: Chinese text in UTF-8, GB18030 (labelled gb18030, GBK or GB2312)
 * and Big5, in base64 and quoted-printable; English in 7bit and
 * quoted-printable; RFC 2047 names and subjects; some multipart/
 * alternative (plain and HTML), some multipart/mixed with a small
 * attachment named the RFC 2231 way, some replies to earlier messages of
 * the same mbox and some auto-replies.  The mbox is mboxrd: a body line
 * matching /^>*From / gets one more '>'.
 *
 * There is no iconv here: GB18030 and Big5 text comes from the phrase
 * tables below, encoded once with python3's gb18030 and big5 codecs and
 * checked against iconv (which GMime uses) both ways; the GB18030 ones
 * are all in GB2312, so any of the three GB labels is true of them.
 * Their template codes (%N, %O, %A, %T ...) expand to ASCII, which both
 * charsets share, and no byte of a double-byte character is below 0x40,
 * so neither '%' in a template nor '<', '&' or '"' in HTML escaping can
 * be part of one.
 */

#define DEFAULT_MAILS	100000ULL

#define MAIL_ZH_PCT	60	/* messages in Chinese */
#define MAIL_GB_PCT	30	/* of the Chinese: GB18030 text */
#define MAIL_BIG5_PCT	15	/* of the Chinese: Big5, Traditional */
#define MAIL_MIXED_PCT	5	/* multipart/mixed with an attachment */
#define MAIL_ALT_PCT	20	/* multipart/alternative: plain and HTML */
#define MAIL_NESTED_PCT	30	/* of the mixed: the text is an alternative */
#define MAIL_REPLY_PCT	3	/* replies to an earlier message */
#define MAIL_AUTO_PCT	2	/* auto-replies */
#define MAIL_FROM_PCT	3	/* English bodies with a line "From ..." */

/* Decoded text bytes of a body: mostly short, a tail up to 4 KB. */
#define MAIL_BODY_MIN	200
#define MAIL_BODY_COMMON 1200
#define MAIL_BODY_LONG	2500
#define MAIL_BODY_MAX	3900
#define MAIL_REPLY_MAX	800	/* a reply's own text, before the quote */

#define MAIL_RING	256	/* recent messages a reply may answer */
#define QUOTE_MAX	200	/* bytes of the parent's text a reply quotes */
#define ATTACH_MIN	200	/* attachment bytes, decoded */
#define ATTACH_MAX	900
#define HDR_MAX		512	/* one header value, encoded and folded */
#define MAIL_TEXT_MAX	8192	/* one decoded text, quote included */
#define MAIL_HTML_MAX	(3 * MAIL_TEXT_MAX)
#define MAIL_MSG_MAX	(256U << 10)	/* one message as written */

#define B64_COLS	76	/* RFC 2045 6.8 */
#define QP_COLS		76	/* RFC 2045 6.7, the soft break's '=' counted */
#define WRAP_COLS	72	/* 7bit text, as mail clients wrap it */
#define HDR_COLS	76	/* a header line with encoded words, RFC 2047 */
#define QUOTE_COLS	66	/* quoted lines before their "> " */
/* One RFC 2047 word: 75 allowed, but "Subject: Re: " shares its line. */
#define WORD_MAX	60
#define SEG_MAX		48	/* one RFC 2231 continuation segment */
#define DELIVERY_MAX	600	/* seconds from Date to the mbox From line */

/*
 * Dates: days 2025-01-02 to 2026-10-30 local, zones -0800 to +1000, so
 * Date is inside 2025-2026 in UTC and local time and never after
 * 2026-11-01; replies come later than their parent but not after
 * MAIL_T_CAP (2026-10-31 12:00 UTC, 22:00 at +1000).
 */
#define SECS_DAY	86400
#define MAIL_DAY_FIRST	(EPOCH_DAY_2025 + 1)
#define MAIL_DAYS	667
#define MAIL_T_CAP	\
	((int64_t)(EPOCH_DAY_2025 + 668) * SECS_DAY + SECS_DAY / 2)
#define REPLY_MIN_SECS	1800
#define REPLY_MAX_SECS	(5 * SECS_DAY)

enum cs { CS_UTF8, CS_GB, CS_BIG5 };
enum cte { CTE_7BIT, CTE_QP, CTE_B64 };
enum shape { SHAPE_PLAIN, SHAPE_ALT, SHAPE_MIXED };

static const char *const cte_names[] = {
	"7bit", "quoted-printable", "base64",
};

static const char *const wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

static const char *const mons[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};

/* Zones in minutes east: Chinese senders are nearly all in +0800. */
static const int zh_zones[] = {
	480, 480, 480, 480, 480, 480, 480, 480, 480, 480, 480, 480, 480,
	480, 480, 480, 480, 480, 0, 540,
};

static const int en_zones[] = {
	-480, -420, -360, -300, -300, -240, 0, 0, 60, 60, 120, 330, 480,
	480, 600,
};

static const char *const mail_to[] = {
	"complaints@example.com",
	"Customer Care <care@example.com>",
	"\"Complaints Desk\" <complaints@example.com>",
	/* 投诉中心 */
	"=?UTF-8?B?5oqV6K+J5Lit5b+D?= <complaints@example.com>",
	/* 客服部 */
	"=?utf-8?B?5a6i5pyN6YOo?= <care@example.com>",
};

static const char *const zh_mailers[] = {
	"Foxmail 7.2.25.228[cn]", "NetEase Flash Mail 2.4.1.32",
	"Microsoft Outlook 16.0",
};

static const char *const en_mailers[] = {
	"Apple Mail (2.3774.300.61.1.2)", "Microsoft Outlook 16.0",
	"Mozilla Thunderbird", "iPhone Mail (21E236)",
};

static const struct weighted utf8_labels[] = {
	{ "utf-8", 3 }, { "UTF-8", 2 },
};

static const struct weighted gb_labels[] = {
	{ "gb18030", 12 }, { "GBK", 5 }, { "GB2312", 3 },
};

static const struct weighted big5_labels[] = {
	{ "big5", 3 }, { "Big5", 1 },
};

/* English mail-only lines: one that mboxrd must quote, an away notice. */
static const char en_from_line[] =
    "\n\nFrom the first day I contacted you, nobody has given me a "
    "straight answer.";

/* Away notices, each over MAIL_BODY_MIN bytes. */
static const struct weighted en_away[] = {
	{ "Thank you for your e-mail.  I am out of the office with limited "
	    "access to e-mail and will reply as soon as I can after I return."
	    "\n\nFor urgent matters please call my mobile on %K.\n\n"
	    "Best regards,\n%W", 1 },
	{ "This is an automatic reply.  I am on leave and will not be "
	    "reading my messages until I am back.  Your message about order "
	    "%O has been received and will be answered then.  Thank you for "
	    "your patience.\n\n%W", 1 },
};

static const struct weighted zh_away[] = {
	{ "您好，我现在休假中，无法及时回复邮件，回来后会尽快处理您的来信。\n"
	    "如有急事，请直接拨打我的手机。谢谢您的理解！\n\n"
	    "这是一封自动回复邮件。\n%W", 1 },
	{ "【自动回复】您的邮件已收到，我目前不在办公室，将在%n个工作日内"
	    "回复您。如有紧急事务，请致电我的手机。谢谢！\n"
	    "本邮件为系统自动发送，请勿直接回复。\n\n%W", 1 },
};

/*
 * Attachments.  Chinese file names are written the RFC 2231 way, the
 * long one in continuation segments.
 */
enum attkind { ATT_PNG, ATT_JPEG, ATT_PDF, ATT_TEXT };

struct attachment {
	const char	*name;		/* UTF-8 */
	const char	*type;
	enum attkind	 kind;
};

static const struct attachment attachments[] = {
	{ "screenshot.png", "image/png", ATT_PNG },
	{ "IMG_20260302_101533.jpg", "image/jpeg", ATT_JPEG },
	{ "receipt.pdf", "application/pdf", ATT_PDF },
	{ "invoice 2026-03.pdf", "application/pdf", ATT_PDF },
	{ "付款截图.png", "image/png", ATT_PNG },
	{ "聊天记录.txt", "text/plain", ATT_TEXT },
	{ "订单详情及付款凭证截图（第一部分）.png", "image/png", ATT_PNG },
	{ "發票.pdf", "application/pdf", ATT_PDF },
};

static const char png_magic[] = "\x89PNG\r\n\x1a\n";
static const char jpeg_magic[] = "\xff\xd8\xff\xe0";
static const char pdf_magic[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";

static const struct weighted gb_openers[] = {
	/* 您好：\n */
	{ "\xc4\xfa\xba\xc3\xa3\xba\n", 1 },
	/* 尊敬的客服：\n */
	{ "\xd7\xf0\xbe\xb4\xb5\xc4\xbf\xcd\xb7\xfe\xa3\xba\n", 1 },
	/* 你好， */
	{ "\xc4\xe3\xba\xc3\xa3\xac", 1 },
};

static const struct weighted gb_sentences[] = {
	/* 我于%T在贵公司网站下单，订单号%O，至今已经%N天了。 */
	{ "\xce\xd2\xd3\xda%T\xd4\xda\xb9\xf3\xb9\xab\xcb\xbe"
	    "\xcd\xf8\xd5\xbe\xcf\xc2\xb5\xa5\xa3\xac\xb6\xa9\xb5\xa5"
	    "\xba\xc5%O\xa3\xac\xd6\xc1\xbd\xf1\xd2\xd1\xbe\xad%N"
	    "\xcc\xec\xc1\xcb\xa1\xa3", 6 },
	/* 退款申请提交后一直显示“处理中”，已经%N天了。 */
	{ "\xcd\xcb\xbf\xee\xc9\xea\xc7\xeb\xcc\xe1\xbd\xbb\xba\xf3"
	    "\xd2\xbb\xd6\xb1\xcf\xd4\xca\xbe\xa1\xb0\xb4\xa6\xc0\xed"
	    "\xd6\xd0\xa1\xb1\xa3\xac\xd2\xd1\xbe\xad%N\xcc\xec"
	    "\xc1\xcb\xa1\xa3", 3 },
	/* 客服态度很差，多次推诿，说“这不归我们管”。 */
	{ "\xbf\xcd\xb7\xfe\xcc\xac\xb6\xc8\xba\xdc\xb2\xee\xa3\xac"
	    "\xb6\xe0\xb4\xce\xcd\xc6\xda\xc3\xa3\xac\xcb\xb5\xa1\xb0"
	    "\xd5\xe2\xb2\xbb\xb9\xe9\xce\xd2\xc3\xc7\xb9\xdc\xa1\xb1"
	    "\xa1\xa3", 3 },
	/* 系统在未经我同意的情况下扣费%A元，我要求全额退款。 */
	{ "\xcf\xb5\xcd\xb3\xd4\xda\xce\xb4\xbe\xad\xce\xd2\xcd\xac"
	    "\xd2\xe2\xb5\xc4\xc7\xe9\xbf\xf6\xcf\xc2\xbf\xdb\xb7\xd1"
	    "%A\xd4\xaa\xa3\xac\xce\xd2\xd2\xaa\xc7\xf3\xc8\xab"
	    "\xb6\xee\xcd\xcb\xbf\xee\xa1\xa3", 4 },
	/* 我的账号被封了，申诉了%n次都没有结果。 */
	{ "\xce\xd2\xb5\xc4\xd5\xcb\xba\xc5\xb1\xbb\xb7\xe2\xc1\xcb"
	    "\xa3\xac\xc9\xea\xcb\xdf\xc1\xcb%n\xb4\xce\xb6\xbc"
	    "\xc3\xbb\xd3\xd0\xbd\xe1\xb9\xfb\xa1\xa3", 3 },
	/* 我怀疑个人信息泄露，最近每天接到%N个骚扰电话。 */
	{ "\xce\xd2\xbb\xb3\xd2\xc9\xb8\xf6\xc8\xcb\xd0\xc5\xcf\xa2"
	    "\xd0\xb9\xc2\xb6\xa3\xac\xd7\xee\xbd\xfc\xc3\xbf\xcc\xec"
	    "\xbd\xd3\xb5\xbd%N\xb8\xf6\xc9\xa7\xc8\xc5\xb5\xe7"
	    "\xbb\xb0\xa1\xa3", 3 },
	/* 物流延迟超过%N天，快递单号%O，物流信息一直不更新。 */
	{ "\xce\xef\xc1\xf7\xd1\xd3\xb3\xd9\xb3\xac\xb9\xfd%N"
	    "\xcc\xec\xa3\xac\xbf\xec\xb5\xdd\xb5\xa5\xba\xc5%O"
	    "\xa3\xac\xce\xef\xc1\xf7\xd0\xc5\xcf\xa2\xd2\xbb\xd6\xb1"
	    "\xb2\xbb\xb8\xfc\xd0\xc2\xa1\xa3", 3 },
	/* 请贵公司在%n个工作日内给出书面答复，否则我将向消费者协会投诉。 */
	{ "\xc7\xeb\xb9\xf3\xb9\xab\xcb\xbe\xd4\xda%n\xb8\xf6"
	    "\xb9\xa4\xd7\xf7\xc8\xd5\xc4\xda\xb8\xf8\xb3\xf6\xca\xe9"
	    "\xc3\xe6\xb4\xf0\xb8\xb4\xa3\xac\xb7\xf1\xd4\xf2\xce\xd2"
	    "\xbd\xab\xcf\xf2\xcf\xfb\xb7\xd1\xd5\xdf\xd0\xad\xbb\xe1"
	    "\xcd\xb6\xcb\xdf\xa1\xa3", 3 },
	/* 如果问题得不到解决，我会委托律师通过法律途径维护自己的权益。 */
	{ "\xc8\xe7\xb9\xfb\xce\xca\xcc\xe2\xb5\xc3\xb2\xbb\xb5\xbd"
	    "\xbd\xe2\xbe\xf6\xa3\xac\xce\xd2\xbb\xe1\xce\xaf\xcd\xd0"
	    "\xc2\xc9\xca\xa6\xcd\xa8\xb9\xfd\xb7\xa8\xc2\xc9\xcd\xbe"
	    "\xbe\xb6\xce\xac\xbb\xa4\xd7\xd4\xbc\xba\xb5\xc4\xc8\xa8"
	    "\xd2\xe6\xa1\xa3", 2 },
	/* 这已经是我第%n次投诉了。 */
	{ "\xd5\xe2\xd2\xd1\xbe\xad\xca\xc7\xce\xd2\xb5\xda%n"
	    "\xb4\xce\xcd\xb6\xcb\xdf\xc1\xcb\xa1\xa3", 3 },
	/* 会员到期后被自动续费%A元，我从未开通过自动续费。 */
	{ "\xbb\xe1\xd4\xb1\xb5\xbd\xc6\xda\xba\xf3\xb1\xbb\xd7\xd4"
	    "\xb6\xaf\xd0\xf8\xb7\xd1%A\xd4\xaa\xa3\xac\xce\xd2"
	    "\xb4\xd3\xce\xb4\xbf\xaa\xcd\xa8\xb9\xfd\xd7\xd4\xb6\xaf"
	    "\xd0\xf8\xb7\xd1\xa1\xa3", 2 },
	/* 同一笔订单被扣费两次，共计%A元。 */
	{ "\xcd\xac\xd2\xbb\xb1\xca\xb6\xa9\xb5\xa5\xb1\xbb\xbf\xdb"
	    "\xb7\xd1\xc1\xbd\xb4\xce\xa3\xac\xb9\xb2\xbc\xc6%A"
	    "\xd4\xaa\xa1\xa3", 2 },
	/* 附件是付款截图和聊天记录。 */
	{ "\xb8\xbd\xbc\xfe\xca\xc7\xb8\xb6\xbf\xee\xbd\xd8\xcd\xbc"
	    "\xba\xcd\xc1\xc4\xcc\xec\xbc\xc7\xc2\xbc\xa1\xa3", 2 },
	/* 我要求删除我的全部个人信息，并给出书面说明。 */
	{ "\xce\xd2\xd2\xaa\xc7\xf3\xc9\xbe\xb3\xfd\xce\xd2\xb5\xc4"
	    "\xc8\xab\xb2\xbf\xb8\xf6\xc8\xcb\xd0\xc5\xcf\xa2\xa3\xac"
	    "\xb2\xa2\xb8\xf8\xb3\xf6\xca\xe9\xc3\xe6\xcb\xb5\xc3\xf7"
	    "\xa1\xa3", 2 },
	/* App更新后无法登录，提示“账号异常”，人工客服排队%N分钟。 */
	{ "App\xb8\xfc\xd0\xc2\xba\xf3\xce\xde\xb7\xa8\xb5\xc7"
	    "\xc2\xbc\xa3\xac\xcc\xe1\xca\xbe\xa1\xb0\xd5\xcb\xba\xc5"
	    "\xd2\xec\xb3\xa3\xa1\xb1\xa3\xac\xc8\xcb\xb9\xa4\xbf\xcd"
	    "\xb7\xfe\xc5\xc5\xb6\xd3%N\xb7\xd6\xd6\xd3\xa1\xa3", 2 },
	/* 优惠券无法使用，订单%O多付了%A元。 */
	{ "\xd3\xc5\xbb\xdd\xc8\xaf\xce\xde\xb7\xa8\xca\xb9\xd3\xc3"
	    "\xa3\xac\xb6\xa9\xb5\xa5%O\xb6\xe0\xb8\xb6\xc1\xcb%A"
	    "\xd4\xaa\xa1\xa3", 2 },
};

static const struct weighted gb_closers[] = {
	/* 望尽快回复。 */
	{ "\xcd\xfb\xbe\xa1\xbf\xec\xbb\xd8\xb8\xb4\xa1\xa3", 1 },
	/* 谢谢！ */
	{ "\xd0\xbb\xd0\xbb\xa3\xa1", 1 },
	/* 此致\n敬礼 */
	{ "\xb4\xcb\xd6\xc2\n\xbe\xb4\xc0\xf1", 1 },
};

static const char *const gb_subjects[] = {
	/* 关于退款未到账的投诉 */
	"\xb9\xd8\xd3\xda\xcd\xcb\xbf\xee\xce\xb4\xb5\xbd\xd5\xcb"
	    "\xb5\xc4\xcd\xb6\xcb\xdf",
	/* 账号被封，要求解封 */
	"\xd5\xcb\xba\xc5\xb1\xbb\xb7\xe2\xa3\xac\xd2\xaa\xc7\xf3"
	    "\xbd\xe2\xb7\xe2",
	/* 投诉：重复扣费 */
	"\xcd\xb6\xcb\xdf\xa3\xba\xd6\xd8\xb8\xb4\xbf\xdb\xb7\xd1",
	/* 个人信息泄露问题 */
	"\xb8\xf6\xc8\xcb\xd0\xc5\xcf\xa2\xd0\xb9\xc2\xb6\xce\xca"
	    "\xcc\xe2",
	/* 请尽快处理物流延迟 */
	"\xc7\xeb\xbe\xa1\xbf\xec\xb4\xa6\xc0\xed\xce\xef\xc1\xf7"
	    "\xd1\xd3\xb3\xd9",
	/* 再次投诉会员自动续费 */
	"\xd4\xd9\xb4\xce\xcd\xb6\xcb\xdf\xbb\xe1\xd4\xb1\xd7\xd4"
	    "\xb6\xaf\xd0\xf8\xb7\xd1",
	/* 【紧急】账户被盗 */
	"\xa1\xbe\xbd\xf4\xbc\xb1\xa1\xbf\xd5\xcb\xbb\xa7\xb1\xbb"
	    "\xb5\xc1",
	/* 快递丢件，要求赔偿损失 */
	"\xbf\xec\xb5\xdd\xb6\xaa\xbc\xfe\xa3\xac\xd2\xaa\xc7\xf3"
	    "\xc5\xe2\xb3\xa5\xcb\xf0\xca\xa7",
	/* 虚假宣传投诉 */
	"\xd0\xe9\xbc\xd9\xd0\xfb\xb4\xab\xcd\xb6\xcb\xdf",
	/* 优惠券无法使用 */
	"\xd3\xc5\xbb\xdd\xc8\xaf\xce\xde\xb7\xa8\xca\xb9\xd3\xc3",
	/* 发票未开具 */
	"\xb7\xa2\xc6\xb1\xce\xb4\xbf\xaa\xbe\xdf",
	/* 无法注销账号 */
	"\xce\xde\xb7\xa8\xd7\xa2\xcf\xfa\xd5\xcb\xba\xc5",
};

/* ------------------ 原始邮件 ------------------ */
static const char gb_quote_head[] =
    "------------------ \xd4\xad\xca\xbc\xd3\xca\xbc\xfe "
    "------------------";

static const struct weighted big5_openers[] = {
	/* 您好：\n */
	{ "\xb1\x7a\xa6\x6e\xa1\x47\n", 1 },
	/* 親愛的客服人員：\n */
	{ "\xbf\xcb\xb7\x52\xaa\xba\xab\xc8\xaa\x41\xa4\x48\xad\xfb"
	    "\xa1\x47\n", 1 },
	/* 你好， */
	{ "\xa7\x41\xa6\x6e\xa1\x41", 1 },
};

static const struct weighted big5_sentences[] = {
	/* 我於%T在貴公司網站下單，訂單號碼%O，至今已經%N天了。 */
	{ "\xa7\xda\xa9\xf3%T\xa6\x62\xb6\x51\xa4\xbd\xa5\x71"
	    "\xba\xf4\xaf\xb8\xa4\x55\xb3\xe6\xa1\x41\xad\x71\xb3\xe6"
	    "\xb8\xb9\xbd\x58%O\xa1\x41\xa6\xdc\xa4\xb5\xa4\x77"
	    "\xb8\x67%N\xa4\xd1\xa4\x46\xa1\x43", 6 },
	/* 退款申請送出後一直顯示「處理中」，已經%N天了。 */
	{ "\xb0\x68\xb4\xda\xa5\xd3\xbd\xd0\xb0\x65\xa5\x58\xab\xe1"
	    "\xa4\x40\xaa\xbd\xc5\xe3\xa5\xdc\xa1\x75\xb3\x42\xb2\x7a"
	    "\xa4\xa4\xa1\x76\xa1\x41\xa4\x77\xb8\x67%N\xa4\xd1"
	    "\xa4\x46\xa1\x43", 3 },
	/* 客服態度很差，一再推託，說「這不歸我們管」。 */
	{ "\xab\xc8\xaa\x41\xba\x41\xab\xd7\xab\xdc\xae\x74\xa1\x41"
	    "\xa4\x40\xa6\x41\xb1\xc0\xb0\x55\xa1\x41\xbb\xa1\xa1\x75"
	    "\xb3\x6f\xa4\xa3\xc2\x6b\xa7\xda\xad\xcc\xba\xde\xa1\x76"
	    "\xa1\x43", 3 },
	/* 系統在未經我同意的情況下扣款%A元，我要求全額退款。 */
	{ "\xa8\x74\xb2\xce\xa6\x62\xa5\xbc\xb8\x67\xa7\xda\xa6\x50"
	    "\xb7\x4e\xaa\xba\xb1\xa1\xaa\x70\xa4\x55\xa6\xa9\xb4\xda"
	    "%A\xa4\xb8\xa1\x41\xa7\xda\xad\x6e\xa8\x44\xa5\xfe"
	    "\xc3\x42\xb0\x68\xb4\xda\xa1\x43", 4 },
	/* 我的帳號被停用，申訴了%n次都沒有結果。 */
	{ "\xa7\xda\xaa\xba\xb1\x62\xb8\xb9\xb3\x51\xb0\xb1\xa5\xce"
	    "\xa1\x41\xa5\xd3\xb6\x44\xa4\x46%n\xa6\xb8\xb3\xa3"
	    "\xa8\x53\xa6\xb3\xb5\xb2\xaa\x47\xa1\x43", 3 },
	/* 我懷疑個人資料外洩，最近每天接到%N通騷擾電話。 */
	{ "\xa7\xda\xc3\x68\xba\xc3\xad\xd3\xa4\x48\xb8\xea\xae\xc6"
	    "\xa5\x7e\xac\xaa\xa1\x41\xb3\xcc\xaa\xf1\xa8\x43\xa4\xd1"
	    "\xb1\xb5\xa8\xec%N\xb3\x71\xc4\xcc\xc2\x5a\xb9\x71"
	    "\xb8\xdc\xa1\x43", 3 },
	/* 物流延遲超過%N天，宅配單號%O，物流資訊一直沒有更新。 */
	{ "\xaa\xab\xac\x79\xa9\xb5\xbf\xf0\xb6\x57\xb9\x4c%N"
	    "\xa4\xd1\xa1\x41\xa6\x76\xb0\x74\xb3\xe6\xb8\xb9%O"
	    "\xa1\x41\xaa\xab\xac\x79\xb8\xea\xb0\x54\xa4\x40\xaa\xbd"
	    "\xa8\x53\xa6\xb3\xa7\xf3\xb7\x73\xa1\x43", 3 },
	/* 請貴公司在%n個工作天內給予書面答覆，否則我將向消費者保護單位申訴。 */
	{ "\xbd\xd0\xb6\x51\xa4\xbd\xa5\x71\xa6\x62%n\xad\xd3"
	    "\xa4\x75\xa7\x40\xa4\xd1\xa4\xba\xb5\xb9\xa4\xa9\xae\xd1"
	    "\xad\xb1\xb5\xaa\xc2\xd0\xa1\x41\xa7\x5f\xab\x68\xa7\xda"
	    "\xb1\x4e\xa6\x56\xae\xf8\xb6\x4f\xaa\xcc\xab\x4f\xc5\x40"
	    "\xb3\xe6\xa6\xec\xa5\xd3\xb6\x44\xa1\x43", 3 },
	/* 如果問題無法解決，我會委託律師透過法律途徑維護自身權益。 */
	{ "\xa6\x70\xaa\x47\xb0\xdd\xc3\x44\xb5\x4c\xaa\x6b\xb8\xd1"
	    "\xa8\x4d\xa1\x41\xa7\xda\xb7\x7c\xa9\x65\xb0\x55\xab\xdf"
	    "\xae\x76\xb3\x7a\xb9\x4c\xaa\x6b\xab\xdf\xb3\x7e\xae\x7c"
	    "\xba\xfb\xc5\x40\xa6\xdb\xa8\xad\xc5\x76\xaf\x71\xa1\x43", 2 },
	/* 這已經是我第%n次申訴了。 */
	{ "\xb3\x6f\xa4\x77\xb8\x67\xac\x4f\xa7\xda\xb2\xc4%n"
	    "\xa6\xb8\xa5\xd3\xb6\x44\xa4\x46\xa1\x43", 3 },
	/* 會員到期後被自動續訂%A元，我從未開啟自動續訂功能。 */
	{ "\xb7\x7c\xad\xfb\xa8\xec\xb4\xc1\xab\xe1\xb3\x51\xa6\xdb"
	    "\xb0\xca\xc4\xf2\xad\x71%A\xa4\xb8\xa1\x41\xa7\xda"
	    "\xb1\x71\xa5\xbc\xb6\x7d\xb1\xd2\xa6\xdb\xb0\xca\xc4\xf2"
	    "\xad\x71\xa5\x5c\xaf\xe0\xa1\x43", 2 },
	/* 同一筆訂單被重複扣款，共計%A元。 */
	{ "\xa6\x50\xa4\x40\xb5\xa7\xad\x71\xb3\xe6\xb3\x51\xad\xab"
	    "\xbd\xc6\xa6\xa9\xb4\xda\xa1\x41\xa6\x40\xad\x70%A"
	    "\xa4\xb8\xa1\x43", 2 },
	/* 附件是付款截圖和對話紀錄。 */
	{ "\xaa\xfe\xa5\xf3\xac\x4f\xa5\x49\xb4\xda\xba\x49\xb9\xcf"
	    "\xa9\x4d\xb9\xef\xb8\xdc\xac\xf6\xbf\xfd\xa1\x43", 2 },
	/* 我要求刪除我的全部個人資料，並提供書面說明。 */
	{ "\xa7\xda\xad\x6e\xa8\x44\xa7\x52\xb0\xa3\xa7\xda\xaa\xba"
	    "\xa5\xfe\xb3\xa1\xad\xd3\xa4\x48\xb8\xea\xae\xc6\xa1\x41"
	    "\xa8\xc3\xb4\xa3\xa8\xd1\xae\xd1\xad\xb1\xbb\xa1\xa9\xfa"
	    "\xa1\x43", 2 },
	/* App更新後無法登入，顯示「帳號異常」，等候真人客服%N分鐘。 */
	{ "App\xa7\xf3\xb7\x73\xab\xe1\xb5\x4c\xaa\x6b\xb5\x6e"
	    "\xa4\x4a\xa1\x41\xc5\xe3\xa5\xdc\xa1\x75\xb1\x62\xb8\xb9"
	    "\xb2\xa7\xb1\x60\xa1\x76\xa1\x41\xb5\xa5\xad\xd4\xaf\x75"
	    "\xa4\x48\xab\xc8\xaa\x41%N\xa4\xc0\xc4\xc1\xa1\x43", 2 },
	/* 許多用戶都遇到同樣的問題，折價券無法使用，訂單%O多付了%A元。 */
	{ "\xb3\x5c\xa6\x68\xa5\xce\xa4\xe1\xb3\xa3\xb9\x4a\xa8\xec"
	    "\xa6\x50\xbc\xcb\xaa\xba\xb0\xdd\xc3\x44\xa1\x41\xa7\xe9"
	    "\xbb\xf9\xa8\xe9\xb5\x4c\xaa\x6b\xa8\xcf\xa5\xce\xa1\x41"
	    "\xad\x71\xb3\xe6%O\xa6\x68\xa5\x49\xa4\x46%A\xa4\xb8"
	    "\xa1\x43", 2 },
};

static const struct weighted big5_closers[] = {
	/* 請盡快回覆。 */
	{ "\xbd\xd0\xba\xc9\xa7\xd6\xa6\x5e\xc2\xd0\xa1\x43", 1 },
	/* 謝謝！ */
	{ "\xc1\xc2\xc1\xc2\xa1\x49", 1 },
	/* 敬祝\n商安 */
	{ "\xb7\x71\xaf\xac\n\xb0\xd3\xa6\x77", 1 },
};

static const char *const big5_subjects[] = {
	/* 關於退款未入帳的申訴 */
	"\xc3\xf6\xa9\xf3\xb0\x68\xb4\xda\xa5\xbc\xa4\x4a\xb1\x62"
	    "\xaa\xba\xa5\xd3\xb6\x44",
	/* 帳號被停用，要求恢復 */
	"\xb1\x62\xb8\xb9\xb3\x51\xb0\xb1\xa5\xce\xa1\x41\xad\x6e"
	    "\xa8\x44\xab\xec\xb4\x5f",
	/* 申訴：重複扣款 */
	"\xa5\xd3\xb6\x44\xa1\x47\xad\xab\xbd\xc6\xa6\xa9\xb4\xda",
	/* 個人資料外洩問題 */
	"\xad\xd3\xa4\x48\xb8\xea\xae\xc6\xa5\x7e\xac\xaa\xb0\xdd"
	    "\xc3\x44",
	/* 請盡快處理物流延遲 */
	"\xbd\xd0\xba\xc9\xa7\xd6\xb3\x42\xb2\x7a\xaa\xab\xac\x79"
	    "\xa9\xb5\xbf\xf0",
	/* 再次申訴會員自動續訂 */
	"\xa6\x41\xa6\xb8\xa5\xd3\xb6\x44\xb7\x7c\xad\xfb\xa6\xdb"
	    "\xb0\xca\xc4\xf2\xad\x71",
	/* 【緊急】帳戶被盜用 */
	"\xa1\x69\xba\xf2\xab\xe6\xa1\x6a\xb1\x62\xa4\xe1\xb3\x51"
	    "\xb5\x73\xa5\xce",
	/* 包裹遺失，要求賠償 */
	"\xa5\x5d\xbb\x71\xbf\xf2\xa5\xa2\xa1\x41\xad\x6e\xa8\x44"
	    "\xbd\xdf\xc0\x76",
	/* 不實廣告申訴 */
	"\xa4\xa3\xb9\xea\xbc\x73\xa7\x69\xa5\xd3\xb6\x44",
	/* 折價券無法使用 */
	"\xa7\xe9\xbb\xf9\xa8\xe9\xb5\x4c\xaa\x6b\xa8\xcf\xa5\xce",
	/* 發票未開立 */
	"\xb5\x6f\xb2\xbc\xa5\xbc\xb6\x7d\xa5\xdf",
	/* 無法刪除帳號 */
	"\xb5\x4c\xaa\x6b\xa7\x52\xb0\xa3\xb1\x62\xb8\xb9",
};

/* -----原始郵件----- */
static const char big5_quote_head[] =
    "-----\xad\xec\xa9\x6c\xb6\x6c\xa5\xf3-----";

/* The pre-encoded phrases of one charset; see the comment above. */
struct phrasebook {
	const struct weighted	*open, *sent, *close, *labels;
	size_t			 nopen, nsent, nclose, nlabels;
	const char *const	*subj;
	size_t			 nsubj;
	const char		*quote_head;	/* above a reply's quote */
};

#define PHRASEBOOK(p) {							\
	p##_openers, p##_sentences, p##_closers, p##_labels,		\
	NELEM(p##_openers), NELEM(p##_sentences), NELEM(p##_closers),	\
	NELEM(p##_labels), p##_subjects, NELEM(p##_subjects), p##_quote_head \
}

static const struct phrasebook gb_book = PHRASEBOOK(gb);
static const struct phrasebook big5_book = PHRASEBOOK(big5);

_Static_assert(NELEM(gb_sentences) <= 64, "used-sentence mask is 64 bits");
_Static_assert(NELEM(big5_sentences) <= 64, "used-sentence mask is 64 bits");

/* What a later reply needs of a message. */
struct sent {
	char		 msgid[FIELD_MAX];	/* with its <> */
	char		 from[HDR_MAX];		/* the From: value */
	char		 addr[FIELD_MAX];
	char		 name[FIELD_MAX];	/* UTF-8 display name */
	char		 subject[HDR_MAX];	/* the Subject: value */
	char		 quote[QUOTE_MAX];	/* the text's start, in cs */
	size_t		 quotelen;
	int64_t		 t;			/* Date, UTC */
	int		 off;			/* Date's zone, minutes east */
	int		 zh;
	int		 autoreply;		/* nobody answers these */
	enum cs		 cs;
	const char	*label;			/* charset as named */
};

/* One message being made; allocated once and reused. */
struct mail {
	struct row	 r;
	struct sent	 s;
	const struct sent *parent;	/* a reply's, else NULL */
	const struct phrasebook *pb;	/* GB18030 and Big5 text, else NULL */
	enum cte	 cte;
	enum shape	 shape;
	int		 quote_cs;	/* charset="x" rather than charset=x */
	int		 say_7bit;	/* 7bit named, though the default */
	int64_t		 delivered;	/* the mbox From line's time */
	char		 gbname[FIELD_MAX];
	struct text	 text;		/* the body, decoded, in s.cs */
	char		 textb[MAIL_TEXT_MAX];
	char		 tmpb[MAIL_TEXT_MAX + MAIL_TEXT_MAX / 2];
	char		 htmlb[MAIL_HTML_MAX];
	char		 attb[MAIL_TEXT_MAX];
};

/*
 * Appends that must fit: the buffers are sized for the largest message
 * the tables can make, so running out is a bug here, not bad luck.
 */
static char *
mroom(struct text *t, size_t n)
{
	if (n >= t->cap - t->len)
		errx(1, "internal error: a message outgrew its buffer");
	return t->p + t->len;
}

static void
mput(struct text *t, const char *s, size_t n)
{
	memcpy(mroom(t, n), s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static void
mputs(struct text *t, const char *s)
{
	mput(t, s, strlen(s));
}

static void
mnum(struct text *t, uint64_t v, int width)
{
	mroom(t, 24);
	text_num(t, v, width);
}

static void
mhex(struct text *t, uint64_t v, int digits)
{
	static const char hex[] = "0123456789ABCDEF";
	char d[16];
	int i;

	for (i = digits - 1; i >= 0; i--, v >>= 4)
		d[i] = hex[v & 15];
	mput(t, d, (size_t)digits);
}

static int
is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Bytes of the character at s (n bytes left) in charset cs. */
static size_t
cs_charlen(enum cs cs, const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = 1;

	if (c >= 0x80) {
		switch (cs) {
		case CS_UTF8:
			len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			break;
		case CS_GB:	/* four bytes when the second is a digit */
			len = n > 1 && s[1] >= '0' && s[1] <= '9' ? 4 : 2;
			break;
		case CS_BIG5:
			len = 2;
			break;
		}
	}
	return len < n ? len : n;
}

/* The longest start of s, at most max bytes, that ends on a character. */
static size_t
cs_prefix(enum cs cs, const char *s, size_t n, size_t max)
{
	size_t i = 0, c;

	while (i < n && i + (c = cs_charlen(cs, s + i, n - i)) <= max)
		i += c;
	return i;
}

/* --- encodings ------------------------------------------------------ */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * Base64 of data: in lines of cols characters each ending in a line
 * break, or with cols 0 on one line as an encoded word wants it.
 */
static void
put_b64(struct text *t, const void *data, size_t n, size_t cols)
{
	const unsigned char *s = data;
	size_t i, col = 0, out = (n + 2) / 3 * 4;
	char *p = mroom(t, out + (cols ? out / cols + 1 : 0));
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		*p++ = b64_alphabet[v >> 18 & 63];
		*p++ = b64_alphabet[v >> 12 & 63];
		*p++ = i + 1 < n ? b64_alphabet[v >> 6 & 63] : '=';
		*p++ = i + 2 < n ? b64_alphabet[v & 63] : '=';
		if (cols != 0 && (col += 4) == cols) {
			*p++ = '\n';
			col = 0;
		}
	}
	if (cols != 0 && col != 0)
		*p++ = '\n';
	t->len = (size_t)(p - t->p);
	*p = '\0';
}

static const char hexdig[] = "0123456789ABCDEF";

/*
 * Quoted-printable (RFC 2045 6.7): line breaks stay hard breaks, lines
 * longer than QP_COLS get soft breaks ("=" at the end), never inside an
 * =XX, and a space or tab before a break is encoded so that no mail
 * system's trimming changes the text.
 */
static void
put_qp(struct text *t, const char *s, size_t n)
{
	char *p = mroom(t, 3 * n + 2 * (3 * n / (QP_COLS - 1) + 1) + 2);
	size_t i, col = 0, len;
	unsigned char c;
	int eol;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\n') {
			*p++ = '\n';
			col = 0;
			continue;
		}
		eol = i + 1 == n || s[i + 1] == '\n';
		len = (c > ' ' && c <= '~' && c != '=') ||
		    ((c == ' ' || c == '\t') && !eol) ? 1 : 3;
		if (col + len > (eol ? QP_COLS : QP_COLS - 1)) {
			*p++ = '=';
			*p++ = '\n';
			col = 0;
		}
		if (len == 1) {
			*p++ = (char)c;
		} else {
			*p++ = '=';
			*p++ = hexdig[c >> 4];
			*p++ = hexdig[c & 15];
		}
		col += len;
	}
	if (n == 0 || s[n - 1] != '\n')
		*p++ = '\n';
	t->len = (size_t)(p - t->p);
	*p = '\0';
}

/* RFC 2047 Q: letters and digits as they are, space as '_', else =XX. */
static int
q_plain(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

static size_t
q_len(const char *s, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		len += q_plain((unsigned char)s[i]) || s[i] == ' ' ? 1 : 3;
	return len;
}

static void
put_q(struct text *t, const char *s, size_t n)
{
	char *p = mroom(t, 3 * n);
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (q_plain(c)) {
			*p++ = (char)c;
		} else if (c == ' ') {
			*p++ = '_';
		} else {
			*p++ = '=';
			*p++ = hexdig[c >> 4];
			*p++ = hexdig[c & 15];
		}
	}
	t->len = (size_t)(p - t->p);
	*p = '\0';
}

/*
 * s as RFC 2047 encoded words, B or (q) Q, of at most WORD_MAX
 * characters each, each holding whole characters (RFC 2047 5: a word
 * must decode on its own), the second and later on folded lines.
 */
static void
put_words(struct text *t, enum cs cs, const char *label, int q,
    const char *s, size_t n)
{
	size_t over = strlen(label) + 7, i = 0, start, c, qlen, add, len;

	while (i < n) {
		start = i;
		qlen = 0;
		while (i < n) {
			c = cs_charlen(cs, s + i, n - i);
			add = q ? q_len(s + i, c) : 0;
			len = q ? qlen + add : (i + c - start + 2) / 3 * 4;
			if (i > start && over + len > WORD_MAX)
				break;
			qlen += add;
			i += c;
		}
		if (start > 0)
			mputs(t, "\n ");
		mputs(t, "=?");
		mputs(t, label);
		mputs(t, q ? "?Q?" : "?B?");
		if (q)
			put_q(t, s + start, i - start);
		else
			put_b64(t, s + start, i - start, 0);
		mputs(t, "?=");
	}
}

/* RFC 2231 attribute-char: the rest is %XX in an extended value. */
static int
attr_char(unsigned char c)
{
	return q_plain(c) || (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

/*
 * A parameter ";\n\tattr=value": quoted when ASCII, else RFC 2231
 * extended (attr*=UTF-8''%E4...), in continuation segments (attr*0*=,
 * attr*1*= ...) when long.
 */
static void
put_param(struct text *t, const char *attr, const char *val)
{
	char enc[FIELD_MAX * 3];
	size_t i, n = 0, len = strlen(val), seg, cut;
	unsigned char c;

	mputs(t, ";\n\t");
	mputs(t, attr);
	if (is_ascii(val, len)) {
		mputs(t, "=\"");
		mputs(t, val);
		mputs(t, "\"");
		return;
	}
	for (i = 0; i < len && n + 3 < sizeof(enc); i++) {
		c = (unsigned char)val[i];
		if (attr_char(c)) {
			enc[n++] = (char)c;
		} else {
			enc[n++] = '%';
			enc[n++] = hexdig[c >> 4];
			enc[n++] = hexdig[c & 15];
		}
	}
	if (n <= SEG_MAX) {
		mputs(t, "*=UTF-8''");
		mput(t, enc, n);
		return;
	}
	for (i = 0, seg = 0; i < n; seg++, i += cut) {
		cut = n - i < SEG_MAX ? n - i : SEG_MAX;
		/* Not inside a %XX. */
		if (i + cut < n && enc[i + cut - 1] == '%')
			cut -= 1;
		else if (i + cut < n && enc[i + cut - 2] == '%')
			cut -= 2;
		if (seg > 0) {
			mputs(t, ";\n\t");
			mputs(t, attr);
		}
		mputs(t, "*");
		mnum(t, seg, 0);
		mputs(t, seg == 0 ? "*=UTF-8''" : "*=");
		mput(t, enc + i, cut);
	}
}

/*
 * Lines of s longer than cols broken at their last space within cols,
 * every line after prefix.
 */
static void
put_wrapped(struct text *t, const char *s, size_t n, size_t cols,
    const char *prefix)
{
	const char *nl;
	size_t len, cut;
	int parts;

	while (n > 0) {
		nl = memchr(s, '\n', n);
		len = nl != NULL ? (size_t)(nl - s) : n;
		for (parts = 0; len > cols; parts++) {
			for (cut = cols; cut > 0 && s[cut] != ' '; cut--)
				;
			if (cut == 0)	/* one long word: keep it whole */
				for (cut = cols; cut < len && s[cut] != ' ';
				    cut++)
					;
			if (cut == len)
				break;
			mputs(t, prefix);
			mput(t, s, cut);
			mputs(t, "\n");
			while (cut < len && s[cut] == ' ')
				cut++;
			s += cut;
			n -= cut;
			len -= cut;
		}
		if (len > 0 || parts == 0) {
			mputs(t, prefix);
			mput(t, s, len);
			if (nl != NULL)
				mputs(t, "\n");
		}
		s += len;
		n -= len;
		if (nl != NULL) {
			s++;
			n--;
		}
	}
}

/*
 * The text as HTML the way mail clients make it: escaped, line breaks
 * as <br>.  Byte by byte is right in GB18030 and Big5 too, no byte of a
 * multibyte character being an ASCII special.
 */
static void
put_html(struct text *t, const char *s, size_t n, const char *label)
{
	size_t i;

	mputs(t, "<html><head>\n<meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=");
	mputs(t, label);
	mputs(t, "\">\n</head><body>\n<div>");
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			mputs(t, "&amp;");
			break;
		case '<':
			mputs(t, "&lt;");
			break;
		case '>':
			mputs(t, "&gt;");
			break;
		case '"':
			mputs(t, "&quot;");
			break;
		case '\n':
			mputs(t, "<br>\n");
			break;
		default:
			mput(t, s + i, 1);
		}
	}
	mputs(t, "</div>\n</body></html>\n");
}

/* --- dates ---------------------------------------------------------- */

/* "Mon, 2 Nov 2026 10:00:00 +0800": t UTC, off minutes east. */
static void
put_date(struct text *t, int64_t secs, int off, int wday)
{
	int64_t local = secs + (int64_t)off * 60, day = local / SECS_DAY;
	int64_t s = local % SECS_DAY;
	int y, m, d, a = off < 0 ? -off : off;

	civil(day, &y, &m, &d);
	if (wday) {
		mputs(t, wdays[(day + 4) % 7]);	/* 1970-01-01 a Thursday */
		mputs(t, ", ");
	}
	mnum(t, (uint64_t)d, 0);
	mputs(t, " ");
	mputs(t, mons[m - 1]);
	mputs(t, " ");
	mnum(t, (uint64_t)y, 4);
	mputs(t, " ");
	mnum(t, (uint64_t)(s / 3600), 2);
	mputs(t, ":");
	mnum(t, (uint64_t)(s / 60 % 60), 2);
	mputs(t, ":");
	mnum(t, (uint64_t)(s % 60), 2);
	mputs(t, off < 0 ? " -" : " +");
	mnum(t, (uint64_t)(a / 60 * 100 + a % 60), 4);
}

/* The mbox From line's date, asctime(3) style, UTC. */
static void
put_asctime(struct text *t, int64_t secs)
{
	int64_t day = secs / SECS_DAY, s = secs % SECS_DAY;
	int y, m, d;

	civil(day, &y, &m, &d);
	mputs(t, wdays[(day + 4) % 7]);
	mputs(t, " ");
	mputs(t, mons[m - 1]);
	mputs(t, d < 10 ? "  " : " ");
	mnum(t, (uint64_t)d, 0);
	mputs(t, " ");
	mnum(t, (uint64_t)(s / 3600), 2);
	mputs(t, ":");
	mnum(t, (uint64_t)(s / 60 % 60), 2);
	mputs(t, ":");
	mnum(t, (uint64_t)(s % 60), 2);
	mputs(t, " ");
	mnum(t, (uint64_t)y, 4);
}

/* --- the parts of a message ------------------------------------------ */

static void
mail_person(struct mail *m)
{
	struct row *r = &m->r;
	const struct zh_name *a, *b, *c = NULL;
	struct text name, gb, addr;

	text_init(&name, r->name, sizeof(r->name));
	text_init(&gb, m->gbname, sizeof(m->gbname));
	if (r->zh) {
		a = &PICK(&r->rng, zh_surnames);
		b = &PICK(&r->rng, zh_given);
		if (chance(&r->rng, 40))
			c = &PICK(&r->rng, zh_given);
		mputs(&name, a->disp);
		mputs(&name, b->disp);
		mputs(&gb, a->gb);
		mputs(&gb, b->gb);
		if (c != NULL) {
			mputs(&name, c->disp);
			mputs(&gb, c->gb);
		}
	} else if (chance(&r->rng, 4)) {	/* "Last, First" */
		mputs(&name, PICK(&r->rng, en_last).disp);
		mputs(&name, ", ");
		mputs(&name, PICK(&r->rng, en_first).disp);
	} else {
		mputs(&name, PICK(&r->rng, en_first).disp);
		mputs(&name, " ");
		mputs(&name, PICK(&r->rng, en_last).disp);
	}
	memcpy(m->s.name, r->name, sizeof(m->s.name));
	text_init(&addr, m->s.addr, sizeof(m->s.addr));
	gen_email(&addr, r);
}

/* From: a display name, RFC 2047 encoded unless plain ASCII. */
static void
mail_from(struct mail *m)
{
	struct row *r = &m->r;
	struct text t;
	const char *name = m->s.name;
	size_t n = strlen(name), col;
	int gb;

	text_init(&t, m->s.from, sizeof(m->s.from));
	if (r->zh) {
		gb = chance(&r->rng, m->s.cs == CS_GB ? 70 :
		    m->s.cs == CS_UTF8 ? 15 : 0);
		if (gb)
			put_words(&t, CS_GB, "GB2312", 0, m->gbname,
			    strlen(m->gbname));
		else
			put_words(&t, CS_UTF8, PICKW(&r->rng, utf8_labels), 0,
			    name, n);
	} else if (!is_ascii(name, n)) {
		put_words(&t, CS_UTF8, "UTF-8", 1, name, n);
	} else if (strchr(name, ',') != NULL) {
		mputs(&t, "\"");
		mputs(&t, name);
		mputs(&t, "\"");
	} else {
		mputs(&t, name);
	}
	/* Folded when "From: name <addr>" would pass HDR_COLS. */
	for (col = 0; col < t.len && t.p[t.len - col - 1] != '\n'; col++)
		;
	if (col == t.len)
		col += strlen("From: ");
	mputs(&t, col + strlen(m->s.addr) + 3 > HDR_COLS ? "\n <" : " <");
	mputs(&t, m->s.addr);
	mputs(&t, ">");
}

/* Subject: the template's, the phrasebook's or an away notice's. */
static void
mail_subject(struct mail *m)
{
	struct row *r = &m->r;
	char rawb[FIELD_MAX];
	struct text raw, t;
	int y, mo, d;

	text_init(&raw, rawb, sizeof(rawb));
	text_init(&t, m->s.subject, sizeof(m->s.subject));
	if (m->s.autoreply) {
		civil(r->day, &y, &mo, &d);
		mputs(&raw, r->zh ? "自动回复：[XF-" : "Automatic reply: [XF-");
		mnum(&raw, (uint64_t)y, 4);
		mputs(&raw, "-");
		mnum(&raw, rnd_range(&r->rng, 1, 999999), 6);
		mputs(&raw, r->zh ? "] 您的投诉已受理" :
		    "] Your complaint has been received");
	} else if (m->pb != NULL) {
		mputs(&raw, m->pb->subj[rnd_below(&r->rng, m->pb->nsubj)]);
		if (chance(&r->rng, 25))
			expand(&raw, r, " #%K");
	} else {
		gen_subject(&raw, r);
	}
	if (is_ascii(raw.p, raw.len))
		mput(&t, raw.p, raw.len);
	else
		put_words(&t, m->s.cs, m->s.cs == CS_UTF8 && !r->zh ? "UTF-8" :
		    m->s.label, chance(&r->rng, 20), raw.p, raw.len);
}

/* Decoded bytes the body aims for: mostly short, a tail up to 4 KB. */
static size_t
mail_target(struct row *r)
{
	uint64_t a, b, pct = rnd_below(&r->rng, 100);

	if (pct < 85) {		/* the lower of two skews toward short */
		a = rnd_below(&r->rng, MAIL_BODY_COMMON - MAIL_BODY_MIN);
		b = rnd_below(&r->rng, MAIL_BODY_COMMON - MAIL_BODY_MIN);
		return MAIL_BODY_MIN + (size_t)(a < b ? a : b);
	}
	if (pct < 97)
		return (size_t)rnd_range(&r->rng, MAIL_BODY_COMMON,
		    MAIL_BODY_LONG);
	return (size_t)rnd_range(&r->rng, MAIL_BODY_LONG, MAIL_BODY_MAX);
}

/* body_fill for the GB18030 and Big5 phrasebooks. */
static void
phrase_fill(struct text *t, struct row *r, const struct phrasebook *pb,
    size_t target)
{
	const char *sep = "";
	uint64_t used = 0;

	if (chance(&r->rng, 40))
		body_add(t, r, "", pick_weighted(&r->rng, pb->open, pb->nopen,
		    NULL));
	while (t->len < target) {
		if (body_add(t, r, sep, pick_weighted(&r->rng, pb->sent,
		    pb->nsent, &used)) == -1)
			break;
		sep = body_sep(r);
	}
	if (chance(&r->rng, 30))
		body_add(t, r, "", pick_weighted(&r->rng, pb->close,
		    pb->nclose, NULL));
}

/* A reply's attribution line and the parent's start, quoted. */
static void
put_quote(struct mail *m)
{
	const struct sent *p = m->parent;
	struct text *t = &m->text;
	char lineb[QUOTE_MAX * 2];
	struct text lines;
	const char *prefix = "> ";
	int64_t local;
	int y, mo, d;

	mputs(t, "\n\n");
	if (!p->zh) {
		mputs(t, "On ");
		put_date(t, p->t, p->off, 1);
		mputs(t, ", ");
		mputs(t, p->name);
		mputs(t, " <");
		mputs(t, p->addr);
		mputs(t, "> wrote:\n");
		if (chance(&m->r.rng, 30))
			prefix = ">";
	} else if (m->pb == NULL) {
		local = p->t + (int64_t)p->off * 60;
		civil(local / SECS_DAY, &y, &mo, &d);
		mputs(t, "在 ");
		mnum(t, (uint64_t)y, 0);
		mputs(t, "年");
		mnum(t, (uint64_t)mo, 0);
		mputs(t, "月");
		mnum(t, (uint64_t)d, 0);
		mputs(t, "日 ");
		mnum(t, (uint64_t)(local % SECS_DAY / 3600), 2);
		mputs(t, ":");
		mnum(t, (uint64_t)(local % 3600 / 60), 2);
		mputs(t, "，");
		mputs(t, p->name);
		mputs(t, " 写道：\n");
	} else {
		mputs(t, m->pb->quote_head);
		mputs(t, "\n");
	}
	text_init(&lines, lineb, sizeof(lineb));
	put_wrapped(&lines, p->quote, p->quotelen, p->zh ? SIZE_MAX :
	    QUOTE_COLS, prefix);
	mput(t, lines.p, lines.len);
	/* Quoted without a space: a line mboxrd turns into ">>From". */
	if (strcmp(prefix, ">") == 0 && chance(&m->r.rng, 50))
		mputs(t, "\n>From the order page it looked like a simple "
		    "purchase.");
}

/* The decoded body: new text, and for a reply the parent quoted. */
static void
mail_text(struct mail *m)
{
	struct row *r = &m->r;
	struct text *t = &m->text;
	size_t target, cut;

	text_init(t, m->textb, sizeof(m->textb));
	target = m->parent != NULL ? (size_t)rnd_range(&r->rng,
	    MAIL_BODY_MIN, MAIL_REPLY_MAX) : mail_target(r);
	if (m->s.autoreply)
		body_add(t, r, "", r->zh ? PICKW(&r->rng, zh_away) :
		    PICKW(&r->rng, en_away));
	else if (m->pb != NULL)
		phrase_fill(t, r, m->pb, target);
	else
		body_fill(t, r, target);
	if (!r->zh && !m->s.autoreply && chance(&r->rng, MAIL_FROM_PCT))
		body_add(t, r, "", en_from_line);

	/* What a later reply quotes: whole characters, English at a word. */
	cut = cs_prefix(m->s.cs, t->p, t->len, QUOTE_MAX - 1);
	if (!r->zh && cut < t->len)
		while (cut > 0 && t->p[cut] != ' ')
			cut--;
	memcpy(m->s.quote, t->p, cut);
	m->s.quotelen = cut;

	if (m->parent != NULL)
		put_quote(m);
}

/* Charset label and transfer encoding, once the text is known. */
static void
mail_encoding(struct mail *m)
{
	struct row *r = &m->r;
	unsigned pct;

	m->quote_cs = chance(&r->rng, 30);
	m->say_7bit = chance(&r->rng, 50);
	switch (m->s.cs) {
	case CS_GB:
		m->cte = chance(&r->rng, 60) ? CTE_B64 : CTE_QP;
		return;
	case CS_BIG5:
		m->cte = chance(&r->rng, 70) ? CTE_B64 : CTE_QP;
		return;
	case CS_UTF8:
		break;
	}
	if (r->zh) {
		m->cte = chance(&r->rng, 85) ? CTE_B64 : CTE_QP;
		return;
	}
	if (!is_ascii(m->text.p, m->text.len)) {
		m->s.label = PICKW(&r->rng, utf8_labels);
		m->cte = chance(&r->rng, 80) ? CTE_QP : CTE_B64;
		return;
	}
	pct = (unsigned)rnd_below(&r->rng, 100);
	m->s.label = pct < 55 ? "us-ascii" : PICKW(&r->rng, utf8_labels);
	m->cte = pct < 75 ? CTE_7BIT : CTE_QP;
}

/* A boundary no encoded text can contain: QP and base64 have no "=_". */
static void
make_boundary(struct mail *m, char *b, size_t cap, int style, int level)
{
	struct row *r = &m->r;
	struct text t;

	text_init(&t, b, cap);
	switch (style) {
	case 0:		/* Outlook */
		mputs(&t, "----=_NextPart_00");
		mnum(&t, (uint64_t)level, 0);
		mputs(&t, "_");
		mhex(&t, rnd(&r->rng), 4);
		mputs(&t, "_");
		mhex(&t, rnd(&r->rng), 8);
		mputs(&t, ".");
		mhex(&t, rnd(&r->rng), 8);
		break;
	case 1:		/* JavaMail */
		mputs(&t, "----=_Part_");
		mnum(&t, (uint64_t)level, 0);
		mputs(&t, "_");
		mnum(&t, rnd_range(&r->rng, 100000000, 999999999), 0);
		mputs(&t, ".");
		mnum(&t, rnd_range(&r->rng, 1000000000000ULL,
		    9999999999999ULL), 0);
		break;
	default:	/* Apple Mail */
		mputs(&t, "Apple-Mail=_");
		mhex(&t, rnd(&r->rng), 8);
		mputs(&t, "-");
		mhex(&t, rnd(&r->rng), 4);
		mputs(&t, "-");
		mnum(&t, (uint64_t)level, 4);
		mputs(&t, "-");
		mhex(&t, rnd(&r->rng), 12);
		break;
	}
}

/* One text part, its headers and its encoded body. */
static void
put_text_part(struct text *msg, struct mail *m, int html)
{
	enum cte cte = m->cte;
	struct text body;

	if (html) {
		text_init(&body, m->htmlb, sizeof(m->htmlb));
		put_html(&body, m->text.p, m->text.len, m->s.label);
		if (cte == CTE_7BIT)	/* lines as long as the text's */
			cte = CTE_QP;
	} else if (cte == CTE_7BIT) {
		text_init(&body, m->tmpb, sizeof(m->tmpb));
		put_wrapped(&body, m->text.p, m->text.len, WRAP_COLS, "");
	} else {
		body = m->text;
	}
	mputs(msg, html ? "Content-Type: text/html; charset=" :
	    "Content-Type: text/plain; charset=");
	mputs(msg, m->quote_cs ? "\"" : "");
	mputs(msg, m->s.label);
	mputs(msg, m->quote_cs ? "\"\n" : "\n");
	if (cte != CTE_7BIT || m->say_7bit) {
		mputs(msg, "Content-Transfer-Encoding: ");
		mputs(msg, cte_names[cte]);
		mputs(msg, "\n");
	}
	mputs(msg, "\n");
	switch (cte) {
	case CTE_B64:
		put_b64(msg, body.p, body.len, B64_COLS);
		break;
	case CTE_QP:
		put_qp(msg, body.p, body.len);
		break;
	case CTE_7BIT:
		mput(msg, body.p, body.len);
		if (body.len == 0 || body.p[body.len - 1] != '\n')
			mputs(msg, "\n");
		break;
	}
}

static void
put_alternative(struct text *msg, struct mail *m, int style, int level)
{
	char b[FIELD_MAX];

	make_boundary(m, b, sizeof(b), style, level);
	mputs(msg, "Content-Type: multipart/alternative;\n\tboundary=\"");
	mputs(msg, b);
	mputs(msg, "\"\n\n--");
	mputs(msg, b);
	mputs(msg, "\n");
	put_text_part(msg, m, 0);
	mputs(msg, "--");
	mputs(msg, b);
	mputs(msg, "\n");
	put_text_part(msg, m, 1);
	mputs(msg, "--");
	mputs(msg, b);
	mputs(msg, "--\n");
}

/* A small attachment: a few hundred bytes of something, or a text. */
static void
put_attachment(struct text *msg, struct mail *m)
{
	struct row *r = &m->r, tr;
	const struct attachment *a = &PICK(&r->rng, attachments);
	size_t k, n = (size_t)rnd_range(&r->rng, ATTACH_MIN, ATTACH_MAX);
	struct text data;
	uint64_t v;
	char c;

	text_init(&data, m->attb, sizeof(m->attb));
	switch (a->kind) {
	case ATT_PNG:
		mputs(&data, png_magic);
		break;
	case ATT_JPEG:
		mputs(&data, jpeg_magic);
		break;
	case ATT_PDF:
		mputs(&data, pdf_magic);
		break;
	case ATT_TEXT:		/* a pasted chat log, in UTF-8 */
		tr = *r;
		tr.zh = 1;
		body_fill(&data, &tr, n);
		r->rng = tr.rng;
		break;
	}
	/* Byte by byte, not memcpy: the same bytes on any endianness. */
	for (k = 0, v = 0; a->kind != ATT_TEXT && data.len < n; k++) {
		if (k % sizeof(v) == 0)
			v = rnd(&r->rng);
		c = (char)(v & 0xff);
		v >>= 8;
		mput(&data, &c, 1);
	}
	mputs(msg, "Content-Type: ");
	mputs(msg, a->type);
	if (a->kind == ATT_TEXT)
		mputs(msg, "; charset=utf-8");
	if (chance(&r->rng, 70))
		put_param(msg, "name", a->name);
	mputs(msg, "\nContent-Disposition: attachment");
	put_param(msg, "filename", a->name);
	mputs(msg, "\nContent-Transfer-Encoding: base64\n\n");
	put_b64(msg, data.p, data.len, B64_COLS);
}

static void
put_mixed(struct text *msg, struct mail *m, int style)
{
	char b[FIELD_MAX];

	make_boundary(m, b, sizeof(b), style, 0);
	mputs(msg, "Content-Type: multipart/mixed;\n\tboundary=\"");
	mputs(msg, b);
	mputs(msg, "\"\n\n");
	if (chance(&m->r.rng, 50))
		mputs(msg, "This is a multi-part message in MIME format.\n\n");
	mputs(msg, "--");
	mputs(msg, b);
	mputs(msg, "\n");
	if (chance(&m->r.rng, MAIL_NESTED_PCT))
		put_alternative(msg, m, style, 1);
	else
		put_text_part(msg, m, 0);
	mputs(msg, "--");
	mputs(msg, b);
	mputs(msg, "\n");
	put_attachment(msg, m);
	mputs(msg, "--");
	mputs(msg, b);
	mputs(msg, "--\n");
}

static void
put_ip(struct text *t, struct row *r)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			mputs(t, ".");
		mnum(t, i == 0 ? rnd_range(&r->rng, 1, 223) :
		    rnd_below(&r->rng, 256), 0);
	}
}

static void
put_message(struct text *msg, struct mail *m)
{
	struct row *r = &m->r;
	const char *domain = strchr(m->s.addr, '@') + 1;
	int style = (int)rnd_below(&r->rng, 3);

	mputs(msg, "Return-Path: <");
	mputs(msg, m->s.addr);
	mputs(msg, ">\nReceived: from smtp.");
	mputs(msg, domain);
	mputs(msg, "\n\t(smtp.");
	mputs(msg, domain);
	mputs(msg, " [");
	put_ip(msg, r);
	mputs(msg, "])\n\tby mx.example.com (Postfix) with ESMTPS id ");
	mhex(msg, rnd(&r->rng), 10);
	mputs(msg, "\n\tfor <complaints@example.com>; ");
	put_date(msg, m->delivered, 480, 1);
	mputs(msg, "\nFrom: ");
	mputs(msg, m->s.from);
	mputs(msg, "\nTo: ");
	mputs(msg, PICK(&r->rng, mail_to));
	mputs(msg, "\nSubject: ");
	mputs(msg, m->s.subject);
	mputs(msg, "\nDate: ");
	put_date(msg, m->s.t, m->s.off, chance(&r->rng, 90));
	if (m->s.off == 480 && chance(&r->rng, 30))
		mputs(msg, " (CST)");
	mputs(msg, "\nMessage-ID: ");
	mputs(msg, m->s.msgid);
	mputs(msg, "\n");
	if (m->parent != NULL) {
		mputs(msg, "In-Reply-To: ");
		mputs(msg, m->parent->msgid);
		mputs(msg, "\nReferences: ");
		mputs(msg, m->parent->msgid);
		mputs(msg, "\n");
	}
	if (m->s.autoreply) {
		/* Away notices answer the acknowledgement we sent. */
		if (chance(&r->rng, 50)) {
			mputs(msg, "In-Reply-To: <xf.");
			mhex(msg, rnd(&r->rng), 16);
			mputs(msg, "@complaints.example.com>\n");
		}
		mputs(msg, "Auto-Submitted: auto-replied\n");
		if (chance(&r->rng, 50))
			mputs(msg, "X-Auto-Response-Suppress: All\n");
	}
	if (chance(&r->rng, 40)) {
		mputs(msg, "X-Mailer: ");
		mputs(msg, r->zh ? PICK(&r->rng, zh_mailers) :
		    PICK(&r->rng, en_mailers));
		mputs(msg, "\n");
	}
	mputs(msg, "MIME-Version: 1.0\n");
	switch (m->shape) {
	case SHAPE_PLAIN:
		put_text_part(msg, m, 0);
		break;
	case SHAPE_ALT:
		put_alternative(msg, m, style, 0);
		break;
	case SHAPE_MIXED:
		put_mixed(msg, m, style);
		break;
	}
}

/* A new sender, language, charset and date. */
static void
mail_fresh(struct mail *m)
{
	struct row *r = &m->r;
	int64_t day, secs;
	unsigned pct;

	r->zh = chance(&r->rng, MAIL_ZH_PCT);
	m->s.zh = r->zh;
	m->s.cs = CS_UTF8;
	m->s.label = r->zh ? PICKW(&r->rng, utf8_labels) : "us-ascii";
	pct = (unsigned)rnd_below(&r->rng, 100);
	if (r->zh && !m->s.autoreply && pct < MAIL_GB_PCT) {
		m->s.cs = CS_GB;
		m->pb = &gb_book;
	} else if (r->zh && !m->s.autoreply &&
	    pct < MAIL_GB_PCT + MAIL_BIG5_PCT) {
		m->s.cs = CS_BIG5;
		m->pb = &big5_book;
	}
	if (m->pb != NULL)
		m->s.label = pick_weighted(&r->rng, m->pb->labels,
		    m->pb->nlabels, NULL);
	mail_person(m);
	mail_from(m);
	day = MAIL_DAY_FIRST + (int64_t)rnd_below(&r->rng, MAIL_DAYS);
	/* Most complaints are written in office hours, some at any hour. */
	secs = (chance(&r->rng, 75) ? (int64_t)rnd_range(&r->rng, 8, 19) :
	    (int64_t)rnd_below(&r->rng, 24)) * 3600 +
	    (int64_t)rnd_below(&r->rng, 3600);
	m->s.off = r->zh ? PICK(&r->rng, zh_zones) : PICK(&r->rng, en_zones);
	m->s.t = day * SECS_DAY + secs - (int64_t)m->s.off * 60;
}

/* A reply: the parent's sender, charset and thread, some hours later. */
static void
mail_reply(struct mail *m)
{
	const struct sent *p = m->parent;
	struct row *r = &m->r;
	struct text t;

	r->zh = m->s.zh = p->zh;
	m->s.cs = p->cs;
	m->s.label = p->label;
	m->pb = p->cs == CS_GB ? &gb_book : p->cs == CS_BIG5 ? &big5_book :
	    NULL;
	memcpy(m->s.from, p->from, sizeof(m->s.from));
	memcpy(m->s.addr, p->addr, sizeof(m->s.addr));
	memcpy(m->s.name, p->name, sizeof(m->s.name));
	memcpy(r->name, p->name, sizeof(r->name));
	m->s.off = p->off;
	m->s.t = p->t + (int64_t)rnd_range(&r->rng, REPLY_MIN_SECS,
	    REPLY_MAX_SECS);
	if (m->s.t > MAIL_T_CAP)
		m->s.t = MAIL_T_CAP;
	text_init(&t, m->s.subject, sizeof(m->s.subject));
	if (strncmp(p->subject, "Re: ", 4) != 0)
		mputs(&t, "Re: ");
	mputs(&t, p->subject);
}

static void
mail_msgid(struct mail *m, uint64_t n)
{
	struct row *r = &m->r;
	struct text t;
	int64_t day = m->s.t / SECS_DAY, s = m->s.t % SECS_DAY;
	int y, mo, d;

	civil(day, &y, &mo, &d);
	text_init(&t, m->s.msgid, sizeof(m->s.msgid));
	mputs(&t, "<");
	mnum(&t, (uint64_t)y, 4);
	mnum(&t, (uint64_t)mo, 2);
	mnum(&t, (uint64_t)d, 2);
	mnum(&t, (uint64_t)(s / 3600 * 10000 + s / 60 % 60 * 100 + s % 60), 6);
	mputs(&t, ".");
	mhex(&t, rnd(&r->rng), 16);
	mputs(&t, ".");
	mnum(&t, n, 0);		/* what makes it unique */
	mputs(&t, "@");
	mputs(&t, strchr(m->s.addr, '@') + 1);
	mputs(&t, ">");
}

/* Message n (from 1); ring holds the ones before it. */
static void
mail_make(struct mail *m, uint64_t n, const struct sent *ring)
{
	struct row *r = &m->r;
	unsigned pct = (unsigned)rnd_below(&r->rng, 100);
	uint64_t back;

	r->crlf = 0;
	m->parent = NULL;
	m->pb = NULL;
	m->s.autoreply = pct < MAIL_AUTO_PCT;
	if (!m->s.autoreply && pct < MAIL_AUTO_PCT + MAIL_REPLY_PCT && n > 1) {
		back = rnd_range(&r->rng, 1, n - 1 < MAIL_RING - 1 ? n - 1 :
		    MAIL_RING - 1);
		m->parent = &ring[(n - back) % MAIL_RING];
		if (m->parent->autoreply)
			m->parent = NULL;
	}
	if (m->parent != NULL)
		mail_reply(m);
	else
		mail_fresh(m);
	r->day = (m->s.t + (int64_t)m->s.off * 60) / SECS_DAY;
	r->product = same_lang(r) ? PICK(&r->rng, zh_products) :
	    PICK(&r->rng, en_products);
	m->delivered = m->s.t + (int64_t)rnd_below(&r->rng, DELIVERY_MAX);
	if (m->parent == NULL)
		mail_subject(m);
	mail_msgid(m, n);
	mail_text(m);
	mail_encoding(m);
	pct = (unsigned)rnd_below(&r->rng, 100);
	m->shape = m->s.autoreply ? (pct < MAIL_ALT_PCT ? SHAPE_ALT :
	    SHAPE_PLAIN) : pct < MAIL_MIXED_PCT ? SHAPE_MIXED :
	    pct < MAIL_MIXED_PCT + MAIL_ALT_PCT ? SHAPE_ALT : SHAPE_PLAIN;
}

/*
 * The message into the mbox after its From line, mboxrd-quoted: a line
 * matching /^>*From / gets one more '>', which a reader takes off again.
 */
static void
out_mail(struct out *o, const struct mail *m, const struct text *msg)
{
	char lineb[FIELD_MAX * 2];
	struct text line;
	const char *s = msg->p, *end = msg->p + msg->len, *nl, *q;
	size_t n;

	text_init(&line, lineb, sizeof(lineb));
	mputs(&line, "From ");
	mputs(&line, m->s.addr);
	mputs(&line, " ");
	put_asctime(&line, m->delivered);
	mputs(&line, "\n");
	/* Each line at most one byte longer. */
	out_room(o, line.len + msg->len + msg->len / 2 + 2);
	memcpy(o->buf + o->len, line.p, line.len);
	o->len += line.len;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl != NULL ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (*s == '>' || *s == 'F') {
			for (q = s; q < s + n && *q == '>'; q++)
				;
			if ((size_t)(s + n - q) >= 5 &&
			    memcmp(q, "From ", 5) == 0)
				o->buf[o->len++] = '>';
		}
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		s += n;
	}
	o->buf[o->len++] = '\n';	/* the blank line before the next */
}

static void
put_mbox(struct out *o, uint64_t count, uint64_t seed)
{
	struct sent *ring;
	struct mail *m;
	struct text msg;
	char *msgb;
	uint64_t n;

	if ((ring = calloc(MAIL_RING, sizeof(*ring))) == NULL ||
	    (m = malloc(sizeof(*m))) == NULL ||
	    (msgb = malloc(MAIL_MSG_MAX)) == NULL)
		err(1, "malloc");
	m->r.rng = seed;
	for (n = 1; n <= count; n++) {
		mail_make(m, n, ring);
		text_init(&msg, msgb, MAIL_MSG_MAX);
		put_message(&msg, m);
		out_mail(o, m, &msg);
		ring[n % MAIL_RING] = m->s;
	}
	free(msgb);
	free(m);
	free(ring);
}

/* --- main ----------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr,
	    "usage: xf-gen [-H] [-n rows] [-s seed] [-f csv|tsv|mbox] "
	    "[-k full|short]\n");
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
	uint64_t rows = DEFAULT_ROWS, seed = DEFAULT_SEED, rng, i, at;
	int c, nset = 0, shortrows = 0, history = 0;

	o.fmt = FMT_CSV;
	while ((c = getopt(argc, argv, "Hf:k:n:s:")) != -1) {
		switch (c) {
		case 'H':
			history = 1;
			break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				o.fmt = FMT_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				o.fmt = FMT_TSV;
			else if (strcmp(optarg, "mbox") == 0)
				o.fmt = FMT_MBOX;
			else {
				warnx("-f: unknown format '%s'", optarg);
				usage();
			}
			break;
		case 'k':
			if (strcmp(optarg, "full") == 0)
				shortrows = 0;
			else if (strcmp(optarg, "short") == 0)
				shortrows = 1;
			else {
				warnx("-k: unknown shape '%s'", optarg);
				usage();
			}
			break;
		case 'n':
			rows = parse_u64(c, optarg);
			nset = 1;
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
	if (o.fmt == FMT_MBOX) {
		put_mbox(&o, nset ? rows : DEFAULT_MAILS, seed);
	} else if (shortrows) {
		rng = seed;
		at = 8 * 3600;	/* the first day's office hours */
		put_short_header(&o);
		for (i = 1; i <= rows; i++)
			put_short_row(&o, &rng, &at);
	} else {
		rng = seed;
		put_header(&o, history);
		/* The history's seed is never 0, which means none. */
		for (i = 1; i <= rows; i++)
			put_row(&o, &rng, i, history ? seed | 1 : 0);
	}
	out_flush(&o);
	free(o.buf);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	return 0;
}
