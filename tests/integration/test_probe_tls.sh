#!/usr/bin/env bash
# test_probe_tls.sh JCSTAR SOURCE_ROOT - the "tls" probe check against two
# real nginx servers (tls_servers.sh): a bad one (TLS 1.0, NULL, anonymous
# and static-RSA suites, expired self-signed 1024-bit SHA-1 certificate
# for another name) and a clean one. Asserts exactly the set of
# (rule, host, port) of the tls rules (data/rules/probe-tls.tsv), the
# suites named, and that the clean server has none of them but the
# live.tls-modern observation.
#
# Exit 77 (skipped) when nginx/openssl/faketime are missing, unless $CI is
# set (then that is a failure: scripts/deps.txt lists them).
set -u

JCSTAR=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/tls_servers.sh"

tls_require_tools "nginx-light openssl faketime"
trap tls_servers_stop EXIT
tls_servers_start || exit 1
echo "servers: $TLS_MODE; bad $BAD_ADDR:$TLS_PORT, clean $GOOD_ADDR:$TLS_PORT"

out=$TLS_DIR/probe.json
"$JCSTAR" probe "$BAD_ADDR" "$GOOD_ADDR" --ports "$TLS_PORT" --timeout 3000 \
	-q -f json -o "$out"
rc=$?
if [ "$rc" != 0 ]; then
	echo "FAIL: jcstar probe exited $rc"
	exit 1
fi

# the hostname check by name: "localhost" against a certificate for it
# and against one for good.test
named=$TLS_DIR/probe-named.json
"${TLS_RUN[@]}" "$JCSTAR" probe localhost --ports "$NAME_PORT_OK,$NAME_PORT_BAD" \
	--timeout 3000 -q -f json -o "$named"
rc=$?
if [ "$rc" != 0 ]; then
	echo "FAIL: jcstar probe localhost exited $rc"
	exit 1
fi

python3 - "$out" "$SRC" "$BAD_ADDR" "$GOOD_ADDR" "$TLS_PORT" "$named" \
	"$NAME_PORT_BAD" <<'EOF'
import json, sys

out, src, bad, good, port, named, name_bad = sys.argv[1:8]
port = int(port)
doc = json.load(open(out))
rules = set()
for line in open(src + "/data/rules/probe-tls.tsv"):
    if line.strip() and not line.startswith("#"):
        rules.add(line.split("\t")[0])

got = sorted((f["rule"], f["location"]["host"], f["location"]["port"])
             for f in doc["findings"] if f["rule"] in rules)
want = sorted((r, bad, port) for r in [
    "live.tls-1.0",
    "live.tls-weak-cipher",
    "live.tls-anon-cipher",
    "live.tls-no-forward-secrecy",
    "live.cert-expired",
    "live.cert-self-signed",
    "live.cert-short-key",
    "live.cert-weak-signature",
    "live.cert-hostname",
])
fail = 0
if got != want:
    print("FAIL: tls findings differ")
    for x in sorted(set(want) - set(got)):
        print("  missing:    %s %s:%d" % x)
    for x in sorted(set(got) - set(want)):
        print("  unexpected: %s %s:%d" % x)
    fail = 1

where = "%s:%d" % (bad, port)
titles = {f["rule"]: f["title"] for f in doc["findings"]
          if f["location"]["host"] == bad}
want_titles = {
    "live.tls-weak-cipher":
        "Weak TLS cipher suites accepted (%s: RSA_WITH_NULL_SHA)" % where,
    "live.tls-anon-cipher":
        "Anonymous TLS cipher suites accepted, no server authentication "
        "(%s: ECDH_anon_WITH_AES_128_CBC_SHA)" % where,
    "live.tls-no-forward-secrecy":
        "TLS cipher suites without forward secrecy accepted "
        "(%s: RSA_WITH_AES_128_CBC_SHA, RSA_WITH_NULL_SHA)" % where,
    "live.cert-short-key":
        "TLS certificate with a short key (%s: RSA 1024 bits)" % where,
    "live.cert-weak-signature":
        "TLS certificate signed with a weak hash (%s: SHA1)" % where,
    "live.cert-expired":
        "TLS certificate outside its validity period "
        "(%s: expired 2020-01-31 00:00:00 UTC)" % where,
    "live.cert-hostname":
        "TLS certificate does not name the host (%s: %s)" % (where, bad),
}
for rule, title in want_titles.items():
    if titles.get(rule) != title:
        print("FAIL: %s title\n  got:  %s\n  want: %s"
              % (rule, titles.get(rule), title))
        fail = 1
ev = {f["rule"]: f.get("evidence", "") for f in doc["findings"]
      if f["location"]["host"] == bad}
if "versions accepted: TLS 1.0, TLS 1.2" not in ev.get("live.tls-1.0", ""):
    print("FAIL: live.tls-1.0 evidence: %r" % ev.get("live.tls-1.0"))
    fail = 1

obs = sorted((o["id"], o["location"]["host"], o["location"]["port"])
             for o in doc["observations"]
             if o["id"].startswith("live.tls"))
want_obs = sorted([("live.tls-modern", good, port),
                   ("live.tls-versions", bad, port),
                   ("live.tls-versions", good, port)])
if obs != want_obs:
    print("FAIL: observations %r, want %r" % (obs, want_obs))
    fail = 1
vers = {o["location"]["host"]: o["title"] for o in doc["observations"]
        if o["id"] == "live.tls-versions"}
if vers != {bad: "TLS versions accepted: TLS 1.0, TLS 1.2",
            good: "TLS versions accepted: TLS 1.2, TLS 1.3"}:
    print("FAIL: live.tls-versions: %r" % vers)
    fail = 1
lims = [l for l in doc["limitations"] if "TLS" in l["what"]]
if lims:
    print("FAIL: TLS limitations: %r" % lims)
    fail = 1

ndoc = json.load(open(named))
ngot = [(f["rule"], f["location"]["host"], f["location"]["port"], f["title"])
        for f in ndoc["findings"] if f["rule"] in rules]
nwant = [("live.cert-hostname", "localhost", int(name_bad),
          "TLS certificate does not name the host (localhost:%s: localhost)"
          % name_bad)]
if ngot != nwant:
    print("FAIL: by name: %r, want %r" % (ngot, nwant))
    fail = 1
nlims = [l for l in ndoc["limitations"] if "TLS" in l["what"]]
if nlims:
    print("FAIL: TLS limitations by name: %r" % nlims)
    fail = 1
if not fail:
    print("ok: %d tls findings on %s, none on %s (live.tls-modern); "
          "by name: only the certificate for another name" %
          (len(got), bad, good))
sys.exit(fail)
EOF
