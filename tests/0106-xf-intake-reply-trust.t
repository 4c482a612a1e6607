#!/bin/sh
# Replies from the right person (issue 14): a message that names a
# complaint (its ref in the subject, or In-Reply-To / References to one
# of its messages) but comes from an address that never wrote about it
# and is not its contact moves nothing: it is kept 'unverified', the
# history records it, xf-intake says so, and xf-status list --unverified
# shows it until a person confirms it (then it does what the
# complainant's reply would have done) or refuses it (kept, moves
# nothing).  The complainant's own replies, by their address in any
# case or by the contact, are taken as before.
. "$(dirname "$0")/lib.sh"
# The replies' own events, not the notices the moves queue (0100).
export XF_NOTIFY=off

plan 64

DAY=86400
NOW=1780272000	# XF_NOW, 2026-06-01T00:00:00Z

summary() {
	echo "xf-intake: read $1, created 0, attached $2, reopened $3, $4auto-replies 0, duplicate 0, rejected 0"
}

# mail FILE FROM MESSAGE-ID SUBJECT BODY [HEADER ...]
mail() {
	_f=$1 _from=$2 _id=$3 _subj=$4 _body=$5
	shift 5
	{
		[ -n "$_from" ] && printf 'From: %s\n' "$_from"
		printf 'Subject: %s\n' "$_subj"
		printf 'Date: Sun, 31 May 2026 08:00:00 +0000\n'
		printf 'Message-ID: <%s>\n' "$_id"
		for _h; do printf '%s\n' "$_h"; done
		printf 'Content-Type: text/plain; charset=UTF-8\n\n%s\n' "$_body"
	} > "$_f"
}

resolve() {
	xf-status accept "$1" > /dev/null && xf-status start "$1" > /dev/null &&
	    xf-status resolve -m fixed "$1" > /dev/null
}

state() {
	db "select status || ' ' || reopen_count || ' ' || updated_at
	    from complaint where ref = '$1'"
}

trust() {
	db "select trust from message where message_id = '$1'"
}

lastkinds() {
	db "select group_concat(kind, ' ') from (select kind from event
	    where complaint_id = $1 and kind <> 'evidence'
	    order by id desc limit $2)"
}

# --- the complaints: 1 and 2 by e-mail, 3 by flags with a contact ---------
mail a.eml '张三 <ZhangSan@Example.COM>' a1@example.com '夜间施工噪音' '很吵'
mail b.eml 'Li Si <lisi@example.com>' b1@example.com 'street light' 'The light is out.'
xf-intake -q a.eml b.eml > /dev/null
xf-intake -q --subject 'refund' --body 'where is my refund' \
    --contact ' WangWu@Example.com ' --complainant 王五 > /dev/null
xf-intake -q --subject 'parcel' --body 'lost' --contact '138 0013 8000' \
    > /dev/null
is "$(db "select count(*) from complaint")" 4 "four complaints"
resolve XF-2026-000002
is "$(state XF-2026-000002)" "resolved 0 $NOW" "complaint 2 resolved"

# --- the regression: a stranger's mail with the ref of someone else's ----------
mail s1.eml 'Mallory <mallory@evil.example>' s1@evil.example \
    'Re: [XF-2026-000002] street light' 'It is still out, reopen it.'
run env XF_NOW=2026-06-02T00:00:00Z xf-intake s1.eml
is "$rc" 0 "stranger: exit 0 (the message is stored)"
is "$(cat stdout)" "" "stranger: no row (no complaint created)"
is "$(sed -n 1p stderr)" "xf-intake: s1.eml: XF-2026-000002: unverified: the sender has not written about it and is not its contact; kept, nothing changed (xf-status confirm or refuse)" \
    "stranger: xf-intake names the ref and says unverified"
is "$(sed -n 2p stderr)" "$(summary 1 0 0 'unverified 1, ')" \
    "stranger: counted as unverified, not reopened"
is "$(state XF-2026-000002)" "resolved 0 $NOW" \
    "stranger: still resolved, not reopened, updated_at kept"
is "$(db "select count(*) from event where complaint_id = 2 and
    (kind = 'reopen' or reason like '%complainant replied%')")" 0 \
    "stranger: no reopen, nothing says the complainant replied"
is "$(db "select complaint_id || ' ' || trust || ' ' || sender from message
    where message_id = 's1@evil.example'")" "2 unverified mallory@evil.example" \
    "stranger: the message is kept on the complaint it names, unverified"
is "$(db "select kind || '|' || coalesce(field, '') || '|' || new || '|' || reason
    || '|' || at from event where complaint_id = 2 order by id desc limit 1")" \
    "unverified||s1@evil.example|e-mail from mallory@evil.example, who has not written about it and is not its contact: kept unverified, it moves nothing until a person confirms it: Re: [XF-2026-000002] street light|$((NOW + DAY))" \
    "stranger: an 'unverified' event in the history"
