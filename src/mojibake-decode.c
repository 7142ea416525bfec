/*
 * mojibake-decode.c - the bytes a wrong decoder read, and what they were.
 *
 * Every hypothesis starts the same way: the characters from some start
 * are turned back into the bytes the wrong decoder read (an image, built
 * once per start and code page and shared by the hypotheses), and the
 * image is decoded as what it really was: UTF-8 (with bytes a codec lost
 * completed), GBK or Big5 pairs, or GBK read as Windows-1252 that dropped
 * bytes, where a Viterbi search over the readings with each dropped byte
 * put back finds where they went. Judging the result is left to
 * mojibake-hypotheses.c.
 */
#include <string.h>

#include "internal.h"
#include "mojibake-line.h"

/* How much a bigram can lift a character over its unigram (nats): candidates
 * worse than the best by more than twice this cannot win. */
#define BIGRAM_SPAN 12.0
/* What putting back a byte Windows-1252 dropped costs a GBK reading
 * (nats): a reading out of step loses more than this a character. */
#define LOST_BYTE_COST 6.0

/* A reading of an image up to one byte (see read_dropped). */
#define DROPPED_STATES 4   /* readings kept a byte */
struct dropped_step {
	double score;   /* log-probability, less LOST_BYTE_COST a byte put back */
	uint32_t cp;    /* the character of the step that ends here */
	uint32_t from;  /* the reading it extends (index into the steps; a
	                 * window holds fewer than 2^30 chars) */
	unsigned char kept;   /* 0: two bytes; 1: a lead, its trail lost;
	                       * 2: a trail, its lead lost; 3: a letter */
};

/* Characters filled one after the other that a UTF-8 reading goes on
 * over, at most (see mj_decode_utf8). */
#define MAX_FILLED_RUN 4

/* ---- byte images -------------------------------------------------------- */

/* The bytes char k was decoded from under image kind; 0 if none. A '?'
 * stands for bytes the codec lost, and so does a U+FFFD (in a Windows-1252
 * image, one of the five bytes it leaves undefined). */
static size_t
char_image(const struct line_ctx *c, enum image_kind kind, size_t k,
           unsigned *bytes)
{
	uint32_t cp = c->chars[k].cp;
	unsigned code;
	int b;

	/* (Windows-1252 decoders with errors="replace" write U+FFFD for the
	 * five bytes it leaves undefined: 博, E5 8D 9A, as å�š) */
	if ((cp == '?' && kind != IMAGE_CP1252) || cp == 0xFFFD) {
		bytes[0] = LOST;
		return 1;
	}
	if (cp < 0x80 || cp == ZC_INVALID)
		return 0;
	if (kind == IMAGE_CP1252) {
		if ((b = zc_charmodel_cp1252_byte(c->m, cp)) < 0)
			return 0;
		bytes[0] = (unsigned)b;
		return 1;
	}
	if (cp == 0x20AC && kind == IMAGE_GBK) {   /* CP936's one-byte euro */
		bytes[0] = 0x80;
		return 1;
	}
	code = zc_charmodel_encode2(c->m, kind == IMAGE_GBK ? ZC_CP_GBK : ZC_CP_CP950, cp);
	if (code == 0)
		return 0;
	bytes[0] = code >> 8;
	bytes[1] = code & 0xFF;
	return 2;
}

/* Whether char k is an ASCII mark (punctuation or a space; not '?', which
 * is a lost byte) that a swap may read across (see MARK): between a
 * character of image kind and another, one of them Han (not between two
 * Cyrillic words, which GBK has too) and one unlikely (reading on across
 * every comma of clean text costs damaged lines a twentieth of their
 * speed, for no repair). */
static int
mark_between(const struct line_ctx *c, enum image_kind kind, size_t k)
{
	uint32_t cp = c->chars[k].cp;
	unsigned bytes[2];

	return is_ascii_mark(cp) && cp != 0x7F && cp != '?' && k > 0 && k + 1 < c->n &&
	       (zc_is_han(c->chars[k - 1].cp) || zc_is_han(c->chars[k + 1].cp)) &&
	       (c->chars[k - 1].unlikely || c->chars[k + 1].unlikely) &&
	       char_image(c, kind, k + 1, bytes) == 2;
}

