#!/bin/sh
# xf-classify refuses a damaged model: a flipped byte (the checksum), a
# truncated or foreign blob, and damage behind a valid checksum (the
# counts and the linear model's weights themselves checked).  Refusing means exit 1, the reason, and
# nothing classified, not a fall back to rules alone or an older model.
. "$(dirname "$0")/lib.sh"

plan 34

export XF_SHARE="$XF_ROOT/share"

dump() {
	sqlite3 -init /dev/null -batch "$XF_DB" .dump | cksum
}

# damage HOW: rewrites the newest model's blob (python3's sqlite3); the
# "fixed" kinds recompute length and SHA-256 so only the content is wrong.
damage() {
	python3 - "$XF_DB" "$1" <<'EOF'
import hashlib, sqlite3, struct, sys
db, how = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
mid, data = c.execute("select id, data from model order by id desc limit 1").fetchone()
d = bytearray(data)
def fix(b):
    b = bytearray(b[:-32])
    b[8:16] = struct.pack("<Q", len(b) + 32)
    return bytes(b) + hashlib.sha256(bytes(b)).digest()
def ntok_at(b):
    p = 16
    (n,) = struct.unpack_from("<I", b, p); p += 4
    for _ in range(n):
        (l,) = struct.unpack_from("<I", b, p); p += 4 + l
    return p, n
# Version 2 ends (before the digest) with Platt's a and b, a bias per
# label and, per token, a weight per label and its idf.
def tail(b):
    p, n = ntok_at(b)
    (ntok,) = struct.unpack_from("<Q", b, p)
    return 16 + 8 * n + 4 * ntok * (n + 1)
if how == "flip":
    d[len(d) // 2] ^= 0x01
elif how == "flipdigest":
    d[-1] ^= 0x80
elif how == "truncate":
    d = d[:len(d) - 40]
elif how == "short":
    d = d[:10]
elif how == "foreign":
    d = bytearray(b"PK\x03\x04 not a model at all")
elif how == "empty":
    d = bytearray()
elif how == "append":
    d = d + b"\0\0\0\0"
elif how == "version":
    d[4:8] = struct.pack("<I", 3)
    d = fix(d)
elif how == "nolabels":
    d[16:20] = struct.pack("<I", 0)
    d = fix(d)
elif how == "manylabels":
    d[16:20] = struct.pack("<I", 100000)
    d = fix(d)
elif how == "ntok":
    p, n = ntok_at(d)
    d[p:p + 8] = struct.pack("<Q", 1 << 40)
    d = fix(d)
elif how == "totals":
    p = len(d) - 32 - tail(d) - 8
    (t,) = struct.unpack_from("<Q", d, p)
    d[p:p + 8] = struct.pack("<Q", t + 1)
    d = fix(d)
elif how == "docs":
    p, n = ntok_at(d)
    p = len(d) - 32 - tail(d) - 16 * n
    d[p:p + 8] = struct.pack("<Q", 0)
    d = fix(d)
elif how == "weight":
    d[len(d) - 32 - 8:len(d) - 32 - 4] = struct.pack("<f", float("nan"))
    d = fix(d)
elif how == "idf":
    d[len(d) - 32 - 4:len(d) - 32] = struct.pack("<f", 0.5)
    d = fix(d)
else:
    sys.exit("unknown damage " + how)
c.execute("update model set data = ? where id = ?", (bytes(d), mid))
c.commit()
EOF
}

cat > train.csv <<'EOF'
text,label
楼上装修噪音太大,noise
晚上广场舞音乐声音太吵,noise
路灯坏了一个月没人修,road
小区门口的马路坑洼不平,road
EOF
cat > c.csv <<'EOF'
subject,body
噪音,楼下噪音太吵
Refund,I want a refund
EOF
check "import" xf-intake c.csv
check "train" xf-classify train -l text,label train.csv
good=$(db "select hex(data) from model where id = 1")

# --- a flipped byte ---------------------------------------------------------------
damage flip
before=$(dump)
run xf-classify -a
is "$rc" 1 "flipped byte: exit 1"
is "$(cat stderr)" "xf-classify: $XF_DB: model 1 refused: model is damaged: checksum mismatch" \
    "flipped byte: refused, with the reason"
is "$(grep -c XF- stdout)" 0 "flipped byte: no complaint printed"
is "$(dump)" "$before" "flipped byte: store unchanged"
is "$(db "select count(*) from complaint where classified_at is not null")" 0 \
    "flipped byte: nothing classified, not even by rules"
run xf-classify 2
is "$rc.$(grep -c XF- stdout)" "1.0" "flipped byte: a ref a rule decides is refused too"
run xf-classify -n 1
is "$rc" 1 "flipped byte: -n refused too"
run xf-classify explain 1
like "$rc|$(cat stderr)" "1|*model 1 refused: model is damaged: checksum mismatch" \
    "flipped byte: explain refuses"
printf 'text\n噪音\n' > p.csv
run xf-classify predict -l text p.csv
like "$rc|$(cat stderr)|$(grep -c noise stdout)" "1|*model 1 refused: model is damaged: checksum mismatch|0" \
    "flipped byte: predict refuses, predicts nothing"
is "$(dump)" "$before" "refusals: store unchanged"

# refused MODE WANT: damage the model as MODE; classify refuses with WANT.
refused() {
	db "update model set data = x'$good' where id = (select max(id) from model)"
	damage "$1"
	run xf-classify 1 2
	is "$rc|$(cat stderr)|$(grep -c XF- stdout)" \
	    "1|xf-classify: $XF_DB: model $(db "select max(id) from model") refused: $2|0" \
	    "$1: refused: $2"
}
refused flipdigest "model is damaged: checksum mismatch"
refused truncate "model is truncated"
refused short "model is truncated"
refused foreign "not an xf model"
refused empty "not an xf model"
refused append "model is damaged: bytes after its end"
refused version "model version 3, this xf reads 1 to 2: retrain it with xf-classify train"
refused nolabels "model is damaged: impossible number of labels"
refused manylabels "model is damaged: impossible number of labels"
refused ntok "model is damaged: impossible number of tokens"
refused totals "model is damaged: token totals do not add up"
refused docs "model is damaged: impossible document count"
refused weight "model is damaged: bad weight"
refused idf "model is damaged: bad weight"
is "$(db "select count(*) from complaint where classified_at is not null")" 0 \
    "no damaged model classified anything"

# --- a good model again ------------------------------------------------------------------
db "update model set data = x'$good' where id = 1"
run xf-classify -a
is "$rc" 0 "the model restored: exit 0"
is "$(cut -f1,2,6 stdout | tail -n +2 | tr '\t\n' ': ')" \
    "XF-2026-000001:noise:model XF-2026-000002:billing:rules " \
    "the model restored: classified"

# --- a damaged newer model: no quiet fall back to the older one ---------------------------------
check "train a second model" xf-classify train -l text,label train.csv
damage flip
run xf-classify 1
is "$rc|$(cat stderr)" "1|xf-classify: $XF_DB: model 2 refused: model is damaged: checksum mismatch" \
    "a damaged newest model is refused, though an older one is good"
check "train a third model" xf-classify train -l text,label train.csv
run xf-classify 1
is "$rc.$(tail -1 stdout | cut -f2,6)" "0.noise	model" "a newer good model is used again"
check "the event chain is intact" xf-status verify
