/*
 * pinyin-syllable.c - reading one pinyin syllable, toned with marks or with
 * a digit. Shared by the table generator and the library, so that the
 * readings in the table and the ones found in text are spelled alike.
 */
#include <string.h>

#include "internal.h"
#include "pinyin.h"

/* The vowels that carry tone marks, precomposed: base letter and tone. */
static const struct toned_vowel {
	uint32_t cp;
	char base;
	int tone;
} toned_vowels[] = {
	{0x0101, 'a', 1}, {0x00E1, 'a', 2}, {0x01CE, 'a', 3}, {0x00E0, 'a', 4},
	{0x0113, 'e', 1}, {0x00E9, 'e', 2}, {0x011B, 'e', 3}, {0x00E8, 'e', 4},
	{0x012B, 'i', 1}, {0x00ED, 'i', 2}, {0x01D0, 'i', 3}, {0x00EC, 'i', 4},
	{0x014D, 'o', 1}, {0x00F3, 'o', 2}, {0x01D2, 'o', 3}, {0x00F2, 'o', 4},
	{0x016B, 'u', 1}, {0x00FA, 'u', 2}, {0x01D4, 'u', 3}, {0x00F9, 'u', 4},
	{0x01D6, 'v', 1}, {0x01D8, 'v', 2}, {0x01DA, 'v', 3}, {0x01DC, 'v', 4},
	{0x00FC, 'v', 0}, {0x00EA, 'e', 0}, {0x1EBF, 'e', 2}, {0x1EC1, 'e', 4},
	{0x1E3F, 'm', 2}, {0x0144, 'n', 2}, {0x0148, 'n', 3}, {0x01F9, 'n', 4},
};

/* Combining marks after a vowel: macron, acute, caron, grave. */
static int
combining_tone(uint32_t cp)
{
	switch (cp) {
	case 0x0304: return 1;
	case 0x0301: return 2;
	case 0x030C: return 3;
	case 0x0300: return 4;
	default: return 0;
	}
}

static const struct toned_vowel *
find_toned_vowel(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof toned_vowels / sizeof toned_vowels[0]; i++)
		if (toned_vowels[i].cp == cp)
			return &toned_vowels[i];
	return NULL;
}

int
zc_pinyin_parse(const char *s, size_t n, char *base, int *tone)
{
	const struct toned_vowel *v;
	size_t i = 0, step, blen = 0;
	int t = 0, mark;
	uint32_t cp;

	if (n == 0 || n > ZC_PINYIN_MAX_BYTES)
		return 0;
	while (i < n) {
		/* (letters, most of a syllable, without a decoder call) */
		if ((unsigned char)s[i] < 0x80) {
			cp = (unsigned char)s[i];
			step = 1;
		} else {
			step = zc_utf8_decode_inline(s + i, n - i, &cp);
		}
		if (cp >= 'a' && cp <= 'z') {
			if (blen == ZC_PINYIN_MAX_BASE)
				return 0;
			base[blen++] = (char)cp;
		} else if (cp >= '0' && cp <= '5' && i + step == n && blen > 0 && t == 0) {
			t = cp == '0' ? 5 : (int)(cp - '0');
		} else if ((mark = combining_tone(cp)) != 0 && blen > 0 && t == 0) {
			t = mark;
		} else if ((v = find_toned_vowel(cp)) != NULL && (v->tone == 0 || t == 0)) {
			if (blen == ZC_PINYIN_MAX_BASE)
				return 0;
			base[blen++] = v->base;
			if (v->tone)
				t = v->tone;
		} else {
			return 0;
		}
		i += step;
	}
	base[blen] = '\0';
	*tone = t;
	return blen > 0;
}
