/*
 * gen-segdict - compile jieba's dictionary (dict.txt) and HMM tables
 * (finalseg/prob_start.py, prob_trans.py, prob_emit.py) into the binary
 * image that segment maps at run time. Run at build time:
 *
 *     gen-segdict JIEBA_DIR OUTPUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segdict-text.h"

struct emit_item {
	uint32_t cp;
	int state;
	double v;
};

struct hmm_reader {
	struct segdict_hmm hmm;
	struct emit_item *items;
	size_t count, cap;
};

static int
state_of(uint32_t c)
{
	switch (c) {
	case 'B': return HMM_B;
	case 'E': return HMM_E;
	case 'M': return HMM_M;
	case 'S': return HMM_S;
	default: return -1;
	}
}

static int
add_start(void *ctx, uint32_t outer, uint32_t inner, double v)
{
	struct hmm_reader *r = ctx;
	int s = state_of(inner);

	(void)outer;
	if (s < 0)
		return ZC_EDATA;
	r->hmm.start[s] = v;
	return ZC_OK;
}

static int
add_trans(void *ctx, uint32_t outer, uint32_t inner, double v)
{
	struct hmm_reader *r = ctx;
	int from = state_of(outer), to = state_of(inner);

	if (from < 0 || to < 0)
		return ZC_EDATA;
	r->hmm.trans[from][to] = v;
	return ZC_OK;
}

static int
add_emit(void *ctx, uint32_t outer, uint32_t inner, double v)
{
	struct hmm_reader *r = ctx;
	int s = state_of(outer);
	void *p;

	if (s < 0)
		return ZC_EDATA;
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4096;
		if ((p = realloc(r->items, r->cap * sizeof *r->items)) == NULL)
			return ZC_ENOMEM;
		r->items = p;
	}
	r->items[r->count++] = (struct emit_item){inner, s, v};
	return ZC_OK;
}

static int
compare_items(const void *a, const void *b)
{
	const struct emit_item *x = a, *y = b;

	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* One entry per character, SEGDICT_MIN_FLOAT for the states without one. */
static int
merge_emissions(struct hmm_reader *r)
{
	struct segdict_emit *e;
	size_t i, n = 0;
	int s;

	qsort(r->items, r->count, sizeof *r->items, compare_items);
	if ((e = calloc(r->count ? r->count : 1, sizeof *e)) == NULL)
		return ZC_ENOMEM;
	for (i = 0; i < r->count; i++) {
		if (n == 0 || e[n - 1].cp != r->items[i].cp) {
			e[n].cp = r->items[i].cp;
			for (s = 0; s < HMM_STATES; s++)
				e[n].p[s] = SEGDICT_MIN_FLOAT;
			n++;
		}
		e[n - 1].p[r->items[i].state] = r->items[i].v;
	}
	r->hmm.emit = e;
	r->hmm.emit_count = n;
	return ZC_OK;
}

static int
read_pyfile(const char *dir, const char *name, int depth,
            int (*add)(void *, uint32_t, uint32_t, double), void *ctx)
{
	char path[4096], *text = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int rc;

	snprintf(path, sizeof path, "%s/finalseg/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return ZC_EREAD;
	}
	n = getdelim(&text, &cap, '\0', fp);
	fclose(fp);
	if (n <= 0 || (rc = segdict_parse_pydict(text, (size_t)n, depth, add, ctx)) != ZC_OK) {
		fprintf(stderr, "gen-segdict: %s: not a table of jieba's HMM\n", path);
		free(text);
		return ZC_EDATA;
	}
	free(text);
	return ZC_OK;
}

static int
read_hmm(const char *dir, struct hmm_reader *r)
{
	int a, b;

	for (a = 0; a < HMM_STATES; a++)
		for (b = 0; b < HMM_STATES; b++)
			r->hmm.trans[a][b] = SEGDICT_MIN_FLOAT;
	if (read_pyfile(dir, "prob_start.py", 1, add_start, r) != ZC_OK ||
	    read_pyfile(dir, "prob_trans.py", 2, add_trans, r) != ZC_OK ||
	    read_pyfile(dir, "prob_emit.py", 2, add_emit, r) != ZC_OK)
		return ZC_EDATA;
	return merge_emissions(r);
}

int
main(int argc, char **argv)
{
	struct segdict_words wl;
	struct hmm_reader r;
	char path[4096];
	unsigned char *image;
	size_t size, bad_line;
	FILE *out;
	int rc;

	if (argc != 3) {
		fputs("usage: gen-segdict JIEBA_DIR OUTPUT\n", stderr);
		return 2;
	}
	memset(&wl, 0, sizeof wl);
	memset(&r, 0, sizeof r);
	snprintf(path, sizeof path, "%s/dict.txt", argv[1]);
	if ((rc = segdict_read_jieba(path, &wl, &bad_line)) != ZC_OK) {
		fprintf(stderr, "gen-segdict: %s:%zu: %s\n", path, bad_line, zc_strerror(rc));
		return 1;
	}
	segdict_words_finish(&wl);
	if (read_hmm(argv[1], &r) != ZC_OK)
		return 1;
	if ((rc = segdict_build(wl.words, wl.count, wl.total, &r.hmm, &image, &size)) != ZC_OK) {
		fprintf(stderr, "gen-segdict: %s\n", zc_strerror(rc));
		return 1;
	}
	if ((out = fopen(argv[2], "wb")) == NULL || fwrite(image, 1, size, out) != size ||
	    fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	free(image);
	free(r.items);
	free(r.hmm.emit);
	segdict_words_free(&wl);
	return 0;
}
