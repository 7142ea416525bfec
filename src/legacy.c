/*
 * legacy.c - which encoding a whole document is in: UTF-8 (possibly
 * damaged), GB18030 (a superset of GBK and GB2312), Big5 (as Microsoft's
 * CP950) or UTF-16.
 *
 * A byte order mark decides at once. Valid UTF-8 is UTF-8 unless its NUL
 * bytes fall in the pattern of UTF-16 text, or it has no character of
 * three bytes or more and a legacy reading wins clearly (see UTF8_MARGIN).
 * Otherwise each candidate decodes the head through iconv and the
 * character model scores the result per character: real text in the right
 * encoding is made of common characters, the wrong decodings of rare ones
 * and decoding errors. So even a 20-byte line is enough; but a reading
 * that leaves bytes undecoded, makes only rare characters or a single one
 * is none (enough_legacy), and UTF-16 without its NUL bytes must read as
 * Chinese throughout (could_be_utf16). A head with fewer invalid bytes than half its
 * valid UTF-8 characters of three bytes or more is damaged UTF-8, left to
 * the repairs; in between, UTF-8 competes with the legacy encodings before
 * the model, unless the head has as many lines of clean UTF-8 as of bad
 * bytes: then it is UTF-8 with lines in GBK or Big5, which
 * zc_legacy_reader_line reads one by one, under stricter rules (most lines
 * with bad bytes in a UTF-8 document are UTF-8 that lost some), keeping the
 * UTF-8 about them on the line (a label before a value).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"
#include "charmodel.h"
#include "legacy.h"

#define PENALTY_ERROR -25.0     /* per byte iconv cannot decode */
/* Kana, bopomofo and box drawing out of a double-byte code page: rows a
 * Chinese document seldom uses, where the other code page's commonest Han
 * fall (Big5's 一 to 乙, leads 0xA4-0xA5, are GBK's kana). */
#define PENALTY_SYMBOL_ROW -4.0
/* NUL bytes on one side that make UTF-16 (its ASCII's high bytes), or in
 * an input under 4 * MIN_NULS bytes of even length MIN_NULS_SHORT */
#define MIN_NULS 8
#define MIN_NULS_SHORT 2
/* What a legacy reading of valid UTF-8 made of two-byte characters alone
 * must gain for each of them: GBK and Big5 text of a few characters is such
 * UTF-8 by chance (系统通知 is ϵͳ֪ͨ, Greek, Hebrew and a combining
 * mark), while Greek, Cyrillic or accented Latin text reads in them as
 * rare Han (Привет as 袩褉懈胁械褌, café as caf茅). */
#define UTF8_MARGIN 3.0
/* What a GBK or Big5 reading of damaged UTF-8 must gain for each
 * character (see best_by_model): short UTF-8 with a few bad bytes
 * (时间�不能是 as 徭椂闂存堜笉能是) reads as rare Han in GBK, a little
 * likelier than bytes no decoder takes; a document in GBK reads as common
 * Han, far likelier. (UTF-16 has a test of its own: could_be_utf16.) */
#define DAMAGED_UTF8_MARGIN 2.0
/* A legacy reading must make this many characters from U+0080 up, and no
 * more than one decoding error for this many of them. */
#define MIN_LEGACY_CHARS 2
/* ... and its characters from U+0080 up must average this log-probability
 * (text in the right encoding averages -4 to -9, a short line of rare
 * names (尤妮佳) -10; Han read from the wrong bytes, -10 to -17). */
