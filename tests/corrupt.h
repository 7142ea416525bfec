/*
 * corrupt.h - make encoding damage out of clean text with iconv, the way a
 * misconfigured scraper does, for the demojibake test suites.
 */
#ifndef ZC_TEST_CORRUPT_H
#define ZC_TEST_CORRUPT_H

#include <stddef.h>

/* Convert s[0..n) from `from` to `to`. Bytes `from` cannot decode become
 * `bad` ('?' like most codecs; -1 drops them, like Windows-1252 decoders
 * drop the bytes they leave undefined); characters `to` cannot encode make
 * the call fail. Returns a malloc'd NUL-terminated string (length in *out_len)
 * or NULL. */
char *corrupt_convert(const char *s, size_t n, const char *from, const char *to,
                      int bad, size_t *out_len);

/* UTF-8 text as it looks after its bytes in encoding `enc` were decoded as
 * `wrong` (both iconv names); NULL if text is not encodable in enc. */
char *corrupt_misread(const char *text, const char *enc, const char *wrong, int bad);

#endif
