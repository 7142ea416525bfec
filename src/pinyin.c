/*
 * pinyin.c - removing ruby pinyin residue and restoring lost characters.
 *
 * "頁(yè)" is residue when the bracket holds one pinyin syllable that is a
 * reading of the character before it. A toned reading that matches is
 * taken on sight; a weaker one (no tone, or another tone of the same
 * syllable) only once the line or the document has shown toned residue,
 * so that prose such as "甲(a)" or "拼音(pīnyīn)" is left alone.
 *
 * Where the character and its "(" were lost, "?zhēng)" is left, often after
 * a stray "?tīng)". The last such group stands for the lost character: the
 * candidates are the characters with that reading, scored by the character
 * model between their neighbours; a clear winner is restored, in the script
 * of the document, else ZC_PINYIN_MARKER is left.
 *
 * Where bytes around a residue were lost, "騙?,F(xiàn)象" is left: a short
 * run of ASCII debris holding a '?' between a Han character and a toned
 * residue. The debris becomes one marker and the residue's character is
 * restored as above ("騙〓現象").
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "pinyin.h"

/* Natural-log margin by which a restored character must beat the next
 * candidate (a factor of about 20). */
#define RESTORE_MARGIN 3.0
/* What it is worth that the document showed residue of a character
 * elsewhere (a cache model: pages repeat their words). */
#define SEEN_BONUS 2.5

int
zc_pinyin_syllable_index(const char *base)
{
	uint64_t key = 0;
	size_t i, s;
	unsigned v;

	/* 5 bits a letter, the unused places of a short one zero */
	for (i = 0; i < ZC_PINYIN_MAX_BASE && base[i]; i++) {
		if (base[i] < 'a' || base[i] > 'z')
			return -1;
		key = key << 5 | (uint64_t)(base[i] - 'a' + 1);
	}
	key <<= 5 * (ZC_PINYIN_MAX_BASE - i);
	for (s = zc_pinyin_key_slot(key); (v = zc_pinyin_syllable_slots[s]) != 0;
	     s = (s + 1) % ZC_PINYIN_SLOTS)
		if (zc_pinyin_syllable_keys[v - 1] == key)
			return (int)(v - 1);
	return -1;
}