#define LEGACY_PLAUSIBLE -10.5
#define MIN_UTF16_UNITS 4
#define MAX_ERROR_SHARE 32
/* A line of a UTF-8 document is read as GBK or Big5 (zc_legacy_reader_line)
 * under stricter rules than a document, for there most lines with bad bytes
 * are UTF-8 that lost some, and Korean and Japanese in EUC-KR and EUC-JP
 * read in GBK or Big5 too (마운트 위치 as 付款飘 困摹): its invalid bytes
 * must be at least LINE_INVALID_SHARE times its valid UTF-8 characters of
 * three bytes or more; the reading must average LINE_PLAUSIBLE per
 * character from U+0080 up; at most one in LINE_SYMBOL_SHARE of them may be
 * kana, bopomofo or box drawing; one Han pair in LINE_WORD_SHARE at least,
 * and one at any rate, must be a word of the model, unless the reading
 * has LINE_PAIRS_UNWORDED Han pairs, averages LINE_PLAUSIBLE_UNWORDED and
 * holds a byte pair Korean has not (see could_be_korean: an ICP footer,
 * 鄂ICP备 13000573号-1 鄂公网安备, makes no word of the model); and the line
 * must not read as Japanese in EUC-JP (see reads_as_japanese). Measured,
 * each line after a line of UTF-8: of 2,961 lines of GBK or Big5 from news
 * pages none is read wrong and 313 stay as they are (of one or two
 * characters, valid UTF-8 by chance, or new words: 微博); of Debian's
 * catalogue lines, 2,894 of 2,999 in GBK and 2,912 of 2,995 in Big5 are
 * read right, 5 of 2,997 in EUC-KR and none of 2,997 in EUC-JP read wrong,
 * none of some 27,000 in Latin, Cyrillic, Greek, Arabic and Thai code
 * pages but 3; of 20,000 lines of UTF-8 with one to three bytes damaged,
 * one (\xE7\xCE\xE7\xBF, 缥缈). A share of 3 took 15 lines of EUC-KR and
 * EUC-JP less for 70 of GBK and Big5. Without a word, two pairs read four
 * of those Cyrillic lines as Han (СТРОКА as 岩形世) and four more of 3,021
 * runs of kanji in EUC-JP; no Korean guard, 20 lines of EUC-KR (부적절한
 * 인접 요소 as 何利例茄 牢立 夸家); -9.0, two runs of kanji (気象庁発表 as
 * 丹据模券山, -8.5).
 *
 * UTF-8 around such bytes is kept (来源： + GBK + （完）, see next_part and
 * zc_legacy_reader_line; UTF-8 letters of two bytes about the run too,
 * where they make a word: 作者：Lǐ Míng + GBK, see narrow_to_invalid):
 * the part between is read under the same rules
 * if it makes LINE_TAIL_CHARS characters at least and does not read as
 * UTF-8 cut in every character (a damaged UTF-8 line lost bytes of one or
 * two), or each part between UTF-8 on its own (来源： + GBK + 　作者： + GBK).
 * Of those catalogue lines with a UTF-8 label, suffix or both, 2,592 in
 * GBK and 2,678 in Big5 are read right (28 and 0 before; most of the rest
 * have a character of two bytes at an edge, see latin1_at_edge); of the
 * same in EUC-KR one and in EUC-JP none are read wrongly, of 50,000 random
 * high bytes after a label 4. Of lines of two values, 1,713 of 2,997 in
 * GBK and 1,681 of 2,991 in Big5 are read whole, most others in one value
 * (the other too short or no word); 2 in EUC-KR are read wrongly. Of some
 * 1,000,000 lines of UTF-8 with one to three bytes damaged, deleted or
 * replaced, 13 are now read wrongly in part (期望 + 中中内 cut in the same
 * way reads 涓涓鍐 unless every pair is so). Where every byte pair could be
 * Korean (could_be_korean) and a space stands between two of them with no
 * letter between, as between Korean words, more than one pair in
 * KOREAN_WORD_SHARE must be a word (파일, file, reads as 颇老, a word of
 * the model); and what reads as kana in EUC-JP is left (see
 * reads_as_japanese). These two took 9 lines of EUC-KR and 4 of EUC-JP out
 * of those read wrongly as whole lines, none of GBK or Big5. */
#define LINE_INVALID_SHARE 2
#define LINE_PLAUSIBLE -9.0
#define LINE_SYMBOL_SHARE 10
#define LINE_WORD_SHARE 4
#define LINE_PAIRS_UNWORDED 4
#define LINE_PLAUSIBLE_UNWORDED -8.0
#define LINE_TAIL_CHARS 3
#define KOREAN_WORD_SHARE 2
#define JAPANESE_KANA 4
#define NARROW_MARGIN 4.0
/* (see invalid_early) */
#define LINE_PEEK 64

struct candidate {
	const char *name;   /* iconv name returned */
	const char *from;   /* iconv name decoded with */
};

static const struct candidate candidates[] = {
	{NULL, "UTF-8"},    /* damaged UTF-8 competes too */
	{"GB18030", "GB18030"},
	{"CP950", "CP950"},
	{"UTF-16LE", "UTF-16LE"},
	{"UTF-16BE", "UTF-16BE"},
};

/* Valid UTF-8 (an incomplete character at the end of an unfinished head
 * allowed); counts invalid bytes and characters of three bytes or more
 * in the assigned planes (0-3). (Two-byte characters are no evidence: Big5
 * and GBK text makes them by chance all the time, a lead byte 0xC2-0xDF
 * before a trail 0x80-0xBF; nor is U+7AE25, which no text holds.) */
/* A three-byte UTF-8 character with a lead of E1-EC or EE-EF: never an
 * overlong form or a surrogate, so valid whatever its continuations. */
