#!/bin/bash
# compare_nmap.sh JCSTAR SRCDIR - the open TCP ports `jcstar probe
# --all-ports` finds on a test host equal those of `nmap -sT -p- -n -Pn`
# on the same host, and both equal the ports the test opened: the edges
# (1, 65535), the common ones and a few high ones, in a network namespace
# (lib/netns.sh) so nothing else is scanned.
set -eu
J=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/integration/lib/netns.sh"
netns_require
for t in nmap busybox python3; do
	command -v "$t" >/dev/null || { echo "FAIL: $t missing (scripts/deps.txt)"; exit 1; }
done
T=$(netns_tmp)
H=10.77.13.2
WANT="1 23 80 1883 8080 31337 40000 65535"
netns_create p1nmap 13
mkdir -p "$T/www"
echo hi > "$T/www/index.html"
netns_start p1nmap "$T/telnetd.log" busybox telnetd -F -l /bin/sh -p 23
for p in 1 80 1883 8080 31337 40000 65535; do
	netns_start p1nmap "$T/httpd$p.log" busybox httpd -f -p "$p" -h "$T/www"
done
for p in $WANT; do netns_wait_tcp "$H" "$p"; done

nmap -sT -p- -n -Pn -T4 "$H" -oG "$T/nmap.gnmap" >/dev/null
NMAP=$(python3 - "$T/nmap.gnmap" <<'PY'
import re, sys
ports = []
for line in open(sys.argv[1]):
    m = re.search(r"Ports: (.*?)(\t|$)", line)
    if m:
        for p in m.group(1).split(","):
            f = p.strip().split("/")
            if len(f) > 2 and f[1] == "open":
                ports.append(int(f[0]))
print(" ".join(map(str, sorted(ports))))
PY
)
rc=0
"$J" probe "$H" --all-ports -q -f json -o "$T/probe.json" || rc=$?
JC=$(python3 -c 'import json,sys; print(" ".join(str(p) for p in sorted(s["port"] for s in json.load(open(sys.argv[1]))["services"] if s["transport"] == "tcp")))' "$T/probe.json")
echo "expected: $WANT"
echo "nmap:     $NMAP"
echo "jcstar:   $JC"
FAILS=0
[ "$rc" = 0 ] || { echo "FAIL: jcstar probe exit $rc"; FAILS=1; }
[ "$NMAP" = "$WANT" ] || { echo "FAIL: nmap does not see the opened ports (test setup?)"; FAILS=1; }
[ "$JC" = "$NMAP" ] || { echo "FAIL: jcstar and nmap disagree"; FAILS=1; }
# and the limitation for the ports outside a list is gone with --all-ports
if python3 -c 'import json,sys; sys.exit(any("not in the list" in l["what"] for l in json.load(open(sys.argv[1]))["limitations"]))' "$T/probe.json"; then
	echo "ok: no 'ports not in the list' limitation with --all-ports"
else
	echo "FAIL: --all-ports still says ports were left out"; FAILS=1
fi
[ "$FAILS" = 0 ] && echo "ok: jcstar probe --all-ports open ports == nmap -sT -p-"
exit "$FAILS"
