/*
 * mojibake.c - repair of encoding mix-ups inside one line of UTF-8.
 *
 * Most lines are clean, so a fast scan looks for characters that only
 * damage produces (zc_charmodel_suspicion) and copies the line when there
 * are none. Otherwise the line is decoded into characters and, at every
 * non-ASCII character, each mix-up is tried as a hypothesis: the run of
 * characters from there is turned back into the bytes the wrong decoder
 * read (GBK, CP950 or Windows-1252, tables from iconv) and those bytes are
 * decoded as what they really were (UTF-8, GBK or CP950). A hypothesis that
 * decodes cleanly is scored against the original, with one character of
 * context each side, by the character model; the best one is applied only
 * when it wins by a wide margin. Bytes a codec lost ('?' in 古文码, the
 * five bytes Windows-1252 leaves undefined in 符号码 and in GBK read as
 * Windows-1252, the halves of the characters at the ends of shifted GBK)
 * are filled with the candidate the model prefers; where GBK read as
 * Windows-1252 lost bytes, where they went is found by reading the bytes
 * again with each of them put back (Viterbi), and a fill that the model
 * cannot choose is shown as 〓. Runs of U+FFFD, 锟斤拷 and 烫烫烫/屯屯屯
 * carry no information and are removed.
 *
 * This file holds the public entry points, the fast path, the set-up of
 * a line (split_chars), the driver that walks it (repair_chars, windows of
 * long lines), the output of repairs and the removal of runs that carry no
 * information. The rest is split by concern, sharing mojibake-line.h:
 * mojibake-decode.c turns characters back into bytes and decodes them,
 * mojibake-hypotheses.c tries and judges the mix-ups at one place,
 * mojibake-shifted.c repairs GBK shifted by a byte and characters lost
 * whole, and mojibake-swap.c a whole line read in the other of Big5 and GBK.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mojibake.h"
#include "mojibake-line.h"

/* Runs of 烫 or 屯 this long are uninitialised memory (one is a word). */
#define MIN_FILL_RUN 2
/* Lines longer than this are repaired in pieces of about this size. */
#define WINDOW ((size_t)65536)

/* ---- the fast path ------------------------------------------------------ */

int
zc_mojibake_unlikely(const zc_charmodel *m, uint32_t cp)
{
	if (cp < 0x80 || (zc_charmodel_suspicion(m, cp) < 2 &&
	                  zc_charmodel_unigram(m, cp) >= LOGP_UNLIKELY))
		return 0;
	/* no swap makes what neither code page has (U+00A0, emoji) */
	return zc_charmodel_encode2(m, ZC_CP_GBK, cp) != 0 ||
	       zc_charmodel_encode2(m, ZC_CP_CP950, cp) != 0;
}

int
zc_mojibake_unlikely_near(const zc_charmodel *m, uint32_t a, uint32_t b, size_t gap)
{
	if (gap == 1)   /* a word of two rare characters is text */
		return zc_charmodel_char_logp(m, a, b) <= zc_charmodel_unigram(m, b);
	return gap <= ZC_UNLIKELY_GAP;
}

/* The suspicion of the character text starts with. */
static int
next_level(const zc_charmodel *m, const char *text, size_t len)
{
	uint32_t cp;

	zc_utf8_decode(text, len, &cp);
	return cp == ZC_INVALID ? 0 : zc_charmodel_suspicion(m, cp);
}

