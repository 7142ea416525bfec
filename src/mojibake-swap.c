/*
 * mojibake-swap.c - a whole line read with the other of Big5 and GBK.
 *
 * A line of Big5 read as GBK (or the reverse) is damaged as a whole, with
 * characters the other code page cannot read lost as '?': tried on the
 * whole line before anything else, reading it back and filling each lost
 * character with the candidates the model, the brackets around it and the
 * bytes a decoder can have skipped allow (the fills).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mojibake-line.h"

#define LN2 0.6931471805599453
/* Candidates kept for a character a Big5/GBK swap lost (the commonest). */
#define MAX_FILLS 48
/* What the characters a whole-line swap reads (not the '?' it fills) must
 * gain on their own (nats). */
#define SWAP_READ_GAIN GAIN_BASE

/* Whether a decoder of code page `from` can have skipped byte x with byte
 * y after it (LOST: not known). Decoders skip one byte where a pair does
 * not decode and read on from the next, so a skipped byte is 0x80-0xFF and
 * no character of `from` starts with x, y. (User-defined pairs count as
 * not decoding: the decoders that made the damage have none.) */
static int
could_be_lost(const uint16_t *from, unsigned x, unsigned y)
{
	uint32_t cp;

	if (x < 0x80 || x > 0xFF)
		return 0;
	if (y == LOST || x == 0x80 || x == 0xFF || y < 0x40 || y > 0xFE)
		return 1;
	cp = from[(x - 0x81) * ZC_TRAILS + (y - 0x40)];
	return cp == 0 || (cp >= 0xE000 && cp <= 0xF8FF);
}

/* A character of a Big5/GBK swap with bytes lost (a skipped byte as
 * LOST, `after` the image byte after the pair): one the wrong decoder
 * `from` would have skipped the same bytes of. */
struct lost_char {
	unsigned lead, trail, after;
};

/* (from: the decoding table of the wrong code page, see
 * zc_charmodel_decode_table) */
static int
fits_lost(const uint16_t *from, const struct lost_char *l, unsigned lead, unsigned trail)
{
	if (l->lead != LOST)
		return lead == l->lead && (l->trail != LOST || could_be_lost(from, trail, l->after));
	if (l->trail != LOST)
		return trail == l->trail && could_be_lost(from, lead, trail);
	return could_be_lost(from, lead, trail) && could_be_lost(from, trail, l->after);
}

/* The partner of a bracket (〈〉《》「」『』【】〔〕（）［］｛｝ and their
 * vertical and small forms), *open set to whether cp opens; 0 for any other
 * character. */
static uint32_t
bracket_partner(uint32_t cp, int *open)
{
	if ((cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301B)) {
		*open = cp % 2 == 0;
		return *open ? cp + 1 : cp - 1;
	}
	if ((cp >= 0xFE35 && cp <= 0xFE44) || (cp >= 0xFE59 && cp <= 0xFE5E)) {
		*open = cp % 2 == 1;
		return *open ? cp + 1 : cp - 1;
	}
	*open = cp == 0xFF08 || cp == 0xFF3B || cp == 0xFF5B;
	if (*open)
		return cp == 0xFF08 ? 0xFF09 : cp + 2;
	if (cp == 0xFF09 || cp == 0xFF3D || cp == 0xFF5D)
		return cp == 0xFF09 ? 0xFF08 : cp - 2;
	return 0;
}

/* Whether cp may fill place k of cps[0..n) as far as brackets go: they
 * come in pairs, so an opening one wants its partner (or a character not
 * yet filled, 0) after it, a closing one its partner before it. (A lone
 * 〉 read by the model alone is as likely as 字.) */
static int
brackets_fit(const uint32_t *cps, size_t n, size_t k, uint32_t cp)
{
	int open;
	uint32_t partner = bracket_partner(cp, &open);
	size_t j, depth = 0;

	if (partner == 0)
		return 1;
	if (open) {
		for (j = k + 1; j < n; j++)
			if (cps[j] == 0 || (cps[j] == partner && depth-- == 0))
				return 1;
			else if (cps[j] == cp)
				depth++;
		return 0;
	}
	for (j = k; j-- > 0;)
		if (cps[j] == partner && depth-- == 0)
			return 1;
		else if (cps[j] == cp)
			depth++;
	return 0;
}

