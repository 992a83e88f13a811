#!/usr/bin/python3
"""`jcstar scan`, family `network`: web servers on plain HTTP (admin UI or
not), MQTT/FTP without TLS, open and weak Wi-Fi, Wi-Fi keys in clear, UPnP
secure mode off and allow-all rules, TLS verification switched off, plain
http:// and mqtt:// cloud endpoints.

1. The test rootfs images (real Debian lighttpd on port 80 serving /www,
   which has a login form and cgi-bin; OpenWrt wireless with psk2 and
   key 'password123'): exactly http-admin, wifi-psk and wifi-weak-psk.
2. A planted tree with each problem and its near misses side by side
   (commented lines, curl -K, disabled interfaces, psk2+ccmp, redirect_https,
   an nginx ssl listener, ssl_enable=YES, a mosquitto listener with a
   certificate, secure_mode=yes, LAN and documentation URLs), scanned as a
   directory and as a tar image: exactly the listed (rule, path, line).
3. A hardened tree (the near misses alone) as SquashFS: no network finding.
Usage: test_scan_network.py JCSTAR SOURCE_ROOT
"""
import os
import shutil
import subprocess
import sys
import tempfile

from scanlib import check, expect, finish, rootfs_image, scan, write

FAMILIES = {"network"}

ROOTFS = [
    ("network.http-admin", "/etc/lighttpd/lighttpd.conf", 14),
    ("network.wifi-psk", "/etc/config/wireless", 4),
    ("network.wifi-weak-psk", "/etc/config/wireless", 4),
]

LOGIN = ('<html><body><form action="/cgi-bin/login.cgi" method="post">'
         '<input name="user"><input name="pass" type="password"></form></body></html>\n')


def hardened(root):
    """Every near miss: nothing here may be reported."""
    write(root, "/www/index.html", LOGIN)
    # lighttpd: TLS on 443, everything on 80 redirected to https
    write(root, "/etc/lighttpd-secure/lighttpd.conf",
          'server.document-root = "/www"\nserver.port = 80\n'
          '$SERVER["socket"] == ":443" { ssl.engine = "enable" }\n'
          '$HTTP["scheme"] == "http" {\n'
          '\turl.redirect = ( "" => "https://${url.authority}${url.path}${qsa}" )\n}\n')
    write(root, "/etc/config/uhttpd",
          "config uhttpd 'main'\n\tlist listen_http '0.0.0.0:80'\n"
          "\tlist listen_https '0.0.0.0:443'\n\toption redirect_https '1'\n"
          "\toption home '/www'\n"
          "config uhttpd 'local'\n\tlist listen_http '127.0.0.1:8082'\n\toption home '/www'\n")
    write(root, "/etc/nginx/nginx.conf", "http {\n\tinclude conf.d/*.conf;\n}\n")
    write(root, "/etc/nginx/conf.d/secure.conf",
          "server {\n\tlisten 443 ssl;\n\troot /www;\n}\n"
          "server {\n\tlisten 80;\n\tlisten [::]:80;\n"
          "\tlocation / {\n\t\treturn 301 https://$host$request_uri;\n\t}\n}\n"
          "server {\n\tlisten 127.0.0.1:8090; # local status page\n\troot /www;\n}\n")
    write(root, "/etc/mini_httpd.conf", "port=443\ndir=/www\nssl\ncertfile=/etc/mini_httpd.pem\n")
    write(root, "/etc/init.d/S50web", "#!/bin/sh\n# httpd -p 81 -h /www\n"
          "[ -x /usr/sbin/httpd ] || exit 0\nhttpd -m secret >/dev/null\n", 0o755)
    write(root, "/etc/mosquitto/mosquitto.conf",
          "per_listener_settings false\nlistener 8883\ncertfile /etc/mosquitto/server.crt\n"
          "keyfile /etc/mosquitto/server.key\nlistener 1884 127.0.0.1\n"
          "connection cloud\naddress broker.vendor-cloud.com:8883\nbridge_cafile /etc/ssl/ca.pem\n")
    write(root, "/etc/vsftpd/vsftpd.conf", "listen=YES\nssl_enable=YES\nforce_local_logins_ssl=YES\n")
    write(root, "/etc/config/wireless",
          "config wifi-device 'radio0'\n\toption type 'mac80211'\n"
          "config wifi-iface 'main'\n\toption device 'radio0'\n\toption encryption 'sae'\n"
          "config wifi-iface 'old'\n\toption device 'radio0'\n\toption disabled '1'\n"
          "\toption encryption 'wep-open'\n\toption key1 's:abcde'\n")
    write(root, "/etc/hostapd.conf", "interface=wlan1\nssid=cam\nwpa=2\nrsn_pairwise=CCMP\n"
          "wpa_psk_file=/tmp/hostapd.psk\nwps_state=0\n")
    # OpenWrt init script not enabled (no /etc/rc.d/S??name link): not run
    write(root, "/etc/init.d/webui-old", "#!/bin/sh /etc/rc.common\nSTART=50\n"
          "start() {\n\thttpd -p 8099 -h /www\n}\n", 0o755)
    write(root, "/etc/init.d/S60upnp", "#!/bin/sh\nminiupnpd -f /etc/miniupnpd/miniupnpd.conf\n", 0o755)
    write(root, "/etc/miniupnpd/miniupnpd.conf",
          "ext_ifname=eth1\nenable_natpmp=yes\nsecure_mode=yes\n"
          "allow 1024-65535 192.168.0.0/24 1024-65535\ndeny 0-65535 0.0.0.0/0 0-65535\n")
    write(root, "/etc/config/upnpd",
          "config upnpd 'config'\n\toption enabled '0'\n\toption secure_mode '0'\n")
    write(root, "/usr/bin/sync-ok.sh",
          "#!/bin/sh\n# curl -k https://old.vendor-cloud.com/   (old, insecure)\n"
          "curl -K /etc/sync.curlrc https://api.vendor-cloud.com/v1/ping\n"
          "wget -k https://docs.vendor-cloud.com/\n"
          "curl --cacert /etc/ssl/ca.pem -H 'X-k: -k' https://api.vendor-cloud.com/v1/ok\n", 0o755)
    write(root, "/usr/share/app/ok.py", "import requests\n# requests.get(URL, verify=False)\n"
          "r = requests.get(URL, verify=True)\n")
    write(root, "/etc/vendor/ok.conf",
          "# documentation: http://www.vendor-cloud.com/docs\napi_url = https://api.vendor-cloud.com/v2\n"
          "proxy=http://proxy.vendor-cloud.com:3128\nlan_url=http://192.168.1.1/\n"
          "homepage_url=http://www.vendor-cloud.com/\nmqtt_local=mqtt://127.0.0.1:1883\n"
          "mqtts_broker=mqtts://broker.vendor-cloud.com:8883\nlocal_url=http://localhost:8080/\n"
          "update_url=http://dl.vendor-cloud.com/fw/\n")
    write(root, "/etc/vendor/ok.xml",
          '<?xml version="1.0"?>\n<config xmlns="http://www.vendor-cloud.com/ns/config">\n'
          "  <docs>http://www.vendor-cloud.com/manual</docs>\n</config>\n")


