#!/bin/sh
# The sandbox keeps its state across a restart; paycon settles what it
# could not see while the sandbox was down.
. "$(dirname "$0")/lib.sh"
begin_loop
plan 9

expect_exit "payout create" 0 $P payout create --order-id KEEP1 --amount 100 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name Juan
expect_exit "qr create" 0 $P qr create --order-id KEEPQR --channel QRPH_STATIC_QR --customer Ana
stop_sandbox
expect_exit "while the sandbox is down: transport failure" 3 $P payout status KEEP1
expect_exit "a payout that cannot connect is not sent" 3 $P payout create --order-id KEEP2 --amount 100 \
	--method EWALLET --ewallet GCASH --account-no 09171234567 --account-name Juan
start_sandbox
sed -i "s|base_url = .*|base_url = \"$SANDBOX_URL\";|" "$CONF"
expect_exit "after restart: the payout is still there" 0 $P --json payout status KEEP1
stdout_has "with its order id" '"mchOrderId":"KEEP1"'
expect_exit "the QR code too" 0 $P qr show KEEPQR
expect_exit "the unsent payout goes out now with the same ids" 0 $P --json payout create --order-id KEEP2 --amount 100 \
	--method EWALLET --ewallet GCASH --account-no 09171234567 --account-name Juan
stdout_has "accepted" '"result":"accepted"'
done_testing
