/*
 * segdict.c - segment's dictionary image: building it from words and HMM
 * tables, mapping it from a file, checking it, and looking words up.
 *
 * Loading checks only what is cheap (magic, version, byte order, sizes, and
 * that every table lies inside the file); the offsets inside the trie are
 * checked where they are followed (segdict_child), so a corrupt file can
 * give wrong words but never a crash. The checksum covers everything after
 * the header and is verified on demand (zc_segdict_verify).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "segdict.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

uint64_t
segdict_checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* ---- building ---------------------------------------------------------- */

int
segdict_compare_words(const void *a, const void *b)
{
	const struct segdict_word *x = a, *y = b;
	uint32_t i, n = x->len < y->len ? x->len : y->len;

	for (i = 0; i < n; i++)
		if (x->cps[i] != y->cps[i])
			return x->cps[i] < y->cps[i] ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sort, and keep the last of equal words; returns the new count. */
size_t
segdict_sort_unique(struct segdict_word *words, size_t count)
{
	size_t i, kept = 0;

	qsort(words, count, sizeof *words, segdict_compare_words);
	for (i = 0; i < count; i++) {
		if (i + 1 < count && words[i].len == words[i + 1].len &&
		    memcmp(words[i].cps, words[i + 1].cps, words[i].len * sizeof(uint32_t)) == 0)
			continue;
		words[kept++] = words[i];
	}
	return kept;
}

struct build_item {
	uint32_t node;
	size_t lo, hi;
	uint32_t depth;
};

/* Lay the trie out breadth first, so that each node's children are
 * contiguous; words[lo..hi) all start with the node's prefix. */
static int
build_trie(const struct segdict_word *words, size_t count, double logtotal,
           struct segdict_node *nodes, double *weights, size_t max_nodes,
           uint32_t *node_count)
{
	struct build_item *queue;
	size_t head = 0, tail = 0, lo, g;
	uint32_t next = 1;
	struct build_item it;

	if ((queue = malloc(max_nodes * sizeof *queue)) == NULL)
		return ZC_ENOMEM;
	memset(&nodes[0], 0, sizeof nodes[0]);
	weights[0] = 0;
	queue[tail++] = (struct build_item){0, 0, count, 0};
	while (head < tail) {
		it = queue[head++];
		lo = it.lo;
		if (lo < it.hi && words[lo].len == it.depth) {
			nodes[it.node].freq = words[lo].freq;
			if (words[lo].freq > 0)
				weights[it.node] = log((double)words[lo].freq) - logtotal;
			lo++;
		}
		nodes[it.node].first_child = next;
		nodes[it.node].child_count = 0;
		while (lo < it.hi) {
			for (g = lo + 1; g < it.hi && words[g].cps[it.depth] == words[lo].cps[it.depth]; g++)
				;
			memset(&nodes[next], 0, sizeof nodes[next]);
			weights[next] = 0;
			nodes[next].label = words[lo].cps[it.depth];
			nodes[it.node].child_count++;
			queue[tail++] = (struct build_item){next, lo, g, it.depth + 1};
			next++;
			lo = g;
		}
	}
	free(queue);
	*node_count = next;
	return ZC_OK;
}

int
segdict_build(struct segdict_word *words, size_t count, uint64_t total,
              const struct segdict_hmm *hmm, unsigned char **image, size_t *size)
{
	struct segdict_header *h;
	struct segdict_node *nodes;
	double *weights, logtotal = log((double)(total ? total : 1));
	size_t i, max_nodes = 1, off_weights, off_small, off_bmp, off_han, off_emit, file_size;
	double *small;
	uint32_t node_count, *bmp, c;
	uint16_t *han;
	unsigned char *img;
	int rc;

	if (hmm->emit_count >= UINT16_MAX)
		return ZC_EINVAL;
	count = segdict_sort_unique(words, count);
	for (i = 0; i < count; i++)
		max_nodes += words[i].len;
	if (max_nodes >= UINT32_MAX)
		return ZC_EINVAL;
	nodes = malloc(max_nodes * sizeof *nodes);
	weights = malloc(max_nodes * sizeof *weights);
	if (nodes == NULL || weights == NULL)
		rc = ZC_ENOMEM;
	else
		rc = build_trie(words, count, logtotal, nodes, weights, max_nodes, &node_count);
	if (rc != ZC_OK) {
		free(nodes);
		free(weights);
		return rc;
	}
	off_weights = ALIGN8(sizeof *h + (size_t)node_count * sizeof *nodes);
	off_small = ALIGN8(off_weights + (size_t)node_count * sizeof *weights);
	off_bmp = ALIGN8(off_small + SEGDICT_SMALL_FREQS * sizeof *small);
	off_han = ALIGN8(off_bmp + SEGDICT_BMP * sizeof *bmp);
	off_emit = ALIGN8(off_han + SEGDICT_HAN_COUNT * sizeof *han);
	file_size = off_emit + hmm->emit_count * sizeof *hmm->emit;
	if ((img = calloc(1, file_size)) == NULL) {
		free(nodes);
		free(weights);
		return ZC_ENOMEM;
	}
	memcpy(img + sizeof *h, nodes, (size_t)node_count * sizeof *nodes);
	memcpy(img + off_weights, weights, (size_t)node_count * sizeof *weights);
	free(weights);
	small = (double *)(img + off_small);
	for (i = 1; i < SEGDICT_SMALL_FREQS; i++)
		small[i] = log((double)i) - logtotal;   /* as build_trie does */
	bmp = (uint32_t *)(img + off_bmp);
	for (c = 0; c < nodes[0].child_count; c++)
		if (nodes[1 + c].label < SEGDICT_BMP)
			bmp[nodes[1 + c].label] = 1 + c;
	free(nodes);
	han = (uint16_t *)(img + off_han);
	for (i = 0; i < hmm->emit_count; i++)
		if (hmm->emit[i].cp >= SEGDICT_HAN_FIRST &&
		    hmm->emit[i].cp - SEGDICT_HAN_FIRST < SEGDICT_HAN_COUNT)
			han[hmm->emit[i].cp - SEGDICT_HAN_FIRST] = (uint16_t)(i + 1);
	if (hmm->emit_count)
		memcpy(img + off_emit, hmm->emit, hmm->emit_count * sizeof *hmm->emit);

	h = (struct segdict_header *)img;
	memcpy(h->magic, SEGDICT_MAGIC, sizeof h->magic);
	h->version = SEGDICT_VERSION;
	h->byte_order = SEGDICT_BYTE_ORDER;
	h->header_size = sizeof *h;
	h->file_size = file_size;
	h->total = total;
	h->node_offset = sizeof *h;
	h->node_count = node_count;
	h->weight_offset = off_weights;
	h->small_offset = off_small;
	h->bmp_offset = off_bmp;
	h->han_emit_offset = off_han;
	h->emit_offset = off_emit;
	h->emit_count = hmm->emit_count;
	h->no_word_weight = 0.0 - logtotal;
	memcpy(h->start, hmm->start, sizeof h->start);
	memcpy(h->trans, hmm->trans, sizeof h->trans);
	h->checksum = segdict_checksum(img + sizeof *h, file_size - sizeof *h);
	*image = img;
	*size = file_size;
	return ZC_OK;
}

/* ---- loading ----------------------------------------------------------- */

static int
table_fits(uint64_t offset, uint64_t count, size_t item, size_t size)
{
	return offset % 8 == 0 && offset <= size && count <= (size - offset) / item;
}

int
segdict_attach(zc_segdict *d, unsigned char *image, size_t size)
{
	const struct segdict_header *h = (const struct segdict_header *)image;

	if (size < sizeof *h || memcmp(h->magic, SEGDICT_MAGIC, sizeof h->magic) != 0 ||
	    h->version != SEGDICT_VERSION || h->byte_order != SEGDICT_BYTE_ORDER ||
	    h->header_size != sizeof *h || h->file_size != size ||
	    h->node_count < 1 || h->node_count >= UINT32_MAX || h->total == 0 ||
	    !table_fits(h->node_offset, h->node_count, sizeof(struct segdict_node), size) ||
	    h->node_offset < sizeof *h ||
	    !table_fits(h->bmp_offset, SEGDICT_BMP, sizeof(uint32_t), size) ||
	    !table_fits(h->han_emit_offset, SEGDICT_HAN_COUNT, sizeof(uint16_t), size) ||
	    !table_fits(h->emit_offset, h->emit_count, sizeof(struct segdict_emit), size) ||
	    !table_fits(h->weight_offset, h->node_count, sizeof(double), size) ||
	    !table_fits(h->small_offset, SEGDICT_SMALL_FREQS, sizeof(double), size))
		return ZC_EDATA;
	d->image = image;
	d->size = size;
	d->header = h;
	d->nodes = (const struct segdict_node *)(image + h->node_offset);
	d->node_count = (uint32_t)h->node_count;
	d->weights = (const double *)(image + h->weight_offset);
	d->small_weights = (const double *)(image + h->small_offset);
	d->bmp = (const uint32_t *)(image + h->bmp_offset);
	d->han_emit = (const uint16_t *)(image + h->han_emit_offset);
	d->emit = (const struct segdict_emit *)(image + h->emit_offset);
	d->emit_count = h->emit_count;
	return ZC_OK;
}

static int
map_file(const char *path, unsigned char **image, size_t *size)
{
	struct stat st;
	void *p;
	int fd, saved;

	if ((fd = open(path, O_RDONLY)) < 0)
		return ZC_EREAD;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		saved = S_ISDIR(st.st_mode) ? EISDIR : errno;
		close(fd);
		errno = saved;
		return ZC_EREAD;
	}
	if (st.st_size < (off_t)sizeof(struct segdict_header)) {
		close(fd);
		return ZC_EDATA;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	saved = errno;
	close(fd);
	if (p == MAP_FAILED) {
		errno = saved;
		return ZC_EREAD;
	}
	*image = p;
	*size = (size_t)st.st_size;
	return ZC_OK;
}

const char *
zc_segdict_default_path(char *buf, size_t size)
{
	if (zc_data_path(ZC_SEGDICT_FILE, buf, size) == NULL && size > 0)
		buf[0] = '\0';   /* too long: opening "" fails, as it should */
	return buf;
}

int
zc_segdict_open(zc_segdict **dict, const char *path)
{
	char def[4096];
	zc_segdict *d;
	int rc;

	*dict = NULL;
	if (path == NULL)
		path = zc_segdict_default_path(def, sizeof def);
	if ((d = calloc(1, sizeof *d)) == NULL)
		return ZC_ENOMEM;
	if ((rc = map_file(path, &d->image, &d->size)) != ZC_OK) {
		free(d);
		return rc;
	}
	d->mapped = 1;
	if ((rc = segdict_attach(d, d->image, d->size)) != ZC_OK) {
		munmap(d->image, d->size);
		free(d);
		return rc;
	}
	*dict = d;
	return ZC_OK;
}

void
zc_segdict_close(zc_segdict *d)
{
	if (d == NULL)
		return;
	free(d->force_split);
	free(d->force_split_pool);
	if (d->mapped)
		munmap(d->image, d->size);
	else
		free(d->image);
	free(d);
}

int
zc_segdict_verify(const char *path)
{
	zc_segdict *d;
	int rc;

	if ((rc = zc_segdict_open(&d, path)) != ZC_OK)
		return rc;
	if (segdict_checksum(d->image + d->header->header_size,
	                     d->size - d->header->header_size) != d->header->checksum)
		rc = ZC_EDATA;
	zc_segdict_close(d);
	return rc;
}

/* Replace d's image by a new one, built in memory. */
int
segdict_replace_image(zc_segdict *d, unsigned char *image, size_t size)
{
	zc_segdict fresh;
	int rc;

	memset(&fresh, 0, sizeof fresh);
	if ((rc = segdict_attach(&fresh, image, size)) != ZC_OK)
		return rc;
	if (d->mapped)
		munmap(d->image, d->size);
	else
		free(d->image);
	fresh.force_split = d->force_split;
	fresh.force_split_count = d->force_split_count;
	fresh.force_split_pool = d->force_split_pool;
	*d = fresh;
	return ZC_OK;
}

/* ---- looking up -------------------------------------------------------- */

int
segdict_is_force_split(const zc_segdict *d, const uint32_t *cps, size_t n)
{
	struct segdict_word key = {cps, (uint32_t)n, 0, 0};
	size_t lo = 0, hi = d->force_split_count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		key.order = d->force_split[mid].order;
		if ((c = segdict_compare_words(&d->force_split[mid], &key)) == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

uint32_t
segdict_freq(const zc_segdict *d, const uint32_t *cps, size_t n)
{
	uint32_t node = 0;
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((node = segdict_child(d, node, cps[i])) == 0)
			return 0;
	return d->nodes[node].freq;
}
