#!/bin/sh
# End to end in a real terminal: the console runs in tmux (a private server
# on its own socket, 100x30), keys go in with send-keys, the screen comes
# back with capture-pane, and every wait polls for text (never a fixed
# sleep). Covers every pane, a payout made through the form turning
# COMPLETE from its callback, production, NO_COLOR, TERM=dumb, resizing,
# and hostile callbacks that must neither retitle the pane nor clear it.
. "$(dirname "$0")/lib.sh"
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed (build-aux/deps.sh installs it)"
	exit 0
fi
setup_scratch
install_test_keys
start_loop || { echo "1..0 # SKIP the loop did not start"; exit 0; }
install_fixtures
SOCK="paycon-test-$$"
T="tmux -L $SOCK -f /dev/null"
trap '$T kill-server 2>/dev/null; stop_loop; rm -rf "$SCRATCH"' EXIT
plan 59

# console NAME ARGS... : a new session NAME running paycon (its exit code
# is printed when it ends, and the pane stays for capture).
console() {
	name=$1; shift
	$T new-session -d -s "$name" -x 100 -y 30 \
		"env PAYCON_POLL_MS=0 $* ; echo \"paycon exited \$?\"; exec cat" 2>"$SCRATCH/tmux.err"
}

capture() { $T capture-pane -p -t "$1" 2>/dev/null; }

# wait_screen NAME TEXT [TESTNAME] : polls (up to 10 s) until TEXT shows.
wait_screen() {
	i=0
	while [ $i -lt 400 ]; do
		if capture "$1" | grep -qF -- "$2"; then ok "${3:-$1 shows $2}"; return 0; fi
		i=$((i + 1))
		sleep 0.025
	done
	not_ok "${3:-$1 shows $2}" "screen:" "$(capture "$1")"
	return 1
}

keys() { name=$1; shift; $T send-keys -t "$name" "$@"; }
text() { $T send-keys -t "$1" -l "$2"; }

PC="$PAYCON --config $CONF"

# ---- every pane -----------------------------------------------------------
console main "$PC"
wait_screen main "SANDBOX" "the console starts with the header"
wait_screen main "Balance ₱1,000,000.00" "the balance comes from the sandbox"
for pane in "2:Payouts (" "3:QR codes (" "4:Virtual accounts (" "5:Bank transfers (" "6:Web payments (" \
            "7:Refunds (" "8:Checkout (" "9:Callbacks (" "0:Journal (" "U:UAT checklist" "?:Keys and commands" \
            "1:Balance ("; do
	keys main "${pane%%:*}"
	wait_screen main "${pane#*:}" "pane ${pane#*:} opens with ${pane%%:*}"
done
keys main ':'
text main 'callbacks'
keys main Enter
wait_screen main "Spool " "the palette opens a pane by name"

# ---- a payout through the form, COMPLETE from its callback -----------------
keys main 2 n C-u
text main 'TMUX1'
keys main Tab Tab
text main '250'
keys main Tab
text main '09171234567'
keys main Tab
text main 'Juan Dela Cruz'
keys main Tab
text main 'EWALLET'
keys main Tab Tab
text main 'GCASH'
keys main Enter
wait_screen main "Review this payout before it is sent" "submitting the form opens the review"
wait_screen main "two hundred fifty pesos" "the review says the amount in words"
keys main Enter
wait_screen main "payout TMUX1" "Enter sends it in the sandbox"
wait_screen main "COMPLETE" "the payout turns COMPLETE from its callback, no key pressed"
keys main q
wait_screen main "TMUX1                      ₱250.00 COMPLETE" "the list shows it COMPLETE"

# ---- hostile callbacks: no new title, no cleared screen ---------------------
keys main 9
wait_screen main "Callbacks (" "back to the callbacks pane"
title_before=$($T display -p -t main '#{pane_title}')
printf '{"mchOrderId":"TMUXEVIL\\u001b]0;owned\\u0007\\u001b[2J","amount":1,"eventName":"disbursement.success","sign":"AAAA"}' \
	>"$SCRATCH/evil.json"
