#!/bin/sh
# Money never moves twice and nothing asked for is lost, whenever paycon
# dies: payouts and refunds are created against the sandbox and paycon is
# killed with SIGKILL at a random point of each; then the operator's retry
# (the same command, the same order id) and `paycon reconcile` run, and the
# sandbox's own ledger is compared with what was asked for.
#
# Kill points (tests/tools/crash_hooks.c, compiled only into the test
# binary tests/tools/paycon-crashy, never into paycon):
#   before-intent, after-intent, mid-request (a timer fires while the
#   request is in flight; the sandbox holds each create 15 ms with a latency
#   fault so that the window is wide), after-answer, before-outcome,
#   after-outcome; and "random": the real paycon killed from outside after
#   a random 0-80 ms, wherever it is.
#
# SAFETY_CRASH_RUNS runs (200 in `make check`, 1000 in `make check-long`);
# SAFETY_SEED replays a run (the seed is printed).
. "$(dirname "$0")/../integration/lib.sh"
CRASHY=${CRASHY:-$(cd "$(dirname "$PAYCON")/.." && pwd)/tests/tools/paycon-crashy}
RUNS=${SAFETY_CRASH_RUNS:-200}
[ "${SAFETY_SCALE:-}" = long ] && RUNS=${SAFETY_CRASH_RUNS:-1000}
SEED=${SAFETY_SEED:-$(date +%s)}

for tool in jq curl; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is needed"; exit 0; }
done
[ -x "$CRASHY" ] || { echo "1..0 # SKIP no paycon-crashy at $CRASHY"; exit 0; }

setup_scratch
install_test_keys
start_loop --settle-ms 1 --balance 10000000000 --fault latency=15@payout.create \
	--fault latency=15@refund.create || { echo "1..0 # SKIP the loop did not start"; exit 0; }
P="$PAYCON --config $CONF"
plan 13
echo "# seed $SEED, $RUNS runs"

# One completed collection of ₱50,000 that every refund draws on.
$P --json web-payment create --order-id CRASHWEB --amount 50000 --channel GCASH_URL \
	--email b@example.ph --mobile 09191234567 --callback-url "$HOOK_URL" \
	--redirect-url https://shop.example.ph/r >"$SCRATCH/web.json" 2>"$SCRATCH/web.err"
WEB=$(jq -r .transactionId "$SCRATCH/web.json" 2>/dev/null)
$P sandbox trigger web-complete "$WEB" >/dev/null 2>&1
check "a completed collection to refund ($WEB)" [ -n "$WEB" ]

# The plan: "run kind point delay_us amount suffix" per line.
awk -v runs="$RUNS" -v seed="$SEED" 'BEGIN {
	srand(seed)
	split("before-intent after-intent mid-request after-answer before-outcome after-outcome random", pts, " ")
	split("0000 0001 0003 0004", odd, " ")
	for (n = 1; n <= runs; n++) {
		kind = rand() < 0.6 ? "payout" : "refund"
		point = pts[1 + int(rand() * 7)]
		delay = point == "random" ? int(rand() * 50000) : int(rand() * 18000)
		if (kind == "payout") {
			amount = sprintf("%d.%02d", 1 + int(rand() * 500), int(rand() * 100))
			suffix = rand() < 0.2 ? odd[1 + int(rand() * 4)] : sprintf("%04d", 10 + int(rand() * 9980))
		} else {
			cents = int(rand() * 100); if (cents == 98) cents = 97
			amount = sprintf("%d.%02d", 1 + int(rand() * 9), cents)
			suffix = "-"
		}
		print n, kind, point, delay, amount, suffix
	}
}' >"$SCRATCH/plan"

command_for() { # command_for KIND N AMOUNT SUFFIX
	if [ "$1" = payout ]; then
		echo "payout create --order-id CRASHP$2 --amount $3 --method EWALLET --ewallet GCASH" \
			"--account-no 0917123$4 --account-name Juan"
	else
		echo "refund create --refund-id CRASHR$2 --original $WEB --amount $3 --callback-url $HOOK_URL"
	fi
}

