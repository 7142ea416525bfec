/*
 * segdict-user.c - dictionaries built at run time: another dictionary in
 * jieba's format (--dict) and user words on top of one (--user-dict).
 *
 * User words are added one at a time as jieba's load_userdict/add_word do:
 * a word without a frequency gets suggest_freq(word, False), computed with
 * the words added before it, and every word adds its frequency to the
 * total. The words live in an overlay (jieba's FREQ entries changed so far)
 * until the end, when the image is rebuilt once from the trie and overlay.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segcut.h"
#include "segdict-text.h"

/* ---- the overlay: a small open-addressing map, code points -> freq ---- */

struct overlay_entry {
	size_t offset;            /* into the pool; len 0: empty slot */
	uint32_t len;
	uint64_t freq;
};

struct overlay {
	const zc_segdict *base;
	struct overlay_entry *slots;
	size_t mask, used;
	struct segdict_words words;  /* the pool, and the words in order */
	struct segdict_words force_split;  /* words added with frequency 0 */
	uint64_t total;
};

static uint64_t
hash_cps(const uint32_t *cps, size_t n)
{
	return segdict_checksum((const unsigned char *)cps, n * sizeof *cps);
}

static struct overlay_entry *
overlay_find(const struct overlay *o, const uint32_t *cps, size_t n)
{
	size_t i = (size_t)hash_cps(cps, n) & o->mask;
	struct overlay_entry *e;

	for (;; i = (i + 1) & o->mask) {
		e = &o->slots[i];
		if (e->len == 0)
			return e;
		if (e->len == n && memcmp(o->words.pool + e->offset, cps, n * sizeof *cps) == 0)
			return e;
	}
}

static int
overlay_grow(struct overlay *o)
{
	struct overlay_entry *old = o->slots, *e;
	size_t old_size = o->slots ? o->mask + 1 : 0, size = old_size ? old_size * 2 : 1024, i;

	if ((o->slots = calloc(size, sizeof *o->slots)) == NULL) {
		o->slots = old;
		return ZC_ENOMEM;
	}
	o->mask = size - 1;
	for (i = 0; i < old_size; i++) {
		if (old[i].len == 0)
			continue;
		e = overlay_find(o, o->words.pool + old[i].offset, old[i].len);
		*e = old[i];
	}
	free(old);
	return ZC_OK;
}

/* Set FREQ[cps] = freq. */
static int
overlay_set(struct overlay *o, const uint32_t *cps, size_t n, uint64_t freq)
{
	struct overlay_entry *e;
	int rc;

	if ((o->used + 1) * 2 > (o->slots ? o->mask + 1 : 0) && (rc = overlay_grow(o)) != ZC_OK)
		return rc;
	e = overlay_find(o, cps, n);
	if (e->len == 0) {
		if ((rc = segdict_words_add(&o->words, cps, n, 0)) != ZC_OK)
			return rc;
		e->offset = o->words.offsets[o->words.count - 1];
		e->len = (uint32_t)n;
		o->used++;
	}
	e->freq = freq;
	return ZC_OK;
}

/* Whether cps is in jieba's FREQ (trie or overlay), and its frequency. */
static int
overlay_lookup(void *ctx, const uint32_t *cps, size_t n, uint64_t *freq)
{
	const struct overlay *o = ctx;
	const struct overlay_entry *e;
	uint32_t node = 0;
	size_t i;

	if (o->slots && (e = overlay_find(o, cps, n))->len != 0) {
		*freq = e->freq;
		return 1;
	}
	for (i = 0; i < n; i++)
		if ((node = segdict_child(o->base, node, cps[i])) == 0)
			return 0;
	*freq = o->base->nodes[node].freq;
	return n > 0;
}

/* ---- jieba's add_word and suggest_freq --------------------------------- */

static uint64_t
freq_or(const struct overlay *o, const uint32_t *cps, size_t n, uint64_t missing)
{
	uint64_t f;

	return overlay_lookup((void *)o, cps, n, &f) ? f : missing;
}

/* suggest_freq(word, tune=False) */
static int
suggest_freq(struct overlay *o, struct segcut_work *w, const uint32_t *cps,
             size_t n, uint64_t *freq)
{
	struct segcut_source src = {o->base, overlay_lookup, o, log((double)o->total)};
	double ftotal = (double)o->total, f = 1.0;
	size_t t, from = 0;
	uint64_t joined, own;
	int rc;

	w->tok_len = 0;
	if ((rc = segcut_line(w, &src, cps, n, 0)) != ZC_OK)
		return rc;
	for (t = 0; t < w->tok_len; from = w->tok_end[t++])
		f *= (double)freq_or(o, cps + from, w->tok_end[t] - from, 1) / ftotal;
	joined = (uint64_t)(f * (double)o->total) + 1;
	own = freq_or(o, cps, n, 1);
	*freq = joined >= own ? joined : own;
	return ZC_OK;
}

