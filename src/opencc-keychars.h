/* opencc-keychars.h - the characters in the keys of OpenCC's dictionaries,
 * generated at build time (gen-keychars.c). */
#ifndef ZC_OPENCC_KEYCHARS_H
#define ZC_OPENCC_KEYCHARS_H

#include <stddef.h>
#include <stdint.h>

#include "zhclean.h"

struct zc_keychar_dict {
	const char *file;            /* base name, e.g. "TSCharacters.ocd2" */
	long long size;              /* its size in bytes when generated */
	const uint32_t (*ranges)[2]; /* inclusive ranges, ending in {0, 0} */
};

extern const struct zc_keychar_dict zc_keychar_dicts[];

/* Call mark for every character in the keys of the text-form dictionary
 * at path (opencc-text.c). Returns 1, or 0 if the file cannot be read. */
int zc_opencc_text_key_chars(const char *path, void (*mark)(void *arg, uint32_t cp),
                             void *arg);

#endif