def planted(root):
    hardened(root)
    # lighttpd: 80 and 8080 plain (8080 from an included file), 443 TLS
    write(root, "/etc/lighttpd/lighttpd.conf",
          'server.document-root = "/www"\nserver.port = 80\n'
          'include "conf-enabled/*.conf"\n')
    write(root, "/etc/lighttpd/conf-enabled/10-ssl.conf",
          '$SERVER["socket"] == ":443" {\n\tssl.engine = "enable"\n'
          '\tssl.pemfile = "/etc/lighttpd/server.pem"\n}\n$SERVER["socket"] == ":8080" {\n}\n')
    # uhttpd: the api instance serves JSON only: plain HTTP, no admin UI
    with open(os.path.join(root, "etc/config/uhttpd"), "a") as f:
        f.write("config uhttpd 'api'\n\tlist listen_http '0.0.0.0:8081'\n\toption home '/srv/api'\n")
    write(root, "/srv/api/status.json", '{"ok": true}\n')
    # nginx: an admin site on port 80 (relative include)
    write(root, "/etc/nginx/conf.d/admin.conf",
          "server {\n\tlisten 80;\n\troot /var/www/admin;\n}\n")
    write(root, "/var/www/admin/cgi-bin/apply.cgi", "#!/bin/sh\necho ok\n", 0o755)
    write(root, "/etc/boa/boa.conf", "Port 8888\nDocumentRoot /var/www/admin\n")
    write(root, "/etc/init.d/webui", "#!/bin/sh /etc/rc.common\nSTART=50\n"
          "start() {\n\thttpd -p 8090 -h /www\n}\n", 0o755)
    os.makedirs(os.path.join(root, "etc/rc.d"), exist_ok=True)
    os.symlink("../init.d/webui", os.path.join(root, "etc/rc.d/S50webui"))
    write(root, "/etc/init.d/S51httpd", "#!/bin/sh\n[ -x /usr/sbin/httpd ] && httpd -p 8088 -h /www\n", 0o755)
    with open(os.path.join(root, "etc/mosquitto/mosquitto.conf"), "a") as f:
        f.write("listener 1883\nconnection cloud-plain\naddress broker.vendor-cloud.com:1883\n")
    write(root, "/etc/vsftpd.conf", "listen=YES\nanonymous_enable=NO\nssl_enable=NO\n")
    write(root, "/etc/proftpd/proftpd.conf", 'ServerName "nas"\nInclude /etc/proftpd/tls.conf\n')
    write(root, "/etc/proftpd/tls.conf", "<IfModule mod_tls.c>\nTLSEngine on\nTLSRequired off\n</IfModule>\n")
    with open(os.path.join(root, "etc/config/wireless"), "a") as f:
        f.write("config wifi-iface 'guest'\n\toption device 'radio0'\n\toption encryption 'none'\n"
                "config wifi-iface 'home'\n\toption device 'radio0'\n\toption encryption 'psk2+ccmp'\n"
                "\toption key 'Vq8#mZ2!pL0w'\n"
                "config wifi-iface 'legacy'\n\toption device 'radio0'\n"
                "\toption encryption 'psk-mixed+tkip+ccmp'\n\toption key 'password123'\n"
                "\toption wps_pushbutton '1'\n")
    with open(os.path.join(root, "etc/hostapd.conf"), "a") as f:
        f.write("wpa_passphrase=Camera-Setup-2024\n")
    write(root, "/etc/wpa_supplicant/wpa_supplicant.conf",
          'network={\n\tssid="vendor-setup"\n\tkey_mgmt=NONE\n}\n')
    write(root, "/etc/init.d/S61upnp", "#!/bin/sh\n/usr/sbin/miniupnpd -f /etc/miniupnpd.conf &\n", 0o755)
    write(root, "/etc/miniupnpd.conf",
          "ext_ifname=eth1\nenable_upnp=yes\nsecure_mode=no\n"
          "allow 0-65535 0.0.0.0/0 0-65535\ndeny 0-65535 0.0.0.0/0 0-65535\n")
    write(root, "/usr/bin/cloud-sync.sh",
          "#!/bin/sh\n"
          "curl -fsSLk https://api.vendor-cloud.com/v1/sync -o /tmp/sync.json\n"
          "wget --no-check-certificate -O /tmp/data.bin https://dl.vendor-cloud.com/x\n"
          "RESULT=$(curl -s --insecure -u admin:Sup3rSecret https://api.vendor-cloud.com/v1/report)\n",
          0o755)
    write(root, "/usr/share/app/client.py", "import requests\nr = requests.get(URL, verify=False)\n")
    write(root, "/www/api.php", "<?php\ncurl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);\n"
          "curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);\n"
          "$ctx = stream_context_create(['ssl' => ['verify_peer' => false]]);\n")
    write(root, "/usr/lib/lua/vendor/cloud.lua",
          'local params = { mode = "client", protocol = "tlsv1_2", verify = "none" }\n')
    write(root, "/etc/mosquitto/bridge-insecure.conf", "connection c2\nbridge_insecure true\n")
    write(root, "/etc/vendor/cloud.conf",
          "server_url=http://api.vendor-cloud.com/v1\n"
          "mqtt_broker=mqtt://broker.vendor-cloud.com:1883\n"
          "report_host=tcp://telemetry.vendor-cloud.com:1883\n")
    write(root, "/etc/vendor/device.xml",
          '<?xml version="1.0"?>\n<config>\n  <cloudUrl>http://iot.vendor-cloud.com/api</cloudUrl>\n</config>\n')
    write(root, "/etc/vendor/app.json",
          '{"endpoint": "http://push.vendor-cloud.com/notify", "help": "http://www.vendor-cloud.com/help"}\n')


