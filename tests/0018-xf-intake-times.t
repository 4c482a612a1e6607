#!/bin/sh
# xf-intake: received times in the forms exports write them, zone-less
# ones in TZ; stored as UTC, printed as ISO 8601 in the local zone; bad
# and future times rejected.  US dates are read with XF_DATE_ORDER=mdy
# (tests/0073 has the refusals of ambiguous ones).
. "$(dirname "$0")/lib.sh"

plan 16

cat > t.csv <<'EOF'
subject,date
z,2026-03-05T10:00:00Z
p8,2026-03-05T18:00:00+08:00
p0800,2026-03-05T18:00:00+0800
p08,2026-03-05T18:00:00+08
frac,2026-03-05T10:00:00.123Z
space,2026-03-05 10:00
spacesec,2026-03-05 10:00:30
slash,2026/03/05
slashtime,2026/03/05 10:00
cjk,2026年3月5日
cjkhao,2026年3月5号
cjktime,2026年3月5日 10时30分
cjkcolon,2026年3月5日 10:30:15
cjkdian,2026年3月5日 10点30分
rfc,"Thu, 5 Mar 2026 10:00:00 +0800"
rfcnoday,5 Mar 2026 10:00:00 GMT
us,03/05/2026
uspm,03/05/2026 2:30 PM
usam,03/05/2026 12:15 AM
padded,  2026-03-05  
EOF

# whens FILE: "subject=received_at" of each output row.
whens() {
	tail -n +2 "$1" | awk -F '\t' '{ print $5 "=" $2 }'
}

# --- in UTC -----------------------------------------------------------------
XF_DATE_ORDER=mdy
export XF_DATE_ORDER
run xf-intake t.csv
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 20, created 20, duplicate 0, rejected 0" \
    "every time form accepted"
cat > want <<'EOF'
z=2026-03-05T10:00:00+00:00
p8=2026-03-05T10:00:00+00:00
p0800=2026-03-05T10:00:00+00:00
p08=2026-03-05T10:00:00+00:00
frac=2026-03-05T10:00:00+00:00
space=2026-03-05T10:00:00+00:00
spacesec=2026-03-05T10:00:30+00:00
slash=2026-03-05T00:00:00+00:00
slashtime=2026-03-05T10:00:00+00:00
cjk=2026-03-05T00:00:00+00:00
cjkhao=2026-03-05T00:00:00+00:00
cjktime=2026-03-05T10:30:00+00:00
cjkcolon=2026-03-05T10:30:15+00:00
cjkdian=2026-03-05T10:30:00+00:00
rfc=2026-03-05T02:00:00+00:00
rfcnoday=2026-03-05T10:00:00+00:00
us=2026-03-05T00:00:00+00:00
uspm=2026-03-05T14:30:00+00:00
usam=2026-03-05T00:15:00+00:00
padded=2026-03-05T00:00:00+00:00
EOF
whens stdout > got
same_file want got "ISO 8601 (Z, +08:00, +0800, +08, fractions), YYYY/MM/DD, 2026年3月5日, RFC 5322, US"
is "$(db "select received_at from complaint where subject in ('z', 'rfc', 'cjk')
    order by subject")" "1772668800
1772676000
1772704800" "stored as UTC epoch seconds"

# --- in Asia/Shanghai: zone-less times are local, all printed in +08:00 -------------
TZ=Asia/Shanghai xf-intake -n -d fresh.db t.csv > sh.out 2> sh.err
cat > want <<'EOF'
z=2026-03-05T18:00:00+08:00
p8=2026-03-05T18:00:00+08:00
p0800=2026-03-05T18:00:00+08:00
p08=2026-03-05T18:00:00+08:00
frac=2026-03-05T18:00:00+08:00
space=2026-03-05T10:00:00+08:00
spacesec=2026-03-05T10:00:30+08:00
slash=2026-03-05T00:00:00+08:00
slashtime=2026-03-05T10:00:00+08:00
cjk=2026-03-05T00:00:00+08:00
cjkhao=2026-03-05T00:00:00+08:00
cjktime=2026-03-05T10:30:00+08:00
cjkcolon=2026-03-05T10:30:15+08:00
cjkdian=2026-03-05T10:30:00+08:00
rfc=2026-03-05T10:00:00+08:00
rfcnoday=2026-03-05T18:00:00+08:00
us=2026-03-05T00:00:00+08:00
uspm=2026-03-05T14:30:00+08:00
usam=2026-03-05T00:15:00+08:00
padded=2026-03-05T00:00:00+08:00
EOF
whens sh.out > got
same_file want got "TZ=Asia/Shanghai: zone-less times local, every time printed +08:00"
fresh_db
printf 'subject,date\nlocal,2026-03-05 10:00\n' > local.csv
TZ=Asia/Shanghai xf-intake -q local.csv > out
is "$(db "select received_at from complaint")" 1772676000 \
    "TZ=Asia/Shanghai: 10:00 local is stored as 02:00 UTC"
