/*
 * mojibake-hypotheses.c - trying every mix-up at one place of a line, and
 * the rules that decide whether the best one is a repair.
 *
 * At a non-ASCII character each hypothesis (the table below) decodes the
 * run from there (mojibake-decode.c); its candidate is walked to each
 * place it could end, checked against what text and each kind of damage
 * look like (acceptable, latin_look_alike) and scored against the original
 * (gain_of). The best applies only when it wins by a wide margin, and not
 * when the damage rather starts a character or two later (mj_repair_at).
 */
#include <string.h>
#include <utf8proc.h>

#include "internal.h"
#include "mojibake-line.h"

#define MAX_DOUBLE_PASSES 3   /* 符号码 applied up to this many times */
/* A hypothesis winning by this factor of the margin over a whole run ends
 * the search at its start. */
#define CLEAR_WIN 3.0
/* How many later starts may take a repair from an earlier one. */
#define LOOKAHEAD 2
/* What each multi-byte character decoded as valid UTF-8, with no byte
 * filled, out of Windows-1252 characters counts for. */
#define UTF8_EVIDENCE 3.5
/* The least mean log-probability of the non-ASCII characters a repair
 * produces (the rare characters of 古文码 are below, text is above). */
#define LOGP_PLAUSIBLE -11.0
/* What each character of 拼音码 counts for when its Latin-1 letters sit
 * between Han characters with no ASCII letter about (no Latin word does). */
#define LATIN_IN_HAN_EVIDENCE 1.0
/* What each Ã or Â before a symbol counts for in 符号码 (and â before two
 * continuations, one a symbol): they are the UTF-8 leads of the whole
 * Latin-1 range and of the punctuation block, and no word puts a symbol
 * right after one (5 Ã— 3 is 5 × 3, âœ” is ✔). */
#define LEAD_BEFORE_SYMBOL_EVIDENCE 2.0
/* What a legacy mix-up gains where it has already repaired something
 * earlier on the same line (a line is damaged as a whole; clean lines
 * never get here). */
#define SAME_LINE_EVIDENCE 6.0
/* ... and more where it carries on a run of that damage (continues_run). */
#define RUN_EVIDENCE 4.0
/* What a swap gains, on a line that mixes the two scripts, for each
 * character by which it makes the line less mixed (the fewer of its
 * traditional- and simplified-only characters), or loses for each it makes
 * it more: see mark_scripts. (A line of one script is left to the model.) */
#define SCRIPT_EVIDENCE 3.0
/* What GBK read as Windows-1252 gains besides where that line has no
 * character Windows-1252 does not make: the line was read so as a whole,
 * and a character left over (a lone 长 between ASCII) is damage too. */
#define WHOLE_LINE_EVIDENCE 4.0
/* A Big5/GBK swap this far behind the original (nats) reads on no
 * further: it is reading text the wrong way, and a run of text would take
 * it through the whole run at every start (a line of two thousand rare
 * characters cost a third of a million instructions a character). Damage
 * further on is tried from its own start. */
#define SWAP_HOPELESS 40.0
/* What a Big5/GBK swap read further must gain over where it could end
 * before (nats): damage ends where it ends, and a clean character next to
 * it that reads about as well the other way is to be left as it is
 * (抓铁有痕 read on as 抓铁有勃, 解决管 as 解决恨). */
#define SWAP_LONGER_MARGIN 2.0
/* A lone character out of 拼音码 or a Big5/GBK swap must be this common. */
#define LOGP_COMMON -9.5
/* A byte put back makes LOST_CHAR_MARK unless its character beats the
 * next best by FILL_CLEAR. What each byte put back costs a repair's gain
 * (nats), besides: the reading chose where, and not only what. */
#define FILL_GAIN_COST 2.0
/* What reading a Windows-1252 run to its end may lose against the best
 * place to stop (nats): see reads_to_end. */
#define RUN_END_SLACK 3.0

const struct hypothesis mj_hypotheses[N_HYPOTHESES] = {
	{IMAGE_GBK, TARGET_UTF8, "utf8-as-gbk"},
	{IMAGE_CP1252, TARGET_UTF8, "utf8-as-cp1252"},
	{IMAGE_CP1252, TARGET_GBK, "gbk-as-cp1252"},
	{IMAGE_GBK, TARGET_CP950, "big5-as-gbk"},
	{IMAGE_CP950, TARGET_GBK, "gbk-as-big5"},
};