/* The score of y after x, one or both of them fills. The model charges a
 * Han after Han ln 2 for its mixture of bigram and unigram, and nothing
 * next to punctuation: a fill of punctuation next to Han pays the same, or
 * it would win over every Han without a bigram (加；會 over 加了會). */
static double
fill_edge(const zc_charmodel *m, uint32_t x, int x_fill, uint32_t y, int y_fill)
{
	double s = zc_charmodel_char_logp(m, x, y);

	if ((x_fill && !is_han(x) && is_han(y)) || (y_fill && !is_han(y) && is_han(x)))
		s -= LN2;
	return s;
}

/* The candidates for one lost character: the MAX_FILLS commonest. */
struct fills {
	uint32_t cp[MAX_FILLS];
	double logp[MAX_FILLS];   /* their unigrams */
	size_t n;
	size_t worst;             /* once full: the first of the least common */
};

static void
find_worst_fill(struct fills *f)
{
	size_t k;

	f->worst = 0;
	for (k = 1; k < f->n; k++)
		if (f->logp[k] < f->logp[f->worst])
			f->worst = k;
}

/* Keep the MAX_FILLS commonest of the candidates offered. */
static void
add_fill(const zc_charmodel *m, struct fills *f, uint32_t cp)
{
	double logp = zc_charmodel_unigram(m, cp);

	if (f->n < MAX_FILLS) {
		f->cp[f->n] = cp;
		f->logp[f->n++] = logp;
		if (f->n == MAX_FILLS)
			find_worst_fill(f);
		return;
	}
	if (logp > f->logp[f->worst]) {
		f->cp[f->worst] = cp;
		f->logp[f->worst] = logp;
		find_worst_fill(f);
	}
}

/* The characters of code page `to` that may fill lost char l at place k
 * of cps[0..n): not rare, and when both bytes were lost one of the
 * commonest (any of those fits as well as the rare ones). */
static void
swap_fills(const zc_charmodel *m, enum zc_codepage from, enum zc_codepage to,
           const struct lost_char *l, const uint32_t *cps, size_t n, size_t k,
           struct fills *f)
{
	const uint16_t *decode = zc_charmodel_decode_table(m, from);
	const uint32_t *common;
	uint32_t cp;
	unsigned x, code;
	size_t i, ncommon;

	f->n = 0;
	if (l->lead == LOST && l->trail == LOST) {
		ncommon = zc_charmodel_page_common(m, to, &common);
		for (i = 0; i < ncommon; i++) {
			code = zc_charmodel_encode2(m, to, common[i]);
			if (fits_lost(decode, l, code >> 8, code & 0xFF) &&
			    brackets_fit(cps, n, k, common[i]))
				add_fill(m, f, common[i]);
		}
		return;
	}
	for (x = 0x40; x <= 0xFE; x++) {   /* the lost byte */
		unsigned lead = l->lead == LOST ? x : l->lead, trail = l->lead == LOST ? l->trail : x;

		cp = zc_charmodel_decode2(m, to, lead, trail);
		if (cp != 0 && fits_lost(decode, l, lead, trail) &&
		    zc_charmodel_unigram(m, cp) >= LOGP_FILL_RARE && brackets_fit(cps, n, k, cp))
			add_fill(m, f, cp);
	}
}

/* Fill the lost characters cps[a..b), next to each other, with the
 * sequence of candidates that fits best between cps[a - 1] and cps[b] (a
 * Viterbi search: a lost character's best fill depends on the next one's,
 * 指出 rather than 為—). Returns 0 when one has no candidate. */
