# lib.sh — integration tests: a real paycon-sandbox and paycon-hookd on free
# loopback ports, and a config whose profile points at them.
. "$(dirname "$0")/../cli/lib.sh"
: "${SANDBOX:=$(dirname "$PAYCON")/paycon-sandbox}"
: "${HOOKD:=$(dirname "$PAYCON")/paycon-hookd}"

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

# begin_loop [SANDBOX_FLAGS...] : a test's start: scratch area, test keys,
# the loop (or a TAP skip when it cannot start) and P, paycon on its config.
begin_loop() {
	setup_scratch
	install_test_keys
	start_loop "$@" || { echo "1..0 # SKIP the loop did not start"; exit 0; }
	P="$PAYCON --config $CONF"
}

start_sandbox() {
	launch_sandbox test-app "$SCRATCH/keys/merchant-test.pub" "$SCRATCH/keys/platform-test.pem" \
		--webhook "$HOOK_URL" --state "$SCRATCH/sandbox-state.json" \
		--settle-ms 100 --callback-retry-ms 50 "$@"
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

# json_get FIELD : a top-level string or number from one JSON line on stdin.
json_get() {
	sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1
}
