/*
 * rlabels.c: what a report's machine names read as, in English and
 * Chinese.
 *
 * A report names its tables and columns in snake_case (rdoc.c), which
 * is right for a pipe and wrong for a person: the HTML (and the table
 * format, when a command asks) shows these words instead.  A name with
 * no entry is shown as itself, so a new column is never hidden, only
 * untranslated until a line is added here.  The values of a few
 * columns are words of xf's own vocabulary (channels, flags, ageing
 * buckets, kinds of complaint and of alert, alert severities),
 * translated the same way; every other
 * value is the store's and is shown as it is.
 */
#include <string.h>

#include "xf.h"

struct label {
	const char	*name, *en, *zh;
};

/* Report kinds, tables, columns, and the words of the page itself. */
static const struct label names[] = {
	/* report kinds and tables */
	{ "weekly", "Weekly report", "周报" },
	{ "summary", "Summary", "概况" },
	{ "volume", "Volume", "信访量" },
	{ "categories", "Categories", "类别" },
	{ "channels", "Channels", "渠道" },
	{ "sla", "On-time rates", "时限达标" },
	{ "backlog", "Backlog", "积压" },
	{ "handlers", "Handlers", "承办人" },
	{ "alerts", "Alerts", "预警" },
	{ "terms", "Emerging terms", "新出现的词语" },
	{ "survey", "Satisfaction", "满意度" },
	/* what rows are grouped by */
	{ "period", "Period", "期间" },
	{ "day", "Day", "日期" },
	{ "week", "Week", "周" },
	{ "month", "Month", "月份" },
	{ "category", "Category", "类别" },
	{ "channel", "Channel", "渠道" },
	{ "team", "Team", "团队" },
	{ "assignee", "Assignee", "承办人" },
	{ "handler", "Handler", "承办人" },
	{ "priority", "Priority", "优先级" },
	{ "flag", "Flag", "风险标记" },
	/* counts of the period */
	{ "received", "Received", "收到" },
	{ "accepted", "Accepted", "受理" },
	{ "rejected", "Rejected", "不予受理" },
	{ "resolved", "Resolved", "办结" },
	{ "closed", "Closed", "关闭" },
	{ "reopened", "Reopened", "重新办理" },
	{ "open_end", "Open at end", "期末未结" },
	{ "in_hand_end", "In hand at end", "期末在办" },
	{ "in_hand", "In hand at end", "期末在办" },
	{ "overdue", "Overdue at end", "期末超期" },
	{ "ageing", "Backlog ageing", "积压时长分布" },
	/* on time */
	{ "ack_decided", "Acknowledge deadlines decided", "受理时限到期件数" },
	{ "ack_met", "Acknowledged on time", "按时受理" },
	{ "ack_missed", "Acknowledged late", "超时受理" },
	{ "resolve_decided", "Resolve deadlines decided", "办理时限到期件数" },
	{ "resolve_met", "Resolved on time", "按时办结" },
	{ "resolve_missed", "Resolved late", "超时办结" },
	{ "ack_measured", "Acknowledgements measured", "受理计时件数" },
	{ "ack_on_time", "Acknowledged on time", "按时受理" },
	{ "ack_on_time_pct", "Acknowledged on time (%)", "按时受理率 (%)" },
	{ "resolve_measured", "Resolutions measured", "办理计时件数" },
	{ "resolve_on_time", "Resolved on time", "按时办结" },
	{ "resolve_on_time_pct", "Resolved on time (%)", "按时办结率 (%)" },
	/* re-examination (复查, 复核) of an answered complaint reopened */
	{ "reexam_resolved", "Re-examinations resolved", "复查办结" },
	{ "reexam_decided", "Re-examination deadlines decided",
	    "复查时限到期件数" },
	{ "reexam_met", "Re-examined on time", "按时复查" },
	{ "reexam_missed", "Re-examined late", "超时复查" },
	{ "reexam_on_time_pct", "Re-examined on time (%)", "按时复查率 (%)" },
	/* durations: calendar hours (h) and business hours (bh) */
	{ "ack_median_h", "Time to acknowledge, median (h)",
	    "受理用时中位数 (小时)" },
	{ "ack_p90_h", "Time to acknowledge, 90th percentile (h)",
	    "受理用时第90百分位 (小时)" },
	{ "ack_median_bh", "Time to acknowledge, median (business h)",
	    "受理用时中位数 (工作小时)" },
	{ "ack_p90_bh", "Time to acknowledge, 90th percentile (business h)",
	    "受理用时第90百分位 (工作小时)" },
	{ "resolve_median_h", "Time to resolve, median (h)",
	    "办理用时中位数 (小时)" },
	{ "resolve_p90_h", "Time to resolve, 90th percentile (h)",
	    "办理用时第90百分位 (小时)" },
	{ "resolve_median_bh", "Time to resolve, median (business h)",
	    "办理用时中位数 (工作小时)" },
	{ "resolve_p90_bh", "Time to resolve, 90th percentile (business h)",
	    "办理用时第90百分位 (工作小时)" },
	/* the rest of the figures */
	{ "extensions", "Extensions", "延期" },
	{ "escalations", "Escalations", "升级" },
	{ "extended", "Extended", "延期件数" },
	{ "escalated", "Escalated", "升级件数" },
	{ "reopen_rate_pct", "Reopen rate (%)", "重新办理率 (%)" },
	{ "review_missing", "Resolved without review", "未经审核办结" },
	{ "review_coverage_pct", "Legal review coverage (%)",
	    "法务审核覆盖率 (%)" },
	{ "review_needed", "Legal reviews needed", "需法务审核" },
	{ "review_covered", "Legal reviews done", "已法务审核" },
	{ "review_violations", "Resolved without review", "未经审核办结" },
	{ "load", "Load", "在办件数" },
	{ "age", "Age", "已用时间" },
	{ "count", "Count", "件数" },
	{ "bucket", "Age", "已用时间" },
	{ "lt_1d", "Under 1 day", "不足1天" },
	{ "d1_3", "1-3 days", "1-3天" },
	{ "d3_7", "3-7 days", "3-7天" },
	{ "d7_15", "7-15 days", "7-15天" },
	{ "d15_30", "15-30 days", "15-30天" },
	{ "d30_60", "30-60 days", "30-60天" },
	{ "gt_60d", "Over 60 days", "超过60天" },
	{ "age_0_1d", "Under 1 day", "不足1天" },
	{ "age_1_3d", "1-3 days", "1-3天" },
	{ "age_3_7d", "3-7 days", "3-7天" },
	{ "age_7_15d", "7-15 days", "7-15天" },
	{ "age_15_30d", "15-30 days", "15-30天" },
	{ "age_30_60d", "30-60 days", "30-60天" },
	{ "age_60d_plus", "Over 60 days", "超过60天" },
	/* satisfaction surveys (rsurvey.c) */
	{ "satisfaction", "Satisfaction", "满意度" },
	{ "sent", "Surveys sent", "发出问卷" },
	{ "answered", "Answered", "已回复" },
	{ "response_rate_pct", "Response rate %", "回复率%" },
	{ "csat_pct", "Satisfied (4-5) %", "满意率（4-5分）%" },
	{ "mean", "Mean score", "平均分" },
	{ "score_1", "1 (very dissatisfied)", "1分（非常不满意）" },
	{ "score_2", "2 (dissatisfied)", "2分（不满意）" },
	{ "score_3", "3 (neutral)", "3分（一般）" },
	{ "score_4", "4 (satisfied)", "4分（满意）" },
	{ "score_5", "5 (very satisfied)", "5分（非常满意）" },
	/* alerts and terms */
	{ "severity", "Severity", "级别" },
	{ "kind", "Kind", "类型" },
	{ "key", "About", "对象" },
	{ "baseline", "Baseline", "基线" },
	{ "refs", "Refs", "相关编号" },
	{ "why", "Why", "原因" },
	{ "term", "Term", "词语" },
	/* the page */
	{ "report", "Report", "报告" },
	{ "period_of", "Period", "统计期间" },
	{ "as_of", "As of", "数据截至" },
	{ "zone", "Time zone", "时区" },
	{ "none", "Nothing in this period.", "本期没有数据。" },
	{ "no_value", "(none)", "（无）" },
	{ "made_by", "Made by xf-report.", "由 xf-report 生成。" },
};

