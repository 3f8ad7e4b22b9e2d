#!/bin/sh
# A broken config gives its file and line, exit 2, and sends nothing.
. "$(dirname "$0")/lib.sh"
setup_scratch
install_test_keys
plan 13

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
done_testing
