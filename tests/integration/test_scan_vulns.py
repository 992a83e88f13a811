#!/usr/bin/python3
"""`jcstar scan` with a vulnerability database: the components identified
in the test rootfs (real Debian mipsel packages: busybox 1.35.0, dropbear
2022.83, openssl 3.0.20, lighttpd 1.4.69, glibc 2.36, zlib 1.2.13) matched
against a feed written here in the real NVD CVE API 2.0 and CISA KEV
formats, with ranges on both sides of each version. Asserts exactly which
components are vulnerable, with which CVEs, severities, KEV flags and fixed
versions; that no database means the check did not run (and an assessment
cannot pass S1.1-13 on it); that an old database is named; and the SBOMs
carry the vulnerabilities.
Usage: test_scan_vulns.py JCSTAR SOURCE_ROOT
"""
import json
import os
import shutil
import subprocess
import tempfile

from scanlib import JCSTAR, check, finish, rootfs_image, scan

V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def cve(cid, criteria, score=None, modified="2026-11-20T00:00:00.000", **bounds):
    m = dict(vulnerable=True, criteria=criteria, matchCriteriaId=cid + "-M")
    m.update({k: v for k, v in bounds.items()})
    c = {"id": cid, "sourceIdentifier": "test", "published": "2026-11-01T00:00:00.000",
         "lastModified": modified, "vulnStatus": "Analyzed",
         "descriptions": [{"lang": "en", "value": "test vulnerability " + cid}],
         "configurations": [{"nodes": [{"operator": "OR", "negate": False, "cpeMatch": [m]}]}]}
    if score is not None:
        c["metrics"] = {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
            "version": "3.1", "vectorString": V31, "baseScore": score, "baseSeverity": "HIGH"}}]}
    return {"cve": c}


def feed(items):
    return {"resultsPerPage": len(items), "startIndex": 0, "totalResults": len(items),
            "format": "NVD_CVE", "version": "2.0", "timestamp": "2026-11-20T00:00:00.000",
            "vulnerabilities": items}


