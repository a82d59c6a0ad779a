#!/usr/bin/python3
"""Checks three path scans of one process: one that wrote the code cache
(COLD), one that read it (WARM) and one without it (NONE). The results
must be the same, bar the pause and the cache's own counts; WARM must have
read every entry COLD wrote, or all but N with --unread N (entries
damaged on purpose), and written those N again.

usage: cache_check.py COLD WARM NONE [--unread N]"""
import json
import sys


def load(path):
    with open(path) as f:
        scan = json.load(f)
    cache = scan["scan"].pop("code_cache")
    del scan["scan"]["pause_ms"]
    return scan, cache


def main():
    args = sys.argv[1:]
    unread = 0
    if "--unread" in args:
        i = args.index("--unread")
        unread = int(args[i + 1])
        del args[i : i + 2]
    (cold, c), (warm, w), (none, n) = (load(a) for a in args)
    problems = []
    if c["objects_written"] < 1 or c["objects_read"] != 0:
        problems.append(f"the first scan should only write: {c}")
    if w["objects_read"] != c["objects_written"] - unread:
        problems.append(f"read {w['objects_read']} entries, expected "
                        f"{c['objects_written']} - {unread}")
    if w["objects_written"] != unread:
        problems.append(f"wrote {w['objects_written']} entries, expected {unread}")
    if n["dir"] is not None or n["objects_read"] or n["objects_written"]:
        problems.append(f"a scan without a cache used one: {n}")
    for name, other in (("read", warm), ("no cache", none)):
        if other != cold:
            keys = [k for k in cold if cold[k] != other.get(k)]
            keys += [f"scan.{k}" for k in cold["scan"]
                     if cold["scan"][k] != other["scan"].get(k)]
            problems.append(f"the scan with {name} differs in {keys}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"{c['objects_written']} objects, "
          f"{c['instructions_decoded_for_it']} instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