static int
is_plain_three_byte(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	return n >= 3 && ((s[0] >= 0xE1 && s[0] <= 0xEC) || s[0] >= 0xEE) && s[0] <= 0xEF &&
	       (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80;
}

/* The alphabet of a two-byte UTF-8 character: Latin (with IPA, modifier
 * letters and combining marks), Greek, Cyrillic, Armenian, Hebrew, Arabic,
 * the rest (Syriac, Thaana, NKo); as bits. */
static unsigned
alphabet_bit(uint32_t cp)
{
	static const uint32_t starts[] = {0x370, 0x400, 0x530, 0x590, 0x600, 0x700};
	unsigned k;

	for (k = 0; k < sizeof starts / sizeof *starts && cp >= starts[k]; k++)
		;
	return 1u << k;
}

/* (two_byte: how many two-byte characters; alphabets: theirs, as bits) */
static void
count_utf8(const char *s, size_t len, size_t *invalid, size_t *multi,
           size_t *two_byte, unsigned *alphabets)
{
	/* (a character cut by the end, of the head or of the input, is
	 * no invalid byte: the input was cut, in whatever encoding) */
	size_t i = 0, k, end = zc_utf8_complete_prefix(s, len);
	uint32_t cp;

	*invalid = *multi = *two_byte = 0;
	*alphabets = 0;
	while (i < end) {
		/* Every document is asked: ASCII and the common three-byte
		 * characters are counted here without a call. */
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (is_plain_three_byte(s + i, end - i)) {
			++*multi;
			i += 3;
			continue;
		}
		k = zc_utf8_decode(s + i, end - i, &cp);
		if (cp == ZC_INVALID)
			++*invalid;
		else if (k > 2 && cp < 0x40000)
			++*multi;
		else if (k == 2) {
			++*two_byte;
			*alphabets |= alphabet_bit(cp);
		}
		i += k;
	}
}

/* Whether alphabet bits name two alphabets or more: text in any one
 * language keeps to one (with Latin), GBK and Big5 bytes read as UTF-8
 * jump between them (系统通知 as ϵͳ֪ͨ: Greek, Hebrew and a combining
 * mark). Only then may a legacy reading of valid UTF-8 compete: accented
 * Latin alone reads in GBK as common Han (Côte as C么te). */
static int
mixes_alphabets(unsigned alphabets)
{
	return (alphabets & (alphabets - 1)) != 0;
}

/* Whether as many of the head's lines are UTF-8 holding characters of
 * three bytes or more, with no invalid byte, as lines with one: a UTF-8
 * page with some lines in GBK or Big5 (pages joined from two sources), read
 * as UTF-8 and those lines each in its own encoding (zc_legacy_reader_line). A
 * line of GBK is such UTF-8 only by chance, and seldom twice a line. */
static int
mostly_utf8_lines(const char *head, size_t len)
{
	size_t utf8_lines = 0, bad_lines = 0, invalid, multi, two_byte, n;
	const char *end = head + len, *nl;
	unsigned alphabets;

	for (; head < end; head += n) {
		nl = memchr(head, '\n', (size_t)(end - head));
		n = nl ? (size_t)(nl - head) + 1 : (size_t)(end - head);
		count_utf8(head, n, &invalid, &multi, &two_byte, &alphabets);
		bad_lines += invalid > 0;
		utf8_lines += invalid == 0 && multi >= 2;
	}
	return utf8_lines >= bad_lines;
}

/* UTF-16 text with any ASCII in it has NUL high bytes, all on one side. */
static const char *
utf16_by_nuls(const unsigned char *s, size_t len)
{
	/* ("Hello 世界" has six NUL bytes, "新闻 News" five) */
	size_t i, even = 0, odd = 0,
	       need = len < 4 * MIN_NULS && len % 2 == 0 ? MIN_NULS_SHORT : MIN_NULS;

	if (memchr(s, 0, len) == NULL)   /* the common case, at memchr's speed */
		return NULL;
	for (i = 0; i + 1 < len; i += 2) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	if (odd >= need && even == 0 && odd * 4 >= len / 2)
		return "UTF-16LE";
	if (even >= need && odd == 0 && even * 4 >= len / 2)
		return "UTF-16BE";
	return NULL;
}

static int
is_symbol_row(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3100 && cp <= 0x312F) ||
	       (cp >= 0x2500 && cp <= 0x257F);
}

/* Whether the UTF-16 code unit cp is one that Chinese text is made of:
 * ASCII, Latin letters (pinyin's tones), general and CJK punctuation, kana,
 * Han, full-width forms. */
