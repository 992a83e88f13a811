#!/usr/bin/env bash
# test_probe_udp_http.sh JCSTAR SOURCE_ROOT - the "udp" and "http" probe
# checks against real Debian servers in network namespaces
# (lib/netns.sh, subnets 10.77.41-43):
#   dev      10.77.41.2  lighttpd on 80 (login page at /, an unprotected
#                        settings form at /cgi-bin/config, key=value
#                        content at /system.ini, version in Server), nginx
#                        on 443 with the same pages over TLS (the login
#                        form posting to an http:// URL),
#                        miniupnpd (IGD; its external interface is a
#                        veth inside the namespace; HTTP on 5000),
#                        snmpd (rocommunity public), tftpd-hpa, libcoap's
#                        coap-server, a tiny mDNS responder (python: avahi
#                        needs D-Bus, too heavy for a namespace)
#   catchall 10.77.42.2  nginx answering 200 to every path: on 80 a plain
#                        page, on 8080 the same settings form
#                        everywhere; an SSDP responder whose LOCATION
#                        names the dev (must not be followed)
#   clean    10.77.43.2  nginx with a static page, no version, no UDP
# and asserts exactly the set of (rule, host, port) of the udp and http
# rules (data/rules/probe-udp.tsv, probe-http.tsv), the observations of
# the udp check, and that nothing is reported on the catch-all's 80 and
# on the clean host. The device is probed over IPv6 too (fd77:41::2,
# every server listening there as well): the same findings are expected
# at that address.
#
# Exit 77 (skipped) without root / ip netns or a server binary, unless
# $CI is set (then a failure: scripts/deps.txt lists the packages).
set -u

JCSTAR=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/netns.sh"

need=""
for b in lighttpd nginx openssl miniupnpd snmpd in.tftpd coap-server-notls python3; do
	command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || need="$need $b"
done
if [ -n "$need" ]; then
	echo "missing:$need (apt-get install lighttpd nginx miniupnpd snmpd tftpd-hpa libcoap3-bin)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
netns_require
PATH=$PATH:/usr/sbin

T=$(netns_tmp)
DEV=10.77.41.2
DEV6=fd77:41::2   # the same device over IPv6 (netns_create gives it)
CATCH=10.77.42.2
CLEAN=10.77.43.2
netns_create udpdev 41 || exit 1
netns_create catchall 42 || exit 1
netns_create clean 43 || exit 1
DEVIF=$(netns_exec udpdev ip -o link show | awk -F': ' '$2 ~ /^jv41d/ {sub(/@.*/, "", $2); print $2}')

# --- dev: lighttpd -----------------------------------------------------
mkdir -p "$T/www/cgi-bin" "$T/tftp"
cat >"$T/www/index.html" <<'EOF'
<html><head><title>Camera login</title></head><body>
<form method="post" action="/cgi-bin/login">
User <input type="text" name="user"> Password <input type="password" name="pass">
<input type="submit" value="Login"></form></body></html>
EOF
cat >"$T/www/cgi-bin/config" <<'EOF'
<html><body><h1>Network settings</h1>
<form method="post" action="/cgi-bin/config">
SSID <input name="ssid" value="cam"> DHCP <input type="checkbox" name="dhcp">
Channel <select name="ch"><option>1</option><option>6</option></select>
<input type="submit" value="Apply"></form></body></html>
EOF
printf '[system]\nadmin_user=admin\nadmin_pass=1234\nlan_ip=192.168.1.10\n' >"$T/www/system.ini"
cat >"$T/lighttpd.conf" <<EOF
server.document-root = "$T/www"
server.bind = "$DEV"
server.port = 80
server.errorlog = "$T/lighttpd.err"
server.pid-file = "$T/lighttpd.pid"
index-file.names = ( "index.html" )
\$SERVER["socket"] == "[$DEV6]:80" { }
mimetype.assign = ( ".html" => "text/html", ".ini" => "text/plain", "" => "text/html" )
EOF
netns_start udpdev "$T/lighttpd.log" lighttpd -D -f "$T/lighttpd.conf"

