/*
 * segment.c - splitting lines into words: jieba's cut (segcut.c) over the
 * dictionary (segdict.c), writing the original bytes with a delimiter
 * between tokens.
 *
 * The output is jieba's token list joined by the delimiter, exactly as
 * `DELIM.join(jieba.cut(line))`: whitespace is a token of its own and is
 * written as it was, with delimiters around it like any other token. So
 * the output is lossless: tokens and delimiters alternate, a token is
 * either one character that jieba never joins (whitespace, punctuation,
 * an invalid byte) or a run of the characters it does join (Han, ASCII
 * letters and digits, +#&._%-), and a delimiter holds none of the latter.
 *
 * With --traditional each character is looked up through its simplified
 * form (zc_simplify_char), while the original bytes are written.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "segcut.h"

/* See segment_safe_cut. */
#define MAX_WORD_RUN ((size_t)256 * 1024)

enum sentence_state {
	SENTENCE_OPEN,        /* inside a sentence */
	SENTENCE_ENDED,       /* after 。！？: closers and spaces still belong */
	SENTENCE_ASCII_END    /* after . ! ?: ends only before space or non-ASCII */
};

struct zc_segmenter {
	const zc_segdict *dict;
	struct segcut_source source;
	struct segcut_work work;
	char *delimiter;
	size_t delimiter_len;
	int hmm, sentences, traditional;
	const char *break_eol;   /* what a sentence break writes: "\n" or "\r\n" */
	uint32_t *cps;            /* the line's characters, looked-up form */
	size_t *offsets;          /* byte offset of each character, and the end */
	size_t cap;
	uint32_t *fold_cache;     /* simplified forms of BMP characters, 0: unknown */
	int line_started;         /* a token of this line was written */
	enum sentence_state sentence;
};

int
zc_segmenter_new(zc_segmenter **seg, const zc_segdict *dict,
                 const zc_segment_opts *opts)
{
	const char *delim = opts && opts->delimiter ? opts->delimiter : " ";
	zc_segmenter *s;
	uint32_t cp;
	size_t i;

	*seg = NULL;
	for (i = 0; delim[i]; i += zc_utf8_decode(delim + i, strlen(delim + i), &cp))
		if (segcut_is_word_char(zc_utf8_decode(delim + i, strlen(delim + i), &cp) ? cp : 0))
			return ZC_EINVAL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ZC_ENOMEM;
	if ((s->delimiter = strdup(delim)) == NULL) {
		free(s);
		return ZC_ENOMEM;
	}
	s->delimiter_len = strlen(delim);
	s->dict = dict;
	s->source.dict = dict;
	s->hmm = !(opts && opts->no_hmm);
	s->sentences = opts && opts->sentences;
	s->break_eol = "\n";
	s->traditional = opts && opts->traditional;
	if (s->traditional && (s->fold_cache = calloc(SEGDICT_BMP, sizeof *s->fold_cache)) == NULL) {
		zc_segmenter_free(s);
		return ZC_ENOMEM;
	}
	*seg = s;
	return ZC_OK;
}

void
zc_segmenter_free(zc_segmenter *s)
{
	if (s == NULL)
		return;
	segcut_work_free(&s->work);
	free(s->delimiter);
	free(s->cps);
	free(s->offsets);
	free(s->fold_cache);
	free(s);
}

/* The form of cp to look up: its simplified form, unless cp itself
 * begins words of the dictionary (著 in 著名, 乾 in 乾隆, 於 in 於是: the
 * table maps them although simplified text uses them too). */
static uint32_t
lookup_form(const zc_segmenter *s, uint32_t cp)
{
	uint32_t f = zc_simplify_char(cp), node;

	/* Only within the characters jieba joins, so that blocks, tokens and
	 * the output's losslessness stay as without -t. */
	if (f == cp || !segcut_is_word_char(cp) || !segcut_is_word_char(f))
		return cp;
	node = segdict_child(s->dict, 0, cp);
	return node != 0 && s->dict->nodes[node].child_count > 0 ? cp : f;
}

static uint32_t
fold(zc_segmenter *s, uint32_t cp)
{
	uint32_t f;

	if (cp == ZC_INVALID || cp < 0x2E80)
		return cp;
	if (cp >= SEGDICT_BMP)
		return lookup_form(s, cp);
	if ((f = s->fold_cache[cp]) == 0)
		s->fold_cache[cp] = f = lookup_form(s, cp);
	return f;
}

