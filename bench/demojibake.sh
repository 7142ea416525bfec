#!/bin/sh
# bench/demojibake.sh - demojibake throughput, whole process, best of 3:
# clean Chinese text (the fast path) against iconv -f UTF-8 -t UTF-8 (a pure
# validation pass) on the same input, and text with damage on every line.
# Inputs of >= 20 MB are built from testdata in a temporary directory.
# Env: BIN, top_srcdir, ZHCLEAN_DATADIR (as `make bench` sets them).
set -eu
LC_ALL=C
export LC_ALL ZHCLEAN_DATADIR
: "${BIN:?}" "${top_srcdir:?}" "${ZHCLEAN_DATADIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
min_size=$((20 * 1024 * 1024))

# The installed program, not libtool's wrapper script around it.
prog="$BIN/demojibake"
if [ -x "$BIN/.libs/demojibake" ]; then
	prog="$BIN/.libs/demojibake"
	LD_LIBRARY_PATH="$BIN/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	export LD_LIBRARY_PATH
fi

# Repeat file $1 into $2 until it holds at least min_size bytes.
grow() {
	cp "$1" "$2"
	while [ "$(wc -c < "$2")" -lt "$min_size" ]; do
		cat "$2" "$2" > "$2.tmp"
		mv "$2.tmp" "$2"
	done
}

# Seconds (best of 3) that "$@" takes to read $input: "wall cpu", cpu
# being user + system time (the machines are shared: wall time is noisy).
best_time() {
	best_wall=
	best_cpu=
	for run in 1 2 3; do
		/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" < "$input" > /dev/null
		read -r wall user sys < "$tmp/time"
		cpu=$(echo "$user + $sys" | bc -l)
		if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then
			best_wall=$wall
		fi
		if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then
			best_cpu=$cpu
		fi
	done
	echo "$best_wall $best_cpu"
}

# MB/s for a time in seconds (0.01 s resolution: never divide by 0).
mbps() {
	echo "scale=1; $(wc -c < "$input") / 1048576 / ($1 + 0.005)" | bc -l
}

report() {
	# shellcheck disable=SC2086 # "wall cpu" is split on purpose
	set -- $1
	printf '  %-26s %7s MB/s wall, %7s MB/s cpu\n' "$label" "$(mbps "$1")" "$(mbps "$2")"
}

# Clean text: the repaired seed pages (expected outputs), without the lines
# the scraper truncated (they end in U+FFFD) or where a character is marked.
grep -v -h -e "$(printf '\357\277\275')" -e "$(printf '\343\200\223')" \
	"$top_srcdir"/testdata/demojibake/*.txt > "$tmp/clean1"
grow "$tmp/clean1" "$tmp/clean"
# Damage on every line: the seed lines with ruby residue or '?' artifacts,
# and generated lines of every other class when python3 is there.
grep -h -e '(' -e '?' "$top_srcdir"/testdata/seeds/*.txt > "$tmp/damaged1"
if [ -x /usr/bin/python3 ]; then
	top_srcdir="$top_srcdir" BIN="$BIN" /usr/bin/python3 \
		"$top_srcdir/tests/demojibake-gen.py" "$tmp" > /dev/null
	/usr/bin/python3 -c '
import json, sys
for c in json.load(open(sys.argv[1], encoding="utf-8")):
    b = c["in"].encode("latin-1")
    if c["kind"] != "negative" and not c["class"].startswith("legacy") and b"\n" not in b and b"\0" not in b:
        sys.stdout.buffer.write(b + b"\n")' "$tmp/cases.json" >> "$tmp/damaged1"
fi
grow "$tmp/damaged1" "$tmp/damaged"

input="$tmp/clean"
"$prog" < "$input" | cmp -s - "$input" || { echo "clean input changed"; exit 1; }
ours=$(best_time "$prog")
peer=$(best_time iconv -f UTF-8 -t UTF-8)
echo "clean text, $(wc -c < "$input") bytes:"
label=demojibake report "$ours"
label="iconv -f UTF-8 -t UTF-8" report "$peer"
set -- $ours $peer
echo "  ratio demojibake/iconv     $(echo "scale=2; ($3 + 0.005) / ($1 + 0.005)" | bc -l) wall, $(echo "scale=2; ($4 + 0.005) / ($2 + 0.005)" | bc -l) cpu"
input="$tmp/damaged"
ours=$(best_time "$prog")
echo "damage on every line, $(wc -c < "$input") bytes:"
label=demojibake report "$ours"
for input in "$tmp/clean" "$tmp/damaged"; do
	rss=$(/usr/bin/time -f %M "$prog" < "$input" 2>&1 > /dev/null | tail -1)
	echo "  max RSS on $(basename "$input"): $rss KB"
done
