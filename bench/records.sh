#!/bin/sh
# records.sh - throughput of every filter in plain, -z and --jsonl modes on
# the same 20+ MB of pages, in the same run; the modes should stay within
# 20% of plain text. Figures are CPU time (user + system), best of
# BENCH_RUNS: the modes are compared with each other, and wall-clock time on
# a shared machine swings more than the 20% being measured.
. "${top_srcdir:-$(dirname "$0")/..}/bench/common.sh"

make_input "$work/plain" 20000000 "$top_srcdir"/testdata/seeds/*.txt
make_input "$work/nul" 20000000 "$top_srcdir/testdata/records/seeds.nul"
make_input "$work/jsonl" 20000000 "$top_srcdir/testdata/records/seeds.jsonl"

for filter in demojibake stripboiler t2s segment; do
	prog=$BIN/$filter
	[ -x "$prog" ] || continue
	plain=$(best_cpu "$prog" "$work/plain")
	z=$(best_cpu "$prog" -z "$work/nul")
	j=$(best_cpu "$prog" --jsonl "$work/jsonl")
	printf '%-12s plain %6s MB/s CPU   -z %6s MB/s (%s of plain)   --jsonl %6s MB/s (%s of plain)\n' \
		"$filter" "$(mbps "$(wc -c < "$work/plain")" "$plain")" \
		"$(mbps "$(wc -c < "$work/nul")" "$z")" \
		"$(ratio "$(mbps "$(wc -c < "$work/nul")" "$z")" "$(mbps "$(wc -c < "$work/plain")" "$plain")")" \
		"$(mbps "$(wc -c < "$work/jsonl")" "$j")" \
		"$(ratio "$(mbps "$(wc -c < "$work/jsonl")" "$j")" "$(mbps "$(wc -c < "$work/plain")" "$plain")")"
done