# --- dev: miniupnpd (IGD), external side a second veth pair -------------
# (a veth pair with both ends inside: the dummy module may be missing)
netns_exec udpdev ip link add jcsext0 type veth peer name jcsext1
netns_exec udpdev ip addr add 198.51.100.2/24 dev jcsext0
netns_exec udpdev ip link set jcsext0 up
netns_exec udpdev ip link set jcsext1 up
cat >"$T/miniupnpd.conf" <<EOF
ext_ifname=jcsext0
listening_ip=$DEVIF
http_port=5000
enable_natpmp=no
enable_upnp=yes
secure_mode=yes
system_uptime=yes
uuid=3b1b0a6c-8f8e-4d39-9a43-4a4353544152
allow 1024-65535 10.77.41.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
netns_start udpdev "$T/miniupnpd.log" miniupnpd -d -f "$T/miniupnpd.conf" -P "$T/miniupnpd.pid"

# --- dev: snmpd, tftpd-hpa, coap-server, mDNS -----------------------------
cat >"$T/snmpd.conf" <<EOF
agentaddress udp:$DEV:161,udp6:[$DEV6]:161
rocommunity public default
rocommunity6 public default
sysDescr jcstar test device
EOF
netns_start udpdev "$T/snmpd.log" snmpd -f -Lo -C -c "$T/snmpd.conf" -p "$T/snmpd.pid"
netns_start udpdev "$T/tftpd.log" in.tftpd -L -u nobody -s "$T/tftp" -a "$DEV:69"
netns_start udpdev "$T/tftpd6.log" in.tftpd -L -u nobody -s "$T/tftp" -a "[$DEV6]:69"
netns_start udpdev "$T/coap.log" coap-server-notls -A "$DEV" -p 5683
netns_start udpdev "$T/coap6.log" coap-server-notls -A "$DEV6" -p 5683
cat >"$T/mdns.py" <<'EOF'
# A minimal mDNS responder: answers the DNS-SD service enumeration
# (_services._dns-sd._udp.local PTR) by unicast to the asker.
import socket, struct, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET,
                  socket.SOCK_DGRAM)
s.bind((sys.argv[1], 5353))
def name(labels):
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\0"
while True:
    q, peer = s.recvfrom(2048)
    if len(q) < 12 or b"\x09_services\x07_dns-sd\x04_udp\x05local" not in q:
        continue
    owner = name([b"_services", b"_dns-sd", b"_udp", b"local"])
    out = struct.pack(">6H", 0, 0x8400, 0, 2, 0, 0)
    for svc in (b"_http", b"_printer"):
        rd = name([svc, b"_tcp", b"local"])
        out += owner + struct.pack(">HHIH", 12, 1, 4500, len(rd)) + rd
    s.sendto(out, peer)
EOF
netns_start udpdev "$T/mdns.log" python3 "$T/mdns.py" "$DEV"
netns_start udpdev "$T/mdns6.log" python3 "$T/mdns.py" "$DEV6"

# --- catch-all and clean: nginx ------------------------------------------
nginx_conf() { # DIR ADDR SERVERS...
	local dir=$1 addr=$2
	shift 2
	mkdir -p "$dir"
	cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
	access_log off;
	server_tokens off;
	client_body_temp_path $dir/body;
	proxy_temp_path $dir/proxy;
	fastcgi_temp_path $dir/fastcgi;
	uwsgi_temp_path $dir/uwsgi;
	scgi_temp_path $dir/scgi;
	$*
}
EOF
}
nginx_conf "$T/catch" "$CATCH" \
	"server { listen $CATCH:80; default_type text/html; location / { return 200 '<html><body><h1>It works</h1></body></html>'; } }" \
	"server { listen $CATCH:8080; default_type text/html; location / { return 200 '<html><body><form action=\"/set\"><input name=\"a\"><input name=\"b\"><select name=\"c\"></select></form></body></html>'; } }"
