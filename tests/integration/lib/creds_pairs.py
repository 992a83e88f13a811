#!/usr/bin/python3
"""creds_pairs.py DATADIR K - the first K (user, password) pairs `jcstar
probe` tries, as hydra's -C colon file ("user:password" a line), in the
order of lib/probe/creds_list.c: data/probe/default-pairs.tsv ("-" = the
empty password), then every user of data/probe/users.txt with the empty
password, then users x data/passwords/iot-default.txt; duplicates once.
For the hydra comparison and benchmark, so both try the same list."""
import sys


def lines(path):
    out = []
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\r\n")
        if line and not line.startswith("#"):
            out.append(line)
    return out


data, k = sys.argv[1], int(sys.argv[2])
pairs, seen = [], set()


def add(u, p):
    if (u, p) not in seen:
        seen.add((u, p))
        pairs.append((u, p))


for line in lines(data + "/probe/default-pairs.tsv"):
    u, p = line.split("\t")[:2]
    add(u, "" if p == "-" else p)
users = lines(data + "/probe/users.txt")
for u in users:
    add(u, "")
for u in users:
    for p in lines(data + "/passwords/iot-default.txt"):
        add(u, p)
for u, p in pairs[:k]:
    print("%s:%s" % (u, p))