/* add_word(word, freq) */
static int
add_word(struct overlay *o, const uint32_t *cps, size_t n, uint64_t freq)
{
	uint64_t ignored;
	size_t i;
	int rc;

	if (freq > UINT32_MAX)
		return ZC_EDATA;
	if ((rc = overlay_set(o, cps, n, freq)) != ZC_OK)
		return rc;
	if (freq == 0 && (rc = segdict_words_add(&o->force_split, cps, n, 0)) != ZC_OK)
		return rc;
	o->total += freq;
	for (i = 1; i < n; i++)
		if (!overlay_lookup(o, cps, i, &ignored) && (rc = overlay_set(o, cps, i, 0)) != ZC_OK)
			return rc;
	return ZC_OK;
}

/* jieba's re_userdict, ^(.+?)( [0-9]+)?( [a-z]+)?$ : the length of the
 * word and where its frequency digits are (digits_len 0: none). */
static int
split_user_line(const uint32_t *cps, size_t n, size_t *word_len,
                size_t *digits_at, size_t *digits_len)
{
	size_t i, j, d;

	for (i = 1; i <= n; i++) {
		j = i;
		*digits_at = 0;
		*digits_len = 0;
		if (j + 1 < n && cps[j] == ' ' && cps[j + 1] >= '0' && cps[j + 1] <= '9') {
			for (d = j + 1; d < n && cps[d] >= '0' && cps[d] <= '9'; d++)
				;
			*digits_at = j + 1;
			*digits_len = d - j - 1;
			j = d;
		}
		if (j + 1 < n && cps[j] == ' ' && cps[j + 1] >= 'a' && cps[j + 1] <= 'z')
			for (j++; j < n && cps[j] >= 'a' && cps[j] <= 'z'; j++)
				;
		if (j == n) {
			*word_len = i;
			return ZC_OK;
		}
	}
	return ZC_EDATA;
}

static int
add_user_line(struct overlay *o, struct segcut_work *w, char *line, size_t len,
              uint32_t **cps, size_t *cap)
{
	size_t n, word_len, at, digits, i;
	uint64_t freq = 0;
	uint32_t *c;
	int rc;

	segdict_strip(&line, &len);
	if ((rc = segdict_decode_strict(line, len, cps, cap, &n)) != ZC_OK)
		return rc;
	for (c = *cps; n > 0 && *c == 0xFEFF; c++, n--)
		;
	if (n == 0)
		return ZC_OK;
	if ((rc = split_user_line(c, n, &word_len, &at, &digits)) != ZC_OK)
		return rc;
	if (digits == 0) {
		if ((rc = suggest_freq(o, w, c, word_len, &freq)) != ZC_OK)
			return rc;
	} else {
		for (i = at; i < at + digits; i++) {
			freq = freq * 10 + (c[i] - '0');
			if (freq > UINT32_MAX)
				return ZC_EDATA;
		}
	}
	return add_word(o, c, word_len, freq);
}

/* All of base's trie as words (prefixes with freq 0), then the overlay. */
static int
collect_words(const struct overlay *o, struct segdict_words *out)
{
	const zc_segdict *d = o->base;
	uint32_t *stack, *path, node, c;
	size_t *depth, top = 0, i;
	int rc = ZC_OK;

	stack = malloc(d->node_count * sizeof *stack);
	depth = malloc(d->node_count * sizeof *depth);
	path = malloc((d->node_count + 1) * sizeof *path);
	if (stack == NULL || depth == NULL || path == NULL)
		rc = ZC_ENOMEM;
	if (rc == ZC_OK && d->nodes[0].first_child + d->nodes[0].child_count <= d->node_count)
		for (c = 0; c < d->nodes[0].child_count; c++) {
			stack[top] = d->nodes[0].first_child + c;
			depth[top++] = 1;
		}
	while (rc == ZC_OK && top > 0) {
		node = stack[--top];
		i = depth[top];
		path[i - 1] = d->nodes[node].label;
		if ((rc = segdict_words_add(out, path, i, d->nodes[node].freq)) != ZC_OK)
			break;
		if (d->nodes[node].first_child + d->nodes[node].child_count > d->node_count ||
		    top + d->nodes[node].child_count > d->node_count || i >= d->node_count)
			continue;  /* a corrupt image: what is left of it */
		for (c = 0; c < d->nodes[node].child_count; c++) {
			stack[top] = d->nodes[node].first_child + c;
			depth[top++] = i + 1;
		}
	}
	for (i = 0; rc == ZC_OK && i < o->words.count; i++) {
		struct overlay_entry *e = overlay_find(o, o->words.pool + o->words.offsets[i],
		                                       o->words.words[i].len);
		rc = segdict_words_add(out, o->words.pool + e->offset, e->len, (uint32_t)e->freq);
	}
	free(stack);
	free(depth);
	free(path);
	return rc;
}

