#!/usr/bin/env python3
"""gen_nvd_feed.py OUT.json COMPONENTS.txt [CVES] [SEED]

Writes an NVD CVE API 2.0 feed of a full year's size and shape (default
25,000 CVEs, ~250,000 cpeMatch criteria: about 10 per CVE, many more for
the Linux kernel, as in the real feeds) and a list of 300 components
("PART VENDOR PRODUCT VERSION", the input of `jcstar db match --list`)
with real-looking IoT names and versions, most of them in the feed.
Deterministic for a given seed. Records are written one at a time, so the
generator's memory stays small too.
"""
import json
import random
import sys

out, comps = sys.argv[1], sys.argv[2]
n_cves = int(sys.argv[3]) if len(sys.argv) > 3 else 25000
rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)

# (part, vendor, product, version style) of components IoT firmware carries
REAL = [
    ("o", "linux", "linux_kernel", "kernel"),
    ("a", "openssl", "openssl", "openssl"),
    ("a", "busybox", "busybox", "dotted"),
    ("a", "dropbear_ssh_project", "dropbear_ssh", "year"),
    ("a", "openbsd", "openssh", "openssh"),
    ("a", "lighttpd", "lighttpd", "dotted"),
    ("a", "thekelleys", "dnsmasq", "dotted"),
    ("a", "w1.fi", "hostapd", "dotted"),
    ("a", "w1.fi", "wpa_supplicant", "dotted"),
    ("a", "haxx", "curl", "dotted"), ("a", "haxx", "libcurl", "dotted"),
    ("a", "gnu", "glibc", "dotted"), ("a", "uclibc-ng_project", "uclibc-ng", "dotted"),
    ("a", "musl-libc", "musl", "dotted"), ("a", "zlib", "zlib", "dotted"),
    ("a", "nginx", "nginx", "dotted"), ("a", "eclipse", "mosquitto", "dotted"),
    ("a", "miniupnp_project", "miniupnpd", "dotted"), ("a", "sqlite", "sqlite", "dotted"),
    ("a", "xmlsoft", "libxml2", "dotted"), ("a", "libexpat_project", "libexpat", "dotted"),
    ("a", "openvpn", "openvpn", "dotted"), ("a", "samba", "samba", "dotted"),
    ("a", "avahi", "avahi", "dotted"), ("a", "point-to-point_protocol_project", "point-to-point_protocol", "dotted"),
    ("a", "ntp", "ntp", "ntp"), ("a", "netfilter", "iptables", "dotted"),
    ("a", "lua", "lua", "dotted"), ("a", "python", "python", "dotted"),
    ("a", "php", "php", "dotted"), ("a", "denx", "u-boot", "year"),
    ("a", "wolfssl", "wolfssl", "dotted"), ("a", "arm", "mbed_tls", "dotted"),
    ("a", "gnu", "gnutls", "dotted"), ("a", "openbsd", "libressl", "dotted"),
    ("a", "embedthis", "goahead", "dotted"), ("a", "boa", "boa_web_server", "dotted"),
    ("a", "acme", "mini_httpd", "dotted"), ("a", "acme", "thttpd", "dotted"),
    ("a", "openwrt", "uhttpd", "dotted"),
]
WORDS = ("net", "cam", "router", "iot", "smart", "home", "link", "hub", "cloud",
         "sense", "gate", "view", "mesh", "box", "wave", "stream", "core", "lite")


def version(style):
    if style == "kernel":
        return "%d.%d.%d" % (rnd.choice([(3, 10), (4, 4), (4, 9), (4, 14), (4, 19), (5, 4), (5, 10), (5, 15), (6, 1)]) + (rnd.randint(1, 250),))
    if style == "openssl":
        return rnd.choice(["1.0.2", "1.1.1", "3.0."]) + (rnd.choice("abcdefghijklmnopqrstuvw") if rnd.random() < .7 else str(rnd.randint(1, 13)))
    if style == "year":
        return "%d.%d" % (rnd.randint(2012, 2024), rnd.randint(1, 90))
    if style == "openssh":
        return "%d.%dp%d" % (rnd.randint(6, 9), rnd.randint(0, 9), rnd.randint(1, 2))
    if style == "ntp":
        return "4.2.8p%d" % rnd.randint(1, 17)
    return "%d.%d.%d" % (rnd.randint(0, 3), rnd.randint(0, 40), rnd.randint(0, 200))


# the long tail: ~3,000 other vendors' products (cameras, NAS, routers...)
TAIL = []
for i in range(3000):
    v = rnd.choice(WORDS) + rnd.choice(WORDS) + str(i)
    TAIL.append((rnd.choice("aaao"), v, rnd.choice(WORDS) + "_" + rnd.choice(WORDS), "dotted"))


