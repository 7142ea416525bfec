/*
 * mojibake-shifted.c - GBK read one byte out of step, and characters a
 * GBK decoder lost whole.
 *
 * Where a decoder lost one byte of GBK, the rest of the run is read one
 * byte late (shifted): reading it again one byte earlier repairs it, and
 * the halves of the characters at its ends are filled with what the model
 * prefers. Where it lost both bytes of a character, '?' or "??" stands in
 * the text; filled when the model is clear, else marked with
 * LOST_CHAR_MARK. The driver (repair_chars in mojibake.c) tries the lost
 * characters at each '?', and shifted GBK where no hypothesis repaired.
 */
#include <stdlib.h>

#include "internal.h"
#include "mojibake-line.h"

/* A pair scored no better than ln 2 under its second character alone was
 * never seen together: no evidence for a fill. */
#define NO_BIGRAM_MARGIN 0.69
/* What the characters of a run read one byte later must beat those of the
 * run by on average (nats). */
#define SHIFT_MARGIN 1.0
/* How many chars after lost GBK bytes a "??" is taken for a lost char. */
#define NEAR_LOST 8
/* A whole lost character is guessed among the commonest this many of the
 * Han characters at least ZC_COMMON_HAN_LOGP common (some 950, listed by
 * zc_charmodel_common_han commonest first): each candidate costs two
 * bigram look-ups per lost character, and with all 950 damaged text ran
 * 10% slower. No rate without residue moved (tests/demojibake-quality.py,
 * check_mojibake); exact fills of check_mojibake's shifted GBK went from
 * 6.7% to 5.9% (3 of 405), as a rarer character seldom wins by FILL_CLEAR. */
#define LOST_CANDIDATES_MAX 300
/* What a shifted repair must win by over reading its '?' as question
 * marks (nats). */
#define MARKS_GAIN 6.0
/* A fill is the best of a hundred characters or so: what choosing it by
 * the model is worth without any evidence (nats). */
#define FILL_COST 5.0

/* ---- shifted GBK -------------------------------------------------------- */

/* Full-width punctuation (、。“”《》，：): what GBK's symbol rows hold
 * besides the Han rows. */
static int
is_wide_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x2010 && cp <= 0x2027) ||
	       (cp >= 0xFF01 && cp <= 0xFF5E);
}

/* GBK bytes out of step, one of them lost (0): the Han character or
 * full-width punctuation with bytes lead and trail that fits best between
 * prev and next (0: none). */
