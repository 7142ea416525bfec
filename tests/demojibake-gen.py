#!/usr/bin/python3
"""demojibake-gen.py - corrupted/clean pairs for every class of damage
demojibake repairs, and clean negatives that must not change.

The damage is made with Python's own codecs (not iconv, which demojibake
uses), from clean sentences of the repaired seed pages, in traditional and
(through t2s) simplified characters, with a fixed random seed.

Usage: demojibake-gen.py OUTDIR   (needs $top_srcdir, optionally $BIN)

Writes OUTDIR/cases.json: a list of {"class", "kind", "in", "want",
"before", "after"} where kind is "lossless" (want is the exact repair),
"lossy" (the damage between before and after cannot be undone exactly: the
repair must leave before and after as they are and no residue between) or
"negative" (clean text: want == in). "in" is bytes as latin-1 text, so that
legacy encodings survive JSON.
"""
import bz2
import json
import os
import random
import re
import subprocess
import sys

PER_CLASS = 200
SWAP_SPANS = 6   # spans of each sentence for the Big5/GBK swaps
rng = random.Random(20261123)
top = os.environ.get("top_srcdir", ".")
HAN = re.compile(r"[\u3400-\u9fff]")


def clean_sentences():
    """Sentences of the repaired seed pages: clean, 8 to 60 characters."""
    out = []
    ddir = os.path.join(top, "testdata", "demojibake")
    for name in sorted(os.listdir(ddir)):
        with open(os.path.join(ddir, name), encoding="utf-8") as f:
            text = f.read()
        for line in text.split("\n"):
            for s in re.split(r"(?<=[。；])", line):
                s = s.strip()
                if "\ufffd" in s or "?" in s or "〓" in s or "Copyright" in s:
                    continue
                if 8 <= len(HAN.findall(s)) and len(s) <= 60:
                    out.append(s)
    return sorted(set(out))


