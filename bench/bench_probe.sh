#!/bin/bash
# bench_probe.sh [RUNS] - `jcstar probe --all-ports` versus
# `nmap -sT -p- -T4 -n -Pn` on the same test host in one run: a network
# namespace (tests/integration/lib/netns.sh, 10.77.50.0/24) with eight open
# TCP ports (telnet, FTP, SSH, HTTP, MQTT and silent listeners; 1 and 65535
# among them), everything else closed. RUNS runs per tool (default 3),
# medians and the ratio; the open ports of every run must be the same.
# jcstar is timed twice: --discovery-only (scan + identification, the
# same work as nmap -sT plus banners) and the whole probe (every check).
# Needs root (namespaces); builds nothing: JCSTAR=path/to/jcstar.
set -eu
RUNS=${1:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/bench/lib.sh"
J=${JCSTAR:-$SRC/build/src/jcstar}
. "$SRC/tests/integration/lib/netns.sh"
. "$SRC/tests/integration/lib/vsftpd_anon.sh"
netns_require
T=$(netns_tmp)
H=10.77.50.2
WANT="1 21 22 23 80 1883 40000 65535"
netns_create p1bench 50
mkdir -p "$T/www" "$T/ftp" "$T/empty"
echo hi > "$T/www/index.html"
vsftpd_anon_conf "$T/vsftpd.conf" "$T/ftp" "$T/empty"
printf 'listener 1883\nallow_anonymous true\npersistence false\nuser root\n' > "$T/mosquitto.conf"
dropbearkey -t ed25519 -f "$T/key" >/dev/null 2>&1
netns_start p1bench "$T/telnetd.log" busybox telnetd -F -l /bin/sh -p 23
netns_start p1bench "$T/vsftpd.log" vsftpd "$T/vsftpd.conf"
netns_start p1bench "$T/dropbear.log" dropbear -F -E -p 22 -r "$T/key"
netns_start p1bench "$T/mosquitto.log" mosquitto -c "$T/mosquitto.conf"
for p in 1 80 40000 65535; do
	netns_start p1bench "$T/httpd$p.log" busybox httpd -f -p "$p" -h "$T/www"
done
for p in $WANT; do netns_wait_tcp "$H" "$p"; done

jc_ports() { python3 -c 'import json,sys; print(" ".join(str(p) for p in sorted(s["port"] for s in json.load(open(sys.argv[1]))["services"])))' "$1"; }
nmap_ports() { grep -o '[0-9]*/open' "$1" | cut -d/ -f1 | sort -n | tr '\n' ' ' | sed 's/ $//'; }

: > "$T/t.nmap"; : > "$T/t.jdisc"; : > "$T/t.jfull"
for i in $(seq "$RUNS"); do
	a=$(now); nmap -sT -p- -T4 -n -Pn "$H" -oG "$T/n.gnmap" >/dev/null; b=$(now)
	echo "$b - $a" | bc >> "$T/t.nmap"
	[ "$(nmap_ports "$T/n.gnmap")" = "$WANT" ] || { echo "nmap run $i: $(nmap_ports "$T/n.gnmap") != $WANT"; exit 1; }
	a=$(now); "$J" probe "$H" --all-ports --discovery-only -q -f json -o "$T/d.json"; b=$(now)
	echo "$b - $a" | bc >> "$T/t.jdisc"
	[ "$(jc_ports "$T/d.json")" = "$WANT" ] || { echo "jcstar run $i: $(jc_ports "$T/d.json") != $WANT"; exit 1; }
	a=$(now); "$J" probe "$H" --all-ports -q -f json -o "$T/f.json" || true; b=$(now)
	echo "$b - $a" | bc >> "$T/t.jfull"
	[ "$(jc_ports "$T/f.json")" = "$WANT" ] || { echo "jcstar (full) run $i: $(jc_ports "$T/f.json") != $WANT"; exit 1; }
done
N=$(median < "$T/t.nmap"); D=$(median < "$T/t.jdisc"); F=$(median < "$T/t.jfull")
echo "open ports (all runs, both tools): $WANT"
echo "nmap -sT -p- -T4 -n -Pn:           median ${N}s  ($(tr '\n' ' ' < "$T/t.nmap"))"
echo "jcstar probe --all-ports --discovery-only: median ${D}s  ($(tr '\n' ' ' < "$T/t.jdisc"))"
echo "jcstar probe --all-ports (every check):    median ${F}s  ($(tr '\n' ' ' < "$T/t.jfull"))"
echo "ratio nmap/jcstar-discovery: $(echo "scale=2; $N / $D" | bc)  (>= 1: jcstar at least as fast)"
