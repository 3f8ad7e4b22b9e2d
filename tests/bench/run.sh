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

# name:program, in the order they run. spool-ingest goes last: it deletes
# 100,000 files at its end, and on ext4 without a journal the next minutes
# of file creation search past recently freed inodes, which would slow the
# receiver's stores (and its reference's) for reasons that are not paycon's.
all="sign-throughput:bench_sign receiver:bench_receiver tail-latency:bench_tail spool-ingest:bench_spool"
# The console benchmarks need the console's headless mode (PAYCON_SCRIPT,
# :save-display); they join this list once it exists.

wanted=${*:-}
results=$(mktemp "${TMPDIR:-/tmp}/paycon-bench-results.XXXXXX") || exit 1
trap 'rm -f "$results"' EXIT
failed=0

echo "paycon benchmarks on $(uname -srm), $(getconf _NPROCESSORS_ONLN) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
for entry in $all; do
	name=${entry%%:*}
	prog=$BENCH_BIN/${entry#*:}
	if [ -n "$wanted" ]; then
		case " $wanted " in *" $name "*) ;; *) continue ;; esac
	fi
	echo "== $name"
	start=$(date +%s)
	"$prog" >"$results.out"
	rc=$?
	cat "$results.out"
	line=$(grep "^$name value=" "$results.out" | tail -n 1)
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		echo "$name did not finish (exit $rc)" >&2
		line="$name CRASHED (exit $rc)"
		failed=1
	fi
	echo "   ($(($(date +%s) - start)) s)"
	echo "$line" >>"$results"
done
rm -f "$results.out"
echo "== summary"
cat "$results"
exit $failed
