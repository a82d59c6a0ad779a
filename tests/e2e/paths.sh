#!/bin/sh
# End-to-end tests of the path method: fixtures that put one marker ISA
# set where only one kind of root or edge reaches it (soundness), or where
# nothing can reach it any more (precision); real Debian programs; and
# processes that end or cannot be analysed.
#
# usage: tests/e2e/paths.sh build/migcheck
set -u
MIGCHECK=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
F=build/fixtures

# scan_both NAME: path and full scans of $fx into $T/path.json, $T/full.json
scan_both() {
	run "$1: path scan" 0 scan "$fx" --json && cp "$T/out" "$T/path.json" &&
		run "$1: full scan" 0 scan "$fx" --method full --json &&
		cp "$T/out" "$T/full.json"
}

# compare_scans NAME [--strict]: $T/path.json against $T/full.json
compare_scans() {
	what="$1: path is a ${2:+strict }subset of full"
	if $PY tests/e2e/compare_sets.py "$T/path.json" "$T/full.json" ${2:-} >"$T/cmp" 2>&1; then
		ok "$what ($(head -1 "$T/cmp"))"
	else
		not_ok "$what" "$(cat "$T/cmp")"
	fi
}

# fixture_case NAME FLAGS-FOR-compare_sets -- COMMAND...
fixture_case() {
	case_name=$1
	shift
	flags=
	while [ "$1" != -- ]; do flags="$flags $1"; shift; done
	shift
	rm -f "$T/trigger"
	if ! start_fixture "$@"; then
		not_ok "$case_name" "the fixture did not start" "$(cat "$T/fx.out")"
		stop_fixture
		return 1
	fi
	if scan_both "$case_name"; then
		# shellcheck disable=SC2086
		if $PY tests/e2e/compare_sets.py "$T/path.json" "$T/full.json" $flags \
			>"$T/cmp" 2>&1; then
			ok "$case_name"
		else
			not_ok "$case_name" "$(cat "$T/cmp")"
		fi
	fi
	return 0
}

# cache_scan NAME DIR OUT: a path scan of $fx with code cache DIR ("" for
# none) into OUT.
cache_scan() {
	MIGCHECK_CACHE_DIR=$2 run "$1" 0 scan "$fx" --json && cp "$T/out" "$3"
}

# ---- the code cache gives the very same result as decoding. sleep(1) is
# the target: blocked in one system call, nothing in it changes between
# scans.
sleep 1000 &
fx=$!
for _ in $(seq 100); do
	[ "$(readlink -f "/proc/$fx/exe")" = "$(readlink -f "$(command -v sleep)")" ] && break
	sleep 0.05