netns_start catchall "$T/catch.log" nginx -c "$T/catch/nginx.conf"
# dev over TLS: nginx on 443 (self-signed), the same pages, but a login
# form that posts to an http:// URL
cp -r "$T/www" "$T/wwwtls"
sed -i "s|action=\"/cgi-bin/login\"|action=\"http://$DEV/cgi-bin/login\"|" "$T/wwwtls/index.html"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=jcstar-test \
	-keyout "$T/tls.key" -out "$T/tls.crt" >/dev/null 2>&1
nginx_conf "$T/devtls" "$DEV" \
	"server { listen $DEV:443 ssl; listen [$DEV6]:443 ssl; ssl_certificate $T/tls.crt; ssl_certificate_key $T/tls.key; server_tokens on; root $T/wwwtls; default_type text/html; }"
netns_start udpdev "$T/devtls.log" nginx -c "$T/devtls/nginx.conf"
# catch-all: an SSDP responder whose LOCATION points to another host (the
# dev): the probe must not follow it
cat >"$T/ssdp_foreign.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 1900))
while True:
    q, peer = s.recvfrom(2048)
    if q.startswith(b"M-SEARCH"):
        s.sendto(b"HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: "
                 b"http://" + sys.argv[2].encode() + b":5000/rootDesc.xml"
                 b"\r\n\r\n", peer)
EOF
netns_start catchall "$T/ssdp_foreign.log" python3 "$T/ssdp_foreign.py" "$CATCH" "$DEV"
mkdir -p "$T/cleanwww"
echo '<html><body>Nothing to see</body></html>' >"$T/cleanwww/index.html"
nginx_conf "$T/clean" "$CLEAN" \
	"server { listen $CLEAN:80; root $T/cleanwww; }"
netns_start clean "$T/clean.log" nginx -c "$T/clean/nginx.conf"

