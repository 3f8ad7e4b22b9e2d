# lib.sh — shared by tests/hookd/*.sh (POSIX sh): TAP output, a scratch
# directory, and starting paycon-hookd on a free loopback port.
#
# $HOOKD names the binary (default: src/paycon-hookd of this source tree).

HOOKD=${HOOKD:-$(cd "$(dirname "$0")/../.." && pwd)/src/paycon-hookd}
T=$(mktemp -d "${TMPDIR:-/tmp}/paycon-hookd-test.XXXXXX") || exit 99
test_n=0
test_failed=0
hookd_pid=

cleanup() {
	if [ -n "$hookd_pid" ]; then
		kill -9 "$hookd_pid" 2>/dev/null
		wait "$hookd_pid" 2>/dev/null
	fi
	chmod -R u+rwx "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

plan() {
	planned=$1
	echo "1..$1"
}

ok() {
	test_n=$((test_n + 1))
	echo "ok $test_n - $1"
}

not_ok() {
	test_n=$((test_n + 1))
	test_failed=$((test_failed + 1))
	echo "not ok $test_n - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
}

# check NAME COMMAND...: ok when the command succeeds.
check() {
	_check_name=$1
	shift
	if "$@"; then ok "$_check_name"; else not_ok "$_check_name" "failed: $*"; fi
}

# Exit status for the harness: 0 only when every planned test ran and passed.
finish() {
	if [ "$test_n" != "$planned" ]; then
		echo "# planned $planned tests but ran $test_n"
		exit 1
	fi
	[ "$test_failed" -eq 0 ]
	exit $?
}

# Polls (never sleeps a fixed time) until COMMAND succeeds, at most ~10 s.
wait_until() {
	_tries=0
	until "$@"; do
		_tries=$((_tries + 1))
		[ $_tries -gt 500 ] && return 1
		sleep 0.02
	done
	return 0
}

if [ ! -x "$HOOKD" ]; then
	echo "1..0 # SKIP no paycon-hookd at $HOOKD (set HOOKD)"
	exit 0
fi
if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP the curl command is needed"
	exit 0
fi

# start_hookd SPOOL [ARGS...]: starts paycon-hookd on 127.0.0.1:0; sets
# hookd_pid, URL (the printed callback URL) and LOG (its stderr). With
# hookd_fsize set, it runs under `ulimit -f $hookd_fsize`.
start_hookd() {
	_spool=$1
	shift
	LOG="$T/hookd.$test_n.log"
	: >"$T/ready"
	(
		[ -n "$hookd_fsize" ] && ulimit -f "$hookd_fsize"
		exec "$HOOKD" --listen 127.0.0.1:0 --spool "$_spool" "$@" >"$T/ready" 2>"$LOG"
	) &
	hookd_pid=$!
	if ! wait_until grep -q '^listening on ' "$T/ready"; then
		echo "# paycon-hookd did not become ready:"
		sed 's/^/#   /' "$LOG"
		return 1
	fi
	URL=$(sed -n 's/^listening on //p' "$T/ready")
	return 0
}

# stop_hookd [SIGNAL]: sends SIGNAL (TERM) and waits; sets hookd_status.
stop_hookd() {
	kill -"${1:-TERM}" "$hookd_pid"
	wait "$hookd_pid"
	hookd_status=$?
	hookd_pid=
}

# post FILE [CURL ARGS...]: POSTs FILE's bytes to $URL; prints the status code.
post() {
	_post_file=$1
	shift
	curl -s -o "$T/answer" -w '%{http_code}' --data-binary @"$_post_file" "$@" "$URL"
}

# The one file in DIR (fails unless there is exactly one).
only_file() {
	set -- "$1"/*
	[ $# -eq 1 ] && [ -f "$1" ] && echo "$1"
}

count_files() {
	ls -A "$1" | wc -l | tr -d ' '
}
