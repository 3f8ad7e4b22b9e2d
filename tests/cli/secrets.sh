#!/bin/sh
# Secrets stay secret, TLS stays on, account numbers stay masked in listings.
# (Key file refusals — modes, links, formats — are in keys.sh; exit codes of
# the guards in exit-codes.sh.)
#
# - paycon takes no secret on its command line: no option of any command
#   carries a key, passphrase or token, and the processes it starts itself
#   (the zero-setup sandbox) get paths, never key material;
# - with an encrypted private key and its passphrase_file, a session of
#   every kind of command (reads, a payout, a refused payout, a refund,
#   reconcile, journal, sign, tail, doctor, info, errors) never prints the
#   passphrase or a line of either private key, and neither does any file
#   paycon writes (journal, state) or the sandbox's log;
# - a wrong passphrase, a passphrase file open to others: clear message,
#   exit 2, the passphrase not echoed;
# - production refuses http:// and TLS verification cannot be turned off:
#   no option or config key does it, and a self-signed server is refused;
# - the journal listing shows account numbers masked.
. "$(dirname "$0")/../integration/lib.sh"
for tool in jq curl openssl; do
	command -v $tool >/dev/null 2>&1 || { echo "1..0 # SKIP $tool is needed"; exit 0; }
done
setup_scratch
install_test_keys
start_loop --settle-ms 1 || { echo "1..0 # SKIP the loop did not start"; exit 0; }
plan 26

# ---- no secret on the command line -------------------------------------------
"$PAYCON" --help >"$SCRATCH/help" 2>&1
sed -n 's/^  \([a-z-]*\) \{1,\}\([a-z-]*\) .*/\1 \2/p' "$SCRATCH/help" | while read -r group verb; do
	case $verb in create | status | show | cancel | update | payments | batch-create) ;; *) continue ;; esac
	"$PAYCON" "$group" "$verb" --help 2>&1
done >>"$SCRATCH/help"
for cmd in sign verify call journal reconcile doctor tail keygen info sandbox; do
	"$PAYCON" "$cmd" --help >>"$SCRATCH/help" 2>&1
done
grep -o -- '--[a-z][a-z-]*' "$SCRATCH/help" | sort -u >"$SCRATCH/options"
secretish=$(grep -iE 'key|pass|secret|token|pem|sign|cert|insecure|verify' "$SCRATCH/options" | tr '\n' ' ')
if [ -z "$secretish" ]; then
	ok "no option of any command takes a key, passphrase or token ($(wc -l <"$SCRATCH/options" | tr -d ' ') options)"
else
	not_ok "options that look like secrets" "$secretish"
fi
for flag in --private-key --key --passphrase --password --secret --insecure -k --no-verify; do
	"$PAYCON" --config "$CONF" $flag x balance >/dev/null 2>&1
	[ $? -eq 2 ] || { echo "$flag accepted" >>"$SCRATCH/accepted"; }
done
check "--private-key, --passphrase, --insecure and the like are refused (exit 2)" [ ! -s "$SCRATCH/accepted" ]

# ---- an encrypted key and its passphrase -------------------------------------
PASS="pass-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')-phrase"
printf '%s\n' "$PASS" >"$SCRATCH/keys/pass"
chmod 600 "$SCRATCH/keys/pass"
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$SCRATCH/keys/merchant-test.pem" -passout file:"$SCRATCH/keys/pass" \
	-out "$SCRATCH/keys/merchant-enc.pem" 2>/dev/null
chmod 600 "$SCRATCH/keys/merchant-enc.pem"
sed "s|merchant-test.pem\";|merchant-enc.pem\";\n    passphrase_file = \"$SCRATCH/keys/pass\";|" "$CONF" >"$SCRATCH/conf-enc"
P="$PAYCON --config $SCRATCH/conf-enc"
expect_exit "the encrypted key signs (balance)" 0 $P balance

# Everything paycon prints in a session goes to $SCRATCH/session.
session() {
	echo "\$ paycon $*" >>"$SCRATCH/session"
	$P "$@" >>"$SCRATCH/session" 2>&1
	echo "exit $?" >>"$SCRATCH/session"
}
: >"$SCRATCH/session"
session info
session doctor
session balance
session --json balance
session payout create --order-id SEC1 --amount 100 --method EWALLET --ewallet GCASH --account-no 09171234567 \
	--account-name Juan
