#!/bin/sh
# Payouts and refunds through the sandbox's network faults: the connection
# dropped after the commit, an answer slower than paycon's timeout, codes
# 1018 and 1013, HTTP 502, a garbage body. Proves, from the sandbox's
# request log and ledger:
#   - the outcome is shown as UNKNOWN (command output and journal) until
#     it is settled, and paycon does not send again while it cannot tell;
#   - a repeated command with the same order id settles: `already` when the
#     money had moved, `accepted` (sent again, with the very same ids) when
#     it had not; never an error, never a second payout or refund;
#   - under random faults on every endpoint, an operator who simply repeats
#     the command ends with exactly one object per order.
#
# SAFETY_FAULT_ORDERS orders in the random part (40; 200 with SAFETY_SCALE=long).
. "$(dirname "$0")/../integration/lib.sh"
ORDERS=${SAFETY_FAULT_ORDERS:-40}
[ "${SAFETY_SCALE:-}" = long ] && ORDERS=${SAFETY_FAULT_ORDERS:-200}
SEED=${SAFETY_SEED:-$(date +%s)}

for tool in jq curl; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is needed"; exit 0; }
done
setup_scratch
install_test_keys
start_loop --settle-ms 1 --balance 10000000000 --seed "$SEED" ||
	{ echo "1..0 # SKIP the loop did not start"; exit 0; }
P="$PAYCON --config $CONF"
# The same profile (same journal) with paycon's shortest timeout, 1 s.
sed 's|role = .*|&\n    timeout_ms = 1000;|' "$CONF" >"$SCRATCH/conf-fast"
plan 95
echo "# seed $SEED"

$P --json web-payment create --order-id FAULTWEB --amount 50000 --channel GCASH_URL \
	--email b@example.ph --mobile 09191234567 --callback-url "$HOOK_URL" \
	--redirect-url https://shop.example.ph/r >"$SCRATCH/web.json" 2>"$SCRATCH/web.err"
WEB=$(jq -r .transactionId "$SCRATCH/web.json" 2>/dev/null)
$P sandbox trigger web-complete "$WEB" >/dev/null 2>&1
check "a completed collection to refund" [ -n "$WEB" ]

faults() { # faults SPEC... : replaces the active faults (none when no SPEC)
	curl -s -X DELETE "$SANDBOX_URL/_sandbox/faults" >/dev/null
	for spec in "$@"; do
		curl -s -X POST -d "{\"spec\":\"$spec\"}" "$SANDBOX_URL/_sandbox/faults" >/dev/null
	done
}
settle_all() { curl -s -X POST "$SANDBOX_URL/_sandbox/settle" >/dev/null; }

command_for() { # command_for payout|refund ORDER AMOUNT
	if [ "$1" = payout ]; then
		echo "payout create --order-id $2 --amount $3 --method EWALLET --ewallet GCASH" \
			"--account-no 09171234567 --account-name Juan"
	else
		echo "refund create --refund-id $2 --original $WEB --amount $3 --callback-url $HOOK_URL"
	fi
}

# The create requests the sandbox received for ORDER, one line each with
# the ids they carried (the sandbox logs them for money-moving requests).
creates_of() {
	grep -o "\.create \[[^]]*=$1\( [^]]*\)*\]" "$SCRATCH/sandbox.log" | sed 's/^\.create //'
}

# held KIND ORDER : how many objects the sandbox's ledger holds under ORDER.
held() {
	if [ "$1" = payout ]; then
		curl -s "$SANDBOX_URL/_sandbox/ledger" | jq --arg k "$2" '[.payouts[] | select(.mchOrderId == $k)] | length'
	else
		curl -s "$SANDBOX_URL/_sandbox/ledger" | jq --arg k "$2" '[.refunds[] | select(.mchRefundOrderId == $k)] | length'
	fi
}

journal_state() { # journal_state ORDER
	$P --json journal | jq -r --arg k "$1" 'select(.key == $k) | .state'
}