PLANTED = [
    ("network.http-admin", "/etc/lighttpd/lighttpd.conf", 2),
    ("network.http-plain", "/etc/config/uhttpd", 10),
    ("network.http-admin", "/etc/nginx/conf.d/admin.conf", 2),
    ("network.http-admin", "/etc/boa/boa.conf", 1),
    ("network.http-admin", "/etc/init.d/S51httpd", 2),
    ("network.http-admin", "/etc/init.d/webui", 4),
    ("network.mqtt-plain", "/etc/mosquitto/mosquitto.conf", 9),
    ("network.mqtt-plain", "/etc/mosquitto/mosquitto.conf", 11),
    ("network.ftp-plain", "/etc/vsftpd.conf", 3),
    ("network.ftp-plain", "/etc/proftpd/tls.conf", 3),
    ("network.wifi-open", "/etc/config/wireless", 13),
    ("network.wifi-psk", "/etc/config/wireless", 17),
    ("network.wifi-wpa1", "/etc/config/wireless", 20),
    ("network.wifi-tkip", "/etc/config/wireless", 20),
    ("network.wifi-psk", "/etc/config/wireless", 21),
    ("network.wifi-weak-psk", "/etc/config/wireless", 21),
    ("network.wifi-wps", "/etc/config/wireless", 22),
    ("network.wifi-psk", "/etc/hostapd.conf", 7),
    ("network.wifi-open", "/etc/wpa_supplicant/wpa_supplicant.conf", 3),
    ("network.upnp-secure-mode-off", "/etc/miniupnpd.conf", 3),
    ("network.upnp-allow-all", "/etc/miniupnpd.conf", 4),
    ("network.curl-insecure", "/usr/bin/cloud-sync.sh", 2),
    ("network.wget-no-check", "/usr/bin/cloud-sync.sh", 3),
    ("network.curl-insecure", "/usr/bin/cloud-sync.sh", 4),
    ("network.tls-verify-off", "/usr/share/app/client.py", 2),
    ("network.tls-verify-off", "/www/api.php", 2),
    ("network.tls-verify-off", "/www/api.php", 4),
    ("network.tls-verify-off", "/usr/lib/lua/vendor/cloud.lua", 1),
    ("network.tls-verify-off", "/etc/mosquitto/bridge-insecure.conf", 2),
    ("network.http-endpoint", "/etc/vendor/cloud.conf", 1),
    ("network.mqtt-url", "/etc/vendor/cloud.conf", 2),
    ("network.mqtt-url", "/etc/vendor/cloud.conf", 3),
    ("network.http-endpoint", "/etc/vendor/device.xml", 3),
    ("network.http-endpoint", "/etc/vendor/app.json", 1),
]


