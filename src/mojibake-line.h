/*
 * mojibake-line.h - what the parts of the mojibake repair share (private:
 * not installed, included only by src/mojibake*.c).
 *
 * The repair of one line is split by concern over several files (see
 * mojibake.c), and they all work on one struct line_ctx: it, the kinds of
 * mix-up tried (struct hypothesis), the limits more than one part obeys,
 * and the helpers every part calls in its inner loops live here. The
 * helpers are static inline so that they stay inlined as they were when
 * the repair was one file.
 *
 * Functions one part calls in another are named mj_*: the library exports
 * only zc_* (-export-symbols-regex in Makefile.am), so these stay private.
 */
#ifndef ZC_MOJIBAKE_LINE_H
#define ZC_MOJIBAKE_LINE_H

#include <stdint.h>
#include <stdlib.h>

#include "charmodel.h"
#include "internal.h"
#include "mojibake.h"

#define LOST 0x100u           /* an image byte a codec replaced with '?' */
/* An image entry for an ASCII mark between two characters of a GBK or Big5
 * image (MARK | the mark): both code pages read it as itself, so a swap
 * reads on across it (强覃,猁 for 强调,要); the other mix-ups end there. */
#define MARK 0x200u
/* A hypothesis must beat the original by this many nats, plus this many per
 * character it produces: clean text is never "repaired" on a hunch. */
#define GAIN_BASE 8.0
#define GAIN_PER_CHAR 1.0
/* Longer runs are repaired in pieces (each ends on a character). */
#define MAX_IMAGE 4096
/* Filled characters are never rarer than this. */
#define LOGP_FILL_RARE -14.0
/* What a GBK or Big5 reading must win by over a UTF-8 one (nats). */
#define LEGACY_PRIOR 4.0
#define NO_POS ((size_t)-1)
/* What is put for a character lost whole that the model cannot restore
 * with confidence: U+3013 GETA MARK, as pinyin.c does (ZC_PINYIN_MARKER). */
#define LOST_CHAR_MARK 0x3013u
/* What the best fill of a whole lost character must beat every other by
 * (nats) to be put; below it the marker LOST_CHAR_MARK shows the loss. */
#define FILL_CLEAR 2.0
/* Hypotheses start only this close before a suspicious character. */
#define NEAR 6
/* Big5 read as GBK and back gives ordinary-looking Han, only rarer than
 * text: characters below this are unlikely (see zc_mojibake_unlikely). */
#define LOGP_UNLIKELY -10.5

enum image_kind { IMAGE_GBK, IMAGE_CP950, IMAGE_CP1252 };

enum target { TARGET_UTF8, TARGET_GBK, TARGET_CP950 };

struct hypothesis {
	enum image_kind image;
	enum target target;
	const char *class_name;
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
	unsigned seen;   /* bit k: mj_hypotheses[k] repaired something here */
	/* The first repair of the line, when it is a legacy mix-up: the
	 * char it starts at (NO_POS: none yet) and where out then was. */
	size_t first_legacy, first_legacy_out;
	int before_legacy;   /* repairs made before it */
	/* The mix-up (index into mj_hypotheses) of the first legacy repair
	 * and of the last one, and the char the last one ended at. */
	unsigned first_legacy_kind, last_legacy_kind;
	size_t last_legacy_end;
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
	/* Whether the line has characters that only one of the two scripts
	 * writes, of both (see zc_charmodel_han_script and mark_scripts);
	 * then how many of each it has as repaired so far, and the running
	 * counts of each over the original chars (index: the script; [0],
	 * characters of neither, is not kept). */
	int mixed_scripts;
	size_t script_total[3];
	size_t *script_prefix[3];
	void *arrays;     /* the block the per-line arrays are carved out of */
	const float *unigram;   /* zc_charmodel_unigram_table */
	const unsigned char *suspicion;   /* zc_charmodel_suspicion_table */
	const unsigned char *han_script;  /* zc_charmodel_han_script_table */

	zc_buf cand, best;
	/* The reading of GBK read as Windows-1252 with dropped bytes put
	 * back (see read_dropped): a step per image byte, and the bytes put
	 * back up to each boundary when dropped_bounds is set. */
	struct dropped_step *steps;
	size_t *path, *bound_fills;
	int dropped_bounds;
	int all_cp1252;   /* see line_all_cp1252: 0 not known yet, 1 yes, -1 no */
};

/* The mix-ups tried, in order (defined in mojibake-hypotheses.c; the
 * length is here so that every part can count them with sizeof). */
#define N_HYPOTHESES 5
extern const struct hypothesis mj_hypotheses[N_HYPOTHESES];

static inline uint32_t
char_before(const struct line_ctx *c, size_t i)
{
	return i > 0 ? c->chars[i - 1].cp : 0;
}

static inline uint32_t
char_at(const struct line_ctx *c, size_t j)
{
	return j < c->n ? c->chars[j].cp : 0;
}

/* zc_charmodel_unigram without a call for the BMP: the fills weigh
 * thousands of candidates a line. */
