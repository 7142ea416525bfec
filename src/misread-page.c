/*
 * misread-page.c - pages of UTF-8 read as GBK (古文码) or as Windows-1252
 * (符号码) as a whole.
 *
 * mojibake.c repairs a span of a line when the model finds its UTF-8
 * reading far more plausible than what the line shows. A short span never
 * is on its own: a menu item ("鏄撲俊" for 易信), a symbol ("漏" for ©, "聽"
 * for a no-break space, "掳" for °, "â‹…" for ⋅), a lone character ("è¸©"
 * for 踩). But a page read with the wrong code page is read wrong
 * throughout. Once a long run has shown that (Chinese encoded in GBK is
 * almost never valid UTF-8 for more than a character or two, and Latin
 * text never spells three Chinese characters in UTF-8, so a long run whose
 * bytes are valid UTF-8 is proof), the short runs of the same line or page
 * are repaired too, when the model prefers them or they make a symbol
 * where no Chinese stands beside it.
 */
#include <string.h>

#include "internal.h"
#include "misread-page.h"

/* A run whose UTF-8 holds this many characters from U+0800 up (Chinese,
 * CJK punctuation) proves its line misread; a line with this many Han
 * characters and no such run is clean text, and so is one whose first
 * SURE_CLEAN_CHARS are none of a run (misread text is runs throughout). */
#define PROOF_CHARS 3
#define CLEAN_CHARS 8
#define SURE_CLEAN_CHARS 32
/* The longest run looked at in one piece, in characters of the text. */
#define MAX_RUN 256
/* What a short Chinese run's reading must win by, in nats, on a page
 * known to be misread (mojibake.c asks much more of a line alone). */
#define PAGE_MARGIN 2.0
/* Windows-1252 misreadings undone at most, one after the other. */
#define MAX_PASSES 3

/* A run of characters of the text whose bytes in the code page that
 * misread them are valid UTF-8. */
struct run {
	size_t end;                 /* where it ends in the text */
	size_t nchars;              /* characters of the text */
	char bytes[2 * MAX_RUN];    /* their bytes: the UTF-8 */
	size_t len;
};

/* How many of bytes[at..len) are whole valid characters: -1 where the
 * bytes cannot be UTF-8, else the bytes decoded (a partial character at
 * the end is left for more bytes). */
static long
decode_whole(const char *bytes, size_t at, size_t len)
{
	size_t i = at, need, k;
	uint32_t cp;

	while (i < len) {
		need = zc_utf8_lead_length((unsigned char)bytes[i]);
		if (need == 0)
			return -1;
		if (i + need > len) {
			for (k = i + 1; k < len; k++)
				if (((unsigned char)bytes[k] & 0xC0) != 0x80)
					return -1;
			break;
		}
		if (zc_utf8_decode(bytes + i, need, &cp) != need || cp == ZC_INVALID)
			return -1;
		i += need;
	}
	return (long)(i - at);
}

/* Append the bytes cp was read from under how; 0 if it was none. */
static int
add_bytes(const zc_charmodel *m, enum zc_misread how, uint32_t cp, struct run *r)
{
	unsigned code;
	int b;

	if (how == ZC_MISREAD_CP1252) {
		if ((b = zc_charmodel_cp1252_byte(m, cp)) < 0)
			return 0;
		r->bytes[r->len++] = (char)b;
		return 1;
	}
	if (cp == 0x20AC) {   /* CP936's one-byte euro */
		r->bytes[r->len++] = (char)0x80;
		return 1;
	}
	if ((code = zc_charmodel_encode2(m, ZC_CP_GBK, cp)) == 0)
		return 0;
	r->bytes[r->len++] = (char)(code >> 8);
	r->bytes[r->len++] = (char)(code & 0xFF);
	return 1;
}

/* UTF-8 read as Windows-1252 twice or more (double UTF-8): while the
 * run's UTF-8 is itself such a misreading, undo that too. */
