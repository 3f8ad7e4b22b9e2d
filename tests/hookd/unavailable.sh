#!/bin/sh
# paycon-hookd answers 503 when it cannot store, and nothing partial ever
# appears in new/. CI runs as root, which ignores permissions, so the
# failures are made in ways root cannot bypass: new/ or tmp/ replaced by a
# regular file, and a file size limit (ulimit -f binds root too).
. "$(dirname "$0")/lib.sh"

plan 14

S="$T/spool"
printf '{"id":"small"}' >"$T/small"
{ printf '{"id":"large","p":"'; head -c 40000 /dev/zero | tr '\0' x; printf '"}'; } >"$T/large"

start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }
rmdir "$S/new" && : >"$S/new"
check "new/ replaced by a file: 503" [ "$(post "$T/small")" = 503 ]
check "... and nothing is left in tmp/" [ "$(count_files "$S/tmp")" = 0 ]
check "... the log line says 503 and why" grep -q ' 503 14 - .*Not a directory' "$LOG"
rm "$S/new" && mkdir "$S/new"
check "new/ back: 200 without a restart" [ "$(post "$T/small")" = 200 ]
check "... and the body is in new/" cmp -s "$T/small" "$(only_file "$S/new")"

rm -r "$S/tmp" && : >"$S/tmp"
check "tmp/ replaced by a file: 503" [ "$(post "$T/small")" = 503 ]
check "... and new/ is unchanged" [ "$(count_files "$S/new")" = 1 ]
rm "$S/tmp" && mkdir "$S/tmp"
stop_hookd TERM

# A write that fails half-way: the body is larger than the file size limit.
rm -r "$S"
hookd_fsize=16 # 8 or 16 KiB, depending on the shell's unit
start_hookd "$S" || { not_ok "paycon-hookd starts under ulimit -f"; finish; }
check "a write error (file size limit): 503" [ "$(post "$T/large")" = 503 ]
spool_empty() { [ "$(count_files "$S/new")" = 0 ] && [ "$(count_files "$S/tmp")" = 0 ]; }
check "... nothing in new/, nothing left in tmp/" spool_empty
check "... hookd survives SIGXFSZ and stores a small body" [ "$(post "$T/small")" = 200 ]
check "... exactly" cmp -s "$T/small" "$(only_file "$S/new")"
stop_hookd TERM
hookd_fsize=

# A spool that cannot be made at all: exit 1 with the reason.
: >"$T/plain"
"$HOOKD" --listen 127.0.0.1:0 --spool "$T/plain" >/dev/null 2>"$T/err"
check "a spool path that is a file: exit 1" [ $? -eq 1 ]
check "... saying it is not a directory" grep -q "not a directory" "$T/err"
"$HOOKD" --listen 127.0.0.1:0 --spool "$T/plain/sub" >/dev/null 2>"$T/err"
check "a spool under a file: exit 1" [ $? -eq 1 ]
finish
