# tls_servers.sh - sourced by test_probe_tls.sh and compare_sslscan.sh:
# two real nginx TLS servers to probe, and their clean-up.
#
#   bad    self-signed, EXPIRED (2020), 1024-bit RSA, SHA-1 signed, CN
#          bad.test only (no name for the address we connect to); TLS 1.0
#          and 1.2; suites ECDHE-RSA-AES128-SHA, AES128-SHA (static RSA),
#          NULL-SHA (no encryption), AECDH-AES128-SHA (anonymous).
#   clean  2048-bit RSA leaf issued by a test CA (chain sent), valid now,
#          SAN with its address and good.test; TLS 1.2 and 1.3; ECDHE
#          AES-GCM suites only.
#
#   named  on 127.0.0.1, probed as "localhost" from where it runs
#          ("${TLS_RUN[@]}" jcstar ...: inside the namespace, whose
#          loopback is its own): port NAME_PORT_OK with a CA-issued
#          certificate for DNS:localhost, NAME_PORT_BAD with the clean
#          one (good.test): the hostname check by name, both ways.
#
# Where: in a network namespace of their own behind a veth pair
# (10.77.N.2 bad, 10.77.N.3 clean, port 443; the first free N from 61),
# or, without root or `ip netns`, on loopback (127.0.0.2 and 127.0.0.3,
# port 4443; named on 127.0.0.1:4443 and :8443). Ports that
# data/probe/ports.tsv hints as https: identification asks an unknown
# port plain HTTP first, and nginx answers that on a TLS port (400). TLS_MODE says which. What Debian 12's OpenSSL 3.0 can still
# serve decides the cases: no SSLv3 (built without it), no RC4/DES/3DES/
# EXPORT (not in the build), so those are covered by the unit tests only.
#
# Needs: nginx (nginx-light), openssl, faketime. Everything started is
# stopped and removed by tls_servers_stop (call it from a trap on EXIT).

TLS_DIR=$(mktemp -d /tmp/jcstar-tls.XXXXXX)
TLS_NS=
TLS_VETH=
TLS_PIDS=()
TLS_RUN=()

# tls_require_tools PACKAGES [TOOL...] - the servers' tools (nginx, openssl,
# faketime) and each TOOL the test needs besides, or the test ends: it
# names what is missing and the PACKAGES to apt-get install, and exits 77
# (skipped), or 1 when $CI is set (scripts/deps.txt installs them there).
tls_require_tools() {
	local hint=$1 t missing=
	shift
	for t in nginx openssl faketime "$@"; do
		command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
	done
	[ -z "$missing" ] && return 0
	echo "missing:$missing (apt-get install $hint)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
}

# tls_ftps_start - one more server for compare_sslscan.sh: vsftpd on
# GOOD_ADDR port 21 with explicit TLS (AUTH TLS, RFC 4217) and the clean
# certificate: TLS reached through a cleartext upgrade. Needs vsftpd.
tls_ftps_start() {
	. "$(dirname "${BASH_SOURCE[0]}")/lib/vsftpd_anon.sh"
	mkdir -p "$TLS_DIR/ftps/root" "$TLS_DIR/ftps/empty"
	vsftpd_anon_conf "$TLS_DIR/ftps/vsftpd.conf" "$TLS_DIR/ftps/root" \
		"$TLS_DIR/ftps/empty" listen_ipv6=NO "listen_address=$GOOD_ADDR" \
		ssl_enable=YES allow_anon_ssl=YES \
		"rsa_cert_file=$TLS_DIR/good-chain.crt" \
		"rsa_private_key_file=$TLS_DIR/good.key"
	"${TLS_RUN[@]}" vsftpd "$TLS_DIR/ftps/vsftpd.conf" &
	TLS_PIDS+=($!)
	tls_wait_port "$GOOD_ADDR" 21
}

tls_servers_stop() {
	local pid
	for pid in "${TLS_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	[ -n "$TLS_VETH" ] && ip link del "$TLS_VETH" 2>/dev/null
	[ -n "$TLS_NS" ] && ip netns del "$TLS_NS" 2>/dev/null
	rm -rf "$TLS_DIR"
}

