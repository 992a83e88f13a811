# netns.sh - network namespaces for the `jcstar probe` tests: a test host
# the tests own, so a probe never sends traffic anywhere else. Source it
# from bash (set -eu is fine):
#
#   . "$(dirname "$0")/lib/netns.sh"
#   netns_require            # root + `ip netns`; else exit 77 (skip), or
#                            # exit 1 when $CI is set (a CI must run them)
#   netns_create dev 11      # namespace "jcs-dev": veth pair, the device
#                            # side 10.77.11.2/24 + fd77:11::2/64 inside,
#                            # the tester side 10.77.11.1 + fd77:11::1 in
#                            # the root namespace (where jcstar runs);
#                            # loopback up inside
#   netns_exec dev CMD...    # run CMD inside jcs-dev (foreground)
#   netns_start dev LOG CMD...  # start a server inside jcs-dev in the
#                            # background, output to LOG; stopped at exit
#   netns_wait_tcp 10.77.11.2 23 [SECONDS]  # until the port accepts
#   netns_tmp                # a scratch directory, removed at exit
#   netns_cleanup            # (trap EXIT, installed by netns_require):
#                            # kills what netns_start started and every
#                            # process left inside our namespaces, deletes
#                            # the namespaces (and with them the veths),
#                            # removes the scratch directory
#
# Subnets: 10.77.N.0/24 with N unique per test so tests of different
# helpers can run at the same time: probe core 10-19, tls 20-29,
# credentials/lockout 30-39, udp/http 40-49, benchmarks 50-59. The same
# test run from two build directories at once waits: netns_create holds
# a lock on its N (flock, /tmp/jcs-netns-N.lock) until the shell exits.
# Mode: only namespaces (NETNS_MODE=netns). Without root or `ip netns`
# the tests skip (77) outside CI; a loopback fallback is not implemented.

NETNS_NAMES=""
NETNS_PIDS=""
NETNS_TMP=""
NETNS_MODE=""

netns_require() {
	if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 ||
	   ! ip netns add "jcs-probe-$$" 2>/dev/null; then
		if [ -n "${CI:-}" ]; then
			echo "FAIL: network namespaces unavailable (need root and ip netns) and \$CI is set" >&2
			exit 1
		fi
		echo "SKIP: network namespaces unavailable (need root and ip netns)" >&2
		exit 77
	fi
	ip netns del "jcs-probe-$$"
	NETNS_MODE=netns
	trap netns_cleanup EXIT
	trap 'exit 130' INT TERM
}

netns_tmp() {
	if [ -z "$NETNS_TMP" ]; then
		NETNS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/jcs-netns.XXXXXX")
		chmod 755 "$NETNS_TMP"
	fi
	echo "$NETNS_TMP"
}

# netns_create NAME N
netns_create() {
	local name="jcs-$1" n="$2" h="jv$2h$$" d="jv$2d$$" lockfd
	h=${h:0:15}
	d=${d:0:15}
	# the same test run from another build directory uses the same
	# subnet: wait for it (the lock goes when this shell exits)
	exec {lockfd}>"${TMPDIR:-/tmp}/jcs-netns-$n.lock"
	if ! flock -w 900 "$lockfd"; then
		echo "netns_create: 10.77.$n.0/24 still busy after 900 s" >&2
		return 1
	fi
	if ip netns list | grep -qw "$name"; then
		# we hold the lock: a run that died without cleaning up
		echo "netns_create: removing stale namespace $name" >&2
		ip netns del "$name"
	fi
	ip netns add "$name"
	NETNS_NAMES="$NETNS_NAMES $name"
	ip link add "$h" type veth peer name "$d"
	ip link set "$d" netns "$name"
	ip addr add "10.77.$n.1/24" dev "$h"
	ip -6 addr add "fd77:$n::1/64" dev "$h" nodad
	ip link set "$h" up
	ip netns exec "$name" ip link set lo up
	ip netns exec "$name" ip addr add "10.77.$n.2/24" dev "$d"
	ip netns exec "$name" ip -6 addr add "fd77:$n::2/64" dev "$d" nodad
	ip netns exec "$name" ip link set "$d" up
}

# netns_exec NAME CMD...
netns_exec() {
	local name="jcs-$1"
	shift
	ip netns exec "$name" "$@"
}

# netns_start NAME LOG CMD...
netns_start() {
	local name="jcs-$1" log="$2"
	shift 2
	ip netns exec "$name" "$@" >"$log" 2>&1 &
	NETNS_PIDS="$NETNS_PIDS $!"
}

# netns_wait_tcp ADDR PORT [SECONDS]
netns_wait_tcp() {
	local addr="$1" port="$2" s="${3:-10}" i=0
	while [ "$i" -lt $((s * 10)) ]; do
		if timeout 1 bash -c "exec 3<>/dev/tcp/$addr/$port" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "netns_wait_tcp: $addr:$port did not open within ${s}s" >&2
	return 1
}

netns_cleanup() {
	local p ns
	for p in $NETNS_PIDS; do
		kill "$p" 2>/dev/null || true
	done
	for ns in $NETNS_NAMES; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$p" 2>/dev/null || true
		done
	done
	sleep 0.2
	for ns in $NETNS_NAMES; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -9 "$p" 2>/dev/null || true
		done
		ip netns del "$ns" 2>/dev/null || true
	done
	for p in $NETNS_PIDS; do
		wait "$p" 2>/dev/null || true
	done
	NETNS_PIDS=""
	NETNS_NAMES=""
	if [ -n "$NETNS_TMP" ]; then
		rm -rf "$NETNS_TMP"
		NETNS_TMP=""
	fi
}
