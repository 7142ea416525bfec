/*
 * misread-page.h - pages of UTF-8 read as GBK (古文码) or Windows-1252
 * (符号码) as a whole (internal, not installed): what each line says of its
 * page, and the repair of the short runs and symbols the line-by-line
 * repair (mojibake.c) cannot judge alone.
 */
#ifndef ZC_MISREAD_PAGE_H
#define ZC_MISREAD_PAGE_H

#include <stddef.h>

#include "zhclean.h"
#include "charmodel.h"
#include "mojibake.h"

/* The code page UTF-8 was read with (Windows-1252 includes Latin-1). */
enum zc_misread { ZC_MISREAD_GBK, ZC_MISREAD_CP1252, ZC_MISREADS };

/* What a line says of its page. */
enum zc_page_evidence {
	ZC_PAGE_SAYS_NOTHING,
	ZC_PAGE_CLEAN,       /* a run of Chinese that no misreading explains */
	ZC_PAGE_MISREAD,     /* a long run whose bytes are valid UTF-8 */
	ZC_PAGE_SHORT_RUN    /* only a short such run: a page that is misread
	                        would have it repaired */
};
enum zc_page_evidence zc_misread_evidence(const zc_charmodel *m, enum zc_misread how,
                                          const char *text, size_t len);

/*
 * For a line or page known to be misread with code page how: replace each
 * run of characters whose bytes are valid UTF-8 that reads as the damage
 * (Chinese the model prefers, symbols beside no Chinese, letters in a Latin
 * word) by that UTF-8, and append the line to out. The nskip byte ranges
 * skip[2k]..skip[2k+1] (ascending) are text an earlier repair wrote and are
 * left as they are. On a line alone (whole_page 0) a run is looked for only
 * at the start, after ASCII and after those ranges, where what the repair
 * left stands. Returns the number of changes or a negative ZC_E* code.
 */
int zc_misread_reread(const zc_charmodel *m, enum zc_misread how, int whole_page,
                      const char *text, size_t len, const size_t *skip, size_t nskip,
                      zc_buf *out, zc_repair_cb cb, void *cb_arg);

#endif /* ZC_MISREAD_PAGE_H */
