/*
 * demojibake.c - the demojibake filter: each line goes through the repairs
 * it may need, in an order where each one sees text the earlier ones made
 * readable: HTML entities, ruby pinyin residue, '?' artifacts, encoding
 * mix-ups (mojibake.c), then residue once more (a repaired mix-up can
 * reveal "字(zì)"), then the opt-in normalisations.
 *
 * Most lines are clean. A fast path decides that from the bytes alone, with
 * a table of how suspicious each character is, and copies such a line
 * without building any hypothesis.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "charmodel.h"
#include "demojibake.h"
#include "c1.h"
#include "entities.h"
#include "legacy.h"
#include "misread-page.h"
#include "mojibake.h"
#include "pinyin.h"
#include "qmarks.h"

#define BMP 0x10000
/* The bits of zc_demojibake.char_class. */
#define CLASS_LEVEL 3u
#define CLASS_SCRIPT_SHIFT 2
#define CLASS_MIXED (3u << CLASS_SCRIPT_SHIFT)   /* both scripts */
#define CLASS_UNLIKELY 16u
/* How much of a document may be held back while a lost character waits
 * for the rest of the page to show which character it was. */
#define MAX_HELD ((size_t)256 * 1024)
/* Lines looked at, at most, to tell whether a document is UTF-8 misread
 * as a whole (misread-page.c): most say so in their first lines. */
#define MAX_NOTED 256
/* A long line may be cut where a piece of at least this much ends. */
#define MIN_PIECE ((size_t)16 * 1024)
#define CUT_SEARCH ((size_t)4096)
#define RESIDUE_SPAN 32   /* bytes of "(chuáng|zhuàng)" and more */

/* Which bytes below 0x80 may start damage the filter repairs. */
enum { TRIGGER_QMARK = 1, TRIGGER_PAREN = 2, TRIGGER_AMP = 4, TRIGGER_PUNCT = 8 };

struct zc_demojibake {
	zc_demojibake_opts opts;
	zc_charmodel *model;
	/* Per BMP character, its suspicion (zc_charmodel_suspicion: 2 may be
	 * damage alone, 1 two in a row), its zc_charmodel_han_script shifted
	 * by CLASS_SCRIPT_SHIFT and CLASS_UNLIKELY (zc_mojibake_unlikely):
	 * one load a character on the fast path. */
	unsigned char char_class[BMP];
	unsigned char ascii_trigger[128];
	zc_pinyin_state pinyin;
	zc_buf work[2];
	/* where the current line is, for --explain */
	size_t line_number, column_base;
	const char *pass_text;           /* the text the running step reads */
	/* how many characters of it lie before byte explained_off, the last
	 * change --explain showed (its changes come in order) */
	size_t explained_off, explained_chars;
	int in_line;                     /* the previous piece continues */
	/* whole lines held back, with their ends, from line held_first on */
	zc_buf held;
	size_t held_first, held_lines;
	int held_for_pinyin;
	/* what the document's first lines say of it being UTF-8 misread as
	 * a whole, by code page (misread-page.c), and whether the running line
	 * had such a repair */
	size_t misread_lines[ZC_MISREADS], clean_lines[ZC_MISREADS], noted_lines;
	int line_misread[ZC_MISREADS];
	/* where the mix-up repair wrote in its output (size_t start, end
	 * pairs), for the repair of what it left (misread-page.c) not to read
	 * it again */
	zc_buf repaired;
	size_t shift;           /* output length minus input length so far */
	zc_legacy_reader legacy;   /* whole inputs and lines in GBK or Big5 */
};

/* ---- opening ------------------------------------------------------------ */

/* The traditional form of a simplified character, as OpenCC's s2tw
 * converts it (a table made at build time). */
static uint32_t
traditional_of(void *arg, uint32_t simple)
{
	(void)arg;
	return zc_traditional_tw_char(simple);
}

