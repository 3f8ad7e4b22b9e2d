#!/bin/sh
# paycon-sandbox: signed callbacks — every documented event, its fields, its
# signature (checked with openssl), and delivery retried until "code":1.
. "$(dirname "$0")/lib.sh"
plan 44
setup
start_receiver hooks
HOOKS=$RCV_DIR
start_sandbox --settle-ms 30 --callback-retry-ms 50 --webhook "$RCV_URL/webhook"

# find_cb EVENT [N] : the file of the Nth (default 1st) callback with that eventName.
find_cb() {
	n=0
	for f in $(ls "$HOOKS"/*.json 2>/dev/null | sort -t/ -k1 -V); do
		if [ "$(jq -r .eventName "$f" 2>/dev/null)" = "$1" ]; then
			n=$((n + 1))
			if [ "$n" -ge "${2:-1}" ]; then echo "$f"; return 0; fi
		fi
	done
	return 1
}
has_cb() { find_cb "$@" >/dev/null; }
# check_cb NAME EVENT FIELDS : arrives, carries exactly FIELDS (sorted, comma list), verifies.
check_cb() {
	wait_for "$1: arrives" has_cb "$2" || { ok "$1: fields # SKIP"; ok "$1: signature # SKIP"; return; }
	f=$(find_cb "$2")
	is "$1: fields" "$(jq -r 'keys | join(",")' "$f")" "$3"
	if verify_callback "$f"; then ok "$1: signature verifies (openssl, platform key)"; else
		not_ok "$1: signature" "$(cat "$f")"; fi
}

call POST /api/v1/payout mchOrderId=PO1 appName=Shop idempotencyId=IDEMPOTENCY01 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH remark=salary >/dev/null
check_cb "payout success" disbursement.success \
	"amount,createTime,eventName,mchOrderId,remark,returnTime,sign,transactionId,transactionStatus"
f=$(find_cb disbursement.success)
is "payout callback: amount is an integer in centavos" "$(jq '.amount | type' "$f"):$(jq .amount "$f")" "\"number\":10000"
like "payout callback goes to --webhook" "$(grep -c ' /webhook$' "$HOOKS/log")" "^[1-9]"
call POST /api/v1/payout mchOrderId=PO2 appName=Shop idempotencyId=IDEMPOTENCY02 amount:=10000 \
	accountNo=09170000000 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH >/dev/null
check_cb "payout failure" disbursement.failed \
	"amount,createTime,eventName,failedCode,failedMessage,mchOrderId,returnTime,sign,transactionId,transactionStatus"
is "payout failure: failedCode and status" "$(jq -r '"\(.failedCode) \(.transactionStatus)"' "$(find_cb disbursement.failed)")" "-10005 FAILED"

call POST /api/v1/qrcode appName=Shop mchOrderId=Q1 channelCode=QRPH_DYNAMIC_QR amount:=5000 \
	customerName=Ana callbackUrl="$RCV_URL/qr" >/dev/null
ctl POST /_sandbox/qr/pay '{"mchOrderId":"Q1","failedCode":-10004}' >/dev/null
ctl POST /_sandbox/qr/pay '{"mchOrderId":"Q1"}' >/dev/null
check_cb "QR payment success" qrcode.payment.success \
	"amount,channelCode,createTime,eventName,mchOrderId,returnTime,sign,transactionId,transactionStatus"
check_cb "QR payment failure" qrcode.payment.failed \
	"amount,channelCode,createTime,eventName,failedCode,failedMessage,mchOrderId,returnTime,sign,transactionId,transactionStatus"
like "QR callbacks go to the QR's callbackUrl" "$(grep -c ' /qr$' "$HOOKS/log")" "^2"

call POST /api/v1/paymentCode appName=Shop mchOrderId=VA1 channelCode=GCASH_STATIC_VA customerName=Ana \
	email=ana@example.com >/dev/null
ctl POST /_sandbox/va/pay '{"mchOrderId":"VA1","channelCode":"GCASH_STATIC_VA","amount":20000}' >/dev/null
check_cb "VA payment" payment.success \
	"amount,channelCode,createTime,eventName,mchOrderId,referenceNumber,returnTime,sign,transactionId,transactionStatus"

call POST /api/v1/batch/paymentAccount appName=Shop mchOrderId=BT1 channelCode=INSTA_TRANSFER_ACC customerName=Ana >/dev/null
ctl POST /_sandbox/transfer/pay '{"mchOrderId":"BT1","amount":20000}' >/dev/null
check_cb "bank transfer" transfer.payment.success \
	"amount,channelCode,createTime,eventName,mchOrderId,paymentAccount,returnTime,sign,transactionId,transactionStatus"

web() {
	call POST /api/v1/payment appName=Shop mchOrderId="$1" amount:=20000 channelCode=GCASH_URL \
		email=ana@example.com mobile=09171234567 callbackUrl="$RCV_URL/web" \
		redirectUrl=https://shop.example/back | jq -r .data.transactionId
}
w1=$(web W1)
w2=$(web W2)
ctl POST /_sandbox/web/complete "{\"transactionId\":\"$w1\"}" >/dev/null
ctl POST /_sandbox/web/fail "{\"transactionId\":\"$w2\"}" >/dev/null
check_cb "web payment success" h5.payment.success \
	"amount,channelCode,createTime,eventName,mchOrderId,returnTime,sign,transactionId,transactionStatus"
check_cb "web payment failure" h5.payment.failed \
	"amount,channelCode,createTime,eventName,failedCode,failedMessage,mchOrderId,returnTime,sign,transactionId,transactionStatus"

call --envelope POST /api/v1/checkout mchOrderId=CHECKOUT001 currency=PHP amount:=30000 \
	customer:='{"firstName":"Ana","email":"ana@example.com","mobile":"09171234567"}' \
	items:='[{"name":"Mug","amount":30000,"quantity":1}]' callbackUrl="$RCV_URL/checkout" \
	redirectUrl=https://shop.example/back >/dev/null
ctl POST /_sandbox/checkout/complete '{"mchOrderId":"CHECKOUT001"}' >/dev/null
check_cb "checkout" checkout.payment.success \
	"amount,channelCode,createTime,eventName,mchOrderId,returnTime,sign,transactionId,transactionStatus"

call POST /api/payment/refund mchRefundOrderId=RF1 originalTransactionId="$w1" refundAmount:=5000 \
	refundCallbackUrl="$RCV_URL/refund" >/dev/null
check_cb "refund" payment.refund.success \
	"eventName,feeRefunded,mchRefundOrderId,originalTransactionId,refundAmount,refundCreateTime,refundReturnTime,refundStatus,refundTransactionId,sign"

# ---- retries ----
echo http500 >"$HOOKS/mode"
call POST /api/v1/payout mchOrderId=PO3 appName=Shop idempotencyId=IDEMPOTENCY03 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH >/dev/null
attempts() { ctl GET /_sandbox/callbacks | jq '[.callbacks[] | select(.body | fromjson | .mchOrderId == "PO3")][0].attempts'; }
at_least() { [ "$(attempts)" -ge "$1" ] 2>/dev/null; }
wait_for "HTTP 500: tried again" at_least 3
echo nack >"$HOOKS/mode"
n=$(attempts)
wait_for "200 without \"code\":1: still not acknowledged" at_least $((n + 1))
echo notjson >"$HOOKS/mode"
n=$(attempts)
wait_for "200 with a body that is not JSON: not acknowledged" at_least $((n + 1))
echo ack >"$HOOKS/mode"
delivered() { ctl GET /_sandbox/callbacks | jq -e '[.callbacks[] | select(.body | fromjson | .mchOrderId == "PO3")][0].status == "DELIVERED"'; }
wait_for "acknowledged once the receiver answers code 1" delivered
a=$(ctl GET /_sandbox/callbacks | jq '[.callbacks[] | select(.body | fromjson | .mchOrderId == "PO3")][0]')
is "the delivery log keeps every attempt" "$(jv "$a" '.log | length')" "$(jv "$a" .attempts)"
is "only the last attempt is acknowledged" "$(jv "$a" '[.log[] | .acknowledged] | map(tostring) | unique | join(",")')" "false,true"
like "stderr logs each attempt with its result and back-off" "$(cat "$SCRATCH/sandbox.log")" \
	"attempt 2: HTTP 500; next attempt in 100 ms"
like "…doubling each time" "$(cat "$SCRATCH/sandbox.log")" "attempt 3: .*next attempt in 200 ms"
is "an acknowledged callback is not sent again" "$(ctl GET /_sandbox/callbacks | jq '[.callbacks[] | select(.status != "DELIVERED")] | length')" 0
table_check
done_testing
