#!/usr/bin/python3
"""The checklist CSV of every reporter fixture read back by Python's csv
module (an independent RFC 4180 reader): a header and 7 fields in every
row, CRLF line ends, and the fields come back exactly as the document
has them (a title with a comma and quotes included).

Usage: test_checklist_csv.py RENDER_FIXTURE SOURCE_ROOT"""
import csv
import glob
import io
import json
import os
import subprocess
import sys

render, root = sys.argv[1], sys.argv[2]
HEADER = ["scheme", "id", "title", "verdict", "evidence", "documents", "needs"]
bad = 0
for path in sorted(glob.glob(os.path.join(root, "tests", "data", "results", "rep-*.json"))):
    out = subprocess.run([render, "checklist-csv", path], check=True,
                         capture_output=True).stdout
    doc = json.load(open(path))
    text = out.decode("utf-8")  # UTF-8, no BOM
    rows = list(csv.reader(io.StringIO(text, newline="")))
    reqs = doc.get("requirements", [])
    want = ([r for r in reqs if r["scheme"] == "jcstar-star1"] +
            [r for r in reqs if r["scheme"] == "etsi-en-303-645"])
    problems = []
    if text.startswith("\ufeff"):
        problems.append("starts with a BOM")
    if text.replace("\r\n", "").count("\n") != 0 and not any("\n" in f for r in rows for f in r):
        problems.append("bare LF line end")
    if rows[0] != HEADER:
        problems.append("header %r" % rows[0])
    if len(rows) != 1 + len(want):
        problems.append("%d rows for %d requirements" % (len(rows) - 1, len(want)))
    for row, req in zip(rows[1:], want):
        if len(row) != 7:
            problems.append("%s: %d fields" % (req["id"], len(row)))
        elif row[:4] != [req["scheme"], req["id"], req["title"], req["verdict"]]:
            problems.append("%s: read back as %r" % (req["id"], row[:4]))
        elif not row[4].startswith(req["reason"]):
            problems.append("%s: evidence %r" % (req["id"], row[4]))
    for p in problems:
        print("%s: %s" % (os.path.basename(path), p))
    print("%s: %d rows, %d problems" % (os.path.basename(path), len(rows) - 1, len(problems)))
    bad += len(problems)
sys.exit(1 if bad else 0)