: >"$SCRATCH/asked"
: >"$SCRATCH/killed"
retry_failures=0
reconcile_failures=0
unknown_shown=0
accepted=0
already=0
while read -r n kind point delay amount suffix; do
	cmd=$(command_for "$kind" "$n" "$amount" "$suffix")
	if [ "$kind" = payout ]; then echo "payout CRASHP$n" >>"$SCRATCH/asked"; else
		echo "refund CRASHR$n" >>"$SCRATCH/asked"
		# No other refund of the collection may be PENDING (1502).
		curl -s -X POST "$SANDBOX_URL/_sandbox/settle" >/dev/null
	fi
	if [ "$point" = random ]; then
		$P $cmd >/dev/null 2>&1 &
		pid=$!
		sleep "$(awk -v us="$delay" 'BEGIN { printf "%.6f", us / 1e6 }')"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		status=$?
	else
		PAYCON_CRASH_AT=$point PAYCON_CRASH_DELAY_US=$delay $CRASHY --config "$CONF" $cmd >/dev/null 2>&1
		status=$?
	fi
	if [ "$status" -eq 137 ]; then echo "$point killed" >>"$SCRATCH/killed"; else
		echo "$point finished" >>"$SCRATCH/killed"
	fi
	# The operator's retry: the same command. It must settle, never fail or pay again.
	if $P --json $cmd >"$SCRATCH/retry.out" 2>"$SCRATCH/retry.err"; then
		case $(jq -r .result "$SCRATCH/retry.out") in
		accepted) accepted=$((accepted + 1)) ;;
		already) already=$((already + 1)) ;;
		*) retry_failures=$((retry_failures + 1)) ;;
		esac
		[ "$(jq -r .status "$SCRATCH/retry.out")" = UNKNOWN ] && unknown_shown=$((unknown_shown + 1))
	else
		retry_failures=$((retry_failures + 1))
		echo "# run $n ($kind at $point): the retry failed: $(head -c 300 "$SCRATCH/retry.err")"
	fi
	if ! $P reconcile >"$SCRATCH/rec.out" 2>"$SCRATCH/rec.err"; then
		reconcile_failures=$((reconcile_failures + 1))
		echo "# run $n: reconcile failed: $(head -c 300 "$SCRATCH/rec.err")"
	fi
done <"$SCRATCH/plan"

kills=$(grep -c ' killed$' "$SCRATCH/killed")
echo "# runs: $RUNS; killed: $kills; finished before the kill: $((RUNS - kills))"
for point in before-intent after-intent mid-request after-answer before-outcome after-outcome random; do
	echo "# kills at $point: $(grep -c "^$point killed" "$SCRATCH/killed")" \
		"(finished first: $(grep -c "^$point finished" "$SCRATCH/killed"))"
done
echo "# retries: $accepted sent now, $already settled as already there, $retry_failures failed"

check "every run was killed or finished, and most were killed" [ "$kills" -ge $((RUNS * 3 / 4)) ]
check "every retry with the same order id settled (exit 0, accepted or already)" [ "$retry_failures" -eq 0 ]
check "no retry showed its outcome as UNKNOWN" [ "$unknown_shown" -eq 0 ]
check "every reconcile exited 0" [ "$reconcile_failures" -eq 0 ]

# What the sandbox holds: "kind key idempotencyId transactionId".
curl -s "$SANDBOX_URL/_sandbox/ledger" >"$SCRATCH/ledger.json"
jq -r '(.payouts[] | "payout \(.mchOrderId) \(.idempotencyId) \(.transactionId)"),
       (.refunds[] | "refund \(.mchRefundOrderId) - \(.refundTransactionId)")' \
	"$SCRATCH/ledger.json" | grep -v ' CRASHWEB ' >"$SCRATCH/held"
