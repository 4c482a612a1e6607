# tests/notify-fixture.sh: sourced by the xf-notify tests after lib.sh.
#
# queue_notice REF KIND CHANNEL RECIPIENT SUBJECT BODY: an outbox row as
# lib/notice.c's xf_notice_queue writes it (a Message-ID of its own, the
# In-Reply-To and References of the complaint's newest messages), put in
# with sqlite3: the status moves that queue notices through the real
# code are not on this branch.  The row's id on stdout.

_sq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

queue_notice() {
	_now=$(date -u -d "$XF_NOW" +%s) || return 1
	db "INSERT INTO outbox (complaint_id, kind, channel, lang,
	    recipient, subject, body, message_id, in_reply_to, refs,
	    queued_at, actor, next_at)
	SELECT c.id, $(_sq "$2"), $(_sq "$3"), 'zh', $(_sq "$4"),
	    $(_sq "$5"), $(_sq "$6"),
	    'xf.' || c.ref || '.' || lower(hex(randomblob(12))) ||
	    '@test.example',
	    (SELECT message_id FROM message WHERE complaint_id = c.id AND
	    direction = 'in' ORDER BY id DESC LIMIT 1),
	    (SELECT group_concat(message_id, ' ') FROM (SELECT message_id
	    FROM message WHERE complaint_id = c.id ORDER BY id)),
	    $_now, 'tester', $_now
	FROM complaint c WHERE c.ref = $(_sq "$1");
	SELECT max(id) FROM outbox;"
}

# fake_sendmail DIR [MODE]: a sendmail in ./sendmail that keeps each
# message it reads as DIR/N.eml; MODE fail (exit 1 after reading),
# hang (sleeps, writing its pid to DIR/pid first), ok (the default).
fake_sendmail() {
	mkdir -p "$1"
	cat > "$T/sendmail" <<SH
#!/bin/sh
d='$1'
case "\${FAKE_MODE:-${2:-ok}}" in
hang)	echo \$\$ > "\$d/pid"; cat > "\$d/hung.\$\$"; sleep 30 ;;
fail)	cat > /dev/null; echo "fake sendmail: no" >&2; exit 1 ;;
esac
f=\$(mktemp "\$d/msg.XXXXXX") || exit 75
cat > "\$f" && mv "\$f" "\$f.eml"
SH
	chmod +x "$T/sendmail"
}