/* The values of columns named in value_cols that read as words. */
static const struct label values[] = {
	{ "email", "E-mail", "电子邮件" },
	{ "phone", "Phone", "电话" },
	{ "web", "Web form", "网页" },
	{ "social", "Social media", "社交媒体" },
	{ "letter", "Letter", "信件" },
	{ "visit", "Visit", "来访" },
	{ "other", "Other", "其他" },
	{ "privacy", "Privacy", "隐私" },
	{ "legal", "Legal", "法律" },
	{ "media", "Media", "媒体" },
	{ "collective", "Collective", "集体" },
	{ "repeat", "Repeat", "重复" },
	{ "vip", "VIP", "重要客户" },
	{ "lt_1d", "Under 1 day", "不足1天" },
	{ "d1_3", "1-3 days", "1-3天" },
	{ "d3_7", "3-7 days", "3-7天" },
	{ "d7_15", "7-15 days", "7-15天" },
	{ "d15_30", "15-30 days", "15-30天" },
	{ "d30_60", "30-60 days", "30-60天" },
	{ "gt_60d", "Over 60 days", "超过60天" },
	{ "complaint", "Complaint", "投诉" },
	{ "suggestion", "Suggestion", "建议" },
	{ "opinion", "Opinion", "意见" },
	{ "inquiry", "Inquiry", "咨询" },
	{ "volume", "Volume jump", "数量激增" },
	{ "spike", "Volume jump", "数量激增" },
	{ "risk_open", "Risky and unresolved", "高风险未办结" },
	{ "0-1d", "Under 1 day", "不足1天" },
	{ "1-3d", "1-3 days", "1-3天" },
	{ "3-7d", "3-7 days", "3-7天" },
	{ "7-15d", "7-15 days", "7-15天" },
	{ "15-30d", "15-30 days", "15-30天" },
	{ "30-60d", "30-60 days", "30-60天" },
	{ "60d+", "Over 60 days", "超过60天" },
	{ "term", "Emerging term", "新出现的词语" },
	{ "collective", "Collective", "集体" },
	{ "high", "High", "高" },
	{ "medium", "Medium", "中" },
	{ "low", "Low", "低" },
};

static const char *const value_cols[] = {
	"age", "bucket", "channel", "flag", "kind", "severity",
};

static const char *
find(const struct label *tab, size_t n, const char *name, const char *lang)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return strcmp(lang, "zh") == 0 ? tab[i].zh : tab[i].en;
	return name;
}

const char *
xf_label(const char *name, const char *lang)
{
	return find(names, nitems(names), name, lang ? lang : "en");
}

const char *
xf_label_value(const char *col, const char *value, const char *lang)
{
	size_t i;

	for (i = 0; i < nitems(value_cols); i++)
		if (strcmp(col, value_cols[i]) == 0)
			return find(values, nitems(values), value,
			    lang ? lang : "en");
	return value;
}
