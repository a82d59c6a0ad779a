"""Compares two requirements files (path and full scans of one process).

usage: compare_sets.py PATH.json FULL.json [--has SET]... [--lacks SET]...
                       [--absent SET]... [--via SET TEXT]... [--strict]

Checks that the path method's ISA sets are a subset of the full method's,
that each --has set is in both with a chain of evidence from a root,
that each --via set's chain has a step that contains TEXT (how it is
reached), that each --lacks set is in the full scan but not the path scan,
that each --absent set is in neither (data both methods leave alone), and with
--strict that the path scan reports strictly fewer sets. Prints what it
found; exits 1 on any failure.
"""
import json
import sys


def main(argv):
    path = json.load(open(argv[1]))
    full = json.load(open(argv[2]))
    has, lacks, absent, via, strict = [], [], [], [], False
    args = argv[3:]
    while args:
        flag = args.pop(0)
        if flag == "--strict":
            strict = True
        elif flag == "--has":
            has.append(args.pop(0))
        elif flag == "--lacks":
            lacks.append(args.pop(0))
        elif flag == "--absent":
            absent.append(args.pop(0))
        elif flag == "--via":
            via.append((args.pop(0), args.pop(0)))
    p, f = set(path["isa_sets"]), set(full["isa_sets"])
    problems = []
    if not p <= f:
        problems.append("path reports sets the full scan does not: %s"
                        % sorted(p - f))
    if strict and not len(p) < len(f):
        problems.append("path does not report fewer sets (%d vs %d)"
                        % (len(p), len(f)))
    for s in has:
        if s not in p or s not in f:
            problems.append("%s missing (path %s, full %s)"
                            % (s, s in p, s in f))
        elif not path["evidence"][s].get("chain") and \
                "JIT" not in path["evidence"][s].get("reason", ""):
            problems.append("%s has no chain of evidence" % s)
    for s, text in via:
        chain = path["evidence"].get(s, {}).get("chain", [])
        if not any(text in step for step in chain):
            problems.append("%s is not reached via %r: %s"
                            % (s, text, " | ".join(chain)))
    for s in lacks:
        if s in p:
            problems.append("%s reported by path: %s"
                            % (s, json.dumps(path["evidence"][s])))
        if s not in f:
            problems.append("%s not found by the full scan either" % s)
    for s in absent:
        for name, scan in (("path", path), ("full", full)):
            if s in scan["isa_sets"]:
                problems.append("%s reported by %s: %s" % (
                    s, name, json.dumps(scan["evidence"][s])))
    print("path %d sets, full %d sets; only in full: %s"
          % (len(p), len(f), " ".join(sorted(f - p))))
    for s in has:
        e = path["evidence"].get(s, {})
        print("%s: %s" % (s, " | ".join(e.get("chain", [e.get("reason", "")]))))
    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