/* ---- trying hypotheses -------------------------------------------------- */

/* The bytes Windows-1252 (or Latin-1) read s[0..len) from, into bytes
 * (cleared first), if they are valid UTF-8 of characters from U+0080 up:
 * 符号码 once more. Returns 0 or a negative ZC_E* code if they are not. */
static int
cp1252_bytes_utf8(const zc_charmodel *m, const char *s, size_t len, zc_buf *bytes)
{
	size_t i, k;
	uint32_t cp;
	int b;

	bytes->len = 0;
	for (i = 0; i < len; i += k) {
		/* (an ASCII letter may end a Windows-1252 image: see
		 * mj_build_image) */
		k = zc_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80 && (i == 0 || i + k < len))
			return ZC_EINVAL;
		if (cp >= 0x80 && (b = zc_charmodel_cp1252_byte(m, cp)) < 0)
			return ZC_EINVAL;
		if (zc_buf_putc(bytes, (char)(cp < 0x80 ? (int)cp : b)) < 0)
			return ZC_ENOMEM;
	}
	for (i = 0; i < bytes->len; i += k) {
		k = zc_utf8_decode(bytes->data + i, bytes->len - i, &cp);
		if (cp == ZC_INVALID || (k < 2 && i + k < bytes->len))
			return ZC_EINVAL;
	}
	return 0;
}

/* Run 符号码 again on its own output while that is still 符号码 (double
 * UTF-8), however long. Returns 1 if it did. */
static int
undo_double_utf8(const zc_charmodel *m, zc_buf *s)
{
	zc_buf bytes = ZC_BUF_INIT;
	int pass, changed = 0;

	for (pass = 1; pass < MAX_DOUBLE_PASSES; pass++) {
		if (cp1252_bytes_utf8(m, s->data, s->len, &bytes) < 0)
			break;
		s->len = 0;
		if (zc_buf_append(s, bytes.data, bytes.len) < 0)
			break;
		changed = 1;
	}
	zc_buf_free(&bytes);
	return changed;
}

/* The image entries before the first MARK of c->image[0..n): only swaps
 * read across one. */
static size_t
before_mark(const struct line_ctx *c, size_t n)
{
	size_t p;

	for (p = 0; p < n && c->image[p] < MARK; p++)
		;
	return p;
}

/* Try hypothesis h on the chars from i. Returns the end char index of the
 * span it decodes (> i) with the candidate in c->cand, or 0. */
static size_t
try_hypothesis(struct line_ctx *c, const struct hypothesis *h, size_t i,
               int *lossy)
{
	size_t n = mj_build_image(c, h->image, i), used;

	if (!is_swap(h))
		n = before_mark(c, n);
	c->cand.len = 0;
	c->nbound = 0;
	c->dropped_bounds = 0;
	*lossy = 0;
	if (n < 2 || c->image[0] == LOST)
		return 0;
	if (h->target == TARGET_UTF8)
		used = mj_decode_utf8(c, h->image, n, &c->cand, char_before(c, i), lossy);
	else if (h->image == IMAGE_CP1252)
		used = mj_decode_gbk_from_cp1252(c, n, char_before(c, i), &c->cand, lossy);
	else
		used = mj_decode_double(c, h->target == TARGET_GBK ? ZC_CP_GBK : ZC_CP_CP950,
		                     n, 0, &c->cand);
	if (used == 0)
		return 0;
	return c->image_char[used - 1] + 1;
}

/* Running sums over a candidate, for evaluating each place its decoding
 * could end without going over it again. */
struct cand_walk {
	size_t at;          /* bytes of the candidate walked */
	uint32_t last;      /* the last character walked (or the one before) */
	double score;       /* sum of log-probabilities so far */
	double foreign;     /* the same over the non-ASCII characters */
	int non_ascii;
	int ascii;          /* ASCII characters */
	int han;            /* Han characters */
	uint32_t first_non_ascii;
	int script;        /* the last letter's small_script, or 0 */
	int mixed;         /* letters of two small scripts touched */
	int scripts[3];    /* Han of each zc_charmodel_han_script, on a line
	                    * of both */
};

/* Latin-1 and Latin Extended (1), IPA and modifiers (2), Greek (3),
 * Cyrillic and Armenian (4); 0 for the rest. */
