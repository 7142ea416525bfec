#!/usr/bin/python3
"""segment-jieba-oracle - what jieba answers, in segment's output format.

Reads UTF-8 lines on stdin and writes, for each, DELIM.join(jieba.cut(line,
HMM=...)) followed by the line's own end, which is exactly what segment
writes. Usage: segment-jieba-oracle.py [--no-hmm] [DICT_DIR] < in > out
(DICT_DIR: use its dict.txt instead of jieba's own.)
"""
import logging
import sys

import jieba


def main():
    args = sys.argv[1:]
    hmm = True
    if args and args[0] == "--no-hmm":
        hmm = False
        args = args[1:]
    jieba.setLogLevel(logging.ERROR)
    if args:
        jieba.set_dictionary(args[0])
    jieba.initialize()
    out = sys.stdout
    for line in sys.stdin:
        body = line[:-1] if line.endswith("\n") else line
        end = line[len(body):]
        if body.endswith("\r") and end:
            body, end = body[:-1], "\r" + end
        out.write(" ".join(jieba.cut(body, HMM=hmm)) + end)


if __name__ == "__main__":
    sys.stdin.reconfigure(encoding="utf-8", newline="")
    sys.stdout.reconfigure(encoding="utf-8", newline="")
    main()
