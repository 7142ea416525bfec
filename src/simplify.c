/*
 * simplify.c - one character, traditional to simplified, by OpenCC's
 * character table (generated at build time into simplify-table.c). Used to
 * look traditional text up in simplified data while printing the original.
 */
#include "zhclean.h"

extern const uint32_t zc_simplify_pairs[][2];
extern const unsigned long zc_simplify_count;
extern const unsigned char zc_simplify_bmp[0x10000 / 8];

uint32_t
zc_simplify_char(uint32_t cp)
{
	const uint32_t (*at)[2] = zc_simplify_pairs;
	unsigned long n = zc_simplify_count, half;

	if (cp < 0x3400 || n == 0)   /* below CJK: nothing to simplify */
		return cp;
	if (cp < 0x10000 && !(zc_simplify_bmp[cp >> 3] >> (cp & 7) & 1))
		return cp;   /* no pair: most characters asked, in 8 KB */
	/* The last pair whose key is <= cp (or the first), halving without
	 * a branch to mispredict: demojibake asks this millions of times. */
	while (n > 1) {
		half = n / 2;
		at = at[half][0] <= cp ? at + half : at;
		n -= half;
	}
	return at[0][0] == cp ? at[0][1] : cp;
}
