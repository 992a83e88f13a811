# creds_servers.sh - the login servers of the credential and lockout
# tests (test_probe_creds.sh, compare_hydra.sh, bench/bench_creds.sh),
# started inside a test namespace of lib/netns.sh, in a mount namespace of
# their own where /etc/passwd and /etc/shadow are private files of the
# test: the accounts exist only for these servers.
#
#   creds_host NAME N PROFILE   # PROFILE weak: telnet without login (23),
#                               # telnet + /bin/login (2323), vsftpd with
#                               # anonymous (21), vsftpd taking logins
#                               # only inside TLS (2121, AUTH TLS),
#                               # mosquitto anonymous
#                               # (1883) and with a password file (1884),
#                               # dropbear (22), lighttpd Basic /admin/
#                               # (80), Digest SHA-256 / (8080) and
#                               # Digest MD5 / (8081, for hydra: it has
#                               # no SHA-256), nginx Basic /admin/ over
#                               # TLS (8443), mosquitto with the password
#                               # file over TLS (8883)
#                               # PROFILE clean: the same servers (no
#                               # login-less telnet, no anonymous FTP or
#                               # MQTT) with strong passwords only
#
# The accounts and passwords of the weak profile (the known answers):
#   root / xc3511     system (telnet 2323, dropbear; FTP refuses root)
#   admin / 1234      system (telnet 2323, FTP 21 and 2121, dropbear)
#   admin / admin     mosquitto 1884 and 8883, lighttpd Basic 80, nginx
#                     Basic over TLS 8443
#   support / support lighttpd Digest 8080, 8081

CREDS_STRONG='Vq7#mZt2!kP9wL4x'

# creds_lighttpd_conf FILE DOCROOT PORT USERFILE REQUIRE - a lighttpd on
# PORT serving DOCROOT behind mod_auth with the plain USERFILE; REQUIRE is
# the body of auth.require ( "/admin/" => ( "method" => "basic", ... ) ).
creds_lighttpd_conf() {
	cat >"$1" <<EOL
server.document-root = "$2"
server.port = $3
server.modules = ("mod_auth", "mod_authn_file")
index-file.names = ("index.html")
auth.backend = "plain"
auth.backend.plain.userfile = "$4"
auth.require = ( $5 )
EOL
}