static int
small_script(uint32_t cp)
{
	if (cp >= 0xC0 && cp < 0x250)
		return 1;
	if (cp >= 0x250 && cp < 0x300)
		return 2;
	if (cp >= 0x370 && cp < 0x400)
		return 3;
	if (cp >= 0x400 && cp < 0x590)
		return 4;
	return 0;
}

static void
walk_to(const struct line_ctx *c, struct cand_walk *w, size_t len)
{
	uint32_t cp;
	size_t k;
	double lp;

	while (w->at < len) {
		k = zc_utf8_decode_inline(c->cand.data + w->at, len - w->at, &cp);
		lp = zc_charmodel_char_logp(c->m, w->last, cp);
		w->score += lp;
		if (cp >= 0x80) {
			int sc = small_script(cp);

			w->han += zc_is_han(cp);
			if (c->mixed_scripts && cp < 0x10000)
				w->scripts[c->han_script[cp]]++;
			if (sc != 0 && w->script != 0 && sc != w->script &&
			    (sc > 1 || w->script > 1))
				w->mixed = 1;
			w->script = sc;
			w->foreign += lp;
			if (w->non_ascii++ == 0)
				w->first_non_ascii = cp;
		}
		else {
			w->script = 0;
			w->ascii++;
		}
		w->last = cp;
		w->at += k;
	}
}

/* Whether every non-ASCII char of the line is one Windows-1252 decodes to:
 * a line read with it as a whole (asked only once it repaired something,
 * so it is worked out once). */
static int
line_all_cp1252(struct line_ctx *c)
{
	size_t k;

	if (c->all_cp1252 == 0) {
		c->all_cp1252 = 1;
		for (k = 0; k < c->n && c->all_cp1252 == 1; k++)
			if (c->chars[k].cp >= 0x80 &&
			    zc_charmodel_cp1252_byte(c->m, c->chars[k].cp) < 0)
				c->all_cp1252 = -1;
	}
	return c->all_cp1252 == 1;
}

/* The code point of the non-space character `step` (-1 or 1) from char
 * *k, moving *k there; 0 if none. */
static uint32_t
neighbour(const struct line_ctx *c, size_t *k, int step)
{
	while ((step < 0 && *k > 0) || (step > 0 && *k + 1 < c->n)) {
		*k += (size_t)step;
		if (c->chars[*k].cp != ' ')
			return c->chars[*k].cp;
	}
	*k = step < 0 ? 0 : c->n;
	return 0;
}

/* Whether chars [i, j) hold part of a listing in code order (ㄅㄆㄇ,
 * ㄅ ㄆ ㄇ): three non-ASCII characters in a row, spaces between allowed,
 * each the code point after the one before. Text never does that, nor a
 * Big5/GBK swap of text (its bytes are not in order), but the other code
 * page reads a listing of one of its rows as Han in stroke order (乳事些). */
int
mj_has_listing(const struct line_ctx *c, size_t i, size_t j)
{
	size_t k, at;
	uint32_t cp, p1, p2, n1, n2;

	for (k = i; k < j; k++) {
		if ((cp = c->chars[k].cp) <= 0x80)
			continue;
		at = k;
		p1 = neighbour(c, &at, -1);
		p2 = p1 + 1 == cp ? neighbour(c, &at, -1) : 0;
		at = k;
		n1 = neighbour(c, &at, 1);
		n2 = cp + 1 == n1 ? neighbour(c, &at, 1) : 0;
		if ((p1 + 1 == cp && (cp + 1 == n1 || p2 + 1 == p1)) ||
		    (cp + 1 == n1 && n1 + 1 == n2))
			return 1;
	}
	return 0;
}

/* Whether a suspicious char stands within NEAR chars of [i, j), outside. */
static int
suspicious_around(const struct line_ctx *c, size_t i, size_t j)
{
	size_t from = i > NEAR ? i - NEAR : 0, to = j + NEAR < c->n ? j + NEAR : c->n;

	return c->susp_prefix[i] > c->susp_prefix[from] ||
	       c->susp_prefix[to] > c->susp_prefix[j];
}

/* ASCII characters among chars [i, j). */
static int
count_ascii(const struct line_ctx *c, size_t i, size_t j)
{
	int n = 0;

	for (; i < j; i++)
		n += c->chars[i].cp < 0x80;
	return n;
}

