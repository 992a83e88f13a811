#!/usr/bin/python3
"""The hand-written result documents of the reporter tests
(tests/data/results/rep-*.json) are valid against schema/result.schema.json,
so the reporters are tested on what `scan`/`assess` may really write.

Usage: check_result_fixtures.py SOURCE_ROOT. Exit 0 when all hold."""
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1]
schema = json.load(open(os.path.join(root, "schema", "result.schema.json")))
files = sorted(glob.glob(os.path.join(root, "tests", "data", "results", "rep-*.json")))
if len(files) < 2:
    sys.exit("expected the rep-*.json fixtures, found %d" % len(files))
bad = 0
for path in files:
    try:
        jsonschema.validate(json.load(open(path)), schema)
        print("ok", path)
    except (jsonschema.ValidationError, ValueError) as e:
        print("INVALID %s: %s" % (path, e))
        bad += 1
sys.exit(1 if bad else 0)
