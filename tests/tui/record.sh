#!/bin/sh
# `paycon --record FILE.cast` in a real terminal (tmux, private socket):
# the console opens a pane and quits, and the file is an asciicast v2
# recording of it (checked with jq): a header with the size, then
# [time, "o", text] events in order that contain what was shown. The file
# is owner-only and an existing one is never overwritten. No server is
# needed: the profile points at a closed port.
. "$(dirname "$0")/../cli/lib.sh"
if ! command -v tmux >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux or jq is not installed (build-aux/deps.sh installs them)"
	exit 0
fi
setup_scratch
install_test_keys
mkdir -p "$SCRATCH/spool"
CONF="$SCRATCH/paycon.conf"
write_config "$CONF" sandbox "http://127.0.0.1:9"
export PAYCON_THEMES_DIR="$TESTS_SRCDIR/../themes" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR PAYCON_TIMING PAYCON_SCRIPT PAYCON_SIZE
SOCK="paycon-record-$$"
T="tmux -L $SOCK -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$SCRATCH"' EXIT
CAST="$SCRATCH/session.cast"
plan 15

capture() { $T capture-pane -p -t "$1" 2>/dev/null; }

# wait_screen NAME TEXT TESTNAME : polls (up to 10 s) until TEXT shows.
wait_screen() {
	i=0
	while [ $i -lt 400 ]; do
		if capture "$1" | grep -qF -- "$2"; then ok "$3"; return 0; fi
		i=$((i + 1))
		sleep 0.025
	done
	not_ok "$3" "screen:" "$(capture "$1")"
	return 1
}

$T new-session -d -s rec -x 90 -y 28 \
	"env PAYCON_POLL_MS=0 $PAYCON --record $CAST --config $CONF; echo \"paycon exited \$?\"; exec cat" \
	2>"$SCRATCH/tmux.err"
wait_screen rec "SANDBOX" "the recorded console starts"
$T send-keys -t rec '?'
wait_screen rec "Keys and commands" "a pane opens in the recorded console"
$T send-keys -t rec q
$T send-keys -t rec q
wait_screen rec "paycon exited 0" "the console quits and paycon exits 0"

if head -n 1 "$CAST" | jq -e '.version == 2 and .width == 90 and .height == 28 and (.timestamp | type) == "number"
		and (.env | has("TERM"))' >/dev/null 2>&1; then
	ok "the first line is an asciicast v2 header with the terminal's size"
else
	not_ok "the first line is an asciicast v2 header with the terminal's size" "$(head -n 1 "$CAST")"
fi
n=$(tail -n +2 "$CAST" | wc -l)
if tail -n +2 "$CAST" | jq -s -e 'length > 0 and all(.[]; type == "array" and length == 3
		and (.[0] | type) == "number" and .[1] == "o" and (.[2] | type) == "string")' >/dev/null 2>&1; then
	ok "every event is [time, \"o\", text] ($n events)"
else
	not_ok "every event is [time, \"o\", text]" "events: $n" "$(tail -n +2 "$CAST" | head -n 3)"
fi
if tail -n +2 "$CAST" | jq -s -e '[.[][0]] as $t | all(range(1; $t | length); $t[.] >= $t[. - 1])' >/dev/null; then
	ok "event times never go back"
else
	not_ok "event times never go back"
fi
text=$(tail -n +2 "$CAST" | jq -r -j '.[2]')
case $text in
*"Keys and commands"*) ok "the recorded output holds the pane's title" ;;
*) not_ok "the recorded output holds the pane's title" ;;
esac
case $text in
*"SANDBOX"*) ok "the recorded output holds the header" ;;
*) not_ok "the recorded output holds the header" ;;
esac
mode=$(stat -c %a "$CAST")
if [ "$mode" = 600 ]; then ok "the recording is owner-only (0600)"; else not_ok "the recording is owner-only" "mode $mode"; fi

# An existing file is refused before the console starts, and left alone.
before=$(cksum <"$CAST")
$T new-session -d -s again -x 90 -y 28 \
	"$PAYCON --record $CAST --config $CONF; echo \"paycon exited \$?\"; exec cat" 2>>"$SCRATCH/tmux.err"
wait_screen again "paycon exited 2" "recording over an existing file exits 2"
if capture again | grep -q "already exists" && [ "$(cksum <"$CAST")" = "$before" ]; then
	ok "it says the file exists and leaves it untouched"
else
	not_ok "it says the file exists and leaves it untouched" "$(capture again)"
fi
# A command is not the console: --record with one is a usage error.
"$PAYCON" --record "$SCRATCH/cmd.cast" --config "$CONF" info </dev/null >/dev/null 2>"$SCRATCH/cmd.err"
rc=$?
if [ $rc = 2 ] && [ ! -e "$SCRATCH/cmd.cast" ] && grep -q -- "--record" "$SCRATCH/cmd.err"; then
	ok "--record with a command is a usage error (exit 2)"
else
	not_ok "--record with a command is a usage error (exit 2)" "exit $rc" "$(cat "$SCRATCH/cmd.err")"
fi

# A key passphrase is typed with echo off on /dev/tty, which is the
# pseudo-terminal: the prompt is recorded, the passphrase never is.
openssl pkcs8 -topk8 -in "$SCRATCH/keys/merchant-test.pem" -v2 aes-256-cbc \
	-passout pass:Rec0rdSecret42 -out "$SCRATCH/keys/encrypted.pem" 2>/dev/null
chmod 600 "$SCRATCH/keys/encrypted.pem"
sed "s|merchant-test.pem|encrypted.pem|" "$CONF" >"$SCRATCH/encrypted.conf"
$T new-session -d -s secret -x 90 -y 28 \
	"env PAYCON_POLL_MS=0 $PAYCON --record $SCRATCH/secret.cast --config $SCRATCH/encrypted.conf; echo \"paycon exited \$?\"; exec cat" \
	2>>"$SCRATCH/tmux.err"
wait_screen secret "passphrase for" "the recorded console asks for the key passphrase"
$T send-keys -t secret -l Rec0rdSecret42
$T send-keys -t secret Enter
wait_screen secret "SANDBOX" "the key opens and the console starts"
$T send-keys -t secret q
i=0
while [ $i -lt 400 ] && ! capture secret | grep -q "paycon exited"; do i=$((i + 1)); sleep 0.025; done
if grep -q "passphrase for" "$SCRATCH/secret.cast" && ! grep -q "Rec0rdSecret42" "$SCRATCH/secret.cast"; then
	ok "the prompt is in the recording, the passphrase is not"
else
	not_ok "the prompt is in the recording, the passphrase is not" "$(capture secret)"
fi
done_testing