static int
line_is_suspicious(const zc_charmodel *m, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *level = zc_charmodel_suspicion_table(m);
	const float *unigram = zc_charmodel_unigram_table(m);
	const unsigned char *han_script = zc_charmodel_han_script_table(m);
	size_t i = 0, k = 0, last = 0, last_unlikely = 0, n;
	uint32_t cp, prev_unlikely = 0;
	int lv, prev_lv = 0;
	unsigned scripts = 0;

	/* Two characters of level 1 with at most two others between, or a
	 * '?' (a lost byte) touching one, or between two non-ASCII ones, or
	 * "??" touching any non-ASCII; or, at the end, traditional and
	 * simplified forms on one line (zc_charmodel_han_script). */
	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] == '?' && (prev_lv > 0 ||
			    (i > 0 && s[i - 1] >= 0x80 && i + 1 < len && s[i + 1] >= 0x80) ||
			    (i > 0 && s[i - 1] >= 0x80 && i + 2 < len && s[i + 1] >= 0x40 &&
			     s[i + 1] <= 0x7E && s[i + 2] >= 0x80) ||
			    (i + 1 < len && s[i + 1] == '?' && (i > 0 && s[i - 1] >= 0x80)) ||
			    (i + 2 < len && s[i + 1] == '?' && s[i + 2] >= 0x80) ||
			    (i + 1 < len && s[i + 1] >= 0x80 && next_level(m, text + i + 1, len - i - 1) > 0)))
				return 1;
			prev_lv = 0;
			i++;
			continue;
		}
		if (s[i] >= 0xE0 && s[i] <= 0xEF && i + 2 < len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			cp = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
			     (s[i + 2] & 0x3F);
			n = 3;   /* the common case, decoded inline */
		} else {
			n = zc_utf8_decode(text + i, len - i, &cp);
		}
		i += n;
		k++;
		lv = cp < 0x10000 ? level[cp] : 0;
		if (lv == 2 || (lv == 1 && last != 0 && k - last <= 3))
			return 1;
		if (cp < 0x10000)
			scripts |= han_script[cp];
		if (lv == 1)
			last = k;
		prev_lv = lv;
		/* (the common no of zc_mojibake_unlikely without the call) */
		if (!(cp < 0x10000 && lv < 2 && unigram[cp] >= LOGP_UNLIKELY) &&
		    zc_mojibake_unlikely(m, cp)) {
			if (last_unlikely != 0 &&
			    zc_mojibake_unlikely_near(m, prev_unlikely, cp, k - last_unlikely))
				return 1;
			last_unlikely = k;
			prev_unlikely = cp;
		}
	}
	return scripts == (ZC_HAN_TRADITIONAL | ZC_HAN_SIMPLIFIED);
}

/* ---- output ------------------------------------------------------------- */

/* Keep the line's script counts (see mark_scripts) as chars [i, j) are
 * replaced with after[0..n). */
static void
count_scripts_replaced(struct line_ctx *c, size_t i, size_t j, const char *after,
                       size_t n)
{
	size_t at, step;
	uint32_t cp;
	int script;

	for (script = ZC_HAN_TRADITIONAL; script <= ZC_HAN_SIMPLIFIED; script++)
		c->script_total[script] -= c->script_prefix[script][j] - c->script_prefix[script][i];
	for (at = 0; at < n; at += step) {
		step = zc_utf8_decode(after + at, n - at, &cp);
		if (cp < 0x10000 && (script = c->han_script[cp]) != 0)
			c->script_total[script]++;
	}
}

/* Replace chars [i, j) with after[0..n). */
int
mj_emit_repair(struct line_ctx *c, size_t i, size_t j, const char *after,
            size_t n, const char *class_name)
{
	size_t from = c->chars[i].off;
	size_t to = j < c->n ? c->chars[j].off : c->len;
	size_t k;

	if (from < c->copied)
		return ZC_EINVAL;   /* overlapping repairs: a bug */
	if (zc_buf_append(c->out, c->text + c->copied, from - c->copied) < 0 ||
	    zc_buf_append(c->out, after, n) < 0)
		return ZC_ENOMEM;
	if (c->mixed_scripts)
		count_scripts_replaced(c, i, j, after, n);
	c->copied = to;
	c->free_from = j;
	for (k = 0; k < sizeof mj_hypotheses / sizeof *mj_hypotheses; k++)
		if (class_name == mj_hypotheses[k].class_name) {
			if (mj_hypotheses[k].target != TARGET_UTF8 &&
			    c->first_legacy == NO_POS) {
				c->first_legacy = i;
				c->first_legacy_out = c->out->len - n;
				c->before_legacy = c->changes;
				c->first_legacy_kind = (unsigned)k;
			}
			if (mj_hypotheses[k].target != TARGET_UTF8) {
				c->last_legacy_end = j;
				c->last_legacy_kind = (unsigned)k;
			}
			c->seen |= 1u << k;
		}
	c->changes++;
	if (c->cb)
		c->cb(c->cb_arg, from, c->text + from, to - from, after, n, class_name);
	return 0;
}