static uint32_t
best_half_fill(const zc_charmodel *m, unsigned lead, unsigned trail,
               uint32_t prev, uint32_t next)
{
	unsigned x;
	uint32_t cp, best = 0;
	double score, best_score = -1e9;

	for (x = lead ? 0x40 : 0x81; x <= 0xFE; x++) {
		cp = lead ? zc_charmodel_decode2(m, ZC_CP_GBK, lead, x)
		          : zc_charmodel_decode2(m, ZC_CP_GBK, x, trail);
		if (cp == 0 || !(zc_is_han(cp) || is_wide_punct(cp)))
			continue;
		score = (prev ? zc_charmodel_char_logp(m, prev, cp) : zc_charmodel_unigram(m, cp)) +
		        (next ? zc_charmodel_char_logp(m, cp, next) : 0);
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/* The GBK characters with trail byte `trail` (lead 0) or lead byte `lead`
 * (trail 0) that a half fill may make, into out[]; how many. */
static size_t
half_fills(const zc_charmodel *m, unsigned lead, unsigned trail, uint32_t *out)
{
	unsigned x;
	uint32_t cp;
	size_t n = 0;

	for (x = lead ? 0x40 : 0x81; x <= 0xFE; x++) {
		cp = lead ? zc_charmodel_decode2(m, ZC_CP_GBK, lead, x)
		          : zc_charmodel_decode2(m, ZC_CP_GBK, x, trail);
		if (cp != 0 && (zc_is_han(cp) || is_wide_punct(cp)) &&
		    zc_charmodel_unigram(m, cp) >= LOGP_FILL_RARE)
			out[n++] = cp;
	}
	return n;
}

/* A candidate of best_pair_fill with what it scores on its own side, and
 * at most with the pair between. */
struct scored_fill {
	uint32_t cp;
	double score, bound;
};

/* Sort f[0..n) by bound, the highest first (Shell's sort with Ciura's
 * gaps: qsort's calls through a pointer cost more than the fills). */
static void
sort_by_bound(struct scored_fill *f, size_t n)
{
	static const size_t gaps[] = {132, 57, 23, 10, 4, 1};
	struct scored_fill t;
	size_t g, i, k;

	for (g = 0; g < sizeof gaps / sizeof *gaps; g++)
		for (i = gaps[g]; i < n; i++) {
			t = f[i];
			for (k = i; k >= gaps[g] && f[k - gaps[g]].bound < t.bound; k -= gaps[g])
				f[k] = f[k - gaps[g]];
			f[k] = t;
		}
}

/* The fills of one half, each scored against its outer neighbour (after
 * prev for a first character, before next for a second one), the best
 * bound first; how many. */
static size_t
scored_half_fills(const zc_charmodel *m, unsigned lead, unsigned trail, uint32_t prev,
                  uint32_t next, struct scored_fill *out)
{
	uint32_t cps[0xFE - 0x40 + 1];
	size_t n = half_fills(m, lead, trail, cps), k;

	for (k = 0; k < n; k++) {
		out[k].cp = cps[k];
		if (lead) {   /* a second character: the pair comes into it */
			out[k].score = next ? zc_charmodel_char_logp(m, cps[k], next) : 0;
			out[k].bound = out[k].score + zc_charmodel_logp_bound(m, cps[k]);
		} else {
			out[k].score = prev ? zc_charmodel_char_logp(m, prev, cps[k])
			                    : zc_charmodel_unigram(m, cps[k]);
			out[k].bound = out[k].score;
		}
	}
	sort_by_bound(out, n);
	return n;
}

/* Both halves of a shifted run that read nothing whole (强调 as ?康?: the
 * lead of the first character and the trail of the second were lost),
 * chosen together between prev and next, into *first and *second; 0 if
 * none scores above floor. Chosen one at a time, the first has no
 * neighbour to go by. The search stops where the two sides and the most
 * the pair between could add (zc_charmodel_logp_bound) cannot beat the
 * best. */
static int
best_pair_fill(const zc_charmodel *m, unsigned trail0, unsigned lead, uint32_t prev,
               uint32_t next, double floor, uint32_t *first, uint32_t *second)
{
	struct scored_fill xs[0xFE - 0x40 + 1], ys[0xFE - 0x40 + 1];
	size_t nx = scored_half_fills(m, 0, trail0, prev, 0, xs);
	size_t ny = scored_half_fills(m, lead, 0, 0, next, ys), a, b;
	double score, best = floor;

	*first = *second = 0;
	for (a = 0; a < nx && ny > 0 && xs[a].score + ys[0].bound > best; a++)
		for (b = 0; b < ny && xs[a].score + ys[b].bound > best; b++) {
			score = xs[a].score + ys[b].score +
			        zc_charmodel_char_logp(m, xs[a].cp, ys[b].cp);
			if (score > best) {
				best = score;
				*first = xs[a].cp;
				*second = ys[b].cp;
			}
		}
	return *first != 0;
}

static uint32_t
first_of(const zc_buf *b)
{
	uint32_t cp;

	zc_utf8_decode(b->data, b->len, &cp);
	return cp;
}

/* The GBK bytes of char k (lead << 8 | trail), 0 if it has none. */
static unsigned
gbk_code(const struct line_ctx *c, size_t k)
{
	uint32_t cp = c->chars[k].cp;

	if (cp < 0x80 || cp == ZC_INVALID)
		return 0;
	return zc_charmodel_encode2(c->m, ZC_CP_GBK, cp);
}

/* The Han character that best fills a whole lost character between prev
 * and next (0: none on that side). With mark_unclear, LOST_CHAR_MARK unless
 * the best makes a bigram with a Han neighbour and beats every other
 * candidate by FILL_CLEAR (below that, the model's guesses were mostly
 * wrong on generated damage); without, the best with a bigram on both sides
 * when both are Han and there is one, else the best (the guess the shifted
 * repair of "??" before a run has always made). One pass over the common
 * Han; a candidate whose left side alone is no better than the second best
 * (and the best with bigrams) cannot win (log-probabilities are <= 0). */
static uint32_t
best_lost_char(const struct line_ctx *c, uint32_t prev, uint32_t next, int mark_unclear)
{
	const zc_charmodel *m = c->m;
	uint32_t cp, best = 0, best_both = 0;
	double left, right, score, top = -1e9, second = -1e9, both = -1e9;
	double next_uni = unigram(c, next);
	int prev_han = zc_is_han(prev), next_han = zc_is_han(next);
	int han = prev_han && next_han, bigram = 0, has_left, has_right;
	const uint32_t *common;
	size_t k, n = zc_charmodel_common_han(m, &common);

	if (n > LOST_CANDIDATES_MAX)
		n = LOST_CANDIDATES_MAX;

	/* (A fill is never a character damage makes: the list leaves those
	 * out.) */
	for (k = 0; k < n; k++) {
		cp = common[k];
		left = zc_charmodel_char_logp(m, prev, cp);
		if (left <= second && (!han || left <= both))
			continue;
		right = next ? zc_charmodel_char_logp(m, cp, next) : 0;
		score = left + right;
		has_left = prev_han && left > unigram(c, cp) - NO_BIGRAM_MARGIN;
		has_right = next_han && right > next_uni - NO_BIGRAM_MARGIN;
		if (han && score > both && has_left && has_right) {
			both = score;
			best_both = cp;
		}
		if (score > top) {
			second = top;
			top = score;
			best = cp;
			bigram = has_left || has_right;
		} else if (score > second) {
			second = score;
		}
	}
	if (!mark_unclear)
		return best_both ? best_both : best;
	return best != 0 && bigram && top - second >= FILL_CLEAR ? best : LOST_CHAR_MARK;
}

/* A run of chars read one byte later (see read_shifted). */
struct shifted_run {
	size_t end;        /* the char after the run */
	unsigned trail0;   /* the trail of the first character (lead lost) */
	unsigned lead;     /* the lead of the last one, trail lost; 0: none */
	size_t nwide;      /* double-byte chars in the run */
};

/*
 * Read the chars from i one byte later, i.e. from the trail byte of a
 * first character whose lead was lost, into c->best (that first character
 * left out). Shifted reading falls back into step by itself at an ASCII
 * byte: a trail byte from 0x40 read as a letter, or the second byte of a
 * char that is an ASCII character in step; a '?' is the lost trail of the
 * last character. Returns 0 when the run does not read so.
 */
static int
read_shifted(struct line_ctx *c, size_t i, struct shifted_run *r)
{
	unsigned code, lead = 0;
	uint32_t cp;
	size_t k;

	c->best.len = 0;
	r->trail0 = r->lead = 0;
	r->nwide = 0;
	for (k = i; k < c->n; k++) {
		cp = c->chars[k].cp;
		if ((code = gbk_code(c, k)) != 0) {
			r->nwide++;
			if (k == i)
				r->trail0 = code >> 8;
			else if ((cp = zc_charmodel_decode2(c->m, ZC_CP_GBK, lead, code >> 8)) == 0 ||
			         put_cp(&c->best, cp) < 0)
				return 0;
			lead = code & 0xFF;
			if (lead < 0x80) {   /* an ASCII character: in step again */
				r->end = k + 1;
				return put_cp(&c->best, lead) == 0;
			}
			if (lead == 0x80 || lead == 0xFF)
				return 0;   /* no lead byte */
			continue;
		}
		if (k == i)
			return 0;
		r->end = k + 1;
		if (cp == '?') {
			r->lead = lead;
			return 1;
		}
		if (cp < 0x40 || cp > 0x7E ||
		    (cp = zc_charmodel_decode2(c->m, ZC_CP_GBK, lead, cp)) == 0)
			return 0;
		return put_cp(&c->best, cp) == 0;
	}
	return 0;
}

/* Whether the characters read whole out of the run (the fills are
 * guesses and the '?' they replace cost much: no evidence) are better text
 * than the run itself: clean text between question marks (你?我很?) is
 * not, bytes read out of step are rare characters and symbols. */
static int
reads_better(const struct line_ctx *c, size_t i, const struct shifted_run *r)
{
	size_t nread, k;
	double read, orig = 0;

	read = zc_charmodel_score_between(c->m, 0, c->best.data, c->best.len, 0, &nread);
	if (nread == 0)   /* ?Ш?: nothing read whole, a symbol between */
		return count_suspicious(c, i, i + r->nwide) == r->nwide;
	for (k = i; k < i + r->nwide; k++)
		orig += zc_charmodel_char_logp(c->m, k > i ? c->chars[k - 1].cp : 0,
		                               c->chars[k].cp);
	return read / (double)nread > orig / (double)r->nwide + SHIFT_MARGIN;
}

/* Whether a lone "??" follows within NEAR_LOST chars from j, with no
 * other '?' before it: where a shifted reading fell back into step, the
 * next lost character (see mj_repair_lost_pair). */
static int
pair_follows(const struct line_ctx *c, size_t j)
{
	size_t k;

	for (k = j; k < j + NEAR_LOST && k + 1 < c->n; k++)
		if (c->chars[k].cp == '?')
			return c->chars[k + 1].cp == '?' && char_at(c, k + 2) != '?';
	return 0;
}

/* The score of chars [i, j) in context with each '?' read as a genuine
 * question mark (full-width, as Chinese text writes it): the rival of a
 * repair that fills them. */
static double
score_as_marks(struct line_ctx *c, size_t i, size_t j)
{
	size_t k;
	uint32_t prev = char_before(c, i), cp;
	double sum = 0;

	for (k = i; k < j; k++) {
		cp = c->chars[k].cp == '?' ? 0xFF1F : c->chars[k].cp;
		sum += zc_charmodel_char_logp(c->m, prev, cp);
		prev = cp;
	}
	return sum + (j < c->n ? zc_charmodel_char_logp(c->m, prev, c->chars[j].cp) : 0);
}

static int lost_pair_near(const struct line_ctx *c, size_t i, size_t j, int weak);

/* Whether the shifted run r at i, repaired into c->cand, wins over its
 * '?' read as question marks by marks_gain (nats). Question marks around
 * clean text are not around kana or a run of rare characters, nor followed
 * by a lost character; where the run reads better than itself, or a lost
 * character stands near (other GBK bytes were lost), a smaller margin will
 * do, and one between for a "??" after Han only (see pair_after_han). */
static int
shifted_wins(const struct line_ctx *c, size_t i, const struct shifted_run *r,
             double marks_gain)
{
	int better = reads_better(c, i, r);

	if (better && count_suspicious(c, i, i + r->nwide) == r->nwide &&
	    (r->nwide >= 3 || zc_charmodel_suspicion(c->m, c->chars[i].cp) == 2))
		return 1;
	if (better && pair_follows(c, r->end))
		return 1;
	if (marks_gain >= MARKS_GAIN + FILL_COST)
		return 1;
	if (marks_gain >= MARKS_GAIN && (i < c->lost_near || lost_pair_near(c, i, r->end, 0)))
		return 1;
	return marks_gain >= MARKS_GAIN + FILL_COST / 2 && lost_pair_near(c, i, r->end, 1);
}

/*
 * GBK decoded one byte out of step: "?" + run where the run, encoded again
 * and read one byte later, is plausible. The '?' before stands for the lost
 * lead of the first character; the run ends where the reading falls back
 * into step (see read_shifted), at a '?' for the lost trail of the last
 * one. Returns the index to continue from, i, or a negative code.
 */
long
mj_repair_shifted(struct line_ctx *c, size_t i)
{
	struct shifted_run r;
	size_t n, j, start;
	uint32_t cp, prev, first;
	double orig, gain;

	/* (A line of 古文码 has its '?' from that.) */
	if (i == 0 || i - 1 < c->free_from || char_before(c, i) != '?' ||
	    (c->seen & 1u) || !read_shifted(c, i, &r))
		return (long)i;
	j = r.end;
	prev = i >= 2 ? char_before(c, i - 1) : 0;
	first = c->best.len > 0 ? first_of(&c->best) : 0;
	c->cand.len = 0;
	orig = score_original(c, i - 1, j);
	if (c->best.len == 0 && r.lead != 0) {
		uint32_t second;
		double floor = orig + GAIN_BASE + 2 * GAIN_PER_CHAR;

		/* No pair below what the gain check and shifted_wins want
		 * (unless its run wins without the question marks' rival). */
		if (!(reads_better(c, i, &r) &&
		      (zc_charmodel_suspicion(c->m, c->chars[i].cp) == 2 || pair_follows(c, r.end))) &&
		    score_as_marks(c, i - 1, j) + MARKS_GAIN > floor)
			floor = score_as_marks(c, i - 1, j) + MARKS_GAIN;
		if (!best_pair_fill(c->m, r.trail0, r.lead, prev, char_at(c, j), floor - 1e-9,
		                    &cp, &second) ||
		    put_cp(&c->cand, cp) < 0 || put_cp(&c->cand, second) < 0)
			return (long)i;
	} else {
		cp = best_half_fill(c->m, 0, r.trail0, prev, first);
		if (cp == 0 || put_cp(&c->cand, cp) < 0 ||
		    zc_buf_append(&c->cand, c->best.data, c->best.len) < 0)
			return (long)i;
		if (r.lead != 0 &&
		    ((cp = best_half_fill(c->m, r.lead, 0, last_of(&c->cand), char_at(c, j))) == 0 ||
		     put_cp(&c->cand, cp) < 0))
			return (long)i;
	}
	gain = zc_charmodel_score_between(c->m, char_before(c, i - 1), c->cand.data,
	                                  c->cand.len, char_at(c, j), &n) - orig;
	if (gain < GAIN_BASE + GAIN_PER_CHAR * (double)n ||
	    !shifted_wins(c, i, &r, gain + orig - score_as_marks(c, i - 1, j)))
		return (long)i;
	start = i - 1;
	/* "??": the character before went whole; fill it from context (the
	 * model's guess, as before: the marker would change the expected
	 * outputs of seed pages). */
	if (i >= 2 && i - 2 >= c->free_from && char_before(c, i - 1) == '?' &&
	    (cp = best_lost_char(c, i >= 3 ? char_before(c, i - 2) : 0,
	                         first_of(&c->cand), 0)) != 0) {
		c->best.len = 0;
		if (put_cp(&c->best, cp) < 0 ||
		    zc_buf_append(&c->best, c->cand.data, c->cand.len) < 0)
			return ZC_ENOMEM;
		start = i - 2;
		if (mj_emit_repair(c, start, j, c->best.data, c->best.len, "shifted-gbk") < 0)
			return ZC_ENOMEM;
	} else if (mj_emit_repair(c, start, j, c->cand.data, c->cand.len, "shifted-gbk") < 0) {
		return ZC_ENOMEM;
	}
	c->lost_near = j + NEAR_LOST;
	return (long)j;
}

/* ---- single lost characters -------------------------------------------- */

/* The GBK character with this trail byte that fits best between prev and
 * next, both Han, with a bigram on one side at least; 0 if none. */
static uint32_t
best_lead_between(const zc_charmodel *m, unsigned trail, uint32_t prev, uint32_t next)
{
	uint32_t cp, best = 0;
	double score, best_score = -1e9;
	unsigned lead;

	for (lead = 0x81; lead <= 0xFE; lead++) {
		if ((cp = zc_charmodel_decode2(m, ZC_CP_GBK, lead, trail)) == 0 ||
		    !zc_is_han(cp) ||
		    (zc_charmodel_char_logp(m, prev, cp) <= zc_charmodel_unigram(m, cp) - NO_BIGRAM_MARGIN &&
		     zc_charmodel_char_logp(m, cp, next) <= zc_charmodel_unigram(m, next) - NO_BIGRAM_MARGIN))
			continue;
		score = zc_charmodel_char_logp(m, prev, cp) + zc_charmodel_char_logp(m, cp, next);
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/*
 * One GBK character lost between two Han characters as "?X": the lead
 * replaced, the trail read as the ASCII X (出版?S可證: 許 is D4 53). Filled
 * when a character with that trail makes a bigram with a neighbour;
 * otherwise left for the '?' rules of the filter. Returns the index to go
 * on from, i, or a negative code.
 */
long
mj_repair_lost_char(struct line_ctx *c, size_t i)
{
	uint32_t prev = char_before(c, i), x = char_at(c, i + 1), next = char_at(c, i + 2), cp;
	char enc[4];
	size_t n;

	/* ("??" between Han is also a doubled question mark: 什么??好吧.) */
	if (c->chars[i].cp != '?' || i < c->free_from || x < 0x40 || x > 0x7E || x == '?')
		return (long)i;
	if (zc_is_han(prev) && zc_is_han(next))
		cp = best_lead_between(c->m, x, prev, next);
	else
		cp = 0;
	/* A lost "??" just after confirms it (?l??: 衛生), with Han on one
	 * side at least. */
	if (cp == 0 && (zc_is_han(prev) || zc_is_han(next)) && pair_follows(c, i + 2))
		cp = best_half_fill(c->m, 0, x, zc_is_han(prev) ? prev : 0,
		                    zc_is_han(next) ? next : 0);
	if (cp == 0 || (n = zc_utf8_encode(cp, enc)) == 0)
		return (long)i;
	if (mj_emit_repair(c, i, i + 2, enc, n, "lost-gbk-char") < 0)
		return ZC_ENOMEM;
	c->lost_near = i + 2 + NEAR_LOST;
	return (long)(i + 2);
}

static int
in_list(uint32_t cp, const uint32_t *list, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (cp == list[k])
			return 1;
	return 0;
}

/* Whether the question marks after char k may be genuine: k is a particle
 * that ends a question or an exclamation (真的吗??), a question word stands
 * among the last three characters (怎么办???), or the clause asks A-not-A
 * (是不是??). */
static int
ends_question(const struct line_ctx *c, size_t k)
{
	static const uint32_t particles[] = {
		0x5417, 0x55CE, 0x5462, 0x5427, 0x4E48, 0x9EBC, 0x561B, 0x554A,   /* 吗嗎呢吧么麼嘛啊 */
		0x5440, 0x54E6, 0x5566, 0x4E86, 0x54C8, 0x5457, 0x54C7,           /* 呀哦啦了哈呗哇 */
	};
	static const uint32_t askers[] = {
		0x8C01, 0x8AB0, 0x54EA, 0x5565, 0x4F55, 0x6837, 0x6A23, 0x600E,   /* 谁誰哪啥何样樣怎 */
		0x548B, 0x4EC0, 0x51E0, 0x5E7E,                                   /* 咋什几幾 */
	};
	uint32_t cp = c->chars[k].cp, mid = k >= 1 ? c->chars[k - 1].cp : 0;
	size_t back;

	if (in_list(cp, particles, sizeof particles / sizeof *particles))
		return 1;
	for (back = 0; back < 3 && back <= k && zc_is_han(c->chars[k - back].cp); back++)
		if (in_list(c->chars[k - back].cp, askers, sizeof askers / sizeof *askers))
			return 1;
	return k >= 2 && c->chars[k - 2].cp == cp &&
	       (mid == 0x4E0D || mid == 0x6CA1 || mid == 0x6C92);   /* 不没沒 */
}

/* The length of the run of '?' at k, 2 to 4, standing alone (no '?' just
 * before), or 0. */
static size_t
lost_run_at(const struct line_ctx *c, size_t k)
{
	size_t n = 0;

	if (k > c->free_from && c->chars[k - 1].cp == '?')
		return 0;   /* (a '?' before it may be one a repair took) */
	while (n < 5 && char_at(c, k + n) == '?')
		n++;
	return n >= 2 && n <= 4 ? n : 0;
}

/* 、 and ，: a clause goes on after them, a question has not ended. */
static int
is_clause_comma(uint32_t cp)
{
	return cp == 0x3001 || cp == 0xFF0C;
}

/* Whether a run of '?' at k is evidence of GBK bytes lost on the line: it
 * stands between two Han characters, the first ending no question, or
 * between one and a 、 or ，. Text doubles a question mark after a
 * question; lost bytes leave them anywhere ("??" a character, "???" one
 * and an ASCII byte, "????" two). */
static int
lost_pair_evidence(const struct line_ctx *c, size_t k)
{
	size_t n = lost_run_at(c, k);
	uint32_t prev = k > 0 ? c->chars[k - 1].cp : 0, next = char_at(c, k + n);

	if (n == 0 || !(zc_is_han(prev) || is_clause_comma(prev)) ||
	    !(zc_is_han(next) || is_clause_comma(next)))
		return 0;
	if (zc_is_han(prev))
		return !ends_question(c, k - 1);
	return zc_is_han(next);
}

/* Weaker evidence: a lone "??" after a Han character that ends no
 * question, whatever follows (支??。). */
static int
pair_after_han(const struct line_ctx *c, size_t k)
{
	return k > 0 && lost_run_at(c, k) == 2 && zc_is_han(c->chars[k - 1].cp) &&
	       !ends_question(c, k - 1);
}

/* Whether such evidence stands within NEAR_LOST chars of [i, j) (with
 * weak, the weaker counts after j). */
static int
lost_pair_near(const struct line_ctx *c, size_t i, size_t j, int weak)
{
	size_t k = i > NEAR_LOST ? i - NEAR_LOST : 0;

	for (; k < j + NEAR_LOST && k < c->n; k++)
		if (lost_pair_evidence(c, k) || (weak && k >= j && pair_after_han(c, k)))
			return 1;
	return 0;
}

/* What a run of '?' (see lost_run_at) between prev and next stood for,
 * into c->cand: "??" a character, "????" two, "???" a character and the
 * ASCII byte of a clause break, in the order the model is clear about (the
 * break first if it is clear about neither). */
static int
fill_lost_run(struct line_ctx *c, size_t run, uint32_t prev, uint32_t next)
{
	uint32_t first, second;

	c->cand.len = 0;
	if (run == 2)
		return put_cp(&c->cand, best_lost_char(c, prev, next, 1));
	if (run == 4) {
		first = best_lost_char(c, prev, 0, 1);
		second = best_lost_char(c, first == LOST_CHAR_MARK ? 0 : first, next, 1);
		return put_cp(&c->cand, first) < 0 ? -1 : put_cp(&c->cand, second);
	}
	first = best_lost_char(c, prev, 0, 1);
	second = best_lost_char(c, 0, next, 1);
	if (first != LOST_CHAR_MARK && second == LOST_CHAR_MARK)
		return put_cp(&c->cand, first) < 0 ? -1 : put_cp(&c->cand, ',');
	return put_cp(&c->cand, ',') < 0 ? -1 : put_cp(&c->cand, second);
}

/*
 * "??" where GBK lost both bytes of a character (新聞?l道 ??德: 頻 lost its
 * lead, 寧 went whole): a little after other GBK bytes were lost, or
 * between Han characters (see lost_pair_evidence), or near such a pair;
 * "???" and "????" only as such evidence (see fill_lost_run). Elsewhere
 * they are as likely doubled question marks. Filled from context when the
 * model is clear, else marked (best_lost_char). Returns the index
 * to go on from, i, or a negative code.
 */
long
mj_repair_lost_pair(struct line_ctx *c, size_t i)
{
	uint32_t prev;
	size_t run = i >= c->free_from ? lost_run_at(c, i) : 0;
	long at;

	if (run == 0 || (run == 2 ? i >= c->lost_near && !lost_pair_near(c, i, i + 2, 0)
	                          : !lost_pair_evidence(c, i)))
		return (long)i;
	/* The last '?' may be the lost lead of a shifted run after. */
	if (run == 2 && (at = mj_repair_shifted(c, i + 2)) != (long)(i + 2))
		return at;
	/* The character before may be one repaired. */
	prev = i > 0 && i == c->free_from && c->out->len > 0 ? last_of(c->out)
	                                                      : char_before(c, i);
	if (fill_lost_run(c, run, prev, char_at(c, i + run)) < 0)
		return ZC_ENOMEM;
	if (mj_emit_repair(c, i, i + run, c->cand.data, c->cand.len, "lost-gbk-char") < 0)
		return ZC_ENOMEM;
	if (c->lost_near < i + run + NEAR_LOST)
		c->lost_near = i + run + NEAR_LOST;
	return (long)(i + run);
}

/* A closing quote or bracket: a clause break may follow. */
static int
is_closing(uint32_t cp)
{
	return cp == 0x201D || cp == 0x300D || cp == 0x300F || cp == 0x300B || cp == 0xFF09;
}

/*
 * A lone '?' between Han characters (or after a closing quote) in a clause
 * where GBK bytes were lost (after a repair, or near a lost "??"): one
 * byte lost, so an ASCII one, and where the two characters make no word
 * across it, a clause break (落實?勇于: the comma). Elsewhere, or inside a
 * word, it is left alone.
 * Returns the index to go on from, i, or a negative code.
 */
long
mj_repair_lost_break(struct line_ctx *c, size_t i)
{
	uint32_t prev, next = char_at(c, i + 1);
	int repaired = i > 0 && i == c->free_from && c->out->len > 0;
	long at;

	if (i == 0 || i < c->free_from || !zc_is_han(next) ||
	    (!repaired && char_before(c, i) == '?') ||
	    (i >= c->lost_near && !lost_pair_near(c, i, i + 1, 0)))
		return (long)i;
	/* The '?' may be the lost lead of a shifted run. */
	if ((at = mj_repair_shifted(c, i + 1)) != (long)(i + 1))
		return at;
	prev = repaired ? last_of(c->out) : char_before(c, i);
	/* (After a closing quote, 松”?就是, there is no word to ask about.) */
	if (!is_closing(prev) &&
	    (!zc_is_han(prev) || (!repaired && ends_question(c, i - 1)) ||
	     zc_charmodel_char_logp(c->m, prev, next) > unigram(c, next) - NO_BIGRAM_MARGIN))
		return (long)i;
	if (mj_emit_repair(c, i, i + 1, ",", 1, "lost-gbk-char") < 0)
		return ZC_ENOMEM;
	return (long)(i + 1);
}
