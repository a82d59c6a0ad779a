#!/bin/sh
# End-to-end tests of `migcheck watch` and `migcheck compare`: a fixture
# whose features run only after attach (in main, a late thread and late
# JIT code); signals, group stops and SIGTERM to migcheck; real Debian
# programs whose output must not change; compare on redis and numpy.
#
# usage: tests/e2e/watch.sh build/migcheck
set -u
MIGCHECK=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
F=build/fixtures

# intact NAME PID: no byte of its executable file mappings differs from
# the files (no int3 left behind).
intact() {
	if $PY tests/e2e/code_intact.py "$2" >"$T/intact" 2>&1; then
		ok "$1"
	else
		not_ok "$1" "$(cat "$T/intact")"
	fi
}

# observed NAME FILE ARGS...: tests/e2e/observed.py on a watch report.
observed() {
	name=$1 file=$2
	shift 2
	if $PY tests/e2e/observed.py "$file" "$@" >"$T/obs" 2>&1; then
		ok "$name ($(head -1 "$T/obs"))"
	else
		not_ok "$name" "$(cat "$T/obs")"
	fi
}

# watch_bg PID ARGS...: starts migcheck watch in the background, output in
# $T/watch.json and $T/watch.err; its PID in $wp.
watch_bg() {
	"$MIGCHECK" watch "$@" --json >"$T/watch.json" 2>"$T/watch.err" &
	wp=$!
}

# wait_watch NAME: waits for the background watch; it must exit 0.
wait_watch() {
	wait "$wp"
	st=$?
	if [ "$st" -eq 0 ]; then ok "$1: watch exits 0"; else
		not_ok "$1: watch exits 0" "status $st" "$(cat "$T/watch.err")"
		return 1
	fi
}

# planted PID: waits until an int3 shows in its code (watch has planted).
planted() { $PY tests/e2e/code_intact.py --wait-planted "$1"; }

echo "== the fixture: features that run only after attach"
if start_fixture "$F/watch_phases"; then
	watch_bg "$fx" --for 4s
	if planted "$fx"; then
		ok "watch_phases: int3s are in its code while watched"
	else
		not_ok "watch_phases: int3s are in its code while watched" "no byte differs"
	fi
	kill -USR1 "$fx"
	if wait_watch watch_phases; then
		observed "watch_phases: AVX2 in main, GFNI in a late thread, AVX2GATHER in late JIT code, no BMI2, all on path" \
			"$T/watch.json" --in watch_phases AVX2 --in watch_phases GFNI \
			--in '[anonymous]' AVX2GATHER --not-in watch_phases BMI2 --ended duration --on-path
		validate "watch_phases: the report follows the requirements schema" \
			docs/requirements.schema.json "$T/watch.json"
		# the same report through check: observed requirements are input
		run "watch_phases: check reads the observed requirements" 0 \
			check "$T/watch.json" --catalog "$CPU_MAP" &&
			expect "watch_phases: check reads the observed requirements" \
				'^compatible with [0-9]+ of' "$T/out"
	fi
	expect "watch_phases: SIGUSR1 reached it while watched" '^got signal' "$T/fx.out"
	if still_running "$fx" "$T/fx.out"; then ok "watch_phases: runs on after the watch"; else
		not_ok "watch_phases: runs on after the watch" "$(tail -3 "$T/fx.out")"
	fi
	intact "watch_phases: no int3 left in its code" "$fx"
	# 43: the JIT code ran and its bytes are still the ones written
	expect "watch_phases: its JIT code ran unchanged" '^[0-9]+ 43$' "$T/fx.out"
	stop_fixture
else
	not_ok "watch_phases" "the fixture did not start"
fi

echo "== SIGTERM to migcheck, a group stop, the target exiting"
if start_fixture "$F/watch_phases"; then
	watch_bg "$fx" --for 60s
	planted "$fx"
	kill -STOP "$fx"
	sleep 0.3
	# "t" (tracing stop) is how a traced process in a group stop shows
	lines=$(wc -l <"$T/fx.out")
	sleep 0.5
	state=$(awk '/^State:/ {print $2}' "/proc/$fx/status")
	if [ "$state" = T ] || [ "$state" = t ] && [ "$(wc -l <"$T/fx.out")" -eq "$lines" ]; then
		ok "group stop: SIGSTOP stops the watched process (state $state)"
	else
		not_ok "group stop: SIGSTOP stops the watched process" "state $state" "$(tail -2 "$T/fx.out")"
	fi
	kill -CONT "$fx"
	if still_running "$fx" "$T/fx.out"; then ok "group stop: SIGCONT resumes it"; else
		not_ok "group stop: SIGCONT resumes it" "$(tail -3 "$T/fx.out")"
	fi
	kill -TERM "$wp"
	if wait_watch "SIGTERM"; then
		observed "SIGTERM: a report for the time observed" "$T/watch.json" --ended stopped
	fi
	intact "SIGTERM: no int3 left in its code" "$fx"
	if still_running "$fx" "$T/fx.out"; then ok "SIGTERM: the target runs on"; else
		not_ok "SIGTERM: the target runs on" "$(tail -3 "$T/fx.out")"
	fi
	watch_bg "$fx" --for 60s
	planted "$fx"
	stop_fixture
	if wait_watch "target exits"; then
		observed "target exits: a report that says so" "$T/watch.json" --ended exited
	fi
