# lib.sh — console tests: the headless screen (PAYCON_SCRIPT, :save-display)
# and a real terminal through tmux. Builds on the integration helpers (a
# sandbox and hookd on free ports, profile "test").
. "$(dirname "$0")/../integration/lib.sh"

TUI_DATA="$TESTS_SRCDIR/tui/data"
TUI_EXPECTED="$TESTS_SRCDIR/tui/expected"
export PAYCON_THEMES_DIR="$TESTS_SRCDIR/../themes" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR PAYCON_TIMING PAYCON_SCRIPT PAYCON_SIZE PAYCON_POLL_MS

# sign_as KEY FILE : FILE's JSON object with a `sign` made with KEY (a
# private key in $SCRATCH/keys), as the sandbox would send it.
sign_as() {
	sed "s|private_key = .*|private_key = \"$SCRATCH/keys/$1\";|" "$CONF" >"$SCRATCH/signer.conf"
	"$PAYCON" --config "$SCRATCH/signer.conf" --json sign "$2" | sed -n 's/.*"body":\(.*\)}$/\1/p'
}

# install_fixtures : the store and journal of profile "test", and callbacks
# in the spool: valid ones, a forged one, and two hostile ones.
install_fixtures() {
	st="$XDG_STATE_HOME/paycon/test"
	mkdir -p "$st" && chmod 700 "$XDG_STATE_HOME/paycon" "$st"
	cp "$TUI_DATA/objects" "$st/objects"
	cp "$TUI_DATA/journal" "$st/journal"
	chmod 600 "$st/objects" "$st/journal"
	for f in "$TUI_DATA"/callbacks/*.fixture; do
		sign_as platform-test.pem "$f" >"$SPOOL/new/$(basename "$f")"
	done
	printf '{"eventName":"disbursement.fail","mchOrderId":"PAID1","amount":25000,"transactionStatus":"FAILED"}' \
		>"$SCRATCH/forged.json"
	sign_as merchant-test.pem "$SCRATCH/forged.json" >"$SPOOL/new/1732183500000.1_3.fixture"
	printf '{"mchOrderId":"EVIL\\u001b]0;owned\\u0007\\u001b[2J","amount":1,"eventName":"disbursement.success","sign":"AAAA"}' \
		>"$SPOOL/new/1732183600000.1_4.fixture"
	printf '{"mchOrderId":"RAWEVIL\033]0;owned\007\033[2J"}' >"$SPOOL/new/1732183700000.1_5.fixture"
}

# mask FILE : volatile parts of a saved display made constant (clock, dates,
# latency, ports, scratch paths, sandbox transaction ids).
mask() {
	sed -e "s|$SCRATCH|SCRATCH|g" \
	    -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/hh:mm:ss/g' \
	    -e 's/[0-9][0-9]:[0-9][0-9]/hh:mm/g' \
	    -e 's/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]/YYYY-MM-DD/g' \
	    -e 's/[0-9][0-9]-[0-9][0-9] hh:mm/MM-DD hh:mm/g' \
	    -e 's/127\.0\.0\.1:[0-9]*/127.0.0.1:PORT/g' \
	    -e 's/D1007[0-9]\{15\}/D1<sandbox-id>/g' \
	    -e 's/hh:mm:ss\.[0-9]\{3\}Z/hh:mm:ss.mmmZ/g' \
	    -e 's|sign: [A-Za-z0-9+/=]*…|sign: <sign>…|' \
	    -e '1s/ok [0-9.]* ms */ok N ms /' -e '1s/  */ /g' "$1"
}

# run_keys NAME [ARGS...] : runs tests/tui/scripts/NAME.keys headless (its
# @OUT@ is the directory for saved displays); passes when paycon exits 0.
# PAYCON_SIZE defaults to 100x30; env set by the caller passes through.
run_keys() {
	name=$1; shift
	OUT="$SCRATCH/screens"
	mkdir -p "$OUT"
	sed "s|@OUT@|$OUT|g" "$TESTS_SRCDIR/tui/scripts/$name.keys" >"$SCRATCH/$name.keys"
	if PAYCON_POLL_MS=${PAYCON_POLL_MS:-0} PAYCON_SIZE=${PAYCON_SIZE:-100x30} \
	   PAYCON_SCRIPT="$SCRATCH/$name.keys" "$PAYCON" "$@" >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err"; then
		ok "$name: the script runs"
	else
		not_ok "$name: the script runs" "stderr: $(head -c 600 "$SCRATCH/$name.err")"
	fi
}

# screen NAME : the saved display NAME.txt matches expected/NAME.txt once
# masked. PAYCON_UPDATE_EXPECTED=1 rewrites the expected file instead.
screen() {
	got="$SCRATCH/screens/$1.txt"
	want="$TUI_EXPECTED/$1.txt"
	if [ ! -f "$got" ]; then
		not_ok "screen $1" "no display saved"
		return
	fi
	mask "$got" >"$SCRATCH/masked.txt"
	if [ "${PAYCON_UPDATE_EXPECTED:-}" = 1 ]; then
		cp "$SCRATCH/masked.txt" "$want"
	fi
	if cmp -s "$SCRATCH/masked.txt" "$want"; then
		ok "screen $1"
	else
		not_ok "screen $1" "differs from tests/tui/expected/$1.txt:" \
			"$(diff "$want" "$SCRATCH/masked.txt" | head -n 20)"
	fi
}

# screen_has NAME TEXT : the saved display contains TEXT.
screen_has() {
	if grep -qF -- "$2" "$SCRATCH/screens/$1.txt" 2>/dev/null; then ok "$1 shows $2"; else not_ok "$1 shows $2"; fi
}
