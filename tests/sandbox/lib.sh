# lib.sh — helpers for the paycon-sandbox tests, on top of the TAP helpers
# of tests/cli/lib.sh.
#
# Source it, call `plan N`, then the checks; every test file starts its own
# sandbox on a free loopback port with freshly generated keys. Requests are
# signed by sbreq.py (openssl dgst + curl); answers are read with jq.
#
# Environment: SANDBOX (the binary; default src/paycon-sandbox of the tree),
# SB_KEEP=1 keeps the scratch directory (logs, state, callbacks) for a look.

: "${SB_TESTS:=$(cd "$(dirname "$0")" && pwd)}"
: "${SANDBOX:=$(cd "$SB_TESTS/../.." && pwd)/src/paycon-sandbox}"
SB_APP=sandbox-test-app
export SB_APP
# The interpreter itself: version-manager shims cost a quarter second a call.
: "${PYTHON:=$(python3 -c 'import sys; print(sys.executable)')}"
. "$(dirname "$0")/../cli/lib.sh"

# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  '$2'" "want: '$3'"; fi
}

# like NAME TEXT PATTERN (grep -E)
like() {
	if printf '%s' "$2" | grep -Eq -- "$3"; then ok "$1"; else not_ok "$1" "got:  '$2'" "want: /$3/"; fi
}

# code_is NAME BODY CODE : the envelope's code.
code_is() {
	got=$(printf '%s' "$2" | jq -r '.code' 2>/dev/null)
	if [ "$got" = "$3" ]; then ok "$1"; else not_ok "$1" "want code $3, got: $2"; fi
}

# jv BODY FILTER : one value out of a JSON text.
jv() { printf '%s' "$1" | jq -r "$2"; }

# table_check : every success answer had exactly the data fields of the
# endpoint table's `response` (the sandbox logs a warning otherwise).
table_check() {
	drift=$(grep -h "does not match the endpoint table" "$SCRATCH/sandbox.log" 2>/dev/null \
		| sed 's/.*warning: //' | sort -u)
	if [ -z "$drift" ]; then ok "every answer has the endpoint table's response fields"; else
		not_ok "every answer has the endpoint table's response fields" "$drift"; fi
}

# ---- scratch, keys, processes ----

SB_PIDS=""

cleanup() {
	for pid in $SB_PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $SB_PIDS; do wait "$pid" 2>/dev/null; done
	if [ -n "${SB_KEEP:-}" ]; then echo "# kept $SCRATCH" >&2; else rm -rf "$SCRATCH"; fi
}

setup() {
	SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/sandbox-test.XXXXXX")
	trap cleanup EXIT
	trap 'exit 1' INT TERM
	make_keys
}

# Merchant and platform key pairs, 2048 bits, owner-only private keys.
make_keys() {
	for who in merchant platform; do
		openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
			-out "$SCRATCH/$who.pem" 2>/dev/null
		chmod 600 "$SCRATCH/$who.pem"
		openssl pkey -in "$SCRATCH/$who.pem" -pubout -out "$SCRATCH/$who.pub" 2>/dev/null
	done
	SB_KEY="$SCRATCH/merchant.pem"
	export SB_KEY
}

# start_sandbox [FLAGS...] : sets SB_URL and SB_PID; the log is $SCRATCH/sandbox.log.
start_sandbox() {
	launch_sandbox "$SB_APP" "$SCRATCH/merchant.pub" "$SCRATCH/platform.pem" "$@"
	_started=$?
	SB_PID=$SANDBOX_PID
	SB_PIDS="$SB_PIDS $SB_PID"
	if [ $_started -ne 0 ]; then
		echo "Bail out! paycon-sandbox did not start: $(tail -n 5 "$SCRATCH/sandbox.log")"
		exit 1
	fi
	SB_URL=$SANDBOX_URL
	export SB_URL
}

# stop_sandbox : SIGTERM and wait; SB_EXIT gets the exit status.
stop_sandbox() {
	kill -TERM "$SB_PID" 2>/dev/null
	wait "$SB_PID"
	SB_EXIT=$?
}

# start_receiver NAME : a callback receiver storing into $SCRATCH/NAME/;
# sets RCV_URL and RCV_DIR.
start_receiver() {
	RCV_DIR="$SCRATCH/$1"
	mkdir -p "$RCV_DIR"
	"$PYTHON" "$SB_TESTS/receiver.py" "$RCV_DIR" >"$SCRATCH/$1.out" 2>"$SCRATCH/$1.err" &
	SB_PIDS="$SB_PIDS $!"
	RCV_URL=$(wait_listening "$SCRATCH/$1.out") || {
		echo "Bail out! receiver did not start"
		exit 1
	}
}

# ---- requests ----

# call METHOD PATH [key=value|key:=json ...] : a signed API request; prints the body.
call() { "$PYTHON" "$SB_TESTS/sbreq.py" "$@"; }

# ctl METHOD PATH [JSON] : a control request; prints the body.
ctl() {
	if [ $# -ge 3 ]; then
		curl -s -S -X "$1" -H 'Content-Type: application/json' --data-binary "$3" "$SB_URL$2"
	else
		curl -s -S -X "$1" "$SB_URL$2"
	fi
}

# ledger FILTER : a value of the sandbox's state.
ledger() { ctl GET /_sandbox/ledger | jq -r "$1"; }

# canonical_of FILE : the canonical string of a flat JSON body.
canonical_of() {
	jq -j 'to_entries | map(select(.key != "sign" and .value != null and .value != ""))
	       | sort_by(.key) | map("\(.key)=\(.value)") | join("&")' "$1"
}

# verify_callback FILE : the body's sign verifies with the platform public key
# (openssl, independent of the sandbox's own code).
verify_callback() {
	canonical_of "$1" >"$1.canonical"
	jq -r .sign "$1" | base64 -d >"$1.sig" 2>/dev/null
	openssl dgst -sha256 -verify "$SCRATCH/platform.pub" -signature "$1.sig" \
		"$1.canonical" >/dev/null 2>&1
}