/* ---- runs that carry no information ------------------------------------- */

/* Two U+FFFD read as GBK (锟斤拷) and as Big5 (嚙踝蕭, Taiwan's): the UTF-8
 * bytes EF BF BD EF BF BD taken in pairs. */
static const uint32_t two_replacements[][3] = {
	{0x951F, 0x65A4, 0x62F7}, {0x5699, 0x8E1D, 0x856D},
};

/* Which of two_replacements starts at char j, or -1. */
static int
two_replacements_at(const struct line_ctx *c, size_t j)
{
	int k;

	for (k = 0; k < 2; k++)
		if (char_at(c, j) == two_replacements[k][0] &&
		    char_at(c, j + 1) == two_replacements[k][1] &&
		    char_at(c, j + 2) == two_replacements[k][2])
			return k;
	return -1;
}

/* Whether char j is the first character of one of two_replacements. */
static int
is_replacement_lead(const struct line_ctx *c, size_t j)
{
	return char_at(c, j) == two_replacements[0][0] || char_at(c, j) == two_replacements[1][0];
}

/* The end of the 锟斤拷 / 嚙踝蕭 / U+FFFD run at i, or i. A lone 锟 or 嚙
 * (an odd number of U+FFFD) goes with a run before it, or with a U+FFFD or
 * '?' after it (its last byte and the next made nothing). */
static size_t
replacement_run_end(const struct line_ctx *c, size_t i)
{
	size_t j = i;

	for (;;) {
		if (char_at(c, j) == 0xFFFD) {
			j++;
		} else if (two_replacements_at(c, j) >= 0) {
			j += 3;
		} else if (is_replacement_lead(c, j) && (j > i ||
		           char_at(c, j + 1) == 0xFFFD || char_at(c, j + 1) == '?')) {
			j += 1 + (char_at(c, j + 1) == '?');
		} else {
			return j;
		}
	}
}

static int
is_quote_open(uint32_t cp)
{
	return cp == 0x201C || cp == 0x300C || cp == 0x300E || cp == 0x300A ||
	       cp == 0x2018 || cp == '"' || cp == '\'';
}

/* Whether the line is about encodings: the words 乱码 (亂碼) and 编码
 * (編碼). */
static int
talks_about_encodings(const struct line_ctx *c)
{
	static const uint32_t first[] = {0x4E71, 0x4E82, 0x7F16, 0x7DE8};
	size_t k, f;

	for (k = 0; k + 1 < c->n; k++)
		for (f = 0; f < sizeof first / sizeof *first; f++)
			if (c->chars[k].cp == first[f] && c->chars[k + 1].cp == 0x7801 /* 码 */)
				return 1;
			else if (c->chars[k].cp == first[f] && c->chars[k + 1].cp == 0x78BC /* 碼 */)
				return 1;
	return 0;
}

static int
is_quote_close(uint32_t cp)
{
	return cp == 0x201D || cp == 0x300D || cp == 0x300F || cp == 0x300B ||
	       cp == 0x2019 || cp == '"' || cp == '\'';
}

/* Whether chars [i, j) stand between quotes (“锟斤拷”): named, not
 * damage. An opening quote alone is not enough: damage replaces the
 * words after one as often as any others (“屯屯屯屯病). */
static int
is_quoted(const struct line_ctx *c, size_t i, size_t j)
{
	return i > 0 && is_quote_open(char_before(c, i)) && is_quote_close(char_at(c, j));
}

