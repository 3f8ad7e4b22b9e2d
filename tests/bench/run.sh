# run.sh — `make bench`: runs the benchmarks of issue 7 and repeats their
# closing lines at the end:
#   <name> value=<v><unit> reference=<r><unit> ratio=<x> target=<t> <PASS|MISS>
#
# Usage: sh tests/bench/run.sh [NAME...]   (default: all; names as printed)
# Environment (set by `make bench`): BENCH_BIN (the built benchmarks),
# PAYCON, HOOKD, SANDBOX (the programs under test); TMPDIR for the data.
#
# Exits non-zero only when a benchmark could not run to its end (a crash,
# a server that did not start), never because a target was missed.

: "${BENCH_BIN:=$(dirname "$0")}"
export PAYCON HOOKD SANDBOX

# names:program, in the order they run (one program may close several).
# The spool benchmarks come last: the receiver creates files, and the
# shared spool is deleted at the very end (on ext4 without a journal,
# creating files soon after 100,000 were deleted is slower).
all="sign-throughput:bench_sign receiver:bench_receiver tail-latency:bench_tail
spool-ingest:bench_spool startup,scroll:bench_console"

wanted=${*:-}
chosen() {
	[ -z "$wanted" ] && return 0
	for n in $(echo "$1" | tr ',' ' '); do
		case " $wanted " in *" $n "*) return 0 ;; esac
	done
	return 1
}

results=$(mktemp "${TMPDIR:-/tmp}/paycon-bench-results.XXXXXX") || exit 1
BENCH_DATA=
trap 'rm -f "$results" "$results.out"; [ -n "$BENCH_DATA" ] && rm -rf "$BENCH_DATA"' EXIT
failed=0

echo "paycon benchmarks on $(uname -srm), $(getconf _NPROCESSORS_ONLN) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

# The 100,000 signed callbacks that spool-ingest and startup both read are
# made once (signing them is most of the run's time).
if chosen spool-ingest || chosen startup; then
	BENCH_DATA=$(mktemp -d "${TMPDIR:-/tmp}/paycon-bench-data.XXXXXX") || exit 1
	export BENCH_DATA
	echo "== data"
	"$BENCH_BIN/bench_spool" --generate "$BENCH_DATA" || { echo "cannot generate the spool" >&2; exit 1; }
fi

for entry in $all; do
	names=${entry%%:*}
	prog=$BENCH_BIN/${entry#*:}
	chosen "$names" || continue
	only=
	[ -n "$wanted" ] && only=$(for n in $(echo "$names" | tr ',' ' '); do
		case " $wanted " in *" $n "*) printf '%s ' "$n" ;; esac
	done)
	echo "== $names"
	start=$(date +%s)
	# shellcheck disable=SC2086 # several names, or none
	"$prog" $only >"$results.out"
	rc=$?
	cat "$results.out"
	for name in $(echo "$names" | tr ',' ' '); do
		if [ -n "$wanted" ] && ! chosen "$name"; then
			continue
		fi
		line=$(grep "^$name value=" "$results.out" | tail -n 1)
		if [ $rc -ne 0 ] || [ -z "$line" ]; then
			echo "$name did not finish (exit $rc)" >&2
			line="$name CRASHED (exit $rc)"
			failed=1
		fi
		echo "$line" >>"$results"
	done
	echo "   ($(($(date +%s) - start)) s)"
done
echo "== summary"
cat "$results"
exit $failed
