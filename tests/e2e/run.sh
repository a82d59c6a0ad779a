#!/bin/sh
# End-to-end tests of the migcheck CLI against real catalogs: libvirt's
# cpu_map and the AWS instance data in ../shared/datasets. Prints one line
# per case and "N passed, M failed" at the end.
#
# usage: tests/e2e/run.sh build/migcheck
set -u
MIGCHECK=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

# ---- basics
run "version" 0 --version && expect "version" '^migcheck [0-9]+\.[0-9]+' "$T/out"
for cmd in host catalog check; do
	run "$cmd --help" 0 "$cmd" --help && expect "$cmd --help" "usage: migcheck $cmd" "$T/out"
done
run "unknown command" 2 frobnicate && expect "unknown command" "unknown command" "$T/err"
run "bad option" 2 check --no-such-option && expect "bad option" "see 'migcheck check --help'" "$T/err"

# ---- host
run "host text" 0 host && expect "host text" '^flags \([0-9]+\):' "$T/out"
run "host --json" 0 host --json && cp "$T/out" "$T/host.json" &&
	validate "host --json matches docs/profile.schema.json" docs/profile.schema.json "$T/host.json"
run "host --requirements" 0 host --requirements && cp "$T/out" "$T/host-req.json" &&
	validate "host --requirements matches docs/requirements.schema.json" \
		docs/requirements.schema.json "$T/host-req.json"
validate "example requirements match the schema" docs/requirements.schema.json \
	tests/data/avx2-bmi2.requirements.json
# The JSON's flags agree with /proc/cpuinfo on instruction flags both know.
if $PY - "$T/host.json" <<'PYEOF'
import json, sys
ours = set(json.load(open(sys.argv[1]))["flags"])
kernel = set()
for line in open("/proc/cpuinfo"):
    if line.startswith("flags"):
        kernel = set(line.split(":", 1)[1].split())
        break
# Vector and bit-manipulation instructions: what workloads dispatch on.
checked = [f for f in ("sse4_1 sse4_2 ssse3 pni popcnt aes pclmulqdq avx avx2 "
                       "fma f16c bmi1 bmi2 adx movbe sha_ni avx512f avx512vl "
                       "avx512bw avx512dq avx512cd vaes vpclmulqdq gfni").split()]
bad = [f for f in checked if (f in ours) != (f in kernel)]
print("disagreements:", bad)
sys.exit(1 if bad else 0)
PYEOF
then ok "host --json agrees with /proc/cpuinfo"; else not_ok "host --json agrees with /proc/cpuinfo"; fi

# ---- catalog
if [ -d "$AWS" ]; then
	run "catalog AWS groups" 0 catalog --groups --verbose --catalog "$AWS" &&
		expect "AWS: 383 types in 30 groups" '^383 destinations in 30 groups$' "$T/out" &&
		expect "AWS: warns of out-of-range leaves" 'prerequisite.*AMX_BF16' "$T/err" &&
		expect "AWS: warns of SNP on Intel" 'another vendor.*SNP \(153\)' "$T/err" &&
		expect "AWS: warns of constant columns" '51 ISA sets are 1 on every type and 117 are 0' "$T/err"
	run "catalog AWS json" 0 catalog --json --catalog "$AWS" &&
		expect "catalog --json" '"destination_count":383' "$T/out"
else
	no_dataset "AWS catalog"
fi
if [ -d "$CPU_MAP" ]; then
	run "default catalog" 0 catalog && expect "default catalog lists libvirt models" '^Skylake-Server +libvirt' "$T/out"
	run "one libvirt model" 0 catalog --catalog "$CPU_MAP/x86_EPYC-Milan.xml" &&
		expect "one libvirt model" '^1 destinations' "$T/out"
fi

# ---- check
run "check like-host vs libvirt" 0 check --like-host "$T/host.json" --catalog "$CPU_MAP" &&
	expect "check like-host vs libvirt: summary" '^compatible with [0-9]+ of [0-9]+ destinations \([0-9]+ of [0-9]+ groups\)$' "$T/out" &&
	expect "check like-host vs libvirt: missing counted, families folded" \
		'^incompatible +Westmere +[0-9]+ missing: AVX512\* \([0-9]+ sets\)' "$T/out" &&
	run "check like-host vs libvirt --verbose" 0 check --like-host "$T/host.json" --catalog "$CPU_MAP" \
		--verbose && expect "check --verbose: every missing set named" '^incompatible +Westmere +missing .*AVX2' "$T/out"
