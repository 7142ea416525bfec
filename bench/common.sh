# common.sh - sourced by the benchmarks: a scratch directory, a timer and
# throughput arithmetic. Figures are best-of-N wall-clock seconds.
set -eu
LC_ALL=C
export LC_ALL
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BIN:=$top_srcdir/src}"
: "${BENCH_RUNS:=3}"
work=$(mktemp -d "${TMPDIR:-/tmp}/zhclean-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# make_input FILE MIN_BYTES SOURCE...: concatenate SOURCE files until FILE
# holds at least MIN_BYTES.
make_input() {
	out=$1; min=$2; shift 2
	cat "$@" > "$work/unit"
	: > "$out"
	while [ "$(wc -c < "$out")" -lt "$min" ]; do
		cat "$work/unit" "$work/unit" "$work/unit" "$work/unit" >> "$out"
	done
}

# best_time COMMAND...: the best wall-clock time of BENCH_RUNS runs, in
# seconds, with the command's output thrown away.
best_time() {
	best=
	n=0
	while [ $n -lt "$BENCH_RUNS" ]; do
		start=$(date +%s.%N)
		"$@" > /dev/null
		end=$(date +%s.%N)
		t=$(echo "$end - $start" | bc -l)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
		n=$((n + 1))
	done
	echo "$best"
}

# best_cpu COMMAND...: the least CPU time (user + system) of BENCH_RUNS
# runs, in seconds: steadier than wall-clock time on a shared machine.
best_cpu() {
	best=
	n=0
	while [ $n -lt "$BENCH_RUNS" ]; do
		/usr/bin/time -f '%U %S' -o "$work/cpu" "$@" > /dev/null
		t=$(awk '{ print $1 + $2 }' "$work/cpu")
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
		n=$((n + 1))
	done
	echo "$best"
}

# mbps BYTES SECONDS
mbps() {
	echo "scale=1; $1 / 1000000 / $2" | bc -l
}

ratio() {
	echo "scale=2; $1 / $2" | bc -l
}
