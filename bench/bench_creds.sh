#!/bin/bash
# bench_creds.sh [RUNS] - default-credential search, `jcstar probe` versus
# `hydra` on the same (user, password) list (the first 20 pairs jcstar
# tries: tests/integration/lib/creds_pairs.py) and the same services: the
# weak device of tests/integration/lib/creds_servers.sh (10.77.51.0/24):
# vsftpd (21), dropbear (22), lighttpd Basic (80), Digest MD5 (8081) and
# nginx Basic over TLS (8443): the services where hydra works (compare_hydra.sh says why not telnet,
# MQTT and Digest SHA-256). RUNS runs each (default 3), medians and
# the ratio. hydra runs each service in turn with its default parallel
# tasks (-t 4 for ssh, as hydra advises) and -f (stop at the first found,
# as jcstar does); jcstar runs the whole probe on those ports: discovery,
# identification and every TCP check (TLS, HTTP, credentials: the
# services searched at the same time, 4 pairs at a time each, the logins
# still waiting for a wrong-password delay cancelled once a pair works).
# Its UDP check is left out (--udp-ports none): hydra asks no UDP, and a
# device limits the ICMP "port unreachable" answers that end those
# questions quickly (about one per second after a burst of six), so
# back-to-back runs would time the rate limit, not the tool. Both must
# find the same 5 credentials every run.
# Needs root (namespaces); builds nothing: JCSTAR=path/to/jcstar.
set -eu
RUNS=${1:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/bench/lib.sh"
J=${JCSTAR:-$SRC/build/src/jcstar}
. "$SRC/tests/integration/lib/netns.sh"
netns_require
. "$SRC/tests/integration/lib/creds_servers.sh"
T=$(netns_tmp)
H=10.77.51.2
creds_host cbench 51 weak
/usr/bin/python3 "$SRC/tests/integration/lib/creds_pairs.py" "$SRC/data" 20 >"$T/pairs.txt"

jt=() ht=()
for r in $(seq "$RUNS"); do
	t0=$(now)
	"$J" probe $H --ports 21,22,80,8081,8443 --udp-ports none \
		--max-attempts 20 --show-secrets -q -f json -o "$T/j.json" \
		--data "$SRC/data" || true
	t1=$(now)
	jt+=("$(echo "$t1 - $t0" | bc)")
	jf=$(grep -o 'login [^ ]* / [^ ]* accepted' "$T/j.json" | sort | tr '\n' ';')
	t0=$(now)
	: >"$T/h.txt"
	for s in "21 ftp" "22 ssh -t4" "80 http-get /admin/" "8081 http-get /" "8443 https-get /admin/"; do
		set -- $s
		port=$1 mod=$2
		shift 2
		extra=() path=()
		for a in "$@"; do
			case $a in -t*) extra=("$a") ;; *) path=("$a") ;; esac
		done
		rm -f "$T/h1.txt"
		hydra -C "$T/pairs.txt" -f "${extra[@]}" -s "$port" -o "$T/h1.txt" $H "$mod" "${path[@]}" >/dev/null 2>&1 || true
		cat "$T/h1.txt" >>"$T/h.txt"
	done
	t1=$(now)
	ht+=("$(echo "$t1 - $t0" | bc)")
	hf=$(grep -c 'login:' "$T/h.txt" || true)
	jn=$(echo "$jf" | tr ';' '\n' | grep -c accepted || true)
	echo "run $r: jcstar ${jt[-1]} s ($jn found), hydra ${ht[-1]} s ($hf found)"
	if [ "$jn" != 5 ] || [ "$hf" != 5 ]; then
		echo "FAIL: run $r: both must find the 5 credentials" >&2
		exit 1
	fi
done
jm=$(printf '%s\n' "${jt[@]}" | median_low)
hm=$(printf '%s\n' "${ht[@]}" | median_low)
echo "median: jcstar whole probe $jm s, hydra $hm s, jcstar/hydra $(echo "scale=2; $jm / $hm" | bc)"