static int latin_look_alike(const struct line_ctx *c, const struct hypothesis *h,
                            size_t i, size_t j, const struct cand_walk *w, int lossy);

/* Whether 古文码 (UTF-8 read as GBK) rests on too little over chars
 * [i, j): one character and a letter made of a GBK trail byte is what
 * many a pair of rare characters reads as (鞠婧禕 as 鞠溶B); so is one
 * character with a byte filled where a '?' stood, with no other damage
 * near (a question mark after a rare character: 金鑰? as 而; a U+FFFD is
 * damage by itself). */
static int
weak_gu_wen_ma(const struct line_ctx *c, size_t i, size_t j, const struct cand_walk *w,
               int lossy)
{
	int ascii;

	if (w->non_ascii >= 2)
		return 0;
	ascii = count_ascii(c, i, j);
	return w->ascii > ascii || (lossy > 0 && ascii > 0 && !suspicious_around(c, i, j));
}

/* Whether a Big5/GBK swap over chars [i, j) is no evidence: one that reads
 * no Han is symbols for symbols (★★★★☆ would be 」」」」「), a rule of one
 * symbol repeated is a rule (────── would be 岸岸岸岸岸岸), and Han read
 * wrongly is mostly unlikely characters (a quarter at least). */
static int
weak_swap(const struct line_ctx *c, size_t i, size_t j, const struct cand_walk *w)
{
	return w->han == 0 || mj_has_symbol_rule(c, i, j) ||
	       4 * (c->unlikely_prefix[j] - c->unlikely_prefix[i]) < j - i;
}

/* Whether chars [i, j) hold a '?' or U+FFFD: a byte a codec lost, which a
 * swap fills by guessing. A lone U+FFFD is mostly a lost emoji (转发微博�@
 * read with it as 转发微痴這), so a swap fills one only on a line where a
 * swap was found already. */
static int
holds_lost_byte(const struct line_ctx *c, size_t i, size_t j)
{
	for (; i < j; i++)
		if (c->chars[i].cp == '?' || c->chars[i].cp == 0xFFFD)
			return 1;
	return 0;
}

/* Whether the walked candidate, replacing chars [i, j), may be a repair
 * under h: 拼音码 and Big5/GBK swaps make Han out of anything, so they
 * want two characters, or for 拼音码 (and a swap already found on this
 * line) one common one (月, 。), or for 拼音码 on a line it read as a
 * whole (see line_all_cp1252) any one (×); Han read wrongly is mostly
 * rare characters, which clean Han is not; what Latin text or symbols make
 * by themselves is no repair (the weak_* rules and latin_look_alike, lifted
 * where the same mix-up was found before on the line); and what comes out
 * must read as text on its own. */
static int
acceptable(struct line_ctx *c, const struct hypothesis *h, size_t i,
           size_t j, const struct cand_walk *w, int lossy)
{
	int seen = (c->seen & 1u << (h - mj_hypotheses)) != 0;

	if (h->target != TARGET_UTF8 && w->non_ascii < 2 &&
	    ((h->image != IMAGE_CP1252 && !seen) || w->non_ascii == 0 ||
	     (zc_charmodel_unigram(c->m, w->first_non_ascii) < LOGP_COMMON &&
	      !(h->image == IMAGE_CP1252 && seen && line_all_cp1252(c)))))
		return 0;
	if (h->image != IMAGE_CP1252 && !is_swap(h) &&
	    4 * (c->susp_prefix[j] - c->susp_prefix[i]) < j - i)
		return 0;
	if (!seen && ((h->image == IMAGE_GBK && h->target == TARGET_UTF8 &&
	               weak_gu_wen_ma(c, i, j, w, lossy)) ||
	              (is_swap(h) && weak_swap(c, i, j, w)) ||
	              latin_look_alike(c, h, i, j, w, lossy)))
		return 0;
	if (is_swap(h) && mj_has_listing(c, i, j))
		return 0;
	if (is_swap(h) && !seen && holds_lost_byte(c, i, j))
		return 0;
	return w->non_ascii == 0 || w->foreign / w->non_ascii >= LOGP_PLAUSIBLE;
}

/* Whether chars [i, j) hold no ASCII letter or digit, touch none, and touch
 * a Han character: Latin-1 letters inside Han are not a Latin word. */
