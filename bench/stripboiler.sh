#!/bin/sh
# stripboiler.sh - throughput of stripboiler on a 20+ MB stream of pages
# (-z), against the simplest peer there is: grep -v -F dropping every line
# that holds a vocabulary phrase, on the same input, in the same run.
#
# Environment (from make bench): BIN, top_srcdir, ZHCLEAN_DATADIR;
# BENCH_RUNS (default 3): the best of that many runs is reported.
#
# In a build tree $BIN/stripboiler is libtool's wrapper script, whose shell
# start-up is not part of the installed program: the real binary in
# $BIN/.libs is timed when there is one.
set -eu
LC_ALL=C
export LC_ALL
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${BIN:=$top_srcdir/src}"
: "${ZHCLEAN_DATADIR:=$top_srcdir/data}"
: "${BENCH_RUNS:=3}"
export ZHCLEAN_DATADIR
work=$(mktemp -d "${TMPDIR:-/tmp}/stripboiler-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

prog=$BIN/stripboiler
if [ -x "$BIN/.libs/stripboiler" ]; then
	prog=$BIN/.libs/stripboiler
	LD_LIBRARY_PATH=$BIN/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
fi

# The input: every labelled page, NUL-separated, repeated to 20 MB.
for page in "$top_srcdir"/testdata/seeds/*.txt "$top_srcdir"/testdata/stripboiler/pages/*.txt; do
	cat "$page"
	printf '\0'
done > "$work/unit"
: > "$work/input"
while [ "$(wc -c < "$work/input")" -lt 20000000 ]; do
	cat "$work/unit" "$work/unit" "$work/unit" "$work/unit" >> "$work/input"
done
bytes=$(wc -c < "$work/input")
pages=$(tr -cd '\000' < "$work/input" | wc -c)
grep -hv '^#' "$ZHCLEAN_DATADIR"/stripboiler/*.txt | cut -f2 | grep -v '^$' > "$work/phrases"

# best COMMAND...: "wall cpu" seconds, the best of BENCH_RUNS runs each.
# Output goes to a file: GNU grep stops at the first match when its output
# is /dev/null.
best() {
	bw= bc=
	n=0
	while [ $n -lt "$BENCH_RUNS" ]; do
		start=$(date +%s.%N)
		/usr/bin/time -f '%U %S' -o "$work/time" "$@" > "$work/output"
		end=$(date +%s.%N)
		read -r u s < "$work/time"
		w=$(printf '%.3f' "$(echo "$end - $start" | bc -l)")
		c=$(echo "$u + $s" | bc -l)
		if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
		if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
		n=$((n + 1))
	done
	echo "$bw $bc"
}

mbps() {
	echo "scale=1; $1 / 1000000 / ($2 + 0.005)" | bc -l
}

set -- $(best "$prog" -z "$work/input")
ours_wall=$1 ours_cpu=$2
set -- $(best grep -a -v -F -f "$work/phrases" "$work/input")
peer_wall=$1 peer_cpu=$2

echo "input: $bytes bytes, $pages pages (the seeds and synthetic pages, repeated)"
echo "stripboiler -z:  $(mbps "$bytes" "$ours_wall") MB/s wall ($ours_wall s), $(mbps "$bytes" "$ours_cpu") MB/s CPU ($ours_cpu s)"
echo "grep -v -F -f:   $(mbps "$bytes" "$peer_wall") MB/s wall ($peer_wall s), $(mbps "$bytes" "$peer_cpu") MB/s CPU ($peer_cpu s)"
echo "stripboiler / grep throughput: $(echo "scale=2; $peer_wall / $ours_wall" | bc -l) (wall), $(echo "scale=2; ($peer_cpu + 0.0005) / ($ours_cpu + 0.0005)" | bc -l) (CPU)"
