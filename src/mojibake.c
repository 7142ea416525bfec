/*
 * mojibake.c - repair of encoding mix-ups inside one line of UTF-8.
 *
 * Most lines are clean, so a fast scan looks for characters that only
 * damage produces (zc_charmodel_suspicion) and copies the line when there
 * are none. Otherwise the line is decoded into characters and, at every
 * non-ASCII character, each mix-up is tried as a hypothesis: the run of
 * characters from there is turned back into the bytes the wrong decoder
 * read (GBK, CP950 or Windows-1252, tables from iconv) and those bytes are
 * decoded as what they really were (UTF-8, GBK or CP950). A hypothesis that
 * decodes cleanly is scored against the original, with one character of
 * context each side, by the character model; the best one is applied only
 * when it wins by a wide margin. Bytes a codec lost ('?' in 古文码, the
 * five bytes Windows-1252 leaves undefined in 符号码 and in GBK read as
 * Windows-1252, the halves of the characters at the ends of shifted GBK)
 * are filled with the candidate the model prefers; where GBK read as
 * Windows-1252 lost bytes, where they went is found by reading the bytes
 * again with each of them put back (Viterbi), and a fill that the model
 * cannot choose is shown as 〓. Runs of U+FFFD, 锟斤拷 and 烫烫烫/屯屯屯
 * carry no information and are removed.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mojibake.h"

/* A pair scored no better than ln 2 under its second character alone was
 * never seen together: no evidence for a fill. */
#define NO_BIGRAM_MARGIN 0.69
#define LN2 0.6931471805599453
/* Candidates kept for a character a Big5/GBK swap lost (the commonest). */
#define MAX_FILLS 48

#define LOST 0x100u           /* an image byte a codec replaced with '?' */
#define MAX_DOUBLE_PASSES 3   /* 符号码 applied up to this many times */
/* A hypothesis must beat the original by this many nats, plus this many per
 * character it produces: clean text is never "repaired" on a hunch. */
#define GAIN_BASE 8.0
#define GAIN_PER_CHAR 1.0
/* Runs of 烫 or 屯 this long are uninitialised memory (one is a word). */
#define MIN_FILL_RUN 2
/* Longer runs are repaired in pieces (each ends on a character). */
#define MAX_IMAGE 4096
/* Lines longer than this are repaired in pieces of about this size. */
#define WINDOW ((size_t)65536)
/* How much a bigram can lift a character over its unigram (nats): candidates
 * worse than the best by more than twice this cannot win. */
#define BIGRAM_SPAN 12.0
/* Filled characters are never rarer than this. */
#define LOGP_FILL_RARE -14.0
/* A hypothesis winning by this factor of the margin over a whole run ends
 * the search at its start. */
#define CLEAR_WIN 3.0
/* What a GBK or Big5 reading must win by over a UTF-8 one (nats). */
#define LEGACY_PRIOR 4.0
/* How many later starts may take a repair from an earlier one. */
#define LOOKAHEAD 2
/* What each multi-byte character decoded as valid UTF-8, with no byte
 * filled, out of Windows-1252 characters counts for. */
#define UTF8_EVIDENCE 3.5
/* The least mean log-probability of the non-ASCII characters a repair
 * produces (the rare characters of 古文码 are below, text is above). */
#define LOGP_PLAUSIBLE -11.0
/* What each character of 拼音码 counts for when its Latin-1 letters sit
 * between Han characters with no ASCII letter about (no Latin word does). */
#define LATIN_IN_HAN_EVIDENCE 1.0
/* What each Ã or Â before a symbol counts for in 符号码 (and â before two
 * continuations, one a symbol): they are the UTF-8 leads of the whole
 * Latin-1 range and of the punctuation block, and no word puts a symbol
 * right after one (5 Ã— 3 is 5 × 3, âœ” is ✔). */
#define LEAD_BEFORE_SYMBOL_EVIDENCE 2.0
/* What a legacy mix-up gains where it has already repaired something
 * earlier on the same line (a line is damaged as a whole; clean lines
 * never get here). */
#define SAME_LINE_EVIDENCE 6.0
/* What GBK read as Windows-1252 gains besides where that line has no
 * character Windows-1252 does not make: the line was read so as a whole,
 * and a character left over (a lone 长 between ASCII) is damage too. */
#define WHOLE_LINE_EVIDENCE 4.0
#define NO_POS ((size_t)-1)
/* What is put for a character lost whole that the model cannot restore
 * with confidence: U+3013 GETA MARK, as pinyin.c does (ZC_PINYIN_MARKER). */
#define LOST_CHAR_MARK 0x3013u
/* What the characters of a run read one byte later must beat those of the
 * run by on average (nats). */
#define SHIFT_MARGIN 1.0
/* How many chars after lost GBK bytes a "??" is taken for a lost char. */
#define NEAR_LOST 8
/* What the best fill of a whole lost character must beat every other by
 * (nats) to be put; below it the marker LOST_CHAR_MARK shows the loss. */
#define FILL_CLEAR 2.0
/* A whole lost character is guessed among the commonest this many of the
 * Han characters at least ZC_COMMON_HAN_LOGP common (some 950, listed by
 * zc_charmodel_common_han commonest first): each candidate costs two
 * bigram look-ups per lost character, and with all 950 damaged text ran
 * 10% slower. No rate without residue moved (tests/demojibake-quality.py,
 * check_mojibake); exact fills of check_mojibake's shifted GBK went from
 * 6.7% to 5.9% (3 of 405), as a rarer character seldom wins by FILL_CLEAR. */
#define LOST_CANDIDATES_MAX 300
/* What a shifted repair must win by over reading its '?' as question
 * marks (nats). */
#define MARKS_GAIN 6.0
/* A fill is the best of a hundred characters or so: what choosing it by
 * the model is worth without any evidence (nats). */
#define FILL_COST 5.0
/* Hypotheses start only this close before a suspicious character. */
#define NEAR 6
/* A lone character out of 拼音码 or a Big5/GBK swap must be this common. */
#define LOGP_COMMON -9.5
/* Big5 read as GBK and back gives ordinary-looking Han, only rarer than
 * text: characters below this are unlikely (see zc_mojibake_unlikely). */
#define LOGP_UNLIKELY -10.5
/* What the characters a whole-line swap reads (not the '?' it fills) must
 * gain on their own (nats). */
#define SWAP_READ_GAIN GAIN_BASE
/* What putting back a byte Windows-1252 dropped costs a GBK reading
 * (nats): a reading out of step loses more than this a character. */
#define LOST_BYTE_COST 6.0
/* A byte put back makes LOST_CHAR_MARK unless its character beats the
 * next best by FILL_CLEAR. What each byte put back costs a repair's gain
 * (nats), besides: the reading chose where, and not only what. */
#define FILL_GAIN_COST 2.0
/* What reading a Windows-1252 run to its end may lose against the best
 * place to stop (nats): see reads_to_end. */
#define RUN_END_SLACK 3.0

enum image_kind { IMAGE_GBK, IMAGE_CP950, IMAGE_CP1252 };

/* A reading of an image up to one byte (see read_dropped). */
#define DROPPED_STATES 4   /* readings kept a byte */
struct dropped_step {
	double score;   /* log-probability, less LOST_BYTE_COST a byte put back */
	uint32_t cp;    /* the character of the step that ends here */
	uint32_t from;  /* the reading it extends (index into the steps; a
	                 * window holds fewer than 2^30 chars) */
	unsigned char kept;   /* 0: two bytes; 1: a lead, its trail lost;
	                       * 2: a trail, its lead lost; 3: a letter */
};

enum target { TARGET_UTF8, TARGET_GBK, TARGET_CP950 };

struct hypothesis {
	enum image_kind image;
	enum target target;
	const char *class_name;
};

static const struct hypothesis hypotheses[] = {
	{IMAGE_GBK, TARGET_UTF8, "utf8-as-gbk"},
	{IMAGE_CP1252, TARGET_UTF8, "utf8-as-cp1252"},
	{IMAGE_CP1252, TARGET_GBK, "gbk-as-cp1252"},
	{IMAGE_GBK, TARGET_CP950, "big5-as-gbk"},
	{IMAGE_CP950, TARGET_GBK, "gbk-as-big5"},
};

struct ch {
	uint32_t cp;
	size_t off, len;
	int suspicious;   /* '?', U+FFFD or zc_charmodel_suspicion > 0 */
	int unlikely;     /* suspicious or zc_mojibake_unlikely */
	int swappable;    /* unlikely, and the other of GBK and Big5 reads its
	                   * bytes as a character that is not (see swappable) */
};

/* The best hypothesis found at some start. */
struct best {
	double gain;
	size_t end;
	const char *class_name;
	zc_buf text;
	int clear;   /* won by far: nothing else to try */
};

struct line_ctx {
	const zc_charmodel *m;
	const char *text;
	size_t len;
	struct ch *chars;
	size_t n;
	zc_buf *out;
	size_t copied;        /* text[0..copied) is in out */
	size_t free_from;     /* chars before this one were replaced */
	zc_repair_cb cb;
	void *cb_arg;
	int changes;
	unsigned seen;   /* bit k: hypotheses[k] repaired something here */
	/* The first repair of the line, when it is a legacy mix-up: the
	 * char it starts at (NO_POS: none yet) and where out then was. */
	size_t first_legacy, first_legacy_out;
	int before_legacy;   /* repairs made before it */
	size_t lost_near;    /* GBK bytes were lost before this char */
	/* The bytes of the chars from some start under each image kind,
	 * built once and shared by the hypotheses starting inside. */
	struct image_cache {
		unsigned *image;
		size_t *image_char;
		size_t *char_pos;   /* char -> its first image byte, or NO_POS */
		size_t len, first, last;
		int valid;
	} cache[3];
	/* The image of the current hypothesis (inside a cache). */
	const unsigned *image;      /* bytes, or LOST */
	const size_t *image_char;   /* image index -> index of its char */
	double *prefix;             /* see score_original */
	struct best here, later;
	size_t later_start;   /* later holds the best at this start ... */
	int later_valid;      /* ... when this is set */
	size_t *bound_len, *bound_end, nbound;   /* see add_boundary */
	size_t *susp_prefix;   /* suspicious chars before each char */
	size_t *unlikely_prefix;   /* the same for unlikely chars */
	size_t *swappable_prefix;  /* the same for swappable ones */
	int swaps_only;   /* only unlikely chars near: try the swaps alone */
	void *arrays;     /* the block the per-line arrays are carved out of */
	const float *unigram;   /* zc_charmodel_unigram_table */
	const unsigned char *suspicion;   /* zc_charmodel_suspicion_table */

	zc_buf cand, best;
	/* The reading of GBK read as Windows-1252 with dropped bytes put
	 * back (see read_dropped): a step per image byte, and the bytes put
	 * back up to each boundary when dropped_bounds is set. */
	struct dropped_step *steps;
	size_t *path, *bound_fills;
	int dropped_bounds;
	int all_cp1252;   /* see line_all_cp1252: 0 not known yet, 1 yes, -1 no */
};

/* ---- the fast path ------------------------------------------------------ */

int
zc_mojibake_unlikely(const zc_charmodel *m, uint32_t cp)
{
	if (cp < 0x80 || (zc_charmodel_suspicion(m, cp) < 2 &&
	                  zc_charmodel_unigram(m, cp) >= LOGP_UNLIKELY))
		return 0;
	/* no swap makes what neither code page has (U+00A0, emoji) */
	return zc_charmodel_encode2(m, ZC_CP_GBK, cp) != 0 ||
	       zc_charmodel_encode2(m, ZC_CP_CP950, cp) != 0;
}

int
zc_mojibake_unlikely_near(const zc_charmodel *m, uint32_t a, uint32_t b, size_t gap)
{
	if (gap == 1)   /* a word of two rare characters is text */
		return zc_charmodel_char_logp(m, a, b) <= zc_charmodel_unigram(m, b);
	return gap <= ZC_UNLIKELY_GAP;
}

/* The suspicion of the character text starts with. */
static int
next_level(const zc_charmodel *m, const char *text, size_t len)
{
	uint32_t cp;

	zc_utf8_decode(text, len, &cp);
	return cp == ZC_INVALID ? 0 : zc_charmodel_suspicion(m, cp);
}

static int
line_is_suspicious(const zc_charmodel *m, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *level = zc_charmodel_suspicion_table(m);
	const float *unigram = zc_charmodel_unigram_table(m);
	size_t i = 0, k = 0, last = 0, last_unlikely = 0, n;
	uint32_t cp, prev_unlikely = 0;
	int lv, prev_lv = 0;

	/* Two characters of level 1 with at most two others between, or a
	 * '?' (a lost byte) touching one, or between two non-ASCII ones, or
	 * "??" touching any non-ASCII. */
	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] == '?' && (prev_lv > 0 ||
			    (i > 0 && s[i - 1] >= 0x80 && i + 1 < len && s[i + 1] >= 0x80) ||
			    (i > 0 && s[i - 1] >= 0x80 && i + 2 < len && s[i + 1] >= 0x40 &&
			     s[i + 1] <= 0x7E && s[i + 2] >= 0x80) ||
			    (i + 1 < len && s[i + 1] == '?' && (i > 0 && s[i - 1] >= 0x80)) ||
			    (i + 2 < len && s[i + 1] == '?' && s[i + 2] >= 0x80) ||
			    (i + 1 < len && s[i + 1] >= 0x80 && next_level(m, text + i + 1, len - i - 1) > 0)))
				return 1;
			prev_lv = 0;
			i++;
			continue;
		}
		if (s[i] >= 0xE0 && s[i] <= 0xEF && i + 2 < len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			cp = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
			     (s[i + 2] & 0x3F);
			n = 3;   /* the common case, decoded inline */
		} else {
			n = zc_utf8_decode(text + i, len - i, &cp);
		}
		i += n;
		k++;
		lv = cp < 0x10000 ? level[cp] : 0;
		if (lv == 2 || (lv == 1 && last != 0 && k - last <= 3))
			return 1;
		if (lv == 1)
			last = k;
		prev_lv = lv;
		/* (the common no of zc_mojibake_unlikely without the call) */
		if (!(cp < 0x10000 && lv < 2 && unigram[cp] >= LOGP_UNLIKELY) &&
		    zc_mojibake_unlikely(m, cp)) {
			if (last_unlikely != 0 &&
			    zc_mojibake_unlikely_near(m, prev_unlikely, cp, k - last_unlikely))
				return 1;
			last_unlikely = k;
			prev_unlikely = cp;
		}
	}
	return 0;
}

/* ---- output ------------------------------------------------------------- */

/* Replace chars [i, j) with after[0..n). */
static int
emit_repair(struct line_ctx *c, size_t i, size_t j, const char *after,
            size_t n, const char *class_name)
{
	size_t from = c->chars[i].off;
	size_t to = j < c->n ? c->chars[j].off : c->len;
	size_t k;

	if (from < c->copied)
		return ZC_EINVAL;   /* overlapping repairs: a bug */
	if (zc_buf_append(c->out, c->text + c->copied, from - c->copied) < 0 ||
	    zc_buf_append(c->out, after, n) < 0)
		return ZC_ENOMEM;
	c->copied = to;
	c->free_from = j;
	for (k = 0; k < sizeof hypotheses / sizeof *hypotheses; k++)
		if (class_name == hypotheses[k].class_name) {
			if (hypotheses[k].target != TARGET_UTF8 &&
			    c->first_legacy == NO_POS) {
				c->first_legacy = i;
				c->first_legacy_out = c->out->len - n;
				c->before_legacy = c->changes;
			}
			c->seen |= 1u << k;
		}
	c->changes++;
	if (c->cb)
		c->cb(c->cb_arg, from, c->text + from, to - from, after, n, class_name);
	return 0;
}

