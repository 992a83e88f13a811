#!/bin/bash
# test_probe_core.sh JCSTAR SRCDIR - `jcstar probe` discovery, service
# identification and the cleartext findings against real servers in a
# network namespace (lib/netns.sh): busybox telnetd (no login), vsftpd
# (anonymous, no TLS), mosquitto (anonymous on 1883), dropbear, lighttpd.
# A control namespace runs only an OpenSSH server that takes keys only; a
# third host speaks only TLS (vsftpd with AUTH TLS, nginx HTTPS, mosquitto
# on 8883): identified inside TLS, and no cleartext finding.
# Asserts exactly: the open ports, the names identified, the core's
# findings (rule, host, port), and that the control host has none.
set -eu
J=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/integration/lib/netns.sh"
. "$SRC/tests/integration/lib/vsftpd_anon.sh"
netns_require
for t in busybox vsftpd mosquitto dropbear dropbearkey lighttpd nginx openssl /usr/sbin/sshd ssh-keygen python3; do
	command -v "$t" >/dev/null || { echo "FAIL: $t missing (scripts/deps.txt)"; exit 1; }
done
T=$(netns_tmp)
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }

DEV=10.77.11.2
CTL=10.77.12.2
netns_create p1dev 11
netns_create p1ctl 12

# --- the device: every server of the core's checks ----------------------
mkdir -p "$T/ftp" "$T/empty" "$T/www"
echo "firmware notes" > "$T/ftp/readme.txt"
vsftpd_anon_conf "$T/vsftpd.conf" "$T/ftp" "$T/empty" \
	listen_ipv6=NO write_enable=NO
cat > "$T/mosquitto.conf" <<CONF
listener 1883
allow_anonymous true
persistence false
log_dest stderr
user root
CONF
echo "<html><body>camera</body></html>" > "$T/www/index.html"
cat > "$T/lighttpd.conf" <<CONF
server.document-root = "$T/www"
server.port = 80
server.errorlog = "$T/lighttpd.err"
CONF
dropbearkey -t ed25519 -f "$T/dropbear_key" >/dev/null 2>&1
netns_start p1dev "$T/telnetd.log" busybox telnetd -F -l /bin/sh -p 23
netns_start p1dev "$T/vsftpd.log" vsftpd "$T/vsftpd.conf"
netns_start p1dev "$T/mosquitto.log" mosquitto -c "$T/mosquitto.conf"
netns_start p1dev "$T/dropbear.log" dropbear -F -E -p 22 -r "$T/dropbear_key"
netns_start p1dev "$T/lighttpd.log" lighttpd -D -f "$T/lighttpd.conf"

# --- the control host: OpenSSH, keys only --------------------------------
ssh-keygen -q -t ed25519 -N '' -f "$T/ssh_host_key"
mkdir -p /run/sshd
cat > "$T/sshd_config" <<CONF
Port 22
HostKey $T/ssh_host_key
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
PidFile none
CONF
netns_start p1ctl "$T/sshd.log" /usr/sbin/sshd -D -e -f "$T/sshd_config"

# --- a host whose services all speak TLS: FTP with AUTH TLS, HTTPS,
# MQTT over TLS (identification inside TLS; no cleartext finding) -------
TLSH=10.77.16.2
netns_create p1tls 16
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/tls.key" -out "$T/tls.crt" \
	-days 2 -subj /CN=device.test >/dev/null 2>&1
mkdir -p "$T/ngx"
vsftpd_anon_conf "$T/vsftpd-tls.conf" "$T/ftp" "$T/empty" \
	listen_ipv6=NO ssl_enable=YES allow_anon_ssl=YES \
	"rsa_cert_file=$T/tls.crt" "rsa_private_key_file=$T/tls.key"