if [ -d "$AWS" ]; then
	run "check like-host vs AWS" 0 check --like-host "$T/host.json" --catalog "$AWS" &&
		expect "check like-host vs AWS: per type" '^(in)?compatible +c5\.large ' "$T/out" &&
		expect "check like-host vs AWS: summary" 'of 383 destinations \([0-9]+ of 30 groups\)' "$T/out"
	run "check requirements vs AWS --to c5.large" 0 check tests/data/avx2-bmi2.requirements.json \
		--catalog "$AWS" --to c5.large
	run "check requirements vs AWS --to c3.large" 1 check tests/data/avx2-bmi2.requirements.json \
		--catalog "$AWS" --to c3.large && expect "c3.large lacks AVX2" '^incompatible +c3\.large +5 missing: AVX2, BMI1, BMI2, FMA, LZCNT$' "$T/out"
fi
run "--to compatible" 0 check tests/data/avx2-bmi2.requirements.json --to Skylake-Server
# QEMU's Haswell model has no abm: LZCNT would run as BSR there.
run "--to Haswell: LZCNT missing" 1 check tests/data/avx2-bmi2.requirements.json --to Haswell &&
	expect "--to Haswell: LZCNT missing" '^incompatible +Haswell +1 missing: LZCNT$' "$T/out"
run "--to incompatible" 1 check tests/data/avx2-bmi2.requirements.json --to Westmere
bad_input "--to with a catalog that cannot be read" "/nonexistent-catalog" "cannot open" \
	check tests/data/avx2-bmi2.requirements.json --catalog /nonexistent-catalog --to Haswell
bad_input "--explain unknown destination" "Nehalem-XL" "no destination" \
	check tests/data/avx2-bmi2.requirements.json --explain Nehalem-XL
bad_input "--to unknown destination" "Nehalem-XL" "no destination" \
	check tests/data/avx2-bmi2.requirements.json --to Nehalem-XL
run "check --json" 0 check tests/data/avx2-bmi2.requirements.json --json &&
	expect "check --json" '"summary":' "$T/out"
run "check --groups" 0 check tests/data/avx2-bmi2.requirements.json --groups &&
	expect "check --groups" '^compatible +group [0-9]+' "$T/out"
# CRIU's policies: this host against itself passes every one.
cp "$T/host.json" "$T/dest-dir-host.json"
mkdir "$T/dests" && cp "$T/host.json" "$T/dests/"
for policy in criu-fpu criu-ins criu-fpu-ins criu-cpu workload; do
	run "policy $policy, same host" 0 check --like-host "$T/host.json" --catalog "$T/dests" \
		--policy "$policy" --to "$(hostname)"
done
run "criu policy on libvirt models is unknown" 1 check --like-host "$T/host.json" \
	--policy criu-cpu --to Haswell && expect "criu policy needs raw CPUID" 'raw CPUID' "$T/out"

# ---- scan: a live process
FIXTURE=build/fixtures/avx2_loop
"$FIXTURE" >"$T/fixture.out" 2>&1 &
fixture=$!
sleep 0.3
run "scan fixture" 0 scan "$fixture" --json && cp "$T/out" "$T/scan.json" &&
	validate "scan --json matches docs/requirements.schema.json" docs/requirements.schema.json "$T/scan.json"
if $PY - "$T/scan.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
e = r["evidence"].get("AVX2", {})
ok = ("AVX2" in r["isa_sets"] and e.get("symbol") == "avx2_kernel"
      and e.get("object", "").endswith("avx2_loop") and r["scan"]["pause_ms"] >= 0)
print("AVX2 evidence:", e)
sys.exit(0 if ok else 1)
PYEOF
then ok "scan finds AVX2 in avx2_kernel with evidence"; else not_ok "scan finds AVX2 in avx2_kernel with evidence"; fi
lines_before=$(wc -l <"$T/fixture.out")
sleep 0.4
state=$(awk '/^State:/ {print $2}' /proc/$fixture/status 2>/dev/null)
lines_after=$(wc -l <"$T/fixture.out")
if [ "$state" != "T" ] && [ "$state" != "t" ] && [ "$lines_after" -gt "$lines_before" ]; then
	ok "the fixture keeps running after the scan"
else
	not_ok "the fixture keeps running after the scan" "state $state, output $lines_before -> $lines_after lines"
