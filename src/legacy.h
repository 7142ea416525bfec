/*
 * legacy.h - detection of whole inputs, and of lines of a UTF-8 input, in
 * a legacy encoding (internal, not installed).
 */
#ifndef ZC_LEGACY_H
#define ZC_LEGACY_H

#include <iconv.h>
#include <stddef.h>

#include "charmodel.h"
#include "zhclean.h"

/* The encodings the detection reads (candidates, EUC-JP), at most. */
#define ZC_LEGACY_DECODERS 8

/* What the detection works with: the model that scores the readings, and
 * iconv's decoders to UTF-8, each opened the first time it is needed and
 * kept (iconv_open reads gconv's files: with a line of GBK in a UTF-8
 * document read anew each time, half of them took 13 s for 20 MB). */
typedef struct zc_legacy_reader {
	const zc_charmodel *model;   /* NULL: one is opened when needed */
	zc_charmodel *opened;
	const char *from[ZC_LEGACY_DECODERS];
	iconv_t cd[ZC_LEGACY_DECODERS];
} zc_legacy_reader;

void zc_legacy_reader_init(zc_legacy_reader *r, const zc_charmodel *model);
void zc_legacy_reader_free(zc_legacy_reader *r);

/* Name the encoding of a document from its first len bytes (or all of
 * it): an iconv name ("GB18030", "CP950", "UTF-16LE", "UTF-16BE",
 * "UTF-16") or NULL for UTF-8, possibly damaged. A character cut by the
 * end is no error either way. */
const char *zc_legacy_reader_detect(zc_legacy_reader *r, const char *head, size_t len);
/* The same with a reader of its own, for one call (slow: a filter that
 * sees many documents keeps a reader). */
const char *zc_legacy_detect(const zc_charmodel *model, const char *head, size_t len);

/* A line of a UTF-8 document in GBK or Big5 (a page joined from sources in
 * two encodings, a field stored in the other one): when text holds bytes
 * that are not UTF-8 and the line alone, or its part between UTF-8 before
 * and after (来源： + GBK), reads as GBK or Big5 text (see
 * LINE_INVALID_SHARE and what follows it in legacy.c), decodes it into out
 * (the UTF-8 around it as it is), names the encoding in *enc and returns
 * 1; else 0 (out untouched), or an error. */
int zc_legacy_reader_line(zc_legacy_reader *r, const char *text, size_t len, zc_buf *out,
                          const char **enc);

#endif /* ZC_LEGACY_H */