static void
build_tables(zc_demojibake *d)
{
	const unsigned char *suspicion = zc_charmodel_suspicion_table(d->model);
	const unsigned char *han_script = zc_charmodel_han_script_table(d->model);
	uint32_t cp;

	for (cp = 0x80; cp < BMP; cp++) {
		d->char_class[cp] = (unsigned char)(suspicion[cp] | han_script[cp] << CLASS_SCRIPT_SHIFT |
		                                    (zc_mojibake_unlikely(d->model, cp) ? CLASS_UNLIKELY : 0));
	}
	/* U+00A0 is work for --nbsp. */
	if (d->opts.nbsp)
		d->char_class[0xA0] = (unsigned char)((d->char_class[0xA0] & ~CLASS_LEVEL) | 2);
	d->ascii_trigger['?'] = TRIGGER_QMARK;
	d->ascii_trigger['('] = TRIGGER_PAREN;
	d->ascii_trigger['&'] = TRIGGER_AMP;
	if (d->opts.punct) {
		d->ascii_trigger[','] = d->ascii_trigger[':'] = TRIGGER_PUNCT;
		d->ascii_trigger[';'] = d->ascii_trigger['!'] = TRIGGER_PUNCT;
		d->ascii_trigger['?'] |= TRIGGER_PUNCT;
		d->ascii_trigger['('] |= TRIGGER_PUNCT;
	}
}

int
zc_demojibake_open(zc_demojibake **dp, const zc_demojibake_opts *opts)
{
	zc_demojibake *d;
	iconv_t cd;
	int rc;

	if (opts && opts->from) {
		if ((cd = iconv_open("UTF-8", opts->from)) == (iconv_t)-1)
			return ZC_EENCODING;
		iconv_close(cd);
	}
	if ((d = calloc(1, sizeof *d)) == NULL)
		return ZC_ENOMEM;
	if (opts)
		d->opts = *opts;
	if ((rc = zc_charmodel_open(&d->model)) != ZC_OK) {
		free(d);
		return rc;
	}
	build_tables(d);
	zc_legacy_reader_init(&d->legacy, d->model);
	d->pinyin.traditional_of = traditional_of;
	d->pinyin.traditional_arg = d;
	*dp = d;
	return ZC_OK;
}

void
zc_demojibake_close(zc_demojibake *d)
{
	if (d == NULL)
		return;
	zc_legacy_reader_free(&d->legacy);
	zc_charmodel_close(d->model);
	zc_buf_free(&d->work[0]);
	zc_buf_free(&d->work[1]);
	zc_buf_free(&d->held);
	zc_buf_free(&d->repaired);
	free(d);
}

void
zc_demojibake_reset(zc_demojibake *d)
{
	zc_pinyin_reset(&d->pinyin);
	d->line_number = 0;
	d->column_base = 0;
	d->in_line = 0;
	zc_buf_clear(&d->held);
	d->held_lines = 0;
	d->held_for_pinyin = 0;
	memset(d->misread_lines, 0, sizeof d->misread_lines);
	memset(d->clean_lines, 0, sizeof d->clean_lines);
	d->noted_lines = 0;
}

/* ---- the fast path -------------------------------------------------------- */

/* What a line needs: 0 when it is clean, else TRIGGER_* bits, with
 * NEEDS_MOJIBAKE for characters or bytes only the mix-up repair judges. */
#define NEEDS_MOJIBAKE 16
#define NEEDS_NORMALIZE 32

/* The ASCII triggers in the rest of a line. */
static unsigned
ascii_triggers(const zc_demojibake *d, const char *text, size_t len)
{
	unsigned needs = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] < 0x80)
			needs |= d->ascii_trigger[(unsigned char)text[i]];
	return needs;
}