ok=1
netns_wait_tcp "$DEV" 80 || ok=0
netns_wait_tcp "$DEV" 5000 || ok=0
netns_wait_tcp "$DEV" 443 || ok=0
netns_wait_tcp "$DEV6" 80 || ok=0
netns_wait_tcp "$CATCH" 80 || ok=0
netns_wait_tcp "$CATCH" 8080 || ok=0
netns_wait_tcp "$CLEAN" 80 || ok=0
sleep 1   # the UDP servers have no port to wait for
if [ "$ok" != 1 ]; then
	for f in "$T"/*.log "$T"/*.err; do echo "== $f"; tail -5 "$f"; done
	echo "FAIL: a server did not start"
	exit 1
fi

out=$T/probe.json
"$JCSTAR" probe "$DEV" "$CATCH" "$CLEAN" "$DEV6" --ports 80,443,5000,8080 \
	--timeout 1000 -q -f json -o "$out"
rc=$?
if [ "$rc" != 0 ]; then
	for f in "$T"/*.log; do echo "== $f"; tail -5 "$f"; done
	echo "FAIL: jcstar probe exited $rc"
	exit 1
fi
cp "$out" "${PROBE_JSON_KEEP:-/dev/null}" 2>/dev/null || true

python3 - "$out" "$SRC" "$DEV" "$CATCH" "$CLEAN" "$DEV6" <<'EOF'
import json, sys

out, src, dev, catch, clean, dev6 = sys.argv[1:7]
doc = json.load(open(out))
# UDP services included, the document keeps to its schema
import jsonschema
jsonschema.validate(doc, json.load(open(src + "/schema/result.schema.json")))
rules = set()
for fam in ("udp", "http"):
    for line in open(src + "/data/rules/probe-%s.tsv" % fam):
        if line.strip() and not line.startswith("#"):
            rules.add(line.split("\t")[0])

got = sorted((f["rule"], f["location"]["host"], f["location"]["port"])
             for f in doc["findings"] if f["rule"] in rules)
want = sorted([
    ("live.http-admin-cleartext", dev, 80),
    ("live.http-login-cleartext", dev, 80),
    ("live.http-no-auth", dev, 80),          # /cgi-bin/config
    ("live.http-no-auth", dev, 80),          # /system.ini
    ("live.http-version-disclosure", dev, 80),    # lighttpd/1.4.x
    ("live.http-version-disclosure", dev, 5000),
    # over TLS: no cleartext admin, but the login posts to http://, the
    # settings still need no authentication, nginx names its version
    ("live.http-login-cleartext", dev, 443),
    ("live.http-no-auth", dev, 443),
    ("live.http-no-auth", dev, 443),
    ("live.http-version-disclosure", dev, 443),  # "OS/version UPnP/1.1 MiniUPnPd/2.3.1"
    ("live.upnp-igd-exposed", dev, 1900),
    ("live.snmp-default-community", dev, 161),    # public, not private
    ("live.tftp-open", dev, 69),
    ("live.coap-open", dev, 5683),
    # the catch-all's form on 8080 is an admin page over plain HTTP, but
    # answered for every path: never "settings without authentication"
    ("live.http-admin-cleartext", catch, 8080),
])
# the same device over IPv6: every server listens there too (miniupnpd
# gives an IPv6 LOCATION to an IPv6 M-SEARCH)
want = sorted(want + [(r, dev6, p) for (r, h, p) in want if h == dev])
fail = 0
if got != want:
    print("FAIL: udp/http findings differ")
    for x in sorted(set(want) - set(got)):
        print("  missing:    %s %s:%d" % x)
    for x in sorted(set(got) - set(want)):
        print("  unexpected: %s %s:%d" % x)
    if len(got) != len(want) and set(got) == set(want):
        print("  (same set, different counts)")
    for f in doc["findings"]:
        if f["rule"] in rules:
            print("   ", f["rule"], f["location"], f["title"])
    fail = 1

paths = [f["title"] for f in doc["findings"]
         if f["rule"] == "live.http-no-auth"]
for want_path in ("/cgi-bin/config", "/system.ini"):
    if not any(want_path in t for t in paths):
        print("FAIL: no http-no-auth naming", want_path, paths)
        fail = 1

obs = sorted((o["id"], o["location"]["host"], o["location"]["port"])
             for o in doc.get("observations", [])
             if o["id"] in ("live.upnp-services", "live.mdns-advertised"))
want_obs = sorted([("live.upnp-services", h, 1900) for h in (dev, dev6)] +
                  [("live.mdns-advertised", h, 5353) for h in (dev, dev6)])
if obs != want_obs:
    print("FAIL: observations", obs, "!=", want_obs)
    fail = 1
for o in doc.get("observations", []):
    if o["id"] == "live.mdns-advertised" and \
            o.get("evidence") != "_http._tcp.local, _printer._tcp.local":
        print("FAIL: mDNS evidence", o.get("evidence"))
        fail = 1
    if o["id"] == "live.upnp-services" and \
            "WANIPConnection:" not in (o.get("evidence") or ""):
        print("FAIL: UPnP evidence", o.get("evidence"))
        fail = 1

checks = {(c["name"], c["status"]) for c in doc.get("checks", [])}
for name in ("udp", "http"):
    if (name, "ran") not in checks:
        print("FAIL: check %s did not run: %s" % (name, sorted(checks)))
        fail = 1
# the hosts without those UDP services say "port unreachable": examined,
# nothing there, so no "not tested" limitation for them
lim = " ".join(l.get("what", "") + " " + l.get("why", "")
               for l in doc.get("limitations", []))
for host in (catch, clean):
    if "UDP on %s" % host in lim:
        print("FAIL: closed UDP ports of %s listed as not tested" % host)
        fail = 1
# the UDP services that answered join `services` (TCP ones stay as found)
udp = sorted((s["host"], s["port"], s["name"]) for s in doc["services"]
             if s["transport"] == "udp")
want_udp = sorted([(h, p, n) for h in (dev, dev6) for (p, n) in
                   ((1900, "ssdp"), (5353, "mdns"), (161, "snmp"),
                    (69, "tftp"), (5683, "coap"))] + [(catch, 1900, "ssdp")])
if udp != want_udp:
    print("FAIL: UDP services", udp, "!=", want_udp)
    fail = 1
# what they announce is their product: the UPnP stack, the SNMP sysDescr
prod = {(s["host"], s["port"]): s.get("product", "") for s in doc["services"]
        if s["transport"] == "udp"}
if "MiniUPnPd/" not in prod.get((dev, 1900), "") or \
        prod.get((dev, 161)) != "jcstar test device":   # snmpd.conf sysdescr
    print("FAIL: UDP products", prod)
    fail = 1
# the catch-all's SSDP answer points to the dev: not followed, and said
foreign = ("LOCATION http://%s:5000/rootDesc.xml is not on the target %s"
           % (dev, catch))
if foreign not in lim:
    print("FAIL: foreign LOCATION not reported:", foreign)
    fail = 1
print("udp/http findings:", len(got), "observations:", len(obs))
sys.exit(fail)
EOF
rc=$?
[ "$rc" = 0 ] || exit "$rc"

# --udp-ports chooses which UDP services are asked: only SNMP here, and
# no UDP at all with "none" (the udp check then did not run); a port no
# check knows is a usage error
"$JCSTAR" probe "$DEV" --ports 80 --udp-ports 161 -q -f json -o "$T/u1.json" || exit 1
"$JCSTAR" probe "$DEV" --ports 80 --udp-ports none -q -f json -o "$T/u0.json" || exit 1
"$JCSTAR" probe "$DEV" --ports 80 --udp-ports 22 -q -f json -o "$T/u2.json" 2>"$T/u2.err"
rc=$?
if [ "$rc" != 2 ] || ! grep -q "no check asks UDP 22" "$T/u2.err"; then
	echo "FAIL: --udp-ports 22 exited $rc: $(cat "$T/u2.err")"
	exit 1
fi
python3 - "$T/u1.json" "$T/u0.json" <<'EOF'
import json, sys
one, none = (json.load(open(p)) for p in sys.argv[1:3])
fail = 0
udp = sorted((f["rule"], f["location"]["port"]) for f in one["findings"]
             if f["location"].get("port") in (1900, 5353, 161, 69, 5683))
if udp != [("live.snmp-default-community", 161)]:
    print("FAIL: --udp-ports 161 found", udp)
    fail = 1
st = {c["name"]: (c["status"], c.get("why")) for c in none["checks"]}
if st.get("udp") != ("not-run", "--udp-ports none") or \
        any(s["transport"] == "udp" for s in none["services"]):
    print("FAIL: --udp-ports none:", st.get("udp"), none["services"])
    fail = 1
sys.exit(fail)
EOF
[ "$?" = 0 ] || exit 1

# the UDP services are asked at the same time; the report must not
# depend on which answered first: two runs, the same findings,
# observations, limitations and services in the same order
for i in 1 2; do
	"$JCSTAR" probe "$DEV" --ports 80 -q -f json -o "$T/order$i.json" || exit 1
done
python3 - "$T/order1.json" "$T/order2.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def seq(d):
    return ([(f["rule"], f["location"].get("port"), f.get("evidence")) for f in d["findings"]],
            [(o["id"], o.get("evidence")) for o in d["observations"]],
            [(l["what"], l["why"]) for l in d["limitations"]],
            [(s["transport"], s["port"], s["name"]) for s in d["services"]])
if seq(a) != seq(b):
    for x, y in zip(seq(a), seq(b)):
        if x != y:
            print("FAIL: two runs differ:\n  ", x, "\n  ", y)
    sys.exit(1)
print("ok: two runs give the same report, in the same order (%d findings)" % len(a["findings"]))
EOF