done
sleep 0.2
if [ -d "/proc/$fx" ]; then
	C=$T/code-cache
	if cache_scan "code cache: a scan that writes it" "$C" "$T/cold.json" &&
		cache_scan "code cache: a scan that reads it" "$C" "$T/warm.json" &&
		cache_scan "code cache: a scan without it" "" "$T/none.json"; then
		if $PY tests/e2e/cache_check.py "$T/cold.json" "$T/warm.json" "$T/none.json" >"$T/cc" 2>&1; then
			ok "code cache: written, read back whole, same result as without ($(cat "$T/cc"))"
		else
			not_ok "code cache: written, read back whole, same result as without" "$(cat "$T/cc")"
		fi
		# Damaged entries (a flipped byte, a cut) and an entry others may
		# write are not read: decoded again, and the result is the same;
		# so for ELF entries.
		set -- "$C"/*.code
		$PY -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(200); b=f.read(1); f.seek(200); f.write(bytes([b[0]^1]))' "$1"
		head -c 100 "$2" >"$T/cut" && cat "$T/cut" >"$2"
		chmod go+w "$3"
		set -- "$C"/*.elf
		$PY -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(300); b=f.read(1); f.seek(300); f.write(bytes([b[0]^1]))' "$1"
		chmod go+w "$2"
		if cache_scan "code cache: damaged entries" "$C" "$T/damaged.json"; then
			if $PY tests/e2e/cache_check.py "$T/cold.json" "$T/damaged.json" "$T/none.json" --unread 3 --unread-elf 2 >"$T/cc" 2>&1; then
				ok "code cache: damaged and foreign entries are decoded again ($(cat "$T/cc"))"
			else
				not_ok "code cache: damaged and foreign entries are decoded again" "$(cat "$T/cc")"
			fi
		fi
	fi
else
	not_ok "code cache" "sleep did not start"
fi
stop_fixture

# ---- soundness: each marker is reached only one way
fixture_case "function pointer (AES)" --has AES -- $F/fnptr
stop_fixture
fixture_case "C++ virtual call (SHA)" --has SHA -- $F/virtual
stop_fixture
fixture_case "qsort comparator (F16C)" --has F16C -- $F/qsort_cmp
stop_fixture
fixture_case "switch jump table (RDRAND)" --has RDRAND -- $F/switch_table
stop_fixture
fixture_case "dlopen'd plugin (VPCLMULQDQ)" --has VPCLMULQDQ -- \
	$F/dlopen_plugin "$PWD/$F/libplugin.so"
stop_fixture
fixture_case "JIT code (AVX2GATHER)" --has AVX2GATHER -- $F/jit_avx2
stop_fixture
fixture_case "exception landing pad (ADOX_ADCX)" --has ADOX_ADCX \
	--via ADOX_ADCX "entered by the unwinder" -- env FIXTURE_THROW=1 $F/landing_pad
stop_fixture

fixture_case "thread started after the scan (GFNI)" --has GFNI -- \
	$F/late_thread "$T/trigger"
touch "$T/trigger"
sleep 0.3
if grep -q ' 1$' "$T/fx.out" && still_running "$fx" "$T/fx.out"; then
	ok "the late thread started and the process runs on"
else
	not_ok "the late thread started and the process runs on" "$(tail -3 "$T/fx.out")"
fi
stop_fixture

for bind in lazy now; do
	if [ $bind = now ]; then export LD_BIND_NOW=1; else unset LD_BIND_NOW; fi
	fixture_case "ifunc, unbound slot, LD_BIND_NOW=${LD_BIND_NOW:-unset} (AVX512_BITALG_512)" \
		--has AVX512_BITALG_512 -- $F/ifunc_user "$T/trigger"
	# Unbound, the slot is bound by name; bound, its value is followed.
	if [ $bind = lazy ]; then how='lazy binding of ifunc_kernel'; else how='through the GOT slot'; fi
	expect "ifunc ($bind binding): reached by $how" "^AVX512_BITALG_512: .*$how" "$T/cmp"
	touch "$T/trigger"
	# After the trigger each line is "round round+2": the variant the
	# resolver picked (AVX512_BITALG) ran.
	if still_running "$fx" "$T/fx.out" && tail -1 "$T/fx.out" | awk '{exit !($2 == $1 + 2)}'; then
		ok "ifunc ($bind binding): the process calls it after the scan"
	else
		not_ok "ifunc ($bind binding): the process calls it after the scan" "$(tail -3 "$T/fx.out")"
	fi
	stop_fixture
done
unset LD_BIND_NOW

fixture_case "signal handler (ADOX_ADCX)" --has ADOX_ADCX -- $F/signal_handler
kill -USR1 "$fx"
sleep 0.3
if still_running "$fx" "$T/fx.out" && ! tail -1 "$T/fx.out" | grep -q ' 0$'; then
	ok "the handler runs after the scan"
else
	not_ok "the handler runs after the scan" "$(tail -3 "$T/fx.out")"
fi
stop_fixture

fixture_case "atexit handler, mangled pointer (CLWB)" --has CLWB -- \
	$F/atexit_handler "$T/trigger"
touch "$T/trigger"
wait "$fx"
status=$?
if [ $status -eq 0 ] && grep -q 'exit handler ran' "$T/fx.out"; then
	ok "the atexit handler runs at exit"
else
	not_ok "the atexit handler runs at exit" "status $status" "$(tail -3 "$T/fx.out")"
fi

# An instruction newer than Zydis on a path: an unknown that names it, and
# every verdict unknown.
# Known to migcheck though not to Zydis: named sets, dropped here (this
# host has neither), and no unknown.
if start_fixture $F/known_opcode; then
	for method in path full; do
		run "known opcodes Zydis lacks, $method: scan" 0 scan "$fx" --method $method --json &&
			$PY - "$T/out" <<'PYEOF' >"$T/cmp" 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
dropped = set(r["scan"]["not_usable_on_source_host"])
problems = [u for u in r["unknowns"]]
problems += [s for s in ("PADLOCK_PHE2", "ZHAOXIN_GMI_CCS")
             if s not in dropped and s not in r["isa_sets"]]
print("unknowns %d; dropped as not on this host: %s" % (len(r["unknowns"]),
      " ".join(sorted(dropped))))
sys.exit(1 if problems else 0)
PYEOF
		if [ $? -eq 0 ]; then ok "known opcodes Zydis lacks, $method: named, no unknown ($(cat "$T/cmp"))"; else
			not_ok "known opcodes Zydis lacks, $method: named, no unknown" "$(cat "$T/cmp")"
		fi
	done
else
	not_ok "known opcodes Zydis lacks" "the fixture did not start" "$(cat "$T/fx.out")"
fi
stop_fixture

if start_fixture $F/undecodable; then
	run "undecodable instruction on a path: scan" 0 scan "$fx" --json &&
		if $PY - "$T/out" >"$T/cmp" 2>&1 <<'PYEOF'; then
import json, sys
r = json.load(open(sys.argv[1]))
u = [x for x in r["unknowns"] if x["kind"] == "undecodable"]
assert any("vnni_int16" in x["detail"] for x in u), r["unknowns"]
PYEOF
			ok "undecodable instruction on a path: an unknown names it"
		else
			not_ok "undecodable instruction on a path: an unknown names it" "$(cat "$T/cmp")"
		fi
	run "undecodable instruction on a path: check" 0 check "$fx" &&
		expect "undecodable instruction on a path: no destination is compatible" \
			'^compatible with 0 of ' "$T/out"
else
	not_ok "undecodable instruction on a path" "the fixture did not start" "$(cat "$T/fx.out")"
fi
stop_fixture

# ---- precision: code nothing can reach any more
fixture_case "set-up code run before the loop (AVX_VNNI)" --lacks AVX_VNNI -- $F/before_loop
stop_fixture
fixture_case "data in .text: a table lea'd by code, bytes after a call that does not return (GFNI, SHA)" \
	--lacks GFNI --lacks SHA -- $F/data_in_text
stop_fixture
# Numbers and data in code: a constant equal to a mid-instruction address
# after bytes that spell a call (no unknown), a lea of bytes after a ret
# that spell IFMA (not recorded), a return address minus one on the
# stack (not code).
fixture_case "constants and data in code (AVX512_IFMA_512)" --lacks AVX512_IFMA_512 -- \
	$F/constants
if $PY - "$T/path.json" <<'PYEOF' >"$T/cmp" 2>&1; then
import json, sys
r = json.load(open(sys.argv[1]))
s = r["scan"]
print("%d unknowns, %d constants not followed, %d stack values mid-instruction"
      % (len(r["unknowns"]), s["constants_not_followed"], s["values_mid_instruction"]))
sys.exit(1 if r["unknowns"] or s["values_mid_instruction"] < 1 else 0)
PYEOF
	ok "constants and data in code: no unknown, the stale word is not code ($(cat "$T/cmp"))"
else
	not_ok "constants and data in code: no unknown, the stale word is not code" "$(cat "$T/cmp")"
fi
stop_fixture
# .rodata in the R+X segment that holds .text (-z noseparate-code): bytes
# there that spell IFMA, reached by a branch never taken, a lea and a
# pointer in .data, are not code. The fixture must be laid out so.
if readelf -lW $F/rodata_rx | grep -Eq '^ +[0-9]+ .*\.text .*\.rodata' &&
	readelf -lW $F/rodata_rx | grep -E '^ +LOAD' | head -1 | grep -q 'R E'; then
	ok "rodata_rx: .text and .rodata share one R+X segment"
else
	not_ok "rodata_rx: .text and .rodata share one R+X segment" "$(readelf -lW $F/rodata_rx)"
fi
fixture_case ".rodata in an executable segment (AVX512_IFMA_512)" --absent AVX512_IFMA_512 -- \
	$F/rodata_rx
if $PY - "$T/path.json" <<'PYEOF' >"$T/cmp" 2>&1; then
import json, sys
r = json.load(open(sys.argv[1]))
s = r["scan"]
print("%d unknowns, %d targets outside code sections"
      % (len(r["unknowns"]), s["targets_outside_code_sections"]))
sys.exit(1 if r["unknowns"] or s["targets_outside_code_sections"] < 1 else 0)
PYEOF
	ok ".rodata in an executable segment: no unknown, the branch into it not walked ($(cat "$T/cmp"))"
else
	not_ok ".rodata in an executable segment: no unknown, the branch into it not walked" "$(cat "$T/cmp")"
fi
stop_fixture
# A call that ends a function, followed by an ifunc resolver that takes
# the address of an IFMA variant: the call does not return into it.
fixture_case "a resolver after a call that ends its function (AVX512_IFMA_512)" \
	--lacks AVX512_IFMA_512 -- $F/resolver_after_call
stop_fixture
fixture_case "AVX-512 never called (AVX512_IFMA_512)" --has AVX2 --lacks AVX512_IFMA_512 -- \
	$F/avx2_loop
if still_running "$fx" "$T/fx.out"; then
	ok "a scanned fixture keeps running"
else
	not_ok "a scanned fixture keeps running"
fi
stop_fixture

# ---- code that does not run as it is on a destination (knobs.c):
# glibc's lock elision (XBEGIN/XEND/XABORT) is off unless GLIBC_TUNABLES
# turns it on; the vDSO is replaced by the restoring kernel's.
for tunables in "" glibc.elision.enable=1; do
	if start_fixture env ${tunables:+GLIBC_TUNABLES=$tunables} $F/mutex_loop &&
		"$MIGCHECK" scan "$fx" --json >"$T/knob.json" 2>"$T/err" &&
		"$MIGCHECK" host --json >"$T/host.json" &&
		$PY - "$T/knob.json" "$T/host.json" "$tunables" <<'PYEOF' >"$T/cmp" 2>&1; then
import json, sys
r, host, tunables = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
knobs = {k["code"].split(" (")[0]: k for k in r["scan"]["knobs"]}
elision, vdso = knobs["glibc lock elision"], knobs["vDSO"]
rtm = r["evidence"].get("RTM", {})
print("elision %s, %d not required; RTM: %s; vDSO %d not required"
      % (elision["state"], elision["instructions_not_required"],
         rtm.get("instruction"), vdso["instructions_not_required"]))
bad = [e for e in r["evidence"].values() if e.get("object") == "[vdso]"]
if bad or r["unknowns"]:
    sys.exit("vDSO evidence or unknowns: %s %s" % (bad, r["unknowns"]))
if not tunables:
    # off: no elision instruction is evidence, and some were met
    ok = elision["state"].startswith("off") and elision["instructions_not_required"] > 0 \
        and rtm.get("instruction") not in ("xbegin", "xend", "xabort")
else:
    # on: required like any code, where this host can run it
    ok = elision["state"].startswith("on") and elision["instructions_not_required"] == 0 \
        and ("RTM" in r["isa_sets"] or "RTM" not in host["isa_sets"])
sys.exit(0 if ok else 1)
PYEOF
		ok "glibc lock elision ${tunables:-off}: $(cat "$T/cmp")"
	else
		not_ok "glibc lock elision ${tunables:-off}" "$(cat "$T/cmp" "$T/err" 2>/dev/null)"
	fi
	stop_fixture
done

# Lazy slots of glibc ifuncs nothing has called yet: the path method
# reaches the variant glibc's resolver will pick, here the same as in
# this test's own python (ctypes resolves through the same resolvers and
# cpu_features), not every variant; for memcpy, defined in two versions,
# the pick of each version.
if start_fixture $F/lazy_ifunc && "$MIGCHECK" scan "$fx" --json >"$T/lazy.json" 2>"$T/err" &&
	$PY - "$T/lazy.json" <<'PYEOF' >"$T/cmp" 2>&1; then
import ctypes, json, sys
libc = ctypes.CDLL("libc.so.6")
base = None
for line in open("/proc/self/maps"):
    f = line.split()
    if len(f) >= 6 and f[5].endswith("/libc.so.6") and int(f[2], 16) == 0:
        base = int(f[0].split("-")[0], 16)
        break
def where(fn):
    return ctypes.cast(fn, ctypes.c_void_p).value - base
dlvsym = libc.dlvsym
dlvsym.restype = ctypes.c_void_p
dlvsym.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
want = {"memrchr": {where(libc.memrchr)},
        "memcpy": {where(libc.memcpy),
                   dlvsym(libc._handle, b"memcpy", b"GLIBC_2.2.5") - base}}
r = json.load(open(sys.argv[1]))
picks = {}
for p in r["scan"]["lazy_ifuncs_picked"]:
    picks.setdefault(p["name"], set()).add(int(p["picked"], 16))
print("picked %s, python's %s; %d unknowns"
      % ({k: sorted(map(hex, v)) for k, v in picks.items() if k in want},
         {k: sorted(map(hex, v)) for k, v in want.items()}, len(r["unknowns"])))
sys.exit(0 if all(picks.get(k) == v for k, v in want.items()) and not r["unknowns"] else 1)
PYEOF
	ok "lazy ifunc slot: the resolver's pick, not every variant ($(cat "$T/cmp"))"
else
	not_ok "lazy ifunc slot: the resolver's pick, not every variant" "$(cat "$T/cmp" "$T/err" 2>/dev/null)"
fi
stop_fixture

# ---- processes that end or cannot be analysed
start_fixture $F/avx2_loop
MIGCHECK_TEST_DELAY_MS=600 "$MIGCHECK" scan "$fx" >"$T/out" 2>"$T/err" &
scanner=$!
sleep 0.3
stop_fixture
wait "$scanner"
status=$?
if [ $status -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	grep -q "process $fx: exited during the scan" "$T/err"; then
	ok "a process that exits in the middle of the scan"
else
	not_ok "a process that exits in the middle of the scan" "status $status" "$(cat "$T/err")"
fi
if $F/loop32 2>/dev/null &
then
	p32=$!
	sleep 0.2
	if kill -0 "$p32" 2>/dev/null; then
		bad_input "scan a 32-bit process" "process $p32" "32-bit" scan "$p32"
		kill "$p32"
	else
		skip "scan a 32-bit process" "this kernel cannot run 32-bit programs (no IA32 emulation)"
	fi
fi

# ---- real programs from Debian
if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
	port=$((20000 + $$ % 20000))
	env -u LD_BIND_NOW redis-server --port "$port" --save '' --appendonly no \
		>"$T/redis.log" 2>&1 &
	fx=$!
	for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
	redis-cli -p "$port" set greeting hello >/dev/null
	redis-cli -p "$port" rpush list a b c >/dev/null
	scan_both "redis-server" && compare_scans "redis-server" --strict
	after=$(redis-cli -p "$port" get greeting; redis-cli -p "$port" lrange list 0 -1; redis-cli -p "$port" incr n)
	if [ "$after" = "$(printf 'hello\na\nb\nc\n1')" ]; then
		ok "redis-server answers the same after the scans"
	else
		not_ok "redis-server answers the same after the scans" "$after"
	fi
	if tr '\0' '\n' <"/proc/$fx/environ" | grep -q '^LD_BIND_NOW='; then
		not_ok "redis-server was scanned without LD_BIND_NOW" "it has LD_BIND_NOW set"
	else
		ok "redis-server was scanned without LD_BIND_NOW"
	fi
	run "check redis-server against libvirt's models" 0 check "$fx" &&
		expect "check redis-server: Westmere lacks what it uses" '^incompatible +Westmere +[0-9]+ missing: ' "$T/out"
	if [ -d "$AWS" ]; then
		run "check redis-server against the AWS catalog" 0 check "$fx" --catalog "$AWS" &&
			expect "check redis-server: per-destination verdicts" '^(compatible|incompatible|unknown) +[a-z0-9]+\.[a-z0-9]+ ' "$T/out"
	else
		no_dataset "check redis-server against the AWS catalog"
	fi
	stop_fixture
else
	skip "redis-server" "redis-server and redis-cli are not installed"
fi

# numpy doing matrix work: its printed results must not change when scanned.
cat >"$T/np.py" <<'PYEOF'
import sys, time
import numpy as np
rng = np.random.default_rng(7)
a = rng.random((120, 120))
print("ready", flush=True)
for i in range(80):
    a = (a @ a.T) / 120.0
    a = a / a.max()
    print(i, "%.12e" % a.sum(), flush=True)
    time.sleep(0.04)
PYEOF
if $PY -c 'import numpy' 2>/dev/null; then
	$PY "$T/np.py" >"$T/np-quiet.out"
	start_fixture $PY "$T/np.py"
	scan_both "python3+numpy" && compare_scans "python3+numpy" --strict
	wait "$fx"
	same_output "python3+numpy prints the same results when scanned" \
		"$T/np-quiet.out" "$T/fx.out"
else
	skip "python3+numpy" "python3-numpy is not installed"
fi

# sqlite3 reading SQL from a pipe, scanned between statements.
if command -v sqlite3 >/dev/null; then
	cat >"$T/sql.sh" <<'SHEOF'
echo "create table t(x integer);"
echo "with recursive c(i) as (select 1 union all select i+1 from c where i<20000) insert into t select i*i % 9973 from c;"
echo "select 'ready';"
sleep 1.2
echo "select count(*), sum(x), max(x) from t;"
echo "select x, count(*) from t group by x order by 2 desc, 1 limit 3;"
SHEOF
	sh "$T/sql.sh" | sqlite3 >"$T/sql-quiet.out" 2>&1
	sh "$T/sql.sh" | sqlite3 >"$T/fx.out" 2>&1 &
	sleep 0.5
	fx=$(pgrep -n -x sqlite3)
	[ -n "$fx" ] && scan_both "sqlite3" && compare_scans "sqlite3"
	wait
	same_output "sqlite3 prints the same results when scanned" \
		"$T/sql-quiet.out" "$T/fx.out"
else
	skip "sqlite3" "sqlite3 is not installed"
fi

# Real programs the path method must handle as well as full: no unknown,
# at least full's destinations, the same result in three scans of the idle
# process, and nothing watch sees run off the path method's sites.
# steady NAME: full and three path scans of $fx, and a watch of WATCH_S
# seconds while $load runs (a command line, or empty).
steady() {
	run "$1: full scan" 0 scan "$fx" --method full --json && cp "$T/out" "$T/full.json" || return
	for i in 1 2 3; do
		run "$1: path scan $i" 0 scan "$fx" --json && cp "$T/out" "$T/path$i.json" || return
	done
	aws=
	if [ -d "$AWS" ]; then aws="--aws $AWS $MIGCHECK"; else no_dataset "$1: AWS destinations"; fi
	# shellcheck disable=SC2086
	if $PY tests/e2e/stable.py "$T/full.json" "$T/path1.json" "$T/path2.json" \
		"$T/path3.json" $aws >"$T/cmp" 2>&1; then
		ok "$1: no unknown, stable, no worse than full ($(cat "$T/cmp"))"
	else
		not_ok "$1: no unknown, stable, no worse than full" "$(cat "$T/cmp")"
	fi
	"$MIGCHECK" watch "$fx" --for 3s --json >"$T/watch.json" 2>"$T/watch.err" &
	wp=$!
	$PY tests/e2e/code_intact.py --wait-planted "$fx" >/dev/null 2>&1
	[ -n "$load" ] && sh -c "$load" >/dev/null 2>&1
	if wait "$wp" && $PY -c 'import json,sys
s = json.load(open(sys.argv[1]))["scan"]
print("%d of %d sites hit, %d off the path" % (s["hit"], s["planted"], s["hit_off_path"]))
sys.exit(1 if s["hit_off_path"] else 0)' "$T/watch.json" >"$T/cmp" 2>&1; then
		ok "$1: what runs is on the path method's sites ($(cat "$T/cmp"))"
	else
		not_ok "$1: what runs is on the path method's sites" "$(cat "$T/cmp" "$T/watch.err")"
	fi
}

if command -v go >/dev/null; then
	port=$((31000 + $$ % 20000))
	for variant in cgo static static-stripped; do
		case $variant in
		cgo) env= flags= ;;
		static) env=CGO_ENABLED=0 flags= ;;
		static-stripped) env=CGO_ENABLED=0 flags=-ldflags=-s ;;
		esac
		# shellcheck disable=SC2086
		if ! env GOCACHE="$T/gocache" GOPATH="$T/gopath" $env go build $flags \
			-o "$T/server-$variant" tests/fixtures/go/server.go >"$T/go.out" 2>&1; then
			not_ok "Go server ($variant): builds" "$(cat "$T/go.out")"
			continue
		fi
		port=$((port + 1))
		if start_fixture "$T/server-$variant" $port; then
			load="$PY -c 'import urllib.request as u
for i in range(200): u.urlopen(\"http://127.0.0.1:$port/x\").read()'"
			steady "Go server ($variant)"
		else
			not_ok "Go server ($variant): starts" "$(cat "$T/fx.out")"
		fi
		stop_fixture
	done
elif [ "${CI:-}" = true ]; then
	not_ok "Go server" "go is not installed"
else
	skip "Go server" "go is not installed"
fi

if command -v node >/dev/null; then
	# hashes when signalled (SIGUSR2), else idle: scanned idle, watched
	# while hashing
	if start_fixture node -e 'const c = require("crypto");
const work = () => { for (let i = 0; i < 200; i++) c.createHash("sha256").update("x".repeat(1 << 16)).digest("hex"); };
work();
process.on("SIGUSR2", work);
console.log("ready");
setInterval(() => {}, 1 << 30);'; then
		load="kill -USR2 $fx; sleep 1"
		steady "node (crypto)"
	else
		not_ok "node: starts" "$(cat "$T/fx.out")"
	fi
	stop_fixture
elif [ "${CI:-}" = true ]; then
	not_ok "node" "node is not installed"
else
	skip "node" "node is not installed"
fi

# postgres: a backend that served pgbench, scanned idle between
# transactions, watched while pgbench runs again.
PG=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
if [ -n "$PG" ] && id postgres >/dev/null 2>&1 && command -v pgbench >/dev/null; then
	mkdir -p "$T/pg" && chown postgres "$T/pg" && chmod 755 "$T"
	pgport=$((33000 + $$ % 20000))
	if runuser -u postgres -- "$PG/initdb" -D "$T/pg/data" >"$T/pg.out" 2>&1 &&
		runuser -u postgres -- "$PG/pg_ctl" -D "$T/pg/data" -o "-p $pgport -k $T/pg" \
			-l "$T/pg/log" -w start >>"$T/pg.out" 2>&1 &&
		runuser -u postgres -- pgbench -h "$T/pg" -p $pgport -i -s 1 postgres >>"$T/pg.out" 2>&1; then
		# one client session kept open: its backend is the target
		mkfifo "$T/psql.in"
		runuser -u postgres -- psql -h "$T/pg" -p $pgport -q postgres <"$T/psql.in" >/dev/null 2>&1 &
		psqlp=$!
		exec 4>"$T/psql.in"
		echo "select count(*) from pgbench_accounts;" >&4
		sleep 1
		fx=$(pgrep -u postgres -n -f 'postgres: postgres postgres')
		load="runuser -u postgres -- pgbench -h $T/pg -p $pgport -t 200 postgres; echo 'select sum(abalance) from pgbench_accounts;' >&4; sleep 0.5"
		if [ -n "$fx" ]; then
			steady "postgres backend"
		else
			not_ok "postgres backend" "no backend found" "$(cat "$T/pg.out")"
		fi
		exec 4>&-
		wait "$psqlp" 2>/dev/null
	else
		not_ok "postgres: a cluster starts" "$(tail -5 "$T/pg.out")"
	fi
	runuser -u postgres -- "$PG/pg_ctl" -D "$T/pg/data" -m immediate stop >/dev/null 2>&1
elif [ "${CI:-}" = true ]; then
	not_ok "postgres" "postgresql is not installed"
else
	skip "postgres" "postgresql is not installed"
fi

summary "e2e (path method)"