/* A lone 锟斤拷 (or 嚙踝蕭) is a word when it is quoted, or when the line
 * talks about encodings (所谓锟斤拷就是乱码); otherwise it is two U+FFFD read
 * as GBK (or Big5). */
static int
is_word_kunjinkao(const struct line_ctx *c, size_t i, size_t j)
{
	if (j - i != 3 || two_replacements_at(c, i) < 0)
		return 0;
	return is_quoted(c, i, j) || talks_about_encodings(c);
}

/* 烫烫 and 屯屯 are words before 的/地/得 (烫烫的: two, no more), or
 * quoted, or named where the line talks about encodings. */
static int
is_word_fill(const struct line_ctx *c, size_t i, size_t j)
{
	uint32_t after = char_at(c, j);

	return is_quoted(c, i, j) ||
	       (j - i == 2 && (after == 0x7684 || after == 0x5730 || after == 0x5F97)) ||
	       talks_about_encodings(c);
}

/* Handle a run of damage without information at i. Returns the index to go
 * on from (i: none here) or a negative code. */
static long
remove_damage_run(struct line_ctx *c, size_t i)
{
	uint32_t cp = c->chars[i].cp;
	size_t j = replacement_run_end(c, i);

	if (j > i && !is_word_kunjinkao(c, i, j))
		return mj_emit_repair(c, i, j, "", 0, "replacement-run") < 0 ? ZC_ENOMEM
		                                                          : (long)j;
	if (cp != 0x70EB && cp != 0x5C6F)    /* 烫, 屯 */
		return (long)i;
	for (j = i; char_at(c, j) == cp; j++)
		;
	if (j - i < MIN_FILL_RUN)
		return (long)i;
	if (is_word_fill(c, i, j))   /* (the whole word, not its tail next) */
		return (long)j;
	return mj_emit_repair(c, i, j, "", 0, "uninitialised-memory") < 0 ? ZC_ENOMEM
	                                                               : (long)j;
}

/* ---- the slow path ------------------------------------------------------ */

/* Damage shows within its first NEAR characters: every hypothesis
 * needs something suspicious there, which saves trying them at every
 * character of clean text. */
static int
suspicious_near(const struct line_ctx *c, size_t i)
{
	return count_suspicious(c, i, i + NEAR < c->n ? i + NEAR : c->n) > 0;
}

/* The same for the swaps, which make unlikely characters out of likely
 * ones: where none near reads as a likely one the other way, no swap is
 * tried (lines of rare names, as SEO keywords are, would try them at every
 * character). */
static int
swappable_near(const struct line_ctx *c, size_t i)
{
	size_t end = i + NEAR < c->n ? i + NEAR : c->n;

	return c->swappable_prefix[end] > c->swappable_prefix[i];
}

/* Whether the bytes of cp in one of GBK and Big5 read in the other as a
 * character that is not unlikely. */
static int
swappable(const struct line_ctx *c, uint32_t cp)
{
	static const enum zc_codepage from[] = {ZC_CP_GBK, ZC_CP_CP950};
	unsigned code;
	uint32_t other;
	int k;

	for (k = 0; k < 2; k++)
		if ((code = zc_charmodel_encode2(c->m, from[k], cp)) != 0 &&
		    (other = zc_charmodel_decode2(c->m, from[1 - k], code >> 8, code & 0xFF)) != 0 &&
		    !zc_mojibake_unlikely(c->m, other))
			return 1;
	return 0;
}

/* zc_mojibake_unlikely(c->m, cp), cp of suspicion level: the common
 * answer (no) from the tables, with no call (every char of a damaged line
 * asks). */
static int
char_unlikely(const struct line_ctx *c, uint32_t cp, int level)
{
	if (cp < 0x80 || (level < 2 && unigram(c, cp) >= LOGP_UNLIKELY))
		return 0;
	return zc_mojibake_unlikely(c->m, cp);
}

