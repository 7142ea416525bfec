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

/* log P(cp | prev); prev = 0 at the start of a string. Invalid bytes are
 * passed as ZC_INVALID. */
double zc_charmodel_char_logp(const zc_charmodel *m, uint32_t prev, uint32_t cp);

#endif /* ZC_CHARMODEL_H */