curl -s -X POST --data-binary @"$SCRATCH/evil.json" "$HOOK_URL" >/dev/null
printf '{"mchOrderId":"RAWTMUX\033]2;owned\007\033[2J\033[H"}' >"$SCRATCH/raw"
mv "$SCRATCH/raw" "$SPOOL/new/$(($(date +%s) * 1000)).1_9.tmuxtest"
wait_screen main 'TMUXEVIL\x1b]0;own' "the JSON-escaped hostile callback shows, escaped"
keys main g
wait_screen main "malformed" "the raw one is listed as malformed"
title_after=$($T display -p -t main '#{pane_title}')
if [ "$title_after" = "$title_before" ] && ! echo "$title_after" | grep -q owned; then
	ok "the pane title did not change ($title_after)"
else
	not_ok "the pane title did not change" "before: $title_before" "after: $title_after"
fi
if capture main | head -n 1 | grep -q "SANDBOX" && capture main | grep -q "TMUX1"; then
	ok "the screen was not cleared"
else
	not_ok "the screen was not cleared" "$(capture main)"
fi
if $T capture-pane -p -e -t main | grep -q "owned$(printf '\007')"; then
	not_ok "no raw OSC reached the terminal"
else
	ok "no raw OSC reached the terminal"
fi

# ---- callback -> screen latency ------------------------------------------
keys main 2
wait_screen main "Payouts (" "payouts pane for the latency probe"
$PAYCON --config "$CONF" payout create --order-id LAT1 --amount 100 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name 'Juan Dela Cruz' >/dev/null 2>&1
wait_screen main "LAT1" "a payout made from the CLI shows in the console"
start=$(date +%s%N)
printf '{"eventName":"disbursement.success","mchOrderId":"LAT1","amount":100,"transactionStatus":"FAILED"}' \
	>"$SCRATCH/lat.json"
sign_as platform-test.pem "$SCRATCH/lat.json" >"$SCRATCH/lat.body"
start=$(date +%s%N)
mv "$SCRATCH/lat.body" "$SPOOL/new/$(($(date +%s) * 1000 + 999)).1_10.latency"
i=0
while [ $i -lt 2000 ] && ! capture main | grep -q "LAT1 .* FAILED"; do i=$((i + 1)); done
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
if capture main | grep -q "LAT1 .* FAILED"; then
	ok "a callback landing in the spool changes the screen ($ms ms, tmux capture included)"
else
	not_ok "a callback landing in the spool changes the screen" "$(capture main)"
fi
echo "# callback in spool -> screen changed: $ms ms (polling capture-pane)"

# ---- resize ------------------------------------------------------------------
$T resize-window -t main -x 80 -y 24
wait_screen main "Payouts (" "at 80x24 the console still draws"
$T resize-window -t main -x 70 -y 20
wait_screen main "paycon needs at least 80x24; this terminal is 70x20" "smaller: a clear message"
$T resize-window -t main -x 100 -y 30
wait_screen main "Payouts (" "back to 100x30 it recovers"
keys main Q
wait_screen main "paycon exited 0" "Q quits with exit 0"

# ---- production ---------------------------------------------------------------
sed 's/environment = "sandbox"/environment = "production"/; s|base_url = .*|base_url = "https://127.0.0.1:1";|' \
	"$CONF" >"$SCRATCH/prod.conf"
console prod "$PAYCON --config $SCRATCH/prod.conf"
wait_screen prod "!! PRODUCTION !!" "a production profile shows PRODUCTION"
if $T capture-pane -p -e -t prod | head -n 1 | grep -q "$(printf '\033')\[[0-9;]*7[;m]"; then
	ok "PRODUCTION is in reverse video"
else
	not_ok "PRODUCTION is in reverse video" "$($T capture-pane -p -e -t prod | head -n 1 | od -c | head)"
fi
keys prod 2 n C-u
text prod 'PROD1'
keys prod Tab Tab
text prod '500.10'
keys prod Tab
text prod '09171234567'
keys prod Tab
text prod 'Juan Dela Cruz'
keys prod Tab
text prod 'EWALLET'
keys prod Tab Tab
text prod 'GCASH'
keys prod Enter
wait_screen prod "Type the amount exactly as 500.10" "production asks for the typed amount"
keys prod Enter
wait_screen prod "Nothing typed is not 500.10: nothing was sent" "Enter alone sends nothing"
keys prod C-c
wait_screen prod "Cancelled; nothing was sent." "Ctrl-C cancels the review, not the program"
if ! grep -q PROD1 "$XDG_STATE_HOME/paycon/test/journal" 2>/dev/null; then
	ok "nothing reached the journal"