fi
run "scan text" 0 scan "$fixture" && expect "scan text names the symbol" '^  AVX2 +vpmulld +avx2_loop\+0x[0-9a-f]+ \(avx2_kernel\)$' "$T/out"
run "scan --verbose" 0 scan "$fixture" --verbose &&
	expect "scan --verbose: address, path and chain" '^  AVX2 +vpmulld at 0x[0-9a-f]+ .*avx2_loop\+0x[0-9a-f]+ \(avx2_kernel\)$' "$T/out" &&
	expect "scan --verbose: the chain" '^      via ' "$T/out"
run "check PID" 0 check "$fixture" --catalog "$CPU_MAP" &&
	expect "check PID: Westmere lacks AVX2" '^incompatible +Westmere +[0-9]+ missing: .*AVX2' "$T/out" &&
	expect "check PID: the host-level number beside" \
		'^compatible with [0-9]+ of [0-9]+ destinations .*; host-level check: [0-9]+ of [0-9]+$' "$T/out"
run "check PID --explain Westmere" 0 check "$fixture" --catalog "$CPU_MAP" --explain Westmere &&
	expect "--explain: the instruction that needs AVX2" '^  AVX2 +vpmulld +avx2_loop\+0x[0-9a-f]+ \(avx2_kernel\)$' "$T/out"