/* Fill c->image with the bytes of chars i.. until one has none (an ASCII
 * mark between two that have is a MARK entry: see mark_between); returns
 * the image length. */
size_t
mj_build_image(struct line_ctx *c, enum image_kind kind, size_t i)
{
	struct image_cache *ic = &c->cache[kind];
	unsigned bytes[2];
	size_t n = 0, k, b, got, pos;

	if (!ic->valid || i < ic->first || i > ic->last || ic->char_pos[i] == NO_POS) {
		for (k = ic->valid ? ic->first : 0; ic->valid && k <= ic->last; k++)
			ic->char_pos[k] = NO_POS;
		for (k = i; k < c->n && n < MAX_IMAGE; k++) {
			got = char_image(c, kind, k, bytes);
			/* A trail byte may be ASCII: after a lost lead, or
			 * after a lead byte of GBK read as 1252 (in step or
			 * not: 1252 may have dropped a byte before). */
			if (got == 0 && n > 0 && c->chars[k].cp >= 0x40 &&
			    c->chars[k].cp <= 0x7E && (ic->image[n - 1] == LOST ||
			    (kind == IMAGE_CP1252 && ic->image[n - 1] >= 0x81))) {
				bytes[0] = c->chars[k].cp;
				got = 1;
			}
			if (got == 0 && kind != IMAGE_CP1252 && n > 0 &&
			    ic->image[n - 1] < MARK && mark_between(c, kind, k)) {
				bytes[0] = MARK | c->chars[k].cp;
				got = 1;
			}
			if (got == 0)
				break;
			ic->char_pos[k] = n;
			for (b = 0; b < got; b++) {
				ic->image[n] = bytes[b];
				ic->image_char[n++] = k;
			}
		}
		ic->len = n;
		ic->first = i;
		ic->last = k > i ? k - 1 : i;
		ic->valid = n > 0;
		if (n == 0) {
			c->image = ic->image;
			c->image_char = ic->image_char;
			return 0;
		}
	}
	pos = ic->char_pos[i];
	c->image = ic->image + pos;
	c->image_char = ic->image_char + pos;
	return ic->len - pos;
}

/* ---- decoding an image -------------------------------------------------- */

/* A place where a decoding ends on a boundary between source characters:
 * cand[0..len) replaces chars [start, end). */
static void
add_boundary(struct line_ctx *c, size_t len, size_t end)
{
	if (c->nbound < c->n + 1) {
		c->bound_len[c->nbound] = len;
		c->bound_end[c->nbound++] = end;
	}
}

/* The best fill so far of a UTF-8 sequence (see complete_utf8). */
struct fill_choice {
	uint32_t cp;
	double score;
};

/* Weigh cp as the fill between prev and next. A rare character, or one far
 * from the best so far even before context, is not worth scoring. */
static void
weigh_fill(const struct line_ctx *c, uint32_t cp, uint32_t prev, uint32_t next,
           struct fill_choice *best)
{
	double uni = unigram(c, cp), score;

	if (uni < LOGP_FILL_RARE || uni < best->score - 2 * BIGRAM_SPAN)
		return;
	score = fill_score(c, prev, cp, next);
	if (score > best->score) {
		best->score = score;
		best->cp = cp;
	}
}

/* The best character a three-byte lead begins whose two continuation bytes
 * were lost: its 4,096 code points without assembling bytes (in the order
 * complete_utf8 tries them, the second byte the faster). */
static uint32_t
complete_lead(const struct line_ctx *c, unsigned char lead, uint32_t prev, uint32_t next)
{
	struct fill_choice best = {0, -1e9};
	uint32_t base = (uint32_t)(lead & 0x0F) << 12, cp, x;

	for (x = 0; x < 4096; x++) {
		cp = base | (x & 63) << 6 | x >> 6;
		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF))
			weigh_fill(c, cp, prev, next, &best);
	}
	return best.cp;
}

/* The best completion of the known bytes seq[0..have) of a UTF-8 sequence
 * to need bytes, by the model after prev: the missing bytes are drawn from
 * fill (nfill values) and inserted together at some place from pos_lo to
 * pos_hi (0: the lead itself was lost). Returns the code point or 0. */
