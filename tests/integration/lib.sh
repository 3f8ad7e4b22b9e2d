# lib.sh — integration tests: a real paycon-sandbox and paycon-hookd on free
# loopback ports, and a config whose profile points at them.
. "$(dirname "$0")/../cli/lib.sh"
: "${SANDBOX:=$(dirname "$PAYCON")/paycon-sandbox}"
: "${HOOKD:=$(dirname "$PAYCON")/paycon-hookd}"

# wait_listening LOG : prints the URL once the program has said where it listens.
wait_listening() {
	i=0
	while [ $i -lt 300 ]; do
		url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$1" | head -n 1)
		if [ -n "$url" ]; then echo "$url"; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	echo "never started: $(cat "$1")" >&2
	return 1
}

# start_loop [SANDBOX_FLAGS...] : starts hookd and the sandbox; sets
# HOOK_URL, SANDBOX_URL, SPOOL, CONF (profile "test", environment sandbox).
start_loop() {
	SPOOL="$SCRATCH/spool"
	"$HOOKD" --listen 127.0.0.1:0 --spool "$SPOOL" >"$SCRATCH/hookd.out" 2>"$SCRATCH/hookd.log" &
	HOOKD_PID=$!
	HOOK_URL=$(wait_listening "$SCRATCH/hookd.out") || return 1
	start_sandbox "$@"
	CONF="$SCRATCH/conf"
	write_config "$CONF" sandbox "$SANDBOX_URL"
	sed -i "s|spool = .*|spool = \"$SPOOL\";|; s|app_id = .*|app_id = \"test-app\";|" "$CONF"
	trap 'stop_loop; rm -rf "$SCRATCH"' EXIT
}

start_sandbox() {
	"$SANDBOX" --listen 127.0.0.1:0 --app-id test-app \
		--merchant-public-key "$SCRATCH/keys/merchant-test.pub" \
		--platform-private-key "$SCRATCH/keys/platform-test.pem" \
		--webhook "$HOOK_URL" --state "$SCRATCH/sandbox-state.json" \
		--settle-ms 100 --callback-retry-ms 50 "$@" \
		>"$SCRATCH/sandbox.out" 2>>"$SCRATCH/sandbox.log" &
	SANDBOX_PID=$!
	SANDBOX_URL=$(wait_listening "$SCRATCH/sandbox.out")
}

stop_sandbox() {
	[ -n "${SANDBOX_PID:-}" ] && kill "$SANDBOX_PID" 2>/dev/null && wait "$SANDBOX_PID" 2>/dev/null
	SANDBOX_PID=
}

stop_loop() {
	stop_sandbox
	[ -n "${HOOKD_PID:-}" ] && kill "$HOOKD_PID" 2>/dev/null && wait "$HOOKD_PID" 2>/dev/null
	HOOKD_PID=
}

# wait_for NAME COMMAND... : polls (up to 10 s) until the command succeeds.
wait_for() {
	name=$1; shift
	i=0
	while [ $i -lt 200 ]; do
		if "$@" >/dev/null 2>&1; then ok "$name"; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	not_ok "$name" "timed out: $*"
}

# json_get FIELD : a top-level string or number from one JSON line on stdin.
json_get() {
	sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1
}
