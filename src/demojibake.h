/*
 * demojibake.h - the steps of demojibake that are not repairs but opt-in
 * normalisation (internal, not installed).
 */
#ifndef ZC_DEMOJIBAKE_H
#define ZC_DEMOJIBAKE_H

#include <stddef.h>

#include "zhclean.h"
#include "mojibake.h"

/* --punct: ASCII , : ; ! ? between Han characters, and ( ) around text with
 * Han characters, become their full-width forms (demojibake-norm.c). Returns
 * the number of changes or a negative ZC_E* code. */
int zc_fullwidth_punct(const char *text, size_t len, zc_buf *out,
                       zc_repair_cb cb, void *cb_arg);

/* --nbsp: U+00A0 becomes a space (demojibake-norm.c). */
int zc_nbsp_to_space(const char *text, size_t len, zc_buf *out,
                     zc_repair_cb cb, void *cb_arg);

/* --nfc, --nfkc through utf8proc; invalid bytes pass (demojibake-norm.c). */
int zc_unicode_normalize(const char *text, size_t len, enum zc_demojibake_norm form,
                         zc_buf *out, zc_repair_cb cb, void *cb_arg);

#endif /* ZC_DEMOJIBAKE_H */
