#!/bin/sh
# The whole loop: a payout settles, the sandbox signs its callback, hookd
# stores it, `paycon tail` verifies it. Forged and hostile callbacks are
# listed with their verdict and never reach the terminal raw.
. "$(dirname "$0")/lib.sh"
begin_loop
plan 17

expect_exit "payout create" 0 $P payout create --order-id LOOP1 --amount 250 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name 'Juan Dela Cruz'
wait_for "its callback lands in the spool" sh -c "ls '$SPOOL/new' | grep -q ."
wait_for "tail --json: disbursement.success, valid" sh -c \
	"$P tail --json | grep '\"event\":\"disbursement.success\"' | grep -q '\"verdict\":\"valid\"'"
expect_exit "tail (text)" 0 $P tail
stdout_has "one line: verdict, event, order, amount, status" "valid     disbursement.success LOOP1"
stdout_has "amount in pesos" "250.00"

expect_exit "a failing payout" 0 $P payout create --order-id LOOP2 --amount 100 --method EWALLET --ewallet GCASH \
	--account-no 09170000000 --account-name 'Juan Dela Cruz'
wait_for "its callback says FAILED -10005" sh -c "$P tail --json | grep -q '\"failedCode\":-10005'"

# A callback signed with the merchant key instead of the platform key.
canon='amount=100&eventName=disbursement.success&mchOrderId=FORGED&transactionStatus=COMPLETE'
sig=$(printf '%s' "$canon" | openssl dgst -sha256 -sign "$SCRATCH/keys/merchant-test.pem" | openssl base64 -A)
curl -s -X POST --data-binary \
	"{\"mchOrderId\":\"FORGED\",\"amount\":100,\"transactionStatus\":\"COMPLETE\",\"eventName\":\"disbursement.success\",\"sign\":\"$sig\"}" \
	"$HOOK_URL" >/dev/null
wait_for "the forged callback is listed as invalid" sh -c "$P tail --json | grep FORGED | grep -q '\"verdict\":\"invalid\"'"
$P tail >"$SCRATCH/out" 2>&1
stdout_has "with its reason" "does not match"

# Hostile text: an OSC title change and a clear-screen in a field, JSON-escaped
# (valid JSON, so hookd stores it) and raw (a file dropped into the spool).
printf '{"mchOrderId":"EVIL\\u001b]0;owned\\u0007\\u001b[2J","amount":1,"eventName":"disbursement.success","sign":"AAAA"}' >"$SCRATCH/evil.json"
curl -s -X POST --data-binary @"$SCRATCH/evil.json" "$HOOK_URL" >/dev/null
printf '{"mchOrderId":"RAWEVIL\033]0;owned\007\033[2J"}' >"$SPOOL/new/1700000000000.1_1.elsewhere"
wait_for "the hostile callback is listed" sh -c "$P tail | grep -q EVIL"
$P tail >"$SCRATCH/out" 2>&1
if grep -q "$(printf '\033')" "$SCRATCH/out"; then not_ok "tail printed a raw ESC"; else ok "tail prints no raw ESC"; fi
stdout_has "escapes are shown escaped" 'EVIL\x1b]0;owned\x07\x1b[2J'
stdout_has "a raw control byte makes the body malformed" 'malformed'
$P tail --json >"$SCRATCH/out" 2>&1
if grep -q "$(printf '\033')" "$SCRATCH/out"; then not_ok "tail --json printed a raw ESC"; else ok "tail --json prints no raw ESC"; fi

# --follow prints a callback as it lands.
$P tail --follow --json >"$SCRATCH/follow" 2>&1 &
follow_pid=$!
$P payout create --order-id LOOP3 --amount 100 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name 'Juan Dela Cruz' >/dev/null 2>&1
wait_for "tail --follow prints the new callback" grep -q LOOP3 "$SCRATCH/follow"
kill "$follow_pid" 2>/dev/null; wait "$follow_pid" 2>/dev/null
n=$(ls "$SPOOL/new" | wc -l)
if [ "$n" -ge 5 ]; then ok "tail never removed a spool file ($n files)"; else not_ok "spool has $n files"; fi
done_testing