session --json payout create --order-id SEC2 --amount 100 --method BANK --bank BPI --account-no 123456789012 \
	--account-name Juana
session --dry-run payout create --order-id SEC3 --amount 100 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name Juan
session --json --dry-run payout create --order-id SEC3 --amount 100 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name Juan
session payout create --order-id SEC4 --amount 99999999 --method EWALLET --ewallet GCASH \
	--account-no 09171234567 --account-name Juan
session payout status SEC1
session --json payout status SEC2
$P --json web-payment create --order-id SECWEB --amount 1000 --channel GCASH_URL --email b@example.ph \
	--mobile 09191234567 --callback-url "$HOOK_URL" --redirect-url https://x.example.ph/r >"$SCRATCH/web.json" 2>&1
WEB=$(jq -r .transactionId "$SCRATCH/web.json" 2>/dev/null)
session sandbox trigger web-complete "$WEB"
session refund create --refund-id SECR1 --original "$WEB" --amount 10 --callback-url "$HOOK_URL"
session --json refund show --original "$WEB"
session call GET /api/v1/balance
session reconcile
session journal
session --json journal
printf '{"mchOrderId":"X1","amount":100}' >"$SCRATCH/body.json"
session sign "$SCRATCH/body.json"
session --json sign "$SCRATCH/body.json"
session tail
session --json tail
session statement payouts --date 2026-01-01
session frobnicate
session --json call GET /no/such/path
grep -c '^exit 0' "$SCRATCH/session" >"$SCRATCH/n-ok"
check "the session ran: $(cat "$SCRATCH/n-ok") commands exited 0" [ "$(cat "$SCRATCH/n-ok")" -ge 20 ]