static int
decode_line(zc_segmenter *s, const char *text, size_t len, size_t *count)
{
	size_t i, n = 0, cap;
	uint32_t cp;
	void *p;

	if (len + 1 > s->cap) {
		for (cap = s->cap ? s->cap : 1024; cap < len + 1; cap *= 2)
			;
		if ((p = realloc(s->cps, cap * sizeof *s->cps)) == NULL)
			return ZC_ENOMEM;
		s->cps = p;
		if ((p = realloc(s->offsets, cap * sizeof *s->offsets)) == NULL)
			return ZC_ENOMEM;
		s->offsets = p;
		s->cap = cap;
	}
	for (i = 0; i < len; n++) {
		s->offsets[n] = i;
		if ((unsigned char)text[i] < 0x80) {
			cp = (unsigned char)text[i++];
		} else {
			i += zc_utf8_decode(text + i, len - i, &cp);
			if (s->traditional)
				cp = fold(s, cp);
		}
		s->cps[n] = cp;
	}
	s->offsets[n] = len;
	*count = n;
	return ZC_OK;
}

/* ---- sentences --------------------------------------------------------- */

static int
is_terminator(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;  /* 。！？ */
}

static int
is_ascii_terminator(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?';
}

static int
is_closer(uint32_t cp)
{
	static const uint32_t closers[] = {
		'"', '\'', ')', ']', '}', 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09,
		0x300B, 0x3009, 0x3011, 0x3015, 0x3017, 0xFF3D, 0xFF5D, 0xFF02, 0xFF07
	};
	size_t i;

	for (i = 0; i < sizeof closers / sizeof closers[0]; i++)
		if (closers[i] == cp)
			return 1;
	return 0;
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp >= 0x1C && cp <= 0x1F) ||
	       cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Whether a sentence break goes before the token starting with cp, and
 * the state after it. A token of ASCII terminators is one "." or "...". */
static int
break_before(zc_segmenter *s, uint32_t cp, int all_ascii_terminators)
{
	int brk = 0;

	switch (s->sentence) {
	case SENTENCE_ENDED:
		if (is_closer(cp) || is_space(cp) || is_terminator(cp) || all_ascii_terminators)
			return 0;
		brk = 1;
		break;
	case SENTENCE_ASCII_END:
		if (is_closer(cp) || all_ascii_terminators)
			return 0;
		if (is_space(cp)) {
			s->sentence = SENTENCE_ENDED;
			return 0;
		}
		brk = cp >= 0x80;
		break;
	case SENTENCE_OPEN:
		break;
	}
	s->sentence = SENTENCE_OPEN;
	return brk;
}

static void
after_token(zc_segmenter *s, uint32_t cp, int all_ascii_terminators)
{
	if (is_terminator(cp))
		s->sentence = SENTENCE_ENDED;
	else if (all_ascii_terminators && s->sentence != SENTENCE_ENDED)
		s->sentence = SENTENCE_ASCII_END;
}

static int
all_ascii_terminators(const zc_segmenter *s, const char *text, size_t from, size_t to)
{
	size_t i;

	for (i = s->offsets[from]; i < s->offsets[to]; i++)
		if (!is_ascii_terminator((unsigned char)text[i]))
			return 0;
	return 1;
}

/* ---- writing the tokens ------------------------------------------------- */

/* The token's first character as written (cps may hold its simplified
 * form). */
static uint32_t
first_char(const zc_segmenter *s, const char *text, size_t from)
{
	uint32_t cp;

	zc_utf8_decode(text + s->offsets[from], s->offsets[from + 1] - s->offsets[from], &cp);
	return cp;
}

/* With --sentences: a token at a time, a line break where one is due. */
static int
write_sentence_tokens(zc_segmenter *s, const char *text, zc_buf *out)
{
	size_t t, from = 0, to;
	uint32_t cp;
	int rc, term;

	for (t = 0; t < s->work.tok_len; t++, from = to) {
		to = s->work.tok_end[t];
		term = all_ascii_terminators(s, text, from, to);
		cp = first_char(s, text, from);
		if (s->line_started) {
			if (break_before(s, cp, term))
				rc = zc_buf_append(out, s->break_eol, strlen(s->break_eol));
			else
				rc = zc_buf_append(out, s->delimiter, s->delimiter_len);
			if (rc != ZC_OK)
				return rc;
		}
		s->line_started = 1;
		after_token(s, cp, term);
		if ((rc = zc_buf_append(out, text + s->offsets[from],
		                        s->offsets[to] - s->offsets[from])) != ZC_OK)
			return rc;
	}
	return ZC_OK;
}

