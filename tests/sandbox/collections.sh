#!/bin/sh
# paycon-sandbox: collections — QR codes, virtual accounts, bank transfer
# accounts, web payments, checkout, and customers paying them.
. "$(dirname "$0")/lib.sh"
plan 75
setup
start_sandbox --settle-ms 50
today=$(TZ=Asia/Manila date +%Y-%m-%d)
yesterday=$(TZ=Asia/Manila date -d yesterday +%Y-%m-%d)

# crc_ok PAYLOAD : tag 63 holds the CRC16-CCITT of everything before it.
crc_ok() {
	"$PYTHON" - "$1" <<'PY'
import sys
p = sys.argv[1]
crc = 0xFFFF
for b in p[:-4].encode():
    crc ^= b << 8
    for _ in range(8):
        crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
sys.exit(0 if p[-8:-4] == "6304" and p[-4:] == "%04X" % crc else 1)
PY
}

# ---- QR codes ----
qr() { call POST /api/v1/qrcode appName="Sandbox Shop" customerName="Ana Cruz" "$@"; }
a=$(qr mchOrderId=QS1 channelCode=QRPH_STATIC_QR callbackUrl=http://127.0.0.1:9/none)
code_is "static QR: 1000" "$a" 1000
is "static QR: the documented fields" "$(jv "$a" '.data | keys | join(",")')" \
	"callbackUrl,channelCode,createTime,mchOrderId,qrLink,qrcodeContent,qrcodeId,remark,status,updateTime"
like "static QR: qrcodeId QR + 19 digits" "$(jv "$a" .data.qrcodeId)" '^QR[0-9]{19}$'
content=$(jv "$a" .data.qrcodeContent)
like "static QR: EMVCo payload, static (11), no amount" "$content" '^00020101021128.*5303608(58|5)'
if crc_ok "$content"; then ok "static QR: CRC16-CCITT in tag 63 is right"; else not_ok "static QR: CRC" "$content"; fi
is "static QR: ACTIVE" "$(jv "$a" .data.status)" ACTIVE

a=$(qr mchOrderId=QD1 channelCode=QRPH_DYNAMIC_QR)
code_is "dynamic QR without amount: 1020" "$a" 1020
a=$(call POST /api/v1/qrcode appName="Sandbox Shop" mchOrderId=QD1 channelCode=QRPH_HYBRID_QR)
code_is "hybrid QR without amount nor customerName: 1020 wins over 1009" "$a" 1020
a=$(qr mchOrderId=QD1 channelCode=QRPH_DYNAMIC_QR amount:=1999)
like "dynamic QR below 20.00: 1009" "$(jv "$a" .message)" "amount: 1999 is below the minimum 2000"
a=$(qr mchOrderId=QD1 channelCode=QRPH_DYNAMIC_QR amount:=12345 expireSeconds:=600)
content=$(jv "$a" .data.qrcodeContent)
like "dynamic QR: one-time (12) with the amount in tag 54" "$content" '^00020101021228.*5406123\.45'
if crc_ok "$content"; then ok "dynamic QR: CRC right"; else not_ok "dynamic QR: CRC" "$content"; fi
code_is "same QR mchOrderId again: 1012" "$(qr mchOrderId=QD1 channelCode=QRPH_STATIC_QR)" 1012

a=$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QS1","amount":50000}')
like "customer pays the static QR" "$(jv "$a" .transactionId)" '^C[0-9]{19}$'
like "static QR: paying without an amount is refused" \
	"$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QS1"}')" 'needs the \\"amount\\"' 
a=$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QD1","failedCode":-10006}')
is "dynamic QR: a failed attempt" "$(jv "$a" .transactionStatus)" FAILED
a=$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QD1"}')
is "dynamic QR: paid with its own amount" "$(jv "$a" .transactionStatus) $(jv "$a" .amount)" "COMPLETE 12345"
like "dynamic QR: takes one payment only" "$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QD1"}')" "INACTIVE"
a=$(call GET /api/v1/qrcode/QD1/payments startDate="$yesterday" endDate="$today")
is "QR payments: both attempts listed" "$(jv "$a" '.data | map(.transactionStatus) | join(",")')" "FAILED,COMPLETE"
is "QR payments: element fields" "$(jv "$a" '.data[0] | keys | join(",")')" \
	"channelCode,remark,transactionAmount,transactionCreateTime,transactionId,transactionReturnTime,transactionStatus"
