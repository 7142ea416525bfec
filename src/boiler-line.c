/*
 * boiler-line.c - one line of a page as stripboiler sees it: a normal form
 * for matching vocabularies, and the features its verdict is made from.
 *
 * The normal form lets one simplified vocabulary serve both scripts and
 * pages before or after demojibake: ruby pinyin residue "(yè)" and the '?'
 * that a lossy codec left are removed, traditional characters simplified,
 * full-width ASCII folded, ASCII lower-cased. It is used for classifying
 * only; output lines are always the original bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "boiler.h"

uint32_t *
zc_boiler_simplify_table(void)
{
	uint32_t *table, cp;

	table = malloc((ZC_SIMPLIFY_LAST - ZC_SIMPLIFY_FIRST + 1) * sizeof *table);
	if (table == NULL)
		return NULL;
	for (cp = ZC_SIMPLIFY_FIRST; cp <= ZC_SIMPLIFY_LAST; cp++)
		table[cp - ZC_SIMPLIFY_FIRST] = zc_simplify_char(cp);
	return table;
}

/* ---- ruby pinyin residue ------------------------------------------------ */

static int
is_pinyin_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0x24F) ||
	       cp == 0x1E3F;
}

/*
 * If text[i..] is "(syllable)" or the "syllable)" left after a lost '(',
 * return its length, else 0. open: the residue must start with '('.
 */
static size_t
pinyin_residue_len(const char *text, size_t len, size_t i, int open)
{
	size_t start = i, n;
	unsigned letters = 0;
	uint32_t cp;

	if (open) {
		if (i >= len || text[i] != '(')
			return 0;
		i++;
	}
	while (i < len && letters <= 6) {
		n = zc_utf8_decode_inline(text + i, len - i, &cp);
		if (cp == ')')
			return letters > 0 ? i + 1 - start : 0;
		if (!is_pinyin_letter(cp))
			return 0;
		letters++;
		i += n;
	}
	return 0;
}

/* ---- folding ------------------------------------------------------------ */

static uint32_t
fold(uint32_t cp, const uint32_t *simplified)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)        /* full-width ASCII */
		cp -= 0xFEE0;
	else if (cp == 0x3000 || cp == 0xA0 || cp == '\t')
		cp = ' ';
	else if (cp == 0xFF5C)
		cp = '|';
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= ZC_SIMPLIFY_FIRST && cp <= ZC_SIMPLIFY_LAST)
		return simplified ? simplified[cp - ZC_SIMPLIFY_FIRST] : cp;
	if (cp > ZC_SIMPLIFY_LAST && zc_boiler_is_han(cp))
		return zc_simplify_char(cp);
	return cp;
}

static int
is_separator(uint32_t cp)
{
	return cp == ' ' || cp == '|' || cp == '>' || cp == '/' || cp == 0xB7 ||
	       cp == 0xBB || cp == 0x2022 || cp == 0x30FB || cp == 0x2192;
}

static int
is_closing(uint32_t cp)
{
	return cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F ||
	       cp == ')' || cp == 0x3011 || cp == '"' || cp == '\'' ||
	       cp == ' ' || cp == 0x300B;
}

static int
is_stop(uint32_t cp)
{
	return cp == 0x3002 || cp == '!' || cp == '?' || cp == 0x2026;
}

/* ---- features ------------------------------------------------------------ */

struct scan {
	zc_line_features *f;
	zc_buf *norm;
	unsigned segment_han;
	int in_segment;
	uint32_t last_sign;   /* last character that is not a closing mark */
	uint32_t prev;        /* previous folded character */
	uint64_t hash;
};

static void
end_segment(struct scan *s)
{
	if (s->in_segment) {
		s->f->segments++;
		if (s->segment_han > 0)
			s->f->han_segments++;
		if (s->segment_han > s->f->max_segment_han)
			s->f->max_segment_han = s->segment_han;
	}
	s->in_segment = 0;
	s->segment_han = 0;
}