/* ---- scoring ------------------------------------------------------------ */

static uint32_t
char_before(const struct line_ctx *c, size_t i)
{
	return i > 0 ? c->chars[i - 1].cp : 0;
}

static uint32_t
char_at(const struct line_ctx *c, size_t j)
{
	return j < c->n ? c->chars[j].cp : 0;
}

/* zc_charmodel_unigram without a call for the BMP: the fills weigh
 * thousands of candidates a line. */
static double
unigram(const struct line_ctx *c, uint32_t cp)
{
	return cp < 0x10000 ? c->unigram[cp] : zc_charmodel_unigram(c->m, cp);
}

/* How well cp fills a gap between prev and next (0: none). */
static double
fill_score(const struct line_ctx *c, uint32_t prev, uint32_t cp, uint32_t next)
{
	double score = zc_charmodel_char_logp(c->m, prev, cp);

	return next != 0 ? score + zc_charmodel_char_logp(c->m, cp, next) : score;
}


/* The score of chars [i, j) after char i - 1 and before char j, from
 * prefix sums over the line made once (the same sum
 * zc_charmodel_score_between makes). */
static double
score_original(struct line_ctx *c, size_t i, size_t j)
{
	size_t k;

	if (c->prefix == NULL) {
		if ((c->prefix = malloc((c->n + 2) * sizeof *c->prefix)) == NULL)
			return 0;   /* no repair then */
		c->prefix[0] = 0;
		for (k = 0; k < c->n; k++)
			c->prefix[k + 1] = c->prefix[k] +
			    zc_charmodel_char_logp(c->m, char_before(c, k), c->chars[k].cp);
		c->prefix[c->n + 1] = c->prefix[c->n];
	}
	return c->prefix[j < c->n ? j + 1 : c->n] - c->prefix[i];
}

/* ---- byte images -------------------------------------------------------- */

/* The bytes char k was decoded from under image kind; 0 if none. A '?'
 * stands for bytes the codec lost. */
static size_t
char_image(const struct line_ctx *c, enum image_kind kind, size_t k,
           unsigned *bytes)
{
	uint32_t cp = c->chars[k].cp;
	unsigned code;
	int b;

	if ((cp == '?' || cp == 0xFFFD) && kind != IMAGE_CP1252) {
		bytes[0] = LOST;
		return 1;
	}
	if (cp < 0x80 || cp == ZC_INVALID)
		return 0;
	if (kind == IMAGE_CP1252) {
		if ((b = zc_charmodel_cp1252_byte(c->m, cp)) < 0)
			return 0;
		bytes[0] = (unsigned)b;
		return 1;
	}
	if (cp == 0x20AC && kind == IMAGE_GBK) {   /* CP936's one-byte euro */
		bytes[0] = 0x80;
		return 1;
	}
	code = zc_charmodel_encode2(c->m, kind == IMAGE_GBK ? ZC_CP_GBK : ZC_CP_CP950, cp);
	if (code == 0)
		return 0;
	bytes[0] = code >> 8;
	bytes[1] = code & 0xFF;
	return 2;
}

/* Fill c->image with the bytes of chars i.. until one has none; returns
 * the image length. */
static size_t
build_image(struct line_ctx *c, enum image_kind kind, size_t i)
{
	struct image_cache *ic = &c->cache[kind];
	unsigned bytes[2];
	size_t n = 0, k, b, got, pos;

	if (!ic->valid || i < ic->first || i > ic->last || ic->char_pos[i] == NO_POS) {
		for (k = ic->valid ? ic->first : 0; ic->valid && k <= ic->last; k++)
			ic->char_pos[k] = NO_POS;
		for (k = i; k < c->n && n < MAX_IMAGE; k++) {
			got = char_image(c, kind, k, bytes);
			/* A trail byte may be ASCII: after a lost lead, or
			 * after a lead byte of GBK read as 1252 (in step or
			 * not: 1252 may have dropped a byte before). */
			if (got == 0 && n > 0 && c->chars[k].cp >= 0x40 &&
			    c->chars[k].cp <= 0x7E && (ic->image[n - 1] == LOST ||
			    (kind == IMAGE_CP1252 && ic->image[n - 1] >= 0x81))) {
				bytes[0] = c->chars[k].cp;
				got = 1;
			}
			if (got == 0)
				break;
			ic->char_pos[k] = n;
			for (b = 0; b < got; b++) {
				ic->image[n] = bytes[b];
				ic->image_char[n++] = k;
			}
		}
		ic->len = n;
		ic->first = i;
		ic->last = k > i ? k - 1 : i;
		ic->valid = n > 0;
		if (n == 0) {
			c->image = ic->image;
			c->image_char = ic->image_char;
			return 0;
		}
	}
	pos = ic->char_pos[i];
	c->image = ic->image + pos;
	c->image_char = ic->image_char + pos;
	return ic->len - pos;
}

/* ---- decoding an image -------------------------------------------------- */

/* A place where a decoding ends on a boundary between source characters:
 * cand[0..len) replaces chars [start, end). */
static void
add_boundary(struct line_ctx *c, size_t len, size_t end)
{
	if (c->nbound < c->n + 1) {
		c->bound_len[c->nbound] = len;
		c->bound_end[c->nbound++] = end;
	}
}

/* The best completion of the known bytes seq[0..have) of a UTF-8 sequence
 * to need bytes, by the model after prev: the missing bytes are drawn from
 * fill (nfill values) and inserted together at some place from pos_lo to
 * pos_hi (0: the lead itself was lost). Returns the code point or 0. */
static uint32_t
complete_utf8(const struct line_ctx *c, const unsigned char *seq, size_t have,
              size_t need, const unsigned *fill, size_t nfill, size_t pos_lo,
              size_t pos_hi, uint32_t prev, uint32_t next)
{
	unsigned char s[4];
	size_t missing = need - have, combos = 1, x, k, pos, r, len;
	uint32_t cp, best = 0;
	double score, uni, best_score = -1e9;

	for (k = 0; k < missing; k++)
		combos *= nfill;
	for (pos = pos_lo; pos <= pos_hi && pos <= have; pos++) {
		/* the known bytes around the fill, once for every fill */
		memcpy(s, seq, pos);
		memcpy(s + pos + missing, seq + pos, have - pos);
		for (x = 0; x < combos; x++) {
			for (k = 0, r = x; k < missing; k++, r /= nfill)
				s[pos + k] = (unsigned char)fill[r % nfill];
			if (need == 3 && (s[0] & 0xF0) == 0xE0) {
				/* The common case, without a decoder call. */
				cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
				     (s[2] & 0x3F);
				if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || cp < 0x800 ||
				    (cp >= 0xD800 && cp <= 0xDFFF))
					continue;
			} else {
				len = zc_utf8_decode((const char *)s, need, &cp);
				if (len != need || cp == ZC_INVALID)
					continue;
			}
			/* A rare character, or one far from the best so far even
			 * before context, is not worth scoring. */
			uni = unigram(c, cp);
			if (uni < LOGP_FILL_RARE || uni < best_score - 2 * BIGRAM_SPAN)
				continue;
			score = fill_score(c, prev, cp, next);
			if (score > best_score) {
				best_score = score;
				best = cp;
			}
		}
	}
	return best;
}

/* The character a complete UTF-8 sequence at image[p] holds, or 0: the
 * right context of a filled character. */
static uint32_t
peek_utf8(const struct line_ctx *c, size_t p, size_t n)
{
	unsigned char seq[4];
	size_t need, k;
	uint32_t cp;

	if (p >= n || c->image[p] == LOST)
		return 0;
	if (c->image[p] < 0x80)
		return c->image[p];
	if ((need = zc_utf8_lead_length(c->image[p])) < 2 || p + need > n)
		return 0;
	for (k = 0; k < need; k++) {
		if (c->image[p + k] == LOST)
			return 0;
		seq[k] = (unsigned char)c->image[p + k];
	}
	return zc_utf8_decode((const char *)seq, need, &cp) == need ? cp : 0;
}

