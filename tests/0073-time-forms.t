#!/bin/sh
# xf-intake, received times (issue 12, point 2; xf(7), Times): what
# people in China and elsewhere write is read (2026.03.05, 20260305,
# March 5, 2026, 2026年3月5日下午3点, 15时, a time alone, GMT+8,
# UTC+08:00, IANA names), and what could be misread is refused with a
# message saying how to write it: a zone abbreviation (CST is China, US
# Central or Cuba) outside mail, and a day and month either way round
# (05/03/2026) unless XF_DATE_ORDER says which.
. "$(dirname "$0")/lib.sh"

plan 15

XF_TZ=Asia/Shanghai
XF_NOW=2026-06-01T10:00:00Z	# 18:00 in Beijing
export XF_TZ XF_NOW

# whens FILE: "subject=received_at" of each output row.
whens() {
	tail -n +2 "$1" | awk -F '\t' '{ print $5 "=" $2 }'
}

cat > good.csv <<'EOF'
subject,date
dots,2026.03.05
basic,20260305
basictime,20260305T1500
words,"March 5, 2026"
wordspm,"Mar 5, 2026 3:00 PM"
dayfirst,5 March 2026
dayfirsttime,5 Mar 2026 15:00
ampm,2026-03-05 3:00 PM
cjkpm,2026年3月5日下午3点
cjkhour,2026年3月5日 15时
cjkhalf,2026年3月5日下午3点半
gmt8,2026-03-05 15:00 GMT+8
utc0800,2026-03-05 15:00 UTC+08:00
shanghai,2026-03-05 15:00 Asia/Shanghai
newyork,2026-03-05 02:00 America/New_York
over12,13/03/2026
alone,下午3:00
EOF
run xf-intake good.csv
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 17, created 17, duplicate 0, rejected 0" \
    "every form read"
cat > want <<'EOF'
dots=2026-03-05T00:00:00+08:00
basic=2026-03-05T00:00:00+08:00
basictime=2026-03-05T15:00:00+08:00
words=2026-03-05T00:00:00+08:00
wordspm=2026-03-05T15:00:00+08:00
dayfirst=2026-03-05T00:00:00+08:00
dayfirsttime=2026-03-05T15:00:00+08:00
ampm=2026-03-05T15:00:00+08:00
cjkpm=2026-03-05T15:00:00+08:00
cjkhour=2026-03-05T15:00:00+08:00
cjkhalf=2026-03-05T15:30:00+08:00
gmt8=2026-03-05T15:00:00+08:00
utc0800=2026-03-05T15:00:00+08:00
shanghai=2026-03-05T15:00:00+08:00
newyork=2026-03-05T15:00:00+08:00
over12=2026-03-13T00:00:00+08:00
alone=2026-06-01T15:00:00+08:00
EOF
whens stdout > got
same_file want got "each as it was meant, zone-less ones in XF_TZ; a time alone is today"
is "$(db "select received_at from complaint where subject = 'shanghai'")" \
    1772694000 "15:00 Asia/Shanghai is 07:00 UTC"

# --- refused: what could be misread ----------------------------------------
cat > bad.csv <<'EOF'
subject,date
cst,2026-03-05 15:00 CST
ist,2026年3月5日 15:00 IST
pdt,5 Mar 2026 15:00 PDT
both12,05/03/2026
both12dots,05.03.2026 15:00
nozone,2026-03-05 15:00 Asia/Beijing
EOF
run xf-intake -r bad.rej bad.csv
is "$rc" 1 "refused times: exit 1"
cat > want <<'EOF'
xf-intake: bad.csv:2: received time '2026-03-05 15:00 CST': CST is ambiguous (China +08:00, US Central -06:00 or Cuba -05:00); write the offset (+08:00) or the zone name (Asia/Shanghai)
xf-intake: bad.csv:3: received time '2026年3月5日 15:00 IST': IST is ambiguous (India +05:30, Israel +02:00 or Ireland +01:00); write the offset (+08:00) or the zone name (Asia/Shanghai)
xf-intake: bad.csv:4: received time '5 Mar 2026 15:00 PDT': unknown zone 'PDT' (of the abbreviations only UTC and GMT are read); write the offset (+08:00) or the zone name (Asia/Shanghai)
xf-intake: bad.csv:5: received time '05/03/2026': day and month could be either way round; write YYYY-MM-DD, or set XF_DATE_ORDER=dmy or mdy
xf-intake: bad.csv:6: received time '05.03.2026 15:00': day and month could be either way round; write YYYY-MM-DD, or set XF_DATE_ORDER=dmy or mdy
xf-intake: bad.csv:7: received time '2026-03-05 15:00 Asia/Beijing': unknown zone 'Asia/Beijing'; write the offset (+08:00) or the zone name (Asia/Shanghai)
xf-intake: read 6, created 0, duplicate 0, rejected 6
EOF
same_file want stderr "each refused, saying how to write it"
check "the reject file keeps them all" cmp bad.csv bad.rej

