#!/bin/sh
# What the JIT engines' state costs in destinations. Each engine runs
# idle (nothing hot compiled yet) and is scanned once; its requirements
# are then judged on the AWS catalog three ways:
#   snapshot  the sets found in code that exists (what a scan gave before
#             the engines' state was read: unsound for a JIT);
#   scan      everything the scan requires (snapshot + the engines' sets);
#   engine    the sets the engines' own flags justify, alone.
# Unknowns are counted but left out of the judging, so that the columns
# show what the sets cost. Rewrites the "JIT engines" part of
# bench/results.txt.
#
# usage: bench/jit.sh [build/migcheck]
set -eu
cd "$(dirname "$0")/.."
MIGCHECK=$(realpath "${1:-build/migcheck}")
AWS=../shared/datasets/aws-instance-isa-sets
J=tests/fixtures/jit

. bench/lib.sh

measure() { # NAME PID
	"$MIGCHECK" scan "$2" --json >"$T/req.json"
	$PY - "$1" "$T/req.json" "$T" <<'PYEOF' >"$T/row"
import json, sys
name, reqf, tmp = sys.argv[1:]
r = json.load(open(reqf))
every = set(r["isa_sets"])
jit = {s for s, e in r["evidence"].items() if "jit_engine" in e}
engine = set()
for e in r["scan"]["jit"]["engines"]:
    engine |= set(e["isa_sets"]) & every
for kind, sets in (("snapshot", every - jit), ("scan", every),
                   ("engine", engine)):
    json.dump({"schema": "migcheck/requirements/v1",
               "isa_sets": sorted(sets), "flags": []},
              open("%s/%s.json" % (tmp, kind), "w"))
def state(s):
    return "repertoire" if s.startswith("its code") else s.split(" ")[0]
engines = ",".join("%s(%s)" % (e["engine"].replace(" ", "_"), state(e["state"]))
                   for e in r["scan"]["jit"]["engines"]) or "none"
print("%s\t%s\t%d\t%d\t%d\t%d" % (name, engines, len(every - jit),
                                  len(every), len(engine),
                                  len(r["unknowns"])), end="")
PYEOF
	for kind in snapshot scan engine; do
		n=$("$MIGCHECK" check "$T/$kind.json" --catalog "$AWS" 2>/dev/null |
			sed -n 's/^compatible with \([0-9]*\) of.*/\1/p')
		printf '\t%s' "$n" >>"$T/row"
	done
	{ cat "$T/row"; echo; } >>"$T/jitrows"
}

# start NAME COMMAND...: runs it until its "ready" line
start() {
	name=$1
	shift
	"$@" >"$T/$name.out" 2>&1 &
	pid=$!
	pids="$pids $pid"
	wait_ready "$T/$name.out"
	sleep 1
}

: >"$T/jitrows"
javac -d "$T" "$J/Hot.java"
start java java -cp "$T" Hot "$T/never"
measure java $pid
start java-UseAVX=2 java -XX:UseAVX=2 -cp "$T" Hot "$T/never"
measure java-UseAVX=2 $pid
start node node "$J/hot.js" "$T/never"
measure node $pid
start luajit luajit "$J/hot.lua" "$T/never"
measure luajit $pid
mkfifo "$T/fifo"
grep -P 'a[bc]+c\d' "$T/fifo" >/dev/null &
pid=$!
pids="$pids $pid"
exec 3>"$T/fifo"
sleep 0.5
measure "grep -P" $pid

# the results file: everything before this part, then this part
touch bench/results.txt
sed '/^# JIT engines/,$d' bench/results.txt >"$T/before"
{
	cat "$T/before"
	echo "# JIT engines idle, $(date -u +%Y-%m-%d): ISA sets and AWS destinations of 383 (bench/jit.sh)"
	printf 'workload\tengines\tsets_snapshot\tsets_scan\tsets_engine\tunknowns\tdest_snapshot\tdest_scan\tdest_engine\n'
	cat "$T/jitrows"
} >bench/results.txt
sed -n '/^# JIT engines/,$p' bench/results.txt | column -t -s "$(printf '\t')"
exec 3>&-
