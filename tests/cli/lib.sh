# lib.sh — TAP helpers for paycon's shell tests. Source it, call plan N,
# then ok/not_ok through the check helpers; finish with done_testing.
#
# Environment (set by `make check`): PAYCON (the binary), TESTS_SRCDIR.

: "${PAYCON:=$(cd "$(dirname "$0")/../.." && pwd)/src/paycon}"
: "${TESTS_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"

tap_n=0
tap_failed=0

plan() {
	tap_planned=$1
	echo "1..$1"
}

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '# %s\n' "$line"; done
}

# check NAME COMMAND... : passes when the command exits 0.
check() {
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}

# A private scratch area with its own XDG dirs, removed at exit.
setup_scratch() {
	SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/paycon-test.XXXXXX")
	trap 'rm -rf "$SCRATCH"' EXIT
	export XDG_CONFIG_HOME="$SCRATCH/config" XDG_STATE_HOME="$SCRATCH/state"
	export HOME="$SCRATCH/home"
	unset PAYCON_CONFIG PAYCON_NOW_MS
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$HOME"
}

# Copies the fixed test keys into the scratch area with owner-only modes
# (git does not keep file modes).
install_test_keys() {
	mkdir -p "$SCRATCH/keys"
	cp "$TESTS_SRCDIR/data/merchant-test.pem" "$TESTS_SRCDIR/data/merchant-test.pub" \
	   "$TESTS_SRCDIR/data/platform-test.pem" "$TESTS_SRCDIR/data/platform-test.pub" "$SCRATCH/keys/"
	chmod 600 "$SCRATCH/keys/"*.pem
}

# write_config FILE ENV BASE_URL [ROLE] : one profile named "test".
write_config() {
	cat >"$1" <<CONF
default_profile = "test";
profiles = {
  test = {
    environment = "$2";
    base_url = "$3";
    app_id = "f90addc4861540ef9312e87d8f360e08";
    app_name = "paycon test shop";
    private_key = "$SCRATCH/keys/merchant-test.pem";
    platform_public_key = "$SCRATCH/keys/platform-test.pub";
    spool = "$SCRATCH/spool";
    role = "${4:-operator}";
  };
};
CONF
}

# expect_exit NAME CODE COMMAND... : the command exits with CODE.
expect_exit() {
	name=$1; want=$2; shift 2
	"$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$name"
	else
		not_ok "$name" "exit $got, wanted $want: $*" "stderr: $(head -c 400 "$SCRATCH/err")"
	fi
}

# stderr_has NAME TEXT : the last expect_exit's stderr contains TEXT.
stderr_has() {
	if grep -qF -- "$2" "$SCRATCH/err"; then ok "$1"; else not_ok "$1" "stderr lacks: $2" "stderr: $(head -c 400 "$SCRATCH/err")"; fi
}

stdout_has() {
	if grep -qF -- "$2" "$SCRATCH/out"; then ok "$1"; else not_ok "$1" "stdout lacks: $2" "stdout: $(head -c 400 "$SCRATCH/out")"; fi
}

# wait_until COMMAND... : polls (never sleeps a fixed time) until the
# command succeeds, at most ~15 s; fails when it never does.
wait_until() {
	_wait_tries=0
	until "$@"; do
		_wait_tries=$((_wait_tries + 1))
		[ $_wait_tries -ge 750 ] && return 1
		sleep 0.02
	done
	return 0
}

# wait_for NAME COMMAND... : ok once the command succeeds (output hidden),
# not ok when it never does within wait_until's time.
wait_for() {
	_wait_name=$1; shift
	if wait_until "$@" >/dev/null 2>&1; then ok "$_wait_name"; return 0; fi
	not_ok "$_wait_name" "timed out: $*"
	return 1
}

# wait_listening FILE : prints the URL once a program (sandbox, hookd,
# receiver) has written "listening on URL" into FILE.
wait_listening() {
	if wait_until grep -q '^listening on http' "$1" 2>/dev/null; then
		sed -n 's/^listening on \(https\{0,1\}:[^ ]*\).*/\1/p' "$1" | head -n 1
		return 0
	fi
	echo "never started: $(cat "$1" 2>/dev/null)" >&2
	return 1
}

# launch_sandbox APP_ID MERCHANT_PUB PLATFORM_PEM [FLAGS...] : starts
# $SANDBOX on a free loopback port, stdout in $SCRATCH/sandbox.out and
# stderr added to $SCRATCH/sandbox.log; sets SANDBOX_PID and SANDBOX_URL.
launch_sandbox() {
	_sb_app=$1 _sb_pub=$2 _sb_pem=$3
	shift 3
	: >"$SCRATCH/sandbox.out"
	"$SANDBOX" --listen 127.0.0.1:0 --app-id "$_sb_app" --merchant-public-key "$_sb_pub" \
		--platform-private-key "$_sb_pem" "$@" >"$SCRATCH/sandbox.out" 2>>"$SCRATCH/sandbox.log" &
	SANDBOX_PID=$!
	SANDBOX_URL=$(wait_listening "$SCRATCH/sandbox.out")
}

done_testing() {
	[ "$tap_failed" -eq 0 ]
}
