#!/bin/sh
# paycon-hookd under a burst of concurrent callbacks: the sustained rate
# with fsync, then kill -9 in the middle of a burst. Afterwards every POST
# that got the success answer has its file in new/ with the exact body, and
# new/ holds no partial file: every file is exactly one of the bodies sent.
#
# HOOKD_BURST_LOOPS parallel senders (default 8) each POST HOOKD_BURST_POSTS
# bodies (default 200) over one keep-alive connection (one curl per sender,
# driven by a config file), each body carrying a unique id.
. "$(dirname "$0")/lib.sh"

plan 13

LOOPS=${HOOKD_BURST_LOOPS:-8}
POSTS=${HOOKD_BURST_POSTS:-200}
TOTAL=$((LOOPS * POSTS))
B="$T/bodies"
mkdir "$B"

# Bodies and one curl config per sender: body "<phase>-<sender>-<n>".
make_burst() { # make_burst PHASE
	l=1
	while [ $l -le "$LOOPS" ]; do
		: >"$T/$1-$l.curl"
		n=1
		while [ $n -le "$POSTS" ]; do
			id="$1-$l-$n"
			printf '{"id":"%s","mchOrderId":"ORD%s","amount":"1%03d.50","status":"SUCCESS","pad":"%s"}' \
				"$id" "$id" "$n" "................................................................" >"$B/$id"
			printf 'url = "%s"\ndata-binary = "@%s"\nwrite-out = "%%{http_code} %s\\n"\noutput = "/dev/null"\nnext\n' \
				"$URL" "$B/$id" "$id" >>"$T/$1-$l.curl"
			n=$((n + 1))
		done
		l=$((l + 1))
	done
}

# Starts every sender in the background; each writes "<code> <id>" lines.
run_burst() { # run_burst PHASE
	senders=
	l=1
	while [ $l -le "$LOOPS" ]; do
		curl -s -K "$T/$1-$l.curl" >"$T/$1-$l.codes" 2>/dev/null &
		senders="$senders $!"
		l=$((l + 1))
	done
}

wait_for_senders() {
	for pid in $senders; do
		wait "$pid"
	done
}

acked_ids() { # acked_ids PHASE: ids answered 200
	cat "$T/$1"-*.codes | awk '$1 == 200 { print $2 }'
}

# "<md5>  <name>" for every file of a directory (nothing when empty).
sums() {
	[ "$(count_files "$1")" = 0 ] || (cd "$1" && md5sum -- *)
}

# Files in new/ that are not exactly one of the bodies sent: none expected.
partial_files() {
	sums "$B" >"$T/body.sums"
	sums "$S/new" >"$T/file.sums"
	awk 'NR == FNR { sent[$1] = 1; next } !($1 in sent) { print $2 }' "$T/body.sums" "$T/file.sums"
}

# Acknowledged ids whose exact body is not in new/: none expected.
acked_but_missing() { # acked_but_missing PHASE
	acked_ids "$1" >"$T/acked"
	sums "$S/new" >"$T/file.sums"
	sums "$B" >"$T/body.sums"
	awk 'FILENAME == ARGV[1] { stored[$1] = 1; next }
	     FILENAME == ARGV[2] { hash[$2] = $1; next }
	     !(hash[$1] in stored) { print $1 }' "$T/file.sums" "$T/body.sums" "$T/acked"
}

now_ms() {
	t=$(date +%s%N 2>/dev/null)
	case $t in
	*N | "") echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

new_count_at_least() { [ "$(count_files "$S/new")" -ge "$1" ]; }

# ---- the sustained rate -------------------------------------------------------
S="$T/spool-rate"
start_hookd "$S" || { not_ok "paycon-hookd starts"; finish; }
make_burst rate
start=$(now_ms)
run_burst rate
wait_for_senders
elapsed=$(($(now_ms) - start))
[ "$elapsed" -gt 0 ] || elapsed=1
acked=$(acked_ids rate | wc -l | tr -d ' ')
check "burst: all $TOTAL POSTs from $LOOPS senders got 200" [ "$acked" = "$TOTAL" ]
check "burst: $TOTAL files in new/" [ "$(count_files "$S/new")" = "$TOTAL" ]
check "burst: every file is exactly one of the bodies" [ -z "$(partial_files)" ]
check "burst: every acknowledged body is in new/" [ -z "$(acked_but_missing rate)" ]
check "burst: nothing left in tmp/" [ "$(count_files "$S/tmp")" = 0 ]
fs=$(stat -f -c %T "$S/new" 2>/dev/null || echo unknown)
echo "# rate: $((TOTAL * 1000 / elapsed)) callbacks/s sustained ($TOTAL POSTs, $LOOPS keep-alive" \
	"senders, $elapsed ms, fsync of file and directory on $fs)"
stop_hookd TERM
check "burst: SIGTERM afterwards exits 0" [ "$hookd_status" = 0 ]

# ---- kill -9 in the middle of a burst ----------------------------------------
S="$T/spool-kill"
start_hookd "$S" || { not_ok "paycon-hookd starts again"; finish; }
make_burst kill
run_burst kill
wait_until new_count_at_least $((TOTAL / 4))
kill -9 "$hookd_pid"
wait "$hookd_pid" 2>/dev/null
hookd_pid=
wait_for_senders
acked=$(acked_ids kill | wc -l | tr -d ' ')
stored=$(count_files "$S/new")
echo "# kill -9 after $acked of $TOTAL acknowledged; $stored files in new/," \
	"$(count_files "$S/tmp") unfinished in tmp/"
mid_burst() { [ "$acked" -gt 0 ] && [ "$acked" -lt "$TOTAL" ]; }
check "kill -9 came in the middle of the burst" mid_burst
check "kill -9: every acknowledged POST has its exact body in new/" [ -z "$(acked_but_missing kill)" ]
check "kill -9: no partial file in new/ (each is exactly a body sent)" [ -z "$(partial_files)" ]
check "kill -9: no body stored twice" [ -z "$(cut -d' ' -f1 "$T/file.sums" | sort | uniq -d)" ]
check "kill -9: stored at least what was acknowledged" [ "$stored" -ge "$acked" ]

# The spool is usable as it was left.
start_hookd "$S" || not_ok "paycon-hookd restarts on the spool"
check "restarted on the same spool: a callback is stored" [ "$(post "$B/kill-1-1")" = 200 ]
stop_hookd TERM
check "restarted: SIGTERM exits 0" [ "$hookd_status" = 0 ]
finish
