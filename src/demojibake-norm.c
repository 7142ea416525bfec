/*
 * demojibake-norm.c - demojibake's opt-in normalisation: full-width
 * punctuation in Chinese text (--punct), no-break spaces (--nbsp) and
 * Unicode normal forms (--nfc, --nfkc). None of these is damage, so none
 * is done unless asked for.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"
#include "demojibake.h"

/* How far a ")" is looked for after a "(". */
#define MAX_PAREN_SPAN 120

/* Han, or CJK punctuation that closes (」』”）》】) or ends a clause. */
static int
is_cjk_before(uint32_t cp)
{
	return cp != ZC_INVALID && (zc_is_han(cp) || cp == 0x201D || cp == 0x300D ||
	       cp == 0x300F || cp == 0x300B || cp == 0x3011 || cp == 0xFF09);
}

/* Han, or CJK punctuation that opens (「『“（《【). */
static int
is_cjk_after(uint32_t cp)
{
	return cp != ZC_INVALID && (zc_is_han(cp) || cp == 0x201C || cp == 0x300C ||
	       cp == 0x300E || cp == 0x300A || cp == 0x3010 || cp == 0xFF08);
}

static int
contains_han(const char *text, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		i += zc_utf8_decode(text + i, len - i, &cp);
		if (cp != ZC_INVALID && zc_is_han(cp))
			return 1;
	}
	return 0;
}

/* The full-width form of an ASCII punctuation mark at text[i], how many
 * bytes (with following spaces) it replaces, or NULL. */
static const char *
fullwidth_at(const char *text, size_t len, size_t i, size_t *used)
{
	size_t j = i + 1, close;
	uint32_t before = zc_utf8_before(text, i), after = 0;
	const char *p;

	while (j < len && text[j] == ' ')
		j++;
	if (j < len)
		zc_utf8_decode(text + j, len - j, &after);
	*used = j - i;
	switch (text[i]) {
	case ',': case ':': case ';':
		if (is_cjk_before(before) && (is_cjk_after(after) || (after >= '0' && after <= '9')))
			return text[i] == ',' ? "\xEF\xBC\x8C" : text[i] == ':' ? "\xEF\xBC\x9A" : "\xEF\xBC\x9B";
		return NULL;
	case '!': case '?':
		if (is_cjk_before(before) && is_cjk_after(after))
			return text[i] == '!' ? "\xEF\xBC\x81" : "\xEF\xBC\x9F";
		return NULL;
	case '(':
		*used = 1;
		p = memchr(text + i + 1, ')', len - i - 1 < MAX_PAREN_SPAN ? len - i - 1 : MAX_PAREN_SPAN);
		if (p == NULL || memchr(text + i + 1, '(', (size_t)(p - text) - i - 1) != NULL)
			return NULL;
		close = (size_t)(p - text);
		return contains_han(text + i + 1, close - i - 1) ? "\xEF\xBC\x88" : NULL;
	default:
		return NULL;
	}
}

int
zc_fullwidth_punct(const char *text, size_t len, zc_buf *out,
                   zc_repair_cb cb, void *cb_arg)
{
	size_t i, copied = 0, used, open_close = (size_t)-1;
	const char *wide;
	int changes = 0, rc;

	for (i = 0; i < len; i++) {
		wide = NULL;
		used = 1;
		if (text[i] == ')' && i == open_close)
			wide = "\xEF\xBC\x89";
		else if (strchr(",:;!?(", text[i]) != NULL && text[i] != '\0')
			wide = fullwidth_at(text, len, i, &used);
		if (wide == NULL)
			continue;
		if (text[i] == '(')
			open_close = (size_t)((const char *)memchr(text + i + 1, ')', len - i - 1) - text);
		if ((rc = zc_buf_append(out, text + copied, i - copied)) != ZC_OK ||
		    (rc = zc_buf_append(out, wide, 3)) != ZC_OK)
			return rc;
		if (cb)
			cb(cb_arg, i, text + i, used, wide, 3, "punct");
		changes++;
		copied = i + used;
		i += used - 1;
	}
	if ((rc = zc_buf_append(out, text + copied, len - copied)) != ZC_OK)
		return rc;
	return changes;
}

int
zc_nbsp_to_space(const char *text, size_t len, zc_buf *out,
                 zc_repair_cb cb, void *cb_arg)
{
	size_t i, copied = 0;
	int changes = 0, rc;

	for (i = 0; i + 1 < len; i++) {
		if ((unsigned char)text[i] != 0xC2 || (unsigned char)text[i + 1] != 0xA0)
			continue;
		if ((rc = zc_buf_append(out, text + copied, i - copied)) != ZC_OK ||
		    (rc = zc_buf_putc(out, ' ')) != ZC_OK)
			return rc;
		if (cb)
			cb(cb_arg, i, text + i, 2, " ", 1, "nbsp");
		changes++;
		copied = i + 2;
		i++;
	}
	if ((rc = zc_buf_append(out, text + copied, len - copied)) != ZC_OK)
		return rc;
	return changes;
}

/* Normalise one run of valid UTF-8. */
static int
normalize_run(const char *text, size_t len, enum zc_demojibake_norm form,
              zc_buf *out, int *changed)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	int rc;

	n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &dst,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                 (form == ZC_NORM_NFKC ? UTF8PROC_COMPAT : 0));
	if (n < 0)
		return zc_buf_append(out, text, len);
	*changed = (size_t)n != len || memcmp(dst, text, len) != 0;
	rc = zc_buf_append(out, dst, (size_t)n);
	free(dst);
	return rc;
}

int
zc_unicode_normalize(const char *text, size_t len, enum zc_demojibake_norm form,
                     zc_buf *out, zc_repair_cb cb, void *cb_arg)
{
	size_t i = 0, start, step, before;
	int changes = 0, changed, rc;
	uint32_t cp;

	while (i < len) {
		for (start = i; i < len; i += step) {
			step = zc_utf8_decode(text + i, len - i, &cp);
			if (cp == ZC_INVALID)
				break;
		}
		changed = 0;
		before = out->len;
		if (i > start && (rc = normalize_run(text + start, i - start, form, out, &changed)) != ZC_OK)
			return rc;
		if (changed) {
			changes++;
			if (cb)
				cb(cb_arg, start, text + start, i - start, out->data + before,
				   out->len - before, form == ZC_NORM_NFKC ? "nfkc" : "nfc");
		}
		if (i < len) {
			if ((rc = zc_buf_putc(out, text[i])) != ZC_OK)
				return rc;
			i++;
		}
	}
	return changes;
}
