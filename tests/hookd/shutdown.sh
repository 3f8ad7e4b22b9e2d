#!/bin/sh
# SIGTERM while a callback is being received: paycon-hookd stops accepting
# connections, lets that request finish (stored, answered 200), exits 0.
. "$(dirname "$0")/lib.sh"

plan 6

S="$T/spool"
start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }

# A sender that streams its body in two parts; the second only when told.
mkfifo "$T/body"
curl -s -o "$T/slow.answer" -w '%{http_code}' -X POST -T - --trace-ascii "$T/trace" \
	"$URL" <"$T/body" >"$T/slow.code" &
sender=$!
exec 3>"$T/body"
printf '{"id":"in-flight",' >&3
sent_first_part() { grep -q '^=> Send data' "$T/trace" 2>/dev/null; }
wait_until sent_first_part

kill -TERM "$hookd_pid"
refused() {
	code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary '{}' "$URL")
	[ "$code" = 000 ]
}
check "after SIGTERM new connections are refused" wait_until refused
printf '"amount":"1.00"}' >&3
exec 3>&-
wait "$sender"
check "the request under way at SIGTERM got 200" [ "$(cat "$T/slow.code")" = 200 ]
check "... and its body is in new/" grep -qx '{"id":"in-flight","amount":"1.00"}' "$(only_file "$S/new")"
wait "$hookd_pid"
hookd_status=$?
hookd_pid=
check "paycon-hookd then exits 0" [ "$hookd_status" = 0 ]
check "the log says it finished the request under way" grep -q 'SIGTERM received: finishing 1 request' "$LOG"
check "the log ends with 'stopped'" sh -c "tail -n 1 '$LOG' | grep -q 'stopped\$'"
finish