static inline double
unigram(const struct line_ctx *c, uint32_t cp)
{
	return cp < 0x10000 ? c->unigram[cp] : zc_charmodel_unigram(c->m, cp);
}

/* How well cp fills a gap between prev and next (0: none). */
static inline double
fill_score(const struct line_ctx *c, uint32_t prev, uint32_t cp, uint32_t next)
{
	double score = zc_charmodel_char_logp(c->m, prev, cp);

	return next != 0 ? score + zc_charmodel_char_logp(c->m, cp, next) : score;
}

/* The score of chars [i, j) after char i - 1 and before char j, from
 * prefix sums over the line made once (the same sum
 * zc_charmodel_score_between makes). */
static inline double
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

/* How far each side of a piece its context reaches for the script test
 * (see more_of_script_around): a line can hold a long quotation in the
 * other script, or a page of each put on one line. */
#define SCRIPT_REACH 16

/* The chars of script (a zc_charmodel_han_script) among chars [from, to),
 * on a line of both scripts (see line_ctx). */
static inline size_t
script_chars(const struct line_ctx *c, int script, size_t from, size_t to)
{
	return c->script_prefix[script][to] - c->script_prefix[script][from];
}

/* The script of which count[] (indexed by script) holds more, 0 if as
 * many of each. */
static inline int
script_with_more(const size_t *count)
{
	return count[ZC_HAN_TRADITIONAL] > count[ZC_HAN_SIMPLIFIED] ? ZC_HAN_TRADITIONAL :
	       count[ZC_HAN_SIMPLIFIED] > count[ZC_HAN_TRADITIONAL] ? ZC_HAN_SIMPLIFIED : 0;
}

/* The other of the two scripts. */
static inline int
other_script(int script)
{
	return ZC_HAN_TRADITIONAL + ZC_HAN_SIMPLIFIED - script;
}

/* Whether the SCRIPT_REACH chars each side of chars [i, j) hold more of
 * script than of the other one. */
static inline int
more_of_script_around(const struct line_ctx *c, int script, size_t i, size_t j)
{
	size_t from = i > SCRIPT_REACH ? i - SCRIPT_REACH : 0;
	size_t to = c->n - j > SCRIPT_REACH ? j + SCRIPT_REACH : c->n;
	int other = other_script(script);

	return script_chars(c, script, from, i) + script_chars(c, script, j, to) >
	       script_chars(c, other, from, i) + script_chars(c, other, j, to);
}

static inline int
is_ascii_alnum(uint32_t cp)
{
	return cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10);
}

/* Whether cp is ASCII punctuation or a space. */
static inline int
is_ascii_mark(uint32_t cp)
{
	return cp < 0x80 && cp >= 0x20 && !is_ascii_alnum(cp);
}

static inline int
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

static inline uint32_t
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

/* How many of chars [i, j) the fast path finds suspicious ('?' too). */
static inline size_t
count_suspicious(const struct line_ctx *c, size_t i, size_t j)
{
	return c->susp_prefix[j] - c->susp_prefix[i];
}

/* Big5 read as GBK or GBK read as Big5. */
static inline int
is_swap(const struct hypothesis *h)
{
	return h->image != IMAGE_CP1252 && h->target != TARGET_UTF8;
}

static inline int
is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* mojibake.c: output. */
int mj_emit_repair(struct line_ctx *c, size_t i, size_t j, const char *after,
                   size_t n, const char *class_name);

/* mojibake-decode.c: byte images and decoding them. */
size_t mj_build_image(struct line_ctx *c, enum image_kind kind, size_t i);
size_t mj_decode_utf8(struct line_ctx *c, enum image_kind kind, size_t n,
                      zc_buf *out, uint32_t prev, int *lossy);
size_t mj_decode_double(struct line_ctx *c, enum zc_codepage page, size_t n,
                        int letters, zc_buf *out);
size_t mj_decode_gbk_from_cp1252(struct line_ctx *c, size_t n, uint32_t prev,
                                 zc_buf *out, int *fills);

/* mojibake-hypotheses.c: trying hypotheses, and rules about the line. */
long mj_repair_at(struct line_ctx *c, size_t i);
int mj_has_listing(const struct line_ctx *c, size_t i, size_t j);
int mj_has_symbol_rule(const struct line_ctx *c, size_t i, size_t j);
int mj_same_char_run(const struct line_ctx *c, size_t i, size_t j);

/* mojibake-shifted.c: shifted GBK and characters lost whole. */
long mj_repair_shifted(struct line_ctx *c, size_t i);
long mj_repair_lost_char(struct line_ctx *c, size_t i);
long mj_repair_lost_pair(struct line_ctx *c, size_t i);
long mj_repair_lost_break(struct line_ctx *c, size_t i);

/* mojibake-swap.c: a whole line read with the other of Big5 and GBK. */
int mj_repair_whole_swap(struct line_ctx *c);

#endif /* ZC_MOJIBAKE_LINE_H */