static uint32_t
complete_utf8(const struct line_ctx *c, const unsigned char *seq, size_t have,
              size_t need, const unsigned *fill, size_t nfill, size_t pos_lo,
              size_t pos_hi, uint32_t prev, uint32_t next)
{
	unsigned char s[4];
	size_t missing = need - have, combos = 1, x, k, pos, r, len;
	uint32_t cp;
	struct fill_choice best = {0, -1e9};

	if (need == 3 && have == 1 && pos_lo == 1 && nfill == 64 && (seq[0] & 0xF0) == 0xE0)
		return complete_lead(c, seq[0], prev, next);   /* (the slow case) */
	for (k = 0; k < missing; k++)
		combos *= nfill;
	for (pos = pos_lo; pos <= pos_hi && pos <= have; pos++) {
		/* the known bytes around the fill, once for every fill */
		memcpy(s, seq, pos);
		memcpy(s + pos + missing, seq + pos, have - pos);
		for (x = 0; x < combos; x++) {
			for (k = 0, r = x; k < missing; k++, r /= nfill)
				s[pos + k] = (unsigned char)fill[r % nfill];
			if (need == 3 && (s[0] & 0xF0) == 0xE0) {
				/* The common case, without a decoder call. */
				cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
				     (s[2] & 0x3F);
				if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || cp < 0x800 ||
				    (cp >= 0xD800 && cp <= 0xDFFF))
					continue;
			} else {
				len = zc_utf8_decode((const char *)s, need, &cp);
				if (len != need || cp == ZC_INVALID)
					continue;
			}
			weigh_fill(c, cp, prev, next, &best);
		}
	}
	return best.cp;
}

static uint32_t next_char_after(const struct line_ctx *c, size_t n);

/* The character a complete UTF-8 sequence at image[p] holds, or 0: the
 * right context of a filled character; at the image's end, the char of
 * the line after it, for every fill (a piece left over between two
 * repaired ones, å« in 全县å«生, has its right context there). */
static uint32_t
peek_utf8(const struct line_ctx *c, size_t p, size_t n)
{
	unsigned char seq[4];
	size_t need, k;
	uint32_t cp;

	if (p == n)
		return next_char_after(c, n);
	if (p > n || c->image[p] == LOST)
		return 0;
	if (c->image[p] < 0x80)
		return c->image[p];
	if ((need = zc_utf8_lead_length(c->image[p])) < 2 || p + need > n)
		return 0;
	for (k = 0; k < need; k++) {
		if (c->image[p + k] == LOST)
			return 0;
		seq[k] = (unsigned char)c->image[p + k];
	}
	return zc_utf8_decode((const char *)seq, need, &cp) == need ? cp : 0;
}

/* The bytes Windows-1252 cannot decode: what 符号码 drops. */
static const unsigned cp1252_undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

/* How many continuation bytes follow image[p], up to max. */
static size_t
continuations(const struct line_ctx *c, size_t p, size_t n, size_t max)
{
	size_t f = 0;

	while (f < max && p + f < n && c->image[p + f] != LOST &&
	       (c->image[p + f] & 0xC0) == 0x80)
		f++;
	return f;
}

/* The source character after the image's last one. */
static uint32_t
next_char_after(const struct line_ctx *c, size_t n)
{
	return n > 0 ? char_at(c, c->image_char[n - 1] + 1) : 0;
}

/*
 * Decode the character at image[p] as UTF-8, filling bytes a codec lost.
 * Returns its code point (*used: image bytes it took) or 0.
 */