creds_host() {
	local name="$1" n="$2" profile="$3"
	local t
	t="$(netns_tmp)/$name"
	mkdir -p "$t/www/admin" "$t/empty" "$t/anon"
	echo "admin area" >"$t/www/admin/index.html"
	echo "device" >"$t/www/index.html"
	local rootpw adminpw mqpw basicpw digestpw
	if [ "$profile" = weak ]; then
		rootpw=xc3511 adminpw=1234 mqpw=admin basicpw=admin digestpw=support
	else
		rootpw=$CREDS_STRONG adminpw=$CREDS_STRONG mqpw=$CREDS_STRONG
		basicpw=$CREDS_STRONG digestpw=$CREDS_STRONG
	fi
	# accounts: only in the servers' mount namespace
	grep -v '^\(root\|admin\):' /etc/passwd >"$t/passwd"
	grep -v '^ftp:' "$t/passwd" >"$t/passwd.new" && mv "$t/passwd.new" "$t/passwd"
	printf 'root:x:0:0:root:/root:/bin/sh\nadmin:x:1000:1000:admin:/tmp:/bin/sh\nftp:x:1001:1001:ftp:%s:/usr/sbin/nologin\n' "$t/anon" >>"$t/passwd"
	grep -v '^\(root\|admin\):' /etc/shadow >"$t/shadow"
	printf 'root:%s:19000:0:99999:7:::\nadmin:%s:19000:0:99999:7:::\n' \
		"$(openssl passwd -6 "$rootpw")" "$(openssl passwd -6 "$adminpw")" >>"$t/shadow"
	chmod 640 "$t/shadow"
	local anon=NO
	[ "$profile" = weak ] && anon=YES
	cat >"$t/vsftpd.conf" <<EOV
listen=YES
listen_ipv6=NO
background=NO
anonymous_enable=$anon
local_enable=YES
anon_root=$t/anon
secure_chroot_dir=$t/empty
pam_service_name=vsftpd
seccomp_sandbox=NO
xferlog_enable=NO
EOV
	# the same accounts on 2121, but only inside TLS (AUTH TLS, RFC 4217):
	# vsftpd refuses USER before the upgrade
	sed -e '/^listen=/a listen_port=2121' "$t/vsftpd.conf" >"$t/vsftpd-tls.conf"
	printf 'ssl_enable=YES\nforce_local_logins_ssl=YES\nallow_anon_ssl=YES\nrsa_cert_file=%s\nrsa_private_key_file=%s\n' \
		"$t/tls.crt" "$t/tls.key" >>"$t/vsftpd-tls.conf"
	mosquitto_passwd -c -b "$t/mq.pw" admin "$mqpw" 2>/dev/null
	chmod 600 "$t/mq.pw"
	printf 'user root\nlistener 1884 0.0.0.0\nallow_anonymous false\npassword_file %s\n' \
		"$t/mq.pw" >"$t/mq-auth.conf"
	printf 'user root\nlistener 1883 0.0.0.0\nallow_anonymous true\n' >"$t/mq-anon.conf"
	printf 'admin:%s\n' "$basicpw" >"$t/basic.users"
	printf 'support:%s\n' "$digestpw" >"$t/digest.users"
	creds_lighttpd_conf "$t/basic.conf" "$t/www" 80 "$t/basic.users" \
		'"/admin/" => ( "method" => "basic", "realm" => "device", "require" => "valid-user" )'
	creds_lighttpd_conf "$t/digest.conf" "$t/www" 8080 "$t/digest.users" \
		'"/" => ( "method" => "digest", "algorithm" => "SHA-256", "realm" => "camera", "require" => "valid-user" )'
	sed -e 's/8080/8081/' -e 's/"SHA-256"/"MD5"/' "$t/digest.conf" >"$t/digest-md5.conf"
	dropbearkey -t ed25519 -f "$t/dropbear.key" >/dev/null 2>&1
	# TLS: one self-signed P-256 certificate for nginx and mosquitto
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-days 30 -subj /CN=device.test -keyout "$t/tls.key" \
		-out "$t/tls.crt" 2>/dev/null
	printf 'admin:%s\n' "$(openssl passwd -apr1 "$basicpw")" >"$t/htpasswd"
	mkdir -p "$t/nginx-tmp"
	cat >"$t/nginx.conf" <<EON
daemon off;
pid $t/nginx.pid;
error_log $t/nginx-error.log;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $t/nginx-tmp;
	proxy_temp_path $t/nginx-tmp;
	fastcgi_temp_path $t/nginx-tmp;
	uwsgi_temp_path $t/nginx-tmp;
	scgi_temp_path $t/nginx-tmp;
	server {
		listen 8443 ssl;
		ssl_certificate $t/tls.crt;
		ssl_certificate_key $t/tls.key;
		root $t/www;
		location /admin/ {
			auth_basic "device";
			auth_basic_user_file $t/htpasswd;
		}
	}
}
EON
	printf 'user root\nlistener 8883 0.0.0.0\nallow_anonymous false\npassword_file %s\ncertfile %s\nkeyfile %s\n' \
		"$t/mq.pw" "$t/tls.crt" "$t/tls.key" >"$t/mq-tls.conf"
	cat >"$t/start.sh" <<EOS
set -e
mount --make-rprivate /
mount --bind $t/passwd /etc/passwd
mount --bind $t/shadow /etc/shadow
$( [ "$profile" = weak ] && echo "busybox telnetd -F -p 23 -l /bin/sh &" )
busybox telnetd -F -p 2323 -l /bin/login &
vsftpd $t/vsftpd.conf &
vsftpd $t/vsftpd-tls.conf &
$( [ "$profile" = weak ] && echo "mosquitto -c $t/mq-anon.conf &" )
mosquitto -c $t/mq-auth.conf &
dropbear -F -E -p 22 -r $t/dropbear.key &
lighttpd -D -f $t/basic.conf &
lighttpd -D -f $t/digest.conf &
lighttpd -D -f $t/digest-md5.conf &
nginx -c $t/nginx.conf &
mosquitto -c $t/mq-tls.conf &
wait
EOS
	netns_create "$name" "$n"
	netns_start "$name" "$t/servers.log" unshare -m bash "$t/start.sh"
	local a="10.77.$n.2" p
	for p in 2323 21 2121 1884 22 80 8080 8081 8443 8883; do
		netns_wait_tcp "$a" "$p" 10
	done
	if [ "$profile" = weak ]; then
		netns_wait_tcp "$a" 23 10
		netns_wait_tcp "$a" 1883 10
	fi
}
