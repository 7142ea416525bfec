/*
 * opencc-text.c - the key characters of an OpenCC dictionary in text form
 * (KEY TAB CANDIDATES a line). Shared by t2s, for configs with text
 * dictionaries, and by gen-keychars at build time; needs no OpenCC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opencc-keychars.h"

int
zc_opencc_text_key_chars(const char *path, void (*mark)(void *arg, uint32_t cp),
                         void *arg)
{
	char *line = NULL, *tab;
	size_t cap = 0, i, n, step;
	ssize_t got;
	uint32_t cp;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while ((got = getline(&line, &cap, fp)) > 0) {
		tab = memchr(line, '\t', (size_t)got);
		n = tab ? (size_t)(tab - line) : 0;
		for (i = 0; i < n; i += step) {
			step = zc_utf8_decode(line + i, n - i, &cp);
			if (cp != ZC_INVALID)
				mark(arg, cp);
		}
	}
	free(line);
	fclose(fp);
	return 1;
}
