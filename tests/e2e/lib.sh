# Helpers shared by the e2e scripts: sourced from the project root, with
# MIGCHECK set to the binary under test.
AWS=../shared/datasets/aws-instance-isa-sets
CPU_MAP=/usr/share/libvirt/cpu_map
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# The code cache of these tests' scans: theirs alone, shared by the
# scans of one script, so that most of them read entries others wrote.
export MIGCHECK_CACHE_DIR="$T/cache"
passed=0 failed=0 skipped=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; }
skip() { skipped=$((skipped + 1)); echo "skip $1: $2"; }
# no_dataset NAME: ../shared/datasets is not there: under CI a failure
# (CI lays shared/ beside the clone), else a skip.
no_dataset() {
	if [ "${CI:-}" = true ]; then not_ok "$1" "$AWS is missing"; else skip "$1" "$AWS is missing"; fi
}

# run NAME EXPECTED_STATUS ARGS...: runs migcheck, keeps out and err in $T.
run() {
	name=$1 expected=$2
	shift 2
	"$MIGCHECK" "$@" >"$T/out" 2>"$T/err"
	status=$?
	if [ "$status" -ne "$expected" ]; then
		not_ok "$name" "exit status $status, expected $expected" "$(head -c 600 "$T/err")"
		return 1
	fi
	return 0
}

# expect NAME PATTERN FILE: FILE matches the extended regex PATTERN.
expect() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no match for /$2/ in $3:" "$(head -c 600 "$3")"; fi
}

validate() { # NAME SCHEMA FILE
	if $PY tests/e2e/validate_json.py "$2" "$3" 2>"$T/schema-err"; then ok "$1"; else not_ok "$1" "$(head -c 600 "$T/schema-err")"; fi
}

# One error line on stderr, naming the input, and exit status 2.
bad_input() { # NAME INPUT-NAME PATTERN ARGS...
	name=$1 input=$2 pattern=$3
	shift 3
	run "$name" 2 "$@" || return
	lines=$(wc -l <"$T/err")
	if [ "$lines" -eq 1 ] && grep -qF -- "$input" "$T/err" && grep -Eq -- "$pattern" "$T/err"; then
		ok "$name"
	else
		not_ok "$name" "expected one line naming $input and matching /$pattern/:" "$(cat "$T/err")"
	fi
}


# same_output NAME REFERENCE FILE: FILE, the output of a run that was
# scanned or watched, is byte-identical to the undisturbed run's.
same_output() {
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1" "$(cmp "$2" "$3" 2>&1)" "$(diff "$2" "$3" 2>&1 | head -5)"
	fi
}

summary() { # SCRIPT-NAME
	echo
	echo "$1: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# start_fixture COMMAND...: starts it with output in $T/fx.out and waits
# for its "ready" line; its PID is in $fx.
start_fixture() {
	"$@" >"$T/fx.out" 2>&1 &
	fx=$!
	for _ in $(seq 100); do
		grep -q '^ready' "$T/fx.out" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

stop_fixture() {
	kill "$fx" 2>/dev/null
	wait "$fx" 2>/dev/null
}

# still_running PID FILE: the process is not stopped and FILE grows.
still_running() {
	before=$(wc -l <"$2")
	sleep 0.35
	state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != T ] && [ "$state" != t ] &&
		[ "$(wc -l <"$2")" -gt "$before" ]
}