static int
latin_inside_han(const struct line_ctx *c, size_t i, size_t j)
{
	uint32_t before = char_before(c, i), after = char_at(c, j);
	size_t k;

	if (is_ascii_alnum(before) || is_ascii_alnum(after) ||
	    !(is_han(before) || is_han(after)))
		return 0;
	for (k = i; k < j; k++)
		if (is_ascii_alnum(c->chars[k].cp))
			return 0;
	return 1;
}

/* Whether cp, read by Windows-1252 from a byte 0x80-0xBF, is a symbol
 * rather than a letter (Š, œ, ª, µ, º are letters). */
static int
is_continuation_symbol(const zc_charmodel *m, uint32_t cp)
{
	int b = zc_charmodel_cp1252_byte(m, cp);

	return b >= 0x80 && b <= 0xBF && small_script(cp) == 0 &&
	       cp != 0xAA && cp != 0xB5 && cp != 0xBA;
}

/* Whether cp is what Windows-1252 reads a UTF-8 continuation byte as. */
static int
is_continuation(const zc_charmodel *m, uint32_t cp)
{
	int b = zc_charmodel_cp1252_byte(m, cp);

	return b >= 0x80 && b <= 0xBF;
}

/* How many Ã and Â among chars [i, j) have a symbol right after them, and
 * â two continuations with a symbol among them (âœ” is ✔, â€™ is ’). */
static int
leads_before_symbols(const struct line_ctx *c, size_t i, size_t j)
{
	uint32_t cp, a, b;
	int n = 0;

	for (; i + 1 < j; i++) {
		cp = c->chars[i].cp;
		a = c->chars[i + 1].cp;
		if (cp == 0xC3 || cp == 0xC2)
			n += is_continuation_symbol(c->m, a);
		else if (cp == 0xE2 && i + 2 < j && is_continuation(c->m, a) &&
		         is_continuation(c->m, b = c->chars[i + 2].cp))
			n += is_continuation_symbol(c->m, a) || is_continuation_symbol(c->m, b);
	}
	return n;
}

static int
is_ascii_letter(uint32_t cp)
{
	return cp < 0x80 && (cp | 0x20) - 'a' < 26;
}

/* Whether chars [i, j) hold a symbol (not ASCII, not Han, not U+FFFD)
 * three times in a row: a rule or a row of stars, which text is made of
 * and Han read wrongly is not. */
int
mj_has_symbol_rule(const struct line_ctx *c, size_t i, size_t j)
{
	size_t k, run = 1;

	for (k = i + 1; k < j; k++) {
		run = c->chars[k].cp == c->chars[k - 1].cp ? run + 1 : 1;
		if (run >= 3 && c->chars[k].cp >= 0x80 && c->chars[k].cp != 0xFFFD &&
		    !zc_is_han(c->chars[k].cp))
			return 1;
	}
	return 0;
}

/* Whether chars [i, j) are one character repeated. */
int
mj_same_char_run(const struct line_ctx *c, size_t i, size_t j)
{
	size_t k;

	for (k = i + 1; k < j; k++)
		if (c->chars[k].cp != c->chars[i].cp)
			return 0;
	return j > i + 1;
}

static int
is_letter_of_case(uint32_t cp, utf8proc_propval_t category)
{
	return cp != ZC_INVALID &&
	       utf8proc_get_property((utf8proc_int32_t)cp)->category == category;
}

/* Whether the reading of chars [i, j) as UTF-8, the first len bytes of
 * the candidate, gives only lower-case letters inside upper-case ones
 * (AHÅ™ as AHř, MÄ£ÄM as MģāM): a word in capitals comes back in
 * capitals (ZURÃœCK as ZURÜCK), and a capital before a small letter starts
 * a word only where one follows (HÃ´tel). */
static int
breaks_case(const struct line_ctx *c, size_t i, size_t j, size_t len)
{
	uint32_t cp;
	size_t at, k;

	if (!is_letter_of_case(char_before(c, i), UTF8PROC_CATEGORY_LU) ||
	    is_letter_of_case(char_at(c, j), UTF8PROC_CATEGORY_LL))
		return 0;
	for (at = 0; at < len; at += k) {
		k = zc_utf8_decode_inline(c->cand.data + at, len - at, &cp);
		if (cp >= 0x80 && !is_letter_of_case(cp, UTF8PROC_CATEGORY_LL))
			return 0;
	}
	return 1;
}