# ---- one fault at a time, on every endpoint ----------------------------------
# scenario NAME FAULT KIND ORDER COMMITTED(yes|no) [CONFIG]
scenario() {
	sc=$1 fault=$2 kind=$3 order=$4 committed=$5 conf=${6:-$CONF}
	cmd=$(command_for "$kind" "$order" 12.34)
	[ "$kind" = refund ] && settle_all
	faults "$fault"
	$PAYCON --config "$conf" --json $cmd >"$SCRATCH/out" 2>"$SCRATCH/err"
	status=$?
	result=$(jq -r .result "$SCRATCH/out" 2>/dev/null)
	shown=$(jq -r .status "$SCRATCH/out" 2>/dev/null)
	if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$result" = unknown ] && [ "$shown" = UNKNOWN ]; then
		ok "$sc: the $kind fails (exit $status) and shows its outcome as UNKNOWN"
	else
		not_ok "$sc: the $kind shows UNKNOWN" "exit $status, result $result, status $shown" \
			"stderr: $(head -c 300 "$SCRATCH/err")"
	fi
	check "$sc: the journal lists it as UNKNOWN" [ "$(journal_state "$order")" = UNKNOWN ]
	# The operator repeats it while the fault lasts: not sent again.
	$PAYCON --config "$conf" --json $cmd >"$SCRATCH/out" 2>"$SCRATCH/err"
	status=$?
	sends=$(creates_of "$order" | wc -l | tr -d ' ')
	if [ "$status" -ne 0 ] && [ "$status" -ne 2 ] && [ "$sends" -eq 1 ]; then
		ok "$sc: repeated while it cannot tell: still unknown, not sent again (exit $status)"
	else
		not_ok "$sc: repeated while faulty" "exit $status, $sends creates received" \
			"stderr: $(head -c 300 "$SCRATCH/err")"
	fi
	faults
	# A request held up by latency commits when its wait ends.
	[ "$fault" = "${fault#latency}" ] || sleep 1
	$P --json $cmd >"$SCRATCH/out" 2>"$SCRATCH/err"
	status=$?
	result=$(jq -r .result "$SCRATCH/out" 2>/dev/null)
	if [ "$committed" = yes ]; then want=already; else want=accepted; fi
	if [ "$status" -eq 0 ] && [ "$result" = "$want" ]; then
		ok "$sc: repeated once PayCools answers: settles as $want"
	else
		not_ok "$sc: repeated once PayCools answers: settles as $want" "exit $status, result $result" \
			"stderr: $(head -c 300 "$SCRATCH/err")"
	fi
	creates_of "$order" >"$SCRATCH/creates"
	sends=$(wc -l <"$SCRATCH/creates" | tr -d ' ')
	if [ "$committed" = yes ]; then want=1; else want=2; fi
	if [ "$sends" -eq "$want" ] && [ "$(sort -u "$SCRATCH/creates" | wc -l | tr -d ' ')" -eq 1 ]; then
		ok "$sc: the sandbox received $sends create(s), all with the same ids"
	else
		not_ok "$sc: creates received" "$sends, wanted $want with the same ids:" "$(cat "$SCRATCH/creates")"
	fi
	check "$sc: exactly one $kind exists" [ "$(held "$kind" "$order")" = 1 ]
	check "$sc: the journal settles it" [ "$(journal_state "$order")" != UNKNOWN ]
}

scenario "dropped after commit" drop payout FDROPP yes
scenario "dropped after commit" drop refund FDROPR yes
scenario "garbage body after commit" garbage payout FGARBP yes
scenario "garbage body after commit" garbage refund FGARBR yes
scenario "1018" code=1018 payout F1018P no
scenario "1018" code=1018 refund F1018R no
scenario "1013" code=1013 payout F1013P no
scenario "1013" code=1013 refund F1013R no
scenario "HTTP 502" http=502 payout F502P no
scenario "HTTP 502" http=502 refund F502R no
# 1.5 s before the sandbox even reads it, paycon gives up after 1 s: the
# request commits after paycon has stopped waiting.
scenario "slower than paycon's timeout" latency=1500 payout FSLOWP yes "$SCRATCH/conf-fast"
scenario "slower than paycon's timeout" latency=1500 refund FSLOWR yes "$SCRATCH/conf-fast"

# ---- random faults on every endpoint; the operator just repeats -----------
faults drop:0.1 garbage:0.1 code=1018:0.08 code=1013:0.08 http=502:0.08
log_mark=$(wc -l <"$SCRATCH/sandbox.log")
: >"$SCRATCH/asked"
: >"$SCRATCH/attempts"
awk -v n="$ORDERS" -v seed="$SEED" 'BEGIN { srand(seed)
	for (i = 1; i <= n; i++)
		printf "%d %s %d.%02d\n", i, rand() < 0.6 ? "payout" : "refund", 1 + int(rand() * 9), int(rand() * 98)
}' >"$SCRATCH/orders"
refused=0
unknown_not_shown=0
while read -r i kind amount; do
	if [ "$kind" = payout ]; then order=RNDP$i; else order=RNDR$i; settle_all; fi
	echo "$kind $order" >>"$SCRATCH/asked"
	cmd=$(command_for "$kind" "$order" "$amount")
	try=1
	while [ $try -le 15 ]; do
		$P --json $cmd >"$SCRATCH/out" 2>"$SCRATCH/err"
		status=$?
		result=$(jq -r .result "$SCRATCH/out" 2>/dev/null)
		echo "$order $try $status ${result:-none}" >>"$SCRATCH/attempts"
		[ "$status" -eq 0 ] && break
		[ "$status" -eq 2 ] && refused=$((refused + 1))
		if [ "$result" = unknown ] && [ "$(jq -r .status "$SCRATCH/out")" != UNKNOWN ]; then
			unknown_not_shown=$((unknown_not_shown + 1))
		fi
		try=$((try + 1))
	done
