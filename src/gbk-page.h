/*
 * gbk-page.h - pages of UTF-8 read as GBK (古文码) as a whole (internal,
 * not installed): what each line says of its page, and the repair of the
 * short runs and symbols the line-by-line repair (mojibake.c) cannot judge
 * alone.
 */
#ifndef ZC_GBK_PAGE_H
#define ZC_GBK_PAGE_H

#include <stddef.h>

#include "zhclean.h"
#include "charmodel.h"
#include "mojibake.h"

/* What a line says of its page. */
enum zc_gbk_evidence {
	ZC_GBK_SAYS_NOTHING,
	ZC_GBK_CLEAN,       /* a run of Chinese that no reading as UTF-8 explains */
	ZC_GBK_MISREAD,     /* a long run whose GBK bytes are valid UTF-8 */
	ZC_GBK_SHORT_RUN    /* only a short such run: a page that is misread
	                       would have it repaired */
};
enum zc_gbk_evidence zc_gbk_line_evidence(const zc_charmodel *m, const char *text,
                                          size_t len);

/*
 * For a line or page known to be misread: replace each run of characters
 * whose GBK bytes are valid UTF-8 that reads as the damage (Chinese the
 * model prefers, Latin-1 symbols beside no Chinese, letters in a Latin
 * word) by that UTF-8, and append the line to out. The nskip byte ranges
 * skip[2k]..skip[2k+1] (ascending) are text an earlier repair wrote and are
 * left as they are. Returns the number of changes or a negative ZC_E* code.
 */
int zc_gbk_reread(const zc_charmodel *m, const char *text, size_t len,
                  const size_t *skip, size_t nskip, zc_buf *out,
                  zc_repair_cb cb, void *cb_arg);

#endif /* ZC_GBK_PAGE_H */