# Another user may not look into root's process.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$MIGCHECK" scan "$fixture" \
		>"$T/out" 2>"$T/err"
	status=$?
	if [ "$status" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
		grep -Eq "process $fixture: (cannot read|may not trace).*\(it belongs to uid 0: run migcheck as that user or as root\)" "$T/err"; then
		ok "scan a process we may not trace: says why, and what to do"
	else
		not_ok "scan a process we may not trace" "status $status" "$(cat "$T/err")"
	fi
else
	skip "scan a process we may not trace" "needs root and setpriv to become another user"
fi
# ---- first contact: answers fit a terminal (120 columns at most without
# --verbose), progress only on a terminal, an example in every --help
widest() { cat "$@" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }
fits() { # NAME ARGS...: stdout and stderr lines of at most 120 columns
	name=$1
	shift
	"$MIGCHECK" "$@" >"$T/w.out" 2>"$T/w.err"
	width=$(widest "$T/w.out" "$T/w.err")
	if [ "$width" -le 120 ] && [ -s "$T/w.out" ]; then
		ok "$name: lines of at most 120 columns ($width)"
	else
		not_ok "$name: lines of at most 120 columns ($width)" "$(awk 'length($0) > 120' "$T/w.out" "$T/w.err" | head -3)"
	fi
}
fits "check like-host vs libvirt" check --like-host "$T/host.json" --catalog "$CPU_MAP"
fits "check like-host, criu-cpu" check --like-host "$T/host.json" --policy criu-cpu
fits "check PID" check "$fixture" --explain Westmere
fits "check --groups" check tests/data/avx2-bmi2.requirements.json --groups
fits "scan PID" scan "$fixture"
fits "compare PID" compare "$fixture"
if [ -d "$AWS" ]; then
	fits "check like-host vs AWS --groups" check --like-host "$T/host.json" --catalog "$AWS" --groups
	fits "catalog AWS --groups" catalog --groups --catalog "$AWS"
fi
"$MIGCHECK" check --like-host "$T/host.json" --catalog "$CPU_MAP" --verbose >"$T/w.out" 2>&1
if [ "$(widest "$T/w.out")" -gt 120 ]; then
	ok "check --verbose: the whole lists"
else
	not_ok "check --verbose: the whole lists" "no line longer than 120 columns"
fi
# A watch counts down for a second and a half: on a terminal (script(1)
# gives it one) the countdown shows; with stderr a file, nothing.
if command -v script >/dev/null; then
	script -qfec "$MIGCHECK watch $fixture --for 1500ms >/dev/null" "$T/typescript" >/dev/null 2>&1
	if grep -q 'migcheck: watching' "$T/typescript"; then
		ok "progress on a terminal"
	else
		not_ok "progress on a terminal" "$(cat -v "$T/typescript" | head -5)"
	fi
else
	skip "progress on a terminal" "script(1) from util-linux is missing"
fi
"$MIGCHECK" watch "$fixture" --for 1500ms >"$T/out" 2>"$T/err"
if [ ! -s "$T/err" ] && grep -q '^watched:' "$T/out"; then
	ok "no progress when stderr is a file"
else
	not_ok "no progress when stderr is a file" "$(cat -v "$T/err" | head -3)"
fi
for cmd in host catalog scan check watch compare; do
	run "$cmd --help" 0 "$cmd" --help && expect "$cmd --help has an example" '^examples?:$' "$T/out"
done

kill "$fixture"
wait "$fixture" 2>/dev/null

bad_input "scan a PID that does not exist" "process 2147483647" "no such process" scan 2147483647
bad_input "scan a kernel thread" "process 2" "kernel thread" scan 2
sh -c 'sleep 0.1 & exec sleep 3' &
parent=$!
sleep 0.4
zombie=$(ps -o pid=,stat= --ppid "$parent" | awk '$2 ~ /Z/ {print $1; exit}')
if [ -n "$zombie" ]; then
	bad_input "scan a zombie" "process $zombie" "zombie" scan "$zombie"
else
	skip "scan a zombie" "could not make one"
fi
kill "$parent" 2>/dev/null
bad_input "scan: not a PID" "give one PID" "PID" scan 12abc

# ---- make demo: the main job on a real workload, with both numbers, and
# no process left behind, also when stopped half-way
if scripts/demo.sh "$MIGCHECK" >"$T/demo.out" 2>"$T/demo.err"; then
	service=$(sed -n 's/^The workload: process \([0-9]*\),.*/\1/p' "$T/demo.out")
	if grep -Eq '^  host-level check .* [0-9]+ of [0-9]+$' "$T/demo.out" &&
		grep -Eq '^  migcheck, .* [0-9]+ of [0-9]+$' "$T/demo.out" &&
		grep -q '^Why not ' "$T/demo.out"; then
		ok "demo: host-level and migcheck numbers side by side, and why one is refused"
	else
		not_ok "demo: host-level and migcheck numbers side by side" "$(cat "$T/demo.out")"
	fi
	if [ -n "$service" ] && ! kill -0 "$service" 2>/dev/null; then
		ok "demo: its workload is gone"
	else
		not_ok "demo: its workload is gone" "process '$service'"
	fi
else
	not_ok "demo runs" "$(cat "$T/demo.err")"
fi
scripts/demo.sh "$MIGCHECK" >"$T/demo2.out" 2>&1 &
demo=$!
for _ in $(seq 100); do
	grep -q '^The workload' "$T/demo2.out" 2>/dev/null && break
	sleep 0.02
done
kill -TERM "$demo" 2>/dev/null
wait "$demo" 2>/dev/null
service=$(sed -n 's/^The workload: process \([0-9]*\),.*/\1/p' "$T/demo2.out")
sleep 0.2
if [ -n "$service" ] && ! kill -0 "$service" 2>/dev/null; then
	ok "demo stopped half-way: its workload is gone"
else
	not_ok "demo stopped half-way: its workload is gone" "process '$service'"
fi

# ---- bad input: one line naming the input, exit status 2
printf '{ "schema": "migcheck/profile/v1",\n  "name": \n' >"$T/broken.json"
bad_input "malformed JSON" "broken.json:3:1" "JSON error" check --like-host "$T/broken.json"
bad_input "unreadable file" "/nonexistent.json" "cannot open" check /nonexistent.json
printf 'AVX,AVX2,SSE3\n1,1\n' >"$T/short.csv"
bad_input "CSV with too few columns" "short.csv:2" "2 columns, but the header has 3" catalog --catalog "$T/short.csv"
printf 'AVX,AVX9000\n1,1\n' >"$T/unknown.csv"
bad_input "unknown ISA-set name" "unknown.csv:1:5" "AVX9000" catalog --catalog "$T/unknown.csv"
printf '{"schema":"migcheck/requirements/v1","isa_sets":["AVX2"],"flags":["avx3"]}' >"$T/flag.json"
bad_input "unknown flag name" "flag.json" "flags\[0\]: unknown name 'avx3'" check "$T/flag.json"
mkdir "$T/empty"
bad_input "empty catalog" "empty" "no destinations" catalog --catalog "$T/empty"
printf '{"schema":"migcheck/profile/v1","name":"pi","arch":"aarch64","flags":[]}' >"$T/arm.json"
bad_input "profile of another architecture" "arm.json" "aarch64" check --like-host "$T/arm.json"
[ -f "$CPU_MAP/arm_cortex-a72.xml" ] &&
	bad_input "libvirt model of another architecture" "arm_cortex-a72.xml" "x86" catalog --catalog "$CPU_MAP/arm_cortex-a72.xml"
head -c 3000 /dev/urandom >"$T/garbage.csv"
bad_input "garbage bytes as CSV" "garbage.csv" "." catalog --catalog "$T/garbage.csv"

summary "e2e (CLI)"