cat > "$T/mosquitto-tls.conf" <<CONF
listener 8883
certfile $T/tls.crt
keyfile $T/tls.key
allow_anonymous true
persistence false
log_dest stderr
user root
CONF
cat > "$T/nginx.conf" <<CONF
daemon off;
user root;
worker_processes 1;
pid $T/ngx/nginx.pid;
error_log $T/ngx/error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $T/ngx;
	proxy_temp_path $T/ngx;
	fastcgi_temp_path $T/ngx;
	uwsgi_temp_path $T/ngx;
	scgi_temp_path $T/ngx;
	server {
		listen 443 ssl;
		listen 9999 ssl;
		ssl_certificate $T/tls.crt;
		ssl_certificate_key $T/tls.key;
		root $T/www;
	}
}
CONF
netns_start p1tls "$T/vsftpd-tls.log" vsftpd "$T/vsftpd-tls.conf"
netns_start p1tls "$T/mosquitto-tls.log" mosquitto -c "$T/mosquitto-tls.conf"
netns_start p1tls "$T/nginx.log" nginx -p "$T/ngx" -e "$T/ngx/error.log" -c "$T/nginx.conf"

for p in 21 22 23 80 1883; do netns_wait_tcp "$DEV" "$p"; done
netns_wait_tcp "$CTL" 22
for p in 21 443 8883 9999; do netns_wait_tcp "$TLSH" "$p"; done

# --- probe both (default port list) --------------------------------------
rc=0
"$J" probe "$DEV" -f json -o "$T/dev.json" --timeout 1000 || rc=$?
[ "$rc" = 0 ] && ok "probe of the device exits 0" || fail "probe of the device exit $rc"
rc=0
"$J" probe "$CTL" -f json -o "$T/ctl.json" --fail-on high || rc=$?
[ "$rc" = 0 ] && ok "probe of the control host exits 0 with --fail-on high" || fail "control host exit $rc"
rc=0
"$J" probe "$DEV" -q --fail-on high > "$T/dev.txt" || rc=$?
[ "$rc" = 1 ] && ok "--fail-on high exits 1 on the device (telnet)" || fail "--fail-on high on the device exit $rc"
rc=0
"$J" probe "$TLSH" -f json -o "$T/tls.json" || rc=$?
[ "$rc" = 0 ] && ok "probe of the TLS host exits 0" || fail "probe of the TLS host exit $rc"
# TLS on a port the list gives no hint for: plain HTTP first gets nginx's
# 400 ("plain HTTP request sent to HTTPS port"), so TLS is asked next
rc=0
"$J" probe "$TLSH" --ports 9999 -q -f json -o "$T/tls9999.json" || rc=$?
svc=$(python3 -c 'import json,sys; print(" ".join("%(port)s/%(name)s/%(tls)s" % s for s in json.load(open(sys.argv[1]))["services"] if s["transport"] == "tcp"))' "$T/tls9999.json")
[ "$rc" = 0 ] && [ "$svc" = "9999/https/True" ] &&
	ok "TLS on an unhinted port: identified as https inside TLS" || fail "unhinted TLS port: exit $rc, services '$svc'"
# IPv6: the same telnetd through the device's IPv6 address
rc=0
"$J" probe "fd77:11::2" --ports 23,24 -f json -o "$T/dev6.json" || rc=$?
[ "$rc" = 0 ] && ok "IPv6 probe exits 0" || fail "IPv6 probe exit $rc"

python3 - "$T" "$SRC" <<'PY' || FAILS=$((FAILS + 1))
import json, sys
import jsonschema
t, src = sys.argv[1], sys.argv[2]
schema = json.load(open(src + "/schema/result.schema.json"))
core = set()
for line in open(src + "/data/rules/probe-core.tsv"):
    if line.strip() and not line.startswith("#"):
        core.add(line.split("\t")[0])
bad = 0
def check(what, got, want):
    global bad
    if got == want:
        print("ok:", what)
    else:
        print("FAIL: %s: got %r, want %r" % (what, got, want))
        bad += 1
docs = {}
for n in ("dev", "ctl", "dev6", "tls"):
    d = json.load(open("%s/%s.json" % (t, n)))
    try:
        jsonschema.validate(d, schema)
        print("ok: %s result valid against the schema" % n)
    except jsonschema.ValidationError as e:
        print("FAIL: %s result invalid: %s" % (n, e.message)); bad += 1
    docs[n] = d