else
	not_ok "signals" "the fixture did not start"
fi

echo "== compare: a soundness failure is loud"
# Code that appears after the scans (JIT code written once signalled) is
# beyond what path saw: against a destination that has everything this
# host has but AVX2GATHER, path allows and the observation refuses.
"$MIGCHECK" host --json >"$T/host.json"
mkdir -p "$T/nogather"
$PY -c 'import json,sys
sets = [s for s in json.load(open(sys.argv[1]))["isa_sets"] if s != "AVX2GATHER"]
print(",".join(sets + ["AVX2GATHER"]))
print(",".join(["1"] * len(sets) + ["0"]))' "$T/host.json" >"$T/nogather/no-gather.csv"
if start_fixture "$F/watch_phases"; then
	( planted "$fx"; kill -USR1 "$fx" ) & # once the watch holds it
	if run "compare: path allowed what ran later" 1 compare "$fx" --catalog "$T/nogather" --watch 5s; then
		expect "compare: the failure names the destination and the instruction" \
			'^SOUNDNESS FAILURE: path allows no-gather, .*AVX2GATHER' "$T/out"
		expect "compare: the evidence is the JIT gather" 'vpgatherdd at 0x[0-9a-f]+ \[anonymous\]' "$T/out"
		expect "compare: stderr says it too" 'SOUNDNESS FAILURE' "$T/err"
	fi
	stop_fixture
fi

echo "== bad input"
bad_input "watch: a PID that does not exist" "process 999999999" "no such process" watch 999999999 --for 1s
bad_input "watch: a kernel thread" "process 2" "kernel thread" watch 2 --for 1s
bad_input "compare: a PID that does not exist" "process 999999999" "no such process" compare 999999999
run "watch: no duration" 2 watch 1 && expect "watch: no duration" "give --for DURATION" "$T/err"
run "watch: a bad duration" 2 watch 1 --for 5parsecs && expect "watch: a bad duration" "bad duration '5parsecs'" "$T/err"
# a zombie: a child that exited and that its parent has not reaped
$PY -c 'import os,time
pid = os.fork()
if pid == 0: os._exit(0)
print(pid, flush=True); time.sleep(30)' >"$T/zombie" &
zp=$!
for _ in $(seq 50); do [ -s "$T/zombie" ] && break; sleep 0.05; done
zombie=$(cat "$T/zombie")
sleep 0.2
bad_input "watch: a zombie" "process $zombie" "zombie" watch "$zombie" --for 1s
kill "$zp" 2>/dev/null

echo "== real programs: output unchanged while watched"
# xz -9 of a generated file, compared with an unwatched run
$PY -c 'import random
r = random.Random(7)
words = [bytes(r.choice(b"abcdefghij") for _ in range(r.randint(2, 9))) for _ in range(5000)]
with open("'"$T"'/input", "wb") as f:
    for _ in range(1200000): f.write(r.choice(words) + b" ")'
xz -9 -T1 -c "$T/input" >"$T/ref.xz"
xz -9 -T1 -c "$T/input" >"$T/watched.xz" &
xp=$!
watch_bg "$xp" --for 120s
wait "$xp"
if wait_watch "xz -9"; then
	same_output "xz -9: output identical to an unwatched run" "$T/ref.xz" "$T/watched.xz"
	observed "xz -9: observed until it exited, all on path" "$T/watch.json" --ended exited --min-hit 1 --on-path
fi

# python3: hashlib (OpenSSL) and zlib in a loop, forking children too
cat >"$T/hz.py" <<'EOF'
import hashlib, os, sys, time, zlib
print("ready", flush=True)
for i in range(30):
    data = (b"migcheck %d " % i) * 20000
    line = "%d %s %s %08x" % (i, hashlib.sha256(data).hexdigest()[:16],
                              hashlib.md5(data).hexdigest()[:8],
                              zlib.crc32(zlib.compress(data, 9)))
    if i % 10 == 0:
        child = os.fork()
        if child == 0:
            os._exit(zlib.crc32(data) % 100)
        line += " child %d" % os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    print(line, flush=True)
    time.sleep(0.1)
EOF
$PY "$T/hz.py" >"$T/ref.out"
$PY "$T/hz.py" >"$T/hz.out" &
hp=$!
for _ in $(seq 100); do grep -q ready "$T/hz.out" && break; sleep 0.05; done
watch_bg "$hp" --for 60s
wait "$hp"
if wait_watch "python3 hashlib/zlib"; then
	same_output "python3 hashlib/zlib, forks included: output identical to an unwatched run" \
		"$T/ref.out" "$T/hz.out"
	observed "python3 hashlib/zlib: observed until it exited, all on path" "$T/watch.json" --ended exited --min-hit 1 --on-path
fi

