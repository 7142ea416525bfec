/*
 * qmarks.h - characters a codec could not encode and wrote as '?'
 * (internal, not installed): lost paragraph indentation, lone '?' lines,
 * a lost copyright sign.
 */
#ifndef ZC_QMARKS_H
#define ZC_QMARKS_H

#include <stddef.h>

#include "zhclean.h"
#include "mojibake.h"

/* The most '?' taken for lost indentation (two or four U+3000 are usual). */
#define ZC_QMARKS_MAX_INDENT 8

/*
 * Repair one line (or piece: at_start says whether text starts the line,
 * whole whether it is all of it) and append it to out. Returns the number
 * of changes or a negative ZC_E* code.
 */
int zc_qmarks_repair(const char *text, size_t len, int at_start, int whole,
                     zc_buf *out, zc_repair_cb cb, void *cb_arg);

#endif /* ZC_QMARKS_H */
