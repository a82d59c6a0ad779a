#!/usr/bin/python3
"""code_intact.py PID: compares the executable file-backed mappings of a
running process with the files they map, byte for byte, and prints how
many bytes differ (an int3 left behind shows up here). Exit 0 when none
differ, 1 otherwise.

code_intact.py --wait-planted PID: waits up to 30 s until some byte
differs (migcheck watch has planted its int3s); exit 0 then, 1 if never."""
import sys
import time


def differing(pid, where):
    """Bytes of pid's file-backed code that differ from the files; the
    first few are described in `where`."""
    differ = 0
    with open(f"/proc/{pid}/maps") as maps, \
            open(f"/proc/{pid}/mem", "rb") as mem:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) < 6 or "x" not in parts[1] or \
                    not parts[5].startswith("/"):
                continue
            path = parts[5].strip()
            if path.endswith("(deleted)"):
                continue
            start, end = (int(x, 16) for x in parts[0].split("-"))
            offset = int(parts[2], 16)
            mem.seek(start)
            live = mem.read(end - start)
            with open(path, "rb") as f:
                f.seek(offset)
                disk = f.read(end - start)
            n = min(len(live), len(disk))
            if live[:n] == disk[:n]:
                continue
            for i in range(n):
                if live[i] != disk[i]:
                    differ += 1
                    if len(where) < 5:
                        where.append(f"{path}+{offset + i:#x}: "
                                     f"{live[i]:#04x} not {disk[i]:#04x}")
    return differ


if sys.argv[1] == "--wait-planted":
    for _ in range(300):
        if differing(sys.argv[2], []):
            sys.exit(0)
        time.sleep(0.1)
    sys.exit(1)
where = []
differ = differing(sys.argv[1], where)
print(f"{differ} code bytes differ from the files")
for w in where:
    print("  " + w)
sys.exit(1 if differ else 0)
