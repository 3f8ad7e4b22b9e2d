#!/bin/sh
# Hostile callbacks through every reader of the spool: `paycon tail`,
# `paycon tail --json`, `paycon verify` (plain and --json), and through the
# receiver itself. The corpus is tests/hostile/callbacks/ (README there),
# plus cases made here: 1 MB fields, a file over tail's 1 MiB limit, nesting
# 100,000 deep, 20,000 keys; and a validly signed copy of every body that
# parses, so that a good signature on hostile text is tried too.
#
# For every case: the verdict is the expected one (tests/hostile/expected;
# signed copies: valid; a third word is verify's verdict where it differs:
# tail reads at most 1 MiB per callback, verify up to 8 MiB), nothing crashes, and no output byte could drive a
# terminal (tests/tools/termsafe: valid UTF-8, no ESC or other control but
# newline and tab, no C1 control, no bidi control). The receiver answers
# each with 200, 400 or 413 and stores exactly the bodies it acknowledged.
. "$(dirname "$0")/../integration/lib.sh"
TOOLS=$(cd "$(dirname "$PAYCON")/.." && pwd)/tests/tools
TERMSAFE=${TERMSAFE:-$TOOLS/termsafe}
CORPUS="$TESTS_SRCDIR/hostile/callbacks"
for tool in jq curl; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is needed"; exit 0; }
done
[ -x "$TERMSAFE" ] || { echo "1..0 # SKIP no termsafe at $TERMSAFE"; exit 0; }
setup_scratch
install_test_keys
SP="$SCRATCH/spool"
mkdir -p "$SP/new" "$SP/tmp"
write_config "$SCRATCH/conf" sandbox http://127.0.0.1:1
# A profile that signs with the platform key: it makes validly signed callbacks.
sed 's|merchant-test.pem|platform-test.pem|' "$SCRATCH/conf" >"$SCRATCH/signer"
P="$PAYCON --config $SCRATCH/conf"

