#!/usr/bin/python3
"""segment-jieba-oracle - what jieba answers, in segment's output format.

Reads UTF-8 lines on stdin and writes, for each, DELIM.join(jieba.cut(line,
HMM=...)) followed by the line's own end, which is exactly what segment
writes. Usage:
  segment-jieba-oracle.py [--no-hmm] [--dict FILE] [--user-dict FILE] < in > out
"""
import logging
import sys

import jieba


def main():
    args = sys.argv[1:]
    hmm, dictionary, user_dict = True, None, None
    while args:
        if args[0] == "--no-hmm":
            hmm = False
            args = args[1:]
        elif args[0] == "--dict":
            dictionary, args = args[1], args[2:]
        elif args[0] == "--user-dict":
            user_dict, args = args[1], args[2:]
        else:
            sys.exit("usage: segment-jieba-oracle.py [--no-hmm] [--dict FILE] [--user-dict FILE]")
    jieba.setLogLevel(logging.ERROR)
    if dictionary:
        jieba.set_dictionary(dictionary)
    jieba.initialize()
    if user_dict:
        jieba.load_userdict(user_dict)
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
