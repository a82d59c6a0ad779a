#!/bin/sh
# Benchmarks of `migcheck watch` and `migcheck compare` on real workloads:
# python3+numpy doing matrix work, redis-server under redis-benchmark,
# sqlite3 running queries, and a JVM running a JIT-compiled loop.
#
# For each workload, in one process:
# - its throughput (output lines, or redis requests, per second) for
#   5 s unwatched, then for 5 s watched, once the int3s are in;
# - the watch's own figures: sites planted, time to plant, hits, and the
#   time from starting `migcheck watch` until the int3s were in;
# - `migcheck compare --watch 5s` on the AWS catalog: compatible
#   destinations per policy and recall against the observed bound.
# Prints a table and writes it to bench/watch-results.txt.
#
# usage: bench/watch.sh [build/migcheck]
set -eu
cd "$(dirname "$0")/.."
MIGCHECK=$(realpath "${1:-build/migcheck}")
AWS=../shared/datasets/aws-instance-isa-sets

. bench/lib.sh

now() { date +%s.%N; }

# rate FILE SECONDS: lines FILE gained per second over SECONDS
rate() {
	a=$(wc -l <"$1")
	sleep "$2"
	b=$(wc -l <"$1")
	awk -v a="$a" -v b="$b" -v s="$2" 'BEGIN { print (b - a) / s }'
}

# planted PID: waits until an int3 shows in its code
planted() { $PY tests/e2e/code_intact.py --wait-planted "$1"; }

# measure NAME PID THROUGHPUT-COMMAND: THROUGHPUT-COMMAND prints a rate
measure() {
	name=$1 pid=$2 probe=$3
	before=$($probe)
	t0=$(now)
	"$MIGCHECK" watch "$pid" --for 120s --json >"$T/watch.json" 2>"$T/watch.err" &
	wp=$!
	planted "$pid"
	t1=$(now)
	during=$($probe)
	kill -TERM "$wp"
	wait "$wp"
	"$MIGCHECK" compare "$pid" --catalog "$AWS" --watch 5s --json >"$T/cmp.json" 2>/dev/null || true
	$PY - "$name" "$before" "$during" "$t0" "$t1" "$T/watch.json" "$T/cmp.json" <<'PYEOF' >>"$T/rows"
import json, sys
name, before, during, t0, t1, wf, cf = sys.argv[1:]
w = json.load(open(wf))["scan"]
c = json.load(open(cf))["policies"]
def pol(k):
    r = c[k]["recall"]
    return "%d/%s" % (c[k]["compatible"], "-" if r is None else "%.2f" % r)
print("\t".join([name, "%.1f" % float(before), "%.1f" % float(during),
    "%.1f%%" % (100 * (1 - float(during) / float(before))),
    str(w["planted"]), "%.1f" % w["plant_ms"],
    "%.0f" % ((float(t1) - float(t0)) * 1000), str(w["hit"]),
    "%.3f" % w["coverage"], str(w["hit_off_path"]),
    pol("criu-fpu-ins"), pol("criu-cpu"), pol("full"), pol("path"),
    pol("observed")]))
PYEOF
}

cat >"$T/np.py" <<'PYEOF'
import numpy as np
a = np.random.default_rng(1).random((300, 300))
print("ready", flush=True)
while True:
    a = (a @ a.T) / 300.0
    a /= a.max()
    print(float(a[0, 0]), flush=True)
PYEOF
$PY "$T/np.py" >"$T/np.out" 2>&1 &
numpy=$!
pids="$pids $numpy"
wait_ready "$T/np.out"
measure python3+numpy $numpy "rate $T/np.out 5"

port=$((30000 + $$ % 20000))
redis-server --port "$port" --save '' --appendonly no >"$T/redis.log" 2>&1 &
redis=$!
pids="$pids $redis"
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis_rate() { # requests per second of SET and GET, averaged
	redis-benchmark -p "$port" -q -n 100000 -t set,get 2>/dev/null |
		tr '\r' '\n' | awk '/requests per second/ {s += $2; n++} END {print s / n}'
}
measure redis-server $redis redis_rate

query="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT sum(x * x % 7) FROM c;"
(echo "SELECT 'ready';"; while :; do echo "$query"; done) | sqlite3 >"$T/sql.out" 2>&1 &
sleep 0.5
sqlite=$(pgrep -n -x sqlite3)
pids="$pids $sqlite"
wait_ready "$T/sql.out"
measure sqlite3 $sqlite "rate $T/sql.out 5"
kill "$sqlite" 2>/dev/null || true

javac -d "$T" bench/Loop.java
java -cp "$T" Loop >"$T/java.out" 2>&1 &
jvm=$!
pids="$pids $jvm"
wait_ready "$T/java.out"
sleep 2 # let the JIT compile the loop
measure java $jvm "rate $T/java.out 5"

{
	echo "# throughput: output lines/s (numpy, sqlite3, java) or requests/s (redis, SET+GET mean)"
	echo "# policies: compatible AWS instance types / recall against observed (compare --watch 5s)"
	printf 'workload\tunwatched\twatched\tslowdown\tplanted\tplant_ms\tstart_to_planted_ms\thit\tcoverage\thit_off_path\tcriu-fpu-ins\tcriu-cpu\tfull\tpath\tobserved\n'
} | results bench/watch-results.txt "migcheck watch benchmarks"