# Network namespace + veth pair; nonzero if they cannot be made.
tls_netns_up() {
	local n
	[ "$(id -u)" = 0 ] || return 1
	# JCSTAR_TEST_NO_NETNS=1: try the loopback fallback on purpose
	[ -n "${JCSTAR_TEST_NO_NETNS:-}" ] && return 1
	for n in $(seq 61 99); do
		ip -4 addr show | grep -q "10\.77\.$n\." && continue
		ip -4 route show | grep -q "10\.77\.$n\." && continue
		break
	done
	TLS_NS=jcs-tls-$$
	TLS_VETH=jtls$$h
	ip netns add "$TLS_NS" 2>/dev/null || { TLS_NS=; return 1; }
	if ! ip link add "$TLS_VETH" type veth peer name "jtls$$n" ||
	   ! ip link set "jtls$$n" netns "$TLS_NS" ||
	   ! ip addr add "10.77.$n.1/24" dev "$TLS_VETH" ||
	   ! ip link set "$TLS_VETH" up ||
	   ! ip netns exec "$TLS_NS" ip addr add "10.77.$n.2/24" dev "jtls$$n" ||
	   ! ip netns exec "$TLS_NS" ip addr add "10.77.$n.3/24" dev "jtls$$n" ||
	   ! ip netns exec "$TLS_NS" ip link set "jtls$$n" up ||
	   ! ip netns exec "$TLS_NS" ip link set lo up; then
		return 1
	fi
	BAD_ADDR=10.77.$n.2
	GOOD_ADDR=10.77.$n.3
	TLS_PORT=443
	return 0
}

tls_certs() {
	local d=$TLS_DIR
	# bad: made "in 2020" so it has long expired
	# (the key first, then the certificate at a frozen clock: a slow key
	# generation under a running fake clock moved the dates by a second)
	openssl genrsa -out "$d/bad.key" 1024 2>/dev/null || return 1
	faketime -f '2020-01-01 00:00:00' openssl req -x509 -key "$d/bad.key" \
		-sha1 -days 30 -subj /CN=bad.test \
		-out "$d/bad.crt" 2>/dev/null || return 1
	openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 3650 \
		-subj "/CN=jcstar test CA" -keyout "$d/ca.key" \
		-out "$d/ca.crt" 2>/dev/null || return 1
	openssl req -newkey rsa:2048 -nodes -subj /CN=good.test \
		-keyout "$d/good.key" -out "$d/good.csr" 2>/dev/null || return 1
	printf 'subjectAltName=DNS:good.test,IP:%s\nbasicConstraints=CA:FALSE\n' \
		"$GOOD_ADDR" >"$d/good.ext"
	openssl x509 -req -in "$d/good.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
		-CAcreateserial -days 30 -sha256 -extfile "$d/good.ext" \
		-out "$d/good.crt" 2>/dev/null || return 1
	cat "$d/good.crt" "$d/ca.crt" >"$d/good-chain.crt"
	openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
		-keyout "$d/local.key" -out "$d/local.csr" 2>/dev/null || return 1
	printf 'subjectAltName=DNS:localhost\n' >"$d/local.ext"
	openssl x509 -req -in "$d/local.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
		-CAcreateserial -days 30 -sha256 -extfile "$d/local.ext" \
		-out "$d/local.crt" 2>/dev/null || return 1
	# the bad server's OpenSSL may load a 1024-bit key and speak TLS 1.0
	cat >"$d/openssl-weak.cnf" <<-EOF
	openssl_conf = conf
	[conf]
	ssl_conf = ssl
	[ssl]
	system_default = sys
	[sys]
	CipherString = ALL:COMPLEMENTOFALL:@SECLEVEL=0
	MinProtocol = TLSv1
	EOF
}