/* The tokens with the delimiter between them, into room reserved once. */
static int
write_tokens(zc_segmenter *s, const char *text, zc_buf *out)
{
	size_t t, from = 0, to, n, i, dl = s->delimiter_len, tokens = s->work.tok_len;
	char *p;
	int rc;

	if (s->sentences)
		return write_sentence_tokens(s, text, out);
	if (tokens == 0)
		return ZC_OK;
	n = s->offsets[s->work.tok_end[tokens - 1]] + tokens * dl;
	if ((rc = zc_buf_reserve(out, n)) != ZC_OK)
		return rc;
	p = out->data + out->len;
	for (t = 0; t < tokens; t++, from = to) {
		to = s->work.tok_end[t];
		if (s->line_started) {
			memcpy(p, s->delimiter, dl);
			p += dl;
		}
		s->line_started = 1;
		n = s->offsets[to] - s->offsets[from];
		if (n <= 16) {   /* most tokens: cheaper than a call to memcpy */
			for (i = 0; i < n; i++)
				p[i] = text[s->offsets[from] + i];
		} else {
			memcpy(p, text + s->offsets[from], n);
		}
		p += n;
	}
	out->len = (size_t)(p - out->data);
	return ZC_OK;
}

/* Segment text[0..len), which continues a line already started when
 * s->line_started is set. */
static int
segment_piece(zc_segmenter *s, const char *text, size_t len, zc_buf *out)
{
	size_t n;
	int rc;

	if ((rc = decode_line(s, text, len, &n)) != ZC_OK)
		return rc;
	s->work.tok_len = 0;
	if ((rc = segcut_line(&s->work, &s->source, s->cps, n, s->hmm)) != ZC_OK)
		return rc;
	return write_tokens(s, text, out);
}

int
zc_segment_text(zc_segmenter *s, const char *text, size_t len, zc_buf *out)
{
	s->line_started = 0;
	s->sentence = SENTENCE_OPEN;
	return segment_piece(s, text, len, out);
}

/* ---- the filter -------------------------------------------------------- */

static int
segment_line(void *state, const zc_line *line, zc_out *out)
{
	zc_segmenter *s = state;
	int rc;

	/* A sentence break ends a line as the line's own end does (CRLF
	 * text stays CRLF); a piece of a long line, whose end is not known
	 * yet, as the last line did. */
	if (!line->continues && line->eol_len > 0)
		s->break_eol = line->eol_len == 2 ? "\r\n" : "\n";
	/* Straight into the output's buffer; zc_out_write then flushes it
	 * when it is full. */
	if ((rc = segment_piece(s, line->text, line->len, &out->buf)) != ZC_OK)
		return rc;
	if (!line->continues) {
		s->line_started = 0;
		s->sentence = SENTENCE_OPEN;
		return zc_out_write(out, line->eol, line->eol_len);
	}
	return zc_out_write(out, "", 0);
}

static int
segment_doc_begin(void *state)
{
	zc_segmenter *s = state;

	s->line_started = 0;
	s->sentence = SENTENCE_OPEN;
	s->break_eol = "\n";
	return ZC_OK;
}

/* A long line may be cut after any character that jieba never joins to
 * its neighbours: no word crosses it, and the delimiter after it is
 * written when the next piece starts. A run of word characters longer
 * than MAX_WORD_RUN bytes (no text has one: a hex dump, a line of Han with
 * no punctuation) is cut where it has come to, so that memory stays
 * bounded (segcut keeps some sixty bytes a character): a word may be split
 * there. */
static size_t
segment_safe_cut(void *state, const char *text, size_t len)
{
	size_t i = 0, cut = 0, complete = zc_utf8_complete_prefix(text, len);
	uint32_t cp;

	(void)state;
	while (i < complete) {
		i += zc_utf8_decode(text + i, complete - i, &cp);
		if (!segcut_is_word_char(cp))
			cut = i;
	}
	return cut == 0 && complete >= MAX_WORD_RUN ? complete : cut;
}

void
zc_segmenter_filter(zc_segmenter *s, zc_filter *filter)
{
	memset(filter, 0, sizeof *filter);
	filter->state = s;
	filter->doc_begin = segment_doc_begin;
	filter->line = segment_line;
	filter->safe_cut = segment_safe_cut;
}