static uint32_t
decode_utf8_char(struct line_ctx *c, enum image_kind kind, size_t p, size_t n,
                 uint32_t prev, size_t *used, int *lossy)
{
	static const unsigned any_cont[64] = {
		0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B,
		0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
		0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2, 0xA3,
		0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF,
		0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB,
		0xBC, 0xBD, 0xBE, 0xBF};
	static const unsigned three_byte_leads[] = {0xE2, 0xE3, 0xE4, 0xE5, 0xE6,
	                                            0xE7, 0xE8, 0xE9, 0xEF};
	unsigned char seq[4];
	size_t need, have, f, k, lost;
	uint32_t cp;

	if (c->image[p] == LOST) {
		/* The lead went: CJK and punctuation leads before two
		 * continuation bytes. */
		if (kind == IMAGE_CP1252 || continuations(c, p + 1, n, 2) != 2)
			return 0;
		seq[0] = (unsigned char)c->image[p + 1];
		seq[1] = (unsigned char)c->image[p + 2];
		*used = 3;
		++*lossy;
		return complete_utf8(c, seq, 2, 3, three_byte_leads, 9, 0, 0, prev,
		                     peek_utf8(c, p + 3, n));
	}
	/* see ascii_trail; in a Windows-1252 image, a letter after a byte
	 * from 0x81 (see mj_build_image) */
	if (kind != IMAGE_CP950 && c->image[p] < 0x80) {
		*used = 1;
		return c->image[p];
	}
	if ((need = zc_utf8_lead_length(c->image[p])) < 2)
		return 0;
	seq[0] = (unsigned char)c->image[p];
	have = 1 + continuations(c, p + 1, n, need - 1);
	for (k = 1; k < have; k++)
		seq[k] = (unsigned char)c->image[p + k];
	if (have == need) {
		*used = need;
		return zc_utf8_decode((const char *)seq, need, &cp) == need ? cp : 0;
	}
	++*lossy;
	if (kind != IMAGE_CP1252 && need - have == 2 && p + have + 1 < n &&
	    c->image[p + have] == LOST && c->image[p + have + 1] == LOST &&
	    continuations(c, p + have + 2, n, 1) == 0) {
		/* "??": a '?' for each of the two bytes GBK could not pair
		 * (E9 A2 9D: A2 9D is no GBK character). */
		*used = have + 2;
		return complete_utf8(c, seq, have, need, any_cont, 64, have, have, prev,
		                     peek_utf8(c, p + *used, n));
	}
	if (p + have < n && c->image[p + have] == LOST) {
		/* '?' for one or two bytes, or in a Windows-1252 image a
		 * U+FFFD for each undefined byte (提, E6 8F 90, is æ��);
		 * continuation bytes after them are the rest of this
		 * character. */
		for (lost = 1; kind == IMAGE_CP1252 && lost < need - have &&
		     p + have + lost < n && c->image[p + have + lost] == LOST; lost++)
			;
		f = continuations(c, p + have + lost, n, need - have - lost);
		if (kind == IMAGE_CP1252 && have + lost + f != need)
			return 0;
		for (k = 0; k < f; k++)
			seq[have + k] = (unsigned char)c->image[p + have + lost + k];
		*used = have + lost + f;
		return complete_utf8(c, seq, have + f, need,
		                     kind == IMAGE_CP1252 ? cp1252_undefined : any_cont,
		                     kind == IMAGE_CP1252 ? 5 : 64, have, have, prev,
		                     peek_utf8(c, p + *used, n));
	}
	if (kind != IMAGE_CP1252 && p + have == n && have >= 2) {
		*used = have;   /* the last byte went with the line end */
		return complete_utf8(c, seq, have, need, any_cont, 64, have, have, prev,
		                     next_char_after(c, n));
	}
	if (kind == IMAGE_CP1252 && need - have <= 2) {
		*used = have;   /* Windows-1252 dropped undefined bytes */
		return complete_utf8(c, seq, have, need, cp1252_undefined, 5, 1, have, prev,
		                     peek_utf8(c, p + have, n));
	}
	return 0;
}

/* Whether cp, decoded at image[p], is an ASCII letter that GBK took as the
 * trail of a character whose lead ended a UTF-8 sequence (、T read as
 * 銆乀). */
static int
ascii_trail(const struct line_ctx *c, size_t p, uint32_t cp)
{
	return cp >= 0x40 && cp <= 0x7E && p > 0 && c->image_char[p] == c->image_char[p - 1];
}

/*
 * Decode image[0..n) as UTF-8, appending to out, and return the position
 * after the last character that ended on a boundary between source chars.
 * *lossy counts characters with filled bytes.
 */
