"""Checks what `migcheck watch --json` observed.

usage: observed.py WATCH.json [--has SET]... [--has-any SET,SET...]...
                   [--lacks SET]...
                   [--in OBJECT SET]... [--not-in OBJECT SET]...
                   [--ended HOW] [--min-hit N] [--on-path]

OBJECT matches the end of an object path ("watch_phases", "[anonymous]").
--on-path: every site that ran was one the path method reached.
Prints a summary; exits 1 on any failure.
"""
import json
import sys


def main(argv):
    d = json.load(open(argv[1]))
    scan = d["scan"]
    sets = set(d["isa_sets"])
    by_object = scan["hit_by_object"]
    problems = []
    if d.get("observed") is not True:
        problems.append("not marked observed")

    def object_sets(suffix):
        found = set()
        for name, s in by_object.items():
            if name.endswith(suffix):
                found |= set(s)
        return found

    args = argv[2:]
    while args:
        flag = args.pop(0)
        if flag == "--has" and (s := args.pop(0)) not in sets:
            problems.append("%s not observed" % s)
        elif flag == "--has-any" and not sets & set(
                (a := args.pop(0)).split(",")):
            problems.append("none of %s observed" % a)
        elif flag == "--lacks" and (s := args.pop(0)) in sets:
            problems.append("%s observed: %s" % (s, d["evidence"][s]))
        elif flag == "--in":
            o, s = args.pop(0), args.pop(0)
            if s not in object_sets(o):
                problems.append("%s not observed in %s" % (s, o))
        elif flag == "--not-in":
            o, s = args.pop(0), args.pop(0)
            if s in object_sets(o):
                problems.append("%s observed in %s" % (s, o))
        elif flag == "--ended" and (h := args.pop(0)) != scan["ended"]:
            problems.append("ended %s, not %s" % (scan["ended"], h))
        elif flag == "--min-hit" and scan["hit"] < int(n := args.pop(0)):
            problems.append("%d sites hit, fewer than %s" % (scan["hit"], n))
        elif flag == "--on-path" and scan["hit_off_path"]:
            problems.append("%d sites ran that the path method did not "
                            "reach: %s" % (scan["hit_off_path"],
                                           scan["hit_off_path_at"]))
    print("%d sets, %d of %d sites hit, %d off the path method's, "
          "coverage %.3f, ended %s"
          % (len(sets), scan["hit"], scan["planted"], scan["hit_off_path"],
             scan["coverage"], scan["ended"]))
    for p in problems:
        print("problem:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
