"""Checks a scan of an idle JIT engine against what ran or was compiled
after it (tests/e2e/jit.sh).

usage: jit_check.py FIRST.json [LATER.json]... [--engine NAME]
                    [--has SET]... [--lacks-prefix PREFIX]...
                    [--engine-lacks-prefix PREFIX]...
                    [--unknown KIND] [--no-unknowns]

Every ISA set of each LATER report (a watch of the hot phase, a scan
after it) must be in FIRST's requirements, or FIRST must have an unknown.
--engine: FIRST's scan.jit lists that engine with its state read.
--has: FIRST requires SET. --lacks-prefix: no set of FIRST starts so;
--engine-lacks-prefix: none of the sets the engines may emit does.
--unknown: FIRST has an unknown of that kind. Exits 1 on any failure.
"""
import json
import sys


def main(argv):
    first = json.load(open(argv[1]))
    later, engine, has, lacks, unknown = [], None, [], [], None
    engine_lacks = []
    no_unknowns = False
    args = argv[2:]
    while args:
        a = args.pop(0)
        if a == "--engine":
            engine = args.pop(0)
        elif a == "--has":
            has.append(args.pop(0))
        elif a == "--lacks-prefix":
            lacks.append(args.pop(0))
        elif a == "--engine-lacks-prefix":
            engine_lacks.append(args.pop(0))
        elif a == "--unknown":
            unknown = args.pop(0)
        elif a == "--no-unknowns":
            no_unknowns = True
        else:
            later.append(json.load(open(a)))
    sets = set(first["isa_sets"])
    kinds = [u["kind"] for u in first.get("unknowns", [])]
    problems = []
    for report in later:
        missed = set(report["isa_sets"]) - sets
        if missed and not kinds:
            problems.append("%s found later, not required by the first "
                            "scan: %s" % (report["source"], sorted(missed)))
    engines = first["scan"].get("jit", {}).get("engines", [])
    if engine:
        e = [x for x in engines if x["engine"] == engine]
        if not e:
            problems.append("engine %s not recognised: %s"
                            % (engine, [x["engine"] for x in engines]))
        elif e[0]["state"] == "unreadable":
            problems.append("engine %s: state unreadable" % engine)
    for s in has:
        if s not in sets:
            problems.append("%s not required" % s)
    for p in lacks:
        bad = sorted(s for s in sets if s.startswith(p))
        if bad:
            problems.append("sets starting with %s required: %s (%s)"
                            % (p, bad, first["evidence"].get(bad[0])))
    for p in engine_lacks:
        for x in engines:
            bad = sorted(s for s in x["isa_sets"] if s.startswith(p))
            if bad:
                problems.append("%s may emit %s: %s"
                                % (x["engine"], bad, x["features"]))
    if unknown and unknown not in kinds:
        problems.append("no unknown of kind %s: %s" % (unknown, kinds))
    if no_unknowns and kinds:
        problems.append("unknowns: %s" % first["unknowns"])
    print("%d sets first; %s; engines: %s; unknowns: %s"
          % (len(sets), ", ".join("%d later" % len(r["isa_sets"])
                                  for r in later) or "nothing later",
             ", ".join("%s (%s)" % (x["engine"], x["state"])
                       for x in engines) or "none",
             ", ".join(kinds) or "none"))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
