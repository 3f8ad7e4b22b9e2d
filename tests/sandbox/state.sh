#!/bin/sh
# paycon-sandbox: --state — a restart loses nothing: objects, balance,
# pending settlements, undelivered callbacks.
. "$(dirname "$0")/lib.sh"
plan 17
setup
start_receiver hooks
HOOKS=$RCV_DIR
echo http500 >"$HOOKS/mode"
STATE="$SCRATCH/state.json"
run() {
	start_sandbox --state "$STATE" --webhook "$RCV_URL/webhook" --settle-ms 1000 \
		--callback-retry-ms 50 "$@"
}
run --balance 5000000

a=$(call GET /api/v1/account/checkBalance)
is "--balance opens a new ledger" "$(jv "$a" .data.balance)" 5000000
call POST /api/v1/qrcode appName=Shop mchOrderId=Q1 channelCode=QRPH_STATIC_QR customerName=Ana \
	callbackUrl="$RCV_URL/qr" >/dev/null
call POST /api/v1/paymentCode appName=Shop mchOrderId=VA1 channelCode=GCASH_STATIC_VA customerName=Ana \
	email=ana@example.com >/dev/null
ctl POST /_sandbox/qr/pay '{"mchOrderId":"Q1","amount":20000}' >/dev/null
tried() { [ "$(ledger '.callbacks[0].attempts')" -ge 1 ]; }
wait_for "the QR callback is being refused" tried
a=$(call POST /api/v1/payout mchOrderId=PO1 appName=Shop idempotencyId=IDEMPOTENCY01 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH)
d1=$(jv "$a" .data.transactionId)
keep='{qrcodes, virtualAccounts, collections, balance}'
before=$(ledger "$keep")
stop_sandbox
is "SIGTERM with --state: exit 0" "$SB_EXIT" 0
is "state file is owner-only" "$(stat -c %a "$STATE")" 600
is "the payout was saved PENDING" "$(jq -r '.payouts[0].status' "$STATE")" PENDING
is "the callback was saved undelivered" "$(jq -r '.callbacks[0].status' "$STATE")" PENDING
first_body=$(cat "$HOOKS/1.json")

echo ack >"$HOOKS/mode"
run --balance 1
after=$(ledger "$keep")
is "restart: QR codes, VAs, collections and balance are as they were" "$after" "$before"
settled() { [ "$(call GET /api/v1/payout/check mchOrderId=PO1 | jq -r .data.transactionStatus)" = COMPLETE ]; }
wait_for "restart: the pending payout settles" settled
delivered() { [ "$(ledger '.callbacks[0].status')" = DELIVERED ]; }
wait_for "restart: the undelivered callback is delivered" delivered
last=$(ls "$HOOKS"/*.json | sort -V | grep -v "/1.json" | while read -r f; do
	if [ "$(jq -r .eventName "$f")" = qrcode.payment.success ]; then echo "$f"; fi; done | tail -n 1)
is "restart: the same signed bytes are sent again" "$(cat "$last")" "$first_body"
code_is "restart: the old mchOrderId is still taken (1012)" "$(call POST /api/v1/payout mchOrderId=PO1 appName=Shop \
	idempotencyId=IDEMPOTENCY09 amount:=10000 accountNo=09171234567 accountName="Ana Cruz" \
	payMethodCode=EWALLET ewalletCode=GCASH)" 1012
a=$(call POST /api/v1/payout mchOrderId=PO2 appName=Shop idempotencyId=IDEMPOTENCY02 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH)
if [ "$(jv "$a" .data.transactionId)" != "$d1" ] && [ "$(jv "$a" .code)" = 1000 ]; then
	ok "restart: new ids do not repeat old ones"
else
	not_ok "restart: new ids" "$a" "old: $d1"
fi
stop_sandbox

"$SANDBOX" --listen 127.0.0.1:0 --app-id another-app --merchant-public-key "$SCRATCH/merchant.pub" \
	--platform-private-key "$SCRATCH/platform.pem" --state "$STATE" >/dev/null 2>"$SCRATCH/err"
is "a state file of another app: exit 2" "$?" 2
like "…saying so" "$(cat "$SCRATCH/err")" "belongs to app 'sandbox-test-app'"
echo '{"version": 1, "appId": ' >"$SCRATCH/broken.json"
"$SANDBOX" --listen 127.0.0.1:0 --app-id x --merchant-public-key "$SCRATCH/merchant.pub" \
	--platform-private-key "$SCRATCH/platform.pem" --state "$SCRATCH/broken.json" >/dev/null 2>"$SCRATCH/err"
is "a broken state file: exit 2" "$?" 2

# Without --webhook a payout's callback has nowhere to go: kept as NO_URL.
start_sandbox --settle-ms 10
call POST /api/v1/payout mchOrderId=PO1 appName=Shop idempotencyId=IDEMPOTENCY01 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH >/dev/null
no_url() { [ "$(ledger '.callbacks[0].status')" = NO_URL ]; }
wait_for "no --webhook: the payout callback is kept as NO_URL" no_url
table_check
done_testing
