#!/bin/sh
# Benchmarks of `migcheck scan` on real workloads: redis-server,
# python3+numpy doing matrix work, and a JVM running a JIT-compiled loop.
# For each method (path, full), three runs: wall time and peak RSS of the
# scan (bench/timed.py), the target's pause and the number of ISA sets
# (from --json). Prints a table and writes it to bench/results.txt.
#
# usage: bench/run.sh [build/migcheck]
set -eu
cd "$(dirname "$0")/.."
MIGCHECK=$(realpath "${1:-build/migcheck}")

. bench/lib.sh

# The path method three ways: without the code cache, writing it (an
# empty cache: the first scan on a host) and reading it (every later scan
# of processes that map the same code). The full method does not use it.
measure() { # NAME PID
	for variant in path:none path:written path:read full:none; do
		method=${variant%:*} cache=${variant#*:}
		[ "$cache" = read ] && MIGCHECK_CACHE_DIR="$T/cache" "$MIGCHECK" scan "$2" >/dev/null
		for run in 1 2 3; do
			case $cache in
			none) dir= ;;
			written) dir="$T/cache-$run" && rm -rf "$dir" ;;
			read) dir="$T/cache" ;;
			esac
			# wall time (us) and peak RSS (kB) of the scan alone
			MIGCHECK_CACHE_DIR=$dir $PY bench/timed.py "$T/time" \
				"$MIGCHECK" scan "$2" --method "$method" --json >"$T/req.json"
			$PY - "$1" "$method" "$cache" "$run" "$T/time" "$T/req.json" <<'PYEOF' >>"$T/rows"
import json, sys
name, method, cache, run, timef, reqf = sys.argv[1:]
wall, rss = open(timef).read().split()
r = json.load(open(reqf))
print("%s\t%s\t%s\t%s\t%.1f\t%.2f\t%.1f\t%d\t%d\t%d" % (
    name, method, cache, run, int(wall) / 1000, r["scan"]["pause_ms"],
    int(rss) / 1024, len(r["isa_sets"]), r["scan"]["instructions"],
    r["scan"]["threads"]))
PYEOF
		done
	done
	rm -rf "$T"/cache*
}

port=$((30000 + $$ % 20000))
redis-server --port "$port" --save '' --appendonly no >"$T/redis.log" 2>&1 &
redis=$!
pids="$pids $redis"
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
measure redis-server $redis

cat >"$T/np.py" <<'PYEOF'
import time
import numpy as np
a = np.random.default_rng(1).random((300, 300))
print("ready", flush=True)
while True:
    a = (a @ a.T) / 300.0
    a /= a.max()
    time.sleep(0.01)
PYEOF
$PY "$T/np.py" >"$T/np.out" 2>&1 &
numpy=$!
pids="$pids $numpy"
wait_ready "$T/np.out"
measure python3+numpy $numpy

javac -d "$T" bench/Loop.java
java -cp "$T" Loop >"$T/java.out" 2>&1 &
jvm=$!
pids="$pids $jvm"
wait_ready "$T/java.out"
sleep 2 # let the JIT compile the loop
measure java $jvm

{
	printf 'workload\tmethod\tcode_cache\trun\twall_ms\tpause_ms\tpeak_rss_mib\tisa_sets\tinstructions\tthreads\n'
} | results bench/results.txt "migcheck scan benchmarks"