def simplified(sentences):
    """The same sentences through t2s, when it is built."""
    t2s = os.path.join(os.environ.get("BIN", ""), "t2s")
    try:
        res = subprocess.run([t2s], input="\n".join(sentences).encode(),
                             capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return [s for s in res.stdout.decode().split("\n") if s]


def readings():
    """Each character's first kMandarin reading."""
    path = os.environ.get("UNIHAN_READINGS", "/usr/share/unicode/Unihan_Readings.txt.bz2")
    opener = bz2.open if path.endswith(".bz2") else open
    r = {}
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkMandarin\t" in line:
                cp, _, value = line.rstrip("\n").split("\t")
                r[chr(int(cp[2:], 16))] = value.split()[0]
    return r


def case(cls, kind, text_in, want, before="", after=""):
    if isinstance(text_in, str):
        text_in = text_in.encode("utf-8")
    return {"class": cls, "kind": kind, "in": text_in.decode("latin-1"),
            "want": want, "before": before, "after": after}


def han_positions(s):
    return [i for i, c in enumerate(s) if HAN.match(c)]


def with_ruby(s, rd):
    return "".join(c + "(" + rd[c] + ")" if c in rd else c for c in s)


def gen_pinyin_residue(sents, rd):
    return [case("pinyin-residue", "lossless", with_ruby(s, rd), s) for s in sents]


def gen_pinyin_lost(sents, rd):
    cases = []
    for s in sents:
        pos = [i for i in han_positions(s)[1:-1] if s[i] in rd]
        if not pos:
            continue
        i = rng.choice(pos)
        stray = "?" + rd[rng.choice(list(rd.keys())[:5000])] + ")" if rng.random() < 0.5 else ""
        before, after = with_ruby(s[:i], rd), with_ruby(s[i + 1:], rd)
        damaged = before + stray + "?" + rd[s[i]] + ")" + after
        cases.append(case("pinyin-lost", "lossy", damaged, s, s[:i], s[i + 1:]))
    return cases


def gen_qmarks(sents):
    cases = []
    for s in sents:
        n = rng.choice([1, 2, 4])
        cases.append(case("lost-indentation", "lossless", "?" * n + s, s))
    for n in (1, 2, 3, 4):
        cases.append(case("lost-whitespace", "lossless", "?" * n, ""))
    names = ["湖北荊楚網絡科技股份有限公司", "ACME Inc.", "威海新聞網", "新华网"]
    for k in range(40):
        year = "%d-20%02d" % (rng.randint(1995, 2010), rng.randint(11, 25))
        line = "Copyright %s %s %s All Rights Reserved" % ("%s", year, rng.choice(names))
        cases.append(case("lost-symbol", "lossless", line % "?", line % "©"))
    return cases


NAMED = {"“": "&ldquo;", "”": "&rdquo;", "、": "&#12289;", "—": "&mdash;"}


def gen_entities(sents):
    cases = []
    for s in sents:
        out = []
        for c in s:
            r = rng.random()
            if c in NAMED:
                out.append(NAMED[c])
            elif HAN.match(c) and r < 0.1:
                out.append("&#%d;" % ord(c))
            elif HAN.match(c) and r < 0.2:
                out.append("&#x%x;" % ord(c))
            else:
                out.append(c)
        damaged = "".join(out)
        if rng.random() < 0.3:
            damaged = damaged.replace("，", "&nbsp;", 1)
            s = s.replace("，", "\u00a0", 1)
        if damaged != s:
            cases.append(case("html-entity", "lossless", damaged, s))
    return cases


def misread(s, enc, wrong, errors="strict"):
    return s.encode(enc).decode(wrong, errors=errors)


def cp1252_misread(b):
    """Bytes as a Windows-1252 decoder shows them (undefined bytes as the
    C1 controls, the way browsers do)."""
    return "".join(bytes([x]).decode("cp1252") if x not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(x) for x in b)


def span_damage(sents, cls, kind, damage, simplified_only=False, pick=rng):
    """Damage one clause of each sentence; the rest stays clean."""
    cases = []
    for s in sents:
        pos = han_positions(s)
        if len(pos) < 6:
            continue
        a = pick.randint(1, len(s) // 2)
        b = min(len(s) - 1, a + pick.randint(2, 8))
        try:
            bad = damage(s[a:b])
        except (UnicodeError, ValueError):
            continue
        if bad is None or bad == s[a:b]:
            continue
        cases.append(case(cls, kind, s[:a] + bad + s[b:], s, s[:a], s[b:]))
    return cases


def line_damage(sents, cls, kind, damage):
    """Damage whole sentences, as when a page's lines are read with the
    wrong code page (the common case for Big5 and GBK)."""
    cases = []
    for s in sents:
        try:
            bad = damage(s)
        except (UnicodeError, ValueError):
            continue
        if bad != s:
            cases.append(case(cls, kind, bad, s))
    return cases


def gen_mixups(trad, simp):
    both = trad + simp
    cases = []
    cases += span_damage(both, "utf8-as-gbk", "lossy",
                         lambda t: misread(t, "utf-8", "gbk", "replace"))
    cases += span_damage(both, "utf8-as-cp1252", "lossless",
                         lambda t: cp1252_misread(t.encode("utf-8")))
    cases += span_damage(both, "utf8-as-latin1", "lossless",
                         lambda t: t.encode("utf-8").decode("latin-1"))
    cases += span_damage(both, "double-utf8", "lossless",
                         lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1"))
    cases += span_damage(both, "gbk-as-latin1", "lossless",
                         lambda t: t.encode("gbk").decode("latin-1"))
    cases += span_damage(trad, "big5-as-gbk", "lossless",
                         lambda t: misread(t, "big5", "gbk"))
    cases += span_damage(simp, "gbk-as-big5", "lossless",
                         lambda t: misread(t, "gbk", "big5"))
    # One span a sentence left these two some 20 and 70 cases (most Big5
    # pieces hold a pair GBK leaves undefined, and the reverse): too few to
    # tell a change of a few points. More spans of each sentence, from a
    # generator of their own so that the other classes keep their samples.
    more, seen = random.Random("swaps"), {c["in"] for c in cases}
    for _ in range(SWAP_SPANS - 1):
        for c in (span_damage(trad, "big5-as-gbk", "lossless",
                              lambda t: misread(t, "big5", "gbk"), pick=more) +
                  span_damage(simp, "gbk-as-big5", "lossless",
                              lambda t: misread(t, "gbk", "big5"), pick=more)):
            if c["in"] not in seen:
                seen.add(c["in"])
                cases.append(c)
    cases += line_damage(trad, "big5-as-gbk-line", "lossless",
                         lambda t: misread(t, "big5", "gbk"))
    # Most Big5 lines hold pairs that are user-defined in GBK (leads A1-A7
    # with trails 40-A0): a decoder shows something else for them.
    cases += line_damage(trad, "big5-as-gbk-line-lossy", "lossy",
                         lambda t: misread(t, "big5", "gbk", "replace"))
    cases += line_damage(simp, "gbk-as-big5-line", "lossless",
                         lambda t: misread(t, "gbk", "big5"))
    cases += span_damage(both, "kun-jin-kao", "lossy",
                         lambda t: ("\ufffd" * rng.randint(1, 3)).encode("utf-8").decode("gbk", "replace"))
    # The same in Taiwan, where U+FFFD read as Big5 is 嚙踝蕭 (a generator
    # of its own, as above).
    big5_pick = random.Random("kun-jin-kao-big5")
    cases += span_damage(trad, "kun-jin-kao-big5", "lossy",
                         lambda t: ("\ufffd" * big5_pick.randint(1, 3)).encode("utf-8").decode("big5", "replace"),
                         pick=big5_pick)
    cases += span_damage(both, "tang-tun", "lossy",
                         lambda t: rng.choice(["烫", "屯"]) * rng.choice([2, 4, 6]))
    cases += span_damage(both, "replacement-run", "lossy",
                         lambda t: "\ufffd" * rng.randint(2, 6))
    cases += span_damage(both, "shifted-gbk", "lossy", shifted_gbk)
    # UTF-8 read as Windows-1252 by a decoder that drops the five bytes it
    # leaves undefined (errors="ignore"): bytes lost inside characters (a
    # generator of its own, as above).
    cases += span_damage(both, "utf8-as-cp1252-dropped", "lossy",
                         lambda t: t.encode("utf-8").decode("cp1252", "ignore"),
                         pick=random.Random("utf8-as-cp1252-dropped"))
    # The same read with errors="replace", as Python scrapers do: U+FFFD
    # where each undefined byte was (a byte of five to choose back).
    cases += span_damage(both, "utf8-as-cp1252-replace", "lossy",
                         lambda t: t.encode("utf-8").decode("cp1252", "replace"),
                         pick=random.Random("utf8-as-cp1252-replace"))
    return cases


def gen_misread_pages(sents, codec):
    """Whole documents of UTF-8 read as GBK, as a page of 古文码 is: menu
    items, a navigation line with no-break spaces, clauses of the article, a
    copyright line. The short lines and the symbols are repaired only because
    the page as a whole shows it is misread. Lines are chosen that lose no
    byte, so that the repair must be exact. GB18030 (as browsers and Windows
    decode GBK) shows Private Use characters where GBK has no character."""
    import jieba
    gbk_reading = lambda t: t.encode("utf-8").decode(codec)
    # A generator of its own, so that the other classes keep their samples.
    pick = random.Random(codec)
    jieba.setLogLevel(60)
    def decodes(t):
        try:
            gbk_reading(t + "\n")
            return True
        except UnicodeError:
            return False
    clauses = sorted({c for s in sents for c in re.split("[，,。；、：:]", s)
                      if len(HAN.findall(c)) >= 5 and decodes(c)})
    words = sorted({w for s in sents for w in jieba.lcut(s)
                    if 2 <= len(w) <= 4 and len(HAN.findall(w)) == len(w) and decodes(w)})
    cases = []
    for k in range(PER_CLASS // 2):
        if len(clauses) < 2 or len(words) < 3:
            break
        items = pick.sample(words, 3)
        lines = items[:2] + ["首页\u00a0\u00a0>\u00a0\u00a0" + items[2]] + pick.sample(clauses, 2)
        lines.append("Copyright © %d %s" % (pick.randint(1998, 2025),
                                            pick.choice(["Sina", "Phoenix New Media", "Tencent"])))
        text = "\n".join(lines) + "\n"
        try:
            bad = gbk_reading(text)
        except UnicodeError:
            continue
        cases.append(case("utf8-as-%s-page" % codec, "lossless", bad, text))
    return cases


def shifted_gbk(t):
    """GBK bytes decoded one byte out of step, '?' where nothing decodes.
    A shift starts and ends inside a double-byte character: ASCII at the
    ends of the clause stays (every ASCII byte puts a GBK decoder back in
    step, and none is half of a character)."""
    core = t.strip("".join(chr(c) for c in range(128)))
    if len(core) < 2:
        return None
    head, tail = t[:t.index(core)], t[t.index(core) + len(core):]
    b = core.encode("gbk")
    return head + "?" + b[1:-1].decode("gbk", "replace").replace("\ufffd", "?") + "?" + tail


LATIN = ["café", "naïve", "résumé", "Zürich", "São Paulo", "crème brûlée", "piñata",
         "Ångström", "Dvořák", "façade", "jalapeño", "Björk", "Curaçao", "déjà vu"]
SYMBOLS = ["5 × 3 = 15", "2 ÷ 4", "Rating: ★★★☆☆", "Next → page", "✔ No problems",
           "ACME™ brand", "25℃ today", "① ② ③", "x ≤ 10", "Ⅲ phase", "● item",
           "Price: £100", "Wait…", "10 – 20", "It’s"]


def gen_latin():
    cases = []
    for k in range(PER_CLASS):
        word = rng.choice(LATIN)
        s = "We met at the %s on %s." % (word, rng.choice(["Monday", "Tuesday", "Friday"]))
        bad = s.replace(word, word.encode("utf-8").decode("cp1252", "replace"))
        if bad != s and "\ufffd" not in bad:
            cases.append(case("latin-mojibake", "lossless", bad, s))
        q = "She said “%s” and left." % word
        badq = cp1252_misread(q.encode("utf-8"))
        cases.append(case("latin-mojibake", "lossless", badq, q))
    # Symbols alone, as ftfy repairs them (no random draw: the cases after
    # these stay as they were).
    for s in SYMBOLS:
        cases.append(case("latin-mojibake", "lossless", cp1252_misread(s.encode("utf-8")), s))
    return cases


def gen_legacy(trad, simp):
    cases = []
    for s in rng.sample(simp, min(60, len(simp))):
        try:
            for enc in ("gb18030", "gbk"):
                cases.append(case("legacy-" + enc, "lossless", s.encode(enc), s))
            short = s[:7]
            cases.append(case("legacy-short-gbk", "lossless", short.encode("gbk"), short))
        except UnicodeError:
            pass
    # UTF-16 holds NUL bytes: each case is a run of its own, so fewer.
    for s in rng.sample(simp, min(20, len(simp))):
        cases.append(case("legacy-utf-16", "lossless", s.encode("utf-16"), s))
        cases.append(case("legacy-utf-16le", "lossless", s.encode("utf-16-le"), s))
    for s in rng.sample(trad, min(60, len(trad))):
        try:
            cases.append(case("legacy-big5", "lossless", s.encode("big5"), s))
            cases.append(case("legacy-short-big5", "lossless", s[:7].encode("big5"), s[:7]))
        except UnicodeError:
            pass
    # One line of a UTF-8 page in GBK or Big5 (pages joined from two
    # sources): between two lines of UTF-8, so that the page as a whole is
    # UTF-8 (a generator of its own: the classes above keep their cases).
    pick = random.Random("legacy-line")
    for sents, enc in ((simp, "gbk"), (trad, "big5")):
        for s in pick.sample(sents, min(60, len(sents))):
            a, b = pick.sample(sents, 2)
            try:
                bad = s.encode(enc)
            except UnicodeError:
                continue
            cases.append(case("legacy-line-" + enc, "lossless",
                              (a + "\n").encode() + bad + ("\n" + b).encode(),
                              a + "\n" + s + "\n" + b))
    return cases


NEGATIVES = [
    "拼音(pīnyīn)是汉字的注音方法。", "汉语拼音(Hànyǔ Pīnyīn)方案", "你好吗?我很好!",
    "What? Really? Yes.", "😀👍 表情符号🎉", "café, naïve, Ångström, Dvořák",
    "“锟斤拷”是一种常见的乱码。", "３月２３日，「引号」……——《书名》【注】",
    "R&D 部门 & 研发", "甲方(A)与乙方(B)签订合同，方案(a)。", "问: 为什么? 答: 因为。",
    "Copyright 2001-2025 All Rights Reserved", "价格: ¥100 / €20 / £15",
    "第1页(共3页)", "C++ 与 C# 的区别?", "x = (a + b) * c;", "温度 25°C, 湿度 60%",
    "«Bonjour» dit-il, «ça va?»", "Ελληνικά και русский текст", "日本語のテキスト、カタカナ",
    "Привет, мир! Как дела?", "Γειά σου κόσμε", "こんにちは、世界", "안녕하세요, 세계",
    # Latin-1 and Windows-1252 text: what GBK read as 1252 also looks like
    "Ça coûte 5 € à Zürich — naïve façade, déjà vu.",
    "¡Ándale! ¿Qué pasó? El niño comió piñata y jalapeño.",
    "„Anführungszeichen“ und ‚halbe‘ – Grüße aus Köln.",
    "“Smart quotes” and ‘single’ ones… with ™, ©, ® and ‰.",
    "Œuvre, Šibenik, Žižek, ƒ(x), 3200×1440 ÷ 2 ± ½ ¾ ² ³ ° ´ ¨",
    "我在Zürich的café喝了一杯crème，很好。",
    # Genuine question marks in Chinese: none of them is a lost GBK byte.
    "他会来吗?我不知道。", "这是真的?我不信", "为什么?因为下雨了", "谜底揭晓?专家说可能是巨鳗",
    "谁赢了?结果明天公布", "你去哪儿了??快回来", "真的吗??我不信", "这是为什么呢??谁知道",
    "怎么办???急求", "你是谁???我不认识你", "好吧??那就这样", "不会吧??太夸张了",
    "什么???真的假的", "是不是??你说", "有没有??快说", "你疯了??快停下", "这样??不行",
    "详见 http://www.example.com/news?id=123&page=2 页面", "链接:https://example.cn/s?q=中国&lang=zh",
    "访问 /index.php?cat=5 查看", "What?? No way.", "Really??? OK", "error code ?? unknown",
    "SELECT * FROM t WHERE a = ? AND b = ?", "时间:??:?? 地点:???", "姓名:??? 电话:???",
    "问:房价会涨?答:不好说", "考试过了?过了!", "他真的来了?来了",
    # Symbols of ratings and lists, other scripts, and Latin text that
    # read as Chinese one way or another (from Debian's message catalogues)
    "【重磅】★★★★☆ 推荐指数", "评分：★★★☆☆", "①第一点；②第二点；③第三点",
    "Ⅰ类、Ⅱ类、Ⅲ类", "α、β、γ射线", "温度：-5℃~3℃，湿度≥80%", "●●● 要点 ●●●",
    "下一页 → 上一页 ←", "✔ 已完成 ✘ 未完成", "日本の首相は「検討する」と述べた。",
    "서울특별시 인구", "Москва — столица России.", "Échec de l'opération\u00a0: %s",
    "indonéština, bangladéšská, tímtéž", "non géré\u00a0: créé\u00a0!", "¡¡¡HAY UN ERROR!!!",
    "¿¿?? días", "Datum (ÅÅÅÅ-MM-DD)", "Qual é o quê?", "取代既有的金鑰? (y/N)",
    "演員鞠婧禕", "佢哋今日去咗邊度？我哋喺度等緊你。",
    "┌──────┬──────┐", "│ 项目 │ 金额 │", "└──────┴──────┘", "(╯°□°）╯︵ ┻━┻",
    "◆◇◆ 精彩推荐 ◆◇◆", "▲返回顶部 ▼展开更多", "㈠㈡㈢ ⑴⑵⑶ ⒈⒉⒊",
]


def gen_negatives(trad, simp):
    cases = [case("negative", "negative", s, s) for s in trad + simp]
    cases += [case("negative", "negative", s, s) for s in NEGATIVES]
    return cases


def main():
    outdir = sys.argv[1]
    trad = clean_sentences()
    simp = simplified(trad)
    rd = readings()
    sample = lambda xs: rng.sample(xs, min(PER_CLASS, len(xs)))
    cases = []
    cases += gen_pinyin_residue(sample(trad + simp), rd)
    cases += gen_pinyin_lost(sample(trad + simp), rd)
    cases += gen_qmarks(sample(trad + simp))
    cases += gen_entities(sample(trad + simp))
    cases += gen_mixups(sample(trad), sample(simp))
    cases += gen_misread_pages(simp + trad, "gbk")
    cases += gen_misread_pages(simp + trad, "gb18030")
    cases += gen_latin()
    cases += gen_legacy(trad, simp)
    cases += gen_negatives(trad, simp)
    with open(os.path.join(outdir, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False)
    print("%d cases from %d traditional and %d simplified sentences"
          % (len(cases), len(trad), len(simp)))


if __name__ == "__main__":
    main()
