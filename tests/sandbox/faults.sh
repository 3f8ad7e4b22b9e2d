#!/bin/sh
# paycon-sandbox: fault injection — drop, code, http, garbage, latency,
# probabilities with a fixed seed, endpoint filters, run-time changes.
. "$(dirname "$0")/lib.sh"
plan 26
setup
start_sandbox --settle-ms 60000 --fault 'drop@payout.create'

payout() {
	call POST /api/v1/payout mchOrderId="$1" appName=Shop idempotencyId="$2" amount:=10000 \
		accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH
}
status_code() { call GET /api/v1/payout/check mchOrderId="$1" | jq -r .code; }
ms() { date +%s%3N; }

# ---- drop: committed, no answer ----
a=$(payout PO1 IDEMPOTENCY01)
is "drop: the connection closes without an answer" "$a" "NO ANSWER (curl exit 52)"
is "drop: the payout was made all the same" "$(call GET /api/v1/payout/check mchOrderId=PO1 | jq -r .data.transactionStatus)" PENDING
code_is "drop: the filter spares other endpoints" "$(call GET /api/v1/account/checkBalance)" 1000
a=$(ctl GET /_sandbox/faults)
is "faults from --fault are listed" "$(jv "$a" '.faults[0] | "\(.kind) \(.endpoint) \(.prob)"')" "drop payout.create 1"
ctl DELETE /_sandbox/faults >/dev/null
code_is "retrying the dropped request after the fault is gone: 1014" "$(payout PO1 IDEMPOTENCY01)" 1014

# ---- code: answered, not committed ----
ctl POST /_sandbox/faults '{"spec":"code=1018@payout.create"}' >/dev/null
a=$(payout PO2 IDEMPOTENCY02)
code_is "code=1018: answers 1018" "$a" 1018
is "code=1018: PayCools' message" "$(jv "$a" .message)" "network failed, please retry"
is "code=1018: nothing was committed" "$(status_code PO2)" 1008
ctl DELETE /_sandbox/faults >/dev/null
ctl POST /_sandbox/faults '{"spec":"code=1013"}' >/dev/null
code_is "code=1013 without a filter hits every endpoint" "$(call GET /api/v1/account/checkBalance)" 1013
like "control endpoints are never faulted" "$(ctl GET /_sandbox/faults)" '"code=1013"'
ctl DELETE /_sandbox/faults >/dev/null
code_is "after DELETE the retry with the same ids succeeds" "$(payout PO2 IDEMPOTENCY02)" 1000

# ---- http: an HTML error page, not committed ----
ctl POST /_sandbox/faults '{"spec":"http=502@payout.create"}' >/dev/null
a=$(call -i POST /api/v1/payout mchOrderId=PO3 appName=Shop idempotencyId=IDEMPOTENCY03 amount:=10000 \
	accountNo=09171234567 accountName="Ana Cruz" payMethodCode=EWALLET ewalletCode=GCASH)
like "http=502: HTTP 502" "$a" "^HTTP 502"
like "http=502: an HTML page" "$a" "<title>502 Bad Gateway</title>"
is "http=502: nothing was committed" "$(status_code PO3)" 1008
ctl DELETE /_sandbox/faults >/dev/null

# ---- garbage: committed, body not JSON ----
ctl POST /_sandbox/faults '{"specs":["garbage@qr.create"]}' >/dev/null
a=$(call POST /api/v1/qrcode appName=Shop mchOrderId=Q1 channelCode=QRPH_STATIC_QR customerName=Ana)
if printf '%s' "$a" | jq . >/dev/null 2>&1; then not_ok "garbage: the answer is not JSON" "$a"; else
	ok "garbage: the answer is not JSON"; fi
like "garbage: it carries terminal escapes" "$a" "$(printf '\033')\\["
code_is "garbage: the QR code was made" "$(call GET /api/v1/qrcode/Q1 mchOrderId=Q1)" 1000
ctl DELETE /_sandbox/faults >/dev/null

# ---- latency ----
ctl POST /_sandbox/faults '{"spec":"latency=400@account.balance"}' >/dev/null
t0=$(ms); a=$(call GET /api/v1/account/checkBalance); t1=$(ms)
code_is "latency: the answer is normal" "$a" 1000
if [ $((t1 - t0)) -ge 400 ]; then ok "latency: it came after 400 ms or more"; else
	not_ok "latency: too fast" "$((t1 - t0)) ms"; fi
ctl DELETE /_sandbox/faults >/dev/null

# ---- bad specs ----
a=$(curl -s -w ' %{http_code}' -X POST -d '{"spec":"code=42"}' "$SB_URL/_sandbox/faults")
like "an unknown code is refused with 400" "$a" "PayCools error code.* 400$"
like "…and the grammar" "$a" "KIND\[=ARG\]\[:PROB\]\[@ENDPOINT_ID\]"
a=$(curl -s -w ' %{http_code}' -X POST -d '{"spec":"drop@no.such"}' "$SB_URL/_sandbox/faults")
like "an unknown endpoint id is refused" "$a" "no endpoint with this id.* 400$"
stop_sandbox

# ---- probabilities repeat with the same seed ----
# sequence SEED : the codes of 16 balance calls under code=1018:0.5.
sequence() {
	start_sandbox --seed "$1" --fault 'code=1018:0.5@account.balance'
	i=0 s=""
	while [ $i -lt 16 ]; do
		s="$s$(call GET /api/v1/account/checkBalance | jq -r .code | cut -c4)"
		i=$((i + 1))
	done
	stop_sandbox
	echo "$s"
}
s1=$(sequence 7)
s2=$(sequence 7)
s3=$(sequence 8)
is "PROB 0.5: the same seed gives the same sequence" "$s1" "$s2"
like "PROB 0.5: some requests fail and some pass" "$s1" "0.*8|8.*0"
if [ "$s1" != "$s3" ]; then ok "another seed gives another sequence"; else
	not_ok "another seed" "$s1 = $s3"; fi
table_check
done_testing
