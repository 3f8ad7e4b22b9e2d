#!/bin/sh
# The fuzz targets without libFuzzer, in every build: each seed corpus
# (tests/fuzz/<target>/corpus) and every crash reproducer a fuzzer ever
# found (tests/fuzz/<target>/crashes) goes through the same entry point
# and its properties. A reproducer stays here for good: it is the
# regression test of its fix.
. "$(dirname "$0")/../cli/lib.sh"
FUZZ_BIN=$(cd "$(dirname "$PAYCON")/.." && pwd)/tests/fuzz
FUZZ_SRC="$TESTS_SRCDIR/fuzz"
TARGETS="callback canonical config money spool_name"
# libconfig leaks inside itself on some syntax errors (tests/lsan.supp).
LSAN_OPTIONS="suppressions=$TESTS_SRCDIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
setup_scratch
plan 5
for t in $TARGETS; do
	if [ ! -x "$FUZZ_BIN/regress_$t" ]; then
		not_ok "$t: regress_$t is built" "no $FUZZ_BIN/regress_$t"
		continue
	fi
	dirs="$FUZZ_SRC/$t/corpus"
	[ -d "$FUZZ_SRC/$t/crashes" ] && dirs="$dirs $FUZZ_SRC/$t/crashes"
	# shellcheck disable=SC2086
	if "$FUZZ_BIN/regress_$t" $dirs >"$SCRATCH/out" 2>"$SCRATCH/err"; then
		ok "$t: $(cat "$SCRATCH/out") (corpus and crash reproducers) keep every property"
	else
		not_ok "$t: corpus and reproducers" "$(tail -n 5 "$SCRATCH/err")"
	fi
done
done_testing