# ---- the cases ---------------------------------------------------------------
C="$SCRATCH/cases"
mkdir -p "$C"
cp "$CORPUS"/* "$C/"
cp "$TESTS_SRCDIR/hostile/expected" "$SCRATCH/expected"
big() { head -c "$1" /dev/zero | tr '\0' "$2"; }
{
	printf '{"eventName":"disbursement.success","mchOrderId":"BIG1","amount":100,"remark":"\\u001b]0;x\\u0007'
	big 1000000 A
	printf '"}'
} >"$C/gen-1mb-field.json"
{
	printf '{"eventName":"disbursement.success","mchOrderId":"BIG2","amount":100,"remark":"'
	awk 'BEGIN { for (i = 0; i < 60000; i++) printf "\\u009b\\u001b[2J" }'
	printf '"}'
} >"$C/gen-1mb-of-escapes.json"
{
	printf '{"eventName":"disbursement.success","mchOrderId":"BIG3","remark":"'
	big 1200000 B
	printf '"}'
} >"$C/gen-over-1mib.json"
awk 'BEGIN { printf "{\"a\":"; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; printf "}" }' \
	>"$C/gen-deep-arrays.json"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 100000; i++) printf "}" }' \
	>"$C/gen-deep-objects.json"
awk 'BEGIN { printf "{\"eventName\":\"disbursement.success\""; for (i = 0; i < 20000; i++) printf ",\"k%d\":\"\\u001b[2J\"", i; printf "}" }' \
	>"$C/gen-many-keys.json"
cat >>"$SCRATCH/expected" <<EOF
gen-1mb-field.json invalid
gen-1mb-of-escapes.json invalid
gen-over-1mib.json malformed invalid
gen-deep-arrays.json malformed
gen-deep-objects.json malformed
gen-many-keys.json invalid
EOF
# Signed copies: "sign" spliced in first, the rest of the body untouched.
for f in "$C"/*; do
	name=$(basename "$f")
	case $name in sign-* | ambiguous-* | gen-over-1mib.json) continue ;; esac
	sig=$("$PAYCON" --config "$SCRATCH/signer" --json sign "$f" 2>/dev/null | jq -r .sign 2>/dev/null)
	[ -n "$sig" ] && [ "$sig" != null ] || continue
	{ printf '{"sign":"%s",' "$sig"; tail -c +2 "$f"; } >"$C/signed-$name"
	echo "signed-$name valid" >>"$SCRATCH/expected"
done
cases=$(wc -l <"$SCRATCH/expected" | tr -d ' ')
signed=$(grep -c '^signed-' "$SCRATCH/expected")
plan $((cases + 10))
echo "# $cases cases, $signed of them validly signed copies"

# Into the spool under spool names, in the order of the expected list.
n=0
while read -r name want want_verify; do
	n=$((n + 1))
	cp "$C/$name" "$SP/new/$((1700000000000 + n)).1_$n.hostile"
done <"$SCRATCH/expected"

# ---- tail, tail --json -----------------------------------------------------------
$P tail >"$SCRATCH/tail.out" 2>"$SCRATCH/tail.err"
status=$?
$P --json tail >"$SCRATCH/tailj.out" 2>"$SCRATCH/tailj.err"
status_json=$?
both_zero() { [ "$status" -eq 0 ] && [ "$status_json" -eq 0 ]; }
check "tail and tail --json exit 0 over the whole corpus ($status, $status_json)" both_zero
safe() { "$TERMSAFE" "$@" >>"$SCRATCH/unsafe"; }
: >"$SCRATCH/unsafe"
check "tail: nothing reached the terminal raw" safe "$SCRATCH/tail.out"
check "tail: nor on stderr" safe "$SCRATCH/tail.err"
check "tail --json: nothing reached the terminal raw" safe "$SCRATCH/tailj.out"
check "tail --json: nor on stderr" safe "$SCRATCH/tailj.err"
check "tail lists each case on one line ($(wc -l <"$SCRATCH/tail.out" | tr -d ' ') lines)" \
	[ "$(wc -l <"$SCRATCH/tail.out" | tr -d ' ')" -eq "$cases" ]
check "tail --json: one JSON object per line, one per case" \
	[ "$(jq -c .verdict "$SCRATCH/tailj.out" 2>/dev/null | wc -l | tr -d ' ')" -eq "$cases" ]
[ -s "$SCRATCH/unsafe" ] && sed 's/^/# /' "$SCRATCH/unsafe"

# ---- each case: tail's verdict, verify's verdict and exit ------------------------
# Known problems, marked TODO in `expected` (their failure does not fail the
# suite; once fixed, the unexpected pass does, and the mark must go).
todo_not_ok() { # not ok, but a known problem: does not fail the script
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}
todo_reason() {
	case $1 in
	esac
}
awk '{ print $3 }' "$SCRATCH/tail.out" >"$SCRATCH/tail.verdicts"
jq -r .verdict "$SCRATCH/tailj.out" >"$SCRATCH/tailj.verdicts" 2>/dev/null
n=0
while read -r name want want_verify todo; do
	n=$((n + 1))
	got_tail=$(sed -n "${n}p" "$SCRATCH/tail.verdicts")
	got_json=$(sed -n "${n}p" "$SCRATCH/tailj.verdicts")
	$P verify "$C/$name" >"$SCRATCH/v.out" 2>"$SCRATCH/v.err"
	v_status=$?
	$P --json verify "$C/$name" >"$SCRATCH/vj.out" 2>"$SCRATCH/vj.err"
	vj_status=$?
	got_verify=$(cat "$SCRATCH/v.out")
	got_verify_json=$(jq -r .verdict "$SCRATCH/vj.out" 2>/dev/null)
	want_verify=${want_verify:-$want}
	case $want_verify in valid) want_status=0 ;; invalid) want_status=1 ;; *) want_status=2 ;; esac
	problems=
	[ "$got_tail" = "$want" ] || problems="$problems tail says '$got_tail';"
	[ "$got_json" = "$want" ] || problems="$problems tail --json says '$got_json';"
	[ "$got_verify" = "$want_verify" ] || problems="$problems verify says '$got_verify';"
	[ "$got_verify_json" = "$want_verify" ] || problems="$problems verify --json says '$got_verify_json';"
	[ "$v_status" -eq "$want_status" ] || problems="$problems verify exits $v_status;"
	[ "$vj_status" -eq "$want_status" ] || problems="$problems verify --json exits $vj_status;"
	for out in v.out v.err vj.out vj.err; do
		"$TERMSAFE" "$SCRATCH/$out" >/dev/null || problems="$problems $out: $("$TERMSAFE" "$SCRATCH/$out");"
	done
	if [ -z "$problems" ]; then
		ok "$name: $want everywhere; nothing raw on the terminal${todo:+ # TODO $(todo_reason "$name")}"
	elif [ -n "$todo" ]; then
		todo_not_ok "$name: $want everywhere # TODO $(todo_reason "$name")" "$problems"
	else
		not_ok "$name: $want everywhere" "$problems"
	fi
done <"$SCRATCH/expected"

# Amounts that do not fit in centavos are not shown (clamped) as real amounts.
: >"$SCRATCH/clamped"
for name in number-overflow.json number-negative-overflow.json number-long-digits.json; do
	n=$(grep -n "^$name " "$SCRATCH/expected" | cut -d: -f1)
	sed -n "${n}p" "$SCRATCH/tail.out" | grep '[0-9],[0-9][0-9][0-9]' >>"$SCRATCH/clamped"
done
check "overflowing amounts are shown as '-', not clamped to a huge amount" [ ! -s "$SCRATCH/clamped" ]

# ---- the receiver ------------------------------------------------------------------
# Every case POSTed as is: a JSON object is stored (1 MiB limit here), the
# rest refused; what is stored is exactly what was acknowledged.
HS="$SCRATCH/hookd-spool"
"$HOOKD" --listen 127.0.0.1:0 --spool "$HS" --max-body 2000000 >"$SCRATCH/hookd.out" 2>"$SCRATCH/hookd.log" &
HOOKD_PID=$!
trap 'kill $HOOKD_PID 2>/dev/null; wait $HOOKD_PID 2>/dev/null; rm -rf "$SCRATCH"' EXIT
HOOK_URL=$(wait_listening "$SCRATCH/hookd.out")
: >"$SCRATCH/answers"
while read -r name want want_verify; do
	code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$C/$name" "$HOOK_URL")
	echo "$code $name" >>"$SCRATCH/answers"
done <"$SCRATCH/expected"
awk '{ print $1 }' "$SCRATCH/answers" | sort | uniq -c | sed 's/^ */# receiver answers: /'
stored_ok=$(awk '$1 == 200' "$SCRATCH/answers" | wc -l | tr -d ' ')
others=$(awk '$1 != 200 && $1 != 400 && $1 != 413' "$SCRATCH/answers")
in_new=$(ls "$HS/new" | wc -l | tr -d ' ')
(cd "$C" && awk '$1 == 200 { print $2 }' "$SCRATCH/answers" | xargs md5sum | cut -d' ' -f1 | sort) >"$SCRATCH/acked.sums"
(cd "$HS/new" && md5sum -- * 2>/dev/null | cut -d' ' -f1 | sort) >"$SCRATCH/stored.sums"
stored_exactly() { [ -z "$others" ] && [ "$in_new" -eq "$stored_ok" ] && cmp -s "$SCRATCH/acked.sums" "$SCRATCH/stored.sums"; }
check "the receiver answers each with 200, 400 or 413 and stores exactly the $stored_ok it acknowledged" stored_exactly
sed "s|spool = .*|spool = \"$HS\";|" "$SCRATCH/conf" >"$SCRATCH/conf-hs"
"$PAYCON" --config "$SCRATCH/conf-hs" tail >"$SCRATCH/tail2.out" 2>&1
"$PAYCON" --config "$SCRATCH/conf-hs" --json tail >>"$SCRATCH/tail2.out" 2>&1
check "tail of what the receiver stored: nothing raw" "$TERMSAFE" "$SCRATCH/tail2.out"
done_testing