size_t
mj_decode_utf8(struct line_ctx *c, enum image_kind kind, size_t n, zc_buf *out,
            uint32_t prev, int *lossy)
{
	size_t p = 0, good = 0, good_len = 0, used = 0;
	uint32_t cp;
	int before, filled = 0;

	while (p < n) {
		before = *lossy;
		if ((cp = decode_utf8_char(c, kind, p, n, prev, &used, lossy)) == 0)
			break;
		/* A run of characters that are all guesses is no evidence, and
		 * reading one to its end from every start took time in the
		 * square of its length (æ�� six hundred times: 8 s a line). */
		filled = *lossy > before ? filled + 1 : 0;
		if (filled > MAX_FILLED_RUN)
			break;
		/* 古文码 is Chinese UTF-8 read as GBK: its characters take
		 * three bytes; two-byte letters come from clean GBK text. */
		if (kind != IMAGE_CP1252 && cp < 0x800 && cp != 0xB7 && cp != 0xD7 &&
		    !ascii_trail(c, p, cp))
			break;
		if (put_cp(out, cp) < 0)
			break;
		p += used;
		prev = cp;
		if (p >= n || c->image_char[p] != c->image_char[p - 1]) {
			good = p < n ? p : n;
			good_len = out->len;
			add_boundary(c, out->len, c->image_char[good - 1] + 1);
		}
	}
	out->len = good_len;
	return good;
}

/* The best character of code page `page` with this trail byte, after the
 * last character of out. */