/* The scripts of the line (see line_ctx), and the chars of the fewer (of
 * neither where there are as many of each), where the chars about them
 * are mostly of the other (see more_of_script_around), marked unlikely and,
 * if they read as likely in the other code page, swappable: simplified
 * characters inside traditional text are what Big5 read as GBK makes
 * (閩東日厨 for 閩東日報), and traditional ones inside simplified text what
 * GBK read as Big5 makes. (Marking the chars of both costs damaged text a tenth of its
 * speed: a swap is tried at each.) A line longer than a window is looked
 * at a window at a time; demojibake's fast path looks at it whole, so a
 * window may come here and find one script only: time lost, no harm. */
static void
mark_scripts(struct line_ctx *c, const size_t *count)
{
	size_t i, k, *trad = c->script_prefix[ZC_HAN_TRADITIONAL],
	       *simp = c->script_prefix[ZC_HAN_SIMPLIFIED];
	int script, more = script_with_more(count);

	if (count[ZC_HAN_TRADITIONAL] == 0 || count[ZC_HAN_SIMPLIFIED] == 0)
		return;
	c->mixed_scripts = 1;
	for (k = 0; k < 3; k++)
		c->script_total[k] = count[k];   /* ([0] is not read) */
	trad[0] = simp[0] = 0;
	for (i = 0; i < c->n; i++) {
		script = c->chars[i].cp < 0x10000 ? c->han_script[c->chars[i].cp] : 0;
		trad[i + 1] = trad[i] + (script == ZC_HAN_TRADITIONAL);
		simp[i + 1] = simp[i] + (script == ZC_HAN_SIMPLIFIED);
	}
	for (i = 0; more != 0 && i < c->n; i++) {
		struct ch *ch = &c->chars[i];

		if (ch->cp < 0x10000 && c->han_script[ch->cp] == other_script(more) &&
		    !ch->unlikely && more_of_script_around(c, more, i, i + 1)) {
			ch->unlikely = 1;
			ch->swappable = swappable(c, ch->cp);
		}
	}
}

static int
split_chars(struct line_ctx *c)
{
	size_t i, k;
	int level;
	size_t count[3] = {0, 0, 0};   /* chars of each zc_charmodel_han_script */
	size_t kind, cap = 2 * (c->len < MAX_IMAGE ? c->len : MAX_IMAGE) + 4;
	/* One block for all the arrays of the line, the most aligned first:
	 * a dozen mallocs and more cost more than the repair of a short line. */
	size_t n_sizes = 7 * (c->len + 2) + 3 * (cap + c->len + 1);
	char *p = malloc((c->len + 1) * sizeof *c->chars + n_sizes * sizeof(size_t) +
	                 3 * cap * sizeof(unsigned));

	if ((c->arrays = p) == NULL)
		return ZC_ENOMEM;
	c->chars = (struct ch *)(void *)p;
	p += (c->len + 1) * sizeof *c->chars;
	c->bound_len = (size_t *)(void *)p;
	c->bound_end = c->bound_len + c->len + 2;
	c->susp_prefix = c->bound_end + c->len + 2;
	c->unlikely_prefix = c->susp_prefix + c->len + 2;
	c->swappable_prefix = c->unlikely_prefix + c->len + 2;
	c->script_prefix[ZC_HAN_TRADITIONAL] = c->swappable_prefix + c->len + 2;
	c->script_prefix[ZC_HAN_SIMPLIFIED] = c->script_prefix[ZC_HAN_TRADITIONAL] + c->len + 2;
	p = (char *)(c->script_prefix[ZC_HAN_SIMPLIFIED] + c->len + 2);
	for (kind = 0; kind < 3; kind++) {
		struct image_cache *ic = &c->cache[kind];

		ic->image_char = (size_t *)(void *)p;
		ic->char_pos = ic->image_char + cap;
		p = (char *)(ic->char_pos + c->len + 1);
	}
	for (kind = 0; kind < 3; kind++) {
		c->cache[kind].image = (unsigned *)(void *)p;
		p += cap * sizeof(unsigned);
	}
	for (i = 0, c->n = 0; i < c->len; i += k, c->n++) {
		struct ch *ch = &c->chars[c->n];

		k = zc_utf8_decode_inline(c->text + i, c->len - i, &ch->cp);
		ch->off = i;
		ch->len = k;
		level = 0;
		if (ch->cp < 0x10000) {
			level = c->suspicion[ch->cp];
			count[c->han_script[ch->cp]]++;
		}
		ch->suspicious = ch->cp == '?' || ch->cp == 0xFFFD || level > 0;
		ch->unlikely = ch->suspicious ||
		               (ch->cp != ZC_INVALID && char_unlikely(c, ch->cp, level));
		ch->swappable = ch->unlikely && ch->cp >= 0x80 && swappable(c, ch->cp);
	}
	mark_scripts(c, count);
	/* No image yet: NO_POS, all bits set, for each char. */
	for (kind = 0; kind < 3; kind++)
		memset(c->cache[kind].char_pos, 0xFF, (c->n + 1) * sizeof(size_t));
	c->susp_prefix[0] = 0;
	c->unlikely_prefix[0] = 0;
	c->swappable_prefix[0] = 0;
	for (i = 0; i < c->n; i++) {
		c->susp_prefix[i + 1] = c->susp_prefix[i] + (size_t)c->chars[i].suspicious;
		c->unlikely_prefix[i + 1] = c->unlikely_prefix[i] + (size_t)c->chars[i].unlikely;
		c->swappable_prefix[i + 1] = c->swappable_prefix[i] + (size_t)c->chars[i].swappable;
	}
	return 0;
}

