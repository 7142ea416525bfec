#!/bin/sh
# segment-traditional-agreement.sh - how well segment -t cuts traditional
# text: for each line of the seed pages, compare the word boundaries of
# `segment -t` on the original (traditional) with those of `segment` on
# its t2s conversion (the simplified path); also without -t, for contrast.
#
# Usage: segment-traditional-agreement.sh TOP_SRCDIR BIN
# Prints two lines "NAME: L of N lines identical, boundary precision P
# recall R"; needs /usr/bin/python3 (for scripts/segment-unjoin.py).
set -eu
LC_ALL=C
export LC_ALL
top=$1
bin=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/segment-trad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unjoin="/usr/bin/python3 $top/scripts/segment-unjoin.py --boundaries"

cat "$top"/testdata/seeds/*.txt | tr -d '\r' > "$tmp/seeds"
"$bin/t2s" "$tmp/seeds" | "$bin/segment" | $unjoin > "$tmp/simplified"
"$bin/segment" -t "$tmp/seeds" | $unjoin > "$tmp/traditional"
"$bin/segment" "$tmp/seeds" | $unjoin > "$tmp/plain"

compare() {
	/usr/bin/python3 - "$tmp/simplified" "$2" "$1" <<'PY'
import sys
ref = open(sys.argv[1]).read().split("\n")
got = open(sys.argv[2]).read().split("\n")
lines = same = shared = only_ref = only_got = 0
for r, g in zip(ref, got):
    if not r.strip():
        continue
    lines += 1
    same += r == g
    R, G = set(r.split()), set(g.split())
    shared += len(R & G)
    only_ref += len(R - G)
    only_got += len(G - R)
print("%s: %d of %d lines identical to the simplified path, boundary precision %.4f recall %.4f"
      % (sys.argv[3], same, lines, shared / (shared + only_got), shared / (shared + only_ref)))
PY
}
compare "segment -t" "$tmp/traditional"
compare "segment (no -t)" "$tmp/plain"
