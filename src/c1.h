/*
 * c1.h - C1 control characters read back as Windows-1252 (internal, not
 * installed).
 */
#ifndef ZC_C1_H
#define ZC_C1_H

#include <stddef.h>

#include "zhclean.h"
#include "mojibake.h"

/* Whether text holds a C1 control (U+0080-U+009F). */
int zc_c1_maybe(const char *text, size_t len);

/* Append text to out with each C1 control whose byte Windows-1252 defines
 * replaced by that character (U+0093 as “, U+0085 as …); the five bytes
 * Windows-1252 leaves undefined stay. Returns the number of changes or a
 * negative ZC_E* code. */
int zc_c1_repair(const char *text, size_t len, zc_buf *out, zc_repair_cb cb,
                 void *cb_arg);

#endif /* ZC_C1_H */
