# What the benchmark scripts share: sourced from the project root with
# MIGCHECK set. Installs the benchmark packages, gives a scratch
# directory $T, kills the PIDs listed in $pids on exit.
PY=/usr/bin/python3
./scripts/install-deps.sh
T=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT

wait_ready() { # FILE: waits for its "ready" line
	for _ in $(seq 400); do grep -q ready "$1" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}

# results FILE TITLE: the header lines of a results file, then $T/rows
results() {
	{
		echo "# $2, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r)"
		echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
		cat
		cat "$T/rows"
	} >"$1"
	column -t -s "$(printf '\t')" "$1"
}