static void
undo_again(const zc_charmodel *m, struct run *r)
{
	char again[2 * MAX_RUN];
	size_t i, k, n;
	uint32_t cp;
	int b, pass;

	for (pass = 1; pass < MAX_PASSES; pass++) {
		for (i = n = 0; i < r->len; i += k) {
			k = zc_utf8_decode(r->bytes + i, r->len - i, &cp);
			if (cp < 0x80 || (b = zc_charmodel_cp1252_byte(m, cp)) < 0)
				return;
			again[n++] = (char)b;
		}
		if (decode_whole(again, 0, n) != (long)n)
			return;
		memcpy(r->bytes, again, n);
		r->len = n;
	}
}

/*
 * The longest run from text[i] (a non-ASCII character) up to len: characters
 * the code page has, whose bytes decode to whole UTF-8 characters ending
 * with the run. Returns 0 if there is none.
 */
static int
find_run(const zc_charmodel *m, enum zc_misread how, const char *text, size_t len,
         size_t i, struct run *r)
{
	size_t done = 0, whole_len = 0, whole_end = i, whole_chars = 0, step;
	uint32_t cp;
	long n;

	r->len = 0;
	r->nchars = 0;
	while (i < len && (unsigned char)text[i] >= 0x80 && r->nchars < MAX_RUN) {
		step = zc_utf8_decode(text + i, len - i, &cp);
		if (cp == ZC_INVALID || !add_bytes(m, how, cp, r))
			break;
		r->nchars++;
		i += step;
		if ((n = decode_whole(r->bytes, done, r->len)) < 0)
			break;
		done += (size_t)n;
		if (done == r->len) {
			whole_len = r->len;
			whole_end = i;
			whole_chars = r->nchars;
		}
	}
	r->len = whole_len;
	r->end = whole_end;
	r->nchars = whole_chars;
	if (how == ZC_MISREAD_CP1252)
		undo_again(m, r);
	return whole_len > 0;
}

static int
is_wide_text(uint32_t cp)
{
	return zc_is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0xFF01 && cp <= 0xFF5E);
}

static int
is_ascii_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* What the run's UTF-8 holds. */
struct reading {
	size_t wide;       /* Chinese and CJK punctuation */
	size_t latin1;     /* U+00A0-U+00FF */
	size_t letters;    /* of them, letters */
	size_t nbsp;
	size_t symbols;    /* U+2028-U+2BFF: arrows, operators, ... */
	size_t other;      /* anything else that is not ASCII text */
};

static void
classify(const struct run *r, struct reading *rd)
{
	size_t i = 0, step;
	uint32_t cp;

	memset(rd, 0, sizeof *rd);
	while (i < r->len) {
		step = zc_utf8_decode(r->bytes + i, r->len - i, &cp);
		i += step;
		if (cp >= 0x20 && cp < 0x7F)
			continue;
		if (cp >= 0x800 && is_wide_text(cp))
			rd->wide++;
		else if (cp >= 0xA0 && cp <= 0xFF) {
			rd->latin1++;
			rd->nbsp += cp == 0xA0;
			rd->letters += cp >= 0xC0 && cp != 0xD7 && cp != 0xF7;
		} else if (cp >= 0x2028 && cp <= 0x2BFF) {
			rd->symbols++;
		} else {
			rd->other++;
		}
	}
}

/*
 * Whether the run text[i..r->end) of a misread line or page is damage:
 * Chinese the model prefers to what stands there; symbols and no-break
 * spaces where no Chinese stands on either side (a real 聽, 路 or 楼 stands
 * beside Chinese: "北路15號", "三楼"), or a run of no-break spaces; Latin
 * letters inside a Latin word.
 */
static int
is_damage(const zc_charmodel *m, const char *text, size_t len, size_t i,
          const struct run *r)
{
	uint32_t prev = zc_utf8_before(text, i), next = zc_utf8_char_at(text, len, r->end);
	struct reading rd;

	classify(r, &rd);
	/* Chinese with no-break spaces ("首页  >") is judged as Chinese. */
	if (rd.other > 0 || (rd.wide > 0 && rd.latin1 + rd.symbols > rd.nbsp))
		return 0;
	if (rd.wide > 0)
		return zc_charmodel_score_between(m, prev, r->bytes, r->len, next, NULL) >
		       zc_charmodel_score_between(m, prev, text + i, r->end - i, next, NULL) +
		       PAGE_MARGIN;
	if (rd.letters > 0 && rd.letters == rd.latin1 && rd.symbols == 0)
		return is_ascii_letter(prev) || is_ascii_letter(next);
	if (rd.letters > 0)
		return 0;
	return rd.nbsp >= 2 || (!zc_is_han(prev) && !zc_is_han(next));
}