# nginx NAME ADDR CERT KEY PROTOCOLS CIPHERS [PORT [MORE-CONFIG]]
tls_nginx_conf() {
	local d=$TLS_DIR/$1
	mkdir -p "$d/tmp"
	cat >"$d/nginx.conf" <<-EOF
	daemon off;
	master_process off;
	worker_processes 1;
	pid $d/nginx.pid;
	error_log $d/error.log;
	events { worker_connections 64; }
	http {
		access_log off;
		client_body_temp_path $d/tmp;
		proxy_temp_path $d/tmp;
		fastcgi_temp_path $d/tmp;
		uwsgi_temp_path $d/tmp;
		scgi_temp_path $d/tmp;
		server {
			listen $2:${7:-$TLS_PORT} ssl;
			ssl_certificate $3;
			ssl_certificate_key $4;
			ssl_protocols $5;
			ssl_ciphers "$6";
			ssl_prefer_server_ciphers off;
			location / { return 200 "ok\n"; }
		}
		${8:-}
	}
	EOF
}

# tls_wait_port ADDR [PORT [inside]]: "inside" checks from the namespace
tls_wait_port() {
	local i port=${2:-$TLS_PORT} run=()
	[ "${3:-}" = inside ] && run=("${TLS_RUN[@]}")
	for i in $(seq 1 50); do
		if "${run[@]}" bash -c "exec 3<>/dev/tcp/$1/$port" 2>/dev/null
		then
			return 0
		fi
		sleep 0.1
	done
	echo "server on $1:$port did not start:" >&2
	cat "$TLS_DIR"/*/error.log >&2 2>/dev/null
	return 1
}

tls_servers_start() {
	if tls_netns_up; then
		TLS_MODE="network namespace $TLS_NS"
		TLS_RUN=(ip netns exec "$TLS_NS")
		NAME_PORT_OK=443
		NAME_PORT_BAD=8443
	else
		TLS_NS=
		[ -n "$TLS_VETH" ] && ip link del "$TLS_VETH" 2>/dev/null
		TLS_VETH=
		TLS_MODE="loopback (no network namespace available)"
		BAD_ADDR=127.0.0.2
		GOOD_ADDR=127.0.0.3
		TLS_PORT=4443
		NAME_PORT_OK=4443
		NAME_PORT_BAD=8443
	fi
	tls_certs || { echo "FAIL: making the test certificates" >&2; return 1; }
	tls_nginx_conf bad "$BAD_ADDR" "$TLS_DIR/bad.crt" "$TLS_DIR/bad.key" \
		"TLSv1 TLSv1.2" \
		"ECDHE-RSA-AES128-SHA:AES128-SHA:NULL-SHA:AECDH-AES128-SHA:@SECLEVEL=0"
	tls_nginx_conf clean "$GOOD_ADDR" "$TLS_DIR/good-chain.crt" \
		"$TLS_DIR/good.key" "TLSv1.2 TLSv1.3" \
		"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"
	tls_nginx_conf named 127.0.0.1 "$TLS_DIR/local.crt" "$TLS_DIR/local.key" \
		"TLSv1.2 TLSv1.3" "ECDHE-RSA-AES128-GCM-SHA256" $NAME_PORT_OK \
		"server { listen 127.0.0.1:$NAME_PORT_BAD ssl;
			ssl_certificate $TLS_DIR/good-chain.crt;
			ssl_certificate_key $TLS_DIR/good.key;
			ssl_protocols TLSv1.2 TLSv1.3;
			ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256; }"
	OPENSSL_CONF=$TLS_DIR/openssl-weak.cnf "${TLS_RUN[@]}" nginx \
		-p "$TLS_DIR/bad" -e "$TLS_DIR/bad/error.log" \
		-c "$TLS_DIR/bad/nginx.conf" &
	TLS_PIDS+=($!)
	local n
	for n in clean named; do
		"${TLS_RUN[@]}" nginx -p "$TLS_DIR/$n" -e "$TLS_DIR/$n/error.log" \
			-c "$TLS_DIR/$n/nginx.conf" &
		TLS_PIDS+=($!)
	done
	tls_wait_port "$BAD_ADDR" && tls_wait_port "$GOOD_ADDR" &&
		tls_wait_port 127.0.0.1 $NAME_PORT_OK inside &&
		tls_wait_port 127.0.0.1 $NAME_PORT_BAD inside
}
