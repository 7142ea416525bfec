/*
 * segcut.h - jieba's cutting algorithm over code points (segcut.c), shared
 * by the segmenter (segment.c) and the user-dictionary loader, which needs
 * jieba's cut without HMM over a dictionary that is still changing.
 */
#ifndef ZC_SEGCUT_H
#define ZC_SEGCUT_H

#include "segdict.h"

/*
 * Where word frequencies come from: the trie of dict, or (when lookup is
 * set) a function answering "is cps[0..n) in jieba's FREQ, and with what
 * frequency" for a dictionary being changed. logtotal is log(total).
 */
typedef int (*segcut_lookup_fn)(void *ctx, const uint32_t *cps, size_t n,
                                uint64_t *freq);
struct segcut_source {
	const zc_segdict *dict;
	segcut_lookup_fn lookup;
	void *ctx;
	double logtotal;
};

/* Working arrays, grown as needed and reused from line to line. */
struct segcut_work {
	size_t cap;
	uint32_t *dag_first;   /* per position: first candidate */
	uint32_t *dag_count;
	double *route_p;
	uint32_t *route_x;
	size_t cand_cap, cand_len;
	uint32_t *cand_end;    /* last position of a word starting here */
	double *cand_weight;
	double *viterbi;       /* HMM_STATES per position */
	unsigned char *back;   /* HMM_STATES per position */
	unsigned char *path;   /* the best HMM state per position */
	size_t tok_cap, tok_len;
	uint32_t *tok_end;     /* the tokens of the line, by end position */
};

void segcut_work_free(struct segcut_work *w);
/* Cut cps[0..n) as jieba.cut(text, HMM=hmm) does; the tokens are left in
 * w->tok_end (appended to what is there). */
int segcut_line(struct segcut_work *w, const struct segcut_source *src,
                const uint32_t *cps, size_t n, int hmm);
/* 1 for the characters jieba gathers into blocks to cut into words:
 * re_han_default, [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]. */
static inline int
segcut_is_word_char(uint32_t cp)
{
	static const uint32_t ascii[4] = {
		0, 0x03FF6868u, 0x87FFFFFEu, 0x07FFFFFEu  /* # % & + - . 0-9, A-Z _, a-z */
	};

	if (cp < 128)
		return ascii[cp >> 5] >> (cp & 31) & 1;
	return cp >= 0x4E00 && cp <= 0x9FD5;
}

#endif /* ZC_SEGCUT_H */
