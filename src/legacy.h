/*
 * legacy.h - detection of whole inputs in a legacy encoding (internal,
 * not installed).
 */
#ifndef ZC_LEGACY_H
#define ZC_LEGACY_H

#include <stddef.h>

#include "charmodel.h"

/* Name the encoding of a document from its first len bytes (or all of
 * it): an iconv name ("GB18030", "BIG5" or "CP950", "UTF-16LE",
 * "UTF-16BE", "UTF-16") or NULL for UTF-8, possibly damaged. A character
 * cut by the end is no error either way. model scores the candidate readings; NULL opens one for this call (slow:
 * a filter that sees many documents passes its own). */
const char *zc_legacy_detect(const zc_charmodel *model, const char *head,
                             size_t len);

#endif /* ZC_LEGACY_H */