/* Repair chars [0, c->n) into c->out. */
static int
repair_chars(struct line_ctx *c)
{
	size_t i = 0;
	long next;

	while (i < c->n) {
		if (c->chars[i].cp == '?') {
			if ((next = mj_repair_lost_char(c, i)) == (long)i)
				next = mj_repair_lost_pair(c, i);
			if (next == (long)i)
				next = mj_repair_lost_break(c, i);
			if (next < 0)
				return (int)next;
			i = next == (long)i ? i + 1 : (size_t)next;
			continue;
		}
		if (c->chars[i].cp < 0x80 || c->chars[i].cp == ZC_INVALID) {
			i++;
			continue;
		}
		next = remove_damage_run(c, i);
		c->swaps_only = !suspicious_near(c, i);
		if (next == (long)i && (!c->swaps_only || swappable_near(c, i)))
			next = mj_repair_at(c, i);
		if (next == (long)i)
			next = mj_repair_shifted(c, i);
		if (next < 0)
			return (int)next;
		i = next == (long)i ? i + 1 : (size_t)next;
	}
	return zc_buf_append(c->out, c->text + c->copied, c->len - c->copied) < 0 ?
	       ZC_ENOMEM : 0;
}

static void
drop_images(struct line_ctx *c)
{
	size_t kind, k;

	for (kind = 0; kind < 3; kind++) {
		struct image_cache *ic = &c->cache[kind];

		for (k = ic->first; ic->valid && k <= ic->last; k++)
			ic->char_pos[k] = NO_POS;
		ic->valid = 0;
	}
}

/* A legacy mix-up found only after damage it left alone earlier on the
 * line (a lone 堎 before the first run long enough to tell): go over the
 * part before it again, now knowing the line is damaged that way. */