static int
is_chinese_unit(uint32_t cp)
{
	return (cp >= 0x20 && cp < 0x7F) || cp == '\n' || cp == '\r' || cp == '\t' ||
	       (cp >= 0xA0 && cp <= 0x2FF) || (cp >= 0x2000 && cp <= 0x206F) ||
	       (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* Whether the head could be UTF-16 (big_endian or not) of Chinese text,
 * where too few NUL bytes stand in ASCII's place to tell (see
 * utf16_by_nuls): nine code units in ten must be what Chinese text is
 * made of, and there must be MIN_UTF16_UNITS of them; a few bad bytes in
 * short UTF-8 read so as Hangul and private-use characters (医\xE5\xBC),
 * or, in one case of ten, as two Han characters. */
static int
could_be_utf16(const unsigned char *s, size_t len, int big_endian)
{
	size_t i, units = 0, chinese = 0;

	for (i = 0; i + 1 < len; i += 2, units++)
		chinese += is_chinese_unit(big_endian ? (uint32_t)s[i] << 8 | s[i + 1] :
		                                        (uint32_t)s[i + 1] << 8 | s[i]);
	return units >= MIN_UTF16_UNITS && chinese * 10 >= units * 9;
}

/* What a decoding made besides its score (see score_decoding). */
struct decoding {
	size_t chars;       /* characters, a byte it could not decode one */
	size_t errors;      /* bytes it could not decode */
	size_t non_ascii;   /* characters from U+0080 up */
	double non_ascii_logp;   /* their log-probabilities, summed */
	size_t symbol_rows;      /* of them, kana, bopomofo and box drawing
	                          * (of GBK and Big5) */
	size_t kana;             /* of them, kana */
	size_t alphabets;        /* of them, Greek, Cyrillic and box drawing */
	size_t han_pairs;        /* Han after Han */
	size_t word_pairs;       /* of them, of a word of the model */
	double score;            /* what score_decoding returned */
};

/* The reader's decoder from `from` to UTF-8, opened the first time, in its
 * initial state; (iconv_t)-1 if iconv has none. */
static iconv_t
decoder(zc_legacy_reader *r, const char *from)
{
	size_t k;

	for (k = 0; k < ZC_LEGACY_DECODERS && r->from[k] != NULL; k++)
		if (strcmp(r->from[k], from) == 0) {
			if (r->cd[k] != (iconv_t)-1)
				iconv(r->cd[k], NULL, NULL, NULL, NULL);
			return r->cd[k];
		}
	if (k == ZC_LEGACY_DECODERS)
		return (iconv_t)-1;   /* (more than this file asks for) */
	/* (one iconv lacks is asked for no more) */
	r->cd[k] = iconv_open("UTF-8", from);
	r->from[k] = from;
	return r->cd[k];
}

/* Mean log-probability per character of the head decoded from `from`,
 * with what else it made in *d. */
static double
score_decoding(zc_legacy_reader *r, const char *from, const char *head,
               size_t len, struct decoding *d)
{
	const zc_charmodel *m = r->model;
	iconv_t cd = decoder(r, from);
	char *in = (char *)head, *outbuf, *op;
	size_t il = len, ol, cap = len * 4 + 16, chars = 0, errors = 0, i, k;
	double sum = 0;
	uint32_t cp, prev = 0;
	int double_byte;
	double lp;

	memset(d, 0, sizeof *d);
	if (cd == (iconv_t)-1 || (outbuf = malloc(cap)) == NULL)
		return -1e9;
	op = outbuf;
	ol = cap;
	while (il > 0) {
		if (iconv(cd, &in, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == EINVAL)
			break;           /* a character cut by the end of the head or input */
		if (errno == E2BIG)
			break;
		errors++;
		in++;
		il--;
	}
	double_byte = strcmp(from, "GB18030") == 0 || strcmp(from, "CP950") == 0;
	d->errors = errors;
	for (i = 0; i < cap - ol; i += k, chars++, prev = cp) {
		k = zc_utf8_decode(outbuf + i, cap - ol - i, &cp);
		lp = zc_charmodel_char_logp(m, prev, cp);
		if (zc_is_han(prev) && zc_is_han(cp)) {
			d->han_pairs++;
			d->word_pairs += zc_charmodel_in_word(m, prev, cp);
		}
		if (cp >= 0x80) {
			d->non_ascii++;
			d->non_ascii_logp += lp;
			d->kana += cp >= 0x3040 && cp <= 0x30FF;
			d->alphabets += (cp >= 0x370 && cp < 0x530) || (cp >= 0x2500 && cp <= 0x257F);
		}
		sum += lp;
		if (double_byte && is_symbol_row(cp)) {
			sum += PENALTY_SYMBOL_ROW;
			d->symbol_rows++;
		}
	}
	free(outbuf);
	d->chars = chars + errors;
	sum += PENALTY_ERROR * (double)errors;
	return d->score = sum / (double)(chars + errors ? chars + errors : 1);
}

/* Whether a legacy decoding is evidence enough: a document in a legacy
 * encoding decodes with next to no error, into characters of text, not
 * the rare ones a wrong reading makes (是否播放 as 鏄惁鎾斁); and one
 * character of two bytes is no document (naïve as na鴳e, ok + a cut UTF-8
 * character as ok 寮). */
static int
enough_legacy(const struct decoding *d)
{
	return d->non_ascii >= MIN_LEGACY_CHARS && d->errors * MAX_ERROR_SHARE <= d->non_ascii &&
	       d->non_ascii_logp >= LEGACY_PLAUSIBLE * (double)d->non_ascii;
}

/* What a legacy decoding d must beat UTF-8 by (per character, as the
 * scores are): utf8_margin, where the head is valid UTF-8; where it is
 * damaged, DAMAGED_UTF8_MARGIN for each character from U+0080 up of a GBK
 * or Big5 reading. */
static double
margin_over_utf8(const struct decoding *d, int utf16, double utf8_margin, int damaged)
{
	if (!damaged)
		return utf8_margin;
	if (utf16 || d->chars == 0)
		return 0;
	return DAMAGED_UTF8_MARGIN * (double)d->non_ascii / (double)d->chars;
}

/* The reader's model, opened now if it has none (NULL if that fails). */
static const zc_charmodel *
reader_model(zc_legacy_reader *r)
{
	if (r->model == NULL && zc_charmodel_open(&r->opened) == ZC_OK)
		r->model = r->opened;
	return r->model;
}

/* The best decoding of the head by the model (see margin_over_utf8). */
static const char *
best_by_model(zc_legacy_reader *r, const char *head, size_t len, double utf8_margin,
              int damaged, struct decoding *won)
{
	const char *best = NULL, *from;
	double score, best_score = -1e9;
	size_t i;
	struct decoding d;
	int utf16;

	if (reader_model(r) == NULL)
		return "GB18030";   /* no model: the commonest legacy encoding */
	for (i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		from = candidates[i].from;
		utf16 = strncmp(from, "UTF-16", 6) == 0;
		if (utf16 && !could_be_utf16((const unsigned char *)head, len,
		                             strcmp(from, "UTF-16BE") == 0))
			continue;
		score = score_decoding(r, from, head, len, &d);
		if (candidates[i].name != NULL) {   /* a legacy reading */
			if (!enough_legacy(&d))
				continue;
			score -= margin_over_utf8(&d, utf16, utf8_margin, damaged);
		}
		if (score > best_score) {
			best_score = score;
			best = candidates[i].name;
			*won = d;
		}
	}
	return best;
}

void
zc_legacy_reader_init(zc_legacy_reader *r, const zc_charmodel *model)
{
	memset(r, 0, sizeof *r);
	r->model = model;
}

void
zc_legacy_reader_free(zc_legacy_reader *r)
{
	size_t k;

	for (k = 0; k < ZC_LEGACY_DECODERS && r->from[k] != NULL; k++)
		if (r->cd[k] != (iconv_t)-1)
			iconv_close(r->cd[k]);
	zc_charmodel_close(r->opened);
	zc_legacy_reader_init(r, NULL);
}

const char *
zc_legacy_detect(const zc_charmodel *model, const char *head, size_t len)
{
	zc_legacy_reader r;
	const char *name;

	zc_legacy_reader_init(&r, model);
	name = zc_legacy_reader_detect(&r, head, len);
	zc_legacy_reader_free(&r);
	return name;
}

/* zc_legacy_reader_detect, with the reading that won in *won where the
 * model chose (and it is not UTF-8). */
static const char *
detect(zc_legacy_reader *r, const char *head, size_t len, struct decoding *won)
{
	const unsigned char *s = (const unsigned char *)head;
	const char *utf16;
	size_t invalid, multi, two_byte;
	unsigned alphabets;

	if (head == NULL || len == 0)
		return NULL;
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return NULL;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return "UTF-16";
	utf16 = utf16_by_nuls(s, len);
	count_utf8(head, len, &invalid, &multi, &two_byte, &alphabets);
	if (invalid == 0 && utf16 == NULL) {
		if (multi != 0 || !mixes_alphabets(alphabets))
			return NULL;
		/* (the head's characters: ASCII and two_byte of two bytes) */
		return best_by_model(r, head, len,
		                     UTF8_MARGIN * (double)two_byte / (double)(len - two_byte), 0, won);
	}
	/* Damaged UTF-8: bad bytes among more good characters. (Legacy
	 * text makes valid UTF-8 only by chance: about one character in
	 * ten for GBK.) Closer calls go to the model, UTF-8 included. */
	if (utf16 == NULL && (multi >= 2 * invalid || mostly_utf8_lines(head, len)))
		return NULL;
	if (utf16 != NULL)
		return utf16;
	return best_by_model(r, head, len, 0.0, 1, won);
}

const char *
zc_legacy_reader_detect(zc_legacy_reader *r, const char *head, size_t len)
{
	struct decoding won;

	return detect(r, head, len, &won);
}

/* Whether the first LINE_PEEK bytes of text from U+0080 up hold one that
 * is not UTF-8. GBK
 * and Big5 text makes such bytes in every few characters, while most
 * lines the mix-up repair goes over are valid UTF-8 to the end: every one
 * is asked, so this is all it costs them. */
static int
invalid_early(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, at, peeked;
	uint32_t cp;

	for (peeked = 0; i < len && peeked < LINE_PEEK; peeked += i - at) {
		at = i;
		if (s[i] < 0x80) {
			i++;
			at = i;   /* (ASCII is not counted) */
		} else if (is_plain_three_byte(text + i, len - i)) {
			i += 3;
		} else if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
			i += 2;   /* (Windows-1252 mojibake is made of these) */
		} else {
			i += zc_utf8_decode(text + i, len - i, &cp);
			if (cp == ZC_INVALID)
				return 1;
		}
	}
	return 0;
}

/* text[0..len) decoded from `from` into out. Returns 1 if it was, 0 if a
 * byte does not decode (out untouched), or an error. */
static int
decode_line(zc_legacy_reader *r, const char *from, const char *text, size_t len, zc_buf *out)
{
	iconv_t cd = decoder(r, from);
	size_t cap = len * 4 + 16, ol = cap, il = len;
	char *buf = malloc(cap), *in = (char *)text, *o = buf;
	int rc = 0;

	if (cd == (iconv_t)-1 || buf == NULL)
		rc = cd == (iconv_t)-1 ? ZC_EENCODING : ZC_ENOMEM;
	else if (iconv(cd, &in, &il, &o, &ol) != (size_t)-1 &&
	         iconv(cd, NULL, NULL, &o, &ol) != (size_t)-1)
		rc = zc_buf_append(out, buf, cap - ol) == ZC_OK ? 1 : ZC_ENOMEM;
	free(buf);
	return rc;
}

/* Whether text reads as Japanese in EUC-JP: with no error, and as well as
 * in the legacy reading that scored legacy_score (警告 for 焚桂; kana score
 * as well as common Han), or into JAPANESE_KANA kana at least, a character
 * in two, and no Greek, Cyrillic or box drawing (katakana read in Big5 as
 * common Han: タタウィン as 正正它奴件; Big5 text read in EUC-JP makes
 * those from its rows A6-A8). GBK reads EUC-JP's kana right and its kanji
 * wrong, Big5 reads them as common Han (反袱第今木化中引六氏); GBK and Big5
 * text seldom reads in EUC-JP at all, their trail bytes below 0xA1 are
 * errors there. */
static int
reads_as_japanese(zc_legacy_reader *r, const char *text, size_t len, double legacy_score)
{
	struct decoding d;
	double score = score_decoding(r, "EUC-JP", text, len, &d);

	return d.errors == 0 &&
	       (score >= legacy_score ||
	        (d.kana >= JAPANESE_KANA && 2 * d.kana >= d.non_ascii && d.alphabets == 0));
}

/* Whether the Han pairs of a line's reading make words enough (see
 * LINE_WORD_SHARE). */
static int
makes_words(const struct decoding *d)
{
	return d->word_pairs > 0 && LINE_WORD_SHARE * d->word_pairs >= d->han_pairs;
}

/* Whether every byte of text from 0x80 up begins a pair of bytes (the
 * byte after it) that fits. */
static int
every_pair(const char *text, size_t len, int (*fits)(unsigned lead, unsigned trail))
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] < 0x80)
			continue;
		if (i + 1 == len || !fits(s[i], s[i + 1]))
			return 0;
		i++;
	}
	return 1;
}

