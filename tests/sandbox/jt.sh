#!/bin/sh
# paycon-sandbox: the J&T variant rows of the endpoint table — direct debit,
# aggregate virtual account, merged-order QR.
. "$(dirname "$0")/lib.sh"
plan 17
setup
start_receiver hooks
HOOKS=$RCV_DIR
start_sandbox --settle-ms 30 --callback-retry-ms 50
now() { echo $(($(date +%s) * 1000)); }

# ---- direct debit ----
dd() {
	call POST /api/jt/direct/debit/pay appName=Shop mchOrderId="$1" amount:=15000 \
		channelCode=JTWALLET_DIRECT_DEBIT payToken="$2" callbackUrl="$RCV_URL/dd" timestamp:="$(now)"
}
a=$(dd DD1 TOKEN123)
code_is "direct debit: 1000" "$a" 1000
is "direct debit: PENDING DIRECT_DEBIT" "$(jv "$a" '"\(.data.transactionStatus) \(.data.channelType)"')" "PENDING DIRECT_DEBIT"
code_is "direct debit, same mchOrderId: 1012" "$(dd DD1 TOKEN123)" 1012
a=$(call POST /api/jt/direct/debit/pay appName=Shop mchOrderId=DD9 amount:=15000 \
	channelCode=JTWALLET_DIRECT_DEBIT payToken=T callbackUrl="$RCV_URL/dd")
like "direct debit without timestamp: 1009" "$(jv "$a" .message)" "timestamp: missing"
dd DD2 FAILTOKEN >/dev/null
event_of() { jq -r .eventName "$HOOKS"/*.json 2>/dev/null | grep -c "^$1$"; }
has() { [ "$(event_of "$1")" -ge 1 ]; }
wait_for "direct debit settles: success callback" has directdebit.payment.success
wait_for "payToken FAIL…: failure callback" has directdebit.payment.failed
for f in "$HOOKS"/*.json; do
	verify_callback "$f" || not_ok "direct debit callback signature" "$(cat "$f")"
done
ok "direct debit callbacks verify"

# ---- aggregate VA ----
items='[{"subOrderId":"S1","amount":10000},{"subOrderId":"S2","amount":10000}]'
agg() {
	call POST /api/v2/paymentCode appName=Shop aggregateOrderId="$1" channelCode=CEBUANA_VA \
		aggregateAmount:=20000 items="$items" callbackUrl="$RCV_URL/agg"
}
a=$(agg AGG1)
is "aggregate VA: biller of CEBUANA_VA" "$(jv "$a" '"\(.code) \(.data.biller)"')" "1000 PH GLOBAL JET EXPRESS INC"
code_is "aggregate VA again: 1017" "$(agg AGG1)" 1017
ctl POST /_sandbox/va/pay '{"aggregateOrderId":"AGG1"}' >/dev/null
a=$(call POST /api/v2/paymentCode/detail aggregateOrderId=AGG1)
is "aggregate detail: fee and total" "$(jv "$a" '"\(.data.aggregateFee) \(.data.totalAggregateAmount)"')" "200 20200"
is "aggregate detail: the payment" "$(jv "$a" '.data.paymentList | length'):$(jv "$a" '.data.items | length')" "1:2"
code_is "aggregate detail unknown: 1008" "$(call POST /api/v2/paymentCode/detail aggregateOrderId=NOPE)" 1008

# ---- merged-order QR ----
a=$(call POST /api/v2/qrcode/merge appName=Shop aggregateOrderId=MQ1 channelCode=QRPH_HYBRID_QR \
	aggregateAmount:=20000 items="$items")
is "merged QR: amount, fee, total" "$(jv "$a" '"\(.code) \(.data.amount) \(.data.fee) \(.data.totalAmount)"')" "1000 20000 200 20200"
like "merged QR: payload with the total" "$(jv "$a" .data.qrcodeContent)" "5406202\.00"
a=$(call GET /api/v2/qrcode/detail subOrderId=S2)
is "v2 detail by subOrderId" "$(jv "$a" .data.mchOrderId)" MQ1
code_is "v2 detail without an id: 1009" "$(call GET /api/v2/qrcode/detail)" 1009
table_check
done_testing
