#!/bin/sh
# paycon-hookd killed with SIGKILL again and again during a sustained burst
# of concurrent callbacks, and restarted on the same port and spool each
# time. tests/tools/hookburst POSTs every callback exactly once, HOOKD_BURST_CONCURRENCY
# (32) at a time; a refused connection (the receiver is down) is tried
# again, a request sent without a success answer is not. Afterwards every
# callback that got the success answer is in new/ exactly once, as a whole
# file, and no file in new/ is anything but a whole body.
#
# HOOKD_BURST_COUNT callbacks: 10,000 in `make check`, 50,000 with
# SAFETY_SCALE=long (`make check-long`).
. "$(dirname "$0")/lib.sh"
BURST=${HOOKBURST:-$(cd "$(dirname "$HOOKD")/.." && pwd)/tests/tools/hookburst}
COUNT=${HOOKD_BURST_COUNT:-10000}
[ "${SAFETY_SCALE:-}" = long ] && COUNT=${HOOKD_BURST_COUNT:-50000}
CONCURRENCY=${HOOKD_BURST_CONCURRENCY:-32}
[ -x "$BURST" ] || { echo "1..0 # SKIP no hookburst at $BURST"; exit 0; }

plan 8
S="$T/spool"
start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }
PORT=$(echo "$URL" | sed -n 's|^http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p')

# restart: the same port and spool, as systemd's Restart=always would.
restart() {
	LOG="$T/hookd.restart.log"
	: >"$T/ready"
	"$HOOKD" --listen "127.0.0.1:$PORT" --spool "$S" >"$T/ready" 2>>"$LOG" &
	hookd_pid=$!
	wait_until grep -q '^listening on ' "$T/ready"
}

now_ms() {
	t=$(date +%s%N)
	echo $((t / 1000000))
}

started=$(now_ms)
"$BURST" send --port "$PORT" --count "$COUNT" --concurrency "$CONCURRENCY" --prefix burst \
	--acks "$T/acks" >"$T/send.out" 2>"$T/send.err" &
sender=$!
kills=0
restart_failed=0
# Kill whenever another 1,250 callbacks (an eighth of a smaller burst)
# have been stored, at a random moment after; the sender keeps going
# across each outage.
step=1250
[ $((COUNT / 8)) -lt $step ] && step=$((COUNT / 8))
next=$step
while kill -0 "$sender" 2>/dev/null; do
	stored=$(ls "$S/new" | wc -l)
	if [ "$stored" -ge "$next" ]; then
		sleep "0.$(awk 'BEGIN { srand(); printf "%03d", int(rand() * 300) }')"
		kill -9 "$hookd_pid" 2>/dev/null
		wait "$hookd_pid" 2>/dev/null
		kills=$((kills + 1))
		restart || restart_failed=$((restart_failed + 1))
		next=$((next + step))
	fi
	sleep 0.05
done
wait "$sender"
sender_status=$?
elapsed=$(($(now_ms) - started))
echo "# $(cat "$T/send.out")"
echo "# kill -9 and restart $kills times during the burst; $elapsed ms in all;" \
	"$(count_files "$S/tmp") unfinished stores left in tmp/"
check "the sender ran to the end" [ "$sender_status" = 0 ]
check "paycon-hookd was killed at least 4 times during the burst ($kills)" [ "$kills" -ge 4 ]
check "it restarted on the same port and spool every time" [ "$restart_failed" = 0 ]
acked=$(wc -l <"$T/acks" | tr -d ' ')
check "most callbacks were acknowledged ($acked of $COUNT)" [ "$acked" -ge $((COUNT * 9 / 10)) ]
"$BURST" check --spool "$S" --count "$COUNT" --prefix burst --acks "$T/acks" >"$T/check.out" 2>"$T/check.err"
check_status=$?
echo "# $(cat "$T/check.out")"
sed -n '1,10s/^/# /p' "$T/check.err"
check "every acknowledged callback is in new/ exactly once, as a whole file; nothing partial" \
	[ "$check_status" = 0 ]
check "the stored files are 0640" [ -z "$(find "$S/new" -type f ! -perm 0640 | head -n 1)" ]
printf '{"id":"after"}' >"$T/after"
check "after the last restart a callback is stored" [ "$(post "$T/after")" = 200 ]
stop_hookd TERM
check "SIGTERM at the end exits 0" [ "$hookd_status" = 0 ]
finish
