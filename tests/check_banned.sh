#!/usr/bin/env bash
# check_banned.sh SOURCE_ROOT
#
# The library and the command never call functions that are unsafe by
# construction or run other programs: strcpy, strcat, sprintf, vsprintf,
# gets, atoi, atol, strtok, system, popen (STYLE.md; curl's checksrc).
# Comments are ignored; tests may use them.
set -uo pipefail
cd "$1" || exit 2
hits=$(grep -rnE '(^|[^_[:alnum:]])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok|system|popen)[[:space:]]*\(' \
	lib src include --include='*.c' --include='*.h' |
	grep -vE ':[[:space:]]*(/?\*|//)' || true)
if [ -n "$hits" ]; then
	echo "banned function calls:"
	echo "$hits"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