static inline __attribute__((always_inline)) void
count_char(struct scan *s, uint32_t cp, uint32_t next_raw)
{
	zc_line_features *f = s->f;

	if (cp >= 0x4E00 && cp <= 0x9FFF) {   /* most of the text: be quick */
		f->han++;
		s->segment_han++;
		s->in_segment = 1;
		s->last_sign = cp;
		return;
	}
	if (zc_boiler_is_han(cp)) {
		f->han++;
		s->segment_han++;
	} else if (cp >= 'a' && cp <= 'z') {
		f->letters++;
	} else if (cp >= '0' && cp <= '9') {
		f->digits++;
	}
	/* Full-width ，；！？ arrive folded to ASCII. */
	if (cp == 0x3001 || cp == ';' || cp == 0x3002 || cp == '!' ||
	    cp == '?' || cp == 0x2026 ||
	    (cp == ',' && !(s->prev >= '0' && s->prev <= '9' &&
	                    next_raw >= '0' && next_raw <= '9')))
		f->punct++;
	if (cp == 0x3002 || ((cp == '!' || cp == '?') &&
	                     (zc_boiler_is_han(s->prev) || s->prev == 0x201D)))
		f->stops++;
	if (cp == 0x3002 || (cp == '.' && zc_boiler_is_han(s->prev)))
		f->periods++;
	if (cp == ',')
		f->commas++;
	if (cp == '>' || cp == 0xBB || cp == 0x2192)
		f->breadcrumb++;
	if (cp == '|')
		f->pipes++;
	if (is_separator(cp))
		end_segment(s);
	else
		s->in_segment = 1;
	if (!is_closing(cp))
		s->last_sign = cp;
}

/* Append cp to the normal form (room was reserved for it). */
static inline __attribute__((always_inline)) void
put_folded(struct scan *s, uint32_t cp)
{
	unsigned char *o = (unsigned char *)s->norm->data + s->norm->len;
	size_t n;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		n = zc_utf8_encode(cp, (char *)o);
	}
	if (cp != ' ') {
		s->hash ^= cp;
		s->hash *= 0x100000001B3ull;
	}
	s->prev = cp;
	s->norm->len += n;
}

/* Where the run of spaces and '?' that ends text[0..len) starts. */
static size_t
marks_at_end(const char *text, size_t len)
{
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '?'))
		len--;
	return len;
}

/* A '?' at text[i] is a question mark (not a codec artifact) when it ends
 * the line (is inside the run that starts at tail: see marks_at_end) after
 * a Han character or a closing quote. */
static int
question_mark_at_end(size_t i, size_t tail, uint32_t prev)
{
	return i >= tail && (zc_boiler_is_han(prev) || prev == 0x201D);
}

/* ---- dates, times and phone numbers in the normal form ------------------ */