def details(doc):
    """What the findings say, beyond where they are."""
    by = {(f["rule"], f["location"].get("path"), f["location"].get("line")): f for f in doc["findings"]}
    lt = by.get(("network.http-admin", "/etc/lighttpd/lighttpd.conf", 2))
    check(lt and "ports 80, 8080" in lt["title"] and "/www/index.html" in lt["evidence"],
          "lighttpd: both plain ports, the login form as evidence: %s" % lt)
    up = by.get(("network.http-plain", "/etc/config/uhttpd", 10))
    check(up and "port 8081" in up["title"], "uhttpd api: port 8081: %s" % up)
    c = by.get(("network.curl-insecure", "/usr/bin/cloud-sync.sh", 4))
    check(c and "Sup3rSecret" not in c["evidence"] and "admin:" in c["evidence"],
          "curl -u password masked: %s" % c)
    w = by.get(("network.wifi-psk", "/etc/config/wireless", 21))
    check(w and "password123" not in w["evidence"], "Wi-Fi key masked: %s" % w)


def main():
    work = tempfile.mkdtemp(prefix="jcstar-scan-network-")
    try:
        for arch in ("mipsel", "armhf"):
            doc = scan(rootfs_image(arch))
            expect(doc, ROOTFS, arch + " rootfs-xz.sqfs", FAMILIES)
            nb = [l["what"] for l in doc["limitations"] if "network configuration" in l["what"]]
            check(len(nb) == 1 and "admin UI over HTTP" not in nb[0] and "Apache" in nb[0],
                  "only the missing parts of network configuration are listed as not implemented: %s" % nb)
        tree = os.path.join(work, "planted")
        planted(tree)
        doc = scan(tree)
        expect(doc, PLANTED, "planted tree (directory)", FAMILIES)
        details(doc)
        doc = scan(tree, "--show-secrets")
        c = [f for f in doc["findings"] if f["rule"] == "network.curl-insecure" and "Sup3rSecret" in f["evidence"]]
        check(len(c) == 1, "--show-secrets shows the curl password")
        tar = os.path.join(work, "planted.tar")
        subprocess.run(["tar", "-C", tree, "-cf", tar, "."], check=True)
        expect(scan(tar), PLANTED, "planted tree (tar image)", FAMILIES)
        ctl = os.path.join(work, "control")
        hardened(ctl)
        sq = os.path.join(work, "control.sqfs")
        subprocess.run(["mksquashfs", ctl, sq, "-quiet", "-no-progress", "-noappend", "-all-root"], check=True)
        expect(scan(sq), [], "hardened control image", FAMILIES)
        expect(scan(ctl), [], "hardened control tree (directory)", FAMILIES)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
