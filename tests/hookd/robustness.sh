#!/bin/sh
# paycon-hookd against hostile senders: a body that never comes is cut off
# by the connection timeout (slowloris), oversized headers are refused by
# the per-connection memory limit, and the receiver keeps serving.
. "$(dirname "$0")/lib.sh"

plan 6

S="$T/spool"
start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }
printf '{"id":"after"}' >"$T/good"

# Headers, a first piece of body, then silence.
mkfifo "$T/body"
started=$(date +%s)
curl -s -o /dev/null -X POST -T - "$URL" <"$T/body" &
sender=$!
exec 3>"$T/body"
printf '{"id":"never-ends",' >&3
check "meanwhile other callbacks are stored" [ "$(post "$T/good")" = 200 ]
timed_out() { grep -q 'POST /callback - 19 - closed: the client went silent (timeout)' "$LOG"; }
while ! timed_out && [ $(($(date +%s) - started)) -lt 20 ]; do
	sleep 0.1
done
elapsed=$(($(date +%s) - started))
kill "$sender" 2>/dev/null
wait "$sender" 2>/dev/null
exec 3>&-
check "a silent sender is cut off without an answer, logged as a timeout" timed_out
cut_in_time() { [ "$elapsed" -ge 9 ] && [ "$elapsed" -le 15 ]; }
check "... by the 10 s connection timeout (after ${elapsed} s)" cut_in_time
check "... and nothing of it stored" [ "$(count_files "$S/new")" = 1 ]

# 40 KiB of headers: more than the 32 KiB a connection may use.
pad=$(head -c 40000 /dev/zero | tr '\0' a)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Pad: $pad" --data-binary @"$T/good" "$URL")
case $code in
4[0-9][0-9]) ok "oversized headers are refused ($code)" ;;
*) not_ok "oversized headers are refused" "got $code" ;;
esac
check "still serving afterwards" [ "$(post "$T/good")" = 200 ]
stop_hookd TERM
finish
