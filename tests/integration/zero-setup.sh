#!/bin/sh
# No config at all: paycon runs the whole loop on this machine.
. "$(dirname "$0")/lib.sh"
setup_scratch
trap '"$PAYCON" sandbox down >/dev/null 2>&1; rm -rf "$SCRATCH"' EXIT
plan 12

expect_exit "balance with no config starts the sandbox" 0 "$PAYCON" balance
stderr_has "and says so" "started the local sandbox"
stdout_has "with the default balance" "1,000,000.00"
expect_exit "sandbox status" 0 "$PAYCON" sandbox status
stdout_has "both running" "hookd    running"
expect_exit "a payout" 0 "$PAYCON" payout create --order-id ZERO1 --amount 42 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name 'Juan Dela Cruz'
wait_for "its verified callback shows in tail" sh -c "'$PAYCON' tail --json | grep ZERO1 | grep -q '\"verdict\":\"valid\"'"
expect_exit "info names the built-in profile" 0 "$PAYCON" info
stdout_has "no config file" "built-in sandbox profile"
mode=$(stat -c %a "$XDG_STATE_HOME/paycon/sandbox/merchant.pem")
if [ "$mode" = 600 ]; then ok "generated key is 0600"; else not_ok "generated key mode $mode"; fi
expect_exit "sandbox down" 0 "$PAYCON" sandbox down
expect_exit "status after down: exit 3" 3 "$PAYCON" sandbox status
done_testing
