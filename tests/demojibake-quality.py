#!/usr/bin/python3
"""demojibake-quality.py - repair rates of demojibake per class of damage.

Usage: demojibake-quality.py CASES.json DEMOJIBAKE [--assert]

Runs every case as its own document (-z) and prints, per class, how many
were repaired exactly and, for lossy classes, how many left no residue
(none that the clean text does not hold: its own brackets and question
marks are text) and no damage around it. With --assert, exits 1 unless
lossless classes are exact in >= 99% of cases, lossy ones clean in >= 95%,
and no negative changed; classes listed in KNOWN_SHORT are held to the
floor measured for them instead (and said so), so that a regression still
fails.
"""
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict

LOSSLESS_BAR, LOSSY_BAR = 0.99, 0.95
# Classes below the bar (encoding mix-ups of mojibake.c and legacy.c, work
# in progress), with a floor a little under what they measure; every other
# class must reach the bar.
KNOWN_SHORT = {
    "big5-as-gbk": 0.62, "gbk-as-big5": 0.83, "legacy-short-big5": 0.95,
}
RESIDUE = re.compile("[?\ufffd锟斤拷嚙踝蕭烫屯()\u00c0-\u024f\u0080-\u009f]|&#?[0-9a-zA-Z]+;")


def residue(text):
    """How many of each residue text holds."""
    return Counter(m.group(0) for m in RESIDUE.finditer(text))


def main():
    cases_path, prog = sys.argv[1], sys.argv[2]
    check = "--assert" in sys.argv[3:]
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    # One run with each case a NUL-separated document; inputs holding NUL
    # bytes (UTF-16) each in a run of their own.
    inputs = [c["in"].encode("latin-1") for c in cases]
    batch = [i for i, b in enumerate(inputs) if b"\0" not in b]
    res = subprocess.run([prog, "-z"], input=b"".join(inputs[i] + b"\0" for i in batch),
                         capture_output=True)
    if res.returncode != 0:
        print("demojibake failed:", res.stderr.decode(errors="replace"))
        return 1
    outs = [None] * len(cases)
    for i, out in zip(batch, res.stdout.split(b"\0")):
        outs[i] = out
    for i, b in enumerate(inputs):
        if outs[i] is None:
            outs[i] = subprocess.run([prog], input=b, capture_output=True).stdout
    if any(o is None for o in outs):
        print("some cases got no output")
        return 1
    stats = defaultdict(lambda: [0, 0, 0])   # total, exact, clean
    kinds, failures = {}, defaultdict(list)
    for c, raw in zip(cases, outs):
        out = raw.decode("utf-8", errors="replace")
        s = stats[c["class"]]
        kinds[c["class"]] = c["kind"]
        s[0] += 1
        exact = out == c["want"]
        clean = exact
        if not exact and c["kind"] == "lossy":
            b, a = c["before"], c["after"]
            mid = out[len(b):len(out) - len(a)] if len(out) >= len(b) + len(a) else None
            want_mid = c["want"][len(b):len(c["want"]) - len(a)]
            # (brackets and question marks the clean text holds are no residue)
            clean = (out.startswith(b) and out.endswith(a) and mid is not None
                     and not residue(mid) - residue(want_mid))
        s[1] += exact
        s[2] += clean
        if not clean and len(failures[c["class"]]) < 3:
            failures[c["class"]].append((c["in"].encode("latin-1").decode("utf-8", "replace"), out, c["want"]))
    failed = False
    print("%-20s %-9s %6s %8s %8s  %s" % ("class", "kind", "cases", "exact", "clean", "verdict"))
    for cls in sorted(stats, key=lambda k: (kinds[k], k)):
        total, exact, clean = stats[cls]
        kind = kinds[cls]
        rate = exact / total if kind != "lossy" else clean / total
        bar = {"lossless": LOSSLESS_BAR, "lossy": LOSSY_BAR, "negative": 1.0}[kind]
        verdict = "ok"
        if rate < bar:
            floor = KNOWN_SHORT.get(cls)
            if floor is not None and rate >= floor:
                verdict = "BELOW BAR %.0f%% (known; floor %.1f%%)" % (bar * 100, floor * 100)
            else:
                verdict = "FAIL (bar %.0f%%)" % (bar * 100)
                failed = True
        print("%-20s %-9s %6d %7.1f%% %7.1f%%  %s" % (cls, kind, total, 100 * exact / total,
                                                     100 * clean / total, verdict))
    for cls, fs in sorted(failures.items()):
        for i, o, w in fs:
            print("  %s: %r -> %r (want %r)" % (cls, i[:60], o[:60], w[:60]))
    return 1 if check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
