#!/bin/sh
# paycon-hookd answers: 200 and the exact bytes in new/, 400, 413, 404, 405,
# the log line, custom path and limit, usage errors, TLS.
. "$(dirname "$0")/lib.sh"

plan 49

ok_body='{"code":1,"msg":"success","data":{}}'
S="$T/spool"

# $1 bytes: a JSON object {"p":"xxx…"} of exactly that size.
object_of_size() {
	printf '{"p":"'
	head -c $(($1 - 8)) /dev/zero | tr '\0' x
	printf '"}'
}

start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }
case $URL in
http://127.0.0.1:0/*) not_ok "prints the port it picked for :0" "$URL" ;;
http://127.0.0.1:[1-9]*/callback) ok "prints 'listening on http://127.0.0.1:PORT/callback'" ;;
*) not_ok "prints 'listening on http://127.0.0.1:PORT/callback'" "got: $URL" ;;
esac

# ---- 200 and the exact bytes ------------------------------------------------
# Not UTF-8, an escaped NUL, CR LF between members: stored byte for byte.
printf '{"id":"exact-1","latin1":"caf\351","junk":"\377\376\303(","nul":"\\u0000",\r\n"n":100.00}' >"$T/exact"
code=$(curl -s -D "$T/headers" -o "$T/answer" -w '%{http_code}' --data-binary @"$T/exact" "$URL")
check "a JSON object gets 200" [ "$code" = 200 ]
check "the answer is PayCools' success body" [ "$(cat "$T/answer")" = "$ok_body" ]
check "the answer is application/json" grep -qi '^content-type: application/json' "$T/headers"
stored=$(only_file "$S/new")
check "the body is in new/ byte for byte" cmp -s "$T/exact" "$stored"
name=$(basename "$stored")
name_is_spool_name() {
	echo "$name" | grep -Eq "^[1-9][0-9]{12}\.${hookd_pid}_[1-9][0-9]*\.[A-Za-z0-9._-]+\$"
}
check "the file name is <unix-ms>.<pid>_<seq>.<host>" name_is_spool_name
check "the file is mode 0640" [ "$(stat -c %a "$stored")" = 640 ]
check "nothing is left in tmp/" [ "$(count_files "$S/tmp")" = 0 ]
check "the log line has peer, status, bytes and file name" \
	grep -q "127\.0\.0\.1:[0-9]* POST /callback 200 $(wc -c <"$T/exact" | tr -d ' ') $name\$" "$LOG"

printf '{"a":1,"a":2}' >"$T/dup"
check "duplicate keys are stored (the console flags them)" [ "$(post "$T/dup")" = 200 ]
{ printf '{"d":'; i=0; while [ $i -lt 100 ]; do printf '['; i=$((i + 1)); done
  i=0; while [ $i -lt 100 ]; do printf ']'; i=$((i + 1)); done; printf '}'; } >"$T/deep"
check "deep nesting (100) is stored" [ "$(post "$T/deep")" = 200 ]
object_of_size 65536 >"$T/max"
check "a body of exactly 65536 bytes is stored" [ "$(post "$T/max")" = 200 ]
check "... byte for byte" cmp -s "$T/max" "$(grep -l '"p":"xxx' "$S"/new/* | head -n 1)"
count=$(count_files "$S/new")

# ---- 400 ------------------------------------------------------------------
printf 'appId=1&sign=abc' >"$T/form"
printf '[{"a":1}]' >"$T/array"
printf '{"a":{"b":1}' >"$T/truncated"
: >"$T/empty"
printf '{"a":1} {"b":2}' >"$T/two"
printf '{"a":"\001"}' >"$T/ctrl"
check "not JSON gets 400" [ "$(post "$T/form")" = 400 ]
check "the 400 answer says where and why" grep -q 'byte 0: not a JSON object' "$T/answer"
check "a JSON array gets 400" [ "$(post "$T/array")" = 400 ]
check "a truncated object gets 400" [ "$(post "$T/truncated")" = 400 ]
check "an empty body gets 400" [ "$(post "$T/empty")" = 400 ]
check "two objects get 400" [ "$(post "$T/two")" = 400 ]
check "a raw control character in a string gets 400" [ "$(post "$T/ctrl")" = 400 ]

# ---- 413 ------------------------------------------------------------------
object_of_size 65537 >"$T/big"
check "65537 bytes get 413" [ "$(post "$T/big")" = 413 ]
check "65537 bytes sent chunked (no Content-Length) get 413" \
	[ "$(post "$T/big" -H 'Transfer-Encoding: chunked')" = 413 ]
