#!/bin/sh
# `paycon uat` against a real paycon-sandbox and paycon-hookd: every
# automatable item of the shipped checklist passes, the reports carry every
# item with masked evidence, progress survives a restart, items that need a
# person are left `manual` without a terminal, and a server that lacks the
# endpoints fails items with the HTTP error instead of hanging.
#
# Commands run under `setsid -w` have no controlling terminal, as in CI:
# paycon must never wait for an answer nobody can give.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
start_loop || { echo "1..0 # SKIP the loop did not start"; exit 0; }
P="$PAYCON --config $CONF"
NOTTY="setsid -w"
UAT_ITEMS="balance payout duplicate-order duplicate-idempotency bad-signature qr-static qr-dynamic
va-static bank-transfer web-payment checkout refund-full refund-partial statements callback-url"
plan 35

# ---- the whole UAT phase against the sandbox
expect_exit "uat run --all passes against the sandbox" 0 timeout 300 $NOTTY $P uat run --all --callback-url "$HOOK_URL"
n=$(grep -c '^pass ' "$SCRATCH/out")
if [ "$n" -eq 15 ]; then ok "15 items passed"; else not_ok "$n items passed" "$(cat "$SCRATCH/out")"; fi
stdout_has "the summary counts them" "All 15 items for sandbox: 15 pass, 0 fail, 0 skipped, 0 manual, 0 pending"
echo "# sandbox report: $(tail -n 1 "$SCRATCH/out")"
stderr_has "each step is shown as it runs" "uat: payout: step 3/4: waiting up to 60 s for disbursement.success"

expect_exit "uat list" 0 $P uat list
missing=""
for item in $UAT_ITEMS; do
	grep -Eq "^  $item +pass +auto " "$SCRATCH/out" || missing="$missing $item"
done
if [ -z "$missing" ]; then ok "list shows every UAT item passed"; else not_ok "not passed:$missing" "$(cat "$SCRATCH/out")"; fi
stdout_has "production items are not for a sandbox profile" "prod-recording         pending  n/a"

expect_exit "uat show payout" 0 $P uat show payout
stdout_has "the callback is in the evidence, verified" "callback disbursement.success"
stdout_has "with its verdict" "verdict: valid"
stdout_has "the signature is shortened" "sign: "
stdout_has "the account number is masked" "accountNo=091****4567"

# ---- reports
expect_exit "report --format md" 0 $P uat report --format md --out "$SCRATCH/report.md"
missing=""
for item in $UAT_ITEMS; do
	grep -q "^### \`$item\`: " "$SCRATCH/report.md" || missing="$missing $item"
done
if [ -z "$missing" ]; then ok "the Markdown report has every item"; else not_ok "missing:$missing"; fi
check "it names the merchant app" grep -q '^| Merchant app | paycon test shop |$' "$SCRATCH/report.md"
check "the environment" grep -q '^| Environment | SANDBOX (http://127.0.0.1:' "$SCRATCH/report.md"
check "the date" grep -Eq '^\| Date \| [0-9]{4}-[0-9]{2}-[0-9]{2}T' "$SCRATCH/report.md"
check "and the result" grep -q '^| Result | 15 of 15 items passed' "$SCRATCH/report.md"

expect_exit "report --format json" 0 $P uat report --format json --out "$SCRATCH/report.json"
if jq -e '[.phases[] | select(.applies) | .items[] | select(.state == "pass")] | length == 15' \
	"$SCRATCH/report.json" >/dev/null 2>&1; then
	ok "the JSON report has 15 passed items"
else
	not_ok "JSON report" "$(head -c 400 "$SCRATCH/report.json")"
fi
missing=""
for item in $UAT_ITEMS; do
	jq -e --arg id "$item" '[.phases[].items[] | select(.id == $id and (.evidence | length) > 0)] | length == 1' \
		"$SCRATCH/report.json" >/dev/null 2>&1 || missing="$missing $item"
done
if [ -z "$missing" ]; then ok "every item in the JSON report has evidence"; else not_ok "missing:$missing"; fi
if grep -q 09171234567 "$SCRATCH/report.md" "$SCRATCH/report.json" "$XDG_STATE_HOME/paycon/test/uat.json"; then
	not_ok "a full account number was kept"
else
	ok "no full account number in the reports or the progress file"
fi

# ---- progress survives a restart (every command above was a new process)
expect_exit "reset one item" 0 $P uat reset statements
expect_exit "list after reset" 0 $P uat list
stdout_has "it is pending again" "  statements             pending"
stdout_has "the others kept their results" "14 pass, 0 fail, 0 skipped, 0 manual, 1 pending"
expect_exit "run --pending runs only what is left" 0 $NOTTY $P uat run --pending
stdout_has "that one item" "1 run. All 15 items for sandbox: 15 pass"

# ---- outside the sandbox a payment needs a person: without a terminal, manual
sed 's/environment = "sandbox"/environment = "uat"/' "$CONF" >"$SCRATCH/conf-uat"
expect_exit "a uat profile without a terminal" 0 env XDG_STATE_HOME="$SCRATCH/state-uat" \
	$NOTTY $PAYCON --config "$SCRATCH/conf-uat" uat run qr-static
stdout_has "leaves the payment item manual" "manual   qr-static"
stdout_has "saying what the operator must do" "needs an operator"

# ---- a server that lacks the endpoints: hookd's own address as base_url
hook_base=$(echo "$HOOK_URL" | sed 's|^\(http://[^/]*\).*|\1|')
sed "s|base_url = .*|base_url = \"$hook_base\";|" "$CONF" >"$SCRATCH/conf-404"
expect_exit "balance against a server without the endpoint fails" 1 env XDG_STATE_HOME="$SCRATCH/state-404" \
	timeout 60 $NOTTY $PAYCON --config "$SCRATCH/conf-404" uat run balance
stdout_has "with the HTTP error" "HTTP 404"
start=$(date +%s)
expect_exit "run --all there fails, and ends" 1 env XDG_STATE_HOME="$SCRATCH/state-404" \
	timeout 120 $NOTTY $PAYCON --config "$SCRATCH/conf-404" uat run --all
took=$(( $(date +%s) - start ))
if [ "$took" -lt 60 ]; then ok "without waiting for callbacks that cannot come (${took}s)"; else not_ok "took ${took}s"; fi
done_testing
