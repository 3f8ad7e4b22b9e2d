#!/bin/sh
# paycon-sandbox: refunds — every refund rule (15xx), settlement, money.
. "$(dirname "$0")/lib.sh"
plan 32
setup
start_sandbox --settle-ms 50

# paid_web ORDER AMOUNT CHANNEL : a completed web payment; prints its transactionId.
paid_web() {
	id=$(call POST /api/v1/payment appName="Sandbox Shop" mchOrderId="$1" amount:="$2" channelCode="$3" \
		email=ana@example.com mobile=09171234567 callbackUrl=http://127.0.0.1:9/cb \
		redirectUrl=https://shop.example/back | jq -r .data.transactionId)
	ctl POST /_sandbox/web/complete "{\"transactionId\":\"$id\"}" >/dev/null
	echo "$id"
}
refund() {
	call POST /api/payment/refund mchRefundOrderId="$1" originalTransactionId="$2" refundAmount:="$3" \
		refundCallbackUrl=http://127.0.0.1:9/refund refundReason="customer returned it"
}
refund_status() {
	call GET /api/refund/payments refundTransactionId="$1" | jq -r '.data[0].refundStatus'
}
is_refund() { [ "$(refund_status "$1")" = "$2" ]; }
balance() { call GET /api/v1/account/checkBalance | jq -r .data.balance; }

c1=$(paid_web W1 100000 GCASH_URL)
before=$(balance)
a=$(refund R1 "$c1" 30000)
code_is "partial refund: 1000" "$a" 1000
is "refund: the documented fields" "$(jv "$a" '.data | keys | join(",")')" \
	"mchRefundOrderId,refundAmount,refundCreateTime,refundStatus,refundTransactionId"
like "refund: R4 + date + 9 digits" "$(jv "$a" .data.refundTransactionId)" '^R4[0-9]{17}$'
is "refund: PENDING" "$(jv "$a" .data.refundStatus)" PENDING
r1=$(jv "$a" .data.refundTransactionId)
is "refund: amount minus the fee given back leaves the balance" "$(balance)" $((before - 30000 + 300))
wait_for "refund settles COMPLETE" is_refund "$r1" COMPLETE
a=$(call GET /api/refund/payments originalTransactionId="$c1")
is "refund list by original: feeRefunded is the fee's share" "$(jv "$a" '.data[0] | "\(.feeRefunded) \(.refundReason)"')" \
	"300 customer returned it"
code_is "same mchRefundOrderId: 1515" "$(refund R1 "$c1" 100)" 1515
code_is "more than the refundable 70000: 1506" "$(refund R2 "$c1" 70001)" 1506
code_is "refund amount 0: 1513" "$(refund R3 "$c1" 0)" 1513
code_is "refund amount negative: 1513" "$(refund R3 "$c1" -5)" 1513
a=$(refund R4 "$c1" 70000)
wait_for "the rest refunded" is_refund "$(jv "$a" .data.refundTransactionId)" COMPLETE
code_is "nothing left to refund: 1506" "$(refund R5 "$c1" 100)" 1506

code_is "unknown original: 1501" "$(refund R6 C1234567890123456789 100)" 1501
c2=$(call POST /api/v1/payment appName="Sandbox Shop" mchOrderId=W2 amount:=50000 channelCode=GCASH_URL \
	email=ana@example.com mobile=09171234567 callbackUrl=http://127.0.0.1:9/cb \
	redirectUrl=https://shop.example/back | jq -r .data.transactionId)
code_is "original not COMPLETE: 1516" "$(refund R7 "$c2" 100)" 1516
d=$(call POST /api/v1/payout mchOrderId=PO1 appName=Shop idempotencyId=IDEMPOTENCY01 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH | jq -r .data.transactionId)
code_is "refunding a payout: 1505" "$(refund R8 "$d" 100)" 1505

call POST /api/v1/paymentCode appName=Shop mchOrderId=VA1 channelCode=7ELEVEN_STATIC_VA customerName=Ana \
	email=ana@example.com >/dev/null
c3=$(ctl POST /_sandbox/va/pay '{"mchOrderId":"VA1","channelCode":"7ELEVEN_STATIC_VA","amount":20000}' | jq -r .transactionId)
code_is "over-the-counter VA: 1507" "$(refund R9 "$c3" 100)" 1507
call POST /api/v1/batch/paymentAccount appName=Shop mchOrderId=BT1 channelCode=INSTA_TRANSFER_ACC customerName=Ana >/dev/null
c4=$(ctl POST /_sandbox/transfer/pay '{"mchOrderId":"BT1","amount":20000}' | jq -r .transactionId)
code_is "bank transfer: 1510" "$(refund R10 "$c4" 100)" 1510

call POST /api/v1/qrcode appName=Shop mchOrderId=QS1 channelCode=QRPH_STATIC_QR customerName=Ana >/dev/null
c5=$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QS1","amount":20000}' | jq -r .transactionId)
a=$(refund R11 "$c5" 5000)
wait_for "static QR: a first partial refund" is_refund "$(jv "$a" .data.refundTransactionId)" COMPLETE
code_is "static QR: a second refund: 1508" "$(refund R12 "$c5" 5000)" 1508

c6=$(paid_web W6 40000 BPIA_URL)
code_is "online banking, partial: 1511" "$(refund R13 "$c6" 10000)" 1511
code_is "online banking, whole amount: 1000" "$(refund R14 "$c6" 40000)" 1000
c7=$(paid_web W7 40000 VISA_CARD_URL)
code_is "card, not the original amount: 1512" "$(refund R15 "$c7" 20000)" 1512

c8=$(paid_web W8 60000 GCASH_URL)
a=$(ctl POST /_sandbox/age "{\"transactionId\":\"$c8\",\"days\":61}")
code_is "61 days old: 1509" "$(refund R16 "$c8" 100)" 1509

c9=$(paid_web W9 60000 GCASH_URL)
before=$(balance)
a=$(refund R17 "$c9" 1099)
r17=$(jv "$a" .data.refundTransactionId)
wait_for "amount ending in 99 centavos: FAILED" is_refund "$r17" FAILED
a=$(call GET /api/refund/payments refundTransactionId="$r17")
is "…with failedCode -10009" "$(jv "$a" '.data[0] | "\(.failedCode) \(.failedMessage)"')" "-10009 Channel Refund Failed"
is "a failed refund gives the money back" "$(balance)" "$before"
a=$(refund R18 "$c9" 1098)
code_is "amount ending in 98 centavos stays PENDING; another refund meanwhile: 1502" "$(refund R19 "$c9" 100)" 1502

code_is "refund list with an unknown refund id: 1008" "$(call GET /api/refund/payments refundTransactionId=R400000000000000000)" 1008
like "refund list with no id: 1009" "$(call GET /api/refund/payments | jq -r .message)" "originalTransactionId: missing"
ctl POST /_sandbox/balance '{"balance": 0}' >/dev/null
c10=$(paid_web W10 10000 GCASH_URL)
ctl POST /_sandbox/balance '{"balance": 0}' >/dev/null
code_is "refund above the balance: 1006" "$(refund R20 "$c10" 10000)" 1006
table_check
done_testing