static int
repair_before_legacy(struct line_ctx *c, zc_buf *out)
{
	size_t f = c->first_legacy, n = c->n, len = c->len, at = c->first_legacy_out;
	zc_buf head = {0};
	int rc, changes = c->changes;

	if (f == NO_POS || c->before_legacy != 0 || c->unlikely_prefix[f] == 0)
		return 0;
	drop_images(c);
	c->n = f;
	c->len = c->chars[f].off;
	c->out = &head;
	c->copied = 0;
	c->free_from = 0;
	c->lost_near = 0;
	c->later_valid = 0;
	rc = repair_chars(c);
	c->n = n;
	c->len = len;
	c->out = out;
	if (rc == 0 && c->changes > changes) {
		/* out[at - off_f, at) is the original head: replace it */
		size_t tail = out->len - at;

		if (zc_buf_reserve(out, head.len) < 0) {
			rc = ZC_ENOMEM;
		} else {
			memmove(out->data + at - c->chars[f].off + head.len,
			        out->data + at, tail);
			memcpy(out->data + at - c->chars[f].off, head.data, head.len);
			out->len = at - c->chars[f].off + head.len + tail;
		}
	}
	zc_buf_free(&head);
	return rc;
}

static int
repair_line(struct line_ctx *c)
{
	zc_buf *out = c->out;
	int rc;

	if ((rc = split_chars(c)) < 0)
		return rc;
	if ((rc = mj_repair_whole_swap(c)) != 0)
		return rc < 0 ? rc : c->changes;
	c->first_legacy = c->last_legacy_end = NO_POS;
	if ((rc = repair_chars(c)) < 0 || (rc = repair_before_legacy(c, out)) < 0)
		return rc;
	return c->changes;
}

/* Where to end a window of a long line: after an ASCII byte below '@' that
 * is not '?' (no repair reaches across one), else on a character boundary. */
static size_t
window_end(const char *text, size_t len)
{
	size_t i;

	if (len <= WINDOW)
		return len;
	for (i = WINDOW; i > WINDOW / 2; i--)
		if ((unsigned char)text[i - 1] < 0x40 && text[i - 1] != '?')
			return i;
	for (i = WINDOW; i > WINDOW - 4 && ((unsigned char)text[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

struct window_cb {
	zc_repair_cb cb;
	void *arg;
	size_t base;
};

static void
shift_offset(void *arg, size_t offset, const char *before, size_t before_len,
             const char *after, size_t after_len, const char *class_name)
{
	struct window_cb *w = arg;

	w->cb(w->arg, w->base + offset, before, before_len, after, after_len, class_name);
}

static int
repair_window(const zc_charmodel *m, const char *text, size_t len, zc_buf *out,
              zc_repair_cb cb, void *cb_arg)
{
	struct line_ctx c;
	int rc;

	if (!line_is_suspicious(m, text, len))
		return zc_buf_append(out, text, len) < 0 ? ZC_ENOMEM : 0;
	memset(&c, 0, sizeof c);
	c.m = m;
	c.text = text;
	c.len = len;
	c.out = out;
	c.cb = cb;
	c.cb_arg = cb_arg;
	c.unigram = zc_charmodel_unigram_table(m);
	c.suspicion = zc_charmodel_suspicion_table(m);
	c.han_script = zc_charmodel_han_script_table(m);
	rc = repair_line(&c);
	free(c.arrays);
	free(c.prefix);
	free(c.steps);
	zc_buf_free(&c.cand);
	zc_buf_free(&c.best);
	zc_buf_free(&c.here.text);
	zc_buf_free(&c.later.text);
	return rc;
}

/* A long line is repaired in windows, so memory stays bounded (the slow
 * path keeps some 60 bytes per byte of the text it looks at). */
int
zc_mojibake_repair(const zc_charmodel *m, const char *text, size_t len,
                   zc_buf *out, zc_repair_cb cb, void *cb_arg)
{
	struct window_cb w = {cb, cb_arg, 0};
	size_t n;
	int rc, total = 0;

	if (m == NULL || (text == NULL && len > 0) || out == NULL)
		return ZC_EINVAL;
	do {
		n = window_end(text + w.base, len - w.base);
		rc = repair_window(m, text + w.base, n, out, cb ? shift_offset : NULL, &w);
		if (rc < 0)
			return rc;
		total += rc;
		w.base += n;
	} while (w.base < len);
	return total;
}
