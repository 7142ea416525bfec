/*
 * qmarks.c - '?' written by a codec that could not encode a character.
 *
 * Paragraphs indented with U+3000 lose the indentation to a run of '?'
 * ("????威海新聞網", "?4月18日"), an indented empty line becomes a line of
 * '?', and "Copyright © 2001" becomes "Copyright ? 2001". A '?' anywhere
 * else may be a real question mark and is left alone.
 */
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "qmarks.h"

static size_t
count_qmarks(const char *text, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && text[i + n] == '?')
		n++;
	return n;
}

/* A line of nothing but '?' and blanks, with at least one '?'. */
static int
is_lone_qmark_line(const char *text, size_t len)
{
	size_t i, q = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '?')
			q++;
		else if (text[i] != ' ' && text[i] != '\t')
			return 0;
	}
	return q >= 1 && q <= ZC_QMARKS_MAX_INDENT;
}

/* Lost indentation: a run of '?' opening the line, then the text of the
 * paragraph: a non-ASCII character (Han, a quote, CJK punctuation), a
 * digit, or an opening bracket in a line of Chinese text. */
static size_t
lost_indent(const char *text, size_t len)
{
	size_t n = count_qmarks(text, len, 0);
	unsigned char next;

	if (n == 0 || n > ZC_QMARKS_MAX_INDENT || n == len)
		return 0;
	next = (unsigned char)text[n];
	/* (not before Hangul, leads EA-ED: a page that went through GBK
	 * would have lost that too) */
	if ((next >= 0xE2 && !(next >= 0xEA && next <= 0xED)) || (next >= '0' && next <= '9'))
		return n;
	if ((next == '(' || next == '[' || next == '"') && zc_has_byte_from(text + n, len - n, 0xE3))
		return n;
	return 0;
}

static int
contains_nocase(const char *text, size_t len, const char *word)
{
	size_t i, wl = strlen(word);
	unsigned first = (unsigned char)word[0] | 0x20;

	/* The first byte alone rules out most places without a call. */
	for (i = 0; i + wl <= len; i++)
		if (((unsigned char)text[i] | 0x20) == first && strncasecmp(text + i, word, wl) == 0)
			return 1;
	return 0;
}

static int
is_year_at(const char *text, size_t len, size_t i)
{
	size_t k;

	if (i + 4 > len || !((text[i] == '1' && text[i + 1] == '9') ||
	                     (text[i] == '2' && text[i + 1] == '0')))
		return 0;
	for (k = 0; k < 4; k++)
		if (text[i + k] < '0' || text[i + k] > '9')
			return 0;
	return i + 4 == len || text[i + 4] < '0' || text[i + 4] > '9';
}

/* A '?' at text[i] that stands for the copyright sign. */
static int
lost_copyright(const char *text, size_t len, size_t i, int copyright_line)
{
	size_t j = i, k;
	static const char word[] = "copyright";
	int digit_next = i + 1 < len && text[i + 1] >= '0' && text[i + 1] <= '9';

	/* "Copyright ? 2001", "Copyright ?2001", "Copyright ? ACME"; not
	 * "is it copyright?" */
	while (j > 0 && text[j - 1] == ' ')
		j--;
	if (j >= sizeof word - 1 && strncasecmp(text + j - (sizeof word - 1), word, sizeof word - 1) == 0 &&
	    (digit_next || (j < i && i + 1 < len && text[i + 1] == ' ')))
		return 1;
	/* "? 2001" on a line that speaks of copyright. */
	for (k = i + 1; k < len && text[k] == ' '; k++)
		;
	return copyright_line && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '(') &&
	       is_year_at(text, len, k);
}

static int
copyright_context(const char *text, size_t len)
{
	return contains_nocase(text, len, "copyright") ||
	       contains_nocase(text, len, "rights reserved") ||
	       contains_nocase(text, len, "版权") || contains_nocase(text, len, "版權");
}

int
zc_qmarks_repair(const char *text, size_t len, int at_start, int whole,
                 zc_buf *out, zc_repair_cb cb, void *cb_arg)
{
	static const char copyright_sign[] = "\xC2\xA9";
	size_t i, copied = 0, n;
	int changes = 0, copyright_line, rc;

	if (at_start && whole && is_lone_qmark_line(text, len)) {
		if (cb)
			cb(cb_arg, 0, text, len, "", 0, "lost-whitespace");
		return 1;
	}
	if (at_start && (n = lost_indent(text, len)) > 0) {
		if (cb)
			cb(cb_arg, 0, text, n, "", 0, "lost-indentation");
		changes++;
		copied = n;
	}
	copyright_line = -1;   /* not looked at yet: it takes a scan */
	for (i = copied; i < len; i++) {
		if (text[i] != '?')
			continue;
		if (copyright_line < 0)
			copyright_line = copyright_context(text, len);
		if (!lost_copyright(text, len, i, copyright_line))
			continue;
		if ((rc = zc_buf_append(out, text + copied, i - copied)) != ZC_OK ||
		    (rc = zc_buf_append(out, copyright_sign, 2)) != ZC_OK)
			return rc;
		if (cb)
			cb(cb_arg, i, text + i, 1, copyright_sign, 2, "lost-symbol");
		changes++;
		copied = i + 1;
	}
	if ((rc = zc_buf_append(out, text + copied, len - copied)) != ZC_OK)
		return rc;
	return changes;
}