/* A pair of EUC-KR's rows of symbols and Hangul (leads A1-C8, trails
 * A1-FE). */
static int
is_korean_pair(unsigned lead, unsigned trail)
{
	return lead >= 0xA1 && lead <= 0xC8 && trail >= 0xA1 && trail != 0xFF;
}

/* Whether text could be Korean in EUC-KR: every pair of its bytes from
 * 0x80 up is_korean_pair. GBK and Big5 text leaves those rows almost at
 * once: GBK's second-level Han have leads from D8, and both have trail
 * bytes below 0xA1. */
static int
could_be_korean(const char *text, size_t len)
{
	return every_pair(text, len, is_korean_pair);
}

/* Whether text has a space and no letter or digit among the ASCII
 * between two bytes from 0x80 up (옵션 파일, [옵션] [파일]): Korean spaces
 * its words, Chinese seldom (Han和Bopomofo (Han + Bopomofo的别名) has
 * Latin words between). */
static int
spaces_words(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i;
	int after_high = 0, space = 0;

	for (i = 0; i < len; i++) {
		if (s[i] >= 0x80) {
			if (after_high && space)
				return 1;
			after_high = 1;
			space = 0;
		} else if (isalnum(s[i])) {
			after_high = 0;
		} else {
			space |= s[i] == ' ';
		}
	}
	return 0;
}

