"""Checks scans of one idle process (tests/e2e/paths.sh).

usage: stable.py FULL.json PATH1.json PATH2.json ... [--aws DIR MIGCHECK]

The path scans must agree on isa_sets, flags, xsave_components, evidence
and unknowns; have no unknown; and require no set the full scan does not.
With --aws, the path requirements must allow at least as many of the
catalog's destinations as the full ones. Exits 1 on any failure.
"""
import json
import re
import subprocess
import sys

KEYS = ("isa_sets", "flags", "xsave_components", "evidence", "unknowns")


def destinations(migcheck, req, aws):
    out = subprocess.run([migcheck, "check", req, "--catalog", aws],
                         capture_output=True, text=True).stdout
    m = re.search(r"compatible with (\d+) of", out)
    return int(m.group(1)) if m else -1


def main(argv):
    aws = None
    if "--aws" in argv:
        i = argv.index("--aws")
        aws, migcheck = argv[i + 1], argv[i + 2]
        argv = argv[:i]
    full = json.load(open(argv[1]))
    paths = [json.load(open(a)) for a in argv[2:]]
    problems = []
    for k in KEYS:
        if any(p.get(k) != paths[0].get(k) for p in paths[1:]):
            problems.append("%s differ between scans" % k)
    if paths[0]["unknowns"]:
        problems.append("unknowns: %s" % paths[0]["unknowns"])
    extra = set(paths[0]["isa_sets"]) - set(full["isa_sets"])
    if extra:
        problems.append("path requires what full does not: %s" % sorted(extra))
    line = "path %d sets, full %d; pause %s ms" % (
        len(paths[0]["isa_sets"]), len(full["isa_sets"]),
        "/".join("%.2f" % p["scan"]["pause_ms"] for p in paths))
    if aws:
        dp, df = (destinations(migcheck, argv[2], aws),
                  destinations(migcheck, argv[1], aws))
        line += "; AWS destinations path %d, full %d" % (dp, df)
        if dp < df:
            problems.append("path allows fewer destinations than full")
    print(line)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
