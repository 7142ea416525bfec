/*
 * mojibake.h - repair of encoding mix-ups inside one line of UTF-8
 * (internal, not installed): UTF-8 read as GBK (古文码), UTF-8 read as
 * Latin-1/Windows-1252 (符号码, also doubled, and Latin-script cafÃ©),
 * GBK read as Latin-1/Windows-1252 (拼音码), Big5 read as GBK and back,
 * 锟斤拷, 烫烫烫/屯屯屯, U+FFFD runs, shifted GBK bytes.
 */
#ifndef ZC_MOJIBAKE_H
#define ZC_MOJIBAKE_H

#include <stddef.h>
#include "zhclean.h"
#include "charmodel.h"

/* Called once per change: offset is the byte offset in the input line of
 * the replaced span; class_name names the kind of damage (e.g. "utf8-as-gbk"). */
typedef void (*zc_repair_cb)(void *arg, size_t offset, const char *before,
                             size_t before_len, const char *after,
                             size_t after_len, const char *class_name);

/* Repair one line (without its line end) and append the result to out.
 * With no damage the text is appended unchanged. Returns the number of
 * changes or a negative ZC_E* code. cb may be NULL. */
int zc_mojibake_repair(const zc_charmodel *m, const char *text, size_t len,
                       zc_buf *out, zc_repair_cb cb, void *cb_arg);

/* Whether cp is an unlikely character in text (rare Han, kana, a symbol)
 * that GBK or Big5 has: Big5 read as GBK and back makes such characters
 * and little the suspicion classes catch. */
int zc_mojibake_unlikely(const zc_charmodel *m, uint32_t cp);
/* Whether unlikely b, gap non-ASCII characters after unlikely a, makes the
 * line worth repairing: close enough, and when next to each other never
 * seen together (a swap makes such pairs, text makes words). */
int zc_mojibake_unlikely_near(const zc_charmodel *m, uint32_t a, uint32_t b,
                              size_t gap);
#define ZC_UNLIKELY_GAP 2

#endif /* ZC_MOJIBAKE_H */
