#!/bin/sh
# Exit codes of each command class (paycon(1) EXIT STATUS), and that nothing
# is sent when paycon refuses. Server answers (exit 1) are covered by the
# integration tests against the sandbox.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
# Port 1 on loopback: nothing listens, so any send fails with "refused".
write_config "$SCRATCH/conf" uat http://127.0.0.1:1
P="$PAYCON --config $SCRATCH/conf"
REFUND="refund create --refund-id RF1 --original C1175676368800878371 --amount 10 --callback-url https://shop.example.ph/refund"
PAYOUT="payout create --order-id ORD1 --amount 500.10 --method EWALLET --ewallet GCASH --account-no 09171234567 --account-name Juan"
plan 32

expect_exit "no command: usage, exit 2" 2 "$PAYCON"
expect_exit "--help: exit 0" 0 "$PAYCON" --help
stdout_has "--help lists payout create" "payout create"
expect_exit "unknown command: exit 2" 2 $P frobnicate
expect_exit "group without verb: exit 2" 2 $P payout
stderr_has "lists the verbs" "paycon payout status"
expect_exit "command --help: exit 0" 0 $P payout create --help
stdout_has "help comes from the endpoint table" "--idempotency-id"

expect_exit "missing fields: exit 2" 2 $P --dry-run payout create --order-id ORD1
stderr_has "names accountNo" "accountNo"
stderr_has "names payMethodCode" "payMethodCode"
expect_exit "bad amount: exit 2" 2 $P --dry-run payout create --order-id ORD1 --amount 5.001 --method EWALLET --ewallet GCASH --account-no 09171234567 --account-name Juan
stderr_has "says what is wrong with it" "more than two decimals"
expect_exit "amount below the minimum: exit 2" 2 $P --dry-run payout create --order-id ORD1 --amount 0.50 --method EWALLET --ewallet GCASH --account-no 09171234567 --account-name Juan
expect_exit "unknown option: exit 2" 2 $P --dry-run payout status ORD1 --colour red
expect_exit "an amount given twice: exit 2" 2 $P --dry-run payout create --order-id ORD1 --amount 1 --amount 2 --method EWALLET --ewallet GCASH --account-no 09171234567 --account-name Juan
stderr_has "and says so" "given twice"

expect_exit "transport failure: exit 3" 3 $P balance
expect_exit "payout that cannot connect: exit 3" 3 $P $PAYOUT
stderr_has "and says nothing was sent" "nothing was sent"
expect_exit "journal lists it" 0 $P journal
stdout_has "as not sent" "not_sent"

write_config "$SCRATCH/viewer" uat http://127.0.0.1:1 viewer
expect_exit "viewer role: payout refused, exit 2" 2 $PAYCON --config "$SCRATCH/viewer" $PAYOUT
stderr_has "because of the role" "viewer role"
expect_exit "viewer role: refund refused, exit 2" 2 $PAYCON --config "$SCRATCH/viewer" $REFUND
stderr_has "before anything is sent" "viewer role"
expect_exit "--readonly refuses a QR create" 2 $P --readonly qr create --order-id Q1 --channel QRPH_STATIC_QR --customer Ana
expect_exit "--readonly still reads (balance: exit 3, no server)" 3 $P --readonly balance

write_config "$SCRATCH/prod" production https://127.0.0.1:1
expect_exit "production payout without a terminal: exit 4" 4 setsid -w $PAYCON --config "$SCRATCH/prod" $PAYOUT </dev/null
expect_exit "production refund without a terminal: exit 4" 4 setsid -w $PAYCON --config "$SCRATCH/prod" $REFUND </dev/null
expect_exit "production --yes without explicit --profile: exit 4" 4 setsid -w $PAYCON --config "$SCRATCH/prod" --yes $PAYOUT </dev/null
expect_exit "production --yes --profile: sent (exit 3, nothing listens)" 3 setsid -w $PAYCON --config "$SCRATCH/prod" --yes --profile test $PAYOUT </dev/null
done_testing