a=$(call GET /api/v1/qrcode/QD1/payments startDate="$today" endDate="$yesterday")
code_is "QR payments: startDate after endDate: 1009" "$a" 1009
a=$(call GET /api/v1/qrcode/QD1 mchOrderId=QD1)
is "QR detail: INACTIVE after its one payment" "$(jv "$a" .data.status)" INACTIVE
code_is "QR detail: unknown: 1008" "$(call GET /api/v1/qrcode/NOPE mchOrderId=NOPE)" 1008
a=$(call POST /api/v1/qrcode/update mchOrderId=QS1 customerName="Ben Reyes" remark="table 4")
is "QR update: remark changed" "$(jv "$a" .data.remark)" "table 4"
a=$(call POST /api/v1/qrcode/cancel mchOrderId=QS1)
is "QR cancel: INACTIVE" "$(jv "$a" .data.status)" INACTIVE
like "a cancelled QR takes no payment" "$(ctl POST /_sandbox/qr/pay '{"mchOrderId":"QS1","amount":100}')" "INACTIVE"

# ---- static virtual accounts ----
va() { call POST /api/v1/paymentCode appName="Sandbox Shop" customerName="Ana Cruz" email=ana@example.com "$@"; }
a=$(va mchOrderId=VA1 channelCode=GCASH_STATIC_VA minAmount:=20000 maxAmount:=5000000)
code_is "VA create: 1000" "$a" 1000
like "VA create: reference number PC + 13 digits" "$(jv "$a" .data.referenceNumber)" '^PC[0-9]{13}$'
is "VA create: biller" "$(jv "$a" .data.biller)" "PAYCOOLS LOAN"
code_is "VA again for the same order and channel: 1017" "$(va mchOrderId=VA1 channelCode=GCASH_STATIC_VA)" 1017
code_is "VA on an unknown channel: 1011" "$(va mchOrderId=VA9 channelCode=FOO_STATIC_VA)" 1011
a=$(call POST /api/v1/batch/paymentCode appName="Sandbox Shop" mchOrderId=VA2 customerName="Ana Cruz" \
	email=ana@example.com channelCode=GCASH_STATIC_VA,MLH_STATIC_VA)
is "VA batch: two accounts" "$(jv "$a" '.data.paymentVaList | map(.biller) | join(",")')" "PAYCOOLS LOAN,Dragonpay"
like "VA batch: one short link" "$(jv "$a" .data.shortLink)" "/_sandbox/link/[0-9A-Za-z]{7}$"
a=$(call POST /api/v1/batch/paymentCode appName="Sandbox Shop" mchOrderId=VA1 customerName="Ana Cruz" \
	email=ana@example.com channelCode=PAYMAYA_STATIC_VA,GCASH_STATIC_VA)
code_is "VA batch including an existing one: 1017" "$a" 1017
like "VA below its minAmount is refused" \
	"$(ctl POST /_sandbox/va/pay '{"mchOrderId":"VA1","channelCode":"GCASH_STATIC_VA","amount":100}')" "minAmount"
a=$(ctl POST /_sandbox/va/pay '{"mchOrderId":"VA1","channelCode":"GCASH_STATIC_VA","amount":30000}')
is "customer pays the VA" "$(jv "$a" .transactionStatus)" COMPLETE
a=$(call GET /api/v1/paymentCode/VA1/payments startDate="$today" endDate="$today")
is "VA payments: listed" "$(jv "$a" '.data | length'):$(jv "$a" '.data[0].transactionAmount')" "1:30000"
a=$(call POST /api/v1/batch/paymentCode/VA2/update channelCode=MLH_STATIC_VA,RDP_STATIC_VA)
is "VA update: the listed channels stay" "$(jv "$a" '.data.paymentVaList | map(.channelCode) | join(",")')" \
	"MLH_STATIC_VA,RDP_STATIC_VA"