/* The characters U+4E00-U+9FFF of text, by their first byte. */
static size_t
count_han(const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += (unsigned char)text[i] >= 0xE4 && (unsigned char)text[i] <= 0xE9;
	return n;
}

enum zc_page_evidence
zc_misread_evidence(const zc_charmodel *m, enum zc_misread how, const char *text,
                    size_t len)
{
	struct run r;
	struct reading rd;
	size_t i = 0, chars = 0, step;
	uint32_t cp;
	int short_run = 0, runs = 0;

	/* Every misread run holds a Latin-1 letter Ã-ï, U+00C3-U+00EF (the
	 * UTF-8 of a character from U+0080 up starts with 0xC2-0xEF). */
	if (how == ZC_MISREAD_CP1252 && memchr(text, 0xC3, len) == NULL)
		return count_han(text, len) >= CLEAN_CHARS ? ZC_PAGE_CLEAN : ZC_PAGE_SAYS_NOTHING;
	while (i < len && (runs > 0 || chars < SURE_CLEAN_CHARS)) {
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		if (find_run(m, how, text, len, i, &r)) {
			classify(&r, &rd);
			if (rd.other == 0 && rd.wide >= PROOF_CHARS)
				return ZC_PAGE_MISREAD;
			short_run |= rd.other == 0 && is_damage(m, text, len, i, &r);
			runs++;
			chars += r.nchars;
			i = r.end;
			continue;
		}
		step = zc_utf8_decode(text + i, len - i, &cp);
		chars += zc_is_han(cp);
		i += step;
	}
	if (short_run)
		return ZC_PAGE_SHORT_RUN;
	return chars >= CLEAN_CHARS ? ZC_PAGE_CLEAN : ZC_PAGE_SAYS_NOTHING;
}

/* Whether a run may start at text[i] of a line (not a page) known to be
 * misread: what the mix-up repair left of it starts the line, follows
 * ASCII or follows what that repair wrote (its ranges end at i). */
static int
may_start_run(const char *text, size_t i, const size_t *skip, size_t k)
{
	return i == 0 || (unsigned char)text[i - 1] < 0x80 || (k > 0 && skip[2 * k - 1] == i);
}

int
zc_misread_reread(const zc_charmodel *m, enum zc_misread how, int whole_page,
                  const char *text, size_t len, const size_t *skip, size_t nskip,
                  zc_buf *out, zc_repair_cb cb, void *cb_arg)
{
	struct run r;
	size_t i = 0, copied = 0, k = 0, limit;
	uint32_t cp;
	int changes = 0;

	while (i < len) {
		while (k < nskip && skip[2 * k + 1] <= i)
			k++;
		if (k < nskip && skip[2 * k] <= i) {
			i = skip[2 * k + 1];
			continue;
		}
		limit = k < nskip ? skip[2 * k] : len;
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		if ((!whole_page && !may_start_run(text, i, skip, k)) ||
		    !find_run(m, how, text, limit, i, &r)) {
			i += zc_utf8_decode(text + i, len - i, &cp);
			continue;
		}
		if (is_damage(m, text, len, i, &r)) {
			if (zc_buf_append(out, text + copied, i - copied) < 0 ||
			    zc_buf_append(out, r.bytes, r.len) < 0)
				return ZC_ENOMEM;
			if (cb)
				cb(cb_arg, i, text + i, r.end - i, r.bytes, r.len,
				   how == ZC_MISREAD_GBK ? "utf8-as-gbk" : "utf8-as-cp1252");
			changes++;
			copied = r.end;
		}
		i = r.end;
	}
	if (zc_buf_append(out, text + copied, len - copied) < 0)
		return ZC_ENOMEM;
	return changes;
}
