#!/bin/sh
# A broken config gives its file and line, exit 2, and sends nothing.
# The table config-errors.cases adds many more broken files, each checked
# for exit 2, its file:line (or setting) and a message safe for a terminal.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
CASES="$TESTS_SRCDIR/cli/config-errors.cases"
TERMSAFE=$(cd "$(dirname "$PAYCON")/.." && pwd)/tests/tools/termsafe
plan $((13 + $(grep -c '^[0-9]' "$CASES")))

bad() { # bad NAME TEXT WANT
	printf '%s\n' "$2" >"$SCRATCH/bad.conf"
	expect_exit "$1: exit 2" 2 "$PAYCON" --config "$SCRATCH/bad.conf" --dry-run balance
	stderr_has "$1: says $3" "$3"
}

bad "syntax error" 'profiles = { a = { environment = "uat" ; } ' "bad.conf:"
bad "unknown key" "$(printf 'profiles = {\n  t = {\n    environment = "uat";\n    base_url = "https://x.example";\n    app_id = "a"; app_name = "b";\n    privat_key = "/k";\n  };\n};')" "bad.conf:6"
bad "suggests the right key" "$(printf 'profiles = {\n  t = {\n    environment = "uat";\n    base_url = "https://x.example";\n    app_id = "a"; app_name = "b";\n    privat_key = "/k";\n  };\n};')" "private_key"
bad "bad environment" "$(printf 'profiles = {\n  t = {\n    environment = "staging";\n    base_url = "https://x.example";\n    app_id = "a"; app_name = "b"; private_key = "/k";\n  };\n};')" "bad.conf:3"
bad "production over http" "$(printf 'profiles = {\n  t = {\n    environment = "production";\n    base_url = "http://127.0.0.1:8080";\n    app_id = "a"; app_name = "b"; private_key = "/k";\n  };\n};')" "https"

expect_exit "missing --config file: exit 2" 2 "$PAYCON" --config "$SCRATCH/none.conf" info
stderr_has "names it" "$SCRATCH/none.conf"
expect_exit "missing \$PAYCON_CONFIG file: exit 2" 2 env PAYCON_CONFIG="$SCRATCH/none2.conf" "$PAYCON" info

# ---- the table ----
base_line() { # base_line N : line N of the base configuration
	case $1 in
	1) echo 'default_profile = "t";' ;;
	2) echo 'profiles = {' ;;
	3) echo '  t = {' ;;
	4) echo '    environment = "uat";' ;;
	5) echo '    base_url = "https://api-uat.example.com";' ;;
	6) echo '    app_id = "a1";' ;;
	7) echo '    app_name = "shop";' ;;
	8) echo "    private_key = \"$SCRATCH/keys/merchant-test.pem\";" ;;
	9) echo ;;
	10) echo '  };' ;;
	11) echo '};' ;;
	esac
}
grep '^[0-9]' "$CASES" | while IFS='|' read -r slot name want text; do
	if [ "$slot" = 0 ]; then
		printf '%b' "$text" >"$SCRATCH/bad.conf"
	else
		n=1
		while [ $n -le 11 ]; do
			if [ $n = "$slot" ]; then printf '%b\n' "$text"; else base_line $n; fi
			n=$((n + 1))
		done >"$SCRATCH/bad.conf"
	fi
	"$PAYCON" --config "$SCRATCH/bad.conf" --dry-run balance >"$SCRATCH/out" 2>"$SCRATCH/err"
	got=$?
	problems=
	[ "$got" -eq 2 ] || problems="exit $got, not 2;"
	grep -qF -- "$want" "$SCRATCH/err" || problems="$problems stderr lacks: $want;"
	if [ -x "$TERMSAFE" ] && ! "$TERMSAFE" "$SCRATCH/err" >/dev/null; then
		problems="$problems stderr is not terminal-safe: $("$TERMSAFE" "$SCRATCH/err");"
	fi
	if [ -z "$problems" ]; then
		ok "$name: exit 2, $want"
	else
		not_ok "$name" "$problems" "stderr: $(head -c 300 "$SCRATCH/err")"
	fi
done >"$SCRATCH/table.tap"
cat "$SCRATCH/table.tap"
tap_n=$((tap_n + $(grep -c '^\(not \)\{0,1\}ok ' "$SCRATCH/table.tap")))
tap_failed=$((tap_failed + $(grep -c '^not ok ' "$SCRATCH/table.tap")))
done_testing
