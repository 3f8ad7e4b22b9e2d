#!/bin/sh
# Headless screen tests, as tig's: key scripts (tests/tui/scripts) drive the
# console with PAYCON_SCRIPT, `:save-display` writes each screen as text,
# and every pane's screens are compared with tests/tui/expected. The store,
# journal and spool hold fixtures (tests/tui/data); a real sandbox answers
# the balance, statements and the payout made through the form.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
start_loop || { echo "1..0 # SKIP the loop did not start"; exit 0; }
install_fixtures
P="$PAYCON --config $CONF"
plan 85

# Every pane, its detail views, help and the pane list.
run_keys panes --config "$CONF"
for s in balance payouts payout-detail qr qr-detail qr-view va va-detail transfers web refunds \
         checkout callbacks callback-valid callback-forged callback-escaped callback-raw journal \
         journal-detail uat help help-2 pane-list; do
	screen "$s"
done
if grep -q "$(printf '\033')" "$SCRATCH"/screens/callback-*.txt; then
	not_ok "no raw ESC reaches the screen"
else
	ok "no raw ESC reaches the screen"
fi

# Keys before the backlog: the callbacks pane opens before the spool is read.
run_keys backlog --config "$CONF"
screen_has backlog-first "reading the callbacks there at start"
screen_has backlog-loaded "Callbacks (5)"
if grep -q "reading the callbacks" "$SCRATCH/screens/backlog-loaded.txt" 2>/dev/null; then
	not_ok "after :wait-loaded the spool is read"
else
	ok "after :wait-loaded the spool is read"
fi

# Filter, palette, form validation, review, cancel.
run_keys interaction --config "$CONF"
for s in filter-typing filter-kept palette unknown-command form-amount form-submit review review-back \
         cancelled; do
	screen "$s"
done
[ -f "$XDG_STATE_HOME/paycon/test/console-history" ] && grep -q frob "$XDG_STATE_HOME/paycon/test/console-history" \
	&& ok "the palette keeps a history in the state directory" || not_ok "palette history"

# A payout through the form against the sandbox turns COMPLETE from its callback.
run_keys live --config "$CONF"
screen payout-live
screen_has payout-live "COMPLETE"
grep -q '"key":"LIVE1"' "$XDG_STATE_HOME/paycon/test/journal" && ok "the payout went through the journal" \
	|| not_ok "the payout went through the journal"

# A form for each kind of object, against the sandbox.
run_keys forms --config "$CONF"
screen_has form-qr "QR version"
screen_has form-qr "qr QRF1"
screen_has form-qr-payments "Get QR Code Payments"
screen_has form-va "va VAF1"
screen_has form-va "referenceNumber"
screen_has form-transfer "transfer TRF1"
screen_has form-web "web WEBF1"
screen_has form-refund "* originalTransactionId    C1"
screen_has form-refund "* refundAmount (pesos)     1500.00"
screen_has form-refund-review "one thousand five hundred pesos"
screen_has form-refund-sent "Refused: PayCools error 1516"
screen_has form-checkout "checkout CHKF000001"
screen_has form-lookup "payout LIVE1"

# Read-only: the viewer role refuses writes at dispatch; the UI cannot lower it.
run_keys readonly --config "$CONF" --readonly
screen readonly
screen readonly-help

# Production: unmistakable, and the amount must be typed.
sed 's/environment = "sandbox"/environment = "production"/; s|base_url = .*|base_url = "https://127.0.0.1:1";|' \
	"$CONF" >"$SCRATCH/prod.conf"
run_keys production --config "$SCRATCH/prod.conf"
screen production-review
screen production-mistyped
screen production-quit
NO_COLOR=1 run_keys production --config "$SCRATCH/prod.conf"
screen_has production-review "!! PRODUCTION !!"

# A terminal below 80x24 gets a clear message, even under NO_COLOR.
PAYCON_SIZE=60x20 NO_COLOR=1 run_keys small --config "$SCRATCH/prod.conf"
screen small

# Without a UTF-8 locale: PHP for the peso sign, the QR code in "##".
LC_ALL=C LANG=C run_keys ascii --config "$CONF"
screen ascii-qr

# The gentle poll reconciles the UNKNOWN payout of the journal.
PAYCON_POLL_MS=100 run_keys poll --config "$CONF"
screen_has poll "UNK1                       ₱700.00 ABSENT"

# The CLI's objects show in the console.
expect_exit "payout created from the CLI" 0 $P payout create --order-id CLI1 --amount 100 --method EWALLET \
	--ewallet GCASH --account-no 09171234567 --account-name 'Juan Dela Cruz'
run_keys cli-objects --config "$CONF"
screen_has cli-objects "CLI1"

# The UAT checklist: list, one automatable item against the sandbox, its evidence.
run_keys uat --config "$CONF"
for s in uat-list uat-run uat-evidence; do
	screen "$s"
done
grep -q '"balance"' "$XDG_STATE_HOME/paycon/test/uat.json" 2>/dev/null \
	&& ok "the item's result is kept in the state directory" || not_ok "uat.json keeps the result"
run_keys uat-readonly --config "$CONF" --readonly
screen_has uat-readonly "read-only: run-item would change data at PayCools and is refused"

# Where the console cannot draw, it says so and exits 2.
TERM=dumb "$PAYCON" --config "$CONF" console </dev/null >/dev/null 2>"$SCRATCH/err"
[ $? -eq 2 ] && ok "no terminal: exit 2" || not_ok "no terminal: exit 2"
stderr_has "and says why" "needs a terminal"
done_testing
