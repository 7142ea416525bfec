#!/bin/sh
# bench/segment.sh - segment's figures, run by `make bench`:
#   throughput on >= 20 MB of mixed news text (whole process), jieba's
#   throughput on a slice of it in the same run, and their ratio;
#   start-up time on an empty input; peak memory.
# Targets (from the issue): >= 20 MB/s, >= 30x jieba, start-up < 5 ms,
# peak RSS < 100 MB. Figures are printed, never asserted: machines are
# shared and noisy.
# Environment: BIN (built programs), top_srcdir, ZHCLEAN_DATADIR.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/bench/common.sh"
export ZHCLEAN_DATADIR
tmp=$work

# In a build tree, $BIN/segment is libtool's wrapper script: time the
# program itself, as it runs once installed.
SEG=$BIN/segment
if [ -x "$BIN/.libs/segment" ] && head -c 2 "$BIN/segment" | grep -q '#!'; then
	SEG=$BIN/.libs/segment
	LD_LIBRARY_PATH=$BIN/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
fi

# Input: the project's varied text (seed pages, their t2s conversion,
# clauses, lines mixed with numbers, English, URLs...), repeated to 20 MB.
"$top_srcdir/scripts/segment-corpus.sh" "$top_srcdir" "$BIN/t2s" > "$tmp/corpus"
make_input "$tmp/input" 20000000 "$tmp/corpus"
size=$(wc -c < "$tmp/input")
echo "input: $size bytes, $(wc -l < "$tmp/input") lines"

# segment, whole process, best of $BENCH_RUNS; peak RSS from /usr/bin/time.
t=$(best_time "$SEG" "$tmp/input")
ours=$(mbps "$size" "$t")
echo "segment: $ours MB/s (best of $BENCH_RUNS: $t s for the whole process)"
# On a busy machine wall time includes waiting for a CPU: the CPU time
# (user + system) of one run says what the program itself costs.
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%U %S %M' -o "$tmp/usage" "$SEG" "$tmp/input" > /dev/null
	read -r user sys rss < "$tmp/usage"
	ours_cpu=$(mbps "$size" "$(echo "$user + $sys" | bc -l)")
	echo "segment: $ours_cpu MB/s of CPU time ($user s user, $sys s system)"
	echo "segment: peak RSS $((rss / 1024)) MB"
fi
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)"

# jieba on a 1 MB slice, cut time only (import and dictionary load
# excluded, to jieba's advantage).
if /usr/bin/python3 -c 'import jieba' 2>/dev/null; then
	head -c 1000000 "$tmp/input" | sed '$d' > "$tmp/slice"
	/usr/bin/python3 - "$tmp/slice" > "$tmp/jieba" <<'PY'
import logging, sys, time
import jieba
jieba.setLogLevel(logging.ERROR)
jieba.initialize()
data = open(sys.argv[1], encoding="utf-8").read()
lines = data.split("\n")
w0, c0 = time.perf_counter(), time.process_time()
out = [" ".join(jieba.cut(line)) for line in lines]
w1, c1 = time.perf_counter(), time.process_time()
mb = len(data.encode("utf-8")) / 1e6
print("%.3f %.3f" % (mb / (w1 - w0), mb / (c1 - c0)))
PY
	read -r jieba_mbps jieba_cpu_mbps < "$tmp/jieba"
	echo "jieba:   $jieba_mbps MB/s, $jieba_cpu_mbps MB/s of CPU time (1 MB slice, cut only)"
	echo "ratio:   $(ratio "$ours" "$jieba_mbps") times jieba's throughput (wall)"
	if [ -n "${ours_cpu:-}" ]; then
		echo "ratio:   $(ratio "$ours_cpu" "$jieba_cpu_mbps") times jieba's throughput (CPU time)"
	fi
else
	echo "jieba:   not measured (no /usr/bin/python3 with jieba)"
fi

# Start-up: an empty input, many times.
if command -v hyperfine > /dev/null 2>&1; then
	hyperfine -N --warmup 20 --runs 300 --export-json "$tmp/hf.json" "$SEG /dev/null" > /dev/null 2>&1
	/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("start-up: %.2f ms mean, %.2f ms median (hyperfine, empty input)" % (r["mean"]*1e3, r["median"]*1e3))' "$tmp/hf.json"
	hyperfine -N --warmup 20 --runs 300 --export-json "$tmp/hf.json" "/bin/true" > /dev/null 2>&1
	/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("          (/bin/true on this machine: %.2f ms mean, %.2f ms median)" % (r["mean"]*1e3, r["median"]*1e3))' "$tmp/hf.json"
else
	t=$(BENCH_RUNS=100 best_time "$SEG" /dev/null)
	echo "start-up: $t s (best of 100 runs, empty input)"
fi
