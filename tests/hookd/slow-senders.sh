#!/bin/sh
# paycon-hookd against slow and greedy senders (robustness.sh has one
# silent sender and one 40 KiB header): tests/tools/hookburst holds many
# connections open without ever finishing a request — idle, dripping a
# header byte a second, dripping a body byte a second — while good
# callbacks keep arriving; then 400 dripping connections at once; then
# oversized and malformed requests. The receiver keeps answering good
# senders, cuts idle ones after its 10 s timeout, recovers
# at once when a flood ends, and stores nothing partial.
. "$(dirname "$0")/lib.sh"
BURST=${HOOKBURST:-$(cd "$(dirname "$HOOKD")/.." && pwd)/tests/tools/hookburst}
[ -x "$BURST" ] || { echo "1..0 # SKIP no hookburst at $BURST"; exit 0; }

plan 10
S="$T/spool"
start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }
PORT=$(echo "$URL" | sed -n 's|^http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p')
good() { # good : POSTs a fresh good callback; prints "<code> <seconds>"
	n=$(ls "$T" | grep -c '^good-')
	n=$((n + 1))
	printf '{"id":"good-%d","eventName":"disbursement.success"}' "$n" >"$T/good-$n"
	curl -s -m 20 -o /dev/null -w '%{http_code} %{time_total}\n' --data-binary @"$T/good-$n" "$URL"
}

# ---- 3 x 60 slow connections (under the limit) for 13 s ----------------------
for mode in idle slow-headers slow-body; do
	"$BURST" hold --port "$PORT" --count 60 --mode "$mode" --seconds 13 >"$T/hold-$mode" &
	eval "hold_$(echo $mode | tr - _)=\$!"
done
sleep 1
: >"$T/answers"
i=0
while [ $i -lt 20 ]; do
	good >>"$T/answers"
	sleep 0.3
	i=$((i + 1))
done
wait $hold_idle $hold_slow_headers $hold_slow_body
for mode in idle slow-headers slow-body; do echo "# $(cat "$T/hold-$mode")"; done
slowest=$(awk '{ print $2 }' "$T/answers" | sort -n | tail -n 1)
echo "# 20 good callbacks meanwhile: $(awk '$1 == 200' "$T/answers" | wc -l | tr -d ' ') answered 200, slowest $slowest s"
check "180 slow connections: every good callback meanwhile is stored (200)" \
	[ "$(awk '$1 == 200' "$T/answers" | wc -l | tr -d ' ')" = 20 ]
prompt() { awk '$2 > 2 { exit 1 }' "$T/answers"; }
check "... each answered within 2 s" prompt
idle_cut() { grep -q ', 60 closed by the receiver' "$T/hold-idle"; }
check "the 60 idle connections are cut by the 10 s timeout" idle_cut

# ---- more connections than the receiver takes ----------------------------------
"$BURST" hold --port "$PORT" --count 400 --mode slow-headers --seconds 4 >"$T/flood" &
flood=$!
sleep 1.5
during=$(good)
wait $flood
echo "# $(cat "$T/flood"); a good callback during the flood: $during"
# Dripping connections cost the receiver a socket, not a thread, and it
# takes thousands: senders beyond them are still answered.
check "400 dripping connections: a good callback is still answered ($during)" [ "${during%% *}" = 200 ]
after=$(good)
check "as soon as the flood ends, good callbacks are stored again ($after)" [ "${after%% *}" = 200 ]
check "paycon-hookd is still running" kill -0 "$hookd_pid"

# ---- oversized and malformed requests ---------------------------------------------
many=$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf " -H X-H%d:%d", i, i }')
# shellcheck disable=SC2086
code=$(curl -s -o /dev/null -w '%{http_code}' $many --data-binary @"$T/good-1" "$URL")
check "2,000 headers are refused ($code)" [ "${code%??}" = 4 ]
long=$(head -c 100000 /dev/zero | tr '\0' a)
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$T/good-1" "$URL?$long")
check "a 100 KB request line is refused ($code)" [ "${code%??}" = 4 ]

# ---- nothing partial ---------------------------------------------------------------
stop_hookd TERM
stored_goods() { # every file in new/ is exactly one of the good bodies
	for f in "$S"/new/*; do
		grep -qx '{"id":"good-[0-9]*","eventName":"disbursement.success"}' "$f" || return 1
	done
}
check "new/ holds only whole good callbacks ($(count_files "$S/new") files, $(ls "$T" | grep -c '^good-') sent)" stored_goods
check "nothing left in tmp/ after SIGTERM" [ "$(count_files "$S/tmp")" = 0 ]
finish