a=$(call POST /api/v1/paymentCode/cancel mchOrderId=VA2)
is "VA cancel: all INACTIVE" "$(jv "$a" '.data.paymentVaList | map(.status) | unique | join(",")')" INACTIVE
code_is "VA cancel of an unknown order: 1008" "$(call POST /api/v1/paymentCode/cancel mchOrderId=NOPE)" 1008

# ---- bank transfer accounts ----
bt() { call POST /api/v1/batch/paymentAccount appName="Sandbox Shop" customerName="Ana Cruz" channelCode=INSTA_TRANSFER_ACC "$@"; }
a=$(bt mchOrderId=BT1)
code_is "transfer account: 1000" "$a" 1000
is "transfer account: bank and name" "$(jv "$a" '.data.paymentAccountList[0] | "\(.receivingBank)/\(.accountName)"')" "AllBank/PayCools"
like "transfer account: account number" "$(jv "$a" '.data.paymentAccountList[0].accountNumber')" '^9991[0-9]{8}$'
code_is "transfer account again: 1019" "$(bt mchOrderId=BT1)" 1019
a=$(bt mchOrderId=BT2 channelCode=OTHER_ACC)
like "transfer account on another channel: 1009" "$(jv "$a" .message)" "INSTA_TRANSFER_ACC"
a=$(ctl POST /_sandbox/transfer/pay '{"mchOrderId":"BT1","amount":75000}')
like "customer transfers to the account" "$(jv "$a" .paymentAccount)" '^9991'
a=$(call GET /api/v1/paymentAccount/BT1/payments startDate="$today" endDate="$today" channelCode=INSTA_TRANSFER_ACC)
is "transfer payments: listed" "$(jv "$a" '.data | length')" 1
a=$(call POST /api/v1/batch/paymentAccount/BT1/update channelCode=INSTA_TRANSFER_ACC)
code_is "transfer update: 1000" "$a" 1000
code_is "transfer update of an unknown order: 1008" \
	"$(call POST /api/v1/batch/paymentAccount/NOPE/update channelCode=INSTA_TRANSFER_ACC)" 1008

# ---- web payments ----
web() {
	call POST /api/v1/payment appName="Sandbox Shop" channelCode=GCASH_URL email=ana@example.com \
		mobile=09171234567 callbackUrl=http://127.0.0.1:9/cb redirectUrl=https://shop.example/back "$@"
}
a=$(web mchOrderId=W1 amount:=25000)
code_is "web payment: 1000" "$a" 1000
is "web payment: PENDING" "$(jv "$a" .data.transactionStatus)" PENDING
w1=$(jv "$a" .data.transactionId)
link=$(jv "$a" .data.redirectUrl)
like "web payment: hosted link" "$link" "^$SB_URL/_sandbox/link/"
like "the link answers a page" "$(curl -s "$link")" "W1"
code_is "web payment, same mchOrderId: 1012" "$(web mchOrderId=W1 amount:=25000)" 1012
like "web payment above 50,000.00: 1009" "$(web mchOrderId=W2 amount:=5000001 | jq -r .message)" "amount"
a=$(call GET "/api/v1/payment/$w1" transactionId="$w1")
is "web status: PENDING" "$(jv "$a" .data.transactionStatus)" PENDING
a=$(ctl POST /_sandbox/web/complete "{\"transactionId\":\"$w1\"}")
is "payer completes it" "$(jv "$a" .transactionStatus)" COMPLETE
a=$(call GET "/api/v1/payment/$w1" transactionId="$w1")
is "web status: COMPLETE with returnTime" "$(jv "$a" .data.transactionStatus):$(jv "$a" '.data.returnTime != null')" "COMPLETE:true"
like "completing twice is refused" "$(ctl POST /_sandbox/web/complete "{\"transactionId\":\"$w1\"}")" "already COMPLETE"
a=$(call GET /api/v1/payment/C0000000000000000000 transactionId=C0000000000000000000)
is "web status unknown: 1008 Transaction Not Found" "$(jv "$a" '"\(.code) \(.message) \(.data)"')" "1008 Transaction Not Found null"
w3=$(web mchOrderId=W3 amount:=1000 | jq -r .data.transactionId)
a=$(ctl POST /_sandbox/web/fail "{\"transactionId\":\"$w3\",\"failedCode\":-10006}")
is "payer fails it" "$(jv "$a" .transactionStatus)" FAILED