static unsigned
line_needs(const zc_demojibake *d, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned needs = 0;
	size_t i = 0, step, k = 0, last_unlikely = 0;
	uint32_t cp, prev_unlikely = 0;
	int run = 0, level;   /* run: the previous character was suspicious */
	unsigned cls, scripts = 0;   /* its char_class; all of them or'ed */

	while (i < len) {
		if (s[i] < 0x80) {
			needs |= d->ascii_trigger[s[i]];
			run = 0;
			i++;
			continue;
		}
		if ((s[i] & 0xF0) == 0xE0 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			cp = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
			step = 3;
			cls = d->char_class[cp];
			level = cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ? 2 : (int)(cls & CLASS_LEVEL);
		} else {
			step = zc_utf8_decode(text + i, len - i, &cp);
			cls = cp < BMP ? d->char_class[cp] : 0;
			level = cp == ZC_INVALID ? 2 :
			        cp < BMP ? (int)(cls & CLASS_LEVEL) : zc_charmodel_suspicion(d->model, cp);
		}
		k++;
		scripts |= cls;
		if (cls & CLASS_UNLIKELY) {
			/* Big5/GBK swaps make only unlikely characters. */
			if (last_unlikely != 0 && zc_mojibake_unlikely_near(d->model,
			    prev_unlikely, cp, k - last_unlikely))
				level = 2;
			last_unlikely = k;
			prev_unlikely = cp;
		}
		if (level == 2 || (level == 1 && run)) {
			needs |= NEEDS_MOJIBAKE | ascii_triggers(d, text + i, len - i);
			break;
		}
		run = level == 1;
		i += step;
	}
	/* Traditional and simplified forms on one line: see
	 * zc_charmodel_han_script. */
	if ((scripts & CLASS_MIXED) == CLASS_MIXED)
		needs |= NEEDS_MOJIBAKE;
	if (d->opts.normalize != ZC_NORM_NONE)
		needs |= NEEDS_NORMALIZE;
	return needs;
}

/* ---- the steps -------------------------------------------------------------- */

