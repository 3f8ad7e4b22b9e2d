#!/bin/sh
# Every PayCools code the sandbox can produce, as paycon shows it: exit 1,
# the code and what to do on stderr, the whole envelope with --json.
. "$(dirname "$0")/lib.sh"
begin_loop --balance 200000
plan 75

# api_error NAME CODE ARGS... : the command fails with PayCools code CODE.
api_error() {
	name=$1; code=$2; shift 2
	expect_exit "$name: exit 1" 1 $P --json "$@"
	stderr_has "$name: stderr names $code" "PayCools error $code"
	stdout_has "$name: --json prints the envelope" "\"code\":$code"
}

payout() { # payout ORDER PESOS ACCOUNT [IDEMPOTENCY]
	echo payout create --order-id "$1" --amount "$2" --method EWALLET --ewallet GCASH \
		--account-no "$3" --account-name Juan ${4:+--idempotency-id $4}
}

# Wrong app id, wrong key.
sed 's|app_id = .*|app_id = "someone-else";|' "$CONF" >"$SCRATCH/wrong-app"
expect_exit "1001 unknown appId: exit 1" 1 "$PAYCON" --config "$SCRATCH/wrong-app" balance
stderr_has "1001 named" "PayCools error 1001"
sed "s|merchant-test.pem|platform-test.pem|" "$CONF" >"$SCRATCH/wrong-key"
expect_exit "1003 bad signature: exit 1" 1 "$PAYCON" --config "$SCRATCH/wrong-key" balance
stderr_has "1003 named, with what to do" "fingerprint"

# Money: balance ₱2,000.00, limit ₱1,000,000.00.
api_error "1006 balance insufficient" 1006 $(payout P6 1995 09171234567)
expect_exit "a refused payout is journaled as rejected" 0 $P --json journal
stdout_has "rejected" '"outcome":"rejected"'
curl -s -X POST -d '{"balance":500000000}' "$SANDBOX_URL/_sandbox/balance" >/dev/null
api_error "1007 over the per-payout limit" 1007 $(payout P7 1000000.01 09171234567)
api_error "1008 unknown payout" 1008 payout status NOSUCHORDER
api_error "1009 server-side field check" 1009 call POST /api/v1/payout mchOrderId=P9 amount:=1
stderr_has "1009 names the field" "amount"

# Duplicates: same order id, other details (sent raw, bypassing the journal).
expect_exit "first payout" 0 $P $(payout P12 100 09171234567 IDEMP1200000001)
api_error "1012 order id repeat" 1012 call POST /api/v1/payout mchOrderId=P12 amount:=10000 payMethodCode=EWALLET \
	ewalletCode=GCASH accountNo=09171234567 accountName=Juan appName=shop idempotencyId=IDEMP1200000099
api_error "1014 idempotency repeat" 1014 call POST /api/v1/payout mchOrderId=P14 amount:=10000 payMethodCode=EWALLET \
	ewalletCode=GCASH accountNo=09171234567 accountName=Juan appName=shop idempotencyId=IDEMP1200000001
expect_exit "the same payout again settles, exit 0" 0 $P --json $(payout P12 100 09171234567 IDEMP1200000001)
stdout_has "as already known" '"result":"already"'

# VA, bank transfer, QR.
expect_exit "va create" 0 $P va create --order-id VA1 --channel GCASH_STATIC_VA --customer Pedro --email p@example.ph
api_error "1017 VA exists" 1017 va create --order-id VA1 --channel GCASH_STATIC_VA --customer Pedro --email p@example.ph
expect_exit "transfer create" 0 $P transfer create --order-id TR1 --customer Liza
api_error "1019 transfer account exists" 1019 transfer create --order-id TR1 --customer Liza
api_error "1020 dynamic QR without amount" 1020 call POST /api/v1/qrcode mchOrderId=QR1 channelCode=QRPH_DYNAMIC_QR \
	customerName=Ana appName=shop

# Refunds.
expect_exit "web payment" 0 $P --json web-payment create --order-id W1 --amount 1000 --channel GCASH_URL \
	--email b@example.ph --mobile 09191234567 --callback-url "$HOOK_URL" --redirect-url https://x.example.ph/r
WEB=$(json_get transactionId <"$SCRATCH/out")
refund() { # refund ID ORIGINAL PESOS
	echo refund create --refund-id "$1" --original "$2" --amount "$3" --callback-url "$HOOK_URL"
}
api_error "1516 original not completed" 1516 $(refund R16 "$WEB" 10)
$P sandbox trigger web-complete "$WEB" >/dev/null 2>&1
api_error "1501 no such original" 1501 $(refund R01 C0000000000000000001 10)
PAYOUT_TXN=$($P --json payout status P12 | json_get transactionId)
api_error "1505 a payout cannot be refunded" 1505 $(refund R05 "$PAYOUT_TXN" 10)
api_error "1506 more than refundable" 1506 $(refund R06 "$WEB" 1000.01)
api_error "1513 amount not positive" 1513 call POST /api/payment/refund mchRefundOrderId=R13 originalTransactionId="$WEB" \
	refundAmount:=0 refundCallbackUrl="$HOOK_URL"
# 100.98: a refund amount ending in 98 centavos never settles (doc/sandbox.md), so R1
# is still PENDING however slow the machine is.
expect_exit "a partial refund that stays pending" 0 $P $(refund R1 "$WEB" 100.98)
api_error "1502 another refund still pending" 1502 $(refund R2 "$WEB" 100)
api_error "1515 refund order id repeat" 1515 call POST /api/payment/refund mchRefundOrderId=R1 originalTransactionId="$WEB" \
	refundAmount:=100 refundCallbackUrl="$HOOK_URL"
curl -s -X POST -d "{\"transactionId\":\"$WEB\",\"days\":61}" "$SANDBOX_URL/_sandbox/age" >/dev/null
curl -s -X POST "$SANDBOX_URL/_sandbox/settle" >/dev/null
api_error "1509 older than 60 days" 1509 $(refund R09 "$WEB" 10)

# Channels that refuse refunds.
expect_exit "va pay" 0 $P --json sandbox trigger va-pay VA1 --channel GCASH_STATIC_VA --amount 100
VAPAY=$(json_get transactionId <"$SCRATCH/out")
api_error "1510 channel does not support refunds" 1510 $(refund R10 "$VAPAY" 10)
expect_exit "static QR" 0 $P qr create --order-id QRS --channel QRPH_STATIC_QR --customer Ana
expect_exit "static QR paid" 0 $P --json sandbox trigger qr-pay QRS --amount 100
QRPAY=$(json_get transactionId <"$SCRATCH/out")
expect_exit "one refund of a static QR payment" 0 $P $(refund R08A "$QRPAY" 10)
curl -s -X POST "$SANDBOX_URL/_sandbox/settle" >/dev/null
api_error "1508 only one refund on that channel" 1508 $(refund R08B "$QRPAY" 10)
done_testing
