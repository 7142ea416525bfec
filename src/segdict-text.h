/* segdict-text.h - reading jieba's text dictionaries (segdict-text.c). */
#ifndef ZC_SEGDICT_TEXT_H
#define ZC_SEGDICT_TEXT_H

#include "segdict.h"

/* A growing list of words whose code points live in one pool. */
struct segdict_words {
	struct segdict_word *words;
	size_t *offsets;
	size_t count, cap;
	uint32_t *pool;
	size_t pool_len, pool_cap;
	uint64_t total;           /* jieba's total: every frequency read */
};

int segdict_words_add(struct segdict_words *wl, const uint32_t *cps, size_t n,
                      uint32_t freq);
void segdict_words_finish(struct segdict_words *wl);
void segdict_words_free(struct segdict_words *wl);

/* Read a dictionary in jieba's format; on ZC_EDATA *bad_line says where. */
int segdict_read_jieba(const char *path, struct segdict_words *wl, size_t *bad_line);

int segdict_decode_strict(const char *s, size_t n, uint32_t **cps, size_t *cap,
                          size_t *len);
void segdict_strip(char **s, size_t *n);
int segdict_parse_freq(const char *s, size_t n, uint32_t *freq);

/* Parse a Python dict literal "P={...}" of the given depth (1: key ->
 * number; 2: key -> {key -> number}); keys are single characters. */
int segdict_parse_pydict(const char *text, size_t n, int depth,
                         int (*add)(void *ctx, uint32_t outer, uint32_t inner, double v),
                         void *ctx);

#endif /* ZC_SEGDICT_TEXT_H */
