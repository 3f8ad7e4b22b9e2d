#!/bin/sh
# Every paycon command against a real paycon-sandbox and paycon-hookd:
# at least one success each, read back through --json.
. "$(dirname "$0")/lib.sh"
begin_loop
plan 53

expect_exit "balance" 0 $P balance
stdout_has "balance in pesos" "₱1,000,000.00"
expect_exit "balance --json" 0 $P --json balance
stdout_has "balance in centavos" '"balance":100000000'
expect_exit "statement payments" 0 $P statement payments --date "$(date +%F)"
expect_exit "statement payouts" 0 $P statement payouts --date "$(date +%F)" --by complete

# Payouts: create, status, settle.
expect_exit "payout create" 0 $P --json payout create --order-id PO1 --amount 500.10 --method EWALLET \
	--ewallet GCASH --account-no 09171234567 --account-name 'Juan Dela Cruz'
stdout_has "accepted PENDING" '"result":"accepted"'
expect_exit "payout status" 0 $P --json payout status PO1
stdout_has "status names the order" '"mchOrderId":"PO1"'
wait_for "payout settles COMPLETE" sh -c "$P --json payout status PO1 | grep -q '\"transactionStatus\":\"COMPLETE\"'"
expect_exit "bank payout" 0 $P payout create --order-id PO2 --amount 1000 --method BANK --bank UBP \
	--account-no 109876543210 --account-name 'Ma. Clara Santos'

# QR codes.
expect_exit "qr create (static)" 0 $P --json qr create --order-id QR1 --channel QRPH_STATIC_QR --customer 'Ana Reyes'
stdout_has "QRPh content" '"qrcodeContent":"000201'
expect_exit "qr create (dynamic)" 0 $P qr create --order-id QR2 --channel QRPH_DYNAMIC_QR --customer 'Ana Reyes' --amount 250
expect_exit "qr show" 0 $P --json qr show QR1
stdout_has "ACTIVE" '"status":"ACTIVE"'
expect_exit "qr update" 0 $P qr update QR1 --customer 'Ana M. Reyes' --email ana@example.ph
expect_exit "sandbox trigger qr-pay" 0 $P --json sandbox trigger qr-pay QR1 --amount 300
QR_TXN=$(json_get transactionId <"$SCRATCH/out")
expect_exit "qr payments" 0 $P --json qr payments QR1 --from "$(date -d yesterday +%F)" --to "$(date -d tomorrow +%F)"
stdout_has "lists the payment" "$QR_TXN"
expect_exit "qr cancel" 0 $P --json qr cancel QR2
stdout_has "INACTIVE" '"status":"INACTIVE"'

# Static VAs.
expect_exit "va create" 0 $P --json va create --order-id VA1 --channel GCASH_STATIC_VA --customer 'Pedro Penduko' --email p@example.ph
stdout_has "reference number" '"referenceNumber"'
expect_exit "va batch-create" 0 $P va batch-create --order-id VA2 --channel GCASH_STATIC_VA,PAYMAYA_STATIC_VA --customer 'Pedro Penduko' --email p@example.ph
expect_exit "va update" 0 $P va update VA2 --channel GCASH_STATIC_VA,7ELEVEN_STATIC_VA
expect_exit "sandbox trigger va-pay" 0 $P sandbox trigger va-pay VA1 --channel GCASH_STATIC_VA --amount 150
expect_exit "va payments" 0 $P --json va payments VA1 --from "$(date -d yesterday +%F)" --to "$(date -d tomorrow +%F)"
stdout_has "the VA payment" '"transactionAmount":15000'
expect_exit "va cancel" 0 $P va cancel VA2

# Bank-transfer accounts.
expect_exit "transfer create" 0 $P --json transfer create --order-id TR1 --customer 'Liza Soberano'
stdout_has "account number" '"accountNumber"'
expect_exit "transfer update" 0 $P transfer update TR1 --channel INSTA_TRANSFER_ACC
expect_exit "sandbox trigger transfer-pay" 0 $P sandbox trigger transfer-pay TR1 --amount 75
expect_exit "transfer payments" 0 $P transfer payments TR1 --from "$(date -d yesterday +%F)" --to "$(date -d tomorrow +%F)"

# Web payments.
expect_exit "web-payment create" 0 $P --json web-payment create --order-id WEB1 --amount 1500 --channel GCASH_URL \
	--email b@example.ph --mobile 09191234567 --callback-url "$HOOK_URL" --redirect-url https://shop.example.ph/thanks
WEB_TXN=$(json_get transactionId <"$SCRATCH/out")
expect_exit "sandbox trigger web-complete" 0 $P sandbox trigger web-complete "$WEB_TXN"
expect_exit "web-payment status" 0 $P --json web-payment status "$WEB_TXN"
stdout_has "COMPLETE" '"transactionStatus":"COMPLETE"'

# Refunds of the completed web payment.
expect_exit "refund create" 0 $P --json refund create --refund-id RF1 --original "$WEB_TXN" --amount 500 --callback-url "$HOOK_URL"
stdout_has "refund accepted" '"result":"accepted"'
expect_exit "refund show" 0 $P --json refund show --original "$WEB_TXN"
stdout_has "lists RF1" '"mchRefundOrderId":"RF1"'

# Checkout.
expect_exit "checkout create" 0 $P checkout create --order-id CHK0000001 --amount 600 --first-name Juan \
	--email j@example.ph --mobile 09171234567 --callback-url "$HOOK_URL" --redirect-url https://shop.example.ph/done
expect_exit "sandbox trigger checkout-complete" 0 $P sandbox trigger checkout-complete CHK0000001
expect_exit "checkout status" 0 $P --json checkout status CHK0000001
stdout_has "COMPLETE" '"transactionStatus":"COMPLETE"'

# Generic and bookkeeping commands.
expect_exit "call" 0 $P --json call GET /api/v1/payout/check mchOrderId=PO1
expect_exit "journal" 0 $P --json journal
stdout_has "journal has the refund" '"key":"RF1"'
expect_exit "reconcile" 0 $P reconcile
expect_exit "doctor" 0 $P doctor
done_testing