static int
fill_run(const zc_charmodel *m, enum zc_codepage from, enum zc_codepage to,
         uint32_t *cps, const struct lost_char *lost, size_t n, size_t a, size_t b)
{
	size_t len = b - a, k, i, j, best;
	struct fills *f = malloc(len * sizeof *f);
	double *score = malloc(len * MAX_FILLS * sizeof *score), s;
	unsigned char *back = malloc(len * MAX_FILLS);
	uint32_t prev = a > 0 ? cps[a - 1] : 0, next = b < n ? cps[b] : 0;
	int ok = 0;

	if (f == NULL || score == NULL || back == NULL)
		goto done;
	for (k = 0; k < len; k++) {
		swap_fills(m, from, to, &lost[a + k], cps, n, a + k, &f[k]);
		if (f[k].n == 0)
			goto done;
		for (j = 0; j < f[k].n; j++) {
			double *sj = &score[k * MAX_FILLS + j];

			if (k == 0) {
				*sj = fill_edge(m, prev, 0, f[k].cp[j], 1);
				continue;
			}
			*sj = -1e300;
			for (i = 0; i < f[k - 1].n; i++) {
				s = score[(k - 1) * MAX_FILLS + i] +
				    fill_edge(m, f[k - 1].cp[i], 1, f[k].cp[j], 1);
				if (s > *sj) {
					*sj = s;
					back[k * MAX_FILLS + j] = (unsigned char)i;
				}
			}
		}
	}
	k = len - 1;
	best = 0;
	for (j = 0, s = -1e300; j < f[k].n; j++) {
		double t = score[k * MAX_FILLS + j] + (next ? fill_edge(m, f[k].cp[j], 1, next, 0) : 0);

		if (t > s) {
			s = t;
			best = j;
		}
	}
	for (;; k--) {
		cps[a + k] = f[k].cp[best];
		if (k == 0)
			break;
		best = back[k * MAX_FILLS + best];
	}
	ok = 1;
done:
	free(f);
	free(score);
	free(back);
	return ok;
}

/* Fill the lost characters of cps[0..n) (lost[k].lead != 0; 0 in cps),
 * each run of them next to each other at once, left to right. Returns 0
 * when one has no fill. */
static int
fill_lost(const zc_charmodel *m, enum zc_codepage from, enum zc_codepage to,
          uint32_t *cps, const struct lost_char *lost, size_t n)
{
	size_t a = 0, b;

	while (a < n) {
		if (lost[a].lead == 0) {
			a++;
			continue;
		}
		for (b = a + 1; b < n && lost[b].lead != 0; b++)
			;
		if (!fill_run(m, from, to, cps, lost, n, a, b))
			return 0;
		a = b;
	}
	return 1;
}

/* The bytes of the whole line under swap h's image: ASCII as itself, '?'
 * or U+FFFD as LOST (the wrong decoder skipped one byte there: iconv-style
 * decoders write '?', Python's errors="replace" U+FFFD), the rest as their
 * two bytes. Returns their number, 0 when a character has none. */
static size_t
swap_line_image(struct line_ctx *c, const struct hypothesis *h, unsigned *img)
{
	enum zc_codepage from = h->image == IMAGE_GBK ? ZC_CP_GBK : ZC_CP_CP950;
	size_t k, n = 0;
	unsigned code;
	uint32_t cp;

	for (k = 0; k < c->n; k++) {
		cp = c->chars[k].cp;
		if (cp == '?' || cp == 0xFFFD) {
			img[n++] = LOST;
		} else if (cp < 0x80) {
			img[n++] = cp;
		} else if (cp != ZC_INVALID && (code = zc_charmodel_encode2(c->m, from, cp)) != 0) {
			img[n++] = code >> 8;
			img[n++] = code & 0xFF;
		} else {
			return 0;
		}
	}
	return n;
}

/* The score of the characters swap_line read, the lost ones left out. */
static double
score_read_chars(const zc_charmodel *m, const uint32_t *cps, const struct lost_char *lost,
                 size_t n)
{
	double sum = 0;
	size_t k;

	for (k = 0; k < n; k++)
		if (lost[k].lead == 0)
			sum += zc_charmodel_char_logp(m, k > 0 && lost[k - 1].lead == 0 ? cps[k - 1] : 0,
			                              cps[k]);
	return sum;
}

/* The whole line under swap h into c->cand: its bytes decoded the other
 * way, from the start of the line (where the two agree on where characters
 * begin), a lost byte filled with the character that fits best. Returns
 * how many non-ASCII characters there are, 0 when the bytes do not decode
 * or the characters read (the fills left out) score below min_read: then
 * no fill is worth weighing. */