/* Whether any char of the line is Han. */
static int
line_has_han(const struct line_ctx *c)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		if (is_han(c->chars[k].cp))
			return 1;
	return 0;
}

/* Whether the candidate for chars [i, j) is a reading that Latin text
 * makes by itself, away from Han: one character with bytes Windows-1252
 * dropped put back, or only such characters (French é before a no-break
 * space as 遠, Czech éš as 随), one GBK symbol out of two Latin-1 ones (Spanish ¡« as ～), a
 * Latin-1 character doubled (¿¿ as 靠, Swedish ÅÅÅÅ as 排排, ●●● as
 * 〈〈〈), or a Big5/GBK swap that starts inside a Latin word (Portuguese
 * quê? as qu那么). */
static int
latin_look_alike(const struct line_ctx *c, const struct hypothesis *h,
                 size_t i, size_t j, const struct cand_walk *w, int lossy)
{
	if (mj_same_char_run(c, i, j))
		return 1;
	if (is_swap(h))
		return small_script(c->chars[i].cp) != 0 && is_ascii_letter(char_before(c, i));
	if (h->image != IMAGE_CP1252 || latin_inside_han(c, i, j))
		return 0;
	if (h->target == TARGET_UTF8)   /* (géré as g遍r遠: every one filled) */
		return (lossy > 0 && (w->non_ascii < 2 || lossy >= w->non_ascii)) ||
		       breaks_case(c, i, j, w->at);
	/* (Portuguese aí´´ as a來创, a byte put back, on a line of no Han) */
	return (w->non_ascii == 1 && !is_han(w->first_non_ascii)) ||
	       (lossy > 0 && w->non_ascii <= 2 && !line_has_han(c));
}

/* Whether chars [i, j) carry on a run that mix-up k repaired on this line,
 * right before or after it or across one ASCII mark (a swap stops at
 * the "(" or "," that reads the same in both code pages: 各瓮(市、区 is one
 * run of damage, 瓮 as well as 市、区). */
static int
continues_run(const struct line_ctx *c, unsigned k, size_t i, size_t j)
{
	size_t e = c->last_legacy_end, f = c->first_legacy;

	return (e != NO_POS && c->last_legacy_kind == k &&
	        (i == e || (i == e + 1 && is_ascii_mark(c->chars[e].cp)))) ||
	       (f != NO_POS && c->first_legacy_kind == k &&
	        (j == f || (j + 1 == f && is_ascii_mark(c->chars[j].cp))));
}