else
	not_ok "nothing reached the journal"
fi
keys prod Q
wait_screen prod "paycon exited 0" "production console quits"

# ---- NO_COLOR and TERM=dumb ----------------------------------------------------
console mono "env NO_COLOR=1 $PC"
wait_screen mono "SANDBOX" "NO_COLOR: the console draws"
if $T capture-pane -p -e -t mono | grep -q "$(printf '\033')\[[0-9;]*3[0-7][;m]"; then
	not_ok "NO_COLOR: no colour codes" "$($T capture-pane -p -e -t mono | head -n 2 | od -c | head)"
else
	ok "NO_COLOR: no colour codes"
fi
keys mono Q
wait_screen mono "paycon exited 0" "NO_COLOR console quits"
console dumb "env TERM=dumb $PC"
wait_screen dumb "cannot move the cursor" "TERM=dumb: a clear message"
wait_screen dumb "paycon exited 2" "TERM=dumb: exit 2, no crash"

# ---- 8 and 256 colours -------------------------------------------------------
sed 's|role = "operator";|role = "operator"; theme = "colorblind";|' "$CONF" >"$SCRATCH/blind.conf"
console c256 "env TERM=screen-256color $PAYCON --config $SCRATCH/blind.conf"
wait_screen c256 "SANDBOX" "256 colours: the console draws"
if $T capture-pane -p -e -t c256 | grep -q "[34]8;5;208"; then
	ok "256 colours: the colour-blind theme's orange (208) is used"
else
	not_ok "256 colours: the colour-blind theme's orange (208) is used" "$($T capture-pane -p -e -t c256 | head -n 1 | od -c | head)"
fi
keys c256 3
wait_screen c256 "QRFIX1" "256 colours: the QR pane"
keys c256 v
wait_screen c256 "QRFIX1  ₱250.00" "256 colours: the QR code alone"
# Dark modules on light whatever the terminal: black (30) on white (47).
if $T capture-pane -p -e -t c256 | grep -q "$(printf '\033')\[30m$(printf '\033')\[47m"; then
	ok "the QR code is drawn black on white"
else
	not_ok "the QR code is drawn black on white" "$($T capture-pane -p -e -t c256 | grep "█" | head -n 1 | od -c | head -n 4)"
fi
keys c256 Q
wait_screen c256 "paycon exited 0" "256 colours: quits"
console c8 "env TERM=screen $PAYCON --config $SCRATCH/blind.conf"
wait_screen c8 "SANDBOX" "8 colours: the console draws"
if $T capture-pane -p -e -t c8 | grep -q "[34]8;5;"; then
	not_ok "8 colours: no 256-colour codes" "$($T capture-pane -p -e -t c8 | head -n 1 | od -c | head)"
else
	ok "8 colours: no 256-colour codes"
fi
keys c8 Q
wait_screen c8 "paycon exited 0" "8 colours: quits"

# ---- Ctrl-C cancels a slow request, not the program ---------------------------
stop_sandbox
start_sandbox --fault latency=8000@statement.payments
write_config "$SCRATCH/slow.conf" sandbox "$SANDBOX_URL"
sed -i "s|spool = .*|spool = \"$SPOOL\";|; s|app_id = .*|app_id = \"test-app\";|" "$SCRATCH/slow.conf"
console slow "$PAYCON --config $SCRATCH/slow.conf"
wait_screen slow "Sending statement.payments" "a slow request says it can be cancelled"
keys slow C-c
wait_screen slow "Cancelled with Ctrl-C: statement.payments did not complete." "Ctrl-C cancels the request"
keys slow 2
wait_screen slow "Payouts (" "and the console goes on"
keys slow Q
wait_screen slow "paycon exited 0" "then quits normally"

# ---- the builtin sandbox was never touched ----------------------------------
[ ! -d "$XDG_STATE_HOME/paycon/sandbox" ] && ok "no built-in sandbox was started" \
	|| not_ok "no built-in sandbox was started"
done_testing
