#!/bin/sh
# paycon-sandbox: payouts — creation rules, balance, settlement, statements.
. "$(dirname "$0")/lib.sh"
plan 36
setup
start_sandbox --settle-ms 50

# payout ORDER IDEMPOTENCY AMOUNT ACCOUNT [more fields]
payout() {
	order=$1 idem=$2 amount=$3 account=$4; shift 4
	call POST /api/v1/payout mchOrderId="$order" appName="Sandbox Shop" idempotencyId="$idem" \
		amount:="$amount" accountNo="$account" accountName="Juan dela Cruz" \
		payMethodCode=EWALLET ewalletCode=GCASH "$@"
}
status_of() { call GET /api/v1/payout/check mchOrderId="$1" | jq -r .data.transactionStatus; }
is_status() { [ "$(status_of "$1")" = "$2" ]; }
balance() { call GET /api/v1/account/checkBalance | jq -r .data.balance; }

a=$(payout PO1 IDEMPOTENCY0001 10000 09171234567 remark="first payout")
code_is "create: 1000" "$a" 1000
is "create: PENDING" "$(jv "$a" .data.transactionStatus)" PENDING
like "create: transactionId is D + 19 digits" "$(jv "$a" .data.transactionId)" '^D[0-9]{19}$'
like "create: transactionTime yyyy-MM-dd HH:mm:ss" "$(jv "$a" .data.transactionTime)" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$'
is "create: amount + fee (1000) leave the balance at once" "$(balance)" 99989000
wait_for "settles COMPLETE after --settle-ms" is_status PO1 COMPLETE
a=$(call GET /api/v1/payout/check mchOrderId=PO1)
is "status: the documented fields" "$(jv "$a" '.data | keys | join(",")')" \
	"amount,createTime,failedCode,failedMessage,mchOrderId,remark,returnTime,transactionId,transactionStatus"
is "status: COMPLETE has no failedCode" "$(jv "$a" .data.failedCode)" null
like "status: returnTime set" "$(jv "$a" .data.returnTime)" '^[0-9]{4}-'

code_is "same idempotencyId again: 1014" "$(payout PO1 IDEMPOTENCY0001 10000 09171234567)" 1014
code_is "same mchOrderId, new idempotencyId: 1012" "$(payout PO1 IDEMPOTENCY0002 10000 09171234567)" 1012
code_is "above the sandbox limit of 1,000,000.00: 1007" \
	"$(payout PO2 IDEMPOTENCY0003 100000001 09171234567)" 1007
code_is "unknown mchOrderId: 1008" "$(call GET /api/v1/payout/check mchOrderId=NOPE)" 1008
a=$(payout PO3 IDEMPOTENCY0004 10000 12345)
like "EWALLET to a non-mobile account: 1009" "$(jv "$a" .message)" "accountNo"
a=$(call POST /api/v1/payout mchOrderId=PO4 appName=Shop idempotencyId=IDEMPOTENCY0005 amount:=10000 \
	accountNo=1234567890 accountName="Ana Cruz" payMethodCode=BANK)
like "BANK without bankCode: 1009 naming it" "$(jv "$a" .message)" "bankCode: missing \(mandatory when payMethodCode is BANK\)"
a=$(call POST /api/v1/payout mchOrderId=PO4 appName=Shop idempotencyId=IDEMPOTENCY0005 amount:=10000 \
	accountNo=1234567890 accountName="Ana Cruz" payMethodCode=BANK bankCode=INVALIDBANK)
code_is "bankCode INVALID…: 1010" "$a" 1010
code_is "ewalletCode INVALID…: 1016" "$(payout PO4 IDEMPOTENCY0005 10000 09171234567 ewalletCode=INVALIDW)" 1016

# ---- failures decided by the account number ----
before=$(balance)
payout PF0 IDEMPOTENCYF000 20000 09170000000 >/dev/null
payout PF1 IDEMPOTENCYF001 20000 09170000001 >/dev/null
payout PF2 IDEMPOTENCYF002 20000 09170000002 >/dev/null
payout PF3 IDEMPOTENCYF003 20000 09170000003 >/dev/null
wait_for "account ending 0000 FAILS" is_status PF0 FAILED
a=$(call GET /api/v1/payout/check mchOrderId=PF0)
is "…with failedCode -10005" "$(jv "$a" .data.failedCode)" -10005
is "…and PayCools' message" "$(jv "$a" .data.failedMessage)" "Transaction Destination Account Error"
wait_for "account ending 0001 FAILS" is_status PF1 FAILED
is "…with -10004" "$(call GET /api/v1/payout/check mchOrderId=PF1 | jq .data.failedCode)" -10004
wait_for "account ending 0002 FAILS" is_status PF2 FAILED
is "…with -10006" "$(call GET /api/v1/payout/check mchOrderId=PF2 | jq .data.failedCode)" -10006
a=$(ctl POST /_sandbox/settle '{}')
is "/_sandbox/settle leaves an 0003 payout alone" "$(jv "$a" .settled)" 0
is "account ending 0003 stays PENDING" "$(status_of PF3)" PENDING
is "failed payouts give amount + fee back; the pending one holds it" "$(balance)" $((before - 21000))

# ---- balance ----
ctl POST /_sandbox/balance '{"balance": 5000}' >/dev/null
code_is "amount + fee above the balance: 1006" "$(payout PB1 IDEMPOTENCYB001 4001 09171234567)" 1006
code_is "amount + fee equal to the balance: 1000" "$(payout PB2 IDEMPOTENCYB002 4000 09171234567)" 1000
is "balance is now 0" "$(balance)" 0

# ---- statement ----
now=$(($(date +%s) * 1000))
today=$(TZ=Asia/Manila date +%Y-%m-%d)
a=$(call POST /api/v1/record/payoutList createDate="$today" page:=1 timestamp="$now")
code_is "payout statement: 1000" "$a" 1000
is "payout statement: every payout of today" "$(jv "$a" '.data.records | length')" 6
is "payout statement: amounts in Double pesos" "$(jv "$a" '.data.records[0].amount')" 100
is "payout statement: recipient account masked" "$(jv "$a" '.data.records[0].recipientAccount')" "091****4567"
a=$(call POST /api/v1/record/payoutList createDate="$today" page:=1 timestamp="$((now - 600000))")
like "statement with a stale timestamp: 1009" "$(jv "$a" .message)" "timestamp"
table_check
done_testing