# The secrets: the passphrase and every Base64 line of both private keys.
{
	echo "$PASS"
	grep -v '^-----' "$SCRATCH/keys/merchant-test.pem"
	grep -v '^-----' "$SCRATCH/keys/merchant-enc.pem"
	grep -v '^-----' "$SCRATCH/keys/platform-test.pem"
} >"$SCRATCH/secrets"
leaks() { # leaks FILE... : secret lines (or their first 24 characters) found
	for f in "$@"; do
		while read -r s; do
			[ ${#s} -ge 16 ] || continue
			part=$(printf '%s' "$s" | cut -c1-24)
			grep -qF -- "$part" "$f" 2>/dev/null && echo "$f: $part"
		done <"$SCRATCH/secrets"
	done
}
check "no secret in anything the session printed" [ -z "$(leaks "$SCRATCH/session")" ]
check "no 'PRIVATE KEY' block in it either" [ -z "$(grep -F 'PRIVATE KEY' "$SCRATCH/session")" ]
journal="$XDG_STATE_HOME/paycon/test/journal"
check "the journal exists" [ -s "$journal" ]
check "no secret in the journal" [ -z "$(leaks "$journal")" ]
check "no signature in the journal (intents keep the fields, never sign)" [ -z "$(grep -F '"sign"' "$journal")" ]
check "no secret in any file under the state directory" [ -z "$(find "$XDG_STATE_HOME" -type f -exec sh -c 'cat "$@"' _ {} + >"$SCRATCH/state-all"; leaks "$SCRATCH/state-all")" ]
check "no secret in the spool" [ -z "$(cat "$SPOOL"/new/* >"$SCRATCH/spool-all" 2>/dev/null; leaks "$SCRATCH/spool-all")" ]
check "no secret in the sandbox's or the receiver's log" [ -z "$(leaks "$SCRATCH/sandbox.log" "$SCRATCH/hookd.log")" ]

# Passphrase problems: a message that names the file, never its contents.
printf 'not-the-passphrase-%s\n' "$PASS" >"$SCRATCH/keys/wrong"
chmod 600 "$SCRATCH/keys/wrong"
sed "s|keys/pass\"|keys/wrong\"|" "$SCRATCH/conf-enc" >"$SCRATCH/conf-wrong"
expect_exit "a wrong passphrase: exit 2" 2 "$PAYCON" --config "$SCRATCH/conf-wrong" balance
stderr_has "naming the key" "merchant-enc.pem"
check "without echoing the passphrase file" [ -z "$(grep -F "$PASS" "$SCRATCH/err" "$SCRATCH/out")" ]
chmod 644 "$SCRATCH/keys/pass"
expect_exit "a passphrase file readable by others: exit 2" 2 $P balance
stderr_has "naming it" "$SCRATCH/keys/pass"
check "without its contents" [ -z "$(grep -F "$PASS" "$SCRATCH/err" "$SCRATCH/out")" ]
chmod 600 "$SCRATCH/keys/pass"

# The zero-setup sandbox paycon starts itself: paths on its command line, no keys.
Z="$SCRATCH/zero"
mkdir -p "$Z/config" "$Z/state"
XDG_CONFIG_HOME="$Z/config" XDG_STATE_HOME="$Z/state" "$PAYCON" sandbox up >/dev/null 2>&1
XDG_CONFIG_HOME="$Z/config" XDG_STATE_HOME="$Z/state" "$PAYCON" --json sandbox status >"$SCRATCH/zs" 2>&1
: >"$SCRATCH/argv"
for pid in $(jq -r '.sandbox_pid, .hookd_pid' "$SCRATCH/zs" 2>/dev/null); do
	[ "$pid" -gt 0 ] 2>/dev/null && tr '\0' '\n' <"/proc/$pid/cmdline" >>"$SCRATCH/argv" 2>/dev/null
done
{
	for k in "$Z"/state/paycon/sandbox/*.pem; do grep -v '^-----' "$k"; done
} >"$SCRATCH/secrets" 2>/dev/null
check "the zero-setup sandbox and receiver run ($(wc -l <"$SCRATCH/argv" | tr -d ' ') argv words)" [ -s "$SCRATCH/argv" ]
no_key_material() { [ -s "$SCRATCH/secrets" ] && [ -z "$(leaks "$SCRATCH/argv")" ]; }
check "their command lines carry key paths, never key material" no_key_material
XDG_CONFIG_HOME="$Z/config" XDG_STATE_HOME="$Z/state" "$PAYCON" sandbox down >/dev/null 2>&1

# ---- TLS cannot be turned off --------------------------------------------------
for key in tls_verify ssl_verify verify_tls insecure ca_file; do
	sed "s|role = .*|&\n    $key = false;|" "$CONF" >"$SCRATCH/conf-tls"
	"$PAYCON" --config "$SCRATCH/conf-tls" --dry-run balance >"$SCRATCH/out" 2>"$SCRATCH/err"
	[ $? -eq 2 ] && grep -q "conf-tls:" "$SCRATCH/err" || echo "$key" >>"$SCRATCH/tls-keys"
done
check "no config key turns TLS verification off (each is an unknown-key error)" [ ! -s "$SCRATCH/tls-keys" ]

openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 2 -keyout "$SCRATCH/tls.key" \
	-out "$SCRATCH/tls.crt" >/dev/null 2>&1
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$SCRATCH/tls.crt" -key "$SCRATCH/tls.key" \
	>/dev/null 2>&1 &
tls_pid=$!
sleep 0.5
write_config "$SCRATCH/conf-prod" production "https://localhost:$port"
expect_exit "production against a self-signed server: refused, exit 3" 3 \
	"$PAYCON" --config "$SCRATCH/conf-prod" balance
stderr_has "saying verification is never turned off" "never turns verification off"
kill "$tls_pid" 2>/dev/null
wait "$tls_pid" 2>/dev/null
write_config "$SCRATCH/conf-prod" production "http://localhost:$port"
expect_exit "production over http://: exit 2" 2 "$PAYCON" --config "$SCRATCH/conf-prod" --dry-run balance

# ---- masked account numbers ----------------------------------------------------
$P journal >"$SCRATCH/journal.txt" 2>&1
$P --json journal >"$SCRATCH/journal.json" 2>&1
check "the journal listing never shows a whole account number" \
	[ -z "$(grep -E '09171234567|123456789012' "$SCRATCH/journal.txt" "$SCRATCH/journal.json")" ]
check "--json journal shows them masked" grep -q '"account":"091\*\*\*\*4567"' "$SCRATCH/journal.json"
done_testing