run xf-intake -q -d other.db local.csv
is "$(cut -f2 stdout | tail -1)" "2026-03-05T10:00:00+00:00" "the same text in UTC is 10:00 UTC"
printf 'subject,date\nsummer,2025-07-01T12:00:00Z\nwinter,2026-01-15T12:00:00Z\n' > ny.csv
run env TZ=America/New_York xf-intake ny.csv
is "$(whens stdout | tr '\n' ' ')" \
    "summer=2025-07-01T08:00:00-04:00 winter=2026-01-15T07:00:00-05:00 " \
    "TZ=America/New_York: offsets follow daylight saving time"

# --- bad and future times ---------------------------------------------------------------
cat > bad.csv <<'EOF'
subject,date
b1,next tuesday
b2,2026-02-30
b3,2026-13-01
b4,2026-03-05 25:00
b5,2026-03/05
b6,2026-06-02T00:00:01Z
b7,2026-06-02T00:00:00Z
b8,2027-01-01
b9,2026-06-02 08:00:00+08:00
b10,2026年2月30日
b11,"Thu, 5 Mar 2026 10:00:00 EST"
EOF
run xf-intake -r bad.rej bad.csv
is "$rc" 1 "bad times: exit 1"
FORMS="2026-03-05, 2026-03-05 15:00, 2026-03-05T15:00+08:00, 2026-03-05 15:00 Asia/Shanghai, 2026年3月5日下午3点, 5 March 2026, March 5, 2026 3:00 PM, 20260305"
cat > want <<EOF
xf-intake: bad.csv:2: received time 'next tuesday': not a time; write e.g. $FORMS
xf-intake: bad.csv:3: received time '2026-02-30': no such date or time
xf-intake: bad.csv:4: received time '2026-13-01': no such date or time
xf-intake: bad.csv:5: received time '2026-03-05 25:00': no such date or time
xf-intake: bad.csv:6: received time '2026-03/05': not a time; write e.g. $FORMS
xf-intake: bad.csv:7: received time '2026-06-02T00:00:01Z' is in the future
xf-intake: bad.csv:9: received time '2027-01-01' is in the future
xf-intake: bad.csv:11: received time '2026年2月30日': no such date or time
xf-intake: bad.csv:12: received time 'Thu, 5 Mar 2026 10:00:00 EST': EST is ambiguous (US Eastern -05:00 or Australian Eastern +10:00); write the offset (+08:00) or the zone name (Asia/Shanghai)
xf-intake: read 11, created 2, duplicate 0, rejected 9
EOF
same_file want stderr "unparseable, impossible, ambiguous and future times rejected with the value and how to write it"
is "$(whens stdout | tr '\n' ' ')" \
    "b7=2026-06-02T00:00:00+00:00 b9=2026-06-02T00:00:00+00:00 " \
    "up to one day after now is accepted"
grep -v '^b[79],' bad.csv > want
check "bad times: the reject file" cmp want bad.rej
printf 'subject,date\nlong,%s\n' "$(awk 'BEGIN { while (i++ < 200) printf "9" }')" > longtime.csv
run xf-intake longtime.csv
like "$(head -1 stderr)" "xf-intake: longtime.csv:2: received time '9*': not a time*" \
    "a long bad time is quoted in the message"
is "$(head -1 stderr | sed "s/': not a time.*//" | wc -c | tr -d ' ')" 107 \
    "... cut to 64 bytes"

# --- the clock -------------------------------------------------------------------------------
printf 'subject\nno time\n' > notime.csv
run env TZ=Asia/Shanghai XF_NOW='2026-06-01 08:00' xf-intake -n -d none.db notime.csv
is "$(whens stdout)" "no time=2026-06-01T08:00:00+08:00" \
    "no received time is now (XF_NOW, zone-less: local)"
run env XF_NOW='2026-05-01T00:00:00Z' xf-intake -n -d none.db bad.csv
is "$(grep -c 'in the future' stderr)" 4 "the future is measured from XF_NOW"
exit_is 2 "an unusable XF_NOW: exit 2" env XF_NOW='not a time' xf-intake notime.csv
