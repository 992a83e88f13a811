#!/usr/bin/env bash
# compare_sslscan.sh JCSTAR SOURCE_ROOT - the "tls" probe check against
# sslscan (Debian package sslscan) on the same real servers
# (tls_servers.sh): the two nginx, and vsftpd with explicit TLS on the
# clean host's port 21 (AUTH TLS first: sslscan --starttls-ftp). Per
# server they must agree on:
#   - the protocol versions accepted (SSLv2 aside: we never ask);
#   - the weak suites (sslscan strength null/weak/medium = our "weak"
#     flag), the anonymous ones (strength anonymous = "anon") and the
#     static-RSA ones (no DHE/ECDHE in the OpenSSL name = "nofs"), each
#     with the versions it was accepted with, by IANA code point.
# A mismatch is a bug in one of the two: the script prints both sides.
#
# Known differences, none on these servers: sslscan only tests the suites
# its OpenSSL build knows (Debian's: no RC4/DES/3DES/EXPORT), we test the
# ones of data/probe/tls-ciphers.tsv with our own ClientHello.
#
# Exit 77 (skipped) without sslscan/nginx/openssl/faketime unless $CI.
set -u

JCSTAR=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/tls_servers.sh"

tls_require_tools "sslscan nginx-light faketime vsftpd" sslscan vsftpd
trap tls_servers_stop EXIT
tls_servers_start || exit 1
tls_ftps_start || { echo "FAIL: vsftpd with TLS did not start"; exit 1; }
echo "servers: $TLS_MODE; bad $BAD_ADDR:$TLS_PORT, clean $GOOD_ADDR:$TLS_PORT"

"$JCSTAR" probe "$BAD_ADDR" "$GOOD_ADDR" --ports "$TLS_PORT,21" --timeout 3000 \
	-q -f json -o "$TLS_DIR/probe.json" || {
	echo "FAIL: jcstar probe exited $?"
	exit 1
}
for h in "$BAD_ADDR" "$GOOD_ADDR"; do
	sslscan --xml="$TLS_DIR/sslscan-$h-$TLS_PORT.xml" --no-colour \
		--no-heartbleed "$h:$TLS_PORT" >/dev/null 2>&1 || {
		echo "FAIL: sslscan $h exited $?"
		exit 1
	}
done
sslscan --xml="$TLS_DIR/sslscan-$GOOD_ADDR-21.xml" --no-colour \
	--no-heartbleed --starttls-ftp "$GOOD_ADDR:21" >/dev/null 2>&1 || {
	echo "FAIL: sslscan --starttls-ftp exited $?"
	exit 1
}

python3 - "$TLS_DIR" "$BAD_ADDR" "$GOOD_ADDR" "$TLS_PORT" <<'EOF'
import json, re, sys
import xml.etree.ElementTree as ET

d, bad, good, tls_port = sys.argv[1:5]
tls_port = int(tls_port)
doc = json.load(open(d + "/probe.json"))
names = {"SSLv3": "SSLv3", "TLS 1.0": "TLSv1.0", "TLS 1.1": "TLSv1.1",
         "TLS 1.2": "TLSv1.2", "TLS 1.3": "TLSv1.3"}
flag_rule = {"weak": "live.tls-weak-cipher", "anon": "live.tls-anon-cipher",
             "nofs": "live.tls-no-forward-secrecy"}


def ours(host, port):
    vers = None
    suites = {k: set() for k in flag_rule}
    for o in doc["observations"]:
        if o["id"] == "live.tls-versions" and o["location"]["host"] == host \
                and o["location"]["port"] == port:
            acc = o["title"].split(": ", 1)[1]
            vers = set(names[v] for v in acc.split(", ") if v in names)
    for f in doc["findings"]:
        if f["location"]["host"] != host or f["location"]["port"] != port:
            continue
        for k, rule in flag_rule.items():
            if f["rule"] != rule:
                continue
            for line in (f.get("evidence") or "").split("\n"):
                m = re.match(r".* \((0x[0-9A-F]{4})\): (.*)$", line)
                if m:
                    for v in m.group(2).split(", "):
                        suites[k].add((m.group(1), names[v]))
    return vers, suites


def theirs(host, port):
    root = ET.parse("%s/sslscan-%s-%d.xml" % (d, host, port)).getroot()
    t = root.find("ssltest")
    vers = set()
    for p in t.findall("protocol"):
        if p.get("enabled") == "1" and p.get("type") == "tls":
            vers.add("TLSv" + p.get("version"))
        elif p.get("enabled") == "1" and p.get("version") == "3":
            vers.add("SSLv3")
    suites = {k: set() for k in flag_rule}
    for c in t.findall("cipher"):
        v = c.get("sslversion")
        v = "TLSv1.0" if v == "TLSv1.0" else v
        key = (c.get("id").upper().replace("0X", "0x"), v)
        s, name = c.get("strength"), c.get("cipher")
        if s in ("null", "weak", "medium"):
            suites["weak"].add(key)
        if s == "anonymous":
            suites["anon"].add(key)
        if (v != "TLSv1.3" and "DHE" not in name and not
                name.startswith(("ADH", "AECDH", "PSK", "SRP", "TLS_"))):
            suites["nofs"].add(key)
    return vers, suites


fail = 0
for host, port in ((bad, tls_port), (good, tls_port), (good, 21)):
    ov, os_ = ours(host, port)
    tv, ts = theirs(host, port)
    if ov != tv:
        print("MISMATCH %s:%d versions: jcstar %s, sslscan %s"
              % (host, port, sorted(ov or []), sorted(tv)))
        fail = 1
    for k in flag_rule:
        if os_[k] != ts[k]:
            print("MISMATCH %s:%d %s suites:\n  jcstar only:  %s\n"
                  "  sslscan only: %s" % (host, port, k, sorted(os_[k] - ts[k]),
                                          sorted(ts[k] - os_[k])))
            fail = 1
    print("%s %s:%d: versions %s; weak %d, anon %d, nofs %d (suite, version)"
          % ("ok" if not fail else "--", host, port, sorted(tv), len(ts["weak"]),
             len(ts["anon"]), len(ts["nofs"])))
sys.exit(fail)
EOF