static size_t
smaller(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* By how much the walked candidate for chars [i, j) makes the line less
 * mixed (see mark_scripts): the fewer of its characters of one script
 * only, before and after; nothing where the chars about the piece are not
 * mostly of the script the line has more of. */
static double
script_mix_reduced(const struct line_ctx *c, size_t i, size_t j, const struct cand_walk *w)
{
	const size_t *total = c->script_total;
	size_t after[3], k;
	int more = script_with_more(total);

	/* (a piece inside a passage of the line's other script is text) */
	if (more == 0 || !more_of_script_around(c, more, i, j))
		return 0;
	for (k = 1; k < 3; k++)
		after[k] = total[k] - (c->script_prefix[k][j] - c->script_prefix[k][i]) +
		           (size_t)w->scripts[k];
	return (double)smaller(total[ZC_HAN_TRADITIONAL], total[ZC_HAN_SIMPLIFIED]) -
	       (double)smaller(after[ZC_HAN_TRADITIONAL], after[ZC_HAN_SIMPLIFIED]);
}

/* The gain of the walked candidate over chars [i, j) under hypothesis h. */
static double
gain_of(struct line_ctx *c, const struct hypothesis *h, size_t i, size_t j,
        const struct cand_walk *w, int lossy, size_t fills)
{
	double gain = w->score - score_original(c, i, j) - FILL_GAIN_COST * (double)fills;

	if (j < c->n)
		gain += zc_charmodel_char_logp(c->m, w->last, c->chars[j].cp);
	/* Valid UTF-8 out of mojibake is evidence by itself (a random pair
	 * of bytes is one in some thirty times); any pair of bytes is GBK
	 * or Big5. */
	if (h->target != TARGET_UTF8)
		gain -= LEGACY_PRIOR;
	else if (h->image == IMAGE_CP1252 && lossy == 0 && !w->mixed)
		gain += UTF8_EVIDENCE * (double)w->non_ascii +
		        LEAD_BEFORE_SYMBOL_EVIDENCE * (double)leads_before_symbols(c, i, j);
	if (is_swap(h) && c->mixed_scripts)
		gain += SCRIPT_EVIDENCE * script_mix_reduced(c, i, j, w);
	if (h->image == IMAGE_CP1252 && h->target == TARGET_GBK &&
	    latin_inside_han(c, i, j))
		gain += LATIN_IN_HAN_EVIDENCE * (double)w->non_ascii;
	if (h->target != TARGET_UTF8 && (c->seen & 1u << (h - mj_hypotheses)))
		gain += SAME_LINE_EVIDENCE +
		        (h->image == IMAGE_CP1252 && line_all_cp1252(c) ? WHOLE_LINE_EVIDENCE : 0) +
		        (continues_run(c, (unsigned)(h - mj_hypotheses), i, j) ? RUN_EVIDENCE : 0);
	return gain;
}

/* Whether boundary nb of nbound ends the reading of GBK read as 1252: a
 * Windows-1252 run cut short leaves a piece of itself that will not read
 * as anything on its own (伊戈爾：”M: the ” and M of 擬). */
static int
reads_to_end(const struct hypothesis *h, size_t nb, size_t nbound)
{
	return h->image == IMAGE_CP1252 && h->target == TARGET_GBK && nb + 1 == nbound;
}

/* The best hypothesis at char i into *b (b->class_name NULL: none): for
 * each, the best of the places where its decoding could end, or its end
 * if that is nearly as good (see reads_to_end). */
static int
best_at(struct line_ctx *c, size_t i, struct best *b)
{
	const struct hypothesis *h;
	struct cand_walk w;
	double gain;
	size_t k, j, len, nb, nchars, best_len;
	int lossy, twice;

	b->class_name = NULL;
	b->gain = 0;
	b->clear = 0;
	for (k = 0; k < sizeof mj_hypotheses / sizeof *mj_hypotheses; k++) {
		h = &mj_hypotheses[k];
		if ((c->swaps_only && !is_swap(h)) ||
		    (j = try_hypothesis(c, h, i, &lossy)) == 0)
			continue;
		twice = h->image == IMAGE_CP1252 && h->target == TARGET_UTF8 &&
		        undo_double_utf8(c->m, &c->cand);
		if (twice) {   /* only the whole of it was decoded twice */
			c->bound_len[0] = c->cand.len;
			c->bound_end[0] = j;
			c->nbound = 1;
		}
		memset(&w, 0, sizeof w);
		w.last = char_before(c, i);
		best_len = 0;
		for (nb = 0; nb < c->nbound; nb++) {
			len = c->bound_len[nb];
			j = c->bound_end[nb];
			walk_to(c, &w, len);
			nchars = (size_t)w.non_ascii;
			gain = gain_of(c, h, i, j, &w, lossy,
			               c->dropped_bounds ? c->bound_fills[nb] : 0);
			if (is_swap(h) && gain < -SWAP_HOPELESS)
				break;
			if (gain < GAIN_BASE + GAIN_PER_CHAR * (double)nchars ||
			    (gain <= b->gain + (is_swap(h) && best_len > 0 ? SWAP_LONGER_MARGIN : 0) &&
			     !(reads_to_end(h, nb, c->nbound) &&
			     best_len > 0 && gain >= b->gain - RUN_END_SLACK)) ||
			    !acceptable(c, h, i, j, &w, lossy))
				continue;
			b->gain = gain;
			b->end = j;
			b->class_name = twice ? "utf8-as-cp1252-twice" : h->class_name;
			best_len = len;
			/* Valid UTF-8 winning by far needs no rivals. */
			b->clear = h->target == TARGET_UTF8 &&
			           gain > CLEAR_WIN * (GAIN_BASE + GAIN_PER_CHAR * (double)nchars);
		}
		if (best_len > 0) {   /* this hypothesis is the best so far */
			b->text.len = 0;
			if (zc_buf_append(&b->text, c->cand.data, best_len) < 0)
				return ZC_ENOMEM;
		}
		/* (bytes 1252 dropped and put back are no such evidence:
		 * GBK read as 1252 may read as UTF-8 with some put back) */
		if (b->clear && (lossy == 0 || h->image != IMAGE_CP1252))
			break;
	}
	return 0;
}

/* The hypothesis class_name names (NULL: none, as for 符号码 decoded
 * twice). */
static const struct hypothesis *
hypothesis_named(const char *class_name)
{
	size_t k;

	for (k = 0; k < N_HYPOTHESES; k++)
		if (mj_hypotheses[k].class_name == class_name)
			return &mj_hypotheses[k];
	return NULL;
}

/* Whether class_name is that of 符号码, UTF-8 read as Windows-1252 once. */
static int
is_fu_hao_ma(const char *class_name)
{
	const struct hypothesis *h = hypothesis_named(class_name);

	return h != NULL && h->image == IMAGE_CP1252 && h->target == TARGET_UTF8;
}

/* Whether char k is an ASCII mark a Big5/GBK swap found at an earlier
 * start reads across (see MARK): the look-ahead steps over it. */
static int
inside_swap(const struct line_ctx *c, size_t k)
{
	const struct hypothesis *h = hypothesis_named(c->here.class_name);

	return k < c->here.end && h != NULL && is_swap(h) && is_ascii_mark(c->chars[k].cp);
}

/* Where the run of 符号码 found at char i starts: UTF-8 read as
 * Windows-1252 whose first characters are ordinary punctuation (Hebrew ב
 * and ה read as ×‘×”) shows only further on, where a rarer one stands, and
 * no hypothesis was tried before it. The Windows-1252 characters just
 * before i are tried as starts, the earliest first; one whose reading runs
 * at least as far and gains more takes c->here's place. */
static int
start_earlier(struct line_ctx *c, size_t *i)
{
	size_t k = *i, from;
	int rc;

	/* (only where the char before could end a UTF-8 character) */
	if (k == 0 || !is_continuation(c->m, c->chars[k - 1].cp))
		return 0;
	while (k > c->free_from && *i - k < NEAR && c->chars[k - 1].cp >= 0x80 &&
	       zc_charmodel_cp1252_byte(c->m, c->chars[k - 1].cp) != 0)
		k--;
	for (from = k; from < *i; from++) {
		if ((rc = best_at(c, from, &c->later)) < 0)
			return rc;
		if (c->later.class_name == c->here.class_name && c->later.end >= c->here.end &&
		    c->later.gain > c->here.gain) {
			struct best swap = c->here;

			c->here = c->later;
			c->later = swap;
			*i = from;
			break;
		}
	}
	return 0;
}

/* Try every hypothesis at char i and at i + 1; apply the best at i if it
 * wins clearly and the damage does not rather start one later (a clean
 * quote before 符号码 is also a Windows-1252 byte). Returns the char index
 * to continue from (i when nothing was done), or a negative ZC_E* code. */
long
mj_repair_at(struct line_ctx *c, size_t i)
{
	struct best swap;
	size_t k;
	int rc;

	if (c->later_valid && c->later_start == i) {
		/* Found while looking ahead from an earlier start. */
		swap = c->here;
		c->here = c->later;
		c->later = swap;
	} else if ((rc = best_at(c, i, &c->here)) < 0) {
		return rc;
	}
	c->later_valid = 0;
	if (c->here.class_name == NULL)
		return (long)i;
	for (k = i + 1; !c->here.clear && k <= i + LOOKAHEAD && k < c->n &&
	     (c->chars[k].cp >= 0x80 || inside_swap(c, k)); k++) {
		if (c->chars[k].cp < 0x80)
			continue;
		if ((rc = best_at(c, k, &c->later)) < 0)
			return rc;
		if (c->later.class_name != NULL && c->later.gain > c->here.gain) {
			c->later_valid = 1;   /* go on at k, where it is kept */
			c->later_start = k;
			return (long)k;
		}
	}
	if (is_fu_hao_ma(c->here.class_name) && (rc = start_earlier(c, &i)) < 0)
		return rc;
	if ((rc = mj_emit_repair(c, i, c->here.end, c->here.text.data, c->here.text.len,
	                      c->here.class_name)) < 0)
		return rc;
	return (long)c->here.end;
}