static size_t
count_chars(const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static void
explain_change(void *arg, size_t offset, const char *before, size_t before_len,
               const char *after, size_t after_len, const char *kind)
{
	zc_demojibake *d = arg;

	/* Counted on from the last change, not from the start each time: a
	 * long line of many changes took minutes. */
	if (offset < d->explained_off)
		d->explained_off = d->explained_chars = 0;
	d->explained_chars += count_chars(d->pass_text + d->explained_off,
	                                  offset - d->explained_off);
	d->explained_off = offset;
	d->opts.explain(d->opts.explain_arg, d->line_number,
	                d->column_base + d->explained_chars + 1, kind,
	                before, before_len, after, after_len);
}

/* The mix-up repair tells its changes here: --explain shows them, and a
 * line read as GBK may hold more such damage than it could judge alone. */
static void
note_change(void *arg, size_t offset, const char *before, size_t before_len,
            const char *after, size_t after_len, const char *kind)
{
	zc_demojibake *d = arg;
	size_t range[2];

	if (strcmp(kind, "utf8-as-gbk") == 0)
		d->line_misread[ZC_MISREAD_GBK] = 1;
	else if (strncmp(kind, "utf8-as-cp1252", 14) == 0)
		d->line_misread[ZC_MISREAD_CP1252] = 1;
	range[0] = offset + d->shift;
	range[1] = range[0] + after_len;
	/* Out of memory only lets the repair of what is left look again. */
	(void)zc_buf_append(&d->repaired, range, sizeof range);
	d->shift += after_len - before_len;
	if (d->opts.explain)
		explain_change(arg, offset, before, before_len, after, after_len, kind);
}

/* Two lines agreeing decide whether the document is misread as a whole
 * with a code page; until then the lines so far, and at its end what they
 * said. */
static int
page_decided(const zc_demojibake *d)
{
	int how;

	if (d->noted_lines >= MAX_NOTED)
		return 1;
	for (how = 0; how < ZC_MISREADS; how++)
		if (d->misread_lines[how] < 2 && d->clean_lines[how] < 2)
			return 0;
	return 1;
}

static int
page_misread(const zc_demojibake *d, int how)
{
	return d->misread_lines[how] > d->clean_lines[how];
}

/* The code page the line or page is known to be misread with, or -1. */
static int
misread_with(const zc_demojibake *d)
{
	int how;

	for (how = 0; how < ZC_MISREADS; how++)
		if (d->line_misread[how] || page_misread(d, how))
			return how;
	return -1;
}

/* The text a step reads and the buffer it writes, swapped after each. */
struct pass {
	zc_demojibake *d;
	const char *text;
	size_t len;
	int next;       /* the work buffer to write to */
	int changes;
};

static zc_buf *
pass_begin(struct pass *p)
{
	zc_buf *out = &p->d->work[p->next];

	zc_buf_clear(out);
	p->d->pass_text = p->text;
	p->d->explained_off = p->d->explained_chars = 0;
	return out;
}

/* A step returned rc: on success its output becomes the text. */
static int
pass_end(struct pass *p, int rc)
{
	zc_buf *out = &p->d->work[p->next];

	if (rc < 0)
		return rc;
	if (rc > 0) {
		p->changes += rc;
		p->text = out->data ? out->data : "";
		p->len = out->len;
		p->next = !p->next;
	}
	return ZC_OK;
}

#define RUN_STEP(p, call) pass_end((p), ((void)pass_begin(p), (call)))

/* A line of GBK or Big5 in a UTF-8 document, read in its encoding (see
 * zc_legacy_reader_line); returns 1 if it was. */
static int
reread_legacy_line(zc_demojibake *d, const char *text, size_t len, zc_buf *out,
                   zc_repair_cb cb)
{
	const char *enc;
	int rc = zc_legacy_reader_line(&d->legacy, text, len, out, &enc);

	if (rc > 0 && cb)
		cb(d, 0, text, len, out->data, out->len,
		   strcmp(enc, "CP950") == 0 ? "big5-line" : "gbk-line");
	return rc;
}

static int
repair_steps(struct pass *p, unsigned needs, int at_start, int whole)
{
	zc_demojibake *d = p->d;
	zc_repair_cb cb = d->opts.explain ? explain_change : NULL;
	int rc = ZC_OK, mixups = 0, how;

	/* (an encoding the user named holds for every line) */
	if ((needs & NEEDS_MOJIBAKE) && d->opts.from == NULL)
		rc = RUN_STEP(p, reread_legacy_line(d, p->text, p->len, &d->work[p->next], cb));
	if (rc == ZC_OK && (needs & TRIGGER_AMP))
		rc = RUN_STEP(p, zc_entities_repair(p->text, p->len, &d->work[p->next], cb, d));
	if (rc == ZC_OK && (needs & (TRIGGER_PAREN | TRIGGER_QMARK)) && zc_pinyin_maybe(p->text, p->len))
		rc = RUN_STEP(p, zc_pinyin_repair(&d->pinyin, d->model, p->text, p->len,
		                                  &d->work[p->next], cb, d));
	if (rc == ZC_OK && memchr(p->text, '?', p->len) != NULL)
		rc = RUN_STEP(p, zc_qmarks_repair(p->text, p->len, at_start, whole,
		                                  &d->work[p->next], cb, d));
	/* A page read as Windows-1252 as a whole lost no byte: what reads as
	 * UTF-8 is read so first, before the mix-up repair can take the halves
	 * of double UTF-8 ("Ã¨Â¸Â©") for symbols of their own. */
	if (rc == ZC_OK && page_misread(d, ZC_MISREAD_CP1252))
		rc = RUN_STEP(p, zc_misread_reread(d->model, ZC_MISREAD_CP1252, 1, p->text,
		                                   p->len, NULL, 0, &d->work[p->next], cb, d));
	/* What the earlier steps removed (the toned letters of residue) no
	 * longer needs the mix-up repair. */
	if (rc == ZC_OK && p->changes > 0)
		needs = line_needs(d, p->text, p->len);
	if (rc == ZC_OK && (needs & (NEEDS_MOJIBAKE | TRIGGER_QMARK))) {
		pass_begin(p);
		mixups = zc_mojibake_repair(d->model, p->text, p->len, &d->work[p->next],
		                            note_change, d);
		rc = pass_end(p, mixups);
	}
	/* One code page a line: the ranges the mix-up repair wrote hold only
	 * for the text it made. */
	if (rc == ZC_OK && (how = misread_with(d)) >= 0)
		rc = RUN_STEP(p, zc_misread_reread(d->model, (enum zc_misread)how,
		                                   page_misread(d, how), p->text, p->len,
		                                   (const size_t *)(void *)d->repaired.data,
		                                   d->repaired.len / (2 * sizeof(size_t)),
		                                   &d->work[p->next], cb, d));
	/* A character the mix-up repair filled before its own residue is
	 * chosen by the reading there, which then goes as residue. */
	if (rc == ZC_OK && mixups > 0 && zc_pinyin_maybe(p->text, p->len)) {
		rc = RUN_STEP(p, zc_pinyin_refill(&d->pinyin, d->model, p->text, p->len,
		                                  &d->work[p->next], cb, d));
		if (rc == ZC_OK)
			rc = RUN_STEP(p, zc_pinyin_repair(&d->pinyin, d->model, p->text, p->len,
			                                  &d->work[p->next], cb, d));
	}
	/* C1 controls the mix-ups did not read as part of UTF-8 */
	if (rc == ZC_OK && zc_c1_maybe(p->text, p->len))
		rc = RUN_STEP(p, zc_c1_repair(p->text, p->len, &d->work[p->next], cb, d));
	return rc;
}

static int
normalize_steps(struct pass *p, unsigned needs)
{
	zc_demojibake *d = p->d;
	zc_repair_cb cb = d->opts.explain ? explain_change : NULL;
	int rc = ZC_OK;

	if (d->opts.nbsp && memchr(p->text, 0xC2, p->len) != NULL)
		rc = RUN_STEP(p, zc_nbsp_to_space(p->text, p->len, &d->work[p->next], cb, d));
	if (rc == ZC_OK && (needs & TRIGGER_PUNCT))
		rc = RUN_STEP(p, zc_fullwidth_punct(p->text, p->len, &d->work[p->next], cb, d));
	if (rc == ZC_OK && d->opts.normalize != ZC_NORM_NONE)
		rc = RUN_STEP(p, zc_unicode_normalize(p->text, p->len, d->opts.normalize,
		                                      &d->work[p->next], cb, d));
	return rc;
}

/* Repair text (a line, or a piece of one) into out; returns the number of
 * changes. */
static int
repair_piece(zc_demojibake *d, const char *text, size_t len, int at_start,
             int whole, zc_buf *out)
{
	struct pass p = {d, text, len, 0, 0};
	unsigned needs = line_needs(d, text, len);
	int rc;

	memset(d->line_misread, 0, sizeof d->line_misread);
	zc_buf_clear(&d->repaired);
	d->shift = 0;
	if (needs == 0 && !(misread_with(d) >= 0 && zc_has_byte_from(text, len, 0x80)))
		return zc_buf_append(out, text, len);
	if ((rc = repair_steps(&p, needs, at_start, whole)) != ZC_OK ||
	    (rc = normalize_steps(&p, needs)) != ZC_OK)
		return rc;
	if ((rc = zc_buf_append(out, p.text, p.len)) != ZC_OK)
		return rc;
	return p.changes;
}

int
zc_demojibake_line(zc_demojibake *d, const char *text, size_t len, zc_buf *out)
{
	d->line_number++;
	d->column_base = 0;
	return repair_piece(d, text, len, 1, 1, out);
}

/* ---- as a filter --------------------------------------------------------------- */

static int
filter_doc_begin(void *state)
{
	zc_demojibake_reset(state);
	return ZC_OK;
}

static int
write_line(zc_demojibake *d, const zc_line *line, zc_out *out)
{
	int at_start = !d->in_line, rc;

	if (at_start)
		d->column_base = 0;
	d->line_number = line->number;
	rc = repair_piece(d, line->text, line->len, at_start, at_start && !line->continues,
	                  &out->buf);
	if (rc < 0)
		return rc;
	d->in_line = line->continues;
	/* Columns only matter to --explain, on lines cut in pieces. */
	if (line->continues && d->opts.explain)
		d->column_base += count_chars(line->text, line->len);
	return zc_out_write(out, line->eol, line->eol_len);
}

/* Repair and write the held lines, now that more of the page is known. */
static int
release_held(zc_demojibake *d, zc_out *out)
{
	zc_buf held = d->held;
	const char *p = held.data, *nl;
	size_t k, rest = held.len;
	zc_line line;
	int rc = ZC_OK;

	d->held = (zc_buf)ZC_BUF_INIT;
	memset(&line, 0, sizeof line);
	for (k = 0; k < d->held_lines && rc == ZC_OK; k++) {
		nl = memchr(p, '\n', rest);
		line.text = p;
		line.len = nl ? (size_t)(nl - p) : rest;
		line.eol = nl ? "\n" : "";
		line.eol_len = nl ? 1 : 0;
		if (line.len > 0 && nl && p[line.len - 1] == '\r') {
			line.len--;
			line.eol = "\r\n";
			line.eol_len = 2;
		}
		line.number = d->held_first + k;
		rc = write_line(d, &line, out);
		if (nl) {
			rest -= (size_t)(nl + 1 - p);
			p = nl + 1;
		} else {
			rest = 0;
		}
	}
	d->held_lines = 0;
	d->held_for_pinyin = 0;
	zc_buf_free(&held);
	return rc;
}

static int
hold_line(zc_demojibake *d, const zc_line *line)
{
	int rc;

	if (d->held_lines == 0)
		d->held_first = line->number;
	zc_pinyin_note(&d->pinyin, line->text, line->len);
	if ((rc = zc_buf_append(&d->held, line->text, line->len)) != ZC_OK)
		return rc;
	d->held_lines++;
	return zc_buf_append(&d->held, line->eol, line->eol_len);
}

/* What the line says of the document being misread as a whole; 1 if it
 * has a run only a misread page would have repaired. */
static int
note_page(zc_demojibake *d, const zc_line *line)
{
	int how, short_run = 0;

	d->noted_lines++;
	for (how = 0; how < ZC_MISREADS; how++)
		switch (zc_misread_evidence(d->model, (enum zc_misread)how, line->text,
		                            line->len)) {
		case ZC_PAGE_MISREAD:
			d->misread_lines[how]++;
			break;
		case ZC_PAGE_CLEAN:
			d->clean_lines[how]++;
			break;
		case ZC_PAGE_SHORT_RUN:
			short_run = 1;
			break;
		default:
			break;
		}
	return short_run;
}

/*
 * A line with a lost character the page has not yet shown enough to
 * restore is held back, with the lines after it, until the document ends
 * or MAX_HELD is reached. So is a line with a run of GBK-read UTF-8 too
 * short to judge alone, until the document shows whether it is misread
 * as a whole.
 */
static int
filter_line(void *state, const zc_line *line, zc_out *out)
{
	zc_demojibake *d = state;
	int whole = !d->in_line && !line->continues, fits, short_run = 0, rc;

	fits = whole && d->held.len + line->len < MAX_HELD;
	if (whole && !page_decided(d) && zc_has_byte_from(line->text, line->len, 0x80))
		short_run = note_page(d, line);
	if (d->held_lines > 0 && fits && (d->held_for_pinyin || !page_decided(d)))
		return hold_line(d, line);
	if (d->held_lines > 0 && (rc = release_held(d, out)) != ZC_OK)
		return rc;
	if (whole && line->len < MAX_HELD && memchr(line->text, '?', line->len) &&
	    zc_pinyin_unresolved(&d->pinyin, d->model, line->text, line->len)) {
		d->held_for_pinyin = 1;
		return hold_line(d, line);
	}
	if (short_run && !page_decided(d) && line->len < MAX_HELD)
		return hold_line(d, line);
	return write_line(d, line, out);
}

static int
filter_doc_end(void *state, zc_out *out)
{
	zc_demojibake *d = state;

	return d->held_lines > 0 ? release_held(d, out) : ZC_OK;
}

/* Whether text[0..i) ends in a full-width comma, enumeration comma,
 * semicolon, colon, exclamation or question mark: no ruby residue or
 * lost character spans one. */
static int
ends_in_clause_mark(const char *text, size_t i)
{
	uint32_t cp = zc_utf8_before(text, i);

	return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A ||
	       cp == 0xFF01 || cp == 0xFF1F;   /* ， 、 ； ： ！ ？ */
}

/* cut (in text[0..len)), or, where a '(' stands right after it or in the
 * RESIDUE_SPAN bytes before it with no ')' after it, the start of the
 * character before that '(': ruby residue goes whole into the next piece,
 * with its character. */
static size_t
before_open_bracket(const char *text, size_t len, size_t cut)
{
	size_t i;

	for (i = cut < len && text[cut] == '(' ? cut + 1 : cut; i > 0 && cut + 1 - i < RESIDUE_SPAN;
	     i--) {
		if (text[i - 1] == ')')
			return cut;
		if (text[i - 1] == '(') {
			if (i < 2)
				return cut;
			/* i - 1: the '('; back to the lead byte before it */
			for (i -= 2; i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80; i--)
				;
			return i > 0 ? i : cut;
		}
	}
	return cut;
}

/* Whether the last CUT_SEARCH bytes of text[0..len) are UTF-8 (a character
 * cut by either end aside). */
static int
utf8_tail(const char *text, size_t len)
{
	size_t i = len - CUT_SEARCH, end = zc_utf8_complete_prefix(text, len), k;
	uint32_t cp;

	while (i < end && ((unsigned char)text[i] & 0xC0) == 0x80)
		i++;
	for (; i < end; i += k) {
		k = zc_utf8_decode_inline(text + i, end - i, &cp);
		if (cp == ZC_INVALID)
			return 0;
	}
	return 1;
}

/* The end of the last whole character of GBK or Big5 before end, reading
 * text from its start, which starts one (a line does, and so does a piece
 * cut here): a line of them in a UTF-8 document cut anywhere else read as
 * trail and lead bytes out of step, and was left as it was (see
 * zc_legacy_reader_line). (GB18030's four-byte characters have a digit for
 * their second byte.) */
static size_t
double_byte_cut(const char *text, size_t end)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k;

	for (;; i += k) {
		k = s[i] < 0x81 ? 1 : i + 1 < end && s[i + 1] >= '0' && s[i + 1] <= '9' ? 4 : 2;
		if (i + k > end)
			return i;
	}
}