# --- XF_DATE_ORDER says which way round -------------------------------------------
grep -e '^subject' -e '^both12' bad.csv > order.csv
run env XF_DATE_ORDER=dmy xf-intake -n -d dmy.db order.csv
is "$rc.$(whens stdout | tr '\n' ' ')" \
    "0.both12=2026-03-05T00:00:00+08:00 both12dots=2026-03-05T15:00:00+08:00 " \
    "XF_DATE_ORDER=dmy: 5 March"
run env XF_DATE_ORDER=mdy xf-intake -n -d mdy.db order.csv
is "$rc.$(whens stdout | tr '\n' ' ')" \
    "0.both12=2026-05-03T00:00:00+08:00 both12dots=2026-05-03T15:00:00+08:00 " \
    "XF_DATE_ORDER=mdy: May 3"
printf 'subject,date\nx,13/03/2026\n' > mdy13.csv
run env XF_DATE_ORDER=mdy xf-intake -n -d mdy.db mdy13.csv
like "$rc.$(head -1 stderr)" "1.*'13/03/2026': no such date or time" \
    "XF_DATE_ORDER=mdy: 13/03/2026 is no date, not a guess"
exit_is 2 "XF_DATE_ORDER=ydm: exit 2" env XF_DATE_ORDER=ydm xf-intake order.csv
is "$(cat stderr)" "xf-intake: XF_DATE_ORDER=ydm: want dmy (5/3/2026 is 5 March) or mdy (5/3/2026 is May 3)" \
    "XF_DATE_ORDER: the message"

# --- flags take the same forms ------------------------------------------------------
run xf-intake -n -d flag.db --subject f --received '2026年3月5日下午3点' < /dev/null
is "$rc.$(tail -1 stdout | cut -f2)" "0.2026-03-05T15:00:00+08:00" \
    "--received 2026年3月5日下午3点"
run xf-intake -n -d flag.db --subject f --received '2026-03-05 15:00 CST' < /dev/null
like "$rc.$(head -1 stderr)" "1.*CST is ambiguous*" "--received ... CST: refused"

# --- mail: RFC 5322 defines CST (US Central), so a Date header keeps it --------------
cat > cst.eml <<'EOF'
From: Zhang San <zs@example.cn>
To: complaints@example.com
Subject: noise
Date: Thu, 5 Mar 2026 10:00:00 CST
Message-ID: <cst-1@example.cn>

Too loud at night.
EOF
run xf-intake -d mail.db cst.eml
is "$rc.$(XF_DB=mail.db db "select received_at from complaint")" \
    "0.1772726400" "a mail Date header: CST as RFC 5322 defines it (-06:00)"

# --- a time alone is today's, where it is read ------------------------------------
printf 'subject,date\nmorning,上午9:00\n' > alone.csv
run env XF_NOW=2026-06-01T20:00:00Z xf-intake -n -d alone.db alone.csv
is "$rc.$(whens stdout)" "0.morning=2026-06-02T09:00:00+08:00" \
    "a time alone: on today's date in XF_TZ (already 06-02 in Beijing)"
