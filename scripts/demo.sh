#!/bin/sh
# make demo: migcheck's main job on a real workload. A python3 service
# (zlib and json in a loop) runs here; migcheck scans it and judges it
# against libvirt's x86 CPU models, beside today's host-level check of
# this host, then shows why one destination is refused. The service is
# stopped on every way out, Ctrl-C included.
#
# usage: scripts/demo.sh [build/migcheck]
set -eu
MIGCHECK=${1:-build/migcheck}
PY=/usr/bin/python3
T=$(mktemp -d)
pid=
cleanup() {
	status=$?
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$T"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

$PY -c '
import json, sys, time, zlib
data = json.dumps({"k%d" % i: list(range(i % 50)) for i in range(2000)})
print("ready", flush=True)
while True:
    for _ in range(20):
        json.loads(zlib.decompress(zlib.compress(data.encode())))
    time.sleep(0.01)
' >"$T/service.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -q ready "$T/service.out" 2>/dev/null && break
	sleep 0.05
done

echo "The workload: process $pid, a python3 service (zlib and json in a loop)."
echo "The question: to which of libvirt's CPU models can it live-migrate?"
echo
echo "\$ migcheck check $pid"
"$MIGCHECK" check "$pid" 2>/dev/null | tee "$T/check.txt"

# the refused destination with the fewest missing features
"$MIGCHECK" check "$pid" --json >"$T/verdicts.json" 2>/dev/null
"$MIGCHECK" host --json >"$T/host.json"
"$MIGCHECK" check --like-host "$T/host.json" --json >"$T/host-level.json" 2>/dev/null
$PY - "$T/verdicts.json" "$T/host-level.json" >"$T/summary" <<'EOF'
import json, sys
v, h = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
refused = [d for d in v["destinations"] if d["verdict"] == "incompatible"]
refused.sort(key=lambda d: (len(d["missing"]["isa_sets"]), d["name"]))
print(refused[0]["name"] if refused else "")
print("%d %d %d" % (h["summary"]["compatible"], v["summary"]["compatible"],
                    v["summary"]["destinations"]))
EOF
name=$(sed -n 1p "$T/summary")
set -- $(sed -n 2p "$T/summary")
echo
echo "Side by side, over the same $3 CPU models:"
printf '  %-72s %3s of %s\n' \
	"host-level check (every feature of this host, as CRIU and libvirt do):" "$1" "$3" \
	"migcheck, for what this workload can still execute:" "$2" "$3"
if [ -n "$name" ]; then
	echo
	echo "Why not $name? Each missing feature, with an instruction that needs it:"
	echo "\$ migcheck check $pid --explain $name"
	"$MIGCHECK" check "$pid" --explain "$name" 2>/dev/null | sed -n '/^$/,$p' | sed 1d
fi
echo
echo "The service (process $pid) is stopped now. Next: 'migcheck scan PID' for"
echo "the evidence of every ISA set, 'migcheck compare PID --watch 30s' for every"
echo "policy side by side, README.md for the rest."
