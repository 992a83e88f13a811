"""Shared helpers of the `jcstar scan` integration tests (test_scan*.py):
run a scan, validate its JSON against the schema, compare findings exactly,
write planted files, and get the cached test rootfs images.

Each test_scan_<family>.py asserts exactly the findings of its own rule
families (prefixes) on the real rootfs images, so families grow without
editing each other's expectations; test_scan.py keeps the control image,
which must have no finding of any family.
"""
import json
import os
import subprocess
import sys
import warnings

import jsonschema

from checklib import check, failures, finish, passed  # noqa: F401 (shared tally)

warnings.filterwarnings("ignore", category=DeprecationWarning)
JCSTAR, SRC = sys.argv[1], sys.argv[2]
os.environ["PATH"] += ":/usr/sbin:/sbin"
SCHEMA = json.load(open(os.path.join(SRC, "schema", "result.schema.json")))
# hermetic: no test reads the user's vulnerability database (check vulns);
# the tests that want one give --vuln-db
os.environ["JCSTAR_DB"] = "/nonexistent/jcstar-tests-no-vuln-db"
CACHE = os.environ.get("JCSTAR_TEST_CACHE", os.path.expanduser("~/.cache/jcstar-tests"))
def scan(target, *opts, want_rc=0):
    r = subprocess.run([JCSTAR, "scan", "-q", "--format", "json", target] + list(opts),
                       capture_output=True, text=True)
    check(r.returncode == want_rc, "%s: exit %d (want %d): %s" % (target, r.returncode, want_rc, r.stderr))
    doc = json.loads(r.stdout) if r.stdout else {"findings": [], "limitations": []}
    errs = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(doc))
    check(not errs, "%s: result does not match the schema: %s" % (target, errs[:1]))
    return doc


def keys(doc, families=None):
    """(rule, path, line) of each finding; only rules whose family (the id
    before the first dot) is in FAMILIES when given."""
    return sorted((f["rule"], f["location"].get("path", ""), f["location"].get("line", 0))
                  for f in doc["findings"]
                  if families is None or f["rule"].split(".")[0] in families)


def expect(doc, want, what, families=None):
    got = keys(doc, families)
    check(got == sorted(want), "%s: findings differ\n  got:  %s\n  want: %s" % (what, got, sorted(want)))


def write(root, path, text, mode=0o644):
    p = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb" if isinstance(text, bytes) else "w") as f:
        f.write(text)
    os.chmod(p, mode)


def rootfs_image(arch, name="rootfs-xz.sqfs"):
    """A cached test image of lib/make-images.sh (built on first use)."""
    img = os.path.join(CACHE, "images-" + arch, name)
    if not os.path.exists(img):
        subprocess.run(["bash", os.path.join(SRC, "tests/integration/lib/make-images.sh"),
                        os.path.dirname(img), arch], check=True, capture_output=True)
    return img


def debian_tree(arch="armhf"):
    """The extracted Debian 12 root file system of lib/make-debian-tree.sh
    (cached; downloads on first use), or None, after a SKIP line, when it
    cannot be built (offline?)."""
    tree = os.path.join(CACHE, "debian-" + arch)
    r = subprocess.run(["bash", os.path.join(SRC, "tests/integration/lib/make-debian-tree.sh"),
                        arch, tree], capture_output=True, text=True)
    if r.returncode != 0:
        print("SKIP: cannot build the Debian tree (offline?): " + r.stderr[-500:])
        return None
    return tree
