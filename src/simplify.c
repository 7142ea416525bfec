/*
 * simplify.c - one character, traditional to simplified, by OpenCC's
 * character table (generated at build time into simplify-table.c). Used to
 * look traditional text up in simplified data while printing the original.
 * And one character the other way, as OpenCC's s2tw converts it
 * (traditional-table.c), for demojibake's restored ruby characters and
 * its sense of which characters only one of the two scripts writes.
 */
#include <stdlib.h>

#include "internal.h"

extern const uint32_t zc_simplify_pairs[][2];
extern const unsigned long zc_simplify_count;
extern const unsigned char zc_simplify_bmp[0x10000 / 8];
extern const uint32_t zc_traditional_pairs[][2];
extern const unsigned long zc_traditional_count;
extern const uint32_t zc_hk_forms[];
extern const unsigned long zc_hk_form_count;

/* What the pairs[0..n) (sorted by key) map cp to, cp if none. */
static uint32_t
look_up_pair(const uint32_t (*pairs)[2], unsigned long n, uint32_t cp)
{
	const uint32_t (*at)[2] = pairs;
	unsigned long half;

	if (n == 0)
		return cp;
	/* The last pair whose key is <= cp (or the first), halving without
	 * a branch to mispredict: demojibake asks this millions of times. */
	while (n > 1) {
		half = n / 2;
		at = at[half][0] <= cp ? at + half : at;
		n -= half;
	}
	return at[0][0] == cp ? at[0][1] : cp;
}

uint32_t
zc_simplify_char(uint32_t cp)
{
	if (cp < 0x3400)   /* below CJK: nothing to simplify */
		return cp;
	if (cp < 0x10000 && !(zc_simplify_bmp[cp >> 3] >> (cp & 7) & 1))
		return cp;   /* no pair: most characters asked, in 8 KB */
	return look_up_pair(zc_simplify_pairs, zc_simplify_count, cp);
}

uint32_t
zc_traditional_tw_char(uint32_t cp)
{
	return look_up_pair(zc_traditional_pairs, zc_traditional_count, cp);
}

size_t
zc_simplify_table(const uint32_t (**pairs)[2])
{
	*pairs = zc_simplify_pairs;
	return zc_simplify_count;
}

size_t
zc_traditional_table(const uint32_t (**pairs)[2])
{
	*pairs = zc_traditional_pairs;
	return zc_traditional_count;
}

static int
compare_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
zc_is_hk_form(uint32_t cp)
{
	return bsearch(&cp, zc_hk_forms, zc_hk_form_count, sizeof *zc_hk_forms,
	               compare_cp) != NULL;
}
