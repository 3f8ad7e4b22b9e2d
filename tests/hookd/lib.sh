# lib.sh — shared by tests/hookd/*.sh (POSIX sh): a scratch directory and
# starting paycon-hookd on a free loopback port, on top of the TAP helpers
# of tests/cli/lib.sh.
#
# $HOOKD names the binary (default: src/paycon-hookd of this source tree).

. "$(dirname "$0")/../cli/lib.sh"
HOOKD=${HOOKD:-$(cd "$(dirname "$0")/../.." && pwd)/src/paycon-hookd}
T=$(mktemp -d "${TMPDIR:-/tmp}/paycon-hookd-test.XXXXXX") || exit 99
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

# check NAME COMMAND...: ok when the command succeeds. Unlike tests/cli's
# check it leaves the command's output alone and sets no variable the
# command may read (the tests check with functions that read $name).
check() {
	_check_name=$1
	shift
	if "$@"; then ok "$_check_name"; else not_ok "$_check_name" "failed: $*"; fi
}

# Exit status for the harness: 0 only when every planned test ran and passed.
finish() {
	if [ "$tap_n" != "$tap_planned" ]; then
		echo "# planned $tap_planned tests but ran $tap_n"
		exit 1
	fi
	done_testing
	exit $?
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
	LOG="$T/hookd.$tap_n.log"
	: >"$T/ready"
	(
		[ -n "$hookd_fsize" ] && ulimit -f "$hookd_fsize"
		exec "$HOOKD" --listen 127.0.0.1:0 --spool "$_spool" "$@" >"$T/ready" 2>"$LOG"
	) &
	hookd_pid=$!
	if ! URL=$(wait_listening "$T/ready" 2>/dev/null); then
		echo "# paycon-hookd did not become ready:"
		sed 's/^/#   /' "$LOG"
		return 1
	fi
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
