#!/bin/sh
# paycon-sandbox: start-up, usage errors, and how requests are checked:
# appId (1001), signature (1003), fields (1009), routing.
. "$(dirname "$0")/lib.sh"
plan 32
setup

# ---- usage ----
"$SANDBOX" >/dev/null 2>"$SCRATCH/err"; rc=$?
is "no arguments: exit 2" "$rc" 2
like "no arguments: says what is missing" "$(cat "$SCRATCH/err")" "--listen HOST:PORT is required"
"$SANDBOX" --help >"$SCRATCH/out" 2>&1; rc=$?
is "--help: exit 0" "$rc" 0
base="--app-id x --merchant-public-key $SCRATCH/merchant.pub --platform-private-key $SCRATCH/platform.pem"
"$SANDBOX" --listen nonsense $base >/dev/null 2>"$SCRATCH/err"; rc=$?
is "bad --listen: exit 2" "$rc" 2
"$SANDBOX" --listen 127.0.0.1:0 --app-id x --merchant-public-key "$SCRATCH/none.pub" \
	--platform-private-key "$SCRATCH/platform.pem" >/dev/null 2>"$SCRATCH/err"; rc=$?
is "unreadable merchant key: exit 2" "$rc" 2
cp "$SCRATCH/platform.pem" "$SCRATCH/open.pem"; chmod 644 "$SCRATCH/open.pem"
"$SANDBOX" --listen 127.0.0.1:0 --app-id x --merchant-public-key "$SCRATCH/merchant.pub" \
	--platform-private-key "$SCRATCH/open.pem" >/dev/null 2>"$SCRATCH/err"; rc=$?
is "platform key readable by others: exit 2" "$rc" 2
like "platform key readable by others: says chmod 600" "$(cat "$SCRATCH/err")" "chmod 600"
"$SANDBOX" --listen 127.0.0.1:0 $base --fault explode >/dev/null 2>"$SCRATCH/err"; rc=$?
is "bad --fault: exit 2" "$rc" 2
"$SANDBOX" --listen 127.0.0.1:0 $base --settle-ms -5 >/dev/null 2>"$SCRATCH/err"; rc=$?
is "bad --settle-ms: exit 2" "$rc" 2

# ---- start ----
start_sandbox --settle-ms 50
like "prints the listening line with the real port" "$(cat "$SCRATCH/sandbox.out")" \
	"^listening on http://127\.0\.0\.1:[1-9][0-9]*$"

a=$(call GET /api/v1/account/checkBalance)
code_is "balance: 1000" "$a" 1000
is "balance: the default opening balance" "$(jv "$a" .data.balance)" 100000000

# ---- appId and signature ----
code_is "unknown appId: 1001" "$(call --app someone-else GET /api/v1/account/checkBalance)" 1001
code_is "no sign: 1003" "$(call --no-sign GET /api/v1/account/checkBalance)" 1003
a=$(call --tamper POST /api/v1/qrcode mchOrderId=T1 appName=Shop channelCode=QRPH_STATIC_QR customerName=Ana)
code_is "body changed after signing: 1003" "$a" 1003
is "1003 message is PayCools' own" "$(jv "$a" .message)" "request sign is invalid"
code_is "signed with another key: 1003" \
	"$(call --key "$SCRATCH/platform.pem" GET /api/v1/account/checkBalance)" 1003
code_is "SHA1WithRSA (doc-dev) is accepted" "$(call --hash sha1 GET /api/v1/account/checkBalance)" 1000

# ---- fields ----
a=$(call POST /api/v1/payout mchOrderId=F1 appName=Shop idempotencyId=IDEMPOTENT01 amount:=50 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH)
code_is "amount below the table's minimum: 1009" "$a" 1009
like "1009 names the field" "$(jv "$a" .message)" "^request params invalid: .*amount: 50 is below the minimum 100"
a=$(call POST /api/v1/payout mchOrderId=F1 appName=Shop idempotencyId=IDEMPOTENT01 amount:=5000 \
	accountNo=09171234567 payMethodCode=EWALLET ewalletCode=GCASH)
like "a missing mandatory field is named" "$(jv "$a" .message)" "accountName: missing"
a=$(call --raw '{"appId": "x", "amount": 1,}' POST /api/v1/payout)
code_is "malformed JSON: 1009" "$a" 1009
like "malformed JSON: the parse error is in the message" "$(jv "$a" .message)" "byte [0-9]+"
a=$(call POST /api/v1/qrcode mchOrderId=U1 appName=Shop channelCode=QRPH_STATIC_QR customerName=Ana colour=red)
like "unknown field: 1009 naming it" "$(jv "$a" .message)" "colour: not a field of qr.create"

# ---- query strings and path placeholders ----
a=$(call POST /api/v1/qrcode "mchOrderId=Q 1/ñ" appName=Shop channelCode=QRPH_STATIC_QR customerName=Ana)
code_is "QR with an odd mchOrderId" "$a" 1000
a=$(call GET '/api/v1/qrcode/Q%201%2F%C3%B1' "mchOrderId=Q 1/ñ")
is "GET: path and query are percent-decoded" "$(jv "$a" '.code + 0 | tostring') $(jv "$a" .data.mchOrderId)" "1000 Q 1/ñ"
a=$(call GET '/api/v1/qrcode/Q%201%2F%C3%B1' "mchOrderId=other")
like "path and query disagreeing: 1009" "$(jv "$a" .message)" "mchOrderId: the path says"

a=$(call -i GET /api/v1/nothing/here)
like "unknown route: HTTP 404" "$a" "^HTTP 404"
like "control index lists the routes" "$(ctl GET /_sandbox/)" "/_sandbox/qr/pay"

# ---- control endpoints from another host ----
ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -n 1)
if [ -n "$ip" ]; then
	"$SANDBOX" --listen 0.0.0.0:0 --app-id x --merchant-public-key "$SCRATCH/merchant.pub" \
		--platform-private-key "$SCRATCH/platform.pem" >"$SCRATCH/any.out" 2>/dev/null &
	SB_PIDS="$SB_PIDS $!"
	port=$(wait_listening "$SCRATCH/any.out" | sed 's/.*://')
	st=$(curl -s -o /dev/null -w '%{http_code}' "http://$ip:$port/_sandbox/ledger")
	is "control endpoints refuse a non-loopback peer (403)" "$st" 403
else
	ok "control endpoints refuse a non-loopback peer # SKIP no non-loopback address"
fi

stop_sandbox
is "SIGTERM: exit 0" "$SB_EXIT" 0
table_check
done_testing