dev, ctl, dev6, tls = docs["dev"], docs["ctl"], docs["dev6"], docs["tls"]
svc = lambda d: {(s["port"], s["name"]) for s in d.get("services", [])}
check("device services (port, name)", svc(dev),
      {(21, "ftp"), (22, "ssh"), (23, "telnet"), (80, "http"), (1883, "mqtt")})
prod = {s["port"]: s.get("product") for s in dev["services"]}
check("ftp product", (prod[21] or "").startswith("vsFTPd "), True)
check("ssh product", (prod[22] or "").startswith("dropbear_"), True)
check("http product", (prod[80] or "").startswith("lighttpd/"), True)
check("no TLS on the device", [s["port"] for s in dev["services"] if s["tls"]], [])
found = lambda d: sorted((f["rule"], f["location"]["host"], f["location"]["port"])
                         for f in d["findings"] if f["rule"] in core)
check("device core findings", found(dev), sorted([
    ("live.ftp-cleartext", "10.77.11.2", 21),
    ("live.telnet-open", "10.77.11.2", 23),
    ("live.mqtt-cleartext", "10.77.11.2", 1883)]))
for f in dev["findings"]:
    if f["rule"] in core:
        check("%s protocol" % f["rule"], f["location"]["protocol"],
              {21: "ftp", 23: "telnet", 1883: "mqtt"}[f["location"]["port"]])
check("control services", svc(ctl), {(22, "ssh")})
check("control product", ctl["services"][0].get("product", "").startswith("OpenSSH_"), True)
check("control core findings", found(ctl), [])
check("TLS host services (port, name, tls)",
      {(s["port"], s["name"], s["tls"]) for s in tls["services"]},
      {(21, "ftp", False), (443, "https", True), (8883, "mqtts", True)})
check("TLS host: nginx inside TLS", ({s["port"]: s.get("product") for s in tls["services"]}[443] or "").startswith("nginx"), True)
check("TLS host core findings (FTP offers AUTH TLS)", found(tls), [])
# the tls check reaches FTP's TLS through AUTH TLS, like the ports that
# speak TLS at once: the same self-signed certificate on all three
tlsrules = {l.split("\t")[0] for l in open(src + "/data/rules/probe-tls.tsv")
            if l.strip() and not l.startswith("#")}
print("  TLS host tls findings:", sorted((f["rule"], f["location"]["port"]) for f in tls["findings"] if f["rule"] in tlsrules))
check("TLS host: self-signed certificate seen on 21 (AUTH TLS), 443, 8883",
      sorted(f["location"]["port"] for f in tls["findings"] if f["rule"] == "live.cert-self-signed"),
      [21, 443, 8883])
check("IPv6 services", svc(dev6), {(23, "telnet")})
check("IPv6 findings", found(dev6), [("live.telnet-open", "fd77:11::2", 23)])
checks = {(c["name"], c["status"]) for c in dev["checks"]}
check("discovery and cleartext ran", {("discovery", "ran"), ("cleartext", "ran")} <= checks, True)
names = {c["name"] for c in dev["checks"]}
check("every probe family is in checks", {"tls", "credentials", "lockout", "udp", "http"} <= names, True)
for c in dev["checks"]:
    if c["status"] == "not-run":
        print("  (not-run: %s: %s)" % (c["name"], c.get("why")))
lim = [l["what"] for l in dev["limitations"]]
for s in dev["services"]:
    print("  service %(port)s %(name)s tls=%(tls)s product=%(product)r banner=%(banner)r" %
          dict(s, product=s.get("product"), banner=s.get("banner")))
check("limitation: ports outside the list", any("not in the list" in w for w in lim), True)
sys.exit(1 if bad else 0)
PY