def criterion(p):
    part, vendor, product, style = p
    m = {"vulnerable": True,
         "criteria": "cpe:2.3:%s:%s:%s:*:*:*:*:*:*:*:*" % (part, vendor, product),
         "matchCriteriaId": "%08X-%04X-%04X-%04X-%012X" % tuple(rnd.getrandbits(b) for b in (32, 16, 16, 16, 48))}
    r = rnd.random()
    lo, hi = sorted([version(style), version(style)])
    if r < .45:
        m["versionStartIncluding"] = lo
        m["versionEndExcluding"] = hi
    elif r < .7:
        m["versionEndExcluding"] = hi
    elif r < .8:
        m["versionEndIncluding"] = hi
    else:
        m["criteria"] = "cpe:2.3:%s:%s:%s:%s:*:*:*:*:*:*:*" % (part, vendor, product, version(style))
    return m


def cve(i):
    if rnd.random() < .2:
        prods = [REAL[0]]
        n = rnd.randint(10, 45)          # kernel CVEs list many branches
    else:
        prods = [rnd.choice(REAL) if rnd.random() < .35 else rnd.choice(TAIL)
                 for _ in range(rnd.randint(1, 2))]
        n = rnd.randint(1, 12)
    matches = [criterion(rnd.choice(prods)) for _ in range(n)]
    nodes = [{"operator": "OR", "negate": False, "cpeMatch": matches}]
    confs = [{"nodes": nodes}]
    if rnd.random() < .15:               # "running on" a hardware platform
        hw = {"vulnerable": False, "criteria": "cpe:2.3:h:%s:model_%d:-:*:*:*:*:*:*:*" % (prods[0][1], i),
              "matchCriteriaId": "0"}
        confs = [{"operator": "AND", "nodes": nodes + [{"operator": "OR", "negate": False, "cpeMatch": [hw]}]}]
    score = round(rnd.uniform(2, 10), 1)
    desc = " ".join(rnd.choice(WORDS + ("buffer", "overflow", "in", "the", "allows", "remote", "attackers", "to", "execute", "code", "via", "crafted", "request")) for _ in range(rnd.randint(20, 70)))
    return {"cve": {
        "id": "CVE-2023-%05d" % i, "sourceIdentifier": "cve@mitre.org",
        "published": "2023-%02d-%02dT10:15:09.000" % (rnd.randint(1, 12), rnd.randint(1, 28)),
        "lastModified": "2024-%02d-%02dT12:00:00.000" % (rnd.randint(1, 12), rnd.randint(1, 28)),
        "vulnStatus": rnd.choice(["Analyzed", "Modified"]),
        "descriptions": [{"lang": "en", "value": desc.capitalize() + "."}],
        "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
            "version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "attackVector": "NETWORK", "attackComplexity": "LOW", "privilegesRequired": "NONE",
            "userInteraction": "NONE", "scope": "UNCHANGED", "confidentialityImpact": "HIGH",
            "integrityImpact": "HIGH", "availabilityImpact": "HIGH", "baseScore": score,
            "baseSeverity": "HIGH"}, "exploitabilityScore": 3.9, "impactScore": 5.9}]},
        "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary", "description": [{"lang": "en", "value": "CWE-787"}]}],
        "configurations": confs,
        "references": [{"url": "https://example.com/advisory/%d" % i, "source": "cve@mitre.org", "tags": ["Vendor Advisory"]}],
    }}


criteria = 0
with open(out, "w") as f:
    f.write('{\n  "resultsPerPage": %d,\n  "startIndex": 0,\n  "totalResults": %d,\n'
            '  "format": "NVD_CVE",\n  "version": "2.0",\n  "timestamp": "2024-12-31T23:59:59.000",\n'
            '  "vulnerabilities": [\n' % (n_cves, n_cves))
    for i in range(n_cves):
        rec = cve(i + 1)
        for c in rec["cve"]["configurations"]:
            for nd in c["nodes"]:
                criteria += sum(1 for m in nd["cpeMatch"] if m["vulnerable"])
        f.write(("," if i else "") + json.dumps(rec, indent=2) + "\n")
    f.write("  ]\n}\n")

with open(comps, "w") as f:
    f.write("# PART VENDOR PRODUCT VERSION (300 components)\n")
    for i in range(300):
        p = REAL[i % len(REAL)] if i < 120 else rnd.choice(TAIL)
        f.write("%s %s %s %s\n" % (p[0], p[1], p[2], version(p[3])))
print("%d CVEs, %d vulnerable criteria" % (n_cves, criteria), file=sys.stderr)
