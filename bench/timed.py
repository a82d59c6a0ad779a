#!/usr/bin/python3
"""Runs a command and writes "WALL_US PEAK_RSS_KB" to FILE: the wall time
from just before its fork to its exit, and its peak RSS from wait4(2).
Timing from here rather than around /usr/bin/time and date(1) leaves out
their own starts (several ms on a 2-core VM), and the child's RSS is its
own, not a wrapper's.

usage: timed.py FILE COMMAND [ARG...]   (the command's stdout is ours)"""
import os
import sys
import time


def main():
    out, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    with open(out, "w") as f:
        f.write("%d %d\n" % (wall * 1e6, usage.ru_maxrss))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