# speed_case NAME ARGS...: `openssl speed ARGS` watched; its figures vary,
# its lines and exit status must not.
strip_figures() { sed -E 's/[0-9]+(\.[0-9]+)?k?s?/N/g; s/ +/ /g' "$1" | sort -u; }
speed_case() {
	name=$1
	shift
	openssl speed "$@" >"$T/ref.speed" 2>&1
	openssl speed "$@" >"$T/speed" 2>&1 &
	sp=$!
	watch_bg "$sp" --for 60s
	wait "$sp"
	sst=$?
	wait_watch "$name" || return 1
	if [ "$sst" -eq 0 ] && [ "$(strip_figures "$T/ref.speed")" = "$(strip_figures "$T/speed")" ]; then
		ok "$name: same report, exit 0"
	else
		not_ok "$name: same report, exit 0" "status $sst" "$(tail -3 "$T/speed")"
	fi
}
speed_case "openssl speed sha256" -seconds 1 sha256 &&
	observed "openssl speed sha256: SHA executed, all on path" "$T/watch.json" --has SHA --on-path
speed_case "openssl speed aes-128-gcm" -seconds 1 -evp aes-128-gcm &&
	observed "openssl speed aes-128-gcm: an AES set executed, all on path" "$T/watch.json" \
		--has-any AES,VAES,AVX512_VAES_256,AVX512_VAES_512 --on-path

echo "== compare: path must allow nothing the observation refuses"
# compare_case NAME PID: compare --watch on the AWS data (or libvirt's
# models without it); no soundness failure, every policy reported.
compare_case() {
	catalog=$AWS
	[ -d "$AWS" ] || catalog=$CPU_MAP
	if run "$1: compare --watch" 0 compare "$2" --catalog "$catalog" --watch 4s; then
		expect "$1: compare prints the per-group table" '^ +1 +[0-9]+ +(yes|no|some|\?) ' "$T/out"
		expect "$1: compare prints each policy's recall" '^observed +[0-9]+ of [0-9]+ .* 1\.00$' "$T/out"
	fi
	if run "$1: compare --json" 0 compare "$2" --catalog "$catalog" --watch 2s --json &&
		$PY -c 'import json,sys
d = json.load(open(sys.argv[1]))
p = d["policies"]
assert set(p) == {"criu-fpu-ins", "criu-cpu", "full", "path", "observed"}, p.keys()
assert not d["soundness_failures"], d["soundness_failures"]
obs = set(p["observed"]["destinations"])
assert set(p["path"]["destinations"]) <= obs and set(p["full"]["destinations"]) <= obs
print(" ".join("%s=%d" % (k, v["compatible"]) for k, v in p.items()))' "$T/out" >"$T/cj" 2>&1; then
		ok "$1: compare --json: five policies, path and full within observed ($(cat "$T/cj"))"
	else
		not_ok "$1: compare --json" "$(tail -3 "$T/cj")"
	fi
}
port=$((20000 + $$ % 20000))
redis-server --port "$port" --save '' --appendonly no >"$T/redis.log" 2>&1 &
rp=$!
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
(for _ in $(seq 20); do redis-benchmark -p "$port" -q -n 20000 -t set,get,incr,lpush >/dev/null 2>&1; done) &
bp=$!
compare_case redis-server "$rp"
kill "$bp" 2>/dev/null
pkill -f "redis-benchmark -p $port" 2>/dev/null
redis-cli -p "$port" set k v >/dev/null && [ "$(redis-cli -p "$port" get k)" = v ] &&
	ok "redis-server: answers after compare --watch" ||
	not_ok "redis-server: answers after compare --watch"
intact "redis-server: no int3 left in its code" "$rp"
kill "$rp"
wait "$rp" 2>/dev/null

cat >"$T/np.py" <<'EOF'
import numpy as np
print("ready", flush=True)
a = np.arange(250000, dtype=np.float64).reshape(500, 500) / 1e5
for i in range(1000000):
    b = a @ a.T + i
    print(i, round(float(b.trace()), 3), flush=True)
EOF
/usr/bin/python3 "$T/np.py" >"$T/np.out" 2>&1 &
np_pid=$!
for _ in $(seq 200); do grep -q ready "$T/np.out" && break; sleep 0.05; done
compare_case "python3+numpy" "$np_pid"
intact "python3+numpy: no int3 left in its code" "$np_pid"
kill "$np_pid"
wait "$np_pid" 2>/dev/null
if /usr/bin/python3 - "$T/np.out" >"$T/np.count" <<'EOF'
import sys
import numpy as np
a = np.arange(250000, dtype=np.float64).reshape(500, 500) / 1e5
lines = [l for l in open(sys.argv[1]) if l[0].isdigit()][:-1]
for l in lines:
    i, v = l.split()
    assert round(float((a @ a.T + int(i)).trace()), 3) == float(v), l
print(len(lines))
EOF
then ok "python3+numpy: every result while watched ($(cat "$T/np.count")) matches a fresh computation"; else
	not_ok "python3+numpy: every result while watched matches a fresh computation"
fi

summary watch.sh
