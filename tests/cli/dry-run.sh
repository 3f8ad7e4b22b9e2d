#!/bin/sh
# Every API command's --dry-run output, byte for byte, against the requests
# in tests/cli/expected/ (made with the fixed test key and clock, and checked
# once by hand). Each signature is also verified independently with the
# openssl command line, so a wrong expected file cannot pass silently.
#
#   sh tests/cli/dry-run.sh --regen   rewrites the expected files (review the diff!)
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
write_config "$SCRATCH/conf" uat https://api-uat.paycools.com
export PAYCON_NOW_MS=1700000000000
regen=0
[ "${1:-}" = "--regen" ] && regen=1
cases="$TESTS_SRCDIR/cli/dry-run.cases"
expected="$TESTS_SRCDIR/cli/expected"

n=$(grep -cv '^#' "$cases")
plan $((n * 2))

# The canonical string and signature of one dry-run output.
canonical_of() { sed -n 's/^canonical: //p' "$1"; }
signature_of() {
	if head -n 1 "$1" | grep -q '^{'; then
		# JSON form: the body or URL carries the signature.
		grep -o '"sign":"[^"]*"' "$1" | head -1 | sed 's/"sign":"//; s/"$//'
		grep -o 'sign=[^"&]*' "$1" | head -1 | sed 's/^sign=//' | sed 's/%2B/+/g; s/%2F/\//g; s/%3D/=/g'
	elif grep -q '^GET ' "$1"; then
		sed -n 's/^GET .*[?&]sign=\([^&]*\).*/\1/p' "$1" | sed 's/%2B/+/g; s/%2F/\//g; s/%3D/=/g'
	else
		tail -n 1 "$1" | grep -o '"sign":"[^"]*"' | sed 's/"sign":"//; s/"$//'
	fi
}
canonical_json_of() { grep -o '"canonical":"[^"]*"' "$1" | sed 's/"canonical":"//; s/"$//'; }

grep -v '^#' "$cases" >"$SCRATCH/cases"
while IFS='|' read -r name args; do
	name=$(echo "$name" | tr -d ' ')
	out="$SCRATCH/$name.out"
	eval "set -- $args"
	"$PAYCON" --config "$SCRATCH/conf" --dry-run "$@" >"$out" 2>"$SCRATCH/err"
	[ "$regen" = 1 ] && cp "$out" "$expected/$name.txt"
	if cmp -s "$out" "$expected/$name.txt"; then
		ok "$name: request as expected"
	else
		not_ok "$name: request differs" "$(diff "$expected/$name.txt" "$out" | head -n 8)" "stderr: $(cat "$SCRATCH/err")"
	fi
	if head -n 1 "$out" | grep -q '^{'; then canonical_json_of "$out" >"$SCRATCH/c"; else canonical_of "$out" >"$SCRATCH/c"; fi
	printf '%s' "$(cat "$SCRATCH/c")" >"$SCRATCH/canonical"
	signature_of "$out" | head -1 | openssl base64 -d -A >"$SCRATCH/sig" 2>/dev/null
	if openssl dgst -sha256 -verify "$SCRATCH/keys/merchant-test.pub" -signature "$SCRATCH/sig" \
	   "$SCRATCH/canonical" >/dev/null 2>&1; then
		ok "$name: openssl verifies the signature over the canonical string"
	else
		not_ok "$name: openssl does not verify the signature" "canonical: $(cat "$SCRATCH/canonical")"
	fi
done <"$SCRATCH/cases"
done_testing