run xf-status list --unverified
is "$rc.$(tail -n +2 stdout | cut -f1,3)" "0.XF-2026-000002	resolved" \
    "list --unverified: the complaint, though resolved"
like "$(xf-status show XF-2026-000002)" \
    "*  in  email  mallory@evil.example  Re: \[XF-2026-000002\] street light  \[unverified\]*" \
    "show marks the message [unverified]"
xf-status show -o json XF-2026-000002 > show.json
like "$(cat show.json)" '*"sender":"mallory@evil.example","actor":null,"subject":"Re: \[XF-2026-000002\] street light","body":"It is still out, reopen it.","trust":"unverified"*' \
    "show -o json gives each message its trust"
run xf-intake s1.eml
is "$rc.$(tail -1 stderr)" "0.xf-intake: read 1, created 0, attached 0, reopened 0, auto-replies 0, duplicate 1, rejected 0" \
    "the same message again: a duplicate"

# --- confirm: it is the complainant's after all, and reopens ------------------
run env XF_NOW=2026-06-03T00:00:00Z XF_ACTOR=lead xf-status confirm -m 'she wrote from her work address' XF-2026-000002
is "$rc" 0 "confirm: exit 0"
is "$(cat stdout)" "ref	status	was
XF-2026-000002	in_progress	resolved" "confirm: prints the move the reply makes"
is "$(state XF-2026-000002)" "in_progress 1 $((NOW + 2 * DAY))" "confirm: reopened"
is "$(trust s1@evil.example)" confirmed "confirm: the message is confirmed"
is "$(db "select actor || '|' || kind || '|' || field || '|' || old || '|' || new || '|' || reason
    from event where complaint_id = 2 and kind <> 'deadline'
    order by id desc limit 2")" \
    "lead|confirm|trust|unverified|confirmed|e-mail from mallory@evil.example: Re: [XF-2026-000002] street light; she wrote from her work address
lead|reopen|status|resolved|in_progress|a reply from mallory@evil.example, confirmed as the complainant's" \
    "confirm: a reopen event, then a confirm event, by the person"
run xf-status list --unverified
is "$rc.$(cat stdout)" "0." "list --unverified: nothing left to confirm, nothing printed"
run xf-status confirm XF-2026-000002
is "$rc.$(cat stderr)" "1.xf-status: XF-2026-000002: no unverified message" \
    "confirm again: exit 1, nothing to confirm"
# Confirmed once, the address speaks for the complaint from now on.
resolve_again() {
	xf-status resolve -m 'fixed again' XF-2026-000002 > /dev/null
}
resolve_again
mail s2.eml 'Mallory <mallory@evil.example>' s2@evil.example \
    'Re: [XF-2026-000002]' 'Out again tonight.'
run env XF_NOW=2026-06-04T00:00:00Z xf-intake s2.eml
is "$rc.$(cat stderr).$(trust s2@evil.example)" \
    "0.$(summary 1 0 1 '').ok" "a confirmed address writes again: it reopens"

# --- refuse: kept, moves nothing ---------------------------------------------
resolve XF-2026-000001
mail s3.eml 'x@spam.example' s3@spam.example 'Re: [XF-2026-000001] 噪音' '还是很吵'
run env XF_NOW=2026-06-05T00:00:00Z xf-intake s3.eml
is "$rc.$(tail -1 stderr).$(state XF-2026-000001)" \
    "0.$(summary 1 0 0 'unverified 1, ').resolved 0 $NOW" "stranger on complaint 1: unverified"
run env XF_NOW=2026-06-06T00:00:00Z XF_ACTOR=lead xf-status refuse XF-2026-000001
is "$rc.$(cat stdout)" "0.ref	status	was
XF-2026-000001	resolved	resolved" "refuse: exit 0, the status stays"
is "$(state XF-2026-000001).$(trust s3@spam.example)" "resolved 0 $NOW.refused" \
    "refuse: nothing moved, updated_at kept, the message refused and kept"
is "$(db "select actor || '|' || kind || '|' || old || '|' || new || '|' || reason || '|' || at
    from event where complaint_id = 1 order by id desc limit 1")" \
    "lead|refuse|unverified|refused|e-mail from x@spam.example: Re: [XF-2026-000001] 噪音|$((NOW + 5 * DAY))" \
    "refuse: an event by the person"
mail s4.eml 'x@spam.example' s4@spam.example 'Re: [XF-2026-000001]' '还是很吵'
run xf-intake s4.eml
is "$rc.$(trust s4@spam.example)" "0.unverified" "a refused address is still a stranger"

