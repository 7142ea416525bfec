/*
 * charmodel.h - a character unigram+bigram model of Chinese text, used to
 * score repair hypotheses against the original (internal, not installed).
 *
 * The model is built at build time from jieba's dict.txt (word frequencies,
 * spread over the characters and character pairs of each word) by
 * gen-charmodel into data/charmodel.bin. Traditional characters are scored
 * through zc_simplify_char(); non-Han characters get a model of their own.
 */
#ifndef ZC_CHARMODEL_H
#define ZC_CHARMODEL_H

#include <stddef.h>
#include <stdint.h>

typedef struct zc_charmodel zc_charmodel;

/* Load the model: $ZHCLEAN_DATADIR/charmodel.bin, else the installed one
 * in ZC_PKGDATADIR. Returns 0 or ZC_ENOMEM, ZC_EREAD, ZC_EDATA. */
int zc_charmodel_open(zc_charmodel **m);
void zc_charmodel_close(zc_charmodel *m);

/* Natural-log probability of the UTF-8 string under the model (sum of
 * zc_charmodel_char_logp over its characters, the first one with prev = 0).
 * Invalid bytes, U+FFFD and '?' are heavily penalised. */
double zc_charmodel_score(const zc_charmodel *m, const char *utf8, size_t len);

/* The same for s[0..n) after character prev (0: none), plus log P(next |
 * its last character) when next is not 0: a repair scored in its place.
 * *nchars (when given) is set to the characters of s. */
double zc_charmodel_score_between(const zc_charmodel *m, uint32_t prev, const char *s,
                                  size_t n, uint32_t next, size_t *nchars);

/* log P(cp | prev); prev = 0 at the start of a string. Invalid bytes are
 * passed as ZC_INVALID. */
double zc_charmodel_char_logp(const zc_charmodel *m, uint32_t prev, uint32_t cp);

/* ---- for mojibake.c and legacy.c -------------------------------------- */

/* The double-byte code pages the model carries tables for (from iconv). */
enum zc_codepage { ZC_CP_GBK = 0, ZC_CP_CP950 = 1 };

/* The character bytes lead, trail decode to in code page cp, 0 if none. */
uint32_t zc_charmodel_decode2(const zc_charmodel *m, enum zc_codepage cp,
                              unsigned lead, unsigned trail);
/* The same as one table for leads 0x81-0xFE and trails 0x40-0xFE:
 * [(lead - 0x81) * ZC_TRAILS + trail - 0x40], for a loop over the leads. */
#define ZC_TRAILS 191
const uint16_t *zc_charmodel_decode_table(const zc_charmodel *m, enum zc_codepage cp);
/* The two bytes (lead << 8 | trail) of c in code page cp, 0 if none. */
unsigned zc_charmodel_encode2(const zc_charmodel *m, enum zc_codepage cp,
                              uint32_t c);
/* The byte 0x80-0xFF that Windows-1252 (or Latin-1, for the C1 controls
 * and the five bytes Windows-1252 leaves undefined) decodes to c; -1. */
int zc_charmodel_cp1252_byte(const zc_charmodel *m, uint32_t c);
/* The character Windows-1252 decodes byte b (0x80-0xFF) to, or 0. */
uint32_t zc_charmodel_cp1252_char(const zc_charmodel *m, unsigned b);

/* How suspicious a character is on its own: 0 not at all (clean text is
 * made of these), 1 when two in a row are needed (rare characters, the
 * characters UTF-8 bytes decode to in GBK), 2 alone (Latin-1 letters, C1
 * controls, U+FFFD, 锟, 烫, 屯, kana, private use). */
int zc_charmodel_suspicion(const zc_charmodel *m, uint32_t c);
/* The same for the whole BMP at once, for the fast path: 65536 entries. */
const unsigned char *zc_charmodel_suspicion_table(const zc_charmodel *m);

/* Which of the two written forms of Chinese a Han character belongs to
 * alone: ZC_HAN_TRADITIONAL (a traditional form GB2312 lacks: 滅, 塢), or
 * ZC_HAN_SIMPLIFIED (a simplified form Big5 lacks: 厨, 辉), else 0 (most,
 * and those both write: 群, 干). A line that has both is damaged or mixed:
 * GBK read as Big5 makes traditional characters, Big5 read as GBK
 * simplified ones. */
#define ZC_HAN_TRADITIONAL 1
#define ZC_HAN_SIMPLIFIED 2
int zc_charmodel_han_script(const zc_charmodel *m, uint32_t c);
/* The same for the BMP at once: 65536 entries. */
const unsigned char *zc_charmodel_han_script_table(const zc_charmodel *m);

/* Han characters at least this common (some 1000 of them). */
#define ZC_COMMON_HAN_LOGP -8.0
/* The Han characters of U+4E00-U+9FFF that no damage makes (suspicion 0)
 * and whose unigram is at least ZC_COMMON_HAN_LOGP, the commonest first:
 * the candidates for a character lost whole. Made once, at open. */
size_t zc_charmodel_common_han(const zc_charmodel *m, const uint32_t **list);

/* A character a swap lost whole is filled with one of the commonest of
 * its code page (at least this common, at most this many): any fits as
 * well as the rare ones. */
#define ZC_PAGE_COMMON_LOGP -7.0
#define ZC_PAGE_COMMON_MAX 512
/* The first ZC_PAGE_COMMON_MAX characters of code page `page`, in byte
 * order, whose unigram is at least ZC_PAGE_COMMON_LOGP: the candidates for
 * a character a Big5/GBK swap lost whole. Made once, at open. */
size_t zc_charmodel_page_common(const zc_charmodel *m, enum zc_codepage page,
                                const uint32_t **list);

/* Whether Han character cp after Han character prev is a pair of a word:
 * the bigram zc_charmodel_char_logp scores it with beats cp's unigram. */
int zc_charmodel_in_word(const zc_charmodel *m, uint32_t prev, uint32_t cp);
/* log P(c) alone, with the same non-Han model as zc_charmodel_char_logp. */
double zc_charmodel_unigram(const zc_charmodel *m, uint32_t c);
/* A bound no zc_charmodel_char_logp(m, prev, c) exceeds, for any prev but
 * an ASCII digit: for a search that gives up on what cannot win. */
double zc_charmodel_logp_bound(const zc_charmodel *m, uint32_t c);
/* The same for the BMP as one table of 65536 entries, for the loops of
 * mojibake*.c that weigh thousands of candidates a line (a call each cost
 * more than the look-up). */
const float *zc_charmodel_unigram_table(const zc_charmodel *m);

/* ---- for gen-charmodel ------------------------------------------------ */

/* What the model is computed from. */
struct zc_charmodel_source {
	const float *unigram;       /* [65536] log P(c); > 0 where c never occurs */
	const uint32_t *keys;       /* bigrams: first << 16 | second */
	const float *bigram;        /* log P(second | first), by key */
	uint32_t nbigrams;
	const uint16_t *decode[2];  /* [126 * 191]: lead 0x81-, trail 0x40- */
	const uint16_t *cp1252;     /* [128]: bytes 0x80-0xFF, 0 undefined */
	/* [126 * 191]: the Private Use character GB18030 decodes a pair to
	 * that GBK leaves undefined, else 0 (encoding only); may be NULL */
	const uint16_t *gbk_private;
};

/* The image of data/charmodel.bin for src in *image (malloc'ed, *size
 * bytes). Returns 0 or ZC_ENOMEM, ZC_EINVAL. */
int zc_charmodel_build(const struct zc_charmodel_source *src,
                       unsigned char **image, size_t *size);

#endif /* ZC_CHARMODEL_H */
