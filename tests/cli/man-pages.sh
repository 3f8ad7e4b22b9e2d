#!/bin/sh
# Man pages render without a single warning (groff -ww -z).
. "$(dirname "$0")/lib.sh"
: "${MANDIR:=$TESTS_SRCDIR/../doc}"
pages=$(ls "$MANDIR"/*.[1-9] 2>/dev/null)
plan $(echo "$pages" | wc -w)
for page in $pages; do
	warnings=$(groff -ww -z -man "$page" 2>&1)
	if [ -z "$warnings" ]; then ok "$(basename "$page") renders cleanly"; else not_ok "$(basename "$page")" "$warnings"; fi
done