# --- the contact, in any case and spacing, speaks for the complaint -----------
resolve XF-2026-000003
mail c1.eml 'WANGWU@EXAMPLE.COM' c1@example.com 'Re: [XF-2026-000003] refund' 'Still no refund.'
run xf-intake c1.eml
is "$rc.$(tail -1 stderr).$(trust c1@example.com)" "0.$(summary 1 0 1 '').ok" \
    "the contact's address in other case: verified, reopens"
is "$(db "select status || ' ' || reopen_count from complaint where id = 3")" \
    "in_progress 1" "the contact's reply reopened complaint 3"
# The complainant's own address in other case than the first message's.
mail z1.eml 'ZHANGSAN@example.com' z1@example.com 'Re: [XF-2026-000001]' 'Still noisy!'
run xf-intake z1.eml
is "$rc.$(tail -1 stderr).$(trust z1@example.com)" "0.$(summary 1 0 1 '').ok" \
    "the first message's sender in other case: verified, reopens"

# --- In-Reply-To and References from a stranger, to an open complaint --------
before=$(state XF-2026-000001)
mail t1.eml 'other@example.net' t1@example.net 'Re: 夜间施工噪音' 'me too' \
    'In-Reply-To: <a1@example.com>'
mail t2.eml 'other2@example.net' t2@example.net 'Re: something' 'me three' \
    'References: <zz@example.com> <a1@example.com>'
run env XF_NOW=2026-06-07T00:00:00Z xf-intake t1.eml t2.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 2 0 0 'unverified 2, ')" \
    "In-Reply-To, References from strangers: unverified"
is "$(state XF-2026-000001)" "$before" "an open complaint: not even updated_at moves"
is "$(trust t1@example.net) $(trust t2@example.net)" "unverified unverified" \
    "both kept unverified"
# Only one sender's: --from, normalised like a contact.
run env XF_ACTOR=lead xf-status confirm --from ' Other@Example.NET ' XF-2026-000001
is "$rc.$(cat stdout)" "0.ref	status	was
XF-2026-000001	in_progress	in_progress" "confirm --from: on an open complaint, no move"
is "$(trust t1@example.net) $(trust t2@example.net) $(trust s4@spam.example)" \
    "confirmed unverified unverified" "confirm --from: only that sender's message"
run xf-status refuse --from nobody@example.org XF-2026-000001
is "$rc.$(cat stderr)" "1.xf-status: XF-2026-000001: no unverified message from nobody@example.org" \
    "refuse --from an address with nothing: exit 1"
run env XF_ACTOR=lead xf-status refuse -m spam XF-2026-000001
is "$rc.$(trust t2@example.net) $(trust s4@spam.example)" "0.refused refused" \
    "refuse without --from: every unverified message of the complaint"

# --- a phone contact, no sender, a stranger's thank-you ------------------------
mail p1.eml '13800138000@sms.example' p1@sms.example 'Re: [XF-2026-000004]' 'parcel?'
mail p2.eml '' p2@example.com 'Re: [XF-2026-000004]' 'no sender'
mail p3.eml 'nice@example.com' p3@example.com 'Re: [XF-2026-000004]' '谢谢！'
run xf-intake p1.eml p2.eml p3.eml
is "$rc.$(tail -1 stderr)" "0.$(summary 3 0 0 'unverified 3, ')" \
    "a phone contact: an e-mail is not it; no From; a stranger's thanks: all unverified"
is "$(trust p1@sms.example) $(trust p2@example.com) $(trust p3@example.com)" \
    "unverified unverified unverified" "all three kept unverified"

# --- a waiting complaint: the stranger leaves it waiting; confirmed, it resumes --
xf-status accept XF-2026-000004 > /dev/null
xf-status start XF-2026-000004 > /dev/null
xf-status refuse XF-2026-000004 > /dev/null
env XF_NOW=2026-06-08T00:00:00Z xf-status wait -m 'need the tracking number' XF-2026-000004 > /dev/null
mail w1.eml 'friend@example.org' w1@example.org 'Re: [XF-2026-000004]' 'It is SF123.'
run env XF_NOW=2026-06-09T00:00:00Z xf-intake w1.eml
is "$rc.$(db "select status from complaint where id = 4")" "0.waiting" \
    "waiting: a stranger's reply resumes nothing"
due0=$(db "select due from complaint where id = 4")
run env XF_NOW=2026-06-10T00:00:00Z xf-status confirm -n XF-2026-000004
is "$rc.$(cut -f4,5,6,7 stdout | sed -n 2,3p)" "0.resume	status	waiting	in_progress
deadline	due	$(TZ=UTC date -d @"$due0" +%Y-%m-%dT%H:%M:%S+00:00)	$(TZ=UTC date -d @$((due0 + 2 * DAY)) +%Y-%m-%dT%H:%M:%S+00:00)" \
    "confirm -n: shows the resume and the due date it would move"