/* A long line is cut after a space or an ideographic full stop, where no
 * repair can span the cut; failing that, once it is long, between two
 * characters of GBK or Big5 where it is not UTF-8, else after the last
 * clause mark of its last CUT_SEARCH bytes (a cut anywhere split ruby
 * residue, 衛(w|èi)), or anywhere between characters. */
static size_t
filter_safe_cut(void *state, const char *text, size_t len)
{
	size_t i;

	(void)state;
	for (i = len; i > MIN_PIECE; i--) {
		if (text[i - 1] == ' ' || text[i - 1] == '\t')
			return i;
		if (i >= 3 && memcmp(text + i - 3, "\xE3\x80\x82", 3) == 0)
			return i;
	}
	if (len < 64 * MIN_PIECE)
		return 0;
	if (!utf8_tail(text, len))
		return double_byte_cut(text, len - RESIDUE_SPAN);
	for (i = len; i > len - CUT_SEARCH; i--)
		if (ends_in_clause_mark(text, i))
			return i;
	/* (not at the very end, where what comes next is not known yet) */
	return before_open_bracket(text, len, zc_utf8_complete_prefix(text, len - RESIDUE_SPAN));
}

static const char *
filter_detect_encoding(void *state, const char *head, size_t len, int at_end)
{
	zc_demojibake *d = state;

	if (d->opts.from)
		return d->opts.from;
	(void)at_end;   /* (a character cut by the end is no error either way) */
	return zc_legacy_reader_detect(&d->legacy, head, len);
}

void
zc_demojibake_filter(zc_demojibake *d, zc_filter *filter)
{
	memset(filter, 0, sizeof *filter);
	filter->state = d;
	filter->doc_begin = filter_doc_begin;
	filter->line = filter_line;
	filter->doc_end = filter_doc_end;
	filter->safe_cut = filter_safe_cut;
	filter->detect_encoding = filter_detect_encoding;
}