/* Index of the first entry of table whose key is >= key. */
static size_t
lower_bound(const struct zc_pinyin_entry *table, uint32_t key, int by_char)
{
	size_t lo = 0, hi = zc_pinyin_entry_count, mid;
	uint32_t k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = by_char ? table[mid].cp : table[mid].reading;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
zc_pinyin_char_has(uint32_t cp, int syllable, int tone)
{
	size_t i;

	if (cp >= ZC_PINYIN_INDEX_FIRST && cp <= ZC_PINYIN_INDEX_LAST)
		i = zc_pinyin_char_first[cp - ZC_PINYIN_INDEX_FIRST];
	else
		i = lower_bound(zc_pinyin_by_char, cp, 1);
	int other_tone = 0;

	for (; i < zc_pinyin_entry_count && zc_pinyin_by_char[i].cp == cp; i++) {
		if (ZC_READING_SYLLABLE(zc_pinyin_by_char[i].reading) != (unsigned)syllable)
			continue;
		if (tone == 0 || ZC_READING_TONE(zc_pinyin_by_char[i].reading) == (unsigned)tone)
			return 1;
		other_tone = 2;
	}
	return other_tone;
}

static int
starts_syllable(unsigned char c)
{
	/* a-z, or the lead byte of a toned vowel (U+00E0..U+01DC, U+1E3F..). */
	return (c >= 'a' && c <= 'z') || c == 0xC3 || c == 0xC4 || c == 0xC5 ||
	       c == 0xC7 || c == 0xE1;
}

int
zc_pinyin_maybe(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if ((text[i] == '(' || text[i] == '?') && starts_syllable((unsigned char)text[i + 1]))
			return 1;
	return 0;
}

/* A syllable closed by ")" at text[i..]: its end (after the ")"), its
 * syllable index and tone; 0 if there is none. */
static size_t
syllable_then_paren(const char *text, size_t len, size_t i, int *syl, int *tone)
{
	char base[ZC_PINYIN_MAX_BASE + 1];
	size_t j, limit = i + ZC_PINYIN_MAX_BYTES + 1;

	for (j = i; j < len && j < limit && text[j] != ')'; j++)
		;
	if (j >= len || text[j] != ')' || j == i)
		return 0;
	if (!zc_pinyin_parse(text + i, j - i, base, tone))
		return 0;
	if ((*syl = zc_pinyin_syllable_index(base)) < 0)
		return 0;
	return j + 1;
}

enum residue_strength { NOT_RESIDUE = 0, WEAK_RESIDUE, STRONG_RESIDUE };

/* Is there "(syllable)" at text[i] after character prev? Sets *end. */
static enum residue_strength
residue_at(const char *text, size_t len, size_t i, uint32_t prev, size_t *end)
{
	int syl, tone, match;

	if (text[i] != '(' || prev == ZC_INVALID || !zc_is_han(prev))
		return NOT_RESIDUE;
	if ((*end = syllable_then_paren(text, len, i + 1, &syl, &tone)) == 0)
		return NOT_RESIDUE;
	match = zc_pinyin_char_has(prev, syl, tone);
	if (match == 1 && tone != 0)
		return STRONG_RESIDUE;
	return match ? WEAK_RESIDUE : NOT_RESIDUE;
}

/* Characters are remembered by their simplified form, as the model
 * scores them. */
static void
mark_seen(zc_pinyin_state *st, uint32_t cp)
{
	uint32_t simple = zc_simplify_char(cp);

	/* A traditional character with residue: a traditional page. */
	if (simple != cp)
		st->traditional = 1;
	cp = simple;
	if (cp < 0x10000)
		st->seen[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/* What residue_at found at the first '(' of a line, kept by count_strong
 * for zc_pinyin_repair, which reads each '(' again: the second reading
 * of a damaged line's residue cost as much as the first. */
#define KEPT_RESIDUES 64
struct kept_residues {
	size_t n, next;
	size_t at[KEPT_RESIDUES], end[KEPT_RESIDUES];
	enum residue_strength strength[KEPT_RESIDUES];
};

/* residue_at for the '(' at text[i], from kept (may be NULL) when it holds
 * it; asked in order of i. */
static enum residue_strength
residue_kept(struct kept_residues *kept, const char *text, size_t len, size_t i,
             size_t *end)
{
	while (kept && kept->next < kept->n && kept->at[kept->next] < i)
		kept->next++;
	if (kept && kept->next < kept->n && kept->at[kept->next] == i) {
		*end = kept->end[kept->next];
		return kept->strength[kept->next];
	}
	return residue_at(text, len, i, zc_utf8_before(text, i), end);
}

/* Toned residue in the line: evidence that weaker forms are residue too.
 * Its characters are remembered for restoring lost ones. What each '('
 * holds goes into kept when it is given. */
static unsigned long
count_strong(zc_pinyin_state *st, const char *text, size_t len,
             struct kept_residues *kept)
{
	unsigned long n = 0;
	size_t i, end = 0;
	uint32_t prev;
	enum residue_strength s;

	for (i = 0; i < len; i++) {
		const char *paren = memchr(text + i, '(', len - i);

		if (paren == NULL)
			break;
		i = (size_t)(paren - text);
		prev = zc_utf8_before(text, i);
		s = residue_at(text, len, i, prev, &end);
		if (kept && kept->n < KEPT_RESIDUES) {
			kept->at[kept->n] = i;
			kept->end[kept->n] = end;
			kept->strength[kept->n++] = s;
		}
		if (s == STRONG_RESIDUE) {
			n++;
			mark_seen(st, prev);
			i = end - 1;
		}
	}
	return n;
}

/* ---- lost characters --------------------------------------------------- */

struct lost_group {
	size_t start, end;   /* the bytes of "?zhēng)" or "?(zhēng)" */
	int syllable, tone;
};

/* One "?syllable)" or "?(syllable)" group at text[i]. */
static int
lost_group_at(const char *text, size_t len, size_t i, struct lost_group *g)
{
	size_t j = i + 1;

	if (text[i] != '?')
		return 0;
	if (j < len && text[j] == '(')
		j++;
	g->start = i;
	g->end = syllable_then_paren(text, len, j, &g->syllable, &g->tone);
	return g->end != 0;
}

static int
line_has_traditional(const char *text, size_t len)
{
	size_t i = 0, step;
	uint32_t cp;

	while (i < len) {
		step = zc_utf8_decode(text + i, len - i, &cp);
		if (cp != ZC_INVALID && cp >= 0x3400 && zc_simplify_char(cp) != cp)
			return 1;
		i += step;
	}
	return 0;
}

/* The form of chosen (a candidate for the reading) in the page's script:
 * the simplified form on a simplified page, OpenCC's (Taiwan) traditional form on a
 * traditional one, when that form has the reading too. */
static uint32_t
in_script(const zc_pinyin_state *st, int traditional, uint32_t chosen,
          int syllable, int tone)
{
	uint32_t simple = zc_simplify_char(chosen), form = simple;

	if (traditional && st->traditional_of)
		form = st->traditional_of(st->traditional_arg, simple);
	else if (traditional)
		return chosen;
	return form != 0 && zc_pinyin_char_has(form, syllable, tone) == 1 ? form : chosen;
}

/* Choose the character for a reading between prev and next; 0 if no
 * candidate is clearly best. */
static uint32_t
restore_char(const zc_pinyin_state *st, int traditional, const zc_charmodel *model,
             uint32_t prev, uint32_t next, int syllable, int tone)
{
	uint32_t key_lo = ZC_READING(syllable, tone ? tone : 1);
	uint32_t key_hi = ZC_READING(syllable, tone ? tone : 5);
	uint32_t best = 0, best_simple = 0, cp, simple;
	double best_score = -1e300, second = -1e300, s;
	size_t i;

	if (model == NULL)
		return 0;
	for (i = lower_bound(zc_pinyin_by_reading, key_lo, 0);
	     i < zc_pinyin_entry_count && zc_pinyin_by_reading[i].reading <= key_hi; i++) {
		if (!zc_pinyin_by_reading[i].primary)
			continue;
		cp = zc_pinyin_by_reading[i].cp;
		simple = zc_simplify_char(cp);
		s = zc_charmodel_char_logp(model, prev, cp);
		if (next != 0)
			s += zc_charmodel_char_logp(model, cp, next);
		if (simple < 0x10000 && (st->seen[simple >> 3] >> (simple & 7) & 1))
			s += SEEN_BONUS;
		if (best != 0 && simple == best_simple) {
			/* The same character in the other script: keep the one
			 * that matches the document. */
			if ((traditional && simple != cp) || (!traditional && simple == cp))
				best = cp;
			continue;
		}
		if (s > best_score) {
			second = best_score;
			best_score = s;
			best = cp;
			best_simple = simple;
		} else if (s > second) {
			second = s;
		}
	}
	if (best == 0 || best_score - second < RESTORE_MARGIN)
		return 0;
	return in_script(st, traditional, best, syllable, tone);
}

void
zc_pinyin_reset(zc_pinyin_state *st)
{
	st->evidence = 0;
	st->traditional = 0;
	memset(st->seen, 0, sizeof st->seen);
}

void
zc_pinyin_note(zc_pinyin_state *st, const char *text, size_t len)
{
	count_strong(st, text, len, NULL);
	if (!st->traditional && line_has_traditional(text, len))
		st->traditional = 1;
}

/* The character before text[i]; 0 for none. */
static uint32_t
char_before(const char *text, size_t i)
{
	uint32_t cp = zc_utf8_before(text, i);

	return cp == ZC_INVALID ? 0 : cp;
}

/* restore_char in the script of the page, or failing that of the line. */
static uint32_t
restore_in_line(const zc_pinyin_state *st, const zc_charmodel *model, const char *text,
                size_t len, uint32_t prev, uint32_t next, int syllable, int tone)
{
	return restore_char(st, st->traditional || line_has_traditional(text, len), model,
	                    prev, next, syllable, tone);
}

/* The character a run of lost groups at text[i] stands for (0: none can
 * be chosen); *end is where the run ends, i if there is none. */
static uint32_t
lost_run(const zc_pinyin_state *st, const zc_charmodel *model, const char *text,
         size_t len, size_t i, int have_evidence, size_t *end)
{
	struct lost_group g, last = {0, 0, 0, 0};
	size_t j = i;

	while (j < len && lost_group_at(text, len, j, &g) && (g.tone != 0 || have_evidence)) {
		last = g;
		j = g.end;
	}
	*end = j;
	if (j == i)
		return 0;
	return restore_in_line(st, model, text, len, char_before(text, i),
	                       zc_utf8_char_at(text, len, j), last.syllable, last.tone);
}

int
zc_pinyin_unresolved(const zc_pinyin_state *st, const zc_charmodel *model,
                     const char *text, size_t len)
{
	const char *q;
	size_t i = 0, end;

	while ((q = memchr(text + i, '?', len - i)) != NULL) {
		i = (size_t)(q - text);
		if (lost_run(st, model, text, len, i, st->evidence > 0, &end) == 0 && end > i)
			return 1;
		i = end > i ? end : i + 1;
	}
	return 0;
}

/* ---- the repair ---------------------------------------------------------- */


struct repair {
	zc_pinyin_state *st;
	const zc_charmodel *model;
	const char *text;
	size_t len;
	zc_buf *out;
	zc_repair_cb cb;
	void *cb_arg;
	int changes;
};

static void
report(struct repair *r, size_t offset, size_t before_len, const char *after,
       size_t after_len, const char *cls)
{
	r->changes++;
	if (r->cb)
		r->cb(r->cb_arg, offset, r->text + offset, before_len, after, after_len, cls);
}

/* Handle a run of lost-character groups at text[i]: *end is where it
 * ends, or i if there is none. */
static int
repair_lost(struct repair *r, size_t i, int have_evidence, size_t *end)
{
	char enc[4];
	size_t elen;
	uint32_t cp;
	int rc;

	cp = lost_run(r->st, r->model, r->text, r->len, i, have_evidence, end);
	if (*end == i)
		return ZC_OK;
	if (cp != 0) {
		elen = zc_utf8_encode(cp, enc);
	} else {
		memcpy(enc, ZC_PINYIN_MARKER, 3);
		elen = 3;
	}
	if ((rc = zc_buf_append(r->out, enc, elen)) != ZC_OK)
		return rc;
	report(r, i, *end - i, enc, elen, cp ? "pinyin-lost-char" : "pinyin-lost-char-marked");
	return ZC_OK;
}

/* The start of ASCII debris ending at text[i) (before a '('), holding a
 * '?' and following a Han character at or after 'from'; i if none. */
static size_t
debris_before(const char *text, size_t i, size_t from)
{
	size_t j = i;
	int qmark = 0;
	uint32_t prev;

	while (j > from && i - j < 4 && text[j - 1] > ' ' && text[j - 1] < 0x7F &&
	       text[j - 1] != '(' && text[j - 1] != ')') {
		qmark |= text[j - 1] == '?';
		j--;
	}
	if (!qmark || j == i)
		return i;
	prev = zc_utf8_before(text, j);
	return prev != ZC_INVALID && prev != 0 && zc_is_han(prev) ? j : i;
}

/* "?,F(xiàn)" at text[j..i..): debris, then a toned residue whose character
 * was lost with it. */
static int
repair_debris(struct repair *r, size_t j, size_t i, size_t *end)
{
	char enc[8];
	size_t elen = 3;
	int syl, tone, rc;
	uint32_t next = 0, cp;

	if ((*end = syllable_then_paren(r->text, r->len, i + 1, &syl, &tone)) == 0 || tone == 0) {
		*end = 0;
		return ZC_OK;
	}
	if (*end < r->len)
		zc_utf8_decode(r->text + *end, r->len - *end, &next);
	memcpy(enc, ZC_PINYIN_MARKER, 3);
	/* The character before is not its neighbour: one is lost between. */
	cp = restore_char(r->st, r->st->traditional || line_has_traditional(r->text, r->len),
	                  r->model, 0, next == ZC_INVALID ? 0 : next, syl, tone);
	if (cp != 0)
		elen += zc_utf8_encode(cp, enc + 3);
	if ((rc = zc_buf_append(r->out, enc, elen)) != ZC_OK)
		return rc;
	report(r, j, *end - j, enc, elen, "pinyin-debris");
	return ZC_OK;
}

/* The reading in "(reading)" at text[i], into *syllable and *tone; its end
 * (after the ')'), or 0. */
static size_t
reading_at(const char *text, size_t len, size_t i, int *syllable, int *tone)
{
	if (i >= len || text[i] != '(')
		return 0;
	return syllable_then_paren(text, len, i + 1, syllable, tone);
}

/* The reading in "(reading)" at text[i] whose letters were read as GBK
 * (yī as y墨: the bytes of ī are 墨 in GBK): the syllable its GBK bytes
 * make as UTF-8 into fixed (at least ZC_PINYIN_MAX_BYTES + 1 bytes) and
 * *syllable, *tone; the end of the group (after the ')'), or 0. */
static size_t
misread_reading_at(const zc_charmodel *model, const char *text, size_t len, size_t i,
                   char *fixed, int *syllable, int *tone)
{
	char base[ZC_PINYIN_MAX_BASE + 1];
	size_t j = i + 1, n = 0, k;
	unsigned code;
	uint32_t cp;
	int wide = 0;

	if (model == NULL || i >= len || text[i] != '(')
		return 0;
	while (j < len && text[j] != ')' && n + 2 <= ZC_PINYIN_MAX_BYTES) {
		k = zc_utf8_decode(text + j, len - j, &cp);
		if (cp < 0x80) {
			fixed[n++] = (char)cp;
		} else if ((code = zc_charmodel_encode2(model, ZC_CP_GBK, cp)) != 0) {
			fixed[n++] = (char)(code >> 8);
			fixed[n++] = (char)(code & 0xFF);
			wide = 1;
		} else {
			return 0;
		}
		j += k;
	}
	fixed[n] = '\0';
	if (!wide || j >= len || text[j] != ')' || zc_utf8_complete_prefix(fixed, n) != n ||
	    !zc_pinyin_parse(fixed, n, base, tone) ||
	    (*syllable = zc_pinyin_syllable_index(base)) < 0)
		return 0;
	return j + 1;
}

/* The character that shares the first two UTF-8 bytes of the three-byte
 * s[0..3) and has the reading (the commonest, by model), or 0. */
static uint32_t
refill_with_reading(const zc_charmodel *model, const unsigned char *s, int syllable,
                    int tone)
{
	uint32_t cp, best = 0;
	unsigned b;
	double score, best_score = -1e9;

	for (b = 0x80; b <= 0xBF; b++) {
		cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (b & 0x3F);
		if (!zc_is_han(cp) || zc_pinyin_char_has(cp, syllable, tone) != 1)
			continue;
		score = model ? zc_charmodel_unigram(model, cp) : 0;
		if (score > best_score) {
			best_score = score;
			best = cp;
		}
	}
	return best;
}

/* The reading of the group "(...)" at text[i], as written or with its
 * letters read again (fixed, "" when as written); its end, or 0. */
static size_t
group_reading(const zc_charmodel *model, const char *text, size_t len, size_t i,
              char *fixed, int *syllable, int *tone)
{
	size_t end = reading_at(text, len, i, syllable, tone);

	fixed[0] = '\0';
	return end != 0 ? end : misread_reading_at(model, text, len, i, fixed, syllable, tone);
}

/* The character for cp, a filled character before the group ending at end
 * with the reading: cp itself when it has it, one of its block, one the
 * context makes clearly best, or 0 when none is. */
static uint32_t
choose_refill(const zc_pinyin_state *st, const zc_charmodel *model, const char *text,
              size_t len, size_t at, uint32_t cp, size_t end, int syllable, int tone)
{
	uint32_t with;

	if (zc_pinyin_char_has(cp, syllable, tone) == 1)
		return cp;
	if ((with = refill_with_reading(model, (const unsigned char *)text + at, syllable,
	                                tone)) != 0)
		return with;
	/* more than a byte lost: as a lost character */
	return restore_in_line(st, model, text, len, char_before(text, at),
	                       zc_utf8_char_at(text, len, end), syllable, tone);
}

int
zc_pinyin_refill(const zc_pinyin_state *st, const zc_charmodel *model,
                 const char *text, size_t len, zc_buf *out,
                 zc_repair_cb cb, void *cb_arg)
{
	size_t i, copied = 0, end;
	int syllable, tone, changes = 0, rc = ZC_OK;
	uint32_t cp, with;
	char utf8[4], fixed[ZC_PINYIN_MAX_BYTES + 1];

	for (i = 3; i < len && rc == ZC_OK; i++) {
		if (text[i] != '(' || ((unsigned char)text[i - 3] & 0xF0) != 0xE0 ||
		    zc_utf8_decode(text + i - 3, 3, &cp) != 3 || !zc_is_han(cp) ||
		    (end = group_reading(model, text, len, i, fixed, &syllable, &tone)) == 0)
			continue;
		with = choose_refill(st, model, text, len, i - 3, cp, end, syllable, tone);
		if (with == cp && fixed[0] == '\0')
			continue;
		rc = zc_buf_append(out, text + copied, i - 3 - copied);
		changes++;
		if (with == 0) {   /* no character clearly: the marker, and no residue */
			if (rc == ZC_OK)
				rc = zc_buf_append(out, ZC_PINYIN_MARKER, 3);
			if (cb)
				cb(cb_arg, i - 3, text + i - 3, end - i + 3, ZC_PINYIN_MARKER, 3,
				   "lost-byte-by-reading");
			copied = end;
			continue;
		}
		if (rc == ZC_OK)
			rc = zc_buf_append(out, utf8, zc_utf8_encode(with, utf8));
		if (cb && with != cp)
			cb(cb_arg, i - 3, text + i - 3, 3, utf8, 3, "lost-byte-by-reading");
		copied = i;
		if (fixed[0] != '\0' && rc == ZC_OK) {   /* the reading itself, read again */
			if ((rc = zc_buf_append(out, "(", 1)) == ZC_OK &&
			    (rc = zc_buf_append(out, fixed, strlen(fixed))) == ZC_OK)
				rc = zc_buf_append(out, ")", 1);
			if (cb)
				cb(cb_arg, i + 1, text + i + 1, end - i - 2, fixed, strlen(fixed),
				   "utf8-as-gbk");
			copied = end;
		}
	}
	if (rc == ZC_OK && changes > 0)
		rc = zc_buf_append(out, text + copied, len - copied);
	return rc != ZC_OK ? ZC_ENOMEM : changes;
}

int
zc_pinyin_repair(zc_pinyin_state *st, const zc_charmodel *model,
                 const char *text, size_t len, zc_buf *out,
                 zc_repair_cb cb, void *cb_arg)
{
	struct repair r = {st, model, text, len, out, cb, cb_arg, 0};
	struct kept_residues kept;
	size_t i = 0, copied = 0, end, prev_start, debris;
	unsigned long strong;
	int evidence, rc;
	enum residue_strength s;

	kept.n = kept.next = 0;
	strong = count_strong(st, text, len, &kept);
	evidence = st->evidence + strong >= 2;
	st->evidence += strong;
	while (i < len) {
		if (text[i] == '(' &&
		    (s = residue_kept(&kept, text, len, i, &end)) != NOT_RESIDUE &&
		    (s == STRONG_RESIDUE || evidence)) {
			if ((rc = zc_buf_append(out, text + copied, i - copied)) != ZC_OK)
				return rc;
			for (prev_start = i - 1; prev_start > 0 && ((unsigned char)text[prev_start] & 0xC0) == 0x80; prev_start--)
				;
			if (cb)
				cb(cb_arg, prev_start, text + prev_start, end - prev_start,
				   text + prev_start, i - prev_start, "pinyin-residue");
			r.changes++;
			i = copied = end;
		} else if (text[i] == '(' && (debris = debris_before(text, i, copied)) < i) {
			if ((rc = zc_buf_append(out, text + copied, debris - copied)) != ZC_OK ||
			    (rc = repair_debris(&r, debris, i, &end)) != ZC_OK)
				return rc;
			if (end == 0) {
				copied = debris;
				i++;
			} else {
				i = copied = end;
			}
		} else if (text[i] == '?') {
			if ((rc = zc_buf_append(out, text + copied, i - copied)) != ZC_OK)
				return rc;
			if ((rc = repair_lost(&r, i, evidence || st->evidence > 0, &end)) != ZC_OK)
				return rc;
			copied = end;
			i = end > i ? end : i + 1;
		} else {
			i++;
		}
	}
	if ((rc = zc_buf_append(out, text + copied, len - copied)) != ZC_OK)
		return rc;
	return r.changes;
}