static uint32_t
best_lead(const zc_charmodel *m, enum zc_codepage page, unsigned trail,
          const zc_buf *out)
{
	const uint16_t *table = zc_charmodel_decode_table(m, page);
	uint32_t prev = last_of(out), cp, best = 0;
	double score, best_score = -1e9;
	unsigned lead;

	if (trail < 0x40 || trail > 0xFE)
		return 0;   /* no character has it (zc_charmodel_decode2) */
	for (lead = 0x81; lead <= 0xFE; lead++) {
		/* the table, not a call a lead: 126 leads a lost byte */
		if ((cp = table[(lead - 0x81) * ZC_TRAILS + trail - 0x40]) == 0)
			continue;
		score = zc_charmodel_char_logp(m, prev, cp);
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/* zc_charmodel_decode2 from its table, without a call a character. */
static uint32_t
decode_pair(const uint16_t *table, unsigned lead, unsigned trail)
{
	if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE)
		return 0;
	return table[(lead - 0x81) * ZC_TRAILS + trail - 0x40];
}

/* Decode image[0..n) as a double-byte code page; letters: ASCII letters
 * not in a trail's place are read as themselves (Windows-1252 images). */
size_t
mj_decode_double(struct line_ctx *c, enum zc_codepage page, size_t n, int letters,
              zc_buf *out)
{
	const uint16_t *table = zc_charmodel_decode_table(c->m, page);
	size_t p = 0, good = 0, good_len = 0;
	uint32_t cp;

	while (p < n) {
		if (c->image[p] >= MARK && p + 1 < n) {   /* read across it */
			if (put_cp(out, c->image[p++] & 0x7F) < 0)
				return 0;
			continue;
		}
		if (c->image[p] < 0x80 && letters) {
			/* An ASCII letter after a trail: a letter (see
			 * mj_build_image). */
			cp = c->image[p++];
			if (put_cp(out, cp) < 0)
				return 0;
			good = p;
			good_len = out->len;
			add_boundary(c, out->len, c->image_char[p - 1] + 1);
			continue;
		}
		/* (U+FFFD in a Windows-1252 image stands for a byte it left
		 * undefined, which only the UTF-8 reading puts back) */
		if (p + 1 >= n || c->image[p + 1] == LOST || (c->image[p] == LOST && letters))
			break;
		if (c->image[p] == LOST)   /* the lead was lost: fill it */
			cp = best_lead(c->m, page, c->image[p + 1], out);
		else
			cp = decode_pair(table, c->image[p], c->image[p + 1]);
		if (cp == 0)
			break;
		p += 2;
		if (put_cp(out, cp) < 0)
			return 0;
		if (p == n || c->image_char[p] != c->image_char[p - 1]) {
			good = p;
			good_len = out->len;
			add_boundary(c, out->len, c->image_char[good - 1] + 1);
		}
	}
	out->len = good_len;
	return good;
}

/* ---- GBK read as Windows-1252, bytes dropped ---------------------------- */

/*
 * The five bytes Windows-1252 leaves undefined are GBK lead and trail
 * bytes alike. A decoder that drops them takes a character's other byte
 * out of step with the rest, so that the GBK reading goes wrong from
 * there. Reading again, a byte may be put back before any image byte (a
 * lost lead) or after it (a lost trail), whichever the model prefers.
 */

/* The Han character byte b makes with a dropped byte (b the lead when
 * b_is_lead, else the trail) that fits best between prev and next (0:
 * none); *margin, when given: by how much it beats the next best. */
static uint32_t
best_dropped_fill(const struct line_ctx *c, const uint16_t *table, unsigned b,
                  int b_is_lead, uint32_t prev, uint32_t next, double *margin)
{
	uint32_t cp, best = 0;
	double score, best_score = -1e9, second = -1e9;
	size_t k;

	for (k = 0; k < sizeof cp1252_undefined / sizeof *cp1252_undefined; k++) {
		cp = b_is_lead ? decode_pair(table, b, cp1252_undefined[k])
		               : decode_pair(table, cp1252_undefined[k], b);
		if (cp == 0 || unigram(c, cp) < LOGP_FILL_RARE || !zc_is_han(cp))
			continue;
		score = fill_score(c, prev, cp, next);
		if (score > best_score) {
			second = best_score;
			best_score = score;
			best = cp;
		} else if (score > second) {
			second = score;
		}
	}
	if (margin)
		*margin = best_score - second;
	return best;
}

/* Take the step from state `from` (st index) at byte p to byte q reading
 * cp: among the readings kept at q, in place of one with the same last
 * character, else of the worst. */
static void
relax(struct dropped_step *st, size_t from, size_t q, uint32_t cp, double score,
      int kept)
{
	struct dropped_step *at = st + q * DROPPED_STATES, *worst = at;
	size_t k;

	for (k = 0; k < DROPPED_STATES; k++) {
		if (at[k].score > -1e300 && at[k].cp == cp) {
			worst = at + k;
			break;
		}
		if (at[k].score < worst->score)
			worst = at + k;
	}
	if (score > worst->score) {
		worst->score = score;
		worst->cp = cp;
		worst->from = (uint32_t)from;
		worst->kept = (unsigned char)kept;
	}
}

/* Every step from state `from` reading the byte at p with a dropped byte
 * put back (as the lead or the trail): each Han character it can make
 * that is not too rare to be a fill. */
static void
relax_fills(struct line_ctx *c, const uint16_t *table, size_t from, size_t p)
{
	const struct dropped_step *f = c->steps + from;
	unsigned b = c->image[p];
	uint32_t cp;
	size_t k;
	int kept;

	for (kept = 1; kept <= 2; kept++)
		for (k = 0; k < sizeof cp1252_undefined / sizeof *cp1252_undefined; k++) {
			cp = kept == 1 ? decode_pair(table, b, cp1252_undefined[k])
			               : decode_pair(table, cp1252_undefined[k], b);
			if (cp != 0 && unigram(c, cp) >= LOGP_FILL_RARE && zc_is_han(cp))
				relax(c->steps, from, p + 1, cp, f->score - LOST_BYTE_COST +
				      zc_charmodel_char_logp(c->m, f->cp, cp), kept);
		}
}

/* The best readings of image[0..n) as GBK with dropped bytes put back, into
 * c->steps: Viterbi with DROPPED_STATES readings kept at each byte, each
 * with its own last character (the bigram's state). Returns the st index
 * of the best reading of the most bytes. */
static size_t
read_dropped(struct line_ctx *c, const uint16_t *table, size_t n, uint32_t prev)
{
	struct dropped_step *st = c->steps;
	size_t p, k, s, best = 0;
	uint32_t cp;

	for (k = 0; k < (n + 1) * DROPPED_STATES; k++)
		st[k].score = -1e300;
	st[0].score = 0;
	st[0].cp = prev;
	for (p = 0; p < n; p++)
		for (k = 0; k < DROPPED_STATES; k++) {
			s = p * DROPPED_STATES + k;
			if (st[s].score <= -1e300)
				continue;
			/* An ASCII letter may be read as one (see
			 * mj_decode_double), but where a reading is out of step
			 * it is as likely the trail of a dropped lead: as
			 * costly as putting one back. */
			if (c->image[p] < 0x80)
				relax(st, s, p + 1, c->image[p], st[s].score - LOST_BYTE_COST +
				      zc_charmodel_char_logp(c->m, st[s].cp, c->image[p]), 3);
			if (p + 1 < n &&
			    (cp = decode_pair(table, c->image[p], c->image[p + 1])) != 0)
				relax(st, s, p + 2, cp, st[s].score +
				      zc_charmodel_char_logp(c->m, st[s].cp, cp), 0);
			relax_fills(c, table, s, p);
		}
	for (p = n; p > 0 && best == 0; p--)
		for (k = 0; k < DROPPED_STATES; k++) {
			s = p * DROPPED_STATES + k;
			if (st[s].score > -1e300 && (best == 0 || st[s].score > st[best].score))
				best = s;
		}
	return best;
}

/* Decode image[0..n) as GBK read as Windows-1252 with bytes dropped: the
 * best reading, its characters with a byte put back chosen again between
 * both neighbours (LOST_CHAR_MARK where none wins clearly). Sets boundaries
 * and c->bound_fills; returns the position after the last character. */
static size_t
decode_dropped(struct line_ctx *c, size_t n, uint32_t prev, zc_buf *out, int *fills)
{
	const uint16_t *table = zc_charmodel_decode_table(c->m, ZC_CP_GBK);
	struct dropped_step *st = c->steps;
	size_t best = read_dropped(c, table, n, prev), s, q, k, npath = 0;
	uint32_t cp, next;
	double margin;

	for (s = best; s >= DROPPED_STATES; s = st[s].from)
		c->path[npath++] = s;
	out->len = 0;
	c->nbound = 0;
	*fills = 0;
	while (npath > 0) {
		s = c->path[--npath];
		q = s / DROPPED_STATES;
		cp = st[s].cp;
		if (st[s].kept == 3) {
			++*fills;
		} else if (st[s].kept != 0) {
			next = npath > 0 ? st[c->path[npath - 1]].cp
			                 : char_at(c, c->image_char[q - 1] + 1);
			cp = best_dropped_fill(c, table, c->image[q - 1], st[s].kept == 1,
			                       prev, next, &margin);
			if (margin < FILL_CLEAR)
				cp = LOST_CHAR_MARK;
			++*fills;
		}
		if (put_cp(out, cp) < 0)
			return 0;
		prev = cp;
		k = c->nbound;
		add_boundary(c, out->len, c->image_char[q - 1] + 1);
		if (c->nbound > k)
			c->bound_fills[k] = (size_t)*fills;
	}
	c->dropped_bounds = 1;
	return best / DROPPED_STATES;
}

/* Whether the plain GBK reading of a Windows-1252 image went wrong: it
 * stopped short of the image's end, read a letter where a trail was due
 * (the trail of a dropped lead, maybe), or characters that damage makes
 * rather than text. */
static int
reading_broke(const struct line_ctx *c, size_t used, size_t n, const zc_buf *out)
{
	size_t i, k;
	uint32_t cp;

	if (used < n)
		return 1;
	for (i = 0; i < out->len; i += k) {
		k = zc_utf8_decode(out->data + i, out->len - i, &cp);
		if (cp < 0x80 || unigram(c, cp) < LOGP_UNLIKELY)
			return 1;
	}
	return 0;
}

/* Decode a Windows-1252 image as GBK; where the plain reading breaks,
 * read it again with dropped bytes put back (*fills: how many). */
size_t
mj_decode_gbk_from_cp1252(struct line_ctx *c, size_t n, uint32_t prev, zc_buf *out,
                       int *fills)
{
	size_t used = mj_decode_double(c, ZC_CP_GBK, n, 1, out);

	if (!reading_broke(c, used, n, out))
		return used;
	if (c->steps == NULL) {
		/* an image holds at most a byte a char */
		size_t cap = c->n + 2;
		char *p = malloc(cap * (DROPPED_STATES * sizeof *c->steps + 2 * sizeof(size_t)));

		if (p == NULL)
			return used;
		c->steps = (struct dropped_step *)(void *)p;
		c->path = (size_t *)(void *)(c->steps + DROPPED_STATES * cap);
		c->bound_fills = c->path + cap;
	}
	return decode_dropped(c, n, prev, out, fills);
}
