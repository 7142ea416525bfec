/*
 * segcut.c - jieba's accurate mode (jieba/__init__.py: cut, get_DAG, calc,
 * __cut_DAG, __cut_DAG_NO_HMM; jieba/finalseg: cut, viterbi) over code
 * points, with the same floating-point operations in the same order, so
 * that ties fall the same way: Python's max over (value, index) tuples
 * prefers the larger index, over (probability, state) the later state name.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segcut.h"

/* jieba's re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-] */
static int
is_finalseg_han(uint32_t cp)
{
	return cp >= 0x4E00 && cp <= 0x9FD5;
}

static int
is_ascii_alnum(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

static int
is_ascii_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

void
segcut_work_free(struct segcut_work *w)
{
	free(w->dag_first);
	free(w->dag_count);
	free(w->route_p);
	free(w->route_x);
	free(w->cand_end);
	free(w->cand_weight);
	free(w->viterbi);
	free(w->back);
	free(w->path);
	free(w->tok_end);
	memset(w, 0, sizeof *w);
}

static int
grow(void **p, size_t n, size_t size)
{
	void *q = realloc(*p, n * size);

	if (q == NULL)
		return ZC_ENOMEM;
	*p = q;
	return ZC_OK;
}

/* Room for a block of n positions. */
static int
reserve_positions(struct segcut_work *w, size_t n)
{
	size_t cap;

	if (n + 1 <= w->cap)
		return ZC_OK;
	for (cap = w->cap ? w->cap : 256; cap < n + 1; cap *= 2)
		;
	if (grow((void **)&w->dag_first, cap, sizeof *w->dag_first) ||
	    grow((void **)&w->dag_count, cap, sizeof *w->dag_count) ||
	    grow((void **)&w->route_p, cap, sizeof *w->route_p) ||
	    grow((void **)&w->route_x, cap, sizeof *w->route_x) ||
	    grow((void **)&w->viterbi, cap * HMM_STATES, sizeof *w->viterbi) ||
	    grow((void **)&w->back, cap * HMM_STATES, sizeof *w->back) ||
	    grow((void **)&w->path, cap, sizeof *w->path))
		return ZC_ENOMEM;
	w->cap = cap;
	return ZC_OK;
}

static int
add_candidate(struct segcut_work *w, uint32_t end, double weight)
{
	size_t cap;

	if (w->cand_len == w->cand_cap) {
		cap = w->cand_cap ? w->cand_cap * 2 : 1024;
		if (grow((void **)&w->cand_end, cap, sizeof *w->cand_end) ||
		    grow((void **)&w->cand_weight, cap, sizeof *w->cand_weight))
			return ZC_ENOMEM;
		w->cand_cap = cap;
	}
	w->cand_end[w->cand_len] = end;
	w->cand_weight[w->cand_len] = weight;
	w->cand_len++;
	return ZC_OK;
}

static int
add_token(struct segcut_work *w, size_t end)
{
	size_t cap;

	if (w->tok_len == w->tok_cap) {
		cap = w->tok_cap ? w->tok_cap * 2 : 256;
		if (grow((void **)&w->tok_end, cap, sizeof *w->tok_end))
			return ZC_ENOMEM;
		w->tok_cap = cap;
	}
	w->tok_end[w->tok_len++] = (uint32_t)end;
	return ZC_OK;
}

/* ---- the word graph (get_DAG) and the best path (calc) ------------------ */

static int
dag_from_trie(struct segcut_work *w, const zc_segdict *d, const uint32_t *s, size_t n)
{
	uint32_t node, freq;
	size_t k, i;
	int rc;

	for (k = 0; k < n; k++) {
		/* The next position's second character: its likeliest miss. */
		if (k + 2 < n)
			segdict_prefetch_child(d, segdict_child(d, 0, s[k + 1]), s[k + 2]);
		w->dag_first[k] = (uint32_t)w->cand_len;
		for (i = k, node = segdict_child(d, 0, s[k]); node != 0;) {
			freq = d->nodes[node].freq;
			if (freq > 0 &&
			    (rc = add_candidate(w, (uint32_t)i, segdict_weight(d, node, freq))) != ZC_OK)
				return rc;
			if (++i >= n)
				break;
			node = segdict_child(d, node, s[i]);
		}
		if (w->cand_len == w->dag_first[k] &&
		    (rc = add_candidate(w, (uint32_t)k, d->header->no_word_weight)) != ZC_OK)
			return rc;
		w->dag_count[k] = (uint32_t)(w->cand_len - w->dag_first[k]);
	}
	return ZC_OK;
}

static int
dag_from_lookup(struct segcut_work *w, const struct segcut_source *src,
                const uint32_t *s, size_t n)
{
	uint64_t freq;
	size_t k, i;
	int rc;

	for (k = 0; k < n; k++) {
		w->dag_first[k] = (uint32_t)w->cand_len;
		for (i = k; i < n && src->lookup(src->ctx, s + k, i - k + 1, &freq); i++)
			if (freq > 0 &&
			    (rc = add_candidate(w, (uint32_t)i, log((double)freq) - src->logtotal)) != ZC_OK)
				return rc;
		if (w->cand_len == w->dag_first[k] &&
		    (rc = add_candidate(w, (uint32_t)k, 0.0 - src->logtotal)) != ZC_OK)
			return rc;
		w->dag_count[k] = (uint32_t)(w->cand_len - w->dag_first[k]);
	}
	return ZC_OK;
}

/* route[idx] = max((weight + route[x + 1].p, x) for x in DAG[idx]) */
static void
best_path(struct segcut_work *w, size_t n)
{
	size_t idx, c, end;
	double best, v;
	uint32_t x, bx;

	w->route_p[n] = 0.0;
	w->route_x[n] = 0;
	for (idx = n; idx-- > 0;) {
		c = w->dag_first[idx];
		end = c + w->dag_count[idx];
		bx = w->cand_end[c];
		best = w->cand_weight[c] + w->route_p[bx + 1];
		for (c++; c < end; c++) {
			x = w->cand_end[c];
			v = w->cand_weight[c] + w->route_p[x + 1];
			if (v >= best) {  /* candidates come in increasing x */
				best = v;
				bx = x;
			}
		}
		w->route_p[idx] = best;
		w->route_x[idx] = bx;
	}
}

/* ---- finalseg: the HMM for runs the dictionary does not cover ----------- */

/* jieba's PrevStatus: the states each state can follow. */
static const int prev_states[HMM_STATES][2] = {
	[HMM_B] = {HMM_E, HMM_S}, [HMM_M] = {HMM_M, HMM_B},
	[HMM_S] = {HMM_S, HMM_E}, [HMM_E] = {HMM_B, HMM_M}
};

/* A word the HMM found, s[from..to), unless it is one to force apart. */
static int
add_hmm_word(struct segcut_work *w, const zc_segdict *d, const uint32_t *s,
             size_t from, size_t to, size_t base)
{
	int rc;

	if (d->force_split_count == 0 || !segdict_is_force_split(d, s + from, to - from))
		return add_token(w, base + to);
	for (; from < to; from++)
		if ((rc = add_token(w, base + from + 1)) != ZC_OK)
			return rc;
	return ZC_OK;
}

/* Viterbi over s[0..n) (all Han); tokens are appended with ends + base. */
static int
viterbi_cut(struct segcut_work *w, const zc_segdict *d, const uint32_t *s,
            size_t n, size_t base)
{
	const struct segdict_header *h = d->header;
	const struct segdict_emit *e;
	double *V = w->viterbi, p, best, em[HMM_STATES];
	unsigned char *back = w->back, *path = w->path;
	size_t t, i, nexti = 0;
	int y, y0, j, last, rc;

	for (t = 0; t < n; t++) {
		e = segdict_emission(d, s[t]);
		for (y = 0; y < HMM_STATES; y++)
			em[y] = e ? e->p[y] : SEGDICT_MIN_FLOAT;
		for (y = 0; y < HMM_STATES; y++) {
			if (t == 0) {
				V[y] = h->start[y] + em[y];
				continue;
			}
			/* max((V[t-1][y0] + trans[y0][y] + em, y0) for y0 in PrevStatus[y]) */
			best = 0;
			last = -1;
			for (j = 0; j < 2; j++) {
				y0 = prev_states[y][j];
				p = V[(t - 1) * HMM_STATES + y0] + h->trans[y0][y] + em[y];
				if (last < 0 || p > best || (p == best && y0 > last)) {
					best = p;
					last = y0;
				}
			}
			V[t * HMM_STATES + y] = best;
			back[t * HMM_STATES + y] = (unsigned char)last;
		}
	}
	/* max((V[n-1][y], y) for y in 'ES') */
	y = V[(n - 1) * HMM_STATES + HMM_S] >= V[(n - 1) * HMM_STATES + HMM_E] ? HMM_S : HMM_E;
	for (t = n; t-- > 0;) {
		path[t] = (unsigned char)y;
		if (t > 0)
			y = back[t * HMM_STATES + y];
	}
	for (i = 0; i < n; i++) {
		if (path[i] == HMM_E || path[i] == HMM_S) {
			if ((rc = add_hmm_word(w, d, s, nexti, i + 1, base)) != ZC_OK)
				return rc;
			nexti = i + 1;
		}
	}
	return nexti < n ? add_hmm_word(w, d, s, nexti, n, base) : ZC_OK;
}

/* finalseg's re_skip: [a-zA-Z0-9]+(?:\.\d+)?%? ; returns the match length
 * at s[i..n), 0 if none. */
static size_t
skip_match(const uint32_t *s, size_t i, size_t n)
{
	size_t j = i, k;

	while (j < n && is_ascii_alnum(s[j]))
		j++;
	if (j == i)
		return 0;
	if (j + 1 < n && s[j] == '.' && is_ascii_digit(s[j + 1])) {
		for (k = j + 1; k < n && is_ascii_digit(s[k]); k++)
			;
		j = k;
	}
	if (j < n && s[j] == '%')
		j++;
	return j - i;
}

/* finalseg.cut over s[0..n): Han runs through the HMM, the rest split by
 * re_skip into matches and the text between them. */
static int
finalseg_cut(struct segcut_work *w, const zc_segdict *d, const uint32_t *s,
             size_t n, size_t base)
{
	size_t i = 0, j, m;
	int rc;

	while (i < n) {
		if (is_finalseg_han(s[i])) {
			for (j = i; j < n && is_finalseg_han(s[j]); j++)
				;
			if ((rc = viterbi_cut(w, d, s + i, j - i, base + i)) != ZC_OK)
				return rc;
			i = j;
			continue;
		}
		if ((m = skip_match(s, i, n)) > 0) {
			if ((rc = add_token(w, base + i + m)) != ZC_OK)
				return rc;
			i += m;
			continue;
		}
		/* Text between matches, up to the next match or Han character. */
		for (j = i + 1; j < n && !is_finalseg_han(s[j]) && !is_ascii_alnum(s[j]); j++)
			;
		if ((rc = add_token(w, base + j)) != ZC_OK)
			return rc;
		i = j;
	}
	return ZC_OK;
}

static uint64_t
source_freq(const struct segcut_source *src, const uint32_t *s, size_t n)
{
	uint64_t freq = 0;

	if (src->lookup)
		return src->lookup(src->ctx, s, n, &freq) ? freq : 0;
	return segdict_freq(src->dict, s, n);
}

/* A run of single characters on the best path (jieba's buf). */
static int
flush_singles(struct segcut_work *w, const struct segcut_source *src,
              const uint32_t *s, size_t from, size_t to, size_t base)
{
	size_t i;
	int rc;

	if (to - from == 1)
		return add_token(w, base + to);
	if (to == from)
		return ZC_OK;
	if (source_freq(src, s + from, to - from) == 0)
		return finalseg_cut(w, src->dict, s + from, to - from, base + from);
	for (i = from; i < to; i++)
		if ((rc = add_token(w, base + i + 1)) != ZC_OK)
			return rc;
	return ZC_OK;
}

/* __cut_DAG */
static int
cut_block_hmm(struct segcut_work *w, const struct segcut_source *src,
              const uint32_t *s, size_t n, size_t base)
{
	size_t x = 0, y, buf = 0;
	int rc;

	while (x < n) {
		y = w->route_x[x] + 1;
		if (y - x != 1) {
			if ((rc = flush_singles(w, src, s, buf, x, base)) != ZC_OK ||
			    (rc = add_token(w, base + y)) != ZC_OK)
				return rc;
			buf = y;
		}
		x = y;
	}
	return flush_singles(w, src, s, buf, n, base);
}

/* __cut_DAG_NO_HMM: single ASCII letters and digits on the path join. */
static int
cut_block_no_hmm(struct segcut_work *w, const uint32_t *s, size_t n, size_t base)
{
	size_t x = 0, y;
	int in_eng = 0, rc;

	while (x < n) {
		y = w->route_x[x] + 1;
		if (y - x == 1 && is_ascii_alnum(s[x])) {
			in_eng = 1;
		} else {
			if (in_eng && (rc = add_token(w, base + x)) != ZC_OK)
				return rc;
			in_eng = 0;
			if ((rc = add_token(w, base + y)) != ZC_OK)
				return rc;
		}
		x = y;
	}
	return in_eng ? add_token(w, base + n) : ZC_OK;
}

static int
cut_block(struct segcut_work *w, const struct segcut_source *src,
          const uint32_t *s, size_t n, size_t base, int hmm)
{
	int rc;

	if ((rc = reserve_positions(w, n)) != ZC_OK)
		return rc;
	w->cand_len = 0;
	rc = src->lookup ? dag_from_lookup(w, src, s, n) : dag_from_trie(w, src->dict, s, n);
	if (rc != ZC_OK)
		return rc;
	best_path(w, n);
	return hmm ? cut_block_hmm(w, src, s, n, base) : cut_block_no_hmm(w, s, n, base);
}

int
segcut_line(struct segcut_work *w, const struct segcut_source *src,
            const uint32_t *cps, size_t n, int hmm)
{
	size_t i = 0, j;
	int rc;

	while (i < n) {
		if (!segcut_is_word_char(cps[i])) {
			if ((rc = add_token(w, ++i)) != ZC_OK)
				return rc;
			continue;
		}
		for (j = i + 1; j < n && segcut_is_word_char(cps[j]); j++)
			;
		if ((rc = cut_block(w, src, cps + i, j - i, i, hmm)) != ZC_OK)
			return rc;
		i = j;
	}
	return ZC_OK;
}
