/*
 * entities.h - HTML character references left in extracted text
 * (internal, not installed).
 */
#ifndef ZC_ENTITIES_H
#define ZC_ENTITIES_H

#include <stddef.h>

#include "zhclean.h"
#include "mojibake.h"

/* The code point a reference at text[0..len) stands for ("&nbsp;",
 * "&#20013;", "&#x4e2d;"; the ";" is required) and its length in *used;
 * 0 if text does not start with one. */
uint32_t zc_entity_decode(const char *text, size_t len, size_t *used);

/* The character Windows-1252 has at the byte a C1 control (U+0080 to
 * U+009F) stands for; 0 for the five bytes it leaves undefined and for
 * anything else. */
uint32_t zc_windows1252_c1(uint32_t c1);

/* Decode every reference in one line, appending to out. Returns the
 * number of references decoded or a negative ZC_E* code. */
int zc_entities_repair(const char *text, size_t len, zc_buf *out,
                       zc_repair_cb cb, void *cb_arg);

#endif /* ZC_ENTITIES_H */