static size_t
swap_line(struct line_ctx *c, const struct hypothesis *h, double min_read)
{
	enum zc_codepage from = h->image == IMAGE_GBK ? ZC_CP_GBK : ZC_CP_CP950;
	enum zc_codepage to = h->target == TARGET_GBK ? ZC_CP_GBK : ZC_CP_CP950;
	unsigned *img = malloc((2 * c->n + 1) * sizeof *img);
	uint32_t *cps = malloc((c->n + 1) * sizeof *cps);
	struct lost_char *lost = malloc((c->n + 1) * sizeof *lost);
	size_t n, p = 0, k, m = 0, nchars = 0;

	if (img == NULL || cps == NULL || lost == NULL || (n = swap_line_image(c, h, img)) == 0)
		goto fail;
	while (p < n) {   /* characters, one with a lost byte as 0 */
		lost[m].lead = 0;
		if (img[p] < 0x80) {
			cps[m++] = img[p++];
			continue;
		}
		if (p + 1 == n)
			goto fail;
		if (img[p] == LOST || img[p + 1] == LOST) {
			cps[m] = 0;
			lost[m].lead = img[p];
			lost[m].trail = img[p + 1];
			lost[m].after = p + 2 < n ? img[p + 2] : LOST;
		} else if ((cps[m] = zc_charmodel_decode2(c->m, to, img[p], img[p + 1])) == 0) {
			goto fail;
		}
		m++;
		p += 2;
	}
	if (score_read_chars(c->m, cps, lost, m) < min_read || !fill_lost(c->m, from, to, cps, lost, m))
		goto fail;
	c->cand.len = 0;
	for (k = 0; k < m; k++) {
		if (put_cp(&c->cand, cps[k]) < 0)
			goto fail;
		nchars += cps[k] >= 0x80;
	}
	free(img);
	free(cps);
	free(lost);
	return nchars;
fail:
	free(img);
	free(cps);
	free(lost);
	return 0;
}

/* The score of the line without its '?' and U+FFFD (what a wrong decoder
 * writes for bytes it skips), as swap_line scores what it reads. */
static double
score_read(const struct line_ctx *c)
{
	double sum = 0;
	uint32_t prev = 0, cp;
	size_t k;

	for (k = 0; k < c->n; k++, prev = cp) {
		if ((cp = c->chars[k].cp) == '?' || cp == 0xFFFD)
			cp = 0;
		else
			sum += zc_charmodel_char_logp(c->m, prev, cp);
	}
	return sum;
}

/* Whether b holds a Han character (see acceptable: a swap that reads
 * none is symbols for symbols). */
static int
reads_han(const zc_buf *b)
{
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < b->len; i += k) {
		k = zc_utf8_decode_inline(b->data + i, b->len - i, &cp);
		if (zc_is_han(cp))
			return 1;
	}
	return 0;
}

/* A line read wholly in the wrong one of GBK and Big5 (a page converted
 * with the wrong code page): what the run-by-run repair does at the
 * ASCII that splits the line into short runs (2014爛8堎 -> 2014年8月,
 * XSSㄗCSRF -> XSS（CSRF) the line as a whole decides, when its other
 * reading wins by the margin of a repair of all its characters. Returns
 * 1 if it was repaired. */
int
mj_repair_whole_swap(struct line_ctx *c)
{
	const struct hypothesis *h;
	size_t k, nchars, non_ascii = 0;
	double gain, min_read;

	/* A line read wholly the wrong way is mostly unlikely characters;
	 * anything else is not worth decoding whole (fills are dear). */
	for (k = 0; k < c->n; k++)
		non_ascii += c->chars[k].cp >= 0x80;
	if (3 * c->unlikely_prefix[c->n] < non_ascii || mj_has_listing(c, 0, c->n) ||
	    mj_same_char_run(c, 0, c->n) || mj_has_symbol_rule(c, 0, c->n))
		return 0;
	/* What the '?' cost the original is no evidence on its own, nor what
	 * the fills score: the characters read must gain too (a line of
	 * "??:??" placeholders around clean text is text). */
	min_read = score_read(c) + LEGACY_PRIOR + SWAP_READ_GAIN;
	for (k = 0; k < sizeof mj_hypotheses / sizeof *mj_hypotheses; k++) {
		h = &mj_hypotheses[k];
		if (!is_swap(h) || (nchars = swap_line(c, h, min_read)) < 2 || !reads_han(&c->cand))
			continue;
		gain = zc_charmodel_score(c->m, c->cand.data, c->cand.len) -
		       score_original(c, 0, c->n) - LEGACY_PRIOR;
		if (gain < GAIN_BASE + GAIN_PER_CHAR * (double)nchars)
			continue;
		if (mj_emit_repair(c, 0, c->n, c->cand.data, c->cand.len, h->class_name) < 0)
			return ZC_ENOMEM;
		return 1;
	}
	return 0;
}