static int
put_cp(zc_buf *b, uint32_t cp)
{
	size_t n;

	/* Written in place: the decoders put a character at a time, and a
	 * call to append each cost a tenth of their time. */
	if (b->cap - b->len < 5 && zc_buf_reserve(b, 4) != ZC_OK)
		return ZC_ENOMEM;
	if ((n = zc_utf8_encode(cp, b->data + b->len)) == 0)
		return ZC_EINVAL;
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* The bytes Windows-1252 cannot decode: what 符号码 drops. */
static const unsigned cp1252_undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

/* How many continuation bytes follow image[p], up to max. */
static size_t
continuations(const struct line_ctx *c, size_t p, size_t n, size_t max)
{
	size_t f = 0;

	while (f < max && p + f < n && c->image[p + f] != LOST &&
	       (c->image[p + f] & 0xC0) == 0x80)
		f++;
	return f;
}

/* The source character after the image's last one. */
static uint32_t
next_char_after(const struct line_ctx *c, size_t n)
{
	return n > 0 ? char_at(c, c->image_char[n - 1] + 1) : 0;
}

/*
 * Decode the character at image[p] as UTF-8, filling bytes a codec lost.
 * Returns its code point (*used: image bytes it took) or 0.
 */
static uint32_t
decode_utf8_char(struct line_ctx *c, enum image_kind kind, size_t p, size_t n,
                 uint32_t prev, size_t *used, int *lossy)
{
	static const unsigned any_cont[64] = {
		0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B,
		0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
		0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2, 0xA3,
		0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
		0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB,
		0xBC, 0xBD, 0xBE, 0xBF};
	static const unsigned three_byte_leads[] = {0xE2, 0xE3, 0xE4, 0xE5, 0xE6,
	                                            0xE7, 0xE8, 0xE9, 0xEF};
	unsigned char seq[4];
	size_t need, have, f, k;
	uint32_t cp;

	if (c->image[p] == LOST) {
		/* The lead went: CJK and punctuation leads before two
		 * continuation bytes. */
		if (kind == IMAGE_CP1252 || continuations(c, p + 1, n, 2) != 2)
			return 0;
		seq[0] = (unsigned char)c->image[p + 1];
		seq[1] = (unsigned char)c->image[p + 2];
		*used = 3;
		++*lossy;
		return complete_utf8(c, seq, 2, 3, three_byte_leads, 9, 0, 0, prev,
		                     peek_utf8(c, p + 3, n));
	}
	/* see ascii_trail; in a Windows-1252 image, a letter after a byte
	 * from 0x81 (see build_image) */
	if (kind != IMAGE_CP950 && c->image[p] < 0x80) {
		*used = 1;
		return c->image[p];
	}
	if ((need = zc_utf8_lead_length(c->image[p])) < 2)
		return 0;
	seq[0] = (unsigned char)c->image[p];
	have = 1 + continuations(c, p + 1, n, need - 1);
	for (k = 1; k < have; k++)
		seq[k] = (unsigned char)c->image[p + k];
	if (have == need) {
		*used = need;
		return zc_utf8_decode((const char *)seq, need, &cp) == need ? cp : 0;
	}
	++*lossy;
	if (kind != IMAGE_CP1252 && need - have == 2 && p + have + 1 < n &&
	    c->image[p + have] == LOST && c->image[p + have + 1] == LOST &&
	    continuations(c, p + have + 2, n, 1) == 0) {
		/* "??": a '?' for each of the two bytes GBK could not pair
		 * (E9 A2 9D: A2 9D is no GBK character). */
		*used = have + 2;
		return complete_utf8(c, seq, have, need, any_cont, 64, have, have, prev,
		                     peek_utf8(c, p + *used, n));
	}
	if (kind != IMAGE_CP1252 && p + have < n && c->image[p + have] == LOST) {
		/* '?' for one or two bytes; continuation bytes after it
		 * are the rest of this character. */
		f = continuations(c, p + have + 1, n, need - have - 1);
		for (k = 0; k < f; k++)
			seq[have + k] = (unsigned char)c->image[p + have + 1 + k];
		*used = have + 1 + f;
		return complete_utf8(c, seq, have + f, need, any_cont, 64, have, have, prev,
		                     peek_utf8(c, p + *used, n));
	}
	if (kind != IMAGE_CP1252 && p + have == n && have >= 2) {
		*used = have;   /* the last byte went with the line end */
		return complete_utf8(c, seq, have, need, any_cont, 64, have, have, prev,
		                     next_char_after(c, n));
	}
	if (kind == IMAGE_CP1252 && need - have <= 2) {
		*used = have;   /* Windows-1252 dropped undefined bytes */
		return complete_utf8(c, seq, have, need, cp1252_undefined, 5, 1, have, prev,
		                     peek_utf8(c, p + have, n));
	}
	return 0;
}

/* Whether cp, decoded at image[p], is an ASCII letter that GBK took as the
 * trail of a character whose lead ended a UTF-8 sequence (、T read as
 * 銆乀). */
static int
ascii_trail(const struct line_ctx *c, size_t p, uint32_t cp)
{
	return cp >= 0x40 && cp <= 0x7E && p > 0 && c->image_char[p] == c->image_char[p - 1];
}

/*
 * Decode image[0..n) as UTF-8, appending to out, and return the position
 * after the last character that ended on a boundary between source chars.
 * *lossy counts characters with filled bytes.
 */
static size_t
decode_utf8(struct line_ctx *c, enum image_kind kind, size_t n, zc_buf *out,
            uint32_t prev, int *lossy)
{
	size_t p = 0, good = 0, good_len = 0, used = 0;
	uint32_t cp;

	while (p < n) {
		if ((cp = decode_utf8_char(c, kind, p, n, prev, &used, lossy)) == 0)
			break;
		/* 古文码 is Chinese UTF-8 read as GBK: its characters take
		 * three bytes; two-byte letters come from clean GBK text. */
		if (kind != IMAGE_CP1252 && cp < 0x800 && cp != 0xB7 && cp != 0xD7 &&
		    !ascii_trail(c, p, cp))
			break;
		if (put_cp(out, cp) < 0)
			break;
		p += used;
		prev = cp;
		if (p >= n || c->image_char[p] != c->image_char[p - 1]) {
			good = p < n ? p : n;
			good_len = out->len;
			add_boundary(c, out->len, c->image_char[good - 1] + 1);
		}
	}
	out->len = good_len;
	return good;
}

static uint32_t
last_of(const zc_buf *b)
{
	size_t i = b->len;
	uint32_t cp = 0;

	while (i > 0 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		zc_utf8_decode(b->data + i - 1, b->len - i + 1, &cp);
	return cp;
}

/* The best character of code page `page` with this trail byte, after the
 * last character of out. */
static uint32_t
best_lead(const zc_charmodel *m, enum zc_codepage page, unsigned trail,
          const zc_buf *out)
{
	const uint16_t *table = zc_charmodel_decode_table(m, page);
	uint32_t prev = last_of(out), cp, best = 0;
	double score, best_score = -1e9;
	unsigned lead;

	if (trail < 0x40 || trail > 0xFE)
		return 0;   /* no character has it (zc_charmodel_decode2) */
	for (lead = 0x81; lead <= 0xFE; lead++) {
		/* the table, not a call a lead: 126 leads a lost byte */
		if ((cp = table[(lead - 0x81) * ZC_TRAILS + trail - 0x40]) == 0)
			continue;
		score = zc_charmodel_char_logp(m, prev, cp);
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/* zc_charmodel_decode2 from its table, without a call a character. */
static uint32_t
decode_pair(const uint16_t *table, unsigned lead, unsigned trail)
{
	if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE)
		return 0;
	return table[(lead - 0x81) * ZC_TRAILS + trail - 0x40];
}

/* Decode image[0..n) as a double-byte code page; letters: ASCII letters
 * not in a trail's place are read as themselves (Windows-1252 images). */
static size_t
decode_double(struct line_ctx *c, enum zc_codepage page, size_t n, int letters,
              zc_buf *out)
{
	const uint16_t *table = zc_charmodel_decode_table(c->m, page);
	size_t p = 0, good = 0, good_len = 0;
	uint32_t cp;

	while (p < n) {
		if (c->image[p] < 0x80 && letters) {
			/* An ASCII letter after a trail: a letter (see
			 * build_image). */
			cp = c->image[p++];
			if (put_cp(out, cp) < 0)
				return 0;
			good = p;
			good_len = out->len;
			add_boundary(c, out->len, c->image_char[p - 1] + 1);
			continue;
		}
		if (p + 1 >= n || c->image[p + 1] == LOST)
			break;
		if (c->image[p] == LOST)   /* the lead was lost: fill it */
			cp = best_lead(c->m, page, c->image[p + 1], out);
		else
			cp = decode_pair(table, c->image[p], c->image[p + 1]);
		if (cp == 0)
			break;
		p += 2;
		if (put_cp(out, cp) < 0)
			return 0;
		if (p == n || c->image_char[p] != c->image_char[p - 1]) {
			good = p;
			good_len = out->len;
			add_boundary(c, out->len, c->image_char[good - 1] + 1);
		}
	}
	out->len = good_len;
	return good;
}

/* ---- GBK read as Windows-1252, bytes dropped ---------------------------- */

/*
 * The five bytes Windows-1252 leaves undefined are GBK lead and trail
 * bytes alike. A decoder that drops them takes a character's other byte
 * out of step with the rest, so that the GBK reading goes wrong from
 * there. Reading again, a byte may be put back before any image byte (a
 * lost lead) or after it (a lost trail), whichever the model prefers.
 */

/* The Han character byte b makes with a dropped byte (b the lead when
 * b_is_lead, else the trail) that fits best between prev and next (0:
 * none); *margin, when given: by how much it beats the next best. */
static uint32_t
best_dropped_fill(const struct line_ctx *c, const uint16_t *table, unsigned b,
                  int b_is_lead, uint32_t prev, uint32_t next, double *margin)
{
	uint32_t cp, best = 0;
	double score, best_score = -1e9, second = -1e9;
	size_t k;

	for (k = 0; k < sizeof cp1252_undefined / sizeof *cp1252_undefined; k++) {
		cp = b_is_lead ? decode_pair(table, b, cp1252_undefined[k])
		               : decode_pair(table, cp1252_undefined[k], b);
		if (cp == 0 || unigram(c, cp) < LOGP_FILL_RARE || !zc_is_han(cp))
			continue;
		score = fill_score(c, prev, cp, next);
		if (score > best_score) {
			second = best_score;
			best_score = score;
			best = cp;
		} else if (score > second) {
			second = score;
		}
	}
	if (margin)
		*margin = best_score - second;
	return best;
}

/* Take the step from state `from` (st index) at byte p to byte q reading
 * cp: among the readings kept at q, in place of one with the same last
 * character, else of the worst. */
static void
relax(struct dropped_step *st, size_t from, size_t q, uint32_t cp, double score,
      int kept)
{
	struct dropped_step *at = st + q * DROPPED_STATES, *worst = at;
	size_t k;

	for (k = 0; k < DROPPED_STATES; k++) {
		if (at[k].score > -1e300 && at[k].cp == cp) {
			worst = at + k;
			break;
		}
		if (at[k].score < worst->score)
			worst = at + k;
	}
	if (score > worst->score) {
		worst->score = score;
		worst->cp = cp;
		worst->from = (uint32_t)from;
		worst->kept = (unsigned char)kept;
	}
}

/* Every step from state `from` reading the byte at p with a dropped byte
 * put back (as the lead or the trail): each Han character it can make
 * that is not too rare to be a fill. */
static void
relax_fills(struct line_ctx *c, const uint16_t *table, size_t from, size_t p)
{
	const struct dropped_step *f = c->steps + from;
	unsigned b = c->image[p];
	uint32_t cp;
	size_t k;
	int kept;

	for (kept = 1; kept <= 2; kept++)
		for (k = 0; k < sizeof cp1252_undefined / sizeof *cp1252_undefined; k++) {
			cp = kept == 1 ? decode_pair(table, b, cp1252_undefined[k])
			               : decode_pair(table, cp1252_undefined[k], b);
			if (cp != 0 && unigram(c, cp) >= LOGP_FILL_RARE && zc_is_han(cp))
				relax(c->steps, from, p + 1, cp, f->score - LOST_BYTE_COST +
				      zc_charmodel_char_logp(c->m, f->cp, cp), kept);
		}
}

/* The best readings of image[0..n) as GBK with dropped bytes put back, into
 * c->steps: Viterbi with DROPPED_STATES readings kept at each byte, each
 * with its own last character (the bigram's state). Returns the st index
 * of the best reading of the most bytes. */
static size_t
read_dropped(struct line_ctx *c, const uint16_t *table, size_t n, uint32_t prev)
{
	struct dropped_step *st = c->steps;
	size_t p, k, s, best = 0;
	uint32_t cp;

	for (k = 0; k < (n + 1) * DROPPED_STATES; k++)
		st[k].score = -1e300;
	st[0].score = 0;
	st[0].cp = prev;
	for (p = 0; p < n; p++)
		for (k = 0; k < DROPPED_STATES; k++) {
			s = p * DROPPED_STATES + k;
			if (st[s].score <= -1e300)
				continue;
			/* An ASCII letter may be read as one (see
			 * decode_double), but where a reading is out of step
			 * it is as likely the trail of a dropped lead: as
			 * costly as putting one back. */
			if (c->image[p] < 0x80)
				relax(st, s, p + 1, c->image[p], st[s].score - LOST_BYTE_COST +
				      zc_charmodel_char_logp(c->m, st[s].cp, c->image[p]), 3);
			if (p + 1 < n &&
			    (cp = decode_pair(table, c->image[p], c->image[p + 1])) != 0)
				relax(st, s, p + 2, cp, st[s].score +
				      zc_charmodel_char_logp(c->m, st[s].cp, cp), 0);
			relax_fills(c, table, s, p);
		}
	for (p = n; p > 0 && best == 0; p--)
		for (k = 0; k < DROPPED_STATES; k++) {
			s = p * DROPPED_STATES + k;
			if (st[s].score > -1e300 && (best == 0 || st[s].score > st[best].score))
				best = s;
		}
	return best;
}

/* Decode image[0..n) as GBK read as Windows-1252 with bytes dropped: the
 * best reading, its characters with a byte put back chosen again between
 * both neighbours (LOST_CHAR_MARK where none wins clearly). Sets boundaries
 * and c->bound_fills; returns the position after the last character. */
static size_t
decode_dropped(struct line_ctx *c, size_t n, uint32_t prev, zc_buf *out, int *fills)
{
	const uint16_t *table = zc_charmodel_decode_table(c->m, ZC_CP_GBK);
	struct dropped_step *st = c->steps;
	size_t best = read_dropped(c, table, n, prev), s, q, k, npath = 0;
	uint32_t cp, next;
	double margin;

	for (s = best; s >= DROPPED_STATES; s = st[s].from)
		c->path[npath++] = s;
	out->len = 0;
	c->nbound = 0;
	*fills = 0;
	while (npath > 0) {
		s = c->path[--npath];
		q = s / DROPPED_STATES;
		cp = st[s].cp;
		if (st[s].kept == 3) {
			++*fills;
		} else if (st[s].kept != 0) {
			next = npath > 0 ? st[c->path[npath - 1]].cp
			                 : char_at(c, c->image_char[q - 1] + 1);
			cp = best_dropped_fill(c, table, c->image[q - 1], st[s].kept == 1,
			                       prev, next, &margin);
			if (margin < FILL_CLEAR)
				cp = LOST_CHAR_MARK;
			++*fills;
		}
		if (put_cp(out, cp) < 0)
			return 0;
		prev = cp;
		k = c->nbound;
		add_boundary(c, out->len, c->image_char[q - 1] + 1);
		if (c->nbound > k)
			c->bound_fills[k] = (size_t)*fills;
	}
	c->dropped_bounds = 1;
	return best / DROPPED_STATES;
}

/* Whether the plain GBK reading of a Windows-1252 image went wrong: it
 * stopped short of the image's end, read a letter where a trail was due
 * (the trail of a dropped lead, maybe), or characters that damage makes
 * rather than text. */
static int
reading_broke(const struct line_ctx *c, size_t used, size_t n, const zc_buf *out)
{
	size_t i, k;
	uint32_t cp;

	if (used < n)
		return 1;
	for (i = 0; i < out->len; i += k) {
		k = zc_utf8_decode(out->data + i, out->len - i, &cp);
		if (cp < 0x80 || unigram(c, cp) < LOGP_UNLIKELY)
			return 1;
	}
	return 0;
}

/* Decode a Windows-1252 image as GBK; where the plain reading breaks,
 * read it again with dropped bytes put back (*fills: how many). */
static size_t
decode_gbk_from_cp1252(struct line_ctx *c, size_t n, uint32_t prev, zc_buf *out,
                       int *fills)
{
	size_t used = decode_double(c, ZC_CP_GBK, n, 1, out);

	if (!reading_broke(c, used, n, out))
		return used;
	if (c->steps == NULL) {
		/* an image holds at most a byte a char */
		size_t cap = c->n + 2;
		char *p = malloc(cap * (DROPPED_STATES * sizeof *c->steps + 2 * sizeof(size_t)));

		if (p == NULL)
			return used;
		c->steps = (struct dropped_step *)(void *)p;
		c->path = (size_t *)(void *)(c->steps + DROPPED_STATES * cap);
		c->bound_fills = c->path + cap;
	}
	return decode_dropped(c, n, prev, out, fills);
}

/* ---- trying hypotheses -------------------------------------------------- */

/* The bytes Windows-1252 (or Latin-1) read s[0..len) from, into bytes
 * (cleared first), if they are valid UTF-8 of characters from U+0080 up:
 * 符号码 once more. Returns 0 or a negative ZC_E* code if they are not. */
static int
cp1252_bytes_utf8(const zc_charmodel *m, const char *s, size_t len, zc_buf *bytes)
{
	size_t i, k;
	uint32_t cp;
	int b;

	bytes->len = 0;
	for (i = 0; i < len; i += k) {
		/* (an ASCII letter may end a Windows-1252 image: see
		 * build_image) */
		k = zc_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80 && (i == 0 || i + k < len))
			return ZC_EINVAL;
		if (cp >= 0x80 && (b = zc_charmodel_cp1252_byte(m, cp)) < 0)
			return ZC_EINVAL;
		if (zc_buf_putc(bytes, (char)(cp < 0x80 ? (int)cp : b)) < 0)
			return ZC_ENOMEM;
	}
	for (i = 0; i < bytes->len; i += k) {
		k = zc_utf8_decode(bytes->data + i, bytes->len - i, &cp);
		if (cp == ZC_INVALID || (k < 2 && i + k < bytes->len))
			return ZC_EINVAL;
	}
	return 0;
}

/* Run 符号码 again on its own output while that is still 符号码 (double
 * UTF-8), however long. Returns 1 if it did. */
static int
undo_double_utf8(const zc_charmodel *m, zc_buf *s)
{
	zc_buf bytes = ZC_BUF_INIT;
	int pass, changed = 0;

	for (pass = 1; pass < MAX_DOUBLE_PASSES; pass++) {
		if (cp1252_bytes_utf8(m, s->data, s->len, &bytes) < 0)
			break;
		s->len = 0;
		if (zc_buf_append(s, bytes.data, bytes.len) < 0)
			break;
		changed = 1;
	}
	zc_buf_free(&bytes);
	return changed;
}

/* How many of chars [i, j) the fast path finds suspicious ('?' too). */
static size_t
count_suspicious(const struct line_ctx *c, size_t i, size_t j)
{
	return c->susp_prefix[j] - c->susp_prefix[i];
}

/* Try hypothesis h on the chars from i. Returns the end char index of the
 * span it decodes (> i) with the candidate in c->cand, or 0. */
static size_t
try_hypothesis(struct line_ctx *c, const struct hypothesis *h, size_t i,
               int *lossy)
{
	size_t n = build_image(c, h->image, i), used;

	c->cand.len = 0;
	c->nbound = 0;
	c->dropped_bounds = 0;
	*lossy = 0;
	if (n < 2 || c->image[0] == LOST)
		return 0;
	if (h->target == TARGET_UTF8)
		used = decode_utf8(c, h->image, n, &c->cand, char_before(c, i), lossy);
	else if (h->image == IMAGE_CP1252)
		used = decode_gbk_from_cp1252(c, n, char_before(c, i), &c->cand, lossy);
	else
		used = decode_double(c, h->target == TARGET_GBK ? ZC_CP_GBK : ZC_CP_CP950,
		                     n, 0, &c->cand);
	if (used == 0)
		return 0;
	return c->image_char[used - 1] + 1;
}

/* Running sums over a candidate, for evaluating each place its decoding
 * could end without going over it again. */
struct cand_walk {
	size_t at;          /* bytes of the candidate walked */
	uint32_t last;      /* the last character walked (or the one before) */
	double score;       /* sum of log-probabilities so far */
	double foreign;     /* the same over the non-ASCII characters */
	int non_ascii;
	int ascii;          /* ASCII characters */
	int han;            /* Han characters */
	uint32_t first_non_ascii;
	int script;        /* the last letter's small_script, or 0 */
	int mixed;         /* letters of two small scripts touched */
};

/* Latin-1 and Latin Extended (1), IPA and modifiers (2), Greek (3),
 * Cyrillic and Armenian (4); 0 for the rest. */
static int
small_script(uint32_t cp)
{
	if (cp >= 0xC0 && cp < 0x250)
		return 1;
	if (cp >= 0x250 && cp < 0x300)
		return 2;
	if (cp >= 0x370 && cp < 0x400)
		return 3;
	if (cp >= 0x400 && cp < 0x590)
		return 4;
	return 0;
}

static void
walk_to(const struct line_ctx *c, struct cand_walk *w, size_t len)
{
	uint32_t cp;
	size_t k;
	double lp;

	while (w->at < len) {
		k = zc_utf8_decode_inline(c->cand.data + w->at, len - w->at, &cp);
		lp = zc_charmodel_char_logp(c->m, w->last, cp);
		w->score += lp;
		if (cp >= 0x80) {
			int sc = small_script(cp);

			w->han += zc_is_han(cp);
			if (sc != 0 && w->script != 0 && sc != w->script &&
			    (sc > 1 || w->script > 1))
				w->mixed = 1;
			w->script = sc;
			w->foreign += lp;
			if (w->non_ascii++ == 0)
				w->first_non_ascii = cp;
		}
		else {
			w->script = 0;
			w->ascii++;
		}
		w->last = cp;
		w->at += k;
	}
}

/* Big5 read as GBK or GBK read as Big5. */
static int
is_swap(const struct hypothesis *h)
{
	return h->image != IMAGE_CP1252 && h->target != TARGET_UTF8;
}

/* Whether every non-ASCII char of the line is one Windows-1252 decodes to:
 * a line read with it as a whole (asked only once it repaired something,
 * so it is worked out once). */
static int
line_all_cp1252(struct line_ctx *c)
{
	size_t k;

	if (c->all_cp1252 == 0) {
		c->all_cp1252 = 1;
		for (k = 0; k < c->n && c->all_cp1252 == 1; k++)
			if (c->chars[k].cp >= 0x80 &&
			    zc_charmodel_cp1252_byte(c->m, c->chars[k].cp) < 0)
				c->all_cp1252 = -1;
	}
	return c->all_cp1252 == 1;
}

/* The code point of the non-space character `step` (-1 or 1) from char
 * *k, moving *k there; 0 if none. */
static uint32_t
neighbour(const struct line_ctx *c, size_t *k, int step)
{
	while ((step < 0 && *k > 0) || (step > 0 && *k + 1 < c->n)) {
		*k += (size_t)step;
		if (c->chars[*k].cp != ' ')
			return c->chars[*k].cp;
	}
	*k = step < 0 ? 0 : c->n;
	return 0;
}

/* Whether chars [i, j) hold part of a listing in code order (ㄅㄆㄇ,
 * ㄅ ㄆ ㄇ): three non-ASCII characters in a row, spaces between allowed,
 * each the code point after the one before. Text never does that, nor a
 * Big5/GBK swap of text (its bytes are not in order), but the other code
 * page reads a listing of one of its rows as Han in stroke order (乳事些). */
static int
has_listing(const struct line_ctx *c, size_t i, size_t j)
{
	size_t k, at;
	uint32_t cp, p1, p2, n1, n2;

	for (k = i; k < j; k++) {
		if ((cp = c->chars[k].cp) <= 0x80)
			continue;
		at = k;
		p1 = neighbour(c, &at, -1);
		p2 = p1 + 1 == cp ? neighbour(c, &at, -1) : 0;
		at = k;
		n1 = neighbour(c, &at, 1);
		n2 = cp + 1 == n1 ? neighbour(c, &at, 1) : 0;
		if ((p1 + 1 == cp && (cp + 1 == n1 || p2 + 1 == p1)) ||
		    (cp + 1 == n1 && n1 + 1 == n2))
			return 1;
	}
	return 0;
}

/* Whether a suspicious char stands within NEAR chars of [i, j), outside. */
static int
suspicious_around(const struct line_ctx *c, size_t i, size_t j)
{
	size_t from = i > NEAR ? i - NEAR : 0, to = j + NEAR < c->n ? j + NEAR : c->n;

	return c->susp_prefix[i] > c->susp_prefix[from] ||
	       c->susp_prefix[to] > c->susp_prefix[j];
}

/* ASCII characters among chars [i, j). */
static int
count_ascii(const struct line_ctx *c, size_t i, size_t j)
{
	int n = 0;

	for (; i < j; i++)
		n += c->chars[i].cp < 0x80;
	return n;
}

static int latin_look_alike(const struct line_ctx *c, const struct hypothesis *h,
                            size_t i, size_t j, const struct cand_walk *w, int lossy);
static int has_symbol_rule(const struct line_ctx *c, size_t i, size_t j);

/* Whether the walked candidate, replacing chars [i, j), may be a repair
 * under h: 拼音码 and Big5/GBK swaps make Han out of anything, so they
 * want two characters, or for 拼音码 (and a swap already found on this
 * line) one common one (月, 。), or for 拼音码 on a line it read as a
 * whole (see line_all_cp1252) any one (×); Han read
 * wrongly is mostly rare characters, which clean Han is not; and what
 * comes out must read as text on its own. */
static int
acceptable(struct line_ctx *c, const struct hypothesis *h, size_t i,
           size_t j, const struct cand_walk *w, int lossy)
{
	int seen = (c->seen & 1u << (h - hypotheses)) != 0;

	if (h->target != TARGET_UTF8 && w->non_ascii < 2 &&
	    ((h->image != IMAGE_CP1252 && !seen) || w->non_ascii == 0 ||
	     (zc_charmodel_unigram(c->m, w->first_non_ascii) < LOGP_COMMON &&
	      !(h->image == IMAGE_CP1252 && seen && line_all_cp1252(c)))))
		return 0;
	if (h->image != IMAGE_CP1252 && !is_swap(h) &&
	    4 * (c->susp_prefix[j] - c->susp_prefix[i]) < j - i)
		return 0;
	/* One character and a letter made of a GBK trail byte is what many
	 * a pair of rare characters reads as (鞠婧禕 as 鞠溶B): too little
	 * to tell 古文码 by. */
	if (h->image == IMAGE_GBK && h->target == TARGET_UTF8 && !seen &&
	    w->non_ascii < 2 && w->ascii > count_ascii(c, i, j))
		return 0;
	/* Nor one character with a byte filled where a '?' stood, with no
	 * other damage near: a question mark after a rare character reads so
	 * (金鑰? as 而); a U+FFFD is damage by itself. */
	if (h->image == IMAGE_GBK && h->target == TARGET_UTF8 && !seen &&
	    w->non_ascii < 2 && lossy > 0 && count_ascii(c, i, j) > 0 &&
	    !suspicious_around(c, i, j))
		return 0;
	if (!seen && latin_look_alike(c, h, i, j, w, lossy))
		return 0;
	/* A swap that reads no Han is symbols for symbols: no evidence
	 * (★★★★☆ read so would be 」」」」「); nor is a rule of one symbol
	 * repeated (────── is 岸岸岸岸岸岸). */
	if (is_swap(h) && !seen && (w->han == 0 || has_symbol_rule(c, i, j)))
		return 0;
	if (is_swap(h) && !seen &&
	    4 * (c->unlikely_prefix[j] - c->unlikely_prefix[i]) < j - i)
		return 0;
	if (is_swap(h) && has_listing(c, i, j))
		return 0;
	return w->non_ascii == 0 || w->foreign / w->non_ascii >= LOGP_PLAUSIBLE;
}

static int
is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

static int
is_ascii_alnum(uint32_t cp)
{
	return cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10);
}

/* Whether chars [i, j) hold no ASCII letter or digit, touch none, and touch
 * a Han character: Latin-1 letters inside Han are not a Latin word. */
static int
latin_inside_han(const struct line_ctx *c, size_t i, size_t j)
{
	uint32_t before = char_before(c, i), after = char_at(c, j);
	size_t k;

	if (is_ascii_alnum(before) || is_ascii_alnum(after) ||
	    !(is_han(before) || is_han(after)))
		return 0;
	for (k = i; k < j; k++)
		if (is_ascii_alnum(c->chars[k].cp))
			return 0;
	return 1;
}

/* Whether cp, read by Windows-1252 from a byte 0x80-0xBF, is a symbol
 * rather than a letter (Š, œ, ª, µ, º are letters). */
static int
is_continuation_symbol(const zc_charmodel *m, uint32_t cp)
{
	int b = zc_charmodel_cp1252_byte(m, cp);

	return b >= 0x80 && b <= 0xBF && small_script(cp) == 0 &&
	       cp != 0xAA && cp != 0xB5 && cp != 0xBA;
}

/* Whether cp is what Windows-1252 reads a UTF-8 continuation byte as. */
static int
is_continuation(const zc_charmodel *m, uint32_t cp)
{
	int b = zc_charmodel_cp1252_byte(m, cp);

	return b >= 0x80 && b <= 0xBF;
}

/* How many Ã and Â among chars [i, j) have a symbol right after them, and
 * â two continuations with a symbol among them (âœ” is ✔, â€™ is ’). */
static int
leads_before_symbols(const struct line_ctx *c, size_t i, size_t j)
{
	uint32_t cp, a, b;
	int n = 0;

	for (; i + 1 < j; i++) {
		cp = c->chars[i].cp;
		a = c->chars[i + 1].cp;
		if (cp == 0xC3 || cp == 0xC2)
			n += is_continuation_symbol(c->m, a);
		else if (cp == 0xE2 && i + 2 < j && is_continuation(c->m, a) &&
		         is_continuation(c->m, b = c->chars[i + 2].cp))
			n += is_continuation_symbol(c->m, a) || is_continuation_symbol(c->m, b);
	}
	return n;
}

static int
is_ascii_letter(uint32_t cp)
{
	return cp < 0x80 && (cp | 0x20) - 'a' < 26;
}

/* Whether chars [i, j) hold a symbol (not ASCII, not Han, not U+FFFD)
 * three times in a row: a rule or a row of stars, which text is made of
 * and Han read wrongly is not. */
static int
has_symbol_rule(const struct line_ctx *c, size_t i, size_t j)
{
	size_t k, run = 1;

	for (k = i + 1; k < j; k++) {
		run = c->chars[k].cp == c->chars[k - 1].cp ? run + 1 : 1;
		if (run >= 3 && c->chars[k].cp >= 0x80 && c->chars[k].cp != 0xFFFD &&
		    !zc_is_han(c->chars[k].cp))
			return 1;
	}
	return 0;
}

/* Whether chars [i, j) are one character repeated. */
static int
same_char_run(const struct line_ctx *c, size_t i, size_t j)
{
	size_t k;

	for (k = i + 1; k < j; k++)
		if (c->chars[k].cp != c->chars[i].cp)
			return 0;
	return j > i + 1;
}

/* Whether the candidate for chars [i, j) is a reading that Latin text
 * makes by itself, away from Han: one character with bytes Windows-1252
 * dropped put back, or only such characters (French é before a no-break
 * space as 遠, Czech éš as 随), one GBK symbol out of two Latin-1 ones (Spanish ¡« as ～), a
 * Latin-1 character doubled (¿¿ as 靠, Swedish ÅÅÅÅ as 排排, ●●● as
 * 〈〈〈), or a Big5/GBK swap that starts inside a Latin word (Portuguese
 * quê? as qu那么). */
static int
latin_look_alike(const struct line_ctx *c, const struct hypothesis *h,
                 size_t i, size_t j, const struct cand_walk *w, int lossy)
{
	if (same_char_run(c, i, j))
		return 1;
	if (is_swap(h))
		return small_script(c->chars[i].cp) != 0 && is_ascii_letter(char_before(c, i));
	if (h->image != IMAGE_CP1252 || latin_inside_han(c, i, j))
		return 0;
	if (h->target == TARGET_UTF8)   /* (géré as g遍r遠: every one filled) */
		return lossy > 0 && (w->non_ascii < 2 || lossy >= w->non_ascii);
	return w->non_ascii == 1 && !is_han(w->first_non_ascii);
}

/* The gain of the walked candidate over chars [i, j) under hypothesis h. */
static double
gain_of(struct line_ctx *c, const struct hypothesis *h, size_t i, size_t j,
        const struct cand_walk *w, int lossy, size_t fills)
{
	double gain = w->score - score_original(c, i, j) - FILL_GAIN_COST * (double)fills;

	if (j < c->n)
		gain += zc_charmodel_char_logp(c->m, w->last, c->chars[j].cp);
	/* Valid UTF-8 out of mojibake is evidence by itself (a random pair
	 * of bytes is one in some thirty times); any pair of bytes is GBK
	 * or Big5. */
	if (h->target != TARGET_UTF8)
		gain -= LEGACY_PRIOR;
	else if (h->image == IMAGE_CP1252 && lossy == 0 && !w->mixed)
		gain += UTF8_EVIDENCE * (double)w->non_ascii +
		        LEAD_BEFORE_SYMBOL_EVIDENCE * (double)leads_before_symbols(c, i, j);
	if (h->image == IMAGE_CP1252 && h->target == TARGET_GBK &&
	    latin_inside_han(c, i, j))
		gain += LATIN_IN_HAN_EVIDENCE * (double)w->non_ascii;
	if (h->target != TARGET_UTF8 && (c->seen & 1u << (h - hypotheses)))
		gain += SAME_LINE_EVIDENCE +
		        (h->image == IMAGE_CP1252 && line_all_cp1252(c) ? WHOLE_LINE_EVIDENCE : 0);
	return gain;
}

/* Whether boundary nb of nbound ends the reading of GBK read as 1252: a
 * Windows-1252 run cut short leaves a piece of itself that will not read
 * as anything on its own (伊戈爾：”M: the ” and M of 擬). */
static int
reads_to_end(const struct hypothesis *h, size_t nb, size_t nbound)
{
	return h->image == IMAGE_CP1252 && h->target == TARGET_GBK && nb + 1 == nbound;
}

/* The best hypothesis at char i into *b (b->class_name NULL: none): for
 * each, the best of the places where its decoding could end, or its end
 * if that is nearly as good (see reads_to_end). */
static int
best_at(struct line_ctx *c, size_t i, struct best *b)
{
	const struct hypothesis *h;
	struct cand_walk w;
	double gain;
	size_t k, j, len, nb, nchars, best_len;
	int lossy, twice;

	b->class_name = NULL;
	b->gain = 0;
	b->clear = 0;
	for (k = 0; k < sizeof hypotheses / sizeof *hypotheses; k++) {
		h = &hypotheses[k];
		if ((c->swaps_only && !is_swap(h)) ||
		    (j = try_hypothesis(c, h, i, &lossy)) == 0)
			continue;
		twice = h->image == IMAGE_CP1252 && h->target == TARGET_UTF8 &&
		        undo_double_utf8(c->m, &c->cand);
		if (twice) {   /* only the whole of it was decoded twice */
			c->bound_len[0] = c->cand.len;
			c->bound_end[0] = j;
			c->nbound = 1;
		}
		memset(&w, 0, sizeof w);
		w.last = char_before(c, i);
		best_len = 0;
		for (nb = 0; nb < c->nbound; nb++) {
			len = c->bound_len[nb];
			j = c->bound_end[nb];
			walk_to(c, &w, len);
			nchars = (size_t)w.non_ascii;
			gain = gain_of(c, h, i, j, &w, lossy,
			               c->dropped_bounds ? c->bound_fills[nb] : 0);
			if (gain < GAIN_BASE + GAIN_PER_CHAR * (double)nchars ||
			    (gain <= b->gain && !(reads_to_end(h, nb, c->nbound) &&
			     best_len > 0 && gain >= b->gain - RUN_END_SLACK)) ||
			    !acceptable(c, h, i, j, &w, lossy))
				continue;
			b->gain = gain;
			b->end = j;
			b->class_name = twice ? "utf8-as-cp1252-twice" : h->class_name;
			best_len = len;
			/* Valid UTF-8 winning by far needs no rivals. */
			b->clear = h->target == TARGET_UTF8 &&
			           gain > CLEAR_WIN * (GAIN_BASE + GAIN_PER_CHAR * (double)nchars);
		}
		if (best_len > 0) {   /* this hypothesis is the best so far */
			b->text.len = 0;
			if (zc_buf_append(&b->text, c->cand.data, best_len) < 0)
				return ZC_ENOMEM;
		}
		/* (bytes 1252 dropped and put back are no such evidence:
		 * GBK read as 1252 may read as UTF-8 with some put back) */
		if (b->clear && (lossy == 0 || h->image != IMAGE_CP1252))
			break;
	}
	return 0;
}

/* Try every hypothesis at char i and at i + 1; apply the best at i if it
 * wins clearly and the damage does not rather start one later (a clean
 * quote before 符号码 is also a Windows-1252 byte). Returns the char index
 * to continue from (i when nothing was done), or a negative ZC_E* code. */
static long
repair_at(struct line_ctx *c, size_t i)
{
	struct best swap;
	size_t k;
	int rc;

	if (c->later_valid && c->later_start == i) {
		/* Found while looking ahead from an earlier start. */
		swap = c->here;
		c->here = c->later;
		c->later = swap;
	} else if ((rc = best_at(c, i, &c->here)) < 0) {
		return rc;
	}
	c->later_valid = 0;
	if (c->here.class_name == NULL)
		return (long)i;
	for (k = i + 1; !c->here.clear && k <= i + LOOKAHEAD && k < c->n &&
	     c->chars[k].cp >= 0x80; k++) {
		if ((rc = best_at(c, k, &c->later)) < 0)
			return rc;
		if (c->later.class_name != NULL && c->later.gain > c->here.gain) {
			c->later_valid = 1;   /* go on at k, where it is kept */
			c->later_start = k;
			return (long)k;
		}
	}
	if ((rc = emit_repair(c, i, c->here.end, c->here.text.data, c->here.text.len,
	                      c->here.class_name)) < 0)
		return rc;
	return (long)c->here.end;
}

/* ---- runs that carry no information ------------------------------------- */

/* The end of the 锟斤拷 / U+FFFD run at i, or i. */
static size_t
replacement_run_end(const struct line_ctx *c, size_t i)
{
	size_t j = i;

	for (;;) {
		if (char_at(c, j) == 0xFFFD) {
			j++;
		} else if (char_at(c, j) == 0x951F && char_at(c, j + 1) == 0x65A4 &&
		           char_at(c, j + 2) == 0x62F7) {
			j += 3;    /* 锟斤拷: two U+FFFD read as GBK */
		} else if (char_at(c, j) == 0x951F && (j > i ||
		           char_at(c, j + 1) == 0xFFFD || char_at(c, j + 1) == '?')) {
			j += 1 + (char_at(c, j + 1) == '?');
		} else {
			return j;
		}
	}
}

static int
is_quote_open(uint32_t cp)
{
	return cp == 0x201C || cp == 0x300C || cp == 0x300E || cp == 0x300A ||
	       cp == 0x2018 || cp == '"' || cp == '\'';
}

/* Whether the line is about encodings: the words 乱码 (亂碼) and 编码
 * (編碼). */
static int
talks_about_encodings(const struct line_ctx *c)
{
	static const uint32_t first[] = {0x4E71, 0x4E82, 0x7F16, 0x7DE8};
	size_t k, f;

	for (k = 0; k + 1 < c->n; k++)
		for (f = 0; f < sizeof first / sizeof *first; f++)
			if (c->chars[k].cp == first[f] && c->chars[k + 1].cp == 0x7801 /* 码 */)
				return 1;
			else if (c->chars[k].cp == first[f] && c->chars[k + 1].cp == 0x78BC /* 碼 */)
				return 1;
	return 0;
}

/* A lone 锟斤拷 is a word when it is quoted, or when the line talks about
 * encodings (所谓锟斤拷就是乱码); otherwise it is two U+FFFD read as GBK. */
static int
is_word_kunjinkao(const struct line_ctx *c, size_t i, size_t j)
{
	if (j - i != 3 || char_at(c, i) != 0x951F)
		return 0;
	if (i > 0 && is_quote_open(char_before(c, i)))
		return 1;
	return talks_about_encodings(c);
}

/* 烫烫 and 屯屯 are words before 的/地/得 (烫烫的), or quoted. */
static int
is_word_fill(const struct line_ctx *c, size_t i, size_t j)
{
	uint32_t after = char_at(c, j);

	return (i > 0 && is_quote_open(char_before(c, i))) || after == 0x7684 ||
	       after == 0x5730 || after == 0x5F97 || talks_about_encodings(c);
}

/* Handle a run of damage without information at i. Returns the index to go
 * on from (i: none here) or a negative code. */
static long
remove_damage_run(struct line_ctx *c, size_t i)
{
	uint32_t cp = c->chars[i].cp;
	size_t j = replacement_run_end(c, i);

	if (j > i && !is_word_kunjinkao(c, i, j))
		return emit_repair(c, i, j, "", 0, "replacement-run") < 0 ? ZC_ENOMEM
		                                                          : (long)j;
	if (cp != 0x70EB && cp != 0x5C6F)    /* 烫, 屯 */
		return (long)i;
	for (j = i; char_at(c, j) == cp; j++)
		;
	if (j - i < MIN_FILL_RUN || is_word_fill(c, i, j))
		return (long)i;
	return emit_repair(c, i, j, "", 0, "uninitialised-memory") < 0 ? ZC_ENOMEM
	                                                               : (long)j;
}

/* ---- shifted GBK -------------------------------------------------------- */

/* Full-width punctuation (、。“”《》，：): what GBK's symbol rows hold
 * besides the Han rows. */
static int
is_wide_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x2010 && cp <= 0x2027) ||
	       (cp >= 0xFF01 && cp <= 0xFF5E);
}

