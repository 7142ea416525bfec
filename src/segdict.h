/*
 * segdict.h - segment's dictionary: jieba's word frequencies as a trie over
 * code points, plus the HMM tables, in one binary image that is either
 * memory-mapped from a file (the default, built at build time) or built in
 * memory (--dict, --user-dict). Internal to libzhclean and its tests.
 *
 * Image layout (native byte order; the header says which):
 *   header | nodes | BMP index of the root's children | emission table
 * Node 0 is the root; the children of a node are contiguous and sorted by
 * code point, so a child is found by binary search (the root's BMP children
 * through a direct index). A node stands for a prefix of some dictionary
 * word; freq > 0 means the prefix is itself a word.
 */
#ifndef ZC_SEGDICT_H
#define ZC_SEGDICT_H

#include "zhclean.h"

#define ZC_SEGDICT_FILE "segment.dict"
#define SEGDICT_MAGIC "ZCSEGDCT"
#define SEGDICT_VERSION 1u
#define SEGDICT_BYTE_ORDER 0x01020304u
#define SEGDICT_BMP 65536u
/* Weights of frequencies below this come from a small table by frequency,
 * which stays in cache, rather than from the node's entry, which is often
 * a cache miss for a rare word. */
#define SEGDICT_SMALL_FREQS 8192u
/* The characters jieba's HMM sees: U+4E00..U+9FD5. */
#define SEGDICT_HAN_FIRST 0x4E00u
#define SEGDICT_HAN_COUNT (0x9FD6u - 0x4E00u)
/* jieba's finalseg: the log probability of anything it has not seen. */
#define SEGDICT_MIN_FLOAT (-3.14e100)

/* HMM states, in the order Python compares their names. */
enum { HMM_B, HMM_E, HMM_M, HMM_S, HMM_STATES };

struct segdict_header {
	char magic[8];
	uint32_t version;
	uint32_t byte_order;
	uint64_t header_size;
	uint64_t file_size;
	uint64_t checksum;        /* FNV-1a 64 of bytes [header_size, file_size) */
	uint64_t total;           /* sum of all frequencies (jieba's total) */
	uint64_t node_offset;
	uint64_t node_count;
	uint64_t weight_offset;   /* double[node_count]: log(freq) - log(total) */
	uint64_t small_offset;    /* double[SEGDICT_SMALL_FREQS]: the same by freq */
	uint64_t bmp_offset;      /* uint32_t[SEGDICT_BMP]: root child or 0 */
	uint64_t han_emit_offset; /* uint16_t[SEGDICT_HAN_COUNT]: emit index + 1 */
	uint64_t emit_offset;
	uint64_t emit_count;
	double no_word_weight;    /* log(1) - log(total) */
	double start[HMM_STATES];
	double trans[HMM_STATES][HMM_STATES];
};

struct segdict_node {
	uint32_t label;           /* the last code point of the prefix */
	uint32_t first_child;
	uint32_t child_count;
	uint32_t freq;
};

struct segdict_emit {
	uint32_t cp;
	uint32_t unused;
	double p[HMM_STATES];     /* SEGDICT_MIN_FLOAT where jieba has none */
};

struct zc_segdict {
	unsigned char *image;     /* mapped or malloc'd */
	size_t size;
	int mapped;
	const struct segdict_header *header;
	const struct segdict_node *nodes;
	uint32_t node_count;
	const double *weights;    /* apart: only words need them */
	const double *small_weights;
	const uint32_t *bmp;
	const uint16_t *han_emit;
	const struct segdict_emit *emit;
	size_t emit_count;
	/* Words added with frequency 0 (jieba's Force_Split_Words): the HMM
	 * never outputs them whole. Sorted; in memory only. */
	struct segdict_word *force_split;
	size_t force_split_count;
	uint32_t *force_split_pool;
};

/* One word for the image builder. */
struct segdict_word {
	const uint32_t *cps;
	uint32_t len;
	uint32_t freq;
	size_t order;             /* later entries win over earlier ones */
};

struct segdict_hmm {
	double start[HMM_STATES];
	double trans[HMM_STATES][HMM_STATES];
	struct segdict_emit *emit;  /* sorted by cp */
	size_t emit_count;
};

/* Build an image from words (sorted and deduplicated here, the last of
 * equal words winning) with total as jieba's total. */
int segdict_build(struct segdict_word *words, size_t count, uint64_t total,
                  const struct segdict_hmm *hmm, unsigned char **image,
                  size_t *size);
