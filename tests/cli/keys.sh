#!/bin/sh
# Key handling as an operator meets it: keygen, and every refusal of a key
# file that could leak or be swapped.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
write_config "$SCRATCH/conf" uat http://127.0.0.1:1
plan 16

expect_exit "keygen writes a pair" 0 "$PAYCON" keygen --out "$SCRATCH/gen" --bits 2048
line=$(cat "$SCRATCH/out")
if printf '%s' "$line" | grep -qE '^[A-Za-z0-9+/]+=*$' && [ "$(wc -l <"$SCRATCH/out")" -eq 1 ]; then
	ok "keygen prints one Base64 line"
else
	not_ok "keygen output is not one Base64 line" "$line"
fi
der=$(openssl pkey -pubin -in "$SCRATCH/gen/merchant.pub" -outform DER | openssl base64 -A)
if [ "$der" = "$line" ]; then ok "the line is the DER SubjectPublicKeyInfo"; else not_ok "line differs from openssl's DER"; fi
mode=$(stat -c %a "$SCRATCH/gen/merchant.pem")
if [ "$mode" = 600 ]; then ok "private key mode 0600"; else not_ok "private key mode $mode"; fi
expect_exit "keygen never overwrites" 2 "$PAYCON" keygen --out "$SCRATCH/gen" --bits 2048
stderr_has "and says so" "refusing to overwrite"
expect_exit "keygen refuses odd sizes" 2 "$PAYCON" keygen --out "$SCRATCH/gen2" --bits 1024

chmod 644 "$SCRATCH/keys/merchant-test.pem"
expect_exit "a key readable by others is refused" 2 "$PAYCON" --config "$SCRATCH/conf" --dry-run balance
stderr_has "with ssh's words" "permissions 0644 for '$SCRATCH/keys/merchant-test.pem' are too open"
chmod 600 "$SCRATCH/keys/merchant-test.pem"

mv "$SCRATCH/keys/merchant-test.pem" "$SCRATCH/keys/real.pem"
ln -s "$SCRATCH/keys/real.pem" "$SCRATCH/keys/merchant-test.pem"
expect_exit "a symlinked key is refused" 2 "$PAYCON" --config "$SCRATCH/conf" --dry-run balance
stderr_has "naming the link" "symbolic link"
rm "$SCRATCH/keys/merchant-test.pem"

expect_exit "a missing key is a clear error" 2 "$PAYCON" --config "$SCRATCH/conf" --dry-run balance
stderr_has "naming the file" "$SCRATCH/keys/merchant-test.pem"

printf 'not a key\n' >"$SCRATCH/keys/merchant-test.pem"
chmod 600 "$SCRATCH/keys/merchant-test.pem"
expect_exit "a file that is not a key is refused" 2 "$PAYCON" --config "$SCRATCH/conf" --dry-run balance

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$SCRATCH/keys/merchant-test.pem" 2>/dev/null
chmod 600 "$SCRATCH/keys/merchant-test.pem"
expect_exit "an EC key is refused (PayCools uses RSA)" 2 "$PAYCON" --config "$SCRATCH/conf" --dry-run balance
stderr_has "saying RSA is needed" "RSA"
done_testing