/* GBK bytes out of step, one of them lost (0): the Han character or
 * full-width punctuation with bytes lead and trail that fits best between
 * prev and next (0: none). */
static uint32_t
best_half_fill(const zc_charmodel *m, unsigned lead, unsigned trail,
               uint32_t prev, uint32_t next)
{
	unsigned x;
	uint32_t cp, best = 0;
	double score, best_score = -1e9;

	for (x = lead ? 0x40 : 0x81; x <= 0xFE; x++) {
		cp = lead ? zc_charmodel_decode2(m, ZC_CP_GBK, lead, x)
		          : zc_charmodel_decode2(m, ZC_CP_GBK, x, trail);
		if (cp == 0 || !(zc_is_han(cp) || is_wide_punct(cp)))
			continue;
		score = (prev ? zc_charmodel_char_logp(m, prev, cp) : zc_charmodel_unigram(m, cp)) +
		        (next ? zc_charmodel_char_logp(m, cp, next) : 0);
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/* The GBK characters with trail byte `trail` (lead 0) or lead byte `lead`
 * (trail 0) that a half fill may make, into out[]; how many. */
static size_t
half_fills(const zc_charmodel *m, unsigned lead, unsigned trail, uint32_t *out)
{
	unsigned x;
	uint32_t cp;
	size_t n = 0;

	for (x = lead ? 0x40 : 0x81; x <= 0xFE; x++) {
		cp = lead ? zc_charmodel_decode2(m, ZC_CP_GBK, lead, x)
		          : zc_charmodel_decode2(m, ZC_CP_GBK, x, trail);
		if (cp != 0 && (zc_is_han(cp) || is_wide_punct(cp)))
			out[n++] = cp;
	}
	return n;
}

/* A candidate of best_pair_fill with what it scores on its own side, and
 * at most with the pair between. */
struct scored_fill {
	uint32_t cp;
	double score, bound;
};

/* Sort f[0..n) by bound, the highest first (Shell's sort with Ciura's
 * gaps: qsort's calls through a pointer cost more than the fills). */
static void
sort_by_bound(struct scored_fill *f, size_t n)
{
	static const size_t gaps[] = {132, 57, 23, 10, 4, 1};
	struct scored_fill t;
	size_t g, i, k;

	for (g = 0; g < sizeof gaps / sizeof *gaps; g++)
		for (i = gaps[g]; i < n; i++) {
			t = f[i];
			for (k = i; k >= gaps[g] && f[k - gaps[g]].bound < t.bound; k -= gaps[g])
				f[k] = f[k - gaps[g]];
			f[k] = t;
		}
}

/* The fills of one half, each scored against its outer neighbour (after
 * prev for a first character, before next for a second one), the best
 * bound first; how many. */
static size_t
scored_half_fills(const zc_charmodel *m, unsigned lead, unsigned trail, uint32_t prev,
                  uint32_t next, struct scored_fill *out)
{
	uint32_t cps[0xFE - 0x40 + 1];
	size_t n = half_fills(m, lead, trail, cps), k;

	for (k = 0; k < n; k++) {
		out[k].cp = cps[k];
		if (lead) {   /* a second character: the pair comes into it */
			out[k].score = next ? zc_charmodel_char_logp(m, cps[k], next) : 0;
			out[k].bound = out[k].score + zc_charmodel_logp_bound(m, cps[k]);
		} else {
			out[k].score = prev ? zc_charmodel_char_logp(m, prev, cps[k])
			                    : zc_charmodel_unigram(m, cps[k]);
			out[k].bound = out[k].score;
		}
	}
	sort_by_bound(out, n);
	return n;
}

/* Both halves of a shifted run that read nothing whole (强调 as ?康?: the
 * lead of the first character and the trail of the second were lost),
 * chosen together between prev and next, into *first and *second; 0 if
 * none scores above floor. Chosen one at a time, the first has no
 * neighbour to go by. The search stops where the two sides and the most
 * the pair between could add (zc_charmodel_logp_bound) cannot beat the
 * best. */
static int
best_pair_fill(const zc_charmodel *m, unsigned trail0, unsigned lead, uint32_t prev,
               uint32_t next, double floor, uint32_t *first, uint32_t *second)
{
	struct scored_fill xs[0xFE - 0x40 + 1], ys[0xFE - 0x40 + 1];
	size_t nx = scored_half_fills(m, 0, trail0, prev, 0, xs);
	size_t ny = scored_half_fills(m, lead, 0, 0, next, ys), a, b;
	double score, best = floor;

	*first = *second = 0;
	for (a = 0; a < nx && ny > 0 && xs[a].score + ys[0].bound > best; a++)
		for (b = 0; b < ny && xs[a].score + ys[b].bound > best; b++) {
			score = xs[a].score + ys[b].score +
			        zc_charmodel_char_logp(m, xs[a].cp, ys[b].cp);
			if (score > best) {
				best = score;
				*first = xs[a].cp;
				*second = ys[b].cp;
			}
		}
	return *first != 0;
}

static uint32_t
first_of(const zc_buf *b)
{
	uint32_t cp;

	zc_utf8_decode(b->data, b->len, &cp);
	return cp;
}

/* The GBK bytes of char k (lead << 8 | trail), 0 if it has none. */
static unsigned
gbk_code(const struct line_ctx *c, size_t k)
{
	uint32_t cp = c->chars[k].cp;

	if (cp < 0x80 || cp == ZC_INVALID)
		return 0;
	return zc_charmodel_encode2(c->m, ZC_CP_GBK, cp);
}

/* The Han character that best fills a whole lost character between prev
 * and next (0: none on that side). With mark_unclear, LOST_CHAR_MARK unless
 * the best makes a bigram with a Han neighbour and beats every other
 * candidate by FILL_CLEAR (below that, the model's guesses were mostly
 * wrong on generated damage); without, the best with a bigram on both sides
 * when both are Han and there is one, else the best (the guess the shifted
 * repair of "??" before a run has always made). One pass over the common
 * Han; a candidate whose left side alone is no better than the second best
 * (and the best with bigrams) cannot win (log-probabilities are <= 0). */
static uint32_t
best_lost_char(const struct line_ctx *c, uint32_t prev, uint32_t next, int mark_unclear)
{
	const zc_charmodel *m = c->m;
	uint32_t cp, best = 0, best_both = 0;
	double left, right, score, top = -1e9, second = -1e9, both = -1e9;
	double next_uni = unigram(c, next);
	int prev_han = zc_is_han(prev), next_han = zc_is_han(next);
	int han = prev_han && next_han, bigram = 0, has_left, has_right;
	const uint32_t *common;
	size_t k, n = zc_charmodel_common_han(m, &common);

	if (n > LOST_CANDIDATES_MAX)
		n = LOST_CANDIDATES_MAX;

	/* (A fill is never a character damage makes: the list leaves those
	 * out.) */
	for (k = 0; k < n; k++) {
		cp = common[k];
		left = zc_charmodel_char_logp(m, prev, cp);
		if (left <= second && (!han || left <= both))
			continue;
		right = next ? zc_charmodel_char_logp(m, cp, next) : 0;
		score = left + right;
		has_left = prev_han && left > unigram(c, cp) - NO_BIGRAM_MARGIN;
		has_right = next_han && right > next_uni - NO_BIGRAM_MARGIN;
		if (han && score > both && has_left && has_right) {
			both = score;
			best_both = cp;
		}
		if (score > top) {
			second = top;
			top = score;
			best = cp;
			bigram = has_left || has_right;
		} else if (score > second) {
			second = score;
		}
	}
	if (!mark_unclear)
		return best_both ? best_both : best;
	return best != 0 && bigram && top - second >= FILL_CLEAR ? best : LOST_CHAR_MARK;
}

/* A run of chars read one byte later (see read_shifted). */
struct shifted_run {
	size_t end;        /* the char after the run */
	unsigned trail0;   /* the trail of the first character (lead lost) */
	unsigned lead;     /* the lead of the last one, trail lost; 0: none */
	size_t nwide;      /* double-byte chars in the run */
};

/*
 * Read the chars from i one byte later, i.e. from the trail byte of a
 * first character whose lead was lost, into c->best (that first character
 * left out). Shifted reading falls back into step by itself at an ASCII
 * byte: a trail byte from 0x40 read as a letter, or the second byte of a
 * char that is an ASCII character in step; a '?' is the lost trail of the
 * last character. Returns 0 when the run does not read so.
 */
static int
read_shifted(struct line_ctx *c, size_t i, struct shifted_run *r)
{
	unsigned code, lead = 0;
	uint32_t cp;
	size_t k;

	c->best.len = 0;
	r->trail0 = r->lead = 0;
	r->nwide = 0;
	for (k = i; k < c->n; k++) {
		cp = c->chars[k].cp;
		if ((code = gbk_code(c, k)) != 0) {
			r->nwide++;
			if (k == i)
				r->trail0 = code >> 8;
			else if ((cp = zc_charmodel_decode2(c->m, ZC_CP_GBK, lead, code >> 8)) == 0 ||
			         put_cp(&c->best, cp) < 0)
				return 0;
			lead = code & 0xFF;
			if (lead < 0x80) {   /* an ASCII character: in step again */
				r->end = k + 1;
				return put_cp(&c->best, lead) == 0;
			}
			if (lead == 0x80 || lead == 0xFF)
				return 0;   /* no lead byte */
			continue;
		}
		if (k == i)
			return 0;
		r->end = k + 1;
		if (cp == '?') {
			r->lead = lead;
			return 1;
		}
		if (cp < 0x40 || cp > 0x7E ||
		    (cp = zc_charmodel_decode2(c->m, ZC_CP_GBK, lead, cp)) == 0)
			return 0;
		return put_cp(&c->best, cp) == 0;
	}
	return 0;
}

/* Whether the characters read whole out of the run (the fills are
 * guesses and the '?' they replace cost much: no evidence) are better text
 * than the run itself: clean text between question marks (你?我很?) is
 * not, bytes read out of step are rare characters and symbols. */
static int
reads_better(const struct line_ctx *c, size_t i, const struct shifted_run *r)
{
	size_t nread, k;
	double read, orig = 0;

	read = zc_charmodel_score_between(c->m, 0, c->best.data, c->best.len, 0, &nread);
	if (nread == 0)   /* ?Ш?: nothing read whole, a symbol between */
		return count_suspicious(c, i, i + r->nwide) == r->nwide;
	for (k = i; k < i + r->nwide; k++)
		orig += zc_charmodel_char_logp(c->m, k > i ? c->chars[k - 1].cp : 0,
		                               c->chars[k].cp);
	return read / (double)nread > orig / (double)r->nwide + SHIFT_MARGIN;
}

/* Whether a lone "??" follows within NEAR_LOST chars from j, with no
 * other '?' before it: where a shifted reading fell back into step, the
 * next lost character (see repair_lost_pair). */
static int
pair_follows(const struct line_ctx *c, size_t j)
{
	size_t k;

	for (k = j; k < j + NEAR_LOST && k + 1 < c->n; k++)
		if (c->chars[k].cp == '?')
			return c->chars[k + 1].cp == '?' && char_at(c, k + 2) != '?';
	return 0;
}

/* The score of chars [i, j) in context with each '?' read as a genuine
 * question mark (full-width, as Chinese text writes it): the rival of a
 * repair that fills them. */
static double
score_as_marks(struct line_ctx *c, size_t i, size_t j)
{
	size_t k;
	uint32_t prev = char_before(c, i), cp;
	double sum = 0;

	for (k = i; k < j; k++) {
		cp = c->chars[k].cp == '?' ? 0xFF1F : c->chars[k].cp;
		sum += zc_charmodel_char_logp(c->m, prev, cp);
		prev = cp;
	}
	return sum + (j < c->n ? zc_charmodel_char_logp(c->m, prev, c->chars[j].cp) : 0);
}

static int lost_pair_near(const struct line_ctx *c, size_t i, size_t j, int weak);

/* Whether the shifted run r at i, repaired into c->cand, wins over its
 * '?' read as question marks by marks_gain (nats). Question marks around
 * clean text are not around kana or a run of rare characters, nor followed
 * by a lost character; where the run reads better than itself, or a lost
 * character stands near (other GBK bytes were lost), a smaller margin will
 * do, and one between for a "??" after Han only (see pair_after_han). */
static int
shifted_wins(const struct line_ctx *c, size_t i, const struct shifted_run *r,
             double marks_gain)
{
	int better = reads_better(c, i, r);

	if (better && count_suspicious(c, i, i + r->nwide) == r->nwide &&
	    (r->nwide >= 3 || zc_charmodel_suspicion(c->m, c->chars[i].cp) == 2))
		return 1;
	if (better && pair_follows(c, r->end))
		return 1;
	if (marks_gain >= MARKS_GAIN + FILL_COST)
		return 1;
	if (marks_gain >= MARKS_GAIN && (i < c->lost_near || lost_pair_near(c, i, r->end, 0)))
		return 1;
	return marks_gain >= MARKS_GAIN + FILL_COST / 2 && lost_pair_near(c, i, r->end, 1);
}

/*
 * GBK decoded one byte out of step: "?" + run where the run, encoded again
 * and read one byte later, is plausible. The '?' before stands for the lost
 * lead of the first character; the run ends where the reading falls back
 * into step (see read_shifted), at a '?' for the lost trail of the last
 * one. Returns the index to continue from, i, or a negative code.
 */
static long
repair_shifted(struct line_ctx *c, size_t i)
{
	struct shifted_run r;
	size_t n, j, start;
	uint32_t cp, prev, first;
	double orig, gain;

	/* (A line of 古文码 has its '?' from that.) */
	if (i == 0 || i - 1 < c->free_from || char_before(c, i) != '?' ||
	    (c->seen & 1u) || !read_shifted(c, i, &r))
		return (long)i;
	j = r.end;
	prev = i >= 2 ? char_before(c, i - 1) : 0;
	first = c->best.len > 0 ? first_of(&c->best) : 0;
	c->cand.len = 0;
	orig = score_original(c, i - 1, j);
	if (c->best.len == 0 && r.lead != 0) {
		uint32_t second;
		double floor = orig + GAIN_BASE + 2 * GAIN_PER_CHAR;

		/* No pair below what the gain check and shifted_wins want
		 * (unless its run wins without the question marks' rival). */
		if (!(reads_better(c, i, &r) &&
		      (zc_charmodel_suspicion(c->m, c->chars[i].cp) == 2 || pair_follows(c, r.end))) &&
		    score_as_marks(c, i - 1, j) + MARKS_GAIN > floor)
			floor = score_as_marks(c, i - 1, j) + MARKS_GAIN;
		if (!best_pair_fill(c->m, r.trail0, r.lead, prev, char_at(c, j), floor - 1e-9,
		                    &cp, &second) ||
		    put_cp(&c->cand, cp) < 0 || put_cp(&c->cand, second) < 0)
			return (long)i;
	} else {
		cp = best_half_fill(c->m, 0, r.trail0, prev, first);
		if (cp == 0 || put_cp(&c->cand, cp) < 0 ||
		    zc_buf_append(&c->cand, c->best.data, c->best.len) < 0)
			return (long)i;
		if (r.lead != 0 &&
		    ((cp = best_half_fill(c->m, r.lead, 0, last_of(&c->cand), char_at(c, j))) == 0 ||
		     put_cp(&c->cand, cp) < 0))
			return (long)i;
	}
	gain = zc_charmodel_score_between(c->m, char_before(c, i - 1), c->cand.data,
	                                  c->cand.len, char_at(c, j), &n) - orig;
	if (gain < GAIN_BASE + GAIN_PER_CHAR * (double)n ||
	    !shifted_wins(c, i, &r, gain + orig - score_as_marks(c, i - 1, j)))
		return (long)i;
	start = i - 1;
	/* "??": the character before went whole; fill it from context (the
	 * model's guess, as before: the marker would change the expected
	 * outputs of seed pages). */
	if (i >= 2 && i - 2 >= c->free_from && char_before(c, i - 1) == '?' &&
	    (cp = best_lost_char(c, i >= 3 ? char_before(c, i - 2) : 0,
	                         first_of(&c->cand), 0)) != 0) {
		c->best.len = 0;
		if (put_cp(&c->best, cp) < 0 ||
		    zc_buf_append(&c->best, c->cand.data, c->cand.len) < 0)
			return ZC_ENOMEM;
		start = i - 2;
		if (emit_repair(c, start, j, c->best.data, c->best.len, "shifted-gbk") < 0)
			return ZC_ENOMEM;
	} else if (emit_repair(c, start, j, c->cand.data, c->cand.len, "shifted-gbk") < 0) {
		return ZC_ENOMEM;
	}
	c->lost_near = j + NEAR_LOST;
	return (long)j;
}

/* ---- single lost characters -------------------------------------------- */

/* The GBK character with this trail byte that fits best between prev and
 * next, both Han, with a bigram on one side at least; 0 if none. */
static uint32_t
best_lead_between(const zc_charmodel *m, unsigned trail, uint32_t prev, uint32_t next)
{
	uint32_t cp, best = 0;
	double score, best_score = -1e9;
	unsigned lead;

	for (lead = 0x81; lead <= 0xFE; lead++) {
		if ((cp = zc_charmodel_decode2(m, ZC_CP_GBK, lead, trail)) == 0 ||
		    !zc_is_han(cp) ||
		    (zc_charmodel_char_logp(m, prev, cp) <= zc_charmodel_unigram(m, cp) - NO_BIGRAM_MARGIN &&
		     zc_charmodel_char_logp(m, cp, next) <= zc_charmodel_unigram(m, next) - NO_BIGRAM_MARGIN))
			continue;
		score = zc_charmodel_char_logp(m, prev, cp) + zc_charmodel_char_logp(m, cp, next);
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/*
 * One GBK character lost between two Han characters as "?X": the lead
 * replaced, the trail read as the ASCII X (出版?S可證: 許 is D4 53). Filled
 * when a character with that trail makes a bigram with a neighbour;
 * otherwise left for the '?' rules of the filter. Returns the index to go
 * on from, i, or a negative code.
 */
static long
repair_lost_char(struct line_ctx *c, size_t i)
{
	uint32_t prev = char_before(c, i), x = char_at(c, i + 1), next = char_at(c, i + 2), cp;
	char enc[4];
	size_t n;

	/* ("??" between Han is also a doubled question mark: 什么??好吧.) */
	if (c->chars[i].cp != '?' || i < c->free_from || x < 0x40 || x > 0x7E || x == '?')
		return (long)i;
	if (zc_is_han(prev) && zc_is_han(next))
		cp = best_lead_between(c->m, x, prev, next);
	else
		cp = 0;
	/* A lost "??" just after confirms it (?l??: 衛生), with Han on one
	 * side at least. */
	if (cp == 0 && (zc_is_han(prev) || zc_is_han(next)) && pair_follows(c, i + 2))
		cp = best_half_fill(c->m, 0, x, zc_is_han(prev) ? prev : 0,
		                    zc_is_han(next) ? next : 0);
	if (cp == 0 || (n = zc_utf8_encode(cp, enc)) == 0)
		return (long)i;
	if (emit_repair(c, i, i + 2, enc, n, "lost-gbk-char") < 0)
		return ZC_ENOMEM;
	c->lost_near = i + 2 + NEAR_LOST;
	return (long)(i + 2);
}

static int
in_list(uint32_t cp, const uint32_t *list, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (cp == list[k])
			return 1;
	return 0;
}

/* Whether the question marks after char k may be genuine: k is a particle
 * that ends a question or an exclamation (真的吗??), a question word stands
 * among the last three characters (怎么办???), or the clause asks A-not-A
 * (是不是??). */
static int
ends_question(const struct line_ctx *c, size_t k)
{
	static const uint32_t particles[] = {
		0x5417, 0x55CE, 0x5462, 0x5427, 0x4E48, 0x9EBC, 0x561B, 0x554A,   /* 吗嗎呢吧么麼嘛啊 */
		0x5440, 0x54E6, 0x5566, 0x4E86, 0x54C8, 0x5457, 0x54C7,           /* 呀哦啦了哈呗哇 */
	};
	static const uint32_t askers[] = {
		0x8C01, 0x8AB0, 0x54EA, 0x5565, 0x4F55, 0x6837, 0x6A23, 0x600E,   /* 谁誰哪啥何样樣怎 */
		0x548B, 0x4EC0, 0x51E0, 0x5E7E,                                   /* 咋什几幾 */
	};
	uint32_t cp = c->chars[k].cp, mid = k >= 1 ? c->chars[k - 1].cp : 0;
	size_t back;

	if (in_list(cp, particles, sizeof particles / sizeof *particles))
		return 1;
	for (back = 0; back < 3 && back <= k && zc_is_han(c->chars[k - back].cp); back++)
		if (in_list(c->chars[k - back].cp, askers, sizeof askers / sizeof *askers))
			return 1;
	return k >= 2 && c->chars[k - 2].cp == cp &&
	       (mid == 0x4E0D || mid == 0x6CA1 || mid == 0x6C92);   /* 不没沒 */
}

/* The length of the run of '?' at k, 2 to 4, standing alone (no '?' just
 * before), or 0. */
static size_t
lost_run_at(const struct line_ctx *c, size_t k)
{
	size_t n = 0;

	if (k > c->free_from && c->chars[k - 1].cp == '?')
		return 0;   /* (a '?' before it may be one a repair took) */
	while (n < 5 && char_at(c, k + n) == '?')
		n++;
	return n >= 2 && n <= 4 ? n : 0;
}

/* 、 and ，: a clause goes on after them, a question has not ended. */
static int
is_clause_comma(uint32_t cp)
{
	return cp == 0x3001 || cp == 0xFF0C;
}

/* Whether a run of '?' at k is evidence of GBK bytes lost on the line: it
 * stands between two Han characters, the first ending no question, or
 * between one and a 、 or ，. Text doubles a question mark after a
 * question; lost bytes leave them anywhere ("??" a character, "???" one
 * and an ASCII byte, "????" two). */
static int
lost_pair_evidence(const struct line_ctx *c, size_t k)
{
	size_t n = lost_run_at(c, k);
	uint32_t prev = k > 0 ? c->chars[k - 1].cp : 0, next = char_at(c, k + n);

	if (n == 0 || !(zc_is_han(prev) || is_clause_comma(prev)) ||
	    !(zc_is_han(next) || is_clause_comma(next)))
		return 0;
	if (zc_is_han(prev))
		return !ends_question(c, k - 1);
	return zc_is_han(next);
}

/* Weaker evidence: a lone "??" after a Han character that ends no
 * question, whatever follows (支??。). */
static int
pair_after_han(const struct line_ctx *c, size_t k)
{
	return k > 0 && lost_run_at(c, k) == 2 && zc_is_han(c->chars[k - 1].cp) &&
	       !ends_question(c, k - 1);
}

/* Whether such evidence stands within NEAR_LOST chars of [i, j) (with
 * weak, the weaker counts after j). */
static int
lost_pair_near(const struct line_ctx *c, size_t i, size_t j, int weak)
{
	size_t k = i > NEAR_LOST ? i - NEAR_LOST : 0;

	for (; k < j + NEAR_LOST && k < c->n; k++)
		if (lost_pair_evidence(c, k) || (weak && k >= j && pair_after_han(c, k)))
			return 1;
	return 0;
}

/* What a run of '?' (see lost_run_at) between prev and next stood for,
 * into c->cand: "??" a character, "????" two, "???" a character and the
 * ASCII byte of a clause break, in the order the model is clear about (the
 * break first if it is clear about neither). */
static int
fill_lost_run(struct line_ctx *c, size_t run, uint32_t prev, uint32_t next)
{
	uint32_t first, second;

	c->cand.len = 0;
	if (run == 2)
		return put_cp(&c->cand, best_lost_char(c, prev, next, 1));
	if (run == 4) {
		first = best_lost_char(c, prev, 0, 1);
		second = best_lost_char(c, first == LOST_CHAR_MARK ? 0 : first, next, 1);
		return put_cp(&c->cand, first) < 0 ? -1 : put_cp(&c->cand, second);
	}
	first = best_lost_char(c, prev, 0, 1);
	second = best_lost_char(c, 0, next, 1);
	if (first != LOST_CHAR_MARK && second == LOST_CHAR_MARK)
		return put_cp(&c->cand, first) < 0 ? -1 : put_cp(&c->cand, ',');
	return put_cp(&c->cand, ',') < 0 ? -1 : put_cp(&c->cand, second);
}

static long repair_shifted(struct line_ctx *c, size_t i);

/*
 * "??" where GBK lost both bytes of a character (新聞?l道 ??德: 頻 lost its
 * lead, 寧 went whole): a little after other GBK bytes were lost, or
 * between Han characters (see lost_pair_evidence), or near such a pair;
 * "???" and "????" only as such evidence (see fill_lost_run). Elsewhere
 * they are as likely doubled question marks. Filled from context when the
 * model is clear, else marked (best_lost_char). Returns the index
 * to go on from, i, or a negative code.
 */
static long
repair_lost_pair(struct line_ctx *c, size_t i)
{
	uint32_t prev;
	size_t run = i >= c->free_from ? lost_run_at(c, i) : 0;
	long at;

	if (run == 0 || (run == 2 ? i >= c->lost_near && !lost_pair_near(c, i, i + 2, 0)
	                          : !lost_pair_evidence(c, i)))
		return (long)i;
	/* The last '?' may be the lost lead of a shifted run after. */
	if (run == 2 && (at = repair_shifted(c, i + 2)) != (long)(i + 2))
		return at;
	/* The character before may be one repaired. */
	prev = i > 0 && i == c->free_from && c->out->len > 0 ? last_of(c->out)
	                                                      : char_before(c, i);
	if (fill_lost_run(c, run, prev, char_at(c, i + run)) < 0)
		return ZC_ENOMEM;
	if (emit_repair(c, i, i + run, c->cand.data, c->cand.len, "lost-gbk-char") < 0)
		return ZC_ENOMEM;
	if (c->lost_near < i + run + NEAR_LOST)
		c->lost_near = i + run + NEAR_LOST;
	return (long)(i + run);
}

/* A closing quote or bracket: a clause break may follow. */
static int
is_closing(uint32_t cp)
{
	return cp == 0x201D || cp == 0x300D || cp == 0x300F || cp == 0x300B || cp == 0xFF09;
}

/*
 * A lone '?' between Han characters (or after a closing quote) in a clause
 * where GBK bytes were lost (after a repair, or near a lost "??"): one
 * byte lost, so an ASCII one, and where the two characters make no word
 * across it, a clause break (落實?勇于: the comma). Elsewhere, or inside a
 * word, it is left alone.
 * Returns the index to go on from, i, or a negative code.
 */
static long
repair_lost_break(struct line_ctx *c, size_t i)
{
	uint32_t prev, next = char_at(c, i + 1);
	int repaired = i > 0 && i == c->free_from && c->out->len > 0;
	long at;

	if (i == 0 || i < c->free_from || !zc_is_han(next) ||
	    (!repaired && char_before(c, i) == '?') ||
	    (i >= c->lost_near && !lost_pair_near(c, i, i + 1, 0)))
		return (long)i;
	/* The '?' may be the lost lead of a shifted run. */
	if ((at = repair_shifted(c, i + 1)) != (long)(i + 1))
		return at;
	prev = repaired ? last_of(c->out) : char_before(c, i);
	/* (After a closing quote, 松”?就是, there is no word to ask about.) */
	if (!is_closing(prev) &&
	    (!zc_is_han(prev) || (!repaired && ends_question(c, i - 1)) ||
	     zc_charmodel_char_logp(c->m, prev, next) > unigram(c, next) - NO_BIGRAM_MARGIN))
		return (long)i;
	if (emit_repair(c, i, i + 1, ",", 1, "lost-gbk-char") < 0)
		return ZC_ENOMEM;
	return (long)(i + 1);
}

/* ---- the slow path ------------------------------------------------------ */

/* Damage shows within its first NEAR characters: every hypothesis
 * needs something suspicious there, which saves trying them at every
 * character of clean text. */
static int
suspicious_near(const struct line_ctx *c, size_t i)
{
	return count_suspicious(c, i, i + NEAR < c->n ? i + NEAR : c->n) > 0;
}

/* The same for the swaps, which make unlikely characters out of likely
 * ones: where none near reads as a likely one the other way, no swap is
 * tried (lines of rare names, as SEO keywords are, would try them at every
 * character). */
static int
swappable_near(const struct line_ctx *c, size_t i)
{
	size_t end = i + NEAR < c->n ? i + NEAR : c->n;

	return c->swappable_prefix[end] > c->swappable_prefix[i];
}

/* Whether the bytes of cp in one of GBK and Big5 read in the other as a
 * character that is not unlikely. */
static int
swappable(const struct line_ctx *c, uint32_t cp)
{
	static const enum zc_codepage from[] = {ZC_CP_GBK, ZC_CP_CP950};
	unsigned code;
	uint32_t other;
	int k;

	for (k = 0; k < 2; k++)
		if ((code = zc_charmodel_encode2(c->m, from[k], cp)) != 0 &&
		    (other = zc_charmodel_decode2(c->m, from[1 - k], code >> 8, code & 0xFF)) != 0 &&
		    !zc_mojibake_unlikely(c->m, other))
			return 1;
	return 0;
}

/* zc_mojibake_unlikely(c->m, cp), cp of suspicion level: the common
 * answer (no) from the tables, with no call (every char of a damaged line
 * asks). */
static int
char_unlikely(const struct line_ctx *c, uint32_t cp, int level)
{
	if (cp < 0x80 || (level < 2 && unigram(c, cp) >= LOGP_UNLIKELY))
		return 0;
	return zc_mojibake_unlikely(c->m, cp);
}

static int
split_chars(struct line_ctx *c)
{
	size_t i, k;
	int level;

	size_t kind, cap = 2 * (c->len < MAX_IMAGE ? c->len : MAX_IMAGE) + 4;
	/* One block for all the arrays of the line, the most aligned first:
	 * fourteen mallocs cost more than the repair of a short line. */
	size_t n_sizes = 5 * (c->len + 2) + 3 * (cap + c->len + 1);
	char *p = malloc((c->len + 1) * sizeof *c->chars + n_sizes * sizeof(size_t) +
	                 3 * cap * sizeof(unsigned));

	if ((c->arrays = p) == NULL)
		return ZC_ENOMEM;
	c->chars = (struct ch *)(void *)p;
	p += (c->len + 1) * sizeof *c->chars;
	c->bound_len = (size_t *)(void *)p;
	c->bound_end = c->bound_len + c->len + 2;
	c->susp_prefix = c->bound_end + c->len + 2;
	c->unlikely_prefix = c->susp_prefix + c->len + 2;
	c->swappable_prefix = c->unlikely_prefix + c->len + 2;
	p = (char *)(c->swappable_prefix + c->len + 2);
	for (kind = 0; kind < 3; kind++) {
		struct image_cache *ic = &c->cache[kind];

		ic->image_char = (size_t *)(void *)p;
		ic->char_pos = ic->image_char + cap;
		p = (char *)(ic->char_pos + c->len + 1);
	}
	for (kind = 0; kind < 3; kind++) {
		c->cache[kind].image = (unsigned *)(void *)p;
		p += cap * sizeof(unsigned);
	}
	for (i = 0, c->n = 0; i < c->len; i += k, c->n++) {
		struct ch *ch = &c->chars[c->n];

		k = zc_utf8_decode_inline(c->text + i, c->len - i, &ch->cp);
		ch->off = i;
		ch->len = k;
		level = ch->cp < 0x10000 ? c->suspicion[ch->cp] : 0;
		ch->suspicious = ch->cp == '?' || ch->cp == 0xFFFD || level > 0;
		ch->unlikely = ch->suspicious ||
		               (ch->cp != ZC_INVALID && char_unlikely(c, ch->cp, level));
		ch->swappable = ch->unlikely && ch->cp >= 0x80 && swappable(c, ch->cp);
	}
	/* No image yet: NO_POS, all bits set, for each char. */
	for (kind = 0; kind < 3; kind++)
		memset(c->cache[kind].char_pos, 0xFF, (c->n + 1) * sizeof(size_t));
	c->susp_prefix[0] = 0;
	c->unlikely_prefix[0] = 0;
	c->swappable_prefix[0] = 0;
	for (i = 0; i < c->n; i++) {
		c->susp_prefix[i + 1] = c->susp_prefix[i] + (size_t)c->chars[i].suspicious;
		c->unlikely_prefix[i + 1] = c->unlikely_prefix[i] + (size_t)c->chars[i].unlikely;
		c->swappable_prefix[i + 1] = c->swappable_prefix[i] + (size_t)c->chars[i].swappable;
	}
	return 0;
}

/* Repair chars [0, c->n) into c->out. */
static int
repair_chars(struct line_ctx *c)
{
	size_t i = 0;
	long next;

	while (i < c->n) {
		if (c->chars[i].cp == '?') {
			if ((next = repair_lost_char(c, i)) == (long)i)
				next = repair_lost_pair(c, i);
			if (next == (long)i)
				next = repair_lost_break(c, i);
			if (next < 0)
				return (int)next;
			i = next == (long)i ? i + 1 : (size_t)next;
			continue;
		}
		if (c->chars[i].cp < 0x80 || c->chars[i].cp == ZC_INVALID) {
			i++;
			continue;
		}
		next = remove_damage_run(c, i);
		c->swaps_only = !suspicious_near(c, i);
		if (next == (long)i && (!c->swaps_only || swappable_near(c, i)))
			next = repair_at(c, i);
		if (next == (long)i)
			next = repair_shifted(c, i);
		if (next < 0)
			return (int)next;
		i = next == (long)i ? i + 1 : (size_t)next;
	}
	return zc_buf_append(c->out, c->text + c->copied, c->len - c->copied) < 0 ?
	       ZC_ENOMEM : 0;
}

static void
drop_images(struct line_ctx *c)
{
	size_t kind, k;

	for (kind = 0; kind < 3; kind++) {
		struct image_cache *ic = &c->cache[kind];

		for (k = ic->first; ic->valid && k <= ic->last; k++)
			ic->char_pos[k] = NO_POS;
		ic->valid = 0;
	}
}

/* A legacy mix-up found only after damage it left alone earlier on the
 * line (a lone 堎 before the first run long enough to tell): go over the
 * part before it again, now knowing the line is damaged that way. */
static int
repair_before_legacy(struct line_ctx *c, zc_buf *out)
{
	size_t f = c->first_legacy, n = c->n, len = c->len, at = c->first_legacy_out;
	zc_buf head = {0};
	int rc, changes = c->changes;

	if (f == NO_POS || c->before_legacy != 0 || c->unlikely_prefix[f] == 0)
		return 0;
	drop_images(c);
	c->n = f;
	c->len = c->chars[f].off;
	c->out = &head;
	c->copied = 0;
	c->free_from = 0;
	c->lost_near = 0;
	c->later_valid = 0;
	rc = repair_chars(c);
	c->n = n;
	c->len = len;
	c->out = out;
	if (rc == 0 && c->changes > changes) {
		/* out[at - off_f, at) is the original head: replace it */
		size_t tail = out->len - at;

		if (zc_buf_reserve(out, head.len) < 0) {
			rc = ZC_ENOMEM;
		} else {
			memmove(out->data + at - c->chars[f].off + head.len,
			        out->data + at, tail);
			memcpy(out->data + at - c->chars[f].off, head.data, head.len);
			out->len = at - c->chars[f].off + head.len + tail;
		}
	}
	zc_buf_free(&head);
	return rc;
}

/* Whether a decoder of code page `from` can have skipped byte x with byte
 * y after it (LOST: not known). Decoders skip one byte where a pair does
 * not decode and read on from the next, so a skipped byte is 0x80-0xFF and
 * no character of `from` starts with x, y. (User-defined pairs count as
 * not decoding: the decoders that made the damage have none.) */
static int
could_be_lost(const uint16_t *from, unsigned x, unsigned y)
{
	uint32_t cp;

	if (x < 0x80 || x > 0xFF)
		return 0;
	if (y == LOST || x == 0x80 || x == 0xFF || y < 0x40 || y > 0xFE)
		return 1;
	cp = from[(x - 0x81) * ZC_TRAILS + (y - 0x40)];
	return cp == 0 || (cp >= 0xE000 && cp <= 0xF8FF);
}

/* A character of a Big5/GBK swap with bytes lost (a skipped byte as
 * LOST, `after` the image byte after the pair): one the wrong decoder
 * `from` would have skipped the same bytes of. */
struct lost_char {
	unsigned lead, trail, after;
};

/* (from: the decoding table of the wrong code page, see
 * zc_charmodel_decode_table) */
static int
fits_lost(const uint16_t *from, const struct lost_char *l, unsigned lead, unsigned trail)
{
	if (l->lead != LOST)
		return lead == l->lead && (l->trail != LOST || could_be_lost(from, trail, l->after));
	if (l->trail != LOST)
		return trail == l->trail && could_be_lost(from, lead, trail);
	return could_be_lost(from, lead, trail) && could_be_lost(from, trail, l->after);
}

/* The partner of a bracket (〈〉《》「」『』【】〔〕（）［］｛｝ and their
 * vertical and small forms), *open set to whether cp opens; 0 for any other
 * character. */
static uint32_t
bracket_partner(uint32_t cp, int *open)
{
	if ((cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301B)) {
		*open = cp % 2 == 0;
		return *open ? cp + 1 : cp - 1;
	}
	if ((cp >= 0xFE35 && cp <= 0xFE44) || (cp >= 0xFE59 && cp <= 0xFE5E)) {
		*open = cp % 2 == 1;
		return *open ? cp + 1 : cp - 1;
	}
	*open = cp == 0xFF08 || cp == 0xFF3B || cp == 0xFF5B;
	if (*open)
		return cp == 0xFF08 ? 0xFF09 : cp + 2;
	if (cp == 0xFF09 || cp == 0xFF3D || cp == 0xFF5D)
		return cp == 0xFF09 ? 0xFF08 : cp - 2;
	return 0;
}

/* Whether cp may fill place k of cps[0..n) as far as brackets go: they
 * come in pairs, so an opening one wants its partner (or a character not
 * yet filled, 0) after it, a closing one its partner before it. (A lone
 * 〉 read by the model alone is as likely as 字.) */
static int
brackets_fit(const uint32_t *cps, size_t n, size_t k, uint32_t cp)
{
	int open;
	uint32_t partner = bracket_partner(cp, &open);
	size_t j, depth = 0;

	if (partner == 0)
		return 1;
	if (open) {
		for (j = k + 1; j < n; j++)
			if (cps[j] == 0 || (cps[j] == partner && depth-- == 0))
				return 1;
			else if (cps[j] == cp)
				depth++;
		return 0;
	}
	for (j = k; j-- > 0;)
		if (cps[j] == partner && depth-- == 0)
			return 1;
		else if (cps[j] == cp)
			depth++;
	return 0;
}

/* The score of y after x, one or both of them fills. The model charges a
 * Han after Han ln 2 for its mixture of bigram and unigram, and nothing
 * next to punctuation: a fill of punctuation next to Han pays the same, or
 * it would win over every Han without a bigram (加；會 over 加了會). */
static double
fill_edge(const zc_charmodel *m, uint32_t x, int x_fill, uint32_t y, int y_fill)
{
	double s = zc_charmodel_char_logp(m, x, y);

	if ((x_fill && !is_han(x) && is_han(y)) || (y_fill && !is_han(y) && is_han(x)))
		s -= LN2;
	return s;
}

/* The candidates for one lost character: the MAX_FILLS commonest. */
struct fills {
	uint32_t cp[MAX_FILLS];
	double logp[MAX_FILLS];   /* their unigrams */
	size_t n;
	size_t worst;             /* once full: the first of the least common */
};

static void
find_worst_fill(struct fills *f)
{
	size_t k;

	f->worst = 0;
	for (k = 1; k < f->n; k++)
		if (f->logp[k] < f->logp[f->worst])
			f->worst = k;
}

/* Keep the MAX_FILLS commonest of the candidates offered. */
static void
add_fill(const zc_charmodel *m, struct fills *f, uint32_t cp)
{
	double logp = zc_charmodel_unigram(m, cp);

	if (f->n < MAX_FILLS) {
		f->cp[f->n] = cp;
		f->logp[f->n++] = logp;
		if (f->n == MAX_FILLS)
			find_worst_fill(f);
		return;
	}
	if (logp > f->logp[f->worst]) {
		f->cp[f->worst] = cp;
		f->logp[f->worst] = logp;
		find_worst_fill(f);
	}
}

/* The characters of code page `to` that may fill lost char l at place k
 * of cps[0..n): not rare, and when both bytes were lost one of the
 * commonest (any of those fits as well as the rare ones). */
static void
swap_fills(const zc_charmodel *m, enum zc_codepage from, enum zc_codepage to,
           const struct lost_char *l, const uint32_t *cps, size_t n, size_t k,
           struct fills *f)
{
	const uint16_t *decode = zc_charmodel_decode_table(m, from);
	const uint32_t *common;
	uint32_t cp;
	unsigned x, code;
	size_t i, ncommon;

	f->n = 0;
	if (l->lead == LOST && l->trail == LOST) {
		ncommon = zc_charmodel_page_common(m, to, &common);
		for (i = 0; i < ncommon; i++) {
			code = zc_charmodel_encode2(m, to, common[i]);
			if (fits_lost(decode, l, code >> 8, code & 0xFF) &&
			    brackets_fit(cps, n, k, common[i]))
				add_fill(m, f, common[i]);
		}
		return;
	}
	for (x = 0x40; x <= 0xFE; x++) {   /* the lost byte */
		unsigned lead = l->lead == LOST ? x : l->lead, trail = l->lead == LOST ? l->trail : x;

		cp = zc_charmodel_decode2(m, to, lead, trail);
		if (cp != 0 && fits_lost(decode, l, lead, trail) &&
		    zc_charmodel_unigram(m, cp) >= LOGP_FILL_RARE && brackets_fit(cps, n, k, cp))
			add_fill(m, f, cp);
	}
}

/* Fill the lost characters cps[a..b), next to each other, with the
 * sequence of candidates that fits best between cps[a - 1] and cps[b] (a
 * Viterbi search: a lost character's best fill depends on the next one's,
 * 指出 rather than 為—). Returns 0 when one has no candidate. */
static int
fill_run(const zc_charmodel *m, enum zc_codepage from, enum zc_codepage to,
         uint32_t *cps, const struct lost_char *lost, size_t n, size_t a, size_t b)
{
	size_t len = b - a, k, i, j, best;
	struct fills *f = malloc(len * sizeof *f);
	double *score = malloc(len * MAX_FILLS * sizeof *score), s;
	unsigned char *back = malloc(len * MAX_FILLS);
	uint32_t prev = a > 0 ? cps[a - 1] : 0, next = b < n ? cps[b] : 0;
	int ok = 0;

	if (f == NULL || score == NULL || back == NULL)
		goto done;
	for (k = 0; k < len; k++) {
		swap_fills(m, from, to, &lost[a + k], cps, n, a + k, &f[k]);
		if (f[k].n == 0)
			goto done;
		for (j = 0; j < f[k].n; j++) {
			double *sj = &score[k * MAX_FILLS + j];

			if (k == 0) {
				*sj = fill_edge(m, prev, 0, f[k].cp[j], 1);
				continue;
			}
			*sj = -1e300;
			for (i = 0; i < f[k - 1].n; i++) {
				s = score[(k - 1) * MAX_FILLS + i] +
				    fill_edge(m, f[k - 1].cp[i], 1, f[k].cp[j], 1);
				if (s > *sj) {
					*sj = s;
					back[k * MAX_FILLS + j] = (unsigned char)i;
				}
			}
		}
	}
	k = len - 1;
	best = 0;
	for (j = 0, s = -1e300; j < f[k].n; j++) {
		double t = score[k * MAX_FILLS + j] + (next ? fill_edge(m, f[k].cp[j], 1, next, 0) : 0);

		if (t > s) {
			s = t;
			best = j;
		}
	}
	for (;; k--) {
		cps[a + k] = f[k].cp[best];
		if (k == 0)
			break;
		best = back[k * MAX_FILLS + best];
	}
	ok = 1;
done:
	free(f);
	free(score);
	free(back);
	return ok;
}

/* Fill the lost characters of cps[0..n) (lost[k].lead != 0; 0 in cps),
 * each run of them next to each other at once, left to right. Returns 0
 * when one has no fill. */
static int
fill_lost(const zc_charmodel *m, enum zc_codepage from, enum zc_codepage to,
          uint32_t *cps, const struct lost_char *lost, size_t n)
{
	size_t a = 0, b;

	while (a < n) {
		if (lost[a].lead == 0) {
			a++;
			continue;
		}
		for (b = a + 1; b < n && lost[b].lead != 0; b++)
			;
		if (!fill_run(m, from, to, cps, lost, n, a, b))
			return 0;
		a = b;
	}
	return 1;
}

/* The bytes of the whole line under swap h's image: ASCII as itself, '?'
 * or U+FFFD as LOST (the wrong decoder skipped one byte there: iconv-style
 * decoders write '?', Python's errors="replace" U+FFFD), the rest as their
 * two bytes. Returns their number, 0 when a character has none. */
static size_t
swap_line_image(struct line_ctx *c, const struct hypothesis *h, unsigned *img)
{
	enum zc_codepage from = h->image == IMAGE_GBK ? ZC_CP_GBK : ZC_CP_CP950;
	size_t k, n = 0;
	unsigned code;
	uint32_t cp;

	for (k = 0; k < c->n; k++) {
		cp = c->chars[k].cp;
		if (cp == '?' || cp == 0xFFFD) {
			img[n++] = LOST;
		} else if (cp < 0x80) {
			img[n++] = cp;
		} else if (cp != ZC_INVALID && (code = zc_charmodel_encode2(c->m, from, cp)) != 0) {
			img[n++] = code >> 8;
			img[n++] = code & 0xFF;
		} else {
			return 0;
		}
	}
	return n;
}

/* The whole line under swap h into c->cand: its bytes decoded the other
 * way, from the start of the line (where the two agree on where characters
 * begin), a lost byte filled with the character that fits best. Returns
 * how many non-ASCII characters there are, 0 when the bytes do not decode;
 * *read is the score of the characters read, the fills left out. */
static size_t
swap_line(struct line_ctx *c, const struct hypothesis *h, double *read)
{
	enum zc_codepage from = h->image == IMAGE_GBK ? ZC_CP_GBK : ZC_CP_CP950;
	enum zc_codepage to = h->target == TARGET_GBK ? ZC_CP_GBK : ZC_CP_CP950;
	unsigned *img = malloc((2 * c->n + 1) * sizeof *img);
	uint32_t *cps = malloc((c->n + 1) * sizeof *cps);
	struct lost_char *lost = malloc((c->n + 1) * sizeof *lost);
	size_t n, p = 0, k, m = 0, nchars = 0;

	if (img == NULL || cps == NULL || lost == NULL || (n = swap_line_image(c, h, img)) == 0)
		goto fail;
	while (p < n) {   /* characters, one with a lost byte as 0 */
		lost[m].lead = 0;
		if (img[p] < 0x80) {
			cps[m++] = img[p++];
			continue;
		}
		if (p + 1 == n)
			goto fail;
		if (img[p] == LOST || img[p + 1] == LOST) {
			cps[m] = 0;
			lost[m].lead = img[p];
			lost[m].trail = img[p + 1];
			lost[m].after = p + 2 < n ? img[p + 2] : LOST;
		} else if ((cps[m] = zc_charmodel_decode2(c->m, to, img[p], img[p + 1])) == 0) {
			goto fail;
		}
		m++;
		p += 2;
	}
	if (!fill_lost(c->m, from, to, cps, lost, m))
		goto fail;
	c->cand.len = 0;
	*read = 0;
	for (k = 0; k < m; k++) {
		if (put_cp(&c->cand, cps[k]) < 0)
			goto fail;
		nchars += cps[k] >= 0x80;
		if (lost[k].lead == 0)
			*read += zc_charmodel_char_logp(c->m, k > 0 && lost[k - 1].lead == 0 ? cps[k - 1] : 0,
			                                cps[k]);
	}
	free(img);
	free(cps);
	free(lost);
	return nchars;
fail:
	free(img);
	free(cps);
	free(lost);
	return 0;
}

/* The score of the line without its '?' and U+FFFD (what a wrong decoder
 * writes for bytes it skips), as swap_line scores what it reads. */
static double
score_read(const struct line_ctx *c)
{
	double sum = 0;
	uint32_t prev = 0, cp;
	size_t k;

	for (k = 0; k < c->n; k++, prev = cp) {
		if ((cp = c->chars[k].cp) == '?' || cp == 0xFFFD)
			cp = 0;
		else
			sum += zc_charmodel_char_logp(c->m, prev, cp);
	}
	return sum;
}

/* Whether b holds a Han character (see acceptable: a swap that reads
 * none is symbols for symbols). */
static int
reads_han(const zc_buf *b)
{
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < b->len; i += k) {
		k = zc_utf8_decode_inline(b->data + i, b->len - i, &cp);
		if (zc_is_han(cp))
			return 1;
	}
	return 0;
}

/* A line read wholly in the wrong one of GBK and Big5 (a page converted
 * with the wrong code page): what the run-by-run repair does at the
 * ASCII that splits the line into short runs (2014爛8堎 -> 2014年8月,
 * XSSㄗCSRF -> XSS（CSRF) the line as a whole decides, when its other
 * reading wins by the margin of a repair of all its characters. Returns
 * 1 if it was repaired. */
static int
repair_whole_swap(struct line_ctx *c)
{
	const struct hypothesis *h;
	size_t k, nchars, non_ascii = 0;
	double gain, read;

	/* A line read wholly the wrong way is mostly unlikely characters;
	 * anything else is not worth decoding whole (fills are dear). */
	for (k = 0; k < c->n; k++)
		non_ascii += c->chars[k].cp >= 0x80;
	if (3 * c->unlikely_prefix[c->n] < non_ascii || has_listing(c, 0, c->n) ||
	    same_char_run(c, 0, c->n) || has_symbol_rule(c, 0, c->n))
		return 0;
	for (k = 0; k < sizeof hypotheses / sizeof *hypotheses; k++) {
		h = &hypotheses[k];
		if (!is_swap(h) || (nchars = swap_line(c, h, &read)) < 2 || !reads_han(&c->cand))
			continue;
		gain = zc_charmodel_score(c->m, c->cand.data, c->cand.len) -
		       score_original(c, 0, c->n) - LEGACY_PRIOR;
		/* What the '?' cost the original is no evidence on its own, nor
		 * what the fills score: the characters read must gain too (a
		 * line of "??:??" placeholders around clean text is text). */
		if (gain < GAIN_BASE + GAIN_PER_CHAR * (double)nchars ||
		    read - score_read(c) - LEGACY_PRIOR < SWAP_READ_GAIN)
			continue;
		if (emit_repair(c, 0, c->n, c->cand.data, c->cand.len, h->class_name) < 0)
			return ZC_ENOMEM;
		return 1;
	}
	return 0;
}

static int
repair_line(struct line_ctx *c)
{
	zc_buf *out = c->out;
	int rc;

	if ((rc = split_chars(c)) < 0)
		return rc;
	if ((rc = repair_whole_swap(c)) != 0)
		return rc < 0 ? rc : c->changes;
	c->first_legacy = NO_POS;
	if ((rc = repair_chars(c)) < 0 || (rc = repair_before_legacy(c, out)) < 0)
		return rc;
	return c->changes;
}

/* Where to end a window of a long line: after an ASCII byte below '@' that
 * is not '?' (no repair reaches across one), else on a character boundary. */
static size_t
window_end(const char *text, size_t len)
{
	size_t i;

	if (len <= WINDOW)
		return len;
	for (i = WINDOW; i > WINDOW / 2; i--)
		if ((unsigned char)text[i - 1] < 0x40 && text[i - 1] != '?')
			return i;
	for (i = WINDOW; i > WINDOW - 4 && ((unsigned char)text[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

struct window_cb {
	zc_repair_cb cb;
	void *arg;
	size_t base;
};

static void
shift_offset(void *arg, size_t offset, const char *before, size_t before_len,
             const char *after, size_t after_len, const char *class_name)
{
	struct window_cb *w = arg;

	w->cb(w->arg, w->base + offset, before, before_len, after, after_len, class_name);
}

static int
repair_window(const zc_charmodel *m, const char *text, size_t len, zc_buf *out,
              zc_repair_cb cb, void *cb_arg)
{
	struct line_ctx c;
	int rc;

	if (!line_is_suspicious(m, text, len))
		return zc_buf_append(out, text, len) < 0 ? ZC_ENOMEM : 0;
	memset(&c, 0, sizeof c);
	c.m = m;
	c.text = text;
	c.len = len;
	c.out = out;
	c.cb = cb;
	c.cb_arg = cb_arg;
	c.unigram = zc_charmodel_unigram_table(m);
	c.suspicion = zc_charmodel_suspicion_table(m);
	rc = repair_line(&c);
	free(c.arrays);
	free(c.prefix);
	free(c.steps);
	zc_buf_free(&c.cand);
	zc_buf_free(&c.best);
	zc_buf_free(&c.here.text);
	zc_buf_free(&c.later.text);
	return rc;
}

/* A long line is repaired in windows, so memory stays bounded (the slow
 * path keeps some 60 bytes per byte of the text it looks at). */
int
zc_mojibake_repair(const zc_charmodel *m, const char *text, size_t len,
                   zc_buf *out, zc_repair_cb cb, void *cb_arg)
{
	struct window_cb w = {cb, cb_arg, 0};
	size_t n;
	int rc, total = 0;

	if (m == NULL || (text == NULL && len > 0) || out == NULL)
		return ZC_EINVAL;
	do {
		n = window_end(text + w.base, len - w.base);
		rc = repair_window(m, text + w.base, n, out, cb ? shift_offset : NULL, &w);
		if (rc < 0)
			return rc;
		total += rc;
		w.base += n;
	} while (w.base < len);
	return total;
}