/* Sort words, keeping the last of equal ones; returns the new count. */
size_t segdict_sort_unique(struct segdict_word *words, size_t count);
int segdict_compare_words(const void *a, const void *b);
/* Check an image cheaply (magic, version, sizes, offsets) and attach it. */
int segdict_attach(zc_segdict *d, unsigned char *image, size_t size);
uint64_t segdict_checksum(const unsigned char *p, size_t n);
/* Put a new in-memory image in place of d's. */
int segdict_replace_image(zc_segdict *d, unsigned char *image, size_t size);

/* The child of node with label cp, or 0. */
/* First index in [lo, hi) whose label is >= cp (hi if none). */
static inline uint32_t
segdict_lower_bound(const zc_segdict *d, uint32_t lo, uint32_t hi, uint32_t cp)
{
	uint32_t mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->nodes[mid].label < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The child of node with label cp, or 0. Children's labels spread fairly
 * evenly over the Han block, so the search starts where cp would be if
 * they were even, and gallops from there: few probes, close together,
 * which matters more than their number since each far probe is a cache
 * miss.
 */
static inline uint32_t
segdict_child(const zc_segdict *d, uint32_t node, uint32_t cp)
{
	const struct segdict_node *n = &d->nodes[node];
	uint32_t lo, hi, end, count, g, step;

	if (node == 0 && cp < SEGDICT_BMP) {
		lo = d->bmp[cp];
		return lo < d->node_count ? lo : 0;   /* 0: none */
	}
	lo = n->first_child;
	count = n->child_count;
	end = lo + count;
	/* Offsets are checked where they are followed, not at load time;
	 * children come after their parent (breadth-first), so a walk ends. */
	if (end > d->node_count || end < lo || lo <= node)
		return 0;
	hi = end;
	if (count > 8 && cp >= SEGDICT_HAN_FIRST && cp - SEGDICT_HAN_FIRST < SEGDICT_HAN_COUNT) {
		g = lo + (uint32_t)((uint64_t)(cp - SEGDICT_HAN_FIRST) * count / SEGDICT_HAN_COUNT);
		if (d->nodes[g].label == cp)
			return g;
		if (d->nodes[g].label < cp) {
			for (step = 1; g + step < end && d->nodes[g + step].label < cp; step <<= 1)
				g += step;
			lo = g + 1;
			hi = g + step < end ? g + step + 1 : end;
		} else {
			for (step = 1; g >= lo + step && d->nodes[g - step].label > cp; step <<= 1)
				g -= step;
			hi = g;
			lo = g >= lo + step ? g - step : lo;
		}
	}
	lo = segdict_lower_bound(d, lo, hi, cp);
	return lo < end && d->nodes[lo].label == cp ? lo : 0;
}

/* log(freq) - log(total) of a word's node. */
static inline double
segdict_weight(const zc_segdict *d, uint32_t node, uint32_t freq)
{
	return freq < SEGDICT_SMALL_FREQS ? d->small_weights[freq] : d->weights[node];
}

/* Start loading the cache line where segdict_child(d, node, cp) will look
 * first, so that the miss overlaps other work. */
static inline void
segdict_prefetch_child(const zc_segdict *d, uint32_t node, uint32_t cp)
{
	const struct segdict_node *n;
	uint64_t g;

	if (node == 0 || node >= d->node_count || cp < SEGDICT_HAN_FIRST ||
	    cp - SEGDICT_HAN_FIRST >= SEGDICT_HAN_COUNT)
		return;
	n = &d->nodes[node];
	g = n->first_child + (uint64_t)(cp - SEGDICT_HAN_FIRST) * n->child_count / SEGDICT_HAN_COUNT;
	if (g < d->node_count)
		__builtin_prefetch(&d->nodes[g]);
}

/* Whether cps[0..n) was added with frequency 0. */
int segdict_is_force_split(const zc_segdict *d, const uint32_t *cps, size_t n);

/* The frequency of the word cps[0..n) (0 when it is none). */
uint32_t segdict_freq(const zc_segdict *d, const uint32_t *cps, size_t n);
/* The HMM emission entry of cp (U+4E00..U+9FD5), or NULL. */
static inline const struct segdict_emit *
segdict_emission(const zc_segdict *d, uint32_t cp)
{
	uint32_t i;

	if (cp < SEGDICT_HAN_FIRST || cp - SEGDICT_HAN_FIRST >= SEGDICT_HAN_COUNT)
		return NULL;
	i = d->han_emit[cp - SEGDICT_HAN_FIRST];
	return i > 0 && i <= d->emit_count ? &d->emit[i - 1] : NULL;
}

#endif /* ZC_SEGDICT_H */
