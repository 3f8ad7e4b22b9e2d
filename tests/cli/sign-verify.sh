#!/bin/sh
# `paycon sign` and `paycon verify` against the openssl command line.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
write_config "$SCRATCH/conf" uat http://127.0.0.1:1
P="$PAYCON --config $SCRATCH/conf"
plan 16

printf '{"amount": 100.00, "appId": "f90addc4861540ef9312e87d8f360e08", "version":"1.0"}' >"$SCRATCH/doc.json"
expect_exit "sign reads a file" 0 $P sign "$SCRATCH/doc.json"
if [ "$(sed -n 1p "$SCRATCH/out")" = "amount=100.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0" ]; then
	ok "line 1 is the documents' canonical string"
else
	not_ok "wrong canonical string" "$(sed -n 1p "$SCRATCH/out")"
fi
sed -n 2p "$SCRATCH/out" | openssl base64 -d -A >"$SCRATCH/sig"
printf '%s' "amount=100.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0" >"$SCRATCH/canonical"
check "openssl verifies paycon's signature" openssl dgst -sha256 -verify "$SCRATCH/keys/merchant-test.pub" -signature "$SCRATCH/sig" "$SCRATCH/canonical"

expect_exit "sign reads stdin" 0 sh -c "$P sign - <'$SCRATCH/doc.json'"
expect_exit "sign --json" 0 $P --json sign "$SCRATCH/doc.json"
stdout_has "prints the body with its sign" '"body":{"amount":100.00,'

# A callback signed by "PayCools" (the platform test key) with openssl.
canon='amount=50010&eventName=disbursement.success&mchOrderId=ORD1&transactionId=D1007653307144580541&transactionStatus=COMPLETE'
printf '%s' "$canon" | openssl dgst -sha256 -sign "$SCRATCH/keys/platform-test.pem" | openssl base64 -A >"$SCRATCH/cbsig"
printf '{"mchOrderId":"ORD1","transactionId":"D1007653307144580541","amount":50010,"transactionStatus":"COMPLETE","eventName":"disbursement.success","sign":"%s"}' \
	"$(cat "$SCRATCH/cbsig")" >"$SCRATCH/callback.json"
expect_exit "verify: openssl-signed callback is valid" 0 $P verify "$SCRATCH/callback.json"
stdout_has "and says valid" "valid"

sed 's/50010/50011/' "$SCRATCH/callback.json" >"$SCRATCH/altered.json"
expect_exit "verify: altered amount is invalid (exit 1)" 1 $P verify "$SCRATCH/altered.json"
stderr_has "with the reason" "does not match"

# Signed with the merchant key instead of the platform key.
printf '%s' "$canon" | openssl dgst -sha256 -sign "$SCRATCH/keys/merchant-test.pem" | openssl base64 -A >"$SCRATCH/wrongsig"
printf '{"mchOrderId":"ORD1","transactionId":"D1007653307144580541","amount":50010,"transactionStatus":"COMPLETE","eventName":"disbursement.success","sign":"%s"}' \
	"$(cat "$SCRATCH/wrongsig")" >"$SCRATCH/wrongkey.json"
expect_exit "verify: wrong key is invalid" 1 $P verify "$SCRATCH/wrongkey.json"

printf '{"mchOrderId":"ORD1","amount":1}' >"$SCRATCH/unsigned.json"
expect_exit "verify: unsigned body is invalid" 1 $P verify "$SCRATCH/unsigned.json"
stderr_has "no sign" "no sign"

printf '[1,2]' >"$SCRATCH/array.json"
expect_exit "verify: not an object is exit 2" 2 $P verify "$SCRATCH/array.json"
printf '{"a":"\033]0;owned\007"}' >"$SCRATCH/hostile.json"
$P verify "$SCRATCH/hostile.json" >"$SCRATCH/out" 2>"$SCRATCH/err"
if grep -q "$(printf '\033')" "$SCRATCH/out" "$SCRATCH/err"; then not_ok "escape sequence reached the terminal"; else ok "hostile body printed without raw escapes"; fi
expect_exit "verify: missing file is exit 2" 2 $P verify "$SCRATCH/nope.json"
done_testing
