#!/usr/bin/env bash
# test_db_cli.sh JCSTAR SOURCE_ROOT - `jcstar db` end to end on the
# hand-written feeds of tests/data/vuln: import (every kind), idempotence,
# status and its age warning, match (exit 1 when vulnerable, the KEV
# flag and fixed version printed), purls, errors, and `update` saying it
# is not implemented (exit 3).
set -uo pipefail
J=$1
D=$2/tests/data/vuln
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export JCSTAR_DB=$T/db/vuln.db
pass=0 fail=0
check() { # NAME EXPECTED-RC PATTERN CMD...
	local name=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qE -- "$pat" <<<"$out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: rc $rc (want $want), pattern '$pat' in:"
		echo "$out"
	fi
}

check "status before any import" 1 "jcstar db import creates it" "$J" db status
check "import all kinds" 0 "nvd-2.0.json.gz: nvd, 10 records: 9 new.*1 rejected" \
	"$J" db import "$D/nvd-2.0.json.gz" "$D/kev.json" "$D/kev.csv" "$D/osv.zip"
check "import again" 0 "kev.json: kev-json, 2 records: 0 new, 0 updated, 2 unchanged" \
	"$J" db import "$D/kev.json"
check "status counts" 0 "CVE records: +9" "$J" db status
check "status criteria" 0 "CPE match criteria: 15" "$J" db status
check "status old data warns" 0 "warning: the vulnerability data is [0-9]+ days old \(more than 7\)" "$J" db status
check "status --max-age" 0 "KEV entries: +3" "$J" db status --max-age 100000
out=$("$J" db status --max-age 100000 2>&1 >/dev/null)
[ -z "$out" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: warning despite --max-age: $out"; }
check "match KEV + fixed" 1 "CVE-2023-38408	cvss 9.8	KEV	fixed 9.3" "$J" db match openbsd openssh 9.2p1
check "match none" 0 "1 component: 0 vulnerabilities$" "$J" db match openbsd openssh 9.3p2
check "match unknown version" 0 "1 more possible \(version unknown\)" "$J" db match --part o linux linux_kernel
check "match purl" 1 "CVE-2023-2650	cvss -	fixed 3.0.9-1	\(DSA-5417-1\)" \
	"$J" db match --purl "pkg:deb/debian/openssl@3.0.8-1?distro=debian-12"
printf 'a openssl openssl 1.0.2k\no linux linux_kernel 4.14.180\na busybox busybox -\n' >"$T/list"
check "match list" 1 "3 components: 2 vulnerabilities" "$J" db match -q --list "$T/list"
printf 'a openssl\n' >"$T/bad"
check "match list error" 2 "bad:1: expected" "$J" db match --list "$T/bad"
check "--db" 1 "nothing.db: No such file" "$J" db --db "$T/nothing.db" status
check "not a feed" 1 "not an NVD CVE 2.0, OSV or CISA KEV file" "$J" db import "$D/../../check_banned.sh"
check "update" 3 "not implemented yet" "$J" db update
check "usage" 2 "Usage: jcstar db" "$J" db
check "unknown" 2 "unknown command 'frobnicate'" "$J" db frobnicate
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