# ---- checkout ----
customer='{"firstName":"Ana","lastName":"Cruz","email":"ana@example.com","mobile":"09171234567"}'
items='[{"name":"Mug","amount":15000,"quantity":2}]'
co() {
	call --envelope POST /api/v1/checkout currency=PHP amount:=30000 callbackUrl=http://127.0.0.1:9/cb \
		redirectUrl=https://shop.example/back "$@"
}
a=$(co mchOrderId=CHECKOUT001 customer:="$customer" items:="$items" availableChannelCodes=GCASH_URL,PAYMAYA_URL)
code_is "checkout: 1000" "$a" 1000
like "checkout: checkoutId CH + 19 digits" "$(jv "$a" .data.checkoutId)" '^CH[0-9]{19}$'
is "checkout: PENDING with an expiry" "$(jv "$a" .data.status):$(jv "$a" '.data.expiresTime != null')" "PENDING:true"
code_is "checkout, same mchOrderId: 1012" "$(co mchOrderId=CHECKOUT001 customer:="$customer" items:="$items")" 1012
a=$(co mchOrderId=CHECKOUT002 customer:='{"email":"a@example.com","mobile":"09171234567"}' items:="$items")
like "checkout without customer.firstName: 1009 naming it" "$(jv "$a" .message)" "customer.firstName: missing"
a=$(co mchOrderId=CHECKOUT003 customer:="$customer" items:="$items" --tamper)
code_is "checkout envelope altered after signing: 1003" "$a" 1003
a=$(call --envelope POST /api/v1/checkout/state mchOrderId=CHECKOUT001)
is "checkout state: PENDING" "$(jv "$a" .data.transactionStatus)" PENDING
like "paying on a channel it does not offer is refused" \
	"$(ctl POST /_sandbox/checkout/complete '{"mchOrderId":"CHECKOUT001","channelCode":"BPIA_URL"}')" "availableChannelCodes"
a=$(ctl POST /_sandbox/checkout/complete '{"mchOrderId":"CHECKOUT001","channelCode":"PAYMAYA_URL"}')
is "payer completes the checkout" "$(jv "$a" .transactionStatus)" COMPLETE
a=$(call --envelope POST /api/v1/checkout/state mchOrderId=CHECKOUT001)
is "checkout state: COMPLETE on PAYMAYA_URL" "$(jv "$a" '"\(.data.transactionStatus) \(.data.channelCode) \(.data.appName)"')" "COMPLETE PAYMAYA_URL Sandbox Shop"
code_is "checkout state unknown: 1008" "$(call --envelope POST /api/v1/checkout/state mchOrderId=NOPE)" 1008

# ---- statement and balance ----
now=$(($(date +%s) * 1000))
a=$(call POST /api/v1/record/paymentList createDate="$today" status=COMPLETE page:=1 timestamp="$now")
is "payment statement: the completed collections" "$(jv "$a" '.data.records | map(.paymentMethod) | join(",")')" \
	"QR Code,QR Code,Virtual Account,Bank Transfer,Web Payment,Checkout"
is "payment statement: amount and fee in pesos" "$(jv "$a" '.data.records[0] | "\(.amount) \(.fee)"')" "500 5"
# 50000 + 12345 + 30000 + 75000 + 25000 + 30000 collected, 1% fee each, floored.
is "collections credit amount minus fee" "$(call GET /api/v1/account/checkBalance | jq .data.balance)" \
	$((100000000 + 50000 - 500 + 12345 - 123 + 30000 - 300 + 75000 - 750 + 25000 - 250 + 30000 - 300))
table_check
done_testing
