/* utf8.c - UTF-8 decoding by our own rules, never through the locale. */
#include "internal.h"

size_t
zc_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;

	*cp = ZC_INVALID;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 1;
	}
	if (n < len)
		return 1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	return len;
}

size_t
zc_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xC0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = 0xE0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3F);
		o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = 0xF0 | (cp >> 18);
		o[1] = 0x80 | ((cp >> 12) & 0x3F);
		o[2] = 0x80 | ((cp >> 6) & 0x3F);
		o[3] = 0x80 | (cp & 0x3F);
		return 4;
	}
	return 0;
}

size_t
zc_utf8_complete_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t back, need, i;

	/* Find the last lead byte within 3 bytes of the end; if its sequence
	 * needs more bytes than there are, cut before it. */
	for (back = 1; back <= 3 && back <= n; back++) {
		i = n - back;
		if ((s[i] & 0xC0) == 0x80)
			continue;
		if (s[i] < 0xC2 || s[i] > 0xF4)
			return n;
		need = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2;
		return need > back ? i : n;
	}
	return n;
}

uint32_t
zc_utf8_before(const char *text, size_t end)
{
	size_t back;
	uint32_t cp;

	if (end == 0)
		return 0;
	for (back = 1; back < 4 && back < end && ((unsigned char)text[end - back] & 0xC0) == 0x80; back++)
		;
	if (zc_utf8_decode(text + end - back, back, &cp) != back)
		return ZC_INVALID;
	return cp;
}

int
zc_has_byte_from(const char *text, size_t len, unsigned min)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)text[i] >= min)
			return 1;
	return 0;
}

uint32_t
zc_utf8_char_at(const char *text, size_t len, size_t i)
{
	uint32_t cp = 0;

	if (i < len)
		zc_utf8_decode(text + i, len - i, &cp);
	return cp == ZC_INVALID ? 0 : cp;
}

int
zc_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||     /* URO */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||     /* Ext A */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||     /* compatibility */
	       (cp >= 0x20000 && cp <= 0x3134F);     /* Ext B-H */
}

size_t
zc_utf8_lead_length(unsigned b)
{
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}