static size_t
digits_at(const char *s, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

static int
starts_with(const char *s, size_t n, size_t i, const char *word)
{
	size_t w = strlen(word);

	return i + w <= n && memcmp(s + i, word, w) == 0;
}

/* "2020-03-24", "2020/3/24", "2020.03.24", "2020年3月24日", "3月24日". */
static int
date_at(const char *s, size_t n, size_t i)
{
	size_t d = digits_at(s, n, i), j;

	if (d == 4 && i + 4 < n && (s[i + 4] == '-' || s[i + 4] == '/' || s[i + 4] == '.')) {
		j = i + 5;
		d = digits_at(s, n, j);
		return d >= 1 && d <= 2 && j + d < n && s[j + d] == s[i + 4];
	}
	if (d == 4 && starts_with(s, n, i + 4, "年")) {
		j = i + 4 + strlen("年");
		d = digits_at(s, n, j);
		return d >= 1 && d <= 2 && starts_with(s, n, j + d, "月");
	}
	if (d >= 1 && d <= 2 && starts_with(s, n, i + d, "月")) {
		j = i + d + strlen("月");
		d = digits_at(s, n, j);
		return d >= 1 && d <= 2 && starts_with(s, n, j + d, "日");
	}
	return 0;
}

static void
scan_numbers(const char *s, size_t n, zc_line_features *f)
{
	size_t i = 0, d, d2;

	while (i < n) {
		d = digits_at(s, n, i);
		if (d == 0) {
			i++;
			continue;
		}
		if (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9')) {
			if (date_at(s, n, i))
				f->has_date = 1;
			if (d <= 2 && i + d < n && s[i + d] == ':' &&
			    digits_at(s, n, i + d + 1) == 2)
				f->has_time = 1;
			if (starts_with(s, n, i + d, "天前") ||
			    starts_with(s, n, i + d, "小时前") ||
			    starts_with(s, n, i + d, "分钟前") ||
			    starts_with(s, n, i + d, "秒前"))
				f->has_time = 1;
			d2 = i + d < n && s[i + d] == '-' ? digits_at(s, n, i + d + 1) : 0;
			if ((d >= 3 && d <= 4 && d2 >= 7 && d2 <= 8) ||
			    (d == 11 && s[i] == '1'))
				f->has_phone = 1;
		}
		i += d;
	}
}

/* ---- the normaliser ------------------------------------------------------ */

int
zc_line_normalise(const char *text, size_t len, const uint32_t *simplified,
                  zc_buf *norm, zc_line_features *f)
{
	struct scan s;
	size_t i = 0, n, skip, tail = marks_at_end(text, len);
	uint32_t cp, next;
	int rc;

	memset(f, 0, sizeof *f);
	memset(&s, 0, sizeof s);
	s.f = f;
	s.norm = norm;
	s.hash = 0xCBF29CE484222325ull;
	zc_buf_clear(norm);
	/* Folding never makes a character longer, but for a simplified form
	 * outside the BMP (3 bytes to 4): twice the input is room enough. */
	if (len > ((size_t)-1 - 16) / 2)
		return ZC_ENOMEM;
	if ((rc = zc_buf_reserve(norm, 2 * len + 16)) != ZC_OK)
		return rc;
	while (i < len) {
		n = zc_utf8_decode_inline(text + i, len - i, &cp);
		if (cp == '?') {
			skip = pinyin_residue_len(text, len, i + 1, 0);
			if (skip == 0 && question_mark_at_end(i, tail, s.prev)) {
				count_char(&s, '?', 0);
				put_folded(&s, '?');
			}
			i += 1 + skip;
			continue;
		}
		if (cp == '(' && zc_boiler_is_han(s.prev) &&
		    (skip = pinyin_residue_len(text, len, i, 1)) > 0) {
			i += skip;
			continue;
		}
		i += n;
		if (cp >= 0x4E00 && cp <= 0x9FFF && simplified) {
			/* Most of the text: simplify, count, append. */
			cp = simplified[cp - ZC_SIMPLIFY_FIRST];
			count_char(&s, cp, 0);
			put_folded(&s, cp);
			continue;
		}
		if (cp == ZC_INVALID || cp == 0 || cp == '\r')
			continue;
		cp = fold(cp, simplified);
		next = i < len ? (unsigned char)text[i] : 0;
		count_char(&s, cp, next);
		put_folded(&s, cp);
	}
	norm->data[norm->len] = '\0';
	end_segment(&s);
	f->ends_sentence = is_stop(s.last_sign) || s.last_sign == 0xFF1B ||
	                   s.last_sign == ';';
	f->ends_question = s.last_sign == '?';
	f->ends_colon = s.last_sign == ':';
	f->ends_comma = s.last_sign == ',' || s.last_sign == 0x3001;
	f->fingerprint = s.hash;
	if (f->digits > 0)
		scan_numbers(norm->data, norm->len, f);
	return ZC_OK;
}