cut -d' ' -f1,2 "$SCRATCH/held" | sort | uniq -d >"$SCRATCH/dups"
cut -d' ' -f1,2 "$SCRATCH/held" | sort -u >"$SCRATCH/held.keys"
sort -u "$SCRATCH/asked" >"$SCRATCH/asked.keys"
dups=$(wc -l <"$SCRATCH/dups" | tr -d ' ')
lost=$(comm -23 "$SCRATCH/asked.keys" "$SCRATCH/held.keys" | wc -l | tr -d ' ')
extra=$(comm -13 "$SCRATCH/asked.keys" "$SCRATCH/held.keys" | wc -l | tr -d ' ')
echo "# ledger: $(wc -l <"$SCRATCH/held" | tr -d ' ') objects for $(wc -l <"$SCRATCH/asked.keys" | tr -d ' ') asked;" \
	"duplicates found: $dups; lost: $lost; not asked for: $extra"
check "no payout or refund exists twice (duplicates found: $dups)" [ "$dups" -eq 0 ]
check "none the operator asked for is lost (lost: $lost)" [ "$lost" -eq 0 ]
check "nothing exists that was not asked for (new ids: $extra)" [ "$extra" -eq 0 ]

# The journal agrees: resolved, same transaction ids, same idempotency ids.
$P --json journal >"$SCRATCH/journal.json"
unknown=$(jq -r 'select(.state == "UNKNOWN") | .key' "$SCRATCH/journal.json" | wc -l | tr -d ' ')
check "no journal entry stays UNKNOWN after reconcile ($unknown)" [ "$unknown" -eq 0 ]
jq -r '"\(if .op == "payout.create" then "payout" else "refund" end) \(.key) \(.transactionId)"' \
	"$SCRATCH/journal.json" | sort >"$SCRATCH/journal.txn"
awk '{ print $1, $2, $4 }' "$SCRATCH/held" | sort >"$SCRATCH/held.txn"
check "the journal's transaction ids are the ledger's" cmp -s "$SCRATCH/journal.txn" "$SCRATCH/held.txn"
journal_file="$XDG_STATE_HOME/paycon/test/journal"
jq -r 'select(.type == "intent" and .op == "payout.create") | "\(.key) \(.fields.idempotencyId)"' \
	"$journal_file" | sort -u >"$SCRATCH/intent.idem"
awk '$1 == "payout" { print $2, $3 }' "$SCRATCH/held" | sort >"$SCRATCH/held.idem"
check "every payout went out under the idempotency id of its intent, one per order" \
	cmp -s "$SCRATCH/intent.idem" "$SCRATCH/held.idem"

# The sandbox's log: a resend is deduplicated by its ids (1014 for a payout,
# 1515 for a refund); 1012 would mean an order id under a new idempotency id.
resent_payouts=$(grep -c ' payout\.create \[.*\] -> HTTP 200 {"code":1014' "$SCRATCH/sandbox.log")
resent_refunds=$(grep -c ' refund\.create \[.*\] -> HTTP 200 {"code":1515' "$SCRATCH/sandbox.log")
new_ids=$(grep -c ' payout\.create \[.*\] -> HTTP 200 {"code":1012' "$SCRATCH/sandbox.log")
echo "# resends of a request that had arrived, refused by its own ids: $resent_payouts payouts (1014)," \
	"$resent_refunds refunds (1515); an order id under new ids (1012): $new_ids"
check "no order id was ever sent under a new idempotency id (1012: $new_ids)" [ "$new_ids" -eq 0 ]
sed -n 's/.* payout\.create \[mchOrderId=\([^ ]*\) idempotencyId=\([^] ]*\)\] -> .*/\1 \2/p' \
	"$SCRATCH/sandbox.log" >"$SCRATCH/sent.ids"
sort -u "$SCRATCH/sent.ids" >"$SCRATCH/sent.idem"
twice=$(cut -d' ' -f1 "$SCRATCH/sent.ids" | sort | uniq -d | wc -l | tr -d ' ')
echo "# payout creates received: $(wc -l <"$SCRATCH/sent.ids" | tr -d ' ') for $(wc -l <"$SCRATCH/intent.idem" | tr -d ' ')" \
	"orders; orders received more than once: $twice"
check "every payout create the sandbox received carried its intent's ids" \
	cmp -s "$SCRATCH/sent.idem" "$SCRATCH/intent.idem"
done_testing
