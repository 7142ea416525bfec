/*
 * simplify.c - one character, traditional to simplified, by OpenCC's
 * character table (generated at build time into simplify-table.c). Used to
 * look traditional text up in simplified data while printing the original.
 */
#include "zhclean.h"

extern const uint32_t zc_simplify_pairs[][2];
extern const unsigned long zc_simplify_count;

uint32_t
zc_simplify_char(uint32_t cp)
{
	unsigned long lo = 0, hi = zc_simplify_count, mid;

	if (cp < 0x3400)   /* below CJK: nothing to simplify */
		return cp;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (zc_simplify_pairs[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < zc_simplify_count && zc_simplify_pairs[lo][0] == cp)
		return zc_simplify_pairs[lo][1];
	return cp;
}
