#!/bin/sh
# Benchmarks of `migcheck scan` on real workloads: redis-server,
# python3+numpy doing matrix work, a JVM running a JIT-compiled loop, node
# hashing, a Go HTTP server (with and without symbols) under load, and a
# postgres backend serving pgbench.
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
print("%s\t%s\t%s\t%s\t%.1f\t%.2f\t%.1f\t%d\t%d\t%d\t%d" % (
    name, method, cache, run, int(wall) / 1000, r["scan"]["pause_ms"],
    int(rss) / 1024, len(r["isa_sets"]), r["scan"]["instructions"],
    r["scan"]["threads"], len(r["unknowns"])))
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
kill $redis # each workload alone on the CPUs

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
kill $numpy # each workload alone on the CPUs

javac -d "$T" bench/Loop.java
java -cp "$T" Loop >"$T/java.out" 2>&1 &
jvm=$!
pids="$pids $jvm"
wait_ready "$T/java.out"
sleep 2 # let the JIT compile the loop
measure java $jvm
kill $jvm # each workload alone on the CPUs

# node: a CPU-heavy script with crypto, hashing in a loop.
node -e 'const c = require("crypto"); console.log("ready");
setInterval(() => { for (let i = 0; i < 50; i++) c.createHash("sha256").update("x".repeat(1 << 14)).digest("hex"); }, 10);' \
	>"$T/node.out" 2>&1 &
nodejs=$!
pids="$pids $nodejs"
wait_ready "$T/node.out"
sleep 1
measure node $nodejs
kill $nodejs

# A Go HTTP server built here, with and without symbols, under load.
port=$((port + 1))
for variant in go go-stripped; do
	flags=
	[ "$variant" = go-stripped ] && flags=-ldflags=-s
	# shellcheck disable=SC2086
	GOCACHE="$T/gocache" GOPATH="$T/gopath" go build $flags -o "$T/$variant" \
		tests/fixtures/go/server.go
	port=$((port + 1))
	"$T/$variant" $port >"$T/$variant.out" 2>&1 &
	gop=$!
	pids="$pids $gop"
	wait_ready "$T/$variant.out"
	$PY -c 'import sys, time, urllib.request as u
end = time.time() + 600
while time.time() < end: u.urlopen("http://127.0.0.1:%s/x" % sys.argv[1]).read()' $port &
	load=$!
	measure "$variant" $gop
	# one load at a time: two would share the 2 CPUs with the scans
	kill $load $gop
done

# postgres: a backend serving pgbench, as the postgres user.
PG=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
if [ -n "$PG" ] && id postgres >/dev/null 2>&1; then
	mkdir -p "$T/pg" && chown postgres "$T/pg" && chmod 755 "$T"
	runuser -u postgres -- "$PG/initdb" -D "$T/pg/data" >/dev/null
	port=$((port + 1))
	runuser -u postgres -- "$PG/pg_ctl" -D "$T/pg/data" -o "-p $port -k $T/pg" \
		-l "$T/pg/log" -w start >/dev/null
	runuser -u postgres -- pgbench -h "$T/pg" -p $port -i -s 2 postgres >/dev/null 2>&1
	runuser -u postgres -- pgbench -h "$T/pg" -p $port -c 1 -T 600 postgres >/dev/null 2>&1 &
	pids="$pids $!"
	sleep 2
	backend=$(pgrep -u postgres -n -f 'postgres: postgres postgres')
	[ -n "$backend" ] && measure postgres-backend "$backend"
	runuser -u postgres -- "$PG/pg_ctl" -D "$T/pg/data" -m immediate stop >/dev/null 2>&1
fi

{
	printf 'workload\tmethod\tcode_cache\trun\twall_ms\tpause_ms\tpeak_rss_mib\tisa_sets\tinstructions\tthreads\tunknowns\n'
} | results bench/results.txt "migcheck scan benchmarks"