# scope: a range needs --i-own-this (nothing is sent without it)
rc=0
"$J" probe 10.77.11.0/30 --ports 23 -f json -o "$T/range.json" 2>"$T/range.err" || rc=$?
[ "$rc" = 2 ] && grep -q "i-own-this" "$T/range.err" && ok "a range without --i-own-this exits 2" || fail "range without confirmation: exit $rc"
rc=0
"$J" probe 10.77.11.0/30 --ports 23 --i-own-this -f json -o "$T/range.json" || rc=$?
hosts=$(python3 -c "import json,sys; print(' '.join(sorted({s['host'] for s in json.load(open(sys.argv[1]))['services']})))" "$T/range.json")
# .1 is the tester's side (no telnet there), .0 and .3 answer nothing
[ "$rc" = 0 ] && [ "$hosts" = "10.77.11.2" ] &&
	ok "a /30 with --i-own-this probes its hosts (telnet on: $hosts)" || fail "range probe: exit $rc, hosts '$hosts'"

python3 - "$T/range.json" <<'PY' || FAILS=$((FAILS + 1))
import json, sys
d = json.load(open(sys.argv[1]))
lim = {l["what"]: l["why"] for l in d["limitations"]}
# .0 and .3: nobody answers ARP (unreachable or silent): filtered, said
if "2 TCP ports" in lim and lim["2 TCP ports"].startswith("filtered"):
    print("ok: the range's 2 unanswered ports are listed as filtered")
else:
    print("FAIL: filtered ports not listed: %r" % lim); sys.exit(1)
PY

# bounded time: a silent address, many ports, one at a time, --max-time 2
a=$(date +%s)
rc=0
"$J" probe 10.77.11.99 --ports 1-5000 --concurrency 2 --timeout 1000 --max-time 2 -f json -o "$T/slow.json" || rc=$?
b=$(date +%s)
python3 - "$T/slow.json" "$rc" "$((b - a))" <<'PY' || FAILS=$((FAILS + 1))
import json, sys
d = json.load(open(sys.argv[1]))
rc, took = int(sys.argv[2]), int(sys.argv[3])
lim = [l["what"] + ": " + l["why"] for l in d["limitations"]]
bad = 0
if rc != 0 or took > 6:
    print("FAIL: --max-time 2: exit %d after %d s" % (rc, took)); bad = 1
if not any("--max-time reached" in l and l.startswith("TCP ports (") for l in lim):
    print("FAIL: no limitation says the scan was cut: %r" % lim); bad = 1
cut = [c["name"] for c in d["checks"] if c["status"] == "not-run" and c.get("why") == "--max-time reached"]
if not cut:
    print("FAIL: no check recorded as not run for --max-time"); bad = 1
if not bad:
    print("ok: --max-time 2 stops after %d s and says what was not done (%d checks not run)" % (took, len(cut)))
sys.exit(bad)
PY

# a silent address: nothing examined, so no check may count as ran (a
# verdict must never pass on the silence of a device never reached)
rc=0
"$J" probe 10.77.11.99 --ports 23,80 --timeout 300 -q -f json -o "$T/silent.json" || rc=$?
python3 - "$T/silent.json" "$rc" <<'PY' || FAILS=$((FAILS + 1))
import json, sys
d = json.load(open(sys.argv[1]))
st = {c["name"]: (c["status"], c.get("why", "")) for c in d["checks"]}
bad = int(sys.argv[2]) != 0
for n in ("cleartext", "tls", "credentials", "lockout", "http"):
    if st[n][0] != "not-run" or "no TCP port of 10.77.11.99 answered" not in st[n][1]:
        print("FAIL: silent host: check %s %r" % (n, st[n])); bad = 1
if st["udp"][0] != "not-run" or "no UDP port answered" not in st["udp"][1]:
    print("FAIL: silent host: udp %r" % (st["udp"],)); bad = 1
if d["services"] or d["findings"]:
    print("FAIL: silent host: services/findings %r %r" % (d["services"], d["findings"])); bad = 1
if not any(l["what"] == "TCP checks" for l in d["limitations"]):
    print("FAIL: silent host: no limitation says the TCP checks judged nothing"); bad = 1
if not bad:
    print("ok: a silent host: every check but discovery recorded as not run")
sys.exit(bad)
PY

if [ "$FAILS" -ne 0 ]; then
	echo "$FAILS failure(s); logs in $T:"; tail -n 5 "$T"/*.log
	exit 1
fi
echo "all probe core tests passed"