check "a Content-Length over the limit gets 413 before the body" \
	[ "$(post "$T/dup" -H 'Content-Length: 70000')" = 413 ]
# A Content-Length that under-states the body: only that many bytes are the
# body (not an object here); the rest is not a request.
code=$(post "$T/big" -H 'Content-Length: 10')
check "a Content-Length lie (10 for 65537 bytes) is not stored (got $code)" [ "$code" = 400 ]
check "nothing was stored for the 400s and 413s" [ "$(count_files "$S/new")" = "$count" ]

# ---- 404, 405 ----------------------------------------------------------------
base=${URL%/callback}
check "another path gets 404" [ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$T/dup" "$base/other")" = 404 ]
check "a trailing slash is another path (404)" \
	[ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$T/dup" "$URL/")" = 404 ]
check "GET on the path gets 405" [ "$(curl -s -D "$T/headers" -o /dev/null -w '%{http_code}' "$URL")" = 405 ]
check "the 405 says Allow: POST" grep -qi '^allow: POST' "$T/headers"
check "PUT on the path gets 405" [ "$(post "$T/dup" -X PUT)" = 405 ]
check "nothing was stored for them" [ "$(count_files "$S/new")" = "$count" ]

stop_hookd TERM
check "SIGTERM: exit status 0" [ "$hookd_status" = 0 ]

# ---- --path and --max-body -------------------------------------------------
start_hookd "$S" --path /hooks/paycools --max-body=100 || not_ok "starts with --path and --max-body"
case $URL in
*/hooks/paycools) ok "prints the custom path" ;;
*) not_ok "prints the custom path" "$URL" ;;
esac
object_of_size 100 >"$T/100"
object_of_size 101 >"$T/101"
check "--max-body 100: 100 bytes are stored" [ "$(post "$T/100")" = 200 ]
check "--max-body 100: 101 bytes get 413" [ "$(post "$T/101")" = 413 ]
stop_hookd INT
check "SIGINT: exit status 0" [ "$hookd_status" = 0 ]

# ---- usage errors: exit 2 and the flag named --------------------------------
usage_fails() { # usage_fails FLAG ARGS...: exit 2 and FLAG in the message
	flag=$1
	shift
	"$HOOKD" "$@" >/dev/null 2>"$T/usage"
	[ $? -eq 2 ] && grep -q -- "$flag" "$T/usage"
}
check "usage: --listen missing" usage_fails --listen --spool "$S"
check "usage: --listen without a port" usage_fails --listen --listen 127.0.0.1 --spool "$S"
check "usage: --listen port out of range" usage_fails --listen --listen 127.0.0.1:70000 --spool "$S"
check "usage: --listen IPv6 without brackets" usage_fails --listen --listen ::1:80 --spool "$S"
check "usage: --spool missing" usage_fails --spool --listen 127.0.0.1:0
check "usage: --max-body not a number" usage_fails --max-body --listen 127.0.0.1:0 --spool "$S" --max-body 12k
check "usage: --max-body 0" usage_fails --max-body --listen 127.0.0.1:0 --spool "$S" --max-body=0
check "usage: --path without '/'" usage_fails --path --listen 127.0.0.1:0 --spool "$S" --path callback
check "usage: an unknown flag is named" usage_fails --bogus --listen 127.0.0.1:0 --spool "$S" --bogus 1
check "usage: --tls-cert without --tls-key" usage_fails --tls-cert --listen 127.0.0.1:0 --spool "$S" --tls-cert x
check "usage: a flag without its value" usage_fails "--spool needs a value" --listen 127.0.0.1:0 --spool

# ---- TLS -------------------------------------------------------------------
if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1; then
	if start_hookd "$S" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"; then
		case $URL in
		https://*) ok "TLS: prints an https:// URL" ;;
		*) not_ok "TLS: prints an https:// URL" "$URL" ;;
		esac
		code=$(curl -s -o "$T/answer" -w '%{http_code}' --cacert "$T/cert.pem" --data-binary @"$T/dup" "$URL")
		check "TLS: a callback over HTTPS gets 200" [ "$code" = 200 ]
		stop_hookd TERM
	else
		not_ok "TLS: prints an https:// URL"
		not_ok "TLS: a callback over HTTPS gets 200"
	fi
else
	ok "TLS: prints an https:// URL # SKIP openssl cannot make a certificate"
	ok "TLS: a callback over HTTPS gets 200 # SKIP openssl cannot make a certificate"
fi
finish