/* Whether the reading d of text makes words enough (see LINE_WORD_SHARE):
 * more of them where text could be Korean with its words spaced. */
static int
words_enough(const struct decoding *d, const char *text, size_t len)
{
	if (!could_be_korean(text, len))
		return makes_words(d) ||
		       (d->han_pairs >= LINE_PAIRS_UNWORDED &&
		        d->non_ascii_logp >= LINE_PLAUSIBLE_UNWORDED * (double)d->non_ascii);
	if (spaces_words(text, len))
		return KOREAN_WORD_SHARE * d->word_pairs > d->han_pairs;
	return makes_words(d);
}

/* Whether text[0..len), a line or the end of one, reads in GBK or Big5
 * under the rules of a line (see LINE_INVALID_SHARE), into min_chars
 * characters from U+0080 up at least; its encoding into *name. */
static int
reads_as_legacy_line(zc_legacy_reader *r, const char *text, size_t len, size_t min_chars,
                     const char **name)
{
	size_t invalid, multi, two_byte;
	unsigned alphabets;
	struct decoding d;

	count_utf8(text, len, &invalid, &multi, &two_byte, &alphabets);
	if (LINE_INVALID_SHARE * multi > invalid || reader_model(r) == NULL)
		return 0;
	if ((*name = detect(r, text, len, &d)) == NULL || strncmp(*name, "UTF-16", 6) == 0)
		return 0;
	if (d.non_ascii < min_chars || d.non_ascii_logp < LINE_PLAUSIBLE * (double)d.non_ascii ||
	    d.symbol_rows * LINE_SYMBOL_SHARE > d.non_ascii ||
	    !words_enough(&d, text, len))
		return 0;
	return !reads_as_japanese(r, text, len, d.score);
}

/* Whether cp, of k bytes in UTF-8, marks UTF-8 text about a GBK or Big5
 * part: a character of three or four bytes, but none GBK or Big5 text
 * makes by chance more than text holds it: private use (项。 in GBK ends in
 * EE A1 A3, U+E863) or a plane past the second (Big5 makes F3 AB AC A7 out
 * of 件型, GBK F0 BB B5 A3 out of 损坏）). */
static int
is_text_anchor(uint32_t cp, size_t k)
{
	return (k == 3 && (cp < 0xE000 || cp > 0xF8FF)) || (k == 4 && cp < 0x30000);
}

/* The next part of text from `from` that holds bytes that are not UTF-8,
 * between UTF-8 characters that mark text (is_text_anchor), into
 * [*start, *end): from the end of the last before its first invalid byte
 * (a GBK run may begin with two bytes that are UTF-8 by chance: 为 is
 * CE AA, Ϊ) to the start of the first after it, or len. 0 if no byte from
 * `from` on is invalid. */
static int
next_part(const char *text, size_t len, size_t from, size_t *start, size_t *end)
{
	size_t i = from, k;
	int seen_invalid = 0;
	uint32_t cp;

	*start = from;
	*end = len;
	while (i < len) {
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		k = zc_utf8_decode(text + i, len - i, &cp);
		if (cp == ZC_INVALID) {
			seen_invalid = 1;
		} else if (is_text_anchor(cp, k)) {
			if (seen_invalid) {
				*end = i;
				return 1;
			}
			*start = i + k;
		}
		i += k;
	}
	return seen_invalid;
}

/* Whether text[from..to), UTF-8 between two parts, is Chinese text: CJK
 * or full-width punctuation, or two common Han characters in a row. What
 * GBK and Big5 make by chance is mostly one rare Han character or a letter
 * of another script (请安 in GBK holds EB B0 B2, 밲), but not always (存不
 * holds E6 B2 BB, 治). */
static int
holds_text(const zc_charmodel *m, const char *text, size_t from, size_t to)
{
	size_t i, k;
	uint32_t cp;
	int common = 0;

	for (i = from; i < to; i += k) {
		k = zc_utf8_decode(text + i, to - i, &cp);
		if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E))
			return 1;
		if (zc_is_han(cp) && zc_charmodel_unigram(m, cp) >= ZC_COMMON_HAN_LOGP) {
			if (++common == 2)
				return 1;
		} else {
			common = 0;
		}
	}
	return 0;
}

/* Whether text[from..to) begins or ends with a character of two bytes from
 * U+0080 to U+00FF (·, °, ©, ×): the end of a label as often as the edge
 * of a GBK or Big5 run (路 is C2 B7, 录 C2 BC), which nothing tells apart:
 * such a part is left as it is. */
static int
latin1_at_edge(const char *text, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = from, j = to;

	while (i < to && s[i] < 0x80)
		i++;
	while (j > from && s[j - 1] < 0x80)
		j--;
	return (i + 1 < to && (s[i] == 0xC2 || s[i] == 0xC3) && (s[i + 1] & 0xC0) == 0x80) ||
	       (j >= from + 2 && (s[j - 2] == 0xC2 || s[j - 2] == 0xC3) && (s[j - 1] & 0xC0) == 0x80);
}

