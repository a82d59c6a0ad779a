#!/bin/sh
# End-to-end tests of code that does not exist yet: JIT engines scanned
# idle, then made to compile hot code while watched, then scanned again.
# What ran (watch) and what was compiled (the second scan decodes it) must
# be required by the first scan already. Also each kind of executable
# memory without an ELF file, and a JVM held to AVX2 by its own flag.
#
# usage: tests/e2e/jit.sh build/migcheck
set -u
MIGCHECK=$(realpath "$1")
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
F=build/fixtures
J=tests/fixtures/jit

# check NAME ARGS...: tests/e2e/jit_check.py ARGS
check() {
	check_name=$1
	shift
	if $PY tests/e2e/jit_check.py "$@" >"$T/jc" 2>&1; then
		ok "$check_name ($(head -1 "$T/jc"))"
	else
		not_ok "$check_name" "$(cat "$T/jc")"
	fi
}

# needs NAME COMMAND: true when COMMAND exists; else a skip, or under CI
# (where make check installed it) a failure.
needs() {
	command -v "$2" >/dev/null 2>&1 && return 0
	if [ "${CI:-}" = true ]; then
		not_ok "$1" "$2 is not installed"
	else
		skip "$1" "$2 is not installed"
	fi
	return 1
}

# wait_line FILE PATTERN SECONDS
wait_line() {
	n=$(($3 * 20))
	while [ "$n" -gt 0 ]; do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# engine_case NAME ENGINE CHECK-ARGS -- COMMAND...: COMMAND idles until
# $T/go exists, then runs hot code and prints "done".
engine_case() {
	case_name=$1 engine=$2 extra=$3
	shift 4
	rm -f "$T/go"
	if ! start_fixture "$@" || ! wait_line "$T/fx.out" '^ready' 30; then
		not_ok "$case_name: starts" "$(tail -5 "$T/fx.out")"
		stop_fixture
		return
	fi
	if ! run "$case_name: scan while idle" 0 scan "$fx" --json; then
		stop_fixture
		return
	fi
	cp "$T/out" "$T/first.json"
	"$MIGCHECK" watch "$fx" --for 6s --json >"$T/watch.json" 2>"$T/watch.err" &
	wp=$!
	$PY tests/e2e/code_intact.py --wait-planted "$fx" >/dev/null 2>&1
	touch "$T/go"
	wait_line "$T/fx.out" '^done' 120 ||
		not_ok "$case_name: the hot phase ends" "$(tail -5 "$T/fx.out")"
	if ! wait "$wp"; then
		not_ok "$case_name: watch of the hot phase" "$(cat "$T/watch.err")"
		echo '{"isa_sets": [], "source": "no watch"}' >"$T/watch.json"
	fi
	if run "$case_name: scan after the hot phase" 0 scan "$fx" --json; then
		cp "$T/out" "$T/later.json"
		# shellcheck disable=SC2086
		check "$case_name: the idle scan requires what ran and was compiled later" \
			"$T/first.json" "$T/watch.json" "$T/later.json" --engine "$engine" $extra
		validate "$case_name: the report follows the requirements schema" \
			docs/requirements.schema.json "$T/first.json"
	fi
	stop_fixture
}

echo "== executable memory without an ELF file"
for kind in fixed-memfd fixed-devzero rwx memfd-alias; do
	case $kind in
	fixed-*) want=--no-unknowns ;;
	*) want="--unknown jit-unrecognised" ;;
	esac
	if start_fixture "$F/jit_memory" "$kind"; then
		for method in path full; do
			run "$kind, $method: scans" 0 scan "$fx" --method $method --json &&
				cp "$T/out" "$T/mem.json" &&
				check "$kind, $method: AVX2GATHER found, $want" "$T/mem.json" \
					--has AVX2GATHER $want
		done
	else
		not_ok "$kind: the fixture starts" "$(cat "$T/fx.out")"
	fi
	stop_fixture
done

echo "== HotSpot"
if needs "HotSpot" java && needs "HotSpot" javac; then
	javac -d "$T" "$J/Hot.java"
	# RTM only under UseRTMLocking, off by default
	engine_case "HotSpot" HotSpot \
		"--has POPCNT --has LZCNT --has BMI1 --engine-lacks-prefix RTM --no-unknowns" -- \
		java -cp "$T" Hot "$T/go"
	# Held to AVX2 by its own flag, as launch would hold it: its state
	# says no AVX-512, so the sets it may emit have none.
	if grep -qw avx512f /proc/cpuinfo; then
		engine_case "HotSpot -XX:UseAVX=2" HotSpot \
			"--engine-lacks-prefix AVX512 --has AVX2 --no-unknowns" -- \
			java -XX:UseAVX=2 -cp "$T" Hot "$T/go"
	else
		skip "HotSpot -XX:UseAVX=2" "this CPU has no AVX-512 to hold back"
	fi
fi

echo "== V8 (node)"
if needs "V8" node; then
	engine_case "V8" V8 "--has LZCNT --has SSE4 --no-unknowns" -- node "$J/hot.js" "$T/go"
fi

echo "== LuaJIT"
if needs "LuaJIT" luajit; then
	engine_case "LuaJIT" LuaJIT "--has SSE4 --no-unknowns" -- luajit "$J/hot.lua" "$T/go"
fi

echo "== PHP opcache JIT"
if needs "PHP opcache JIT" php; then
	# its JIT buffer is shared memory (/dev/zero), mapped twice: that
	# is the engine's, not an unknown
	engine_case "PHP opcache JIT" "PHP opcache JIT" "--no-unknowns" -- \
		php -d opcache.enable_cli=1 -d opcache.jit_buffer_size=32M \
		-d opcache.jit=tracing "$J/hot.php" "$T/go"
fi

echo "== PCRE2 JIT (grep -P)"
if needs "PCRE2 JIT" grep; then
	mkfifo "$T/fifo"
	grep -P 'a[bc]+c\d' "$T/fifo" >"$T/grep.out" &
	fx=$!
	exec 3>"$T/fifo"
	sleep 0.3
	if run "grep -P: scan while it waits for input" 0 scan "$fx" --json; then
		cp "$T/out" "$T/first.json"
		"$MIGCHECK" watch "$fx" --for 3s --json >"$T/watch.json" 2>"$T/watch.err" &
		wp=$!
		$PY tests/e2e/code_intact.py --wait-planted "$fx" >/dev/null 2>&1
		seq 1 20000 | sed 's/^/abcbc/' >&3
		wait "$wp" || echo '{"isa_sets": [], "source": "no watch"}' >"$T/watch.json"
		run "grep -P: scan after matching" 0 scan "$fx" --json &&
			cp "$T/out" "$T/later.json" &&
			check "grep -P: the idle scan requires what ran and was compiled later" \
				"$T/first.json" "$T/watch.json" "$T/later.json" \
				--engine "PCRE2 JIT (8-bit)" --no-unknowns
	fi
	exec 3>&-
	wait "$fx"
	if [ "$(wc -l <"$T/grep.out")" -eq 20000 ]; then ok "grep -P: every line matched"; else
		not_ok "grep -P: every line matched" "$(wc -l <"$T/grep.out") lines"
	fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