/* Hand the force-split words over to d, sorted for searching. */
static int
keep_force_split(zc_segdict *d, struct segdict_words *fs)
{
	if (fs->count == 0)
		return ZC_OK;
	segdict_words_finish(fs);
	fs->count = segdict_sort_unique(fs->words, fs->count);
	free(d->force_split);
	free(d->force_split_pool);
	d->force_split = fs->words;
	d->force_split_count = fs->count;
	d->force_split_pool = fs->pool;
	free(fs->offsets);
	memset(fs, 0, sizeof *fs);
	return ZC_OK;
}

static void
hmm_of(const zc_segdict *d, struct segdict_hmm *hmm)
{
	memcpy(hmm->start, d->header->start, sizeof hmm->start);
	memcpy(hmm->trans, d->header->trans, sizeof hmm->trans);
	hmm->emit = (struct segdict_emit *)d->emit;
	hmm->emit_count = d->emit_count;
}

static int
rebuild(zc_segdict *d, struct segdict_words *wl, uint64_t total, const zc_segdict *hmm_from)
{
	struct segdict_hmm hmm;
	unsigned char *image;
	size_t size;
	int rc;

	segdict_words_finish(wl);
	hmm_of(hmm_from, &hmm);
	if ((rc = segdict_build(wl->words, wl->count, total, &hmm, &image, &size)) != ZC_OK)
		return rc;
	if ((rc = segdict_replace_image(d, image, size)) != ZC_OK)
		free(image);
	return rc;
}

int
zc_segdict_add_user_words(zc_segdict *d, const char *path, size_t *bad_line)
{
	struct overlay o;
	struct segcut_work w;
	struct segdict_words all;
	char *line = NULL;
	size_t cap = 0, cps_cap = 0, lineno = 0;
	uint32_t *cps = NULL;
	ssize_t got;
	FILE *fp;
	int rc = ZC_OK;

	*bad_line = 0;
	/* The whole trie is walked below: make sure it is sound first. */
	if (segdict_checksum(d->image + d->header->header_size,
	                     d->size - d->header->header_size) != d->header->checksum)
		return ZC_EDATA;
	if ((fp = fopen(path, "rb")) == NULL)
		return ZC_EREAD;
	memset(&o, 0, sizeof o);
	memset(&w, 0, sizeof w);
	memset(&all, 0, sizeof all);
	o.base = d;
	o.total = d->header->total;
	while (rc == ZC_OK && (got = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if ((rc = add_user_line(&o, &w, line, (size_t)got, &cps, &cps_cap)) != ZC_OK)
			*bad_line = lineno;
	}
	if (rc == ZC_OK && ferror(fp))
		rc = ZC_EREAD;
	fclose(fp);
	if (rc == ZC_OK && o.used > 0 && (rc = collect_words(&o, &all)) == ZC_OK)
		rc = rebuild(d, &all, o.total, d);
	if (rc == ZC_OK)
		rc = keep_force_split(d, &o.force_split);
	free(line);
	free(cps);
	free(o.slots);
	segdict_words_free(&o.words);
	segdict_words_free(&o.force_split);
	segdict_words_free(&all);
	segcut_work_free(&w);
	return rc;
}

int
zc_segdict_load_jieba(zc_segdict **dict, const char *path,
                      const zc_segdict *hmm_from, size_t *bad_line)
{
	struct segdict_words wl;
	zc_segdict *d;
	int rc;

	*dict = NULL;
	memset(&wl, 0, sizeof wl);
	if ((rc = segdict_read_jieba(path, &wl, bad_line)) != ZC_OK) {
		segdict_words_free(&wl);
		return rc;
	}
	if ((d = calloc(1, sizeof *d)) == NULL) {
		segdict_words_free(&wl);
		return ZC_ENOMEM;
	}
	if ((rc = rebuild(d, &wl, wl.total, hmm_from)) != ZC_OK) {
		free(d);
		d = NULL;
	}
	segdict_words_free(&wl);
	*dict = d;
	return rc;
}