is "$(db "select status from complaint where id = 4").$(trust w1@example.org)" \
    "waiting.unverified" "confirm -n: nothing changed"
run env XF_NOW=2026-06-10T00:00:00Z xf-status confirm XF-2026-000004
is "$rc.$(tail -1 stdout)" "0.XF-2026-000004	in_progress	waiting" \
    "confirm: the reply, which came while it waited, resumes it"
is "$(db "select due - $due0 from complaint where id = 4")" "$((2 * DAY))" \
    "confirm: the due date moves by the pause"

# --- a stranger after the reopen window: no follow-up, confirm reopens nothing --
env XF_NOW=2026-06-10T00:00:00Z xf-status resolve -m done XF-2026-000004 > /dev/null
mail l1.eml 'late@example.org' l1@example.org 'Re: [XF-2026-000004]' 'broken again'
run env XF_NOW=2026-08-01T00:00:00Z xf-intake l1.eml
is "$rc.$(cat stdout).$(db "select count(*) from complaint")" "0..4" \
    "after the window, a stranger: no follow-up complaint"
is "$(trust l1@example.org)" unverified "after the window: kept unverified on the old one"
run env XF_NOW=2026-08-02T00:00:00Z xf-status confirm XF-2026-000004
is "$rc.$(tail -1 stdout)" "0.XF-2026-000004	resolved	resolved" \
    "confirm after the window: confirmed, not reopened (-w 30)"
mail l2.eml 'late2@example.org' l2@example.org 'Re: [XF-2026-000004]' 'broken again'
env XF_NOW=2026-08-01T00:00:00Z xf-intake -q l2.eml 2> /dev/null
run env XF_NOW=2026-08-02T00:00:00Z xf-status confirm -w 90 XF-2026-000004
is "$rc.$(tail -1 stdout)" "0.XF-2026-000004	in_progress	resolved" \
    "confirm -w 90: within that window, it reopens"

# --- bad input ------------------------------------------------------------------
for w in abc -1 3651 ''; do
	run xf-status confirm -w "$w" XF-2026-000004
	is "$rc.$(cat stderr)" "2.xf-status: -w $w: want a number from 0 to 3650" \
	    "confirm -w '$w': exit 2"
done
run xf-status refuse -w 3 XF-2026-000004
is "$rc" 2 "refuse takes no -w"
run xf-status refuse -m '  ' XF-2026-000004
is "$rc.$(cat stderr)" "2.xf-status: -m: say why in words" "refuse -m blank: exit 2"
run xf-status confirm --from '' XF-2026-000004
is "$rc.$(cat stderr)" "2.xf-status: --from: want an address" "confirm --from '': exit 2"
run xf-status confirm XF-2026-000099
is "$rc.$(cat stderr)" "1.xf-status: XF-2026-000099: no such complaint" \
    "confirm an unknown ref: exit 1"
run xf-status confirm XF-2026-000003
is "$rc.$(cat stderr)" "1.xf-status: XF-2026-000003: no unverified message" \
    "confirm a complaint with none: exit 1"
mail u1.eml 'u@example.org' u1@example.org 'Re: [XF-2026-000003]' 'hello'
xf-intake -q u1.eml 2> /dev/null
run xf-status confirm --from '  ' XF-2026-000003
is "$rc.$(cat stderr).$(trust u1@example.org)" \
    "1.xf-status: XF-2026-000003: --from: no address in '  '.unverified" \
    "confirm --from blank: refused, not taken for every message"
printf 'ref\nXF-2026-000003\nXF-2026-000002\n' | xf-status refuse > out 2> err
is "$?.$(cat out).$(cat err)" "1.ref	status	was
XF-2026-000003	in_progress	in_progress.xf-status: XF-2026-000002: no unverified message" \
    "refuse reads refs from stdin, goes on past one with nothing"
run xf-status confirm -n < /dev/null
is "$rc" 0 "confirm with no ref and empty stdin: nothing to do"

# --- the old behaviour, for messages stored before schema 7 -------------------
is "$(db "select count(*) from message where trust = 'ok' and message_id in
    ('a1@example.com', 'b1@example.com')")" 2 "the messages that opened complaints are 'ok'"
is "$(db "select dflt_value from pragma_table_info('message') where name = 'trust'")" \
    "'ok'" "a message stored before schema 7 counts as 'ok'"
is "$(lastkinds 2 6)" "message deadline reopen resolve confirm deadline" \
    "history of 2: reopen (and its review deadline) and confirm, then the reply that reopens"
check "the event chain is intact" xf-status verify
