#!/usr/bin/python3
"""Checks three path scans of one process: one that wrote the code cache
(COLD), one that read it (WARM) and one without it (NONE). The results
must be the same, bar the pause and the cache's own counts; WARM must have
read every entry COLD wrote, code and ELF, or all but N with --unread N
and M with --unread-elf M (entries damaged on purpose), and written those
again.

usage: cache_check.py COLD WARM NONE [--unread N] [--unread-elf M]"""
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
    unread = {"objects": 0, "elf": 0}
    for option, kind in (("--unread", "objects"), ("--unread-elf", "elf")):
        if option in args:
            i = args.index(option)
            unread[kind] = int(args[i + 1])
            del args[i : i + 2]
    (cold, c), (warm, w), (none, n) = (load(a) for a in args)
    problems = []
    for kind in ("objects", "elf"):
        read, written = f"{kind}_read", f"{kind}_written"
        if c[written] < 1 or c[read] != 0:
            problems.append(f"the first scan should only write: {c}")
        if w[read] != c[written] - unread[kind]:
            problems.append(f"read {w[read]} {kind} entries, expected "
                            f"{c[written]} - {unread[kind]}")
        if w[written] != unread[kind]:
            problems.append(f"wrote {w[written]} {kind} entries, "
                            f"expected {unread[kind]}")
        if n[read] or n[written]:
            problems.append(f"a scan without a cache used one: {n}")
    if n["dir"] is not None:
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
          f"{c['instructions_decoded_for_it']} instructions, "
          f"{c['elf_written']} ELF files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
