#!/bin/sh
# segment-corpus.sh - assemble varied test text for segment from the
# project's own data: the seed pages as they are, their t2s conversion, and
# news-like lines made by mixing their clauses with numbers, dates,
# percentages, English words, URLs, e-mail addresses, full-width digits and
# letters, and punctuation of both widths. Deterministic (fixed seed).
#
# Usage: segment-corpus.sh TOP_SRCDIR [T2S] > corpus.txt
set -eu
LC_ALL=C
export LC_ALL
top=$1
t2s=${2:-}
seeds=$top/testdata/seeds/*.txt

all() {
	cat $seeds
	if [ -n "$t2s" ] && [ -x "$t2s" ]; then
		"$t2s" $seeds
	fi
}

# Whole lines, without their CR (jieba and segment both see lines).
all | tr -d '\r' | grep -v '^$'

# Clauses: the text between Chinese punctuation marks, one a line.
all | tr -d '\r' | sed -e 's/，/\n/g' -e 's/。/\n/g' -e 's/！/\n/g' -e 's/？/\n/g' \
	-e 's/；/\n/g' -e 's/：/\n/g' -e 's/、/\n/g' | grep -v '^[[:space:]]*$' > "${TMPDIR:-/tmp}/segment-clauses.$$"
cat "${TMPDIR:-/tmp}/segment-clauses.$$"

# Mixed lines: clause + fragment + clause, from a fixed pseudo-random walk.
awk -v seed=20241123 '
BEGIN {
	n = split("2024年3月5日|第3.5季度|增长12.5%|GDP|iPhone 15 Pro|COVID-19|5G基站|" \
	    "https://www.example.com/news/2024/0305.html|www.gov.cn|user@example.cn|" \
	    "１２３４５|ＡＢＣ公司|２０２４年|No.1|C++|C#|AT&T|3.14159|100%|-20℃|" \
	    "“你好”|（记者 张三）|【新闻】|《人民日报》|……|——|!|?|...|，|。|；|" \
	    "NASA|OpenAI|Python 3.11|v1.2.3|1,000,000元|$100|¥200|€300|#话题#|@用户|" \
	    "8:30|2024-03-05|13800138000|A股|B超|T恤|K线|X光|Wi-Fi|e-mail|" \
	    "the quick brown fox|Hello, World!|U.S.A.|Dr. Smith|一二三四|〇|々|" \
	    "𠀀𠀁|㐀㐁|ａｂｃ|Ⅻ|①②③|α β γ|表情😀|\t制表|全角　空格", frag, "|")
	srand(seed)
}
{ clause[NR] = $0 }
END {
	for (i = 0; i < 2500; i++) {
		a = clause[int(rand() * NR) + 1]
		b = clause[int(rand() * NR) + 1]
		f = frag[int(rand() * n) + 1]
		g = frag[int(rand() * n) + 1]
		r = rand()
		if (r < 0.25)
			print a f b
		else if (r < 0.5)
			print f a g
		else if (r < 0.75)
			print a " " f " " b g
		else
			print f g a
	}
}' "${TMPDIR:-/tmp}/segment-clauses.$$"
rm -f "${TMPDIR:-/tmp}/segment-clauses.$$"
