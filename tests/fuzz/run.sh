#!/bin/sh
# The libFuzzer targets, each for FUZZ_SECONDS (10; 60 with
# SAFETY_SCALE=long), in a build configured with --enable-fuzzing CC=clang;
# skipped otherwise. Each starts from a copy of its seed corpus with its
# dictionary. A crash fails the test and names the reproducer: copy it into
# tests/fuzz/<target>/crashes/ (regress.sh then runs it in every build) and
# fix the code.
. "$(dirname "$0")/../cli/lib.sh"
FUZZ_BIN=$(cd "$(dirname "$PAYCON")/.." && pwd)/tests/fuzz
FUZZ_SRC="$TESTS_SRCDIR/fuzz"
SECONDS_EACH=${FUZZ_SECONDS:-10}
[ "${SAFETY_SCALE:-}" = long ] && SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS="callback canonical config money spool_name"
[ -x "$FUZZ_BIN/fuzz_money" ] || { echo "1..0 # SKIP not a --enable-fuzzing build"; exit 0; }
# libconfig leaks inside itself on some syntax errors (tests/lsan.supp).
LSAN_OPTIONS="suppressions=$TESTS_SRCDIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
setup_scratch
plan 5
for t in $TARGETS; do
	mkdir -p "$SCRATCH/$t/corpus" "$SCRATCH/$t/artifacts"
	cp "$FUZZ_SRC/$t/corpus/"* "$SCRATCH/$t/corpus/"
	"$FUZZ_BIN/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-dict="$FUZZ_SRC/$t/$t.dict" -artifact_prefix="$SCRATCH/$t/artifacts/" -print_final_stats=1 \
		"$SCRATCH/$t/corpus" >"$SCRATCH/$t.log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$SCRATCH/$t.log")
	if [ "$status" -eq 0 ]; then
		ok "$t: $runs executions in $SECONDS_EACH s, no crash, every property kept"
	else
		not_ok "$t: fuzzing found a problem" "$(grep -E 'ERROR|property|SUMMARY' "$SCRATCH/$t.log" | head -n 5)" \
			"reproducer: $(ls "$SCRATCH/$t/artifacts/" | head -n 1) (copy it into tests/fuzz/$t/crashes/)"
		# Keep the reproducer where the log says, past the scratch area.
		cp "$SCRATCH/$t/artifacts/"* "${TMPDIR:-/tmp}/" 2>/dev/null
	fi
done
done_testing