/* Narrows [*from, *to), a span of text holding bytes that are not UTF-8,
 * to what lies from its first invalid byte to its last, and with
 * whole_runs out to the ASCII on either side of them: UTF-8 letters of two
 * bytes about the run (Lǐ Míng + GBK, or Россия + GBK without a space) are
 * kept as UTF-8 in that reading. */
static void
narrow_to_invalid(const char *text, size_t *from, size_t *to, int whole_runs)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, k, first = *to, last = *from;
	uint32_t cp;

	for (i = *from; i < *to; i += k) {
		k = 1;
		if (s[i] < 0x80)
			continue;
		k = zc_utf8_decode(text + i, *to - i, &cp);
		if (cp == ZC_INVALID) {
			if (first == *to)
				first = i;
			last = i + k;
		}
	}
	if (first == *to)
		return;
	while (whole_runs && first > *from && s[first - 1] >= 0x80)
		first--;
	while (whole_runs && last < *to && s[last] >= 0x80)
		last++;
	*from = first;
	*to = last;
}

/* Whether what is not ASCII in text[from..to) is UTF-8 letters (Lǐ Míng,
 * Россия), min_letters of them at least if any: what a narrowing leaves out
 * of the GBK or Big5 run must be a word, not what GBK makes by chance
 * (目录 is C4 BF C2 BC, Ŀ¼; 钥 is D4 BF, Կ). */
static int
letters_only(const char *text, size_t from, size_t to, size_t min_letters)
{
	size_t i, k, letters = 0;
	uint32_t cp;
	utf8proc_category_t cat;

	for (i = from; i < to; i += k) {
		k = zc_utf8_decode(text + i, to - i, &cp);
		if (cp < 0x80)
			continue;
		cat = cp == ZC_INVALID ? UTF8PROC_CATEGORY_CN : utf8proc_category((utf8proc_int32_t)cp);
		if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
			return 0;
		letters++;
	}
	return letters == 0 || letters >= min_letters;
}

/* How many characters of two bytes text makes in GBK or Big5 at most: a
 * byte from 0x80 up and the byte after it (a Big5 trail byte may be ASCII). */
static size_t
double_byte_chars(const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] >= 0x80) {
			n++;
			i++;
		}
	return n;
}

/* A UTF-8 lead (C2-EF) or continuation byte before a continuation byte. */
static int
is_cut_utf8_pair(unsigned lead, unsigned trail)
{
	return (lead <= 0xBF || (lead >= 0xC2 && lead <= 0xEF)) && (trail & 0xC0) == 0x80;
}

/* Whether every pair of bytes of text from 0x80 up is_cut_utf8_pair, a
 * lead of UTF-8 alone at its end allowed: UTF-8 that lost a byte of each
 * character but whole ones of two bytes (期望 + 中中内, each cut, reads in
 * GBK as 涓涓鍐; 网· with 网's lead lost as 綉路). One GBK or Big5 character
 * in four or so is such a pair (so only parts of lines are asked: of whole
 * lines of Big5, 8 in 3,000 were so without the pairs of two bytes). */
static int
reads_as_cut_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	return every_pair(text, len, is_cut_utf8_pair) ||
	       (len > 0 && s[len - 1] >= 0xE0 && s[len - 1] <= 0xEF &&
	        every_pair(text, len - 1, is_cut_utf8_pair));
}

/* Reads text[0..len), a line or a part of one, in GBK or Big5 onto out
 * (see reads_as_legacy_line); 1 if it does, else 0 (out as it was) or an
 * error. */
static int
read_onto(zc_legacy_reader *r, const char *text, size_t len, size_t min_chars, zc_buf *out,
          const char **enc)
{
	const char *name;
	int rc;

	if (min_chars > 0 &&
	    (double_byte_chars(text, len) < min_chars || reads_as_cut_utf8(text, len)))
		return 0;   /* (bytes a damaged UTF-8 line lost, mostly: not asked) */
	if (!reads_as_legacy_line(r, text, len, min_chars, &name))
		return 0;
	if ((rc = decode_line(r, name, text, len, out)) > 0)
		*enc = name;
	return rc;
}

/* Reads text[from..to) onto out between text[0..from) and text[to..len)
 * as they are; 1 if it does, else 0 (out as it was) or an error. */
static int
read_between(zc_legacy_reader *r, const char *text, size_t len, size_t from, size_t to,
             zc_buf *out, const char **enc)
{
	size_t at = out->len;
	int rc;

	if (zc_buf_append(out, text, from) < 0)
		return ZC_ENOMEM;
	rc = read_onto(r, text + from, to - from, from > 0 || to < len ? LINE_TAIL_CHARS : 0,
	               out, enc);
	if (rc > 0 && zc_buf_append(out, text + to, len - to) < 0)
		rc = ZC_ENOMEM;
	if (rc <= 0)
		out->len = at;
	return rc;
}

/* Reads each part of text (see next_part) that reads on its own, the rest
 * as it is (来源： + GBK + 　作者： + GBK); 1 if one did. */