done <"$SCRATCH/orders"
settled_under_faults=$(awk '$3 == 0' "$SCRATCH/attempts" | wc -l | tr -d ' ')
faults
$P reconcile >/dev/null 2>&1
# Orders the faults outlasted: the operator repeats them now.
late=0
late_failed=0
while read -r i kind amount; do
	if [ "$kind" = payout ]; then order=RNDP$i; else order=RNDR$i; fi
	awk -v o="$order" '$1 == o && $3 == 0 { found = 1 } END { exit !found }' "$SCRATCH/attempts" && continue
	late=$((late + 1))
	[ "$kind" = refund ] && settle_all
	$P --json $(command_for "$kind" "$order" "$amount") >/dev/null 2>&1 || late_failed=$((late_failed + 1))
done <"$SCRATCH/orders"
expect_exit "reconcile afterwards: nothing left unknown" 0 $P reconcile

attempts=$(wc -l <"$SCRATCH/attempts" | tr -d ' ')
tail -n +"$((log_mark + 1))" "$SCRATCH/sandbox.log" >"$SCRATCH/random.log"
hit=$(grep -c '\.create \[.*\[fault ' "$SCRATCH/random.log")
for kind in drop garbage code http; do
	echo "# random faults that hit (any endpoint): $kind $(grep -c "\[fault $kind\]" "$SCRATCH/random.log")"
done
echo "# random faults: $ORDERS orders, $attempts attempts, $settled_under_faults settled while faults" \
	"were active, $late repeated after they stopped; $hit creates hit by a fault"
awk '{ print $4 }' "$SCRATCH/attempts" | sort | uniq -c | sed 's/^ */# attempt results: /'
check "no repeat was refused as a different request (exit 2): $refused" [ "$refused" -eq 0 ]
check "an unknown outcome was always shown as UNKNOWN" [ "$unknown_not_shown" -eq 0 ]
check "every order settled by repeating the command ($late_failed failed)" [ "$late_failed" -eq 0 ]

curl -s "$SANDBOX_URL/_sandbox/ledger" >"$SCRATCH/ledger.json"
jq -r '(.payouts[] | "payout \(.mchOrderId)"), (.refunds[] | "refund \(.mchRefundOrderId)")' \
	"$SCRATCH/ledger.json" | grep ' RND' | sort >"$SCRATCH/held"
sort "$SCRATCH/asked" >"$SCRATCH/asked.sorted"
dups=$(uniq -d "$SCRATCH/held" | wc -l | tr -d ' ')
lost=$(sort -u "$SCRATCH/held" | comm -23 "$SCRATCH/asked.sorted" - | wc -l | tr -d ' ')
extra=$(sort -u "$SCRATCH/held" | comm -13 "$SCRATCH/asked.sorted" - | wc -l | tr -d ' ')
echo "# ledger: duplicates found: $dups; lost: $lost; not asked for: $extra"
check "random faults: no payout or refund exists twice (duplicates found: $dups)" [ "$dups" -eq 0 ]
check "random faults: none asked for is lost ($lost)" [ "$lost" -eq 0 ]
check "random faults: nothing exists that was not asked for ($extra)" [ "$extra" -eq 0 ]
unknown=$($P --json journal | jq -r 'select(.state == "UNKNOWN") | .key' | wc -l | tr -d ' ')
check "random faults: no journal entry stays UNKNOWN ($unknown)" [ "$unknown" -eq 0 ]

# Every create the sandbox received, for any order, carried that order's
# one pair of ids: the ids of its journal intent.
sed -n 's/.* payout\.create \[mchOrderId=\([^ ]*\) idempotencyId=\([^] ]*\)\].*/\1 \2/p' \
	"$SCRATCH/sandbox.log" | sort -u >"$SCRATCH/sent.idem"
jq -r 'select(.type == "intent" and .op == "payout.create") | "\(.key) \(.fields.idempotencyId)"' \
	"$XDG_STATE_HOME/paycon/test/journal" | sort -u >"$SCRATCH/intent.idem"
check "every payout create received carried its intent's ids" cmp -s "$SCRATCH/sent.idem" "$SCRATCH/intent.idem"
resent=$(sed -n 's/.* payout\.create \[mchOrderId=\([^ ]*\) .*/\1/p' "$SCRATCH/sandbox.log" | sort | uniq -d | wc -l | tr -d ' ')
new_ids=$(grep -c ' payout\.create \[.*\] -> HTTP 200 {"code":1012' "$SCRATCH/sandbox.log")
echo "# payout orders sent more than once (same ids each time): $resent; 1012 answers: $new_ids"
check "no order id ever went out under a new idempotency id (1012: $new_ids)" [ "$new_ids" -eq 0 ]
done_testing