ITEMS = [
    # busybox 1.35.0: inside [.., 1.36.0) -> yes; [1.36.0, ..) -> no
    cve("CVE-2099-1001", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", 9.8, versionEndExcluding="1.36.0"),
    cve("CVE-2099-1002", "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*", 9.8, versionStartIncluding="1.36.0"),
    # dropbear 2022.83 exactly -> yes (and in KEV: at least high)
    cve("CVE-2099-1003", "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.83:*:*:*:*:*:*:*", 5.3),
    # openssl 3.0.20: [3.0.0, 3.0.14) no; [3.0.0, 3.0.21) yes
    cve("CVE-2099-1004", "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", 7.5,
        versionStartIncluding="3.0.0", versionEndExcluding="3.0.14"),
    cve("CVE-2099-1005", "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", 7.5,
        versionStartIncluding="3.0.0", versionEndExcluding="3.0.21"),
    # lighttpd: up to 1.4.69 included, no CVSS -> low
    cve("CVE-2099-1006", "cpe:2.3:a:lighttpd:lighttpd:*:*:*:*:*:*:*:*", None, versionEndIncluding="1.4.69"),
    # another product of the same name space: nothing
    cve("CVE-2099-1007", "cpe:2.3:a:gnu:glibc:2.37:*:*:*:*:*:*:*", 9.0),
]
KEV = {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.11.20",
       "dateReleased": "2026-11-20T00:00:00.000Z", "count": 1,
       "vulnerabilities": [{"cveID": "CVE-2099-1003", "vendorProject": "Dropbear", "product": "Dropbear SSH",
                            "vulnerabilityName": "test", "dateAdded": "2026-11-19", "shortDescription": "test",
                            "requiredAction": "update", "dueDate": "2026-12-10",
                            "knownRansomwareCampaignUse": "Unknown", "notes": ""}]}

WANT = {
    # rule, component path, severity, [(cve, cvss, kev, fixed)]
    ("/bin/busybox", "critical", (("CVE-2099-1001", 9.8, False, "1.36.0"),)),
    ("/usr/bin/dbclient", "high", (("CVE-2099-1003", 5.3, True, None),)),
    ("/usr/lib/mipsel-linux-gnu/libcrypto.so.3", "high", (("CVE-2099-1005", 7.5, False, "3.0.21"),)),
    ("/usr/sbin/lighttpd", "low", (("CVE-2099-1006", None, False, None),)),
}


def got(doc):
    out = set()
    for f in doc["findings"]:
        if f["rule"] != "vulns.known-vulnerable":
            continue
        check(f["category"] == "vulnerable-component", "category %s" % f["category"])
        out.add((f["location"].get("path"), f["severity"],
                 tuple((v["id"], v.get("cvss"), v["kev"], v.get("fixed")) for v in f["vulnerabilities"])))
    return out


def checks_of(doc, name):
    return [c for c in doc.get("checks", []) if c["name"] == name]


def main():
    work = tempfile.mkdtemp(prefix="jcstar-vulns-")
    try:
        img = rootfs_image("mipsel")
        nvd, kev, db = (os.path.join(work, n) for n in ("nvd.json", "kev.json", "vuln.db"))
        json.dump(feed(ITEMS), open(nvd, "w"))
        json.dump(KEV, open(kev, "w"))
        for f in (nvd, kev):
            r = subprocess.run([JCSTAR, "db", "--db", db, "import", f], capture_output=True, text=True)
            check(r.returncode == 0, "db import %s: %s" % (f, r.stderr))

        doc = scan(img, "--vuln-db", db, "--vuln-max-age", "36500")
        g = got(doc)
        check(g == WANT, "vulnerable components differ\n  got:  %s\n  want: %s" % (sorted(g), sorted(WANT)))
        check(checks_of(doc, "vulns") == [{"name": "vulns", "target": "firmware", "status": "ran"}],
              "vulns check: %s" % checks_of(doc, "vulns"))
        check(not [l for l in doc["limitations"] if "days old" in l["why"]], "a fresh-enough db is called old")
        f = next(f for f in doc["findings"] if f["rule"] == "vulns.known-vulnerable")
        check("S1.1-13" in f["requirements"], "vulnerable component lacks S1.1-13: %s" % f["requirements"])

        # the same database seen as old (feed modified 2026-11-20; allowed 1 day after it)
        doc = scan(img, "--vuln-db", db, "--vuln-max-age", "1")
        old = [l for l in doc["limitations"] if "days old" in l["why"]]
        check(len(old) == 1 and db in old[0]["why"], "old database not named: %s" % old)

        # no database: not run, with the way to get one; nothing vulnerable claimed
        doc = scan(img, "--vuln-db", os.path.join(work, "none.db"))
        c = checks_of(doc, "vulns")
        check(len(c) == 1 and c[0]["status"] == "not-run" and "jcstar db import" in c[0].get("why", ""),
              "no database: %s" % c)
        check(not got(doc), "findings without a database")
        doc = scan(img)   # default path: $JCSTAR_DB (scanlib points it nowhere)
        c = checks_of(doc, "vulns")
        check(len(c) == 1 and c[0]["status"] == "not-run", "default database: %s" % c)

        # the SBOMs carry the vulnerabilities
        r = subprocess.run([JCSTAR, "scan", "-q", "-f", "cyclonedx", "--vuln-db", db, "--vuln-max-age", "36500",
                            img], capture_output=True, text=True)
        bom = json.loads(r.stdout) if r.returncode == 0 else {}
        ids = sorted(v["id"] for v in bom.get("vulnerabilities", []))
        check(ids == ["CVE-2099-1001", "CVE-2099-1003", "CVE-2099-1005", "CVE-2099-1006"],
              "CycloneDX vulnerabilities: %s (%s)" % (ids, r.stderr))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    raise SystemExit(main())