static int
read_parts(zc_legacy_reader *r, const char *text, size_t len, zc_buf *out, const char **enc)
{
	size_t at = out->len, copied = 0, start, end;
	int rc, read = 0;

	while (next_part(text, len, copied, &start, &end)) {
		if (zc_buf_append(out, text + copied, start - copied) < 0)
			return ZC_ENOMEM;
		rc = latin1_at_edge(text, start, end) ? 0 :
		     read_onto(r, text + start, end - start, LINE_TAIL_CHARS, out, enc);
		if (rc < 0)
			return rc;
		if (rc == 0 && zc_buf_append(out, text + start, end - start) < 0)
			return ZC_ENOMEM;
		read |= rc;
		copied = end;
	}
	if (zc_buf_append(out, text + copied, len - copied) < 0)
		return ZC_ENOMEM;
	if (!read)
		out->len = at;
	return read;
}

/* The readings of a line zc_legacy_reader_line weighs: the best so far
 * (best.len 0: none) with its encoding and mean log-probability, and the
 * one being made. */
struct readings {
	const zc_charmodel *model;
	zc_buf best, cand;
	const char *best_enc, *cand_enc;
	double best_mean;
};

/* Keeps the reading in rd->cand (from read_between or read_parts, which
 * returned rc) if it reads better than the best by more than margin nats
 * over the line; 0, or rc if an error. */
static int
offer(struct readings *rd, int rc, double margin)
{
	zc_buf swap;
	size_t chars = 0;
	double sum, mean;

	if (rc > 0) {
		sum = zc_charmodel_score_between(rd->model, 0, rd->cand.data, rd->cand.len, 0, &chars);
		mean = chars > 0 ? sum / (double)chars : 0;
		if (rd->best.len == 0 ||
		    mean > rd->best_mean + margin / (double)(chars > 0 ? chars : 1)) {
			swap = rd->best;
			rd->best = rd->cand;
			rd->cand = swap;
			rd->best_enc = rd->cand_enc;
			rd->best_mean = mean;
		}
	}
	rd->cand.len = 0;
	return rc < 0 ? rc : 0;
}

/* Offers the spans of text about its bad bytes [head, tail) on a line
 * with UTF-8 text: the runs of bad bytes alone first, then those bytes
 * alone (UTF-8 letters of two bytes about them, 作者：Lǐ Míng + GBK, are
 * kept), then all from head to tail, which must read better by
 * NARROW_MARGIN than a narrower one to be taken (为 in 正文：-m <machine>
 * 为 <machine> 创建 in GBK). */
static int
offer_spans(zc_legacy_reader *r, const char *text, size_t len, size_t head, size_t tail,
            struct readings *rd)
{
	size_t start, end;
	int rc = 0, narrowed = 0, whole_runs;

	for (whole_runs = 1; rc == 0 && whole_runs >= 0; whole_runs--) {
		start = head;
		end = tail;
		narrow_to_invalid(text, &start, &end, whole_runs);
		if ((start == head && end == tail) || latin1_at_edge(text, start, end) ||
		    !letters_only(text, head, start, whole_runs ? 1 : 2) ||
		    !letters_only(text, end, tail, whole_runs ? 1 : 2))
			continue;
		narrowed = 1;
		rc = offer(rd, read_between(r, text, len, start, end, &rd->cand, &rd->cand_enc), 0);
	}
	if (rc == 0 && !latin1_at_edge(text, head, tail))
		rc = offer(rd, read_between(r, text, len, head, tail, &rd->cand, &rd->cand_enc),
		           narrowed ? NARROW_MARGIN : 0);
	return rc;
}

int
zc_legacy_reader_line(zc_legacy_reader *r, const char *text, size_t len, zc_buf *out,
                      const char **enc)
{
	struct readings rd = {NULL, ZC_BUF_INIT, ZC_BUF_INIT, NULL, NULL, 0};
	size_t head, tail, start, end, parts = 1;
	int rc = 0, text_between = 0, all_cut;

	*enc = NULL;
	if (!invalid_early(text, len) || !next_part(text, len, 0, &head, &tail) ||
	    (rd.model = reader_model(r)) == NULL)
		return 0;
	all_cut = reads_as_cut_utf8(text + head, tail - head);
	for (; tail < len && next_part(text, len, tail, &start, &end); parts++) {
		text_between |= holds_text(rd.model, text, tail, start);
		all_cut &= reads_as_cut_utf8(text + start, end - start);
		tail = end;
	}
	/* With text between the parts (来源： + GBK + 　作者： + GBK), each
	 * part is read on its own. Else the spans about the bad bytes, keeping
	 * the UTF-8 about them (来源： + GBK: the whole line read in GBK reads
	 * the label wrong; none where each part is UTF-8 cut in every
	 * character), the whole line, and the parts (甲： + GBK + 乙 + GBK) are
	 * read, and the one the model likes best is kept (UTF-8 that GBK made
	 * by chance ends a part early). */
	if (text_between) {
		rc = offer(&rd, read_parts(r, text, len, &rd.cand, &rd.cand_enc), 0);
	} else {
		if ((head > 0 || tail < len) && !all_cut)
			rc = offer_spans(r, text, len, head, tail, &rd);
		if (rc == 0)
			rc = offer(&rd, read_between(r, text, len, 0, len, &rd.cand, &rd.cand_enc), 0);
		if (rc == 0 && parts > 1 && rd.best.len > 0)
			rc = offer(&rd, read_parts(r, text, len, &rd.cand, &rd.cand_enc), 0);
	}
	if (rc == 0 && rd.best.len > 0) {
		rc = zc_buf_append(out, rd.best.data, rd.best.len) < 0 ? ZC_ENOMEM : 1;
		*enc = rc > 0 ? rd.best_enc : NULL;
	}
	zc_buf_free(&rd.best);
	zc_buf_free(&rd.cand);
	return rc;
}
