#!/bin/sh
# The core must stay usable without a terminal: no curses header in src/core.
. "$(dirname "$0")/lib.sh"
plan 1
core="$TESTS_SRCDIR/../src/core"
hits=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|term\.h|panel\.h|menu\.h|form\.h)' "$core"/*.c "$core"/*.h 2>/dev/null)
if [ -z "$hits" ]; then ok "no curses header in src/core"; else not_ok "curses in src/core" "$hits"; fi
