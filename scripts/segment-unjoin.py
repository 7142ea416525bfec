#!/usr/bin/python3
"""segment-unjoin - undo segment: remove the delimiters it inserted.

Usage: segment-unjoin.py [DELIM] < segmented > original
       segment-unjoin.py --boundaries [DELIM] < segmented

segment's output alternates tokens and delimiters. A token is either one
character jieba never joins to another (whitespace, punctuation, symbols,
an invalid byte) or a run of the characters it joins (U+4E00..U+9FD5, ASCII
letters and digits, + # & . _ % -), which the delimiter may not contain;
so reading a token, then one delimiter, then a token... is unambiguous, even
when the input held the delimiter itself (it is then a token of its own,
with a delimiter on each side). Line ends (\\n, \\r\\n) carry no delimiter.
With --boundaries, print each line's token end offsets (in characters)
instead, for comparing two segmentations of the same text.
"""
import sys


def is_word_char(c):
    o = ord(c)
    if o < 128:
        return c.isalnum() or c in "+#&._%-"
    return 0x4E00 <= o <= 0x9FD5


def tokens(line, delim):
    out = []
    i, n = 0, len(line)
    while i < n:
        if is_word_char(line[i]):
            j = i
            while j < n and is_word_char(line[j]):
                j += 1
        else:
            j = i + 1
        out.append(line[i:j])
        i = j
        if i < n:
            if not line.startswith(delim, i):
                raise ValueError("no delimiter at offset %d of %r" % (i, line))
            i += len(delim)
    return out


def main():
    args = sys.argv[1:]
    boundaries = bool(args) and args[0] == "--boundaries"
    if boundaries:
        args = args[1:]
    delim = args[0] if args else " "
    data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    out = []
    for line in data.split("\n"):
        end = ""
        if line.endswith("\r"):
            line, end = line[:-1], "\r"
        toks = tokens(line, delim)
        if boundaries:
            pos, ends = 0, []
            for t in toks:
                pos += len(t)
                ends.append(str(pos))
            out.append(" ".join(ends))
        else:
            out.append("".join(toks) + end)
    sys.stdout.buffer.write("\n".join(out).encode("utf-8", "surrogateescape"))


if __name__ == "__main__":
    main()
