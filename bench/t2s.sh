#!/bin/sh
# t2s.sh - throughput of t2s against the opencc command on the same
# 20+ MB traditional-Chinese input, in the same run.
. "${top_srcdir:-$(dirname "$0")/..}/bench/common.sh"

input=$work/traditional.txt
make_input "$input" 20000000 "$top_srcdir"/testdata/seeds/*.txt
bytes=$(wc -c < "$input")

"$BIN/t2s" "$input" > "$work/ours"
opencc -c t2s -i "$input" -o "$work/theirs"
cmp -s "$work/ours" "$work/theirs" || { echo "t2s output differs from opencc" >&2; exit 1; }

ours=$(best_time "$BIN/t2s" "$input")
theirs=$(best_time opencc -c t2s -i "$input" -o /dev/stdout)
echo "input: $bytes bytes (the sample pages, repeated)"
echo "t2s:    $(mbps "$bytes" "$ours") MB/s ($ours s)"
echo "opencc: $(mbps "$bytes" "$theirs") MB/s ($theirs s)"
echo "t2s / opencc throughput: $(ratio "$theirs" "$ours")"
